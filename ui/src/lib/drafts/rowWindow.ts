// Which rows of a long list of one-height rows to put in the DOM: those that can be in view and
// a few more above and below. The drafts list renders this window only, so 100 or 10,000 drafts
// cost the first screen what it shows (measured: 100 full rows were a third of start-up).

export interface RowWindow {
  /** Index of the first row rendered. */
  first: number;
  /** One past the last row rendered. */
  end: number;
  /** Space for the rows above and below the window, in px. */
  before: number;
  after: number;
}

export interface RowWindowInput {
  count: number;
  rowHeight: number;
  scrollTop: number;
  /** At least the scroller's height. The drafts list passes the window's height, known before
   *  anything is laid out: measuring the list instead changed the window after the first
   *  layout, and the second render cost as much as the first. */
  viewHeight: number;
  /** Rows rendered beyond each edge of the view, so keyboard focus and fast scrolls find rows. */
  overscan: number;
}

export function rowWindow({ count, rowHeight, scrollTop, viewHeight, overscan }: RowWindowInput): RowWindow {
  // A scroll position left over from a longer list (a search narrowed it) is clamped.
  const top = Math.max(0, Math.min(scrollTop, count * rowHeight - viewHeight));
  const first = Math.max(0, Math.floor(top / rowHeight) - overscan);
  const end = Math.min(count, Math.ceil((top + viewHeight) / rowHeight) + overscan);
  return { first, end, before: first * rowHeight, after: (count - end) * rowHeight };
}
