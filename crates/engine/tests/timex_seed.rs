//! The seed article's gold timexes (`<workspace>/../shared/gold`), when
//! that directory exists: each gold expression must be found on its line
//! with the gold value, as the project's scorer checks it.

use attache_doc::{Document, DocumentMeta, PublishedSource};
use attache_engine::stages::{blocks, sentences, timex, tokens};
use attache_engine::Stage;
use std::path::PathBuf;

fn fold(s: &str) -> String {
    s.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

#[test]
fn seed_timexes() {
    let gold_dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/gold");
    let input = gold_dir.join("seed.input.jsonl");
    let gold = gold_dir.join("seed.gold.json");
    if !input.exists() || !gold.exists() {
        eprintln!("skipping: no gold at {}", gold_dir.display());
        return;
    }
    let line = std::fs::read_to_string(&input).expect("input");
    let rec: serde_json::Value =
        serde_json::from_str(line.lines().next().expect("one line")).expect("json");
    let gold: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&gold).expect("gold")).expect("json");
    let text = rec["text"].as_str().expect("text").to_string();
    let published = rec["published"].as_str().map(str::to_string);
    let meta = DocumentMeta {
        published_source: if published.is_some() {
            PublishedSource::Input
        } else {
            PublishedSource::Unknown
        },
        published,
        ..DocumentMeta::default()
    };
    let mut doc = Document::new("seed", text.clone(), meta);
    let stages: [Box<dyn Stage>; 4] = [
        Box::new(blocks::BlockStage::new()),
        Box::new(sentences::SentenceStage::new()),
        Box::new(tokens::TokenStage::new()),
        Box::new(timex::TimexStage::new()),
    ];
    for s in &stages {
        s.run(&mut doc).expect("stage runs");
    }
    // Line starts (1-based lines, as the scorer counts them).
    let mut starts = vec![0usize];
    for (i, b) in text.bytes().enumerate() {
        if b == b'\n' {
            starts.push(i + 1);
        }
    }
    let line_of = |off: usize| starts.partition_point(|&s| s <= off);
    let mut wrong = Vec::new();
    let items = gold["timexes"].as_array().expect("timexes");
    for g in items {
        let gl = g["line"].as_u64().expect("line") as usize;
        let gt = fold(g["text"].as_str().expect("text"));
        let gv = g["value"].as_str().expect("value");
        let cands: Vec<&attache_doc::Timex> = doc
            .layers
            .timexes
            .iter()
            .filter(|t| {
                let s = fold(doc.slice(t.span));
                line_of(t.span.start as usize) == gl
                    && !s.is_empty()
                    && (s.contains(&gt) || gt.contains(&s))
            })
            .collect();
        if !cands.iter().any(|t| t.value == gv) {
            wrong.push(format!(
                "line {gl} {:?} want {gv}, got {:?}",
                g["text"],
                cands
                    .iter()
                    .map(|t| (doc.slice(t.span), t.value.as_str()))
                    .collect::<Vec<_>>()
            ));
        }
    }
    assert!(
        wrong.is_empty(),
        "{} of {} seed timexes wrong:\n{}",
        wrong.len(),
        items.len(),
        wrong.join("\n")
    );
}
