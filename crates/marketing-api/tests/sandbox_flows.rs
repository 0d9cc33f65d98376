//! The flows of Meta's GenAI page, each error class and each fault, against
//! graph-sandbox (a separate implementation of Graph's rules; it shares no code with this
//! crate).

use std::sync::{Arc, Mutex};
use std::time::Duration;

use graph_sandbox::{Fault, FaultKind, RateLimits, RunningSandbox, Sandbox, SandboxConfig};
use marketing_api::batch::BatchItem;
use marketing_api::calls;
use marketing_api::previews::{PollOptions, PreviewRequest, PreviewTarget};
use marketing_api::retry::RetryPolicy;
use marketing_api::types::{
    AdCreate, AdCreative, AdFormat, CallToAction, CreativeFeature, CreativeRef, CreativeSpec,
    DegreesOfFreedomSpec, EnrollStatus, LinkData, ObjectStorySpec, PreviewStatus, Status, User,
};
use marketing_api::{AccessToken, AppSecret, Client, Config, Error, ErrorKind, WriteTag};

struct Env {
    sb: RunningSandbox,
    client: Client,
}

fn config(sb: &RunningSandbox) -> Config {
    let mut c = Config::sandbox(&sb.base_url).unwrap();
    c.retry = RetryPolicy {
        max_attempts: 3,
        base_delay: Duration::from_millis(1),
        max_delay: Duration::from_millis(5),
    };
    c.max_rate_limit_wait = Duration::from_secs(1);
    c
}

async fn env_with(cfg: SandboxConfig) -> Env {
    let sb = Sandbox::start(cfg).await.unwrap();
    let client = Client::new(config(&sb), AccessToken::new(sb.seed.access_token.clone())).unwrap();
    Env { sb, client }
}

async fn env() -> Env {
    env_with(SandboxConfig::default()).await
}

fn fast_polls() -> PollOptions {
    PollOptions {
        deadline: Duration::from_secs(30),
        backoff: RetryPolicy {
            max_attempts: u32::MAX,
            base_delay: Duration::from_millis(1),
            max_delay: Duration::from_millis(2),
        },
    }
}

impl Env {
    fn act(&self) -> &str {
        &self.sb.seed.ad_account_id
    }

    fn link_creative(
        &self,
        message: &str,
        hash: &str,
        features: &[CreativeFeature],
    ) -> CreativeSpec {
        CreativeSpec {
            name: Some("Sourdough".into()),
            object_story_spec: Some(ObjectStorySpec {
                page_id: Some(self.sb.seed.page_id.clone()),
                link_data: Some(LinkData {
                    message: Some(message.into()),
                    link: Some("https://shop.example/".into()),
                    image_hash: Some(hash.into()),
                    call_to_action: Some(CallToAction {
                        kind: "SHOP_NOW".into(),
                        value: None,
                    }),
                    ..LinkData::default()
                }),
                ..ObjectStorySpec::default()
            }),
            degrees_of_freedom_spec: Some(DegreesOfFreedomSpec::opt_in(features)),
            ..CreativeSpec::default()
        }
    }

    fn catalog_creative(&self, product_set: &str) -> CreativeSpec {
        CreativeSpec {
            name: Some("Catalog".into()),
            product_set_id: Some(product_set.into()),
            object_story_spec: Some(ObjectStorySpec {
                page_id: Some(self.sb.seed.page_id.clone()),
                template_data: Some(LinkData {
                    message: Some("Shop {{product.name | titleize}} now".into()),
                    name: Some("{{product.name | titleize}}".into()),
                    description: Some("{{product.price}}".into()),
                    link: Some("https://shop.example/".into()),
                    call_to_action: Some(CallToAction {
                        kind: "SHOP_NOW".into(),
                        value: None,
                    }),
                    ..LinkData::default()
                }),
                ..ObjectStorySpec::default()
            }),
            degrees_of_freedom_spec: Some(DegreesOfFreedomSpec::opt_in(&[
                CreativeFeature::ImageBackgroundGen,
            ])),
            ..CreativeSpec::default()
        }
    }

    fn ad(&self, creative: CreativeRef) -> AdCreate {
        AdCreate {
            name: "Sourdough ad".into(),
            adset_id: self.sb.seed.adset_id.clone(),
            creative,
            status: None,
        }
    }

    fn creatives_named(&self, needle: &str) -> usize {
        self.sb.with_world(|w| {
            w.creatives
                .values()
                .filter(|c| c.name.contains(needle))
                .count()
        })
    }

    fn ads_named(&self, needle: &str) -> usize {
        self.sb
            .with_world(|w| w.ads.values().filter(|a| a.name.contains(needle)).count())
    }
}

const TEXT: &str = "Fresh sourdough baked every morning here";

// ---- text generation ------------------------------------------------------------------

#[tokio::test]
async fn text_generation_through_adcreatives() {
    let e = env().await;
    let spec = e.link_creative(
        TEXT,
        &e.sb.seed.square_image_hash,
        &[CreativeFeature::TextGeneration],
    );
    let tag = WriteTag::generate();
    let created = e
        .client
        .create_ad_creative(e.act(), &spec, &tag)
        .await
        .unwrap();

    let creative = e.client.creative(&created.id).await.unwrap();
    let feed = creative.asset_feed_spec.unwrap();
    assert_eq!(feed.bodies[0].text, TEXT, "first body is the original");
    assert_eq!(feed.generated_texts().len(), 4);
    assert_eq!(
        feed.optimization_type.as_deref(),
        Some("DEGREES_OF_FREEDOM")
    );
    let dof = creative.degrees_of_freedom_spec.unwrap();
    assert!(dof
        .creative_features_spec
        .unwrap()
        .text_generation()
        .unwrap()
        .is_opted_in());

    // The first ad using an opted-in creative starts PAUSED until the user activates it.
    let ad = e
        .client
        .create_ad(
            e.act(),
            &e.ad(CreativeRef::Existing {
                creative_id: created.id.clone(),
            }),
            &WriteTag::generate(),
        )
        .await
        .unwrap();
    let read = e.client.ad_with_creative(&ad.id).await.unwrap();
    assert_eq!(read.status, Some(Status::Paused));
    e.client.set_status(&ad.id, &Status::Active).await.unwrap();
    let read = e.client.ad_with_creative(&ad.id).await.unwrap();
    assert_eq!(read.status, Some(Status::Active));
}

#[tokio::test]
async fn text_generation_through_ads() {
    let e = env().await;
    let spec = CreativeSpec {
        name: None,
        ..e.link_creative(
            TEXT,
            &e.sb.seed.square_image_hash,
            &[CreativeFeature::TextGeneration],
        )
    };
    let mut ad = e.ad(CreativeRef::Inline(Box::new(spec)));
    ad.status = Some(Status::Active); // ignored by Graph for opt-in ads: they start PAUSED
    let created = e
        .client
        .create_ad(e.act(), &ad, &WriteTag::generate())
        .await
        .unwrap();
    let read = e.client.ad_with_creative(&created.id).await.unwrap();
    assert_eq!(read.status, Some(Status::Paused));
    let feed = read.creative.unwrap().asset_feed_spec.unwrap();
    assert_eq!(feed.bodies.len(), 5);
    assert_eq!(feed.bodies[0].text, TEXT);
}

// ---- image expansion --------------------------------------------------------------------

#[tokio::test]
async fn image_expansion_previews_through_previews_poll_until_eligible() {
    let e = env().await;
    let spec = e.link_creative(
        TEXT,
        &e.sb.seed.square_image_hash,
        &[CreativeFeature::ImageUncrop],
    );
    let creative = e
        .client
        .create_ad_creative(e.act(), &spec, &WriteTag::generate())
        .await
        .unwrap();
    let ad = e
        .client
        .create_ad(
            e.act(),
            &e.ad(CreativeRef::Existing {
                creative_id: creative.id,
            }),
            &WriteTag::generate(),
        )
        .await
        .unwrap();
    let progress = Arc::new(Mutex::new(Vec::new()));
    let p = progress.clone();
    let results = e
        .client
        .fetch_previews(
            &PreviewRequest::image_uncrop_for_ad(&ad.id),
            &fast_polls(),
            move |x| p.lock().unwrap().push(x),
        )
        .await;
    assert_eq!(results.len(), 5);
    for r in &results {
        assert_eq!(r.status, Some(PreviewStatus::Eligible), "{r:?}");
        // Pending for the sandbox's default 2 polls, then eligible.
        assert_eq!(r.polls, 3, "{r:?}");
        let url = r.url.as_ref().unwrap();
        assert!(url.as_str().starts_with(&e.sb.base_url), "{}", url.as_str());
    }
    let progress = progress.lock().unwrap();
    assert_eq!(progress.len(), 15);
    assert!(progress
        .iter()
        .any(|p| !p.finished && p.result.status == Some(PreviewStatus::Pending)));
}

#[tokio::test]
async fn image_expansion_previews_through_generatepreviews() {
    let e = env().await;
    // 4:5 image: already the feed placements' ratio, so those come back ineligible.
    let spec = e.link_creative(
        TEXT,
        &e.sb.seed.portrait_image_hash,
        &[CreativeFeature::ImageUncrop],
    );
    let requests: Vec<PreviewRequest> = AdFormat::IMAGE_UNCROP_FORMATS
        .iter()
        .map(|f| PreviewRequest {
            target: PreviewTarget::Generate {
                account: e.act().to_owned(),
                creative: Box::new(spec.clone()),
            },
            ad_format: f.clone(),
            feature: Some(CreativeFeature::ImageUncrop),
        })
        .collect();
    let results = e
        .client
        .fetch_previews(&requests, &fast_polls(), |_| {})
        .await;
    for r in &results {
        let expected = match r.ad_format {
            AdFormat::InstagramStandard | AdFormat::MobileFeedStandard => PreviewStatus::Ineligible,
            _ => PreviewStatus::Eligible,
        };
        assert_eq!(r.status.as_ref(), Some(&expected), "{r:?}");
    }
}

#[tokio::test]
async fn ineligible_image_opt_in_is_dropped_and_reported_not_applied() {
    let e = env().await;
    let spec = e.link_creative(
        TEXT,
        &e.sb.seed.small_image_hash,
        &[CreativeFeature::ImageUncrop],
    );
    let created = e
        .client
        .create_ad_creative(e.act(), &spec, &WriteTag::generate())
        .await
        .unwrap();
    let creative = e.client.creative(&created.id).await.unwrap();
    let details = creative
        .degrees_of_freedom_spec
        .unwrap()
        .creative_features_spec
        .unwrap();
    assert_eq!(
        details.image_uncrop().unwrap().enroll_status,
        Some(EnrollStatus::OptOut)
    );
    let req = PreviewRequest {
        target: PreviewTarget::Creative(created.id),
        ad_format: AdFormat::InstagramStory,
        feature: Some(CreativeFeature::ImageUncrop),
    };
    let r = e.client.fetch_previews(&[req], &fast_polls(), |_| {}).await;
    assert_eq!(r[0].status, Some(PreviewStatus::NotApplied));
    assert_eq!(r[0].polls, 1);
}

// ---- background generation ------------------------------------------------------------

#[tokio::test]
async fn background_generation_on_a_catalog_creative() {
    let e = env().await;
    let good = e
        .client
        .create_ad_creative(
            e.act(),
            &e.catalog_creative(&e.sb.seed.product_set_id),
            &WriteTag::generate(),
        )
        .await
        .unwrap();
    let busy = e
        .client
        .create_ad_creative(
            e.act(),
            &e.catalog_creative(&e.sb.seed.ineligible_product_set_id),
            &WriteTag::generate(),
        )
        .await
        .unwrap();
    let req = |id: &str| PreviewRequest {
        target: PreviewTarget::Creative(id.to_owned()),
        ad_format: AdFormat::MobileFeedStandard,
        feature: Some(CreativeFeature::ImageBackgroundGen),
    };
    let r = e
        .client
        .fetch_previews(&[req(&good.id), req(&busy.id)], &fast_polls(), |_| {})
        .await;
    assert_eq!(r[0].status, Some(PreviewStatus::Eligible), "{:?}", r[0]);
    assert_eq!(r[1].status, Some(PreviewStatus::Ineligible), "{:?}", r[1]);

    // Without a creative: generatepreviews with the catalog spec.
    let gen = PreviewRequest {
        target: PreviewTarget::Generate {
            account: e.act().to_owned(),
            creative: Box::new(e.catalog_creative(&e.sb.seed.product_set_id)),
        },
        ad_format: AdFormat::MobileFeedStandard,
        feature: Some(CreativeFeature::ImageBackgroundGen),
    };
    let r = e.client.fetch_previews(&[gen], &fast_polls(), |_| {}).await;
    assert_eq!(r[0].status, Some(PreviewStatus::Eligible), "{:?}", r[0]);
}

// ---- error classes ----------------------------------------------------------------------

#[tokio::test]
async fn expired_token_is_token_invalid() {
    let e = env().await;
    let c = Client::new(
        config(&e.sb),
        AccessToken::new(e.sb.seed.expired_access_token.clone()),
    )
    .unwrap();
    let err = c.me().await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::TokenInvalid { subcode: Some(463) });
    assert!(!format!("{err:?}{err}").contains(&e.sb.seed.expired_access_token));
}

#[tokio::test]
async fn write_without_ads_management_names_the_permission() {
    let e = env().await;
    let c = Client::new(
        config(&e.sb),
        AccessToken::new(e.sb.seed.read_only_access_token.clone()),
    )
    .unwrap();
    let spec = e.link_creative(TEXT, &e.sb.seed.square_image_hash, &[]);
    let err = c
        .create_ad_creative(e.act(), &spec, &WriteTag::generate())
        .await
        .unwrap_err();
    assert_eq!(
        err.kind(),
        ErrorKind::PermissionMissing {
            permission: Some("ads_management".into())
        },
        "{err:?}"
    );
}

#[tokio::test]
async fn invalid_input_names_the_field() {
    let e = env().await;
    let spec = e.link_creative(TEXT, "0123456789abcdef0123456789abcdef", &[]);
    let err = e
        .client
        .create_ad_creative(e.act(), &spec, &WriteTag::generate())
        .await
        .unwrap_err();
    match err.kind() {
        ErrorKind::InvalidInput { field: Some(f) } => assert!(f.contains("image_hash"), "{f}"),
        k => panic!("{k:?} {err}"),
    }
    let ok = e.link_creative(TEXT, &e.sb.seed.square_image_hash, &[]);
    let c = e
        .client
        .create_ad_creative(e.act(), &ok, &WriteTag::generate())
        .await
        .unwrap();
    let bogus = calls::previews(&c.id, &AdFormat::Other("NOT_A_FORMAT".into()), None);
    let err = e.client.execute(&bogus).await.unwrap_err();
    assert_eq!(
        err.kind(),
        ErrorKind::InvalidInput {
            field: Some("ad_format".into())
        },
        "{err:?}"
    );
}

#[tokio::test]
async fn retired_api_version_says_update() {
    let e = env().await;
    let c = Client::new(
        config(&e.sb).with_api_version("v24.0").unwrap(),
        AccessToken::new(e.sb.seed.access_token.clone()),
    )
    .unwrap();
    let err = c.me().await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::DeprecatedVersion);
    assert!(err.to_string().contains("Update Adwright"), "{err}");
}

#[tokio::test]
async fn ads_management_limit_is_rate_limited_with_wait_from_headers() {
    let e = env_with(SandboxConfig {
        rate_limits: RateLimits {
            ads_management_calls: 2,
            ..RateLimits::default()
        },
        ..SandboxConfig::default()
    })
    .await;
    let mut last = None;
    for _ in 0..4 {
        if let Err(err) = e.client.creative(&e.sb.seed.campaign_id).await {
            if matches!(err.kind(), ErrorKind::RateLimited { .. }) {
                last = Some(err);
                break;
            }
        }
    }
    let err = last.expect("the limit was reached");
    match err.kind() {
        ErrorKind::RateLimited {
            retry_after_secs: Some(s),
        } => assert!(s >= 60 && s % 60 == 0, "minutes from the header: {s}"),
        k => panic!("{k:?}: {err}"),
    }
    assert!(e.client.usage().max_pct() >= 100.0);
    // Further calls are refused locally while blocked (wait > max_rate_limit_wait).
    assert!(matches!(
        e.client.me().await.unwrap_err(),
        Error::Throttled { .. }
    ));
}

#[tokio::test]
async fn appsecret_proof_is_accepted_and_a_wrong_one_refused() {
    let e = env_with(SandboxConfig {
        require_appsecret_proof: true,
        ..SandboxConfig::default()
    })
    .await;
    let token = AccessToken::new(e.sb.seed.access_token.clone());
    let good = Client::new(
        config(&e.sb).with_app_secret(AppSecret::new(e.sb.seed.app_secret.clone())),
        token.clone(),
    )
    .unwrap();
    assert_eq!(good.me().await.unwrap().id, e.sb.seed.user_id);
    let bad = Client::new(
        config(&e.sb).with_app_secret(AppSecret::new("wrong")),
        token,
    )
    .unwrap();
    assert!(bad.me().await.is_err());
}

// ---- faults -----------------------------------------------------------------------------

#[tokio::test]
async fn dropped_connection_after_creative_write_makes_no_duplicate() {
    let e = env().await;
    e.sb.faults
        .inject(Fault::new("POST act/adcreatives", FaultKind::DropAfterWrite).times(1));
    let tag = WriteTag::generate();
    let spec = e.link_creative(
        TEXT,
        &e.sb.seed.square_image_hash,
        &[CreativeFeature::TextGeneration],
    );
    let created = e
        .client
        .create_ad_creative(e.act(), &spec, &tag)
        .await
        .unwrap();
    assert_eq!(e.creatives_named(tag.as_str()), 1, "exactly one creative");
    let found =
        e.sb.with_world(|w| w.creatives.get(&created.id).map(|c| c.name.clone()));
    assert!(found.unwrap().contains(tag.as_str()));
}

#[tokio::test]
async fn dropped_connection_after_ad_write_makes_no_duplicate() {
    let e = env().await;
    e.sb.faults
        .inject(Fault::new("POST act/ads", FaultKind::DropAfterWrite).times(1));
    let tag = WriteTag::generate();
    let spec = e.link_creative(
        TEXT,
        &e.sb.seed.square_image_hash,
        &[CreativeFeature::TextGeneration],
    );
    let created = e
        .client
        .create_ad(e.act(), &e.ad(CreativeRef::Inline(Box::new(spec))), &tag)
        .await
        .unwrap();
    assert_eq!(e.ads_named(tag.as_str()), 1, "exactly one ad");
    assert!(e.sb.with_world(|w| w.ads.contains_key(&created.id)));
}

#[tokio::test]
async fn dropped_connection_before_write_is_sent_again_once() {
    let e = env().await;
    e.sb.faults
        .inject(Fault::new("POST act/adcreatives", FaultKind::DropBeforeWrite).times(1));
    let tag = WriteTag::generate();
    let spec = e.link_creative(TEXT, &e.sb.seed.square_image_hash, &[]);
    e.client
        .create_ad_creative(e.act(), &spec, &tag)
        .await
        .unwrap();
    assert_eq!(e.creatives_named(tag.as_str()), 1);
}

#[tokio::test]
async fn transient_faults_on_reads_are_retried() {
    let e = env().await;
    for kind in [
        FaultKind::Http500,
        FaultKind::UnknownError,
        FaultKind::ServiceUnavailable,
    ] {
        e.sb.faults.clear();
        e.sb.faults.inject(Fault::new("GET me", kind).times(2));
        let me = e
            .client
            .me()
            .await
            .unwrap_or_else(|err| panic!("{kind:?}: {err:?}"));
        assert_eq!(me.id, e.sb.seed.user_id);
    }
    // More failures than attempts: the transient error reaches the caller.
    e.sb.faults.clear();
    e.sb.faults
        .inject(Fault::new("GET me", FaultKind::ServiceUnavailable));
    let err = e.client.me().await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Transient);
}

#[tokio::test]
async fn slow_reply_times_out_then_read_is_retried() {
    let e = env().await;
    let mut cfg = config(&e.sb);
    cfg.timeout = Duration::from_millis(200);
    let c = Client::new(cfg, AccessToken::new(e.sb.seed.access_token.clone())).unwrap();
    e.sb.faults.inject(
        Fault::new("GET me", FaultKind::Slow)
            .delay_ms(2000)
            .times(1),
    );
    assert_eq!(c.me().await.unwrap().id, e.sb.seed.user_id);
}

#[tokio::test]
async fn unknown_error_on_write_is_checked_by_tag_before_resending() {
    let e = env().await;
    e.sb.faults
        .inject(Fault::new("POST act/adcreatives", FaultKind::UnknownError).times(1));
    let tag = WriteTag::generate();
    let spec = e.link_creative(TEXT, &e.sb.seed.square_image_hash, &[]);
    e.client
        .create_ad_creative(e.act(), &spec, &tag)
        .await
        .unwrap();
    assert_eq!(e.creatives_named(tag.as_str()), 1);
}

// ---- paging and batch -------------------------------------------------------------------

#[tokio::test]
async fn paging_follows_cursors_across_pages() {
    let e = env().await;
    let all = e.client.ad_accounts().await.unwrap();
    let paged = e
        .client
        .list_all(calls::ad_accounts(&["id", "account_id"], Some(1)))
        .await
        .unwrap();
    assert!(all.len() >= 2, "seed has at least two ad accounts");
    assert_eq!(paged.len(), all.len());
    let mut ids: Vec<_> = paged.iter().map(|a| a.id.clone()).collect();
    ids.dedup();
    assert_eq!(ids.len(), all.len(), "no page repeated");
    assert!(ids.contains(&e.sb.seed.ad_account_id));
}

#[tokio::test]
async fn batch_of_reads() {
    let e = env().await;
    let spec = e.link_creative(
        TEXT,
        &e.sb.seed.square_image_hash,
        &[CreativeFeature::TextGeneration],
    );
    let c = e
        .client
        .create_ad_creative(e.act(), &spec, &WriteTag::generate())
        .await
        .unwrap();
    let items = vec![
        BatchItem::from(&calls::me(&["id", "name"])),
        BatchItem::from(&calls::read_creative(&c.id, &["asset_feed_spec"])),
        BatchItem::from(&calls::read_creative("999999999999", &["id"])),
    ];
    let mut out = e.client.batch(&items).await.unwrap().into_iter();
    let me: User = out.next().unwrap().parse().unwrap();
    assert_eq!(me.id, e.sb.seed.user_id);
    let creative: AdCreative = out.next().unwrap().parse().unwrap();
    assert_eq!(creative.asset_feed_spec.unwrap().bodies.len(), 5);
    let missing = out.next().unwrap().0.unwrap_err();
    assert!(
        matches!(missing.kind(), ErrorKind::InvalidInput { .. }),
        "{missing:?}"
    );
}

#[tokio::test]
async fn image_upload_by_file_and_bytes_give_the_same_hash() {
    let e = env().await;
    let png = std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../tests/fixtures/graph-api/golden/test.png"
    ))
    .unwrap();
    let a = e
        .client
        .upload_image(
            e.act(),
            &marketing_api::types::ImageUpload::File {
                file_name: "test.png".into(),
                bytes: png.clone(),
            },
        )
        .await
        .unwrap();
    let b = e
        .client
        .upload_image(e.act(), &marketing_api::types::ImageUpload::Bytes(png))
        .await
        .unwrap();
    assert_eq!(a.hash, "ee76702403cd15dbc71587365494cbe5");
    assert_eq!(a.hash, b.hash);
}

#[tokio::test]
async fn product_sets_of_the_accounts_business_catalogs_are_listed_for_a_picker() {
    let e = env().await;
    let sets = e
        .client
        .product_sets(&e.sb.seed.ad_account_id)
        .await
        .unwrap();
    let ids: Vec<&str> = sets.iter().map(|s| s.id.as_str()).collect();
    assert!(ids.contains(&e.sb.seed.product_set_id.as_str()), "{sets:?}");
    assert!(ids.contains(&e.sb.seed.ineligible_product_set_id.as_str()));
    for set in &sets {
        assert_eq!(set.catalog_id, e.sb.seed.catalog_id);
        assert!(!set.name.is_empty() && !set.catalog_name.is_empty());
    }
}

#[tokio::test]
async fn the_accounts_ad_sets_are_listed_for_a_picker() {
    let e = env().await;
    let sets = e.client.ad_sets(&e.sb.seed.ad_account_id).await.unwrap();
    let seed = sets
        .iter()
        .find(|s| s.id == e.sb.seed.adset_id)
        .unwrap_or_else(|| panic!("{sets:?}"));
    assert_eq!(
        seed.campaign_id.as_deref(),
        Some(e.sb.seed.campaign_id.as_str())
    );
    assert_eq!(seed.status, Some(Status::Paused));
    assert!(seed.name.is_some());
}
