//! Times `extract` on adversarial synthetic pages (release build):
//! `cargo run --release -p attache-html --example stress`.
use std::time::Instant;

fn main() {
    let mb = 20;
    let cases: Vec<(&str, String)> = vec![
        ("nested divs", "<div>".repeat(mb * 200_000)),
        (
            "nested itemprop",
            "<div itemprop=headline>x ".repeat(mb * 40_000),
        ),
        (
            "svg titles",
            "<svg><title>t</title></svg>".repeat(mb * 40_000),
        ),
        ("unclosed a", "<a href=x>t".repeat(mb * 100_000)),
        (
            "stray end tags deep",
            "<div>".repeat(1000) + &"</x>".repeat(mb * 250_000),
        ),
        ("unclosed p li", "<li><p>word, ".repeat(mb * 80_000)),
        ("entities", "&amp;&#x41;&bogus;&".repeat(mb * 50_000)),
        (
            "attributes",
            "<p class=\"a b c share\" id=x data-x='y' style=\"display:block\">t</p>"
                .repeat(mb * 14_000),
        ),
        (
            "rel author",
            "<span rel=author>by x</span><b>".repeat(mb * 30_000),
        ),
        (
            "captions",
            "<figure><figcaption>cap (Photo: A/B) ".repeat(mb * 25_000),
        ),
        (
            "tweets",
            "<blockquote class=twitter-tweet><p>#a #b @c — N (@h) May 1, 2020".repeat(mb * 15_000),
        ),
    ];
    for (name, html) in cases {
        let t = Instant::now();
        let ex = attache_html::extract(&html);
        let s = t.elapsed().as_secs_f64();
        println!(
            "{name:22} {:6.1} MB {:7.3} s {:7.1} MB/s  text {} blocks {}",
            html.len() as f64 / 1e6,
            s,
            html.len() as f64 / 1e6 / s,
            ex.text.len(),
            ex.blocks.len()
        );
    }
}
