//! Helpers shared by the app's integration tests. Each test binary uses what it needs; the
//! rest would be reported unused per binary, hence the allow.
#![allow(dead_code)]

pub mod ipc;
pub mod recording_proxy;

/// Every file below `dir` (none when it does not exist), to search for a token.
pub fn files_under(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let path = entry.path();
        if path.is_dir() {
            out.extend(files_under(&path));
        } else {
            out.push(path);
        }
    }
    out
}
