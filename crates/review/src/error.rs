//! Errors of the review engine. Each says what the user (or the app) did that cannot be done.

use crate::gate::ReviewBlocker;
use crate::previews::{PreviewKey, PreviewState};

#[derive(Debug, thiserror::Error, PartialEq)]
pub enum ReviewError {
    #[error("there is no generated text number {0}")]
    UnknownText(u32),
    #[error("there is no {} preview for {}", .0.feature, .0.ad_format)]
    UnknownPreview(PreviewKey),
    /// The UI reported a view of an older version of the preview.
    #[error("the preview changed since it was shown (shown version {shown}, now {current}); look at it again")]
    StaleView { shown: u32, current: u32 },
    #[error("the preview has nothing to look at yet ({0:?})")]
    NothingToSee(PreviewState),
    /// Only a preview Meta is still generating may be accepted unseen.
    #[error("only a preview that is still pending can be accepted unseen; this one is {0:?}")]
    NotPending(PreviewState),
    #[error("the review was already {0}")]
    AlreadyDecided(&'static str),
    #[error("the ad cannot be approved yet: {}", .0.iter().map(|b| b.message.as_str()).collect::<Vec<_>>().join(" "))]
    Blocked(Vec<ReviewBlocker>),
    #[error("the review was not approved, so nothing may be activated")]
    NotApproved,
    #[error("nothing to reject: no generative feature was applied")]
    NothingToReject,
    #[error("{0}")]
    NotReviewedCreative(String),
    #[error("the review record could not be read: {0}")]
    Record(String),
}
