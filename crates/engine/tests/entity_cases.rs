//! Runs the entity case files in `testdata/entities/*.toml` through the
//! blocks, sentences, tokens and entity stages.
//!
//! Each `[[case]]` has a `name`, a `text`, a `published` date (may be
//! empty), `[[case.entity]]` tables with the expected `name` (compared with
//! accents and case folded) and optionally `type`, `country`, `code`,
//! `role`, `geonames_id`, `mentions` (texts that must each be a mention of
//! that entity), and `absent = ["..."]`: texts no entity mention may be.

mod support;

use attache_doc::{Document, Entity};
use attache_engine::stages::{blocks, entities, sentences, tokens};
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
    entity: Vec<Expect>,
    #[serde(default)]
    absent: Vec<String>,
}

#[derive(Deserialize)]
struct Expect {
    name: String,
    #[serde(rename = "type")]
    kind: Option<String>,
    country: Option<String>,
    code: Option<String>,
    role: Option<String>,
    geonames_id: Option<u64>,
    #[serde(default)]
    mentions: Vec<String>,
}

fn fold(s: &str) -> String {
    let mut out = String::new();
    for c in s.chars() {
        let c = match c {
            'á' | 'à' | 'â' | 'ä' | 'ã' => 'a',
            'é' | 'è' | 'ê' | 'ë' => 'e',
            'í' | 'ì' | 'î' | 'ï' => 'i',
            'ó' | 'ò' | 'ô' | 'ö' | 'õ' => 'o',
            'ú' | 'ù' | 'û' | 'ü' => 'u',
            'ñ' => 'n',
            'ç' => 'c',
            c => c,
        };
        if c.is_alphanumeric() {
            out.extend(c.to_lowercase());
        }
    }
    out
}

fn run(text: &str, published: &str, stage: &entities::EntityStage) -> Document {
    let mut doc = support::document("case", text, Some(published));
    let (b, se, t) = (
        blocks::BlockStage::new(),
        sentences::SentenceStage::new(),
        tokens::TokenStage::new(),
    );
    support::run_stages(&mut doc, &[&b, &se, &t, stage]);
    doc
}

fn type_name(e: &Entity) -> String {
    serde_json::to_value(e.kind)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default()
}

fn describe(doc: &Document) -> String {
    doc.layers
        .entities
        .iter()
        .map(|e| {
            let ms: Vec<&str> = e.mentions.iter().map(|m| doc.slice(m.span)).collect();
            format!(
                "\n    {} [{} {:?} {:?} {:?}] {:?}",
                e.name,
                type_name(e),
                e.country,
                e.code,
                e.role,
                ms
            )
        })
        .collect()
}

fn check(case: &Case, doc: &Document) -> Vec<String> {
    let mut fails = Vec::new();
    for x in &case.entity {
        let Some(e) = doc
            .layers
            .entities
            .iter()
            .find(|e| fold(&e.name) == fold(&x.name))
        else {
            fails.push(format!("no entity {:?}", x.name));
            continue;
        };
        let mut bad = |what: &str, want: &str, got: &str| {
            if want != got {
                fails.push(format!("{}: {what} {want:?}, got {got:?}", x.name));
            }
        };
        if let Some(t) = &x.kind {
            bad("type", t, &type_name(e));
        }
        if let Some(c) = &x.country {
            bad("country", c, e.country.as_deref().unwrap_or(""));
        }
        if let Some(c) = &x.code {
            bad("code", c, e.code.as_deref().unwrap_or(""));
        }
        if let Some(r) = &x.role {
            bad("role", r, e.role.as_deref().unwrap_or(""));
        }
        if let Some(id) = x.geonames_id {
            let got = e.geo.as_ref().and_then(|g| g.geonames_id).unwrap_or(0);
            bad("geonames_id", &id.to_string(), &got.to_string());
        }
        let mut texts: Vec<&str> = e.mentions.iter().map(|m| doc.slice(m.span)).collect();
        for m in &x.mentions {
            match texts.iter().position(|t| t == m) {
                Some(i) => {
                    texts.remove(i);
                }
                None => fails.push(format!("{}: no mention {m:?}", x.name)),
            }
        }
    }
    for a in &case.absent {
        let hit = doc
            .layers
            .entities
            .iter()
            .any(|e| e.mentions.iter().any(|m| doc.slice(m.span) == a));
        if hit {
            fails.push(format!("{a:?} must not be a mention"));
        }
    }
    fails
}

#[test]
fn entity_cases() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/testdata/entities");
    let mut paths: Vec<_> = std::fs::read_dir(dir)
        .expect("testdata/entities exists")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .collect();
    paths.sort();
    let stage = entities::EntityStage::new();
    let mut failures = Vec::new();
    let mut n = 0;
    for p in &paths {
        let src = std::fs::read_to_string(p).expect("readable case file");
        let file: File = toml::from_str(&src).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
        for case in file.case {
            n += 1;
            let doc = run(&case.text, &case.published, &stage);
            let fails = check(&case, &doc);
            if !fails.is_empty() {
                failures.push(format!(
                    "{}:\n  {}\n  entities:{}",
                    case.name,
                    fails.join("\n  "),
                    describe(&doc)
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
