//! No Secret Service at all (no session bus): connecting a Meta account is refused with the
//! fix for this OS before the token goes anywhere, nothing falls back to memory or a file, and
//! the app still starts (on the demo account) so drafting goes on.

mod support;

use serde_json::{json, Value};
use support::files_under as files;
use support::ipc::invoke;
use tauri::Manager;

#[test]
fn without_a_secret_service_connecting_is_refused_with_the_fix_and_nothing_is_kept() {
    // This binary holds only this test, so nothing else reads the environment.
    std::env::set_var(
        "DBUS_SESSION_BUS_ADDRESS",
        "unix:path=/nonexistent/adwright-test-bus",
    );
    let (app, webview) = support::ipc::app("no-keychain");

    let token = "EAASnot-a-real-token-but-secret-all-the-same";
    let refused = invoke(&webview, "account_connect", json!({ "token": token }))
        .expect_err("no keychain, no connecting");
    assert_eq!(refused["kind"], "keychain_unavailable", "{refused}");
    assert!(
        refused["details"]["fix"]
            .as_str()
            .unwrap()
            .contains("Secret Service"),
        "{refused}"
    );
    assert!(refused["message"]
        .as_str()
        .unwrap()
        .contains("only in the system keychain"));
    assert!(!refused.to_string().contains(token));

    // The start-up still finishes: the problem is reported and the demo account is there.
    let mut overview = Value::Null;
    for _ in 0..600 {
        overview = invoke(&webview, "accounts_overview", json!({})).unwrap();
        if overview["loading"] == false && !overview["active"].is_null() {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    assert_eq!(
        overview["keychain_problem"]["kind"], "keychain_unavailable",
        "{overview}"
    );
    assert_eq!(overview["active"], "demo", "{overview}");
    assert_eq!(overview["accounts"], json!([]));

    // No fallback: the token is in no file Adwright wrote.
    for dir in [
        app.path().app_data_dir().unwrap(),
        app.path().app_config_dir().unwrap(),
    ] {
        for file in files(&dir) {
            let text =
                String::from_utf8_lossy(&std::fs::read(&file).unwrap_or_default()).into_owned();
            assert!(!text.contains(token), "token in {}", file.display());
        }
    }
}
