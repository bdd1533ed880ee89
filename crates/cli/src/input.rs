//! Reading one input stream (a file or stdin) as documents, in bounded
//! batches, and the input arguments shared by `extract` and `ingest`.

use anyhow::{Context, Result};
use attache::ingest::{InputFormat, MAX_DOCUMENT_BYTES};
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

/// Most bytes of one document kept in memory: one past the size limit, so
/// ingest sees the document is too large, and no more, so an endless line
/// costs no more memory than a large document.
const KEPT_BYTES: usize = MAX_DOCUMENT_BYTES + 1;

/// How far [`sniff_stream`] reads looking for the first non-blank byte.
const SNIFF_LIMIT: usize = 64 * 1024;

/// A stream whose first bytes were read to guess its format, then put back.
pub type Sniffed<R> = std::io::Chain<std::io::Cursor<Vec<u8>>, R>;

/// The format of a stream from its first non-blank byte, and the stream
/// with the bytes read for it put back. A pipe may deliver a leading blank
/// line in a read of its own, so one buffer is not enough to decide. An
/// empty stream is one empty (plain-text) document, as an empty file is.
pub fn sniff_stream<R: BufRead>(mut input: R) -> Result<(InputFormat, Sniffed<R>)> {
    let mut head = Vec::new();
    while head.len() < SNIFF_LIMIT && is_blank(&head) {
        let buf = input.fill_buf().context("reading input")?;
        if buf.is_empty() {
            break;
        }
        head.extend_from_slice(buf);
        let n = buf.len();
        input.consume(n);
    }
    let format = InputFormat::sniff(&head);
    Ok((format, std::io::Cursor::new(head).chain(input)))
}

/// True when `head` is blank after an optional UTF-8 byte-order mark.
fn is_blank(head: &[u8]) -> bool {
    let head = head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(head);
    head.iter().all(u8::is_ascii_whitespace)
}

/// Reads a stream and hands its documents to `flush` in batches of at most
/// `limits`, with the input bytes the batch consumed (for progress). The
/// format is `format`, else sniffed. A non-JSONL stream is one document. No
/// document is read past [`KEPT_BYTES`]: the rest of an overlong one is
/// skipped unread, and ingest reports the document as too large.
pub fn read_batches<R: BufRead>(
    input: R,
    name: &str,
    format: Option<InputFormat>,
    limits: &BatchLimits,
    flush: impl FnMut(&mut Vec<RawDoc>, u64) -> Result<()>,
) -> Result<()> {
    match format {
        Some(format) => read_format(input, name, format, limits, flush),
        None => {
            let (format, input) = sniff_stream(input)?;
            read_format(input, name, format, limits, flush)
        }
    }
}

fn read_format<R: BufRead>(
    mut input: R,
    name: &str,
    format: InputFormat,
    limits: &BatchLimits,
    mut flush: impl FnMut(&mut Vec<RawDoc>, u64) -> Result<()>,
) -> Result<()> {
    if format != InputFormat::Jsonl {
        let mut bytes = Vec::new();
        input
            .take(KEPT_BYTES as u64)
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
        let (n, cut) = read_line_bounded(&mut input, KEPT_BYTES, &mut line)?;
        batch_bytes += n;
        if n > 0 {
            line_no += 1;
            // A cut line keeps all it has, so its length still shows it
            // is over the limit.
            let trimmed = if cut { &line[..] } else { line.trim_ascii() };
            if !trimmed.is_empty() {
                let bytes = if trimmed.len() == line.len() {
                    line
                } else {
                    trimmed.to_vec()
                };
                batch.push(RawDoc {
                    fallback_id: format!("{name}:{line_no}"),
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

/// Reads one line (with its '\n') into `line`, keeping at most `keep`
/// bytes and consuming the rest of the line unkept. Returns the bytes
/// consumed (0 at the end of input) and whether the line was cut.
fn read_line_bounded<R: BufRead>(
    input: &mut R,
    keep: usize,
    line: &mut Vec<u8>,
) -> Result<(usize, bool)> {
    let (mut consumed, mut cut) = (0, false);
    loop {
        let buf = input.fill_buf().context("reading input")?;
        if buf.is_empty() {
            return Ok((consumed, cut));
        }
        let (chunk, ends) = match buf.iter().position(|&b| b == b'\n') {
            Some(i) => (&buf[..=i], true),
            None => (buf, false),
        };
        let room = keep.saturating_sub(line.len());
        cut |= chunk.len() > room;
        line.extend_from_slice(&chunk[..chunk.len().min(room)]);
        let n = chunk.len();
        input.consume(n);
        consumed += n;
        if ends {
            return Ok((consumed, cut));
        }
    }
}

/// Most worker threads per available core: the work is CPU-bound, so more
/// only costs memory (each worker holds a document).
const THREADS_PER_CORE: usize = 4;

/// Most worker threads on any machine.
const MAX_THREADS: usize = 256;

/// Parses `-j N`: a positive number (clap reports anything else as a usage
/// error).
pub fn threads_arg(value: &str) -> Result<usize, String> {
    match value.parse::<usize>() {
        Ok(0) => Err("the number of worker threads must be at least 1".into()),
        Ok(n) => Ok(n),
        Err(e) => Err(e.to_string()),
    }
}

/// Parses `--published DATE`: an ISO date (or date-time) with real calendar
/// values; anything else is a usage error.
pub fn published_arg(value: &str) -> Result<String, String> {
    attache::ingest::validate_published(value)
        .map(str::to_string)
        .map_err(|e| e.to_string())
}

/// The thread count to use for `-j requested` on `cores` cores, and
/// whether it had to be lowered.
fn capped_threads(requested: usize, cores: usize) -> (usize, bool) {
    let cap = (cores * THREADS_PER_CORE).clamp(1, MAX_THREADS);
    (requested.clamp(1, cap), requested > cap)
}

/// Sizes the worker pool for `-j`, lowering an excessive count (with a note
/// on stderr) rather than spawning thousands of threads.
pub fn start_workers(requested: Option<usize>) {
    let Some(requested) = requested else {
        return;
    };
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let (threads, lowered) = capped_threads(requested, cores);
    if lowered {
        eprintln!(
            "attache: -j {requested} is more than {THREADS_PER_CORE} threads per core \
             ({cores} cores, at most {MAX_THREADS}); using {threads}"
        );
    }
    rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build_global()
        .ok();
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(input: &[u8], keep: usize) -> Vec<(Vec<u8>, usize, bool)> {
        // A tiny buffer, so lines span many reads.
        let mut input = std::io::BufReader::with_capacity(3, input);
        let mut out = Vec::new();
        loop {
            let mut line = Vec::new();
            let (n, cut) = read_line_bounded(&mut input, keep, &mut line).unwrap();
            if n == 0 {
                return out;
            }
            out.push((line, n, cut));
        }
    }

    #[test]
    fn long_lines_are_cut_and_skipped_to_their_end() {
        let got = lines(b"abcdefghij\nxy\nlast", 4);
        assert_eq!(
            got,
            [
                (b"abcd".to_vec(), 11, true),
                (b"xy\n".to_vec(), 3, false),
                (b"last".to_vec(), 4, false),
            ]
        );
        // A line of exactly `keep` bytes with its newline is not cut.
        assert_eq!(lines(b"abc\n", 4), [(b"abc\n".to_vec(), 4, false)]);
    }

    /// A reader that hands out one chunk per read, as a pipe can.
    struct Trickle(std::collections::VecDeque<&'static [u8]>);

    impl Read for Trickle {
        fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
            let Some(chunk) = self.0.pop_front() else {
                return Ok(0);
            };
            buf[..chunk.len()].copy_from_slice(chunk);
            Ok(chunk.len())
        }
    }

    #[test]
    fn sniffing_reads_past_a_blank_first_read_and_loses_nothing() {
        let chunks = [&b"\n"[..], b"  \n", b"{\"id\":1}\n", b"{\"id\":2}\n"];
        let input = std::io::BufReader::new(Trickle(chunks.into_iter().collect()));
        let (format, mut rest) = sniff_stream(input).unwrap();
        assert_eq!(format, InputFormat::Jsonl);
        let mut all = Vec::new();
        rest.read_to_end(&mut all).unwrap();
        assert_eq!(all, chunks.concat());
        let (format, _) = sniff_stream(&b""[..]).unwrap();
        assert_eq!(format, InputFormat::Text);
    }

    #[test]
    fn thread_counts_are_capped_per_core() {
        assert_eq!(capped_threads(3, 2), (3, false));
        assert_eq!(capped_threads(8, 2), (8, false));
        assert_eq!(capped_threads(10_000, 2), (8, true));
        assert_eq!(capped_threads(10_000, 1024), (MAX_THREADS, true));
        assert!(threads_arg("0").is_err());
        assert!(threads_arg("-1").is_err());
        assert_eq!(threads_arg("12"), Ok(12));
    }

    #[test]
    fn published_argument_must_be_a_real_date() {
        assert_eq!(published_arg("2024-02-29"), Ok("2024-02-29".into()));
        for bad in ["not a date", "2024-02-30", "0000-01-01", "99999-01-01"] {
            assert!(published_arg(bad).is_err(), "{bad}");
        }
    }
}
