//! Shared helpers for the sandbox's integration tests.
#![allow(dead_code)]

use graph_sandbox::{RunningSandbox, Sandbox, SandboxConfig};
use serde_json::Value;

pub const GOLDEN_DIR: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../tests/fixtures/graph-api/golden"
);

pub async fn start() -> RunningSandbox {
    start_with(SandboxConfig::default()).await
}

pub async fn start_with(config: SandboxConfig) -> RunningSandbox {
    Sandbox::start(config).await.expect("sandbox starts")
}

pub fn client() -> reqwest::Client {
    reqwest::Client::builder().build().expect("client builds")
}

pub struct Answer {
    pub status: u16,
    pub headers: reqwest::header::HeaderMap,
    pub body: Value,
}

impl Answer {
    pub fn header(&self, name: &str) -> Option<Value> {
        self.headers
            .get(name)
            .and_then(|v| serde_json::from_str(v.to_str().ok()?).ok())
    }

    /// Asserts a Graph error with this code and returns its `error` object.
    pub fn expect_error(&self, code: u64) -> &Value {
        assert!(
            self.status >= 400,
            "expected an error status, got {} {}",
            self.status,
            self.body
        );
        let error = &self.body["error"];
        assert_eq!(error["code"], code, "unexpected error: {}", self.body);
        for key in ["message", "type", "fbtrace_id"] {
            assert!(error[key].is_string(), "error lacks {key}: {}", self.body);
        }
        error
    }

    pub fn expect_ok(&self) -> &Value {
        assert_eq!(self.status, 200, "expected success, got {}", self.body);
        &self.body
    }
}

pub async fn answer(response: reqwest::Response) -> Answer {
    let status = response.status().as_u16();
    let headers = response.headers().clone();
    let text = response.text().await.expect("body reads");
    let body = serde_json::from_str(&text).unwrap_or(Value::String(text));
    Answer {
        status,
        headers,
        body,
    }
}

pub async fn get(sb: &RunningSandbox, path: &str, query: &[(&str, &str)]) -> Answer {
    let mut q: Vec<(&str, &str)> = vec![("access_token", sb.seed.access_token.as_str())];
    q.extend_from_slice(query);
    answer(
        client()
            .get(format!("{}/v25.0/{path}", sb.base_url))
            .query(&q)
            .send()
            .await
            .expect("request sent"),
    )
    .await
}

pub async fn post(sb: &RunningSandbox, path: &str, form: &[(&str, &str)]) -> Answer {
    let mut f: Vec<(&str, &str)> = vec![("access_token", sb.seed.access_token.as_str())];
    f.extend_from_slice(form);
    answer(
        client()
            .post(format!("{}/v25.0/{path}", sb.base_url))
            .form(&f)
            .send()
            .await
            .expect("request sent"),
    )
    .await
}

pub fn story(page_id: &str, image_hash: &str, message: &str) -> String {
    serde_json::json!({"page_id": page_id, "link_data": {"image_hash": image_hash, "link": "https://shop.example/", "message": message, "call_to_action": {"type": "SHOP_NOW"}}}).to_string()
}

pub fn opt_in(feature: &str) -> String {
    serde_json::json!({"creative_features_spec": {feature: {"enroll_status": "OPT_IN"}}})
        .to_string()
}
