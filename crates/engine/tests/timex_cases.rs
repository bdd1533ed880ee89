//! Runs the timex case files in `testdata/timex/*.toml` through the
//! blocks, sentences, tokens and timex stages.
//!
//! Each `[[case]]` has a `name`, a `text`, a `published` date (may be
//! empty: no publication date), `expect = [{ text, type, value }]` (the
//! expression's exact text, its TimeML type and value) and optionally
//! `absent = ["..."]`: strings no timex may cover. An expectation may name
//! the `anchor`: the text of the timex it must be anchored on.

mod support;

use attache_doc::{Document, PublishedSource};
use attache_engine::stages::{blocks, sentences, timex, tokens};
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
    #[serde(default)]
    absent: Vec<String>,
    #[serde(default)]
    inferred: Option<String>,
}

#[derive(Deserialize)]
struct Expect {
    text: String,
    #[serde(rename = "type")]
    kind: String,
    value: String,
    /// The text of the timex this one was anchored on, when it must be.
    #[serde(default)]
    anchor: Option<String>,
}

fn run(text: &str, published: &str) -> Document {
    let mut doc = support::document("case", text, Some(published));
    let (b, se, t, x) = (
        blocks::BlockStage::new(),
        sentences::SentenceStage::new(),
        tokens::TokenStage::new(),
        timex::TimexStage::new(),
    );
    support::run_stages(&mut doc, &[&b, &se, &t, &x]);
    doc
}

fn kind_name(k: attache_doc::TimexType) -> String {
    serde_json::to_value(k)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default()
}

#[test]
fn timex_cases() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/testdata/timex");
    let mut paths: Vec<_> = std::fs::read_dir(dir)
        .expect("testdata/timex exists")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .collect();
    paths.sort();
    let mut failures = Vec::new();
    let mut n = 0;
    for p in &paths {
        let src = std::fs::read_to_string(p).expect("readable case file");
        let file: File = toml::from_str(&src).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
        for case in file.case {
            n += 1;
            let doc = run(&case.text, &case.published);
            let got: Vec<(String, String, String, Option<String>)> = doc
                .layers
                .timexes
                .iter()
                .map(|t| {
                    (
                        doc.slice(t.span).to_string(),
                        kind_name(t.kind),
                        t.value.clone(),
                        t.anchor.and_then(|i| {
                            doc.layers
                                .timexes
                                .get(i as usize)
                                .map(|a| doc.slice(a.span).to_string())
                        }),
                    )
                })
                .collect();
            for e in &case.expect {
                let ok = got.iter().any(|(t, k, v, a)| {
                    t == &e.text
                        && k == &e.kind
                        && v == &e.value
                        && (e.anchor.is_none() || a == &e.anchor)
                });
                if !ok {
                    failures.push(format!(
                        "{}: expected {:?} {} {} — got {:?}",
                        case.name, e.text, e.kind, e.value, got
                    ));
                }
            }
            for a in &case.absent {
                let covered = doc.layers.timexes.iter().any(|t| {
                    let s = doc.slice(t.span);
                    s.contains(a.as_str())
                });
                if covered {
                    failures.push(format!(
                        "{}: {:?} must not be tagged — got {:?}",
                        case.name, a, got
                    ));
                }
            }
            if let Some(inf) = &case.inferred {
                if doc.meta.published.as_deref() != Some(inf.as_str())
                    || doc.meta.published_source != PublishedSource::Inferred
                {
                    failures.push(format!(
                        "{}: expected inferred publication date {inf}, got {:?} ({:?})",
                        case.name, doc.meta.published, doc.meta.published_source
                    ));
                }
            }
        }
    }
    assert!(n >= 80, "only {n} cases");
    assert!(
        failures.is_empty(),
        "{} of {n} cases failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn impossible_date_is_left_out_with_a_diagnostic() {
    let doc = run(
        "The accord was signed on February 29, 2023. Talks resume on March 4, 2023.",
        "2024-02-15",
    );
    let values: Vec<&str> = doc
        .layers
        .timexes
        .iter()
        .map(|t| t.value.as_str())
        .collect();
    assert_eq!(values, ["2023-03-04"]);
    let note = doc
        .diagnostics
        .iter()
        .find(|d| d.origin == "timex")
        .expect("a timex diagnostic");
    assert!(
        note.message.contains("February 29, 2023"),
        "{}",
        note.message
    );
}

mod fuzz {
    use super::run;
    use proptest::prelude::*;

    const PIECES: &[&str] = &[
        "February",
        "Feb",
        ".",
        ",",
        "19",
        "2024",
        "-",
        "–",
        "21",
        "to",
        "the",
        "last",
        "next",
        "this",
        "week",
        "weeks",
        "year",
        "'s",
        "’",
        "Monday",
        "Mondays",
        "every",
        "a",
        "m",
        "p",
        "a.m.",
        "pm",
        ":",
        "30",
        "3",
        "/",
        "12",
        "ago",
        "later",
        "day",
        "days",
        "of",
        "in",
        "will",
        "said",
        "had",
        "1990s",
        "'",
        "s",
        "now",
        "the past",
        "future",
        "fall",
        "summer",
        "spring",
        "quarter",
        "third",
        "20th",
        "century",
        "mid",
        "early",
        "late",
        "é",
        "🇷🇺",
        "\n",
        " ",
        "  ",
        "five",
        "-",
        "day",
        "old",
        "twice",
        "times",
        "per",
        "noon",
        "tonight",
        "yesterday",
        "morning",
        "evening",
        "GMT",
        "May",
        "March",
        "Sunday",
        "Times",
        "0",
        "00",
        "99",
        "9999",
        "1",
        "31",
        "32",
        "half",
        "an",
        "hour",
        "few",
        "several",
        "that",
        "same",
    ];

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(96))]
        #[test]
        fn never_panics_and_spans_are_sorted(
            idx in proptest::collection::vec(0..PIECES.len(), 0..40),
            spaces in proptest::collection::vec(any::<bool>(), 40),
            published in prop_oneof![Just(""), Just("2024-02-15"), Just("2021-01-01T10:00:00Z")],
        ) {
            let mut text = String::new();
            for (k, &i) in idx.iter().enumerate() {
                text.push_str(PIECES[i]);
                if spaces[k % spaces.len()] {
                    text.push(' ');
                }
            }
            let doc = run(&text, published);
            let mut last = 0u32;
            for t in &doc.layers.timexes {
                prop_assert!(t.span.start >= last && t.span.end > t.span.start);
                prop_assert!(text.is_char_boundary(t.span.start as usize));
                prop_assert!(text.is_char_boundary(t.span.end as usize));
                prop_assert!(!t.value.is_empty());
                last = t.span.end;
            }
        }
    }
}
