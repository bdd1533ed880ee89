//! The seed article's gold entities (`<workspace>/../shared/gold`), when
//! that directory exists: every required gold entity must be found with the
//! scorer's matching rules (name tokens, type, country).

mod support;

use attache_doc::{Entity, EntityType};
use attache_engine::stages::{blocks, entities, sentences, tokens};

/// The scorer's `fold`: accents off, lower case, non-alphanumerics to spaces.
fn fold(s: &str) -> String {
    let mut out = String::new();
    for c in s.chars() {
        let base = match c {
            'á' | 'à' | 'â' | 'ä' | 'ã' | 'å' => 'a',
            'é' | 'è' | 'ê' | 'ë' => 'e',
            'í' | 'ì' | 'î' | 'ï' => 'i',
            'ó' | 'ò' | 'ô' | 'ö' | 'õ' => 'o',
            'ú' | 'ù' | 'û' | 'ü' => 'u',
            'ñ' => 'n',
            'ç' => 'c',
            'Á' | 'À' | 'Â' | 'Ä' => 'a',
            'É' | 'È' => 'e',
            'Í' => 'i',
            'Ó' | 'Ö' => 'o',
            'Ú' | 'Ü' => 'u',
            'Ñ' => 'n',
            c => c,
        };
        for l in base.to_lowercase() {
            out.push(if l.is_ascii_alphanumeric() { l } else { ' ' });
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

const TITLES: &str = "the a an mr mrs ms dr president prime minister foreign secretary of state \
    chancellor premier vice general gen sir datuk seri sultan king queen prince sheikh his her hon mos";

fn name_tokens(s: &str) -> Vec<String> {
    let f = fold(s);
    let toks: Vec<String> = f
        .split(' ')
        .filter(|t| !t.is_empty() && !TITLES.split_whitespace().any(|x| x == *t))
        .map(str::to_string)
        .collect();
    if toks.is_empty() {
        f.split(' ')
            .filter(|t| !t.is_empty())
            .map(str::to_string)
            .collect()
    } else {
        toks
    }
}

fn close(a: &str, b: &str) -> bool {
    if a == b || (a.len() >= 4 && b.len() >= 4 && a[..4] == b[..4]) {
        return true;
    }
    if a.len().abs_diff(b.len()) > 2 {
        return false;
    }
    let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.iter().enumerate() {
        let mut cur = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            cur.push(
                (prev[j + 1] + 1)
                    .min(cur[j] + 1)
                    .min(prev[j] + usize::from(ca != cb)),
            );
        }
        prev = cur;
    }
    prev[b.len()] <= 2
}

fn names_match(g: &str, s: &str) -> bool {
    let (g, s) = (name_tokens(g), name_tokens(s));
    if g.is_empty() || s.is_empty() {
        return false;
    }
    if g.iter().all(|t| s.contains(t)) || s.iter().all(|t| g.contains(t)) {
        return true;
    }
    if g.last() != s.last() {
        return false;
    }
    let (a, b) = (&g[0], &s[0]);
    close(a, b) || (a.len().min(b.len()) == 1 && a.as_bytes()[0] == b.as_bytes()[0])
}

fn type_name(t: EntityType) -> &'static str {
    match t {
        EntityType::Person => "PERSON",
        EntityType::Org => "ORG",
        EntityType::Gpe => "GPE",
        EntityType::Loc => "LOC",
        EntityType::Fac => "FAC",
        EntityType::Event => "EVENT",
        EntityType::Other => "OTHER",
    }
}

fn ent_match(g: &serde_json::Value, s: &Entity) -> bool {
    let gt = g["type"].as_str().unwrap_or("");
    let st = type_name(s.kind);
    let same_type = gt == st || (matches!(gt, "GPE" | "LOC") && matches!(st, "GPE" | "LOC"));
    let country_ok = match g["country"].as_str() {
        None => true,
        Some(c) => s.country.as_deref() == Some(c),
    };
    same_type && names_match(g["name"].as_str().unwrap_or(""), &s.name) && country_ok
}

#[test]
fn seed_entities() {
    let Some(support::Seed {
        text,
        published,
        gold,
    }) = support::seed()
    else {
        return;
    };
    let mut doc = support::document("seed", &text, published.as_deref());
    let (b, se, t, x) = (
        blocks::BlockStage::new(),
        sentences::SentenceStage::new(),
        tokens::TokenStage::new(),
        entities::EntityStage::new(),
    );
    support::run_stages(&mut doc, &[&b, &se, &t, &x]);
    let system = &doc.layers.entities;
    // one-to-one alignment, gold in order, as the scorer's greedy `align`
    let mut used = vec![false; system.len()];
    let mut missed = Vec::new();
    let mut required = 0;
    for g in gold["entities"].as_array().expect("entities") {
        let optional = g["optional"].as_bool().unwrap_or(false);
        required += usize::from(!optional);
        let hit = system
            .iter()
            .enumerate()
            .find(|(i, s)| !used[*i] && ent_match(g, s))
            .map(|(i, _)| i);
        match hit {
            Some(i) => used[i] = true,
            None if !optional => missed.push(g["name"].as_str().unwrap_or("").to_string()),
            None => {}
        }
    }
    let recall = (required - missed.len()) as f64 / required as f64;
    eprintln!(
        "seed entity recall {recall:.3} ({} system entities)",
        system.len()
    );
    assert!(missed.is_empty(), "missed gold entities: {missed:?}");
    // codes where the gold gives them
    for g in gold["entities"].as_array().expect("entities") {
        if let Some(code) = g["code"].as_str() {
            let s = system
                .iter()
                .find(|s| ent_match(g, s))
                .expect("matched above");
            assert_eq!(s.code.as_deref(), Some(code), "code of {}", g["name"]);
        }
    }
}
