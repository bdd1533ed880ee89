//! Small text helpers shared by the block rules.

/// True for emoji, pictographs, flags' regional indicators and dingbats.
pub(super) fn is_emoji(c: char) -> bool {
    matches!(c as u32,
        0x1F000..=0x1FAFF   // pictographs, emoticons, transport, flags' indicators
        | 0x2600..=0x27BF   // misc symbols, dingbats
        | 0x2B00..=0x2BFF   // arrows and stars
        | 0x2190..=0x21FF   // arrows
        | 0x25A0..=0x25FF   // geometric shapes (▶ ►)
        | 0x2300..=0x23FF   // technical (⌚ ⏰)
        | 0x3030 | 0x303D | 0x3297 | 0x3299
        | 0xE0020..=0xE007F // tag characters (flag sequences)
    )
}

/// True when the first non-space character is an emoji.
pub(super) fn starts_with_emoji(line: &str) -> bool {
    line.trim_start().chars().next().is_some_and(is_emoji)
}

/// Words separated by white space.
pub(super) fn word_count(s: &str) -> usize {
    s.split_whitespace().count()
}

/// Characters (not bytes) in `s`, counting at most `cap`.
pub(super) fn char_len_capped(s: &str, cap: usize) -> usize {
    if s.len() <= cap {
        return s.chars().count();
    }
    s.chars().take(cap + 1).count()
}

/// True when `word` occurs in `s` as a whole word (letters/digits around it
/// do not count as boundaries).
pub(super) fn has_word(s: &str, word: &str) -> bool {
    let bytes = s.as_bytes();
    let mut from = 0;
    while let Some(i) = s[from..].find(word) {
        let a = from + i;
        let b = a + word.len();
        let before_ok = a == 0 || !is_word_byte_before(s, a);
        let after_ok = b >= bytes.len() || !is_word_byte_after(s, b);
        if before_ok && after_ok {
            return true;
        }
        from = a + word.len().max(1);
        while from < s.len() && !s.is_char_boundary(from) {
            from += 1;
        }
        if from >= s.len() {
            break;
        }
    }
    false
}

fn is_word_byte_before(s: &str, at: usize) -> bool {
    s[..at]
        .chars()
        .next_back()
        .is_some_and(char::is_alphanumeric)
}

fn is_word_byte_after(s: &str, at: usize) -> bool {
    s[at..].chars().next().is_some_and(char::is_alphanumeric)
}

/// True when any of `words` occurs in `s` as a whole word.
pub(super) fn has_any_word(s: &str, words: &[&str]) -> bool {
    words.iter().any(|w| has_word(s, w))
}

/// The words of `s`, split at white space and trimmed of punctuation.
pub(super) fn words(s: &str) -> impl Iterator<Item = &str> {
    s.split_whitespace()
        .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()))
}

/// True when the word starts with an upper-case letter.
pub(super) fn is_capitalized(w: &str) -> bool {
    w.chars().next().is_some_and(char::is_uppercase)
}

/// True when `s` has letters and none of them is lower case.
pub(super) fn is_all_caps(s: &str) -> bool {
    let mut letters = 0;
    for c in s.chars() {
        if c.is_lowercase() {
            return false;
        }
        if c.is_alphabetic() {
            letters += 1;
        }
    }
    letters >= 2
}

/// The byte index `at` moved back to a char boundary of `s`.
pub(super) fn floor_boundary(s: &str, mut at: usize) -> usize {
    at = at.min(s.len());
    while !s.is_char_boundary(at) {
        at -= 1;
    }
    at
}

/// Substring searchers built once and shared: `find(NEEDLE, haystack)`.
pub(super) mod needles {
    use memchr::memmem::Finder;
    use std::sync::OnceLock;

    macro_rules! needle {
        ($name:ident, $text:expr) => {
            #[doc = concat!("\"", $text, "\"")]
            pub fn $name() -> &'static Finder<'static> {
                static F: OnceLock<Finder<'static>> = OnceLock::new();
                F.get_or_init(|| Finder::new($text))
            }
        };
    }

    needle!(post, "post");
    needle!(note, "♬");
    needle!(by, " by ");
    needle!(dots, "...");
    needle!(ellipsis, "…");
    needle!(contributed, "contributed");
    needle!(reserved, "eserved");
    needle!(reserved_caps, "ESERVED");
    needle!(http, "http");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_and_boundaries() {
        assert!(has_word("He said: yes", "said"));
        assert!(!has_word("unsaid things", "said"));
        assert!(has_word("Díaz said", "said"));
        assert!(!has_word("saidé", "said"));
        assert!(is_all_caps("WASHINGTON —"));
        assert!(!is_all_caps("Washington"));
        assert!(starts_with_emoji("🇨🇺 February 19"));
        assert!(!starts_with_emoji("February"));
        assert_eq!(floor_boundary("aé", 2), 1);
        let w: Vec<_> = words("“Hello,” (world).").collect();
        assert_eq!(w, ["Hello", "world"]);
    }
}
