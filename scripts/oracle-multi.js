#!/usr/bin/env node
// Runs a sequelize-cli models folder through the Sequelize oracle.
//
//   node scripts/oracle-multi.js FOLDER [ORACLE_DIR]
//
// The oracle (oracle.js) runs one snippet and calls only its last
// `module.exports = (sequelize, DataTypes) => …` factory. A models folder has
// one factory per file, which sequelize-cli's models/index.js requires in
// file-name order, calls, and then associates. This script builds the one
// snippet that does the same: every file becomes a module of its own (its own
// `module`/`exports`, its own 'use strict'), the factories are collected in
// file-name order, and a final factory calls each of them. The oracle then
// calls that factory and runs every model's static `associate(models)`, as it
// does for a single file. The output is the oracle's canonical JSON, exactly
// as `node oracle.js FILE.js` prints it.
//
// ORACLE_DIR (argument or environment variable) is the folder holding
// oracle.js and its node_modules; by default ../shared/oracle beside the repo.
'use strict';
const fs = require('fs');
const path = require('path');

// Same as oracle.js's canonical(): sorted keys, undefined values left out.
function canonical(value) {
  if (Array.isArray(value)) return value.map(canonical);
  if (value && typeof value === 'object') {
    const out = {};
    for (const key of Object.keys(value).sort()) {
      if (value[key] !== undefined) out[key] = canonical(value[key]);
    }
    return out;
  }
  return value;
}

// Byte order, as the fixture harness sorts the folder (Rust's Path ordering),
// not the locale's collation.
function byName(a, b) {
  return a < b ? -1 : a > b ? 1 : 0;
}

// One snippet out of the folder's files. Each file is wrapped in a function
// whose parameters are its own `module` and `exports`, so that a leading
// 'use strict' stays a directive and each file's `module.exports = …` lands
// in its own module object, as Node's module wrapper does.
function combine(files) {
  const modules = files.map(({ name, text }) => [
    `// ---- ${name}`,
    '__oracleFactories.push((function (module, exports) {',
    text,
    '\n;return module.exports;',
    '})({ exports: {} }, undefined));',
  ].join('\n'));
  return [
    'var __oracleFactories = [];',
    ...modules,
    'module.exports = function (sequelize, DataTypes) {',
    '  for (var i = 0; i < __oracleFactories.length; i++) {',
    "    if (typeof __oracleFactories[i] === 'function') __oracleFactories[i](sequelize, DataTypes);",
    '  }',
    '};',
    '',
  ].join('\n');
}

function readFolder(folder) {
  return fs.readdirSync(folder)
    .filter((n) => n.endsWith('.js') && fs.statSync(path.join(folder, n)).isFile())
    .sort(byName)
    .map((name) => ({ name, text: fs.readFileSync(path.join(folder, name), 'utf8') }));
}

function main() {
  const folder = process.argv[2];
  if (!folder) {
    process.stderr.write('usage: oracle-multi.js FOLDER [ORACLE_DIR]\n');
    process.exit(2);
  }
  const oracleDir = path.resolve(process.argv[3] || process.env.ORACLE_DIR
    || path.join(__dirname, '..', '..', 'shared', 'oracle'));
  const { run } = require(path.join(oracleDir, 'oracle.js'));
  const files = readFolder(folder);
  if (files.length === 0) {
    process.stderr.write(`oracle-multi: no .js file in ${folder}\n`);
    process.exit(2);
  }
  const source = combine(files);
  if (process.env.ORACLE_MULTI_PRINT) {
    process.stdout.write(source);
    return;
  }
  let result;
  try {
    result = run(source);
  } catch (err) {
    result = { ok: false, error: String(err && err.message ? err.message : err) };
  }
  process.stdout.write(JSON.stringify(canonical(result), null, 2) + '\n');
}

if (require.main === module) main();
module.exports = { combine, canonical };
