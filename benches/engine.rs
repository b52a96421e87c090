//! In-process benchmark of the engine: `analyse` + the JSON text `assoc json`
//! prints (`oracle_json_text`) on generated schemas of 100, 1,000 and
//! 3,000 models with about 2.5 associations each (`examples/gen_schema.rs`,
//! seed 1, the inputs `scripts/bench.sh` times as whole processes).
//!
//! ```sh
//! cargo bench --bench engine            # the table below
//! cargo bench --bench engine -- 500 2000   # other sizes
//! ```
//!
//! A plain binary (`harness = false`), timed with `std::time::Instant`
//! only: each size is run a few times after one warm-up and the median,
//! fastest and slowest runs are printed. Run without `--bench` (as
//! `cargo test --all-targets` does) it analyses the 100-model schema once
//! and checks that it succeeds, so that the test suite stays quick.
//! See docs/BENCHMARKS.md.

use std::time::{Duration, Instant};

use assoc_explorer::engine::{self, oracle_json::oracle_json_text, SourceFile};

#[path = "../examples/gen_schema.rs"]
#[allow(dead_code)]
mod gen_schema;

/// The seed `scripts/bench.sh` uses, so both measure the same inputs.
const SEED: u64 = 1;

struct Run {
    analyse: Duration,
    json: Duration,
    total: Duration,
    models: usize,
    associations: usize,
    output_bytes: usize,
}

fn run_once(files: &[SourceFile]) -> Run {
    let start = Instant::now();
    let analysis = engine::analyse(files);
    let analysed = Instant::now();
    // What `assoc json` prints.
    let text = oracle_json_text(&analysis);
    let done = Instant::now();
    assert!(
        analysis.strict_error.is_none(),
        "the generated schema must analyse without a Sequelize error: {:.300}",
        text
    );
    let run = Run {
        analyse: analysed - start,
        json: done - analysed,
        total: done - start,
        models: analysis.schema.models.len(),
        associations: analysis.schema.live_associations().count(),
        output_bytes: text.len(),
    };
    drop(std::hint::black_box(text));
    run
}

fn median(mut xs: Vec<Duration>) -> Duration {
    xs.sort();
    xs[xs.len() / 2]
}

fn ms(d: Duration) -> String {
    format!("{:.2}", d.as_secs_f64() * 1000.0)
}

fn bench(n: usize) {
    let text = gen_schema::generate(n, SEED);
    let input_bytes = text.len();
    let files = [SourceFile::new(format!("schema_{n}.js"), text)];
    // One warm-up run, then enough runs for a stable median.
    let _ = run_once(&files);
    let runs_wanted = match n {
        0..=300 => 31,
        301..=1500 => 11,
        _ => 7,
    };
    let runs: Vec<Run> = (0..runs_wanted).map(|_| run_once(&files)).collect();
    let totals: Vec<Duration> = runs.iter().map(|r| r.total).collect();
    let first = &runs[0];
    println!(
        "| {:>6} | {:>6} | {:>7} | {:>9} | {:>10} | {:>9} | {:>9} | {:>11} | {:>11} | {:>4} |",
        n,
        first.models,
        first.associations,
        input_bytes,
        ms(median(runs.iter().map(|r| r.analyse).collect())),
        ms(median(runs.iter().map(|r| r.json).collect())),
        ms(median(totals.clone())),
        ms(*totals.iter().min().expect("runs")),
        ms(*totals.iter().max().expect("runs")),
        runs.len(),
    );
    let _ = first.output_bytes;
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let benchmarking = args.iter().any(|a| a == "--bench");
    if !benchmarking {
        // `cargo test --all-targets`: a smoke test, not a measurement.
        let files = [SourceFile::new(
            "schema_100.js",
            gen_schema::generate(100, SEED),
        )];
        let run = run_once(&files);
        assert!(run.models >= 100 && run.associations > 0);
        println!(
            "engine bench smoke test: 100 models -> {} models, {} associations, {} bytes of JSON (run `cargo bench --bench engine` to measure)",
            run.models, run.associations, run.output_bytes
        );
        return;
    }
    let mut sizes: Vec<usize> = args.iter().filter_map(|a| a.parse().ok()).collect();
    if sizes.is_empty() {
        sizes = vec![100, 1000, 3000];
    }
    if cfg!(debug_assertions) {
        println!("warning: debug build; figures are not representative");
    }
    println!("analyse + the printed JSON text, in process (times in ms; seed {SEED})\n");
    println!(
        "| {:>6} | {:>6} | {:>7} | {:>9} | {:>10} | {:>9} | {:>9} | {:>11} | {:>11} | {:>4} |",
        "input",
        "models",
        "assocs",
        "bytes",
        "analyse",
        "json",
        "median",
        "fastest",
        "slowest",
        "runs"
    );
    println!(
        "|-------:|-------:|--------:|----------:|-----------:|----------:|----------:|------------:|------------:|-----:|"
    );
    for n in sizes {
        bench(n);
    }
    println!("\n(models and assocs: what Sequelize builds, junction models included; analyse and json: medians)");
}
