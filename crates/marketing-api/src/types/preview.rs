//! Ad previews (REFERENCE §2, §3 "AdPreview").
//!
//! Graph returns previews as iframe HTML. Adwright never passes that HTML on: the `src`
//! is extracted, HTML entities decoded, and the URL accepted only on an allowed host
//! (Meta's preview hosts, or the configured loopback sandbox).

use std::collections::BTreeMap;
use std::fmt;

use serde::{Deserialize, Deserializer, Serialize};
use serde_json::Value;
use ts_rs::TS;
use url::Url;

use super::enums::CreativeFeature;
use crate::config::Config;
use crate::error::Error;
use crate::secret::redact_url;

/// A checked preview iframe URL. `Debug` hides its query (`d`/`t` grant access to the
/// preview); `Serialize` gives the full URL, for the UI's iframe.
#[derive(Clone, PartialEq, Eq, TS)]
#[ts(export, type = "string")]
pub struct PreviewUrl(#[ts(skip)] Url);

impl Serialize for PreviewUrl {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.0.as_str())
    }
}

impl PreviewUrl {
    /// Extract and check the `src` of a preview iframe.
    pub fn from_iframe(html: &str, config: &Config) -> Result<Self, Error> {
        let src = iframe_src(html).ok_or_else(|| Error::Preview("no iframe src".into()))?;
        let url = Url::parse(&decode_entities(&src))
            .map_err(|e| Error::Preview(format!("iframe src is not a URL: {e}")))?;
        if !config.preview_host_allowed(&url) {
            return Err(Error::Preview(format!(
                "host {:?} is not an allowed preview host",
                url.host_str().unwrap_or_default()
            )));
        }
        Ok(Self(url))
    }

    pub fn as_str(&self) -> &str {
        self.0.as_str()
    }

    pub fn url(&self) -> &Url {
        &self.0
    }
}

impl fmt::Debug for PreviewUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "PreviewUrl({})", redact_url(&self.0))
    }
}

/// The `src` attribute of the first `<iframe>`, quoted with `"` or `'`.
fn iframe_src(html: &str) -> Option<String> {
    let lower = html.to_ascii_lowercase();
    let start = lower.find("<iframe")?;
    let rest = &lower[start..];
    let mut search = 0;
    loop {
        let i = rest[search..].find("src")? + search;
        let before_ok = i > 0 && rest.as_bytes()[i - 1].is_ascii_whitespace();
        let after = rest[i + 3..].trim_start();
        if before_ok && after.starts_with('=') {
            let after_eq = after[1..].trim_start();
            let quote = after_eq.chars().next()?;
            let offset = rest.len() - after_eq.len();
            let value_start = start + offset + 1;
            if quote == '"' || quote == '\'' {
                let len = html[value_start..].find(quote)?;
                return Some(html[value_start..value_start + len].to_owned());
            }
            return None;
        }
        search = i + 3;
    }
}

/// Decode the entities an attribute value may carry (`&amp;`, `&#39;`, `&#x2F;`, …).
fn decode_entities(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        let Some(end) = rest.find(';').filter(|&e| e <= 10) else {
            out.push('&');
            rest = &rest[1..];
            continue;
        };
        let name = &rest[1..end];
        let decoded = match name {
            "amp" => Some('&'),
            "quot" => Some('"'),
            "apos" => Some('\''),
            "lt" => Some('<'),
            "gt" => Some('>'),
            n if n.starts_with("#x") || n.starts_with("#X") => u32::from_str_radix(&n[2..], 16)
                .ok()
                .and_then(char::from_u32),
            n if n.starts_with('#') => n[1..].parse().ok().and_then(char::from_u32),
            _ => None,
        };
        match decoded {
            Some(c) => {
                out.push(c);
                rest = &rest[end + 1..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// Status of a generated variant, read case-insensitively ("eligible" in samples,
/// "PENDING" in prose). `NotApplied` = no `transformation_spec` for the feature.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum PreviewStatus {
    Eligible,
    Pending,
    Ineligible,
    NotApplied,
    #[serde(untagged)]
    Other(String),
}

impl PreviewStatus {
    pub fn parse(s: &str) -> Self {
        match s.to_ascii_lowercase().as_str() {
            "eligible" => Self::Eligible,
            "pending" => Self::Pending,
            "ineligible" => Self::Ineligible,
            _ => Self::Other(s.to_owned()),
        }
    }

    /// Nothing more will change by asking again.
    pub fn is_final(&self) -> bool {
        !matches!(self, Self::Pending)
    }
}

impl<'de> Deserialize<'de> for PreviewStatus {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Ok(Self::parse(&String::deserialize(d)?))
    }
}

/// One generated variant of a feature.
#[derive(Clone, Debug, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct FeaturePreview {
    pub status: PreviewStatus,
    pub url: Option<PreviewUrl>,
}

/// A parsed `AdPreview`.
#[derive(Clone, Debug, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct AdPreview {
    /// The preview of the ad as the advertiser made it.
    pub url: Option<PreviewUrl>,
    /// Per feature key, the variants Meta made (`transformation_spec`).
    pub transformations: BTreeMap<String, Vec<FeaturePreview>>,
}

impl AdPreview {
    pub(crate) fn from_raw(raw: RawAdPreview, config: &Config) -> Result<Self, Error> {
        let url = raw
            .body
            .as_deref()
            .filter(|b| !b.trim().is_empty())
            .map(|b| PreviewUrl::from_iframe(b, config))
            .transpose()?;
        let mut transformations = BTreeMap::new();
        for (feature, items) in raw.transformation_spec.unwrap_or_default() {
            let items = match items {
                Value::Array(a) => a,
                Value::Object(_) => vec![items],
                _ => continue,
            };
            let mut out = Vec::new();
            for item in items {
                let t: RawTransformation = serde_json::from_value(item)
                    .map_err(|e| Error::Decode(format!("transformation_spec.{feature}: {e}")))?;
                let url = t
                    .body
                    .as_deref()
                    .filter(|b| !b.trim().is_empty())
                    .map(|b| PreviewUrl::from_iframe(b, config))
                    .transpose()?;
                out.push(FeaturePreview {
                    status: t.status.map_or(PreviewStatus::Other(String::new()), |s| s),
                    url,
                });
            }
            transformations.insert(feature, out);
        }
        Ok(Self {
            url,
            transformations,
        })
    }

    /// The overall status of a feature: pending while any variant is pending, eligible if
    /// any is eligible, `NotApplied` when Graph sent nothing for it.
    pub fn status_of(&self, feature: &CreativeFeature) -> PreviewStatus {
        let Some(items) = self
            .transformations
            .get(feature.as_str())
            .filter(|v| !v.is_empty())
        else {
            return PreviewStatus::NotApplied;
        };
        if items.iter().any(|i| i.status == PreviewStatus::Pending) {
            PreviewStatus::Pending
        } else if items.iter().any(|i| i.status == PreviewStatus::Eligible) {
            PreviewStatus::Eligible
        } else {
            items[0].status.clone()
        }
    }

    /// The URL of the first eligible variant of a feature.
    pub fn feature_url(&self, feature: &CreativeFeature) -> Option<&PreviewUrl> {
        self.transformations
            .get(feature.as_str())?
            .iter()
            .find(|i| i.status == PreviewStatus::Eligible)
            .and_then(|i| i.url.as_ref())
    }
}

#[derive(Debug, Deserialize)]
/// `AdPreview` as Graph sends it; turned into [`AdPreview`] by the client.
pub struct RawAdPreview {
    #[serde(default)]
    pub body: Option<String>,
    #[serde(default)]
    pub transformation_spec: Option<BTreeMap<String, Value>>,
}

#[derive(Debug, Deserialize)]
struct RawTransformation {
    #[serde(default)]
    body: Option<String>,
    #[serde(default)]
    status: Option<PreviewStatus>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    const IFRAME: &str = "<iframe src=\"https://www.facebook.com/ads/api/preview_iframe.php?d=XXXX&amp;t=YYYY\" width=\"540\" height=\"690\" scrolling=\"yes\" style=\"border: none;\"></iframe>";

    #[test]
    fn iframe_src_is_decoded_and_checked() {
        let c = Config::default();
        let u = PreviewUrl::from_iframe(IFRAME, &c).unwrap();
        assert_eq!(
            u.as_str(),
            "https://www.facebook.com/ads/api/preview_iframe.php?d=XXXX&t=YYYY"
        );
        assert!(!format!("{u:?}").contains("XXXX"));
        let single = "<IFRAME width='1' SRC='https://www.facebook.com/ads/api/preview_iframe.php?d=1&#38;t=2'></IFRAME>";
        assert_eq!(
            PreviewUrl::from_iframe(single, &c).unwrap().as_str(),
            "https://www.facebook.com/ads/api/preview_iframe.php?d=1&t=2"
        );
        for bad in [
            "<iframe src=\"https://evil.example/x\"></iframe>",
            "<iframe src=\"javascript:alert(1)\"></iframe>",
            "<iframe data-src=\"https://www.facebook.com/x\"></iframe>",
            "<div>no iframe</div>",
            "<iframe src=\"http://127.0.0.1:9/x\"></iframe>",
        ] {
            assert!(PreviewUrl::from_iframe(bad, &c).is_err(), "{bad}");
        }
    }

    #[test]
    fn statuses_case_insensitive_and_absence_is_not_applied() {
        let c = Config::default();
        let raw: RawAdPreview = serde_json::from_value(json!({
            "body": IFRAME,
            "transformation_spec": {"image_uncrop": [{"body": IFRAME, "status": "ELIGIBLE"}],
                                     "image_background_gen": [{"body": IFRAME, "status": "PENDING"}],
                                     "brand_new": {"status": "weird"}}
        }))
        .unwrap();
        let p = AdPreview::from_raw(raw, &c).unwrap();
        assert_eq!(
            p.status_of(&CreativeFeature::ImageUncrop),
            PreviewStatus::Eligible
        );
        assert!(p.feature_url(&CreativeFeature::ImageUncrop).is_some());
        assert_eq!(
            p.status_of(&CreativeFeature::ImageBackgroundGen),
            PreviewStatus::Pending
        );
        assert_eq!(
            p.status_of(&CreativeFeature::TextGeneration),
            PreviewStatus::NotApplied
        );
        assert_eq!(
            p.transformations["brand_new"][0].status,
            PreviewStatus::Other("weird".into())
        );

        let bare: RawAdPreview = serde_json::from_value(json!({"body": IFRAME})).unwrap();
        let p = AdPreview::from_raw(bare, &c).unwrap();
        assert_eq!(
            p.status_of(&CreativeFeature::ImageUncrop),
            PreviewStatus::NotApplied
        );
    }
}
