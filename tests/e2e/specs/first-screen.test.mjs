// The first screen of a fresh install: an empty drafts list, the call to action, and a click
// that goes through a Rust command (the keychain probe) whose answer the page shows.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { openApp } from '../session.mjs';

let app;
before(async () => {
  app = await openApp();
});
after(async () => {
  await app?.close();
});

test('a fresh start shows an empty drafts list and the New creative call to action', async () => {
  const { browser } = app;
  const empty = await browser.$('[data-testid="drafts-empty"]');
  await empty.waitForDisplayed({ timeout: 15_000 });
  assert.match(await empty.getText(), /No drafts yet/);
  assert.equal(await browser.$('[data-testid="new-creative"]').isDisplayed(), true);
  assert.equal(await browser.getTitle(), 'Adwright');
});

test('the first screen loads four files of its own, none of the screens it does not show', () => {
  // Each file is a round trip through the tauri:// protocol before the page's script runs, and
  // the bundler splits a module shared with a lazy screen into a file of its own unless
  // ui/vite.config.ts groups it into the start-up chunk. tests/e2e/run built ui/dist, which the
  // app embeds; its index.html names every file loaded before the script runs (WebKitGTK keeps
  // no resource timing for the app's own scheme).
  const html = readFileSync(resolve(import.meta.dirname, '../../../ui/dist/index.html'), 'utf8');
  const files = [...html.matchAll(/(?:src|href)="(\/assets\/[^"]+)"/g)].map((match) => match[1]);
  const scripts = files.filter((file) => file.endsWith('.js'));
  const styles = files.filter((file) => file.endsWith('.css'));
  assert.ok(scripts.length >= 1 && styles.length >= 1, `too few start-up files: ${files.join(', ')}`);
  assert.ok(scripts.length <= 2 && styles.length <= 2, `start-up files: ${files.join(', ')}`);
  assert.deepEqual(
    files.filter((file) => /Composer|AccountsScreen|ReviewScreen|PreviewGallery|window-/.test(file)),
    [],
  );
});

test('checking the keychain calls Rust and shows its answer: a real, unlocked Secret Service', async () => {
  const { browser } = app;
  const chip = await browser.$('[data-testid="keychain-status"]');
  await chip.waitForDisplayed({ timeout: 15_000 });
  // The start-up probe's answer arrives by itself…
  await browser.waitUntil(async () => (await chip.getAttribute('data-state')) === 'ready', {
    timeout: 15_000,
    timeoutMsg: 'the start-up keychain probe never reached the window',
  });
  // …and asking again goes through the check_keychain command.
  await browser.$('[data-testid="recheck-keychain"]').click();
  await browser.waitUntil(async () => (await chip.getAttribute('data-state')) === 'ready', {
    timeout: 15_000,
    timeoutMsg: `keychain state stayed ${await chip.getAttribute('data-state')}`,
  });
  assert.match(await chip.getText(), /Keychain ready/);
  await app.screenshot('first-screen');
});

test('New creative opens the composer, which asks what to make', async () => {
  const { browser } = app;
  await browser.$('[data-testid="new-creative"]').click();
  const composer = await browser.$('[data-testid="composer"]');
  await composer.waitForDisplayed({ timeout: 5_000 });
  assert.match(await composer.getText(), /Link ad/);
  assert.match(await composer.getText(), /Catalog ad/);
  await app.screenshot('composer');
});

test('the Dark appearance repaints the window dark', async () => {
  const { browser } = app;
  await browser.$('button=Dark').click();
  await browser.waitUntil(
    async () => (await browser.execute(() => document.documentElement.dataset.theme)) === 'dark',
    { timeout: 5_000, timeoutMsg: 'the page never switched to dark' },
  );
  const background = await browser.execute(() => getComputedStyle(document.body).backgroundColor);
  assert.equal(background, 'rgb(17, 17, 32)');
  assert.equal(await browser.$('button=Dark').getAttribute('aria-checked'), 'true');
  await app.screenshot('composer-dark');
});
