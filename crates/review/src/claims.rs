//! The claim check: flag a generated text that says something the original did not.
//!
//! Meta makes no warranty about generated text (its GenAI page), and the advertiser answers
//! for every claim in the ad. A variation that adds a number, a price, a percentage, a
//! superlative, a guarantee or urgency is flagged so the reviewer looks twice. The check is
//! a word list, not understanding: it finds what a careful reader would underline, and says
//! nothing about whether the claim is true. Numbers written as words ("ten") are not seen.

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::diff::tokens;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum ClaimKind {
    Number,
    Price,
    Percentage,
    Superlative,
    Guarantee,
    Urgency,
    /// Text that looks like HTML or script. Meta would print it in the ad as is.
    Markup,
}

/// One thing a variation says that the original did not.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ClaimFlag {
    pub kind: ClaimKind,
    /// The words as they appear in the variation (plain text, never HTML).
    pub words: String,
    /// Why it is flagged, in plain words.
    pub reason: String,
}

/// A claim found in a text, with the key it is compared by.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Claim {
    kind: ClaimKind,
    /// Normalised: "1,299.00" and "1299" are the same number; phrases lower-cased.
    key: String,
    words: String,
}

const SUPERLATIVES: &[&str] = &[
    "best",
    "#1",
    "number one",
    "cheapest",
    "lowest",
    "highest",
    "greatest",
    "fastest",
    "finest",
    "biggest",
    "top-rated",
    "top rated",
    "unbeatable",
    "unmatched",
    "unrivaled",
    "unrivalled",
    "ultimate",
    "perfect",
    "world's",
    "world’s",
    "leading",
    "award-winning",
    "award winning",
    "best-selling",
    "bestselling",
    "best-seller",
    "bestseller",
];

const GUARANTEES: &[&str] = &[
    "guarantee",
    "guaranteed",
    "guarantees",
    "money back",
    "money-back",
    "risk-free",
    "risk free",
    "no risk",
    "promise",
    "promised",
    "warranty",
    "proven",
    "clinically",
    "certified",
    "never fails",
    "always works",
];

const URGENCY: &[&str] = &[
    "today only",
    "only today",
    "last chance",
    "hurry",
    "act now",
    "act fast",
    "limited time",
    "limited-time",
    "limited offer",
    "ends soon",
    "ends today",
    "ends tonight",
    "don't miss",
    "don’t miss",
    "do not miss",
    "while supplies last",
    "while stocks last",
    "before it's gone",
    "before it’s gone",
    "before they're gone",
    "before they’re gone",
    "now or never",
    "final hours",
    "last day",
    "selling fast",
    "almost gone",
    "only a few left",
    "few left",
    "right now",
    "expires",
];

/// Words that state a price without a digit.
const PRICE_WORDS: &[&str] = &["free", "half price", "half-price", "bogo"];

const CURRENCY_SYMBOLS: &[char] = &['$', '€', '£', '¥', '₹', '₩', '₽', '₺', '₫', '₱', '฿'];
const CURRENCY_WORDS: &[&str] = &[
    "usd", "eur", "gbp", "dollar", "dollars", "euro", "euros", "pound", "pounds", "cents",
];

/// Every claim in `text`.
fn claims_in(text: &str) -> Vec<Claim> {
    let mut out = Vec::new();
    let lower = text.to_lowercase();
    let toks = tokens(text);

    // Numbers, and what they become with a currency or a percent sign next to them.
    let mut i = 0;
    while i < toks.len() {
        let t = toks[i];
        if !t.chars().any(|c| c.is_ascii_digit()) {
            i += 1;
            continue;
        }
        // Glue "1", ",", "299", ".", "00" back into one number.
        let mut end = i + 1;
        while end + 1 < toks.len()
            && matches!(toks[end], "," | ".")
            && toks[end + 1].chars().all(|c| c.is_ascii_digit())
        {
            end += 2;
        }
        let raw: String = toks[i..end].concat();
        let value = normalise_number(&raw);
        let prev = i.checked_sub(1).map(|p| toks[p]);
        // "#1" is a superlative, found below by the phrase list.
        if prev == Some("#") && value == "1" {
            i = end;
            continue;
        }
        let next = toks.get(end).copied();
        let next_word = next
            .filter(|n| n.trim().is_empty())
            .and_then(|_| toks.get(end + 1).copied())
            .or(next)
            .map(str::to_lowercase);
        let symbol_before = prev
            .and_then(|p| p.chars().next())
            .filter(|c| CURRENCY_SYMBOLS.contains(c));
        let symbol_after = next
            .and_then(|n| n.chars().next())
            .filter(|c| CURRENCY_SYMBOLS.contains(c));
        let letters_unit = raw
            .trim_start_matches(|c: char| c.is_ascii_digit())
            .to_lowercase();
        let word_before = i
            .checked_sub(2)
            .filter(|&p| toks[p + 1].trim().is_empty())
            .map(|p| toks[p].to_lowercase());
        let (kind, words) = if next == Some("%") || next_word.as_deref() == Some("percent") {
            let w = if next == Some("%") {
                format!("{raw}%")
            } else {
                format!("{raw} percent")
            };
            (ClaimKind::Percentage, w)
        } else if let Some(c) = symbol_before {
            (ClaimKind::Price, format!("{c}{raw}"))
        } else if let Some(c) = symbol_after {
            (ClaimKind::Price, format!("{raw}{c}"))
        } else if next_word
            .as_deref()
            .is_some_and(|w| CURRENCY_WORDS.contains(&w))
        {
            (
                ClaimKind::Price,
                format!("{raw} {}", next_word.unwrap_or_default()),
            )
        } else if word_before
            .as_deref()
            .is_some_and(|w| CURRENCY_WORDS.contains(&w))
        {
            (ClaimKind::Price, format!("{} {raw}", toks[i - 2]))
        } else if CURRENCY_WORDS.contains(&letters_unit.as_str()) {
            (ClaimKind::Price, raw.clone())
        } else {
            (ClaimKind::Number, raw.clone())
        };
        // Price and number are compared by value: "$20" in the original covers "20 dollars".
        out.push(Claim {
            kind,
            key: value,
            words,
        });
        i = end;
    }

    for (list, kind) in [
        (SUPERLATIVES, ClaimKind::Superlative),
        (GUARANTEES, ClaimKind::Guarantee),
        (URGENCY, ClaimKind::Urgency),
        (PRICE_WORDS, ClaimKind::Price),
    ] {
        for phrase in list {
            for (start, end) in find_phrase(&lower, phrase) {
                out.push(Claim {
                    kind,
                    key: canonical_phrase(phrase),
                    words: slice_like(text, &lower, start, end),
                });
            }
        }
    }

    if let Some(words) = markup_in(text) {
        out.push(Claim {
            kind: ClaimKind::Markup,
            key: words.to_lowercase(),
            words,
        });
    }
    out
}

/// "1,299.00" → "1299", "4.50" → "4.5", "24/7" stays as written.
fn normalise_number(raw: &str) -> String {
    let digits: String = raw.chars().filter(|c| *c != ',').collect();
    let numeric: String = digits
        .chars()
        .take_while(|c| c.is_ascii_digit() || *c == '.')
        .collect();
    if numeric.len() != digits.len() || numeric.is_empty() {
        return digits.to_lowercase();
    }
    let (int, frac) = numeric.split_once('.').unwrap_or((&numeric, ""));
    let int = match int.trim_start_matches('0') {
        "" => "0",
        t => t,
    };
    match frac.trim_end_matches('0') {
        "" => int.to_owned(),
        f => format!("{int}.{f}"),
    }
}

/// Variants of one phrase compare equal ("money-back" = "money back", "world’s" = "world's").
fn canonical_phrase(p: &str) -> String {
    p.replace(['-', '’'], " ").replace("'", " ")
}

/// Byte ranges of `phrase` in `lower` at word boundaries.
fn find_phrase(lower: &str, phrase: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(pos) = lower[from..].find(phrase) {
        let start = from + pos;
        let end = start + phrase.len();
        // Whole words only: "bestow" is not "best", "#10" is not "#1", and a hyphen joins
        // ("risk-free" is a guarantee, not a free price).
        let word_char = |c: char| c.is_alphanumeric() || c == '-';
        let before_ok = lower[..start]
            .chars()
            .next_back()
            .is_none_or(|c| !word_char(c));
        let after_ok = lower[end..].chars().next().is_none_or(|c| !word_char(c));
        if before_ok && after_ok {
            out.push((start, end));
        }
        from = start + phrase.len().max(1);
    }
    out
}

/// The original-case text for a byte range found in the lower-cased copy. Lower-casing can
/// change byte lengths (rare letters); then the lower-cased words are given instead.
fn slice_like(text: &str, lower: &str, start: usize, end: usize) -> String {
    if text.len() == lower.len() && text.is_char_boundary(start) && text.is_char_boundary(end) {
        text[start..end].to_owned()
    } else {
        lower[start..end].to_owned()
    }
}

/// The first thing that looks like an HTML tag, an entity or a script URL.
pub(crate) fn markup_in(text: &str) -> Option<String> {
    let lower = text.to_ascii_lowercase();
    for (i, _) in text.match_indices('<') {
        let rest = &text[i + 1..];
        let starts_tag = rest
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_alphabetic() || c == '/' || c == '!');
        if starts_tag {
            let end = rest.find('>').map_or(text.len(), |e| i + 1 + e + 1);
            let tag: String = text[i..end].chars().take(60).collect();
            return Some(tag);
        }
    }
    if let Some(i) = lower.find("javascript:") {
        return Some(text[i..i + "javascript:".len()].to_owned());
    }
    for (i, _) in text.match_indices('&') {
        let rest = &text[i + 1..];
        if let Some(semi) = rest.find(';').filter(|&s| (2..=8).contains(&s)) {
            let name = &rest[..semi];
            if name.starts_with('#') || name.chars().all(|c| c.is_ascii_alphabetic()) {
                return Some(text[i..i + 1 + semi + 1].to_owned());
            }
        }
    }
    None
}

fn reason(kind: ClaimKind, words: &str) -> String {
    match kind {
        ClaimKind::Number => format!(
            "Adds the number \"{words}\", which the original text does not mention. Check it is true for your offer."
        ),
        ClaimKind::Price => format!(
            "Adds a price or price claim (\"{words}\") that the original text does not make. Check it matches what you charge."
        ),
        ClaimKind::Percentage => format!(
            "Adds a percentage (\"{words}\") that the original text does not mention. Check you really offer it."
        ),
        ClaimKind::Superlative => format!(
            "Adds \"{words}\", a superlative the original does not use. Claims like this may need proof."
        ),
        ClaimKind::Guarantee => format!(
            "Adds a promise or guarantee (\"{words}\") that the original does not make. Only keep it if you stand behind it."
        ),
        ClaimKind::Urgency => format!(
            "Adds urgency (\"{words}\") that the original does not have. Check the offer really is limited."
        ),
        ClaimKind::Markup => format!(
            "Contains text that looks like code (\"{words}\"). Meta would show it in the ad exactly as written."
        ),
    }
}

/// The claims `variation` makes that `original` does not, each flagged once.
pub fn check_claims(original: &str, variation: &str) -> Vec<ClaimFlag> {
    let known: BTreeSet<(ClaimKind, String)> = claims_in(original)
        .into_iter()
        .map(|c| (compare_kind(c.kind), c.key))
        .collect();
    let mut seen = BTreeSet::new();
    let mut out = Vec::new();
    for c in claims_in(variation) {
        let k = (compare_kind(c.kind), c.key.clone());
        if known.contains(&k) || !seen.insert(k) {
            continue;
        }
        out.push(ClaimFlag {
            kind: c.kind,
            reason: reason(c.kind, &c.words),
            words: c.words,
        });
    }
    out
}

/// A figure the original gives as a plain number or as a price is the same figure: "20
/// dollars" → "$20" is not new. A percentage is a different statement.
fn compare_kind(k: ClaimKind) -> ClaimKind {
    match k {
        ClaimKind::Price | ClaimKind::Number => ClaimKind::Number,
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(original: &str, variation: &str) -> Vec<(ClaimKind, String)> {
        check_claims(original, variation)
            .into_iter()
            .map(|f| (f.kind, f.words))
            .collect()
    }

    const ORIGINAL: &str = "Hand-thrown stoneware mugs from our small studio";

    #[test]
    fn a_faithful_rewrite_raises_nothing() {
        assert!(kinds(ORIGINAL, "Small-studio stoneware mugs, thrown by hand").is_empty());
        assert!(kinds(ORIGINAL, ORIGINAL).is_empty());
    }

    #[test]
    fn new_numbers_are_flagged_and_repeated_ones_are_not() {
        assert_eq!(
            kinds(ORIGINAL, "Over 3,000 happy customers love our mugs"),
            vec![(ClaimKind::Number, "3,000".into())]
        );
        assert!(kinds("Ships in 3 days", "Delivered in 3 days").is_empty());
        assert!(kinds("Over 3000 sold", "More than 3,000 sold").is_empty());
    }

    #[test]
    fn prices_in_any_notation() {
        assert_eq!(
            kinds(ORIGINAL, "Mugs from $24.99 each"),
            vec![(ClaimKind::Price, "$24.99".into())]
        );
        assert_eq!(
            kinds(ORIGINAL, "Only 19€ a mug"),
            vec![(ClaimKind::Price, "19€".into())]
        );
        assert_eq!(
            kinds(ORIGINAL, "Just 12 dollars"),
            vec![(ClaimKind::Price, "12 dollars".into())]
        );
        assert_eq!(
            kinds(ORIGINAL, "Free shipping on every mug"),
            vec![(ClaimKind::Price, "Free".into())]
        );
        // The same figure the original gives is not new, however it is written.
        assert!(kinds("Mugs for 20 dollars", "Mugs for $20").is_empty());
        assert!(kinds("Mugs for $20.00", "Grab a mug for $20").is_empty());
    }

    #[test]
    fn percentages() {
        assert_eq!(
            kinds(ORIGINAL, "Save 30% on mugs"),
            vec![(ClaimKind::Percentage, "30%".into())]
        );
        assert_eq!(
            kinds(ORIGINAL, "Save 30 percent on mugs"),
            vec![(ClaimKind::Percentage, "30 percent".into())]
        );
        // 30 as a count in the original does not cover a 30 % discount.
        assert_eq!(
            kinds("30 mug designs", "30% off 30 mug designs"),
            vec![(ClaimKind::Percentage, "30%".into())]
        );
    }

    #[test]
    fn superlatives() {
        assert_eq!(
            kinds(ORIGINAL, "The BEST mugs, the #1 studio in town"),
            vec![
                (ClaimKind::Superlative, "BEST".into()),
                (ClaimKind::Superlative, "#1".into())
            ]
        );
        assert_eq!(
            kinds("Cheap mugs", "The cheapest mugs"),
            vec![(ClaimKind::Superlative, "cheapest".into())]
        );
        // Only whole words: "bestow" and "#10" are not superlatives.
        assert_eq!(
            kinds(ORIGINAL, "We bestow mugs upon you"),
            Vec::<(ClaimKind, String)>::new()
        );
        assert_eq!(
            kinds(ORIGINAL, "Order #10 today"),
            vec![(ClaimKind::Number, "10".into())]
        );
        assert!(kinds("Our best mugs", "The best mugs around").is_empty());
    }

    #[test]
    fn guarantees() {
        assert_eq!(
            kinds(ORIGINAL, "Mugs you'll love, guaranteed"),
            vec![(ClaimKind::Guarantee, "guaranteed".into())]
        );
        assert_eq!(
            kinds(ORIGINAL, "Risk-free: money back if it chips"),
            vec![
                (ClaimKind::Guarantee, "money back".into()),
                (ClaimKind::Guarantee, "Risk-free".into())
            ]
        );
    }

    #[test]
    fn urgency() {
        assert_eq!(
            kinds(ORIGINAL, "Hurry, today only!"),
            vec![
                (ClaimKind::Urgency, "today only".into()),
                (ClaimKind::Urgency, "Hurry".into())
            ]
        );
        assert_eq!(
            kinds(ORIGINAL, "Last chance: don’t miss our mugs"),
            vec![
                (ClaimKind::Urgency, "Last chance".into()),
                (ClaimKind::Urgency, "don’t miss".into())
            ]
        );
        assert!(kinds("Last chance for mugs", "Your last chance to get mugs").is_empty());
    }

    #[test]
    fn markup_is_flagged_as_code() {
        let f = check_claims(ORIGINAL, "Mugs <script>alert('x')</script>");
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].kind, ClaimKind::Markup);
        assert_eq!(f[0].words, "<script>");
        assert!(f[0].reason.contains("exactly as written"));
        assert_eq!(markup_in("Tom &amp; Jerry").as_deref(), Some("&amp;"));
        assert_eq!(markup_in("a < b and c > d"), None);
        assert_eq!(markup_in("Fish & chips; tonight"), None);
    }

    #[test]
    fn each_flag_has_a_reason_naming_its_words() {
        let f = check_claims(
            ORIGINAL,
            "Best mugs, 50% off, $9, hurry, guaranteed, 2 for 1",
        );
        assert!(f.len() >= 6, "{f:?}");
        for flag in &f {
            assert!(flag.reason.contains(&flag.words), "{flag:?}");
        }
    }

    #[test]
    fn numbers_normalise() {
        assert_eq!(normalise_number("1,299.00"), "1299");
        assert_eq!(normalise_number("4.50"), "4.5");
        assert_eq!(normalise_number("007"), "7");
        assert_eq!(normalise_number("0.5"), "0.5");
        assert_eq!(normalise_number("24/7"), "24/7");
        assert_eq!(normalise_number("3x"), "3x");
    }
}
