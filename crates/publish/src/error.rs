//! What can stop a publish.

use crate::run::PublishStep;

#[derive(Debug, thiserror::Error)]
pub enum PublishError {
    /// Meta refused or could not be reached at `step`; the step says what was made before.
    #[error("{} failed: {source}", step.label())]
    Meta {
        step: PublishStep,
        #[source]
        source: marketing_api::Error,
    },
    /// The draft names an image that Adwright has neither the bytes nor a Meta hash of.
    #[error("the draft's image {md5} is not in Adwright's image folder: add the image again")]
    ImageMissing { md5: String },
}
