//! The publish: what is made on Meta, in order, for one draft.
//!
//! Everything is created PAUSED: the campaign and ad set Adwright makes, and the ad (Meta
//! starts an opted-in ad PAUSED anyway; Adwright asks for it explicitly so that an ad without
//! opt-ins does not run unreviewed either). Approval after the review sets them ACTIVE.
//!
//! Every create carries `tag` in its name. A first attempt creates directly; a `resume`
//! (the earlier attempt's outcome is unknown: a crash, a lost reply) looks each object up by
//! the tag first, so campaign, ad set, creative and ad are each made once.

use drafts::{AdContent, Destination, DraftBody, PublishResult};
use marketing_api::types::{
    AdCreate, AdSetCreate, CampaignCreate, CreativeRef, ImageUpload, Status,
};
use marketing_api::{Client, WriteTag};
use review::{MetaObjectKind, MetaObjectRef, ReviewSubject};
use serde::Serialize;
use serde_json::json;
use ts_rs::TS;

use crate::error::PublishError;
use crate::spec::creative_spec;

/// What to publish.
pub struct Publication<'a> {
    /// `act_<digits>`.
    pub account: &'a str,
    /// The draft's own name: the creative, ad (and new campaign) are called after it.
    pub title: &'a str,
    pub body: &'a DraftBody,
    /// The draft's image, for link ads.
    pub image: Option<ImageInput>,
    /// Unique to this publish and kept with it (the outbox item's key), at least 16 characters.
    pub tag: &'a str,
    /// An earlier attempt with this tag may have made some objects: look them up first.
    pub resume: bool,
}

/// The draft's image as the app has it.
pub struct ImageInput {
    pub md5: String,
    /// The hash Meta returned when this image was uploaded to this ad account before.
    pub known_hash: Option<String>,
    /// The file's bytes, needed only when there is no known hash.
    pub bytes: Option<Vec<u8>>,
    /// File name for the multipart upload (`<md5>.jpg`).
    pub file_name: String,
}

/// One step of a publish, in the order they run.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum PublishStep {
    UploadImage,
    CreateCampaign,
    CreateAdSet,
    CreateCreative,
    CreateAd,
}

impl PublishStep {
    pub fn label(self) -> &'static str {
        match self {
            PublishStep::UploadImage => "Uploading the image",
            PublishStep::CreateCampaign => "Creating the paused campaign",
            PublishStep::CreateAdSet => "Creating the paused ad set",
            PublishStep::CreateCreative => "Creating the creative",
            PublishStep::CreateAd => "Creating the paused ad",
        }
    }
}

/// Reported as each step starts.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct PublishProgress {
    pub step: PublishStep,
    /// 1-based position of `step` among `steps`.
    pub number: u32,
    pub steps: u32,
    pub label: String,
}

/// An image Meta now knows for the account: record it so the next publish skips the upload.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct UploadedImage {
    pub md5: String,
    pub hash: String,
}

/// What the publish made.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct Published {
    pub ids: PublishResult,
    pub uploaded_image: Option<UploadedImage>,
}

fn steps_for(body: &DraftBody, image: Option<&ImageInput>) -> Vec<PublishStep> {
    let mut steps = Vec::new();
    if image.is_some_and(|i| i.known_hash.is_none()) {
        steps.push(PublishStep::UploadImage);
    }
    match body.destination {
        Destination::StandaloneCreative => steps.push(PublishStep::CreateCreative),
        Destination::ExistingAdSet { .. } => steps.push(PublishStep::CreateAd),
        Destination::NewPausedCampaign { .. } => steps.extend([
            PublishStep::CreateCampaign,
            PublishStep::CreateAdSet,
            PublishStep::CreateAd,
        ]),
    }
    steps
}

/// Publishes `p` with `client`, reporting each step to `progress`.
pub async fn publish(
    client: &Client,
    p: &Publication<'_>,
    mut progress: impl FnMut(PublishProgress),
) -> Result<Published, PublishError> {
    let steps = steps_for(p.body, p.image.as_ref());
    let mut report = |step: PublishStep| {
        let number = steps.iter().position(|s| *s == step).map_or(0, |i| i + 1);
        progress(PublishProgress {
            step,
            number: number as u32,
            steps: steps.len() as u32,
            label: step.label().to_owned(),
        });
    };
    let meta = |step| move |source| PublishError::Meta { step, source };
    let tag = if p.resume {
        WriteTag::resume(p.tag)
    } else {
        WriteTag::new(p.tag)
    };

    // A link ad without an image is valid: Meta then shows the link's own preview image.
    let link_image = match p.body.content {
        AdContent::Link(_) => p.image.as_ref(),
        AdContent::Catalog(_) => None,
    };
    let mut uploaded_image = None;
    let image_hash = match link_image {
        None => None,
        Some(image) => match &image.known_hash {
            Some(hash) => Some(hash.clone()),
            None => {
                let bytes = image
                    .bytes
                    .clone()
                    .ok_or_else(|| PublishError::ImageMissing {
                        md5: image.md5.clone(),
                    })?;
                report(PublishStep::UploadImage);
                // Uploading is idempotent (same bytes, same hash), so no tag is needed.
                let uploaded = client
                    .upload_image(
                        p.account,
                        &ImageUpload::File {
                            file_name: image.file_name.clone(),
                            bytes,
                        },
                    )
                    .await
                    .map_err(meta(PublishStep::UploadImage))?;
                uploaded_image = Some(UploadedImage {
                    md5: image.md5.clone(),
                    hash: uploaded.hash.clone(),
                });
                Some(uploaded.hash)
            }
        },
    };

    let spec = creative_spec(p.body, p.title, image_hash.as_deref());
    let mut ids = PublishResult::default();
    let adset_id = match &p.body.destination {
        Destination::StandaloneCreative => {
            report(PublishStep::CreateCreative);
            let created = client
                .create_ad_creative(p.account, &spec, &tag)
                .await
                .map_err(meta(PublishStep::CreateCreative))?;
            ids.creative_id = Some(created.id);
            return Ok(Published {
                ids,
                uploaded_image,
            });
        }
        Destination::ExistingAdSet { ad_set_id } => ad_set_id.trim().to_owned(),
        Destination::NewPausedCampaign {
            campaign_name,
            ad_set_name,
        } => {
            report(PublishStep::CreateCampaign);
            let campaign = client
                .create_campaign(p.account, &new_campaign(p.body, campaign_name), &tag)
                .await
                .map_err(meta(PublishStep::CreateCampaign))?;
            report(PublishStep::CreateAdSet);
            let adset = client
                .create_ad_set(
                    p.account,
                    &new_ad_set(p.body, ad_set_name, &campaign.id),
                    &tag,
                )
                .await
                .map_err(meta(PublishStep::CreateAdSet))?;
            ids.campaign_id = Some(campaign.id);
            adset.id
        }
    };
    report(PublishStep::CreateAd);
    // The creative goes inline: that is how Meta documents opting in through `/ads`.
    let ad = client
        .create_ad(
            p.account,
            &AdCreate {
                name: p.title.to_owned(),
                adset_id: adset_id.clone(),
                creative: CreativeRef::Inline(Box::new(spec)),
                status: Some(Status::Paused),
            },
            &tag,
        )
        .await
        .map_err(meta(PublishStep::CreateAd))?;
    ids.ad_id = Some(ad.id);
    ids.ad_set_id = Some(adset_id);
    Ok(Published {
        ids,
        uploaded_image,
    })
}

/// A PAUSED campaign with minimal settings: traffic for link ads, sales for catalog ads
/// (Advantage+ catalog ads promote a product set; Meta's "About Advantage+ catalog ads").
fn new_campaign(body: &DraftBody, name: &str) -> CampaignCreate {
    let objective = match body.content {
        AdContent::Link(_) => "OUTCOME_TRAFFIC",
        AdContent::Catalog(_) => "OUTCOME_SALES",
    };
    CampaignCreate::paused(or_default(name, "Adwright campaign"), objective)
}

/// Daily budget of a new ad set, in the account currency's minor units (10.00). The ad set is
/// PAUSED and the user is told to check budget and audience in Ads Manager before it runs.
pub const NEW_AD_SET_DAILY_BUDGET: u64 = 1000;

fn new_ad_set(body: &DraftBody, name: &str, campaign_id: &str) -> AdSetCreate {
    let promoted_object = match &body.content {
        AdContent::Catalog(c) => Some(json!({ "product_set_id": c.product_set_id.trim() })),
        AdContent::Link(_) => None,
    };
    AdSetCreate {
        name: or_default(name, "Adwright ad set"),
        campaign_id: campaign_id.to_owned(),
        daily_budget: Some(NEW_AD_SET_DAILY_BUDGET),
        lifetime_budget: None,
        billing_event: "IMPRESSIONS".into(),
        optimization_goal: "LINK_CLICKS".into(),
        bid_strategy: Some("LOWEST_COST_WITHOUT_CAP".into()),
        // Broad: adults in the US, the SDK sample's audience; refined in Ads Manager.
        targeting: json!({"age_min": 18, "geo_locations": {"countries": ["US"]}}),
        promoted_object,
        status: Status::Paused,
    }
}

fn or_default(name: &str, default: &str) -> String {
    let name = name.trim();
    if name.is_empty() { default } else { name }.to_owned()
}

/// What a review of this publish is about: the ad (approval sets it ACTIVE) or the
/// standalone creative (approval marks it reviewed).
pub fn subject(ids: &PublishResult) -> Option<ReviewSubject> {
    match (&ids.ad_id, &ids.creative_id) {
        (Some(ad_id), creative_id) => Some(ReviewSubject::Ad {
            ad_id: ad_id.clone(),
            creative_id: creative_id.clone(),
            adset_id: ids.ad_set_id.clone(),
        }),
        (None, Some(creative_id)) => Some(ReviewSubject::StandaloneCreative {
            creative_id: creative_id.clone(),
        }),
        (None, None) => None,
    }
}

/// The campaign and ad set this publish made PAUSED (offered for activation on approval).
pub fn made_paused(body: &DraftBody, ids: &PublishResult) -> Vec<MetaObjectRef> {
    if !matches!(body.destination, Destination::NewPausedCampaign { .. }) {
        return Vec::new();
    }
    let mut out = Vec::new();
    if let Some(id) = &ids.campaign_id {
        out.push(MetaObjectRef::new(MetaObjectKind::Campaign, id.clone()));
    }
    if let Some(id) = &ids.ad_set_id {
        out.push(MetaObjectRef::new(MetaObjectKind::AdSet, id.clone()));
    }
    out
}
