//! Main-text extraction from news web pages.
//!
//! [`extract`] turns an HTML page into the article's text with its blocks
//! (headings, paragraphs, captions, embedded posts, quote blocks, bylines,
//! datelines), its images and embedded social posts, and the page's
//! metadata. Navigation, menus, ads, related links, comments and cookie
//! banners are left out.

#![deny(missing_docs)]

use attache_doc::{Block, BlockRole, Image, SocialPost, Span};

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
    // Placeholder until the extractor lands: text of all paragraphs.
    let mut out = Extraction::default();
    let mut rest = html;
    while let Some(i) = rest.find("<p") {
        rest = &rest[i..];
        let Some(open_end) = rest.find('>') else {
            break;
        };
        let body = &rest[open_end + 1..];
        let close = body.find("</p").unwrap_or(body.len());
        let para = strip_tags(&body[..close]);
        if !para.trim().is_empty() {
            let start = out.text.len();
            out.text.push_str(para.trim());
            out.blocks.push(Block {
                span: Span::new(start, out.text.len()),
                role: BlockRole::Body,
            });
            out.text.push('\n');
        }
        rest = &body[close..];
    }
    out
}

fn strip_tags(s: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in s.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out
}
