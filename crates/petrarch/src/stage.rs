//! [`DictionaryActorStage`]: actors from PETRARCH actor and agent
//! dictionaries, by phrase matching over tokens.

use crate::dict::{ActorDict, AgentDict};
use crate::norm_word;
use attache_doc::{Document, Entity, EntityType, Layer, Mention, MentionKind, Span, TokenKind};
use attache_engine::{Stage, StageError};
use std::collections::HashMap;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Actor(u32),
    Agent(u32),
}

#[derive(Debug, Clone)]
struct Cand {
    words: Vec<String>,
    stem_last: bool,
    kind: Kind,
}

/// Finds actor mentions from loaded actor and agent dictionaries:
/// case-insensitive phrase matching over the tokens of each sentence,
/// longest match first. An agent composes with an adjacent actor:
/// "Arnorian police" and "police of Arnor" give the actor's code followed
/// by the agent's (`ARN` + `~COP` = `ARNCOP`); "President Aragorn" keeps
/// the person's own code when it is more than a country; an agent alone is
/// coded `---` + agent ("---GOV"). Codes with date restrictions are chosen
/// by the document's publication date.
///
/// Entities are grouped by code; a bare country code is a GPE (with that
/// country), anything else an organisation.
#[derive(Debug)]
pub struct DictionaryActorStage {
    actors: ActorDict,
    agents: AgentDict,
    /// Candidates by their first word (exact).
    by_first: HashMap<String, Vec<Cand>>,
    /// One-word stems ("argentin") by stem.
    stems: HashMap<String, Vec<Cand>>,
}

/// One match in a sentence: word positions `a..b` (into the sentence's
/// word list) and what matched.
#[derive(Debug, Clone, Copy)]
struct Hit {
    a: usize,
    b: usize,
    kind: Kind,
}

impl DictionaryActorStage {
    /// Builds the stage's phrase index.
    pub fn new(actors: ActorDict, agents: AgentDict) -> DictionaryActorStage {
        let mut by_first: HashMap<String, Vec<Cand>> = HashMap::new();
        let mut stems: HashMap<String, Vec<Cand>> = HashMap::new();
        let mut add = |words: &[String], stem_last: bool, kind: Kind| {
            let cand = Cand {
                words: words.to_vec(),
                stem_last,
                kind,
            };
            if words.len() == 1 && stem_last {
                stems.entry(words[0].clone()).or_default().push(cand);
            } else {
                by_first.entry(words[0].clone()).or_default().push(cand);
            }
        };
        for (i, e) in actors.entries.iter().enumerate() {
            for p in &e.phrases {
                add(&p.words, p.stem_last, Kind::Actor(i as u32));
            }
        }
        for (i, e) in agents.entries.iter().enumerate() {
            for f in &e.forms {
                add(f, false, Kind::Agent(i as u32));
            }
        }
        for list in by_first.values_mut().chain(stems.values_mut()) {
            list.sort_by_key(|c| std::cmp::Reverse(c.words.len()));
        }
        DictionaryActorStage {
            actors,
            agents,
            by_first,
            stems,
        }
    }

    /// Number of actor and agent entries.
    pub fn sizes(&self) -> (usize, usize) {
        (self.actors.entries.len(), self.agents.entries.len())
    }

    /// The longest match starting at word `i`.
    fn match_at(&self, words: &[(String, bool)], i: usize) -> Option<Hit> {
        let (w, upper) = &words[i];
        let mut best: Option<Hit> = None;
        // A later entry with the same phrase wins, as in PETRARCH's dictionary
        // tries ("+PRESIDENT_BUSH" under both Bushes).
        let better = |best: &Option<Hit>, len: usize| best.is_none_or(|h| h.b - h.a <= len);
        if let Some(list) = self.by_first.get(w) {
            for c in list {
                let n = c.words.len();
                if !better(&best, n) || i + n > words.len() {
                    continue;
                }
                let ok = c.words.iter().enumerate().all(|(k, cw)| {
                    let tw = &words[i + k].0;
                    tw == cw || (k == n - 1 && c.stem_last && stem_of(cw, tw))
                });
                if ok {
                    best = Some(Hit {
                        a: i,
                        b: i + n,
                        kind: c.kind,
                    });
                }
            }
        }
        if best.is_none() {
            // One-word stems: the token itself, or (capitalised) any prefix.
            let ends: Vec<usize> = w.char_indices().map(|(k, _)| k).skip(3).collect();
            for end in ends.into_iter().chain([w.len()]).rev() {
                if end < w.len() && !(*upper && stem_of(&w[..end], w)) {
                    continue;
                }
                if let Some(c) = self.stems.get(&w[..end]).and_then(|l| l.last()) {
                    return Some(Hit {
                        a: i,
                        b: i + 1,
                        kind: c.kind,
                    });
                }
            }
        }
        best
    }

    fn actor_code(&self, i: u32, date: Option<u32>) -> Option<String> {
        self.actors.entries[i as usize]
            .code_on(date)
            .map(str::to_string)
    }

    /// An actor code with an agent's added (before or after), unless the
    /// code already holds it.
    fn add_agent(&self, code: &str, agent: u32) -> String {
        let ag = &self.agents.entries[agent as usize];
        if code
            .get(3..)
            .is_some_and(|rest| rest.contains(ag.code.as_str()))
        {
            code.to_string()
        } else if ag.before {
            format!("{}{code}", ag.code)
        } else {
            format!("{code}{}", ag.code)
        }
    }

    /// The code of a run of hits naming one actor: the first actor's code
    /// (a longer code of the same country replaces it), prefix agents before
    /// it, suffix agents after it unless the code already holds them
    /// ("White House" USAGOV + "officials" GOV stays USAGOV); no actor
    /// gives "---". `None` when the run's only actor has no code on the date.
    fn compose_run(&self, run: &[Hit], date: Option<u32>) -> Option<String> {
        let mut base: Option<String> = None;
        let mut any_actor = false;
        let mut before = String::new();
        let mut after: Vec<&str> = Vec::new();
        for h in run {
            match h.kind {
                Kind::Actor(ai) => {
                    any_actor = true;
                    let Some(c) = self.actor_code(ai, date) else {
                        continue;
                    };
                    match &base {
                        None => base = Some(c),
                        Some(b) if c.len() > b.len() && c.get(..3) == b.get(..3) => base = Some(c),
                        _ => {}
                    }
                }
                Kind::Agent(g) => {
                    let ag = &self.agents.entries[g as usize];
                    if ag.before {
                        before.push_str(&ag.code);
                    } else {
                        after.push(&ag.code);
                    }
                }
            }
        }
        if any_actor && base.is_none() && before.is_empty() && after.is_empty() {
            return None;
        }
        let mut code = before;
        code.push_str(base.as_deref().unwrap_or("---"));
        for a in after {
            if !code.get(3..).is_some_and(|rest| rest.contains(a)) {
                code.push_str(a);
            }
        }
        Some(code)
    }
}

/// True when dictionary word `stem` (no trailing `_`) may match text word
/// `w` as a stem: a prefix of at least three letters, at most four letters
/// short ("Argentin" for "Argentine", "Bulgar" for "Bulgarians"; not "Ku"
/// for "Kuwait").
fn stem_of(stem: &str, w: &str) -> bool {
    w.starts_with(stem) && stem.len() >= 3 && w.len() <= stem.len() + 4
}

/// A composed actor mention: word positions, code, whether it is a bare
/// actor, and the agent it starts or ends with.
struct Run {
    a: usize,
    b: usize,
    code: String,
    plain: bool,
    lead: Option<u32>,
    tail: Option<u32>,
}

fn agent_of(k: Kind) -> Option<u32> {
    match k {
        Kind::Agent(g) => Some(g),
        Kind::Actor(_) => None,
    }
}

fn parse_published(s: Option<&str>) -> Option<u32> {
    let s = s?;
    let digits: String = s.chars().filter(char::is_ascii_digit).take(8).collect();
    (digits.len() == 8).then(|| digits.parse().ok()).flatten()
}

impl Stage for DictionaryActorStage {
    fn name(&self) -> &'static str {
        "dictionary_actors"
    }

    fn requires(&self) -> &'static [Layer] {
        &[Layer::Blocks, Layer::Sentences, Layer::Tokens]
    }

    fn provides(&self) -> &'static [Layer] {
        &[Layer::Entities]
    }

    fn run(&self, doc: &mut Document) -> Result<(), StageError> {
        let date = parse_published(doc.meta.published.as_deref());
        let (text, layers) = doc.split_mut();
        // (code, span) per mention, in text order.
        let mut found: Vec<(String, Span, bool)> = Vec::new();
        for s in &layers.sentences {
            let toks = layers.tokens_in(s.span);
            // Words: normalised tokens; a lone "." inside a name is skipped.
            let mut words: Vec<(String, bool)> = Vec::new();
            let mut spans: Vec<Span> = Vec::new();
            for t in toks {
                let raw = t.span.text(text);
                let w = if t.kind == TokenKind::Word || t.kind == TokenKind::Number {
                    norm_word(raw)
                } else {
                    raw.to_string()
                };
                // "Dol_Amroth", written as the dictionaries do: its words.
                for part in w.split('_').filter(|p| !p.is_empty()) {
                    words.push((part.to_string(), raw.starts_with(char::is_uppercase)));
                    spans.push(t.span);
                }
            }
            let mut hits: Vec<Hit> = Vec::new();
            let mut i = 0;
            while i < words.len() {
                match self.match_at(&words, i) {
                    Some(h) => {
                        hits.push(h);
                        i = h.b;
                    }
                    None => i += 1,
                }
            }
            let span_of = |a: usize, b: usize| Span::new(spans[a].start(), spans[b - 1].end());
            let mut runs: Vec<Run> = Vec::new();
            let mut k = 0;
            while k < hits.len() {
                // A run of hits that name one actor: adjacent ("Bree
                // President Romendacil"), after a possessive with at most
                // four modifiers ("Dagolath's first Deputy Prime Minister",
                // "Ithilen's awful and evil minister"), or an agent's "of/in/from" actor ("lawmakers
                // in Fornost").
                let mut j = k + 1;
                while j < hits.len() {
                    let (x, y) = (hits[j - 1], hits[j]);
                    let gap = &words[x.b..y.a];
                    let ok = gap.is_empty()
                        || (matches!(y.kind, Kind::Agent(_))
                            && gap[0].0 == "'s"
                            && gap.len() <= 5
                            && gap[1..]
                                .iter()
                                .all(|(w, _)| w.chars().all(char::is_alphabetic)))
                        || (matches!((x.kind, y.kind), (Kind::Agent(_), Kind::Actor(_)))
                            && matches!(
                                gap.iter()
                                    .map(|(w, _)| w.as_str())
                                    .collect::<Vec<_>>()
                                    .as_slice(),
                                ["of"] | ["in"] | ["from"] | ["of", "the"]
                            ));
                    if !ok {
                        break;
                    }
                    j += 1;
                }
                let run = &hits[k..j];
                if let Some(code) = self.compose_run(run, date) {
                    let plain = run.len() == 1 && matches!(run[0].kind, Kind::Actor(_));
                    runs.push(Run {
                        a: run[0].a,
                        b: run[run.len() - 1].b,
                        code,
                        plain,
                        lead: run
                            .first()
                            .and_then(|h| agent_of(h.kind))
                            .filter(|_| run.len() > 1),
                        tail: run
                            .last()
                            .and_then(|h| agent_of(h.kind))
                            .filter(|_| run.len() > 1),
                    });
                }
                k = j;
            }
            // An agent shared by coordinated actors: "US and British
            // activists" (USAOPP, GBROPP), "lawmakers in Fornost and
            // Gondor" (FORLEG, GONLEG).
            for n in 1..runs.len() {
                let gap: Vec<&str> = words[runs[n - 1].b..runs[n].a]
                    .iter()
                    .map(|(w, _)| w.as_str())
                    .collect();
                if !matches!(gap.as_slice(), ["and"] | [","] | [",", "and"]) {
                    continue;
                }
                if runs[n - 1].plain {
                    if let Some(g) = runs[n].tail {
                        let code = self.add_agent(&runs[n - 1].code, g);
                        runs[n - 1].code = code;
                    }
                }
                if runs[n].plain {
                    if let Some(g) = runs[n - 1].lead {
                        let code = self.add_agent(&runs[n].code, g);
                        runs[n].code = code;
                        runs[n].lead = Some(g);
                    }
                }
            }
            for r in runs {
                found.push((r.code, span_of(r.a, r.b), r.plain));
            }
        }
        // Group mentions by code into entities, in order of first mention.
        let mut entities: Vec<Entity> = Vec::new();
        let mut by_code: HashMap<String, usize> = HashMap::new();
        for (code, span, plain) in found {
            let idx = *by_code.entry(code.clone()).or_insert_with(|| {
                let gpe = plain && code.len() == 3 && code.chars().all(|c| c.is_ascii_uppercase());
                let country = code
                    .get(..3)
                    .filter(|c| c.chars().all(|c| c.is_ascii_uppercase()))
                    .filter(|c| !matches!(*c, "IGO" | "NGO" | "NGM" | "MNC" | "IMG" | "UIS"))
                    .map(str::to_string);
                entities.push(Entity {
                    name: span.text(text).to_string(),
                    kind: if gpe {
                        EntityType::Gpe
                    } else {
                        EntityType::Org
                    },
                    country: if gpe { Some(code.clone()) } else { country },
                    code: Some(code.clone()),
                    role: None,
                    geo: None,
                    mentions: Vec::new(),
                });
                entities.len() - 1
            });
            entities[idx].mentions.push(Mention {
                span,
                kind: MentionKind::Name,
            });
        }
        layers.entities = entities;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use attache_doc::DocumentMeta;
    use attache_engine::stages::{
        blocks::BlockStage, sentences::SentenceStage, tokens::TokenStage,
    };
    use attache_engine::Pipeline;

    fn stage() -> DictionaryActorStage {
        let mut actors = ActorDict::default();
        actors.add_text(
            "a",
            "ARNOR_ [ARN]\n+ARNORIAN_\nARGENTIN [ARG]\nARAGORN_ [RNG]\n\
             JAMES_BYRNES_\n\t[USAELI 18970101-450703]\n\t[USAGOV 450703-470121]\n\
             U.N._SECURITY_COUNCIL_ [IGOUNO]\n",
        );
        let mut agents = AgentDict::default();
        agents.add_text("g", "POLICE {} [~COP]\nPRESIDENT [~GOV]\nSTUDENT [~EDU]\n");
        DictionaryActorStage::new(actors, agents)
    }

    fn codes(text: &str, published: Option<&str>) -> Vec<(String, String)> {
        let p = Pipeline::builder()
            .stage(BlockStage::new())
            .stage(SentenceStage::new())
            .stage(TokenStage::new())
            .stage(stage())
            .build()
            .expect("pipeline");
        let meta = DocumentMeta {
            published: published.map(str::to_string),
            ..DocumentMeta::default()
        };
        let mut doc = Document::new("t", text, meta);
        p.run(&mut doc);
        let mut out: Vec<(Span, String, String)> = doc
            .layers
            .entities
            .iter()
            .flat_map(|e| {
                e.mentions.iter().map(|m| {
                    (
                        m.span,
                        m.span.text(doc.text()).to_string(),
                        e.code.clone().unwrap_or_default(),
                    )
                })
            })
            .collect();
        out.sort_by_key(|x| x.0.start());
        out.into_iter().map(|(_, a, b)| (a, b)).collect()
    }

    fn pair(a: &str, b: &str) -> (String, String) {
        (a.to_string(), b.to_string())
    }

    #[test]
    fn agents_compose_with_countries() {
        assert_eq!(
            codes("Arnorian police arrested students of Arnor.", None),
            [
                pair("Arnorian police", "ARNCOP"),
                pair("students of Arnor", "ARNEDU")
            ]
        );
        assert_eq!(
            codes("President Aragorn met the police.", None),
            [
                pair("President Aragorn", "RNGGOV"),
                pair("police", "---COP")
            ]
        );
    }

    #[test]
    fn agents_distribute_over_coordinated_countries() {
        assert_eq!(
            codes("Arnor and Argentine police met.", None),
            [pair("Arnor", "ARNCOP"), pair("Argentine police", "ARGCOP")]
        );
        assert_eq!(
            codes("Students in Arnor and Argentina met.", None),
            [
                pair("Students in Arnor", "ARNEDU"),
                pair("Argentina", "ARGEDU")
            ]
        );
    }

    #[test]
    fn stems_need_a_capital_and_dates_choose_codes() {
        assert_eq!(
            codes("Argentine troops entered.", None),
            [pair("Argentine", "ARG")]
        );
        assert!(codes("argentines.", None).is_empty());
        assert_eq!(
            codes(
                "James Byrnes spoke to the U.N. Security Council.",
                Some("1946-03-01")
            ),
            [
                pair("James Byrnes", "USAGOV"),
                pair("U.N. Security Council", "IGOUNO")
            ]
        );
    }
}
