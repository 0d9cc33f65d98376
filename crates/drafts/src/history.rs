//! Publish history per draft: the ids Meta returned and the review states read back later.
//! Append-only (the schema's triggers refuse UPDATE and DELETE).

use rusqlite::{params, Connection, OptionalExtension, Row};

use crate::error::{DraftsError, Result};
use crate::model::{PublishRecord, PublishResult, ReviewState};
use crate::store::{now_ms, Store};

const COLUMNS: &str = "id, draft_id, draft_revision, ad_account_id, creative_id, ad_id, ad_set_id,
                       campaign_id, review_state, review_feedback, idempotency_key, recorded_at";

/// What to append.
pub(crate) struct NewRecord<'a> {
    pub draft_id: &'a str,
    pub draft_revision: i64,
    pub ad_account_id: &'a str,
    pub ids: &'a PublishResult,
    pub review_state: ReviewState,
    pub review_feedback: Option<&'a str>,
    pub idempotency_key: Option<&'a str>,
}

pub(crate) fn append(conn: &Connection, rec: &NewRecord) -> Result<PublishRecord> {
    conn.execute(
        "INSERT INTO publish_records (draft_id, draft_revision, ad_account_id, creative_id, ad_id,
             ad_set_id, campaign_id, review_state, review_feedback, idempotency_key, recorded_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
        params![
            rec.draft_id,
            rec.draft_revision,
            rec.ad_account_id,
            rec.ids.creative_id,
            rec.ids.ad_id,
            rec.ids.ad_set_id,
            rec.ids.campaign_id,
            rec.review_state.as_str(),
            rec.review_feedback,
            rec.idempotency_key,
            now_ms()
        ],
    )?;
    let id = conn.last_insert_rowid();
    Ok(conn.query_row(
        &format!("SELECT {COLUMNS} FROM publish_records WHERE id = ?1"),
        [id],
        record,
    )?)
}

fn record(r: &Row) -> rusqlite::Result<PublishRecord> {
    let state: String = r.get(8)?;
    Ok(PublishRecord {
        id: r.get(0)?,
        draft_id: r.get(1)?,
        draft_revision: r.get(2)?,
        ad_account_id: r.get(3)?,
        creative_id: r.get(4)?,
        ad_id: r.get(5)?,
        ad_set_id: r.get(6)?,
        campaign_id: r.get(7)?,
        review_state: ReviewState::parse(&state).unwrap_or(ReviewState::Submitted),
        review_feedback: r.get(9)?,
        idempotency_key: r.get(10)?,
        recorded_at: r.get(11)?,
    })
}

impl Store {
    /// Every record of a draft, oldest first.
    pub fn publish_history(&self, draft_id: &str) -> Result<Vec<PublishRecord>> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {COLUMNS} FROM publish_records WHERE draft_id = ?1 ORDER BY id"
        ))?;
        let rows = stmt.query_map([draft_id], record)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Appends what a publish made outside the outbox (the first ad of a reviewed standalone
    /// creative), for the draft revision it came from. An ad already recorded for the draft
    /// (a retry that found the ad the first try made) returns its record: one ad, one record.
    pub fn record_publish(
        &mut self,
        draft_id: &str,
        draft_revision: i64,
        ad_account_id: &str,
        ids: &PublishResult,
    ) -> Result<PublishRecord> {
        let tx = self.conn.transaction()?;
        if let Some(ad_id) = &ids.ad_id {
            let known = tx
                .query_row(
                    &format!(
                        "SELECT {COLUMNS} FROM publish_records WHERE draft_id = ?1 AND ad_id = ?2
                         ORDER BY id LIMIT 1"
                    ),
                    params![draft_id, ad_id],
                    record,
                )
                .optional()?;
            if let Some(known) = known {
                return Ok(known);
            }
        }
        let rec = append(
            &tx,
            &NewRecord {
                draft_id,
                draft_revision,
                ad_account_id,
                ids,
                review_state: ReviewState::Submitted,
                review_feedback: None,
                idempotency_key: None,
            },
        )?;
        tx.commit()?;
        Ok(rec)
    }

    /// Appends a review state read back from Meta for an earlier publish (found by its ad id,
    /// or creative id for a standalone creative). The earlier records stay as they were.
    pub fn record_review_state(
        &mut self,
        draft_id: &str,
        meta_object_id: &str,
        state: ReviewState,
        feedback: Option<&str>,
    ) -> Result<PublishRecord> {
        let tx = self.conn.transaction()?;
        let last: Option<PublishRecord> = {
            let mut stmt = tx.prepare(&format!(
                "SELECT {COLUMNS} FROM publish_records
                 WHERE draft_id = ?1 AND (ad_id = ?2 OR creative_id = ?2)
                 ORDER BY id DESC LIMIT 1"
            ))?;
            let mut rows = stmt.query_map(params![draft_id, meta_object_id], record)?;
            rows.next().transpose()?
        };
        let last = last.ok_or_else(|| {
            DraftsError::NotFound(format!("{draft_id} (no publish of {meta_object_id})"))
        })?;
        let ids = PublishResult {
            creative_id: last.creative_id.clone(),
            ad_id: last.ad_id.clone(),
            ad_set_id: last.ad_set_id.clone(),
            campaign_id: last.campaign_id.clone(),
        };
        let rec = append(
            &tx,
            &NewRecord {
                draft_id,
                draft_revision: last.draft_revision,
                ad_account_id: &last.ad_account_id,
                ids: &ids,
                review_state: state,
                review_feedback: feedback,
                idempotency_key: last.idempotency_key.as_deref(),
            },
        )?;
        tx.commit()?;
        Ok(rec)
    }
}
