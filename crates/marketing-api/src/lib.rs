//! Adwright's typed Graph / Marketing API client: the only code in Adwright that speaks
//! HTTP to Meta.
//!
//! * [`Client`] sends [`calls::Call`]s built exactly like the official Python SDK 26.0.3
//!   (REFERENCE §1.1), with timeouts, usage-header throttling and read retries.
//! * [`writes`] creates creatives, ads, campaigns and ad sets without ever duplicating
//!   them: after an ambiguous failure the object is looked up by a tag in its name.
//! * [`previews`] fetches many previews at once and re-polls pending ones.
//! * [`batch`] packs many small reads into one request (REFERENCE §7).
//! * Secrets ([`AccessToken`], [`AppSecret`]) cannot be printed or serialized.

pub mod batch;
pub mod calls;
pub mod client;
pub mod config;
pub mod error;
pub mod previews;
pub mod retry;
pub mod secret;
pub mod types;
pub mod usage;
pub mod wire;
pub mod writes;

pub use client::Client;
pub use config::{Config, DEFAULT_API_VERSION};
pub use error::{Error, ErrorKind, GraphError, UiError};
pub use secret::{AccessToken, AppSecret};
pub use usage::Usage;
pub use writes::WriteTag;
