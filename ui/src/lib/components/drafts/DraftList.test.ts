import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, screen, within } from '@testing-library/svelte';
import DraftList from './DraftList.svelte';
import type { DraftSummary } from '../../bindings/DraftSummary';

afterEach(cleanup);

const summary = (id: string, title: string): DraftSummary => ({
  id,
  title,
  kind: 'link',
  preview: `${title} text`,
  image_md5: null,
  updated_at: Date.now(),
  revision: 1,
  deleted_at: null,
});

function renderList(activeId: string | null) {
  const handlers = { onDelete: vi.fn(), onDuplicate: vi.fn() };
  render(DraftList, {
    drafts: [summary('a', 'Spring sale'), summary('b', 'Summer sale'), summary('c', 'Autumn sale')],
    loaded: true,
    query: '',
    activeId,
    onQuery: () => {},
    onOpen: () => {},
    onRename: () => {},
    ...handlers,
  });
  return handlers;
}

const row = (title: string) =>
  screen.getAllByTestId('draft-item').find((item) => item.textContent?.includes(title))!;
const openButton = (title: string) => row(title).querySelector<HTMLButtonElement>('button.open')!;
const actionsIn = (title: string) => within(row(title)).queryAllByRole('button', { name: / (Spring|Summer|Autumn) sale$/ });

describe('drafts list actions', () => {
  it('are built for the open draft only while nothing is pointed at or focused', () => {
    renderList('b');
    expect(actionsIn('Summer sale').map((button) => button.getAttribute('aria-label'))).toEqual([
      'Rename Summer sale',
      'Duplicate Summer sale',
      'Delete Summer sale',
    ]);
    expect(actionsIn('Spring sale')).toEqual([]);
    expect(actionsIn('Autumn sale')).toEqual([]);
  });

  it('come to the row under the pointer and go when the pointer leaves the list', async () => {
    const { onDelete } = renderList(null);
    await fireEvent.mouseOver(within(row('Autumn sale')).getByText('Autumn sale'));
    expect(actionsIn('Autumn sale')).toHaveLength(3);
    expect(actionsIn('Spring sale')).toEqual([]);
    await fireEvent.click(within(row('Autumn sale')).getByRole('button', { name: 'Delete Autumn sale' }));
    expect(onDelete).toHaveBeenCalledWith(expect.objectContaining({ id: 'c' }));
    await fireEvent.mouseLeave(screen.getByRole('list'));
    expect(actionsIn('Autumn sale')).toEqual([]);
  });

  it('follow keyboard focus, so Tab reaches them from the row and leaves them with the row', async () => {
    const { onDuplicate } = renderList(null);
    const open = openButton('Spring sale');
    await fireEvent.focusIn(open);
    const duplicate = within(row('Spring sale')).getByRole('button', { name: 'Duplicate Spring sale' });
    // Focus moving inside the row keeps its actions.
    await fireEvent.focusOut(open, { relatedTarget: duplicate });
    await fireEvent.focusIn(duplicate);
    expect(actionsIn('Spring sale')).toHaveLength(3);
    await fireEvent.click(duplicate);
    expect(onDuplicate).toHaveBeenCalledWith('a');
    // Focus moving to the next row takes them along.
    const next = openButton('Summer sale');
    await fireEvent.focusOut(duplicate, { relatedTarget: next });
    await fireEvent.focusIn(next);
    expect(actionsIn('Spring sale')).toEqual([]);
    expect(actionsIn('Summer sale')).toHaveLength(3);
    await fireEvent.focusOut(next, { relatedTarget: null });
    expect(actionsIn('Summer sale')).toEqual([]);
  });
});
