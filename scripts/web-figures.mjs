// The page's figures, measured in headless Chromium on the release build
// (dist/, `make web`), as issue #3 asks; `make web-figures` runs it.
//
//   1. initial payload: every .wasm, .js and .css of dist/, gzip -9;
//   2. first draw: from navigation start to the first example analysed and
//      drawn (data-analyses >= 1 and a [data-model] in the DOM, read with
//      performance.now() in the page in the next animation frame), median
//      of FIRST_DRAW_RUNS fresh loads (new context: empty storage and cache);
//   3. re-analysis: on a 50-model paste (examples/gen_schema.rs, seed 1),
//      type one character and read data-last-ms (the page's own measure:
//      debounced run start to the next animation frame) once data-analyses
//      has moved on; median of EDITS edits.
//
// Also saves a screenshot of each example, light and dark, 1440x900, to
// target/screenshots/. Prints a summary and writes target/web-figures.json.

import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { loadavg, cpus } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  DIST, serve, launch, open, firstDraw, nextFrame, paste, pickExample, analyses, editor,
} from '../tests/e2e/helpers.mjs';
import { EXAMPLES } from '../tests/e2e/snippets.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const FIRST_DRAW_RUNS = Number(process.env.FIRST_DRAW_RUNS ?? 5);
const EDITS = Number(process.env.EDITS ?? 10);
const MODELS = Number(process.env.MODELS ?? 50);
const shots = join(root, 'target/screenshots');

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const fmt = (ms) => `${ms.toFixed(1)} ms`;

// 1. Sizes.
const sizes = readdirSync(DIST)
  .filter((f) => /\.(wasm|js|css)$/.test(f))
  .map((f) => {
    const path = join(DIST, f);
    return {
      file: f,
      bytes: readFileSync(path).length,
      gzip: execFileSync('gzip', ['-9', '-c', path], { maxBuffer: 1 << 28 }).length,
    };
  });
const gzipTotal = sizes.reduce((n, s) => n + s.gzip, 0);
console.log('Initial payload (gzip -9):');
for (const s of sizes) console.log(`  ${s.file.padEnd(48)} ${String(s.bytes).padStart(9)} B  ${String(s.gzip).padStart(8)} B gzip`);
console.log(`  total ${gzipTotal} B = ${(gzipTotal / 1024).toFixed(1)} KB gzip (budget 350 KB)`);

// The 50-model paste, from the generator the benchmarks use.
console.log(`Generating a ${MODELS}-model schema (cargo run --release --example gen_schema) ...`);
const bigCode = execFileSync('cargo', ['run', '--quiet', '--release', '--example', 'gen_schema', '--', String(MODELS), '1'], {
  cwd: root,
  encoding: 'utf8',
  stdio: ['ignore', 'pipe', 'inherit'],
  maxBuffer: 1 << 26,
});

const server = await serve(DIST);
const browser = await launch();
const problems = [];

// Records, from the page's first script on, the moment the first analysis
// is in the DOM and the animation frame that draws it.
const watchFirstDraw = () => {
  const check = () => {
    const pane = document.querySelector('section.pane-results');
    if (Number(pane?.dataset.analyses ?? 0) >= 1 && document.querySelector('[data-model]')) {
      observer.disconnect();
      window.__inDom = performance.now();
      requestAnimationFrame(() => {
        window.__drawn = performance.now();
      });
    }
  };
  const observer = new MutationObserver(check);
  observer.observe(document, { subtree: true, childList: true, attributes: true });
};

try {
  // 2. First draw, fresh loads.
  const firstDraws = [];
  for (let i = 0; i < FIRST_DRAW_RUNS; i++) {
    const { context, page, errors } = await open(browser);
    await page.addInitScript(watchFirstDraw);
    await page.goto(server.url);
    await firstDraw(page);
    await page.waitForFunction(() => window.__drawn !== undefined);
    const t = await page.evaluate(() => ({
      inDom: window.__inDom,
      drawn: window.__drawn,
      responseEnd: performance.getEntriesByType('navigation')[0]?.responseEnd,
      wasm: performance.getEntriesByType('resource').find((r) => r.name.endsWith('.wasm'))?.responseEnd,
    }));
    firstDraws.push(t);
    problems.push(...errors);
    console.log(`  load ${i + 1}: in DOM ${fmt(t.inDom)}, drawn ${fmt(t.drawn)} (wasm fetched by ${fmt(t.wasm ?? NaN)})`);
    await context.close();
  }
  const firstDrawMedian = median(firstDraws.map((t) => t.drawn));
  console.log(`First example analysed and drawn, from navigation start: median ${fmt(firstDrawMedian)} of ${FIRST_DRAW_RUNS} (target < 1000 ms)`);

  // 3. Re-analysis after an edit on the 50-model paste.
  const { context, page, errors } = await open(browser);
  await page.goto(server.url);
  await firstDraw(page);
  await paste(page, bigCode);
  const modelsShown = await page.locator('[data-model]').count();
  const pasteMs = Number(await page.locator('section.pane-results').getAttribute('data-last-ms'));
  await editor(page).focus();
  await page.keyboard.press('Control+End');
  const edits = [];
  for (let i = 0; i < EDITS; i++) {
    const before = await analyses(page);
    await page.keyboard.type(i % 2 ? '\n' : ' ');
    await page.waitForFunction((n) => Number(document.querySelector('section.pane-results').dataset.analyses) > n, before);
    // data-last-ms is set in the animation frame after the analysis.
    await nextFrame(page);
    await nextFrame(page);
    edits.push(Number(await page.locator('section.pane-results').getAttribute('data-last-ms')));
    // Let the page settle between edits, as between keystrokes.
    await page.waitForTimeout(300);
  }
  problems.push(...errors);
  await context.close();
  const editMedian = median(edits);
  console.log(`${MODELS}-model paste (${bigCode.length} bytes, ${modelsShown} model cards): first analysis ${fmt(pasteMs)}`);
  console.log(`  edits: ${edits.map((e) => e.toFixed(1)).join(', ')} ms`);
  console.log(`Re-analyse + re-render after a one-character edit: median ${fmt(editMedian)} of ${EDITS} (target < 50 ms)`);

  // 4. Screenshots.
  mkdirSync(shots, { recursive: true });
  const saved = [];
  for (const colorScheme of ['light', 'dark']) {
    const { context, page, errors } = await open(browser, { colorScheme, viewport: { width: 1440, height: 900 } });
    await page.goto(server.url);
    await firstDraw(page);
    for (const id of Object.keys(EXAMPLES)) {
      await pickExample(page, id);
      const file = join(shots, `${id}-${colorScheme}.png`);
      await page.screenshot({ path: file });
      saved.push(file);
    }
    problems.push(...errors);
    await context.close();
  }
  console.log(`Screenshots: ${saved.length} in ${shots}`);

  const [one, five] = loadavg();
  const figures = {
    measured: new Date().toISOString(),
    machine: { cpus: cpus().length, loadavg1: one, loadavg5: five },
    payload: { files: sizes, gzipTotal, budgetBytes: 350 * 1024 },
    firstDraw: { runs: firstDraws, medianMs: firstDrawMedian },
    reanalysis: { models: MODELS, bytes: bigCode.length, pasteMs, editsMs: edits, medianMs: editMedian },
    screenshots: saved.map((f) => f.slice(root.length + 1)),
    pageErrors: problems,
  };
  writeFileSync(join(root, 'target/web-figures.json'), JSON.stringify(figures, null, 2) + '\n');
  console.log(`Load average while measuring: ${one.toFixed(2)} (1 min), ${five.toFixed(2)} (5 min) on ${cpus().length} CPUs`);
  if (problems.length) {
    console.error('Page errors:', problems);
    process.exitCode = 1;
  }
} finally {
  await browser.close();
  await server.close();
}
