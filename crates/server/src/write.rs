//! The endpoints that run the pipeline: `POST /api/extract` (records out,
//! nothing stored) and `POST /api/documents` (ingest into the store,
//! idempotent as `attache ingest`).

use crate::error::ApiError;
use crate::params::Params;
use crate::state::AppState;
use attache::ingest::{validate_published, IngestOptions, InputFormat, MAX_DOCUMENT_BYTES};
use attache_store::{document_key, StoredDoc};
use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{RawQuery, State};
use axum::http::{header, HeaderMap};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::json;
use std::collections::HashSet;

/// One document of a request body.
struct Piece {
    fallback_id: String,
    format: InputFormat,
    bytes: Vec<u8>,
}

/// A request body read: its documents, how to read them, and whether the
/// answer is one object (text, HTML) or JSON Lines.
struct Input {
    pieces: Vec<Piece>,
    jsonl: bool,
    options: IngestOptions,
}

/// The body, or 413 past the limit.
fn body(bytes: Result<Bytes, BytesRejection>) -> Result<Bytes, ApiError> {
    bytes.map_err(|e| match e {
        BytesRejection::FailedToBufferBody(_) if e.status().as_u16() == 413 => {
            ApiError::too_large(MAX_DOCUMENT_BYTES)
        }
        other => ApiError::bad_request("bad_body", other.body_text()),
    })
}

/// The input format: `?input=` first, else the Content-Type, else sniffed.
fn input_format(
    param: Option<&str>,
    headers: &HeaderMap,
    head: &[u8],
) -> Result<InputFormat, ApiError> {
    if let Some(p) = param {
        return match p {
            "text" => Ok(InputFormat::Text),
            "html" => Ok(InputFormat::Html),
            "jsonl" => Ok(InputFormat::Jsonl),
            other => Err(ApiError::bad_request(
                "bad_input",
                format!("input {other:?}: give text, html or jsonl"),
            )),
        };
    }
    let Some(ct) = headers.get(header::CONTENT_TYPE) else {
        return Ok(InputFormat::sniff(head));
    };
    let mime = ct
        .to_str()
        .unwrap_or("")
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    match mime.as_str() {
        "text/plain" => Ok(InputFormat::Text),
        "text/html" | "application/xhtml+xml" => Ok(InputFormat::Html),
        "application/x-ndjson"
        | "application/jsonl"
        | "application/json"
        | "application/x-jsonlines" => Ok(InputFormat::Jsonl),
        "application/octet-stream" | "" => Ok(InputFormat::sniff(head)),
        other => Err(ApiError::unsupported_type(format!(
            "Content-Type {other:?}: send text/plain, text/html or application/x-ndjson \
             (or name it with ?input=)"
        ))),
    }
}

/// Reads the body and parameters of an extract or ingest request.
fn read_input(q: Option<&str>, headers: &HeaderMap, bytes: Bytes) -> Result<Input, ApiError> {
    let p = Params::parse(q, &["input", "published", "id"])?;
    let published = match p.get("published") {
        None => None,
        Some(v) => Some(
            validate_published(&v)
                .map_err(|e| ApiError::bad_request("bad_published", e.to_string()))?
                .to_string(),
        ),
    };
    let format = input_format(p.get("input").as_deref(), headers, &bytes)?;
    let name = p.get("id").unwrap_or_else(|| "request".into());
    let pieces = match format {
        InputFormat::Jsonl => bytes
            .split(|&b| b == b'\n')
            .enumerate()
            .filter(|(_, line)| !line.trim_ascii().is_empty())
            .map(|(i, line)| Piece {
                fallback_id: format!("{name}:{}", i + 1),
                format,
                bytes: line.strip_suffix(b"\r").unwrap_or(line).to_vec(),
            })
            .collect(),
        _ => vec![Piece {
            fallback_id: name,
            format,
            bytes: bytes.to_vec(),
        }],
    };
    Ok(Input {
        pieces,
        jsonl: format == InputFormat::Jsonl,
        options: IngestOptions { published },
    })
}

/// Runs `f` on a blocking thread once the gate admits the request.
async fn extract_work<T: Send + 'static>(
    state: &AppState,
    f: impl FnOnce() -> T + Send + 'static,
) -> Result<T, ApiError> {
    let admitted = state.gate.admit().await?;
    tokio::task::spawn_blocking(move || {
        // The places are held until the work ends, even when the request
        // timed out meanwhile: the bound is on work, not on waiting clients.
        let _admitted = admitted;
        f()
    })
    .await
    .map_err(|e| ApiError::internal(format!("extraction task: {e}")))
}

/// `POST /api/extract`: the record of each document, as `attache extract`
/// writes it: one JSON object for text or HTML, JSON Lines for JSONL.
pub async fn extract(
    State(state): State<AppState>,
    RawQuery(q): RawQuery,
    headers: HeaderMap,
    bytes: Result<Bytes, BytesRejection>,
) -> Result<Response, ApiError> {
    let input = read_input(q.as_deref(), &headers, body(bytes)?)?;
    let engine = state.engine.clone();
    let metrics = state.metrics.clone();
    let jsonl = input.jsonl;
    let records = extract_work(&state, move || {
        input
            .pieces
            .iter()
            .map(|p| {
                let r = engine.record_json_with(
                    &input.options,
                    p.format,
                    &p.fallback_id,
                    &p.bytes,
                    false,
                );
                metrics.document_done(is_error_record(&r));
                r
            })
            .collect::<Vec<String>>()
    })
    .await?;
    if jsonl {
        let mut out = String::with_capacity(records.iter().map(|r| r.len() + 1).sum());
        for r in &records {
            out.push_str(r);
            out.push('\n');
        }
        Ok(([(header::CONTENT_TYPE, "application/x-ndjson")], out).into_response())
    } else {
        let one = records.into_iter().next().unwrap_or_else(|| "{}".into());
        Ok(([(header::CONTENT_TYPE, "application/json")], one).into_response())
    }
}

/// Whether a record is an error record (`{"id", "error"}`).
fn is_error_record(record: &str) -> bool {
    serde_json::from_str::<serde_json::Value>(record)
        .ok()
        .is_some_and(|v| v.get("error").is_some_and(|e| e.is_string()))
}

/// Refuses a write without the token, or to a read-only server.
fn check_write(state: &AppState, headers: &HeaderMap) -> Result<(), ApiError> {
    if state.read_only {
        return Err(ApiError::read_only());
    }
    if let Some(token) = &state.token {
        let given = headers
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "))
            .unwrap_or("");
        if !same_secret(given.as_bytes(), token.as_bytes()) {
            return Err(ApiError::unauthorized());
        }
    }
    Ok(())
}

/// Compares in time independent of where the first difference lies.
fn same_secret(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// `POST /api/documents`: stores each document of the body. A document
/// already stored as it is gets skipped before any work; a changed one
/// replaces the stored version.
pub async fn ingest(
    State(state): State<AppState>,
    RawQuery(q): RawQuery,
    headers: HeaderMap,
    bytes: Result<Bytes, BytesRejection>,
) -> Result<Response, ApiError> {
    check_write(&state, &headers)?;
    let pool = state
        .stores
        .clone()
        .ok_or_else(|| ApiError::no_store("this server has no store: start it with --db"))?;
    let input = read_input(q.as_deref(), &headers, body(bytes)?)?;
    let engine = state.engine.clone();
    let metrics = state.metrics.clone();
    let done = extract_work(&state, move || -> Result<serde_json::Value, ApiError> {
        let keyed: Vec<(String, String, Piece)> = input
            .pieces
            .into_iter()
            .map(|p| {
                let id = (p.format == InputFormat::Jsonl)
                    .then(|| attache::ingest::salvage_id(&p.bytes))
                    .flatten();
                let (key, hash) = document_key(id.as_deref(), &p.bytes);
                (key, hash, p)
            })
            .collect();
        let stored = pool.read(|s| {
            Ok(s.stored_unchanged(keyed.iter().map(|(k, h, _)| (k.as_str(), h.as_str())))?)
        })?;
        let mut seen = HashSet::new();
        let mut docs = Vec::new();
        let mut skipped = 0;
        for (key, hash, p) in keyed {
            if stored.contains(&key) || !seen.insert((key.clone(), hash.clone())) {
                skipped += 1;
                continue;
            }
            let record =
                engine.record_json_with(&input.options, p.format, &p.fallback_id, &p.bytes, false);
            metrics.document_done(is_error_record(&record));
            docs.push(StoredDoc::new(key, hash, record)?);
        }
        let ids: Vec<String> = docs.iter().map(|d| d.id().to_string()).collect();
        let inserted = pool.write(|s| Ok(s.insert(&docs)?))?;
        Ok(json!({
            "added": inserted.added,
            "replaced": inserted.replaced,
            "unchanged": inserted.unchanged + skipped,
            "kept_readable": inserted.kept_readable,
            "processed": ids,
        }))
    })
    .await??;
    Ok(Json(done).into_response())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_compare_whole() {
        assert!(same_secret(b"abc", b"abc"));
        assert!(!same_secret(b"abc", b"abd"));
        assert!(!same_secret(b"abc", b"abcd"));
        assert!(!same_secret(b"", b"a"));
    }

    #[test]
    fn formats_from_parameter_type_or_content() {
        let mut h = HeaderMap::new();
        assert_eq!(
            input_format(None, &h, b"<html>").unwrap(),
            InputFormat::Html
        );
        assert_eq!(
            input_format(None, &h, b"{\"text\":1}").unwrap(),
            InputFormat::Jsonl
        );
        h.insert(
            header::CONTENT_TYPE,
            "text/plain; charset=utf-8".parse().unwrap(),
        );
        assert_eq!(
            input_format(None, &h, b"<html>").unwrap(),
            InputFormat::Text
        );
        assert_eq!(
            input_format(Some("html"), &h, b"x").unwrap(),
            InputFormat::Html
        );
        assert!(input_format(Some("pdf"), &h, b"x").is_err());
        h.insert(header::CONTENT_TYPE, "image/png".parse().unwrap());
        assert_eq!(
            input_format(None, &h, b"x").unwrap_err().status.as_u16(),
            415
        );
    }
}
