//! A small month-name date reader for post signatures and datelines:
//! "February 14, 2024", "Feb. 14 2024", "14 February 2024", "Sept 3".

/// Month names and abbreviations (lower case), with their numbers.
const MONTHS: &[(&str, u32)] = &[
    ("january", 1),
    ("jan", 1),
    ("february", 2),
    ("feb", 2),
    ("march", 3),
    ("mar", 3),
    ("april", 4),
    ("apr", 4),
    ("may", 5),
    ("june", 6),
    ("jun", 6),
    ("july", 7),
    ("jul", 7),
    ("august", 8),
    ("aug", 8),
    ("september", 9),
    ("sept", 9),
    ("sep", 9),
    ("october", 10),
    ("oct", 10),
    ("november", 11),
    ("nov", 11),
    ("december", 12),
    ("dec", 12),
];

/// The month a word names ("Feb", "Feb.", "FEBRUARY"), if any.
pub fn month_number(word: &str) -> Option<u32> {
    let w = word.trim_end_matches('.');
    if w.len() < 3 || w.len() > 9 || !w.is_ascii() {
        return None;
    }
    MONTHS
        .iter()
        .find(|(name, _)| name.eq_ignore_ascii_case(w))
        .map(|&(_, n)| n)
}

/// A date read from the start of a text: month, day and, when written, year.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MonthDay {
    /// 1..=12.
    pub month: u32,
    /// 1..=31.
    pub day: u32,
    /// The year, when the text gives one.
    pub year: Option<i32>,
    /// Bytes of the text the date takes.
    pub len: usize,
}

impl MonthDay {
    /// ISO 8601 form, when the year is known.
    pub fn iso(&self) -> Option<String> {
        self.year
            .map(|y| format!("{y:04}-{:02}-{:02}", self.month, self.day))
    }

    /// ISO form with the year taken from `year` when the date has none.
    pub fn iso_with_year(&self, year: Option<i32>) -> Option<String> {
        let y = self.year.or(year)?;
        Some(format!("{y:04}-{:02}-{:02}", self.month, self.day))
    }
}

fn days_in_month(month: u32) -> u32 {
    match month {
        2 => 29,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Splits off a leading run of ASCII digits.
fn digits(s: &str) -> (&str, &str) {
    let n = s.bytes().take_while(u8::is_ascii_digit).count();
    s.split_at(n)
}

/// Splits off a leading word of ASCII letters, with a period after it.
fn word(s: &str) -> (&str, &str) {
    let n = s.bytes().take_while(u8::is_ascii_alphabetic).count();
    let n = if s[n..].starts_with('.') && n > 0 {
        n + 1
    } else {
        n
    };
    s.split_at(n)
}

fn year_at(s: &str) -> Option<(i32, usize)> {
    let (d, rest) = digits(s);
    if d.len() != 4 || rest.starts_with(|c: char| c.is_alphanumeric()) {
        return None;
    }
    let y: i32 = d.parse().ok()?;
    (1900..=2100).contains(&y).then_some((y, 4))
}

/// Reads "Month D[, YYYY]" or "D Month[ YYYY]" at the start of `s`.
pub fn parse_month_day(s: &str) -> Option<MonthDay> {
    let (w, rest) = word(s);
    if let Some(month) = month_number(w) {
        let sp = rest.len() - rest.trim_start().len();
        if sp == 0 {
            return None;
        }
        let rest = &rest[sp..];
        let (d, after) = digits(rest);
        if d.is_empty() || d.len() > 2 {
            return None;
        }
        // "February 14th"
        let suffix = ["st", "nd", "rd", "th"]
            .iter()
            .find(|x| after.starts_with(*x))
            .map_or(0, |x| x.len());
        let after = &after[suffix..];
        if after.starts_with(|c: char| c.is_alphanumeric()) {
            return None;
        }
        let day: u32 = d.parse().ok()?;
        if day == 0 || day > days_in_month(month) {
            return None;
        }
        let mut len = w.len() + sp + d.len() + suffix;
        let mut year = None;
        let tail = after.strip_prefix(',').unwrap_or(after);
        let gap = tail.len() - tail.trim_start().len();
        if gap > 0 || tail.len() != after.len() {
            if let Some((y, n)) = year_at(&tail[gap..]) {
                year = Some(y);
                len += (after.len() - tail.len()) + gap + n;
            }
        }
        return Some(MonthDay {
            month,
            day,
            year,
            len,
        });
    }
    // "14 February 2024"
    let (d, rest) = digits(s);
    if d.is_empty() || d.len() > 2 {
        return None;
    }
    let sp = rest.len() - rest.trim_start().len();
    if sp == 0 {
        return None;
    }
    let (w, after) = word(&rest[sp..]);
    let month = month_number(w)?;
    let day: u32 = d.parse().ok()?;
    if day == 0 || day > days_in_month(month) {
        return None;
    }
    let mut len = d.len() + sp + w.len();
    let mut year = None;
    let tail = after.strip_prefix(',').unwrap_or(after);
    let gap = tail.len() - tail.trim_start().len();
    if gap > 0 {
        if let Some((y, n)) = year_at(&tail[gap..]) {
            year = Some(y);
            len += (after.len() - tail.len()) + gap + n;
        }
    }
    Some(MonthDay {
        month,
        day,
        year,
        len,
    })
}

/// Reads a full date with its year anywhere at the start of `s` and gives
/// it as ISO 8601 ("2024-02-14").
pub fn parse_iso(s: &str) -> Option<String> {
    parse_month_day(s.trim_start())?.iso()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn month_first_and_day_first() {
        assert_eq!(
            parse_iso("February 14, 2024").as_deref(),
            Some("2024-02-14")
        );
        assert_eq!(parse_iso("Feb. 7, 2020").as_deref(), Some("2020-02-07"));
        assert_eq!(parse_iso("Sept 3 2023").as_deref(), Some("2023-09-03"));
        assert_eq!(parse_iso("14 February 2024").as_deref(), Some("2024-02-14"));
        assert_eq!(parse_iso("March 1st, 2022").as_deref(), Some("2022-03-01"));
        assert_eq!(
            parse_iso("DECEMBER 31, 1999").as_deref(),
            Some("1999-12-31")
        );
    }

    #[test]
    fn partial_and_invalid_dates() {
        let md = parse_month_day("Feb 14 (Reuters)").unwrap();
        assert_eq!((md.month, md.day, md.year, md.len), (2, 14, None, 6));
        assert_eq!(md.iso_with_year(Some(2024)).as_deref(), Some("2024-02-14"));
        assert_eq!(parse_month_day("February 30, 2024"), None);
        assert_eq!(parse_month_day("Marching 3"), None);
        assert_eq!(parse_month_day("May be"), None);
        assert_eq!(parse_month_day("12 monkeys"), None);
        assert_eq!(parse_iso("February 14, 24"), None);
    }

    #[test]
    fn length_covers_the_year() {
        let s = "February 14, 2024 at noon";
        let md = parse_month_day(s).unwrap();
        assert_eq!(&s[..md.len], "February 14, 2024");
    }
}
