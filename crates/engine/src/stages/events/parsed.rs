//! An event's actors read from the dependency parse (the syntax layer),
//! when the document has one.
//!
//! The source is the predicate's subject, found through the constructions
//! that put it far from the verb: control and raising ("X plans to visit",
//! "X agreed to sign": xcomp), shared subjects of coordinated verbs (conj),
//! relative clauses ("X, who arrived ..."), light verbs ("X paid a visit":
//! the noun's verb) and possessors of event nouns ("X's visit"). A passive
//! swaps: "Y was received by X" has X as source and Y as target. Targets
//! are the noun a pattern's preposition attaches to ("talks with X"), else
//! the object. Each actor's phrase is mapped to an entity mention through
//! its head, its names (flat, compound), appositions ("the minister, X")
//! and modifiers ("Russian forces"); coordinated phrases give one actor
//! each.

use super::{Ctx, Tok};
use attache_doc::{MentionKind, Span, Syntax, SyntaxWord, Upos};

/// How far up the tree the subject search climbs.
const MAX_CLIMB: usize = 6;

/// Children lists of the syntax layer's words, built once per document.
pub(super) struct ParseIndex<'a> {
    words: &'a [SyntaxWord],
    token_words: &'a [u32],
    /// `children[first[w]..first[w + 1]]` are the children of word `w`.
    first: Vec<u32>,
    children: Vec<u32>,
}

impl<'a> ParseIndex<'a> {
    /// The index, or `None` when the document was not parsed.
    pub(super) fn new(syntax: &'a Syntax) -> Option<ParseIndex<'a>> {
        let words = &syntax.words;
        if words.is_empty() {
            return None;
        }
        let mut count = vec![0u32; words.len() + 1];
        for w in words {
            if let Some(h) = w.head.filter(|&h| (h as usize) < words.len()) {
                count[h as usize + 1] += 1;
            }
        }
        for i in 1..count.len() {
            count[i] += count[i - 1];
        }
        let first = count.clone();
        let mut fill = count;
        let mut children = vec![0u32; words.len()];
        for (i, w) in words.iter().enumerate() {
            if let Some(h) = w.head.filter(|&h| (h as usize) < words.len()) {
                children[fill[h as usize] as usize] = i as u32;
                fill[h as usize] += 1;
            }
        }
        Some(ParseIndex {
            words,
            token_words: &syntax.token_words,
            first,
            children,
        })
    }

    fn children(&self, w: u32) -> &[u32] {
        let (a, b) = (self.first[w as usize], self.first[w as usize + 1]);
        &self.children[a as usize..b as usize]
    }

    fn word(&self, w: u32) -> &SyntaxWord {
        &self.words[w as usize]
    }

    fn head(&self, w: u32) -> Option<u32> {
        self.word(w)
            .head
            .filter(|&h| (h as usize) < self.words.len())
    }

    /// The first child of `w` whose relation is `rel` (or `rel:subtype`
    /// when `rel` has no subtype itself).
    fn child(&self, w: u32, rel: &str) -> Option<u32> {
        self.children(w)
            .iter()
            .copied()
            .find(|&c| rel_is(&self.word(c).deprel, rel))
    }

    /// The word of token `t`.
    fn token_word(&self, t: usize) -> Option<u32> {
        self.token_words
            .get(t)
            .copied()
            .filter(|&w| (w as usize) < self.words.len())
    }

    /// `w` and the words coordinated with it ("X, Y and Z").
    fn conjuncts(&self, w: u32) -> Vec<u32> {
        let mut out = vec![w];
        let mut k = 0;
        while k < out.len() && out.len() < 16 {
            let cur = out[k];
            out.extend(
                self.children(cur)
                    .iter()
                    .copied()
                    .filter(|&c| self.word(c).deprel == "conj"),
            );
            k += 1;
        }
        out
    }
}

/// `deprel` is `rel`, or a subtype of it when `rel` names none.
fn rel_is(deprel: &str, rel: &str) -> bool {
    deprel == rel
        || (!rel.contains(':')
            && deprel.len() > rel.len()
            && deprel.starts_with(rel)
            && deprel.as_bytes()[rel.len()] == b':')
}

/// What the parse says of one trigger: its sources and targets, as entity
/// mentions.
pub(super) struct ParsedArgs {
    pub sources: Vec<(Span, u32, MentionKind)>,
    pub targets: Vec<(Span, u32)>,
    /// The subject is the patient of a passive verb with an agent.
    pub passive: bool,
}

impl<'a> Ctx<'a> {
    /// The trigger's actors from the parse, or `None` when the parse gives
    /// no subject that is an actor.
    pub(super) fn parsed_args(
        &self,
        toks: &[Tok],
        i: usize,
        end: usize,
        last_is_preposition: bool,
    ) -> Option<ParsedArgs> {
        let parse = self.parse.as_ref()?;
        let pattern: Vec<u32> = (i..end)
            .filter_map(|k| parse.token_word(toks[k].index))
            .collect();
        let predicate = *pattern.first()?;
        let (subject, passive_subject) = self.parsed_subject(parse, predicate)?;
        let mut targets = Vec::new();
        if last_is_preposition {
            // The preposition's head is the noun it introduces.
            if let Some(noun) = pattern.last().and_then(|&p| parse.head(p)) {
                if !pattern.contains(&noun) && noun > predicate {
                    targets = self.phrase_actors(parse, noun);
                }
            }
        } else if let Some(obj) = pattern.iter().find_map(|&w| parse.child(w, "obj")) {
            targets = self.phrase_actors(parse, obj);
        }
        let targets: Vec<(Span, u32)> = targets.into_iter().map(|(s, e, _)| (s, e)).collect();
        if passive_subject {
            // "Y was received by X": X acts on Y.
            let agent = parse
                .children(predicate)
                .iter()
                .copied()
                .find(|&c| parse.word(c).deprel == "obl:agent")?;
            let sources = self.phrase_actors(parse, agent);
            let patients = self.phrase_actors(parse, subject);
            if sources.is_empty() {
                return None;
            }
            return Some(ParsedArgs {
                sources,
                targets: patients.into_iter().map(|(s, e, _)| (s, e)).collect(),
                passive: true,
            });
        }
        let sources = self.phrase_actors(parse, subject);
        if sources.is_empty() {
            return None;
        }
        Some(ParsedArgs {
            sources,
            targets,
            passive: false,
        })
    }

    /// The subject word of `predicate`, climbing through control verbs,
    /// coordination, relative clauses and light verbs; true when it is a
    /// passive subject.
    fn parsed_subject(&self, parse: &ParseIndex, predicate: u32) -> Option<(u32, bool)> {
        let mut cur = predicate;
        for _ in 0..MAX_CLIMB {
            if let Some(s) = parse.child(cur, "nsubj:pass") {
                return Some((s, true));
            }
            if let Some(s) = parse.child(cur, "nsubj") {
                let w = parse.word(s);
                // "X, who visited": the relative pronoun stands for X.
                let relative =
                    w.upos == Upos::Pron && matches!(w.lemma.as_str(), "who" | "which" | "that");
                if relative && parse.word(cur).deprel == "acl:relcl" {
                    return parse.head(cur).map(|h| (h, false));
                }
                return Some((s, false));
            }
            let word = parse.word(cur);
            if word.upos == Upos::Noun {
                if let Some(p) = parse.child(cur, "nmod:poss") {
                    return Some((p, false));
                }
            }
            let up = parse.head(cur)?;
            match word.deprel.as_str() {
                "xcomp" | "conj" => cur = up,
                "acl:relcl" => return Some((up, false)),
                // "paid a visit", "held talks": the light verb's subject.
                "obj" if word.upos == Upos::Noun => cur = up,
                // "After meeting X, the minister flew": an adverbial
                // participle or infinitive shares the main subject.
                "advcl" if word.feats.verb_form.is_some_and(non_finite) => cur = up,
                _ => return None,
            }
        }
        None
    }

    /// The actors a phrase headed by `w` names: one per conjunct, each
    /// through its head, names, appositions or modifiers.
    fn phrase_actors(&self, parse: &ParseIndex, w: u32) -> Vec<(Span, u32, MentionKind)> {
        let mut out: Vec<(Span, u32, MentionKind)> = Vec::new();
        for c in parse.conjuncts(w) {
            if let Some(m) = self.word_actor(parse, c) {
                if !out.iter().any(|o| o.1 == m.1) {
                    out.push(m);
                }
            }
        }
        out
    }

    fn word_actor(&self, parse: &ParseIndex, w: u32) -> Option<(Span, u32, MentionKind)> {
        let actor_at = |x: u32| {
            self.mentions
                .at(parse.word(x).span.start())
                .filter(|m| self.is_actor(m.1))
        };
        if let Some(m) = actor_at(w) {
            return Some(m);
        }
        // A person or body named in the phrase ("U.S. Secretary of State
        // Antony Blinken") before a country that only describes it, and
        // names and appositions before modifiers ("Russian forces").
        let near: Vec<(Span, u32, MentionKind)> = parse
            .children(w)
            .iter()
            .filter(|&&c| {
                // Any dependent inside the noun phrase: title chains are
                // parsed loosely ("Secretary of State Antony Blinken").
                let rel = parse.word(c).deprel.as_str();
                ![
                    "conj",
                    "cc",
                    "case",
                    "det",
                    "punct",
                    "acl",
                    "advcl",
                    "parataxis",
                ]
                .iter()
                .any(|r| rel_is(rel, r))
            })
            .filter_map(|&c| actor_at(c))
            .collect();
        near.iter()
            .find(|m| !self.is_place(m.1))
            .or_else(|| near.first())
            .copied()
    }
}

fn non_finite(v: attache_doc::FeatValue) -> bool {
    matches!(
        v,
        attache_doc::FeatValue::Ger | attache_doc::FeatValue::Inf | attache_doc::FeatValue::Part
    )
}

#[cfg(test)]
mod tests {
    use super::rel_is;

    #[test]
    fn relations_match_with_their_subtypes() {
        assert!(rel_is("nsubj", "nsubj"));
        assert!(rel_is("nsubj:pass", "nsubj"));
        assert!(!rel_is("nsubj:pass", "nsubj:outer"));
        assert!(!rel_is("nsubjx", "nsubj"));
        assert!(rel_is("obl:agent", "obl:agent"));
    }
}
