//! The image store: imported images kept content-addressed by MD5, their thumbnails, and the
//! image hash Meta returned per ad account.
//!
//! MD5 because the Marketing API's image hash is widely reported to be the file's MD5; Meta
//! does not promise it, so the hash Meta actually returns is recorded per ad account
//! ([`Store::record_upload`]) and reuse relies on that, never on the local MD5.
//!
//! Import and thumbnails do disk I/O and (for thumbnails) a full decode: call them off the UI
//! thread (`spawn_blocking`).

use std::fs::{self, File};
use std::io::{Cursor, Write};
use std::path::{Path, PathBuf};

use image::{DynamicImage, ImageDecoder, ImageReader};
use md5::{Digest, Md5};
use rusqlite::{params, OptionalExtension};

use crate::error::{DraftsError, Result};
use crate::model::{ImageFormat, ImageRef, ImportedImage};
use crate::store::{now_ms, Store};

/// Longest side of the thumbnails the draft list and editor show.
pub const THUMBNAIL_SIDE: u32 = 320;

/// Files under one root: `images/ab/abcdef….jpg` and `thumbs/ab/abcdef…_320.jpg`.
#[derive(Debug, Clone)]
pub struct ImageStore {
    root: PathBuf,
}

impl ImageStore {
    pub fn new(root: impl Into<PathBuf>) -> ImageStore {
        ImageStore { root: root.into() }
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    /// Imports a file picked or dropped by the user.
    pub fn import_path(&self, path: impl AsRef<Path>) -> Result<ImportedImage> {
        let bytes = fs::read(path)?;
        self.import_bytes(&bytes)
    }

    /// Imports image bytes: hashes them, reads format, dimensions and EXIF orientation from the
    /// header (no pixel decode), and keeps a copy named by the hash. Importing the same bytes
    /// again rewrites nothing.
    pub fn import_bytes(&self, bytes: &[u8]) -> Result<ImportedImage> {
        let format = detect_format(bytes);
        if !matches!(format, ImageFormat::Jpeg | ImageFormat::Png) {
            return Err(DraftsError::UnsupportedImageFormat(
                format.extension().to_uppercase(),
            ));
        }
        let md5 = md5_hex(bytes);
        let (width, height, orientation) = header_facts(bytes)?;
        let relative_path = relative_image_path(&md5, format)?;
        let full = self.root.join(&relative_path);
        if !full.exists() {
            write_atomically(&full, bytes)?;
        }
        Ok(ImportedImage {
            image: ImageRef {
                md5,
                format,
                width,
                height,
            },
            byte_len: bytes.len() as u64,
            exif_orientation: orientation,
            relative_path,
        })
    }

    /// Where the kept copy of an image is. Refuses a malformed hash (it names a path).
    pub fn image_path(&self, image: &ImageRef) -> Result<PathBuf> {
        Ok(self
            .root
            .join(relative_image_path(&image.md5, image.format)?))
    }

    /// The thumbnail of an imported image, at most `THUMBNAIL_SIDE` on its longest side and
    /// turned upright by its EXIF orientation; made on first request, then reused. JPEG for
    /// JPEG images, PNG for PNG images (keeps transparency).
    pub fn thumbnail(&self, image: &ImageRef) -> Result<PathBuf> {
        let (ext, shard) = (image.format.extension(), shard(&image.md5)?);
        let path = self
            .root
            .join("thumbs")
            .join(shard)
            .join(format!("{}_{THUMBNAIL_SIDE}.{ext}", image.md5));
        if path.exists() {
            return Ok(path);
        }
        let source = self.image_path(image)?;
        let bytes = fs::read(&source).map_err(|e| match e.kind() {
            std::io::ErrorKind::NotFound => DraftsError::ImageNotFound(image.md5.clone()),
            _ => DraftsError::Io(e),
        })?;
        let encoded = make_thumbnail(&bytes, image.format, THUMBNAIL_SIDE)?;
        write_atomically(&path, &encoded)?;
        Ok(path)
    }
}

/// Decodes, turns upright and shrinks an image, returning the encoded thumbnail.
pub fn make_thumbnail(bytes: &[u8], format: ImageFormat, side: u32) -> Result<Vec<u8>> {
    let mut decoder = ImageReader::new(Cursor::new(bytes))
        .with_guessed_format()?
        .into_decoder()?;
    let orientation = decoder.orientation()?;
    let mut img = DynamicImage::from_decoder(decoder)?;
    img.apply_orientation(orientation);
    let thumb = img.thumbnail(side, side);
    let mut out = Vec::new();
    match format {
        ImageFormat::Png => thumb.write_to(&mut Cursor::new(&mut out), image::ImageFormat::Png)?,
        _ => {
            // JPEG has no alpha channel: flatten to RGB first.
            let rgb = DynamicImage::ImageRgb8(thumb.to_rgb8());
            let encoder = image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 82);
            rgb.write_with_encoder(encoder)?;
        }
    }
    Ok(out)
}

/// Format from the file's magic bytes (not its name: drops often have wrong extensions).
pub fn detect_format(bytes: &[u8]) -> ImageFormat {
    match image::guess_format(bytes) {
        Ok(image::ImageFormat::Jpeg) => ImageFormat::Jpeg,
        Ok(image::ImageFormat::Png) => ImageFormat::Png,
        Ok(image::ImageFormat::Gif) => ImageFormat::Gif,
        Ok(image::ImageFormat::WebP) => ImageFormat::Webp,
        _ => ImageFormat::Other,
    }
}

/// Displayed width, height (swapped for 90°/270° EXIF orientations) and the EXIF orientation
/// (1–8), read from the header only.
pub fn header_facts(bytes: &[u8]) -> Result<(u32, u32, u8)> {
    let mut decoder = ImageReader::new(Cursor::new(bytes))
        .with_guessed_format()?
        .into_decoder()?;
    let (w, h) = decoder.dimensions();
    let orientation = decoder.orientation()?;
    let exif = orientation.to_exif();
    // EXIF 5–8 are the orientations that rotate by a quarter turn.
    Ok(if (5..=8).contains(&exif) {
        (h, w, exif)
    } else {
        (w, h, exif)
    })
}

pub fn md5_hex(bytes: &[u8]) -> String {
    let digest = Md5::digest(bytes);
    let mut s = String::with_capacity(32);
    for b in digest {
        s.push_str(&format!("{b:02x}"));
    }
    s
}

fn shard(md5: &str) -> Result<&str> {
    // The hash names paths: refuse anything that is not 32 hex digits.
    if md5.len() != 32 || !md5.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(DraftsError::ImageNotFound(md5.to_owned()));
    }
    Ok(&md5[..2])
}

fn relative_image_path(md5: &str, format: ImageFormat) -> Result<String> {
    Ok(format!(
        "images/{}/{md5}.{}",
        shard(md5)?,
        format.extension()
    ))
}

/// Writes a file so that it is either absent or complete, even across a crash: a temporary
/// file in the same folder, fsync, rename over the final name, fsync of the folder (so the
/// rename itself is durable).
pub fn write_atomically(path: &Path, bytes: &[u8]) -> Result<()> {
    let dir = path
        .parent()
        .ok_or_else(|| std::io::Error::other("image path has no folder"))?;
    fs::create_dir_all(dir)?;
    let tmp = dir.join(format!(
        ".{}.{}.tmp",
        path.file_name().and_then(|n| n.to_str()).unwrap_or("image"),
        uuid::Uuid::new_v4()
    ));
    let result = (|| {
        let mut f = File::create(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
        drop(f);
        fs::rename(&tmp, path)?;
        sync_dir(dir)
    })();
    if result.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    Ok(result?)
}

#[cfg(unix)]
fn sync_dir(dir: &Path) -> std::io::Result<()> {
    File::open(dir)?.sync_all()
}

#[cfg(not(unix))]
fn sync_dir(_dir: &Path) -> std::io::Result<()> {
    // Windows cannot open a folder as a file; NTFS journals the rename itself.
    Ok(())
}

impl Store {
    /// Remembers an imported image (idempotent).
    pub fn record_image(&mut self, img: &ImportedImage) -> Result<()> {
        self.conn.execute(
            "INSERT INTO images (md5, format, width, height, byte_len, exif_orientation,
                 relative_path, imported_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)
             ON CONFLICT (md5) DO NOTHING",
            params![
                img.image.md5,
                img.image.format.extension(),
                img.image.width,
                img.image.height,
                img.byte_len as i64,
                img.exif_orientation,
                img.relative_path,
                now_ms()
            ],
        )?;
        Ok(())
    }

    pub fn image(&self, md5: &str) -> Result<Option<ImportedImage>> {
        Ok(self
            .conn
            .query_row(
                "SELECT md5, format, width, height, byte_len, exif_orientation, relative_path
                 FROM images WHERE md5 = ?1",
                [md5],
                |r| {
                    let ext: String = r.get(1)?;
                    let format = match ext.as_str() {
                        "jpg" => ImageFormat::Jpeg,
                        "png" => ImageFormat::Png,
                        "gif" => ImageFormat::Gif,
                        "webp" => ImageFormat::Webp,
                        _ => ImageFormat::Other,
                    };
                    Ok(ImportedImage {
                        image: ImageRef {
                            md5: r.get(0)?,
                            format,
                            width: r.get(2)?,
                            height: r.get(3)?,
                        },
                        byte_len: r.get::<_, i64>(4)? as u64,
                        exif_orientation: r.get(5)?,
                        relative_path: r.get(6)?,
                    })
                },
            )
            .optional()?)
    }

    /// Records the image hash Meta returned after uploading `md5` to `ad_account_id`. A later
    /// upload to the same account replaces it (Meta may have deleted the old one).
    pub fn record_upload(&mut self, md5: &str, ad_account_id: &str, meta_hash: &str) -> Result<()> {
        let changed = self.conn.execute(
            "INSERT INTO image_uploads (md5, ad_account_id, meta_hash, uploaded_at)
             SELECT ?1, ?2, ?3, ?4 WHERE EXISTS (SELECT 1 FROM images WHERE md5 = ?1)
             ON CONFLICT (md5, ad_account_id)
             DO UPDATE SET meta_hash = excluded.meta_hash, uploaded_at = excluded.uploaded_at",
            params![md5, ad_account_id, meta_hash, now_ms()],
        )?;
        if changed == 0 {
            return Err(DraftsError::ImageNotFound(md5.to_owned()));
        }
        Ok(())
    }

    /// The hash to reuse for `md5` in `ad_account_id`, or `None` when it must be uploaded there.
    pub fn uploaded_hash(&self, md5: &str, ad_account_id: &str) -> Result<Option<String>> {
        Ok(self
            .conn
            .query_row(
                "SELECT meta_hash FROM image_uploads WHERE md5 = ?1 AND ad_account_id = ?2",
                [md5, ad_account_id],
                |r| r.get(0),
            )
            .optional()?)
    }
}

#[cfg(test)]
mod tests;
