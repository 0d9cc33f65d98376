//! The review loop end to end against graph-sandbox: create opted-in objects through
//! marketing-api, read them back, fetch previews, build the session and walk the gate.
//! No clock is read: times are made-up milliseconds passed in, as the app would pass `now`.

use std::time::Duration;

use graph_sandbox::{RunningSandbox, Sandbox, SandboxConfig};
use marketing_api::previews::{PollOptions, PreviewTarget};
use marketing_api::retry::RetryPolicy;
use marketing_api::types::{
    AdCreate, AdFormat, CallToAction, CreativeFeature, CreativeRef, CreativeSpec,
    DegreesOfFreedomSpec, LinkData, ObjectStorySpec, Status,
};
use marketing_api::{AccessToken, Client, Config, WriteTag};
use review::optins::{requested_in_spec, OptInOutcome};
use review::previews::{expected_previews, preview_requests};
use review::{
    plan_first_ad, ClaimKind, GateVerdict, MetaObjectKind, MetaObjectRef, PreviewKey, PreviewState,
    RecreateTarget, ReviewBlockerKind, ReviewError, ReviewEvent, ReviewRecord, ReviewSession,
    ReviewSubject,
};

const TG: CreativeFeature = CreativeFeature::TextGeneration;
const UNCROP: CreativeFeature = CreativeFeature::ImageUncrop;
const BG: CreativeFeature = CreativeFeature::ImageBackgroundGen;

/// Six words, no claim: the sandbox adds a claim in one rewrite (even word count) and
/// HTML/script in another (multiple of three).
const MESSAGE: &str = "Fresh sourdough baked every morning here";

struct Env {
    sb: RunningSandbox,
    client: Client,
}

async fn env() -> Env {
    let sb = Sandbox::start(SandboxConfig::default()).await.unwrap();
    let mut cfg = Config::sandbox(&sb.base_url).unwrap();
    cfg.retry = RetryPolicy {
        max_attempts: 3,
        base_delay: Duration::from_millis(1),
        max_delay: Duration::from_millis(5),
    };
    let client = Client::new(cfg, AccessToken::new(sb.seed.access_token.clone())).unwrap();
    Env { sb, client }
}

/// Poll until final (the sandbox answers pending twice, then eligible).
fn until_final() -> PollOptions {
    PollOptions {
        deadline: Duration::from_secs(30),
        backoff: RetryPolicy {
            max_attempts: u32::MAX,
            base_delay: Duration::from_millis(1),
            max_delay: Duration::from_millis(2),
        },
    }
}

/// Ask once and stop: a pending preview stays pending (deadline already passed).
fn once() -> PollOptions {
    PollOptions {
        deadline: Duration::ZERO,
        ..until_final()
    }
}

impl Env {
    fn link_spec(&self, hash: &str, features: &[CreativeFeature]) -> CreativeSpec {
        CreativeSpec {
            name: Some("Sourdough".into()),
            object_story_spec: Some(ObjectStorySpec {
                page_id: Some(self.sb.seed.page_id.clone()),
                link_data: Some(LinkData {
                    message: Some(MESSAGE.into()),
                    link: Some("https://bakery.example/".into()),
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

    fn catalog_spec(&self) -> CreativeSpec {
        CreativeSpec {
            name: Some("Catalog".into()),
            product_set_id: Some(self.sb.seed.product_set_id.clone()),
            object_story_spec: Some(ObjectStorySpec {
                page_id: Some(self.sb.seed.page_id.clone()),
                template_data: Some(LinkData {
                    message: Some("Shop {{product.name | titleize}} now".into()),
                    name: Some("{{product.name | titleize}}".into()),
                    link: Some("https://bakery.example/".into()),
                    ..LinkData::default()
                }),
                ..ObjectStorySpec::default()
            }),
            degrees_of_freedom_spec: Some(DegreesOfFreedomSpec::opt_in(&[BG])),
            ..CreativeSpec::default()
        }
    }

    async fn create_ad(&self, creative: CreativeRef, status: Option<Status>) -> String {
        let ad = AdCreate {
            name: "Sourdough ad".into(),
            adset_id: self.sb.seed.adset_id.clone(),
            creative,
            status,
        };
        self.client
            .create_ad(&self.sb.seed.ad_account_id, &ad, &WriteTag::generate())
            .await
            .unwrap()
            .id
    }

    /// The seed's campaign and ad set are PAUSED; here they stand for the ones Adwright made.
    fn made_paused(&self) -> Vec<MetaObjectRef> {
        vec![
            MetaObjectRef::new(MetaObjectKind::Campaign, self.sb.seed.campaign_id.clone()),
            MetaObjectRef::new(MetaObjectKind::AdSet, self.sb.seed.adset_id.clone()),
        ]
    }

    /// Read the ad and its creative back and start its review.
    async fn review_ad(
        &self,
        ad_id: &str,
        requested: &[CreativeFeature],
        now: i64,
    ) -> ReviewSession {
        let ad = self.client.ad_with_creative(ad_id).await.unwrap();
        assert_eq!(ad.status, Some(Status::Paused), "opted-in ads start PAUSED");
        let creative_id = ad.creative.unwrap().id;
        // The opt-ins are only on the creative itself.
        let creative = self.client.creative(&creative_id).await.unwrap();
        ReviewSession::from_read_back(
            "draft-1",
            ReviewSubject::Ad {
                ad_id: ad_id.to_owned(),
                creative_id: Some(creative_id),
                adset_id: ad.adset_id.clone().or(Some(self.sb.seed.adset_id.clone())),
            },
            requested,
            &creative,
            Some(MESSAGE),
            self.made_paused(),
            now,
        )
    }

    async fn fetch(
        &self,
        s: &mut ReviewSession,
        target: &PreviewTarget,
        keys: &[PreviewKey],
        opts: &PollOptions,
        now: i64,
    ) {
        let results = self
            .client
            .fetch_previews(&preview_requests(target, keys), opts, |_| {})
            .await;
        for r in &results {
            assert!(s.apply_preview(r, now), "{r:?}");
        }
    }
}

fn blocker_kinds(s: &ReviewSession) -> Vec<ReviewBlockerKind> {
    s.blockers().iter().map(|b| b.kind).collect()
}

fn show_everything_final(s: &mut ReviewSession, now: i64) {
    let texts: Vec<u32> = s.texts.iter().flat_map(|t| t.indexes()).collect();
    for i in texts {
        s.mark_text_shown(i, now).unwrap();
    }
    for p in s.previews.clone() {
        if p.state.is_final() {
            s.mark_preview_seen(&p.key, p.revision, now).unwrap();
        }
    }
}

#[tokio::test]
async fn text_and_expansion_ad_blocked_until_shown_pending_needs_acknowledgement() {
    let e = env().await;
    let spec = e.link_spec(&e.sb.seed.portrait_image_hash, &[TG, UNCROP]);
    let requested = requested_in_spec(&spec);
    let ad_id = e.create_ad(CreativeRef::Inline(Box::new(spec)), None).await;
    let mut s = e.review_ad(&ad_id, &requested, 1_000).await;

    // Opt-ins: both kept.
    assert_eq!(s.opt_ins.applied(), vec![TG, UNCROP]);
    assert!(
        s.transparency.is_some(),
        "image expansion may carry AI info"
    );

    // Texts: the original first, four variations; the claim and the script are flagged.
    let texts = s.texts.clone().unwrap();
    assert_eq!(texts.original, MESSAGE);
    assert_eq!(texts.sent_original, None);
    assert_eq!(texts.variations.len(), 4);
    let script = texts
        .variations
        .iter()
        .find(|v| v.text.contains("<script>"))
        .expect("the sandbox writes one rewrite with script");
    assert!(script.flags.iter().any(|f| f.kind == ClaimKind::Markup));
    let claim = texts
        .variations
        .iter()
        .find(|v| v.flags.iter().any(|f| f.kind == ClaimKind::Guarantee))
        .expect("the sandbox adds a guarantee in one rewrite");
    assert!(!claim.text.contains('<'));

    // Nothing seen: every text and every preview blocks.
    let kinds = blocker_kinds(&s);
    assert_eq!(
        kinds
            .iter()
            .filter(|k| **k == ReviewBlockerKind::TextNotShown)
            .count(),
        4
    );
    assert_eq!(
        kinds
            .iter()
            .filter(|k| **k == ReviewBlockerKind::PreviewLoading)
            .count(),
        5
    );
    assert!(matches!(s.approve(1_001), Err(ReviewError::Blocked(_))));

    // First round: the 4:5 image already fits the feed placements (ineligible); the 9:16
    // ones are still being generated.
    let target = PreviewTarget::Ad(ad_id.clone());
    let keys = expected_previews(&[UNCROP]);
    e.fetch(&mut s, &target, &keys, &once(), 2_000).await;
    for p in &s.previews {
        let expected = match p.key.ad_format {
            AdFormat::InstagramStandard | AdFormat::MobileFeedStandard => PreviewState::Ineligible,
            _ => PreviewState::Pending,
        };
        assert_eq!(p.state, expected, "{:?}", p.key);
        let url = p.url.as_ref().expect("a stock or original preview to show");
        assert!(url.as_str().starts_with(&e.sb.base_url));
        assert_eq!(p.expires_at_ms, Some(2_000 + 24 * 3_600_000));
    }

    // Show all texts and everything final; the pending stock previews are looked at, which
    // does not count.
    for p in s.previews.clone() {
        s.mark_preview_seen(&p.key, p.revision, 2_100).unwrap();
    }
    show_everything_final(&mut s, 2_100);
    assert_eq!(
        blocker_kinds(&s),
        vec![ReviewBlockerKind::PreviewPending; 3]
    );

    // Poll all but the story placement to the end; the story stays pending.
    let story = PreviewKey::new(UNCROP, AdFormat::InstagramStory);
    let rest: Vec<PreviewKey> = keys.iter().filter(|k| **k != story).cloned().collect();
    e.fetch(&mut s, &target, &rest, &until_final(), 3_000).await;
    assert_eq!(
        blocker_kinds(&s),
        vec![
            ReviewBlockerKind::PreviewNotSeen,
            ReviewBlockerKind::PreviewNotSeen,
            ReviewBlockerKind::PreviewPending
        ],
        "two became eligible and must be seen in that state"
    );
    show_everything_final(&mut s, 3_100);
    let blockers = s.blockers();
    assert_eq!(blockers.len(), 1);
    assert_eq!(blockers[0].preview, Some(story.clone()));
    assert!(blockers[0].message.contains("accept it unseen"));

    // The user accepts the last one unseen: now approval gives the activation plan.
    s.acknowledge_unseen(&story, 3_200).unwrap();
    let GateVerdict::Ready { plan } = s.can_approve() else {
        panic!("{:?}", s.blockers())
    };
    assert_eq!(
        plan.activate[0].object,
        MetaObjectRef::new(MetaObjectKind::Ad, ad_id.clone())
    );
    assert_eq!(
        plan.activate.len(),
        3,
        "ad, plus the paused ad set and campaign"
    );
    let plan = s.approve(3_300).unwrap();
    for a in &plan.activate {
        e.client
            .set_status(&a.object.id, &Status::Active)
            .await
            .unwrap();
        s.record_activated(a.object.clone(), 3_400).unwrap();
    }
    let ad = e.client.ad_with_creative(&ad_id).await.unwrap();
    assert_eq!(ad.status, Some(Status::Active));

    // The record keeps what was shown, the acknowledgement and the decision.
    let json = s.record().to_json();
    assert!(
        !json.contains("__sandbox/preview"),
        "no preview URLs in the record"
    );
    let rec = ReviewRecord::from_json(&json).unwrap();
    assert_eq!(rec.approved_at_ms(), Some(3_300));
    assert!(rec.events.contains(&ReviewEvent::AcknowledgedUnseen {
        preview: story,
        at_ms: 3_200
    }));
    // Every display is logged (the texts were displayed twice); each index is there.
    let mut shown: Vec<u32> = rec
        .events
        .iter()
        .filter_map(|e| match e {
            ReviewEvent::TextShown { index, .. } => Some(*index),
            _ => None,
        })
        .collect();
    shown.sort();
    shown.dedup();
    assert_eq!(shown, vec![1, 2, 3, 4]);
    assert!(rec
        .texts
        .unwrap()
        .variations
        .iter()
        .any(|v| v.text.contains("<script>")));
}

#[tokio::test]
async fn reviewed_standalone_creative_then_its_first_ad_goes_through_the_gate() {
    let e = env().await;
    let spec = e.catalog_spec();
    let creative_id = e
        .client
        .create_ad_creative(&e.sb.seed.ad_account_id, &spec, &WriteTag::generate())
        .await
        .unwrap()
        .id;
    let creative = e.client.creative(&creative_id).await.unwrap();
    let mut s = ReviewSession::from_read_back(
        "draft-2",
        ReviewSubject::StandaloneCreative {
            creative_id: creative_id.clone(),
        },
        &requested_in_spec(&spec),
        &creative,
        None,
        Vec::new(),
        0,
    );
    assert_eq!(s.opt_ins.applied(), vec![BG]);
    assert_eq!(
        s.previews.len(),
        1,
        "background generation: Mobile Feed only"
    );
    let target = PreviewTarget::Creative(creative_id.clone());
    let keys = expected_previews(&[BG]);
    e.fetch(&mut s, &target, &keys, &until_final(), 10).await;
    assert_eq!(s.previews[0].state, PreviewState::Eligible);
    assert_eq!(blocker_kinds(&s), vec![ReviewBlockerKind::PreviewNotSeen]);
    show_everything_final(&mut s, 20);
    let plan = s.approve(30).unwrap();
    assert!(
        plan.activate.is_empty(),
        "a creative does not run by itself"
    );

    // The first ad from it: created PAUSED, reviewed again before it may run.
    let first = plan_first_ad(&s.record()).unwrap();
    let ad_id = e
        .create_ad(
            CreativeRef::Existing {
                creative_id: first.creative_id.clone(),
            },
            Some(first.status.clone()),
        )
        .await;
    let mut ad_review = e.review_ad(&ad_id, &requested_in_spec(&spec), 40).await;
    assert_eq!(
        blocker_kinds(&ad_review),
        vec![ReviewBlockerKind::PreviewLoading]
    );
    e.fetch(
        &mut ad_review,
        &PreviewTarget::Ad(ad_id.clone()),
        &keys,
        &until_final(),
        50,
    )
    .await;
    show_everything_final(&mut ad_review, 60);
    let plan = ad_review.approve(70).unwrap();
    assert_eq!(plan.activate[0].object.id, ad_id);
}

#[tokio::test]
async fn rejecting_recreates_the_ad_without_the_opt_in() {
    let e = env().await;
    let spec = e.link_spec(&e.sb.seed.square_image_hash, &[TG]);
    let ad_id = e
        .create_ad(CreativeRef::Inline(Box::new(spec.clone())), None)
        .await;
    let mut s = e.review_ad(&ad_id, &requested_in_spec(&spec), 0).await;
    assert_eq!(s.texts.as_ref().unwrap().variations.len(), 4);
    assert!(s.view().can_reject, "text generation was applied");
    let plan = s
        .reject(&[], Some("a variation promises a guarantee".into()), 10)
        .unwrap();
    assert_eq!(
        plan.recreate,
        RecreateTarget::Ad {
            adset_id: Some(e.sb.seed.adset_id.clone())
        }
    );
    assert_eq!(plan.left_paused.as_ref().unwrap().id, ad_id);

    let again = plan.spec_without_optins(&spec);
    let new_ad = e
        .create_ad(
            CreativeRef::Inline(Box::new(again.clone())),
            Some(Status::Paused),
        )
        .await;
    let read = e.client.ad_with_creative(&new_ad).await.unwrap();
    let creative = e.client.creative(&read.creative.unwrap().id).await.unwrap();
    let s2 = ReviewSession::from_read_back(
        "draft-1",
        ReviewSubject::Ad {
            ad_id: new_ad,
            creative_id: None,
            adset_id: None,
        },
        &requested_in_spec(&again),
        &creative,
        Some(MESSAGE),
        Vec::new(),
        20,
    );
    assert!(s2.texts.is_none(), "no generated text on the new creative");
    assert!(s2
        .opt_ins
        .results
        .iter()
        .all(|r| r.outcome == OptInOutcome::NotRequested));
    assert!(s2.can_approve().is_ready());
    assert!(!s2.view().can_reject, "nothing generated to reject");
    assert!(!s.view().can_reject, "already rejected");
    // The rejected ad is still paused.
    let old = e.client.ad_with_creative(&ad_id).await.unwrap();
    assert_eq!(old.status, Some(Status::Paused));
}

#[tokio::test]
async fn a_silently_dropped_opt_in_is_reported_and_needs_no_review() {
    let e = env().await;
    let spec = e.link_spec(&e.sb.seed.small_image_hash, &[UNCROP]);
    let created = e
        .client
        .create_ad_creative(&e.sb.seed.ad_account_id, &spec, &WriteTag::generate())
        .await
        .unwrap();
    let creative = e.client.creative(&created.id).await.unwrap();
    let s = ReviewSession::from_read_back(
        "draft-3",
        ReviewSubject::StandaloneCreative {
            creative_id: created.id,
        },
        &requested_in_spec(&spec),
        &creative,
        Some(MESSAGE),
        Vec::new(),
        0,
    );
    assert_eq!(s.opt_ins.dropped(), vec![UNCROP]);
    let r = s
        .opt_ins
        .results
        .iter()
        .find(|r| r.feature == UNCROP)
        .unwrap();
    assert_eq!(r.stored_status.as_deref(), Some("OPT_OUT"));
    assert!(r.explanation.contains("did not keep it"));
    assert!(s.previews.is_empty());
    assert!(s.transparency.is_none());
}
