//! Issue 10 on both backends: a corrected or changed document replaces the
//! stored one, foreign databases are refused untouched, reading is
//! read-only, concurrent first opens agree on one schema, and merged
//! answers never depend on ingest order or backend.

mod common;

use attache_store::{document_key, EventFilter, Store, StoreError, StoredDoc};
use common::{databases, fresh_pg};
use serde_json::json;

fn stored(id: &str, record: &serde_json::Value) -> StoredDoc {
    let text = record.to_string();
    let (key, hash) = document_key(Some(id), text.as_bytes());
    StoredDoc::new(key, hash, text).unwrap()
}

/// A record of article `id`: `person` (code `code`) visits `place` on
/// `date`, published `published`.
fn visit(
    id: &str,
    published: &str,
    person: &str,
    code: Option<&str>,
    place: &str,
    date: &str,
) -> serde_json::Value {
    json!({
        "id": id, "published": published, "outlet": format!("outlet {}", id.len() % 3),
        "entities": [
            {"id": "e1", "name": person, "type": "PERSON", "country": code.map(|c| &c[..3]),
             "code": code, "mentions": [{"start": 0, "end": 5}]},
            {"id": "e2", "name": place, "type": "GPE", "mentions": [{"start": 9, "end": 14}]}
        ],
        "quotes": [{"start": 20, "end": 30, "text": format!("{id} says"), "kind": "direct",
                    "speaker": {"entity": "e1", "name": person}}],
        "events": [{"id": "v1",
            "source": {"entity": "e1", "name": person, "code": code},
            "target": {"name": place},
            "cameo": if id.len() % 2 == 0 { "042" } else { "043" }, "quad_class": 1,
            "goldstein": 1.9, "status": if id.len() % 2 == 0 { "planned" } else { "occurred" },
            "date": date, "place": {"name": place},
            "evidence": {"start": 0, "end": 40, "block_role": "body"}, "confidence": 0.5}],
        "itineraries": [{"person": {"entity": "e1", "name": person},
            "stops": [{"date": date, "place": {"name": place}, "status": "planned",
                       "events": ["v1"]}]}]
    })
}

#[test]
fn a_corrected_or_changed_document_replaces_the_stored_one() {
    for (spec, _guard) in databases("replace") {
        let mut store = Store::open(&spec).unwrap();
        let broken = stored("x", &json!({"id": "x", "error": "malformed JSON"}));
        assert_eq!(
            store.insert(std::slice::from_ref(&broken)).unwrap().added,
            1
        );
        // An error record is never stored content: the same input is
        // tried again, and gives the same error record.
        let pending = store
            .stored_unchanged([(broken.key.as_str(), broken.hash.as_str())])
            .unwrap();
        assert!(pending.is_empty(), "{spec}");
        assert_eq!(
            store
                .insert(std::slice::from_ref(&broken))
                .unwrap()
                .unchanged,
            1
        );
        // The corrected document replaces it.
        let fixed = stored(
            "x",
            &visit(
                "x",
                "2024-02-14",
                "Sergey Lavrov",
                Some("RUSGOV"),
                "Havana",
                "2024-02-19",
            ),
        );
        assert_eq!(
            store.insert(std::slice::from_ref(&fixed)).unwrap().replaced,
            1,
            "{spec}"
        );
        let c = store.counts().unwrap();
        assert_eq!(
            (c.documents, c.errors, c.events, c.quotes, c.stops),
            (1, 0, 1, 1, 1),
            "{spec}"
        );
        // The same again: skipped, before any work and at insert.
        let same = store
            .stored_unchanged([(fixed.key.as_str(), fixed.hash.as_str())])
            .unwrap();
        assert!(same.contains("id:x"));
        assert_eq!(
            store
                .insert(std::slice::from_ref(&fixed))
                .unwrap()
                .unchanged,
            1
        );
        // A changed version replaces it with its events, quotes and stops.
        let changed = stored(
            "x",
            &visit(
                "x",
                "2024-02-14",
                "Sergey Lavrov",
                Some("RUSGOV"),
                "Minsk",
                "2024-03-01",
            ),
        );
        assert_eq!(
            store
                .insert(std::slice::from_ref(&changed))
                .unwrap()
                .replaced,
            1
        );
        let events = store.events(&EventFilter::default()).unwrap();
        assert_eq!(events.len(), 1, "{spec}: {events:#?}");
        assert_eq!(events[0].event.date.as_deref(), Some("2024-03-01"));
        let c = store.counts().unwrap();
        assert_eq!(
            (c.documents, c.errors, c.events, c.quotes, c.stops),
            (1, 0, 1, 1, 1)
        );
        let it = store.itinerary("Lavrov", None, None).unwrap().unwrap();
        assert_eq!(it.stops.len(), 1);
        assert_eq!(it.stops[0].place.name, "Minsk");
        // A broken resend never replaces readable content.
        let broken_again = stored("x", &json!({"id": "x", "error": "truncated"}));
        let done = store.insert(std::slice::from_ref(&broken_again)).unwrap();
        assert_eq!(done.kept_readable, ["x"]);
        assert_eq!(store.counts().unwrap().events, 1);
        // Replacements survive reopening (they were committed).
        drop(store);
        let mut store = Store::open_read_only(&spec).unwrap();
        assert_eq!(
            store.events(&EventFilter::default()).unwrap()[0]
                .event
                .date
                .as_deref(),
            Some("2024-03-01")
        );
    }
}

#[test]
fn foreign_databases_are_refused_before_anything_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("notes.db");
    let conn = rusqlite::Connection::open(&path).unwrap();
    conn.execute_batch("CREATE TABLE notes (body TEXT); INSERT INTO notes VALUES ('mine');")
        .unwrap();
    drop(conn);
    let before = std::fs::read(&path).unwrap();
    let spec = path.display().to_string();
    for open in [Store::open, Store::open_read_only] {
        let err = open(&spec).err().expect("refused");
        assert!(matches!(err, StoreError::NotAStore { .. }), "{err}");
        assert!(err.to_string().contains("notes"), "{err}");
    }
    assert_eq!(std::fs::read(&path).unwrap(), before);
    // Reading never creates a store.
    let missing = dir.path().join("typo.db");
    let err = Store::open_read_only(&missing.display().to_string())
        .err()
        .unwrap();
    assert!(matches!(err, StoreError::NotFound { .. }), "{err}");
    assert!(!missing.exists());
    assert!(matches!(Store::open("").err(), Some(StoreError::EmptySpec)));
    assert!(matches!(
        Store::open_read_only(" ").err(),
        Some(StoreError::EmptySpec)
    ));
    // PostgreSQL: a database may be shared, but tables named like the
    // store's and no marker are someone else's.
    let Some(url) = fresh_pg("foreign") else {
        eprintln!("ATTACHE_TEST_PG unset: PostgreSQL half skipped");
        return;
    };
    let mut pg = postgres::Client::connect(&url, postgres::NoTls).unwrap();
    pg.batch_execute("CREATE TABLE events (what TEXT)").unwrap();
    assert!(matches!(
        Store::open(&url).err(),
        Some(StoreError::NotAStore { .. })
    ));
    assert!(matches!(
        Store::open_read_only(&url).err(),
        Some(StoreError::NotAStore { .. })
    ));
    let marker = pg
        .query(
            "SELECT 1 FROM information_schema.tables WHERE table_name = 'schema_version'",
            &[],
        )
        .unwrap();
    assert!(marker.is_empty(), "the schema was written");
    pg.batch_execute("DROP TABLE events; CREATE TABLE unrelated (x TEXT)")
        .unwrap();
    assert!(matches!(
        Store::open_read_only(&url).err(),
        Some(StoreError::NotAStore { .. })
    ));
    Store::open(&url).expect("a database with unrelated tables takes a store");
}

#[test]
fn read_only_stores_refuse_writes() {
    for (spec, _guard) in databases("readonly") {
        let doc = stored(
            "a",
            &visit(
                "a",
                "2024-02-14",
                "Sergey Lavrov",
                None,
                "Havana",
                "2024-02-19",
            ),
        );
        Store::open(&spec)
            .unwrap()
            .insert(std::slice::from_ref(&doc))
            .unwrap();
        let mut ro = Store::open_read_only(&spec).unwrap();
        assert_eq!(ro.counts().unwrap().documents, 1);
        let other = stored(
            "b",
            &visit(
                "b",
                "2024-02-14",
                "Sergey Lavrov",
                None,
                "Havana",
                "2024-02-19",
            ),
        );
        assert!(
            ro.insert(&[other]).is_err(),
            "{spec}: a read-only store took a write"
        );
    }
}

#[test]
fn the_read_only_uri_is_immutable_only_in_a_read_only_directory() {
    use attache_store::backend::{read_only_uri, sqlite_read_uri};
    use std::os::unix::fs::PermissionsExt;
    let p = std::path::Path::new("/data/my store?#%.db");
    assert_eq!(
        sqlite_read_uri(p, false),
        "file:/data/my%20store%3F%23%25.db?mode=ro"
    );
    assert_eq!(
        sqlite_read_uri(p, true),
        "file:/data/my%20store%3F%23%25.db?mode=ro&immutable=1"
    );
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("s.db");
    let spec = db.display().to_string();
    let doc = stored(
        "a",
        &visit(
            "a",
            "2024-02-14",
            "Sergey Lavrov",
            None,
            "Havana",
            "2024-02-19",
        ),
    );
    Store::open(&spec).unwrap().insert(&[doc]).unwrap();
    assert!(
        read_only_uri(&db).ends_with("?mode=ro"),
        "{}",
        read_only_uri(&db)
    );
    let set_mode = |m| std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(m));
    set_mode(0o555).unwrap();
    let uri = read_only_uri(&db);
    let mut store = Store::open_read_only(&spec);
    let listing: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
    set_mode(0o755).unwrap();
    assert!(uri.ends_with("?mode=ro&immutable=1"), "{uri}");
    assert_eq!(store.as_mut().unwrap().counts().unwrap().documents, 1);
    assert_eq!(listing.len(), 1, "files beside the store: {listing:?}");
    // Changes still in a -wal file: immutable reading would miss them.
    std::fs::write(dir.path().join("s.db-wal"), b"pending").unwrap();
    set_mode(0o555).unwrap();
    let uri = read_only_uri(&db);
    set_mode(0o755).unwrap();
    assert!(uri.ends_with("?mode=ro"), "{uri}");
}

/// Several processes' first ingests into one fresh database: each opens
/// the store at once; all must succeed (PostgreSQL created the schema
/// twice before the advisory lock: duplicate key in pg_type).
#[test]
fn concurrent_first_opens_of_a_fresh_database_all_succeed() {
    for round in 0..4 {
        for (spec, _guard) in databases(&format!("race{round}")) {
            let barrier = std::sync::Arc::new(std::sync::Barrier::new(6));
            let handles: Vec<_> = (0..6)
                .map(|_| {
                    let (spec, barrier) = (spec.clone(), barrier.clone());
                    std::thread::spawn(move || {
                        barrier.wait();
                        Store::open(&spec).map(|_| ()).map_err(|e| e.to_string())
                    })
                })
                .collect();
            for h in handles {
                h.join().unwrap().unwrap_or_else(|e| panic!("{spec}: {e}"));
            }
        }
    }
}

/// Everything a reader sees, as JSON.
fn answers(spec: &str) -> String {
    let mut s = Store::open_read_only(spec).unwrap();
    let events = serde_json::to_string(&s.events(&EventFilter::default()).unwrap()).unwrap();
    let actors = serde_json::to_string(&s.actors().unwrap()).unwrap();
    let quotes = serde_json::to_string(&s.quotes(None).unwrap()).unwrap();
    let mut out = format!("{events}\n{actors}\n{quotes}\n");
    for who in ["Lavrov", "Smith", "Jones"] {
        let it = s.itinerary(who, None, None).unwrap();
        out.push_str(&serde_json::to_string(&it).unwrap());
        out.push('\n');
    }
    out
}

#[test]
fn merged_answers_do_not_depend_on_ingest_order_or_backend() {
    // Ties everywhere: the same person coded and uncoded in as many
    // articles, one day, one place, equal dates of equal support.
    let mut docs = Vec::new();
    for (i, (person, code, place, date)) in [
        ("Sergey Lavrov", Some("RUSGOV"), "Havana", "2024-02-19"),
        ("Sergei Lavrov", None, "Havana", "2024-02-19"),
        ("Lavrov", Some("RUS"), "Havana", "2024-02-21"),
        ("Anna Smith", Some("AUSLEG"), "Canberra", "2024-02-20"),
        ("Anna Smith", Some("USAGOV"), "Canberra", "2024-02-20"),
        ("Anna Smith", None, "Sydney", "2024-02-20"),
        ("Bob Jones", None, "Paris", "2024-02"),
        ("Bob Jones", None, "Paris", "2024-02-03"),
        ("Bob Jones", None, "Lyon", "2024-02-03"),
    ]
    .into_iter()
    .enumerate()
    {
        let id = format!("{}{i}", "a".repeat(1 + i % 2));
        let published = if i % 3 == 0 {
            "2024-02-15"
        } else {
            "2024-02-14"
        };
        docs.push(stored(
            &id,
            &visit(&id, published, person, code, place, date),
        ));
    }
    let mut seen: Option<String> = None;
    for order in 0..3 {
        for (spec, _guard) in databases(&format!("order{order}")) {
            let mut store = Store::open(&spec).unwrap();
            let mut docs: Vec<&StoredDoc> = docs.iter().collect();
            match order {
                0 => {}
                1 => docs.reverse(),
                _ => docs.sort_by_key(|d| (d.hash.clone(), d.key.clone())),
            }
            // One document per batch: ingest order is the sequence order.
            for d in docs {
                let one = StoredDoc::new(d.key.clone(), d.hash.clone(), d.record.clone()).unwrap();
                store.insert(&[one]).unwrap();
            }
            drop(store);
            let got = answers(&spec);
            match &seen {
                None => seen = Some(got),
                Some(want) => assert_eq!(&got, want, "{spec}, order {order}"),
            }
        }
    }
}

/// Two writers replacing one document again and again: whoever wins, the
/// stored record and its facts agree, and nothing is doubled.
#[test]
fn concurrent_replacements_leave_a_document_and_its_facts_in_agreement() {
    for (spec, _guard) in databases("concurrent_replace") {
        drop(Store::open(&spec).unwrap());
        let writers: Vec<_> = (0..2)
            .map(|t| {
                let spec = spec.clone();
                std::thread::spawn(move || {
                    let mut store = Store::open(&spec).unwrap();
                    for round in 0..12 {
                        let date = format!("2024-03-{:02}", 1 + t * 14 + round);
                        let doc = stored(
                            "x",
                            &visit("x", "2024-02-14", "Sergey Lavrov", None, "Havana", &date),
                        );
                        store.insert(&[doc]).unwrap();
                    }
                })
            })
            .collect();
        for w in writers {
            w.join().unwrap();
        }
        let mut store = Store::open_read_only(&spec).unwrap();
        let c = store.counts().unwrap();
        assert_eq!(
            (c.documents, c.events, c.quotes, c.stops),
            (1, 1, 1, 1),
            "{spec}"
        );
        let mut record_date = None;
        store
            .each_record(|r| {
                let v: serde_json::Value = serde_json::from_str(r).unwrap();
                record_date = v["events"][0]["date"].as_str().map(str::to_string);
                Ok(())
            })
            .unwrap();
        let events = store.events(&EventFilter::default()).unwrap();
        assert_eq!(events[0].event.date, record_date, "{spec}");
    }
}

/// Two ingests of the same documents in opposite orders at once (one batch
/// each): no deadlock, every document stored once, in input order.
#[test]
fn concurrent_batches_in_opposite_orders_neither_deadlock_nor_double() {
    let docs: Vec<StoredDoc> = (0..300)
        .map(|i| {
            let id = format!("d{i:03}");
            let date = format!("2024-03-{:02}", 1 + i % 28);
            stored(
                &id,
                &visit(&id, "2024-02-14", "Sergey Lavrov", None, "Havana", &date),
            )
        })
        .collect();
    let copy = |d: &StoredDoc| StoredDoc::new(d.key.clone(), d.hash.clone(), d.record.clone());
    for round in 0..3 {
        for (spec, _guard) in databases(&format!("opposite{round}")) {
            drop(Store::open(&spec).unwrap());
            let writers: Vec<_> = [false, true]
                .into_iter()
                .map(|reverse| {
                    let spec = spec.clone();
                    let mut batch: Vec<StoredDoc> = docs.iter().map(|d| copy(d).unwrap()).collect();
                    if reverse {
                        batch.reverse();
                    }
                    std::thread::spawn(move || Store::open(&spec)?.insert(&batch))
                })
                .collect();
            let mut added = 0;
            for w in writers {
                let done = w.join().unwrap().unwrap_or_else(|e| panic!("{spec}: {e}"));
                added += done.added;
            }
            assert_eq!(added, 300, "{spec}");
            let mut store = Store::open_read_only(&spec).unwrap();
            assert_eq!(store.counts().unwrap().documents, 300);
            let ids: Vec<String> = store
                .document_keys()
                .unwrap()
                .into_iter()
                .map(|k| k.1)
                .collect();
            let mut sorted = ids.clone();
            sorted.sort();
            sorted.dedup();
            assert_eq!(sorted.len(), 300);
        }
    }
}

/// A batch keeps its input order in the store (export --records) though
/// rows are written in key order.
#[test]
fn a_batch_keeps_its_input_order() {
    for (spec, _guard) in databases("batch_order") {
        let at = |id: &str, place: &str| {
            stored(
                id,
                &visit(id, "2024-02-14", "Sergey Lavrov", None, place, "2024-02-19"),
            )
        };
        // "alpha" twice: its later version wins, at its later place.
        let docs = [
            at("zeta", "Havana"),
            at("alpha", "Havana"),
            at("mid", "Havana"),
            at("alpha", "Minsk"),
        ];
        let mut store = Store::open(&spec).unwrap();
        let done = store.insert(&docs).unwrap();
        assert_eq!((done.added, done.replaced), (3, 1), "{spec}");
        let ids: Vec<String> = store
            .document_keys()
            .unwrap()
            .into_iter()
            .map(|k| k.1)
            .collect();
        assert_eq!(ids, ["zeta", "mid", "alpha"], "{spec}");
        assert_eq!(
            store.quotes(None).unwrap().len(),
            3,
            "one quote per document"
        );
        let alpha = store.itinerary("Lavrov", None, None).unwrap().unwrap();
        let minsk = alpha
            .stops
            .iter()
            .find(|s| s.place.name == "Minsk")
            .unwrap();
        assert_eq!(minsk.articles, ["alpha"]);
        assert!(!alpha
            .stops
            .iter()
            .any(|s| s.place.name == "Havana" && s.articles.contains(&"alpha".to_string())));
    }
}
