//! Time expressions: recognition and normalisation against the
//! publication date.
//!
//! How it works:
//!
//! 1. **Trigger scan.** One Aho-Corasick pass over the whole text finds
//!    month and weekday names, units ("week", "years"), seasons, parts of
//!    day and temporal keywords ("today", "now", "weekly") standing as
//!    whole words. Sentences with no trigger and no digit are skipped.
//! 2. **Recognition** (`grammar`). A triggered sentence is lexed into
//!    words, numbers and punctuation (into a reused buffer), and each
//!    trigger or number heads a small hand-written parser that reads the
//!    rest of the expression forward and its modifiers backward. The
//!    result is a meaning ([`grammar::Sem`]) not yet tied to a date.
//! 3. **Tense** (`tense`). The nearest tense cue around the expression
//!    (will / is set to / expected → future; past verbs, had/was → past).
//! 4. **Publication date.** When `meta.published` is missing it is
//!    inferred, and `published_source` set to `Inferred`, from (in order)
//!    the dateline's date, the latest date of an embedded social post, or
//!    the latest explicit full date (day, month and year written out) of
//!    the text that is not in a future-tense clause. With none of those,
//!    relative expressions keep unresolved TimeML values ("XXXX-02-19").
//! 5. **Normalisation** (`resolve`). Relative expressions are anchored on
//!    the publication date, except those that refer to a date in focus
//!    ("the following day", a clock time alone): those use the last
//!    day-level date of the same paragraph, and record its index in
//!    `Timex::anchor`. Expressions inside an embedded social post with a
//!    date are anchored on the post's date. A month-day without a year takes a year written
//!    earlier in the same sentence, else the publication year moved by
//!    tense (a past "December" written in February is last December).

pub(crate) mod calendar;
mod grammar;
mod lexicon;
mod resolve;
mod tense;

use crate::{Stage, StageError};
use attache_doc::{Document, Layer, PublishedSource, Severity, Span, Timex, TimexType};
use calendar::{parse_iso, Date};
use grammar::{Cand, Ctx, Sem};
use lexicon::{Triggers, W};
use resolve::{resolve, Anchors};
use tense::Tense;

/// Date expressions kept per document; a text with more (a run-on list of
/// dates) keeps the first ones, with a diagnostic.
pub const MAX_TIMEXES: usize = 50_000;

/// Finds date and time expressions and normalises them to ISO 8601.
#[derive(Debug)]
pub struct TimexStage {
    triggers: Triggers,
}

impl Default for TimexStage {
    fn default() -> Self {
        TimexStage::new()
    }
}

impl TimexStage {
    /// The stage, with its trigger automaton compiled.
    pub fn new() -> TimexStage {
        TimexStage {
            triggers: Triggers::new(),
        }
    }
}

/// A candidate placed in the document.
struct Found {
    span: Span,
    block: u32,
    sentence: u32,
    sem: Sem,
    kind: TimexType,
    tense: Tense,
}

impl Stage for TimexStage {
    fn name(&self) -> &'static str {
        "timex"
    }

    fn requires(&self) -> &'static [Layer] {
        &[Layer::Blocks, Layer::Sentences, Layer::Tokens]
    }

    fn provides(&self) -> &'static [Layer] {
        &[Layer::Timexes]
    }

    fn run(&self, doc: &mut Document) -> Result<(), StageError> {
        let given = doc.meta.published.as_deref().and_then(parse_iso);
        let (text, layers) = doc.split_mut();
        let mut found = self.find(text, &layers.sentences);
        let capped = found.len() > MAX_TIMEXES;
        found.truncate(MAX_TIMEXES);

        let mut dct = given;
        let mut inferred = None;
        if dct.is_none() {
            inferred = infer_published(layers, &found);
            dct = inferred;
        }

        let mut out: Vec<Timex> = Vec::with_capacity(found.len());
        let mut focus: Option<(Date, u32)> = None;
        let mut focus_year: Option<(i32, u32)> = None;
        let mut year: Option<(i32, u32)> = None;
        let mut cur_block = u32::MAX;
        let mut cur_sentence = u32::MAX;
        // Embedded posts carry their own date: relative expressions in them
        // are anchored there.
        let posts: Vec<(u32, u32, Date)> = layers
            .social_posts
            .iter()
            .filter_map(|p| Some((p.span.start, p.span.end, parse_iso(p.date.as_deref()?)?)))
            .collect();
        let mut rejected: Vec<String> = Vec::new();
        for f in found {
            if f.block != cur_block {
                cur_block = f.block;
                focus = None;
                focus_year = None;
            }
            if f.sentence != cur_sentence {
                cur_sentence = f.sentence;
                year = None;
            }
            let post_date = posts
                .iter()
                .find(|p| f.span.start >= p.0 && f.span.end <= p.1)
                .map(|p| p.2);
            let anchors = Anchors {
                dct: post_date.or(dct),
                focus: focus.map(|x| x.0),
                focus_year: focus_year.map(|x| x.0),
                year: year.map(|x| x.0),
            };
            let r = resolve(&f.sem, f.tense, anchors);
            if !calendar::valid_value(&r.value) {
                // "February 29, 2023", "April 31": no such day, so no value
                // and no anchor for what follows.
                rejected.push(format!("{:?} ({})", f.span.text(text), r.value));
                continue;
            }
            let idx = out.len() as u32;
            let anchor = if r.used_focus {
                match f.sem {
                    Sem::Day { .. } | Sem::Range { .. } => year.map(|x| x.1),
                    Sem::Anchored(lexicon::Unit::Year, _) => focus_year.map(|x| x.1),
                    _ => focus.map(|x| x.1),
                }
            } else {
                None
            };
            if let Sem::Day { y: Some(y), .. } | Sem::Range { y: Some(y), .. } = f.sem {
                year = Some((y, idx));
            }
            if let Some(d) = r.day {
                focus = Some((d, idx));
                focus_year = Some((d.y, idx));
            } else if let Some(y) = explicit_year(&f.sem, &r.value) {
                focus_year = Some((y, idx));
            }
            out.push(Timex {
                span: f.span,
                kind: f.kind,
                value: r.value,
                anchor,
            });
        }
        layers.timexes = out;
        if capped {
            doc.diagnose(
                "timex",
                Severity::Warning,
                format!("more than {MAX_TIMEXES} date expressions: only the first are kept"),
            );
        }
        if !rejected.is_empty() {
            doc.diagnose(
                "timex",
                Severity::Warning,
                format!(
                    "{} date expression(s) name no calendar day and were left out: {}",
                    rejected.len(),
                    rejected
                        .iter()
                        .take(5)
                        .cloned()
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            );
        }
        // A given but unreadable date is left as it is; only a missing one
        // is filled in.
        if let (Some(d), None) = (inferred, doc.meta.published.as_deref()) {
            doc.meta.published = Some(d.day_value());
            doc.meta.published_source = PublishedSource::Inferred;
        }
        Ok(())
    }
}

impl TimexStage {
    fn find(&self, text: &str, sentences: &[attache_doc::Sentence]) -> Vec<Found> {
        let mut hits = Vec::new();
        self.triggers.scan(text, &mut hits);
        let mut words: Vec<W> = Vec::with_capacity(64);
        let mut cands: Vec<Cand> = Vec::new();
        let mut found = Vec::new();
        let mut hi = 0usize;
        let whole;
        let sentences: &[attache_doc::Sentence] = if sentences.is_empty() && !text.is_empty() {
            whole = [attache_doc::Sentence {
                span: Span::new(0, text.len()),
                block: 0,
            }];
            &whole
        } else {
            sentences
        };
        let bytes = text.as_bytes();
        for (si, s) in sentences.iter().enumerate() {
            // One past the cap is enough to know it was reached.
            if found.len() > MAX_TIMEXES {
                break;
            }
            let (start, end) = (s.span.start as usize, s.span.end as usize);
            if start >= end
                || end > text.len()
                || !text.is_char_boundary(start)
                || !text.is_char_boundary(end)
            {
                continue;
            }
            while hi < hits.len() && (hits[hi].0 as usize) < start {
                hi += 1;
            }
            let has_hit = hi < hits.len() && (hits[hi].0 as usize) < end;
            if !has_hit && !bytes[start..end].iter().any(u8::is_ascii_digit) {
                continue;
            }
            let mut h = hi;
            lexicon::lex(text, start, end, &hits, &mut h, &mut words);
            cands.clear();
            let ctx = Ctx { t: text, w: &words };
            grammar::recognise(&ctx, &mut cands);
            for c in cands.drain(..) {
                if c.a >= c.b || c.b > words.len() {
                    continue;
                }
                let span = Span::new(words[c.a].s as usize, words[c.b - 1].e as usize);
                if let Some(last) = found.last() {
                    let last: &Found = last;
                    if span.start < last.span.end {
                        continue;
                    }
                }
                found.push(Found {
                    span,
                    block: s.block,
                    sentence: si as u32,
                    sem: c.sem,
                    kind: c.kind,
                    tense: c.tense,
                });
            }
        }
        found
    }
}

/// The year a year-level expression ("2019", "May 2010", "last year") denotes.
fn explicit_year(sem: &Sem, value: &str) -> Option<i32> {
    match sem {
        Sem::Month { y: Some(y), .. } => Some(*y),
        Sem::Lit(_) | Sem::Anchored(..) | Sem::RelUnit(..)
            if value.len() == 4 && value.bytes().all(|b| b.is_ascii_digit()) =>
        {
            value.parse().ok()
        }
        _ => None,
    }
}

/// The publication date a document implies: its dateline's date, the
/// latest date of an embedded post, else the latest explicit full date of
/// the text outside future-tense clauses.
fn infer_published(layers: &attache_doc::Layers, found: &[Found]) -> Option<Date> {
    if let Some(d) = layers
        .dateline
        .as_ref()
        .and_then(|d| d.date.as_deref())
        .and_then(parse_iso)
    {
        return Some(d);
    }
    if let Some(d) = layers
        .social_posts
        .iter()
        .filter_map(|p| p.date.as_deref().and_then(parse_iso))
        .max()
    {
        return Some(d);
    }
    found
        .iter()
        .filter(|f| f.tense != Tense::Future)
        .filter_map(|f| match f.sem {
            Sem::Day { y: Some(y), m, d } => Date::new(y, m, d),
            _ => None,
        })
        .max()
}
