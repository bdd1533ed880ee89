//! Throughput of the sentence and token stages on the bench corpus.
//!
//! ```text
//! cargo run --release -p attache-engine --example text_stages_speed [CORPUS.jsonl] [PASSES]
//! ```
//!
//! The corpus defaults to `../shared/data/bench-corpus/corpus.jsonl` next to
//! the workspace. Blocks are made by a simple rule (one block per non-empty
//! line), so only the two text stages are timed. Each stage runs `PASSES`
//! times (default 20) over all documents; the best and median passes are
//! reported in MB/s of document text (1 MB = 10^6 bytes).

use attache_doc::{Block, BlockRole, Document, DocumentMeta, Span};
use attache_engine::stages::{sentences::SentenceStage, tokens::TokenStage};
use attache_engine::Stage;
use std::time::Instant;

fn line_blocks(doc: &mut Document) {
    let (text, layers) = doc.split_mut();
    layers.blocks.clear();
    let mut start = 0;
    for line in text.split_inclusive('\n') {
        let span = Span::new(start, start + line.len()).trim(text);
        start += line.len();
        if !span.is_empty() {
            layers.blocks.push(Block {
                span,
                role: BlockRole::Body,
            });
        }
    }
}

fn time_stage(stage: &dyn Stage, docs: &mut [Document], passes: usize, bytes: usize) -> (f64, f64) {
    let mut secs = Vec::with_capacity(passes);
    for _ in 0..passes {
        let t = Instant::now();
        for d in docs.iter_mut() {
            stage.run(d).expect("stage runs");
        }
        secs.push(t.elapsed().as_secs_f64());
    }
    secs.sort_by(|a, b| a.total_cmp(b));
    let mb = bytes as f64 / 1e6;
    (mb / secs[0], mb / secs[secs.len() / 2])
}

fn main() {
    let mut args = std::env::args().skip(1);
    let path = args.next().unwrap_or_else(|| {
        concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../../shared/data/bench-corpus/corpus.jsonl"
        )
        .to_string()
    });
    let passes: usize = args
        .next()
        .and_then(|p| p.parse().ok())
        .unwrap_or(20)
        .max(1);
    let raw = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("cannot read {path}: {e}"));
    let mut docs: Vec<Document> = raw
        .lines()
        .filter(|l| !l.trim().is_empty())
        .enumerate()
        .map(|(i, l)| {
            let v: serde_json::Value = serde_json::from_str(l).expect("a JSON line");
            let text = v["text"].as_str().unwrap_or_default().to_string();
            let mut d = Document::new(i.to_string(), text, DocumentMeta::default());
            line_blocks(&mut d);
            d
        })
        .collect();
    let bytes: usize = docs.iter().map(|d| d.text().len()).sum();
    println!(
        "{} documents, {:.2} MB of text, {passes} passes",
        docs.len(),
        bytes as f64 / 1e6
    );

    let sentences = SentenceStage::new();
    let tokens = TokenStage::new();
    // Warm-up, and the counts.
    for d in docs.iter_mut() {
        sentences.run(d).expect("stage runs");
        tokens.run(d).expect("stage runs");
    }
    let n_sent: usize = docs.iter().map(|d| d.layers.sentences.len()).sum();
    let n_tok: usize = docs.iter().map(|d| d.layers.tokens.len()).sum();
    println!("{n_sent} sentences, {n_tok} tokens");

    let (best, median) = time_stage(&sentences, &mut docs, passes, bytes);
    println!("sentences: {best:8.1} MB/s best, {median:8.1} MB/s median");
    let (best, median) = time_stage(&tokens, &mut docs, passes, bytes);
    println!("tokens:    {best:8.1} MB/s best, {median:8.1} MB/s median");
}
