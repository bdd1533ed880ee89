//! Tokens, each within one sentence.
//!
//! A hand-rolled scanner over each sentence, ASCII first, decoding a
//! character only at non-ASCII bytes. Decisions:
//!
//! - **Word**: letters and digits with inner hyphens ("Díaz-Canel",
//!   "COVID-19", "G20") and inner apostrophes ("don't", "O'Brien"). A final
//!   possessive or clitic "'s" / "’s" is split off as its own Word token,
//!   as the Penn Treebank does ("Russia's" → "Russia" "'s", "Lavrov’s" →
//!   "Lavrov" "’s"), so names match gazetteers; other contractions stay
//!   whole ("don't", "we're"). A plural possessive's apostrophe
//!   ("officials'") is Punct.
//! - Abbreviations keep their periods: dotted ones ("U.S.", "e.g.",
//!   "J.R.R.", "a.m.") and listed ones ("Feb.", "Mr.", "Inc.", "etc.");
//!   "No." only before a number. Such a token at the end of a sentence
//!   keeps its period and no separate "." follows (as in PTB). A capital
//!   initial keeps its period ("K."), except at the end of a sentence
//!   ("Plan B." → "B" "."). Capitals joined by "&" stay one word ("AT&T",
//!   "S&P"). A grapheme cluster is never cut: marks and variation selectors
//!   stay with the letter they follow. A word starting with a non-ASCII
//!   digit or numeral ("٣", "½") is a Number.
//! - **Number**: digits with inner thousands separators ("1,000"), decimal
//!   points ("3.5") and clock colons ("4:00"); letters straight after stay
//!   in the token ("10th", "1990s", "4pm"). Hyphens split: "21-22" is
//!   Number, Punct, Number.
//! - **Url**: a scheme ("https://"), "www.", a bare host with a known
//!   top-level domain with or without a path ("pic.twitter.com/abc",
//!   "example.com"), and e-mail addresses. Trailing sentence punctuation
//!   and unbalanced closing brackets are left out. A URL stops at white
//!   space, quotes, angle brackets and non-ASCII characters. A "'s" after
//!   a domain is a Word ("Amazon.com" "'s").
//! - **Hashtag** "#G20" (not all digits), **Handle** "@mfa_russia".
//! - **Emoji**: a whole grapheme cluster holding a pictograph, a
//!   regional-indicator pair (🇷🇺), a ZWJ sequence, a keycap or an emoji
//!   variation selector.
//! - **Punct**: ASCII punctuation (runs of "." and "-" are one token: "...",
//!   "--"), quotes, dashes, "…", bullets. **Symbol**: "$ % & + < = > ^ ` | ~",
//!   currency, "©", "°", math and the rest.
//! - Zero-width spaces, BOMs and word joiners make no token.

use crate::stages::sentences::lexicon::{self, Abbrev};
use crate::{Stage, StageError};
use attache_doc::{Document, Layer, Span, Token, TokenKind};
use unicode_segmentation::UnicodeSegmentation;

/// Splits each sentence into tokens.
#[derive(Debug, Default)]
pub struct TokenStage;

impl TokenStage {
    /// The stage.
    pub fn new() -> TokenStage {
        TokenStage
    }
}

impl Stage for TokenStage {
    fn name(&self) -> &'static str {
        "tokens"
    }

    fn requires(&self) -> &'static [Layer] {
        &[Layer::Sentences]
    }

    fn provides(&self) -> &'static [Layer] {
        &[Layer::Tokens]
    }

    fn run(&self, doc: &mut Document) -> Result<(), StageError> {
        let (text, layers) = doc.split_mut();
        let mut out = Vec::with_capacity(text.len() / 5 + 4);
        for s in &layers.sentences {
            let (start, end) = (s.span.start(), s.span.end());
            if start > end
                || end > text.len()
                || !text.is_char_boundary(start)
                || !text.is_char_boundary(end)
            {
                continue;
            }
            tokenize(text, start, end, &mut out);
        }
        layers.tokens = out;
        Ok(())
    }
}

/// ASCII byte classes.
const SPACE: u8 = 1;
const ALPHA: u8 = 2;
const DIGIT: u8 = 3;
const PUNCT: u8 = 4;
const SYMBOL: u8 = 5;
const HIGH: u8 = 6;

static CLASS: [u8; 256] = {
    let mut t = [HIGH; 256];
    let mut b = 0;
    while b < 128 {
        t[b] = PUNCT;
        b += 1;
    }
    // Control characters other than white space: symbols.
    let mut b = 0;
    while b < 32 {
        t[b] = SYMBOL;
        b += 1;
    }
    t[127] = SYMBOL;
    t[b' ' as usize] = SPACE;
    t[b'\t' as usize] = SPACE;
    t[b'\n' as usize] = SPACE;
    t[b'\r' as usize] = SPACE;
    t[0x0B] = SPACE;
    t[0x0C] = SPACE;
    let mut b = b'a';
    while b <= b'z' {
        t[b as usize] = ALPHA;
        t[(b - 32) as usize] = ALPHA;
        b += 1;
    }
    let mut b = b'0';
    while b <= b'9' {
        t[b as usize] = DIGIT;
        b += 1;
    }
    let syms = b"$%&+<=>^`|~";
    let mut k = 0;
    while k < syms.len() {
        t[syms[k] as usize] = SYMBOL;
        k += 1;
    }
    t
};

#[inline]
fn push(out: &mut Vec<Token>, a: usize, b: usize, kind: TokenKind) {
    out.push(Token {
        span: Span::new(a, b),
        kind,
    });
}

/// Appends the tokens of `text[start..end]` to `out`, with absolute spans.
///
/// `start` and `end` must be char boundaries of `text`.
pub fn tokenize(text: &str, start: usize, end: usize, out: &mut Vec<Token>) {
    let bytes = &text.as_bytes()[..end];
    let mut i = start;
    while let Some(&b) = bytes.get(i) {
        match CLASS[b as usize] {
            SPACE => i += 1,
            ALPHA => i = word(text, i, end, out),
            DIGIT => i = number(text, i, end, out),
            PUNCT => i = ascii_punct(text, i, end, out),
            SYMBOL => {
                push(out, i, i + 1, TokenKind::Symbol);
                i += 1;
            }
            _ => i = non_ascii(text, i, end, out),
        }
    }
}

/// The character at byte `i`, a char boundary before `end`.
#[inline]
fn char_at(text: &str, i: usize) -> char {
    text[i..].chars().next().unwrap_or(' ')
}

/// Whether a letter or digit starts at `i`.
#[inline]
fn alnum_at(text: &str, i: usize, end: usize) -> bool {
    if i >= end {
        return false;
    }
    let b = text.as_bytes()[i];
    if b < 0x80 {
        b.is_ascii_alphanumeric()
    } else {
        char_at(text, i).is_alphanumeric()
    }
}

#[inline]
fn is_combining(c: char) -> bool {
    matches!(c as u32, 0x0300..=0x036F | 0x1AB0..=0x1AFF | 0x1DC0..=0x1DFF | 0x20D0..=0x20FF | 0xFE20..=0xFE2F)
}

/// ASCII letters and digits.
static ALNUM: [bool; 256] = {
    let mut t = [false; 256];
    let mut b = 0;
    while b < 128 {
        t[b] = (b as u8).is_ascii_alphanumeric();
        b += 1;
    }
    t
};

/// Lanes of a `u64`.
const LO7: u64 = 0x7F7F_7F7F_7F7F_7F7F;
const HI: u64 = 0x8080_8080_8080_8080;
const ONES: u64 = 0x0101_0101_0101_0101;

/// High bit set in each byte lane of `x` (7-bit lanes) that lies in
/// `lo..=hi`; no carry crosses lanes because every lane is below 0x80.
#[inline(always)]
fn lanes_in(x: u64, lo: u8, hi: u8) -> u64 {
    let ge = x.wrapping_add(ONES * u64::from(0x80 - lo));
    let gt = x.wrapping_add(ONES * u64::from(0x7F - hi));
    ge & !gt & HI
}

/// End of the run of ASCII letters and digits from `j`, eight bytes at a
/// time (words are short: one predictable branch per word instead of a
/// mispredicted one at its end).
#[inline(always)]
fn ascii_alnum_end(bytes: &[u8], mut j: usize) -> usize {
    while let Some(chunk) = bytes.get(j..j + 8) {
        let w = u64::from_le_bytes(chunk.try_into().expect("eight bytes"));
        let x = w & LO7;
        let alnum = (lanes_in(x, b'0', b'9') | lanes_in(x | (ONES * 0x20), b'a', b'z')) & !(w & HI);
        let stop = !alnum & HI;
        if stop != 0 {
            return j + (stop.trailing_zeros() / 8) as usize;
        }
        j += 8;
    }
    while let Some(&b) = bytes.get(j) {
        if ALNUM[b as usize] {
            j += 1;
        } else {
            break;
        }
    }
    j
}

/// End of the run of letters, digits and combining marks from `i` (soft
/// hyphens and joiners between two letters included).
#[inline]
fn alnum_run(text: &str, mut j: usize, end: usize) -> usize {
    let bytes = &text.as_bytes()[..end];
    let start = j;
    loop {
        j = ascii_alnum_end(bytes, j);
        if j >= end || bytes[j] < 0x80 {
            return j;
        }
        let c = char_at(text, j);
        let n = c.len_utf8();
        let joiner = matches!(c, '\u{AD}' | '\u{200C}' | '\u{200D}') && alnum_at(text, j + n, end);
        if c.is_alphanumeric() || is_combining(c) || joiner {
            j += n;
        } else if j > start && !matches!(c as u32, 0x2000..=0x206F) && !c.is_whitespace() {
            // A mark of another script or a variation selector that extends
            // the cluster before it: keep the cluster whole.
            let mut p = j - 1;
            while !text.is_char_boundary(p) {
                p -= 1;
            }
            let g = text[p..end].graphemes(true).next().map_or(0, str::len);
            if p + g > j {
                j = p + g;
            } else {
                return j;
            }
        } else {
            return j;
        }
    }
}

/// The length of an apostrophe (' or ’) at `j`, or 0.
#[inline]
fn apostrophe(bytes: &[u8], j: usize, end: usize) -> usize {
    if bytes[j] == b'\'' {
        1
    } else if j + 2 < end && bytes[j] == 0xE2 && bytes[j + 1] == 0x80 && bytes[j + 2] == 0x99 {
        3
    } else {
        0
    }
}

/// A word (or a URL, an e-mail address, an abbreviation) starting with an
/// ASCII letter at `i`.
fn word(text: &str, i: usize, end: usize, out: &mut Vec<Token>) -> usize {
    let bytes = text.as_bytes();
    let mut j = alnum_run(text, i, end);
    if j < end && matches!(bytes[j], b'.' | b':' | b'@' | b'_' | b'+' | b'%' | b'-') {
        if let Some(u) = url_at(text, i, end) {
            push(out, i, u, TokenKind::Url);
            // "Amazon.com's": the clitic is a word of its own.
            let ap = if u < end {
                apostrophe(bytes, u, end)
            } else {
                0
            };
            if ap > 0
                && u + ap < end
                && matches!(bytes[u + ap], b's' | b'S')
                && !alnum_at(text, u + ap + 1, end)
            {
                push(out, u, u + ap + 1, TokenKind::Word);
                return u + ap + 1;
            }
            return u;
        }
    }
    // No hyphen or apostrophe joined so far (for abbreviations).
    let mut simple = true;
    loop {
        if j >= end {
            break;
        }
        let b = bytes[j];
        if b == b'-' || (b == 0xE2 && j + 2 < end && bytes[j + 1] == 0x80 && bytes[j + 2] == 0x91) {
            let n = if b == b'-' { 1 } else { 3 };
            if alnum_at(text, j + n, end) {
                simple = false;
                j = alnum_run(text, j + n, end);
                continue;
            }
            break;
        }
        let ap = apostrophe(bytes, j, end);
        if ap > 0 {
            let k = j + ap;
            if !alnum_at(text, k, end) {
                break;
            }
            if matches!(bytes[k], b's' | b'S') && !alnum_at(text, k + 1, end) {
                // Possessive or clitic 's: its own token.
                push(out, i, j, TokenKind::Word);
                push(out, j, k + 1, TokenKind::Word);
                return k + 1;
            }
            simple = false;
            j = alnum_run(text, k, end);
            continue;
        }
        // "AT&T", "S&P", "Q&A": an ampersand between capitals.
        if b == b'&'
            && j + 1 < end
            && bytes[j + 1].is_ascii_uppercase()
            && j - i <= 3
            && bytes[i..j].iter().all(u8::is_ascii_uppercase)
        {
            simple = false;
            j = alnum_run(text, j + 1, end);
            continue;
        }
        if b == b'.' && simple && bytes[i..j].iter().all(u8::is_ascii_alphabetic) {
            if let Some(k) = abbreviation_end(text, i, j, end) {
                j = k;
            }
        }
        break;
    }
    push(out, i, j, TokenKind::Word);
    j
}

/// Where an abbreviation made of the letters `i..j` and the period at `j`
/// ends, when it is one.
fn abbreviation_end(text: &str, i: usize, j: usize, end: usize) -> Option<usize> {
    let bytes = text.as_bytes();
    // Dotted: "U.S.", "e.g.", "J.R.R.", "Ph.D."
    if j - i <= 2 && j + 1 < end && bytes[j + 1].is_ascii_alphabetic() {
        let mut k = j;
        let mut segs = 1;
        loop {
            // at a period
            let s = k + 1;
            let mut e = s;
            while e < end && bytes[e].is_ascii_alphabetic() {
                e += 1;
            }
            if e == s || e - s > 2 || alnum_at(text, e, end) {
                break;
            }
            segs += 1;
            k = e;
            if k < end && bytes[k] == b'.' {
                if k + 1 < end && bytes[k + 1].is_ascii_alphabetic() {
                    continue;
                }
                k += 1;
            }
            break;
        }
        if segs >= 2 {
            return Some(k);
        }
    }
    let at_end = sentence_end_after(bytes, j + 1, end);
    let next_digit = {
        let mut k = j + 1;
        while k < end && bytes[k] == b' ' {
            k += 1;
        }
        k < end && bytes[k].is_ascii_digit()
    };
    let include = match lexicon::abbreviation(&bytes[i..j]) {
        None => false,
        Some(Abbrev::Numeric) => next_digit,
        Some(Abbrev::Ambiguous) if j - i == 1 => !at_end,
        Some(_) => true,
    };
    include.then_some(j + 1)
}

/// Whether only closing quotes and brackets remain from `k` to `end`.
fn sentence_end_after(bytes: &[u8], mut k: usize, end: usize) -> bool {
    while k < end {
        match bytes[k] {
            b'"' | b'\'' | b')' | b']' | b'}' => k += 1,
            0xE2 if k + 2 < end && bytes[k + 1] == 0x80 && matches!(bytes[k + 2], 0x9D | 0x99) => {
                k += 3
            }
            _ => return false,
        }
    }
    true
}

/// Known top-level domains for bare hosts ("example.com").
fn is_tld(label: &[u8]) -> bool {
    if label.len() < 2 || label.len() > 6 {
        return false;
    }
    let mut buf = [0u8; 6];
    for (d, &b) in buf.iter_mut().zip(label) {
        *d = b.to_ascii_lowercase();
    }
    matches!(
        &buf[..label.len()],
        b"com"
            | b"net"
            | b"org"
            | b"gov"
            | b"edu"
            | b"mil"
            | b"int"
            | b"io"
            | b"co"
            | b"uk"
            | b"ru"
            | b"de"
            | b"fr"
            | b"eu"
            | b"es"
            | b"info"
            | b"biz"
            | b"tv"
            | b"ly"
            | b"au"
            | b"ca"
            | b"cn"
            | b"jp"
            | b"ch"
            | b"ve"
            | b"cu"
            | b"br"
            | b"ua"
            | b"ie"
            | b"nz"
            | b"news"
            | b"app"
            | b"dev"
            | b"ai"
            | b"gg"
            | b"ng"
            | b"za"
            | b"nl"
            | b"se"
            | b"pl"
            | b"mx"
            | b"ar"
            | b"online"
    )
}

/// URL characters after a scheme, "www." or a host's slash.
#[inline]
fn url_char(b: u8) -> bool {
    b > b' '
        && b < 0x7F
        && !matches!(
            b,
            b'"' | b'<' | b'>' | b'`' | b'{' | b'}' | b'|' | b'\\' | b'^'
        )
}

/// Consumes URL characters from `k`, then drops trailing punctuation and
/// unbalanced closing brackets.
fn url_tail(bytes: &[u8], start: usize, mut k: usize, end: usize) -> usize {
    while k < end && url_char(bytes[k]) {
        k += 1;
    }
    // Bracket balance, counted once and kept as closers are dropped.
    let count = |c: u8| bytes[start..k].iter().filter(|&&b| b == c).count();
    let (mut paren, mut square) = (
        count(b')') as isize - count(b'(') as isize,
        count(b']') as isize - count(b'[') as isize,
    );
    loop {
        if k <= start + 1 {
            return k;
        }
        match bytes[k - 1] {
            b'.' | b',' | b';' | b':' | b'!' | b'?' | b'\'' | b'*' => k -= 1,
            b')' if paren > 0 => {
                paren -= 1;
                k -= 1;
            }
            b']' if square > 0 => {
                square -= 1;
                k -= 1;
            }
            _ => return k,
        }
    }
}

fn starts_with_ci(hay: &[u8], needle: &[u8]) -> bool {
    hay.len() >= needle.len() && hay[..needle.len()].eq_ignore_ascii_case(needle)
}

/// The end of a URL or e-mail address starting at `i`, if one does.
fn url_at(text: &str, i: usize, end: usize) -> Option<usize> {
    let bytes = text.as_bytes();
    let rest = &bytes[i..end];
    for scheme in [&b"https://"[..], b"http://", b"ftp://", b"www."] {
        if starts_with_ci(rest, scheme) && rest.len() > scheme.len() && url_char(rest[scheme.len()])
        {
            let e = url_tail(bytes, i, i + scheme.len(), end);
            return (e > i + scheme.len()).then_some(e);
        }
    }
    // A run of host / e-mail local-part characters (bounded, so that a
    // long dotted run costs linear time over all its tokens).
    let lim = end.min(i + 320);
    let mut k = i;
    while k < lim
        && (bytes[k].is_ascii_alphanumeric()
            || matches!(bytes[k], b'.' | b'-' | b'_' | b'+' | b'%'))
    {
        k += 1;
    }
    if k < end && bytes[k] == b'@' {
        // E-mail: a host with a dot after the "@".
        let h = k + 1;
        let e = host_end(bytes, h, end)?;
        return Some(e);
    }
    let e = host_end(bytes, i, end)?;
    if e < end && bytes[e] == b'/' {
        return Some(url_tail(bytes, i, e, end));
    }
    Some(e)
}

/// The end of a host name from `h`: dot-separated labels of letters, digits
/// and hyphens, at least two, the last a known top-level domain; the next
/// character must not continue a word.
fn host_end(bytes: &[u8], h: usize, end: usize) -> Option<usize> {
    // Host names are at most 253 bytes.
    let full_end = end;
    let end = end.min(h + 254);
    let mut k = h;
    let mut labels = 0;
    let mut last;
    loop {
        let s = k;
        while k < end && (bytes[k].is_ascii_alphanumeric() || bytes[k] == b'-' || bytes[k] == b'_')
        {
            k += 1;
        }
        if k == s {
            return None;
        }
        labels += 1;
        last = s;
        if k + 1 < end && bytes[k] == b'.' && bytes[k + 1].is_ascii_alphanumeric() {
            k += 1;
            continue;
        }
        break;
    }
    if labels < 2 || !is_tld(&bytes[last..k]) || !bytes[last..k].iter().all(u8::is_ascii_alphabetic)
    {
        return None;
    }
    if k == end && end < full_end {
        // Cut by the length bound: not a host.
        return None;
    }
    if k < full_end && bytes[k] >= 0x80 {
        return None;
    }
    Some(k)
}

/// A number starting with an ASCII digit at `i`.
fn number(text: &str, i: usize, end: usize, out: &mut Vec<Token>) -> usize {
    let bytes = text.as_bytes();
    let digits = |mut k: usize| {
        while k < end && bytes[k].is_ascii_digit() {
            k += 1;
        }
        k
    };
    let mut j = digits(i);
    // Keycap emoji: "1️⃣".
    if j == i + 1
        && j + 2 < end
        && (bytes[j..].starts_with("\u{FE0F}".as_bytes())
            || bytes[j..].starts_with("\u{20E3}".as_bytes()))
    {
        return emoji_or_symbol(text, i, end, out);
    }
    loop {
        if j + 1 >= end {
            break;
        }
        match bytes[j] {
            b',' => {
                let e = digits(j + 1);
                if e - (j + 1) == 3 {
                    j = e;
                    continue;
                }
            }
            b'.' if bytes[j + 1].is_ascii_digit() => {
                j = digits(j + 1);
                continue;
            }
            b':' => {
                let e = digits(j + 1);
                if e - (j + 1) == 2 {
                    j = e;
                    continue;
                }
            }
            _ => {}
        }
        break;
    }
    if alnum_at(text, j, end) {
        j = alnum_run(text, j, end);
    }
    push(out, i, j, TokenKind::Number);
    j
}

/// ASCII punctuation at `i`: hashtags, handles, runs of "." and "-".
fn ascii_punct(text: &str, i: usize, end: usize, out: &mut Vec<Token>) -> usize {
    let bytes = text.as_bytes();
    let b = bytes[i];
    // Keycaps "#️⃣", "*️⃣": an emoji cluster.
    if matches!(b, b'#' | b'*') && i + 1 < end && bytes[i + 1] >= 0x80 {
        let rest = &bytes[i + 1..end];
        if rest.starts_with("\u{FE0F}".as_bytes()) || rest.starts_with("\u{20E3}".as_bytes()) {
            return emoji_or_symbol(text, i, end, out);
        }
    }
    match b {
        b'#' => {
            let e = alnum_run_underscore(text, i + 1, end);
            if e > i + 1 && !bytes[i + 1..e].iter().all(u8::is_ascii_digit) {
                push(out, i, e, TokenKind::Hashtag);
                return e;
            }
        }
        b'@' => {
            let mut e = i + 1;
            while e < end && (bytes[e].is_ascii_alphanumeric() || bytes[e] == b'_') {
                e += 1;
            }
            if e > i + 1 {
                push(out, i, e, TokenKind::Handle);
                return e;
            }
        }
        b'.' | b'-' => {
            let mut e = i + 1;
            while e < end && bytes[e] == b {
                e += 1;
            }
            push(out, i, e, TokenKind::Punct);
            return e;
        }
        _ => {}
    }
    push(out, i, i + 1, TokenKind::Punct);
    i + 1
}

/// Letters, digits and underscores (a hashtag's body).
fn alnum_run_underscore(text: &str, mut j: usize, end: usize) -> usize {
    loop {
        let e = alnum_run(text, j, end);
        if e < end && text.as_bytes()[e] == b'_' {
            j = e + 1;
        } else {
            return e;
        }
    }
}

/// A non-ASCII character at `i`.
fn non_ascii(text: &str, i: usize, end: usize, out: &mut Vec<Token>) -> usize {
    let c = char_at(text, i);
    let n = c.len_utf8();
    if c.is_alphabetic() || c.is_numeric() {
        return unicode_word(text, i, end, out);
    }
    if c.is_whitespace()
        || matches!(
            c,
            '\u{200B}' | '\u{2060}' | '\u{FEFF}' | '\u{AD}' | '\u{200C}' | '\u{200D}'
        )
    {
        return i + n;
    }
    if c == '…' || is_punct(c) {
        push(out, i, i + n, TokenKind::Punct);
        return i + n;
    }
    emoji_or_symbol(text, i, end, out)
}

/// A word starting with a non-ASCII letter or digit ("Édgar", "Ángel's").
fn unicode_word(text: &str, i: usize, end: usize, out: &mut Vec<Token>) -> usize {
    let bytes = text.as_bytes();
    let mut j = alnum_run(text, i, end);
    loop {
        if j >= end {
            break;
        }
        if bytes[j] == b'-' && alnum_at(text, j + 1, end) {
            j = alnum_run(text, j + 1, end);
            continue;
        }
        let ap = apostrophe(bytes, j, end);
        if ap > 0 && alnum_at(text, j + ap, end) {
            let k = j + ap;
            if matches!(bytes[k], b's' | b'S') && !alnum_at(text, k + 1, end) {
                push(out, i, j, TokenKind::Word);
                push(out, j, k + 1, TokenKind::Word);
                return k + 1;
            }
            j = alnum_run(text, k, end);
            continue;
        }
        break;
    }
    let first = char_at(text, i);
    let kind = if first.is_numeric() && !first.is_alphabetic() {
        TokenKind::Number
    } else {
        TokenKind::Word
    };
    push(out, i, j, kind);
    j
}

/// Non-ASCII punctuation: general punctuation, CJK and full-width marks,
/// quotes and dashes.
fn is_punct(c: char) -> bool {
    matches!(c as u32,
        0xA1 | 0xA7 | 0xAB | 0xB6 | 0xB7 | 0xBB | 0xBF
        | 0x2010..=0x2027 | 0x2030..=0x205E
        | 0x3001..=0x3003 | 0x3008..=0x3011 | 0x3014..=0x301F
        | 0xFE10..=0xFE19 | 0xFE30..=0xFE6B
        | 0xFF01..=0xFF03 | 0xFF05..=0xFF0A | 0xFF0C..=0xFF0F | 0xFF1A | 0xFF1B | 0xFF1F | 0xFF20
        | 0xFF3B..=0xFF3D | 0xFF3F | 0xFF5B | 0xFF5D | 0xFF5F..=0xFF65)
}

/// Pictographs that are emoji on their own.
fn is_pictograph(c: char) -> bool {
    matches!(c as u32,
        0x1F000..=0x1FAFF | 0x2600..=0x27BF | 0x231A | 0x231B | 0x2328 | 0x23CF
        | 0x23E9..=0x23F3 | 0x23F8..=0x23FA | 0x2934 | 0x2935 | 0x2B05..=0x2B07
        | 0x2B1B | 0x2B1C | 0x2B50 | 0x2B55 | 0x3030 | 0x303D | 0x3297 | 0x3299)
}

/// The grapheme cluster at `i`: Emoji when it holds a pictograph, a
/// regional indicator, a ZWJ, a keycap or an emoji variation selector;
/// Punct or Symbol otherwise.
fn emoji_or_symbol(text: &str, i: usize, end: usize, out: &mut Vec<Token>) -> usize {
    let g = text[i..end].graphemes(true).next().unwrap_or("");
    let e = if g.is_empty() {
        i + char_at(text, i).len_utf8()
    } else {
        i + g.len()
    };
    let g = &text[i..e];
    let emoji = g.chars().any(|c| {
        is_pictograph(c) || matches!(c as u32, 0xFE0F | 0x200D | 0x20E3 | 0xE0020..=0xE007F)
    });
    let kind = if emoji {
        TokenKind::Emoji
    } else if g.chars().next().is_some_and(is_punct) {
        TokenKind::Punct
    } else {
        TokenKind::Symbol
    };
    push(out, i, e, kind);
    e
}

#[cfg(test)]
mod tests {
    use super::*;

    fn toks(text: &str) -> Vec<(&str, TokenKind)> {
        let mut out = Vec::new();
        tokenize(text, 0, text.len(), &mut out);
        out.iter().map(|t| (t.span.text(text), t.kind)).collect()
    }

    fn surfaces(text: &str) -> Vec<&str> {
        toks(text).into_iter().map(|t| t.0).collect()
    }

    #[test]
    fn words_and_numbers() {
        use TokenKind::*;
        assert_eq!(
            toks("Díaz-Canel paid $1,000.50 on 21-22"),
            [
                ("Díaz-Canel", Word),
                ("paid", Word),
                ("$", Symbol),
                ("1,000.50", Number),
                ("on", Word),
                ("21", Number),
                ("-", Punct),
                ("22", Number)
            ]
        );
        assert_eq!(
            surfaces("Russia's U.S. Feb. 7"),
            ["Russia", "'s", "U.S.", "Feb.", "7"]
        );
        assert_eq!(surfaces("Lavrov’s tour."), ["Lavrov", "’s", "tour", "."]);
    }

    #[test]
    fn swar_run_matches_the_table() {
        let all: Vec<u8> = (0..=255u8).collect();
        for start in 0..all.len() {
            for len in [0usize, 1, 7, 8, 9, 17] {
                let end = (start + len).min(all.len());
                let s = &all[start..end];
                let want = s
                    .iter()
                    .position(|&b| !ALNUM[b as usize])
                    .unwrap_or(s.len());
                assert_eq!(ascii_alnum_end(s, 0), want, "start {start} len {len}");
            }
        }
        let text = b"abcdefghXYZ0123456789_rest";
        assert_eq!(ascii_alnum_end(text, 0), 21);
        assert_eq!(ascii_alnum_end(text, 22), 26);
    }

    #[test]
    fn long_runs_take_linear_time() {
        // Quadratic scans would take minutes on these.
        let dotted = "a.".repeat(100_000);
        let mut out = Vec::new();
        tokenize(&dotted, 0, dotted.len(), &mut out);
        assert!(!out.is_empty());
        let url = format!("http://x.com/{}", ")".repeat(200_000));
        out.clear();
        tokenize(&url, 0, url.len(), &mut out);
        assert_eq!(out[0].kind, TokenKind::Url);
        let host = format!("{}com", "ab.".repeat(100_000));
        out.clear();
        tokenize(&host, 0, host.len(), &mut out);
        assert!(out.iter().all(|t| t.kind != TokenKind::Url));
    }

    #[test]
    fn social() {
        use TokenKind::*;
        assert_eq!(
            toks("🇷🇺 (@mfa_russia) #G20 pic.twitter.com/4uQaYlxWQi."),
            [
                ("🇷🇺", Emoji),
                ("(", Punct),
                ("@mfa_russia", Handle),
                (")", Punct),
                ("#G20", Hashtag),
                ("pic.twitter.com/4uQaYlxWQi", Url),
                (".", Punct)
            ]
        );
    }
}
