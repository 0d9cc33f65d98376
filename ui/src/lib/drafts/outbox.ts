// What the outbox list and the editor show of the publish queue. Rust's sender decides what
// is sent when; these helpers only pick items and progress out of what it reports.
import type { OutboxItem } from '../bindings/OutboxItem';
import type { PublishProgress } from '../bindings/PublishProgress';
import type { SendProgress } from '../bindings/SendProgress';

/** "Creating the paused ad — step 3 of 3". */
export function progressText(progress: PublishProgress): string {
  return `${progress.label} — step ${progress.number} of ${progress.steps}`;
}

/** The draft's latest publish, cancelled or not (the outbox lists items in queue order). */
export function latestFor(items: readonly OutboxItem[], draftId: string): OutboxItem | null {
  for (let i = items.length - 1; i >= 0; i--) {
    const item = items[i]!;
    if (item.draft_id === draftId) return item;
  }
  return null;
}

/** The latest sent publish of each draft, most recent first, at most `limit` of them. */
export function recentlySent(items: readonly OutboxItem[], limit: number): OutboxItem[] {
  const latest = new Map<string, OutboxItem>();
  for (const item of items) {
    if (item.status !== 'sent') continue;
    const known = latest.get(item.draft_id);
    if (!known || (item.sent_at ?? 0) >= (known.sent_at ?? 0)) latest.set(item.draft_id, item);
  }
  return [...latest.values()].sort((a, b) => (b.sent_at ?? 0) - (a.sent_at ?? 0)).slice(0, limit);
}

/** Progress kept only for items still being sent: a finished send reports no "done" step. */
export function keepSending(
  progress: Readonly<Record<string, SendProgress>>,
  items: readonly OutboxItem[],
): Record<string, SendProgress> {
  const sending = new Set(items.filter((i) => i.status === 'sending').map((i) => i.idempotency_key));
  return Object.fromEntries(Object.entries(progress).filter(([key]) => sending.has(key)));
}

export function progressOf(
  progress: Readonly<Record<string, SendProgress>>,
  draftId: string,
): SendProgress | null {
  return Object.values(progress).find((p) => p.draft_id === draftId) ?? null;
}
