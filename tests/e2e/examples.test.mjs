// Every example of the picker loads and shows its models, with no page
// error and no console error.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { start, open, load, pickExample, ledger, problems, editor } from './helpers.mjs';
import { EXAMPLES } from './snippets.mjs';

let env;
before(async () => {
  env = await start();
});
after(async () => {
  await env?.close();
});

test('the picker offers exactly the known examples', async () => {
  const { context, page } = await open(env.browser);
  await load(page, env.url);
  const ids = await page
    .getByLabel('Example')
    .locator('option')
    .evaluateAll((options) => options.map((o) => o.value).filter((v) => v !== ''));
  assert.deepEqual(ids.sort(), Object.keys(EXAMPLES).sort());
  await context.close();
});

test('each example loads and shows its models', async () => {
  const { context, page, errors } = await open(env.browser);
  await load(page, env.url);
  let previous = await editor(page).inputValue();
  for (const [id, { models, gained }] of Object.entries(EXAMPLES)) {
    await pickExample(page, id);
    const code = await editor(page).inputValue();
    assert.notEqual(code, previous, `${id} replaced the editor's text`);
    previous = code;
    const shown = await ledger(page);
    for (const m of models) assert.ok(shown[m], `${id}: ${m} shown (have ${Object.keys(shown)})`);
    const [model, attribute] = gained;
    assert.equal(shown[model].attributes[attribute], 'association', `${id}: ${model}.${attribute}`);
    const errorsListed = (await problems(page)).filter((p) => p.severity === 'error');
    assert.deepEqual(errorsListed, [], `${id}: no error diagnostic`);
    assert.equal(await page.locator('[data-strict-error]').count(), 0, `${id}: no strict error`);
  }
  assert.deepEqual(errors, []);
  await context.close();
});
