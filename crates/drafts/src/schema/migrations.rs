//! Versioned schema migrations. `PRAGMA user_version` holds the version reached; each migration
//! runs in its own transaction together with the bump of `user_version`, so a crash leaves the
//! database at the previous version or the next one, never in between.
//!
//! Migrations are append-only: never edit one that has shipped, add a new one.

use rusqlite::{params, Connection, Transaction, TransactionBehavior};
use serde_json::{json, Value};

use crate::error::{DraftsError, Result};

pub struct Migration {
    pub version: i64,
    pub name: &'static str,
    apply: fn(&Transaction) -> Result<()>,
}

pub const MIGRATIONS: &[Migration] = &[
    Migration {
        version: 1,
        name: "prototype drafts table",
        apply: v1_prototype,
    },
    Migration {
        version: 2,
        name: "individual AI features, trash, list columns",
        apply: v2_features_trash_list,
    },
    Migration {
        version: 3,
        name: "publish history and outbox",
        apply: v3_publishing,
    },
    Migration {
        version: 4,
        name: "image store and per-account uploads",
        apply: v4_images,
    },
    Migration {
        version: 5,
        name: "review records",
        apply: v5_reviews,
    },
];

pub const LATEST: i64 = MIGRATIONS[MIGRATIONS.len() - 1].version;

pub fn current_version(conn: &Connection) -> Result<i64> {
    Ok(conn.pragma_query_value(None, "user_version", |r| r.get(0))?)
}

/// Brings the database to the latest version.
pub fn migrate(conn: &mut Connection) -> Result<()> {
    migrate_to(conn, LATEST)
}

/// Brings the database to `target` (tests use it to build old databases).
pub fn migrate_to(conn: &mut Connection, target: i64) -> Result<()> {
    let found = current_version(conn)?;
    if found > LATEST {
        return Err(DraftsError::SchemaTooNew {
            found,
            supported: LATEST,
        });
    }
    for m in MIGRATIONS
        .iter()
        .filter(|m| m.version > found && m.version <= target)
    {
        // IMMEDIATE: take the write lock up front so two app instances cannot both migrate.
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        // Re-read under the lock: another connection may have migrated meanwhile.
        if current_version(&tx)? >= m.version {
            continue;
        }
        (m.apply)(&tx)?;
        tx.pragma_update(None, "user_version", m.version)?;
        tx.commit()?;
    }
    Ok(())
}

/// The first layout, from the prototype. Its body JSON kept one flat feature set per draft,
/// including Meta's `standard_enhancements` bundle:
/// `{"ad_account_id", "content": {"kind": "link"|"catalog", …, "features":
/// {"standard_enhancements": bool, "text_generation": bool, "image_uncrop": bool,
/// "image_background_gen": bool}}, "destination"}`.
fn v1_prototype(tx: &Transaction) -> Result<()> {
    tx.execute_batch(
        "CREATE TABLE drafts (
            id TEXT PRIMARY KEY NOT NULL,
            title TEXT NOT NULL,
            body TEXT NOT NULL,
            revision INTEGER NOT NULL,
            created_at INTEGER NOT NULL,
            updated_at INTEGER NOT NULL
        );",
    )?;
    Ok(())
}

/// Meta retired `standard_enhancements`; drafts carry individual features per ad kind instead.
/// Adds the trash (`deleted_at`) and the columns the list and search read, so listing never has
/// to parse body JSON.
fn v2_features_trash_list(tx: &Transaction) -> Result<()> {
    tx.execute_batch(
        "ALTER TABLE drafts ADD COLUMN deleted_at INTEGER;
         ALTER TABLE drafts ADD COLUMN kind TEXT NOT NULL DEFAULT 'link';
         ALTER TABLE drafts ADD COLUMN preview TEXT NOT NULL DEFAULT '';
         ALTER TABLE drafts ADD COLUMN image_md5 TEXT;
         ALTER TABLE drafts ADD COLUMN search_text TEXT NOT NULL DEFAULT '';
         CREATE INDEX drafts_by_recency ON drafts (deleted_at, updated_at DESC);",
    )?;
    let rows: Vec<(String, String, String)> = {
        let mut stmt = tx.prepare("SELECT id, title, body FROM drafts")?;
        let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
        rows.collect::<rusqlite::Result<_>>()?
    };
    for (id, title, body) in rows {
        let mut value: Value =
            serde_json::from_str(&body).map_err(|e| DraftsError::CorruptDraft {
                id: id.clone(),
                reason: e.to_string(),
            })?;
        split_features(&mut value);
        let cols = crate::store::ListColumns::from_body(&title, &value);
        tx.execute(
            "UPDATE drafts SET body = ?2, kind = ?3, preview = ?4, image_md5 = ?5,
                 search_text = ?6 WHERE id = ?1",
            params![
                id,
                value.to_string(),
                cols.kind,
                cols.preview,
                cols.image_md5,
                cols.search_text
            ],
        )?;
    }
    Ok(())
}

/// Rewrites a v1 body's flat feature set into the individual features of its ad kind.
///
/// An opted-in `standard_enhancements` bundle becomes the individual features of that kind
/// whose inputs the draft already has (text generation needs a primary text, image expansion an
/// image, background generation a product set and template text), so the migration turns on
/// nothing that would fail the rules; a notice tells the user to review the switches.
pub(crate) fn split_features(body: &mut Value) {
    let Some(content) = body.get_mut("content").and_then(Value::as_object_mut) else {
        return;
    };
    let old = content
        .remove("features")
        .and_then(|f| f.as_object().cloned())
        .unwrap_or_default();
    let flag = |k: &str| old.get(k).and_then(Value::as_bool).unwrap_or(false);
    let bundle = flag("standard_enhancements");
    let has_text = |k: &str| {
        content
            .get(k)
            .and_then(Value::as_str)
            .is_some_and(|s| !s.trim().is_empty())
    };
    let kind = content
        .get("kind")
        .and_then(Value::as_str)
        .unwrap_or("link");
    let features = if kind == "catalog" {
        let td_has_text = content.get("template_data").is_some_and(|td| {
            ["message", "name", "description"].iter().any(|k| {
                td.get(k)
                    .and_then(Value::as_str)
                    .is_some_and(|s| !s.trim().is_empty())
            })
        });
        json!({
            "image_background_gen": flag("image_background_gen")
                || (bundle && has_text("product_set_id") && td_has_text),
        })
    } else {
        let has_image = content.get("image").is_some_and(|i| !i.is_null());
        json!({
            "text_generation": flag("text_generation") || (bundle && has_text("message")),
            "image_uncrop": flag("image_uncrop") || (bundle && has_image),
        })
    };
    content.insert("features".into(), features);
    if bundle {
        if let Some(obj) = body.as_object_mut() {
            obj.insert("notices".into(), json!(["enhancements_bundle_replaced"]));
        }
    }
}

/// Publish history is append-only, enforced by triggers so no code path (or future bug) can
/// rewrite or drop what Meta returned. Drafts with history cannot be purged (RESTRICT).
/// The outbox keeps a snapshot of the body sent, with a unique idempotency key.
fn v3_publishing(tx: &Transaction) -> Result<()> {
    tx.execute_batch(
        "CREATE TABLE publish_records (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            draft_id TEXT NOT NULL REFERENCES drafts (id) ON DELETE RESTRICT,
            draft_revision INTEGER NOT NULL,
            ad_account_id TEXT NOT NULL,
            creative_id TEXT,
            ad_id TEXT,
            ad_set_id TEXT,
            campaign_id TEXT,
            review_state TEXT NOT NULL,
            review_feedback TEXT,
            idempotency_key TEXT,
            recorded_at INTEGER NOT NULL
        );
        CREATE INDEX publish_records_by_draft ON publish_records (draft_id, id);
        CREATE TRIGGER publish_records_no_update BEFORE UPDATE ON publish_records
        BEGIN SELECT RAISE(ABORT, 'publish history is append-only'); END;
        CREATE TRIGGER publish_records_no_delete BEFORE DELETE ON publish_records
        BEGIN SELECT RAISE(ABORT, 'publish history is append-only'); END;

        CREATE TABLE outbox (
            seq INTEGER PRIMARY KEY AUTOINCREMENT,
            idempotency_key TEXT NOT NULL UNIQUE,
            draft_id TEXT NOT NULL REFERENCES drafts (id) ON DELETE RESTRICT,
            draft_revision INTEGER NOT NULL,
            ad_account_id TEXT NOT NULL,
            body TEXT NOT NULL,
            status TEXT NOT NULL CHECK (status IN ('queued', 'sending', 'sent', 'failed', 'cancelled')),
            attempts INTEGER NOT NULL DEFAULT 0,
            last_error TEXT,
            enqueued_at INTEGER NOT NULL,
            claimed_at INTEGER,
            sent_at INTEGER
        );
        CREATE INDEX outbox_by_status ON outbox (status, seq);
        -- At most one waiting publish per draft: publishing again updates it.
        CREATE UNIQUE INDEX outbox_one_queued_per_draft ON outbox (draft_id) WHERE status = 'queued';",
    )?;
    Ok(())
}

/// Imported images (content-addressed by MD5) and the image hash Meta returned per ad account,
/// so an image is uploaded once per account.
fn v4_images(tx: &Transaction) -> Result<()> {
    tx.execute_batch(
        "CREATE TABLE images (
            md5 TEXT PRIMARY KEY NOT NULL,
            format TEXT NOT NULL,
            width INTEGER NOT NULL,
            height INTEGER NOT NULL,
            byte_len INTEGER NOT NULL,
            exif_orientation INTEGER NOT NULL,
            relative_path TEXT NOT NULL,
            imported_at INTEGER NOT NULL
        );
        CREATE TABLE image_uploads (
            md5 TEXT NOT NULL REFERENCES images (md5) ON DELETE CASCADE,
            ad_account_id TEXT NOT NULL,
            meta_hash TEXT NOT NULL,
            uploaded_at INTEGER NOT NULL,
            PRIMARY KEY (md5, ad_account_id)
        );",
    )?;
    Ok(())
}

/// The review record of each published ad or creative (issue 7): what Meta generated, what was
/// shown, what was approved or rejected, when. One row per reviewed Meta object, replaced as the
/// review goes on (the record itself is an append-only event list); the JSON is the `review`
/// crate's, opaque here so the drafts engine does not depend on it.
fn v5_reviews(tx: &Transaction) -> Result<()> {
    tx.execute_batch(
        "CREATE TABLE review_records (
            draft_id TEXT NOT NULL REFERENCES drafts (id) ON DELETE RESTRICT,
            meta_object_id TEXT NOT NULL,
            record TEXT NOT NULL,
            decided INTEGER NOT NULL DEFAULT 0,
            updated_at INTEGER NOT NULL,
            PRIMARY KEY (draft_id, meta_object_id)
        );",
    )?;
    Ok(())
}
