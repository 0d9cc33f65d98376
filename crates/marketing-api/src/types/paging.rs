//! Edge replies: `{"data": [...], "paging": {...}}` (REFERENCE §4).

use serde::{Deserialize, Deserializer};

#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
pub struct Cursors {
    #[serde(default)]
    pub before: Option<String>,
    #[serde(default)]
    pub after: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
pub struct Paging {
    #[serde(default)]
    pub cursors: Option<Cursors>,
    /// Whether `paging.next` was present. The URL itself is dropped: it carries the
    /// access token, and the next page is fetched by `after` like the SDK does.
    #[serde(default, rename = "next", deserialize_with = "present")]
    pub has_next: bool,
}

fn present<'de, D: Deserializer<'de>>(d: D) -> Result<bool, D::Error> {
    Ok(Option::<serde::de::IgnoredAny>::deserialize(d)?.is_some())
}

#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct Paged<T> {
    #[serde(default = "Vec::new")]
    pub data: Vec<T>,
    #[serde(default)]
    pub paging: Option<Paging>,
}

impl<T> Paged<T> {
    /// The cursor of the next page, only while Graph says there is one.
    pub fn next_cursor(&self) -> Option<&str> {
        let p = self.paging.as_ref()?;
        if !p.has_next {
            return None;
        }
        p.cursors.as_ref()?.after.as_deref()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn next_cursor_only_while_next_present() {
        let p: Paged<serde_json::Value> = serde_json::from_str(
            r#"{"data":[{"id":"1"}],"paging":{"cursors":{"before":"a","after":"b"},"next":"https://x/?access_token=T&after=b"}}"#,
        )
        .unwrap();
        assert_eq!(p.next_cursor(), Some("b"));
        assert!(!format!("{p:?}").contains("access_token"));
        let last: Paged<serde_json::Value> = serde_json::from_str(
            r#"{"data":[],"paging":{"cursors":{"before":"a","after":"b"},"previous":"x"}}"#,
        )
        .unwrap();
        assert_eq!(last.next_cursor(), None);
    }
}
