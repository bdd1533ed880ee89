//! Times the whole pipeline on 15 MiB pathological documents and writes
//! them out, so the release binary's peak memory can be measured too.
//!
//! ```text
//! cargo run --release -p attache --example big_documents [DIR]
//! for f in DIR/*.txt; do /usr/bin/time -v target/release/attache extract $f > /dev/null; done
//! ```
//!
//! The documents (DIR defaults to `target/big-documents`): the bench
//! corpus texts concatenated (when `../shared` is present), 15 MiB of
//! "Monday" lines, one 15 MiB sentence without punctuation, 15 MiB of
//! quotation marks, and "Putin met Xi in Moscow. " repeated.

#[path = "../tests/support/pathological.rs"]
mod pathological;

use attache::ingest::InputFormat;
use attache::{Engine, EngineOptions};
use std::path::PathBuf;
use std::time::Instant;

const SIZE: usize = 15 << 20;

fn repeat_to_size(unit: &str) -> String {
    unit.repeat(SIZE / unit.len())
}

/// One 15 MiB sentence without a full stop.
fn no_punctuation() -> String {
    pathological::run_on_sentence(SIZE, 1)
}

/// The bench corpus texts, joined by blank lines and repeated to 15 MiB.
fn corpus() -> Option<String> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/data/bench-corpus/corpus.jsonl");
    let src = std::fs::read_to_string(path).ok()?;
    let texts: Vec<String> = src
        .lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .filter_map(|v| v.get("text")?.as_str().map(str::to_string))
        .collect();
    let joined = texts.join("\n\n");
    let mut text = String::with_capacity(SIZE + joined.len());
    while text.len() < SIZE {
        text.push_str(&joined);
        text.push_str("\n\n");
    }
    let mut cut = SIZE;
    while !text.is_char_boundary(cut) {
        cut -= 1;
    }
    text.truncate(cut);
    Some(text)
}

fn main() -> std::io::Result<()> {
    let dir = std::env::args()
        .nth(1)
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("target/big-documents"));
    std::fs::create_dir_all(&dir)?;
    let mut docs = vec![
        ("monday", repeat_to_size("Monday\n")),
        ("nopunct", no_punctuation()),
        ("quotes", repeat_to_size("\"")),
        ("putin", repeat_to_size("Putin met Xi in Moscow. ")),
    ];
    match corpus() {
        Some(c) => docs.insert(0, ("corpus", c)),
        None => eprintln!("../shared is absent: the corpus document is skipped"),
    }
    let engine = Engine::new(EngineOptions::default());
    println!(
        "{:<8} {:>8} {:>10} {:>12}",
        "document", "MiB", "seconds", "output MB"
    );
    for (name, text) in &docs {
        std::fs::write(dir.join(format!("{name}.txt")), text)?;
        let t = Instant::now();
        let record = engine.record_json(InputFormat::Text, name, text.as_bytes(), false);
        let secs = t.elapsed().as_secs_f64();
        println!(
            "{name:<8} {:>8.1} {secs:>10.2} {:>12.1}",
            text.len() as f64 / f64::from(1 << 20),
            record.len() as f64 / 1e6
        );
    }
    println!("inputs written to {}", dir.display());
    Ok(())
}
