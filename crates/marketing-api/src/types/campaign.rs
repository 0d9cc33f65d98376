//! Campaign and ad set creation, always PAUSED unless asked otherwise (REFERENCE §3).

use serde::{Deserialize, Serialize};
use serde_json::Value;
use ts_rs::TS;

use super::enums::Status;
use crate::wire::Params;

/// `POST act_<id>/campaigns`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct CampaignCreate {
    pub name: String,
    /// OUTCOME_TRAFFIC, OUTCOME_SALES, …
    pub objective: String,
    pub status: Status,
    /// Required; empty when none applies.
    pub special_ad_categories: Vec<String>,
    pub is_adset_budget_sharing_enabled: Option<bool>,
}

impl CampaignCreate {
    pub fn paused(name: impl Into<String>, objective: impl Into<String>) -> Self {
        Self {
            name: name.into(),
            objective: objective.into(),
            status: Status::Paused,
            special_ad_categories: Vec::new(),
            is_adset_budget_sharing_enabled: Some(false),
        }
    }

    pub(crate) fn to_params(&self) -> Params {
        Params::new()
            .str("name", &self.name)
            .str("objective", &self.objective)
            .str("status", self.status.as_str())
            .value("special_ad_categories", &self.special_ad_categories)
            .value(
                "is_adset_budget_sharing_enabled",
                &self.is_adset_budget_sharing_enabled,
            )
    }
}

/// `POST act_<id>/adsets`. Budgets are in the account currency's minor units.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct AdSetCreate {
    pub name: String,
    pub campaign_id: String,
    #[ts(type = "number | null")]
    pub daily_budget: Option<u64>,
    #[ts(type = "number | null")]
    pub lifetime_budget: Option<u64>,
    pub billing_event: String,
    pub optimization_goal: String,
    pub bid_strategy: Option<String>,
    pub targeting: Value,
    /// Catalog ads: `{"product_set_id": "…"}`.
    pub promoted_object: Option<Value>,
    pub status: Status,
}

impl AdSetCreate {
    pub(crate) fn to_params(&self) -> Params {
        Params::new()
            .str("name", &self.name)
            .str("campaign_id", &self.campaign_id)
            .value("daily_budget", &self.daily_budget)
            .value("lifetime_budget", &self.lifetime_budget)
            .str("billing_event", &self.billing_event)
            .str("optimization_goal", &self.optimization_goal)
            .opt_str("bid_strategy", self.bid_strategy.clone())
            .value("targeting", &self.targeting)
            .value("promoted_object", &self.promoted_object)
            .str("status", self.status.as_str())
    }
}

/// An ad set as `GET act_<id>/adsets` lists it, for a picker.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct AdSetListed {
    pub id: String,
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub status: Option<Status>,
    #[serde(default)]
    pub campaign_id: Option<String>,
}
