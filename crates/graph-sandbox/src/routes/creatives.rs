//! Creative validation shared by `POST act/adcreatives`, the inline `creative` of
//! `POST act/ads` and `GET act/generatepreviews`; GenAI opt-ins and their eligibility.

use serde_json::{json, Map, Value};

use super::{check_enum, validate_only};
use crate::errors::GraphError;
use crate::generative;
use crate::graph::Call;
use crate::state::{now_graph_time, Ad, Creative, World};
use crate::vocab;

/// A creative spec that passed validation, with ineligible opt-ins already turned to OPT_OUT.
#[derive(Debug, Clone)]
pub struct ValidCreative {
    pub name: Option<String>,
    pub object_story_spec: Option<Value>,
    pub degrees_of_freedom_spec: Option<Value>,
    pub asset_feed_spec: Option<Value>,
    pub product_set_id: Option<String>,
    /// Text generation was requested and kept: the ad must start PAUSED.
    pub text_generation_applied: bool,
}

impl ValidCreative {
    /// The spec as one JSON object (how previews keep a snapshot of it).
    pub fn to_value(&self) -> Value {
        let mut map = Map::new();
        for (k, v) in [
            ("name", self.name.clone().map(Value::String)),
            ("object_story_spec", self.object_story_spec.clone()),
            (
                "degrees_of_freedom_spec",
                self.degrees_of_freedom_spec.clone(),
            ),
            ("asset_feed_spec", self.asset_feed_spec.clone()),
            (
                "product_set_id",
                self.product_set_id.clone().map(Value::String),
            ),
        ] {
            if let Some(v) = v {
                map.insert(k.into(), v);
            }
        }
        Value::Object(map)
    }
}

fn blame(prefix: &[&str], path: &[&str]) -> Vec<String> {
    prefix
        .iter()
        .chain(path.iter())
        .map(|s| s.to_string())
        .collect()
}

/// Rewrites an error's blamed field under `prefix` (e.g. `creative` on `POST act/ads`).
fn under(prefix: &[&str], mut error: GraphError) -> GraphError {
    if let Some(specs) = error.details.blame_field_specs.as_mut() {
        for spec in specs.iter_mut() {
            let mut full = blame(prefix, &[]);
            full.append(spec);
            *spec = full;
        }
    }
    error
}

/// A nested value that may arrive as an object or, from form posts, as JSON text.
fn nested_object(
    spec: &Map<String, Value>,
    key: &str,
    path: &[&str],
) -> Result<Option<Map<String, Value>>, GraphError> {
    let value = match spec.get(key) {
        None | Some(Value::Null) => return Ok(None),
        Some(Value::String(text)) => {
            serde_json::from_str(text).map_err(|_| GraphError::malformed_json(key))?
        }
        Some(other) => other.clone(),
    };
    match value {
        Value::Object(map) => Ok(Some(map)),
        _ => Err(GraphError::invalid_parameter(format!(
            "Param {} must be a JSON object",
            path.join(".")
        ))
        .blaming(path)),
    }
}

fn non_empty_str<'a>(map: &'a Map<String, Value>, key: &str) -> Option<&'a str> {
    map.get(key)
        .and_then(Value::as_str)
        .filter(|s| !s.trim().is_empty())
}

/// Validates a creative spec for `account_id` as Meta does (errors name the field under
/// `prefix`), then applies the GenAI eligibility rules (README).
pub fn validate_creative(
    world: &World,
    user_id: &str,
    account_id: &str,
    spec: &Map<String, Value>,
    prefix: &[&str],
) -> Result<ValidCreative, GraphError> {
    validate_inner(world, user_id, account_id, spec).map_err(|e| under(prefix, e))
}

fn validate_inner(
    world: &World,
    user_id: &str,
    account_id: &str,
    spec: &Map<String, Value>,
) -> Result<ValidCreative, GraphError> {
    let story = nested_object(spec, "object_story_spec", &["object_story_spec"])?;
    let asset_feed_spec = nested_object(spec, "asset_feed_spec", &["asset_feed_spec"])?;
    let dof = nested_object(
        spec,
        "degrees_of_freedom_spec",
        &["degrees_of_freedom_spec"],
    )?;
    let product_set_id = spec.get("product_set_id").map(crate::wire::value_as_text);
    if story.is_none() && asset_feed_spec.is_none() && !spec.contains_key("object_story_id") {
        return Err(GraphError::missing_param("object_story_spec"));
    }

    let mut link_data = None;
    let mut template_data = None;
    if let Some(story) = &story {
        let page_id = story
            .get("page_id")
            .map(crate::wire::value_as_text)
            .filter(|s| !s.is_empty());
        let Some(page_id) = page_id else {
            return Err(
                GraphError::missing_param("page_id").blaming(&["object_story_spec", "page_id"])
            );
        };
        if !world
            .pages
            .get(&page_id)
            .is_some_and(|p| p.user_ids.iter().any(|u| u == user_id))
        {
            return Err(GraphError::invalid_parameter(format!(
                "Param object_story_spec[page_id] {page_id} is not a Page you can advertise for"
            ))
            .blaming(&["object_story_spec", "page_id"]));
        }
        link_data = nested_object(story, "link_data", &["object_story_spec", "link_data"])?;
        template_data = nested_object(
            story,
            "template_data",
            &["object_story_spec", "template_data"],
        )?;
        let other = ["photo_data", "video_data", "text_data"]
            .iter()
            .any(|k| story.contains_key(*k));
        if link_data.is_none() && template_data.is_none() && !other {
            return Err(GraphError::invalid_parameter("object_story_spec must contain link_data, template_data, photo_data, video_data or text_data")
                .blaming(&["object_story_spec"]));
        }
        for (data, key) in [(&link_data, "link_data"), (&template_data, "template_data")] {
            let Some(data) = data else { continue };
            if non_empty_str(data, "link").is_none() {
                return Err(GraphError::missing_param("link").blaming(&[
                    "object_story_spec",
                    key,
                    "link",
                ]));
            }
            if let Some(hash) = data.get("image_hash").and_then(Value::as_str) {
                if world.image(account_id, hash).is_none() {
                    return Err(GraphError::unknown_image_hash(hash).blaming(&[
                        "object_story_spec",
                        key,
                        "image_hash",
                    ]));
                }
            }
            if let Some(cta) = data.get("call_to_action") {
                let cta_type = cta.get("type").and_then(Value::as_str).unwrap_or_default();
                check_enum(
                    &["object_story_spec", key, "call_to_action", "type"],
                    cta_type,
                    vocab::CALL_TO_ACTION_TYPES,
                )?;
            }
        }
    }
    if let Some(set_id) = &product_set_id {
        if !world.product_set_usable_by(set_id, account_id) {
            return Err(GraphError::invalid_parameter(format!(
                "Product set {set_id} does not exist or cannot be used by this ad account"
            ))
            .blaming(&["product_set_id"]));
        }
    }

    // Opt-ins: known feature keys, documented enroll_status values, retired bundle refused.
    let mut requested: Vec<(String, String)> = Vec::new();
    let mut dof = dof;
    if let Some(dof) = &dof {
        if let Some(features) = nested_object(
            dof,
            "creative_features_spec",
            &["degrees_of_freedom_spec", "creative_features_spec"],
        )? {
            for (feature, details) in &features {
                let path = [
                    "degrees_of_freedom_spec",
                    "creative_features_spec",
                    feature.as_str(),
                ];
                if feature == "standard_enhancements" {
                    return Err(GraphError::standard_enhancements_retired());
                }
                if !vocab::CREATIVE_FEATURES_SPEC_KEYS.contains(&feature.as_str()) {
                    return Err(GraphError::invalid_parameter(format!(
                        "{feature} is not a valid creative feature"
                    ))
                    .blaming(&path));
                }
                let status_path = [path[0], path[1], path[2], "enroll_status"];
                let status = details
                    .get("enroll_status")
                    .and_then(Value::as_str)
                    .ok_or_else(|| {
                        GraphError::missing_param("enroll_status").blaming(&status_path)
                    })?;
                check_enum(&status_path, status, vocab::ENROLL_STATUS)?;
                requested.push((feature.clone(), status.to_string()));
            }
        }
    }
    let opted_in = |f: &str| requested.iter().any(|(name, s)| name == f && s == "OPT_IN");

    let message = link_data.as_ref().and_then(|l| non_empty_str(l, "message"));
    if opted_in("text_generation") && message.is_none() {
        return Err(GraphError::text_generation_needs_message());
    }
    if opted_in("image_background_gen") {
        if product_set_id.is_none() {
            return Err(GraphError::background_gen_needs_catalog("product_set_id"));
        }
        if template_data.is_none() {
            return Err(GraphError::background_gen_needs_catalog(
                "object_story_spec.template_data",
            ));
        }
    }

    // Eligibility: an opt-in the creative is not eligible for is dropped silently (Meta's
    // behaviour per the GenAI page: no generated assets, no error); it reads back as OPT_OUT.
    let account_ok = world
        .ad_accounts
        .get(account_id)
        .is_some_and(|a| a.genai_eligible);
    let mut drops = Vec::new();
    for (feature, status) in &requested {
        if status != "OPT_IN" {
            continue;
        }
        let eligible = account_ok
            && match feature.as_str() {
                "text_generation" => message.is_some_and(|m| {
                    generative::word_count(m) >= generative::TEXT_GENERATION_MIN_WORDS
                }),
                "image_uncrop" => link_data
                    .as_ref()
                    .and_then(|l| l.get("image_hash"))
                    .and_then(Value::as_str)
                    .and_then(|h| world.blobs.get(h))
                    .is_some_and(|b| b.width.min(b.height) >= generative::UNCROP_MIN_SIDE_PX),
                "image_background_gen" => product_set_id.as_ref().is_some_and(|set| {
                    world
                        .product_sets
                        .get(set)
                        .is_some_and(|s| !s.product_ids.is_empty())
                }),
                _ => true,
            };
        if !eligible {
            drops.push(feature.clone());
        }
    }
    if let Some(Value::Object(features)) = dof
        .as_mut()
        .and_then(|d| d.get_mut("creative_features_spec"))
    {
        for feature in &drops {
            features.insert(feature.clone(), json!({"enroll_status": "OPT_OUT"}));
        }
    }
    let text_generation_applied =
        opted_in("text_generation") && !drops.iter().any(|d| d == "text_generation");
    let asset_feed_spec = match (text_generation_applied, message) {
        (true, Some(message)) => Some(generative::text_generation_feed(message)),
        _ => asset_feed_spec.map(Value::Object),
    };

    Ok(ValidCreative {
        name: spec.get("name").map(crate::wire::value_as_text),
        object_story_spec: story.map(Value::Object),
        degrees_of_freedom_spec: dof.map(Value::Object),
        asset_feed_spec,
        product_set_id,
        text_generation_applied,
    })
}

fn creative_spec_from_params(call: &Call) -> Map<String, Value> {
    let mut spec = Map::new();
    for key in [
        "name",
        "object_story_spec",
        "degrees_of_freedom_spec",
        "asset_feed_spec",
        "product_set_id",
        "object_story_id",
    ] {
        if let Some(v) = call.params.raw(key) {
            spec.insert(key.to_string(), v.clone());
        }
    }
    spec
}

fn store_creative(
    world: &mut World,
    account_id: &str,
    valid: ValidCreative,
    fallback_name: String,
) -> String {
    let id = world.new_id();
    let creative = Creative {
        id: id.clone(),
        account_id: account_id.to_string(),
        name: valid.name.unwrap_or(fallback_name),
        status: "ACTIVE".into(),
        object_story_spec: valid.object_story_spec,
        degrees_of_freedom_spec: valid.degrees_of_freedom_spec,
        asset_feed_spec: valid.asset_feed_spec,
        product_set_id: valid.product_set_id,
        created_time: now_graph_time(),
    };
    world.creatives.insert(id.clone(), creative);
    id
}

/// `POST act_<id>/adcreatives`
pub fn create_creative(call: &mut Call, account_id: &str) -> Result<Value, GraphError> {
    // Malformed JSON in any nested param is reported against that param first.
    for key in [
        "object_story_spec",
        "degrees_of_freedom_spec",
        "asset_feed_spec",
    ] {
        call.params.json(key)?;
    }
    let spec = creative_spec_from_params(call);
    let valid = validate_creative(call.world, &call.user_id, account_id, &spec, &[])?;
    if validate_only(call)? {
        return Ok(json!({"success": true}));
    }
    let id = store_creative(call.world, account_id, valid, "Untitled creative".into());
    let name = format!("Creative {id}");
    if let Some(c) = call.world.creatives.get_mut(&id) {
        if c.name == "Untitled creative" {
            c.name = name;
        }
    }
    Ok(json!({ "id": id }))
}

/// `POST act_<id>/ads` with an inline `creative` or `{"creative_id": …}`.
/// `name` and `creative` are REQUIRED [spec AdAccount.json], although the GenAI page's
/// samples omit `name`.
pub fn create_ad(call: &mut Call, account_id: &str) -> Result<Value, GraphError> {
    let name = call.params.required_str("name")?;
    let creative = call
        .params
        .json_object("creative")?
        .ok_or_else(|| GraphError::missing_param("creative"))?;
    let adset_id = call.params.required_str("adset_id")?;
    let Some(adset) = call
        .world
        .adsets
        .get(&adset_id)
        .filter(|s| s.account_id == account_id && s.status != "DELETED")
    else {
        return Err(GraphError::invalid_parameter(format!(
            "Param adset_id {adset_id} is not an ad set of this ad account"
        ))
        .blaming(&["adset_id"]));
    };
    let campaign_id = adset.campaign_id.clone();
    let requested_status = match call.params.str("status") {
        Some(s) => {
            check_enum(&["status"], &s, vocab::OBJECT_STATUS)?;
            Some(s)
        }
        None => None,
    };

    let (creative_id, must_start_paused) = if let Some(existing) = creative.get("creative_id") {
        let creative_id = crate::wire::value_as_text(existing);
        let Some(c) = call
            .world
            .creatives
            .get(&creative_id)
            .filter(|c| c.account_id == account_id)
        else {
            return Err(GraphError::invalid_parameter(format!(
                "Param creative[creative_id] {creative_id} is not a creative of this ad account"
            ))
            .blaming(&["creative", "creative_id"]));
        };
        // The first ad using an opted-in creative also needs a manual ACTIVE (GenAI page, step 3).
        let first_use = !call
            .world
            .ads
            .values()
            .any(|a| a.creative_id == creative_id);
        let paused = first_use && c.feature_status("text_generation") == Some("OPT_IN");
        (Some(creative_id), paused)
    } else {
        (None, false)
    };
    let (creative_id, must_start_paused) = match creative_id {
        Some(id) => (id, must_start_paused),
        None => {
            let valid = validate_creative(
                call.world,
                &call.user_id,
                account_id,
                &creative,
                &["creative"],
            )?;
            let paused = valid.text_generation_applied;
            if validate_only(call)? {
                return Ok(json!({"success": true}));
            }
            (
                store_creative(call.world, account_id, valid, format!("{name} creative")),
                paused,
            )
        }
    };
    if validate_only(call)? {
        return Ok(json!({"success": true}));
    }
    // Opting into text generation through /ads sets the ad PAUSED so the advertiser reviews the
    // generated text before it runs (GenAI page, step 2).
    let status = if must_start_paused {
        "PAUSED".to_string()
    } else {
        requested_status.unwrap_or_else(|| "ACTIVE".into())
    };
    let id = call.world.new_id();
    let now = now_graph_time();
    call.world.ads.insert(
        id.clone(),
        Ad {
            id: id.clone(),
            account_id: account_id.to_string(),
            adset_id,
            campaign_id,
            creative_id,
            name,
            status,
            created_time: now.clone(),
            updated_time: now,
        },
    );
    Ok(json!({ "id": id }))
}
