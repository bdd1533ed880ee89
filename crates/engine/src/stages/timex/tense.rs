//! Tense and aspect cues in the clause around an expression.
//!
//! The nearest cue wins, looking up to 30 words left and 12 right, a
//! clause boundary counting as three words
//! (left first at equal distance): modal and "going to"/"set to"/
//! "expected"/"scheduled" cues mean future; past-tense verbs (regular
//! "-ed" forms and a list of irregular ones), "had"/"has"/"was" mean past.

use super::grammar::Ctx;
use super::lexicon::{irregular_past, lower, K};

/// The time orientation of a clause.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tense {
    /// No cue.
    None,
    /// Past.
    Past,
    /// Future.
    Future,
}

const ED_NOT_PAST: &[&str] = &[
    "need",
    "indeed",
    "speed",
    "seed",
    "feed",
    "breed",
    "bleed",
    "proceed",
    "exceed",
    "succeed",
    "embed",
    "shed",
    "bed",
    "red",
    "wed",
    "hundred",
    "based",
    "related",
    "united",
    "advanced",
    "armed",
    "detailed",
    "limited",
    "supposed",
    "alleged",
    "concerned",
    "interested",
    "experienced",
    "qualified",
    "skilled",
    "talented",
    "so-called",
    "named",
    "called",
    "owned",
    "elected",
    "appointed",
    "sanctioned",
    "unprecedented",
    "coordinated",
    "sustained",
    "guaranteed",
    "weed",
    "greed",
    "deed",
    "steed",
    "creed",
    "tweed",
    "reed",
    "freed",
];

const FUTURE_WORDS: &[&str] = &[
    "will",
    "shall",
    "would",
    "expected",
    "scheduled",
    "slated",
    "upcoming",
    "planning",
    "plans",
    "intends",
    "intend",
    "aims",
    "tomorrow",
    "next",
    "ahead",
    "forthcoming",
    "wo",
    "ll",
];

fn cue(c: &Ctx<'_>, i: usize) -> Option<Tense> {
    if c.kind(i) != Some(K::Alpha) {
        return None;
    }
    let raw = c.s(i);
    let mut buf = [0u8; 24];
    let w = lower(raw, &mut buf);
    if w.is_empty() {
        return None;
    }
    if FUTURE_WORDS.contains(&w) {
        if w == "ll" && !(i > 0 && matches!(c.s(i - 1), "'" | "’")) {
            return None;
        }
        if w == "wo" && !c.is(i + 1, "n") {
            return None;
        }
        return Some(Tense::Future);
    }
    match w {
        "going" if c.is(i + 1, "to") => return Some(Tense::Future),
        "set" if c.any(i + 1, &["to", "for"]) => return Some(Tense::Future),
        "due" if c.any(i + 1, &["to", "on", "in", "for"]) => return Some(Tense::Future),
        "plan" if c.is(i + 1, "to") => return Some(Tense::Future),
        "coming" => return Some(Tense::Future),
        "postponed" | "delayed" | "deferred" | "pushed" | "moved" | "rescheduled" | "adjourned"
            if c.any(i + 1, &["until", "till", "to", "back", "for"]) =>
        {
            return Some(Tense::Future)
        }
        "planned" => {
            return Some(if i > 0 && c.any(i - 1, &["is", "are", "be", "been"]) {
                Tense::Future
            } else {
                Tense::Past
            })
        }
        "has" | "have" if !c.is(i + 1, "to") => return Some(Tense::Past),
        _ => {}
    }
    let lower_initial = raw.as_bytes()[0].is_ascii_lowercase();
    if w.len() >= 4 && w.ends_with("ed") && lower_initial && !ED_NOT_PAST.contains(&w) {
        // "to be published": ahead.
        if i >= 2 && c.is(i - 1, "be") && c.is(i - 2, "to") {
            return Some(Tense::Future);
        }
        // "is expected": a participle, not a past tense.
        if i > 0 && c.any(i - 1, &["is", "are", "be", "being", "am"]) {
            return None;
        }
        // "our shared border", "the armed forces": an adjective.
        if i > 0
            && c.any(
                i - 1,
                &[
                    "the", "a", "an", "our", "their", "his", "her", "its", "my", "your", "this",
                    "these", "those",
                ],
            )
        {
            return None;
        }
        return Some(Tense::Past);
    }
    if irregular_past(w) {
        return Some(Tense::Past);
    }
    // An infinitive ("the program to run through June") looks ahead,
    // unless a past verb governs it ("had planned to visit").
    if lower_initial && i >= 1 && c.is(i - 1, "to") && !is_function_word(w) && !w.ends_with("ing") {
        if i >= 2 {
            if let Some(t) = cue(c, i - 2) {
                return Some(t);
            }
        }
        return Some(Tense::Future);
    }
    None
}

/// The tense of the clause around words `a..b`.
pub fn tense_at(c: &Ctx<'_>, a: usize, b: usize) -> Tense {
    let left = nearest(c, (0..a).rev(), 30);
    let right = nearest(c, b..c.len(), 12);
    match (left, right) {
        (Some((dl, t)), Some((dr, u))) => {
            if dl <= dr {
                t
            } else {
                u
            }
        }
        (Some((_, t)), None) | (None, Some((_, t))) => t,
        (None, None) => Tense::None,
    }
}

/// The first cue met walking `order`, with its distance: one per word,
/// three more for each clause boundary crossed (comma, semicolon, dash,
/// bracket).
fn nearest(c: &Ctx<'_>, order: impl Iterator<Item = usize>, limit: u32) -> Option<(u32, Tense)> {
    let mut d = 0u32;
    for i in order {
        match c.kind(i) {
            Some(K::Alpha) => {
                d += 1;
                if d > limit {
                    return None;
                }
                if let Some(t) = cue(c, i) {
                    return Some((d, t));
                }
            }
            Some(K::Punct) => {
                if matches!(c.s(i), "," | ";" | "—" | "–" | "(" | ")") {
                    d += 3;
                }
            }
            _ => {}
        }
    }
    None
}

/// Words after "to" that are not verbs.
fn is_function_word(w: &str) -> bool {
    matches!(
        w,
        "a" | "an"
            | "the"
            | "this"
            | "that"
            | "these"
            | "those"
            | "his"
            | "her"
            | "their"
            | "its"
            | "our"
            | "my"
            | "your"
            | "be"
            | "date"
            | "power"
            | "office"
            | "court"
            | "prison"
            | "jail"
            | "death"
            | "war"
            | "work"
            | "school"
            | "market"
            | "rest"
            | "normal"
            | "life"
            | "home"
            | "bed"
            | "light"
            | "trial"
            | "justice"
            | "some"
            | "all"
            | "about"
            | "around"
            | "more"
            | "less"
    )
}
