//! Placement previews of a draft before anything is created (`GET act_<id>/generatepreviews`
//! with the creative spec itself), so the user sees what Meta's features would do first.

use drafts::DraftBody;
use marketing_api::previews::{PollOptions, PreviewProgress, PreviewResult, PreviewTarget};
use marketing_api::types::AdFormat;
use marketing_api::Client;
use review::previews::{expected_previews, preview_requests, PreviewKey};

use crate::run::requested;
use crate::spec::creative_spec;

/// The previews to ask for: each opted-in feature's placements (none without an opt-in; the
/// plain feed preview is asked for then).
pub fn draft_preview_keys(body: &DraftBody) -> Vec<PreviewKey> {
    expected_previews(&requested(body))
}

/// Fetches the draft's previews. `image_hash` must be one Meta knows for `account` (upload
/// first). Pending ones are polled as `options` says; each result goes to `progress`.
pub async fn preview_draft(
    client: &Client,
    account: &str,
    title: &str,
    body: &DraftBody,
    image_hash: Option<&str>,
    options: &PollOptions,
    progress: impl Fn(PreviewProgress) + Send + Sync + 'static,
) -> Vec<PreviewResult> {
    let target = PreviewTarget::Generate {
        account: account.to_owned(),
        creative: Box::new(creative_spec(body, title, image_hash)),
    };
    let keys = draft_preview_keys(body);
    let requests = if keys.is_empty() {
        vec![marketing_api::previews::PreviewRequest {
            target,
            ad_format: AdFormat::MobileFeedStandard,
            feature: None,
        }]
    } else {
        preview_requests(&target, &keys)
    };
    client.fetch_previews(&requests, options, progress).await
}
