//! What Adwright sends to and reads from Graph, as Rust types.
//!
//! Read types keep fields Meta adds later in an `extra` map (`#[serde(flatten)]`), and
//! every enum has an `Other(String)` fallback, so a reply never fails to parse because
//! Meta grew it.

pub mod account;
pub mod ad;
pub mod campaign;
pub mod catalog;
pub mod creative;
pub mod enums;
pub mod image;
pub mod paging;
pub mod preview;

pub use account::{AdAccount, DebugToken, GranularScope, Page, User};
pub use ad::{Ad, AdCreate, CreativeRef};
pub use campaign::{AdSetCreate, AdSetListed, CampaignCreate};
pub use catalog::{AccountBusiness, NamedObject, ProductSet};
pub use creative::{
    AdCreative, AssetFeedBody, AssetFeedSpec, CallToAction, CreativeFeaturesSpec, CreativeSpec,
    DegreesOfFreedomSpec, FeatureDetails, LinkData, ObjectStorySpec,
};
pub use enums::{
    AdFormat, CreativeFeature, CreativeStatus, EffectiveStatus, EnrollStatus, ImageStatus, Status,
};
pub use image::{AdImage, ImageUpload};
pub use paging::{Cursors, Paged, Paging};
pub use preview::{AdPreview, FeaturePreview, PreviewStatus, PreviewUrl};

/// `{"id": "..."}`, the reply to a create (REFERENCE §4).
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize, ts_rs::TS)]
#[ts(export)]
pub struct Created {
    pub id: String,
}

/// `{"success": true}`, the reply to an update (REFERENCE §4).
#[derive(Clone, Debug, PartialEq, Eq, serde::Deserialize)]
pub struct Success {
    #[serde(default)]
    pub success: bool,
}
