//! The one error type of the crate.

use thiserror::Error;

/// Everything a drafts call can fail with. The app maps these to messages for the user; the
/// variants that a person can act on (`Conflict`, `NotFound`, `Deleted`, ...) are kept distinct
/// from storage failures so the UI can react to them.
#[derive(Debug, Error)]
pub enum DraftsError {
    #[error("draft {0} not found")]
    NotFound(String),

    #[error("draft {0} is in the trash; restore it before editing")]
    Deleted(String),

    #[error("draft {id} changed since revision {expected} (now at {current}); reload it")]
    Conflict {
        id: String,
        expected: i64,
        current: i64,
    },

    #[error("draft {0} has publish history or a pending publish and cannot be purged")]
    HasHistory(String),

    #[error("draft {0} must be in the trash before it can be purged")]
    NotInTrash(String),

    #[error("draft {id} has {} problem(s) to fix before publishing", issues.len())]
    NotPublishable {
        id: String,
        issues: Vec<crate::validate::Issue>,
    },

    #[error("outbox item {0} not found")]
    OutboxItemNotFound(String),

    #[error("outbox item {key} is {status}, expected {expected}")]
    OutboxState {
        key: String,
        status: String,
        expected: String,
    },

    #[error("database schema version {found} is newer than this app supports ({supported}); update the app")]
    SchemaTooNew { found: i64, supported: i64 },

    #[error("stored draft {id} is unreadable: {reason}")]
    CorruptDraft { id: String, reason: String },

    #[error("Meta retired the `standard_enhancements` bundle; choose individual features instead")]
    RetiredFeature,

    #[error("unsupported image format {0}: use JPEG or PNG")]
    UnsupportedImageFormat(String),

    #[error("image {0} is not in the image store")]
    ImageNotFound(String),

    #[error(transparent)]
    Sqlite(#[from] rusqlite::Error),

    #[error(transparent)]
    Json(#[from] serde_json::Error),

    #[error(transparent)]
    Io(#[from] std::io::Error),

    #[error(transparent)]
    Image(#[from] image::ImageError),
}

pub type Result<T, E = DraftsError> = std::result::Result<T, E>;
