fn main() {
    // tauri.conf.json sits at the repository root beside Cargo.toml; only the capabilities
    // live under src-tauri/.
    tauri_build::try_build(
        tauri_build::Attributes::new().capabilities_path_pattern("./src-tauri/capabilities/**/*"),
    )
    .expect("failed to run tauri-build");
}
