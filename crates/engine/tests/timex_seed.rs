//! The seed article's gold timexes (`<workspace>/../shared/gold`), when
//! that directory exists: each gold expression must be found on its line
//! with the gold value, as the project's scorer checks it.

mod support;

use attache_engine::stages::{blocks, sentences, timex, tokens};

fn fold(s: &str) -> String {
    s.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

#[test]
fn seed_timexes() {
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
        timex::TimexStage::new(),
    );
    support::run_stages(&mut doc, &[&b, &se, &t, &x]);
    // Line starts (1-based lines, as the scorer counts them).
    let mut starts = vec![0usize];
    for (i, b) in text.bytes().enumerate() {
        if b == b'\n' {
            starts.push(i + 1);
        }
    }
    let line_of = |off: usize| starts.partition_point(|&s| s <= off);
    let mut wrong = Vec::new();
    let items = gold["timexes"].as_array().expect("timexes");
    for g in items {
        let gl = g["line"].as_u64().expect("line") as usize;
        let gt = fold(g["text"].as_str().expect("text"));
        let gv = g["value"].as_str().expect("value");
        let cands: Vec<&attache_doc::Timex> = doc
            .layers
            .timexes
            .iter()
            .filter(|t| {
                let s = fold(doc.slice(t.span));
                line_of(t.span.start as usize) == gl
                    && !s.is_empty()
                    && (s.contains(&gt) || gt.contains(&s))
            })
            .collect();
        if !cands.iter().any(|t| t.value == gv) {
            wrong.push(format!(
                "line {gl} {:?} want {gv}, got {:?}",
                g["text"],
                cands
                    .iter()
                    .map(|t| (doc.slice(t.span), t.value.as_str()))
                    .collect::<Vec<_>>()
            ));
        }
    }
    assert!(
        wrong.is_empty(),
        "{} of {} seed timexes wrong:\n{}",
        wrong.len(),
        items.len(),
        wrong.join("\n")
    );
}
