//! Every call Adwright makes is built (not sent) and compared with what the official
//! Python SDK 26.0.3 sent for the same call (tests/fixtures/graph-api/golden, REFERENCE
//! §1.1): method, path, decoded query and body parameters, and, for url-encoded requests,
//! the raw query and body byte for byte.
//!
//! Not compared: crash_report_instruments (SDK telemetry Adwright never sends),
//! upload_ad_image_legacy_remote_create (the SDK's double-file upload) and
//! error_response_sdk_parsing (a served error sample, see error tests).

use std::collections::BTreeMap;

use marketing_api::batch::{batch_call, BatchItem};
use marketing_api::calls::{self, Call};
use marketing_api::types::{
    AdCreate, AdFormat, AdSetCreate, CallToAction, CampaignCreate, CreativeFeature, CreativeRef,
    CreativeSpec, DegreesOfFreedomSpec, ImageUpload, LinkData, ObjectStorySpec, Status,
};
use marketing_api::{AccessToken, AppSecret, Client, Config};
use serde_json::{json, Value};

const GOLDEN: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../tests/fixtures/graph-api/golden"
);
const ACCOUNT: &str = "act_1234567890";

fn golden(name: &str) -> Value {
    let text = std::fs::read_to_string(format!("{GOLDEN}/{name}.json"))
        .unwrap_or_else(|e| panic!("{name}: {e}"));
    serde_json::from_str(&text).unwrap()
}

fn test_png() -> Vec<u8> {
    std::fs::read(format!("{GOLDEN}/test.png")).unwrap()
}

fn client() -> Client {
    Client::new(Config::default(), AccessToken::new("TEST_TOKEN")).unwrap()
}

fn decode(s: &str) -> BTreeMap<String, String> {
    url::form_urlencoded::parse(s.as_bytes())
        .into_owned()
        .collect()
}

fn str_map(v: &Value) -> BTreeMap<String, String> {
    v.as_object()
        .unwrap()
        .iter()
        .map(|(k, v)| (k.clone(), v.as_str().unwrap().to_owned()))
        .collect()
}

/// A multipart part: (name, filename, content).
type Part = (String, Option<String>, Vec<u8>);

fn multipart_parts(content_type: &str, body: &[u8]) -> Vec<Part> {
    let boundary = content_type
        .split("boundary=")
        .nth(1)
        .expect("boundary")
        .to_owned();
    let delim = format!("--{boundary}");
    let text = body;
    let mut parts = Vec::new();
    let positions: Vec<usize> = text
        .windows(delim.len())
        .enumerate()
        .filter(|(_, w)| *w == delim.as_bytes())
        .map(|(i, _)| i)
        .collect();
    for pair in positions.windows(2) {
        let chunk = &text[pair[0] + delim.len() + 2..pair[1] - 2];
        let split = chunk.windows(4).position(|w| w == b"\r\n\r\n").unwrap();
        let head = String::from_utf8(chunk[..split].to_vec()).unwrap();
        assert!(
            !head.to_ascii_lowercase().contains("content-type"),
            "SDK sends no part Content-Type: {head}"
        );
        let attr = |name: &str| {
            head.split(&format!("{name}=\""))
                .nth(1)
                .map(|r| r.split('"').next().unwrap().to_owned())
        };
        parts.push((
            attr(" name").or_else(|| attr("name")).unwrap(),
            attr("filename"),
            chunk[split + 4..].to_vec(),
        ));
    }
    assert!(body.ends_with(format!("{delim}--\r\n").as_bytes()));
    parts
}

/// Compare one built call with one golden capture.
fn check_with<T>(client: &Client, call: &Call<T>, g: &Value) {
    let name = g["call"].as_str().unwrap();
    let req = client.build_request(call).unwrap();
    assert_eq!(req.method().as_str(), g["method"], "{name}: method");
    assert_eq!(req.url().path(), g["path"], "{name}: path");
    let query = req.url().query().unwrap_or_default();
    assert_eq!(decode(query), str_map(&g["query"]), "{name}: query params");
    assert_eq!(query, g["raw_query"], "{name}: raw query");
    assert!(
        req.headers().get("authorization").is_none(),
        "{name}: token only in the query"
    );

    let content_type = req
        .headers()
        .get("content-type")
        .map(|v| v.to_str().unwrap().to_owned())
        .unwrap_or_default();
    let golden_ct = g["content_type"].as_str().unwrap();
    let body = req
        .body()
        .map(|b| b.as_bytes().expect("buffered body").to_vec());
    if golden_ct.starts_with("multipart/form-data") {
        assert!(
            content_type.starts_with("multipart/form-data; boundary="),
            "{name}"
        );
        let parts = multipart_parts(&content_type, body.as_deref().unwrap());
        let files: Vec<&Part> = parts.iter().filter(|p| p.1.is_some()).collect();
        let golden_files = g["files"].as_array().unwrap();
        assert_eq!(files.len(), golden_files.len(), "{name}: file parts");
        for (f, gf) in files.iter().zip(golden_files) {
            assert_eq!(f.0, gf["field"], "{name}: file field");
            assert_eq!(f.1.as_deref().unwrap(), gf["filename"], "{name}: filename");
            assert_eq!(
                f.2.len() as u64,
                gf["size"].as_u64().unwrap(),
                "{name}: size"
            );
            assert_eq!(f.2, test_png(), "{name}: file bytes");
        }
        let text: BTreeMap<String, String> = parts
            .iter()
            .filter(|p| p.1.is_none())
            .map(|p| (p.0.clone(), String::from_utf8(p.2.clone()).unwrap()))
            .collect();
        assert_eq!(text, str_map(&g["form"]), "{name}: text parts");
    } else if golden_ct.is_empty() {
        assert!(body.is_none(), "{name}: GET has no body");
        assert!(content_type.is_empty(), "{name}: no content type");
    } else {
        assert_eq!(content_type, golden_ct, "{name}: content type");
        let body = String::from_utf8(body.unwrap()).unwrap();
        assert_eq!(decode(&body), str_map(&g["form"]), "{name}: form params");
        assert_eq!(body, g["raw_body"], "{name}: raw body");
    }
}

fn check<T>(call: &Call<T>, name: &str) {
    check_with(&client(), call, &golden(name));
}

fn link_story() -> ObjectStorySpec {
    ObjectStorySpec {
        page_id: Some("1111111111".into()),
        link_data: Some(LinkData {
            message: Some("Primary text for the ad".into()),
            link: Some("https://www.example.com/".into()),
            image_hash: Some("ee76702403cd15dbc71587365494cbe5".into()),
            call_to_action: Some(CallToAction {
                kind: "SHOP_NOW".into(),
                value: None,
            }),
            ..LinkData::default()
        }),
        ..ObjectStorySpec::default()
    }
}

fn creative(name: Option<&str>, feature: CreativeFeature) -> CreativeSpec {
    CreativeSpec {
        name: name.map(str::to_owned),
        object_story_spec: Some(link_story()),
        degrees_of_freedom_spec: Some(DegreesOfFreedomSpec::opt_in(&[feature])),
        ..CreativeSpec::default()
    }
}

fn catalog_creative(name: Option<&str>) -> CreativeSpec {
    CreativeSpec {
        name: name.map(str::to_owned),
        product_set_id: Some("6666666666".into()),
        object_story_spec: Some(ObjectStorySpec {
            page_id: Some("1111111111".into()),
            template_data: Some(LinkData {
                message: Some("Shop {{product.name | titleize}} now".into()),
                name: Some("{{product.name | titleize}}".into()),
                description: Some("{{product.current_price}}".into()),
                link: Some("https://www.example.com/".into()),
                call_to_action: Some(CallToAction {
                    kind: "SHOP_NOW".into(),
                    value: None,
                }),
                ..LinkData::default()
            }),
            ..ObjectStorySpec::default()
        }),
        degrees_of_freedom_spec: Some(DegreesOfFreedomSpec::opt_in(&[
            CreativeFeature::ImageBackgroundGen,
        ])),
        ..CreativeSpec::default()
    }
}

#[test]
fn create_creative_text_generation() {
    check(
        &calls::create_ad_creative(
            ACCOUNT,
            &creative(
                Some("Text generation creative"),
                CreativeFeature::TextGeneration,
            ),
        ),
        "create_creative_text_generation",
    );
}

#[test]
fn create_creative_image_uncrop() {
    check(
        &calls::create_ad_creative(
            "1234567890", // account ids are accepted with or without act_
            &creative(
                Some("Image expansion creative"),
                CreativeFeature::ImageUncrop,
            ),
        ),
        "create_creative_image_uncrop",
    );
}

#[test]
fn create_creative_background_gen_catalog() {
    check(
        &calls::create_ad_creative(
            ACCOUNT,
            &catalog_creative(Some("Background generation catalog creative")),
        ),
        "create_creative_background_gen_catalog",
    );
}

#[test]
fn create_ad_inline_creative_text_generation() {
    let ad = AdCreate {
        name: "GenAI Test Ad".into(),
        adset_id: "3333333333".into(),
        creative: CreativeRef::Inline(Box::new(creative(None, CreativeFeature::TextGeneration))),
        status: None,
    };
    check(
        &calls::create_ad(ACCOUNT, &ad),
        "create_ad_inline_creative_text_generation",
    );
}

#[test]
fn create_ad_with_creative_id() {
    let ad = AdCreate {
        name: "GenAI Test Ad 2".into(),
        adset_id: "3333333333".into(),
        creative: CreativeRef::Existing {
            creative_id: "4444444444".into(),
        },
        status: Some(Status::Paused),
    };
    check(
        &calls::create_ad(ACCOUNT, &ad),
        "create_ad_with_creative_id",
    );
}

#[test]
fn create_campaign() {
    check(
        &calls::create_campaign(
            ACCOUNT,
            &CampaignCreate::paused("GenAI Test Campaign", "OUTCOME_TRAFFIC"),
        ),
        "create_campaign",
    );
}

#[test]
fn create_adset() {
    let s = AdSetCreate {
        name: "GenAI Test Ad Set".into(),
        campaign_id: "2222222222".into(),
        daily_budget: Some(1000),
        lifetime_budget: None,
        billing_event: "IMPRESSIONS".into(),
        optimization_goal: "LINK_CLICKS".into(),
        bid_strategy: Some("LOWEST_COST_WITHOUT_CAP".into()),
        targeting: json!({"geo_locations": {"countries": ["US"]}, "age_min": 18}),
        promoted_object: None,
        status: Status::Paused,
    };
    check(&calls::create_ad_set(ACCOUNT, &s), "create_adset");
}

#[test]
fn ad_previews_for_every_image_uncrop_format_and_background_gen() {
    for f in AdFormat::IMAGE_UNCROP_FORMATS {
        check(
            &calls::previews("5555555555", &f, Some(&CreativeFeature::ImageUncrop)),
            &format!("ad_previews_image_uncrop_{}", f.as_str()),
        );
    }
    check(
        &calls::previews(
            "5555555555",
            &AdFormat::MobileFeedStandard,
            Some(&CreativeFeature::ImageBackgroundGen),
        ),
        "ad_previews_image_background_gen",
    );
}

#[test]
fn generatepreviews_image_uncrop() {
    check(
        &calls::generate_previews(
            ACCOUNT,
            &creative(None, CreativeFeature::ImageUncrop),
            &AdFormat::InstagramStandard,
            Some(&CreativeFeature::ImageUncrop),
        ),
        "generatepreviews_image_uncrop",
    );
}

#[test]
fn generatepreviews_background_gen_catalog() {
    check(
        &calls::generate_previews(
            ACCOUNT,
            &catalog_creative(None),
            &AdFormat::MobileFeedStandard,
            Some(&CreativeFeature::ImageBackgroundGen),
        ),
        "generatepreviews_background_gen_catalog",
    );
}

#[test]
fn reads() {
    check(
        &calls::read_creative("4444444444", &["asset_feed_spec"]),
        "read_creative_asset_feed_spec",
    );
    check(
        &calls::read_ad("5555555555", &["creative{asset_feed_spec,status}"]),
        "read_ad_creative_expansion",
    );
    check(&calls::me(&["id", "name"]), "me");
    check(&calls::pages(), "me_accounts_pages");
    check(
        &calls::ad_accounts(calls::AD_ACCOUNT_FIELDS, None),
        "me_adaccounts",
    );
    check(
        &calls::debug_token(&AccessToken::new("TEST_TOKEN")),
        "debug_token",
    );
}

#[test]
fn paging_reissues_with_after() {
    let pages = golden("me_adaccounts_paging");
    let first = calls::ad_accounts(&["id", "account_id"], Some(1));
    let c = client();
    check_with(&c, &first, &pages[0]);
    // The cursor the first (golden) reply advertised.
    let after = pages[0]["response_served_by_capture_server"]["body"]["paging"]["cursors"]["after"]
        .as_str()
        .unwrap()
        .to_owned();
    check_with(&c, &first.with_after(Some(after)), &pages[1]);
}

#[test]
fn update_ad_status_active() {
    check(
        &calls::update_status("5555555555", &Status::Active),
        "update_ad_status_active",
    );
}

#[test]
fn upload_ad_image_bytes_and_filename() {
    check(
        &calls::upload_image(ACCOUNT, &ImageUpload::Bytes(test_png())),
        "upload_ad_image_bytes",
    );
    check(
        &calls::upload_image(
            ACCOUNT,
            &ImageUpload::File {
                file_name: "test.png".into(),
                bytes: test_png(),
            },
        ),
        "upload_ad_image_filename",
    );
}

#[test]
fn me_with_appsecret_proof() {
    let c = Client::new(
        Config::default().with_app_secret(AppSecret::new("TEST_APP_SECRET")),
        AccessToken::new("TEST_TOKEN"),
    )
    .unwrap();
    check_with(&c, &calls::me(&["id"]), &golden("me_with_appsecret_proof"));
}

#[test]
fn batch_request() {
    let items = [
        BatchItem::from(&calls::create_ad_creative(
            ACCOUNT,
            &creative(Some("Batched creative"), CreativeFeature::TextGeneration),
        )),
        BatchItem::from(&calls::update_status("5555555555", &Status::Active)),
        BatchItem::from(&calls::read_creative("4444444444", &["asset_feed_spec"])),
    ];
    check(&batch_call(&items), "batch_request");
}

#[test]
fn version_and_base_url_are_configuration() {
    let c = Client::new(
        Config::sandbox("http://127.0.0.1:4010")
            .unwrap()
            .with_api_version("v25.0")
            .unwrap(),
        AccessToken::new("T"),
    )
    .unwrap();
    let req = c.build_request(&calls::me(&["id"])).unwrap();
    assert_eq!(
        req.url().as_str(),
        "http://127.0.0.1:4010/v25.0/me/?access_token=T&fields=id"
    );
}
