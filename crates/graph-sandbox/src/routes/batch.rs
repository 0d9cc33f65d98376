//! `POST /` with `batch=[…]`: up to 50 operations, each answered in order as
//! `{"code","headers","body":"<JSON text>"}` [doc https://developers.facebook.com/docs/graph-api/batch-requests].

use std::collections::HashMap;

use serde_json::{json, Value};

use crate::errors::GraphError;
use crate::graph::{Core, Reply};
use crate::wire::{parse_urlencoded, value_as_text, Params, TokenSource, WireRequest};

pub const MAX_BATCH: usize = 50;

pub fn handle_batch(core: &Core, request: &WireRequest, version: &str) -> Reply {
    match run(core, request, version) {
        Ok(items) => Reply {
            status: 200,
            body: Value::Array(items),
            headers: vec![],
        },
        Err(e) => core.error_reply(&e, vec![]),
    }
}

fn run(core: &Core, request: &WireRequest, version: &str) -> Result<Vec<Value>, GraphError> {
    if request.token.is_none() {
        return Err(GraphError::token_required());
    }
    let operations = match request.params.json("batch")? {
        None => return Err(GraphError::missing_param("batch")),
        Some(Value::Array(ops)) => ops,
        Some(_) => {
            return Err(
                GraphError::invalid_parameter("Param batch must be a JSON array")
                    .blaming(&["batch"]),
            )
        }
    };
    if operations.len() > MAX_BATCH {
        return Err(GraphError::batch_too_large(MAX_BATCH));
    }
    let include_headers = request.params.str("include_headers").as_deref() != Some("false");
    let mut results_by_name: HashMap<String, Value> = HashMap::new();
    let mut replies = Vec::with_capacity(operations.len());
    for op in &operations {
        let reply = run_one(core, request, version, op, &results_by_name);
        let ok = reply.status == 200;
        if let (Some(name), true) = (op.get("name").and_then(Value::as_str), ok) {
            results_by_name.insert(name.to_string(), reply.body.clone());
        }
        if ok && op.get("omit_response_on_success").and_then(Value::as_bool) == Some(true) {
            replies.push(Value::Null);
            continue;
        }
        let mut item = json!({"code": reply.status, "body": reply.body.to_string()});
        if include_headers {
            let mut headers =
                vec![json!({"name": "Content-Type", "value": "text/javascript; charset=UTF-8"})];
            headers.extend(
                reply
                    .headers
                    .iter()
                    .map(|(n, v)| json!({"name": n, "value": v})),
            );
            item["headers"] = Value::Array(headers);
        }
        replies.push(item);
    }
    Ok(replies)
}

/// Replaces `{result=NAME:$.path}` with a value of an earlier named operation's result.
fn substitute(text: &str, results: &HashMap<String, Value>) -> Result<String, GraphError> {
    let mut out = String::new();
    let mut rest = text;
    // JSONPath references may arrive URL-encoded inside bodies.
    let decoded;
    if rest.contains("%7Bresult%3D") || rest.contains("%7Bresult=") {
        decoded = rest
            .replace("%7B", "{")
            .replace("%7D", "}")
            .replace("%3D", "=")
            .replace("%3A", ":")
            .replace("%24", "$");
        rest = &decoded;
    }
    while let Some(start) = rest.find("{result=") {
        out.push_str(&rest[..start]);
        let end = rest[start..].find('}').ok_or_else(|| {
            GraphError::invalid_parameter("Malformed JSONPath reference in batch")
        })?;
        let reference = &rest[start + 8..start + end];
        let (name, path) = reference.split_once(':').ok_or_else(|| {
            GraphError::invalid_parameter("Malformed JSONPath reference in batch")
        })?;
        let mut value = results.get(name).ok_or_else(|| {
            GraphError::invalid_parameter(format!(
                "Batch operation {name} has no result to reference"
            ))
        })?;
        for part in path
            .trim_start_matches('$')
            .split('.')
            .filter(|p| !p.is_empty())
        {
            value = match part.parse::<usize>() {
                Ok(i) => value.get(i),
                Err(_) => value.get(part),
            }
            .ok_or_else(|| {
                GraphError::invalid_parameter(format!("JSONPath {path} matched nothing in {name}"))
            })?;
        }
        out.push_str(&value_as_text(value));
        rest = &rest[start + end + 1..];
    }
    out.push_str(rest);
    Ok(out)
}

fn run_one(
    core: &Core,
    outer: &WireRequest,
    version: &str,
    op: &Value,
    results: &HashMap<String, Value>,
) -> Reply {
    let build = || -> Result<WireRequest, GraphError> {
        let method = op
            .get("method")
            .and_then(Value::as_str)
            .ok_or_else(|| GraphError::missing_param("method"))?
            .to_ascii_uppercase();
        let relative = op
            .get("relative_url")
            .and_then(Value::as_str)
            .ok_or_else(|| GraphError::missing_param("relative_url"))?;
        let relative = substitute(relative, results)?;
        let (path, query) = relative.split_once('?').unwrap_or((&relative, ""));
        let mut params = Params::default();
        parse_urlencoded(query.as_bytes(), &mut params);
        if let Some(body) = op.get("body").and_then(Value::as_str) {
            parse_urlencoded(substitute(body, results)?.as_bytes(), &mut params);
        }
        if let Some(names) = op.get("attached_files").and_then(Value::as_str) {
            for name in names.split(',').map(str::trim) {
                if let Some(file) = outer.params.files.iter().find(|f| f.field == name) {
                    params.files.push(file.clone());
                }
            }
        }
        let token = match params.remove("access_token") {
            Some(t) => Some((value_as_text(&t), TokenSource::Body)),
            None => outer.token.clone(),
        };
        let path = path.trim_start_matches('/');
        // Items carry no version; they run on the batch's version.
        let path =
            if path.starts_with('v') && path.split('/').next().is_some_and(|v| v.contains('.')) {
                path.to_string()
            } else {
                format!("{version}/{path}")
            };
        Ok(WireRequest {
            method,
            path,
            params,
            token,
        })
    };
    match build() {
        Ok(inner) if crate::graph::split_path(&inner.path).1.is_empty() => core.error_reply(
            &GraphError::invalid_parameter("Batch operations cannot contain a batch"),
            vec![],
        ),
        Ok(inner) => core.handle(&inner),
        Err(e) => core.error_reply(&e, vec![]),
    }
}
