//! Real pixels for previews: edge-extension outpainting to a placement's ratio (image
//! expansion) and product cut-out onto generated backgrounds (background generation), plus the
//! small procedural images of the demo seed.

use image::{imageops, ImageFormat, Rgb, RgbImage};

use crate::generative::stable_hash;

/// Previews are shown ~540 px wide; working at that size keeps rendering cheap.
const PREVIEW_MAX_SIDE: u32 = 540;

#[derive(Debug, thiserror::Error)]
pub enum PixelError {
    #[error("image could not be decoded: {0}")]
    Decode(#[from] image::ImageError),
}

pub fn decode(bytes: &[u8]) -> Result<RgbImage, PixelError> {
    Ok(image::load_from_memory(bytes)?.to_rgb8())
}

/// Dimensions of an encoded image, if it is one.
pub fn dimensions(bytes: &[u8]) -> Option<(u32, u32)> {
    image::load_from_memory(bytes)
        .ok()
        .map(|i| (i.width(), i.height()))
}

pub fn encode_png(img: &RgbImage) -> Vec<u8> {
    let mut out = std::io::Cursor::new(Vec::new());
    img.write_to(&mut out, ImageFormat::Png)
        .expect("PNG encoding into memory cannot fail");
    out.into_inner()
}

fn shrink_for_preview(img: RgbImage) -> RgbImage {
    let (w, h) = img.dimensions();
    let longest = w.max(h);
    if longest <= PREVIEW_MAX_SIDE {
        return img;
    }
    let scale = f64::from(PREVIEW_MAX_SIDE) / f64::from(longest);
    let nw = ((f64::from(w) * scale).round() as u32).max(1);
    let nh = ((f64::from(h) * scale).round() as u32).max(1);
    imageops::resize(&img, nw, nh, imageops::FilterType::Triangle)
}

/// Expands `img` with new pixels up to `ratio` (width / height). The new area continues the
/// image: it mirrors the content next to each edge and fades it toward that edge's average
/// colour with distance, so it reads as more of the scene rather than bars.
pub fn outpaint_to_ratio(img: RgbImage, ratio: f64) -> RgbImage {
    let img = shrink_for_preview(img);
    let (w, h) = img.dimensions();
    let current = f64::from(w) / f64::from(h);
    let (nw, nh) = if current > ratio {
        (w, (f64::from(w) / ratio).round() as u32)
    } else {
        ((f64::from(h) * ratio).round() as u32, h)
    };
    let off_x = (nw - w) / 2;
    let off_y = (nh - h) / 2;
    let edge_means = EdgeMeans::of(&img);
    let mut out = RgbImage::new(nw, nh);
    for y in 0..nh {
        for x in 0..nw {
            let sx = x as i64 - off_x as i64;
            let sy = y as i64 - off_y as i64;
            let inside_x = (0..w as i64).contains(&sx);
            let inside_y = (0..h as i64).contains(&sy);
            if inside_x && inside_y {
                out.put_pixel(x, y, *img.get_pixel(sx as u32, sy as u32));
                continue;
            }
            let (mx, dist_x) = mirror(sx, w);
            let (my, dist_y) = mirror(sy, h);
            let source = img.get_pixel(mx, my);
            let (mean, dist, extent) = if !inside_y {
                let mean = if sy < 0 {
                    edge_means.top
                } else {
                    edge_means.bottom
                };
                (mean, dist_y, off_y.max(1))
            } else {
                let mean = if sx < 0 {
                    edge_means.left
                } else {
                    edge_means.right
                };
                (mean, dist_x, off_x.max(1))
            };
            let t = (f64::from(dist) / f64::from(extent)).min(1.0) * 0.7;
            out.put_pixel(x, y, lerp(*source, mean, t));
        }
    }
    out
}

/// Reflects a coordinate outside `0..len` back inside; also returns how far outside it was.
fn mirror(v: i64, len: u32) -> (u32, u32) {
    let len = len as i64;
    if v < 0 {
        (((-v - 1).min(len - 1)) as u32, (-v) as u32)
    } else if v >= len {
        (
            (len - 1 - (v - len).min(len - 1)) as u32,
            (v - len + 1) as u32,
        )
    } else {
        (v as u32, 0)
    }
}

fn lerp(a: Rgb<u8>, b: Rgb<u8>, t: f64) -> Rgb<u8> {
    let mix = |x: u8, y: u8| (f64::from(x) * (1.0 - t) + f64::from(y) * t).round() as u8;
    Rgb([mix(a[0], b[0]), mix(a[1], b[1]), mix(a[2], b[2])])
}

struct EdgeMeans {
    top: Rgb<u8>,
    bottom: Rgb<u8>,
    left: Rgb<u8>,
    right: Rgb<u8>,
}

impl EdgeMeans {
    fn of(img: &RgbImage) -> Self {
        let (w, h) = img.dimensions();
        let mean = |pixels: &mut dyn Iterator<Item = Rgb<u8>>| {
            let (mut sum, mut n) = ([0u64; 3], 0u64);
            for p in pixels {
                for c in 0..3 {
                    sum[c] += u64::from(p[c]);
                }
                n += 1;
            }
            let n = n.max(1);
            Rgb([(sum[0] / n) as u8, (sum[1] / n) as u8, (sum[2] / n) as u8])
        };
        EdgeMeans {
            top: mean(&mut (0..w).map(|x| *img.get_pixel(x, 0))),
            bottom: mean(&mut (0..w).map(|x| *img.get_pixel(x, h - 1))),
            left: mean(&mut (0..h).map(|y| *img.get_pixel(0, y))),
            right: mean(&mut (0..h).map(|y| *img.get_pixel(w - 1, y))),
        }
    }
}

fn distance(a: Rgb<u8>, b: Rgb<u8>) -> u32 {
    (0..3)
        .map(|c| (i32::from(a[c]) - i32::from(b[c])).unsigned_abs())
        .sum()
}

/// Background colour of a product shot when its four corners agree (a studio shot), `None`
/// for a busy background that cannot be cut out reliably.
pub fn plain_background(img: &RgbImage) -> Option<Rgb<u8>> {
    let (w, h) = img.dimensions();
    let corners = [
        *img.get_pixel(0, 0),
        *img.get_pixel(w - 1, 0),
        *img.get_pixel(0, h - 1),
        *img.get_pixel(w - 1, h - 1),
    ];
    let agree = corners.iter().all(|c| distance(*c, corners[0]) <= 45);
    if !agree {
        return None;
    }
    let background = corners[0];
    let foreground = img
        .pixels()
        .filter(|p| distance(**p, background) > 60)
        .count();
    let share = foreground as f64 / f64::from(w * h);
    (0.03..0.9).contains(&share).then_some(background)
}

/// The product cut out of its plain background and placed on a generated background of the
/// given size; `variant` picks the background style.
pub fn product_on_generated_background(
    product: &RgbImage,
    width: u32,
    height: u32,
    variant: u64,
) -> RgbImage {
    let mut canvas = generated_background(width, height, variant);
    let Some(background) = plain_background(product) else {
        return canvas;
    };
    let product = {
        let max_w = width * 3 / 4;
        let max_h = height * 3 / 5;
        let (pw, ph) = product.dimensions();
        let scale = (f64::from(max_w) / f64::from(pw)).min(f64::from(max_h) / f64::from(ph));
        imageops::resize(
            product,
            ((f64::from(pw) * scale) as u32).max(1),
            ((f64::from(ph) * scale) as u32).max(1),
            imageops::FilterType::Triangle,
        )
    };
    let (pw, ph) = product.dimensions();
    let ox = (width - pw) / 2;
    let oy = (height - ph) / 2;
    // A soft shadow under the product so it sits on the new scene.
    let shadow_cy = f64::from(oy + ph) - 4.0;
    for y in 0..height {
        for x in 0..width {
            let dx = (f64::from(x) - f64::from(width) / 2.0) / (f64::from(pw) * 0.45);
            let dy = (f64::from(y) - shadow_cy) / (f64::from(ph) * 0.06 + 2.0);
            let d = dx * dx + dy * dy;
            if d < 1.0 {
                let p = *canvas.get_pixel(x, y);
                canvas.put_pixel(x, y, lerp(p, Rgb([30, 30, 30]), (1.0 - d) * 0.35));
            }
        }
    }
    for y in 0..ph {
        for x in 0..pw {
            let p = *product.get_pixel(x, y);
            let d = distance(p, background);
            if d > 60 {
                canvas.put_pixel(ox + x, oy + y, p);
            } else if d > 30 {
                // Feather the cut-out edge.
                let under = *canvas.get_pixel(ox + x, oy + y);
                canvas.put_pixel(ox + x, oy + y, lerp(under, p, f64::from(d - 30) / 30.0));
            }
        }
    }
    canvas
}

/// Procedural backgrounds: a warm studio gradient, a pastel pattern, a sunlit wall.
pub fn generated_background(width: u32, height: u32, variant: u64) -> RgbImage {
    let style = variant % 3;
    RgbImage::from_fn(width, height, |x, y| {
        let fx = f64::from(x) / f64::from(width.max(1));
        let fy = f64::from(y) / f64::from(height.max(1));
        match style {
            0 => {
                let glow = 1.0 - ((fx - 0.5).powi(2) + (fy - 0.35).powi(2)).sqrt();
                Rgb([
                    (200.0 + 55.0 * glow) as u8,
                    (150.0 + 70.0 * glow) as u8,
                    (120.0 + 60.0 * glow) as u8,
                ])
            }
            1 => {
                let stripe = ((fx + fy) * 12.0).sin() * 0.5 + 0.5;
                Rgb([
                    (190.0 + 40.0 * stripe) as u8,
                    (215.0 + 25.0 * stripe) as u8,
                    (235.0 + 20.0 * (1.0 - stripe)) as u8,
                ])
            }
            _ => {
                let floor = if fy > 0.7 { 0.75 } else { 1.0 };
                let light = (1.0 - (fx - 0.8).abs()) * floor;
                Rgb([
                    (170.0 + 70.0 * light) as u8,
                    (190.0 + 50.0 * light) as u8,
                    (160.0 + 40.0 * light) as u8,
                ])
            }
        }
    })
}

/// A demo photo: a sunset-like scene with a subject, so expansion has content to continue.
pub fn demo_scene(width: u32, height: u32, seed: &str) -> RgbImage {
    let hue = stable_hash(seed) % 3;
    RgbImage::from_fn(width, height, |x, y| {
        let fx = f64::from(x) / f64::from(width);
        let fy = f64::from(y) / f64::from(height);
        let sky = [
            (250.0 - 80.0 * fy, 170.0 - 60.0 * fy, 90.0 + 80.0 * fy),
            (120.0 + 60.0 * fy, 180.0 + 40.0 * fy, 240.0 - 40.0 * fy),
            (230.0 - 40.0 * fy, 200.0 - 30.0 * fy, 220.0 - 20.0 * fy),
        ][hue as usize];
        let ground = fy > 0.65 + 0.05 * (fx * 9.0).sin();
        let sun = ((fx - 0.7).powi(2) + (fy - 0.3).powi(2)).sqrt() < 0.12;
        let subject = ((fx - 0.35).powi(2) * 4.0 + (fy - 0.55).powi(2)).sqrt() < 0.16;
        if subject {
            Rgb([60, 40, 90])
        } else if sun {
            Rgb([255, 235, 150])
        } else if ground {
            Rgb([(60.0 + 40.0 * fx) as u8, (120.0 - 30.0 * fy) as u8, 70])
        } else {
            Rgb([sky.0 as u8, sky.1 as u8, sky.2 as u8])
        }
    })
}

/// A demo product shot: a simple object on a white studio background (cut-out friendly), or on
/// a busy background when `busy`.
pub fn demo_product(size: u32, seed: &str, busy: bool) -> RgbImage {
    let h = stable_hash(seed);
    let colour = Rgb([
        (h % 200) as u8 + 30,
        ((h >> 8) % 200) as u8 + 30,
        ((h >> 16) % 200) as u8 + 30,
    ]);
    let shape = (h >> 24) % 2;
    RgbImage::from_fn(size, size, |x, y| {
        let fx = f64::from(x) / f64::from(size) - 0.5;
        let fy = f64::from(y) / f64::from(size) - 0.5;
        let inside = if shape == 0 {
            (fx * fx + fy * fy).sqrt() < 0.28
        } else {
            fx.abs() < 0.2 && fy.abs() < 0.3
        };
        if inside {
            colour
        } else if busy {
            let checker = ((x / 12) + (y / 12)) % 2 == 0;
            let g = ((fx * 20.0).sin() * 60.0) as i32;
            if checker {
                Rgb([(120 + g).clamp(0, 255) as u8, 90, 60])
            } else {
                Rgb([40, (150 - g).clamp(0, 255) as u8, 200])
            }
        } else {
            Rgb([248, 248, 248])
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn outpaint_reaches_ratio_and_keeps_original() {
        let img = demo_scene(200, 200, "a");
        let out = outpaint_to_ratio(img.clone(), 9.0 / 16.0);
        let (w, h) = out.dimensions();
        assert_eq!(w, 200);
        assert!((f64::from(w) / f64::from(h) - 9.0 / 16.0).abs() < 0.01);
        let off = (h - 200) / 2;
        assert_eq!(out.get_pixel(10, off + 10), img.get_pixel(10, 10));
        // New rows are not a flat bar: they vary along the row like the image's edge does.
        let row: Vec<_> = (0..w).map(|x| *out.get_pixel(x, 2)).collect();
        assert!(row.iter().any(|p| p != &row[0]));
    }

    #[test]
    fn studio_shot_cuts_out_busy_one_does_not() {
        assert!(plain_background(&demo_product(120, "mug", false)).is_some());
        assert!(plain_background(&demo_product(120, "mug", true)).is_none());
    }

    #[test]
    fn generated_background_differs_per_variant() {
        let a = product_on_generated_background(&demo_product(100, "x", false), 80, 100, 0);
        let b = product_on_generated_background(&demo_product(100, "x", false), 80, 100, 1);
        assert_ne!(a, b);
    }
}
