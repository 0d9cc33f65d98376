//! Turns an HTTP request, as any of the official SDKs sends it (REFERENCE §1), into one
//! parameter map: query string, form-urlencoded body, multipart body (with file parts) or JSON
//! body. Nested params stay as JSON text (form) or JSON values (JSON body) until a route asks
//! for them, so malformed JSON is reported against the param that carries it.

use std::collections::BTreeMap;

use bytes::Bytes;
use serde_json::{Map, Value};

use crate::errors::GraphError;

/// A file part of a multipart upload.
#[derive(Debug, Clone)]
pub struct UploadedFile {
    pub field: String,
    pub filename: String,
    pub bytes: Vec<u8>,
}

/// Request parameters from every source, merged (body wins over query).
#[derive(Debug, Clone, Default)]
pub struct Params {
    values: BTreeMap<String, Value>,
    pub files: Vec<UploadedFile>,
}

impl Params {
    pub fn insert(&mut self, name: impl Into<String>, value: Value) {
        self.values.insert(name.into(), value);
    }

    pub fn remove(&mut self, name: &str) -> Option<Value> {
        self.values.remove(name)
    }

    pub fn contains(&self, name: &str) -> bool {
        self.values.contains_key(name)
    }

    pub fn names(&self) -> impl Iterator<Item = &String> {
        self.values.keys()
    }

    pub fn raw(&self, name: &str) -> Option<&Value> {
        self.values.get(name)
    }

    /// The param as text: strings as sent, numbers/bools as their JSON text.
    pub fn str(&self, name: &str) -> Option<String> {
        self.values.get(name).map(value_as_text)
    }

    /// The param as text, absent or empty being Graph's "parameter is required" error.
    pub fn required_str(&self, name: &str) -> Result<String, GraphError> {
        match self.str(name) {
            Some(s) if !s.trim().is_empty() => Ok(s),
            _ => Err(GraphError::missing_param(name)),
        }
    }

    /// The param as a JSON value: form params carry JSON text (SDKs `json.dumps` nested
    /// values), JSON bodies carry the value itself.
    pub fn json(&self, name: &str) -> Result<Option<Value>, GraphError> {
        match self.values.get(name) {
            None => Ok(None),
            Some(Value::String(text)) => serde_json::from_str(text)
                .map(Some)
                .map_err(|_| GraphError::malformed_json(name)),
            Some(other) => Ok(Some(other.clone())),
        }
    }

    /// The param as a JSON object (anything else is a malformed value for that param).
    pub fn json_object(&self, name: &str) -> Result<Option<Map<String, Value>>, GraphError> {
        match self.json(name)? {
            None => Ok(None),
            Some(Value::Object(map)) => Ok(Some(map)),
            Some(_) => Err(GraphError::invalid_parameter(format!(
                "Param {name} must be a JSON object"
            ))
            .blaming(&[name])),
        }
    }
}

pub fn value_as_text(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// Where the access token was found; the sandbox accepts all of Graph's places.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TokenSource {
    Query,
    Body,
    AuthorizationHeader,
}

/// A request reduced to what the Graph routes need.
#[derive(Debug, Clone)]
pub struct WireRequest {
    pub method: String,
    /// Path without the leading slash, e.g. `v25.0/act_1/ads` (version still included).
    pub path: String,
    pub params: Params,
    pub token: Option<(String, TokenSource)>,
}

/// Parses `application/x-www-form-urlencoded` text (`+` is a space) into params.
pub fn parse_urlencoded(text: &[u8], params: &mut Params) {
    for (key, value) in form_urlencoded::parse(text) {
        params.insert(key.into_owned(), Value::String(value.into_owned()));
    }
}

/// Parses a whole HTTP request. `authorization` is the raw `Authorization` header, if any.
pub async fn parse_request(
    method: &str,
    path: &str,
    query: Option<&str>,
    content_type: Option<&str>,
    authorization: Option<&str>,
    body: Bytes,
) -> Result<WireRequest, GraphError> {
    let mut params = Params::default();
    let mut token = None;
    if let Some(query) = query {
        parse_urlencoded(query.as_bytes(), &mut params);
        if let Some(t) = params.remove("access_token") {
            token = Some((value_as_text(&t), TokenSource::Query));
        }
    }

    let mut body_params = Params::default();
    let content_type = content_type.unwrap_or("");
    // The boundary is case-sensitive: compare the media type lowercased, keep the header as is.
    let media_type = content_type.to_ascii_lowercase();
    if media_type.starts_with("multipart/form-data") {
        body_params = parse_multipart(content_type, body).await?;
    } else if media_type.starts_with("application/json") {
        parse_json_body(&body, &mut body_params)?;
    } else if !body.is_empty() {
        // Form encoding is what curl -F-less posts and the Python SDK send; treat an unlabelled
        // body the same way.
        parse_urlencoded(&body, &mut body_params);
    }
    if let Some(t) = body_params.remove("access_token") {
        token.get_or_insert((value_as_text(&t), TokenSource::Body));
    }
    for (name, value) in body_params.values {
        params.values.insert(name, value);
    }
    params.files = body_params.files;

    if token.is_none() {
        token = authorization
            .and_then(token_from_authorization)
            .map(|t| (t, TokenSource::AuthorizationHeader));
    }

    Ok(WireRequest {
        method: method.to_ascii_uppercase(),
        path: path.trim_start_matches('/').to_string(),
        params,
        token,
    })
}

/// `Authorization: Bearer <token>` or `Authorization: OAuth <token>`.
fn token_from_authorization(header: &str) -> Option<String> {
    let (scheme, rest) = header.trim().split_once(' ')?;
    let rest = rest.trim();
    if (scheme.eq_ignore_ascii_case("bearer") || scheme.eq_ignore_ascii_case("oauth"))
        && !rest.is_empty()
    {
        Some(rest.to_string())
    } else {
        None
    }
}

fn parse_json_body(body: &[u8], params: &mut Params) -> Result<(), GraphError> {
    if body.iter().all(|b| b.is_ascii_whitespace()) {
        return Ok(()); // the Node SDK sends `{}` or nothing on GETs
    }
    let value: Value = serde_json::from_slice(body).map_err(|_| {
        GraphError::invalid_parameter("The request body is not valid JSON").with_user(
            "Invalid JSON",
            "The request body could not be parsed as JSON.",
        )
    })?;
    let Value::Object(map) = value else {
        return Err(GraphError::invalid_parameter(
            "The request body must be a JSON object",
        ));
    };
    for (name, value) in map {
        params.insert(name, value);
    }
    Ok(())
}

async fn parse_multipart(content_type: &str, body: Bytes) -> Result<Params, GraphError> {
    let boundary = multer::parse_boundary(content_type)
        .map_err(|_| GraphError::invalid_parameter("Malformed multipart body: no boundary"))?;
    let stream = futures_util::stream::once(async move { Ok::<Bytes, std::io::Error>(body) });
    let mut multipart = multer::Multipart::new(stream, boundary);
    let mut params = Params::default();
    let malformed = |_| GraphError::invalid_parameter("Malformed multipart body");
    while let Some(field) = multipart.next_field().await.map_err(malformed)? {
        let name = field.name().unwrap_or_default().to_string();
        let filename = field.file_name().map(str::to_string);
        let data = field.bytes().await.map_err(malformed)?;
        match filename {
            Some(filename) => params.files.push(UploadedFile {
                field: name,
                filename,
                bytes: data.to_vec(),
            }),
            None => params.insert(
                name,
                Value::String(String::from_utf8_lossy(&data).into_owned()),
            ),
        }
    }
    Ok(params)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn form_body_nested_json_and_query_token() {
        let body = Bytes::from_static(b"name=A+b&object_story_spec=%7B%22page_id%22%3A%221%22%7D");
        let req = parse_request(
            "post",
            "/v25.0/act_1/adcreatives",
            Some("access_token=T"),
            Some("application/x-www-form-urlencoded"),
            None,
            body,
        )
        .await
        .unwrap();
        assert_eq!(req.token, Some(("T".into(), TokenSource::Query)));
        assert_eq!(req.params.str("name").as_deref(), Some("A b"));
        let spec = req
            .params
            .json_object("object_story_spec")
            .unwrap()
            .unwrap();
        assert_eq!(spec["page_id"], "1");
    }

    #[tokio::test]
    async fn json_body_keeps_objects_and_bearer_token() {
        let body = Bytes::from_static(br#"{"status":"ACTIVE","id":"5","spec":{"a":1}}"#);
        let req = parse_request(
            "POST",
            "/v25.0/5",
            None,
            Some("application/json"),
            Some("Bearer XYZ"),
            body,
        )
        .await
        .unwrap();
        assert_eq!(
            req.token,
            Some(("XYZ".into(), TokenSource::AuthorizationHeader))
        );
        assert_eq!(req.params.json_object("spec").unwrap().unwrap()["a"], 1);
    }

    #[tokio::test]
    async fn oauth_scheme_and_body_token() {
        let req = parse_request("GET", "/me", None, None, Some("OAuth ABC"), Bytes::new())
            .await
            .unwrap();
        assert_eq!(req.token.unwrap().0, "ABC");
        let req = parse_request(
            "POST",
            "/me",
            None,
            None,
            None,
            Bytes::from_static(b"access_token=B"),
        )
        .await
        .unwrap();
        assert_eq!(req.token, Some(("B".into(), TokenSource::Body)));
    }

    #[tokio::test]
    async fn malformed_json_param_names_the_param() {
        let req = parse_request(
            "POST",
            "/x",
            None,
            None,
            None,
            Bytes::from_static(b"creative=%7Bnope"),
        )
        .await
        .unwrap();
        let err = req.params.json("creative").unwrap_err();
        assert_eq!(err.code, 100);
        assert_eq!(
            err.details.blame_field_specs,
            Some(vec![vec!["creative".to_string()]])
        );
    }

    #[tokio::test]
    async fn multipart_file_parts() {
        let body = "--XX\r\nContent-Disposition: form-data; name=\"filename\"; filename=\"a.png\"\r\n\r\nPNGDATA\r\n--XX\r\nContent-Disposition: form-data; name=\"name\"\r\n\r\nhello\r\n--XX--\r\n";
        let req = parse_request(
            "POST",
            "/x",
            None,
            Some("multipart/form-data; boundary=XX"),
            None,
            Bytes::from(body),
        )
        .await
        .unwrap();
        assert_eq!(req.params.files.len(), 1);
        assert_eq!(req.params.files[0].filename, "a.png");
        assert_eq!(req.params.files[0].bytes, b"PNGDATA");
        assert_eq!(req.params.str("name").as_deref(), Some("hello"));
    }
}
