// The data tab's figures (issue #5), measured in headless Chromium on the
// release build (dist/, `make web`); `make data-figures` runs it.
//
//   1. generation: the one-to-many example (Organization, Employee, Task and
//      the EmployeeTasks junction, which gets twice the rows) opened by a
//      link with ROWS rows per model, 100,000 rows in all by default; the
//      data module times dataset::generate itself (data-generated-ms on
//      .data-count, performance.now() around the call) and counts the rows
//      (data-rows), then the walker's indexes (data-indexed-ms). Median of
//      RUNS fresh loads; rows per second from it.
//   2. a walking step at that size: a click on a record (a table row, then
//      a related record, then the next), timed in the page from the click
//      to the next animation frame (the step's walk, SQL, markup and the
//      browser's layout), and the module's own measure of its handler
//      (data-step-ms). Median of STEPS steps.
//
// Prints a summary and writes target/data-figures.json.

import { writeFileSync } from 'node:fs';
import { loadavg, cpus } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DIST, serve, launch, open, firstDraw } from '../tests/e2e/helpers.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const ROWS = Number(process.env.ROWS ?? 20_000);
const RUNS = Number(process.env.RUNS ?? 3);
const STEPS = Number(process.env.STEPS ?? 12);

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

const server = await serve(DIST);
const browser = await launch();
const url = `${server.url}#example=one-to-many&tab=data&rows=${ROWS}`;

/** Clicks `selector` (the first match) and waits for the next frame. */
function timedClick(page, selector) {
  return page.evaluate(
    (sel) =>
      new Promise((ok, fail) => {
        const el = document.querySelector(sel);
        if (!el) return fail(new Error(`nothing matches ${sel}`));
        const t0 = performance.now();
        el.click();
        requestAnimationFrame(() => ok(performance.now() - t0));
      }),
    selector,
  );
}

const generated = [];
const indexed = [];
let rows = 0;
const frames = [];
const handlers = [];
for (let run = 0; run < RUNS; run += 1) {
  const { context, page } = await open(browser);
  await page.goto(url);
  await firstDraw(page);
  await page.waitForFunction(
    () => Number(document.querySelector('.data-count')?.dataset.rows ?? 0) > 0,
    null,
    { timeout: 120_000 },
  );
  const count = await page.locator('.data-count').evaluate((e) => ({ ...e.dataset }));
  rows = Number(count.rows);
  generated.push(Number(count.generatedMs));
  indexed.push(Number(count.indexedMs));
  if (run === 0) {
    // Walk: a table row, then related records along the associations.
    await page.locator('.data-tables button[data-model="Organization"]').click();
    for (let i = 0; frames.length < STEPS && i < 50; i += 1) {
      frames.push(await timedClick(page, `.data-table tbody tr[data-r="${i}"]`));
      handlers.push(Number(await page.locator('.data-body').getAttribute('data-step-ms')));
      for (let depth = 0; depth < 2 && frames.length < STEPS; depth += 1) {
        const next = await page.$('.data-related button');
        if (!next) break;
        frames.push(await timedClick(page, '.data-related button'));
        handlers.push(Number(await page.locator('.data-body').getAttribute('data-step-ms')));
      }
    }
  }
  await context.close();
}
await browser.close();
await server.close();

const genMs = median(generated);
const figures = {
  rows,
  rows_per_model: ROWS,
  generate_ms_median: genMs,
  generate_ms_runs: generated,
  rows_per_second: Math.round(rows / (genMs / 1000)),
  index_ms_median: median(indexed),
  step_frame_ms_median: median(frames),
  step_frame_ms: frames,
  step_handler_ms_median: median(handlers),
  load_average: loadavg()[0],
  cpus: cpus().length,
};
writeFileSync(join(root, 'target/data-figures.json'), `${JSON.stringify(figures, null, 2)}\n`);
console.log(
  `data-figures: ${rows} rows generated in ${genMs.toFixed(1)} ms (median of ${RUNS}) = ` +
    `${figures.rows_per_second.toLocaleString('en')} rows/s, indexed for walking in ` +
    `${figures.index_ms_median.toFixed(1)} ms; one walking step at that size: ` +
    `${figures.step_frame_ms_median.toFixed(1)} ms click to next frame ` +
    `(handler ${figures.step_handler_ms_median.toFixed(1)} ms), median of ${frames.length}; ` +
    `load average ${figures.load_average.toFixed(2)}`,
);
