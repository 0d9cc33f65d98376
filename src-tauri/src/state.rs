//! State shared by the commands.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::sync::Notify;

use crate::drafting::Drafts;
use crate::keychain::KeychainStatus;

pub struct AppState {
    /// Outcome of the last keychain probe; tokens are stored only while it is `Ready`.
    pub keychain: Mutex<KeychainStatus>,
    /// The drafts engine, opened at start-up off the UI thread (see `drafts::drafts`).
    pub drafts: tokio::sync::OnceCell<Arc<Drafts>>,
    /// Whether the window has painted its first screen (start-up work that can wait, waits).
    pub first_screen: FirstScreen,
}

/// Start-up work that is not on the first screen's path (the keychain probe, the accounts and
/// the demo account's sandbox) waits for the window's first paint, so that it does not compete
/// with the web process for the CPU while it builds that screen.
#[derive(Default)]
pub struct FirstScreen {
    painted: AtomicBool,
    notify: Notify,
}

impl FirstScreen {
    /// How long start-up work waits for a window that never reports its first paint.
    pub const LONGEST_WAIT: Duration = Duration::from_secs(2);

    pub fn mark_painted(&self) {
        self.painted.store(true, Ordering::SeqCst);
        self.notify.notify_waiters();
    }

    /// Returns once the first screen is painted, or after [`Self::LONGEST_WAIT`].
    pub async fn painted(&self) {
        // Registered before the check, so a paint between the two is not missed.
        let notified = self.notify.notified();
        if self.painted.load(Ordering::SeqCst) {
            return;
        }
        let _ = tokio::time::timeout(Self::LONGEST_WAIT, notified).await;
    }
}

impl Default for AppState {
    fn default() -> Self {
        Self {
            keychain: Mutex::new(KeychainStatus::Checking),
            drafts: tokio::sync::OnceCell::new(),
            first_screen: FirstScreen::default(),
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

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn waiting_work_starts_when_the_first_screen_is_painted() {
        let first_screen = Arc::new(FirstScreen::default());
        let waiter = tokio::spawn({
            let first_screen = first_screen.clone();
            async move { first_screen.painted().await }
        });
        tokio::task::yield_now().await;
        assert!(!waiter.is_finished(), "it waited for the paint");
        first_screen.mark_painted();
        // Well before LONGEST_WAIT: the paint, not the time limit, let it go.
        tokio::time::timeout(FirstScreen::LONGEST_WAIT / 2, waiter)
            .await
            .expect("woken by the paint")
            .unwrap();
    }

    #[tokio::test]
    async fn work_asked_for_after_the_paint_does_not_wait() {
        let first_screen = FirstScreen::default();
        first_screen.mark_painted();
        tokio::time::timeout(FirstScreen::LONGEST_WAIT / 2, first_screen.painted())
            .await
            .expect("no wait once painted");
    }
}
