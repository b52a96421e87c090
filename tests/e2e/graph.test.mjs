// The graph tab (issue #4): nodes carry data-model, clicking selects and
// shows the ledger card, dragging moves, zoom changes the view, focus mode
// hides what is too far, search and keys find models, hover lights rows.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { start, open, load, paste, nextFrame, analyses, analysedAfter, editor } from './helpers.mjs';
import { ONE_TO_MANY } from './snippets.mjs';

/** A chain: every model one step from the next. */
const CHAIN = `const A = sequelize.define('A', { name: DataTypes.STRING });
const B = sequelize.define('B', { name: DataTypes.STRING });
const C = sequelize.define('C', { name: DataTypes.STRING });
const D = sequelize.define('D', { name: DataTypes.STRING });
const E = sequelize.define('E', { name: DataTypes.STRING });
A.hasMany(B);
B.hasMany(C);
C.hasMany(D);
D.hasMany(E);
`;

let env;
before(async () => {
  env = await start();
});
after(async () => {
  await env?.close();
});

/** Opens the page with `code` and switches to the graph tab. */
async function graphOf(code) {
  const opened = await open(env.browser);
  const { page } = opened;
  await load(page, env.url);
  await paste(page, code);
  await page.getByRole('tab', { name: 'Graph' }).click();
  await page.locator('.graph-canvas [data-model]').first().waitFor();
  // The first drawing is fitted on the next frame.
  await nextFrame(page);
  await nextFrame(page);
  return opened;
}

/** The drawn nodes: { name: {x, y, width, height} } in screen pixels. */
function nodes(page) {
  return page.evaluate(() => {
    const out = {};
    for (const n of document.querySelectorAll('.graph-canvas [data-model]')) {
      const r = n.querySelector('.box').getBoundingClientRect();
      out[n.dataset.model] = { x: r.x, y: r.y, width: r.width, height: r.height };
    }
    return out;
  });
}

function viewTransform(page) {
  return page.locator('.graph-canvas g.viewport').getAttribute('transform');
}

test('every model is a node with data-model, every key a line between two nodes, none overlap', async () => {
  const { context, page, errors } = await graphOf(ONE_TO_MANY);
  const shown = await nodes(page);
  assert.deepEqual(Object.keys(shown).sort(), ['Employee', 'EmployeeTasks', 'Organization', 'Task']);
  const names = Object.keys(shown);
  for (let i = 0; i < names.length; i++) {
    for (let j = i + 1; j < names.length; j++) {
      const a = shown[names[i]];
      const b = shown[names[j]];
      const apart = a.x + a.width <= b.x || b.x + b.width <= a.x || a.y + a.height <= b.y || b.y + b.height <= a.y;
      assert.ok(apart, `${names[i]} and ${names[j]} overlap`);
    }
  }
  // OrganizationId, EmployeeTasks.EmployeeId, EmployeeTasks.TaskId.
  const edges = await page.locator('.graph-canvas [data-edge]').count();
  assert.equal(edges, 3);
  // The notation: the junction's lines are many-to-many's style.
  assert.equal(await page.locator('.viewport .edge.e-btm').count(), 2);
  assert.equal(await page.locator('.viewport .edge.e-many').count(), 1);
  assert.ok(await page.locator('.legend summary').isVisible());
  assert.equal(await page.locator('.legend .edge').count(), 6);
  assert.deepEqual(errors, []);
  await context.close();
});

test('clicking a node selects it and shows its ledger card', async () => {
  const { context, page, errors } = await graphOf(ONE_TO_MANY);
  await page.locator('.graph-canvas [data-model="Employee"] .name').click();
  await page.locator('.graph-canvas [data-model="Employee"].selected').waitFor();
  const side = page.locator('.graph-side [data-model="Employee"]');
  await side.waitFor();
  assert.equal(await side.locator('[data-attribute="OrganizationId"]').getAttribute('data-origin'), 'association');
  assert.ok((await side.locator('[data-accessor="getTasks"]').count()) > 0);
  // The ledger tab shows the same model selected.
  await page.getByRole('tab', { name: 'Models' }).click();
  await page.locator('.tab-models [data-model="Employee"].selected').waitFor();
  assert.deepEqual(errors, []);
  await context.close();
});

test('dragging a node moves it, edits keep it there, Reset layout puts it back', async () => {
  const { context, page, errors } = await graphOf(ONE_TO_MANY);
  const before = (await nodes(page)).Task;
  const grip = page.locator('.graph-canvas [data-model="Task"] .name');
  const box = await grip.boundingBox();
  await page.mouse.move(box.x + 5, box.y + 5);
  await page.mouse.down();
  await page.mouse.move(box.x + 65, box.y + 45, { steps: 5 });
  await page.mouse.up();
  await nextFrame(page);
  const after = (await nodes(page)).Task;
  assert.ok(Math.abs(after.x - before.x - 60) < 2, `moved by x ${after.x - before.x}`);
  assert.ok(Math.abs(after.y - before.y - 40) < 2, `moved by y ${after.y - before.y}`);
  // The lines follow the node: the Task line ends on Task's side.
  const line = await page.evaluate(() => {
    const task = [...document.querySelectorAll('.graph-canvas [data-model]')].find((n) => n.dataset.model === 'Task');
    const id = task.dataset.node;
    const edge = document.querySelector(`.graph-canvas [data-to="${id}"] .line`);
    const path = edge.getAttribute('d');
    return path;
  });
  assert.match(line, /^M/);

  // An edit elsewhere in the code keeps the moved model where it was left.
  const count = await analyses(page);
  await page.getByRole('tab', { name: 'Models' }).click();
  await editor(page).press('End');
  await editor(page).pressSequentially('\n// a comment');
  await analysedAfter(page, count);
  await page.getByRole('tab', { name: 'Graph' }).click();
  await page.locator('.graph-canvas [data-model="Task"]').waitFor();
  await nextFrame(page);
  const kept = (await nodes(page)).Task;
  assert.ok(Math.abs(kept.x - after.x) < 2 && Math.abs(kept.y - after.y) < 2, 'kept after an edit');

  await page.getByRole('button', { name: 'Reset layout' }).click();
  await nextFrame(page);
  const reset = (await nodes(page)).Task;
  assert.ok(Math.abs(reset.x - before.x) < 2 && Math.abs(reset.y - before.y) < 2, 'back in place');
  assert.deepEqual(errors, []);
  await context.close();
});

test('zoom buttons, the wheel and panning change the view, not the layout', async () => {
  const { context, page, errors } = await graphOf(ONE_TO_MANY);
  const canvas = page.locator('.graph-canvas');
  const scale0 = Number(await canvas.getAttribute('data-scale'));
  const t0 = await viewTransform(page);
  await page.getByRole('button', { name: 'Zoom in' }).click();
  const scale1 = Number(await canvas.getAttribute('data-scale'));
  assert.ok(scale1 > scale0, `zoom in: ${scale0} -> ${scale1}`);
  assert.notEqual(await viewTransform(page), t0);
  const layoutBefore = await page.locator('.graph-canvas [data-model="Task"]').getAttribute('transform');

  const box = await canvas.boundingBox();
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await page.mouse.wheel(0, 400);
  await page.waitForFunction((s) => Number(document.querySelector('.graph-canvas').dataset.scale) < s, scale1);

  // Drag the background: the view moves by as much.
  const t1 = await viewTransform(page);
  await page.mouse.move(box.x + 8, box.y + box.height - 8);
  await page.mouse.down();
  await page.mouse.move(box.x + 108, box.y + box.height - 58, { steps: 4 });
  await page.mouse.up();
  assert.notEqual(await viewTransform(page), t1);
  // The nodes' own positions in the drawing did not change.
  assert.equal(await page.locator('.graph-canvas [data-model="Task"]').getAttribute('transform'), layoutBefore);
  assert.deepEqual(errors, []);
  await context.close();
});

test('focus mode hides models more than N steps from the selected one', async () => {
  const { context, page, errors } = await graphOf(CHAIN);
  const shown = async () => Object.keys(await nodes(page)).sort();
  assert.deepEqual(await shown(), ['A', 'B', 'C', 'D', 'E']);
  await page.locator('.graph-canvas [data-model="B"] .name').click();
  await page.getByLabel('Focus').selectOption('1');
  await page.waitForFunction(() => document.querySelectorAll('.graph-canvas [data-model]').length === 3);
  assert.deepEqual(await shown(), ['A', 'B', 'C']);
  await page.getByLabel('Focus').selectOption('2');
  await page.waitForFunction(() => document.querySelectorAll('.graph-canvas [data-model]').length === 4);
  assert.deepEqual(await shown(), ['A', 'B', 'C', 'D']);
  await page.getByLabel('Focus').selectOption('all');
  await page.waitForFunction(() => document.querySelectorAll('.graph-canvas [data-model]').length === 5);
  assert.deepEqual(errors, []);
  await context.close();
});

test('search finds and selects a model; arrow keys move between models', async () => {
  const { context, page, errors } = await graphOf(CHAIN);
  await page.getByLabel('Find a model').fill('d');
  await page.getByLabel('Find a model').press('Enter');
  await page.locator('.graph-canvas [data-model="D"].selected').waitFor();
  await page.getByLabel('Find a model').fill('nothing like it');
  await page.getByLabel('Find a model').press('Enter');
  await page.getByText('No model by that name.').waitFor();

  // Centring on D may have moved B out of the view: Fit shows every model.
  await page.getByRole('button', { name: 'Fit' }).click();
  // Keyboard: an arrow towards another model selects one that way.
  await page.locator('.graph-canvas [data-model="B"] .name').click();
  await page.locator('.graph-canvas').focus();
  const selected = () => page.locator('.graph-canvas [data-model].selected').getAttribute('data-model');
  const start = await selected();
  assert.equal(start, 'B');
  const at = await nodes(page);
  const centre = (n) => [n.x + n.width / 2, n.y + n.height / 2];
  const [bx, by] = centre(at.B);
  const others = Object.entries(at).filter(([name]) => name !== 'B').map(([, n]) => centre(n));
  const key = others.some(([x]) => x < bx - 1)
    ? 'ArrowLeft'
    : others.some(([x]) => x > bx + 1)
      ? 'ArrowRight'
      : others.some(([, y]) => y < by - 1)
        ? 'ArrowUp'
        : 'ArrowDown';
  await page.keyboard.press(key);
  await page.waitForFunction((s) => document.querySelector('.graph-canvas [data-model].selected')?.dataset.model !== s, start);
  assert.notEqual(await selected(), start);
  await page.keyboard.press('Escape');
  await page.waitForFunction(() => document.querySelector('.graph-canvas [data-model].selected') === null);
  assert.deepEqual(errors, []);
  await context.close();
});

test('hovering a line lights it and the two key rows it joins', async () => {
  const { context, page, errors } = await graphOf(ONE_TO_MANY);
  const edge = page.locator('.viewport .edge.e-many');
  await edge.dispatchEvent('pointerover');
  assert.equal(await page.locator('.graph-canvas .row.lit').count(), 2);
  const lit = await page.evaluate(() =>
    [...document.querySelectorAll('.graph-canvas .row.lit')].map((r) => `${r.closest('[data-model]').dataset.model}.${r.textContent}`),
  );
  assert.ok(lit.some((r) => r.startsWith('Employee.FKOrganizationId')), lit.join(' | '));
  assert.ok(lit.some((r) => r.startsWith('Organization.PKid')), lit.join(' | '));
  await edge.dispatchEvent('pointerout');
  assert.equal(await page.locator('.graph-canvas .row.lit').count(), 0);
  assert.deepEqual(errors, []);
  await context.close();
});

test('names from the code are drawn as text, never as markup', async () => {
  const { context, page, errors } = await graphOf(`const X = sequelize.define('X', {
  '<img src=x onerror=alert(1)>': DataTypes.STRING,
  '"><script>window.pwned = 1</script>': DataTypes.STRING,
});
const Y = sequelize.define('Y', {});
X.hasMany(Y);
`);
  assert.equal(await page.locator('.graph-canvas img, .graph-canvas script').count(), 0);
  assert.equal(await page.evaluate(() => window.pwned), undefined);
  const text = await page.locator('.graph-canvas [data-model="X"]').textContent();
  assert.ok(text.includes('<img src=x onerror=alert(1)>'), text);
  assert.deepEqual(errors, []);
  await context.close();
});

/** Overlapping pairs of the drawn nodes' boxes. */
function overlaps(shown) {
  const names = Object.keys(shown);
  const out = [];
  for (let i = 0; i < names.length; i++) {
    for (let j = i + 1; j < names.length; j++) {
      const a = shown[names[i]];
      const b = shown[names[j]];
      const apart = a.x + a.width <= b.x || b.x + b.width <= a.x || a.y + a.height <= b.y || b.y + b.height <= a.y;
      if (!apart) out.push(`${names[i]}/${names[j]}`);
    }
  }
  return out;
}

/** Types `text` at the end of the code (from the Models tab) and comes back to the graph. */
async function append(page, text, waitFor) {
  await page.getByRole('tab', { name: 'Models' }).click();
  const count = await analyses(page);
  await editor(page).press('Control+End');
  await editor(page).pressSequentially(text);
  await analysedAfter(page, count);
  await page.getByRole('tab', { name: 'Graph' }).click();
  await page.locator(`.graph-canvas [data-model="${waitFor}"]`).waitFor();
  await nextFrame(page);
}

test('an edit that adds a model and an association leaves every other model where it was', async () => {
  const { context, page, errors } = await graphOf(ONE_TO_MANY);
  const before = await nodes(page);
  // A new model holding a key to Task: nothing else changes size.
  await append(page, "\nconst Tag = sequelize.define('Tag', { label: DataTypes.STRING });\nTag.belongsTo(Task);\n", 'Tag');
  const after = await nodes(page);
  assert.deepEqual(Object.keys(after).sort(), [...Object.keys(before), 'Tag'].sort());
  for (const [name, was] of Object.entries(before)) {
    const now = after[name];
    for (const k of ['x', 'y', 'width', 'height']) {
      assert.ok(Math.abs(now[k] - was[k]) < 1, `${name} moved: ${JSON.stringify([was, now])}`);
    }
  }
  assert.deepEqual(overlaps(after), []);
  // Its line is drawn, from Tag's TaskId row.
  assert.equal(await page.locator('.graph-canvas [data-edge]').count(), 4);
  // The layered layout is one click away.
  const reset = page.getByRole('button', { name: 'Reset layout' });
  assert.ok(await reset.isEnabled(), 'Reset layout is offered');
  await reset.click();
  await nextFrame(page);
  assert.deepEqual(overlaps(await nodes(page)), []);
  assert.ok(await reset.isDisabled());
  assert.deepEqual(errors, []);
  await context.close();
});

test('a change too large to keep the drawing keeps the selected model where it was on screen', async () => {
  const { context, page, errors } = await graphOf(ONE_TO_MANY);
  await page.locator('.graph-canvas [data-model="Task"] .name').click();
  await page.locator('.graph-canvas [data-model="Task"].selected').waitFor();
  const before = (await nodes(page)).Task;
  // Five new models joined to Task: most of the drawing is new, so it is
  // laid out afresh.
  const added = ['Tag', 'Note', 'Step', 'Owner', 'Label']
    .map((m) => `const ${m} = sequelize.define('${m}', {});\n${m}.belongsTo(Task);\n`)
    .join('');
  await append(page, `\n${added}`, 'Label');
  const after = (await nodes(page)).Task;
  assert.ok(Math.abs(after.x - before.x) < 2 && Math.abs(after.y - before.y) < 2, `Task moved on screen: ${JSON.stringify([before, after])}`);
  assert.deepEqual(overlaps(await nodes(page)), []);
  assert.deepEqual(errors, []);
  await context.close();
});

/**
 * A 100-model schema: a tree (each model belongs to the one three places
 * before it), every seventh model many-to-many with another (a junction
 * each), a few attributes each.
 */
function hundredModels() {
  const lines = [];
  for (let i = 0; i < 100; i++) {
    lines.push(`const Model${i} = sequelize.define('Model${i}', { name: DataTypes.STRING, code: DataTypes.STRING, amount: DataTypes.INTEGER });`);
  }
  for (let i = 1; i < 100; i++) lines.push(`Model${i}.belongsTo(Model${Math.floor((i - 1) / 3)});`);
  for (let i = 0; i + 50 < 100; i += 7) {
    lines.push(`Model${i}.belongsToMany(Model${i + 50}, { through: 'Model${i}Model${i + 50}Links' });`);
  }
  return lines.join('\n') + '\n';
}

/** Each model name drawn in view (in a title bar, or far out its label): its on-screen font size. */
function namesInView(page) {
  return page.evaluate(() => {
    const c = document.querySelector('.graph-canvas').getBoundingClientRect();
    const out = {};
    for (const t of document.querySelectorAll('.graph-canvas [data-model] .name, .graph-canvas [data-model] .label')) {
      const r = t.getBoundingClientRect();
      const inView = r.width > 0 && r.right > c.left && r.left < c.right && r.bottom > c.top && r.top < c.bottom;
      if (getComputedStyle(t).display === 'none' || !inView) continue;
      out[t.closest('[data-model]').dataset.model] = parseFloat(getComputedStyle(t).fontSize) * t.getScreenCTM().a;
    }
    return out;
  });
}

test('a 100-model schema opens with every name in view readable; Fit then shows all of it', async () => {
  const { context, page, errors } = await graphOf(hundredModels());
  const shown = await namesInView(page);
  const small = Object.entries(shown).filter(([, px]) => px < 11);
  assert.deepEqual(small, [], 'names under 11 px on screen');
  assert.ok(Object.keys(shown).length >= 10, `only ${Object.keys(shown).length} names in view`);
  // The most connected model is in view: Model7 (a parent, three
  // children and a junction).
  assert.ok('Model7' in shown, Object.keys(shown).join(' '));
  const canvas = page.locator('.graph-canvas');
  const scale = Number(await canvas.getAttribute('data-scale'));
  await page.getByRole('button', { name: 'Fit' }).click();
  assert.ok(Number(await canvas.getAttribute('data-scale')) < scale);
  const all = await page.evaluate(() => {
    const c = document.querySelector('.graph-canvas').getBoundingClientRect();
    return [...document.querySelectorAll('.graph-canvas [data-model] .box')].every((b) => {
      const r = b.getBoundingClientRect();
      return r.left >= c.left - 1 && r.right <= c.right + 1 && r.top >= c.top - 1 && r.bottom <= c.bottom + 1;
    });
  });
  assert.ok(all, 'Fit shows every model');
  // Zoomed back in, the rows come back: keys first, then every row.
  const rows = () => page.evaluate(() => [...document.querySelectorAll('.graph-canvas .row')].filter((r) => getComputedStyle(r).display !== 'none').length);
  assert.equal(await rows(), 0, 'far out, names only');
  for (let i = 0; i < 12 && (await page.locator('.viewport[data-zoom="far"]').count()) > 0; i++) {
    await page.getByRole('button', { name: 'Zoom in' }).click();
  }
  // One step (x1.25) past the names-only zoom (0.45) is short of 0.6.
  assert.equal(await page.locator('.viewport').getAttribute('data-zoom'), 'mid');
  const keysOnly = await page.evaluate(() =>
    [...document.querySelectorAll('.graph-canvas .row')].filter((r) => getComputedStyle(r).display !== 'none').every((r) => r.matches('.pk, .fk')),
  );
  assert.ok(keysOnly, 'key rows only');
  assert.ok((await rows()) > 0);
  await page.getByRole('button', { name: 'Zoom in' }).click();
  await page.getByRole('button', { name: 'Zoom in' }).click();
  assert.equal(await page.locator('.viewport').getAttribute('data-zoom'), 'near');
  assert.ok(await page.evaluate(() => [...document.querySelectorAll('.graph-canvas .row:not(.pk):not(.fk)')].some((r) => getComputedStyle(r).display !== 'none')));
  for (const [name, px] of Object.entries(await namesInView(page))) assert.ok(px >= 11, `${name} at ${px} px`);
  assert.deepEqual(errors, []);
  await context.close();
});

test('the drawing downloads as SVG, which opens in Chromium with every model, and as PNG', async () => {
  const { context, page, errors } = await graphOf(ONE_TO_MANY);
  const models = await page
    .locator('.graph-canvas [data-model]')
    .evaluateAll((ns) => ns.map((n) => n.dataset.model));
  const [svgFile] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'SVG', exact: true }).click(),
  ]);
  assert.equal(svgFile.suggestedFilename(), 'schema.svg');
  const svg = await readFile(await svgFile.path(), 'utf8');
  assert.match(svg, /^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/);
  // Opened on its own in the browser: every model's name is drawn.
  const viewer = await context.newPage();
  await viewer.setContent(svg);
  const drawn = await viewer.locator('svg text').allTextContents();
  for (const m of models) assert.ok(drawn.includes(m), `${m} drawn in the SVG`);
  const box = await viewer.locator('svg').first().boundingBox();
  assert.ok(box.width > 100 && box.height > 50, JSON.stringify(box));

  const [pngFile] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'PNG', exact: true }).click(),
  ]);
  assert.equal(pngFile.suggestedFilename(), 'schema.png');
  const png = await readFile(await pngFile.path());
  assert.deepEqual([...png.subarray(0, 8)], [137, 80, 78, 71, 13, 10, 26, 10], 'a PNG file');
  // Twice the drawing's size (the IHDR's width and height).
  assert.ok(png.readUInt32BE(16) >= 2 * Math.floor(box.width) - 2, `${png.readUInt32BE(16)} wide`);
  assert.deepEqual(errors, []);
  await context.close();
});
