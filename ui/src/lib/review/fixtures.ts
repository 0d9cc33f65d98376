// Test support only (imported by *.test.ts, never by the app).
// A review screen as Rust sends it, for the component tests. Shapes follow the bindings;
// the words in messages and explanations are Rust's kind of words, not rules.
import type { ActivationPlan } from '../bindings/ActivationPlan';
import type { PreviewItem } from '../bindings/PreviewItem';
import type { ReviewScreen } from '../bindings/ReviewScreen';

export function previewItem(overrides: Partial<PreviewItem> = {}): PreviewItem {
  return {
    key: { feature: 'image_uncrop', ad_format: 'INSTAGRAM_STORY' },
    placement: 'Instagram Stories',
    feature_name: 'Image expansion',
    state: 'eligible',
    explanation: 'Instagram Stories: this is the expanded image Meta made. Check it before the ad runs.',
    url: 'https://www.facebook.com/ads/api/preview_iframe.php?d=abc&t=def',
    fetched_at_ms: 1_000,
    expires_at_ms: Date.now() + 86_400_000,
    polls: 1,
    timed_out: false,
    error: null,
    revision: 3,
    seen: null,
    acknowledged_unseen_at_ms: null,
    ...overrides,
  };
}

export function reviewScreen(overrides: Partial<ReviewScreen> = {}): ReviewScreen {
  return {
    review_id: '120200000001',
    seq: 1,
    draft_id: 'draft-1',
    draft_title: 'Spring bouquets',
    ad_account_id: 'act_1234567890',
    demo: true,
    view: {
      session: {
        draft_id: 'draft-1',
        subject: { kind: 'ad', ad_id: '120200000001', creative_id: '120200000002', adset_id: '120200000003' },
        opt_ins: {
          results: [
            {
              feature: 'text_generation',
              feature_name: 'Text variations',
              outcome: 'applied',
              stored_status: 'OPT_IN',
              explanation: 'Meta kept text variations: review each one below.',
            },
            {
              feature: 'image_uncrop',
              feature_name: 'Image expansion',
              outcome: 'applied',
              stored_status: 'OPT_IN',
              explanation: 'Meta kept image expansion: check every placement below.',
            },
          ],
        },
        texts: {
          original: 'Fresh flowers by bike.',
          sent_original: null,
          variations: [
            {
              index: 1,
              text: 'Fresh flowers delivered by bike.',
              diff: [
                { op: 'same', text: 'Fresh flowers ' },
                { op: 'added', text: 'delivered ' },
                { op: 'same', text: 'by bike.' },
              ],
              flags: [],
            },
          ],
        },
        texts_seen: [{ index: 1, shown_at_ms: null }],
        previews: [previewItem()],
        made_paused: [],
        transparency: {
          title: 'This ad may show an "AI info" label',
          text: 'This ad uses image expansion.',
          where_it_appears: ['In the ad\'s three-dot menu, as "AI info".'],
          source_url: 'https://developers.facebook.com/documentation/ads-commerce/marketing-api/creative/generative-ai-features',
          learn_more_url: 'https://about.fb.com/news/2025/02/gen-ai-transparency-metas-ads-products/',
        },
        events: [],
        decision: null,
        started_at_ms: 1_000,
      },
      can_reject: true,
      verdict: {
        verdict: 'blocked',
        blockers: [
          { kind: 'text_not_shown', message: 'Generated text 1 has not been shown yet.', text_index: 1, preview: null },
          {
            kind: 'preview_not_seen',
            message: 'Image expansion — Instagram Stories: scroll to the preview so it is shown in its final state.',
            text_index: null,
            preview: { feature: 'image_uncrop', ad_format: 'INSTAGRAM_STORY' },
          },
        ],
      },
    },
    fetching: false,
    fetched: 0,
    to_fetch: 0,
    fetch_error: null,
    decision: null,
    activated: [],
    recreated: false,
    ...overrides,
  };
}

/** What approval would do: the ad, and the paused ad set and campaign offered. */
export function readyPlan(): ActivationPlan {
  return {
    summary: 'Approve to set the ad active. Its campaign and ad set are paused too; activate them so the ad really runs.',
    activate: [
      { object: { kind: 'ad', id: '120200000001' }, required: true, reason: 'Meta keeps an ad paused until you approve it.' },
      { object: { kind: 'ad_set', id: '120200000003' }, required: false, reason: 'Adwright created this ad set paused.' },
      { object: { kind: 'campaign', id: '120200000004' }, required: false, reason: 'Adwright created this campaign paused.' },
    ],
  };
}

/** The same screen with Rust's gate open, offering to activate the paused campaign and ad set. */
export function readyScreen(): ReviewScreen {
  const screen = reviewScreen();
  screen.view.verdict = { verdict: 'ready', plan: readyPlan() };
  return screen;
}
