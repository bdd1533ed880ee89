//! The API against servers on ephemeral loopback ports, on SQLite and, when
//! `ATTACHE_TEST_PG` names a PostgreSQL server (CI starts one), PostgreSQL.

mod common;

use attache::ingest::InputFormat;
use attache::{Engine, EngineOptions};
use common::{databases, get, post, request, serve, ARTICLE};
use serde_json::Value;

/// A value as the server writes it (f32 fields through their text, as the
/// wire carries them).
fn as_json<T: serde::Serialize>(v: T) -> Value {
    serde_json::from_str(&serde_json::to_string(&v).unwrap()).unwrap()
}

fn examples() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples")
}

#[test]
fn extract_answers_the_records_the_engine_writes() {
    let server = serve(None, |_| {});
    let a = server.addr;
    let text = std::fs::read(examples().join("article.txt")).unwrap();
    let got = post(a, "/api/extract?published=2025-03-07", "text/plain", &text);
    assert_eq!(got.status, 200, "{}", got.text());
    assert_eq!(got.header("content-type"), Some("application/json"));
    let engine = Engine::new(EngineOptions {
        ingest: attache::ingest::IngestOptions {
            published: Some("2025-03-07".into()),
        },
        ..EngineOptions::default()
    });
    let want: Value =
        serde_json::from_str(&engine.record_json(InputFormat::Text, "request", &text, false))
            .unwrap();
    assert_eq!(got.json(), want);
    assert!(!want["events"].as_array().unwrap().is_empty());

    let jsonl = std::fs::read(examples().join("articles.jsonl")).unwrap();
    let got = post(a, "/api/extract", "application/x-ndjson", &jsonl);
    assert_eq!(got.status, 200);
    assert_eq!(got.header("content-type"), Some("application/x-ndjson"));
    let lines: Vec<Value> = got
        .text()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 3);
    assert_eq!(lines[0]["id"], "example-1");

    // The kind named by ?input= wins over the Content-Type.
    let html = b"<html><body><article><p>Lavrov met Rubio in Riyadh on Tuesday.</p></article></body></html>";
    let as_text = post(a, "/api/extract?input=text", "text/html", html).json();
    assert!(as_text["text"].as_str().unwrap().contains("<p>"));
    let as_html = post(a, "/api/extract", "text/html", html).json();
    assert!(!as_html["text"].as_str().unwrap().contains("<p>"));

    // Malformed JSON is a document that cannot be read: an error record, as
    // the CLI writes it, beside the good ones.
    let got = post(
        a,
        "/api/extract",
        "application/jsonl",
        b"{\"id\": \"x\", \"text\": \n{\"id\":\"y\",\"text\":\"Hi.\"}\n",
    );
    let lines: Vec<Value> = got
        .text()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 2);
    assert!(lines[0]["error"].is_string());
    assert_eq!(lines[1]["id"], "y");
    server.stop().unwrap();
}

#[test]
fn bad_requests_get_their_status_and_an_error_object() {
    let server = serve(None, |_| {});
    let a = server.addr;
    let cases: Vec<(common::Answer, u16, &str)> = vec![
        (
            post(a, "/api/extract?published=2024-02-30", "text/plain", b"x"),
            400,
            "bad_published",
        ),
        (
            post(a, "/api/extract?input=pdf", "text/plain", b"x"),
            400,
            "bad_input",
        ),
        (
            post(a, "/api/extract?bogus=1", "text/plain", b"x"),
            400,
            "bad_filter",
        ),
        (
            post(a, "/api/extract", "image/png", b"x"),
            415,
            "unsupported_media_type",
        ),
        (
            post(
                a,
                "/api/extract",
                "text/plain",
                &vec![b'a'; 16 * 1024 * 1024 + 1],
            ),
            413,
            "too_large",
        ),
        (get(a, "/api/events"), 503, "no_store"),
        (
            post(a, "/api/documents", "text/plain", ARTICLE.as_bytes()),
            503,
            "no_store",
        ),
        (get(a, "/no/such/page"), 404, "not_found"),
        (
            request(a, "DELETE", "/api/events", &[], b"").unwrap(),
            405,
            "",
        ),
    ];
    for (answer, status, code) in cases {
        assert_eq!(answer.status, status, "{}", answer.text());
        if !code.is_empty() {
            assert_eq!(answer.code(), code, "{}", answer.text());
            assert!(answer.json()["error"]["message"].as_str().unwrap().len() > 5);
        }
    }
    server.stop().unwrap();
}

#[test]
fn every_answer_carries_the_security_headers_and_no_cors() {
    let server = serve(None, |_| {});
    let a = server.addr;
    for path in ["/healthz", "/api/openapi.json", "/metrics", "/nowhere"] {
        let r = request(a, "GET", path, &[("Origin", "https://evil.example")], b"").unwrap();
        let csp = r.header("content-security-policy").unwrap_or_default();
        assert!(
            csp.contains("script-src 'self'") && !csp.contains("unsafe-inline"),
            "{csp}"
        );
        assert!(csp.contains("frame-ancestors 'none'"));
        assert_eq!(r.header("x-content-type-options"), Some("nosniff"));
        assert!(r.header("access-control-allow-origin").is_none(), "{path}");
    }
    let doc = get(a, "/api/openapi.json").json();
    assert_eq!(doc["openapi"], "3.1.0");
    assert_eq!(get(a, "/healthz").json()["status"], "ok");
    server.stop().unwrap();
}

/// Stores the examples over HTTP and checks each read endpoint against the
/// store's own answers.
#[test]
fn ingest_is_idempotent_and_every_query_answers_over_http() {
    for (spec, _guard) in databases("api") {
        let server = serve(Some(&spec), |c| c.token = Some("s3cret".into()));
        let a = server.addr;
        let jsonl = std::fs::read(examples().join("articles.jsonl")).unwrap();
        let ct = ("Content-Type", "application/x-ndjson");
        let missing = request(a, "POST", "/api/documents", &[ct], &jsonl).unwrap();
        assert_eq!(
            (missing.status, missing.code().as_str()),
            (401, "unauthorized")
        );
        let wrong = request(
            a,
            "POST",
            "/api/documents",
            &[ct, ("Authorization", "Bearer s3creT")],
            &jsonl,
        )
        .unwrap();
        assert_eq!(wrong.status, 401);
        let auth = ("Authorization", "Bearer s3cret");
        let first = request(a, "POST", "/api/documents", &[ct, auth], &jsonl).unwrap();
        assert_eq!(first.status, 200, "{spec}: {}", first.text());
        assert_eq!(first.json()["added"], 3, "{}", first.text());
        let again = request(a, "POST", "/api/documents", &[ct, auth], &jsonl)
            .unwrap()
            .json();
        assert_eq!(
            (again["added"].as_u64(), again["unchanged"].as_u64()),
            (Some(0), Some(3))
        );
        assert!(
            again["processed"].as_array().unwrap().is_empty(),
            "skipped before any work"
        );
        let text = request(
            a,
            "POST",
            "/api/documents?id=mine&published=2025-03-07",
            &[("Content-Type", "text/plain"), auth],
            ARTICLE.as_bytes(),
        )
        .unwrap()
        .json();
        assert_eq!(text["added"], 1);

        let mut store = attache_store::Store::open_read_only(&spec).unwrap();
        let events = get(a, "/api/events?limit=1000").json();
        let want = as_json(store.events(&Default::default()).unwrap());
        assert_eq!(events["items"], want, "{spec}");
        assert!(events["total"].as_u64().unwrap() > 0);
        let planned = get(a, "/api/events?status=planned&cameo=0").json();
        assert!(planned["total"].as_u64().unwrap() > 0);
        for e in planned["items"].as_array().unwrap() {
            assert_eq!(e["status"], "planned");
            assert!(e["cameo"].as_str().unwrap().starts_with('0'));
            assert!(!e["mentions"].as_array().unwrap().is_empty());
        }
        let actors = get(a, "/api/actors?limit=1000").json();
        assert_eq!(actors["items"], as_json(store.actors().unwrap()));
        // Walking the pages one by one gives the whole answer once.
        let mut walked = Vec::new();
        let mut path = "/api/actors?limit=2".to_string();
        loop {
            let page = get(a, &path).json();
            walked.extend(page["items"].as_array().unwrap().iter().cloned());
            match page["next_cursor"].as_str() {
                Some(c) => path = format!("/api/actors?limit=2&cursor={c}"),
                None => break,
            }
        }
        assert_eq!(Value::Array(walked), actors["items"]);
        let quotes = get(a, "/api/quotes").json();
        assert_eq!(quotes["items"], as_json(store.quotes(None).unwrap()));
        let conflicts = get(a, "/api/conflicts").json();
        assert_eq!(conflicts["items"], as_json(store.conflicts(None).unwrap()));
        let it = get(a, "/api/itinerary/Amina%20Odhiambo");
        assert_eq!(it.status, 200, "{spec}: {}", it.text());
        assert_eq!(
            it.json(),
            as_json(store.itinerary("Amina Odhiambo", None, None).unwrap())
        );
        let doc = get(a, "/api/documents/example-1");
        assert_eq!(doc.status, 200);
        assert_eq!(doc.json()["id"], "example-1");
        assert_eq!(
            get(a, "/api/documents/mine").json()["published"],
            "2025-03-07"
        );

        for (path, status, code) in [
            ("/api/documents/no-such-document", 404, "not_found"),
            ("/api/itinerary/Nobody%20Atall", 404, "not_found"),
            ("/api/events?from=garbage", 400, "bad_filter"),
            ("/api/events?cameo=abc", 400, "bad_filter"),
            ("/api/events?actor=%25%25", 400, "bad_filter"),
            ("/api/events?limit=0", 400, "bad_filter"),
            ("/api/events?cursor=nonsense", 400, "bad_cursor"),
            ("/api/events?colour=red", 400, "bad_filter"),
            ("/api/quotes?speaker=...", 400, "bad_filter"),
            ("/api/itinerary/Lavrov?to=2024-13", 400, "bad_filter"),
        ] {
            let r = get(a, path);
            assert_eq!(
                (r.status, r.code().as_str()),
                (status, code),
                "{spec} {path}: {}",
                r.text()
            );
        }
        let metrics = get(a, "/metrics").text();
        assert!(
            metrics.contains("attache_documents_processed_total 4\n"),
            "{metrics}"
        );
        assert!(metrics
            .contains("attache_http_requests_total{route=\"/api/documents\",status=\"401\"} 2"));
        server.stop().unwrap();

        let ro = serve(Some(&spec), |c| c.read_only = true);
        let refused = post(ro.addr, "/api/documents", "text/plain", b"Some news.");
        assert_eq!(
            (refused.status, refused.code().as_str()),
            (403, "read_only")
        );
        assert_eq!(get(ro.addr, "/api/events").json()["total"], events["total"]);
        ro.stop().unwrap();
    }
}

/// A long article written for this test: many sentences, no gold text.
fn long_text(sentences: usize) -> Vec<u8> {
    let mut t = String::new();
    for i in 0..sentences {
        t.push_str(&format!(
            "Minister Anna Berg of Norway said on {} March that she would visit Oslo and Bergen, officials said. ",
            1 + i % 28
        ));
        if i % 5 == 4 {
            t.push_str("\n\n");
        }
    }
    t.into_bytes()
}

#[test]
fn a_full_queue_answers_503_a_slow_request_504_and_shutdown_waits() {
    let server = serve(None, |c| {
        c.workers = 1;
        c.queue = 0;
    });
    let a = server.addr;
    let big = long_text(20_000);
    let slow = std::thread::spawn(move || post(a, "/api/extract", "text/plain", &big));
    // Wait until the slow request holds the only place.
    let mut admitted = false;
    for _ in 0..600 {
        if get(a, "/metrics")
            .text()
            .contains("attache_extractions_in_flight 1\n")
        {
            admitted = true;
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
    assert!(admitted, "the slow request was never admitted");
    let busy = post(a, "/api/extract", "text/plain", b"Short news.");
    assert_eq!((busy.status, busy.code().as_str()), (503, "busy"));
    assert_eq!(busy.header("retry-after"), Some("1"));
    // Stopping lets the request in flight finish.
    server.stop().unwrap();
    let done = slow.join().unwrap();
    assert_eq!(
        done.status,
        200,
        "{}",
        &done.text()[..200.min(done.body.len())]
    );

    let hasty = serve(None, |c| c.timeout = std::time::Duration::from_millis(20));
    let late = post(hasty.addr, "/api/extract", "text/plain", &long_text(2_000));
    assert_eq!((late.status, late.code().as_str()), (504, "timeout"));
    hasty.stop().unwrap();
}
