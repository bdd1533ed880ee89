//! Photo captions: a paragraph that ends in a photo credit, either a
//! parenthetical ("(Hector Vivas/Getty Images)", "(AP Photo/Jane Doe)") or a
//! labelled credit ("Photo: Jane Doe/Reuters", "Credit: ...").

use super::lexicon::{CAPTION_CUES, CREDIT_LABELS, PHOTO_AGENCIES};
use super::text::{has_any_word, has_word, is_capitalized, needles};

/// Where a caption's parts lie, as byte ranges of the (trimmed) line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct CaptionParts {
    /// The caption proper, credit excluded.
    pub caption: (usize, usize),
    /// The credit.
    pub credit: (usize, usize),
}

/// Longest credit parenthetical looked at.
const MAX_CREDIT: usize = 160;
/// Longest caption taken with a "Person/Outlet" credit and no other sign.
const MAX_PLAIN_CAPTION: usize = 300;
/// Longest line taken as a credit by itself.
const MAX_CREDIT_LINE: usize = 80;
/// Longest paragraph taken for a caption.
pub(super) const MAX_CAPTION: usize = 900;

/// Lower-case words a credit may hold besides names.
const CREDIT_SMALL_WORDS: &[&str] = &[
    "via",
    "for",
    "of",
    "the",
    "and",
    "de",
    "del",
    "da",
    "do",
    "dos",
    "van",
    "von",
    "der",
    "den",
    "le",
    "la",
    "al",
    "el",
    "bin",
    "ibn",
    "y",
    "e",
    "dpa",
    "iStock",
    "iStockphoto",
    "courtesy",
    "photo",
    "photos",
    "file",
    "pool",
    "handout",
    "staff",
    "by",
    "images",
    "news",
    "agency",
];

/// Position markers of people in a photo: "(L)", "(2nd R)", "(left)".
fn has_position_marker(s: &str) -> bool {
    let mut rest = s;
    while let Some(i) = rest.find('(') {
        let after = &rest[i + 1..];
        let Some(j) = after.find(')') else { break };
        let inner = after[..j].trim();
        if inner.len() <= 12 {
            let lower = inner.to_ascii_lowercase();
            let last = lower.rsplit([' ', '-']).next().unwrap_or("");
            if matches!(
                last,
                "l" | "r"
                    | "c"
                    | "left"
                    | "right"
                    | "center"
                    | "centre"
                    | "front"
                    | "back"
                    | "top"
                    | "bottom"
            ) {
                return true;
            }
        }
        rest = &after[j..];
    }
    false
}

/// Signs that a text describes a photo: a present-tense scene verb, a
/// position marker, "file photo".
fn caption_evidence(before: &str) -> bool {
    has_position_marker(before) || has_any_word(before, CAPTION_CUES)
}

/// The credit text without a leading label, with its offset in `inner`.
fn strip_label(inner: &str) -> (bool, usize) {
    let bytes = inner.as_bytes();
    for label in CREDIT_LABELS {
        let n = label.len();
        if bytes.len() <= n || !bytes[..n].eq_ignore_ascii_case(label.as_bytes()) {
            continue;
        }
        let rest = &inner[n..];
        let skip = if label.ends_with(" of") && rest.starts_with(' ') {
            1
        } else if let Some(sep) = [":", " : ", " by ", "...", "…"]
            .iter()
            .find(|sep| rest.starts_with(**sep))
        {
            sep.len()
        } else {
            continue;
        };
        let at = n + skip;
        let ws = inner[at..].len() - inner[at..].trim_start().len();
        return (true, at + ws);
    }
    (false, 0)
}

/// True when each part of a credit reads as a name or an agency.
fn name_like(credit: &str) -> bool {
    let mut words = 0;
    for w in credit.split(|c: char| c.is_whitespace() || c == '/' || c == ',' || c == ';') {
        let w = w.trim_matches(|c: char| !c.is_alphanumeric());
        if w.is_empty() {
            continue;
        }
        words += 1;
        if !is_capitalized(w)
            && !w.chars().next().is_some_and(|c| c.is_ascii_digit())
            && !CREDIT_SMALL_WORDS.contains(&w)
        {
            return false;
        }
    }
    (1..=14).contains(&words)
}

/// True when an agency from the list occurs in `credit` as a whole word.
fn has_agency(credit: &str) -> bool {
    PHOTO_AGENCIES.iter().any(|a| has_word(credit, a))
}

/// A person's name: two to four capitalized words.
fn person_like(segment: &str) -> bool {
    let n = segment.split_whitespace().count();
    (2..=4).contains(&n) && segment.split_whitespace().all(is_capitalized)
}

/// Judges a parenthetical's inside as a credit. Returns the credit's range
/// inside `inner`.
fn judge_credit(inner: &str, before: &str) -> Option<(usize, usize)> {
    let (labelled, at) = strip_label(inner);
    let credit = inner[at..].trim_end();
    if credit.is_empty() || !name_like(credit) {
        return None;
    }
    let range = (at, at + credit.len());
    if labelled {
        return Some(range);
    }
    let slash = credit.contains('/');
    let via = has_word(credit, "via");
    if has_agency(credit) {
        if slash || via || credit.starts_with("AP Photo") || credit.contains("Getty") {
            return Some(range);
        }
        // A lone agency name: "(Reuters)" closes captions, rarely body text.
        return caption_evidence(before).then_some(range);
    }
    if slash {
        let first = credit.split('/').next().unwrap_or("").trim();
        // "(Jabin Botsford/The Daily Paper)": a person and an outlet.
        if person_like(first) && (caption_evidence(before) || before.len() <= MAX_PLAIN_CAPTION) {
            return Some(range);
        }
    }
    None
}

/// The text after a line's label ("Image source, Getty Images" gives the
/// range of "Getty Images"), when the line starts with `label` and a comma
/// or colon.
pub(super) fn labelled_line(line: &str, label: &str) -> Option<(usize, usize)> {
    let rest = line.strip_prefix(label)?;
    let rest2 = rest.strip_prefix([',', ':'])?;
    let body = rest2.trim();
    if body.is_empty() || line.len() > MAX_CAPTION {
        return None;
    }
    let at = line.len() - rest2.len() + (rest2.len() - rest2.trim_start().len());
    Some((at, at + body.len()))
}

/// Finds a caption's credit in a trimmed paragraph.
pub(super) fn find_caption(line: &str) -> Option<CaptionParts> {
    if line.len() > MAX_CAPTION || line.len() < 8 {
        return None;
    }
    // Parenthetical credit at the end, maybe followed by a period.
    let t = line.strip_suffix('.').unwrap_or(line).trim_end();
    if let Some(closer) = t.chars().next_back().filter(|c| matches!(c, ')' | ']')) {
        let opener = if closer == ')' { b'(' } else { b'[' };
        let closer = closer as u8;
        let close = t.len() - 1;
        let lo = close.saturating_sub(MAX_CREDIT);
        let mut depth = 0usize;
        let mut open = None;
        for (i, b) in t.as_bytes()[lo..close].iter().enumerate().rev() {
            if *b == closer {
                depth += 1;
            } else if *b == opener {
                if depth == 0 {
                    open = Some(lo + i);
                    break;
                }
                depth -= 1;
            }
        }
        let open = open?;
        let inner_raw = &t[open + 1..close];
        let lead = inner_raw.len() - inner_raw.trim_start().len();
        let inner = inner_raw.trim();
        // An empty `before` is a credit line of its own: "(AP Photo/Jane Doe)".
        let before = line[..open].trim_end();
        let (a, b) = judge_credit(inner, before)?;
        let base = open + 1 + lead;
        return Some(CaptionParts {
            caption: (0, before.len()),
            credit: (base + a, base + b),
        });
    }
    labelled_credit(line)
        .or_else(|| agency_tail(line))
        .or_else(|| credit_line(line))
}

/// A line that is only a credit: "AFP via Getty Images", "Jane Doe/AP".
fn credit_line(line: &str) -> Option<CaptionParts> {
    let t = line.trim_end_matches('.');
    if t.len() > MAX_CREDIT_LINE {
        return None;
    }
    let shaped =
        t.contains('/') || has_word(t, "via") || t.contains("Getty") || t.starts_with("AP Photo");
    (shaped && name_like(t) && has_agency(t)).then_some(CaptionParts {
        caption: (0, 0),
        credit: (0, t.len()),
    })
}

/// Agencies that sign captions in capitals after the caption's last
/// sentence: "... on May 1, 2023. REUTERS/Jane Doe/File Photo".
const CAPS_AGENCIES: &[&str] = &[
    "REUTERS",
    "AFP PHOTO",
    "AFP",
    "EPA-EFE",
    "EPA",
    "AP PHOTO",
    "XINHUA",
    "ANADOLU",
    "SPUTNIK",
    "TASS",
    "KCNA",
    "POOL",
    "HANDOUT",
];

/// Longest capitals credit looked at.
const MAX_CAPS_CREDIT: usize = 100;

fn agency_tail(line: &str) -> Option<CaptionParts> {
    let t = line.trim_end().trim_end_matches('.');
    let from = super::text::floor_boundary(t, t.len().saturating_sub(MAX_CAPS_CREDIT));
    let tail = &t[from..];
    if memchr::memchr(b'/', tail.as_bytes()).is_none() && !tail.ends_with("Getty Images") {
        return None;
    }
    for agency in CAPS_AGENCIES {
        let Some(i) = tail.rfind(agency) else {
            continue;
        };
        let abs = from + i;
        if !t[abs + agency.len()..].trim_start().starts_with('/') {
            continue;
        }
        let prefix = line[..abs].trim_end();
        if !prefix.ends_with(['.', '!', '?', '”', '"', '’']) {
            continue;
        }
        if !name_like(&t[abs..]) {
            continue;
        }
        return Some(CaptionParts {
            caption: (0, prefix.len()),
            credit: (abs, t.len()),
        });
    }
    // "... in Caracas. Jane Doe/AFP via Getty Images": a last "sentence"
    // that is a credit.
    let cut = tail
        .rmatch_indices(['.', '!', '?', '”'])
        .map(|(i, m)| from + i + m.len())
        .find(|&e| t[e..].starts_with(' '));
    if let Some(cut) = cut {
        let segment = t[cut..].trim();
        let prefix = t[..cut].trim_end();
        let creditish =
            segment.contains('/') || has_word(segment, "via") || segment.contains("Getty");
        if creditish
            && segment.starts_with(|c: char| c.is_alphabetic())
            && segment.split_whitespace().count() <= 10
            && name_like(segment)
            && has_agency(segment)
        {
            let at = t.len() - segment.len();
            return Some(CaptionParts {
                caption: (0, prefix.len()),
                credit: (at, t.len()),
            });
        }
    }
    unpunctuated_credit(t, from)
}

/// "... on Feb. 7, 2020 Jane Doe/Xinhua via Getty Images": no parentheses
/// and no period; the credit starts at the name before the first '/'.
fn unpunctuated_credit(t: &str, from: usize) -> Option<CaptionParts> {
    let tail = &t[from..];
    let words: Vec<(usize, &str)> = tail
        .split(' ')
        .scan(0usize, |pos, w| {
            let at = *pos;
            *pos += w.len() + 1;
            Some((from + at, w))
        })
        .filter(|(_, w)| !w.is_empty())
        .collect();
    let k = words.iter().position(|(_, w)| w.contains('/'))?;
    let (slash_at, slash_word) = words[k];
    let left = slash_word.split('/').next().unwrap_or("");
    let mut start = if has_agency(left) {
        k
    } else {
        k.checked_sub(1)?
    };
    if start > 0 && start < k {
        let prev = words[start - 1].1;
        if prev.len() <= 3 && prev.ends_with('.') && is_capitalized(prev) {
            start -= 1;
        }
    }
    let at = if start == k { slash_at } else { words[start].0 };
    let credit = &t[at..];
    let names_ok = words[start..k]
        .iter()
        .all(|(_, w)| is_capitalized(w) && !w.ends_with(','));
    let prefix = t[..at].trim_end();
    if !names_ok || prefix.chars().count() < 20 || !name_like(credit) || !has_agency(credit) {
        return None;
    }
    Some(CaptionParts {
        caption: (0, prefix.len()),
        credit: (at, t.len()),
    })
}

/// "... on Tuesday. Photo: Jane Doe/Reuters" or a line "Photo: ...".
/// Looks only at the ':' and " by " of the line's end, and at the word
/// before each.
fn labelled_credit(line: &str) -> Option<CaptionParts> {
    let from = super::text::floor_boundary(line, line.len().saturating_sub(MAX_CREDIT));
    let tail = &line.as_bytes()[from..];
    let mut ends: Vec<(usize, usize)> = memchr::memchr_iter(b':', tail)
        .map(|i| (from + i, from + i + 1))
        .chain(
            needles::by()
                .find_iter(tail)
                .map(|i| (from + i, from + i + 4)),
        )
        .chain(
            needles::dots()
                .find_iter(tail)
                .map(|i| (from + i, from + i + 3)),
        )
        .chain(
            needles::ellipsis()
                .find_iter(tail)
                .map(|i| (from + i, from + i + 3)),
        )
        .collect();
    ends.sort_unstable();
    for (label_end, credit_start) in ends {
        let before = line[..label_end].trim_end();
        let Some(label) = CREDIT_LABELS.iter().find(|l| {
            before.len() >= l.len()
                && before.as_bytes()[before.len() - l.len()..].eq_ignore_ascii_case(l.as_bytes())
        }) else {
            continue;
        };
        let abs = before.len() - label.len();
        if !line.is_char_boundary(abs) {
            continue;
        }
        let prefix = line[..abs].trim_end();
        let opens = prefix.is_empty()
            || prefix.ends_with(['.', '!', '?', '|', '”', '"', '—', '–', ')'])
            || prefix.ends_with(" -");
        if !opens || abs > 0 && !line[..abs].ends_with(' ') {
            continue;
        }
        let credit = line[credit_start..].trim().trim_end_matches('.');
        if credit.is_empty() || credit.len() > 120 || !name_like(credit) {
            continue;
        }
        let lead = line[credit_start..].len() - line[credit_start..].trim_start().len();
        let at = credit_start + lead;
        let cap = prefix.trim_end_matches(['|', '—', '–', '-']).trim_end();
        return Some(CaptionParts {
            caption: (0, cap.len()),
            credit: (at, at + credit.len()),
        });
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn credit(line: &str) -> Option<&str> {
        find_caption(line).map(|p| &line[p.credit.0..p.credit.1])
    }

    fn caption(line: &str) -> Option<&str> {
        find_caption(line).map(|p| &line[p.caption.0..p.caption.1])
    }

    #[test]
    fn parenthetical_credits() {
        let l = "A man poses in Lima on May 1, 2019 (Jane Roe/Getty Images).";
        assert_eq!(credit(l), Some("Jane Roe/Getty Images"));
        assert_eq!(caption(l), Some("A man poses in Lima on May 1, 2019"));
        assert_eq!(
            credit("Firefighters work at the scene. (AP Photo/John Smith)"),
            Some("AP Photo/John Smith")
        );
        assert_eq!(
            credit("The minister (L) meets his counterpart (Photo: Ann Lee/Reuters)"),
            Some("Ann Lee/Reuters")
        );
        assert_eq!(
            credit("Crowds gather (Kim Li/Xinhua/Bo Chen via Getty Images)."),
            Some("Kim Li/Xinhua/Bo Chen via Getty Images")
        );
    }

    #[test]
    fn labelled_credits() {
        let l = "Protesters march in the capital on Sunday. Photo: Ana Ruiz/AFP";
        assert_eq!(credit(l), Some("Ana Ruiz/AFP"));
        assert_eq!(
            caption(l),
            Some("Protesters march in the capital on Sunday.")
        );
        assert_eq!(credit("Credit: Tom Bell/Reuters"), Some("Tom Bell/Reuters"));
        let l =
            "A boy plays in the snow in Kyiv, Ukraine, January 9, 2024. REUTERS/Ann Lee/File Photo";
        assert_eq!(credit(l), Some("REUTERS/Ann Lee/File Photo"));
        assert_eq!(
            caption(l),
            Some("A boy plays in the snow in Kyiv, Ukraine, January 9, 2024.")
        );
    }

    #[test]
    fn not_credits() {
        assert_eq!(
            credit("The law was passed by the assembly (Duma/Federation Council)."),
            None
        );
        assert_eq!(
            credit("He met the head of the agency (who declined to comment)."),
            None
        );
        assert_eq!(
            credit("Talks involved the World Health Organization (WHO)."),
            None
        );
        assert_eq!(credit("The company said profits rose (see chart)."), None);
    }
}
