//! The data tab, in the data module: a third WebAssembly module, loaded the
//! first time the tab is shown (docs/WEB.md). The page
//! ([`super::module_tab`]) hands it a host element, the editor's code after
//! every analysis and the selected model; `src/bin/assoc-data.rs` exports
//! this file's [`mount`], [`update`] and [`select`].
//!
//! The module analyses the code again (with the DDL details the page's
//! first load is built without: ENUM values, defaults), generates the
//! seeded rows ([`crate::dataset::generate`]) and shows them: a table per
//! model, and the record walk, one record at a time with the records each
//! of its associations fetches ([`crate::dataset::walk`]), the accessor
//! that fetches them and the SQL Sequelize sends for it. The walk is in
//! the page's link ([`super::link`]: `walk`, `seed`, `rows`); every step
//! adds a history entry, so the browser's back and forward walk it, and a
//! link opens the same record. Destroying a record applies what each
//! referencing key's ON DELETE does ([`crate::dataset::cascade`]), with
//! undo; eager loading shows what `findAll({ include })` returns.
//!
//! Plain DOM, markup generated as text with every value escaped; events
//! are delegated to the host. The rows are never all drawn: a table shows
//! its first rows and more on request, a step its first related records.

use std::cell::RefCell;

use wasm_bindgen::JsCast;

use super::dom::{self, Listener};
use super::link;
use crate::dataset::cascade::{self, Cause, Change, Outcome};
use crate::dataset::eager::{self, Include};
use crate::dataset::walk::{self, Walker};
use crate::dataset::{self, edits, Dataset, Edits, RecordRef, Value};
use crate::engine::schema::{AssociationId, ModelId};
use crate::engine::{analyse, Analysis, SourceFile};
use crate::graph::svg::escape;
use crate::share;

/// The seed and rows a link without them means.
const DEFAULT_SEED: u64 = 1;
const DEFAULT_ROWS: usize = 5;
/// At most this many rows per model, and about this many in all: beyond,
/// generating takes seconds and the tab would hold the page.
const MAX_ROWS: usize = 100_000;
const MAX_TOTAL: usize = 500_000;
/// Rows of a table drawn at a time; related records drawn per step.
const PAGE: usize = 50;
const RELATED: usize = 100;
/// Values longer than this are cut in tables (the record shows them whole).
const CELL: usize = 60;
/// Results of an eager load shown (the first ones).
const EAGER_ROWS: usize = 3;

/// One place of the walk: a record, and the association followed to it
/// from the record before (its `as`), if any.
#[derive(Clone, Debug, PartialEq)]
struct Crumb {
    via: Option<String>,
    record: RecordRef,
}

struct Ctl {
    root: web_sys::Element,
    on_event: js_sys::Function,
    listeners: dom::Listeners,
    /// Listens to the browser's back and forward (on the window, once).
    popstate: Option<Listener>,
    /// The code analysed (None until the page sends some).
    code: Option<String>,
    analysis: Analysis,
    data: Dataset,
    edits: Edits,
    seed: u64,
    rows: usize,
    /// Milliseconds the last generation took, and indexing its rows.
    generated_ms: f64,
    indexed_ms: f64,
    /// The table shown, and how many of its rows.
    table: Option<usize>,
    shown: usize,
    /// The walk; its last crumb is the record shown.
    trail: Vec<Crumb>,
    /// Something to tell about the link or the last action.
    message: Option<String>,
    /// Milliseconds the last step (walk and draw) took.
    step_ms: f64,
    /// The walker's indexes over `data` (built once per generation).
    index: walk::Index,
    /// Destroys applied, newest last: Undo takes the last back.
    undo: Vec<Change>,
    /// What destroying the record shown would do, shown until applied or
    /// cancelled.
    planned: Option<Outcome>,
    /// Eager loading: the model it starts from, and the associations
    /// ticked, each as its path of associations from that model.
    eager_root: Option<ModelId>,
    eager_paths: Vec<Vec<AssociationId>>,
}

thread_local! {
    static CTL: RefCell<Option<Ctl>> = const { RefCell::new(None) };
}

/// Runs `f` on the tab, if there is one and it is not busy (an event
/// raised while another is handled is dropped, never a panic).
fn with<R>(f: impl FnOnce(&mut Ctl) -> R) -> Option<R> {
    dom::with(&CTL, f)
}

/// Milliseconds since the page started.
fn now() -> f64 {
    web_sys::window()
        .and_then(|w| w.performance())
        .map_or(0.0, |p| p.now())
}

const EVENTS: [&str; 2] = ["click", "change"];

/// Shows the tab in `host`; `on_event(what, name)` hears of a model
/// selected here (`select`).
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

/// Analyses `code` and shows its data; the walk stays where it was as far
/// as the new data has the same records.
pub fn update(code: &str) {
    with(|c| {
        if c.code.as_deref() == Some(code) {
            return;
        }
        let first = c.code.is_none();
        c.code = Some(code.to_string());
        c.analysis = analyse(&[SourceFile::new("input.js", code)]);
        if first {
            c.read_link();
        } else {
            let labels = c.trail_labels();
            c.generate();
            c.trail = c.resolve(&labels);
        }
        c.draw();
    });
}

/// Shows the table of the model `name` (empty: leaves the tab as it is).
pub fn select(name: &str) {
    with(|c| {
        if let Some(t) = c.table_of_name(name) {
            if c.table != Some(t) {
                c.table = Some(t);
                c.shown = PAGE;
                c.draw();
            }
        }
    });
}

/// One event on the host, or the browser's back/forward.
fn on(name: &str, ev: &web_sys::Event) {
    let told = with(|c| c.handle(name, ev).map(|m| (m, c.on_event.clone()))).flatten();
    if let Some((name, f)) = told {
        dom::tell(&f, "select", &name);
    }
}

impl Ctl {
    fn new(root: web_sys::Element, on_event: js_sys::Function) -> Ctl {
        Ctl {
            root,
            on_event,
            listeners: dom::Listeners::default(),
            popstate: None,
            code: None,
            analysis: Analysis::default(),
            data: Dataset::default(),
            edits: Edits::default(),
            seed: DEFAULT_SEED,
            rows: DEFAULT_ROWS,
            generated_ms: 0.0,
            indexed_ms: 0.0,
            table: None,
            shown: PAGE,
            trail: Vec::new(),
            message: None,
            step_ms: 0.0,
            index: walk::Index::default(),
            undo: Vec::new(),
            planned: None,
            eager_root: None,
            eager_paths: Vec::new(),
        }
    }

    /// Fills `root` with the tab's frame and listens to its events.
    fn attach(&mut self, root: web_sys::Element) {
        dom::add_style(&root, "assoc-data-style", STYLE);
        root.set_inner_html(&self.shell());
        self.listeners.attach(&self.root, &root, &EVENTS, on);
        if self.popstate.is_none() {
            let l = Listener::new(move |ev: web_sys::Event| {
                on("popstate", &ev);
            });
            if let Some(w) = web_sys::window() {
                let _ = w.add_event_listener_with_callback("popstate", l.as_ref().unchecked_ref());
            }
            self.popstate = Some(l);
        }
        self.root = root;
    }

    fn find(&self, selector: &str) -> Option<web_sys::Element> {
        self.root.query_selector(selector).ok().flatten()
    }

    /// The tab's fixed frame: the seed and the rows per model.
    fn shell(&self) -> String {
        format!(
            concat!(
                "<div class=\"data-tools\" role=\"toolbar\" aria-label=\"Data tools\">",
                "<label>Seed <input type=\"number\" min=\"0\" step=\"1\" data-ctl=\"seed\" value=\"{}\"></label>",
                "<button type=\"button\" data-act=\"reseed\" title=\"Other rows: the next seed\">Next seed</button>",
                "<label>Rows per model <input type=\"number\" min=\"0\" max=\"{}\" step=\"1\" data-ctl=\"rows\" value=\"{}\"></label>",
                "<button type=\"button\" data-act=\"undo\" class=\"data-undo\" hidden>Undo destroy</button>",
                "<span class=\"data-count\" aria-live=\"polite\"></span></div>",
                "<div class=\"data-body\"></div>"
            ),
            self.seed, MAX_ROWS, self.rows
        )
    }

    /// The seed, the rows and the walk the link names (the page was opened
    /// with one, or the browser went back or forward).
    fn read_link(&mut self) {
        let seed = link::get("seed")
            .and_then(|s| s.parse::<u64>().ok())
            .unwrap_or(DEFAULT_SEED);
        let rows = link::get("rows")
            .and_then(|s| s.parse::<usize>().ok())
            .unwrap_or(DEFAULT_ROWS);
        let rows = self.bounded_rows(rows);
        if seed != self.seed || rows != self.rows || self.data.tables.is_empty() {
            self.seed = seed;
            self.rows = rows;
            self.generate();
            self.set_inputs();
        }
        let labels = link::get("walk")
            .map(|w| share::split_parts(&w))
            .unwrap_or_default();
        self.trail = self.resolve(&labels);
        // Parts used: the first record, then an association and a record
        // per further crumb.
        let used = (self.trail.len() * 2).saturating_sub(1);
        if used < labels.len() {
            let missing = labels
                .get(if self.trail.is_empty() { 0 } else { used + 1 })
                .or_else(|| labels.last())
                .cloned()
                .unwrap_or_default();
            self.message = Some(format!(
                "The link walks to {missing}, which this data does not have: the walk stops before it."
            ));
        }
        if let Some(last) = self.trail.last() {
            self.table = Some(last.record.table);
        }
    }

    /// Rows per model within the bounds for this schema.
    fn bounded_rows(&self, rows: usize) -> usize {
        let tables = self
            .analysis
            .schema
            .models
            .iter()
            .map(|m| if m.is_junction { 2 } else { 1 })
            .sum::<usize>()
            .max(1);
        rows.min(MAX_ROWS).min(MAX_TOTAL / tables)
    }

    fn generate(&mut self) {
        let start = now();
        self.data = if self.analysis.strict_error.is_some() {
            Dataset::default()
        } else {
            dataset::generate(
                &self.analysis.schema,
                &dataset::Options {
                    seed: self.seed,
                    rows: self.rows,
                },
            )
        };
        self.generated_ms = now() - start;
        let start = now();
        self.index = walk::Index::build(&self.analysis.schema, &self.data);
        self.indexed_ms = now() - start;
        self.edits = Edits::default();
        self.undo.clear();
        self.planned = None;
        if self.table.is_some_and(|t| t >= self.data.tables.len()) {
            self.table = None;
        }
    }

    fn set_inputs(&self) {
        for (ctl, v) in [
            ("seed", self.seed.to_string()),
            ("rows", self.rows.to_string()),
        ] {
            if let Some(input) = self
                .find(&format!("[data-ctl=\"{ctl}\"]"))
                .and_then(|e| e.dyn_into::<web_sys::HtmlInputElement>().ok())
            {
                input.set_value(&v);
            }
        }
    }

    /// The walk as labels: record, association, record, …
    fn trail_labels(&self) -> Vec<String> {
        let mut out = Vec::new();
        for c in &self.trail {
            if let Some(via) = &c.via {
                out.push(via.clone());
            }
            out.push(self.label(c.record));
        }
        out
    }

    /// The walk that `labels` names, as far as this data has it.
    fn resolve(&self, labels: &[String]) -> Vec<Crumb> {
        let mut trail: Vec<Crumb> = Vec::new();
        let mut parts = labels.iter();
        let Some(first) = parts.next() else {
            return trail;
        };
        let Some(r) = edits::find(&self.analysis.schema, &self.data, &self.edits, first) else {
            return trail;
        };
        trail.push(Crumb {
            via: None,
            record: r,
        });
        while let (Some(via), Some(label)) = (parts.next(), parts.next()) {
            let Some(r) = self.follow(trail.last().map(|c| c.record), via, label) else {
                break;
            };
            trail.push(Crumb {
                via: Some(via.clone()),
                record: r,
            });
        }
        trail
    }

    /// The record `label` among those the association `via` of `from`
    /// fetches.
    fn follow(&self, from: Option<RecordRef>, via: &str, label: &str) -> Option<RecordRef> {
        let from = from?;
        self.steps(from)
            .into_iter()
            .find(|s| s.via == via)?
            .records
            .into_iter()
            .find(|&r| self.label(r) == label)
    }

    fn label(&self, r: RecordRef) -> String {
        edits::label(&self.analysis.schema, &self.data, &self.edits, r)
    }

    fn table_of_name(&self, name: &str) -> Option<usize> {
        self.data.tables.iter().position(|t| {
            self.analysis
                .schema
                .models
                .get(t.model)
                .is_some_and(|m| m.name == name)
        })
    }

    fn model_name(&self, table: usize) -> &str {
        self.data
            .tables
            .get(table)
            .and_then(|t| self.analysis.schema.models.get(t.model))
            .map_or("?", |m| m.name.as_str())
    }

    /// The link follows the walk (a new history entry when `push`).
    fn write_link(&self, push: bool) {
        let labels = self.trail_labels();
        let walk = (!labels.is_empty()).then(|| share::join_parts(&labels));
        let seed = (self.seed != DEFAULT_SEED).then(|| self.seed.to_string());
        let rows = (self.rows != DEFAULT_ROWS).then(|| self.rows.to_string());
        link::set("seed", seed.as_deref());
        link::set("rows", rows.as_deref());
        if push {
            link::push("walk", walk.as_deref());
        } else {
            link::set("walk", walk.as_deref());
        }
    }

    /// Handles one event; returns a model selected here, for the page.
    fn handle(&mut self, name: &str, ev: &web_sys::Event) -> Option<String> {
        if name == "popstate" {
            self.message = None;
            self.read_link();
            self.draw();
            return None;
        }
        let target = ev.target()?.dyn_into::<web_sys::Element>().ok()?;
        if name == "change" {
            let ctl = target.get_attribute("data-ctl")?;
            let input = target.dyn_into::<web_sys::HtmlInputElement>().ok()?;
            let value = input.value();
            match ctl.as_str() {
                "include" => {
                    let path = input.get_attribute("data-path")?;
                    self.toggle_include(&path);
                }
                "seed" => self.reseed(value.trim().parse().ok()?),
                "rows" => {
                    let rows = self.bounded_rows(value.trim().parse().unwrap_or(0));
                    self.regenerate(self.seed, rows);
                }
                _ => {}
            }
            return None;
        }
        let el = target.closest("[data-act]").ok()??;
        let act = el.get_attribute("data-act")?;
        let start = now();
        let selected = match act.as_str() {
            "reseed" => {
                self.reseed(self.seed.wrapping_add(1));
                None
            }
            "table" => {
                let t: usize = el.get_attribute("data-table")?.parse().ok()?;
                self.table = Some(t);
                self.shown = PAGE;
                self.draw();
                Some(self.model_name(t).to_string())
            }
            "more" => {
                self.shown = self.shown.saturating_add(PAGE);
                self.draw();
                None
            }
            "open" => {
                let r = self.record_at(&el)?;
                self.trail = vec![Crumb {
                    via: None,
                    record: r,
                }];
                self.stepped(start);
                None
            }
            "follow" => {
                let r = self.record_at(&el)?;
                let via = el.get_attribute("data-via")?;
                self.trail.push(Crumb {
                    via: Some(via),
                    record: r,
                });
                self.stepped(start);
                None
            }
            "crumb" => {
                let i: usize = el.get_attribute("data-i")?.parse().ok()?;
                self.trail.truncate(i + 1);
                self.stepped(start);
                None
            }
            "back" | "forward" => {
                let h = web_sys::window()?.history().ok()?;
                let _ = if act == "back" { h.back() } else { h.forward() };
                None
            }
            "close" => {
                self.trail.clear();
                self.stepped(start);
                None
            }
            "destroy" => {
                self.plan_destroy();
                None
            }
            "destroy-apply" => {
                self.apply_destroy();
                None
            }
            "destroy-cancel" => {
                self.planned = None;
                self.draw();
                None
            }
            "undo" => {
                self.undo_destroy();
                None
            }
            _ => None,
        };
        selected
    }

    /// The walk moved: a history entry, then the drawing, timed.
    fn stepped(&mut self, start: f64) {
        self.message = None;
        self.planned = None;
        self.write_link(true);
        if let Some(last) = self.trail.last() {
            self.table = Some(last.record.table);
        }
        self.draw();
        self.step_ms = now() - start;
        if let Some(body) = self.find(".data-body") {
            let _ = body.set_attribute("data-step-ms", &tenths(self.step_ms));
        }
    }

    /// The record an element names: `data-t` (table) and `data-r` (row).
    fn record_at(&self, el: &web_sys::Element) -> Option<RecordRef> {
        let table = el.get_attribute("data-t")?.parse().ok()?;
        let row = el.get_attribute("data-r")?.parse().ok()?;
        let r = RecordRef { table, row };
        let exists = self
            .data
            .tables
            .get(table)
            .is_some_and(|t| row < t.rows.len());
        (exists && !self.edits.is_removed(r)).then_some(r)
    }

    fn reseed(&mut self, seed: u64) {
        self.regenerate(seed, self.rows);
    }

    /// New rows: the walk keeps the records the new rows still have.
    fn regenerate(&mut self, seed: u64, rows: usize) {
        let labels = self.trail_labels();
        self.seed = seed;
        self.rows = rows;
        self.generate();
        self.set_inputs();
        self.trail = self.resolve(&labels);
        self.write_link(false);
        self.draw();
    }

    /// Draws everything below the tools.
    fn draw(&self) {
        let Some(body) = self.find(".data-body") else {
            return;
        };
        let total: usize = self
            .data
            .tables
            .iter()
            .enumerate()
            .map(|(t, table)| self.live_rows(t, table.rows.len()))
            .sum();
        if let Some(count) = self.find(".data-count") {
            count.set_text_content(Some(&format!(
                "{} rows in {} tables, generated in {} ms",
                total,
                self.data.tables.len(),
                tenths(self.generated_ms)
            )));
            let _ = count.set_attribute("data-rows", &total.to_string());
            let _ = count.set_attribute("data-generated-ms", &tenths(self.generated_ms));
            let _ = count.set_attribute("data-indexed-ms", &tenths(self.indexed_ms));
        }
        if let Some(undo) = self.find(".data-undo") {
            if self.undo.is_empty() {
                let _ = undo.set_attribute("hidden", "");
            } else {
                let _ = undo.remove_attribute("hidden");
            }
        }
        let mut s = String::new();
        if let Some(e) = &self.analysis.strict_error {
            s.push_str("<p class=\"data-note warn\" role=\"status\">Sequelize throws on this code, so there are no tables to fill: ");
            escape(&mut s, &e.message);
            s.push_str("</p>");
        } else if self.data.tables.is_empty() {
            s.push_str("<p class=\"data-note\">No models yet: define some, and their rows appear here.</p>");
        }
        if let Some(m) = &self.message {
            s.push_str("<p class=\"data-note warn\" role=\"status\">");
            escape(&mut s, m);
            s.push_str("</p>");
        }
        for n in &self.data.notes {
            s.push_str("<p class=\"data-note\">");
            escape(&mut s, n);
            s.push_str("</p>");
        }
        self.push_tables_nav(&mut s);
        self.push_record(&mut s);
        self.push_table(&mut s);
        self.push_eager(&mut s);
        body.set_inner_html(&s);
    }

    fn live_rows(&self, table: usize, rows: usize) -> usize {
        rows.saturating_sub(self.edits.removed_in(table))
    }

    /// A button per table.
    fn push_tables_nav(&self, s: &mut String) {
        if self.data.tables.is_empty() {
            return;
        }
        s.push_str("<nav class=\"data-tables\" aria-label=\"Tables\">");
        for (i, t) in self.data.tables.iter().enumerate() {
            let model = self.analysis.schema.models.get(t.model);
            s.push_str("<button type=\"button\" data-act=\"table\" data-table=\"");
            s.push_str(&i.to_string());
            s.push_str("\" data-model=\"");
            escape(s, model.map_or("", |m| m.name.as_str()));
            s.push_str("\" aria-pressed=\"");
            s.push_str(if self.table == Some(i) {
                "true"
            } else {
                "false"
            });
            s.push('"');
            if model.is_some_and(|m| m.is_junction) {
                s.push_str(" class=\"junction\" title=\"Junction table of a many-to-many\"");
            }
            s.push('>');
            escape(s, model.map_or("?", |m| m.name.as_str()));
            s.push_str(" <span class=\"n\">");
            s.push_str(&self.live_rows(i, t.rows.len()).to_string());
            s.push_str("</span></button>");
        }
        s.push_str("</nav>");
    }

    /// The table shown: its columns, its first rows.
    fn push_table(&self, s: &mut String) {
        let Some(ti) = self.table else {
            if !self.data.tables.is_empty() {
                s.push_str("<p class=\"data-note\">Pick a table, then a record to walk from.</p>");
            }
            return;
        };
        let Some(table) = self.data.tables.get(ti) else {
            return;
        };
        let model = self.analysis.schema.models.get(table.model);
        let primary = edits::primary_columns(&self.analysis.schema, &self.data, ti);
        s.push_str("<section class=\"data-table\" aria-label=\"Table ");
        escape(s, &table.name());
        s.push_str("\"><h3>");
        escape(s, &table.name());
        s.push_str(" <span class=\"muted\">rows of ");
        escape(s, model.map_or("?", |m| m.name.as_str()));
        s.push_str("</span></h3><div class=\"data-scroll\"><table><thead><tr>");
        for (c, name) in table.columns.iter().enumerate() {
            let fk = model
                .and_then(|m| m.attributes.iter().find(|a| a.field == *name))
                .and_then(|a| a.references.as_ref());
            s.push_str("<th scope=\"col\"");
            if let Some(r) = fk {
                s.push_str(" class=\"fk\" title=\"Foreign key to ");
                escape(s, &r.model);
                s.push('.');
                escape(s, &r.key);
                s.push('"');
            } else if primary.contains(&c) {
                s.push_str(" class=\"pk\" title=\"Primary key\"");
            }
            s.push('>');
            escape(s, name);
            s.push_str("</th>");
        }
        s.push_str("</tr></thead><tbody>");
        let open = self.trail.last().map(|c| c.record);
        let mut drawn = 0;
        let mut more = false;
        for row in 0..table.rows.len() {
            let r = RecordRef { table: ti, row };
            if self.edits.is_removed(r) {
                continue;
            }
            if drawn == self.shown {
                more = true;
                break;
            }
            drawn += 1;
            s.push_str("<tr data-act=\"open\" tabindex=\"0\"");
            push_record_attrs(s, r, &self.label(r));
            if open == Some(r) {
                s.push_str(" class=\"open\"");
            }
            s.push('>');
            for c in 0..table.columns.len() {
                s.push_str("<td>");
                push_value(s, self.edits.cell(&self.data, r, c), CELL);
                s.push_str("</td>");
            }
            s.push_str("</tr>");
        }
        s.push_str("</tbody></table></div>");
        if more {
            s.push_str("<button type=\"button\" class=\"data-more\" data-act=\"more\">Show more rows</button>");
        }
        s.push_str("</section>");
    }

    /// The record at the end of the walk: the trail, its values, and what
    /// each of its associations fetches.
    fn push_record(&self, s: &mut String) {
        let Some(last) = self.trail.last() else {
            return;
        };
        let r = last.record;
        let Some(table) = self.data.tables.get(r.table) else {
            return;
        };
        let label = self.label(r);
        s.push_str("<section class=\"data-record-view\" aria-label=\"Record\"");
        push_record_attrs(s, r, &label);
        s.push_str("><nav class=\"data-trail\" aria-label=\"Walk\">");
        s.push_str("<button type=\"button\" data-act=\"back\" title=\"Back (the browser's back too)\">\u{2190}</button>");
        s.push_str(
            "<button type=\"button\" data-act=\"forward\" title=\"Forward\">\u{2192}</button><ol>",
        );
        for (i, c) in self.trail.iter().enumerate() {
            s.push_str("<li>");
            if let Some(via) = &c.via {
                s.push_str("<span class=\"via\">.");
                escape(s, via);
                s.push_str("</span> ");
            }
            s.push_str("<button type=\"button\" data-act=\"crumb\" data-i=\"");
            s.push_str(&i.to_string());
            s.push('"');
            if i + 1 == self.trail.len() {
                s.push_str(" aria-current=\"step\"");
            }
            s.push('>');
            escape(s, &self.label(c.record));
            s.push_str("</button></li>");
        }
        s.push_str("</ol><button type=\"button\" data-act=\"close\" class=\"close\" title=\"Close the record\">\u{d7}</button></nav><h3>");
        escape(s, &label);
        s.push_str(" <span class=\"muted\">in ");
        escape(s, &table.name());
        s.push_str("</span> <button type=\"button\" class=\"data-destroy-button\" data-act=\"destroy\" title=\"What the database does with the rows that point at it\">Destroy\u{2026}</button></h3>");
        if let Some(plan) = &self.planned {
            self.push_plan(s, r, plan);
        }
        s.push_str("<table class=\"data-values\"><tbody>");
        for (c, name) in table.columns.iter().enumerate() {
            s.push_str("<tr><th scope=\"row\">");
            escape(s, name);
            s.push_str("</th><td>");
            push_value(s, self.edits.cell(&self.data, r, c), usize::MAX);
            s.push_str("</td></tr>");
        }
        s.push_str("</tbody></table>");
        for step in self.steps(r) {
            self.push_step(s, &step);
        }
        s.push_str("</section>");
    }

    /// What destroying the record would do, with the buttons to do it.
    fn push_plan(&self, s: &mut String, r: RecordRef, plan: &Outcome) {
        s.push_str("<section class=\"data-plan\" aria-label=\"Destroy\"><h4><code>");
        escape(s, &self.instance(r));
        s.push_str(".destroy()</code></h4>");
        let mut can = false;
        match plan {
            Outcome::Missing => s.push_str("<p>This record is no longer there.</p>"),
            Outcome::Refused(refusal) => {
                s.push_str("<p>The database refuses, and nothing changes:</p><pre class=\"data-refused\">ERROR:  ");
                escape(s, &refusal.error);
                if !refusal.detail.is_empty() {
                    s.push_str("\nDETAIL:  ");
                    escape(s, &refusal.detail);
                }
                s.push_str("</pre>");
            }
            Outcome::Change(change) => {
                can = true;
                s.push_str("<ul class=\"data-effects\">");
                if let Some(soft) = &change.soft {
                    let field = self
                        .data
                        .tables
                        .get(r.table)
                        .and_then(|t| t.columns.get(soft.column))
                        .map_or("deletedAt", String::as_str);
                    s.push_str("<li>The model is paranoid: <code>UPDATE</code> sets <code>");
                    escape(s, field);
                    s.push_str("</code>; no row is removed, so nothing cascades and the rows that point at it keep their keys (a plain <code>findAll</code> no longer returns it; <code>destroy({ force: true })</code> would delete it).</li>");
                } else {
                    self.push_effect(s, r, None, None);
                }
                for e in &change.removed {
                    self.push_effect(s, e.record, None, Some(&e.cause));
                }
                for e in &change.cleared {
                    self.push_effect(s, e.record, Some((e.column, &e.new)), Some(&e.cause));
                }
                for e in &change.dangling {
                    s.push_str("<li class=\"warn\">");
                    escape(s, &self.label(e.record));
                    s.push('.');
                    escape(s, self.column_name(e.record.table, e.column));
                    s.push_str(" keeps pointing at a removed record <span class=\"cause\">");
                    escape(s, &e.cause.to_string());
                    s.push_str(": no constraint, so the database does not know</span></li>");
                }
                s.push_str("</ul>");
            }
        }
        if can {
            s.push_str("<button type=\"button\" data-act=\"destroy-apply\" class=\"danger\">Destroy</button> ");
        }
        s.push_str("<button type=\"button\" data-act=\"destroy-cancel\">");
        s.push_str(if can { "Cancel" } else { "Close" });
        s.push_str("</button></section>");
    }

    /// One item of the plan: a record it removes (`set` None) or the cell
    /// of one it sets (`set`: the column and its new value), and why.
    fn push_effect(
        &self,
        s: &mut String,
        record: RecordRef,
        set: Option<(usize, &Value)>,
        cause: Option<&Cause>,
    ) {
        match set {
            None => {
                s.push_str("<li>removes <strong>");
                escape(s, &self.label(record));
                s.push_str("</strong>");
            }
            Some((column, new)) => {
                s.push_str("<li>sets ");
                escape(s, &self.label(record));
                s.push('.');
                escape(s, self.column_name(record.table, column));
                s.push_str(" to ");
                push_value(s, Some(new), CELL);
            }
        }
        if let Some(cause) = cause {
            s.push_str(" <span class=\"cause\">");
            escape(s, &cause.to_string());
            s.push_str("</span>");
        }
        s.push_str("</li>");
    }

    /// The eager-loading panel for the table shown: a tree of its model's
    /// associations to tick, the `findAll` call, and what it returns.
    fn push_eager(&self, s: &mut String) {
        let Some(root) = self
            .table
            .and_then(|t| self.data.tables.get(t))
            .map(|t| t.model)
        else {
            return;
        };
        let paths: &[Vec<AssociationId>] = if self.eager_root == Some(root) {
            &self.eager_paths
        } else {
            &[]
        };
        s.push_str("<section class=\"data-eager\" aria-label=\"Eager loading\"><h3>Eager loading <span class=\"muted\">tick what to include</span></h3>");
        let mut path = Vec::new();
        self.push_include_tree(s, root, paths, &mut path);
        let include = includes(paths, &[]);
        let schema = &self.analysis.schema;
        s.push_str("<pre class=\"data-code\">");
        escape(s, &eager::include_code(schema, root, &include));
        s.push_str("</pre>");
        let (json, total) =
            eager::eager_page(&self.walker(), &self.edits, root, &include, EAGER_ROWS);
        s.push_str("<p class=\"data-note\">");
        s.push_str(&if total > EAGER_ROWS {
            format!("Its first {EAGER_ROWS} of {total} results, as <code>JSON.stringify</code> prints them:")
        } else {
            format!("{}, as <code>JSON.stringify</code> prints them:", plural(total, "result"))
        });
        s.push_str("</p><pre class=\"data-result\">");
        escape(s, &pretty_json(&json));
        s.push_str("</pre></section>");
    }

    /// The live associations of `model` as ticks; a ticked one opens its
    /// target's, three levels deep at most.
    fn push_include_tree(
        &self,
        s: &mut String,
        model: ModelId,
        ticked: &[Vec<AssociationId>],
        path: &mut Vec<AssociationId>,
    ) {
        let schema = &self.analysis.schema;
        s.push_str("<ul class=\"data-include\">");
        for (id, a) in schema.associations.iter().enumerate() {
            if a.source != model || !a.is_live() {
                continue;
            }
            path.push(id);
            let on = ticked.contains(path);
            s.push_str("<li><label><input type=\"checkbox\" data-ctl=\"include\" data-path=\"");
            s.push_str(
                &path
                    .iter()
                    .map(ToString::to_string)
                    .collect::<Vec<_>>()
                    .join("."),
            );
            s.push('"');
            if on {
                s.push_str(" checked");
            }
            s.push_str("> <code>");
            escape(s, &a.as_name);
            s.push_str("</code> <span class=\"muted\">");
            escape(s, a.kind.method());
            s.push(' ');
            escape(
                s,
                schema.models.get(a.target).map_or("?", |m| m.name.as_str()),
            );
            s.push_str("</span></label>");
            if on && path.len() < 3 {
                self.push_include_tree(s, a.target, ticked, path);
            }
            s.push_str("</li>");
            path.pop();
        }
        s.push_str("</ul>");
    }

    /// A tick in the eager-loading tree.
    fn toggle_include(&mut self, path: &str) {
        let Some(root) = self
            .table
            .and_then(|t| self.data.tables.get(t))
            .map(|t| t.model)
        else {
            return;
        };
        let path: Vec<AssociationId> = path.split('.').filter_map(|p| p.parse().ok()).collect();
        if path.is_empty() || path.len() > 3 {
            return;
        }
        if self.eager_root != Some(root) {
            self.eager_root = Some(root);
            self.eager_paths.clear();
        }
        match self.eager_paths.iter().position(|p| *p == path) {
            Some(i) => {
                self.eager_paths.remove(i);
            }
            None => self.eager_paths.push(path),
        }
        self.draw();
    }

    fn column_name(&self, table: usize, column: usize) -> &str {
        self.data
            .tables
            .get(table)
            .and_then(|t| t.columns.get(column))
            .map_or("?", String::as_str)
    }

    fn push_step(&self, s: &mut String, step: &Step) {
        s.push_str("<section class=\"data-step\"><h4><code>");
        escape(s, &step.accessor);
        s.push_str("</code> <span class=\"muted\">");
        let n = step.records.len();
        s.push_str(&match n {
            0 => "nothing".to_string(),
            1 => "1 record".to_string(),
            n => format!("{n} records"),
        });
        s.push_str("</span></h4>");
        match &step.sql {
            Some(sql) => {
                s.push_str("<details class=\"data-sql\"><summary>SQL</summary><pre>");
                escape(s, sql);
                s.push_str("</pre></details>");
            }
            None => s.push_str(
                "<p class=\"data-note\">No query: the foreign key is NULL, so the getter resolves to null.</p>",
            ),
        }
        s.push_str("<ul class=\"data-related\">");
        for (k, &r) in step.records.iter().take(RELATED).enumerate() {
            let label = self.label(r);
            s.push_str("<li><button type=\"button\" data-act=\"follow\" data-via=\"");
            escape(s, &step.via);
            s.push('"');
            if let Some(&j) = step.through.get(k) {
                s.push_str(" title=\"through ");
                escape(s, &self.label(j));
                s.push('"');
            }
            push_record_attrs(s, r, &label);
            s.push('>');
            escape(s, &label);
            s.push_str("</button></li>");
        }
        if n > RELATED {
            s.push_str("<li class=\"muted\">and ");
            s.push_str(&(n - RELATED).to_string());
            s.push_str(" more</li>");
        }
        s.push_str("</ul></section>");
    }

    fn walker(&self) -> Walker<'_> {
        Walker::with_index(&self.analysis.schema, &self.data, &self.index)
    }

    /// What each association of the record's model fetches.
    fn steps(&self, r: RecordRef) -> Vec<Step> {
        self.walker()
            .steps(&self.edits, r)
            .into_iter()
            .map(|s| Step {
                via: self
                    .analysis
                    .schema
                    .associations
                    .get(s.association)
                    .map_or_else(String::new, |a| a.as_name.clone()),
                accessor: s.accessor,
                sql: s.sql,
                records: s.records,
                through: s.through,
            })
            .collect()
    }

    /// The instance's variable name in code: `employee` for Employee.
    fn instance(&self, r: RecordRef) -> String {
        let name = self.model_name(r.table);
        let mut chars = name.chars();
        match chars.next() {
            Some(c) => c.to_lowercase().chain(chars).collect(),
            None => "record".into(),
        }
    }

    /// Plans destroying the record shown.
    fn plan_destroy(&mut self) {
        let Some(last) = self.trail.last() else {
            return;
        };
        self.planned = Some(cascade::plan(
            &self.analysis.schema,
            &self.data,
            &self.edits,
            last.record,
        ));
        self.draw();
    }

    /// Applies the planned destroy: the walk ends at the last record still
    /// there.
    fn apply_destroy(&mut self) {
        let Some(Outcome::Change(change)) = self.planned.take() else {
            self.planned = None;
            self.draw();
            return;
        };
        cascade::apply(&mut self.edits, &self.data, &change);
        let label = self.label(change.record);
        let removed = change.removed.len();
        let cleared = change.cleared.len();
        self.message = Some(if change.soft.is_some() {
            format!("{label} is soft-deleted: its deletedAt is set, nothing else changes.")
        } else {
            format!(
                "Destroyed {label}: {} removed, {} set to NULL.",
                plural(removed + 1, "record"),
                plural(cleared, "key")
            )
        });
        self.undo.push(change);
        self.trim_trail();
        self.write_link(false);
        self.draw();
    }

    fn undo_destroy(&mut self) {
        if let Some(change) = self.undo.pop() {
            cascade::undo(&mut self.edits, &self.data, &change);
            self.message = Some(format!("Undone: {} is back.", self.label(change.record)));
            self.planned = None;
            self.draw();
        }
    }

    /// Ends the walk before its first removed record.
    fn trim_trail(&mut self) {
        if let Some(i) = self
            .trail
            .iter()
            .position(|c| self.edits.is_removed(c.record))
        {
            self.trail.truncate(i);
        }
    }
}

/// The include tree the ticked paths make: a path counts when every path
/// before it on the way is ticked too. In the order ticked.
fn includes(ticked: &[Vec<AssociationId>], prefix: &[AssociationId]) -> Vec<Include> {
    let mut out: Vec<Include> = Vec::new();
    for p in ticked {
        if p.len() != prefix.len() + 1 || !p.starts_with(prefix) {
            continue;
        }
        if let Some(&association) = p.last() {
            out.push(Include {
                association,
                children: includes(ticked, p),
            });
        }
    }
    out
}

/// Compact JSON text indented by two spaces (strings untouched), without
/// parsing it again: key order is what Sequelize's is.
fn pretty_json(json: &str) -> String {
    let mut out = String::with_capacity(json.len() * 2);
    let mut depth = 0usize;
    let mut in_string = false;
    let mut escaped = false;
    let mut chars = json.chars().peekable();
    let newline = |out: &mut String, depth: usize| {
        out.push('\n');
        for _ in 0..depth {
            out.push_str("  ");
        }
    };
    while let Some(c) = chars.next() {
        if in_string {
            out.push(c);
            if escaped {
                escaped = false;
            } else if c == '\\' {
                escaped = true;
            } else if c == '"' {
                in_string = false;
            }
            continue;
        }
        match c {
            '"' => {
                in_string = true;
                out.push(c);
            }
            '{' | '[' => {
                out.push(c);
                if matches!(chars.peek(), Some('}' | ']')) {
                    if let Some(close) = chars.next() {
                        out.push(close);
                    }
                } else {
                    depth += 1;
                    newline(&mut out, depth);
                }
            }
            '}' | ']' => {
                depth = depth.saturating_sub(1);
                newline(&mut out, depth);
                out.push(c);
            }
            ',' => {
                out.push(c);
                newline(&mut out, depth);
            }
            ':' => out.push_str(": "),
            _ => out.push(c),
        }
    }
    out
}

fn plural(n: usize, what: &str) -> String {
    if n == 1 {
        format!("1 {what}")
    } else {
        format!("{n} {what}s")
    }
}

/// One association followed from a record, as the tab shows it.
struct Step {
    /// The association's `as`: how the link names it.
    via: String,
    accessor: String,
    /// `None` where the getter sends nothing (a NULL foreign key).
    sql: Option<String>,
    records: Vec<RecordRef>,
    /// For a many-to-many, the junction row of each record.
    through: Vec<RecordRef>,
}

/// `data-record`, `data-t` and `data-r` on a record's element.
fn push_record_attrs(s: &mut String, r: RecordRef, label: &str) {
    s.push_str(" data-record=\"");
    escape(s, label);
    s.push_str("\" data-t=\"");
    s.push_str(&r.table.to_string());
    s.push_str("\" data-r=\"");
    s.push_str(&r.row.to_string());
    s.push('"');
}

/// A value as text, cut after `max` characters.
fn push_value(s: &mut String, v: Option<&Value>, max: usize) {
    match v {
        None | Some(Value::Null) => s.push_str("<span class=\"null\">NULL</span>"),
        Some(v) => {
            let text = edits::key_part(v);
            let text = match v {
                Value::Array(_) => format!("[{text}]"),
                _ => text,
            };
            match text.char_indices().nth(max) {
                Some((cut, _)) => {
                    escape(s, &text[..cut]);
                    s.push('\u{2026}');
                }
                None => escape(s, &text),
            }
        }
    }
}

/// Milliseconds to one decimal.
fn tenths(ms: f64) -> String {
    #[allow(clippy::cast_possible_truncation)]
    let t = (ms.max(0.0) * 10.0).round() as i64;
    format!("{}.{}", t / 10, t % 10)
}

/// The tab's styles, added to the page once ([`dom::add_style`]): they come
/// with the module.
/// Colours are the page's theme variables (style/main.css).
const STYLE: &str = ".data-tools{display:flex;flex-wrap:wrap;gap:8px 12px;align-items:center;font-size:13px;}.data-tools input{font:inherit;color:var(--text);background:var(--panel);border:1px solid var(--border);border-radius:6px;padding:4px 6px;width:7rem;}.data-tools button,.data-tables button,.data-trail button,.data-related button,.data-more{font:inherit;color:var(--text);background:var(--panel);border:1px solid var(--border);border-radius:6px;padding:3px 8px;cursor:pointer;}.data-tools button:hover,.data-tables button:hover,.data-related button:hover{border-color:var(--accent);}.data-count{color:var(--muted);margin-left:auto;}.data-body{display:flex;flex-direction:column;gap:10px;}.data-note{margin:0;font-size:12.5px;color:var(--muted);}.data-note.warn{color:var(--warning);}.data-tables{display:flex;flex-wrap:wrap;gap:6px;}.data-tables button[aria-pressed=\"true\"]{border-color:var(--selected);box-shadow:inset 0 0 0 1px var(--selected);font-weight:600;}.data-tables button.junction{border-style:dashed;}.data-tables .n{color:var(--muted);font-size:11px;}.data-table h3,.data-record-view h3{margin:0 0 6px;font-size:14px;}.muted{color:var(--muted);font-weight:400;}.data-scroll{max-height:22rem;overflow:auto;border:1px solid var(--border);border-radius:8px;}.data-table table{border-collapse:collapse;font:12px var(--font-code);width:100%;}.data-table th{position:sticky;top:0;background:var(--panel-2);text-align:left;padding:4px 8px;border-bottom:1px solid var(--border);white-space:nowrap;}.data-table th.pk::before{content:\"PK \";font-size:9px;color:var(--muted);}.data-table th.fk{color:var(--assoc);}.data-table th.fk::before{content:\"\\2192 \";}.data-table td{padding:3px 8px;border-bottom:1px solid color-mix(in srgb,var(--border) 50%,transparent);white-space:nowrap;}.data-table tbody tr{cursor:pointer;}.data-table tbody tr:hover,.data-table tbody tr:focus-visible{background:color-mix(in srgb,var(--accent) 10%,transparent);}.data-table tr.open{background:color-mix(in srgb,var(--selected) 16%,transparent);}.null{color:var(--muted);font-style:italic;}.data-more{margin-top:6px;}.data-record-view{border:1px solid var(--border);border-radius:10px;padding:10px 12px;background:var(--panel);}.data-trail{display:flex;gap:6px;align-items:center;margin-bottom:8px;font-size:12.5px;}.data-trail ol{display:flex;flex-wrap:wrap;gap:4px 6px;list-style:none;margin:0;padding:0;flex:1;}.data-trail li{display:flex;gap:4px;align-items:center;}.data-trail li+li::before{content:\"\\203A\";color:var(--muted);}.data-trail .via{font-family:var(--font-code);color:var(--assoc);}.data-trail button[aria-current]{font-weight:700;border-color:var(--selected);}.data-trail .close{margin-left:auto;}.data-values{border-collapse:collapse;font:12px var(--font-code);margin-bottom:8px;}.data-values th{text-align:left;color:var(--muted);font-weight:400;padding:2px 12px 2px 0;vertical-align:top;}.data-values td{padding:2px 0;word-break:break-all;}.data-step{border-top:1px solid var(--border);padding-top:6px;margin-top:6px;}.data-step h4{margin:0;font-size:13px;}.data-step code{font-family:var(--font-code);color:var(--accent);}.data-sql summary{cursor:pointer;color:var(--muted);font-size:12px;}.data-sql pre{white-space:pre-wrap;word-break:break-word;font:11.5px var(--font-code);background:var(--panel-2);border-radius:6px;padding:6px 8px;margin:4px 0;}.data-related{display:flex;flex-wrap:wrap;gap:4px;list-style:none;margin:4px 0 0;padding:0;}.data-related button{font-family:var(--font-code);font-size:12px;}.data-destroy-button,.data-plan button,.data-undo{font:inherit;font-size:12px;color:var(--text);background:var(--panel);border:1px solid var(--border);border-radius:6px;padding:2px 8px;cursor:pointer;margin-left:6px;}.data-plan button.danger{border-color:var(--error);color:var(--error);font-weight:600;}.data-plan{border:1px solid var(--error);border-radius:8px;padding:6px 10px;margin:6px 0 10px;background:var(--error-bg);font-size:12.5px;}.data-plan h4{margin:0 0 4px;}.data-effects{margin:4px 0 8px;padding-left:18px;}.data-effects .cause{color:var(--muted);font-family:var(--font-code);font-size:11.5px;}.data-effects .warn{color:var(--warning);}.data-refused{white-space:pre-wrap;font:12px var(--font-code);margin:4px 0 8px;}.data-eager{border-top:1px solid var(--border);padding-top:8px;}.data-include{list-style:none;margin:0;padding-left:0;font-size:12.5px;}.data-include .data-include{padding-left:20px;}.data-code,.data-result{white-space:pre-wrap;word-break:break-word;font:11.5px var(--font-code);background:var(--panel-2);border-radius:6px;padding:6px 8px;margin:4px 0;}.data-result{max-height:24rem;overflow:auto;}";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pretty_json_indents_without_touching_strings() {
        assert_eq!(
            pretty_json(r#"[{"a":1,"b":"x,{y}:\"z\"","c":[],"d":{"e":null}}]"#),
            "[\n  {\n    \"a\": 1,\n    \"b\": \"x,{y}:\\\"z\\\"\",\n    \"c\": [],\n    \"d\": {\n      \"e\": null\n    }\n  }\n]"
        );
    }

    #[test]
    fn only_ticked_paths_whose_parents_are_ticked_include() {
        let t = includes(&[vec![1], vec![1, 4], vec![2, 5], vec![3]], &[]);
        assert_eq!(t.len(), 2);
        assert_eq!((t[0].association, t[0].children.len()), (1, 1));
        assert_eq!(t[0].children[0].association, 4);
        assert_eq!((t[1].association, t[1].children.len()), (3, 0));
    }
}
