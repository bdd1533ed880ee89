//! The two database backends behind one small interface: run a statement,
//! run a query, begin/commit/roll back. SQL is written once with `$1, $2...`
//! placeholders (each used once, in order), which both SQLite and
//! PostgreSQL accept, over a schema of TEXT, BIGINT and DOUBLE PRECISION.

use crate::StoreError;
use std::collections::HashMap;
use std::path::Path;

/// A value passed to or read from the database.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// NULL.
    Null,
    /// BIGINT.
    Int(i64),
    /// DOUBLE PRECISION.
    Real(f64),
    /// TEXT.
    Text(String),
}

impl Value {
    /// The text, if any.
    pub fn text(&self) -> Option<&str> {
        match self {
            Value::Text(s) => Some(s),
            _ => None,
        }
    }

    /// The integer, if any.
    pub fn int(&self) -> Option<i64> {
        match self {
            Value::Int(i) => Some(*i),
            Value::Real(f) => Some(*f as i64),
            _ => None,
        }
    }

    /// Text into an owned string (NULL → None).
    pub fn into_text(self) -> Option<String> {
        match self {
            Value::Text(s) => Some(s),
            _ => None,
        }
    }
}

impl From<&str> for Value {
    fn from(s: &str) -> Value {
        Value::Text(s.to_string())
    }
}

impl From<String> for Value {
    fn from(s: String) -> Value {
        Value::Text(s)
    }
}

impl From<Option<&str>> for Value {
    fn from(s: Option<&str>) -> Value {
        s.map_or(Value::Null, Value::from)
    }
}

impl From<Option<String>> for Value {
    fn from(s: Option<String>) -> Value {
        s.map_or(Value::Null, Value::Text)
    }
}

impl From<i64> for Value {
    fn from(i: i64) -> Value {
        Value::Int(i)
    }
}

impl From<u32> for Value {
    fn from(i: u32) -> Value {
        Value::Int(i64::from(i))
    }
}

impl From<f64> for Value {
    fn from(f: f64) -> Value {
        Value::Real(f)
    }
}

/// A database connection.
pub enum Backend {
    /// An embedded SQLite file.
    Sqlite(rusqlite::Connection),
    /// A PostgreSQL server, with prepared statements cached by SQL text.
    Postgres(Box<postgres::Client>, HashMap<String, postgres::Statement>),
}

impl Backend {
    /// Opens (creating if need be) a SQLite file for reading and writing.
    /// Nothing is written yet: the store checks the file is its own first
    /// ([`Backend::prepare_for_writing`] then sets the journal mode).
    pub fn sqlite(path: &Path) -> Result<Backend, StoreError> {
        let conn = rusqlite::Connection::open(path)?;
        conn.busy_timeout(std::time::Duration::from_secs(30))?;
        Ok(Backend::Sqlite(conn))
    }

    /// Opens an existing SQLite file read-only: `mode=ro`, and
    /// `immutable=1` when its directory is not writable (SQLite could not
    /// create the `-shm` file a WAL reader needs) and no `-wal` file holds
    /// changes that immutable reading would miss.
    pub fn sqlite_read_only(path: &Path) -> Result<Backend, StoreError> {
        let uri = read_only_uri(path);
        let flags = rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY
            | rusqlite::OpenFlags::SQLITE_OPEN_URI
            | rusqlite::OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let conn = rusqlite::Connection::open_with_flags(uri, flags)?;
        conn.busy_timeout(std::time::Duration::from_secs(30))?;
        Ok(Backend::Sqlite(conn))
    }

    /// Connects to a PostgreSQL server by URL.
    pub fn postgres(url: &str) -> Result<Backend, StoreError> {
        let client = postgres::Client::connect(url, postgres::NoTls)?;
        Ok(Backend::Postgres(Box::new(client), HashMap::new()))
    }

    /// Connects to a PostgreSQL server by URL in read-only transactions.
    pub fn postgres_read_only(url: &str) -> Result<Backend, StoreError> {
        let mut db = Backend::postgres(url)?;
        db.batch("SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY")?;
        Ok(db)
    }

    /// Settings for a store that will be written: SQLite in WAL mode, so
    /// readers never block the writer, with NORMAL sync, durable across
    /// process crashes (kill -9), which is what resumption needs.
    pub fn prepare_for_writing(&mut self) -> Result<(), StoreError> {
        if let Backend::Sqlite(conn) = self {
            // Switching the journal mode needs the file to itself, and SQLite
            // answers BUSY at once (no busy handler) while another process
            // opens a fresh store at the same moment: retry for a while.
            let mut wait = std::time::Duration::from_millis(5);
            let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
            loop {
                match conn.pragma_update(None, "journal_mode", "WAL") {
                    Err(e) if is_busy(&e) && std::time::Instant::now() < deadline => {
                        std::thread::sleep(wait);
                        wait = (wait * 2).min(std::time::Duration::from_millis(200));
                    }
                    other => break other?,
                }
            }
            conn.pragma_update(None, "synchronous", "NORMAL")?;
        }
        Ok(())
    }

    /// Begins a write transaction. SQLite takes the write lock at once
    /// (IMMEDIATE): a transaction that reads before it writes could
    /// otherwise fail to upgrade when another process wrote in between.
    pub fn begin(&mut self) -> Result<(), StoreError> {
        match self {
            Backend::Sqlite(_) => self.batch("BEGIN IMMEDIATE"),
            Backend::Postgres(..) => self.batch("BEGIN"),
        }
    }

    /// "sqlite" or "postgres".
    pub fn kind(&self) -> &'static str {
        match self {
            Backend::Sqlite(_) => "sqlite",
            Backend::Postgres(..) => "postgres",
        }
    }

    /// Runs statements without parameters (DDL, BEGIN, COMMIT).
    pub fn batch(&mut self, sql: &str) -> Result<(), StoreError> {
        match self {
            Backend::Sqlite(c) => c.execute_batch(sql)?,
            Backend::Postgres(c, _) => c.batch_execute(sql)?,
        }
        Ok(())
    }

    /// Runs one statement; returns the number of rows changed.
    pub fn exec(&mut self, sql: &str, params: &[Value]) -> Result<u64, StoreError> {
        match self {
            Backend::Sqlite(c) => {
                let mut st = c.prepare_cached(sql)?;
                let n = st.execute(rusqlite::params_from_iter(params.iter()))?;
                Ok(n as u64)
            }
            Backend::Postgres(c, cache) => {
                let st = pg_statement(c, cache, sql)?;
                let refs: Vec<&(dyn postgres::types::ToSql + Sync)> =
                    params.iter().map(|p| p as _).collect();
                Ok(c.execute(&st, &refs)?)
            }
        }
    }

    /// Runs one query; returns its rows.
    pub fn query(&mut self, sql: &str, params: &[Value]) -> Result<Vec<Vec<Value>>, StoreError> {
        let mut rows = Vec::new();
        self.query_each(sql, params, |row| {
            rows.push(row);
            Ok(())
        })?;
        Ok(rows)
    }

    /// Runs one query and hands each row to `f` as it arrives (SQLite
    /// streams; PostgreSQL rows arrive in one reply).
    pub fn query_each(
        &mut self,
        sql: &str,
        params: &[Value],
        mut f: impl FnMut(Vec<Value>) -> Result<(), StoreError>,
    ) -> Result<(), StoreError> {
        match self {
            Backend::Sqlite(c) => {
                let mut st = c.prepare_cached(sql)?;
                let n = st.column_count();
                let mut rows = st.query(rusqlite::params_from_iter(params.iter()))?;
                while let Some(row) = rows.next()? {
                    let mut out = Vec::with_capacity(n);
                    for i in 0..n {
                        out.push(match row.get_ref(i)? {
                            rusqlite::types::ValueRef::Null => Value::Null,
                            rusqlite::types::ValueRef::Integer(i) => Value::Int(i),
                            rusqlite::types::ValueRef::Real(f) => Value::Real(f),
                            rusqlite::types::ValueRef::Text(t) => {
                                Value::Text(String::from_utf8_lossy(t).into_owned())
                            }
                            rusqlite::types::ValueRef::Blob(b) => {
                                Value::Text(String::from_utf8_lossy(b).into_owned())
                            }
                        });
                    }
                    f(out)?;
                }
                Ok(())
            }
            Backend::Postgres(c, cache) => {
                let st = pg_statement(c, cache, sql)?;
                let refs: Vec<&(dyn postgres::types::ToSql + Sync)> =
                    params.iter().map(|p| p as _).collect();
                for row in c.query(&st, &refs)? {
                    let mut out = Vec::with_capacity(row.len());
                    for (i, col) in row.columns().iter().enumerate() {
                        use postgres::types::Type;
                        let ty = col.type_();
                        out.push(if *ty == Type::INT8 {
                            row.try_get::<_, Option<i64>>(i)?
                                .map_or(Value::Null, Value::Int)
                        } else if *ty == Type::INT4 {
                            row.try_get::<_, Option<i32>>(i)?
                                .map_or(Value::Null, |v| Value::Int(v.into()))
                        } else if *ty == Type::FLOAT8 {
                            row.try_get::<_, Option<f64>>(i)?
                                .map_or(Value::Null, Value::Real)
                        } else {
                            row.try_get::<_, Option<String>>(i)?
                                .map_or(Value::Null, Value::Text)
                        });
                    }
                    f(out)?;
                }
                Ok(())
            }
        }
    }
}

/// The URI [`Backend::sqlite_read_only`] opens `path` with: immutable
/// when its directory is not writable and no `-wal` file holds changes.
pub fn read_only_uri(path: &Path) -> String {
    sqlite_read_uri(path, !dir_writable(path) && !has_wal(path))
}

/// The URI that opens a SQLite file read-only (`file:` with the path
/// percent-encoded, `mode=ro`, and `immutable=1` when asked).
pub fn sqlite_read_uri(path: &Path, immutable: bool) -> String {
    let mut uri = String::from("file:");
    for &b in path_bytes(path).iter() {
        if b.is_ascii_alphanumeric() || b"/-_.~".contains(&b) {
            uri.push(char::from(b));
        } else {
            uri.push_str(&format!("%{b:02X}"));
        }
    }
    uri.push_str("?mode=ro");
    if immutable {
        uri.push_str("&immutable=1");
    }
    uri
}

#[cfg(unix)]
fn path_bytes(path: &Path) -> Vec<u8> {
    use std::os::unix::ffi::OsStrExt;
    path.as_os_str().as_bytes().to_vec()
}

#[cfg(not(unix))]
fn path_bytes(path: &Path) -> Vec<u8> {
    path.to_string_lossy().replace('\\', "/").into_bytes()
}

/// Whether the directory holding `path` may be written: its mode grants
/// writing (root ignores the mode, but a read-only mode still says the
/// owner wants nothing written there) and the process may write it.
fn dir_writable(path: &Path) -> bool {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let mode_allows = std::fs::metadata(dir).is_ok_and(|m| !m.permissions().readonly());
    mode_allows && process_may_write(dir)
}

#[cfg(unix)]
fn process_may_write(dir: &Path) -> bool {
    use std::os::unix::ffi::OsStrExt;
    let Ok(c) = std::ffi::CString::new(dir.as_os_str().as_bytes()) else {
        return false;
    };
    // SAFETY: `c` is a valid NUL-terminated string that outlives the call.
    unsafe { libc::access(c.as_ptr(), libc::W_OK) == 0 }
}

#[cfg(not(unix))]
fn process_may_write(_dir: &Path) -> bool {
    true
}

/// Whether a non-empty `-wal` file lies beside the database.
fn has_wal(path: &Path) -> bool {
    let mut wal = path.as_os_str().to_owned();
    wal.push("-wal");
    std::fs::metadata(wal).is_ok_and(|m| m.len() > 0)
}

fn pg_statement(
    client: &mut postgres::Client,
    cache: &mut HashMap<String, postgres::Statement>,
    sql: &str,
) -> Result<postgres::Statement, StoreError> {
    if let Some(st) = cache.get(sql) {
        return Ok(st.clone());
    }
    let st = client.prepare(sql)?;
    cache.insert(sql.to_string(), st.clone());
    Ok(st)
}

impl rusqlite::ToSql for Value {
    fn to_sql(&self) -> rusqlite::Result<rusqlite::types::ToSqlOutput<'_>> {
        use rusqlite::types::{ToSqlOutput, ValueRef};
        Ok(match self {
            Value::Null => ToSqlOutput::Borrowed(ValueRef::Null),
            Value::Int(i) => ToSqlOutput::Borrowed(ValueRef::Integer(*i)),
            Value::Real(f) => ToSqlOutput::Borrowed(ValueRef::Real(*f)),
            Value::Text(s) => ToSqlOutput::Borrowed(ValueRef::Text(s.as_bytes())),
        })
    }
}

impl postgres::types::ToSql for Value {
    fn to_sql(
        &self,
        ty: &postgres::types::Type,
        out: &mut postgres::types::private::BytesMut,
    ) -> Result<postgres::types::IsNull, Box<dyn std::error::Error + Sync + Send>> {
        use postgres::types::{IsNull, Type};
        match self {
            Value::Null => Ok(IsNull::Yes),
            Value::Int(i) if *ty == Type::INT4 => i32::try_from(*i)?.to_sql(ty, out),
            Value::Int(i) if *ty == Type::FLOAT8 => (*i as f64).to_sql(ty, out),
            Value::Int(i) => i.to_sql(ty, out),
            Value::Real(f) => f.to_sql(ty, out),
            Value::Text(s) => s.as_str().to_sql(ty, out),
        }
    }

    fn accepts(_ty: &postgres::types::Type) -> bool {
        true
    }

    postgres::types::to_sql_checked!();
}

/// SQLite's "database is locked" (or a table lock): another connection holds
/// the lock this statement needs.
fn is_busy(e: &rusqlite::Error) -> bool {
    matches!(
        e.sqlite_error_code(),
        Some(rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked)
    )
}
