//! Builders shared by the unit tests.

use marketing_api::previews::PreviewResult;
use marketing_api::types::{AdFormat, CreativeFeature, PreviewStatus, PreviewUrl};
use marketing_api::Config;

use crate::optins::OptInReport;
use crate::texts::GeneratedTexts;

pub fn preview_url(n: u32) -> PreviewUrl {
    PreviewUrl::from_iframe(
        &format!(
            "<iframe src=\"https://www.facebook.com/ads/api/preview_iframe.php?d={n}&amp;t=secret\"></iframe>"
        ),
        &Config::default(),
    )
    .unwrap()
}

pub fn result(
    feature: CreativeFeature,
    format: AdFormat,
    status: Option<PreviewStatus>,
) -> PreviewResult {
    let url = match status {
        Some(PreviewStatus::NotApplied) | None => None,
        _ => Some(preview_url(1)),
    };
    PreviewResult {
        index: 0,
        ad_format: format,
        feature: Some(feature),
        status,
        url,
        polls: 1,
        timed_out: false,
        error: None,
    }
}

/// Every listed feature requested and kept by Meta.
pub fn applied(features: &[CreativeFeature]) -> OptInReport {
    let mut spec = marketing_api::types::CreativeFeaturesSpec::default();
    for f in features {
        spec.set(f, marketing_api::types::FeatureDetails::opt_in());
    }
    let dof = marketing_api::types::DegreesOfFreedomSpec {
        creative_features_spec: Some(spec),
        extra: Default::default(),
    };
    OptInReport::compare(features, Some(&dof), None)
}

pub fn texts(original: &str, variations: &[&str]) -> GeneratedTexts {
    let mut bodies = vec![serde_json::json!({ "text": original })];
    bodies.extend(variations.iter().map(|t| serde_json::json!({ "text": t })));
    let feed = serde_json::from_value(serde_json::json!({ "bodies": bodies })).unwrap();
    GeneratedTexts::from_feed(Some(original), Some(&feed)).unwrap()
}
