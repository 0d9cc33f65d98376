//! Reading objects back: `fields` selection with expansion (`creative{asset_feed_spec,status}`),
//! Graph's default fields, cursor paging with absolute `paging.next`, and `filtering`.

use base64::Engine;
use serde_json::{json, Map, Value};

use crate::errors::GraphError;
use crate::state::{object, NodeKind, World};
use crate::vocab;

/// One entry of a `fields` param: a name, optional `.modifier(...)`s (ignored), optional
/// `{sub,fields}`.
#[derive(Debug, Clone, PartialEq)]
pub struct FieldSel {
    pub name: String,
    pub sub: Option<Vec<FieldSel>>,
}

pub fn parse_fields(text: &str) -> Result<Vec<FieldSel>, GraphError> {
    let chars: Vec<char> = text.chars().collect();
    let mut pos = 0;
    let fields = parse_list(&chars, &mut pos)?;
    if pos != chars.len() {
        return Err(
            GraphError::invalid_parameter(format!("Syntax error in fields: {text}"))
                .blaming(&["fields"]),
        );
    }
    Ok(fields)
}

fn parse_list(chars: &[char], pos: &mut usize) -> Result<Vec<FieldSel>, GraphError> {
    let mut out = Vec::new();
    loop {
        while *pos < chars.len() && (chars[*pos] == ',' || chars[*pos].is_whitespace()) {
            *pos += 1;
        }
        if *pos >= chars.len() || chars[*pos] == '}' {
            return Ok(out);
        }
        let start = *pos;
        while *pos < chars.len() && (chars[*pos].is_ascii_alphanumeric() || chars[*pos] == '_') {
            *pos += 1;
        }
        let name: String = chars[start..*pos].iter().collect();
        if name.is_empty() {
            return Err(
                GraphError::invalid_parameter("Syntax error in fields").blaming(&["fields"])
            );
        }
        // `.limit(5)`-style modifiers: accepted, not applied.
        while *pos < chars.len() && chars[*pos] == '.' {
            while *pos < chars.len() && chars[*pos] != ')' {
                *pos += 1;
            }
            *pos += 1;
        }
        let mut sub = None;
        if *pos < chars.len() && chars[*pos] == '{' {
            *pos += 1;
            sub = Some(parse_list(chars, pos)?);
            if *pos >= chars.len() || chars[*pos] != '}' {
                return Err(
                    GraphError::invalid_parameter("Syntax error in fields: missing }")
                        .blaming(&["fields"]),
                );
            }
            *pos += 1;
        }
        out.push(FieldSel { name, sub });
    }
}

/// What a renderer needs besides the world.
pub struct ReadCtx<'a> {
    pub world: &'a World,
    pub base_url: &'a str,
}

impl ReadCtx<'_> {
    pub fn image_url(&self, hash: &str) -> String {
        format!("{}/__sandbox/images/{hash}.png", self.base_url)
    }
}

fn node_type_name(kind: NodeKind) -> &'static str {
    match kind {
        NodeKind::User => "User",
        NodeKind::App => "Application",
        NodeKind::Business => "Business",
        NodeKind::AdAccount => "AdAccount",
        NodeKind::Page => "Page",
        NodeKind::Campaign => "Campaign",
        NodeKind::AdSet => "AdSet",
        NodeKind::Creative => "AdCreative",
        NodeKind::Ad => "Ad",
        NodeKind::Catalog => "ProductCatalog",
        NodeKind::ProductSet => "ProductSet",
        NodeKind::Product => "ProductItem",
    }
}

fn known_fields(kind: NodeKind) -> &'static [&'static str] {
    match kind {
        NodeKind::User => vocab::USER_FIELDS,
        NodeKind::App => &["id", "name"],
        NodeKind::Business => vocab::BUSINESS_FIELDS,
        NodeKind::AdAccount => vocab::ADACCOUNT_FIELDS,
        NodeKind::Page => vocab::PAGE_FIELDS,
        NodeKind::Campaign => vocab::CAMPAIGN_FIELDS,
        NodeKind::AdSet => vocab::ADSET_FIELDS,
        NodeKind::Creative => vocab::ADCREATIVE_FIELDS,
        NodeKind::Ad => vocab::AD_FIELDS,
        NodeKind::Catalog => vocab::PRODUCT_CATALOG_FIELDS,
        NodeKind::ProductSet => vocab::PRODUCT_SET_FIELDS,
        NodeKind::Product => vocab::PRODUCT_FIELDS,
    }
}

/// Fields Graph returns when `fields` is not given [doc Graph API overview: "by default, most
/// fields are not returned"; `id` always is, `name` for users and pages].
fn default_fields(kind: NodeKind) -> &'static [&'static str] {
    match kind {
        NodeKind::User | NodeKind::Page | NodeKind::App | NodeKind::Business => &["id", "name"],
        NodeKind::AdAccount => &["account_id", "id"],
        NodeKind::Catalog | NodeKind::ProductSet => &["id", "name"],
        _ => &["id"],
    }
}

/// Every readable value of an object (absent fields are left out, as Graph does).
pub fn full_node(ctx: &ReadCtx, id: &str) -> Option<(NodeKind, Map<String, Value>)> {
    let w = ctx.world;
    let kind = w.node_kind(id)?;
    let map = match kind {
        NodeKind::User => {
            let u = &w.users[id];
            object(vec![
                ("id", Some(json!(u.id))),
                ("name", Some(json!(u.name))),
            ])
        }
        NodeKind::App => {
            let a = &w.apps[id];
            object(vec![
                ("id", Some(json!(a.id))),
                ("name", Some(json!(a.name))),
            ])
        }
        NodeKind::Business => {
            let b = &w.businesses[id];
            object(vec![
                ("id", Some(json!(b.id))),
                ("name", Some(json!(b.name))),
            ])
        }
        NodeKind::AdAccount => {
            let a = &w.ad_accounts[id.trim_start_matches("act_")];
            let business = w.businesses.get(&a.business_id);
            object(vec![
                ("id", Some(json!(format!("act_{}", a.account_id)))),
                ("account_id", Some(json!(a.account_id))),
                ("name", Some(json!(a.name))),
                ("currency", Some(json!(a.currency))),
                ("timezone_name", Some(json!(a.timezone_name))),
                ("account_status", Some(json!(a.account_status))),
                (
                    "business",
                    business.map(|b| json!({"id": b.id, "name": b.name})),
                ),
            ])
        }
        NodeKind::Page => {
            let p = &w.pages[id];
            object(vec![
                ("id", Some(json!(p.id))),
                ("name", Some(json!(p.name))),
                ("category", Some(json!(p.category))),
                ("tasks", Some(json!(p.tasks))),
                // Page tokens are opaque here: the sandbox does not accept them as user tokens.
                (
                    "access_token",
                    Some(json!(format!(
                        "PAGE-{}",
                        &crate::state::token_hash(&p.id)[..24]
                    ))),
                ),
            ])
        }
        NodeKind::Campaign => {
            let c = &w.campaigns[id];
            object(vec![
                ("id", Some(json!(c.id))),
                ("account_id", Some(json!(c.account_id))),
                ("name", Some(json!(c.name))),
                ("objective", Some(json!(c.objective))),
                ("status", Some(json!(c.status))),
                ("configured_status", Some(json!(c.status))),
                ("effective_status", Some(json!(c.status))),
                (
                    "special_ad_categories",
                    Some(json!(c.special_ad_categories)),
                ),
                ("daily_budget", c.daily_budget.as_ref().map(|b| json!(b))),
                ("created_time", Some(json!(c.created_time))),
                ("updated_time", Some(json!(c.updated_time))),
            ])
        }
        NodeKind::AdSet => {
            let s = &w.adsets[id];
            let campaign_status = w
                .campaigns
                .get(&s.campaign_id)
                .map(|c| c.status.as_str())
                .unwrap_or("ACTIVE");
            let effective = if s.status == "ACTIVE" && campaign_status != "ACTIVE" {
                "CAMPAIGN_PAUSED"
            } else {
                s.status.as_str()
            };
            object(vec![
                ("id", Some(json!(s.id))),
                ("account_id", Some(json!(s.account_id))),
                ("campaign_id", Some(json!(s.campaign_id))),
                ("campaign", Some(json!({"id": s.campaign_id}))),
                ("name", Some(json!(s.name))),
                ("status", Some(json!(s.status))),
                ("configured_status", Some(json!(s.status))),
                ("effective_status", Some(json!(effective))),
                ("daily_budget", s.daily_budget.as_ref().map(|b| json!(b))),
                (
                    "lifetime_budget",
                    s.lifetime_budget.as_ref().map(|b| json!(b)),
                ),
                ("billing_event", Some(json!(s.billing_event))),
                ("optimization_goal", Some(json!(s.optimization_goal))),
                ("bid_strategy", s.bid_strategy.as_ref().map(|b| json!(b))),
                ("bid_amount", s.bid_amount.as_ref().map(|b| json!(b))),
                ("targeting", Some(s.targeting.clone())),
                ("promoted_object", s.promoted_object.clone()),
                ("created_time", Some(json!(s.created_time))),
                ("updated_time", Some(json!(s.updated_time))),
            ])
        }
        NodeKind::Creative => {
            let c = &w.creatives[id];
            let story = c.object_story_spec.as_ref();
            let link = story.and_then(|s| s.get("link_data").or_else(|| s.get("template_data")));
            let hash = link
                .and_then(|l| l.get("image_hash"))
                .and_then(Value::as_str);
            object(vec![
                ("id", Some(json!(c.id))),
                ("account_id", Some(json!(c.account_id))),
                ("name", Some(json!(c.name))),
                ("status", Some(json!(c.status))),
                ("object_story_spec", c.object_story_spec.clone()),
                ("degrees_of_freedom_spec", c.degrees_of_freedom_spec.clone()),
                ("asset_feed_spec", c.asset_feed_spec.clone()),
                (
                    "product_set_id",
                    c.product_set_id.as_ref().map(|p| json!(p)),
                ),
                ("actor_id", story.and_then(|s| s.get("page_id")).cloned()),
                ("body", link.and_then(|l| l.get("message")).cloned()),
                ("title", link.and_then(|l| l.get("name")).cloned()),
                ("link_url", link.and_then(|l| l.get("link")).cloned()),
                (
                    "call_to_action_type",
                    link.and_then(|l| l.get("call_to_action"))
                        .and_then(|c| c.get("type"))
                        .cloned(),
                ),
                ("image_hash", hash.map(|h| json!(h))),
                ("image_url", hash.map(|h| json!(ctx.image_url(h)))),
                ("thumbnail_url", hash.map(|h| json!(ctx.image_url(h)))),
                ("object_type", Some(json!("SHARE"))),
            ])
        }
        NodeKind::Ad => {
            let a = &w.ads[id];
            object(vec![
                ("id", Some(json!(a.id))),
                ("account_id", Some(json!(a.account_id))),
                ("name", Some(json!(a.name))),
                ("adset_id", Some(json!(a.adset_id))),
                ("adset", Some(json!({"id": a.adset_id}))),
                ("campaign_id", Some(json!(a.campaign_id))),
                ("campaign", Some(json!({"id": a.campaign_id}))),
                ("creative", Some(json!({"id": a.creative_id}))),
                ("status", Some(json!(a.status))),
                ("configured_status", Some(json!(a.status))),
                ("effective_status", Some(json!(ad_effective_status(w, a)))),
                ("created_time", Some(json!(a.created_time))),
                ("updated_time", Some(json!(a.updated_time))),
            ])
        }
        NodeKind::Catalog => {
            let c = &w.catalogs[id];
            let count = w.products.values().filter(|p| p.catalog_id == c.id).count();
            object(vec![
                ("id", Some(json!(c.id))),
                ("name", Some(json!(c.name))),
                (
                    "business",
                    w.businesses
                        .get(&c.business_id)
                        .map(|b| json!({"id": b.id, "name": b.name})),
                ),
                ("product_count", Some(json!(count))),
            ])
        }
        NodeKind::ProductSet => {
            let s = &w.product_sets[id];
            object(vec![
                ("id", Some(json!(s.id))),
                ("name", Some(json!(s.name))),
                ("product_catalog", Some(json!({"id": s.catalog_id}))),
                ("product_count", Some(json!(s.product_ids.len()))),
            ])
        }
        NodeKind::Product => {
            let p = &w.products[id];
            object(vec![
                ("id", Some(json!(p.id))),
                ("retailer_id", Some(json!(p.retailer_id))),
                ("name", Some(json!(p.name))),
                ("description", Some(json!(p.description))),
                (
                    "price",
                    Some(json!(format_price(p.price_cents, &p.currency))),
                ),
                ("currency", Some(json!(p.currency))),
                ("url", Some(json!(p.url))),
                ("image_url", Some(json!(ctx.image_url(&p.image_hash)))),
                ("availability", Some(json!("in stock"))),
            ])
        }
    };
    Some((kind, map))
}

fn ad_effective_status(w: &World, ad: &crate::state::Ad) -> String {
    if ad.status != "ACTIVE" {
        return ad.status.clone();
    }
    if w.campaigns
        .get(&ad.campaign_id)
        .is_some_and(|c| c.status != "ACTIVE")
    {
        return "CAMPAIGN_PAUSED".into();
    }
    if w.adsets
        .get(&ad.adset_id)
        .is_some_and(|s| s.status != "ACTIVE")
    {
        return "ADSET_PAUSED".into();
    }
    "ACTIVE".into()
}

/// Price as Graph shows it on product items, e.g. `$19.99`.
pub fn format_price(cents: u64, currency: &str) -> String {
    let symbol = match currency {
        "USD" => "$",
        "EUR" => "€",
        "GBP" => "£",
        _ => "",
    };
    format!("{symbol}{}.{:02}", cents / 100, cents % 100)
}

/// Renders one object with a `fields` selection (or its default fields).
pub fn render_node(
    ctx: &ReadCtx,
    id: &str,
    fields: Option<&[FieldSel]>,
) -> Result<Value, GraphError> {
    render_node_with_extra(ctx, id, fields, &[])
}

/// As `render_node`, also allowing `extra` field names (edge-only fields such as a page's
/// `tasks` on `me/accounts`).
pub fn render_node_with_extra(
    ctx: &ReadCtx,
    id: &str,
    fields: Option<&[FieldSel]>,
    extra: &[&str],
) -> Result<Value, GraphError> {
    let (kind, full) = full_node(ctx, id).ok_or_else(|| GraphError::unknown_object(id, "GET"))?;
    let defaults: Vec<FieldSel> = default_fields(kind)
        .iter()
        .map(|name| FieldSel {
            name: name.to_string(),
            sub: None,
        })
        .collect();
    let selection = fields.unwrap_or(&defaults);
    let known = known_fields(kind);
    let mut out = Map::new();
    for sel in selection {
        if !known.contains(&sel.name.as_str())
            && !extra.contains(&sel.name.as_str())
            && sel.name != "id"
        {
            return Err(GraphError::nonexisting_field(
                &sel.name,
                node_type_name(kind),
            ));
        }
        let Some(value) = full.get(&sel.name) else {
            continue;
        };
        let value = match &sel.sub {
            None => value.clone(),
            Some(sub) => expand(ctx, value, sub)?,
        };
        out.insert(sel.name.clone(), value);
    }
    // Graph always answers with the node's id.
    if let Some(id_value) = full.get("id") {
        out.entry("id").or_insert_with(|| id_value.clone());
    }
    Ok(Value::Object(out))
}

fn expand(ctx: &ReadCtx, value: &Value, sub: &[FieldSel]) -> Result<Value, GraphError> {
    match value {
        Value::Object(map) => {
            if let Some(id) = map.get("id").and_then(Value::as_str) {
                if ctx.world.node_kind(id).is_some() {
                    return render_node(ctx, id, Some(sub));
                }
            }
            let mut out = Map::new();
            for sel in sub {
                if let Some(v) = map.get(&sel.name) {
                    let v = match &sel.sub {
                        None => v.clone(),
                        Some(s) => expand(ctx, v, s)?,
                    };
                    out.insert(sel.name.clone(), v);
                }
            }
            Ok(Value::Object(out))
        }
        Value::Array(items) => Ok(Value::Array(
            items
                .iter()
                .map(|i| expand(ctx, i, sub))
                .collect::<Result<_, _>>()?,
        )),
        other => Ok(other.clone()),
    }
}

/// Parses `fields`, if given.
pub fn fields_param(params: &crate::wire::Params) -> Result<Option<Vec<FieldSel>>, GraphError> {
    match params.str("fields") {
        Some(text) if !text.trim().is_empty() => parse_fields(&text).map(Some),
        _ => Ok(None),
    }
}

// ---- paging ---------------------------------------------------------------------------------

const DEFAULT_LIMIT: usize = 25;
const MAX_LIMIT: usize = 5000;

fn encode_cursor(offset: usize) -> String {
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(format!("sandbox-cursor:{offset}"))
}

fn decode_cursor(cursor: &str) -> Option<usize> {
    let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(cursor)
        .ok()?;
    String::from_utf8(bytes)
        .ok()?
        .strip_prefix("sandbox-cursor:")?
        .parse()
        .ok()
}

/// Where an edge listing lives, to build absolute `paging.next`/`previous` URLs that already
/// carry the token (the Node SDK GETs them verbatim, REFERENCE §1.2).
pub struct PageLink<'a> {
    pub base_url: &'a str,
    pub version: &'a str,
    pub path: &'a str,
    pub token: &'a str,
}

/// Cuts `items` into one page per `limit`/`after`/`before`, Graph-style.
pub fn paginate(
    items: Vec<Value>,
    params: &crate::wire::Params,
    link: &PageLink,
    with_summary: bool,
) -> Result<Value, GraphError> {
    let limit = match params.str("limit") {
        None => DEFAULT_LIMIT,
        Some(text) => text
            .parse::<usize>()
            .map_err(|_| {
                GraphError::invalid_parameter("Param limit must be a positive integer")
                    .blaming(&["limit"])
            })?
            .clamp(1, MAX_LIMIT),
    };
    let total = items.len();
    let bad_cursor = |name: &str| {
        GraphError::invalid_parameter(format!("Invalid cursor in {name}")).blaming(&[name])
    };
    let start = if let Some(after) = params.str("after") {
        decode_cursor(&after).ok_or_else(|| bad_cursor("after"))? + 1
    } else if let Some(before) = params.str("before") {
        decode_cursor(&before)
            .ok_or_else(|| bad_cursor("before"))?
            .saturating_sub(limit)
    } else {
        0
    };
    let start = start.min(total);
    let end = (start + limit).min(total);
    let data: Vec<Value> = items[start..end].to_vec();

    let mut paging = Map::new();
    if !data.is_empty() {
        paging.insert(
            "cursors".into(),
            json!({"before": encode_cursor(start), "after": encode_cursor(end - 1)}),
        );
        let page_url = |cursor_name: &str, cursor: String| {
            let mut query = form_urlencoded::Serializer::new(String::new());
            query.append_pair("access_token", link.token);
            for name in params.names() {
                if !matches!(name.as_str(), "after" | "before" | "limit" | "access_token") {
                    query.append_pair(name, &params.str(name).unwrap_or_default());
                }
            }
            query.append_pair("limit", &limit.to_string());
            query.append_pair(cursor_name, &cursor);
            format!(
                "{}/{}/{}?{}",
                link.base_url,
                link.version,
                link.path,
                query.finish()
            )
        };
        if end < total {
            paging.insert(
                "next".into(),
                json!(page_url("after", encode_cursor(end - 1))),
            );
        }
        if start > 0 {
            paging.insert(
                "previous".into(),
                json!(page_url("before", encode_cursor(start))),
            );
        }
    }
    let mut reply = object(vec![
        ("data", Some(Value::Array(data))),
        ("paging", Some(Value::Object(paging))),
    ]);
    if with_summary && params.str("summary").as_deref() == Some("true") {
        reply.insert("summary".into(), json!({ "total_count": total }));
    }
    Ok(Value::Object(reply))
}

// ---- filtering ------------------------------------------------------------------------------

/// Applies Meta's `filtering=[{"field","operator","value"}]` on listed objects (the rendered
/// full objects, so `name`, `status`, `effective_status`, `id`, `campaign.id`, `adset.id`).
/// [doc https://developers.facebook.com/docs/marketing-api/reference/ad-account/ads/ `filtering`]
pub fn apply_filtering(
    items: Vec<Map<String, Value>>,
    params: &crate::wire::Params,
) -> Result<Vec<Map<String, Value>>, GraphError> {
    let Some(filters) = params.json("filtering")? else {
        return Ok(items);
    };
    let Value::Array(filters) = filters else {
        return Err(
            GraphError::invalid_parameter("Param filtering must be an array")
                .blaming(&["filtering"]),
        );
    };
    let mut parsed = Vec::new();
    for f in filters {
        let field = f
            .get("field")
            .and_then(Value::as_str)
            .ok_or_else(|| GraphError::missing_param("filtering.field"))?;
        let operator = f
            .get("operator")
            .and_then(Value::as_str)
            .ok_or_else(|| GraphError::missing_param("filtering.operator"))?;
        let value = f
            .get("value")
            .cloned()
            .ok_or_else(|| GraphError::missing_param("filtering.value"))?;
        if ![
            "name",
            "status",
            "effective_status",
            "configured_status",
            "id",
            "campaign.id",
            "adset.id",
        ]
        .contains(&field)
        {
            return Err(GraphError::invalid_parameter(format!(
                "Filtering field {field} is invalid"
            ))
            .blaming(&["filtering", "field"]));
        }
        const OPERATORS: &[&str] = &[
            "EQUAL",
            "NOT_EQUAL",
            "CONTAIN",
            "NOT_CONTAIN",
            "IN",
            "NOT_IN",
            "STARTS_WITH",
            "ENDS_WITH",
        ];
        if !OPERATORS.contains(&operator) {
            return Err(GraphError::bad_enum(
                &["filtering", "operator"],
                operator,
                OPERATORS,
            ));
        }
        parsed.push((field.to_string(), operator.to_string(), value));
    }
    Ok(items
        .into_iter()
        .filter(|item| {
            parsed
                .iter()
                .all(|(field, op, value)| filter_matches(item, field, op, value))
        })
        .collect())
}

fn filter_matches(item: &Map<String, Value>, field: &str, op: &str, value: &Value) -> bool {
    let actual = match field.split_once('.') {
        Some((outer, inner)) => item.get(outer).and_then(|o| o.get(inner)),
        None => item.get(field),
    }
    .map(crate::wire::value_as_text)
    .unwrap_or_default();
    let wanted = crate::wire::value_as_text(value);
    let list: Vec<String> = match value {
        Value::Array(vs) => vs.iter().map(crate::wire::value_as_text).collect(),
        _ => vec![wanted.clone()],
    };
    let lower = actual.to_lowercase();
    match op {
        "EQUAL" => actual == wanted,
        "NOT_EQUAL" => actual != wanted,
        "CONTAIN" => lower.contains(&wanted.to_lowercase()),
        "NOT_CONTAIN" => !lower.contains(&wanted.to_lowercase()),
        "STARTS_WITH" => lower.starts_with(&wanted.to_lowercase()),
        "ENDS_WITH" => lower.ends_with(&wanted.to_lowercase()),
        "IN" => list.contains(&actual),
        "NOT_IN" => !list.contains(&actual),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_expansion_and_modifiers() {
        let f = parse_fields("id,creative{asset_feed_spec,status},ads.limit(2){id}").unwrap();
        assert_eq!(f.len(), 3);
        assert_eq!(f[1].name, "creative");
        assert_eq!(f[1].sub.as_ref().unwrap()[0].name, "asset_feed_spec");
        assert_eq!(f[2].name, "ads");
        assert!(parse_fields("creative{id").is_err());
    }

    #[test]
    fn cursor_roundtrip() {
        assert_eq!(decode_cursor(&encode_cursor(7)), Some(7));
        assert_eq!(decode_cursor("garbage!"), None);
    }
}
