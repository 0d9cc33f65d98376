//! Product catalogs and their product sets, which Advantage+ catalog ads (and background
//! generation) promote. Catalogs belong to a business (`<business>/owned_product_catalogs`);
//! product sets to a catalog (`<catalog>/product_sets`). [spec Business.json, ProductCatalog.json]

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// A named Graph object (`{id, name}`), as listings return it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct NamedObject {
    pub id: String,
    #[serde(default)]
    pub name: Option<String>,
}

/// The ad account's owning business (`GET act_<id>?fields=business`).
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
pub struct AccountBusiness {
    #[serde(default)]
    pub business: Option<NamedObject>,
}

/// A product set with the catalog it belongs to, for a picker.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct ProductSet {
    pub id: String,
    pub name: String,
    pub catalog_id: String,
    pub catalog_name: String,
}
