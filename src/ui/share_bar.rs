//! The share module: a WebAssembly module of the page loaded as soon as
//! the page starts (after its first module, not part of the first load;
//! docs/WEB.md). `src/bin/assoc-share.rs` exports [`mount`], [`update`]
//! and [`select`] to JavaScript.
//!
//! It keeps the link's `code` (the editor's text as a compressed payload,
//! [`crate::share`]) and `model` (the selected model) current, so the
//! address always carries the whole state; the other parts of the page keep
//! theirs (the tab, the data walk, the graph's view). When the page opens
//! with a link, it reads the link first: the code it holds goes to the
//! editor (the page waits for it), the model is selected, and a link that
//! does not open says why, as text, while the page opens the code it would
//! have opened without it.
//!
//! Opening someone's link replaces the editor's text, which the page saves
//! in the browser: the code saved before is kept aside, and one click
//! brings it back. What the user typed is never lost.
//!
//! Its toolbar, in the page's header: "Copy link" puts the address on the
//! clipboard (or, where the browser refuses, shows it to copy by hand);
//! the other buttons open the tools module (workshop, exports) in an
//! overlay over the page.

use std::cell::RefCell;

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use super::dom;
use super::link::{self, module_open, module_show, module_update};
use super::storage;
use crate::share::{self, LinkError, State};

/// The tools module (workshop, exports), from the page.
const TOOLS: &str = "tools/assoc-tools.js";

/// The toolbar's markup: one button per action (`data-act`).
const BAR: &str = concat!(
    "<button type=\"button\" class=\"tool\" data-act=\"copy\" title=\"Copy a link to exactly what you see: code, selection, graph, data walk\">Copy link</button>",
    "<button type=\"button\" class=\"tool\" data-act=\"export\" title=\"Mermaid, DBML, SQL per dialect, JSON\">Export</button>",
    "<button type=\"button\" class=\"tool\" data-act=\"workshop\" title=\"Step through the association calls, quiz, presenter view, lessons\">Workshop</button>",
    "<span class=\"share-status\" role=\"status\" aria-live=\"polite\"></span>",
);

struct Ctl {
    root: web_sys::Element,
    on_event: js_sys::Function,
    /// The code the link holds now.
    code: Option<String>,
    /// The code saved before a link replaced it.
    kept: Option<String>,
    _click: Closure<dyn FnMut(web_sys::Event)>,
}

thread_local! {
    static CTL: RefCell<Option<Ctl>> = const { RefCell::new(None) };
}

fn with<R>(f: impl FnOnce(&mut Ctl) -> R) -> Option<R> {
    dom::with(&CTL, f)
}

/// Tells the page `(what, value)`: `code` (the editor's new text),
/// `failed` (the link held no code that opens), `select`, `tab`.
fn tell(f: &js_sys::Function, what: &str, value: &str) {
    dom::tell(f, what, value);
}

/// Shows the toolbar in `host` and reads the link the page was opened
/// with.
pub fn mount(host: web_sys::Element, on_event: js_sys::Function) {
    let fresh = CTL.with(|c| c.borrow().is_none());
    if !fresh {
        return;
    }
    add_style(&host);
    host.set_inner_html(BAR);
    let click = Closure::<dyn FnMut(web_sys::Event)>::new(on_click);
    let _ = host.add_event_listener_with_callback("click", click.as_ref().unchecked_ref());
    let hash = web_sys::window()
        .and_then(|w| w.location().hash().ok())
        .unwrap_or_default();
    CTL.with(|c| {
        *c.borrow_mut() = Some(Ctl {
            root: host,
            on_event: on_event.clone(),
            code: None,
            kept: None,
            _click: click,
        });
    });
    open_link(&hash, &on_event);
}

/// Reads the link: what it holds goes to the page.
fn open_link(hash: &str, on_event: &js_sys::Function) {
    let has_code = link::get("code").is_some();
    match share::from_link(hash) {
        Ok(state) => {
            if has_code {
                keep_saved_code(&state.code);
                with(|c| c.code = Some(state.code.clone()));
                tell(on_event, "code", &state.code);
            }
            write_params(&state);
            if let Some(m) = state.selected.as_deref().filter(|m| !m.is_empty()) {
                tell(on_event, "select", m);
            }
            if let Some(t) = state.tab.as_deref() {
                tell(on_event, "tab", t);
            }
        }
        Err(e) => {
            status(&refusal(&e), true);
            if has_code {
                tell(on_event, "failed", "");
            }
        }
    }
}

/// What a refused link says, with what the page opened instead.
fn refusal(e: &LinkError) -> String {
    let instead = if storage::saved_code().is_some() {
        "your own code"
    } else {
        "an example"
    };
    format!("{e} The page opened {instead} instead.")
}

/// The parameters a payload held (a link written with everything in its
/// payload) become the readable ones the page's parts read.
fn write_params(state: &State) {
    let set_if_absent = |k: &str, v: Option<String>| {
        if let (None, Some(v)) = (link::get(k), v) {
            link::set(k, Some(&v));
        }
    };
    set_if_absent("model", state.selected.clone());
    set_if_absent("seed", state.seed.map(|s| s.to_string()));
    set_if_absent("rows", state.rows.map(|r| r.to_string()));
    set_if_absent(
        "walk",
        (!state.walk.is_empty()).then(|| share::join_parts(&state.walk)),
    );
    set_if_absent(
        "moved",
        (!state.moved.is_empty()).then(|| share::moved_text(&state.moved)),
    );
    set_if_absent("collapse", state.graph.collapse.then(|| "1".to_string()));
    set_if_absent("hops", state.graph.hops.map(|h| h.to_string()));
    set_if_absent("view", state.graph.view.map(share::view_text));
}

/// Before a link's code replaces the editor's: the code saved by the
/// user's own visits is kept aside, and the toolbar offers it back.
fn keep_saved_code(incoming: &str) {
    let Some(saved) = storage::saved_code().filter(|s| s != incoming && !s.trim().is_empty())
    else {
        return;
    };
    storage::keep_aside(&saved);
    with(|c| c.kept = Some(saved));
    if let Some(s) = status_element() {
        s.set_inner_html(
            "Opened a shared link. <button type=\"button\" class=\"tool\" data-act=\"restore\">Bring back your own code</button>",
        );
    }
}

/// The editor's text after an analysis: the link's `code` follows (none
/// while the code is an example: the page's `example` names it).
pub fn update(code: &str) {
    let changed = with(|c| {
        if c.code.as_deref() == Some(code) {
            return false;
        }
        c.code = Some(code.to_string());
        true
    });
    if changed != Some(true) {
        return;
    }
    if link::get("example").is_some() {
        link::set("code", None);
        return;
    }
    let payload = share::encode(&State {
        code: code.to_string(),
        ..State::default()
    });
    if payload.len() > share::MAX_LINK {
        link::set("code", None);
        status(
            "This code is too long for a link: the link leaves it out.",
            true,
        );
    } else {
        link::set("code", Some(&payload));
    }
}

/// The selected model (empty: none) goes in the link's `model`.
pub fn select(name: &str) {
    link::set("model", (!name.is_empty()).then_some(name));
}

/// A click in the toolbar.
fn on_click(ev: web_sys::Event) {
    let act = ev
        .target()
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        .and_then(|e| e.closest("[data-act]").ok().flatten())
        .and_then(|b| b.get_attribute("data-act"));
    match act.as_deref() {
        Some("copy") => copy_link(),
        Some("restore") => {
            let told = with(|c| c.kept.take().map(|k| (k, c.on_event.clone()))).flatten();
            if let Some((kept, f)) = told {
                status("Your own code is back.", false);
                tell(&f, "code", &kept);
            }
        }
        Some(tool @ ("export" | "workshop")) => open_tool(tool),
        Some(_) => {}
        None => {}
    }
}

/// Puts the address on the clipboard; where the browser refuses (no
/// permission, an insecure page), shows it selected, to copy by hand.
fn copy_link() {
    let Some(window) = web_sys::window() else {
        return;
    };
    let href = window.location().href().unwrap_or_default();
    let Some(promise) = dom::write_clipboard(&href) else {
        show_by_hand(&href);
        return;
    };
    let done = Closure::<dyn FnMut(JsValue)>::new(|_: JsValue| {
        status("Link copied: it opens exactly this view.", false);
    });
    let failed = Closure::<dyn FnMut(JsValue)>::new(move |_: JsValue| show_by_hand(&href));
    let _ = promise.then2(&done, &failed);
    // Called once, by the promise, after this function has returned: the
    // two small closures of a click stay alive.
    done.forget();
    failed.forget();
}

/// The address in a selected text field, to copy by hand.
fn show_by_hand(href: &str) {
    let Some(s) = status_element() else {
        return;
    };
    s.set_inner_html(
        "Copy this link: <input class=\"share-link\" readonly aria-label=\"Link to this view\">",
    );
    if let Some(input) = s
        .query_selector("input")
        .ok()
        .flatten()
        .and_then(|i| i.dyn_into::<web_sys::HtmlInputElement>().ok())
    {
        input.set_value(href);
        let _ = input.focus();
        input.select();
    }
}

fn status_element() -> Option<web_sys::Element> {
    with(|c| c.root.query_selector(".share-status").ok().flatten()).flatten()
}

/// A message in the toolbar, as text (`warn`: a problem).
fn status(text: &str, warn: bool) {
    if let Some(s) = status_element() {
        s.set_text_content(Some(text));
        let _ = s.class_list().toggle_with_force("warn", warn);
    }
}

/// Opens the tools module (`workshop`, `export`) in the overlay over the
/// page, with the editor's code.
fn open_tool(what: &str) {
    let Some((code, on_event)) = with(|c| (c.code.clone().unwrap_or_default(), c.on_event.clone()))
    else {
        return;
    };
    let Some(doc) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let overlay = match doc.query_selector(".tools-overlay").ok().flatten() {
        Some(o) => o,
        None => {
            let Ok(o) = doc.create_element("div") else {
                return;
            };
            o.set_class_name("tools-overlay");
            if let Some(body) = doc.body() {
                let _ = body.append_child(&o);
            }
            o
        }
    };
    let _ = overlay.remove_attribute("hidden");
    module_show(TOOLS, &overlay, &on_event);
    module_update(TOOLS, &code);
    module_open(TOOLS, what);
}

/// The toolbar's styles, added once; colours are the page's theme
/// variables (style/main.css).
const STYLE: &str = ".share-bar{display:flex;align-items:center;gap:8px;flex-wrap:wrap;font-size:13px;}.share-bar .tool{font:inherit;color:var(--text);background:var(--panel);border:1px solid var(--border);border-radius:6px;padding:4px 10px;cursor:pointer;}.share-bar .tool:hover{border-color:var(--accent);}.share-status{color:var(--muted);max-width:36rem;}.share-status.warn{color:var(--warning);}.share-link{font:12px var(--font-code);width:22rem;max-width:60vw;}.tools-overlay{position:fixed;inset:0;z-index:20;background:var(--bg);overflow:auto;}.tools-overlay[hidden]{display:none;}";

fn add_style(root: &web_sys::Element) {
    let _ = root.class_list().add_1("share-bar");
    dom::add_style(root, "assoc-share-style", STYLE);
}
