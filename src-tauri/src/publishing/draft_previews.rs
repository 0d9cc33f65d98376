//! Meta's previews of a draft before anything is made (`generatepreviews` with the creative
//! spec itself), so the user sees what the opted-in features would do first.

use marketing_api::previews::PollOptions;
use review::previews::PreviewItem;
use tauri::{AppHandle, Runtime};

use crate::accounts;
use crate::drafting::with_store;
use crate::error::{AppError, ErrorKind};
use crate::publishing::{now_ms, sender};

/// The previews of draft `id` from the active account; uploads its image first when the ad
/// account does not have it. Refused without an opt-in (there is nothing generated to see) and
/// for an ad account the active account does not reach.
pub async fn of_draft<R: Runtime>(
    app: &AppHandle<R>,
    id: &str,
) -> Result<Vec<PreviewItem>, AppError> {
    let publisher = accounts::publisher(app)?;
    let draft_id = id.to_owned();
    let draft = with_store(app, move |store| store.get(&draft_id)).await?;
    if publish::preview::draft_preview_keys(&draft.body).is_empty() {
        return Err(AppError::new(
            ErrorKind::InvalidInput,
            "Turn on a generative feature to preview what Meta would make; the mock-ups show the \
             ad as you wrote it.",
        )
        .with_detail("field", "content.features"));
    }
    let account = draft.body.ad_account_id.clone();
    if !publisher.reaches(&account) {
        return Err(AppError::new(
            ErrorKind::InvalidInput,
            format!(
                "This draft is for ad account {account}, which {} does not reach: pick an \
                 account that does, or change the draft's ad account.",
                publisher.name
            ),
        )
        .with_detail("field", "ad_account_id"));
    }
    let image_hash = sender::image_hash_for(app, &publisher, &draft).await?;
    Ok(publish::preview::preview_draft(
        &publisher.client,
        &account,
        &draft.title,
        &draft.body,
        image_hash.as_deref(),
        &PollOptions::default(),
        now_ms(),
    )
    .await)
}
