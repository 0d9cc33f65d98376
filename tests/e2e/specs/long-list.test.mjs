// A shop's worth of drafts (300, seeded the way the app stores them): the list renders the rows
// in view only, and scrolling, the last row and search still behave like a list of them all.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { openApp } from '../session.mjs';

const COUNT = 300;
let app;
before(async () => {
  const drafts = join(process.env.XDG_DATA_HOME, 'io.adwright.desktop', 'drafts');
  execFileSync('cargo', ['run', '--quiet', '-p', 'drafts', '--example', 'seed', '--', drafts, String(COUNT)], {
    cwd: resolve(import.meta.dirname, '../../..'),
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  app = await openApp();
});
after(async () => {
  await app?.close();
});

/** The rows in the DOM: [position in the list, title]. */
const rendered = (browser) =>
  browser.execute(() =>
    [...document.querySelectorAll('[data-testid="draft-item"]')].map((row) => [
      Number(row.getAttribute('aria-posinset')),
      row.querySelector('[data-testid="draft-title-label"]')?.textContent ?? '',
    ]),
  );

const scrollList = (browser, to) =>
  browser.execute((to) => {
    const list = document.querySelector('[data-testid="drafts-list"]');
    list.scrollTop = to === 'end' ? list.scrollHeight : to;
    list.dispatchEvent(new Event('scroll'));
  }, to);

test('300 drafts: the list holds the rows in view, each knowing its place among all of them', async () => {
  const { browser } = app;
  await browser.$('[data-testid="draft-item"]').waitForDisplayed({ timeout: 15_000 });
  const rows = await rendered(browser);
  assert.ok(rows.length > 3 && rows.length < 30, `${rows.length} rows in the DOM`);
  assert.deepEqual(
    rows.map(([position]) => position),
    rows.map((_, index) => index + 1),
  );
  const setsize = await browser.$('[data-testid="draft-item"]').getAttribute('aria-setsize');
  assert.equal(Number(setsize), COUNT);
  // The scrollbar is as long as the whole list: 300 rows' worth of height.
  const height = await browser.execute(() => document.querySelector('[data-testid="drafts-list"]').scrollHeight);
  assert.equal(height, COUNT * 70);
  await app.screenshot('long-list-1-top');
});

test('scrolling brings later drafts in, down to the last one, without a gap', async () => {
  const { browser } = app;
  await scrollList(browser, 150 * 70);
  await browser.waitUntil(async () => (await rendered(browser)).some(([position]) => position === 151), {
    timeout: 5_000,
    timeoutMsg: 'the 151st draft never came into the list',
  });
  const middle = await rendered(browser);
  assert.ok(middle.length < 30, `${middle.length} rows in the DOM`);
  const positions = middle.map(([position]) => position);
  assert.deepEqual(positions, positions.map((_, index) => positions[0] + index), 'consecutive rows');
  // The row at the top of the view is where the list's own scroll says it is.
  const top = await browser.execute(() => {
    const list = document.querySelector('[data-testid="drafts-list"]');
    const box = list.getBoundingClientRect();
    const row = document.elementFromPoint(box.left + 20, box.top + 5)?.closest('[data-testid="draft-item"]');
    return Number(row?.getAttribute('aria-posinset'));
  });
  assert.equal(top, 151);
  await app.screenshot('long-list-2-middle');

  await scrollList(browser, 'end');
  await browser.waitUntil(async () => (await rendered(browser)).some(([position]) => position === COUNT), {
    timeout: 5_000,
    timeoutMsg: 'the last draft never came into the list',
  });
  const last = await browser.$(`[data-testid="draft-item"][aria-posinset="${COUNT}"]`);
  assert.equal(await last.isDisplayed({ withinViewport: true }), true);
  await last.$('button.open').click();
  await browser.$('[data-testid="draft-editor"]').waitForDisplayed({ timeout: 10_000 });
  await browser.$('[data-testid="field-content.link"]').waitForDisplayed({ timeout: 10_000 });
  const title = await browser.$('[data-testid="draft-title"]').getValue();
  assert.equal(title, (await rendered(browser)).find(([position]) => position === COUNT)[1]);
  await app.screenshot('long-list-3-last-opened');
});

test('a search from far down the list shows its matches from the top', async () => {
  const { browser } = app;
  await browser.$('[data-testid="drafts-search"]').setValue('Spring sale 123');
  await browser.waitUntil(async () => (await rendered(browser)).length === 1, {
    timeout: 5_000,
    timeoutMsg: 'the search did not narrow the list to one draft',
  });
  assert.deepEqual(await rendered(browser), [[1, 'Spring sale 123']]);
  await browser.$('[data-testid="drafts-search"]').clearValue();
  await browser.$('[data-testid="drafts-search"]').setValue(' ');
  await browser.waitUntil(async () => (await rendered(browser)).length > 3, { timeout: 5_000 });
});
