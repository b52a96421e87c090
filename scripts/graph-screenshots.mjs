// The graph tab's first view, to look at (issue #4: "screenshots of the
// examples and of a 100-model schema, looked at by you: readable without
// moving anything"). `make graph-screenshots` runs it on the release build
// (dist/, `make web`).
//
// For every example and for a generated schema of MODELS models
// (examples/gen_schema.rs, seed 1; 100 by default), opens the Graph tab at
// 1440x900 in headless Chromium (light theme), touches nothing, saves a
// screenshot to target/screenshots/graph-<name>.png and prints what the
// first view shows: its zoom, how many models are in view, and the
// smallest on-screen size of a model name in view (its font's size times
// the drawing's scale).

import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { serve, DIST, launch, open, firstDraw, nextFrame, paste, pickExample } from '../tests/e2e/helpers.mjs';
import { EXAMPLES } from '../tests/e2e/snippets.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const MODELS = Number(process.env.MODELS ?? 100);
const shots = join(root, 'target/screenshots');

/** What the first view shows, read from the page. */
function firstView(page) {
  return page.evaluate(() => {
    const canvas = document.querySelector('.graph-canvas');
    const c = canvas.getBoundingClientRect();
    const inView = (r) => r.right > c.left && r.left < c.right && r.bottom > c.top && r.top < c.bottom && r.width > 0;
    const nodes = [...canvas.querySelectorAll('[data-model]')];
    // The name drawn: in the title bar, or far out the label.
    const names = nodes
      .flatMap((n) => [...n.querySelectorAll('.name, .label')])
      .filter((t) => getComputedStyle(t).display !== 'none' && inView(t.getBoundingClientRect()));
    const px = names.map((t) => parseFloat(getComputedStyle(t).fontSize) * t.getScreenCTM().a);
    const whole = nodes.filter((n) => {
      const r = n.querySelector('.box').getBoundingClientRect();
      return r.left >= c.left - 1 && r.right <= c.right + 1 && r.top >= c.top - 1 && r.bottom <= c.bottom + 1;
    }).length;
    return {
      zoom: canvas.querySelector('.viewport').dataset.zoom,
      scale: Number(canvas.dataset.scale),
      models: nodes.length,
      whole,
      namesInView: names.length,
      smallestNamePx: px.length ? Math.min(...px) : 0,
    };
  });
}

mkdirSync(shots, { recursive: true });
console.log(`Generating a ${MODELS}-model schema (cargo run --release --example gen_schema) ...`);
const big = execFileSync('cargo', ['run', '--quiet', '--release', '--example', 'gen_schema', '--', String(MODELS), '1'], {
  cwd: root,
  encoding: 'utf8',
  maxBuffer: 1 << 26,
});
const server = await serve(DIST);
const browser = await launch();
let failed = false;
try {
  const cases = [...Object.keys(EXAMPLES).map((id) => [id, null]), [`${MODELS}-models`, big]];
  for (const [name, code] of cases) {
    const { context, page, errors } = await open(browser, { colorScheme: 'light' });
    await page.goto(server.url);
    await firstDraw(page);
    if (code === null) await pickExample(page, name);
    else await paste(page, code);
    await page.getByRole('tab', { name: 'Graph' }).click();
    await page.locator('.graph-canvas [data-model]').first().waitFor();
    await nextFrame(page);
    await nextFrame(page);
    const v = await firstView(page);
    const file = join(shots, `graph-${name}.png`);
    await page.screenshot({ path: file });
    console.log(
      `${name.padEnd(16)} zoom ${String(v.scale).padStart(5)}% (${v.zoom}), ${v.whole} of ${v.models} models whole in view, ` +
        `${v.namesInView} names in view, the smallest ${v.smallestNamePx.toFixed(1)} px  ${file.slice(root.length + 1)}`,
    );
    if (errors.length) {
      console.error(errors);
      failed = true;
    }
    await context.close();
  }
} finally {
  await browser.close();
  await server.close();
}
if (failed) process.exitCode = 1;
