//! The window's side of IPC through Tauri's mock runtime, with the app's real context and
//! capabilities (the real ACL decides what may be called) and real serialization.

use std::sync::Mutex;

use serde_json::Value;
use tauri::ipc::{CallbackFn, InvokeBody};
use tauri::test::{get_ipc_response, mock_builder, MockRuntime, INVOKE_KEY};
use tauri::webview::InvokeRequest;
use tauri::{App, WebviewWindow, WebviewWindowBuilder};

pub type Window = WebviewWindow<MockRuntime>;

/// Every answer the window got in this process, as JSON text (to search for a token).
static ANSWERS: Mutex<Vec<String>> = Mutex::new(Vec::new());

pub fn answers() -> Vec<String> {
    ANSWERS.lock().unwrap_or_else(|p| p.into_inner()).clone()
}

/// Calls `cmd` as the window would, with a raw or JSON body and headers.
pub fn request(
    webview: &Window,
    cmd: &str,
    body: InvokeBody,
    headers: tauri::http::HeaderMap,
) -> Result<Value, Value> {
    let answer = get_ipc_response(
        webview,
        InvokeRequest {
            cmd: cmd.into(),
            callback: CallbackFn(0),
            error: CallbackFn(1),
            url: "tauri://localhost".parse().expect("url"),
            body,
            headers,
            invoke_key: INVOKE_KEY.to_string(),
        },
    )
    .map(|response| response.deserialize::<Value>().expect("json response"));
    let text = match &answer {
        Ok(v) | Err(v) => v.to_string(),
    };
    ANSWERS.lock().unwrap_or_else(|p| p.into_inner()).push(text);
    answer
}

pub fn invoke(webview: &Window, cmd: &str, args: Value) -> Result<Value, Value> {
    request(webview, cmd, InvokeBody::Json(args), Default::default())
}

pub fn ok(webview: &Window, cmd: &str, args: Value) -> Value {
    invoke(webview, cmd, args.clone()).unwrap_or_else(|e| panic!("{cmd} {args}: {e}"))
}

/// The app with its data and config under a throwaway `adwright-<name>-<pid>` folder.
pub fn app(name: &str) -> (App<MockRuntime>, Window) {
    let data = std::env::temp_dir().join(format!("adwright-{name}-{}", std::process::id()));
    std::env::set_var("XDG_DATA_HOME", &data);
    std::env::set_var("XDG_CONFIG_HOME", &data);
    let app = adwright_lib::build(mock_builder())
        .build(adwright_lib::context())
        .expect("app builds");
    let webview = WebviewWindowBuilder::new(&app, "main", Default::default())
        .build()
        .expect("main window");
    (app, webview)
}
