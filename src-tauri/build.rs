fn main() {
    // tauri.conf.json and capabilities/ sit at the repository root beside Cargo.toml, where
    // Tauri looks for them (build.removeUnusedCommands reads capabilities/ from there, for the
    // core plugins too). Listing the app's commands makes each one a permission
    // (`allow-<command>`), so a capability must grant it before the webview may call it.
    let commands = tauri_build::AppManifest::new().commands(&[
        "app_status",
        "check_keychain",
        "set_theme",
        "first_screen_ready",
        "drafts_list",
        "draft_create",
        "draft_get",
        "draft_validate",
        "draft_save",
        "draft_duplicate",
        "draft_rename",
        "draft_delete",
        "draft_restore",
        "draft_publish",
        "draft_history",
        "outbox_list",
        "outbox_cancel",
        "outbox_progress",
        "outbox_send_now",
        "review_open",
        "review_get",
        "review_fetch_previews",
        "review_text_shown",
        "review_preview_seen",
        "review_acknowledge_unseen",
        "review_approve",
        "review_reject",
        "review_first_ad",
        "draft_meta_previews",
        "image_import",
        "accounts_overview",
        "account_connect",
        "account_disconnect",
        "account_select",
        "account_refresh",
        "account_use_demo",
        "account_product_sets",
        "account_ad_sets",
        "connection_settings",
        "connection_settings_set",
    ]);
    tauri_build::try_build(tauri_build::Attributes::new().app_manifest(commands))
        .expect("failed to run tauri-build");
}
