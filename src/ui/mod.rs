//! The page: a code editor and what Sequelize builds from the code, side
//! by side. Leptos components over [`state::AppState`]; everything they
//! show comes from one [`crate::engine::Analysis`] of the editor's text.
//!
//! The page does no network request of its own: the code is analysed in
//! the browser and kept in the browser's local storage, nowhere else.

pub mod cards;
pub mod data_walk;
mod dom;
mod editor;
pub mod examples;
pub mod export_panel;
pub mod graph_canvas;
pub mod highlight;
mod ledger;
pub mod lessons;
pub mod link;
mod module_tab;
mod problems;
pub mod share_bar;
mod splitter;
pub mod state;
mod storage;
// The workshop (the tools module, src/bin/assoc-tools.rs): its steps need
// the engine's `ddl` feature, which the page's first load is built without.
#[cfg(feature = "ddl")]
pub mod workshop;
#[cfg(feature = "ddl")]
mod workshop_view;

use std::sync::Arc;
use std::time::Duration;

use leptos::prelude::*;

use crate::engine::js_text;

use editor::Editor;
use ledger::Ledger;
use module_tab::{ModuleTab, DATA, GRAPH};
use problems::Problems;
use splitter::Splitter;
use state::{Analysed, AppState, Tab};
use wasm_bindgen::prelude::Closure;

/// The share module's JavaScript, from the page ([`share_bar`]).
pub(crate) const SHARE: &str = "share/assoc-share.js";

/// Mounts the app on the page's body.
pub fn mount() {
    leptos::mount::mount_to_body(App);
}

/// Milliseconds since the page started.
fn now() -> f64 {
    window().performance().map_or(0.0, |p| p.now())
}

/// Milliseconds to one decimal ("12.3"), in integers: the page carries no
/// float printing (see [`crate::engine::js_text`]).
fn tenths(ms: f64) -> String {
    #[allow(clippy::cast_possible_truncation)]
    let t = (ms.max(0.0) * 10.0).round() as i64;
    format!("{}.{}", t / 10, t % 10)
}

/// A click in the results' tab bar: the tab under it becomes the one shown.
fn select_tab(state: AppState, ev: &leptos::ev::MouseEvent) {
    use wasm_bindgen::JsCast;
    let tab = ev
        .target()
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        .and_then(|e| e.closest("[data-tab-id]").ok().flatten())
        .and_then(|b| b.get_attribute("data-tab-id"))
        .and_then(|id| Tab::from_id(&id));
    if let Some(tab) = tab {
        show_tab(state, tab);
    }
}

/// Shows `tab` ([`link::show_tab`]).
fn show_tab(state: AppState, tab: Tab) {
    link::show_tab(tab.id());
    state.tab.set(tab);
}

/// The whole page.
#[component]
pub fn App() -> impl IntoView {
    // A link to an example opens that example; else the code of the last
    // visit, else the first example. A link that holds code opens that
    // code: the share module reads it, and until then nothing is analysed
    // (or saved); should it not open, the code above.
    let linked = link::get("example").and_then(|id| examples::by_id(&id));
    let saved = linked.is_none().then(storage::saved_code).flatten();
    let opening = RwSignal::new(link::get("code").is_some());
    // A previous visit that stopped during an analysis (a crash) does not
    // analyse the same code again by itself.
    let paused = RwSignal::new(saved.is_some() && storage::stopped_while_running());
    let own = move |saved: Option<String>| {
        saved.unwrap_or_else(|| linked.unwrap_or(examples::FIRST).code.to_string())
    };
    let state = AppState::new(if opening.get_untracked() {
        String::new()
    } else {
        own(saved)
    });
    provide_context(state);
    let share = RwSignal::new(45.0_f64);

    // Analysis follows the text: at once the first time, then after a
    // pause in typing as long as the last analysis took (twice, within
    // bounds), so that small pastes feel instant and large ones do not
    // analyse on every key.
    let pending = StoredValue::new(None::<TimeoutHandle>);
    let first = StoredValue::new(true);
    Effect::new(move |_| {
        let code = state.code.get();
        if paused.get() || opening.get() {
            return;
        }
        if let Some(h) = pending.get_value() {
            h.clear();
        }
        let delay = if first.get_value() {
            0.0
        } else {
            (state.analysed.with_untracked(|a| a.millis) * 2.0).clamp(20.0, 250.0)
        };
        first.set_value(false);
        let run = move || {
            let start = now();
            storage::save_code(&code);
            storage::mark_running(true);
            let analysed = Analysed::of(&code, now);
            storage::mark_running(false);
            // The link names the example while the code is one.
            let example = examples::EXAMPLES.iter().find(|e| e.code == code);
            link::set("example", example.map(|e| e.id));
            link::module_update(SHARE, &code);
            state.analysed.set(Arc::new(analysed));
            state.analyses.update(|n| *n += 1);
            // After the DOM has been updated: how long analysing and
            // drawing took.
            request_animation_frame(move || state.last_millis.set(now() - start));
        };
        pending.set_value(set_timeout_with_handle(run, Duration::from_millis(delay as u64)).ok());
    });

    let load_example = move |ev: leptos::ev::Event| {
        let id = event_target_value(&ev);
        if let Some(example) = examples::by_id(&id) {
            paused.set(false);
            state.select(None);
            state.replace_code(example.code.to_string());
        }
    };

    // What the modules tell the page (the graph, the data, the share
    // module): one callback for all.
    let on_event = Closure::<dyn FnMut(String, String)>::new(move |what: String, value: String| {
        match what.as_str() {
            // The share module: the code a link holds, or none that opens.
            "code" | "failed" => {
                if what == "failed" && !opening.get_untracked() {
                    return;
                }
                let code = if what == "code" {
                    value
                } else {
                    own(storage::saved_code())
                };
                opening.set(false);
                paused.set(false);
                state.replace_code(code);
            }
            _ => module_tab::module_event(state, &what, value),
        }
    })
    .into_js_value();
    // The share module starts with the page: the link's code and model,
    // and the toolbar. It hears of every analysis (above) and selection.
    let on_share = on_event.clone();
    request_animation_frame(move || {
        if let Some(host) = document().query_selector(".tools-host").ok().flatten() {
            link::module_show(SHARE, &host, &on_share);
        }
    });

    let on_tab = move |ev: leptos::ev::MouseEvent| select_tab(state, &ev);
    // A link to a tab opens it, once the page is there.
    if let Some(tab) = link::get("tab").and_then(|id| Tab::from_id(&id)) {
        request_animation_frame(move || show_tab(state, tab));
    }

    view! {
        <div class="app" style=move || format!("--left: {}%", js_text::number(share.get()))>
            <header class="top">
                <h1 class="title">
                    <span class="logo" aria-hidden="true"></span>
                    "Association Explorer"
                    <span class="subtitle">"Sequelize 6 associations, exactly as Sequelize builds them"</span>
                </h1>
                <label class="picker">
                    <span>"Example"</span>
                    <select on:change=load_example>
                        <option value="" selected>"Load an example…"</option>
                        {examples::EXAMPLES
                            .iter()
                            .map(|e| view! { <option value=e.id>{e.title}</option> })
                            .collect_view()}
                    </select>
                </label>
                <div class="tools-host"></div>
                <p class="privacy">"Runs in your browser. Your code never leaves it."</p>
            </header>
            <main class="panes">
                <section class="pane pane-code" aria-label="Code">
                    <Editor />
                    <p id="editor-help" class="editor-help">
                        "Tab indents. Esc then Tab leaves the editor. Analysis follows your typing."
                    </p>
                    <Show when=move || paused.get()>
                        <div class="banner banner-paused" role="status">
                            "The page stopped while analysing this code last time, so it was not analysed again. "
                            <button on:click=move |_| paused.set(false)>"Analyse it"</button>
                        </div>
                    </Show>
                    <Problems />
                </section>
                <Splitter share=share />
                <section
                    class="pane pane-results"
                    data-tab="models"
                    aria-label="What each model gains"
                    data-analyses=move || state.analyses.get().to_string()
                    data-last-ms=move || tenths(state.last_millis.get())
                    data-engine-ms=move || tenths(state.analysed.with(|a| a.millis))
                >
                    // Two tabs: a click sets the tab, and the buttons'
                    // aria-selected directly (no reactive attribute each).
                    <div class="tabs" role="tablist" aria-label="Results" on:click=on_tab>
                        <button type="button" role="tab" class="tab" data-tab-id="models" aria-selected="true">"Models"</button>
                        <button type="button" role="tab" class="tab" data-tab-id="graph" aria-selected="false">"Graph"</button>
                        <button type="button" role="tab" class="tab" data-tab-id="data" aria-selected="false">"Data"</button>
                    </div>
                    // Both tabs stay mounted; the section's data-tab shows one.
                    <div class="tab-models">
                        <Ledger />
                    </div>
                    <ModuleTab module=GRAPH on_event=on_event.clone() />
                    <ModuleTab module=DATA on_event=on_event />
                </section>
            </main>
        </div>
    }
}
