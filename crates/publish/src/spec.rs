//! The creative spec a draft becomes. Field names follow the Marketing API one to one (the
//! draft model was shaped after it): `message` is the primary text, `name` the headline.

use drafts::{AdContent, CallToActionType, DraftBody};
use marketing_api::types::{
    CallToAction, CreativeSpec, DegreesOfFreedomSpec, LinkData, ObjectStorySpec,
};
use review::optins::requested_in_draft;

fn text(s: &str) -> Option<String> {
    let s = s.trim();
    (!s.is_empty()).then(|| s.to_owned())
}

fn call_to_action(kind: CallToActionType) -> Option<CallToAction> {
    if kind == CallToActionType::NoButton {
        return None;
    }
    // The enum serializes as Meta's SCREAMING_SNAKE value (`SHOP_NOW`).
    let value = serde_json::to_value(kind).ok()?;
    Some(CallToAction {
        kind: value.as_str()?.to_owned(),
        value: None,
    })
}

/// The creative for `body`, named `name`, with the image Meta knows as `image_hash` (link ads)
/// and the opt-ins the draft asks for (`degrees_of_freedom_spec`), none when it asks for none.
pub fn creative_spec(body: &DraftBody, name: &str, image_hash: Option<&str>) -> CreativeSpec {
    let requested = requested_in_draft(body);
    let degrees_of_freedom_spec =
        (!requested.is_empty()).then(|| DegreesOfFreedomSpec::opt_in(&requested));
    match &body.content {
        AdContent::Link(ad) => CreativeSpec {
            name: Some(name.to_owned()),
            object_story_spec: Some(ObjectStorySpec {
                page_id: text(&ad.page_id),
                link_data: Some(LinkData {
                    message: text(&ad.message),
                    link: text(&ad.link),
                    name: text(&ad.name),
                    description: text(&ad.description),
                    image_hash: image_hash.map(str::to_owned),
                    call_to_action: call_to_action(ad.call_to_action),
                    ..LinkData::default()
                }),
                ..ObjectStorySpec::default()
            }),
            degrees_of_freedom_spec,
            ..CreativeSpec::default()
        },
        AdContent::Catalog(ad) => CreativeSpec {
            name: Some(name.to_owned()),
            product_set_id: text(&ad.product_set_id),
            object_story_spec: Some(ObjectStorySpec {
                page_id: text(&ad.page_id),
                template_data: Some(LinkData {
                    message: text(&ad.template_data.message),
                    link: text(&ad.template_data.link),
                    name: text(&ad.template_data.name),
                    description: text(&ad.template_data.description),
                    call_to_action: call_to_action(ad.call_to_action),
                    ..LinkData::default()
                }),
                ..ObjectStorySpec::default()
            }),
            degrees_of_freedom_spec,
            ..CreativeSpec::default()
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use drafts::{CatalogAd, CatalogFeatures, Destination, LinkAd, LinkFeatures, TemplateData};
    use marketing_api::types::CreativeFeature;
    use serde_json::json;

    fn body(content: AdContent) -> DraftBody {
        DraftBody {
            ad_account_id: "act_1".into(),
            content,
            destination: Destination::StandaloneCreative,
            notices: Vec::new(),
        }
    }

    #[test]
    fn a_link_ad_with_text_generation_and_expansion() {
        let b = body(AdContent::Link(LinkAd {
            page_id: " 42 ".into(),
            link: "https://bakery.example/".into(),
            message: "Fresh bread daily".into(),
            name: "Sourdough".into(),
            description: "".into(),
            call_to_action: CallToActionType::ShopNow,
            image: None,
            features: LinkFeatures {
                text_generation: true,
                image_uncrop: true,
            },
        }));
        let spec = creative_spec(&b, "Spring", Some("abc123"));
        assert_eq!(
            serde_json::to_value(&spec).unwrap(),
            json!({
                "name": "Spring",
                "object_story_spec": {
                    "page_id": "42",
                    "link_data": {
                        "message": "Fresh bread daily",
                        "link": "https://bakery.example/",
                        "name": "Sourdough",
                        "image_hash": "abc123",
                        "call_to_action": {"type": "SHOP_NOW"}
                    }
                },
                "degrees_of_freedom_spec": {"creative_features_spec": {
                    "image_uncrop": {"enroll_status": "OPT_IN"},
                    "text_generation": {"enroll_status": "OPT_IN"}
                }}
            })
        );
        assert_eq!(
            review::optins::requested_in_spec(&spec),
            vec![
                CreativeFeature::TextGeneration,
                CreativeFeature::ImageUncrop
            ]
        );
    }

    #[test]
    fn a_catalog_ad_keeps_its_product_tags_and_no_button_means_none() {
        let b = body(AdContent::Catalog(CatalogAd {
            page_id: "42".into(),
            product_set_id: "77".into(),
            template_data: TemplateData {
                message: "Shop {{product.name | titleize}}".into(),
                name: "{{product.name}}".into(),
                description: String::new(),
                link: "{{product.url}}".into(),
            },
            call_to_action: CallToActionType::NoButton,
            features: CatalogFeatures {
                image_background_gen: true,
            },
        }));
        let v = serde_json::to_value(creative_spec(&b, "Catalog", None)).unwrap();
        assert_eq!(v["product_set_id"], "77");
        assert_eq!(
            v["object_story_spec"]["template_data"],
            json!({"message": "Shop {{product.name | titleize}}", "link": "{{product.url}}",
                   "name": "{{product.name}}"})
        );
        assert_eq!(
            v["degrees_of_freedom_spec"]["creative_features_spec"],
            json!({"image_background_gen": {"enroll_status": "OPT_IN"}})
        );
    }

    #[test]
    fn no_opt_in_sends_no_degrees_of_freedom_spec() {
        let b = body(AdContent::Link(LinkAd {
            page_id: "42".into(),
            ..LinkAd::default()
        }));
        let spec = creative_spec(&b, "Plain", Some("h"));
        assert!(spec.degrees_of_freedom_spec.is_none());
        // LEARN_MORE is the draft's default button.
        assert_eq!(
            spec.object_story_spec
                .unwrap()
                .link_data
                .unwrap()
                .call_to_action
                .unwrap()
                .kind,
            "LEARN_MORE"
        );
    }
}
