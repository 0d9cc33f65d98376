//! Adwright's drafts engine, free of Tauri: the draft model, the one validation rule set, SQLite
//! storage with migrations, the image store, publish history and the outbox.
//!
//! # Threading
//! Every [`Store`] and [`ImageStore`] call blocks (SQLite with `synchronous=FULL` waits for
//! fsync; thumbnails decode whole images). The app must call them off the UI thread, e.g.
//! `tauri::async_runtime::spawn_blocking`, with the `Store` behind a `Mutex`. [`validate`] is
//! pure and fast enough to run on every keystroke.

pub mod error;
mod history;
pub mod images;
pub mod model;
mod outbox;
pub mod reviews;
pub mod schema;
pub mod store;
pub mod validate;

pub use error::{DraftsError, Result};
pub use images::{ImageStore, THUMBNAIL_SIDE};
pub use model::*;
pub use reviews::StoredReview;
pub use store::Store;
pub use validate::{is_publishable, parse_body, validate, Issue, IssueCode, Severity};
