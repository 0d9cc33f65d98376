//! State shared by the commands.

use std::sync::Mutex;

use crate::keychain::KeychainStatus;

pub struct AppState {
    /// Outcome of the last keychain probe; tokens are stored only while it is `Ready`.
    pub keychain: Mutex<KeychainStatus>,
}

impl Default for AppState {
    fn default() -> Self {
        Self {
            keychain: Mutex::new(KeychainStatus::Checking),
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
