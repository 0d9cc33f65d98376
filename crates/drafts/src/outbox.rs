//! The outbox: publishes queued while offline, sent when the network is back, once.
//!
//! Lifecycle: `queued` → (claim) `sending` → `sent` | back to `queued` (retryable failure) |
//! `failed`. Claiming and completing are conditional updates inside write transactions, so an
//! item is handed to exactly one sender and completed exactly once, and a completion appends
//! the publish record in the same transaction (no sent item without its history).
//!
//! What a crash leaves: items in `sending` whose outcome is unknown (Meta may or may not have
//! made the ad). [`Store::outbox_in_flight`] lists them at start-up; the sender looks each one
//! up on Meta by its idempotency key (which it put in the object's name) and then calls
//! [`Store::outbox_mark_sent`] or [`Store::outbox_requeue`]. Nothing is re-sent blindly.

use rusqlite::{params, OptionalExtension, Row, TransactionBehavior};

use crate::error::{DraftsError, Result};
use crate::history::{self, NewRecord};
use crate::model::{OutboxItem, OutboxStatus, PublishRecord, PublishResult, ReviewState};
use crate::store::{now_ms, Store};
use crate::validate::{is_publishable, validate, Severity};

const COLUMNS: &str = "idempotency_key, draft_id, draft_revision, ad_account_id, body, status,
                       attempts, last_error, enqueued_at, claimed_at, sent_at";

/// A row as read, before its body snapshot is parsed (serde errors are not rusqlite errors).
struct RawItem {
    idempotency_key: String,
    draft_id: String,
    draft_revision: i64,
    ad_account_id: String,
    body: String,
    status: String,
    attempts: u32,
    last_error: Option<String>,
    enqueued_at: i64,
    claimed_at: Option<i64>,
    sent_at: Option<i64>,
}

fn item(r: &Row) -> rusqlite::Result<RawItem> {
    Ok(RawItem {
        idempotency_key: r.get(0)?,
        draft_id: r.get(1)?,
        draft_revision: r.get(2)?,
        ad_account_id: r.get(3)?,
        body: r.get(4)?,
        status: r.get(5)?,
        attempts: r.get(6)?,
        last_error: r.get(7)?,
        enqueued_at: r.get(8)?,
        claimed_at: r.get(9)?,
        sent_at: r.get(10)?,
    })
}

fn parse_item(raw: RawItem) -> Result<OutboxItem> {
    let body = serde_json::from_str(&raw.body).map_err(|e| DraftsError::CorruptDraft {
        id: raw.draft_id.clone(),
        reason: format!("outbox snapshot: {e}"),
    })?;
    Ok(OutboxItem {
        idempotency_key: raw.idempotency_key,
        draft_id: raw.draft_id,
        draft_revision: raw.draft_revision,
        ad_account_id: raw.ad_account_id,
        body,
        // The CHECK constraint keeps the column to the known values.
        status: OutboxStatus::parse(&raw.status).unwrap_or(OutboxStatus::Failed),
        attempts: raw.attempts,
        last_error: raw.last_error,
        enqueued_at: raw.enqueued_at,
        claimed_at: raw.claimed_at,
        sent_at: raw.sent_at,
    })
}

impl Store {
    /// Queues the draft's current revision for publishing. Refuses drafts with errors
    /// (`NotPublishable`). Publishing again while an earlier request still waits replaces that
    /// request's snapshot (same idempotency key): one waiting publish per draft.
    pub fn enqueue_publish(&mut self, draft_id: &str) -> Result<OutboxItem> {
        let draft = self.get(draft_id)?;
        if draft.deleted_at.is_some() {
            return Err(DraftsError::Deleted(draft_id.to_owned()));
        }
        let issues = validate(&draft.body);
        if !is_publishable(&issues) {
            return Err(DraftsError::NotPublishable {
                id: draft_id.to_owned(),
                // Only what blocks; warnings do not stop a publish.
                issues: issues
                    .into_iter()
                    .filter(|i| i.severity == Severity::Error)
                    .collect(),
            });
        }
        let body = serde_json::to_string(&draft.body)?;
        let now = now_ms();
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        // Re-check the revision under the lock: the snapshot must be the committed revision.
        let current: i64 = tx.query_row(
            "SELECT revision FROM drafts WHERE id = ?1",
            [draft_id],
            |r| r.get(0),
        )?;
        if current != draft.revision {
            return Err(DraftsError::Conflict {
                id: draft_id.to_owned(),
                expected: draft.revision,
                current,
            });
        }
        let waiting: Option<String> = tx
            .query_row(
                "SELECT idempotency_key FROM outbox WHERE draft_id = ?1 AND status = 'queued'",
                [draft_id],
                |r| r.get(0),
            )
            .optional()?;
        let key = match waiting {
            Some(key) => {
                tx.execute(
                    "UPDATE outbox SET draft_revision = ?2, ad_account_id = ?3, body = ?4,
                         enqueued_at = ?5
                     WHERE idempotency_key = ?1",
                    params![key, draft.revision, draft.body.ad_account_id, body, now],
                )?;
                key
            }
            None => {
                let key = uuid::Uuid::new_v4().to_string();
                tx.execute(
                    "INSERT INTO outbox (idempotency_key, draft_id, draft_revision, ad_account_id,
                         body, status, enqueued_at)
                     VALUES (?1, ?2, ?3, ?4, ?5, 'queued', ?6)",
                    params![
                        key,
                        draft_id,
                        draft.revision,
                        draft.body.ad_account_id,
                        body,
                        now
                    ],
                )?;
                key
            }
        };
        let item = get_item(&tx, &key)?;
        tx.commit()?;
        Ok(item)
    }

    /// The queue as the user sees it: every item, oldest first.
    pub fn outbox_list(&self) -> Result<Vec<OutboxItem>> {
        let mut stmt = self
            .conn
            .prepare_cached(&format!("SELECT {COLUMNS} FROM outbox ORDER BY seq"))?;
        let rows = stmt.query_map([], item)?;
        rows.map(|r| parse_item(r?)).collect()
    }

    pub fn outbox_item(&self, key: &str) -> Result<OutboxItem> {
        get_item(&self.conn, key)
    }

    /// Hands the oldest queued item to the caller and marks it `sending`, or `None` when the
    /// queue is empty. Two senders never get the same item. Items of drafts in the trash are
    /// held back until the draft is restored.
    pub fn outbox_claim_next(&mut self) -> Result<Option<OutboxItem>> {
        self.claim(None)
    }

    /// Like [`Store::outbox_claim_next`], among items for these ad accounts only: publishes
    /// for an ad account the connected Meta account does not reach wait for one that does,
    /// without holding up the rest of the queue.
    pub fn outbox_claim_next_for(&mut self, ad_accounts: &[String]) -> Result<Option<OutboxItem>> {
        self.claim(Some(ad_accounts))
    }

    fn claim(&mut self, ad_accounts: Option<&[String]>) -> Result<Option<OutboxItem>> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        // The accounts as a JSON list, matched with json_each: one statement for any number.
        let accounts = ad_accounts.map(serde_json::to_string).transpose()?;
        let key: Option<String> = tx
            .query_row(
                // Drafts in the trash keep their place in the queue but are not sent; restoring
                // the draft lets its publish go out again.
                "SELECT o.idempotency_key FROM outbox o JOIN drafts d ON d.id = o.draft_id
                 WHERE o.status = 'queued' AND d.deleted_at IS NULL
                   AND (?1 IS NULL OR o.ad_account_id IN (SELECT value FROM json_each(?1)))
                 ORDER BY o.seq LIMIT 1",
                [accounts],
                |r| r.get(0),
            )
            .optional()?;
        let Some(key) = key else { return Ok(None) };
        tx.execute(
            "UPDATE outbox SET status = 'sending', attempts = attempts + 1, claimed_at = ?2
             WHERE idempotency_key = ?1 AND status = 'queued'",
            params![key, now_ms()],
        )?;
        let item = get_item(&tx, &key)?;
        tx.commit()?;
        Ok(Some(item))
    }

    /// Records that Meta accepted the item: marks it `sent` and appends the publish record, in
    /// one transaction. A second call for the same key fails with `OutboxState` and appends
    /// nothing.
    pub fn outbox_mark_sent(&mut self, key: &str, ids: &PublishResult) -> Result<PublishRecord> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let it = get_item(&tx, key)?;
        let changed = tx.execute(
            "UPDATE outbox SET status = 'sent', sent_at = ?2, last_error = NULL
             WHERE idempotency_key = ?1 AND status = 'sending'",
            params![key, now_ms()],
        )?;
        if changed == 0 {
            return Err(state_error(&it, "sending"));
        }
        let rec = history::append(
            &tx,
            &NewRecord {
                draft_id: &it.draft_id,
                draft_revision: it.draft_revision,
                ad_account_id: &it.ad_account_id,
                ids,
                review_state: ReviewState::Submitted,
                review_feedback: None,
                idempotency_key: Some(key),
            },
        )?;
        tx.commit()?;
        Ok(rec)
    }

    /// Records a failed send. `retry` puts the item back in the queue (network gone, rate
    /// limit); otherwise it stays `failed` with the error shown to the user.
    pub fn outbox_mark_failed(&mut self, key: &str, error: &str, retry: bool) -> Result<()> {
        let status = if retry { "queued" } else { "failed" };
        self.transition(key, &["sending"], status, Some(error))
    }

    /// Items left `sending` (by a crash or a lost connection), to reconcile with Meta.
    pub fn outbox_in_flight(&self) -> Result<Vec<OutboxItem>> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {COLUMNS} FROM outbox WHERE status = 'sending' ORDER BY seq"
        ))?;
        let rows = stmt.query_map([], item)?;
        rows.map(|r| parse_item(r?)).collect()
    }

    /// Puts a `failed` item, or a `sending` one that reconciliation found was not made on Meta,
    /// back in the queue.
    pub fn outbox_requeue(&mut self, key: &str) -> Result<()> {
        self.transition(key, &["failed", "sending"], "queued", None)
    }

    /// Removes a waiting item from the queue (kept, as `cancelled`, for the record).
    pub fn outbox_cancel(&mut self, key: &str) -> Result<()> {
        self.transition(key, &["queued", "failed"], "cancelled", None)
    }

    fn transition(
        &mut self,
        key: &str,
        from: &[&str],
        to: &str,
        error: Option<&str>,
    ) -> Result<()> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let it = get_item(&tx, key)?;
        if !from.contains(&it.status.as_str()) {
            return Err(state_error(&it, &from.join(" or ")));
        }
        // Requeueing would break the one-waiting-publish-per-draft rule if the user has
        // published the draft again meanwhile; the newer request wins and this one is dropped.
        if to == "queued" {
            let newer: bool = tx.query_row(
                "SELECT EXISTS (SELECT 1 FROM outbox WHERE draft_id = ?1 AND status = 'queued')",
                [&it.draft_id],
                |r| r.get(0),
            )?;
            if newer {
                tx.execute(
                    "UPDATE outbox SET status = 'cancelled', last_error = ?2
                     WHERE idempotency_key = ?1",
                    params![key, "superseded by a newer publish of the same draft"],
                )?;
                tx.commit()?;
                return Ok(());
            }
        }
        tx.execute(
            "UPDATE outbox SET status = ?2, last_error = coalesce(?3, last_error)
             WHERE idempotency_key = ?1",
            params![key, to, error],
        )?;
        tx.commit()?;
        Ok(())
    }
}

fn state_error(it: &OutboxItem, expected: &str) -> DraftsError {
    DraftsError::OutboxState {
        key: it.idempotency_key.clone(),
        status: it.status.as_str().to_owned(),
        expected: expected.to_owned(),
    }
}

fn get_item(conn: &rusqlite::Connection, key: &str) -> Result<OutboxItem> {
    let row = conn
        .query_row(
            &format!("SELECT {COLUMNS} FROM outbox WHERE idempotency_key = ?1"),
            [key],
            item,
        )
        .optional()?
        .ok_or_else(|| DraftsError::OutboxItemNotFound(key.to_owned()))?;
    parse_item(row)
}
