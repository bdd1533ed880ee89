//! Throughput of the sentence and token stages on the bench corpus.
//!
//! ```text
//! cargo run --release -p attache-engine --example text_stages_speed [CORPUS.jsonl] [PASSES]
//! ```
//!
//! The corpus defaults to `../shared/data/bench-corpus/corpus.jsonl` next to
//! the workspace. Blocks are made by a simple rule (one block per non-empty
//! line), so only the two text stages are timed. Each stage runs `PASSES`
//! times (default 50) over all documents; the best and median passes are
//! reported in MB/s of document text (1 MB = 10^6 bytes), and the rate by
//! process CPU time over all passes (robust on a shared machine; pin the
//! process with `taskset -c 1` as the peer baselines do).

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

/// CPU time (user + system) of this process in seconds, from
/// `/proc/self/stat` (Linux; clock ticks of 10 ms), when readable.
fn cpu_seconds() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    let rest = &stat[stat.rfind(')')? + 2..];
    let f: Vec<&str> = rest.split_whitespace().collect();
    let utime: f64 = f.get(11)?.parse().ok()?;
    let stime: f64 = f.get(12)?.parse().ok()?;
    Some((utime + stime) / 100.0)
}

/// Best and median wall-clock MB/s over the passes, and MB/s by CPU time
/// over all passes (as the peer baselines are measured).
fn time_stage(
    stage: &dyn Stage,
    docs: &mut [Document],
    passes: usize,
    bytes: usize,
) -> (f64, f64, Option<f64>) {
    let mut secs = Vec::with_capacity(passes);
    let cpu0 = cpu_seconds();
    for _ in 0..passes {
        let t = Instant::now();
        for d in docs.iter_mut() {
            stage.run(d).expect("stage runs");
        }
        secs.push(t.elapsed().as_secs_f64());
    }
    let cpu = match (cpu0, cpu_seconds()) {
        (Some(a), Some(b)) if b > a => Some(b - a),
        _ => None,
    };
    secs.sort_by(|a, b| a.total_cmp(b));
    let mb = bytes as f64 / 1e6;
    (
        mb / secs[0],
        mb / secs[secs.len() / 2],
        cpu.map(|c| mb * passes as f64 / c),
    )
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
        .unwrap_or(50)
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

    for (name, stage) in [("sentences", &sentences as &dyn Stage), ("tokens", &tokens)] {
        let (best, median, cpu) = time_stage(stage, &mut docs, passes, bytes);
        let cpu = cpu.map_or("n/a".to_string(), |c| format!("{c:.1}"));
        println!("{name:<10} {best:8.1} MB/s best, {median:8.1} MB/s median (wall); {cpu} MB/s by CPU time");
    }
}
