//! Pathological documents complete with bounded output, and say where a
//! cap cut them short. Inputs are small (a few hundred KB) so the debug
//! suite stays fast; `examples/big_documents.rs` times the 15 MiB versions
//! with the release build (speed is never asserted here).

mod support {
    pub mod pathological;
}

use attache::doc::Document;
use attache::engine::stages::{
    blocks::MAX_BLOCKS,
    events::{MAX_EVENTS, MAX_SENTENCE_TOKENS},
    sentences::MAX_SENTENCES,
    timex::MAX_TIMEXES,
};
use attache::ingest::InputFormat;
use attache::{Engine, EngineOptions};

fn process(text: &str) -> Document {
    let engine = Engine::new(EngineOptions::default());
    engine
        .process(InputFormat::Text, "big", text.as_bytes())
        .expect("a text document is processed")
}

fn diagnosed(doc: &Document, origin: &str) -> bool {
    doc.diagnostics.iter().any(|d| d.origin == origin)
}

fn within_caps(doc: &Document) {
    let l = &doc.layers;
    assert!(l.blocks.len() <= MAX_BLOCKS);
    assert!(l.sentences.len() <= MAX_SENTENCES);
    assert!(l.timexes.len() <= MAX_TIMEXES);
    assert!(l.events.len() <= MAX_EVENTS);
}

#[test]
fn a_flood_of_lines_is_cut_at_the_block_cap_with_a_diagnostic() {
    let text = "Monday\n".repeat(MAX_BLOCKS + 500);
    let doc = process(&text);
    within_caps(&doc);
    assert_eq!(doc.layers.blocks.len(), MAX_BLOCKS);
    assert!(diagnosed(&doc, "blocks"), "{:?}", doc.diagnostics);
    // Every analysed line is a date, up to the timex cap.
    assert_eq!(doc.layers.sentences.len(), MAX_BLOCKS);
    assert_eq!(doc.layers.timexes.len(), MAX_TIMEXES);
    assert!(diagnosed(&doc, "timex"), "{:?}", doc.diagnostics);
    let last_block = doc.layers.blocks.last().expect("blocks").span;
    assert!(doc
        .layers
        .sentences
        .iter()
        .all(|s| s.span.end <= last_block.end));
}

#[test]
fn a_sentence_without_punctuation_is_analysed_in_windows() {
    // A fixed pseudo-random walk over news words: ~200 KB, one sentence.
    let text = support::pathological::run_on_sentence(200_000, 7);
    let doc = process(&text);
    within_caps(&doc);
    assert_eq!(doc.layers.sentences.len(), 1);
    assert!(diagnosed(&doc, "events"), "{:?}", doc.diagnostics);
    for ev in &doc.layers.events {
        let tokens = doc.layers.tokens_in(ev.evidence).len();
        assert!(tokens <= MAX_SENTENCE_TOKENS, "evidence of {tokens} tokens");
    }
}

#[test]
fn one_sentence_repeated_is_one_event_with_every_report() {
    let n = 5_000;
    let text = "Vladimir Putin met Xi Jinping in Moscow. ".repeat(n);
    let doc = process(&text);
    within_caps(&doc);
    assert_eq!(doc.layers.sentences.len(), n);
    assert_eq!(
        doc.layers.events.len(),
        1,
        "{:?}",
        doc.layers.events.first()
    );
    // The first report is the evidence, every other one is listed once.
    assert_eq!(doc.layers.events[0].also.len(), n - 1);
    let putin = doc
        .layers
        .entities
        .iter()
        .find(|e| e.name.contains("Putin"))
        .expect("Putin is an entity");
    assert_eq!(putin.mentions.len(), n);
}
