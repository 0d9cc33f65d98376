// The main job in the real window, on the demo account: a real photograph (CC0, see
// tests/fixtures/images/README.md) published with each of Meta's generative features, the
// review of what came back, approval; then a rejection that re-creates the ad without the
// opt-in. A screenshot of every screen lands in test-artifacts/e2e/review-*.png.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { resolve } from 'node:path';
import { openApp } from '../session.mjs';

const photo = resolve(import.meta.dirname, '../../fixtures/images/coffee.jpg');
// Six words: the demo's text generation writes one variation with a new claim (even word
// count) and one with HTML/script in it (a multiple of three), which a reviewer must catch.
const MESSAGE = 'Fresh coffee roasted here every morning';

let app;
before(async () => {
  app = await openApp();
  // The demo account starts by itself when no Meta account is connected.
  await app.browser.$('[data-testid="account-chip"]').waitForDisplayed({ timeout: 20_000 });
  await app.browser.waitUntil(async () => /DEMO/.test(await app.browser.$('[data-testid="account-chip"]').getText()), {
    timeout: 20_000,
    timeoutMsg: 'the demo account never became active',
  });
});
after(async () => {
  await app?.close();
});

const $ = (selector) => app.browser.$(selector);
const byTestId = (id) => $(`[data-testid="${id}"]`);
const field = (path) => byTestId(`field-${path}`);
const textOf = (element) => app.browser.execute((el) => el.textContent ?? '', element);

async function waitSaved() {
  const status = await byTestId('save-status');
  await app.browser.waitUntil(async () => (await status.getAttribute('data-status')) === 'saved', {
    timeout: 10_000,
    timeoutMsg: 'the draft was not saved',
  });
}

async function newDraft(kind, title) {
  await byTestId('new-creative').click();
  await byTestId(`create-${kind}`).waitForDisplayed({ timeout: 5_000 });
  await byTestId(`create-${kind}`).click();
  await byTestId('draft-editor').waitForDisplayed({ timeout: 10_000 });
  const name = await byTestId('draft-title');
  await name.clearValue();
  await name.setValue(`${title}\n`);
}

async function linkDraft(title, { textGeneration = false, imageExpansion = false } = {}) {
  await newDraft('link', title);
  await field('content.link').setValue('https://coffee.example/');
  await field('content.name').setValue('Pikolo coffee');
  await field('content.message').setValue(MESSAGE);
  await byTestId('image-input').addValue(photo);
  await byTestId('image-thumb').waitForDisplayed({ timeout: 15_000 });
  if (textGeneration) await byTestId('toggle-text-generation').click();
  if (imageExpansion) await byTestId('toggle-image-expansion').click();
  await waitSaved();
}

/** Publishes the open draft and waits for its review screen. */
async function publishAndOpenReview(shot) {
  await byTestId('publish').click();
  const screen = await byTestId('review-screen');
  await screen.waitForDisplayed({ timeout: 60_000 });
  await app.screenshot(`${shot}-review-opened`);
  return screen;
}

/** Scrolls every generated text and every preview into view, as a reviewer reading it would. */
async function lookAtEverything() {
  for (const selector of ['[data-testid^="text-variation-"]', '[data-testid^="preview-card-"]']) {
    for (const element of await app.browser.$$(selector)) {
      await app.browser.execute((el) => el.scrollIntoView({ block: 'center' }), element);
      await app.browser.pause(400);
    }
  }
}

/** Waits until the gate lets the ad be approved, looking again at what changed meanwhile. */
async function waitApprovable() {
  const approve = await byTestId('approve');
  await app.browser.waitUntil(
    async () => {
      await lookAtEverything();
      return approve.isEnabled();
    },
    { timeout: 90_000, interval: 1_000, timeoutMsg: `approval stayed blocked: ${await textOf(await byTestId('gate-blockers')).catch(() => '')}` },
  );
  return approve;
}

async function approve(shot) {
  const button = await waitApprovable();
  await app.screenshot(`${shot}-ready-to-approve`);
  await button.click();
  const decision = await byTestId('review-decision');
  await decision.waitForDisplayed({ timeout: 20_000 });
  assert.match(await decision.getText(), /approv/i);
  await app.screenshot(`${shot}-approved`);
  return decision;
}

test('text generation: the variations sit beside the original, a new claim is flagged, script is text', async () => {
  await linkDraft('Coffee — text generation', { textGeneration: true });
  await publishAndOpenReview('review-1-text');
  const original = await byTestId('text-original');
  await original.waitForDisplayed({ timeout: 20_000 });
  assert.match(await original.getText(), /Fresh coffee roasted here every morning/);
  const variations = await app.browser.$$('[data-testid^="text-variation-"]');
  assert.equal(variations.length, 4, 'four generated variations');
  assert.ok((await app.browser.$$('[data-testid="text-flag"]')).length >= 1, 'a new claim is flagged');

  // Generated markup is shown as text: its characters are on screen, no element was made.
  const all = [];
  for (const v of variations) all.push(await textOf(v));
  const scripted = variations[all.findIndex((t) => t.includes('<script>'))];
  assert.ok(scripted, `a variation carries script text: ${all.join(' | ')}`);
  assert.equal(await app.browser.execute((el) => el.querySelectorAll('script, b, i, img').length, scripted), 0);
  assert.equal(await app.browser.execute(() => window.__adwrightInjected ?? null), null, 'nothing ran');

  const blockers = await byTestId('gate-blockers');
  assert.match(await blockers.getText(), /./, 'blocked until everything was shown');
  await approve('review-1-text');
});

test('the approved creative’s first ad: created paused in an ad set, reviewed again, set active', async () => {
  const create = await byTestId('first-ad-create');
  await create.waitForEnabled({ timeout: 20_000 });
  await app.screenshot('review-1b-first-ad-offer');
  await create.click();
  // The ad's own review replaces the creative's: the same texts must be shown again.
  await app.browser.waitUntil(async () => /^Ad /.test(await byTestId('review-subject').getText().catch(() => '')), {
    timeout: 30_000,
    timeoutMsg: 'the first ad’s review never opened',
  });
  await byTestId('text-original').waitForDisplayed({ timeout: 20_000 });
  await app.screenshot('review-1c-first-ad-review');
  const decision = await approve('review-1d-first-ad');
  await app.browser.waitUntil(async () => /Active/.test(await decision.getText()), {
    timeout: 20_000,
    timeoutMsg: `the ad was not set active: ${await decision.getText()}`,
  });
  await app.screenshot('review-1e-first-ad-active');
});

test('image expansion: five placements from Meta, each shown in a checked frame before approval', async () => {
  await byTestId('new-creative').waitForDisplayed({ timeout: 5_000 });
  await linkDraft('Coffee — image expansion', { imageExpansion: true });
  await publishAndOpenReview('review-2-expansion');
  for (const format of ['INSTAGRAM_STANDARD', 'FACEBOOK_REELS_MOBILE', 'INSTAGRAM_REELS', 'MOBILE_FEED_STANDARD', 'INSTAGRAM_STORY']) {
    await byTestId(`preview-card-image_uncrop-${format}`).waitForDisplayed({ timeout: 20_000 });
  }
  await app.screenshot('review-2-expansion-pending');
  // Every frame comes from the demo's loopback Graph host, never from HTML Meta sent.
  await app.browser.waitUntil(async () => (await app.browser.$$('[data-testid="preview-frame"]')).length === 5, {
    timeout: 60_000,
    timeoutMsg: 'the five preview frames never loaded',
  });
  for (const frame of await app.browser.$$('[data-testid="preview-frame"]')) {
    assert.match(await frame.getAttribute('src'), /^http:\/\/127\.0\.0\.1:\d+\/__sandbox\/preview\//);
  }
  await approve('review-2-expansion');
});

test('background generation: a catalog creative, its generated backgrounds reviewed and approved', async () => {
  await newDraft('catalog', 'Catalog — generated backgrounds');
  const picker = await byTestId('product-set-picker');
  await picker.waitForDisplayed({ timeout: 20_000 });
  const options = await picker.$$('option');
  await picker.selectByIndex(1);
  assert.ok(options.length >= 2, 'the demo account has product sets');
  await field('content.template_data.message').setValue('Shop {{product.name | titleize}} today');
  await field('content.template_data.name').setValue('{{product.name | titleize}}');
  await byTestId('toggle-background-generation').click();
  await waitSaved();
  await publishAndOpenReview('review-3-backgrounds');
  await byTestId('preview-card-image_background_gen-MOBILE_FEED_STANDARD').waitForDisplayed({ timeout: 20_000 });
  await approve('review-3-backgrounds');
});

test('reject: the ad is re-created from the same draft without the opt-in', async () => {
  await linkDraft('Coffee — rejected', { textGeneration: true });
  await publishAndOpenReview('review-4-reject');
  await byTestId('text-original').waitForDisplayed({ timeout: 20_000 });
  await byTestId('reject-reason').setValue('A variation promises something we do not offer');
  await app.screenshot('review-4-reject-reason');
  await byTestId('reject').click();
  const decision = await byTestId('review-decision');
  await decision.waitForDisplayed({ timeout: 20_000 });
  assert.match(await decision.getText(), /reject|re-creat/i);
  await app.screenshot('review-4-rejected');
  // The re-created ad has nothing generated: its review is approvable at once.
  await app.browser.waitUntil(
    async () => {
      const texts = await app.browser.$$('[data-testid^="text-variation-"]');
      const button = await byTestId('approve');
      return texts.length === 0 && (await button.isExisting()) && (await button.isEnabled());
    },
    { timeout: 60_000, interval: 1_000, timeoutMsg: 'the re-created ad never showed its own review' },
  );
  await app.screenshot('review-4-recreated');
});
