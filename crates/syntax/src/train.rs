//! Training the whole model from treebank sentences.

use crate::conllu::GoldSentence;
use crate::lemma::Lemmatizer;
use crate::parser::{ParseExample, ParseWord, Parser};
use crate::tagger::{TagExample, Tagger};
use crate::word::WordInfo;
use crate::{Error, Model};
use std::collections::BTreeSet;

/// Training settings; the defaults are what the shipped model used.
#[derive(Debug, Clone)]
pub struct TrainOptions {
    /// Passes over the data for the tagger.
    pub tagger_epochs: usize,
    /// Passes over the data for the parser.
    pub parser_epochs: usize,
    /// Probability of following the parser's own prediction (after the
    /// first pass).
    pub explore: f64,
    /// Seed of the shuffles and of exploration.
    pub seed: u64,
    /// Folds for jackknifed tags (the parser trains on predicted tags,
    /// as it will see them); 1 = gold tags.
    pub folds: usize,
}

impl Default for TrainOptions {
    fn default() -> Self {
        TrainOptions {
            tagger_epochs: 8,
            parser_epochs: 12,
            explore: 0.9,
            seed: 20_240_611,
            folds: 4,
        }
    }
}

/// Trains a model; `log` receives progress lines.
///
/// # Errors
/// [`Error::Model`] when the data has too many tag or label classes, or no
/// root relation.
pub fn train(
    sents: &[GoldSentence],
    opts: &TrainOptions,
    mut log: impl FnMut(&str),
) -> Result<Model, Error> {
    let tags: Vec<(String, String)> = sents
        .iter()
        .flat_map(|s| s.words.iter().map(|w| (w.upos.clone(), w.xpos.clone())))
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    let labels: Vec<String> = sents
        .iter()
        .flat_map(|s| s.words.iter().map(|w| w.deprel.clone()))
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    if tags.len() > 255 || 1 + 2 * labels.len() > 255 {
        return Err(Error::model("too many tag or label classes for one byte"));
    }
    let tag_of =
        |u: &str, x: &str| tags.iter().position(|t| t.0 == u && t.1 == x).unwrap_or(0) as u8;
    let examples: Vec<TagExample> = sents
        .iter()
        .map(|s| {
            let infos = s.words.iter().map(|w| WordInfo::new(&w.form)).collect();
            let gold = s.words.iter().map(|w| tag_of(&w.upos, &w.xpos)).collect();
            (infos, gold)
        })
        .collect();
    log(&format!(
        "{} sentences, {} tag classes, {} relations",
        sents.len(),
        tags.len(),
        labels.len()
    ));
    let mut tagger = Tagger::train(tags.clone(), &examples, opts.tagger_epochs, opts.seed);
    log(&format!(
        "tagger first pass trained: {:?} (features, weights)",
        tagger.size()
    ));
    let predicted = jackknife(&tags, &examples, opts, &mut log);
    if opts.folds >= 2 {
        tagger.train_second(&examples, &predicted, opts.tagger_epochs, opts.seed + 1);
        log(&format!(
            "tagger second pass trained: {:?} (features, weights)",
            tagger.size()
        ));
    }
    let parse_examples: Vec<ParseExample> = sents
        .iter()
        .zip(&examples)
        .zip(&predicted)
        .map(|((s, (infos, _)), tags)| {
            let n = s.words.len() as u32;
            ParseExample {
                words: infos
                    .iter()
                    .zip(tags)
                    .map(|(w, &t)| ParseWord {
                        word: w.lower,
                        tag: u64::from(t),
                    })
                    .collect(),
                heads: s
                    .words
                    .iter()
                    .map(|w| if w.head == 0 { n } else { w.head - 1 })
                    .collect(),
                labels: s
                    .words
                    .iter()
                    .map(|w| labels.iter().position(|l| *l == w.deprel).unwrap_or(0) as u8)
                    .collect(),
            }
        })
        .collect();
    let parser = Parser::train(
        labels,
        &parse_examples,
        opts.parser_epochs,
        opts.explore,
        opts.seed,
    )?;
    log(&format!(
        "parser trained: {:?} (features, weights)",
        parser.size()
    ));
    let lemmatizer = Lemmatizer::train(sents.iter().flat_map(|s| {
        s.words.iter().map(|w| {
            (
                w.form.as_str(),
                w.xpos.as_str(),
                w.lemma.as_str(),
                w.feats.as_str(),
            )
        })
    }));
    log(&format!(
        "lemmatiser: {:?} (rules, exceptions)",
        lemmatizer.size()
    ));
    Ok(Model {
        tagger,
        lemmatizer,
        parser,
    })
}

/// Tags of every training sentence from a tagger that did not see it.
fn jackknife(
    tags: &[(String, String)],
    examples: &[TagExample],
    opts: &TrainOptions,
    log: &mut impl FnMut(&str),
) -> Vec<Vec<u8>> {
    if opts.folds < 2 {
        return examples.iter().map(|e| e.1.clone()).collect();
    }
    let mut out: Vec<Vec<u8>> = vec![Vec::new(); examples.len()];
    for k in 0..opts.folds {
        let train: Vec<TagExample> = examples
            .iter()
            .enumerate()
            .filter(|(i, _)| i % opts.folds != k)
            .map(|(_, e)| e.clone())
            .collect();
        let tagger = Tagger::train(
            tags.to_vec(),
            &train,
            opts.tagger_epochs,
            opts.seed + k as u64,
        );
        for (i, e) in examples
            .iter()
            .enumerate()
            .filter(|(i, _)| i % opts.folds == k)
        {
            tagger.tag_first_pass(&e.0, &mut out[i]);
        }
        log(&format!("jackknife fold {}/{} tagged", k + 1, opts.folds));
    }
    out
}
