//! `attache extract`: documents in, records out, in input order, on all
//! cores, in bounded memory.
//!
//! Input is cut into batches (at most `BATCH_DOCS` documents or
//! `BATCH_BYTES` bytes); each batch is processed in parallel and written
//! before the next is read, so memory stays bounded by the batch whatever
//! the input's size.

use crate::{ExtractArgs, InputArg, OutputFormat};
use anyhow::{Context, Result};
use attache_doc::record::{ErrorRecord, Record, RecordOptions};
use attache_engine::Pipeline;
use attache_ingest::{IngestOptions, InputFormat};
use rayon::prelude::*;
use std::io::{BufRead, BufReader, BufWriter, Read, Write};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::Path;

const BATCH_DOCS: usize = 512;
const BATCH_BYTES: usize = 32 * 1024 * 1024;

/// One document's input, before parsing.
struct Job {
    /// Id used when the document has none: "file:line" or the file stem.
    fallback_id: String,
    format: InputFormat,
    bytes: Vec<u8>,
}

/// Everything the workers share.
struct Context_ {
    pipeline: Pipeline,
    ingest: IngestOptions,
    record: RecordOptions,
    pretty: bool,
}

/// Writes records as JSON Lines or as one pretty JSON value.
struct Sink<W: Write> {
    out: W,
    format: OutputFormat,
    /// For `json` with several documents: records are array items.
    array: bool,
    written: usize,
}

impl<W: Write> Sink<W> {
    fn write(&mut self, record: &str) -> std::io::Result<()> {
        match self.format {
            OutputFormat::Jsonl => {
                self.out.write_all(record.as_bytes())?;
                self.out.write_all(b"\n")?;
            }
            OutputFormat::Json => {
                if self.array {
                    self.out
                        .write_all(if self.written == 0 { b"[\n" } else { b",\n" })?;
                }
                self.out.write_all(record.as_bytes())?;
            }
        }
        self.written += 1;
        Ok(())
    }

    fn finish(mut self) -> std::io::Result<()> {
        if self.format == OutputFormat::Json {
            if self.array {
                self.out
                    .write_all(if self.written == 0 { b"[]\n" } else { b"\n]\n" })?;
            } else if self.written > 0 {
                self.out.write_all(b"\n")?;
            }
        }
        self.out.flush()
    }
}

/// Runs `extract`. `Ok(false)` when some input could not be read (I/O).
pub fn run(args: ExtractArgs) -> Result<bool> {
    if let Some(n) = args.threads {
        rayon::ThreadPoolBuilder::new()
            .num_threads(n.max(1))
            .build_global()
            .ok();
    }
    let forced = args.input.map(|i| match i {
        InputArg::Jsonl => InputFormat::Jsonl,
        InputArg::Text => InputFormat::Text,
        InputArg::Html => InputFormat::Html,
    });
    // The output shape must be known before the first record: a single
    // non-JSONL file is one object, anything else a stream of several.
    let single_doc = args.files.len() == 1
        && forced
            .or_else(|| ext_format(&args.files[0]))
            .is_some_and(|f| f != InputFormat::Jsonl);
    let jsonl_in = forced == Some(InputFormat::Jsonl)
        || args
            .files
            .iter()
            .any(|f| ext_format(f) == Some(InputFormat::Jsonl));
    let format = args
        .format
        .unwrap_or(if jsonl_in || args.files.is_empty() && forced.is_none() {
            OutputFormat::Jsonl
        } else {
            OutputFormat::Json
        });
    let ctx = Context_ {
        pipeline: attache_engine::standard_pipeline(),
        ingest: IngestOptions {
            published: args.published.clone(),
        },
        record: RecordOptions {
            tokens: args.tokens,
        },
        pretty: format == OutputFormat::Json,
    };
    let stdout = std::io::stdout().lock();
    let mut sink = Sink {
        out: BufWriter::new(stdout),
        format,
        array: !single_doc,
        written: 0,
    };
    let mut all_read = true;
    if args.files.is_empty() {
        let stdin = std::io::stdin().lock();
        process_stream(&ctx, BufReader::new(stdin), "stdin", forced, &mut sink)?;
    }
    for path in &args.files {
        let file = match std::fs::File::open(path) {
            Ok(f) => f,
            Err(e) => {
                eprintln!("attache: {}: {e}", path.display());
                all_read = false;
                continue;
            }
        };
        let name = path.file_stem().map(|s| s.to_string_lossy().into_owned());
        let name = name.unwrap_or_else(|| path.display().to_string());
        let format = forced.or_else(|| ext_format(path));
        if let Err(e) = process_stream(&ctx, BufReader::new(file), &name, format, &mut sink) {
            if e.downcast_ref::<std::io::Error>()
                .is_some_and(|e| e.kind() == std::io::ErrorKind::BrokenPipe)
            {
                return Err(e);
            }
            eprintln!("attache: {}: {e:#}", path.display());
            all_read = false;
        }
    }
    sink.finish().context("writing output")?;
    Ok(all_read)
}

fn ext_format(path: &Path) -> Option<InputFormat> {
    path.extension()
        .and_then(|e| e.to_str())
        .and_then(InputFormat::from_extension)
}

/// Reads one input stream (a file or stdin) and writes its records.
fn process_stream<R: BufRead, W: Write>(
    ctx: &Context_,
    mut input: R,
    name: &str,
    format: Option<InputFormat>,
    sink: &mut Sink<W>,
) -> Result<()> {
    let format = match format {
        Some(f) => f,
        None => InputFormat::sniff(input.fill_buf().context("reading input")?),
    };
    if format != InputFormat::Jsonl {
        let mut bytes = Vec::new();
        // Read one byte past the limit so ingest can report the size.
        let limit = attache_ingest::MAX_DOCUMENT_BYTES as u64 + 1;
        input
            .take(limit)
            .read_to_end(&mut bytes)
            .context("reading input")?;
        let job = Job {
            fallback_id: name.to_string(),
            format,
            bytes,
        };
        let record = process(ctx, job);
        sink.write(&record)?;
        return Ok(());
    }
    let mut batch: Vec<Job> = Vec::new();
    let mut batch_bytes = 0;
    let mut line_no = 0usize;
    loop {
        let mut line = Vec::new();
        let n = input
            .read_until(b'\n', &mut line)
            .context("reading input")?;
        if n > 0 {
            line_no += 1;
            let trimmed = line.trim_ascii();
            if !trimmed.is_empty() {
                let bytes = if trimmed.len() == line.len() {
                    line
                } else {
                    trimmed.to_vec()
                };
                batch_bytes += bytes.len();
                let fallback_id = format!("{name}:{line_no}");
                batch.push(Job {
                    fallback_id,
                    format,
                    bytes,
                });
            }
        }
        if n == 0 || batch.len() >= BATCH_DOCS || batch_bytes >= BATCH_BYTES {
            let records: Vec<String> = batch.par_drain(..).map(|job| process(ctx, job)).collect();
            for r in &records {
                sink.write(r)?;
            }
            batch_bytes = 0;
        }
        if n == 0 {
            return Ok(());
        }
    }
}

/// One document to one serialised record; never panics outward.
fn process(ctx: &Context_, job: Job) -> String {
    let fallback = job.fallback_id.clone();
    match catch_unwind(AssertUnwindSafe(|| process_inner(ctx, job))) {
        Ok(s) => s,
        Err(panic) => {
            let what = panic
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| panic.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "unknown".into());
            error_record(
                ctx,
                &fallback,
                &format!("internal error (please report): {what}"),
            )
        }
    }
}

fn process_inner(ctx: &Context_, job: Job) -> String {
    let read = match job.format {
        InputFormat::Jsonl => {
            attache_ingest::read_json_line(&job.bytes, &job.fallback_id, &ctx.ingest)
        }
        InputFormat::Text => attache_ingest::read_text(&job.fallback_id, &job.bytes, &ctx.ingest),
        InputFormat::Html => attache_ingest::read_html(&job.fallback_id, &job.bytes, &ctx.ingest),
    };
    let mut doc = match read {
        Ok(doc) => doc,
        Err(e) => {
            let id = match job.format {
                InputFormat::Jsonl => attache_ingest::salvage_id(&job.bytes),
                _ => None,
            };
            return error_record(
                ctx,
                id.as_deref().unwrap_or(&job.fallback_id),
                &e.to_string(),
            );
        }
    };
    ctx.pipeline.run(&mut doc);
    let record = Record::new(&doc, ctx.record);
    let s = if ctx.pretty {
        serde_json::to_string_pretty(&record)
    } else {
        serde_json::to_string(&record)
    };
    s.unwrap_or_else(|e| error_record(ctx, &doc.id, &format!("cannot serialise record: {e}")))
}

fn error_record(ctx: &Context_, id: &str, error: &str) -> String {
    let r = ErrorRecord { id, error };
    let s = if ctx.pretty {
        serde_json::to_string_pretty(&r)
    } else {
        serde_json::to_string(&r)
    };
    s.unwrap_or_else(|_| String::from("{\"error\":\"unserialisable\"}"))
}
