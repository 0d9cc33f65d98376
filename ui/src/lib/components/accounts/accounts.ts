// Small helpers for showing accounts; the rules (what is missing, when it expires, whether
// publishing may go on) come from Rust.
import type { AccountsOverview } from '../../bindings/AccountsOverview';
import type { ConnectedAccount } from '../../bindings/ConnectedAccount';

export function allAccounts(overview: AccountsOverview): ConnectedAccount[] {
  return overview.demo ? [...overview.accounts, overview.demo] : overview.accounts;
}

export function activeAccount(overview: AccountsOverview): ConnectedAccount | null {
  return allAccounts(overview).find((a) => a.key === overview.active) ?? null;
}

export function connectionLabel(account: ConnectedAccount): string {
  switch (account.connection.state) {
    case 'checking':
      return 'Checking with Meta…';
    case 'connected':
      return account.demo ? 'Demo account (not Meta)' : 'Connected';
    case 'offline':
      return 'Offline — showing saved details';
    case 'reconnect':
      return 'Reconnect needed — publishing paused';
    case 'keychain':
      return 'Keychain unavailable';
  }
}

/** A Unix-seconds date as the user's locale writes it; `null` means it never expires. */
export function expiryText(expiresAt: number | null): string {
  if (expiresAt === null) return 'Does not expire';
  return `Expires ${new Date(expiresAt * 1000).toLocaleDateString(undefined, {
    year: 'numeric',
    month: 'long',
    day: 'numeric',
  })}`;
}
