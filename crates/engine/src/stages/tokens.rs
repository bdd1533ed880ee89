//! Tokens, each within one sentence.

use crate::{Stage, StageError};
use attache_doc::{Document, Layer, Span, Token, TokenKind};

/// Splits each sentence into tokens.
#[derive(Debug, Default)]
pub struct TokenStage;

impl TokenStage {
    /// The stage.
    pub fn new() -> TokenStage {
        TokenStage
    }
}

impl Stage for TokenStage {
    fn name(&self) -> &'static str {
        "tokens"
    }

    fn requires(&self) -> &'static [Layer] {
        &[Layer::Sentences]
    }

    fn provides(&self) -> &'static [Layer] {
        &[Layer::Tokens]
    }

    fn run(&self, doc: &mut Document) -> Result<(), StageError> {
        let (text, layers) = doc.split_mut();
        let mut out = Vec::new();
        for s in &layers.sentences {
            let mut start = None;
            for (i, c) in s.span.text(text).char_indices() {
                let at = s.span.start() + i;
                if c.is_alphanumeric() {
                    start.get_or_insert(at);
                    continue;
                }
                if let Some(a) = start.take() {
                    out.push(Token {
                        span: Span::new(a, at),
                        kind: TokenKind::Word,
                    });
                }
                if !c.is_whitespace() {
                    let span = Span::new(at, at + c.len_utf8());
                    out.push(Token {
                        span,
                        kind: TokenKind::Punct,
                    });
                }
            }
            if let Some(a) = start {
                out.push(Token {
                    span: Span::new(a, s.span.end()),
                    kind: TokenKind::Word,
                });
            }
        }
        layers.tokens = out;
        Ok(())
    }
}
