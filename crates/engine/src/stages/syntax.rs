//! Syntax: part of speech, lemma, features and a Universal Dependencies tree
//! for every token, from the embedded model of `attache-syntax` (trained on
//! UD English-EWT; see `crates/syntax/data/MANIFEST.toml`).
//!
//! Decisions:
//!
//! - The layer holds syntactic **words**, each inside one token: word tokens
//!   are split the way UD counts words ("don't" = "do" + "n't", "Díaz-Canel"
//!   = "Díaz" "-" "Canel"); every other token is one word. `token_words`
//!   gives each token its first word, so every token has an analysis.
//! - One tree per sentence (tokens outside any sentence form their own
//!   group); heads are indices into the layer's words, `None` at the root.
//! - Curly apostrophes and quotes are read as straight ones, as the treebank
//!   mostly writes them; spans stay on the original text.
//! - Voice=Pass is set on a word with a passive subject or auxiliary.
//! - A sentence over [`MAX_PARSE_WORDS`] words is tagged but not parsed (all
//!   its words attached to the first, relation "dep"), with a diagnostic.

use crate::{Stage, StageError};
use attache_doc::{Document, Feats, Layer, Severity, Span, Syntax, SyntaxWord, TokenKind, Upos};
use attache_syntax::{split, Model, Scratch, MAX_PARSE_WORDS};
use std::borrow::Cow;
use std::ops::Range;

/// The model with its classes mapped to layer types once.
struct Prepared {
    model: &'static Model,
    upos: Vec<Upos>,
    feats: Vec<Feats>,
    passive_labels: Vec<bool>,
}

/// Tags, lemmatises and parses each sentence.
pub struct SyntaxStage {
    prepared: Result<Prepared, String>,
}

impl std::fmt::Debug for SyntaxStage {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SyntaxStage")
            .field("ready", &self.prepared.is_ok())
            .finish()
    }
}

impl Default for SyntaxStage {
    fn default() -> Self {
        SyntaxStage::new()
    }
}

impl SyntaxStage {
    /// The stage with the embedded model (read on first use in the process).
    pub fn new() -> SyntaxStage {
        let prepared = attache_syntax::embedded()
            .map_err(|e| e.to_string())
            .map(|model| {
                let upos = (0..model.tagger.tags.len())
                    .map(|t| Upos::from_name(model.upos(t as u8)))
                    .collect();
                let feats = model.feats().iter().map(|f| Feats::from_ud(f)).collect();
                let passive_labels = model
                    .parser
                    .labels
                    .iter()
                    .map(|l| l.ends_with(":pass"))
                    .collect();
                Prepared {
                    model,
                    upos,
                    feats,
                    passive_labels,
                }
            });
        SyntaxStage { prepared }
    }
}

impl Stage for SyntaxStage {
    fn name(&self) -> &'static str {
        "syntax"
    }

    fn requires(&self) -> &'static [Layer] {
        &[Layer::Sentences, Layer::Tokens]
    }

    fn provides(&self) -> &'static [Layer] {
        &[Layer::Syntax]
    }

    fn run(&self, doc: &mut Document) -> Result<(), StageError> {
        let p = match &self.prepared {
            Ok(p) => p,
            Err(e) => {
                let msg = format!("syntax model unavailable: {e}");
                doc.diagnose("syntax", Severity::Warning, msg);
                return Ok(());
            }
        };
        let (text, layers) = doc.split_mut();
        let mut syntax = Syntax {
            words: Vec::with_capacity(layers.tokens.len() + layers.tokens.len() / 8),
            token_words: Vec::with_capacity(layers.tokens.len()),
        };
        let mut long = 0usize;
        let mut scratch = Scratch::default();
        let mut group = Vec::new();
        for tokens in sentence_groups(layers) {
            group.clear();
            for t in tokens.clone() {
                syntax
                    .token_words
                    .push((syntax.words.len() + group.len()) as u32);
                let tok = &layers.tokens[t];
                let Some(form) = text.get(tok.span.start()..tok.span.end()) else {
                    group.push((t, tok.span.start()..tok.span.end()));
                    continue;
                };
                if tok.kind == TokenKind::Word {
                    let base = tok.span.start();
                    group.extend(
                        split::split_word(form)
                            .into_iter()
                            .map(|r| (t, base + r.start..base + r.end)),
                    );
                } else {
                    group.push((t, tok.span.start()..tok.span.end()));
                }
            }
            long += usize::from(group.len() > MAX_PARSE_WORDS);
            analyze_group(p, text, &group, &mut scratch, &mut syntax.words);
        }
        layers.syntax = syntax;
        if long > 0 {
            let msg =
                format!("{long} sentence(s) over {MAX_PARSE_WORDS} words tagged but not parsed");
            doc.diagnose("syntax", Severity::Info, msg);
        }
        Ok(())
    }
}

/// Runs of token indices, one per sentence (tokens outside every sentence
/// form runs of their own).
fn sentence_groups(layers: &attache_doc::Layers) -> Vec<Range<usize>> {
    let mut out: Vec<Range<usize>> = Vec::with_capacity(layers.sentences.len() + 1);
    let mut key_of_last = None;
    let mut s = 0;
    for (i, t) in layers.tokens.iter().enumerate() {
        while s < layers.sentences.len() && layers.sentences[s].span.end <= t.span.start {
            s += 1;
        }
        let inside = layers
            .sentences
            .get(s)
            .filter(|x| x.span.start <= t.span.start);
        let key = inside.map(|_| s);
        match out.last_mut() {
            Some(r) if key.is_some() && key == key_of_last && r.end == i => r.end = i + 1,
            _ => out.push(i..i + 1),
        }
        key_of_last = key;
    }
    out
}

fn analyze_group(
    p: &Prepared,
    text: &str,
    group: &[(usize, Range<usize>)],
    scratch: &mut Scratch,
    words: &mut Vec<SyntaxWord>,
) {
    if group.is_empty() {
        return;
    }
    let forms: Vec<Cow<str>> = group
        .iter()
        .map(|(_, r)| split::normalize(text.get(r.clone()).unwrap_or("")))
        .collect();
    let form_refs: Vec<&str> = forms.iter().map(|f| f.as_ref()).collect();
    let out = p.model.analyze(&form_refs, scratch);
    let base = words.len();
    let n = group.len();
    for ((t, r), a) in group.iter().zip(&out) {
        words.push(SyntaxWord {
            span: Span::new(r.start, r.end),
            token: *t as u32,
            upos: p.upos.get(a.tag as usize).copied().unwrap_or(Upos::X),
            xpos: p.model.xpos(a.tag).to_string(),
            lemma: a.lemma.clone(),
            feats: a
                .feats
                .and_then(|f| p.feats.get(f as usize))
                .copied()
                .unwrap_or_default(),
            head: ((a.head as usize) < n).then(|| (base + a.head as usize) as u32),
            deprel: p.model.label(a.label).to_string(),
        });
    }
    for a in &out {
        if p.passive_labels.get(a.label as usize) == Some(&true) && (a.head as usize) < n {
            words[base + a.head as usize].feats.voice = Some(attache_doc::FeatValue::Pass);
        }
    }
}

#[cfg(test)]
mod tests;
