//! Publishing and the review loop in the app: the outbox sender (every publish goes through
//! the outbox, online or not, so it is sent exactly once), and the review sessions of what was
//! published. The rules live in the `publish` and `review` crates; this wires them to the
//! store, the accounts and the window.

pub mod draft_previews;
pub mod reviews;
pub mod sender;

use std::collections::{BTreeMap, HashMap};
use std::sync::Mutex;

use publish::PublishProgress;
use serde::Serialize;
use ts_rs::TS;

/// The outbox changed (an item was claimed, sent, failed or requeued); payload: the items.
pub const OUTBOX_EVENT: &str = "outbox-changed";
/// A step of a publish started; payload: [`SendProgress`].
pub const PROGRESS_EVENT: &str = "publish-progress";
/// A review changed (previews arrived, a mark, a decision); payload: `ReviewScreen`.
pub const REVIEW_EVENT: &str = "review-changed";
/// A publish went out and its review can start; payload: [`ReviewReady`].
pub const REVIEW_READY_EVENT: &str = "review-ready";

/// Where a publish stands, for the outbox list and the editor.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct SendProgress {
    pub key: String,
    pub draft_id: String,
    pub progress: PublishProgress,
}

/// A publish was sent; its review is `review_id` (the ad's id, or the creative's).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct ReviewReady {
    pub draft_id: String,
    pub review_id: String,
}

#[derive(Default)]
pub(crate) struct Sender {
    running: bool,
    again: bool,
    /// Meta could not be reached (or asked to wait): no sending before this.
    paused_until_ms: Option<i64>,
    /// Items a crash left `sending` were put back in the queue.
    reconciled: bool,
    progress: BTreeMap<String, SendProgress>,
}

#[derive(Default)]
pub struct PublishingState {
    pub(crate) sender: Mutex<Sender>,
    /// Open reviews by id (the ad's id, or the standalone creative's). Never held across an
    /// await: preview progress is applied from the polling tasks.
    pub(crate) reviews: Mutex<HashMap<String, reviews::Review>>,
}

impl PublishingState {
    pub(crate) fn sender(&self) -> std::sync::MutexGuard<'_, Sender> {
        self.sender.lock().unwrap_or_else(|p| p.into_inner())
    }

    pub(crate) fn reviews(&self) -> std::sync::MutexGuard<'_, HashMap<String, reviews::Review>> {
        self.reviews.lock().unwrap_or_else(|p| p.into_inner())
    }
}

pub(crate) fn now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_millis() as i64)
        .unwrap_or(0)
}
