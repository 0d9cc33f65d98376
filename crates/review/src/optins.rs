//! Which generative opt-ins Meta kept.
//!
//! Meta accepts a creative whose opt-in it cannot honour and drops the opt-in without an
//! error: only reading the creative back (`degrees_of_freedom_spec`) tells. Read the
//! creative itself (`Client::creative`): `Client::ad_with_creative` asks for
//! `creative{asset_feed_spec,status}` only, which carries no opt-ins.

use drafts::{AdContent, DraftBody};
use marketing_api::types::{
    AdCreative, AssetFeedSpec, CreativeFeature, CreativeSpec, DegreesOfFreedomSpec,
};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// The three generative features of Meta's GenAI page, in the order the UI lists them.
pub const GENAI_FEATURES: [CreativeFeature; 3] = [
    CreativeFeature::TextGeneration,
    CreativeFeature::ImageUncrop,
    CreativeFeature::ImageBackgroundGen,
];

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum OptInOutcome {
    /// Asked for, and Meta's copy says OPT_IN.
    Applied,
    /// Asked for, and Meta's copy says OPT_OUT or leaves it out.
    Dropped,
    /// Asked for, but the reply did not include `degrees_of_freedom_spec` at all.
    Unknown,
    /// Not asked for. (Meta may list every feature on read-back, unrequested ones as OPT_OUT.)
    NotRequested,
}

/// One feature's outcome, explained.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct OptInResult {
    pub feature: CreativeFeature,
    /// The feature by the name Adwright's forms use ("Text variations"); absent in records
    /// kept before it was added.
    #[serde(default)]
    pub feature_name: String,
    pub outcome: OptInOutcome,
    /// `enroll_status` as Meta stored it, if it listed the feature.
    pub stored_status: Option<String>,
    /// Plain words for the user.
    pub explanation: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct OptInReport {
    /// One entry per generative feature, in [`GENAI_FEATURES`] order.
    pub results: Vec<OptInResult>,
}

/// The user-facing name of a feature.
pub fn feature_name(f: &CreativeFeature) -> &'static str {
    match f {
        CreativeFeature::TextGeneration => "Text variations",
        CreativeFeature::ImageUncrop => "Image expansion",
        CreativeFeature::ImageBackgroundGen => "Generated backgrounds",
        CreativeFeature::Other(_) => "This feature",
    }
}

/// Features opted in by a creative spec as sent.
pub fn requested_in_spec(spec: &CreativeSpec) -> Vec<CreativeFeature> {
    requested_in_dof(spec.degrees_of_freedom_spec.as_ref())
}

/// Features opted in by a `degrees_of_freedom_spec` as sent.
pub fn requested_in_dof(dof: Option<&DegreesOfFreedomSpec>) -> Vec<CreativeFeature> {
    let Some(features) = dof.and_then(|d| d.creative_features_spec.as_ref()) else {
        return Vec::new();
    };
    GENAI_FEATURES
        .iter()
        .filter(|f| features.feature(f).is_some_and(|d| d.is_opted_in()))
        .cloned()
        .collect()
}

/// Features a draft asks for.
pub fn requested_in_draft(body: &DraftBody) -> Vec<CreativeFeature> {
    let mut out = Vec::new();
    match &body.content {
        AdContent::Link(l) => {
            if l.features.text_generation {
                out.push(CreativeFeature::TextGeneration);
            }
            if l.features.image_uncrop {
                out.push(CreativeFeature::ImageUncrop);
            }
        }
        AdContent::Catalog(c) => {
            if c.features.image_background_gen {
                out.push(CreativeFeature::ImageBackgroundGen);
            }
        }
    }
    out
}

impl OptInReport {
    /// Compare what was requested with the creative as Meta stored it.
    pub fn from_read_back(requested: &[CreativeFeature], creative: &AdCreative) -> Self {
        Self::compare(
            requested,
            creative.degrees_of_freedom_spec.as_ref(),
            creative.asset_feed_spec.as_ref(),
        )
    }

    pub fn compare(
        requested: &[CreativeFeature],
        stored: Option<&DegreesOfFreedomSpec>,
        feed: Option<&AssetFeedSpec>,
    ) -> Self {
        let features = stored.and_then(|d| d.creative_features_spec.as_ref());
        let results = GENAI_FEATURES
            .iter()
            .map(|f| {
                let asked = requested.contains(f);
                let details = features.and_then(|s| s.feature(f));
                let stored_status = details
                    .and_then(|d| d.enroll_status.as_ref())
                    .map(|s| s.as_str().to_owned());
                let kept = details.is_some_and(|d| d.is_opted_in());
                let outcome = match (asked, stored.is_some(), kept) {
                    (false, _, _) => OptInOutcome::NotRequested,
                    (true, false, _) => OptInOutcome::Unknown,
                    (true, true, true) => OptInOutcome::Applied,
                    (true, true, false) => OptInOutcome::Dropped,
                };
                let generated_texts = feed.map_or(0, |f| f.bodies.len().saturating_sub(1));
                OptInResult {
                    feature: f.clone(),
                    feature_name: feature_name(f).to_owned(),
                    outcome,
                    stored_status,
                    explanation: explain(f, outcome, generated_texts),
                }
            })
            .collect();
        Self { results }
    }

    fn with(&self, outcome: OptInOutcome) -> Vec<CreativeFeature> {
        self.results
            .iter()
            .filter(|r| r.outcome == outcome)
            .map(|r| r.feature.clone())
            .collect()
    }

    pub fn applied(&self) -> Vec<CreativeFeature> {
        self.with(OptInOutcome::Applied)
    }

    pub fn dropped(&self) -> Vec<CreativeFeature> {
        self.with(OptInOutcome::Dropped)
    }

    /// Applied, or not confirmed either way: both must be reviewed as if applied.
    pub fn to_review(&self) -> Vec<CreativeFeature> {
        self.results
            .iter()
            .filter(|r| matches!(r.outcome, OptInOutcome::Applied | OptInOutcome::Unknown))
            .map(|r| r.feature.clone())
            .collect()
    }
}

fn explain(f: &CreativeFeature, outcome: OptInOutcome, generated_texts: usize) -> String {
    let name = feature_name(f);
    match (outcome, f) {
        (OptInOutcome::NotRequested, _) => {
            format!("{name}: not requested for this ad.")
        }
        (OptInOutcome::Unknown, _) => format!(
            "{name}: requested, but Meta's reply did not say whether it was kept. \
             Review it as if it was applied."
        ),
        (OptInOutcome::Dropped, _) => format!(
            "{name}: requested, but Meta did not keep it and gave no reason. The ad will run \
             without it; nothing was generated for it."
        ),
        (OptInOutcome::Applied, CreativeFeature::TextGeneration) if generated_texts == 0 => {
            format!(
                "{name}: applied, but Meta has not stored any generated text yet. Check again \
                 before approving."
            )
        }
        (OptInOutcome::Applied, CreativeFeature::TextGeneration) => format!(
            "{name}: applied. Meta wrote {generated_texts} variation{} of your primary text; \
             each may be shown instead of yours.",
            if generated_texts == 1 { "" } else { "s" }
        ),
        (OptInOutcome::Applied, CreativeFeature::ImageUncrop) => format!(
            "{name}: applied. Meta may extend your image to fit more placements; check each \
             placement's preview."
        ),
        (OptInOutcome::Applied, CreativeFeature::ImageBackgroundGen) => format!(
            "{name}: applied. Meta may place your product photos on generated backgrounds; \
             check the preview."
        ),
        (OptInOutcome::Applied, CreativeFeature::Other(_)) => format!("{name}: applied."),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn creative(v: serde_json::Value) -> AdCreative {
        serde_json::from_value(v).unwrap()
    }

    fn outcome(r: &OptInReport, f: CreativeFeature) -> OptInOutcome {
        r.results.iter().find(|x| x.feature == f).unwrap().outcome
    }

    #[test]
    fn kept_and_silently_dropped_opt_ins() {
        let requested = [
            CreativeFeature::TextGeneration,
            CreativeFeature::ImageUncrop,
        ];
        let c = creative(json!({
            "id": "1",
            "degrees_of_freedom_spec": {"creative_features_spec": {
                "text_generation": {"enroll_status": "OPT_IN"},
                "image_uncrop": {"enroll_status": "OPT_OUT"},
                "image_background_gen": {"enroll_status": "OPT_OUT"}
            }},
            "asset_feed_spec": {"bodies": [{"text": "a"}, {"text": "b"}, {"text": "c"}]}
        }));
        let r = OptInReport::from_read_back(&requested, &c);
        assert_eq!(r.applied(), vec![CreativeFeature::TextGeneration]);
        assert_eq!(r.dropped(), vec![CreativeFeature::ImageUncrop]);
        assert_eq!(
            outcome(&r, CreativeFeature::ImageBackgroundGen),
            OptInOutcome::NotRequested
        );
        let tg = &r.results[0];
        assert!(
            tg.explanation.contains("2 variations"),
            "{}",
            tg.explanation
        );
        assert_eq!(r.results[1].stored_status.as_deref(), Some("OPT_OUT"));
        assert!(r.results[1].explanation.contains("did not keep"));
    }

    #[test]
    fn a_feature_missing_from_the_stored_spec_was_dropped() {
        let c = creative(json!({
            "id": "1",
            "degrees_of_freedom_spec": {"creative_features_spec": {}}
        }));
        let r = OptInReport::from_read_back(&[CreativeFeature::ImageBackgroundGen], &c);
        assert_eq!(r.dropped(), vec![CreativeFeature::ImageBackgroundGen]);
        assert_eq!(r.results[2].stored_status, None);
    }

    #[test]
    fn no_stored_spec_is_unknown_and_still_reviewed() {
        let c = creative(json!({"id": "1"}));
        let r = OptInReport::from_read_back(&[CreativeFeature::ImageUncrop], &c);
        assert_eq!(
            outcome(&r, CreativeFeature::ImageUncrop),
            OptInOutcome::Unknown
        );
        assert_eq!(r.to_review(), vec![CreativeFeature::ImageUncrop]);
        assert!(r.applied().is_empty() && r.dropped().is_empty());
    }

    #[test]
    fn applied_text_generation_without_texts_says_so() {
        let c = creative(json!({
            "id": "1",
            "degrees_of_freedom_spec": {"creative_features_spec": {
                "text_generation": {"enroll_status": "OPT_IN"}}}
        }));
        let r = OptInReport::from_read_back(&[CreativeFeature::TextGeneration], &c);
        assert!(r.results[0]
            .explanation
            .contains("not stored any generated text"));
    }

    #[test]
    fn requested_features_from_spec_and_draft() {
        let dof = DegreesOfFreedomSpec::opt_in(&[
            CreativeFeature::ImageUncrop,
            CreativeFeature::Other("image_touchups".into()),
        ]);
        assert_eq!(
            requested_in_dof(Some(&dof)),
            vec![CreativeFeature::ImageUncrop]
        );
        assert!(requested_in_dof(None).is_empty());
        let body: DraftBody = serde_json::from_value(json!({
            "ad_account_id": "act_1",
            "content": {"kind": "link", "page_id": "1", "link": "https://x.example/",
                        "message": "Hi there friend", "features": {"text_generation": true}},
            "destination": {"type": "standalone_creative"}
        }))
        .unwrap();
        assert_eq!(
            requested_in_draft(&body),
            vec![CreativeFeature::TextGeneration]
        );
    }
}
