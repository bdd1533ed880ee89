//! Validation of publication dates: an ISO 8601 calendar date or date-time
//! with real calendar values.

/// The earliest year a publication date may have. ISO 8601 admits years
/// before 1583 (the first full year of the Gregorian calendar) only by
/// agreement between the parties, and the first printed newspapers came
/// later still, so an earlier "publication date" is an error in the input,
/// and one that would push relative dates ("last year") into year 0.
pub const MIN_YEAR: u32 = 1583;

/// The latest year a publication date may have: four-digit ISO years.
pub const MAX_YEAR: u32 = 9999;

/// Why a publication date was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum DateError {
    /// Not of the shape `YYYY-MM-DD` with an optional time.
    #[error("{0:?} is not an ISO 8601 date (YYYY-MM-DD, optionally with a time)")]
    NotIso(String),
    /// A year outside [`MIN_YEAR`]..=[`MAX_YEAR`].
    #[error("{value:?} has a year outside {MIN_YEAR}..={MAX_YEAR}")]
    YearOutOfRange {
        /// The value given.
        value: String,
    },
    /// A month or day the calendar does not have (2024-13-45, 2023-02-29).
    #[error("{0:?} is not a calendar date")]
    NoSuchDay(String),
    /// A time of day or zone offset out of range (25:00, +99:00).
    #[error("{0:?} has an invalid time of day")]
    BadTime(String),
}

/// Checks a publication date and returns it without surrounding blanks.
///
/// Accepted: `YYYY-MM-DD`, optionally followed by `T` (or a space) and
/// `hh:mm`, `hh:mm:ss` or `hh:mm:ss.fraction`, optionally followed by `Z`
/// or an offset `±hh`, `±hhmm`, `±hh:mm`. The year lies in
/// [`MIN_YEAR`]..=[`MAX_YEAR`] and the day exists in the (Gregorian)
/// calendar.
///
/// # Errors
/// [`DateError`] saying what is wrong.
pub fn validate_published(value: &str) -> Result<&str, DateError> {
    let s = value.trim();
    let b = s.as_bytes();
    let year_len = b.iter().take_while(|c| c.is_ascii_digit()).count();
    if year_len > 4 && b.get(year_len) == Some(&b'-') {
        return Err(DateError::YearOutOfRange { value: s.into() });
    }
    let not_iso = || DateError::NotIso(s.into());
    if b.len() < 10 || year_len != 4 || b[4] != b'-' || b[7] != b'-' {
        return Err(not_iso());
    }
    let (y, m, d) = (
        number(&b[0..4]).ok_or_else(not_iso)?,
        number(&b[5..7]).ok_or_else(not_iso)?,
        number(&b[8..10]).ok_or_else(not_iso)?,
    );
    if !(MIN_YEAR..=MAX_YEAR).contains(&y) {
        return Err(DateError::YearOutOfRange { value: s.into() });
    }
    if !(1..=12).contains(&m) || d == 0 || d > days_in_month(y, m) {
        return Err(DateError::NoSuchDay(s.into()));
    }
    match b.get(10) {
        None => Ok(s),
        Some(b'T' | b't' | b' ') => match time_of_day(&b[11..]) {
            Some(true) => Ok(s),
            Some(false) => Err(DateError::BadTime(s.into())),
            None => Err(not_iso()),
        },
        Some(_) => Err(not_iso()),
    }
}

/// `Some(true)` for a valid time (and zone), `Some(false)` for one of the
/// right shape with values out of range, `None` for another shape.
fn time_of_day(b: &[u8]) -> Option<bool> {
    let (h, rest) = two_digits(b)?;
    let rest = rest.strip_prefix(b":")?;
    let (min, mut rest) = two_digits(rest)?;
    let mut in_range = h <= 23 && min <= 59;
    if let Some(r) = rest.strip_prefix(b":") {
        let (sec, r) = two_digits(r)?;
        // 60 is a leap second.
        in_range &= sec <= 60;
        rest = r;
        if let Some(r) = rest.strip_prefix(b".").or_else(|| rest.strip_prefix(b",")) {
            let digits = r.iter().take_while(|c| c.is_ascii_digit()).count();
            if digits == 0 {
                return None;
            }
            rest = &r[digits..];
        }
    }
    Some(in_range & zone(rest)?)
}

/// Like [`time_of_day`] for the zone designator after the time.
fn zone(b: &[u8]) -> Option<bool> {
    match b {
        [] | [b'Z' | b'z'] => Some(true),
        [b'+' | b'-', rest @ ..] => {
            let (h, rest) = two_digits(rest)?;
            let m = match rest {
                [] => 0,
                [b':', minutes @ ..] | minutes => match two_digits(minutes)? {
                    (m, []) => m,
                    _ => return None,
                },
            };
            Some(h <= 23 && m <= 59)
        }
        _ => None,
    }
}

fn two_digits(b: &[u8]) -> Option<(u32, &[u8])> {
    let v = number(b.get(..2)?)?;
    Some((v, &b[2..]))
}

fn number(digits: &[u8]) -> Option<u32> {
    digits.iter().try_fold(0u32, |v, &c| {
        c.is_ascii_digit().then(|| v * 10 + u32::from(c - b'0'))
    })
}

fn days_in_month(y: u32, m: u32) -> u32 {
    match m {
        2 if y % 4 == 0 && (y % 100 != 0 || y % 400 == 0) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn real_dates_and_date_times_pass() {
        for ok in [
            "2024-02-15",
            " 2024-02-29 ",
            "2000-02-29",
            "1583-01-01",
            "9999-12-31",
            "2024-02-15T10:30",
            "2024-02-15T10:30:59Z",
            "2024-02-15 23:59:60.123+05:30",
            "2024-02-15T00:00:00,5-0800",
            "2024-02-15t10:30+01",
        ] {
            assert_eq!(validate_published(ok), Ok(ok.trim()), "{ok}");
        }
    }

    #[test]
    fn every_prefix_is_judged_without_panicking() {
        let full = "2024-02-29T23:59:60.5+05:30";
        for end in 0..=full.len() {
            let ok = validate_published(&full[..end]).is_ok();
            // Complete at the date, the minutes, the seconds, the fraction, the zone.
            assert_eq!(
                ok,
                [10, 16, 19, 21, 24, 27].contains(&end),
                "{}",
                &full[..end]
            );
        }
    }

    #[test]
    fn invalid_dates_say_why() {
        let err = |s: &str| validate_published(s).unwrap_err();
        assert!(matches!(err("not a date"), DateError::NotIso(_)));
        assert!(matches!(err("2024-13-45"), DateError::NoSuchDay(_)));
        assert!(matches!(err("2024-02-30"), DateError::NoSuchDay(_)));
        assert!(matches!(err("2023-02-29"), DateError::NoSuchDay(_)));
        assert!(matches!(err("1900-02-29"), DateError::NoSuchDay(_)));
        assert!(matches!(err("2024-04-31"), DateError::NoSuchDay(_)));
        assert!(matches!(err("2024-01-00"), DateError::NoSuchDay(_)));
        assert!(matches!(
            err("99999-01-01"),
            DateError::YearOutOfRange { .. }
        ));
        assert!(matches!(
            err("0000-01-01"),
            DateError::YearOutOfRange { .. }
        ));
        assert!(matches!(
            err("1582-12-31"),
            DateError::YearOutOfRange { .. }
        ));
        assert!(matches!(err("2024-02-15T25:00"), DateError::BadTime(_)));
        assert!(matches!(
            err("2024-02-15T10:30+99:00"),
            DateError::BadTime(_)
        ));
        for shape in [
            "",
            "2024-02",
            "2024/02/15",
            "20240215",
            "-2024-02-15",
            "2024-02-15junk",
            "2024-02-15T10",
            "2024-02-15T10:30:",
            "2024-02-15T10:30:00.",
            "2024-02-15T10:30+1",
            "2024-02-15T10:30+01:0",
            "２０２４-02-15",
        ] {
            assert!(matches!(err(shape), DateError::NotIso(_)), "{shape}");
        }
        assert_eq!(
            err("2024-02-30").to_string(),
            "\"2024-02-30\" is not a calendar date"
        );
    }
}
