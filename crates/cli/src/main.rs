//! `attache`: reads news articles and writes what happened as records.

mod export;
mod extract;
mod ingest;
mod input;
mod petrarch;
mod query;
mod serve;

use anyhow::Result;
use clap::{Parser, Subcommand, ValueEnum};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Parser)]
#[command(
    name = "attache",
    version,
    about = "Reads news articles; writes who did what to whom, when and where."
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Extract one record per document (OUTPUT.md) from JSONL, text or HTML.
    Extract(ExtractArgs),
    /// Run the PETRARCH validation suites and the PLOVER GSR through attache.
    PetrarchValidate(petrarch::PetrarchArgs),
    /// Store records in a database (SQLite file or postgres:// URL); resumable.
    Ingest(ingest::IngestArgs),
    /// Events merged across the stored articles, with their mentions.
    Events(query::EventsArgs),
    /// A person's itinerary merged across the stored articles.
    Itinerary(query::ItineraryArgs),
    /// Actors across the stored articles.
    Actors(query::ActorsArgs),
    /// Stored quotations.
    Quotes(query::QuotesArgs),
    /// Export the store: JSON Lines, CSV or GDELT 2.0 event rows.
    Export(export::ExportArgs),
    /// Serve the HTTP API and the web page (loopback by default).
    Serve(serve::ServeArgs),
}

/// Output format of `extract`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum OutputFormat {
    /// Pretty-printed JSON: one object for one document, else an array.
    Json,
    /// One compact JSON record per line.
    Jsonl,
}

#[derive(clap::Args)]
pub struct ExtractArgs {
    /// Input files (.jsonl, .txt, .html; else sniffed). Standard input when none.
    pub files: Vec<PathBuf>,
    /// Output format [default: jsonl for JSONL input, else json].
    #[arg(long, value_enum)]
    pub format: Option<OutputFormat>,
    /// Publication date (ISO 8601) for documents that carry none.
    #[arg(long, value_name = "DATE", value_parser = input::published_arg)]
    pub published: Option<String>,
    /// Treat every input as this format instead of guessing.
    #[arg(long, value_enum)]
    pub input: Option<InputArg>,
    /// Include the token layer in records.
    #[arg(long)]
    pub tokens: bool,
    /// Worker threads [default: all cores].
    #[arg(long, short = 'j', value_parser = input::threads_arg)]
    pub threads: Option<usize>,
}

/// Input format named on the command line.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum InputArg {
    /// JSON Lines.
    Jsonl,
    /// Plain text.
    Text,
    /// HTML.
    Html,
}

fn main() -> ExitCode {
    // A panic inside one document is caught and becomes that document's
    // error record; say it in one line rather than a backtrace per panic.
    std::panic::set_hook(Box::new(|info| {
        eprintln!("attache: internal error: {info}")
    }));
    let cli = Cli::parse();
    let result: Result<bool> = match cli.command {
        Command::Extract(args) => extract::run(args),
        Command::PetrarchValidate(args) => petrarch::run(args),
        Command::Ingest(args) => ingest::run(args),
        Command::Events(args) => query::events(args),
        Command::Itinerary(args) => query::itinerary(args),
        Command::Actors(args) => query::actors(args),
        Command::Quotes(args) => query::quotes(args),
        Command::Export(args) => export::run(args),
        Command::Serve(args) => serve::run(args),
    };
    match result {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::from(1),
        Err(e) if is_broken_pipe(&e) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("attache: {e:#}");
            if e.downcast_ref::<UsageError>().is_some() {
                ExitCode::from(2)
            } else {
                ExitCode::from(3)
            }
        }
    }
}

/// A command line that cannot be run (exit code 2, as clap's own errors);
/// every other failure is a runtime failure (exit code 3).
#[derive(Debug)]
pub struct UsageError(pub String);

impl std::fmt::Display for UsageError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for UsageError {}

/// A closed stdout (`attache events | head`) is not a failure. JSON
/// writers hide the I/O error from the error chain; ask them.
fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|c| {
        let kind = if let Some(io) = c.downcast_ref::<std::io::Error>() {
            Some(io.kind())
        } else if let Some(json) = c.downcast_ref::<serde_json::Error>() {
            json.io_error_kind()
        } else {
            None
        };
        kind == Some(std::io::ErrorKind::BrokenPipe)
    })
}
