//! Ads (REFERENCE §3 "Ad").

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::Value;
use ts_rs::TS;

use super::creative::{AdCreative, CreativeSpec};
use super::enums::{EffectiveStatus, Status};
use crate::wire::Params;

/// An ad as read back.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Ad {
    pub id: String,
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub adset_id: Option<String>,
    #[serde(default)]
    pub campaign_id: Option<String>,
    #[serde(default)]
    pub status: Option<Status>,
    #[serde(default)]
    pub configured_status: Option<Status>,
    #[serde(default)]
    pub effective_status: Option<EffectiveStatus>,
    #[serde(default)]
    pub creative: Option<AdCreative>,
    #[serde(flatten)]
    #[ts(skip)]
    pub extra: BTreeMap<String, Value>,
}

/// The `creative` param of `POST act_<id>/ads`: an existing creative or one made inline
/// (which is how text generation is opted into through `/ads`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, TS)]
#[serde(untagged)]
#[ts(export)]
pub enum CreativeRef {
    Existing { creative_id: String },
    Inline(Box<CreativeSpec>),
}

/// `POST act_<id>/ads`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct AdCreate {
    pub name: String,
    pub adset_id: String,
    pub creative: CreativeRef,
    /// Left out, an ad opted in to GenAI through `/ads` starts PAUSED (REFERENCE §2).
    pub status: Option<Status>,
}

impl AdCreate {
    pub(crate) fn to_params(&self) -> Params {
        Params::new()
            .str("name", &self.name)
            .str("adset_id", &self.adset_id)
            .value("creative", &self.creative)
            .opt_str("status", self.status.as_ref().map(Status::to_string))
    }
}
