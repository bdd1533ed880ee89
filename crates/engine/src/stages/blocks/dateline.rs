//! Datelines: "MOSCOW (Reuters) - ...", "CARACAS, Venezuela (AP) — ...",
//! "LONDON, Feb 14 (Reuters) -", "CHITA, February 7. /TASS/.", a bare
//! "ANKARA" line, "Washington (CNN) —".

use super::date::parse_month_day;
use super::lexicon::DATELINE_AGENCIES;
use super::text::floor_boundary;
use regex::Regex;

/// Where a dateline's parts lie, as byte ranges of the line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct DatelineParts {
    pub whole: (usize, usize),
    pub place: (usize, usize),
    pub agency: Option<(usize, usize)>,
    /// ISO date, when the dateline has a day and the year is known.
    pub date: Option<String>,
    /// Capitals alone: no agency, dash, region or date.
    pub bare: bool,
}

/// Words in capitals that open lines but are not places.
const NOT_PLACES: &[&str] = &[
    "UPDATE",
    "UPDATED",
    "BREAKING",
    "EXCLUSIVE",
    "WATCH",
    "VIDEO",
    "PHOTOS",
    "PHOTO",
    "LIVE",
    "OPINION",
    "ANALYSIS",
    "NEWS",
    "EDITORIAL",
    "COMMENT",
    "FILE",
    "ADVERTISEMENT",
    "NOTE",
    "EDITOR",
    "EDITORS",
    "CORRECTION",
    "WARNING",
    "READ",
    "MORE",
    "RELATED",
    "SPONSORED",
    "FACT",
    "CHECK",
    "NEW",
    "ALERT",
    "URGENT",
    "FLASH",
    "REVIEW",
    "INTERVIEW",
    "PODCAST",
    "Q",
    "A",
    "I",
    "OK",
    "TV",
    "CEO",
    "US",
    "UK",
    "EU",
    "UN",
    "NATO",
    "THE",
];

/// The compiled dateline patterns.
#[derive(Debug)]
pub(super) struct DatelineRules {
    caps: Regex,
    caps_alone: Regex,
    titled: Regex,
    agency_only: Regex,
}

/// Bytes of a paragraph's start searched for a dateline.
const HEAD: usize = 220;

impl DatelineRules {
    pub fn new() -> DatelineRules {
        let date = r"(?P<date>(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?\s+\d{1,2}(?:,?\s+\d{4})?)";
        let word_caps = r"\p{Lu}[\p{Lu}\p{M}.'’\-]+";
        let word_any = r"\p{Lu}[\p{L}\p{M}.'’\-]*";
        let region = format!(r"(?:,\s+{word_any}(?:\s+(?:{word_any}|of|de|del|la|du))*)");
        let agency = r"(?:\((?P<agency>[^()\n]{2,40})\)|/(?P<agency2>[^/\n]{2,30})/)";
        let dash = r#"(?P<dash>—|–|--?|"\?)"#;
        let dash2 = r#"(?P<dash2>—|–|--?|"\?)"#;
        let place = format!(r"(?P<place>{word_caps}(?:\s+{word_caps}){{0,3}}{region}{{0,2}})");
        let caps = format!(r"^{place}(?:,\s+{date})?\.?\s*(?:{agency}\.?\s*{dash}?|{dash2})");
        let caps_alone = format!(r"^{place}(?:,\s+{date})?\.?\s*{agency}?\s*{dash}?\s*$");
        let word_title = r"\p{Lu}[\p{Ll}\p{M}.'’\-]+";
        let titled = format!(
            r"^(?P<place>{word_title}(?:\s+{word_title}){{0,2}}{region}{{0,2}})(?:,\s+{date})?\s*\((?P<agency>[^()\n]{{2,20}})\)\s*{dash}?"
        );
        DatelineRules {
            caps: Regex::new(&caps).expect("dateline pattern"),
            caps_alone: Regex::new(&caps_alone).expect("standalone dateline pattern"),
            titled: Regex::new(&titled).expect("titled dateline pattern"),
            agency_only: Regex::new(r"^\((?P<agency>[A-Za-z]{2,12})\)\s*(?:—|–|--?)\s")
                .expect("agency-only dateline pattern"),
        }
    }

    /// "(Reuters) - ...": an agency and a dash with no place. The place
    /// span is empty.
    fn agency_only(&self, line: &str) -> Option<DatelineParts> {
        let c = self
            .agency_only
            .captures(&line[..floor_boundary(line, 40)])?;
        let a = c.name("agency")?;
        if !DATELINE_AGENCIES.contains(&a.as_str()) {
            return None;
        }
        let end = c.get(0)?.as_str().trim_end().len();
        Some(DatelineParts {
            whole: (0, end),
            place: (0, 0),
            agency: Some((a.start(), a.end())),
            date: None,
            bare: false,
        })
    }

    /// A dateline opening `line`. `standalone` asks for one that is the
    /// whole line. `year` completes dates written without one.
    pub fn find(&self, line: &str, standalone: bool, year: Option<i32>) -> Option<DatelineParts> {
        let b = line.as_bytes();
        if b.first() == Some(&b'(') && !standalone {
            return self.agency_only(line);
        }
        if b.len() < 2 || !line.starts_with(|c: char| c.is_uppercase()) {
            return None;
        }
        let head = &line[..floor_boundary(line, HEAD)];
        let second_upper = line
            .chars()
            .nth(1)
            .is_some_and(|c| c.is_uppercase() || c == '.');
        let caps = if second_upper && standalone {
            self.caps_alone.captures(head)
        } else if second_upper {
            self.caps.captures(head)
        } else {
            None
        };
        let (c, titled) = match caps {
            Some(c) => (c, false),
            None if head.contains('(') => (self.titled.captures(head)?, true),
            None => return None,
        };
        let place = c.name("place")?;
        let agency = c.name("agency").or(c.name("agency2"));
        let dash = c.name("dash").or(c.name("dash2"));
        if agency.is_none() && dash.is_none() && !standalone {
            return None;
        }
        if let Some(a) = agency {
            let name = a.as_str().trim();
            let known = DATELINE_AGENCIES
                .iter()
                .any(|k| name.eq_ignore_ascii_case(k));
            if titled && !known {
                return None;
            }
            if !titled
                && !known
                && (name.split_whitespace().count() > 3
                    || !name.starts_with(|c: char| c.is_uppercase()))
            {
                return None;
            }
        }
        let first_word = place.as_str().split([' ', ',']).next().unwrap_or("");
        if NOT_PLACES.contains(&first_word.trim_end_matches('.')) && agency.is_none() {
            return None;
        }
        let whole = c.get(0)?;
        let end = whole.as_str().trim_end().len() + whole.start();
        if standalone && line[end..].trim() != "" {
            return None;
        }
        if !standalone {
            // Something must follow the dateline: the story.
            let rest = line[end..].trim_start();
            if rest.is_empty()
                || !rest.starts_with(|c: char| c.is_alphanumeric() || "\"“'‘".contains(c))
            {
                return None;
            }
        }
        let date = c.name("date").and_then(|d| {
            let md = parse_month_day(d.as_str())?;
            md.iso_with_year(year)
        });
        let place_text = place.as_str().trim_end_matches([',', '.']);
        let bare = agency.is_none()
            && dash.is_none()
            && c.name("date").is_none()
            && !place_text.contains(',');
        Some(DatelineParts {
            whole: (0, end),
            place: (place.start(), place.start() + place_text.len()),
            agency: agency.map(|a| (a.start(), a.end())),
            date,
            bare,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dl(line: &str) -> Option<(String, Option<String>, Option<String>)> {
        let p = DatelineRules::new().find(line, false, Some(2024))?;
        Some((
            line[p.place.0..p.place.1].to_string(),
            p.agency.map(|a| line[a.0..a.1].to_string()),
            p.date,
        ))
    }

    #[test]
    fn prefixes() {
        assert_eq!(
            dl("MOSCOW (Reuters) - Russia said"),
            Some(("MOSCOW".into(), Some("Reuters".into()), None))
        );
        assert_eq!(
            dl("CARACAS, Venezuela (AP) — The"),
            Some(("CARACAS, Venezuela".into(), Some("AP".into()), None))
        );
        assert_eq!(
            dl("LONDON, Feb 14 (Reuters) - Shares"),
            Some((
                "LONDON".into(),
                Some("Reuters".into()),
                Some("2024-02-14".into())
            ))
        );
        assert_eq!(
            dl("CHITA, February 7. /TASS/. The region"),
            Some((
                "CHITA".into(),
                Some("TASS".into()),
                Some("2024-02-07".into())
            ))
        );
        assert_eq!(
            dl("Washington (CNN) — The"),
            Some(("Washington".into(), Some("CNN".into()), None))
        );
        assert_eq!(
            dl("WASHINGTON — Lawmakers"),
            Some(("WASHINGTON".into(), None, None))
        );
    }

    #[test]
    fn not_datelines() {
        assert_eq!(dl("NATO said on Tuesday"), None);
        assert_eq!(dl("Nancy Pelosi (D-Calif.) said"), None);
        assert_eq!(dl("UPDATE - the story"), None);
        assert_eq!(dl("The US (and its allies) - agreed"), None);
        let r = DatelineRules::new();
        assert!(r.find("ANKARA", true, None).is_some());
        assert!(r.find("KYIV, Ukraine —", true, None).is_some());
        assert!(r.find("ANKARA", false, None).is_none());
        assert!(r.find("BREAKING", true, None).is_none());
    }
}
