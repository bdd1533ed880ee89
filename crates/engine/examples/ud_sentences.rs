//! Sentence-boundary precision, recall and F1 on UD English EWT.
//!
//! ```text
//! cargo run --release -p attache-engine --example ud_sentences [FILE.conllu ...]
//! ```
//!
//! Defaults to `../shared/data/ud-english-ewt/en_ewt-ud-{dev,test}.conllu`
//! next to the workspace, and says "skipped" when they are absent. Each
//! paragraph (`# newpar`, or `# newdoc` without one) is rebuilt by joining
//! its sentences' `# text` with a space and split as one block. A boundary
//! is the end offset of a sentence that is not the paragraph's last; the
//! scores are micro-averaged over all paragraphs, overall and per genre
//! (the prefix of the document id: answers, email, newsgroup, reviews,
//! weblog). Three splitters are compared: the sentence stage, the
//! placeholder it replaced (a break after `.`, `!` or `?` before white
//! space), and UAX #29 (`unicode-segmentation`'s sentence bounds).

use attache_doc::{Block, BlockRole, Document, DocumentMeta, Span};
use attache_engine::stages::sentences::SentenceStage;
use attache_engine::Stage;
use std::collections::{BTreeMap, HashSet};
use std::path::PathBuf;
use unicode_segmentation::UnicodeSegmentation;

struct Paragraph {
    genre: String,
    text: String,
    gold: HashSet<usize>,
}

fn paragraphs(conllu: &str) -> Vec<Paragraph> {
    let mut out = Vec::new();
    let mut genre = String::new();
    let mut sents: Vec<String> = Vec::new();
    let flush = |sents: &mut Vec<String>, genre: &str, out: &mut Vec<Paragraph>| {
        if sents.is_empty() {
            return;
        }
        let mut text = String::new();
        let mut gold = HashSet::new();
        for (k, s) in sents.iter().enumerate() {
            if k > 0 {
                gold.insert(text.len());
                text.push(' ');
            }
            text.push_str(s);
        }
        out.push(Paragraph {
            genre: genre.to_string(),
            text,
            gold,
        });
        sents.clear();
    };
    for line in conllu.lines() {
        if let Some(id) = line.strip_prefix("# newdoc id = ") {
            flush(&mut sents, &genre, &mut out);
            genre = id.split('-').next().unwrap_or("").to_string();
        } else if line.starts_with("# newpar") {
            flush(&mut sents, &genre, &mut out);
        } else if let Some(t) = line.strip_prefix("# text = ") {
            sents.push(t.trim().to_string());
        }
    }
    flush(&mut sents, &genre, &mut out);
    out
}

/// Internal boundaries (trimmed sentence ends but the last) of `spans`.
fn internal(ends: impl Iterator<Item = usize>) -> HashSet<usize> {
    let mut v: Vec<usize> = ends.collect();
    v.pop();
    v.into_iter().collect()
}

fn ours(text: &str) -> HashSet<usize> {
    let mut doc = Document::new("p", text, DocumentMeta::default());
    doc.layers.blocks.push(Block {
        span: Span::new(0, text.len()),
        role: BlockRole::Body,
    });
    SentenceStage::new().run(&mut doc).expect("stage runs");
    internal(doc.layers.sentences.iter().map(|s| s.span.end()))
}

fn placeholder(text: &str) -> HashSet<usize> {
    let b = text.as_bytes();
    let mut ends: Vec<usize> = (0..b.len())
        .filter(|&j| {
            matches!(b[j], b'.' | b'!' | b'?')
                && b.get(j + 1).is_some_and(|c| c.is_ascii_whitespace())
        })
        .map(|j| j + 1)
        .collect();
    ends.push(text.len());
    internal(ends.into_iter())
}

fn uax29(text: &str) -> HashSet<usize> {
    internal(
        text.split_sentence_bound_indices()
            .filter(|(_, s)| !s.trim().is_empty())
            .map(|(i, s)| i + s.trim_end().len()),
    )
}

#[derive(Default, Clone, Copy)]
struct Counts {
    tp: usize,
    fp: usize,
    fn_: usize,
}

impl Counts {
    fn add(&mut self, gold: &HashSet<usize>, got: &HashSet<usize>) {
        let tp = gold.intersection(got).count();
        self.tp += tp;
        self.fp += got.len() - tp;
        self.fn_ += gold.len() - tp;
    }
    fn prf(self) -> (f64, f64, f64) {
        let p = self.tp as f64 / (self.tp + self.fp).max(1) as f64;
        let r = self.tp as f64 / (self.tp + self.fn_).max(1) as f64;
        let f = if p + r > 0.0 {
            2.0 * p * r / (p + r)
        } else {
            0.0
        };
        (p, r, f)
    }
}

fn main() {
    let mut files: Vec<PathBuf> = std::env::args().skip(1).map(PathBuf::from).collect();
    if files.is_empty() {
        let dir = PathBuf::from(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../../shared/data/ud-english-ewt"
        ));
        files = ["en_ewt-ud-dev.conllu", "en_ewt-ud-test.conllu"]
            .iter()
            .map(|f| dir.join(f))
            .collect();
    }
    let mut paras = Vec::new();
    for f in &files {
        match std::fs::read_to_string(f) {
            Ok(s) => paras.extend(paragraphs(&s)),
            Err(e) => {
                println!("skipped: {}: {e}", f.display());
                return;
            }
        }
    }
    let names = ["sentence stage", "placeholder", "UAX #29"];
    let splitters: [fn(&str) -> HashSet<usize>; 3] = [ours, placeholder, uax29];
    let mut total = [Counts::default(); 3];
    let mut by_genre: BTreeMap<String, [Counts; 3]> = BTreeMap::new();
    // UD_SHOW=missed or UD_SHOW=extra prints the sentence stage's errors.
    let show = std::env::var("UD_SHOW").unwrap_or_default();
    for p in &paras {
        if !show.is_empty() {
            let got = ours(&p.text);
            let errs: Vec<usize> = if show == "missed" {
                p.gold.difference(&got).copied().collect()
            } else {
                got.difference(&p.gold).copied().collect()
            };
            for e in errs {
                let mut a = e.saturating_sub(40);
                while !p.text.is_char_boundary(a) {
                    a -= 1;
                }
                let mut b = (e + 40).min(p.text.len());
                while !p.text.is_char_boundary(b) {
                    b += 1;
                }
                println!("{show} {}: {} | {}", p.genre, &p.text[a..e], &p.text[e..b]);
            }
        }
        for (k, f) in splitters.iter().enumerate() {
            let got = f(&p.text);
            total[k].add(&p.gold, &got);
            by_genre.entry(p.genre.clone()).or_default()[k].add(&p.gold, &got);
        }
    }
    let gold: usize = paras.iter().map(|p| p.gold.len()).sum();
    println!(
        "{} paragraphs, {gold} internal gold boundaries",
        paras.len()
    );
    println!(
        "{:<12} {:<16} {:>6} {:>6} {:>6}",
        "genre", "splitter", "P", "R", "F1"
    );
    let mut rows: Vec<(String, [Counts; 3])> = vec![("all".to_string(), total)];
    rows.extend(by_genre);
    for (genre, counts) in rows {
        for (k, c) in counts.iter().enumerate() {
            let (p, r, f) = c.prf();
            println!("{genre:<12} {:<16} {p:>6.3} {r:>6.3} {f:>6.3}", names[k]);
        }
    }
}
