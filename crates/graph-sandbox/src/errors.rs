//! Graph API errors in Meta's shape (REFERENCE §5):
//! `{"error":{"message","type","code","error_subcode","error_user_title","error_user_msg","fbtrace_id"}}`
//! with optional `is_transient` and `error_data` (holding `blame_field_specs`).

use serde_json::{json, Map, Value};

/// One Graph error, ready to be rendered with a fresh `fbtrace_id`.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("Graph error {code}: {message}")]
pub struct GraphError {
    pub http_status: u16,
    pub message: String,
    pub kind: &'static str,
    pub code: u32,
    pub subcode: Option<u32>,
    pub is_transient: bool,
    /// Boxed so `Result<_, GraphError>` stays small on the happy path.
    pub details: Box<ErrorDetails>,
}

/// The user-facing and blame parts of an error, present on some errors only.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ErrorDetails {
    pub user_title: Option<String>,
    pub user_msg: Option<String>,
    pub blame_field_specs: Option<Vec<Vec<String>>>,
}

impl GraphError {
    fn new(code: u32, kind: &'static str, message: impl Into<String>) -> Self {
        GraphError {
            // The Python SDK's own tests mock errors as HTTP 400 and the Node SDK only rejects
            // non-2xx replies (REFERENCE §5), so client errors use 400.
            http_status: 400,
            message: message.into(),
            kind,
            code,
            subcode: None,
            is_transient: false,
            details: Box::default(),
        }
    }

    pub fn with_subcode(mut self, subcode: u32) -> Self {
        self.subcode = Some(subcode);
        self
    }

    pub fn with_user(mut self, title: impl Into<String>, msg: impl Into<String>) -> Self {
        self.details.user_title = Some(title.into());
        self.details.user_msg = Some(msg.into());
        self
    }

    pub fn blaming(mut self, path: &[&str]) -> Self {
        self.details.blame_field_specs = Some(vec![path.iter().map(|s| s.to_string()).collect()]);
        self
    }

    fn transient(mut self, http_status: u16) -> Self {
        self.is_transient = true;
        self.http_status = http_status;
        self
    }

    /// Renders the error body; `fbtrace_id` is per reply, as Meta's is.
    pub fn to_body(&self, fbtrace_id: &str) -> Value {
        let mut error = Map::new();
        error.insert("message".into(), json!(self.message));
        error.insert("type".into(), json!(self.kind));
        error.insert("code".into(), json!(self.code));
        if let Some(subcode) = self.subcode {
            error.insert("error_subcode".into(), json!(subcode));
        }
        error.insert("is_transient".into(), json!(self.is_transient));
        if let Some(title) = &self.details.user_title {
            error.insert("error_user_title".into(), json!(title));
        }
        if let Some(msg) = &self.details.user_msg {
            error.insert("error_user_msg".into(), json!(msg));
        }
        if let Some(blame) = &self.details.blame_field_specs {
            error.insert("error_data".into(), json!({ "blame_field_specs": blame }));
        }
        error.insert("fbtrace_id".into(), json!(fbtrace_id));
        json!({ "error": Value::Object(error) })
    }

    // ---- 1 / 2: transient server-side failures --------------------------------------------

    pub fn unknown() -> Self {
        GraphError::new(1, "OAuthException", "An unknown error occurred").transient(500)
    }

    pub fn service_unavailable() -> Self {
        GraphError::new(
            2,
            "OAuthException",
            "An unexpected error has occurred. Please retry your request later.",
        )
        .transient(503)
    }

    // ---- tokens -----------------------------------------------------------------------------

    pub fn token_required() -> Self {
        GraphError::new(
            104,
            "OAuthException",
            "An access token is required to request this resource.",
        )
    }

    pub fn active_token_required_for_me() -> Self {
        GraphError::new(
            2500,
            "OAuthException",
            "An active access token must be used to query information about the current user.",
        )
    }

    pub fn token_unparsable() -> Self {
        GraphError::new(
            190,
            "OAuthException",
            "Invalid OAuth access token - Cannot parse access token",
        )
    }

    /// 190 with one of the documented subcodes (460 password changed, 463 expired, 467 invalid).
    pub fn token_invalid(subcode: u32) -> Self {
        let (message, title, msg) = match subcode {
            460 => (
                "Error validating access token: The session has been invalidated because the user changed their password or Facebook has changed the session for security reasons.",
                "Session expired",
                "Your session has expired. Please log in again.",
            ),
            463 => (
                "Error validating access token: Session has expired.",
                "Session expired",
                "Your session has expired. Please log in again.",
            ),
            _ => (
                "Error validating access token: The user has not authorized application or the session was invalidated.",
                "Session invalid",
                "Please log in again.",
            ),
        };
        GraphError::new(190, "OAuthException", message)
            .with_subcode(subcode)
            .with_user(title, msg)
    }

    pub fn bad_appsecret_proof() -> Self {
        // [doc https://developers.facebook.com/docs/graph-api/guides/secure-requests]
        GraphError::new(
            100,
            "GraphMethodException",
            "Invalid appsecret_proof provided in the API argument",
        )
    }

    pub fn missing_permission(permission: &str) -> Self {
        GraphError::new(
            200,
            "OAuthException",
            format!("(#200) Requires {permission} permission to manage the object"),
        )
    }

    // ---- paths, versions, objects -----------------------------------------------------------

    /// Ads API calls on a retired version get code 2635 [doc Marketing API versioning].
    pub fn deprecated_version(version: &str, latest: &str) -> Self {
        GraphError::new(
            2635,
            "OAuthException",
            format!("(#2635) You are calling a deprecated version of the Ads API ({version}). Please update to the latest version: {latest}."),
        )
    }

    pub fn unknown_path(path: &str) -> Self {
        GraphError::new(
            2500,
            "OAuthException",
            format!("Unknown path components: {path}"),
        )
    }

    /// Meta's reply for an id that does not exist or that the token may not see (100/33).
    pub fn unknown_object(id: &str, method: &str) -> Self {
        let verb = if method == "GET" { "get" } else { "post" };
        GraphError::new(
            100,
            "GraphMethodException",
            format!("Unsupported {verb} request. Object with ID '{id}' does not exist, cannot be loaded due to missing permissions, or does not support this operation. Please read the Graph API documentation at https://developers.facebook.com/docs/graph-api"),
        )
        .with_subcode(33)
    }

    pub fn nonexisting_field(field: &str, node_type: &str) -> Self {
        GraphError::new(
            100,
            "OAuthException",
            format!(
                "(#100) Tried accessing nonexisting field ({field}) on node type ({node_type})"
            ),
        )
    }

    pub fn unsupported_method(method: &str, path: &str) -> Self {
        GraphError::new(
            100,
            "GraphMethodException",
            format!("Unsupported {method} request on {path}."),
        )
        .with_subcode(33)
    }

    // ---- parameters -------------------------------------------------------------------------

    pub fn invalid_parameter(message: impl Into<String>) -> Self {
        GraphError::new(100, "OAuthException", format!("(#100) {}", message.into()))
    }

    pub fn missing_param(name: &str) -> Self {
        GraphError::invalid_parameter(format!("The parameter {name} is required")).blaming(&[name])
    }

    pub fn malformed_json(name: &str) -> Self {
        GraphError::invalid_parameter(format!("Param {name} must be a valid JSON value"))
            .blaming(&[name])
            .with_user(
                "Invalid JSON",
                format!("The value of {name} could not be parsed as JSON."),
            )
    }

    /// Unknown enum value, naming the field (Meta lists the allowed values in the message).
    pub fn bad_enum(path: &[&str], value: &str, allowed: &[&str]) -> Self {
        let field = path.join(".");
        let shown: Vec<&str> = allowed.iter().take(12).copied().collect();
        let more = if allowed.len() > shown.len() {
            ", ..."
        } else {
            ""
        };
        GraphError::invalid_parameter(format!(
            "{field} must be one of the following values: {}{more}",
            shown.join(", ")
        ))
        .blaming(path)
        .with_user(
            "Invalid Value",
            format!("The value '{value}' is not valid for {field}."),
        )
    }

    pub fn text_generation_needs_message() -> Self {
        GraphError::invalid_parameter("Text generation requires a primary text in object_story_spec.link_data.message")
            .blaming(&["object_story_spec", "link_data", "message"])
            .with_user(
                "Primary Text Required",
                "To use text generation, provide a primary text in the message field of the ad creative.",
            )
    }

    pub fn background_gen_needs_catalog(missing: &str) -> Self {
        GraphError::invalid_parameter(format!(
            "Background generation requires product_set_id and object_story_spec.template_data; missing {missing}"
        ))
        .blaming(&[missing])
        .with_user(
            "Catalog Ad Required",
            "Background generation only works with dynamic product ads or Advantage+ catalog ads: provide a product set and template data.",
        )
    }

    pub fn unknown_image_hash(hash: &str) -> Self {
        GraphError::invalid_parameter("Invalid parameter")
            .blaming(&["object_story_spec", "link_data", "image_hash"])
            .with_user(
                "Image Not Found",
                format!("The image with hash {hash} could not be found in this ad account's image library. Upload it to act/adimages first."),
            )
    }

    /// The `standard_enhancements` bundle can no longer be opted into or out of since v22.0
    /// [doc https://developers.facebook.com/docs/marketing-api/advantage-catalog-ads/standard-enhancements].
    pub fn standard_enhancements_retired() -> Self {
        GraphError::invalid_parameter("The standard_enhancements feature bundle is no longer supported")
            .blaming(&["degrees_of_freedom_spec", "creative_features_spec", "standard_enhancements"])
            .with_user(
                "Standard Enhancements Deprecated",
                "Opting in or out of the standard enhancements bundle is no longer available. Choose individual creative features instead.",
            )
    }

    pub fn batch_too_large(max: usize) -> Self {
        GraphError::invalid_parameter(format!(
            "Too many requests in batch message. Maximum batch size is {max}"
        ))
        .blaming(&["batch"])
    }

    // ---- rate limits (REFERENCE §5, §6) -----------------------------------------------------

    pub fn app_request_limit() -> Self {
        GraphError::new(
            4,
            "OAuthException",
            "(#4) Application request limit reached",
        )
        .transient(400)
    }

    pub fn user_request_limit() -> Self {
        GraphError::new(17, "OAuthException", "(#17) User request limit reached")
            .with_subcode(2446079)
            .transient(400)
    }

    pub fn ad_account_rate_limit() -> Self {
        GraphError::new(
            613,
            "OAuthException",
            "(#613) Calls to this api have exceeded the rate limit.",
        )
        .with_subcode(1487742)
        .with_user(
            "Too Many Calls",
            "There have been too many calls from this ad-account. Please wait a bit and try again.",
        )
        .transient(400)
    }

    pub fn ads_management_buc_limit() -> Self {
        GraphError::new(
            80004,
            "OAuthException",
            "(#80004) There have been too many calls to this ad-account. Wait a bit and try again. For more info, please refer to https://developers.facebook.com/docs/graph-api/overview/rate-limiting#ads-management.",
        )
        .transient(400)
    }
}
