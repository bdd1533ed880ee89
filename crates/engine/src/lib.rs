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

/// The standard pipeline: every stage attache has, in order.
pub fn standard_pipeline() -> Pipeline {
    pipeline(false)
}

/// The standard pipeline with the syntax stage after tokens: every token
/// gets a part of speech, lemma, features and a dependency tree. Not yet the
/// standard one because parsing every sentence costs far more than all the
/// other stages together, and no stage reads the parse yet.
pub fn syntax_pipeline() -> Pipeline {
    pipeline(true)
}

fn pipeline(with_syntax: bool) -> Pipeline {
    let mut builder = Pipeline::builder()
        .stage(stages::blocks::BlockStage::new())
        .stage(stages::sentences::SentenceStage::new())
        .stage(stages::tokens::TokenStage::new());
    if with_syntax {
        builder = builder.stage(stages::syntax::SyntaxStage::new());
    }
    builder
        .stage(stages::timex::TimexStage::new())
        .stage(stages::entities::EntityStage::new())
        .stage(stages::quotes::QuoteStage::new())
        .stage(stages::events::EventStage::new())
        .build()
        .expect("the pipelines are ordered correctly (checked by unit tests)")
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
                "timex",
                "entities",
                "quotes",
                "events"
            ]
        );
    }

    #[test]
    fn syntax_pipeline_adds_the_syntax_stage_after_tokens() {
        let p = super::syntax_pipeline();
        let names: Vec<&str> = p.stages().map(|s| s.name()).collect();
        let standard: Vec<&str> = super::standard_pipeline()
            .stages()
            .map(|s| s.name())
            .collect();
        let mut expected = standard.clone();
        expected.insert(3, "syntax");
        assert_eq!(names, expected);
    }
}
