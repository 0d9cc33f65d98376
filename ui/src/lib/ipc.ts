// The one door from the UI to Rust. Every command's argument and result types come from the
// bindings that ts-rs generates from the Rust types (src/lib/bindings, checked for drift in CI).
import { invoke } from '@tauri-apps/api/core';
import { listen, type UnlistenFn } from '@tauri-apps/api/event';
import type { AppError } from './bindings/AppError';
import type { AppStatus } from './bindings/AppStatus';
import type { KeychainStatus } from './bindings/KeychainStatus';
import type { Theme } from './bindings/Theme';
import type { AdKind } from './bindings/AdKind';
import type { DraftBody } from './bindings/DraftBody';
import type { DraftSummary } from './bindings/DraftSummary';
import type { DraftView } from './bindings/DraftView';
import type { ImportedImage } from './bindings/ImportedImage';
import type { ImportProgress } from './bindings/ImportProgress';
import type { Issue } from './bindings/Issue';
import type { OutboxItem } from './bindings/OutboxItem';
import type { PublishQueued } from './bindings/PublishQueued';
import type { PublishRecord } from './bindings/PublishRecord';
import type { SaveAck } from './bindings/SaveAck';
import type { SaveOutcome } from './bindings/SaveOutcome';
import type { AccountsOverview } from './bindings/AccountsOverview';
import type { ConnectReport } from './bindings/ConnectReport';
import type { ConnectionSettings } from './bindings/ConnectionSettings';
import type { DisconnectReport } from './bindings/DisconnectReport';
import type { ProductSet } from './bindings/ProductSet';
import type { AdSetListed } from './bindings/AdSetListed';
import type { PreviewItem } from './bindings/PreviewItem';
import type { PreviewKey } from './bindings/PreviewKey';
import type { ReviewReady } from './bindings/ReviewReady';
import type { ReviewScreen } from './bindings/ReviewScreen';
import type { SendProgress } from './bindings/SendProgress';

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
async function call<T>(
  command: string,
  args?: Record<string, unknown> | Uint8Array,
  options?: { headers: Record<string, string> },
): Promise<T> {
  try {
    return await invoke<T>(command, args, options);
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
  /** Start-up mark: the first screen shows the drafts list (scripts/bench times it). */
  firstScreenReady: (marks: Record<string, number>) => call<null>('first_screen_ready', { marks }),

  draftsList: (query = '') => call<DraftSummary[]>('drafts_list', { query }),
  draftCreate: (kind: AdKind) => call<DraftView>('draft_create', { kind }),
  draftGet: (id: string) => call<DraftView>('draft_get', { id }),
  /** The rules on a body not saved yet; cheap enough for every keystroke. */
  draftValidate: (body: DraftBody) => call<Issue[]>('draft_validate', { body }),
  draftSave: (id: string, body: DraftBody, baseRevision: number) =>
    call<SaveOutcome>('draft_save', { id, body, baseRevision }),
  draftDuplicate: (id: string) => call<DraftView>('draft_duplicate', { id }),
  draftRename: (id: string, title: string) => call<SaveAck>('draft_rename', { id, title }),
  draftDelete: (id: string) => call<null>('draft_delete', { id }),
  draftRestore: (id: string) => call<null>('draft_restore', { id }),
  /** Queues the draft; the answer says, in Rust's words, whether it goes out now or why not. */
  draftPublish: (id: string) => call<PublishQueued>('draft_publish', { id }),
  draftHistory: (id: string) => call<PublishRecord[]>('draft_history', { id }),
  outboxList: () => call<OutboxItem[]>('outbox_list'),
  outboxCancel: (key: string) => call<null>('outbox_cancel', { key }),
  /** What the sender is doing now: one entry per publish being sent. */
  outboxProgress: () => call<SendProgress[]>('outbox_progress'),
  /** Sends queued publishes now instead of waiting for the retry timer. */
  outboxSendNow: () => call<null>('outbox_send_now'),
  /** Meta's previews of a draft before anything is created; fails when no generative feature is on. */
  draftMetaPreviews: (id: string) => call<PreviewItem[]>('draft_meta_previews', { id }),
  /** Sends the file's bytes as the raw IPC body: Rust never reads a path the page names. */
  imageImport: (bytes: Uint8Array, importId: string) =>
    call<ImportedImage>('image_import', bytes, { headers: { 'x-import-id': importId } }),

  accountsOverview: () => call<AccountsOverview>('accounts_overview'),
  /** The token goes to Rust, which checks it with Meta and keeps it in the keychain; no answer
   *  ever carries it back. */
  accountConnect: (token: string) => call<ConnectReport>('account_connect', { token }),
  accountDisconnect: (key: string) => call<DisconnectReport>('account_disconnect', { key }),
  accountSelect: (key: string, adAccountId: string | null, pageId: string | null) =>
    call<AccountsOverview>('account_select', { key, adAccountId, pageId }),
  accountRefresh: (key: string) => call<AccountsOverview>('account_refresh', { key }),
  accountUseDemo: () => call<AccountsOverview>('account_use_demo'),
  /** The active ad account's product sets, for the catalog form's picker. */
  accountProductSets: () => call<ProductSet[]>('account_product_sets'),
  /** The active ad account's ad sets, for the first ad of a reviewed creative. */
  accountAdSets: () => call<AdSetListed[]>('account_ad_sets'),
  /** The review of the draft's latest publish, or null when it was never published. May read
   *  back from Meta (a second or so) when the review is not open yet. */
  reviewOpen: (draftId: string) => call<ReviewScreen | null>('review_open', { draftId }),
  reviewGet: (reviewId: string) => call<ReviewScreen>('review_get', { reviewId }),
  /** Fetches pending, failed and expired previews in the background; progress arrives as
   *  `review-changed` events. */
  reviewFetchPreviews: (reviewId: string) =>
    call<ReviewScreen>('review_fetch_previews', { reviewId }),
  /** Generated text `index` (TextVariation.index) was displayed on screen. */
  reviewTextShown: (reviewId: string, index: number) =>
    call<ReviewScreen>('review_text_shown', { reviewId, index }),
  /** The preview `key` was loaded in view, showing its content at `revision`. */
  reviewPreviewSeen: (reviewId: string, key: PreviewKey, revision: number) =>
    call<ReviewScreen>('review_preview_seen', { reviewId, key, revision }),
  /** The user accepts a preview Meta is still generating without seeing it (recorded). */
  reviewAcknowledgeUnseen: (reviewId: string, key: PreviewKey) =>
    call<ReviewScreen>('review_acknowledge_unseen', { reviewId, key }),
  /** Approves through Rust's gate; `activateOffered` also sets the paused campaign and ad set ACTIVE. */
  reviewApprove: (reviewId: string, activateOffered: boolean) =>
    call<ReviewScreen>('review_approve', { reviewId, activateOffered }),
  /** Rejects what Meta generated; the draft is saved without the opt-ins and queued again. */
  reviewReject: (reviewId: string, reason: string | null) =>
    call<ReviewScreen>('review_reject', { reviewId, reason }),
  /** The first ad of an approved standalone creative, PAUSED in `adSetId`; answers its review. */
  reviewFirstAd: (reviewId: string, adSetId: string) =>
    call<ReviewScreen>('review_first_ad', { reviewId, adSetId }),

  connectionSettings: () => call<ConnectionSettings>('connection_settings'),
  connectionSettingsSet: (settings: ConnectionSettings) =>
    call<ConnectionSettings>('connection_settings_set', { settings }),
};

/** The scheme Rust serves image-store thumbnails on (see src-tauri/src/image_protocol.rs). */
export function thumbnailUrl(md5: string, userAgent = navigator.userAgent): string {
  // Windows' WebView2 reaches custom schemes as http://<scheme>.localhost.
  return userAgent.includes('Windows')
    ? `http://adwright-image.localhost/${md5}/thumb`
    : `adwright-image://localhost/${md5}/thumb`;
}

export const events = {
  /**
   * Runs `flush` when the user closes the window and closes it once `flush` settled, so an
   * edit typed in the last moment before quitting is saved, not lost in a debounce.
   * The window API (a fifth of the start-up script) is loaded here, once it is needed.
   */
  beforeWindowCloses: async (flush: () => Promise<void>): Promise<UnlistenFn> => {
    const { getCurrentWindow } = await import('@tauri-apps/api/window');
    return getCurrentWindow().onCloseRequested(async () => {
      await flush().catch(() => {});
    });
  },

  /** The start-up keychain probe finished. */
  onKeychainStatus: (handler: (status: KeychainStatus) => void): Promise<UnlistenFn> =>
    listen<KeychainStatus>('keychain-status', (event) => handler(event.payload)),
  /** The connected accounts changed (start-up load, refresh, a 190, connect, disconnect). */
  onAccountsChanged: (handler: (overview: AccountsOverview) => void): Promise<UnlistenFn> =>
    listen<AccountsOverview>('accounts-changed', (event) => handler(event.payload)),
  /** A stage of an image import finished in Rust. */
  onImageImportProgress: (handler: (progress: ImportProgress) => void): Promise<UnlistenFn> =>
    listen<ImportProgress>('image-import-progress', (event) => handler(event.payload)),
  /** The outbox changed (an item was claimed, sent, failed or requeued). */
  onOutboxChanged: (handler: (items: OutboxItem[]) => void): Promise<UnlistenFn> =>
    listen<OutboxItem[]>('outbox-changed', (event) => handler(event.payload)),
  /** A step of a publish started. */
  onPublishProgress: (handler: (progress: SendProgress) => void): Promise<UnlistenFn> =>
    listen<SendProgress>('publish-progress', (event) => handler(event.payload)),
  /** A review changed (previews arrived, a mark, a decision): the whole screen, decided in Rust. */
  onReviewChanged: (handler: (screen: ReviewScreen) => void): Promise<UnlistenFn> =>
    listen<ReviewScreen>('review-changed', (event) => handler(event.payload)),
  /** A publish went out and its review can start. */
  onReviewReady: (handler: (ready: ReviewReady) => void): Promise<UnlistenFn> =>
    listen<ReviewReady>('review-ready', (event) => handler(event.payload)),
};
