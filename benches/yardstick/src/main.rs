//! A hello-world Tauri v2 app: one window, one static page, one command. `scripts/bench`
//! measures it beside Adwright as the yardstick.

// Prevents an additional console window on Windows in release builds.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

/// The page calls this once it has painted its first frame; `scripts/bench` times the line.
#[tauri::command]
fn page_ready() {
    println!("yardstick: page ready");
}

fn main() {
    tauri::Builder::default()
        .invoke_handler(tauri::generate_handler![page_ready])
        .run(tauri::generate_context!())
        .expect("error while running the yardstick");
}
