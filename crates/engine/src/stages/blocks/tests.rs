//! Unit tests of the block stage on small invented articles.

use super::*;
use attache_doc::DocumentMeta;

fn run(text: &str) -> Document {
    let mut doc = Document::new(
        "t",
        text,
        DocumentMeta {
            published: Some("2024-03-10".into()),
            ..DocumentMeta::default()
        },
    );
    BlockStage::new().run(&mut doc).unwrap();
    doc
}

fn roles(doc: &Document) -> Vec<&'static str> {
    doc.layers.blocks.iter().map(|b| b.role.name()).collect()
}

#[test]
fn plain_paragraphs_are_body() {
    let doc = run("First paragraph here.\n\n  Second one.  \nThird.");
    assert_eq!(roles(&doc), ["body", "body", "body"]);
    assert_eq!(doc.slice(doc.layers.blocks[1].span), "Second one.");
}

#[test]
fn tweet_with_signature_after_text() {
    let text = "The minister spoke on Monday about the plan for the coming year.\n\
Proud to open the new bridge today! #Infrastructure pic.twitter.com/Ab12Cd\n\
— Jane Roe (@janeroe) March 4, 2024\n\
The bridge cost 40 million dollars, officials said.";
    let doc = run(text);
    assert_eq!(roles(&doc), ["body", "social_post", "body"]);
    let p = &doc.layers.social_posts[0];
    assert_eq!(p.handle.as_deref(), Some("@janeroe"));
    assert_eq!(p.author.as_deref(), Some("Jane Roe"));
    assert_eq!(p.date.as_deref(), Some("2024-03-04"));
    assert_eq!(p.hashtags, ["Infrastructure"]);
    assert_eq!(p.links, ["pic.twitter.com/Ab12Cd"]);
    assert_eq!(
        doc.slice(p.span),
        text.lines().skip(1).take(2).collect::<Vec<_>>().join("\n")
    );
}

#[test]
fn caption_gives_an_image() {
    let text = "Body text comes first.\nA woman waves a flag in Rome on May 2, 2023 (Ann Lee/AFP via Getty Images).\nMore body.";
    let doc = run(text);
    assert_eq!(roles(&doc), ["body", "caption", "body"]);
    let im = &doc.layers.images[0];
    assert_eq!(
        doc.slice(im.credit.unwrap()),
        "Ann Lee/AFP via Getty Images"
    );
    assert_eq!(
        doc.slice(im.caption),
        "A woman waves a flag in Rome on May 2, 2023"
    );
}

#[test]
fn dateline_prefix_keeps_the_paragraph_body() {
    let doc = run("BERLIN, March 9 (Reuters) - Germany said on Saturday it would act.\nSecond.");
    assert_eq!(roles(&doc), ["body", "body"]);
    let d = doc.layers.dateline.as_ref().unwrap();
    assert_eq!(doc.slice(d.place), "BERLIN");
    assert_eq!(doc.slice(d.agency.unwrap()), "Reuters");
    assert_eq!(d.date.as_deref(), Some("2024-03-09"));
    assert_eq!(doc.slice(d.span), "BERLIN, March 9 (Reuters) -");
}

#[test]
fn html_blocks_keep_structure_and_gain_roles() {
    let text = "Heading Here\nA body paragraph of the story goes here.\nJo Park is a staff writer covering health.";
    let mut doc = Document::new(
        "h",
        text,
        DocumentMeta {
            input_kind: InputKind::Html,
            ..DocumentMeta::default()
        },
    );
    doc.layers.blocks = vec![
        Block {
            span: Span::new(0, 12),
            role: BlockRole::Heading,
        },
        Block {
            span: Span::new(13, 53),
            role: BlockRole::Body,
        },
        Block {
            span: Span::new(54, text.len()),
            role: BlockRole::Body,
        },
    ];
    doc.layers.images.push(Image::default());
    BlockStage::new().run(&mut doc).unwrap();
    assert_eq!(roles(&doc), ["heading", "body", "author_bio"]);
    assert_eq!(doc.layers.images.len(), 1);
}

#[test]
fn blocks_are_sorted_disjoint_and_on_boundaries() {
    let text = "Añadido 🇪🇸 texto.\n\n💬 Ça va:\n— Équipe 🇫🇷 (@equipe) May 1, 2024\n🇫🇷 Voilà pic.twitter.com/x1\nFin.";
    let doc = run(text);
    let mut prev = 0;
    for b in &doc.layers.blocks {
        assert!(b.span.start() >= prev);
        assert!(text.is_char_boundary(b.span.start()) && text.is_char_boundary(b.span.end()));
        prev = b.span.end();
    }
    assert_eq!(roles(&doc), ["body", "social_post", "body"]);
}
