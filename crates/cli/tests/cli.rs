//! The `attache extract` command end to end: formats, order, and bad input.
//! Every bad input must give a clear error record (or a diagnostic), never a
//! panic, and never lose the other documents of the batch.

use serde_json::Value;
use std::io::{Read, Write};
use std::path::PathBuf;
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

fn attache(args: &[&str], stdin: &[u8]) -> Output {
    let out = attache_within(args, stdin, Duration::from_secs(300))
        .unwrap_or_else(|| panic!("attache {args:?} did not finish in 300 s"));
    assert!(
        !String::from_utf8_lossy(&out.stderr).contains("panicked"),
        "attache panicked: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

/// Runs attache, or kills it and returns `None` when it runs past `limit`
/// (a hang must fail the test, not stall the suite).
fn attache_within(args: &[&str], stdin: &[u8], limit: Duration) -> Option<Output> {
    let mut child = Command::new(env!("CARGO_BIN_EXE_attache"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("attache runs");
    let mut input = child.stdin.take().unwrap();
    let data = stdin.to_vec();
    // Feed stdin and drain the outputs from threads: a large input or
    // output must not deadlock on a full pipe.
    let feeder = std::thread::spawn(move || {
        let _ = input.write_all(&data);
    });
    let drain = |mut r: Box<dyn Read + Send>| {
        std::thread::spawn(move || {
            let mut buf = Vec::new();
            let _ = r.read_to_end(&mut buf);
            buf
        })
    };
    let stdout = drain(Box::new(child.stdout.take().unwrap()));
    let stderr = drain(Box::new(child.stderr.take().unwrap()));
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().expect("attache can be waited for") {
            break status;
        }
        if started.elapsed() > limit {
            let _ = child.kill();
            let _ = child.wait();
            return None;
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    feeder.join().unwrap();
    Some(Output {
        status,
        stdout: stdout.join().unwrap(),
        stderr: stderr.join().unwrap(),
    })
}

fn records(out: &Output) -> Vec<Value> {
    String::from_utf8(out.stdout.clone())
        .expect("output is UTF-8")
        .lines()
        .map(|l| serde_json::from_str(l).expect("each output line is JSON"))
        .collect()
}

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn temp_file(name: &str, bytes: &[u8]) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("attache-cli-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    path
}

#[test]
fn jsonl_in_jsonl_out_keeps_order_and_every_layer() {
    let mut input = String::new();
    for i in 0..1200 {
        input.push_str(&format!(
            "{{\"id\":\"d{i}\",\"text\":\"Document {i} says hello. It ends.\"}}\n"
        ));
    }
    let out = attache(&["extract", "--format", "jsonl"], input.as_bytes());
    assert!(out.status.success());
    let recs = records(&out);
    assert_eq!(recs.len(), 1200);
    for (i, r) in recs.iter().enumerate() {
        assert_eq!(r["id"], format!("d{i}"));
        for layer in [
            "blocks",
            "sentences",
            "entities",
            "timexes",
            "quotes",
            "events",
        ] {
            assert!(r[layer].is_array(), "{layer}");
        }
    }
}

#[test]
fn malformed_line_among_good_ones_gives_an_error_record_and_the_rest() {
    let input = b"{\"id\":\"a\",\"text\":\"First.\"}\n{\"id\":\"b\",\"text\":\"broken\n{\"id\":\"c\",\"text\":\"Third.\"}\n[1,2]\n{\"id\":\"e\"}\n";
    let out = attache(&["extract"], input);
    assert!(out.status.success(), "bad documents are not a failed run");
    let recs = records(&out);
    let ids: Vec<&str> = recs.iter().map(|r| r["id"].as_str().unwrap()).collect();
    assert_eq!(ids, ["a", "b", "c", "stdin:4", "e"]);
    assert!(recs[0].get("error").is_none());
    assert!(recs[1]["error"]
        .as_str()
        .unwrap()
        .contains("malformed JSON"));
    assert!(recs[2].get("error").is_none());
    assert_eq!(recs[3]["error"], "a JSONL line must be a JSON object");
    assert!(recs[4]["error"].as_str().unwrap().contains("neither"));
}

#[test]
fn empty_stdin_and_an_empty_file_agree() {
    // One empty document either way: an error record, not silence.
    let expected = |id: &str| serde_json::json!({"id": id, "error": "document is empty"});
    let out = attache(&["extract"], b"");
    assert!(out.status.success());
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v, expected("stdin"));
    let out = attache(&["extract", "--input", "text"], b"");
    assert_eq!(
        serde_json::from_slice::<Value>(&out.stdout).unwrap(),
        expected("stdin")
    );
    for name in ["empty.txt", "empty"] {
        let path = temp_file(name, b"");
        let out = attache(&["extract", path.to_str().unwrap()], b"");
        assert!(out.status.success());
        let v: Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(v, expected("empty"), "{name}");
    }
    // A JSON Lines stream of no lines is no documents, from either.
    let out = attache(&["extract", "--input", "jsonl"], b"");
    assert!(out.status.success() && out.stdout.is_empty());
    let path = temp_file("empty.jsonl", b"");
    let out = attache(&["extract", path.to_str().unwrap()], b"");
    assert!(out.status.success() && out.stdout.is_empty());
}

#[test]
fn text_on_stdin_is_pretty_json_as_from_a_file() {
    let text = b"The mayor of Lyon opened the bridge on Monday. Traffic resumed.";
    let path = temp_file("mayor.txt", text);
    let from_file = attache(&["extract", path.to_str().unwrap()], b"");
    let from_stdin = attache(&["extract"], text);
    assert!(from_stdin.status.success());
    let stdout = String::from_utf8(from_stdin.stdout).unwrap();
    assert!(stdout.starts_with("{\n  \""), "pretty JSON: {stdout}");
    let mut a: Value = serde_json::from_slice(&from_file.stdout).unwrap();
    let mut b: Value = serde_json::from_str(&stdout).unwrap();
    a["id"] = Value::Null;
    b["id"] = Value::Null;
    assert_eq!(a, b);
    // JSON Lines on stdin stay JSON Lines.
    let out = attache(&["extract"], b"{\"id\":\"x\",\"text\":\"Hi.\"}\n");
    assert_eq!(records(&out).len(), 1);
}

#[test]
fn binary_junk_gives_a_clear_error() {
    let junk: Vec<u8> = (0..4096u32)
        .map(|i| (i.wrapping_mul(2654435761) >> 24) as u8)
        .collect();
    let path = temp_file("junk.bin", &junk);
    let out = attache(&["extract", path.to_str().unwrap()], b"");
    assert!(out.status.success());
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(v["error"].as_str().unwrap().contains("binary"), "{v}");
}

#[test]
fn invalid_utf8_is_repaired_with_a_diagnostic() {
    let path = temp_file(
        "bad.txt",
        b"Caf\xc3 au lait \xff\xfe in Par\xeds. Second sentence.",
    );
    let out = attache(&["extract", path.to_str().unwrap()], b"");
    assert!(out.status.success());
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(v.get("error").is_none(), "{v}");
    assert!(!v["blocks"].as_array().unwrap().is_empty());
    // Either decoded as a legacy encoding or repaired with U+FFFD, and said so.
    let text = v["text"].as_str().unwrap();
    assert!(text.contains("Par"));
    if text.contains('\u{FFFD}') {
        assert!(v["diagnostics"].to_string().contains("U+FFFD"));
    }
}

#[test]
fn a_50_mb_single_line_is_handled() {
    let sentence = "The minister said the talks would resume next week in Geneva. ";
    let mut text = String::with_capacity(50 * 1024 * 1024);
    while text.len() < 50 * 1024 * 1024 {
        text.push_str(sentence);
    }
    let line =
        format!("{{\"id\":\"big\",\"text\":\"{text}\"}}\n{{\"id\":\"small\",\"text\":\"Hi.\"}}\n");
    let out = attache(&["extract"], line.as_bytes());
    assert!(out.status.success());
    let recs = records(&out);
    assert_eq!(recs.len(), 2);
    assert_eq!(recs[0]["id"], "big");
    assert!(
        recs[0].get("error").is_some() || recs[0]["sentences"].as_array().unwrap().len() > 100_000
    );
    assert_eq!(recs[1]["id"], "small");
}

#[test]
fn a_document_over_the_size_limit_is_refused_clearly() {
    let text = "a".repeat(17 * 1024 * 1024);
    let path = temp_file("huge.txt", text.as_bytes());
    let out = attache(&["extract", path.to_str().unwrap()], b"");
    assert!(out.status.success());
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(
        v["error"].as_str().unwrap().contains("over the limit"),
        "{v}"
    );
    std::fs::remove_file(path).ok();
}

#[test]
fn html_nested_ten_thousand_deep_does_not_crash() {
    let mut html = String::from("<html><body>");
    for _ in 0..10_000 {
        html.push_str("<div>");
    }
    html.push_str("<p>Deep inside the page, the mayor said the bridge would reopen on Monday.</p>");
    for _ in 0..10_000 {
        html.push_str("</div>");
    }
    html.push_str("</body></html>");
    let path = temp_file("deep.html", html.as_bytes());
    let out = attache(&["extract", path.to_str().unwrap()], b"");
    assert!(out.status.success());
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(v.get("error").is_none(), "{v}");
    assert!(v["text"].as_str().unwrap().contains("bridge would reopen"));
}

#[test]
fn broken_html_still_gives_text() {
    let html =
        b"<html><body><p>Unclosed <b>bold <i>and italic<p>Second para &amp; more</div></span>";
    let out = attache(&["extract", "--input", "html"], html);
    assert!(out.status.success());
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(v.get("error").is_none(), "{v}");
}

#[test]
fn missing_file_is_an_io_error_but_other_files_are_processed() {
    let ok = temp_file("ok.txt", b"Hello there. General Kenobi.");
    let out = attache(
        &[
            "extract",
            "--format",
            "jsonl",
            "/nonexistent/x.txt",
            ok.to_str().unwrap(),
        ],
        b"",
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("/nonexistent/x.txt"));
    let recs = records(&out);
    assert_eq!(recs.len(), 1);
    assert_eq!(recs[0]["id"], "ok");
}

#[test]
fn usage_errors_exit_2() {
    let out = attache(&["extract", "--format", "yaml"], b"");
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn example_article_and_published_flag() {
    let path = repo().join("examples/article.txt");
    let out = attache(
        &[
            "extract",
            "--published",
            "2025-03-07",
            path.to_str().unwrap(),
        ],
        b"",
    );
    assert!(out.status.success());
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["id"], "article");
    assert_eq!(v["published"], "2025-03-07");
    assert_eq!(v["published_source"], "input");
    // Every span slices the text on character boundaries.
    let text = v["text"].as_str().unwrap();
    for layer in ["blocks", "sentences"] {
        for s in v[layer].as_array().unwrap() {
            let (a, b) = (
                s["start"].as_u64().unwrap() as usize,
                s["end"].as_u64().unwrap() as usize,
            );
            assert!(
                a < b && b <= text.len() && text.is_char_boundary(a) && text.is_char_boundary(b)
            );
        }
    }
}

#[test]
fn several_files_make_a_json_array() {
    let a = temp_file("a.txt", b"One.");
    let b = temp_file("b.html", b"<p>Two.</p>");
    let out = attache(&["extract", a.to_str().unwrap(), b.to_str().unwrap()], b"");
    assert!(out.status.success());
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v.as_array().map(Vec::len), Some(2));
}

#[test]
fn one_bad_byte_leaves_the_rest_utf8() {
    let mut text = "Officials from Zürich met a delegation from Москва on Monday. "
        .as_bytes()
        .to_vec();
    text.push(0xFF);
    text.extend_from_slice(b" The talks went on.");
    let path = temp_file("stray.txt", &text);
    let out = attache(&["extract", path.to_str().unwrap()], b"");
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    let text = v["text"].as_str().unwrap();
    assert!(text.contains("Zürich") && text.contains("Москва"), "{text}");
    assert_eq!(text.matches('\u{FFFD}').count(), 1, "{text}");
    let notes = v["diagnostics"].to_string();
    assert!(
        notes.contains("1 invalid byte sequence replaced by U+FFFD"),
        "{notes}"
    );
}

#[test]
fn json_values_that_are_not_objects_are_error_records() {
    let input = b"[\"an\",\"array\"]\n\"a string\"\n42\n{\"id\":\"ok\",\"text\":\"Fine.\"}\n";
    let out = attache(&["extract", "--input", "jsonl"], input);
    assert!(out.status.success());
    let recs = records(&out);
    let ids: Vec<&str> = recs.iter().map(|r| r["id"].as_str().unwrap()).collect();
    assert_eq!(ids, ["stdin:1", "stdin:2", "stdin:3", "ok"]);
    for r in &recs[..3] {
        assert_eq!(r["error"], "a JSONL line must be a JSON object");
    }
    assert!(recs[3].get("error").is_none());
}

#[test]
fn invalid_published_values_become_null_with_a_diagnostic() {
    let bad = [
        "not a date",
        "2024-13-45",
        "2024-02-30",
        "99999-01-01",
        "0000-01-01",
    ];
    let mut input = String::new();
    for (i, p) in bad.iter().enumerate() {
        input.push_str(&format!(
            "{{\"id\":\"d{i}\",\"published\":\"{p}\",\"text\":\"The council met to vote on the budget.\"}}\n"
        ));
    }
    let out = attache(&["extract"], input.as_bytes());
    let recs = records(&out);
    assert_eq!(recs.len(), bad.len());
    for (r, p) in recs.iter().zip(bad) {
        assert_eq!(r["published"], Value::Null, "{p}: {r}");
        assert_eq!(r["published_source"], "unknown", "{p}");
        assert!(
            r["diagnostics"].to_string().contains(p),
            "{p}: {}",
            r["diagnostics"]
        );
    }
}

#[test]
fn invalid_published_flag_is_a_usage_error() {
    let dir = std::env::temp_dir().join(format!("attache-cli-pub-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let db = dir.join("never.db");
    for bad in ["not a date", "2024-02-30", "0000-01-01", "99999-01-01"] {
        let out = attache(&["extract", "--published", bad], b"Hello.");
        assert_eq!(out.status.code(), Some(2), "{bad}");
        assert!(String::from_utf8_lossy(&out.stderr).contains("--published"));
        let args = ["ingest", "--db", db.to_str().unwrap(), "--published", bad];
        let out = attache(&args, b"Hello.");
        assert_eq!(out.status.code(), Some(2), "{bad}");
    }
    assert!(!db.exists(), "a usage error stores nothing");
    let out = attache(
        &["extract", "--published", "2024-02-29T09:30:00Z"],
        b"Hello.",
    );
    assert!(out.status.success());
}

#[test]
fn an_overlong_json_line_is_skipped_and_the_next_one_read() {
    // Over the 16 MiB limit, with the id first and then without one.
    let filler = "x".repeat(20 * 1024 * 1024);
    let input = format!(
        "{{\"id\":\"big\",\"text\":\"{filler}\"}}\n{{\"text\":\"{filler}\"}}\n{{\"id\":\"next\",\"text\":\"Hi.\"}}\n"
    );
    drop(filler);
    let out = attache(&["extract"], input.as_bytes());
    assert!(out.status.success());
    let recs = records(&out);
    let ids: Vec<&str> = recs.iter().map(|r| r["id"].as_str().unwrap()).collect();
    assert_eq!(ids, ["big", "stdin:2", "next"]);
    for r in &recs[..2] {
        assert_eq!(
            r["error"],
            format!("document is over the limit of {} bytes", 16 * 1024 * 1024)
        );
    }
    assert!(recs[2].get("error").is_none());
}

#[test]
fn thread_count_is_capped_and_zero_refused() {
    let input = b"{\"id\":\"a\",\"text\":\"One.\"}\n{\"id\":\"b\",\"text\":\"Two.\"}\n";
    let out = attache_within(&["extract", "-j", "10000"], input, Duration::from_secs(120))
        .expect("-j 10000 finishes");
    assert!(out.status.success());
    assert_eq!(records(&out).len(), 2);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("-j 10000 is more than"), "{stderr}");
    let dir = std::env::temp_dir().join(format!("attache-cli-j-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let db = dir.join("j.db");
    let db = db.to_str().unwrap();
    let out = attache_within(
        &["ingest", "-j", "10000", "--db", db],
        input,
        Duration::from_secs(120),
    )
    .expect("ingest -j 10000 finishes");
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("-j 10000 is more than"));
    for args in [
        &["extract", "-j", "0"][..],
        &["ingest", "-j", "0", "--db", db],
    ] {
        let out = attache(args, b"");
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(String::from_utf8_lossy(&out.stderr).contains("at least 1"));
    }
    std::fs::remove_dir_all(dir).ok();
}
