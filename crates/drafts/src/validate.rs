//! The one rule set for drafts. The UI calls [`validate`] as the user types and renders the
//! issues field by field; the publisher calls it before sending and refuses on any `Error`.
//! Rules are pure functions of the draft body (image facts travel in [`ImageRef`]), so they run
//! offline and in microseconds.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::{DraftsError, Result};
use crate::model::{
    AdContent, CatalogAd, Destination, DraftBody, DraftNotice, ImageFormat, ImageRef, LinkAd,
};

// Text lengths, in characters.
// Recommended: Meta's Ads Guide (facebook.com/business/ads-guide, image ads, "Text
// recommendations") gives primary text 125, headline 40 and description 30 characters; longer
// text may be truncated in some placements, so exceeding them is a warning.
// Maximum for primary text: 2,200 characters, Meta's caption limit for ads on Instagram
// (developers.facebook.com/docs/instagram/ads-api/reference/media-requirements): longer text is
// refused for Instagram-only ads and not delivered on Instagram otherwise.
// Maximum for headline and description: 255 characters, the cap of the Ads Manager fields as
// commonly reported; the Marketing API reference states none, so this is the app's own hard cap.
pub const PRIMARY_TEXT_RECOMMENDED: usize = 125;
pub const PRIMARY_TEXT_MAX: usize = 2_200;
pub const HEADLINE_RECOMMENDED: usize = 40;
pub const HEADLINE_MAX: usize = 255;
pub const DESCRIPTION_RECOMMENDED: usize = 30;
pub const DESCRIPTION_MAX: usize = 255;

// Images, from Meta's media requirements page cited above: every image needs at least 600 px
// of width; 1080×1080 or larger is recommended for Facebook; feed accepts aspect ratios from
// 1.91:1 to 4:5.
pub const IMAGE_MIN_WIDTH: u32 = 600;
pub const IMAGE_RECOMMENDED_SIDE: u32 = 1080;
pub const ASPECT_MIN: f64 = 4.0 / 5.0;
pub const ASPECT_MAX: f64 = 1.91;
/// Slack for images a few pixels off a standard ratio (e.g. 1080×1351).
const ASPECT_TOLERANCE: f64 = 0.01;

/// Catalog fields the app offers in `{{product.…}}` tags: the product-feed fields of Meta's
/// catalog template tags (Advantage+ catalog ads, "template tags").
pub const PRODUCT_FIELDS: &[&str] = &[
    "availability",
    "brand",
    "condition",
    "current_price",
    "custom_label_0",
    "custom_label_1",
    "custom_label_2",
    "custom_label_3",
    "custom_label_4",
    "description",
    "name",
    "price",
    "product_type",
    "retailer_id",
    "sale_price",
    "short_description",
    "url",
];

/// Modifiers Meta accepts on a tag, either after a pipe (`{{product.name | titleize}}`) or as an
/// option word (`{{product.current_price strip_zeros}}`).
pub const TAG_MODIFIERS: &[&str] = &["titleize", "raw", "strip_zeros", "round"];

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum Severity {
    /// Blocks publishing.
    Error,
    /// Shown, does not block.
    Warning,
}

/// Stable machine-readable reason, for UI styling and tests; `message` is for people.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum IssueCode {
    Required,
    InvalidId,
    InvalidLink,
    InsecureLink,
    TooLong,
    LongerThanRecommended,
    TemplateSyntax,
    UnknownTemplateField,
    UnknownTemplateModifier,
    ImageFormat,
    ImageTooSmall,
    ImageBelowRecommended,
    AspectRatio,
    MigrationNotice,
}

/// One finding about one field.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Issue {
    /// Dotted path of the field in the serialized `DraftBody`, e.g. `content.template_data.name`.
    pub path: String,
    pub severity: Severity,
    pub code: IssueCode,
    /// Names the field and says how to fix it.
    pub message: String,
}

impl Issue {
    fn new(path: &str, severity: Severity, code: IssueCode, message: String) -> Self {
        Issue {
            path: path.to_owned(),
            severity,
            code,
            message,
        }
    }
}

/// True when no issue blocks publishing.
pub fn is_publishable(issues: &[Issue]) -> bool {
    !issues.iter().any(|i| i.severity == Severity::Error)
}

/// Checks a draft body against every rule.
pub fn validate(body: &DraftBody) -> Vec<Issue> {
    let mut out = Vec::new();
    check_ad_account(&body.ad_account_id, &mut out);
    match &body.content {
        AdContent::Link(ad) => check_link_ad(ad, &mut out),
        AdContent::Catalog(ad) => check_catalog_ad(ad, &mut out),
    }
    check_destination(&body.destination, &mut out);
    for notice in &body.notices {
        match notice {
            DraftNotice::EnhancementsBundleReplaced => out.push(Issue::new(
                "notices",
                Severity::Warning,
                IssueCode::MigrationNotice,
                "This draft used Meta's retired \"Standard enhancements\" bundle. It now uses the \
                 individual AI features of this ad type instead: check the switches and turn off \
                 any you do not want."
                    .into(),
            )),
        }
    }
    out
}

/// Parses a draft body from JSON, refusing the retired `standard_enhancements` bundle wherever
/// it appears (old exports, hand-edited files) with its own error instead of a generic one.
pub fn parse_body(json: &str) -> Result<DraftBody> {
    let value: serde_json::Value = serde_json::from_str(json)?;
    if contains_key(&value, "standard_enhancements") {
        return Err(DraftsError::RetiredFeature);
    }
    Ok(serde_json::from_value(value)?)
}

pub(crate) fn contains_key(value: &serde_json::Value, key: &str) -> bool {
    match value {
        serde_json::Value::Object(map) => {
            map.contains_key(key) || map.values().any(|v| contains_key(v, key))
        }
        serde_json::Value::Array(items) => items.iter().any(|v| contains_key(v, key)),
        _ => false,
    }
}

fn check_ad_account(id: &str, out: &mut Vec<Issue>) {
    let id = id.trim();
    if id.is_empty() {
        out.push(Issue::new(
            "ad_account_id",
            Severity::Error,
            IssueCode::Required,
            "Ad account is required to publish: pick one of your ad accounts.".into(),
        ));
    } else if !is_digits(id.strip_prefix("act_").unwrap_or(id)) {
        out.push(Issue::new(
            "ad_account_id",
            Severity::Error,
            IssueCode::InvalidId,
            "Ad account must look like act_1234567890: pick it from the list instead of typing it."
                .into(),
        ));
    }
}

fn check_link_ad(ad: &LinkAd, out: &mut Vec<Issue>) {
    check_numeric_id("content.page_id", "Page", &ad.page_id, out);
    check_link("content.link", "Destination link", &ad.link, false, out);

    if ad.features.text_generation && ad.message.trim().is_empty() {
        out.push(Issue::new(
            "content.message",
            Severity::Error,
            IssueCode::Required,
            "Primary text is required when text generation is on: Meta writes its variations \
             from it. Write a primary text or turn text generation off."
                .into(),
        ));
    }
    check_length(
        "content.message",
        "Primary text",
        &ad.message,
        PRIMARY_TEXT_RECOMMENDED,
        PRIMARY_TEXT_MAX,
        out,
    );
    check_length(
        "content.name",
        "Headline",
        &ad.name,
        HEADLINE_RECOMMENDED,
        HEADLINE_MAX,
        out,
    );
    check_length(
        "content.description",
        "Description",
        &ad.description,
        DESCRIPTION_RECOMMENDED,
        DESCRIPTION_MAX,
        out,
    );

    match &ad.image {
        None if ad.features.image_uncrop => out.push(Issue::new(
            "content.image",
            Severity::Error,
            IssueCode::Required,
            "Image is required when image expansion is on: add an image or turn image expansion \
             off."
                .into(),
        )),
        None => out.push(Issue::new(
            "content.image",
            Severity::Warning,
            IssueCode::Required,
            "Image is missing: without one, Meta uses the link's preview image. Add an image to \
             choose what people see."
                .into(),
        )),
        Some(image) => check_image(image, ad.features.image_uncrop, out),
    }
}

fn check_image(image: &ImageRef, expansion_on: bool, out: &mut Vec<Issue>) {
    const PATH: &str = "content.image";
    if !matches!(image.format, ImageFormat::Jpeg | ImageFormat::Png) {
        out.push(Issue::new(
            PATH,
            Severity::Error,
            IssueCode::ImageFormat,
            format!(
                "Image is {}: Meta ads need JPEG or PNG. Export the image as JPEG or PNG and add \
                 it again.",
                image.format.extension().to_uppercase()
            ),
        ));
    }
    if image.width < IMAGE_MIN_WIDTH {
        out.push(Issue::new(
            PATH,
            Severity::Error,
            IssueCode::ImageTooSmall,
            format!(
                "Image is {} px wide: Meta needs at least {IMAGE_MIN_WIDTH} px. Use a larger image.",
                image.width
            ),
        ));
    } else if image.width < IMAGE_RECOMMENDED_SIDE || image.height < IMAGE_RECOMMENDED_SIDE {
        out.push(Issue::new(
            PATH,
            Severity::Warning,
            IssueCode::ImageBelowRecommended,
            format!(
                "Image is {}×{} px: Meta recommends at least {side}×{side} px for a sharp ad. \
                 Use a larger image if you have one.",
                image.width,
                image.height,
                side = IMAGE_RECOMMENDED_SIDE
            ),
        ));
    }
    if image.height > 0 && !expansion_on {
        let ratio = f64::from(image.width) / f64::from(image.height);
        let feed = ASPECT_MIN * (1.0 - ASPECT_TOLERANCE)..=ASPECT_MAX * (1.0 + ASPECT_TOLERANCE);
        if !feed.contains(&ratio) {
            out.push(Issue::new(
                PATH,
                Severity::Warning,
                IssueCode::AspectRatio,
                format!(
                    "Image aspect ratio is {ratio:.2}:1: feed shows 1.91:1 to 4:5, so Meta will \
                     crop it. Crop it yourself, or turn on image expansion."
                ),
            ));
        }
    }
}

fn check_catalog_ad(ad: &CatalogAd, out: &mut Vec<Issue>) {
    check_numeric_id("content.page_id", "Page", &ad.page_id, out);
    let bg = ad.features.image_background_gen;

    if ad.product_set_id.trim().is_empty() {
        let why = if bg {
            "Product set is required: background generation works on its product images. Pick a \
             product set from your catalog."
        } else {
            "Product set is required for a catalog ad: pick a product set from your catalog."
        };
        out.push(Issue::new(
            "content.product_set_id",
            Severity::Error,
            IssueCode::Required,
            why.into(),
        ));
    } else {
        check_numeric_id(
            "content.product_set_id",
            "Product set",
            &ad.product_set_id,
            out,
        );
    }

    let td = &ad.template_data;
    if bg && !td.has_text() {
        out.push(Issue::new(
            "content.template_data",
            Severity::Error,
            IssueCode::Required,
            "Template data is required when background generation is on: write at least a \
             headline, primary text or description (e.g. {{product.name | titleize}})."
                .into(),
        ));
    }
    let texts = [
        (
            "message",
            "Template primary text",
            &td.message,
            PRIMARY_TEXT_RECOMMENDED,
            PRIMARY_TEXT_MAX,
        ),
        (
            "name",
            "Template headline",
            &td.name,
            HEADLINE_RECOMMENDED,
            HEADLINE_MAX,
        ),
        (
            "description",
            "Template description",
            &td.description,
            DESCRIPTION_RECOMMENDED,
            DESCRIPTION_MAX,
        ),
    ];
    for (field, label, text, recommended, max) in texts {
        let path = format!("content.template_data.{field}");
        let before = out.len();
        check_template_tags(&path, label, text, out);
        // Tags expand to product data of unknown length, so only literal text is counted, and
        // only when the tags themselves are well formed.
        if out.len() == before {
            let literal = strip_tags(text);
            check_length(&path, label, &literal, recommended, max, out);
        }
    }
    let before = out.len();
    check_template_tags("content.template_data.link", "Template link", &td.link, out);
    if out.len() == before {
        check_link(
            "content.template_data.link",
            "Template link",
            &td.link,
            true,
            out,
        );
    }
}

fn check_destination(dest: &Destination, out: &mut Vec<Issue>) {
    match dest {
        Destination::StandaloneCreative => {}
        Destination::ExistingAdSet { ad_set_id } => {
            check_numeric_id("destination.ad_set_id", "Ad set", ad_set_id, out)
        }
        Destination::NewPausedCampaign {
            campaign_name,
            ad_set_name,
        } => {
            for (path, label, value) in [
                ("destination.campaign_name", "Campaign name", campaign_name),
                ("destination.ad_set_name", "Ad set name", ad_set_name),
            ] {
                if value.trim().is_empty() {
                    out.push(Issue::new(
                        path,
                        Severity::Error,
                        IssueCode::Required,
                        format!("{label} is required for the new paused campaign: type a name."),
                    ));
                }
            }
        }
    }
}

fn check_numeric_id(path: &str, label: &str, value: &str, out: &mut Vec<Issue>) {
    let value = value.trim();
    if value.is_empty() {
        out.push(Issue::new(
            path,
            Severity::Error,
            IssueCode::Required,
            format!("{label} is required: pick one from your account."),
        ));
    } else if !is_digits(value) {
        out.push(Issue::new(
            path,
            Severity::Error,
            IssueCode::InvalidId,
            format!(
                "{label} ID must contain only digits: pick it from the list instead of typing it."
            ),
        ));
    }
}

fn is_digits(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit())
}

fn check_length(
    path: &str,
    label: &str,
    text: &str,
    recommended: usize,
    max: usize,
    out: &mut Vec<Issue>,
) {
    // Meta counts characters, not bytes.
    let n = text.chars().count();
    if n > max {
        out.push(Issue::new(
            path,
            Severity::Error,
            IssueCode::TooLong,
            format!(
                "{label} is {n} characters: the limit is {max}. Shorten it by {}.",
                n - max
            ),
        ));
    } else if n > recommended {
        out.push(Issue::new(
            path,
            Severity::Warning,
            IssueCode::LongerThanRecommended,
            format!(
                "{label} is {n} characters: Meta recommends at most {recommended}, longer text may \
                 be cut off. Put the key message first or shorten it."
            ),
        ));
    }
}

/// Checks a destination URL. `templated` links may contain `{{product.…}}` tags (already
/// checked for syntax), or be exactly `{{product.url}}`.
fn check_link(path: &str, label: &str, link: &str, templated: bool, out: &mut Vec<Issue>) {
    let link = link.trim();
    if link.is_empty() {
        out.push(Issue::new(
            path,
            Severity::Error,
            IssueCode::Required,
            format!("{label} is required: paste the https:// address people should land on."),
        ));
        return;
    }
    let concrete = if templated {
        if link.starts_with("{{") {
            let first = parse_tags(link).ok().and_then(|t| t.into_iter().next());
            if first.is_some_and(|t| t.field == "url" && t.start == 0) {
                // `{{product.url}}` (plus e.g. tracking parameters): Meta fills the product's own
                // address, which the catalog already validated.
                return;
            }
        }
        // Stand-in text for each tag, so the rest of the URL can be parsed.
        replace_tags(link, "x")
    } else {
        link.to_owned()
    };
    let bad = |msg: String| Issue::new(path, Severity::Error, IssueCode::InvalidLink, msg);
    match url::Url::parse(&concrete) {
        Err(url::ParseError::RelativeUrlWithoutBase) => out.push(bad(format!(
            "{label} needs to start with https://: write https://{link}"
        ))),
        Err(_) => out.push(bad(format!(
            "{label} is not a valid web address: check for spaces or typos."
        ))),
        Ok(url) => match url.scheme() {
            "http" | "https" => {
                let host = url.host_str().unwrap_or("");
                if host.is_empty() || !(host.contains('.') || host.contains(':')) {
                    out.push(bad(format!(
                        "{label} needs a full domain, like https://example.com/page."
                    )));
                } else if url.scheme() == "http" {
                    out.push(Issue::new(
                        path,
                        Severity::Warning,
                        IssueCode::InsecureLink,
                        format!("{label} uses http://: use https:// if the site supports it."),
                    ));
                }
            }
            other => out.push(bad(format!(
                "{label} uses {other}: only http:// and https:// web addresses work in ads."
            ))),
        },
    }
}

/// A well-formed `{{product.field modifiers…}}` tag found in a template text.
#[derive(Debug, PartialEq, Eq)]
pub struct Tag<'a> {
    /// Byte offsets of `{{` and one past `}}`.
    pub start: usize,
    pub end: usize,
    pub field: &'a str,
    pub modifiers: Vec<&'a str>,
}

/// Why a template text is malformed.
#[derive(Debug, PartialEq, Eq)]
pub enum TagError {
    Unclosed { at: usize },
    StrayClose { at: usize },
    Nested { at: usize },
    Empty { at: usize },
    NotProduct { at: usize, name: String },
    UnknownField { at: usize, field: String },
    UnknownModifier { at: usize, modifier: String },
}

/// Parses every tag of a template text, stopping at the first malformed one.
pub fn parse_tags(text: &str) -> std::result::Result<Vec<Tag<'_>>, TagError> {
    let mut tags = Vec::new();
    let mut i = 0;
    while i < text.len() {
        let rest = &text[i..];
        let open = rest.find("{{");
        let close = rest.find("}}");
        match (open, close) {
            (None, None) => break,
            (None, Some(c)) => return Err(TagError::StrayClose { at: i + c }),
            (Some(o), Some(c)) if c < o => return Err(TagError::StrayClose { at: i + c }),
            (Some(o), None) => return Err(TagError::Unclosed { at: i + o }),
            (Some(o), Some(c)) => {
                let start = i + o;
                let inner_start = start + 2;
                let inner_end = i + c;
                let inner = &text[inner_start..inner_end];
                if inner.contains("{{") {
                    return Err(TagError::Nested { at: start });
                }
                tags.push(parse_tag(inner, start, inner_end + 2)?);
                i = inner_end + 2;
            }
        }
    }
    Ok(tags)
}

fn parse_tag(inner: &str, start: usize, end: usize) -> std::result::Result<Tag<'_>, TagError> {
    let mut segments = inner.split('|');
    let head = segments.next().unwrap_or("");
    let mut words = head.split_whitespace();
    let Some(name) = words.next() else {
        return Err(TagError::Empty { at: start });
    };
    let Some(field) = name.strip_prefix("product.") else {
        return Err(TagError::NotProduct {
            at: start,
            name: name.to_owned(),
        });
    };
    if !PRODUCT_FIELDS.contains(&field) {
        return Err(TagError::UnknownField {
            at: start,
            field: field.to_owned(),
        });
    }
    let mut modifiers: Vec<&str> = words.collect();
    for seg in segments {
        let seg = seg.trim();
        // A pipe takes exactly one modifier word.
        if seg.is_empty() || seg.contains(char::is_whitespace) {
            return Err(TagError::UnknownModifier {
                at: start,
                modifier: seg.to_owned(),
            });
        }
        modifiers.push(seg);
    }
    if let Some(bad) = modifiers.iter().find(|m| !TAG_MODIFIERS.contains(m)) {
        return Err(TagError::UnknownModifier {
            at: start,
            modifier: (*bad).to_owned(),
        });
    }
    Ok(Tag {
        start,
        end,
        field,
        modifiers,
    })
}

fn check_template_tags(path: &str, label: &str, text: &str, out: &mut Vec<Issue>) {
    let Err(err) = parse_tags(text) else { return };
    let (code, message) = match err {
        TagError::Unclosed { .. } => (
            IssueCode::TemplateSyntax,
            format!("{label} has a tag opened with {{{{ but never closed: add }}}} after it."),
        ),
        TagError::StrayClose { .. } => (
            IssueCode::TemplateSyntax,
            format!("{label} has a }}}} with no {{{{ before it: add the opening {{{{ or remove it."),
        ),
        TagError::Nested { .. } => (
            IssueCode::TemplateSyntax,
            format!("{label} has a tag inside a tag: close the first tag with }}}} before opening another."),
        ),
        TagError::Empty { .. } => (
            IssueCode::TemplateSyntax,
            format!("{label} has an empty tag {{{{}}}}: write a field, e.g. {{{{product.name}}}}, or remove it."),
        ),
        TagError::NotProduct { name, .. } => (
            IssueCode::UnknownTemplateField,
            format!(
                "{label} uses {{{{{name}}}}}: catalog tags start with product., e.g. {{{{product.name}}}}."
            ),
        ),
        TagError::UnknownField { field, .. } => (
            IssueCode::UnknownTemplateField,
            format!(
                "{label} uses product.{field}, which is not a catalog field: use one of {}.",
                PRODUCT_FIELDS.join(", ")
            ),
        ),
        TagError::UnknownModifier { modifier, .. } => (
            IssueCode::UnknownTemplateModifier,
            format!(
                "{label} uses the modifier \"{modifier}\", which Meta does not know: use one of {}.",
                TAG_MODIFIERS.join(", ")
            ),
        ),
    };
    out.push(Issue::new(path, Severity::Error, code, message));
}

fn replace_tags(text: &str, with: &str) -> String {
    match parse_tags(text) {
        Ok(tags) => {
            let mut s = String::with_capacity(text.len());
            let mut last = 0;
            for t in tags {
                s.push_str(&text[last..t.start]);
                s.push_str(with);
                last = t.end;
            }
            s.push_str(&text[last..]);
            s
        }
        Err(_) => text.to_owned(),
    }
}

fn strip_tags(text: &str) -> String {
    replace_tags(text, "")
}

#[cfg(test)]
mod tests;
