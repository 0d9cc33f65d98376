//! Commands about the app itself: version, keychain health, preferences.

use serde::Serialize;
use tauri::{AppHandle, Runtime, State};
use ts_rs::TS;

use crate::error::AppError;
use crate::keychain::{self, KeychainStatus};
use crate::preferences::{self, Theme};
use crate::state::AppState;

/// What the first screen needs to know about the app.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct AppStatus {
    pub version: String,
    pub keychain: KeychainStatus,
    pub theme: Theme,
}

#[tauri::command]
pub fn app_status<R: Runtime>(app: AppHandle<R>, state: State<'_, AppState>) -> AppStatus {
    AppStatus {
        version: app.package_info().version.to_string(),
        keychain: state.keychain_status(),
        theme: preferences::theme(&app),
    }
}

/// Probes the keychain again (for example after the user unlocked it).
#[tauri::command]
pub async fn check_keychain<R: Runtime>(app: AppHandle<R>) -> Result<KeychainStatus, AppError> {
    keychain::check(&app).await
}

#[tauri::command]
pub fn set_theme<R: Runtime>(app: AppHandle<R>, theme: Theme) -> Result<Theme, AppError> {
    preferences::set_theme(&app, theme)?;
    Ok(theme)
}

/// The UI calls this once, when the first screen has rendered the drafts list, with its marks
/// (milliseconds since the page's navigation started: `html`, `script`, `drafts`, `ready`).
/// With `ADWRIGHT_REPORT_READY` set, it prints them on one stdout line: `scripts/bench` times
/// start-up to that line and breaks it down with the marks.
#[tauri::command]
pub fn first_screen_ready(
    state: State<'_, AppState>,
    marks: std::collections::BTreeMap<String, f64>,
) {
    state.first_screen.mark_painted();
    if std::env::var_os("ADWRIGHT_REPORT_READY").is_some() {
        let marks: Vec<String> = marks
            .iter()
            .map(|(name, ms)| format!("{name}={ms:.0}"))
            .collect();
        println!("adwright: first screen ready {}", marks.join(" "));
    }
}
