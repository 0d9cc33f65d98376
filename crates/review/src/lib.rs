//! The review loop for Meta's generative AI features, without Tauri.
//!
//! Meta makes the advertiser responsible for reviewing what its AI made before an ad runs.
//! This crate decides, once, what there is to review and when the ad may run; the app only
//! fetches from Graph (through `marketing-api`), renders, and reports what the user saw.
//!
//! * [`optins`] — which opt-ins Meta kept and which it silently dropped.
//! * [`texts`], [`diff`], [`claims`] — generated texts beside the original, the word diff,
//!   and the claim check. Texts are data, never HTML.
//! * [`previews`] — the gallery items per feature and placement, with expiry.
//! * [`gate`] — the review session: marks, acknowledgements, blockers, approval.
//! * [`reject`] — the plan to re-create without the opt-in.
//! * [`record`] — the serializable review record for the drafts publish history.
//! * [`transparency`] — the "AI info" notice.

pub mod claims;
pub mod diff;
pub mod error;
pub mod gate;
pub mod optins;
pub mod previews;
pub mod record;
pub mod reject;
pub mod texts;
pub mod transparency;

pub use claims::{check_claims, ClaimFlag, ClaimKind};
pub use diff::{word_diff, TextDiffOp, TextDiffSegment};
pub use error::ReviewError;
pub use gate::{
    ActivationPlan, ActivationStep, GateVerdict, MetaObjectKind, MetaObjectRef, ReviewBlocker,
    ReviewBlockerKind, ReviewSession, ReviewSubject, ReviewTextSeen, ReviewView,
};
pub use optins::{OptInOutcome, OptInReport, OptInResult};
pub use previews::{PreviewItem, PreviewKey, PreviewState};
pub use record::{plan_first_ad, FirstAdPlan, ReviewDecision, ReviewEvent, ReviewRecord};
pub use reject::{RecreateTarget, RejectPlan};
pub use texts::{GeneratedTexts, TextVariation};
pub use transparency::{ai_info_notice, TransparencyNotice};

#[cfg(test)]
pub(crate) mod test_support;
