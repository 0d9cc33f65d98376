//! Operating conditions and plumbing: faults, usage headers and rate limits, persistence,
//! listings with filtering, JSON bodies as the Node SDK sends them, batch references.

mod common;

use common::{answer, client, get, post};
use graph_sandbox::{Fault, FaultKind, RateLimits, SandboxConfig};
use serde_json::json;

async fn campaign_count(sb: &graph_sandbox::RunningSandbox) -> usize {
    get(
        sb,
        &format!("{}/campaigns", sb.seed.ad_account_id),
        &[("limit", "100")],
    )
    .await
    .body["data"]
        .as_array()
        .unwrap()
        .len()
}

async fn create_campaign(
    sb: &graph_sandbox::RunningSandbox,
) -> Result<common::Answer, reqwest::Error> {
    let url = format!("{}/v25.0/{}/campaigns", sb.base_url, sb.seed.ad_account_id);
    let form = [
        ("access_token", sb.seed.access_token.as_str()),
        ("name", "Fault probe"),
        ("objective", "OUTCOME_TRAFFIC"),
        ("special_ad_categories", "[]"),
        ("status", "PAUSED"),
    ];
    Ok(answer(client().post(url).form(&form).send().await?).await)
}

#[tokio::test]
async fn dropped_connections_before_and_after_the_write() {
    let sb = common::start().await;
    let before = campaign_count(&sb).await;
    sb.faults
        .inject(Fault::new("POST act/campaigns", FaultKind::DropBeforeWrite).times(1));
    assert!(create_campaign(&sb).await.is_err(), "connection dropped");
    assert_eq!(campaign_count(&sb).await, before, "nothing written");
    sb.faults
        .inject(Fault::new("POST act/campaigns", FaultKind::DropAfterWrite).times(1));
    assert!(create_campaign(&sb).await.is_err());
    assert_eq!(
        campaign_count(&sb).await,
        before + 1,
        "written although the reply was lost"
    );
    create_campaign(&sb).await.unwrap().expect_ok();
}

#[tokio::test]
async fn http_500_and_transient_codes_via_control_endpoint() {
    let sb = common::start().await;
    let control = format!("{}/__sandbox/faults", sb.base_url);
    let faults = json!([
        {"endpoint": "GET me", "kind": "http500", "times": 1},
        {"endpoint": "GET me", "kind": "unknown_error", "times": 1},
        {"endpoint": "GET me", "kind": "service_unavailable", "times": 1}
    ]);
    let listed = answer(client().post(&control).json(&faults).send().await.unwrap()).await;
    assert_eq!(listed.expect_ok()["faults"].as_array().unwrap().len(), 3);
    let r = get(&sb, "me", &[]).await;
    assert_eq!(r.status, 500);
    assert!(r.body.is_string(), "a non-Graph body");
    let r = get(&sb, "me", &[]).await;
    assert_eq!(r.expect_error(1)["is_transient"], true);
    let r = get(&sb, "me", &[]).await;
    assert_eq!(r.expect_error(2)["is_transient"], true);
    get(&sb, "me", &[]).await.expect_ok();
    client()
        .post(&control)
        .json(&json!({"endpoint": "*", "kind": "unknown_error"}))
        .send()
        .await
        .unwrap();
    get(&sb, "me", &[]).await.expect_error(1);
    client().delete(&control).send().await.unwrap();
    get(&sb, "me", &[]).await.expect_ok();
}

#[tokio::test]
async fn usage_headers_rise_with_use() {
    let sb = common::start().await;
    let path = format!("{}/campaigns", sb.seed.ad_account_id);
    let first = get(&sb, &path, &[]).await;
    let mut last = first.header("x-ad-account-usage").unwrap()["acc_id_util_pct"]
        .as_f64()
        .unwrap();
    for _ in 0..3 {
        let r = get(&sb, &path, &[]).await;
        let now = r.header("x-ad-account-usage").unwrap()["acc_id_util_pct"]
            .as_f64()
            .unwrap();
        assert!(now >= last);
        last = now;
        let buc = r.header("x-business-use-case-usage").unwrap();
        let account_number = sb.seed.ad_account_id.trim_start_matches("act_");
        assert_eq!(buc[account_number][0]["type"], "ads_management");
        assert!(r.header("x-app-usage").unwrap()["call_count"].is_number());
    }
}

async fn limited(limits: RateLimits) -> graph_sandbox::RunningSandbox {
    common::start_with(SandboxConfig {
        rate_limits: limits,
        ..SandboxConfig::default()
    })
    .await
}

#[tokio::test]
async fn budgets_end_in_4_17_613_80004_with_time_to_regain_access() {
    let account_path =
        |sb: &graph_sandbox::RunningSandbox| format!("{}/campaigns", sb.seed.ad_account_id);
    let cases = [
        (
            RateLimits {
                app_calls: 3,
                ..RateLimits::default()
            },
            4,
        ),
        (
            RateLimits {
                user_calls: 3,
                ..RateLimits::default()
            },
            17,
        ),
        (
            RateLimits {
                account_score: 3,
                ..RateLimits::default()
            },
            613,
        ),
        (
            RateLimits {
                ads_management_calls: 3,
                ..RateLimits::default()
            },
            80004,
        ),
    ];
    for (limits, code) in cases {
        let sb = limited(limits).await;
        for _ in 0..3 {
            get(&sb, &account_path(&sb), &[]).await.expect_ok();
        }
        let r = get(&sb, &account_path(&sb), &[]).await;
        assert_eq!(r.expect_error(code)["is_transient"], true);
        let buc = r
            .header("x-business-use-case-usage")
            .expect("BUC header on the limited reply");
        let account_number = sb.seed.ad_account_id.trim_start_matches("act_");
        let minutes = buc[account_number][0]["estimated_time_to_regain_access"]
            .as_u64()
            .unwrap();
        assert!(minutes >= 1, "code {code}: regain in {minutes} min");
        sb.shutdown().await;
    }
}

#[tokio::test]
async fn state_file_keeps_history_and_only_token_hashes() {
    let dir = std::env::temp_dir().join(format!("graph-sandbox-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("state.json");
    let _ = std::fs::remove_file(&path);
    let config = SandboxConfig {
        state_file: Some(path.clone()),
        ..SandboxConfig::default()
    };
    let sb = common::start_with(config.clone()).await;
    let id = create_campaign(&sb).await.unwrap().expect_ok()["id"]
        .as_str()
        .unwrap()
        .to_string();
    let old_token = sb.seed.access_token.clone();
    let account = sb.seed.ad_account_id.clone();
    sb.shutdown().await;
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(
        !text.contains(&old_token),
        "plaintext token in the state file"
    );

    let again = common::start_with(config).await;
    assert_eq!(again.seed.ad_account_id, account);
    let read = get(&again, &id, &[("fields", "name")]).await;
    assert_eq!(read.expect_ok()["name"], "Fault probe");
    let old = answer(
        client()
            .get(format!("{}/v25.0/me", again.base_url))
            .bearer_auth(&old_token)
            .send()
            .await
            .unwrap(),
    )
    .await;
    old.expect_ok();
    again.shutdown().await;
    let _ = std::fs::remove_dir_all(&dir);
}

#[tokio::test]
async fn listings_filter_on_name_and_page() {
    let sb = common::start().await;
    for name in ["Summer bread", "Winter soup", "Summer cakes"] {
        post(
            &sb,
            &format!("{}/campaigns", sb.seed.ad_account_id),
            &[
                ("name", name),
                ("objective", "OUTCOME_SALES"),
                ("special_ad_categories", "[]"),
            ],
        )
        .await
        .expect_ok();
    }
    let filtering =
        json!([{"field": "name", "operator": "CONTAIN", "value": "summer"}]).to_string();
    let r = get(
        &sb,
        &format!("{}/campaigns", sb.seed.ad_account_id),
        &[
            ("fields", "name,status"),
            ("filtering", &filtering),
            ("limit", "1"),
        ],
    )
    .await;
    let body = r.expect_ok();
    assert_eq!(body["data"].as_array().unwrap().len(), 1);
    assert_eq!(
        body["summary"],
        serde_json::Value::Null,
        "summary only when asked"
    );
    let next = body["paging"]["next"].as_str().unwrap();
    let page2 = answer(client().get(next).send().await.unwrap()).await;
    let names: Vec<_> = [
        &body["data"][0]["name"],
        &page2.expect_ok()["data"][0]["name"],
    ]
    .iter()
    .map(|v| v.as_str().unwrap().to_string())
    .collect();
    assert!(
        names.iter().all(|n| n.starts_with("Summer")) && names[0] != names[1],
        "{names:?}"
    );
    assert!(page2.body["paging"].get("next").is_none());
}

#[tokio::test]
async fn node_sdk_json_bodies_with_extra_id() {
    let sb = common::start().await;
    let url = format!(
        "{}/v25.0/{}/adcreatives?access_token={}",
        sb.base_url, sb.seed.ad_account_id, sb.seed.access_token
    );
    let body = json!({
        "name": "Node creative",
        "object_story_spec": {"page_id": sb.seed.page_id, "link_data": {"message": "Fresh bread every day", "link": "https://shop.example/", "image_hash": sb.seed.square_image_hash}},
        "degrees_of_freedom_spec": {"creative_features_spec": {"text_generation": {"enroll_status": "OPT_IN"}}},
        "id": sb.seed.ad_account_id,
    });
    let r = answer(client().post(url).json(&body).send().await.unwrap()).await;
    let id = r.expect_ok()["id"].as_str().unwrap().to_string();
    let read = get(&sb, &id, &[("fields", "asset_feed_spec")]).await;
    assert_eq!(
        read.expect_ok()["asset_feed_spec"]["bodies"][0]["text"],
        "Fresh bread every day"
    );
}

#[tokio::test]
async fn batch_items_can_reference_earlier_results() {
    let sb = common::start().await;
    let ops = json!([
        {"method": "POST", "name": "c", "relative_url": format!("{}/campaigns", sb.seed.ad_account_id),
         "body": "name=Batched&objective=OUTCOME_TRAFFIC&special_ad_categories=%5B%5D"},
        {"method": "GET", "relative_url": "{result=c:$.id}?fields=name"},
        {"method": "GET", "relative_url": "999999999999"}
    ]);
    let r = post(&sb, "", &[("batch", &ops.to_string())]).await;
    let items = r.expect_ok().as_array().unwrap().clone();
    let read: serde_json::Value = serde_json::from_str(items[1]["body"].as_str().unwrap()).unwrap();
    assert_eq!(read["name"], "Batched");
    assert_eq!(items[2]["code"], 400);
    let err: serde_json::Value = serde_json::from_str(items[2]["body"].as_str().unwrap()).unwrap();
    assert_eq!(err["error"]["error_subcode"], 33);
}

#[tokio::test]
async fn catalogs_and_product_sets_reachable_from_the_account() {
    let sb = common::start().await;
    let account = get(&sb, &sb.seed.ad_account_id, &[("fields", "business")]).await;
    let business = account.expect_ok()["business"]["id"]
        .as_str()
        .unwrap()
        .to_string();
    let catalogs = get(
        &sb,
        &format!("{business}/owned_product_catalogs"),
        &[("fields", "id,name")],
    )
    .await;
    let catalog = catalogs.expect_ok()["data"][0]["id"]
        .as_str()
        .unwrap()
        .to_string();
    let sets = get(
        &sb,
        &format!("{catalog}/product_sets"),
        &[("fields", "id,name,product_count")],
    )
    .await;
    let ids: Vec<_> = sets.expect_ok()["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["id"].as_str().unwrap().to_string())
        .collect();
    assert!(ids.contains(&sb.seed.product_set_id));
    let products = get(
        &sb,
        &format!("{}/products", sb.seed.product_set_id),
        &[("fields", "name,price,image_url")],
    )
    .await;
    let first = &products.expect_ok()["data"][0];
    assert!(first["price"].as_str().unwrap().starts_with('$'));
    let png = client()
        .get(first["image_url"].as_str().unwrap())
        .send()
        .await
        .unwrap();
    assert_eq!(png.headers()["content-type"], "image/png");
}
