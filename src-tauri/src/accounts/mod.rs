//! Connected Meta accounts: tokens checked against Meta before they are kept, kept in the OS
//! keychain only, a demo account on an in-process graph-sandbox, and the gate publishing goes
//! through (closed by a 190 until the user reconnects).
//!
//! The UI sees `AccountsOverview` / `ConnectReport`: names, ids, status and expiry, never a
//! token. Tokens live in the keychain and, while the app runs, inside `marketing_api::Client`
//! (which cannot print or serialize them).

pub mod check;
pub mod demo;
pub mod settings;
pub mod vault;

use std::collections::BTreeMap;
use std::sync::Mutex;

use marketing_api::{AccessToken, Client, ErrorKind as ApiKind};
use serde::Serialize;
use tauri::{AppHandle, Emitter, Manager, Runtime};
use ts_rs::TS;

use crate::blocking::run_blocking;
use crate::error::{AppError, ErrorKind};
use crate::keychain::KeychainStatus;
use crate::state::AppState;
use check::MissingPermission;
use settings::{AccountAsset, CachedUser, Selection};
use vault::{OsKeychain, Vault};

/// The key of the demo account (real accounts are keyed by their numeric Meta user id).
pub const DEMO_KEY: &str = "demo";
/// Event sent to the window whenever the overview changed.
pub const CHANGED_EVENT: &str = "accounts-changed";

/// How an account can be used right now.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(tag = "state", rename_all = "snake_case")]
#[ts(export)]
pub enum AccountConnection {
    /// Start-up: Adwright is asking Meta about this account.
    Checking,
    Connected,
    /// Meta could not be reached: the cached names are shown; drafting goes on.
    Offline {
        message: String,
    },
    /// Meta said the token no longer works (190) or it expired: publishing is stopped until
    /// the user pastes a new token. Drafts and queued publishes are kept.
    Reconnect {
        message: String,
    },
    /// The keychain would not give the token back (locked, missing).
    Keychain {
        message: String,
        fix: String,
    },
}

/// A connected account as the UI shows it.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct ConnectedAccount {
    /// `demo`, or the Meta user id.
    pub key: String,
    pub user_id: String,
    pub name: String,
    /// The demo account on the built-in Graph stand-in: labelled DEMO wherever it shows.
    pub demo: bool,
    pub connection: AccountConnection,
    /// When the token stops working (Unix seconds); `null` = it does not expire.
    #[ts(type = "number | null")]
    pub expires_at: Option<i64>,
    /// Shown ahead of time (7 days) before the token expires.
    pub expiry_warning: Option<String>,
    pub ad_accounts: Vec<AccountAsset>,
    pub pages: Vec<AccountAsset>,
    pub ad_account_id: Option<String>,
    pub page_id: Option<String>,
    /// Publishing may go ahead (connected, an ad account and a page picked).
    pub can_publish: bool,
}

/// Everything the accounts screen shows.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct AccountsOverview {
    /// Real accounts, in the order they were connected.
    pub accounts: Vec<ConnectedAccount>,
    /// The demo account, once started.
    pub demo: Option<ConnectedAccount>,
    /// The key of the account Adwright works with.
    pub active: Option<String>,
    /// The start-up read of the keychain is not done yet.
    pub loading: bool,
    /// Why the list of connected accounts could not be read from the keychain.
    pub keychain_problem: Option<AppError>,
}

/// The answer to pasting a token: the account as kept, and what Meta granted it.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct ConnectReport {
    pub account: ConnectedAccount,
    pub granted: Vec<String>,
    /// True when this user was connected before (a reconnect).
    pub replaced: bool,
}

/// The answer to "disconnect".
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct DisconnectReport {
    pub name: String,
    /// A keychain entry was there and is now gone.
    pub removed_from_keychain: bool,
}

struct Entry {
    user_id: String,
    name: String,
    demo: bool,
    client: Option<Client>,
    connection: AccountConnection,
    expires_at: Option<i64>,
    ad_accounts: Vec<AccountAsset>,
    pages: Vec<AccountAsset>,
}

impl Entry {
    fn cached(&self) -> CachedUser {
        CachedUser {
            name: self.name.clone(),
            expires_at: self.expires_at,
            ad_accounts: self.ad_accounts.clone(),
            pages: self.pages.clone(),
        }
    }
}

#[derive(Default)]
struct Registry {
    users: BTreeMap<String, Entry>,
    order: Vec<String>,
    demo: Option<Entry>,
    active: Option<String>,
    loading: bool,
    keychain_problem: Option<AppError>,
}

impl Registry {
    fn entry(&self, key: &str) -> Option<&Entry> {
        if key == DEMO_KEY {
            self.demo.as_ref()
        } else {
            self.users.get(key)
        }
    }

    fn entry_mut(&mut self, key: &str) -> Option<&mut Entry> {
        if key == DEMO_KEY {
            self.demo.as_mut()
        } else {
            self.users.get_mut(key)
        }
    }
}

/// The accounts as the app holds them (managed Tauri state).
pub struct AccountsState {
    registry: Mutex<Registry>,
    demo: tokio::sync::Mutex<Option<demo::Demo>>,
    started: std::sync::atomic::AtomicBool,
}

impl Default for AccountsState {
    fn default() -> Self {
        Self {
            registry: Mutex::new(Registry {
                loading: true,
                ..Registry::default()
            }),
            demo: tokio::sync::Mutex::new(None),
            started: std::sync::atomic::AtomicBool::new(false),
        }
    }
}

impl AccountsState {
    fn registry(&self) -> std::sync::MutexGuard<'_, Registry> {
        self.registry.lock().unwrap_or_else(|p| p.into_inner())
    }
}

fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0)
}

fn view(key: &str, entry: &Entry, selection: Option<&Selection>) -> ConnectedAccount {
    let keep = |id: &Option<String>, list: &[AccountAsset]| {
        id.clone()
            .filter(|id| list.is_empty() || list.iter().any(|a| &a.id == id))
    };
    let ad_account_id = selection.and_then(|s| keep(&s.ad_account_id, &entry.ad_accounts));
    let page_id = selection.and_then(|s| keep(&s.page_id, &entry.pages));
    let usable = matches!(
        entry.connection,
        AccountConnection::Connected | AccountConnection::Offline { .. }
    );
    ConnectedAccount {
        key: key.to_owned(),
        user_id: entry.user_id.clone(),
        name: entry.name.clone(),
        demo: entry.demo,
        connection: entry.connection.clone(),
        expires_at: entry.expires_at,
        expiry_warning: check::expiry_warning(&entry.name, entry.expires_at, now()),
        can_publish: usable
            && entry.client.is_some()
            && ad_account_id.is_some()
            && page_id.is_some(),
        ad_accounts: entry.ad_accounts.clone(),
        pages: entry.pages.clone(),
        ad_account_id,
        page_id,
    }
}

/// Starts loading the accounts (once; see `start`) without waiting for it. Called from the
/// app's setup, and by the commands so a window that asks first gets the load going.
pub fn kick<R: Runtime>(app: &AppHandle<R>) {
    let state = app.state::<AccountsState>();
    if !state
        .started
        .swap(true, std::sync::atomic::Ordering::SeqCst)
    {
        tauri::async_runtime::spawn(start(app.clone()));
    }
}

/// The current overview (from memory: never waits on the network or the keychain).
pub fn overview<R: Runtime>(app: &AppHandle<R>) -> AccountsOverview {
    kick(app);
    let selections = settings::selections(app);
    let state = app.state::<AccountsState>();
    let registry = state.registry();
    AccountsOverview {
        accounts: registry
            .order
            .iter()
            .filter_map(|id| registry.users.get(id).map(|e| (id, e)))
            .map(|(id, e)| view(id, e, selections.get(id)))
            .collect(),
        demo: registry
            .demo
            .as_ref()
            .map(|e| view(DEMO_KEY, e, selections.get(DEMO_KEY))),
        active: registry.active.clone(),
        loading: registry.loading,
        keychain_problem: registry.keychain_problem.clone(),
    }
}

fn changed<R: Runtime>(app: &AppHandle<R>) -> AccountsOverview {
    let overview = overview(app);
    let _ = app.emit(CHANGED_EVENT, overview.clone());
    // A connection or a pick may be what queued publishes were waiting for.
    crate::publishing::sender::kick(app);
    overview
}

fn save_cache<R: Runtime>(app: &AppHandle<R>) {
    let cache: BTreeMap<String, CachedUser> = {
        let state = app.state::<AccountsState>();
        let registry = state.registry();
        registry
            .users
            .iter()
            .map(|(id, e)| (id.clone(), e.cached()))
            .collect()
    };
    // A convenience only: failing to write it loses nothing that matters.
    let _ = settings::set_cache(app, &cache);
}

/// Turns a Graph error into what the UI shows.
pub fn meta_error(error: &marketing_api::Error) -> AppError {
    let ui = error.to_ui();
    let kind = match ui.kind {
        ApiKind::TokenInvalid { .. } => ErrorKind::ReconnectNeeded,
        ApiKind::PermissionMissing { .. } => ErrorKind::PermissionsMissing,
        ApiKind::Transient => ErrorKind::Offline,
        _ => ErrorKind::MetaRefused,
    };
    let mut app_error = AppError::new(kind, ui.message);
    if let Some(code) = ui.code {
        app_error = app_error.with_detail("code", code.to_string());
    }
    if let Some(subcode) = ui.subcode {
        app_error = app_error.with_detail("subcode", subcode.to_string());
    }
    app_error
}

fn vault() -> Vault<OsKeychain> {
    Vault::new(OsKeychain)
}

/// The client configuration for real accounts (Meta, or the testing base URL).
fn real_config<R: Runtime>(app: &AppHandle<R>) -> Result<marketing_api::Config, AppError> {
    settings::config(
        &settings::connection(app),
        settings::testing_base_url().as_deref(),
    )
}

fn client(config: marketing_api::Config, token: String) -> Result<Client, AppError> {
    Client::new(config, AccessToken::new(token)).map_err(|e| meta_error(&e))
}

fn assets(
    ad_accounts: &[marketing_api::types::AdAccount],
    pages: &[marketing_api::types::Page],
) -> (Vec<AccountAsset>, Vec<AccountAsset>) {
    (
        ad_accounts
            .iter()
            .map(|a| AccountAsset {
                id: a.id.clone(),
                name: a.name.clone().unwrap_or_else(|| a.id.clone()),
                detail: a.currency.clone(),
            })
            .collect(),
        pages
            .iter()
            .map(|p| AccountAsset {
                id: p.id.clone(),
                name: p.name.clone().unwrap_or_else(|| p.id.clone()),
                detail: p.category.clone(),
            })
            .collect(),
    )
}

/// What Meta says about the token in `client`: who, expiry, scopes, ad accounts, pages.
struct Facts {
    user: marketing_api::types::User,
    token: marketing_api::types::DebugToken,
    ad_accounts: Vec<marketing_api::types::AdAccount>,
    pages: Vec<marketing_api::types::Page>,
}

async fn ask_meta(client: &Client, token: &AccessToken) -> Result<Facts, marketing_api::Error> {
    let (user, debug, ad_accounts, pages) = tokio::join!(
        client.me(),
        client.debug_token(token),
        client.ad_accounts(),
        client.pages()
    );
    Ok(Facts {
        user: user?,
        token: debug?,
        ad_accounts: ad_accounts?,
        pages: pages?,
    })
}

fn ensure_keychain<R: Runtime>(app: &AppHandle<R>) -> Result<(), AppError> {
    match app.state::<AppState>().keychain_status() {
        KeychainStatus::Ready => Ok(()),
        KeychainStatus::Unavailable { message, fix } => Err(AppError::new(
            ErrorKind::KeychainUnavailable,
            format!("{message} Adwright keeps Meta tokens only in the system keychain, so it cannot connect an account until the keychain works."),
        )
        .with_detail("fix", fix)),
        KeychainStatus::Checking => Err(AppError::new(
            ErrorKind::KeychainUnavailable,
            "Adwright is still checking the system keychain: try again in a moment.",
        )),
    }
}

/// Checks a pasted token with Meta and, only when it can do what Adwright needs, keeps it in
/// the keychain and makes its user the active account.
pub async fn connect<R: Runtime>(
    app: &AppHandle<R>,
    token: String,
) -> Result<ConnectReport, AppError> {
    let token = token.trim().to_owned();
    if token.is_empty() || token.contains(char::is_whitespace) {
        return Err(AppError::new(
            ErrorKind::InvalidInput,
            "Paste the whole access token (one word, no spaces), as Meta Business Settings or \
             Graph API Explorer shows it.",
        )
        .with_detail("field", "token"));
    }
    // Before anything else: a token is never checked if it could not be kept safely.
    if ensure_keychain(app).is_err() {
        // Not probed yet, or the answer is out of date (the user just unlocked the keychain).
        crate::keychain::check(app).await?;
        ensure_keychain(app)?;
    }
    let secret = AccessToken::new(token.clone());
    let client = client(real_config(app)?, token.clone())?;
    let facts = ask_meta(&client, &secret).await.map_err(|e| {
        let mut error = meta_error(&e);
        if error.kind == ErrorKind::ReconnectNeeded {
            error = AppError::new(
                ErrorKind::InvalidInput,
                format!("Meta does not accept this token: {}", error.message),
            )
            .with_detail("field", "token");
        }
        error
    })?;
    if !facts.token.is_valid {
        return Err(AppError::new(
            ErrorKind::InvalidInput,
            "Meta says this token is no longer valid: generate a new one and paste it here.",
        )
        .with_detail("field", "token"));
    }
    if !vault::valid_user_id(&facts.user.id) {
        return Err(AppError::new(
            ErrorKind::MetaRefused,
            "Meta answered with a user id Adwright does not recognise; it did not keep the token.",
        ));
    }
    let missing = check::missing_permissions(&facts.token, &facts.pages);
    if !missing.is_empty() {
        return Err(permissions_error(&missing));
    }
    let problems = check::reach_problems(&facts.ad_accounts, &facts.pages);
    if !problems.is_empty() {
        return Err(AppError::new(
            ErrorKind::PermissionsMissing,
            problems.join(" "),
        ));
    }

    let user_id = facts.user.id.clone();
    {
        let user_id = user_id.clone();
        run_blocking(move || Ok(vault().save(&user_id, &token)?)).await?;
    }

    let (ad_accounts, pages) = assets(&facts.ad_accounts, &facts.pages);
    let name = facts.user.name.clone().unwrap_or_else(|| user_id.clone());
    let replaced;
    {
        let state = app.state::<AccountsState>();
        let mut registry = state.registry();
        replaced = registry.users.contains_key(&user_id);
        registry.users.insert(
            user_id.clone(),
            Entry {
                user_id: user_id.clone(),
                name,
                demo: false,
                client: Some(client),
                connection: AccountConnection::Connected,
                expires_at: check::effective_expiry(&facts.token),
                ad_accounts: ad_accounts.clone(),
                pages: pages.clone(),
            },
        );
        if !registry.order.contains(&user_id) {
            registry.order.push(user_id.clone());
        }
        registry.active = Some(user_id.clone());
        registry.keychain_problem = None;
    }
    default_selection(app, &user_id, &ad_accounts, &pages, Selection::default())?;
    settings::set_active(app, Some(&user_id))?;
    save_cache(app);
    let overview = changed(app);
    let account = overview
        .accounts
        .into_iter()
        .find(|a| a.key == user_id)
        .expect("just connected");
    Ok(ConnectReport {
        account,
        granted: facts.token.scopes,
        replaced,
    })
}

fn permissions_error(missing: &[MissingPermission]) -> AppError {
    let names: Vec<&str> = missing.iter().map(|m| m.permission.as_str()).collect();
    let mut error = AppError::new(
        ErrorKind::PermissionsMissing,
        format!(
            "This token lacks {}: {}. Adwright did not keep it. {}",
            if missing.len() == 1 {
                "a permission Adwright needs"
            } else {
                "permissions Adwright needs"
            },
            missing
                .iter()
                .map(|m| format!("{} (for {})", m.permission, m.needed_for))
                .collect::<Vec<_>>()
                .join(", "),
            missing[0].how_to_grant
        ),
    )
    .with_detail("missing", names.join(","));
    for m in missing {
        error = error.with_detail(&m.permission, m.needed_for.clone());
    }
    error
}

/// Keeps an earlier pick that still exists; picks the only choice when there is one.
fn default_selection<R: Runtime>(
    app: &AppHandle<R>,
    key: &str,
    ad_accounts: &[AccountAsset],
    pages: &[AccountAsset],
    fallback: Selection,
) -> Result<(), AppError> {
    let old = settings::selections(app).remove(key).unwrap_or_default();
    // The earlier pick while it is still reachable, else the only choice, else `fallback`.
    let pick = |old: Option<String>, list: &[AccountAsset], fallback: Option<String>| {
        old.filter(|id| list.iter().any(|a| &a.id == id))
            .or_else(|| (list.len() == 1).then(|| list[0].id.clone()))
            .or(fallback)
    };
    let selection = Selection {
        ad_account_id: pick(old.ad_account_id, ad_accounts, fallback.ad_account_id),
        page_id: pick(old.page_id, pages, fallback.page_id),
    };
    settings::set_selection(app, key, Some(selection))
}

/// Removes the account's token from the keychain (and its cached names and picks).
pub async fn disconnect<R: Runtime>(
    app: &AppHandle<R>,
    key: String,
) -> Result<DisconnectReport, AppError> {
    if key == DEMO_KEY {
        return Err(AppError::new(
            ErrorKind::InvalidInput,
            "The demo account has no token to remove: it lives only while Adwright runs.",
        ));
    }
    if !vault::valid_user_id(&key) {
        return Err(AppError::new(
            ErrorKind::NotFound,
            "No such connected account.",
        ));
    }
    let removed = {
        let key = key.clone();
        run_blocking(move || Ok(vault().forget(&key)?)).await?
    };
    let name = {
        let state = app.state::<AccountsState>();
        let mut registry = state.registry();
        let name = registry
            .users
            .remove(&key)
            .map(|e| e.name)
            .unwrap_or_else(|| key.clone());
        registry.order.retain(|id| id != &key);
        if registry.active.as_deref() == Some(key.as_str()) {
            registry.active = registry.order.first().cloned();
        }
        name
    };
    settings::set_selection(app, &key, None)?;
    let active = app.state::<AccountsState>().registry().active.clone();
    settings::set_active(app, active.as_deref())?;
    save_cache(app);
    if active.is_none() {
        // Nobody left: land on the demo account, as on a first start.
        let _ = use_demo(app).await;
    }
    changed(app);
    Ok(DisconnectReport {
        name,
        removed_from_keychain: removed,
    })
}

/// Makes `key` the active account and records its ad account and page.
pub fn select<R: Runtime>(
    app: &AppHandle<R>,
    key: String,
    ad_account_id: Option<String>,
    page_id: Option<String>,
) -> Result<AccountsOverview, AppError> {
    {
        let state = app.state::<AccountsState>();
        let mut registry = state.registry();
        let entry = registry.entry(&key).ok_or_else(|| {
            AppError::new(
                ErrorKind::NotFound,
                "This account is not connected any more: pick another one.",
            )
        })?;
        let known = |id: &Option<String>, list: &[AccountAsset], what: &str| match id {
            Some(id) if !list.iter().any(|a| &a.id == id) => Err(AppError::new(
                ErrorKind::InvalidInput,
                format!("This account cannot reach that {what}: pick one from the list."),
            )
            .with_detail("field", what)),
            _ => Ok(()),
        };
        known(&ad_account_id, &entry.ad_accounts, "ad account")?;
        known(&page_id, &entry.pages, "page")?;
        registry.active = Some(key.clone());
    }
    settings::set_selection(
        app,
        &key,
        Some(Selection {
            ad_account_id,
            page_id,
        }),
    )?;
    settings::set_active(app, Some(&key))?;
    Ok(changed(app))
}

/// Starts the demo account (once per launch) and makes it the active account.
pub async fn use_demo<R: Runtime>(app: &AppHandle<R>) -> Result<AccountsOverview, AppError> {
    let demo_picks;
    let started = {
        let state = app.state::<AccountsState>();
        let mut demo = state.demo.lock().await;
        if demo.is_none() {
            let dir = app
                .path()
                .app_data_dir()
                .map_err(|e| {
                    AppError::new(
                        ErrorKind::Storage,
                        format!("Adwright could not find its data folder: {e}."),
                    )
                })?
                .join("demo");
            let version = settings::connection(app).api_version;
            *demo = Some(demo::Demo::start(&dir, &version).await?);
        }
        let demo = demo.as_ref().expect("started above");
        // The demo's own ad account and Page, picked for the user: it is there to be tried.
        demo_picks = Selection {
            ad_account_id: Some(demo.sandbox.seed.ad_account_id.clone()),
            page_id: Some(demo.sandbox.seed.page_id.clone()),
        };
        demo.client.clone()
    };
    let needs_entry = app.state::<AccountsState>().registry().demo.is_none();
    if needs_entry {
        let facts = ask_meta(&started, &demo::token_of(app).await?)
            .await
            .map_err(|e| meta_error(&e))?;
        let (ad_accounts, pages) = assets(&facts.ad_accounts, &facts.pages);
        app.state::<AccountsState>().registry().demo = Some(Entry {
            user_id: facts.user.id.clone(),
            name: facts
                .user
                .name
                .clone()
                .unwrap_or_else(|| "Demo advertiser".into()),
            demo: true,
            client: Some(started),
            connection: AccountConnection::Connected,
            expires_at: None,
            ad_accounts: ad_accounts.clone(),
            pages: pages.clone(),
        });
        default_selection(app, DEMO_KEY, &ad_accounts, &pages, demo_picks)?;
    }
    app.state::<AccountsState>().registry().active = Some(DEMO_KEY.to_owned());
    settings::set_active(app, Some(DEMO_KEY))?;
    Ok(changed(app))
}

/// Start-up: the connected users come from the keychain index (the preferences file only adds
/// cached names); then each is refreshed from Meta in the background. Offline, the cached
/// data stays on screen. With no real account, the demo account is started and made active.
async fn start<R: Runtime>(app: AppHandle<R>) {
    let cache = settings::cache(&app);
    let listed = run_blocking(|| {
        let vault = vault();
        let users = vault.users()?;
        let mut tokens = Vec::new();
        for id in users {
            let token = vault.token(&id);
            tokens.push((id, token));
        }
        Ok(tokens)
    })
    .await;
    let config = real_config(&app);
    {
        let state = app.state::<AccountsState>();
        let mut registry = state.registry();
        match &listed {
            Ok(users) => {
                for (id, token) in users {
                    let cached = cache.get(id).cloned().unwrap_or_default();
                    let (client, connection) = match (token, &config) {
                        (Ok(Some(token)), Ok(config)) => (
                            client(config.clone(), token.clone()).ok(),
                            AccountConnection::Checking,
                        ),
                        (Ok(None), _) => (
                            None,
                            AccountConnection::Reconnect {
                                message: "Its token is no longer in the keychain: paste a token to reconnect.".into(),
                            },
                        ),
                        (Err(e), _) => (
                            None,
                            AccountConnection::Keychain {
                                message: e.to_string(),
                                fix: e.fix().to_owned(),
                            },
                        ),
                        (Ok(Some(_)), Err(e)) => (
                            None,
                            AccountConnection::Offline {
                                message: e.message.clone(),
                            },
                        ),
                    };
                    registry.users.insert(
                        id.clone(),
                        Entry {
                            user_id: id.clone(),
                            name: if cached.name.is_empty() {
                                format!("Meta user {id}")
                            } else {
                                cached.name
                            },
                            demo: false,
                            client,
                            connection,
                            expires_at: cached.expires_at,
                            ad_accounts: cached.ad_accounts,
                            pages: cached.pages,
                        },
                    );
                    registry.order.push(id.clone());
                }
            }
            Err(error) => {
                // The keychain cannot say who is connected: show who was, from the cache.
                registry.keychain_problem = Some(error.clone());
                let fix = error.details.get("fix").cloned().unwrap_or_default();
                for (id, cached) in &cache {
                    registry.users.insert(
                        id.clone(),
                        Entry {
                            user_id: id.clone(),
                            name: cached.name.clone(),
                            demo: false,
                            client: None,
                            connection: AccountConnection::Keychain {
                                message: error.message.clone(),
                                fix: fix.clone(),
                            },
                            expires_at: cached.expires_at,
                            ad_accounts: cached.ad_accounts.clone(),
                            pages: cached.pages.clone(),
                        },
                    );
                    registry.order.push(id.clone());
                }
            }
        }
        let wanted = settings::active(&app);
        registry.active = wanted
            .filter(|k| registry.entry(k).is_some() || k == DEMO_KEY)
            .or_else(|| registry.order.first().cloned());
        registry.loading = false;
    }
    if listed.is_ok() {
        save_cache(&app);
    }
    let active = app.state::<AccountsState>().registry().active.clone();
    if active.is_none() || active.as_deref() == Some(DEMO_KEY) {
        let _ = use_demo(&app).await;
    }
    changed(&app);
    let ids: Vec<String> = app.state::<AccountsState>().registry().order.clone();
    for id in ids {
        let _ = refresh(&app, &id).await;
    }
}

/// Asks Meta about the account again (name, expiry, ad accounts, pages). A 190 marks it for
/// reconnecting; no network keeps the cached data and says so.
pub async fn refresh<R: Runtime>(
    app: &AppHandle<R>,
    key: &str,
) -> Result<AccountsOverview, AppError> {
    let client = {
        let state = app.state::<AccountsState>();
        let registry = state.registry();
        let entry = registry.entry(key).ok_or_else(|| {
            AppError::new(
                ErrorKind::NotFound,
                "This account is not connected any more.",
            )
        })?;
        match &entry.client {
            Some(client) => client.clone(),
            None => return Ok(overview(app)),
        }
    };
    let token = if key == DEMO_KEY {
        demo::token_of(app).await?
    } else {
        let id = key.to_owned();
        match run_blocking(move || Ok(vault().token(&id)?)).await? {
            Some(token) => AccessToken::new(token),
            None => {
                mark(
                    app,
                    key.to_owned(),
                    AccountConnection::Reconnect {
                        message:
                            "Its token is no longer in the keychain: paste a token to reconnect."
                                .into(),
                    },
                );
                return Ok(changed(app));
            }
        }
    };
    match ask_meta(&client, &token).await {
        Ok(facts) => {
            let (ad_accounts, pages) = assets(&facts.ad_accounts, &facts.pages);
            {
                let state = app.state::<AccountsState>();
                let mut registry = state.registry();
                if let Some(entry) = registry.entry_mut(key) {
                    if let Some(name) = facts.user.name {
                        entry.name = name;
                    }
                    if !entry.demo {
                        entry.expires_at = check::effective_expiry(&facts.token);
                    }
                    entry.ad_accounts = ad_accounts;
                    entry.pages = pages;
                    entry.connection = if !facts.token.is_valid {
                        AccountConnection::Reconnect {
                            message: "Meta says this token is no longer valid: paste a new token."
                                .into(),
                        }
                    } else {
                        AccountConnection::Connected
                    };
                }
            }
            if key != DEMO_KEY {
                save_cache(app);
            }
            Ok(changed(app))
        }
        Err(error) => {
            let app_error = failed_call(app, key, &error);
            if app_error.kind == ErrorKind::Offline {
                Ok(overview(app))
            } else {
                Err(app_error)
            }
        }
    }
}

fn mark<R: Runtime>(app: &AppHandle<R>, key: String, connection: AccountConnection) {
    let state = app.state::<AccountsState>();
    let mut registry = state.registry();
    if let Some(entry) = registry.entry_mut(&key) {
        entry.connection = connection;
    }
}

/// Records what a failed Graph call means for the account: a 190 stops publishing until the
/// user reconnects; a network failure shows the account as offline. Every caller that talks
/// to Meta for an account reports failures here.
pub fn note_failure<R: Runtime>(app: &AppHandle<R>, key: &str, error: &marketing_api::Error) {
    let connection = match error.kind() {
        ApiKind::TokenInvalid { .. } => AccountConnection::Reconnect {
            message: format!(
                "Meta stopped accepting this account's token. Publishing is paused; your drafts \
                 and queued publishes are kept. Paste a new token to reconnect. ({})",
                error.to_ui().message
            ),
        },
        ApiKind::Transient => AccountConnection::Offline {
            message: "Meta could not be reached: showing what Adwright saw last. Drafting works \
                      offline."
                .into(),
        },
        _ => return,
    };
    mark(app, key.to_owned(), connection);
    changed(app);
}

/// A failed Graph call of account `key` as the window sees it, after recording what it means
/// for the account (`note_failure`): every caller that talks to Meta maps errors through here.
pub fn failed_call<R: Runtime>(
    app: &AppHandle<R>,
    key: &str,
    error: &marketing_api::Error,
) -> AppError {
    note_failure(app, key, error);
    meta_error(error)
}

/// What publishing needs: the active account's client, ad account and page. Refused while the
/// account must be reconnected (after a 190), so nothing is sent with a dead token.
pub struct Publisher {
    pub key: String,
    /// The account's name, for messages.
    pub name: String,
    pub demo: bool,
    pub client: Client,
    pub ad_account_id: String,
    pub page_id: String,
    /// Every ad account this account's token reaches (a draft for another one is refused).
    pub ad_accounts: Vec<String>,
}

impl Publisher {
    /// Whether this account's token reaches `ad_account_id` (`act_<id>`).
    pub fn reaches(&self, ad_account_id: &str) -> bool {
        self.ad_accounts
            .iter()
            .any(|reached| reached == ad_account_id)
    }
}

pub fn publisher<R: Runtime>(app: &AppHandle<R>) -> Result<Publisher, AppError> {
    let active = active_account(app).ok_or_else(|| {
        AppError::new(
            ErrorKind::ReconnectNeeded,
            "No Meta account is connected: connect one (or try the demo account) to publish.",
        )
    })?;
    match &active.connection {
        AccountConnection::Reconnect { message } => {
            return Err(AppError::new(ErrorKind::ReconnectNeeded, message.clone())
                .with_detail("account", active.key.clone()))
        }
        AccountConnection::Keychain { message, fix } => {
            return Err(
                AppError::new(ErrorKind::KeychainUnavailable, message.clone())
                    .with_detail("fix", fix.clone()),
            )
        }
        _ => {}
    }
    let (Some(ad_account_id), Some(page_id)) = (active.ad_account_id, active.page_id) else {
        return Err(AppError::new(
            ErrorKind::InvalidInput,
            "Pick the ad account and the Facebook Page to publish with.",
        )
        .with_detail("field", "account"));
    };
    let client = {
        let state = app.state::<AccountsState>();
        let registry = state.registry();
        registry
            .entry(&active.key)
            .and_then(|e| e.client.clone())
            .ok_or_else(|| {
                AppError::new(
                    ErrorKind::ReconnectNeeded,
                    "Reconnect this account to publish.",
                )
            })?
    };
    Ok(Publisher {
        name: active.name.clone(),
        ad_accounts: active.ad_accounts.iter().map(|a| a.id.clone()).collect(),
        key: active.key,
        demo: active.demo,
        client,
        ad_account_id,
        page_id,
    })
}

/// The ad account and page picked on the active account, for new drafts.
pub fn picked<R: Runtime>(app: &AppHandle<R>) -> Option<(String, String)> {
    let active = active_account(app)?;
    Some((active.ad_account_id?, active.page_id?))
}

/// The account Adwright works with, as the UI sees it.
fn active_account<R: Runtime>(app: &AppHandle<R>) -> Option<ConnectedAccount> {
    let overview = overview(app);
    let key = overview.active?;
    overview
        .accounts
        .into_iter()
        .chain(overview.demo)
        .find(|a| a.key == key)
}

/// The client of the account `key` (the one a publish went out with), refused while that
/// account must be reconnected, so a review's calls go to the account that made the ad.
pub fn client_of<R: Runtime>(app: &AppHandle<R>, key: &str) -> Result<Client, AppError> {
    let state = app.state::<AccountsState>();
    let registry = state.registry();
    let entry = registry.entry(key).ok_or_else(|| {
        AppError::new(
            ErrorKind::ReconnectNeeded,
            "The account this ad was published with is no longer connected: connect it again \
             to go on with its review.",
        )
        .with_detail("account", key)
    })?;
    if let AccountConnection::Reconnect { message } = &entry.connection {
        return Err(
            AppError::new(ErrorKind::ReconnectNeeded, message.clone()).with_detail("account", key)
        );
    }
    entry.client.clone().ok_or_else(|| {
        AppError::new(
            ErrorKind::ReconnectNeeded,
            "Reconnect this account to go on with the review.",
        )
        .with_detail("account", key)
    })
}

/// Keeps the connection settings and rebuilds the real accounts' clients with them.
pub async fn set_connection<R: Runtime>(
    app: &AppHandle<R>,
    new: settings::ConnectionSettings,
) -> Result<settings::ConnectionSettings, AppError> {
    let saved = settings::set_connection(app, new)?;
    let config = real_config(app)?;
    let ids: Vec<String> = app.state::<AccountsState>().registry().order.clone();
    let tokens = run_blocking(move || {
        let vault = vault();
        Ok(ids
            .into_iter()
            .map(|id| {
                let token = vault.token(&id).ok().flatten();
                (id, token)
            })
            .collect::<Vec<_>>())
    })
    .await?;
    {
        let state = app.state::<AccountsState>();
        let mut registry = state.registry();
        for (id, token) in tokens {
            if let (Some(entry), Some(token)) = (registry.users.get_mut(&id), token) {
                entry.client = Some(client(config.clone(), token)?);
            }
        }
    }
    Ok(saved)
}
