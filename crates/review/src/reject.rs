//! Rejecting: Meta has no way to delete one generated variant. The only way out is a new
//! creative (or ad) without the opt-in (GenAI page, REFERENCE §2). This module plans that
//! from the same draft.

use drafts::{AdContent, Destination, DraftBody};
use marketing_api::types::{CreativeFeature, CreativeSpec};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::ReviewError;
use crate::gate::{MetaObjectKind, MetaObjectRef, ReviewSession, ReviewSubject};
use crate::optins::feature_name;
use crate::record::{ReviewDecision, ReviewEvent};

/// What to make again.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "kind", rename_all = "snake_case")]
#[ts(export)]
pub enum RecreateTarget {
    /// A new standalone creative (`act/adcreatives`).
    Creative,
    /// A new ad (`act/ads`) in the same ad set, when it is known.
    Ad { adset_id: Option<String> },
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct RejectPlan {
    pub recreate: RecreateTarget,
    /// Opt-ins the new object is made without.
    pub drop_features: Vec<CreativeFeature>,
    /// Opt-ins that stay: the new object is reviewed again for them.
    pub keep_features: Vec<CreativeFeature>,
    /// The rejected ad: Meta keeps it PAUSED, so it never runs. Adwright does not delete it.
    pub left_paused: Option<MetaObjectRef>,
    /// Campaign / ad set Adwright made PAUSED: the new ad's review offers them again.
    pub made_paused: Vec<MetaObjectRef>,
    pub summary: String,
}

impl RejectPlan {
    /// The draft to publish again: the same body with the rejected opt-ins switched off.
    /// A new ad goes into the ad set already made, so a "new paused campaign" draft does not
    /// make a second campaign.
    pub fn draft_without_optins(&self, body: &DraftBody) -> DraftBody {
        let mut b = body.clone();
        match &mut b.content {
            AdContent::Link(l) => {
                if self
                    .drop_features
                    .contains(&CreativeFeature::TextGeneration)
                {
                    l.features.text_generation = false;
                }
                if self.drop_features.contains(&CreativeFeature::ImageUncrop) {
                    l.features.image_uncrop = false;
                }
            }
            AdContent::Catalog(c) => {
                if self
                    .drop_features
                    .contains(&CreativeFeature::ImageBackgroundGen)
                {
                    c.features.image_background_gen = false;
                }
            }
        }
        if let RecreateTarget::Ad {
            adset_id: Some(adset),
        } = &self.recreate
        {
            b.destination = Destination::ExistingAdSet {
                ad_set_id: adset.clone(),
            };
        }
        b
    }

    /// The creative spec to send again, without the rejected opt-ins (and without what
    /// Meta wrote into the old one).
    pub fn spec_without_optins(&self, spec: &CreativeSpec) -> CreativeSpec {
        let mut s = spec.clone();
        if let Some(dof) = &mut s.degrees_of_freedom_spec {
            if let Some(features) = &mut dof.creative_features_spec {
                for f in &self.drop_features {
                    features.0.remove(f.as_str());
                }
                if features.0.is_empty() {
                    dof.creative_features_spec = None;
                }
            }
            if dof.creative_features_spec.is_none() && dof.extra.is_empty() {
                s.degrees_of_freedom_spec = None;
            }
        }
        if self
            .drop_features
            .contains(&CreativeFeature::TextGeneration)
        {
            // Generated bodies belong to the rejected creative, never to the new one.
            s.asset_feed_spec = None;
        }
        s
    }
}

impl ReviewSession {
    /// Reject the generated content of `features` (all reviewed features when empty).
    pub fn reject(
        &mut self,
        features: &[CreativeFeature],
        reason: Option<String>,
        now_ms: i64,
    ) -> Result<RejectPlan, ReviewError> {
        if let Some(d) = &self.decision {
            return Err(ReviewError::AlreadyDecided(match d {
                ReviewDecision::Approved { .. } => "approved",
                ReviewDecision::Rejected { .. } => "rejected",
            }));
        }
        let reviewed = self.opt_ins.to_review();
        if reviewed.is_empty() {
            return Err(ReviewError::NothingToReject);
        }
        let drop: Vec<CreativeFeature> = if features.is_empty() {
            reviewed.clone()
        } else {
            reviewed
                .iter()
                .filter(|f| features.contains(f))
                .cloned()
                .collect()
        };
        if drop.is_empty() {
            return Err(ReviewError::NothingToReject);
        }
        let keep: Vec<CreativeFeature> =
            reviewed.into_iter().filter(|f| !drop.contains(f)).collect();
        let (recreate, left_paused) = match &self.subject {
            ReviewSubject::StandaloneCreative { .. } => (RecreateTarget::Creative, None),
            ReviewSubject::Ad {
                ad_id, adset_id, ..
            } => (
                RecreateTarget::Ad {
                    adset_id: adset_id.clone(),
                },
                Some(MetaObjectRef::new(MetaObjectKind::Ad, ad_id.clone())),
            ),
        };
        let names: Vec<&str> = drop.iter().map(feature_name).collect();
        let what = match recreate {
            RecreateTarget::Creative => "creative",
            RecreateTarget::Ad { .. } => "ad",
        };
        let mut summary = format!(
            "Adwright will make a new {what} from the same draft without: {}.",
            names.join(", ")
        );
        if left_paused.is_some() {
            summary.push_str(" The rejected ad stays paused and will not run.");
        }
        if !keep.is_empty() {
            summary.push_str(" The features you kept will be reviewed again on the new one.");
        }
        self.events.push(ReviewEvent::Rejected {
            at_ms: now_ms,
            features: drop.clone(),
            reason: reason.clone(),
        });
        self.decision = Some(ReviewDecision::Rejected {
            at_ms: now_ms,
            features: drop.clone(),
            reason,
        });
        Ok(RejectPlan {
            recreate,
            drop_features: drop,
            keep_features: keep,
            left_paused,
            made_paused: self.made_paused.clone(),
            summary,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::{applied, texts};
    use marketing_api::types::DegreesOfFreedomSpec;
    use serde_json::json;

    fn draft() -> DraftBody {
        serde_json::from_value(json!({
            "ad_account_id": "act_1",
            "content": {"kind": "link", "page_id": "1", "link": "https://x.example/",
                        "message": "Linen shirts for hot days",
                        "features": {"text_generation": true, "image_uncrop": true}},
            "destination": {"type": "new_paused_campaign", "campaign_name": "C", "ad_set_name": "S"}
        }))
        .unwrap()
    }

    fn ad_session() -> ReviewSession {
        ReviewSession::new(
            "d1",
            ReviewSubject::Ad {
                ad_id: "ad1".into(),
                creative_id: Some("cr1".into()),
                adset_id: Some("as1".into()),
            },
            applied(&[
                CreativeFeature::TextGeneration,
                CreativeFeature::ImageUncrop,
            ]),
            Some(texts("Linen shirts for hot days", &["Best linen shirts"])),
            vec![MetaObjectRef::new(MetaObjectKind::AdSet, "as1")],
            0,
        )
    }

    #[test]
    fn rejecting_an_ad_recreates_it_in_the_same_ad_set_without_the_opt_in() {
        let mut s = ad_session();
        let plan = s
            .reject(&[CreativeFeature::TextGeneration], Some("claims".into()), 5)
            .unwrap();
        assert_eq!(
            plan.recreate,
            RecreateTarget::Ad {
                adset_id: Some("as1".into())
            }
        );
        assert_eq!(plan.drop_features, vec![CreativeFeature::TextGeneration]);
        assert_eq!(plan.keep_features, vec![CreativeFeature::ImageUncrop]);
        assert_eq!(
            plan.left_paused,
            Some(MetaObjectRef::new(MetaObjectKind::Ad, "ad1"))
        );
        assert_eq!(plan.made_paused.len(), 1);
        assert!(plan.summary.contains("Text variations"));

        let body = plan.draft_without_optins(&draft());
        let AdContent::Link(l) = &body.content else {
            panic!()
        };
        assert!(!l.features.text_generation && l.features.image_uncrop);
        assert_eq!(
            body.destination,
            Destination::ExistingAdSet {
                ad_set_id: "as1".into()
            }
        );
        assert!(matches!(
            s.decision,
            Some(ReviewDecision::Rejected { at_ms: 5, .. })
        ));
        assert_eq!(
            s.reject(&[], None, 6),
            Err(ReviewError::AlreadyDecided("rejected"))
        );
        assert!(s.approve(7).is_err());
    }

    #[test]
    fn rejecting_everything_and_the_spec_to_send_again() {
        let mut s = ad_session();
        let plan = s.reject(&[], None, 1).unwrap();
        assert_eq!(plan.drop_features.len(), 2);
        let spec = CreativeSpec {
            degrees_of_freedom_spec: Some(DegreesOfFreedomSpec::opt_in(&[
                CreativeFeature::TextGeneration,
                CreativeFeature::ImageUncrop,
            ])),
            asset_feed_spec: Some(Default::default()),
            ..CreativeSpec::default()
        };
        let again = plan.spec_without_optins(&spec);
        assert_eq!(again.degrees_of_freedom_spec, None);
        assert_eq!(again.asset_feed_spec, None);
    }

    #[test]
    fn a_standalone_creative_is_recreated_as_a_creative() {
        let mut s = ReviewSession::new(
            "d1",
            ReviewSubject::StandaloneCreative {
                creative_id: "cr1".into(),
            },
            applied(&[CreativeFeature::ImageUncrop]),
            None,
            Vec::new(),
            0,
        );
        let plan = s.reject(&[CreativeFeature::ImageUncrop], None, 1).unwrap();
        assert_eq!(plan.recreate, RecreateTarget::Creative);
        assert_eq!(plan.left_paused, None);
        let body = plan.draft_without_optins(&draft());
        assert!(matches!(
            body.destination,
            Destination::NewPausedCampaign { .. }
        ));
    }

    #[test]
    fn nothing_applied_nothing_to_reject() {
        let mut s = ReviewSession::new(
            "d1",
            ReviewSubject::StandaloneCreative {
                creative_id: "cr1".into(),
            },
            applied(&[CreativeFeature::ImageUncrop]),
            None,
            Vec::new(),
            0,
        );
        assert_eq!(
            s.reject(&[CreativeFeature::TextGeneration], None, 1),
            Err(ReviewError::NothingToReject)
        );
        let mut none = ReviewSession::new(
            "d1",
            ReviewSubject::StandaloneCreative {
                creative_id: "cr1".into(),
            },
            applied(&[]),
            None,
            Vec::new(),
            0,
        );
        assert_eq!(none.reject(&[], None, 1), Err(ReviewError::NothingToReject));
    }
}
