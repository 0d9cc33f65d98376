//! Helpers shared by the app's integration tests.

pub mod recording_proxy;
