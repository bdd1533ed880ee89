//! ISO 8601 date values (as the timex layer writes them) as day ranges, to
//! compare, intersect and join the dates events are given.

/// A closed range of days, as days since 1970-01-01.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DayRange {
    /// First day.
    pub first: i64,
    /// Last day.
    pub last: i64,
}

impl DayRange {
    /// True when the ranges share a day.
    pub fn overlaps(self, o: DayRange) -> bool {
        self.first <= o.last && o.first <= self.last
    }

    /// True when `o` lies within `self`.
    pub fn contains(self, o: DayRange) -> bool {
        self.first <= o.first && o.last <= self.last
    }

    /// Number of days covered.
    pub fn len(self) -> i64 {
        self.last - self.first + 1
    }
}

/// Days since 1970-01-01 of a proleptic Gregorian date.
pub fn days_from_civil(y: i64, m: u32, d: u32) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = if y >= 0 { y } else { y - 399 } / 400;
    let yoe = y - era * 400;
    let m = m as i64;
    let doy = (153 * (m + if m > 2 { -3 } else { 9 }) + 2) / 5 + d as i64 - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146097 + doe - 719468
}

/// The date of a day number, as "YYYY-MM-DD".
pub fn civil_from_days(z: i64) -> String {
    let z = z + 719468;
    let era = if z >= 0 { z } else { z - 146096 } / 146097;
    let doe = z - era * 146097;
    let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = if m <= 2 { y + 1 } else { y };
    format!("{y:04}-{m:02}-{d:02}")
}

fn days_in_month(y: i64, m: u32) -> u32 {
    match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        _ if (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 => 29,
        _ => 28,
    }
}

fn num(s: &str) -> Option<i64> {
    (!s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()))
        .then(|| s.parse().ok())
        .flatten()
}

/// The days an ISO value covers: "2024", "2024-02", "2024-02-19",
/// "2024-W08", "2024-Q1", "2024-02-19T10:00", intervals "a/b". Vague or
/// unanchored values ("PRESENT_REF", "XXXX-02-19", "P5D") give None.
pub fn range(value: &str) -> Option<DayRange> {
    if let Some((a, b)) = value.split_once('/') {
        let (a, b) = (range(a)?, range(b)?);
        return (a.first <= b.last).then_some(DayRange {
            first: a.first,
            last: b.last,
        });
    }
    let v = value.split('T').next()?;
    let parts: Vec<&str> = v.split('-').collect();
    let y = num(parts.first()?).filter(|_| parts[0].len() == 4)?;
    match parts.as_slice() {
        [_] => Some(DayRange {
            first: days_from_civil(y, 1, 1),
            last: days_from_civil(y, 12, 31),
        }),
        [_, w] if w.starts_with('W') => {
            let w = num(&w[1..])?;
            if !(1..=53).contains(&w) {
                return None;
            }
            // ISO week 1 holds January 4th.
            let jan4 = days_from_civil(y, 1, 4);
            let weekday = (jan4 + 3).rem_euclid(7); // 0 = Monday
            let first = jan4 - weekday + (w - 1) * 7;
            Some(DayRange {
                first,
                last: first + 6,
            })
        }
        [_, q] if q.starts_with('Q') => {
            let q = num(&q[1..])? as u32;
            if !(1..=4).contains(&q) {
                return None;
            }
            let (m1, m2) = (q * 3 - 2, q * 3);
            Some(DayRange {
                first: days_from_civil(y, m1, 1),
                last: days_from_civil(y, m2, days_in_month(y, m2)),
            })
        }
        [_, m] => {
            let m = num(m)? as u32;
            if !(1..=12).contains(&m) {
                return None;
            }
            Some(DayRange {
                first: days_from_civil(y, m, 1),
                last: days_from_civil(y, m, days_in_month(y, m)),
            })
        }
        [_, m, d] => {
            let (m, d) = (num(m)? as u32, num(d)? as u32);
            if !(1..=12).contains(&m) || d == 0 || d > days_in_month(y, m) {
                return None;
            }
            let day = days_from_civil(y, m, d);
            Some(DayRange {
                first: day,
                last: day,
            })
        }
        _ => None,
    }
}

/// The ISO value of a day range: a day, or "first/last".
pub fn value_of(r: DayRange) -> String {
    if r.first == r.last {
        civil_from_days(r.first)
    } else {
        format!("{}/{}", civil_from_days(r.first), civil_from_days(r.last))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_to_ranges() {
        let d = |s| range(s).unwrap();
        assert_eq!(d("2024-02-19").len(), 1);
        assert_eq!(d("2024-02").len(), 29);
        assert_eq!(d("2023").len(), 365);
        assert_eq!(value_of(d("2024-W08")), "2024-02-19/2024-02-25");
        assert_eq!(value_of(d("2024-Q1")), "2024-01-01/2024-03-31");
        assert_eq!(
            value_of(d("2024-02-21/2024-02-22")),
            "2024-02-21/2024-02-22"
        );
        assert!(d("2024-W08").contains(d("2024-02-19")));
        assert!(d("2024-02-21/2024-02-22").overlaps(d("2024-02-22/2024-02-23")));
        assert!(!d("2023").overlaps(d("2024-02")));
        assert_eq!(value_of(d("2020-W01")), "2019-12-30/2020-01-05");
        for bad in [
            "PRESENT_REF",
            "XXXX-02-19",
            "P5D",
            "2024-13",
            "2024-02-30",
            "",
            "2024-W60",
        ] {
            assert!(range(bad).is_none(), "{bad}");
        }
        assert_eq!(civil_from_days(days_from_civil(1999, 12, 31)), "1999-12-31");
    }
}
