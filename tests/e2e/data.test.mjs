// The data tab (issue #5): seeded rows, a table per model, the record walk
// along the associations with the accessor and Sequelize's SQL for every
// step, back and forward, and a link that opens the same walk in a fresh
// browser. Records carry data-record="<Model>#<primary key>".

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { start, open, load, pickExample } from './helpers.mjs';

let env;
before(async () => {
  env = await start();
});
after(async () => {
  await env?.close();
});

/** Opens the page on an example and shows the data tab. */
async function dataOf(example, url = env.url) {
  const opened = await open(env.browser);
  const { page } = opened;
  await load(page, url);
  if (example) await pickExample(page, example);
  await page.getByRole('tab', { name: 'Data' }).click();
  await page.locator('.data-tables button').first().waitFor();
  return opened;
}

/** The record shown at the end of the walk, and the walk's crumbs. */
async function shown(page) {
  return page.evaluate(() => ({
    record: document.querySelector('.data-record-view')?.dataset.record ?? null,
    trail: [...document.querySelectorAll('.data-trail ol li')].map((li) => li.textContent.trim()),
  }));
}

/** The step of the record shown whose accessor is `accessor`. */
function step(page, accessor) {
  return page.locator('.data-step').filter({ has: page.locator('h4 code', { hasText: accessor }) });
}

/** Opens a table and the first of its records that `accessor` leads on from. */
async function openRecordWith(page, model, accessor) {
  await page.locator(`.data-tables button[data-model="${model}"]`).click();
  const rows = page.locator('.data-table tbody tr[data-record]');
  const n = await rows.count();
  for (let i = 0; i < n; i += 1) {
    const label = await rows.nth(i).getAttribute('data-record');
    await rows.nth(i).click();
    await page.locator(`.data-record-view[data-record="${label}"]`).waitFor();
    if ((await step(page, accessor).locator('.data-related button').count()) > 0) return label;
  }
  throw new Error(`no ${model} record with anything behind ${accessor}`);
}

test('walks Organization to its Employees to one Employee\'s Tasks, and a link reopens it', async () => {
  const { context, page, errors } = await dataOf('one-to-many');

  // Every model and the junction have a table, with records to open.
  const tables = await page.locator('.data-tables button').evaluateAll((bs) => bs.map((b) => b.dataset.model));
  assert.deepEqual([...tables].sort(), ['Employee', 'EmployeeTasks', 'Organization', 'Task']);

  // Organization, then along getEmployees() to one employee who has tasks.
  const org = await openRecordWith(page, 'Organization', 'organization.getEmployees()');
  assert.match(org, /^Organization#\d+$/);
  const employees = step(page, 'organization.getEmployees()');
  const sql = await employees.locator('pre').textContent();
  assert.match(sql, /^SELECT .* FROM "Employees" AS "Employee" WHERE "Employee"\."OrganizationId" = \d+;$/);
  assert.ok(sql.endsWith(`= ${org.split('#')[1]};`), sql);
  let employee = null;
  const candidates = await employees.locator('.data-related button').evaluateAll((bs) => bs.map((b) => b.dataset.record));
  for (const label of candidates) {
    await page.locator(`.data-step .data-related button[data-record="${label}"]`).first().click();
    await page.locator(`.data-record-view[data-record="${label}"]`).waitFor();
    if ((await step(page, 'employee.getTasks()').locator('.data-related button').count()) > 0) {
      employee = label;
      break;
    }
    await page.goBack();
    await page.locator(`.data-record-view[data-record="${org}"]`).waitFor();
  }
  assert.ok(employee, `an employee of ${org} with tasks`);

  // The employee's tasks come through the junction: the SQL joins it.
  const tasks = step(page, 'employee.getTasks()');
  assert.match(await tasks.locator('pre').textContent(), /INNER JOIN "EmployeeTasks" AS "EmployeeTasks"/);
  const task = await tasks.locator('.data-related button').first().getAttribute('data-record');
  await tasks.locator('.data-related button').first().click();
  await page.locator(`.data-record-view[data-record="${task}"]`).waitFor();
  assert.deepEqual(await shown(page), {
    record: task,
    trail: [org, `.Employees ${employee}`, `.Tasks ${task}`],
  });

  // Back and forward walk it, as the browser's buttons do.
  await page.goBack();
  await page.locator(`.data-record-view[data-record="${employee}"]`).waitFor();
  await page.goForward();
  await page.locator(`.data-record-view[data-record="${task}"]`).waitFor();
  const link = page.url();
  assert.match(link, /[#&]walk=/);
  assert.deepEqual(errors, []);
  await context.close();

  // A fresh browser opening the link lands on the same record, same walk.
  const again = await open(env.browser);
  await load(again.page, link);
  await again.page.locator(`.data-record-view[data-record="${task}"]`).waitFor();
  assert.deepEqual(await shown(again.page), {
    record: task,
    trail: [org, `.Employees ${employee}`, `.Tasks ${task}`],
  });
  assert.equal(await again.page.getByRole('tab', { name: 'Data' }).getAttribute('aria-selected'), 'true');
  assert.deepEqual(again.errors, []);
  await again.context.close();
});

test('the seed is shown and changes the rows; a broken walk in a link says so', async () => {
  const { context, page, errors } = await dataOf('one-to-many');
  const first = await page.locator('.data-tables button[data-model="Employee"]').click().then(() =>
    page.locator('.data-table tbody').textContent(),
  );
  await page.getByLabel('Seed').fill('7');
  await page.getByLabel('Seed').dispatchEvent('change');
  await page.waitForFunction(() => location.hash.includes('seed=7'));
  const second = await page.locator('.data-table tbody').textContent();
  assert.notEqual(first, second, 'another seed, other rows');
  assert.deepEqual(errors, []);

  // A walk to a record that does not exist: the page works and tells.
  const url = `${env.url}#example=one-to-many&tab=data&walk=Organization%231%2FEmployees%2FEmployee%23999`;
  const again = await open(env.browser);
  await load(again.page, url);
  await again.page.locator('.data-note.warn', { hasText: 'Employee#999' }).waitFor();
  assert.equal(await again.page.locator('.data-record-view').getAttribute('data-record'), 'Organization#1');
  assert.deepEqual(again.errors, []);
  await again.context.close();
  await context.close();
});
