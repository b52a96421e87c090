// The workshop (issue #6), in the tools module (dist/tools/): lessons load
// their code into the editor, the step-through moves forward and back
// (what each call added marked data-new), the quiz hides what a call adds
// and reveals it graded, the presenter view toggles. Screenshots of the
// step-through and the presenter view go to target/screenshots/.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { start, open, load, editor, nextFrame } from './helpers.mjs';

const shots = resolve(dirname(fileURLToPath(import.meta.url)), '../../target/screenshots');

let env;
before(async () => {
  env = await start();
  mkdirSync(shots, { recursive: true });
});
after(async () => {
  await env?.close();
});

/** Opens the page and the workshop, through the toolbar's Workshop button. */
async function workshop() {
  const opened = await open(env.browser);
  const { page } = opened;
  await load(page, env.url);
  await page.getByRole('button', { name: 'Workshop', exact: true }).click();
  await page.locator('.tools-overlay .ws .ws-stepbar').waitFor();
  return opened;
}

/** Picks a lesson in the workshop and waits for its step 0. */
async function lesson(page, id) {
  await page.locator('.ws [data-ctl="lesson"]').selectOption(id);
  await page.locator('.ws[data-step="0"] .ws-explain').waitFor();
  await nextFrame(page);
}

function step(page) {
  return page.locator('.ws').getAttribute('data-step');
}

/** `[model, attribute]` pairs and `[model, accessor]` pairs marked new. */
function marked(page) {
  return page.evaluate(() => {
    const out = { columns: [], accessors: [], models: [], edges: 0 };
    for (const m of document.querySelectorAll('.ws-ledger [data-model]')) {
      for (const a of m.querySelectorAll('[data-attribute][data-new]')) out.columns.push(`${m.dataset.model}.${a.dataset.attribute}`);
      for (const a of m.querySelectorAll('[data-accessor][data-new]')) out.accessors.push(`${m.dataset.model}.${a.dataset.accessor}`);
      if (m.hasAttribute('data-new')) out.models.push(m.dataset.model);
    }
    out.edges = document.querySelectorAll('.ws-svg .edge[data-new]').length;
    return out;
  });
}

test('step-through: a lesson loads its code, Next and Back (and the arrow keys) move, each step marks what it added', async () => {
  const { context, page, errors } = await workshop();
  await lesson(page, 'one-to-many');
  // The lesson's code went to the editor.
  assert.match(await editor(page).inputValue(), /Team\.hasMany\(Player\);/);
  assert.equal(await page.locator('.ws-calls li').count(), 3);
  assert.equal(await page.locator('.ws-count').textContent(), 'Step 0 of 2');
  let m = await marked(page);
  assert.deepEqual(m.columns, []);
  assert.equal(await page.locator('.ws-ledger [data-attribute="TeamId"]').count(), 0);
  assert.ok(await page.locator('[data-act="back"]').isDisabled());

  await page.getByRole('button', { name: /Next/ }).click();
  assert.equal(await step(page), '1');
  assert.match(await page.locator('.ws-call code').textContent(), /Team\.hasMany\(Player\)/);
  m = await marked(page);
  assert.deepEqual(m.columns, ['Player.TeamId']);
  assert.ok(m.accessors.includes('Team.getPlayers') && m.accessors.includes('Team.addPlayer'), m.accessors.join());
  assert.ok(!m.accessors.some((a) => a.startsWith('Player.')));
  assert.equal(m.edges, 1);
  assert.match(await page.locator('.ws-added').textContent(), /Player\.TeamId added: INTEGER/);
  await page.screenshot({ path: resolve(shots, 'workshop-step.png') });

  await page.getByRole('button', { name: /Next/ }).click();
  assert.equal(await step(page), '2');
  m = await marked(page);
  assert.deepEqual(m.columns, [], 'belongsTo finds the key there');
  assert.deepEqual(m.accessors, ['Player.getTeam', 'Player.setTeam', 'Player.createTeam']);
  assert.ok(await page.locator('[data-act="next"]').isDisabled());

  await page.getByRole('button', { name: /Back/ }).click();
  assert.equal(await step(page), '1');
  assert.deepEqual((await marked(page)).columns, ['Player.TeamId']);
  await page.keyboard.press('ArrowLeft');
  assert.equal(await step(page), '0');
  assert.equal(await page.locator('.ws-ledger [data-attribute="TeamId"]').count(), 0);
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowRight');
  assert.equal(await step(page), '2');
  // A call in the list jumps there.
  await page.locator('.ws-calls [data-k="1"]').click();
  assert.equal(await step(page), '1');

  assert.deepEqual(errors, []);
  await context.close();
});

test('quiz: what the call adds is hidden until Reveal, then each prediction is graded', async () => {
  const { context, page, errors } = await workshop();
  await lesson(page, 'many-to-many');
  await page.getByRole('button', { name: /Next/ }).click();
  assert.equal(await step(page), '1');
  assert.ok((await page.locator('.ws-ledger [data-model="BookAuthors"]').count()) === 1);

  await page.getByRole('button', { name: 'Quiz', exact: true }).click();
  await page.locator('.ws[data-quiz="asking"]').waitFor();
  // Hidden: no "what it added", nothing marked, the junction not drawn yet.
  assert.equal(await page.locator('.ws-added').count(), 0);
  assert.equal(await page.locator('.ws [data-new]').count(), 0);
  assert.equal(await page.locator('.ws-ledger [data-model="BookAuthors"]').count(), 0);
  assert.equal(await page.locator('.ws-svg [data-model="BookAuthors"]').count(), 0);
  assert.equal(await page.locator('[data-grade]').count(), 0);

  await page.getByLabel("Foreign key's name").fill('BookId');
  await page.getByLabel('Model that holds it').fill('BookAuthors');
  await page.getByLabel('Junction model').fill('BookAuthors');
  await page.getByLabel('Its key for the target').fill('authorId');
  await page.getByLabel('Accessors (a few names)').fill('getAuthors, addAuthor, getBook');
  await page.getByRole('button', { name: 'Reveal' }).click();
  await page.locator('.ws[data-quiz="revealed"]').waitFor();

  const grades = await page.locator('[data-grade]').evaluateAll((rows) =>
    rows.map((r) => [r.querySelector('th').textContent, r.dataset.grade, r.querySelector('td:last-child').textContent]),
  );
  assert.deepEqual(grades, [
    ['Foreign key', 'right', 'BookId'],
    ['Held by', 'right', 'BookAuthors'],
    ['Junction', 'right', 'BookAuthors'],
    ['Other key', 'wrong', 'AuthorId'],
    ['Accessor', 'right', 'getAuthors'],
    ['Accessor', 'right', 'addAuthor'],
    ['Accessor', 'wrong', 'no such method'],
  ]);
  assert.equal(await page.locator('.ws-score').getAttribute('data-score'), '5/7');
  // Revealed: the junction and what the call added are shown again.
  assert.equal(await page.locator('.ws-ledger [data-model="BookAuthors"][data-new]').count(), 1);
  assert.match(await page.locator('.ws-added').textContent(), /New junction model BookAuthors/);

  // Moving on leaves the quiz.
  await page.getByRole('button', { name: /Next/ }).click();
  assert.equal(await page.locator('.ws').getAttribute('data-quiz'), 'off');
  assert.deepEqual(errors, []);
  await context.close();
});

test('presenter view: large, high-contrast type; toggles back; Escape closes the workshop', async () => {
  const { context, page, errors } = await workshop();
  await lesson(page, 'super-many-to-many');
  for (let i = 0; i < 3; i += 1) await page.keyboard.press('ArrowRight');
  assert.equal(await step(page), '3');
  const style = () =>
    page.evaluate(() => {
      const ws = getComputedStyle(document.querySelector('.ws'));
      return { size: parseFloat(ws.fontSize), bg: ws.backgroundColor, fg: ws.color };
    });
  const plain = await style();

  await page.getByRole('button', { name: 'Presenter view' }).click();
  assert.equal(await page.locator('.ws').getAttribute('data-presenter'), '1');
  assert.equal(await page.getByRole('button', { name: 'Presenter view' }).getAttribute('aria-pressed'), 'true');
  const big = await style();
  assert.ok(big.size >= 20 && big.size > plain.size, JSON.stringify({ plain, big }));
  assert.equal(big.bg, 'rgb(0, 0, 0)');
  assert.equal(big.fg, 'rgb(255, 255, 255)');
  await nextFrame(page);
  await page.screenshot({ path: resolve(shots, 'workshop-presenter.png') });

  await page.getByRole('button', { name: 'Presenter view' }).click();
  assert.equal(await page.locator('.ws').getAttribute('data-presenter'), '0');
  assert.equal((await style()).size, plain.size);

  await page.keyboard.press('Escape');
  assert.equal(await page.locator('.tools-overlay').getAttribute('hidden'), '');
  assert.deepEqual(errors, []);
  await context.close();
});

test('exports: Mermaid, DBML, SQL per dialect and JSON of the code, as text to copy or download', async () => {
  const { context, page, errors } = await open(env.browser);
  await load(page, env.url);
  await page.getByRole('button', { name: 'Export', exact: true }).click();
  const text = (id) => page.locator(`.export-text[data-export-text="${id}"]`);
  await text('mermaid').waitFor();
  // The exports alone: the workshop is not drawn behind or beside them.
  assert.equal(await page.locator('.tools-overlay .ws').isVisible(), false);
  const models = Object.keys(await page.evaluate(() => {
    const out = {};
    for (const c of document.querySelectorAll('.cards [data-model]')) out[c.dataset.model] = 1;
    return out;
  }));
  assert.ok(models.length >= 3, models.join());
  const mermaid = await text('mermaid').textContent();
  assert.match(mermaid, /^erDiagram\n/);
  for (const m of models) assert.ok(mermaid.includes(m), `${m} in the Mermaid`);

  await page.getByRole('tab', { name: 'DBML' }).click();
  const dbml = await text('dbml').textContent();
  for (const m of models) assert.match(dbml, new RegExp(`Table "?${m}s?"?`), `${m} in the DBML`);
  assert.match(dbml, /Ref/);

  await page.getByRole('tab', { name: 'SQL (MySQL)' }).click();
  assert.match(await text('mysql').textContent(), /CREATE TABLE IF NOT EXISTS `/);
  await page.getByRole('tab', { name: 'JSON' }).click();
  const json = JSON.parse(await text('json').textContent());
  assert.equal(json.ok, true);

  // Download: a file, made in the page.
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: /^Download/ }).click(),
  ]);
  assert.equal(download.suggestedFilename(), 'analysis.json');
  // Escape closes the exports; the page is there.
  await page.keyboard.press('Escape');
  assert.equal(await page.locator('.tools-overlay').getAttribute('hidden'), '');
  assert.deepEqual(errors, []);
  await context.close();
});
