//! Drafts: list and search, create, read, save (every edit), duplicate, rename, delete with
//! undo, publish into the outbox, and publish history. Every store call runs off the UI thread
//! (`with_store`); the rules come from `drafts::validate`, never from here or the UI.

use drafts::{
    validate, AdContent, AdKind, CatalogAd, Destination, Draft, DraftBody, DraftSummary, Issue,
    LinkAd, OutboxItem, PublishRecord, SaveAck, TemplateData,
};
use serde::Serialize;
use tauri::{AppHandle, Runtime};
use ts_rs::TS;

use crate::drafting::with_store;
use crate::error::{AppError, ErrorKind};

/// How many drafts a search returns at most.
const SEARCH_LIMIT: usize = 500;

/// A draft with what the rules say about it, field by field.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct DraftView {
    pub draft: Draft,
    pub issues: Vec<Issue>,
}

impl From<Draft> for DraftView {
    fn from(draft: Draft) -> Self {
        let issues = validate(&draft.body);
        DraftView { draft, issues }
    }
}

/// The answer to a save: the edit is on disk at `revision`, and these are its issues.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct SaveOutcome {
    #[ts(type = "number")]
    pub revision: i64,
    #[ts(type = "number")]
    pub saved_at: i64,
    pub issues: Vec<Issue>,
}

/// The body a new draft of `kind` starts with.
pub fn new_body(kind: AdKind) -> DraftBody {
    let content = match kind {
        AdKind::Link => AdContent::Link(LinkAd::default()),
        AdKind::Catalog => AdContent::Catalog(CatalogAd {
            template_data: TemplateData {
                // Meta fills each product's own address: the usual choice for catalog ads.
                link: "{{product.url}}".into(),
                ..TemplateData::default()
            },
            ..CatalogAd::default()
        }),
    };
    DraftBody {
        ad_account_id: String::new(),
        content,
        destination: Destination::StandaloneCreative,
        notices: Vec::new(),
    }
}

fn clean_title(title: &str) -> Result<String, AppError> {
    let title = title.trim();
    if title.is_empty() {
        return Err(AppError::new(
            ErrorKind::InvalidInput,
            "Draft name is empty: type a name, for example \"Spring sale\".",
        )
        .with_detail("field", "title"));
    }
    Ok(title.chars().take(200).collect())
}

/// Drafts not in the trash, most recent first; with a query, those whose name or texts contain
/// it (any case).
#[tauri::command]
pub async fn drafts_list<R: Runtime>(
    app: AppHandle<R>,
    query: Option<String>,
) -> Result<Vec<DraftSummary>, AppError> {
    let query = query.unwrap_or_default();
    with_store(&app, move |store| {
        if query.trim().is_empty() {
            store.list()
        } else {
            store.search(&query, SEARCH_LIMIT)
        }
    })
    .await
}

#[tauri::command]
pub async fn draft_create<R: Runtime>(
    app: AppHandle<R>,
    kind: AdKind,
    title: Option<String>,
) -> Result<DraftView, AppError> {
    let title = match title {
        Some(title) => clean_title(&title)?,
        None => match kind {
            AdKind::Link => "Untitled link ad".to_owned(),
            AdKind::Catalog => "Untitled catalog ad".to_owned(),
        },
    };
    let mut body = new_body(kind);
    // A new draft is for the account being worked with (still editable in the form).
    if let Some((ad_account_id, page_id)) = crate::accounts::picked(&app) {
        body.ad_account_id = ad_account_id;
        match &mut body.content {
            AdContent::Link(ad) => ad.page_id = page_id,
            AdContent::Catalog(ad) => ad.page_id = page_id,
        }
    }
    let draft = with_store(&app, move |store| store.create(&title, &body)).await?;
    Ok(draft.into())
}

#[tauri::command]
pub async fn draft_get<R: Runtime>(app: AppHandle<R>, id: String) -> Result<DraftView, AppError> {
    let draft = with_store(&app, move |store| store.get(&id)).await?;
    Ok(draft.into())
}

/// The rules, on a body not saved yet (pure, microseconds): the form calls it as the user types.
#[tauri::command]
pub fn draft_validate(body: DraftBody) -> Vec<Issue> {
    validate(&body)
}

/// Saves an edit on top of `base_revision`; refuses a stale base (`conflict`). Returns once the
/// edit is durable.
#[tauri::command]
pub async fn draft_save<R: Runtime>(
    app: AppHandle<R>,
    id: String,
    body: DraftBody,
    base_revision: i64,
) -> Result<SaveOutcome, AppError> {
    let issues = validate(&body);
    let SaveAck { revision, saved_at } = with_store(&app, move |store| {
        store.save(&id, &body, Some(base_revision))
    })
    .await?;
    Ok(SaveOutcome {
        revision,
        saved_at,
        issues,
    })
}

#[tauri::command]
pub async fn draft_duplicate<R: Runtime>(
    app: AppHandle<R>,
    id: String,
) -> Result<DraftView, AppError> {
    let draft = with_store(&app, move |store| store.duplicate(&id)).await?;
    Ok(draft.into())
}

#[tauri::command]
pub async fn draft_rename<R: Runtime>(
    app: AppHandle<R>,
    id: String,
    title: String,
) -> Result<SaveAck, AppError> {
    let title = clean_title(&title)?;
    with_store(&app, move |store| store.rename(&id, &title)).await
}

/// Moves a draft to the trash; `draft_restore` undoes it.
#[tauri::command]
pub async fn draft_delete<R: Runtime>(app: AppHandle<R>, id: String) -> Result<(), AppError> {
    with_store(&app, move |store| store.delete(&id)).await
}

#[tauri::command]
pub async fn draft_restore<R: Runtime>(app: AppHandle<R>, id: String) -> Result<(), AppError> {
    with_store(&app, move |store| store.restore(&id)).await
}

/// Queues the draft's saved revision for publishing and wakes the sender: with an account
/// connected and Meta reachable it goes out at once; otherwise it waits in the outbox.
#[tauri::command]
pub async fn draft_publish<R: Runtime>(
    app: AppHandle<R>,
    id: String,
) -> Result<PublishQueued, AppError> {
    let item = with_store(&app, move |store| store.enqueue_publish(&id)).await?;
    crate::publishing::sender::send_now(&app);
    let (sending, note) = crate::publishing::sender::queue_note(&app, &item.ad_account_id);
    Ok(PublishQueued {
        item,
        sending,
        note,
    })
}

/// The answer to "publish": the queued item and what happens to it next, in words.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct PublishQueued {
    pub item: OutboxItem,
    /// It goes out now (an account that reaches its ad account is connected).
    pub sending: bool,
    pub note: String,
}

#[tauri::command]
pub async fn outbox_list<R: Runtime>(app: AppHandle<R>) -> Result<Vec<OutboxItem>, AppError> {
    with_store(&app, |store| store.outbox_list()).await
}

#[tauri::command]
pub async fn outbox_cancel<R: Runtime>(app: AppHandle<R>, key: String) -> Result<(), AppError> {
    with_store(&app, move |store| store.outbox_cancel(&key)).await
}

#[tauri::command]
pub async fn draft_history<R: Runtime>(
    app: AppHandle<R>,
    id: String,
) -> Result<Vec<PublishRecord>, AppError> {
    with_store(&app, move |store| store.publish_history(&id)).await
}
