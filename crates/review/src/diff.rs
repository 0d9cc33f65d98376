//! Word-level diff of a generated text against the original, for highlighting.
//!
//! The segments are plain text: joining the `Same` and `Removed` segments gives the
//! original back exactly, joining `Same` and `Added` gives the variation (tested), so the UI
//! never has to guess where a change starts.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// What a segment is, relative to the original.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum TextDiffOp {
    Same,
    /// Only in the variation.
    Added,
    /// Only in the original.
    Removed,
}

/// A run of text. `text` is data, never HTML: render it as a text node.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct TextDiffSegment {
    pub op: TextDiffOp,
    pub text: String,
}

/// Above this many token pairs the texts are shown as wholly replaced: primary texts are
/// short, and a quadratic table must not grow without bound on hostile input.
const MAX_CELLS: usize = 4_000_000;

/// Words (letters/digits with inner `'`/`’`/`-`), runs of whitespace, and every other
/// character on its own (punctuation, emoji), so "here" and "here." share "here".
pub(crate) fn tokens(s: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = None::<usize>;
    let mut kind = 0u8; // 1 word, 2 space
    let chars: Vec<(usize, char)> = s.char_indices().collect();
    for (n, &(i, c)) in chars.iter().enumerate() {
        let joiner = matches!(c, '\'' | '’' | '-')
            && kind == 1
            && chars.get(n + 1).is_some_and(|&(_, d)| d.is_alphanumeric());
        let k = if c.is_alphanumeric() || joiner {
            1
        } else if c.is_whitespace() {
            2
        } else {
            3
        };
        if let Some(st) = start {
            if k != kind || k == 3 {
                out.push(&s[st..i]);
                start = Some(i);
            }
        } else {
            start = Some(i);
        }
        kind = k;
    }
    if let Some(st) = start {
        out.push(&s[st..]);
    }
    out
}

/// The diff of `variation` against `original`.
pub fn word_diff(original: &str, variation: &str) -> Vec<TextDiffSegment> {
    let a = tokens(original);
    let b = tokens(variation);
    let mut raw: Vec<(TextDiffOp, &str)> = Vec::new();

    if a.len().saturating_mul(b.len()) > MAX_CELLS {
        raw.push((TextDiffOp::Removed, original));
        raw.push((TextDiffOp::Added, variation));
    } else {
        // Classic LCS table, filled from the end so the walk below goes forwards.
        let (n, m) = (a.len(), b.len());
        let mut t = vec![0u32; (n + 1) * (m + 1)];
        let w = m + 1;
        for i in (0..n).rev() {
            for j in (0..m).rev() {
                t[i * w + j] = if a[i] == b[j] {
                    t[(i + 1) * w + j + 1] + 1
                } else {
                    t[(i + 1) * w + j].max(t[i * w + j + 1])
                };
            }
        }
        let (mut i, mut j) = (0, 0);
        while i < n && j < m {
            if a[i] == b[j] {
                raw.push((TextDiffOp::Same, a[i]));
                i += 1;
                j += 1;
            } else if t[(i + 1) * w + j] >= t[i * w + j + 1] {
                raw.push((TextDiffOp::Removed, a[i]));
                i += 1;
            } else {
                raw.push((TextDiffOp::Added, b[j]));
                j += 1;
            }
        }
        raw.extend(a[i..].iter().map(|s| (TextDiffOp::Removed, *s)));
        raw.extend(b[j..].iter().map(|s| (TextDiffOp::Added, *s)));
    }

    // A lone shared space between two changes only fragments the highlight: fold it into
    // the change on both sides.
    let mut folded: Vec<(TextDiffOp, &str)> = Vec::with_capacity(raw.len());
    for (k, &(op, text)) in raw.iter().enumerate() {
        let between_changes = op == TextDiffOp::Same
            && text.trim().is_empty()
            && k > 0
            && raw[k - 1].0 != TextDiffOp::Same
            && raw.get(k + 1).is_some_and(|x| x.0 != TextDiffOp::Same);
        if between_changes {
            folded.push((TextDiffOp::Removed, text));
            folded.push((TextDiffOp::Added, text));
        } else {
            folded.push((op, text));
        }
    }

    // Within each run of changes, all removals first, then all additions; then merge.
    let mut out: Vec<TextDiffSegment> = Vec::new();
    let mut removed = String::new();
    let mut added = String::new();
    let flush = |out: &mut Vec<TextDiffSegment>, removed: &mut String, added: &mut String| {
        if !removed.is_empty() {
            out.push(TextDiffSegment {
                op: TextDiffOp::Removed,
                text: std::mem::take(removed),
            });
        }
        if !added.is_empty() {
            out.push(TextDiffSegment {
                op: TextDiffOp::Added,
                text: std::mem::take(added),
            });
        }
    };
    for (op, text) in folded {
        match op {
            TextDiffOp::Removed => removed.push_str(text),
            TextDiffOp::Added => added.push_str(text),
            TextDiffOp::Same => {
                flush(&mut out, &mut removed, &mut added);
                match out.last_mut() {
                    Some(last) if last.op == TextDiffOp::Same => last.text.push_str(text),
                    _ => out.push(TextDiffSegment {
                        op: TextDiffOp::Same,
                        text: text.to_owned(),
                    }),
                }
            }
        }
    }
    flush(&mut out, &mut removed, &mut added);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn side(segs: &[TextDiffSegment], skip: TextDiffOp) -> String {
        segs.iter()
            .filter(|s| s.op != skip)
            .map(|s| s.text.as_str())
            .collect()
    }

    fn ops(segs: &[TextDiffSegment]) -> Vec<(TextDiffOp, &str)> {
        segs.iter().map(|s| (s.op, s.text.as_str())).collect()
    }

    #[test]
    fn tokens_keep_words_whole_and_split_punctuation() {
        assert_eq!(
            tokens("Don't miss it, well-made!"),
            vec!["Don't", " ", "miss", " ", "it", ",", " ", "well-made", "!"]
        );
        assert_eq!(tokens("a 🍞b"), vec!["a", " ", "🍞", "b"]);
        assert!(tokens("").is_empty());
    }

    #[test]
    fn addition_at_the_end_is_one_segment() {
        let d = word_diff("Handmade mugs", "Handmade mugs. Order today.");
        assert_eq!(
            ops(&d),
            vec![
                (TextDiffOp::Same, "Handmade mugs"),
                (TextDiffOp::Added, ". Order today.")
            ]
        );
    }

    #[test]
    fn replaced_word_shows_removed_then_added() {
        let d = word_diff("Warm wool socks", "Soft wool socks");
        assert_eq!(
            ops(&d),
            vec![
                (TextDiffOp::Removed, "Warm"),
                (TextDiffOp::Added, "Soft"),
                (TextDiffOp::Same, " wool socks")
            ]
        );
    }

    #[test]
    fn lone_space_between_changes_is_folded() {
        let d = word_diff("red big hat", "blue small hat");
        assert_eq!(
            ops(&d),
            vec![
                (TextDiffOp::Removed, "red big"),
                (TextDiffOp::Added, "blue small"),
                (TextDiffOp::Same, " hat")
            ]
        );
    }

    #[test]
    fn both_sides_are_reconstructed_exactly() {
        let cases = [
            ("", "All new"),
            ("Gone", ""),
            ("Same text", "Same text"),
            (
                "Fresh bread baked daily in our shop",
                "Looking for bread? Fresh loaves baked  daily — 20% off!",
            ),
            ("<b>x</b>", "<script>alert(1)</script> x"),
        ];
        for (a, b) in cases {
            let d = word_diff(a, b);
            assert_eq!(side(&d, TextDiffOp::Added), a, "{a:?} -> {b:?}");
            assert_eq!(side(&d, TextDiffOp::Removed), b, "{a:?} -> {b:?}");
            assert!(d.windows(2).all(|w| w[0].op != w[1].op), "merged: {d:?}");
        }
        assert_eq!(
            ops(&word_diff("Same text", "Same text")),
            vec![(TextDiffOp::Same, "Same text")]
        );
    }

    #[test]
    fn huge_inputs_fall_back_to_whole_replacement() {
        let a = "w ".repeat(3000);
        let b = "v ".repeat(3000);
        let d = word_diff(&a, &b);
        assert_eq!(d.len(), 2);
        assert_eq!(side(&d, TextDiffOp::Added), a);
        assert_eq!(side(&d, TextDiffOp::Removed), b);
    }
}
