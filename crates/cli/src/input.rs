//! Reading one input stream (a file or stdin) as documents, in bounded
//! batches: shared by `extract` and `ingest`.

use anyhow::{Context, Result};
use attache::ingest::InputFormat;
use std::io::{BufRead, Read};

/// One document's input bytes, before parsing.
pub struct RawDoc {
    /// Id used when the document has none: "file:line" or the file stem.
    pub fallback_id: String,
    pub format: InputFormat,
    pub bytes: Vec<u8>,
}

/// The most a batch holds before it is handed on.
pub struct BatchLimits {
    pub docs: usize,
    pub bytes: usize,
}

/// Reads a stream and hands its documents to `flush` in batches of at most
/// `limits`, with the input bytes the batch consumed (for progress). The
/// format is `format`, else sniffed; an empty stream of unknown format is
/// zero documents. A non-JSONL stream is one document, read one byte past
/// the size limit so ingest can report the size.
pub fn read_batches<R: BufRead>(
    mut input: R,
    name: &str,
    format: Option<InputFormat>,
    limits: &BatchLimits,
    mut flush: impl FnMut(&mut Vec<RawDoc>, u64) -> Result<()>,
) -> Result<()> {
    let format = match format {
        Some(f) => f,
        None => {
            let head = input.fill_buf().context("reading input")?;
            if head.is_empty() {
                return Ok(());
            }
            InputFormat::sniff(head)
        }
    };
    if format != InputFormat::Jsonl {
        let mut bytes = Vec::new();
        let limit = attache::ingest::MAX_DOCUMENT_BYTES as u64 + 1;
        input
            .take(limit)
            .read_to_end(&mut bytes)
            .context("reading input")?;
        let n = bytes.len() as u64;
        let mut batch = vec![RawDoc {
            fallback_id: name.to_string(),
            format,
            bytes,
        }];
        return flush(&mut batch, n);
    }
    let mut batch: Vec<RawDoc> = Vec::new();
    let mut batch_bytes = 0usize;
    let mut line_no = 0usize;
    loop {
        let mut line = Vec::new();
        let n = input
            .read_until(b'\n', &mut line)
            .context("reading input")?;
        batch_bytes += n;
        if n > 0 {
            line_no += 1;
            let trimmed = line.trim_ascii();
            if !trimmed.is_empty() {
                let bytes = if trimmed.len() == line.len() {
                    line
                } else {
                    trimmed.to_vec()
                };
                let fallback_id = format!("{name}:{line_no}");
                batch.push(RawDoc {
                    fallback_id,
                    format,
                    bytes,
                });
            }
        }
        if n == 0 || batch.len() >= limits.docs || batch_bytes >= limits.bytes {
            flush(&mut batch, batch_bytes as u64)?;
            batch.clear();
            batch_bytes = 0;
        }
        if n == 0 {
            return Ok(());
        }
    }
}
