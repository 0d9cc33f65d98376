//! The one error type that crosses IPC. The UI receives `{ kind, message, details }`, never a
//! panic or a bare string, and decides how to show it by `kind`.

use serde::Serialize;
use ts_rs::TS;

/// What went wrong, in words the UI can act on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum ErrorKind {
    /// The OS keychain is missing, locked or not a real store; tokens cannot be kept.
    KeychainUnavailable,
    /// The user's input is not valid; `details.field` names the field.
    InvalidInput,
    /// Something inside Adwright failed; the message says what.
    Internal,
    /// The draft (or image, or outbox item) does not exist (any more).
    NotFound,
    /// The draft is in the trash: restore it before editing or publishing.
    InTrash,
    /// The draft changed since the revision the window knows: reopen it.
    Conflict,
    /// The draft has errors that block publishing; `details` maps each field path to its issue.
    NotPublishable,
    /// The image is not a JPEG or PNG Adwright can read.
    UnsupportedImage,
    /// The drafts database or image folder could not be read or written.
    Storage,
    /// Meta no longer accepts the account's token (190): publishing is paused until the user
    /// pastes a new token; drafts and queued publishes are kept.
    ReconnectNeeded,
    /// The token lacks permissions (or reaches no ad account/page); the message says how to
    /// grant them, `details.missing` lists them.
    PermissionsMissing,
    /// Meta could not be reached: try again when online.
    Offline,
    /// Meta refused the request for another reason; the message gives Meta's words.
    MetaRefused,
}

/// An error as the UI sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS, thiserror::Error)]
#[error("{message}")]
#[ts(export)]
pub struct AppError {
    pub kind: ErrorKind,
    /// A sentence for the user: what happened and how to fix it.
    pub message: String,
    /// Machine-readable context (for example the field or the OS-specific fix).
    #[ts(type = "Record<string, string>")]
    pub details: std::collections::BTreeMap<String, String>,
}

impl AppError {
    pub fn new(kind: ErrorKind, message: impl Into<String>) -> Self {
        Self {
            kind,
            message: message.into(),
            details: Default::default(),
        }
    }

    pub fn with_detail(mut self, key: &str, value: impl Into<String>) -> Self {
        self.details.insert(key.to_owned(), value.into());
        self
    }
}

impl From<crate::keychain::KeychainError> for AppError {
    fn from(error: crate::keychain::KeychainError) -> Self {
        AppError::new(ErrorKind::KeychainUnavailable, error.to_string())
            .with_detail("fix", error.fix())
    }
}

impl From<drafts::DraftsError> for AppError {
    fn from(error: drafts::DraftsError) -> Self {
        use drafts::DraftsError as E;
        match error {
            E::NotFound(id) => AppError::new(
                ErrorKind::NotFound,
                "This draft no longer exists (it was deleted for good): pick another draft from \
                 the list.",
            )
            .with_detail("id", id),
            E::Deleted(id) => AppError::new(
                ErrorKind::InTrash,
                "This draft is in the trash: restore it with Undo before editing or publishing it.",
            )
            .with_detail("id", id),
            E::Conflict {
                id,
                expected,
                current,
            } => AppError::new(
                ErrorKind::Conflict,
                format!(
                    "This draft changed since this window loaded it (revision {expected}, now \
                     {current}): reopen the draft to see its latest version."
                ),
            )
            .with_detail("id", id),
            E::NotPublishable { id, issues } => {
                let first = issues
                    .first()
                    .map(|i| i.message.clone())
                    .unwrap_or_default();
                let mut error = AppError::new(
                    ErrorKind::NotPublishable,
                    format!("Fix {} problem(s) before publishing. {first}", issues.len()),
                )
                .with_detail("id", id);
                for issue in issues {
                    error = error.with_detail(&issue.path, issue.message);
                }
                error
            }
            error @ (E::HasHistory(_) | E::NotInTrash(_)) => {
                AppError::new(ErrorKind::InvalidInput, error_text(&error))
            }
            E::OutboxItemNotFound(key) => AppError::new(
                ErrorKind::NotFound,
                "This publish is no longer in the outbox: refresh the outbox.",
            )
            .with_detail("key", key),
            error @ E::OutboxState { .. } => {
                AppError::new(ErrorKind::InvalidInput, error_text(&error))
            }
            E::SchemaTooNew { found, supported } => AppError::new(
                ErrorKind::Storage,
                format!(
                    "Your drafts were saved by a newer Adwright (database version {found}; this \
                     one reads up to {supported}): update Adwright to open them."
                ),
            ),
            error @ E::CorruptDraft { .. } => AppError::new(
                ErrorKind::Storage,
                format!("{}. The other drafts are unaffected.", error_text(&error)),
            ),
            E::RetiredFeature => AppError::new(
                ErrorKind::InvalidInput,
                "This draft asks for Meta's retired \"Standard enhancements\" bundle: turn on the \
                 individual AI features instead.",
            )
            .with_detail("field", "content.features"),
            E::UnsupportedImageFormat(format) => AppError::new(
                ErrorKind::UnsupportedImage,
                format!(
                    "Image is {format}: Meta ads need JPEG or PNG. Export the image as JPEG or PNG \
                     and add it again."
                ),
            )
            .with_detail("field", "content.image"),
            E::ImageNotFound(md5) => AppError::new(
                ErrorKind::NotFound,
                "This image is no longer in Adwright's image folder: add the image again.",
            )
            .with_detail("field", "content.image")
            .with_detail("md5", md5),
            E::Image(error) => AppError::new(
                ErrorKind::UnsupportedImage,
                format!(
                    "Image could not be read ({error}): it may be damaged. Export it again as JPEG \
                     or PNG and add it again."
                ),
            )
            .with_detail("field", "content.image"),
            error @ (E::Sqlite(_) | E::Json(_) | E::Io(_)) => AppError::new(
                ErrorKind::Storage,
                format!(
                    "Adwright could not read or write your drafts ({}): check that the disk is not \
                     full, then try again.",
                    error_text(&error)
                ),
            ),
        }
    }
}

fn error_text(error: &drafts::DraftsError) -> String {
    let text = error.to_string();
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => text,
    }
}
