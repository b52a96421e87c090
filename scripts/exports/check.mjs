// The exports checked with the real libraries (scripts/exports-check.sh,
// make exports-check; part of make test):
//
// - every valid fixture (tests/fixtures/**, its expected JSON "ok": true)
//   and every example of the page (src/ui/examples.rs):
//   - `assoc dbml`: @dbml/core's parser accepts it (both its parsers,
//     `dbmlv2` and the older `dbml`), and the parsed database has every
//     table of the schema and exactly its foreign keys as references;
//   - `assoc mermaid`: it starts with `erDiagram`, has an entity for every
//     model and names every association call; Mermaid itself parses it and
//     renders it to an SVG that shows every entity name. Mermaid runs in
//     headless Chromium (its `parse` and `render` need a DOM with layout:
//     in Node, jsdom has no text measuring, so rendering there is not real);
// - the realistic fixtures (tests/fixtures/realistic/*.js): the SVG of
//   `assoc svg` opens in Chromium as a standalone SVG document and every
//   model's name is drawn inside it, visible; the PNG of `assoc png`
//   decodes in Chromium at the SVG's size, with text (dark pixels) where
//   the SVG draws each model's name.
//
// The expected models, tables, keys and associations come from the
// fixture's JSON (the real Sequelize's output), for an example from
// `assoc json`.
//
//   node scripts/exports/check.mjs ASSOC   (ASSOC: the assoc binary)

import { execFile } from 'node:child_process';
import { readFileSync, readdirSync, statSync, existsSync, writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { join, resolve, dirname } from 'node:path';
import { tmpdir } from 'node:os';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createRequire } from 'node:module';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '../..');
const modules = resolve(process.env.EXPORTS_MODULES ?? join(root, 'target/exports-check/node_modules'));
const require = createRequire(join(modules, 'x.js'));
const { Parser } = require('@dbml/core');
const { chromium } = require('playwright-core');
const MERMAID_JS = join(modules, 'mermaid/dist/mermaid.min.js');
const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';

const assoc = resolve(process.argv[2] ?? join(root, 'target/debug/assoc'));
const started = Date.now();
const failures = [];
// A failure of one check (dbml, mermaid, svg, png) of one schema, on one line.
const fail = (name, kind, what) => failures.push({ name, kind, what: `${kind}${what.startsWith('(') ? ' ' : ': '}${what}`.replace(/\s*\n\s*/g, ' ') });

function run(args) {
  return new Promise((ok, no) => {
    execFile(assoc, args, { maxBuffer: 256 << 20, encoding: args[0] === 'png' ? 'buffer' : 'utf8' },
      (error, stdout, stderr) => (error ? no(new Error(`assoc ${args[0]} failed: ${stderr || error.message}`)) : ok(stdout)));
  });
}

// ---- the cases -------------------------------------------------------------
function fixtures() {
  const dir = join(root, 'tests/fixtures');
  const cases = [];
  for (const group of readdirSync(dir).sort()) {
    const g = join(dir, group);
    if (!statSync(g).isDirectory()) continue;
    for (const entry of readdirSync(g).sort()) {
      const path = join(g, entry);
      const isFolder = statSync(path).isDirectory();
      if (!isFolder && !entry.endsWith('.js')) continue;
      const json = isFolder ? `${path}.json` : path.replace(/\.js$/, '.json');
      if (!existsSync(json)) continue;
      const expected = JSON.parse(readFileSync(json, 'utf8'));
      if (expected.ok !== true) continue;
      const inputs = isFolder
        ? readdirSync(path).filter((f) => f.endsWith('.js')).sort().map((f) => join(path, f))
        : [path];
      cases.push({ name: `${group}/${entry}`, inputs, expected, realistic: group === 'realistic' });
    }
  }
  return cases;
}

// The page's examples: `code: r#"…"#` in src/ui/examples.rs.
async function examples(scratch) {
  const source = readFileSync(join(root, 'src/ui/examples.rs'), 'utf8');
  const cases = [];
  for (const m of source.matchAll(/id: "([^"]+)",[\s\S]*?code: r#"([\s\S]*?)"#/g)) {
    const file = join(scratch, `${m[1]}.js`);
    writeFileSync(file, m[2]);
    const expected = JSON.parse(await run(['json', file]));
    if (expected.ok !== true) continue;
    cases.push({ name: `example ${m[1]}`, inputs: [file], expected, realistic: false });
  }
  if (cases.length === 0) fail('src/ui/examples.rs', 'examples', 'none found');
  return cases;
}

// ---- what the schema holds -----------------------------------------------
// `schema.table` of a model's tableName (`"auth"."Roles"` or `Roles`).
function qualified(tableName) {
  const m = /^"([^"]*)"\."([^"]*)"$/.exec(tableName);
  return m ? `${m[1]}.${m[2]}` : `public.${tableName}`;
}

// The models of each table, by `schema.table`.
function tablesOf(expected) {
  const tables = new Map();
  for (const model of Object.values(expected.models)) {
    const key = qualified(model.tableName);
    if (!tables.has(key)) tables.set(key, []);
    tables.get(key).push(model);
  }
  return tables;
}

const stored = (model) => Object.values(model.attributes).filter((a) => a.type !== 'VIRTUAL');

// The foreign keys as `schema.table.column>schema.table.column`, those to a
// column of a table in the schema: `required`, those every model of the
// holding table has (where models share a table, one model's columns are
// the table), and `allowed`, those any of them has. A key names its table
// without schema: the table of that name that has a schema, else one in
// the holder's schema (as Sequelize's DDL qualifies it).
function referencesOf(expected) {
  const tables = tablesOf(expected);
  const required = new Set();
  const allowed = new Set();
  for (const [key, models] of tables) {
    const schema = key.slice(0, key.indexOf('.'));
    const sets = models.map((model) => {
      const refs = new Set();
      for (const a of stored(model)) {
        const r = a.references;
        if (!r) continue;
        const target = [...tables.keys()].find((k) => !k.startsWith('public.') && k.slice(k.indexOf('.') + 1) === r.model)
          ?? `${schema}.${r.model}`;
        if (tables.get(target)?.some((m) => stored(m).some((b) => b.field === r.key))) {
          refs.add(`${key}.${a.field}>${target}.${r.key}`);
        }
      }
      return refs;
    });
    for (const r of sets[0]) if (sets.every((set) => set.has(r))) required.add(r);
    for (const set of sets) for (const r of set) allowed.add(r);
  }
  return { required, allowed };
}

// ---- DBML --------------------------------------------------------------
let dbmlTables = 0;
let dbmlRefs = 0;
function checkDbml(c, text) {
  const tables = tablesOf(c.expected);
  const { required, allowed } = referencesOf(c.expected);
  for (const format of ['dbmlv2', 'dbml']) {
    let db;
    try {
      db = new Parser().parse(text, format);
    } catch (e) {
      const diags = (e.diags ?? [e]).slice(0, 3).map((d) => `${d.message} at ${JSON.stringify(d.location?.start ?? '')}`);
      fail(c.name, 'dbml', `(${format}): @dbml/core refuses assoc dbml: ${diags.join('; ')}`);
      continue;
    }
    const parsedTables = db.schemas.flatMap((s) => s.tables.map((t) => `${s.name}.${t.name}`));
    for (const t of tables.keys()) if (!parsedTables.includes(t)) fail(c.name, 'dbml', `(${format}): no table ${t}`);
    if (parsedTables.length !== tables.size) fail(c.name, 'dbml', `(${format}): ${parsedTables.length} tables, expected ${tables.size}`);
    const got = new Set();
    const end = (e) => `${e.schemaName || 'public'}.${e.tableName}.${e.fieldNames.join(',')}`;
    for (const r of db.schemas.flatMap((s) => s.refs)) {
      const [a, b] = r.endpoints;
      // The many end holds the key; of a one-to-one, the first.
      const [from, to] = b.relation === '*' && a.relation === '1' ? [b, a] : [a, b];
      got.add(`${end(from)}>${end(to)}`);
    }
    for (const r of required) if (!got.has(r)) fail(c.name, 'dbml', `(${format}): no Ref ${r}`);
    for (const r of got) if (!allowed.has(r)) fail(c.name, 'dbml', `(${format}): Ref ${r} is no foreign key`);
    if (format === 'dbmlv2') {
      dbmlTables += parsedTables.length;
      dbmlRefs += got.size;
    }
  }
}

// ---- Mermaid (text) -------------------------------------------------------
const method = (type) => type[0].toLowerCase() + type.slice(1);
function checkMermaidText(c, text) {
  if (!text.startsWith('erDiagram\n')) fail(c.name, 'mermaid', 'does not start with erDiagram');
  for (const name of Object.keys(c.expected.models)) {
    const plain = new RegExp(`^    ("${escapeRe(name)}"|${escapeRe(name)})( \\{)?$`, 'm');
    if (!plain.test(text)) fail(c.name, 'mermaid', `no entity ${name}`);
  }
  const relations = text.split('\n').filter((l) => /^    \S.* : "/.test(l));
  for (const a of c.expected.associations) {
    const call = `${a.source}.${method(a.type)}(${a.target})`;
    if (!relations.some((l) => l.includes(call))) fail(c.name, 'mermaid', `no relationship names ${call}`);
  }
}
const escapeRe = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

// ---- the browser -------------------------------------------------------------
async function browser() {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
  });
}

async function mermaidPage(b) {
  const page = await b.newPage();
  await page.setContent('<!doctype html><html><body></body></html>');
  await page.addScriptTag({ path: MERMAID_JS });
  await page.evaluate(() => {
    window.mermaid.initialize({ startOnLoad: false, maxTextSize: 1e8, maxEdges: 1e6, securityLevel: 'strict' });
  });
  return page;
}

let mermaidParsed = 0;
let mermaidRendered = 0;
async function checkMermaidInBrowser(page, c, text, index) {
  const names = Object.keys(c.expected.models);
  const result = await page.evaluate(async ({ text, names, id }) => {
    try {
      const parsed = await window.mermaid.parse(text);
      if (!parsed || parsed.diagramType !== 'er') return { error: `parsed as ${parsed?.diagramType}` };
    } catch (e) {
      return { error: `parse: ${String(e.message ?? e).slice(0, 400)}` };
    }
    let svg;
    try {
      ({ svg } = await window.mermaid.render(id, text));
    } catch (e) {
      return { parsed: true, error: `render: ${String(e.message ?? e).slice(0, 400)}` };
    }
    const host = document.createElement('div');
    host.innerHTML = svg;
    document.body.replaceChildren(host);
    // The entity labels, drawn: text with a size.
    const shown = new Set();
    for (const el of host.querySelectorAll('.entityLabel, .label, text, span, p')) {
      const r = el.getBoundingClientRect();
      if (r.width > 0 && r.height > 0) shown.add(el.textContent.trim());
    }
    const missing = names.filter((n) => !shown.has(n));
    return { parsed: true, rendered: true, missing };
  }, { text, names, id: `d${index}` });
  if (result.parsed) mermaidParsed += 1;
  if (result.error) fail(c.name, 'mermaid', `${result.error}`);
  if (result.rendered) {
    mermaidRendered += 1;
    if (result.missing.length) fail(c.name, 'mermaid', `rendered without ${result.missing.join(', ')}`);
  }
}

let svgsShown = 0;
let pngsDecoded = 0;
async function checkSvgAndPng(b, c, svg, png, scratch) {
  const file = join(scratch, `${c.name.replace(/\W/g, '_')}.svg`);
  writeFileSync(file, svg);
  const page = await b.newPage();
  try {
    await page.goto(pathToFileURL(file).href);
    const names = Object.keys(c.expected.models);
    const r = await page.evaluate((names) => {
      const svg = document.documentElement;
      if (svg.localName !== 'svg' || document.querySelector('parsererror')) return { error: 'not an SVG document' };
      const box = svg.getBoundingClientRect();
      const missing = [];
      const boxes = {};
      for (const n of names) {
        const node = [...document.querySelectorAll('g.node')].find((g) => g.getAttribute('data-model') === n);
        const text = node && [...node.querySelectorAll('text.name')].find((t) => t.textContent === n);
        const r = text?.getBoundingClientRect();
        const style = text && getComputedStyle(text);
        const visible = r && r.width > 0 && r.height > 0 && style.visibility === 'visible' && style.display !== 'none'
          && Number(style.opacity) > 0 && r.left >= box.left && r.right <= box.right && r.top >= box.top && r.bottom <= box.bottom;
        if (!visible) missing.push(n);
        else boxes[n] = { x: r.left - box.left, y: r.top - box.top, width: r.width, height: r.height };
      }
      return { missing, boxes, width: svg.width.baseVal.value, height: svg.height.baseVal.value };
    }, names);
    if (r.error) {
      fail(c.name, 'svg', `${r.error}`);
      return;
    }
    svgsShown += 1;
    if (r.missing.length) fail(c.name, 'svg', `not shown in Chromium: ${r.missing.join(', ')}`);
    // The PNG decoded, and each model's name looked for where the SVG
    // draws it: dark text pixels on the light title bar.
    const size = await page.evaluate(async ({ data, boxes }) => {
      const img = new Image();
      img.src = `data:image/png;base64,${data}`;
      try {
        await img.decode();
      } catch (e) {
        return { error: String(e) };
      }
      const canvas = document.createElementNS('http://www.w3.org/1999/xhtml', 'canvas');
      canvas.width = img.naturalWidth;
      canvas.height = img.naturalHeight;
      const ctx = canvas.getContext('2d');
      ctx.drawImage(img, 0, 0);
      const unnamed = [];
      for (const [name, b] of Object.entries(boxes)) {
        const { data: px } = ctx.getImageData(Math.floor(b.x), Math.floor(b.y), Math.ceil(b.width) + 1, Math.ceil(b.height) + 1);
        let dark = 0;
        for (let i = 0; i < px.length; i += 4) if (px[i + 3] > 0 && px[i] + px[i + 1] + px[i + 2] < 300) dark += 1;
        if (dark < 4 * name.length) unnamed.push(name);
      }
      return { width: img.naturalWidth, height: img.naturalHeight, unnamed };
    }, { data: png.toString('base64'), boxes: r.boxes });
    const want = { width: Math.ceil(r.width), height: Math.ceil(r.height) };
    if (size.error) fail(c.name, 'png', `Chromium cannot decode it: ${size.error}`);
    else if (size.width !== want.width || size.height !== want.height) {
      fail(c.name, 'png', `${size.width} x ${size.height}, the SVG is ${want.width} x ${want.height}`);
    } else if (size.unnamed.length) {
      fail(c.name, 'png', `no text where the name is drawn: ${size.unnamed.join(', ')}`);
    } else pngsDecoded += 1;
  } finally {
    await page.close();
  }
}

// ---- the run -------------------------------------------------------------
const scratch = mkdtempSync(join(tmpdir(), 'exports-check-'));
let b;
try {
  const cases = [...fixtures(), ...(await examples(scratch))];
  b = await browser();
  const page = await mermaidPage(b);
  let index = 0;
  for (const c of cases) {
    index += 1;
    let dbml, mermaid;
    try {
      [dbml, mermaid] = await Promise.all([run(['dbml', ...c.inputs]), run(['mermaid', ...c.inputs])]);
    } catch (e) {
      fail(c.name, 'assoc', e.message);
      continue;
    }
    checkDbml(c, dbml);
    checkMermaidText(c, mermaid);
    await checkMermaidInBrowser(page, c, mermaid, index);
    if (c.realistic) {
      try {
        const [svg, png] = await Promise.all([run(['svg', ...c.inputs]), run(['png', ...c.inputs])]);
        await checkSvgAndPng(b, c, svg, png, scratch);
      } catch (e) {
        fail(c.name, 'assoc', e.message);
      }
    }
  }
  const examplesCount = cases.filter((c) => c.name.startsWith('example ')).length;
  const realistic = cases.filter((c) => c.realistic).length;
  for (const f of failures) console.log(`FAIL ${f.name}: ${f.what}`);
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  console.log(
    `exports-check: ${cases.length - examplesCount} valid fixtures and ${examplesCount} examples of the page: ` +
      `@dbml/core parsed their DBML (${dbmlTables} tables, ${dbmlRefs} refs); Mermaid parsed ${mermaidParsed} ` +
      `and rendered ${mermaidRendered} in Chromium; ${realistic} realistic fixtures: ${svgsShown} SVGs open in Chromium, ` +
      `${pngsDecoded} PNGs decode at their size with every name; ${seconds} s`,
  );
  // One check per schema and export: DBML and Mermaid for each, SVG and
  // PNG for the realistic ones.
  const checks = 2 * cases.length + 2 * realistic;
  const failed = new Set(failures.map((f) => `${f.name}\0${f.kind}`)).size;
  console.log(`exports-check: ${checks - Math.min(failed, checks)} passed, ${failed} failed`);
} finally {
  await b?.close();
  rmSync(scratch, { recursive: true, force: true });
}
process.exit(failures.length ? 1 : 0);
