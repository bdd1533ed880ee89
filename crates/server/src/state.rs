//! What every request shares: the engine, the store's connections, the
//! extraction gate, the metrics and the settings.

use crate::error::ApiError;
use crate::metrics::Metrics;
use attache::Engine;
use attache_store::{display_spec, Store};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::sync::{OwnedSemaphorePermit, Semaphore};

/// Idle reading connections kept for the next request.
const IDLE_READERS: usize = 8;

/// The shared state of the server; cheap to clone.
#[derive(Clone)]
pub struct AppState {
    /// The built pipeline, shared by all requests.
    pub engine: Arc<Engine>,
    /// Connections to the store, when there is one.
    pub stores: Option<Arc<StorePool>>,
    /// Bounds extraction work.
    pub gate: Arc<Gate>,
    /// Workers plus queue: the gate's places.
    pub gate_capacity: usize,
    /// Counters for `/metrics`.
    pub metrics: Arc<Metrics>,
    /// Bearer token required to write, when set.
    pub token: Option<Arc<str>>,
    /// Refuse writes.
    pub read_only: bool,
    /// Per-request time limit.
    pub timeout: Duration,
}

/// Extraction runs on blocking threads: at most `working` at once, at most
/// `waiting` admitted (running or queued); beyond that the server answers
/// 503 at once rather than letting a queue grow without bound.
pub struct Gate {
    waiting: Arc<Semaphore>,
    working: Arc<Semaphore>,
}

/// Held while a request's extraction is admitted; dropping it frees the
/// place.
pub struct Admitted {
    _waiting: OwnedSemaphorePermit,
    _working: OwnedSemaphorePermit,
}

impl Gate {
    /// A gate for `workers` concurrent extractions and `queue` more waiting.
    pub fn new(workers: usize, queue: usize) -> Gate {
        let workers = workers.max(1);
        Gate {
            waiting: Arc::new(Semaphore::new(workers + queue)),
            working: Arc::new(Semaphore::new(workers)),
        }
    }

    /// Waits for a worker, or refuses at once when the queue is full.
    ///
    /// # Errors
    /// [`ApiError::busy`] when the queue is full.
    pub async fn admit(&self) -> Result<Admitted, ApiError> {
        let waiting = self
            .waiting
            .clone()
            .try_acquire_owned()
            .map_err(|_| ApiError::busy())?;
        let working = self
            .working
            .clone()
            .acquire_owned()
            .await
            .map_err(|_| ApiError::internal("the extraction gate is closed"))?;
        Ok(Admitted {
            _waiting: waiting,
            _working: working,
        })
    }

    /// Extractions admitted now (running or queued).
    pub fn in_flight(&self, capacity: usize) -> usize {
        capacity.saturating_sub(self.waiting.available_permits())
    }
}

/// Connections to one store: a pool of read-only ones, and one writer
/// opened on first use. Used from blocking threads only.
pub struct StorePool {
    spec: String,
    read_only: bool,
    idle: Mutex<Vec<Store>>,
    writer: Mutex<Option<Store>>,
}

impl StorePool {
    /// Opens the store once to check it (creating it unless read-only).
    ///
    /// # Errors
    /// The store cannot be opened.
    pub fn open(spec: &str, read_only: bool) -> Result<StorePool, attache_store::StoreError> {
        let first = if read_only {
            Store::open_read_only(spec)?
        } else {
            Store::open(spec)?
        };
        let pool = StorePool {
            spec: spec.to_string(),
            read_only,
            idle: Mutex::new(Vec::new()),
            writer: Mutex::new(None),
        };
        if read_only {
            pool.give_back(first);
        } else {
            *pool.writer.lock().unwrap_or_else(|p| p.into_inner()) = Some(first);
        }
        Ok(pool)
    }

    /// The store for messages (a URL without its password).
    pub fn display(&self) -> String {
        display_spec(&self.spec)
    }

    fn give_back(&self, store: Store) {
        let mut idle = self.idle.lock().unwrap_or_else(|p| p.into_inner());
        if idle.len() < IDLE_READERS {
            idle.push(store);
        }
    }

    /// Runs `f` on a read-only connection. A connection that failed is
    /// dropped rather than reused.
    ///
    /// # Errors
    /// The store cannot be opened, or what `f` returns.
    pub fn read<T>(
        &self,
        f: impl FnOnce(&mut Store) -> Result<T, ApiError>,
    ) -> Result<T, ApiError> {
        let pooled = self.idle.lock().unwrap_or_else(|p| p.into_inner()).pop();
        let mut store = match pooled {
            Some(s) => s,
            None => Store::open_read_only(&self.spec)
                .map_err(|e| ApiError::no_store(format!("{}: {e}", self.display())))?,
        };
        let result = f(&mut store);
        if result.as_ref().is_ok_or_client_error() {
            self.give_back(store);
        }
        result
    }

    /// Runs `f` on the writing connection, one writer at a time.
    ///
    /// # Errors
    /// A read-only server, the store cannot be opened, or what `f` returns.
    pub fn write<T>(
        &self,
        f: impl FnOnce(&mut Store) -> Result<T, ApiError>,
    ) -> Result<T, ApiError> {
        if self.read_only {
            return Err(ApiError::read_only());
        }
        let mut writer = self.writer.lock().unwrap_or_else(|p| p.into_inner());
        if writer.is_none() {
            *writer = Some(
                Store::open(&self.spec)
                    .map_err(|e| ApiError::no_store(format!("{}: {e}", self.display())))?,
            );
        }
        let store = writer
            .as_mut()
            .ok_or_else(|| ApiError::internal("no writer"))?;
        let result = f(store);
        if !result.as_ref().is_ok_or_client_error() {
            *writer = None;
        }
        result
    }
}

impl Drop for StorePool {
    /// The PostgreSQL client runs a runtime of its own to close, which
    /// cannot happen on the server's runtime threads (the pool is dropped
    /// there at shutdown): close the connections on a plain thread.
    fn drop(&mut self) {
        let idle = std::mem::take(self.idle.get_mut().unwrap_or_else(|p| p.into_inner()));
        let writer = self
            .writer
            .get_mut()
            .unwrap_or_else(|p| p.into_inner())
            .take();
        let _ = std::thread::spawn(move || drop((idle, writer))).join();
    }
}

/// Whether a result leaves its connection fit to reuse.
trait Reusable {
    fn is_ok_or_client_error(&self) -> bool;
}

impl<T> Reusable for Result<&T, &ApiError> {
    fn is_ok_or_client_error(&self) -> bool {
        match self {
            Ok(_) => true,
            Err(e) => e.status.is_client_error(),
        }
    }
}
