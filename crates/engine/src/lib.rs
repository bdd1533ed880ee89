//! attache's pipeline: stages that read a [`Document`]'s layers and add
//! layers, composed by a builder that checks their order.
//!
//! A stage declares the layers it requires and the layers it provides;
//! [`PipelineBuilder::build`] refuses a pipeline where a stage requires a
//! layer no earlier stage provides, or where two stages provide the same
//! layer. The built [`Pipeline`] is immutable, `Send + Sync`, and shared
//! (behind an `Arc`) by the command line and the server.

#![deny(missing_docs)]

mod pipeline;
pub mod stages;

pub use attache_doc::{Document, Layer};
pub use pipeline::{BuildError, Pipeline, PipelineBuilder, Stage, StageError};

/// The standard pipeline: every stage attache has, in order. The syntax
/// stage parses every sentence because the event stage reads the parse;
/// it costs more than all the other stages together (see the README's
/// speed figures).
pub fn standard_pipeline() -> Pipeline {
    Pipeline::builder()
        .stage(stages::blocks::BlockStage::new())
        .stage(stages::sentences::SentenceStage::new())
        .stage(stages::tokens::TokenStage::new())
        .stage(stages::syntax::SyntaxStage::new())
        .stage(stages::timex::TimexStage::new())
        .stage(stages::entities::EntityStage::new())
        .stage(stages::quotes::QuoteStage::new())
        .stage(stages::events::EventStage::new())
        .build()
        .expect("the standard pipeline is ordered correctly (checked by a unit test)")
}

#[cfg(test)]
mod tests {
    #[test]
    fn standard_pipeline_builds_and_pins_its_stages() {
        let p = super::standard_pipeline();
        let names: Vec<&str> = p.stages().map(|s| s.name()).collect();
        assert_eq!(
            names,
            [
                "blocks",
                "sentences",
                "tokens",
                "syntax",
                "timex",
                "entities",
                "quotes",
                "events"
            ]
        );
    }
}
