//! Adwright's app shell: wires state, the keychain and the engine crates into Tauri commands.

pub mod accounts;
pub mod blocking;
pub mod commands;
pub mod drafting;
pub mod error;
pub mod image_protocol;
pub mod keychain;
pub mod preferences;
pub mod publishing;
pub mod state;

use tauri::{Manager, Runtime};

/// Registers plugins, state and the command surface on `builder`; shared by the real app and
/// the command tests (which pass a mock builder).
pub fn build<R: Runtime>(builder: tauri::Builder<R>) -> tauri::Builder<R> {
    builder
        .plugin(tauri_plugin_store::Builder::new().build())
        .manage(state::AppState::default())
        .manage(accounts::AccountsState::default())
        .manage(publishing::PublishingState::default())
        .register_asynchronous_uri_scheme_protocol(image_protocol::SCHEME, image_protocol::handle)
        .setup(|app| {
            // Open the drafts database now, off the UI thread, so the list is ready when the
            // window asks; a command arriving earlier waits for this same opening.
            let handle = app.handle().clone();
            tauri::async_runtime::spawn(async move {
                let _ = drafting::drafts(&handle).await;
            });
            // Connected accounts (from the keychain index, then refreshed from Meta; the demo
            // account when none is connected) and the keychain probe (D-Bus, maybe an unlock
            // prompt) start once the first screen is painted, off the UI thread; the window
            // hears of both by events. Never blocks the window (offline is fine).
            let handle = app.handle().clone();
            tauri::async_runtime::spawn(async move {
                handle
                    .state::<state::AppState>()
                    .first_screen
                    .painted()
                    .await;
                accounts::kick(&handle);
                let _ = keychain::check(&handle).await;
            });
            Ok(())
        })
        .invoke_handler(tauri::generate_handler![
            commands::app_status,
            commands::check_keychain,
            commands::set_theme,
            commands::first_screen_ready,
            commands::drafts_list,
            commands::draft_create,
            commands::draft_get,
            commands::draft_validate,
            commands::draft_save,
            commands::draft_duplicate,
            commands::draft_rename,
            commands::draft_delete,
            commands::draft_restore,
            commands::draft_publish,
            commands::draft_history,
            commands::outbox_list,
            commands::outbox_cancel,
            commands::outbox_progress,
            commands::outbox_send_now,
            commands::review_open,
            commands::review_get,
            commands::review_fetch_previews,
            commands::review_text_shown,
            commands::review_preview_seen,
            commands::review_acknowledge_unseen,
            commands::review_approve,
            commands::review_reject,
            commands::review_first_ad,
            commands::draft_meta_previews,
            commands::image_import,
            commands::accounts_overview,
            commands::account_connect,
            commands::account_disconnect,
            commands::account_select,
            commands::account_refresh,
            commands::account_use_demo,
            commands::account_product_sets,
            commands::account_ad_sets,
            commands::connection_settings,
            commands::connection_settings_set,
        ])
}

/// The app's configuration, assets and ACL, compiled from tauri.conf.json and the capabilities.
pub fn context<R: Runtime>() -> tauri::Context<R> {
    tauri::generate_context!()
}

pub fn run() {
    tune_webkit_painting();
    build(tauri::Builder::default())
        .run(context())
        .expect("error while running Adwright");
}

/// WebKitGTK paints tiles on GPU worker threads by default, each with its own GL context and
/// Skia caches. For Adwright's first screen that cost the web process ~45 MiB more than painting
/// on WebKit's own thread, which was no slower to the first screen (both measured under Mesa,
/// as scripts/bench runs). Adwright's screens are light, so it paints there. A value the user
/// set wins.
/// Called before GTK and WebKit start and before any thread exists, as `set_var` requires.
fn tune_webkit_painting() {
    #[cfg(target_os = "linux")]
    if std::env::var_os("WEBKIT_SKIA_GPU_PAINTING_THREADS").is_none() {
        std::env::set_var("WEBKIT_SKIA_GPU_PAINTING_THREADS", "0");
    }
}
