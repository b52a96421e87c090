#!/usr/bin/env node
// Writes tests/inflection/expected.tsv: for every word of
// tests/inflection/words.txt, what the real inflection 1.13.4 (the one
// inside Sequelize 6.37.8) gives for pluralize, singularize and underscore.
//
//   node scripts/inflection-expected.js [path/to/node_modules/inflection]
'use strict';
const fs = require('fs');
const path = require('path');

const root = path.join(__dirname, '..');
const lib = process.argv[2] || path.join(root, '..', 'shared', 'oracle', 'node_modules', 'inflection');
const inflection = require(lib);
const words = fs.readFileSync(path.join(root, 'tests', 'inflection', 'words.txt'), 'utf8')
  .split('\n').filter((w) => w.length > 0);
const clean = (s) => s.replace(/[\t\n]/g, ' ');
const rows = words.map((w) => [w, inflection.pluralize(w), inflection.singularize(w), inflection.underscore(w)].map(clean).join('\t'));
fs.writeFileSync(path.join(root, 'tests', 'inflection', 'expected.tsv'), `word\tpluralize\tsingularize\tunderscore\n${rows.join('\n')}\n`);
console.log(`${rows.length} words`);
