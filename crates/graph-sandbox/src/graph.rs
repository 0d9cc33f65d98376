//! The Graph core: version check, authentication, usage accounting and routing of one parsed
//! request against the world. Transport-free so batch items go through the same path.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Mutex;

use hmac::{Hmac, Mac};
use serde_json::Value;
use sha2::Sha256;

use crate::errors::GraphError;
use crate::faults::FaultControl;
use crate::state::{token_hash, TokenState, World};
use crate::usage::{RateLimits, UsageTracker};
use crate::wire::{Params, WireRequest};

/// Oldest served version: v24.0 and older are retired (REFERENCE §0, v24.0 expired 2026-11-10).
pub const OLDEST_SERVED_MAJOR: u32 = 25;
/// Newest released version (v27.0, 2026-11-04); newer version paths are unknown.
pub const NEWEST_MAJOR: u32 = 27;
/// Version assumed for unversioned paths and batch items (the GenAI page's samples use v25.0).
pub const DEFAULT_VERSION: &str = "v25.0";

/// Runtime options of the Graph core.
#[derive(Debug, Clone)]
pub struct CoreOptions {
    /// Polls of a transformation preview that answer `pending` before it turns `eligible`.
    pub pending_polls: u32,
    /// Reject calls without `appsecret_proof` ("Require App Secret" app setting).
    pub require_appsecret_proof: bool,
    pub rate_limits: RateLimits,
}

impl Default for CoreOptions {
    fn default() -> Self {
        CoreOptions {
            pending_polls: 2,
            require_appsecret_proof: false,
            rate_limits: RateLimits::default(),
        }
    }
}

/// A reply before it is put on the wire.
#[derive(Debug, Clone)]
pub struct Reply {
    pub status: u16,
    pub body: Value,
    pub headers: Vec<(String, String)>,
}

pub struct Core {
    pub world: Mutex<World>,
    pub base_url: String,
    pub options: CoreOptions,
    pub usage: UsageTracker,
    pub faults: FaultControl,
    trace_counter: AtomicU64,
}

/// Everything a route handler gets.
pub struct Call<'a> {
    pub world: &'a mut World,
    pub base_url: &'a str,
    pub options: &'a CoreOptions,
    pub version: String,
    pub method: &'a str,
    /// Path segments after the version.
    pub segments: Vec<String>,
    pub params: &'a Params,
    pub user_id: String,
    pub app_id: String,
    pub token: String,
}

impl Call<'_> {
    pub fn read_ctx(&self) -> crate::render::ReadCtx<'_> {
        crate::render::ReadCtx {
            world: self.world,
            base_url: self.base_url,
        }
    }

    pub fn path(&self) -> String {
        self.segments.join("/")
    }

    pub fn page_link(&self) -> (String, String) {
        (self.version.clone(), self.path())
    }
}

/// Splits `v25.0/act_1/ads/` into a version (if any) and segments.
pub fn split_path(path: &str) -> (Option<String>, Vec<String>) {
    let mut segments: Vec<String> = path
        .split('/')
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect();
    let version = match segments.first() {
        Some(first) if parse_version(first).is_some() => Some(segments.remove(0)),
        _ => None,
    };
    (version, segments)
}

fn parse_version(text: &str) -> Option<(u32, u32)> {
    let rest = text.strip_prefix('v')?;
    let (major, minor) = rest.split_once('.')?;
    Some((major.parse().ok()?, minor.parse().ok()?))
}

/// The fault-injection key of a request: `"<METHOD> <route>"`, ids replaced by `act`/`node`.
pub fn route_key(method: &str, path: &str) -> String {
    let (_, segments) = split_path(path);
    if segments.is_empty() {
        return format!("{method} batch");
    }
    let mut parts = Vec::new();
    for (i, s) in segments.iter().enumerate() {
        if i == 0 && s.starts_with("act_") {
            parts.push("act".to_string());
        } else if i == 0 && s.chars().all(|c| c.is_ascii_digit()) {
            parts.push("node".to_string());
        } else {
            parts.push(s.clone());
        }
    }
    format!("{method} {}", parts.join("/"))
}

impl Core {
    pub fn new(world: World, base_url: String, options: CoreOptions, faults: FaultControl) -> Self {
        Core {
            world: Mutex::new(world),
            base_url,
            usage: UsageTracker::new(options.rate_limits.clone()),
            options,
            faults,
            trace_counter: AtomicU64::new(1),
        }
    }

    /// A fresh `fbtrace_id` (11 characters like Meta's).
    pub fn fbtrace_id(&self) -> String {
        let n = self.trace_counter.fetch_add(1, Ordering::Relaxed);
        let hash = crate::generative::stable_hash(&format!("trace-{n}-{}", self.base_url));
        const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-";
        (0..11)
            .map(|i| ALPHABET[((hash >> (i * 5)) & 63) as usize] as char)
            .collect()
    }

    pub fn error_reply(&self, error: &GraphError, headers: Vec<(String, String)>) -> Reply {
        Reply {
            status: error.http_status,
            body: error.to_body(&self.fbtrace_id()),
            headers,
        }
    }

    /// Handles one Graph request (a batch is expanded here too).
    pub fn handle(&self, request: &WireRequest) -> Reply {
        let (version, segments) = split_path(&request.path);
        if let Some(version) = &version {
            let (major, _) = parse_version(version).unwrap_or((0, 0));
            if major < OLDEST_SERVED_MAJOR {
                let latest = format!("v{NEWEST_MAJOR}.0");
                return self.error_reply(&GraphError::deprecated_version(version, &latest), vec![]);
            }
            if major > NEWEST_MAJOR {
                return self.error_reply(&GraphError::unknown_path(&request.path), vec![]);
            }
        }
        let version = version.unwrap_or_else(|| DEFAULT_VERSION.to_string());
        if segments.is_empty() && request.method == "POST" {
            return crate::routes::batch::handle_batch(self, request, &version);
        }
        self.handle_single(request, version, segments)
    }

    fn handle_single(
        &self,
        request: &WireRequest,
        version: String,
        segments: Vec<String>,
    ) -> Reply {
        let mut world = self.world.lock().expect("world lock poisoned");

        // The Python SDK's crash report carries no token (REFERENCE §1.1); tolerate it.
        if request.method == "POST"
            && segments.len() == 2
            && segments[1] == "instruments"
            && world.apps.contains_key(&segments[0])
        {
            return Reply {
                status: 200,
                body: serde_json::json!({"success": true}),
                headers: vec![],
            };
        }

        let (user_id, app_id) = match authenticate(
            &world,
            request,
            &segments,
            self.options.require_appsecret_proof,
        ) {
            Ok(ids) => ids,
            Err(e) => return self.error_reply(&e, vec![]),
        };
        let token = request
            .token
            .as_ref()
            .map(|t| t.0.clone())
            .unwrap_or_default();

        let account = segments
            .first()
            .and_then(|first| world.owning_account(first));
        let usage = self.usage.record(
            &app_id,
            &user_id,
            account.as_deref(),
            request.method != "GET",
        );
        if let Some(error) = usage.error {
            return self.error_reply(&error, usage.headers);
        }
        if request.method != "GET"
            && !token_has_scope(&world, &token, "ads_management")
            && segments.first().is_some_and(|s| s != "me")
        {
            return self.error_reply(
                &GraphError::missing_permission("ads_management"),
                usage.headers,
            );
        }

        let mut call = Call {
            world: &mut world,
            base_url: &self.base_url,
            options: &self.options,
            version,
            method: &request.method,
            segments,
            params: &request.params,
            user_id,
            app_id,
            token,
        };
        match crate::routes::dispatch(&mut call) {
            Ok(body) => Reply {
                status: 200,
                body,
                headers: usage.headers,
            },
            Err(e) => self.error_reply(&e, usage.headers),
        }
    }
}

fn token_has_scope(world: &World, token: &str, scope: &str) -> bool {
    world
        .tokens
        .get(&token_hash(token))
        .is_some_and(|t| t.scopes.iter().any(|s| s == scope))
}

/// Checks the token (and `appsecret_proof`); returns `(user_id, app_id)`.
fn authenticate(
    world: &World,
    request: &WireRequest,
    segments: &[String],
    require_proof: bool,
) -> Result<(String, String), GraphError> {
    let Some((token, _)) = &request.token else {
        // `me` needs a user context, hence its own code (REFERENCE §5 / issue).
        return Err(if segments.first().map(String::as_str) == Some("me") {
            GraphError::active_token_required_for_me()
        } else {
            GraphError::token_required()
        });
    };
    let record = world
        .tokens
        .get(&token_hash(token))
        .ok_or_else(GraphError::token_unparsable)?;
    match record.state {
        TokenState::Valid => {}
        TokenState::Expired => return Err(GraphError::token_invalid(463)),
        TokenState::PasswordChanged => return Err(GraphError::token_invalid(460)),
        TokenState::Invalidated => return Err(GraphError::token_invalid(467)),
    }
    let app = world
        .apps
        .get(&record.app_id)
        .ok_or_else(GraphError::token_unparsable)?;
    match request.params.str("appsecret_proof") {
        Some(proof) => {
            let mut mac = Hmac::<Sha256>::new_from_slice(app.secret.as_bytes())
                .expect("HMAC takes any key length");
            mac.update(token.as_bytes());
            if crate::state::hex(&mac.finalize().into_bytes()) != proof.to_ascii_lowercase() {
                return Err(GraphError::bad_appsecret_proof());
            }
        }
        None if require_proof => {
            return Err(GraphError::invalid_parameter(
                "API calls from the server require an appsecret_proof argument",
            ))
        }
        None => {}
    }
    Ok((record.user_id.clone(), record.app_id.clone()))
}

/// `hex(HMAC-SHA256(app_secret, token))`, as clients compute `appsecret_proof`.
pub fn appsecret_proof(app_secret: &str, token: &str) -> String {
    let mut mac =
        Hmac::<Sha256>::new_from_slice(app_secret.as_bytes()).expect("HMAC takes any key length");
    mac.update(token.as_bytes());
    crate::state::hex(&mac.finalize().into_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn appsecret_proof_matches_reference_vector() {
        // REFERENCE §9 check vector.
        assert_eq!(
            appsecret_proof("TEST_APP_SECRET", "TEST_TOKEN"),
            "dfa41c6fee424751602263f099ca94182eb32d054c416bec62afd39a40486851"
        );
    }

    #[test]
    fn route_keys() {
        assert_eq!(route_key("POST", "v25.0/act_1/ads"), "POST act/ads");
        assert_eq!(route_key("GET", "v26.0/5555/"), "GET node");
        assert_eq!(route_key("GET", "v26.0/5555/previews"), "GET node/previews");
        assert_eq!(route_key("POST", "v26.0/"), "POST batch");
        assert_eq!(route_key("GET", "v26.0/me/adaccounts"), "GET me/adaccounts");
    }
}
