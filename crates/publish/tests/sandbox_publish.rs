//! Publishing drafts to graph-sandbox through marketing-api: each destination, the image
//! uploaded once, everything PAUSED, no duplicates on a resumed publish, and the read-back
//! that starts the review.

use std::time::Duration;

use drafts::{
    AdContent, CallToActionType, CatalogAd, CatalogFeatures, Destination, DraftBody, LinkAd,
    LinkFeatures, TemplateData,
};
use graph_sandbox::{Fault, FaultKind, RunningSandbox, Sandbox, SandboxConfig};
use marketing_api::previews::PollOptions;
use marketing_api::retry::RetryPolicy;
use marketing_api::types::{CreativeFeature, Status};
use marketing_api::{AccessToken, Client, Config};
use publish::preview::preview_draft;
use publish::{publish, read_back, ImageInput, Publication, PublishStep, ReviewStart};
use review::{MetaObjectKind, PreviewState, ReviewSubject};

const MESSAGE: &str = "Fresh sourdough baked every morning here";

async fn env() -> (RunningSandbox, Client) {
    let sb = Sandbox::start(SandboxConfig::default()).await.unwrap();
    let mut cfg = Config::sandbox(&sb.base_url).unwrap();
    cfg.retry = RetryPolicy {
        max_attempts: 3,
        base_delay: Duration::from_millis(1),
        max_delay: Duration::from_millis(5),
    };
    let client = Client::new(cfg, AccessToken::new(sb.seed.access_token.clone())).unwrap();
    (sb, client)
}

/// A real PNG of `w`×`h` (the sandbox reads the pixels for its previews).
fn png(w: u32, h: u32) -> Vec<u8> {
    let img = image::RgbImage::from_fn(w, h, |x, y| {
        image::Rgb([(x % 256) as u8, (y % 256) as u8, 90])
    });
    let mut out = std::io::Cursor::new(Vec::new());
    img.write_to(&mut out, image::ImageFormat::Png).unwrap();
    out.into_inner()
}

fn md5_hex(bytes: &[u8]) -> String {
    use md5::Digest;
    md5::Md5::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

fn link_body(sb: &RunningSandbox, destination: Destination, features: LinkFeatures) -> DraftBody {
    DraftBody {
        ad_account_id: sb.seed.ad_account_id.clone(),
        content: AdContent::Link(LinkAd {
            page_id: sb.seed.page_id.clone(),
            link: "https://bakery.example/".into(),
            message: MESSAGE.into(),
            name: "Sourdough".into(),
            description: String::new(),
            call_to_action: CallToActionType::ShopNow,
            image: None,
            features,
        }),
        destination,
        notices: Vec::new(),
    }
}

fn tg_and_uncrop() -> LinkFeatures {
    LinkFeatures {
        text_generation: true,
        image_uncrop: true,
    }
}

fn fresh_image(bytes: &[u8]) -> ImageInput {
    let md5 = md5_hex(bytes);
    ImageInput {
        file_name: format!("{md5}.png"),
        md5,
        known_hash: None,
        bytes: Some(bytes.to_vec()),
    }
}

/// A first attempt (no look-up) of `body` in the seed's ad account.
fn first_attempt<'a>(
    sb: &'a RunningSandbox,
    title: &'a str,
    body: &'a DraftBody,
    image: Option<ImageInput>,
    tag: &'a str,
) -> Publication<'a> {
    Publication {
        account: &sb.seed.ad_account_id,
        title,
        body,
        image,
        tag,
        resume: false,
    }
}

fn counts(sb: &RunningSandbox) -> (usize, usize, usize, usize) {
    sb.with_world(|w| {
        (
            w.campaigns.len(),
            w.adsets.len(),
            w.creatives.len(),
            w.ads.len(),
        )
    })
}

#[tokio::test]
async fn a_standalone_creative_uploads_the_image_and_starts_a_review_of_what_meta_kept() {
    let (sb, client) = env().await;
    let bytes = png(600, 400);
    let body = link_body(&sb, Destination::StandaloneCreative, tg_and_uncrop());
    let mut steps = Vec::new();
    let published = publish(
        &client,
        &first_attempt(
            &sb,
            "Spring bread",
            &body,
            Some(fresh_image(&bytes)),
            "adw-0123456789abcdef",
        ),
        |p| steps.push((p.step, p.number, p.steps)),
    )
    .await
    .unwrap();
    assert_eq!(
        steps,
        vec![
            (PublishStep::UploadImage, 1, 2),
            (PublishStep::CreateCreative, 2, 2)
        ]
    );
    // Meta's hash of the bytes is recorded for reuse (the sandbox's is their MD5).
    let uploaded = published.uploaded_image.clone().unwrap();
    assert_eq!(uploaded.md5, md5_hex(&bytes));
    assert!(!uploaded.hash.is_empty());
    let creative_id = published.ids.creative_id.clone().unwrap();
    assert!(published.ids.ad_id.is_none());

    let start = ReviewStart::new("draft-1", &body, &published.ids).unwrap();
    assert_eq!(
        start.subject,
        ReviewSubject::StandaloneCreative {
            creative_id: creative_id.clone()
        }
    );
    let session = read_back(&client, &start, 1_000).await.unwrap();
    assert_eq!(
        session.opt_ins.applied(),
        vec![
            CreativeFeature::TextGeneration,
            CreativeFeature::ImageUncrop
        ]
    );
    let texts = session.texts.as_ref().unwrap();
    assert_eq!(texts.original, MESSAGE);
    assert_eq!(texts.variations.len(), 4);
    assert_eq!(session.previews.len(), 5, "five image-expansion placements");
    // The creative on Meta carries the tag in its name (found again after a crash).
    let name = sb.with_world(|w| w.creatives[&creative_id].name.clone());
    assert!(name.contains("adw-0123456789abcdef"), "{name}");
}

#[tokio::test]
async fn a_new_paused_campaign_ad_set_and_ad_are_all_paused_and_offered_for_activation() {
    let (sb, client) = env().await;
    let bytes = png(500, 500);
    let body = link_body(
        &sb,
        Destination::NewPausedCampaign {
            campaign_name: "Spring".into(),
            ad_set_name: "Spring – everyone".into(),
        },
        LinkFeatures {
            text_generation: true,
            image_uncrop: false,
        },
    );
    let published = publish(
        &client,
        &first_attempt(
            &sb,
            "Spring bread",
            &body,
            Some(fresh_image(&bytes)),
            "adw-00000000000000aa",
        ),
        |_| {},
    )
    .await
    .unwrap();
    let ids = &published.ids;
    let (campaign, adset, ad) = (
        ids.campaign_id.clone().unwrap(),
        ids.ad_set_id.clone().unwrap(),
        ids.ad_id.clone().unwrap(),
    );
    sb.with_world(|w| {
        assert_eq!(w.campaigns[&campaign].status, "PAUSED");
        assert_eq!(w.adsets[&adset].status, "PAUSED");
        assert_eq!(w.adsets[&adset].campaign_id, campaign);
        assert_eq!(w.ads[&ad].status, "PAUSED");
    });
    let start = ReviewStart::new("draft-2", &body, ids).unwrap();
    let kinds: Vec<_> = start.made_paused.iter().map(|o| o.kind).collect();
    assert_eq!(kinds, vec![MetaObjectKind::Campaign, MetaObjectKind::AdSet]);
    let session = read_back(&client, &start, 0).await.unwrap();
    let ReviewSubject::Ad { creative_id, .. } = &session.subject else {
        panic!("an ad is reviewed")
    };
    assert!(
        creative_id.is_some(),
        "the read-back finds the ad's creative"
    );
    assert_eq!(session.texts.as_ref().unwrap().variations.len(), 4);
    let ad = client.ad_with_creative(&ad).await.unwrap();
    assert_eq!(ad.status, Some(Status::Paused));
}

#[tokio::test]
async fn a_resumed_publish_finds_what_the_lost_attempt_made_instead_of_making_it_twice() {
    let (sb, client) = env().await;
    let bytes = png(500, 500);
    let body = link_body(
        &sb,
        Destination::NewPausedCampaign {
            campaign_name: "Spring".into(),
            ad_set_name: "Spring".into(),
        },
        tg_and_uncrop(),
    );
    let before = counts(&sb);
    // The ad is made, but its reply is lost (and the client's own lookup-and-retry too).
    sb.faults
        .inject(Fault::new("POST act/ads", FaultKind::DropAfterWrite));
    sb.faults
        .inject(Fault::new("GET act/ads", FaultKind::DropBeforeWrite));
    let publication = first_attempt(
        &sb,
        "Spring bread",
        &body,
        Some(fresh_image(&bytes)),
        "adw-00000000000000bb",
    );
    let lost = publish(&client, &publication, |_| {}).await.unwrap_err();
    assert!(matches!(
        lost,
        publish::PublishError::Meta {
            step: PublishStep::CreateAd,
            ..
        }
    ));
    sb.faults.clear();
    let after_lost = counts(&sb);
    assert_eq!(
        after_lost.3,
        before.3 + 1,
        "the lost attempt did make the ad"
    );

    // The app retries the outbox item with the same tag, looking up first.
    let resumed = publish(
        &client,
        &Publication {
            resume: true,
            ..publication
        },
        |_| {},
    )
    .await
    .unwrap();
    assert_eq!(counts(&sb), after_lost, "nothing made twice");
    let ad_id = resumed.ids.ad_id.unwrap();
    let name = sb.with_world(|w| w.ads[&ad_id].name.clone());
    assert!(name.contains("adw-00000000000000bb"));
}

#[tokio::test]
async fn a_known_image_hash_skips_the_upload_and_a_catalog_ad_goes_into_an_existing_ad_set() {
    let (sb, client) = env().await;
    let link = link_body(
        &sb,
        Destination::StandaloneCreative,
        LinkFeatures::default(),
    );
    let mut steps = Vec::new();
    publish(
        &client,
        &first_attempt(
            &sb,
            "Known image",
            &link,
            Some(ImageInput {
                md5: "unused".into(),
                known_hash: Some(sb.seed.square_image_hash.clone()),
                bytes: None,
                file_name: "x.png".into(),
            }),
            "adw-00000000000000cc",
        ),
        |p| steps.push(p.step),
    )
    .await
    .unwrap();
    assert_eq!(steps, vec![PublishStep::CreateCreative]);

    let catalog = DraftBody {
        ad_account_id: sb.seed.ad_account_id.clone(),
        content: AdContent::Catalog(CatalogAd {
            page_id: sb.seed.page_id.clone(),
            product_set_id: sb.seed.product_set_id.clone(),
            template_data: TemplateData {
                message: "Shop {{product.name | titleize}} today".into(),
                name: "{{product.name | titleize}}".into(),
                description: String::new(),
                link: "{{product.url}}".into(),
            },
            call_to_action: CallToActionType::ShopNow,
            features: CatalogFeatures {
                image_background_gen: true,
            },
        }),
        destination: Destination::ExistingAdSet {
            ad_set_id: sb.seed.adset_id.clone(),
        },
        notices: Vec::new(),
    };
    let published = publish(
        &client,
        &first_attempt(&sb, "Catalog", &catalog, None, "adw-00000000000000dd"),
        |_| {},
    )
    .await
    .unwrap();
    assert_eq!(
        published.ids.ad_set_id.as_deref(),
        Some(sb.seed.adset_id.as_str())
    );
    let start = ReviewStart::new("draft-3", &catalog, &published.ids).unwrap();
    assert!(
        start.made_paused.is_empty(),
        "the ad set was not made by Adwright"
    );
    let session = read_back(&client, &start, 0).await.unwrap();
    assert_eq!(
        session.opt_ins.applied(),
        vec![CreativeFeature::ImageBackgroundGen]
    );
    assert_eq!(session.previews.len(), 1);
}

#[tokio::test]
async fn a_link_ad_without_its_image_is_refused_before_anything_is_sent() {
    let (sb, client) = env().await;
    let body = link_body(&sb, Destination::StandaloneCreative, tg_and_uncrop());
    let before = counts(&sb);
    let missing = publish(
        &client,
        &first_attempt(
            &sb,
            "x",
            &body,
            Some(ImageInput {
                md5: "abc".into(),
                known_hash: None,
                bytes: None,
                file_name: "abc.png".into(),
            }),
            "adw-00000000000000ee",
        ),
        |_| {},
    )
    .await
    .unwrap_err();
    assert!(matches!(
        missing,
        publish::PublishError::ImageMissing { .. }
    ));
    assert_eq!(counts(&sb), before);
}

#[tokio::test]
async fn a_draft_is_previewed_before_anything_is_created() {
    let (sb, client) = env().await;
    let body = link_body(&sb, Destination::StandaloneCreative, tg_and_uncrop());
    let before = counts(&sb);
    let options = PollOptions {
        deadline: Duration::from_secs(20),
        backoff: RetryPolicy {
            max_attempts: u32::MAX,
            base_delay: Duration::from_millis(1),
            max_delay: Duration::from_millis(2),
        },
    };
    let results = preview_draft(
        &client,
        &sb.seed.ad_account_id,
        "Spring",
        &body,
        Some(&sb.seed.square_image_hash),
        &options,
        1_000,
    )
    .await;
    assert_eq!(results.len(), 5);
    for r in &results {
        assert_eq!(r.key.feature, CreativeFeature::ImageUncrop);
        assert_eq!(r.state, PreviewState::Eligible, "{r:?}");
        assert!(r.url.is_some());
        assert_eq!(r.fetched_at_ms, Some(1_000));
    }
    assert_eq!(counts(&sb), before, "a preview creates nothing");
}
