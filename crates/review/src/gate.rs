//! The approval gate: the review session and the rule for when an ad may run.
//!
//! Meta makes the advertiser responsible for reviewing what its AI made before the ad runs
//! (GenAI page). The rule, in one place: an ad may be set ACTIVE only after
//! * every generated text was displayed, and
//! * every preview was loaded in view in its final state (eligible, ineligible, not
//!   applied), or — for one Meta is still generating — the user explicitly accepted it
//!   unseen (recorded with the time).
//!
//! The session never talks to Graph and never reads a clock: the app passes results and
//! `now_ms` (milliseconds since the Unix epoch, like `drafts`) in, and gets plans out.

use marketing_api::previews::PreviewResult;
use marketing_api::types::{AdCreative, CreativeFeature};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::ReviewError;
use crate::optins::{feature_name, OptInReport};
use crate::previews::{
    expected_previews, placement_name, PreviewItem, PreviewKey, PreviewSeenMark, PreviewState,
};
use crate::record::{ReviewDecision, ReviewEvent};
use crate::texts::GeneratedTexts;
use crate::transparency::{ai_info_notice, TransparencyNotice};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum MetaObjectKind {
    Campaign,
    AdSet,
    Ad,
    Creative,
}

/// An object on Meta, by id.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct MetaObjectRef {
    pub kind: MetaObjectKind,
    pub id: String,
}

impl MetaObjectRef {
    pub fn new(kind: MetaObjectKind, id: impl Into<String>) -> Self {
        Self {
            kind,
            id: id.into(),
        }
    }
}

/// What is being reviewed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "kind", rename_all = "snake_case")]
#[ts(export)]
pub enum ReviewSubject {
    /// An ad: opted in through `/ads`, or the first ad of an opted-in creative. Meta creates
    /// it PAUSED; approval sets it ACTIVE.
    Ad {
        ad_id: String,
        creative_id: Option<String>,
        adset_id: Option<String>,
    },
    /// A creative made on its own (`/adcreatives`). Approval marks it reviewed; nothing runs.
    StandaloneCreative { creative_id: String },
}

/// One generated text and when it was displayed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ReviewTextSeen {
    pub index: u32,
    #[ts(type = "number | null")]
    pub shown_at_ms: Option<i64>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum ReviewBlockerKind {
    /// Text generation was applied but Meta has stored no texts yet.
    TextsMissing,
    TextNotShown,
    /// Not fetched yet.
    PreviewLoading,
    /// Still being generated and neither seen final nor accepted unseen.
    PreviewPending,
    PreviewFailed,
    /// Final, but not (yet) loaded in view in that state.
    PreviewNotSeen,
    /// Meta answered with a status Adwright does not know; it must be seen.
    PreviewUnrecognised,
}

/// Why approval is not possible yet, in plain words, pointing at the item to fix.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ReviewBlocker {
    pub kind: ReviewBlockerKind,
    pub message: String,
    pub text_index: Option<u32>,
    pub preview: Option<PreviewKey>,
}

/// Set one object ACTIVE.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ActivationStep {
    pub object: MetaObjectRef,
    /// `false` for an offer the user may decline (a campaign or ad set Adwright made PAUSED).
    pub required: bool,
    pub reason: String,
}

/// What approval lets the app do, in order (`POST <id> status=ACTIVE` each).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ActivationPlan {
    /// Empty for a standalone creative.
    pub activate: Vec<ActivationStep>,
    pub summary: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "verdict", rename_all = "snake_case")]
#[ts(export)]
pub enum GateVerdict {
    Ready { plan: ActivationPlan },
    Blocked { blockers: Vec<ReviewBlocker> },
}

impl GateVerdict {
    pub fn is_ready(&self) -> bool {
        matches!(self, Self::Ready { .. })
    }
}

/// The review of one ad or standalone creative.
#[derive(Clone, Debug, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct ReviewSession {
    pub draft_id: String,
    pub subject: ReviewSubject,
    pub opt_ins: OptInReport,
    /// `None` when no text was generated.
    pub texts: Option<GeneratedTexts>,
    pub texts_seen: Vec<ReviewTextSeen>,
    pub previews: Vec<PreviewItem>,
    /// Campaign / ad set Adwright created PAUSED for this ad: approval offers to activate them.
    pub made_paused: Vec<MetaObjectRef>,
    pub transparency: Option<TransparencyNotice>,
    /// Everything that happened, in order (copied into the record).
    pub events: Vec<ReviewEvent>,
    pub decision: Option<ReviewDecision>,
    #[ts(type = "number")]
    pub started_at_ms: i64,
}

/// Everything the review screen renders: the session and what the gate says now.
#[derive(Clone, Debug, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct ReviewView {
    pub session: ReviewSession,
    pub verdict: GateVerdict,
    /// Something generated can still be rejected (undecided, and a feature was applied).
    pub can_reject: bool,
}

impl ReviewSession {
    /// Start a review from the opt-in outcome and the generated texts.
    pub fn new(
        draft_id: impl Into<String>,
        subject: ReviewSubject,
        opt_ins: OptInReport,
        texts: Option<GeneratedTexts>,
        made_paused: Vec<MetaObjectRef>,
        now_ms: i64,
    ) -> Self {
        let to_review = opt_ins.to_review();
        let previews = expected_previews(&to_review)
            .into_iter()
            .map(PreviewItem::new)
            .collect();
        let mut s = Self {
            draft_id: draft_id.into(),
            subject,
            transparency: ai_info_notice(&to_review),
            opt_ins,
            texts: None,
            texts_seen: Vec::new(),
            previews,
            made_paused,
            events: Vec::new(),
            decision: None,
            started_at_ms: now_ms,
        };
        s.set_texts(texts);
        s
    }

    /// Start from what was requested and the creative as read back (`Client::creative`).
    pub fn from_read_back(
        draft_id: impl Into<String>,
        subject: ReviewSubject,
        requested: &[CreativeFeature],
        creative: &AdCreative,
        sent_message: Option<&str>,
        made_paused: Vec<MetaObjectRef>,
        now_ms: i64,
    ) -> Self {
        let opt_ins = OptInReport::from_read_back(requested, creative);
        let texts = GeneratedTexts::from_feed(sent_message, creative.asset_feed_spec.as_ref());
        Self::new(draft_id, subject, opt_ins, texts, made_paused, now_ms)
    }

    /// Replace the generated texts (after reading the creative again). A text whose words
    /// changed must be displayed again.
    pub fn set_texts(&mut self, texts: Option<GeneratedTexts>) {
        let old = self.texts.take();
        let old_text = |i: u32| {
            old.as_ref()
                .and_then(|t| t.variations.iter().find(|v| v.index == i))
                .map(|v| v.text.clone())
        };
        let mut seen = Vec::new();
        if let Some(t) = &texts {
            for v in &t.variations {
                let kept = self
                    .texts_seen
                    .iter()
                    .find(|s| s.index == v.index)
                    .and_then(|s| s.shown_at_ms)
                    .filter(|_| old_text(v.index).as_deref() == Some(v.text.as_str()));
                seen.push(ReviewTextSeen {
                    index: v.index,
                    shown_at_ms: kept,
                });
            }
        }
        self.texts = texts;
        self.texts_seen = seen;
    }

    /// The previews that should be fetched now (never fetched, pending, failed, expired).
    pub fn previews_to_fetch(&self, now_ms: i64) -> Vec<PreviewKey> {
        self.previews
            .iter()
            .filter(|p| p.needs_fetch(now_ms))
            .map(|p| p.key.clone())
            .collect()
    }

    /// Take in one fetch result (from `fetch_previews` or its progress callback). A result
    /// for a preview this session does not show is ignored and reported as `false`.
    pub fn apply_preview(&mut self, result: &PreviewResult, now_ms: i64) -> bool {
        let Some(feature) = &result.feature else {
            return false;
        };
        let key = PreviewKey::new(feature.clone(), result.ad_format.clone());
        match self.previews.iter_mut().find(|p| p.key == key) {
            Some(item) => {
                item.apply(result, now_ms);
                true
            }
            None => false,
        }
    }

    fn undecided(&self) -> Result<(), ReviewError> {
        match &self.decision {
            None => Ok(()),
            Some(ReviewDecision::Approved { .. }) => Err(ReviewError::AlreadyDecided("approved")),
            Some(ReviewDecision::Rejected { .. }) => Err(ReviewError::AlreadyDecided("rejected")),
        }
    }

    /// The UI displayed generated text `index` (its position in `bodies`).
    pub fn mark_text_shown(&mut self, index: u32, now_ms: i64) -> Result<(), ReviewError> {
        self.undecided()?;
        let seen = self
            .texts_seen
            .iter_mut()
            .find(|s| s.index == index)
            .ok_or(ReviewError::UnknownText(index))?;
        seen.shown_at_ms = Some(now_ms);
        self.events.push(ReviewEvent::TextShown {
            index,
            at_ms: now_ms,
        });
        Ok(())
    }

    /// The UI had the preview loaded in view, at `revision` (the item's revision it
    /// rendered). Recorded in any state; only a final state counts for the gate.
    pub fn mark_preview_seen(
        &mut self,
        key: &PreviewKey,
        revision: u32,
        now_ms: i64,
    ) -> Result<(), ReviewError> {
        self.undecided()?;
        let item = self.item_mut(key)?;
        if revision != item.revision {
            return Err(ReviewError::StaleView {
                shown: revision,
                current: item.revision,
            });
        }
        if matches!(item.state, PreviewState::Loading | PreviewState::Failed) {
            return Err(ReviewError::NothingToSee(item.state));
        }
        let state = item.state;
        item.seen = Some(PreviewSeenMark {
            at_ms: now_ms,
            state,
            revision,
        });
        self.events.push(ReviewEvent::PreviewShown {
            preview: key.clone(),
            state,
            at_ms: now_ms,
        });
        Ok(())
    }

    /// The user accepts a preview Meta is still generating without seeing the result.
    pub fn acknowledge_unseen(&mut self, key: &PreviewKey, now_ms: i64) -> Result<(), ReviewError> {
        self.undecided()?;
        let item = self.item_mut(key)?;
        if item.state != PreviewState::Pending {
            return Err(ReviewError::NotPending(item.state));
        }
        item.acknowledged_unseen_at_ms = Some(now_ms);
        self.events.push(ReviewEvent::AcknowledgedUnseen {
            preview: key.clone(),
            at_ms: now_ms,
        });
        Ok(())
    }

    fn item_mut(&mut self, key: &PreviewKey) -> Result<&mut PreviewItem, ReviewError> {
        self.previews
            .iter_mut()
            .find(|p| &p.key == key)
            .ok_or_else(|| ReviewError::UnknownPreview(key.clone()))
    }

    /// What stands between the user and approval, in plain words (empty = nothing).
    pub fn blockers(&self) -> Vec<ReviewBlocker> {
        let mut out = Vec::new();
        let text_applied = self
            .opt_ins
            .to_review()
            .contains(&CreativeFeature::TextGeneration);
        if text_applied && self.texts.is_none() {
            out.push(ReviewBlocker {
                kind: ReviewBlockerKind::TextsMissing,
                message: "Meta kept text generation but has not stored the generated texts \
                          yet. Reload them to review them."
                    .into(),
                text_index: None,
                preview: None,
            });
        }
        for s in &self.texts_seen {
            if s.shown_at_ms.is_none() {
                out.push(ReviewBlocker {
                    kind: ReviewBlockerKind::TextNotShown,
                    message: format!("Generated text {} has not been shown yet.", s.index),
                    text_index: Some(s.index),
                    preview: None,
                });
            }
        }
        for p in &self.previews {
            let place = format!(
                "{} — {}",
                feature_name(&p.key.feature),
                placement_name(&p.key.ad_format)
            );
            let blocker = |kind, message: String| ReviewBlocker {
                kind,
                message,
                text_index: None,
                preview: Some(p.key.clone()),
            };
            match p.state {
                _ if p.seen_final() => {}
                PreviewState::Pending if p.acknowledged_unseen_at_ms.is_some() => {}
                PreviewState::Loading => out.push(blocker(
                    ReviewBlockerKind::PreviewLoading,
                    format!("{place}: the preview has not loaded yet."),
                )),
                PreviewState::Pending => out.push(blocker(
                    ReviewBlockerKind::PreviewPending,
                    format!(
                        "{place}: Meta is still generating it. Wait for it, or accept it unseen."
                    ),
                )),
                PreviewState::Failed => out.push(blocker(
                    ReviewBlockerKind::PreviewFailed,
                    format!("{place}: the preview could not be loaded. Try again."),
                )),
                PreviewState::Unrecognised => out.push(blocker(
                    ReviewBlockerKind::PreviewUnrecognised,
                    format!("{place}: Meta gave an unknown status; this preview cannot be approved as it is."),
                )),
                PreviewState::Eligible | PreviewState::Ineligible | PreviewState::NotApplied => {
                    out.push(blocker(
                        ReviewBlockerKind::PreviewNotSeen,
                        format!("{place}: scroll to the preview so it is shown in its final state."),
                    ))
                }
            }
        }
        out
    }

    /// OK with the activation plan, or the list of blockers.
    pub fn can_approve(&self) -> GateVerdict {
        let blockers = self.blockers();
        if blockers.is_empty() {
            GateVerdict::Ready {
                plan: self.activation_plan(),
            }
        } else {
            GateVerdict::Blocked { blockers }
        }
    }

    fn activation_plan(&self) -> ActivationPlan {
        match &self.subject {
            ReviewSubject::StandaloneCreative { .. } => ActivationPlan {
                activate: Vec::new(),
                summary: "The creative is marked as reviewed. The first ad made from it will \
                          be created paused and reviewed the same way before it runs."
                    .into(),
            },
            ReviewSubject::Ad { ad_id, .. } => {
                let mut activate = vec![ActivationStep {
                    object: MetaObjectRef::new(MetaObjectKind::Ad, ad_id.clone()),
                    required: true,
                    reason: "Meta keeps an ad with generative features paused until you \
                             approve it."
                        .into(),
                }];
                // Ad set before campaign: the campaign is the last switch, so nothing
                // delivers until everything the user chose is on.
                let mut made = self.made_paused.clone();
                made.sort_by_key(|o| match o.kind {
                    MetaObjectKind::AdSet => 0,
                    _ => 1,
                });
                for o in made
                    .into_iter()
                    .filter(|o| matches!(o.kind, MetaObjectKind::AdSet | MetaObjectKind::Campaign))
                {
                    let what = match o.kind {
                        MetaObjectKind::AdSet => "ad set",
                        _ => "campaign",
                    };
                    activate.push(ActivationStep {
                        reason: format!(
                            "Adwright created this {what} paused. Activate it too, or the ad \
                             will not run."
                        ),
                        object: o,
                        required: false,
                    });
                }
                let summary = if activate.len() > 1 {
                    "Approve to set the ad active. Its campaign and ad set are paused too; \
                     activate them so the ad really runs."
                } else {
                    "Approve to set the ad active."
                };
                ActivationPlan {
                    activate,
                    summary: summary.into(),
                }
            }
        }
    }

    /// Approve: only when the gate says ready. Returns what to set ACTIVE.
    pub fn approve(&mut self, now_ms: i64) -> Result<ActivationPlan, ReviewError> {
        self.undecided()?;
        match self.can_approve() {
            GateVerdict::Blocked { blockers } => Err(ReviewError::Blocked(blockers)),
            GateVerdict::Ready { plan } => {
                self.events.push(ReviewEvent::Approved {
                    at_ms: now_ms,
                    activate: plan.activate.iter().map(|a| a.object.clone()).collect(),
                });
                self.decision = Some(ReviewDecision::Approved {
                    at_ms: now_ms,
                    plan: plan.clone(),
                });
                Ok(plan)
            }
        }
    }

    /// The app set an object ACTIVE (after approval), for the record.
    pub fn record_activated(
        &mut self,
        object: MetaObjectRef,
        now_ms: i64,
    ) -> Result<(), ReviewError> {
        match &self.decision {
            Some(ReviewDecision::Approved { .. }) => {
                self.events.push(ReviewEvent::Activated {
                    object,
                    at_ms: now_ms,
                });
                Ok(())
            }
            _ => Err(ReviewError::NotApproved),
        }
    }

    /// The screen's data.
    pub fn view(&self) -> ReviewView {
        ReviewView {
            session: self.clone(),
            verdict: self.can_approve(),
            can_reject: self.decision.is_none() && !self.opt_ins.to_review().is_empty(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::{applied, result, texts};
    use marketing_api::types::{AdFormat, PreviewStatus};

    const TG: CreativeFeature = CreativeFeature::TextGeneration;
    const UNCROP: CreativeFeature = CreativeFeature::ImageUncrop;
    const BG: CreativeFeature = CreativeFeature::ImageBackgroundGen;

    fn ad() -> ReviewSubject {
        ReviewSubject::Ad {
            ad_id: "ad1".into(),
            creative_id: Some("cr1".into()),
            adset_id: Some("as1".into()),
        }
    }

    fn session(features: &[CreativeFeature]) -> ReviewSession {
        let t = features
            .contains(&TG)
            .then(|| texts("Wool socks", &["Cosy wool socks", "Wool socks, 2 for 1"]));
        ReviewSession::new("d1", ad(), applied(features), t, Vec::new(), 0)
    }

    fn kinds(s: &ReviewSession) -> Vec<ReviewBlockerKind> {
        s.blockers().iter().map(|b| b.kind).collect()
    }

    fn key(feature: CreativeFeature, format: AdFormat) -> PreviewKey {
        PreviewKey::new(feature, format)
    }

    fn all_final_and_seen(s: &mut ReviewSession, status: PreviewStatus) {
        for k in s.previews.iter().map(|p| p.key.clone()).collect::<Vec<_>>() {
            s.apply_preview(
                &result(k.feature.clone(), k.ad_format.clone(), Some(status.clone())),
                5,
            );
            let rev = s.previews.iter().find(|p| p.key == k).unwrap().revision;
            s.mark_preview_seen(&k, rev, 6).unwrap();
        }
    }

    #[test]
    fn every_generated_text_must_be_shown() {
        let mut s = session(&[TG]);
        assert!(s.previews.is_empty(), "text generation has no previews");
        assert_eq!(
            kinds(&s),
            vec![
                ReviewBlockerKind::TextNotShown,
                ReviewBlockerKind::TextNotShown
            ]
        );
        assert!(s.blockers()[0].message.contains("Generated text 1"));
        s.mark_text_shown(1, 10).unwrap();
        assert_eq!(s.blockers()[0].text_index, Some(2));
        assert_eq!(s.mark_text_shown(0, 10), Err(ReviewError::UnknownText(0)));
        assert_eq!(s.mark_text_shown(3, 10), Err(ReviewError::UnknownText(3)));
        s.mark_text_shown(2, 11).unwrap();
        assert!(s.can_approve().is_ready());
    }

    #[test]
    fn applied_text_generation_without_texts_blocks() {
        let s = ReviewSession::new("d1", ad(), applied(&[TG]), None, Vec::new(), 0);
        assert_eq!(kinds(&s), vec![ReviewBlockerKind::TextsMissing]);
    }

    #[test]
    fn reloaded_texts_keep_views_only_of_unchanged_texts() {
        let mut s = session(&[TG]);
        s.mark_text_shown(1, 1).unwrap();
        s.mark_text_shown(2, 1).unwrap();
        s.set_texts(Some(texts(
            "Wool socks",
            &["Cosy wool socks", "Best wool socks"],
        )));
        assert_eq!(s.texts_seen[0].shown_at_ms, Some(1));
        assert_eq!(s.texts_seen[1].shown_at_ms, None);
        assert_eq!(kinds(&s), vec![ReviewBlockerKind::TextNotShown]);
    }

    #[test]
    fn gallery_items_follow_the_applied_features() {
        let s = session(&[UNCROP, BG]);
        assert_eq!(s.previews.len(), 6);
        assert!(kinds(&s)
            .iter()
            .all(|k| *k == ReviewBlockerKind::PreviewLoading));
        assert_eq!(s.previews_to_fetch(0).len(), 6);
        assert!(s.transparency.is_some());
        // Dropped opt-ins have nothing to review.
        let dropped = OptInReport::compare(&[UNCROP], Some(&Default::default()), None);
        let s = ReviewSession::new("d1", ad(), dropped, None, Vec::new(), 0);
        assert!(s.previews.is_empty() && s.transparency.is_none());
        assert!(s.can_approve().is_ready());
    }

    #[test]
    fn a_preview_counts_only_when_seen_in_its_final_state() {
        let mut s = session(&[BG]);
        let k = key(BG, AdFormat::MobileFeedStandard);
        assert_eq!(
            s.mark_preview_seen(&k, 0, 1),
            Err(ReviewError::NothingToSee(PreviewState::Loading))
        );
        assert!(s.apply_preview(
            &result(
                BG,
                AdFormat::MobileFeedStandard,
                Some(PreviewStatus::Pending)
            ),
            1
        ));
        assert_eq!(kinds(&s), vec![ReviewBlockerKind::PreviewPending]);
        // Looking at the stock preview while pending is recorded but does not count.
        let rev = s.previews[0].revision;
        s.mark_preview_seen(&k, rev, 2).unwrap();
        assert_eq!(kinds(&s), vec![ReviewBlockerKind::PreviewPending]);

        s.apply_preview(
            &result(
                BG,
                AdFormat::MobileFeedStandard,
                Some(PreviewStatus::Eligible),
            ),
            3,
        );
        assert_eq!(kinds(&s), vec![ReviewBlockerKind::PreviewNotSeen]);
        // The UI reporting the revision it rendered before the change is not a view.
        assert_eq!(
            s.mark_preview_seen(&k, rev, 4),
            Err(ReviewError::StaleView {
                shown: rev,
                current: rev + 1
            })
        );
        s.mark_preview_seen(&k, rev + 1, 4).unwrap();
        assert!(s.can_approve().is_ready());
    }

    #[test]
    fn ineligible_and_not_applied_must_be_seen_too() {
        let mut s = session(&[UNCROP]);
        for (i, p) in s.previews.clone().iter().enumerate() {
            let status = if i % 2 == 0 {
                PreviewStatus::Ineligible
            } else {
                PreviewStatus::NotApplied
            };
            s.apply_preview(&result(UNCROP, p.key.ad_format.clone(), Some(status)), 1);
        }
        assert_eq!(kinds(&s), vec![ReviewBlockerKind::PreviewNotSeen; 5]);
        all_final_and_seen(&mut s, PreviewStatus::Ineligible);
        assert!(s.can_approve().is_ready());
    }

    #[test]
    fn pending_may_be_accepted_unseen_and_only_pending() {
        let mut s = session(&[BG]);
        let k = key(BG, AdFormat::MobileFeedStandard);
        s.apply_preview(
            &result(
                BG,
                AdFormat::MobileFeedStandard,
                Some(PreviewStatus::Eligible),
            ),
            1,
        );
        assert_eq!(
            s.acknowledge_unseen(&k, 2),
            Err(ReviewError::NotPending(PreviewState::Eligible))
        );
        let mut s = session(&[BG]);
        s.apply_preview(
            &result(
                BG,
                AdFormat::MobileFeedStandard,
                Some(PreviewStatus::Pending),
            ),
            1,
        );
        s.acknowledge_unseen(&k, 7).unwrap();
        assert!(s.can_approve().is_ready());
        assert_eq!(s.previews[0].acknowledged_unseen_at_ms, Some(7));
        assert!(s.events.contains(&ReviewEvent::AcknowledgedUnseen {
            preview: k.clone(),
            at_ms: 7
        }));
        // Once it is final, the acceptance no longer covers it: it must be seen.
        s.apply_preview(
            &result(
                BG,
                AdFormat::MobileFeedStandard,
                Some(PreviewStatus::Eligible),
            ),
            8,
        );
        assert_eq!(kinds(&s), vec![ReviewBlockerKind::PreviewNotSeen]);
        let other = key(UNCROP, AdFormat::InstagramStory);
        assert_eq!(
            s.acknowledge_unseen(&other, 9),
            Err(ReviewError::UnknownPreview(other))
        );
    }

    #[test]
    fn failed_and_unknown_statuses_block() {
        let mut s = session(&[BG]);
        let k = key(BG, AdFormat::MobileFeedStandard);
        s.apply_preview(&result(BG, AdFormat::MobileFeedStandard, None), 1);
        assert_eq!(kinds(&s), vec![ReviewBlockerKind::PreviewFailed]);
        assert_eq!(
            s.mark_preview_seen(&k, s.previews[0].revision, 2),
            Err(ReviewError::NothingToSee(PreviewState::Failed))
        );
        s.apply_preview(
            &result(
                BG,
                AdFormat::MobileFeedStandard,
                Some(PreviewStatus::Other("blocked".into())),
            ),
            3,
        );
        s.mark_preview_seen(&k, s.previews[0].revision, 4).unwrap();
        assert_eq!(kinds(&s), vec![ReviewBlockerKind::PreviewUnrecognised]);
        assert_eq!(
            s.acknowledge_unseen(&k, 5),
            Err(ReviewError::NotPending(PreviewState::Unrecognised))
        );
    }

    #[test]
    fn approval_is_refused_while_blocked_and_then_plans_activation() {
        let made = vec![
            MetaObjectRef::new(MetaObjectKind::Campaign, "c1"),
            MetaObjectRef::new(MetaObjectKind::AdSet, "as1"),
        ];
        let mut s = ReviewSession::new("d1", ad(), applied(&[UNCROP]), None, made, 0);
        match s.approve(1) {
            Err(ReviewError::Blocked(b)) => assert_eq!(b.len(), 5),
            other => panic!("{other:?}"),
        }
        assert_eq!(s.decision, None);
        assert_eq!(
            s.record_activated(MetaObjectRef::new(MetaObjectKind::Ad, "ad1"), 1),
            Err(ReviewError::NotApproved)
        );

        all_final_and_seen(&mut s, PreviewStatus::Eligible);
        let plan = s.approve(10).unwrap();
        let order: Vec<_> = plan
            .activate
            .iter()
            .map(|a| (a.object.kind, a.object.id.as_str(), a.required))
            .collect();
        assert_eq!(
            order,
            vec![
                (MetaObjectKind::Ad, "ad1", true),
                (MetaObjectKind::AdSet, "as1", false),
                (MetaObjectKind::Campaign, "c1", false),
            ]
        );
        assert!(plan.summary.contains("campaign and ad set are paused"));
        assert!(matches!(
            s.decision,
            Some(ReviewDecision::Approved { at_ms: 10, .. })
        ));
        assert_eq!(s.approve(11), Err(ReviewError::AlreadyDecided("approved")));
        assert_eq!(
            s.mark_text_shown(1, 12),
            Err(ReviewError::AlreadyDecided("approved"))
        );
        s.record_activated(MetaObjectRef::new(MetaObjectKind::Ad, "ad1"), 13)
            .unwrap();
        assert!(matches!(
            s.events.last(),
            Some(ReviewEvent::Activated { at_ms: 13, .. })
        ));
    }

    #[test]
    fn approving_a_standalone_creative_activates_nothing() {
        let subject = ReviewSubject::StandaloneCreative {
            creative_id: "cr1".into(),
        };
        let mut s = ReviewSession::new(
            "d1",
            subject,
            applied(&[TG]),
            Some(texts("A b c", &["A b c d"])),
            Vec::new(),
            0,
        );
        s.mark_text_shown(1, 1).unwrap();
        let plan = s.approve(2).unwrap();
        assert!(plan.activate.is_empty());
        assert!(plan.summary.contains("first ad"));
    }

    #[test]
    fn view_carries_the_verdict() {
        let s = session(&[TG]);
        let v = s.view();
        assert!(matches!(v.verdict, GateVerdict::Blocked { ref blockers } if blockers.len() == 2));
        let json = serde_json::to_value(&v).unwrap();
        assert_eq!(json["verdict"]["verdict"], "blocked");
        assert_eq!(
            json["session"]["texts"]["variations"][1]["text"],
            "Wool socks, 2 for 1"
        );
    }
}
