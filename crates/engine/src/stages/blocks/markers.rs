//! One pass of a multi-pattern search per line, giving a bit set of the
//! social-media markers the line holds. The rules look at the bits before
//! running any regex.

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};

/// "pic.twitter.com/".
pub const PIC_TWITTER: u32 = 1;
/// "t.co/" after a scheme or space.
pub const TCO: u32 = 1 << 1;
/// "twitter.com/" or "x.com/" (a status link when "/status/" follows).
pub const STATUS_LINK: u32 = 1 << 2;
/// "instagram.com/".
pub const INSTAGRAM_LINK: u32 = 1 << 3;
/// "t.me/".
pub const TME_LINK: u32 = 1 << 4;
/// "tiktok.com/".
pub const TIKTOK_LINK: u32 = 1 << 5;
/// "facebook.com/".
pub const FACEBOOK_LINK: u32 = 1 << 6;
/// "(@": a handle in parentheses.
pub const HANDLE_PAREN: u32 = 1 << 7;
/// "A post shared by".
pub const IG_SIGNATURE: u32 = 1 << 8;
/// "♬" (TikTok sound note).
pub const TIKTOK_NOTE: u32 = 1 << 9;
/// "View this post on Instagram" and the like.
pub const IG_VIEW: u32 = 1 << 10;

const PATTERNS: &[(&str, u32)] = &[
    ("pic.twitter.com/", PIC_TWITTER),
    ("pic.x.com/", PIC_TWITTER),
    ("://t.co/", TCO),
    (" t.co/", TCO),
    ("twitter.com/", STATUS_LINK),
    ("x.com/", STATUS_LINK),
    ("instagram.com/", INSTAGRAM_LINK),
    ("t.me/", TME_LINK),
    ("tiktok.com/", TIKTOK_LINK),
    ("facebook.com/", FACEBOOK_LINK),
    ("(@", HANDLE_PAREN),
    ("A post shared by", IG_SIGNATURE),
    ("a post shared by", IG_SIGNATURE),
    ("♬", TIKTOK_NOTE),
    ("View this post on", IG_VIEW),
];

/// The compiled marker search.
#[derive(Debug)]
pub struct Markers {
    ac: AhoCorasick,
}

impl Markers {
    /// Compiles the patterns.
    pub fn new() -> Markers {
        let ac = AhoCorasickBuilder::new()
            .match_kind(MatchKind::LeftmostFirst)
            .build(PATTERNS.iter().map(|(p, _)| p))
            .expect("marker patterns compile");
        Markers { ac }
    }

    /// The markers found in `line`.
    pub fn scan(&self, line: &str) -> u32 {
        let b = line.as_bytes();
        // Every pattern holds '/', '@', "post" or the note sign: skip the
        // multi-pattern search on lines with none of them.
        use super::text::needles;
        if memchr::memchr2(b'/', b'@', b).is_none()
            && needles::post().find(b).is_none()
            && needles::note().find(b).is_none()
        {
            return 0;
        }
        let mut bits = if line.starts_with("t.co/") { TCO } else { 0 };
        for m in self.ac.find_iter(line) {
            bits |= PATTERNS[m.pattern().as_usize()].1;
        }
        bits
    }
}
