//! Quality floor on a sample of the article-extraction benchmark, when the
//! shared data directory is present (../shared/data relative to the
//! workspace root); skipped otherwise. The full evaluation is
//! `eval/html_extraction.py`.

use std::collections::HashMap;
use std::io::Read;
use std::path::PathBuf;

const PAGES: usize = 30;
const F1_FLOOR: f64 = 0.95;

fn tokens(s: &str) -> Vec<&str> {
    // \w+ runs, as the benchmark's metric tokenises.
    s.split(|c: char| !(c.is_alphanumeric() || c == '_'))
        .filter(|t| !t.is_empty())
        .collect()
}

fn shingles(s: &str) -> HashMap<Vec<&str>, usize> {
    let t = tokens(s);
    let mut m = HashMap::new();
    let n = 4;
    let count = if t.len() >= n { t.len() - n + 1 } else { 1 };
    for i in 0..count {
        let g: Vec<&str> = t[i..(i + n).min(t.len())].to_vec();
        if !g.is_empty() {
            *m.entry(g).or_insert(0) += 1;
        }
    }
    m
}

/// Per-document (tp, fp, fn), normalised to sum 1.
fn score(gold: &str, pred: &str) -> (f64, f64, f64) {
    let (g, p) = (shingles(gold), shingles(pred));
    let (mut tp, mut fp, mut fn_) = (0usize, 0usize, 0usize);
    for (k, &gc) in &g {
        let pc = p.get(k).copied().unwrap_or(0);
        tp += gc.min(pc);
        fn_ += gc.saturating_sub(pc);
    }
    for (k, &pc) in &p {
        fp += pc.saturating_sub(g.get(k).copied().unwrap_or(0));
    }
    let s = (tp + fp + fn_) as f64;
    if s == 0.0 {
        (0.0, 0.0, 0.0)
    } else {
        (tp as f64 / s, fp as f64 / s, fn_ as f64 / s)
    }
}

#[test]
fn article_extraction_benchmark_sample() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..");
    let dir = root.join("../shared/data/article-extraction-benchmark");
    let Ok(gt) = std::fs::read_to_string(dir.join("ground-truth.json")) else {
        eprintln!("skip: {} not found", dir.display());
        return;
    };
    let gt: serde_json::Value = serde_json::from_str(&gt).unwrap();
    let mut keys: Vec<&String> = gt.as_object().unwrap().keys().collect();
    keys.sort();
    let (mut ps, mut rs) = (Vec::new(), Vec::new());
    for key in keys.into_iter().take(PAGES) {
        let gz = std::fs::read(dir.join("html").join(format!("{key}.html.gz"))).unwrap();
        let mut raw = Vec::new();
        flate2::read::GzDecoder::new(&gz[..])
            .read_to_end(&mut raw)
            .unwrap();
        let html = String::from_utf8_lossy(&raw);
        let ex = attache_html::extract(&html);
        let gold = gt[key.as_str()]["articleBody"].as_str().unwrap_or("");
        let (tp, fp, fn_) = score(gold, &ex.text);
        if tp + fp > 0.0 {
            ps.push(if fp == 0.0 && fn_ == 0.0 {
                1.0
            } else {
                tp / (tp + fp)
            });
        }
        if tp + fn_ > 0.0 {
            rs.push(if fp == 0.0 && fn_ == 0.0 {
                1.0
            } else {
                tp / (tp + fn_)
            });
        }
    }
    let p = ps.iter().sum::<f64>() / ps.len().max(1) as f64;
    let r = rs.iter().sum::<f64>() / rs.len().max(1) as f64;
    let f1 = if p + r > 0.0 {
        2.0 * p * r / (p + r)
    } else {
        0.0
    };
    eprintln!("article-extraction-benchmark, first {PAGES} pages: P {p:.3} R {r:.3} F1 {f1:.3}");
    assert!(f1 >= F1_FLOOR, "F1 {f1:.3} below the floor {F1_FLOOR}");
}
