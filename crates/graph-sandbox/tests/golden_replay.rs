//! Replays every request the official Python SDK sent (tests/fixtures/graph-api/golden) against
//! the sandbox: placeholder ids mapped onto the seed, created ids chained into later requests,
//! each reply checked against the documented shape (REFERENCE §2, §4). Replies come from the
//! sandbox's state; the captures' synthetic responses are never used.

mod common;

use std::collections::BTreeSet;

use common::{answer, client, Answer, GOLDEN_DIR};
use graph_sandbox::RunningSandbox;
use serde_json::Value;

/// Placeholder → real value, updated as objects are created.
struct Ids(Vec<(String, String)>);

impl Ids {
    fn set(&mut self, placeholder: &str, value: &str) {
        self.0.retain(|(p, _)| p != placeholder);
        self.0.push((placeholder.to_string(), value.to_string()));
    }

    fn apply(&self, text: &str) -> String {
        self.0
            .iter()
            .fold(text.to_string(), |t, (p, v)| t.replace(p, v))
    }
}

fn load(name: &str) -> Value {
    let text =
        std::fs::read_to_string(format!("{GOLDEN_DIR}/{name}.json")).expect("golden file exists");
    serde_json::from_str(&text).expect("golden file is JSON")
}

async fn replay(sb: &RunningSandbox, ids: &Ids, capture: &Value) -> Answer {
    let method = capture["method"].as_str().unwrap();
    let path = ids.apply(capture["path"].as_str().unwrap());
    let query = ids.apply(capture["raw_query"].as_str().unwrap());
    let url = if query.is_empty() {
        format!("{}{path}", sb.base_url)
    } else {
        format!("{}{path}?{query}", sb.base_url)
    };
    let mut request = client().request(method.parse().unwrap(), url);
    if let Some(ua) = capture["headers"]["User-Agent"].as_str() {
        request = request.header("User-Agent", ua);
    }
    let files = capture["files"].as_array().cloned().unwrap_or_default();
    if !files.is_empty() {
        let png = std::fs::read(format!("{GOLDEN_DIR}/test.png")).unwrap();
        let mut form = reqwest::multipart::Form::new();
        for f in files {
            let part = reqwest::multipart::Part::bytes(png.clone())
                .file_name(f["filename"].as_str().unwrap().to_string());
            form = form.part(f["field"].as_str().unwrap().to_string(), part);
        }
        request = request.multipart(form);
    } else if let Some(raw) = capture["raw_body"].as_str() {
        request = request
            .header("Content-Type", capture["content_type"].as_str().unwrap())
            .body(ids.apply(raw));
    }
    answer(request.send().await.expect("request sent")).await
}

fn assert_iframe(body: &Value) {
    let html = body.as_str().expect("preview body is a string");
    assert!(
        html.starts_with("<iframe src=") && html.ends_with("</iframe>"),
        "{html}"
    );
}

fn assert_paged_list(body: &Value) -> &Vec<Value> {
    assert!(body["paging"].is_object(), "listing has paging: {body}");
    body["data"].as_array().expect("listing has data")
}

#[tokio::test]
async fn every_golden_request_replays_with_the_documented_shape() {
    let sb = common::start().await;
    let seed = &sb.seed;
    let mut ids = Ids(vec![
        ("act_1234567890".into(), seed.ad_account_id.clone()),
        (
            "1234567890".into(),
            seed.ad_account_id.trim_start_matches("act_").into(),
        ),
        ("1111111111".into(), seed.page_id.clone()),
        ("2222222222".into(), seed.campaign_id.clone()),
        ("3333333333".into(), seed.adset_id.clone()),
        ("6666666666".into(), seed.product_set_id.clone()),
        ("7777777777".into(), seed.user_id.clone()),
        ("8888888888".into(), seed.app_id.clone()),
        (
            "dfa41c6fee424751602263f099ca94182eb32d054c416bec62afd39a40486851".into(),
            graph_sandbox::graph::appsecret_proof(&seed.app_secret, &seed.access_token),
        ),
        ("TEST_TOKEN".into(), seed.access_token.clone()),
    ]);
    let mut replayed = BTreeSet::new();
    let mut run = |name: &'static str| {
        replayed.insert(name.to_string());
        load(name)
    };

    // --- identity ---
    let me = replay(&sb, &ids, &run("me")).await;
    assert_eq!(me.expect_ok()["id"], seed.user_id.as_str());
    assert!(me.body["name"].is_string());
    assert!(me.header("x-app-usage").unwrap()["call_count"].is_number());

    let proof = replay(&sb, &ids, &run("me_with_appsecret_proof")).await;
    assert_eq!(proof.expect_ok()["id"], seed.user_id.as_str());

    let debug = replay(&sb, &ids, &run("debug_token")).await;
    let data = &debug.expect_ok()["data"];
    assert_eq!(data["is_valid"], true);
    assert_eq!(data["app_id"], seed.app_id.as_str());
    assert_eq!(data["user_id"], seed.user_id.as_str());
    assert_eq!(data["type"], "USER");
    assert!(data["scopes"]
        .as_array()
        .unwrap()
        .iter()
        .any(|s| s == "ads_management"));

    let accounts = replay(&sb, &ids, &run("me_adaccounts")).await;
    let list = assert_paged_list(accounts.expect_ok());
    assert!(list.len() >= 2);
    for a in list {
        let id = a["id"].as_str().unwrap();
        assert_eq!(id, format!("act_{}", a["account_id"].as_str().unwrap()));
        assert!(
            a["name"].is_string() && a["currency"].is_string() && a["account_status"].is_number()
        );
    }

    // Paging: the SDK re-issues the path with after=<cursors.after> while paging.next exists.
    let pages = run("me_adaccounts_paging");
    let first = replay(&sb, &ids, &pages[0]).await;
    let body = first.expect_ok();
    assert_eq!(assert_paged_list(body).len(), 1);
    let next = body["paging"]["next"]
        .as_str()
        .expect("first page has next");
    assert!(
        next.starts_with(&sb.base_url) && next.contains(&seed.access_token),
        "next is absolute with token: {next}"
    );
    let after = body["paging"]["cursors"]["after"]
        .as_str()
        .unwrap()
        .to_string();
    let mut second_capture = pages[1].clone();
    let query = second_capture["raw_query"]
        .as_str()
        .unwrap()
        .replace("QVFIUkZAB", &after);
    second_capture["raw_query"] = Value::String(query);
    let second = replay(&sb, &ids, &second_capture).await;
    let second_list = assert_paged_list(second.expect_ok());
    assert_eq!(second_list.len(), 1);
    assert_ne!(second_list[0]["id"], body["data"][0]["id"]);
    assert!(second.body["paging"]["previous"].is_string());

    let me_pages = replay(&sb, &ids, &run("me_accounts_pages")).await;
    let pages_list = assert_paged_list(me_pages.expect_ok());
    assert!(pages_list.iter().any(|p| p["id"] == seed.page_id.as_str()));
    assert!(pages_list
        .iter()
        .all(|p| p["access_token"].is_string() && p["tasks"].is_array()));

    // The SDK's error parsing capture: replayed with a token whose session was invalidated.
    let mut error_ids = Ids(ids.0.clone());
    error_ids.set("TEST_TOKEN", &seed.password_changed_access_token);
    let err = replay(&sb, &error_ids, &run("error_response_sdk_parsing")).await;
    let error = err.expect_error(190);
    assert_eq!(error["error_subcode"], 460);
    assert_eq!(error["type"], "OAuthException");
    assert!(error["error_user_title"].is_string() && error["error_user_msg"].is_string());

    // --- images: hash is the MD5 of the bytes, reply keyed by file name or `bytes` ---
    const TEST_PNG_MD5: &str = "ee76702403cd15dbc71587365494cbe5";
    for (name, key) in [
        ("upload_ad_image_filename", "test.png"),
        ("upload_ad_image_bytes", "bytes"),
        ("upload_ad_image_legacy_remote_create", "test.png"),
    ] {
        let up = replay(&sb, &ids, &run(name)).await;
        let image = &up.expect_ok()["images"][key];
        assert_eq!(image["hash"], TEST_PNG_MD5, "{name}: {}", up.body);
        assert!(image["url"].as_str().unwrap().starts_with("http"));
        assert!(
            up.header("x-ad-account-usage").is_some(),
            "{name} carries X-Ad-Account-Usage"
        );
        assert!(up.header("x-business-use-case-usage").is_some());
    }

    // --- campaign and ad set, chained ---
    let campaign = replay(&sb, &ids, &run("create_campaign")).await;
    let campaign_id = campaign.expect_ok()["id"].as_str().unwrap().to_string();
    ids.set("2222222222", &campaign_id);
    let adset = replay(&sb, &ids, &run("create_adset")).await;
    let adset_id = adset.expect_ok()["id"].as_str().unwrap().to_string();
    ids.set("3333333333", &adset_id);

    // --- text generation ---
    let creative = replay(&sb, &ids, &run("create_creative_text_generation")).await;
    let creative_id = creative.expect_ok()["id"].as_str().unwrap().to_string();
    ids.set("4444444444", &creative_id);
    let feed = replay(&sb, &ids, &run("read_creative_asset_feed_spec")).await;
    let body = feed.expect_ok();
    assert_eq!(body["id"], creative_id.as_str());
    let bodies = body["asset_feed_spec"]["bodies"].as_array().unwrap();
    assert_eq!(bodies.len(), 5);
    assert_eq!(bodies[0]["text"], "Primary text for the ad");
    assert_eq!(
        body["asset_feed_spec"]["optimization_type"],
        "DEGREES_OF_FREEDOM"
    );

    let ad = replay(&sb, &ids, &run("create_ad_inline_creative_text_generation")).await;
    let ad_id = ad.expect_ok()["id"].as_str().unwrap().to_string();
    ids.set("5555555555", &ad_id);
    let status = common::get(&sb, &ad_id, &[("fields", "status")]).await;
    assert_eq!(
        status.expect_ok()["status"],
        "PAUSED",
        "opt-in through /ads starts PAUSED"
    );
    let expanded = replay(&sb, &ids, &run("read_ad_creative_expansion")).await;
    let body = expanded.expect_ok();
    assert_eq!(body["id"], ad_id.as_str());
    assert_eq!(body["creative"]["status"], "ACTIVE");
    assert!(body["creative"]["id"].is_string());
    assert_eq!(
        body["creative"]["asset_feed_spec"]["bodies"]
            .as_array()
            .unwrap()
            .len(),
        5
    );
    let activate = replay(&sb, &ids, &run("update_ad_status_active")).await;
    assert_eq!(activate.expect_ok()["success"], true);
    let status = common::get(&sb, &ad_id, &[("fields", "status")]).await;
    assert_eq!(status.expect_ok()["status"], "ACTIVE");

    // --- batch: per-item results in order ---
    let batch = replay(&sb, &ids, &run("batch_request")).await;
    let items = batch
        .expect_ok()
        .as_array()
        .expect("batch reply is an array");
    assert_eq!(items.len(), 3);
    let parsed: Vec<Value> = items
        .iter()
        .map(|i| {
            assert_eq!(i["code"], 200, "{i}");
            assert!(i["headers"].is_array());
            serde_json::from_str(i["body"].as_str().unwrap()).unwrap()
        })
        .collect();
    assert!(parsed[0]["id"].is_string());
    assert_eq!(parsed[1]["success"], true);
    assert_eq!(
        parsed[2]["asset_feed_spec"]["bodies"]
            .as_array()
            .unwrap()
            .len(),
        5
    );

    // --- image expansion: test.png is 1x1, below the size rule, so the opt-in is dropped ---
    let uncrop = replay(&sb, &ids, &run("create_creative_image_uncrop")).await;
    let uncrop_id = uncrop.expect_ok()["id"].as_str().unwrap().to_string();
    let read = common::get(&sb, &uncrop_id, &[("fields", "degrees_of_freedom_spec")]).await;
    assert_eq!(
        read.expect_ok()["degrees_of_freedom_spec"]["creative_features_spec"]["image_uncrop"]
            ["enroll_status"],
        "OPT_OUT"
    );
    let gen = replay(&sb, &ids, &run("generatepreviews_image_uncrop")).await;
    let data = gen.expect_ok()["data"].as_array().unwrap();
    assert_eq!(data.len(), 1);
    assert_iframe(&data[0]["body"]);
    assert!(
        data[0].get("transformation_spec").is_none(),
        "ineligible creative: no transformation_spec"
    );
    for format in [
        "FACEBOOK_REELS_MOBILE",
        "INSTAGRAM_REELS",
        "INSTAGRAM_STANDARD",
        "INSTAGRAM_STORY",
        "MOBILE_FEED_STANDARD",
    ] {
        let name: &'static str =
            Box::leak(format!("ad_previews_image_uncrop_{format}").into_boxed_str());
        let previews = replay(&sb, &ids, &run(name)).await;
        let data = previews.expect_ok()["data"].as_array().unwrap();
        assert_iframe(&data[0]["body"]);
        // This ad's creative opted into text generation only.
        assert!(data[0].get("transformation_spec").is_none());
    }

    // --- background generation on the catalog, then an ad from that creative id ---
    let bg = replay(&sb, &ids, &run("create_creative_background_gen_catalog")).await;
    let bg_id = bg.expect_ok()["id"].as_str().unwrap().to_string();
    ids.set("4444444444", &bg_id);
    let ad2 = replay(&sb, &ids, &run("create_ad_with_creative_id")).await;
    let ad2_id = ad2.expect_ok()["id"].as_str().unwrap().to_string();
    ids.set("5555555555", &ad2_id);
    let read = common::get(&sb, &ad2_id, &[("fields", "creative{id},status")]).await;
    assert_eq!(read.expect_ok()["creative"]["id"], bg_id.as_str());
    assert_eq!(read.body["status"], "PAUSED");

    let gen = replay(&sb, &ids, &run("generatepreviews_background_gen_catalog")).await;
    let entry = &gen.expect_ok()["data"][0]["transformation_spec"]["image_background_gen"][0];
    assert_iframe(&entry["body"]);
    assert!(
        ["pending", "eligible"].contains(&entry["status"].as_str().unwrap()),
        "{entry}"
    );
    let previews = replay(&sb, &ids, &run("ad_previews_image_background_gen")).await;
    let item = &previews.expect_ok()["data"][0];
    assert_iframe(&item["body"]);
    let entry = &item["transformation_spec"]["image_background_gen"][0];
    assert_iframe(&entry["body"]);
    assert_eq!(
        entry["status"], "pending",
        "first poll of a fresh creative is pending"
    );

    // --- the SDK's crash report carries no token and is tolerated ---
    let crash = replay(&sb, &ids, &run("crash_report_instruments")).await;
    assert_eq!(crash.expect_ok()["success"], true);

    // Every capture in the folder was replayed.
    let on_disk: BTreeSet<String> = std::fs::read_dir(GOLDEN_DIR)
        .unwrap()
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .filter_map(|n| n.strip_suffix(".json").map(str::to_string))
        .collect();
    assert_eq!(replayed, on_disk);
    sb.shutdown().await;
}
