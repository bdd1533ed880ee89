//! The [`Stage`] trait and the [`Pipeline`] that runs stages in order.

use attache_doc::{Document, Layer, Severity};
use std::collections::HashSet;

/// One step of analysis: reads some layers of a document, adds others.
///
/// Stages must not panic on any input; trouble with the input is a
/// diagnostic on the document, and `Err` is for the stage's own failures
/// (a broken resource), which the pipeline records and moves past.
pub trait Stage: Send + Sync {
    /// A short stable name ("blocks", "timex"), used in diagnostics and
    /// benchmarks.
    fn name(&self) -> &'static str;

    /// Layers that must exist before this stage runs.
    fn requires(&self) -> &'static [Layer] {
        &[]
    }

    /// Layers this stage adds.
    fn provides(&self) -> &'static [Layer];

    /// Runs the stage on one document.
    ///
    /// # Errors
    /// A [`StageError`] when the stage itself cannot work; the document's
    /// layers it provides are then left as they are.
    fn run(&self, doc: &mut Document) -> Result<(), StageError>;
}

/// A stage that could not do its work on a document.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum StageError {
    /// The input is beyond what the stage can handle (size, depth).
    #[error("{stage}: input over limit: {what}")]
    Limit {
        /// The stage.
        stage: &'static str,
        /// Which limit.
        what: String,
    },
}

/// Why a pipeline could not be built.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum BuildError {
    /// A stage needs a layer that no earlier stage provides.
    #[error("stage '{stage}' requires layer '{layer}', which no earlier stage provides")]
    MissingLayer {
        /// The stage.
        stage: &'static str,
        /// The missing layer.
        layer: Layer,
    },
    /// Two stages provide the same layer.
    #[error("stage '{stage}' provides layer '{layer}', already provided by '{first}'")]
    DuplicateLayer {
        /// The later stage.
        stage: &'static str,
        /// The earlier stage.
        first: &'static str,
        /// The layer.
        layer: Layer,
    },
    /// The pipeline has no stage.
    #[error("a pipeline needs at least one stage")]
    Empty,
}

/// Collects stages in order; [`PipelineBuilder::build`] checks them.
#[derive(Default)]
pub struct PipelineBuilder {
    stages: Vec<Box<dyn Stage>>,
}

impl PipelineBuilder {
    /// Appends a stage.
    pub fn stage(mut self, stage: impl Stage + 'static) -> PipelineBuilder {
        self.stages.push(Box::new(stage));
        self
    }

    /// Appends a boxed stage (for pipelines assembled at run time).
    pub fn boxed_stage(mut self, stage: Box<dyn Stage>) -> PipelineBuilder {
        self.stages.push(stage);
        self
    }

    /// Checks the order of the stages and builds the pipeline.
    ///
    /// # Errors
    /// [`BuildError`] when a stage requires a layer not provided before it,
    /// two stages provide one layer, or there is no stage.
    pub fn build(self) -> Result<Pipeline, BuildError> {
        if self.stages.is_empty() {
            return Err(BuildError::Empty);
        }
        let mut provided: Vec<(Layer, &'static str)> = Vec::new();
        for stage in &self.stages {
            let have: HashSet<Layer> = provided.iter().map(|(l, _)| *l).collect();
            if let Some(&layer) = stage.requires().iter().find(|l| !have.contains(l)) {
                return Err(BuildError::MissingLayer {
                    stage: stage.name(),
                    layer,
                });
            }
            for &layer in stage.provides() {
                if let Some(&(_, first)) = provided.iter().find(|(l, _)| *l == layer) {
                    return Err(BuildError::DuplicateLayer {
                        stage: stage.name(),
                        first,
                        layer,
                    });
                }
                provided.push((layer, stage.name()));
            }
        }
        Ok(Pipeline {
            stages: self.stages,
        })
    }
}

/// An ordered, checked, immutable list of stages.
pub struct Pipeline {
    stages: Vec<Box<dyn Stage>>,
}

impl Pipeline {
    /// A new builder.
    pub fn builder() -> PipelineBuilder {
        PipelineBuilder::default()
    }

    /// The stages in order (for benchmarks and introspection).
    pub fn stages(&self) -> impl Iterator<Item = &dyn Stage> {
        self.stages.iter().map(|s| s.as_ref())
    }

    /// Runs every stage on the document. A stage's error becomes a
    /// diagnostic and the pipeline goes on: later stages see the layer as
    /// the failed stage left it.
    pub fn run(&self, doc: &mut Document) {
        for stage in &self.stages {
            if let Err(e) = stage.run(doc) {
                doc.diagnose(stage.name(), Severity::Warning, e.to_string());
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use attache_doc::DocumentMeta;

    struct Fake {
        name: &'static str,
        requires: &'static [Layer],
        provides: &'static [Layer],
    }

    impl Stage for Fake {
        fn name(&self) -> &'static str {
            self.name
        }
        fn requires(&self) -> &'static [Layer] {
            self.requires
        }
        fn provides(&self) -> &'static [Layer] {
            self.provides
        }
        fn run(&self, _doc: &mut Document) -> Result<(), StageError> {
            Err(StageError::Limit {
                stage: self.name,
                what: "test".into(),
            })
        }
    }

    #[test]
    fn builder_rejects_missing_and_duplicate_layers() {
        let err = Pipeline::builder()
            .stage(Fake {
                name: "b",
                requires: &[Layer::Blocks],
                provides: &[Layer::Sentences],
            })
            .build()
            .err();
        assert_eq!(
            err,
            Some(BuildError::MissingLayer {
                stage: "b",
                layer: Layer::Blocks
            })
        );

        let err = Pipeline::builder()
            .stage(Fake {
                name: "a",
                requires: &[],
                provides: &[Layer::Blocks],
            })
            .stage(Fake {
                name: "b",
                requires: &[],
                provides: &[Layer::Blocks],
            })
            .build()
            .err();
        assert_eq!(
            err,
            Some(BuildError::DuplicateLayer {
                stage: "b",
                first: "a",
                layer: Layer::Blocks
            })
        );
        assert_eq!(Pipeline::builder().build().err(), Some(BuildError::Empty));
    }

    #[test]
    fn stage_errors_become_diagnostics() {
        let p = Pipeline::builder()
            .stage(Fake {
                name: "a",
                requires: &[],
                provides: &[Layer::Blocks],
            })
            .stage(Fake {
                name: "b",
                requires: &[Layer::Blocks],
                provides: &[Layer::Sentences],
            })
            .build()
            .unwrap();
        let mut doc = Document::new("x", "text", DocumentMeta::default());
        p.run(&mut doc);
        assert_eq!(doc.diagnostics.len(), 2);
        assert_eq!(doc.diagnostics[1].origin, "b");
    }
}
