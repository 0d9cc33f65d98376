//! One test per rejection rule: Graph's error shape, code, subcode and blamed field.

mod common;

use common::{answer, client, get, opt_in, post, story};
use serde_json::json;

fn blamed(error: &serde_json::Value) -> Vec<String> {
    error["error_data"]["blame_field_specs"][0]
        .as_array()
        .map(|a| a.iter().map(|v| v.as_str().unwrap().to_string()).collect())
        .unwrap_or_default()
}

#[tokio::test]
async fn missing_token_is_104_and_2500_on_me() {
    let sb = common::start().await;
    let account = answer(
        client()
            .get(format!("{}/v25.0/{}", sb.base_url, sb.seed.ad_account_id))
            .send()
            .await
            .unwrap(),
    )
    .await;
    account.expect_error(104);
    let me = answer(
        client()
            .get(format!("{}/v25.0/me", sb.base_url))
            .send()
            .await
            .unwrap(),
    )
    .await;
    me.expect_error(2500);
}

#[tokio::test]
async fn bad_tokens_are_190_with_subcodes() {
    let sb = common::start().await;
    let url = format!("{}/v25.0/me", sb.base_url);
    let garbage = answer(
        client()
            .get(&url)
            .query(&[("access_token", "not-a-token")])
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert!(garbage.expect_error(190).get("error_subcode").is_none());
    let expired = answer(
        client()
            .get(&url)
            .query(&[("access_token", &sb.seed.expired_access_token)])
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(expired.expect_error(190)["error_subcode"], 463);
    let changed = answer(
        client()
            .get(&url)
            .bearer_auth(&sb.seed.password_changed_access_token)
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(changed.expect_error(190)["error_subcode"], 460);
}

#[tokio::test]
async fn token_accepted_from_bearer_oauth_and_body() {
    let sb = common::start().await;
    let url = format!("{}/v25.0/me", sb.base_url);
    let bearer = answer(
        client()
            .get(&url)
            .bearer_auth(&sb.seed.access_token)
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(bearer.expect_ok()["id"], sb.seed.user_id.as_str());
    let oauth = answer(
        client()
            .get(&url)
            .header("Authorization", format!("OAuth {}", sb.seed.access_token))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(oauth.expect_ok()["id"], sb.seed.user_id.as_str());
    let campaign = answer(
        client()
            .post(format!("{}/v25.0/{}", sb.base_url, sb.seed.campaign_id))
            .form(&[
                ("access_token", sb.seed.access_token.as_str()),
                ("name", "Renamed"),
            ])
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(campaign.expect_ok()["success"], true);
}

#[tokio::test]
async fn wrong_appsecret_proof_is_rejected() {
    let sb = common::start().await;
    get(&sb, "me", &[("appsecret_proof", "00ff")])
        .await
        .expect_error(100);
}

#[tokio::test]
async fn read_only_token_cannot_write() {
    let sb = common::start().await;
    let url = format!("{}/v25.0/{}", sb.base_url, sb.seed.campaign_id);
    let r = answer(
        client()
            .post(url)
            .form(&[
                ("access_token", sb.seed.read_only_access_token.as_str()),
                ("status", "ACTIVE"),
            ])
            .send()
            .await
            .unwrap(),
    )
    .await;
    r.expect_error(200);
}

#[tokio::test]
async fn ads_require_name_even_though_the_genai_samples_omit_it() {
    let sb = common::start().await;
    let creative = json!({"object_story_spec": serde_json::from_str::<serde_json::Value>(&story(&sb.seed.page_id, &sb.seed.square_image_hash, "Fresh bread every morning")).unwrap()}).to_string();
    let r = post(
        &sb,
        &format!("{}/ads", sb.seed.ad_account_id),
        &[("adset_id", &sb.seed.adset_id), ("creative", &creative)],
    )
    .await;
    assert_eq!(blamed(r.expect_error(100)), ["name"]);
}

#[tokio::test]
async fn missing_required_params_name_the_param() {
    let sb = common::start().await;
    let account = &sb.seed.ad_account_id;
    let r = post(
        &sb,
        &format!("{account}/ads"),
        &[("name", "x"), ("adset_id", &sb.seed.adset_id)],
    )
    .await;
    assert_eq!(blamed(r.expect_error(100)), ["creative"]);
    let r = post(
        &sb,
        &format!("{account}/campaigns"),
        &[("name", "c"), ("objective", "OUTCOME_SALES")],
    )
    .await;
    assert_eq!(blamed(r.expect_error(100)), ["special_ad_categories"]);
    let r = post(
        &sb,
        &format!("{account}/adcreatives"),
        &[("name", "no story")],
    )
    .await;
    assert_eq!(blamed(r.expect_error(100)), ["object_story_spec"]);
    let r = get(&sb, &format!("{}/previews", sb.seed.campaign_id), &[]).await;
    r.expect_error(2500);
}

#[tokio::test]
async fn malformed_json_is_100_naming_the_param() {
    let sb = common::start().await;
    let r = post(
        &sb,
        &format!("{}/adcreatives", sb.seed.ad_account_id),
        &[("object_story_spec", "{\"page_id\": ")],
    )
    .await;
    assert_eq!(blamed(r.expect_error(100)), ["object_story_spec"]);
    let body = answer(
        client()
            .post(format!(
                "{}/v25.0/{}/campaigns?access_token={}",
                sb.base_url, sb.seed.ad_account_id, sb.seed.access_token
            ))
            .header("Content-Type", "application/json")
            .body("{not json")
            .send()
            .await
            .unwrap(),
    )
    .await;
    body.expect_error(100);
}

#[tokio::test]
async fn unknown_ad_format_is_100_blaming_ad_format() {
    let sb = common::start().await;
    let r = get(&sb, &format!("{}/generatepreviews", sb.seed.ad_account_id), &[
        ("ad_format", "MOBILE_FEED_SUPREME"),
        ("creative", &json!({"object_story_spec": serde_json::from_str::<serde_json::Value>(&story(&sb.seed.page_id, &sb.seed.square_image_hash, "Fresh bread every morning")).unwrap()}).to_string()),
    ])
    .await;
    let error = r.expect_error(100);
    assert_eq!(blamed(error), ["ad_format"]);
    assert!(error["message"].as_str().unwrap().contains("ad_format"));
}

#[tokio::test]
async fn unknown_status_is_100_blaming_status() {
    let sb = common::start().await;
    let r = post(&sb, &sb.seed.campaign_id, &[("status", "RUNNING")]).await;
    let error = r.expect_error(100);
    assert_eq!(blamed(error), ["status"]);
    assert!(error["message"].as_str().unwrap().contains("status"));
}

#[tokio::test]
async fn unknown_enroll_status_is_100_blaming_the_full_path() {
    let sb = common::start().await;
    let dof = json!({"creative_features_spec": {"text_generation": {"enroll_status": "MAYBE"}}})
        .to_string();
    let r = post(
        &sb,
        &format!("{}/adcreatives", sb.seed.ad_account_id),
        &[
            (
                "object_story_spec",
                &story(
                    &sb.seed.page_id,
                    &sb.seed.square_image_hash,
                    "Fresh bread every morning",
                ),
            ),
            ("degrees_of_freedom_spec", &dof),
        ],
    )
    .await;
    assert_eq!(
        blamed(r.expect_error(100)),
        [
            "degrees_of_freedom_spec",
            "creative_features_spec",
            "text_generation",
            "enroll_status"
        ]
    );
}

#[tokio::test]
async fn text_generation_without_message_is_rejected() {
    let sb = common::start().await;
    let story = json!({"page_id": sb.seed.page_id, "link_data": {"image_hash": sb.seed.square_image_hash, "link": "https://shop.example/"}}).to_string();
    let r = post(
        &sb,
        &format!("{}/adcreatives", sb.seed.ad_account_id),
        &[
            ("object_story_spec", &story),
            ("degrees_of_freedom_spec", &opt_in("text_generation")),
        ],
    )
    .await;
    assert_eq!(
        blamed(r.expect_error(100)),
        ["object_story_spec", "link_data", "message"]
    );
}

#[tokio::test]
async fn background_generation_needs_product_set_and_template_data() {
    let sb = common::start().await;
    let account = format!("{}/adcreatives", sb.seed.ad_account_id);
    let template = json!({"page_id": sb.seed.page_id, "template_data": {"link": "https://shop.example/", "message": "{{product.name}}"}}).to_string();
    let no_set = post(
        &sb,
        &account,
        &[
            ("object_story_spec", &template),
            ("degrees_of_freedom_spec", &opt_in("image_background_gen")),
        ],
    )
    .await;
    assert_eq!(blamed(no_set.expect_error(100)), ["product_set_id"]);
    let link_story = story(
        &sb.seed.page_id,
        &sb.seed.square_image_hash,
        "Fresh bread every morning",
    );
    let no_template = post(
        &sb,
        &account,
        &[
            ("object_story_spec", &link_story),
            ("product_set_id", &sb.seed.product_set_id),
            ("degrees_of_freedom_spec", &opt_in("image_background_gen")),
        ],
    )
    .await;
    assert_eq!(
        blamed(no_template.expect_error(100)),
        ["object_story_spec.template_data"]
    );
}

#[tokio::test]
async fn unknown_image_hash_is_rejected() {
    let sb = common::start().await;
    let r = post(
        &sb,
        &format!("{}/adcreatives", sb.seed.ad_account_id),
        &[(
            "object_story_spec",
            &story(
                &sb.seed.page_id,
                "0123456789abcdef0123456789abcdef",
                "Fresh bread every morning",
            ),
        )],
    )
    .await;
    let error = r.expect_error(100);
    assert_eq!(
        blamed(error),
        ["object_story_spec", "link_data", "image_hash"]
    );
    assert_eq!(error["error_user_title"], "Image Not Found");
}

#[tokio::test]
async fn standard_enhancements_bundle_is_rejected() {
    let sb = common::start().await;
    let r = post(
        &sb,
        &format!("{}/adcreatives", sb.seed.ad_account_id),
        &[
            (
                "object_story_spec",
                &story(
                    &sb.seed.page_id,
                    &sb.seed.square_image_hash,
                    "Fresh bread every morning",
                ),
            ),
            ("degrees_of_freedom_spec", &opt_in("standard_enhancements")),
        ],
    )
    .await;
    let error = r.expect_error(100);
    assert!(blamed(error).contains(&"standard_enhancements".to_string()));
}

#[tokio::test]
async fn batch_over_fifty_is_rejected() {
    let sb = common::start().await;
    let ops: Vec<_> = (0..51)
        .map(|_| json!({"method": "GET", "relative_url": "me"}))
        .collect();
    let r = answer(
        client()
            .post(format!("{}/v25.0/", sb.base_url))
            .form(&[
                ("access_token", sb.seed.access_token.as_str()),
                ("batch", &serde_json::to_string(&ops).unwrap()),
            ])
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(blamed(r.expect_error(100)), ["batch"]);
}

#[tokio::test]
async fn unknown_ids_are_100_subcode_33() {
    let sb = common::start().await;
    let r = get(&sb, "999999999999", &[("fields", "id")]).await;
    assert_eq!(r.expect_error(100)["error_subcode"], 33);
    let r = get(&sb, "act_999/campaigns", &[]).await;
    assert_eq!(r.expect_error(100)["error_subcode"], 33);
}

#[tokio::test]
async fn retired_versions_are_rejected_and_current_ones_served() {
    let sb = common::start().await;
    for version in ["v19.0", "v24.0"] {
        let r = answer(
            client()
                .get(format!("{}/{version}/me", sb.base_url))
                .query(&[("access_token", &sb.seed.access_token)])
                .send()
                .await
                .unwrap(),
        )
        .await;
        r.expect_error(2635);
    }
    for version in ["v25.0", "v26.0", "v27.0"] {
        let r = answer(
            client()
                .get(format!("{}/{version}/me/", sb.base_url))
                .query(&[("access_token", &sb.seed.access_token)])
                .send()
                .await
                .unwrap(),
        )
        .await;
        r.expect_ok();
    }
}

#[tokio::test]
async fn unknown_field_is_rejected() {
    let sb = common::start().await;
    let r = get(&sb, &sb.seed.campaign_id, &[("fields", "id,colour")]).await;
    assert!(r.expect_error(100)["message"]
        .as_str()
        .unwrap()
        .contains("colour"));
}

#[tokio::test]
async fn both_creative_feature_sets_are_accepted_and_others_refused() {
    let sb = common::start().await;
    let creative = json!({"object_story_spec": serde_json::from_str::<serde_json::Value>(&story(&sb.seed.page_id, &sb.seed.square_image_hash, "Fresh bread every morning")).unwrap()}).to_string();
    let path = format!("{}/generatepreviews", sb.seed.ad_account_id);
    for feature in [
        "image_uncrop",
        "image_background_gen",
        "profile_card",
        "image_animation",
        "standard_enhancements_catalog",
    ] {
        get(
            &sb,
            &path,
            &[
                ("ad_format", "MOBILE_FEED_STANDARD"),
                ("creative_feature", feature),
                ("creative", &creative),
            ],
        )
        .await
        .expect_ok();
    }
    let r = get(
        &sb,
        &path,
        &[
            ("ad_format", "MOBILE_FEED_STANDARD"),
            ("creative_feature", "teleport"),
            ("creative", &creative),
        ],
    )
    .await;
    assert_eq!(blamed(r.expect_error(100)), ["creative_feature"]);
}
