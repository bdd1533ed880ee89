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
    /// A valid date of years 1-9999 (the years a four-digit ISO value can
    /// write; there is no year 0), or None.
    pub fn new(y: i32, m: u32, d: u32) -> Option<Date> {
        ((1..=9999).contains(&y) && (1..=12).contains(&m) && d >= 1 && d <= month_len(y, m))
            .then_some(Date { y, m, d })
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

/// Number of ISO weeks (52 or 53) in ISO week-numbering year `y`.
pub fn iso_weeks_in_year(y: i32) -> u32 {
    // December 28th always lies in the year's last week.
    Date { y, m: 12, d: 28 }.iso_week().1
}

/// Whether a TimeML value the timex stage wrote names only days that
/// exist: every calendar part of it ("2023-02-29", "2024-W54", "0000",
/// "2024-Q5", the ends of an interval "a/b", which must also be in order)
/// is checked; vague values, durations and shapes it does not know pass.
pub fn valid_value(value: &str) -> bool {
    match value.split_once('/') {
        Some((a, b)) => {
            valid_point(a)
                && valid_point(b)
                && !(is_day(a) && is_day(b) && a.as_bytes()[..10] > b.as_bytes()[..10])
        }
        None => valid_point(value),
    }
}

/// "YYYY-MM-DD..." with a written year.
fn is_day(v: &str) -> bool {
    let b = v.as_bytes();
    b.len() >= 10 && b[..4].iter().all(u8::is_ascii_digit) && b[4] == b'-' && b[7] == b'-'
}

fn valid_point(v: &str) -> bool {
    // Durations ("P3D") and references ("PRESENT_REF") name no calendar day.
    if v.starts_with('P') {
        return true;
    }
    let date = v.split('T').next().unwrap_or(v);
    let mut parts = date.split('-');
    let year = parts.next().unwrap_or("");
    // An unknown year ("XXXX") checks the rest against a leap year.
    let y = if year == "XXXX" {
        None
    } else if year.len() == 4 && year.bytes().all(|b| b.is_ascii_digit()) {
        match year.parse::<i32>() {
            Ok(0) | Err(_) => return false,
            Ok(y) => Some(y),
        }
    } else {
        // Decades, centuries and unknown shapes.
        return true;
    };
    let num = |s: &str| -> Option<u32> {
        (!s.is_empty() && s.bytes().all(|b| b.is_ascii_digit())).then(|| s.parse().ok())?
    };
    let second = parts.next();
    let third = parts.next();
    match (second, third) {
        (None, _) => true,
        // Weeks ("W08", "WXX"), not winter ("WI").
        (Some(w), rest) if w.len() == 3 && w.starts_with('W') && w != "WI" => {
            let week_ok = match (num(&w[1..]), y) {
                (Some(n), Some(y)) => n >= 1 && n <= iso_weeks_in_year(y),
                (Some(n), None) => (1..=53).contains(&n),
                (None, _) => &w[1..] == "XX",
            };
            week_ok
                && rest.is_none_or(|d| d == "WE" || num(d).is_some_and(|d| (1..=7).contains(&d)))
        }
        (Some(q), None) if q.starts_with('Q') => num(&q[1..]).is_some_and(|q| (1..=4).contains(&q)),
        (Some(h), None) if h.starts_with('H') => num(&h[1..]).is_some_and(|h| (1..=2).contains(&h)),
        (Some(m), None) => match num(m) {
            Some(m) => (1..=12).contains(&m),
            // seasons ("SU"), "XX"
            None => true,
        },
        (Some(m), Some(d)) => match (num(m), num(d)) {
            (Some(m), Some(d)) => Date::new(y.unwrap_or(2000), m, d).is_some(),
            _ => true,
        },
    }
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

    #[test]
    fn impossible_values_are_invalid() {
        for good in [
            "2024-02-29",
            "XXXX-02-29",
            "2024-02-21/2024-02-22",
            "2020-W53",
            "2024-W08-WE",
            "XXXX-WXX-1",
            "2024-Q4",
            "2024-H2",
            "2024-SU",
            "2024-WI",
            "XXXX-WI",
            "2024-02-15T10:00",
            "201",
            "P5D",
            "PRESENT_REF",
            "2024",
        ] {
            assert!(valid_value(good), "{good}");
        }
        for bad in [
            "2023-02-29",
            "2024-02-30",
            "XXXX-02-30",
            "2024-04-31",
            "2024-02-30/2024-02-31",
            "2024-13",
            "0000",
            "0000-01-01",
            "2021-W53",
            "2024-W00",
            "2024-Q5",
            "2024-H3",
            "2024-03-02/2024-02-28",
            "2023-02-29T10:00",
        ] {
            assert!(!valid_value(bad), "{bad}");
        }
        assert_eq!(iso_weeks_in_year(2020), 53);
        assert_eq!(iso_weeks_in_year(2021), 52);
        assert!(Date::new(0, 1, 1).is_none() && parse_iso("0000-01-01").is_none());
    }
}
