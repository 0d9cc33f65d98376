// Stable names for review items: the seen trackers' ids and the DOM ids a blocker scrolls to.
import type { PreviewKey } from '../bindings/PreviewKey';

/** One id per (feature, placement): the pair Rust identifies a preview by. */
export function previewId(key: PreviewKey): string {
  return `${key.feature}-${key.ad_format}`;
}

export function previewAnchor(key: PreviewKey): string {
  return `review-preview-${previewId(key)}`;
}

export function textAnchor(index: number): string {
  return `review-text-${index}`;
}

export function samePreview(a: PreviewKey, b: PreviewKey): boolean {
  return a.feature === b.feature && a.ad_format === b.ad_format;
}
