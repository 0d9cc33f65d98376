//! The demo account: graph-sandbox running inside the app on loopback, its state in
//! `<app data>/demo/`, its token minted at each launch and held only in memory (never in the
//! keychain, never on disk: the sandbox's state file keeps token hashes only).

use std::path::Path;

use graph_sandbox::{RunningSandbox, Sandbox, SandboxConfig};
use marketing_api::{AccessToken, Client, Config};
use tauri::{AppHandle, Manager, Runtime};

use super::AccountsState;
use crate::error::{AppError, ErrorKind};

pub struct Demo {
    pub sandbox: RunningSandbox,
    pub token: AccessToken,
    pub client: Client,
}

impl Demo {
    pub async fn start(dir: &Path, api_version: &str) -> Result<Demo, AppError> {
        let storage = |error: String| {
            AppError::new(
                ErrorKind::Storage,
                format!(
                    "The demo account could not start ({error}). Check that Adwright may write \
                     to {}.",
                    dir.display()
                ),
            )
        };
        std::fs::create_dir_all(dir).map_err(|e| storage(e.to_string()))?;
        let sandbox = Sandbox::start(SandboxConfig {
            state_file: Some(dir.join("sandbox-state.json")),
            ..SandboxConfig::default()
        })
        .await
        .map_err(|e| storage(e.to_string()))?;
        let token = AccessToken::new(sandbox.seed.access_token.clone());
        let config = Config::sandbox(&sandbox.base_url)
            .and_then(|c| c.with_api_version(api_version))
            .or_else(|_| Config::sandbox(&sandbox.base_url))
            .map_err(|e| storage(e.to_string()))?;
        let client = Client::new(config, token.clone()).map_err(|e| storage(e.to_string()))?;
        Ok(Demo {
            sandbox,
            token,
            client,
        })
    }
}

/// The demo token (for `debug_token`), if the demo runs.
pub async fn token_of<R: Runtime>(app: &AppHandle<R>) -> Result<AccessToken, AppError> {
    let state = app.state::<AccountsState>();
    let demo = state.demo.lock().await;
    demo.as_ref().map(|d| d.token.clone()).ok_or_else(|| {
        AppError::new(
            ErrorKind::NotFound,
            "The demo account is not running: choose \"Try the demo account\".",
        )
    })
}
