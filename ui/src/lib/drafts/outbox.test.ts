import { describe, expect, it } from 'vitest';
import type { OutboxItem } from '../bindings/OutboxItem';
import type { OutboxStatus } from '../bindings/OutboxStatus';
import type { SendProgress } from '../bindings/SendProgress';
import { keepSending, latestFor, progressOf, progressText, recentlySent } from './outbox';

function item(key: string, draft: string, status: OutboxStatus, sentAt: number | null = null): OutboxItem {
  return {
    idempotency_key: key,
    draft_id: draft,
    draft_revision: 1,
    ad_account_id: 'act_1',
    body: {
      ad_account_id: 'act_1',
      content: {
        kind: 'link',
        page_id: '',
        link: '',
        message: '',
        name: '',
        description: '',
        call_to_action: 'LEARN_MORE',
        image: null,
        features: { text_generation: false, image_uncrop: false },
      },
      destination: { type: 'standalone_creative' },
    },
    status,
    attempts: 0,
    last_error: null,
    enqueued_at: 0,
    claimed_at: null,
    sent_at: sentAt,
  };
}

const progress = (key: string, draft: string): SendProgress => ({
  key,
  draft_id: draft,
  progress: { step: 'create_ad', number: 3, steps: 3, label: 'Creating the paused ad' },
});

describe('outbox helpers', () => {
  it('words a step as the editor and the list show it', () => {
    expect(progressText(progress('k', 'd').progress)).toBe('Creating the paused ad — step 3 of 3');
  });

  it('finds the draft’s latest publish, also when it was cancelled', () => {
    const items = [item('a', 'd1', 'sent', 5), item('b', 'd1', 'queued'), item('c', 'd1', 'cancelled'), item('d', 'd2', 'queued')];
    expect(latestFor(items, 'd1')?.idempotency_key).toBe('c');
    expect(latestFor(items, 'd2')?.idempotency_key).toBe('d');
    expect(latestFor(items, 'd3')).toBeNull();
  });

  it('lists the latest sent publish per draft, most recent first', () => {
    const items = [item('a', 'd1', 'sent', 5), item('b', 'd2', 'sent', 7), item('c', 'd1', 'sent', 9), item('d', 'd3', 'failed')];
    expect(recentlySent(items, 5).map((i) => i.idempotency_key)).toEqual(['c', 'b']);
    expect(recentlySent(items, 1).map((i) => i.idempotency_key)).toEqual(['c']);
  });

  it('forgets the progress of items no longer being sent', () => {
    const all = { a: progress('a', 'd1'), b: progress('b', 'd2') };
    const kept = keepSending(all, [item('a', 'd1', 'sent', 1), item('b', 'd2', 'sending')]);
    expect(Object.keys(kept)).toEqual(['b']);
    expect(progressOf(kept, 'd2')?.key).toBe('b');
    expect(progressOf(kept, 'd1')).toBeNull();
  });
});
