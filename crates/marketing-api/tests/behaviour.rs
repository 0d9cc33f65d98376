//! Client behaviour against a scripted loopback server: secrets never leak into errors,
//! reads are retried, writes never duplicate, rate limits are honoured, previews polled.

mod support;

use std::sync::{Arc, Mutex};
use std::time::Duration;

use marketing_api::batch::BatchItem;
use marketing_api::calls;
use marketing_api::previews::{PollOptions, PreviewRequest};
use marketing_api::retry::RetryPolicy;
use marketing_api::types::{CreativeSpec, PreviewStatus};
use marketing_api::{AccessToken, AppSecret, Client, Config, Error, ErrorKind, WriteTag};
use serde_json::json;
use support::{json, serve, Reply};

const TOKEN: &str = "EAAB-SECRET-TOKEN-123";
const ACCOUNT: &str = "act_42";

fn fast_config(base: &str) -> Config {
    let mut c = Config::sandbox(base).unwrap();
    c.retry = RetryPolicy {
        max_attempts: 3,
        base_delay: Duration::from_millis(1),
        max_delay: Duration::from_millis(4),
    };
    c.timeout = Duration::from_millis(400);
    // Longer advertised waits are returned to the caller instead of sat out.
    c.max_rate_limit_wait = Duration::from_secs(5);
    c
}

fn client(base: &str) -> Client {
    Client::new(
        fast_config(base).with_app_secret(AppSecret::new("app-secret")),
        AccessToken::new(TOKEN),
    )
    .unwrap()
}

/// Neither the token nor its appsecret_proof may appear anywhere an error is shown.
fn assert_no_secret(e: &Error) {
    let shown = format!("{e:?}\n{e}\n{}", serde_json::to_string(&e.to_ui()).unwrap());
    assert!(!shown.contains(TOKEN), "token leaked: {shown}");
    assert!(!shown.contains("access_token="), "query leaked: {shown}");
    assert!(!shown.contains("appsecret_proof="), "proof leaked: {shown}");
}

#[tokio::test]
async fn network_error_has_no_url_or_token() {
    // A port with nobody listening.
    let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let base = format!("http://{}", l.local_addr().unwrap());
    drop(l);
    let e = client(&base).me().await.unwrap_err();
    assert!(matches!(e, Error::Network(_)), "{e:?}");
    assert_eq!(e.kind(), ErrorKind::Transient);
    assert_no_secret(&e);
}

#[tokio::test]
async fn timeout_error_has_no_token() {
    let s = serve(|_, _| Reply::Hang).await;
    let e = client(&s.base_url).me().await.unwrap_err();
    assert!(matches!(e, Error::Timeout(_)), "{e:?}");
    assert_no_secret(&e);
    // Reads are retried on timeouts: every attempt reached the server.
    assert_eq!(s.requests().len(), 3);
}

#[tokio::test]
async fn server_texts_echoing_the_token_are_scrubbed() {
    let s = serve(|r, _| {
        if r.path().ends_with("/me/") {
            json(
                400,
                json!({"error": {"message": format!("Malformed access token {TOKEN}"), "type": "OAuthException", "code": 190, "error_user_msg": format!("token {TOKEN} is bad"), "fbtrace_id": "T1"}}),
            )
        } else {
            json(200, json!({"unexpected": TOKEN}))
        }
    })
    .await;
    let c = client(&s.base_url);
    let e = c.me().await.unwrap_err();
    assert_eq!(e.kind(), ErrorKind::TokenInvalid { subcode: None });
    assert_no_secret(&e);
    assert!(e.to_string().contains("Reconnect"), "{e}");
    assert_eq!(e.graph().unwrap().fbtrace_id.as_deref(), Some("T1"));

    let e = c.creative("4").await.unwrap_err();
    assert!(matches!(e, Error::Decode(_)), "{e:?}");
    assert_no_secret(&e);
    // And the token did go out, in the query (so the check above is meaningful).
    assert!(s.requests()[0].target.contains(TOKEN));
}

#[tokio::test]
async fn reads_retry_transient_errors_then_succeed() {
    let s = serve(|_, before| {
        if before.len() < 2 {
            json(
                500,
                json!({"error": {"message": "Service temporarily unavailable", "code": 2, "is_transient": true}}),
            )
        } else {
            json(200, json!({"id": "7", "name": "Ada"}))
        }
    })
    .await;
    let me = client(&s.base_url).me().await.unwrap();
    assert_eq!(me.id, "7");
    assert_eq!(s.requests().len(), 3);
}

#[tokio::test]
async fn reads_do_not_retry_definitive_errors() {
    let s = serve(|_, _| {
        json(
            400,
            json!({"error": {"message": "(#100) Invalid parameter", "code": 100, "error_data": {"blame_field_specs": [["ad_format"]]}}}),
        )
    })
    .await;
    let e = client(&s.base_url).creative("4").await.unwrap_err();
    assert_eq!(
        e.kind(),
        ErrorKind::InvalidInput {
            field: Some("ad_format".into())
        }
    );
    assert_eq!(s.requests().len(), 1);
}

/// Graph for creatives: the first POST is applied but its connection dropped (or, with
/// `applied = false`, dropped before applying); lookups list what was applied.
async fn flaky_creatives(applied: bool) -> support::Scripted {
    let store: Arc<Mutex<Vec<String>>> = Arc::default();
    serve(move |r, before| {
        let posts_before = before.iter().filter(|b| b.method == "POST").count();
        match (r.method.as_str(), r.path()) {
            ("POST", p) if p.ends_with("/adcreatives") => {
                let name = url::form_urlencoded::parse(r.body.as_bytes())
                    .find(|(k, _)| k == "name")
                    .map(|(_, v)| v.into_owned())
                    .unwrap();
                if posts_before == 0 {
                    if applied {
                        store.lock().unwrap().push(name);
                    }
                    return Reply::Drop;
                }
                store.lock().unwrap().push(name);
                json(
                    200,
                    json!({"id": format!("c{}", store.lock().unwrap().len())}),
                )
            }
            ("GET", p) if p.ends_with("/adcreatives") => {
                let q: Vec<(String, String)> =
                    url::form_urlencoded::parse(r.target.split_once('?').unwrap().1.as_bytes())
                        .into_owned()
                        .collect();
                let filter = &q.iter().find(|(k, _)| k == "filtering").unwrap().1;
                let f: serde_json::Value = serde_json::from_str(filter).unwrap();
                assert_eq!(f[0]["operator"], "CONTAIN");
                let needle = f[0]["value"].as_str().unwrap().to_owned();
                let data: Vec<_> = store
                    .lock()
                    .unwrap()
                    .iter()
                    .enumerate()
                    .filter(|(_, n)| n.contains(&needle))
                    .map(|(i, n)| json!({"id": format!("c{}", i + 1), "name": n}))
                    .collect();
                json(200, json!({"data": data}))
            }
            _ => json(404, json!({"error": {"code": 803, "message": "unknown"}})),
        }
    })
    .await
}

fn spec() -> CreativeSpec {
    CreativeSpec {
        name: Some("Spring".into()),
        ..CreativeSpec::default()
    }
}

#[tokio::test]
async fn dropped_write_that_was_applied_is_found_not_repeated() {
    let s = flaky_creatives(true).await;
    let c = client(&s.base_url);
    let tag = WriteTag::generate();
    let created = c.create_ad_creative(ACCOUNT, &spec(), &tag).await.unwrap();
    assert_eq!(created.id, "c1");
    assert_eq!(s.count("POST", "/adcreatives"), 1, "no second POST");
    assert_eq!(s.count("GET", "/adcreatives"), 1);
}

#[tokio::test]
async fn dropped_write_that_was_not_applied_is_sent_again_once() {
    let s = flaky_creatives(false).await;
    let c = client(&s.base_url);
    let tag = WriteTag::generate();
    let created = c.create_ad_creative(ACCOUNT, &spec(), &tag).await.unwrap();
    assert_eq!(created.id, "c1");
    assert_eq!(s.count("POST", "/adcreatives"), 2);
    // The one creative that exists carries the tag.
    let found = c.find_by_tag(ACCOUNT, "adcreatives", &tag).await.unwrap();
    assert_eq!(found.unwrap().id, "c1");
}

#[tokio::test]
async fn write_whose_lookup_fails_is_not_retried() {
    let s = serve(|r, _| {
        if r.method == "POST" {
            Reply::Drop
        } else {
            json(
                500,
                json!({"error": {"code": 1, "message": "unknown error"}}),
            )
        }
    })
    .await;
    let tag = WriteTag::generate();
    let e = client(&s.base_url)
        .create_ad_creative(ACCOUNT, &spec(), &tag)
        .await
        .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::WriteOutcomeUnknown);
    assert!(e.to_string().contains(tag.as_str()));
    assert_eq!(s.count("POST", "/adcreatives"), 1);
}

#[tokio::test]
async fn resumed_tag_is_looked_up_before_posting() {
    let s = flaky_creatives(true).await;
    let c = client(&s.base_url);
    let tag = WriteTag::generate();
    c.create_ad_creative(ACCOUNT, &spec(), &tag).await.unwrap();
    // The app restarts with the saved tag: nothing is posted again.
    let again = c
        .create_ad_creative(ACCOUNT, &spec(), &WriteTag::resume(tag.as_str()))
        .await
        .unwrap();
    assert_eq!(again.id, "c1");
    assert_eq!(s.count("POST", "/adcreatives"), 1);
}

#[tokio::test]
async fn rate_limit_wait_comes_from_headers_in_minutes_and_blocks_further_calls() {
    let s = serve(|_, _| Reply::Json {
        status: 400,
        headers: vec![(
            "X-Business-Use-Case-Usage",
            r#"{"42":[{"type":"ads_management","call_count":100,"total_cputime":20,"total_time":20,"estimated_time_to_regain_access":2}]}"#.into(),
        )],
        body: json!({"error": {"message": "User request limit reached", "code": 80004, "error_subcode": 2446079}}).to_string(),
    })
    .await;
    let c = client(&s.base_url);
    let e = c.me().await.unwrap_err();
    assert_eq!(
        e.kind(),
        ErrorKind::RateLimited {
            retry_after_secs: Some(120)
        }
    );
    assert!(e.to_string().contains("2 minutes"), "{e}");
    assert_eq!(c.usage().max_pct(), 100.0);
    // Blocked for longer than the client waits by itself: refused without a request.
    let e = c.me().await.unwrap_err();
    assert!(matches!(e, Error::Throttled { .. }), "{e:?}");
    assert_eq!(s.requests().len(), 1);
}

const IFRAME: &str =
    "<iframe src=\"https://www.facebook.com/ads/api/preview_iframe.php?d=AA&amp;t=BB\"></iframe>";

#[tokio::test]
async fn pending_previews_are_repolled_until_eligible_with_progress() {
    let s = serve(|r, before| {
        // INSTAGRAM_STORY is pending for its first two polls; the rest are eligible.
        let story_polls = before
            .iter()
            .filter(|b| b.target.contains("INSTAGRAM_STORY"))
            .count();
        let status = if r.target.contains("INSTAGRAM_STORY") && story_polls < 2 {
            "PENDING"
        } else {
            "eligible"
        };
        json(
            200,
            json!({"data": [{"body": IFRAME, "transformation_spec": {"image_uncrop": [{"body": IFRAME, "status": status}]}}]}),
        )
    })
    .await;
    let c = client(&s.base_url);
    let progress = Arc::new(Mutex::new(Vec::new()));
    let p2 = progress.clone();
    let opts = PollOptions {
        deadline: Duration::from_secs(60),
        backoff: RetryPolicy {
            max_attempts: u32::MAX,
            base_delay: Duration::from_millis(1),
            max_delay: Duration::from_millis(2),
        },
    };
    let results = c
        .fetch_previews(&PreviewRequest::image_uncrop_for_ad("5"), &opts, move |p| {
            p2.lock().unwrap().push(p)
        })
        .await;
    assert_eq!(results.len(), 5);
    assert!(results
        .iter()
        .all(|r| r.status == Some(PreviewStatus::Eligible)));
    let story = results
        .iter()
        .find(|r| r.ad_format.as_str() == "INSTAGRAM_STORY")
        .unwrap();
    assert_eq!(story.polls, 3);
    assert_eq!(
        story.url.as_ref().unwrap().as_str(),
        "https://www.facebook.com/ads/api/preview_iframe.php?d=AA&t=BB"
    );
    let progress = progress.lock().unwrap();
    assert_eq!(progress.len(), 7, "5 final reports + 2 pending ones");
    assert_eq!(progress.iter().filter(|p| p.finished).count(), 5);
    assert_eq!(progress.iter().map(|p| p.finished_count).max(), Some(5));
}

#[tokio::test]
async fn previews_still_pending_at_the_deadline_are_reported_as_timed_out() {
    let s = serve(|_, _| {
        json(
            200,
            json!({"data": [{"body": IFRAME, "transformation_spec": {"image_background_gen": [{"status": "pending"}]}}]}),
        )
    })
    .await;
    let c = client(&s.base_url);
    let req = PreviewRequest {
        target: marketing_api::previews::PreviewTarget::Ad("5".into()),
        ad_format: marketing_api::types::AdFormat::MobileFeedStandard,
        feature: Some(marketing_api::types::CreativeFeature::ImageBackgroundGen),
    };
    let opts = PollOptions {
        deadline: Duration::ZERO,
        backoff: RetryPolicy::default(),
    };
    let r = c.fetch_previews(&[req], &opts, |_| {}).await;
    assert_eq!(r[0].status, Some(PreviewStatus::Pending));
    assert!(r[0].timed_out);
    assert_eq!(r[0].polls, 1);
}

#[tokio::test]
async fn batch_parses_items_and_resends_unprocessed_reads() {
    let s = serve(|r, before| {
        let batch: serde_json::Value = serde_json::from_str(
            &url::form_urlencoded::parse(r.body.as_bytes())
                .find(|(k, _)| k == "batch")
                .unwrap()
                .1,
        )
        .unwrap();
        let items = batch.as_array().unwrap();
        if before.is_empty() {
            assert_eq!(items.len(), 3);
            json(
                200,
                json!([
                    {"code": 200, "headers": [], "body": "{\"id\":\"4\",\"name\":\"A\"}"},
                    null,
                    {"code": 400, "headers": [], "body": "{\"error\":{\"code\":100,\"message\":\"(#100) bad\"}}"}
                ]),
            )
        } else {
            assert_eq!(items.len(), 1, "only the unprocessed item is resent");
            json(200, json!([{"code": 200, "body": "{\"id\":\"5\"}"}]))
        }
    })
    .await;
    let c = client(&s.base_url);
    let items: Vec<BatchItem> = ["4", "5", "6"]
        .iter()
        .map(|id| BatchItem::from(&calls::read_creative(id, &["id", "name"])))
        .collect();
    let mut out = c.batch(&items).await.unwrap().into_iter();
    let first: marketing_api::types::AdCreative = out.next().unwrap().parse().unwrap();
    assert_eq!(first.name.as_deref(), Some("A"));
    let second: marketing_api::types::AdCreative = out.next().unwrap().parse().unwrap();
    assert_eq!(second.id, "5");
    let third = out.next().unwrap().0.unwrap_err();
    assert!(matches!(third.kind(), ErrorKind::InvalidInput { .. }));
    assert_eq!(s.requests().len(), 2);
    assert_eq!(s.requests()[0].path(), "/v26.0/");
}
