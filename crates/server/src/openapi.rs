//! The OpenAPI 3.1 description served at `/api/openapi.json`. A test checks
//! that its operations are exactly the router's documented routes.

use serde_json::{json, Value};

fn query(name: &str, description: &str) -> Value {
    json!({"name": name, "in": "query", "required": false,
           "schema": {"type": "string"}, "description": description})
}

fn path_param(name: &str, description: &str) -> Value {
    json!({"name": name, "in": "path", "required": true,
           "schema": {"type": "string"}, "description": description})
}

fn page_params() -> [Value; 2] {
    [
        query("limit", "Items per page, 1 to 1000 (default 100)."),
        query("cursor", "The next_cursor of the previous page."),
    ]
}

fn errors(codes: &[&str]) -> serde_json::Map<String, Value> {
    codes
        .iter()
        .map(|c| {
            let r = json!({"description": "error", "content": {"application/json":
                {"schema": {"$ref": "#/components/schemas/Error"}}}});
            (c.to_string(), r)
        })
        .collect()
}

fn ok(description: &str, media: &str) -> Value {
    json!({"description": description, "content": {media: {"schema": {}}}})
}

fn get(summary: &str, params: Vec<Value>, more_errors: &[&str]) -> Value {
    let mut responses = errors(more_errors);
    responses.insert("200".into(), ok(summary, "application/json"));
    json!({"get": {"summary": summary, "parameters": params, "responses": responses}})
}

fn body_input_params() -> Vec<Value> {
    vec![
        query(
            "input",
            "text, html or jsonl; else from Content-Type, else sniffed.",
        ),
        query(
            "published",
            "Publication date (ISO 8601) for documents without one.",
        ),
        query(
            "id",
            "Id for a text or HTML document (JSONL lines carry theirs).",
        ),
    ]
}

fn request_body() -> Value {
    json!({"required": true, "content": {
        "text/plain": {"schema": {"type": "string"}},
        "text/html": {"schema": {"type": "string"}},
        "application/x-ndjson": {"schema": {"type": "string"}},
        "application/jsonl": {"schema": {"type": "string"}}}})
}

/// The description of the API.
pub fn document() -> Value {
    let filters = |extra: Vec<Value>| {
        let mut v = vec![
            query(
                "actor",
                "Source or target: name, surname, actor or country code.",
            ),
            query("target", "Target, as actor."),
            query("cameo", "CAMEO code prefix, 1 to 4 digits."),
            query("from", "Earliest date (YYYY, YYYY-MM, YYYY-MM-DD)."),
            query("to", "Latest date."),
            query("status", "occurred, planned, ..."),
            query("place", "Place name or country code."),
        ];
        v.extend(extra);
        v
    };
    let mut extract_responses = errors(&["400", "413", "415", "503", "504"]);
    extract_responses.insert(
        "200".into(),
        json!({"description": "The record (text, HTML) or one record per line (JSONL).",
               "content": {"application/json": {"schema": {}},
                           "application/x-ndjson": {"schema": {"type": "string"}}}}),
    );
    let mut ingest_responses = errors(&["400", "401", "403", "413", "415", "503", "504"]);
    ingest_responses.insert("200".into(), ok("What was stored.", "application/json"));
    json!({
        "openapi": "3.1.0",
        "info": {"title": "attache", "version": env!("CARGO_PKG_VERSION"),
                 "description": "Reads news articles; answers who did what to whom, when and where."},
        "paths": {
            "/api/extract": {"post": {"summary": "Records of the documents in the body",
                "parameters": body_input_params(), "requestBody": request_body(),
                "responses": extract_responses}},
            "/api/documents": {"post": {"summary": "Store the documents in the body (idempotent)",
                "parameters": body_input_params(), "requestBody": request_body(),
                "security": [{"bearer": []}], "responses": ingest_responses}},
            "/api/documents/{id}": get("One stored record",
                vec![path_param("id", "Document id or stored key.")], &["404", "503"]),
            "/api/events": get("Merged events with their mentions",
                filters(page_params().to_vec()), &["400", "503"]),
            "/api/itinerary/{person}": get("A person's merged itinerary",
                vec![path_param("person", "Full name or surname."),
                     query("from", "Earliest date."), query("to", "Latest date.")],
                &["400", "404", "503"]),
            "/api/actors": get("Actors, most mentioned first", page_params().to_vec(), &["400", "503"]),
            "/api/quotes": get("Stored quotations",
                [vec![query("speaker", "Full name or surname.")], page_params().to_vec()].concat(),
                &["400", "503"]),
            "/api/conflicts": get("Contradictions within articles",
                [vec![query("kind", "date_mismatch, ...")], page_params().to_vec()].concat(),
                &["400", "503"]),
            "/api/openapi.json": get("This description", vec![], &[]),
            "/healthz": get("Liveness", vec![], &[]),
            "/metrics": {"get": {"summary": "Prometheus metrics", "responses":
                {"200": ok("Prometheus text format", "text/plain")}}},
        },
        "components": {
            "schemas": {"Error": {"type": "object", "required": ["error"], "properties": {
                "error": {"type": "object", "required": ["code", "message"], "properties": {
                    "code": {"type": "string"}, "message": {"type": "string"}}}}}},
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}}
        }
    })
}
