//! `me`, `me/adaccounts`, `me/accounts` (pages), `me/businesses`, `debug_token`.

use serde_json::{json, Value};

use crate::errors::GraphError;
use crate::graph::Call;
use crate::render::{fields_param, paginate, render_node, render_node_with_extra, PageLink};
use crate::state::{token_hash, TokenState};

pub fn me(call: &mut Call) -> Result<Value, GraphError> {
    let fields = fields_param(call.params)?;
    render_node(&call.read_ctx(), &call.user_id, fields.as_deref())
}

/// Renders each id with the request's `fields` and pages the result.
pub fn list_nodes(call: &Call, ids: &[String], extra_fields: &[&str]) -> Result<Value, GraphError> {
    let fields = fields_param(call.params)?;
    let ctx = call.read_ctx();
    let items = ids
        .iter()
        .map(|id| render_node_with_extra(&ctx, id, fields.as_deref(), extra_fields))
        .collect::<Result<Vec<_>, _>>()?;
    let (version, path) = call.page_link();
    let link = PageLink {
        base_url: call.base_url,
        version: &version,
        path: &path,
        token: &call.token,
    };
    paginate(items, call.params, &link, true)
}

pub fn adaccounts(call: &mut Call) -> Result<Value, GraphError> {
    let ids: Vec<String> = call
        .world
        .ad_accounts
        .values()
        .filter(|a| a.user_ids.contains(&call.user_id))
        .map(|a| format!("act_{}", a.account_id))
        .collect();
    list_nodes(call, &ids, &[])
}

pub fn pages(call: &mut Call) -> Result<Value, GraphError> {
    let ids: Vec<String> = call
        .world
        .pages
        .values()
        .filter(|p| p.user_ids.contains(&call.user_id))
        .map(|p| p.id.clone())
        .collect();
    // `tasks` is a field of the accounts edge, not of Page itself.
    list_nodes(call, &ids, &["tasks"])
}

pub fn businesses(call: &mut Call) -> Result<Value, GraphError> {
    let ids: Vec<String> = call
        .world
        .businesses
        .values()
        .filter(|b| b.user_ids.contains(&call.user_id))
        .map(|b| b.id.clone())
        .collect();
    list_nodes(call, &ids, &[])
}

/// [doc https://developers.facebook.com/docs/graph-api/reference/debug_token]
pub fn debug_token(call: &mut Call) -> Result<Value, GraphError> {
    let input = call.params.required_str("input_token")?;
    let Some(record) = call.world.tokens.get(&token_hash(&input)) else {
        return Ok(json!({"data": {"is_valid": false, "error": {
            "code": 190, "message": "Invalid OAuth access token - Cannot parse access token"}}}));
    };
    if record.app_id != call.app_id {
        return Err(GraphError::invalid_parameter("You must provide an app access token, or a user access token that is an owner or developer of the app"));
    }
    let app_name = call
        .world
        .apps
        .get(&record.app_id)
        .map(|a| a.name.clone())
        .unwrap_or_default();
    let is_valid = record.state == TokenState::Valid;
    let mut data = json!({
        "app_id": record.app_id,
        "type": "USER",
        "application": app_name,
        "data_access_expires_at": record.issued_at + 90 * 86_400,
        "expires_at": 0,
        "is_valid": is_valid,
        "issued_at": record.issued_at,
        "scopes": record.scopes,
        "granular_scopes": record.scopes.iter().map(|s| json!({"scope": s})).collect::<Vec<_>>(),
        "user_id": record.user_id,
    });
    if !is_valid {
        let subcode = match record.state {
            TokenState::Expired => 463,
            TokenState::PasswordChanged => 460,
            _ => 467,
        };
        data["error"] = json!({"code": 190, "subcode": subcode, "message": GraphError::token_invalid(subcode).message});
    }
    Ok(json!({ "data": data }))
}
