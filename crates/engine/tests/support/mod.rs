//! Helpers shared by the engine's integration tests: a document with its
//! publication date, stages run in order, and the seed article with its
//! gold from `../shared` (None when it is absent, so the test can say it
//! skipped).
#![allow(dead_code)]

use attache_doc::{Document, DocumentMeta, PublishedSource};
use attache_engine::Stage;
use std::path::PathBuf;

/// A document over `text`, dated when `published` is given and not empty.
pub fn document(id: &str, text: &str, published: Option<&str>) -> Document {
    let published = published.filter(|p| !p.is_empty()).map(str::to_string);
    let meta = DocumentMeta {
        published_source: if published.is_some() {
            PublishedSource::Input
        } else {
            PublishedSource::Unknown
        },
        published,
        ..DocumentMeta::default()
    };
    Document::new(id, text, meta)
}

/// Runs the stages in order.
pub fn run_stages(doc: &mut Document, stages: &[&dyn Stage]) {
    for s in stages {
        s.run(doc).expect("stage runs");
    }
}

/// The seed article and its gold annotation.
pub struct Seed {
    /// The article's text.
    pub text: String,
    /// Its publication date.
    pub published: Option<String>,
    /// `seed.gold.json`.
    pub gold: serde_json::Value,
}

/// The seed from `<workspace>/../shared/gold`, or None (with a message)
/// when the folder is absent.
pub fn seed() -> Option<Seed> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/gold");
    let (input, gold) = (dir.join("seed.input.jsonl"), dir.join("seed.gold.json"));
    if !input.exists() || !gold.exists() {
        eprintln!("skipping: no gold at {}", dir.display());
        return None;
    }
    let line = std::fs::read_to_string(&input).expect("input");
    let rec: serde_json::Value =
        serde_json::from_str(line.lines().next().expect("one line")).expect("json");
    let gold = serde_json::from_str(&std::fs::read_to_string(&gold).expect("gold")).expect("json");
    Some(Seed {
        text: rec["text"].as_str().expect("text").to_string(),
        published: rec["published"].as_str().map(str::to_string),
        gold,
    })
}
