//! Photo credits in captions and the details of embedded social posts.

use attache_doc::{SocialPost, Span};

use crate::content::SocialRaw;
use crate::date::normalize_date;

const CREDIT_LEADS: &[&str] = &[
    "photo by",
    "photos by",
    "photograph by",
    "image by",
    "picture by",
    "photo courtesy of",
    "courtesy of",
    "photo:",
    "photos:",
    "photograph:",
    "image:",
    "picture:",
    "credit:",
    "credits:",
    "image credit:",
    "photo credit:",
    "foto:",
    "bild:",
    "quelle:",
    "source:",
    "illustration:",
    "illustration by",
    "graphic:",
    "video:",
];

/// Removes a credit lead-in ("Photo:", "Credit:") and enclosing brackets
/// from `text[a..z]`, returning the narrowed range.
fn narrow(text: &str, mut a: usize, mut z: usize) -> (usize, usize) {
    loop {
        let s = &text[a..z];
        let t = s.trim_start();
        a += s.len() - t.len();
        let s = &text[a..z];
        let t = s.trim_end();
        z = a + t.len();
        let s = &text[a..z];
        if (s.starts_with('(') && s.ends_with(')')) || (s.starts_with('[') && s.ends_with(']')) {
            a += 1;
            z -= 1;
            continue;
        }
        let lower = s.to_lowercase();
        if lower.len() != s.len() {
            break;
        }
        if let Some(lead) = CREDIT_LEADS.iter().find(|l| lower.starts_with(*l)) {
            if lead.len() < s.len() {
                a += lead.len();
                continue;
            }
        }
        break;
    }
    (a, z)
}

fn trim_caption_end(text: &str, end: usize) -> usize {
    let s = text[..end].trim_end_matches(|c: char| {
        c.is_whitespace() || matches!(c, '|' | '—' | '–' | '(' | '[' | '/' | '·' | '-')
    });
    s.len()
}

/// Splits a caption block into caption and credit, as byte ranges of
/// `text`. `hint` is the text of an element marked as the credit.
#[allow(clippy::type_complexity)]
pub fn split_credit(text: &str, hint: Option<&str>) -> ((usize, usize), Option<(usize, usize)>) {
    let whole = (0, text.len());
    if let Some(h) = hint.filter(|h| !h.is_empty()) {
        if let Some(pos) = text.rfind(h) {
            let (a, z) = narrow(text, pos, pos + h.len());
            if a < z {
                if pos == 0 {
                    let rest = &text[pos + h.len()..];
                    let off = pos + h.len() + (rest.len() - rest.trim_start().len());
                    return ((off, text.len()), Some((a, z)));
                }
                return ((0, trim_caption_end(text, pos)), Some((a, z)));
            }
        }
    }
    // A closing parenthetical naming the source.
    if text.ends_with(')') {
        if let Some(open) = text.rfind('(') {
            let inner = &text[open + 1..text.len() - 1];
            let lower = inner.to_lowercase();
            let lead = CREDIT_LEADS.iter().any(|l| lower.starts_with(l));
            if lead || agency_like(inner) {
                let (a, z) = narrow(text, open, text.len());
                if a < z {
                    return ((0, trim_caption_end(text, open)), Some((a, z)));
                }
            }
        }
    }
    // "Photo: Jane Doe/AP" near the end.
    let lower = text.to_lowercase();
    if lower.len() == text.len() {
        let mut best: Option<usize> = None;
        for l in CREDIT_LEADS {
            if let Some(p) = lower.rfind(l) {
                let at_word = p == 0 || !lower.as_bytes()[p - 1].is_ascii_alphanumeric();
                if at_word && best.is_none_or(|b| p > b) {
                    best = Some(p);
                }
            }
        }
        if let Some(p) = best {
            if text.len() - p < 120 {
                let (a, z) = narrow(text, p, text.len());
                if a < z {
                    return ((0, trim_caption_end(text, p)), Some((a, z)));
                }
            }
        }
    }
    // A trailing "Name Surname/Agency".
    if let Some(slash) = text.rfind('/') {
        let after = &text[slash + 1..];
        if !after.is_empty()
            && after.len() < 40
            && after.trim_start().starts_with(char::is_uppercase)
            && !after.contains('.')
        {
            // Walk back over up to four capitalised words before the slash
            // ("Jane Doe/AP", "J. Scott Applewhite / AP file").
            let before = text[..slash].trim_end();
            let mut start = before.len();
            let mut words = 0;
            while words < 4 && start > 0 {
                let ws = before[..start].rfind(' ').map_or(0, |p| p + 1);
                let w = &before[ws..start];
                let cap = w.starts_with(char::is_uppercase);
                let initial = w.len() <= 3 && w.ends_with('.');
                if cap && (!w.ends_with('.') || initial) {
                    start = ws;
                    words += 1;
                    if ws == 0 {
                        break;
                    }
                    start = ws - 1;
                    continue;
                }
                // "2019.J." glued to the previous sentence.
                if let Some(dot) = w.rfind(". ").or_else(|| {
                    w.char_indices()
                        .find(|&(k, c)| c == '.' && w[k + 1..].starts_with(char::is_uppercase))
                        .map(|(k, _)| k)
                }) {
                    let rest = w[dot + 1..].trim_start();
                    if rest.starts_with(char::is_uppercase) {
                        start -= rest.len();
                        words += 1;
                    }
                }
                break;
            }
            if words > 0 {
                let a = text[start..]
                    .find(|c: char| !c.is_whitespace())
                    .map_or(start, |o| start + o);
                if a > 0 {
                    return ((0, trim_caption_end(text, a)), Some((a, text.len())));
                }
                return (whole, Some(whole));
            }
        }
    }
    (whole, None)
}

fn agency_like(s: &str) -> bool {
    const AGENCIES: &[&str] = &[
        "AP",
        "AFP",
        "Reuters",
        "Getty",
        "EPA",
        "Shutterstock",
        "Bloomberg",
        "Xinhua",
        "dpa",
        "ANP",
        "PA",
        "Alamy",
        "Sipa",
        "TASS",
        "Anadolu",
        "NurPhoto",
        "Imago",
        "Keystone",
    ];
    s.len() < 80
        && (s.contains('/')
            || AGENCIES
                .iter()
                .any(|a| s.split(|c: char| !c.is_alphanumeric()).any(|w| w == *a)))
}

/// Builds the social-post record of an embed block.
pub fn post(text: &str, span: Span, raw: &SocialRaw) -> SocialPost {
    let mut p = SocialPost {
        span,
        platform: if raw.platform.is_empty() {
            "unknown".into()
        } else {
            raw.platform.to_string()
        },
        ..Default::default()
    };
    // Handle: the "(@name)" of the signature, else the first "@name".
    let handle_at = text.find("(@").map(|i| i + 1).or_else(|| {
        text.char_indices()
            .find(|&(i, c)| c == '@' && (i == 0 || text[..i].ends_with(' ')))
            .map(|(i, _)| i)
    });
    if let Some(h) = handle_at {
        let name: String = text[h + 1..]
            .chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_' || *c == '.')
            .collect();
        let name = name.trim_end_matches('.');
        if !name.is_empty() {
            p.handle = Some(format!("@{name}"));
        }
        // Author: the words before "(@".
        if text[..h].ends_with('(') {
            let before = text[..h - 1].trim_end();
            let cut = [
                "— ",
                "– ",
                "shared by ",
                "Shared by ",
                "posted by ",
                "Posted by ",
                "- ",
            ]
            .iter()
            .filter_map(|m| before.rfind(m).map(|i| i + m.len()))
            .max();
            if let Some(c) = cut {
                let a = before[c..].trim();
                if !a.is_empty() && a.chars().count() <= 60 {
                    p.author = Some(a.to_string());
                }
            }
        }
    }
    // "Posted by NAME on DATE" (Facebook), "A post shared by NAME".
    if p.author.is_none() {
        for lead in [
            "Posted by ",
            "posted by ",
            "A post shared by ",
            "Shared by ",
        ] {
            if let Some(k) = text.rfind(lead) {
                let rest = &text[k + lead.len()..];
                let end = [" on ", " (", " · ", " | "]
                    .iter()
                    .filter_map(|m| rest.find(m))
                    .min()
                    .unwrap_or(rest.len());
                let name = rest[..end].trim();
                if !name.is_empty() && name.chars().count() <= 60 {
                    p.author = Some(name.to_string());
                }
                break;
            }
        }
    }
    p.date = raw
        .datetime
        .as_deref()
        .and_then(normalize_date)
        .or_else(|| normalize_date(&raw.last_link_text))
        .or_else(|| {
            // A date in the signature after the handle.
            let tail = handle_at.map_or("", |h| &text[h..]);
            normalize_date(tail)
        });
    // Hashtags.
    let mut prev = ' ';
    for (i, c) in text.char_indices() {
        if c == '#' && !prev.is_alphanumeric() && prev != '&' {
            let tag: String = text[i + 1..]
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            if !tag.is_empty()
                && !tag.chars().all(|c| c.is_ascii_digit())
                && !p.hashtags.contains(&tag)
            {
                p.hashtags.push(tag);
            }
        }
        prev = c;
    }
    for l in &raw.links {
        if !p.links.contains(l) {
            p.links.push(l.clone());
        }
    }
    p
}

#[cfg(test)]
mod tests {
    use super::split_credit;

    fn parts(t: &str) -> (String, Option<String>) {
        let (c, k) = split_credit(t, None);
        (t[c.0..c.1].to_string(), k.map(|k| t[k.0..k.1].to_string()))
    }

    #[test]
    fn credits() {
        assert_eq!(
            parts("Protesters gather in Caracas. (Photo: Jane Doe/AP)"),
            (
                "Protesters gather in Caracas.".into(),
                Some("Jane Doe/AP".into())
            )
        );
        assert_eq!(
            parts("The minister speaks in Moscow. Jane Doe/Getty Images"),
            (
                "The minister speaks in Moscow.".into(),
                Some("Jane Doe/Getty Images".into())
            )
        );
        assert_eq!(
            parts("A view of the port. Photo by John Smith"),
            ("A view of the port.".into(), Some("John Smith".into()))
        );
        assert_eq!(parts("Just a caption."), ("Just a caption.".into(), None));
        assert_eq!(
            parts("Lawmakers at the Capitol on July 25, 2019.J. Scott Applewhite / AP file"),
            (
                "Lawmakers at the Capitol on July 25, 2019.".into(),
                Some("J. Scott Applewhite / AP file".into())
            )
        );
        assert_eq!(parts("Getty/"), ("Getty/".into(), None));
        let t = "Crowds at the rally. Hector Vivas";
        let (c, k) = split_credit(t, Some("Hector Vivas"));
        assert_eq!(&t[c.0..c.1], "Crowds at the rally.");
        assert_eq!(&t[k.unwrap().0..k.unwrap().1], "Hector Vivas");
    }

    proptest::proptest! {
        #[test]
        fn split_credit_ranges_are_valid(s in "[A-Za-z .,/()é:-]{0,60}", hint in proptest::option::of("[A-Za-z /]{0,12}")) {
            let (c, k) = split_credit(&s, hint.as_deref());
            assert!(c.0 <= c.1 && c.1 <= s.len());
            assert!(s.is_char_boundary(c.0) && s.is_char_boundary(c.1));
            if let Some(k) = k {
                assert!(k.0 <= k.1 && k.1 <= s.len());
                assert!(s.is_char_boundary(k.0) && s.is_char_boundary(k.1));
            }
        }
    }
}
