//! Syntactic words inside one surface token, the way Universal Dependencies
//! counts them: clitics are words of their own ("don't" = "do" + "n't",
//! "we're" = "we" + "'re", "cannot" = "can" + "not") and inner hyphens
//! separate words ("Díaz-Canel" = "Díaz" "-" "Canel"), except after a
//! bound prefix ("e-mail", "non-human", "pre-war").

use std::ops::Range;

/// Prefixes written with a hyphen that stay part of one word.
const BOUND_PREFIXES: &[&str] = &[
    "e", "co", "pre", "post", "non", "mid", "re", "ex", "multi", "semi", "pro", "anti", "sub",
    "inter", "intra", "ultra", "over", "under", "counter", "un", "bi", "tri", "vice", "neo", "pan",
    "quasi", "cross", "micro", "macro", "mega", "mini", "socio", "psycho", "arch",
];

/// Clitics split from the end of a word, with either apostrophe.
const CLITICS: &[&str] = &[
    "n't",
    "n\u{2019}t",
    "'s",
    "\u{2019}s",
    "'re",
    "\u{2019}re",
    "'ve",
    "\u{2019}ve",
    "'ll",
    "\u{2019}ll",
    "'d",
    "\u{2019}d",
    "'m",
    "\u{2019}m",
];

/// Byte ranges of the words in a word token, in order; a token that is one
/// word gives one range covering it.
pub fn split_word(token: &str) -> Vec<Range<usize>> {
    let mut out = Vec::with_capacity(2);
    let mut start = 0;
    let bytes = token.as_bytes();
    for (i, &b) in bytes.iter().enumerate() {
        let inner =
            i > start && i + 1 < bytes.len() && bytes[i + 1] != b'-' && bytes[i - 1] != b'-';
        if b != b'-' || !inner {
            continue;
        }
        let first = &token[start..i];
        let bound = start == 0 && BOUND_PREFIXES.iter().any(|p| first.eq_ignore_ascii_case(p));
        if !bound {
            out.push(start..i);
            out.push(i..i + 1);
            start = i + 1;
        }
    }
    let last = start..token.len();
    let (stem, clitic) = split_clitic(&token[last.clone()]);
    if clitic > 0 {
        out.push(last.start..last.start + stem);
        out.push(last.start + stem..last.end);
    } else {
        out.push(last);
    }
    out
}

/// Length of the stem and of the clitic at the end of `word` (0 when none).
fn split_clitic(word: &str) -> (usize, usize) {
    if word.eq_ignore_ascii_case("cannot") {
        return (3, 3);
    }
    for clitic in CLITICS {
        let Some(stem_len) = word.len().checked_sub(clitic.len()) else {
            continue;
        };
        let (Some(stem), Some(tail)) = (word.get(..stem_len), word.get(stem_len..)) else {
            continue;
        };
        let after_letter = stem.chars().next_back().is_some_and(char::is_alphabetic);
        if after_letter && tail.eq_ignore_ascii_case(clitic) {
            return (stem_len, clitic.len());
        }
    }
    (word.len(), 0)
}

/// The form the model reads: curly apostrophes and quotes made straight.
pub fn normalize(form: &str) -> std::borrow::Cow<'_, str> {
    if form.is_ascii() || !form.contains(['\u{2018}', '\u{2019}', '\u{201C}', '\u{201D}']) {
        return std::borrow::Cow::Borrowed(form);
    }
    std::borrow::Cow::Owned(
        form.chars()
            .map(|c| match c {
                '\u{2018}' | '\u{2019}' => '\'',
                '\u{201C}' | '\u{201D}' => '"',
                c => c,
            })
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::split_word;

    fn words(t: &str) -> Vec<&str> {
        split_word(t).into_iter().map(|r| &t[r]).collect()
    }

    #[test]
    fn splits_clitics_hyphens_and_cannot_like_the_treebank() {
        assert_eq!(words("don't"), ["do", "n't"]);
        assert_eq!(words("can't"), ["ca", "n't"]);
        assert_eq!(words("We’re"), ["We", "’re"]);
        assert_eq!(words("doesn’t"), ["does", "n’t"]);
        assert_eq!(words("cannot"), ["can", "not"]);
        assert_eq!(words("Díaz-Canel"), ["Díaz", "-", "Canel"]);
        assert_eq!(words("COVID-19"), ["COVID", "-", "19"]);
        assert_eq!(words("e-mail"), ["e-mail"]);
        assert_eq!(words("non-human"), ["non-human"]);
        assert_eq!(words("state-owned"), ["state", "-", "owned"]);
        assert_eq!(words("O'Brien"), ["O'Brien"]);
        assert_eq!(words("'s"), ["'s"]);
        assert_eq!(words("Moscow"), ["Moscow"]);
        assert_eq!(words("-"), ["-"]);
        assert_eq!(words("🇷🇺"), ["🇷🇺"]);
    }

    #[test]
    fn curly_apostrophes_and_quotes_read_as_straight() {
        assert_eq!(super::normalize("n\u{2019}t"), "n't");
        assert_eq!(super::normalize("\u{201C}"), "\"");
        assert!(matches!(
            super::normalize("plain"),
            std::borrow::Cow::Borrowed(_)
        ));
    }
}
