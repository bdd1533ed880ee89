//! Reads JSONL documents `{"id": ..., "html": ...}` on stdin and writes
//! `{"id", "text", "blocks": [[start, end, role]...], "meta": {...}}` per
//! line on stdout; prints the extraction throughput on stderr.
//!
//! Used by `eval/html_extraction.py`.

use std::io::{BufRead, BufWriter, Write};
use std::time::{Duration, Instant};

fn main() {
    let stdin = std::io::stdin();
    let stdout = std::io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    let mut bytes = 0usize;
    let mut docs = 0usize;
    let mut spent = Duration::ZERO;
    let repeat: usize = std::env::var("ATTACHE_BENCH_REPEAT")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1);
    for line in stdin.lock().lines() {
        let Ok(line) = line else { break };
        let Ok(v) = serde_json::from_str::<serde_json::Value>(&line) else {
            continue;
        };
        let id = v.get("id").cloned().unwrap_or(serde_json::Value::Null);
        let html = v.get("html").and_then(|h| h.as_str()).unwrap_or("");
        let t0 = Instant::now();
        let mut ex = attache_html::extract(html);
        for _ in 1..repeat {
            ex = attache_html::extract(html);
        }
        spent += t0.elapsed();
        bytes += html.len() * repeat;
        docs += repeat;
        let blocks: Vec<serde_json::Value> = ex
            .blocks
            .iter()
            .map(|b| serde_json::json!([b.span.start, b.span.end, b.role.name()]))
            .collect();
        let rec = serde_json::json!({
            "id": id,
            "text": ex.text,
            "blocks": blocks,
            "images": ex.images.iter().map(|i| serde_json::json!({
                "caption": &ex.text[i.caption.start as usize..i.caption.end as usize],
                "credit": i.credit.map(|c| &ex.text[c.start as usize..c.end as usize]),
                "src": i.src,
            })).collect::<Vec<_>>(),
            "social_posts": ex.social_posts.iter().map(|p| serde_json::json!({
                "platform": p.platform, "author": p.author, "handle": p.handle,
                "date": p.date, "hashtags": p.hashtags, "links": p.links,
            })).collect::<Vec<_>>(),
            "meta": {
                "title": ex.meta.title, "author": ex.meta.author, "published": ex.meta.published,
                "url": ex.meta.url, "outlet": ex.meta.outlet, "lang": ex.meta.lang,
            },
            "warnings": ex.warnings,
        });
        let _ = writeln!(out, "{rec}");
    }
    let secs = spent.as_secs_f64().max(1e-9);
    eprintln!(
        "extract: {docs} docs, {:.1} MB HTML in {:.3} s: {:.1} docs/s, {:.1} MB/s (one core)",
        bytes as f64 / 1e6,
        secs,
        docs as f64 / secs,
        bytes as f64 / 1e6 / secs
    );
}
