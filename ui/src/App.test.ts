import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, screen } from '@testing-library/svelte';
import { clearMocks, mockIPC, mockWindows } from '@tauri-apps/api/mocks';
import { emit } from '@tauri-apps/api/event';
import App from './App.svelte';
import type { AppStatus } from './lib/bindings/AppStatus';
import type { DraftBody } from './lib/bindings/DraftBody';
import type { DraftSummary } from './lib/bindings/DraftSummary';
import type { DraftView } from './lib/bindings/DraftView';
import type { KeychainStatus } from './lib/bindings/KeychainStatus';
import type { OutboxItem } from './lib/bindings/OutboxItem';
import { reviewScreen } from './lib/review/fixtures';

afterEach(async () => {
  cleanup();
  // Unmounting unlistens asynchronously; let that finish before the mocks are taken away.
  await new Promise((settled) => setTimeout(settled, 0));
  clearMocks();
});

const readyStatus: AppStatus = { version: '0.1.0', keychain: { state: 'ready' }, theme: 'system' };

function mockCommands(probe: () => KeychainStatus) {
  mockWindows('main');
  mockIPC(
    (command) => {
      if (command === 'app_status') return readyStatus;
      if (command === 'check_keychain') return probe();
      if (command === 'drafts_list' || command === 'outbox_list' || command === 'outbox_progress') return [];
      if (command === 'first_screen_ready') return null;
      throw new Error(`unexpected command ${command}`);
    },
    { shouldMockEvents: true },
  );
}

/** Mocks the first screen's commands (`status` for app_status) and records their names in order. */
function recordCommands(status: AppStatus): string[] {
  const calls: string[] = [];
  mockWindows('main');
  mockIPC(
    (command) => {
      calls.push(command);
      if (command === 'app_status') return status;
      return command === 'first_screen_ready' || command === 'accounts_overview' ? null : [];
    },
    { shouldMockEvents: true },
  );
  return calls;
}

describe('first screen', () => {
  it('shows an empty drafts list, the call to action and the keychain state from Rust', async () => {
    mockCommands(() => ({ state: 'ready' }));
    render(App);
    expect((await screen.findByTestId('drafts-empty')).textContent).toContain('No drafts yet');
    expect(screen.getByTestId('new-creative')).toBeTruthy();
    const chip = await screen.findByTestId('keychain-status');
    expect(chip.dataset.state).toBe('ready');
  });

  it('shows the message and the fix when the keychain turns out to be unavailable', async () => {
    mockCommands(() => ({
      state: 'unavailable',
      message: 'The system keychain is locked, or access to it was refused.',
      fix: 'Unlock your login keyring, then try again.',
    }));
    render(App);
    await fireEvent.click(await screen.findByTestId('recheck-keychain'));
    const chip = await screen.findByText('Keychain unavailable');
    expect(chip).toBeTruthy();
    expect(screen.getByText('Unlock your login keyring, then try again.')).toBeTruthy();
    expect(screen.getByTestId('keychain-status').dataset.state).toBe('unavailable');
  });

  it('shows the drafts list main.ts asked for, without asking again, and loads the rest after', async () => {
    const calls = recordCommands(readyStatus);
    const early: DraftSummary = {
      id: 'draft-9',
      title: 'Asked before mounting',
      kind: 'link',
      preview: '',
      image_md5: null,
      revision: 1,
      updated_at: 0,
      deleted_at: null,
    };
    render(App, { props: { firstDrafts: Promise.resolve([early]) } });
    expect((await screen.findByTestId('draft-title-label')).textContent).toBe('Asked before mounting');
    await vi.waitFor(() => expect(calls).toContain('first_screen_ready'));
    await vi.waitFor(() => expect(calls).toContain('outbox_list'));
    expect(calls).not.toContain('drafts_list');
    // Accounts and the outbox wait for the first screen to be painted.
    expect(calls.indexOf('accounts_overview')).toBeGreaterThan(calls.indexOf('first_screen_ready'));
    expect(calls.indexOf('outbox_list')).toBeGreaterThan(calls.indexOf('first_screen_ready'));
  });


  it('paints the first screen in the theme of the status main.ts asked for; the keychain waits', async () => {
    const calls = recordCommands({ ...readyStatus, theme: 'dark' });
    const firstStatus = Promise.resolve<AppStatus>({ ...readyStatus, keychain: { state: 'checking' }, theme: 'dark' });
    render(App, { props: { firstDrafts: Promise.resolve([]), firstStatus } });
    await screen.findByTestId('drafts-empty');
    expect(document.documentElement.dataset.theme).toBe('dark');
    // Nothing else was asked of Rust before the first screen was painted.
    await vi.waitFor(() => expect(calls).toContain('first_screen_ready'));
    expect(calls[0]).toBe('first_screen_ready');
    // Then the keychain's changes are subscribed to and the status asked again.
    await vi.waitFor(() => expect(calls).toContain('app_status'));
    expect(calls.indexOf('plugin:event|listen')).toBeLessThan(calls.indexOf('app_status'));
    expect((await screen.findByTestId('keychain-status')).dataset.state).toBe('ready');
  });
  it('opens the composer from the call to action, which asks what to make', async () => {
    mockCommands(() => ({ state: 'ready' }));
    render(App);
    await fireEvent.click(screen.getByTestId('new-creative'));
    expect(await screen.findByTestId('composer')).toBeTruthy();
    expect(screen.getByTestId('create-link')).toBeTruthy();
    expect(screen.getByTestId('create-catalog')).toBeTruthy();
  });
});

describe('the review loop from the app', () => {
  const body: DraftBody = {
    ad_account_id: 'act_1234567890',
    content: {
      kind: 'link',
      page_id: '1098765432',
      link: 'https://example.com/spring',
      message: 'Fresh flowers by bike.',
      name: 'Spring bouquets',
      description: '',
      call_to_action: 'LEARN_MORE',
      image: null,
      features: { text_generation: true, image_uncrop: true },
    },
    destination: { type: 'standalone_creative' },
  };
  const summary: DraftSummary = {
    id: 'draft-1',
    title: 'Spring bouquets',
    kind: 'link',
    preview: 'Spring bouquets',
    image_md5: null,
    revision: 4,
    updated_at: 0,
    deleted_at: null,
  };
  const view: DraftView = {
    draft: { id: 'draft-1', title: 'Spring bouquets', revision: 4, created_at: 0, updated_at: 0, deleted_at: null, body },
    issues: [],
  };
  const sent: OutboxItem = {
    idempotency_key: 'key-1',
    draft_id: 'draft-1',
    draft_revision: 4,
    ad_account_id: 'act_1234567890',
    body,
    status: 'sent',
    attempts: 1,
    last_error: null,
    enqueued_at: 0,
    claimed_at: 1,
    sent_at: 2,
  };

  function mockPublished(outbox: OutboxItem[]) {
    const calls: string[] = [];
    mockWindows('main');
    mockIPC(
      (command) => {
        calls.push(command);
        switch (command) {
          case 'app_status':
            return readyStatus;
          case 'drafts_list':
            return [summary];
          case 'outbox_list':
            return outbox;
          case 'outbox_progress':
          case 'draft_history':
          case 'draft_validate':
            return [];
          case 'draft_get':
            return view;
          case 'review_open':
          case 'review_get':
            return reviewScreen();
          default:
            return null;
        }
      },
      { shouldMockEvents: true },
    );
    return calls;
  }

  it('opens a sent draft’s review from the outbox list', async () => {
    const calls = mockPublished([sent]);
    render(App);
    await fireEvent.click(await screen.findByTestId('outbox-review-draft-1'));
    const review = await screen.findByTestId('review-screen');
    expect(review.dataset.reviewId).toBe('120200000001');
    expect(calls).toContain('review_open');
    await fireEvent.click(screen.getByTestId('review-back'));
    expect(await screen.findByTestId('draft-editor')).toBeTruthy();
  });

  it('shows the publish steps in the editor and switches to the review when it is ready', async () => {
    const calls = mockPublished([{ ...sent, status: 'sending', sent_at: null }]);
    render(App);
    const row = await screen.findByTestId('draft-item');
    await fireEvent.click(row.querySelector('button.open')!);
    await screen.findByTestId('draft-editor');
    // The app subscribes to the sender's events once the first screen is painted, then asks
    // for the progress so far: events from then on reach it.
    await vi.waitFor(() => expect(calls).toContain('outbox_progress'));
    await emit('publish-progress', {
      key: 'key-1',
      draft_id: 'draft-1',
      progress: { step: 'create_ad', number: 3, steps: 3, label: 'Creating the paused ad' },
    });
    const progress = await screen.findByTestId('publish-progress');
    expect(progress.textContent).toContain('Creating the paused ad — step 3 of 3');
    expect(screen.getByTestId('outbox-progress').textContent).toContain('step 3 of 3');
    await emit('review-ready', { draft_id: 'draft-1', review_id: '120200000001' });
    expect(await screen.findByTestId('review-screen')).toBeTruthy();
  });
});
