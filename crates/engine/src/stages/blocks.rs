//! Blocks and their roles.
//!
//! Plain text: one block per paragraph (a non-empty line). HTML input
//! arrives with blocks from the page structure, which are kept.

use crate::{Stage, StageError};
use attache_doc::{Block, BlockRole, Document, Layer, Span};

/// Splits the text into blocks and gives each a role.
#[derive(Debug, Default)]
pub struct BlockStage;

impl BlockStage {
    /// The stage.
    pub fn new() -> BlockStage {
        BlockStage
    }
}

impl Stage for BlockStage {
    fn name(&self) -> &'static str {
        "blocks"
    }

    fn provides(&self) -> &'static [Layer] {
        &[Layer::Blocks, Layer::SocialPosts, Layer::Images]
    }

    fn run(&self, doc: &mut Document) -> Result<(), StageError> {
        let (text, layers) = doc.split_mut();
        if !layers.blocks.is_empty() {
            return Ok(());
        }
        let mut start = 0;
        for line in text.split_inclusive('\n') {
            let span = Span::new(start, start + line.len()).trim(text);
            start += line.len();
            if !span.is_empty() {
                layers.blocks.push(Block {
                    span,
                    role: BlockRole::Body,
                });
            }
        }
        Ok(())
    }
}
