//! ISO 8601 date values (as the timex layer writes them) as day ranges, to
//! compare, intersect and join the dates events are given.

use crate::stages::timex::calendar::{iso_weeks_in_year, month_len, Date};

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

    /// True when the range covers no day (last before first).
    pub fn is_empty(self) -> bool {
        self.last < self.first
    }
}

/// Days since 1970-01-01 of a valid date of years 1-9999.
fn day(y: i64, m: u32, d: u32) -> Option<i64> {
    Some(Date::new(i32::try_from(y).ok()?, m, d)?.days())
}

/// The date of a day number, as "YYYY-MM-DD".
pub fn civil_from_days(z: i64) -> String {
    Date::from_days(z).day_value()
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
    // Years 1-9999 only: a year 0 or a week or day the year lacks names
    // no days.
    let y = num(parts.first()?).filter(|&y| parts[0].len() == 4 && y >= 1)?;
    let days = |m1: u32, d1: u32, m2: u32, d2: u32| -> Option<DayRange> {
        Some(DayRange {
            first: day(y, m1, d1)?,
            last: day(y, m2, d2)?,
        })
    };
    match parts.as_slice() {
        [_] => days(1, 1, 12, 31),
        [_, w] if w.starts_with('W') => {
            let w = num(&w[1..])?;
            if w < 1 || w > i64::from(iso_weeks_in_year(y as i32)) {
                return None;
            }
            // ISO week 1 holds January 4th.
            let jan4 = day(y, 1, 4)?;
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
            days(m1, 1, m2, month_len(y as i32, m2))
        }
        [_, m] => {
            let m = u32::try_from(num(m)?).ok()?;
            days(m, 1, m, month_len(y as i32, m))
        }
        [_, m, d] => {
            let (m, d) = (u32::try_from(num(m)?).ok()?, u32::try_from(num(d)?).ok()?);
            days(m, d, m, d)
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
        assert_eq!(civil_from_days(day(1999, 12, 31).unwrap()), "1999-12-31");
        // No year 0, no 53rd week in a 52-week year, no February 29 in 2023.
        for bad in [
            "0000",
            "0000-01-01",
            "0000-W01",
            "2021-W53",
            "2023-02-29",
            "2024-00",
        ] {
            assert!(range(bad).is_none(), "{bad}");
        }
        assert_eq!(value_of(d("2020-W53")), "2020-12-28/2021-01-03");
    }
}
