//! Named-entity quality on Universal NER English (PUD and EWT test sets).
//!
//! ```text
//! cargo run --release -p attache-engine --example uner_eval [DATA_DIR]
//! ```
//!
//! `DATA_DIR` defaults to `../shared/data` next to the workspace, holding
//! `uner-english-pud/en_pud-ud-test.iob2` and
//! `uner-english-ewt/en_ewt-ud-test.iob2` (IOB2, PER/ORG/LOC; see their
//! SOURCES.md). Each document (`# newdoc id`) is rebuilt from its sentences'
//! `# text` lines, one sentence a line, and run through the entity stage
//! with those sentence spans; the stage's name mentions are mapped PERSON ->
//! PER, ORG -> ORG, GPE/LOC/FAC -> LOC (nominal and pronoun mentions, EVENT
//! and OTHER left out) and compared with the gold spans, exact boundaries.
//! Reported: precision, recall and F1 per type and overall (micro).
//! For scale: spaCy's en_core_web_sm reports about 0.84 F1 on OntoNotes.

use attache_doc::{EntityType, MentionKind};
use attache_engine::stages::entities::EntityStage;
use std::collections::HashSet;

struct Doc {
    text: String,
    sentences: Vec<(usize, usize)>,
    gold: Vec<(usize, usize, &'static str)>,
}

fn label(s: &str) -> &'static str {
    match s {
        "PER" => "PER",
        "ORG" => "ORG",
        _ => "LOC",
    }
}

fn load(path: &str) -> Vec<Doc> {
    let src = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let mut docs: Vec<Doc> = Vec::new();
    let mut sent_text = String::new();
    let mut toks: Vec<(String, String)> = Vec::new();
    let flush = |docs: &mut Vec<Doc>, sent_text: &mut String, toks: &mut Vec<(String, String)>| {
        if toks.is_empty() {
            return;
        }
        if docs.is_empty() {
            docs.push(Doc {
                text: String::new(),
                sentences: Vec::new(),
                gold: Vec::new(),
            });
        }
        let d = docs.last_mut().expect("a document");
        if !d.text.is_empty() {
            d.text.push('\n');
        }
        let base = d.text.len();
        let line = if sent_text.is_empty() {
            toks.iter()
                .map(|t| t.0.as_str())
                .collect::<Vec<_>>()
                .join(" ")
        } else {
            sent_text.clone()
        };
        d.text.push_str(&line);
        d.sentences.push((base, base + line.len()));
        // align tokens to the line
        let mut at = 0;
        let mut open: Option<(usize, usize, &'static str)> = None;
        for (form, tag) in toks.iter() {
            let (s, e) = match line[at..].find(form.as_str()) {
                Some(i) => (at + i, at + i + form.len()),
                None => (at, at),
            };
            at = e;
            let (bio, typ) = tag.split_once('-').unwrap_or((tag.as_str(), ""));
            match bio {
                "B" => {
                    if let Some(o) = open.take() {
                        d.gold.push(o);
                    }
                    open = Some((base + s, base + e, label(typ)));
                }
                "I" if open.is_some() => {
                    if let Some(o) = open.as_mut() {
                        o.1 = base + e;
                    }
                }
                _ => {
                    if let Some(o) = open.take() {
                        d.gold.push(o);
                    }
                }
            }
        }
        if let Some(o) = open.take() {
            d.gold.push(o);
        }
        sent_text.clear();
        toks.clear();
    };
    for line in src.lines() {
        if let Some(rest) = line.strip_prefix("# newdoc id") {
            flush(&mut docs, &mut sent_text, &mut toks);
            let _ = rest;
            docs.push(Doc {
                text: String::new(),
                sentences: Vec::new(),
                gold: Vec::new(),
            });
        } else if let Some(t) = line.strip_prefix("# text = ") {
            flush(&mut docs, &mut sent_text, &mut toks);
            sent_text = t.to_string();
        } else if line.starts_with('#') {
        } else if line.trim().is_empty() {
            flush(&mut docs, &mut sent_text, &mut toks);
        } else {
            let f: Vec<&str> = line.split('\t').collect();
            if f.len() >= 3 && !f[0].contains('-') && !f[0].contains('.') {
                toks.push((f[1].to_string(), f[2].to_string()));
            }
        }
    }
    flush(&mut docs, &mut sent_text, &mut toks);
    docs.retain(|d| !d.text.is_empty());
    docs
}

/// A char boundary about 30 bytes before `at`, for context in debug output.
fn back(text: &str, at: usize) -> usize {
    let mut c = at.saturating_sub(30);
    while !text.is_char_boundary(c) {
        c += 1;
    }
    c
}

fn eval(name: &str, docs: &[Doc], stage: &EntityStage) {
    let types = ["PER", "ORG", "LOC"];
    let mut tp = [0usize; 3];
    let mut np = [0usize; 3];
    let mut ng = [0usize; 3];
    let idx = |t: &str| types.iter().position(|x| *x == t).unwrap_or(0);
    for d in docs {
        let ents = stage.entities_of(&d.text, "", &d.sentences);
        let mut pred: HashSet<(usize, usize, &'static str)> = HashSet::new();
        for e in &ents {
            let t = match e.kind {
                EntityType::Person => "PER",
                EntityType::Org => "ORG",
                EntityType::Gpe | EntityType::Loc | EntityType::Fac => "LOC",
                _ => continue,
            };
            for m in e.mentions.iter().filter(|m| m.kind == MentionKind::Name) {
                pred.insert((m.span.start as usize, m.span.end as usize, t));
            }
        }
        let gold: HashSet<(usize, usize, &'static str)> = d.gold.iter().copied().collect();
        for g in &gold {
            ng[idx(g.2)] += 1;
        }
        for p in &pred {
            np[idx(p.2)] += 1;
            if gold.contains(p) {
                tp[idx(p.2)] += 1;
            }
        }
        if std::env::var("UNER_DEBUG").is_ok() {
            for g in gold.difference(&pred) {
                let c = back(&d.text, g.0);
                eprintln!("MISS\t{}\t{}\t{}", g.2, &d.text[g.0..g.1], &d.text[c..g.0]);
            }
            for p in pred.difference(&gold) {
                let c = back(&d.text, p.0);
                eprintln!("FP\t{}\t{}\t{}", p.2, &d.text[p.0..p.1], &d.text[c..p.0]);
            }
        }
    }
    let prf = |tp: usize, np: usize, ng: usize| {
        let p = tp as f64 / np.max(1) as f64;
        let r = tp as f64 / ng.max(1) as f64;
        let f = if p + r > 0.0 {
            2.0 * p * r / (p + r)
        } else {
            0.0
        };
        (p, r, f)
    };
    println!("{name}: {} documents", docs.len());
    for (i, t) in types.iter().enumerate() {
        let (p, r, f) = prf(tp[i], np[i], ng[i]);
        println!(
            "  {t}: P {p:.3} R {r:.3} F1 {f:.3} (gold {}, predicted {})",
            ng[i], np[i]
        );
    }
    let (p, r, f) = prf(tp.iter().sum(), np.iter().sum(), ng.iter().sum());
    println!("  all: P {p:.3} R {r:.3} F1 {f:.3}");
}

fn main() {
    let dir = std::env::args().nth(1).unwrap_or_else(|| {
        concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/data").to_string()
    });
    let stage = EntityStage::new();
    let pud = load(&format!("{dir}/uner-english-pud/en_pud-ud-test.iob2"));
    eval("UNER English-PUD (test)", &pud, &stage);
    let ewt = load(&format!("{dir}/uner-english-ewt/en_ewt-ud-test.iob2"));
    eval("UNER English-EWT (test)", &ewt, &stage);
}
