//! Load test: `attache serve` in its own process on loopback, N clients
//! posting bench-corpus articles to `/api/extract` for S seconds. Prints
//! requests/s, p50/p99 latency of answered requests, the answers by status
//! and the server's peak RSS. A client that gets 503 waits its Retry-After
//! (as a polite client does) and goes on.
//!
//! ```sh
//! cargo build --release -p attache-cli
//! cargo run --release -p attache-server --example load -- [CLIENTS] [SECONDS]
//! ```
//! Defaults: 200 clients, 30 s, `../shared/data/bench-corpus/corpus.jsonl`
//! (else `examples/articles.jsonl`), the `attache` binary beside this
//! example's folder (`target/release/attache`).

#[path = "../tests/common/mod.rs"]
mod common;

use std::collections::BTreeMap;
use std::net::{SocketAddr, TcpListener};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let clients: usize = args.first().and_then(|a| a.parse().ok()).unwrap_or(200);
    let seconds: u64 = args.get(1).and_then(|a| a.parse().ok()).unwrap_or(30);
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let shared = root.join("../shared/data/bench-corpus/corpus.jsonl");
    let corpus_path = if shared.exists() {
        shared
    } else {
        root.join("examples/articles.jsonl")
    };
    let corpus: Arc<Vec<Vec<u8>>> = Arc::new(
        std::fs::read_to_string(&corpus_path)
            .expect("the corpus")
            .lines()
            .filter(|l| !l.trim().is_empty())
            .map(|l| l.as_bytes().to_vec())
            .collect(),
    );
    let exe = std::env::current_exe().unwrap();
    let attache = exe
        .parent()
        .and_then(|p| p.parent())
        .unwrap()
        .join("attache");
    let port = TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let addr: SocketAddr = format!("127.0.0.1:{port}").parse().unwrap();
    let mut server = Command::new(&attache)
        .args(["serve", "--addr", &addr.to_string()])
        .stderr(Stdio::null())
        .spawn()
        .unwrap_or_else(|e| {
            panic!(
                "{}: {e} (build it: cargo build --release -p attache-cli)",
                attache.display()
            )
        });
    let started = Instant::now();
    while common::request(addr, "GET", "/healthz", &[], b"").is_err() {
        assert!(
            started.elapsed() < Duration::from_secs(30),
            "the server did not start"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    println!(
        "{clients} clients, {seconds} s, {} articles from {}, server pid {}",
        corpus.len(),
        corpus_path.display(),
        server.id()
    );
    let stop = Arc::new(AtomicBool::new(false));
    let next = Arc::new(AtomicUsize::new(0));
    let latencies = Arc::new(Mutex::new(Vec::<Duration>::new()));
    let statuses = Arc::new(Mutex::new(BTreeMap::<u16, usize>::new()));
    let peak_rss = Arc::new(AtomicUsize::new(0));
    let pid = server.id();
    let sampler = {
        let (stop, peak) = (stop.clone(), peak_rss.clone());
        std::thread::spawn(move || {
            while !stop.load(Ordering::Relaxed) {
                peak.fetch_max(vm_hwm_kb(pid), Ordering::Relaxed);
                std::thread::sleep(Duration::from_millis(200));
            }
        })
    };
    let t0 = Instant::now();
    let handles: Vec<_> = (0..clients)
        .map(|_| {
            let (stop, next, corpus) = (stop.clone(), next.clone(), corpus.clone());
            let (latencies, statuses) = (latencies.clone(), statuses.clone());
            std::thread::Builder::new()
                .stack_size(256 * 1024)
                .spawn(move || {
                    while !stop.load(Ordering::Relaxed) {
                        let doc = &corpus[next.fetch_add(1, Ordering::Relaxed) % corpus.len()];
                        let t = Instant::now();
                        let status = match common::request(
                            addr,
                            "POST",
                            "/api/extract",
                            &[("Content-Type", "application/x-ndjson")],
                            doc,
                        ) {
                            Ok(a) => a.status,
                            Err(_) => 0,
                        };
                        let took = t.elapsed();
                        *statuses.lock().unwrap().entry(status).or_default() += 1;
                        if status == 200 {
                            latencies.lock().unwrap().push(took);
                        } else if status == 503 {
                            std::thread::sleep(Duration::from_secs(1));
                        }
                    }
                })
                .unwrap()
        })
        .collect();
    std::thread::sleep(Duration::from_secs(seconds));
    stop.store(true, Ordering::Relaxed);
    for h in handles {
        let _ = h.join();
    }
    let elapsed = t0.elapsed().as_secs_f64();
    let _ = sampler.join();
    let peak = peak_rss.load(Ordering::Relaxed).max(vm_hwm_kb(pid));
    let _ = Command::new("kill")
        .args(["-TERM", &pid.to_string()])
        .status();
    let _ = server.wait();
    let mut lat = latencies.lock().unwrap().clone();
    lat.sort();
    let pct = |p: f64| lat.get(((lat.len() as f64 * p) as usize).min(lat.len().saturating_sub(1)));
    let statuses = statuses.lock().unwrap().clone();
    let total: usize = statuses.values().sum();
    let ok = statuses.get(&200).copied().unwrap_or(0);
    println!("elapsed {elapsed:.1} s; answers by status (0 = connection failed): {statuses:?}");
    println!(
        "{:.1} requests/s answered, {:.1} articles/s extracted (200)",
        total as f64 / elapsed,
        ok as f64 / elapsed
    );
    if let (Some(p50), Some(p99)) = (pct(0.50), pct(0.99)) {
        println!(
            "latency of 200s: p50 {:.0} ms, p99 {:.0} ms",
            ms(*p50),
            ms(*p99)
        );
    }
    println!("server peak RSS {:.1} MB", peak as f64 / 1024.0);
    let other_5xx: usize = statuses
        .iter()
        .filter(|(s, _)| **s >= 500 && **s != 503)
        .map(|(_, n)| n)
        .sum();
    if other_5xx > 0 || peak > 500 * 1024 {
        println!("FAIL: {other_5xx} 5xx answers other than 503; peak RSS limit 500 MB");
        std::process::exit(1);
    }
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

/// The process's peak resident set (VmHWM) in kB; 0 when unknown.
fn vm_hwm_kb(pid: u32) -> usize {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1).map(str::to_string))
        })
        .and_then(|v| v.parse().ok())
        .unwrap_or(0)
}
