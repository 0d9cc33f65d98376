//! A hello-world Tauri v2 app: one window, one static page, one command. `scripts/bench`
//! measures it beside Adwright as the yardstick.

// Prevents an additional console window on Windows in release builds.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

/// The page calls this once it has painted its first frame, with its marks (milliseconds since
/// navigation start); `scripts/bench` times the line, as it does Adwright's.
#[tauri::command]
fn page_ready(marks: std::collections::BTreeMap<String, f64>) {
    let marks: Vec<String> = marks
        .iter()
        .map(|(name, ms)| format!("{name}={ms:.0}"))
        .collect();
    println!("yardstick: page ready {}", marks.join(" "));
}

fn main() {
    tauri::Builder::default()
        .invoke_handler(tauri::generate_handler![page_ready])
        .run(tauri::generate_context!())
        .expect("error while running the yardstick");
}
