// Drafts in the real window: create a link ad, type, watch Rust's issues come and go, turn on
// text generation without a primary text, import a real JPEG through the file input, see the
// placement mock-ups, restart the app and find the draft intact, delete it and undo.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { resolve } from 'node:path';
import { openApp } from '../session.mjs';

const fixture = resolve(import.meta.dirname, '../../fixtures/images/spring-4x5.jpg');
let app;
after(async () => {
  await app?.close();
});

/** All the text of an element, including text an ellipsis cuts short (getText leaves it out). */
const textOf = (browser, element) => browser.execute((el) => el.textContent ?? '', element);

const field = (browser, path) => browser.$(`[data-testid="field-${path}"]`);
const issues = (browser, path) => browser.$(`[data-testid="issues-${path}"]`);

async function waitForText(element, pattern, timeoutMsg) {
  await element.waitUntil(async () => pattern.test(await element.getText()), {
    timeout: 10_000,
    timeoutMsg,
  });
}

/** Empties a field the way a person does (select all, delete), so the page hears the input;
 *  WebDriver's clearValue alone fires no input event. */
async function emptyField(browser, element) {
  await element.click();
  await browser.keys(['Control', 'a']);
  await browser.keys(['Backspace']);
}

async function waitSaved(browser) {
  const status = await browser.$('[data-testid="save-status"]');
  await browser.waitUntil(async () => (await status.getAttribute('data-status')) === 'saved', {
    timeout: 10_000,
    timeoutMsg: `save status stayed ${await status.getAttribute('data-status')}`,
  });
}

async function setTheme(browser, label, theme) {
  await browser.$(`button=${label}`).click();
  await browser.waitUntil(
    async () => (await browser.execute(() => document.documentElement.dataset.theme)) === theme,
    { timeout: 5_000 },
  );
}

test('a new link ad: typing shows and clears Rust issues, text generation needs a primary text', async () => {
  app = await openApp();
  const { browser } = app;
  await browser.$('[data-testid="drafts-empty"]').waitForDisplayed({ timeout: 15_000 });
  await browser.$('[data-testid="new-creative"]').click();
  await browser.$('[data-testid="create-link"]').waitForDisplayed({ timeout: 5_000 });
  await app.screenshot('drafts-1-choose-kind');
  await browser.$('[data-testid="create-link"]').click();
  await browser.$('[data-testid="draft-editor"]').waitForDisplayed({ timeout: 10_000 });

  // The list shows the new draft at once.
  await browser.$('[data-testid="draft-item"]').waitForDisplayed({ timeout: 5_000 });

  const title = await browser.$('[data-testid="draft-title"]');
  await title.clearValue();
  await title.setValue('Spring bouquets\n');

  const link = await field(browser, 'content.link');
  await link.setValue('example.com/spring');
  await waitForText(
    await issues(browser, 'content.link'),
    /needs to start with https:\/\/: write https:\/\/example\.com\/spring/,
    'no link issue from Rust',
  );
  await app.screenshot('drafts-2-link-issue');
  await link.clearValue();
  await link.setValue('https://example.com/spring');
  await waitForText(await issues(browser, 'content.link'), /^$/, 'the link issue did not go away');

  // A new draft starts with the demo account's Page; this one runs as another Page.
  await emptyField(browser, await field(browser, 'content.page_id'));
  await field(browser, 'content.page_id').addValue('1098765432');
  await field(browser, 'content.name').setValue('Fresh flowers by bike');
  await field(browser, 'content.description').setValue('Order by noon');

  const message = await issues(browser, 'content.message');
  assert.equal(await message.getText(), '');
  await browser.$('[data-testid="toggle-text-generation"]').click();
  await waitForText(message, /Primary text is required when text generation is on/, 'no primary text issue');
  await app.screenshot('drafts-3-text-generation-issue');

  await field(browser, 'content.message').setValue('Tulips, peonies and ranunculus, tied by hand this morning.');
  await waitForText(message, /^$/, 'the primary text issue stayed');
  await waitSaved(browser);
});

test('a real JPEG imported through the file input appears as a thumbnail and in every mock-up', async () => {
  const { browser } = app;
  const input = await browser.$('[data-testid="image-input"]');
  await input.addValue(fixture);
  const thumb = await browser.$('[data-testid="image-thumb"]');
  await thumb.waitForDisplayed({ timeout: 15_000 });
  await browser.waitUntil(async () => browser.execute((img) => img.complete && img.naturalWidth > 0, thumb), {
    timeout: 10_000,
    timeoutMsg: 'the thumbnail from adwright-image:// never loaded',
  });
  const natural = await browser.execute((img) => [img.naturalWidth, img.naturalHeight], thumb);
  assert.deepEqual(natural, [256, 320], 'a 320 px thumbnail of the 1080×1350 image');
  assert.match(await browser.$('.facts strong').getText(), /1080 × 1350/);
  assert.ok((await thumb.getAttribute('src')).startsWith('adwright-image://localhost/'));

  for (const id of ['mockup-feed-1x1', 'mockup-feed-4x5', 'mockup-stories', 'mockup-reels']) {
    const mockup = await browser.$(`[data-testid="${id}"]`);
    assert.equal(await mockup.isDisplayed(), true, id);
    const loaded = await browser.execute(
      (el) => [...el.querySelectorAll('img')].every((img) => img.complete && img.naturalWidth > 0),
      mockup,
    );
    assert.equal(loaded, true, `${id} shows the image`);
  }
  const feed = await browser.$('[data-testid="mockup-feed-4x5"]');
  const feedText = await textOf(browser, feed);
  assert.match(feedText, /EXAMPLE\.COM/);
  assert.match(feedText, /Fresh flowers by bike/);
  assert.match(feedText, /Tulips, peonies/);
  assert.match(feedText, /Learn more/);
  assert.match(await textOf(browser, await browser.$('[data-testid="mockup-reels"]')), /35%/);
  await waitSaved(browser);
  await app.screenshot('drafts-4-mockups-light');
  await browser.execute((el) => el.scrollIntoView({ block: 'end' }), await browser.$('[data-testid="mockup-reels"]'));
  await app.screenshot('drafts-4b-stories-reels-light');
  await setTheme(browser, 'Dark', 'dark');
  await app.screenshot('drafts-5-stories-reels-dark');
  await setTheme(browser, 'Light', 'light');
});

test('publishing for an account not connected queues the draft in the outbox and says why', async () => {
  const { browser } = app;
  // The draft starts with the demo's ad account; this advertiser's own account is not
  // connected yet, so the publish waits in the outbox for an account that reaches it.
  await emptyField(browser, await field(browser, 'ad_account_id'));
  await waitSaved(browser);
  await browser.$('[data-testid="publish"]').click();
  const error = await browser.$('[data-testid="publish-error"]');
  await error.waitForDisplayed({ timeout: 5_000 });
  assert.match(await error.getText(), /Ad account is required/);
  await field(browser, 'ad_account_id').addValue('act_1234567890');
  await waitSaved(browser);
  await browser.$('[data-testid="publish"]').click();
  const note = await browser.$('[data-testid="publish-note"]');
  await note.waitForDisplayed({ timeout: 5_000 });
  assert.match(await note.getText(), /Queued — .*act_1234567890/);
  const item = await browser.$('[data-testid="outbox-item"]');
  await item.waitForDisplayed({ timeout: 5_000 });
  assert.match(await textOf(browser, item), /Spring bouquets/);
  await app.screenshot('drafts-6-queued');
});

test('after a restart the draft is intact; delete moves it out, Undo brings it back', async () => {
  await app.close();
  app = await openApp();
  const { browser } = app;
  const item = await browser.$('[data-testid="draft-item"]');
  await item.waitForDisplayed({ timeout: 15_000 });
  assert.match(await textOf(browser, item), /Spring bouquets/);
  await item.$('button.open').click();
  await browser.$('[data-testid="draft-editor"]').waitForDisplayed({ timeout: 10_000 });
  assert.equal(await field(browser, 'content.link').getValue(), 'https://example.com/spring');
  assert.equal(
    await field(browser, 'content.message').getValue(),
    'Tulips, peonies and ranunculus, tied by hand this morning.',
  );
  assert.equal(await browser.$('[data-testid="toggle-text-generation"]').getAttribute('data-checked'), 'true');
  assert.equal(await field(browser, 'ad_account_id').getValue(), 'act_1234567890');
  await browser.$('[data-testid="image-thumb"]').waitForDisplayed({ timeout: 10_000 });
  assert.match(await textOf(browser, await browser.$('[data-testid="outbox-item"]')), /Spring bouquets/);

  // Search runs in Rust over names and texts.
  const search = await browser.$('[data-testid="drafts-search"]');
  await search.setValue('PEONIES');
  await browser.$('[data-testid="draft-item"]').waitForDisplayed({ timeout: 5_000 });
  await search.setValue('orchids');
  await browser.$('[data-testid="drafts-none"]').waitForDisplayed({ timeout: 5_000 });
  await search.clearValue();
  await browser.$('[data-testid="draft-item"]').waitForDisplayed({ timeout: 5_000 });
  await app.screenshot('drafts-7-after-restart');

  await browser.$('[data-testid="draft-delete"]').click();
  const toast = await browser.$('[data-testid="undo-toast"]');
  await toast.waitForDisplayed({ timeout: 5_000 });
  assert.match(await textOf(browser, toast), /Spring bouquets/);
  await browser.$('[data-testid="drafts-empty"]').waitForDisplayed({ timeout: 5_000 });
  await app.screenshot('drafts-8-deleted-undo-toast');
  await browser.$('[data-testid="undo"]').click();
  const back = await browser.$('[data-testid="draft-item"]');
  await back.waitForDisplayed({ timeout: 5_000 });
  assert.match(await textOf(browser, back), /Spring bouquets/);
});
