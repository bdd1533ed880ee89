//! `attache ingest`: documents in, records stored in a database.
//!
//! Input is cut into batches as in `extract`. For each batch the documents
//! already stored as they are (same id, or input hash when they have no
//! id, same content, and readable) are skipped before any work; the rest
//! are processed in parallel and written in one transaction, a changed or
//! corrected document replacing the stored one of its id. A run killed at
//! any point therefore resumes by running it again: committed batches are
//! skipped, the interrupted one was rolled back and is redone.

use crate::input::{read_batches, BatchLimits};
use crate::query::open_store;
use anyhow::{Context, Result};
use attache::doc::record::RecordOptions;
use attache::ingest::{IngestOptions, InputFormat};
use attache::{Engine, EngineOptions};
use attache_store::{document_key, Inserted, Store, StoreError, StoredDoc};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use rayon::prelude::*;
use std::collections::HashSet;
use std::io::{BufRead, BufReader, IsTerminal};
use std::path::PathBuf;
use std::sync::mpsc::{sync_channel, Receiver, SyncSender};
use std::time::Instant;

const BATCH_DOCS: usize = 256;
const BATCH_BYTES: usize = 16 * 1024 * 1024;

/// Arguments of `attache ingest`.
#[derive(clap::Args)]
pub struct IngestArgs {
    /// Input files (.jsonl, .txt, .html; else sniffed); `-` or none for
    /// standard input.
    pub files: Vec<PathBuf>,
    /// Database: a SQLite file, or a postgres:// URL [default: $ATTACHE_DB,
    /// else attache.db].
    #[arg(long)]
    pub db: Option<String>,
    /// Publication date (ISO 8601) for documents that carry none.
    #[arg(long, value_name = "DATE", value_parser = crate::input::published_arg)]
    pub published: Option<String>,
    /// Worker threads [default: all cores].
    #[arg(long, short = 'j', value_parser = crate::input::threads_arg)]
    pub threads: Option<usize>,
}

struct Job {
    key: String,
    hash: String,
    fallback_id: String,
    format: InputFormat,
    bytes: Vec<u8>,
}

struct Run {
    engine: Engine,
    /// Reads which documents are stored; a second connection, so checks
    /// and processing overlap with the writer's transactions.
    reader: Store,
    /// To the writer thread, which owns the writing connection.
    tx: Option<SyncSender<Vec<StoredDoc>>>,
    bar: ProgressBar,
    started: Instant,
    skipped: u64,
    seen: u64,
}

/// The writer thread: one transaction per batch. Returns what was stored,
/// summed over the batches.
fn writer(mut store: Store, rx: Receiver<Vec<StoredDoc>>) -> Result<Inserted, StoreError> {
    let mut total = Inserted::default();
    for docs in rx {
        let done = store.insert(&docs)?;
        for id in &done.kept_readable {
            eprintln!("attache: {id}: unreadable now; its stored readable version is kept");
        }
        total.added += done.added;
        total.replaced += done.replaced;
        total.unchanged += done.unchanged;
        total.kept_readable.extend(done.kept_readable);
    }
    Ok(total)
}

impl Run {
    fn flush(&mut self, batch: &mut Vec<Job>, bytes: u64) -> Result<()> {
        let before = batch.len();
        self.seen += before as u64;
        let stored = self
            .reader
            .stored_unchanged(batch.iter().map(|j| (j.key.as_str(), j.hash.as_str())))?;
        // The same document twice in a batch is done once; a changed one
        // under the same key is done again and replaces the earlier.
        let mut in_batch = HashSet::new();
        let jobs: Vec<Job> = batch
            .drain(..)
            .filter(|j| {
                !stored.contains(&j.key) && in_batch.insert((j.key.clone(), j.hash.clone()))
            })
            .collect();
        self.skipped += (before - jobs.len()) as u64;
        let engine = &self.engine;
        let docs: Vec<StoredDoc> = jobs
            .into_par_iter()
            .map(|j| {
                let record = engine.record_json(j.format, &j.fallback_id, &j.bytes, false);
                StoredDoc::new(j.key, j.hash, record)
            })
            .collect::<Result<_, _>>()?;
        let stopped = || StoreError::Io(std::io::Error::other("the database writer stopped"));
        let tx = self.tx.as_ref().ok_or_else(stopped)?;
        tx.send(docs).map_err(|_| stopped())?;
        self.bar.inc(bytes);
        let secs = self.started.elapsed().as_secs_f64().max(1e-3);
        self.bar.set_message(format!(
            "{} articles, {:.0} articles/s",
            self.seen,
            self.seen as f64 / secs
        ));
        Ok(())
    }
}

/// Runs `ingest`. `Ok(false)` when some input could not be read.
pub fn run(args: IngestArgs) -> Result<bool> {
    crate::input::start_workers(args.threads);
    let reader = open_store(args.db.as_deref())?;
    let (tx, rx) = sync_channel(1);
    let write_store = open_store(args.db.as_deref())?;
    let kind = write_store.kind();
    let handle = std::thread::spawn(move || writer(write_store, rx));
    let files: Vec<Option<PathBuf>> = if args.files.is_empty() {
        vec![None]
    } else {
        args.files
            .iter()
            .map(|f| (f.as_os_str() != "-").then(|| f.clone()))
            .collect()
    };
    let total: Option<u64> = files
        .iter()
        .map(|f| {
            f.as_ref()
                .and_then(|p| std::fs::metadata(p).ok())
                .map(|m| m.len())
        })
        .sum();
    let bar = if std::io::stderr().is_terminal() {
        let bar = match total {
            Some(t) => ProgressBar::with_draw_target(Some(t), ProgressDrawTarget::stderr()),
            None => ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr()),
        };
        let style = ProgressStyle::with_template(
            "{elapsed_precise} [{wide_bar}] {bytes}/{total_bytes} {msg} ETA {eta}",
        )
        .unwrap_or_else(|_| ProgressStyle::default_bar());
        bar.set_style(style);
        bar
    } else {
        ProgressBar::hidden()
    };
    let mut run = Run {
        engine: Engine::new(EngineOptions {
            ingest: IngestOptions {
                published: args.published.clone(),
            },
            record: RecordOptions::default(),
        }),
        reader,
        tx: Some(tx),
        bar,
        started: Instant::now(),
        skipped: 0,
        seen: 0,
    };
    let mut all_read = true;
    let mut fatal = None;
    for file in &files {
        let result = match file {
            None => read_stream(
                &mut run,
                BufReader::new(std::io::stdin().lock()),
                "stdin",
                None,
            ),
            Some(path) => match std::fs::File::open(path) {
                Ok(f) => {
                    let name = path.file_stem().map(|s| s.to_string_lossy().into_owned());
                    let name = name.unwrap_or_else(|| path.display().to_string());
                    let format = path
                        .extension()
                        .and_then(|e| e.to_str())
                        .and_then(InputFormat::from_extension);
                    read_stream(&mut run, BufReader::new(f), &name, format)
                }
                Err(e) => Err(anyhow::Error::from(e)),
            },
        };
        if let Err(e) = result {
            if e.downcast_ref::<StoreError>().is_some() {
                fatal = Some(e);
                break;
            }
            let name = file
                .as_ref()
                .map_or("stdin".into(), |p| p.display().to_string());
            eprintln!("attache: {name}: {e:#}");
            all_read = false;
        }
    }
    drop(run.tx.take());
    let stored = handle
        .join()
        .map_err(|_| anyhow::anyhow!("the database writer panicked"))?
        .context("writing to the database")?;
    if let Some(e) = fatal {
        return Err(e);
    }
    run.bar.finish_and_clear();
    let secs = run.started.elapsed().as_secs_f64().max(1e-3);
    let counts = run.reader.counts()?;
    let replaced = match stored.replaced {
        0 => String::new(),
        n => format!("{n} replaced, "),
    };
    eprintln!(
        "attache: {} new, {replaced}{} already stored; {} documents in the {} store ({} unreadable); {:.1} s, {:.0} articles/s",
        stored.added,
        run.skipped + stored.unchanged as u64 + stored.kept_readable.len() as u64,
        counts.documents,
        kind,
        counts.errors,
        secs,
        run.seen as f64 / secs
    );
    Ok(all_read)
}

fn read_stream<R: BufRead>(
    run: &mut Run,
    input: R,
    name: &str,
    format: Option<InputFormat>,
) -> Result<()> {
    let limits = BatchLimits {
        docs: BATCH_DOCS,
        bytes: BATCH_BYTES,
    };
    read_batches(input, name, format, &limits, |docs, bytes| {
        let mut batch: Vec<Job> = docs
            .drain(..)
            .map(|d| {
                // A JSONL document is known by its id when it has one.
                let id = (d.format == InputFormat::Jsonl)
                    .then(|| attache::ingest::salvage_id(&d.bytes))
                    .flatten();
                let (key, hash) = document_key(id.as_deref(), &d.bytes);
                Job {
                    key,
                    hash,
                    fallback_id: d.fallback_id,
                    format: d.format,
                    bytes: d.bytes,
                }
            })
            .collect();
        run.flush(&mut batch, bytes)
    })
}
