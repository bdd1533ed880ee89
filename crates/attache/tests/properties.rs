//! Properties every processed document keeps, whatever the input: no
//! panic; every span in bounds and on character boundaries; layers sorted;
//! sentences inside blocks, tokens inside sentences; the same input gives
//! the same record.

use attache::doc::{Document, Span};
use attache::ingest::InputFormat;
use attache::{Engine, EngineOptions, ProcessError};
use proptest::prelude::*;

fn check_span(doc: &Document, span: Span, what: &str) {
    let text = doc.text();
    assert!(span.start <= span.end, "{what} {span:?} reversed");
    assert!(
        span.end() <= text.len(),
        "{what} {span:?} out of bounds ({})",
        text.len()
    );
    assert!(
        text.is_char_boundary(span.start()),
        "{what} {span:?} start inside a char"
    );
    assert!(
        text.is_char_boundary(span.end()),
        "{what} {span:?} end inside a char"
    );
}

fn check_sorted(spans: &[Span], what: &str, disjoint: bool) {
    for w in spans.windows(2) {
        assert!(
            w[0].start <= w[1].start,
            "{what} not sorted: {:?} then {:?}",
            w[0],
            w[1]
        );
        if disjoint {
            assert!(
                w[0].end <= w[1].start,
                "{what} overlap: {:?} and {:?}",
                w[0],
                w[1]
            );
        }
    }
}

fn check(doc: &Document) {
    let l = &doc.layers;
    let blocks: Vec<Span> = l.blocks.iter().map(|b| b.span).collect();
    let sentences: Vec<Span> = l.sentences.iter().map(|s| s.span).collect();
    let tokens: Vec<Span> = l.tokens.iter().map(|t| t.span).collect();
    for (spans, what) in [
        (&blocks, "block"),
        (&sentences, "sentence"),
        (&tokens, "token"),
    ] {
        for &s in spans.iter() {
            check_span(doc, s, what);
        }
        check_sorted(spans, what, true);
    }
    for s in &l.sentences {
        let block = l
            .blocks
            .get(s.block as usize)
            .expect("sentence names a block");
        assert!(
            block.span.contains(s.span),
            "sentence {:?} outside block {:?}",
            s.span,
            block.span
        );
    }
    for t in &l.tokens {
        let i = sentences.partition_point(|s| s.end <= t.span.start);
        assert!(
            sentences.get(i).is_some_and(|s| s.contains(t.span)),
            "token {:?} outside every sentence",
            t.span
        );
    }
    for p in &l.social_posts {
        check_span(doc, p.span, "social post");
    }
    for i in &l.images {
        check_span(doc, i.span, "image");
        check_span(doc, i.caption, "caption");
        if let Some(c) = i.credit {
            check_span(doc, c, "credit");
        }
    }
    if let Some(d) = &l.dateline {
        check_span(doc, d.span, "dateline");
        check_span(doc, d.place, "dateline place");
    }
}

/// One engine for every case: building the pipeline loads the gazetteers.
fn engine() -> &'static Engine {
    static ENGINE: std::sync::OnceLock<Engine> = std::sync::OnceLock::new();
    ENGINE.get_or_init(|| Engine::new(EngineOptions::default()))
}

fn run(engine: &Engine, format: InputFormat, bytes: &[u8]) {
    match engine.process(format, "prop", bytes) {
        Ok(doc) => check(&doc),
        Err(ProcessError::Ingest(_)) => {}
        Err(e) => panic!("{e}"),
    }
    let a = engine.record_json(format, "prop", bytes, false);
    let b = engine.record_json(format, "prop", bytes, false);
    assert_eq!(a, b, "output is not deterministic");
}

/// Text built from pieces news articles are made of, so the stages' rules
/// actually fire, mixed with arbitrary characters.
fn newsy() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("Mr. ".to_string()),
        Just("U.S. ".to_string()),
        Just("Feb. 7, 2020".to_string()),
        Just("\u{201c}".to_string()),
        Just("\u{201d}".to_string()),
        Just("\"".to_string()),
        Just(". ".to_string()),
        Just("? ".to_string()),
        Just("\n".to_string()),
        Just("\n\n".to_string()),
        Just(" — ".to_string()),
        Just("(@handle) ".to_string()),
        Just("#Tag ".to_string()),
        Just("pic.twitter.com/AbC ".to_string()),
        Just("🇷🇺".to_string()),
        Just("👨‍👩‍👧".to_string()),
        Just("(Jane Doe/Getty Images)".to_string()),
        Just("said:".to_string()),
        Just("MOSCOW (Reuters) - ".to_string()),
        Just("By Jane Doe".to_string()),
        Just("3.5".to_string()),
        Just("e\u{301}".to_string()),
        "[A-Za-z]{1,8}",
        " ",
        any::<char>().prop_map(|c| c.to_string()),
    ];
    prop::collection::vec(piece, 0..60).prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_bytes_as_text_or_html(bytes in prop::collection::vec(any::<u8>(), 0..2000)) {
        let engine = engine();
        run(engine, InputFormat::Text, &bytes);
        run(engine, InputFormat::Html, &bytes);
        run(engine, InputFormat::Jsonl, &bytes);
    }

    #[test]
    fn newsy_text(text in newsy()) {
        let engine = engine();
        run(engine, InputFormat::Text, text.as_bytes());
        let line = serde_json::json!({"id": "p", "text": text}).to_string();
        run(engine, InputFormat::Jsonl, line.as_bytes());
    }

    #[test]
    fn newsy_html(text in newsy(), tags in prop::collection::vec(
        prop_oneof![
            Just("<p>"), Just("</p>"), Just("<div class=\"nav\">"), Just("</div>"),
            Just("<figure><figcaption>"), Just("</figcaption></figure>"),
            Just("<blockquote class=\"twitter-tweet\">"), Just("</blockquote>"),
            Just("<script>"), Just("</script>"), Just("<!--"), Just("-->"), Just("&amp;"),
            Just("&#x1F1F7;"), Just("<br>"), Just("<h2>"), Just("<"), Just(">"),
        ], 0..30)) {
        let engine = engine();
        let mut html = String::new();
        let words: Vec<&str> = text.split(' ').collect();
        for (i, t) in tags.iter().enumerate() {
            html.push_str(t);
            if let Some(w) = words.get(i) {
                html.push_str(w);
                html.push(' ');
            }
        }
        run(engine, InputFormat::Html, html.as_bytes());
    }
}
