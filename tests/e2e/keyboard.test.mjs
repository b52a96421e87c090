// The page works from the keyboard: the splitter, and Tab in the editor.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { start, open, load, editor } from './helpers.mjs';

let env;
before(async () => {
  env = await start();
});
after(async () => {
  await env?.close();
});

test('the splitter moves with the arrow keys, Home and End', async () => {
  const { context, page, errors } = await open(env.browser);
  await load(page, env.url);
  const splitter = page.getByRole('separator');
  const value = async () => Number(await splitter.getAttribute('aria-valuenow'));
  const codeWidth = async () => (await page.locator('section.pane-code').boundingBox()).width;

  await splitter.focus();
  const start = await value();
  const widthAtStart = await codeWidth();
  await page.keyboard.press('ArrowRight');
  assert.ok((await value()) > start, 'ArrowRight widens the editor');
  assert.ok((await codeWidth()) > widthAtStart + 20, 'and the editor pane is wider on screen');
  await page.keyboard.press('ArrowLeft');
  await page.keyboard.press('ArrowLeft');
  assert.ok((await value()) < start, 'ArrowLeft narrows it');
  assert.ok((await codeWidth()) < widthAtStart - 20);
  await page.keyboard.press('Home');
  const min = await value();
  await page.keyboard.press('End');
  const max = await value();
  assert.ok(min < start && start < max, `${min} < ${start} < ${max}`);
  assert.equal(min, Number(await splitter.getAttribute('aria-valuemin')));
  assert.equal(max, Number(await splitter.getAttribute('aria-valuemax')));
  assert.deepEqual(errors, []);
  await context.close();
});

test('Tab in the editor indents; Escape then Tab leaves it', async () => {
  const { context, page, errors } = await open(env.browser);
  await load(page, env.url);
  const textarea = editor(page);
  const before = await textarea.inputValue();
  await textarea.focus();
  await textarea.evaluate((t) => t.setSelectionRange(0, 0));
  await page.keyboard.press('Tab');
  const indented = await textarea.inputValue();
  assert.notEqual(indented, before, 'Tab changed the text');
  assert.match(indented, /^[ \t]+/, 'it indented the first line');
  assert.equal(indented.trimStart(), before.trimStart());
  assert.ok(await textarea.evaluate((t) => document.activeElement === t), 'focus stays in the editor');

  await page.keyboard.press('Escape');
  await page.keyboard.press('Tab');
  assert.equal(await textarea.inputValue(), indented, 'Escape then Tab does not indent');
  assert.ok(await textarea.evaluate((t) => document.activeElement !== t), 'focus left the editor');
  assert.notEqual(await page.evaluate(() => document.activeElement?.tagName), 'BODY', 'to the next control');
  assert.deepEqual(errors, []);
  await context.close();
});
