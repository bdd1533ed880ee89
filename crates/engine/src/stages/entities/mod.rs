//! Named entities: mentions, types, countries, CAMEO actor codes,
//! coreference and geocoding.
//!
//! The stage scans the text into words of its own (folded to lower-case
//! ASCII keys, spans kept), matches them against embedded dictionaries
//! (countries, GeoNames places, organisations, office holders, role
//! words), finds capitalised names the dictionaries do not know, composes
//! actor codes from the words around a name ("Russian Foreign Minister
//! Sergey Lavrov" -> RUSGOV), links surnames, role phrases and pronouns to
//! the entities they refer to, and geocodes every place.

mod fold;
mod gazetteer;
mod geo;
mod groups;
pub(crate) mod hash;
mod recognize;

use crate::{Stage, StageError};
use attache_doc::{Document, Entity, EntityType, Geo, Layer, Mention, MentionKind, Span};
use fold::{Gap, Word};
use gazetteer::{Gazetteer, Gender, Sense};
use geo::{Choice, GeoContext, Qualifier};
use hash::FxMap as HashMap;
use recognize::{
    Cand, Scan, EVENT_SUFFIX, FAC_PREFIX, FAC_SUFFIX, GPE_SUFFIX, LOC_SUFFIX, ORG_SUFFIX,
};

pub use geo::distance_km;

/// Finds entities and all their mentions.
#[derive(Debug)]
pub struct EntityStage {
    g: Gazetteer,
}

impl Default for EntityStage {
    fn default() -> Self {
        EntityStage::new()
    }
}

impl EntityStage {
    /// The stage, with its dictionaries parsed.
    pub fn new() -> EntityStage {
        EntityStage {
            g: Gazetteer::load(),
        }
    }

    /// The stage with, in addition, the dated people of PETRARCH/Phoenix
    /// `.actors` dictionaries read from `paths` (the built-in people list
    /// keeps priority for names it has).
    ///
    /// # Errors
    /// When a file cannot be read.
    pub fn with_actor_dictionaries<P: AsRef<std::path::Path>>(
        paths: &[P],
    ) -> std::io::Result<EntityStage> {
        let mut g = Gazetteer::load();
        for p in paths {
            let text = std::fs::read_to_string(p)?;
            g.add_petrarch_actors(&text);
        }
        Ok(EntityStage { g })
    }

    /// Number of people the stage knows (built-in and loaded).
    pub fn people_count(&self) -> usize {
        self.g.people.len()
    }

    /// Entities of a text, without the rest of the pipeline: sentences are
    /// taken from `sentences` (byte ranges) when given, else the whole text
    /// is one sentence.
    pub fn entities_of(
        &self,
        text: &str,
        published: &str,
        sentences: &[(usize, usize)],
    ) -> Vec<Entity> {
        let spans: Vec<Span> = sentences.iter().map(|&(a, b)| Span::new(a, b)).collect();
        self.extract(text, published, &spans)
    }

    /// Resolves given toponym spans of a text to GeoNames entries, using the
    /// whole text as context. A name the gazetteer does not know ("Laurel
    /// County") gets the article's focus: its most often resolved place below
    /// country level, if any. `None` where there is nothing to go on.
    pub fn geocode_spans(&self, text: &str, spans: &[(usize, usize)]) -> Vec<Option<Geo>> {
        let words = fold::scan_words(text);
        let sent = vec![0u32; words.len()];
        let initial = vec![false; words.len()];
        let scan = Scan {
            g: &self.g,
            words: &words,
            sent: &sent,
            initial: &initial,
            buf: Default::default(),
        };
        let cands = scan.candidates();
        let ctx = self.geo_context(&words, &cands, &initial);
        let mut out: Vec<Option<Geo>> = spans
            .iter()
            .map(|&(a, b)| {
                let key = fold::fold_key(text.get(a..b)?);
                let senses = self.g.place_senses(&key);
                if senses.is_empty() {
                    return None;
                }
                let senses = senses.as_slice();
                // qualifier: ", Name" right after the span
                let next = words.iter().position(|w| w.start >= b);
                let q = next.and_then(|j| {
                    (words[j].gap == Gap::Comma).then(|| {
                        cands.iter().find_map(|c| match c {
                            Cand::Dict { w0, senses, .. } if *w0 == j => Some(senses.as_slice()),
                            _ => None,
                        })
                    })?
                });
                // inner: "Name, " right before the span
                let prev = words.iter().rposition(|w| w.end <= a);
                let inner = prev.and_then(|j| {
                    let at = words.iter().position(|w| w.start >= a)?;
                    (words[at].gap == Gap::Comma).then(|| {
                        cands.iter().find_map(|c| match c {
                            Cand::Dict { w1, senses, .. } if *w1 == j + 1 => {
                                Some(senses.as_slice())
                            }
                            _ => None,
                        })
                    })?
                });
                let choice = geo::choose(&self.g, senses, &ctx, Qualifier { senses: q, inner })?;
                Some(geo::geo_of(&self.g, choice))
            })
            .collect();
        let mut counts: HashMap<u64, (usize, usize)> = HashMap::default();
        for (i, g) in out.iter().enumerate() {
            if let Some(g) = g.as_ref().filter(|g| g.feature.as_deref() != Some("PCLI")) {
                let e = counts.entry(g.geonames_id.unwrap_or(0)).or_insert((0, i));
                e.0 += 1;
            }
        }
        let focus = counts
            .values()
            .max_by_key(|(n, i)| (*n, usize::MAX - i))
            .and_then(|&(_, i)| out[i].clone());
        if focus.is_some() {
            for g in out.iter_mut().filter(|g| g.is_none()) {
                *g = focus.clone();
            }
        }
        out
    }

    /// `initial`: which words open a sentence, where a capital says nothing
    /// ("Police" is also a town in Poland).
    fn geo_context(&self, words: &[Word], cands: &[Cand], initial: &[bool]) -> GeoContext {
        let mut ctx = GeoContext::default();
        for c in cands {
            if let Cand::Dict { senses, w0, .. } = c {
                let mut has_country = false;
                for s in senses {
                    match *s {
                        Sense::Country(k) | Sense::Demonym(k) => {
                            ctx.countries.insert(k);
                            has_country = true;
                        }
                        _ => {}
                    }
                }
                let state_too = senses.iter().any(|s| match *s {
                    Sense::Place(p, true) => self.g.places[p as usize].feature == "ADM1",
                    _ => false,
                });
                if has_country && state_too {
                    for s in senses {
                        if let Sense::Country(k) = *s {
                            ctx.countries.remove(&k);
                        }
                    }
                }
                if has_country {
                    continue;
                }
                for s in senses {
                    if let Sense::Place(p, true) = *s {
                        let p = &self.g.places[p as usize];
                        if let (true, true, Some(c)) =
                            (p.feature == "ADM1", words[*w0].cap, p.country)
                        {
                            ctx.states.insert((c, p.admin1.clone()));
                            ctx.countries.insert(c);
                        }
                    }
                }
                let person = senses
                    .iter()
                    .any(|s| matches!(s, Sense::Person(_) | Sense::Surname(_)));
                if words[*w0].cap && !initial[*w0] && !person {
                    if let Some(p) = geo::most_prominent(&self.g, senses) {
                        if let Some(c) = self.g.places[p as usize].country {
                            ctx.add_place(&self.g, p, c);
                        }
                    }
                }
            }
        }
        ctx
    }
}

impl Stage for EntityStage {
    fn name(&self) -> &'static str {
        "entities"
    }

    fn requires(&self) -> &'static [Layer] {
        &[Layer::Blocks, Layer::Sentences, Layer::Tokens]
    }

    fn provides(&self) -> &'static [Layer] {
        &[Layer::Entities]
    }

    fn run(&self, doc: &mut Document) -> Result<(), StageError> {
        let published = doc.meta.published.clone().unwrap_or_default();
        let sentences: Vec<Span> = doc.layers.sentences.iter().map(|s| s.span).collect();
        let ents = self.extract(doc.text(), &published, &sentences);
        doc.layers.entities = ents;
        Ok(())
    }
}

/// What makes two mentions the same entity.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum Key {
    Person(u16),
    Name(String),
    Country(u16),
    Place(u32),
    Org(u16, String),
    Group(String),
    Other(String),
}

/// A mention before entities are formed.
#[derive(Debug, Clone)]
struct Ment {
    w0: usize,
    w1: usize,
    kind: EntityType,
    key: Option<Key>,
    mkind: MentionKind,
    name: String,
    country: Option<String>,
    code: Option<String>,
    role: Option<String>,
    gender: Option<Gender>,
    geo: Option<Geo>,
    /// Unresolved: a surname, a lone capitalised word or a role phrase.
    pending: Pending,
    /// A lone word that may stand as a person of its own when unlinked.
    lone_ok: bool,
}

#[derive(Debug, Clone, PartialEq)]
enum Pending {
    None,
    /// A surname or lone word: the folded key.
    Surname(String, Vec<u16>),
    /// "the Russian foreign minister": country and folded role.
    Nominal(String, String),
}

const FILLERS: &[&str] = &[
    "the",
    "a",
    "an",
    "state",
    "run",
    "owned",
    "former",
    "acting",
    "then",
    "top",
    "senior",
    "new",
    "outgoing",
    "incoming",
    "ousted",
    "late",
    "veteran",
    "socialist",
    "communist",
    "current",
    "longtime",
    "interim",
    "de",
    "facto",
    "self",
    "declared",
    "its",
    "his",
    "her",
    "their",
    "country",
    "nation",
    "s",
    "embattled",
    "powerful",
    "influential",
    "conservative",
    "liberal",
    "leftist",
    "rightwing",
    "right",
    "left",
    "wing",
    "far",
    "hardline",
    "authoritarian",
    "military",
    "controlled",
    "backed",
    "affiliated",
    "official",
    "controversial",
];

const SPEECH: &[&str] = &[
    "said",
    "says",
    "told",
    "added",
    "stated",
    "wrote",
    "asked",
    "argued",
    "explained",
    "noted",
    "insisted",
    "warned",
    "claimed",
    "announced",
    "tweeted",
    "posted",
    "declared",
    "who",
];

fn has(list: &[&str], k: &str) -> bool {
    list.contains(&k)
}

fn title_case(s: &str) -> String {
    s.split(' ')
        .map(|w| {
            let mut c = w.chars();
            match c.next() {
                Some(f) if !matches!(w, "of" | "the" | "for" | "to" | "and") => {
                    f.to_uppercase().chain(c).collect()
                }
                _ => w.to_string(),
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// Two given names that are spellings of one (Sergei/Sergey, Nicolas/Nicolás).
fn close(a: &str, b: &str) -> bool {
    // The first four bytes may end inside a character: compare only when
    // both prefixes are whole characters.
    let same_prefix = matches!((a.get(..4), b.get(..4)), (Some(x), Some(y)) if x == y);
    if a == b || same_prefix {
        return true;
    }
    if (a.len() == 1 || b.len() == 1) && a.as_bytes().first() == b.as_bytes().first() {
        return true;
    }
    let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    if a.len().abs_diff(b.len()) > 1 {
        return false;
    }
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.iter().enumerate() {
        let mut cur = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            cur.push(
                (prev[j + 1] + 1)
                    .min(cur[j] + 1)
                    .min(prev[j] + usize::from(ca != cb)),
            );
        }
        prev = cur;
    }
    prev[b.len()] <= 1
}

struct Ctx<'a> {
    g: &'a Gazetteer,
    text: &'a str,
    date: &'a str,
    words: &'a [Word],
    sent: &'a [u32],
    cands: &'a [Cand],
    /// Candidate index ending at each word boundary (exclusive end).
    end_at: Vec<Option<usize>>,
    start_at: Vec<Option<usize>>,
    geo: GeoContext,
    /// Words the document also writes in lower case ("review", "service").
    /// Built on first use.
    lower: std::cell::OnceCell<hash::FxSet<&'a str>>,
}

/// What the words before or after a name say about it.
#[derive(Debug, Default, Clone)]
struct Around {
    country: Option<u16>,
    role: Option<u16>,
    /// Role words as written ("Foreign Minister").
    role_text: Option<String>,
    former: bool,
    the: bool,
    /// Country adjective as written ("Russian").
    adj: Option<String>,
    /// A generic organisation before the role ("Foreign Ministry").
    org: Option<u16>,
    /// Sector of a body before the role ("army spokesman" -> MIL).
    sector: Option<String>,
    /// First word of the country's candidate, and whether that candidate is
    /// only an adjective ("Indian"), not a name that stands on its own.
    country_at: Option<(usize, bool)>,
}

impl<'a> Ctx<'a> {
    /// Whether the document also writes `k` in lower case.
    fn is_lower(&self, k: &str) -> bool {
        let words: &'a [Word] = self.words;
        self.lower
            .get_or_init(|| {
                words
                    .iter()
                    .filter(|w| !w.cap && !w.digit)
                    .map(|w| w.key.as_str())
                    .collect()
            })
            .contains(k)
    }

    fn span_text(&self, w0: usize, w1: usize) -> &str {
        &self.text[self.words[w0].start..self.words[w1 - 1].end]
    }

    fn country_sense(senses: &[Sense]) -> Option<u16> {
        senses.iter().find_map(|s| match *s {
            Sense::Country(c) | Sense::Demonym(c) => Some(c),
            _ => None,
        })
    }

    /// Walks left from word `w0` over titles, adjectives and fillers.
    fn left(&self, w0: usize) -> Around {
        let mut a = Around::default();
        let mut k = w0;
        let mut steps = 0;
        while k > 0 && steps < 10 {
            steps += 1;
            if !matches!(self.words[k].gap, Gap::Space | Gap::Hyphen)
                || self.sent[k - 1] != self.sent[k]
            {
                break;
            }
            if let Some(ci) = self.end_at[k] {
                let (c0, _) = self.cands[ci].range();
                match &self.cands[ci] {
                    Cand::Role {
                        role,
                        w0: r0,
                        w1: r1,
                    } => {
                        if a.role.is_none() {
                            a.role = Some(*role);
                            a.role_text =
                                Some(title_case(&self.span_text(*r0, *r1).to_lowercase()));
                        } else {
                            // "army spokesman": the body gives the sector
                            let r = &self.g.roles[*role as usize];
                            if r.kind == "group" && a.sector.is_none() && r.code != "GOV" {
                                a.sector = Some(r.code.clone());
                            }
                        }
                    }
                    Cand::Dict {
                        senses,
                        w0: d0,
                        w1: d1,
                    } => {
                        if let Some(c) = Self::country_sense(senses) {
                            if a.country.is_none() {
                                a.country = Some(c);
                                a.adj = Some(self.span_text(*d0, *d1).to_string());
                                let adjective_only =
                                    !senses.iter().any(|s| matches!(s, Sense::Country(_)));
                                a.country_at = Some((*d0, adjective_only));
                            }
                        } else if let Some(o) = senses.iter().find_map(|s| match *s {
                            Sense::Org(o, _) => Some(o),
                            _ => None,
                        }) {
                            let org = &self.g.orgs[o as usize];
                            if org.country == "*" {
                                a.org.get_or_insert(o);
                            } else if let Some(&c) = self.g.country_by_iso3.get(&org.country) {
                                a.country.get_or_insert(c);
                            } else {
                                break;
                            }
                        } else {
                            break;
                        }
                    }
                    Cand::Unknown { .. } => break,
                }
                k = c0;
                continue;
            }
            let w = &self.words[k - 1];
            if has(FILLERS, &w.key) && !w.cap || (w.key == "the" || w.key == "former") {
                if w.key == "former" || w.key == "ousted" || w.key == "late" {
                    a.former = true;
                }
                if w.key == "the" {
                    a.the = true;
                    break;
                }
                k -= 1;
                continue;
            }
            break;
        }
        a
    }

    /// ", president of Cuba", ", the Russian foreign minister".
    fn right(&self, w1: usize) -> Around {
        let mut a = Around::default();
        let n = self.words.len();
        if w1 >= n || self.words[w1].gap != Gap::Comma || self.sent[w1] != self.sent[w1 - 1] {
            return a;
        }
        let mut k = w1;
        let mut steps = 0;
        while k < n && steps < 8 {
            steps += 1;
            if k > w1 && !matches!(self.words[k].gap, Gap::Space | Gap::Hyphen) {
                break;
            }
            if let Some(ci) = self.start_at[k] {
                let (_, c1) = self.cands[ci].range();
                match &self.cands[ci] {
                    Cand::Role {
                        role,
                        w0: r0,
                        w1: r1,
                    } => {
                        if a.role.is_some() {
                            break;
                        }
                        a.role = Some(*role);
                        a.role_text = Some(title_case(&self.span_text(*r0, *r1).to_lowercase()));
                    }
                    Cand::Dict { senses, .. } => {
                        if let Some(c) = Self::country_sense(senses) {
                            a.country.get_or_insert(c);
                            if a.role.is_some() {
                                break;
                            }
                        } else if let Some(c) = senses.iter().find_map(|s| match *s {
                            Sense::Place(p, _) => self.g.places[p as usize].country,
                            _ => None,
                        }) {
                            if a.role.is_some() {
                                a.country.get_or_insert(c);
                            }
                            break;
                        } else {
                            break;
                        }
                    }
                    Cand::Unknown { .. } => break,
                }
                k = c1;
                continue;
            }
            let w = &self.words[k];
            if matches!(
                w.key.as_str(),
                "the" | "a" | "an" | "of" | "for" | "in" | "to" | "who" | "is" | "was"
            ) || (has(FILLERS, &w.key) && !w.cap)
            {
                if w.key == "former" {
                    a.former = true;
                }
                k += 1;
                continue;
            }
            break;
        }
        if a.role.is_none() {
            a.country = None;
        }
        a
    }

    /// Country of the nearest place or country mentioned before (or else
    /// after) word `w` in its sentence.
    fn nearby_country(&self, w: usize) -> Option<u16> {
        let s = self.sent[w];
        let find = |c: &Cand| -> Option<u16> {
            if let Cand::Dict { senses, w0, .. } = c {
                if self.sent[*w0] != s {
                    return None;
                }
                if senses
                    .iter()
                    .any(|x| matches!(x, Sense::Person(_) | Sense::Surname(_)))
                {
                    return None;
                }
                if let Some(c) = senses.iter().find_map(|x| match *x {
                    Sense::Country(c) => Some(c),
                    _ => None,
                }) {
                    return Some(c);
                }
                let choice = geo::choose(self.g, senses, &self.geo, Qualifier::default())?;
                return match choice {
                    Choice::Country(c) => Some(c),
                    Choice::Place(p) => self.g.places[p as usize].country,
                };
            }
            None
        };
        // Candidates are in text order: those of the sentence around `w`
        // are a run of them, of which at most NEAR on each side are read.
        let in_sentence = |c: &&Cand| self.sent[c.range().0] == s;
        let split = self.cands.partition_point(|c| c.range().1 <= w);
        let before = self.cands[..split]
            .iter()
            .rev()
            .take_while(in_sentence)
            .take(NEAR)
            .find_map(find);
        before.or_else(|| {
            self.cands[split..]
                .iter()
                .filter(|c| c.range().0 > w)
                .take_while(in_sentence)
                .take(NEAR)
                .find_map(find)
        })
    }

    fn cameo(&self, c: u16) -> &str {
        &self.g.countries[c as usize].cameo
    }

    fn iso3(&self, c: u16) -> String {
        self.g.countries[c as usize].iso3.clone()
    }
}

impl EntityStage {
    fn extract(&self, text: &str, published: &str, sentences: &[Span]) -> Vec<Entity> {
        let g = &self.g;
        // Text past the last sentence (left out by the sentence cap) is not
        // scanned either.
        let scanned = sentences
            .last()
            .and_then(|s| text.get(..s.end()))
            .unwrap_or(text);
        let words = fold::scan_words(scanned);
        if words.is_empty() {
            return Vec::new();
        }
        // sentence of each word, and which words open a sentence, a line or a quotation
        let mut sent = vec![0u32; words.len()];
        let mut initial = vec![false; words.len()];
        let mut si = 0usize;
        let mut last_sent = u32::MAX;
        for (i, w) in words.iter().enumerate() {
            while si + 1 < sentences.len() && sentences[si].end as usize <= w.start {
                si += 1;
            }
            let s = if sentences.is_empty() { 0 } else { si as u32 };
            sent[i] = s;
            let before = text[..w.start].trim_end_matches([' ', '\t']);
            let opener = before.is_empty()
                || before.ends_with(['\n', '“', '"', '‘', '(', '[', ':', '—', '–'])
                || (before.ends_with('.') && !(i > 0 && words[i - 1].key.len() <= 2))
                || before.ends_with(['?', '!']);
            initial[i] = s != last_sent || opener;
            last_sent = s;
        }
        let scan = Scan {
            g,
            words: &words,
            sent: &sent,
            initial: &initial,
            buf: Default::default(),
        };
        let cands = scan.candidates();
        let mut end_at = vec![None; words.len() + 1];
        let mut start_at = vec![None; words.len() + 1];
        for (i, c) in cands.iter().enumerate() {
            let (a, b) = c.range();
            end_at[b] = Some(i);
            start_at[a] = Some(i);
        }
        let geo_ctx = self.geo_context(&words, &cands, &initial);
        let cx = Ctx {
            g,
            text,
            date: published,
            words: &words,
            sent: &sent,
            cands: &cands,
            end_at,
            start_at,
            geo: geo_ctx,
            lower: std::cell::OnceCell::new(),
        };
        let mut ments = self.mentions(&cx, &initial);
        resolve(&cx, &mut ments);
        build(&cx, ments)
    }

    fn mentions(&self, cx: &Ctx<'_>, initial: &[bool]) -> Vec<Ment> {
        let g = cx.g;
        let words = cx.words;
        let mut out: Vec<Ment> = Vec::new();
        for (ci, c) in cx.cands.iter().enumerate() {
            let (w0, w1) = c.range();
            let mut m = Ment {
                w0,
                w1,
                kind: EntityType::Other,
                key: None,
                mkind: MentionKind::Name,
                name: cx.span_text(w0, w1).replace(['#', '@'], ""),
                country: None,
                code: None,
                role: None,
                gender: None,
                geo: None,
                pending: Pending::None,
                lone_ok: false,
            };
            match c {
                Cand::Dict { senses, .. } => {
                    let person = senses.iter().find_map(|s| match *s {
                        Sense::Person(p) => Some(p),
                        _ => None,
                    });
                    let org = senses.iter().find_map(|s| match *s {
                        Sense::Org(o, _) => Some(o),
                        _ => None,
                    });
                    // a surname beats a small town of the same name
                    let small_place_only = senses.iter().all(|s| match *s {
                        Sense::Place(p, _) => {
                            let pl = &g.places[p as usize];
                            pl.population < 100_000
                                && pl.feature.starts_with("PPL")
                                && !g.capitals.contains(&p)
                        }
                        _ => true,
                    });
                    let has_surname = senses.iter().any(|s| matches!(s, Sense::Surname(_)));
                    // "Thai", "Russian": an adjective, not a place
                    let demonym = senses.iter().any(|s| matches!(s, Sense::Demonym(_)))
                        && !senses.iter().any(|s| matches!(s, Sense::Country(_)));
                    let geoish = senses
                        .iter()
                        .any(|s| matches!(s, Sense::Country(_) | Sense::Place(..)))
                        && !(has_surname && small_place_only)
                        && !demonym;
                    let surnames: Vec<u16> = senses
                        .iter()
                        .filter_map(|s| match *s {
                            Sense::Surname(p) => Some(p),
                            _ => None,
                        })
                        .collect();
                    if let Some(p) = person {
                        m.kind = EntityType::Person;
                        m.key = Some(Key::Person(p));
                        m.gender = g.people[p as usize].gender;
                        self.compose_person(cx, &mut m);
                    } else if let Some(o) = org {
                        let org = &g.orgs[o as usize];
                        m.kind = match org.kind.as_str() {
                            "LOC" => EntityType::Loc,
                            "GPE" => EntityType::Gpe,
                            "FAC" => EntityType::Fac,
                            "EVENT" => EntityType::Event,
                            _ => EntityType::Org,
                        };
                        m.name = org.name.clone();
                        let mut country = g.country_by_iso3.get(&org.country).copied();
                        if org.country == "*" {
                            let l = cx.left(w0);
                            country = l.country.or_else(|| cx.capital_owner(w0).map(|(c, _)| c));
                            if country.is_none() {
                                // "MFA Russia", "Foreign Ministry of Cuba"
                                let mut k = w1;
                                if k < words.len()
                                    && words[k].key == "of"
                                    && words[k].gap == Gap::Space
                                {
                                    k += 1;
                                }
                                if let Some(Cand::Dict { senses, .. }) =
                                    cx.start_at[k].map(|i| &cx.cands[i])
                                {
                                    if matches!(words[k].gap, Gap::Space) {
                                        country = senses.iter().find_map(|s| match *s {
                                            Sense::Country(c) => Some(c),
                                            _ => None,
                                        });
                                    }
                                }
                            }
                            // "Police blocked the road" in a story of one country
                            country = country.or_else(|| cx.only_country());
                            match country {
                                Some(c) => {
                                    let adj = l
                                        .adj
                                        .unwrap_or_else(|| g.countries[c as usize].demonym.clone());
                                    m.name = format!("{adj} {}", org.name);
                                    m.key = Some(Key::Org(o, cx.iso3(c)));
                                }
                                None => m.key = Some(Key::Org(o, String::new())),
                            }
                        } else {
                            m.key = Some(Key::Org(o, org.country.clone()));
                        }
                        m.country = country.map(|c| cx.iso3(c));
                        m.code = if org.code.is_empty() {
                            None
                        } else if org.code.len() == 3 && org.kind == "ORG" {
                            country.map(|c| format!("{}{}", cx.cameo(c), org.code))
                        } else {
                            Some(org.code.clone())
                        };
                    } else if geoish {
                        let mut q = None;
                        if w1 < words.len() && words[w1].gap == Gap::Comma {
                            if let Some(Cand::Dict { senses, .. }) =
                                cx.start_at[w1].map(|i| &cx.cands[i])
                            {
                                q = Some(senses.as_slice());
                            }
                        }
                        let mut inner = None;
                        if w0 > 0 && words[w0].gap == Gap::Comma {
                            if let Some(Cand::Dict { senses, .. }) =
                                cx.end_at[w0].map(|i| &cx.cands[i])
                            {
                                inner = Some(senses.as_slice());
                            }
                        }
                        let Some(choice) =
                            geo::choose(g, senses, &cx.geo, Qualifier { senses: q, inner })
                        else {
                            continue;
                        };
                        let geo = geo::geo_of(g, choice);
                        match choice {
                            Choice::Country(k) => {
                                m.kind = EntityType::Gpe;
                                m.name = g.countries[k as usize].name.clone();
                                m.country = Some(cx.iso3(k));
                                m.code = Some(cx.cameo(k).to_string());
                                m.key = Some(Key::Country(k));
                            }
                            Choice::Place(p) => {
                                let pl = &g.places[p as usize];
                                match (cx.capital_use(w0, w1, p), pl.country) {
                                    (groups::CapitalUse::Government, Some(c)) => {
                                        cx.capital_government(&mut m, c);
                                        out.push(m);
                                        continue;
                                    }
                                    // the group's mention takes the capital in
                                    (groups::CapitalUse::GroupOwner, _) => continue,
                                    _ => {}
                                }
                                m.kind = if pl.feature == "CONT" {
                                    EntityType::Loc
                                } else {
                                    EntityType::Gpe
                                };
                                m.name = pl.name.clone();
                                m.country = pl.country.map(|k| cx.iso3(k));
                                m.code = pl.country.map(|k| cx.cameo(k).to_string());
                                m.key = Some(Key::Place(p));
                            }
                        }
                        m.geo = Some(geo);
                    } else if !surnames.is_empty() {
                        m.kind = EntityType::Person;
                        m.pending = Pending::Surname(words[w1 - 1].key.to_string(), surnames);
                        if w1 - w0 > 1 {
                            m.pending = Pending::Surname(
                                fold::fold_key(&m.name),
                                match &m.pending {
                                    Pending::Surname(_, v) => v.clone(),
                                    _ => Vec::new(),
                                },
                            );
                        }
                        self.compose_person(cx, &mut m);
                    } else {
                        // a demonym: a group when plural and alone ("Russians")
                        continue;
                    }
                }
                Cand::Unknown { .. } => {
                    let Some(kind) = self.classify(cx, ci, initial) else {
                        continue;
                    };
                    m.kind = kind;
                    if kind == EntityType::Person {
                        let first = &words[w0].key;
                        m.gender = g.first_names.get(first.as_str()).copied();
                        if w1 - w0 == 1 {
                            m.pending = Pending::Surname(words[w0].key.to_string(), Vec::new());
                            m.lone_ok = self.lone_name(cx, w0, initial);
                        } else {
                            // "Sergei V. Lavrov": a known person under another spelling
                            m.key = Some(self.person_key(cx, w0, w1));
                        }
                        self.compose_person(cx, &mut m);
                        if let Some(Key::Person(p)) = m.key {
                            m.gender = m.gender.or(g.people[p as usize].gender);
                        }
                    } else {
                        m.key = Some(Key::Other(fold::fold_key(&m.name)));
                        if matches!(kind, EntityType::Org) {
                            let l = cx.left(w0);
                            if let Some(c) = l.country {
                                m.country = Some(cx.iso3(c));
                            }
                        }
                    }
                }
                Cand::Role { role, .. } => {
                    let r = &g.roles[*role as usize];
                    if r.kind == "honorific" {
                        continue;
                    }
                    // a title right before a name belongs to the name
                    if let Some(Cand::Dict { .. } | Cand::Unknown { .. }) =
                        cx.start_at[w1].map(|i| &cx.cands[i])
                    {
                        if w1 < words.len() && matches!(words[w1].gap, Gap::Space) && words[w1].cap
                        {
                            continue;
                        }
                    }
                    // "the TASS news agency": the agency is TASS
                    let after_org = matches!(words[w0].gap, Gap::Space)
                        && matches!(cx.end_at[w0].map(|i| &cx.cands[i]), Some(Cand::Dict { senses, .. })
                            if senses.iter().any(|s| matches!(s, Sense::Org(..))));
                    if after_org {
                        continue;
                    }
                    if r.kind == "group" {
                        if cx.group(&mut m, w0, w1, *role) {
                            out.push(m);
                        }
                        continue;
                    }
                    let l = cx.left(w0);
                    let Some(c) = l.country else { continue };
                    if l.the {
                        m.kind = EntityType::Person;
                        m.mkind = MentionKind::Nominal;
                        m.gender = r.gender;
                        let role = fold::fold_key(cx.span_text(w0, w1));
                        m.pending = Pending::Nominal(cx.iso3(c), role);
                        // the phrase from "the"
                        let mut s = w0;
                        while s > 0 && words[s - 1].key != "the" {
                            s -= 1;
                        }
                        m.w0 = s.saturating_sub(1);
                    } else {
                        continue;
                    }
                }
            }
            out.push(m);
        }
        out
    }

    /// The key of a multi-word unknown person: a dictionary person when the
    /// surname is theirs and the given name a variant of theirs.
    fn person_key(&self, cx: &Ctx<'_>, w0: usize, w1: usize) -> Key {
        let g = cx.g;
        let words = cx.words;
        let last = &words[w1 - 1].key;
        if let Some(senses) = g.names.get(last.as_str()) {
            for s in senses {
                if let Sense::Surname(p) = *s {
                    let pk = fold::fold_key(&g.people[p as usize].name);
                    if pk
                        .split(' ')
                        .next()
                        .is_some_and(|f| close(f, &words[w0].key))
                    {
                        return Key::Person(p);
                    }
                }
            }
        }
        Key::Name(
            words[w0..w1]
                .iter()
                .map(|w| w.key.as_str())
                .collect::<Vec<_>>()
                .join(" "),
        )
    }

    fn classify(&self, cx: &Ctx<'_>, ci: usize, initial: &[bool]) -> Option<EntityType> {
        let g = cx.g;
        let words = cx.words;
        let (w0, w1) = cx.cands[ci].range();
        let n = w1 - w0;
        let first = &words[w0].key;
        let last = &words[w1 - 1].key;
        if n >= 2 || !initial[w0] {
            if has(ORG_SUFFIX, last) && n >= 2 {
                return Some(EntityType::Org);
            }
            if n >= 2 && (has(FAC_SUFFIX, last) || has(FAC_PREFIX, first)) {
                return Some(EntityType::Fac);
            }
            if n >= 2 && has(LOC_SUFFIX, last) {
                return Some(EntityType::Loc);
            }
            if n >= 2 && has(GPE_SUFFIX, last) {
                return Some(EntityType::Gpe);
            }
            if n >= 2 && has(EVENT_SUFFIX, last) {
                return Some(EntityType::Event);
            }
        }
        let titled = ci > 0
            && matches!(words[w0].gap, Gap::Space)
            && matches!(cx.cands.get(ci - 1), Some(Cand::Role { w1: r1, role, .. })
                if *r1 == w0 && g.roles[*role as usize].kind != "group");
        let first_name = g.first_names.contains_key(first.as_str());
        let speech = w1 < words.len()
            && words[w1].gap == Gap::Space
            && has(SPEECH, &words[w1].key)
            && cx.start_at[w1].is_none();
        let apposition = cx.right(w1).role.is_some();
        if n == 1 {
            // a lone word: a person only with a title, else left for surname linking
            if initial[w0] && !titled {
                return Some(EntityType::Person).filter(|_| !g.common.contains(first.as_str()));
            }
            return Some(EntityType::Person);
        }
        if initial[w0] && g.common.contains(first.as_str()) {
            return None;
        }
        if titled || first_name || speech || apposition {
            return Some(EntityType::Person);
        }
        // "the G20's Sherpa Track": a thing of an organisation, not a person
        let after_possessive = w0 > 0
            && words[w0 - 1].poss
            && matches!(cx.end_at[w0].map(|i| &cx.cands[i]), Some(Cand::Dict { senses, .. })
                if senses.iter().any(|s| matches!(s, Sense::Org(..))));
        if n <= 4 && !after_possessive && words[w0..w1].iter().all(|w| w.cap && !w.upper) {
            // "Kori Schulman" is a name; "Hack Forums", "Yum Brands" are made of words
            let wordy = words[w0..w1].iter().any(|w| {
                (g.is_english(&w.key) || cx.is_lower(&w.key))
                    && !g.first_names.contains_key(w.key.as_str())
            });
            return Some(if wordy {
                EntityType::Org
            } else {
                EntityType::Person
            });
        }
        None
    }

    /// Whether a lone capitalised word left unlinked may stand as a person:
    /// not an English word, not sentence-initial unless a speech verb follows.
    fn lone_name(&self, cx: &Ctx<'_>, w: usize, initial: &[bool]) -> bool {
        let g = cx.g;
        let word = &cx.words[w];
        let text = &cx.text[word.start..word.end];
        let capitals = text.chars().filter(|c| c.is_uppercase()).count();
        if word.upper
            || word.hash
            || word.key.len() < 3
            || capitals >= 2
            || g.is_english(&word.key)
            || cx.is_lower(&word.key)
        {
            return false;
        }
        let speech = w + 1 < cx.words.len()
            && cx.words[w + 1].gap == Gap::Space
            && has(SPEECH, &cx.words[w + 1].key);
        // "the Ukrainianisation", "the UN Charter": a thing, not a person
        let after_the = w > 0 && matches!(cx.words[w - 1].key.as_str(), "the" | "a" | "an");
        let after_name = word.gap == Gap::Space
            && matches!(cx.end_at[w].map(|i| &cx.cands[i]), Some(Cand::Dict { senses, .. })
                if senses.iter().any(|s| matches!(s, Sense::Org(..) | Sense::Country(_) | Sense::Place(..))));
        (!initial[w] || speech) && !after_the && !after_name
    }

    /// Fills country, code and role of a person mention from its context
    /// and, for a known person, from the office held at the date.
    fn compose_person(&self, cx: &Ctx<'_>, m: &mut Ment) {
        let g = cx.g;
        let mut l = cx.left(m.w0);
        let r = cx.right(m.w1);
        if l.role.is_none() && r.role.is_some() {
            l.role = r.role;
            l.role_text = r.role_text.clone();
            l.former |= r.former;
        }
        if l.country.is_none() {
            l.country = r.country;
        }
        if let Some(role) = l.role {
            let rr = &g.roles[role as usize];
            if rr.kind == "honorific" {
                m.gender = m.gender.or(rr.gender);
                l.role = None;
                l.role_text = None;
            } else {
                m.gender = m.gender.or(rr.gender);
            }
        }
        if let Some(o) = l.org {
            if l.role.is_none() {
                l.role_text = Some(g.orgs[o as usize].name.clone());
            }
        }
        if let Some(Key::Person(p)) = m.key {
            if let Some((office, now)) = g.office_at(p, cx.date) {
                if now && !l.former {
                    m.country = g.office_country(office);
                    m.code = Some(g.office_code(office));
                    m.role = (!office.role.is_empty()).then(|| office.role.clone());
                    return;
                }
                // a former office holder: their country, as an elite
                m.country = g.office_country(office);
                if let Some(c) = m.country.as_ref().and_then(|c| g.country_by_iso3.get(c)) {
                    m.code = Some(format!("{}ELI", cx.cameo(*c)));
                }
                m.role = (!office.role.is_empty()).then(|| format!("Former {}", office.role));
            }
        }
        let role_code = match l.role {
            Some(r) => l.sector.clone().or(Some(g.roles[r as usize].code.clone())),
            None => l.org.map(|o| g.orgs[o as usize].code.clone()),
        };
        let mut country = l.country;
        if country.is_none()
            && role_code
                .as_deref()
                .is_some_and(|c| c == "GOV" || c == "MIL" || c == "LEG")
        {
            country = cx.nearby_country(m.w0);
        }
        if m.country.is_none() {
            if let Some(c) = country {
                m.country = Some(cx.iso3(c));
            }
        }
        if m.code.is_none() {
            if let Some(c) = m.country.as_ref().and_then(|c| g.country_by_iso3.get(c)) {
                let sector = if l.former {
                    Some("ELI".to_string())
                } else {
                    role_code
                };
                m.code = Some(format!("{}{}", cx.cameo(*c), sector.unwrap_or_default()));
            }
        }
        if m.role.is_none() {
            m.role = l
                .role_text
                .map(|t| if l.former { format!("Former {t}") } else { t });
        }
    }
}

/// A person named in full: mention index, surnames, key, country, role, gender.
type Named = (
    usize,
    Vec<String>,
    Key,
    Option<String>,
    Option<String>,
    Option<Gender>,
);

/// Links surnames, lone words and role phrases to entities; merges
/// spelling variants.
fn resolve(cx: &Ctx<'_>, ments: &mut [Ment]) {
    let g = cx.g;
    // merge unknown people with variant given names into one key
    // (first name, key) by last name, in order of first mention
    let mut names: HashMap<String, Vec<(String, Key)>> = HashMap::default();
    for m in ments.iter_mut() {
        if let Some(Key::Name(n)) = &m.key {
            let parts: Vec<&str> = n.split(' ').collect();
            let (f, l) = (parts[0].to_string(), parts[parts.len() - 1].to_string());
            let same_last = names.entry(l).or_default();
            if let Some((_, k)) = same_last.iter().find(|(f2, _)| close(f2, &f)) {
                m.key = Some(k.clone());
            } else {
                same_last.push((f, Key::Name(n.clone())));
            }
        }
    }
    // surname index of the people named in full
    let surname_of = |m: &Ment| -> Vec<String> {
        let mut v = Vec::new();
        match &m.key {
            Some(Key::Person(p)) => {
                let mut forms = vec![
                    fold::fold_key(&g.people[*p as usize].name),
                    fold::fold_key(&m.name),
                ];
                forms.dedup();
                for f in forms {
                    let ws: Vec<&str> = f.split(' ').collect();
                    if ws.len() >= 2 {
                        v.push(ws[ws.len() - 1].to_string());
                        v.push(ws[1..].join(" "));
                    }
                }
            }
            Some(Key::Name(n)) => {
                let ws: Vec<&str> = n.split(' ').collect();
                v.push(ws[ws.len() - 1].to_string());
                if ws.len() >= 3 {
                    v.push(ws[1..].join(" "));
                }
            }
            _ => {}
        }
        v
    };
    let full: Vec<Named> = ments
        .iter()
        .enumerate()
        .filter(|(_, m)| m.kind == EntityType::Person && m.key.is_some())
        .map(|(i, m)| {
            (
                i,
                surname_of(m),
                m.key.clone().unwrap_or(Key::Other(String::new())),
                m.country.clone(),
                m.role.clone(),
                m.gender,
            )
        })
        .collect();
    // positions in `full` of each surname, ascending
    let mut by_surname: HashMap<&str, Vec<usize>> = HashMap::default();
    for (n, (_, surnames, ..)) in full.iter().enumerate() {
        for s in surnames {
            let list = by_surname.entry(s.as_str()).or_default();
            if list.last() != Some(&n) {
                list.push(n);
            }
        }
    }
    // people named in full by country, and their roles folded once
    let mut by_country: HashMap<&str, Vec<usize>> = HashMap::default();
    for (n, named) in full.iter().enumerate() {
        if let Some(c) = &named.3 {
            by_country.entry(c.as_str()).or_default().push(n);
        }
    }
    let folded_roles: Vec<Option<String>> = full
        .iter()
        .map(|named| named.4.as_deref().map(fold::fold_key))
        .collect();
    #[allow(clippy::needless_range_loop)] // ments[i] is replaced inside the loop
    for i in 0..ments.len() {
        match ments[i].pending.clone() {
            Pending::Surname(key, dict) => {
                // the nearest person before with that surname, else after
                let any = by_surname.get(key.as_str()).and_then(|list| {
                    let before = list.partition_point(|&n| full[n].0 < i);
                    let n = if before > 0 {
                        list[before - 1]
                    } else {
                        list[0]
                    };
                    full.get(n)
                });
                if let Some((_, _, k, ..)) = any {
                    ments[i].key = Some(k.clone());
                } else if let Some(p) = lone_surname(cx, &dict) {
                    ments[i].key = Some(Key::Person(p));
                    ments[i].gender = ments[i].gender.or(g.people[p as usize].gender);
                    let mut m = ments[i].clone();
                    EntityStage::fill_office(g, cx, &mut m, p);
                    ments[i] = m;
                } else if ments[i].role.is_some() || ments[i].lone_ok {
                    // a titled lone name ("President Ortega"), or a name-like word
                    ments[i].key = Some(Key::Name(key));
                }
            }
            Pending::Nominal(country, role) => {
                let fits = |&n: &usize| {
                    folded_roles[n].as_ref().is_some_and(|r| {
                        r.contains(&role) || (role.starts_with("spokes") && r.contains("spokes"))
                    })
                };
                let same_country = by_country.get(country.as_str()).map_or(&[][..], |l| l);
                let before = same_country.partition_point(|&n| full[n].0 < i);
                let any = same_country[..before]
                    .iter()
                    .rev()
                    .find(|n| fits(n))
                    .or_else(|| same_country.iter().find(|n| fits(n)))
                    .map(|&n| &full[n]);
                if let Some((_, _, k, _, _, gd)) = any {
                    ments[i].key = Some(k.clone());
                    ments[i].gender = ments[i].gender.or(*gd);
                }
            }
            Pending::None => {}
        }
    }
}

impl EntityStage {
    fn fill_office(g: &Gazetteer, _cx: &Ctx<'_>, m: &mut Ment, p: u16) {
        if let Some((o, true)) = g.office_at(p, _cx.date) {
            m.country = g.office_country(o);
            m.code = Some(g.office_code(o));
            m.role = (!o.role.is_empty()).then(|| o.role.clone());
        }
    }
}

/// The known person a lone surname names, when that is clear: the only
/// person of the list with that surname, or the only one in office at the
/// date whose country the article mentions.
fn lone_surname(cx: &Ctx<'_>, dict: &[u16]) -> Option<u16> {
    let g = cx.g;
    match dict {
        [] => None,
        [p] => Some(*p),
        _ => {
            let active: Vec<u16> = dict
                .iter()
                .copied()
                .filter(|&p| g.office_at(p, cx.date).is_some_and(|(_, now)| now))
                .collect();
            match active.as_slice() {
                [p] => {
                    let (o, _) = g.office_at(*p, cx.date)?;
                    let c = g.country_by_iso3.get(&o.country)?;
                    cx.geo.countries.contains(c).then_some(*p)
                }
                _ => None,
            }
        }
    }
}

fn pronoun_gender(k: &str) -> Option<Gender> {
    match k {
        "he" | "him" | "his" | "himself" => Some(Gender::M),
        "she" | "her" | "hers" | "herself" => Some(Gender::F),
        _ => None,
    }
}

/// How many people of a sentence a pronoun looks at: a bound that only a
/// run-on "sentence" reaches.
const NEAR: usize = 64;

/// Groups mentions into entities, adds pronouns, fills the records.
fn build(cx: &Ctx<'_>, ments: Vec<Ment>) -> Vec<Entity> {
    let g = cx.g;
    let words = cx.words;
    let ments: Vec<Ment> = ments.into_iter().filter(|m| m.key.is_some()).collect();
    let mut index: HashMap<Key, usize> = HashMap::default();
    let mut groups: Vec<Vec<usize>> = Vec::new();
    for (i, m) in ments.iter().enumerate() {
        let k = m.key.clone().unwrap_or(Key::Other(String::new()));
        let e = *index.entry(k).or_insert_with(|| {
            groups.push(Vec::new());
            groups.len() - 1
        });
        groups[e].push(i);
    }
    let genders: Vec<Option<Gender>> = groups
        .iter()
        .map(|gr| gr.iter().find_map(|&i| ments[i].gender))
        .collect();
    let gender_of = |e: usize| -> Option<Gender> { genders[e] };
    // pronouns: the first person of matching gender in the sentence before
    // the pronoun, else in the previous sentences
    let mut person_at: Vec<(usize, u32, usize)> = Vec::new(); // (word, sentence, entity)
    for (e, gr) in groups.iter().enumerate() {
        for &i in gr {
            if ments[i].kind == EntityType::Person {
                person_at.push((ments[i].w0, cx.sent[ments[i].w0], e));
            }
        }
    }
    person_at.sort();
    let mut pron: Vec<(usize, usize)> = Vec::new(); // (word, entity)
    for (w, word) in words.iter().enumerate() {
        let Some(gd) = pronoun_gender(&word.key) else {
            continue;
        };
        if word.skip || word.hash || word.upper {
            continue;
        }
        let s = cx.sent[w];
        // person_at is in text order, so a sentence's people are a run of
        // it; at most NEAR of them are looked at per pronoun.
        let sentence_from = |t: u32| person_at.partition_point(|&(_, ps, _)| ps < t);
        let before_w = person_at.partition_point(|&(pw, _, _)| pw < w);
        let run = |a: usize, b: usize| &person_at[a.min(b)..b];
        let same = run(sentence_from(s), before_w)
            .iter()
            .take(NEAR)
            .find(|&&(_, _, e)| gender_of(e) == Some(gd));
        let found = same.or_else(|| {
            (1..=3u32).filter(|d| *d <= s).find_map(|d| {
                run(sentence_from(s - d), sentence_from(s - d + 1))
                    .iter()
                    .take(NEAR)
                    .find(|&&(_, _, e)| gender_of(e) == Some(gd))
            })
        });
        // else a person of unknown gender just before, in this sentence or the last
        let found = found.or_else(|| {
            run(sentence_from(s.saturating_sub(1)), before_w)
                .iter()
                .rev()
                .take(NEAR)
                .find(|&&(_, _, e)| gender_of(e).is_none())
        });
        if let Some(&(_, _, e)) = found {
            pron.push((w, e));
        }
    }
    let mut pronouns_of: Vec<Vec<usize>> = vec![Vec::new(); groups.len()];
    for &(w, e) in &pron {
        pronouns_of[e].push(w);
    }
    let mut out: Vec<(usize, Entity)> = Vec::new();
    for (e, gr) in groups.iter().enumerate() {
        let first = &ments[gr[0]];
        let mut ent = Entity {
            name: first.name.clone(),
            kind: first.kind,
            country: None,
            code: None,
            role: None,
            geo: None,
            mentions: Vec::new(),
        };
        // name: a dictionary name, or the longest name mention
        let mut best_len = 0;
        for &i in gr {
            let m = &ments[i];
            let multi = m.w1 - m.w0 > 1 || !matches!(first.key, Some(Key::Person(_)));
            if m.mkind == MentionKind::Name
                && multi
                && m.name.len() > best_len
                && m.kind == first.kind
            {
                best_len = m.name.len();
                ent.name = m.name.clone();
            }
            if ent.country.is_none() {
                ent.country = m.country.clone();
            }
            if ent.code.is_none()
                || ent
                    .code
                    .as_ref()
                    .is_some_and(|c| c.len() == 3 && m.code.as_ref().is_some_and(|d| d.len() > 3))
            {
                ent.code = m.code.clone().or(ent.code.take());
            }
            if ent.role.is_none() {
                ent.role = m.role.clone();
            }
            if ent.geo.is_none() {
                ent.geo = m.geo.clone();
            }
            let last = &words[m.w1 - 1];
            let mut end = last.end;
            // "U.S.", "D.C.": the abbreviation's last period
            if last.upper
                && last.key.len() <= 2
                && m.w1 - m.w0 >= 2
                && cx.text[end..].starts_with('.')
            {
                end += 1;
            }
            ent.mentions.push(Mention {
                span: Span::new(words[m.w0].start, end),
                kind: m.mkind,
            });
        }
        if let Some(Key::Person(p)) = &first.key {
            if best_len == 0 {
                ent.name = g.people[*p as usize].name.clone();
            }
            // the office at the date wins over context
            match g.office_at(*p, cx.date) {
                Some((o, true)) => {
                    ent.country = g.office_country(o);
                    ent.code = Some(g.office_code(o));
                    ent.role = (!o.role.is_empty()).then(|| o.role.clone());
                }
                Some((o, false)) if ent.code.is_none() => {
                    // out of office by then: an elite of their country
                    ent.country = g.office_country(o);
                    ent.code = ent
                        .country
                        .as_ref()
                        .and_then(|c| g.country_by_iso3.get(c))
                        .map(|&c| format!("{}ELI", cx.cameo(c)));
                    ent.role = (!o.role.is_empty()).then(|| format!("Former {}", o.role));
                }
                _ => {}
            }
        }
        if matches!(first.key, Some(Key::Person(_)) | Some(Key::Name(_)))
            && ent.kind != EntityType::Person
        {
            ent.kind = EntityType::Person;
        }
        for &w in &pronouns_of[e] {
            ent.mentions.push(Mention {
                span: Span::new(words[w].start, words[w].end),
                kind: MentionKind::Pronoun,
            });
        }
        ent.mentions.sort_by_key(|m| (m.span.start, m.span.end));
        ent.mentions.dedup_by_key(|m| m.span);
        let at = ent.mentions.first().map_or(0, |m| m.span.start as usize);
        out.push((at, ent));
    }
    out.sort_by_key(|(a, _)| *a);
    out.into_iter().map(|(_, e)| e).collect()
}

#[cfg(test)]
mod tests;
