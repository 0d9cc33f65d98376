//! Client configuration: where Graph is, which version, how patient to be.
//!
//! The same code talks to `https://graph.facebook.com` and to a loopback sandbox; only this
//! configuration differs.

use std::net::IpAddr;
use std::time::Duration;

use url::Url;

use crate::error::Error;
use crate::retry::RetryPolicy;
use crate::secret::AppSecret;

/// What the current official SDK sends (facebook-business 26.0.3, REFERENCE §0).
pub const DEFAULT_API_VERSION: &str = "v26.0";
pub const GRAPH_BASE_URL: &str = "https://graph.facebook.com";

/// Hosts Meta serves preview iframes from (REFERENCE §2 samples use www.facebook.com).
pub const META_PREVIEW_HOSTS: &[&str] = &[
    "www.facebook.com",
    "facebook.com",
    "business.facebook.com",
    "m.facebook.com",
];

#[derive(Clone, Debug)]
pub struct Config {
    pub(crate) base_url: Url,
    pub(crate) api_version: String,
    pub app_secret: Option<AppSecret>,
    /// Whole-call timeout, applied to every request.
    pub timeout: Duration,
    pub connect_timeout: Duration,
    /// Backoff for reads that failed transiently, and for writes after a lookup proved
    /// they were not applied.
    pub retry: RetryPolicy,
    /// Usage percentage (any of the usage headers) above which calls are spaced out.
    pub slow_down_at_pct: f64,
    /// Longest wait the client sits out by itself when Graph says "rate limited"; a longer
    /// advertised wait is returned to the caller as [`crate::ErrorKind::RateLimited`].
    pub max_rate_limit_wait: Duration,
    pub(crate) preview_hosts: Vec<String>,
    /// `host:port` of a loopback sandbox whose preview URLs are accepted too.
    pub(crate) loopback_preview_host: Option<String>,
    pub user_agent: String,
    /// Proxy for every request (an `http://` or `https://` URL); `None` = the
    /// system's proxy environment (`HTTPS_PROXY`, …), as reqwest reads it.
    pub proxy: Option<String>,
}

impl Default for Config {
    fn default() -> Self {
        Self {
            base_url: Url::parse(GRAPH_BASE_URL).expect("constant URL"),
            api_version: DEFAULT_API_VERSION.to_owned(),
            app_secret: None,
            timeout: Duration::from_secs(30),
            connect_timeout: Duration::from_secs(10),
            retry: RetryPolicy::default(),
            slow_down_at_pct: 75.0,
            max_rate_limit_wait: Duration::from_secs(60),
            preview_hosts: META_PREVIEW_HOSTS.iter().map(|h| (*h).to_owned()).collect(),
            loopback_preview_host: None,
            user_agent: concat!("adwright-marketing-api/", env!("CARGO_PKG_VERSION")).to_owned(),
            proxy: None,
        }
    }
}

impl Config {
    /// Talk to a loopback Graph stand-in (graph-sandbox). Its preview URLs, on the same
    /// `host:port`, are accepted alongside Meta's preview hosts. Non-loopback hosts are
    /// refused so a typo cannot point the app at a stranger.
    pub fn sandbox(base_url: &str) -> Result<Self, Error> {
        let url = parse_base(base_url)?;
        let host = url.host_str().unwrap_or_default();
        let is_loopback = host == "localhost"
            || host
                .trim_matches(['[', ']'])
                .parse::<IpAddr>()
                .is_ok_and(|ip| ip.is_loopback());
        if !is_loopback {
            return Err(Error::Config(format!(
                "sandbox base URL must be a loopback address, got host {host:?}"
            )));
        }
        let host_port = match url.port() {
            Some(p) => format!("{host}:{p}"),
            None => host.to_owned(),
        };
        Ok(Self {
            base_url: url,
            loopback_preview_host: Some(host_port),
            ..Self::default()
        })
    }

    pub fn with_base_url(mut self, base_url: &str) -> Result<Self, Error> {
        self.base_url = parse_base(base_url)?;
        Ok(self)
    }

    /// `v<major>.<minor>`, as the SDK requires.
    pub fn with_api_version(mut self, version: &str) -> Result<Self, Error> {
        let ok = version
            .strip_prefix('v')
            .and_then(|r| r.split_once('.'))
            .is_some_and(|(a, b)| {
                !a.is_empty()
                    && !b.is_empty()
                    && a.chars().all(|c| c.is_ascii_digit())
                    && b.chars().all(|c| c.is_ascii_digit())
            });
        if !ok {
            return Err(Error::Config(format!(
                "API version must look like v26.0, got {version:?}"
            )));
        }
        self.api_version = version.to_owned();
        Ok(self)
    }

    pub fn with_app_secret(mut self, secret: AppSecret) -> Self {
        self.app_secret = Some(secret);
        self
    }

    pub fn base_url(&self) -> &Url {
        &self.base_url
    }

    pub fn api_version(&self) -> &str {
        &self.api_version
    }

    /// Whether a preview iframe may be loaded from this URL.
    pub(crate) fn preview_host_allowed(&self, url: &Url) -> bool {
        let Some(host) = url.host_str() else {
            return false;
        };
        match url.scheme() {
            "https" => self.preview_hosts.iter().any(|h| h == host),
            // Plain http only for the configured loopback sandbox.
            "http" => self.loopback_preview_host.as_deref().is_some_and(|lp| {
                let hp = match url.port() {
                    Some(p) => format!("{host}:{p}"),
                    None => host.to_owned(),
                };
                hp == lp
            }),
            _ => false,
        }
    }
}

fn parse_base(s: &str) -> Result<Url, Error> {
    let url = Url::parse(s).map_err(|e| Error::Config(format!("bad base URL: {e}")))?;
    if !matches!(url.scheme(), "http" | "https") || url.host_str().is_none() {
        return Err(Error::Config("base URL must be http(s)://host".into()));
    }
    Ok(url)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn version_is_validated() {
        assert!(Config::default().with_api_version("v25.0").is_ok());
        assert!(Config::default().with_api_version("25.0").is_err());
        assert!(Config::default().with_api_version("v25").is_err());
    }

    #[test]
    fn sandbox_must_be_loopback() {
        assert!(Config::sandbox("http://127.0.0.1:4010").is_ok());
        assert!(Config::sandbox("http://[::1]:4010").is_ok());
        assert!(Config::sandbox("http://10.0.0.5:4010").is_err());
    }

    #[test]
    fn preview_hosts() {
        let c = Config::sandbox("http://127.0.0.1:4010").unwrap();
        let ok = |s: &str| c.preview_host_allowed(&Url::parse(s).unwrap());
        assert!(ok(
            "https://www.facebook.com/ads/api/preview_iframe.php?d=1"
        ));
        assert!(ok("http://127.0.0.1:4010/preview/1"));
        assert!(!ok("http://127.0.0.1:4011/preview/1"));
        assert!(!ok("http://www.facebook.com/ads/api/preview_iframe.php"));
        assert!(!ok("https://evil.example/ads/api/preview_iframe.php"));
        assert!(!ok("https://www.facebook.com.evil.example/x"));
        let d = Config::default();
        assert!(!d.preview_host_allowed(&Url::parse("http://127.0.0.1:4010/p").unwrap()));
    }
}
