//! attache-store: keeps the records of many articles in an embedded SQLite
//! file or a PostgreSQL server, merges what several articles report about
//! the same event or trip, and answers queries and exports.
//!
//! - **Ingest** ([`Store::insert`]) stores each article once: its key is
//!   its id, or the SHA-256 of its input when it has none
//!   ([`document_key`]), plus the hash of its content. One batch is one
//!   transaction; a document stored as it is gets skipped, so an
//!   interrupted run (even by `kill -9`) resumes by running it again, and a
//!   changed or corrected one replaces the stored version (see `write.rs`).
//! - **Tables** hold per-article facts only (documents with the full record
//!   JSON, events, actors, quotes, itinerary stops, conflicts), under a
//!   versioned schema ([`SCHEMA_VERSION`]) whose marker table tells a store
//!   from a foreign database, which is refused untouched. Readers open the
//!   store read-only ([`Store::open_read_only`]).
//! - **Merge** ([`merge`]) is pure and runs at query time over the stored
//!   facts: nothing derived is stored, so there is nothing to keep
//!   consistent when a run is killed, and improving the merge needs no
//!   migration. Facts are read in a fixed order of stored values, never
//!   ingest order, so every backend and ingest order gives one answer.

#![deny(missing_docs)]

mod articles;
pub mod backend;
pub mod export;
pub mod filter;
pub mod merge;
pub mod model;
mod schema;
mod write;

pub use articles::ConflictRow;
use backend::{Backend, Value};
pub use filter::{check_dates, check_name, in_range, EventFilter, FilterError};
use merge::{ArticleEvent, ArticleStop, MergedEvent, MergedItinerary};
use model::{Actor, Event, RecordView, Stop};
pub use schema::SCHEMA_VERSION;
use serde::Serialize;
use sha2::{Digest, Sha256};
use std::collections::{BTreeMap, HashSet};
use std::path::Path;
pub use write::Inserted;

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
    /// The database named is empty.
    #[error("no database named: give a SQLite file or a postgres:// URL")]
    EmptySpec,
    /// A store to read does not exist.
    #[error("{path} does not exist (no attache store there; `attache ingest` creates one)")]
    NotFound {
        /// The path given.
        path: String,
    },
    /// The database is not an attache store; nothing was written to it.
    #[error("{what} is not an attache store: {why}")]
    NotAStore {
        /// The database.
        what: String,
        /// What was found.
        why: String,
    },
    /// A filter value names nothing or is not a date.
    #[error(transparent)]
    Filter(#[from] FilterError),
    /// Output could not be written.
    #[error("writing: {0}")]
    Io(#[from] std::io::Error),
    /// The Parquet writer failed.
    #[cfg(feature = "parquet")]
    #[error("parquet: {0}")]
    Parquet(String),
}

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
    pub(crate) view: RecordView,
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

/// A database named on a command line, for messages: a PostgreSQL URL
/// without its user and password.
pub fn display_spec(spec: &str) -> String {
    if spec.contains("://") {
        let rest = spec.split_once("://").map_or(spec, |(_, r)| r);
        let host = rest.rsplit_once('@').map_or(rest, |(_, h)| h);
        format!("postgres://{host}")
    } else {
        spec.to_string()
    }
}

fn is_postgres(spec: &str) -> bool {
    spec.starts_with("postgres://") || spec.starts_with("postgresql://")
}

/// Where an article's facts sort: by publication date (undated last), then
/// by document key. Stored content only, never ingest order, so every
/// backend and every ingest order reads the facts in the same order.
type ArticleOrder = (bool, String, String);

fn article_order(published: Option<&str>, doc_key: &str) -> ArticleOrder {
    (
        published.is_none(),
        published.unwrap_or("").to_string(),
        doc_key.to_string(),
    )
}

fn take_text(row: &mut [Value], i: usize) -> Option<String> {
    std::mem::replace(&mut row[i], Value::Null).into_text()
}

/// Whether PostgreSQL chose this transaction as a deadlock victim.
fn is_deadlock(e: &StoreError) -> bool {
    matches!(e, StoreError::Postgres(pg)
        if pg.code() == Some(&postgres::error::SqlState::T_R_DEADLOCK_DETECTED))
}

/// A database of articles.
pub struct Store {
    db: Backend,
    next_seq: i64,
}

impl Store {
    /// Opens a store for writing: a `postgres://` or `postgresql://` URL,
    /// else a SQLite file path (created if missing). Creates the schema in
    /// an empty database; refuses a database that holds other tables.
    ///
    /// # Errors
    /// An empty spec, connection failures, a foreign database, or a schema
    /// of another version.
    pub fn open(spec: &str) -> Result<Store, StoreError> {
        if spec.trim().is_empty() {
            return Err(StoreError::EmptySpec);
        }
        let mut db = if is_postgres(spec) {
            Backend::postgres(spec)?
        } else {
            Backend::sqlite(Path::new(spec))?
        };
        schema::check_or_create(&mut db, &display_spec(spec))?;
        db.prepare_for_writing()?;
        Store::with_backend(db)
    }

    /// Opens an existing store read-only (SQLite: `mode=ro`, immutable in
    /// a read-only directory; PostgreSQL: read-only transactions). Creates
    /// nothing.
    ///
    /// # Errors
    /// An empty spec, a missing file, connection failures, a database that
    /// is not a store, or a schema of another version.
    pub fn open_read_only(spec: &str) -> Result<Store, StoreError> {
        if spec.trim().is_empty() {
            return Err(StoreError::EmptySpec);
        }
        let mut db = if is_postgres(spec) {
            Backend::postgres_read_only(spec)?
        } else {
            let path = Path::new(spec);
            if !path.exists() {
                return Err(StoreError::NotFound {
                    path: spec.to_string(),
                });
            }
            Backend::sqlite_read_only(path)?
        };
        schema::check(&mut db, &display_spec(spec))?;
        Store::with_backend(db)
    }

    /// Wraps a connection to a store whose schema was checked.
    fn with_backend(mut db: Backend) -> Result<Store, StoreError> {
        let rows = db.query("SELECT COALESCE(MAX(seq), 0) FROM documents", &[])?;
        let next_seq = rows.first().and_then(|r| r[0].int()).unwrap_or(0) + 1;
        Ok(Store { db, next_seq })
    }

    /// "sqlite" or "postgres".
    pub fn kind(&self) -> &'static str {
        self.db.kind()
    }

    /// Which of `docs` (key, content hash) are stored as they are, readable:
    /// those need no work. A changed document, or one stored as an error
    /// record, is not among them.
    ///
    /// # Errors
    /// Database errors.
    pub fn stored_unchanged<'k>(
        &mut self,
        docs: impl IntoIterator<Item = (&'k str, &'k str)>,
    ) -> Result<HashSet<String>, StoreError> {
        let mut found = HashSet::new();
        for (key, hash) in docs {
            let rows = self.db.query(
                "SELECT 1 FROM documents WHERE doc_key = $1 AND content_hash = $2 \
                 AND error IS NULL",
                &[key.into(), hash.into()],
            )?;
            if !rows.is_empty() {
                found.insert(key.to_string());
            }
        }
        Ok(found)
    }

    /// Stores a batch in one transaction: new keys are added, a changed
    /// document (or a readable one where an error record was) replaces the
    /// stored one with all its facts, the rest is skipped.
    ///
    /// # Errors
    /// Database errors; the batch is then rolled back whole.
    pub fn insert(&mut self, docs: &[StoredDoc]) -> Result<Inserted, StoreError> {
        // PostgreSQL may still pick this transaction as a deadlock victim
        // (another writer's locks taken in another order): do it again.
        let mut attempts = 0;
        loop {
            attempts += 1;
            self.db.begin()?;
            let result = write::insert_all(&mut self.db, docs, self.next_seq)
                .and_then(|done| self.db.batch("COMMIT").map(|()| done));
            match result {
                Ok((done, seq)) => {
                    self.next_seq = seq;
                    return Ok(done);
                }
                Err(e) => {
                    self.db.batch("ROLLBACK").ok();
                    if attempts < 4 && is_deadlock(&e) {
                        continue;
                    }
                    return Err(e);
                }
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
        let rows = self.db.query(
            "SELECT doc_key, id FROM documents ORDER BY seq, doc_key",
            &[],
        )?;
        Ok(rows
            .into_iter()
            .map(|mut r| {
                let id = take_text(&mut r, 1);
                let key = take_text(&mut r, 0);
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
        self.db.query_each(
            "SELECT record FROM documents ORDER BY seq, doc_key",
            &[],
            |row| f(row[0].text().unwrap_or("{}")),
        )
    }

    /// Every stored event with its article, in article order (publication
    /// date, then document key) then record order, optionally only those of
    /// one CAMEO root.
    ///
    /// # Errors
    /// Database errors; a stored event that is not valid JSON.
    pub fn article_events(&mut self, root: Option<&str>) -> Result<Vec<ArticleEvent>, StoreError> {
        let base = "SELECT d.id, d.published, d.outlet, e.source_person, e.target_person, e.json, \
                    d.doc_key, e.seq FROM events e JOIN documents d ON d.doc_key = e.doc_key";
        let (sql, params) = match root {
            Some(r) => (
                format!("{base} WHERE e.root = $1 ORDER BY d.doc_key, e.seq"),
                vec![Value::from(r)],
            ),
            None => (format!("{base} ORDER BY d.doc_key, e.seq"), vec![]),
        };
        let mut out = Vec::new();
        self.db.query_each(&sql, &params, |mut r| {
            let json = r[5].text().unwrap_or("{}");
            let event: Event = serde_json::from_str(json).map_err(|source| StoreError::Record {
                id: r[0].text().unwrap_or("").to_string(),
                source,
            })?;
            let order = (
                article_order(r[1].text(), r[6].text().unwrap_or("")),
                r[7].int().unwrap_or(0),
            );
            out.push((
                order,
                ArticleEvent {
                    article: take_text(&mut r, 0).unwrap_or_default(),
                    published: take_text(&mut r, 1),
                    outlet: take_text(&mut r, 2),
                    source_person: r[3].int() == Some(1),
                    target_person: r[4].int() == Some(1),
                    event,
                },
            ));
            Ok(())
        })?;
        out.sort_by(|a, b| a.0.cmp(&b.0));
        Ok(out.into_iter().map(|(_, e)| e).collect())
    }

    /// Merged events passing `filter`, each with its mentions.
    ///
    /// # Errors
    /// A filter that names nothing or a bad date; as
    /// [`Store::article_events`].
    pub fn events(&mut self, filter: &EventFilter) -> Result<Vec<MergedEvent>, StoreError> {
        filter.validate()?;
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
    /// A name that names nothing or a bad date; database errors; a stored
    /// stop that is not valid JSON.
    pub fn itinerary(
        &mut self,
        name: &str,
        from: Option<&str>,
        to: Option<&str>,
    ) -> Result<Option<MergedItinerary>, StoreError> {
        check_name("the name", name)?;
        check_dates(from, to)?;
        let key = merge::actor_key(
            &Actor {
                name: name.to_string(),
                ..Actor::default()
            },
            true,
        );
        let rows = self.db.query(
            "SELECT d.id, d.published, s.person, s.json, d.doc_key, s.itinerary, s.idx \
             FROM itinerary_stops s JOIN documents d ON d.doc_key = s.doc_key \
             WHERE s.person_key = $1 ORDER BY d.doc_key, s.itinerary, s.idx",
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
                serde_json::from_str(r[3].text().unwrap_or("{}")).map_err(parse_err)?;
            let order = (
                article_order(r[1].text(), r[4].text().unwrap_or("")),
                r[5].int().unwrap_or(0),
                r[6].int().unwrap_or(0),
            );
            stops.push((
                order,
                ArticleStop {
                    article: take_text(&mut r, 0).unwrap_or_default(),
                    published: take_text(&mut r, 1),
                    person,
                    stop,
                },
            ));
        }
        stops.sort_by(|a, b| a.0.cmp(&b.0));
        let mut it = merge::merge_itinerary(stops.into_iter().map(|(_, s)| s).collect());
        if let Some(it) = &mut it {
            it.stops.retain(|s| in_range(s.date.as_deref(), from, to));
        }
        Ok(it)
    }

    /// Actors across articles, most mentioned first. Spellings that fold
    /// alike are one actor, shown with the spelling, country and code most
    /// articles give (ties broken by the values themselves, so the answer
    /// never depends on the order rows arrive in).
    ///
    /// # Errors
    /// Database errors.
    pub fn actors(&mut self) -> Result<Vec<ActorSummary>, StoreError> {
        let rows = self.db.query(
            "SELECT name, type, country, code, COUNT(*), CAST(SUM(mentions) AS BIGINT) FROM actors \
             GROUP BY name, type, country, code ORDER BY name, type, country, code",
            &[],
        )?;
        let mut by_key: BTreeMap<(String, String), Vec<CountedSpelling>> = BTreeMap::new();
        for mut r in rows {
            let name = take_text(&mut r, 0).unwrap_or_default();
            let kind = take_text(&mut r, 1).unwrap_or_default();
            let variant = (name, take_text(&mut r, 2), take_text(&mut r, 3));
            let (articles, mentions) = (r[4].int().unwrap_or(0), r[5].int().unwrap_or(0));
            by_key
                .entry((merge::fold(&variant.0), kind))
                .or_default()
                .push((variant, articles, mentions));
        }
        let mut out: Vec<ActorSummary> = by_key
            .into_iter()
            .map(|((_, kind), variants)| summarise_actor(kind, variants))
            .collect();
        out.sort_by(|a, b| {
            b.mentions
                .cmp(&a.mentions)
                .then_with(|| a.name.cmp(&b.name))
                .then_with(|| a.kind.cmp(&b.kind))
        });
        Ok(out)
    }

    /// Quotes, optionally only those of a speaker (folded name, full or
    /// surname), in article order.
    ///
    /// # Errors
    /// A speaker that names nothing; database errors.
    pub fn quotes(&mut self, speaker: Option<&str>) -> Result<Vec<QuoteRow>, StoreError> {
        if let Some(s) = speaker {
            check_name("--speaker", s)?;
        }
        let rows = self.db.query(
            "SELECT d.id, q.speaker, q.kind, q.cue, q.start_byte, q.end_byte, q.text, \
             d.published, d.doc_key FROM quotes q JOIN documents d ON d.doc_key = q.doc_key \
             ORDER BY d.doc_key, q.idx",
            &[],
        )?;
        let want = speaker.map(|s| Actor {
            name: s.to_string(),
            ..Actor::default()
        });
        let mut out = Vec::new();
        for mut r in rows {
            let order = article_order(r[7].text(), r[8].text().unwrap_or(""));
            let row = QuoteRow {
                article: take_text(&mut r, 0).unwrap_or_default(),
                speaker: take_text(&mut r, 1),
                kind: take_text(&mut r, 2),
                cue: take_text(&mut r, 3),
                start: r[4].int().unwrap_or(0),
                end: r[5].int().unwrap_or(0),
                text: take_text(&mut r, 6).unwrap_or_default(),
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
            out.push((order, row));
        }
        // Stable: quotes of one article keep their record order.
        out.sort_by(|a, b| a.0.cmp(&b.0));
        Ok(out.into_iter().map(|(_, q)| q).collect())
    }
}

/// An actor's spelling (name, country, code) with the articles and
/// mentions that give it.
type CountedSpelling = ((String, Option<String>, Option<String>), i64, i64);

/// One actor from the spellings that fold alike.
fn summarise_actor(kind: String, mut variants: Vec<CountedSpelling>) -> ActorSummary {
    let articles = variants.iter().map(|v| v.1).sum();
    let mentions = variants.iter().map(|v| v.2).sum();
    // Most articles first; ties: coded before uncoded, then by value.
    variants.sort_by(|a, b| {
        b.1.cmp(&a.1)
            .then_with(|| b.0 .2.is_some().cmp(&a.0 .2.is_some()))
            .then_with(|| a.0.cmp(&b.0))
    });
    let ((name, country, code), _, _) = variants.swap_remove(0);
    ActorSummary {
        name,
        kind,
        country,
        code,
        articles,
        mentions,
    }
}
