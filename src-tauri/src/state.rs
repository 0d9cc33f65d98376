//! State shared by the commands.

use std::sync::{Arc, Mutex};

use crate::drafting::Drafts;
use crate::keychain::KeychainStatus;

pub struct AppState {
    /// Outcome of the last keychain probe; tokens are stored only while it is `Ready`.
    pub keychain: Mutex<KeychainStatus>,
    /// The drafts engine, opened at start-up off the UI thread (see `drafts::drafts`).
    pub drafts: tokio::sync::OnceCell<Arc<Drafts>>,
}

impl Default for AppState {
    fn default() -> Self {
        Self {
            keychain: Mutex::new(KeychainStatus::Checking),
            drafts: tokio::sync::OnceCell::new(),
        }
    }
}

impl AppState {
    pub fn keychain_status(&self) -> KeychainStatus {
        self.keychain.lock().expect("keychain status lock").clone()
    }

    pub fn set_keychain_status(&self, status: KeychainStatus) {
        *self.keychain.lock().expect("keychain status lock") = status;
    }
}
