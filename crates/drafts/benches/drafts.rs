//! Figures for issue 6, printed (not asserted): opening the app with 10,000 drafts, save
//! latency, search, validation per keystroke, and importing a 24-megapixel JPEG.
//!
//! Run: `cargo bench -p drafts` (release profile). The database lives in a temporary folder on
//! the same disk as the system temp dir, so save latency includes real fsyncs.

use std::hint::black_box;
use std::time::{Duration, Instant};

use drafts::images::{header_facts, make_thumbnail, md5_hex};
use drafts::{
    validate, AdContent, CallToActionType, Destination, DraftBody, ImageFormat, ImageRef,
    ImageStore, LinkAd, LinkFeatures, Store, THUMBNAIL_SIDE,
};
use image::{ImageEncoder, Rgb, RgbImage};

const DRAFTS: usize = 10_000;
const SAVES: usize = 300;

fn body(i: usize) -> DraftBody {
    DraftBody {
        ad_account_id: "act_1234567890".into(),
        content: AdContent::Link(LinkAd {
            page_id: "1234567890".into(),
            link: format!("https://shop.example.com/products/{i}"),
            message: format!(
                "Draft {i}: spring sale on everything in the shop, free delivery over 50 euros, \
                 while stocks last."
            ),
            name: format!("Spring sale {i}"),
            description: "This week only".into(),
            call_to_action: CallToActionType::ShopNow,
            image: Some(ImageRef {
                md5: format!("{:032x}", i),
                format: ImageFormat::Jpeg,
                width: 1080,
                height: 1080,
            }),
            features: LinkFeatures {
                text_generation: true,
                image_uncrop: false,
            },
        }),
        destination: Destination::StandaloneCreative,
        notices: vec![],
    }
}

fn ms(d: Duration) -> String {
    format!("{:.3} ms", d.as_secs_f64() * 1e3)
}

struct Stats {
    median: Duration,
    p95: Duration,
    max: Duration,
}

fn stats(mut samples: Vec<Duration>) -> Stats {
    samples.sort();
    let at = |q: f64| samples[((samples.len() - 1) as f64 * q).round() as usize];
    Stats {
        median: at(0.5),
        p95: at(0.95),
        max: *samples.last().unwrap(),
    }
}

fn time<T>(f: impl FnOnce() -> T) -> (T, Duration) {
    let t = Instant::now();
    let out = f();
    (out, t.elapsed())
}

fn main() {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("drafts.db");
    println!("drafts benchmarks (database in {})", dir.path().display());

    // Seed 10,000 drafts.
    let (_, seed) = time(|| {
        let mut store = Store::open(&db).unwrap();
        let items: Vec<_> = (0..DRAFTS)
            .map(|i| (format!("Draft {i}"), body(i)))
            .collect();
        store.create_many(&items).unwrap();
    });
    println!("seed {DRAFTS} drafts (one transaction): {}", ms(seed));

    // Opening the app: open + migration check + first list, as at start-up.
    let mut opens = Vec::new();
    for _ in 0..10 {
        let (rows, d) = time(|| {
            let store = Store::open(&db).unwrap();
            store.list().unwrap()
        });
        assert_eq!(rows.len(), DRAFTS);
        opens.push(d);
    }
    let s = stats(opens);
    println!(
        "open database + list {DRAFTS} drafts: median {}, p95 {}, max {} (10 runs)",
        ms(s.median),
        ms(s.p95),
        ms(s.max)
    );

    let mut store = Store::open(&db).unwrap();
    let lists: Vec<_> = (0..30)
        .map(|_| time(|| black_box(store.list().unwrap())).1)
        .collect();
    let s = stats(lists);
    println!(
        "list {DRAFTS} drafts (open store): median {}, p95 {}",
        ms(s.median),
        ms(s.p95)
    );

    let searches: Vec<_> = (0..30)
        .map(|i| time(|| black_box(store.search(&format!("sale {}", i * 7), 50).unwrap())).1)
        .collect();
    let s = stats(searches);
    println!(
        "search {DRAFTS} drafts: median {}, p95 {}",
        ms(s.median),
        ms(s.p95)
    );

    // Save latency: every edit is a durable commit (WAL + synchronous=FULL).
    let id = store.list().unwrap()[0].id.clone();
    let mut saves = Vec::with_capacity(SAVES);
    let mut b = body(0);
    for i in 0..SAVES {
        if let AdContent::Link(ad) = &mut b.content {
            ad.message.push(char::from(b'a' + (i % 26) as u8));
        }
        saves.push(time(|| store.save(&id, &b, None).unwrap()).1);
    }
    let s = stats(saves);
    println!(
        "save (durable, {SAVES} edits): median {}, p95 {}, max {}",
        ms(s.median),
        ms(s.p95),
        ms(s.max)
    );

    let checks: Vec<_> = (0..1000)
        .map(|_| time(|| black_box(validate(black_box(&b)))).1)
        .collect();
    let s = stats(checks);
    println!(
        "validate one draft (per keystroke): median {:.1} µs, p95 {:.1} µs",
        s.median.as_secs_f64() * 1e6,
        s.p95.as_secs_f64() * 1e6
    );

    // A 24-megapixel JPEG (6000×4000) with detail, so it is as large as a camera's.
    let (jpeg, made) = time(|| {
        let img = RgbImage::from_fn(6000, 4000, |x, y| {
            let n = x.wrapping_mul(2654435761) ^ y.wrapping_mul(40503);
            Rgb([
                (x / 24) as u8 ^ (n >> 24) as u8 & 0x1f,
                (y / 16) as u8 ^ (n >> 16) as u8 & 0x1f,
                ((x + y) / 40) as u8,
            ])
        });
        let mut out = Vec::new();
        image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 90)
            .write_image(img.as_raw(), 6000, 4000, image::ExtendedColorType::Rgb8)
            .unwrap();
        out
    });
    println!(
        "generated 24 MP JPEG: {:.1} MB in {}",
        jpeg.len() as f64 / 1e6,
        ms(made)
    );
    let (_, d) = time(|| black_box(md5_hex(&jpeg)));
    println!("  md5: {}", ms(d));
    let (facts, d) = time(|| header_facts(&jpeg).unwrap());
    assert_eq!((facts.0, facts.1), (6000, 4000));
    println!("  dimensions + EXIF orientation from header: {}", ms(d));
    let images = ImageStore::new(dir.path().join("store"));
    let (imported, d) = time(|| images.import_bytes(&jpeg).unwrap());
    println!(
        "  import (hash + header + atomic copy with fsync): {}",
        ms(d)
    );
    let (thumb, d) = time(|| make_thumbnail(&jpeg, ImageFormat::Jpeg, THUMBNAIL_SIDE).unwrap());
    println!(
        "  thumbnail {THUMBNAIL_SIDE} px (full decode + resize + encode, {} KB): {}",
        thumb.len() / 1000,
        ms(d)
    );
    let (_, d) = time(|| images.thumbnail(&imported.image).unwrap());
    println!("  thumbnail via the store (adds atomic write): {}", ms(d));
}
