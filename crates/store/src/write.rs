//! Storing documents. A document is known by its key (its id, or the hash
//! of its input) and its content hash: the same key and hash is skipped, a
//! changed document under a known key replaces the stored one with all its
//! facts, and an error record never counts as stored content (a corrected
//! document replaces it, and it never replaces a readable one).

use crate::backend::{Backend, Value};
use crate::merge;
use crate::{StoreError, StoredDoc};
use serde::Serialize;

/// What storing a batch did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Inserted {
    /// Documents stored under a new key.
    pub added: usize,
    /// Documents that replaced a changed or unreadable one of their key.
    pub replaced: usize,
    /// Documents already stored as they are.
    pub unchanged: usize,
    /// Ids of documents now unreadable whose stored readable version was
    /// kept.
    pub kept_readable: Vec<String>,
}

enum Outcome {
    Added,
    Replaced,
    Unchanged,
    KeptReadable,
}

/// The document's fact tables, emptied before a replacement.
const FACT_TABLES: &[&str] = &["events", "actors", "quotes", "itinerary_stops", "conflicts"];

/// Stores `docs` inside the caller's transaction, numbering them from
/// `seq` by their place in the batch (ingest order); returns what happened
/// and the next seq.
///
/// Rows are written in key order, the same in every batch, so concurrent
/// transactions lock shared keys in the same order and cannot deadlock;
/// the sort is stable, so a key given twice keeps its later version.
pub(crate) fn insert_all(
    db: &mut Backend,
    docs: &[StoredDoc],
    seq: i64,
) -> Result<(Inserted, i64), StoreError> {
    let mut order: Vec<usize> = (0..docs.len()).collect();
    order.sort_by(|&a, &b| docs[a].key.cmp(&docs[b].key));
    let mut done = Inserted::default();
    for i in order {
        let d = &docs[i];
        match insert_one(db, d, seq + i as i64)? {
            Outcome::Added => done.added += 1,
            Outcome::Replaced => done.replaced += 1,
            Outcome::Unchanged => done.unchanged += 1,
            Outcome::KeptReadable => done.kept_readable.push(d.view.id.clone()),
        }
    }
    Ok((done, seq + docs.len() as i64))
}

fn insert_one(db: &mut Backend, d: &StoredDoc, seq: i64) -> Result<Outcome, StoreError> {
    // PostgreSQL: lock the row so a concurrent replacement waits and then
    // sees this one (SQLite transactions are serialised by BEGIN IMMEDIATE).
    let lock = match db {
        Backend::Postgres(..) => " FOR UPDATE",
        Backend::Sqlite(_) => "",
    };
    let select = format!(
        "SELECT content_hash, CASE WHEN error IS NULL THEN 0 ELSE 1 END \
         FROM documents WHERE doc_key = $1{lock}"
    );
    // Twice at most: a concurrent writer may add the key between the read
    // and the insert; the second read then sees it.
    for _ in 0..2 {
        let rows = db.query(&select, &[d.key.as_str().into()])?;
        let Some(row) = rows.first() else {
            if write_document(db, d, seq, false)? {
                write_facts(db, d)?;
                return Ok(Outcome::Added);
            }
            continue;
        };
        let same = row[0].text() == Some(d.hash.as_str());
        let was_error = row[1].int() == Some(1);
        let is_error = d.view.error.is_some();
        if same && (!was_error || is_error) {
            return Ok(Outcome::Unchanged);
        }
        if is_error && !was_error {
            return Ok(Outcome::KeptReadable);
        }
        write_document(db, d, seq, true)?;
        for t in FACT_TABLES {
            db.exec(
                &format!("DELETE FROM {t} WHERE doc_key = $1"),
                &[d.key.as_str().into()],
            )?;
        }
        write_facts(db, d)?;
        return Ok(Outcome::Replaced);
    }
    Ok(Outcome::Unchanged)
}

/// Inserts (or, with `replace`, overwrites) the document row; false when
/// an insert found the key taken.
fn write_document(
    db: &mut Backend,
    d: &StoredDoc,
    seq: i64,
    replace: bool,
) -> Result<bool, StoreError> {
    let v = &d.view;
    let sql = if replace {
        "UPDATE documents SET seq = $1, id = $2, content_hash = $3, published = $4, outlet = $5, \
         url = $6, title = $7, error = $8, record = $9 WHERE doc_key = $10"
    } else {
        "INSERT INTO documents (seq, id, content_hash, published, outlet, url, title, error, record, doc_key) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) ON CONFLICT (doc_key) DO NOTHING"
    };
    let n = db.exec(
        sql,
        &[
            seq.into(),
            v.id.as_str().into(),
            d.hash.as_str().into(),
            v.published.as_deref().into(),
            v.outlet.as_deref().into(),
            v.url.as_deref().into(),
            v.title.as_deref().into(),
            v.error.as_deref().into(),
            d.record.as_str().into(),
            d.key.as_str().into(),
        ],
    )?;
    Ok(n > 0)
}

fn json<T: Serialize>(v: &T) -> String {
    serde_json::to_string(v).unwrap_or_else(|_| "null".into())
}

/// Writes the per-article facts of a document.
fn write_facts(db: &mut Backend, d: &StoredDoc) -> Result<(), StoreError> {
    let v = &d.view;
    let key = || Value::from(d.key.as_str());
    for (i, e) in v.events.iter().enumerate() {
        let sp = e.source.as_ref().is_some_and(|a| v.is_person(a));
        let tp = e.target.as_ref().is_some_and(|a| v.is_person(a));
        db.exec(
            "INSERT INTO events (doc_key, event_id, seq, source_name, source_code, source_person, \
             target_name, target_code, target_person, cameo, root, status, date, place, json) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15) \
             ON CONFLICT (doc_key, event_id) DO NOTHING",
            &[
                key(),
                e.id.as_str().into(),
                (i as i64).into(),
                e.source.as_ref().map(|a| a.name.as_str()).into(),
                e.source.as_ref().and_then(|a| a.code.as_deref()).into(),
                i64::from(sp).into(),
                e.target.as_ref().map(|a| a.name.as_str()).into(),
                e.target.as_ref().and_then(|a| a.code.as_deref()).into(),
                i64::from(tp).into(),
                e.cameo.as_str().into(),
                merge::cameo_root(&e.cameo).into(),
                e.status.as_str().into(),
                e.date.as_deref().into(),
                e.place.as_ref().map(|p| p.name.as_str()).into(),
                json(e).into(),
            ],
        )?;
    }
    for e in &v.entities {
        db.exec(
            "INSERT INTO actors (doc_key, entity_id, name, type, country, code, role, mentions) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (doc_key, entity_id) DO NOTHING",
            &[
                key(),
                e.id.as_str().into(),
                e.name.as_str().into(),
                e.kind.as_str().into(),
                e.country.as_deref().into(),
                e.code.as_deref().into(),
                e.role.as_deref().into(),
                (e.mentions.len() as i64).into(),
            ],
        )?;
    }
    for (i, q) in v.quotes.iter().enumerate() {
        db.exec(
            "INSERT INTO quotes (doc_key, idx, speaker, kind, cue, start_byte, end_byte, text) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (doc_key, idx) DO NOTHING",
            &[
                key(),
                (i as i64).into(),
                q.speaker.as_ref().map(|s| s.name.as_str()).into(),
                q.kind.as_str().into(),
                q.cue.as_deref().into(),
                q.start.into(),
                q.end.into(),
                q.text.as_str().into(),
            ],
        )?;
    }
    for (n, it) in v.itineraries.iter().enumerate() {
        let person_key = merge::actor_key(&it.person, true);
        for (i, s) in it.stops.iter().enumerate() {
            db.exec(
                "INSERT INTO itinerary_stops (doc_key, itinerary, idx, person_key, person, date, place, status, json) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT (doc_key, itinerary, idx) DO NOTHING",
                &[
                    key(),
                    (n as i64).into(),
                    (i as i64).into(),
                    person_key.as_str().into(),
                    json(&it.person).into(),
                    s.date.as_deref().into(),
                    s.place.name.as_str().into(),
                    s.status.as_str().into(),
                    json(s).into(),
                ],
            )?;
        }
    }
    for (i, c) in v.conflicts.iter().enumerate() {
        db.exec(
            "INSERT INTO conflicts (doc_key, idx, kind, about, json) VALUES ($1, $2, $3, $4, $5) \
             ON CONFLICT (doc_key, idx) DO NOTHING",
            &[
                key(),
                (i as i64).into(),
                c.kind.as_str().into(),
                c.about.as_str().into(),
                json(c).into(),
            ],
        )?;
    }
    Ok(())
}
