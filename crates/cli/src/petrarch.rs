//! `attache petrarch-validate`: runs the PETRARCH validation suites and the
//! PLOVER gold standard records through attache and prints the figures.

use anyhow::{Context, Result};
use attache_petrarch::validate::{self, Options};
use clap::ValueEnum;
use std::path::PathBuf;

/// Output format of `petrarch-validate`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ReportFormat {
    /// A text table.
    Table,
    /// Pretty-printed JSON.
    Json,
}

#[derive(clap::Args)]
pub struct PetrarchArgs {
    /// The folder holding petrarch2/, universal-petrarch/ and plover/.
    #[arg(long, value_name = "DIR", default_value = "../shared/data/petrarch")]
    pub data: PathBuf,
    /// Output format.
    #[arg(long, value_enum, default_value = "table")]
    pub format: ReportFormat,
    /// Include every record's expected and coded events (JSON).
    #[arg(long)]
    pub details: bool,
    /// Converted verb predicates require a target (PETRARCH's
    /// require_dyad) instead of taking an optional one.
    #[arg(long)]
    pub require_object: bool,
    /// Show what attache does with one record: SUITE:ID (suites:
    /// petr-unittest, udpetr-2_02, petr2-gsr).
    #[arg(long, value_name = "SUITE:ID")]
    pub explain: Option<String>,
}

pub fn run(args: PetrarchArgs) -> Result<bool> {
    if !args.data.is_dir() {
        anyhow::bail!("{}: no such folder (give --data DIR)", args.data.display());
    }
    let mut opts = Options::new(&args.data);
    opts.details = args.details;
    if args.require_object {
        opts.target = validate::TargetRule::Object;
    }
    if let Some(x) = &args.explain {
        let (suite, id) = x.split_once(':').context("--explain takes SUITE:ID")?;
        print!("{}", validate::explain(&opts, suite, id)?);
        return Ok(true);
    }
    let report = validate::run_all(&opts)
        .with_context(|| format!("validating with {}", args.data.display()))?;
    match args.format {
        ReportFormat::Table => print!("{}", validate::table(&report)),
        ReportFormat::Json => println!("{}", validate::json(&report)),
    }
    Ok(true)
}
