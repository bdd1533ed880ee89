//! Speech is an event: every attributed quotation or piece of reported
//! speech is a public statement (CAMEO 01x) by its speaker, dated by the
//! speech ("said on Tuesday"), never by the article.
//!
//! The code follows the cue: a denial is 016, condolences 018, a remark
//! voicing hope or confidence 013, concern or regret 012; anything else is
//! the plain 010. The speaker must be an actor the entity layer resolved
//! (a person, a body, a government named by its country): "a source said"
//! is not an event, nor is an outlet's report.

use super::Ctx;
use attache_doc::{BlockRole, Event, EventStatus, Quote, QuoteKind, Span};

/// Cue words that make a statement more specific than 010, by their stem.
const CUE_CODES: [(&str, &str); 12] = [
    ("deni", "016"),
    ("deny", "016"),
    ("rebuff", "016"),
    ("condolence", "018"),
    ("condole", "018"),
    ("hope", "013"),
    ("optimis", "013"),
    ("confiden", "013"),
    ("welcom", "013"),
    ("concern", "012"),
    ("regret", "012"),
    ("lament", "012"),
];

impl<'a> Ctx<'a> {
    /// One statement event per attributed quotation or reported speech
    /// whose speaker is a resolved actor.
    pub(super) fn speech_events(&self, out: &mut Vec<Event>) {
        let items = self
            .layers
            .quotes
            .iter()
            .filter(|q| q.kind != QuoteKind::Scare)
            .chain(self.layers.reported_speech.iter());
        for q in items {
            if let Some(ev) = self.speech_event(q) {
                out.push(ev);
            }
        }
    }

    fn speech_event(&self, q: &Quote) -> Option<Event> {
        let speaker = q.speaker.as_ref()?;
        let e = speaker.entity?;
        // An outlet reporting ("TASS reported") relays others' words.
        let media = self
            .entity(e)
            .code
            .as_deref()
            .is_some_and(|c| c.ends_with("MED"));
        if !self.is_actor(e) || media {
            return None;
        }
        let cue = q.cue.or(speaker.span)?;
        // A statement quoted inside someone else's words is theirs to tell.
        if self.in_quote(cue) {
            return None;
        }
        let sentence = self.sentence_at(cue.start())?;
        let role = self
            .layers
            .blocks
            .get(sentence.1 as usize)
            .map_or(BlockRole::Body, |b| b.role);
        if matches!(
            role,
            BlockRole::AuthorBio | BlockRole::Boilerplate | BlockRole::Byline
        ) {
            return None;
        }
        let sentence = (self.evidence_window(sentence.0, cue), sentence.1);
        let cameo = self.speech_code(cue, sentence.0);
        let code = self.lex.code(cameo)?;
        let date = self.speech_date(cue, q.span, sentence.0);
        Some(Event {
            source: Some(self.actor(e)),
            target: None,
            cameo: cameo.to_string(),
            quad_class: code.quad_class,
            goldstein: code.goldstein,
            plover_type: code.plover_type.clone(),
            plover_mode: code.plover_mode.clone(),
            status: EventStatus::Occurred,
            date: date.map(str::to_string),
            place: None,
            evidence: sentence.0,
            trigger: cue,
            block_role: role,
            confidence: if date.is_some() { 0.6 } else { 0.5 },
            also: Vec::new(),
        })
    }

    /// The sentence, or in a run-on sentence the window of
    /// [`super::MAX_SENTENCE_TOKENS`] tokens holding the cue (the same
    /// windows the predicates are read in).
    fn evidence_window(&self, sentence: Span, cue: Span) -> Span {
        let toks = self.layers.tokens_in(sentence);
        if toks.len() <= super::MAX_SENTENCE_TOKENS {
            return sentence;
        }
        let k = toks.partition_point(|t| t.span.end() <= cue.start());
        let w = &toks[(k / super::MAX_SENTENCE_TOKENS) * super::MAX_SENTENCE_TOKENS..]
            [..super::MAX_SENTENCE_TOKENS
                .min(toks.len() - (k / super::MAX_SENTENCE_TOKENS) * super::MAX_SENTENCE_TOKENS)];
        Span::new(w[0].span.start(), w[w.len() - 1].span.end())
    }

    /// The sentence holding byte `at`, with its block.
    fn sentence_at(&self, at: usize) -> Option<(Span, u32)> {
        let s = &self.layers.sentences;
        let i = s.partition_point(|x| x.span.end() <= at);
        s.get(i)
            .filter(|x| x.span.start() <= at)
            .map(|x| (x.span, x.block))
    }

    /// 010 unless a cue word of the attribution says more: the cue itself
    /// or the words right after it ("expressed concern", "denied").
    fn speech_code(&self, cue: Span, sentence: Span) -> &'static str {
        let mut end = sentence.end().min(cue.end() + 24);
        while !self.text.is_char_boundary(end) {
            end -= 1;
        }
        let words = Span::new(cue.start(), end)
            .text(self.text)
            .to_ascii_lowercase();
        let first_words: Vec<&str> = words
            .split(|c: char| !c.is_alphabetic())
            .filter(|w| !w.is_empty())
            .take(3)
            .collect();
        for w in first_words {
            if let Some((_, code)) = CUE_CODES.iter().find(|(stem, _)| w.starts_with(stem)) {
                return code;
            }
        }
        "010"
    }

    /// The date of the speech: a date expression of the attributing
    /// sentence outside the quoted words, nearest the cue.
    fn speech_date(&self, cue: Span, quoted: Span, sentence: Span) -> Option<&'a str> {
        self.timexes_in(sentence)
            .iter()
            .filter(|t| !quoted.contains(t.span) && !self.in_quote(t.span))
            .filter(|t| super::dates::range(&t.value).is_some())
            .min_by_key(|t| {
                if t.span.start() >= cue.end() {
                    t.span.start() - cue.end()
                } else {
                    cue.start() - t.span.end() + 8
                }
            })
            .map(|t| t.value.as_str())
    }
}
