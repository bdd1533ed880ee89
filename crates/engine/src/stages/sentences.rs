//! Sentences, each within one block.
//!
//! A hand-rolled byte scanner over each block. The rules, in order:
//!
//! - Every line break inside a block (`\n`, `\r`, U+2028, U+2029) ends a
//!   sentence: a block may hold several lines (an embedded post).
//! - Otherwise a sentence can only end after a terminator run (`.`, `?`,
//!   `!`, `…`, any mix) plus any closing quotes and brackets (`.”`, `."`,
//!   `.)`, `?’`), and only when white space or the end of the line follows.
//!   So "3.5", "U.S.-led", "example.com", "pic.twitter.com/x", "e.g.," and
//!   emoji never split, and a boundary always falls between two characters
//!   that white space separates (a regional-indicator pair cannot be cut).
//! - Colons and semicolons never end a sentence.
//! - What follows decides. Opening quotes and brackets before the next word
//!   are skipped when looking at it.
//! - `?` and `!` end a sentence, except before a lowercase word after a
//!   closing quote ("“Why?” she asked."), and
//!   except before a closing quote followed by up to three capitalised words
//!   and a verb of saying ("“Why?” Trump asked.").
//! - An ellipsis ends a sentence only before a capital.
//! - A period after an ordinary word (or a number, or a symbol) ends a
//!   sentence. Before a lowercase word, only when the word before has two
//!   letters or more and a vowel ("said. the" ends; an unlisted abbreviation
//!   like "mtg. was" does not), or when the lowercase word is a URL
//!   ("Janeiro. pic.twitter.com/x") or opens a quotation (`smoke. "our`).
//!   A lowercase word never follows the end of an abbreviation ("etc. and",
//!   "a.m. on"). After an abbreviation it depends on its class (see
//!   [`lexicon::Abbrev`]): titles ("Mr.", "Gen.") and leads ("e.g.", "vs.")
//!   never end one; "No." and months don't before a digit; ambiguous ones
//!   ("U.S.", "Inc.", "Jr.", "etc.", "p.m.", initials like "K.") end a
//!   sentence only before a common sentence starter ("The", "He", "But",
//!   ...) or a social title ("Mr.", "Dr."). So "in the U.S. The" splits and "U.S.
//!   Senate", "Christian K. Caruzo", "J.R.R. Tolkien" don't; "in the U.S.
//!   Officials said" is a known miss.
//! - A number of one or two digits opening a sentence ("1. The first")
//!   is a list marker, not a sentence.
//!
//! - No boundary falls inside the document's dateline, when the block stage
//!   found one ("MOSCOW, February 9. /TASS/." is one piece).
//!
//! Sentences are trimmed of white space; empty ones are dropped.

pub(crate) mod lexicon;

use crate::{Stage, StageError};
use attache_doc::{Document, Layer, Sentence, Severity, Span};
use lexicon::Abbrev;

/// Sentences analysed per document (a long news article has a few hundred).
pub const MAX_SENTENCES: usize = 100_000;

/// Splits each block into sentences.
#[derive(Debug, Default)]
pub struct SentenceStage;

impl SentenceStage {
    /// The stage.
    pub fn new() -> SentenceStage {
        SentenceStage
    }
}

impl Stage for SentenceStage {
    fn name(&self) -> &'static str {
        "sentences"
    }

    fn requires(&self) -> &'static [Layer] {
        &[Layer::Blocks]
    }

    fn provides(&self) -> &'static [Layer] {
        &[Layer::Sentences]
    }

    fn run(&self, doc: &mut Document) -> Result<(), StageError> {
        let (text, layers) = doc.split_mut();
        let mut out = Vec::with_capacity(text.len() / 128 + 4);
        for (i, block) in layers.blocks.iter().enumerate() {
            let (start, end) = (block.span.start(), block.span.end());
            // A block from another stage is trusted, but never to the point
            // of a panic: a bad one is skipped.
            if start > end
                || end > text.len()
                || !text.is_char_boundary(start)
                || !text.is_char_boundary(end)
            {
                continue;
            }
            split_block(text, start, end, i as u32, &mut out);
            if out.len() > MAX_SENTENCES {
                break;
            }
        }
        if let Some(d) = &layers.dateline {
            keep_whole(&mut out, d.span);
        }
        // Every later stage works sentence by sentence: past this many the
        // rest of the text is left out, and the record says so.
        let cut = out.get(MAX_SENTENCES).map(|s| s.span.start);
        out.truncate(MAX_SENTENCES);
        layers.sentences = out;
        if let Some(cut) = cut {
            doc.diagnose(
                "sentences",
                Severity::Warning,
                format!(
                    "more than {MAX_SENTENCES} sentences: the text from byte {cut} on is not \
                     analysed"
                ),
            );
        }
        Ok(())
    }
}

/// Merges sentences split inside `span` (a dateline such as "MOSCOW,
/// February 9. /TASS/." stays in one piece).
fn keep_whole(out: &mut Vec<Sentence>, span: Span) {
    let mut w = 0usize;
    for r in 0..out.len() {
        let cur = out[r].clone();
        if w > 0 {
            let prev = &mut out[w - 1];
            if prev.block == cur.block && prev.span.end > span.start && cur.span.start < span.end {
                prev.span.end = cur.span.end;
                continue;
            }
        }
        out[w] = cur;
        w += 1;
    }
    out.truncate(w);
}

/// Byte classes for the scan: 1 = terminator or line break, 2 = lead byte
/// 0xE2 (… U+2026, U+2028, U+2029 and curly quotes).
static INTEREST: [u8; 256] = {
    let mut t = [0u8; 256];
    t[b'.' as usize] = 1;
    t[b'?' as usize] = 1;
    t[b'!' as usize] = 1;
    t[b'\n' as usize] = 1;
    t[b'\r' as usize] = 1;
    t[0xE2] = 2;
    t
};

/// Appends the sentences of `text[start..end]` to `out`, with absolute spans.
///
/// `start` and `end` must be char boundaries of `text`.
pub fn split_block(text: &str, start: usize, end: usize, block: u32, out: &mut Vec<Sentence>) {
    let bytes = text.as_bytes();
    let mut sent = start;
    let mut i = start;
    while i < end {
        let b = bytes[i];
        let class = INTEREST[b as usize];
        if class == 0 {
            i += 1;
            continue;
        }
        match b {
            b'\n' | b'\r' => {
                push(text, sent, i, block, out);
                i += 1;
                sent = i;
            }
            0xE2 => {
                if i + 2 < end && bytes[i + 1] == 0x80 {
                    match bytes[i + 2] {
                        0xA8 | 0xA9 => {
                            push(text, sent, i, block, out);
                            i += 3;
                            sent = i;
                        }
                        0xA6 => i = terminator(text, sent, i, end, block, out, &mut sent),
                        _ => i += 3,
                    }
                } else {
                    i += 1;
                }
            }
            _ => i = terminator(text, sent, i, end, block, out, &mut sent),
        }
    }
    push(text, sent, end, block, out);
}

/// What kind of terminator run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Term {
    /// One period.
    Period,
    /// Two or more periods, or "…".
    Ellipsis,
    /// Contains "?" or "!".
    Strong,
}

/// Handles the terminator run starting at `i`; returns where to go on.
fn terminator(
    text: &str,
    sent_start: usize,
    i: usize,
    end: usize,
    block: u32,
    out: &mut Vec<Sentence>,
    sent: &mut usize,
) -> usize {
    let bytes = text.as_bytes();
    // The terminator run.
    let mut j = i;
    let mut periods = 0usize;
    let mut strong = false;
    let mut ellipsis = false;
    while j < end {
        match bytes[j] {
            b'.' => {
                periods += 1;
                j += 1;
            }
            b'?' | b'!' => {
                strong = true;
                j += 1;
            }
            0xE2 if j + 2 < end && bytes[j + 1] == 0x80 && bytes[j + 2] == 0xA6 => {
                ellipsis = true;
                j += 3;
            }
            // A spaced ellipsis ". . ." is one run.
            b' ' if periods > 0 && j + 1 < end && bytes[j + 1] == b'.' && bytes[j - 1] == b'.' => {
                let mut k = j + 1;
                while k < end && bytes[k] == b'.' {
                    k += 1;
                }
                let spaced = k - (j + 1) == 1
                    && (k >= end || matches!(bytes[k], b' ' | b'"' | b'\'' | b')'))
                    || k - (j + 1) > 1;
                if !spaced {
                    break;
                }
                ellipsis = true;
                periods += k - (j + 1);
                j = k;
            }
            _ => break,
        }
    }
    let term = if strong {
        Term::Strong
    } else if ellipsis || periods > 1 {
        Term::Ellipsis
    } else {
        Term::Period
    };
    let term_end = j;
    // Closing quotes and brackets.
    let mut quoted = false;
    let mut closed = false;
    loop {
        if j >= end {
            break;
        }
        match bytes[j] {
            b'"' | b'\'' => {
                quoted = true;
                j += 1;
            }
            b')' | b']' | b'}' => j += 1,
            // ” U+201D, ’ U+2019
            0xE2 if j + 2 < end && bytes[j + 1] == 0x80 && matches!(bytes[j + 2], 0x9D | 0x99) => {
                quoted = true;
                j += 3;
            }
            // » U+00BB
            0xC2 if j + 1 < end && bytes[j + 1] == 0xBB => {
                quoted = true;
                j += 2;
            }
            _ => break,
        }
    }
    let close_end = j;
    closed |= close_end > term_end;
    if close_end < end && !space_at(text, close_end) {
        if bytes[i] == b'.' {
            if let Some(chunk_end) = url_chunk_end(text, sent_start, i, end) {
                return after_url(text, chunk_end, end, block, out, sent);
            }
        }
        // "3.5", "U.S.-led", "example.com": no boundary. Move past the run
        // only (a closing quote may precede more text).
        return term_end;
    }
    let mut close_end = close_end;
    let mut n = skip_line_space(text, close_end, end);
    if n >= end || matches!(bytes[n], b'\n' | b'\r') || is_para_sep(bytes, n) {
        // End of line: the line break (or block end) makes the boundary.
        return n;
    }
    let mut next = next_word(text, n, end);
    if let Some(len) = next.emoticon {
        // An emoticon stays with the sentence before it: ". :) The".
        close_end = n + len;
        n = skip_line_space(text, close_end, end);
        if n >= end || matches!(bytes[n], b'\n' | b'\r') || is_para_sep(bytes, n) {
            return n;
        }
        next = next_word(text, n, end);
    }
    let boundary = match term {
        Term::Strong => match next.class {
            // "“Why?” she asked" and "(really!) to" go on, and so does a
            // single "!" ("the E! series"); an unquoted question or
            // exclamation before a lowercase word ends (web text: "grow up?
            // india?") unless a verb of saying follows ("facts? asks Wenkel").
            Class::Lower => {
                !closed
                    && (term_end - i > 1 || bytes[i] == b'?')
                    && !speech_cue_follows(text, next.start, end)
            }
            Class::Upper if quoted => !speech_cue_follows(text, next.start, end),
            _ => true,
        },
        Term::Ellipsis => next.class == Class::Upper,
        Term::Period => period_boundary(text, sent_start, i, &next),
    };
    if boundary {
        push(text, *sent, close_end, block, out);
        *sent = close_end;
    }
    n
}

/// When the period at `dot` lies in a URL with a scheme, "www." or
/// "pic.twitter.com/" (scanning back to the white space before it), where
/// the URL's chunk of non-space text ends.
fn url_chunk_end(text: &str, sent_start: usize, dot: usize, end: usize) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut a = dot;
    while a > sent_start && dot - a < 64 && !bytes[a - 1].is_ascii_whitespace() {
        a -= 1;
    }
    while a < dot && matches!(bytes[a], b'(' | b'[' | b'"' | b'\'') {
        a += 1;
    }
    let chunk = &bytes[a..end.min(a + 16)];
    let starts = |p: &[u8]| chunk.len() >= p.len() && chunk[..p.len()].eq_ignore_ascii_case(p);
    if !(starts(b"http://")
        || starts(b"https://")
        || starts(b"www.")
        || starts(b"pic.twitter.com/"))
    {
        return None;
    }
    let mut e = dot;
    while e < end && !space_at(text, e) {
        e += text[e..].chars().next().map_or(1, char::len_utf8);
    }
    Some(e)
}

/// After a URL ending at `chunk_end`: a boundary when a capitalised word
/// follows on the same line (an embedded post's link ends the post:
/// "pic.twitter.com/x The rest"). Returns where to go on.
fn after_url(
    text: &str,
    chunk_end: usize,
    end: usize,
    block: u32,
    out: &mut Vec<Sentence>,
    sent: &mut usize,
) -> usize {
    let bytes = text.as_bytes();
    let mut n = chunk_end;
    while n < end && matches!(bytes[n], b' ' | b'\t') {
        n += 1;
    }
    if n > chunk_end && n < end && next_word(text, n, end).class == Class::Upper {
        push(text, *sent, chunk_end, block, out);
        *sent = chunk_end;
    }
    chunk_end
}

fn is_para_sep(bytes: &[u8], n: usize) -> bool {
    n + 2 < bytes.len()
        && bytes[n] == 0xE2
        && bytes[n + 1] == 0x80
        && matches!(bytes[n + 2], 0xA8 | 0xA9)
}

/// The first byte from `k` that is not white space, stopping at line breaks.
fn skip_line_space(text: &str, mut n: usize, end: usize) -> usize {
    let bytes = text.as_bytes();
    while n < end {
        let b = bytes[n];
        if b == b'\n' || b == b'\r' {
            break;
        } else if b < 0x80 {
            if b.is_ascii_whitespace() {
                n += 1;
            } else {
                break;
            }
        } else {
            let c = char_at(text, n);
            if c.is_whitespace() && c != '\u{2028}' && c != '\u{2029}' {
                n += c.len_utf8();
            } else {
                break;
            }
        }
    }
    n
}

/// The character at byte `i`, a char boundary.
#[inline]
fn char_at(text: &str, i: usize) -> char {
    text[i..].chars().next().unwrap_or(' ')
}

/// True when the character at `i` is white space.
#[inline]
fn space_at(text: &str, i: usize) -> bool {
    let b = text.as_bytes()[i];
    if b < 0x80 {
        b.is_ascii_whitespace()
    } else {
        char_at(text, i).is_whitespace()
    }
}

/// The case of the next word.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Class {
    Upper,
    Lower,
    Digit,
    Other,
}

/// The word after a candidate boundary.
#[derive(Debug)]
struct Next<'a> {
    class: Class,
    /// Byte offset of its first letter (after opening quotes and brackets).
    start: usize,
    /// Its leading run of ASCII letters.
    word: &'a str,
    /// Whether a period follows that run ("K." in "K. Smith").
    period_after: bool,
    /// Whether the word looks like a URL ("pic.twitter.com/x", "www.").
    url: bool,
    /// Whether an opening quote or bracket came before it.
    opened: bool,
    /// The length of an emoticon there (":)", ":-(", ";D"), which stays
    /// with the sentence before it.
    emoticon: Option<usize>,
}

fn next_word(text: &str, n: usize, end: usize) -> Next<'_> {
    let bytes = text.as_bytes();
    let mut p = n;
    // Skip opening quotes and brackets: " ' ( [ { “ ‘ « ¿ ¡
    while p < end {
        match bytes[p] {
            b'"' | b'\'' | b'(' | b'[' | b'{' => p += 1,
            0xE2 if p + 2 < end && bytes[p + 1] == 0x80 && matches!(bytes[p + 2], 0x9C | 0x98) => {
                p += 3
            }
            0xC2 if p + 1 < end && matches!(bytes[p + 1], 0xAB | 0xBF | 0xA1) => p += 2,
            _ => break,
        }
    }
    if p >= end {
        return Next {
            class: Class::Other,
            start: p,
            word: "",
            period_after: false,
            url: false,
            opened: p > n,
            emoticon: None,
        };
    }
    let b = bytes[p];
    let class = if b.is_ascii_uppercase() {
        Class::Upper
    } else if b.is_ascii_lowercase() {
        Class::Lower
    } else if b.is_ascii_digit() {
        Class::Digit
    } else if b < 0x80 {
        Class::Other
    } else {
        let c = char_at(text, p);
        if c.is_uppercase() {
            Class::Upper
        } else if c.is_lowercase() {
            Class::Lower
        } else if c.is_numeric() {
            Class::Digit
        } else {
            Class::Other
        }
    };
    let mut q = p;
    while q < end && bytes[q].is_ascii_alphabetic() {
        q += 1;
    }
    let period_after = q < end && bytes[q] == b'.';
    let url = class == Class::Lower && looks_like_url(bytes, p, end);
    Next {
        class,
        start: p,
        word: &text[p..q],
        period_after,
        url,
        opened: p > n,
        emoticon: if p == n {
            emoticon_len(&bytes[p..end])
        } else {
            None
        },
    }
}

/// The length of an emoticon at the start of `s`: ":)", ":-(", ";D", ":P".
fn emoticon_len(s: &[u8]) -> Option<usize> {
    let rest = match s {
        [b':' | b';' | b'=', rest @ ..] => rest,
        _ => return None,
    };
    let nose = usize::from(rest.first() == Some(&b'-'));
    let mouth = *rest.get(nose)?;
    let len = 2 + nose;
    let after = s.get(len);
    (matches!(
        mouth,
        b')' | b'(' | b'D' | b'P' | b'p' | b'/' | b'|' | b'O' | b'o' | b'3' | b']' | b'['
    ) && after.is_none_or(|c| c.is_ascii_whitespace()))
    .then_some(len)
}

/// "http://...", "www.x", "pic.twitter.com/abc": a scheme, a "www." start,
/// or a dotted host followed by a slash, before the next white space.
fn looks_like_url(bytes: &[u8], p: usize, end: usize) -> bool {
    let lim = end.min(p + 256);
    let chunk = &bytes[p..lim];
    if chunk.starts_with(b"www.") {
        return true;
    }
    let mut dot = false;
    for (k, &b) in chunk.iter().enumerate() {
        match b {
            b'.' => dot = true,
            b':' => return chunk[k..].starts_with(b"://"),
            b'/' => return dot && k > 0 && chunk[k - 1] != b'.',
            b'a'..=b'z' | b'A'..=b'Z' | b'0'..=b'9' | b'-' | b'_' => {}
            _ => return false,
        }
    }
    false
}

/// After "?" or "!": up to three capitalised words or a pronoun, then a verb
/// of saying ("“Why?” Trump asked", "“No!” Anna Smith said", "facts? asks
/// Rolf Wenkel", "why? he asked").
fn speech_cue_follows(text: &str, mut p: usize, end: usize) -> bool {
    let bytes = text.as_bytes();
    for _ in 0..4 {
        let mut q = p;
        while q < end && bytes[q].is_ascii_alphabetic() {
            q += 1;
        }
        if q == p {
            return false;
        }
        let w = &text[p..q];
        if lexicon::is_speech_cue(w) {
            return true;
        }
        let pronoun = matches!(w, "he" | "she" | "they" | "we" | "i" | "you" | "it");
        if !(bytes[p].is_ascii_uppercase() || pronoun) || q >= end || bytes[q] != b' ' {
            return false;
        }
        p = q + 1;
    }
    false
}

/// Whether the period at `dot` ends a sentence, given the next word.
fn period_boundary(text: &str, sent_start: usize, dot: usize, next: &Next<'_>) -> bool {
    let bytes = text.as_bytes();
    // The run of ASCII letters and periods before the period.
    let mut w = dot;
    while w > sent_start
        && dot - w < 16
        && (bytes[w - 1].is_ascii_alphabetic() || bytes[w - 1] == b'.')
    {
        w -= 1;
    }
    while w < dot && bytes[w] == b'.' {
        w += 1;
    }
    if w == dot {
        // No letters: a number or a symbol before the period. A short
        // number opening the sentence is a list marker ("1. The first").
        let mut d = dot;
        while d > sent_start && bytes[d - 1].is_ascii_digit() {
            d -= 1;
        }
        if d < dot && dot - d <= 2 && text[sent_start..d].trim_start().is_empty() {
            return false;
        }
        return true;
    }
    if dot - w >= 16 {
        return true;
    }
    // The word must start at a word edge: "Díaz." is not "az.".
    if w > sent_start {
        let b = bytes[w - 1];
        if b.is_ascii_digit() {
            return true;
        }
        if b >= 0x80 {
            let mut k = w - 1;
            while k > 0 && (bytes[k] & 0xC0) == 0x80 {
                k -= 1;
            }
            if char_at(text, k).is_alphanumeric() {
                return true;
            }
        }
    }
    let Some(kind) = lexicon::abbreviation(&bytes[w..dot]) else {
        // An ordinary word. Before a lowercase word, only when it looks like
        // a word and not an unlisted abbreviation (two letters or more with
        // a vowel: "said. the" ends, "mtg. was" does not), or when the next
        // word is a URL or opens a quotation (`to smoke. "our study`).
        let word = &bytes[w..dot];
        let after_apostrophe = w > sent_start && matches!(bytes[w - 1], b'\'' | 0x99);
        return next.class != Class::Lower
            || after_apostrophe
            || next.url
            || next.opened
            || (word.len() >= 2
                && word
                    .iter()
                    .any(|&c| matches!(c | 0x20, b'a' | b'e' | b'i' | b'o' | b'u' | b'y')));
    };
    if next.class == Class::Lower {
        return false;
    }
    match kind {
        Abbrev::Title | Abbrev::Lead => false,
        Abbrev::Numeric => next.class != Class::Digit,
        Abbrev::Month | Abbrev::Ambiguous => next.class == Class::Upper && starts_sentence(next),
    }
}

/// Whether the next word is one that opens sentences: a common starter
/// (not an initial: "A." in "K. A. Smith") or a social title ("Mr.").
fn starts_sentence(next: &Next<'_>) -> bool {
    if next.period_after {
        // Social titles only: "U.S. Rep. Steve King", "U.S. Sen. Warren"
        // and "U.S. Gen. Milley" go on.
        return matches!(next.word, "Mr" | "Mrs" | "Ms" | "Mx" | "Dr" | "Messrs");
    }
    lexicon::is_sentence_starter(next.word)
}

/// Pushes the trimmed sentence `text[a..b]` when it is not empty.
#[inline]
fn push(text: &str, a: usize, b: usize, block: u32, out: &mut Vec<Sentence>) {
    if a >= b {
        return;
    }
    let s = &text[a..b];
    let t = s.trim_start();
    let lead = s.len() - t.len();
    let t = t.trim_end();
    if t.is_empty() {
        return;
    }
    let start = a + lead;
    out.push(Sentence {
        span: Span::new(start, start + t.len()),
        block,
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split(text: &str) -> Vec<&str> {
        let mut out = Vec::new();
        split_block(text, 0, text.len(), 0, &mut out);
        out.iter().map(|s| s.span.text(text)).collect()
    }

    #[test]
    fn basic() {
        assert_eq!(
            split("One. Two! Three? Four"),
            ["One.", "Two!", "Three?", "Four"]
        );
        assert_eq!(split("  "), Vec::<&str>::new());
        assert_eq!(split(""), Vec::<&str>::new());
    }

    #[test]
    fn abbreviations() {
        assert_eq!(
            split("Mr. Smith met Gen. Jones on Feb. 7, 2020."),
            ["Mr. Smith met Gen. Jones on Feb. 7, 2020."]
        );
        assert_eq!(
            split("He lives in the U.S. The rest is history."),
            ["He lives in the U.S.", "The rest is history."]
        );
        assert_eq!(split("The U.S. Senate voted."), ["The U.S. Senate voted."]);
        assert_eq!(
            split("Christian K. Caruzo is a writer."),
            ["Christian K. Caruzo is a writer."]
        );
        assert_eq!(
            split("It was No. 10 on the list."),
            ["It was No. 10 on the list."]
        );
    }

    #[test]
    fn quotes_and_lines() {
        assert_eq!(
            split("“Why?” she asked. Then left."),
            ["“Why?” she asked.", "Then left."]
        );
        assert_eq!(split("“Done.” The end."), ["“Done.”", "The end."]);
        assert_eq!(split("a\nb. c\r\nd"), ["a", "b. c", "d"]);
        assert_eq!(split("Flag 🇨🇺. 🇻🇪 Next"), ["Flag 🇨🇺.", "🇻🇪 Next"]);
    }

    #[test]
    fn dateline_is_not_split() {
        use attache_doc::{Block, BlockRole, Dateline, DocumentMeta};
        let text = "MOSCOW, February 9. /TASS/. Russia said no. It left.";
        let mut doc = Document::new("d", text, DocumentMeta::default());
        doc.layers.blocks.push(Block {
            span: Span::new(0, text.len()),
            role: BlockRole::Body,
        });
        doc.layers.dateline = Some(Dateline {
            span: Span::new(0, 27),
            place: Span::new(0, 6),
            ..Dateline::default()
        });
        SentenceStage::new().run(&mut doc).unwrap();
        let got: Vec<&str> = doc
            .layers
            .sentences
            .iter()
            .map(|s| doc.slice(s.span))
            .collect();
        assert_eq!(
            got,
            ["MOSCOW, February 9. /TASS/.", "Russia said no.", "It left."]
        );
    }

    #[test]
    fn long_runs_take_linear_time() {
        // Quadratic scans would take minutes on these.
        for text in [
            "a. ".repeat(100_000),
            "a.".repeat(100_000),
            format!("x. {}", "a".repeat(300_000)),
            format!("http://x.com/{}", ".a".repeat(100_000)),
            "? ".repeat(100_000),
            ". . ".repeat(100_000),
        ] {
            let mut out = Vec::new();
            split_block(&text, 0, text.len(), 0, &mut out);
            assert!(!out.is_empty());
        }
        let mut out: Vec<Sentence> = (0..100_000u32)
            .map(|k| Sentence {
                span: Span {
                    start: 2 * k,
                    end: 2 * k + 1,
                },
                block: 0,
            })
            .collect();
        keep_whole(&mut out, Span::new(0, 200_000));
        assert_eq!(out.len(), 1);
        assert_eq!(out[0].span, Span::new(0, 199_999));
    }

    #[test]
    fn offsets_are_absolute() {
        let text = "xx A. B. yy";
        let mut out = Vec::new();
        split_block(text, 3, 8, 7, &mut out);
        assert_eq!(out.len(), 1);
        assert_eq!(out[0].span.text(text), "A. B.");
        assert_eq!(out[0].block, 7);
    }
}
