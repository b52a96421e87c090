//! The page: mounts the app, nothing else (the app is [`assoc_explorer::ui`]).

// Smaller and faster than the default dlmalloc in WebAssembly (docs/WEB.md).
#[cfg(target_arch = "wasm32")]
#[global_allocator]
static ALLOCATOR: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();

fn main() {
    assoc_explorer::ui::mount();
}
