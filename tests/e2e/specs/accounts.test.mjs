// Meta accounts in the real window. A fresh start lands on the DEMO account; then graph-sandbox
// runs as a separate process, the app is pointed at it through the hidden testing setting
// (ADWRIGHT_GRAPH_BASE_URL), and its token is pasted as a user would a real one: ad account
// and Page picked, a draft written, restart, still connected, the token in the keychain
// (secret-tool), disconnect, the entry gone. The draft is previewed with Meta and published,
// and its review opens, in the same session. Every IPC answer and event the page received is
// recorded (by wrapping the callbacks window.__TAURI_INTERNALS__.invoke answers through) and, with the app's folders, searched
// for the token at the end: zero hits.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { openApp } from '../session.mjs';

const root = resolve(import.meta.dirname, '../../..');
const photo = resolve(import.meta.dirname, '../../fixtures/images/coffee.jpg');
let sandbox;
let seed;
let app;
/** Everything the page received from Rust, as JSON text, across both app sessions. */
const received = [];

before(async () => {
  execFileSync('cargo', ['build', '--quiet', '-p', 'graph-sandbox'], { cwd: root, stdio: 'inherit' });
  sandbox = spawn(join(root, 'target/debug/graph-sandbox'), ['--listen', '127.0.0.1:0'], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const lines = createInterface({ input: sandbox.stdout });
  seed = JSON.parse(await new Promise((first) => lines.once('line', first)));
});

after(async () => {
  await app?.close();
  sandbox?.kill();
});

const env = () => ({ ADWRIGHT_GRAPH_BASE_URL: seed.base_url });

/**
 * Records everything the page receives from Rust from now on. `__TAURI_INTERNALS__.invoke` is a
 * read-only property, but every command answer, error and event reaches the page through the
 * callbacks map that invoke and listen register in (runCallback → callbacks.get(id)(data)), so
 * each registered callback, present and future, is wrapped to keep a copy of its data.
 */
async function recordIpc(browser) {
  await browser.execute(() => {
    window.__received = [];
    const callbacks = window.__TAURI_INTERNALS__.callbacks;
    const wrap = (fn) => (data) => {
      window.__received.push(typeof data === 'string' ? data : JSON.stringify(data));
      return fn(data);
    };
    for (const [id, fn] of [...callbacks]) callbacks.set(id, wrap(fn));
    const set = callbacks.set.bind(callbacks);
    callbacks.set = (id, fn) => set(id, wrap(fn));
  });
}

async function collectIpc(browser) {
  received.push(...(await browser.execute(() => window.__received ?? [])));
}

async function openAccounts(browser) {
  await browser.$('[data-testid="account-chip"]').click();
  await browser.$('[data-testid="accounts-screen"]').waitForDisplayed({ timeout: 5_000 });
}

const card = (browser) => browser.$(`[data-testid="account-${seed.user_id}"]`);

function keychainLookup() {
  return spawnSync('secret-tool', ['lookup', 'service', 'adwright', 'username', seed.user_id], {
    encoding: 'utf8',
  });
}

test('a fresh start lands on the demo account, labelled DEMO', async () => {
  app = await openApp({ env: env() });
  const { browser } = app;
  await recordIpc(browser);
  const chip = await browser.$('[data-testid="account-chip"]');
  await browser.waitUntil(async () => (await chip.getAttribute('data-demo')) === 'true', {
    timeout: 20_000,
    timeoutMsg: `the chip never showed the demo account: ${await chip.getText()}`,
  });
  assert.match(await chip.getText(), /DEMO/);
  await browser.waitUntil(async () => (await chip.getAttribute('data-state')) === 'connected', {
    timeout: 15_000,
  });
  await app.screenshot('accounts-1-demo-first-start');
  await openAccounts(browser);
  const demo = await browser.$('[data-testid="account-demo"]');
  await demo.waitForDisplayed({ timeout: 5_000 });
  assert.match(await demo.getText(), /DEMO/);
  assert.match(await demo.getText(), /never mixes with your real accounts/);
  await app.screenshot('accounts-2-demo-screen');
});

test('pasting the sandbox token connects it; ad account and Page are picked', async () => {
  const { browser } = app;
  const input = await browser.$('[data-testid="token-input"]');
  await input.setValue(seed.access_token);
  await browser.$('[data-testid="connect"]').click();
  const notice = await browser.$('[data-testid="account-notice"]');
  await notice.waitForDisplayed({ timeout: 20_000 });
  assert.match(await notice.getText(), /in the system keychain/);
  assert.equal(await input.getValue(), '', 'the field keeps no copy of the token');

  const account = await card(browser);
  await account.waitForDisplayed({ timeout: 5_000 });
  assert.match(await account.getText(), /Connected/);
  assert.doesNotMatch(await account.getText(), /DEMO/);
  await app.screenshot('accounts-3-connected');

  await account.$('[data-testid="ad-account-select"]').selectByAttribute('value', seed.ad_account_id);
  await browser.waitUntil(
    async () => (await account.$('[data-testid="ad-account-select"]').getValue()) === seed.ad_account_id,
    { timeout: 5_000 },
  );
  await account.$('[data-testid="page-select"]').selectByAttribute('value', seed.page_id);
  const ready = await account.$('[data-testid="publish-state"]');
  await browser.waitUntil(async () => /Ready to publish/.test(await ready.getText()), {
    timeout: 5_000,
    timeoutMsg: `publish state: ${await ready.getText()}`,
  });
  await app.screenshot('accounts-4-picked');

  const stored = keychainLookup();
  assert.equal(stored.status, 0, stored.stderr);
  assert.equal(stored.stdout.trim(), seed.access_token, 'the keychain holds the token');

  // Some drafting in the same session.
  await browser.$('[data-testid="new-creative"]').click();
  await browser.$('[data-testid="create-link"]').click();
  await browser.$('[data-testid="field-content.message"]').waitForDisplayed({ timeout: 10_000 });
  await browser.$('[data-testid="field-content.message"]').setValue('Fresh sourdough every morning');
  // The draft starts on the picked ad account and Page; with a photo and image expansion on,
  // Meta's previews of the draft come first, then the publish and its review.
  await browser.$('[data-testid="field-content.link"]').setValue('https://bakery.example/');
  await browser.$('[data-testid="image-input"]').addValue(photo);
  await browser.$('[data-testid="image-thumb"]').waitForDisplayed({ timeout: 15_000 });
  await browser.$('[data-testid="toggle-image-expansion"]').click();
  await browser.waitUntil(
    async () => (await browser.$('[data-testid="save-status"]').getAttribute('data-status')) === 'saved',
    { timeout: 10_000 },
  );
  await browser.$('[data-testid="meta-previews-button"]').click();
  await browser.waitUntil(async () => (await browser.$$('[data-testid^="preview-card-"]')).length === 5, {
    timeout: 60_000,
    timeoutMsg: 'Meta previews of the draft never arrived',
  });
  await app.screenshot('accounts-4b-meta-previews');
  await browser.$('[data-testid="publish"]').click();
  await browser.$('[data-testid="review-screen"]').waitForDisplayed({ timeout: 60_000 });
  await browser.waitUntil(async () => (await browser.$$('[data-testid="preview-frame"]')).length > 0, {
    timeout: 60_000,
    timeoutMsg: 'the review never showed a preview',
  });
  await app.screenshot('accounts-4c-review');
  await collectIpc(browser);
  await app.close();
  app = null;
});

test('after a restart the account is still connected, with its picks', async () => {
  app = await openApp({ env: env() });
  const { browser } = app;
  await recordIpc(browser);
  const chip = await browser.$('[data-testid="account-chip"]');
  await browser.waitUntil(async () => (await chip.getAttribute('data-state')) === 'connected', {
    timeout: 20_000,
    timeoutMsg: `chip: ${await chip.getText()}`,
  });
  assert.equal(await chip.getAttribute('data-demo'), 'false');
  await openAccounts(browser);
  const account = await card(browser);
  await account.waitForDisplayed({ timeout: 5_000 });
  assert.equal(await account.$('[data-testid="ad-account-select"]').getValue(), seed.ad_account_id);
  assert.equal(await account.$('[data-testid="page-select"]').getValue(), seed.page_id);
  assert.match(await account.getText(), /Ready to publish/);
  await app.screenshot('accounts-5-after-restart');
});

test('disconnect removes the keychain entry and says so; the demo account takes over', async () => {
  const { browser } = app;
  await (await card(browser)).$('[data-testid="disconnect"]').click();
  const notice = await browser.$('[data-testid="account-notice"]');
  await notice.waitForDisplayed({ timeout: 10_000 });
  assert.match(await notice.getText(), /removed from the system keychain/);
  const lookup = keychainLookup();
  assert.notEqual(lookup.status, 0, 'secret-tool finds no entry');
  assert.equal(lookup.stdout.trim(), '');
  const chip = await browser.$('[data-testid="account-chip"]');
  await browser.waitUntil(async () => (await chip.getAttribute('data-demo')) === 'true', {
    timeout: 10_000,
  });
  await app.screenshot('accounts-6-disconnected');
  await collectIpc(browser);
  await app.close();
  app = null;
});

test('leak check: the token is in no IPC answer, event, file, log or store the app wrote', () => {
  const token = seed.access_token;
  assert.ok(received.length > 10, `recorded ${received.length} IPC answers`);
  assert.ok(
    received.some((r) => r.includes('"granted"') && r.includes('ads_management')),
    'the answer to connecting was recorded',
  );
  assert.ok(received.some((r) => r.includes(seed.user_id)), 'answers naming the account were recorded');
  const leaks = received.filter((r) => r.includes(token));
  assert.deepEqual(leaks, [], 'IPC answers carrying the token');

  // The app's data, config and cache folders (store file, drafts, demo state, WebKit storage
  // and logs). gnome-keyring's own folder is the keychain itself and is skipped.
  const roots = [process.env.XDG_DATA_HOME, process.env.XDG_CONFIG_HOME, process.env.XDG_CACHE_HOME];
  const files = [];
  const walk = (dir) => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (name === 'keyrings') continue;
      const info = statSync(path, { throwIfNoEntry: false });
      if (info?.isDirectory()) walk(path);
      else if (info?.isFile()) files.push(path);
    }
  };
  // A folder the app never wrote to may not exist at all (nothing to search there).
  for (const dir of roots) if (dir && existsSync(dir)) walk(dir);
  assert.ok(files.some((f) => f.endsWith('preferences.json')), `store file searched: ${files.join(', ')}`);
  const hits = files.filter((f) => readFileSync(f).includes(token));
  assert.deepEqual(hits, [], 'files holding the token');
});
