// The acceptance cases, against the release build.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { start, open, load, paste, pickExample, ledger, problems, editor, analyses, CODE_KEY } from './helpers.mjs';
import { ONE_TO_MANY, TWO_FOREIGN_KEYS, TWO_FOREIGN_KEYS_LINE, UNDEFINED_SOURCE_KEY } from './snippets.mjs';

let env;
before(async () => {
  env = await start();
});
after(async () => {
  await env?.close();
});

test('a first visit shows the first example, analysed and drawn', async () => {
  const { context, page, errors } = await open(env.browser);
  await load(page, env.url);
  const shown = await ledger(page);
  assert.ok(shown.Employee, `models shown: ${Object.keys(shown)}`);
  assert.match(await editor(page).inputValue(), /Organization\.hasMany\(Employee\)/);
  assert.deepEqual(errors, []);
  await context.close();
});

test('pasting one-to-many + many-to-many shows the keys, the junction and the accessors', async () => {
  const { context, page, errors } = await open(env.browser);
  await load(page, env.url);
  // Start from something else, so that what follows is the paste's doing.
  await pickExample(page, 'self');
  assert.equal((await ledger(page)).Employee, undefined);

  await paste(page, ONE_TO_MANY);
  const shown = await ledger(page);
  assert.equal(shown.Employee?.attributes.OrganizationId, 'association');
  assert.equal(shown.Employee.attributes.name, 'own');
  assert.equal(shown.EmployeeTasks?.attributes.EmployeeId, 'association');
  assert.equal(shown.EmployeeTasks.attributes.TaskId, 'association');
  for (const a of ['getEmployees', 'setEmployees', 'addEmployee', 'createEmployee', 'countEmployees']) {
    assert.ok(shown.Organization.accessors.includes(a), `Organization.${a}: ${shown.Organization.accessors}`);
  }
  for (const a of ['getOrganization', 'setOrganization', 'getTasks', 'addTask', 'addTasks', 'hasTask']) {
    assert.ok(shown.Employee.accessors.includes(a), `Employee.${a}: ${shown.Employee.accessors}`);
  }
  assert.ok(shown.Task.accessors.includes('getEmployees'), `Task: ${shown.Task.accessors}`);
  // The result in the visible DOM too, not only in attributes.
  await page.locator('[data-model="EmployeeTasks"] [data-attribute="TaskId"]').waitFor({ state: 'visible' });
  assert.deepEqual(await problems(page), []);
  assert.deepEqual(errors, []);
  await context.close();
});

test('two foreign keys: both keys on B and a diagnostic at the belongsTo', async () => {
  const { context, page, errors } = await open(env.browser);
  await load(page, env.url);
  await paste(page, TWO_FOREIGN_KEYS);
  const shown = await ledger(page);
  assert.equal(shown.B?.attributes.otherId, 'association');
  assert.equal(shown.B.attributes.AId, 'association');
  const found = (await problems(page)).filter((p) => p.line === TWO_FOREIGN_KEYS_LINE);
  assert.equal(found.length, 1, JSON.stringify(await problems(page)));
  assert.equal(found[0].severity, 'warning');
  assert.match(found[0].text, /two foreign keys/i);
  assert.equal(await page.locator('[data-strict-error]').count(), 0);
  assert.deepEqual(errors, []);
  await context.close();
});

test('a sourceKey that does not exist: an error at line 1, and Role still gains actorName', async () => {
  const { context, page, errors } = await open(env.browser);
  await load(page, env.url);
  await paste(page, UNDEFINED_SOURCE_KEY);
  const errorsShown = (await problems(page)).filter((p) => p.severity === 'error');
  assert.ok(errorsShown.length >= 1, 'an error is listed');
  assert.deepEqual([...new Set(errorsShown.map((p) => p.line))], [1]);
  await page.locator('[data-diagnostic="error"][data-line="1"]').first().waitFor({ state: 'visible' });
  const banner = page.locator('[data-strict-error]');
  await banner.waitFor({ state: 'visible' });
  assert.equal(await banner.getAttribute('role'), 'alert');
  assert.match(await banner.innerText(), /Line 1/);
  const shown = await ledger(page);
  assert.equal(shown.Role?.attributes.actorName, 'association');
  assert.deepEqual(errors, []);
  await context.close();
});

test('a reload restores the edited code, and shows its analysis', async () => {
  const { context, page, errors } = await open(env.browser);
  await load(page, env.url);
  await paste(page, TWO_FOREIGN_KEYS);
  assert.equal(await page.evaluate((k) => localStorage.getItem(k), CODE_KEY), TWO_FOREIGN_KEYS);
  await page.reload();
  await page.waitForFunction(() => document.querySelector('[data-model="B"]') !== null);
  assert.equal(await editor(page).inputValue(), TWO_FOREIGN_KEYS);
  assert.equal((await ledger(page)).Employee, undefined, 'not the first example');
  assert.ok((await analyses(page)) >= 1);
  assert.deepEqual(errors, []);
  await context.close();
});
