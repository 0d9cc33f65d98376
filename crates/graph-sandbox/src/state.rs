//! The sandbox's world: every object a request can read or change. Serializable so it can be
//! saved to a state file; tokens are kept only as SHA-256 hashes, in memory and on disk.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use sha2::{Digest, Sha256};

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct App {
    pub id: String,
    pub name: String,
    pub secret: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct User {
    pub id: String,
    pub name: String,
}

/// Why a token no longer works (Graph error 190 subcodes, REFERENCE §5).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TokenState {
    Valid,
    /// 463
    Expired,
    /// 460
    PasswordChanged,
    /// 467
    Invalidated,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct TokenRecord {
    pub user_id: String,
    pub app_id: String,
    pub scopes: Vec<String>,
    pub state: TokenState,
    pub issued_at: u64,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Business {
    pub id: String,
    pub name: String,
    pub user_ids: Vec<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct AdAccount {
    /// Numeric id; Graph's `id` field is `act_<account_id>`.
    pub account_id: String,
    pub name: String,
    pub currency: String,
    pub timezone_name: String,
    pub account_status: u32,
    pub business_id: String,
    pub user_ids: Vec<String>,
    /// Whether generative creative features are offered to this account (see README).
    pub genai_eligible: bool,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Page {
    pub id: String,
    pub name: String,
    pub category: String,
    pub user_ids: Vec<String>,
    pub tasks: Vec<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Campaign {
    pub id: String,
    pub account_id: String,
    pub name: String,
    pub objective: String,
    pub status: String,
    pub special_ad_categories: Vec<String>,
    pub daily_budget: Option<String>,
    pub created_time: String,
    pub updated_time: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct AdSet {
    pub id: String,
    pub account_id: String,
    pub campaign_id: String,
    pub name: String,
    pub status: String,
    pub daily_budget: Option<String>,
    pub lifetime_budget: Option<String>,
    pub billing_event: String,
    pub optimization_goal: String,
    pub bid_strategy: Option<String>,
    pub bid_amount: Option<String>,
    pub targeting: Value,
    pub promoted_object: Option<Value>,
    pub created_time: String,
    pub updated_time: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Creative {
    pub id: String,
    pub account_id: String,
    pub name: String,
    pub status: String,
    pub object_story_spec: Option<Value>,
    /// The spec as stored after eligibility: features the creative was not eligible for have
    /// been turned to OPT_OUT (Meta drops such opt-ins silently).
    pub degrees_of_freedom_spec: Option<Value>,
    pub asset_feed_spec: Option<Value>,
    pub product_set_id: Option<String>,
    pub created_time: String,
}

impl Creative {
    /// `enroll_status` of a creative feature after eligibility, if the creative names it.
    pub fn feature_status(&self, feature: &str) -> Option<&str> {
        feature_status(self.degrees_of_freedom_spec.as_ref(), feature)
    }
}

pub fn feature_status<'a>(dof: Option<&'a Value>, feature: &str) -> Option<&'a str> {
    dof?.get("creative_features_spec")?
        .get(feature)?
        .get("enroll_status")?
        .as_str()
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Ad {
    pub id: String,
    pub account_id: String,
    pub adset_id: String,
    pub campaign_id: String,
    pub creative_id: String,
    pub name: String,
    pub status: String,
    pub created_time: String,
    pub updated_time: String,
}

/// Pixels stored once per content hash (ad images, product images, rendered previews).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Blob {
    #[serde(with = "base64_bytes")]
    pub bytes: Vec<u8>,
    pub width: u32,
    pub height: u32,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct AdImage {
    pub account_id: String,
    pub hash: String,
    pub name: String,
    pub created_time: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Catalog {
    pub id: String,
    pub name: String,
    pub business_id: String,
    /// Ad accounts allowed to advertise this catalog.
    pub account_ids: Vec<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ProductSet {
    pub id: String,
    pub catalog_id: String,
    pub name: String,
    pub product_ids: Vec<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Product {
    pub id: String,
    pub catalog_id: String,
    pub retailer_id: String,
    pub name: String,
    pub description: String,
    /// Minor units (cents).
    pub price_cents: u64,
    pub currency: String,
    pub url: String,
    pub image_hash: String,
}

/// What an iframe handed out by a previews edge shows.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct PreviewRecord {
    pub account_id: String,
    pub creative: Value,
    pub ad_format: String,
    pub variant: PreviewVariant,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PreviewVariant {
    /// The creative as submitted.
    Original,
    /// `image_uncrop`: the image expanded to the placement's ratio.
    Expanded,
    /// `image_background_gen`: products cut out onto generated backgrounds.
    GeneratedBackground,
}

/// Which kind of object an id names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NodeKind {
    User,
    App,
    Business,
    AdAccount,
    Page,
    Campaign,
    AdSet,
    Creative,
    Ad,
    Catalog,
    ProductSet,
    Product,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct World {
    pub next_id: u64,
    pub apps: BTreeMap<String, App>,
    pub users: BTreeMap<String, User>,
    /// Keyed by the SHA-256 hex of the token.
    pub tokens: BTreeMap<String, TokenRecord>,
    pub businesses: BTreeMap<String, Business>,
    /// Keyed by numeric account id.
    pub ad_accounts: BTreeMap<String, AdAccount>,
    pub pages: BTreeMap<String, Page>,
    pub campaigns: BTreeMap<String, Campaign>,
    pub adsets: BTreeMap<String, AdSet>,
    pub creatives: BTreeMap<String, Creative>,
    pub ads: BTreeMap<String, Ad>,
    /// Keyed by `<account_id>:<hash>`, as Graph's AdImage id.
    pub images: BTreeMap<String, AdImage>,
    pub blobs: BTreeMap<String, Blob>,
    pub catalogs: BTreeMap<String, Catalog>,
    pub product_sets: BTreeMap<String, ProductSet>,
    pub products: BTreeMap<String, Product>,
    /// Preview polls per (creative or inline spec, feature, ad_format): pending → eligible.
    pub preview_polls: BTreeMap<String, u32>,
    pub previews: BTreeMap<String, PreviewRecord>,
}

pub fn token_hash(token: &str) -> String {
    hex(&Sha256::digest(token.as_bytes()))
}

pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

impl World {
    /// Meta-looking numeric ids (15 digits), unique across all object kinds.
    pub fn new_id(&mut self) -> String {
        self.next_id += 1;
        format!("{}", 120_210_000_000_000u64 + self.next_id)
    }

    pub fn node_kind(&self, id: &str) -> Option<NodeKind> {
        if let Some(account) = id.strip_prefix("act_") {
            return self
                .ad_accounts
                .contains_key(account)
                .then_some(NodeKind::AdAccount);
        }
        let kinds = [
            (self.users.contains_key(id), NodeKind::User),
            (self.apps.contains_key(id), NodeKind::App),
            (self.businesses.contains_key(id), NodeKind::Business),
            (self.pages.contains_key(id), NodeKind::Page),
            (self.campaigns.contains_key(id), NodeKind::Campaign),
            (self.adsets.contains_key(id), NodeKind::AdSet),
            (self.creatives.contains_key(id), NodeKind::Creative),
            (self.ads.contains_key(id), NodeKind::Ad),
            (self.catalogs.contains_key(id), NodeKind::Catalog),
            (self.product_sets.contains_key(id), NodeKind::ProductSet),
            (self.products.contains_key(id), NodeKind::Product),
        ];
        kinds
            .into_iter()
            .find(|(present, _)| *present)
            .map(|(_, kind)| kind)
    }

    /// The ad account an object belongs to, for access checks and usage accounting.
    pub fn owning_account(&self, id: &str) -> Option<String> {
        if let Some(account) = id.strip_prefix("act_") {
            return Some(account.to_string());
        }
        self.campaigns
            .get(id)
            .map(|c| c.account_id.clone())
            .or_else(|| self.adsets.get(id).map(|a| a.account_id.clone()))
            .or_else(|| self.creatives.get(id).map(|c| c.account_id.clone()))
            .or_else(|| self.ads.get(id).map(|a| a.account_id.clone()))
    }

    pub fn user_can_use_account(&self, user_id: &str, account_id: &str) -> bool {
        self.ad_accounts
            .get(account_id)
            .is_some_and(|a| a.user_ids.iter().any(|u| u == user_id))
    }

    pub fn user_can_see(&self, user_id: &str, id: &str) -> bool {
        match self.node_kind(id) {
            None => false,
            Some(NodeKind::User) => id == user_id,
            Some(NodeKind::App) => true,
            Some(NodeKind::Business) => self.businesses[id].user_ids.iter().any(|u| u == user_id),
            Some(NodeKind::Page) => self.pages[id].user_ids.iter().any(|u| u == user_id),
            Some(NodeKind::Catalog) => self.catalog_visible(user_id, id),
            Some(NodeKind::ProductSet) => {
                self.catalog_visible(user_id, &self.product_sets[id].catalog_id)
            }
            Some(NodeKind::Product) => self.catalog_visible(user_id, &self.products[id].catalog_id),
            Some(_) => self
                .owning_account(id)
                .is_some_and(|a| self.user_can_use_account(user_id, &a)),
        }
    }

    fn catalog_visible(&self, user_id: &str, catalog_id: &str) -> bool {
        self.catalogs.get(catalog_id).is_some_and(|c| {
            self.businesses
                .get(&c.business_id)
                .is_some_and(|b| b.user_ids.iter().any(|u| u == user_id))
        })
    }

    /// Whether `account_id` may advertise products of this product set.
    pub fn product_set_usable_by(&self, product_set_id: &str, account_id: &str) -> bool {
        self.product_sets
            .get(product_set_id)
            .and_then(|set| self.catalogs.get(&set.catalog_id))
            .is_some_and(|c| c.account_ids.iter().any(|a| a == account_id))
    }

    pub fn image(&self, account_id: &str, hash: &str) -> Option<&AdImage> {
        self.images.get(&format!("{account_id}:{hash}"))
    }

    pub fn put_blob(&mut self, hash: &str, bytes: Vec<u8>, width: u32, height: u32) {
        self.blobs.entry(hash.to_string()).or_insert(Blob {
            bytes,
            width,
            height,
        });
    }
}

/// `created_time` style timestamps: `2026-12-01T10:00:00+0000`.
pub fn graph_time(unix_seconds: u64) -> String {
    let days = (unix_seconds / 86_400) as i64;
    let secs = unix_seconds % 86_400;
    let (y, m, d) = civil_from_days(days);
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}+0000",
        secs / 3600,
        (secs % 3600) / 60,
        secs % 60
    )
}

pub fn now_unix() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0)
}

pub fn now_graph_time() -> String {
    graph_time(now_unix())
}

// Howard Hinnant's days-to-civil algorithm (public domain), to avoid a date crate.
fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

/// A JSON object from `(key, value)` pairs, skipping `None`s (Graph omits unset fields).
pub fn object(pairs: Vec<(&str, Option<Value>)>) -> Map<String, Value> {
    pairs
        .into_iter()
        .filter_map(|(k, v)| v.map(|v| (k.to_string(), v)))
        .collect()
}

mod base64_bytes {
    use base64::Engine;
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(bytes: &[u8], s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&base64::engine::general_purpose::STANDARD.encode(bytes))
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<u8>, D::Error> {
        let text = String::deserialize(d)?;
        base64::engine::general_purpose::STANDARD
            .decode(text)
            .map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn graph_time_formats_utc() {
        assert_eq!(graph_time(0), "1970-01-01T00:00:00+0000");
        assert_eq!(graph_time(1_767_225_600), "2026-01-01T00:00:00+0000");
    }
}
