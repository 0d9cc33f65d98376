//! The drafts commands through Tauri's mock runtime with the app's real context and
//! capabilities: real IPC serialization, a real SQLite store in a throwaway data folder.
//! The tests share one data folder (one process), so each one works on drafts it made itself.

use std::io::Cursor;

mod support;

use serde_json::{json, Value};
use support::ipc::{app, invoke, ok, request, Window};
use tauri::ipc::InvokeBody;

fn paths(issues: &Value) -> Vec<String> {
    issues
        .as_array()
        .expect("issues array")
        .iter()
        .map(|i| i["path"].as_str().expect("path").to_owned())
        .collect()
}

fn png(width: u32, height: u32) -> Vec<u8> {
    let img = image::RgbImage::from_fn(width, height, |x, y| {
        image::Rgb([(x % 256) as u8, (y % 256) as u8, 128])
    });
    let mut out = Vec::new();
    img.write_to(&mut Cursor::new(&mut out), image::ImageFormat::Png)
        .expect("encode png");
    out
}

fn import(webview: &Window, bytes: Vec<u8>) -> Result<Value, Value> {
    let mut headers = tauri::http::HeaderMap::new();
    headers.insert("x-import-id", "test-import".parse().expect("header"));
    request(webview, "image_import", InvokeBody::Raw(bytes), headers)
}

#[test]
fn a_new_link_draft_is_saved_edit_by_edit_with_the_rules_issues_and_refuses_a_stale_revision() {
    let (_app, webview) = app("drafts-commands");
    let view = ok(&webview, "draft_create", json!({ "kind": "link" }));
    let id = view["draft"]["id"].as_str().expect("id").to_owned();
    assert_eq!(view["draft"]["title"], "Untitled link ad");
    assert_eq!(view["draft"]["revision"], 1);
    assert_eq!(view["draft"]["body"]["content"]["kind"], "link");
    assert!(paths(&view["issues"]).contains(&"content.link".to_owned()));

    let mut body = view["draft"]["body"].clone();
    body["content"]["link"] = json!("example.com/spring");
    body["content"]["features"]["text_generation"] = json!(true);
    let saved = ok(
        &webview,
        "draft_save",
        json!({ "id": id, "body": body, "baseRevision": 1 }),
    );
    assert_eq!(saved["revision"], 2);
    let issues = saved["issues"].as_array().expect("issues");
    let link = issues
        .iter()
        .find(|i| i["path"] == "content.link")
        .expect("link issue");
    assert_eq!(link["code"], "invalid_link");
    assert!(link["message"]
        .as_str()
        .unwrap()
        .contains("https://example.com/spring"));
    let message = issues
        .iter()
        .find(|i| i["path"] == "content.message")
        .expect("message issue");
    assert_eq!(message["severity"], "error");
    assert!(message["message"]
        .as_str()
        .unwrap()
        .contains("text generation"));

    body["content"]["link"] = json!("https://example.com/spring");
    body["content"]["message"] = json!("Fresh flowers, delivered by bike.");
    let saved = ok(
        &webview,
        "draft_save",
        json!({ "id": id, "body": body, "baseRevision": 2 }),
    );
    assert_eq!(saved["revision"], 3);
    let after = paths(&saved["issues"]);
    assert!(!after.contains(&"content.link".to_owned()), "{after:?}");
    assert!(!after.contains(&"content.message".to_owned()), "{after:?}");

    let stale = invoke(
        &webview,
        "draft_save",
        json!({ "id": id, "body": body, "baseRevision": 2 }),
    )
    .expect_err("a stale revision is refused");
    assert_eq!(stale["kind"], "conflict", "{stale}");

    let read = ok(&webview, "draft_get", json!({ "id": id }));
    assert_eq!(read["draft"]["revision"], 3);
    assert_eq!(
        read["draft"]["body"]["content"]["message"],
        "Fresh flowers, delivered by bike."
    );
}

#[test]
fn validate_answers_for_an_unsaved_body_and_refuses_the_retired_bundle() {
    let (_app, webview) = app("drafts-commands");
    let view = ok(&webview, "draft_create", json!({ "kind": "catalog" }));
    let mut body = view["draft"]["body"].clone();
    assert_eq!(body["content"]["template_data"]["link"], "{{product.url}}");
    body["content"]["features"]["image_background_gen"] = json!(true);
    body["content"]["template_data"]["name"] = json!("{{product.name | shout}}");
    let issues = ok(&webview, "draft_validate", json!({ "body": body }));
    let name = issues
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["path"] == "content.template_data.name")
        .expect("template name issue");
    assert_eq!(name["code"], "unknown_template_modifier");
    assert!(paths(&issues).contains(&"content.product_set_id".to_owned()));

    body["content"]["features"]["standard_enhancements"] = json!(true);
    let refusal = invoke(&webview, "draft_validate", json!({ "body": body }))
        .expect_err("unknown fields are refused");
    assert!(
        refusal.to_string().contains("standard_enhancements"),
        "{refusal}"
    );
}

#[test]
fn list_search_rename_duplicate_delete_and_undo() {
    let (_app, webview) = app("drafts-commands");
    let token = format!("zebra{}", std::process::id());
    let view = ok(
        &webview,
        "draft_create",
        json!({ "kind": "link", "title": format!("Spring {token}") }),
    );
    let id = view["draft"]["id"].as_str().unwrap().to_owned();

    let found = ok(
        &webview,
        "drafts_list",
        json!({ "query": token.to_uppercase() }),
    );
    assert_eq!(found.as_array().unwrap().len(), 1, "{found}");
    assert_eq!(found[0]["id"], id.as_str());

    let ack = ok(
        &webview,
        "draft_rename",
        json!({ "id": id, "title": format!("  Summer {token} ") }),
    );
    assert_eq!(ack["revision"], 2);
    let blank = invoke(
        &webview,
        "draft_rename",
        json!({ "id": id, "title": "   " }),
    )
    .expect_err("an empty name is refused");
    assert_eq!(blank["kind"], "invalid_input");
    assert_eq!(blank["details"]["field"], "title");

    let copy = ok(&webview, "draft_duplicate", json!({ "id": id }));
    assert_eq!(copy["draft"]["title"], format!("Summer {token} (copy)"));
    let found = ok(&webview, "drafts_list", json!({ "query": token }));
    assert_eq!(found.as_array().unwrap().len(), 2);

    ok(&webview, "draft_delete", json!({ "id": id }));
    let all = ok(&webview, "drafts_list", json!({}));
    assert!(!all
        .as_array()
        .unwrap()
        .iter()
        .any(|d| d["id"] == id.as_str()));
    let in_trash = invoke(
        &webview,
        "draft_save",
        json!({ "id": id, "body": view["draft"]["body"], "baseRevision": 2 }),
    )
    .expect_err("a trashed draft cannot be edited");
    assert_eq!(in_trash["kind"], "in_trash");

    ok(&webview, "draft_restore", json!({ "id": id }));
    let all = ok(&webview, "drafts_list", json!({ "query": null }));
    let back = all
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["id"] == id.as_str())
        .expect("restored");
    assert_eq!(back["title"], format!("Summer {token}"));

    let missing =
        invoke(&webview, "draft_get", json!({ "id": "no-such-draft" })).expect_err("unknown");
    assert_eq!(missing["kind"], "not_found");
}

#[test]
fn publishing_refuses_a_draft_with_errors_and_queues_a_complete_one() {
    let (_app, webview) = app("drafts-commands");
    let view = ok(&webview, "draft_create", json!({ "kind": "link" }));
    let id = view["draft"]["id"].as_str().unwrap().to_owned();

    let refused = invoke(&webview, "draft_publish", json!({ "id": id })).expect_err("incomplete");
    assert_eq!(refused["kind"], "not_publishable");
    assert!(
        refused["details"]["content.page_id"].is_string(),
        "{refused}"
    );
    assert!(
        refused["message"].as_str().unwrap().starts_with("Fix "),
        "{refused}"
    );

    let mut body = view["draft"]["body"].clone();
    body["ad_account_id"] = json!("act_1234567890");
    body["content"]["page_id"] = json!("1098765432");
    body["content"]["link"] = json!("https://example.com/");
    body["content"]["message"] = json!("Hello");
    ok(
        &webview,
        "draft_save",
        json!({ "id": id, "body": body, "baseRevision": 1 }),
    );

    let queued = ok(&webview, "draft_publish", json!({ "id": id }));
    // No account reaches act_1234567890 (at most the demo runs): it waits, and says why.
    assert_eq!(queued["sending"], false, "{queued}");
    assert!(
        queued["note"].as_str().unwrap().starts_with("Queued"),
        "{queued}"
    );
    let item = queued["item"].clone();
    assert_eq!(item["status"], "queued");
    assert_eq!(item["draft_revision"], 2);
    let outbox = ok(&webview, "outbox_list", json!({}));
    assert!(outbox
        .as_array()
        .unwrap()
        .iter()
        .any(|i| i["idempotency_key"] == item["idempotency_key"] && i["status"] == "queued"));
    assert_eq!(
        ok(&webview, "draft_history", json!({ "id": id })),
        json!([])
    );

    ok(
        &webview,
        "outbox_cancel",
        json!({ "key": item["idempotency_key"] }),
    );
    let outbox = ok(&webview, "outbox_list", json!({}));
    let cancelled = outbox
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["idempotency_key"] == item["idempotency_key"])
        .expect("kept for the record");
    assert_eq!(cancelled["status"], "cancelled");
}

#[test]
fn an_image_arrives_as_raw_bytes_and_only_its_thumbnail_is_served_by_hash() {
    let (app, webview) = app("drafts-commands");
    let bytes = png(1200, 628);
    let imported = import(&webview, bytes.clone()).expect("image_import");
    let md5 = imported["image"]["md5"].as_str().unwrap().to_owned();
    assert_eq!(md5.len(), 32);
    assert_eq!(imported["image"]["format"], "png");
    assert_eq!(imported["image"]["width"], 1200);
    assert_eq!(imported["image"]["height"], 628);
    assert_eq!(imported["byte_len"], bytes.len());

    let engine = tauri::async_runtime::block_on(adwright_lib::drafting::drafts(app.handle()))
        .expect("drafts open");
    let thumb = adwright_lib::image_protocol::respond(&engine, &format!("/{md5}/thumb"));
    assert_eq!(thumb.status(), 200);
    assert_eq!(thumb.headers()["content-type"], "image/png");
    let decoded = image::load_from_memory(thumb.body()).expect("a real PNG");
    assert_eq!((decoded.width(), decoded.height()), (320, 167));

    for path in [
        format!("/{}/thumb", md5.to_uppercase()),
        format!("/{md5}/full"),
        format!("/{md5}/thumb/x"),
        "/../drafts.sqlite3/thumb".to_owned(),
        format!("/{}/thumb", "0".repeat(32)),
        "/".to_owned(),
    ] {
        let refused = adwright_lib::image_protocol::respond(&engine, &path);
        assert_eq!(refused.status(), 404, "{path}");
        assert!(refused.body().is_empty(), "{path}");
    }

    let not_an_image = import(&webview, b"GIF89a not really".to_vec()).expect_err("not JPEG/PNG");
    assert_eq!(not_an_image["kind"], "unsupported_image");
    assert_eq!(not_an_image["details"]["field"], "content.image");
    assert!(not_an_image["message"]
        .as_str()
        .unwrap()
        .contains("JPEG or PNG"));

    let as_json = invoke(&webview, "image_import", json!({ "path": "/etc/passwd" }))
        .expect_err("a path is never read");
    assert_eq!(as_json["kind"], "invalid_input");
}

/// A JPEG whose EXIF says "rotate 90° clockwise" (orientation 6): stored 800×1000, shown
/// 1000×800.
fn rotated_jpeg() -> Vec<u8> {
    let mut jpeg = Vec::new();
    image::RgbImage::from_pixel(800, 1000, image::Rgb([200, 80, 40]))
        .write_to(&mut Cursor::new(&mut jpeg), image::ImageFormat::Jpeg)
        .expect("encode jpeg");
    let mut exif = b"Exif\0\0".to_vec();
    // Big-endian TIFF header, one IFD entry: Orientation (0x0112), SHORT, 1 value, 6.
    exif.extend_from_slice(b"MM\0\x2a\0\0\0\x08");
    exif.extend_from_slice(&[0, 1, 0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, 6, 0, 0, 0, 0, 0, 0]);
    let mut out = jpeg[..2].to_vec(); // SOI
    out.extend_from_slice(&[0xFF, 0xE1]);
    out.extend_from_slice(&((exif.len() + 2) as u16).to_be_bytes());
    out.extend_from_slice(&exif);
    out.extend_from_slice(&jpeg[2..]);
    out
}

#[test]
fn a_jpeg_turned_by_exif_is_measured_and_thumbnailed_upright() {
    let (app, webview) = app("drafts-commands");
    let imported = import(&webview, rotated_jpeg()).expect("image_import");
    assert_eq!(imported["image"]["format"], "jpeg");
    assert_eq!(imported["exif_orientation"], 6);
    assert_eq!(imported["image"]["width"], 1000);
    assert_eq!(imported["image"]["height"], 800);

    let engine = tauri::async_runtime::block_on(adwright_lib::drafting::drafts(app.handle()))
        .expect("drafts open");
    let md5 = imported["image"]["md5"].as_str().unwrap();
    let thumb = adwright_lib::image_protocol::respond(&engine, &format!("/{md5}/thumb"));
    assert_eq!(thumb.headers()["content-type"], "image/jpeg");
    let decoded = image::load_from_memory(thumb.body()).expect("a real JPEG");
    assert_eq!((decoded.width(), decoded.height()), (320, 256));
}
