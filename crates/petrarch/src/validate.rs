//! The validation runner: codes each record's sentence with attache's own
//! segmentation and coding (never the supplied parse) and compares the
//! events with the expected ones.
//!
//! Suites: the PETRARCH unit tests (`petrarch2/text/PETR.UnitTest.records.xml`
//! with the `PETR.Validate.*` dictionaries), UD-PETRARCH's validation records
//! (`universal-petrarch/validate/PETR_Validate_records_2_02.xml` with its
//! `PETR_Validate_*_2_02` dictionaries), and the PETR-2 gold standard records
//! (`universal-petrarch/text/PETR2_GSR_validation.xml` with the production
//! dictionaries). Each file's `<Environment>` names its dictionaries; they
//! are looked up beside the file and in the dictionary folders.
//!
//! The pipeline per suite: blocks, sentences, tokens, timex,
//! [`DictionaryActorStage`] (the suite's actors and agents), quotes, and
//! events with attache's lexicon extended by the suite's verb dictionary.
//! Attache's lexicon keeps only CAMEO codes, and the validation verb files
//! use WEIS-like codes (212, 075A): such a predicate enters the lexicon
//! under the nearest CAMEO code, and each coded event is recoded from the
//! dictionary predicate that matches its trigger. With the synthetic
//! validation dictionaries, events whose trigger no dictionary predicate
//! matches (attache's own predicates) are dropped; with the production
//! dictionary (real CAMEO) they are kept.
//!
//! Scoring follows UD-PETRARCH's `validation.py`: an expected event is
//! found when a coded event has the same source, target and event code;
//! missed otherwise; coded events matching nothing are extra. "found" is
//! found / expected; "extra per record" is extra / scored records (UD-PETRARCH's
//! FP, published 23.0% beside 68.3% found on the 2_02 file).

use crate::dict::{ActorDict, AgentDict, DiscardList};
use crate::records::{load_plover, Record, Triple, ValidationFile};
use crate::stage::DictionaryActorStage;
use crate::verbs::{ConvertedPredicate, Unconverted, VerbDict};
use crate::Error;
use attache_doc::{Document, DocumentMeta, Event, PublishedSource, Span};
pub use attache_engine::stages::events::lexicon::TargetRule;
use attache_engine::stages::events::lexicon::{self, Lexicon};
use attache_engine::stages::{
    blocks::BlockStage, events::EventStage, quotes::QuoteStage, sentences::SentenceStage,
    syntax::SyntaxStage, timex::TimexStage, tokens::TokenStage,
};
use attache_engine::Pipeline;
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

/// UD-PETRARCH's published figures on the 2_02 records (dev-validate
/// README, May 2018): found (TP) and extra per record (FP), percent.
pub const UDPETR_FOUND: f64 = 68.3;
/// See [`UDPETR_FOUND`].
pub const UDPETR_EXTRA: f64 = 23.0;

/// How to run the suites.
#[derive(Debug, Clone)]
pub struct Options {
    /// The folder holding `petrarch2/`, `universal-petrarch/`, `plover/`.
    pub data: PathBuf,
    /// Target rule given to converted verb predicates.
    pub target: TargetRule,
    /// Keep per-record outcomes in the report.
    pub details: bool,
}

impl Options {
    /// Default options for a data folder.
    pub fn new(data: impl Into<PathBuf>) -> Options {
        Options {
            data: data.into(),
            target: TargetRule::Optional,
            details: false,
        }
    }
}

/// One record's outcome.
#[derive(Debug, Clone, Serialize)]
pub struct Outcome {
    /// Record id.
    pub id: String,
    /// Category.
    pub category: String,
    /// The sentence.
    pub text: String,
    /// Expected events.
    pub expected: Vec<Triple>,
    /// Coded events.
    pub coded: Vec<Triple>,
    /// Expected events found.
    pub found: usize,
    /// The record expected an error (discard, dateline) and what attache did.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

/// Counts for one category or a whole suite.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Counts {
    /// Records scored.
    pub records: usize,
    /// Expected events.
    pub expected: usize,
    /// Found: same source, target and code.
    pub found: usize,
    /// Found on the CAMEO root: same source and target, same first two
    /// digits of the code.
    pub found_root: usize,
    /// Expected, not found.
    pub missed: usize,
    /// Coded, matching no expected event.
    pub extra: usize,
    /// Events coded.
    pub coded: usize,
    /// Records whose coded set equals the expected set (PETRARCH-1's rule;
    /// `noevents` and error records are correct when nothing is coded).
    pub records_exact: usize,
    /// Missed events by apparent cause: "no event coded" (nothing coded in
    /// the record), "code differs" (an event with the same source and
    /// target), "actors reversed", "compound source, one coded" (another
    /// expected source of the same event was coded), "source differs" / "target differs" (an
    /// event with the same code root and the other actor right), "other".
    pub missed_by_cause: BTreeMap<String, usize>,
}

impl Counts {
    fn add(&mut self, o: &Counts) {
        self.records += o.records;
        self.expected += o.expected;
        self.found += o.found;
        self.found_root += o.found_root;
        self.missed += o.missed;
        self.extra += o.extra;
        self.coded += o.coded;
        self.records_exact += o.records_exact;
        for (k, v) in &o.missed_by_cause {
            *self.missed_by_cause.entry(k.clone()).or_default() += v;
        }
    }
}

fn pct(a: usize, b: usize) -> f64 {
    if b == 0 {
        0.0
    } else {
        (1000.0 * a as f64 / b as f64).round() / 10.0
    }
}

/// One suite's report.
#[derive(Debug, Clone, Serialize)]
pub struct SuiteReport {
    /// Short name.
    pub name: String,
    /// The records file, relative to the data folder.
    pub file: String,
    /// Dictionaries used.
    pub dictionaries: Vec<String>,
    /// Totals.
    pub totals: Counts,
    /// found / expected, percent.
    pub found_pct: f64,
    /// found_root / expected, percent.
    pub found_root_pct: f64,
    /// missed / expected, percent.
    pub missed_pct: f64,
    /// extra / scored records, percent (UD-PETRARCH's FP).
    pub extra_per_record_pct: f64,
    /// extra / coded, percent.
    pub extra_of_coded_pct: f64,
    /// Records skipped (`sentence="false"`, `evaluate="false"`).
    pub records_skipped: usize,
    /// Per category.
    pub categories: BTreeMap<String, Counts>,
    /// Actor entries, agent entries.
    pub actor_entries: usize,
    /// Agent entries.
    pub agent_entries: usize,
    /// Predicates converted from the verb dictionary.
    pub verb_predicates: usize,
    /// Verb lines and pattern lines read.
    pub verb_lines: usize,
    /// Pattern lines read.
    pub pattern_lines: usize,
    /// Converted predicates whose code is not CAMEO (entered under a
    /// stand-in code and recoded from the trigger).
    pub non_cameo_predicates: usize,
    /// What the verb dictionary could not give.
    pub unconverted: Unconverted,
    /// Patterns with words before the verb, applied by the runner's recoder.
    pub pre_verb_patterns: usize,
    /// Null-coded patterns, applied by the recoder as blocking.
    pub null_patterns: usize,
    /// Null-coded verbs, applied by the recoder as blocking.
    pub null_verbs: usize,
    /// Malformed dictionary lines skipped (actors, agents, verbs).
    pub dictionary_problems: usize,
    /// Per-record outcomes (with `details`).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub outcomes: Vec<Outcome>,
}

/// The PLOVER GSR report.
#[derive(Debug, Clone, Default, Serialize)]
pub struct PloverReport {
    /// The file, relative to the data folder.
    pub file: String,
    /// What coded it.
    pub pipeline: String,
    /// Records (the DOCUMENT record excluded).
    pub records: usize,
    /// Records where attache coded at least one event.
    pub coded: usize,
    /// Records where some coded event has the gold PLOVER type.
    pub type_any: usize,
    /// Records where the first coded event has the gold type.
    pub type_first: usize,
    /// type_any / records, percent.
    pub type_any_pct: f64,
    /// type_first / coded, percent (precision of the first event).
    pub type_first_of_coded_pct: f64,
    /// Records whose gold source and the chosen event's source both have a
    /// code (the chosen event: the first of the gold type, else the first).
    pub source_comparable: usize,
    /// Of those, the first three letters (country or IGO) agree with one
    /// gold source.
    pub source_agree: usize,
    /// Records with a comparable target.
    pub target_comparable: usize,
    /// Of those, agreeing.
    pub target_agree: usize,
    /// Gold type counts: type -> (records, found by some event).
    pub by_type: BTreeMap<String, (usize, usize)>,
    /// Per-record outcomes (with `details`): id, gold type, coded types.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub outcomes: Vec<(String, String, Vec<String>)>,
}

/// The whole report.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    /// The data folder.
    pub data: String,
    /// UD-PETRARCH's published found percentage on the 2_02 records.
    pub udpetr_found_pct: f64,
    /// UD-PETRARCH's published extra-per-record percentage.
    pub udpetr_extra_pct: f64,
    /// The suites found.
    pub suites: Vec<SuiteReport>,
    /// Suites whose files are absent, with the path looked for.
    pub absent: Vec<String>,
    /// The PLOVER GSR, if present: the standard pipeline, then attache
    /// with the PETRARCH production dictionaries.
    pub plover: Vec<PloverReport>,
}

/// The suites: name, records file relative to the data folder.
pub const SUITES: &[(&str, &str)] = &[
    ("petr-unittest", "petrarch2/text/PETR.UnitTest.records.xml"),
    (
        "udpetr-2_02",
        "universal-petrarch/validate/PETR_Validate_records_2_02.xml",
    ),
    (
        "petr2-gsr",
        "universal-petrarch/text/PETR2_GSR_validation.xml",
    ),
];

/// The PLOVER gold standard records, relative to the data folder.
pub const PLOVER_GSR: &str = "plover/gold_standard_records/PLOVER_GSR_CAMEO.txt";

/// Runs every suite present under `opts.data`.
pub fn run_all(opts: &Options) -> Result<Report, Error> {
    let mut suites = Vec::new();
    let mut absent = Vec::new();
    for (name, file) in SUITES {
        let path = opts.data.join(file);
        if path.exists() {
            suites.push(run_suite(opts, name, file)?);
        } else {
            absent.push(path.display().to_string());
        }
    }
    let plover_path = opts.data.join(PLOVER_GSR);
    let plover = if plover_path.exists() {
        run_plover(opts)?
    } else {
        absent.push(plover_path.display().to_string());
        Vec::new()
    };
    Ok(Report {
        data: opts.data.display().to_string(),
        udpetr_found_pct: UDPETR_FOUND,
        udpetr_extra_pct: UDPETR_EXTRA,
        suites,
        absent,
        plover,
    })
}

/// Finds a dictionary named in a records file's `<Environment>`.
fn resolve(data: &Path, beside: &Path, name: &str) -> Result<PathBuf, Error> {
    let dirs = [
        beside.to_path_buf(),
        data.join("petrarch2/dictionaries"),
        data.join("universal-petrarch/dictionaries"),
        data.join("universal-petrarch/validate"),
    ];
    dirs.iter()
        .map(|d| d.join(name))
        .find(|p| p.exists())
        .ok_or_else(|| Error::Format {
            path: beside.join(name),
            what: "dictionary named by <Environment> not found".into(),
        })
}

/// A suite's dictionaries, loaded.
struct Dictionaries {
    actors: ActorDict,
    agents: AgentDict,
    verbs: VerbDict,
    discards: DiscardList,
    names: Vec<String>,
}

fn load_dictionaries(
    opts: &Options,
    file: &ValidationFile,
    beside: &Path,
) -> Result<Dictionaries, Error> {
    let mut names = Vec::new();
    let mut actors = ActorDict::default();
    for name in file.actor_file.as_deref().unwrap_or("").split(',') {
        let name = name.trim();
        if name.is_empty() {
            continue;
        }
        let p = resolve(&opts.data, beside, name)?;
        let text = crate::read_text(&p)?;
        actors.add_text(name, &text);
        names.push(name.to_string());
    }
    let agents = match file.agent_file.as_deref() {
        Some(name) => {
            names.push(name.to_string());
            AgentDict::load(&resolve(&opts.data, beside, name)?)?
        }
        None => AgentDict::default(),
    };
    let verbs = match file.verb_file.as_deref() {
        Some(name) => {
            names.push(name.to_string());
            VerbDict::load(&resolve(&opts.data, beside, name)?, opts.target)?
        }
        None => VerbDict::default(),
    };
    let discards = match file.discard_file.as_deref() {
        Some(name) => {
            names.push(name.to_string());
            DiscardList::load(&resolve(&opts.data, beside, name)?)?
        }
        None => DiscardList::default(),
    };
    Ok(Dictionaries {
        actors,
        agents,
        verbs,
        discards,
        names,
    })
}

/// The CAMEO code a non-CAMEO dictionary code enters the lexicon under:
/// itself when known, else its first three characters, else its root with
/// a 0, else "010".
fn stand_in(lex: &Lexicon, code: &str) -> String {
    let mut tries = vec![code.to_string()];
    if code.len() > 3 {
        tries.push(code[..3].to_string());
    }
    if code.len() >= 2 && code.is_char_boundary(2) {
        tries.push(format!("{}0", &code[..2]));
    }
    tries
        .into_iter()
        .find(|c| lex.code(c).is_some())
        .unwrap_or_else(|| "010".to_string())
}

/// Words before a noun, never before a verb.
const DETERMINERS: &[&str] = &[
    "a", "an", "the", "its", "their", "his", "her", "our", "this", "these", "those", "every",
];

/// Prepositions a converted predicate is also entered with (see
/// `suite_pipeline`).
const TARGET_PREPOSITIONS: &[&str] = &[
    "with", "to", "against", "on", "at", "for", "from", "in", "into", "over", "about", "toward",
];

/// Largest verb dictionary (in converted predicates) all of whose
/// predicates also enter with [`TARGET_PREPOSITIONS`]; in larger ones (the
/// production `CAMEO.2.0.txt`) only predicates of one or two words do.
const MAX_FOR_PREP_VARIANTS: usize = 50_000;

/// Words a trigger may end with beyond its dictionary pattern.
const TRAILING: &[&str] = &[
    "with", "to", "in", "on", "for", "at", "against", "by", "from", "of", "into", "about", "over",
    "toward",
];

/// Recodes events from the dictionary predicate matching their trigger.
struct Recoder<'a> {
    by_first: HashMap<&'a str, Vec<&'a ConvertedPredicate>>,
}

impl<'a> Recoder<'a> {
    fn new(preds: &'a [ConvertedPredicate]) -> Recoder<'a> {
        let mut by_first: HashMap<&str, Vec<&ConvertedPredicate>> = HashMap::new();
        for p in preds {
            if let Some(w) = p.predicate.words.first() {
                by_first.entry(w.as_str()).or_default().push(p);
            }
        }
        Recoder { by_first }
    }

    /// The longest predicate whose words match the trigger's words in
    /// order, first to first and last to last, and whose pre-verb words
    /// (if any) come in order among the words `before` the trigger; pre
    /// words count toward length; earliest line on ties. A one-word
    /// predicate matches a longer trigger only when `partial`.
    fn find(
        &self,
        words: &[String],
        before: &[String],
        partial: bool,
    ) -> Option<&'a ConvertedPredicate> {
        let first = words.first()?;
        let mut best: Option<&ConvertedPredicate> = None;
        for (w, list) in &self.by_first {
            if !lexicon::matches(w, first) {
                continue;
            }
            for &p in list {
                let pw = &p.predicate.words;
                let n = pw.len();
                if n > words.len() || (n == 1 && words.len() > 1 && !partial) {
                    continue;
                }
                if n > 1 {
                    // The trigger may end in prepositions the predicate
                    // lacks ("held talks with" for HOLD * TALKS).
                    // With a preposition variant, fillers may stand before
                    // it ("cordoned off the roads leading into").
                    let mut end = words.len() - 1;
                    let prep_end = TRAILING.contains(&words[end].as_str());
                    let mut skipped = 0;
                    while end > 1
                        && !lexicon::matches(&pw[n - 1], &words[end])
                        && (TRAILING.contains(&words[end].as_str()) || (prep_end && skipped < 4))
                    {
                        end -= 1;
                        skipped += 1;
                    }
                    if !lexicon::matches(&pw[n - 1], &words[end]) {
                        continue;
                    }
                    let mut j = 1;
                    let inner = pw[1..n - 1].iter().all(|w| {
                        while j < end && !lexicon::matches(w, &words[j]) {
                            j += 1;
                        }
                        j += 1;
                        j <= end
                    });
                    if !inner {
                        continue;
                    }
                }
                if p.pre_adjacent
                    && !before
                        .last()
                        .zip(p.pre.last())
                        .is_some_and(|(t, w)| lexicon::matches(w, t))
                {
                    continue;
                }
                if !p.pre.is_empty() {
                    let mut j = 0;
                    let ok = p.pre.iter().all(|w| {
                        while j < before.len() && !lexicon::matches(w, &before[j]) {
                            j += 1;
                        }
                        j += 1;
                        j <= before.len()
                    });
                    if !ok {
                        continue;
                    }
                }
                let len = n + p.pre.len();
                let better = best.is_none_or(|b| {
                    let bn = b.predicate.words.len() + b.pre.len();
                    bn < len || (bn == len && p.line < b.line)
                });
                if better {
                    best = Some(p);
                }
            }
        }
        best
    }
}

fn code_of(a: Option<&attache_doc::Actor>) -> String {
    a.and_then(|a| a.code.clone().or_else(|| a.country.clone()))
        .unwrap_or_else(|| "---".to_string())
}

/// "19950104" or "121108" (YYMMDD, years below 30 are 20YY) as ISO.
fn iso_date(d: &str) -> Option<String> {
    let d = d.trim();
    if !d.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    match d.len() {
        8 => Some(format!("{}-{}-{}", &d[..4], &d[4..6], &d[6..8])),
        6 => {
            let century = if &d[..2] < "30" { "20" } else { "19" };
            Some(format!("{century}{}-{}-{}", &d[..2], &d[2..4], &d[4..6]))
        }
        _ => None,
    }
}

/// The suite's pipeline, and the number of predicates entered under a
/// stand-in code.
fn suite_pipeline(dicts: &Dictionaries) -> Result<(Pipeline, usize), Error> {
    let mut lex = Lexicon::load().map_err(|e| Error::Format {
        path: PathBuf::from(e.file),
        what: e.what,
    })?;
    let mut non_cameo = 0;
    // PETRARCH patterns leave out the preposition before the target
    // ("- * {DIPLOMATIC TIES}" codes "restore diplomatic ties with
    // Gondor"), and attache's event stage takes an object only right after
    // its pattern. Each predicate (in a large dictionary, each of one or
    // two words) also enters with the prepositions a target may follow.
    let variants = dicts.verbs.predicates.len() <= MAX_FOR_PREP_VARIANTS;
    let mut extension = Vec::new();
    for p in &dicts.verbs.predicates {
        let mut q = p.predicate.clone();
        if lex.code(&q.cameo).is_none() {
            non_cameo += 1;
            q.cameo = stand_in(&lex, &q.cameo);
        }
        let ends_in_prep = q
            .words
            .last()
            .is_some_and(|w| TRAILING.contains(&w.as_str()));
        if !ends_in_prep && (variants || q.words.len() <= 2) {
            for prep in TARGET_PREPOSITIONS {
                let mut v = q.clone();
                v.words.push(prep.to_string());
                extension.push(v);
            }
        }
        extension.push(q);
    }
    lex.extend(extension);
    let pipeline = Pipeline::builder()
        .stage(BlockStage::new())
        .stage(SentenceStage::new())
        .stage(TokenStage::new())
        .stage(SyntaxStage::new())
        .stage(TimexStage::new())
        .stage(DictionaryActorStage::new(
            dicts.actors.clone(),
            dicts.agents.clone(),
        ))
        .stage(QuoteStage::new())
        .stage(EventStage::with_lexicon(lex))
        .build()?;
    Ok((pipeline, non_cameo))
}

/// Runs one suite.
pub fn run_suite(opts: &Options, name: &str, rel: &str) -> Result<SuiteReport, Error> {
    let path = opts.data.join(rel);
    let file = ValidationFile::load(&path)?;
    let beside = path.parent().unwrap_or(Path::new("."));
    let dicts = load_dictionaries(opts, &file, beside)?;
    let production = dicts
        .names
        .iter()
        .any(|n| n.eq_ignore_ascii_case("CAMEO.2.0.txt"));

    let (pipeline, non_cameo) = suite_pipeline(&dicts)?;
    let recoder = Recoder::new(&dicts.verbs.predicates);
    let actor_entries = dicts.actors.entries.len();
    let agent_entries = dicts.agents.entries.len();
    let dictionary_problems =
        dicts.actors.problems.len() + dicts.agents.problems.len() + dicts.verbs.problems.len();
    let mut totals = Counts::default();
    let mut categories: BTreeMap<String, Counts> = BTreeMap::new();
    let mut outcomes = Vec::new();
    let mut skipped = 0;
    for r in &file.records {
        if r.skip || r.text.is_empty() {
            skipped += 1;
            continue;
        }
        let discarded = dicts.discards.find(&r.text).is_some();
        let coded = if discarded {
            Vec::new()
        } else {
            code_record(&pipeline, r, &recoder, production)
        };
        let (counts, found) = score(r, &coded);
        totals.add(&counts);
        categories
            .entry(r.category.clone())
            .or_default()
            .add(&counts);
        if opts.details {
            outcomes.push(Outcome {
                id: r.id.clone(),
                category: r.category.clone(),
                text: r.text.clone(),
                expected: r.expected.clone(),
                coded,
                found,
                error: r.error.as_ref().map(|e| {
                    format!(
                        "expected {e}; {}",
                        if discarded {
                            "discarded"
                        } else {
                            "not discarded"
                        }
                    )
                }),
            });
        }
    }
    Ok(SuiteReport {
        name: name.to_string(),
        file: rel.to_string(),
        dictionaries: dicts.names,
        found_pct: pct(totals.found, totals.expected),
        found_root_pct: pct(totals.found_root, totals.expected),
        missed_pct: pct(totals.missed, totals.expected),
        extra_per_record_pct: pct(totals.extra, totals.records),
        extra_of_coded_pct: pct(totals.extra, totals.coded),
        totals,
        records_skipped: skipped,
        categories,
        actor_entries,
        agent_entries,
        verb_predicates: dicts.verbs.predicates.len(),
        verb_lines: dicts.verbs.verbs,
        pattern_lines: dicts.verbs.patterns,
        non_cameo_predicates: non_cameo,
        unconverted: dicts.verbs.unconverted,
        pre_verb_patterns: dicts.verbs.pre_verb_patterns,
        null_patterns: dicts.verbs.null_patterns,
        null_verbs: dicts.verbs.null_verbs,
        dictionary_problems,
        outcomes,
    })
}

/// Codes one record's sentence; returns the distinct coded triples.
fn code_record(
    pipeline: &Pipeline,
    r: &Record,
    recoder: &Recoder,
    production: bool,
) -> Vec<Triple> {
    let meta = DocumentMeta {
        published: iso_date(&r.date),
        published_source: PublishedSource::default(),
        ..DocumentMeta::default()
    };
    let mut doc = Document::new(r.id.clone(), r.text.clone(), meta);
    pipeline.run(&mut doc);
    let mut out: Vec<Triple> = Vec::new();
    for e in &doc.layers.events {
        for t in recode(&doc, e, recoder, production) {
            // UD-PETRARCH's English mode skips events with a null actor.
            if t.source == "---" || (r.require_dyad && t.target == "---") {
                continue;
            }
            if !out.contains(&t) {
                out.push(t);
            }
        }
    }
    out
}

/// The triples of one attache event under the suite's verb dictionary.
fn recode(doc: &Document, e: &Event, recoder: &Recoder, production: bool) -> Vec<Triple> {
    let words: Vec<String> = doc
        .layers
        .tokens_in(e.trigger)
        .iter()
        .filter(|t| t.kind == attache_doc::TokenKind::Word)
        .map(|t| t.span.text(doc.text()).to_lowercase())
        .collect();
    // Up to eight words before the trigger, in its sentence.
    let sentence = doc
        .layers
        .sentences
        .iter()
        .find(|s| s.span.contains(e.trigger))
        .map_or(e.evidence, |s| s.span);
    let lead = Span::new(sentence.start(), e.trigger.start());
    let mut before: Vec<String> = doc
        .layers
        .tokens_in(lead)
        .iter()
        .rev()
        .filter(|t| t.kind == attache_doc::TokenKind::Word)
        .take(8)
        .map(|t| t.span.text(doc.text()).to_lowercase().replace('’', "'"))
        .collect();
    before.reverse();
    // Treebank tokens, as the dictionaries write them: "didn't" is
    // "did n't", "won't" "wo n't".
    let before: Vec<String> = before
        .into_iter()
        .flat_map(|w| match w.strip_suffix("n't").filter(|s| !s.is_empty()) {
            Some(stem) => vec![stem.to_string(), "n't".to_string()],
            None => vec![w],
        })
        .collect();
    // PETRARCH's verb dictionaries code verbs: a word after a determiner
    // ("a brief visit", "the attack") is a noun.
    let noun = before
        .last()
        .is_some_and(|w| DETERMINERS.contains(&w.as_str()));
    let (code, reciprocal) = match recoder.find(&words, &before, !production) {
        Some(p) if p.null || noun => return Vec::new(),
        Some(p) => (p.predicate.cameo.clone(), p.reciprocal.clone()),
        None if production => (e.cameo.clone(), None),
        None => return Vec::new(),
    };
    // "ELR/GAL": a compound actor code is one event per part.
    let sources = code_of(e.source.as_ref());
    let targets = code_of(e.target.as_ref());
    let mut v = Vec::new();
    for source in sources.split('/') {
        for target in targets.split('/') {
            v.push(Triple {
                source: source.to_string(),
                target: target.to_string(),
                code: code.clone(),
            });
            if let (Some(rc), true) = (&reciprocal, target != "---") {
                v.push(Triple {
                    source: target.to_string(),
                    target: source.to_string(),
                    code: rc.clone(),
                });
            }
        }
    }
    v
}

/// What attache does with one record of a suite: its entities (code and
/// text), events (trigger, attache code, source, target) and the triples
/// scored. For debugging a miss.
pub fn explain(opts: &Options, suite: &str, id: &str) -> Result<String, Error> {
    use std::fmt::Write;
    let Some((name, rel)) = SUITES.iter().find(|(n, _)| *n == suite) else {
        return Err(Error::Format {
            path: PathBuf::from(suite),
            what: format!(
                "no such suite (one of {})",
                SUITES.iter().map(|s| s.0).collect::<Vec<_>>().join(", ")
            ),
        });
    };
    let path = opts.data.join(rel);
    let file = ValidationFile::load(&path)?;
    let beside = path.parent().unwrap_or(Path::new("."));
    let dicts = load_dictionaries(opts, &file, beside)?;
    let production = dicts
        .names
        .iter()
        .any(|n| n.eq_ignore_ascii_case("CAMEO.2.0.txt"));
    let (pipeline, _) = suite_pipeline(&dicts)?;
    let recoder = Recoder::new(&dicts.verbs.predicates);
    let mut out = String::new();
    for r in file.records.iter().filter(|r| r.id == id) {
        let _ = writeln!(out, "{name} {} [{}] {}", r.id, r.category, r.text);
        let _ = writeln!(out, "  expected: {:?}", r.expected);
        if let Some(d) = dicts.discards.find(&r.text) {
            let _ = writeln!(out, "  discarded by '{}'", d.text);
        }
        let meta = DocumentMeta {
            published: iso_date(&r.date),
            ..DocumentMeta::default()
        };
        let mut doc = Document::new(r.id.clone(), r.text.clone(), meta);
        pipeline.run(&mut doc);
        for e in &doc.layers.entities {
            let ms: Vec<&str> = e.mentions.iter().map(|m| m.span.text(doc.text())).collect();
            let _ = writeln!(out, "  entity {:?} {:?} {:?}", e.code, e.kind, ms);
        }
        for e in &doc.layers.events {
            let _ = writeln!(
                out,
                "  event '{}' {} {} > {} -> {:?}",
                e.trigger.text(doc.text()),
                e.cameo,
                code_of(e.source.as_ref()),
                code_of(e.target.as_ref()),
                recode(&doc, e, &recoder, production)
            );
        }
    }
    if out.is_empty() {
        let _ = writeln!(out, "{name}: no record {id}");
    }
    Ok(out)
}

/// Scores one record: counts, and the number of expected events found.
fn score(r: &Record, coded: &[Triple]) -> (Counts, usize) {
    let mut used = vec![false; coded.len()];
    let mut found = 0;
    let mut found_root = 0;
    for x in &r.expected {
        if let Some(k) = (0..coded.len()).find(|&k| !used[k] && coded[k] == *x) {
            used[k] = true;
            found += 1;
        }
        let root = |c: &str| c.get(..2).map(str::to_string);
        if coded
            .iter()
            .any(|c| c.source == x.source && c.target == x.target && root(&c.code) == root(&x.code))
        {
            found_root += 1;
        }
    }
    let mut causes: BTreeMap<String, usize> = BTreeMap::new();
    let root = |c: &str| c.get(..2).map(str::to_string);
    for x in &r.expected {
        if coded.contains(x) {
            continue;
        }
        let cause = if coded.is_empty() {
            "no event coded"
        } else if coded
            .iter()
            .any(|c| c.source == x.source && c.target == x.target)
        {
            "code differs"
        } else if coded
            .iter()
            .any(|c| c.source == x.target && c.target == x.source)
        {
            "actors reversed"
        } else if r.expected.iter().any(|y| {
            y.source != x.source && y.target == x.target && y.code == x.code && coded.contains(y)
        }) {
            // "Fornost and Gondor welcomed ...": one of the sources coded.
            "compound source, one coded"
        } else if coded
            .iter()
            .any(|c| c.target == x.target && root(&c.code) == root(&x.code))
        {
            "source differs"
        } else if coded
            .iter()
            .any(|c| c.source == x.source && root(&c.code) == root(&x.code))
        {
            "target differs"
        } else {
            "other"
        };
        *causes.entry(cause.to_string()).or_default() += 1;
    }
    let extra = used.iter().filter(|u| !**u).count();
    let exact = found == r.expected.len() && extra == 0;
    (
        Counts {
            records: 1,
            expected: r.expected.len(),
            found,
            found_root,
            missed: r.expected.len() - found,
            extra,
            coded: coded.len(),
            records_exact: usize::from(exact),
            missed_by_cause: causes,
        },
        found,
    )
}

/// An event as the PLOVER scoring sees it: PLOVER type (or "-" + CAMEO
/// code when the code has none), source and target codes.
type PloverEvent = (String, Option<String>, Option<String>);

/// Runs the PLOVER GSR through the standard pipeline, and, when the PETR-2
/// GSR names them, through attache with the PETRARCH production
/// dictionaries (Phoenix actors and agents, `CAMEO.2.0.txt` verbs).
pub fn run_plover(opts: &Options) -> Result<Vec<PloverReport>, Error> {
    let records = load_plover(&opts.data.join(PLOVER_GSR))?;
    let pipeline = attache_engine::standard_pipeline();
    let standard = score_plover(opts, &records, "standard pipeline", |r| {
        let doc = plover_doc(&pipeline, r);
        doc.layers
            .events
            .iter()
            .map(|e| {
                let ty = e
                    .plover_type
                    .clone()
                    .unwrap_or_else(|| format!("-{}", e.cameo));
                (
                    ty,
                    actor_code(e.source.as_ref()),
                    actor_code(e.target.as_ref()),
                )
            })
            .collect()
    });
    let mut out = vec![standard];
    let gsr = opts.data.join(SUITES[2].1);
    if gsr.exists() {
        let file = ValidationFile::load(&gsr)?;
        let dicts = load_dictionaries(opts, &file, gsr.parent().unwrap_or(Path::new(".")))?;
        let (pipeline, _) = suite_pipeline(&dicts)?;
        let recoder = Recoder::new(&dicts.verbs.predicates);
        let lex = Lexicon::load().map_err(|e| Error::Format {
            path: PathBuf::from(e.file),
            what: e.what,
        })?;
        let label = format!(
            "PETRARCH production dictionaries ({})",
            dicts.names.join(", ")
        );
        out.push(score_plover(opts, &records, &label, |r| {
            let doc = plover_doc(&pipeline, r);
            let mut v: Vec<PloverEvent> = Vec::new();
            for e in &doc.layers.events {
                for t in recode(&doc, e, &recoder, true) {
                    let ty = lex
                        .code(&t.code)
                        .and_then(|c| c.plover_type.clone())
                        .unwrap_or_else(|| format!("-{}", t.code));
                    let some = |c: String| (c != "---").then_some(c);
                    v.push((ty, some(t.source), some(t.target)));
                }
            }
            v
        }));
    }
    Ok(out)
}

fn plover_doc(pipeline: &Pipeline, r: &crate::records::PloverRecord) -> Document {
    let meta = DocumentMeta {
        published: r.date.clone(),
        ..DocumentMeta::default()
    };
    let mut doc = Document::new(r.id.clone(), r.text.clone().unwrap_or_default(), meta);
    pipeline.run(&mut doc);
    doc
}

fn actor_code(a: Option<&attache_doc::Actor>) -> Option<String> {
    a.and_then(|a| a.code.clone().or_else(|| a.country.clone()))
}

fn score_plover(
    opts: &Options,
    records: &[crate::records::PloverRecord],
    label: &str,
    code: impl Fn(&crate::records::PloverRecord) -> Vec<PloverEvent>,
) -> PloverReport {
    let mut rep = PloverReport {
        file: PLOVER_GSR.to_string(),
        pipeline: label.to_string(),
        ..PloverReport::default()
    };
    for r in records {
        if r.text.is_none() {
            continue;
        }
        let gold = r.current_event().to_string();
        rep.records += 1;
        let events = code(r);
        let slot = rep.by_type.entry(gold.clone()).or_default();
        slot.0 += 1;
        if !events.is_empty() {
            rep.coded += 1;
        }
        let hit = events.iter().position(|e| e.0 == gold);
        if hit.is_some() {
            rep.type_any += 1;
            slot.1 += 1;
        }
        if events.first().is_some_and(|e| e.0 == gold) {
            rep.type_first += 1;
        }
        if let Some(e) = hit.map(|i| &events[i]).or(events.first()) {
            let cmp = |ours: &Option<String>, gold: &[crate::records::PloverActor]| {
                let ours: String = ours.as_ref()?.chars().take(3).collect();
                let golds: Vec<String> = gold
                    .iter()
                    .filter(|g| !g.code.is_empty())
                    .map(|g| g.code.chars().take(3).collect())
                    .collect();
                (!golds.is_empty()).then(|| golds.contains(&ours))
            };
            if let Some(ok) = cmp(&e.1, &r.source) {
                rep.source_comparable += 1;
                rep.source_agree += usize::from(ok);
            }
            if let Some(ok) = cmp(&e.2, &r.target) {
                rep.target_comparable += 1;
                rep.target_agree += usize::from(ok);
            }
        }
        if opts.details {
            rep.outcomes.push((
                r.id.clone(),
                gold,
                events.into_iter().map(|e| e.0).collect(),
            ));
        }
    }
    rep.type_any_pct = pct(rep.type_any, rep.records);
    rep.type_first_of_coded_pct = pct(rep.type_first, rep.coded);
    rep
}

/// The report as pretty-printed JSON.
pub fn json(rep: &Report) -> String {
    serde_json::to_string_pretty(rep).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"))
}

/// The report as a text table.
pub fn table(rep: &Report) -> String {
    use std::fmt::Write;
    let mut s = String::new();
    let _ = writeln!(
        s,
        "PETRARCH validation with attache's own segmentation and coding ({})",
        rep.data
    );
    let _ = writeln!(
        s,
        "\n{:<14} {:>7} {:>8} {:>14} {:>14} {:>14} {:>14} {:>8} {:>9}",
        "suite",
        "records",
        "expected",
        "found",
        "found (root)",
        "missed",
        "extra/records",
        "coded",
        "rec exact"
    );
    for x in &rep.suites {
        let t = &x.totals;
        let _ = writeln!(
            s,
            "{:<14} {:>7} {:>8} {:>6} {:>6.1}% {:>6} {:>6.1}% {:>6} {:>6.1}% {:>6} {:>6.1}% {:>8} {:>9}",
            x.name,
            t.records,
            t.expected,
            t.found,
            x.found_pct,
            t.found_root,
            x.found_root_pct,
            t.missed,
            x.missed_pct,
            t.extra,
            x.extra_per_record_pct,
            t.coded,
            t.records_exact
        );
    }
    let _ = writeln!(
        s,
        "{:<14} {:>7} {:>8} {:>14} {:>14} {:>14} {:>14}",
        "UD-PETR (pub.)",
        "264",
        "322",
        format!("{:.1}%", rep.udpetr_found_pct),
        "",
        "",
        format!("{:.1}%", rep.udpetr_extra_pct)
    );
    let _ = writeln!(
        s,
        "\nfound: same source, target and code; root: same actors, same CAMEO root; extra/records: UD-PETRARCH's FP."
    );
    for x in &rep.suites {
        let u = &x.unconverted;
        let _ = writeln!(
            s,
            "\n{}: {} | actors {}, agents {}, verb lines {}, patterns {} -> {} predicates ({} with non-CAMEO codes)\n  applied by the runner, not the event stage: {} patterns with words before the verb, {} null-coded patterns and {} null-coded verbs (blocking)\n  not converted: {} reciprocal-only codes, {} transformations, {} undefined synsets, {} over the expansion cap; {} malformed dictionary lines",
            x.name,
            x.dictionaries.join(", "),
            x.actor_entries,
            x.agent_entries,
            x.verb_lines,
            x.pattern_lines,
            x.verb_predicates,
            x.non_cameo_predicates,
            x.pre_verb_patterns,
            x.null_patterns,
            x.null_verbs,
            u.reciprocal_only,
            u.transformations,
            u.undefined_synsets,
            u.too_many_expansions,
            x.dictionary_problems
        );
        let cats: Vec<String> = x
            .categories
            .iter()
            .map(|(c, n)| format!("{c} {}/{} (+{})", n.found, n.expected, n.extra))
            .collect();
        let _ = writeln!(
            s,
            "  by category (found/expected (+extra)): {}",
            cats.join(", ")
        );
        let causes: Vec<String> = x
            .totals
            .missed_by_cause
            .iter()
            .map(|(c, n)| format!("{c} {n}"))
            .collect();
        let _ = writeln!(s, "  missed by cause: {}", causes.join(", "));
    }
    for p in &rep.plover {
        let _ = writeln!(
            s,
            "\nPLOVER GSR ({}), {}: {} records, {} with an event; event type found by some event {} ({:.1}%), first event's type right {} ({:.1}% of coded); source agrees {}/{} comparable, target {}/{} (first three letters of the code)",
            p.file,
            p.pipeline,
            p.records,
            p.coded,
            p.type_any,
            p.type_any_pct,
            p.type_first,
            p.type_first_of_coded_pct,
            p.source_agree,
            p.source_comparable,
            p.target_agree,
            p.target_comparable
        );
        let types: Vec<String> = p
            .by_type
            .iter()
            .map(|(t, (n, f))| format!("{t} {f}/{n}"))
            .collect();
        let _ = writeln!(s, "  by gold type: {}", types.join(", "));
    }
    for a in &rep.absent {
        let _ = writeln!(s, "absent: {a}");
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scoring_counts_found_root_and_extra() {
        let t = |s: &str, g: &str, c: &str| Triple {
            source: s.into(),
            target: g.into(),
            code: c.into(),
        };
        let r = Record {
            expected: vec![t("ARN", "GON", "064"), t("GON", "ARN", "033")],
            ..Record::default()
        };
        let (c, found) = score(
            &r,
            &[
                t("ARN", "GON", "064"),
                t("GON", "ARN", "031"),
                t("X", "Y", "010"),
            ],
        );
        assert_eq!(found, 1);
        assert_eq!((c.found, c.found_root, c.missed, c.extra), (1, 2, 1, 2));
        assert_eq!(c.records_exact, 0);
        let (c, _) = score(&Record::default(), &[]);
        assert_eq!(c.records_exact, 1);
    }

    #[test]
    fn stand_in_codes_are_cameo() {
        let lex = Lexicon::load().expect("lexicon");
        assert_eq!(stand_in(&lex, "042"), "042");
        assert_eq!(stand_in(&lex, "0311"), "0311");
        assert!(lex.code(&stand_in(&lex, "212")).is_some());
        assert!(lex.code(&stand_in(&lex, "075A")).is_some());
    }
}
