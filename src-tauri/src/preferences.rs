//! Preferences kept with tauri-plugin-store. The store rewrites its file in place (no temp file,
//! no fsync), so it holds only what may be lost: never drafts, never tokens.

use serde::{Deserialize, Serialize};
use tauri::{AppHandle, Runtime};
use tauri_plugin_store::StoreExt;
use ts_rs::TS;

use crate::error::{AppError, ErrorKind};

pub const FILE: &str = "preferences.json";
const THEME_KEY: &str = "theme";

/// The colour scheme the user picked; `System` follows the OS.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum Theme {
    #[default]
    System,
    Light,
    Dark,
}

pub fn theme<R: Runtime>(app: &AppHandle<R>) -> Theme {
    app.store(FILE)
        .ok()
        .and_then(|store| store.get(THEME_KEY))
        .and_then(|value| serde_json::from_value(value).ok())
        .unwrap_or_default()
}

pub fn set_theme<R: Runtime>(app: &AppHandle<R>, theme: Theme) -> Result<(), AppError> {
    let store = app.store(FILE).map_err(|error| {
        AppError::new(
            ErrorKind::Internal,
            format!("Could not open preferences: {error}"),
        )
    })?;
    store.set(
        THEME_KEY,
        serde_json::to_value(theme).expect("theme serializes"),
    );
    store.save().map_err(|error| {
        AppError::new(
            ErrorKind::Internal,
            format!("Could not save preferences: {error}"),
        )
    })
}
