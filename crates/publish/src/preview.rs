//! Placement previews of a draft before anything is created (`GET act_<id>/generatepreviews`
//! with the creative spec itself), so the user sees what Meta's features would do first.

use drafts::DraftBody;
use marketing_api::previews::{PollOptions, PreviewTarget};
use marketing_api::Client;
use review::optins::requested_in_draft;
use review::previews::{expected_previews, preview_requests, PreviewItem, PreviewKey};

use crate::spec::creative_spec;

/// The previews to ask for: each opted-in feature's placements (none without an opt-in).
pub fn draft_preview_keys(body: &DraftBody) -> Vec<PreviewKey> {
    expected_previews(&requested_in_draft(body))
}

/// The draft's previews as gallery items, taken in at `now_ms`. `image_hash` must be one Meta
/// knows for `account` (upload first); pending ones are polled as `options` says.
pub async fn preview_draft(
    client: &Client,
    account: &str,
    title: &str,
    body: &DraftBody,
    image_hash: Option<&str>,
    options: &PollOptions,
    now_ms: i64,
) -> Vec<PreviewItem> {
    let target = PreviewTarget::Generate {
        account: account.to_owned(),
        creative: Box::new(creative_spec(body, title, image_hash)),
    };
    let keys = draft_preview_keys(body);
    let results = client
        .fetch_previews(&preview_requests(&target, &keys), options, |_| {})
        .await;
    keys.into_iter()
        .zip(results)
        .map(|(key, result)| {
            let mut item = PreviewItem::new(key);
            item.apply(&result, now_ms);
            item
        })
        .collect()
}
