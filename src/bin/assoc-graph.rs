//! The graph module: a second WebAssembly module of the page, loaded the
//! first time the graph tab is shown (docs/WEB.md). Its code is
//! `assoc_explorer::ui::graph_canvas`; this file only exports it to
//! JavaScript (exports live in a binary so that the page's own module,
//! which links the same library, does not carry them).

use wasm_bindgen::prelude::*;

use assoc_explorer::ui::graph_canvas;

/// Shows the canvas in `host`; `on_event(what, name)` hears of selections.
#[wasm_bindgen]
pub fn mount(host: web_sys::Element, on_event: js_sys::Function) {
    graph_canvas::mount(host, on_event);
}

/// Draws the schema (`graph::wire` text).
#[wasm_bindgen]
pub fn update(text: &str) {
    graph_canvas::update(text);
}

/// Selects a model by name (empty: none).
#[wasm_bindgen]
pub fn select(name: &str) {
    graph_canvas::select(name);
}

fn main() {}
