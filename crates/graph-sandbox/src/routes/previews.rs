//! Previews: `GET <ad>/previews`, `GET <creative>/previews`, `GET act/generatepreviews`, with
//! `transformation_spec` for `image_uncrop` / `image_background_gen`, and the preview pages
//! and pixels the returned iframes point to.

use serde_json::{json, Map, Value};

use super::check_enum;
use crate::errors::GraphError;
use crate::generative::{self, stable_hash};
use crate::graph::Call;
use crate::pixels;
use crate::state::{feature_status, PreviewRecord, PreviewVariant, World};
use crate::vocab;

/// `GET <ad_id>/previews` (via the ad's creative) and `GET <creative_id>/previews`.
pub fn creative_previews(call: &mut Call, creative_id: &str) -> Result<Value, GraphError> {
    let c = call
        .world
        .creatives
        .get(creative_id)
        .cloned()
        .ok_or_else(|| GraphError::unknown_object(creative_id, "GET"))?;
    let snapshot = json!({
        "name": c.name,
        "object_story_spec": c.object_story_spec,
        "degrees_of_freedom_spec": c.degrees_of_freedom_spec,
        "asset_feed_spec": c.asset_feed_spec,
        "product_set_id": c.product_set_id,
    });
    previews_for(call, &c.account_id, snapshot, creative_id.to_string())
}

/// `GET act_<id>/generatepreviews?creative={…}`: a preview without creating anything.
pub fn generate_previews(call: &mut Call, account_id: &str) -> Result<Value, GraphError> {
    call.params.required_str("ad_format")?;
    let creative = call
        .params
        .json_object("creative")?
        .ok_or_else(|| GraphError::missing_param("creative"))?;
    if let Some(existing) = creative.get("creative_id").map(crate::wire::value_as_text) {
        let owned = call
            .world
            .creatives
            .get(&existing)
            .map(|c| c.account_id.as_str());
        if owned != Some(account_id) {
            return Err(GraphError::unknown_object(&existing, "GET"));
        }
        return creative_previews(call, &existing);
    }
    let valid = super::creatives::validate_creative(
        call.world,
        &call.user_id,
        account_id,
        &creative,
        &["creative"],
    )?;
    let snapshot = valid.to_value();
    let key = format!("spec-{:016x}", stable_hash(&snapshot.to_string()));
    previews_for(call, account_id, snapshot, key)
}

fn frame_size(ad_format: &str) -> (u32, u32) {
    match generative::uncrop_ratio(ad_format) {
        Some(r) if r < 0.7 => (360, 640),
        _ => (540, 690),
    }
}

fn new_preview(
    call: &mut Call,
    account_id: &str,
    creative: &Value,
    ad_format: &str,
    variant: PreviewVariant,
) -> String {
    let id = format!("pv{}", call.world.new_id());
    call.world.previews.insert(
        id.clone(),
        PreviewRecord {
            account_id: account_id.into(),
            creative: creative.clone(),
            ad_format: ad_format.into(),
            variant,
        },
    );
    let (w, h) = frame_size(ad_format);
    format!(
        "<iframe src=\"{}/__sandbox/preview/{id}\" width=\"{w}\" height=\"{h}\" scrolling=\"yes\" style=\"border: none;\"></iframe>",
        call.base_url
    )
}

fn previews_for(
    call: &mut Call,
    account_id: &str,
    creative: Value,
    key: String,
) -> Result<Value, GraphError> {
    let ad_format = call.params.required_str("ad_format")?;
    check_enum(&["ad_format"], &ad_format, vocab::AD_FORMATS)?;
    let feature = call.params.str("creative_feature");
    if let Some(f) = &feature {
        check_enum(&["creative_feature"], f, vocab::CREATIVE_FEATURE_PARAM)?;
    }
    let body = new_preview(
        call,
        account_id,
        &creative,
        &ad_format,
        PreviewVariant::Original,
    );
    let mut item = Map::new();
    item.insert("body".into(), json!(body));
    if let Some(feature) = feature {
        if let Some(entries) =
            transformation(call, account_id, &creative, &feature, &ad_format, &key)
        {
            item.insert("transformation_spec".into(), json!({ feature: entries }));
        }
    }
    Ok(json!({ "data": [Value::Object(item)] }))
}

/// The `transformation_spec` entries for one feature and placement, or `None` when the creative
/// is not eligible (no node at all, per the GenAI page's note).
fn transformation(
    call: &mut Call,
    account_id: &str,
    creative: &Value,
    feature: &str,
    ad_format: &str,
    key: &str,
) -> Option<Vec<Value>> {
    if feature_status(creative.get("degrees_of_freedom_spec"), feature) != Some("OPT_IN") {
        return None;
    }
    let entry = |call: &mut Call, variant: PreviewVariant, status: &str| json!({"body": new_preview(call, account_id, creative, ad_format, variant), "status": status});
    let placement_ineligible = match feature {
        "image_uncrop" => {
            let ratio = generative::uncrop_ratio(ad_format)?;
            let blob = story_image_hash(creative).and_then(|h| call.world.blobs.get(&h))?;
            let image_ratio = f64::from(blob.width) / f64::from(blob.height);
            (image_ratio - ratio).abs() / ratio <= generative::UNCROP_RATIO_TOLERANCE
        }
        "image_background_gen" => {
            if ad_format != generative::BACKGROUND_GEN_PLACEMENT {
                return None;
            }
            cutout_products(call.world, creative).is_empty()
        }
        _ => return None,
    };
    if placement_ineligible {
        return Some(vec![entry(call, PreviewVariant::Original, "ineligible")]);
    }
    let polls = call
        .world
        .preview_polls
        .entry(format!("{key}|{feature}|{ad_format}"))
        .or_insert(0);
    *polls += 1;
    if *polls <= call.options.pending_polls {
        // Not ready yet: the stock (untransformed) preview, status pending (GenAI page).
        return Some(vec![entry(call, PreviewVariant::Original, "pending")]);
    }
    let variant = if feature == "image_uncrop" {
        PreviewVariant::Expanded
    } else {
        PreviewVariant::GeneratedBackground
    };
    Some(vec![entry(call, variant, "eligible")])
}

fn story_data(creative: &Value) -> Option<&Value> {
    let story = creative.get("object_story_spec")?;
    story
        .get("link_data")
        .or_else(|| story.get("template_data"))
}

fn story_image_hash(creative: &Value) -> Option<String> {
    story_data(creative)?
        .get("image_hash")?
        .as_str()
        .map(str::to_string)
}

/// Products of the creative's set whose photo can be cut out (plain studio background).
fn cutout_products(world: &World, creative: &Value) -> Vec<String> {
    let Some(set) = creative
        .get("product_set_id")
        .and_then(Value::as_str)
        .and_then(|s| world.product_sets.get(s))
    else {
        return vec![];
    };
    set.product_ids
        .iter()
        .filter(|id| {
            world
                .products
                .get(*id)
                .and_then(|p| world.blobs.get(&p.image_hash))
                .and_then(|b| pixels::decode(&b.bytes).ok())
                .is_some_and(|img| pixels::plain_background(&img).is_some())
        })
        .cloned()
        .collect()
}

fn products_of(world: &World, creative: &Value) -> Vec<String> {
    creative
        .get("product_set_id")
        .and_then(Value::as_str)
        .and_then(|s| world.product_sets.get(s))
        .map(|s| s.product_ids.clone())
        .unwrap_or_default()
}

// ---- preview pages --------------------------------------------------------------------------

pub fn escape_html(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&#39;")
}

/// Fills catalog template tags such as `{{product.name | titleize}}` for one product.
pub fn fill_template(template: &str, world: &World, product_id: &str) -> String {
    let Some(p) = world.products.get(product_id) else {
        return template.to_string();
    };
    let mut out = String::new();
    let mut rest = template;
    while let Some(start) = rest.find("{{") {
        out.push_str(&rest[..start]);
        let Some(end) = rest[start..].find("}}") else {
            break;
        };
        let tag = &rest[start + 2..start + end];
        let mut parts = tag.split('|').map(str::trim);
        let value = match parts.next().unwrap_or_default() {
            "product.name" => p.name.clone(),
            "product.description" => p.description.clone(),
            "product.price" | "product.current_price" => {
                crate::render::format_price(p.price_cents, &p.currency)
            }
            "product.url" => p.url.clone(),
            "product.retailer_id" => p.retailer_id.clone(),
            other => format!("{{{{{other}}}}}"),
        };
        let value = if parts.any(|f| f == "titleize") {
            titleize(&value)
        } else {
            value
        };
        out.push_str(&value);
        rest = &rest[start + end + 2..];
    }
    out.push_str(rest);
    out
}

fn titleize(text: &str) -> String {
    text.split(' ')
        .map(|w| {
            let mut c = w.chars();
            c.next()
                .map(|f| f.to_uppercase().collect::<String>() + c.as_str())
                .unwrap_or_default()
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// The HTML page an iframe points to.
pub fn preview_page(world: &World, base_url: &str, id: &str) -> Option<String> {
    let record = world.previews.get(id)?;
    let creative = &record.creative;
    let story = creative.get("object_story_spec");
    let page_name = story
        .and_then(|s| s.get("page_id"))
        .and_then(Value::as_str)
        .and_then(|p| world.pages.get(p))
        .map(|p| p.name.clone())
        .unwrap_or_else(|| "Your Page".into());
    let data = story_data(creative);
    let text = |key: &str| {
        data.and_then(|d| d.get(key))
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_string()
    };
    let cta = data
        .and_then(|d| d.get("call_to_action"))
        .and_then(|c| c.get("type"))
        .and_then(Value::as_str)
        .unwrap_or("LEARN_MORE")
        .replace('_', " ");
    let label = match record.variant {
        PreviewVariant::Original => "Original creative".to_string(),
        PreviewVariant::Expanded => {
            format!("Image expanded with generative AI for {}", record.ad_format)
        }
        PreviewVariant::GeneratedBackground => "Product backgrounds generated with AI".to_string(),
    };
    let is_template = story.and_then(|s| s.get("template_data")).is_some();
    let mut cards = String::new();
    let products = products_of(world, creative);
    let card_count = if is_template {
        products.len().clamp(1, 3)
    } else {
        1
    };
    for i in 0..card_count {
        let (message, headline) = match products.get(i).filter(|_| is_template) {
            Some(pid) => (
                fill_template(&text("message"), world, pid),
                fill_template(&text("name"), world, pid),
            ),
            None => (text("message"), text("name")),
        };
        cards.push_str(&format!(
            "<div class=\"card\"><div class=\"page\">{page} · Sponsored</div><p class=\"msg\">{msg}</p>\
             <img alt=\"ad image\" src=\"{base_url}/__sandbox/preview/{id}/image.png?i={i}\">\
             <div class=\"foot\"><span class=\"headline\">{headline}</span><button>{cta}</button></div></div>",
            page = escape_html(&page_name),
            msg = escape_html(&message),
            headline = escape_html(&headline),
            cta = escape_html(&cta),
        ));
    }
    let variations = creative
        .get("asset_feed_spec")
        .and_then(|a| a.get("bodies"))
        .and_then(Value::as_array)
        .map(|bodies| {
            let items: String = bodies
                .iter()
                .filter_map(|b| b.get("text").and_then(Value::as_str))
                .map(|t| format!("<li>{}</li>", escape_html(t)))
                .collect();
            format!("<h3>Primary text variations</h3><ol>{items}</ol>")
        })
        .unwrap_or_default();
    Some(format!(
        "<!doctype html><html><head><meta charset=\"utf-8\"><title>Ad preview</title><style>\
         body{{font-family:sans-serif;margin:8px;background:#f0f2f5}}.card{{background:#fff;border-radius:8px;margin-bottom:12px;padding:8px}}\
         .card img{{width:100%;display:block}}.page{{font-weight:bold}}.foot{{display:flex;justify-content:space-between;align-items:center;padding-top:6px}}\
         .note{{color:#65676b;font-size:12px}}</style></head><body><p class=\"note\">{label} · {format}</p>{cards}{variations}</body></html>",
        label = escape_html(&label),
        format = escape_html(&record.ad_format),
    ))
}

/// The PNG of card `index` of a preview.
pub fn preview_image(world: &World, id: &str, index: usize) -> Option<Vec<u8>> {
    let record = world.previews.get(id)?;
    let creative = &record.creative;
    let products = products_of(world, creative);
    let load = |hash: &str| {
        world
            .blobs
            .get(hash)
            .and_then(|b| pixels::decode(&b.bytes).ok())
    };
    let image = match record.variant {
        PreviewVariant::GeneratedBackground => {
            let candidates = cutout_products(world, creative);
            let pid = candidates.get(index % candidates.len().max(1))?;
            let product = world.products.get(pid)?;
            let photo = load(&product.image_hash)?;
            pixels::product_on_generated_background(
                &photo,
                432,
                540,
                stable_hash(pid) + index as u64,
            )
        }
        PreviewVariant::Expanded => {
            let photo = load(&story_image_hash(creative)?)?;
            pixels::outpaint_to_ratio(photo, generative::uncrop_ratio(&record.ad_format)?)
        }
        PreviewVariant::Original => match story_image_hash(creative) {
            Some(hash) => load(&hash)?,
            None => {
                let pid = products.get(index % products.len().max(1))?;
                load(&world.products.get(pid)?.image_hash)?
            }
        },
    };
    Some(pixels::encode_png(&image))
}
