//! Adwright's app shell: wires state, the keychain and the engine crates into Tauri commands.

pub fn run() {}
