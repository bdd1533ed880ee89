//! Throughput of the entity stage on the bench corpus, and its start-up time.
//!
//! ```text
//! cargo run --release -p attache-engine --example entities_speed [CORPUS.jsonl] [PASSES]
//! ```
//!
//! The corpus defaults to `../shared/data/bench-corpus/corpus.jsonl` next to
//! the workspace. Blocks, sentences and tokens are made once by the engine's
//! own stages; the entity stage then runs `PASSES` times (default 10) over all
//! documents. Reported: the time `EntityStage::new()` takes (dictionaries
//! parsed), the best and median pass in MB/s of text (1 MB = 10^6 bytes), the
//! rate by process CPU time over all passes, and the entities found per document.

use attache_doc::{Document, DocumentMeta};
use attache_engine::stages::{blocks, entities::EntityStage, sentences, tokens};
use attache_engine::Stage;
use std::time::Instant;

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

fn main() {
    let mut args = std::env::args().skip(1);
    let path = args.next().unwrap_or_else(|| {
        concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../../shared/data/bench-corpus/corpus.jsonl"
        )
        .to_string()
    });
    let passes: usize = args.next().and_then(|p| p.parse().ok()).unwrap_or(10);
    let src = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let t = Instant::now();
    let stage = EntityStage::new();
    let startup = t.elapsed();
    let pre: [Box<dyn Stage>; 3] = [
        Box::new(blocks::BlockStage::new()),
        Box::new(sentences::SentenceStage::new()),
        Box::new(tokens::TokenStage::new()),
    ];
    let mut docs = Vec::new();
    let mut bytes = 0;
    for line in src.lines().filter(|l| !l.trim().is_empty()) {
        let v: serde_json::Value = serde_json::from_str(line).expect("json line");
        let text = v["text"].as_str().unwrap_or("").to_string();
        bytes += text.len();
        let meta = DocumentMeta {
            published: v["published"].as_str().map(str::to_string),
            ..DocumentMeta::default()
        };
        let mut d = Document::new(v["id"].as_str().unwrap_or(""), text, meta);
        for s in &pre {
            s.run(&mut d).expect("stage runs");
        }
        docs.push(d);
    }
    let mut secs = Vec::new();
    let cpu0 = cpu_seconds();
    for _ in 0..passes {
        let t = Instant::now();
        for d in docs.iter_mut() {
            stage.run(d).expect("entities run");
        }
        secs.push(t.elapsed().as_secs_f64());
    }
    let cpu = cpu_seconds().zip(cpu0).map(|(b, a)| b - a);
    secs.sort_by(f64::total_cmp);
    let mb = bytes as f64 / 1e6;
    let n_ent: usize = docs.iter().map(|d| d.layers.entities.len()).sum();
    let n_ment: usize = docs
        .iter()
        .flat_map(|d| &d.layers.entities)
        .map(|e| e.mentions.len())
        .sum();
    println!("EntityStage::new(): {:.1} ms", startup.as_secs_f64() * 1e3);
    println!(
        "{} docs, {:.2} MB: best {:.1} MB/s, median {:.1} MB/s over {passes} passes",
        docs.len(),
        mb,
        mb / secs[0],
        mb / secs[secs.len() / 2]
    );
    if let Some(c) = cpu.filter(|c| *c > 0.0) {
        println!("by CPU time: {:.1} MB/s", mb * passes as f64 / c);
    }
    println!(
        "{:.1} entities and {:.1} mentions per document",
        n_ent as f64 / docs.len() as f64,
        n_ment as f64 / docs.len() as f64
    );
}
