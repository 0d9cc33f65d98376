//! Connecting Meta accounts through the command surface (mock runtime, the app's real context
//! and capabilities), against graph-sandbox through the hidden base-URL setting, with the real
//! Secret Service (scripts/lib/with-keyring): checking, keeping the token in the keychain only,
//! picking the ad account and page, a 190 mid-session, reconnecting, disconnecting.

mod support;

use std::sync::OnceLock;

use adwright_lib::accounts;
use adwright_lib::keychain;
use graph_sandbox::state::{token_hash, TokenState};
use graph_sandbox::{RunningSandbox, Sandbox, SandboxConfig};
use serde_json::{json, Value};
use support::files_under as walk;
use support::ipc::{invoke, ok, Window};
use tauri::test::MockRuntime;
use tauri::Manager;

/// One sandbox for the whole binary (the base URL is read from the process environment).
fn sandbox() -> &'static RunningSandbox {
    static SANDBOX: OnceLock<RunningSandbox> = OnceLock::new();
    SANDBOX.get_or_init(|| {
        let sandbox = tauri::async_runtime::block_on(Sandbox::start(SandboxConfig::default()))
            .expect("sandbox starts");
        std::env::set_var(
            adwright_lib::accounts::settings::BASE_URL_ENV,
            &sandbox.base_url,
        );
        sandbox
    })
}

/// The tests share the keychain (the index entry) and the process environment: one at a time.
fn one_at_a_time() -> std::sync::MutexGuard<'static, ()> {
    static LOCK: std::sync::Mutex<()> = std::sync::Mutex::new(());
    LOCK.lock().unwrap_or_else(|p| p.into_inner())
}

fn app(name: &str) -> (tauri::App<MockRuntime>, Window) {
    sandbox();
    support::ipc::app(&format!("accounts-{name}"))
}

/// The overview once the start-up read of the keychain (and the demo start) is done.
fn settled(webview: &Window) -> Value {
    for _ in 0..600 {
        let overview = ok(webview, "accounts_overview", json!({}));
        if overview["loading"] == false && !overview["active"].is_null() {
            return overview;
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    panic!(
        "the accounts never finished loading: {}",
        ok(webview, "accounts_overview", json!({}))
    );
}

/// The draft's outbox item once `done` holds for it (at most 10 s).
fn outbox_item_when(
    webview: &Window,
    draft_id: &str,
    done: impl Fn(&Value) -> bool,
) -> Option<Value> {
    for _ in 0..400 {
        let outbox = ok(webview, "outbox_list", json!({}));
        let item = outbox
            .as_array()
            .unwrap()
            .iter()
            .find(|i| i["draft_id"] == draft_id);
        if let Some(item) = item.filter(|i| done(i)) {
            return Some(item.clone());
        }
        std::thread::sleep(std::time::Duration::from_millis(25));
    }
    None
}

fn account<'a>(overview: &'a Value, key: &str) -> &'a Value {
    overview["accounts"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["key"] == key)
        .unwrap_or_else(|| panic!("{key} not in {overview}"))
}

fn index() -> Vec<String> {
    keychain::load(accounts::vault::INDEX_ACCOUNT)
        .expect("keychain")
        .map(|json| serde_json::from_str(&json).expect("index is a JSON list"))
        .unwrap_or_default()
}

#[test]
fn connect_pick_190_reconnect_disconnect() {
    let sb = sandbox();
    let token = sb.seed.access_token.clone();
    let user_id = sb.seed.user_id.clone();
    let _serial = one_at_a_time();
    let (app, webview) = app("flow");

    // Nobody connected: the app lands on the demo account, labelled as such.
    let first = settled(&webview);
    assert_eq!(first["active"], "demo", "{first}");
    assert_eq!(first["demo"]["demo"], true);
    assert_eq!(first["accounts"], json!([]));

    // Paste the sandbox token as a user would a real one.
    let report = ok(
        &webview,
        "account_connect",
        json!({ "token": format!(" {token}\n") }),
    );
    assert!(
        !report.to_string().contains(&token),
        "the answer never carries the token"
    );
    assert_eq!(report["account"]["key"], user_id.as_str());
    assert_eq!(report["account"]["demo"], false);
    assert_eq!(report["account"]["connection"]["state"], "connected");
    assert!(report["granted"]
        .as_array()
        .unwrap()
        .contains(&json!("ads_management")));
    assert_eq!(
        report["account"]["ad_accounts"].as_array().unwrap().len(),
        2
    );
    assert_eq!(report["account"]["pages"].as_array().unwrap().len(), 2);
    assert_eq!(
        report["account"]["can_publish"], false,
        "two ad accounts and two pages: the user picks"
    );
    assert_eq!(
        keychain::load(&user_id).unwrap().as_deref(),
        Some(token.as_str())
    );
    assert!(index().contains(&user_id), "{:?}", index());

    let overview = ok(
        &webview,
        "account_select",
        json!({ "key": user_id, "adAccountId": sb.seed.ad_account_id, "pageId": sb.seed.page_id }),
    );
    assert_eq!(overview["active"], user_id.as_str());
    let picked = account(&overview, &user_id);
    assert_eq!(picked["ad_account_id"], sb.seed.ad_account_id.as_str());
    assert_eq!(picked["can_publish"], true);
    let refused = invoke(
        &webview,
        "account_select",
        json!({ "key": user_id, "adAccountId": "act_999", "pageId": null }),
    )
    .expect_err("an ad account the token cannot reach");
    assert_eq!(refused["kind"], "invalid_input");
    assert!(accounts::publisher(app.handle()).is_ok());

    // Work in progress: a draft queued for publishing.
    let draft = ok(&webview, "draft_create", json!({ "kind": "link" }));
    let id = draft["draft"]["id"].as_str().unwrap().to_owned();
    let mut body = draft["draft"]["body"].clone();
    body["ad_account_id"] = json!(sb.seed.ad_account_id);
    body["content"]["page_id"] = json!(sb.seed.page_id);
    body["content"]["link"] = json!("https://example.com/");
    body["content"]["message"] = json!("Fresh bread every morning");
    ok(
        &webview,
        "draft_save",
        json!({ "id": id, "body": body, "baseRevision": 1 }),
    );

    // Mid-session Meta revokes the token: publishing gets a 190, and so does the next call.
    sb.with_world(|world| {
        world
            .tokens
            .get_mut(&token_hash(&token))
            .expect("seed token")
            .state = TokenState::Invalidated;
    });
    ok(&webview, "draft_publish", json!({ "id": id }));
    // The sender tried at once, met the 190 and put the publish back in the queue.
    let requeued = outbox_item_when(&webview, &id, |i| {
        i["status"] == "queued" && i["attempts"] == 1
    })
    .expect("the publish waits in the queue after the 190");
    assert!(
        requeued["last_error"]
            .as_str()
            .unwrap_or_default()
            .contains("code 190"),
        "{requeued}"
    );
    let error = invoke(&webview, "account_refresh", json!({ "key": user_id }))
        .expect_err("a 190 is an error");
    assert_eq!(error["kind"], "reconnect_needed", "{error}");
    let overview = ok(&webview, "accounts_overview", json!({}));
    let dead = account(&overview, &user_id);
    assert_eq!(dead["connection"]["state"], "reconnect", "{dead}");
    assert!(dead["connection"]["message"]
        .as_str()
        .unwrap()
        .contains("drafts and queued publishes are kept"));
    assert_eq!(dead["can_publish"], false);
    let stopped = accounts::publisher(app.handle())
        .err()
        .expect("publishing stops");
    assert_eq!(
        stopped.kind,
        adwright_lib::error::ErrorKind::ReconnectNeeded
    );
    // Nothing was lost: the draft and its queued publish are still there.
    let outbox = ok(&webview, "outbox_list", json!({}));
    assert!(
        outbox
            .as_array()
            .unwrap()
            .iter()
            .any(|i| i["draft_id"] == id.as_str() && i["status"] == "queued"),
        "{outbox}"
    );
    assert!(ok(&webview, "draft_get", json!({ "id": id }))["draft"]["id"] == id.as_str());

    // Reconnect with a new token for the same user: work resumes with the same picks.
    let fresh = sb.with_world(|world| {
        graph_sandbox::seed::add_token(
            world,
            &user_id,
            &sb.seed.app_id,
            &["ads_management", "ads_read", "pages_show_list"],
            TokenState::Valid,
        )
    });
    let report = ok(&webview, "account_connect", json!({ "token": fresh }));
    assert_eq!(report["replaced"], true);
    assert_eq!(report["account"]["connection"]["state"], "connected");
    assert_eq!(report["account"]["can_publish"], true, "{report}");
    assert_eq!(
        keychain::load(&user_id).unwrap().as_deref(),
        Some(fresh.as_str())
    );
    let publisher = accounts::publisher(app.handle()).expect("publishing resumes");
    assert_eq!(publisher.ad_account_id, sb.seed.ad_account_id);
    assert!(!publisher.demo);
    // Reconnecting resumes the work: the queued publish goes out, once.
    let sent = outbox_item_when(&webview, &id, |i| i["status"] == "sent")
        .expect("the queued publish is sent after reconnecting");
    assert_eq!(sent["attempts"], 2);
    let history = ok(&webview, "draft_history", json!({ "id": id }));
    assert_eq!(history.as_array().unwrap().len(), 1, "{history}");
    assert!(history[0]["creative_id"].is_string());

    // The preferences file holds names and picks, never the token.
    let data = app.path().app_data_dir().unwrap();
    let config = app.path().app_config_dir().unwrap();
    for dir in [data, config] {
        for entry in walk(&dir) {
            let bytes = std::fs::read(&entry).unwrap_or_default();
            let text = String::from_utf8_lossy(&bytes);
            assert!(
                !text.contains(&fresh) && !text.contains(&token),
                "token found in {}",
                entry.display()
            );
        }
    }

    // Disconnect: the keychain entry and the index line are gone; the demo is active again.
    let gone = ok(&webview, "account_disconnect", json!({ "key": user_id }));
    assert_eq!(gone["removed_from_keychain"], true);
    assert_eq!(keychain::load(&user_id).unwrap(), None);
    assert!(!index().contains(&user_id));
    let overview = ok(&webview, "accounts_overview", json!({}));
    assert_eq!(overview["accounts"], json!([]));
    assert_eq!(overview["active"], "demo");
}

#[test]
fn tokens_that_cannot_do_the_job_are_named_and_never_kept() {
    let sb = sandbox();
    let _serial = one_at_a_time();
    let (_app, webview) = app("refusals");
    settled(&webview);

    let read_only = invoke(
        &webview,
        "account_connect",
        json!({ "token": sb.seed.read_only_access_token }),
    )
    .expect_err("ads_read only");
    assert_eq!(read_only["kind"], "permissions_missing", "{read_only}");
    assert!(read_only["details"]["missing"]
        .as_str()
        .unwrap()
        .contains("ads_management"));
    let message = read_only["message"].as_str().unwrap();
    assert!(message.contains("ads_management") && message.contains("Generate new token"));
    assert!(!read_only
        .to_string()
        .contains(&sb.seed.read_only_access_token));

    let expired = invoke(
        &webview,
        "account_connect",
        json!({ "token": sb.seed.expired_access_token }),
    )
    .expect_err("expired");
    assert_eq!(expired["kind"], "invalid_input", "{expired}");
    assert_eq!(expired["details"]["field"], "token");
    assert!(!expired.to_string().contains(&sb.seed.expired_access_token));

    let empty = invoke(&webview, "account_connect", json!({ "token": "  " })).expect_err("empty");
    assert_eq!(empty["details"]["field"], "token");

    // None of them reached the keychain.
    assert_eq!(keychain::load(&sb.seed.user_id).unwrap(), None);
}

#[test]
fn the_demo_account_keeps_its_token_in_memory_and_its_data_apart() {
    let _serial = one_at_a_time();
    let (app, webview) = app("demo");
    let overview = settled(&webview);
    let demo = &overview["demo"];
    assert_eq!(demo["demo"], true);
    assert_eq!(demo["connection"]["state"], "connected");
    assert!(!demo["ad_accounts"].as_array().unwrap().is_empty());
    let disconnect = invoke(&webview, "account_disconnect", json!({ "key": "demo" }))
        .expect_err("nothing to disconnect");
    assert_eq!(disconnect["kind"], "invalid_input");
    // Its state lives in the app data folder's demo/ and names no token.
    let state = app.path().app_data_dir().unwrap().join("demo");
    assert!(state.is_dir());
    // The demo is never in the keychain index.
    assert!(!index().contains(&"demo".to_owned()));
}
