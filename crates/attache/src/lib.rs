//! attache: reads news articles and writes down, as structured records,
//! what happened.
//!
//! This crate is the front door shared by the command line and the server:
//! an [`Engine`] holds the built pipeline and turns one document's input
//! bytes into a record ([`Engine::record_json`]) or a processed
//! [`Document`] ([`Engine::process`]). It never panics outward and never
//! fails a batch: a document that cannot be read yields an error record.
//!
//! The parts live in their own crates, re-exported here: [`doc`] (the
//! Document and its layers), [`ingest`] (input formats and decoding),
//! [`engine`] (the Stage trait, the pipeline and its stages).

#![deny(missing_docs)]

pub use attache_doc as doc;
pub use attache_engine as engine;
pub use attache_ingest as ingest;

use attache_doc::record::{ErrorRecord, Record, RecordOptions};
use attache_doc::Document;
use attache_engine::Pipeline;
use attache_ingest::{IngestError, IngestOptions, InputFormat};
use std::panic::{catch_unwind, AssertUnwindSafe};

/// Settings of an [`Engine`].
#[derive(Debug, Clone, Default)]
pub struct EngineOptions {
    /// How documents are read.
    pub ingest: IngestOptions,
    /// What records carry.
    pub record: RecordOptions,
}

/// Why a document produced no record.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ProcessError {
    /// The input could not be read as a document.
    #[error(transparent)]
    Ingest(IngestError),
    /// A stage panicked: a bug in attache, reported instead of crashing.
    #[error("internal error (please report): {0}")]
    Internal(String),
}

/// The built pipeline plus reading and writing options; immutable and
/// shareable across threads.
pub struct Engine {
    pipeline: Pipeline,
    options: EngineOptions,
}

impl Engine {
    /// An engine running the standard pipeline.
    pub fn new(options: EngineOptions) -> Engine {
        Engine {
            pipeline: attache_engine::standard_pipeline(),
            options,
        }
    }

    /// An engine running the given pipeline.
    pub fn with_pipeline(pipeline: Pipeline, options: EngineOptions) -> Engine {
        Engine { pipeline, options }
    }

    /// The pipeline.
    pub fn pipeline(&self) -> &Pipeline {
        &self.pipeline
    }

    /// Reads one document without running the pipeline.
    ///
    /// # Errors
    /// [`IngestError`] when the input is not a readable document.
    pub fn read(
        &self,
        format: InputFormat,
        fallback_id: &str,
        bytes: &[u8],
    ) -> Result<Document, IngestError> {
        self.read_with(&self.options.ingest, format, fallback_id, bytes)
    }

    /// As [`Engine::read`], with reading options of this call (the server
    /// takes `published` per request) instead of the engine's.
    ///
    /// # Errors
    /// [`IngestError`] when the input is not a readable document.
    pub fn read_with(
        &self,
        o: &IngestOptions,
        format: InputFormat,
        fallback_id: &str,
        bytes: &[u8],
    ) -> Result<Document, IngestError> {
        match format {
            InputFormat::Jsonl => attache_ingest::read_json_line(bytes, fallback_id, o),
            InputFormat::Text => attache_ingest::read_text(fallback_id, bytes, o),
            InputFormat::Html => attache_ingest::read_html(fallback_id, bytes, o),
        }
    }

    /// Reads one document and runs the pipeline on it.
    ///
    /// # Errors
    /// [`ProcessError`] when the input is unreadable or a stage panicked.
    pub fn process(
        &self,
        format: InputFormat,
        fallback_id: &str,
        bytes: &[u8],
    ) -> Result<Document, ProcessError> {
        self.process_with(&self.options.ingest, format, fallback_id, bytes)
    }

    /// As [`Engine::process`], with reading options of this call.
    ///
    /// # Errors
    /// [`ProcessError`] when the input is unreadable or a stage panicked.
    pub fn process_with(
        &self,
        ingest: &IngestOptions,
        format: InputFormat,
        fallback_id: &str,
        bytes: &[u8],
    ) -> Result<Document, ProcessError> {
        let run = || -> Result<Document, ProcessError> {
            let mut doc = self
                .read_with(ingest, format, fallback_id, bytes)
                .map_err(ProcessError::Ingest)?;
            self.pipeline.run(&mut doc);
            Ok(doc)
        };
        catch_unwind(AssertUnwindSafe(run)).unwrap_or_else(|panic| {
            let what = panic
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| panic.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "unknown panic".into());
            Err(ProcessError::Internal(what))
        })
    }

    /// One document's record, serialised: the record of the contract
    /// (`shared/spec/OUTPUT.md`), or `{"id": ..., "error": ...}` when the
    /// document could not be processed. Never fails.
    pub fn record_json(
        &self,
        format: InputFormat,
        fallback_id: &str,
        bytes: &[u8],
        pretty: bool,
    ) -> String {
        self.record_json_with(&self.options.ingest, format, fallback_id, bytes, pretty)
    }

    /// As [`Engine::record_json`], with reading options of this call.
    pub fn record_json_with(
        &self,
        ingest: &IngestOptions,
        format: InputFormat,
        fallback_id: &str,
        bytes: &[u8],
        pretty: bool,
    ) -> String {
        match self.process_with(ingest, format, fallback_id, bytes) {
            Ok(doc) => {
                let record = Record::new(&doc, self.options.record);
                to_json(&record, pretty).unwrap_or_else(|e| {
                    error_json(&doc.id, &format!("cannot serialise record: {e}"), pretty)
                })
            }
            Err(e) => {
                let salvaged = match format {
                    InputFormat::Jsonl => attache_ingest::salvage_id(bytes),
                    _ => None,
                };
                error_json(
                    salvaged.as_deref().unwrap_or(fallback_id),
                    &e.to_string(),
                    pretty,
                )
            }
        }
    }
}

fn to_json<T: serde::Serialize + ?Sized>(value: &T, pretty: bool) -> serde_json::Result<String> {
    if pretty {
        serde_json::to_string_pretty(value)
    } else {
        serde_json::to_string(value)
    }
}

fn error_json(id: &str, error: &str, pretty: bool) -> String {
    to_json(&ErrorRecord { id, error }, pretty)
        .unwrap_or_else(|_| String::from("{\"error\":\"unserialisable\"}"))
}
