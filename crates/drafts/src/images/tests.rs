use super::*;
use image::{ImageEncoder, Rgb, RgbImage, Rgba, RgbaImage};

const RED: [u8; 3] = [220, 20, 20];
const BLUE: [u8; 3] = [20, 20, 220];

/// A JPEG whose left half is red and right half blue, so rotations can be seen.
pub(crate) fn two_tone_jpeg(w: u32, h: u32) -> Vec<u8> {
    let img = RgbImage::from_fn(w, h, |x, _| Rgb(if x < w / 2 { RED } else { BLUE }));
    let mut out = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 90)
        .write_image(img.as_raw(), w, h, image::ExtendedColorType::Rgb8)
        .unwrap();
    out
}

/// Inserts an EXIF APP1 segment holding only an Orientation tag right after the JPEG's SOI.
pub(crate) fn with_exif_orientation(jpeg: &[u8], orientation: u16) -> Vec<u8> {
    let mut tiff = Vec::new();
    tiff.extend(b"MM\0\x2a"); // big-endian TIFF header
    tiff.extend(8u32.to_be_bytes()); // first IFD right after the header
    tiff.extend(1u16.to_be_bytes()); // one entry
    tiff.extend(0x0112u16.to_be_bytes()); // Orientation
    tiff.extend(3u16.to_be_bytes()); // SHORT
    tiff.extend(1u32.to_be_bytes()); // count
    tiff.extend(orientation.to_be_bytes());
    tiff.extend([0, 0]); // value padding
    tiff.extend(0u32.to_be_bytes()); // no next IFD
    let mut app1 = b"Exif\0\0".to_vec();
    app1.extend(tiff);
    let mut out = jpeg[..2].to_vec();
    out.extend([0xFF, 0xE1]);
    out.extend(((app1.len() + 2) as u16).to_be_bytes());
    out.extend(app1);
    out.extend(&jpeg[2..]);
    out
}

fn png(w: u32, h: u32) -> Vec<u8> {
    let img = RgbaImage::from_pixel(w, h, Rgba([10, 200, 10, 128]));
    let mut out = Vec::new();
    image::codecs::png::PngEncoder::new(&mut out)
        .write_image(img.as_raw(), w, h, image::ExtendedColorType::Rgba8)
        .unwrap();
    out
}

fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    if let Ok(entries) = fs::read_dir(dir) {
        for e in entries.flatten() {
            let p = e.path();
            if p.is_dir() {
                out.extend(files_under(&p));
            } else {
                out.push(p);
            }
        }
    }
    out
}

fn close(a: [u8; 3], b: [u8; 3]) -> bool {
    a.iter().zip(b).all(|(x, y)| x.abs_diff(y) < 40)
}

#[test]
fn import_keeps_a_content_addressed_copy() {
    let dir = tempfile::tempdir().unwrap();
    let store = ImageStore::new(dir.path());
    let bytes = two_tone_jpeg(640, 480);
    let img = store.import_bytes(&bytes).unwrap();

    let expected_md5 = md5_hex(&bytes);
    assert_eq!(img.image.md5, expected_md5);
    assert_eq!(img.image.format, ImageFormat::Jpeg);
    assert_eq!((img.image.width, img.image.height), (640, 480));
    assert_eq!(img.byte_len, bytes.len() as u64);
    assert_eq!(img.exif_orientation, 1);
    assert_eq!(
        img.relative_path,
        format!("images/{}/{}.jpg", &expected_md5[..2], expected_md5)
    );
    assert_eq!(
        fs::read(dir.path().join(&img.relative_path)).unwrap(),
        bytes
    );
    assert_eq!(
        store.image_path(&img.image).unwrap(),
        dir.path().join(&img.relative_path)
    );

    // The same bytes again (e.g. from a path): same record, one file, no temp files left.
    let src = dir.path().join("picked.jpeg");
    fs::write(&src, &bytes).unwrap();
    assert_eq!(store.import_path(&src).unwrap(), img);
    let kept = files_under(&dir.path().join("images"));
    assert_eq!(kept, vec![dir.path().join(&img.relative_path)]);
}

#[test]
fn md5_matches_known_vectors() {
    assert_eq!(md5_hex(b""), "d41d8cd98f00b204e9800998ecf8427e");
    assert_eq!(md5_hex(b"abc"), "900150983cd24fb0d6963f7d28e17f72");
}

#[test]
fn exif_rotation_swaps_dimensions_and_turns_the_thumbnail() {
    let dir = tempfile::tempdir().unwrap();
    let store = ImageStore::new(dir.path());
    let plain = two_tone_jpeg(800, 400);
    // 6 = rotate 90° clockwise to display: the red left half ends up on top.
    let rotated = with_exif_orientation(&plain, 6);
    let img = store.import_bytes(&rotated).unwrap();
    assert_eq!(img.exif_orientation, 6);
    assert_eq!((img.image.width, img.image.height), (400, 800));

    let thumb_path = store.thumbnail(&img.image).unwrap();
    let thumb = image::open(&thumb_path).unwrap().to_rgb8();
    assert_eq!(thumb.dimensions(), (160, 320));
    assert!(
        close(thumb.get_pixel(80, 20).0, RED),
        "{:?}",
        thumb.get_pixel(80, 20)
    );
    assert!(
        close(thumb.get_pixel(80, 300).0, BLUE),
        "{:?}",
        thumb.get_pixel(80, 300)
    );

    // 3 = 180°: dimensions stay, red moves to the right.
    let img = store
        .import_bytes(&with_exif_orientation(&plain, 3))
        .unwrap();
    assert_eq!((img.image.width, img.image.height), (800, 400));
    let thumb = image::open(store.thumbnail(&img.image).unwrap())
        .unwrap()
        .to_rgb8();
    assert_eq!(thumb.dimensions(), (320, 160));
    assert!(close(thumb.get_pixel(300, 80).0, RED));
    assert!(close(thumb.get_pixel(20, 80).0, BLUE));
}

#[test]
fn thumbnails_are_made_once_and_keep_png_transparency() {
    let dir = tempfile::tempdir().unwrap();
    let store = ImageStore::new(dir.path());
    let img = store.import_bytes(&png(1000, 500)).unwrap();
    assert_eq!(img.image.format, ImageFormat::Png);
    let path = store.thumbnail(&img.image).unwrap();
    assert!(path
        .to_string_lossy()
        .ends_with(&format!("{}_320.png", img.image.md5)));
    let thumb = image::open(&path).unwrap();
    assert_eq!((thumb.width(), thumb.height()), (320, 160));
    assert_eq!(thumb.to_rgba8().get_pixel(10, 10).0[3], 128);
    let made = fs::metadata(&path).unwrap().modified().unwrap();
    assert_eq!(store.thumbnail(&img.image).unwrap(), path);
    assert_eq!(fs::metadata(&path).unwrap().modified().unwrap(), made);
}

#[test]
fn thumbnail_of_missing_image_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let store = ImageStore::new(dir.path());
    let mut img = store.import_bytes(&two_tone_jpeg(64, 64)).unwrap().image;
    fs::remove_file(store.image_path(&img).unwrap()).unwrap();
    assert!(matches!(
        store.thumbnail(&img),
        Err(DraftsError::ImageNotFound(_))
    ));
    for bad in ["../../etc/passwd", "é", ""] {
        img.md5 = bad.into();
        assert!(matches!(
            store.thumbnail(&img),
            Err(DraftsError::ImageNotFound(_))
        ));
        assert!(store.image_path(&img).is_err());
    }
}

#[test]
fn other_formats_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let store = ImageStore::new(dir.path());
    let gif = b"GIF89a\x01\x00\x01\x00\x80\x00\x00\xff\xff\xff\x00\x00\x00!\xf9\x04\x01\x00\x00\x00\x00,\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02D\x01\x00;";
    assert!(matches!(
        store.import_bytes(gif),
        Err(DraftsError::UnsupportedImageFormat(f)) if f == "GIF"
    ));
    assert!(matches!(
        store.import_bytes(b"not an image at all"),
        Err(DraftsError::UnsupportedImageFormat(_))
    ));
    // A truncated JPEG is recognised by its magic bytes but has no readable header.
    assert!(store.import_bytes(&[0xFF, 0xD8, 0xFF, 0xE0, 0x00]).is_err());
    assert!(files_under(dir.path()).is_empty());
}

#[test]
fn meta_hash_is_recorded_per_ad_account() {
    let dir = tempfile::tempdir().unwrap();
    let images = ImageStore::new(dir.path());
    let mut store = Store::open_in_memory().unwrap();
    let img = images.import_bytes(&two_tone_jpeg(700, 700)).unwrap();
    let md5 = img.image.md5.clone();

    assert!(matches!(
        store.record_upload(&md5, "act_1", "h1"),
        Err(DraftsError::ImageNotFound(_))
    ));
    store.record_image(&img).unwrap();
    store.record_image(&img).unwrap(); // idempotent
    assert_eq!(store.image(&md5).unwrap(), Some(img.clone()));
    assert_eq!(
        store.image("ffffffffffffffffffffffffffffffff").unwrap(),
        None
    );

    assert_eq!(store.uploaded_hash(&md5, "act_1").unwrap(), None);
    store.record_upload(&md5, "act_1", "meta-hash-1").unwrap();
    assert_eq!(
        store.uploaded_hash(&md5, "act_1").unwrap().as_deref(),
        Some("meta-hash-1")
    );
    // Another account needs its own upload.
    assert_eq!(store.uploaded_hash(&md5, "act_2").unwrap(), None);
    store.record_upload(&md5, "act_2", "meta-hash-2").unwrap();
    // Re-uploading to an account replaces its hash.
    store.record_upload(&md5, "act_1", "meta-hash-1b").unwrap();
    assert_eq!(
        store.uploaded_hash(&md5, "act_1").unwrap().as_deref(),
        Some("meta-hash-1b")
    );
    assert_eq!(
        store.uploaded_hash(&md5, "act_2").unwrap().as_deref(),
        Some("meta-hash-2")
    );
}

#[test]
fn atomic_write_replaces_whole_files_and_leaves_no_temp_files() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("a/b/file.bin");
    write_atomically(&path, b"first").unwrap();
    write_atomically(&path, b"second").unwrap();
    assert_eq!(fs::read(&path).unwrap(), b"second");
    assert_eq!(files_under(dir.path()), vec![path]);
}
