import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, screen, within } from '@testing-library/svelte';
import { clearMocks, mockIPC } from '@tauri-apps/api/mocks';
import { emit } from '@tauri-apps/api/event';
import ReviewScreen from './ReviewScreen.svelte';
import GeneratedTexts from './GeneratedTexts.svelte';
import PreviewGallery from './PreviewGallery.svelte';
import type { ReviewScreen as Screen } from '../../bindings/ReviewScreen';
import { previewItem, readyPlan, readyScreen, reviewScreen } from '../../review/fixtures';

const settle = () => new Promise((done) => setTimeout(done, 0));

let calls: { command: string; args: Record<string, unknown> }[] = [];
let answer: (command: string, args: Record<string, unknown>) => unknown = () => null;

beforeEach(() => {
  calls = [];
  answer = () => null;
  mockIPC(
    (command, args) => {
      calls.push({ command, args: args as Record<string, unknown> });
      return answer(command, args as Record<string, unknown>);
    },
    { shouldMockEvents: true },
  );
});

afterEach(async () => {
  cleanup();
  await settle();
  clearMocks();
  vi.unstubAllGlobals();
});

const reviewCalls = () => calls.filter((c) => c.command.startsWith('review_'));

describe('generated texts are data, never HTML', () => {
  const hostile = '<script>alert(1)</script> and <b>bold</b>';

  it('renders markup in a variation, its diff, its flags and the original as literal text', () => {
    const { container } = render(GeneratedTexts, {
      props: {
        texts: {
          original: '<i>Fresh</i> flowers',
          sent_original: '<img src=x onerror=alert(1)>',
          variations: [
            {
              index: 1,
              text: `Fresh ${hostile}`,
              diff: [
                { op: 'same', text: 'Fresh ' },
                { op: 'added', text: hostile },
                { op: 'removed', text: '<i>Fresh</i>' },
              ],
              flags: [{ kind: 'markup', words: '<b>bold</b>', reason: 'Has <u>markup</u> the original did not.' }],
            },
            // No diff segments: the text itself is shown, still as text.
            { index: 2, text: hostile, diff: [], flags: [] },
          ],
        },
        seen: [],
        tracker: null,
      },
    });
    for (const tag of ['script', 'b', 'i', 'u', 'img']) {
      expect(container.querySelector(tag), `a <${tag}> element was made`).toBeNull();
    }
    const first = screen.getByTestId('text-variation-1');
    expect(first.textContent).toContain('<script>alert(1)</script> and <b>bold</b>');
    expect(within(first).getByText(hostile).tagName).toBe('INS');
    expect(within(first).getByText('<i>Fresh</i>').tagName).toBe('DEL');
    expect(screen.getByTestId('text-flag').textContent).toContain('<b>bold</b>');
    expect(screen.getByTestId('text-flag').textContent).toContain('Has <u>markup</u> the original did not.');
    expect(screen.getByTestId('text-variation-2').textContent).toContain(hostile);
    expect(screen.getByTestId('text-original').textContent).toBe('<i>Fresh</i> flowers');
    expect(screen.getByTestId('text-sent-original').textContent).toContain('<img src=x onerror=alert(1)>');
  });
});

describe('the gate', () => {
  it('lists Rust’s blockers and keeps Approve disabled while blocked', async () => {
    const scrolled = vi.fn();
    Element.prototype.scrollIntoView = scrolled;
    render(ReviewScreen, { props: { screen: reviewScreen(), onBack: () => {} } });
    const approve = screen.getByTestId('approve') as HTMLButtonElement;
    expect(approve.disabled).toBe(true);
    const blockers = screen.getByTestId('gate-blockers');
    expect(blockers.textContent).toContain('Generated text 1 has not been shown yet.');
    expect(blockers.textContent).toContain('scroll to the preview so it is shown in its final state');
    await fireEvent.click(within(blockers).getByText('Generated text 1 has not been shown yet.'));
    expect(scrolled).toHaveBeenCalled();
    expect(screen.getByTestId('text-variation-1').classList.contains('flash')).toBe(true);
  });

  it('approves with the offered campaign and ad set, or without them when unticked', async () => {
    const approved: Screen = {
      ...readyScreen(),
      decision: { decision: 'approved', at_ms: 2_000, plan: readyPlan() },
      activated: [
        { kind: 'ad', id: '120200000001' },
        { kind: 'ad_set', id: '120200000003' },
        { kind: 'campaign', id: '120200000004' },
      ],
    };
    answer = (command) => (command === 'review_approve' ? approved : null);
    const onDecided = vi.fn();
    render(ReviewScreen, { props: { screen: readyScreen(), onBack: () => {}, onDecided } });
    const offered = screen.getByTestId('activate-offered') as HTMLInputElement;
    expect(offered.checked).toBe(true);
    expect((screen.getByTestId('approve') as HTMLButtonElement).disabled).toBe(false);
    await fireEvent.click(offered);
    await fireEvent.click(offered);
    await fireEvent.click(screen.getByTestId('approve'));
    await settle();
    expect(reviewCalls()).toContainEqual({
      command: 'review_approve',
      args: { reviewId: '120200000001', activateOffered: true },
    });
    const decision = await screen.findByTestId('review-decision');
    expect(decision.dataset.decision).toBe('approved');
    expect(decision.textContent).toContain('Active');
    // Decided: read-only, no buttons to decide again.
    expect(screen.queryByTestId('approve')).toBeNull();
    expect(screen.queryByTestId('reject')).toBeNull();
    expect(onDecided).toHaveBeenCalledOnce();
  });

  it('sends activateOffered false when the box is unticked', async () => {
    answer = (command) => (command === 'review_approve' ? readyScreen() : null);
    render(ReviewScreen, { props: { screen: readyScreen(), onBack: () => {} } });
    await fireEvent.click(screen.getByTestId('activate-offered'));
    await fireEvent.click(screen.getByTestId('approve'));
    await settle();
    expect(reviewCalls()).toContainEqual({
      command: 'review_approve',
      args: { reviewId: '120200000001', activateOffered: false },
    });
  });

  it('rejects with the reason and says what was re-created', async () => {
    const rejected = reviewScreen({
      decision: { decision: 'rejected', at_ms: 2_000, features: ['text_generation', 'image_uncrop'], reason: 'Too pushy' },
      recreated: true,
    });
    answer = (command) => (command === 'review_reject' ? rejected : null);
    render(ReviewScreen, { props: { screen: reviewScreen(), onBack: () => {} } });
    await fireEvent.input(screen.getByTestId('reject-reason'), { target: { value: '  Too pushy ' } });
    await fireEvent.click(screen.getByTestId('reject'));
    await settle();
    expect(reviewCalls()).toContainEqual({
      command: 'review_reject',
      args: { reviewId: '120200000001', reason: 'Too pushy' },
    });
    const decision = await screen.findByTestId('review-decision');
    expect(decision.textContent).toContain('Re-created without Text variations, Image expansion');
  });

  it('shows the DEMO badge for a review on the demo account', () => {
    render(ReviewScreen, { props: { screen: reviewScreen(), onBack: () => {} } });
    expect(screen.getByTestId('demo-badge').textContent).toBe('DEMO');
  });
});

describe('preview cards', () => {
  it('draws a sandboxed frame only for a URL Rust checked', () => {
    render(PreviewGallery, {
      props: {
        items: [
          previewItem(),
          previewItem({ key: { feature: 'image_uncrop', ad_format: 'INSTAGRAM_STANDARD' }, state: 'loading', url: null }),
        ],
      },
    });
    const story = screen.getByTestId('preview-card-image_uncrop-INSTAGRAM_STORY');
    const frame = within(story).getByTestId('preview-frame') as HTMLIFrameElement;
    expect(frame.getAttribute('sandbox')).toBe('allow-scripts allow-same-origin');
    expect(frame.getAttribute('referrerpolicy')).toBe('no-referrer');
    expect(frame.getAttribute('src')).toBe(previewItem().url);
    expect(within(story).getByText('Instagram Stories')).toBeTruthy();
    expect(within(story).getByTestId('preview-state').textContent?.trim()).toBe('Generated');
    const feed = screen.getByTestId('preview-card-image_uncrop-INSTAGRAM_STANDARD');
    expect(within(feed).queryByTestId('preview-frame')).toBeNull();
    expect(within(feed).getByTestId('preview-state').dataset.state).toBe('loading');
  });

  it('offers to accept a pending preview unseen and to fetch a failed one again', async () => {
    const pending = previewItem({ state: 'pending', polls: 4, explanation: 'Meta is still making it.' });
    const failed = previewItem({
      key: { feature: 'image_background_gen', ad_format: 'MOBILE_FEED_STANDARD' },
      state: 'failed',
      url: null,
      error: 'timeout',
    });
    const s = reviewScreen();
    s.view.session.previews = [pending, failed];
    answer = (command) => (command.startsWith('review_') ? s : null);
    render(ReviewScreen, { props: { screen: s, onBack: () => {} } });
    const card = screen.getByTestId('preview-card-image_uncrop-INSTAGRAM_STORY');
    expect(card.textContent).toContain('Meta is still generating this… (poll 4)');
    await fireEvent.click(within(card).getByTestId('acknowledge-unseen'));
    await fireEvent.click(screen.getByTestId('fetch-again'));
    await settle();
    expect(reviewCalls()).toContainEqual({
      command: 'review_acknowledge_unseen',
      args: { reviewId: '120200000001', key: { feature: 'image_uncrop', ad_format: 'INSTAGRAM_STORY' } },
    });
    expect(reviewCalls()).toContainEqual({ command: 'review_fetch_previews', args: { reviewId: '120200000001' } });
  });

  it('shows the fetch progress and fetches expired links again', async () => {
    const s = reviewScreen();
    s.view.session.previews = [previewItem({ expires_at_ms: Date.now() - 1 })];
    answer = (command) => (command === 'review_fetch_previews' ? { ...s, fetching: true, fetched: 0, to_fetch: 1 } : null);
    render(ReviewScreen, { props: { screen: s, onBack: () => {} } });
    await settle();
    expect(reviewCalls()).toContainEqual({ command: 'review_fetch_previews', args: { reviewId: '120200000001' } });
    expect((await screen.findByTestId('preview-progress')).textContent).toContain('0 of 1');
  });
});

describe('seen tracking and live updates', () => {
  // Everything observed is in view at once.
  class InView {
    constructor(private readonly callback: IntersectionObserverCallback) {}
    observe(target: Element) {
      queueMicrotask(() =>
        this.callback(
          [{ target, isIntersecting: true, intersectionRatio: 1 } as unknown as IntersectionObserverEntry],
          this as unknown as IntersectionObserver,
        ),
      );
    }
    unobserve() {}
    disconnect() {}
  }

  it('reports texts in view, and a preview once its frame loaded in view at its revision', async () => {
    vi.stubGlobal('IntersectionObserver', InView);
    answer = () => reviewScreen();
    render(ReviewScreen, { props: { screen: reviewScreen(), onBack: () => {} } });
    await settle();
    expect(reviewCalls()).toContainEqual({ command: 'review_text_shown', args: { reviewId: '120200000001', index: 1 } });
    expect(reviewCalls().some((c) => c.command === 'review_preview_seen')).toBe(false);
    await fireEvent.load(screen.getByTestId('preview-frame'));
    await settle();
    expect(reviewCalls()).toContainEqual({
      command: 'review_preview_seen',
      args: { reviewId: '120200000001', key: { feature: 'image_uncrop', ad_format: 'INSTAGRAM_STORY' }, revision: 3 },
    });
    expect(reviewCalls().filter((c) => c.command === 'review_text_shown')).toHaveLength(1);
  });

  it('takes a review-changed event for this review, and ignores other reviews', async () => {
    render(ReviewScreen, { props: { screen: reviewScreen(), onBack: () => {} } });
    await settle();
    await emit('review-changed', { ...readyScreen(), review_id: 'another' });
    await settle();
    expect((screen.getByTestId('approve') as HTMLButtonElement).disabled).toBe(true);
    await emit('review-changed', readyScreen());
    await settle();
    expect((screen.getByTestId('approve') as HTMLButtonElement).disabled).toBe(false);
    expect(screen.getByTestId('review-screen').dataset.verdict).toBe('ready');
  });

  it('drops a snapshot older than the one shown (events and answers can cross)', async () => {
    render(ReviewScreen, { props: { screen: { ...reviewScreen(), seq: 5 }, onBack: () => {} } });
    await settle();
    await emit('review-changed', { ...readyScreen(), seq: 4 });
    await settle();
    expect((screen.getByTestId('approve') as HTMLButtonElement).disabled).toBe(true);
    await emit('review-changed', { ...readyScreen(), seq: 6 });
    await settle();
    expect((screen.getByTestId('approve') as HTMLButtonElement).disabled).toBe(false);
  });

  it('offers no rejection when Rust says there is nothing generated to reject', async () => {
    const nothing = reviewScreen();
    nothing.view.can_reject = false;
    render(ReviewScreen, { props: { screen: nothing, onBack: () => {} } });
    await settle();
    expect(screen.queryByTestId('reject')).toBeNull();
    expect(screen.getByTestId('approve')).toBeTruthy();
  });
});
