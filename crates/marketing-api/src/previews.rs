//! Preview fetching and polling (REFERENCE §2).
//!
//! One call fetches previews for many placements/features concurrently. A `pending`
//! preview is asked for again with backoff until it is final or the deadline passes;
//! every result and every re-poll is reported through the progress callback.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use serde::Serialize;
use tokio::task::JoinSet;
use tokio::time::Instant;
use ts_rs::TS;

use crate::calls;
use crate::client::Client;
use crate::error::{Error, UiError};
use crate::retry::RetryPolicy;
use crate::types::{
    Ad, AdFormat, AdPreview, CreativeFeature, CreativeSpec, PreviewStatus, PreviewUrl,
};

/// What to preview.
#[derive(Clone, Debug, PartialEq)]
pub enum PreviewTarget {
    /// `GET <ad id>/previews`
    Ad(String),
    /// `GET <creative id>/previews`
    Creative(String),
    /// `GET act_<id>/generatepreviews` with a creative that does not exist yet.
    Generate {
        account: String,
        creative: Box<CreativeSpec>,
    },
}

#[derive(Clone, Debug, PartialEq)]
pub struct PreviewRequest {
    pub target: PreviewTarget,
    pub ad_format: AdFormat,
    pub feature: Option<CreativeFeature>,
}

impl PreviewRequest {
    /// Image expansion previews of an ad for the five documented placements.
    pub fn image_uncrop_for_ad(ad_id: &str) -> Vec<Self> {
        AdFormat::IMAGE_UNCROP_FORMATS
            .iter()
            .map(|f| Self {
                target: PreviewTarget::Ad(ad_id.to_owned()),
                ad_format: f.clone(),
                feature: Some(CreativeFeature::ImageUncrop),
            })
            .collect()
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct PollOptions {
    /// Stop re-polling pending previews after this long (from the start of the call).
    pub deadline: Duration,
    /// Backoff between polls of one pending preview.
    pub backoff: RetryPolicy,
}

impl Default for PollOptions {
    fn default() -> Self {
        Self {
            deadline: Duration::from_secs(120),
            backoff: RetryPolicy {
                max_attempts: u32::MAX,
                base_delay: Duration::from_secs(2),
                max_delay: Duration::from_secs(15),
            },
        }
    }
}

/// The outcome of one preview request.
#[derive(Clone, Debug, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct PreviewResult {
    /// Position in the request list.
    pub index: u32,
    pub ad_format: AdFormat,
    pub feature: Option<CreativeFeature>,
    /// `None` when the preview could not be fetched (see `error`).
    pub status: Option<PreviewStatus>,
    /// The variant's URL when eligible; otherwise the plain ad preview.
    pub url: Option<PreviewUrl>,
    /// Requests made for this preview.
    pub polls: u32,
    /// Still pending when the deadline passed.
    pub timed_out: bool,
    pub error: Option<UiError>,
}

/// Reported after every poll.
#[derive(Clone, Debug, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct PreviewProgress {
    pub result: PreviewResult,
    /// Whether `result` is final for its request.
    pub finished: bool,
    pub finished_count: u32,
    pub total: u32,
}

/// One request, fetched once.
pub async fn fetch_preview(
    client: &Client,
    req: &PreviewRequest,
) -> Result<Option<AdPreview>, Error> {
    let call = match &req.target {
        PreviewTarget::Ad(id) | PreviewTarget::Creative(id) => {
            calls::previews(id, &req.ad_format, req.feature.as_ref())
        }
        PreviewTarget::Generate { account, creative } => {
            calls::generate_previews(account, creative, &req.ad_format, req.feature.as_ref())
        }
    };
    let page = client.execute(&call).await?;
    page.data
        .into_iter()
        .next()
        .map(|raw| AdPreview::from_raw(raw, client.config()))
        .transpose()
}

fn result_of(
    index: u32,
    req: &PreviewRequest,
    preview: Option<&AdPreview>,
    polls: u32,
) -> PreviewResult {
    let (status, url) = match (preview, &req.feature) {
        (None, _) => (PreviewStatus::NotApplied, None),
        (Some(p), Some(f)) => {
            let s = p.status_of(f);
            let url = p.feature_url(f).or(p.url.as_ref()).cloned();
            (s, url)
        }
        (Some(p), None) => (
            if p.url.is_some() {
                PreviewStatus::Eligible
            } else {
                PreviewStatus::NotApplied
            },
            p.url.clone(),
        ),
    };
    PreviewResult {
        index,
        ad_format: req.ad_format.clone(),
        feature: req.feature.clone(),
        status: Some(status),
        url,
        polls,
        timed_out: false,
        error: None,
    }
}

impl Client {
    /// Fetch every requested preview concurrently, re-polling pending ones with backoff
    /// until final or `opts.deadline`. Results come back in request order.
    pub async fn fetch_previews<F>(
        &self,
        requests: &[PreviewRequest],
        opts: &PollOptions,
        on_progress: F,
    ) -> Vec<PreviewResult>
    where
        F: Fn(PreviewProgress) + Send + Sync + 'static,
    {
        let deadline = Instant::now() + opts.deadline;
        let total = requests.len() as u32;
        let finished = Arc::new(AtomicUsize::new(0));
        let on_progress = Arc::new(on_progress);
        let mut set = JoinSet::new();
        for (i, req) in requests.iter().cloned().enumerate() {
            let client = self.clone();
            let opts = opts.clone();
            let finished = finished.clone();
            let on_progress = on_progress.clone();
            set.spawn(async move {
                let index = i as u32;
                let mut polls = 0;
                loop {
                    polls += 1;
                    let mut result = match fetch_preview(&client, &req).await {
                        Ok(p) => result_of(index, &req, p.as_ref(), polls),
                        Err(e) => PreviewResult {
                            index,
                            ad_format: req.ad_format.clone(),
                            feature: req.feature.clone(),
                            status: None,
                            url: None,
                            polls,
                            timed_out: false,
                            error: Some(e.to_ui()),
                        },
                    };
                    let pending = result.status == Some(PreviewStatus::Pending);
                    let delay = opts.backoff.delay(polls - 1);
                    let out_of_time = Instant::now() + delay > deadline;
                    let done = !pending || out_of_time;
                    if pending && out_of_time {
                        result.timed_out = true;
                    }
                    let finished_count = if done {
                        finished.fetch_add(1, Ordering::SeqCst) + 1
                    } else {
                        finished.load(Ordering::SeqCst)
                    } as u32;
                    on_progress(PreviewProgress {
                        result: result.clone(),
                        finished: done,
                        finished_count,
                        total,
                    });
                    if done {
                        return result;
                    }
                    tokio::time::sleep(delay).await;
                }
            });
        }
        let mut results: Vec<PreviewResult> = Vec::with_capacity(requests.len());
        while let Some(r) = set.join_next().await {
            match r {
                Ok(r) => results.push(r),
                Err(e) => std::panic::resume_unwind(e.into_panic()),
            }
        }
        results.sort_by_key(|r| r.index);
        results
    }

    /// The review of one ad: its creative's generated texts and the image-expansion
    /// previews of the five placements, all requested at once.
    pub async fn review_ad<F>(
        &self,
        ad_id: &str,
        previews: &[PreviewRequest],
        opts: &PollOptions,
        on_progress: F,
    ) -> Result<(Ad, Vec<PreviewResult>), Error>
    where
        F: Fn(PreviewProgress) + Send + Sync + 'static,
    {
        let (ad, previews) = tokio::join!(
            self.ad_with_creative(ad_id),
            self.fetch_previews(previews, opts, on_progress)
        );
        Ok((ad?, previews))
    }
}
