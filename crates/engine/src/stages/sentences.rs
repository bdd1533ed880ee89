//! Sentences, each within one block.

use crate::{Stage, StageError};
use attache_doc::{Document, Layer, Sentence, Span};

/// Splits each block into sentences.
#[derive(Debug, Default)]
pub struct SentenceStage;

impl SentenceStage {
    /// The stage.
    pub fn new() -> SentenceStage {
        SentenceStage
    }
}

impl Stage for SentenceStage {
    fn name(&self) -> &'static str {
        "sentences"
    }

    fn requires(&self) -> &'static [Layer] {
        &[Layer::Blocks]
    }

    fn provides(&self) -> &'static [Layer] {
        &[Layer::Sentences]
    }

    fn run(&self, doc: &mut Document) -> Result<(), StageError> {
        let (text, layers) = doc.split_mut();
        let mut out = Vec::new();
        for (i, block) in layers.blocks.iter().enumerate() {
            let body = block.span.text(text);
            let mut from = 0;
            let bytes = body.as_bytes();
            for (j, &b) in bytes.iter().enumerate() {
                let end_mark = matches!(b, b'.' | b'!' | b'?');
                if end_mark && bytes.get(j + 1).is_none_or(|c| c.is_ascii_whitespace()) {
                    let s = Span::new(block.span.start() + from, block.span.start() + j + 1);
                    let s = s.trim(text);
                    if !s.is_empty() {
                        out.push(Sentence {
                            span: s,
                            block: i as u32,
                        });
                    }
                    from = j + 1;
                }
            }
            let s = Span::new(block.span.start() + from, block.span.end()).trim(text);
            if !s.is_empty() {
                out.push(Sentence {
                    span: s,
                    block: i as u32,
                });
            }
        }
        layers.sentences = out;
        Ok(())
    }
}
