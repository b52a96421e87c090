//! The graph tab, on the page's side: a host element for the graph module
//! ([`super::graph_canvas`], a second WebAssembly module loaded the first
//! time this tab is shown, docs/WEB.md) and, beside it, the selected
//! model's card as the ledger shows it. The page hands the module the
//! schema as text ([`crate::graph::wire`]) after every analysis and the
//! selection whenever it changes; the module tells the page when a model
//! is selected on the canvas or should be shown in the code.
//!
//! Plain DOM under one element and one effect: every typed view and
//! signal of a new type would add generic code to the page's first load,
//! which has a size budget.

use std::sync::Arc;

use leptos::prelude::*;
use wasm_bindgen::prelude::*;

use super::cards::{body_html, model_line, Card};
use super::ledger::on_card_click;
use super::state::{Analysed, AppState, Tab};
use crate::graph::{svg, wire};

/// Where the graph module's JavaScript is, from the page.
const MODULE: &str = "graph/assoc-graph.js";

// The module is imported once; until it is there, what the page hands it
// waits (the last schema, the last selection). A failure to load says so
// in the host, as text.
#[wasm_bindgen(inline_js = r#"
let graph = null, loading = null, host = null, onEvent = null, text = null, chosen = null;
function flush() {
  if (!graph || !host) return;
  if (host.dataset.mounted !== '1') { graph.mount(host, onEvent); host.dataset.mounted = '1'; }
  if (text !== null) { graph.update(text); text = null; }
  if (chosen !== null) { graph.select(chosen); chosen = null; }
}
export function graph_show(el, callback, path) {
  host = el; onEvent = callback;
  if (!loading) {
    loading = import(new URL(path, document.baseURI).href).then(async (m) => { await m.default(); graph = m; });
  }
  loading.then(flush, (e) => {
    loading = null;
    el.textContent = 'The graph could not be loaded (' + ((e && e.message) || e) + '). The other views work; reload the page to try again.';
  });
}
export function graph_update(t) { text = t; flush(); }
export function graph_select(name) { chosen = name; flush(); }
"#)]
extern "C" {
    fn graph_show(host: &web_sys::Element, on_event: &JsValue, path: &str);
    fn graph_update(text: &str);
    fn graph_select(name: &str);
}

const FRAME: &str = concat!(
    "<div class=\"graph-host\"><p class=\"graph-status\" role=\"status\">Loading the graph\u{2026}</p></div>",
    "<aside class=\"graph-side\" aria-label=\"Selected model\"></aside>"
);

/// The graph tab.
#[component]
pub fn GraphView() -> impl IntoView {
    let state = expect_context::<AppState>();
    let root = NodeRef::<leptos::html::Div>::new();
    // What the canvas says: a model selected there, or to show in the
    // code. Owned by JavaScript: the module keeps it until the next mount.
    let on_event = Closure::<dyn FnMut(String, String)>::new(move |what: String, name: String| {
        if what == "select" {
            state.selected.set((!name.is_empty()).then_some(name));
        } else if what == "open" {
            let line = state
                .analysed
                .with_untracked(|a| model_line(&a.analysis, &a.code, &name));
            if let Some(line) = line {
                state.go_to_line(line);
            }
        }
    })
    .into_js_value();
    // What was last handed on: the analysis and the selection.
    let mut last: Option<(Arc<Analysed>, Option<String>)> = None;
    // Nothing happens until the tab is shown (the module is not even
    // loaded); while another tab is shown, nothing is handed on either.
    Effect::new(move |_| {
        if state.tab.get() != Tab::Graph {
            return;
        }
        let analysed = state.analysed.get();
        let selected = state.selected.get();
        let Some(root) = root.get() else {
            return;
        };
        let find = |s: &str| root.query_selector(s).ok().flatten();
        match &last {
            None => {
                root.set_inner_html(FRAME);
                if let Some(host) = find(".graph-host") {
                    graph_show(&host, &on_event, MODULE);
                }
                graph_update(&wire::encode(&analysed.analysis.schema));
                graph_select(selected.as_deref().unwrap_or(""));
            }
            Some((a, s)) => {
                if !Arc::ptr_eq(a, &analysed) {
                    graph_update(&wire::encode(&analysed.analysis.schema));
                }
                if *s != selected {
                    graph_select(selected.as_deref().unwrap_or(""));
                }
            }
        }
        if let Some(side) = find(".graph-side") {
            let card = selected
                .as_deref()
                .and_then(|s| analysed.cards.iter().find(|c| c.model == s));
            side.set_inner_html(&card.map_or_else(String::new, card_html));
        }
        last = Some((analysed, selected));
    });

    view! { <div class="graph-view" node_ref=root on:click=move |ev| on_card_click(state, &ev)></div> }
}

/// A model's card as in the ledger, as markup.
fn card_html(card: &Card) -> String {
    let mut s = String::from("<ul class=\"cards\"><li class=\"card selected\" data-model=\"");
    svg::escape(&mut s, &card.model);
    s.push_str("\"><header class=\"card-head\"><h2>");
    svg::escape(&mut s, &card.model);
    s.push_str("</h2><span class=\"kind kind-");
    s.push_str(&card.kind.label().replace(' ', "-"));
    s.push_str("\">");
    s.push_str(card.kind.label());
    s.push_str("</span><span class=\"table\" title=\"Table name\">");
    svg::escape(&mut s, &card.table);
    s.push_str("</span></header><div class=\"card-body\">");
    s.push_str(&body_html(card));
    s.push_str("</div></li></ul>");
    s
}
