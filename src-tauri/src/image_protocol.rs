//! `adwright-image://localhost/<md5>/thumb` (on Windows `http://adwright-image.localhost/…`):
//! serves thumbnails of images in the image store, and nothing else. The path names a content
//! hash, never a file: a malformed hash or an image the store does not know is a 404.

use tauri::http::{header, Request, Response, StatusCode};
use tauri::{Runtime, UriSchemeContext, UriSchemeResponder};

use crate::blocking::run_blocking;
use crate::drafting::{drafts, Drafts};

pub const SCHEME: &str = "adwright-image";

/// The scheme's handler; answers off the UI thread.
pub fn handle<R: Runtime>(
    context: UriSchemeContext<'_, R>,
    request: Request<Vec<u8>>,
    responder: UriSchemeResponder,
) {
    let app = context.app_handle().clone();
    tauri::async_runtime::spawn(async move {
        let path = request.uri().path().to_owned();
        let response = if request.method() != tauri::http::Method::GET {
            status(StatusCode::METHOD_NOT_ALLOWED)
        } else {
            match drafts(&app).await {
                Ok(engine) => run_blocking(move || Ok(respond(&engine, &path)))
                    .await
                    .unwrap_or_else(|_| status(StatusCode::INTERNAL_SERVER_ERROR)),
                Err(_) => status(StatusCode::SERVICE_UNAVAILABLE),
            }
        };
        responder.respond(response);
    });
}

/// True for a lowercase hex MD5 (32 characters), the only names the image store has.
pub fn is_md5(text: &str) -> bool {
    text.len() == 32
        && text
            .bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

/// The response for `path` (`/<md5>/thumb`). Blocks (may make the thumbnail).
pub fn respond(engine: &Drafts, path: &str) -> Response<Vec<u8>> {
    let mut parts = path.trim_start_matches('/').split('/');
    let (Some(md5), Some("thumb"), None) = (parts.next(), parts.next(), parts.next()) else {
        return status(StatusCode::NOT_FOUND);
    };
    if !is_md5(md5) {
        return status(StatusCode::NOT_FOUND);
    }
    let known = match engine.store().image(md5) {
        Ok(Some(known)) => known,
        Ok(None) => return status(StatusCode::NOT_FOUND),
        Err(_) => return status(StatusCode::INTERNAL_SERVER_ERROR),
    };
    let bytes = match engine
        .images()
        .thumbnail(&known.image)
        .and_then(|file| Ok(std::fs::read(file)?))
    {
        Ok(bytes) => bytes,
        Err(drafts::DraftsError::ImageNotFound(_)) => return status(StatusCode::NOT_FOUND),
        Err(_) => return status(StatusCode::INTERNAL_SERVER_ERROR),
    };
    let mime = match known.image.format {
        drafts::ImageFormat::Png => "image/png",
        _ => "image/jpeg",
    };
    Response::builder()
        .status(StatusCode::OK)
        .header(header::CONTENT_TYPE, mime)
        // Named by its content: it can never change.
        .header(header::CACHE_CONTROL, "max-age=31536000, immutable")
        .header("X-Content-Type-Options", "nosniff")
        .body(bytes)
        .unwrap_or_else(|_| status(StatusCode::INTERNAL_SERVER_ERROR))
}

fn status(code: StatusCode) -> Response<Vec<u8>> {
    let mut response = Response::new(Vec::new());
    *response.status_mut() = code;
    response
}
