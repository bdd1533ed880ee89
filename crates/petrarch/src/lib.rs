//! PETRARCH compatibility for attache.
//!
//! - [`dict`]: readers for the PETRARCH/TABARI dictionary formats (actors
//!   with synonyms and dated codes, agents with plurals and substitution
//!   markers, discard lists) and [`verbs`]: the verb dictionaries
//!   (PETRARCH-2 `CAMEO.2.0.txt`, the validation verb files), converted to
//!   attache's event predicates where attache can use them.
//! - [`stage`]: [`DictionaryActorStage`], an entity stage that finds actors
//!   by phrase matching against loaded actor and agent dictionaries.
//! - [`records`]: the PETRARCH validation-record files and the PLOVER gold
//!   standard records; [`validate`]: the runner that codes their sentences
//!   with attache's own pipeline and scores the events.
//!
//! Readers never panic on a malformed line: the line is skipped and
//! reported as a [`LineError`] with its file and line number.

#![deny(missing_docs)]

pub mod dict;
pub mod records;
pub mod stage;
pub mod validate;
pub mod verbs;

pub use dict::{ActorDict, AgentDict, DiscardList};
pub use stage::DictionaryActorStage;
pub use verbs::VerbDict;

use std::path::PathBuf;

/// A line a reader skipped, and why.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{file}:{line}: {what}")]
pub struct LineError {
    /// The file's name.
    pub file: String,
    /// The line, 1-based.
    pub line: usize,
    /// What is wrong.
    pub what: String,
}

/// Why a file could not be read at all.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The file could not be opened or read.
    #[error("{path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// The cause.
        #[source]
        source: std::io::Error,
    },
    /// The file's structure is unusable (not a line: the whole file).
    #[error("{path}: {what}")]
    Format {
        /// The file.
        path: PathBuf,
        /// What is wrong.
        what: String,
    },
    /// A pipeline could not be built.
    #[error("pipeline: {0}")]
    Pipeline(#[from] attache_engine::BuildError),
}

/// Reads a file as text, replacing invalid UTF-8 (some dictionaries are
/// Latin-1).
pub fn read_text(path: &std::path::Path) -> Result<String, Error> {
    let bytes = std::fs::read(path).map_err(|source| Error::Io {
        path: path.to_path_buf(),
        source,
    })?;
    Ok(match String::from_utf8(bytes) {
        Ok(s) => s,
        Err(e) => e.into_bytes().iter().map(|&b| b as char).collect(),
    })
}

/// The file name of a path, for messages.
pub(crate) fn file_name(path: &std::path::Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string())
}

/// Normalises a dictionary or text word for comparison: lowercase, periods
/// removed ("U.N." and "UN" are one word), curly apostrophes straightened.
pub fn norm_word(w: &str) -> String {
    w.chars()
        .filter(|&c| c != '.')
        .map(|c| if c == '’' { '\'' } else { c })
        .flat_map(char::to_lowercase)
        .collect()
}
