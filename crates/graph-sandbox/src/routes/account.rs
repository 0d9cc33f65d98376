//! `act_<id>` and its edges: campaigns, adsets, ads, adcreatives, adimages, generatepreviews.

use serde_json::{json, Map, Value};

use super::{check_enum, validate_only};
use crate::errors::GraphError;
use crate::graph::Call;
use crate::render::{apply_filtering, fields_param, full_node, paginate, render_node, PageLink};
use crate::state::{now_graph_time, AdSet, Campaign};
use crate::vocab;

pub fn route(
    call: &mut Call,
    account_id: &str,
    method: &str,
    rest: &[&str],
) -> Result<Value, GraphError> {
    match (method, rest) {
        ("GET", []) => {
            let fields = fields_param(call.params)?;
            render_node(
                &call.read_ctx(),
                &format!("act_{account_id}"),
                fields.as_deref(),
            )
        }
        ("GET", ["campaigns"]) => list_objects(call, account_id, ObjectEdge::Campaigns),
        ("GET", ["adsets"]) => list_objects(call, account_id, ObjectEdge::AdSets),
        ("GET", ["ads"]) => list_objects(call, account_id, ObjectEdge::Ads),
        ("GET", ["adcreatives"]) => list_objects(call, account_id, ObjectEdge::Creatives),
        ("POST", ["campaigns"]) => create_campaign(call, account_id),
        ("POST", ["adsets"]) => create_adset(call, account_id),
        ("POST", ["adcreatives"]) => super::creatives::create_creative(call, account_id),
        ("POST", ["ads"]) => super::creatives::create_ad(call, account_id),
        ("GET", ["adimages"]) => super::images::list_images(call, account_id),
        ("POST", ["adimages"]) => super::images::upload_images(call, account_id),
        ("DELETE", ["adimages"]) => super::images::delete_image(call, account_id),
        ("GET", ["generatepreviews"]) => super::previews::generate_previews(call, account_id),
        (_, []) | (_, [_]) => Err(GraphError::unsupported_method(method, &call.path())),
        _ => Err(GraphError::unknown_path(&call.path())),
    }
}

#[derive(Clone, Copy)]
enum ObjectEdge {
    Campaigns,
    AdSets,
    Ads,
    Creatives,
}

/// Listing with `fields`, `filtering`, `effective_status` and paging; newest first and without
/// deleted objects, as Ads Manager lists them.
fn list_objects(call: &mut Call, account_id: &str, edge: ObjectEdge) -> Result<Value, GraphError> {
    let w = &call.world;
    let mut ids: Vec<String> = match edge {
        ObjectEdge::Campaigns => w
            .campaigns
            .values()
            .filter(|o| o.account_id == account_id && o.status != "DELETED")
            .map(|o| o.id.clone())
            .collect(),
        ObjectEdge::AdSets => w
            .adsets
            .values()
            .filter(|o| o.account_id == account_id && o.status != "DELETED")
            .map(|o| o.id.clone())
            .collect(),
        ObjectEdge::Ads => w
            .ads
            .values()
            .filter(|o| o.account_id == account_id && o.status != "DELETED")
            .map(|o| o.id.clone())
            .collect(),
        ObjectEdge::Creatives => w
            .creatives
            .values()
            .filter(|o| o.account_id == account_id && o.status != "DELETED")
            .map(|o| o.id.clone())
            .collect(),
    };
    ids.sort_by(|a, b| b.len().cmp(&a.len()).then(b.cmp(a)));
    list_ids(call, ids)
}

/// Applies `filtering`/`effective_status`, renders `fields` and pages a list of object ids.
pub fn list_ids(call: &Call, ids: Vec<String>) -> Result<Value, GraphError> {
    let ctx = call.read_ctx();
    let full: Vec<Map<String, Value>> = ids
        .iter()
        .filter_map(|id| full_node(&ctx, id).map(|(_, m)| m))
        .collect();
    let mut kept = apply_filtering(full, call.params)?;
    if let Some(statuses) = call.params.json("effective_status")? {
        let Value::Array(statuses) = statuses else {
            return Err(
                GraphError::invalid_parameter("Param effective_status must be an array")
                    .blaming(&["effective_status"]),
            );
        };
        for s in &statuses {
            check_enum(
                &["effective_status"],
                s.as_str().unwrap_or_default(),
                crate::vocab::AD_EFFECTIVE_STATUS,
            )?;
        }
        kept.retain(|item| {
            item.get("effective_status")
                .is_some_and(|s| statuses.contains(s))
        });
    }
    let fields = fields_param(call.params)?;
    let items = kept
        .iter()
        .filter_map(|m| m.get("id").and_then(Value::as_str))
        .map(|id| render_node(&ctx, id, fields.as_deref()))
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

fn optional_enum(call: &Call, name: &str, allowed: &[&str]) -> Result<Option<String>, GraphError> {
    match call.params.str(name) {
        Some(value) => {
            check_enum(&[name], &value, allowed)?;
            Ok(Some(value))
        }
        None => Ok(None),
    }
}

fn optional_amount(call: &Call, name: &str) -> Result<Option<String>, GraphError> {
    match call.params.str(name) {
        Some(v) if v.parse::<u64>().is_ok() => Ok(Some(v)),
        Some(_) => Err(GraphError::invalid_parameter(format!(
            "Param {name} must be a non-negative integer in the account currency's minor unit"
        ))
        .blaming(&[name])),
        None => Ok(None),
    }
}

/// [spec AdAccount.json POST campaigns; REFERENCE §3]
fn create_campaign(call: &mut Call, account_id: &str) -> Result<Value, GraphError> {
    let name = call.params.required_str("name")?;
    let objective = call.params.required_str("objective")?;
    check_enum(&["objective"], &objective, vocab::CAMPAIGN_OBJECTIVES)?;
    let categories = match call.params.json("special_ad_categories")? {
        None => return Err(GraphError::missing_param("special_ad_categories")),
        Some(Value::Array(items)) => items
            .iter()
            .map(|v| {
                let s = crate::wire::value_as_text(v);
                check_enum(&["special_ad_categories"], &s, vocab::SPECIAL_AD_CATEGORIES).map(|_| s)
            })
            .collect::<Result<Vec<_>, _>>()?,
        Some(_) => {
            return Err(GraphError::invalid_parameter(
                "Param special_ad_categories must be an array",
            )
            .blaming(&["special_ad_categories"]))
        }
    };
    let status =
        optional_enum(call, "status", vocab::OBJECT_STATUS)?.unwrap_or_else(|| "ACTIVE".into());
    let daily_budget = optional_amount(call, "daily_budget")?;
    if validate_only(call)? {
        return Ok(json!({"success": true}));
    }
    let id = call.world.new_id();
    let now = now_graph_time();
    call.world.campaigns.insert(
        id.clone(),
        Campaign {
            id: id.clone(),
            account_id: account_id.to_string(),
            name,
            objective,
            status,
            special_ad_categories: categories,
            daily_budget,
            created_time: now.clone(),
            updated_time: now,
        },
    );
    Ok(json!({ "id": id }))
}

/// [spec AdAccount.json POST adsets; REFERENCE §3]
fn create_adset(call: &mut Call, account_id: &str) -> Result<Value, GraphError> {
    let name = call.params.required_str("name")?;
    let campaign_id = call.params.required_str("campaign_id")?;
    let campaign_has_budget = match call.world.campaigns.get(&campaign_id) {
        Some(c) if c.account_id == account_id && c.status != "DELETED" => c.daily_budget.is_some(),
        _ => {
            return Err(GraphError::invalid_parameter(format!(
                "Param campaign_id {campaign_id} is not a campaign of this ad account"
            ))
            .blaming(&["campaign_id"]))
        }
    };
    let billing_event = call.params.required_str("billing_event")?;
    check_enum(&["billing_event"], &billing_event, vocab::BILLING_EVENTS)?;
    let optimization_goal = call.params.required_str("optimization_goal")?;
    check_enum(
        &["optimization_goal"],
        &optimization_goal,
        vocab::OPTIMIZATION_GOALS,
    )?;
    let bid_strategy = optional_enum(call, "bid_strategy", vocab::BID_STRATEGIES)?;
    let status =
        optional_enum(call, "status", vocab::OBJECT_STATUS)?.unwrap_or_else(|| "ACTIVE".into());
    let daily_budget = optional_amount(call, "daily_budget")?;
    let lifetime_budget = optional_amount(call, "lifetime_budget")?;
    if daily_budget.is_none() && lifetime_budget.is_none() && !campaign_has_budget {
        return Err(GraphError::invalid_parameter(
            "Either daily_budget or lifetime_budget must be set when the campaign has no budget",
        )
        .blaming(&["daily_budget"]));
    }
    let targeting = match call.params.json("targeting")? {
        Some(Value::Object(t)) => Value::Object(t),
        Some(_) => {
            return Err(
                GraphError::invalid_parameter("Param targeting must be a JSON object")
                    .blaming(&["targeting"]),
            )
        }
        None => return Err(GraphError::missing_param("targeting")),
    };
    let promoted_object = call
        .params
        .json_object("promoted_object")?
        .map(Value::Object);
    if let Some(set_id) = promoted_object
        .as_ref()
        .and_then(|p| p.get("product_set_id"))
        .and_then(Value::as_str)
    {
        if !call.world.product_set_usable_by(set_id, account_id) {
            return Err(GraphError::invalid_parameter(format!(
                "Product set {set_id} cannot be used by this ad account"
            ))
            .blaming(&["promoted_object", "product_set_id"]));
        }
    }
    if validate_only(call)? {
        return Ok(json!({"success": true}));
    }
    let id = call.world.new_id();
    let now = now_graph_time();
    call.world.adsets.insert(
        id.clone(),
        AdSet {
            id: id.clone(),
            account_id: account_id.to_string(),
            campaign_id,
            name,
            status,
            daily_budget,
            lifetime_budget,
            billing_event,
            optimization_goal,
            bid_strategy,
            bid_amount: call.params.str("bid_amount"),
            targeting,
            promoted_object,
            created_time: now.clone(),
            updated_time: now,
        },
    );
    Ok(json!({ "id": id }))
}
