//! The web page: files embedded in the binary at build time. A request
//! names a file by its path in this fixed table, so no path can reach
//! anything else.

use axum::extract::Path;
use axum::http::{header, HeaderValue};
use axum::response::{IntoResponse, Response};

use crate::error::ApiError;

/// (path under /assets/, media type, bytes).
pub const FILES: &[(&str, &str, &[u8])] = &[
    (
        "index.html",
        "text/html; charset=utf-8",
        include_bytes!("../assets/index.html"),
    ),
    (
        "app.css",
        "text/css; charset=utf-8",
        include_bytes!("../assets/app.css"),
    ),
    (
        "app.js",
        "text/javascript; charset=utf-8",
        include_bytes!("../assets/app.js"),
    ),
    (
        "read.js",
        "text/javascript; charset=utf-8",
        include_bytes!("../assets/read.js"),
    ),
    (
        "explore.js",
        "text/javascript; charset=utf-8",
        include_bytes!("../assets/explore.js"),
    ),
    (
        "vendor/MANIFEST.toml",
        "text/plain; charset=utf-8",
        include_bytes!("../assets/vendor/MANIFEST.toml"),
    ),
    (
        "vendor/leaflet/leaflet.js",
        "text/javascript; charset=utf-8",
        include_bytes!("../assets/vendor/leaflet/leaflet.js"),
    ),
    (
        "vendor/leaflet/leaflet.css",
        "text/css; charset=utf-8",
        include_bytes!("../assets/vendor/leaflet/leaflet.css"),
    ),
    (
        "vendor/leaflet/LICENSE",
        "text/plain; charset=utf-8",
        include_bytes!("../assets/vendor/leaflet/LICENSE"),
    ),
    (
        "vendor/topojson-client/topojson-client.min.js",
        "text/javascript; charset=utf-8",
        include_bytes!("../assets/vendor/topojson-client/topojson-client.min.js"),
    ),
    (
        "vendor/topojson-client/LICENSE",
        "text/plain; charset=utf-8",
        include_bytes!("../assets/vendor/topojson-client/LICENSE"),
    ),
    (
        "vendor/world-atlas/countries-110m.json",
        "application/json",
        include_bytes!("../assets/vendor/world-atlas/countries-110m.json"),
    ),
    (
        "vendor/world-atlas/LICENSE",
        "text/plain; charset=utf-8",
        include_bytes!("../assets/vendor/world-atlas/LICENSE"),
    ),
];

fn file(path: &str) -> Result<Response, ApiError> {
    let (_, media, bytes) = FILES
        .iter()
        .find(|(p, _, _)| *p == path)
        .ok_or_else(|| ApiError::not_found(format!("no asset {path:?}")))?;
    let mut r = (*bytes).into_response();
    let h = r.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static(media));
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    Ok(r)
}

/// `GET /`: the page.
pub async fn index() -> Result<Response, ApiError> {
    file("index.html")
}

/// `GET /assets/{*path}`: one embedded file.
pub async fn asset(Path(path): Path<String>) -> Result<Response, ApiError> {
    file(&path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_and_escaping_paths_find_nothing() {
        for bad in [
            "../Cargo.toml",
            "/etc/passwd",
            "vendor/../../src/lib.rs",
            "",
            "vendor",
        ] {
            assert!(file(bad).is_err(), "{bad}");
        }
        assert!(file("app.js").is_ok());
    }
}
