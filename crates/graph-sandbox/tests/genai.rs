//! Generative behaviour: text variations with the reviewer cases, silent drops of ineligible
//! opt-ins, transformation previews pending → eligible, ineligible placements, real pixels.

mod common;

use common::{answer, client, get, opt_in, post, story};
use serde_json::Value;

async fn create_creative(
    sb: &graph_sandbox::RunningSandbox,
    account: &str,
    image: &str,
    message: &str,
    feature: &str,
) -> String {
    let r = post(
        sb,
        &format!("{account}/adcreatives"),
        &[
            ("name", "test"),
            (
                "object_story_spec",
                &story(&sb.seed.page_id, image, message),
            ),
            ("degrees_of_freedom_spec", &opt_in(feature)),
        ],
    )
    .await;
    r.expect_ok()["id"].as_str().unwrap().to_string()
}

fn bodies(v: &Value) -> Vec<String> {
    v["asset_feed_spec"]["bodies"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| b["text"].as_str().unwrap().to_string())
        .collect()
}

#[tokio::test]
async fn text_generation_includes_claim_and_script_cases_for_some_inputs() {
    let sb = common::start().await;
    let account = sb.seed.ad_account_id.clone();
    // Six words, no claim of its own: one rewrite adds a claim, another carries <script>.
    let message = "Fresh sourdough baked every morning here";
    let id = create_creative(
        &sb,
        &account,
        &sb.seed.square_image_hash,
        message,
        "text_generation",
    )
    .await;
    let read = get(&sb, &id, &[("fields", "asset_feed_spec")]).await;
    let texts = bodies(read.expect_ok());
    assert_eq!(texts.len(), 5);
    assert_eq!(texts[0], message);
    assert!(texts[1..].iter().any(|t| t.contains('$')
        || t.contains('%')
        || t.to_lowercase().contains("best")
        || t.to_lowercase().contains("guaranteed")));
    assert!(texts[1..].iter().any(|t| t.contains("<script>")));
    // Five words: neither case.
    let id = create_creative(
        &sb,
        &account,
        &sb.seed.square_image_hash,
        "Fresh sourdough baked every morning",
        "text_generation",
    )
    .await;
    let texts = bodies(
        get(&sb, &id, &[("fields", "asset_feed_spec")])
            .await
            .expect_ok(),
    );
    assert!(!texts
        .iter()
        .any(|t| t.contains("<script>") || t.contains('%') || t.contains('$')));
}

#[tokio::test]
async fn ineligible_opt_ins_are_dropped_silently_and_read_back_opt_out() {
    let sb = common::start().await;
    let seed = sb.seed.clone();
    // Account not offered generative features.
    let id = create_creative(
        &sb,
        &seed.ineligible_ad_account_id,
        &seed.square_image_hash,
        "Fresh sourdough baked every morning",
        "text_generation",
    )
    .await;
    let read = get(
        &sb,
        &id,
        &[("fields", "asset_feed_spec,degrees_of_freedom_spec")],
    )
    .await;
    let body = read.expect_ok();
    assert!(body.get("asset_feed_spec").is_none());
    assert_eq!(
        body["degrees_of_freedom_spec"]["creative_features_spec"]["text_generation"]
            ["enroll_status"],
        "OPT_OUT"
    );
    // Image too small for expansion.
    let id = create_creative(
        &sb,
        &seed.ad_account_id,
        &seed.small_image_hash,
        "Fresh sourdough baked every morning",
        "image_uncrop",
    )
    .await;
    let read = get(&sb, &id, &[("fields", "degrees_of_freedom_spec")]).await;
    assert_eq!(
        read.expect_ok()["degrees_of_freedom_spec"]["creative_features_spec"]["image_uncrop"]
            ["enroll_status"],
        "OPT_OUT"
    );
    let previews = get(
        &sb,
        &format!("{id}/previews"),
        &[
            ("ad_format", "INSTAGRAM_STORY"),
            ("creative_feature", "image_uncrop"),
        ],
    )
    .await;
    assert!(previews.expect_ok()["data"][0]
        .get("transformation_spec")
        .is_none());
}

#[tokio::test]
async fn ad_opting_in_through_ads_starts_paused_even_when_asked_active() {
    let sb = common::start().await;
    let creative = serde_json::json!({
        "object_story_spec": serde_json::from_str::<Value>(&story(&sb.seed.page_id, &sb.seed.square_image_hash, "Fresh sourdough baked every morning")).unwrap(),
        "degrees_of_freedom_spec": serde_json::from_str::<Value>(&opt_in("text_generation")).unwrap(),
    });
    let r = post(
        &sb,
        &format!("{}/ads", sb.seed.ad_account_id),
        &[
            ("name", "Ad"),
            ("adset_id", &sb.seed.adset_id),
            ("creative", &creative.to_string()),
            ("status", "ACTIVE"),
        ],
    )
    .await;
    let id = r.expect_ok()["id"].as_str().unwrap().to_string();
    let read = get(
        &sb,
        &id,
        &[(
            "fields",
            "status,effective_status,creative{asset_feed_spec}",
        )],
    )
    .await;
    assert_eq!(read.expect_ok()["status"], "PAUSED");
    assert_eq!(bodies(&read.body["creative"]).len(), 5);
}

#[tokio::test]
async fn uncrop_previews_go_pending_then_eligible_with_real_expanded_pixels() {
    let sb = common::start().await;
    let id = create_creative(
        &sb,
        &sb.seed.ad_account_id,
        &sb.seed.square_image_hash,
        "Sunset picnic baskets",
        "image_uncrop",
    )
    .await;
    let query = [
        ("ad_format", "INSTAGRAM_STORY"),
        ("creative_feature", "image_uncrop"),
    ];
    let mut statuses = Vec::new();
    let mut last = Value::Null;
    for _ in 0..3 {
        let r = get(&sb, &format!("{id}/previews"), &query).await;
        last = r.expect_ok()["data"][0]["transformation_spec"]["image_uncrop"][0].clone();
        statuses.push(last["status"].as_str().unwrap().to_string());
    }
    assert_eq!(statuses, ["pending", "pending", "eligible"]);
    let html = last["body"].as_str().unwrap();
    let src = html
        .split("src=\"")
        .nth(1)
        .unwrap()
        .split('"')
        .next()
        .unwrap();
    let page = client()
        .get(src)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(page.contains("expanded"), "{page}");
    let img_src = page
        .split("<img alt=\"ad image\" src=\"")
        .nth(1)
        .unwrap()
        .split('"')
        .next()
        .unwrap();
    let png = client()
        .get(img_src)
        .send()
        .await
        .unwrap()
        .bytes()
        .await
        .unwrap();
    let img = image::load_from_memory(&png).unwrap();
    let ratio = f64::from(img.width()) / f64::from(img.height());
    assert!(
        (ratio - 9.0 / 16.0).abs() < 0.01,
        "expanded to the story ratio, got {}x{}",
        img.width(),
        img.height()
    );
}

#[tokio::test]
async fn image_already_at_the_placement_ratio_is_ineligible_there_only() {
    let sb = common::start().await;
    let id = create_creative(
        &sb,
        &sb.seed.ad_account_id,
        &sb.seed.portrait_image_hash,
        "Sunset picnic baskets",
        "image_uncrop",
    )
    .await;
    let feed = get(
        &sb,
        &format!("{id}/previews"),
        &[
            ("ad_format", "MOBILE_FEED_STANDARD"),
            ("creative_feature", "image_uncrop"),
        ],
    )
    .await;
    assert_eq!(
        feed.expect_ok()["data"][0]["transformation_spec"]["image_uncrop"][0]["status"],
        "ineligible"
    );
    let story = get(
        &sb,
        &format!("{id}/previews"),
        &[
            ("ad_format", "INSTAGRAM_REELS"),
            ("creative_feature", "image_uncrop"),
        ],
    )
    .await;
    assert_eq!(
        story.expect_ok()["data"][0]["transformation_spec"]["image_uncrop"][0]["status"],
        "pending"
    );
}

#[tokio::test]
async fn background_generation_cuts_products_onto_new_backgrounds() {
    let sb = common::start().await;
    let template = serde_json::json!({"page_id": sb.seed.page_id, "template_data": {"link": "https://shop.example/", "message": "Shop {{product.name | titleize}} now", "name": "{{product.price}}"}}).to_string();
    let make = |set: String| {
        let template = template.clone();
        let sb = &sb;
        async move {
            let r = post(
                sb,
                &format!("{}/adcreatives", sb.seed.ad_account_id),
                &[
                    ("object_story_spec", &template),
                    ("product_set_id", &set),
                    ("degrees_of_freedom_spec", &opt_in("image_background_gen")),
                ],
            )
            .await;
            r.expect_ok()["id"].as_str().unwrap().to_string()
        }
    };
    let good = make(sb.seed.product_set_id.clone()).await;
    let busy = make(sb.seed.ineligible_product_set_id.clone()).await;
    let query = [
        ("ad_format", "MOBILE_FEED_STANDARD"),
        ("creative_feature", "image_background_gen"),
    ];
    let r = get(&sb, &format!("{busy}/previews"), &query).await;
    assert_eq!(
        r.expect_ok()["data"][0]["transformation_spec"]["image_background_gen"][0]["status"],
        "ineligible"
    );
    // Other placements: no transformation_spec for background generation.
    let r = get(
        &sb,
        &format!("{good}/previews"),
        &[
            ("ad_format", "INSTAGRAM_STORY"),
            ("creative_feature", "image_background_gen"),
        ],
    )
    .await;
    assert!(r.expect_ok()["data"][0]
        .get("transformation_spec")
        .is_none());
    let mut entry = Value::Null;
    for _ in 0..3 {
        entry = get(&sb, &format!("{good}/previews"), &query).await.body["data"][0]
            ["transformation_spec"]["image_background_gen"][0]
            .clone();
    }
    assert_eq!(entry["status"], "eligible");
    let src = entry["body"]
        .as_str()
        .unwrap()
        .split("src=\"")
        .nth(1)
        .unwrap()
        .split('"')
        .next()
        .unwrap()
        .to_string();
    let page = answer(client().get(&src).send().await.unwrap()).await;
    let html = page.body.as_str().unwrap();
    assert!(
        html.contains("Shop Ceramic Breakfast Mug now") || html.contains("Shop Honey Jar now"),
        "{html}"
    );
    let png = client()
        .get(format!("{src}/image.png?i=0"))
        .send()
        .await
        .unwrap()
        .bytes()
        .await
        .unwrap();
    let img = image::load_from_memory(&png).unwrap().to_rgb8();
    // The studio background (near white) is replaced: the corners are generated scenery.
    let corner = img.get_pixel(0, 0);
    assert!(
        corner.0.iter().any(|c| *c < 240),
        "corner {corner:?} still the white studio background"
    );
}

#[tokio::test]
async fn preview_pages_escape_generated_markup() {
    let sb = common::start().await;
    let id = create_creative(
        &sb,
        &sb.seed.ad_account_id,
        &sb.seed.square_image_hash,
        "Handmade ceramic mugs",
        "text_generation",
    )
    .await;
    let r = get(
        &sb,
        &format!("{id}/previews"),
        &[("ad_format", "DESKTOP_FEED_STANDARD")],
    )
    .await;
    let html = r.expect_ok()["data"][0]["body"]
        .as_str()
        .unwrap()
        .to_string();
    let src = html
        .split("src=\"")
        .nth(1)
        .unwrap()
        .split('"')
        .next()
        .unwrap();
    let page = client()
        .get(src)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        page.contains("&lt;script&gt;"),
        "the script variant is shown as text"
    );
    assert!(!page.contains("<script>"));
}
