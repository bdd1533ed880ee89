//! Runs the quotation case files in `testdata/quotes/*.toml` through the
//! standard pipeline.
//!
//! Each `[[case]]` has a `name`, a `text`, an optional `published` date,
//! `expect = [{ text = "...", kind = "direct", speaker = "..." }]`: the
//! quotations the `quotes` layer must hold, exactly, in order (the text is
//! the quoted words; `kind` is optional; `speaker`, when given, must be a
//! substring of the record speaker's name, and `speaker = ""` asks for no
//! speaker), and `reported = [...]` the same for `reported_speech`. A case
//! without `reported` does not look at that layer.

use attache_doc::{Document, DocumentMeta, PublishedSource, Quote, QuoteKind};
use serde::Deserialize;

#[derive(Deserialize)]
struct File {
    case: Vec<Case>,
}

#[derive(Deserialize)]
struct Case {
    name: String,
    text: String,
    #[serde(default)]
    published: String,
    #[serde(default)]
    expect: Vec<Expect>,
    reported: Option<Vec<Expect>>,
}

#[derive(Deserialize)]
struct Expect {
    text: String,
    kind: Option<String>,
    speaker: Option<String>,
}

fn kind_name(k: QuoteKind) -> &'static str {
    match k {
        QuoteKind::Direct => "direct",
        QuoteKind::Partial => "partial",
        QuoteKind::Block => "block",
        QuoteKind::Scare => "scare",
        QuoteKind::Indirect => "indirect",
    }
}

fn check(doc: &Document, layer: &str, got: &[Quote], want: &[Expect]) -> Vec<String> {
    let mut errs = Vec::new();
    let shown: Vec<String> = got
        .iter()
        .map(|q| {
            format!(
                "{:?} {} [{}]",
                doc.slice(q.span),
                kind_name(q.kind),
                q.speaker.as_ref().map_or("-", |s| s.name.as_str())
            )
        })
        .collect();
    if got.len() != want.len() {
        errs.push(format!(
            "{layer}: {} items, expected {}: {shown:?}",
            got.len(),
            want.len()
        ));
        return errs;
    }
    for (q, w) in got.iter().zip(want) {
        let text = doc.slice(q.span);
        if text != w.text {
            errs.push(format!("{layer}: text {text:?}, expected {:?}", w.text));
        }
        if let Some(k) = &w.kind {
            if kind_name(q.kind) != k {
                errs.push(format!(
                    "{layer}: {text:?} kind {}, expected {k}",
                    kind_name(q.kind)
                ));
            }
        }
        if let Some(s) = &w.speaker {
            let name = q.speaker.as_ref().map(|s| s.name.as_str());
            let ok = match name {
                None => s.is_empty(),
                Some(n) => !s.is_empty() && n.contains(s.as_str()),
            };
            if !ok {
                errs.push(format!(
                    "{layer}: {text:?} speaker {name:?}, expected {s:?}"
                ));
            }
        }
    }
    errs
}

#[test]
fn quote_cases() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/testdata/quotes");
    let pipeline = attache_engine::standard_pipeline();
    let mut paths: Vec<_> = std::fs::read_dir(dir)
        .expect("testdata/quotes")
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .collect();
    paths.sort();
    let mut failures = Vec::new();
    let mut n = 0;
    for path in paths {
        let src = std::fs::read_to_string(&path).unwrap();
        let file: File = toml::from_str(&src).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        for case in file.case {
            n += 1;
            let meta = DocumentMeta {
                published: (!case.published.is_empty()).then(|| case.published.clone()),
                published_source: if case.published.is_empty() {
                    PublishedSource::Unknown
                } else {
                    PublishedSource::Input
                },
                ..DocumentMeta::default()
            };
            let mut doc = Document::new("case", case.text.as_str(), meta);
            pipeline.run(&mut doc);
            let mut errs = check(&doc, "quotes", &doc.layers.quotes, &case.expect);
            if let Some(r) = &case.reported {
                errs.extend(check(&doc, "reported", &doc.layers.reported_speech, r));
            }
            if !errs.is_empty() {
                failures.push(format!(
                    "{} / {}:\n    {}",
                    path.file_name().unwrap().to_string_lossy(),
                    case.name,
                    errs.join("\n    ")
                ));
            }
        }
    }
    assert!(n >= 40, "only {n} cases");
    assert!(
        failures.is_empty(),
        "{} of {n} cases failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
