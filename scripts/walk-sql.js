#!/usr/bin/env node
// The SQL that real Sequelize 6.37.8 (postgres dialect) sends for each
// association getter of each seeded record, captured instead of sent: the
// reference for `assoc walk`'s "sql".
//
//   node scripts/walk-sql.js FIXTURE DATA.json
//       FIXTURE: a snippet (.js, run as oracle.js runs it) or a sequelize-cli
//       models folder (combined as scripts/oracle-multi.js does); DATA.json:
//       `assoc seed --format json` of it ("-" for standard input). Prints one
//       JSON line per (record, association):
//       {"record":"Employee#9","accessor":"getTasks","sql":"SELECT ..."}
//
//   node scripts/walk-sql.js --check [--assoc BIN] [--rows N] [--seed N] [FIXTURE...]
//       For every fixture under tests/fixtures whose expected JSON has
//       "ok": true (or those given), runs `assoc seed` and `assoc walk` on it
//       and compares each step's SQL with Sequelize's; prints every
//       difference and a summary line, exit 1 if any differ.
//
// Records are `Model.build(row, { isNewRecord: false })` of the seeded rows
// (fields mapped to attribute names), each in the model that holds its table
// (the last one defined with that table name). `sequelize.query` is replaced
// by a function that records the SQL and returns no rows, so nothing connects
// anywhere. ORACLE_DIR is the oracle's folder (target/oracle by default, as
// scripts/fixtures.sh prepares it).
'use strict';
const fs = require('fs');
const path = require('path');
const { execFileSync } = require('child_process');

const root = path.join(__dirname, '..');
const oracleDir = path.resolve(process.env.ORACLE_DIR || path.join(root, 'target', 'oracle'));
const oracleRequire = require('module').createRequire(path.join(oracleDir, 'oracle.js'));
const { run } = require(path.join(oracleDir, 'oracle.js'));
const ModelManager = oracleRequire('sequelize/lib/model-manager');
const { combine } = require('./oracle-multi.js');

// The instance a snippet's models live in: the last one a model was added to.
let instance = null;
const addModel = ModelManager.prototype.addModel;
ModelManager.prototype.addModel = function (model) {
  instance = this.sequelize;
  return addModel.call(this, model);
};

function snippetOf(fixture) {
  if (!fs.statSync(fixture).isDirectory()) return fs.readFileSync(fixture, 'utf8');
  const files = fs.readdirSync(fixture)
    .filter((n) => n.endsWith('.js') && fs.statSync(path.join(fixture, n)).isFile())
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
    .map((name) => ({ name, text: fs.readFileSync(path.join(fixture, name), 'utf8') }));
  return combine(files);
}

// `schema.table` with a schema, else the table name: the seed's keys.
function tableKey(model) {
  const t = model.getTableName();
  return typeof t === 'string' ? t : `${t.schema}.${t.tableName}`;
}

// { record, accessor, sql } for every seeded record and every association of
// its model, in table and row order and in `Model.associations` order.
// Runs a fixture as the oracle does; its Sequelize instance (null if the
// snippet defines no model).
function load(fixture) {
  instance = null;
  run(snippetOf(fixture));
  return instance;
}

async function walk(fixture, data) {
  const sequelize = load(fixture);
  if (!sequelize) return [];
  let captured = [];
  sequelize.query = async function (sql, options = {}) {
    captured.push(typeof sql === 'string' ? sql : sql.query);
    return options.plain ? null : [];
  };
  // The last model of each table holds it, as in dataset::generate.
  const holder = new Map();
  for (const model of Object.values(sequelize.models)) holder.set(tableKey(model), model);
  const out = [];
  for (const [table, rows] of Object.entries(data.tables)) {
    const model = holder.get(table);
    if (!model) continue;
    const byField = new Map();
    for (const [name, attr] of Object.entries(model.rawAttributes)) byField.set(attr.field || name, name);
    const pks = Object.keys(model.primaryKeys);
    rows.forEach((row, index) => {
      const values = {};
      for (const [field, value] of Object.entries(row)) values[byField.get(field) || field] = value;
      const record = model.build(values, { isNewRecord: false });
      const key = pks.length === 0 ? String(index + 1) : pks.map((k) => keyPart(values[k])).join(',');
      out.push({ record: `${model.name}#${key}`, instance: record, model });
    });
  }
  const lines = [];
  for (const { record, instance: r, model } of out) {
    for (const association of Object.values(model.associations)) {
      const accessor = association.accessors.get;
      captured = [];
      try {
        await r[accessor]();
      } catch (err) {
        lines.push({ record, accessor, error: String(err && err.message ? err.message : err) });
        continue;
      }
      lines.push({ record, accessor, sql: captured.length === 0 ? null : captured.length === 1 ? captured[0] : captured });
    }
  }
  return lines;
}

function keyPart(v) {
  if (v === null || v === undefined) return 'null';
  if (Array.isArray(v)) return v.map(keyPart).join(',');
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

// Fixtures whose expected JSON says Sequelize builds them: snippets and
// models folders, as scripts/fixtures.sh finds them.
function validFixtures() {
  const base = path.join(root, 'tests', 'fixtures');
  const out = [];
  for (const group of fs.readdirSync(base).sort()) {
    const dir = path.join(base, group);
    if (!fs.statSync(dir).isDirectory()) continue;
    for (const entry of fs.readdirSync(dir).sort()) {
      const full = path.join(dir, entry);
      const isDir = fs.statSync(full).isDirectory();
      if (!isDir && !entry.endsWith('.js')) continue;
      const expected = isDir ? `${full}.json` : full.replace(/\.js$/, '.json');
      if (!fs.existsSync(expected)) continue;
      if (JSON.parse(fs.readFileSync(expected, 'utf8')).ok !== true) continue;
      out.push(full);
    }
  }
  return out;
}

// Fixtures whose getters the schema cannot describe, with the reason: their
// steps are compared and printed, but counted apart.
const KNOWN = {
  'junction/junction_defined_after_use.js':
    "Student's belongsToMany keeps the junction model that define('Enrollment') then replaced in " +
    'sequelize.models (table "Enrollment", no grade); the schema, like sequelize.models, holds only the new one',
};

function filesOf(fixture) {
  if (!fs.statSync(fixture).isDirectory()) return [fixture];
  return fs.readdirSync(fixture).filter((n) => n.endsWith('.js')).sort().map((n) => path.join(fixture, n));
}

async function check(args) {
  let assoc = path.join(root, 'target', 'debug', 'assoc');
  const flags = [];
  const given = [];
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '--assoc') assoc = args[++i];
    else if (args[i] === '--rows' || args[i] === '--seed') flags.push(args[i], args[++i]);
    else given.push(path.resolve(args[i]));
  }
  if (!flags.includes('--rows')) flags.push('--rows', '2');
  const fixtures = given.length ? given : validFixtures();
  let steps = 0;
  let differing = 0;
  let missing = 0;
  let known = 0;
  for (const fixture of fixtures) {
    const name = path.relative(path.join(root, 'tests', 'fixtures'), fixture);
    const reason = KNOWN[name];
    const files = filesOf(fixture);
    const opts = { encoding: 'utf8', maxBuffer: 1 << 30, stdio: ['ignore', 'pipe', 'ignore'] };
    const data = JSON.parse(execFileSync(assoc, ['seed', '--format', 'json', ...flags, ...files], opts));
    const ours = execFileSync(assoc, ['walk', ...flags, ...files], opts)
      .split('\n').filter((l) => l).map((l) => JSON.parse(l));
    const theirs = await walk(fixture, data);
    const key = (l) => `${l.record} ${l.accessor}`;
    const mine = new Map(ours.map((l) => [key(l), l]));
    for (const t of theirs) {
      steps++;
      const o = mine.get(key(t));
      mine.delete(key(t));
      if (!o) {
        missing++;
        console.log(`${name}: ${key(t)}: assoc walk has no such step (Sequelize: ${t.error || t.sql})`);
      } else if (t.error || o.sql !== t.sql) {
        if (reason) known++;
        else differing++;
        console.log(`${name}: ${key(t)}:${reason ? ` known to differ: ${reason}` : ''}\n` +
          `  sequelize: ${t.error || t.sql}\n  assoc:     ${o.sql}`);
      }
    }
    for (const k of mine.keys()) {
      missing++;
      console.log(`${name}: ${k}: a step Sequelize's Model.associations does not have`);
    }
  }
  const bad = differing + missing;
  console.log(`walk-sql: ${fixtures.length} fixtures, ${steps} steps compared with Sequelize 6.37.8, ` +
    `${differing} differing, ${missing} missing or extra` +
    (known ? `, ${known} known to differ (${Object.keys(KNOWN).length} fixture)` : ''));
  return bad === 0 ? 0 : 1;
}

async function main() {
  const args = process.argv.slice(2);
  if (args[0] === '--check') {
    process.exitCode = await check(args.slice(1));
    return;
  }
  if (args.length !== 2) {
    process.stderr.write('usage: walk-sql.js FIXTURE DATA.json | --check [--assoc BIN] [--rows N] [FIXTURE...]\n');
    process.exit(2);
  }
  const data = JSON.parse(fs.readFileSync(args[1] === '-' ? 0 : args[1], 'utf8'));
  for (const line of await walk(args[0], data)) process.stdout.write(JSON.stringify(line) + '\n');
}

if (require.main === module) {
  main().catch((err) => {
    process.stderr.write(`walk-sql: ${err && err.stack ? err.stack : err}\n`);
    process.exit(2);
  });
}
module.exports = { load, tableKey, keyPart, validFixtures, filesOf, KNOWN };
