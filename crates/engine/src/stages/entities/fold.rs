//! Folding text to lower-case ASCII keys, and the word scanner the entity
//! stage works on (its own, so that it does not depend on how the token
//! layer splits hyphens, hashtags or handles).

/// Appends the folded form of `c` to `out`: ASCII lower case, Latin letters
/// without their accents ("Díaz" -> "diaz", "Łódź" -> "lodz"), other
/// letters and digits lower-cased as they are.
pub fn fold_char(c: char, out: &mut String) {
    if c.is_ascii() {
        out.push(c.to_ascii_lowercase());
        return;
    }
    let u = c as u32;
    let s: &str = match u {
        0xC0..=0xC5 | 0xE0..=0xE5 => "a",
        0xC6 | 0xE6 => "ae",
        0xC7 | 0xE7 => "c",
        0xC8..=0xCB | 0xE8..=0xEB => "e",
        0xCC..=0xCF | 0xEC..=0xEF => "i",
        0xD0 | 0xF0 => "d",
        0xD1 | 0xF1 => "n",
        0xD2..=0xD6 | 0xD8 | 0xF2..=0xF6 | 0xF8 => "o",
        0xD9..=0xDC | 0xF9..=0xFC => "u",
        0xDD | 0xFD | 0xFF => "y",
        0xDE | 0xFE => "th",
        0xDF => "ss",
        0x100..=0x105 => "a",
        0x106..=0x10D => "c",
        0x10E..=0x111 => "d",
        0x112..=0x11B => "e",
        0x11C..=0x123 => "g",
        0x124..=0x127 => "h",
        0x128..=0x131 => "i",
        0x132 | 0x133 => "ij",
        0x134 | 0x135 => "j",
        0x136..=0x138 => "k",
        0x139..=0x142 => "l",
        0x143..=0x14B => "n",
        0x14C..=0x151 => "o",
        0x152 | 0x153 => "oe",
        0x154..=0x159 => "r",
        0x15A..=0x161 | 0x17F | 0x218 | 0x219 => "s",
        0x162..=0x167 | 0x21A | 0x21B => "t",
        0x168..=0x173 | 0x1AF | 0x1B0 => "u",
        0x174 | 0x175 => "w",
        0x176..=0x178 => "y",
        0x179..=0x17E => "z",
        0x1A0 | 0x1A1 => "o",
        0x1EA0..=0x1EB7 => "a",
        0x1EB8..=0x1EC7 => "e",
        0x1EC8..=0x1ECB => "i",
        0x1ECC..=0x1EE3 => "o",
        0x1EE4..=0x1EF1 => "u",
        0x1EF2..=0x1EF9 => "y",
        _ => {
            for l in c.to_lowercase() {
                out.push(l);
            }
            return;
        }
    };
    out.push_str(s);
}

/// The folded key of a whole phrase: words folded and joined by one space,
/// punctuation and hyphens dropped ("Díaz-Canel" -> "diaz canel",
/// "U.S." -> "u s", "Lavrov's" -> "lavrov").
pub fn fold_key(s: &str) -> String {
    // the same word rules as `scan_words`, without building words
    let mut out = String::with_capacity(s.len());
    let mut in_word = false;
    let mut it = s.char_indices().peekable();
    while let Some((i, c)) = it.next() {
        if c.is_alphanumeric() {
            if !in_word && !out.is_empty() {
                out.push(' ');
            }
            in_word = true;
            fold_char(c, &mut out);
            continue;
        }
        if in_word && is_apos(c) {
            let after = &s[i + c.len_utf8()..];
            let mut ac = after.chars();
            match ac.next() {
                Some('s') | Some('S') if !ac.next().is_some_and(|x| x.is_alphanumeric()) => {
                    // possessive: skip the "s"
                    it.next();
                    in_word = false;
                    continue;
                }
                Some(x) if x.is_alphabetic() => continue,
                _ => {}
            }
        }
        in_word = false;
    }
    out
}

/// Folds a single word or phrase without splitting it.
pub fn fold_str(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        fold_char(c, &mut out);
    }
    out
}

/// A word's folded key, stored inline when short (most are), so that
/// scanning a text does not allocate once per word.
#[derive(Clone)]
pub struct Key {
    len: u8,
    inline: [u8; 22],
    heap: Option<Box<str>>,
}

impl Key {
    /// A key holding `s`.
    pub fn new(s: &str) -> Key {
        let mut k = Key {
            len: 0,
            inline: [0; 22],
            heap: None,
        };
        if s.len() <= 22 {
            k.len = s.len() as u8;
            k.inline[..s.len()].copy_from_slice(s.as_bytes());
        } else {
            k.heap = Some(s.into());
        }
        k
    }

    /// The key as a string slice.
    #[inline]
    pub fn as_str(&self) -> &str {
        match &self.heap {
            Some(h) => h,
            // SAFETY: `inline[..len]` is only ever written by `Key::new`, which
            // copies a whole `&str` (valid UTF-8) and sets `len` to its length;
            // the fields are private.
            None => unsafe { std::str::from_utf8_unchecked(&self.inline[..self.len as usize]) },
        }
    }
}

impl std::ops::Deref for Key {
    type Target = str;
    #[inline]
    fn deref(&self) -> &str {
        self.as_str()
    }
}

impl std::fmt::Debug for Key {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.as_str().fmt(f)
    }
}

impl PartialEq<str> for Key {
    fn eq(&self, o: &str) -> bool {
        self.as_str() == o
    }
}

impl PartialEq<&str> for Key {
    fn eq(&self, o: &&str) -> bool {
        self.as_str() == *o
    }
}

/// What separates a word from the one before it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Gap {
    /// Start of text.
    Start,
    /// Spaces or tabs only.
    Space,
    /// A hyphen or dash inside a compound ("Diaz-Canel").
    Hyphen,
    /// A period with or without space ("U.S.", "K. Caruzo").
    Period,
    /// A comma.
    Comma,
    /// A line break or any other punctuation.
    Other,
}

/// One word of the text.
#[derive(Debug, Clone)]
pub struct Word {
    /// Byte offsets in the original text.
    pub start: usize,
    /// End offset, exclusive.
    pub end: usize,
    /// Folded key.
    pub key: Key,
    /// First letter is upper case.
    pub cap: bool,
    /// All letters upper case (at least one letter).
    pub upper: bool,
    /// Starts with a digit.
    pub digit: bool,
    /// Right after "#" (hashtag).
    pub hash: bool,
    /// Inside an "@handle", a URL or an e-mail address.
    pub skip: bool,
    /// What precedes it.
    pub gap: Gap,
    /// Followed by a possessive "'s".
    pub poss: bool,
}

fn is_apos(c: char) -> bool {
    c == '\'' || c == '\u{2019}'
}

fn is_hyphen(c: char) -> bool {
    c == '-' || c == '\u{2010}' || c == '\u{2011}'
}

/// Splits `text` into words: runs of letters and digits, with inner
/// apostrophes kept ("O'Brien", "N'Djamena") except a possessive "'s".
pub fn scan_words(text: &str) -> Vec<Word> {
    let mut words: Vec<Word> = Vec::with_capacity(text.len() / 5);
    let bytes = text.as_bytes();
    let mut gap = Gap::Start;
    let mut skip_until = 0usize;
    let mut hash = false;
    let mut buf = String::with_capacity(32);
    let mut it = text.char_indices().peekable();
    while let Some((i, c)) = it.next() {
        if c.is_alphanumeric() {
            // a word
            let start = i;
            let mut end = i + c.len_utf8();
            let key = &mut buf;
            key.clear();
            fold_char(c, key);
            let mut ncap = usize::from(c.is_uppercase());
            let mut nlet = usize::from(c.is_alphabetic());
            let cap = c.is_uppercase();
            let digit = c.is_numeric();
            let mut poss = false;
            while let Some(&(j, d)) = it.peek() {
                if d.is_alphanumeric() {
                    fold_char(d, key);
                    ncap += usize::from(d.is_uppercase());
                    nlet += usize::from(d.is_alphabetic());
                    end = j + d.len_utf8();
                    it.next();
                } else if is_apos(d) {
                    // inner apostrophe followed by a letter
                    let after = &text[j + d.len_utf8()..];
                    let mut ac = after.chars();
                    match ac.next() {
                        Some('s') | Some('S')
                            if !ac.next().is_some_and(|x| x.is_alphanumeric()) =>
                        {
                            poss = true;
                            break;
                        }
                        Some(x) if x.is_alphabetic() => {
                            it.next();
                        }
                        _ => break,
                    }
                } else {
                    break;
                }
            }
            let skip = start < skip_until;
            let key = Key::new(key);
            words.push(Word {
                start,
                end,
                key,
                cap,
                upper: nlet >= 1 && ncap == nlet,
                digit,
                hash,
                skip,
                gap,
                poss,
            });
            if poss {
                // swallow the "'s"
                it.next();
                it.next();
            }
            gap = Gap::Space;
            hash = false;
            continue;
        }
        if c == ' ' || c == '\t' || c == '\u{a0}' {
            continue;
        }
        // a URL or handle: skip to the next whitespace
        if c == '@' || (c == ':' && bytes.get(i + 1) == Some(&b'/')) {
            let rest = &text[i..];
            let n = rest.find(char::is_whitespace).unwrap_or(rest.len());
            skip_until = skip_until.max(i + n);
            if c == ':' {
                // mark the scheme word too
                if let Some(w) = words.last_mut() {
                    w.skip = true;
                }
            }
        }
        if c == '/' && text[i..].starts_with("/") {
            // "pic.twitter.com/xyz", "www.x.com/y": mark the whole chunk
            // Past the whitespace character, which may be multi-byte (NBSP).
            let back = text[..i]
                .char_indices()
                .rev()
                .find(|(_, ch)| ch.is_whitespace())
                .map_or(0, |(p, ch)| p + ch.len_utf8());
            if text[back..i].contains('.') {
                let rest = &text[i..];
                let n = rest.find(char::is_whitespace).unwrap_or(rest.len());
                skip_until = skip_until.max(i + n);
                for w in words.iter_mut().rev() {
                    if w.start < back {
                        break;
                    }
                    w.skip = true;
                }
            }
        }
        if c == '#' {
            // a hashtag keeps the word in its phrase ("FM Sergey #Lavrov")
            hash = true;
            continue;
        }
        hash = false;
        gap = if c == '\n' || c == '\r' {
            Gap::Other
        } else if is_hyphen(c) {
            if gap == Gap::Space && !prev_is_space(text, i) {
                Gap::Hyphen
            } else {
                Gap::Other
            }
        } else if c == '.' {
            if gap == Gap::Space {
                Gap::Period
            } else {
                Gap::Other
            }
        } else if c == ',' {
            Gap::Comma
        } else {
            Gap::Other
        };
    }
    words
}

fn prev_is_space(text: &str, i: usize) -> bool {
    text[..i]
        .chars()
        .next_back()
        .is_some_and(char::is_whitespace)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_accents_and_case() {
        assert_eq!(fold_key("Díaz-Canel"), "diaz canel");
        assert_eq!(fold_key("Yván Gil"), "yvan gil");
        assert_eq!(fold_key("Łódź"), "lodz");
        assert_eq!(fold_key("U.S."), "u s");
        assert_eq!(fold_key("Lavrov’s tour"), "lavrov tour");
        assert_eq!(fold_key("N'Djamena"), "ndjamena");
        assert_eq!(fold_key("Türkiye"), "turkiye");
    }

    #[test]
    fn words_keep_spans_and_flags() {
        let t = "FM Sergey #Lavrov, @mfa_russia pic.twitter.com/4uQ Díaz-Canel";
        let w = scan_words(t);
        let keys: Vec<&str> = w.iter().map(|w| w.key.as_str()).collect();
        assert_eq!(keys[..3], ["fm", "sergey", "lavrov"]);
        assert!(w[2].hash);
        assert!(w.iter().filter(|w| w.key == "mfa").all(|w| w.skip));
        assert!(w.iter().filter(|w| w.key == "4uq").all(|w| w.skip));
        let d = w.iter().position(|w| w.key == "diaz").unwrap();
        assert_eq!(&t[w[d].start..w[d].end], "Díaz");
        assert_eq!(w[d + 1].gap, Gap::Hyphen);
        assert!(w[0].upper && w[0].cap);
    }
}
