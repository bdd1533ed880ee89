//! The read endpoints: each parses its parameters, calls the store's own
//! query on a blocking thread and returns one page of the answer.

use crate::error::ApiError;
use crate::params::{Page, Paged, Params};
use crate::state::AppState;
use attache_store::{EventFilter, Store};
use axum::extract::{Path, RawQuery, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::Serialize;

/// Runs a store query on a blocking thread.
async fn on_store<T: Send + 'static>(
    state: &AppState,
    f: impl FnOnce(&mut Store) -> Result<T, ApiError> + Send + 'static,
) -> Result<T, ApiError> {
    let pool = state
        .stores
        .clone()
        .ok_or_else(|| ApiError::no_store("this server has no store: start it with --db"))?;
    tokio::task::spawn_blocking(move || pool.read(f))
        .await
        .map_err(|e| ApiError::internal(format!("query task: {e}")))?
}

/// A paged answer as JSON.
fn paged<T: Serialize>(page: Page, all: Vec<T>) -> Json<Paged<T>> {
    Json(page.cut(all))
}

/// A CAMEO code prefix is one to four digits.
fn check_cameo(cameo: Option<&str>) -> Result<(), ApiError> {
    match cameo {
        Some(c) if c.is_empty() || c.len() > 4 || !c.bytes().all(|b| b.is_ascii_digit()) => {
            Err(ApiError::bad_request(
                "bad_filter",
                format!("cameo {c:?}: give 1 to 4 digits (\"04\")"),
            ))
        }
        _ => Ok(()),
    }
}

/// `GET /api/events`: merged events with their mentions.
pub async fn events(
    State(state): State<AppState>,
    RawQuery(q): RawQuery,
) -> Result<Response, ApiError> {
    let p = Params::parse(
        q.as_deref(),
        &[
            "actor", "target", "cameo", "from", "to", "status", "place", "limit", "cursor",
        ],
    )?;
    let page = p.page()?;
    let filter = EventFilter {
        actor: p.get("actor"),
        target: p.get("target"),
        cameo: p.get("cameo"),
        from: p.get("from"),
        to: p.get("to"),
        status: p.get("status"),
        place: p.get("place"),
    };
    check_cameo(filter.cameo.as_deref())?;
    filter.validate()?;
    let all = on_store(&state, move |s| Ok(s.events(&filter)?)).await?;
    Ok(paged(page, all).into_response())
}

/// `GET /api/itinerary/{person}`: one person's merged itinerary.
pub async fn itinerary(
    State(state): State<AppState>,
    Path(person): Path<String>,
    RawQuery(q): RawQuery,
) -> Result<Response, ApiError> {
    let p = Params::parse(q.as_deref(), &["from", "to"])?;
    let (from, to) = (p.get("from"), p.get("to"));
    attache_store::check_name("the name", &person)?;
    attache_store::check_dates(from.as_deref(), to.as_deref())?;
    let who = person.clone();
    let it = on_store(&state, move |s| {
        Ok(s.itinerary(&who, from.as_deref(), to.as_deref())?)
    })
    .await?;
    match it {
        Some(it) => Ok(Json(it).into_response()),
        None => Err(ApiError::not_found(format!("no itinerary for {person:?}"))),
    }
}

/// `GET /api/actors`: actors across articles, most mentioned first.
pub async fn actors(
    State(state): State<AppState>,
    RawQuery(q): RawQuery,
) -> Result<Response, ApiError> {
    let page = Params::parse(q.as_deref(), &["limit", "cursor"])?.page()?;
    let all = on_store(&state, |s| Ok(s.actors()?)).await?;
    Ok(paged(page, all).into_response())
}

/// `GET /api/quotes`: stored quotations, optionally of one speaker.
pub async fn quotes(
    State(state): State<AppState>,
    RawQuery(q): RawQuery,
) -> Result<Response, ApiError> {
    let p = Params::parse(q.as_deref(), &["speaker", "limit", "cursor"])?;
    let page = p.page()?;
    let speaker = p.get("speaker");
    if let Some(s) = &speaker {
        attache_store::check_name("speaker", s)?;
    }
    let all = on_store(&state, move |s| Ok(s.quotes(speaker.as_deref())?)).await?;
    Ok(paged(page, all).into_response())
}

/// `GET /api/conflicts`: contradictions within articles.
pub async fn conflicts(
    State(state): State<AppState>,
    RawQuery(q): RawQuery,
) -> Result<Response, ApiError> {
    let p = Params::parse(q.as_deref(), &["kind", "limit", "cursor"])?;
    let page = p.page()?;
    let kind = p.get("kind");
    let all = on_store(&state, move |s| Ok(s.conflicts(kind.as_deref())?)).await?;
    Ok(paged(page, all).into_response())
}

/// `GET /api/documents/{id}`: one stored record, as stored.
pub async fn document(
    State(state): State<AppState>,
    Path(id): Path<String>,
    RawQuery(q): RawQuery,
) -> Result<Response, ApiError> {
    Params::parse(q.as_deref(), &[])?;
    let key = id.clone();
    let record = on_store(&state, move |s| Ok(s.record(&key)?)).await?;
    match record {
        Some(json) => Ok(([(header::CONTENT_TYPE, "application/json")], json).into_response()),
        None => Err(ApiError::not_found(format!(
            "no document {id:?} in the store"
        ))),
    }
}

/// `GET /healthz`: the server answers, and whether it has a store.
pub async fn healthz(State(state): State<AppState>) -> Response {
    let store = state.stores.as_ref().map(|s| s.display());
    Json(serde_json::json!({"status": "ok", "store": store, "read_only": state.read_only}))
        .into_response()
}
