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
        let better = |best: &Option<Hit>, len: usize| best.is_none_or(|h| h.b - h.a < len);
        if let Some(list) = self.by_first.get(w) {
            for c in list {
                let n = c.words.len();
                if !better(&best, n) || i + n > words.len() {
                    continue;
                }
                let ok = c.words.iter().enumerate().all(|(k, cw)| {
                    let tw = &words[i + k].0;
                    tw == cw || (k == n - 1 && c.stem_last && tw.starts_with(cw.as_str()))
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
            let ends: Vec<usize> = w.char_indices().map(|(k, _)| k).skip(2).collect();
            for end in ends.into_iter().chain([w.len()]).rev() {
                if end < w.len() && !upper {
                    continue;
                }
                if let Some(c) = self.stems.get(&w[..end]).and_then(|l| l.first()) {
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

    /// Composes an actor code with an agent's.
    fn compose(&self, actor: &str, agent: u32) -> String {
        let ag = &self.agents.entries[agent as usize];
        if ag.before {
            format!("{}{}", ag.code, actor)
        } else {
            format!("{}{}", actor, ag.code)
        }
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
                if w.is_empty() {
                    continue;
                }
                words.push((w, raw.starts_with(char::is_uppercase)));
                spans.push(t.span);
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
            let mut k = 0;
            while k < hits.len() {
                let h = hits[k];
                let next = hits.get(k + 1).copied();
                let next2 = hits.get(k + 2).copied();
                let gap_words = |x: &Hit, y: &Hit| -> Vec<&str> {
                    words[x.b..y.a].iter().map(|(w, _)| w.as_str()).collect()
                };
                match h.kind {
                    Kind::Actor(ai) => {
                        let Some(code) = self.actor_code(ai, date) else {
                            k += 1;
                            continue;
                        };
                        // "Arnorian police", "Arnor's police".
                        if let Some(
                            n @ Hit {
                                kind: Kind::Agent(g),
                                ..
                            },
                        ) = next
                        {
                            let gap = gap_words(&h, &n);
                            if gap.is_empty() || gap == ["'s"] {
                                found.push((self.compose(&code, g), span_of(h.a, n.b), false));
                                k += 2;
                                continue;
                            }
                        }
                        found.push((code, span_of(h.a, h.b), true));
                        k += 1;
                    }
                    Kind::Agent(g) => {
                        if let Some(
                            n @ Hit {
                                kind: Kind::Actor(ai),
                                ..
                            },
                        ) = next
                        {
                            let gap = gap_words(&h, &n);
                            let adjacent = gap.is_empty();
                            let of = matches!(gap.as_slice(), ["of"] | ["from"] | ["of", "the"]);
                            if adjacent || of {
                                if let Some(code) = self.actor_code(ai, date) {
                                    // "President Aragorn" (RNG...) keeps its own
                                    // code when it is more than a country.
                                    let code = if adjacent && code.len() > 3 {
                                        code
                                    } else {
                                        self.compose(&code, g)
                                    };
                                    found.push((code, span_of(h.a, n.b), false));
                                    k += 2;
                                    continue;
                                }
                            }
                        }
                        let _ = next2;
                        found.push((self.compose("---", g), span_of(h.a, h.b), false));
                        k += 1;
                    }
                }
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
