//! The outbox sender: claims queued publishes one at a time and sends them with the active
//! account, while an account is connected and Meta can be reached.
//!
//! Exactly once: an item is claimed (`sending`) before anything is sent, and every create
//! carries a tag made from the item's key. An attempt whose outcome is unknown (a crash, a
//! lost reply) leaves the item to be sent again with `resume`, which looks each object up by
//! its tag before making it. A 190 stops the sender and keeps the queue; reconnecting (or
//! any other change of accounts) starts it again.

use std::time::Duration;

use drafts::{AdContent, OutboxItem};
use marketing_api::ErrorKind as ApiKind;
use publish::{ImageInput, Publication, PublishError, ReviewStart};
use review::ReviewSubject;
use tauri::{AppHandle, Emitter, Manager, Runtime};

use super::{now_ms, reviews, PublishingState, SendProgress, OUTBOX_EVENT, PROGRESS_EVENT};
use crate::accounts::{self, Publisher};
use crate::drafting::{self, with_store};
use crate::error::AppError;

/// How long to wait before trying again when Meta could not be reached.
const OFFLINE_RETRY: Duration = Duration::from_secs(30);

/// Starts the sender unless it runs (then it makes one more pass) or is waiting for the
/// network. Cheap: call it whenever something a queued publish may wait for changed.
pub fn kick<R: Runtime>(app: &AppHandle<R>) {
    let Some(state) = app.try_state::<PublishingState>() else {
        return;
    };
    {
        let mut sender = state.sender();
        if sender.running {
            sender.again = true;
            return;
        }
        if sender.paused_until_ms.is_some_and(|until| now_ms() < until) {
            return;
        }
        sender.paused_until_ms = None;
        sender.running = true;
    }
    let app = app.clone();
    tauri::async_runtime::spawn(async move {
        loop {
            run(&app).await;
            let state = app.state::<PublishingState>();
            let mut sender = state.sender();
            if sender.again && sender.paused_until_ms.is_none() {
                sender.again = false;
                continue;
            }
            sender.running = false;
            sender.again = false;
            break;
        }
    });
}

/// "Send now": the user asks not to wait for the retry timer.
pub fn send_now<R: Runtime>(app: &AppHandle<R>) {
    app.state::<PublishingState>().sender().paused_until_ms = None;
    kick(app);
}

/// Whether a publish for `ad_account_id` goes out now, and what the user is told about it.
pub fn queue_note<R: Runtime>(app: &AppHandle<R>, ad_account_id: &str) -> (bool, String) {
    let publisher = match accounts::publisher(app) {
        Ok(publisher) => publisher,
        Err(error) => {
            return (
                false,
                format!("Queued — it will be sent when it can: {}", error.message),
            )
        }
    };
    if !publisher.reaches(ad_account_id) {
        return (
            false,
            format!(
                "Queued — {} does not reach ad account {ad_account_id}: it will be sent once an \
                 account that does is connected (or change the draft's ad account).",
                publisher.name
            ),
        );
    }
    let paused = app
        .state::<PublishingState>()
        .sender()
        .paused_until_ms
        .is_some_and(|until| now_ms() < until);
    if paused {
        return (
            false,
            "Queued — Meta cannot be reached right now; Adwright tries again every 30 seconds."
                .into(),
        );
    }
    let demo = if publisher.demo {
        " (demo account)"
    } else {
        ""
    };
    (
        true,
        format!(
            "Sending to Meta as {}{demo}: paused until you approve it.",
            publisher.name
        ),
    )
}

/// What is being sent right now, per outbox key.
pub fn progress<R: Runtime>(app: &AppHandle<R>) -> Vec<SendProgress> {
    let state = app.state::<PublishingState>();
    let sender = state.sender();
    sender.progress.values().cloned().collect()
}

enum Outcome {
    /// Sent, or failed for good (the item says why): go on with the next one.
    Next,
    /// Meta could not be reached or asked to wait: try again after this long.
    Wait(Duration),
    /// Nothing can be sent now (no usable account).
    Stop,
}

async fn run<R: Runtime>(app: &AppHandle<R>) {
    if !reconciled(app) {
        // Items a crash left `sending` go back in the queue; their next attempt looks up what
        // the lost one made (attempts > 1 means resume).
        let requeued = with_store(app, |store| {
            for item in store.outbox_in_flight()? {
                store.outbox_requeue(&item.idempotency_key)?;
            }
            Ok(())
        })
        .await;
        if requeued.is_ok() {
            app.state::<PublishingState>().sender().reconciled = true;
        }
    }
    loop {
        let Ok(publisher) = accounts::publisher(app) else {
            return;
        };
        // Only publishes for ad accounts this Meta account reaches; the others wait for one.
        let reachable = publisher.ad_accounts.clone();
        let claimed = with_store(app, move |store| store.outbox_claim_next_for(&reachable)).await;
        let item = match claimed {
            Ok(Some(item)) => item,
            _ => return,
        };
        emit_outbox(app).await;
        let outcome = send(app, &publisher, &item).await;
        clear_progress(app, &item.idempotency_key);
        emit_outbox(app).await;
        match outcome {
            Outcome::Next => continue,
            Outcome::Stop => return,
            Outcome::Wait(wait) => {
                pause(app, wait);
                return;
            }
        }
    }
}

fn reconciled<R: Runtime>(app: &AppHandle<R>) -> bool {
    app.state::<PublishingState>().sender().reconciled
}

fn pause<R: Runtime>(app: &AppHandle<R>, wait: Duration) {
    let wait = wait.max(Duration::from_secs(1));
    app.state::<PublishingState>().sender().paused_until_ms =
        Some(now_ms() + wait.as_millis() as i64);
    let app = app.clone();
    tauri::async_runtime::spawn(async move {
        tokio::time::sleep(wait).await;
        kick(&app);
    });
}

fn clear_progress<R: Runtime>(app: &AppHandle<R>, key: &str) {
    app.state::<PublishingState>().sender().progress.remove(key);
}

pub(crate) async fn emit_outbox<R: Runtime>(app: &AppHandle<R>) {
    if let Ok(items) = with_store(app, |store| store.outbox_list()).await {
        let _ = app.emit(OUTBOX_EVENT, items);
    }
}

/// The image of a link draft as the publish needs it: Meta's hash when this account has it,
/// else the bytes to upload.
async fn image_input<R: Runtime>(
    app: &AppHandle<R>,
    account: &str,
    body: &drafts::DraftBody,
) -> Result<Option<ImageInput>, AppError> {
    let AdContent::Link(ad) = &body.content else {
        return Ok(None);
    };
    let Some(image) = ad.image.clone() else {
        return Ok(None);
    };
    let engine = drafting::drafts(app).await?;
    let account = account.to_owned();
    crate::blocking::run_blocking(move || {
        let known_hash = engine.store().uploaded_hash(&image.md5, &account)?;
        let bytes = match known_hash {
            Some(_) => None,
            None => engine
                .images()
                .image_path(&image)
                .ok()
                .and_then(|path| std::fs::read(path).ok()),
        };
        Ok(Some(ImageInput {
            file_name: format!("{}.{}", image.md5, image.format.extension()),
            md5: image.md5,
            known_hash,
            bytes,
        }))
    })
    .await
}

async fn send<R: Runtime>(app: &AppHandle<R>, publisher: &Publisher, item: &OutboxItem) -> Outcome {
    let key = item.idempotency_key.clone();
    let draft_id = item.draft_id.clone();
    let title = with_store(app, move |store| store.get(&draft_id).map(|d| d.title))
        .await
        .unwrap_or_else(|_| "Adwright ad".into());
    let image = match image_input(app, &item.ad_account_id, &item.body).await {
        Ok(image) => image,
        Err(error) => {
            mark_failed(app, &key, error.message, false).await;
            return Outcome::Next;
        }
    };
    let tag = format!("adw-{}", item.idempotency_key.replace('-', ""));
    let progress_app = app.clone();
    let (progress_key, progress_draft) = (key.clone(), item.draft_id.clone());
    let published = publish::publish(
        &publisher.client,
        &Publication {
            account: &item.ad_account_id,
            title: &title,
            body: &item.body,
            image,
            tag: &tag,
            resume: item.attempts > 1,
        },
        move |progress| {
            let update = SendProgress {
                key: progress_key.clone(),
                draft_id: progress_draft.clone(),
                progress,
            };
            progress_app
                .state::<PublishingState>()
                .sender()
                .progress
                .insert(update.key.clone(), update.clone());
            let _ = progress_app.emit(PROGRESS_EVENT, update);
        },
    )
    .await;
    let published = match published {
        Ok(published) => published,
        Err(error) => return failed(app, publisher, &key, error).await,
    };

    if let Some(uploaded) = published.uploaded_image.clone() {
        let account = item.ad_account_id.clone();
        let _ = with_store(app, move |store| {
            store.record_upload(&uploaded.md5, &account, &uploaded.hash)
        })
        .await;
    }
    let mut ids = published.ids.clone();
    let start = ReviewStart::new(&item.draft_id, &item.body, &ids);
    // Read back what Meta stored now; if that fails the review starts when the user opens it.
    let session = match &start {
        Some(start) => publish::read_back(&publisher.client, start, now_ms())
            .await
            .ok(),
        None => None,
    };
    if let Some(ReviewSubject::Ad {
        creative_id: Some(creative_id),
        ..
    }) = session.as_ref().map(|s| &s.subject)
    {
        ids.creative_id.get_or_insert_with(|| creative_id.clone());
    }
    let sent_key = key.clone();
    let sent_ids = ids.clone();
    if let Err(error) = with_store(app, move |store| {
        store.outbox_mark_sent(&sent_key, &sent_ids)
    })
    .await
    {
        // Meta has the objects: the item must not go out again. Leave it `sending`; the next
        // start-up requeues it and the tagged lookup finds what was made.
        eprintln!(
            "adwright: a sent publish could not be recorded: {}",
            error.message
        );
        return Outcome::Next;
    }
    if let (Some(start), Some(session)) = (start, session) {
        let review = reviews::Review::new(
            start,
            session,
            &title,
            (&publisher.key, publisher.demo),
            &item.ad_account_id,
            None,
        );
        reviews::open_new(app, review).await;
    }
    Outcome::Next
}

async fn failed<R: Runtime>(
    app: &AppHandle<R>,
    publisher: &Publisher,
    key: &str,
    error: PublishError,
) -> Outcome {
    let (message, retry, outcome) = match &error {
        PublishError::Meta { step, source } => {
            let (retry, outcome) = match source.kind() {
                // The account must be reconnected: the item waits, nothing else is sent.
                ApiKind::TokenInvalid { .. } => (true, Outcome::Stop),
                ApiKind::RateLimited { retry_after_secs } => (
                    true,
                    Outcome::Wait(retry_after_secs.map_or(OFFLINE_RETRY, Duration::from_secs)),
                ),
                ApiKind::Transient | ApiKind::WriteOutcomeUnknown => {
                    (true, Outcome::Wait(OFFLINE_RETRY))
                }
                _ => (false, Outcome::Next),
            };
            let refused = accounts::failed_call(app, &publisher.key, source);
            (
                format!("{} failed: {}", step.label(), refused.message),
                retry,
                outcome,
            )
        }
        PublishError::ImageMissing { .. } => {
            (capitalized(&error.to_string()), false, Outcome::Next)
        }
    };
    mark_failed(app, key, message, retry).await;
    outcome
}

/// Records a failed send: back in the queue when `retry`, else `failed` with `message`.
async fn mark_failed<R: Runtime>(app: &AppHandle<R>, key: &str, message: String, retry: bool) {
    let key = key.to_owned();
    let _ = with_store(app, move |store| {
        store.outbox_mark_failed(&key, &message, retry)
    })
    .await;
}

fn capitalized(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// The hash Meta knows the draft's image by in its ad account, uploading it first when the
/// account does not have it yet (for previews of a draft before it is published).
pub async fn image_hash_for<R: Runtime>(
    app: &AppHandle<R>,
    publisher: &Publisher,
    draft: &drafts::Draft,
) -> Result<Option<String>, AppError> {
    let account = draft.body.ad_account_id.clone();
    let Some(image) = image_input(app, &account, &draft.body).await? else {
        return Ok(None);
    };
    if let Some(hash) = image.known_hash {
        return Ok(Some(hash));
    }
    let bytes = image
        .bytes
        .ok_or_else(|| AppError::from(drafts::DraftsError::ImageNotFound(image.md5.clone())))?;
    let uploaded = publisher
        .client
        .upload_image(
            &account,
            &marketing_api::types::ImageUpload::File {
                file_name: image.file_name,
                bytes,
            },
        )
        .await
        .map_err(|e| accounts::failed_call(app, &publisher.key, &e))?;
    let (md5, hash) = (image.md5, uploaded.hash.clone());
    with_store(app, move |store| store.record_upload(&md5, &account, &hash)).await?;
    Ok(Some(uploaded.hash))
}
