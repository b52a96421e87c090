// Light and dark colour schemes both render, each in its own colours.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { start, open, load, ledger } from './helpers.mjs';

let env;
before(async () => {
  env = await start();
});
after(async () => {
  await env?.close();
});

/** Relative luminance (WCAG) of a CSS rgb()/rgba() colour. */
function luminance(css) {
  const [r, g, b] = css.match(/[\d.]+/g).slice(0, 3).map(Number).map((c) => {
    const s = c / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

const colours = (page) =>
  page.evaluate(() => {
    const body = getComputedStyle(document.body);
    const card = document.querySelector('[data-model]');
    return {
      background: body.backgroundColor,
      text: body.color,
      card: getComputedStyle(card).backgroundColor,
    };
  });

for (const colorScheme of ['light', 'dark']) {
  test(`${colorScheme}: the page renders, readable`, async () => {
    const { context, page, errors } = await open(env.browser, { colorScheme });
    await load(page, env.url);
    assert.ok(Object.keys(await ledger(page)).length >= 3);
    const c = await colours(page);
    const bg = luminance(c.background);
    const fg = luminance(c.text);
    if (colorScheme === 'dark') assert.ok(bg < 0.1 && fg > 0.5, JSON.stringify(c));
    else assert.ok(bg > 0.8 && fg < 0.2, JSON.stringify(c));
    // WCAG contrast ratio of body text on the background.
    const ratio = (Math.max(bg, fg) + 0.05) / (Math.min(bg, fg) + 0.05);
    assert.ok(ratio >= 4.5, `contrast ${ratio.toFixed(1)}`);
    assert.deepEqual(errors, []);
    await context.close();
  });
}
