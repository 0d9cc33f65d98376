//! Errors the app can act on (REFERENCE §5).
//!
//! Graph's error object is kept whole ([`GraphError`]) and classified into an
//! [`ErrorKind`] that tells the UI what to do. Nothing here holds a URL or a token:
//! transport errors are stripped of their URL and every text is scrubbed of secrets.

use std::fmt;
use std::time::Duration;

use serde::{Deserialize, Serialize};
use serde_json::Value;
use ts_rs::TS;

/// Graph's `{"error": {...}}` object.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct GraphError {
    #[serde(default)]
    pub message: String,
    #[serde(rename = "type", default)]
    pub error_type: Option<String>,
    #[serde(default)]
    #[ts(type = "number")]
    pub code: i64,
    #[serde(default)]
    #[ts(type = "number | null")]
    pub error_subcode: Option<i64>,
    #[serde(default)]
    pub error_user_title: Option<String>,
    #[serde(default)]
    pub error_user_msg: Option<String>,
    #[serde(default)]
    pub fbtrace_id: Option<String>,
    #[serde(default)]
    pub is_transient: Option<bool>,
    /// May arrive as an object or as a JSON string (REFERENCE §1.1).
    #[serde(default)]
    #[ts(skip)]
    pub error_data: Option<Value>,
}

impl GraphError {
    /// Fields Graph blames, from `error_data.blame_field_specs` (lists of path segments),
    /// joined with dots, e.g. `object_story_spec.link_data.message`.
    pub fn blamed_fields(&self) -> Vec<String> {
        let data = match &self.error_data {
            Some(Value::String(s)) => serde_json::from_str(s).unwrap_or(Value::Null),
            Some(v) => v.clone(),
            None => Value::Null,
        };
        let Some(specs) = data.get("blame_field_specs").and_then(Value::as_array) else {
            return Vec::new();
        };
        specs
            .iter()
            .filter_map(|spec| match spec {
                Value::Array(parts) => Some(
                    parts
                        .iter()
                        .filter_map(|p| p.as_str().map(str::to_owned).or(Some(p.to_string())))
                        .collect::<Vec<_>>()
                        .join("."),
                ),
                Value::String(s) => Some(s.clone()),
                _ => None,
            })
            .filter(|s| !s.is_empty())
            .collect()
    }

    /// Classify by code (REFERENCE §5). `wait` is what the usage headers of the same reply
    /// said about regaining access.
    pub fn classify(&self, wait: Option<Duration>) -> ErrorKind {
        let code = self.code;
        match code {
            190 | 102 => ErrorKind::TokenInvalid {
                subcode: self.error_subcode,
            },
            4 | 17 | 32 | 341 | 613 | 80000..=80014 => ErrorKind::RateLimited {
                retry_after_secs: wait.map(|d| d.as_secs().max(1)),
            },
            // 2635: "You are calling a deprecated version of the Ads API".
            2635 => ErrorKind::DeprecatedVersion,
            _ if self
                .message
                .to_ascii_lowercase()
                .contains("deprecated version") =>
            {
                ErrorKind::DeprecatedVersion
            }
            1 | 2 => ErrorKind::Transient,
            _ if self.is_transient == Some(true) => ErrorKind::Transient,
            10 | 200..=299 => ErrorKind::PermissionMissing {
                permission: permission_named_in(&self.message)
                    .or_else(|| self.error_user_msg.as_deref().and_then(permission_named_in)),
            },
            100 => ErrorKind::InvalidInput {
                field: self
                    .blamed_fields()
                    .into_iter()
                    .next()
                    .or_else(|| parameter_named_in(&self.message)),
            },
            _ => ErrorKind::Other,
        }
    }
}

/// What the app should do about an error. Exported to TypeScript as `ApiErrorKind`
/// (the drafts engine owns the name `ErrorKind` in the shared bindings folder).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "kind", rename_all = "snake_case")]
#[ts(export, rename = "ApiErrorKind")]
pub enum ErrorKind {
    /// Stop and ask the user to reconnect their Facebook account (190).
    TokenInvalid {
        #[ts(type = "number | null")]
        subcode: Option<i64>,
    },
    /// Ask the user to grant the named permission (10, 200–299).
    PermissionMissing {
        permission: Option<String>,
    },
    /// Wait, then try again (4, 17, 613, 80000–80014).
    RateLimited {
        #[ts(type = "number | null")]
        retry_after_secs: Option<u64>,
    },
    /// Try again (1, 2, network trouble, 5xx).
    Transient,
    /// Fix the named field (100).
    InvalidInput {
        field: Option<String>,
    },
    /// The app calls an API version Meta no longer serves: update Adwright.
    DeprecatedVersion,
    /// A write may or may not have been applied and could not be checked.
    WriteOutcomeUnknown,
    Other,
}

/// Errors of this crate.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// Graph answered with an error object.
    #[error("{0}")]
    Graph(Box<ApiError>),
    /// No usable answer (connection refused/reset, TLS, body cut short). The reqwest
    /// error has had its URL removed.
    #[error("could not reach Facebook ({0}); check your connection and try again")]
    Network(#[source] reqwest::Error),
    #[error("Facebook did not answer within {0:?}; try again")]
    Timeout(Duration),
    /// An HTTP error status without a Graph error body (5xx: a temporary problem).
    #[error("{}", http_text(*.0))]
    Http(u16),
    #[error("Facebook sent a reply Adwright could not read: {0}")]
    Decode(String),
    /// A preview iframe that is not a URL on an allowed host.
    #[error("preview rejected: {0}")]
    Preview(String),
    /// A write failed ambiguously and looking it up by its tag failed too; it is not
    /// retried so it cannot be created twice.
    #[error("Facebook may or may not have saved this {object} (tag {tag}); check Ads Manager before trying again")]
    WriteOutcomeUnknown { object: &'static str, tag: String },
    /// Graph said access is blocked for longer than the client waits by itself; no
    /// request was sent.
    #[error("Facebook is limiting requests. Try again in {}.", human_wait(.retry_after.as_secs().max(1)))]
    Throttled { retry_after: Duration },
    #[error("configuration error: {0}")]
    Config(String),
}

impl Error {
    pub fn kind(&self) -> ErrorKind {
        match self {
            Error::Graph(e) => e.kind.clone(),
            Error::Network(_) | Error::Timeout(_) => ErrorKind::Transient,
            Error::Http(s) if *s >= 500 => ErrorKind::Transient,
            Error::Http(_) => ErrorKind::Other,
            Error::WriteOutcomeUnknown { .. } => ErrorKind::WriteOutcomeUnknown,
            Error::Throttled { retry_after } => ErrorKind::RateLimited {
                retry_after_secs: Some(retry_after.as_secs().max(1)),
            },
            Error::Decode(_) | Error::Preview(_) | Error::Config(_) => ErrorKind::Other,
        }
    }

    /// Graph's details, when the error came from Graph.
    pub fn graph(&self) -> Option<&GraphError> {
        match self {
            Error::Graph(e) => Some(&e.graph),
            _ => None,
        }
    }

    /// Worth retrying unchanged (for reads; writes go through the tag lookup first).
    pub fn is_transient(&self) -> bool {
        self.kind() == ErrorKind::Transient
    }

    /// What the UI shows.
    pub fn to_ui(&self) -> UiError {
        let g = self.graph();
        UiError {
            kind: self.kind(),
            title: g.and_then(|g| g.error_user_title.clone()),
            message: self.to_string(),
            code: g.map(|g| g.code),
            subcode: g.and_then(|g| g.error_subcode),
            fbtrace_id: g.and_then(|g| g.fbtrace_id.clone()),
        }
    }
}

/// A Graph error with its classification and HTTP status.
#[derive(Clone, Debug, PartialEq)]
pub struct ApiError {
    pub kind: ErrorKind,
    pub graph: GraphError,
    pub http_status: u16,
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let g = &self.graph;
        let advice = match &self.kind {
            ErrorKind::TokenInvalid { .. } => {
                "Your Facebook connection has expired or was revoked. Reconnect your account in Settings.".to_owned()
            }
            ErrorKind::PermissionMissing { permission: Some(p) } => format!(
                "Adwright lacks the Facebook permission \"{p}\". Reconnect and grant it."
            ),
            ErrorKind::PermissionMissing { permission: None } => {
                "Adwright lacks a Facebook permission for this. Reconnect and grant the requested permissions.".to_owned()
            }
            ErrorKind::RateLimited { retry_after_secs: Some(s) } => format!(
                "Facebook is limiting requests. Try again in {}.",
                human_wait(*s)
            ),
            ErrorKind::RateLimited { retry_after_secs: None } => {
                "Facebook is limiting requests. Try again in a few minutes.".to_owned()
            }
            ErrorKind::Transient => {
                "Facebook had a temporary problem. Try again in a moment.".to_owned()
            }
            ErrorKind::InvalidInput { field: Some(field) } => {
                format!("Facebook rejected the field \"{field}\". Correct it and try again.")
            }
            ErrorKind::InvalidInput { field: None } => {
                "Facebook rejected part of the request. Check the ad and try again.".to_owned()
            }
            ErrorKind::DeprecatedVersion => {
                "This version of Adwright uses a Facebook API version that is no longer served. Update Adwright.".to_owned()
            }
            ErrorKind::WriteOutcomeUnknown | ErrorKind::Other => {
                "Facebook refused the request.".to_owned()
            }
        };
        write!(f, "{advice}")?;
        match (&g.error_user_title, &g.error_user_msg) {
            (Some(t), Some(m)) => write!(f, " {t}: {m}")?,
            (None, Some(m)) => write!(f, " {m}")?,
            _ if !g.message.is_empty() => write!(f, " ({})", g.message)?,
            _ => {}
        }
        write!(f, " [code {}", g.code)?;
        if let Some(s) = g.error_subcode {
            write!(f, "/{s}")?;
        }
        if let Some(t) = &g.fbtrace_id {
            write!(f, ", trace {t}")?;
        }
        write!(f, "]")
    }
}

/// An error as the UI receives it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct UiError {
    pub kind: ErrorKind,
    pub title: Option<String>,
    pub message: String,
    #[ts(type = "number | null")]
    pub code: Option<i64>,
    #[ts(type = "number | null")]
    pub subcode: Option<i64>,
    pub fbtrace_id: Option<String>,
}

fn http_text(status: u16) -> String {
    if status >= 500 {
        format!("Facebook had a temporary problem (HTTP {status}); try again in a moment")
    } else {
        format!("Facebook refused the request (HTTP {status}) without saying why")
    }
}

fn human_wait(secs: u64) -> String {
    if secs < 90 {
        format!("{secs} seconds")
    } else {
        format!("{} minutes", secs.div_ceil(60))
    }
}

/// Permissions Adwright may need; Graph names them in messages such as
/// "(#200) Requires ads_management permission" or "…extended permission ads_read".
const KNOWN_PERMISSIONS: &[&str] = &[
    "ads_management",
    "ads_read",
    "business_management",
    "pages_show_list",
    "pages_read_engagement",
    "pages_manage_ads",
    "pages_manage_metadata",
    "pages_manage_posts",
    "catalog_management",
    "instagram_basic",
    "instagram_content_publish",
    "instagram_manage_comments",
    "read_insights",
    "public_profile",
    "email",
];

fn words(s: &str) -> impl Iterator<Item = &str> {
    s.split(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .filter(|w| !w.is_empty())
}

fn permission_named_in(msg: &str) -> Option<String> {
    words(msg)
        .find(|w| KNOWN_PERMISSIONS.contains(w))
        .map(str::to_owned)
}

/// "(#100) The parameter object_story_spec is required", "(#100) param name must be…",
/// "Invalid parameter: daily_budget".
fn parameter_named_in(msg: &str) -> Option<String> {
    let ws: Vec<&str> = words(msg).collect();
    ws.windows(2)
        .find(|w| {
            matches!(
                w[0].to_ascii_lowercase().as_str(),
                "parameter" | "param" | "field"
            ) && w[1].contains('_')
                || matches!(w[0].to_ascii_lowercase().as_str(), "parameter" | "param")
                    && w[1].chars().all(|c| c.is_ascii_lowercase() || c == '_')
                    && !matches!(w[1], "is" | "must" | "the" | "a" | "value")
        })
        .map(|w| w[1].to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn err(v: Value) -> GraphError {
        serde_json::from_value(v).unwrap()
    }

    #[test]
    fn token_invalid_from_sample_body() {
        // golden/error_response_sdk_parsing.json
        let g = err(json!({
            "message": "Invalid OAuth access token - Cannot parse access token",
            "type": "OAuthException", "code": 190, "error_subcode": 460,
            "error_user_title": "Session expired", "error_user_msg": "Please log in again.",
            "fbtrace_id": "AbCdEfGhIjK"
        }));
        assert_eq!(
            g.classify(None),
            ErrorKind::TokenInvalid { subcode: Some(460) }
        );
        let e = ApiError {
            kind: g.classify(None),
            graph: g,
            http_status: 400,
        };
        let s = e.to_string();
        assert!(s.contains("Reconnect"), "{s}");
        assert!(s.contains("Session expired: Please log in again."), "{s}");
        assert!(s.contains("190/460") && s.contains("AbCdEfGhIjK"), "{s}");
    }

    #[test]
    fn rate_limit_codes_carry_wait() {
        for code in [4, 17, 613, 80000, 80004, 80014] {
            let g = err(json!({"message": "limit", "code": code}));
            assert_eq!(
                g.classify(Some(Duration::from_secs(300))),
                ErrorKind::RateLimited {
                    retry_after_secs: Some(300)
                },
                "code {code}"
            );
        }
        assert_eq!(err(json!({"code": 80015})).classify(None), ErrorKind::Other);
    }

    #[test]
    fn permission_is_named() {
        let g = err(
            json!({"message": "(#200) Requires ads_management permission to manage the object", "code": 200}),
        );
        assert_eq!(
            g.classify(None),
            ErrorKind::PermissionMissing {
                permission: Some("ads_management".into())
            }
        );
        let g = err(
            json!({"message": "(#294) Managing advertisements requires an access token with the extended permission ads_read", "code": 294}),
        );
        assert_eq!(
            g.classify(None),
            ErrorKind::PermissionMissing {
                permission: Some("ads_read".into())
            }
        );
    }

    #[test]
    fn invalid_input_names_blamed_field_even_from_string_error_data() {
        let g = err(json!({
            "message": "Invalid parameter", "code": 100, "error_subcode": 1487390,
            "error_data": "{\"blame_field_specs\":[[\"object_story_spec\",\"link_data\",\"message\"]]}"
        }));
        assert_eq!(
            g.classify(None),
            ErrorKind::InvalidInput {
                field: Some("object_story_spec.link_data.message".into())
            }
        );
        let g = err(json!({"message": "(#100) The parameter ad_format is required", "code": 100}));
        assert_eq!(
            g.classify(None),
            ErrorKind::InvalidInput {
                field: Some("ad_format".into())
            }
        );
    }

    #[test]
    fn transient_and_deprecated() {
        assert_eq!(err(json!({"code": 1})).classify(None), ErrorKind::Transient);
        assert_eq!(err(json!({"code": 2})).classify(None), ErrorKind::Transient);
        assert_eq!(
            err(json!({"code": 99, "is_transient": true})).classify(None),
            ErrorKind::Transient
        );
        assert_eq!(
            err(json!({"code": 2635, "message": "(#2635) You are calling a deprecated version of the Ads API."})).classify(None),
            ErrorKind::DeprecatedVersion
        );
        assert_eq!(
            err(json!({"code": 12, "message": "(#12) deprecated version v18.0"})).classify(None),
            ErrorKind::DeprecatedVersion
        );
    }

    #[test]
    fn only_server_errors_without_body_are_transient() {
        assert_eq!(Error::Http(503).kind(), ErrorKind::Transient);
        assert_eq!(Error::Http(404).kind(), ErrorKind::Other);
        assert!(Error::Http(404).to_string().contains("refused"));
    }

    #[test]
    fn unknown_fields_in_error_are_tolerated() {
        let g = err(json!({"code": 3, "message": "m", "new_thing": {"a": 1}}));
        assert_eq!(g.classify(None), ErrorKind::Other);
    }
}
