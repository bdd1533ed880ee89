//! Embedded social-media posts: signatures ("— Name (@handle) February 14,
//! 2024", "A post shared by Name (@handle)"), post-like lines around them,
//! and the fields of the post (author, handle, date, hashtags, links).

use super::date::parse_iso;
use super::text::{is_emoji, starts_with_emoji, word_count};
use regex::Regex;

/// The platform a link or signature belongs to.
pub(super) const TWITTER: &str = "twitter";
pub(super) const INSTAGRAM: &str = "instagram";
pub(super) const FACEBOOK: &str = "facebook";
pub(super) const TELEGRAM: &str = "telegram";
pub(super) const TIKTOK: &str = "tiktok";
pub(super) const MASTODON: &str = "mastodon";
pub(super) const BLUESKY: &str = "bluesky";

/// What a signature line says about its post.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Signature {
    pub platform: &'static str,
    pub author: Option<String>,
    pub handle: Option<String>,
    pub date: Option<String>,
    /// The line holds post text before the signature.
    pub inline_text: bool,
}

/// The compiled signature patterns.
#[derive(Debug)]
pub(super) struct SocialRules {
    twitter: Regex,
    bare: Regex,
    instagram: Regex,
    facebook: Regex,
    tiktok: Regex,
    links: Regex,
}

/// Longest line read as a signature without its dash.
const MAX_BARE_SIGNATURE: usize = 160;
/// Bytes of a line's end searched for a signature.
const SIGNATURE_TAIL: usize = 260;

impl SocialRules {
    pub fn new() -> SocialRules {
        // Twitter/X handles; Mastodon adds "@instance", Bluesky uses a domain.
        let handle =
            r"@[A-Za-z0-9_]{1,30}(?:@[A-Za-z0-9_.\-]{3,60}|(?:\.[A-Za-z0-9\-]{1,40}){1,4})?";
        let time = r"(?:\s+at\s+[0-9:.apmAPM ]{3,12}[A-Z]{0,4})?";
        let date = r"(?:[A-Za-z]{3,9}\.?\s+\d{1,2}(?:st|nd|rd|th)?,?\s+\d{4}|\d{1,2}\s+[A-Za-z]{3,9}\.?,?\s+\d{4})";
        SocialRules {
            twitter: Regex::new(&format!(
                r"(?:[—–]|(?:^|\s)--?)\s*(?P<name>[^\n()@—–]{{0,80}}?)\s*\((?P<handle>{handle})\)\s*(?:on\s+)?(?P<date>{date}){time}\s*$"
            ))
            .expect("twitter signature pattern"),
            bare: Regex::new(&format!(
                r"^(?P<name>[^\n()@—–]{{1,80}}?)\s*\((?P<handle>{handle})\)\s*(?:on\s+)?(?P<date>{date}){time}\s*$"
            ))
            .expect("bare signature pattern"),
            instagram: Regex::new(&format!(
                r"(?i:a post shared by)\s*(?P<name>[^()\n@]{{0,80}}?)\s*(?:\((?P<h1>@[A-Za-z0-9_.]{{1,30}})\)|(?P<h2>@[A-Za-z0-9_.]{{1,30}}))(?:\s+on\s+(?P<date>{date}))?(?:\s+at\s+[0-9:.apmAPM ]{{3,12}}[A-Z]{{0,4}})?\s*$"
            ))
            .expect("instagram signature pattern"),
            facebook: Regex::new(&format!(
                r"^Posted by\s+(?P<name>[^\n]{{1,80}}?)\s+on\s+(?:[A-Z][a-z]+day,?\s+)?(?P<date>{date})"
            ))
            .expect("facebook signature pattern"),
            tiktok: Regex::new(r"^(?P<handle>@[A-Za-z0-9_.]{2,30})\s+♬")
                .expect("tiktok signature pattern"),
            links: Regex::new(
                r"(?:https?://[^\s<>()\[\]“”—–]+|\bpic\.twitter\.com/[A-Za-z0-9]+|(?:^|[\s(])(?:t\.co|t\.me)/[A-Za-z0-9_/]+)",
            )
            .expect("link pattern"),
        }
    }

    /// The signature the line holds, if any. `line` is trimmed.
    pub fn signature(&self, line: &str, markers: u32) -> Option<Signature> {
        use super::markers::*;
        let bytes = line.as_bytes();
        if markers & HANDLE_PAREN != 0
            && (bytes.last().is_some_and(u8::is_ascii_digit) || line.ends_with(['M', 'T']))
        {
            let mut from = line.len().saturating_sub(SIGNATURE_TAIL);
            while !line.is_char_boundary(from) {
                from += 1;
            }
            let tail = &line[from..];
            // "— Name (@handle) Date"; a short line may have lost its dash.
            let found = self.twitter.captures(tail).or_else(|| {
                (from == 0 && line.len() <= MAX_BARE_SIGNATURE && markers & IG_SIGNATURE == 0)
                    .then(|| self.bare.captures(line))
                    .flatten()
            });
            if let Some(c) = found {
                let m = c.get(0).expect("whole match");
                let name = c.name("name").map_or("", |m| m.as_str());
                let name = name.rsplit(" - ").next().unwrap_or(name);
                let before = &line[..from + m.start()];
                let handle = c.name("handle").map_or("", |m| m.as_str());
                return Some(Signature {
                    platform: handle_platform(handle),
                    author: clean_name(name),
                    handle: Some(handle.to_string()),
                    date: c.name("date").and_then(|m| parse_iso(m.as_str())),
                    inline_text: before.chars().any(char::is_alphanumeric),
                });
            }
        }
        if markers & IG_SIGNATURE != 0 {
            if let Some(c) = self.instagram.captures(line) {
                let m = c.get(0).expect("whole match");
                let handle = c
                    .name("h1")
                    .or(c.name("h2"))
                    .map(|m| m.as_str().to_string());
                return Some(Signature {
                    platform: INSTAGRAM,
                    author: c.name("name").and_then(|m| clean_name(m.as_str())),
                    handle,
                    date: c.name("date").and_then(|m| parse_iso(m.as_str())),
                    inline_text: line[..m.start()].chars().any(char::is_alphanumeric),
                });
            }
        }
        if line.starts_with("Posted by ") && line.len() < 200 {
            if let Some(c) = self.facebook.captures(line) {
                return Some(Signature {
                    platform: FACEBOOK,
                    author: c.name("name").and_then(|m| clean_name(m.as_str())),
                    handle: None,
                    date: c.name("date").and_then(|m| parse_iso(m.as_str())),
                    inline_text: false,
                });
            }
        }
        if markers & TIKTOK_NOTE != 0 {
            if let Some(c) = self.tiktok.captures(line) {
                let author = line.rsplit_once(" - ").and_then(|(_, n)| clean_name(n));
                return Some(Signature {
                    platform: TIKTOK,
                    author,
                    handle: c.name("handle").map(|m| m.as_str().to_string()),
                    date: None,
                    inline_text: false,
                });
            }
        }
        None
    }

    /// Links in a post's text, in order.
    pub fn links(&self, text: &str) -> Vec<String> {
        self.links
            .find_iter(text)
            .map(|m| {
                m.as_str()
                    .trim_start_matches(|c: char| c.is_whitespace() || c == '(')
                    .trim_end_matches(['.', ',', ';', ':', '!', '?', '\'', '"', '’'])
                    .to_string()
            })
            .filter(|l| !l.is_empty())
            .collect()
    }
}

/// The network a signature's handle belongs to.
fn handle_platform(handle: &str) -> &'static str {
    if handle[1..].contains('@') {
        MASTODON
    } else if handle.contains('.') {
        BLUESKY
    } else {
        TWITTER
    }
}

/// The platform a line's links point to, when it has a post link.
pub(super) fn link_platform(line: &str, markers: u32) -> Option<&'static str> {
    use super::markers::*;
    if markers & (PIC_TWITTER | TCO) != 0 {
        return Some(TWITTER);
    }
    if markers & STATUS_LINK != 0 && line.contains("/status/") {
        return Some(TWITTER);
    }
    if markers & INSTAGRAM_LINK != 0 && (line.contains("/p/") || line.contains("/reel/")) {
        return Some(INSTAGRAM);
    }
    if markers & IG_VIEW != 0 && line.contains("Instagram") {
        return Some(INSTAGRAM);
    }
    if markers & TME_LINK != 0 {
        return Some(TELEGRAM);
    }
    if markers & TIKTOK_LINK != 0 && line.contains("/video/") {
        return Some(TIKTOK);
    }
    if markers & FACEBOOK_LINK != 0 && (line.contains("/posts/") || line.contains("/videos/")) {
        return Some(FACEBOOK);
    }
    None
}

/// A line that is only a link or two ("pic.twitter.com/abc").
pub(super) fn is_link_only(line: &str) -> bool {
    line.split_whitespace().all(|w| {
        w.contains('/') && (w.contains(".com") || w.contains("t.co") || w.starts_with("http"))
    })
}

/// A display name with emoji, flags and stray punctuation removed.
pub(super) fn clean_name(name: &str) -> Option<String> {
    let mut out = String::with_capacity(name.len());
    for c in name.chars() {
        if is_emoji(c) || c == '\u{200d}' || ('\u{fe00}'..='\u{fe0f}').contains(&c) {
            out.push(' ');
        } else {
            out.push(c);
        }
    }
    let cleaned = out.split_whitespace().collect::<Vec<_>>().join(" ");
    let cleaned = cleaned.trim_matches(|c: char| matches!(c, '-' | '—' | '–' | '|' | ',' | ':'));
    let cleaned = cleaned.trim();
    (!cleaned.is_empty()).then(|| cleaned.to_string())
}

/// Hashtags of a text, without "#", in order.
pub(super) fn hashtags(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut prev: Option<char> = None;
    for (i, c) in text.char_indices() {
        if (c == '#' || c == '＃') && !prev.is_some_and(|p| p.is_alphanumeric() || p == '&') {
            let rest = &text[i + c.len_utf8()..];
            let n: usize = rest
                .chars()
                .take_while(|&ch| ch.is_alphanumeric() || ch == '_')
                .map(char::len_utf8)
                .sum();
            let tag = &rest[..n];
            if tag.chars().any(char::is_alphabetic) {
                out.push(tag.to_string());
            }
        }
        prev = Some(c);
    }
    out
}

/// Number of hashtags in a line (cheap count, for post-likeness).
fn hashtag_count(line: &str) -> usize {
    memchr::memchr_iter(b'#', line.as_bytes())
        .filter(|&i| {
            line.as_bytes()
                .get(i + 1)
                .is_some_and(|b| b.is_ascii_alphabetic() || *b >= 0x80)
                && (i == 0 || !line.as_bytes()[i - 1].is_ascii_alphanumeric())
        })
        .count()
}

/// A line that reads as part of a post, not as reporting: emoji-led,
/// hashtag-led or hashtag-heavy, a post link, an @mention opening.
pub(super) fn is_post_like(line: &str, markers: u32) -> bool {
    use super::markers::*;
    if markers & (PIC_TWITTER | TCO | IG_VIEW) != 0 {
        return true;
    }
    if starts_with_emoji(line) || line.starts_with(['#', '@']) {
        return true;
    }
    let tags = hashtag_count(line);
    tags >= 2 || tags == 1 && word_count(line) <= 12 || short_lead_in(line)
}

/// A short line ending in ':' that opens a post ("Club statement:",
/// "Senate resolves to:"). Speech cues are excluded by the caller.
fn short_lead_in(line: &str) -> bool {
    line.ends_with(':') && line.len() <= 60 && word_count(line) <= 6
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::stages::blocks::markers::Markers;

    fn sig(line: &str) -> Option<Signature> {
        let m = Markers::new();
        SocialRules::new().signature(line, m.scan(line))
    }

    #[test]
    fn twitter_signatures() {
        let s = sig("— Ministry Of Foo 🇫🇷 (@foo_min) March 3, 2023").unwrap();
        assert_eq!(s.platform, TWITTER);
        assert_eq!(s.author.as_deref(), Some("Ministry Of Foo"));
        assert_eq!(s.handle.as_deref(), Some("@foo_min"));
        assert_eq!(s.date.as_deref(), Some("2023-03-03"));
        assert!(!s.inline_text);
        let s = sig("Big news today pic.twitter.com/AbC123— Jane Roe (@jroe) Jan 5, 2021").unwrap();
        assert!(s.inline_text);
        assert_eq!(s.author.as_deref(), Some("Jane Roe"));
        let s = sig("- Jean-Paul Martin (@jpm) 4 May 2022").unwrap();
        assert_eq!(s.author.as_deref(), Some("Jean-Paul Martin"));
        assert_eq!(s.date.as_deref(), Some("2022-05-04"));
        assert!(sig("He wrote to the agency (@agency) in 2024").is_none());
    }

    #[test]
    fn other_platforms() {
        let s = sig("A post shared by Lena Park (@lenapark) on Feb 2, 2020 at 9:14am PST").unwrap();
        assert_eq!(s.platform, INSTAGRAM);
        assert_eq!(s.handle.as_deref(), Some("@lenapark"));
        assert_eq!(s.date.as_deref(), Some("2020-02-02"));
        let s = sig("Posted by City Fire Department on Tuesday, June 6, 2023").unwrap();
        assert_eq!(s.platform, FACEBOOK);
        assert_eq!(s.author.as_deref(), Some("City Fire Department"));
        let s = sig("@dancer.jo ♬ original sound - Jo Dancer").unwrap();
        assert_eq!(s.platform, TIKTOK);
        assert_eq!(s.author.as_deref(), Some("Jo Dancer"));
    }

    #[test]
    fn tags_and_links() {
        assert_eq!(
            hashtags("#One and #Two2 but not a#b or #123 #Ünï"),
            ["One", "Two2", "Ünï"]
        );
        let r = SocialRules::new();
        assert_eq!(
            r.links("see https://example.com/a. and pic.twitter.com/xY9 (t.co/abc)"),
            ["https://example.com/a", "pic.twitter.com/xY9", "t.co/abc"]
        );
        assert_eq!(clean_name(" 🇺🇸 Team USA 🏅 ").as_deref(), Some("Team USA"));
    }
}
