//! HTTP transport: one hyper service per connection; latency, fault injection, the
//! `/__sandbox/*` control and preview routes, persistence after writes.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use hyper::body::Incoming;
use hyper::{Request, Response, StatusCode};
use serde_json::{json, Value};

use crate::faults::{Fault, FaultKind};
use crate::graph::{route_key, Core, Reply};
use crate::seed::SavedSeed;

/// Returned by the service to make hyper close the connection without a reply.
#[derive(Debug, thiserror::Error)]
#[error("connection dropped by fault injection")]
pub struct DropConnection;

pub struct Server {
    pub core: Core,
    pub latency: Duration,
    pub state_file: Option<PathBuf>,
    pub saved_seed: SavedSeed,
}

type Body = Full<Bytes>;

fn respond(
    status: u16,
    content_type: &str,
    body: impl Into<Bytes>,
    headers: &[(String, String)],
) -> Response<Body> {
    let mut builder = Response::builder()
        .status(StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR))
        .header("content-type", content_type);
    for (name, value) in headers {
        builder = builder.header(name.as_str(), value.as_str());
    }
    builder
        .body(Full::new(body.into()))
        .expect("static response parts are valid")
}

fn json_response(reply: &Reply) -> Response<Body> {
    let mut headers = reply.headers.clone();
    if reply.status >= 400 {
        // Graph marks its error replies with this header too.
        headers.push((
            "www-authenticate".into(),
            "OAuth \"Facebook Platform\" \"invalid_request\"".into(),
        ));
    }
    respond(
        reply.status,
        "application/json; charset=UTF-8",
        reply.body.to_string(),
        &headers,
    )
}

impl Server {
    pub async fn handle(
        self: Arc<Self>,
        request: Request<Incoming>,
    ) -> Result<Response<Body>, DropConnection> {
        if !self.latency.is_zero() {
            tokio::time::sleep(self.latency).await;
        }
        let method = request.method().as_str().to_string();
        let path = request.uri().path().to_string();
        let query = request.uri().query().map(str::to_string);
        let header = |name: &str| {
            request
                .headers()
                .get(name)
                .and_then(|v| v.to_str().ok())
                .map(str::to_string)
        };
        let content_type = header("content-type");
        let authorization = header("authorization");
        let body = match request.into_body().collect().await {
            Ok(collected) => collected.to_bytes(),
            Err(_) => return Err(DropConnection),
        };

        if let Some(rest) = path.strip_prefix("/__sandbox/") {
            return Ok(self.control(&method, rest, query.as_deref(), &body));
        }

        let fault = self.core.faults.take(&route_key(&method, &path));
        match fault.as_ref().map(|f| f.kind) {
            Some(FaultKind::DropBeforeWrite) => return Err(DropConnection),
            Some(FaultKind::Http500) => {
                return Ok(respond(
                    500,
                    "text/html; charset=utf-8",
                    "<html><body><h1>500 Internal Server Error</h1></body></html>",
                    &[],
                ))
            }
            Some(FaultKind::UnknownError) => {
                return Ok(json_response(
                    &self
                        .core
                        .error_reply(&crate::errors::GraphError::unknown(), vec![]),
                ))
            }
            Some(FaultKind::ServiceUnavailable) => {
                return Ok(json_response(&self.core.error_reply(
                    &crate::errors::GraphError::service_unavailable(),
                    vec![],
                )))
            }
            Some(FaultKind::Slow) => {
                let delay = fault.as_ref().and_then(|f| f.delay_ms).unwrap_or(2000);
                tokio::time::sleep(Duration::from_millis(delay)).await;
            }
            _ => {}
        }

        let reply = match crate::wire::parse_request(
            &method,
            &path,
            query.as_deref(),
            content_type.as_deref(),
            authorization.as_deref(),
            body,
        )
        .await
        {
            Ok(wire) => {
                let reply = self.core.handle(&wire);
                if wire.method != "GET" || wire.path.contains("previews") {
                    self.save();
                }
                reply
            }
            Err(e) => self.core.error_reply(&e, vec![]),
        };
        if fault.is_some_and(|f| f.kind == FaultKind::DropAfterWrite) {
            return Err(DropConnection);
        }
        Ok(json_response(&reply))
    }

    fn save(&self) {
        let Some(path) = &self.state_file else { return };
        let world = self.core.world.lock().expect("world lock poisoned");
        if let Err(e) = crate::persist::save(path, &self.saved_seed, &world) {
            eprintln!("graph-sandbox: could not save state: {e}");
        }
    }

    /// `/__sandbox/faults` (GET list, POST add, DELETE clear), preview pages and images.
    fn control(
        &self,
        method: &str,
        rest: &str,
        query: Option<&str>,
        body: &[u8],
    ) -> Response<Body> {
        let segments: Vec<&str> = rest.split('/').filter(|s| !s.is_empty()).collect();
        let json_ok = |v: Value| respond(200, "application/json", v.to_string(), &[]);
        let not_found = || respond(404, "text/plain", "not found", &[]);
        match (method, segments.as_slice()) {
            ("GET", ["faults"]) => json_ok(json!({ "faults": self.core.faults.list() })),
            ("POST", ["faults"]) => {
                let parsed: Result<Vec<Fault>, _> = serde_json::from_slice::<Fault>(body)
                    .map(|f| vec![f])
                    .or_else(|_| serde_json::from_slice::<Vec<Fault>>(body));
                match parsed {
                    Ok(faults) => {
                        for f in faults {
                            self.core.faults.inject(f);
                        }
                        json_ok(json!({ "faults": self.core.faults.list() }))
                    }
                    Err(e) => respond(
                        400,
                        "application/json",
                        json!({"error": format!("invalid fault: {e}")}).to_string(),
                        &[],
                    ),
                }
            }
            ("DELETE", ["faults"]) => {
                self.core.faults.clear();
                json_ok(json!({ "faults": [] }))
            }
            ("GET", ["preview", id]) => {
                let world = self.core.world.lock().expect("world lock poisoned");
                match crate::routes::previews::preview_page(&world, &self.core.base_url, id) {
                    Some(html) => respond(200, "text/html; charset=utf-8", html, &[]),
                    None => not_found(),
                }
            }
            ("GET", ["preview", id, "image.png"]) => {
                let index = query
                    .and_then(|q| {
                        form_urlencoded::parse(q.as_bytes())
                            .find(|(k, _)| k == "i")
                            .map(|(_, v)| v.into_owned())
                    })
                    .and_then(|v| v.parse().ok())
                    .unwrap_or(0);
                let world = self.core.world.lock().expect("world lock poisoned");
                match crate::routes::previews::preview_image(&world, id, index) {
                    Some(png) => respond(200, "image/png", png, &[]),
                    None => not_found(),
                }
            }
            ("GET", ["images", file]) => {
                let hash = file.trim_end_matches(".png");
                let world = self.core.world.lock().expect("world lock poisoned");
                match world.blobs.get(hash) {
                    Some(blob) => {
                        let kind = if blob.bytes.starts_with(&[0xff, 0xd8]) {
                            "image/jpeg"
                        } else {
                            "image/png"
                        };
                        respond(200, kind, blob.bytes.clone(), &[])
                    }
                    None => not_found(),
                }
            }
            _ => not_found(),
        }
    }
}
