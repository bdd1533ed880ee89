//! Reading articles into [`Document`]s.
//!
//! Three input formats: JSON Lines (one document per line, `text` or
//! `html`, per the record contract), plain text and HTML (one document per
//! file). Bytes in any encoding are decoded to UTF-8 first ([`decode`]).
//! Bad input is an [`IngestError`] for that document alone: callers write an
//! error record and go on with the batch.

#![deny(missing_docs)]

mod decode;
mod jsonl;

pub use decode::{decode, Decoded};
pub use jsonl::{salvage_id, JsonlDocument};

use attache_doc::{Document, DocumentMeta, InputKind, PublishedSource, Severity};

/// Largest document attache reads, in bytes of input. The longest news
/// pages (with their markup) are a few megabytes; a larger "document" is a
/// concatenation or junk (a 50 MB single line), refused with a clear error
/// rather than analysed for minutes.
pub const MAX_DOCUMENT_BYTES: usize = 16 * 1024 * 1024;

/// Why a document could not be read.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum IngestError {
    /// A JSONL line that is not a JSON object of the expected shape.
    #[error("malformed JSON: {0}")]
    Json(#[from] serde_json::Error),
    /// A JSONL document with neither `text` nor `html`.
    #[error("document has neither \"text\" nor \"html\"")]
    NoContent,
    /// Input larger than [`MAX_DOCUMENT_BYTES`].
    #[error("document is {size} bytes, over the limit of {limit} bytes")]
    TooLarge {
        /// Its size.
        size: usize,
        /// The limit.
        limit: usize,
    },
    /// Input that decodes to no text at all.
    #[error("document is empty")]
    Empty,
    /// Input that is not text (NUL bytes, control characters).
    #[error("input looks binary, not text ({reason})")]
    Binary {
        /// What gave it away.
        reason: String,
    },
}

/// The format of an input stream.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InputFormat {
    /// One JSON document per line.
    Jsonl,
    /// One plain-text document.
    Text,
    /// One HTML document.
    Html,
}

impl InputFormat {
    /// The format named by a file extension, if any.
    pub fn from_extension(ext: &str) -> Option<InputFormat> {
        match ext.to_ascii_lowercase().as_str() {
            "jsonl" | "ndjson" | "json" => Some(InputFormat::Jsonl),
            "txt" | "text" | "md" => Some(InputFormat::Text),
            "html" | "htm" | "xhtml" => Some(InputFormat::Html),
            _ => None,
        }
    }

    /// The format guessed from the first bytes: JSONL when the first
    /// non-blank byte is '{', HTML when it is '<', else plain text.
    pub fn sniff(head: &[u8]) -> InputFormat {
        let head = head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(head);
        match head.iter().find(|b| !b.is_ascii_whitespace()) {
            Some(b'{') => InputFormat::Jsonl,
            Some(b'<') => InputFormat::Html,
            _ => InputFormat::Text,
        }
    }
}

/// Options that apply to every document read.
#[derive(Debug, Clone, Default)]
pub struct IngestOptions {
    /// Publication date for documents that carry none (`--published`).
    pub published: Option<String>,
}

/// Reads one plain-text document from bytes in any encoding.
///
/// # Errors
/// [`IngestError`] when the input is too large, empty or binary.
pub fn read_text(id: &str, bytes: &[u8], options: &IngestOptions) -> Result<Document, IngestError> {
    let decoded = decode_checked(bytes, false)?;
    let meta = DocumentMeta {
        input_kind: InputKind::Text,
        encoding: Some(decoded.encoding.to_string()),
        ..DocumentMeta::default()
    };
    Ok(text_document(id, decoded, meta, options))
}

/// Reads one HTML document from bytes in any encoding.
///
/// # Errors
/// [`IngestError`] when the input is too large, empty or binary.
pub fn read_html(id: &str, bytes: &[u8], options: &IngestOptions) -> Result<Document, IngestError> {
    let decoded = decode_checked(bytes, true)?;
    let meta = DocumentMeta {
        input_kind: InputKind::Html,
        encoding: Some(decoded.encoding.to_string()),
        ..DocumentMeta::default()
    };
    Ok(html_document(
        id,
        &decoded.text,
        meta,
        decoded.replaced,
        options,
    ))
}

/// Reads one JSONL line.
///
/// # Errors
/// [`IngestError`] when the line is not a document.
pub fn read_json_line(
    line: &[u8],
    fallback_id: &str,
    options: &IngestOptions,
) -> Result<Document, IngestError> {
    if line.len() > MAX_DOCUMENT_BYTES {
        return Err(IngestError::TooLarge {
            size: line.len(),
            limit: MAX_DOCUMENT_BYTES,
        });
    }
    let input: JsonlDocument = serde_json::from_slice(line)?;
    let id = input.id.clone().unwrap_or_else(|| fallback_id.to_string());
    let mut meta = DocumentMeta {
        url: input.url,
        title: input.title,
        outlet: input.outlet,
        author: input.author,
        ..DocumentMeta::default()
    };
    if let Some(p) = input.published.filter(|p| !p.trim().is_empty()) {
        meta.published = Some(p);
        meta.published_source = PublishedSource::Input;
    }
    match (input.text, input.html) {
        (Some(text), _) if !text.is_empty() => {
            meta.input_kind = InputKind::Text;
            meta.encoding = Some("UTF-8".into());
            let decoded = Decoded {
                text,
                encoding: "UTF-8",
                replaced: false,
            };
            Ok(text_document(&id, decoded, meta, options))
        }
        (_, Some(html)) if !html.is_empty() => {
            meta.input_kind = InputKind::Html;
            meta.encoding = Some("UTF-8".into());
            Ok(html_document(&id, &html, meta, false, options))
        }
        (Some(_), _) | (_, Some(_)) => Err(IngestError::Empty),
        (None, None) => Err(IngestError::NoContent),
    }
}

fn decode_checked(bytes: &[u8], html: bool) -> Result<Decoded, IngestError> {
    if bytes.len() > MAX_DOCUMENT_BYTES {
        return Err(IngestError::TooLarge {
            size: bytes.len(),
            limit: MAX_DOCUMENT_BYTES,
        });
    }
    if bytes.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(IngestError::Empty);
    }
    if let Some(reason) = binary_reason(bytes) {
        return Err(IngestError::Binary { reason });
    }
    Ok(decode(bytes, html))
}

/// Why bytes are not text, if they are not: NUL bytes, or many control
/// characters in the first kilobytes. UTF-16 is detected by its BOM before
/// this check, so its NULs do not count.
fn binary_reason(bytes: &[u8]) -> Option<String> {
    if bytes.starts_with(b"\xFF\xFE") || bytes.starts_with(b"\xFE\xFF") {
        return None;
    }
    let head = &bytes[..bytes.len().min(8192)];
    if memchr::memchr(0, head).is_some() {
        return Some("NUL bytes".into());
    }
    let controls = head
        .iter()
        .filter(|&&b| b < 0x20 && !matches!(b, b'\n' | b'\r' | b'\t' | 0x0C))
        .count();
    (controls * 20 > head.len())
        .then(|| format!("{controls} control bytes in the first {}", head.len()))
}

fn text_document(
    id: &str,
    decoded: Decoded,
    mut meta: DocumentMeta,
    options: &IngestOptions,
) -> Document {
    apply_default_published(&mut meta, options);
    let replaced = decoded.replaced;
    let mut doc = Document::new(id, decoded.text, meta);
    if replaced {
        doc.diagnose(
            "ingest",
            Severity::Warning,
            "invalid byte sequences replaced by U+FFFD",
        );
    }
    doc
}

fn html_document(
    id: &str,
    html: &str,
    mut meta: DocumentMeta,
    replaced: bool,
    options: &IngestOptions,
) -> Document {
    let page = attache_html::extract(html);
    apply_default_published(&mut meta, options);
    if meta.published.is_none() {
        if let Some(p) = page.meta.published {
            meta.published = Some(p);
            meta.published_source = PublishedSource::Inferred;
        }
    }
    meta.title = meta.title.or(page.meta.title);
    meta.author = meta.author.or(page.meta.author);
    meta.url = meta.url.or(page.meta.url);
    meta.outlet = meta.outlet.or(page.meta.outlet);
    let mut doc = Document::new(id, page.text, meta);
    doc.layers.blocks = page.blocks;
    doc.layers.images = page.images;
    doc.layers.social_posts = page.social_posts;
    if replaced {
        doc.diagnose(
            "ingest",
            Severity::Warning,
            "invalid byte sequences replaced by U+FFFD",
        );
    }
    for w in page.warnings {
        doc.diagnose("html", Severity::Warning, w);
    }
    if doc.text().trim().is_empty() {
        doc.diagnose("html", Severity::Warning, "no main text found in the page");
    }
    doc
}

fn apply_default_published(meta: &mut DocumentMeta, options: &IngestOptions) {
    if meta.published.is_none() {
        if let Some(p) = &options.published {
            meta.published = Some(p.clone());
            meta.published_source = PublishedSource::Input;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sniffing_and_extensions() {
        assert_eq!(InputFormat::sniff(b"  {\"id\":1}"), InputFormat::Jsonl);
        assert_eq!(
            InputFormat::sniff(b"\xEF\xBB\xBF<!doctype html>"),
            InputFormat::Html
        );
        assert_eq!(InputFormat::sniff(b"MOSCOW (Reuters) -"), InputFormat::Text);
        assert_eq!(InputFormat::from_extension("HTM"), Some(InputFormat::Html));
        assert_eq!(InputFormat::from_extension("pdf"), None);
    }

    #[test]
    fn json_lines() {
        let o = IngestOptions::default();
        let d = read_json_line(
            br#"{"id":"a","text":"Hi.","published":"2024-02-15"}"#,
            "x",
            &o,
        )
        .unwrap();
        assert_eq!((d.id.as_str(), d.text()), ("a", "Hi."));
        assert_eq!(d.meta.published_source, PublishedSource::Input);
        let d = read_json_line(br#"{"id":7,"text":"Hi."}"#, "x", &o).unwrap();
        assert_eq!(d.id, "7");
        let d = read_json_line(br#"{"text":"Hi."}"#, "line 3", &o).unwrap();
        assert_eq!(d.id, "line 3");
        assert!(matches!(
            read_json_line(br#"{"id":"a"}"#, "x", &o),
            Err(IngestError::NoContent)
        ));
        assert!(matches!(
            read_json_line(b"{\"id\":", "x", &o),
            Err(IngestError::Json(_))
        ));
        assert!(matches!(
            read_json_line(b"[1,2]", "x", &o),
            Err(IngestError::Json(_))
        ));
    }

    #[test]
    fn bad_bytes_are_errors_not_panics() {
        let o = IngestOptions::default();
        assert!(matches!(read_text("a", b"", &o), Err(IngestError::Empty)));
        assert!(matches!(
            read_text("a", b" \n ", &o),
            Err(IngestError::Empty)
        ));
        assert!(matches!(
            read_text("a", b"\x00\x01\x02binary", &o),
            Err(IngestError::Binary { .. })
        ));
        let d = read_text("a", b"caf\xe9 au lait", &o).unwrap();
        assert_eq!(d.text(), "café au lait");
    }
}
