//! Seeds a drafts folder the way the app keeps it, for `scripts/bench`: `drafts.sqlite3` with
//! COUNT drafts, and an image store with a few real JPEGs (imported, recorded, thumbnailed)
//! that the drafts use, so the app's list shows real thumbnails.
//!
//! Usage: `cargo run -p drafts --example seed -- DRAFTS_DIR COUNT`
//! (the app's folder is `<app data dir>/drafts`, e.g. `$XDG_DATA_HOME/io.adwright.desktop/drafts`).

use std::path::Path;

use drafts::{
    AdContent, CallToActionType, Destination, DraftBody, ImageStore, LinkAd, LinkFeatures, Store,
};
use image::{ImageEncoder, Rgb, RgbImage};

/// Distinct product photos the drafts share, as a small shop's drafts would.
const IMAGES: u32 = 8;

fn jpeg(seed: u32) -> Vec<u8> {
    let img = RgbImage::from_fn(1080, 1080, |x, y| {
        Rgb([
            (x / 5 + seed * 40) as u8,
            (y / 5 + seed * 17) as u8,
            ((x + y) / 9) as u8,
        ])
    });
    let mut out = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 85)
        .write_image(img.as_raw(), 1080, 1080, image::ExtendedColorType::Rgb8)
        .expect("encode JPEG");
    out
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    let (Some(dir), Some(Ok(count))) = (args.get(1), args.get(2).map(|n| n.parse::<usize>()))
    else {
        eprintln!("usage: seed DRAFTS_DIR COUNT");
        std::process::exit(2);
    };
    let dir = Path::new(dir);
    std::fs::create_dir_all(dir)?;
    let mut store = Store::open(dir.join("drafts.sqlite3"))?;
    let images = ImageStore::new(dir.join("images"));
    let mut refs = Vec::new();
    for seed in 0..IMAGES {
        let imported = images.import_bytes(&jpeg(seed))?;
        store.record_image(&imported)?;
        images.thumbnail(&imported.image)?;
        refs.push(imported.image);
    }
    let drafts: Vec<_> = (0..count)
        .map(|i| {
            let body = DraftBody {
                ad_account_id: "act_1234567890".into(),
                content: AdContent::Link(LinkAd {
                    page_id: "1234567890".into(),
                    link: format!("https://shop.example.com/products/{i}"),
                    message: format!(
                        "Spring sale on product {i}: free delivery over 50 euros, while stocks \
                         last."
                    ),
                    name: format!("Product {i}"),
                    description: "This week only".into(),
                    call_to_action: CallToActionType::ShopNow,
                    image: Some(refs[i % refs.len()].clone()),
                    features: LinkFeatures {
                        text_generation: true,
                        image_uncrop: false,
                    },
                }),
                destination: Destination::StandaloneCreative,
                notices: vec![],
            };
            (format!("Spring sale {i}"), body)
        })
        .collect();
    store.create_many(&drafts)?;
    println!(
        "seeded {count} drafts and {IMAGES} images in {}",
        dir.display()
    );
    Ok(())
}
