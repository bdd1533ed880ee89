//! The document: identity, metadata, the immutable text, its layers.

use crate::{Layers, Span};
use serde::{Deserialize, Serialize};

/// Where the publication date came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PublishedSource {
    /// Given with the input (JSONL field or `--published`).
    Input,
    /// Read from the document itself (HTML meta, JSON-LD, dateline, post).
    Inferred,
    /// Not known.
    #[default]
    Unknown,
}

/// What the document was before it became text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum InputKind {
    /// Plain text.
    #[default]
    Text,
    /// An HTML page, reduced to its main text.
    Html,
}

/// Facts about a document that are not annotations of its text.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct DocumentMeta {
    /// Publication date or date-time, ISO 8601, as given or inferred.
    pub published: Option<String>,
    /// Where `published` came from.
    pub published_source: PublishedSource,
    /// The article's URL.
    pub url: Option<String>,
    /// The headline.
    pub title: Option<String>,
    /// The outlet ("Reuters", "breitbart.com").
    pub outlet: Option<String>,
    /// The author(s), as the source names them.
    pub author: Option<String>,
    /// Plain text or HTML.
    pub input_kind: InputKind,
    /// The encoding the bytes were decoded from, when they were bytes.
    pub encoding: Option<String>,
}

/// How bad a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// Worth knowing; output is complete.
    Info,
    /// Something was repaired or left out; output may be partial.
    Warning,
}

/// A note about the document left by ingest or a stage: input repaired,
/// limits reached, a layer left partial.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Diagnostic {
    /// Who noticed: "ingest", a stage name.
    pub origin: String,
    /// How bad.
    pub severity: Severity,
    /// What happened, for a person.
    pub message: String,
}

/// One article: an immutable text and the layers annotating it.
///
/// The text can only be set when the document is made. Stages get `&mut
/// Document` and may add to `layers` and `diagnostics`, never change the
/// text, so every span stays valid.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Document {
    /// The caller's id for the document.
    pub id: String,
    /// Metadata.
    pub meta: DocumentMeta,
    text: String,
    /// Annotation layers.
    pub layers: Layers,
    /// Notes from ingest and stages.
    pub diagnostics: Vec<Diagnostic>,
}

impl Document {
    /// A document over `text` with no layers yet.
    pub fn new(id: impl Into<String>, text: impl Into<String>, meta: DocumentMeta) -> Document {
        Document {
            id: id.into(),
            meta,
            text: text.into(),
            layers: Layers::default(),
            diagnostics: Vec::new(),
        }
    }

    /// The text every span points into.
    #[inline]
    pub fn text(&self) -> &str {
        &self.text
    }

    /// The text and the layers at once, so a stage can read one while it
    /// writes the other.
    #[inline]
    pub fn split_mut(&mut self) -> (&str, &mut Layers) {
        (&self.text, &mut self.layers)
    }

    /// The text a span covers.
    ///
    /// # Panics
    /// When the span is not valid for this document's text.
    #[inline]
    pub fn slice(&self, span: Span) -> &str {
        span.text(&self.text)
    }

    /// Records a diagnostic.
    pub fn diagnose(&mut self, origin: &str, severity: Severity, message: impl Into<String>) {
        self.diagnostics.push(Diagnostic {
            origin: origin.to_string(),
            severity,
            message: message.into(),
        });
    }
}
