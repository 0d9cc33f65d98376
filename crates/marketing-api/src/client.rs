//! The HTTP client: builds requests exactly like the Python SDK, sends them with a
//! timeout, reads usage headers, throttles, classifies errors and retries reads.

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use reqwest::header::{HeaderValue, ACCEPT, CONTENT_TYPE, USER_AGENT};
use serde::de::DeserializeOwned;
use serde_json::Value;
use url::Url;

use crate::calls::{self, Call, Method};
use crate::config::Config;
use crate::error::{ApiError, Error, ErrorKind, GraphError};
use crate::retry::random_u64;
use crate::secret::{redact_url, scrub, AccessToken};
use crate::types::{
    Ad, AdAccount, AdCreative, AdImage, AdSetListed, DebugToken, ImageUpload, Page, Paged,
    ProductSet, Status, User,
};
use crate::usage::Usage;
use crate::wire::{multipart_body, urlencode};

/// Upper bound on pages fetched by [`Client::list_all`], against a server that never
/// stops saying "next".
const MAX_PAGES: usize = 1000;

/// The Marketing API client. Cheap to clone; clones share throttling state.
#[derive(Clone)]
pub struct Client {
    inner: Arc<Inner>,
}

struct Inner {
    http: reqwest::Client,
    config: Config,
    token: AccessToken,
    state: Mutex<ThrottleState>,
}

#[derive(Default)]
struct ThrottleState {
    usage: Usage,
    /// Spacing between calls derived from the last usage headers.
    spacing: Duration,
    /// Earliest start of the next call (calls are spaced by `spacing`).
    next_slot: Option<Instant>,
    /// Graph said access is blocked until then.
    blocked_until: Option<Instant>,
}

impl std::fmt::Debug for Client {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Client")
            .field("base_url", &self.inner.config.base_url().as_str())
            .field("api_version", &self.inner.config.api_version())
            .field("token", &self.inner.token)
            .finish()
    }
}

impl Client {
    pub fn new(config: Config, token: AccessToken) -> Result<Self, Error> {
        let mut builder = reqwest::Client::builder()
            .timeout(config.timeout)
            .connect_timeout(config.connect_timeout);
        if let Some(proxy) = &config.proxy {
            let proxy = reqwest::Proxy::all(proxy.as_str())
                .map_err(|e| Error::Config(format!("proxy: {}", e.without_url())))?;
            builder = builder.proxy(proxy);
        }
        let http = builder
            .build()
            .map_err(|e| Error::Config(format!("HTTP client: {}", e.without_url())))?;
        Ok(Self {
            inner: Arc::new(Inner {
                http,
                config,
                token,
                state: Mutex::new(ThrottleState::default()),
            }),
        })
    }

    pub fn config(&self) -> &Config {
        &self.inner.config
    }

    /// What the latest reply's usage headers said.
    pub fn usage(&self) -> Usage {
        self.state().usage.clone()
    }

    fn state(&self) -> std::sync::MutexGuard<'_, ThrottleState> {
        self.inner.state.lock().unwrap_or_else(|p| p.into_inner())
    }

    fn secrets(&self) -> Vec<String> {
        let mut s = vec![self.inner.token.expose().to_owned()];
        if let Some(secret) = &self.inner.config.app_secret {
            s.push(secret.proof(&self.inner.token));
        }
        s
    }

    fn scrub(&self, text: &str) -> String {
        let secrets = self.secrets();
        let refs: Vec<&str> = secrets.iter().map(String::as_str).collect();
        scrub(text, &refs)
    }

    /// The request a call is sent as (REFERENCE §1.1): `access_token` (and
    /// `appsecret_proof`) in the query; GET params in the query, POST params as a
    /// `+`-encoded form, or multipart when there are files.
    pub fn build_request<T>(&self, call: &Call<T>) -> Result<reqwest::Request, Error> {
        let cfg = &self.inner.config;
        let mut url = version_url(cfg.base_url(), cfg.api_version());
        {
            let base_path = url.path().to_owned();
            url.set_path(&format!("{base_path}{}", call.path.relative()));
        }
        let mut query = vec![(
            "access_token".to_owned(),
            self.inner.token.expose().to_owned(),
        )];
        if let Some(secret) = &cfg.app_secret {
            query.push(("appsecret_proof".into(), secret.proof(&self.inner.token)));
        }
        let mut body: Option<(Vec<u8>, String)> = None;
        match call.method {
            Method::Get | Method::Delete => {
                query.extend(call.params.pairs().iter().cloned());
                if call.is_edge_read() {
                    query.push(("summary".into(), "true".into()));
                }
                if let Some(after) = &call.after {
                    query.push(("after".into(), after.clone()));
                }
            }
            Method::Post if call.files.is_empty() => {
                body = Some((
                    urlencode(call.params.pairs()).into_bytes(),
                    "application/x-www-form-urlencoded".into(),
                ));
            }
            Method::Post => {
                let boundary = format!("{:016x}{:016x}", random_u64(), random_u64());
                body = Some((
                    multipart_body(&boundary, call.params.pairs(), &call.files),
                    format!("multipart/form-data; boundary={boundary}"),
                ));
            }
        }
        url.set_query(Some(&urlencode(&query)));
        let method = match call.method {
            Method::Get => reqwest::Method::GET,
            Method::Post => reqwest::Method::POST,
            Method::Delete => reqwest::Method::DELETE,
        };
        let mut req = reqwest::Request::new(method, url);
        let h = req.headers_mut();
        h.insert(
            USER_AGENT,
            HeaderValue::from_str(&cfg.user_agent)
                .map_err(|_| Error::Config("user agent is not a valid header".into()))?,
        );
        h.insert(ACCEPT, HeaderValue::from_static("*/*"));
        if let Some((bytes, content_type)) = body {
            h.insert(
                CONTENT_TYPE,
                HeaderValue::from_str(&content_type).expect("ASCII content type"),
            );
            *req.body_mut() = Some(bytes.into());
        }
        *req.timeout_mut() = Some(cfg.timeout);
        Ok(req)
    }

    /// Send a call. Reads (and calls marked retry-safe) are retried with backoff on
    /// transient errors and after an advertised rate-limit wait no longer than
    /// `Config::max_rate_limit_wait`; writes are sent once (see [`crate::writes`]).
    pub async fn execute<T: DeserializeOwned>(&self, call: &Call<T>) -> Result<T, Error> {
        let policy = &self.inner.config.retry;
        let mut attempt = 0;
        loop {
            let err = match self.send_once(call).await {
                Ok(v) => return Ok(v),
                Err(e) => e,
            };
            attempt += 1;
            if !call.retry_safe || attempt >= policy.max_attempts.max(1) {
                return Err(err);
            }
            match err.kind() {
                ErrorKind::Transient => {
                    let d = policy.delay(attempt - 1);
                    tracing::debug!(attempt, delay_ms = d.as_millis() as u64, "retrying read");
                    tokio::time::sleep(d).await;
                }
                // The wait is applied by the throttle gate of the next attempt.
                ErrorKind::RateLimited {
                    retry_after_secs: Some(s),
                } if Duration::from_secs(s) <= self.inner.config.max_rate_limit_wait => {}
                _ => return Err(err),
            }
        }
    }

    /// Every item of an edge, following `after` cursors while Graph reports a next page.
    pub async fn list_all<T: DeserializeOwned>(
        &self,
        call: Call<Paged<T>>,
    ) -> Result<Vec<T>, Error> {
        let mut out = Vec::new();
        let mut call = call;
        for _ in 0..MAX_PAGES {
            let page = self.execute(&call).await?;
            let next = page.next_cursor().map(str::to_owned);
            out.extend(page.data);
            match next {
                Some(c) => call = call.with_after(Some(c)),
                None => return Ok(out),
            }
        }
        Err(Error::Decode(format!("more than {MAX_PAGES} pages")))
    }

    /// One attempt: wait for the throttle, send, read usage, interpret the reply.
    pub(crate) async fn send_once<T: DeserializeOwned>(&self, call: &Call<T>) -> Result<T, Error> {
        let value = self.send_raw(call).await?;
        serde_json::from_value(value).map_err(|e| Error::Decode(self.scrub(&format!("{e}"))))
    }

    pub(crate) async fn send_raw<T>(&self, call: &Call<T>) -> Result<Value, Error> {
        let wait = self.gate()?;
        if !wait.is_zero() {
            tokio::time::sleep(wait).await;
        }
        let req = self.build_request(call)?;
        let shown_url = redact_url(req.url());
        let started = Instant::now();
        let res = self.inner.http.execute(req).await;
        let res = match res {
            Ok(r) => r,
            Err(e) => {
                tracing::debug!(method = call.method.as_str(), url = %shown_url, error = %e.without_url_ref(), "transport error");
                return Err(self.transport_error(e));
            }
        };
        let status = res.status().as_u16();
        let usage = Usage::from_headers(res.headers());
        let bytes = res.bytes().await.map_err(|e| self.transport_error(e))?;
        tracing::debug!(
            method = call.method.as_str(),
            url = %shown_url,
            status,
            ms = started.elapsed().as_millis() as u64,
            "graph call"
        );
        let parsed: Option<Value> = serde_json::from_slice(&bytes).ok();
        let result = self.interpret(status, parsed, &usage);
        self.record_usage(
            usage,
            matches!(&result, Err(e) if matches!(e.kind(), ErrorKind::RateLimited { .. })),
        );
        result
    }

    /// Success/failure like `FacebookResponse.is_success` (REFERENCE §1.1): an `error`
    /// key means failure whatever the HTTP status.
    fn interpret(&self, status: u16, body: Option<Value>, usage: &Usage) -> Result<Value, Error> {
        match body {
            Some(Value::Object(mut map)) if map.contains_key("error") => {
                let raw = map.remove("error").unwrap_or_default();
                let mut g: GraphError = match serde_json::from_value(raw) {
                    Ok(g) => g,
                    Err(_) => GraphError {
                        message: "unreadable error object".into(),
                        ..GraphError::default()
                    },
                };
                g.message = self.scrub(&g.message);
                g.error_user_msg = g.error_user_msg.map(|m| self.scrub(&m));
                g.error_user_title = g.error_user_title.map(|m| self.scrub(&m));
                let kind = g.classify(usage.regain_wait());
                Err(Error::Graph(Box::new(ApiError {
                    kind,
                    graph: g,
                    http_status: status,
                })))
            }
            _ if status >= 500 => Err(Error::Http(status)),
            Some(Value::Object(map)) if map.get("success") == Some(&Value::Bool(false)) => {
                Err(Error::Graph(Box::new(ApiError {
                    kind: ErrorKind::Other,
                    graph: GraphError {
                        message: "Facebook reported the update as not successful".into(),
                        ..GraphError::default()
                    },
                    http_status: status,
                })))
            }
            Some(v) if status < 400 => Ok(v),
            _ => Err(Error::Http(status)),
        }
    }

    fn transport_error(&self, e: reqwest::Error) -> Error {
        if e.is_timeout() {
            Error::Timeout(self.inner.config.timeout)
        } else {
            Error::Network(e.without_url())
        }
    }

    /// How long to wait before the next call, or a refusal while Graph's advertised block
    /// is longer than the client may sit out.
    fn gate(&self) -> Result<Duration, Error> {
        let now = Instant::now();
        let mut st = self.state();
        let mut wait = Duration::ZERO;
        if let Some(until) = st.blocked_until.filter(|u| *u > now) {
            let remaining = until - now;
            if remaining > self.inner.config.max_rate_limit_wait {
                return Err(Error::Throttled {
                    retry_after: remaining,
                });
            }
            wait = remaining;
        }
        let slot = st.next_slot.map_or(now, |s| s.max(now));
        st.next_slot = Some(slot + st.spacing);
        Ok(wait.max(slot - now))
    }

    fn record_usage(&self, usage: Usage, rate_limited: bool) {
        let mut st = self.state();
        let now = Instant::now();
        if let Some(w) = usage.regain_wait() {
            // Blocked by Graph's own account: honour it whether or not this reply failed.
            if rate_limited || usage.max_pct() >= 100.0 {
                st.blocked_until = Some(now + w);
            }
        }
        if usage.is_empty() {
            return;
        }
        st.spacing = usage.slow_down(self.inner.config.slow_down_at_pct);
        if !st.spacing.is_zero() {
            tracing::debug!(
                pct = usage.max_pct(),
                spacing_ms = st.spacing.as_millis() as u64,
                "slowing down"
            );
        }
        st.usage = usage;
    }

    // ---- typed calls --------------------------------------------------------------

    pub async fn me(&self) -> Result<User, Error> {
        self.execute(&calls::me(&["id", "name"])).await
    }

    pub async fn ad_accounts(&self) -> Result<Vec<AdAccount>, Error> {
        self.list_all(calls::ad_accounts(calls::AD_ACCOUNT_FIELDS, None))
            .await
    }

    /// Pages the user can advertise for (with their page tokens, never serialized).
    pub async fn pages(&self) -> Result<Vec<Page>, Error> {
        self.list_all(calls::pages()).await
    }

    pub async fn debug_token(&self, input: &AccessToken) -> Result<DebugToken, Error> {
        Ok(self.execute(&calls::debug_token(input)).await?.data)
    }

    /// Upload an image. Safe to repeat: the same bytes give the same hash (REFERENCE §8).
    pub async fn upload_image(
        &self,
        account: &str,
        upload: &ImageUpload,
    ) -> Result<AdImage, Error> {
        let mut call = calls::upload_image(account, upload);
        call.retry_safe = true;
        let reply = self.execute(&call).await?;
        reply
            .images
            .into_values()
            .next()
            .ok_or_else(|| Error::Decode("upload reply has no image".into()))
    }

    /// The ad account's ad sets (all pages), for choosing where an ad goes.
    pub async fn ad_sets(&self, account: &str) -> Result<Vec<AdSetListed>, Error> {
        self.list_all(calls::ad_sets(account)).await
    }

    /// The product sets an ad account can promote: those of its business's catalogs. An
    /// account without a business has none.
    pub async fn product_sets(&self, account: &str) -> Result<Vec<ProductSet>, Error> {
        let owner = self.execute(&calls::ad_account_business(account)).await?;
        let Some(business) = owner.business else {
            return Ok(Vec::new());
        };
        let mut out = Vec::new();
        for catalog in self
            .list_all(calls::owned_product_catalogs(&business.id))
            .await?
        {
            let catalog_name = catalog.name.clone().unwrap_or_else(|| catalog.id.clone());
            for set in self.list_all(calls::product_sets(&catalog.id)).await? {
                out.push(ProductSet {
                    name: set.name.unwrap_or_else(|| set.id.clone()),
                    id: set.id,
                    catalog_id: catalog.id.clone(),
                    catalog_name: catalog_name.clone(),
                });
            }
        }
        Ok(out)
    }

    /// Set an ad's status (e.g. ACTIVE after the advertiser reviewed generated texts).
    /// Setting a status twice is harmless, so this is retried like a read.
    pub async fn set_status(&self, object_id: &str, status: &Status) -> Result<(), Error> {
        let mut call = calls::update_status(object_id, status);
        call.retry_safe = true;
        self.execute(&call).await.map(|_| ())
    }

    /// A creative with its generated texts (`asset_feed_spec`), status and spec.
    pub async fn creative(&self, creative_id: &str) -> Result<AdCreative, Error> {
        self.execute(&calls::read_creative(
            creative_id,
            &[
                "id",
                "name",
                "status",
                "asset_feed_spec",
                "degrees_of_freedom_spec",
                "object_story_spec",
            ],
        ))
        .await
    }

    /// An ad with its creative's generated texts (REFERENCE §2).
    pub async fn ad_with_creative(&self, ad_id: &str) -> Result<Ad, Error> {
        self.execute(&calls::read_ad(
            ad_id,
            &[
                "id",
                "name",
                "status",
                "effective_status",
                "creative{asset_feed_spec,status}",
            ],
        ))
        .await
    }
}

trait WithoutUrlRef {
    fn without_url_ref(&self) -> String;
}

impl WithoutUrlRef for reqwest::Error {
    /// For log lines: the error's text without its URL.
    fn without_url_ref(&self) -> String {
        let mut s = self.to_string();
        if let Some(u) = self.url() {
            s = s.replace(u.as_str(), &redact_url(u));
        }
        s
    }
}

/// `<base>/<version>/`, keeping any path prefix of the base URL.
fn version_url(base: &Url, version: &str) -> Url {
    let mut url = base.clone();
    let prefix = base.path().trim_end_matches('/');
    url.set_path(&format!("{prefix}/{version}/"));
    url.set_query(None);
    url
}

impl<T> Call<T> {
    /// Relative URL and body of this call as a batch item (REFERENCE §7).
    pub(crate) fn batch_parts(&self) -> (String, Option<String>) {
        use crate::wire::batch_encode;
        let rel = self.path.relative();
        match self.method {
            Method::Get | Method::Delete => {
                let mut pairs = self.params.pairs().to_vec();
                if let Some(a) = &self.after {
                    pairs.push(("after".into(), a.clone()));
                }
                if pairs.is_empty() {
                    (rel, None)
                } else {
                    (format!("{rel}?{}", batch_encode(&pairs)), None)
                }
            }
            Method::Post => (rel, Some(batch_encode(self.params.pairs()))),
        }
    }
}
