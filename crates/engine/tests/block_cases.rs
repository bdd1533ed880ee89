//! Case files for the block stage, and the seed article when the shared
//! data is present.
//!
//! `testdata/blocks/*.toml` hold `[[case]]` tables:
//!
//! - `name`, `text`, optional `published` (ISO date, for datelines);
//! - `roles`: for each non-empty line in order, the role of the block that
//!   holds the line's start;
//! - `blocks` (optional): the roles of the blocks in order (checks merging);
//! - `posts`: the social posts, each with `lines` (1-based, first and last
//!   non-empty line it covers) and optional `platform`, `author`, `handle`,
//!   `date`, `hashtags`, `links`; the count must match (none when absent);
//! - `images`: each with `line` and optional `credit`, `caption`; the count
//!   must match (none when absent);
//! - `dateline` (optional) with `place`, `agency`, `date`; when absent the
//!   case must have no dateline;
//! - `given` (optional): makes the case HTML input, with one block per
//!   non-empty line carrying the given role; `given_images` lists lines
//!   ingest already found images on (they must be kept, and are counted
//!   in `images`).

use attache_doc::{Block, BlockRole, Document, DocumentMeta, Image, InputKind, Span};
use attache_engine::stages::blocks::BlockStage;
use attache_engine::Stage;
use serde::Deserialize;
use std::path::{Path, PathBuf};

#[derive(Debug, Deserialize)]
struct CaseFile {
    case: Vec<Case>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Case {
    name: String,
    text: String,
    published: Option<String>,
    /// HTML input: the roles ingest gave, one per non-empty line.
    given: Option<Vec<String>>,
    /// HTML input: lines (1-based) ingest already found images on.
    #[serde(default)]
    given_images: Vec<usize>,
    roles: Vec<String>,
    blocks: Option<Vec<String>>,
    #[serde(default)]
    posts: Vec<PostCase>,
    #[serde(default)]
    images: Vec<ImageCase>,
    dateline: Option<DatelineCase>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct PostCase {
    lines: [usize; 2],
    platform: Option<String>,
    author: Option<String>,
    handle: Option<String>,
    date: Option<String>,
    hashtags: Option<Vec<String>>,
    links: Option<Vec<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ImageCase {
    line: usize,
    credit: Option<String>,
    caption: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct DatelineCase {
    place: String,
    agency: Option<String>,
    date: Option<String>,
}

fn run(text: &str, published: Option<String>) -> Document {
    let mut doc = Document::new(
        "case",
        text,
        DocumentMeta {
            published,
            ..DocumentMeta::default()
        },
    );
    stage().run(&mut doc).expect("block stage runs");
    doc
}

/// One stage for all tests: its patterns are compiled once.
fn stage() -> &'static BlockStage {
    static STAGE: std::sync::OnceLock<BlockStage> = std::sync::OnceLock::new();
    STAGE.get_or_init(BlockStage::new)
}

/// Byte ranges of the non-empty lines, trimmed.
fn nonempty_lines(text: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut pos = 0;
    for line in text.split_inclusive('\n') {
        let lead = line.len() - line.trim_start().len();
        let body = line.trim();
        if !body.is_empty() {
            out.push((pos + lead, pos + lead + body.len()));
        }
        pos += line.len();
    }
    out
}

fn role_at(doc: &Document, offset: usize) -> Option<&'static str> {
    doc.layers
        .block_at(offset)
        .map(|i| doc.layers.blocks[i].role.name())
}

fn role_named(name: &str) -> BlockRole {
    serde_json::from_value(serde_json::Value::String(name.to_string()))
        .unwrap_or_else(|_| panic!("unknown role {name}"))
}

fn run_html(case: &Case, given: &[String]) -> Document {
    let mut doc = Document::new(
        "case",
        case.text.as_str(),
        DocumentMeta {
            published: case.published.clone(),
            input_kind: InputKind::Html,
            ..DocumentMeta::default()
        },
    );
    let lines = nonempty_lines(&case.text);
    assert_eq!(
        lines.len(),
        given.len(),
        "{}: one given role per line",
        case.name
    );
    for (&(a, b), role) in lines.iter().zip(given) {
        doc.layers.blocks.push(Block {
            span: Span::new(a, b),
            role: role_named(role),
        });
    }
    for &ln in &case.given_images {
        let (a, b) = lines[ln - 1];
        doc.layers.images.push(Image {
            span: Span::new(a, b),
            caption: Span::new(a, b),
            credit: None,
            src: Some("given.jpg".into()),
        });
    }
    stage().run(&mut doc).expect("block stage runs");
    doc
}

fn check_case(case: &Case) -> Vec<String> {
    let mut errors = Vec::new();
    let doc = match &case.given {
        Some(given) => run_html(case, given),
        None => run(&case.text, case.published.clone()),
    };
    let text = doc.text();
    let lines = nonempty_lines(text);
    // Layer invariants: sorted, disjoint, trimmed, on char boundaries.
    let mut prev_end = 0;
    for b in &doc.layers.blocks {
        let s = b.span.text(text);
        if b.span.start() < prev_end || s.trim() != s || s.is_empty() {
            errors.push(format!("bad block span {:?}", b.span));
        }
        prev_end = b.span.end();
    }
    let got: Vec<&str> = lines
        .iter()
        .map(|&(a, _)| role_at(&doc, a).unwrap_or("<none>"))
        .collect();
    if got != case.roles {
        errors.push(format!("roles: expected {:?}, got {:?}", case.roles, got));
    }
    if let Some(want) = &case.blocks {
        let got: Vec<&str> = doc.layers.blocks.iter().map(|b| b.role.name()).collect();
        if &got != want {
            errors.push(format!("blocks: expected {want:?}, got {got:?}"));
        }
    }
    let posts = &doc.layers.social_posts;
    if posts.len() != case.posts.len() {
        errors.push(format!(
            "posts: expected {}, got {} {:?}",
            case.posts.len(),
            posts.len(),
            posts
        ));
    }
    for (want, got) in case.posts.iter().zip(posts) {
        let a = lines[want.lines[0] - 1].0;
        let b = lines[want.lines[1] - 1].1;
        if (got.span.start(), got.span.end()) != (a, b) {
            errors.push(format!(
                "post span: expected lines {:?} = {a}..{b}, got {:?}",
                want.lines, got.span
            ));
        }
        let cmp = |what: &str, w: &Option<String>, g: &Option<String>, errors: &mut Vec<String>| {
            if w.is_some() && w != g {
                errors.push(format!("post {what}: expected {w:?}, got {g:?}"));
            }
        };
        cmp(
            "platform",
            &want.platform,
            &Some(got.platform.clone()),
            &mut errors,
        );
        cmp("author", &want.author, &got.author, &mut errors);
        cmp("handle", &want.handle, &got.handle, &mut errors);
        cmp("date", &want.date, &got.date, &mut errors);
        if want.hashtags.as_ref().is_some_and(|h| h != &got.hashtags) {
            errors.push(format!(
                "post hashtags: expected {:?}, got {:?}",
                want.hashtags, got.hashtags
            ));
        }
        if want.links.as_ref().is_some_and(|h| h != &got.links) {
            errors.push(format!(
                "post links: expected {:?}, got {:?}",
                want.links, got.links
            ));
        }
    }
    let images = &doc.layers.images;
    if images.len() != case.images.len() {
        errors.push(format!(
            "images: expected {}, got {}",
            case.images.len(),
            images.len()
        ));
    }
    for (want, got) in case.images.iter().zip(images) {
        if got.span.start() != lines[want.line - 1].0 {
            errors.push(format!(
                "image on line {}: got span {:?}",
                want.line, got.span
            ));
        }
        let credit = got.credit.map(|c| c.text(text).to_string());
        if want.credit.is_some() && want.credit != credit {
            errors.push(format!(
                "image credit: expected {:?}, got {credit:?}",
                want.credit
            ));
        }
        let caption = got.caption.text(text);
        if want.caption.as_ref().is_some_and(|c| c != caption) {
            errors.push(format!(
                "image caption: expected {:?}, got {caption:?}",
                want.caption
            ));
        }
    }
    match (&case.dateline, &doc.layers.dateline) {
        (None, None) => {}
        (Some(w), Some(g)) => {
            let place = g.place.text(text);
            let agency = g.agency.map(|a| a.text(text).to_string());
            if w.place != place || w.agency != agency || w.date != g.date {
                errors.push(format!(
                    "dateline: expected {w:?}, got place {place:?} agency {agency:?} date {:?}",
                    g.date
                ));
            }
        }
        (w, g) => errors.push(format!("dateline: expected {w:?}, got {g:?}")),
    }
    errors
}

fn case_files() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("testdata/blocks");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.expect("dir entry").path())
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .collect();
    files.sort();
    assert!(!files.is_empty(), "no case files in {}", dir.display());
    files
}

#[test]
fn block_case_files() {
    let mut failures = Vec::new();
    let mut n = 0;
    for path in case_files() {
        let src = std::fs::read_to_string(&path).expect("case file reads");
        let file: CaseFile =
            toml::from_str(&src).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        for case in &file.case {
            n += 1;
            let errors = check_case(case);
            if !errors.is_empty() {
                failures.push(format!(
                    "{} / {}:\n  {}",
                    path.file_name().unwrap().to_string_lossy(),
                    case.name,
                    errors.join("\n  ")
                ));
            }
        }
    }
    assert!(n >= 30, "only {n} block cases");
    assert!(
        failures.is_empty(),
        "{} of {n} block cases failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// The seed article, checked against its gold blocks, posts and images
/// when `<workspace>/../shared` is present.
#[test]
fn seed_article_matches_gold() {
    let shared = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/gold");
    let (Ok(input), Ok(gold)) = (
        std::fs::read_to_string(shared.join("seed.input.jsonl")),
        std::fs::read_to_string(shared.join("seed.gold.json")),
    ) else {
        eprintln!("skipped: no shared seed at {}", shared.display());
        return;
    };
    let input: serde_json::Value =
        serde_json::from_str(input.lines().next().expect("one document")).expect("input json");
    let gold: serde_json::Value = serde_json::from_str(&gold).expect("gold json");
    let text = input["text"].as_str().expect("text");
    let doc = run(text, input["published"].as_str().map(str::to_string));
    // Every line, as the scorer sees it: 1-based, byte ranges of `\n` splits.
    let mut line_starts = Vec::new();
    let mut pos = 0;
    for l in text.split('\n') {
        line_starts.push((pos, pos + l.len()));
        pos += l.len() + 1;
    }
    let mut errors = Vec::new();
    for b in gold["blocks"].as_array().expect("blocks") {
        let (a, z) = (
            b["lines"][0].as_u64().unwrap(),
            b["lines"][1].as_u64().unwrap(),
        );
        for ln in a..=z {
            let (s, e) = line_starts[ln as usize - 1];
            if s == e {
                continue;
            }
            let got = role_at(&doc, s);
            if got != b["role"].as_str() {
                errors.push(format!("line {ln}: gold {}, got {got:?}", b["role"]));
            }
        }
    }
    let posts = gold["social_posts"].as_array().expect("posts");
    assert_eq!(doc.layers.social_posts.len(), posts.len(), "post count");
    for (g, s) in posts.iter().zip(&doc.layers.social_posts) {
        let a = line_starts[g["lines"][0].as_u64().unwrap() as usize - 1].0;
        let b = line_starts[g["lines"][1].as_u64().unwrap() as usize - 1].1;
        if !(s.span.start() < b && s.span.end() > a) {
            errors.push(format!(
                "post span {:?} misses lines {}",
                s.span, g["lines"]
            ));
        }
        if s.handle.as_deref() != g["handle"].as_str() || s.date.as_deref() != g["date"].as_str() {
            errors.push(format!("post {:?} {:?} vs gold {g}", s.handle, s.date));
        }
        if s.platform != g["platform"].as_str().unwrap_or("")
            || s.author.as_deref() != g["author"].as_str()
        {
            errors.push(format!("post {} {:?} vs gold {g}", s.platform, s.author));
        }
    }
    let images = gold["images"].as_array().expect("images");
    assert_eq!(doc.layers.images.len(), images.len(), "image count");
    for (g, s) in images.iter().zip(&doc.layers.images) {
        let (a, e) = line_starts[g["line"].as_u64().unwrap() as usize - 1];
        let credit = s.credit.map(|c| c.text(text));
        if !(a <= s.span.start() && s.span.start() <= e) || credit != g["credit"].as_str() {
            errors.push(format!("image {:?} {credit:?} vs gold {g}", s.span));
        }
    }
    assert!(errors.is_empty(), "seed mismatches:\n{}", errors.join("\n"));
}

/// Real texts for eyeballing: the bench corpus, plus multi-paragraph
/// article bodies when present. Each entry is (id, text, published).
fn real_texts() -> Vec<(String, String, Option<String>)> {
    let data = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data");
    let mut out = Vec::new();
    if let Ok(src) = std::fs::read_to_string(data.join("bench-corpus/corpus.jsonl")) {
        for line in src.lines() {
            let v: serde_json::Value = serde_json::from_str(line).expect("corpus json");
            out.push((
                v["id"].as_str().unwrap_or("").to_string(),
                v["text"].as_str().unwrap_or("").to_string(),
                v["published"].as_str().map(str::to_string),
            ));
        }
    }
    out
}

fn extra_texts() -> Vec<(String, String, Option<String>)> {
    let data = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data");
    let mut out = Vec::new();
    if let Ok(src) =
        std::fs::read_to_string(data.join("article-extraction-benchmark/ground-truth.json"))
    {
        let v: serde_json::Value = serde_json::from_str(&src).expect("ground truth json");
        for (id, a) in v.as_object().into_iter().flatten() {
            if let Some(t) = a["articleBody"].as_str() {
                out.push((format!("aeb-{}", &id[..8]), t.to_string(), None));
            }
        }
    }
    if let Ok(dir) = std::fs::read_dir(data.join("bench-corpus/html")) {
        for e in dir.flatten() {
            let p = e.path();
            if p.to_string_lossy().ends_with(".ref.txt") {
                let t = std::fs::read_to_string(&p).unwrap_or_default();
                out.push((
                    p.file_name().unwrap().to_string_lossy().into_owned(),
                    t,
                    None,
                ));
            }
        }
    }
    out
}

/// Throughput and role counts on real articles:
/// `cargo test --release -p attache-engine --test block_cases -- --ignored --nocapture`
/// (`BLOCKS_SHOW=1` lists every non-body block).
#[test]
#[ignore]
fn real_corpus_roles_and_speed() {
    let corpus = real_texts();
    if corpus.is_empty() {
        eprintln!("skipped: no bench corpus");
        return;
    }
    let stage = BlockStage::new();
    let docs: Vec<Document> = corpus
        .iter()
        .map(|(id, t, p)| {
            Document::new(
                id.clone(),
                t.clone(),
                DocumentMeta {
                    published: p.clone(),
                    ..DocumentMeta::default()
                },
            )
        })
        .collect();
    let bytes: usize = docs.iter().map(|d| d.text().len()).sum();
    let rounds: usize = std::env::var("BLOCKS_ROUNDS")
        .ok()
        .and_then(|r| r.parse().ok())
        .unwrap_or(20);
    let mut best = f64::MAX;
    for _ in 0..rounds {
        let mut batch = docs.clone();
        let t = std::time::Instant::now();
        for d in &mut batch {
            stage.run(d).unwrap();
        }
        best = best.min(t.elapsed().as_secs_f64());
    }
    println!(
        "bench corpus: {} docs, {:.2} MB, best of {rounds}: {:.1} ms = {:.0} MB/s",
        docs.len(),
        bytes as f64 / 1e6,
        best * 1e3,
        bytes as f64 / 1e6 / best
    );
    let extra = extra_texts();
    let extra_docs: Vec<Document> = extra
        .iter()
        .map(|(id, t, _)| Document::new(id.clone(), t.clone(), DocumentMeta::default()))
        .collect();
    let extra_bytes: usize = extra_docs.iter().map(|d| d.text().len()).sum();
    if extra_bytes > 0 {
        let mut best = f64::MAX;
        for _ in 0..rounds {
            let mut batch = extra_docs.clone();
            let t = std::time::Instant::now();
            for d in &mut batch {
                stage.run(d).unwrap();
            }
            best = best.min(t.elapsed().as_secs_f64());
        }
        println!(
            "multi-paragraph articles: {} docs, {:.2} MB, {:.0} MB/s",
            extra_docs.len(),
            extra_bytes as f64 / 1e6,
            extra_bytes as f64 / 1e6 / best
        );
    }
    let show = std::env::var_os("BLOCKS_SHOW").is_some();
    for (label, set) in [("bench corpus", corpus), ("extra articles", extra)] {
        let mut counts = std::collections::BTreeMap::new();
        let mut datelines = 0;
        let (mut posts, mut images) = (0, 0);
        for (id, t, p) in &set {
            let mut d = Document::new(
                id.clone(),
                t.clone(),
                DocumentMeta {
                    published: p.clone(),
                    ..DocumentMeta::default()
                },
            );
            stage.run(&mut d).unwrap();
            for b in &d.layers.blocks {
                *counts.entry(b.role.name()).or_insert(0) += 1;
                if show && b.role.name() != "body" {
                    let s: String = b.span.text(d.text()).chars().take(110).collect();
                    println!("  {id} [{}] {s}", b.role.name());
                }
            }
            if let Some(dl) = &d.layers.dateline {
                datelines += 1;
                if show {
                    println!("  {id} [dateline-layer] {}", dl.span.text(d.text()));
                }
            }
            posts += d.layers.social_posts.len();
            images += d.layers.images.len();
        }
        println!("{label}: {} docs, roles {counts:?}, datelines {datelines}, posts {posts}, images {images}", set.len());
    }
}

mod properties {
    use super::*;
    use proptest::prelude::*;

    /// Pieces that exercise the rules: signatures, credits, datelines.
    fn piece() -> impl Strategy<Value = String> {
        prop_oneof![
            Just("\n".to_string()),
            Just(" — Name 🇷🇺 (@handle) February 14, 2024".to_string()),
            Just("(@".to_string()),
            Just(" (Jane Doe/Getty Images).".to_string()),
            Just("MOSCOW (Reuters) - ".to_string()),
            Just("LONDON, Feb 14 (Reuters) -".to_string()),
            Just("pic.twitter.com/x ".to_string()),
            Just("A post shared by ".to_string()),
            Just("Photo: ".to_string()),
            Just("By Jane ".to_string()),
            Just("said:".to_string()),
            Just("♬ ".to_string()),
            Just("#Tag ".to_string()),
            Just("é—’“".to_string()),
            "[A-Za-z ,.()/:@#\u{2014}\u{1F600}0-9]{0,40}",
        ]
    }

    proptest! {
        #[test]
        fn never_panics_and_keeps_invariants(parts in proptest::collection::vec(piece(), 0..30)) {
            let text: String = parts.concat();
            let doc = run(&text, Some("2024-02-15".into()));
            let mut prev = 0;
            for b in &doc.layers.blocks {
                prop_assert!(b.span.start() >= prev);
                prop_assert!(b.span.start() < b.span.end());
                prop_assert!(text.is_char_boundary(b.span.start()) && text.is_char_boundary(b.span.end()));
                let s = b.span.text(&text);
                prop_assert_eq!(s.trim(), s);
                prev = b.span.end();
            }
            for p in &doc.layers.social_posts {
                prop_assert!(text.get(p.span.start()..p.span.end()).is_some());
            }
            for im in &doc.layers.images {
                prop_assert!(text.get(im.caption.start()..im.caption.end()).is_some());
                prop_assert!(im.credit.is_none_or(|c| text.get(c.start()..c.end()).is_some()));
                prop_assert!(im.span.contains(im.caption));
            }
            if let Some(d) = &doc.layers.dateline {
                prop_assert!(text.get(d.span.start()..d.span.end()).is_some());
                prop_assert!(text.get(d.place.start()..d.place.end()).is_some());
            }
        }
    }
}
