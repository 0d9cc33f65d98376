//! Account preferences in the tauri-plugin-store file: which account is active, the ad account
//! and page picked for each, the API version and proxy, and a display cache (names, expiry,
//! ad accounts, pages) so an offline start shows something. Losing this file loses only these:
//! the connected users are listed in the keychain itself (see `vault`).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use tauri::{AppHandle, Runtime};
use ts_rs::TS;

use crate::error::{AppError, ErrorKind};
use crate::preferences::{get, set};

const ACTIVE_KEY: &str = "accounts.active";
const SELECTION_KEY: &str = "accounts.selection";
const CACHE_KEY: &str = "accounts.cache";
const API_VERSION_KEY: &str = "accounts.api_version";
const PROXY_KEY: &str = "accounts.proxy";

/// The hidden testing setting: a loopback Graph stand-in instead of graph.facebook.com.
pub const BASE_URL_ENV: &str = "ADWRIGHT_GRAPH_BASE_URL";

/// An ad account or a page the user can pick, as the UI shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct AccountAsset {
    pub id: String,
    pub name: String,
    /// Currency of an ad account, category of a page.
    pub detail: Option<String>,
}

/// The ad account and page picked for one account.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Selection {
    pub ad_account_id: Option<String>,
    pub page_id: Option<String>,
}

/// What is remembered about a connected user for display while offline. Never a token.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CachedUser {
    pub name: String,
    pub expires_at: Option<i64>,
    pub ad_accounts: Vec<AccountAsset>,
    pub pages: Vec<AccountAsset>,
}

/// Settings the user may change.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ConnectionSettings {
    /// Graph API version, like `v26.0`.
    pub api_version: String,
    /// An `http://` or `https://` proxy URL; empty = the system's proxy settings.
    pub proxy: String,
}

pub fn active<R: Runtime>(app: &AppHandle<R>) -> Option<String> {
    get(app, ACTIVE_KEY)
}

pub fn set_active<R: Runtime>(app: &AppHandle<R>, key: Option<&str>) -> Result<(), AppError> {
    set(app, ACTIVE_KEY, &key)
}

pub fn selections<R: Runtime>(app: &AppHandle<R>) -> BTreeMap<String, Selection> {
    get(app, SELECTION_KEY).unwrap_or_default()
}

pub fn set_selection<R: Runtime>(
    app: &AppHandle<R>,
    key: &str,
    selection: Option<Selection>,
) -> Result<(), AppError> {
    let mut all = selections(app);
    match selection {
        Some(selection) => all.insert(key.to_owned(), selection),
        None => all.remove(key),
    };
    set(app, SELECTION_KEY, &all)
}

pub fn cache<R: Runtime>(app: &AppHandle<R>) -> BTreeMap<String, CachedUser> {
    get(app, CACHE_KEY).unwrap_or_default()
}

pub fn set_cache<R: Runtime>(
    app: &AppHandle<R>,
    cache: &BTreeMap<String, CachedUser>,
) -> Result<(), AppError> {
    set(app, CACHE_KEY, cache)
}

pub fn connection<R: Runtime>(app: &AppHandle<R>) -> ConnectionSettings {
    ConnectionSettings {
        api_version: get(app, API_VERSION_KEY)
            .unwrap_or_else(|| marketing_api::DEFAULT_API_VERSION.to_owned()),
        proxy: get(app, PROXY_KEY).unwrap_or_default(),
    }
}

/// Checks and keeps the settings; a bad version or proxy is refused with the field named.
pub fn set_connection<R: Runtime>(
    app: &AppHandle<R>,
    settings: ConnectionSettings,
) -> Result<ConnectionSettings, AppError> {
    let clean = ConnectionSettings {
        api_version: settings.api_version.trim().to_owned(),
        proxy: settings.proxy.trim().to_owned(),
    };
    config(&clean, None)?;
    set(app, API_VERSION_KEY, &clean.api_version)?;
    set(app, PROXY_KEY, &clean.proxy)?;
    Ok(clean)
}

/// The testing base URL from the environment, if set (and not empty).
pub fn testing_base_url() -> Option<String> {
    std::env::var(BASE_URL_ENV)
        .ok()
        .map(|url| url.trim().to_owned())
        .filter(|url| !url.is_empty())
}

/// The client configuration for `settings`: Meta's Graph, or the loopback stand-in at
/// `base_url` (only loopback addresses are accepted there).
pub fn config(
    settings: &ConnectionSettings,
    base_url: Option<&str>,
) -> Result<marketing_api::Config, AppError> {
    let config = match base_url {
        Some(url) => marketing_api::Config::sandbox(url).map_err(|error| {
            AppError::new(
                ErrorKind::InvalidInput,
                format!(
                    "{BASE_URL_ENV} must be a loopback address like http://127.0.0.1:4010 ({error})."
                ),
            )
            .with_detail("field", "base_url")
        })?,
        None => marketing_api::Config::default(),
    };
    let mut config = config
        .with_api_version(&settings.api_version)
        .map_err(|_| {
            AppError::new(
                ErrorKind::InvalidInput,
                format!(
                    "API version \"{}\" is not a version: write it like {}.",
                    settings.api_version,
                    marketing_api::DEFAULT_API_VERSION
                ),
            )
            .with_detail("field", "api_version")
        })?;
    if !settings.proxy.is_empty() {
        let ok = url_is_proxy(&settings.proxy);
        if !ok {
            return Err(AppError::new(
                ErrorKind::InvalidInput,
                format!(
                    "Proxy \"{}\" is not a proxy address: write it like http://proxy.example:3128, \
                     or leave it empty to use the system's settings.",
                    settings.proxy
                ),
            )
            .with_detail("field", "proxy"));
        }
        config.proxy = Some(settings.proxy.clone());
    }
    Ok(config)
}

fn url_is_proxy(text: &str) -> bool {
    let Some((scheme, rest)) = text.split_once("://") else {
        return false;
    };
    matches!(scheme, "http" | "https")
        && !rest.is_empty()
        && !rest.starts_with('/')
        && !rest.contains(char::is_whitespace)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn settings(version: &str, proxy: &str) -> ConnectionSettings {
        ConnectionSettings {
            api_version: version.into(),
            proxy: proxy.into(),
        }
    }

    #[test]
    fn meta_by_default_and_only_loopback_for_the_testing_url() {
        let c = config(&settings("v26.0", ""), None).unwrap();
        assert_eq!(c.base_url().as_str(), "https://graph.facebook.com/");
        let c = config(&settings("v25.0", ""), Some("http://127.0.0.1:4010")).unwrap();
        assert_eq!(c.base_url().as_str(), "http://127.0.0.1:4010/");
        assert_eq!(c.api_version(), "v25.0");
        let refused = config(&settings("v26.0", ""), Some("http://graph.example.com")).unwrap_err();
        assert_eq!(refused.details["field"], "base_url");
    }

    #[test]
    fn bad_versions_and_proxies_name_their_field() {
        let e = config(&settings("26", ""), None).unwrap_err();
        assert_eq!(e.details["field"], "api_version");
        let e = config(&settings("v26.0", "proxy.example:3128"), None).unwrap_err();
        assert_eq!(e.details["field"], "proxy");
        let c = config(&settings("v26.0", "http://proxy.example:3128"), None).unwrap();
        assert_eq!(c.proxy.as_deref(), Some("http://proxy.example:3128"));
    }
}
