//! The demo world: a user, two ad accounts (one not offered generative features), two pages,
//! a PAUSED campaign and ad set, images (one per eligibility case) and a catalog whose product
//! sets cover the eligible and ineligible background-generation cases.

use serde::{Deserialize, Serialize};
use serde_json::json;
use sha2::{Digest, Sha256};

use crate::pixels;
use crate::routes::images::store_image;
use crate::state::{
    hex, now_graph_time, now_unix, token_hash, AdAccount, AdSet, App, Business, Campaign, Catalog,
    Page, Product, ProductSet, TokenRecord, TokenState, User, World,
};

/// Ids and tokens of the seeded world, for tests and the binary's first stdout line.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct SeedInfo {
    pub access_token: String,
    pub user_id: String,
    pub app_id: String,
    /// `act_`-prefixed, as Graph's `id` of ad accounts.
    pub ad_account_id: String,
    pub page_id: String,
    pub campaign_id: String,
    pub adset_id: String,
    pub product_set_id: String,
    pub app_secret: String,
    /// An ad account the user can use but that is not offered generative features.
    pub ineligible_ad_account_id: String,
    pub second_page_id: String,
    pub business_id: String,
    pub catalog_id: String,
    /// Products on busy backgrounds: background generation comes back `ineligible`.
    pub ineligible_product_set_id: String,
    /// 1:1, 400 px: image expansion eligible on all five placements.
    pub square_image_hash: String,
    /// 4:5: already at the feed placements' ratio, so those come back `ineligible`.
    pub portrait_image_hash: String,
    /// 64 px: too small, an image_uncrop opt-in is dropped.
    pub small_image_hash: String,
    /// Token with `ads_read` only (writes get error 200).
    pub read_only_access_token: String,
    /// Expired token (190/463).
    pub expired_access_token: String,
    /// Session invalidated by a password change (190/460).
    pub password_changed_access_token: String,
}

/// A fresh unguessable token (no randomness crate: time, process and a counter, hashed).
pub fn mint_token() -> String {
    use std::sync::atomic::{AtomicU64, Ordering};
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or(0);
    let seed = format!(
        "{nanos}-{}-{}",
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::Relaxed)
    );
    format!("EAAS{}", &hex(&Sha256::digest(seed.as_bytes()))[..48])
}

pub fn add_token(
    world: &mut World,
    user_id: &str,
    app_id: &str,
    scopes: &[&str],
    state: TokenState,
) -> String {
    let token = mint_token();
    world.tokens.insert(
        token_hash(&token),
        TokenRecord {
            user_id: user_id.into(),
            app_id: app_id.into(),
            scopes: scopes.iter().map(|s| s.to_string()).collect(),
            state,
            issued_at: now_unix(),
        },
    );
    token
}

const FULL_SCOPES: &[&str] = &[
    "ads_management",
    "ads_read",
    "business_management",
    "pages_show_list",
    "catalog_management",
];

/// Builds the demo world. `app_secret` is the app's secret for `appsecret_proof`.
pub fn seed_world(app_secret: &str) -> (World, SeedInfo) {
    let mut w = World::default();
    let app_id = w.new_id();
    w.apps.insert(
        app_id.clone(),
        App {
            id: app_id.clone(),
            name: "Adwright Sandbox App".into(),
            secret: app_secret.into(),
        },
    );
    let user_id = w.new_id();
    w.users.insert(
        user_id.clone(),
        User {
            id: user_id.clone(),
            name: "Dana Demo".into(),
        },
    );
    let business_id = w.new_id();
    w.businesses.insert(
        business_id.clone(),
        Business {
            id: business_id.clone(),
            name: "Demo Bakery & Goods".into(),
            user_ids: vec![user_id.clone()],
        },
    );

    let account = |w: &mut World, name: &str, eligible: bool| {
        let id = format!("{}", 1_000_000_000_000_000u64 + w.next_id * 7);
        w.next_id += 1;
        w.ad_accounts.insert(
            id.clone(),
            AdAccount {
                account_id: id.clone(),
                name: name.into(),
                currency: "USD".into(),
                timezone_name: "America/Los_Angeles".into(),
                account_status: 1,
                business_id: business_id.clone(),
                user_ids: vec![user_id.clone()],
                genai_eligible: eligible,
            },
        );
        id
    };
    let account_id = account(&mut w, "Demo Bakery — Main", true);
    let restricted_id = account(
        &mut w,
        "Demo Bakery — Restricted (no generative features)",
        false,
    );

    let tasks = vec![
        "ADVERTISE".to_string(),
        "ANALYZE".into(),
        "CREATE_CONTENT".into(),
        "MANAGE".into(),
    ];
    let page = |w: &mut World, name: &str, category: &str| {
        let id = w.new_id();
        w.pages.insert(
            id.clone(),
            Page {
                id: id.clone(),
                name: name.into(),
                category: category.into(),
                user_ids: vec![user_id.clone()],
                tasks: tasks.clone(),
            },
        );
        id
    };
    let page_id = page(&mut w, "Demo Bakery", "Bakery");
    let second_page_id = page(&mut w, "Demo Ceramics", "Retail");

    let now = now_graph_time();
    let campaign_id = w.new_id();
    w.campaigns.insert(
        campaign_id.clone(),
        Campaign {
            id: campaign_id.clone(),
            account_id: account_id.clone(),
            name: "Spring launch".into(),
            objective: "OUTCOME_TRAFFIC".into(),
            status: "PAUSED".into(),
            special_ad_categories: vec![],
            daily_budget: None,
            created_time: now.clone(),
            updated_time: now.clone(),
        },
    );
    let adset_id = w.new_id();
    w.adsets.insert(
        adset_id.clone(),
        AdSet {
            id: adset_id.clone(),
            account_id: account_id.clone(),
            campaign_id: campaign_id.clone(),
            name: "Spring launch — US 18+".into(),
            status: "PAUSED".into(),
            daily_budget: Some("1000".into()),
            lifetime_budget: None,
            billing_event: "IMPRESSIONS".into(),
            optimization_goal: "LINK_CLICKS".into(),
            bid_strategy: Some("LOWEST_COST_WITHOUT_CAP".into()),
            bid_amount: None,
            targeting: json!({"age_min": 18, "geo_locations": {"countries": ["US"]}}),
            promoted_object: None,
            created_time: now.clone(),
            updated_time: now,
        },
    );

    let png = |img: image::RgbImage| pixels::encode_png(&img);
    let image = |w: &mut World, name: &str, bytes: Vec<u8>| {
        let hash = store_image(w, &account_id, name, bytes.clone())
            .expect("seed images are valid PNGs")
            .0;
        store_image(w, &restricted_id, name, bytes).expect("seed images are valid PNGs");
        hash
    };
    let square_image_hash = image(
        &mut w,
        "square-sunset.png",
        png(pixels::demo_scene(400, 400, "square")),
    );
    let portrait_image_hash = image(
        &mut w,
        "portrait-4x5.png",
        png(pixels::demo_scene(320, 400, "portrait")),
    );
    let small_image_hash = image(
        &mut w,
        "tiny-logo.png",
        png(pixels::demo_scene(64, 64, "tiny")),
    );

    let catalog_id = w.new_id();
    w.catalogs.insert(
        catalog_id.clone(),
        Catalog {
            id: catalog_id.clone(),
            name: "Demo Bakery & Goods catalog".into(),
            business_id: business_id.clone(),
            account_ids: vec![account_id.clone(), restricted_id.clone()],
        },
    );
    let products = [
        (
            "mug-01",
            "ceramic breakfast mug",
            "Hand-thrown stoneware mug, 350 ml.",
            1800,
            false,
        ),
        (
            "jar-02",
            "honey jar",
            "Wildflower honey from local hives.",
            1250,
            false,
        ),
        (
            "tin-03",
            "shortbread tin",
            "Butter shortbread, baked daily.",
            2200,
            false,
        ),
        (
            "bag-04",
            "tote bag in the market",
            "Canvas tote, photographed at the market.",
            1500,
            true,
        ),
        (
            "apron-05",
            "linen apron on the counter",
            "Linen apron, photographed in the shop.",
            3400,
            true,
        ),
    ];
    let mut studio = Vec::new();
    let mut lifestyle = Vec::new();
    for (retailer_id, name, description, cents, busy) in products {
        let bytes = png(pixels::demo_product(300, retailer_id, busy));
        let (width, height) = pixels::dimensions(&bytes).unwrap_or((300, 300));
        let hash = crate::routes::images::md5_hex(&bytes);
        w.put_blob(&hash, bytes, width, height);
        let id = w.new_id();
        w.products.insert(
            id.clone(),
            Product {
                id: id.clone(),
                catalog_id: catalog_id.clone(),
                retailer_id: retailer_id.into(),
                name: name.into(),
                description: description.into(),
                price_cents: cents,
                currency: "USD".into(),
                url: format!("https://shop.example/products/{retailer_id}"),
                image_hash: hash,
            },
        );
        if busy {
            lifestyle.push(id)
        } else {
            studio.push(id)
        }
    }
    let product_set_id = w.new_id();
    w.product_sets.insert(
        product_set_id.clone(),
        ProductSet {
            id: product_set_id.clone(),
            catalog_id: catalog_id.clone(),
            name: "Studio shots".into(),
            product_ids: studio,
        },
    );
    let ineligible_product_set_id = w.new_id();
    w.product_sets.insert(
        ineligible_product_set_id.clone(),
        ProductSet {
            id: ineligible_product_set_id.clone(),
            catalog_id: catalog_id.clone(),
            name: "Lifestyle photos".into(),
            product_ids: lifestyle,
        },
    );

    let access_token = add_token(&mut w, &user_id, &app_id, FULL_SCOPES, TokenState::Valid);
    let read_only_access_token =
        add_token(&mut w, &user_id, &app_id, &["ads_read"], TokenState::Valid);
    let expired_access_token =
        add_token(&mut w, &user_id, &app_id, FULL_SCOPES, TokenState::Expired);
    let password_changed_access_token = add_token(
        &mut w,
        &user_id,
        &app_id,
        FULL_SCOPES,
        TokenState::PasswordChanged,
    );

    let info = SeedInfo {
        access_token,
        user_id,
        app_id,
        ad_account_id: format!("act_{account_id}"),
        page_id,
        campaign_id,
        adset_id,
        product_set_id,
        app_secret: app_secret.into(),
        ineligible_ad_account_id: format!("act_{restricted_id}"),
        second_page_id,
        business_id,
        catalog_id,
        ineligible_product_set_id,
        square_image_hash,
        portrait_image_hash,
        small_image_hash,
        read_only_access_token,
        expired_access_token,
        password_changed_access_token,
    };
    (w, info)
}

/// Recovers the seed's ids from a saved world and mints fresh tokens (the file only holds
/// hashes, so earlier plaintext tokens cannot be printed again; they stay valid).
pub fn info_from_saved(world: &mut World, saved: &SavedSeed) -> SeedInfo {
    let mut info = saved.info.clone();
    info.access_token = add_token(
        world,
        &info.user_id,
        &info.app_id,
        FULL_SCOPES,
        TokenState::Valid,
    );
    info.read_only_access_token = add_token(
        world,
        &info.user_id,
        &info.app_id,
        &["ads_read"],
        TokenState::Valid,
    );
    info.expired_access_token = add_token(
        world,
        &info.user_id,
        &info.app_id,
        FULL_SCOPES,
        TokenState::Expired,
    );
    info.password_changed_access_token = add_token(
        world,
        &info.user_id,
        &info.app_id,
        FULL_SCOPES,
        TokenState::PasswordChanged,
    );
    info
}

/// The seed ids as kept in a state file: every token field blanked.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct SavedSeed {
    pub info: SeedInfo,
}

impl SavedSeed {
    pub fn without_tokens(info: &SeedInfo) -> Self {
        let mut info = info.clone();
        info.access_token.clear();
        info.read_only_access_token.clear();
        info.expired_access_token.clear();
        info.password_changed_access_token.clear();
        SavedSeed { info }
    }
}
