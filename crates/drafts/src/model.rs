//! The draft and the records kept around it. Every type here crosses IPC to the UI, so each one
//! derives `TS` and is exported to `ui/src/lib/bindings` by `cargo test`.
//!
//! Field names follow the Marketing API where one exists (`message` is the primary text, `name`
//! the headline, `template_data`, `product_set_id`), so the publish code maps them one to one.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// A draft as stored: identity, bookkeeping and the body the user edits.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Draft {
    /// UUID v4, made on this device so drafts can be created offline.
    pub id: String,
    /// The user's own label for the draft (not sent to Meta).
    pub title: String,
    /// Increases by one with every acknowledged save or rename.
    #[ts(type = "number")]
    pub revision: i64,
    /// Milliseconds since the Unix epoch.
    #[ts(type = "number")]
    pub created_at: i64,
    #[ts(type = "number")]
    pub updated_at: i64,
    /// Set while the draft is in the trash (soft delete, undoable).
    #[ts(type = "number | null")]
    pub deleted_at: Option<i64>,
    pub body: DraftBody,
}

/// What the user composes. Saved whole on every edit.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
#[ts(export)]
pub struct DraftBody {
    /// The ad account the creative (and ad) will be made in, `act_<digits>`. Empty until chosen.
    #[serde(default)]
    pub ad_account_id: String,
    pub content: AdContent,
    pub destination: Destination,
    /// Notes left by schema migrations for the user to read; the UI shows them as warnings and
    /// clears them (by saving the body without them) once the user has looked.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub notices: Vec<DraftNotice>,
}

/// The two kinds of ad the app drafts.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(tag = "kind", rename_all = "snake_case")]
#[ts(export)]
pub enum AdContent {
    Link(LinkAd),
    Catalog(CatalogAd),
}

impl AdContent {
    pub fn kind(&self) -> AdKind {
        match self {
            AdContent::Link(_) => AdKind::Link,
            AdContent::Catalog(_) => AdKind::Catalog,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum AdKind {
    Link,
    Catalog,
}

impl AdKind {
    pub fn as_str(self) -> &'static str {
        match self {
            AdKind::Link => "link",
            AdKind::Catalog => "catalog",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "link" => Some(AdKind::Link),
            "catalog" => Some(AdKind::Catalog),
            _ => None,
        }
    }
}

/// A single-image link ad (`object_story_spec.link_data`).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, TS)]
#[serde(default, deny_unknown_fields)]
#[ts(export)]
pub struct LinkAd {
    pub page_id: String,
    /// Destination URL.
    pub link: String,
    /// Primary text.
    pub message: String,
    /// Headline.
    pub name: String,
    pub description: String,
    pub call_to_action: CallToActionType,
    pub image: Option<ImageRef>,
    pub features: LinkFeatures,
}

/// Generative AI features a link ad can opt into (`creative_features_spec`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, TS)]
#[serde(default, deny_unknown_fields)]
#[ts(export)]
pub struct LinkFeatures {
    /// `text_generation`: Meta writes variations of the primary text.
    pub text_generation: bool,
    /// `image_uncrop`: Meta expands the image to fit more placements.
    pub image_uncrop: bool,
}

/// An Advantage+ catalog ad (`object_story_spec.template_data` + `product_set_id`).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, TS)]
#[serde(default, deny_unknown_fields)]
#[ts(export)]
pub struct CatalogAd {
    pub page_id: String,
    pub product_set_id: String,
    pub template_data: TemplateData,
    pub call_to_action: CallToActionType,
    pub features: CatalogFeatures,
}

/// Texts with `{{product.…}}` tags that Meta fills from the catalog at delivery time.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, TS)]
#[serde(default, deny_unknown_fields)]
#[ts(export)]
pub struct TemplateData {
    pub message: String,
    pub name: String,
    pub description: String,
    pub link: String,
}

impl TemplateData {
    pub fn has_text(&self) -> bool {
        [&self.message, &self.name, &self.description]
            .iter()
            .any(|s| !s.trim().is_empty())
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, TS)]
#[serde(default, deny_unknown_fields)]
#[ts(export)]
pub struct CatalogFeatures {
    /// `image_background_gen`: Meta generates backgrounds behind catalog product images.
    pub image_background_gen: bool,
}

/// Call-to-action button types (`call_to_action.type`), the ones useful to the app's users.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, TS)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
#[ts(export)]
pub enum CallToActionType {
    #[default]
    LearnMore,
    ShopNow,
    SignUp,
    Subscribe,
    ContactUs,
    BookNow,
    Download,
    GetOffer,
    GetQuote,
    ApplyNow,
    OrderNow,
    WatchMore,
    NoButton,
}

/// An image kept in the local image store, named by its MD5. Its dimensions (already turned by
/// EXIF orientation) and format travel with the draft so the rules can check them offline.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
#[ts(export)]
pub struct ImageRef {
    /// Lowercase hex MD5 of the file's bytes.
    pub md5: String,
    pub format: ImageFormat,
    /// Displayed width and height, after EXIF orientation.
    pub width: u32,
    pub height: u32,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum ImageFormat {
    Jpeg,
    Png,
    Gif,
    Webp,
    Other,
}

impl ImageFormat {
    pub fn extension(self) -> &'static str {
        match self {
            ImageFormat::Jpeg => "jpg",
            ImageFormat::Png => "png",
            ImageFormat::Gif => "gif",
            ImageFormat::Webp => "webp",
            ImageFormat::Other => "bin",
        }
    }
}

/// Where a published draft goes.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, TS)]
#[serde(tag = "type", rename_all = "snake_case")]
#[ts(export)]
pub enum Destination {
    /// Only the ad creative is made; the user places it later in Ads Manager.
    #[default]
    StandaloneCreative,
    /// An ad in an ad set the user picked from the account.
    ExistingAdSet { ad_set_id: String },
    /// An ad in a new campaign and ad set with minimal settings. Both are always created
    /// PAUSED: there is deliberately no status field, so nothing can start spending by accident.
    NewPausedCampaign {
        campaign_name: String,
        ad_set_name: String,
    },
}

/// Something a migration changed that the user should know about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum DraftNotice {
    /// The draft had opted into Meta's retired `standard_enhancements` bundle; the migration
    /// switched on the individual features of this ad kind in its place.
    EnhancementsBundleReplaced,
}

/// One row of the draft list: what the list screen needs, nothing more (no body JSON), so
/// listing 10,000 drafts stays fast.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct DraftSummary {
    pub id: String,
    pub title: String,
    pub kind: AdKind,
    /// Headline, or primary text when there is no headline; at most 100 characters.
    pub preview: String,
    /// MD5 of the draft's image, for its thumbnail.
    pub image_md5: Option<String>,
    #[ts(type = "number")]
    pub revision: i64,
    #[ts(type = "number")]
    pub updated_at: i64,
    #[ts(type = "number | null")]
    pub deleted_at: Option<i64>,
}

/// The answer to a save: once returned, the edit is on disk (committed with
/// `synchronous=FULL`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct SaveAck {
    #[ts(type = "number")]
    pub revision: i64,
    #[ts(type = "number")]
    pub saved_at: i64,
}

/// Review state of a published ad, as Meta's `effective_status` reports it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
#[ts(export)]
pub enum ReviewState {
    /// Sent; no status read back yet.
    Submitted,
    PendingReview,
    InProcess,
    Active,
    Paused,
    CampaignPaused,
    AdsetPaused,
    WithIssues,
    Disapproved,
    Preapproved,
    Archived,
    Deleted,
}

impl ReviewState {
    pub fn as_str(self) -> &'static str {
        match self {
            ReviewState::Submitted => "SUBMITTED",
            ReviewState::PendingReview => "PENDING_REVIEW",
            ReviewState::InProcess => "IN_PROCESS",
            ReviewState::Active => "ACTIVE",
            ReviewState::Paused => "PAUSED",
            ReviewState::CampaignPaused => "CAMPAIGN_PAUSED",
            ReviewState::AdsetPaused => "ADSET_PAUSED",
            ReviewState::WithIssues => "WITH_ISSUES",
            ReviewState::Disapproved => "DISAPPROVED",
            ReviewState::Preapproved => "PREAPPROVED",
            ReviewState::Archived => "ARCHIVED",
            ReviewState::Deleted => "DELETED",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        serde_json::from_value(serde_json::Value::String(s.to_owned())).ok()
    }
}

/// The ids Meta returned for one publish, or a later review-state reading of it. Records are
/// only ever appended (the table refuses UPDATE and DELETE), so a draft's history is never lost.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct PublishRecord {
    #[ts(type = "number")]
    pub id: i64,
    pub draft_id: String,
    /// The draft revision that was sent.
    #[ts(type = "number")]
    pub draft_revision: i64,
    pub ad_account_id: String,
    pub creative_id: Option<String>,
    pub ad_id: Option<String>,
    pub ad_set_id: Option<String>,
    pub campaign_id: Option<String>,
    pub review_state: ReviewState,
    /// Meta's reason, for `WITH_ISSUES` or `DISAPPROVED`.
    pub review_feedback: Option<String>,
    /// The outbox item that produced the record, if any.
    pub idempotency_key: Option<String>,
    #[ts(type = "number")]
    pub recorded_at: i64,
}

/// What the publisher reports back after Meta accepted a publish.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct PublishResult {
    pub creative_id: Option<String>,
    pub ad_id: Option<String>,
    pub ad_set_id: Option<String>,
    pub campaign_id: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum OutboxStatus {
    /// Waiting for the network.
    Queued,
    /// Claimed by the sender; its outcome is not known yet. After a crash, items left here must
    /// be reconciled with Meta before they are sent again (see `Store::outbox_in_flight`).
    Sending,
    Sent,
    /// Gave up: `last_error` says why. The user can requeue it.
    Failed,
    /// The user removed it from the queue before it was sent.
    Cancelled,
}

impl OutboxStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            OutboxStatus::Queued => "queued",
            OutboxStatus::Sending => "sending",
            OutboxStatus::Sent => "sent",
            OutboxStatus::Failed => "failed",
            OutboxStatus::Cancelled => "cancelled",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "queued" => Some(OutboxStatus::Queued),
            "sending" => Some(OutboxStatus::Sending),
            "sent" => Some(OutboxStatus::Sent),
            "failed" => Some(OutboxStatus::Failed),
            "cancelled" => Some(OutboxStatus::Cancelled),
            _ => None,
        }
    }
}

/// A publish waiting in (or done with) the outbox. `body` is the draft as it was when the user
/// pressed publish, so later edits do not change what goes out.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct OutboxItem {
    /// Made at enqueue; the sender puts it where Meta keeps it (e.g. the creative's name) so a
    /// send interrupted by a crash can be found again instead of sent twice.
    pub idempotency_key: String,
    pub draft_id: String,
    #[ts(type = "number")]
    pub draft_revision: i64,
    pub ad_account_id: String,
    pub body: DraftBody,
    pub status: OutboxStatus,
    pub attempts: u32,
    pub last_error: Option<String>,
    #[ts(type = "number")]
    pub enqueued_at: i64,
    #[ts(type = "number | null")]
    pub claimed_at: Option<i64>,
    #[ts(type = "number | null")]
    pub sent_at: Option<i64>,
}

/// An image copied into the store.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ImportedImage {
    pub image: ImageRef,
    /// Size of the file in bytes.
    #[ts(type = "number")]
    pub byte_len: u64,
    /// EXIF orientation (1–8) read from the file; 1 when absent.
    pub exif_orientation: u8,
    /// Path of the kept copy, relative to the image store root.
    pub relative_path: String,
}
