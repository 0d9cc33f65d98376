//! The review record kept with the draft: what was generated, what was shown and when, what
//! was approved or rejected and when, and every "accepted unseen".
//!
//! It is plain serde JSON ([`ReviewRecord::to_json`]) for the drafts publish history. Preview
//! URLs are left out on purpose: they grant access to the preview and expire after a day.

use marketing_api::types::{CreativeFeature, Status};
use marketing_api::WriteTag;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::ReviewError;
use crate::gate::{ActivationPlan, MetaObjectRef, ReviewSession, ReviewSubject, ReviewTextSeen};
use crate::optins::OptInResult;
use crate::previews::{PreviewKey, PreviewSeenMark, PreviewState};
use crate::texts::GeneratedTexts;

/// Bumped when the record's shape changes incompatibly.
pub const RECORD_SCHEMA: u32 = 1;

/// One thing that happened during a review. Times are ms since the Unix epoch.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "event", rename_all = "snake_case")]
#[ts(export)]
pub enum ReviewEvent {
    TextShown {
        index: u32,
        #[ts(type = "number")]
        at_ms: i64,
    },
    PreviewShown {
        preview: PreviewKey,
        state: PreviewState,
        #[ts(type = "number")]
        at_ms: i64,
    },
    AcknowledgedUnseen {
        preview: PreviewKey,
        #[ts(type = "number")]
        at_ms: i64,
    },
    Approved {
        #[ts(type = "number")]
        at_ms: i64,
        activate: Vec<MetaObjectRef>,
    },
    Rejected {
        #[ts(type = "number")]
        at_ms: i64,
        features: Vec<CreativeFeature>,
        reason: Option<String>,
    },
    Activated {
        object: MetaObjectRef,
        #[ts(type = "number")]
        at_ms: i64,
    },
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "decision", rename_all = "snake_case")]
#[ts(export)]
pub enum ReviewDecision {
    Approved {
        #[ts(type = "number")]
        at_ms: i64,
        plan: ActivationPlan,
    },
    Rejected {
        #[ts(type = "number")]
        at_ms: i64,
        features: Vec<CreativeFeature>,
        reason: Option<String>,
    },
}

/// A preview as it stood when the record was taken (no URL).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct PreviewRecord {
    pub key: PreviewKey,
    pub state: PreviewState,
    #[ts(type = "number | null")]
    pub fetched_at_ms: Option<i64>,
    pub polls: u32,
    pub seen: Option<PreviewSeenMark>,
    #[ts(type = "number | null")]
    pub acknowledged_unseen_at_ms: Option<i64>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ReviewRecord {
    pub schema: u32,
    pub draft_id: String,
    pub subject: ReviewSubject,
    pub opt_ins: Vec<OptInResult>,
    /// The original and every generated text, with their flags.
    pub texts: Option<GeneratedTexts>,
    pub texts_seen: Vec<ReviewTextSeen>,
    pub previews: Vec<PreviewRecord>,
    pub events: Vec<ReviewEvent>,
    pub decision: Option<ReviewDecision>,
    #[ts(type = "number")]
    pub started_at_ms: i64,
}

impl ReviewRecord {
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).expect("a record is plain data")
    }

    pub fn from_json(s: &str) -> Result<Self, ReviewError> {
        let r: Self = serde_json::from_str(s).map_err(|e| ReviewError::Record(e.to_string()))?;
        if r.schema != RECORD_SCHEMA {
            return Err(ReviewError::Record(format!(
                "schema {} is not {RECORD_SCHEMA}",
                r.schema
            )));
        }
        Ok(r)
    }

    pub fn approved_at_ms(&self) -> Option<i64> {
        match self.decision {
            Some(ReviewDecision::Approved { at_ms, .. }) => Some(at_ms),
            _ => None,
        }
    }
}

impl ReviewSession {
    /// The record of this review as it stands.
    pub fn record(&self) -> ReviewRecord {
        ReviewRecord {
            schema: RECORD_SCHEMA,
            draft_id: self.draft_id.clone(),
            subject: self.subject.clone(),
            opt_ins: self.opt_ins.results.clone(),
            texts: self.texts.clone(),
            texts_seen: self.texts_seen.clone(),
            previews: self
                .previews
                .iter()
                .map(|p| PreviewRecord {
                    key: p.key.clone(),
                    state: p.state,
                    fetched_at_ms: p.fetched_at_ms,
                    polls: p.polls,
                    seen: p.seen,
                    acknowledged_unseen_at_ms: p.acknowledged_unseen_at_ms,
                })
                .collect(),
            events: self.events.clone(),
            decision: self.decision.clone(),
            started_at_ms: self.started_at_ms,
        }
    }
}

/// How to make the first ad from a reviewed standalone creative.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct FirstAdPlan {
    pub creative_id: String,
    /// Always PAUSED: the ad is activated only through its own review gate.
    pub status: Status,
    pub summary: String,
}

impl FirstAdPlan {
    /// The tag of the first ad this creative gets in `ad_set_id`: made from the two ids, not
    /// random, and always looked up before a create. A retry after a lost reply (or a second
    /// click) then finds the ad the first attempt made instead of making another PAUSED one.
    pub fn write_tag(&self, ad_set_id: &str) -> WriteTag {
        WriteTag::resume(format!("adw-{}-{}", self.creative_id, ad_set_id.trim()))
    }
}

/// The first ad from a standalone creative: allowed only once the creative's review was
/// approved, and created PAUSED so it goes through the same gate.
pub fn plan_first_ad(creative_review: &ReviewRecord) -> Result<FirstAdPlan, ReviewError> {
    let ReviewSubject::StandaloneCreative { creative_id } = &creative_review.subject else {
        return Err(ReviewError::NotReviewedCreative(
            "this review is of an ad, not of a standalone creative".into(),
        ));
    };
    match &creative_review.decision {
        Some(ReviewDecision::Approved { .. }) => Ok(FirstAdPlan {
            creative_id: creative_id.clone(),
            status: Status::Paused,
            summary: "The ad will be created paused. Review it (texts and previews) to \
                      set it active."
                .into(),
        }),
        Some(ReviewDecision::Rejected { .. }) => Err(ReviewError::NotReviewedCreative(
            "this creative's generated content was rejected; use the creative made without \
             the opt-in"
                .into(),
        )),
        None => Err(ReviewError::NotReviewedCreative(
            "review this creative's generated content before making an ad from it".into(),
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::{applied, result, texts};
    use marketing_api::types::{AdFormat, PreviewStatus};

    fn reviewed_creative(approve: bool) -> ReviewSession {
        let subject = ReviewSubject::StandaloneCreative {
            creative_id: "cr9".into(),
        };
        let mut s = ReviewSession::new(
            "draft-1",
            subject,
            applied(&[
                CreativeFeature::TextGeneration,
                CreativeFeature::ImageBackgroundGen,
            ]),
            Some(texts(
                "Linen shirts",
                &["<script>x()</script> Linen shirts"],
            )),
            Vec::new(),
            100,
        );
        let k = PreviewKey::new(
            CreativeFeature::ImageBackgroundGen,
            AdFormat::MobileFeedStandard,
        );
        s.apply_preview(
            &result(
                k.feature.clone(),
                k.ad_format.clone(),
                Some(PreviewStatus::Pending),
            ),
            110,
        );
        s.mark_text_shown(1, 120).unwrap();
        s.acknowledge_unseen(&k, 130).unwrap();
        if approve {
            s.approve(140).unwrap();
        }
        s
    }

    #[test]
    fn record_round_trips_through_json_without_preview_urls() {
        let s = reviewed_creative(true);
        let rec = s.record();
        let json = rec.to_json();
        assert!(!json.contains("preview_iframe"), "no URL in the record");
        assert!(!json.contains("secret"));
        assert!(json.contains("<script>x()</script>"), "texts kept verbatim");
        let back = ReviewRecord::from_json(&json).unwrap();
        assert_eq!(back, rec);
        assert_eq!(back.approved_at_ms(), Some(140));
        assert_eq!(back.texts_seen[0].shown_at_ms, Some(120));
        assert_eq!(back.previews[0].acknowledged_unseen_at_ms, Some(130));
        assert_eq!(back.previews[0].state, PreviewState::Pending);
        let kinds: Vec<&str> = back
            .events
            .iter()
            .map(|e| match e {
                ReviewEvent::TextShown { .. } => "text",
                ReviewEvent::AcknowledgedUnseen { .. } => "ack",
                ReviewEvent::Approved { .. } => "approved",
                _ => "other",
            })
            .collect();
        assert_eq!(kinds, vec!["text", "ack", "approved"]);
    }

    #[test]
    fn a_record_of_another_schema_is_refused() {
        let mut v: serde_json::Value =
            serde_json::from_str(&reviewed_creative(false).record().to_json()).unwrap();
        v["schema"] = 2.into();
        assert!(matches!(
            ReviewRecord::from_json(&v.to_string()),
            Err(ReviewError::Record(_))
        ));
        assert!(ReviewRecord::from_json("{").is_err());
    }

    #[test]
    fn first_ad_from_a_creative_needs_its_approval_and_starts_paused() {
        let plan = plan_first_ad(&reviewed_creative(true).record()).unwrap();
        assert_eq!(plan.creative_id, "cr9");
        assert_eq!(plan.status, Status::Paused);
        // One tag per creative and ad set, so a retry finds the ad instead of making another.
        assert_eq!(plan.write_tag(" as7 ").as_str(), "adw-cr9-as7");
        assert_ne!(plan.write_tag("as8"), plan.write_tag("as7"));
        assert!(plan_first_ad(&reviewed_creative(false).record()).is_err());
        let mut rejected = reviewed_creative(false);
        rejected.reject(&[], None, 150).unwrap();
        assert!(plan_first_ad(&rejected.record()).is_err());
        let ad = ReviewSession::new(
            "d",
            ReviewSubject::Ad {
                ad_id: "a".into(),
                creative_id: None,
                adset_id: None,
            },
            applied(&[]),
            None,
            Vec::new(),
            0,
        );
        assert!(plan_first_ad(&ad.record()).is_err());
    }
}
