//! `attache export`: the whole store as JSON Lines (merged events, or the
//! stored records with `--records`), CSV of merged events, or GDELT 2.0
//! event rows (tab-separated, GDELT's 61 columns in order, no header).

use crate::query::{db_spec, open_existing};
use crate::UsageError;
use anyhow::{Context, Result};
use attache_store::export::{csv_line, event_csv_row, gdelt_line, gdelt_row, EVENT_CSV_HEADER};
use attache_store::{EventFilter, Store, StoreError};
use clap::ValueEnum;
use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

/// Export formats.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ExportFormat {
    /// One JSON object per line.
    Jsonl,
    /// Merged events as comma-separated values with a header.
    Csv,
    /// Merged events as GDELT 2.0 event table rows (TSV, no header).
    Gdelt,
    /// Merged events as Parquet (needs `-o FILE`; built with the
    /// `parquet` feature).
    #[cfg(feature = "parquet")]
    Parquet,
}

/// Arguments of `attache export`.
#[derive(clap::Args)]
pub struct ExportArgs {
    /// Database: a SQLite file, or a postgres:// URL [default: $ATTACHE_DB,
    /// else attache.db].
    #[arg(long)]
    pub db: Option<String>,
    /// Output format.
    #[arg(long, value_enum)]
    pub format: ExportFormat,
    /// With jsonl: the stored records (OUTPUT.md), not merged events.
    #[arg(long)]
    pub records: bool,
    /// Write here instead of standard output.
    #[arg(long, short = 'o')]
    pub out: Option<PathBuf>,
}

/// Runs `export`. With `-o`, the export goes to a temporary file beside
/// the target, renamed over it only once complete: a failed export leaves
/// an earlier file as it was.
pub fn run(args: ExportArgs) -> Result<bool> {
    let spec = db_spec(args.db.as_deref())?;
    #[cfg(feature = "parquet")]
    if args.format == ExportFormat::Parquet && args.out.is_none() {
        return Err(UsageError("--format parquet needs -o FILE".into()).into());
    }
    if args.records && args.format != ExportFormat::Jsonl {
        return Err(UsageError("--records exports JSON Lines: give --format jsonl".into()).into());
    }
    if args.records && args.format != ExportFormat::Jsonl {
        return Err(UsageError("--records exports JSON Lines: give --format jsonl".into()).into());
    }
    if let Some(out) = &args.out {
        if out.is_dir() {
            let shown = out.display();
            return Err(UsageError(format!("-o {shown} is a directory: give a file")).into());
        }
        refuse_the_database(&spec, out)?;
    }
    let mut store = open_existing(&spec)?;
    match &args.out {
        Some(path) => write_atomically(path, |w| write_export(&mut store, &args, w)),
        None => {
            let mut o = BufWriter::new(std::io::stdout());
            write_export(&mut store, &args, &mut o)?;
            o.flush()?;
            Ok(())
        }
    }?;
    Ok(true)
}

/// Writes the export in `args.format` to `o`.
fn write_export<W: Write + Send>(store: &mut Store, args: &ExportArgs, o: &mut W) -> Result<()> {
    if args.records {
        store.each_record(|r| {
            o.write_all(r.as_bytes())?;
            o.write_all(b"\n")?;
            Ok::<(), StoreError>(())
        })?;
        return Ok(());
    }
    let events = store.events(&EventFilter::default())?;
    match args.format {
        ExportFormat::Jsonl => {
            for e in &events {
                serde_json::to_writer(&mut *o, e)?;
                o.write_all(b"\n")?;
            }
        }
        ExportFormat::Csv => {
            let header: Vec<String> = EVENT_CSV_HEADER.iter().map(|h| h.to_string()).collect();
            csv_line(o, &header)?;
            for e in &events {
                csv_line(o, &event_csv_row(e))?;
            }
        }
        ExportFormat::Gdelt => {
            let added = date_added();
            for (i, e) in events.iter().enumerate() {
                gdelt_line(o, &gdelt_row(e, i as u64 + 1, &added))?;
            }
        }
        #[cfg(feature = "parquet")]
        ExportFormat::Parquet => attache_store::export::write_parquet(&events, o)?,
    }
    Ok(())
}

/// Refuses an output that is the SQLite database itself or one of its
/// journal files, however the path is spelt (relative, `..`, symbolic or
/// hard links): writing it would destroy the store.
fn refuse_the_database(spec: &str, out: &Path) -> Result<()> {
    if spec.contains("://") {
        return Ok(());
    }
    let Ok(db) = std::fs::canonicalize(spec) else {
        return Ok(()); // no such file: nothing to destroy
    };
    let out_resolved = resolve(out);
    let mut clash = ["", "-wal", "-shm", "-journal"].iter().any(|suffix| {
        let mut p = db.clone().into_os_string();
        p.push(suffix);
        out_resolved.as_deref() == Some(Path::new(&p))
    });
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        if let (Ok(a), Ok(b)) = (std::fs::metadata(&db), std::fs::metadata(out)) {
            clash |= a.dev() == b.dev() && a.ino() == b.ino();
        }
    }
    if clash {
        return Err(UsageError(format!(
            "-o {} is the database {spec} (or its journal): refusing to overwrite it",
            out.display()
        ))
        .into());
    }
    Ok(())
}

/// The absolute path `p` names once links and `..` are resolved; for a
/// file that does not exist yet, its resolved directory joined with its
/// name.
fn resolve(p: &Path) -> Option<PathBuf> {
    if let Ok(c) = std::fs::canonicalize(p) {
        return Some(c);
    }
    let name = p.file_name()?;
    let dir = match p.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    Some(std::fs::canonicalize(dir).ok()?.join(name))
}

/// Writes `path` through a temporary file in its directory, renamed over
/// it only when `write` succeeded; on failure the temporary file goes and
/// `path` stays as it was.
fn write_atomically(
    path: &Path,
    write: impl FnOnce(&mut BufWriter<File>) -> Result<()>,
) -> Result<()> {
    let name = path
        .file_name()
        .with_context(|| format!("-o {}: not a file name", path.display()))?;
    let mut tmp_name = std::ffi::OsString::from(".");
    tmp_name.push(name);
    tmp_name.push(format!(".{}.tmp", std::process::id()));
    let tmp = path.with_file_name(tmp_name);
    let file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&tmp)
        .with_context(|| format!("creating {}", tmp.display()))?;
    let mut w = BufWriter::new(file);
    let written = write(&mut w).and_then(|()| {
        let file = w.into_inner().map_err(|e| e.into_error())?;
        file.sync_all()?;
        Ok(())
    });
    let renamed = written.and_then(|()| {
        std::fs::rename(&tmp, path).with_context(|| format!("writing {}", path.display()))
    });
    if renamed.is_err() {
        std::fs::remove_file(&tmp).ok();
    }
    renamed
}

/// Now, as GDELT's DATEADDED (YYYYMMDDHHMMSS, UTC).
fn date_added() -> String {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0);
    let (y, m, d) = attache_store::export::civil(secs.div_euclid(86_400));
    let t = secs.rem_euclid(86_400);
    format!(
        "{y:04}{m:02}{d:02}{:02}{:02}{:02}",
        t / 3600,
        t / 60 % 60,
        t % 60
    )
}
