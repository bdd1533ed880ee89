//! Blocks and their roles.
//!
//! Plain text: one block per paragraph (a non-empty line, trimmed), except
//! that the lines of one embedded post, of one block quotation, or of one
//! "Image source, ... / Image caption, ..." pair form one block. Each
//! block gets a role ([`BlockRole`]) from cheap per-line rules, in this
//! order of precedence:
//!
//! 1. social posts (`social`): a signature ("— Name (@handle) February 14,
//!    2024", with or without its dash; Mastodon and Bluesky handles; "A
//!    post shared by Name (@handle)"; "Posted by Name on ..."; TikTok's
//!    "@handle ♬ ...") with the post's text before it (the line just
//!    before, then post-like lines: emoji- or hashtag-led, links, short
//!    lead-ins ending in ':') and post-like lines after it; or a short line
//!    with a post link (pic.twitter.com, t.co, t.me, instagram.com/p/);
//! 2. boilerplate, bylines, captions (`rules`, `caption`): a caption is a
//!    paragraph ending in a photo credit, and gives an [`Image`];
//! 3. the dateline (`dateline`): a line of its own in the first paragraphs
//!    gets the dateline role; a dateline opening the first paragraph
//!    ("MOSCOW (Reuters) - ...") leaves it a body block; either way it is
//!    recorded in `layers.dateline`;
//! 4. author notes among the last three body paragraphs;
//! 5. headings: short title-case lines without final punctuation, not in a
//!    run of such lines (a list);
//! 6. block quotations: the paragraph after a speech cue ending in ':'
//!    ("She wrote:"; the cue stays body), and the following ones that
//!    clearly go on quoting (a quote mark, or first person without
//!    reporting verbs).
//!
//! Choices: contribution notes ("X contributed to this report") are
//! bylines, like the Reuters trailer ("Reporting by ...; Editing by ...").
//! "The views expressed ..." is boilerplate. Captions without a credit are
//! left body, except the labelled "Image caption, ..." lines.
//!
//! HTML input arrives with blocks from the page structure: their
//! structural roles are kept, the text rules only look at body blocks (no
//! heading rule there: the markup has its own), and the images and posts
//! found by ingest are kept.
//!
//! Speed: a line is looked at through its length, first and last bytes,
//! and one multi-pattern scan for social markers (skipped when the line
//! has no '/', '@', "post" or '♬'); regexes only run on the few lines
//! those let through. Patterns are compiled once, in [`BlockStage::new`].

mod caption;
mod date;
mod dateline;
mod lexicon;
pub(crate) mod markers;
mod rules;
mod social;
mod text;

use crate::{Stage, StageError};
use attache_doc::{
    Block, BlockRole, Dateline, Document, Image, InputKind, Layer, Layers, Severity, SocialPost,
    Span,
};
use markers::Markers;
use text::char_len_capped;

/// Splits the text into blocks and gives each a role; finds embedded
/// posts, captioned images and the dateline.
#[derive(Debug)]
pub struct BlockStage {
    markers: Markers,
    social: social::SocialRules,
    lines: rules::LineRules,
    datelines: dateline::DatelineRules,
}

impl Default for BlockStage {
    fn default() -> Self {
        BlockStage::new()
    }
}

/// One paragraph (or one HTML block) while roles are worked out.
#[derive(Debug, Clone)]
struct Unit {
    span: Span,
    role: BlockRole,
    /// The role came with the input (HTML structure) and stays.
    fixed: bool,
    /// Units with the same non-zero group become one block.
    group: u32,
    /// Social markers (see `markers`).
    markers: u32,
}

/// Longest tweet text (in characters) taken before a signature on the
/// strength of its position alone.
/// Blocks analysed per document (an article has dozens; a flood of lines
/// past this is left out with a diagnostic).
pub const MAX_BLOCKS: usize = 100_000;

const MAX_POST_LINE: usize = 320;
/// Longest line with a post link taken as a post by itself.
const MAX_LINK_POST: usize = 420;
/// How many paragraphs from the top a dateline may be.
const DATELINE_WINDOW: usize = 4;
/// How many closing body paragraphs are looked at for author notes.
const BIO_WINDOW: usize = 3;

impl BlockStage {
    /// The stage, with its patterns compiled.
    pub fn new() -> BlockStage {
        BlockStage {
            markers: Markers::new(),
            social: social::SocialRules::new(),
            lines: rules::LineRules::new(),
            datelines: dateline::DatelineRules::new(),
        }
    }

    /// Classifies `units` over `text` and adds posts, images and the
    /// dateline to `layers`.
    fn classify(&self, text: &str, units: &mut [Unit], year: Option<i32>, layers: &mut Layers) {
        let line = |u: &Unit| u.span.text(text);
        let free = |u: &Unit| !u.fixed && u.group == 0 && u.role == BlockRole::Body;
        let post_like = |u: &Unit| {
            social::is_post_like(line(u), u.markers) && !self.lines.is_speech_cue(line(u))
        };
        for u in units.iter_mut().filter(|u| !u.fixed) {
            u.markers = self.markers.scan(u.span.text(text));
        }
        let mut next_group = 1u32;
        let mut posts: Vec<(u32, SocialPost)> = Vec::new();

        // 1. Posts with a signature.
        let sigs: Vec<(usize, social::Signature)> = units
            .iter()
            .enumerate()
            .filter(|(_, u)| !u.fixed && u.role == BlockRole::Body)
            .filter_map(|(i, u)| Some((i, self.social.signature(line(u), u.markers)?)))
            .collect();
        let is_sig = |i: usize| sigs.iter().any(|(j, _)| *j == i);
        for (s, sig) in &sigs {
            let s = *s;
            if units[s].group != 0 {
                continue;
            }
            let mut first = s;
            // The post's text stands just before its signature: take the
            // line before on the strength of its position (twice when the
            // nearer one is only the post's link).
            let text_line = |i: usize| {
                let p = &units[i];
                free(p)
                    && !is_sig(i)
                    && !self.lines.is_speech_cue(line(p))
                    && (post_like(p) || char_len_capped(line(p), MAX_POST_LINE) <= MAX_POST_LINE)
            };
            if !sig.inline_text && s > 0 && text_line(s - 1) {
                first = s - 1;
                if first > 0 && social::is_link_only(line(&units[first])) && text_line(first - 1) {
                    first -= 1;
                }
            }
            while first > 0 {
                let p = &units[first - 1];
                if free(p) && !is_sig(first - 1) && post_like(p) {
                    first -= 1;
                } else {
                    break;
                }
            }
            // Post text after the signature (scrapes sometimes move the
            // signature up), unless those lines lead to the next signature.
            let mut last = s;
            let mut k = s + 1;
            while k < units.len() && free(&units[k]) && !is_sig(k) {
                let u = &units[k];
                if !post_like(u) {
                    break;
                }
                k += 1;
                if u.markers & (markers::PIC_TWITTER | markers::TCO) != 0 {
                    break;
                }
            }
            if k > s + 1 && !(k < units.len() && is_sig(k)) {
                last = k - 1;
            }
            let g = next_group;
            next_group += 1;
            for u in &mut units[first..=last] {
                u.role = BlockRole::SocialPost;
                u.group = g;
            }
            posts.push((
                g,
                SocialPost {
                    span: Span::default(),
                    platform: sig.platform.to_string(),
                    author: sig.author.clone(),
                    handle: sig.handle.clone(),
                    date: sig.date.clone(),
                    hashtags: Vec::new(),
                    links: Vec::new(),
                },
            ));
        }

        // 2. Lines with a post link and no signature.
        for i in 0..units.len() {
            let u = &units[i];
            if !free(u) || u.markers == 0 || u.span.len() > MAX_LINK_POST {
                continue;
            }
            let Some(platform) = social::link_platform(line(u), u.markers) else {
                continue;
            };
            let mut first = i;
            while first > 0 {
                let p = &units[first - 1];
                if free(p) && post_like(p) {
                    first -= 1;
                } else {
                    break;
                }
            }
            let g = next_group;
            next_group += 1;
            for u in &mut units[first..=i] {
                u.role = BlockRole::SocialPost;
                u.group = g;
            }
            posts.push((
                g,
                SocialPost {
                    platform: platform.to_string(),
                    ..SocialPost::default()
                },
            ));
        }

        // 3. One-line roles; first the labelled caption lines some sites
        // print ("Image source, Agency" / "Image caption, Text").
        let mut new_images = Vec::new();
        for i in 0..units.len() {
            if !free(&units[i]) {
                continue;
            }
            let l = line(&units[i]);
            if let Some(credit) = caption::labelled_line(l, "Image source") {
                let at = units[i].span.start();
                let credit = Span::new(at + credit.0, at + credit.1);
                let next = units.get(i + 1).filter(|n| free(n));
                let cap = next.and_then(|n| {
                    let (a, b) = caption::labelled_line(line(n), "Image caption")?;
                    Some(Span::new(n.span.start() + a, n.span.start() + b))
                });
                let mut span = units[i].span;
                units[i].role = BlockRole::Caption;
                if cap.is_some() {
                    let g = next_group;
                    next_group += 1;
                    units[i].group = g;
                    units[i + 1].group = g;
                    units[i + 1].role = BlockRole::Caption;
                    span = Span::new(span.start(), units[i + 1].span.end());
                }
                new_images.push(Image {
                    span,
                    caption: cap.unwrap_or(Span::new(span.end(), span.end())),
                    credit: Some(credit),
                    src: None,
                });
            } else if let Some((a, b)) = caption::labelled_line(l, "Image caption") {
                let at = units[i].span.start();
                units[i].role = BlockRole::Caption;
                new_images.push(Image {
                    span: units[i].span,
                    caption: Span::new(at + a, at + b),
                    credit: None,
                    src: None,
                });
            } else if caption::labelled_line(l, "Media caption").is_some() {
                units[i].role = BlockRole::Caption;
            }
        }
        for u in units.iter_mut() {
            if !free(u) {
                continue;
            }
            let l = u.span.text(text);
            if self.lines.is_boilerplate(l) {
                u.role = BlockRole::Boilerplate;
            } else if self.lines.is_byline(l) {
                u.role = BlockRole::Byline;
            } else if let Some(parts) = caption::find_caption(l) {
                u.role = BlockRole::Caption;
                let at = u.span.start();
                new_images.push(Image {
                    span: u.span,
                    caption: Span::new(at + parts.caption.0, at + parts.caption.1),
                    credit: Some(Span::new(at + parts.credit.0, at + parts.credit.1)),
                    src: None,
                });
            }
        }

        // 4. The dateline: a line of its own or the first paragraph's start.
        if layers.dateline.is_none() {
            self.find_dateline(text, units, year, layers);
        }

        // 5. Author notes among the closing paragraphs.
        let mut seen = 0;
        for u in units.iter_mut().skip(1).rev() {
            match u.role {
                BlockRole::Boilerplate | BlockRole::Byline | BlockRole::AuthorBio => continue,
                BlockRole::Body if !u.fixed && u.group == 0 => {}
                _ => break,
            }
            seen += 1;
            if seen > BIO_WINDOW || !self.lines.is_author_bio(u.span.text(text)) {
                break;
            }
            u.role = BlockRole::AuthorBio;
        }

        // 6. Headings: short title-case lines between paragraphs, not in a
        // run of such lines (a list).
        // HTML structure marks its own headings; a short <p> is left alone.
        let from_html = units.iter().any(|u| u.fixed);
        let heading_like: Vec<bool> = units
            .iter()
            .map(|u| !from_html && free(u) && self.lines.is_heading(u.span.text(text)))
            .collect();
        for i in 0..units.len() {
            if !heading_like[i] || i + 1 >= units.len() {
                continue;
            }
            let prev_like = i > 0 && heading_like[i - 1];
            let next_like = heading_like[i + 1];
            if !prev_like && !next_like && units[i + 1].role != BlockRole::Heading {
                units[i].role = BlockRole::Heading;
            }
        }

        // 7. Block quotations after a speech cue.
        let mut i = 0;
        while i + 1 < units.len() {
            let cue = &units[i];
            if cue.role != BlockRole::Body || !self.lines.is_speech_cue(line(cue)) {
                i += 1;
                continue;
            }
            let q = &units[i + 1];
            let q_text = line(q);
            let item = |l: &str| {
                char_len_capped(l, 80) <= 80 && !l.ends_with(['.', '!', '?', '"', '”', '’'])
            };
            let is_list = item(q_text) && units.get(i + 2).is_some_and(|n| item(line(n)));
            if !free(q)
                || is_list
                || rules::reports_speech(q_text)
                || rules::names_speaker(line(cue), q_text)
                || self.lines.is_speech_cue(q_text)
            {
                i += 1;
                continue;
            }
            let g = next_group;
            next_group += 1;
            units[i + 1].role = BlockRole::QuoteBlock;
            units[i + 1].group = g;
            let mut k = i + 2;
            while k < units.len()
                && free(&units[k])
                && !self.lines.is_speech_cue(line(&units[k]))
                && rules::continues_quote(line(&units[k]))
            {
                units[k].role = BlockRole::QuoteBlock;
                units[k].group = g;
                k += 1;
            }
            i = k;
        }

        // 8. Post fields from the merged spans.
        for (g, mut post) in posts {
            let members: Vec<&Unit> = units.iter().filter(|u| u.group == g).collect();
            let (Some(a), Some(b)) = (members.first(), members.last()) else {
                continue;
            };
            post.span = Span::new(a.span.start(), b.span.end());
            let body = post.span.text(text);
            post.hashtags = social::hashtags(body);
            post.links = self.social.links(body);
            layers.social_posts.push(post);
        }
        new_images.retain(|im| !layers.images.iter().any(|o| o.span.overlaps(im.span)));
        layers.images.extend(new_images);
        layers.images.sort_by_key(|im| im.span.start);
        layers.social_posts.sort_by_key(|p| p.span.start);
    }

    fn find_dateline(
        &self,
        text: &str,
        units: &mut [Unit],
        year: Option<i32>,
        layers: &mut Layers,
    ) {
        for i in 0..units.len().min(DATELINE_WINDOW) {
            let u = &units[i];
            match u.role {
                BlockRole::Heading
                | BlockRole::Byline
                | BlockRole::Boilerplate
                | BlockRole::Caption => continue,
                BlockRole::Dateline if u.fixed => {
                    if let Some(p) = self.datelines.find(u.span.text(text), true, year) {
                        layers.dateline = Some(dateline_at(u.span.start(), &p));
                    }
                    return;
                }
                BlockRole::Body if u.group == 0 => {}
                _ => return,
            }
            let l = u.span.text(text);
            if l.len() <= 60 {
                if let Some(p) = self.datelines.find(l, true, year) {
                    // A bare capitals line ("ANKARA") must be followed by
                    // the story, not by more short lines (a results table).
                    let story_next = units.get(i + 1).is_some_and(|n| {
                        let nl = n.span.text(text);
                        nl.len() >= 40 && nl.ends_with(['.', '!', '?', '"', '”', '’'])
                    });
                    if !p.bare || story_next {
                        if !u.fixed {
                            units[i].role = BlockRole::Dateline;
                        }
                        layers.dateline = Some(dateline_at(units[i].span.start(), &p));
                        return;
                    }
                }
            }
            if let Some(p) = self.datelines.find(l, false, year) {
                layers.dateline = Some(dateline_at(u.span.start(), &p));
            }
            // Only the first body paragraph may open with a dateline.
            if l.len() > 60 {
                return;
            }
        }
    }
}

fn dateline_at(at: usize, p: &dateline::DatelineParts) -> Dateline {
    Dateline {
        span: Span::new(at + p.whole.0, at + p.whole.1),
        place: Span::new(at + p.place.0, at + p.place.1),
        agency: p.agency.map(|a| Span::new(at + a.0, at + a.1)),
        date: p.date.clone(),
    }
}

/// The non-empty lines of `text`, trimmed.
fn line_units(text: &str) -> Vec<Unit> {
    let mut out = Vec::new();
    let mut start = 0;
    for line in text.split_inclusive('\n') {
        let span = Span::new(start, start + line.len()).trim(text);
        start += line.len();
        if !span.is_empty() {
            out.push(Unit {
                span,
                role: BlockRole::Body,
                fixed: false,
                group: 0,
                markers: 0,
            });
        }
    }
    out
}

/// Units over the blocks ingest found; only body blocks are open to the
/// text rules.
fn block_units(blocks: &[Block]) -> Vec<Unit> {
    blocks
        .iter()
        .map(|b| Unit {
            span: b.span,
            role: b.role,
            fixed: b.role != BlockRole::Body,
            group: 0,
            markers: 0,
        })
        .collect()
}

/// Blocks from units, merging grouped runs.
fn assemble(units: &[Unit]) -> Vec<Block> {
    let mut out: Vec<Block> = Vec::with_capacity(units.len());
    let mut last_group = 0;
    for u in units {
        if u.group != 0 && u.group == last_group {
            if let Some(b) = out.last_mut() {
                b.span = Span::new(b.span.start(), u.span.end());
                continue;
            }
        }
        last_group = u.group;
        out.push(Block {
            span: u.span,
            role: u.role,
        });
    }
    out
}

impl Stage for BlockStage {
    fn name(&self) -> &'static str {
        "blocks"
    }

    fn provides(&self) -> &'static [Layer] {
        &[Layer::Blocks, Layer::SocialPosts, Layer::Images]
    }

    fn run(&self, doc: &mut Document) -> Result<(), StageError> {
        let year = doc
            .meta
            .published
            .as_deref()
            .and_then(|p| p.get(..4))
            .and_then(|y| y.parse::<i32>().ok());
        let html = doc.meta.input_kind == InputKind::Html;
        let (text, layers) = doc.split_mut();
        let mut units = if html && !layers.blocks.is_empty() {
            let mut blocks = std::mem::take(&mut layers.blocks);
            blocks.retain(|b| !b.span.is_empty());
            blocks.sort_by_key(|b| b.span.start);
            block_units(&blocks)
        } else if layers.blocks.is_empty() {
            line_units(text)
        } else {
            // Blocks set by someone else on plain text: leave them be.
            return Ok(());
        };
        self.classify(text, &mut units, year, layers);
        layers.blocks = assemble(&units);
        if layers.blocks.len() > MAX_BLOCKS {
            // A flood of lines is not an article: analyse the first blocks
            // only, and say so.
            let cut = layers.blocks[MAX_BLOCKS].span.start;
            layers.blocks.truncate(MAX_BLOCKS);
            doc.diagnose(
                "blocks",
                Severity::Warning,
                format!(
                    "more than {MAX_BLOCKS} blocks: the text from byte {cut} on is not analysed"
                ),
            );
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests;
