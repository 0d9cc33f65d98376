//! `act_<id>/adimages`: upload (multipart file parts or base64 `bytes`), list by `hashes`,
//! delete. The hash is the MD5 hex of the bytes (REFERENCE §8).

use base64::Engine;
use md5::{Digest, Md5};
use serde_json::{json, Map, Value};

use crate::errors::GraphError;
use crate::graph::Call;
use crate::render::{fields_param, paginate, PageLink};
use crate::state::{hex, now_graph_time, AdImage, World};

pub fn md5_hex(bytes: &[u8]) -> String {
    hex(&Md5::digest(bytes))
}

/// Stores an image in the account's library; returns its hash and dimensions.
pub fn store_image(
    world: &mut World,
    account_id: &str,
    name: &str,
    bytes: Vec<u8>,
) -> Result<(String, u32, u32), GraphError> {
    let (width, height) = crate::pixels::dimensions(&bytes).ok_or_else(|| {
        GraphError::invalid_parameter("Invalid image: the file could not be read as an image")
            .with_user(
                "Invalid Image",
                format!("The uploaded file {name} is not a supported image."),
            )
    })?;
    let hash = md5_hex(&bytes);
    world.put_blob(&hash, bytes, width, height);
    world
        .images
        .entry(format!("{account_id}:{hash}"))
        .or_insert_with(|| AdImage {
            account_id: account_id.to_string(),
            hash: hash.clone(),
            name: name.chars().take(100).collect(),
            created_time: now_graph_time(),
        });
    Ok((hash, width, height))
}

fn image_reply(call: &Call, hash: &str, name: &str, width: u32, height: u32) -> Value {
    let url = call.read_ctx().image_url(hash);
    json!({"hash": hash, "url": url, "url_128": url, "name": name, "width": width, "height": height})
}

/// `POST act_<id>/adimages`. The reply is keyed by the uploaded file name, or `bytes`.
pub fn upload_images(call: &mut Call, account_id: &str) -> Result<Value, GraphError> {
    let mut images = Map::new();
    let files = call.params.files.clone();
    for file in files {
        // The file name must carry an extension [doc ad-image: "sample.jpg, not sample"].
        if !file.filename.contains('.') {
            return Err(GraphError::invalid_parameter(format!(
                "Image file name {} must have an extension",
                file.filename
            ))
            .blaming(&[&file.field]));
        }
        let (hash, w, h) = store_image(call.world, account_id, &file.filename, file.bytes)?;
        images.insert(
            file.filename.clone(),
            image_reply(call, &hash, &file.filename, w, h),
        );
    }
    if let Some(encoded) = call.params.str("bytes") {
        let bytes = base64::engine::general_purpose::STANDARD
            .decode(encoded.trim())
            .map_err(|_| {
                GraphError::invalid_parameter("Param bytes must be base64-encoded image data")
                    .blaming(&["bytes"])
            })?;
        let name = call.params.str("name").unwrap_or_else(|| "bytes".into());
        let (hash, w, h) = store_image(call.world, account_id, &name, bytes)?;
        images.insert("bytes".into(), image_reply(call, &hash, &name, w, h));
    }
    if images.is_empty() {
        return Err(GraphError::missing_param("filename"));
    }
    Ok(json!({ "images": images }))
}

/// `GET act_<id>/adimages[?hashes=[…]]`
pub fn list_images(call: &mut Call, account_id: &str) -> Result<Value, GraphError> {
    let wanted: Option<Vec<String>> = match call.params.json("hashes")? {
        None => None,
        Some(Value::Array(items)) => Some(items.iter().map(crate::wire::value_as_text).collect()),
        Some(_) => {
            return Err(
                GraphError::invalid_parameter("Param hashes must be an array").blaming(&["hashes"]),
            )
        }
    };
    let fields = fields_param(call.params)?;
    let ctx = call.read_ctx();
    let mut items = Vec::new();
    for image in call
        .world
        .images
        .values()
        .filter(|i| i.account_id == account_id)
    {
        if wanted.as_ref().is_some_and(|w| !w.contains(&image.hash)) {
            continue;
        }
        let blob = call.world.blobs.get(&image.hash);
        let url = ctx.image_url(&image.hash);
        let full = json!({
            "id": format!("{account_id}:{}", image.hash),
            "account_id": account_id,
            "hash": image.hash,
            "name": image.name,
            "url": url,
            "url_128": url,
            "permalink_url": url,
            "width": blob.map(|b| b.width),
            "height": blob.map(|b| b.height),
            "original_width": blob.map(|b| b.width),
            "original_height": blob.map(|b| b.height),
            "status": "ACTIVE",
            "created_time": image.created_time,
            "updated_time": image.created_time,
        });
        let selected: Map<String, Value> = match &fields {
            None => ["hash", "id"]
                .iter()
                .map(|k| (k.to_string(), full[*k].clone()))
                .collect(),
            Some(sel) => {
                let mut m = Map::new();
                for f in sel {
                    if !crate::vocab::ADIMAGE_FIELDS.contains(&f.name.as_str()) {
                        return Err(GraphError::nonexisting_field(&f.name, "AdImage"));
                    }
                    if let Some(v) = full.get(&f.name).filter(|v| !v.is_null()) {
                        m.insert(f.name.clone(), v.clone());
                    }
                }
                m.insert("id".into(), full["id"].clone());
                m
            }
        };
        items.push(Value::Object(selected));
    }
    let (version, path) = call.page_link();
    let link = PageLink {
        base_url: call.base_url,
        version: &version,
        path: &path,
        token: &call.token,
    };
    paginate(items, call.params, &link, true)
}

/// `DELETE act_<id>/adimages?hash=…`
pub fn delete_image(call: &mut Call, account_id: &str) -> Result<Value, GraphError> {
    let hash = call.params.required_str("hash")?;
    if call
        .world
        .images
        .remove(&format!("{account_id}:{hash}"))
        .is_none()
    {
        return Err(GraphError::unknown_image_hash(&hash).blaming(&["hash"]));
    }
    Ok(json!({"success": true}))
}
