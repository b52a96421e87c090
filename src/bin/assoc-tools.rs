//! The tools module: a WebAssembly module of the page, loaded the first
//! time the page opens one of its tools (docs/WEB.md), in a full-page
//! overlay. Its code is `assoc_explorer::ui::workshop`; this file only
//! exports it to JavaScript (exports live in a binary so that the page's
//! own module, which links the same library, does not carry them).

use wasm_bindgen::prelude::*;

use assoc_explorer::ui::workshop;

// Smaller and faster than the default dlmalloc in WebAssembly (docs/WEB.md).
#[cfg(target_arch = "wasm32")]
#[global_allocator]
static ALLOCATOR: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();

/// Takes `host` (the page's overlay); `on_event(what, text)` tells the
/// page of a lesson's code to load (`code`) or a model to select.
#[wasm_bindgen]
pub fn mount(host: web_sys::Element, on_event: js_sys::Function) {
    workshop::mount(host, on_event);
}

/// The editor's code, after every analysis.
#[wasm_bindgen]
pub fn update(code: &str) {
    workshop::update(code);
}

/// The page's selected model (empty: none).
#[wasm_bindgen]
pub fn select(name: &str) {
    workshop::select(name);
}

/// Opens a tool in the overlay: `workshop`.
#[wasm_bindgen]
pub fn open(what: &str) {
    workshop::open(what);
}

fn main() {}
