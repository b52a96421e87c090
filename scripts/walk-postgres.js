#!/usr/bin/env node
// The walk and eager loading against a real PostgreSQL, for one fixture
// whose DDL (Sequelize's own, <case>.ddl.sql) and seeded rows (assoc seed
// --format sql) are already loaded into database DB (scripts/walk-postgres.sh
// does that):
//
//   node scripts/walk-postgres.js FIXTURE DB SOCKET_DIR ASSOC ROWS
//
// Real Sequelize 6.37.8, connected, fetches every record of every table and
// calls each association getter; the records returned must be `assoc
// walk`'s "related" (same records; order compared apart: without ORDER BY
// PostgreSQL owes no order). Then, for every model, `Model.findAll({ include:
// every association })` must stringify to the JSON `assoc eager` prints
// (compared exactly, and with arrays sorted where only the order differs).
// Prints one JSON line: {"fixture", "steps", "walkDiffer", "walkOrder",
// "eager", "eagerDiffer", "eagerOrder", "problems": [...]}.
'use strict';
const { execFileSync } = require('child_process');
const { load, tableKey, keyPart, filesOf } = require('./walk-sql.js');

const [fixture, db, socket, assoc, rows] = process.argv.slice(2);

// findAll results the engine does not reproduce, by fixture and model, with
// the reason: compared and shown, counted apart.
const KNOWN = {
  'cli/class_with_hooks_and_scopes.js Account':
    "the model's defaultScope (attributes: { exclude: ['passwordHash'] }) is not in the schema",
  'self/has_many_self_default.js Category':
    'a self-association included under itself: Sequelize leaves the inner include out of the JSON where it is empty',
};

function sortDeep(v) {
  if (Array.isArray(v)) return v.map(sortDeep).map((x) => JSON.stringify(x)).sort().map((x) => JSON.parse(x));
  if (v && typeof v === 'object') {
    const out = {};
    for (const k of Object.keys(v)) out[k] = sortDeep(v[k]);
    return out;
  }
  return v;
}

(async () => {
  const sequelize = load(fixture);
  const report = { fixture, failing: 0, steps: 0, walkDiffer: 0, walkOrder: 0, eager: 0, eagerDiffer: 0, eagerOrder: 0, eagerKnown: 0, problems: [] };
  if (!sequelize) {
    process.stdout.write(JSON.stringify(report) + '\n');
    return;
  }
  Object.assign(sequelize.connectionManager.config, {
    host: socket, port: 5432, username: 'postgres', password: null, database: db,
  });
  sequelize.options.logging = false;
  const files = filesOf(fixture);
  const opts = { encoding: 'utf8', maxBuffer: 1 << 30, stdio: ['ignore', 'pipe', 'ignore'] };
  const ours = new Map();
  for (const line of execFileSync(assoc, ['walk', '--rows', rows, ...files], opts).split('\n')) {
    if (!line) continue;
    const l = JSON.parse(line);
    ours.set(`${l.record} ${l.accessor}`, l);
  }
  const holder = new Map();
  for (const model of Object.values(sequelize.models)) holder.set(tableKey(model), model);
  const label = (inst) => {
    const model = holder.get(tableKey(inst.constructor)) || inst.constructor;
    const pks = Object.keys(model.primaryKeys);
    return `${model.name}#${pks.map((k) => keyPart(inst.get(k))).join(',')}`;
  };
  try {
    for (const model of holder.values()) {
      if (Object.keys(model.primaryKeys).length === 0) continue;
      const records = await model.findAll({ paranoid: false });
      for (const inst of records) {
        for (const association of Object.values(model.associations)) {
          const accessor = association.accessors.get;
          const got = await inst[accessor]();
          const related = (Array.isArray(got) ? got : got ? [got] : []).map(label);
          const key = `${label(inst)} ${accessor}`;
          const mine = ours.get(key);
          report.steps++;
          if (!mine) {
            report.walkDiffer++;
            report.problems.push(`${key}: no step in assoc walk`);
          } else if (JSON.stringify(mine.related) !== JSON.stringify(related)) {
            if (JSON.stringify([...mine.related].sort()) === JSON.stringify([...related].sort())) {
              report.walkOrder++;
            } else {
              report.walkDiffer++;
              report.problems.push(`${key}: postgres ${JSON.stringify(related)}, assoc ${JSON.stringify(mine.related)}`);
            }
          }
        }
      }
      // Every association, then every association with its target's own
      // nested under it.
      const associations = Object.values(model.associations);
      const plain = (a) => !/[(),]/.test(a.as);
      if (!associations.every(plain)) continue;
      const nested = associations.every((a) => Object.values(a.target.associations).every(plain));
      // As a user writes them: the model and its alias.
      const entry = (a, include) => (include ? { model: a.target, as: a.as, include } : { model: a.target, as: a.as });
      const cases = [[associations.map((a) => entry(a)), associations.map((a) => a.as).join(',')]];
      if (nested && associations.length) {
        cases.push([
          associations.map((a) => entry(a, Object.values(a.target.associations).map((b) => entry(b)))),
          associations.map((a) => {
            const children = Object.values(a.target.associations).map((b) => b.as);
            return children.length ? `${a.as}(${children.join(',')})` : a.as;
          }).join(','),
        ]);
      }
      for (const [include, spec] of cases) {
        let expected;
        try {
          expected = JSON.stringify(await model.findAll({ include }));
        } catch (err) {
          report.problems.push(`${model.name}.findAll with include ${spec}: Sequelize throws ${err.message}`);
          continue;
        }
        const printed = execFileSync(assoc, ['eager', '--model', model.name, '--include', spec, '--rows', rows, ...files], opts);
        const actual = printed.split('\n')[1];
        report.eager++;
        if (actual === expected) continue;
        const order = JSON.stringify(sortDeep(JSON.parse(actual))) === JSON.stringify(sortDeep(JSON.parse(expected)));
        const known = KNOWN[`${fixture.split('tests/fixtures/')[1]} ${model.name}`];
        if (order) report.eagerOrder++;
        else if (known) {
          report.eagerKnown++;
          report.problems.push(`${model.name} include ${spec}: known to differ: ${known}`);
        } else {
          report.eagerDiffer++;
          report.problems.push(`${model.name} include ${spec}:\n  postgres ${expected.slice(0, 600)}\n  assoc    ${actual.slice(0, 600)}`);
        }
        if (process.env.WALK_POSTGRES_DUMP) {
          const base = `${process.env.WALK_POSTGRES_DUMP}/${order ? 'order-' : ''}${model.name}-${report.eager}`;
          require('fs').writeFileSync(`${base}.postgres.json`, JSON.stringify(JSON.parse(expected), null, 1));
          require('fs').writeFileSync(`${base}.assoc.json`, JSON.stringify(JSON.parse(actual), null, 1));
        }
      }
    }
  } catch (err) {
    // Sequelize's own query fails on its own tables (a junction key that
    // sync() never created, two models on one table): a mistake in the
    // schema, which assoc check reports, not in the walk.
    report.problems.push(`Sequelize's query fails: ${err.message}`);
    report.failing = 1;
  }
  await sequelize.close();
  process.stdout.write(JSON.stringify(report) + '\n');
})().catch((err) => {
  process.stderr.write(`walk-postgres: ${err && err.stack ? err.stack : err}\n`);
  process.exit(2);
});
