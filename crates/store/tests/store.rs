//! The store against a real SQLite file and, when `ATTACHE_TEST_PG` names a
//! PostgreSQL server (CI starts one), against PostgreSQL: the same suite.

mod common;

use attache_store::{document_key, EventFilter, Store, StoredDoc};
use common::databases;
use serde_json::json;

fn record(id: &str, published: &str, outlet: &str, date: &str, name: &str) -> String {
    json!({
        "id": id, "published": published, "outlet": outlet, "text": "...",
        "entities": [
            {"id": "e1", "name": name, "type": "PERSON", "country": "RUS", "code": "RUSGOV",
             "mentions": [{"start": 0, "end": 5}, {"start": 9, "end": 14}]},
            {"id": "e2", "name": "Cuba", "type": "GPE", "country": "CUB", "code": "CUB",
             "mentions": [{"start": 20, "end": 24}]}
        ],
        "quotes": [{"start": 30, "end": 60, "text": "We value our friends", "kind": "direct",
                    "speaker": {"entity": "e1", "name": name}, "cue": "said"}],
        "events": [{"id": "v1",
            "source": {"entity": "e1", "name": name, "country": "RUS", "code": "RUSGOV"},
            "target": {"entity": "e2", "name": "Cuba", "country": "CUB", "code": "CUB"},
            "cameo": "042", "quad_class": 1, "goldstein": 1.9, "status": "planned",
            "date": date, "place": {"name": "Havana", "country": "CUB", "lat": 23.1, "lon": -82.4},
            "evidence": {"start": 0, "end": 80, "block_role": "body", "trigger": "visit"},
            "confidence": 0.8}],
        "itineraries": [{"person": {"entity": "e1", "name": name},
            "stops": [{"date": date, "place": {"name": "Havana", "country": "CUB"},
                       "status": "planned", "events": ["v1"]}]}],
        "conflicts": []
    })
    .to_string()
}

fn doc(id: &str, published: &str, outlet: &str, date: &str, name: &str) -> StoredDoc {
    let r = record(id, published, outlet, date, name);
    let (key, hash) = document_key(Some(id), r.as_bytes());
    StoredDoc::new(key, hash, r).unwrap()
}

fn corpus() -> Vec<StoredDoc> {
    vec![
        doc("a", "2024-02-14", "TASS", "2024-02-19", "Sergey Lavrov"),
        doc("b", "2024-02-15", "Reuters", "2024-02-19", "Sergei Lavrov"),
        doc("c", "2024-02-15", "Reuters", "2024-02-21", "Lavrov"),
    ]
}

#[test]
fn ingest_is_idempotent_and_transactional() {
    for (spec, _guard) in databases("idem") {
        let mut store = Store::open(&spec).unwrap();
        assert_eq!(store.insert(&corpus()).unwrap().added, 3, "{spec}");
        // Again, and once more after reopening: nothing new.
        assert_eq!(store.insert(&corpus()).unwrap().unchanged, 3);
        drop(store);
        let mut store = Store::open(&spec).unwrap();
        let again = store.insert(&corpus()[1..]).unwrap();
        assert_eq!((again.added, again.replaced, again.unchanged), (0, 0, 2));
        let c = store.counts().unwrap();
        assert_eq!(
            (c.documents, c.events, c.quotes, c.stops),
            (3, 3, 3, 3),
            "{spec}"
        );
        let keys: Vec<String> = store
            .document_keys()
            .unwrap()
            .into_iter()
            .map(|k| k.1)
            .collect();
        assert_eq!(keys, ["a", "b", "c"]);
        let a = &corpus()[0];
        let existing = store
            .stored_unchanged([("id:a", a.hash.as_str()), ("id:zz", a.hash.as_str())])
            .unwrap();
        assert!(existing.contains("id:a") && !existing.contains("id:zz"));
        let changed = store.stored_unchanged([("id:a", "other hash")]).unwrap();
        assert!(changed.is_empty());
        // Documents without an id are keyed by their input's hash.
        let (k1, _) = document_key(None, b"same text");
        let (k2, _) = document_key(None, b"same text");
        assert_eq!(k1, k2);
        assert!(k1.starts_with("sha256:"));
    }
}

#[test]
fn events_merge_across_articles_and_filter() {
    for (spec, _guard) in databases("events") {
        let mut store = Store::open(&spec).unwrap();
        store.insert(&corpus()).unwrap();
        let all = store.events(&EventFilter::default()).unwrap();
        // a and b report the same visit; c dates it two days later.
        assert_eq!(all.len(), 2, "{spec}: {all:#?}");
        assert_eq!(all[0].num_mentions, 2);
        assert_eq!(all[0].num_sources, 2);
        assert_eq!(all[0].num_articles, 2);
        assert_eq!(all[0].first_seen.as_deref(), Some("2024-02-14"));
        assert_eq!(all[0].last_seen.as_deref(), Some("2024-02-15"));
        let ids: Vec<&str> = all[0].mentions.iter().map(|m| m.article.as_str()).collect();
        assert_eq!(ids, ["a", "b"]);
        let q = |f: EventFilter| store_len(&spec, f);
        assert_eq!(
            q(EventFilter {
                actor: Some("lavrov".into()),
                ..Default::default()
            }),
            2
        );
        assert_eq!(
            q(EventFilter {
                actor: Some("RUSGOV".into()),
                ..Default::default()
            }),
            2
        );
        assert_eq!(
            q(EventFilter {
                target: Some("Cuba".into()),
                ..Default::default()
            }),
            2
        );
        assert_eq!(
            q(EventFilter {
                target: Some("lavrov".into()),
                ..Default::default()
            }),
            0
        );
        assert_eq!(
            q(EventFilter {
                cameo: Some("04".into()),
                ..Default::default()
            }),
            2
        );
        assert_eq!(
            q(EventFilter {
                cameo: Some("19".into()),
                ..Default::default()
            }),
            0
        );
        assert_eq!(
            q(EventFilter {
                from: Some("2024-02-20".into()),
                to: Some("2024-02".into()),
                ..Default::default()
            }),
            1
        );
        assert_eq!(
            q(EventFilter {
                status: Some("occurred".into()),
                ..Default::default()
            }),
            0
        );
        assert_eq!(
            q(EventFilter {
                place: Some("havana".into()),
                ..Default::default()
            }),
            2
        );
        assert_eq!(
            q(EventFilter {
                place: Some("CUB".into()),
                ..Default::default()
            }),
            2
        );
    }
}

fn store_len(spec: &str, f: EventFilter) -> usize {
    Store::open(spec).unwrap().events(&f).unwrap().len()
}

#[test]
fn itinerary_actors_and_quotes() {
    for (spec, _guard) in databases("itin") {
        let mut store = Store::open(&spec).unwrap();
        store.insert(&corpus()).unwrap();
        let it = store
            .itinerary("Lavrov", None, None)
            .unwrap()
            .expect("an itinerary");
        assert_eq!(it.person.name, "Sergey Lavrov");
        assert_eq!(it.stops.len(), 1, "{spec}: {it:#?}");
        assert_eq!(it.stops[0].date.as_deref(), Some("2024-02-19"));
        assert_eq!(it.stops[0].articles, ["a", "b", "c"]);
        assert_eq!(it.conflicts.len(), 1);
        assert_eq!(it.conflicts[0].values, ["2024-02-19", "2024-02-21"]);
        assert!(store
            .itinerary("Sergey Lavrov", Some("2024-03-01"), None)
            .unwrap()
            .unwrap()
            .stops
            .is_empty());
        assert!(store.itinerary("Putin", None, None).unwrap().is_none());
        let actors = store.actors().unwrap();
        let lavrov: Vec<_> = actors
            .iter()
            .filter(|a| a.name.contains("Lavrov"))
            .collect();
        assert_eq!(lavrov.iter().map(|a| a.mentions).sum::<i64>(), 6);
        assert_eq!(store.quotes(Some("lavrov")).unwrap().len(), 3);
        assert_eq!(store.quotes(Some("Zakharova")).unwrap().len(), 0);
        assert_eq!(store.quotes(None).unwrap()[0].text, "We value our friends");
        let mut n = 0;
        store
            .each_record(|_| {
                n += 1;
                Ok(())
            })
            .unwrap();
        assert_eq!(n, 3);
    }
}

#[test]
fn a_newer_schema_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("old.db");
    let spec = path.display().to_string();
    drop(Store::open(&spec).unwrap());
    let conn = rusqlite::Connection::open(&path).unwrap();
    conn.execute("UPDATE schema_version SET version = 99", [])
        .unwrap();
    drop(conn);
    let err = Store::open(&spec).err().expect("refused");
    assert!(err.to_string().contains("99"), "{err}");
}

#[test]
fn records_by_id_and_conflicts_within_articles() {
    for (spec, _guard) in databases("lookup") {
        let mut store = Store::open(&spec).unwrap();
        let mut r: serde_json::Value =
            serde_json::from_str(&record("d", "2024-02-16", "AP", "2024-02-19", "Lavrov")).unwrap();
        r["conflicts"] = json!([{"kind": "date_mismatch", "about": "v1",
            "values": ["2024-02-19", "2024-02-20"],
            "evidence": [{"start": 0, "end": 5}, {"start": 9, "end": 14}]}]);
        let r = r.to_string();
        let (key, hash) = document_key(Some("d"), r.as_bytes());
        let mut docs = corpus();
        docs.push(StoredDoc::new(key, hash, r).unwrap());
        store.insert(&docs).unwrap();
        let got: serde_json::Value =
            serde_json::from_str(&store.record("b").unwrap().expect("b is stored")).unwrap();
        assert_eq!(got["outlet"], "Reuters", "{spec}");
        assert!(store.record("id:b").unwrap().is_some(), "by key");
        assert!(store.record("nope").unwrap().is_none());
        let c = store.conflicts(None).unwrap();
        assert_eq!(c.len(), 1, "{spec}: {c:?}");
        assert_eq!(c[0].article, "d");
        assert_eq!(c[0].values, ["2024-02-19", "2024-02-20"]);
        assert_eq!(c[0].evidence[1].start, 9);
        assert!(store.conflicts(Some("other")).unwrap().is_empty());
    }
}
