//! Draft storage on SQLite: create, save, get, list, search, duplicate, rename, trash.
//!
//! Every call blocks on disk I/O (a save waits for fsync). The app must call them off the UI
//! thread, e.g. inside `tauri::async_runtime::spawn_blocking` with the `Store` behind a
//! `Mutex`. Every write runs in one transaction; a call that returns `Ok` has committed.

use std::path::Path;
use std::time::{SystemTime, UNIX_EPOCH};

use rusqlite::{params, Connection, OptionalExtension, Row, TransactionBehavior};
use serde_json::Value;

use crate::error::{DraftsError, Result};
use crate::model::{AdKind, Draft, DraftBody, DraftSummary, SaveAck};
use crate::schema::{configure, migrations};

/// Longest preview kept for the list, in characters.
const PREVIEW_CHARS: usize = 100;

/// The drafts database. One per app profile; open it once and share it.
pub struct Store {
    pub(crate) conn: Connection,
}

pub(crate) fn now_ms() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_millis() as i64)
        .unwrap_or(0)
}

impl Store {
    /// Opens (creating if needed) the database at `path` and migrates it to the latest schema.
    pub fn open(path: impl AsRef<Path>) -> Result<Store> {
        Self::from_connection(Connection::open(path)?)
    }

    /// A private in-memory database, for tests and previews.
    pub fn open_in_memory() -> Result<Store> {
        Self::from_connection(Connection::open_in_memory()?)
    }

    fn from_connection(mut conn: Connection) -> Result<Store> {
        configure(&conn)?;
        migrations::migrate(&mut conn)?;
        Ok(Store { conn })
    }

    /// `PRAGMA integrity_check` and `foreign_key_check`: empty when the database is sound.
    pub fn integrity_problems(&self) -> Result<Vec<String>> {
        let mut problems: Vec<String> = {
            let mut stmt = self.conn.prepare("PRAGMA integrity_check")?;
            let rows = stmt.query_map([], |r| r.get::<_, String>(0))?;
            rows.collect::<rusqlite::Result<Vec<_>>>()?
                .into_iter()
                .filter(|s| s != "ok")
                .collect()
        };
        let mut stmt = self.conn.prepare("PRAGMA foreign_key_check")?;
        let fk = stmt.query_map([], |r| {
            Ok(format!(
                "foreign key violation in {} row {:?}",
                r.get::<_, String>(0)?,
                r.get::<_, Option<i64>>(1)?
            ))
        })?;
        for p in fk {
            problems.push(p?);
        }
        Ok(problems)
    }

    /// Creates a draft at revision 1.
    pub fn create(&mut self, title: &str, body: &DraftBody) -> Result<Draft> {
        let mut made = self.create_many(&[(title.to_owned(), body.clone())])?;
        Ok(made.remove(0))
    }

    /// Creates many drafts in one transaction (one fsync), e.g. when importing a backup.
    pub fn create_many(&mut self, drafts: &[(String, DraftBody)]) -> Result<Vec<Draft>> {
        let now = now_ms();
        let tx = self.conn.transaction()?;
        let mut out = Vec::with_capacity(drafts.len());
        {
            let mut insert = tx.prepare(
                "INSERT INTO drafts (id, title, body, revision, created_at, updated_at,
                                     deleted_at, kind, preview, image_md5, search_text)
                 VALUES (?1, ?2, ?3, 1, ?4, ?4, NULL, ?5, ?6, ?7, ?8)",
            )?;
            for (title, body) in drafts {
                let id = uuid::Uuid::new_v4().to_string();
                let value = serde_json::to_value(body)?;
                let cols = ListColumns::from_body(title, &value);
                insert.execute(params![
                    id,
                    title,
                    value.to_string(),
                    now,
                    cols.kind,
                    cols.preview,
                    cols.image_md5,
                    cols.search_text
                ])?;
                out.push(Draft {
                    id,
                    title: title.clone(),
                    revision: 1,
                    created_at: now,
                    updated_at: now,
                    deleted_at: None,
                    body: body.clone(),
                });
            }
        }
        tx.commit()?;
        Ok(out)
    }

    /// Saves an edit. With `base_revision`, refuses (`Conflict`) when the stored draft has moved
    /// on since, so a stale window cannot overwrite newer text; `None` means last writer wins.
    /// Returns once the edit is durable.
    pub fn save(
        &mut self,
        id: &str,
        body: &DraftBody,
        base_revision: Option<i64>,
    ) -> Result<SaveAck> {
        let value = serde_json::to_value(body)?;
        // IMMEDIATE: read-check-write under the write lock, so two writers cannot both pass the
        // revision check.
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let (title, revision) = live_revision(&tx, id, base_revision)?;
        let cols = ListColumns::from_body(&title, &value);
        let now = now_ms();
        tx.execute(
            "UPDATE drafts SET body = ?2, revision = ?3, updated_at = ?4, kind = ?5, preview = ?6,
                 image_md5 = ?7, search_text = ?8
             WHERE id = ?1",
            params![
                id,
                value.to_string(),
                revision + 1,
                now,
                cols.kind,
                cols.preview,
                cols.image_md5,
                cols.search_text
            ],
        )?;
        tx.commit()?;
        Ok(SaveAck {
            revision: revision + 1,
            saved_at: now,
        })
    }

    /// Renames a draft; counts as an edit (new revision).
    pub fn rename(&mut self, id: &str, title: &str) -> Result<SaveAck> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let (_, revision) = live_revision(&tx, id, None)?;
        let body: String =
            tx.query_row("SELECT body FROM drafts WHERE id = ?1", [id], |r| r.get(0))?;
        let value: Value = serde_json::from_str(&body)?;
        let cols = ListColumns::from_body(title, &value);
        let now = now_ms();
        tx.execute(
            "UPDATE drafts SET title = ?2, revision = ?3, updated_at = ?4, search_text = ?5
             WHERE id = ?1",
            params![id, title, revision + 1, now, cols.search_text],
        )?;
        tx.commit()?;
        Ok(SaveAck {
            revision: revision + 1,
            saved_at: now,
        })
    }

    /// Reads a draft, including one in the trash.
    pub fn get(&self, id: &str) -> Result<Draft> {
        self.conn
            .query_row(
                "SELECT id, title, revision, created_at, updated_at, deleted_at, body
                 FROM drafts WHERE id = ?1",
                [id],
                |r| Ok((draft_head(r)?, r.get::<_, String>(6)?)),
            )
            .optional()?
            .ok_or_else(|| DraftsError::NotFound(id.to_owned()))
            .and_then(|(head, body)| head.with_body(&body))
    }

    /// Drafts not in the trash, most recently edited first. Reads only the list columns.
    pub fn list(&self) -> Result<Vec<DraftSummary>> {
        self.summaries(
            "WHERE deleted_at IS NULL ORDER BY updated_at DESC, rowid DESC",
            params![],
        )
    }

    /// Drafts in the trash, most recently deleted first.
    pub fn list_trash(&self) -> Result<Vec<DraftSummary>> {
        self.summaries(
            "WHERE deleted_at IS NOT NULL ORDER BY deleted_at DESC, rowid DESC",
            params![],
        )
    }

    /// Drafts (not in the trash) whose title or any text contains `query`, ignoring case.
    /// An empty query lists everything.
    pub fn search(&self, query: &str, limit: usize) -> Result<Vec<DraftSummary>> {
        let needle = query.trim().to_lowercase();
        // instr rather than LIKE: no wildcard characters to escape in what the user typed, and
        // both sides are already lowercased in Rust (SQLite's lower() only folds ASCII).
        self.summaries(
            "WHERE deleted_at IS NULL AND instr(search_text, ?1) > 0
             ORDER BY updated_at DESC, rowid DESC LIMIT ?2",
            params![needle, i64::try_from(limit).unwrap_or(i64::MAX)],
        )
    }

    fn summaries(&self, tail: &str, params: &[&dyn rusqlite::ToSql]) -> Result<Vec<DraftSummary>> {
        let sql = format!(
            "SELECT id, title, kind, preview, image_md5, revision, updated_at, deleted_at
             FROM drafts {tail}"
        );
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let rows = stmt.query_map(params, |r| {
            let kind: String = r.get(2)?;
            Ok(DraftSummary {
                id: r.get(0)?,
                title: r.get(1)?,
                kind: AdKind::parse(&kind).unwrap_or(AdKind::Link),
                preview: r.get(3)?,
                image_md5: r.get(4)?,
                revision: r.get(5)?,
                updated_at: r.get(6)?,
                deleted_at: r.get(7)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Copies a draft (body and title, not its publish history) into a new draft.
    pub fn duplicate(&mut self, id: &str) -> Result<Draft> {
        let original = self.get(id)?;
        let title = format!("{} (copy)", original.title);
        self.create(&title, &original.body)
    }

    /// Moves a draft to the trash. Undo with [`Store::restore`].
    pub fn delete(&mut self, id: &str) -> Result<()> {
        let changed = self.conn.execute(
            "UPDATE drafts SET deleted_at = ?2 WHERE id = ?1 AND deleted_at IS NULL",
            params![id, now_ms()],
        )?;
        if changed == 0 {
            // Either unknown, or already in the trash (deleting twice is harmless).
            self.get(id)?;
        }
        Ok(())
    }

    /// Takes a draft back out of the trash.
    pub fn restore(&mut self, id: &str) -> Result<()> {
        let changed = self
            .conn
            .execute("UPDATE drafts SET deleted_at = NULL WHERE id = ?1", [id])?;
        if changed == 0 {
            return Err(DraftsError::NotFound(id.to_owned()));
        }
        Ok(())
    }

    /// Deletes a draft for good. Only drafts in the trash, and never one with publish history
    /// or a publish still pending (its history must not be lost).
    pub fn purge(&mut self, id: &str) -> Result<()> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        purge_in(&tx, id)?;
        tx.commit()?;
        Ok(())
    }

    /// Purges every trashed draft deleted before `cutoff_ms` that can be purged; drafts with
    /// history stay in the trash. Returns how many were purged.
    pub fn empty_trash(&mut self, cutoff_ms: i64) -> Result<usize> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let ids: Vec<String> = {
            let mut stmt = tx.prepare(
                "SELECT id FROM drafts WHERE deleted_at IS NOT NULL AND deleted_at < ?1",
            )?;
            let rows = stmt.query_map([cutoff_ms], |r| r.get(0))?;
            rows.collect::<rusqlite::Result<_>>()?
        };
        let mut purged = 0;
        for id in ids {
            match purge_in(&tx, &id) {
                Ok(()) => purged += 1,
                Err(DraftsError::HasHistory(_)) => {}
                Err(e) => return Err(e),
            }
        }
        tx.commit()?;
        Ok(purged)
    }
}

fn purge_in(tx: &rusqlite::Transaction, id: &str) -> Result<()> {
    let deleted_at: Option<Option<i64>> = tx
        .query_row("SELECT deleted_at FROM drafts WHERE id = ?1", [id], |r| {
            r.get(0)
        })
        .optional()?;
    match deleted_at {
        None => return Err(DraftsError::NotFound(id.to_owned())),
        Some(None) => return Err(DraftsError::NotInTrash(id.to_owned())),
        Some(Some(_)) => {}
    }
    let kept: i64 = tx.query_row(
        "SELECT (SELECT count(*) FROM publish_records WHERE draft_id = ?1)
              + (SELECT count(*) FROM outbox WHERE draft_id = ?1 AND status <> 'cancelled')",
        [id],
        |r| r.get(0),
    )?;
    if kept > 0 {
        return Err(DraftsError::HasHistory(id.to_owned()));
    }
    tx.execute(
        "DELETE FROM outbox WHERE draft_id = ?1 AND status = 'cancelled'",
        [id],
    )?;
    tx.execute("DELETE FROM drafts WHERE id = ?1", [id])?;
    Ok(())
}

/// The title and revision of a draft that may be edited, checking `base_revision`.
fn live_revision(
    tx: &rusqlite::Transaction,
    id: &str,
    base_revision: Option<i64>,
) -> Result<(String, i64)> {
    let row: Option<(String, i64, Option<i64>)> = tx
        .query_row(
            "SELECT title, revision, deleted_at FROM drafts WHERE id = ?1",
            [id],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .optional()?;
    let (title, revision, deleted_at) = row.ok_or_else(|| DraftsError::NotFound(id.to_owned()))?;
    if deleted_at.is_some() {
        return Err(DraftsError::Deleted(id.to_owned()));
    }
    if let Some(expected) = base_revision {
        if expected != revision {
            return Err(DraftsError::Conflict {
                id: id.to_owned(),
                expected,
                current: revision,
            });
        }
    }
    Ok((title, revision))
}

struct DraftHead {
    id: String,
    title: String,
    revision: i64,
    created_at: i64,
    updated_at: i64,
    deleted_at: Option<i64>,
}

impl DraftHead {
    fn with_body(self, body: &str) -> Result<Draft> {
        let body: DraftBody =
            serde_json::from_str(body).map_err(|e| DraftsError::CorruptDraft {
                id: self.id.clone(),
                reason: e.to_string(),
            })?;
        Ok(Draft {
            id: self.id,
            title: self.title,
            revision: self.revision,
            created_at: self.created_at,
            updated_at: self.updated_at,
            deleted_at: self.deleted_at,
            body,
        })
    }
}

fn draft_head(r: &Row) -> rusqlite::Result<DraftHead> {
    Ok(DraftHead {
        id: r.get(0)?,
        title: r.get(1)?,
        revision: r.get(2)?,
        created_at: r.get(3)?,
        updated_at: r.get(4)?,
        deleted_at: r.get(5)?,
    })
}

/// Columns derived from a body for the list and search, computed from JSON so the v2 migration
/// can fill them from old bodies too.
pub(crate) struct ListColumns {
    pub kind: &'static str,
    pub preview: String,
    pub image_md5: Option<String>,
    pub search_text: String,
}

impl ListColumns {
    pub(crate) fn from_body(title: &str, body: &Value) -> ListColumns {
        let content = body.get("content");
        let text = |v: Option<&Value>, k: &str| -> String {
            v.and_then(|v| v.get(k))
                .and_then(Value::as_str)
                .unwrap_or("")
                .to_owned()
        };
        let kind = match content.and_then(|c| c.get("kind")).and_then(Value::as_str) {
            Some("catalog") => AdKind::Catalog,
            _ => AdKind::Link,
        };
        let texts_from = match kind {
            AdKind::Link => content,
            AdKind::Catalog => content.and_then(|c| c.get("template_data")),
        };
        let headline = text(texts_from, "name");
        let message = text(texts_from, "message");
        let preview_src = if headline.trim().is_empty() {
            &message
        } else {
            &headline
        };
        let preview: String = preview_src.trim().chars().take(PREVIEW_CHARS).collect();
        let image_md5 = content
            .and_then(|c| c.get("image"))
            .and_then(|i| i.get("md5"))
            .and_then(Value::as_str)
            .map(str::to_owned);
        let search_text = [
            title.to_owned(),
            headline,
            message,
            text(texts_from, "description"),
            text(texts_from, "link"),
        ]
        .join("\n")
        .to_lowercase();
        ListColumns {
            kind: kind.as_str(),
            preview,
            image_md5,
            search_text,
        }
    }
}

#[cfg(test)]
mod tests;
