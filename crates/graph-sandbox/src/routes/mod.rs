//! Routing of Graph paths to the handlers of each object family.

pub mod account;
pub mod batch;
pub mod creatives;
pub mod images;
pub mod nodes;
pub mod previews;
pub mod user;

use serde_json::Value;

use crate::errors::GraphError;
use crate::graph::Call;

pub fn dispatch(call: &mut Call) -> Result<Value, GraphError> {
    let segments = call.segments.clone();
    let method = call.method.to_string();
    let segs: Vec<&str> = segments.iter().map(String::as_str).collect();
    match (method.as_str(), segs.as_slice()) {
        ("GET", ["me"]) => user::me(call),
        ("GET", ["me", "adaccounts"]) => user::adaccounts(call),
        ("GET", ["me", "accounts"]) => user::pages(call),
        ("GET", ["me", "businesses"]) => user::businesses(call),
        ("GET", ["debug_token"]) => user::debug_token(call),
        (_, [first, rest @ ..]) if first.starts_with("act_") => {
            let account_id = first.trim_start_matches("act_").to_string();
            if !call.world.user_can_use_account(&call.user_id, &account_id) {
                return Err(GraphError::unknown_object(first, &method));
            }
            account::route(call, &account_id, &method, rest)
        }
        (_, [id, rest @ ..]) => {
            if !call.world.user_can_see(&call.user_id, id) {
                return Err(GraphError::unknown_object(id, &method));
            }
            nodes::route(call, id, &method, rest)
        }
        _ => Err(GraphError::unknown_path(&call.path())),
    }
}

/// Checks `value` against an enum, naming the field (and blaming it) when it is not allowed.
pub fn check_enum(path: &[&str], value: &str, allowed: &[&str]) -> Result<(), GraphError> {
    if allowed.contains(&value) {
        Ok(())
    } else {
        Err(GraphError::bad_enum(path, value, allowed))
    }
}

/// `execution_options=["validate_only"]`: validate, change nothing, answer success.
pub fn validate_only(call: &Call) -> Result<bool, GraphError> {
    Ok(match call.params.json("execution_options")? {
        Some(Value::Array(options)) => options.iter().any(|o| o.as_str() == Some("validate_only")),
        _ => false,
    })
}
