import { describe, expect, it } from 'vitest';
import { rowWindow } from './rowWindow';

const base = { rowHeight: 70, overscan: 4 };

describe('rowWindow', () => {
  it('renders the rows that fit in the view from the top, and the overscan below', () => {
    expect(rowWindow({ ...base, count: 10_000, scrollTop: 0, viewHeight: 780 })).toEqual({
      first: 0,
      end: 16,
      before: 0,
      after: (10_000 - 16) * 70,
    });
    expect(rowWindow({ ...base, count: 3, scrollTop: 0, viewHeight: 780 })).toEqual({
      first: 0,
      end: 3,
      before: 0,
      after: 0,
    });
  });

  it('renders the rows in view and the overscan either side, the rest as space', () => {
    // 420 px of view from 7000 px: rows 100–105 are in view.
    const w = rowWindow({ ...base, count: 10_000, scrollTop: 7000, viewHeight: 420 });
    expect([w.first, w.end]).toEqual([96, 110]);
    expect(w.before).toBe(96 * 70);
    expect(w.before + (w.end - w.first) * 70 + w.after).toBe(10_000 * 70);
  });

  it('a row partly in view at either edge is rendered', () => {
    const w = rowWindow({ ...base, overscan: 0, count: 100, scrollTop: 35, viewHeight: 140 });
    // 35..175 touches rows 0, 1 and 2.
    expect([w.first, w.end]).toEqual([0, 3]);
  });

  it('clamps a scroll position left over from a longer list', () => {
    const w = rowWindow({ ...base, count: 5, scrollTop: 7000, viewHeight: 420 });
    expect([w.first, w.end, w.before, w.after]).toEqual([0, 5, 0, 0]);
    const end = rowWindow({ ...base, count: 50, scrollTop: 99_999, viewHeight: 420 });
    expect([end.first, end.end, end.after]).toEqual([40, 50, 0]);
  });
});
