//! Events: CAMEO-coded actions with their source, target, own date, place
//! and status; the travellers' itineraries; and the dates the article gives
//! inconsistently.
//!
//! A predicate dictionary (`data/events/predicates.tsv`) finds triggers:
//! verbs, light-verb phrases and event nouns with their prepositions
//! ("meet", "hold talks with", "visit to", "arrive in"). Around each
//! trigger a shallow clause analysis over tokens and entity mentions finds
//! the source (the clause's subject, through relative clauses, pronouns
//! and the owner of a schedule), the targets (the object or prepositional
//! object; a list gives one event each), the date (the nearest date
//! expression of the clause, never the article's date by default), the
//! place (locatives, the target of a visit, the antecedent of "where") and
//! the status (modal, aspectual and lexical cues, and the date against the
//! publication date). Reports of the same event are then merged
//! (`merge`), which is also where date contradictions surface.

pub mod dates;
pub mod lexicon;
mod merge;
mod parsed;
mod speech;

use crate::{Stage, StageError};
use attache_doc::{
    Actor, BlockRole, Document, Entity, EntityType, Event, EventStatus, Layer, Layers, MentionKind,
    Place, QuoteKind, Severity, Span, Timex, Token, TokenKind,
};
use dates::DayRange;
use lexicon::{Lexicon, Predicate, TargetRule};

/// Tokens of a sentence analysed at once; a longer one is cut into windows
/// of this many (news sentences rarely pass 100).
pub const MAX_SENTENCE_TOKENS: usize = 250;

/// Distinct events kept per document; further reports that would start
/// another are left out, with a diagnostic.
pub const MAX_EVENTS: usize = 5_000;

/// Codes events from predicates and builds itineraries and conflicts.
#[derive(Debug)]
pub struct EventStage {
    lexicon: Lexicon,
}

impl EventStage {
    /// The stage, with its dictionaries parsed.
    ///
    /// # Panics
    /// When the embedded data files are malformed: a build defect, caught by
    /// the unit tests.
    pub fn new() -> EventStage {
        EventStage {
            lexicon: Lexicon::load().expect("embedded event data is valid"),
        }
    }
}

impl EventStage {
    /// The stage with a lexicon of the caller's (the standard one extended
    /// with a PETRARCH verb dictionary, say).
    pub fn with_lexicon(lexicon: Lexicon) -> EventStage {
        EventStage { lexicon }
    }
}

impl Default for EventStage {
    fn default() -> Self {
        EventStage::new()
    }
}

impl Stage for EventStage {
    fn name(&self) -> &'static str {
        "events"
    }

    fn requires(&self) -> &'static [Layer] {
        &[
            Layer::Blocks,
            Layer::Sentences,
            Layer::Tokens,
            Layer::Syntax,
            Layer::SocialPosts,
            Layer::Timexes,
            Layer::Entities,
            Layer::Quotes,
        ]
    }

    fn provides(&self) -> &'static [Layer] {
        &[Layer::Events, Layer::Itineraries, Layer::Conflicts]
    }

    fn run(&self, doc: &mut Document) -> Result<(), StageError> {
        let published = doc.meta.published.as_deref().and_then(dates::range);
        let (text, layers) = doc.split_mut();
        let mentions = MentionIndex::new(&layers.entities);
        let ctx = Ctx {
            text,
            layers,
            mentions,
            lex: &self.lexicon,
            published,
            parse: parsed::ParseIndex::new(&layers.syntax),
        };
        let mut merger = merge::Merger::new(text, &layers.entities, MAX_EVENTS);
        let mut events = Vec::new();
        let mut windowed = 0usize;
        let mut anchor: Option<(u32, String, EventStatus)> = None;
        for s in &layers.sentences {
            let role = layers
                .blocks
                .get(s.block as usize)
                .map(|b| b.role)
                .unwrap_or(BlockRole::Body);
            if matches!(
                role,
                BlockRole::AuthorBio
                    | BlockRole::Boilerplate
                    | BlockRole::Byline
                    | BlockRole::Dateline
            ) {
                continue;
            }
            // The clause analysis looks back and forth over the sentence
            // from each trigger: a run-on "sentence" of thousands of tokens
            // is analysed in windows so the work stays linear.
            let toks = layers.tokens_in(s.span);
            if toks.len() > MAX_SENTENCE_TOKENS {
                windowed += 1;
                for w in toks.chunks(MAX_SENTENCE_TOKENS) {
                    let (first, last) = (w[0].span, w[w.len() - 1].span);
                    ctx.sentence_events(Span::new(first.start(), last.end()), role, &mut events);
                }
            } else {
                ctx.sentence_events(s.span, role, &mut events);
            }
            // Merged as they come, so only distinct events are held. An
            // event the text gives no time of its own happens when the
            // paragraph's last dated event does ("It will begin in Uganda
            // on Monday. He will then meet ...").
            for mut ev in events.drain(..) {
                match (&ev.date, &anchor) {
                    (Some(d), _) => anchor = Some((s.block, d.clone(), ev.status)),
                    (None, Some((block, d, status)))
                        if *block == s.block || *status == ev.status =>
                    {
                        ev.date = Some(d.clone())
                    }
                    _ => {}
                }
                merger.push(ev);
            }
        }
        // Statements, from the attributed quotations and reported speech.
        ctx.speech_events(&mut events);
        for ev in events.drain(..) {
            merger.push(ev);
        }
        let dropped = merger.dropped;
        let merged = merger.finish();
        layers.events = merged.events;
        let mut conflicts = merged.conflicts;
        layers.itineraries = merge::itineraries(&layers.events, &layers.entities, &mut conflicts);
        layers.conflicts = conflicts;
        if windowed > 0 {
            doc.diagnose(
                "events",
                Severity::Warning,
                format!(
                    "{windowed} sentence(s) longer than {MAX_SENTENCE_TOKENS} tokens were \
                     analysed in windows of {MAX_SENTENCE_TOKENS} tokens"
                ),
            );
        }
        if dropped > 0 {
            doc.diagnose(
                "events",
                Severity::Warning,
                format!(
                    "the document reached {MAX_EVENTS} events; {dropped} further report(s) \
                     of other events were left out"
                ),
            );
        }
        Ok(())
    }
}

/// A word in lowercase, borrowed when it already is (most words are).
fn lower(w: &str) -> std::borrow::Cow<'_, str> {
    if !w.bytes().any(|b| b.is_ascii_uppercase()) && w.is_ascii() {
        std::borrow::Cow::Borrowed(w)
    } else if w.is_ascii() {
        std::borrow::Cow::Owned(w.to_ascii_lowercase())
    } else {
        std::borrow::Cow::Owned(w.to_lowercase())
    }
}

/// The first byte of a lowercase ASCII word, or 0.
fn is_lower_word(t: &Token, text: &str) -> bool {
    t.kind == TokenKind::Word
        && t.span
            .text(text)
            .as_bytes()
            .first()
            .is_some_and(|b| b.is_ascii_lowercase())
}

/// All entity mentions, sorted by start, with their entity.
struct MentionIndex {
    spans: Vec<(Span, u32, MentionKind)>,
    /// For each `i`, the person of the last person mention in `spans[..i]`.
    last_person: Vec<Option<u32>>,
}

impl MentionIndex {
    fn new(entities: &[Entity]) -> MentionIndex {
        let mut spans: Vec<(Span, u32, MentionKind)> = entities
            .iter()
            .enumerate()
            .flat_map(|(i, e)| e.mentions.iter().map(move |m| (m.span, i as u32, m.kind)))
            .collect();
        spans.sort_by_key(|(s, _, _)| (s.start, std::cmp::Reverse(s.end)));
        let mut last_person = Vec::with_capacity(spans.len() + 1);
        last_person.push(None);
        for &(_, e, _) in &spans {
            let prev = last_person.last().copied().flatten();
            let person = entities[e as usize].kind == EntityType::Person;
            last_person.push(if person { Some(e) } else { prev });
        }
        MentionIndex { spans, last_person }
    }

    /// The mention starting at or covering byte `offset`, if any.
    fn at(&self, offset: usize) -> Option<(Span, u32, MentionKind)> {
        let o = offset as u32;
        let i = self.spans.partition_point(|(s, _, _)| s.start <= o);
        self.spans[..i]
            .iter()
            .rev()
            .take(4)
            .find(|(s, _, _)| s.start <= o && o < s.end)
            .copied()
    }
}

/// Everything a sentence's analysis reads.
struct Ctx<'a> {
    text: &'a str,
    layers: &'a Layers,
    mentions: MentionIndex,
    lex: &'a Lexicon,
    published: Option<DayRange>,
    /// The dependency parse, when the pipeline has a syntax stage.
    parse: Option<parsed::ParseIndex<'a>>,
}

/// What [`Ctx::emit`] needs to write the events of one trigger.
struct EmitArgs<'p, 'a> {
    sources: Vec<(Span, u32, MentionKind)>,
    targets: Vec<Option<(Span, u32)>>,
    pred: &'p Predicate,
    code: &'a lexicon::CameoCode,
    date: Option<(&'a str, DayRange)>,
    status: EventStatus,
    where_place: Option<(Span, u32)>,
    locative: Option<(Span, u32)>,
    sentence: Span,
    trigger: Span,
    role: BlockRole,
}

/// A token of the sentence with its lowercase form.
struct Tok<'a> {
    tok: &'a Token,
    /// Index in the token layer.
    index: usize,
    lower: std::borrow::Cow<'a, str>,
    /// The entity mention starting at or covering the token, looked up once.
    mention: Option<(Span, u32, MentionKind)>,
}

const CLAUSE_BREAKS: &[&str] = &[
    ".", ";", ":", "that", "where", "which", "who", "whom", "while", "but", "because", "whereas",
    "although",
];
const PREPOSITIONS: &[&str] = &[
    "to",
    "in",
    "at",
    "with",
    "from",
    "of",
    "for",
    "by",
    "on",
    "into",
    "about",
    "against",
    "near",
    "between",
    "among",
    "toward",
    "towards",
    "after",
    "before",
    "during",
    "including",
    "than",
];
fn irregular_participle(w: &str) -> bool {
    matches!(
        w,
        "held"
            | "met"
            | "hit"
            | "shot"
            | "struck"
            | "taken"
            | "seized"
            | "sent"
            | "led"
            | "fought"
            | "withdrawn"
    )
}

/// Words no predicate starts with, the most frequent in news text: skipped
/// before any dictionary lookup.
fn is_function_word(w: &str) -> bool {
    matches!(
        w,
        "the"
            | "a"
            | "an"
            | "of"
            | "to"
            | "in"
            | "and"
            | "on"
            | "for"
            | "that"
            | "is"
            | "was"
            | "with"
            | "said"
            | "he"
            | "she"
            | "it"
            | "as"
            | "at"
            | "by"
            | "from"
            | "his"
            | "her"
            | "be"
            | "has"
            | "have"
            | "had"
            | "are"
            | "were"
            | "will"
            | "would"
            | "been"
            | "this"
            | "they"
            | "their"
            | "its"
            | "but"
            | "not"
            | "or"
            | "who"
            | "which"
            | "after"
            | "also"
            | "more"
            | "than"
            | "about"
            | "we"
            | "i"
            | "there"
            | "when"
            | "one"
            | "two"
            | "new"
            | "says"
            | "could"
            | "can"
            | "if"
            | "all"
            | "over"
            | "into"
            | "out"
            | "up"
            | "year"
            | "years"
            | "people"
            | "government"
            | "minister"
            | "president"
            | "police"
            | "last"
    )
}

/// Verbs of saying and thinking that open a reported clause.
fn is_report_verb(w: &str) -> bool {
    matches!(
        w,
        "said"
            | "says"
            | "told"
            | "tells"
            | "announced"
            | "stated"
            | "added"
            | "noted"
            | "warned"
            | "insisted"
            | "claimed"
            | "reported"
            | "confirmed"
            | "informed"
            | "explained"
            | "stressed"
            | "believes"
            | "believed"
            | "thinks"
            | "thought"
            | "hopes"
            | "hoped"
            | "expects"
            | "wrote"
            | "declared"
            | "argued"
            | "suggested"
            | "revealed"
    )
}

fn is_determiner(w: &str) -> bool {
    matches!(
        w,
        "the"
            | "a"
            | "an"
            | "this"
            | "that"
            | "these"
            | "those"
            | "its"
            | "his"
            | "her"
            | "their"
            | "our"
            | "my"
            | "your"
            | "any"
            | "some"
            | "no"
            | "every"
            | "each"
            | "another"
            | "such"
    )
}

fn is_clause_break(w: &str) -> bool {
    w.len() <= 9 && CLAUSE_BREAKS.contains(&w)
}

fn is_preposition(w: &str) -> bool {
    w.len() <= 9 && PREPOSITIONS.contains(&w)
}

const LOCATIVE: &[&str] = &["in", "at", "near", "inside", "outside"];
const SPEECH: &[&str] = &[
    "said",
    "says",
    "announced",
    "informed",
    "told",
    "stated",
    "reported",
    "added",
    "confirmed",
    "wrote",
    "tweeted",
    "posted",
    "noted",
    "declared",
];

impl<'a> Ctx<'a> {
    fn sentence_events(&self, sentence: Span, role: BlockRole, out: &mut Vec<Event>) {
        // A dateline opening the sentence ("NAIROBI, Kenya (Reuters) -") is
        // not part of its clause.
        let sentence = match &self.layers.dateline {
            Some(d)
                if sentence.contains(Span::new(d.span.start(), d.span.start()))
                    && d.span.end < sentence.end =>
            {
                Span::new(d.span.end(), sentence.end())
            }
            _ => sentence,
        };
        let first = self
            .layers
            .tokens
            .partition_point(|t| t.span.start < sentence.start);
        let toks: Vec<Tok> = self
            .layers
            .tokens_in(sentence)
            .iter()
            .enumerate()
            .map(|(k, t)| Tok {
                tok: t,
                index: first + k,
                lower: lower(t.span.text(self.text)),
                mention: self.mentions.at(t.span.start()),
            })
            .collect();
        let before = out.len();
        let mut triggers: Vec<(usize, usize, &Predicate)> = Vec::new();
        let mut i = 0;
        while i < toks.len() {
            // Predicates are lowercase words; a capital passes only where
            // a sentence or quotation starts.
            let starts = i == 0 || toks[i - 1].tok.kind != TokenKind::Word;
            let word = is_lower_word(toks[i].tok, self.text)
                || (starts && toks[i].tok.kind == TokenKind::Word);
            if !word
                || is_function_word(&toks[i].lower)
                || self.in_quote(toks[i].tok.span)
                || self.in_timex(toks[i].tok.span)
            {
                i += 1;
                continue;
            }
            match self.match_predicate(&toks, i) {
                Some((pred, end)) => {
                    triggers.push((i, end, pred));
                    i = end;
                }
                None => i += 1,
            }
        }
        for (n, &(i, end, pred)) in triggers.iter().enumerate() {
            // A date belongs to the nearest trigger: none may stand between.
            let lo = if n > 0 {
                toks[triggers[n - 1].1 - 1].tok.span.end()
            } else {
                sentence.start()
            };
            let hi = triggers
                .get(n + 1)
                .map_or(sentence.end(), |t| toks[t.0].tok.span.start());
            self.code(&toks, i, end, pred, Span::new(lo, hi), sentence, role, out);
        }
        if out.len() == before {
            self.schedule_line(&toks, sentence, role, out);
        }
    }

    /// The timexes inside `span`, by binary search (they are sorted and
    /// do not overlap).
    fn timexes_in(&self, span: Span) -> &'a [Timex] {
        let t = &self.layers.timexes;
        let a = t.partition_point(|x| x.span.start < span.start);
        let b = t.partition_point(|x| x.span.start < span.end).max(a);
        let end = a + t[a..b]
            .iter()
            .take_while(|x| x.span.end <= span.end)
            .count();
        &t[a..end]
    }

    fn in_timex(&self, span: Span) -> bool {
        let t = &self.layers.timexes;
        let i = t.partition_point(|x| x.span.end <= span.start);
        t.get(i).is_some_and(|x| x.span.contains(span))
    }

    fn in_quote(&self, span: Span) -> bool {
        // Quotes are sorted by start and do not nest: the one starting last
        // at or before the span is the only candidate.
        let q = &self.layers.quotes;
        let i = q.partition_point(|x| x.span.start <= span.start);
        i > 0
            && q[..i]
                .iter()
                .rev()
                .take(2)
                .any(|x| x.kind != QuoteKind::Scare && x.span.contains(span))
    }

    /// The longest predicate starting at token `i`: it and the index one
    /// past its last token.
    fn match_predicate<'t>(&self, toks: &'t [Tok], i: usize) -> Option<(&'a Predicate, usize)> {
        let mut best: Option<(&Predicate, usize)> = None;
        for pred in self.lex.candidates(&toks[i].lower) {
            if best.is_some_and(|(b, _)| b.words.len() >= pred.words.len()) {
                continue;
            }
            let mut j = i + 1;
            let mut ok = true;
            for w in &pred.words[1..] {
                let mut gap = 0;
                loop {
                    let Some(t) = toks.get(j) else {
                        ok = false;
                        break;
                    };
                    if lexicon::matches(w, &t.lower) {
                        j += 1;
                        break;
                    }
                    // Determiners, adjectives, numbers may stand between.
                    // A capital passes only as a demonym ("expel Russian diplomats").
                    // A capital passes only as a demonym ("expel Russian
                    // diplomats"), not as a name ("urged Bree on Monday").
                    let capital = t.tok.span.text(self.text).starts_with(char::is_uppercase)
                        && !self
                            .mentions
                            .at(t.tok.span.start())
                            .is_some_and(|(m, e, _)| {
                                self.is_place(e)
                                    && !self.entity(e).name.starts_with(m.text(self.text))
                            });
                    // A verb form between ("talks expected to") breaks the pattern.
                    let verbal =
                        t.lower.len() > 4 && t.lower.ends_with("ed") || t.lower.ends_with("ing");
                    let filler = gap < 3
                        && matches!(t.tok.kind, TokenKind::Word | TokenKind::Number)
                        && !capital
                        && !verbal
                        && !is_preposition(&t.lower)
                        && !is_clause_break(&t.lower)
                        || (gap < 3 && t.lower == "-");
                    if !filler {
                        ok = false;
                        break;
                    }
                    gap += 1;
                    j += 1;
                }
                if !ok {
                    break;
                }
            }
            if ok && pred.words.len() == 1 && !self.verbal_ing(toks, i, &pred.words[0]) {
                ok = false;
            }
            if ok {
                best = Some((pred, j));
            }
        }
        best
    }

    /// An "-ing" form codes a one-word verb pattern only in a verbal
    /// context ("is meeting", "before heading"), not as a noun ("the
    /// meeting", "a G20 ministers meeting").
    fn verbal_ing(&self, toks: &[Tok], i: usize, lemma: &str) -> bool {
        let w = &toks[i].lower;
        // Any form right after a determiner or a preposition other than the
        // infinitive "to" is a noun: "the attacks", "air strikes", "of
        // charges".
        if i > 0 {
            let prev = toks[i - 1].lower.as_ref();
            let nominal = is_determiner(prev) || (is_preposition(prev) && prev != "to");
            if nominal && (w.as_ref() != lemma || is_determiner(prev)) {
                return false;
            }
            // A plural-looking "-s" form after a lowercase word that is not
            // an adverb is a noun too ("air strikes", "terrorist attacks").
            let s_form = w.ends_with('s') && !lemma.ends_with('s') && w.as_ref() != lemma;
            let prev_lower_word = toks[i - 1].tok.kind == TokenKind::Word
                && toks[i - 1]
                    .tok
                    .span
                    .text(self.text)
                    .starts_with(char::is_lowercase)
                && !prev.ends_with("ly")
                && !matches!(
                    prev,
                    "also"
                        | "then"
                        | "now"
                        | "still"
                        | "again"
                        | "often"
                        | "never"
                        | "who"
                        | "which"
                        | "that"
                );
            if s_form && prev_lower_word {
                return false;
            }
            // The bare form ("meet", "phone", "release") is a verb after an
            // infinitive "to", a modal or auxiliary, a pronoun or a named
            // subject; in a list or after other words it is a noun.
            if w.as_ref() == lemma && !w.ends_with("ed") {
                let verbal_prev = matches!(
                    prev,
                    "to" | "will"
                        | "would"
                        | "can"
                        | "could"
                        | "may"
                        | "might"
                        | "must"
                        | "shall"
                        | "should"
                        | "'ll"
                        | "did"
                        | "do"
                        | "does"
                        | "not"
                        | "n't"
                        | "never"
                        | "also"
                        | "then"
                        | "they"
                        | "we"
                        | "i"
                        | "you"
                        | "and"
                        | "or"
                        | "jointly"
                        | "again"
                ) || prev.ends_with("ly")
                    || toks[i - 1].mention.is_some();
                if !verbal_prev {
                    return false;
                }
            }
        }
        if !w.ends_with("ing") || lemma.ends_with("ing") {
            return true;
        }
        if i == 0 {
            return true;
        }
        matches!(
            toks[i - 1].lower.as_ref(),
            "is" | "are"
                | "was"
                | "were"
                | "be"
                | "been"
                | "am"
                | "'s"
                | "’s"
                | "'re"
                | "before"
                | "after"
                | "while"
                | "by"
                | "when"
                | "since"
                | "without"
                | "and"
                | "then"
                | "also"
                | "not"
                | "now"
                | "still"
                | "reportedly"
                | "allegedly"
                | "of"
                | "for"
                | "on"
                | "from"
                | "about"
                | "against"
        ) || toks[i - 1].tok.kind == TokenKind::Punct
    }

    /// Codes the events of one trigger (tokens `i..end`).
    #[allow(clippy::too_many_arguments)]
    fn code(
        &self,
        toks: &[Tok],
        i: usize,
        end: usize,
        pred: &Predicate,
        date_window: Span,
        sentence: Span,
        role: BlockRole,
        out: &mut Vec<Event>,
    ) {
        let trigger = Span::new(toks[i].tok.span.start(), toks[end - 1].tok.span.end());
        let clause_start = self.clause_start(toks, i);
        let last_is_preposition = pred.words.last().is_some_and(|w| is_preposition(w));
        let (sources, targets) = match self.parsed_args(toks, i, end, last_is_preposition) {
            Some(args) => {
                let targets = match pred.target {
                    TargetRule::NoTarget => Vec::new(),
                    _ if args.passive || !args.targets.is_empty() => args.targets,
                    _ => self.objects(toks, end, pred),
                };
                if pred.target == TargetRule::Object && targets.is_empty() {
                    return;
                }
                (args.sources, targets)
            }
            None => match self.windowed_actors(toks, i, end, pred, clause_start, role) {
                Some(found) => found,
                None => return,
            },
        };
        let date = self.date(toks, i, end, date_window);
        let status = self.status(toks, clause_start, i, end, date);
        let where_place = self.where_antecedent(toks, clause_start);
        let locative = self.locative(toks, end);
        let Some(code) = self.lex.code(&pred.cameo) else {
            return;
        };
        let targets: Vec<Option<(Span, u32)>> = if targets.is_empty() {
            vec![None]
        } else {
            targets.into_iter().map(Some).collect()
        };
        self.emit(
            EmitArgs {
                sources,
                targets,
                pred,
                code,
                date,
                status,
                where_place,
                locative,
                sentence,
                trigger,
                role,
            },
            out,
        );
    }

    /// Source and targets from the words around the trigger, when there is
    /// no parse: the clause's subject, the objects after the trigger.
    fn windowed_actors(
        &self,
        toks: &[Tok],
        i: usize,
        end: usize,
        pred: &Predicate,
        clause_start: usize,
        role: BlockRole,
    ) -> Option<(Vec<(Span, u32, MentionKind)>, Vec<(Span, u32)>)> {
        let mut source = self.subject(toks, clause_start, i);
        let mut targets = match pred.target {
            TargetRule::NoTarget => Vec::new(),
            _ => self.objects(toks, end, pred),
        };
        // Passive: "X was arrested by Y".
        if let Some(agent) = self.passive_agent(toks, i, end) {
            if let Some(patient) = source.take() {
                targets = vec![(patient.0, patient.1)];
            }
            source = Some(agent);
        }
        // With no subject in the sentence, a post's, caption's or
        // heading's person is the actor; in running text there is none.
        let owned = matches!(
            role,
            BlockRole::SocialPost | BlockRole::Caption | BlockRole::Heading
        );
        let source = source.or_else(|| if owned { self.owner(toks, i) } else { None })?;
        // "X was arrested" with no agent: the actor is unknown.
        if self.passive(toks, i) && self.passive_agent(toks, i, end).is_none() {
            return None;
        }
        if pred.target == TargetRule::Object && targets.is_empty() {
            return None;
        }
        // With no target, only a subject standing right before the trigger
        // (auxiliaries and adverbs between) is trusted as its actor.
        if targets.is_empty() && !owned {
            let gap = toks[..i]
                .iter()
                .rev()
                .take_while(|t| t.tok.span.start() >= source.0.end())
                .count();
            let adjacent = toks[i - gap.min(i)..i].iter().all(|t| {
                let w = t.lower.as_ref();
                w.ends_with("ly")
                    || matches!(
                        w,
                        "has"
                            | "have"
                            | "had"
                            | "will"
                            | "would"
                            | "is"
                            | "are"
                            | "was"
                            | "were"
                            | "to"
                            | "be"
                            | "been"
                            | "also"
                            | "not"
                            | "never"
                            | "did"
                            | "does"
                            | "do"
                            | "could"
                            | "may"
                            | "might"
                            | "should"
                            | "must"
                            | "can"
                            | "'s"
                            | "’s"
                            | "then"
                            | "again"
                            | "so"
                            | "far"
                    )
            });
            if gap > 4 || !adjacent {
                return None;
            }
        }
        // "Lavrov and Gil will meet ...": each coordinated subject acts.
        Some((self.co_subjects(toks, source, i), targets))
    }

    /// One event per source and target.
    fn emit(&self, a: EmitArgs<'_, 'a>, out: &mut Vec<Event>) {
        let EmitArgs {
            sources,
            targets,
            pred,
            code,
            date,
            status,
            where_place,
            locative,
            sentence,
            trigger,
            role,
        } = a;
        for (source, target) in sources
            .iter()
            .flat_map(|&s| targets.iter().map(move |&t| (s, t)))
        {
            if target.is_some_and(|t| t.1 == source.1) {
                continue;
            }
            let target_actor = target.map(|t| self.actor(t.1));
            let target_place = target.filter(|t| self.is_place(t.1));
            let place = match (target_place, locative) {
                // "a visit to Mexico ... in Mexico City, Mexico": the city.
                (Some(t), Some(l)) if self.entity(t.1).country == self.entity(l.1).country => {
                    Some(l)
                }
                (Some(t), _) if pred.cameo.starts_with("04") && pred.cameo != "041" => Some(t),
                (_, Some(l)) => Some(l),
                _ => where_place,
            }
            .map(|(_, e)| self.place(e));
            let mut confidence = 0.55;
            if source.2 == MentionKind::Name {
                confidence += 0.1;
            }
            if target.is_some() {
                confidence += 0.1;
            }
            if date.is_some() {
                confidence += 0.1;
            }
            out.push(Event {
                source: Some(self.actor(source.1)),
                target: target_actor,
                cameo: pred.cameo.clone(),
                quad_class: code.quad_class,
                goldstein: code.goldstein,
                plover_type: code.plover_type.clone(),
                plover_mode: code.plover_mode.clone(),
                status,
                date: date.map(|(v, _)| v.to_string()),
                place,
                evidence: sentence,
                trigger,
                block_role: role,
                confidence,
                also: Vec::new(),
            });
        }
    }

    /// The subject and the actors coordinated with it before the trigger
    /// ("Lavrov and Gil", "Russia, China and Iran").
    fn co_subjects(
        &self,
        toks: &[Tok],
        first: (Span, u32, MentionKind),
        i: usize,
    ) -> Vec<(Span, u32, MentionKind)> {
        let mut out = vec![first];
        let Some(start) = toks
            .iter()
            .position(|t| t.tok.span.start() >= first.0.end())
        else {
            return out;
        };
        let class = |e: u32| matches!(self.entity(e).kind, EntityType::Person | EntityType::Org);
        let mut last_end = first.0.end();
        for (k, span, e, kind) in self.mentions_in(toks, start, i) {
            if span.start() < last_end {
                continue;
            }
            let between = self.text[last_end..span.start()].trim();
            // "and" or a comma, then at most a title: "and Japanese Prime Minister".
            let rest = between
                .strip_prefix(", and")
                .or_else(|| between.strip_prefix("and"))
                .or_else(|| between.strip_prefix(','))
                .or_else(|| between.strip_prefix('&'));
            let joined = rest.is_some_and(|r| {
                r.split_whitespace().count() <= 4
                    && r.split_whitespace()
                        .all(|w| w.starts_with(char::is_uppercase))
            });
            if !joined || class(e) != class(first.1) || self.is_modifier(toks, k, span, e) {
                break;
            }
            if !out.iter().any(|o| o.1 == e) {
                out.push((span, e, kind));
            }
            last_end = span.end();
        }
        out
    }

    /// Where the trigger's clause starts: after the last clause break
    /// before it (a relative "where/who/which" starts a clause).
    fn clause_start(&self, toks: &[Tok], i: usize) -> usize {
        (0..i)
            .rev()
            .find(|&k| is_clause_break(&toks[k].lower))
            .map_or(0, |k| k + 1)
    }

    fn entity(&self, e: u32) -> &'a Entity {
        &self.layers.entities[e as usize]
    }

    fn is_actor(&self, e: u32) -> bool {
        let ent = self.entity(e);
        match ent.kind {
            EntityType::Person | EntityType::Org => true,
            EntityType::Gpe | EntityType::Loc | EntityType::Fac => ent.country.is_some(),
            _ => false,
        }
    }

    fn is_place(&self, e: u32) -> bool {
        matches!(
            self.entity(e).kind,
            EntityType::Gpe | EntityType::Loc | EntityType::Fac
        )
    }

    /// Actor mentions starting in tokens `from..to`, with the token index.
    fn mentions_in(
        &self,
        toks: &[Tok],
        from: usize,
        to: usize,
    ) -> Vec<(usize, Span, u32, MentionKind)> {
        let mut out: Vec<(usize, Span, u32, MentionKind)> = Vec::new();
        for (k, t) in toks.iter().enumerate().take(to).skip(from) {
            if let Some((span, e, kind)) = t.mention {
                if out.last().is_some_and(|l| l.1 == span) || !self.is_actor(e) {
                    continue;
                }
                out.push((k, span, e, kind));
            }
        }
        out
    }

    /// True when a place mention only modifies the person or body right
    /// after it ("Venezuelan President Nicolas Maduro").
    fn is_modifier(&self, toks: &[Tok], k: usize, span: Span, e: u32) -> bool {
        let mut j = k;
        while j < toks.len() && toks[j].tok.span.start() < span.end() {
            j += 1;
        }
        // "the Castro regime's figurehead": a name inside a possessor.
        let n = toks[j..]
            .iter()
            .take(3)
            .take_while(|t| {
                t.tok.kind == TokenKind::Word
                    && t.tok.span.text(self.text).starts_with(char::is_lowercase)
            })
            .count();
        let possessive = |t: &Tok| matches!(t.lower.as_ref(), "'s" | "’s" | "'" | "’");
        if n > 0 && toks.get(j + n).is_some_and(possessive) {
            return true;
        }
        if !matches!(self.entity(e).kind, EntityType::Gpe | EntityType::Loc) {
            return false;
        }
        for t in toks.iter().skip(j).take(5) {
            if let Some((_, e2, _)) = t.mention {
                let kind = self.entity(e2).kind;
                return e2 != e && matches!(kind, EntityType::Person | EntityType::Org);
            }
            let w = t.tok.span.text(self.text);
            // Titles run on through "of": "Secretary of State Antony Blinken".
            let titleish =
                w.starts_with(char::is_uppercase) || matches!(w, "-" | "state-run" | "of" | "for");
            if !titleish && t.lower != "'s" && t.lower != "’s" {
                return false;
            }
        }
        false
    }

    /// The clause's subject: its first actor mention outside a
    /// prepositional phrase; then the sentence's; a bare pronoun falls to
    /// the last person named.
    fn subject(
        &self,
        toks: &[Tok],
        clause_start: usize,
        i: usize,
    ) -> Option<(Span, u32, MentionKind)> {
        // "X said (that) Y would meet Z": the subject of "meet" is Y, after
        // the last verb of saying before the trigger.
        let clause_start = (clause_start..i)
            .rev()
            .find(|&k| is_report_verb(&toks[k].lower))
            .map_or(clause_start, |k| k + 1);
        let pick = |from: usize| {
            self.mentions_in(toks, from, i)
                .into_iter()
                .find(|&(k, span, e, _)| {
                    let after_prep = k > 0 && is_preposition(&toks[k - 1].lower);
                    !after_prep && !self.is_modifier(toks, k, span, e)
                })
        };
        // "who" and "which" refer back to the actor just before them.
        if clause_start > 0 && matches!(toks[clause_start - 1].lower.as_ref(), "who" | "which") {
            let before = self.mentions_in(toks, 0, clause_start - 1);
            if let Some(&(_, s, e, kind)) = before.last() {
                return Some((s, e, kind));
            }
        }
        if let Some((_, s, e, kind)) = pick(clause_start) {
            return Some((s, e, kind));
        }
        // A bare pronoun subject ("where he will ...").
        if let Some(t) = toks[clause_start..i]
            .iter()
            .find(|t| matches!(t.lower.as_ref(), "he" | "she"))
        {
            if let Some(p) = self.last_person_before(t.tok.span.start()) {
                return Some((t.tok.span, p, MentionKind::Pronoun));
            }
        }
        if clause_start > 0 {
            return pick(0).map(|(_, s, e, kind)| (s, e, kind));
        }
        None
    }

    /// The owner of a schedule or caption with no subject: the last person
    /// named before the trigger in the same block.
    fn owner(&self, toks: &[Tok], i: usize) -> Option<(Span, u32, MentionKind)> {
        let at = toks[i].tok.span.start();
        let block = self.layers.block_at(at)?;
        let bstart = self.layers.blocks[block].span.start;
        let p = self.last_person_before(at)?;
        let m = self
            .entity(p)
            .mentions
            .iter()
            .rev()
            .find(|m| m.span.end() <= at)?;
        (m.span.start >= bstart).then_some((m.span, p, MentionKind::Name))
    }

    fn last_person_before(&self, offset: usize) -> Option<u32> {
        let o = offset as u32;
        let i = self.mentions.spans.partition_point(|(s, _, _)| s.end <= o);
        self.mentions.last_person[i]
    }

    /// The targets after a trigger: the first actor within six tokens
    /// (skipping places after a locative preposition the pattern does not
    /// end with), then any actors coordinated with it.
    fn objects(&self, toks: &[Tok], end: usize, pred: &Predicate) -> Vec<(Span, u32)> {
        let limit = (end..toks.len())
            .find(|&k| is_clause_break(&toks[k].lower))
            .unwrap_or(toks.len());
        let found = self.mentions_in(toks, end, limit);
        let last_word = pred.words.last().map(String::as_str).unwrap_or("");
        let mut out = Vec::new();
        let mut iter = found.iter().peekable();
        let first = loop {
            let next = iter.next().filter(|&&(k, ..)| k < end + 10);
            let Some(&(k, span, e, _)) = next else {
                out.extend(self.country_by_description(toks, end));
                return out;
            };
            // The object follows the trigger directly (determiners,
            // adjectives, titles between): a preposition the pattern does
            // not end with starts a phrase that is not the object.
            let intervening_prep = toks[end..k].iter().any(|t| {
                matches!(
                    t.lower.as_ref(),
                    "during"
                        | "after"
                        | "before"
                        | "since"
                        | "than"
                        | "including"
                        | "despite"
                        | "by"
                        | "because"
                )
            });
            if intervening_prep {
                out.extend(self.country_by_description(toks, end));
                return out;
            }
            if self.is_possessor(toks, span) {
                continue;
            }
            let prev = if k > 0 {
                toks[k - 1].lower.as_ref()
            } else {
                ""
            };
            let locative = LOCATIVE.contains(&prev) && !LOCATIVE.contains(&last_word) && k > end;
            if locative || self.is_modifier(toks, k, span, e) {
                continue;
            }
            break (k, span, e);
        };
        out.push((first.1, first.2));
        let class = |e: u32| match self.entity(e).kind {
            EntityType::Person | EntityType::Org => 0,
            _ => 1,
        };
        let mut last_end = first.1.end();
        for &(k, span, e, _) in iter {
            if self.is_modifier(toks, k, span, e) {
                continue;
            }
            if span.start() < last_end {
                // Nested or overlapping mentions ("Paris" inside "Paris Agreement").
                continue;
            }
            let between = &self.text[last_end..span.start()];
            // A list: commas and "and", then at most a title ("Vice
            // President", "socialist leader"), nothing else.
            let spaced = between.replace(',', " , ");
            let mut words = spaced.split_whitespace().peekable();
            let mut joined = false;
            while let Some(w) = words.peek() {
                if matches!(*w, "," | "and" | "&" | "or") {
                    joined = true;
                    words.next();
                } else {
                    break;
                }
            }
            let rest: Vec<&str> = words.collect();
            let rest = rest.join(" ");
            let title_words = rest.split_whitespace().count();
            let title_ok = title_words <= 4
                && rest
                    .split_whitespace()
                    .all(|w| w.starts_with(char::is_uppercase))
                || title_words <= 2 && !rest.contains(',');
            let pronoun = self
                .mentions
                .at(span.start())
                .is_some_and(|m| m.2 == MentionKind::Pronoun);
            if !joined || !title_ok || pronoun || class(e) != class(first.2) {
                break;
            }
            // "Rio de Janeiro, Brazil": the country of the place before is
            // an apposition, not a second target.
            let apposition = self.is_place(e)
                && out.last().is_some_and(|&(_, p)| {
                    self.is_place(p) && p != e && self.entity(p).country == self.entity(e).country
                })
                && !between.contains("and");
            if apposition {
                last_end = span.end();
                continue;
            }
            if !out.iter().any(|&(_, x)| x == e) {
                out.push((span, e));
            }
            last_end = span.end();
        }
        out
    }

    /// "Nauru's unpaid bills": a name marked as a possessor of the noun
    /// that follows.
    fn is_possessor(&self, toks: &[Tok], span: Span) -> bool {
        let j = toks.partition_point(|t| t.tok.span.start() < span.end());
        let poss = toks
            .get(j)
            .is_some_and(|t| matches!(t.lower.as_ref(), "'s" | "’s" | "'" | "’"));
        poss && toks.get(j + 1).is_some_and(|t| {
            t.tok.kind == TokenKind::Word
                && t.tok.span.text(self.text).starts_with(char::is_lowercase)
        })
    }

    /// "visit the country": the country last named before.
    fn country_by_description(&self, toks: &[Tok], end: usize) -> Option<(Span, u32)> {
        let (a, b) = (toks.get(end)?, toks.get(end + 1)?);
        let described =
            a.lower == "the" && matches!(b.lower.as_ref(), "country" | "nation" | "island");
        if !described {
            return None;
        }
        let o = a.tok.span.start;
        let i = self.mentions.spans.partition_point(|(s, _, _)| s.end <= o);
        self.mentions.spans[..i]
            .iter()
            .rev()
            .find(|(_, e, _)| {
                let ent = self.entity(*e);
                ent.kind == EntityType::Gpe
                    && ent
                        .geo
                        .as_ref()
                        .and_then(|g| g.feature.as_deref())
                        .is_some_and(|f| f.starts_with("PCL"))
            })
            .map(|&(_, e, _)| (Span::new(a.tok.span.start(), b.tok.span.end()), e))
    }

    fn passive(&self, toks: &[Tok], i: usize) -> bool {
        let aux = (1..=2).filter_map(|n| i.checked_sub(n)).any(|j| {
            matches!(
                toks[j].lower.as_ref(),
                "was" | "were" | "been" | "being" | "is" | "are" | "be"
            )
        });
        aux && (toks[i].lower.ends_with("ed") || irregular_participle(&toks[i].lower))
    }

    /// "X was arrested by Y": the agent Y.
    fn passive_agent(
        &self,
        toks: &[Tok],
        i: usize,
        end: usize,
    ) -> Option<(Span, u32, MentionKind)> {
        let aux = i > 0
            && matches!(
                toks[i - 1].lower.as_ref(),
                "was" | "were" | "been" | "being" | "is" | "are" | "be"
            )
            && toks[i].lower.ends_with("ed");
        if !aux || toks.get(end).is_none_or(|t| t.lower != "by") {
            return None;
        }
        self.mentions_in(toks, end + 1, (end + 6).min(toks.len()))
            .first()
            .map(|&(_, s, e, k)| (s, e, k))
    }

    /// The trigger's own date: the nearest date expression of the sentence,
    /// preferring its clause, leaving out dates that belong to a report
    /// ("announced on Wednesday").
    fn date(
        &self,
        toks: &[Tok],
        i: usize,
        end: usize,
        sentence: Span,
    ) -> Option<(&'a str, DayRange)> {
        let trigger = Span::new(toks[i].tok.span.start(), toks[end - 1].tok.span.end());
        let mut best: Option<(usize, &str, DayRange)> = None;
        for t in self.timexes_in(sentence) {
            let Some(range) = dates::range(&t.value) else {
                continue;
            };
            if self.reported_date(toks, t.span) {
                continue;
            }
            let dist = if t.span.start >= trigger.end {
                (t.span.start - trigger.end) as usize
            } else {
                (trigger.start.saturating_sub(t.span.end) as usize) + 8
            };
            if best.is_none_or(|b| dist < b.0) {
                best = Some((dist, t.value.as_str(), range));
            }
        }
        best.map(|(_, v, r)| (v, r))
    }

    /// True for a date that dates a speech act: "said on Monday",
    /// "announced Wednesday".
    fn reported_date(&self, toks: &[Tok], span: Span) -> bool {
        let Some(k) = toks.iter().position(|t| t.tok.span.start >= span.start) else {
            return false;
        };
        let back = |n: usize| k.checked_sub(n).map(|j| toks[j].lower.as_ref());
        let speech = |w: Option<&str>| w.is_some_and(|w| SPEECH.contains(&w));
        speech(back(1)) || (back(1) == Some("on") && speech(back(2)))
    }

    /// The status from cues in the clause up to the trigger, cues after
    /// it in the sentence ("but postponed the visit"), and the date.
    fn status(
        &self,
        toks: &[Tok],
        clause_start: usize,
        i: usize,
        end: usize,
        date: Option<(&str, DayRange)>,
    ) -> EventStatus {
        let window: Vec<&str> = toks[clause_start..i]
            .iter()
            .map(|t| t.lower.as_ref())
            .collect();
        let sent_before: Vec<&str> = toks[..i].iter().map(|t| t.lower.as_ref()).collect();
        let after: Vec<&str> = toks[end..]
            .iter()
            .take(12)
            .map(|t| t.lower.as_ref())
            .collect();
        let has = |ws: &[&str], w: &str| ws.contains(&w);
        let has_prefix = |ws: &[&str], p: &str| ws.iter().any(|w| w.starts_with(p));
        let all: Vec<&str> = sent_before.iter().chain(after.iter()).copied().collect();
        if has_prefix(&all, "cancel")
            || has(&all, "scrapped")
            || has(&all, "called") && has(&after, "off")
        {
            return EventStatus::Cancelled;
        }
        if has_prefix(&all, "postpone")
            || has_prefix(&all, "delay")
            || has_prefix(&all, "reschedul")
        {
            return EventStatus::Postponed;
        }
        let negated = window
            .iter()
            .any(|w| matches!(*w, "not" | "n't" | "never" | "no"))
            || window.windows(2).any(|p| {
                matches!(
                    p[0],
                    "refused" | "declined" | "failed" | "refuses" | "declines"
                ) && p[1] == "to"
            });
        if negated {
            return EventStatus::Negated;
        }
        if window
            .iter()
            .any(|w| matches!(*w, "if" | "unless" | "could" | "might" | "may"))
        {
            return EventStatus::Hypothetical;
        }
        if window
            .iter()
            .any(|w| matches!(*w, "allegedly" | "reportedly" | "alleged" | "purportedly"))
        {
            return EventStatus::Claimed;
        }
        let future_words = |ws: &[&str]| {
            ws.iter().any(|w| {
                matches!(
                    *w,
                    "will"
                        | "'ll"
                        | "shall"
                        | "scheduled"
                        | "slated"
                        | "expected"
                        | "upcoming"
                        | "planned"
                        | "plans"
                        | "plan"
                        | "intends"
                        | "set"
                        | "going"
                        | "would"
                        | "due"
                )
            })
        };
        // A clause without a finite verb of its own ("Following his visits
        // to Cuba, Lavrov will ...") takes the tense of its sentence.
        let finite = |ws: &[&str]| {
            ws.iter().any(|w| {
                matches!(
                    *w,
                    "was" | "were" | "had" | "has" | "have" | "did" | "is" | "are" | "last"
                ) || (w.len() > 4 && w.ends_with("ed"))
            })
        };
        let sentence_words: Vec<&str> = toks.iter().map(|t| t.lower.as_ref()).collect();
        let future = future_words(&window)
            || (clause_start > 0 && future_words(&sent_before))
            || (!finite(&window)
                && !finite(&[toks[i].lower.as_ref()])
                && future_words(&sentence_words));
        if let (Some((_, r)), Some(p)) = (date, self.published) {
            if r.first > p.last {
                return EventStatus::Planned;
            }
            if r.last < p.first && !future_words(&window) {
                return EventStatus::Occurred;
            }
        }
        if future {
            return EventStatus::Planned;
        }
        if window
            .last()
            .is_some_and(|w| matches!(*w, "is" | "are" | "am"))
            && toks[i].lower.ends_with("ing")
        {
            return EventStatus::Ongoing;
        }
        EventStatus::Occurred
    }

    /// "..., Venezuela, on February 20, where he will meet ...": the place
    /// a relative "where" refers to.
    fn where_antecedent(&self, toks: &[Tok], clause_start: usize) -> Option<(Span, u32)> {
        if clause_start == 0 || toks[clause_start - 1].lower != "where" {
            return None;
        }
        self.mentions_in(toks, 0, clause_start - 1)
            .into_iter()
            .rev()
            .find(|&(_, _, e, _)| self.is_place(e))
            .map(|(_, s, e, _)| (s, e))
    }

    /// "in Caracas", "at Palacio Nacional" after the trigger, in its clause.
    fn locative(&self, toks: &[Tok], end: usize) -> Option<(Span, u32)> {
        let limit = (end..toks.len())
            .find(|&k| is_clause_break(&toks[k].lower))
            .unwrap_or(toks.len());
        self.mentions_in(toks, end, limit)
            .into_iter()
            .find(|&(k, _, e, _)| {
                k > 0
                    && LOCATIVE.contains(&toks[k - 1].lower.as_ref())
                    && self.is_place(e)
                    && self.entity(e).country.is_some()
            })
            .map(|(_, s, e, _)| (s, e))
    }

    /// A schedule line in a post ("🇧🇷 February 21-22 - meeting in Rio"):
    /// the post's person is at the place on that date.
    fn schedule_line(&self, toks: &[Tok], sentence: Span, role: BlockRole, out: &mut Vec<Event>) {
        let Some(timex) = self.timexes_in(sentence).first() else {
            return;
        };
        // "DATE - what": the dash right after the line's first date, with
        // nothing but symbols before the date.
        let head = toks.iter().take(12).position(|t| {
            t.tok.span.start() >= timex.span.end()
                && matches!(t.lower.as_ref(), "-" | "–" | "—" | ":")
        });
        let Some(dash) = head else { return };
        let lead_words = toks[..dash]
            .iter()
            .any(|t| t.tok.kind == TokenKind::Word && !timex.span.contains(t.tok.span));
        if lead_words {
            return;
        }
        let Some(range) = dates::range(&timex.value) else {
            return;
        };
        let Some(&(_, span, e, _)) = self
            .mentions_in(toks, dash + 1, toks.len())
            .iter()
            .find(|&&(_, _, e, _)| self.is_place(e))
        else {
            return;
        };
        let Some(owner) = self.owner(toks, dash) else {
            return;
        };
        let Some(code) = self.lex.code("042") else {
            return;
        };
        let status = if self.published.is_some_and(|p| range.first > p.last) {
            EventStatus::Planned
        } else {
            EventStatus::Occurred
        };
        out.push(Event {
            source: Some(self.actor(owner.1)),
            target: Some(self.actor(e)),
            cameo: "042".into(),
            quad_class: code.quad_class,
            goldstein: code.goldstein,
            plover_type: code.plover_type.clone(),
            plover_mode: code.plover_mode.clone(),
            status,
            date: Some(timex.value.clone()),
            place: Some(self.place(e)),
            evidence: sentence,
            trigger: Span::new(toks[dash].tok.span.start(), span.end()),
            block_role: role,
            confidence: 0.6,
            also: Vec::new(),
        });
    }

    fn actor(&self, e: u32) -> Actor {
        let ent = self.entity(e);
        Actor {
            entity: Some(e),
            name: ent.name.clone(),
            country: ent.country.clone(),
            code: ent.code.clone().or_else(|| ent.country.clone()),
        }
    }

    fn place(&self, e: u32) -> Place {
        let ent = self.entity(e);
        let geo = ent.geo.as_ref();
        Place {
            entity: Some(e),
            name: ent.name.clone(),
            country: ent
                .country
                .clone()
                .or_else(|| geo.and_then(|g| g.country.clone())),
            lat: geo.map(|g| g.lat),
            lon: geo.map(|g| g.lon),
            geonames_id: geo.and_then(|g| g.geonames_id),
        }
    }
}

#[cfg(test)]
mod tests {
    use attache_doc::{Document, DocumentMeta, PublishedSource};

    fn run(text: &str, published: &str) -> Document {
        let meta = DocumentMeta {
            published: Some(published.into()),
            published_source: PublishedSource::Input,
            ..DocumentMeta::default()
        };
        let mut doc = Document::new("t", text, meta);
        crate::standard_pipeline().run(&mut doc);
        doc
    }

    #[test]
    fn schedule_line_in_a_post() {
        let d = run(
            "\u{1F4AC} #Plans:\n\u{1F399} On March 3, FM Jane #Doe will speak.\n\u{1F1E7}\u{1F1F7} March 5-6 - G20 ministers meeting in Rio de Janeiro.\n\u{2014} MFA Example (@mfa_example) March 1, 2025",
            "2025-03-01",
        );
        let e: Vec<_> = d
            .layers
            .events
            .iter()
            .map(|e| (e.cameo.as_str(), e.date.as_deref()))
            .collect();
        assert!(
            e.contains(&("042", Some("2025-03-05/2025-03-06"))),
            "{e:?} {:?}",
            d.layers.blocks
        );
    }
}
