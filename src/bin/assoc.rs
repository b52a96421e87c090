//! `assoc`: the command-line front end over the same engine as the page.
//! See `assoc --help`; the work is in [`assoc_explorer::cli`].

use std::process::ExitCode;

// Host only: the browser's component tests (tests/web.rs) build every
// binary of the package for wasm32, where mimalloc is not a dependency.
#[cfg(not(target_arch = "wasm32"))]
#[global_allocator]
static ALLOCATOR: allocator::MiMalloc = allocator::MiMalloc;

/// mimalloc, called the way its own aligned entry points end up calling
/// it. The `mimalloc` crate sends every allocation through
/// `mi_malloc_aligned`, whose checks cost about as much again as the
/// allocation itself; a 1,000-model `assoc json` makes 300,000 of them.
/// For the layouts mimalloc aligns naturally (an alignment of at most 16
/// bytes and at most the size: `mi_malloc_is_naturally_aligned` in
/// `alloc-aligned.c`), `mi_malloc_aligned` itself falls through to the
/// plain allocation, so this calls that directly; every other layout goes
/// to the aligned entry points as before.
#[cfg(not(target_arch = "wasm32"))]
#[allow(unsafe_code)]
mod allocator {
    use std::alloc::{GlobalAlloc, Layout};
    use std::ffi::c_void;

    use libmimalloc_sys as mi;

    /// `MI_MAX_ALIGN_SIZE`: mimalloc's blocks of at least this size are
    /// aligned to it.
    const NATURAL_ALIGN: usize = 16;

    fn natural(align: usize, size: usize) -> bool {
        align <= NATURAL_ALIGN && align <= size
    }

    pub struct MiMalloc;

    // SAFETY: every block comes from mimalloc and goes back to it
    // (`mi_free` frees aligned and plain blocks alike); the plain entry
    // points are used only where mimalloc guarantees the alignment.
    unsafe impl GlobalAlloc for MiMalloc {
        #[inline]
        unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
            // SAFETY: as for the impl.
            unsafe {
                if natural(layout.align(), layout.size()) {
                    mi::mi_malloc(layout.size()).cast()
                } else {
                    mi::mi_malloc_aligned(layout.size(), layout.align()).cast()
                }
            }
        }

        #[inline]
        unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
            // SAFETY: as for the impl.
            unsafe {
                if natural(layout.align(), layout.size()) {
                    mi::mi_zalloc(layout.size()).cast()
                } else {
                    mi::mi_zalloc_aligned(layout.size(), layout.align()).cast()
                }
            }
        }

        #[inline]
        unsafe fn dealloc(&self, ptr: *mut u8, _layout: Layout) {
            // SAFETY: `ptr` was allocated by mimalloc (above).
            unsafe { mi::mi_free(ptr.cast::<c_void>()) }
        }

        #[inline]
        unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
            // SAFETY: `ptr` was allocated by mimalloc; at most word
            // alignment is what `mi_realloc_aligned` itself passes on to
            // the plain reallocation.
            unsafe {
                if layout.align() <= std::mem::size_of::<usize>() {
                    mi::mi_realloc(ptr.cast::<c_void>(), new_size).cast()
                } else {
                    mi::mi_realloc_aligned(ptr.cast::<c_void>(), new_size, layout.align()).cast()
                }
            }
        }
    }
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let code = assoc_explorer::cli::run_then_exit(
        &args,
        &mut std::io::stdout().lock(),
        &mut std::io::stderr().lock(),
    );
    ExitCode::from(code)
}
