//! The store's tables, and the check that a database is an attache store
//! (or empty) before anything is written to it.

use crate::backend::Backend;
use crate::StoreError;

/// Version of the schema this crate writes.
pub const SCHEMA_VERSION: i64 = 1;

/// The marker of an attache store: this table, holding the schema version,
/// beside the `documents` table.
const MARKER: &str = "schema_version";

/// The tables of [`SCHEMA`].
const TABLES: &[&str] = &[
    MARKER,
    "documents",
    "events",
    "actors",
    "quotes",
    "itinerary_stops",
    "conflicts",
];

/// PostgreSQL advisory lock key held while the schema is created, so two
/// first ingests into one fresh database do not race ("attache" in ASCII).
const SCHEMA_LOCK: i64 = 0x61_74_74_61_63_68_65;

pub(crate) const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS schema_version (version BIGINT NOT NULL);
CREATE TABLE IF NOT EXISTS documents (
    doc_key TEXT PRIMARY KEY,
    seq BIGINT NOT NULL,
    id TEXT NOT NULL,
    content_hash TEXT NOT NULL,
    published TEXT,
    outlet TEXT,
    url TEXT,
    title TEXT,
    error TEXT,
    record TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS events (
    doc_key TEXT NOT NULL,
    event_id TEXT NOT NULL,
    seq BIGINT NOT NULL,
    source_name TEXT,
    source_code TEXT,
    source_person BIGINT NOT NULL,
    target_name TEXT,
    target_code TEXT,
    target_person BIGINT NOT NULL,
    cameo TEXT NOT NULL,
    root TEXT NOT NULL,
    status TEXT,
    date TEXT,
    place TEXT,
    json TEXT NOT NULL,
    PRIMARY KEY (doc_key, event_id)
);
CREATE TABLE IF NOT EXISTS actors (
    doc_key TEXT NOT NULL,
    entity_id TEXT NOT NULL,
    name TEXT NOT NULL,
    type TEXT,
    country TEXT,
    code TEXT,
    role TEXT,
    mentions BIGINT NOT NULL,
    PRIMARY KEY (doc_key, entity_id)
);
CREATE TABLE IF NOT EXISTS quotes (
    doc_key TEXT NOT NULL,
    idx BIGINT NOT NULL,
    speaker TEXT,
    kind TEXT,
    cue TEXT,
    start_byte BIGINT NOT NULL,
    end_byte BIGINT NOT NULL,
    text TEXT NOT NULL,
    PRIMARY KEY (doc_key, idx)
);
CREATE TABLE IF NOT EXISTS itinerary_stops (
    doc_key TEXT NOT NULL,
    itinerary BIGINT NOT NULL,
    idx BIGINT NOT NULL,
    person_key TEXT NOT NULL,
    person TEXT NOT NULL,
    date TEXT,
    place TEXT,
    status TEXT,
    json TEXT NOT NULL,
    PRIMARY KEY (doc_key, itinerary, idx)
);
CREATE TABLE IF NOT EXISTS conflicts (
    doc_key TEXT NOT NULL,
    idx BIGINT NOT NULL,
    kind TEXT NOT NULL,
    about TEXT,
    json TEXT NOT NULL,
    PRIMARY KEY (doc_key, idx)
);
CREATE INDEX IF NOT EXISTS events_root ON events (root);
CREATE INDEX IF NOT EXISTS stops_person ON itinerary_stops (person_key);
CREATE INDEX IF NOT EXISTS quotes_speaker ON quotes (speaker);
";

/// What a database holds.
#[derive(Debug, PartialEq, Eq)]
enum Found {
    /// No table that could clash: a store may be created.
    Empty,
    /// An attache store of this schema version.
    Store(i64),
    /// Something else; why.
    Foreign(String),
}

/// The tables of the database (of the current schema on PostgreSQL).
fn tables(db: &mut Backend) -> Result<Vec<String>, StoreError> {
    let sql = match db {
        Backend::Sqlite(_) => {
            "SELECT name FROM sqlite_master WHERE type IN ('table', 'view') \
             AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name"
        }
        Backend::Postgres(..) => {
            "SELECT CAST(table_name AS TEXT) FROM information_schema.tables \
             WHERE table_schema = current_schema() ORDER BY 1"
        }
    };
    let rows = db.query(sql, &[])?;
    Ok(rows
        .into_iter()
        .filter_map(|r| r.into_iter().next().and_then(|v| v.into_text()))
        .collect())
}

fn inspect(db: &mut Backend) -> Result<Found, StoreError> {
    let tables = tables(db)?;
    let has = |t: &str| tables.iter().any(|x| x == t);
    if has(MARKER) {
        let version = db
            .query(&format!("SELECT version FROM {MARKER}"), &[])
            .ok()
            .and_then(|rows| rows.first().and_then(|r| r[0].int()));
        return Ok(match version {
            Some(v) if has("documents") => Found::Store(v),
            _ => Found::Foreign(format!("its table {MARKER} is not attache's")),
        });
    }
    // A SQLite file is one application's; a PostgreSQL database may be
    // shared, so there only tables named like attache's clash.
    let clash: Vec<&String> = match db {
        Backend::Sqlite(_) => tables.iter().collect(),
        Backend::Postgres(..) => tables
            .iter()
            .filter(|t| TABLES.contains(&t.as_str()))
            .collect(),
    };
    if clash.is_empty() {
        return Ok(Found::Empty);
    }
    let names: Vec<&str> = clash.iter().take(5).map(|s| s.as_str()).collect();
    Ok(Found::Foreign(format!(
        "it has tables ({}) but no attache schema marker",
        names.join(", ")
    )))
}

fn accept(found: Found, what: &str) -> Result<(), StoreError> {
    match found {
        Found::Store(v) if v == SCHEMA_VERSION => Ok(()),
        Found::Store(v) => Err(StoreError::SchemaVersion {
            found: v,
            expected: SCHEMA_VERSION,
        }),
        Found::Foreign(why) => Err(StoreError::NotAStore {
            what: what.to_string(),
            why,
        }),
        Found::Empty => Err(StoreError::NotAStore {
            what: what.to_string(),
            why: "it holds no store (run `attache ingest` first)".into(),
        }),
    }
}

/// Checks that `db` is an attache store of this version; writes nothing.
pub(crate) fn check(db: &mut Backend, what: &str) -> Result<(), StoreError> {
    let found = inspect(db)?;
    accept(found, what)
}

/// Checks that `db` is an attache store of this version, creating the
/// schema when the database is empty. Refuses a foreign database before
/// anything is written.
pub(crate) fn check_or_create(db: &mut Backend, what: &str) -> Result<(), StoreError> {
    match inspect(db)? {
        Found::Empty => {}
        found => return accept(found, what),
    }
    db.begin()?;
    let made = (|| -> Result<(), StoreError> {
        if let Backend::Postgres(..) = db {
            db.batch(&format!("SELECT pg_advisory_xact_lock({SCHEMA_LOCK})"))?;
        }
        // Another process may have created it while we waited.
        match inspect(db)? {
            Found::Empty => {
                db.batch(SCHEMA)?;
                db.exec(
                    &format!("INSERT INTO {MARKER} (version) VALUES ($1)"),
                    &[SCHEMA_VERSION.into()],
                )?;
                Ok(())
            }
            found => accept(found, what),
        }
    })();
    match made {
        Ok(()) => db.batch("COMMIT"),
        Err(e) => {
            db.batch("ROLLBACK").ok();
            Err(e)
        }
    }
}
