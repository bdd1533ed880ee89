//! attache-server: `attache serve`, an HTTP API over the engine (extract)
//! and the store (ingest, events, itineraries, actors, quotes, conflicts),
//! plus a web page embedded in the binary.
//!
//! One built pipeline is shared by all requests. Extraction runs on
//! blocking threads behind a gate (bounded workers and queue; 503 with
//! Retry-After when full); store queries run on blocking threads over a
//! small pool of read-only connections, writes over one writer. Every
//! answer carries security headers; there is no CORS. SIGTERM or Ctrl-C
//! stops accepting and lets in-flight requests finish.

#![deny(missing_docs)]

mod assets;
mod error;
mod layers;
mod metrics;
mod openapi;
mod params;
mod query;
mod state;
mod write;

pub use error::ApiError;
pub use state::AppState;

use attache::ingest::MAX_DOCUMENT_BYTES;
use attache::{Engine, EngineOptions};
use axum::extract::{DefaultBodyLimit, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post, MethodRouter};
use axum::{Json, Router};
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

/// How to run the server.
#[derive(Debug, Clone)]
pub struct Config {
    /// The store: a SQLite file or a postgres:// URL; none serves extract
    /// only.
    pub db: Option<String>,
    /// Where to listen.
    pub addr: SocketAddr,
    /// Bearer token required to write, when set.
    pub token: Option<String>,
    /// Refuse writes; open the store read-only.
    pub read_only: bool,
    /// Concurrent extractions.
    pub workers: usize,
    /// Extractions waiting beyond the workers before 503.
    pub queue: usize,
    /// Per-request time limit.
    pub timeout: Duration,
}

impl Default for Config {
    fn default() -> Config {
        Config {
            db: None,
            addr: SocketAddr::from(([127, 0, 0, 1], 8080)),
            token: None,
            read_only: false,
            workers: std::thread::available_parallelism().map_or(1, |n| n.get()),
            queue: 64,
            timeout: Duration::from_secs(60),
        }
    }
}

/// Why the server could not start or stopped.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ServeError {
    /// The store could not be opened.
    #[error("opening the database {spec}: {source}")]
    Store {
        /// The store, without its password.
        spec: String,
        /// Why.
        source: attache_store::StoreError,
    },
    /// Binding, or the runtime, failed.
    #[error("{what}: {source}")]
    Io {
        /// What was being done.
        what: String,
        /// Why.
        source: std::io::Error,
    },
    /// A token that is empty or not printable ASCII.
    #[error("the token must be printable ASCII without spaces")]
    BadToken,
}

/// The state for `config`: builds the pipeline and opens the store.
///
/// # Errors
/// The store cannot be opened, or the token is unusable.
pub fn state(config: &Config) -> Result<AppState, ServeError> {
    if let Some(t) = &config.token {
        if t.is_empty() || !t.bytes().all(|b| b.is_ascii_graphic()) {
            return Err(ServeError::BadToken);
        }
    }
    let stores = match &config.db {
        Some(spec) => Some(Arc::new(
            state::StorePool::open(spec, config.read_only).map_err(|source| ServeError::Store {
                spec: attache_store::display_spec(spec),
                source,
            })?,
        )),
        None => None,
    };
    Ok(AppState {
        engine: Arc::new(Engine::new(EngineOptions::default())),
        stores,
        gate: Arc::new(state::Gate::new(config.workers, config.queue)),
        gate_capacity: config.workers.max(1) + config.queue,
        metrics: Arc::new(metrics::Metrics::default()),
        token: config.token.as_deref().map(Arc::from),
        read_only: config.read_only,
        timeout: config.timeout,
    })
}

/// The routes, with which of them the OpenAPI document describes.
struct Routes {
    router: Router<AppState>,
    documented: Vec<(&'static str, &'static str)>,
}

impl Routes {
    fn api(mut self, method: &'static str, path: &'static str, r: MethodRouter<AppState>) -> Self {
        self.documented.push((method, path));
        self.router = self.router.route(path, r);
        self
    }

    /// A route of the web page, outside the API description.
    fn page(mut self, path: &'static str, r: MethodRouter<AppState>) -> Self {
        self.router = self.router.route(path, r);
        self
    }
}

fn routes() -> Routes {
    Routes {
        router: Router::new(),
        documented: Vec::new(),
    }
    .api("post", "/api/extract", post(write::extract))
    .api("post", "/api/documents", post(write::ingest))
    .api("get", "/api/documents/{id}", get(query::document))
    .api("get", "/api/events", get(query::events))
    .api("get", "/api/itinerary/{person}", get(query::itinerary))
    .api("get", "/api/actors", get(query::actors))
    .api("get", "/api/quotes", get(query::quotes))
    .api("get", "/api/conflicts", get(query::conflicts))
    .api("get", "/api/openapi.json", get(openapi_json))
    .api("get", "/healthz", get(query::healthz))
    .api("get", "/metrics", get(metrics_text))
    .page("/", get(assets::index))
    .page("/assets/{*path}", get(assets::asset))
}

async fn openapi_json() -> Json<serde_json::Value> {
    Json(openapi::document())
}

async fn metrics_text(State(state): State<AppState>) -> Response {
    let text = state
        .metrics
        .render(state.gate.in_flight(state.gate_capacity));
    (
        [(
            header::CONTENT_TYPE,
            "text/plain; version=0.0.4; charset=utf-8",
        )],
        text,
    )
        .into_response()
}

async fn not_found() -> ApiError {
    ApiError::not_found("no such page or endpoint")
}

/// The whole application over `state`.
pub fn app(state: AppState) -> Router {
    routes()
        .router
        .fallback(not_found)
        .layer(DefaultBodyLimit::max(MAX_DOCUMENT_BYTES))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            layers::guard,
        ))
        .with_state(state)
}

/// A server running on its own thread.
pub struct Running {
    /// Where it listens (the port chosen when `addr` asked for port 0).
    pub addr: SocketAddr,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    thread: Option<std::thread::JoinHandle<Result<(), ServeError>>>,
}

impl Running {
    /// Stops accepting, lets in-flight requests finish, and waits.
    ///
    /// # Errors
    /// What stopped the server.
    pub fn stop(mut self) -> Result<(), ServeError> {
        if let Some(s) = self.stop.take() {
            let _ = s.send(());
        }
        self.join()
    }

    /// Waits until the server stops (SIGTERM or Ctrl-C).
    ///
    /// # Errors
    /// What stopped the server.
    pub fn join(mut self) -> Result<(), ServeError> {
        match self.thread.take().map(|t| t.join()) {
            Some(Ok(r)) => r,
            Some(Err(_)) => Err(ServeError::Io {
                what: "the server thread".into(),
                source: std::io::Error::other("panicked"),
            }),
            None => Ok(()),
        }
    }
}

/// Binds `config.addr` and serves on a thread of its own until stopped,
/// SIGTERM or Ctrl-C.
///
/// # Errors
/// The store cannot be opened, or the address cannot be bound.
pub fn start(config: &Config) -> Result<Running, ServeError> {
    let state = state(config)?;
    let io = |what: String| move |source| ServeError::Io { what, source };
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(config.workers.clamp(1, 4))
        .max_blocking_threads(config.workers.max(1) + 16)
        .enable_all()
        .build()
        .map_err(io("starting the runtime".into()))?;
    let listener = runtime
        .block_on(tokio::net::TcpListener::bind(config.addr))
        .map_err(io(format!("listening on {}", config.addr)))?;
    let addr = listener
        .local_addr()
        .map_err(io("reading the bound address".into()))?;
    let (tx, rx) = tokio::sync::oneshot::channel::<()>();
    let thread = std::thread::Builder::new()
        .name("attache-serve".into())
        .spawn(move || {
            runtime.block_on(async move {
                axum::serve(listener, app(state))
                    .with_graceful_shutdown(layers::shutdown_signal(rx))
                    .await
                    .map_err(|source| ServeError::Io {
                        what: "serving".into(),
                        source,
                    })
            })
        })
        .map_err(io("starting the server thread".into()))?;
    Ok(Running {
        addr,
        stop: Some(tx),
        thread: Some(thread),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    #[test]
    fn the_openapi_document_describes_exactly_the_routes() {
        let routed: BTreeSet<(String, String)> = routes()
            .documented
            .iter()
            .map(|(m, p)| (m.to_string(), p.to_string()))
            .collect();
        let doc = openapi::document();
        let described: BTreeSet<(String, String)> = doc["paths"]
            .as_object()
            .unwrap()
            .iter()
            .flat_map(|(p, ops)| {
                ops.as_object()
                    .unwrap()
                    .keys()
                    .map(move |m| (m.clone(), p.clone()))
            })
            .collect();
        assert_eq!(routed, described);
        // Every path parameter of a route is described.
        for (_, path) in &routed {
            for name in path.split('{').skip(1).filter_map(|s| s.split('}').next()) {
                let params = doc["paths"][path.as_str()]["get"]["parameters"]
                    .as_array()
                    .unwrap();
                assert!(
                    params
                        .iter()
                        .any(|p| p["name"] == name && p["in"] == "path"),
                    "{path}: {name}"
                );
            }
        }
    }
}
