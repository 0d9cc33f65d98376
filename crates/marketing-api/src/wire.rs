//! Wire encoding, byte for byte like the official Python SDK 26.0.3 (REFERENCE §1.1):
//!
//! * top-level params whose value is an object, a list or a bool become compact JSON with
//!   keys sorted at every level and non-ASCII escaped (`json.dumps(v, sort_keys=True,
//!   separators=(',', ':'))`, `ensure_ascii` on by default); numbers go as decimal text;
//! * query strings and form bodies use `urlencode` with `quote_plus` (`+` for spaces);
//! * batch item bodies use `quote` (`%20`, `/` kept) (REFERENCE §1.1 "Batch", §7).

use serde::Serialize;
use serde_json::Value;

/// Ordered request parameters, values already in their wire form.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct Params(Vec<(String, String)>);

/// Values of secret parameters (`input_token` of debug_token) are not shown.
impl std::fmt::Debug for Params {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_map()
            .entries(self.0.iter().map(|(k, v)| {
                let shown = if crate::secret::SECRET_PARAMS.contains(&k.as_str()) {
                    "<redacted>"
                } else {
                    v.as_str()
                };
                (k, shown)
            }))
            .finish()
    }
}

impl Params {
    pub fn new() -> Self {
        Self::default()
    }

    /// A plain string parameter, sent as is.
    pub fn str(mut self, key: &str, value: impl Into<String>) -> Self {
        self.0.push((key.to_owned(), value.into()));
        self
    }

    pub fn opt_str(self, key: &str, value: Option<impl Into<String>>) -> Self {
        match value {
            Some(v) => self.str(key, v),
            None => self,
        }
    }

    /// Any serializable value, encoded by the SDK's top-level rule: strings as is, numbers
    /// as decimal text, everything else (object, list, bool) as sorted compact JSON.
    pub fn value<T: Serialize + ?Sized>(self, key: &str, value: &T) -> Self {
        let v = serde_json::to_value(value).expect("request params serialize to JSON");
        match v {
            Value::Null => self,
            v => self.str(key, param_text(&v)),
        }
    }

    pub fn pairs(&self) -> &[(String, String)] {
        &self.0
    }

    pub fn get(&self, key: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }
}

/// The text a top-level parameter value is sent as.
pub fn param_text(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Number(n) => n.to_string(),
        Value::Null => String::new(),
        other => sorted_json(other),
    }
}

/// Compact JSON with object keys sorted at every level and non-ASCII escaped as `\uXXXX`,
/// as Python's `json.dumps(sort_keys=True, separators=(',', ':'))` writes it. Written by
/// hand so the order never depends on serde_json's `preserve_order` feature being unified
/// in by another crate of the workspace.
pub fn sorted_json(v: &Value) -> String {
    let mut out = String::new();
    write_json(v, &mut out);
    out
}

fn write_json(v: &Value, out: &mut String) {
    match v {
        Value::Null => out.push_str("null"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Number(n) => out.push_str(&n.to_string()),
        Value::String(s) => write_json_str(s, out),
        Value::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_json(item, out);
            }
            out.push(']');
        }
        Value::Object(map) => {
            let mut keys: Vec<&String> = map.keys().collect();
            keys.sort();
            out.push('{');
            for (i, k) in keys.into_iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_json_str(k, out);
                out.push(':');
                write_json(&map[k], out);
            }
            out.push('}');
        }
    }
}

fn write_json_str(s: &str, out: &mut String) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            c if (c as u32) < 0x20 || (c as u32) > 0x7e && (c as u32) != 0x7f => {
                let mut buf = [0u16; 2];
                for unit in c.encode_utf16(&mut buf) {
                    out.push_str(&format!("\\u{unit:04x}"));
                }
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

/// Python's `quote_plus`: unreserved characters kept, space as `+`, the rest `%XX`.
pub fn quote_plus(s: &str) -> String {
    encode(s, true, b"")
}

/// Python's `quote` with its default `safe='/'`: space as `%20`, `/` kept.
pub fn quote(s: &str) -> String {
    encode(s, false, b"/")
}

fn encode(s: &str, plus: bool, safe: &[u8]) -> String {
    let mut out = String::with_capacity(s.len());
    for &b in s.as_bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'_' | b'.' | b'-' | b'~' => {
                out.push(b as char)
            }
            b' ' if plus => out.push('+'),
            b if safe.contains(&b) => out.push(b as char),
            b => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

/// `urlencode(pairs)` with `quote_plus`, used for query strings and form bodies.
pub fn urlencode(pairs: &[(String, String)]) -> String {
    pairs
        .iter()
        .map(|(k, v)| format!("{}={}", quote_plus(k), quote_plus(v)))
        .collect::<Vec<_>>()
        .join("&")
}

/// Batch item encoding: key verbatim, value through `quote` (REFERENCE §1.1 "Batch").
pub fn batch_encode(pairs: &[(String, String)]) -> String {
    pairs
        .iter()
        .map(|(k, v)| format!("{k}={}", quote(v)))
        .collect::<Vec<_>>()
        .join("&")
}

/// A file part of a multipart upload.
#[derive(Clone, PartialEq, Eq)]
pub struct FilePart {
    /// Form field name (`filename` for ad images, REFERENCE §1.1).
    pub field: String,
    /// Base name sent in `Content-Disposition`.
    pub file_name: String,
    pub bytes: Vec<u8>,
}

impl std::fmt::Debug for FilePart {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("FilePart")
            .field("field", &self.field)
            .field("file_name", &self.file_name)
            .field("len", &self.bytes.len())
            .finish()
    }
}

/// A `multipart/form-data` body as `requests` writes it: text parts with only a
/// `Content-Disposition`, file parts with a `filename` and no part `Content-Type`.
pub fn multipart_body(boundary: &str, params: &[(String, String)], files: &[FilePart]) -> Vec<u8> {
    let mut body = Vec::new();
    for (k, v) in params {
        body.extend_from_slice(
            format!(
                "--{boundary}\r\nContent-Disposition: form-data; name=\"{}\"\r\n\r\n",
                header_quote(k)
            )
            .as_bytes(),
        );
        body.extend_from_slice(v.as_bytes());
        body.extend_from_slice(b"\r\n");
    }
    for f in files {
        body.extend_from_slice(
            format!(
                "--{boundary}\r\nContent-Disposition: form-data; name=\"{}\"; filename=\"{}\"\r\n\r\n",
                header_quote(&f.field),
                header_quote(&f.file_name)
            )
            .as_bytes(),
        );
        body.extend_from_slice(&f.bytes);
        body.extend_from_slice(b"\r\n");
    }
    body.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
    body
}

fn header_quote(s: &str) -> String {
    s.replace('\\', "\\\\")
        .replace('"', "\\\"")
        .replace(['\r', '\n'], " ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn json_keys_sorted_at_every_level_and_compact() {
        let v = json!({"page_id": "1", "link_data": {"message": "m", "call_to_action": {"type": "SHOP_NOW"}}});
        assert_eq!(
            sorted_json(&v),
            r#"{"link_data":{"call_to_action":{"type":"SHOP_NOW"},"message":"m"},"page_id":"1"}"#
        );
    }

    #[test]
    fn json_escapes_non_ascii_like_python() {
        // json.dumps("café 😀\n") == '"caf\\u00e9 \\ud83d\\ude00\\n"'
        assert_eq!(
            sorted_json(&json!("café 😀\n")),
            r#""caf\u00e9 \ud83d\ude00\n""#
        );
    }

    #[test]
    fn top_level_rule_bool_list_number_string() {
        let p = Params::new()
            .value("b", &false)
            .value("l", &Vec::<String>::new())
            .value("n", &1000)
            .value("s", "a b")
            .value("none", &Option::<String>::None);
        assert_eq!(
            p.pairs(),
            &[
                ("b".into(), "false".into()),
                ("l".into(), "[]".into()),
                ("n".into(), "1000".into()),
                ("s".into(), "a b".into())
            ]
        );
    }

    #[test]
    fn quoting_matches_python() {
        assert_eq!(quote_plus("a b/c{},~*"), "a+b%2Fc%7B%7D%2C~%2A");
        assert_eq!(quote("a b/c:"), "a%20b/c%3A");
    }
}
