import { afterEach, describe, expect, it } from 'vitest';
import { clearMocks, mockIPC } from '@tauri-apps/api/mocks';
import { commands, isAppError } from './ipc';

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
