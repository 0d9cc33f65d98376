import { describe, expect, it } from 'vitest';
import type { DraftBody } from '../bindings/DraftBody';
import type { SaveOutcome } from '../bindings/SaveOutcome';
import { DraftSaver, type SaveState } from './saver';

// A hand-driven clock: the test decides when the debounce delay has passed (no real time).
function manualTimers() {
  let next: (() => void) | null = null;
  return {
    timers: {
      set: (run: () => void) => {
        next = run;
        return run;
      },
      clear: (handle: unknown) => {
        if (next === handle) next = null;
      },
    },
    elapse() {
      const run = next;
      next = null;
      run?.();
    },
    get armed() {
      return next !== null;
    },
  };
}

function body(message: string): DraftBody {
  return {
    ad_account_id: '',
    content: {
      kind: 'link',
      page_id: '',
      link: '',
      message,
      name: '',
      description: '',
      call_to_action: 'LEARN_MORE',
      image: null,
      features: { text_generation: false, image_uncrop: false },
    },
    destination: { type: 'standalone_creative' },
  };
}

const settle = () => new Promise((done) => setTimeout(done, 0));

function setup() {
  const clock = manualTimers();
  const calls: { message: string; base: number }[] = [];
  const pending: ((outcome: SaveOutcome) => void)[] = [];
  const states: SaveState['status'][] = [];
  const saver = new DraftSaver({
    revision: 1,
    timers: clock.timers,
    save: (b, base) => {
      calls.push({ message: b.content.kind === 'link' ? b.content.message : '', base });
      return new Promise((resolve) => pending.push(resolve));
    },
    rename: async () => ({ revision: 99, saved_at: 0 }),
    onState: (s) => states.push(s.status),
  });
  const answer = async (revision: number) => {
    pending.shift()!({ revision, saved_at: revision, issues: [] });
    await settle();
  };
  return { saver, clock, calls, answer, states };
}

describe('DraftSaver', () => {
  it('saves once after the pause, with the last text typed', async () => {
    const { saver, clock, calls, answer } = setup();
    saver.edit(body('H'));
    saver.edit(body('He'));
    saver.edit(body('Hello'));
    expect(saver.current.status).toBe('pending');
    expect(calls).toEqual([]);
    clock.elapse();
    await settle();
    expect(calls).toEqual([{ message: 'Hello', base: 1 }]);
    expect(saver.current.status).toBe('saving');
    await answer(2);
    expect(saver.current).toMatchObject({ status: 'saved', revision: 2 });
  });

  it('never has two saves in flight, and sends the newest body on the new revision', async () => {
    const { saver, clock, calls, answer } = setup();
    saver.edit(body('one'));
    clock.elapse();
    await settle();
    saver.edit(body('two'));
    saver.edit(body('three'));
    clock.elapse();
    await settle();
    expect(calls).toHaveLength(1);
    await answer(2);
    expect(calls).toEqual([
      { message: 'one', base: 1 },
      { message: 'three', base: 2 },
    ]);
    expect(saver.current.status).toBe('saving');
    await answer(3);
    expect(saver.current).toMatchObject({ status: 'saved', revision: 3 });
  });

  it('flush saves a waiting edit at once and resolves when it is on disk', async () => {
    const { saver, clock, calls, answer } = setup();
    saver.edit(body('before closing'));
    let flushed = false;
    const done = saver.flush().then(() => (flushed = true));
    expect(clock.armed).toBe(false);
    await settle();
    expect(calls).toEqual([{ message: 'before closing', base: 1 }]);
    expect(flushed).toBe(false);
    await answer(2);
    await done;
    expect(flushed).toBe(true);
  });

  it('keeps a failed edit and says so; a retry sends it again', async () => {
    const clock = manualTimers();
    let fail = true;
    const sent: string[] = [];
    const saver = new DraftSaver({
      revision: 4,
      timers: clock.timers,
      save: async (b) => {
        sent.push(b.content.kind === 'link' ? b.content.message : '');
        if (fail) throw { kind: 'storage', message: 'disk full', details: {} };
        return { revision: 5, saved_at: 1, issues: [] };
      },
      rename: async () => ({ revision: 0, saved_at: 0 }),
    });
    saver.edit(body('keep me'));
    clock.elapse();
    await settle();
    expect(saver.current).toMatchObject({ status: 'error', revision: 4 });
    expect(saver.current.error?.message).toBe('disk full');
    fail = false;
    await saver.retry();
    expect(sent).toEqual(['keep me', 'keep me']);
    expect(saver.current).toMatchObject({ status: 'saved', revision: 5, error: null });
  });

  it('a rename waits for the save in flight and moves the revision on', async () => {
    const { saver, clock, answer } = setup();
    saver.edit(body('text'));
    clock.elapse();
    await settle();
    const renamed = saver.rename('New name');
    await answer(2);
    await expect(renamed).resolves.toMatchObject({ revision: 99 });
    expect(saver.current.revision).toBe(99);
  });
});
