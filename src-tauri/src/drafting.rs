//! The drafts engine as the app holds it: one `Store` behind a `Mutex` and the image store
//! beside it, both under the app data folder, opened once and off the UI thread.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, MutexGuard};

use drafts::{ImageStore, Store};
use tauri::{AppHandle, Manager, Runtime};

use crate::blocking::run_blocking;
use crate::error::{AppError, ErrorKind};
use crate::state::AppState;

/// Trashed drafts older than this are purged at start-up (those with publish history stay).
const TRASH_KEEP_MS: i64 = 30 * 24 * 60 * 60 * 1000;

pub struct Drafts {
    store: Mutex<Store>,
    images: ImageStore,
}

impl Drafts {
    /// Opens (creating and migrating) `dir/drafts.sqlite3` and the image store `dir/images`.
    /// Blocks: call it off the UI thread.
    pub fn open(dir: &Path) -> Result<Drafts, AppError> {
        std::fs::create_dir_all(dir).map_err(|error| {
            AppError::new(
                ErrorKind::Storage,
                format!(
                    "Adwright could not create its data folder {}: {error}. Check that your user \
                     may write there and that the disk is not full.",
                    dir.display()
                ),
            )
        })?;
        let mut store = Store::open(dir.join("drafts.sqlite3"))?;
        let cutoff = now_ms() - TRASH_KEEP_MS;
        // Housekeeping only: a failure here must not keep the user from their drafts.
        let _ = store.empty_trash(cutoff);
        Ok(Drafts {
            store: Mutex::new(store),
            images: ImageStore::new(dir.join("images")),
        })
    }

    /// The store, for one blocking call. A panic in an earlier call cannot leave a half-written
    /// draft (every write is one SQLite transaction), so a poisoned lock is safe to take over.
    pub fn store(&self) -> MutexGuard<'_, Store> {
        self.store
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    pub fn images(&self) -> &ImageStore {
        &self.images
    }
}

fn now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_millis() as i64)
        .unwrap_or(0)
}

/// Where the drafts live: `<app data dir>/drafts`.
pub fn data_dir<R: Runtime>(app: &AppHandle<R>) -> Result<PathBuf, AppError> {
    app.path()
        .app_data_dir()
        .map(|dir| dir.join("drafts"))
        .map_err(|error| {
            AppError::new(
                ErrorKind::Storage,
                format!("Adwright could not find its data folder: {error}."),
            )
        })
}

/// The open drafts engine; opens it on first use. Concurrent callers wait for the one opening.
pub async fn drafts<R: Runtime>(app: &AppHandle<R>) -> Result<Arc<Drafts>, AppError> {
    let state = app.state::<AppState>();
    state
        .drafts
        .get_or_try_init(|| async {
            let dir = data_dir(app)?;
            run_blocking(move || Drafts::open(&dir).map(Arc::new)).await
        })
        .await
        .cloned()
}

/// Runs `work` with the store locked, off the UI thread.
pub async fn with_store<R: Runtime, T: Send + 'static>(
    app: &AppHandle<R>,
    work: impl FnOnce(&mut Store) -> drafts::Result<T> + Send + 'static,
) -> Result<T, AppError> {
    let engine = drafts(app).await?;
    run_blocking(move || Ok(work(&mut engine.store())?)).await
}
