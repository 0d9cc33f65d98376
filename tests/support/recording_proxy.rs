//! A recording HTTP proxy for tests: forwards every request to `target` and logs
//! `METHOD /path` (never the query, which may carry a token). Put in front of graph-sandbox,
//! it is a second Graph base URL the app knows nothing about.

use std::net::SocketAddr;
use std::sync::{Arc, Mutex};

use http_body_util::{BodyExt, Full};
use hyper::body::{Bytes, Incoming};
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper::{Request, Response};
use hyper_util::rt::TokioIo;

pub struct RecordingProxy {
    pub url: String,
    log: Arc<Mutex<Vec<String>>>,
}

impl RecordingProxy {
    /// Binds a free loopback port now (so the sandbox can be told its public address) and
    /// forwards to `target` once `forward_to` is called.
    pub fn bind() -> (std::net::TcpListener, String) {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind proxy");
        let addr: SocketAddr = listener.local_addr().expect("addr");
        (listener, format!("http://{addr}"))
    }

    /// Serves on `listener` (from `bind`), forwarding to `target`. Call inside a Tokio runtime.
    pub fn serve(listener: std::net::TcpListener, url: String, target: String) -> RecordingProxy {
        listener.set_nonblocking(true).expect("nonblocking");
        let listener = tokio::net::TcpListener::from_std(listener).expect("tokio listener");
        let log = Arc::new(Mutex::new(Vec::new()));
        let client = reqwest::Client::new();
        let shared = (log.clone(), client, Arc::new(target));
        tokio::spawn(async move {
            loop {
                let Ok((stream, _)) = listener.accept().await else {
                    continue;
                };
                let (log, client, target) = shared.clone();
                tokio::spawn(async move {
                    let service = service_fn(move |req| {
                        forward(req, log.clone(), client.clone(), target.clone())
                    });
                    let _ = http1::Builder::new()
                        .serve_connection(TokioIo::new(stream), service)
                        .await;
                });
            }
        });
        RecordingProxy { url, log }
    }

    /// Every request forwarded so far, as `METHOD /path`.
    pub fn requests(&self) -> Vec<String> {
        self.log.lock().unwrap().clone()
    }
}

async fn forward(
    req: Request<Incoming>,
    log: Arc<Mutex<Vec<String>>>,
    client: reqwest::Client,
    target: Arc<String>,
) -> Result<Response<Full<Bytes>>, hyper::Error> {
    let method = req.method().clone();
    let path_and_query = req
        .uri()
        .path_and_query()
        .map(|p| p.as_str().to_owned())
        .unwrap_or_else(|| "/".into());
    log.lock()
        .unwrap()
        .push(format!("{method} {}", req.uri().path()));
    let headers = req.headers().clone();
    let body = req.into_body().collect().await?.to_bytes();
    let mut out = client.request(
        reqwest::Method::from_bytes(method.as_str().as_bytes()).expect("method"),
        format!("{target}{path_and_query}"),
    );
    for name in ["content-type", "authorization"] {
        if let Some(value) = headers.get(name) {
            out = out.header(name, value.as_bytes());
        }
    }
    let reply = match out.body(body.to_vec()).send().await {
        Ok(reply) => reply,
        Err(_) => {
            return Ok(Response::builder()
                .status(502)
                .body(Full::new(Bytes::new()))
                .expect("response"))
        }
    };
    let mut response = Response::builder().status(reply.status().as_u16());
    for (name, value) in reply.headers() {
        let name = name.as_str();
        if name == "content-type" || name.starts_with("x-") {
            response = response.header(name, value.as_bytes());
        }
    }
    let bytes = reply.bytes().await.unwrap_or_default();
    Ok(response.body(Full::new(bytes)).expect("response"))
}
