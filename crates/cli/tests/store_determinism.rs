//! The merge is deterministic (issue 10): the same stored documents give
//! the same `events`, `actors` and `itinerary` answers, byte for byte, in
//! any ingest order and on SQLite as on PostgreSQL. The input is a slice of
//! the bench corpus (`../shared`, skipped when absent) plus the invented
//! trip articles.

mod store_common;

use std::path::PathBuf;
use store_common::{databases, ok, TRIP};

/// Articles of the bench corpus to ingest: enough for many merges and
/// ties, few enough for seconds in a debug build.
const SLICE: usize = 150;

fn bench_corpus() -> Option<PathBuf> {
    let shared = std::env::var_os("ATTACHE_SHARED").map_or_else(
        || PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared"),
        PathBuf::from,
    );
    let p = shared.join("data/bench-corpus/corpus.jsonl");
    p.exists().then_some(p)
}

/// Every answer a reader gets from the store: merged events, actors, and
/// the itinerary of every traveller.
fn answers(db: &str, travellers: &[String]) -> String {
    let mut out = ok(&["events", "--format", "jsonl", "--db", db]);
    out.push_str(&ok(&["actors", "--format", "jsonl", "--db", db]));
    let mut store = attache_store::Store::open_read_only(db).unwrap();
    for name in travellers {
        let it = store.itinerary(name, None, None).unwrap();
        out.push_str(&serde_json::to_string(&it).unwrap());
        out.push('\n');
    }
    out
}

/// The travellers of the stored records, sorted.
fn travellers(db: &str) -> Vec<String> {
    let records = ok(&["export", "--format", "jsonl", "--records", "--db", db]);
    let mut names: Vec<String> = records
        .lines()
        .flat_map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).unwrap();
            let its = v["itineraries"].as_array().cloned().unwrap_or_default();
            its.into_iter()
                .filter_map(|it| it["person"]["name"].as_str().map(str::to_string))
        })
        .collect();
    names.sort();
    names.dedup();
    names
}

#[test]
fn merged_answers_are_the_same_in_any_ingest_order_on_both_backends() {
    let Some(corpus) = bench_corpus() else {
        eprintln!("skipped: ../shared/data/bench-corpus is absent");
        return;
    };
    let text = std::fs::read_to_string(corpus).unwrap();
    let mut lines: Vec<&str> = text.lines().take(SLICE).collect();
    lines.extend(TRIP.lines());
    let dir = tempfile::tempdir().unwrap();
    // Three orders: as given, reversed, and the halves interleaved.
    let reversed: Vec<&str> = lines.iter().rev().copied().collect();
    let (a, b) = lines.split_at(lines.len() / 2);
    let interleaved: Vec<&str> = b
        .iter()
        .zip(a.iter())
        .flat_map(|(x, y)| [*x, *y])
        .chain(b.iter().skip(a.len()).copied())
        .collect();
    let mut reference: Option<(String, String)> = None;
    for (n, order) in [lines.clone(), reversed, interleaved].iter().enumerate() {
        assert_eq!(order.len(), lines.len());
        let input = dir.path().join(format!("order{n}.jsonl"));
        std::fs::write(&input, order.join("\n") + "\n").unwrap();
        for db in databases(dir.path(), &format!("order{n}")) {
            ok(&["ingest", input.to_str().unwrap(), "--db", &db, "-j", "2"]);
            let got = answers(&db, &travellers(&db));
            match &reference {
                None => {
                    assert!(got.lines().count() > SLICE, "too little to compare");
                    reference = Some((db.clone(), got));
                }
                Some((first, want)) => {
                    if let Some((i, (w, g))) = want
                        .lines()
                        .zip(got.lines())
                        .enumerate()
                        .find(|(_, (w, g))| w != g)
                    {
                        panic!("{db} differs from {first} at line {i}:\n{w}\n{g}");
                    }
                    assert_eq!(&got, want, "{db} differs from {first}");
                }
            }
        }
    }
}
