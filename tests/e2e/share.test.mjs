// Share links (issue #6): the address always carries the whole state (the
// code, compressed; the selected model; the tab; the data walk; the
// graph's moved models and view), a fresh browser opening it sees the
// same, and links that are broken, enormous or hostile leave a working
// page: a message as text, no dialog, no page error, the user's own code.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { deflateRawSync } from 'node:zlib';
import { start, open, load, paste, editor, firstDraw, nextFrame, CODE_KEY } from './helpers.mjs';

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

  // Last, a model selected in the ledger.
  await page.getByRole('tab', { name: 'Models' }).click();
  await page.locator('.cards [data-model="Order"] .card-title').click();
  await page.waitForFunction(() => new URLSearchParams(location.hash.slice(1)).get('model') === 'Order');

  await page.getByRole('button', { name: 'Copy link' }).click();
  await page.locator('.share-status', { hasText: 'Link copied' }).waitFor();
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  assert.equal(copied, page.url());
  const params = new URLSearchParams(new URL(copied).hash.slice(1));
  assert.match(params.get('code'), /^1\.[A-Za-z0-9_-]+$/);
  assert.equal(params.get('model'), 'Order');
  assert.equal(params.get('tab'), null, 'the models tab is the default');
  assert.ok(params.get('walk'));
  assert.deepEqual(errors, []);
  await context.close();

  // A fresh browser: same code, same selection, same tab and record.
  const again = await open(env.browser);
  await load(again.page, copied);
  assert.equal(await editor(again.page).inputValue(), CODE);
  await again.page.waitForFunction(() => document.querySelector('.card.selected')?.dataset.model === 'Order');
  assert.equal(await selected(again.page), 'Order');
  await again.page.getByRole('tab', { name: 'Data' }).click();
  await again.page.locator(`.data-record-view[data-record="${record}"]`).waitFor();
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

test('a link to one model selects it in the code the page opens with', async () => {
  const { context, page, errors } = await open(env.browser);
  await load(page, `${env.url}#model=Task`);
  await page.waitForFunction(() => document.querySelector('.card.selected')?.dataset.model === 'Task');
  assert.match(await editor(page).inputValue(), /Task\.belongsToMany\(Employee/);
  assert.deepEqual(errors, []);
  await context.close();
});

/** A page opened on `hash`, recording dialogs; the user had saved `own`. */
async function openHostile(hash, own) {
  const opened = await open(env.browser);
  const dialogs = [];
  opened.page.on('dialog', async (d) => {
    dialogs.push(d.message());
    await d.dismiss();
  });
  if (own) {
    await opened.page.addInitScript(([k, v]) => {
      if (!sessionStorage.getItem('seeded')) {
        localStorage.setItem(k, v);
        sessionStorage.setItem('seeded', '1');
      }
    }, [CODE_KEY, own]);
  }
  try {
    await opened.page.goto(`${env.url}#${hash}`);
  } catch (error) {
    // The address is in the message: a few characters of it are enough.
    throw new Error(`${hash.slice(0, 40)}…: ${String(error.message).slice(0, 80)}`);
  }
  await firstDraw(opened.page);
  return { ...opened, dialogs };
}

test('garbage, truncated, enormous and script-bearing links leave a working page', async () => {
  // A real link, to cut short.
  const { context, page } = await open(env.browser);
  await load(page, env.url);
  await paste(page, CODE);
  await linkHas(page, 'code');
  const real = new URLSearchParams(new URL(page.url()).hash.slice(1)).get('code');
  await context.close();

  const own = "const Mine = sequelize.define('Mine', {});\n";
  const script = '%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E%3Cscript%3Ealert(2)%3C%2Fscript%3E';
  const cases = [
    ['code=garbage', /damaged/],
    ['code=1.AAAA', /damaged/],
    ['code=1.%%%', /damaged/],
    [`code=${real.slice(0, real.length / 2)}`, /damaged/],
    ['code=7.abc', /newer version/],
    // Megabytes of text (Chromium opens addresses of up to 2 MB), and a
    // small payload that would inflate to 64 MB.
    [`code=1.${'A'.repeat(1900 * 1024)}`, /damaged/],
    [`code=1.${deflateRawSync(Buffer.alloc(64 << 20, 32), { level: 9 }).toString('base64url')}`, /too large/],
    [`model=${script}&tab=${script}&walk=${script}&moved=${script}&view=${script}&hops=${script}`, null],
  ];
  for (const [hash, message] of cases) {
    const { context: c, page: p, errors, dialogs } = await openHostile(hash, own);
    const label = hash.slice(0, 40);
    // The user's own code, analysed; the message as text, in the toolbar.
    assert.equal(await editor(p).inputValue(), own, label);
    if (message) {
      const status = p.locator('.share-status');
      await status.filter({ hasText: message }).waitFor();
      assert.equal(await status.locator('*').count(), 0, `${label}: the message is text`);
    }
    assert.equal(await p.locator('img[src="x"], .cards script').count(), 0, label);
    // The page still works: an edit is analysed.
    await paste(p, CODE);
    assert.ok(await p.locator('.cards [data-model="Order"]').count(), label);
    assert.deepEqual(dialogs, [], label);
    assert.deepEqual(errors, [], label);
    await c.close();
  }
});

test('a link with code of its own keeps the code the user had, one click away', async () => {
  const { context, page } = await open(env.browser);
  await load(page, env.url);
  await paste(page, CODE);
  await linkHas(page, 'code');
  const link = page.url();
  await context.close();

  const own = "const Mine = sequelize.define('Mine', {});\n";
  const { context: c, page: p, errors, dialogs } = await openHostile(new URL(link).hash.slice(1), own);
  assert.equal(await editor(p).inputValue(), CODE);
  const back = p.getByRole('button', { name: 'Bring back your own code' });
  await back.waitFor();
  await back.click();
  await p.waitForFunction((o) => document.querySelector('textarea')?.value === o, own);
  await p.locator('.cards [data-model="Mine"]').waitFor();
  assert.deepEqual(dialogs, []);
  assert.deepEqual(errors, []);
  await c.close();
});

test('a drawing that an edit kept in place opens in the same place from its link', async () => {
  const { context, page, errors } = await open(env.browser);
  await load(page, env.url);
  await page.getByRole('tab', { name: 'Graph' }).click();
  await page.locator('.graph-canvas [data-model="Task"]').waitFor();
  // An edit: a model and an association more. The models that were drawn
  // stay where they were, which the fresh layout would not do.
  await paste(page, `${await editor(page).inputValue()}\nconst Tag = sequelize.define('Tag', {});\nTag.belongsTo(Task);\n`);
  await page.locator('.graph-canvas [data-model="Tag"]').waitFor();
  await linkHas(page, 'moved');
  const boxes = (p) =>
    p.locator('.graph-canvas [data-model]').evaluateAll((ns) =>
      Object.fromEntries(ns.map((n) => {
        const r = n.getBoundingClientRect();
        return [n.dataset.model, [Math.round(r.x), Math.round(r.y), Math.round(r.width)]];
      })),
    );
  // The view settles a moment after it moves; the link follows it.
  await page.waitForTimeout(400);
  const sent = await boxes(page);
  const link = page.url();
  await context.close();

  const again = await open(env.browser);
  await load(again.page, link);
  await again.page.getByRole('tab', { name: 'Graph' }).click();
  await again.page.locator('.graph-canvas [data-model="Tag"]').waitFor();
  await nextFrame(again.page);
  assert.deepEqual(await boxes(again.page), sent);
  assert.deepEqual(errors, []);
  assert.deepEqual(again.errors, []);
  await again.context.close();
});
