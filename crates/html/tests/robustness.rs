//! Hard requirements: no panic on any input, no recursion proportional to
//! nesting depth, linear-ish time on large pages, and well-formed spans.

use std::time::Instant;

use proptest::prelude::*;

/// The fastest of three runs: timing under a loaded machine is noisy.
fn best_of_3(html: &str) -> std::time::Duration {
    (0..3)
        .map(|_| {
            let t = Instant::now();
            check(html);
            t.elapsed()
        })
        .min()
        .unwrap()
}

fn check(html: &str) {
    let ex = attache_html::extract(html);
    let text = &ex.text;
    let mut prev = 0usize;
    for (k, b) in ex.blocks.iter().enumerate() {
        let (a, z) = (b.span.start as usize, b.span.end as usize);
        assert!(a <= z && z <= text.len(), "span out of bounds");
        assert!(
            text.is_char_boundary(a) && text.is_char_boundary(z),
            "span off char boundary"
        );
        assert!(k == 0 || a > prev, "blocks sorted and disjoint");
        prev = z;
    }
    for i in &ex.images {
        for s in [Some(i.span), Some(i.caption), i.credit]
            .into_iter()
            .flatten()
        {
            assert!(s.start <= s.end && (s.end as usize) <= text.len());
            assert!(
                text.is_char_boundary(s.start as usize) && text.is_char_boundary(s.end as usize)
            );
            assert!(s.start >= i.span.start && s.end <= i.span.end);
        }
    }
    for p in &ex.social_posts {
        assert!(p.span.start <= p.span.end && (p.span.end as usize) <= text.len());
    }
}

#[test]
fn deep_nesting_does_not_overflow() {
    // Run on a thread with a small stack: any recursion per level would blow it.
    let h = std::thread::Builder::new()
        .stack_size(256 * 1024)
        .spawn(|| {
            for tag in ["div", "span", "blockquote", "li", "a", "p", "table", "b", "x-custom"] {
                let open = format!("<{tag} class=\"story\">");
                let html = format!(
                    "<html><body>{}<p>Deep text that is long enough to be a paragraph, with commas, here.</p>{}</body></html>",
                    open.repeat(10_000),
                    format!("</{tag}>").repeat(10_000)
                );
                check(&html);
                // Unclosed.
                check(&open.repeat(20_000));
            }
            let mixed = "<div><ul><li><blockquote><p><a><b>".repeat(5_000);
            check(&mixed);
        })
        .unwrap();
    h.join().expect("no stack overflow or panic");
}

#[test]
fn broken_inputs_do_not_panic() {
    for s in [
        "",
        "<",
        "</",
        "<!",
        "<!--",
        "<?",
        "<a",
        "<a href",
        "<a href=",
        "<a href=\"",
        "<a href='x",
        "<p>unclosed",
        "&",
        "&#",
        "&#x",
        "&#xFFFFFFFF;",
        "&#0;",
        "&#55296;",
        "<script>",
        "<script>var a='</scr' + 'ipt>';",
        "<style>",
        "<title>",
        "<textarea>",
        "<![CDATA[",
        "</p></p></p>",
        "<p><p><p>",
        "<table><td><tr><th>",
        "<svg/><math/>",
        "<blockquote class=\"twitter-tweet\">",
        "<figure><figcaption>(Photo:",
        "<figcaption>/</figcaption>",
        "<figcaption>()</figcaption>",
        "<figcaption>a/ Getty</figcaption>",
        "<script type=\"application/ld+json\">{\"@graph\":[[[[[[[[[[[[[]]]]]]]]]]]]}</script>",
        "<script type=\"application/ld+json\">[{\"@type\":\"NewsArticle\",\"author\":{\"name\":5}}]</script>",
        "\u{0}\u{FFFD}<p>\u{1F600}é</p>",
        "<meta property=\"article:published_time\" content=\"9999-99-99\">",
    ] {
        check(s);
    }
}

#[test]
fn large_page_is_linear() {
    // A page of many paragraphs, boilerplate and unclosed tags.
    let unit = "<div class=\"row\"><p>Paragraph text with an <a href=\"/x\">inline link</a>, commas, and &amp; entities.</p>\
                <ul class=\"menu\"><li><a href=\"/a\">Home</a><li><a href=\"/b\">News</a></ul><span>unclosed <b>tags\n";
    let small = unit.repeat(2_000);
    let big = unit.repeat(20_000);
    let t_small = best_of_3(&small);
    let t_big = best_of_3(&big);
    // Ten times the input must not cost a hundred times the time.
    assert!(
        t_big.as_secs_f64() < 40.0 * t_small.as_secs_f64().max(0.002),
        "small {t_small:?}, big {t_big:?}"
    );
}

#[test]
fn adversarial_patterns_scale_linearly() {
    let patterns = [
        "<div itemprop=headline>x ",
        "<div>",
        "<li><p>word, ",
        "<svg><title>t</title></svg>",
        "<span rel=author>by x</span><b>",
        "</x>",
    ];
    for unit in patterns {
        let small = unit.repeat(5_000);
        let big = unit.repeat(50_000);
        let t_small = best_of_3(&small);
        let t_big = best_of_3(&big);
        assert!(
            t_big.as_secs_f64() < 30.0 * t_small.as_secs_f64().max(0.003),
            "{unit}: small {t_small:?}, big {t_big:?}"
        );
    }
}

/// 50 MB in one page; release builds only (debug builds of this crate are
/// unoptimised): `cargo test --release -p attache-html -- --ignored`.
#[test]
#[cfg_attr(debug_assertions, ignore)]
fn fifty_megabytes() {
    let unit = "<div class=\"c\"><p>Some text, with commas, and <a href=\"#\">a link</a> &amp; an entity.</p></div>\n<div>";
    let html = unit.repeat(50_000_000 / unit.len());
    let t = Instant::now();
    let ex = attache_html::extract(&html);
    let secs = t.elapsed().as_secs_f64();
    assert!(!ex.text.is_empty());
    assert!(secs < 10.0, "50 MB took {secs:.1} s");
}

fn tag_soup() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("<p>".to_string()),
        Just("</p>".to_string()),
        Just("<div class=\"article-body\">".to_string()),
        Just("<div class=\"share nav\">".to_string()),
        Just("</div>".to_string()),
        Just("<a href=\"/x\">".to_string()),
        Just("</a>".to_string()),
        Just("<br>".to_string()),
        Just("<h2>".to_string()),
        Just("</h2>".to_string()),
        Just("<figure><figcaption>".to_string()),
        Just("</figcaption></figure>".to_string()),
        Just("<span class=\"credit\">".to_string()),
        Just("<blockquote class=\"twitter-tweet\">".to_string()),
        Just("<blockquote>".to_string()),
        Just("</blockquote>".to_string()),
        Just("<li>".to_string()),
        Just("<ul>".to_string()),
        Just("<script>".to_string()),
        Just("</script>".to_string()),
        Just("<!--".to_string()),
        Just("-->".to_string()),
        Just("&amp;".to_string()),
        Just("&#x1F600;".to_string()),
        Just("(Photo: A/B)".to_string()),
        Just("By Jane Doe".to_string()),
        Just("— Name (@handle) May 1, 2020".to_string()),
        "[a-zA-Z ,.éü日本\u{1F600}]{0,40}",
    ];
    prop::collection::vec(piece, 0..60).prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn arbitrary_strings_do_not_panic(s in any::<String>()) {
        check(&s);
    }

    #[test]
    fn arbitrary_tag_soup_gives_valid_spans(s in tag_soup()) {
        check(&s);
    }
}
