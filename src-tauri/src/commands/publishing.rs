//! Publishing and reviewing: the outbox's progress and "send now", previews of a draft before
//! anything is made, and the review of what was published (marks, approve, reject). Thin: the
//! rules are in the `publish` and `review` crates, the wiring in `crate::publishing`.

use review::previews::{PreviewItem, PreviewKey};
use tauri::{AppHandle, Runtime};

use crate::error::AppError;
use crate::publishing::reviews::{self, ReviewScreen};
use crate::publishing::{draft_previews, sender, SendProgress};

/// What the sender is doing now (one entry per publish being sent).
#[tauri::command]
pub fn outbox_progress<R: Runtime>(app: AppHandle<R>) -> Vec<SendProgress> {
    sender::progress(&app)
}

/// Sends queued publishes now instead of waiting for the retry timer.
#[tauri::command]
pub fn outbox_send_now<R: Runtime>(app: AppHandle<R>) {
    sender::send_now(&app);
}

/// The review of the draft's latest publish, or `null` when it was not published.
#[tauri::command]
pub async fn review_open<R: Runtime>(
    app: AppHandle<R>,
    draft_id: String,
) -> Result<Option<ReviewScreen>, AppError> {
    reviews::open_for_draft(&app, &draft_id).await
}

#[tauri::command]
pub fn review_get<R: Runtime>(
    app: AppHandle<R>,
    review_id: String,
) -> Result<ReviewScreen, AppError> {
    reviews::get(&app, &review_id)
}

/// Fetches again what needs it: pending, failed and expired previews.
#[tauri::command]
pub fn review_fetch_previews<R: Runtime>(
    app: AppHandle<R>,
    review_id: String,
) -> Result<ReviewScreen, AppError> {
    reviews::fetch_previews(&app, &review_id)
}

/// The window displayed generated text `index`.
#[tauri::command]
pub async fn review_text_shown<R: Runtime>(
    app: AppHandle<R>,
    review_id: String,
    index: u32,
) -> Result<ReviewScreen, AppError> {
    reviews::mark(&app, &review_id, |s, now| s.mark_text_shown(index, now)).await
}

/// The window had the preview loaded in view, at `revision`.
#[tauri::command]
pub async fn review_preview_seen<R: Runtime>(
    app: AppHandle<R>,
    review_id: String,
    key: PreviewKey,
    revision: u32,
) -> Result<ReviewScreen, AppError> {
    reviews::mark(&app, &review_id, |s, now| {
        s.mark_preview_seen(&key, revision, now)
    })
    .await
}

/// The user accepts a preview Meta is still generating without seeing it (recorded).
#[tauri::command]
pub async fn review_acknowledge_unseen<R: Runtime>(
    app: AppHandle<R>,
    review_id: String,
    key: PreviewKey,
) -> Result<ReviewScreen, AppError> {
    reviews::mark(&app, &review_id, |s, now| s.acknowledge_unseen(&key, now)).await
}

#[tauri::command]
pub async fn review_approve<R: Runtime>(
    app: AppHandle<R>,
    review_id: String,
    activate_offered: bool,
) -> Result<ReviewScreen, AppError> {
    reviews::approve(&app, &review_id, activate_offered).await
}

#[tauri::command]
pub async fn review_reject<R: Runtime>(
    app: AppHandle<R>,
    review_id: String,
    reason: Option<String>,
) -> Result<ReviewScreen, AppError> {
    reviews::reject(&app, &review_id, reason).await
}

/// The first ad from an approved standalone creative, in `ad_set_id`: created PAUSED, with its
/// own review (returned).
#[tauri::command]
pub async fn review_first_ad<R: Runtime>(
    app: AppHandle<R>,
    review_id: String,
    ad_set_id: String,
) -> Result<ReviewScreen, AppError> {
    reviews::first_ad(&app, &review_id, &ad_set_id).await
}

/// Meta's previews of the draft's opted-in features before anything is created
/// (`generatepreviews`); uploads the image first when the ad account does not have it.
#[tauri::command]
pub async fn draft_meta_previews<R: Runtime>(
    app: AppHandle<R>,
    id: String,
) -> Result<Vec<PreviewItem>, AppError> {
    draft_previews::of_draft(&app, &id).await
}
