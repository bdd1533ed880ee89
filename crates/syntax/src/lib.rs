//! attache's syntax: part-of-speech tags (UPOS and Penn XPOS), lemmas,
//! morphological features and Universal Dependencies trees for English,
//! from models trained here on UD English-EWT.
//!
//! - [`tagger`]: greedy averaged-perceptron tagger over joint UPOS/XPOS
//!   classes;
//! - [`lemma`]: learned suffix rules plus exceptions, and feature sets;
//! - [`parser`]: greedy arc-hybrid parser with a dynamic oracle;
//! - [`split`]: the words of one surface token ("don't" = "do" + "n't");
//! - [`Model`]: the three together, one compact file, and [`embedded`], the
//!   model shipped in the binary (`data/en_ewt.model`, see its MANIFEST).
//!
//! Training and evaluation: `syntax-train` and `syntax-eval` (binaries of
//! this crate), `examples/segmented_eval.rs` (with attache's own sentences
//! and tokens).

#![deny(missing_docs)]

pub mod conllu;
pub mod eval;
pub mod hash;
pub mod io;
pub mod lemma;
pub mod model;
pub mod parser;
pub mod split;
pub mod tagger;
pub mod train;
pub mod weights;
pub mod word;

pub use model::{Analysis, Model, Scratch, MAX_PARSE_WORDS};

use std::sync::OnceLock;

/// Why syntax data could not be read.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A file could not be read or written.
    #[error("{path}: {source}")]
    Io {
        /// The file.
        path: String,
        /// The cause.
        source: std::io::Error,
    },
    /// A treebank line is malformed.
    #[error("CoNLL-U line {line}: {what}")]
    Conllu {
        /// Line number, from 1.
        line: usize,
        /// What is wrong.
        what: String,
    },
    /// A model file is malformed or the training data unusable.
    #[error("syntax model: {0}")]
    Model(String),
}

impl Error {
    pub(crate) fn model(what: &str) -> Error {
        Error::Model(what.to_string())
    }
}

/// The model file embedded in the binary.
pub static EMBEDDED_MODEL: &[u8] = include_bytes!("../data/en_ewt.model");

/// The embedded model, read once on first use.
///
/// # Errors
/// [`Error::Model`] when the embedded file is unreadable (a build problem).
pub fn embedded() -> Result<&'static Model, Error> {
    static MODEL: OnceLock<Result<Model, String>> = OnceLock::new();
    MODEL
        .get_or_init(|| Model::from_bytes(EMBEDDED_MODEL).map_err(|e| e.to_string()))
        .as_ref()
        .map_err(|e| Error::Model(e.clone()))
}
