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
