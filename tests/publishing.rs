//! The main job through the command surface (mock runtime, the app's real context and
//! capabilities, the real Secret Service): publish a draft with Meta's generative features,
//! review what came back, approve or reject. Graph is graph-sandbox behind a recording proxy,
//! a second base URL the app knows nothing about: the same code as the demo account and as
//! graph.facebook.com, proven by what the proxy saw.

mod support;

use std::sync::{Mutex, OnceLock};
use std::time::Duration;

use graph_sandbox::{Fault, FaultKind, RunningSandbox, Sandbox, SandboxConfig};
use serde_json::{json, Value};
use support::ipc::{answers, ok, request, Window};
use support::recording_proxy::RecordingProxy;
use tauri::ipc::InvokeBody;
use tauri::test::MockRuntime;

/// A real photograph (CC0, see tests/fixtures/images/README.md).
const PHOTO: &[u8] = include_bytes!("fixtures/images/coffee.jpg");

struct Graph {
    sandbox: RunningSandbox,
    proxy: RecordingProxy,
}

/// One sandbox behind one proxy for the whole binary; the app's base URL is the proxy's.
fn graph() -> &'static Graph {
    static GRAPH: OnceLock<Graph> = OnceLock::new();
    GRAPH.get_or_init(|| {
        let (listener, url) = RecordingProxy::bind();
        tauri::async_runtime::block_on(async move {
            let sandbox = Sandbox::start(SandboxConfig {
                public_url: Some(url.clone()),
                ..SandboxConfig::default()
            })
            .await
            .expect("sandbox starts");
            let proxy = RecordingProxy::serve(listener, url, sandbox.listen_url.clone());
            std::env::set_var(adwright_lib::accounts::settings::BASE_URL_ENV, &proxy.url);
            Graph { sandbox, proxy }
        })
    })
}

/// The tests share the keychain and the process environment: one at a time.
fn one_at_a_time() -> std::sync::MutexGuard<'static, ()> {
    static LOCK: Mutex<()> = Mutex::new(());
    LOCK.lock().unwrap_or_else(|p| p.into_inner())
}

fn app(name: &str) -> (tauri::App<MockRuntime>, Window) {
    graph();
    support::ipc::app(&format!("publishing-{name}"))
}

/// Waits (at most 20 s) for `probe` to give a value.
fn eventually<T>(what: &str, mut probe: impl FnMut() -> Option<T>) -> T {
    for _ in 0..800 {
        if let Some(v) = probe() {
            return v;
        }
        std::thread::sleep(Duration::from_millis(25));
    }
    panic!("timed out waiting for {what}");
}

/// Connects the sandbox user by pasting its token, and picks the seed's ad account and page.
fn connect(webview: &Window) {
    let sb = &graph().sandbox;
    eventually("the accounts to load", || {
        let o = ok(webview, "accounts_overview", json!({}));
        (o["loading"] == false && !o["active"].is_null()).then_some(())
    });
    ok(
        webview,
        "account_connect",
        json!({ "token": sb.seed.access_token }),
    );
    ok(
        webview,
        "account_select",
        json!({ "key": sb.seed.user_id, "adAccountId": sb.seed.ad_account_id,
                "pageId": sb.seed.page_id }),
    );
}

fn import_photo(webview: &Window) -> Value {
    let mut headers = tauri::http::HeaderMap::new();
    headers.insert("x-import-id", "photo".parse().expect("header"));
    request(
        webview,
        "image_import",
        InvokeBody::Raw(PHOTO.to_vec()),
        headers,
    )
    .expect("image_import")["image"]
        .clone()
}

/// A new draft of `kind` (prefilled for the active account): its id and body.
fn new_draft(webview: &Window, kind: &str) -> (String, Value) {
    let draft = ok(webview, "draft_create", json!({ "kind": kind }));
    let id = draft["draft"]["id"].as_str().unwrap().to_owned();
    (id, draft["draft"]["body"].clone())
}

/// `body` as a link ad for the coffee photograph, with `message` as its primary text.
fn coffee_link(webview: &Window, body: &mut Value, message: &str) {
    body["content"]["image"] = import_photo(webview);
    body["content"]["link"] = json!("https://coffee.example/");
    body["content"]["message"] = json!(message);
}

fn save(webview: &Window, id: &str, body: Value) {
    let draft = ok(webview, "draft_get", json!({ "id": id }));
    let revision = draft["draft"]["revision"].clone();
    ok(
        webview,
        "draft_save",
        json!({ "id": id, "body": body, "baseRevision": revision }),
    );
}

/// The review screen once every preview is final (or timed out pending) and nothing is
/// being fetched.
fn settled_review(webview: &Window, draft_id: &str) -> Value {
    let first = eventually("the publish to go out", || {
        let r = ok(webview, "review_open", json!({ "draftId": draft_id }));
        (!r.is_null()).then_some(r)
    });
    let id = first["review_id"].as_str().unwrap().to_owned();
    eventually("the previews to settle", || {
        let r = ok(webview, "review_get", json!({ "reviewId": id }));
        let previews = r["view"]["session"]["previews"].as_array().unwrap().clone();
        let done = previews
            .iter()
            .all(|p| !matches!(p["state"].as_str(), Some("loading" | "pending")));
        (r["fetching"] == false && done).then_some(r)
    })
}

/// Shows the review everything: every generated text, every preview in its state.
fn look_at_everything(webview: &Window, review: &Value) -> Value {
    let id = review["review_id"].clone();
    let mut last = review.clone();
    if let Some(texts) = review["view"]["session"]["texts"].as_object() {
        for v in texts["variations"].as_array().unwrap() {
            last = ok(
                webview,
                "review_text_shown",
                json!({ "reviewId": id, "index": v["index"] }),
            );
        }
    }
    for p in review["view"]["session"]["previews"].as_array().unwrap() {
        last = ok(
            webview,
            "review_preview_seen",
            json!({ "reviewId": id, "key": p["key"], "revision": p["revision"] }),
        );
    }
    last
}

#[test]
fn a_link_ad_with_text_generation_and_image_expansion_is_published_reviewed_and_approved() {
    let g = graph();
    let sb = &g.sandbox;
    let _serial = one_at_a_time();
    let (_app, webview) = app("approve");
    connect(&webview);

    // A new draft is for the account being worked with.
    let (id, mut body) = new_draft(&webview, "link");
    assert_eq!(body["ad_account_id"], sb.seed.ad_account_id.as_str());
    assert_eq!(body["content"]["page_id"], sb.seed.page_id.as_str());
    coffee_link(&webview, &mut body, "Fresh coffee roasted in small batches");
    body["content"]["name"] = json!("Pikolo coffee");
    body["content"]["features"] = json!({ "text_generation": true, "image_uncrop": true });
    body["destination"] = json!({ "type": "new_paused_campaign", "campaign_name": "Coffee", "ad_set_name": "Coffee fans" });
    save(&webview, &id, body);

    // Meta's previews of the draft itself, before anything is made.
    let before = g.proxy.requests().len();
    let early = ok(&webview, "draft_meta_previews", json!({ "id": id }));
    assert_eq!(early.as_array().unwrap().len(), 5, "{early}");
    let made = g.proxy.requests()[before..].to_vec();
    assert!(made.iter().any(|r| r.ends_with("/adimages")), "{made:?}");
    assert!(
        made.iter().any(|r| r.ends_with("/generatepreviews")),
        "{made:?}"
    );
    assert!(!made
        .iter()
        .any(|r| r.starts_with("POST") && r.ends_with("/ads")));

    ok(&webview, "draft_publish", json!({ "id": id }));
    let review = settled_review(&webview, &id);
    let session = &review["view"]["session"];
    assert_eq!(review["demo"], false);
    let outcomes: Vec<_> = session["opt_ins"]["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| (r["feature"].clone(), r["outcome"].clone()))
        .collect();
    assert!(
        outcomes.contains(&(json!("text_generation"), json!("applied"))),
        "{outcomes:?}"
    );
    assert!(
        outcomes.contains(&(json!("image_uncrop"), json!("applied"))),
        "{outcomes:?}"
    );
    assert_eq!(session["texts"]["variations"].as_array().unwrap().len(), 4);
    let previews = session["previews"].as_array().unwrap();
    assert_eq!(previews.len(), 5);
    for p in previews {
        assert_eq!(p["state"], "eligible", "{p}");
        // A checked preview URL on the configured Graph host: the proxy's, not the sandbox's.
        assert!(p["url"].as_str().unwrap().starts_with(&g.proxy.url), "{p}");
    }
    assert_eq!(review["view"]["verdict"]["verdict"], "blocked");
    let refused = request(
        &webview,
        "review_approve",
        InvokeBody::Json(json!({ "reviewId": review["review_id"], "activateOffered": true })),
        Default::default(),
    )
    .expect_err("nothing was shown yet");
    assert!(
        refused["message"]
            .as_str()
            .unwrap()
            .contains("cannot be approved"),
        "{refused}"
    );

    let seen = look_at_everything(&webview, &review);
    assert_eq!(
        seen["view"]["verdict"]["verdict"], "ready",
        "{}",
        seen["view"]["verdict"]
    );
    let approved = ok(
        &webview,
        "review_approve",
        json!({ "reviewId": review["review_id"], "activateOffered": true }),
    );
    assert_eq!(approved["decision"]["decision"], "approved");
    assert_eq!(
        approved["activated"].as_array().unwrap().len(),
        3,
        "ad, ad set, campaign"
    );

    // On Meta: the ad, the ad set and the campaign Adwright made PAUSED now run.
    let history = ok(&webview, "draft_history", json!({ "id": id }));
    let last = history.as_array().unwrap().last().unwrap().clone();
    assert_eq!(last["review_state"], "ACTIVE");
    let (ad, adset, campaign) = (
        last["ad_id"].as_str().unwrap().to_owned(),
        last["ad_set_id"].as_str().unwrap().to_owned(),
        last["campaign_id"].as_str().unwrap().to_owned(),
    );
    sb.with_world(|w| {
        assert_eq!(w.ads[&ad].status, "ACTIVE");
        assert_eq!(w.adsets[&adset].status, "ACTIVE");
        assert_eq!(w.campaigns[&campaign].status, "ACTIVE");
    });

    // Every call went through the second base URL: upload, creates, read-back, previews,
    // activation.
    let seen_by_proxy = g.proxy.requests();
    for expected in [
        format!("POST /v26.0/{}/campaigns", sb.seed.ad_account_id),
        format!("POST /v26.0/{}/adsets", sb.seed.ad_account_id),
        format!("POST /v26.0/{}/ads", sb.seed.ad_account_id),
        format!("GET /v26.0/{ad}/"),
        format!("GET /v26.0/{ad}/previews"),
        format!("POST /v26.0/{ad}/"),
    ] {
        assert!(
            seen_by_proxy.contains(&expected),
            "{expected} not in {seen_by_proxy:?}"
        );
    }
    // The image was uploaded once for the account: the publish reused the preview's upload.
    let uploads = seen_by_proxy
        .iter()
        .filter(|r| r.ends_with("/adimages"))
        .count();
    assert_eq!(uploads, 1, "{seen_by_proxy:?}");

    // The token never reached the window, nor any file the app wrote (drafts, reviews, store).
    let token = &sb.seed.access_token;
    assert!(answers().iter().all(|a| !a.contains(token.as_str())));
    let data = std::path::PathBuf::from(std::env::var("XDG_DATA_HOME").unwrap());
    let files = support::files_under(&data);
    assert!(
        files.iter().any(|f| f.ends_with("drafts.sqlite3")),
        "{files:?}"
    );
    for file in files {
        let bytes = std::fs::read(&file).unwrap_or_default();
        assert!(
            !String::from_utf8_lossy(&bytes).contains(token.as_str()),
            "token in {}",
            file.display()
        );
    }
}

#[test]
fn rejecting_background_generation_recreates_the_creative_without_the_opt_in() {
    let g = graph();
    let sb = &g.sandbox;
    let _serial = one_at_a_time();
    let (_app, webview) = app("reject");
    connect(&webview);

    let (id, mut body) = new_draft(&webview, "catalog");
    body["content"]["product_set_id"] = json!(sb.seed.product_set_id);
    body["content"]["template_data"]["message"] = json!("Shop {{product.name | titleize}} today");
    body["content"]["template_data"]["name"] = json!("{{product.name | titleize}}");
    body["content"]["features"]["image_background_gen"] = json!(true);
    // Previews are asked of the draft's own ad account: one the account does not reach is
    // named, not sent.
    let mut elsewhere = body.clone();
    elsewhere["ad_account_id"] = json!("act_999");
    save(&webview, &id, elsewhere);
    let refused = request(
        &webview,
        "draft_meta_previews",
        InvokeBody::Json(json!({ "id": id })),
        Default::default(),
    )
    .expect_err("act_999 is not reachable");
    assert_eq!(refused["details"]["field"], "ad_account_id", "{refused}");
    save(&webview, &id, body);
    ok(&webview, "draft_publish", json!({ "id": id }));

    let review = settled_review(&webview, &id);
    let first_id = review["review_id"].as_str().unwrap().to_owned();
    assert_eq!(
        review["view"]["session"]["subject"]["kind"],
        "standalone_creative"
    );
    let previews = review["view"]["session"]["previews"].as_array().unwrap();
    assert_eq!(previews.len(), 1);
    assert_eq!(previews[0]["key"]["ad_format"], "MOBILE_FEED_STANDARD");
    assert_eq!(previews[0]["state"], "eligible");

    let rejected = ok(
        &webview,
        "review_reject",
        json!({ "reviewId": first_id, "reason": "The generated background looks fake" }),
    );
    assert_eq!(rejected["decision"]["decision"], "rejected");
    assert_eq!(rejected["recreated"], true);
    // The draft now says what is on Meta: the feature is off.
    let draft = ok(&webview, "draft_get", json!({ "id": id }));
    assert_eq!(
        draft["draft"]["body"]["content"]["features"]["image_background_gen"],
        false
    );
    // The re-created creative has its own review, with nothing generated to review.
    let again = eventually("the re-created creative", || {
        let r = ok(&webview, "review_open", json!({ "draftId": id }));
        (r["review_id"] != first_id.as_str()).then_some(r)
    });
    let session = &again["view"]["session"];
    assert!(session["previews"].as_array().unwrap().is_empty());
    assert!(session["opt_ins"]["results"]
        .as_array()
        .unwrap()
        .iter()
        .all(|r| r["outcome"] == "not_requested"));
    assert_eq!(again["view"]["verdict"]["verdict"], "ready");
    let creative = match &session["subject"] {
        s if s["kind"] == "standalone_creative" => s["creative_id"].as_str().unwrap().to_owned(),
        s => panic!("{s}"),
    };
    let spec = sb.with_world(|w| w.creatives[&creative].degrees_of_freedom_spec.clone());
    assert!(
        spec.is_none_or(|s| !s.to_string().contains("OPT_IN")),
        "no opt-in on the new creative"
    );
    // Both reviews are kept with the draft.
    let history = ok(&webview, "draft_history", json!({ "id": id }));
    assert_eq!(history.as_array().unwrap().len(), 2);
}

#[test]
fn the_first_ad_of_an_approved_standalone_creative_is_made_paused_and_reviewed_again() {
    let g = graph();
    let sb = &g.sandbox;
    let _serial = one_at_a_time();
    let (_app, webview) = app("first-ad");
    connect(&webview);

    let (id, mut body) = new_draft(&webview, "link");
    coffee_link(&webview, &mut body, "Single origin beans from small farms");
    body["content"]["features"]["text_generation"] = json!(true);
    save(&webview, &id, body);
    ok(&webview, "draft_publish", json!({ "id": id }));

    // The creative alone: approval marks it reviewed, nothing runs.
    let creative_review = settled_review(&webview, &id);
    assert_eq!(
        creative_review["view"]["session"]["subject"]["kind"],
        "standalone_creative"
    );
    let creative_id = creative_review["view"]["session"]["subject"]["creative_id"].clone();
    let too_early = request(
        &webview,
        "review_first_ad",
        InvokeBody::Json(json!({ "reviewId": creative_review["review_id"],
                                 "adSetId": sb.seed.adset_id })),
        Default::default(),
    )
    .expect_err("not reviewed yet");
    assert!(
        too_early["message"]
            .as_str()
            .unwrap()
            .contains("Review this creative"),
        "{too_early}"
    );
    look_at_everything(&webview, &creative_review);
    let approved = ok(
        &webview,
        "review_approve",
        json!({ "reviewId": creative_review["review_id"], "activateOffered": false }),
    );
    assert_eq!(approved["activated"], json!([]));

    // Its first ad goes into an ad set the user picks from the account, PAUSED.
    let sets = ok(&webview, "account_ad_sets", json!({}));
    assert!(
        sets.as_array()
            .unwrap()
            .iter()
            .any(|s| s["id"] == sb.seed.adset_id.as_str()),
        "{sets}"
    );
    // Its reply is lost after Graph made the ad: the app finds that ad by its tag. Asking
    // again (a second click, a retry after a restart) finds it too: still one ad.
    let ads_of_creative = || {
        sb.with_world(|w| {
            w.ads
                .iter()
                .filter(|(_, ad)| json!(ad.creative_id) == creative_id)
                .map(|(id, _)| id.clone())
                .collect::<Vec<_>>()
        })
    };
    sb.faults
        .inject(Fault::new("POST act/ads", FaultKind::DropAfterWrite).times(1));
    let first_ad = || {
        ok(
            &webview,
            "review_first_ad",
            json!({ "reviewId": creative_review["review_id"], "adSetId": sb.seed.adset_id }),
        )
    };
    let ad_review = first_ad();
    assert_eq!(first_ad()["review_id"], ad_review["review_id"]);
    let subject = &ad_review["view"]["session"]["subject"];
    assert_eq!(subject["kind"], "ad");
    assert_eq!(subject["creative_id"], creative_id);
    let ad_id = subject["ad_id"].as_str().unwrap().to_owned();
    assert_eq!(ads_of_creative(), vec![ad_id.clone()], "no second ad");
    sb.with_world(|w| assert_eq!(w.ads[&ad_id].status, "PAUSED"));
    // The same gate again: its texts must be shown before it may run.
    assert_eq!(ad_review["view"]["verdict"]["verdict"], "blocked");
    let seen = look_at_everything(&webview, &ad_review);
    assert_eq!(
        seen["view"]["verdict"]["verdict"], "ready",
        "{}",
        seen["view"]["verdict"]
    );
    let running = ok(
        &webview,
        "review_approve",
        json!({ "reviewId": ad_id, "activateOffered": true }),
    );
    assert_eq!(
        running["activated"].as_array().unwrap().len(),
        1,
        "only the ad"
    );
    sb.with_world(|w| assert_eq!(w.ads[&ad_id].status, "ACTIVE"));
    let history = ok(&webview, "draft_history", json!({ "id": id }));
    let states: Vec<_> = history
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["review_state"].clone())
        .collect();
    assert_eq!(
        states,
        vec![json!("SUBMITTED"), json!("SUBMITTED"), json!("ACTIVE")],
        "{history}"
    );
}

#[test]
fn the_content_security_policy_frames_only_meta_preview_hosts_and_loopback() {
    let conf: Value =
        serde_json::from_str(include_str!("../tauri.conf.json")).expect("tauri.conf.json");
    for csp in ["csp", "devCsp"] {
        let policy = &conf["app"]["security"][csp];
        let frames: Vec<&str> = policy["frame-src"].as_str().unwrap().split(' ').collect();
        let mut expected: Vec<String> = marketing_api::config::META_PREVIEW_HOSTS
            .iter()
            .map(|h| format!("https://{h}"))
            .collect();
        expected.extend(["http://127.0.0.1:*".into(), "http://localhost:*".into()]);
        assert_eq!(frames, expected, "{csp}");
        let scripts = policy["script-src"].as_str().unwrap();
        assert!(!scripts.contains("unsafe"), "{csp}: {scripts}");
    }
}
