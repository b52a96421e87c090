#!/usr/bin/env node
// Generates tests/datatypes/expected.tsv from tests/datatypes/cases.txt with
// the real Sequelize (the oracle's copy in ../shared/oracle).
//
//   node scripts/datatypes-expected.js
//
// cases.txt holds one JavaScript type expression a line, written with
// `DataTypes` (blank lines and lines starting with `#` are skipped). Each is
// evaluated, used as the `type` of an attribute of a fresh model on a postgres
// Sequelize instance (so Sequelize normalises it for postgres exactly as
// `sequelize.define` does), and its `rawAttributes[name].type.toString()` is
// recorded. expected.tsv has one row a case, tab separated:
//
//   <expression>  ok           <printed type>
//   <expression>  undefined                      toString() returned undefined
//   <expression>  error        <message>         evaluating the expression or
//                                                defining the model threw
//   <expression>  print-error  <message>         toString() threw
//
// Rows of an ENUM, or an ARRAY of ENUM, whose values are an array get a
// fourth column: the values, each as String(value), as a JSON array.
//
// HSTORE: Sequelize's postgres HSTORE requires the `pg-hstore` package when it
// is constructed, and the oracle installs only sequelize and pg. Every postgres
// project that uses HSTORE installs pg-hstore (Sequelize's own install line is
// `npm install pg pg-hstore`), and printing the type never calls into it, so
// when it is missing this script hands Sequelize an inert stand-in instead of
// recording a "Cannot find module" error that depends on this machine.
'use strict';
const fs = require('fs');
const path = require('path');
const Module = require('module');

const load = Module._load;
Module._load = function loadWithHstore(request, ...rest) {
  if (request === 'pg-hstore') {
    try {
      return load.call(this, request, ...rest);
    } catch (_) {
      return () => ({ stringify: String, parse: String });
    }
  }
  return load.call(this, request, ...rest);
};

const root = path.join(__dirname, '..');
const { Sequelize, DataTypes } = require(
  path.join(__dirname, '..', '..', 'shared', 'oracle', 'node_modules', 'sequelize'),
);

const casesFile = path.join(root, 'tests', 'datatypes', 'cases.txt');
const expectedFile = path.join(root, 'tests', 'datatypes', 'expected.tsv');

function clean(text) {
  const s = String(text);
  if (/[\t\n\r]/.test(s)) {
    throw new Error(`tab or newline in output: ${JSON.stringify(s)}`);
  }
  return s;
}

const sequelize = new Sequelize('postgres://oracle@127.0.0.1:1/oracle', { logging: false });
// Sequelize warns once per unsupported option on the console; keep stdout clean.
console.warn = () => {};

// A class passed where Sequelize expects an options object gets properties
// set on it (`DataTypes.NUMBER(DataTypes.STRING).UNSIGNED` sets
// `DataTypes.STRING.unsigned`), which would leak into later cases: each case
// starts from the classes as Sequelize made them.
const classes = Object.values(DataTypes).filter((v) => typeof v === 'function');
const ownNames = new Map(classes.map((c) => [c, new Set(Object.getOwnPropertyNames(c))]));
function restoreClasses() {
  for (const c of classes) {
    for (const name of Object.getOwnPropertyNames(c)) {
      if (!ownNames.get(c).has(name)) delete c[name];
    }
  }
}

const lines = fs.readFileSync(casesFile, 'utf8').split('\n');
const rows = [];
let n = 0;
for (const raw of lines) {
  const expr = raw.trim();
  if (expr === '' || expr.startsWith('#')) continue;
  n += 1;
  restoreClasses();
  let row;
  let type;
  try {
    const value = new Function('DataTypes', `'use strict'; return (${expr});`)(DataTypes);
    const Model = sequelize.define(`M${n}`, { a: { type: value } });
    type = Model.rawAttributes.a.type;
  } catch (e) {
    row = ['error', e.message];
  }
  if (!row) {
    let printed;
    try {
      printed = type.toString();
    } catch (e) {
      row = ['print-error', e.message];
    }
    if (row) {
      // threw
    } else if (printed === undefined) {
      row = ['undefined', ''];
    } else if (typeof printed === 'string') {
      row = ['ok', printed];
    } else {
      throw new Error(`${expr}: toString() returned a ${typeof printed}`);
    }
  }
  const cols = [expr, row[0], row[1]];
  if (type) {
    const e = type instanceof DataTypes.ENUM ? type
      : type instanceof DataTypes.ARRAY && type.type instanceof DataTypes.ENUM ? type.type
        : null;
    if (e && Array.isArray(e.values)) {
      try {
        cols.push(JSON.stringify(e.values.map(String)));
      } catch (_) {
        // a value String() cannot print: no column
      }
    }
  }
  rows.push(cols.map(clean).join('\t'));
}
fs.writeFileSync(expectedFile, `${rows.join('\n')}\n`);
console.log(`${rows.length} cases -> ${path.relative(root, expectedFile)}`);
