//! The `Document`: one immutable UTF-8 text and layers of stand-off,
//! byte-span annotations over it.
//!
//! Every other attache crate speaks in these types. Ingest builds a
//! `Document` once; pipeline stages read layers and add layers; nothing ever
//! rewrites the text, so any offset stays valid for the life of the document
//! and in the record written from it (see `record`).

#![deny(missing_docs)]

mod document;
mod layers;
pub mod record;
mod span;
mod syntax;

pub use document::{Diagnostic, Document, DocumentMeta, InputKind, PublishedSource, Severity};
pub use layers::{
    Actor, Block, BlockRole, Conflict, Dateline, Entity, EntityType, Event, EventStatus, Geo,
    Image, Itinerary, Layer, Layers, Mention, MentionKind, Place, Quote, QuoteKind, Sentence,
    SocialPost, Speaker, Stop, Timex, TimexType, Token, TokenKind,
};
pub use span::{Span, SpanError};
pub use syntax::{FeatValue, Feats, Syntax, SyntaxWord, Upos};
