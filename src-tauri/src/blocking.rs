//! The one way commands run blocking work (SQLite, file I/O, the keychain's D-Bus calls): on
//! the async runtime's blocking pool, never on the UI thread.

use crate::error::{AppError, ErrorKind};

/// Runs `work` on the blocking pool; a panic in it becomes an internal error, not a crash.
pub async fn run_blocking<T: Send + 'static>(
    work: impl FnOnce() -> Result<T, AppError> + Send + 'static,
) -> Result<T, AppError> {
    tauri::async_runtime::spawn_blocking(work)
        .await
        .map_err(|error| {
            AppError::new(
                ErrorKind::Internal,
                format!("Background work stopped unexpectedly: {error}"),
            )
        })?
}
