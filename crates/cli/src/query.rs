//! Queries over a store: `attache events`, `itinerary`, `actors`,
//! `quotes`. A readable table by default; `--format json|jsonl|csv` for
//! programs.

use crate::UsageError;
use anyhow::{Context, Result};
use attache_store::export::{csv_line, event_csv_row, EVENT_CSV_HEADER};
use attache_store::{display_spec, EventFilter, FilterError, Store};
use clap::ValueEnum;
use serde::Serialize;
use std::io::{BufWriter, Write};

/// The database named by `--db`, else `$ATTACHE_DB`, else `attache.db`.
/// An empty `--db` is a usage error: it names nothing.
pub fn db_spec(db: Option<&str>) -> Result<String> {
    match db {
        Some(d) if d.trim().is_empty() => {
            Err(UsageError("--db is empty: give a SQLite file or a postgres:// URL".into()).into())
        }
        Some(d) => Ok(d.to_string()),
        None => Ok(std::env::var("ATTACHE_DB")
            .ok()
            .filter(|v| !v.trim().is_empty())
            .unwrap_or_else(|| "attache.db".to_string())),
    }
}

/// Opens (creating if need be) the store named by `db` (see [`db_spec`])
/// to write into.
pub fn open_store(db: Option<&str>) -> Result<Store> {
    let spec = db_spec(db)?;
    Store::open(&spec).with_context(|| format!("opening the database {}", display_spec(&spec)))
}

/// Opens an existing store to read, read-only.
pub fn open_existing(spec: &str) -> Result<Store> {
    Store::open_read_only(spec)
        .with_context(|| format!("opening the database {}", display_spec(spec)))
}

/// A bad filter value is a usage error.
fn usage(e: FilterError) -> anyhow::Error {
    UsageError(e.to_string()).into()
}

/// Output format of the query commands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum, Default)]
pub enum QueryFormat {
    /// Aligned columns for people.
    #[default]
    Table,
    /// One pretty JSON value.
    Json,
    /// One JSON object per line.
    Jsonl,
    /// Comma-separated values with a header.
    Csv,
}

/// `--db` and `--format`, shared by every query.
#[derive(clap::Args)]
pub struct Common {
    /// Database: a SQLite file, or a postgres:// URL [default: $ATTACHE_DB,
    /// else attache.db].
    #[arg(long)]
    pub db: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t)]
    pub format: QueryFormat,
}

/// Arguments of `attache events`.
#[derive(clap::Args)]
pub struct EventsArgs {
    #[command(flatten)]
    common: Common,
    /// Source or target: a name (full or surname), an actor code or a
    /// country code.
    #[arg(long)]
    actor: Option<String>,
    /// Target: as --actor.
    #[arg(long)]
    target: Option<String>,
    /// CAMEO code prefix ("04", "042").
    #[arg(long)]
    cameo: Option<String>,
    /// Earliest date (ISO 8601).
    #[arg(long)]
    from: Option<String>,
    /// Latest date (ISO 8601).
    #[arg(long)]
    to: Option<String>,
    /// Status (occurred, planned, ...).
    #[arg(long)]
    status: Option<String>,
    /// Place name or country code.
    #[arg(long)]
    place: Option<String>,
}

/// Arguments of `attache itinerary`.
#[derive(clap::Args)]
pub struct ItineraryArgs {
    /// The traveller: full name or surname.
    name: String,
    #[command(flatten)]
    common: Common,
    /// Earliest date (ISO 8601).
    #[arg(long)]
    from: Option<String>,
    /// Latest date (ISO 8601).
    #[arg(long)]
    to: Option<String>,
}

/// Arguments of `attache actors`.
#[derive(clap::Args)]
pub struct ActorsArgs {
    #[command(flatten)]
    common: Common,
}

/// Arguments of `attache quotes`.
#[derive(clap::Args)]
pub struct QuotesArgs {
    #[command(flatten)]
    common: Common,
    /// Only this speaker's quotes (full name or surname).
    #[arg(long)]
    speaker: Option<String>,
}

fn out() -> BufWriter<std::io::StdoutLock<'static>> {
    BufWriter::new(std::io::stdout().lock())
}

fn write_json<T: Serialize>(format: QueryFormat, items: &[T]) -> Result<()> {
    let mut o = out();
    if format == QueryFormat::Json {
        serde_json::to_writer_pretty(&mut o, items)?;
        writeln!(o)?;
    } else {
        for it in items {
            serde_json::to_writer(&mut o, it)?;
            writeln!(o)?;
        }
    }
    o.flush()?;
    Ok(())
}

fn write_csv(header: &[&str], rows: &[Vec<String>]) -> Result<()> {
    let mut o = out();
    csv_line(
        &mut o,
        &header.iter().map(|h| h.to_string()).collect::<Vec<_>>(),
    )?;
    for r in rows {
        csv_line(&mut o, r)?;
    }
    o.flush()?;
    Ok(())
}

/// Writes aligned columns to standard output, cells cut to 40 characters.
fn print_table(header: &[&str], rows: &[Vec<String>]) -> Result<()> {
    let mut o = out();
    write_table(&mut o, header, rows)?;
    o.flush()?;
    Ok(())
}

/// Writes aligned columns, cells cut to 40 characters.
fn write_table(o: &mut dyn Write, header: &[&str], rows: &[Vec<String>]) -> Result<()> {
    const MAX: usize = 40;
    let cut = |s: &str| -> String {
        let s = s.replace(['\n', '\t'], " ");
        if s.chars().count() > MAX {
            let mut t: String = s.chars().take(MAX - 1).collect();
            t.push('…');
            t
        } else {
            s
        }
    };
    let cells: Vec<Vec<String>> = rows
        .iter()
        .map(|r| r.iter().map(|c| cut(c)).collect())
        .collect();
    let mut widths: Vec<usize> = header.iter().map(|h| h.chars().count()).collect();
    for r in &cells {
        for (w, c) in widths.iter_mut().zip(r) {
            *w = (*w).max(c.chars().count());
        }
    }
    let line = |o: &mut dyn Write, r: &[String]| -> std::io::Result<()> {
        let parts: Vec<String> = r
            .iter()
            .zip(&widths)
            .map(|(c, w)| format!("{c}{}", " ".repeat(w - c.chars().count())))
            .collect();
        writeln!(o, "{}", parts.join("  ").trim_end())
    };
    line(o, &header.iter().map(|h| h.to_string()).collect::<Vec<_>>())?;
    for r in &cells {
        line(o, r)?;
    }
    Ok(())
}

/// Runs `events`.
pub fn events(args: EventsArgs) -> Result<bool> {
    let spec = db_spec(args.common.db.as_deref())?;
    let filter = EventFilter {
        actor: args.actor,
        target: args.target,
        cameo: args.cameo,
        from: args.from,
        to: args.to,
        status: args.status,
        place: args.place,
    };
    filter.validate().map_err(usage)?;
    let events = open_existing(&spec)?.events(&filter)?;
    match args.common.format {
        QueryFormat::Json | QueryFormat::Jsonl => write_json(args.common.format, &events)?,
        QueryFormat::Csv => {
            let rows: Vec<Vec<String>> = events.iter().map(event_csv_row).collect();
            write_csv(EVENT_CSV_HEADER, &rows)?;
        }
        QueryFormat::Table => {
            let rows: Vec<Vec<String>> = events
                .iter()
                .map(|m| {
                    let e = &m.event;
                    let name = |a: &Option<attache_store::model::Actor>| {
                        a.as_ref().map(|a| a.name.clone()).unwrap_or_default()
                    };
                    vec![
                        e.id.clone(),
                        e.date.clone().unwrap_or_default(),
                        name(&e.source),
                        e.cameo.clone(),
                        name(&e.target),
                        e.status.clone(),
                        e.place.as_ref().map(|p| p.name.clone()).unwrap_or_default(),
                        m.num_mentions.to_string(),
                        m.num_articles.to_string(),
                    ]
                })
                .collect();
            print_table(
                &[
                    "id", "date", "source", "cameo", "target", "status", "place", "mentions",
                    "articles",
                ],
                &rows,
            )?;
        }
    }
    Ok(true)
}

/// Runs `itinerary`. `Ok(false)` when nobody of that name travels.
pub fn itinerary(args: ItineraryArgs) -> Result<bool> {
    let spec = db_spec(args.common.db.as_deref())?;
    attache_store::check_name("the name", &args.name).map_err(usage)?;
    attache_store::check_dates(args.from.as_deref(), args.to.as_deref()).map_err(usage)?;
    let mut store = open_existing(&spec)?;
    let Some(it) = store.itinerary(&args.name, args.from.as_deref(), args.to.as_deref())? else {
        eprintln!("attache: no itinerary for {}", args.name);
        return Ok(false);
    };
    let rows: Vec<Vec<String>> = it
        .stops
        .iter()
        .map(|s| {
            vec![
                s.date.clone().unwrap_or_default(),
                s.place.name.clone(),
                s.place.country.clone().unwrap_or_default(),
                s.status.clone(),
                s.articles.join(" "),
            ]
        })
        .collect();
    let header = ["date", "place", "country", "status", "articles"];
    match args.common.format {
        QueryFormat::Json => {
            let mut o = out();
            serde_json::to_writer_pretty(&mut o, &it)?;
            writeln!(o)?;
            o.flush()?;
        }
        QueryFormat::Jsonl => write_json(QueryFormat::Jsonl, std::slice::from_ref(&it))?,
        QueryFormat::Csv => write_csv(&header, &rows)?,
        QueryFormat::Table => {
            let mut o = out();
            writeln!(o, "{}", it.person.name)?;
            write_table(&mut o, &header, &rows)?;
            for c in &it.conflicts {
                let values: Vec<String> = c
                    .values
                    .iter()
                    .zip(&c.articles)
                    .map(|(v, a)| format!("{v} ({})", a.join(" ")))
                    .collect();
                writeln!(o, "conflict: {}: {}", c.about, values.join(" vs "))?;
            }
            o.flush()?;
        }
    }
    Ok(true)
}

/// Runs `actors`.
pub fn actors(args: ActorsArgs) -> Result<bool> {
    let spec = db_spec(args.common.db.as_deref())?;
    let actors = open_existing(&spec)?.actors()?;
    let header = ["name", "type", "country", "code", "articles", "mentions"];
    let rows: Vec<Vec<String>> = actors
        .iter()
        .map(|a| {
            vec![
                a.name.clone(),
                a.kind.clone(),
                a.country.clone().unwrap_or_default(),
                a.code.clone().unwrap_or_default(),
                a.articles.to_string(),
                a.mentions.to_string(),
            ]
        })
        .collect();
    match args.common.format {
        QueryFormat::Json | QueryFormat::Jsonl => write_json(args.common.format, &actors)?,
        QueryFormat::Csv => write_csv(&header, &rows)?,
        QueryFormat::Table => print_table(&header, &rows)?,
    }
    Ok(true)
}

/// Runs `quotes`.
pub fn quotes(args: QuotesArgs) -> Result<bool> {
    let spec = db_spec(args.common.db.as_deref())?;
    if let Some(s) = &args.speaker {
        attache_store::check_name("--speaker", s).map_err(usage)?;
    }
    let quotes = open_existing(&spec)?.quotes(args.speaker.as_deref())?;
    let header = ["article", "speaker", "kind", "cue", "text"];
    let rows: Vec<Vec<String>> = quotes
        .iter()
        .map(|q| {
            vec![
                q.article.clone(),
                q.speaker.clone().unwrap_or_default(),
                q.kind.clone().unwrap_or_default(),
                q.cue.clone().unwrap_or_default(),
                q.text.clone(),
            ]
        })
        .collect();
    match args.common.format {
        QueryFormat::Json | QueryFormat::Jsonl => write_json(args.common.format, &quotes)?,
        QueryFormat::Csv => write_csv(&header, &rows)?,
        QueryFormat::Table => print_table(&header, &rows)?,
    }
    Ok(true)
}
