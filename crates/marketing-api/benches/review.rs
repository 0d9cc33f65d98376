//! The review of one ad — read-back of the creative plus image-expansion previews for the
//! five placements — against graph-sandbox with 100 ms injected latency per HTTP request.
//! Prints wall time ÷ one call's latency (target ≤ 1.5: one round trip is the physical
//! limit), the polling path separately, and the same sequence through the official Python
//! SDK (`facebook-business`) when it is installed.
//!
//! Run: `cargo bench -p marketing-api` (figures only; nothing is asserted).

use std::time::{Duration, Instant};

use graph_sandbox::{Sandbox, SandboxConfig};
use marketing_api::previews::{PollOptions, PreviewRequest};
use marketing_api::retry::RetryPolicy;
use marketing_api::types::{
    AdCreate, CallToAction, CreativeFeature, CreativeRef, CreativeSpec, DegreesOfFreedomSpec,
    LinkData, ObjectStorySpec, PreviewStatus,
};
use marketing_api::{AccessToken, Client, Config, WriteTag};

const LATENCY: Duration = Duration::from_millis(100);
const RUNS: usize = 5;

const PYTHON: &str = r#"
import json, os, sys, time, warnings
warnings.simplefilter("ignore")
from facebook_business.api import FacebookAdsApi, FacebookSession
from facebook_business.adobjects.ad import Ad
FacebookSession.GRAPH = os.environ["GRAPH"]
FacebookAdsApi.init(access_token=os.environ["TOKEN"], api_version="v26.0", crash_log=False)
ad_id = os.environ["AD_ID"]
formats = ["INSTAGRAM_STANDARD", "FACEBOOK_REELS_MOBILE", "INSTAGRAM_REELS", "MOBILE_FEED_STANDARD", "INSTAGRAM_STORY"]
runs = []
for _ in range(int(os.environ["RUNS"])):
    t = time.perf_counter()
    Ad(ad_id).api_get(fields=["creative{asset_feed_spec,status}"])
    for f in formats:
        list(Ad(ad_id).get_previews(params={"ad_format": f, "creative_feature": "image_uncrop"}))
    runs.append(time.perf_counter() - t)
print(json.dumps(runs))
"#;

async fn make_ad(client: &Client, seed: &graph_sandbox::SeedInfo) -> String {
    let spec = CreativeSpec {
        name: Some("Bench".into()),
        object_story_spec: Some(ObjectStorySpec {
            page_id: Some(seed.page_id.clone()),
            link_data: Some(LinkData {
                message: Some("Fresh sourdough baked every morning here".into()),
                link: Some("https://shop.example/".into()),
                image_hash: Some(seed.square_image_hash.clone()),
                call_to_action: Some(CallToAction {
                    kind: "SHOP_NOW".into(),
                    value: None,
                }),
                ..LinkData::default()
            }),
            ..ObjectStorySpec::default()
        }),
        degrees_of_freedom_spec: Some(DegreesOfFreedomSpec::opt_in(&[
            CreativeFeature::TextGeneration,
            CreativeFeature::ImageUncrop,
        ])),
        ..CreativeSpec::default()
    };
    let ad = AdCreate {
        name: "Bench ad".into(),
        adset_id: seed.adset_id.clone(),
        creative: CreativeRef::Inline(Box::new(spec)),
        status: None,
    };
    client
        .create_ad(&seed.ad_account_id, &ad, &WriteTag::generate())
        .await
        .expect("create ad")
        .id
}

fn ratio(d: Duration) -> f64 {
    d.as_secs_f64() / LATENCY.as_secs_f64()
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(|a, b| a.total_cmp(b));
    v[v.len() / 2]
}

#[tokio::main]
async fn main() {
    // Previews already eligible: no re-polls in the review figure.
    let sb = Sandbox::start(SandboxConfig {
        latency: LATENCY,
        pending_polls: 0,
        ..SandboxConfig::default()
    })
    .await
    .expect("sandbox");
    let config = Config::sandbox(&sb.base_url).unwrap();
    let client = Client::new(
        config.clone(),
        AccessToken::new(sb.seed.access_token.clone()),
    )
    .unwrap();
    let ad_id = make_ad(&client, &sb.seed).await;
    let previews = PreviewRequest::image_uncrop_for_ad(&ad_id);
    let opts = PollOptions::default();

    println!(
        "review of one ad: read-back + 5 image_uncrop previews, {} ms latency per request",
        LATENCY.as_millis()
    );
    let mut rust = Vec::new();
    for run in 0..RUNS {
        // A fresh client per run: connection set-up is part of the figure.
        let c = Client::new(
            config.clone(),
            AccessToken::new(sb.seed.access_token.clone()),
        )
        .unwrap();
        let t = Instant::now();
        let (_ad, results) = c
            .review_ad(&ad_id, &previews, &opts, |_| {})
            .await
            .expect("review");
        let wall = t.elapsed();
        assert!(results
            .iter()
            .all(|r| r.status == Some(PreviewStatus::Eligible)));
        println!(
            "  rust run {run}: {:>7.1} ms  wall/latency = {:.2}",
            wall.as_secs_f64() * 1e3,
            ratio(wall)
        );
        rust.push(ratio(wall));
    }
    println!(
        "  rust median wall/latency = {:.2} (target <= 1.5)",
        median(rust.clone())
    );

    // Polling path: every preview pending for 2 polls, backoff 200 ms (jittered 100–200 ms).
    let sb2 = Sandbox::start(SandboxConfig {
        latency: LATENCY,
        pending_polls: 2,
        ..SandboxConfig::default()
    })
    .await
    .expect("sandbox");
    let c2 = Client::new(
        Config::sandbox(&sb2.base_url).unwrap(),
        AccessToken::new(sb2.seed.access_token.clone()),
    )
    .unwrap();
    let ad2 = make_ad(&c2, &sb2.seed).await;
    let poll_opts = PollOptions {
        deadline: Duration::from_secs(30),
        backoff: RetryPolicy {
            max_attempts: u32::MAX,
            base_delay: Duration::from_millis(200),
            max_delay: Duration::from_secs(2),
        },
    };
    let t = Instant::now();
    let (_ad, results) = c2
        .review_ad(
            &ad2,
            &PreviewRequest::image_uncrop_for_ad(&ad2),
            &poll_opts,
            |_| {},
        )
        .await
        .expect("review");
    let wall = t.elapsed();
    let polls: u32 = results.iter().map(|r| r.polls).sum();
    println!(
        "polling path (2 pending polls per preview, backoff 200/400 ms): {:.1} ms, wall/latency = {:.2}, {polls} preview requests, all eligible: {}",
        wall.as_secs_f64() * 1e3,
        ratio(wall),
        results.iter().all(|r| r.status == Some(PreviewStatus::Eligible))
    );
    sb2.shutdown().await;

    // The same sequence through the official Python SDK, against the same sandbox.
    // The sandbox must keep serving while Python runs: wait for it on a blocking thread.
    let (graph, token, ad) = (
        sb.base_url.clone(),
        sb.seed.access_token.clone(),
        ad_id.clone(),
    );
    let out = tokio::task::spawn_blocking(move || {
        std::process::Command::new("python3")
            .arg("-c")
            .arg(PYTHON)
            .env("GRAPH", graph)
            .env("TOKEN", token)
            .env("AD_ID", ad)
            .env("RUNS", RUNS.to_string())
            .output()
    })
    .await
    .expect("python runner");
    match out {
        Ok(o) if o.status.success() => {
            let runs: Vec<f64> = serde_json::from_slice(&o.stdout).unwrap_or_default();
            for (i, r) in runs.iter().enumerate() {
                println!(
                    "  python run {i}: {:>7.1} ms  wall/latency = {:.2}",
                    r * 1e3,
                    r / LATENCY.as_secs_f64()
                );
            }
            let py: Vec<f64> = runs.iter().map(|r| r / LATENCY.as_secs_f64()).collect();
            if !py.is_empty() {
                println!(
                    "side by side (median wall/latency): marketing-api {:.2} | facebook-business (Python) {:.2}",
                    median(rust),
                    median(py)
                );
            }
        }
        Ok(o) => println!(
            "python SDK comparison skipped: {}",
            String::from_utf8_lossy(&o.stderr)
                .lines()
                .last()
                .unwrap_or("python3 failed")
        ),
        Err(e) => println!("python SDK comparison skipped: {e}"),
    }
    sb.shutdown().await;
}
