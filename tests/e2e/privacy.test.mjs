// "After the page has loaded, it makes no network request at all", and
// what it loads comes from where it was served.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { start, open, load, paste, pickExample, editor, analysedAfter, analyses } from './helpers.mjs';
import { ONE_TO_MANY, UNDEFINED_SOURCE_KEY, EXAMPLES } from './snippets.mjs';

let env;
before(async () => {
  env = await start();
});
after(async () => {
  await env?.close();
});

test('every request goes to 127.0.0.1, and none after the first analysis is drawn', async () => {
  const { context, page, errors, requests } = await open(env.browser);
  await load(page, env.url);
  const atLoad = requests.length;
  assert.ok(atLoad >= 3, `the page itself was requested: ${requests}`);
  for (const url of requests) {
    assert.ok(url.startsWith(env.url), `${url} is not from ${env.url}`);
  }
  assert.ok(requests.some((u) => u.endsWith('.wasm')), 'the wasm was loaded from the server');

  // Typing, pasting, every example, a strict error, a click on a model.
  await editor(page).click();
  const n = await analyses(page);
  await page.keyboard.type('// typed\n');
  await analysedAfter(page, n);
  await paste(page, ONE_TO_MANY);
  await paste(page, UNDEFINED_SOURCE_KEY);
  for (const id of Object.keys(EXAMPLES)) await pickExample(page, id);
  await page.locator('[data-model] .card-title').first().click();
  await page.locator('[data-diagnostic] button').first().click();
  // Anything scheduled (timers, idle callbacks) has had time to fire.
  await page.waitForTimeout(1500);
  assert.deepEqual(requests.slice(atLoad), [], 'no request after the first draw');
  assert.deepEqual(errors, []);

  // The recorder itself: a request the page did make is seen.
  await page.evaluate(() => fetch('/probe.txt').catch(() => {}));
  await page.waitForTimeout(200);
  assert.deepEqual(requests.slice(atLoad), [`${env.url}probe.txt`], 'the recorder sees requests');
  await context.close();
});

test('the server saw only the page and its own files', async () => {
  // The same, from the server's side: a request the browser hid from the
  // page (a prefetch, a beacon) would still reach it.
  const { context, page } = await open(env.browser);
  const seenBefore = env.server.requests.length;
  await load(page, env.url);
  await paste(page, ONE_TO_MANY);
  // The graph tab loads the graph module, from the same server.
  await page.getByRole('tab', { name: 'Graph' }).click();
  await page.locator('.graph-canvas [data-model]').first().waitFor();
  // So does the data tab, the data module.
  await page.getByRole('tab', { name: 'Data' }).click();
  await page.locator('.data-tables button').first().waitFor();
  await page.waitForTimeout(500);
  const seen = env.server.requests.slice(seenBefore);
  assert.ok(seen.some((path) => path.startsWith('/graph/')), `the graph module: ${seen}`);
  assert.ok(seen.some((path) => path.startsWith('/data/')), `the data module: ${seen}`);
  // The share module comes with the page.
  assert.ok(seen.some((path) => path.startsWith('/share/')), `the share module: ${seen}`);
  for (const path of seen) {
    assert.match(
      path,
      /^\/(|index\.html|[\w.-]+\.(js|wasm|css|svg)|((graph|data|share|tools)\/)?snippets\/[\w.-]+\/[\w.-]+\.js|(graph|data|share|tools)\/[\w.-]+\.(js|wasm))$/,
      `unexpected request ${path}`,
    );
  }
  await context.close();
});
