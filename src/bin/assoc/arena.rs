//! The command line's allocator: an arena for one analysis, in front of
//! mimalloc.
//!
//! `assoc json` analyses one program and exits, and frees almost nothing
//! before it does; yet a tenth of its time went to mimalloc (finding free
//! blocks, building free lists in fresh pages). So [`reserve`] maps one
//! large region of address space (in transparent huge pages where the
//! kernel gives them), and allocations are bumped off it: each thread takes
//! chunks of [`CHUNK`] bytes and cuts its blocks from them; blocks over
//! [`SMALL_MAX`] bytes are cut from the region directly. Freeing gives a
//! block back only when it is the last one cut from its thread's chunk (a
//! temporary), and growing a block extends it in place when nothing was
//! cut after it; other freed memory stays unused until the process exits
//! (a 1,000-model `assoc json` cuts 34 MB; mimalloc touched 38 MB). The
//! region is bounded ([`reserve`]): past it, and for every block allocated
//! before [`reserve`] (or when it was never called, or could not map the
//! region), mimalloc serves.
//!
//! Faulting the region in ahead on another thread (`MADV_POPULATE_WRITE`,
//! all at once or a few huge pages ahead of the cut) took the kernel's
//! zeroing off the analysis thread, yet made the analysis slower, not
//! faster (docs/BENCHMARKS.md): the region is faulted in where it is first
//! written.
//!
//! Only commands that analyse once and exit reserve the arena (`main.rs`);
//! the others, which can allocate and free without bound, use mimalloc
//! alone.

use std::alloc::{GlobalAlloc, Layout};
use std::cell::Cell;
use std::ffi::c_void;
use std::sync::atomic::{AtomicUsize, Ordering};

use libmimalloc_sys as mi;

/// Each thread's chunk of the region.
pub const CHUNK: usize = 256 << 10;
/// Blocks up to this size are cut from the thread's chunk; larger ones from
/// the region directly.
pub const SMALL_MAX: usize = 16 << 10;
/// A transparent huge page: the region's alignment.
const HUGE: usize = 2 << 20;
/// Address space reserved (`MAP_NORESERVE`: nothing is committed until it
/// is touched); the arena's bound is at most this.
const RESERVED: usize = 4 << 30;
/// Block alignment of the region's large blocks and their ends.
const LARGE_ALIGN: usize = 16;

/// The region: `[START, END)`, and the first byte no chunk or large block
/// has taken. All zero until [`reserve`] succeeds.
static START: AtomicUsize = AtomicUsize::new(0);
static END: AtomicUsize = AtomicUsize::new(0);
static NEXT: AtomicUsize = AtomicUsize::new(0);

thread_local! {
    // This thread's chunk: its first byte, the first byte not yet cut, and
    // its end. Plain integers with constant initialisers: no destructor, so
    // they stay usable while the thread's other locals are dropped.
    static CHUNK_START: Cell<usize> = const { Cell::new(0) };
    static CURSOR: Cell<usize> = const { Cell::new(0) };
    static LIMIT: Cell<usize> = const { Cell::new(0) };
}

/// Maps the arena, at most `bound` bytes. Call once, from the main thread,
/// before the work starts. Returns whether the arena is in use: false when
/// the region could not be mapped (mimalloc then serves everything).
pub fn reserve(bound: usize) -> bool {
    if START.load(Ordering::Relaxed) != 0 {
        return true;
    }
    let bound = bound.min(RESERVED);
    // SAFETY: a fresh private anonymous mapping; nothing else refers to it.
    let base = unsafe {
        libc::mmap(
            std::ptr::null_mut(),
            RESERVED + HUGE,
            libc::PROT_READ | libc::PROT_WRITE,
            libc::MAP_PRIVATE | libc::MAP_ANONYMOUS | libc::MAP_NORESERVE,
            -1,
            0,
        )
    };
    if base == libc::MAP_FAILED {
        return false;
    }
    let start = round_up(base as usize, HUGE);
    // SAFETY: `[start, start + RESERVED)` lies in the mapping made above.
    // Huge pages are advice: where the kernel refuses, pages are small.
    unsafe {
        libc::madvise(start as *mut c_void, RESERVED, libc::MADV_HUGEPAGE);
    }
    NEXT.store(start, Ordering::Relaxed);
    END.store(start + bound, Ordering::Relaxed);
    START.store(start, Ordering::Release);
    true
}

/// Bytes of the region handed out so far (chunks and large blocks).
#[cfg(test)]
fn used() -> usize {
    NEXT.load(Ordering::Relaxed)
        .min(END.load(Ordering::Relaxed))
        .saturating_sub(START.load(Ordering::Relaxed))
}

fn round_up(n: usize, align: usize) -> usize {
    (n + align - 1) & !(align - 1)
}

fn in_arena(ptr: *mut u8) -> bool {
    let p = ptr as usize;
    p >= START.load(Ordering::Relaxed) && p < END.load(Ordering::Relaxed)
}

/// A block cut from this thread's chunk, or null when the arena is not in
/// use or full.
fn cut_small(size: usize, align: usize) -> *mut u8 {
    let at = round_up(CURSOR.get(), align);
    if at + size <= LIMIT.get() {
        CURSOR.set(at + size);
        return at as *mut u8;
    }
    // Not in use (END is 0), or full: no chunk is taken, so NEXT stays
    // within reach of the end.
    let end_of_arena = END.load(Ordering::Relaxed);
    if NEXT.load(Ordering::Relaxed) + CHUNK > end_of_arena {
        return std::ptr::null_mut();
    }
    let chunk = NEXT.fetch_add(CHUNK, Ordering::Relaxed);
    if chunk + CHUNK > end_of_arena {
        return std::ptr::null_mut();
    }
    CHUNK_START.set(chunk);
    LIMIT.set(chunk + CHUNK);
    let at = round_up(chunk, align);
    CURSOR.set(at + size);
    at as *mut u8
}

/// A block cut from the region itself, or null when the arena is not in use
/// or full.
fn cut_large(size: usize, align: usize) -> *mut u8 {
    let end_of_arena = END.load(Ordering::Relaxed);
    if end_of_arena == 0 {
        return std::ptr::null_mut();
    }
    let align = align.max(LARGE_ALIGN);
    let mut next = NEXT.load(Ordering::Relaxed);
    loop {
        let at = round_up(next, align);
        let end = round_up(at + size, LARGE_ALIGN);
        if end > end_of_arena {
            return std::ptr::null_mut();
        }
        match NEXT.compare_exchange_weak(next, end, Ordering::Relaxed, Ordering::Relaxed) {
            Ok(_) => return at as *mut u8,
            Err(now) => next = now,
        }
    }
}

fn cut(layout: Layout) -> *mut u8 {
    if layout.size() <= SMALL_MAX && layout.align() < CHUNK {
        cut_small(layout.size(), layout.align())
    } else {
        cut_large(layout.size(), layout.align())
    }
}

/// Whether `[ptr, ptr + size)` is the last block cut from this thread's
/// chunk.
fn is_last_cut(ptr: usize, size: usize) -> bool {
    ptr >= CHUNK_START.get() && ptr + size == CURSOR.get()
}

/// The arena in front of mimalloc: see the module's documentation.
pub struct Arena;

// SAFETY: a block of the arena is cut from memory no other block holds
// (chunks and large blocks are taken from `NEXT` atomically, and a chunk
// belongs to one thread), aligned as its layout asks, and given back only
// when it is the last block cut from its thread's chunk; the region stays
// mapped until the process exits. Every other block comes from mimalloc
// and goes back to it.
unsafe impl GlobalAlloc for Arena {
    #[inline]
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let block = cut(layout);
        if block.is_null() {
            // SAFETY: as for the impl.
            unsafe { mimalloc::alloc(layout) }
        } else {
            block
        }
    }

    #[inline]
    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        let block = cut(layout);
        if block.is_null() {
            // SAFETY: as for the impl.
            unsafe { mimalloc::alloc_zeroed(layout) }
        } else {
            // Memory given back and cut again is not zero any more.
            // SAFETY: the block is `layout.size()` bytes, ours alone.
            unsafe { block.write_bytes(0, layout.size()) };
            block
        }
    }

    #[inline]
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        if in_arena(ptr) {
            if is_last_cut(ptr as usize, layout.size()) {
                CURSOR.set(ptr as usize);
            }
        } else {
            // SAFETY: a block outside the arena came from mimalloc.
            unsafe { mimalloc::dealloc(ptr) }
        }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        if !in_arena(ptr) {
            // SAFETY: a block outside the arena came from mimalloc.
            return unsafe { mimalloc::realloc(ptr, layout, new_size) };
        }
        let at = ptr as usize;
        let old_size = layout.size();
        if is_last_cut(at, old_size) && new_size <= SMALL_MAX && at + new_size <= LIMIT.get() {
            CURSOR.set(at + new_size);
            return ptr;
        }
        if new_size <= old_size {
            return ptr;
        }
        // A large block that is the region's last grows in place. (A block
        // over SMALL_MAX bytes was cut from the region: chunk blocks grow
        // in place only up to SMALL_MAX.)
        if old_size > SMALL_MAX {
            let end = round_up(at + old_size, LARGE_ALIGN);
            let new_end = round_up(at + new_size, LARGE_ALIGN);
            if new_end <= END.load(Ordering::Relaxed)
                && NEXT
                    .compare_exchange(end, new_end, Ordering::Relaxed, Ordering::Relaxed)
                    .is_ok()
            {
                return ptr;
            }
        }
        // SAFETY: `new_size` with the block's alignment is a valid layout
        // (the caller's contract for realloc).
        let new_layout = unsafe { Layout::from_size_align_unchecked(new_size, layout.align()) };
        // SAFETY: as for the impl.
        let block = unsafe { self.alloc(new_layout) };
        if !block.is_null() {
            // SAFETY: both blocks are ours and distinct (the new one was
            // cut after the old one, or comes from mimalloc); the old one
            // holds `old_size` bytes, fewer than the new one.
            unsafe {
                std::ptr::copy_nonoverlapping(ptr, block, old_size);
                self.dealloc(ptr, layout);
            }
        }
        block
    }
}

/// mimalloc, called the way its own aligned entry points end up calling
/// it. The `mimalloc` crate sends every allocation through
/// `mi_malloc_aligned`, whose checks cost about as much again as the
/// allocation itself. For the layouts mimalloc aligns naturally (an
/// alignment of at most 16 bytes and at most the size:
/// `mi_malloc_is_naturally_aligned` in `alloc-aligned.c`),
/// `mi_malloc_aligned` itself falls through to the plain allocation, so
/// this calls that directly; every other layout goes to the aligned entry
/// points.
mod mimalloc {
    use super::{c_void, mi, Layout};

    /// `MI_MAX_ALIGN_SIZE`: mimalloc's blocks of at least this size are
    /// aligned to it.
    const NATURAL_ALIGN: usize = 16;

    fn natural(align: usize, size: usize) -> bool {
        align <= NATURAL_ALIGN && align <= size
    }

    /// # Safety
    /// As `GlobalAlloc::alloc`.
    pub unsafe fn alloc(layout: Layout) -> *mut u8 {
        // SAFETY: the plain entry point only where mimalloc guarantees the
        // alignment.
        unsafe {
            if natural(layout.align(), layout.size()) {
                mi::mi_malloc(layout.size()).cast()
            } else {
                mi::mi_malloc_aligned(layout.size(), layout.align()).cast()
            }
        }
    }

    /// # Safety
    /// As `GlobalAlloc::alloc_zeroed`.
    pub unsafe fn alloc_zeroed(layout: Layout) -> *mut u8 {
        // SAFETY: as for `alloc`.
        unsafe {
            if natural(layout.align(), layout.size()) {
                mi::mi_zalloc(layout.size()).cast()
            } else {
                mi::mi_zalloc_aligned(layout.size(), layout.align()).cast()
            }
        }
    }

    /// # Safety
    /// `ptr` came from this module.
    pub unsafe fn dealloc(ptr: *mut u8) {
        // SAFETY: `mi_free` frees aligned and plain blocks alike.
        unsafe { mi::mi_free(ptr.cast::<c_void>()) }
    }

    /// # Safety
    /// As `GlobalAlloc::realloc`, for a block that came from this module.
    pub unsafe fn realloc(ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // SAFETY: at most word alignment is what `mi_realloc_aligned`
        // itself passes on to the plain reallocation.
        unsafe {
            if layout.align() <= std::mem::size_of::<usize>() {
                mi::mi_realloc(ptr.cast::<c_void>(), new_size).cast()
            } else {
                mi::mi_realloc_aligned(ptr.cast::<c_void>(), new_size, layout.align()).cast()
            }
        }
    }
}

#[cfg(test)]
mod tests {
    //! The test binary runs on this allocator too (`main.rs` installs it),
    //! so the whole harness exercises it; this test also calls it directly
    //! to reach each path, one after the other (the last fills the region,
    //! which is shared by every thread).
    use super::*;

    const BOUND: usize = 256 << 20;

    fn layout(size: usize, align: usize) -> Layout {
        Layout::from_size_align(size, align).expect("a valid layout")
    }

    fn fill(ptr: *mut u8, len: usize, seed: u8) {
        for i in 0..len {
            // SAFETY: `ptr` holds `len` bytes.
            unsafe { ptr.add(i).write(seed.wrapping_add(i as u8)) };
        }
    }

    fn holds(ptr: *mut u8, len: usize, seed: u8) -> bool {
        // SAFETY: `ptr` holds `len` initialised bytes.
        (0..len).all(|i| unsafe { ptr.add(i).read() } == seed.wrapping_add(i as u8))
    }

    #[test]
    fn every_path_of_the_arena() {
        assert!(reserve(BOUND));
        assert!(reserve(BOUND), "a second call keeps the region");
        blocks_are_aligned_distinct_and_in_the_arena();
        the_last_block_freed_is_cut_again_and_zeroed_when_asked();
        growing_keeps_the_contents_in_place_or_moved();
        threads_cut_from_chunks_of_their_own();
        past_its_bound_mimalloc_serves();
    }

    fn blocks_are_aligned_distinct_and_in_the_arena() {
        let mut blocks = Vec::new();
        for (n, &(size, align)) in [
            (1, 1),
            (3, 2),
            (8, 8),
            (24, 8),
            (100, 16),
            (64, 64),
            (5000, 4096),
            (SMALL_MAX, 8),
            (SMALL_MAX + 1, 8),
            (1 << 20, 32),
        ]
        .iter()
        .enumerate()
        {
            // SAFETY: a non-zero size.
            let p = unsafe { Arena.alloc(layout(size, align)) };
            assert!(!p.is_null());
            assert_eq!(p as usize % align, 0, "{size} bytes aligned to {align}");
            assert!(in_arena(p), "{size} bytes cut from the arena");
            fill(p, size, n as u8);
            blocks.push((p, size, n as u8));
        }
        for &(p, size, seed) in &blocks {
            assert!(holds(p, size, seed), "no block overwrote another");
        }
    }

    fn the_last_block_freed_is_cut_again_and_zeroed_when_asked() {
        let l = layout(40, 8);
        // SAFETY: valid layouts; each block is freed once.
        unsafe {
            let a = Arena.alloc(l);
            fill(a, 40, 7);
            Arena.dealloc(a, l);
            let b = Arena.alloc(l);
            assert_eq!(a, b, "a temporary's memory is cut again");
            Arena.dealloc(b, l);
            let z = Arena.alloc_zeroed(l);
            assert_eq!(z, a);
            assert!((0..40).all(|i| z.add(i).read() == 0));
            // Not the last block: freeing it keeps it cut.
            let c = Arena.alloc(l);
            Arena.dealloc(z, l);
            let d = Arena.alloc(l);
            assert_ne!(d, z);
            assert_ne!(d, c);
        }
    }

    fn growing_keeps_the_contents_in_place_or_moved() {
        // SAFETY: valid layouts; every block is reallocated with its own.
        unsafe {
            // The last block grows in place.
            let l = layout(32, 8);
            let a = Arena.alloc(l);
            fill(a, 32, 1);
            let a2 = Arena.realloc(a, l, 64);
            assert_eq!(a, a2);
            assert!(holds(a2, 32, 1));
            // A block with another after it moves, with its contents.
            let l64 = layout(64, 8);
            let other = Arena.alloc(l);
            let a3 = Arena.realloc(a2, l64, 200);
            assert_ne!(a3, a2);
            assert!(holds(a3, 32, 1));
            assert_ne!(a3, other);
            // Shrinking stays in place.
            let a4 = Arena.realloc(a3, layout(200, 8), 10);
            assert_eq!(a4, a3);
            assert!(holds(a4, 10, 1));
            // A large block grows to many times its size.
            let mut size = SMALL_MAX + 100;
            let mut big = Arena.alloc(layout(size, 16));
            fill(big, size, 9);
            for _ in 0..5 {
                let grown = Arena.realloc(big, layout(size, 16), size * 2);
                assert!(holds(grown, size, 9));
                fill(grown, size * 2, 9);
                big = grown;
                size *= 2;
            }
            assert!(in_arena(big));
        }
    }

    fn threads_cut_from_chunks_of_their_own() {
        let handles: Vec<_> = (0..4u8)
            .map(|t| {
                std::thread::spawn(move || {
                    let mut strings: Vec<String> = (0..20_000)
                        .map(|i| format!("{t}-{i}-{}", "x".repeat(i % 50)))
                        .collect();
                    strings.retain(|s| s.len() % 3 != 0);
                    let mut map = std::collections::HashMap::new();
                    for (i, s) in strings.iter().enumerate() {
                        map.insert(s.clone(), i);
                    }
                    (0..20_000).all(|i| {
                        let s = format!("{t}-{i}-{}", "x".repeat(i % 50));
                        s.len() % 3 == 0 || strings[map[&s]] == s
                    })
                })
            })
            .collect();
        for h in handles {
            assert!(h.join().expect("no panic"), "every thread's data intact");
        }
    }

    fn past_its_bound_mimalloc_serves() {
        // Large blocks until the region is full; the rest from mimalloc,
        // which frees and reallocates them as its own.
        let l = layout(8 << 20, 16);
        let mut outside = None;
        for _ in 0..(BOUND / (8 << 20) + 2) {
            // SAFETY: a valid layout.
            let p = unsafe { Arena.alloc(l) };
            assert!(!p.is_null());
            if !in_arena(p) {
                outside = Some(p);
                break;
            }
        }
        assert!(used() + (8 << 20) > BOUND, "the region is full");
        let p = outside.expect("a block past the bound comes from mimalloc");
        fill(p, 1000, 3);
        // SAFETY: `p` came from mimalloc through the arena; realloc and
        // dealloc with its layout.
        unsafe {
            let q = Arena.realloc(p, l, 16 << 20);
            assert!(holds(q, 1000, 3));
            Arena.dealloc(q, layout(16 << 20, 16));
        }
        // Small blocks still come from the threads' chunks or mimalloc.
        let s = String::from("still allocating");
        assert_eq!(s.len(), 16);
    }
}
