//! The whole model — tagger, lemmatiser, parser — its file format and the
//! analysis of one sentence.

use crate::io::{Reader, Writer};
use crate::lemma::Lemmatizer;
use crate::parser::{ParseWord, Parser};
use crate::tagger::Tagger;
use crate::word::WordInfo;
use crate::Error;

/// Format 2: one-byte logarithmic weights. Format 1 (two-byte weights) is
/// still read.
const MAGIC: &[u8; 8] = b"ATSYNTX2";
const MAGIC_V1: &[u8; 8] = b"ATSYNTX1";

/// Sentences longer than this are tagged but not parsed: each word is
/// attached to the first one, so every sentence still has a tree.
pub const MAX_PARSE_WORDS: usize = 400;

/// A trained model.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Model {
    /// Part-of-speech tagger.
    pub tagger: Tagger,
    /// Lemmas and features.
    pub lemmatizer: Lemmatizer,
    /// Dependency parser.
    pub parser: Parser,
}

/// The analysis of one word.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Analysis {
    /// Tag class (see [`Model::upos`], [`Model::xpos`]).
    pub tag: u8,
    /// Lemma.
    pub lemma: String,
    /// Feature set (see [`Model::feats`]), when the tag has one.
    pub feats: Option<u16>,
    /// Head: index of a word of the sentence, or the sentence's length for
    /// the root.
    pub head: u32,
    /// Relation (see [`Model::label`]).
    pub label: u8,
}

/// Reusable buffers, so analysing many sentences allocates little.
#[derive(Debug, Default)]
pub struct Scratch {
    infos: Vec<WordInfo>,
    tags: Vec<u8>,
    pwords: Vec<ParseWord>,
    heads: Vec<u32>,
    labels: Vec<u8>,
}

impl Model {
    /// Reads a model file.
    ///
    /// # Errors
    /// [`Error::Model`] when the bytes are not a model of this version.
    pub fn from_bytes(bytes: &[u8]) -> Result<Model, Error> {
        let mut r = Reader::new(bytes);
        match r.take(MAGIC.len())? {
            m if m == MAGIC => {}
            m if m == MAGIC_V1 => r.wide_weights = true,
            _ => return Err(Error::model("not an attache syntax model (bad magic)")),
        }
        let tagger = Tagger::read(&mut r)?;
        let lemmatizer = Lemmatizer::read(&mut r)?;
        let parser = Parser::read(&mut r)?;
        if r.remaining() != 0 {
            return Err(Error::model("trailing bytes"));
        }
        Ok(Model {
            tagger,
            lemmatizer,
            parser,
        })
    }

    /// The model file's bytes.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut w = Writer::default();
        w.bytes(MAGIC);
        self.tagger.write(&mut w);
        self.lemmatizer.write(&mut w);
        self.parser.write(&mut w);
        w.into_bytes()
    }

    /// Universal part of speech of a tag class.
    pub fn upos(&self, tag: u8) -> &str {
        self.tagger
            .tags
            .get(tag as usize)
            .map_or("X", |t| t.0.as_str())
    }

    /// Penn tag of a tag class.
    pub fn xpos(&self, tag: u8) -> &str {
        self.tagger
            .tags
            .get(tag as usize)
            .map_or("XX", |t| t.1.as_str())
    }

    /// Name of a relation.
    pub fn label(&self, label: u8) -> &str {
        self.parser
            .labels
            .get(label as usize)
            .map_or("dep", String::as_str)
    }

    /// The feature sets, "Key=Value|..." ("_" for none).
    pub fn feats(&self) -> &[String] {
        &self.lemmatizer.feats
    }

    /// Tags, lemmatises and parses one sentence of word forms.
    pub fn analyze(&self, forms: &[&str], scratch: &mut Scratch) -> Vec<Analysis> {
        let n = forms.len();
        scratch.infos.clear();
        scratch.infos.extend(forms.iter().map(|f| WordInfo::new(f)));
        self.tagger.tag(&scratch.infos, &mut scratch.tags);
        if n <= MAX_PARSE_WORDS {
            scratch.pwords.clear();
            scratch
                .pwords
                .extend(
                    scratch
                        .infos
                        .iter()
                        .zip(&scratch.tags)
                        .map(|(w, &t)| ParseWord {
                            word: w.lower,
                            tag: u64::from(t),
                        }),
                );
            self.parser
                .parse(&scratch.pwords, &mut scratch.heads, &mut scratch.labels);
        } else {
            let root = self
                .parser
                .labels
                .iter()
                .position(|l| l == "root")
                .unwrap_or(0) as u8;
            let dep = self
                .parser
                .labels
                .iter()
                .position(|l| l == "dep")
                .unwrap_or(0) as u8;
            scratch.heads.clear();
            scratch.heads.push(n as u32);
            scratch.heads.extend(std::iter::repeat_n(0, n - 1));
            scratch.labels.clear();
            scratch.labels.push(root);
            scratch.labels.extend(std::iter::repeat_n(dep, n - 1));
        }
        (0..n)
            .map(|i| {
                let tag = scratch.tags[i];
                let xpos = self.xpos(tag);
                Analysis {
                    tag,
                    lemma: self.lemmatizer.lemma(forms[i], xpos),
                    feats: self.lemmatizer.feats_of(forms[i], xpos),
                    head: scratch.heads[i],
                    label: scratch.labels[i],
                }
            })
            .collect()
    }
}

impl Model {
    /// The model without parser and tagger weights below the given
    /// magnitudes (quantised units).
    pub fn pruned(&self, tagger_min: i16, parser_min: i16) -> Model {
        Model {
            tagger: self.tagger.pruned(tagger_min),
            lemmatizer: self.lemmatizer.clone(),
            parser: self.parser.pruned(parser_min),
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::{conllu, hash, Scratch};
    use std::path::PathBuf;

    /// A hash of every predicted tag, head and label of the first 400 EWT
    /// dev sentences by the embedded model.
    fn prediction_checksum(sentences: usize) -> Option<u64> {
        let shared = std::env::var_os("ATTACHE_SHARED")
            .map(PathBuf::from)
            .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared"));
        let path = shared.join("data/ud-english-ewt/en_ewt-ud-dev.conllu");
        if !path.exists() {
            eprintln!("skipped: {} is absent", path.display());
            return None;
        }
        let dev = conllu::read(&path).expect("the treebank parses");
        let model = crate::embedded().expect("the embedded model loads");
        let mut scratch = Scratch::default();
        let mut sum = 0u64;
        for s in dev.iter().take(sentences) {
            let forms: Vec<&str> = s.words.iter().map(|w| w.form.as_str()).collect();
            for a in model.analyze(&forms, &mut scratch) {
                sum = hash::mix(sum, u64::from(a.tag));
                sum = hash::mix(sum, u64::from(a.head));
                sum = hash::mix(sum, u64::from(a.label));
            }
        }
        Some(sum)
    }

    /// Speed work on the tagger and parser must not change a prediction:
    /// the checksum was computed with the code before that work (commit
    /// 9c716b5, the unoptimised look-ups) and the same embedded model.
    #[test]
    fn predictions_on_400_dev_sentences_match_the_recorded_checksum() {
        let Some(sum) = prediction_checksum(400) else {
            return;
        };
        assert_eq!(sum, 0x9718_d67b_b6cb_871e, "checksum {sum:#x}");
    }
}
