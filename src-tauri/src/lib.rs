//! Adwright's app shell: wires state, the keychain and the engine crates into Tauri commands.

pub mod commands;
pub mod error;
pub mod keychain;
pub mod preferences;
pub mod state;

use tauri::{Emitter, Manager, Runtime};

/// Registers plugins, state and the command surface on `builder`; shared by the real app and
/// the command tests (which pass a mock builder).
pub fn build<R: Runtime>(builder: tauri::Builder<R>) -> tauri::Builder<R> {
    builder
        .plugin(tauri_plugin_store::Builder::new().build())
        .manage(state::AppState::default())
        .setup(|app| {
            // The keychain can be slow (D-Bus, an unlock prompt): probe it off the UI thread
            // and tell the window when the answer is in.
            let handle = app.handle().clone();
            tauri::async_runtime::spawn_blocking(move || {
                let status: keychain::KeychainStatus = keychain::probe().into();
                handle
                    .state::<state::AppState>()
                    .set_keychain_status(status.clone());
                let _ = handle.emit("keychain-status", status);
            });
            Ok(())
        })
        .invoke_handler(tauri::generate_handler![
            commands::app_status,
            commands::check_keychain,
            commands::set_theme,
        ])
}

/// The app's configuration, assets and ACL, compiled from tauri.conf.json and the capabilities.
pub fn context<R: Runtime>() -> tauri::Context<R> {
    tauri::generate_context!()
}

pub fn run() {
    build(tauri::Builder::default())
        .run(context())
        .expect("error while running Adwright");
}
