//! `attache export`: the whole store as JSON Lines (merged events, or the
//! stored records with `--records`), CSV of merged events, or GDELT 2.0
//! event rows (tab-separated, GDELT's 61 columns in order, no header).

use crate::query::open_store;
use anyhow::{Context, Result};
use attache_store::export::{csv_line, event_csv_row, gdelt_line, gdelt_row, EVENT_CSV_HEADER};
use attache_store::{EventFilter, StoreError};
use clap::ValueEnum;
use std::io::{BufWriter, Write};
use std::path::PathBuf;

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

/// Runs `export`.
pub fn run(args: ExportArgs) -> Result<bool> {
    let mut store = open_store(args.db.as_deref())?;
    #[cfg(feature = "parquet")]
    if args.format == ExportFormat::Parquet {
        let Some(path) = &args.out else {
            anyhow::bail!("--format parquet needs -o FILE");
        };
        let events = store.events(&EventFilter::default())?;
        let file =
            std::fs::File::create(path).with_context(|| format!("creating {}", path.display()))?;
        attache_store::export::write_parquet(&events, file)?;
        return Ok(true);
    }
    let sink: Box<dyn Write> = match &args.out {
        Some(p) => {
            Box::new(std::fs::File::create(p).with_context(|| format!("creating {}", p.display()))?)
        }
        None => Box::new(std::io::stdout().lock()),
    };
    let mut o = BufWriter::new(sink);
    if args.records {
        store.each_record(|r| {
            o.write_all(r.as_bytes())?;
            o.write_all(b"\n")?;
            Ok::<(), StoreError>(())
        })?;
        o.flush()?;
        return Ok(true);
    }
    let events = store.events(&EventFilter::default())?;
    match args.format {
        ExportFormat::Jsonl => {
            for e in &events {
                serde_json::to_writer(&mut o, e)?;
                o.write_all(b"\n")?;
            }
        }
        ExportFormat::Csv => {
            let header: Vec<String> = EVENT_CSV_HEADER.iter().map(|h| h.to_string()).collect();
            csv_line(&mut o, &header)?;
            for e in &events {
                csv_line(&mut o, &event_csv_row(e))?;
            }
        }
        ExportFormat::Gdelt => {
            let added = date_added();
            for (i, e) in events.iter().enumerate() {
                gdelt_line(&mut o, &gdelt_row(e, i as u64 + 1, &added))?;
            }
        }
        #[cfg(feature = "parquet")]
        ExportFormat::Parquet => unreachable!("written above"),
    }
    o.flush()?;
    Ok(true)
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
