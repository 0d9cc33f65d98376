//! Preferences kept with tauri-plugin-store. The store rewrites its file in place (no temp file,
//! no fsync), so it holds only what may be lost: never drafts, never tokens.

use serde::{de::DeserializeOwned, Deserialize, Serialize};
use tauri::{AppHandle, Runtime};
use tauri_plugin_store::StoreExt;
use ts_rs::TS;

use crate::error::{AppError, ErrorKind};

const FILE: &str = "preferences.json";
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
    get(app, THEME_KEY).unwrap_or_default()
}

pub fn set_theme<R: Runtime>(app: &AppHandle<R>, theme: Theme) -> Result<(), AppError> {
    set(app, THEME_KEY, &theme)
}

/// The preference under `key`; `None` when it is missing or unreadable (a preference may be lost).
pub fn get<R: Runtime, T: DeserializeOwned>(app: &AppHandle<R>, key: &str) -> Option<T> {
    app.store(FILE)
        .ok()
        .and_then(|store| store.get(key))
        .and_then(|value| serde_json::from_value(value).ok())
}

/// Keeps `value` under `key` and writes the file.
pub fn set<R: Runtime, T: Serialize>(
    app: &AppHandle<R>,
    key: &str,
    value: &T,
) -> Result<(), AppError> {
    let failed = |what: &str, error: tauri_plugin_store::Error| {
        AppError::new(
            ErrorKind::Internal,
            format!("Could not {what} preferences: {error}"),
        )
    };
    let store = app.store(FILE).map_err(|error| failed("open", error))?;
    store.set(
        key,
        serde_json::to_value(value).expect("preferences serialize to JSON"),
    );
    store.save().map_err(|error| failed("save", error))
}
