//! The layout's benchmark in the browser (issue #4: "native and in the
//! browser"): `graph::build` and the layout of the generated schemas of
//! 120 and 1,200 models, compiled to wasm, timed with `performance.now()`
//! in headless Chromium. Not part of `make test` (a timing, not a check):
//!
//! ```sh
//! make bench-layout-web     # cargo test --release --target wasm32-unknown-unknown --test layout_wasm -- --nocapture
//! ```
//!
//! It prints a line per size; the only assertions are that the layout has
//! a rectangle per node and a line per edge. On the host this file
//! compiles to nothing. See docs/BENCHMARKS.md.

#![cfg(target_arch = "wasm32")]

use assoc_explorer::engine::{self, SourceFile};
use assoc_explorer::graph::{self, layout::layout};
use wasm_bindgen_test::{console_log, wasm_bindgen_test, wasm_bindgen_test_configure};

#[path = "../examples/gen_schema.rs"]
#[allow(dead_code)]
mod gen_schema;

wasm_bindgen_test_configure!(run_in_browser);

const RUNS: usize = 7;

fn now() -> f64 {
    web_sys::window()
        .and_then(|w| w.performance())
        .map_or(0.0, |p| p.now())
}

#[wasm_bindgen_test]
fn layout_of_120_and_1200_models_in_the_browser() {
    for models in [120, 1200] {
        let code = gen_schema::generate(models, 1);
        let analysis = engine::analyse(&[SourceFile::new("schema.js", code)]);
        assert!(analysis.strict_error.is_none());
        let mut times = Vec::with_capacity(RUNS);
        let mut last = None;
        for run in 0..=RUNS {
            let start = now();
            let g = graph::build(&analysis.schema, graph::Options::default());
            let placed = layout(&g);
            let took = now() - start;
            if run > 0 {
                times.push(took);
            }
            assert_eq!(placed.nodes.len(), g.node_count());
            assert_eq!(placed.edges.len(), g.edge_count());
            last = Some((g.node_count(), g.edge_count(), placed.crossings));
        }
        times.sort_by(f64::total_cmp);
        let (nodes, edges, crossings) = last.unwrap_or_default();
        console_log!(
            "layout in wasm: {models} models, {nodes} nodes, {edges} edges, {crossings} crossings: median {:.1} ms (fastest {:.1}, slowest {:.1}) of {RUNS}",
            times[RUNS / 2],
            times[0],
            times[RUNS - 1]
        );
    }
}
