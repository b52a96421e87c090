//! Benchmark of the graph layout (issue #4): `graph::build` and
//! `graph::layout::layout` on generated schemas of 120 and 1,200 models
//! (`examples/gen_schema.rs`, seed 1; with their junctions 191 nodes and
//! 329 edges, 1,866 and 3,361), the analysis itself not counted. Prints,
//! per size and layering, the nodes, edges, columns and crossings of the
//! layout, and the median, fastest and slowest of a few runs after one
//! warm-up.
//!
//! ```sh
//! cargo bench --bench layout            # 120 and 1,200 models
//! cargo bench --bench layout -- 500     # other sizes
//! ```
//!
//! A plain binary (`harness = false`) timed with `std::time::Instant`. Run
//! without `--bench` (as `cargo test --all-targets` does) it lays out the
//! 120-model schema once and checks the result, so the suite stays quick:
//! among the checks, issue #4's bar of no more drawn crossings than ELK's
//! layered layout on the same graph (`ELK_DRAWN`).
//! See docs/BENCHMARKS.md.

use std::time::{Duration, Instant};

use assoc_explorer::engine::{self, SourceFile};
use assoc_explorer::graph::{
    self,
    layout::{layout_with, Layering},
};

#[path = "../examples/gen_schema.rs"]
#[allow(dead_code)]
mod gen_schema;

const SEED: u64 = 1;

/// The drawn crossings of ELK's layered layout (elkjs 0.11.0) on the
/// generated schemas, as `node scripts/layout-compare.mjs` counts them:
/// (models, crossings). Ours may not have more.
const ELK_DRAWN: [(usize, usize); 2] = [(120, 2_245), (1200, 226_010)];

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let benching = args.iter().any(|a| a == "--bench");
    let sizes: Vec<usize> = args.iter().filter_map(|a| a.parse().ok()).collect();
    let sizes = if !sizes.is_empty() {
        sizes
    } else if benching {
        vec![120, 1200]
    } else {
        vec![120]
    };
    let runs = if benching { 7 } else { 1 };
    println!(
        "{:>7} {:>7} {:>12} {:>8} {:>10} {:>10} {:>12} {:>12} {:>12}",
        "nodes",
        "edges",
        "layering",
        "columns",
        "crossings",
        "drawn",
        "median",
        "fastest",
        "slowest"
    );
    for (n, layering) in sizes
        .iter()
        .flat_map(|&n| [(n, Layering::Distance), (n, Layering::LongestPath)])
    {
        let code = gen_schema::generate(n, SEED);
        let analysis = engine::analyse(&[SourceFile::new("schema.js", code)]);
        assert!(analysis.strict_error.is_none(), "the schema analyses");
        let g = graph::build(&analysis.schema, graph::Options::default());
        let mut times: Vec<Duration> = Vec::new();
        let mut last = None;
        for i in 0..=runs {
            let start = Instant::now();
            let g = graph::build(&analysis.schema, graph::Options::default());
            let placed = layout_with(&g, layering);
            let took = start.elapsed();
            if i > 0 || runs == 1 {
                times.push(took);
            }
            last = Some(placed);
        }
        let placed = last.expect("one run");
        assert_eq!(placed.nodes.len(), g.node_count());
        let drawn = drawn_crossings(&placed.edges);
        if let Some(&(_, elk)) = ELK_DRAWN.iter().find(|&&(models, _)| models == n) {
            assert!(
                layering != Layering::Distance || drawn <= elk,
                "{n} models: {drawn} drawn crossings, ELK's layered layout has {elk}"
            );
        }
        times.sort();
        let columns = placed.columns.iter().max().map_or(0, |c| c + 1);
        println!(
            "{:>7} {:>7} {:>12} {:>8} {:>10} {:>10} {:>10.1}ms {:>10.1}ms {:>10.1}ms",
            g.node_count(),
            g.edge_count(),
            format!("{layering:?}"),
            columns,
            placed.crossings,
            drawn,
            ms(times[times.len() / 2]),
            ms(times[0]),
            ms(times[times.len() - 1]),
        );
    }
}

/// Crossings of the drawn lines: a horizontal segment of one edge properly
/// crossing a vertical segment of another, the count of
/// `scripts/layout-compare.mjs` (which also counts ELK's), here without
/// the coordinates' rounding to a tenth of `assoc layout --json`.
fn drawn_crossings(edges: &[Vec<[f64; 2]>]) -> usize {
    const EPS: f64 = 1e-6;
    // (edge, y, left, right) and (edge, x, top, bottom).
    let mut horizontal: Vec<(usize, f64, f64, f64)> = Vec::new();
    let mut vertical: Vec<(usize, f64, f64, f64)> = Vec::new();
    for (e, points) in edges.iter().enumerate() {
        for pair in points.windows(2) {
            let ([x1, y1], [x2, y2]) = (pair[0], pair[1]);
            if (y1 - y2).abs() < EPS && (x1 - x2).abs() > EPS {
                horizontal.push((e, y1, x1.min(x2), x1.max(x2)));
            } else if (x1 - x2).abs() < EPS && (y1 - y2).abs() > EPS {
                vertical.push((e, x1, y1.min(y2), y1.max(y2)));
            }
        }
    }
    vertical.sort_by(|p, q| p.1.total_cmp(&q.1));
    let mut count = 0;
    for &(e, y, a, b) in &horizontal {
        let first = vertical.partition_point(|v| v.1 < a + EPS);
        for &(f, _, top, bottom) in vertical[first..].iter().take_while(|v| v.1 < b - EPS) {
            if f != e && top < y - EPS && y < bottom - EPS {
                count += 1;
            }
        }
    }
    count
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}
