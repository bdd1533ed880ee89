//! Throughput of the quotation stage on the bench corpus.
//!
//! ```text
//! cargo run --release -p attache-engine --example quotes_speed [CORPUS.jsonl] [PASSES]
//! ```
//!
//! The corpus defaults to `../shared/data/bench-corpus/corpus.jsonl` next to
//! the workspace. The layers the stage reads (blocks, sentences, tokens,
//! entities) are made once by the engine's own stages; the quotation stage
//! then runs `PASSES` times (default 10) over all documents. Reported: the
//! best and median pass in MB/s of text (1 MB = 10^6 bytes), the rate by
//! process CPU time, and quotations and reported speech per document.

use attache_doc::{Document, DocumentMeta};
use attache_engine::stages::{blocks, entities, quotes::QuoteStage, sentences, timex, tokens};
use attache_engine::Stage;
use std::time::Instant;

/// CPU time (user + system) of this process in seconds, from
/// `/proc/self/stat` (Linux, 100 ticks a second), when readable.
fn cpu_seconds() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    let fields: Vec<&str> = stat[stat.rfind(')')? + 2..].split_whitespace().collect();
    let user: f64 = fields.get(11)?.parse().ok()?;
    let system: f64 = fields.get(12)?.parse().ok()?;
    Some((user + system) / 100.0)
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
        .unwrap_or(10)
        .max(1);
    let corpus = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let before: [Box<dyn Stage>; 5] = [
        Box::new(blocks::BlockStage::new()),
        Box::new(sentences::SentenceStage::new()),
        Box::new(tokens::TokenStage::new()),
        Box::new(timex::TimexStage::new()),
        Box::new(entities::EntityStage::new()),
    ];
    let stage = QuoteStage::new();
    let mut docs = Vec::new();
    let mut bytes = 0usize;
    for line in corpus.lines().filter(|l| !l.trim().is_empty()) {
        let v: serde_json::Value = serde_json::from_str(line).expect("a JSON line");
        let text = v["text"].as_str().unwrap_or("").to_string();
        bytes += text.len();
        let meta = DocumentMeta {
            published: v["published"].as_str().map(str::to_string),
            ..DocumentMeta::default()
        };
        let mut doc = Document::new(v["id"].as_str().unwrap_or(""), text, meta);
        for s in &before {
            s.run(&mut doc).expect("stage runs");
        }
        docs.push(doc);
    }
    let cpu_start = cpu_seconds();
    let mut secs = Vec::with_capacity(passes);
    for _ in 0..passes {
        let t = Instant::now();
        for doc in docs.iter_mut() {
            stage.run(doc).expect("quotes run");
        }
        secs.push(t.elapsed().as_secs_f64());
    }
    let cpu = cpu_seconds().zip(cpu_start).map(|(b, a)| b - a);
    secs.sort_by(f64::total_cmp);
    let mb = bytes as f64 / 1e6;
    println!(
        "{} docs, {mb:.2} MB: best {:.1} MB/s, median {:.1} MB/s over {passes} passes",
        docs.len(),
        mb / secs[0],
        mb / secs[secs.len() / 2]
    );
    if let Some(c) = cpu.filter(|c| *c > 0.0) {
        println!("by CPU time: {:.1} MB/s", mb * passes as f64 / c);
    }
    let n = docs.len().max(1) as f64;
    let q: usize = docs.iter().map(|d| d.layers.quotes.len()).sum();
    let r: usize = docs.iter().map(|d| d.layers.reported_speech.len()).sum();
    println!(
        "{:.1} quotations and {:.1} reported speech items per document",
        q as f64 / n,
        r as f64 / n
    );
}
