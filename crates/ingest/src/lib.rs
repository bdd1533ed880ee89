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
mod published;

pub use decode::{decode, Decoded, EncodingSource};
pub use jsonl::{salvage_id, JsonlDocument, MetaField};
pub use published::{validate_published, DateError, MAX_YEAR, MIN_YEAR};

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
    /// A JSONL line that is valid JSON but not an object (an array, a
    /// string, a number): serde would read an array as the fields in order.
    #[error("a JSONL line must be a JSON object")]
    NotAnObject,
    /// A JSONL document with neither `text` nor `html`.
    #[error("document has neither \"text\" nor \"html\"")]
    NoContent,
    /// Input larger than [`MAX_DOCUMENT_BYTES`]. Readers stop at the limit,
    /// so the size is known only to be larger.
    #[error("document is over the limit of {limit} bytes")]
    TooLarge {
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
    let mut notes = Notes::default();
    notes.decoding(&decoded);
    let mut meta = DocumentMeta {
        input_kind: InputKind::Text,
        encoding: Some(decoded.encoding.to_string()),
        ..DocumentMeta::default()
    };
    apply_default_published(&mut meta, options, &mut notes);
    Ok(notes.attach(Document::new(id, decoded.text, meta)))
}

/// Reads one HTML document from bytes in any encoding.
///
/// # Errors
/// [`IngestError`] when the input is too large, empty or binary.
pub fn read_html(id: &str, bytes: &[u8], options: &IngestOptions) -> Result<Document, IngestError> {
    let decoded = decode_checked(bytes, true)?;
    let mut notes = Notes::default();
    notes.decoding(&decoded);
    let meta = DocumentMeta {
        input_kind: InputKind::Html,
        encoding: Some(decoded.encoding.to_string()),
        ..DocumentMeta::default()
    };
    Ok(html_document(id, &decoded.text, meta, notes, options))
}

/// Reads one JSONL line. Invalid UTF-8 in the line is replaced (with a
/// diagnostic) rather than failing the document; an invalid `published`
/// is dropped with a diagnostic.
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
            limit: MAX_DOCUMENT_BYTES,
        });
    }
    let line = line.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(line);
    let line = line.trim_ascii_start();
    if line.first() != Some(&b'{') {
        return Err(IngestError::NotAnObject);
    }
    let mut notes = Notes::default();
    let input: JsonlDocument = match std::str::from_utf8(line) {
        Ok(json) => serde_json::from_str(json)?,
        Err(_) => {
            let (json, replaced) = decode::lossy_utf8(line);
            notes.replaced(replaced);
            serde_json::from_str(&json)?
        }
    };
    let id = input.id.clone().unwrap_or_else(|| fallback_id.to_string());
    let mut meta = DocumentMeta {
        url: notes.meta_text("url", input.url),
        title: notes.meta_text("title", input.title),
        outlet: notes.meta_text("outlet", input.outlet),
        author: notes.meta_text("author", input.author),
        ..DocumentMeta::default()
    };
    let published = notes.meta_text("published", input.published);
    if let Some(p) = published.filter(|p| !p.trim().is_empty()) {
        match validate_published(&p) {
            Ok(date) => {
                meta.published = Some(date.to_string());
                meta.published_source = PublishedSource::Input;
            }
            Err(e) => notes.warn(format!("\"published\" ignored: {e}")),
        }
    }
    match (input.text, input.html) {
        (Some(text), _) if !text.is_empty() => {
            meta.input_kind = InputKind::Text;
            meta.encoding = Some("UTF-8".into());
            apply_default_published(&mut meta, options, &mut notes);
            Ok(notes.attach(Document::new(&id, text, meta)))
        }
        (_, Some(html)) if !html.is_empty() => {
            meta.input_kind = InputKind::Html;
            meta.encoding = Some("UTF-8".into());
            Ok(html_document(&id, &html, meta, notes, options))
        }
        (Some(_), _) | (_, Some(_)) => Err(IngestError::Empty),
        (None, None) => Err(IngestError::NoContent),
    }
}

fn decode_checked(bytes: &[u8], html: bool) -> Result<Decoded, IngestError> {
    if bytes.len() > MAX_DOCUMENT_BYTES {
        return Err(IngestError::TooLarge {
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

/// What reading noticed before the document existed, written as its
/// diagnostics once it does.
#[derive(Default)]
struct Notes(Vec<(Severity, String)>);

impl Notes {
    fn warn(&mut self, message: String) {
        self.0.push((Severity::Warning, message));
    }

    fn replaced(&mut self, count: usize) {
        if count > 0 {
            let s = if count == 1 { "" } else { "s" };
            self.warn(format!(
                "{count} invalid byte sequence{s} replaced by U+FFFD"
            ));
        }
    }

    /// A metadata field's string; a value of another type is noted and
    /// dropped.
    fn meta_text(&mut self, name: &str, field: Option<MetaField>) -> Option<String> {
        match field? {
            MetaField::Text(s) => Some(s),
            MetaField::NotText(kind) => {
                self.warn(format!("\"{name}\" ignored: {kind}, not a string"));
                None
            }
        }
    }

    fn decoding(&mut self, decoded: &Decoded) {
        self.replaced(decoded.replaced);
        if decoded.source == EncodingSource::Guessed {
            self.0.push((
                Severity::Info,
                format!("not UTF-8: decoded as {} (a guess)", decoded.encoding),
            ));
        }
    }

    fn attach(self, mut doc: Document) -> Document {
        for (severity, message) in self.0 {
            doc.diagnose("ingest", severity, message);
        }
        doc
    }
}

fn html_document(
    id: &str,
    html: &str,
    mut meta: DocumentMeta,
    mut notes: Notes,
    options: &IngestOptions,
) -> Document {
    let page = attache_html::extract(html);
    apply_default_published(&mut meta, options, &mut notes);
    if meta.published.is_none() {
        if let Some(p) = page.meta.published {
            match validate_published(&p) {
                Ok(date) => {
                    meta.published = Some(date.to_string());
                    meta.published_source = PublishedSource::Inferred;
                }
                Err(e) => notes.warn(format!("the page's publication date ignored: {e}")),
            }
        }
    }
    meta.title = meta.title.or(page.meta.title);
    meta.author = meta.author.or(page.meta.author);
    meta.url = meta.url.or(page.meta.url);
    meta.outlet = meta.outlet.or(page.meta.outlet);
    let mut doc = notes.attach(Document::new(id, page.text, meta));
    doc.layers.blocks = page.blocks;
    doc.layers.images = page.images;
    doc.layers.social_posts = page.social_posts;
    for w in page.warnings {
        doc.diagnose("html", Severity::Warning, w);
    }
    if doc.text().trim().is_empty() {
        doc.diagnose("html", Severity::Warning, "no main text found in the page");
    }
    doc
}

/// Dates a document that carries no date with `options.published`, if
/// that is a valid date (the command line checks it before any reading).
fn apply_default_published(meta: &mut DocumentMeta, options: &IngestOptions, notes: &mut Notes) {
    if meta.published.is_some() {
        return;
    }
    if let Some(p) = &options.published {
        match validate_published(p) {
            Ok(date) => {
                meta.published = Some(date.to_string());
                meta.published_source = PublishedSource::Input;
            }
            Err(e) => notes.warn(format!("default publication date ignored: {e}")),
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
    }

    #[test]
    fn only_json_objects_are_documents() {
        let o = IngestOptions::default();
        for line in [
            &br#"["an","array"]"#[..],
            b"[1,2]",
            br#""a string""#,
            b"42",
            b"null",
            b"true",
        ] {
            let e = read_json_line(line, "x", &o).unwrap_err();
            assert!(matches!(e, IngestError::NotAnObject), "{e}");
            assert_eq!(e.to_string(), "a JSONL line must be a JSON object");
        }
        // A byte-order mark before the first line is not content.
        let d = read_json_line(b"\xEF\xBB\xBF {\"text\":\"Hi.\"}", "x", &o).unwrap();
        assert_eq!(d.text(), "Hi.");
    }

    #[test]
    fn metadata_of_the_wrong_type_is_dropped_with_a_diagnostic() {
        let line =
            br#"{"id":"a","text":"Hi.","title":["x"],"author":{"n":1},"url":true,"outlet":null}"#;
        let d = read_json_line(line, "x", &IngestOptions::default()).unwrap();
        assert_eq!(
            (d.meta.title, d.meta.author, d.meta.url),
            (None, None, None)
        );
        let notes: Vec<&str> = d.diagnostics.iter().map(|n| n.message.as_str()).collect();
        assert_eq!(
            notes,
            [
                "\"url\" ignored: a boolean, not a string",
                "\"title\" ignored: an array, not a string",
                "\"author\" ignored: an object, not a string",
            ]
        );
    }

    #[test]
    fn invalid_utf8_in_a_json_line_is_replaced_not_fatal() {
        let o = IngestOptions::default();
        let d =
            read_json_line(b"{\"id\":\"a\",\"text\":\"Z\xC3\xBCrich \xFF.\"}", "x", &o).unwrap();
        assert_eq!(d.text(), "Zürich \u{FFFD}.");
        assert!(d.diagnostics[0]
            .message
            .contains("1 invalid byte sequence replaced"));
    }

    fn published_of(line: &str, o: &IngestOptions) -> (Option<String>, Vec<String>) {
        let d = read_json_line(line.as_bytes(), "x", o).unwrap();
        let notes = d.diagnostics.iter().map(|n| n.message.clone()).collect();
        (d.meta.published, notes)
    }

    #[test]
    fn invalid_published_dates_become_a_diagnostic_and_null() {
        let o = IngestOptions::default();
        for bad in [
            "not a date",
            "2024-13-45",
            "2024-02-30",
            "99999-01-01",
            "0000-01-01",
        ] {
            let line = format!(r#"{{"text":"Hi.","published":"{bad}"}}"#);
            let (published, notes) = published_of(&line, &o);
            assert_eq!(published, None, "{bad}");
            assert!(notes.iter().any(|n| n.contains(bad)), "{bad}: {notes:?}");
        }
        let (published, notes) =
            published_of(r#"{"text":"Hi.","published":" 2024-02-29T08:00Z "}"#, &o);
        assert_eq!(
            (published.as_deref(), notes.len()),
            (Some("2024-02-29T08:00Z"), 0)
        );
        // The default date applies when the document's own is invalid.
        let o = IngestOptions {
            published: Some("2024-03-01".into()),
        };
        let (published, _) = published_of(r#"{"text":"Hi.","published":"2024-02-30"}"#, &o);
        assert_eq!(published.as_deref(), Some("2024-03-01"));
        // A date of the wrong JSON type costs the field, not the document.
        let (published, notes) = published_of(r#"{"text":"Hi.","published":20240215}"#, &o);
        assert_eq!(published.as_deref(), Some("2024-03-01"));
        assert_eq!(notes, ["\"published\" ignored: a number, not a string"]);
        // An invalid default (a library caller's) is not applied either.
        let o = IngestOptions {
            published: Some("0000-01-01".into()),
        };
        let d = read_text("a", b"Hello.", &o).unwrap();
        assert_eq!(d.meta.published, None);
        assert!(d.diagnostics[0].message.contains("0000-01-01"));
    }

    #[test]
    fn an_impossible_page_date_is_not_used() {
        let o = IngestOptions::default();
        let page = |date: &str| {
            format!(
                r#"<html><head><meta property="article:published_time" content="{date}"></head><body><p>The council met on Monday to vote on the budget.</p></body></html>"#
            )
        };
        let d = read_html("a", page("2024-02-30T10:00:00Z").as_bytes(), &o).unwrap();
        assert_eq!(d.meta.published, None);
        assert!(d
            .diagnostics
            .iter()
            .any(|n| n.message.contains("2024-02-30")));
        let d = read_html("a", page("2024-02-28T10:00:00Z").as_bytes(), &o).unwrap();
        assert_eq!(d.meta.published.as_deref(), Some("2024-02-28T10:00:00Z"));
        assert_eq!(d.meta.published_source, PublishedSource::Inferred);
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
        let d = read_text("a", "Zürich, Москва \u{FF}".as_bytes(), &o).unwrap();
        assert_eq!(d.text(), "Zürich, Москва \u{FF}");
        let mut bytes = "Zürich, Москва ".as_bytes().to_vec();
        bytes.push(0xFF);
        let d = read_text("a", &bytes, &o).unwrap();
        assert_eq!(d.text(), "Zürich, Москва \u{FFFD}");
        assert_eq!(d.diagnostics.len(), 1);
        assert!(d.diagnostics[0].message.contains("replaced by U+FFFD"));
    }
}
