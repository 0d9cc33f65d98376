//! Publishing a draft to Meta, without Tauri.
//!
//! * [`spec`] — the creative spec a draft becomes (`object_story_spec`, opt-ins).
//! * [`run`] — the publish itself: image uploaded once per ad account, a PAUSED campaign and
//!   ad set when the draft asks for new ones, then the creative or the PAUSED ad, each create
//!   tagged so a retry after a lost reply finds the object instead of making a second one.
//! * [`start`] — what a review of the published object starts from, and the read-back.
//! * [`preview`] — placement previews of a draft before anything is created
//!   (`generatepreviews`).
//!
//! The app passes what it knows (the draft, the image bytes or the hash Meta gave before) and
//! records what comes back; this crate never touches the disk or a clock.

pub mod error;
pub mod preview;
pub mod run;
pub mod spec;
pub mod start;

pub use error::PublishError;
pub use run::{
    publish, ImageInput, Publication, PublishProgress, PublishStep, Published, UploadedImage,
};
pub use spec::creative_spec;
pub use start::{read_back, ReviewStart};
