//! Images: the window sends the bytes of a picked or dropped file as the raw IPC body (so no
//! command ever reads a path the web view names); Rust hashes, reads the header, keeps a
//! content-addressed copy and makes the thumbnail, all off the UI thread, reporting each stage.

use drafts::ImportedImage;
use serde::Serialize;
use tauri::ipc::{InvokeBody, Request};
use tauri::{AppHandle, Emitter, Runtime};
use ts_rs::TS;

use crate::blocking::run_blocking;
use crate::drafting::drafts;
use crate::error::{AppError, ErrorKind};

/// The event an import reports its stages on.
pub const IMPORT_PROGRESS_EVENT: &str = "image-import-progress";

/// Header naming the import, so the window can match progress events to its own import.
pub const IMPORT_ID_HEADER: &str = "x-import-id";

/// Largest image accepted: Meta's limit for ad images is 30 MB.
pub const MAX_IMAGE_BYTES: usize = 30 * 1024 * 1024;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum ImportStage {
    /// Hashing, reading dimensions and EXIF orientation, keeping a copy.
    Checking,
    /// Decoding the whole image to make its thumbnail (the slow part for a big photo).
    Thumbnail,
    Done,
}

#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct ImportProgress {
    pub import_id: String,
    pub stage: ImportStage,
    #[ts(type = "number")]
    pub byte_len: u64,
}

#[tauri::command]
pub async fn image_import<R: Runtime>(
    app: AppHandle<R>,
    request: Request<'_>,
) -> Result<ImportedImage, AppError> {
    let InvokeBody::Raw(bytes) = request.body() else {
        return Err(AppError::new(
            ErrorKind::InvalidInput,
            "Image must arrive as the file's bytes: add it again with the file picker or by \
             dropping it on the form.",
        )
        .with_detail("field", "content.image"));
    };
    if bytes.is_empty() {
        return Err(AppError::new(
            ErrorKind::UnsupportedImage,
            "Image file is empty: pick the image again.",
        )
        .with_detail("field", "content.image"));
    }
    if bytes.len() > MAX_IMAGE_BYTES {
        return Err(AppError::new(
            ErrorKind::UnsupportedImage,
            format!(
                "Image is {:.1} MB: Meta accepts at most 30 MB. Export a smaller JPEG and add it \
                 again.",
                bytes.len() as f64 / 1_048_576.0
            ),
        )
        .with_detail("field", "content.image"));
    }
    let bytes = bytes.clone();
    let import_id = request
        .headers()
        .get(IMPORT_ID_HEADER)
        .and_then(|value| value.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    let engine = drafts(&app).await?;
    run_blocking(move || {
        let byte_len = bytes.len() as u64;
        let report = |stage| {
            let _ = app.emit(
                IMPORT_PROGRESS_EVENT,
                ImportProgress {
                    import_id: import_id.clone(),
                    stage,
                    byte_len,
                },
            );
        };
        report(ImportStage::Checking);
        let imported = engine.images().import_bytes(&bytes)?;
        drop(bytes);
        engine.store().record_image(&imported)?;
        report(ImportStage::Thumbnail);
        engine.images().thumbnail(&imported.image)?;
        report(ImportStage::Done);
        Ok(imported)
    })
    .await
}
