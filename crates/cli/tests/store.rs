//! `attache ingest` and the query and export commands end to end, through
//! the real pipeline, on a SQLite file and (when `ATTACHE_TEST_PG` names a
//! server, as in CI) on PostgreSQL.

mod store_common;

use serde_json::Value;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};
use store_common::{attache, databases, ok, TRIP};

#[test]
fn several_reports_of_one_trip_merge_with_one_conflict() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("trip.jsonl");
    std::fs::write(&input, TRIP).unwrap();
    let input = input.to_str().unwrap();
    for db in databases(dir.path(), "trip") {
        ok(&["ingest", input, "--db", &db]);
        // A second run stores nothing new.
        let again = attache(&["ingest", input, "--db", &db]);
        assert!(String::from_utf8_lossy(&again.stderr).contains("0 new, 4 already stored"));

        let it: Value = serde_json::from_str(&ok(&[
            "itinerary",
            "Lavrov",
            "--format",
            "json",
            "--db",
            &db,
        ]))
        .unwrap();
        assert_eq!(it["person"]["name"], "Sergey Lavrov", "{db}: {it:#}");
        let stops = it["stops"].as_array().unwrap();
        assert_eq!(stops.len(), 1, "{db}: {it:#}");
        assert_eq!(stops[0]["date"], "2024-02-19");
        assert_eq!(stops[0]["place"]["name"], "Havana");
        assert_eq!(stops[0]["status"], "planned");
        assert_eq!(
            stops[0]["articles"],
            serde_json::json!(["trip-a", "trip-b", "trip-c", "trip-d"])
        );
        let conflicts = it["conflicts"].as_array().unwrap();
        assert_eq!(conflicts.len(), 1, "{it:#}");
        assert_eq!(conflicts[0]["kind"], "date_mismatch");
        assert_eq!(
            conflicts[0]["values"],
            serde_json::json!(["2024-02-19", "2024-02-21"])
        );
        assert_eq!(
            conflicts[0]["articles"],
            serde_json::json!([["trip-a", "trip-b", "trip-c"], ["trip-d"]])
        );
        // The date range narrows the stops.
        let none: Value = serde_json::from_str(&ok(&[
            "itinerary",
            "Sergey Lavrov",
            "--from",
            "2024-03-01",
            "--format",
            "json",
            "--db",
            &db,
        ]))
        .unwrap();
        assert_eq!(none["stops"].as_array().unwrap().len(), 0);

        let events: Value = serde_json::from_str(&ok(&[
            "events", "--actor", "Lavrov", "--cameo", "042", "--format", "json", "--db", &db,
        ]))
        .unwrap();
        let events = events.as_array().unwrap();
        assert_eq!(events.len(), 2, "{db}: {events:#?}");
        let visit = &events[0];
        assert_eq!(visit["cameo"], "042");
        assert_eq!(visit["date"], "2024-02-19");
        assert_eq!(visit["place"]["name"], "Havana");
        assert_eq!(visit["num_mentions"], 3);
        assert_eq!(visit["num_articles"], 3);
        assert_eq!(visit["num_sources"], 3);
        assert_eq!(visit["first_seen"], "2024-02-14");
        assert_eq!(visit["last_seen"], "2024-02-16");
        let articles: Vec<&str> = visit["mentions"]
            .as_array()
            .unwrap()
            .iter()
            .map(|m| m["article"].as_str().unwrap())
            .collect();
        assert_eq!(articles, ["trip-a", "trip-b", "trip-c"]);
        assert!(visit["mentions"][0]["evidence"]["end"].as_u64().unwrap() > 0);
        assert_eq!(events[1]["date"], "2024-02-21");

        // Filters.
        let n = |args: &[&str]| -> usize {
            let mut a = vec!["events", "--format", "json", "--db", &db];
            a.extend_from_slice(args);
            serde_json::from_str::<Value>(&ok(&a))
                .unwrap()
                .as_array()
                .unwrap()
                .len()
        };
        assert_eq!(n(&["--actor", "RUSGOV", "--cameo", "042"]), 2);
        assert_eq!(n(&["--cameo", "042", "--from", "2024-02-20"]), 1);
        assert_eq!(
            n(&["--cameo", "042", "--place", "havana", "--status", "planned"]),
            2
        );
        assert_eq!(n(&["--actor", "Putin"]), 0);

        // People get a table; programs get CSV.
        let table = ok(&["itinerary", "Lavrov", "--db", &db]);
        assert!(
            table.contains("Havana") && table.contains("conflict"),
            "{table}"
        );
        let csv = ok(&["events", "--format", "csv", "--cameo", "042", "--db", &db]);
        assert!(csv.starts_with("id,date,source"), "{csv}");
        assert_eq!(csv.lines().count(), 3);
        let actors = ok(&["actors", "--format", "json", "--db", &db]);
        assert!(actors.contains("Lavrov"));
        let quotes = ok(&[
            "quotes",
            "--speaker",
            "Lavrov",
            "--format",
            "csv",
            "--db",
            &db,
        ]);
        assert!(quotes.starts_with("article,speaker"));
    }
}

#[test]
fn exports_jsonl_csv_and_gdelt() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("trip.jsonl");
    std::fs::write(&input, TRIP).unwrap();
    let db = dir.path().join("x.db").display().to_string();
    ok(&["ingest", input.to_str().unwrap(), "--db", &db]);
    let records = ok(&["export", "--format", "jsonl", "--records", "--db", &db]);
    let ids: Vec<String> = records
        .lines()
        .map(|l| {
            serde_json::from_str::<Value>(l).unwrap()["id"]
                .as_str()
                .unwrap()
                .to_string()
        })
        .collect();
    assert_eq!(ids, ["trip-a", "trip-b", "trip-c", "trip-d"]);
    let events = ok(&["export", "--format", "jsonl", "--db", &db]);
    assert!(events
        .lines()
        .all(|l| serde_json::from_str::<Value>(l).unwrap()["mentions"].is_array()));
    let csv = ok(&["export", "--format", "csv", "--db", &db]);
    assert_eq!(csv.lines().count(), events.lines().count() + 1);
    let out = dir.path().join("events.tsv");
    ok(&[
        "export",
        "--format",
        "gdelt",
        "--db",
        &db,
        "-o",
        out.to_str().unwrap(),
    ]);
    let tsv = std::fs::read_to_string(&out).unwrap();
    assert_eq!(tsv.lines().count(), events.lines().count());
    let visit = tsv
        .lines()
        .map(|l| l.split('\t').collect::<Vec<_>>())
        .find(|f| f[26] == "042" && f[1] == "20240219")
        .expect("the visit as a GDELT row");
    assert_eq!(visit.len(), 61);
    assert_eq!(visit[5], "RUSGOV"); // Actor1Code
    assert_eq!(visit[7], "RUS"); // Actor1CountryCode
    assert_eq!(visit[12], "GOV"); // Actor1Type1Code
    assert_eq!(visit[28], "04"); // EventRootCode
    assert_eq!(visit[31], "3"); // NumMentions
    assert_eq!(visit[52], "Havana"); // ActionGeo_FullName
    assert_eq!(visit[59].len(), 14); // DATEADDED
}

#[test]
fn documents_without_ids_are_stored_once_by_hash_and_env_names_the_db() {
    let dir = tempfile::tempdir().unwrap();
    let a = dir.path().join("a.txt");
    let b = dir.path().join("b.txt");
    std::fs::write(&a, "Sergey Lavrov will visit Havana on Monday.").unwrap();
    std::fs::write(&b, "Sergey Lavrov will visit Havana on Monday.").unwrap();
    let db = dir.path().join("env.db");
    let out = Command::new(env!("CARGO_BIN_EXE_attache"))
        .args([
            "ingest",
            a.to_str().unwrap(),
            b.to_str().unwrap(),
            "--published",
            "2024-02-15",
        ])
        .env("ATTACHE_DB", &db)
        .output()
        .unwrap();
    assert!(out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    // Progress bars only on a terminal: here, just the summary line.
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains("1 new, 1 already stored"), "{err}");
    assert!(db.exists());
}

/// A long input, killed with SIGKILL mid-run and run again, ends with the
/// same content as a clean run: nothing lost, nothing twice.
#[test]
fn ingest_killed_with_sigkill_resumes_without_loss_or_duplicates() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("big.jsonl");
    let mut text = String::new();
    for i in 0..6000 {
        text.push_str(&format!(
            "{{\"id\": \"doc{i}\", \"published\": \"2024-02-15\", \"text\": \"Russian Foreign Minister Sergey Lavrov will visit Havana on February {d}, the ministry said on Wednesday. \\\"We value our friends,\\\" Lavrov said in statement number {i}.\"}}\n",
            d = 1 + i % 28
        ));
    }
    std::fs::write(&input, text).unwrap();
    let input = input.to_str().unwrap();
    let pairs = databases(dir.path(), "killed")
        .into_iter()
        .zip(databases(dir.path(), "clean"));
    for (killed_db, clean_db) in pairs {
        kill_and_resume(input, &killed_db, &clean_db);
    }
}

fn kill_and_resume(input: &str, killed_db: &str, clean_db: &str) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_attache"))
        .args(["ingest", input, "--db", killed_db, "-j", "1"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    // Kill once some batches are committed.
    let start = Instant::now();
    let mut stored_at_kill = 0;
    while start.elapsed() < Duration::from_secs(120) {
        std::thread::sleep(Duration::from_millis(100));
        if let Ok(mut s) = attache_store::Store::open(killed_db) {
            if let Ok(c) = s.counts() {
                if c.documents >= 512 {
                    stored_at_kill = c.documents;
                    break;
                }
            }
        }
        if child.try_wait().unwrap().is_some() {
            break;
        }
    }
    child.kill().unwrap(); // SIGKILL on Unix
    child.wait().unwrap();
    eprintln!("{killed_db}: killed after {stored_at_kill} documents were stored");
    assert!(
        stored_at_kill > 0 && stored_at_kill < 6000,
        "the kill came mid-run"
    );

    ok(&["ingest", input, "--db", killed_db]);
    ok(&["ingest", input, "--db", clean_db]);
    let mut killed = attache_store::Store::open(killed_db).unwrap();
    let mut clean = attache_store::Store::open(clean_db).unwrap();
    let (k, c) = (killed.counts().unwrap(), clean.counts().unwrap());
    assert_eq!(k, c);
    assert_eq!(k.documents, 6000);
    assert!(k.events >= 6000, "{k:?}");
    let mut ids: Vec<String> = killed
        .document_keys()
        .unwrap()
        .into_iter()
        .map(|k| k.1)
        .collect();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), 6000);
    let mut clean_ids: Vec<String> = clean
        .document_keys()
        .unwrap()
        .into_iter()
        .map(|k| k.1)
        .collect();
    clean_ids.sort();
    assert_eq!(ids, clean_ids);
}

/// Parquet export (only with `--features parquet`): a valid Parquet file.
#[cfg(feature = "parquet")]
#[test]
fn exports_parquet() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("trip.jsonl");
    std::fs::write(&input, TRIP).unwrap();
    let db = dir.path().join("p.db").display().to_string();
    ok(&["ingest", input.to_str().unwrap(), "--db", &db]);
    let out = dir.path().join("events.parquet");
    ok(&[
        "export",
        "--format",
        "parquet",
        "--db",
        &db,
        "-o",
        out.to_str().unwrap(),
    ]);
    let bytes = std::fs::read(&out).unwrap();
    assert!(bytes.starts_with(b"PAR1") && bytes.ends_with(b"PAR1"));
    // Read it back as a Parquet reader would: one row per merged event,
    // the same CAMEO codes as the JSON query gives.
    use arrow_array::Array;
    use parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;
    let file = std::fs::File::open(&out).unwrap();
    let reader = ParquetRecordBatchReaderBuilder::try_new(file)
        .unwrap()
        .build()
        .unwrap();
    let batches: Vec<_> = reader.collect::<Result<_, _>>().unwrap();
    let mut codes: Vec<String> = Vec::new();
    for batch in &batches {
        let col = batch.column_by_name("cameo").expect("a cameo column");
        let col = col
            .as_any()
            .downcast_ref::<arrow_array::StringArray>()
            .expect("cameo is text");
        codes.extend((0..col.len()).map(|i| col.value(i).to_string()));
    }
    let json: serde_json::Value =
        serde_json::from_str(&ok(&["events", "--format", "json", "--db", &db])).unwrap();
    let mut want: Vec<String> = json
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["cameo"].as_str().unwrap().to_string())
        .collect();
    assert!(!want.is_empty(), "the trip produced no event");
    codes.sort();
    want.sort();
    assert_eq!(codes, want);
}
