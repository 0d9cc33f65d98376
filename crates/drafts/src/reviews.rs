//! Review records kept with the draft (issue 7): one per reviewed Meta object (ad or standalone
//! creative), written after every step of the review so a crash loses nothing the user saw.
//! The record's JSON belongs to the `review` crate; here it is kept, not interpreted.

use rusqlite::{params, OptionalExtension};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::{DraftsError, Result};
use crate::store::{now_ms, Store};

/// A kept review record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct StoredReview {
    pub draft_id: String,
    /// The ad's id, or the standalone creative's.
    pub meta_object_id: String,
    /// `review::ReviewRecord` as JSON.
    pub record: String,
    /// Approved or rejected: the review is over.
    pub decided: bool,
    #[ts(type = "number")]
    pub updated_at: i64,
}

impl Store {
    /// Keeps the latest state of one review (replacing the previous one for that object).
    pub fn save_review(
        &mut self,
        draft_id: &str,
        meta_object_id: &str,
        record_json: &str,
        decided: bool,
    ) -> Result<()> {
        // Refuse what is not JSON: a broken record would be unreadable later.
        serde_json::from_str::<serde_json::Value>(record_json)?;
        let tx = self.conn.transaction()?;
        let exists: bool = tx.query_row(
            "SELECT EXISTS (SELECT 1 FROM drafts WHERE id = ?1)",
            [draft_id],
            |r| r.get(0),
        )?;
        if !exists {
            return Err(DraftsError::NotFound(draft_id.to_owned()));
        }
        tx.execute(
            "INSERT INTO review_records (draft_id, meta_object_id, record, decided, updated_at)
             VALUES (?1, ?2, ?3, ?4, ?5)
             ON CONFLICT (draft_id, meta_object_id)
             DO UPDATE SET record = excluded.record, decided = excluded.decided,
                           updated_at = excluded.updated_at",
            params![draft_id, meta_object_id, record_json, decided, now_ms()],
        )?;
        tx.commit()?;
        Ok(())
    }

    /// The review of one object, if kept.
    pub fn review(&self, draft_id: &str, meta_object_id: &str) -> Result<Option<StoredReview>> {
        Ok(self
            .conn
            .query_row(
                "SELECT draft_id, meta_object_id, record, decided, updated_at FROM review_records
                 WHERE draft_id = ?1 AND meta_object_id = ?2",
                params![draft_id, meta_object_id],
                row,
            )
            .optional()?)
    }

    /// Every review of a draft, oldest first.
    pub fn reviews(&self, draft_id: &str) -> Result<Vec<StoredReview>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT draft_id, meta_object_id, record, decided, updated_at FROM review_records
             WHERE draft_id = ?1 ORDER BY updated_at, meta_object_id",
        )?;
        let rows = stmt.query_map([draft_id], row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}

fn row(r: &rusqlite::Row) -> rusqlite::Result<StoredReview> {
    Ok(StoredReview {
        draft_id: r.get(0)?,
        meta_object_id: r.get(1)?,
        record: r.get(2)?,
        decided: r.get(3)?,
        updated_at: r.get(4)?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{AdContent, Destination, DraftBody, LinkAd};

    fn store() -> (tempfile::TempDir, Store) {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path().join("d.sqlite3")).unwrap();
        (dir, store)
    }

    fn body() -> DraftBody {
        DraftBody {
            ad_account_id: String::new(),
            content: AdContent::Link(LinkAd::default()),
            destination: Destination::StandaloneCreative,
            notices: Vec::new(),
        }
    }

    #[test]
    fn a_review_is_replaced_per_object_and_kept_across_reopening() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("d.sqlite3");
        let id = {
            let mut s = Store::open(&path).unwrap();
            let d = s.create("Spring", &body()).unwrap();
            s.save_review(&d.id, "ad-1", r#"{"events":[1]}"#, false)
                .unwrap();
            s.save_review(&d.id, "ad-1", r#"{"events":[1,2]}"#, true)
                .unwrap();
            s.save_review(&d.id, "ad-2", r#"{"events":[]}"#, false)
                .unwrap();
            d.id
        };
        let s = Store::open(&path).unwrap();
        let all = s.reviews(&id).unwrap();
        assert_eq!(all.len(), 2);
        let first = s.review(&id, "ad-1").unwrap().unwrap();
        assert_eq!(first.record, r#"{"events":[1,2]}"#);
        assert!(first.decided);
        assert_eq!(s.review(&id, "ad-3").unwrap(), None);
    }

    #[test]
    fn refuses_broken_json_and_unknown_drafts() {
        let (_dir, mut s) = store();
        let d = s.create("Spring", &body()).unwrap();
        assert!(s.save_review(&d.id, "ad-1", "{not json", false).is_err());
        assert!(matches!(
            s.save_review("no-such-draft", "ad-1", "{}", false),
            Err(DraftsError::NotFound(_))
        ));
        assert!(s.reviews(&d.id).unwrap().is_empty());
    }
}
