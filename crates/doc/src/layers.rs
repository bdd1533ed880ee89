//! The annotation layers a pipeline adds to a document.
//!
//! Each layer is one `Vec`, sorted by span start, holding stand-off
//! annotations: spans into the text plus normalised values. Annotations refer
//! to each other by index into another layer, never by reference.

use crate::Span;
use serde::{Deserialize, Serialize};

/// Names of the layers, used by stages to declare what they need and add.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Layer {
    /// Text blocks with roles.
    Blocks,
    /// Sentences, each inside one block.
    Sentences,
    /// Tokens, each inside one sentence.
    Tokens,
    /// Embedded social-media posts.
    SocialPosts,
    /// Images: captions and credits.
    Images,
}

impl Layer {
    /// The layer's name as it appears in records and messages.
    pub fn name(self) -> &'static str {
        match self {
            Layer::Blocks => "blocks",
            Layer::Sentences => "sentences",
            Layer::Tokens => "tokens",
            Layer::SocialPosts => "social_posts",
            Layer::Images => "images",
        }
    }
}

impl std::fmt::Display for Layer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

/// What a block of text is, in the article.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BlockRole {
    /// The article's running text.
    Body,
    /// A headline or section heading.
    Heading,
    /// A photo or video caption.
    Caption,
    /// An embedded post from a social network.
    SocialPost,
    /// A block quotation set apart from the body.
    QuoteBlock,
    /// The closing note about the author.
    AuthorBio,
    /// "By Jane Doe", "Reporting by ...".
    Byline,
    /// "MOSCOW (Reuters) -" or a bare place line opening the story.
    Dateline,
    /// Navigation, share prompts, newsletter pleas, copyright lines.
    Boilerplate,
}

impl BlockRole {
    /// The role's name as it appears in records.
    pub fn name(self) -> &'static str {
        match self {
            BlockRole::Body => "body",
            BlockRole::Heading => "heading",
            BlockRole::Caption => "caption",
            BlockRole::SocialPost => "social_post",
            BlockRole::QuoteBlock => "quote_block",
            BlockRole::AuthorBio => "author_bio",
            BlockRole::Byline => "byline",
            BlockRole::Dateline => "dateline",
            BlockRole::Boilerplate => "boilerplate",
        }
    }
}

/// A run of text with one role: a paragraph, a heading, a whole embedded post.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Block {
    /// Where the block lies.
    pub span: Span,
    /// What it is.
    pub role: BlockRole,
}

/// A sentence, wholly inside one block.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Sentence {
    /// Where the sentence lies.
    pub span: Span,
    /// Index of its block in [`Layers::blocks`].
    pub block: u32,
}

/// The lexical class of a token.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TokenKind {
    /// Letters, with inner apostrophes, hyphens and periods of abbreviations.
    Word,
    /// Digits, with inner separators ("1,000", "3.5", "21-22" is three tokens).
    Number,
    /// Punctuation.
    Punct,
    /// Other symbols (currency, math, ©).
    Symbol,
    /// An emoji or flag, as one grapheme cluster.
    Emoji,
    /// A URL or bare domain link ("pic.twitter.com/abc").
    Url,
    /// "#G20".
    Hashtag,
    /// "@mfa_russia".
    Handle,
}

/// A token.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Token {
    /// Where the token lies.
    pub span: Span,
    /// Its class.
    pub kind: TokenKind,
}

/// An embedded social-media post and what its text says about itself.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct SocialPost {
    /// The whole post, signature included.
    pub span: Span,
    /// "twitter", "facebook", "instagram", "telegram", "mastodon", ...
    pub platform: String,
    /// Display name of the account ("MFA Russia").
    pub author: Option<String>,
    /// Handle with its "@".
    pub handle: Option<String>,
    /// ISO date (or date-time) of the post, when its signature gives one.
    pub date: Option<String>,
    /// Hashtags without "#", in order of appearance.
    pub hashtags: Vec<String>,
    /// Links found in the post.
    pub links: Vec<String>,
}

impl Default for Span {
    fn default() -> Self {
        Span { start: 0, end: 0 }
    }
}

/// An image as the text knows it: its caption and photo credit.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Image {
    /// The caption block (or the whole figure's text).
    pub span: Span,
    /// The caption proper, credit excluded.
    pub caption: Span,
    /// The credit ("Hector Vivas/Getty Images"), when given.
    pub credit: Option<Span>,
    /// Image source URL, when the input was HTML.
    pub src: Option<String>,
}

/// A dateline: "MOSCOW (Reuters) -", "CARACAS, Venezuela —", "ANKARA".
/// It may be a block of its own or the opening words of the first body
/// paragraph; either way it is recorded here.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Dateline {
    /// The whole dateline, dash included.
    pub span: Span,
    /// The place ("MOSCOW", "CARACAS, Venezuela").
    pub place: Span,
    /// The agency ("Reuters"), when given.
    pub agency: Option<Span>,
    /// ISO date, when the dateline carries one ("Feb 14 (Reuters)").
    pub date: Option<String>,
}

/// All layers of one document. Each `Vec` is sorted by span start.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Layers {
    /// Blocks, covering the text without overlap.
    pub blocks: Vec<Block>,
    /// Sentences.
    pub sentences: Vec<Sentence>,
    /// Tokens.
    pub tokens: Vec<Token>,
    /// Embedded social posts.
    pub social_posts: Vec<SocialPost>,
    /// Images.
    pub images: Vec<Image>,
    /// The dateline, when the article has one.
    pub dateline: Option<Dateline>,
}

impl Layers {
    /// Index of the block holding byte `offset`, by binary search.
    pub fn block_at(&self, offset: usize) -> Option<usize> {
        let offset = offset as u32;
        let i = self.blocks.partition_point(|b| b.span.end <= offset);
        (i < self.blocks.len() && self.blocks[i].span.start <= offset).then_some(i)
    }

    /// The tokens inside `span`, by binary search.
    pub fn tokens_in(&self, span: Span) -> &[Token] {
        let a = self.tokens.partition_point(|t| t.span.start < span.start);
        let b = self.tokens.partition_point(|t| t.span.start < span.end);
        let b = b.max(a);
        let mut end = b;
        while end > a && self.tokens[end - 1].span.end > span.end {
            end -= 1;
        }
        &self.tokens[a..end]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn block_at_finds_the_block_and_skips_gaps() {
        let layers = Layers {
            blocks: vec![
                Block {
                    span: Span::new(0, 5),
                    role: BlockRole::Body,
                },
                Block {
                    span: Span::new(6, 10),
                    role: BlockRole::Caption,
                },
            ],
            ..Layers::default()
        };
        assert_eq!(layers.block_at(0), Some(0));
        assert_eq!(layers.block_at(4), Some(0));
        assert_eq!(layers.block_at(5), None);
        assert_eq!(layers.block_at(9), Some(1));
        assert_eq!(layers.block_at(10), None);
    }

    #[test]
    fn tokens_in_a_span() {
        let t = |s, e| Token {
            span: Span::new(s, e),
            kind: TokenKind::Word,
        };
        let layers = Layers {
            tokens: vec![t(0, 2), t(3, 5), t(6, 9)],
            ..Layers::default()
        };
        assert_eq!(layers.tokens_in(Span::new(3, 9)).len(), 2);
        assert_eq!(layers.tokens_in(Span::new(0, 4)).len(), 1);
        assert!(layers.tokens_in(Span::new(10, 12)).is_empty());
    }
}
