//! `attache serve`: the HTTP API and the web page (crate attache-server).

use crate::UsageError;
use anyhow::{Context, Result};
use std::net::SocketAddr;
use std::time::Duration;

/// Arguments of `attache serve`.
#[derive(clap::Args)]
pub struct ServeArgs {
    /// Database: a SQLite file, or a postgres:// URL [default: $ATTACHE_DB;
    /// without either, only extraction is served].
    #[arg(long)]
    pub db: Option<String>,
    /// Address to listen on (loopback by default).
    #[arg(long, default_value = "127.0.0.1:8080")]
    pub addr: SocketAddr,
    /// Bearer token required by POST /api/documents [default: $ATTACHE_TOKEN].
    #[arg(long, env = "ATTACHE_TOKEN", hide_env_values = true)]
    pub token: Option<String>,
    /// Refuse writes; open the store read-only.
    #[arg(long)]
    pub read_only: bool,
    /// Concurrent extractions [default: all cores].
    #[arg(long, value_parser = crate::input::threads_arg)]
    pub workers: Option<usize>,
    /// Extractions that may wait for a worker before the server answers 503.
    #[arg(long, default_value_t = 64)]
    pub queue: usize,
    /// Per-request time limit in seconds.
    #[arg(long, default_value_t = 60)]
    pub timeout: u64,
}

/// Runs `serve` until SIGTERM or Ctrl-C.
pub fn run(args: ServeArgs) -> Result<bool> {
    let db = match args.db {
        Some(d) if d.trim().is_empty() => {
            return Err(
                UsageError("--db is empty: give a SQLite file or a postgres:// URL".into()).into(),
            )
        }
        Some(d) => Some(d),
        None => std::env::var("ATTACHE_DB")
            .ok()
            .filter(|v| !v.trim().is_empty()),
    };
    if args.timeout == 0 {
        return Err(UsageError("--timeout must be at least 1 second".into()).into());
    }
    let defaults = attache_server::Config::default();
    let config = attache_server::Config {
        db,
        addr: args.addr,
        token: args.token.filter(|t| !t.is_empty()),
        read_only: args.read_only,
        workers: args.workers.unwrap_or(defaults.workers),
        queue: args.queue,
        timeout: Duration::from_secs(args.timeout),
    };
    if !config.addr.ip().is_loopback() && config.token.is_none() && !config.read_only {
        eprintln!(
            "attache: warning: listening on {} without --token: anyone who reaches it can write",
            config.addr
        );
    }
    let running = attache_server::start(&config).context("starting the server")?;
    eprintln!(
        "attache: serving on http://{}/ ({}); stop with Ctrl-C",
        running.addr,
        config.db.as_deref().map_or(
            "no store: extraction only".into(),
            attache_store::display_spec
        )
    );
    running.join().context("serving")?;
    eprintln!("attache: stopped");
    Ok(true)
}
