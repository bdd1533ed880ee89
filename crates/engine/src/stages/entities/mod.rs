//! Named entities: mentions, types, countries, CAMEO actor codes,
//! coreference and geocoding.

use crate::{Stage, StageError};
use attache_doc::{Document, Layer};

/// Finds entities and all their mentions.
#[derive(Debug, Default)]
pub struct EntityStage;

impl EntityStage {
    /// The stage.
    pub fn new() -> EntityStage {
        EntityStage
    }
}

impl Stage for EntityStage {
    fn name(&self) -> &'static str {
        "entities"
    }

    fn requires(&self) -> &'static [Layer] {
        &[Layer::Blocks, Layer::Sentences, Layer::Tokens]
    }

    fn provides(&self) -> &'static [Layer] {
        &[Layer::Entities]
    }

    fn run(&self, _doc: &mut Document) -> Result<(), StageError> {
        Ok(())
    }
}
