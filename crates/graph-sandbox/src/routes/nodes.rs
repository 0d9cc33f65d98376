//! Reads, updates and deletes of objects by id, and the edges of non-account nodes.

use serde_json::{json, Value};

use super::check_enum;
use crate::errors::GraphError;
use crate::graph::Call;
use crate::render::{fields_param, render_node};
use crate::state::{now_graph_time, NodeKind};
use crate::vocab;

pub fn route(call: &mut Call, id: &str, method: &str, rest: &[&str]) -> Result<Value, GraphError> {
    let kind = call
        .world
        .node_kind(id)
        .ok_or_else(|| GraphError::unknown_object(id, method))?;
    match (method, kind, rest) {
        ("GET", _, []) => {
            let fields = fields_param(call.params)?;
            render_node(&call.read_ctx(), id, fields.as_deref())
        }
        ("POST", _, []) => update(call, id, kind),
        (
            "DELETE",
            NodeKind::Campaign | NodeKind::AdSet | NodeKind::Ad | NodeKind::Creative,
            [],
        ) => {
            set_status(call, id, kind, "DELETED");
            Ok(json!({"success": true}))
        }
        ("GET", NodeKind::Ad, ["previews"]) => {
            let creative_id = call.world.ads[id].creative_id.clone();
            super::previews::creative_previews(call, &creative_id)
        }
        ("GET", NodeKind::Creative, ["previews"]) => super::previews::creative_previews(call, id),
        ("GET", NodeKind::Business, ["owned_product_catalogs"]) => {
            let ids: Vec<String> = call
                .world
                .catalogs
                .values()
                .filter(|c| c.business_id == id)
                .map(|c| c.id.clone())
                .collect();
            super::account::list_ids(call, ids)
        }
        ("GET", NodeKind::Catalog, ["product_sets"]) => {
            let ids: Vec<String> = call
                .world
                .product_sets
                .values()
                .filter(|s| s.catalog_id == id)
                .map(|s| s.id.clone())
                .collect();
            super::account::list_ids(call, ids)
        }
        ("GET", NodeKind::Catalog, ["products"]) => {
            let ids: Vec<String> = call
                .world
                .products
                .values()
                .filter(|p| p.catalog_id == id)
                .map(|p| p.id.clone())
                .collect();
            super::account::list_ids(call, ids)
        }
        ("GET", NodeKind::ProductSet, ["products"]) => {
            let ids = call.world.product_sets[id].product_ids.clone();
            super::account::list_ids(call, ids)
        }
        ("GET", NodeKind::Campaign | NodeKind::AdSet, ["ads"]) => {
            let mut ids: Vec<String> = call
                .world
                .ads
                .values()
                .filter(|a| (a.campaign_id == id || a.adset_id == id) && a.status != "DELETED")
                .map(|a| a.id.clone())
                .collect();
            ids.reverse();
            super::account::list_ids(call, ids)
        }
        (_, _, []) => Err(GraphError::unsupported_method(method, id)),
        _ => Err(GraphError::unknown_path(&call.path())),
    }
}

fn set_status(call: &mut Call, id: &str, kind: NodeKind, status: &str) {
    let now = now_graph_time();
    let w = &mut call.world;
    match kind {
        NodeKind::Campaign => {
            if let Some(c) = w.campaigns.get_mut(id) {
                c.status = status.into();
                c.updated_time = now;
            }
        }
        NodeKind::AdSet => {
            if let Some(s) = w.adsets.get_mut(id) {
                s.status = status.into();
                s.updated_time = now;
            }
        }
        NodeKind::Ad => {
            if let Some(a) = w.ads.get_mut(id) {
                a.status = status.into();
                a.updated_time = now;
            }
        }
        NodeKind::Creative => {
            if let Some(c) = w.creatives.get_mut(id) {
                c.status = status.into();
            }
        }
        _ => {}
    }
}

/// `POST <id>`: status and name of campaigns, ad sets and ads; name of creatives.
fn update(call: &mut Call, id: &str, kind: NodeKind) -> Result<Value, GraphError> {
    if !matches!(
        kind,
        NodeKind::Campaign | NodeKind::AdSet | NodeKind::Ad | NodeKind::Creative
    ) {
        return Err(GraphError::unsupported_method("post", id));
    }
    let status = call.params.str("status");
    let name = call.params.str("name");
    if status.is_none() && name.is_none() && !call.params.contains("daily_budget") {
        return Err(
            GraphError::invalid_parameter("No fields to update were given").blaming(&["status"]),
        );
    }
    if let Some(status) = &status {
        let allowed = if kind == NodeKind::Creative {
            &["ACTIVE", "DELETED"][..]
        } else {
            vocab::OBJECT_STATUS
        };
        check_enum(&["status"], status, allowed)?;
    }
    if let Some(budget) = call.params.str("daily_budget") {
        if kind != NodeKind::AdSet && kind != NodeKind::Campaign || budget.parse::<u64>().is_err() {
            return Err(GraphError::invalid_parameter(
                "Param daily_budget must be a non-negative integer",
            )
            .blaming(&["daily_budget"]));
        }
        if let Some(s) = call.world.adsets.get_mut(id) {
            s.daily_budget = Some(budget.clone());
        }
        if let Some(c) = call.world.campaigns.get_mut(id) {
            c.daily_budget = Some(budget);
        }
    }
    if let Some(status) = status {
        set_status(call, id, kind, &status);
    }
    if let Some(name) = name {
        let w = &mut call.world;
        match kind {
            NodeKind::Campaign => w.campaigns.get_mut(id).map(|c| c.name = name),
            NodeKind::AdSet => w.adsets.get_mut(id).map(|s| s.name = name),
            NodeKind::Ad => w.ads.get_mut(id).map(|a| a.name = name),
            _ => w.creatives.get_mut(id).map(|c| c.name = name),
        };
    }
    Ok(json!({"success": true}))
}
