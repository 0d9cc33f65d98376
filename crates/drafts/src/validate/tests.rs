use super::*;
use crate::model::{CallToActionType, CatalogFeatures, LinkFeatures, TemplateData};

fn image(w: u32, h: u32) -> ImageRef {
    ImageRef {
        md5: "0123456789abcdef0123456789abcdef".into(),
        format: ImageFormat::Jpeg,
        width: w,
        height: h,
    }
}

fn link_ad() -> LinkAd {
    LinkAd {
        page_id: "1234567890".into(),
        link: "https://shop.example.com/spring".into(),
        message: "Spring sale on all bikes.".into(),
        name: "Bikes 20% off".into(),
        description: "This week only".into(),
        call_to_action: CallToActionType::ShopNow,
        image: Some(image(1080, 1080)),
        features: LinkFeatures::default(),
    }
}

fn catalog_ad() -> CatalogAd {
    CatalogAd {
        page_id: "1234567890".into(),
        product_set_id: "998877".into(),
        template_data: TemplateData {
            message: "Still thinking about {{product.name}}?".into(),
            name: "{{product.name | titleize}}".into(),
            description: "{{product.current_price strip_zeros}}".into(),
            link: "https://shop.example.com/p/{{product.retailer_id}}".into(),
        },
        call_to_action: CallToActionType::ShopNow,
        features: CatalogFeatures::default(),
    }
}

fn body(content: AdContent) -> DraftBody {
    DraftBody {
        ad_account_id: "act_42".into(),
        content,
        destination: Destination::StandaloneCreative,
        notices: vec![],
    }
}

fn issues_at<'a>(issues: &'a [Issue], path: &str) -> Vec<&'a Issue> {
    issues.iter().filter(|i| i.path == path).collect()
}

fn only(issues: &[Issue], path: &str) -> Issue {
    let at = issues_at(issues, path);
    assert_eq!(at.len(), 1, "expected one issue at {path}, got {issues:#?}");
    at[0].clone()
}

#[test]
fn complete_link_and_catalog_ads_have_no_issues() {
    assert_eq!(validate(&body(AdContent::Link(link_ad()))), vec![]);
    assert_eq!(validate(&body(AdContent::Catalog(catalog_ad()))), vec![]);
}

#[test]
fn text_generation_requires_primary_text() {
    let mut ad = link_ad();
    ad.message = "   ".into();
    assert!(issues_at(
        &validate(&body(AdContent::Link(ad.clone()))),
        "content.message"
    )
    .is_empty());
    ad.features.text_generation = true;
    let issues = validate(&body(AdContent::Link(ad)));
    let issue = only(&issues, "content.message");
    assert_eq!(issue.severity, Severity::Error);
    assert_eq!(issue.code, IssueCode::Required);
    assert!(issue.message.contains("Primary text") && issue.message.contains("text generation"));
    assert!(!is_publishable(&issues));
}

#[test]
fn image_expansion_requires_an_image() {
    let mut ad = link_ad();
    ad.image = None;
    let warn = only(
        &validate(&body(AdContent::Link(ad.clone()))),
        "content.image",
    );
    assert_eq!(warn.severity, Severity::Warning);
    ad.features.image_uncrop = true;
    let err = only(&validate(&body(AdContent::Link(ad))), "content.image");
    assert_eq!(err.severity, Severity::Error);
    assert!(err.message.contains("image expansion"));
}

#[test]
fn background_generation_requires_product_set_and_template_data() {
    let mut ad = catalog_ad();
    ad.features.image_background_gen = true;
    ad.product_set_id.clear();
    ad.template_data.message.clear();
    ad.template_data.name.clear();
    ad.template_data.description.clear();
    let issues = validate(&body(AdContent::Catalog(ad.clone())));
    let ps = only(&issues, "content.product_set_id");
    assert_eq!(ps.severity, Severity::Error);
    assert!(ps.message.contains("background generation"));
    let td = only(&issues, "content.template_data");
    assert_eq!(td.severity, Severity::Error);
    assert!(td.message.contains("Template data"));

    // Without the feature, template text may be empty; the product set is still required.
    ad.features.image_background_gen = false;
    let issues = validate(&body(AdContent::Catalog(ad)));
    assert!(issues_at(&issues, "content.template_data").is_empty());
    assert_eq!(
        only(&issues, "content.product_set_id").code,
        IssueCode::Required
    );
}

#[test]
fn links_must_be_http_or_https_with_a_domain() {
    let cases = [
        ("", Some((Severity::Error, IssueCode::Required))),
        (
            "shop.example.com",
            Some((Severity::Error, IssueCode::InvalidLink)),
        ),
        (
            "ftp://shop.example.com/x",
            Some((Severity::Error, IssueCode::InvalidLink)),
        ),
        (
            "javascript:alert(1)",
            Some((Severity::Error, IssueCode::InvalidLink)),
        ),
        (
            "https://localhost/x",
            Some((Severity::Error, IssueCode::InvalidLink)),
        ),
        (
            "https://exa mple.com",
            Some((Severity::Error, IssueCode::InvalidLink)),
        ),
        (
            "http://shop.example.com",
            Some((Severity::Warning, IssueCode::InsecureLink)),
        ),
        ("https://shop.example.com/a?b=c#d", None),
        ("https://xn--bcher-kva.example/", None),
    ];
    for (link, expected) in cases {
        let mut ad = link_ad();
        ad.link = link.into();
        let issues = validate(&body(AdContent::Link(ad)));
        let got = issues_at(&issues, "content.link")
            .first()
            .map(|i| (i.severity, i.code));
        assert_eq!(got, expected, "link {link:?}: {issues:#?}");
    }
    let mut ad = link_ad();
    ad.link = "shop.example.com".into();
    let msg = only(&validate(&body(AdContent::Link(ad))), "content.link").message;
    assert!(msg.contains("https://shop.example.com"), "{msg}");
}

#[test]
fn text_lengths_warn_past_recommended_and_fail_past_maximum() {
    let check = |field: &str, n: usize| {
        let mut ad = link_ad();
        let text = "é".repeat(n); // multi-byte: lengths are characters, not bytes
        match field {
            "message" => ad.message = text,
            "name" => ad.name = text,
            _ => ad.description = text,
        }
        let issues = validate(&body(AdContent::Link(ad)));
        issues_at(&issues, &format!("content.{field}"))
            .first()
            .map(|i| i.code)
    };
    for (field, rec, max) in [
        ("message", PRIMARY_TEXT_RECOMMENDED, PRIMARY_TEXT_MAX),
        ("name", HEADLINE_RECOMMENDED, HEADLINE_MAX),
        ("description", DESCRIPTION_RECOMMENDED, DESCRIPTION_MAX),
    ] {
        assert_eq!(check(field, rec), None, "{field} at {rec}");
        assert_eq!(
            check(field, rec + 1),
            Some(IssueCode::LongerThanRecommended),
            "{field}"
        );
        assert_eq!(
            check(field, max),
            Some(IssueCode::LongerThanRecommended),
            "{field}"
        );
        assert_eq!(check(field, max + 1), Some(IssueCode::TooLong), "{field}");
    }
    assert_eq!(PRIMARY_TEXT_RECOMMENDED, 125);
    assert_eq!(HEADLINE_RECOMMENDED, 40);
}

#[test]
fn template_tags_are_parsed_with_pipes_and_options() {
    let tags =
        parse_tags("A {{product.name | titleize}} for {{ product.current_price strip_zeros }}!")
            .unwrap();
    assert_eq!(tags.len(), 2);
    assert_eq!(tags[0].field, "name");
    assert_eq!(tags[0].modifiers, vec!["titleize"]);
    assert_eq!(tags[1].field, "current_price");
    assert_eq!(tags[1].modifiers, vec!["strip_zeros"]);
    assert_eq!(
        &"A {{product.name | titleize}}"[tags[0].start..tags[0].end],
        "{{product.name | titleize}}"
    );
    assert_eq!(parse_tags("no tags at all").unwrap(), vec![]);
}

#[test]
fn template_tag_errors_name_the_field_and_the_fix() {
    let cases = [
        (
            "Buy {{product.name",
            IssueCode::TemplateSyntax,
            "never closed",
        ),
        ("Buy product.name}}", IssueCode::TemplateSyntax, "no {{"),
        (
            "Buy {{product.name {{product.brand}}}}",
            IssueCode::TemplateSyntax,
            "inside a tag",
        ),
        ("Buy {{ }}", IssueCode::TemplateSyntax, "empty tag"),
        (
            "Buy {{name}}",
            IssueCode::UnknownTemplateField,
            "start with product.",
        ),
        (
            "Buy {{product.colour}}",
            IssueCode::UnknownTemplateField,
            "product.colour",
        ),
        (
            "Buy {{product.name | shout}}",
            IssueCode::UnknownTemplateModifier,
            "shout",
        ),
        (
            "Buy {{product.name |}}",
            IssueCode::UnknownTemplateModifier,
            "modifier",
        ),
        (
            "Buy {{product.price rounded}}",
            IssueCode::UnknownTemplateModifier,
            "rounded",
        ),
    ];
    for (text, code, needle) in cases {
        let mut ad = catalog_ad();
        ad.template_data.name = text.into();
        let issues = validate(&body(AdContent::Catalog(ad)));
        let issue = only(&issues, "content.template_data.name");
        assert_eq!(issue.code, code, "{text}");
        assert_eq!(issue.severity, Severity::Error, "{text}");
        assert!(
            issue.message.starts_with("Template headline"),
            "{}",
            issue.message
        );
        assert!(issue.message.contains(needle), "{text}: {}", issue.message);
    }
}

#[test]
fn template_lengths_count_literal_text_only() {
    let mut ad = catalog_ad();
    // 39 literal characters plus a tag: within the 40 recommended.
    ad.template_data.name = format!("{}{{{{product.name}}}}", "x".repeat(39));
    assert!(issues_at(
        &validate(&body(AdContent::Catalog(ad.clone()))),
        "content.template_data.name"
    )
    .is_empty());
    ad.template_data.name = format!("{}{{{{product.name}}}}", "x".repeat(41));
    let issue = only(
        &validate(&body(AdContent::Catalog(ad))),
        "content.template_data.name",
    );
    assert_eq!(issue.code, IssueCode::LongerThanRecommended);
}

#[test]
fn template_links_may_use_tags_or_be_the_product_url() {
    for (link, ok) in [
        ("{{product.url}}", true),
        ("{{product.url}}?utm_source=meta", true),
        ("https://shop.example.com/p/{{product.retailer_id}}", true),
        ("{{product.name}}", false),
        ("shop.example.com/{{product.retailer_id}}", false),
        ("https://shop.example.com/{{product.nope}}", false),
    ] {
        let mut ad = catalog_ad();
        ad.template_data.link = link.into();
        let issues = validate(&body(AdContent::Catalog(ad)));
        assert_eq!(
            issues_at(&issues, "content.template_data.link").is_empty(),
            ok,
            "{link}: {issues:#?}"
        );
    }
}

#[test]
fn image_format_size_and_aspect_ratio() {
    let with = |img: ImageRef, uncrop: bool| {
        let mut ad = link_ad();
        ad.image = Some(img);
        ad.features.image_uncrop = uncrop;
        validate(&body(AdContent::Link(ad)))
            .into_iter()
            .filter(|i| i.path == "content.image")
            .map(|i| (i.severity, i.code))
            .collect::<Vec<_>>()
    };
    let mut gif = image(1080, 1080);
    gif.format = ImageFormat::Gif;
    assert_eq!(
        with(gif, false),
        vec![(Severity::Error, IssueCode::ImageFormat)]
    );
    let mut png = image(1080, 1080);
    png.format = ImageFormat::Png;
    assert_eq!(with(png, false), vec![]);
    assert_eq!(
        with(image(599, 599), false),
        vec![(Severity::Error, IssueCode::ImageTooSmall)]
    );
    assert_eq!(
        with(image(600, 600), false),
        vec![(Severity::Warning, IssueCode::ImageBelowRecommended)]
    );
    // Feed range 4:5 .. 1.91:1, inclusive, with a little slack.
    assert_eq!(with(image(1080, 1350), false), vec![]);
    assert_eq!(with(image(2063, 1080), false), vec![]);
    assert_eq!(with(image(1080, 1351), false), vec![]);
    assert_eq!(
        with(image(1080, 1920), false),
        vec![(Severity::Warning, IssueCode::AspectRatio)]
    );
    assert_eq!(
        with(image(3000, 1080), false),
        vec![(Severity::Warning, IssueCode::AspectRatio)]
    );
    // Image expansion fills other ratios, so no crop warning then.
    assert_eq!(with(image(1080, 1920), true), vec![]);
}

#[test]
fn ids_and_destinations() {
    let mut b = body(AdContent::Link(link_ad()));
    b.ad_account_id = "".into();
    assert_eq!(
        only(&validate(&b), "ad_account_id").code,
        IssueCode::Required
    );
    b.ad_account_id = "act_12x".into();
    assert_eq!(
        only(&validate(&b), "ad_account_id").code,
        IssueCode::InvalidId
    );
    b.ad_account_id = "12345".into();
    assert!(issues_at(&validate(&b), "ad_account_id").is_empty());

    b.destination = Destination::ExistingAdSet {
        ad_set_id: "".into(),
    };
    assert_eq!(
        only(&validate(&b), "destination.ad_set_id").code,
        IssueCode::Required
    );
    b.destination = Destination::ExistingAdSet {
        ad_set_id: "777".into(),
    };
    assert_eq!(validate(&b), vec![]);
    b.destination = Destination::NewPausedCampaign {
        campaign_name: "Spring".into(),
        ad_set_name: " ".into(),
    };
    let issues = validate(&b);
    assert_eq!(issues.len(), 1);
    assert_eq!(issues[0].path, "destination.ad_set_name");

    let mut ad = link_ad();
    ad.page_id = "my page".into();
    assert_eq!(
        only(&validate(&body(AdContent::Link(ad))), "content.page_id").code,
        IssueCode::InvalidId
    );
}

#[test]
fn migration_notice_is_a_warning_that_does_not_block() {
    let mut b = body(AdContent::Link(link_ad()));
    b.notices = vec![DraftNotice::EnhancementsBundleReplaced];
    let issues = validate(&b);
    assert_eq!(only(&issues, "notices").code, IssueCode::MigrationNotice);
    assert!(is_publishable(&issues));
}

#[test]
fn retired_standard_enhancements_is_refused_on_input() {
    let good = serde_json::to_value(body(AdContent::Link(link_ad()))).unwrap();
    assert!(parse_body(&good.to_string()).is_ok());

    let mut bad = good.clone();
    bad["content"]["features"]["standard_enhancements"] = serde_json::json!(true);
    assert!(matches!(
        parse_body(&bad.to_string()),
        Err(DraftsError::RetiredFeature)
    ));
    // Deserializing directly (as Tauri does for command arguments) refuses it too.
    assert!(serde_json::from_value::<DraftBody>(bad).is_err());

    let mut nested = good;
    nested["content"]["features"]["creative_features_spec"] =
        serde_json::json!({"standard_enhancements": {"enroll_status": "OPT_IN"}});
    assert!(matches!(
        parse_body(&nested.to_string()),
        Err(DraftsError::RetiredFeature)
    ));
}

#[test]
fn body_json_round_trips_with_api_field_names() {
    let b = body(AdContent::Catalog(catalog_ad()));
    let v = serde_json::to_value(&b).unwrap();
    assert_eq!(v["content"]["kind"], "catalog");
    assert_eq!(
        v["content"]["template_data"]["name"],
        "{{product.name | titleize}}"
    );
    assert_eq!(v["content"]["call_to_action"], "SHOP_NOW");
    assert_eq!(v["destination"]["type"], "standalone_creative");
    assert_eq!(serde_json::from_value::<DraftBody>(v).unwrap(), b);
}
