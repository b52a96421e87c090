// Our layout against ELK's layered layout (elkjs, what Liam ERD uses) on
// the same graphs: the generated schemas of issue #4 (120 and 1,200
// models, seed 1), their graph taken from `assoc layout --json`, the same
// node sizes given to ELK. Prints, for each, the crossings of the drawn
// lines (a horizontal segment of one edge properly crossing a vertical
// segment of another, counted the same way for both) and the time each
// took (ours: the whole `assoc layout` process, analysis included; ELK:
// its layout call alone, in this Node process).
//
//   node scripts/layout-compare.mjs [N...]        (default: 120 1200)
//
// Needs a release build (cargo build --release --bins --examples) and
// installs elkjs into target/layout-compare/ (npm) if missing. ELK's
// result is kept in target/layout-compare/elk-<hash>.json, keyed by the
// graph it was given (our node sizes and edges, not our layout), so that
// measuring a change to our layout does not wait for ELK again; its time
// is then the time it took when it ran.
// See docs/BENCHMARKS.md.

import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const tools = join(root, 'target/layout-compare');
const ELK_VERSION = '0.11.0';
if (!existsSync(join(tools, 'node_modules/elkjs/package.json'))) {
  mkdirSync(tools, { recursive: true });
  execFileSync('npm', ['install', '--prefix', tools, '--no-audit', '--no-fund', '--no-save', `elkjs@${ELK_VERSION}`], {
    stdio: 'inherit',
  });
}
const ELK = createRequire(join(tools, 'package.json'))('elkjs/lib/elk.bundled.js');

const bin = (name) => join(root, 'target/release', name);
for (const b of [bin('assoc'), bin('examples/gen_schema')]) {
  if (!existsSync(b)) {
    console.error(`layout-compare: ${b} is missing (cargo build --release --bins --examples)`);
    process.exit(2);
  }
}

/** Proper crossings between horizontal and vertical segments of different edges. */
export function crossings(edges) {
  const horizontal = [];
  const vertical = [];
  edges.forEach((points, e) => {
    for (let i = 1; i < points.length; i++) {
      const [x1, y1] = points[i - 1];
      const [x2, y2] = points[i];
      if (Math.abs(y1 - y2) < 1e-6 && Math.abs(x1 - x2) > 1e-6) {
        horizontal.push({ e, y: y1, a: Math.min(x1, x2), b: Math.max(x1, x2) });
      } else if (Math.abs(x1 - x2) < 1e-6 && Math.abs(y1 - y2) > 1e-6) {
        vertical.push({ e, x: x1, a: Math.min(y1, y2), b: Math.max(y1, y2) });
      }
    }
  });
  vertical.sort((p, q) => p.x - q.x);
  const xs = vertical.map((v) => v.x);
  const firstAtLeast = (x) => {
    let lo = 0;
    let hi = xs.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (xs[mid] < x) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  let count = 0;
  const eps = 1e-6;
  for (const h of horizontal) {
    for (let i = firstAtLeast(h.a + eps); i < vertical.length && vertical[i].x < h.b - eps; i++) {
      const v = vertical[i];
      if (v.e !== h.e && v.a < h.y - eps && h.y < v.b - eps) count++;
    }
  }
  return count;
}

async function compare(n) {
  const code = execFileSync(bin('examples/gen_schema'), [String(n), '1'], { maxBuffer: 1 << 28 });
  const file = join(tools, `schema_${n}.js`);
  writeFileSync(file, code);
  const t0 = performance.now();
  const ours = JSON.parse(execFileSync(bin('assoc'), ['layout', '--json', file], { maxBuffer: 1 << 28 }));
  const oursMs = performance.now() - t0;

  const graph = {
    id: 'root',
    layoutOptions: {
      'elk.algorithm': 'layered',
      'elk.direction': 'RIGHT',
      'elk.edgeRouting': 'ORTHOGONAL',
      'elk.spacing.nodeNode': '28',
      'elk.layered.spacing.nodeNodeBetweenLayers': '72',
    },
    children: ours.nodes.map((node) => ({ id: node.id, width: node.width, height: node.height })),
    edges: ours.edges.map((edge, i) => ({ id: `e${i}`, sources: [edge.source], targets: [edge.target] })),
  };
  const key = createHash('sha256').update(ELK_VERSION).update(JSON.stringify(graph)).digest('hex').slice(0, 16);
  const cached = join(tools, `elk-${key}.json`);
  let elkResult;
  if (existsSync(cached)) {
    elkResult = { ...JSON.parse(readFileSync(cached, 'utf8')), cached: true };
  } else {
    const elk = new ELK();
    const t1 = performance.now();
    const laid = await elk.layout(graph);
    const elkMs = performance.now() - t1;
    const elkEdges = laid.edges.map((edge) =>
      (edge.sections ?? []).flatMap((s) => [
        [s.startPoint.x, s.startPoint.y],
        ...(s.bendPoints ?? []).map((p) => [p.x, p.y]),
        [s.endPoint.x, s.endPoint.y],
      ]),
    );
    elkResult = { crossings: crossings(elkEdges), ms: elkMs };
    writeFileSync(cached, JSON.stringify(elkResult));
  }
  return {
    n,
    nodes: ours.nodes.length,
    edges: ours.edges.length,
    ours: { crossings: crossings(ours.edges.map((e) => e.points)), ms: oursMs },
    elk: elkResult,
  };
}

const sizes = process.argv.slice(2).map(Number).filter((x) => x > 0);
console.log('models  nodes  edges | ours: crossings    time | ELK layered: crossings      time');
for (const n of sizes.length ? sizes : [120, 1200]) {
  const r = await compare(n);
  console.log(
    `${String(r.n).padStart(6)} ${String(r.nodes).padStart(6)} ${String(r.edges).padStart(6)} |` +
      ` ${String(r.ours.crossings).padStart(15)} ${r.ours.ms.toFixed(0).padStart(6)} ms |` +
      ` ${String(r.elk.crossings).padStart(22)} ${r.elk.ms.toFixed(0).padStart(7)} ms` +
      (r.elk.cached ? ' (kept from an earlier run)' : ''),
  );
}
