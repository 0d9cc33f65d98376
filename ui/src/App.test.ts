import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, fireEvent, render, screen } from '@testing-library/svelte';
import { clearMocks, mockIPC, mockWindows } from '@tauri-apps/api/mocks';
import App from './App.svelte';
import type { AppStatus } from './lib/bindings/AppStatus';
import type { KeychainStatus } from './lib/bindings/KeychainStatus';

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
      if (command === 'drafts_list' || command === 'outbox_list') return [];
      if (command === 'first_screen_ready') return null;
      throw new Error(`unexpected command ${command}`);
    },
    { shouldMockEvents: true },
  );
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

  it('opens the composer from the call to action, which asks what to make', async () => {
    mockCommands(() => ({ state: 'ready' }));
    render(App);
    await fireEvent.click(screen.getByTestId('new-creative'));
    expect(await screen.findByTestId('composer')).toBeTruthy();
    expect(screen.getByTestId('create-link')).toBeTruthy();
    expect(screen.getByTestId('create-catalog')).toBeTruthy();
  });
});
