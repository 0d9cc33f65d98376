// What the offline mock-ups show for a draft: display only, no rules (those are Rust's).
import type { DraftBody } from '../bindings/DraftBody';
import type { ImageRef } from '../bindings/ImageRef';
import { CTA_LABELS, displayDomain } from './labels';

export interface AdPreview {
  catalog: boolean;
  message: string;
  headline: string;
  description: string;
  domain: string;
  /** null for "No button". */
  cta: string | null;
  image: ImageRef | null;
  /** Meta may extend the image to fill the frame (image expansion or background generation). */
  aiFill: boolean;
}

export function previewOf(body: DraftBody): AdPreview {
  const content = body.content;
  if (content.kind === 'link') {
    return {
      catalog: false,
      message: content.message,
      headline: content.name,
      description: content.description,
      domain: displayDomain(content.link),
      cta: content.call_to_action === 'NO_BUTTON' ? null : CTA_LABELS[content.call_to_action],
      image: content.image,
      aiFill: content.features.image_uncrop,
    };
  }
  const td = content.template_data;
  return {
    catalog: true,
    message: td.message,
    headline: td.name,
    description: td.description,
    domain: td.link.trim().startsWith('{{') ? 'product page' : displayDomain(td.link),
    cta: content.call_to_action === 'NO_BUTTON' ? null : CTA_LABELS[content.call_to_action],
    image: null,
    aiFill: content.features.image_background_gen,
  };
}

/**
 * Safe zones of the 9:16 placements, as fractions of the frame: keep text and logos out of
 * these bands, where Meta's own interface (profile, progress bar, reply box, buttons, captions)
 * sits on top of the ad.
 * Source: Meta's placement guidance for Stories and Reels ads (Ads Guide / Ads Manager's safe-zone
 * overlay) as summarised in "Meta ads safe zones" (adsuploader.com/blog/meta-ads-safe-zones):
 * Stories keep the top 14% and the bottom 20% free; Reels the top 14%, the bottom 35% and 6% on
 * each side. Meta adjusts its interface from time to time: re-check before a big campaign.
 */
export const SAFE_ZONES = {
  stories: { top: 0.14, bottom: 0.2, side: 0 },
  reels: { top: 0.14, bottom: 0.35, side: 0.06 },
} as const;

/** Splits template text into plain runs and `{{…}}` tags, so the mock-up can show tags as chips. */
export function templateRuns(text: string): { tag: boolean; text: string }[] {
  const runs: { tag: boolean; text: string }[] = [];
  const pattern = /\{\{[^{}]*\}\}/g;
  let last = 0;
  for (const match of text.matchAll(pattern)) {
    if (match.index > last) runs.push({ tag: false, text: text.slice(last, match.index) });
    const inner = (match[0].slice(2, -2).trim().split(/[\s|]/)[0] ?? '').replace(/^product\./, '');
    runs.push({ tag: true, text: inner.replaceAll('_', ' ') });
    last = match.index + match[0].length;
  }
  if (last < text.length) runs.push({ tag: false, text: text.slice(last) });
  return runs;
}
