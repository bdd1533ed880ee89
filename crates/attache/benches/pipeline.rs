//! Throughput of the whole pipeline and of each stage, on one core.
//!
//! Corpus: `$ATTACHE_BENCH_CORPUS`, else `../shared/data/bench-corpus/corpus.jsonl`
//! beside the repository (881 real news articles), else the example articles
//! shipped in `examples/`. Reports MB/s of article text and articles/s.
//! Each run checks the pipeline still produces sentences, so a bench of a
//! broken pipeline fails instead of looking fast.

use attache::doc::Document;
use attache::ingest::InputFormat;
use attache::{Engine, EngineOptions};
use criterion::{criterion_group, criterion_main, BatchSize, Criterion, Throughput};
use std::hint::black_box;
use std::path::PathBuf;

fn corpus() -> (String, Vec<Vec<u8>>) {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..");
    let path = std::env::var_os("ATTACHE_BENCH_CORPUS")
        .map(PathBuf::from)
        .unwrap_or_else(|| root.join("../shared/data/bench-corpus/corpus.jsonl"));
    if let Ok(data) = std::fs::read(&path) {
        let lines = data
            .split(|&b| b == b'\n')
            .filter(|l| !l.trim_ascii().is_empty())
            .map(<[u8]>::to_vec)
            .collect();
        return (path.display().to_string(), lines);
    }
    let path = root.join("examples/articles.jsonl");
    let data = std::fs::read(&path).expect("examples/articles.jsonl is in the repository");
    let lines = data
        .split(|&b| b == b'\n')
        .filter(|l| !l.is_empty())
        .map(<[u8]>::to_vec)
        .collect();
    (path.display().to_string(), lines)
}

fn bench(c: &mut Criterion) {
    let (name, lines) = corpus();
    let engine = Engine::new(EngineOptions::default());
    let docs: Vec<Document> = lines
        .iter()
        .enumerate()
        .filter_map(|(i, l)| engine.read(InputFormat::Jsonl, &i.to_string(), l).ok())
        .collect();
    let text_bytes: u64 = docs.iter().map(|d| d.text().len() as u64).sum();
    eprintln!(
        "corpus: {name}: {} articles, {} bytes of text",
        docs.len(),
        text_bytes
    );

    let mut group = c.benchmark_group("pipeline");
    group.sample_size(10);
    let whole = |lines: &[Vec<u8>]| {
        let mut sentences = 0;
        for (i, l) in lines.iter().enumerate() {
            let rec = engine.record_json(InputFormat::Jsonl, &i.to_string(), l, false);
            sentences += rec.matches("\"block\":").count();
        }
        assert!(sentences > 0, "the pipeline produced no sentence");
        sentences
    };
    group.throughput(Throughput::Bytes(text_bytes));
    group.bench_function("whole/bytes", |b| b.iter(|| black_box(whole(&lines))));
    group.throughput(Throughput::Elements(docs.len() as u64));
    group.bench_function("whole/articles", |b| b.iter(|| black_box(whole(&lines))));
    group.finish();

    // Each stage on documents already carrying the layers of the stages
    // before it; cloning happens outside the timed part.
    let mut group = c.benchmark_group("stage");
    group.sample_size(10);
    group.throughput(Throughput::Bytes(text_bytes));
    let mut prepared = docs;
    for stage in engine.pipeline().stages() {
        group.bench_function(stage.name(), |b| {
            b.iter_batched(
                || prepared.clone(),
                |mut docs| {
                    for d in &mut docs {
                        stage.run(d).ok();
                    }
                    docs
                },
                BatchSize::LargeInput,
            )
        });
        for d in &mut prepared {
            stage.run(d).ok();
        }
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
