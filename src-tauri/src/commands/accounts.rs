//! Meta accounts: connect by pasting a token (checked with Meta, then kept in the keychain
//! only), pick the ad account and page, disconnect, the demo account, connection settings.
//! Thin: the rules live in `crate::accounts`. No command ever returns a token.

use tauri::{AppHandle, Runtime};

use crate::accounts::{
    self, settings::ConnectionSettings, AccountsOverview, ConnectReport, DisconnectReport,
};
use crate::error::AppError;

#[tauri::command]
pub fn accounts_overview<R: Runtime>(app: AppHandle<R>) -> AccountsOverview {
    accounts::overview(&app)
}

/// `token` travels only from the window to Rust; the answer names the account, never the token.
#[tauri::command]
pub async fn account_connect<R: Runtime>(
    app: AppHandle<R>,
    token: String,
) -> Result<ConnectReport, AppError> {
    accounts::connect(&app, token).await
}

#[tauri::command]
pub async fn account_disconnect<R: Runtime>(
    app: AppHandle<R>,
    key: String,
) -> Result<DisconnectReport, AppError> {
    accounts::disconnect(&app, key).await
}

#[tauri::command]
pub fn account_select<R: Runtime>(
    app: AppHandle<R>,
    key: String,
    ad_account_id: Option<String>,
    page_id: Option<String>,
) -> Result<AccountsOverview, AppError> {
    accounts::select(&app, key, ad_account_id, page_id)
}

#[tauri::command]
pub async fn account_refresh<R: Runtime>(
    app: AppHandle<R>,
    key: String,
) -> Result<AccountsOverview, AppError> {
    accounts::refresh(&app, &key).await
}

#[tauri::command]
pub async fn account_use_demo<R: Runtime>(app: AppHandle<R>) -> Result<AccountsOverview, AppError> {
    accounts::use_demo(&app).await
}

#[tauri::command]
pub fn connection_settings<R: Runtime>(app: AppHandle<R>) -> ConnectionSettings {
    accounts::settings::connection(&app)
}

#[tauri::command]
pub async fn connection_settings_set<R: Runtime>(
    app: AppHandle<R>,
    settings: ConnectionSettings,
) -> Result<ConnectionSettings, AppError> {
    accounts::set_connection(&app, settings).await
}

/// The product sets the active account's ad account can promote (catalog drafts pick one).
#[tauri::command]
pub async fn account_product_sets<R: Runtime>(
    app: AppHandle<R>,
) -> Result<Vec<marketing_api::types::ProductSet>, AppError> {
    let publisher = accounts::publisher(&app)?;
    publisher
        .client
        .product_sets(&publisher.ad_account_id)
        .await
        .map_err(|e| accounts::failed_call(&app, &publisher.key, &e))
}

/// The active ad account's ad sets (where the first ad of a reviewed creative goes).
#[tauri::command]
pub async fn account_ad_sets<R: Runtime>(
    app: AppHandle<R>,
) -> Result<Vec<marketing_api::types::AdSetListed>, AppError> {
    let publisher = accounts::publisher(&app)?;
    publisher
        .client
        .ad_sets(&publisher.ad_account_id)
        .await
        .map_err(|e| accounts::failed_call(&app, &publisher.key, &e))
}
