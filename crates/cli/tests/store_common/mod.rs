//! What the store tests of the CLI share: running the binary, the databases
//! to run on (SQLite, and PostgreSQL when `ATTACHE_TEST_PG` names a server),
//! invented articles, and stores filled directly through the library.

#![allow(dead_code)]

use serde_json::json;
use std::path::Path;
use std::process::{Command, Output, Stdio};

/// Runs attache in `dir` (when given) with no `ATTACHE_DB`; never a panic.
pub fn attache_in(dir: Option<&Path>, args: &[&str]) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_attache"));
    cmd.args(args).env_remove("ATTACHE_DB").stdin(Stdio::null());
    if let Some(d) = dir {
        cmd.current_dir(d);
    }
    let out = cmd.output().expect("attache runs");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!err.contains("panicked"), "attache panicked: {err}");
    out
}

/// Runs attache.
pub fn attache(args: &[&str]) -> Output {
    attache_in(None, args)
}

/// Runs attache, which must succeed; its standard output.
pub fn ok(args: &[&str]) -> String {
    let out = attache(args);
    assert!(
        out.status.success(),
        "attache {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// The exit code and standard error of a run.
pub fn code(out: &Output) -> (Option<i32>, String) {
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// The PostgreSQL URL of a fresh database named after `name`, when
/// `ATTACHE_TEST_PG` names a server.
pub fn fresh_pg(name: &str) -> Option<String> {
    let url = std::env::var("ATTACHE_TEST_PG")
        .ok()
        .filter(|v| !v.is_empty())?;
    let name = format!("{}_{}", name, std::process::id());
    let mut admin = postgres::Client::connect(&url, postgres::NoTls)
        .expect("ATTACHE_TEST_PG must name a running server");
    admin
        .batch_execute(&format!("DROP DATABASE IF EXISTS {name}"))
        .unwrap();
    admin
        .batch_execute(&format!("CREATE DATABASE {name}"))
        .unwrap();
    let base = url.rsplit_once('/').map_or(url.as_str(), |(b, _)| b);
    Some(format!("{base}/{name}"))
}

/// Databases to run on: a fresh SQLite file, and a fresh PostgreSQL
/// database when the server is there.
pub fn databases(dir: &Path, test: &str) -> Vec<String> {
    let mut out = vec![dir.join(format!("{test}.db")).display().to_string()];
    match fresh_pg(&format!("cli_{test}")) {
        Some(url) => out.push(url),
        None => eprintln!("ATTACHE_TEST_PG unset: PostgreSQL half of {test} skipped"),
    }
    out
}

/// Four articles about one trip, each worded differently; the last gives
/// another date.
pub const TRIP: &str = r#"{"id": "trip-a", "published": "2024-02-14", "outlet": "Agency A", "text": "Russian Foreign Minister Sergey Lavrov will visit Havana on February 19, the Russian Foreign Ministry said on Wednesday.\n\nLavrov is expected to meet Cuban President Miguel Diaz-Canel during the visit."}
{"id": "trip-b", "published": "2024-02-15", "outlet": "Agency B", "text": "Sergei Lavrov is due to travel to Havana on February 19 for talks with Cuban officials, diplomats said on Thursday."}
{"id": "trip-c", "published": "2024-02-16", "outlet": "Agency C", "text": "Sergey Lavrov, Russia's foreign minister, will fly to Havana on February 19, the ministry announced. He will hold talks with Cuba's leadership."}
{"id": "trip-d", "published": "2024-02-16", "outlet": "Agency D", "text": "Russian Foreign Minister Sergey Lavrov will visit Havana on February 21, a Cuban government spokesman said on Friday."}
"#;

/// A stored record as the engine writes it: article `id` says that `person`
/// visited `place` on `date`, with one quote of `quote`.
pub fn record(id: &str, person: &str, place: &str, date: &str, quote: &str) -> String {
    json!({
        "id": id, "published": "2024-02-14", "outlet": format!("outlet {id}"), "text": "...",
        "entities": [
            {"id": "e1", "name": person, "type": "PERSON", "country": "RUS", "code": "RUSGOV",
             "mentions": [{"start": 0, "end": 5}]},
            {"id": "e2", "name": place, "type": "GPE", "country": "CUB", "code": "CUB",
             "mentions": [{"start": 20, "end": 24}]}
        ],
        "quotes": [{"start": 30, "end": 60, "text": quote, "kind": "direct",
                    "speaker": {"entity": "e1", "name": person}, "cue": "said"}],
        "events": [{"id": "v1",
            "source": {"entity": "e1", "name": person, "country": "RUS", "code": "RUSGOV"},
            "target": {"entity": "e2", "name": place, "country": "CUB", "code": "CUB"},
            "cameo": "042", "quad_class": 1, "goldstein": -1.5, "status": "occurred",
            "date": date, "place": {"name": place, "country": "CUB", "lat": 23.1, "lon": -82.4},
            "evidence": {"start": 0, "end": 80, "block_role": "body", "trigger": "visit"},
            "confidence": 0.8}],
        "itineraries": [{"person": {"entity": "e1", "name": person},
            "stops": [{"date": date, "place": {"name": place, "country": "CUB"},
                       "status": "occurred", "events": ["v1"]}]}],
        "conflicts": []
    })
    .to_string()
}

/// Stores records straight through the library (no pipeline: fast).
pub fn store_records(spec: &str, records: &[String]) {
    let mut store = attache_store::Store::open(spec).unwrap();
    let docs: Vec<attache_store::StoredDoc> = records
        .iter()
        .map(|r| {
            let id = serde_json::from_str::<serde_json::Value>(r).unwrap()["id"]
                .as_str()
                .unwrap()
                .to_string();
            let (key, hash) = attache_store::document_key(Some(&id), r.as_bytes());
            attache_store::StoredDoc::new(key, hash, r.clone()).unwrap()
        })
        .collect();
    store.insert(&docs).unwrap();
}

/// A store of `n` articles, each about another person visiting another
/// place on another day: `n` events, actors, quotes and stops of one
/// traveller ("Traveller Smith" goes everywhere).
pub fn big_store(spec: &str, n: usize) {
    let records: Vec<String> = (0..n)
        .map(|i| {
            record(
                &format!("art{i:05}"),
                if i % 2 == 0 {
                    "Traveller Smith"
                } else {
                    "Other Person"
                },
                &format!("Place{i}"),
                &format!(
                    "20{:02}-{:02}-{:02}",
                    10 + i / 336,
                    1 + i / 28 % 12,
                    1 + i % 28
                ),
                &format!("Quote number {i} is long enough to fill lines of output quickly."),
            )
        })
        .collect();
    store_records(spec, &records);
}

/// Runs SQL on a SQLite file directly (to corrupt or forge a database).
pub fn sql(path: &str, statements: &str) {
    let mut db = attache_store::backend::Backend::sqlite(Path::new(path)).unwrap();
    db.batch(statements).unwrap();
}
