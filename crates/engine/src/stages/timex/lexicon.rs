//! Trigger words and their classes, the sentence lexer, and small word
//! tables (number words, ordinals, cue words).

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, AhoCorasickKind, MatchKind};

/// A unit of time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unit {
    /// Seconds.
    Second,
    /// Minutes.
    Minute,
    /// Hours.
    Hour,
    /// Days.
    Day,
    /// Weeks.
    Week,
    /// Weekends.
    Weekend,
    /// Fortnights.
    Fortnight,
    /// Months.
    Month,
    /// Quarters.
    Quarter,
    /// Years.
    Year,
    /// Decades.
    Decade,
    /// Centuries.
    Century,
}

/// A temporal keyword.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kw {
    Today,
    Yesterday,
    Tomorrow,
    Tonight,
    Now,
    Currently,
    Nowadays,
    Recently,
    Past,
    Future,
    Present,
    Daily,
    Weekly,
    Monthly,
    Annually,
    Hourly,
    Nightly,
    Noon,
    Midnight,
    Christmas,
    NewYear,
}

/// What a trigger word is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Class {
    /// Not a trigger.
    None,
    /// A run of digits.
    Num,
    /// A month (1-12); abbreviated?
    Month(u32, bool),
    /// A weekday (ISO 1-7); plural?
    Weekday(u32, bool),
    /// A unit; plural?
    Unit(Unit, bool),
    /// A season: 0 spring, 1 summer, 2 autumn, 3 winter.
    Season(u32),
    /// A part of day: "MO", "AF", "EV", "NI".
    Pod(&'static str),
    /// A keyword.
    Kw(Kw),
}

/// The lexical kind of a word.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum K {
    /// Letters.
    Alpha,
    /// Digits.
    Num,
    /// One punctuation or symbol character.
    Punct,
}

/// A word of a sentence.
#[derive(Debug, Clone, Copy)]
pub struct W {
    /// Start byte.
    pub s: u32,
    /// End byte.
    pub e: u32,
    /// Kind.
    pub k: K,
    /// White space before it.
    pub gap: bool,
    /// Trigger class.
    pub c: Class,
}

const TRIGGERS: &[(&str, Class)] = &[
    ("january", Class::Month(1, false)),
    ("february", Class::Month(2, false)),
    ("march", Class::Month(3, false)),
    ("april", Class::Month(4, false)),
    ("may", Class::Month(5, false)),
    ("june", Class::Month(6, false)),
    ("july", Class::Month(7, false)),
    ("august", Class::Month(8, false)),
    ("september", Class::Month(9, false)),
    ("october", Class::Month(10, false)),
    ("november", Class::Month(11, false)),
    ("december", Class::Month(12, false)),
    ("jan", Class::Month(1, true)),
    ("feb", Class::Month(2, true)),
    ("mar", Class::Month(3, true)),
    ("apr", Class::Month(4, true)),
    ("jun", Class::Month(6, true)),
    ("jul", Class::Month(7, true)),
    ("aug", Class::Month(8, true)),
    ("sep", Class::Month(9, true)),
    ("sept", Class::Month(9, true)),
    ("oct", Class::Month(10, true)),
    ("nov", Class::Month(11, true)),
    ("dec", Class::Month(12, true)),
    ("monday", Class::Weekday(1, false)),
    ("tuesday", Class::Weekday(2, false)),
    ("wednesday", Class::Weekday(3, false)),
    ("thursday", Class::Weekday(4, false)),
    ("friday", Class::Weekday(5, false)),
    ("saturday", Class::Weekday(6, false)),
    ("sunday", Class::Weekday(7, false)),
    ("mondays", Class::Weekday(1, true)),
    ("tuesdays", Class::Weekday(2, true)),
    ("wednesdays", Class::Weekday(3, true)),
    ("thursdays", Class::Weekday(4, true)),
    ("fridays", Class::Weekday(5, true)),
    ("saturdays", Class::Weekday(6, true)),
    ("sundays", Class::Weekday(7, true)),
    ("seconds", Class::Unit(Unit::Second, true)),
    ("minute", Class::Unit(Unit::Minute, false)),
    ("minutes", Class::Unit(Unit::Minute, true)),
    ("hour", Class::Unit(Unit::Hour, false)),
    ("hours", Class::Unit(Unit::Hour, true)),
    ("day", Class::Unit(Unit::Day, false)),
    ("days", Class::Unit(Unit::Day, true)),
    ("week", Class::Unit(Unit::Week, false)),
    ("weeks", Class::Unit(Unit::Week, true)),
    ("weekend", Class::Unit(Unit::Weekend, false)),
    ("weekends", Class::Unit(Unit::Weekend, true)),
    ("fortnight", Class::Unit(Unit::Fortnight, false)),
    ("fortnights", Class::Unit(Unit::Fortnight, true)),
    ("month", Class::Unit(Unit::Month, false)),
    ("months", Class::Unit(Unit::Month, true)),
    ("quarter", Class::Unit(Unit::Quarter, false)),
    ("quarters", Class::Unit(Unit::Quarter, true)),
    ("year", Class::Unit(Unit::Year, false)),
    ("years", Class::Unit(Unit::Year, true)),
    ("decade", Class::Unit(Unit::Decade, false)),
    ("decades", Class::Unit(Unit::Decade, true)),
    ("century", Class::Unit(Unit::Century, false)),
    ("centuries", Class::Unit(Unit::Century, true)),
    ("spring", Class::Season(0)),
    ("summer", Class::Season(1)),
    ("autumn", Class::Season(2)),
    ("fall", Class::Season(2)),
    ("winter", Class::Season(3)),
    ("morning", Class::Pod("MO")),
    ("afternoon", Class::Pod("AF")),
    ("evening", Class::Pod("EV")),
    ("night", Class::Pod("NI")),
    ("today", Class::Kw(Kw::Today)),
    ("yesterday", Class::Kw(Kw::Yesterday)),
    ("tomorrow", Class::Kw(Kw::Tomorrow)),
    ("tonight", Class::Kw(Kw::Tonight)),
    ("now", Class::Kw(Kw::Now)),
    ("currently", Class::Kw(Kw::Currently)),
    ("nowadays", Class::Kw(Kw::Nowadays)),
    ("recently", Class::Kw(Kw::Recently)),
    ("lately", Class::Kw(Kw::Recently)),
    ("past", Class::Kw(Kw::Past)),
    ("future", Class::Kw(Kw::Future)),
    ("present", Class::Kw(Kw::Present)),
    ("daily", Class::Kw(Kw::Daily)),
    ("weekly", Class::Kw(Kw::Weekly)),
    ("monthly", Class::Kw(Kw::Monthly)),
    ("annually", Class::Kw(Kw::Annually)),
    ("yearly", Class::Kw(Kw::Annually)),
    ("hourly", Class::Kw(Kw::Hourly)),
    ("nightly", Class::Kw(Kw::Nightly)),
    ("noon", Class::Kw(Kw::Noon)),
    ("midday", Class::Kw(Kw::Noon)),
    ("midnight", Class::Kw(Kw::Midnight)),
    ("christmas", Class::Kw(Kw::Christmas)),
];

/// The trigger automaton.
#[derive(Debug)]
pub struct Triggers {
    ac: AhoCorasick,
}

impl Triggers {
    /// Compiles the trigger words.
    pub fn new() -> Triggers {
        let ac = AhoCorasickBuilder::new()
            .ascii_case_insensitive(true)
            .match_kind(MatchKind::LeftmostLongest)
            .kind(Some(AhoCorasickKind::DFA))
            .build(TRIGGERS.iter().map(|(p, _)| p))
            .expect("trigger patterns compile");
        Triggers { ac }
    }

    /// Trigger words standing as whole words in `text`, in order.
    pub fn scan(&self, text: &str, out: &mut Vec<(u32, u32, Class)>) {
        let b = text.as_bytes();
        for m in self.ac.find_iter(text) {
            let (s, e) = (m.start(), m.end());
            if s > 0 && is_wordish_before(text, s) {
                continue;
            }
            if e < b.len() && is_wordish_after(text, e) {
                continue;
            }
            out.push((s as u32, e as u32, TRIGGERS[m.pattern().as_usize()].1));
        }
    }
}

fn is_wordish_before(text: &str, s: usize) -> bool {
    let c = text.as_bytes()[s - 1];
    if c < 0x80 {
        return c.is_ascii_alphanumeric();
    }
    text[..s]
        .chars()
        .next_back()
        .is_some_and(char::is_alphanumeric)
}

fn is_wordish_after(text: &str, e: usize) -> bool {
    let c = text.as_bytes()[e];
    if c < 0x80 {
        return c.is_ascii_alphanumeric();
    }
    text[e..].chars().next().is_some_and(char::is_alphanumeric)
}

/// Splits `text[start..end]` into words, numbers and punctuation,
/// classifying trigger words from `hits` (sorted; `*hi` advances).
pub fn lex(
    text: &str,
    start: usize,
    end: usize,
    hits: &[(u32, u32, Class)],
    hi: &mut usize,
    out: &mut Vec<W>,
) {
    out.clear();
    let b = text.as_bytes();
    let mut i = start;
    let mut gap = true;
    while i < end {
        let c = b[i];
        if c < 0x80 {
            if c.is_ascii_whitespace() {
                gap = true;
                i += 1;
                continue;
            }
            let s = i;
            let k = if c.is_ascii_alphabetic() {
                i += 1;
                while i < end && alpha_at(text, i) {
                    i += next_len(b[i]);
                }
                K::Alpha
            } else if c.is_ascii_digit() {
                i += 1;
                while i < end && b[i].is_ascii_digit() {
                    i += 1;
                }
                K::Num
            } else {
                i += 1;
                K::Punct
            };
            push(out, s, i, k, gap, hits, hi);
            gap = false;
        } else {
            let ch = text[i..].chars().next().unwrap_or(' ');
            let l = ch.len_utf8();
            if ch.is_whitespace() || ch == '\u{200b}' || ch == '\u{feff}' {
                gap = true;
                i += l;
                continue;
            }
            let s = i;
            if ch.is_alphabetic() {
                i += l;
                while i < end && alpha_at(text, i) {
                    i += next_len(b[i]);
                }
                push(out, s, i, K::Alpha, gap, hits, hi);
            } else {
                i += l;
                push(out, s, i, K::Punct, gap, hits, hi);
            }
            gap = false;
        }
    }
}

#[inline]
fn next_len(c: u8) -> usize {
    match c {
        0..=0x7f => 1,
        0xc0..=0xdf => 2,
        0xe0..=0xef => 3,
        _ => 4,
    }
}

#[inline]
fn alpha_at(text: &str, i: usize) -> bool {
    let c = text.as_bytes()[i];
    if c < 0x80 {
        c.is_ascii_alphabetic()
    } else {
        text[i..].chars().next().is_some_and(char::is_alphabetic)
    }
}

fn push(
    out: &mut Vec<W>,
    s: usize,
    e: usize,
    k: K,
    gap: bool,
    hits: &[(u32, u32, Class)],
    hi: &mut usize,
) {
    let mut c = if k == K::Num { Class::Num } else { Class::None };
    if k == K::Alpha {
        while *hi < hits.len() && (hits[*hi].0 as usize) < s {
            *hi += 1;
        }
        if *hi < hits.len() && hits[*hi].0 as usize == s && hits[*hi].1 as usize == e {
            c = hits[*hi].2;
        }
    }
    out.push(W {
        s: s as u32,
        e: e as u32,
        k,
        gap,
        c,
    });
}

/// Lower-cases a short ASCII word into `buf`.
pub fn lower<'b>(s: &str, buf: &'b mut [u8; 24]) -> &'b str {
    let b = s.as_bytes();
    if b.len() > 24 {
        return "";
    }
    for (o, c) in buf.iter_mut().zip(b) {
        *o = c.to_ascii_lowercase();
    }
    std::str::from_utf8(&buf[..b.len()]).unwrap_or("")
}

/// "one" .. "ninety", "hundred", "dozen".
pub fn number_word(s: &str) -> Option<u32> {
    let mut buf = [0u8; 24];
    Some(match lower(s, &mut buf) {
        "one" => 1,
        "two" => 2,
        "three" => 3,
        "four" => 4,
        "five" => 5,
        "six" => 6,
        "seven" => 7,
        "eight" => 8,
        "nine" => 9,
        "ten" => 10,
        "eleven" => 11,
        "twelve" => 12,
        "thirteen" => 13,
        "fourteen" => 14,
        "fifteen" => 15,
        "sixteen" => 16,
        "seventeen" => 17,
        "eighteen" => 18,
        "nineteen" => 19,
        "twenty" => 20,
        "thirty" => 30,
        "forty" => 40,
        "fifty" => 50,
        "sixty" => 60,
        "seventy" => 70,
        "eighty" => 80,
        "ninety" => 90,
        "hundred" => 100,
        "dozen" => 12,
        _ => return None,
    })
}

/// "first" .. "twentieth", "thirtieth", "last" is not one.
pub fn ordinal_word(s: &str) -> Option<u32> {
    let mut buf = [0u8; 24];
    Some(match lower(s, &mut buf) {
        "first" => 1,
        "second" => 2,
        "third" => 3,
        "fourth" => 4,
        "fifth" => 5,
        "sixth" => 6,
        "seventh" => 7,
        "eighth" => 8,
        "ninth" => 9,
        "tenth" => 10,
        "eleventh" => 11,
        "twelfth" => 12,
        "thirteenth" => 13,
        "fourteenth" => 14,
        "fifteenth" => 15,
        "sixteenth" => 16,
        "seventeenth" => 17,
        "eighteenth" => 18,
        "nineteenth" => 19,
        "twentieth" => 20,
        "thirtieth" => 30,
        _ => return None,
    })
}

/// Irregular past-tense verb forms.
pub fn irregular_past(s: &str) -> bool {
    matches!(
        s,
        "was"
            | "were"
            | "had"
            | "did"
            | "said"
            | "told"
            | "met"
            | "went"
            | "came"
            | "took"
            | "gave"
            | "made"
            | "held"
            | "began"
            | "left"
            | "saw"
            | "got"
            | "found"
            | "won"
            | "lost"
            | "led"
            | "sent"
            | "spoke"
            | "wrote"
            | "fell"
            | "rose"
            | "ran"
            | "paid"
            | "sold"
            | "bought"
            | "brought"
            | "thought"
            | "knew"
            | "became"
            | "kept"
            | "struck"
            | "shot"
            | "fled"
            | "flew"
            | "drove"
            | "stood"
            | "sat"
            | "spent"
            | "built"
            | "broke"
            | "chose"
            | "caught"
            | "fought"
            | "felt"
            | "heard"
            | "meant"
            | "grew"
            | "threw"
            | "forgot"
            | "swore"
            | "wore"
            | "tore"
            | "bore"
            | "ate"
            | "drew"
            | "withdrew"
            | "overtook"
            | "undertook"
            | "arose"
            | "woke"
            | "hid"
            | "dealt"
            | "sought"
            | "taught"
            | "laid"
            | "sank"
            | "rang"
            | "sang"
            | "swam"
            | "slid"
            | "been"
            | "ago"
            | "yesterday"
            | "earlier"
            | "previously"
            | "former"
            | "formerly"
    )
}
