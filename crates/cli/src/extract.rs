//! `attache extract`: documents in, records out, in input order, on all
//! cores, in bounded memory.
//!
//! Input is cut into batches (at most `BATCH_DOCS` documents or
//! `BATCH_BYTES` bytes); each batch is processed in parallel and written
//! before the next is read, so memory stays bounded by the batch whatever
//! the input's size.

use crate::input::{read_batches, sniff_stream, start_workers, BatchLimits, RawDoc};
use crate::{ExtractArgs, InputArg, OutputFormat};
use anyhow::{Context, Result};
use attache::doc::record::RecordOptions;
use attache::ingest::{IngestOptions, InputFormat};
use attache::{Engine, EngineOptions};
use rayon::prelude::*;
use std::io::{BufRead, BufReader, BufWriter, Write};
use std::path::Path;

const BATCH_DOCS: usize = 512;
const BATCH_BYTES: usize = 32 * 1024 * 1024;

/// Everything the workers share.
struct Context_ {
    engine: Engine,
    pretty: bool,
}

impl Context_ {
    fn process(&self, job: RawDoc) -> String {
        self.engine
            .record_json(job.format, &job.fallback_id, &job.bytes, self.pretty)
    }
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
    start_workers(args.threads);
    let forced = args.input.map(|i| match i {
        InputArg::Jsonl => InputFormat::Jsonl,
        InputArg::Text => InputFormat::Text,
        InputArg::Html => InputFormat::Html,
    });
    // Standard input's kind is sniffed now, as a file's is, so that text on
    // stdin gets the same output shape as the same text in a file.
    let stdin = match args.files.is_empty() {
        true => Some(sniff_stream(BufReader::new(std::io::stdin().lock()))?),
        false => None,
    };
    let stdin_format = forced.or(stdin.as_ref().map(|(sniffed, _)| *sniffed));
    // The output shape must be known before the first record: a single
    // non-JSONL input is one object, anything else a stream of several.
    let single_doc = match args.files.as_slice() {
        [] => stdin_format.is_some_and(|f| f != InputFormat::Jsonl),
        [file] => forced
            .or_else(|| file_format(file))
            .is_some_and(|f| f != InputFormat::Jsonl),
        _ => false,
    };
    let jsonl_in = forced == Some(InputFormat::Jsonl)
        || stdin_format == Some(InputFormat::Jsonl)
        || args
            .files
            .iter()
            .any(|f| ext_format(f) == Some(InputFormat::Jsonl));
    let format = args.format.unwrap_or(if jsonl_in {
        OutputFormat::Jsonl
    } else {
        OutputFormat::Json
    });
    let ctx = Context_ {
        engine: Engine::new(EngineOptions {
            ingest: IngestOptions {
                published: args.published.clone(),
            },
            record: RecordOptions {
                tokens: args.tokens,
            },
        }),
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
    if let Some((_, stdin)) = stdin {
        process_stream(&ctx, stdin, "stdin", stdin_format, &mut sink)?;
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

/// A file's format from its extension, else from its first bytes.
fn file_format(path: &Path) -> Option<InputFormat> {
    ext_format(path).or_else(|| {
        let file = std::fs::File::open(path).ok()?;
        sniff_stream(BufReader::new(file))
            .ok()
            .map(|(format, _)| format)
    })
}

fn ext_format(path: &Path) -> Option<InputFormat> {
    path.extension()
        .and_then(|e| e.to_str())
        .and_then(InputFormat::from_extension)
}

/// Reads one input stream (a file or stdin) and writes its records.
fn process_stream<R: BufRead, W: Write>(
    ctx: &Context_,
    input: R,
    name: &str,
    format: Option<InputFormat>,
    sink: &mut Sink<W>,
) -> Result<()> {
    let limits = BatchLimits {
        docs: BATCH_DOCS,
        bytes: BATCH_BYTES,
    };
    read_batches(input, name, format, &limits, |batch, _| {
        let records: Vec<String> = batch.par_drain(..).map(|doc| ctx.process(doc)).collect();
        for r in &records {
            sink.write(r)?;
        }
        Ok(())
    })
}
