// Saves every edit as it is made: edits are debounced (300 ms), at most one save is in flight,
// and the latest body always wins. Renames go through the same queue so each call carries the
// revision the previous one produced (the store refuses a stale revision).
import type { AppError } from '../bindings/AppError';
import type { DraftBody } from '../bindings/DraftBody';
import type { SaveAck } from '../bindings/SaveAck';
import type { SaveOutcome } from '../bindings/SaveOutcome';
import type { Issue } from '../bindings/Issue';

export const SAVE_DEBOUNCE_MS = 300;

export type SaveStatus = 'saved' | 'pending' | 'saving' | 'error';

export interface SaveState {
  status: SaveStatus;
  revision: number;
  savedAt: number | null;
  error: AppError | null;
}

export interface SaverOptions {
  revision: number;
  save: (body: DraftBody, baseRevision: number) => Promise<SaveOutcome>;
  rename: (title: string) => Promise<SaveAck>;
  onState?: (state: SaveState) => void;
  /** Issues of a saved body, reported only when no newer edit is waiting. */
  onSavedIssues?: (issues: Issue[], body: DraftBody) => void;
  delayMs?: number;
  timers?: {
    set: (run: () => void, ms: number) => unknown;
    clear: (handle: unknown) => void;
  };
}

type Job = { kind: 'rename'; title: string; done: (ack: SaveAck | AppError, ok: boolean) => void };

export class DraftSaver {
  private state: SaveState;
  private pending: DraftBody | null = null;
  private due = false;
  private busy = false;
  private timer: unknown = null;
  private jobs: Job[] = [];
  private idleWaiters: (() => void)[] = [];
  private readonly delay: number;
  private readonly timers: NonNullable<SaverOptions['timers']>;

  constructor(private readonly options: SaverOptions) {
    this.state = { status: 'saved', revision: options.revision, savedAt: null, error: null };
    this.delay = options.delayMs ?? SAVE_DEBOUNCE_MS;
    this.timers = options.timers ?? {
      set: (run, ms) => setTimeout(run, ms),
      clear: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
    };
  }

  get current(): SaveState {
    return this.state;
  }

  /** Records an edit; it is saved once the user pauses for the debounce delay. */
  edit(body: DraftBody): void {
    this.pending = body;
    this.due = false;
    if (this.timer !== null) this.timers.clear(this.timer);
    this.timer = this.timers.set(() => {
      this.timer = null;
      this.due = true;
      void this.pump();
    }, this.delay);
    if (!this.busy) this.set({ status: 'pending' });
  }

  /** Saves any waiting edit now and resolves once nothing is waiting or in flight. */
  flush(): Promise<void> {
    if (this.timer !== null) {
      this.timers.clear(this.timer);
      this.timer = null;
    }
    if (this.pending) this.due = true;
    const idle = new Promise<void>((resolve) => this.idleWaiters.push(resolve));
    void this.pump();
    return idle;
  }

  /** Renames after any save in flight, with the revision that save produced. */
  rename(title: string): Promise<SaveAck> {
    return new Promise((resolve, reject) => {
      this.jobs.push({
        kind: 'rename',
        title,
        done: (value, ok) => (ok ? resolve(value as SaveAck) : reject(value)),
      });
      void this.pump();
    });
  }

  private set(patch: Partial<SaveState>) {
    this.state = { ...this.state, ...patch };
    this.options.onState?.(this.state);
  }

  private async pump(): Promise<void> {
    if (this.busy) return;
    const job = this.jobs.shift();
    if (job) {
      this.busy = true;
      try {
        const ack = await this.options.rename(job.title);
        this.set({ revision: ack.revision, savedAt: ack.saved_at });
        job.done(ack, true);
      } catch (error) {
        job.done(error as AppError, false);
      }
      this.busy = false;
      return this.pump();
    }
    if (this.due && this.pending) {
      const body = this.pending;
      this.pending = null;
      this.due = false;
      this.busy = true;
      this.set({ status: 'saving' });
      try {
        const outcome = await this.options.save(body, this.state.revision);
        this.set({ revision: outcome.revision, savedAt: outcome.saved_at, error: null });
        if (!this.pending) this.options.onSavedIssues?.(outcome.issues, body);
      } catch (error) {
        // Keep the edit: the next edit (or a retry) sends the newest body again.
        if (!this.pending) this.pending = body;
        this.busy = false;
        this.set({ status: 'error', error: error as AppError });
        this.settle();
        return;
      }
      this.busy = false;
      return this.pump();
    }
    this.set({ status: this.pending ? 'pending' : 'saved' });
    this.settle();
  }

  /** Sends the kept edit again after a failed save. */
  retry(): Promise<void> {
    return this.flush();
  }

  private settle() {
    if (this.busy || this.due || this.jobs.length > 0) return;
    if (this.pending && this.state.status !== 'error' && this.timer !== null) return;
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    waiters.forEach((resolve) => resolve());
  }

  /** Stops the timer without saving (the draft was deleted). */
  dispose(): void {
    if (this.timer !== null) this.timers.clear(this.timer);
    this.timer = null;
  }
}
