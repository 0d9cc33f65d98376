// Words for the review screen's badges and headings. Only names: what a state *means* for the
// ad (explanations, blockers) comes from Rust (crates/review) and is shown as it arrives.
import type { AdFormat } from '../bindings/AdFormat';
import type { ClaimKind } from '../bindings/ClaimKind';
import type { CreativeFeature } from '../bindings/CreativeFeature';
import type { MetaObjectKind } from '../bindings/MetaObjectKind';
import type { OptInOutcome } from '../bindings/OptInOutcome';
import type { OptInResult } from '../bindings/OptInResult';
import type { PreviewState } from '../bindings/PreviewState';

/** The features by Rust's names, from a review's opt-in report (it lists every feature).
 *  Placement and feature names of previews come with each PreviewItem. */
export function featureNamer(results: readonly OptInResult[]): (feature: CreativeFeature) => string {
  return (feature) => results.find((r) => r.feature === feature)?.feature_name || humanize(feature);
}

/** The frame a placement's preview is drawn in: full-screen vertical ones, or a feed post. */
export function frameShape(format: AdFormat): 'vertical' | 'feed' {
  return /STORY|REELS|STATUS/.test(format) ? 'vertical' : 'feed';
}

/** Badge text per preview state; a Record over the union fails the type check if Rust adds one. */
export const PREVIEW_STATE_LABELS: Record<PreviewState, string> = {
  loading: 'Loading',
  pending: 'Meta is generating',
  eligible: 'Generated',
  ineligible: 'Not used here',
  not_applied: 'Not applied',
  failed: 'Could not load',
  unrecognised: 'Unknown status',
};

/** Badge colour per preview state (a CSS class of PreviewCard). */
export const PREVIEW_STATE_TONES: Record<PreviewState, 'ok' | 'warn' | 'bad' | 'quiet'> = {
  loading: 'quiet',
  pending: 'warn',
  eligible: 'ok',
  ineligible: 'quiet',
  not_applied: 'quiet',
  failed: 'bad',
  unrecognised: 'bad',
};

export const OPT_IN_LABELS: Record<OptInOutcome, string> = {
  applied: 'Applied',
  dropped: 'Dropped by Meta',
  unknown: 'Not confirmed',
  not_requested: 'Off',
};

export const OBJECT_LABELS: Record<MetaObjectKind, string> = {
  campaign: 'Campaign',
  ad_set: 'Ad set',
  ad: 'Ad',
  creative: 'Creative',
};

export const CLAIM_LABELS: Record<ClaimKind, string> = {
  number: 'New number',
  price: 'New price',
  percentage: 'New percentage',
  superlative: 'Superlative',
  guarantee: 'Guarantee',
  urgency: 'Urgency',
  markup: 'Markup',
};

/** "INSTAGRAM_FEED_WEB" → "Instagram feed web", for values no map names yet. */
function humanize(value: string): string {
  const words = value.toLowerCase().replace(/_/g, ' ').trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}
