//! Starting the review of a publish: read back what Meta stored and open a review session.
//! A review can start right after the publish or later (after a restart) from the publish
//! record and the body that was sent: both give the same [`ReviewStart`].

use drafts::{AdContent, DraftBody, PublishResult};
use marketing_api::types::CreativeFeature;
use marketing_api::Client;
use review::{MetaObjectRef, ReviewSession, ReviewSubject};

use review::optins::requested_in_draft;

use crate::run::{made_paused, subject};

/// Everything a review session needs besides Meta's read-back.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReviewStart {
    pub draft_id: String,
    pub subject: ReviewSubject,
    pub requested: Vec<CreativeFeature>,
    /// The primary text as sent (link ads), to tell Meta's generated texts from it.
    pub sent_message: Option<String>,
    pub made_paused: Vec<MetaObjectRef>,
}

impl ReviewStart {
    /// `None` when the publish made neither an ad nor a creative.
    pub fn new(draft_id: &str, body: &DraftBody, ids: &PublishResult) -> Option<Self> {
        let sent_message = match &body.content {
            AdContent::Link(ad) => Some(ad.message.trim().to_owned()).filter(|m| !m.is_empty()),
            AdContent::Catalog(_) => None,
        };
        Some(Self {
            draft_id: draft_id.to_owned(),
            subject: subject(ids)?,
            requested: requested_in_draft(body),
            sent_message,
            made_paused: made_paused(body, ids),
        })
    }

    /// The Meta object the review is about (the ad, or the standalone creative).
    pub fn object_id(&self) -> &str {
        match &self.subject {
            ReviewSubject::Ad { ad_id, .. } => ad_id,
            ReviewSubject::StandaloneCreative { creative_id } => creative_id,
        }
    }
}

/// Reads back the ad (for its creative's id) and the creative (only it carries the opt-ins and
/// the generated texts), and starts the review session.
pub async fn read_back(
    client: &Client,
    start: &ReviewStart,
    now_ms: i64,
) -> Result<ReviewSession, marketing_api::Error> {
    let mut subject = start.subject.clone();
    let creative_id = match &mut subject {
        ReviewSubject::StandaloneCreative { creative_id } => creative_id.clone(),
        ReviewSubject::Ad {
            ad_id,
            creative_id,
            adset_id,
        } => {
            let ad = client.ad_with_creative(ad_id).await?;
            if adset_id.is_none() {
                adset_id.clone_from(&ad.adset_id);
            }
            let id = ad
                .creative
                .map(|c| c.id)
                .or_else(|| creative_id.clone())
                .ok_or_else(|| {
                    marketing_api::Error::Decode(format!("ad {ad_id} came back without a creative"))
                })?;
            *creative_id = Some(id.clone());
            id
        }
    };
    let creative = client.creative(&creative_id).await?;
    Ok(ReviewSession::from_read_back(
        start.draft_id.clone(),
        subject,
        &start.requested,
        &creative,
        start.sent_message.as_deref(),
        start.made_paused.clone(),
        now_ms,
    ))
}
