//! The narrow command surface the UI calls. Commands stay thin: they wire state and the engine
//! crates together; rules live in the crates.

mod app;

pub use app::*;
