//! Small proleptic-Gregorian calendar arithmetic: days from the civil
//! date, weekdays, ISO weeks, month lengths.

/// A calendar day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Date {
    /// Year.
    pub y: i32,
    /// Month, 1-12.
    pub m: u32,
    /// Day, 1-31.
    pub d: u32,
}

/// Whether `y` is a leap year.
pub fn is_leap(y: i32) -> bool {
    (y % 4 == 0 && y % 100 != 0) || y % 400 == 0
}

/// Days in month `m` of year `y`.
pub fn month_len(y: i32, m: u32) -> u32 {
    match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap(y) => 29,
        _ => 28,
    }
}

impl Date {
    /// A valid date, or None.
    pub fn new(y: i32, m: u32, d: u32) -> Option<Date> {
        ((1..=12).contains(&m) && d >= 1 && d <= month_len(y, m)).then_some(Date { y, m, d })
    }

    /// Days since 1970-01-01 (Howard Hinnant's algorithm).
    pub fn days(self) -> i64 {
        let y = i64::from(self.y) - i64::from(self.m <= 2);
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let m = i64::from(self.m);
        let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(self.d) - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }

    /// The date `z` days after 1970-01-01.
    pub fn from_days(z: i64) -> Date {
        let z = z + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let y = yoe + era * 400;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
        let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
        Date {
            y: (y + i64::from(m <= 2)) as i32,
            m,
            d,
        }
    }

    /// This date plus `n` days.
    pub fn add_days(self, n: i64) -> Date {
        Date::from_days(self.days() + n)
    }

    /// ISO weekday: Monday 1 .. Sunday 7.
    pub fn weekday(self) -> u32 {
        // 1970-01-01 was a Thursday (4).
        ((self.days() + 3).rem_euclid(7) + 1) as u32
    }

    /// ISO week-numbering year and week.
    pub fn iso_week(self) -> (i32, u32) {
        let thursday = self.add_days(4 - i64::from(self.weekday()));
        let jan1 = Date {
            y: thursday.y,
            m: 1,
            d: 1,
        };
        let week = (thursday.days() - jan1.days()) / 7 + 1;
        (thursday.y, week as u32)
    }

    /// "2024-W08".
    pub fn week_value(self) -> String {
        let (y, w) = self.iso_week();
        format!("{}-W{:02}", year_str(y), w)
    }

    /// "2024-02-19".
    pub fn day_value(self) -> String {
        format!("{}-{:02}-{:02}", year_str(self.y), self.m, self.d)
    }

    /// The first day of the month `n` months after this date's month.
    pub fn add_months(self, n: i64) -> (i32, u32) {
        let idx = i64::from(self.y) * 12 + i64::from(self.m) - 1 + n;
        (idx.div_euclid(12) as i32, (idx.rem_euclid(12) + 1) as u32)
    }
}

/// A year as four digits (TimeML has no negative years).
pub fn year_str(y: i32) -> String {
    format!("{:04}", y.clamp(0, 9999))
}

/// Parses the start of an ISO date or date-time ("2024-02-15", "2024-02-15T10:00Z").
pub fn parse_iso(s: &str) -> Option<Date> {
    let b = s.trim().as_bytes();
    if b.len() < 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let num = |r: std::ops::Range<usize>| -> Option<u32> {
        let mut v = 0u32;
        for &c in &b[r] {
            if !c.is_ascii_digit() {
                return None;
            }
            v = v * 10 + u32::from(c - b'0');
        }
        Some(v)
    };
    Date::new(num(0..4)? as i32, num(5..7)?, num(8..10)?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_and_weekdays() {
        for z in -800_000..800_000i64 {
            if z % 997 != 0 {
                continue;
            }
            assert_eq!(Date::from_days(z).days(), z);
        }
        let d = Date::new(2024, 2, 15).unwrap();
        assert_eq!(d.weekday(), 4);
        assert_eq!(d.week_value(), "2024-W07");
        assert_eq!(d.add_days(7).week_value(), "2024-W08");
        assert_eq!(Date::new(2021, 1, 3).unwrap().iso_week(), (2020, 53));
        assert_eq!(Date::new(2024, 12, 30).unwrap().iso_week(), (2025, 1));
        assert_eq!(d.add_days(14).day_value(), "2024-02-29");
        assert_eq!(d.add_months(-3), (2023, 11));
    }
}
