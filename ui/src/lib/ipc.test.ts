import { afterEach, describe, expect, it } from 'vitest';
import { clearMocks, mockIPC, mockWindows } from '@tauri-apps/api/mocks';
import { emit } from '@tauri-apps/api/event';
import { commands, events, isAppError } from './ipc';

afterEach(() => clearMocks());

describe('commands', () => {
  it('passes a typed AppError through unchanged', async () => {
    const error = { kind: 'keychain_unavailable', message: 'Locked', details: { fix: 'Unlock' } };
    mockIPC(() => {
      throw error;
    });
    await expect(commands.checkKeychain()).rejects.toEqual(error);
  });

  it('turns any other IPC failure into an internal AppError', async () => {
    mockIPC(() => {
      throw 'command check_keychain not allowed';
    });
    const rejection = await commands.checkKeychain().catch((e: unknown) => e);
    expect(isAppError(rejection)).toBe(true);
    expect(rejection).toMatchObject({ kind: 'internal' });
    expect((rejection as { message: string }).message).toContain('not allowed');
  });

  it('sends the theme under the argument name the Rust command takes', async () => {
    let received: unknown;
    mockIPC((command, args) => {
      received = { command, args };
      return 'dark';
    });
    await expect(commands.setTheme('dark')).resolves.toBe('dark');
    expect(received).toEqual({ command: 'set_theme', args: { theme: 'dark' } });
  });
});

describe('review commands', () => {
  it('send the camelCase argument names Tauri maps to the Rust parameters', async () => {
    const received: unknown[] = [];
    mockIPC((command, args) => {
      received.push({ command, args });
      return null;
    });
    const key = { feature: 'image_uncrop', ad_format: 'INSTAGRAM_STORY' };
    await commands.reviewOpen('d1');
    await commands.reviewTextShown('r1', 2);
    await commands.reviewPreviewSeen('r1', key, 7);
    await commands.reviewAcknowledgeUnseen('r1', key);
    await commands.reviewApprove('r1', false);
    await commands.reviewReject('r1', null);
    await commands.draftMetaPreviews('d1');
    expect(received).toEqual([
      { command: 'review_open', args: { draftId: 'd1' } },
      { command: 'review_text_shown', args: { reviewId: 'r1', index: 2 } },
      { command: 'review_preview_seen', args: { reviewId: 'r1', key, revision: 7 } },
      { command: 'review_acknowledge_unseen', args: { reviewId: 'r1', key } },
      { command: 'review_approve', args: { reviewId: 'r1', activateOffered: false } },
      { command: 'review_reject', args: { reviewId: 'r1', reason: null } },
      { command: 'draft_meta_previews', args: { id: 'd1' } },
    ]);
  });
});

describe('events.beforeWindowCloses', () => {
  it('closes the window only after the pending save was flushed', async () => {
    mockWindows('main');
    const order: string[] = [];
    mockIPC(
      (command) => {
        if (command === 'plugin:window|destroy') order.push('destroyed');
      },
      { shouldMockEvents: true },
    );
    let finishSave!: () => void;
    await events.beforeWindowCloses(
      () =>
        new Promise<void>((done) => {
          order.push('flushing');
          finishSave = () => {
            order.push('saved');
            done();
          };
        }),
    );
    await emit('tauri://close-requested');
    await new Promise((settled) => setTimeout(settled, 0));
    expect(order).toEqual(['flushing']);
    finishSave();
    await new Promise((settled) => setTimeout(settled, 0));
    expect(order).toEqual(['flushing', 'saved', 'destroyed']);
  });
});
