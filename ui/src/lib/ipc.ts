// The one door from the UI to Rust. Every command's argument and result types come from the
// bindings that ts-rs generates from the Rust types (src/lib/bindings, checked for drift in CI).
import { invoke } from '@tauri-apps/api/core';
import { listen, type UnlistenFn } from '@tauri-apps/api/event';
import type { AppError } from './bindings/AppError';
import type { AppStatus } from './bindings/AppStatus';
import type { KeychainStatus } from './bindings/KeychainStatus';
import type { Theme } from './bindings/Theme';

/** True when `value` has the shape of the error every command rejects with. */
export function isAppError(value: unknown): value is AppError {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as AppError).kind === 'string' &&
    typeof (value as AppError).message === 'string'
  );
}

/** Calls a command; a rejection always arrives as an `AppError`, whatever failed. */
async function call<T>(command: string, args?: Record<string, unknown>): Promise<T> {
  try {
    return await invoke<T>(command, args);
  } catch (error) {
    if (isAppError(error)) throw error;
    // The IPC layer itself failed (for example a command not granted by the capability).
    const unexpected: AppError = {
      kind: 'internal',
      message: `Adwright could not reach its core (${String(error)}).`,
      details: {},
    };
    throw unexpected;
  }
}

export const commands = {
  appStatus: () => call<AppStatus>('app_status'),
  checkKeychain: () => call<KeychainStatus>('check_keychain'),
  setTheme: (theme: Theme) => call<Theme>('set_theme', { theme }),
};

export const events = {
  /** The start-up keychain probe finished. */
  onKeychainStatus: (handler: (status: KeychainStatus) => void): Promise<UnlistenFn> =>
    listen<KeychainStatus>('keychain-status', (event) => handler(event.payload)),
};
