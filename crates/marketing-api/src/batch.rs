//! Batch requests: many small calls in one HTTP request (REFERENCE §1.1 "Batch", §7).
//!
//! `POST /<version>/` with form field `batch` = sorted compact JSON list of
//! `{"method", "relative_url", "body"?}`; `relative_url` has no version and no leading
//! slash, GET params are appended to it, bodies are `quote`-encoded. The reply is a list
//! in request order of `{"code", "headers", "body": "<JSON text>"}` or `null` for an item
//! Graph did not process (those are sent again, as the SDK does).

use serde::de::DeserializeOwned;
use serde_json::{json, Value};

use crate::calls::{Call, GraphPath, Method};
use crate::client::Client;
use crate::error::{ApiError, Error, GraphError};
use crate::wire::{sorted_json, Params};

/// Graph's limit on operations per batch.
pub const MAX_BATCH: usize = 50;

/// One operation of a batch.
#[derive(Clone, Debug, PartialEq)]
pub struct BatchItem {
    pub method: Method,
    pub relative_url: String,
    pub body: Option<String>,
    /// Safe to send again (reads).
    retry_safe: bool,
}

impl<T> From<&Call<T>> for BatchItem {
    fn from(call: &Call<T>) -> Self {
        let (relative_url, body) = call.batch_parts();
        Self {
            method: call.method,
            relative_url,
            body,
            retry_safe: call.retry_safe,
        }
    }
}

impl BatchItem {
    fn to_json(&self) -> Value {
        let mut v = json!({"method": self.method.as_str(), "relative_url": self.relative_url});
        if let Some(b) = &self.body {
            v["body"] = Value::String(b.clone());
        }
        v
    }
}

/// The `POST /<version>/` call carrying `items`.
pub fn batch_call(items: &[BatchItem]) -> Call<Value> {
    let list = Value::Array(items.iter().map(BatchItem::to_json).collect());
    let mut call = Call::new(
        Method::Post,
        GraphPath::Root,
        Params::new().str("batch", sorted_json(&list)),
    );
    call.retry_safe = items.iter().all(|i| i.retry_safe);
    call
}

/// The reply to one item.
#[derive(Debug)]
pub struct BatchResponse(pub Result<Value, Error>);

impl BatchResponse {
    pub fn parse<T: DeserializeOwned>(self) -> Result<T, Error> {
        let v = self.0?;
        serde_json::from_value(v).map_err(|e| Error::Decode(e.to_string()))
    }
}

fn item_result(item: &Value) -> Option<Result<Value, Error>> {
    if item.is_null() {
        return None;
    }
    let code = item.get("code").and_then(Value::as_u64).unwrap_or(0) as u16;
    let body: Value = match item.get("body") {
        Some(Value::String(s)) => serde_json::from_str(s).unwrap_or(Value::String(s.clone())),
        Some(v) => v.clone(),
        None => Value::Null,
    };
    if let Some(err) = body.get("error") {
        let g: GraphError = serde_json::from_value(err.clone()).unwrap_or_default();
        let kind = g.classify(None);
        return Some(Err(Error::Graph(Box::new(ApiError {
            kind,
            graph: g,
            http_status: code,
        }))));
    }
    if code >= 500 {
        return Some(Err(Error::Http(code)));
    }
    Some(Ok(body))
}

impl Client {
    /// Send calls as batches of at most 50; results in the order given. Items Graph
    /// left unprocessed (`null`) are sent again once; if still unprocessed they come
    /// back as a transient error.
    pub async fn batch(&self, items: &[BatchItem]) -> Result<Vec<BatchResponse>, Error> {
        let mut out: Vec<Option<Result<Value, Error>>> = (0..items.len()).map(|_| None).collect();
        for (chunk_no, chunk) in items.chunks(MAX_BATCH).enumerate() {
            let base = chunk_no * MAX_BATCH;
            let mut pending: Vec<usize> = (0..chunk.len()).collect();
            for _round in 0..2 {
                if pending.is_empty() {
                    break;
                }
                let send: Vec<BatchItem> = pending.iter().map(|&i| chunk[i].clone()).collect();
                let reply = self.execute(&batch_call(&send)).await?;
                let list = reply
                    .as_array()
                    .ok_or_else(|| Error::Decode("batch reply is not a list".into()))?;
                let mut still = Vec::new();
                for (pos, &i) in pending.iter().enumerate() {
                    match list.get(pos).and_then(item_result) {
                        Some(r) => out[base + i] = Some(r),
                        // Not processed: only reads are sent again.
                        None if chunk[i].retry_safe => still.push(i),
                        None => {}
                    }
                }
                pending = still;
            }
        }
        Ok(out
            .into_iter()
            .map(|r| BatchResponse(r.unwrap_or(Err(Error::Http(503)))))
            .collect())
    }
}
