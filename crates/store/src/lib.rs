//! attache-store: keeps the records of many articles in an embedded SQLite
//! file or a PostgreSQL server, merges what several articles report about
//! the same event or trip, and answers queries and exports.
//!
//! - **Ingest** ([`Store::insert`]) stores each article once: its key is
//!   its id, or the SHA-256 of its input when it has none
//!   ([`document_key`]). One batch is one transaction; a document already
//!   stored is skipped, so an interrupted run (even by `kill -9`) resumes by
//!   running it again.
//! - **Tables** hold per-article facts only (documents with the full record
//!   JSON, events, actors, quotes, itinerary stops, conflicts), under a
//!   versioned schema ([`SCHEMA_VERSION`]).
//! - **Merge** ([`merge`]) is pure and runs at query time over the stored
//!   facts: nothing derived is stored, so there is nothing to keep
//!   consistent when a run is killed, and improving the merge needs no
//!   migration.

#![deny(missing_docs)]

pub mod backend;
pub mod export;
pub mod merge;
pub mod model;

use backend::{Backend, Value};
use merge::{ArticleEvent, ArticleStop, MergedEvent, MergedItinerary};
use model::{Actor, Event, RecordView, Stop};
use serde::Serialize;
use sha2::{Digest, Sha256};
use std::collections::{BTreeMap, HashSet};

/// Version of the schema this crate writes.
pub const SCHEMA_VERSION: i64 = 1;

/// Why a store operation failed.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum StoreError {
    /// SQLite said no.
    #[error("sqlite: {0}")]
    Sqlite(#[from] rusqlite::Error),
    /// PostgreSQL said no.
    #[error("postgres: {0}")]
    Postgres(#[from] postgres::Error),
    /// A record could not be read as JSON.
    #[error("record {id}: {source}")]
    Record {
        /// The document key.
        id: String,
        /// The parse error.
        source: serde_json::Error,
    },
    /// The database was written by another version of attache.
    #[error("database schema version {found}, this attache reads version {expected}")]
    SchemaVersion {
        /// Found in the database.
        found: i64,
        /// What this crate writes.
        expected: i64,
    },
    /// Output could not be written.
    #[error("writing: {0}")]
    Io(#[from] std::io::Error),
    /// The Parquet writer failed.
    #[cfg(feature = "parquet")]
    #[error("parquet: {0}")]
    Parquet(String),
}

const SCHEMA: &str = "
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

/// The key a document is stored under: `id:<id>` when its input carries an
/// id, else `sha256:<hash of its input bytes>`. Also returns the hash.
pub fn document_key(id: Option<&str>, input: &[u8]) -> (String, String) {
    let hash: String = Sha256::digest(input)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    let key = match id.filter(|i| !i.is_empty()) {
        Some(id) => format!("id:{id}"),
        None => format!("sha256:{hash}"),
    };
    (key, hash)
}

/// One article ready to store: its key, its input hash, its record JSON
/// and the parts of it that go into tables.
pub struct StoredDoc {
    /// See [`document_key`].
    pub key: String,
    /// SHA-256 of the input bytes.
    pub hash: String,
    /// The record (or error record) as the engine wrote it.
    pub record: String,
    view: RecordView,
}

impl StoredDoc {
    /// Reads a record.
    ///
    /// # Errors
    /// [`StoreError::Record`] when `record` is not a JSON object.
    pub fn new(key: String, hash: String, record: String) -> Result<StoredDoc, StoreError> {
        let view = serde_json::from_str(&record).map_err(|source| StoreError::Record {
            id: key.clone(),
            source,
        })?;
        Ok(StoredDoc {
            key,
            hash,
            record,
            view,
        })
    }

    /// The record's id.
    pub fn id(&self) -> &str {
        &self.view.id
    }
}

/// Filters of `attache events`; all optional, all must hold.
#[derive(Debug, Clone, Default)]
pub struct EventFilter {
    /// Source or target actor: name (folded, full or surname), code or
    /// country.
    pub actor: Option<String>,
    /// Target actor, as `actor`.
    pub target: Option<String>,
    /// CAMEO code prefix ("04", "042").
    pub cameo: Option<String>,
    /// Earliest date (ISO 8601): events whose date ends before are dropped.
    pub from: Option<String>,
    /// Latest date: events whose date starts after are dropped.
    pub to: Option<String>,
    /// Status ("planned").
    pub status: Option<String>,
    /// Place name (folded, substring) or country code.
    pub place: Option<String>,
}

impl EventFilter {
    /// Whether a merged event passes.
    pub fn matches(&self, m: &MergedEvent) -> bool {
        let e = &m.event;
        let actor_hit = |q: &str| {
            e.source
                .as_ref()
                .is_some_and(|a| merge::actor_matches(a, q))
                || e.target
                    .as_ref()
                    .is_some_and(|a| merge::actor_matches(a, q))
        };
        if self.actor.as_deref().is_some_and(|q| !actor_hit(q)) {
            return false;
        }
        if let Some(q) = &self.target {
            if !e
                .target
                .as_ref()
                .is_some_and(|a| merge::actor_matches(a, q))
            {
                return false;
            }
        }
        if self
            .cameo
            .as_deref()
            .is_some_and(|c| !e.cameo.starts_with(c))
        {
            return false;
        }
        if self
            .status
            .as_deref()
            .is_some_and(|s| !e.status.eq_ignore_ascii_case(s))
        {
            return false;
        }
        if let Some(q) = &self.place {
            let hit = e.place.as_ref().is_some_and(|p| {
                merge::fold(&p.name).contains(&merge::fold(q))
                    || p.country
                        .as_deref()
                        .is_some_and(|c| c.eq_ignore_ascii_case(q))
            });
            if !hit {
                return false;
            }
        }
        in_range(e.date.as_deref(), self.from.as_deref(), self.to.as_deref())
    }
}

/// Whether a date value falls in `[from, to]`; with a bound given, an
/// undated fact falls outside.
pub fn in_range(date: Option<&str>, from: Option<&str>, to: Option<&str>) -> bool {
    if from.is_none() && to.is_none() {
        return true;
    }
    let Some((s, e)) = date.and_then(merge::date_range) else {
        return false;
    };
    if let Some((fs, _)) = from.and_then(merge::date_range) {
        if e < fs {
            return false;
        }
    }
    if let Some((_, te)) = to.and_then(merge::date_range) {
        if s > te {
            return false;
        }
    }
    true
}

/// An actor across articles (`attache actors`).
#[derive(Debug, Clone, Serialize)]
pub struct ActorSummary {
    /// Name.
    pub name: String,
    /// Entity type.
    #[serde(rename = "type")]
    pub kind: String,
    /// Country.
    pub country: Option<String>,
    /// CAMEO code.
    pub code: Option<String>,
    /// Articles that name it.
    pub articles: i64,
    /// Mentions over all articles.
    pub mentions: i64,
}

/// A stored quotation (`attache quotes`).
#[derive(Debug, Clone, Serialize)]
pub struct QuoteRow {
    /// Article id.
    pub article: String,
    /// Speaker's name.
    pub speaker: Option<String>,
    /// direct | partial | ...
    pub kind: Option<String>,
    /// The cue.
    pub cue: Option<String>,
    /// First byte in the article's text.
    pub start: i64,
    /// One past the last byte.
    pub end: i64,
    /// The quoted words.
    pub text: String,
}

/// Counts of what the store holds.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Counts {
    /// Documents (including unreadable ones).
    pub documents: i64,
    /// Documents stored as error records.
    pub errors: i64,
    /// Per-article events.
    pub events: i64,
    /// Per-article quotes.
    pub quotes: i64,
    /// Per-article itinerary stops.
    pub stops: i64,
}

/// A database of articles.
pub struct Store {
    db: Backend,
    next_seq: i64,
}

impl Store {
    /// Opens a store: a `postgres://` or `postgresql://` URL, else a SQLite
    /// file path (created if missing). Creates the schema when absent.
    ///
    /// # Errors
    /// Connection failures, or a schema of another version.
    pub fn open(spec: &str) -> Result<Store, StoreError> {
        let db = if spec.starts_with("postgres://") || spec.starts_with("postgresql://") {
            Backend::postgres(spec)?
        } else {
            Backend::sqlite(std::path::Path::new(spec))?
        };
        Store::with_backend(db)
    }

    /// Wraps a connection, creating or checking the schema.
    ///
    /// # Errors
    /// As [`Store::open`].
    pub fn with_backend(mut db: Backend) -> Result<Store, StoreError> {
        db.batch("BEGIN")?;
        let made = (|| -> Result<(), StoreError> {
            db.batch(SCHEMA)?;
            let rows = db.query("SELECT version FROM schema_version", &[])?;
            match rows.first().and_then(|r| r[0].int()) {
                None => {
                    db.exec(
                        "INSERT INTO schema_version (version) VALUES ($1)",
                        &[SCHEMA_VERSION.into()],
                    )?;
                }
                Some(v) if v != SCHEMA_VERSION => {
                    return Err(StoreError::SchemaVersion {
                        found: v,
                        expected: SCHEMA_VERSION,
                    })
                }
                Some(_) => {}
            }
            Ok(())
        })();
        match made {
            Ok(()) => db.batch("COMMIT")?,
            Err(e) => {
                db.batch("ROLLBACK").ok();
                return Err(e);
            }
        }
        let rows = db.query("SELECT COALESCE(MAX(seq), 0) FROM documents", &[])?;
        let next_seq = rows.first().and_then(|r| r[0].int()).unwrap_or(0) + 1;
        Ok(Store { db, next_seq })
    }

    /// "sqlite" or "postgres".
    pub fn kind(&self) -> &'static str {
        self.db.kind()
    }

    /// Which of `keys` are already stored.
    ///
    /// # Errors
    /// Database errors.
    pub fn existing<'k>(
        &mut self,
        keys: impl IntoIterator<Item = &'k str>,
    ) -> Result<HashSet<String>, StoreError> {
        let mut found = HashSet::new();
        for k in keys {
            let rows = self
                .db
                .query("SELECT 1 FROM documents WHERE doc_key = $1", &[k.into()])?;
            if !rows.is_empty() {
                found.insert(k.to_string());
            }
        }
        Ok(found)
    }

    /// Stores a batch in one transaction; documents already stored (by
    /// key) are skipped. Returns how many were new.
    ///
    /// # Errors
    /// Database errors; the batch is then rolled back whole.
    pub fn insert(&mut self, docs: &[StoredDoc]) -> Result<usize, StoreError> {
        self.db.batch("BEGIN")?;
        let mut seq = self.next_seq;
        let result = (|| -> Result<usize, StoreError> {
            let mut added = 0;
            for d in docs {
                if insert_doc(&mut self.db, d, seq)? {
                    added += 1;
                    seq += 1;
                }
            }
            Ok(added)
        })();
        match result {
            Ok(n) => {
                self.db.batch("COMMIT")?;
                self.next_seq = seq;
                Ok(n)
            }
            Err(e) => {
                self.db.batch("ROLLBACK").ok();
                Err(e)
            }
        }
    }

    /// What the store holds.
    ///
    /// # Errors
    /// Database errors.
    pub fn counts(&mut self) -> Result<Counts, StoreError> {
        let mut one = |sql: &str| -> Result<i64, StoreError> {
            let rows = self.db.query(sql, &[])?;
            Ok(rows.first().and_then(|r| r[0].int()).unwrap_or(0))
        };
        Ok(Counts {
            documents: one("SELECT COUNT(*) FROM documents")?,
            errors: one("SELECT COUNT(*) FROM documents WHERE error IS NOT NULL")?,
            events: one("SELECT COUNT(*) FROM events")?,
            quotes: one("SELECT COUNT(*) FROM quotes")?,
            stops: one("SELECT COUNT(*) FROM itinerary_stops")?,
        })
    }

    /// Every document key with its id, in ingest order.
    ///
    /// # Errors
    /// Database errors.
    pub fn document_keys(&mut self) -> Result<Vec<(String, String)>, StoreError> {
        let rows = self
            .db
            .query("SELECT doc_key, id FROM documents ORDER BY seq", &[])?;
        Ok(rows
            .into_iter()
            .map(|mut r| {
                let id = std::mem::replace(&mut r[1], Value::Null).into_text();
                let key = std::mem::replace(&mut r[0], Value::Null).into_text();
                (key.unwrap_or_default(), id.unwrap_or_default())
            })
            .collect())
    }

    /// Hands each stored record (JSON) to `f`, in ingest order.
    ///
    /// # Errors
    /// Database errors, or what `f` returns.
    pub fn each_record(
        &mut self,
        mut f: impl FnMut(&str) -> Result<(), StoreError>,
    ) -> Result<(), StoreError> {
        self.db
            .query_each("SELECT record FROM documents ORDER BY seq", &[], |row| {
                f(row[0].text().unwrap_or("{}"))
            })
    }

    /// Every stored event with its article, in ingest order, optionally
    /// only those of one CAMEO root.
    ///
    /// # Errors
    /// Database errors; a stored event that is not valid JSON.
    pub fn article_events(&mut self, root: Option<&str>) -> Result<Vec<ArticleEvent>, StoreError> {
        let base = "SELECT d.id, d.published, d.outlet, e.source_person, e.target_person, e.json \
                    FROM events e JOIN documents d ON d.doc_key = e.doc_key";
        let (sql, params) = match root {
            Some(r) => (
                format!("{base} WHERE e.root = $1 ORDER BY d.seq, e.seq"),
                vec![Value::from(r)],
            ),
            None => (format!("{base} ORDER BY d.seq, e.seq"), vec![]),
        };
        let mut out = Vec::new();
        self.db.query_each(&sql, &params, |mut r| {
            let json = r[5].text().unwrap_or("{}");
            let event: Event = serde_json::from_str(json).map_err(|source| StoreError::Record {
                id: r[0].text().unwrap_or("").to_string(),
                source,
            })?;
            out.push(ArticleEvent {
                article: std::mem::replace(&mut r[0], Value::Null)
                    .into_text()
                    .unwrap_or_default(),
                published: std::mem::replace(&mut r[1], Value::Null).into_text(),
                outlet: std::mem::replace(&mut r[2], Value::Null).into_text(),
                source_person: r[3].int() == Some(1),
                target_person: r[4].int() == Some(1),
                event,
            });
            Ok(())
        })?;
        Ok(out)
    }

    /// Merged events passing `filter`, each with its mentions.
    ///
    /// # Errors
    /// As [`Store::article_events`].
    pub fn events(&mut self, filter: &EventFilter) -> Result<Vec<MergedEvent>, StoreError> {
        // A CAMEO prefix of two digits or more pins the root: merge only
        // that root's events (the merge never crosses roots).
        let root = filter
            .cameo
            .as_deref()
            .filter(|c| c.len() >= 2)
            .map(merge::cameo_root);
        let events = self.article_events(root)?;
        Ok(merge::merge_events(events)
            .into_iter()
            .filter(|m| filter.matches(m))
            .collect())
    }

    /// The merged itinerary of the person named `name` (full name or
    /// surname), stops restricted to `[from, to]` when given.
    ///
    /// # Errors
    /// Database errors; a stored stop that is not valid JSON.
    pub fn itinerary(
        &mut self,
        name: &str,
        from: Option<&str>,
        to: Option<&str>,
    ) -> Result<Option<MergedItinerary>, StoreError> {
        let key = merge::actor_key(
            &Actor {
                name: name.to_string(),
                ..Actor::default()
            },
            true,
        );
        let rows = self.db.query(
            "SELECT d.id, d.published, s.person, s.json FROM itinerary_stops s \
             JOIN documents d ON d.doc_key = s.doc_key WHERE s.person_key = $1 \
             ORDER BY d.seq, s.itinerary, s.idx",
            &[key.into()],
        )?;
        let mut stops = Vec::with_capacity(rows.len());
        for mut r in rows {
            let parse_err = |source| StoreError::Record {
                id: r[0].text().unwrap_or("").to_string(),
                source,
            };
            let person: Actor =
                serde_json::from_str(r[2].text().unwrap_or("{}")).map_err(parse_err)?;
            let stop: Stop =
                serde_json::from_str(r[3].text().unwrap_or("{}")).map_err(|source| {
                    StoreError::Record {
                        id: r[0].text().unwrap_or("").to_string(),
                        source,
                    }
                })?;
            stops.push(ArticleStop {
                article: std::mem::replace(&mut r[0], Value::Null)
                    .into_text()
                    .unwrap_or_default(),
                published: std::mem::replace(&mut r[1], Value::Null).into_text(),
                person,
                stop,
            });
        }
        let mut it = merge::merge_itinerary(stops);
        if let Some(it) = &mut it {
            it.stops.retain(|s| in_range(s.date.as_deref(), from, to));
        }
        Ok(it)
    }

    /// Actors across articles, most mentioned first.
    ///
    /// # Errors
    /// Database errors.
    pub fn actors(&mut self) -> Result<Vec<ActorSummary>, StoreError> {
        let rows = self.db.query(
            "SELECT name, type, country, code, COUNT(*), CAST(SUM(mentions) AS BIGINT) FROM actors \
             GROUP BY name, type, country, code",
            &[],
        )?;
        // Merge spellings that fold alike.
        let mut by_key: BTreeMap<(String, String), ActorSummary> = BTreeMap::new();
        for mut r in rows {
            let name = std::mem::replace(&mut r[0], Value::Null)
                .into_text()
                .unwrap_or_default();
            let kind = std::mem::replace(&mut r[1], Value::Null)
                .into_text()
                .unwrap_or_default();
            let key = (merge::fold(&name), kind.clone());
            let articles = r[4].int().unwrap_or(0);
            let mentions = r[5].int().unwrap_or(0);
            let entry = by_key.entry(key).or_insert_with(|| ActorSummary {
                name,
                kind,
                country: r[2].text().map(str::to_string),
                code: r[3].text().map(str::to_string),
                articles: 0,
                mentions: 0,
            });
            entry.articles += articles;
            entry.mentions += mentions;
        }
        let mut out: Vec<ActorSummary> = by_key.into_values().collect();
        out.sort_by(|a, b| b.mentions.cmp(&a.mentions).then(a.name.cmp(&b.name)));
        Ok(out)
    }

    /// Quotes, optionally only those of a speaker (folded name, full or
    /// surname), in ingest order.
    ///
    /// # Errors
    /// Database errors.
    pub fn quotes(&mut self, speaker: Option<&str>) -> Result<Vec<QuoteRow>, StoreError> {
        let rows = self.db.query(
            "SELECT d.id, q.speaker, q.kind, q.cue, q.start_byte, q.end_byte, q.text \
             FROM quotes q JOIN documents d ON d.doc_key = q.doc_key ORDER BY d.seq, q.idx",
            &[],
        )?;
        let want = speaker.map(|s| Actor {
            name: s.to_string(),
            ..Actor::default()
        });
        let mut out = Vec::new();
        for mut r in rows {
            let take = |r: &mut Vec<Value>, i: usize| {
                std::mem::replace(&mut r[i], Value::Null).into_text()
            };
            let row = QuoteRow {
                article: take(&mut r, 0).unwrap_or_default(),
                speaker: take(&mut r, 1),
                kind: take(&mut r, 2),
                cue: take(&mut r, 3),
                start: r[4].int().unwrap_or(0),
                end: r[5].int().unwrap_or(0),
                text: take(&mut r, 6).unwrap_or_default(),
            };
            if let Some(w) = &want {
                let hit = row.speaker.as_deref().is_some_and(|s| {
                    let a = Actor {
                        name: s.to_string(),
                        ..Actor::default()
                    };
                    merge::actor_key(&a, true) == merge::actor_key(w, true)
                        || merge::fold(s) == merge::fold(&w.name)
                });
                if !hit {
                    continue;
                }
            }
            out.push(row);
        }
        Ok(out)
    }
}

fn json<T: Serialize>(v: &T) -> String {
    serde_json::to_string(v).unwrap_or_else(|_| "null".into())
}

/// Writes one document and its facts; false when its key was stored.
fn insert_doc(db: &mut Backend, d: &StoredDoc, seq: i64) -> Result<bool, StoreError> {
    let v = &d.view;
    let n = db.exec(
        "INSERT INTO documents (doc_key, seq, id, content_hash, published, outlet, url, title, error, record) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) ON CONFLICT (doc_key) DO NOTHING",
        &[
            d.key.as_str().into(),
            seq.into(),
            v.id.as_str().into(),
            d.hash.as_str().into(),
            v.published.as_deref().into(),
            v.outlet.as_deref().into(),
            v.url.as_deref().into(),
            v.title.as_deref().into(),
            v.error.as_deref().into(),
            d.record.as_str().into(),
        ],
    )?;
    if n == 0 {
        return Ok(false);
    }
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
    Ok(true)
}
