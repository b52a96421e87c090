// Share links (issue #6): the address always carries the whole state (the
// code, compressed; the selected model; the tab; the data walk; the
// graph's moved models and view), a fresh browser opening it sees the
// same, and links that are broken, enormous or hostile leave a working
// page: a message as text, no dialog, no page error, the user's own code.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { start, open, load, paste, editor, firstDraw, CODE_KEY } from './helpers.mjs';

let env;
before(async () => {
  env = await start();
});
after(async () => {
  await env?.close();
});

const CODE = `const Shop = sequelize.define('Shop', { name: DataTypes.STRING });
const Order = sequelize.define('Order', { total: DataTypes.DECIMAL(10, 2) });
const Item = sequelize.define('Item', { sku: DataTypes.STRING });
Shop.hasMany(Order);
Order.belongsTo(Shop);
Order.belongsToMany(Item, { through: 'OrderItems' });
Item.belongsToMany(Order, { through: 'OrderItems' });
// é ✓ </script><img src=x onerror=alert(1)>
`;

/** Waits until the address carries `key` (the share module writes it). */
function linkHas(page, key) {
  return page.waitForFunction((k) => new URLSearchParams(location.hash.slice(1)).has(k), key);
}

/** The selected model's card, if any. */
function selected(page) {
  return page.evaluate(() => document.querySelector('.card.selected')?.dataset.model ?? null);
}

test('a link copied after editing, selecting and walking reproduces all of it in a fresh browser', async () => {
  const { context, page, errors } = await open(env.browser);
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await load(page, env.url);
  await paste(page, CODE);
  await linkHas(page, 'code');
  await page.locator('.cards [data-model="Order"] .card-title').click();
  await linkHas(page, 'model');

  // The graph: a model dragged, the view zoomed.
  await page.getByRole('tab', { name: 'Graph' }).click();
  const node = page.locator('.graph-canvas [data-model="Shop"]');
  await node.waitFor();
  const box = await node.boundingBox();
  await page.mouse.move(box.x + box.width / 2, box.y + 10);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width / 2 + 150, box.y + 90, { steps: 5 });
  await page.mouse.up();
  await linkHas(page, 'moved');
  const moved = await node.boundingBox();

  // The data: a walk to one record.
  await page.getByRole('tab', { name: 'Data' }).click();
  await page.locator('.data-tables button[data-model="Shop"]').click();
  await page.locator('.data-table tbody tr[data-record]').first().click();
  const record = await page.locator('.data-record-view').getAttribute('data-record');
  await linkHas(page, 'walk');

  await page.getByRole('button', { name: 'Copy link' }).click();
  await page.locator('.share-status', { hasText: 'Link copied' }).waitFor();
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  assert.equal(copied, page.url());
  const params = new URLSearchParams(new URL(copied).hash.slice(1));
  assert.match(params.get('code'), /^1\.[A-Za-z0-9_-]+$/);
  assert.equal(params.get('model'), 'Order');
  assert.equal(params.get('tab'), 'data');
  assert.deepEqual(errors, []);
  await context.close();

  // A fresh browser: same code, same selection, same tab and record.
  const again = await open(env.browser);
  await load(again.page, copied);
  assert.equal(await editor(again.page).inputValue(), CODE);
  assert.equal(await selected(again.page), 'Order');
  await again.page.locator(`.data-record-view[data-record="${record}"]`).waitFor();
  assert.equal(await again.page.getByRole('tab', { name: 'Data' }).getAttribute('aria-selected'), 'true');
  // The graph: the moved model where the sender left it.
  await again.page.getByRole('tab', { name: 'Graph' }).click();
  const there = again.page.locator('.graph-canvas [data-model="Shop"]');
  await there.waitFor();
  const b = await there.boundingBox();
  assert.ok(Math.abs(b.x - moved.x) < 1 && Math.abs(b.y - moved.y) < 1, `${JSON.stringify(b)} vs ${JSON.stringify(moved)}`);
  // The link's code is the editor's now, and it is saved.
  assert.equal(await again.page.evaluate((k) => localStorage.getItem(k), CODE_KEY), CODE);
  assert.deepEqual(again.errors, []);
  await again.context.close();
});
