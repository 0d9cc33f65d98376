//! The "AI info" notice shown to the advertiser before approving.
//!
//! Source: Meta's "Get Started with the Generative AI Features on Marketing API" page, section
//! "About AI transparency" (REFERENCE §2 URL): "Ad images created or materially edited with
//! certain Meta generative AI creative features available in our marketing tools may include
//! AI info within the three-dot menu of an ad or have an AI info label next to the Sponsored
//! label." Meta's newsroom post (linked below) adds that no label is applied when the edit is
//! not significant, and that an AI-generated photorealistic person puts the label next to
//! "Sponsored".
//!
//! Not stated by either source: whether text generation alone leads to a label. The sources
//! speak of images (and video), so the notice is shown only for the two image features; the
//! wording stays at "may" because Meta decides per ad.

use marketing_api::types::CreativeFeature;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// Meta's GenAI features page, where the sentence quoted in the module docs appears.
pub const SOURCE_URL: &str = "https://developers.facebook.com/documentation/ads-commerce/marketing-api/creative/generative-ai-features";
/// Meta's explanation of its labelling ("Expanding GenAI Transparency for Meta's Ads Products").
pub const LEARN_MORE_URL: &str =
    "https://about.fb.com/news/2025/02/gen-ai-transparency-metas-ads-products/";

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct TransparencyNotice {
    pub title: String,
    /// Plain text, for a paragraph.
    pub text: String,
    /// Where the label can appear, one line each.
    pub where_it_appears: Vec<String>,
    pub source_url: String,
    pub learn_more_url: String,
}

/// The notice for an ad with these features applied, or `None` when none of them edits
/// images.
pub fn ai_info_notice(applied: &[CreativeFeature]) -> Option<TransparencyNotice> {
    let image_features: Vec<&str> = applied
        .iter()
        .filter_map(|f| match f {
            CreativeFeature::ImageUncrop => Some("image expansion"),
            CreativeFeature::ImageBackgroundGen => Some("generated backgrounds"),
            _ => None,
        })
        .collect();
    if image_features.is_empty() {
        return None;
    }
    Some(TransparencyNotice {
        title: "This ad may show an \"AI info\" label".into(),
        text: format!(
            "This ad uses {}. Meta says ad images created or materially edited with its \
             generative AI features may carry AI info. Meta decides whether and where; small \
             edits may get no label.",
            image_features.join(" and ")
        ),
        where_it_appears: vec![
            "In the ad's three-dot menu, as \"AI info\".".into(),
            "Or as an \"AI info\" label next to \"Sponsored\" at the top of the ad.".into(),
        ],
        source_url: SOURCE_URL.into(),
        learn_more_url: LEARN_MORE_URL.into(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shown_for_image_features_only() {
        assert_eq!(ai_info_notice(&[CreativeFeature::TextGeneration]), None);
        assert_eq!(ai_info_notice(&[]), None);
        let n = ai_info_notice(&[
            CreativeFeature::TextGeneration,
            CreativeFeature::ImageUncrop,
            CreativeFeature::ImageBackgroundGen,
        ])
        .unwrap();
        assert!(n.text.contains("image expansion and generated backgrounds"));
        assert!(n
            .where_it_appears
            .iter()
            .any(|w| w.contains("three-dot menu")));
        assert!(n.where_it_appears.iter().any(|w| w.contains("Sponsored")));
        assert!(n.source_url.contains("generative-ai-features"));
    }
}
