//! TempEval-3 (task A, timexes) evaluation of the timex stage on the
//! platinum test set, and a speed measurement of the stage.
//!
//! ```text
//! cargo run --release -p attache-engine --example tempeval3 [-- DIR] [--verbose]
//! cargo run --release -p attache-engine --example tempeval3 -- --bench CORPUS.jsonl
//! ```
//!
//! DIR defaults to `../shared/data/tempeval3-platinum` relative to the
//! workspace root (its `te3-platinum/*.tml`). Each document's TEXT is read
//! with a small TimeML reader (tags stripped, entities decoded, TIMEX3
//! offsets kept), run through the blocks, sentences, tokens and timex
//! stages with the DCT as publication date, and compared with the gold:
//! strict (same span) and relaxed (overlapping span) precision, recall
//! and F1, and value F1 as TempEval-3 scores it (relaxed matches counted
//! only when the value is equal).

use attache_doc::{Document, DocumentMeta, PublishedSource};
use attache_engine::stages::{blocks, sentences, timex, tokens};
use attache_engine::Stage;
use std::path::{Path, PathBuf};
use std::time::Instant;

struct GoldTimex {
    start: usize,
    end: usize,
    kind: String,
    value: String,
}

fn attr(tag: &str, name: &str) -> Option<String> {
    let pat = format!("{name}=\"");
    let i = tag.find(&pat)? + pat.len();
    let j = tag[i..].find('"')? + i;
    Some(tag[i..j].to_string())
}

fn decode_entity(s: &str) -> Option<(&'static str, usize)> {
    for (e, r) in [
        ("&amp;", "&"),
        ("&lt;", "<"),
        ("&gt;", ">"),
        ("&quot;", "\""),
        ("&apos;", "'"),
    ] {
        if s.starts_with(e) {
            return Some((r, e.len()));
        }
    }
    None
}

/// The DCT value, the plain TEXT and its gold TIMEX3s.
fn read_tml(src: &str) -> (Option<String>, String, Vec<GoldTimex>) {
    let dct = src.find("<DCT>").and_then(|i| {
        attr(
            &src[i..src[i..].find("</DCT>").map_or(src.len(), |j| i + j)],
            "value",
        )
    });
    let body = match (src.find("<TEXT>"), src.find("</TEXT>")) {
        (Some(a), Some(b)) if b > a => &src[a + 6..b],
        _ => "",
    };
    let mut text = String::with_capacity(body.len());
    let mut gold = Vec::new();
    let mut open: Option<(usize, String, String)> = None;
    let mut i = 0;
    while i < body.len() {
        let rest = &body[i..];
        if rest.starts_with('<') {
            let Some(j) = rest.find('>') else { break };
            let tag = &rest[..=j];
            if tag.starts_with("<TIMEX3") {
                open = Some((
                    text.len(),
                    attr(tag, "type").unwrap_or_default(),
                    attr(tag, "value").unwrap_or_default(),
                ));
            } else if tag.starts_with("</TIMEX3") {
                if let Some((s, kind, value)) = open.take() {
                    gold.push(GoldTimex {
                        start: s,
                        end: text.len(),
                        kind,
                        value,
                    });
                }
            }
            i += j + 1;
        } else if rest.starts_with('&') {
            if let Some((r, l)) = decode_entity(rest) {
                text.push_str(r);
                i += l;
            } else {
                text.push('&');
                i += 1;
            }
        } else {
            let ch = rest.chars().next().unwrap_or(' ');
            text.push(ch);
            i += ch.len_utf8();
        }
    }
    (dct, text, gold)
}

fn stages() -> Vec<Box<dyn Stage>> {
    vec![
        Box::new(blocks::BlockStage::new()),
        Box::new(sentences::SentenceStage::new()),
        Box::new(tokens::TokenStage::new()),
        Box::new(timex::TimexStage::new()),
    ]
}

fn prf(tp_p: usize, sys: usize, tp_r: usize, gold: usize) -> (f64, f64, f64) {
    let p = if sys == 0 {
        0.0
    } else {
        tp_p as f64 / sys as f64
    };
    let r = if gold == 0 {
        0.0
    } else {
        tp_r as f64 / gold as f64
    };
    let f = if p + r == 0.0 {
        0.0
    } else {
        2.0 * p * r / (p + r)
    };
    (100.0 * p, 100.0 * r, 100.0 * f)
}

fn evaluate(dir: &Path, verbose: bool) {
    let dir = if dir.join("te3-platinum").is_dir() {
        dir.join("te3-platinum")
    } else {
        dir.to_path_buf()
    };
    let mut paths: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "tml"))
        .collect();
    paths.sort();
    let stages = stages();
    let (mut n_gold, mut n_sys) = (0, 0);
    let (mut strict_g, mut strict_s, mut relax_g, mut relax_s) = (0, 0, 0, 0);
    let (mut value_ok, mut type_ok) = (0, 0);
    for p in &paths {
        let src = std::fs::read_to_string(p).expect("readable .tml");
        let (dct, text, gold) = read_tml(&src);
        let meta = DocumentMeta {
            published_source: if dct.is_some() {
                PublishedSource::Input
            } else {
                PublishedSource::Unknown
            },
            published: dct.clone(),
            ..DocumentMeta::default()
        };
        let mut doc = Document::new(p.display().to_string(), text.clone(), meta);
        for s in &stages {
            s.run(&mut doc).expect("stage runs");
        }
        let sys = &doc.layers.timexes;
        n_gold += gold.len();
        n_sys += sys.len();
        let overlaps = |g: &GoldTimex, t: &attache_doc::Timex| {
            (t.span.start as usize) < g.end && g.start < t.span.end as usize
        };
        let exact = |g: &GoldTimex, t: &attache_doc::Timex| {
            t.span.start as usize == g.start && t.span.end as usize == g.end
        };
        if verbose {
            println!(
                "== {} (DCT {})",
                p.file_name().unwrap_or_default().to_string_lossy(),
                dct.as_deref().unwrap_or("-")
            );
        }
        for g in &gold {
            let gt = &text[g.start..g.end];
            if sys.iter().any(|t| exact(g, t)) {
                strict_g += 1;
            }
            match sys.iter().find(|t| overlaps(g, t)) {
                Some(t) => {
                    relax_g += 1;
                    let kind = serde_json::to_value(t.kind)
                        .ok()
                        .and_then(|v| v.as_str().map(str::to_string))
                        .unwrap_or_default();
                    if t.value == g.value {
                        value_ok += 1;
                    }
                    if kind == g.kind {
                        type_ok += 1;
                    }
                    if verbose && (t.value != g.value || !exact(g, t)) {
                        println!(
                            "  {:5} gold {:?} {} {}  sys {:?} {} {}",
                            if t.value == g.value { "span" } else { "VALUE" },
                            gt,
                            g.kind,
                            g.value,
                            doc.slice(t.span),
                            kind,
                            t.value
                        );
                    }
                }
                None => {
                    if verbose {
                        let ctx_a = text[..g.start]
                            .char_indices()
                            .rev()
                            .nth(40)
                            .map_or(0, |x| x.0);
                        println!(
                            "  MISS  gold {:?} {} {}   …{}",
                            gt,
                            g.kind,
                            g.value,
                            text[ctx_a..g.start].replace('\n', " ")
                        );
                    }
                }
            }
        }
        for t in sys {
            if gold.iter().any(|g| exact(g, t)) {
                strict_s += 1;
            }
            if gold.iter().any(|g| overlaps(g, t)) {
                relax_s += 1;
            } else if verbose {
                let a = t.span.start as usize;
                let ctx_a = text[..a].char_indices().rev().nth(40).map_or(0, |x| x.0);
                println!(
                    "  FP    sys {:?} {}   …{}",
                    doc.slice(t.span),
                    t.value,
                    text[ctx_a..a].replace('\n', " ")
                );
            }
        }
    }
    let (sp, sr, sf) = prf(strict_s, n_sys, strict_g, n_gold);
    let (rp, rr, rf) = prf(relax_s, n_sys, relax_g, n_gold);
    let (vp, vr, vf) = prf(value_ok, n_sys, value_ok, n_gold);
    println!(
        "TempEval-3 platinum, task A timexes: {} documents, {n_gold} gold, {n_sys} system",
        paths.len()
    );
    println!("  strict  P {sp:5.1}  R {sr:5.1}  F1 {sf:5.1}");
    println!("  relaxed P {rp:5.1}  R {rr:5.1}  F1 {rf:5.1}");
    println!(
        "  value   P {vp:5.1}  R {vr:5.1}  F1 {vf:5.1}   (type accuracy on matches {:.1})",
        100.0 * type_ok as f64 / relax_g.max(1) as f64
    );
    println!("  reference (relaxed / strict / value F1): HeidelTime 90.3 / 81.3 / 77.6; SUTime 90.3 / 79.6 / 67.4");
}

fn bench(corpus: &Path) {
    let src =
        std::fs::read_to_string(corpus).unwrap_or_else(|e| panic!("{}: {e}", corpus.display()));
    let st = stages();
    let mut docs = Vec::new();
    let mut bytes = 0usize;
    for line in src.lines() {
        let Ok(v) = serde_json::from_str::<serde_json::Value>(line) else {
            continue;
        };
        let Some(text) = v["text"].as_str() else {
            continue;
        };
        bytes += text.len();
        let meta = DocumentMeta {
            published: v["published"].as_str().map(str::to_string),
            ..DocumentMeta::default()
        };
        let mut doc = Document::new("b", text, meta);
        for s in &st[..3] {
            s.run(&mut doc).expect("stage runs");
        }
        docs.push(doc);
    }
    let rounds = 5;
    let cpu0 = thread_cpu_ns();
    let t0 = Instant::now();
    let mut n = 0;
    for _ in 0..rounds {
        for d in docs.iter_mut() {
            st[3].run(d).expect("stage runs");
            n += d.layers.timexes.len();
        }
    }
    let secs = t0.elapsed().as_secs_f64();
    let cpu = match (cpu0, thread_cpu_ns()) {
        (Some(a), Some(b)) if b > a => (b - a) as f64 / 1e9,
        _ => secs,
    };
    println!(
        "timex stage: {} documents, {:.1} MB, {} timexes per round; {:.0} MB/s per CPU second ({:.0} MB/s wall clock)",
        docs.len(),
        bytes as f64 / 1e6,
        n / rounds,
        (bytes * rounds) as f64 / 1e6 / cpu,
        (bytes * rounds) as f64 / 1e6 / secs
    );
}

/// CPU time of this thread in nanoseconds (Linux), so that the figure
/// does not depend on other load on the machine.
fn thread_cpu_ns() -> Option<u64> {
    let s = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    s.split_whitespace().next()?.parse().ok()
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let verbose = args.iter().any(|a| a == "--verbose" || a == "-v");
    if let Some(i) = args.iter().position(|a| a == "--bench") {
        let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..");
        let path = args
            .get(i + 1)
            .map(PathBuf::from)
            .unwrap_or_else(|| root.join("../shared/data/bench-corpus/corpus.jsonl"));
        bench(&path);
        return;
    }
    let dir = args
        .iter()
        .find(|a| !a.starts_with('-'))
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            PathBuf::from(env!("CARGO_MANIFEST_DIR"))
                .join("../../../shared/data/tempeval3-platinum")
        });
    evaluate(&dir, verbose);
}
