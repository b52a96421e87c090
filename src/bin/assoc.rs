//! `assoc`: the command-line front end over the same engine as the page.
//! See `assoc --help`; the work is in [`assoc_explorer::cli`].

use std::process::ExitCode;

// Host only: the browser's component tests (tests/web.rs) build every
// binary of the package for wasm32, where mimalloc is not a dependency.
#[cfg(not(target_arch = "wasm32"))]
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let code = assoc_explorer::cli::run_then_exit(
        &args,
        &mut std::io::stdout().lock(),
        &mut std::io::stderr().lock(),
    );
    ExitCode::from(code)
}
