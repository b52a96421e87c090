//! The data module: a third WebAssembly module of the page, loaded the
//! first time the data tab is shown (docs/WEB.md). Its code is
//! `assoc_explorer::ui::data_walk`; this file only exports it to
//! JavaScript (exports live in a binary so that the page's own module,
//! which links the same library, does not carry them).

use wasm_bindgen::prelude::*;

use assoc_explorer::ui::data_walk;

// Smaller and faster than the default dlmalloc in WebAssembly (docs/WEB.md).
#[cfg(target_arch = "wasm32")]
#[global_allocator]
static ALLOCATOR: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();

/// Shows the data in `host`; `on_event(what, name)` hears of selections.
#[wasm_bindgen]
pub fn mount(host: web_sys::Element, on_event: js_sys::Function) {
    data_walk::mount(host, on_event);
}

/// Analyses `code` (the editor's text) and shows its simulated data.
#[wasm_bindgen]
pub fn update(code: &str) {
    data_walk::update(code);
}

/// Shows the table of a model by name (empty: none), as the page's other
/// views selected it.
#[wasm_bindgen]
pub fn select(name: &str) {
    data_walk::select(name);
}

fn main() {}
