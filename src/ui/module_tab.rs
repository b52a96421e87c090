//! The tabs whose content is a WebAssembly module of its own, loaded the
//! first time the tab is shown (docs/WEB.md): the graph
//! ([`super::graph_canvas`], `src/bin/assoc-graph.rs`) and the simulated
//! data ([`super::data_walk`], `src/bin/assoc-data.rs`). The page gives
//! each a host element, text after every analysis (the graph gets the
//! schema as [`crate::graph::wire`] text, the data module the code itself,
//! which it analyses again with the DDL details the page is built
//! without) and the selection whenever it changes; a module tells the page
//! when a model is selected there or should be shown in the code. Beside
//! the graph, the selected model's card as the ledger shows it.
//!
//! Plain DOM under one element and one effect per tab: every typed view
//! and signal of a new type would add generic code to the page's first
//! load, which has a size budget.

use std::sync::Arc;

use leptos::prelude::*;
use wasm_bindgen::prelude::*;

use super::cards::{body_html, model_line, Card};
use super::ledger::on_card_click;
use super::state::{Analysed, AppState, Tab};
use crate::graph::{svg, wire};

use super::link::{module_select, module_show, module_update};

/// What differs between the two tabs.
pub struct Module {
    pub tab: Tab,
    /// The module's JavaScript, from the page.
    pub path: &'static str,
    /// The tab's markup before the module is there; the module goes in
    /// its `.module-host`, the card (if any) in its `.graph-side`.
    pub frame: &'static str,
    /// The class of the tab's element.
    pub class: &'static str,
    /// What the module is handed after an analysis.
    pub text: fn(&Analysed) -> String,
}

pub const GRAPH: Module = Module {
    tab: Tab::Graph,
    path: "graph/assoc-graph.js",
    frame: concat!(
        "<div class=\"graph-host module-host\"><p class=\"graph-status\" role=\"status\">Loading the graph\u{2026}</p></div>",
        "<aside class=\"graph-side\" aria-label=\"Selected model\"></aside>"
    ),
    class: "graph-view",
    text: |a| wire::encode(&a.analysis.schema),
};

pub const DATA: Module = Module {
    tab: Tab::Data,
    path: "data/assoc-data.js",
    frame: "<div class=\"data-host module-host\"><p class=\"graph-status\" role=\"status\">Loading the data\u{2026}</p></div>",
    class: "data-view",
    text: |a| a.code.clone(),
};

/// A tab drawn by a module of its own.
#[component]
pub fn ModuleTab(module: Module, on_event: JsValue) -> impl IntoView {
    let Module {
        tab,
        path,
        frame,
        class,
        text,
    } = module;
    let state = expect_context::<AppState>();
    let root = NodeRef::<leptos::html::Div>::new();
    // What was last handed on: the analysis and the selection.
    let mut last: Option<(Arc<Analysed>, Option<String>)> = None;
    // Nothing happens until the tab is shown (the module is not even
    // loaded); while another tab is shown, nothing is handed on either.
    Effect::new(move |_| {
        if state.tab.get() != tab {
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
                root.set_inner_html(frame);
                if let Some(host) = find(".module-host") {
                    module_show(path, &host, &on_event);
                }
                module_update(path, &text(&analysed));
                module_select(path, selected.as_deref().unwrap_or(""));
            }
            Some((a, s)) => {
                if !Arc::ptr_eq(a, &analysed) {
                    module_update(path, &text(&analysed));
                }
                if *s != selected {
                    module_select(path, selected.as_deref().unwrap_or(""));
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

    view! { <div class=class node_ref=root on:click=move |ev| on_card_click(state, &ev)></div> }
}

/// What a module tells the page: a model selected there (`select`), a
/// model to show in the code (`open`), a tab to show (`tab`).
pub(super) fn module_event(state: AppState, what: &str, name: String) {
    match what {
        "select" => state.select((!name.is_empty()).then_some(name)),
        "open" => {
            let line = state
                .analysed
                .with_untracked(|a| model_line(&a.analysis, &a.code, &name));
            if let Some(line) = line {
                state.go_to_line(line);
            }
        }
        "tab" => {
            if let Some(tab) = Tab::from_id(&name) {
                super::show_tab(state, tab);
            }
        }
        _ => {}
    }
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
