//! Speed of the syntax stage alone on the bench corpus, on documents
//! already split into blocks, sentences and tokens:
//! `cargo run --release -p attache-syntax --example bench_corpus -- corpus.jsonl`
//! (pin it with `taskset -c 0` for a one-core figure).

use attache_doc::{Document, DocumentMeta};
use attache_engine::stages::{
    blocks::BlockStage, sentences::SentenceStage, syntax::SyntaxStage, tokens::TokenStage,
};
use attache_engine::Stage;
use attache_syntax::eval::thread_cpu_seconds as cpu_seconds;
use std::time::Instant;

/// Runs `f` until at least `min_secs` of wall time and two rounds have
/// passed; returns (rounds, wall seconds per round, CPU seconds per round).
fn timed(min_secs: f64, mut f: impl FnMut()) -> (usize, f64, Option<f64>) {
    let (wall, cpu) = (Instant::now(), cpu_seconds());
    let mut rounds = 0;
    while rounds < 2 || wall.elapsed().as_secs_f64() < min_secs {
        f();
        rounds += 1;
    }
    let per = |x: f64| x / rounds as f64;
    let cpu = cpu.zip(cpu_seconds()).map(|(a, b)| per(b - a));
    (rounds, per(wall.elapsed().as_secs_f64()), cpu)
}

fn main() {
    let Some(path) = std::env::args().nth(1) else {
        eprintln!("usage: bench_corpus corpus.jsonl");
        return;
    };
    let text = std::fs::read_to_string(&path).expect("corpus readable");
    let started = Instant::now();
    let syntax = SyntaxStage::new();
    let mut docs: Vec<Document> = Vec::new();
    if let Err(e) = attache_syntax::embedded() {
        eprintln!("{e}");
        return;
    }
    println!("model loaded in {:.3}s", started.elapsed().as_secs_f64());
    for line in text.lines() {
        let Ok(v) = serde_json::from_str::<serde_json::Value>(line) else {
            continue;
        };
        let Some(body) = v.get("text").and_then(|t| t.as_str()) else {
            continue;
        };
        let mut doc = Document::new("bench", body, DocumentMeta::default());
        for s in [
            &BlockStage::new() as &dyn Stage,
            &SentenceStage::new(),
            &TokenStage::new(),
        ] {
            let _ = s.run(&mut doc);
        }
        docs.push(doc);
    }
    let tokens: usize = docs.iter().map(|d| d.layers.tokens.len()).sum();
    let (rounds, wall, cpu) = timed(3.0, || {
        for d in &mut docs {
            let _ = syntax.run(d);
        }
    });
    let words: usize = docs.iter().map(|d| d.layers.syntax.words.len()).sum();
    let cpu = cpu.unwrap_or(wall);
    println!(
        "attache syntax stage: {} articles, {tokens} tokens, {words} words: {:.0} tokens/s CPU time ({:.0} wall), {rounds} rounds",
        docs.len(),
        tokens as f64 / cpu,
        tokens as f64 / wall,
    );
    // The whole pipeline (the syntax stage is part of it).
    let texts: Vec<String> = docs.iter().map(|d| d.text().to_string()).collect();
    let pipeline = attache_engine::standard_pipeline();
    let (rounds, wall, cpu) = timed(3.0, || {
        for t in &texts {
            let mut doc = Document::new("bench", t.as_str(), DocumentMeta::default());
            pipeline.run(&mut doc);
        }
    });
    let cpu = cpu.unwrap_or(wall);
    println!(
        "standard pipeline: {:.0} articles/s CPU time ({:.0} wall), {rounds} rounds",
        texts.len() as f64 / cpu,
        texts.len() as f64 / wall
    );
}
