//! The command surface through Tauri's mock runtime with the app's real context (so the real
//! capabilities decide what the window may call): real IPC serialization, no window.

mod support;

use serde_json::json;
use support::ipc::{app, invoke};

#[test]
fn commands_answer_with_typed_values_and_the_theme_round_trips_through_the_store() {
    let (_app, webview) = app("commands");

    let status = invoke(&webview, "app_status", json!({})).expect("app_status");
    assert_eq!(status["version"], env!("CARGO_PKG_VERSION"));
    assert_eq!(status["theme"], "system");
    assert!(status["keychain"]["state"].is_string(), "{status}");

    assert_eq!(
        invoke(&webview, "set_theme", json!({ "theme": "dark" })).expect("set_theme"),
        json!("dark")
    );
    let status = invoke(&webview, "app_status", json!({})).expect("app_status");
    assert_eq!(status["theme"], "dark");

    let keychain = invoke(&webview, "check_keychain", json!({})).expect("check_keychain");
    assert_eq!(keychain, json!({ "state": "ready" }));
}

#[test]
fn a_theme_rust_does_not_know_is_refused() {
    let (_app, webview) = app("commands");
    let refusal = invoke(&webview, "set_theme", json!({ "theme": "sepia" }))
        .expect_err("unknown theme is refused");
    assert!(
        refusal.to_string().contains("unknown variant `sepia`"),
        "refused for the value, not for permissions: {refusal}"
    );
}

#[test]
fn a_command_the_capabilities_do_not_grant_is_refused() {
    let (_app, webview) = app("commands");
    let refusal = invoke(&webview, "plugin:store|load", json!({ "path": "x.json" }))
        .expect_err("the window has no store permission");
    assert!(refusal.to_string().contains("not allowed"), "{refusal}");
}
