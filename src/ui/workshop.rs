//! The workshop, in the tools module: a WebAssembly module of its own,
//! loaded the first time the page opens it (docs/WEB.md), shown in a
//! full-page overlay the page gives it. `src/bin/assoc-tools.rs` exports
//! this file's [`mount`], [`update`], [`select`] and [`open`].
//!
//! Step-through: the code's association calls ([`crate::workshop`]), one
//! at a time, back and forth (buttons, the list, ← and →); for each step
//! the call, what it added, the graph and a ledger of the models after
//! it, the new parts marked. A quiz hides what the call adds until the
//! learner's prediction is revealed and graded. The presenter view is
//! large, high-contrast type in full screen. Lessons load their code into
//! the page's editor (`on_event("code", text)`) and start at step 0.
//!
//! Plain DOM like the data module ([`super::data_walk`]): markup as text
//! with every name escaped ([`super::workshop_view`]), one listener per
//! event type on the host (and one keydown on the document while open),
//! its own styles. No panic on any code: the steps come from the engine,
//! which never fails.

use std::cell::RefCell;

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use super::dom::{self, Listener, Listeners};
use super::export_panel::{self, Panel};
use super::lessons::{self, Lesson};
use super::workshop_view as view;
use crate::engine::{Analysis, SourceFile};
use crate::graph::svg::escape;
use crate::workshop::change::{change, Change};
use crate::workshop::quiz::{self, Prediction};
use crate::workshop::{steps, Steps};

/// Where the quiz is, on the step shown.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Quiz {
    Off,
    Asking,
    Revealed,
}

struct Ctl {
    root: web_sys::Element,
    on_event: js_sys::Function,
    listeners: Listeners,
    /// The document's keydown (← → Escape), while the module lives.
    keydown: Option<Listener>,
    /// Swallows a refused full-screen request.
    refused: Closure<dyn FnMut(JsValue)>,
    code: Option<String>,
    /// The steps of `code`, computed when the workshop is first shown.
    steps: Option<Steps>,
    /// The analysis after each step, as computed (index: step).
    states: Vec<Option<Analysis>>,
    step: usize,
    lesson: Option<&'static Lesson>,
    presenter: bool,
    quiz: Quiz,
    prediction: Prediction,
    /// The exports, while they are shown instead of the workshop.
    export: Option<Panel>,
}

thread_local! {
    static CTL: RefCell<Option<Ctl>> = const { RefCell::new(None) };
}

fn with<R>(f: impl FnOnce(&mut Ctl) -> R) -> Option<R> {
    dom::with(&CTL, f)
}

const EVENTS: [&str; 2] = ["click", "change"];

/// Takes `host` (the page's overlay); `on_event(what, text)` tells the
/// page of a lesson chosen (`code`) or a model to select (`select`).
pub fn mount(host: web_sys::Element, on_event: js_sys::Function) {
    CTL.with(|c| {
        let Ok(mut c) = c.try_borrow_mut() else {
            return;
        };
        let ctl = c.get_or_insert_with(|| Ctl::new(host.clone(), on_event.clone()));
        ctl.on_event = on_event;
        ctl.attach(host);
        ctl.draw();
    });
}

/// The editor's code, after every analysis of the page.
pub fn update(code: &str) {
    with(|c| {
        if c.code.as_deref() == Some(code) {
            return;
        }
        c.code = Some(code.to_string());
        c.steps = None;
        if c.lesson.is_some_and(|l| l.code() != code) {
            c.lesson = None;
        }
        if c.is_open() {
            c.draw();
        }
    });
}

/// The page's selected model: the workshop shows every model and keeps
/// its own place.
pub fn select(_name: &str) {}

/// Opens a tool: `workshop` or `export`.
pub fn open(what: &str) {
    with(|c| match what {
        "export" => c.show(true),
        "workshop" => {
            c.show(false);
            c.draw();
            if let Some(b) = c
                .find("[data-act=\"next\"]")
                .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
            {
                let _ = b.focus();
            }
        }
        _ => {}
    });
}

/// One event on the host or the document.
fn on(name: &str, ev: &web_sys::Event) {
    let told = with(|c| c.handle(name, ev).map(|t| (t, c.on_event.clone()))).flatten();
    if let Some(((what, text), f)) = told {
        dom::tell(&f, what, &text);
    }
}

impl Ctl {
    fn new(root: web_sys::Element, on_event: js_sys::Function) -> Ctl {
        Ctl {
            root,
            on_event,
            listeners: Listeners::default(),
            keydown: None,
            refused: Closure::new(|_: JsValue| {}),
            code: None,
            steps: None,
            states: Vec::new(),
            step: 0,
            lesson: None,
            presenter: false,
            quiz: Quiz::Off,
            prediction: Prediction::default(),
            export: None,
        }
    }

    fn attach(&mut self, root: web_sys::Element) {
        dom::add_style(&root, "assoc-tools-style", STYLE);
        dom::add_style(&root, "assoc-export-style", export_panel::STYLE);
        root.set_inner_html(&(shell() + "<div class=\"export-host\" hidden></div>"));
        self.listeners.attach(&self.root, &root, &EVENTS, on);
        if self.keydown.is_none() {
            let l = Listener::new(move |ev: web_sys::Event| on("keydown", &ev));
            if let Some(d) = web_sys::window().and_then(|w| w.document()) {
                let _ = d.add_event_listener_with_callback("keydown", l.as_ref().unchecked_ref());
            }
            self.keydown = Some(l);
        }
        self.root = root;
    }

    fn find(&self, selector: &str) -> Option<web_sys::Element> {
        self.root.query_selector(selector).ok().flatten()
    }

    /// Whether the workshop is shown (not the exports, not nothing).
    fn is_open(&self) -> bool {
        !self.root.has_attribute("hidden") && self.export.is_none()
    }

    /// Shows the workshop, or (`export`) the exports, in the overlay.
    fn show(&mut self, export: bool) {
        let _ = self.root.remove_attribute("hidden");
        let (ws, host) = (self.find(".ws"), self.find(".export-host"));
        if let (Some(ws), Some(host)) = (ws, host) {
            let (shown, hidden) = if export { (&host, &ws) } else { (&ws, &host) };
            let _ = shown.remove_attribute("hidden");
            let _ = hidden.set_attribute("hidden", "");
            if export {
                let panel = Panel::new(self.code.as_deref().unwrap_or_default());
                panel.draw(&host);
                self.export = Some(panel);
                if let Some(b) = host
                    .query_selector("[aria-selected=\"true\"]")
                    .ok()
                    .flatten()
                    .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
                {
                    let _ = b.focus();
                }
            } else {
                self.export = None;
            }
        }
    }

    /// The steps of the code, computed once per code.
    fn steps(&mut self) -> &Steps {
        if self.steps.is_none() {
            let code = self.code.clone().unwrap_or_default();
            let s = steps(&[SourceFile::new("input.js", code)]);
            self.states = vec![None; s.len() + 1];
            self.step = self.step.min(s.len());
            self.steps = Some(s);
        }
        self.steps.get_or_insert_with(Steps::default)
    }

    /// The analysis after step `k`.
    fn state(&mut self, k: usize) -> Analysis {
        self.steps();
        if let Some(Some(a)) = self.states.get(k) {
            return a.clone();
        }
        let a = self.steps.as_ref().map(|s| s.state(k)).unwrap_or_default();
        if let Some(slot) = self.states.get_mut(k) {
            *slot = Some(a.clone());
        }
        a
    }

    /// Handles one event; returns what to tell the page.
    fn handle(&mut self, name: &str, ev: &web_sys::Event) -> Option<(&'static str, String)> {
        if name == "keydown" {
            return self.key(ev);
        }
        let target = ev.target()?.dyn_into::<web_sys::Element>().ok()?;
        if let (Some(panel), Some(host)) = (
            self.export.as_mut(),
            self.root.query_selector(".export-host").ok().flatten(),
        ) {
            if name == "click" && !panel.click(&host, &target) {
                self.close();
            }
            return None;
        }
        if name == "change" {
            if target.get_attribute("data-ctl").as_deref() == Some("lesson") {
                let id = js_sys::Reflect::get(&target, &JsValue::from_str("value"))
                    .ok()?
                    .as_string()?;
                return self.choose_lesson(&id);
            }
            return None;
        }
        let el = target.closest("[data-act]").ok()??;
        match el.get_attribute("data-act")?.as_str() {
            "go" => {
                let k = el.get_attribute("data-k")?.parse().ok()?;
                self.go(k);
            }
            "back" => self.go(self.step.saturating_sub(1)),
            "next" => self.go(self.step + 1),
            "quiz" => {
                self.quiz = Quiz::Asking;
                self.draw();
                self.focus("[data-q]");
            }
            "reveal" => self.reveal(),
            "quiz-off" => {
                self.quiz = Quiz::Off;
                self.draw();
            }
            "presenter" => self.toggle_presenter(),
            "close" => self.close(),
            _ => {}
        }
        None
    }

    /// ← and → step, Escape closes (not while typing in a field).
    fn key(&mut self, ev: &web_sys::Event) -> Option<(&'static str, String)> {
        let key = ev.dyn_ref::<web_sys::KeyboardEvent>()?;
        if self.export.is_some() && !self.root.has_attribute("hidden") && key.key() == "Escape" {
            key.prevent_default();
            self.close();
            return None;
        }
        if !self.is_open() {
            return None;
        }
        if key.alt_key() || key.ctrl_key() || key.meta_key() {
            return None;
        }
        let typing = key
            .target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
            .is_some_and(|e| matches!(e.tag_name().as_str(), "INPUT" | "SELECT" | "TEXTAREA"));
        match key.key().as_str() {
            "Escape" => {
                key.prevent_default();
                self.close();
            }
            "Enter" if typing && self.quiz == Quiz::Asking => {
                key.prevent_default();
                self.reveal();
            }
            "ArrowRight" if !typing => {
                key.prevent_default();
                self.go(self.step + 1);
            }
            "ArrowLeft" if !typing => {
                key.prevent_default();
                self.go(self.step.saturating_sub(1));
            }
            _ => {}
        }
        None
    }

    fn go(&mut self, k: usize) {
        let n = self.steps().len();
        let k = k.min(n);
        if k != self.step {
            self.step = k;
            self.quiz = Quiz::Off;
            self.prediction = Prediction::default();
        }
        self.draw();
    }

    fn choose_lesson(&mut self, id: &str) -> Option<(&'static str, String)> {
        let lesson = lessons::by_id(id)?;
        self.lesson = Some(lesson);
        self.code = Some(lesson.code().to_string());
        self.steps = None;
        self.step = 0;
        self.quiz = Quiz::Off;
        self.prediction = Prediction::default();
        self.draw();
        // On to the lesson's steps: ← and → step from here on.
        self.focus("[data-act=\"next\"]");
        Some(("code", lesson.code().to_string()))
    }

    fn reveal(&mut self) {
        let read = |q: &str| {
            self.find(&format!("[data-q=\"{q}\"]"))
                .and_then(|e| e.dyn_into::<web_sys::HtmlInputElement>().ok())
                .map(|i| i.value())
                .unwrap_or_default()
        };
        self.prediction = Prediction {
            foreign_key: read("foreign_key"),
            holder: read("holder"),
            junction: read("junction"),
            other_key: read("other_key"),
            accessors: read("accessors"),
        };
        self.quiz = Quiz::Revealed;
        self.draw();
    }

    fn toggle_presenter(&mut self) {
        self.presenter = !self.presenter;
        let doc = web_sys::window().and_then(|w| w.document());
        if self.presenter {
            // Full screen where the browser allows it; a refusal (no user
            // gesture, an iframe) leaves the overlay as it is.
            call_promise(&self.root, "requestFullscreen", &self.refused);
        } else if let Some(d) = doc.filter(|d| d.fullscreen_element().is_some()) {
            call_promise(&d, "exitFullscreen", &self.refused);
        }
        self.draw();
    }

    fn close(&mut self) {
        self.export = None;
        if self.presenter {
            self.toggle_presenter();
        }
        let _ = self.root.set_attribute("hidden", "");
    }

    fn focus(&self, selector: &str) {
        if let Some(e) = self
            .find(selector)
            .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
        {
            let _ = e.focus();
        }
    }

    /// Draws the step shown (only while open: the steps are computed then).
    fn draw(&mut self) {
        let Some(ws) = self.find(".ws") else {
            return;
        };
        let _ = ws.set_attribute("data-presenter", if self.presenter { "1" } else { "0" });
        if let Some(b) = self.find("[data-act=\"presenter\"]") {
            let _ = b.set_attribute(
                "aria-pressed",
                if self.presenter { "true" } else { "false" },
            );
        }
        if !self.is_open() {
            return;
        }
        let k = self.step.min(self.steps().len());
        self.step = k;
        let n = self.steps().len();
        let after = self.state(k);
        let before = if k == 0 {
            after.clone()
        } else {
            self.state(k - 1)
        };
        let delta = if k == 0 {
            Change::default()
        } else {
            change(&before, &after)
        };
        let call = self.steps().calls.get(k.wrapping_sub(1)).cloned();
        let answer = call.as_ref().and_then(|c| quiz::answer(&after, c.span));
        let quiz = if answer.is_some() {
            self.quiz
        } else {
            Quiz::Off
        };
        let hide = quiz == Quiz::Asking;
        let _ = ws.set_attribute("data-step", &k.to_string());
        let _ = ws.set_attribute("data-steps", &n.to_string());
        let _ = ws.set_attribute(
            "data-quiz",
            match quiz {
                Quiz::Off => "off",
                Quiz::Asking => "asking",
                Quiz::Revealed => "revealed",
            },
        );

        if let Some(list) = self.find(".ws-nav") {
            let mut s = String::new();
            view::calls(&mut s, &self.steps().calls, k);
            list.set_inner_html(&s);
        }
        if let Some(sel) = self.find("[data-ctl=\"lesson\"]") {
            let _ = js_sys::Reflect::set(
                &sel,
                &JsValue::from_str("value"),
                &JsValue::from_str(self.lesson.map_or("", |l| l.id)),
            );
        }
        let mut s = String::new();
        s.push_str("<div class=\"ws-stepbar\"><button type=\"button\" data-act=\"back\" aria-keyshortcuts=\"ArrowLeft\"");
        if k == 0 {
            s.push_str(" disabled");
        }
        s.push_str(">\u{2190} Back</button>");
        s.push_str(&format!(
            "<span class=\"ws-count\" data-step=\"{k}\" aria-live=\"polite\">Step {k} of {n}</span>"
        ));
        s.push_str("<button type=\"button\" data-act=\"next\" aria-keyshortcuts=\"ArrowRight\"");
        if k >= n {
            s.push_str(" disabled");
        }
        s.push_str(">Next \u{2192}</button>");
        if answer.is_some() && quiz == Quiz::Off {
            s.push_str("<button type=\"button\" data-act=\"quiz\">Quiz</button>");
        }
        s.push_str("</div>");
        if let Some(l) = self.lesson {
            s.push_str("<p class=\"ws-explain\"><strong>");
            escape(&mut s, l.title);
            s.push_str(".</strong> ");
            escape(&mut s, l.explanation);
            s.push_str("</p>");
        }
        match &call {
            None if n == 0 => s.push_str("<p class=\"ws-call\">This code makes no association call: write one (or choose a lesson), and each call becomes a step.</p>"),
            None => s.push_str("<p class=\"ws-call\">Before any association call: the models as defined. <kbd>\u{2192}</kbd> plays the first call.</p>"),
            Some(c) => {
                s.push_str("<p class=\"ws-call\"><span class=\"ws-line\">line ");
                s.push_str(&c.line.to_string());
                s.push_str("</span><code>");
                escape(&mut s, &c.label);
                s.push_str("</code></p>");
            }
        }
        match (quiz, &answer) {
            (Quiz::Asking, Some(a)) => view::quiz_form(&mut s, a, &self.prediction),
            (Quiz::Revealed, Some(a)) => {
                let g = quiz::grade(a, &self.prediction);
                view::quiz_result(&mut s, a, &self.prediction, &g);
            }
            _ => {}
        }
        if k > 0 && !hide {
            s.push_str("<section class=\"ws-added\" aria-label=\"What this call added\"><h3>What it added</h3>");
            view::added(&mut s, &after.schema, &delta);
            s.push_str("</section>");
        }
        // While the quiz asks, the state before the call.
        let shown = if hide { &before } else { &after };
        s.push_str("<div class=\"ws-state\"><div class=\"ws-graph\">");
        view::graph_svg(&mut s, &shown.schema, &delta, !hide);
        s.push_str("</div>");
        view::ledger(&mut s, shown, &delta, !hide);
        s.push_str("</div>");
        if let Some(main) = self.find(".ws-main") {
            main.set_inner_html(&s);
        }
    }
}

/// Calls `target.method()` and catches the promise it returns, if any.
fn call_promise(target: &JsValue, method: &str, catch: &Closure<dyn FnMut(JsValue)>) {
    let Ok(f) = js_sys::Reflect::get(target, &JsValue::from_str(method)) else {
        return;
    };
    let Ok(f) = f.dyn_into::<js_sys::Function>() else {
        return;
    };
    if let Ok(p) = f.call0(target) {
        if let Ok(p) = p.dyn_into::<js_sys::Promise>() {
            let _ = p.catch(catch);
        }
    }
}

/// The workshop's frame: the bar, the calls, the step.
fn shell() -> String {
    let mut s = String::from("<div class=\"ws\" data-step=\"0\" data-presenter=\"0\" role=\"dialog\" aria-modal=\"true\" aria-label=\"Workshop\"><header class=\"ws-bar\"><h2>Workshop</h2><label>Lesson <select data-ctl=\"lesson\"><option value=\"\">Your code</option>");
    let mut group = None;
    for l in &lessons::LESSONS {
        if group != Some(l.kind) {
            if group.is_some() {
                s.push_str("</optgroup>");
            }
            s.push_str(match l.kind {
                lessons::Kind::Pattern => "<optgroup label=\"Patterns\">",
                lessons::Kind::Mistake => "<optgroup label=\"Classic mistakes\">",
            });
            group = Some(l.kind);
        }
        s.push_str("<option value=\"");
        escape(&mut s, l.id);
        s.push_str("\">");
        escape(&mut s, l.title);
        s.push_str("</option>");
    }
    s.push_str("</optgroup></select></label><button type=\"button\" data-act=\"presenter\" aria-pressed=\"false\">Presenter view</button><button type=\"button\" data-act=\"close\" class=\"ws-close\" aria-keyshortcuts=\"Escape\">Close</button></header><div class=\"ws-body\"><nav class=\"ws-nav\" aria-label=\"Association calls\"></nav><main class=\"ws-main\"></main></div></div>");
    s
}

/// The workshop's styles, added to the page once. Colours are the page's
/// theme variables; the presenter view has its own, high-contrast ones.
const STYLE: &str = ".tools-overlay{position:fixed;inset:0;z-index:50;overflow:auto;background:var(--bg,#fff);color:var(--text,#111);}.tools-overlay[hidden],.tools-overlay .ws[hidden],.export-host[hidden]{display:none;}\
.ws{display:flex;flex-direction:column;min-height:100%;font-size:14px;}\
.ws-bar{display:flex;gap:12px;align-items:center;padding:8px 16px;border-bottom:1px solid var(--border);background:var(--panel);position:sticky;top:0;z-index:1;}\
.ws-bar h2{margin:0 auto 0 0;font-size:16px;}\
.ws button,.ws select,.ws input{font:inherit;color:var(--text);background:var(--panel);border:1px solid var(--border);border-radius:6px;padding:4px 10px;}\
.ws button{cursor:pointer;}.ws button:hover:not(:disabled){border-color:var(--accent);}.ws button:disabled{opacity:.45;cursor:default;}\
.ws button.primary{background:var(--accent);border-color:var(--accent);color:#fff;}\
.ws-body{display:grid;grid-template-columns:minmax(220px,300px) 1fr;gap:16px;padding:12px 16px;flex:1;}\
.ws-calls{list-style:none;margin:0;padding:0;display:flex;flex-direction:column;gap:3px;}\
.ws-calls button{width:100%;text-align:left;display:flex;gap:8px;align-items:baseline;border-color:transparent;background:none;padding:4px 6px;}\
.ws-calls button[aria-current]{border-color:var(--selected);background:color-mix(in srgb,var(--selected) 14%,transparent);font-weight:600;}\
.ws-calls button.later{opacity:.6;}.ws-calls code{font:12px var(--font-code);word-break:break-word;}\
.ws-line{color:var(--muted);font:.8em var(--font-code);min-width:2.2em;text-align:right;}\
.ws-runs{color:var(--muted);font-size:11px;}\
.ws-main{display:flex;flex-direction:column;gap:10px;min-width:0;}\
.ws-stepbar{display:flex;gap:10px;align-items:center;}.ws-count{font-weight:600;min-width:7em;text-align:center;}\
.ws-explain{margin:0;color:var(--muted);max-width:70em;}\
.ws-call{margin:0;font-size:15px;display:flex;gap:10px;align-items:baseline;}.ws-call code{font:600 15px var(--font-code);color:var(--assoc);}\
.ws-added h3{margin:0 0 4px;font-size:.95em;}.ws-added-list{margin:0;padding-left:18px;}.ws-added-list li{margin:2px 0;}\
.ws-added code,.ws-quiz code,.ws-acc code,.ws-cols code{font-family:var(--font-code);}\
.ws-error{color:var(--error);}.ws-warning{color:var(--warning);}.ws-info{color:var(--muted);}\
.ws-quiz{border:1px solid var(--accent);border-radius:8px;padding:8px 12px;display:flex;flex-direction:column;gap:6px;max-width:44em;}\
.ws-quiz p{margin:0;}.ws-quiz label{display:grid;grid-template-columns:12em 1fr;gap:8px;align-items:center;}\
.ws-quiz-acts{display:flex;gap:8px;}.ws-quiz table{border-collapse:collapse;}.ws-quiz th,.ws-quiz td{text-align:left;padding:2px 12px 2px 0;}\
.ws-quiz tr[data-grade=right] .ws-mark{color:#1a7f37;font-weight:700;}.ws-quiz tr[data-grade=wrong] .ws-mark{color:var(--error);font-weight:700;}\
.ws-score{font-weight:700;}\
.ws-state{display:flex;flex-direction:column;gap:12px;}\
.ws-graph{overflow:auto;border:1px solid var(--border);border-radius:8px;background:#fff;max-height:60vh;}\
.ws-svg{display:block;max-width:100%;height:auto;}\
.ws-svg text{font:12px ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;fill:#1f2933;}\
.ws-svg .box{fill:#fff;stroke:#9aa5b1;}.ws-svg .head{fill:#e4ebf5;}.ws-svg .n-junction .head{fill:#efe6f7;}.ws-svg .n-implicit .box{stroke-dasharray:4 3;}\
.ws-svg .name{font-weight:700;}.ws-svg .mark{fill:#7b8794;font-size:10px;}.ws-svg .type{text-anchor:end;fill:#616e7c;}.ws-svg .null{fill:#9aa5b1;}.ws-svg .hl{fill:none;}\
.ws-svg .line{fill:none;stroke:#52606d;stroke-width:1.4;}.ws-svg .e-many .line{stroke-width:2.4;}.ws-svg .e-btm .line{stroke:#7c3aad;stroke-dasharray:6 4;}\
.ws-svg .hit{fill:none;stroke:none;}.ws-svg .mk{fill:none;stroke:#52606d;stroke-width:1.4;}.ws-svg .ring{fill:#fff;}\
.ws-svg [data-new] > .box{stroke:#d97706;stroke-width:3;}.ws-svg .row[data-new] .hl{fill:#fde68a;}.ws-svg .edge[data-new] .line{stroke:#d97706;stroke-width:3;}\
.ws-ledger{list-style:none;margin:0;padding:0;display:grid;grid-template-columns:repeat(auto-fill,minmax(260px,1fr));gap:10px;}\
.ws-model{border:1px solid var(--border);border-radius:8px;padding:8px 10px;background:var(--panel);}\
.ws-model.touched{border-color:#d97706;box-shadow:0 0 0 1px #d97706;}.ws-model h3{margin:0 0 4px;font-size:14px;}\
.ws-tag{font-size:11px;font-weight:400;color:var(--muted);}\
.ws-cols{list-style:none;margin:0 0 4px;padding:0;font-size:12.5px;}.ws-cols li{padding:1px 4px;border-radius:4px;}\
.ws-type{color:var(--muted);}.ws-ref{color:var(--assoc);}\
.ws-acc{margin:0;display:flex;flex-wrap:wrap;gap:4px;font-size:12px;}.ws-acc code{padding:0 4px;border-radius:4px;background:var(--panel-2);}\
.ws-ledger [data-new]{background:#fde68a;color:#111;}\
.ws-added-list li[data-new]::marker{color:#d97706;}\
.ws[data-presenter=\"1\"]{font-size:22px;background:#000;color:#fff;--text:#fff;--muted:#d0d0d0;--panel:#111;--panel-2:#222;--border:#fff;--accent:#ffd400;--selected:#ffd400;--assoc:#7fdbff;--error:#ff8080;--warning:#ffd400;}\
.ws[data-presenter=\"1\"] .ws-bar{background:#000;}.ws[data-presenter=\"1\"] .ws-bar h2{font-size:26px;}\
.ws[data-presenter=\"1\"] .ws-body{grid-template-columns:minmax(300px,420px) 1fr;}\
.ws[data-presenter=\"1\"] .ws-calls code,.ws[data-presenter=\"1\"] .ws-cols,.ws[data-presenter=\"1\"] .ws-acc{font-size:18px;}\
.ws[data-presenter=\"1\"] .ws-call,.ws[data-presenter=\"1\"] .ws-call code{font-size:28px;}\
.ws[data-presenter=\"1\"] .ws-model h3{font-size:22px;}.ws[data-presenter=\"1\"] .ws-graph{max-height:none;}\
.ws[data-presenter=\"1\"] button.primary{color:#000;}\
.ws[data-presenter=\"1\"] .ws-model.touched{border-color:#ffd400;box-shadow:0 0 0 2px #ffd400;}\
.ws[data-presenter=\"1\"] .ws-ledger [data-new]{background:#ffd400;color:#000;}\
.ws[data-presenter=\"1\"] .ws-svg{width:100%;}";
