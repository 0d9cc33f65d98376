//! The preview gallery: one item per (feature, placement) Meta documents a preview for.
//!
//! Image expansion: INSTAGRAM_STANDARD, FACEBOOK_REELS_MOBILE, INSTAGRAM_REELS,
//! MOBILE_FEED_STANDARD, INSTAGRAM_STORY. Background generation: MOBILE_FEED_STANDARD only
//! (REFERENCE §2). Each item carries the checked preview URL (marketing-api accepts only
//! Meta's preview hosts or the configured loopback sandbox), when it was fetched, and when
//! the link stops working, so an expired link is fetched again rather than shown broken.

use marketing_api::previews::{PreviewRequest, PreviewResult, PreviewTarget};
use marketing_api::types::{AdFormat, CreativeFeature, PreviewStatus, PreviewUrl};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::optins::feature_name;

/// Preview iframes are documented as valid for 24 h (REFERENCE §2; a third-party summary of
/// Meta's generatepreviews reference, so treat it as an upper bound).
pub const PREVIEW_URL_TTL_MS: i64 = 24 * 60 * 60 * 1000;

/// Fetch again this long before the documented expiry, so a link does not die while the
/// reviewer is looking at it.
pub const REFRESH_MARGIN_MS: i64 = 10 * 60 * 1000;

/// Which preview an item is.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct PreviewKey {
    pub feature: CreativeFeature,
    pub ad_format: AdFormat,
}

impl PreviewKey {
    pub fn new(feature: CreativeFeature, ad_format: AdFormat) -> Self {
        Self { feature, ad_format }
    }
}

/// The previews to review for the applied features, in gallery order.
pub fn expected_previews(features: &[CreativeFeature]) -> Vec<PreviewKey> {
    let mut out = Vec::new();
    if features.contains(&CreativeFeature::ImageUncrop) {
        out.extend(
            AdFormat::IMAGE_UNCROP_FORMATS
                .iter()
                .map(|f| PreviewKey::new(CreativeFeature::ImageUncrop, f.clone())),
        );
    }
    if features.contains(&CreativeFeature::ImageBackgroundGen) {
        out.push(PreviewKey::new(
            CreativeFeature::ImageBackgroundGen,
            AdFormat::MobileFeedStandard,
        ));
    }
    out
}

/// The marketing-api requests for these previews of one ad, creative or unsaved spec.
pub fn preview_requests(target: &PreviewTarget, keys: &[PreviewKey]) -> Vec<PreviewRequest> {
    keys.iter()
        .map(|k| PreviewRequest {
            target: target.clone(),
            ad_format: k.ad_format.clone(),
            feature: Some(k.feature.clone()),
        })
        .collect()
}

/// Where an item stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum PreviewState {
    /// Not fetched yet.
    Loading,
    /// Meta is still generating; re-poll.
    Pending,
    /// Meta made a version for this placement.
    Eligible,
    /// Meta will not apply the feature here.
    Ineligible,
    /// No `transformation_spec` for the feature: it will not be applied here.
    NotApplied,
    /// The preview could not be fetched (see `error`).
    Failed,
    /// Meta answered with a status this code does not know.
    Unrecognised,
}

impl PreviewState {
    /// A state that will not change by asking again.
    pub fn is_final(self) -> bool {
        matches!(self, Self::Eligible | Self::Ineligible | Self::NotApplied)
    }
}

/// When and in which state the reviewer saw an item.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct PreviewSeenMark {
    #[ts(type = "number")]
    pub at_ms: i64,
    pub state: PreviewState,
    /// The item's `revision` that was on screen.
    pub revision: u32,
}

/// One gallery item.
#[derive(Clone, Debug, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct PreviewItem {
    pub key: PreviewKey,
    /// The placement as people know it ("Instagram Stories"), for the card's title.
    pub placement: String,
    /// The feature by the name Adwright's forms use ("Image expansion").
    pub feature_name: String,
    pub state: PreviewState,
    /// What the state means for this ad, in plain words.
    pub explanation: String,
    /// The checked iframe URL. For an eligible item, Meta's generated version; otherwise the
    /// ad as made (Meta sends a stock preview while pending).
    pub url: Option<PreviewUrl>,
    #[ts(type = "number | null")]
    pub fetched_at_ms: Option<i64>,
    /// After this the link may no longer work; fetch again.
    #[ts(type = "number | null")]
    pub expires_at_ms: Option<i64>,
    /// Requests made for it in the latest poll run.
    pub polls: u32,
    /// Still pending when the last poll run ended.
    pub timed_out: bool,
    /// Why fetching failed, for `Failed`.
    pub error: Option<String>,
    /// Bumped whenever what is shown changes; the UI sends it back with "seen" so a view of
    /// an older state is not counted.
    pub revision: u32,
    /// Last time the reviewer had it loaded in view.
    pub seen: Option<PreviewSeenMark>,
    /// When the reviewer accepted it unseen while pending.
    #[ts(type = "number | null")]
    pub acknowledged_unseen_at_ms: Option<i64>,
}

impl PreviewItem {
    pub fn new(key: PreviewKey) -> Self {
        let explanation = explain(&key, PreviewState::Loading, None);
        Self {
            placement: placement_name(&key.ad_format),
            feature_name: feature_name(&key.feature).to_owned(),
            key,
            state: PreviewState::Loading,
            explanation,
            url: None,
            fetched_at_ms: None,
            expires_at_ms: None,
            polls: 0,
            timed_out: false,
            error: None,
            revision: 0,
            seen: None,
            acknowledged_unseen_at_ms: None,
        }
    }

    /// Take in a fetch result. A new state or URL is a new revision; a view of a final state
    /// stays valid when only the link was renewed (same state).
    pub fn apply(&mut self, r: &PreviewResult, now_ms: i64) {
        let state = match (&r.status, &r.error) {
            (_, Some(_)) | (None, _) => PreviewState::Failed,
            (Some(PreviewStatus::Eligible), _) => PreviewState::Eligible,
            (Some(PreviewStatus::Pending), _) => PreviewState::Pending,
            (Some(PreviewStatus::Ineligible), _) => PreviewState::Ineligible,
            (Some(PreviewStatus::NotApplied), _) => PreviewState::NotApplied,
            (Some(PreviewStatus::Other(_)), _) => PreviewState::Unrecognised,
        };
        let error = match state {
            PreviewState::Failed => Some(
                r.error
                    .as_ref()
                    .map_or("Meta sent no preview status".to_owned(), |e| {
                        e.message.clone()
                    }),
            ),
            _ => None,
        };
        if state == PreviewState::Failed && self.state.is_final() {
            // A failed refresh of a final preview does not undo what was seen; the old link
            // may still work until it expires.
            self.error = error;
            return;
        }
        if state != self.state || r.url != self.url {
            self.revision += 1;
        }
        if state != self.state {
            // Seen in another state does not count for this one.
            self.seen = None;
        }
        if state != PreviewState::Pending {
            self.acknowledged_unseen_at_ms = None;
        }
        self.state = state;
        self.url = r.url.clone();
        self.fetched_at_ms = Some(now_ms);
        self.expires_at_ms = self.url.as_ref().map(|_| now_ms + PREVIEW_URL_TTL_MS);
        // Progress reports and the final result of one run carry the run's running count.
        self.polls = r.polls;
        self.timed_out = r.timed_out;
        self.explanation = explain(&self.key, state, error.as_deref());
        self.error = error;
    }

    /// The link is past (or within the margin of) its documented lifetime.
    pub fn is_expired(&self, now_ms: i64) -> bool {
        self.expires_at_ms
            .is_some_and(|e| now_ms >= e - REFRESH_MARGIN_MS)
    }

    /// Should be fetched (again): never fetched, still pending, failed or expired.
    pub fn needs_fetch(&self, now_ms: i64) -> bool {
        matches!(
            self.state,
            PreviewState::Loading | PreviewState::Pending | PreviewState::Failed
        ) || self.is_expired(now_ms)
    }

    /// Seen in view in the state it has now, and that state is final.
    pub fn seen_final(&self) -> bool {
        // A renewed link (same state, new revision) keeps the view: the content is the same.
        self.state.is_final() && self.seen.is_some_and(|s| s.state == self.state)
    }
}

fn explain(key: &PreviewKey, state: PreviewState, error: Option<&str>) -> String {
    let placement = placement_name(&key.ad_format);
    let feature = feature_name(&key.feature);
    let what = match key.feature {
        CreativeFeature::ImageUncrop => "expanded image",
        CreativeFeature::ImageBackgroundGen => "generated background",
        _ => "generated version",
    };
    match state {
        PreviewState::Loading => format!("{placement}: loading the preview…"),
        PreviewState::Pending => format!(
            "{placement}: Meta is still making the {what}. What you see is a stock preview, \
             not the result; Adwright asks again automatically."
        ),
        PreviewState::Eligible => {
            format!("{placement}: this is the {what} Meta made. Check it before the ad runs.")
        }
        PreviewState::Ineligible => format!(
            "{placement}: Meta will not use {} here; your original image is shown as it is.",
            feature.to_lowercase()
        ),
        PreviewState::NotApplied => format!(
            "{placement}: Meta sent no {what} for this placement, so {} will not be applied \
             here.",
            feature.to_lowercase()
        ),
        PreviewState::Failed => format!(
            "{placement}: the preview could not be loaded ({}). Try again.",
            error.unwrap_or("no reason given")
        ),
        PreviewState::Unrecognised => format!(
            "{placement}: Meta answered with a status Adwright does not know. Look at the \
             preview carefully."
        ),
    }
}

/// A placement's name as people know it.
pub fn placement_name(f: &AdFormat) -> String {
    match f {
        AdFormat::InstagramStandard => "Instagram feed".into(),
        AdFormat::FacebookReelsMobile => "Facebook Reels".into(),
        AdFormat::InstagramReels => "Instagram Reels".into(),
        AdFormat::MobileFeedStandard => "Facebook feed (mobile)".into(),
        AdFormat::InstagramStory => "Instagram Stories".into(),
        other => other.as_str().to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    pub(crate) fn result(status: Option<PreviewStatus>) -> PreviewResult {
        PreviewResult {
            index: 0,
            ad_format: AdFormat::InstagramStory,
            feature: Some(CreativeFeature::ImageUncrop),
            status,
            url: None,
            polls: 1,
            timed_out: false,
            error: None,
        }
    }

    fn key() -> PreviewKey {
        PreviewKey::new(CreativeFeature::ImageUncrop, AdFormat::InstagramStory)
    }

    #[test]
    fn gallery_has_five_expansion_placements_and_one_background() {
        let all = expected_previews(&[
            CreativeFeature::TextGeneration,
            CreativeFeature::ImageUncrop,
            CreativeFeature::ImageBackgroundGen,
        ]);
        let names: Vec<_> = all
            .iter()
            .map(|k| format!("{}/{}", k.feature, k.ad_format))
            .collect();
        assert_eq!(
            names,
            vec![
                "image_uncrop/INSTAGRAM_STANDARD",
                "image_uncrop/FACEBOOK_REELS_MOBILE",
                "image_uncrop/INSTAGRAM_REELS",
                "image_uncrop/MOBILE_FEED_STANDARD",
                "image_uncrop/INSTAGRAM_STORY",
                "image_background_gen/MOBILE_FEED_STANDARD",
            ]
        );
        assert!(expected_previews(&[CreativeFeature::TextGeneration]).is_empty());
        let reqs = preview_requests(&PreviewTarget::Ad("9".into()), &all);
        assert_eq!(reqs.len(), 6);
        assert_eq!(reqs[5].feature, Some(CreativeFeature::ImageBackgroundGen));
    }

    #[test]
    fn each_status_is_explained() {
        let cases = [
            (
                Some(PreviewStatus::Pending),
                PreviewState::Pending,
                "still making",
            ),
            (
                Some(PreviewStatus::Eligible),
                PreviewState::Eligible,
                "Meta made",
            ),
            (
                Some(PreviewStatus::Ineligible),
                PreviewState::Ineligible,
                "will not use",
            ),
            (
                Some(PreviewStatus::NotApplied),
                PreviewState::NotApplied,
                "will not be applied",
            ),
            (
                Some(PreviewStatus::Other("odd".into())),
                PreviewState::Unrecognised,
                "does not know",
            ),
            (None, PreviewState::Failed, "could not be loaded"),
        ];
        for (status, state, words) in cases {
            let mut item = PreviewItem::new(key());
            item.apply(&result(status), 1_000);
            assert_eq!(item.state, state);
            assert!(item.explanation.contains(words), "{}", item.explanation);
            assert!(item.explanation.starts_with("Instagram Stories"));
        }
    }

    #[test]
    fn expiry_and_refetch() {
        let mut item = PreviewItem::new(key());
        assert!(item.needs_fetch(0));
        let mut r = result(Some(PreviewStatus::Eligible));
        r.url = Some(sample_url());
        item.apply(&r, 1_000);
        assert_eq!(item.expires_at_ms, Some(1_000 + PREVIEW_URL_TTL_MS));
        assert!(!item.needs_fetch(1_000 + PREVIEW_URL_TTL_MS - REFRESH_MARGIN_MS - 1));
        assert!(item.is_expired(1_000 + PREVIEW_URL_TTL_MS - REFRESH_MARGIN_MS));
        assert!(item.needs_fetch(1_000 + PREVIEW_URL_TTL_MS));
        // No link, nothing to expire.
        let mut bare = PreviewItem::new(key());
        bare.apply(&result(Some(PreviewStatus::NotApplied)), 0);
        assert!(!bare.needs_fetch(10 * PREVIEW_URL_TTL_MS));
        // Pending is always fetched again.
        let mut p = PreviewItem::new(key());
        p.apply(&result(Some(PreviewStatus::Pending)), 0);
        assert!(p.needs_fetch(0));
    }

    #[test]
    fn a_view_counts_only_for_the_state_it_saw() {
        let mut item = PreviewItem::new(key());
        item.apply(&result(Some(PreviewStatus::Pending)), 0);
        item.seen = Some(PreviewSeenMark {
            at_ms: 1,
            state: PreviewState::Pending,
            revision: item.revision,
        });
        assert!(!item.seen_final(), "pending is not final");
        item.apply(&result(Some(PreviewStatus::Eligible)), 2);
        assert_eq!(item.seen, None, "a new state needs a new look");
        item.seen = Some(PreviewSeenMark {
            at_ms: 3,
            state: PreviewState::Eligible,
            revision: item.revision,
        });
        assert!(item.seen_final());
        // A failed refresh of a final item keeps it (and its view).
        item.apply(&result(None), 4);
        assert_eq!(item.state, PreviewState::Eligible);
        assert!(item.seen_final());
        assert!(item.error.is_some());
    }

    pub(crate) fn sample_url() -> PreviewUrl {
        let cfg = marketing_api::Config::default();
        PreviewUrl::from_iframe(
            "<iframe src=\"https://www.facebook.com/ads/api/preview_iframe.php?d=1&amp;t=2\"></iframe>",
            &cfg,
        )
        .unwrap()
    }
}
