// The data tab (issue #5): seeded rows, a table per model, the record walk
// along the associations with the accessor and Sequelize's SQL for every
// step, back and forward, and a link that opens the same walk in a fresh
// browser. Records carry data-record="<Model>#<primary key>".

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { start, open, load, paste, pickExample } from './helpers.mjs';

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

test('destroying a record shows what each ON DELETE does, applies it, and undo brings it back', async () => {
  const code = `const Organization = sequelize.define('Organization', { name: DataTypes.STRING });
const Employee = sequelize.define('Employee', { name: DataTypes.STRING });
const Badge = sequelize.define('Badge', { label: DataTypes.STRING });
Organization.hasMany(Employee, { onDelete: 'CASCADE' });
Employee.belongsTo(Organization);
Employee.hasMany(Badge);
`;
  const { context, page, errors } = await dataOf(null);
  await paste(page, code);
  await page.locator('.data-tables button[data-model="Badge"]').waitFor();
  // An organization whose employees have badges: its destroy cascades to
  // the employees, and their badges' keys are set to NULL.
  await page.locator('.data-tables button[data-model="Organization"]').click();
  const rows = page.locator('.data-table tbody tr[data-record]');
  let org = null;
  let plan = null;
  for (let i = 0; i < (await rows.count()) && !org; i += 1) {
    const label = await rows.nth(i).getAttribute('data-record');
    await rows.nth(i).click();
    await page.locator(`.data-record-view[data-record="${label}"] .data-destroy-button`).click();
    plan = await page.locator('.data-plan').textContent();
    if (plan.includes('ON DELETE CASCADE') && plan.includes('ON DELETE SET NULL')) org = label;
    else await page.locator('.data-plan button', { hasText: 'Cancel' }).click();
  }
  assert.ok(org, 'an organization with employees that have badges');
  assert.match(plan, /removes Employee#\d+ Employees\.OrganizationId ON DELETE CASCADE/);
  assert.match(plan, /sets Badge#\d+\.EmployeeId to NULL Badges\.EmployeeId ON DELETE SET NULL/);
  const before = Number(await page.locator('.data-count').getAttribute('data-rows'));
  const removed = (plan.match(/removes /g) ?? []).length;
  await page.locator('.data-plan button.danger').click();
  await page.locator('.data-note.warn', { hasText: `Destroyed ${org}` }).waitFor();
  assert.equal(Number(await page.locator('.data-count').getAttribute('data-rows')), before - removed);
  assert.equal(await page.locator(`[data-record="${org}"]`).count(), 0, 'the record is gone');
  await page.getByRole('button', { name: 'Undo destroy' }).click();
  await page.locator('.data-note.warn', { hasText: `Undone: ${org} is back.` }).waitFor();
  assert.equal(Number(await page.locator('.data-count').getAttribute('data-rows')), before);
  assert.equal(await page.locator(`.data-table [data-record="${org}"]`).count(), 1);
  assert.ok(await page.getByRole('button', { name: 'Undo destroy' }).isHidden());
  assert.deepEqual(errors, []);
  await context.close();
});

test('a RESTRICT key refuses with the database\'s error, and eager loading nests what is ticked', async () => {
  const code = `const Organization = sequelize.define('Organization', { name: DataTypes.STRING });
const Employee = sequelize.define('Employee', { name: DataTypes.STRING });
Organization.hasMany(Employee, { onDelete: 'RESTRICT', as: 'staff' });
`;
  const { context, page, errors } = await dataOf(null);
  await paste(page, code);
  await page.locator('.data-tables button[data-model="Organization"]').click();
  const rows = page.locator('.data-table tbody tr[data-record]');
  let refused = null;
  for (let i = 0; i < (await rows.count()) && !refused; i += 1) {
    await rows.nth(i).click();
    await page.locator('.data-destroy-button').click();
    if ((await page.locator('.data-refused').count()) > 0) {
      refused = await page.locator('.data-refused').textContent();
    } else {
      await page.locator('.data-plan button', { hasText: 'Cancel' }).click();
    }
  }
  assert.match(
    refused ?? '',
    /^ERROR: {2}update or delete on table "Organizations" violates foreign key constraint "Employees_OrganizationId_fkey" on table "Employees"\nDETAIL: {2}Key \(id\)=\(\d+\) is still referenced from table "Employees"\.$/,
  );
  assert.equal(await page.locator('.data-plan button.danger').count(), 0, 'nothing to apply');

  // Eager loading from Organization, with its staff ticked.
  await page.locator('.data-include input[type="checkbox"]').first().check();
  await page.locator('.data-code', { hasText: 'include' }).waitFor();
  assert.equal(
    await page.locator('.data-code').textContent(),
    "Organization.findAll({ include: [{ model: Employee, as: 'staff' }] })",
  );
  const result = JSON.parse(await page.locator('.data-result').textContent());
  assert.ok(result.length >= 1 && result.length <= 3, `${result.length} results`);
  for (const org of result) {
    assert.ok(Array.isArray(org.staff), JSON.stringify(org));
    for (const e of org.staff) assert.equal(e.OrganizationId, org.id);
  }
  assert.ok(result.some((org) => org.staff.length > 0), 'some organization has staff');
  assert.deepEqual(errors, []);
  await context.close();
});
