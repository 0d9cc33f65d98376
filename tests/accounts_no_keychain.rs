//! No Secret Service at all (no session bus): connecting a Meta account is refused with the
//! fix for this OS before the token goes anywhere, nothing falls back to memory or a file, and
//! the app still starts (on the demo account) so drafting goes on.

use serde_json::{json, Value};
use tauri::ipc::{CallbackFn, InvokeBody};
use tauri::test::{get_ipc_response, mock_builder, MockRuntime, INVOKE_KEY};
use tauri::webview::InvokeRequest;
use tauri::{Manager, WebviewWindow, WebviewWindowBuilder};

fn invoke(webview: &WebviewWindow<MockRuntime>, cmd: &str, body: Value) -> Result<Value, Value> {
    get_ipc_response(
        webview,
        InvokeRequest {
            cmd: cmd.into(),
            callback: CallbackFn(0),
            error: CallbackFn(1),
            url: "tauri://localhost".parse().expect("url"),
            body: InvokeBody::Json(body),
            headers: Default::default(),
            invoke_key: INVOKE_KEY.to_string(),
        },
    )
    .map(|response| response.deserialize().expect("json response"))
}

#[test]
fn without_a_secret_service_connecting_is_refused_with_the_fix_and_nothing_is_kept() {
    // This binary holds only this test, so nothing else reads the environment.
    std::env::set_var(
        "DBUS_SESSION_BUS_ADDRESS",
        "unix:path=/nonexistent/adwright-test-bus",
    );
    let data = std::env::temp_dir().join(format!("adwright-no-keychain-{}", std::process::id()));
    std::env::set_var("XDG_DATA_HOME", &data);
    std::env::set_var("XDG_CONFIG_HOME", &data);
    let app = adwright_lib::build(mock_builder())
        .build(adwright_lib::context())
        .expect("app builds");
    let webview = WebviewWindowBuilder::new(&app, "main", Default::default())
        .build()
        .expect("main window");

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

fn files(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let path = entry.path();
        if path.is_dir() {
            out.extend(files(&path));
        } else {
            out.push(path);
        }
    }
    out
}
