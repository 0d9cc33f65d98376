//! Every Graph call Adwright makes, as data: method, path and parameters, typed by the
//! reply. A [`Call`] is sent with [`crate::Client::execute`], put in a batch, or built
//! into a `reqwest::Request` for inspection ([`crate::Client::build_request`]).
//!
//! Paths follow the Python SDK (REFERENCE §1.1): node reads and updates end with `/`,
//! edges do not.

use std::marker::PhantomData;

use base64::Engine as _;

use crate::secret::AccessToken;
use crate::types::account::{DebugToken, Page, User};
use crate::types::image::ImagesReply;
use crate::types::preview::RawAdPreview;
use crate::types::{
    Ad, AdAccount, AdCreate, AdCreative, AdFormat, AdSetCreate, CampaignCreate, Created,
    CreativeFeature, CreativeSpec, ImageUpload, Paged, Status, Success,
};
use crate::wire::{FilePart, Params};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Method {
    Get,
    Post,
    Delete,
}

impl Method {
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
            Method::Delete => "DELETE",
        }
    }
}

/// Where a call goes, relative to `/<version>/`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum GraphPath {
    /// A node (`<id>/`), read or updated.
    Node(String),
    /// An edge of a node (`<id>/<edge>`).
    Edge(String, String),
    /// A bare path such as `debug_token`, sent as is (the SDK's generic `api.call`).
    Plain(String),
    /// `/<version>/` itself (batch).
    Root,
}

impl GraphPath {
    /// The path after the version, without a leading slash (also a batch `relative_url`).
    pub fn relative(&self) -> String {
        match self {
            GraphPath::Node(id) => format!("{id}/"),
            GraphPath::Edge(id, edge) => format!("{id}/{edge}"),
            GraphPath::Plain(p) => p.clone(),
            GraphPath::Root => String::new(),
        }
    }
}

/// One Graph call whose reply deserializes as `T`.
#[derive(Debug)]
pub struct Call<T> {
    pub method: Method,
    pub path: GraphPath,
    pub params: Params,
    pub files: Vec<FilePart>,
    /// Paging cursor (`after`), appended last like the SDK's cursor does.
    pub after: Option<String>,
    /// May be resent unchanged after a failure: reads, and writes whose repetition is
    /// harmless (status updates, content-addressed image uploads).
    pub retry_safe: bool,
    _reply: PhantomData<fn() -> T>,
}

impl<T> Clone for Call<T> {
    fn clone(&self) -> Self {
        Self {
            method: self.method,
            path: self.path.clone(),
            params: self.params.clone(),
            files: self.files.clone(),
            after: self.after.clone(),
            retry_safe: self.retry_safe,
            _reply: PhantomData,
        }
    }
}

impl<T> Call<T> {
    pub fn new(method: Method, path: GraphPath, params: Params) -> Self {
        Self {
            method,
            path,
            params,
            files: Vec::new(),
            after: None,
            retry_safe: method == Method::Get,
            _reply: PhantomData,
        }
    }

    /// A write changes state on Graph and is never blindly retried.
    pub fn is_write(&self) -> bool {
        self.method != Method::Get
    }

    /// The SDK's `Cursor` adds `summary=true` to edge reads (REFERENCE §1.1).
    pub(crate) fn is_edge_read(&self) -> bool {
        self.method == Method::Get && matches!(self.path, GraphPath::Edge(..))
    }

    pub fn with_after(mut self, cursor: Option<String>) -> Self {
        self.after = cursor;
        self
    }
}

/// `act_<n>` whether given `<n>` or `act_<n>`.
pub fn account_node(account: &str) -> String {
    if account.starts_with("act_") {
        account.to_owned()
    } else {
        format!("act_{account}")
    }
}

fn edge<T>(method: Method, node: &str, edge: &str, params: Params) -> Call<T> {
    Call::new(
        method,
        GraphPath::Edge(node.to_owned(), edge.to_owned()),
        params,
    )
}

fn node_get<T>(id: &str, fields: &[&str]) -> Call<T> {
    Call::new(
        Method::Get,
        GraphPath::Node(id.to_owned()),
        Params::new().str("fields", fields.join(",")),
    )
}

pub fn me(fields: &[&str]) -> Call<User> {
    node_get("me", fields)
}

pub const AD_ACCOUNT_FIELDS: &[&str] = &["id", "account_id", "name", "account_status", "currency"];

pub fn ad_accounts(fields: &[&str], limit: Option<u32>) -> Call<Paged<AdAccount>> {
    let mut p = Params::new();
    if let Some(l) = limit {
        p = p.value("limit", &l);
    }
    edge(
        Method::Get,
        "me",
        "adaccounts",
        p.str("fields", fields.join(",")),
    )
}

pub fn pages() -> Call<Paged<Page>> {
    edge(
        Method::Get,
        "me",
        "accounts",
        Params::new().str("fields", "id,name,access_token,tasks"),
    )
}

#[derive(Debug, serde::Deserialize)]
pub struct DebugTokenReply {
    pub data: DebugToken,
}

pub fn debug_token(input: &AccessToken) -> Call<DebugTokenReply> {
    Call::new(
        Method::Get,
        GraphPath::Plain("debug_token".into()),
        Params::new().str("input_token", input.expose()),
    )
}

pub fn create_campaign(account: &str, c: &CampaignCreate) -> Call<Created> {
    edge(
        Method::Post,
        &account_node(account),
        "campaigns",
        c.to_params(),
    )
}

pub fn create_ad_set(account: &str, s: &AdSetCreate) -> Call<Created> {
    edge(
        Method::Post,
        &account_node(account),
        "adsets",
        s.to_params(),
    )
}

pub fn upload_image(account: &str, upload: &ImageUpload) -> Call<ImagesReply> {
    let node = account_node(account);
    match upload {
        ImageUpload::File { file_name, bytes } => {
            let mut call = edge(Method::Post, &node, "adimages", Params::new());
            call.files.push(FilePart {
                field: "filename".into(),
                file_name: file_name.clone(),
                bytes: bytes.clone(),
            });
            call
        }
        ImageUpload::Bytes(bytes) => edge(
            Method::Post,
            &node,
            "adimages",
            Params::new().str(
                "bytes",
                base64::engine::general_purpose::STANDARD.encode(bytes),
            ),
        ),
    }
}

pub fn create_ad_creative(account: &str, spec: &CreativeSpec) -> Call<Created> {
    edge(
        Method::Post,
        &account_node(account),
        "adcreatives",
        spec.to_params(),
    )
}

pub fn create_ad(account: &str, ad: &AdCreate) -> Call<Created> {
    edge(Method::Post, &account_node(account), "ads", ad.to_params())
}

pub fn update_status(object_id: &str, status: &Status) -> Call<Success> {
    Call::new(
        Method::Post,
        GraphPath::Node(object_id.to_owned()),
        Params::new().str("status", status.as_str()),
    )
}

/// The account's ad sets, for a picker.
pub fn ad_sets(account: &str) -> Call<Paged<crate::types::AdSetListed>> {
    edge(
        Method::Get,
        &account_node(account),
        "adsets",
        Params::new().str("fields", "id,name,status,campaign_id"),
    )
}

/// The business that owns an ad account (its catalogs are the business's).
pub fn ad_account_business(account: &str) -> Call<crate::types::AccountBusiness> {
    node_get(&account_node(account), &["business{id,name}"])
}

pub fn owned_product_catalogs(business_id: &str) -> Call<Paged<crate::types::NamedObject>> {
    edge(
        Method::Get,
        business_id,
        "owned_product_catalogs",
        Params::new().str("fields", "id,name"),
    )
}

pub fn product_sets(catalog_id: &str) -> Call<Paged<crate::types::NamedObject>> {
    edge(
        Method::Get,
        catalog_id,
        "product_sets",
        Params::new().str("fields", "id,name"),
    )
}

/// Where text generation writes its variants (REFERENCE §2).
pub fn read_creative(creative_id: &str, fields: &[&str]) -> Call<AdCreative> {
    node_get(creative_id, fields)
}

/// `fields` may use expansion, e.g. `creative{asset_feed_spec,status}`.
pub fn read_ad(ad_id: &str, fields: &[&str]) -> Call<Ad> {
    node_get(ad_id, fields)
}

fn preview_params(format: &AdFormat, feature: Option<&CreativeFeature>) -> Params {
    Params::new()
        .str("ad_format", format.as_str())
        .opt_str("creative_feature", feature.map(|f| f.as_str().to_owned()))
}

/// `GET <ad or creative id>/previews`.
pub fn previews(
    object_id: &str,
    format: &AdFormat,
    feature: Option<&CreativeFeature>,
) -> Call<Paged<RawAdPreview>> {
    edge(
        Method::Get,
        object_id,
        "previews",
        preview_params(format, feature),
    )
}

/// `GET act_<id>/generatepreviews`: previews of a creative that does not exist yet.
pub fn generate_previews(
    account: &str,
    creative: &CreativeSpec,
    format: &AdFormat,
    feature: Option<&CreativeFeature>,
) -> Call<Paged<RawAdPreview>> {
    edge(
        Method::Get,
        &account_node(account),
        "generatepreviews",
        preview_params(format, feature).value("creative", creative),
    )
}

/// Objects of an edge (`adcreatives`, `ads`) whose name contains `needle`.
pub fn find_by_name<T>(account: &str, edge_name: &str, needle: &str) -> Call<Paged<T>> {
    edge(
        Method::Get,
        &account_node(account),
        edge_name,
        Params::new().str("fields", "id,name").value(
            "filtering",
            &serde_json::json!([{"field": "name", "operator": "CONTAIN", "value": needle}]),
        ),
    )
}
