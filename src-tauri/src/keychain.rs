//! The OS keychain: the only place an access token is ever kept.
//!
//! keyring 3 silently falls back to an in-memory mock when no platform backend is compiled in,
//! and a locked or absent Secret Service only shows up on first use. So the app probes the
//! keychain at start-up (write, read back through a fresh `Entry`, delete) and refuses to store
//! tokens until the probe passes.

use keyring::Entry;
use serde::Serialize;
use tauri::{AppHandle, Emitter, Manager, Runtime};
use ts_rs::TS;

use crate::blocking::run_blocking;
use crate::error::AppError;
use crate::state::AppState;

/// Short, fixed service name under which Adwright's entries live (one entry per Meta user).
pub const SERVICE: &str = "adwright";
const PROBE_ACCOUNT: &str = "adwright-keychain-probe";

#[derive(Debug, thiserror::Error)]
pub enum KeychainError {
    #[error("The system keychain is not reachable: {0}")]
    Unreachable(String),
    #[error("The system keychain is locked, or access to it was refused.")]
    Locked,
    #[error("The system keychain did not keep a test entry, so it is not a real store: {0}")]
    NotPersistent(String),
    #[error("The system keychain failed: {0}")]
    Other(String),
}

impl KeychainError {
    /// What the user can do about it, for this OS.
    pub fn fix(&self) -> &'static str {
        match self {
            KeychainError::Locked => {
                if cfg!(target_os = "macos") {
                    "Unlock the login keychain in Keychain Access, then try again."
                } else if cfg!(target_os = "windows") {
                    "Sign in to Windows with your account password so Credential Manager is available, then try again."
                } else {
                    "Unlock your login keyring (for example in GNOME Passwords and Keys / Seahorse), then try again."
                }
            }
            _ => {
                if cfg!(target_os = "macos") {
                    "Adwright needs the macOS Keychain; check that Keychain Access opens your login keychain."
                } else if cfg!(target_os = "windows") {
                    "Adwright needs Windows Credential Manager; check that it is enabled for your account."
                } else {
                    "Adwright needs a Secret Service keyring: install and start gnome-keyring (or KWallet with its Secret Service bridge) in your desktop session."
                }
            }
        }
    }
}

impl From<keyring::Error> for KeychainError {
    fn from(error: keyring::Error) -> Self {
        match error {
            keyring::Error::NoStorageAccess(_) => KeychainError::Locked,
            keyring::Error::PlatformFailure(inner) => KeychainError::Unreachable(inner.to_string()),
            other => KeychainError::Other(other.to_string()),
        }
    }
}

/// Whether tokens can be stored, as the UI shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(tag = "state", rename_all = "snake_case")]
#[ts(export)]
pub enum KeychainStatus {
    /// Not probed yet (the probe runs in the background at start-up).
    Checking,
    Ready,
    Unavailable {
        message: String,
        fix: String,
    },
}

impl From<Result<(), KeychainError>> for KeychainStatus {
    fn from(result: Result<(), KeychainError>) -> Self {
        match result {
            Ok(()) => KeychainStatus::Ready,
            Err(error) => KeychainStatus::Unavailable {
                message: error.to_string(),
                fix: error.fix().to_owned(),
            },
        }
    }
}

/// Writes a probe entry, reads it back through a fresh `Entry` (a mock store shares nothing
/// between entries, so this fails there) and deletes it. Blocking: call off the UI thread.
pub fn probe() -> Result<(), KeychainError> {
    // Two probes at once would delete each other's entry; the keychain is probed rarely.
    static PROBING: std::sync::Mutex<()> = std::sync::Mutex::new(());
    let _one_at_a_time = PROBING
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    let value = format!("probe-{}", std::process::id());
    Entry::new(SERVICE, PROBE_ACCOUNT)?.set_password(&value)?;
    let read_back = Entry::new(SERVICE, PROBE_ACCOUNT)?.get_password();
    let _ = Entry::new(SERVICE, PROBE_ACCOUNT)?.delete_credential();
    match read_back {
        Ok(read) if read == value => Ok(()),
        Ok(_) => Err(KeychainError::NotPersistent(
            "it returned a different value".into(),
        )),
        Err(keyring::Error::NoEntry) => Err(KeychainError::NotPersistent(
            "the entry was gone when read again".into(),
        )),
        Err(other) => Err(other.into()),
    }
}

/// Keeps `secret` under `account`, replacing any earlier one.
pub fn store(account: &str, secret: &str) -> Result<(), KeychainError> {
    Ok(Entry::new(SERVICE, account)?.set_password(secret)?)
}

/// Reads the secret kept under `account`, `None` when there is none.
pub fn load(account: &str) -> Result<Option<String>, KeychainError> {
    match Entry::new(SERVICE, account)?.get_password() {
        Ok(secret) => Ok(Some(secret)),
        Err(keyring::Error::NoEntry) => Ok(None),
        Err(other) => Err(other.into()),
    }
}

/// Removes the entry for `account`; `true` when there was one.
pub fn remove(account: &str) -> Result<bool, KeychainError> {
    match Entry::new(SERVICE, account)?.delete_credential() {
        Ok(()) => Ok(true),
        Err(keyring::Error::NoEntry) => Ok(false),
        Err(other) => Err(other.into()),
    }
}

/// Probes the keychain off the UI thread (D-Bus, maybe an unlock prompt), records the outcome
/// (tokens are stored only while it is `Ready`) and tells the window (`keychain-status`). At
/// start-up, whenever the user asks to check again, and before a token is stored.
pub async fn check<R: Runtime>(app: &AppHandle<R>) -> Result<KeychainStatus, AppError> {
    let status: KeychainStatus = run_blocking(|| Ok(probe())).await?.into();
    app.state::<AppState>().set_keychain_status(status.clone());
    let _ = app.emit("keychain-status", status.clone());
    Ok(status)
}
