//! The share module: a WebAssembly module of the page, loaded as soon as
//! the page starts (docs/WEB.md). Its code is
//! `assoc_explorer::ui::share_bar`; this file only exports it to
//! JavaScript (exports live in a binary so that the page's own module,
//! which links the same library, does not carry them).

use wasm_bindgen::prelude::*;

use assoc_explorer::ui::share_bar;

// Smaller and faster than the default dlmalloc in WebAssembly (docs/WEB.md).
#[cfg(target_arch = "wasm32")]
#[global_allocator]
static ALLOCATOR: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();

/// Shows the toolbar in `host` and reads the page's link;
/// `on_event(what, value)` hands the page what the link holds.
#[wasm_bindgen]
pub fn mount(host: web_sys::Element, on_event: js_sys::Function) {
    share_bar::mount(host, on_event);
}

/// The editor's text after an analysis: the link follows it.
#[wasm_bindgen]
pub fn update(code: &str) {
    share_bar::update(code);
}

/// The selected model (empty: none): the link follows it.
#[wasm_bindgen]
pub fn select(name: &str) {
    share_bar::select(name);
}

fn main() {}
