//! Creatives: `object_story_spec`, `degrees_of_freedom_spec`, `asset_feed_spec`
//! (REFERENCE §2, §3).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::Value;
use ts_rs::TS;

use super::enums::{CreativeFeature, CreativeStatus, EnrollStatus};
use crate::wire::Params;

type Extra = BTreeMap<String, Value>;

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct CallToAction {
    /// SHOP_NOW, LEARN_MORE, … (101 values; kept as text).
    #[serde(rename = "type")]
    pub kind: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<Value>,
}

/// `AdCreativeLinkData`; also the schema of `template_data` for catalog creatives.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct LinkData {
    /// Primary text; text generation needs it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub link: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub caption: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub image_hash: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub picture: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub call_to_action: Option<CallToAction>,
    #[serde(flatten)]
    #[ts(skip)]
    pub extra: Extra,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ObjectStorySpec {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub page_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub instagram_user_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub link_data: Option<LinkData>,
    /// Catalog (dynamic product) creatives; may hold `{{product.name | titleize}}` tags.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub template_data: Option<LinkData>,
    #[serde(flatten)]
    #[ts(skip)]
    pub extra: Extra,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct FeatureDetails {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub enroll_status: Option<EnrollStatus>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub customizations: Option<Value>,
    #[serde(flatten)]
    #[ts(skip)]
    pub extra: Extra,
}

impl FeatureDetails {
    pub fn opt_in() -> Self {
        Self {
            enroll_status: Some(EnrollStatus::OptIn),
            ..Self::default()
        }
    }

    pub fn is_opted_in(&self) -> bool {
        self.enroll_status == Some(EnrollStatus::OptIn)
    }
}

/// `creative_features_spec`: feature key → details. Any of Meta's 84+ keys (and future
/// ones) is representable; the three GenAI features have typed accessors.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct CreativeFeaturesSpec(pub BTreeMap<String, FeatureDetails>);

impl CreativeFeaturesSpec {
    pub fn get(&self, key: &str) -> Option<&FeatureDetails> {
        self.0.get(key)
    }

    pub fn feature(&self, f: &CreativeFeature) -> Option<&FeatureDetails> {
        self.get(f.as_str())
    }

    pub fn text_generation(&self) -> Option<&FeatureDetails> {
        self.feature(&CreativeFeature::TextGeneration)
    }

    pub fn image_uncrop(&self) -> Option<&FeatureDetails> {
        self.feature(&CreativeFeature::ImageUncrop)
    }

    pub fn image_background_gen(&self) -> Option<&FeatureDetails> {
        self.feature(&CreativeFeature::ImageBackgroundGen)
    }

    pub fn set(&mut self, f: &CreativeFeature, details: FeatureDetails) {
        self.0.insert(f.as_str().to_owned(), details);
    }
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct DegreesOfFreedomSpec {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub creative_features_spec: Option<CreativeFeaturesSpec>,
    #[serde(flatten)]
    #[ts(skip)]
    pub extra: Extra,
}

impl DegreesOfFreedomSpec {
    /// Opt in to the given features (only for the object created by this request).
    pub fn opt_in(features: &[CreativeFeature]) -> Self {
        let mut spec = CreativeFeaturesSpec::default();
        for f in features {
            spec.set(f, FeatureDetails::opt_in());
        }
        Self {
            creative_features_spec: Some(spec),
            extra: Extra::new(),
        }
    }
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct AssetFeedBody {
    #[serde(default)]
    pub text: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url_tags: Option<String>,
    #[serde(flatten)]
    #[ts(skip)]
    pub extra: Extra,
}

/// Where Meta writes generated texts: `bodies[0]` is the original, the rest are variants.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct AssetFeedSpec {
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub bodies: Vec<AssetFeedBody>,
    /// `DEGREES_OF_FREEDOM` for GenAI.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub optimization_type: Option<String>,
    #[serde(flatten)]
    #[ts(skip)]
    pub extra: Extra,
}

impl AssetFeedSpec {
    /// Texts Meta generated: every body after the first, which repeats the original.
    pub fn generated_texts(&self) -> Vec<&str> {
        self.bodies
            .iter()
            .skip(1)
            .map(|b| b.text.as_str())
            .collect()
    }
}

/// A creative as read back.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct AdCreative {
    pub id: String,
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub status: Option<CreativeStatus>,
    #[serde(default)]
    pub account_id: Option<String>,
    #[serde(default)]
    pub object_story_spec: Option<ObjectStorySpec>,
    #[serde(default)]
    pub asset_feed_spec: Option<AssetFeedSpec>,
    #[serde(default)]
    pub degrees_of_freedom_spec: Option<DegreesOfFreedomSpec>,
    #[serde(default)]
    pub product_set_id: Option<String>,
    #[serde(flatten)]
    #[ts(skip)]
    pub extra: Extra,
}

/// What a creative is made of, for `POST act_<id>/adcreatives`, the inline `creative` of
/// `POST act_<id>/ads` and the `creative` of `GET act_<id>/generatepreviews`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct CreativeSpec {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Catalog creatives (background generation).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub product_set_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub object_story_spec: Option<ObjectStorySpec>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub degrees_of_freedom_spec: Option<DegreesOfFreedomSpec>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub asset_feed_spec: Option<AssetFeedSpec>,
    /// Other create params (`url_tags`, `execution_options`, …), sent as given.
    #[serde(flatten)]
    #[ts(skip)]
    pub extra: Extra,
}

impl CreativeSpec {
    /// Create params in the order the SDK sends them for the golden calls.
    pub(crate) fn to_params(&self) -> Params {
        let mut p = Params::new()
            .opt_str("name", self.name.clone())
            .opt_str("product_set_id", self.product_set_id.clone())
            .value("object_story_spec", &self.object_story_spec)
            .value("degrees_of_freedom_spec", &self.degrees_of_freedom_spec)
            .value("asset_feed_spec", &self.asset_feed_spec);
        for (k, v) in &self.extra {
            p = p.value(k, v);
        }
        p
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn unknown_feature_keys_and_fields_survive() {
        let v = json!({
            "creative_features_spec": {
                "text_generation": {"enroll_status": "OPT_IN"},
                "image_uncrop": {"enroll_status": "OPT_OUT"},
                "video_voiceover": {"enroll_status": "OPT_OUT", "new_knob": 3},
                "future_feature": {"enroll_status": "OPT_MAYBE"}
            },
            "degrees_of_freedom_type": "USER_ENROLLED_AUTOFLOW"
        });
        let spec: DegreesOfFreedomSpec = serde_json::from_value(v.clone()).unwrap();
        let f = spec.creative_features_spec.as_ref().unwrap();
        assert!(f.text_generation().unwrap().is_opted_in());
        assert!(!f.image_uncrop().unwrap().is_opted_in());
        assert!(f.image_background_gen().is_none());
        assert_eq!(
            f.get("future_feature").unwrap().enroll_status,
            Some(EnrollStatus::Other("OPT_MAYBE".into()))
        );
        assert_eq!(serde_json::to_value(&spec).unwrap(), v);
    }

    #[test]
    fn generated_texts_skip_the_original() {
        let a: AssetFeedSpec = serde_json::from_value(json!({
            "bodies": [{"text": "Original"}, {"text": "Generated 1"}, {"text": "Generated 2"}],
            "optimization_type": "DEGREES_OF_FREEDOM"
        }))
        .unwrap();
        assert_eq!(a.generated_texts(), vec!["Generated 1", "Generated 2"]);
    }
}
