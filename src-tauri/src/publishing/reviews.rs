//! Review sessions of published ads and creatives: opened when a publish goes out (or when the
//! user opens a draft's review after a restart), previews fetched and re-polled in the
//! background, what the user saw recorded, approval through the gate, rejection re-created
//! from the same draft. Every change is kept with the draft (`review_records`) before the
//! window hears of it.

use std::time::Duration;

use marketing_api::previews::PollOptions;
use marketing_api::types::{AdCreate, CreativeRef, Status};
use marketing_api::Client;
use publish::ReviewStart;
use review::previews::{preview_requests, PreviewKey};
use review::{
    MetaObjectKind, MetaObjectRef, ReviewDecision, ReviewError, ReviewEvent, ReviewRecord,
    ReviewSession, ReviewSubject, ReviewView,
};
use serde::Serialize;
use tauri::{AppHandle, Emitter, Manager, Runtime};
use ts_rs::TS;

use super::{now_ms, sender, PublishingState, ReviewReady, REVIEW_EVENT, REVIEW_READY_EVENT};
use crate::accounts;
use crate::drafting::with_store;
use crate::error::{AppError, ErrorKind};

/// How long one run of preview polling goes on before it reports pending ones as timed out
/// (the user can fetch again, or accept a pending one unseen).
const POLL_DEADLINE: Duration = Duration::from_secs(90);

pub(crate) struct Review {
    session: ReviewSession,
    start: ReviewStart,
    title: String,
    account_key: String,
    ad_account_id: String,
    demo: bool,
    fetching: bool,
    fetched: u32,
    to_fetch: u32,
    fetch_error: Option<AppError>,
    /// The decision kept from before a restart (this session was read back afresh).
    past: Option<ReviewDecision>,
    recreated: bool,
    /// Snapshots taken so far (see `ReviewScreen::seq`).
    snapshots: std::sync::atomic::AtomicU64,
}

/// Everything the review screen shows, decided in Rust.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct ReviewScreen {
    pub review_id: String,
    /// Increases with every snapshot of this review (each is taken under the review's lock):
    /// an answer or event with a lower one is older than what the window shows, and is dropped.
    #[ts(type = "number")]
    pub seq: u64,
    pub draft_id: String,
    pub draft_title: String,
    pub ad_account_id: String,
    /// Published on the demo account.
    pub demo: bool,
    /// The session and what the gate says now.
    pub view: ReviewView,
    /// Previews are being fetched or re-polled.
    pub fetching: bool,
    /// Previews of the current run that reached a final answer, of `to_fetch`.
    pub fetched: u32,
    pub to_fetch: u32,
    pub fetch_error: Option<AppError>,
    /// Approved or rejected (also before a restart).
    pub decision: Option<ReviewDecision>,
    /// Objects set ACTIVE after approval.
    pub activated: Vec<MetaObjectRef>,
    /// Rejected, and the draft went back to the outbox without the rejected opt-ins.
    pub recreated: bool,
}

impl Review {
    /// A review of what `start` names, published with the account `account_key`.
    pub(crate) fn new(
        start: ReviewStart,
        session: ReviewSession,
        title: &str,
        (account_key, demo): (&str, bool),
        ad_account_id: &str,
        past: Option<ReviewDecision>,
    ) -> Self {
        Self {
            session,
            start,
            title: title.to_owned(),
            account_key: account_key.to_owned(),
            ad_account_id: ad_account_id.to_owned(),
            demo,
            fetching: false,
            fetched: 0,
            to_fetch: 0,
            fetch_error: None,
            past,
            recreated: false,
            snapshots: Default::default(),
        }
    }

    fn id(&self) -> String {
        self.start.object_id().to_owned()
    }

    fn screen(&self) -> ReviewScreen {
        let activated = self
            .session
            .events
            .iter()
            .filter_map(|e| match e {
                ReviewEvent::Activated { object, .. } => Some(object.clone()),
                _ => None,
            })
            .collect();
        ReviewScreen {
            review_id: self.id(),
            seq: self
                .snapshots
                .fetch_add(1, std::sync::atomic::Ordering::SeqCst)
                + 1,
            draft_id: self.start.draft_id.clone(),
            draft_title: self.title.clone(),
            ad_account_id: self.ad_account_id.clone(),
            demo: self.demo,
            view: self.session.view(),
            fetching: self.fetching,
            fetched: self.fetched,
            to_fetch: self.to_fetch,
            fetch_error: self.fetch_error.clone(),
            decision: self.session.decision.clone().or_else(|| self.past.clone()),
            activated,
            recreated: self.recreated,
        }
    }

    fn record_json(&self) -> (String, String, String, bool) {
        let decided = self.session.decision.is_some() || self.past.is_some();
        (
            self.start.draft_id.clone(),
            self.id(),
            self.session.record().to_json(),
            decided,
        )
    }
}

fn review_error(error: ReviewError) -> AppError {
    let text = error.to_string();
    let mut chars = text.chars();
    let message: String = match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => text,
    };
    AppError::new(ErrorKind::InvalidInput, format!("{message}."))
}

fn not_open(id: &str) -> AppError {
    AppError::new(
        ErrorKind::NotFound,
        "This review is not open any more: open the draft's review again.",
    )
    .with_detail("review", id)
}

/// Keeps the review's record with its draft, then tells the window.
async fn saved<R: Runtime>(app: &AppHandle<R>, id: &str) -> Result<ReviewScreen, AppError> {
    let (screen, record) = {
        let state = app.state::<PublishingState>();
        let reviews = state.reviews();
        let review = reviews.get(id).ok_or_else(|| not_open(id))?;
        (review.screen(), review.record_json())
    };
    let (draft_id, object_id, json, decided) = record;
    with_store(app, move |store| {
        store.save_review(&draft_id, &object_id, &json, decided)
    })
    .await?;
    let _ = app.emit(REVIEW_EVENT, screen.clone());
    Ok(screen)
}

fn emit<R: Runtime>(app: &AppHandle<R>, id: &str) {
    let screen = app
        .state::<PublishingState>()
        .reviews()
        .get(id)
        .map(Review::screen);
    if let Some(screen) = screen {
        let _ = app.emit(REVIEW_EVENT, screen);
    }
}

/// A publish just went out: keep its review, tell the window, and start fetching previews.
pub(crate) async fn open_new<R: Runtime>(app: &AppHandle<R>, review: Review) {
    let ready = ReviewReady {
        draft_id: review.start.draft_id.clone(),
        review_id: review.id(),
    };
    app.state::<PublishingState>()
        .reviews()
        .insert(ready.review_id.clone(), review);
    if saved(app, &ready.review_id).await.is_ok() {
        let _ = app.emit(REVIEW_READY_EVENT, ready.clone());
        let _ = fetch_previews(app, &ready.review_id);
    }
}

/// The open review `id`.
pub fn get<R: Runtime>(app: &AppHandle<R>, id: &str) -> Result<ReviewScreen, AppError> {
    app.state::<PublishingState>()
        .reviews()
        .get(id)
        .map(Review::screen)
        .ok_or_else(|| not_open(id))
}

/// The review of the draft's latest publish: the open one, or read back from Meta afresh
/// (after a restart) with the decision kept from before. `None` when nothing was published.
pub async fn open_for_draft<R: Runtime>(
    app: &AppHandle<R>,
    draft_id: &str,
) -> Result<Option<ReviewScreen>, AppError> {
    let id = draft_id.to_owned();
    let history = with_store(app, move |store| store.publish_history(&id)).await?;
    let Some(last) = history
        .iter()
        .rev()
        .find(|r| r.ad_id.is_some() || r.creative_id.is_some())
        .cloned()
    else {
        return Ok(None);
    };
    let object_id = last
        .ad_id
        .clone()
        .or(last.creative_id.clone())
        .unwrap_or_default();
    if let Ok(screen) = get(app, &object_id) {
        return Ok(Some(screen));
    }
    let publisher = accounts::publisher(app)?;
    if !publisher.reaches(&last.ad_account_id) {
        return Err(AppError::new(
            ErrorKind::ReconnectNeeded,
            format!(
                "This ad was published to ad account {}, which {} does not reach: pick the \
                 account that published it to review it.",
                last.ad_account_id, publisher.name
            ),
        ));
    }
    let (draft_key, object_key) = (draft_id.to_owned(), object_id.clone());
    let key = last.idempotency_key.clone();
    let (draft, sent, stored) = with_store(app, move |store| {
        let draft = store.get(&draft_key)?;
        let sent = match key {
            Some(key) => store.outbox_item(&key).ok().map(|item| item.body),
            None => None,
        };
        let stored = store.review(&draft_key, &object_key)?;
        Ok((draft, sent, stored))
    })
    .await?;
    let body = sent.unwrap_or(draft.body);
    let ids = drafts::PublishResult {
        creative_id: last.creative_id.clone(),
        ad_id: last.ad_id.clone(),
        ad_set_id: last.ad_set_id.clone(),
        campaign_id: last.campaign_id.clone(),
    };
    let Some(start) = ReviewStart::new(draft_id, &body, &ids) else {
        return Ok(None);
    };
    let session = publish::read_back(&publisher.client, &start, now_ms())
        .await
        .map_err(|e| accounts::failed_call(app, &publisher.key, &e))?;
    let past = stored
        .and_then(|s| ReviewRecord::from_json(&s.record).ok())
        .and_then(|r| r.decision);
    let review = Review::new(
        start,
        session,
        &draft.title,
        (&publisher.key, publisher.demo),
        &last.ad_account_id,
        past,
    );
    app.state::<PublishingState>()
        .reviews()
        .insert(object_id.clone(), review);
    let screen = fetch_previews(app, &object_id)?;
    Ok(Some(screen))
}

/// Fetches the previews that need it (never fetched, pending, failed, expired) in the
/// background, applying every poll as it lands. Returns at once.
pub fn fetch_previews<R: Runtime>(app: &AppHandle<R>, id: &str) -> Result<ReviewScreen, AppError> {
    let (client, requests, screen) = {
        let state = app.state::<PublishingState>();
        let mut reviews = state.reviews();
        let review = reviews.get_mut(id).ok_or_else(|| not_open(id))?;
        if review.fetching {
            return Ok(review.screen());
        }
        let keys: Vec<PreviewKey> = review.session.previews_to_fetch(now_ms());
        if keys.is_empty() {
            return Ok(review.screen());
        }
        let client = accounts::client_of(app, &review.account_key)?;
        let target = match &review.session.subject {
            ReviewSubject::Ad { ad_id, .. } => {
                marketing_api::previews::PreviewTarget::Ad(ad_id.clone())
            }
            ReviewSubject::StandaloneCreative { creative_id } => {
                marketing_api::previews::PreviewTarget::Creative(creative_id.clone())
            }
        };
        review.fetching = true;
        review.fetched = 0;
        review.to_fetch = keys.len() as u32;
        review.fetch_error = None;
        (client, preview_requests(&target, &keys), review.screen())
    };
    let app = app.clone();
    let id = id.to_owned();
    tauri::async_runtime::spawn(async move {
        run_fetch(&app, &id, &client, &requests).await;
    });
    Ok(screen)
}

async fn run_fetch<R: Runtime>(
    app: &AppHandle<R>,
    id: &str,
    client: &Client,
    requests: &[marketing_api::previews::PreviewRequest],
) {
    let options = PollOptions {
        deadline: POLL_DEADLINE,
        ..PollOptions::default()
    };
    let progress_app = app.clone();
    let progress_id = id.to_owned();
    let results = client
        .fetch_previews(requests, &options, move |progress| {
            {
                let state = progress_app.state::<PublishingState>();
                let mut reviews = state.reviews();
                if let Some(review) = reviews.get_mut(&progress_id) {
                    review.session.apply_preview(&progress.result, now_ms());
                    review.fetched = progress.finished_count;
                }
            }
            emit(&progress_app, &progress_id);
        })
        .await;
    let token_error = results
        .iter()
        .filter_map(|r| r.error.as_ref())
        .find(|e| matches!(e.kind, marketing_api::ErrorKind::TokenInvalid { .. }))
        .cloned();
    {
        let state = app.state::<PublishingState>();
        let mut reviews = state.reviews();
        if let Some(review) = reviews.get_mut(id) {
            for result in &results {
                review.session.apply_preview(result, now_ms());
            }
            review.fetching = false;
            review.fetched = review.to_fetch;
            review.fetch_error = token_error
                .as_ref()
                .map(|e| AppError::new(ErrorKind::ReconnectNeeded, e.message.clone()));
        }
    }
    let _ = saved(app, id).await;
}

/// Records something the user saw or accepted, through the gate's own rules.
pub async fn mark<R: Runtime>(
    app: &AppHandle<R>,
    id: &str,
    change: impl FnOnce(&mut ReviewSession, i64) -> Result<(), ReviewError>,
) -> Result<ReviewScreen, AppError> {
    {
        let state = app.state::<PublishingState>();
        let mut reviews = state.reviews();
        let review = reviews.get_mut(id).ok_or_else(|| not_open(id))?;
        change(&mut review.session, now_ms()).map_err(review_error)?;
    }
    saved(app, id).await
}

fn already_decided(decision: &ReviewDecision) -> AppError {
    let what = match decision {
        ReviewDecision::Approved { .. } => "approved",
        ReviewDecision::Rejected { .. } => "rejected",
    };
    AppError::new(
        ErrorKind::InvalidInput,
        format!("This review was already {what}: nothing more to decide."),
    )
}

/// Approves (only through the gate) and sets the ad ACTIVE; with `activate_offered`, also the
/// campaign and ad set Adwright made PAUSED for it, so the ad really runs.
pub async fn approve<R: Runtime>(
    app: &AppHandle<R>,
    id: &str,
    activate_offered: bool,
) -> Result<ReviewScreen, AppError> {
    let (client, plan, account_key, draft_id) = {
        let state = app.state::<PublishingState>();
        let mut reviews = state.reviews();
        let review = reviews.get_mut(id).ok_or_else(|| not_open(id))?;
        if let Some(past) = &review.past {
            return Err(already_decided(past));
        }
        let client = accounts::client_of(app, &review.account_key)?;
        let plan = review.session.approve(now_ms()).map_err(review_error)?;
        (
            client,
            plan,
            review.account_key.clone(),
            review.start.draft_id.clone(),
        )
    };
    saved(app, id).await?;
    for step in plan
        .activate
        .iter()
        .filter(|s| s.required || activate_offered)
    {
        if let Err(error) = client.set_status(&step.object.id, &Status::Active).await {
            let refused = accounts::failed_call(app, &account_key, &error);
            let _ = saved(app, id).await;
            return Err(refused);
        }
        {
            let state = app.state::<PublishingState>();
            let mut reviews = state.reviews();
            if let Some(review) = reviews.get_mut(id) {
                review
                    .session
                    .record_activated(step.object.clone(), now_ms())
                    .map_err(review_error)?;
            }
        }
        if step.object.kind == MetaObjectKind::Ad {
            let (draft, object) = (draft_id.clone(), step.object.id.clone());
            with_store(app, move |store| {
                store.record_review_state(&draft, &object, drafts::ReviewState::Active, None)
            })
            .await?;
        }
        saved(app, id).await?;
    }
    saved(app, id).await
}

/// Rejects what Meta generated and re-creates from the same draft without the opt-ins: the
/// draft is saved with those features off (a new ad goes into the ad set already made) and
/// goes back to the outbox; the rejected ad stays PAUSED.
pub async fn reject<R: Runtime>(
    app: &AppHandle<R>,
    id: &str,
    reason: Option<String>,
) -> Result<ReviewScreen, AppError> {
    let (plan, draft_id) = {
        let state = app.state::<PublishingState>();
        let mut reviews = state.reviews();
        let review = reviews.get_mut(id).ok_or_else(|| not_open(id))?;
        if let Some(past) = &review.past {
            return Err(already_decided(past));
        }
        let reason = reason
            .map(|r| r.trim().to_owned())
            .filter(|r| !r.is_empty());
        let plan = review
            .session
            .reject(&[], reason, now_ms())
            .map_err(review_error)?;
        (plan, review.start.draft_id.clone())
    };
    saved(app, id).await?;
    with_store(app, move |store| {
        let draft = store.get(&draft_id)?;
        let body = plan.draft_without_optins(&draft.body);
        store.save(&draft_id, &body, Some(draft.revision))?;
        store.enqueue_publish(&draft_id)
    })
    .await?;
    {
        let state = app.state::<PublishingState>();
        let mut reviews = state.reviews();
        if let Some(review) = reviews.get_mut(id) {
            review.recreated = true;
        }
    }
    sender::kick(app);
    sender::emit_outbox(app).await;
    saved(app, id).await
}

/// The first ad from an approved standalone creative, into `ad_set_id`: created PAUSED and
/// reviewed through its own gate before it may run (Meta's rule covers the first ad that uses
/// an opted-in creative too). Returns the new ad's review.
pub async fn first_ad<R: Runtime>(
    app: &AppHandle<R>,
    id: &str,
    ad_set_id: &str,
) -> Result<ReviewScreen, AppError> {
    let ad_set_id = ad_set_id.trim().to_owned();
    if ad_set_id.is_empty() {
        return Err(AppError::new(
            ErrorKind::InvalidInput,
            "Ad set is empty: pick the ad set the new ad goes into.",
        )
        .with_detail("field", "ad_set_id"));
    }
    let (client, plan, start, title, account, key, demo) = {
        let state = app.state::<PublishingState>();
        let reviews = state.reviews();
        let review = reviews.get(id).ok_or_else(|| not_open(id))?;
        let mut record = review.session.record();
        if record.decision.is_none() {
            record.decision.clone_from(&review.past);
        }
        let plan = review::plan_first_ad(&record).map_err(review_error)?;
        (
            accounts::client_of(app, &review.account_key)?,
            plan,
            review.start.clone(),
            review.title.clone(),
            review.ad_account_id.clone(),
            review.account_key.clone(),
            review.demo,
        )
    };
    let meta = |e: marketing_api::Error| accounts::failed_call(app, &key, &e);
    let created = client
        .create_ad(
            &account,
            &AdCreate {
                name: title.clone(),
                adset_id: ad_set_id.clone(),
                creative: CreativeRef::Existing {
                    creative_id: plan.creative_id.clone(),
                },
                status: Some(plan.status.clone()),
            },
            &plan.write_tag(&ad_set_id),
        )
        .await
        .map_err(meta)?;
    let ids = drafts::PublishResult {
        creative_id: Some(plan.creative_id.clone()),
        ad_id: Some(created.id.clone()),
        ad_set_id: Some(ad_set_id.clone()),
        campaign_id: None,
    };
    let (draft_id, account_id, recorded) = (start.draft_id.clone(), account.clone(), ids.clone());
    with_store(app, move |store| {
        let draft = store.get(&draft_id)?;
        store.record_publish(&draft_id, draft.revision, &account_id, &recorded)
    })
    .await?;
    let ad_start = ReviewStart {
        draft_id: start.draft_id.clone(),
        subject: ReviewSubject::Ad {
            ad_id: created.id.clone(),
            creative_id: Some(plan.creative_id),
            adset_id: Some(ad_set_id),
        },
        requested: start.requested.clone(),
        sent_message: start.sent_message.clone(),
        made_paused: Vec::new(),
    };
    let session = publish::read_back(&client, &ad_start, now_ms())
        .await
        .map_err(meta)?;
    open_new(
        app,
        Review::new(ad_start, session, &title, (&key, demo), &account, None),
    )
    .await;
    get(app, &created.id)
}
