//! Main-text extraction from news web pages.
//!
//! [`extract`] turns an HTML page into the article's text with its blocks
//! (headings, paragraphs, captions, embedded posts, quote blocks, bylines,
//! datelines), its images and embedded social posts, and the page's
//! metadata. Navigation, menus, ads, related links, comments and cookie
//! banners are left out.
//!
//! How it works, in linear passes over an arena tree (no recursion, so
//! nesting depth cannot overflow the stack):
//!
//! 1. `dom`: a tolerant tokenizer (memchr-driven, entities decoded, only the
//!    attributes the extractor reads are kept) builds the tree with an
//!    explicit stack of open elements, the usual implied end tags (`p`, `li`,
//!    `td`...), raw-text elements, and a depth cap.
//! 2. `meta`: `<meta>` (OpenGraph, article:, parsely, Dublin Core, itemprop),
//!    `<link rel=canonical>`, `<time>`, `<title>` and JSON-LD (`@graph`
//!    included) give title, author, date (ISO 8601), URL, site name, language.
//! 3. `content::features`: per element, text and link-text counts, the text
//!    it owns directly, class/id cues (boilerplate words such as nav, share,
//!    related, comment, ad; content words such as article, story, body),
//!    hidden elements, embeds.
//! 4. `content::content_roots`: paragraph-like units are scored (length,
//!    commas, link density) and the scores passed to a few ancestors; the
//!    best container wins, favoured near the headline and by content cues.
//!    It is then widened to an ancestor holding repeated same-shape parts of
//!    the article, to sibling containers that continue it, and to same-class
//!    containers of a split story; a byline just before it is added.
//! 5. `content::emit`: the roots are cut into blocks with roles; link boxes,
//!    boilerplate boxes, short furniture lines (share, subscribe, time
//!    stamps, copyright) and the repeated headline are dropped; captions get
//!    their credit split off, embeds their platform, handle, date, hashtags.
//! 6. When the markup holds much less text than the JSON-LD `articleBody`
//!    (pages rendered by script), that body is used instead.

#![deny(missing_docs)]

use attache_doc::{Block, BlockRole, Image, SocialPost, Span};

mod content;
mod cues;
mod date;
mod dom;
mod entities;
mod meta;
mod social;

pub use date::normalize_date;
pub use entities::decode as decode_entities;

/// Metadata read from the page (meta tags, JSON-LD).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PageMeta {
    /// Headline.
    pub title: Option<String>,
    /// Author(s).
    pub author: Option<String>,
    /// Publication date-time, ISO 8601.
    pub published: Option<String>,
    /// Canonical URL.
    pub url: Option<String>,
    /// Site name.
    pub outlet: Option<String>,
    /// `<html lang>`.
    pub lang: Option<String>,
}

/// What [`extract`] found.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Extraction {
    /// The main text: blocks separated by newlines.
    pub text: String,
    /// Blocks over `text`, sorted, not overlapping.
    pub blocks: Vec<Block>,
    /// Images with captions and credits, spans over `text`.
    pub images: Vec<Image>,
    /// Embedded social posts, spans over `text`.
    pub social_posts: Vec<SocialPost>,
    /// Page metadata.
    pub meta: PageMeta,
    /// Problems met (truncation, depth limits), for diagnostics.
    pub warnings: Vec<String>,
}

/// Extracts the main text of an HTML page. Never panics; broken HTML gives
/// whatever text can be recovered.
pub fn extract(html: &str) -> Extraction {
    let dom = dom::parse(html);
    let (mut meta, ld_body) = meta::read_meta(&dom);
    if meta.title.is_none() {
        if let Some(h1) = (0..dom.nodes.len() as u32).find(|&i| dom.tag(i) == dom::tag::H1) {
            let t = dom.text_of(h1);
            if !t.is_empty() && t.len() < 500 {
                meta.title = Some(t);
            }
        }
    }
    let f = content::features(&dom);
    let (roots, use_neg) = content::content_roots(&dom, &f);
    let mut warnings = Vec::new();
    let mut raw = content::emit(&dom, &f, &roots, use_neg, meta.title.as_deref());
    // Pages that render the article from script data: the JSON-LD
    // articleBody, when it is much longer than what the markup gave.
    if let Some(body) = ld_body {
        let got: usize = raw.iter().map(|b| b.text.len()).sum();
        if body.len() > 200 && body.len() > 2 * got {
            raw = content::blocks_from_plain(&body);
            warnings.push("text taken from the JSON-LD articleBody".to_string());
        }
    }
    let mut out = layout(raw);
    out.meta = meta;
    out.warnings = dom.warnings;
    out.warnings.extend(warnings);
    if out.text.is_empty() && !html.trim().is_empty() {
        out.warnings.push("no main text found".to_string());
    }
    out
}

/// Lays the blocks out into one text, one block per line.
fn layout(raw: Vec<content::RawBlock>) -> Extraction {
    let mut out = Extraction::default();
    for b in raw {
        if !out.text.is_empty() {
            out.text.push('\n');
        }
        let start = out.text.len();
        out.text.push_str(&b.text);
        let end = out.text.len();
        let span = Span::new(start, end);
        out.blocks.push(Block { span, role: b.role });
        match b.role {
            BlockRole::Caption => {
                let (cap, credit) = social::split_credit(&b.text, b.credit.as_deref());
                out.images.push(Image {
                    span,
                    caption: Span::new(start + cap.0, start + cap.1),
                    credit: credit.map(|(a, z)| Span::new(start + a, start + z)),
                    src: b.img_src,
                });
            }
            BlockRole::SocialPost => {
                let raw = b.social.unwrap_or_default();
                out.social_posts.push(social::post(&b.text, span, &raw));
            }
            _ => {}
        }
    }
    out
}

/// Debugging aid: the ancestor chain (tag, class, id, features) of the first
/// text node containing `needle`, and the chosen content roots.
#[doc(hidden)]
pub fn debug_path(html: &str, needle: &str) -> String {
    use std::fmt::Write;
    let dom = dom::parse(html);
    let f = content::features(&dom);
    let (roots, _) = content::content_roots(&dom, &f);
    let sc = content::score_candidates(&dom, &f);
    let (score, use_neg) = (&sc.score, sc.use_neg);
    let mut s = String::new();
    let mut order: Vec<usize> = (0..score.len()).filter(|&i| score[i] > 0.0).collect();
    order.sort_by(|a, b| score[*b].total_cmp(&score[*a]));
    let _ = writeln!(s, "use_neg {use_neg}");
    for &i in order.iter().take(6) {
        let _ = writeln!(
            s,
            "cand {i} {:.1} <{} class={:?} id={:?}> txt {}",
            score[i],
            dom.tag_name(i as u32),
            dom.attr(i as u32, dom::Attr::Class),
            dom.attr(i as u32, dom::Attr::Id),
            f.txt[i]
        );
    }
    for r in &roots {
        let _ = writeln!(
            s,
            "root {} <{} class={:?} id={:?}>",
            r,
            dom.tag_name(*r),
            dom.attr(*r, dom::Attr::Class),
            dom.attr(*r, dom::Attr::Id)
        );
    }
    let find = |hard_ok: bool| {
        (0..dom.nodes.len() as u32)
            .find(|&i| (hard_ok || !f.hard_in[i as usize]) && dom.node_text(i).contains(needle))
    };
    let Some(t) = find(false).or_else(|| find(true)) else {
        return s + "needle not found";
    };
    let mut i = t;
    while i != dom::NONE {
        let iu = i as usize;
        let _ = writeln!(
            s,
            "{i} <{} class={:?} id={:?}> txt {} link {} hard {} neg {} neg_in {} cue {:?}",
            dom.tag_name(i),
            dom.attr(i, dom::Attr::Class),
            dom.attr(i, dom::Attr::Id),
            f.txt[iu],
            f.link[iu],
            f.hard_in[iu],
            f.neg[iu],
            f.neg_in[iu],
            f.cue[iu]
        );
        i = dom.nodes[iu].parent;
    }
    s
}
