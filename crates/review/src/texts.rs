//! Generated primary texts beside the original.
//!
//! Meta writes the variations into the creative's `asset_feed_spec.bodies`; the first body
//! repeats the original (Meta's GenAI page, REFERENCE §2).
//!
//! **Every text here is data, never HTML.** A generated text can contain anything, including
//! `<script>`: the UI must render it as a text node (Svelte `{text}`, `textContent`), never
//! through `{@html}` / `innerHTML`. Text that looks like markup is also flagged
//! ([`ClaimKind::Markup`](crate::claims::ClaimKind)) because Meta would print it in the ad.

use marketing_api::types::AssetFeedSpec;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::claims::{check_claims, ClaimFlag};
use crate::diff::{word_diff, TextDiffSegment};

/// One generated text. Plain text, never HTML (see the module docs).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct TextVariation {
    /// Its position in `asset_feed_spec.bodies` (1 = the first generated one); the id the UI
    /// passes back when the text was displayed.
    pub index: u32,
    /// The generated text, as Meta stored it. Render as text, never as HTML.
    pub text: String,
    /// The variation against the original, for highlighting.
    pub diff: Vec<TextDiffSegment>,
    /// What it says that the original does not; empty when nothing was found.
    pub flags: Vec<ClaimFlag>,
}

/// The original and its variations.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct GeneratedTexts {
    /// The primary text as Meta stored it (`bodies[0]`). Render as text, never as HTML.
    pub original: String,
    /// Set when `bodies[0]` is not the text Adwright sent, so the reviewer knows the
    /// comparison base changed. Holds the text that was sent.
    pub sent_original: Option<String>,
    pub variations: Vec<TextVariation>,
}

impl GeneratedTexts {
    /// From what was sent (`link_data.message`, if known) and what Meta stored. `None` when
    /// Meta stored no generated text (only the original, or no `asset_feed_spec`).
    pub fn from_feed(sent: Option<&str>, feed: Option<&AssetFeedSpec>) -> Option<Self> {
        let bodies = &feed?.bodies;
        if bodies.len() < 2 {
            return None;
        }
        let original = bodies[0].text.clone();
        let sent_original = sent
            .filter(|s| s.trim() != original.trim())
            .map(str::to_owned);
        let variations = bodies
            .iter()
            .enumerate()
            .skip(1)
            .map(|(i, b)| TextVariation {
                index: i as u32,
                diff: word_diff(&original, &b.text),
                flags: check_claims(&original, &b.text),
                text: b.text.clone(),
            })
            .collect();
        Some(Self {
            original,
            sent_original,
            variations,
        })
    }

    /// The indexes the reviewer must see before approving.
    pub fn indexes(&self) -> impl Iterator<Item = u32> + '_ {
        self.variations.iter().map(|v| v.index)
    }

    pub fn flagged_count(&self) -> usize {
        self.variations
            .iter()
            .filter(|v| !v.flags.is_empty())
            .count()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::claims::ClaimKind;
    use crate::diff::TextDiffOp;
    use serde_json::json;

    fn feed(texts: &[&str]) -> AssetFeedSpec {
        serde_json::from_value(json!({
            "bodies": texts.iter().map(|t| json!({"text": t})).collect::<Vec<_>>(),
            "optimization_type": "DEGREES_OF_FREEDOM"
        }))
        .unwrap()
    }

    #[test]
    fn first_body_is_the_original_and_the_rest_are_variations() {
        let f = feed(&[
            "Knitted hats for cold mornings",
            "Knitted hats for chilly mornings",
            "The warmest knitted hats, 40% off today only",
        ]);
        let t =
            GeneratedTexts::from_feed(Some("Knitted hats for cold mornings"), Some(&f)).unwrap();
        assert_eq!(t.original, "Knitted hats for cold mornings");
        assert_eq!(t.sent_original, None);
        assert_eq!(t.indexes().collect::<Vec<_>>(), vec![1, 2]);
        assert!(t.variations[0].flags.is_empty());
        assert_eq!(
            t.variations[0]
                .diff
                .iter()
                .map(|s| s.op)
                .collect::<Vec<_>>(),
            vec![
                TextDiffOp::Same,
                TextDiffOp::Removed,
                TextDiffOp::Added,
                TextDiffOp::Same
            ]
        );
        let kinds: Vec<_> = t.variations[1].flags.iter().map(|f| f.kind).collect();
        assert!(kinds.contains(&ClaimKind::Percentage), "{kinds:?}");
        assert!(kinds.contains(&ClaimKind::Urgency), "{kinds:?}");
        assert_eq!(t.flagged_count(), 1);
    }

    #[test]
    fn nothing_generated_is_none() {
        assert_eq!(GeneratedTexts::from_feed(Some("x"), None), None);
        assert_eq!(
            GeneratedTexts::from_feed(Some("Only me"), Some(&feed(&["Only me"]))),
            None
        );
    }

    #[test]
    fn a_changed_original_is_reported() {
        let f = feed(&["Knitted hats", "Warm knitted hats"]);
        let t = GeneratedTexts::from_feed(Some("Knitted caps"), Some(&f)).unwrap();
        assert_eq!(t.sent_original.as_deref(), Some("Knitted caps"));
    }

    #[test]
    fn script_stays_text_and_is_flagged() {
        let evil = "<img src=x onerror=alert(1)> Knitted hats <script>steal()</script>";
        let f = feed(&["Knitted hats", evil]);
        let t = GeneratedTexts::from_feed(None, Some(&f)).unwrap();
        let v = &t.variations[0];
        // Kept verbatim (no escaping, no stripping): the UI renders it as text.
        assert_eq!(v.text, evil);
        let json = serde_json::to_string(&t).unwrap();
        let back: GeneratedTexts = serde_json::from_str(&json).unwrap();
        assert_eq!(back.variations[0].text, evil);
        let markup = v
            .flags
            .iter()
            .find(|f| f.kind == ClaimKind::Markup)
            .unwrap();
        assert_eq!(markup.words, "<img src=x onerror=alert(1)>");
        let rebuilt: String = v
            .diff
            .iter()
            .filter(|s| s.op != TextDiffOp::Removed)
            .map(|s| s.text.as_str())
            .collect();
        assert_eq!(rebuilt, evil);
    }
}
