//! `assoc`: the command-line front end over the same engine as the page.
//! See `assoc --help`; the work is in [`assoc_explorer::cli`].

use std::process::ExitCode;

// Host only: the browser's component tests (tests/web.rs) build every
// binary of the package for wasm32, where neither is a dependency.
#[cfg(not(target_arch = "wasm32"))]
#[allow(unsafe_code)]
mod arena;

#[cfg(not(target_arch = "wasm32"))]
#[global_allocator]
static ALLOCATOR: arena::Arena = arena::Arena;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    #[cfg(not(target_arch = "wasm32"))]
    reserve_arena(&args);
    let code = assoc_explorer::cli::run_then_exit(
        &args,
        &mut std::io::stdout().lock(),
        &mut std::io::stderr().lock(),
    );
    ExitCode::from(code)
}

/// The commands that analyse the input once and exit run on the arena
/// (`arena.rs`), bounded by the input's size: a 1,000-model schema
/// (371 KB) cuts about 90 times its size. The others (`seed`, `walk`,
/// `eager`, `destroy`, `png`) allocate and free as they go, and run on
/// mimalloc alone.
#[cfg(not(target_arch = "wasm32"))]
fn reserve_arena(args: &[String]) {
    /// The arena's bound per byte of input, at least and at most.
    const PER_INPUT_BYTE: u64 = 256;
    const MIN_BOUND: u64 = 64 << 20;
    const MAX_BOUND: u64 = 1 << 30;
    let Some((command, rest)) = args.split_first() else {
        return;
    };
    if !matches!(
        command.as_str(),
        "json" | "check" | "layout" | "svg" | "sql" | "mermaid" | "dbml"
    ) {
        return;
    }
    let input: u64 = rest
        .iter()
        .filter_map(|path| std::fs::metadata(path).ok())
        .filter(std::fs::Metadata::is_file)
        .map(|meta| meta.len())
        .sum();
    let bound = input
        .saturating_mul(PER_INPUT_BYTE)
        .clamp(MIN_BOUND, MAX_BOUND);
    arena::reserve(usize::try_from(bound).unwrap_or(usize::MAX));
}
