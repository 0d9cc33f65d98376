//! The narrow command surface the UI calls. Commands stay thin: they wire state and the engine
//! crates together; rules live in the crates.

mod accounts;
mod app;
mod draft;
mod image;
mod publishing;

pub use accounts::*;
pub use app::*;
pub use draft::*;
pub use image::*;
pub use publishing::*;
