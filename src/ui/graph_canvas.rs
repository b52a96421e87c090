//! The graph tab's canvas, in the graph module: a second WebAssembly
//! module, loaded the first time the graph is shown (docs/WEB.md), so that
//! the page's first load stays small. The page ([`super::graph_view`])
//! hands it a host element, the schema as text ([`crate::graph::wire`]) and
//! the selected model; it tells the page when a model is selected or
//! should be shown in the code. `src/bin/assoc-graph.rs` exports
//! [`mount`], [`update`] and [`select`] to JavaScript.
//!
//! The drawing comes from [`crate::graph`] (markup from
//! [`crate::graph::svg`]) with pan, zoom, dragging, hover, selection, focus,
//! search and keyboard navigation. Plain DOM and one listener per event
//! type on the host, no framework: the module stays small and the canvas is
//! generated markup anyway. Moving the view (pan, zoom) changes one
//! transform and never lays anything out again. A node being dragged moves
//! by hand (its `<g>` and its lines' paths); when it is let go its position
//! joins the moved ones and the drawing is made again. Moved positions,
//! options and the view are kept while the code changes and while another
//! tab is shown.

use std::cell::RefCell;

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use super::{dom, export_panel, link};
use crate::engine::Schema;
use crate::graph::layout::{self, stable, Layout, Rect};
use crate::graph::{self as schema_graph, svg, wire, SchemaGraph};
use crate::share;

/// Zoom bounds and one zoom step (buttons, keys).
const MIN_SCALE: f64 = 0.05;
const MAX_SCALE: f64 = 3.0;
const STEP: f64 = 1.25;
/// Margin around the drawing when it is fitted to the view.
const FIT_MARGIN: f64 = 24.0;
/// Below this zoom the drawing's 12px rows are too small to read: only the
/// key rows are drawn (with the names); the zoom search and the arrow keys
/// centre a model at this zoom at least.
const READABLE_SCALE: f64 = 0.6;
/// Below this zoom no rows are drawn: each model is its name, in a label
/// of at least [`svg::NAME_PX`] on screen.
const LABEL_ZOOM: f64 = 0.45;
/// How long after the view last moved the link follows it.
const LINK_DELAY_MS: i32 = 300;
/// A press that moves less than this (screen pixels) is a click.
const CLICK_SLOP: f64 = 3.0;

/// What the canvas keeps while the code changes and while another tab is
/// shown: positions moved by hand, options, the view.
#[derive(Clone, Debug, Default)]
pub struct GraphState {
    /// Top-left corners of nodes moved by hand, by model name.
    pub moved: Vec<(String, [f64; 2])>,
    /// Many-to-manys drawn as one line, without their junction.
    pub collapse: bool,
    /// Focus mode: only models this many steps from the selected one
    /// (`None`: every model).
    pub hops: Option<u32>,
    pub view: View,
}

/// Pan and zoom: screen = drawing * scale + (x, y).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct View {
    pub x: f64,
    pub y: f64,
    pub scale: f64,
    /// Whether the view was ever set (else the first drawing is fitted).
    pub set: bool,
}

impl GraphState {
    /// What the page's link keeps of the graph (nothing: the defaults).
    fn from_link() -> GraphState {
        let view = link::get("view").and_then(|v| share::parse_view(&v));
        GraphState {
            moved: link::get("moved")
                .map(|m| share::parse_moved(&m))
                .unwrap_or_default()
                .into_iter()
                .map(|(n, x, y)| (n, [x, y]))
                .collect(),
            collapse: link::get("collapse").as_deref() == Some("1"),
            hops: link::get("hops").and_then(|h| h.parse().ok()),
            view: view.map_or_else(View::default, |(x, y, scale)| View {
                x,
                y,
                scale: scale.clamp(MIN_SCALE, MAX_SCALE),
                set: true,
            }),
        }
    }
}

impl Default for View {
    fn default() -> Self {
        View {
            x: 0.0,
            y: 0.0,
            scale: 1.0,
            set: false,
        }
    }
}

impl View {
    fn transform(self) -> String {
        let mut s = String::from("translate(");
        svg::push_num(&mut s, self.x);
        s.push(',');
        svg::push_num(&mut s, self.y);
        // To a thousandth: a tenth is too coarse below 1.
        s.push_str(") scale(");
        svg::push_num(&mut s, self.scale * 100.0);
        s.push_str("e-2)");
        s
    }

    /// Zooms by `factor` about the screen point `p`.
    fn zoom_at(self, factor: f64, p: [f64; 2]) -> View {
        let scale = (self.scale * factor).clamp(MIN_SCALE, MAX_SCALE);
        let k = scale / self.scale;
        View {
            x: p[0] - (p[0] - self.x) * k,
            y: p[1] - (p[1] - self.y) * k,
            scale,
            set: true,
        }
    }

    /// This view moved as little as it takes to keep `bounds` (min x, min
    /// y, max x, max y) over a `w` by `h` screen: no empty margin wider
    /// than [`FIT_MARGIN`] beside a drawing larger than the screen, a
    /// smaller one centred.
    fn within(self, bounds: [f64; 4], w: f64, h: f64) -> View {
        let axis = |at: f64, lo: f64, hi: f64, size: f64| {
            let (a, z) = (lo * self.scale, hi * self.scale);
            if z - a + 2.0 * FIT_MARGIN <= size {
                (size - (z - a)) / 2.0 - a
            } else {
                at.min(FIT_MARGIN - a).max(size - FIT_MARGIN - z)
            }
        };
        View {
            x: axis(self.x, bounds[0], bounds[2], w),
            y: axis(self.y, bounds[1], bounds[3], h),
            ..self
        }
    }

    /// The view that shows `bounds` (min x, min y, max x, max y) whole in
    /// a `w` by `h` screen, no larger than life.
    fn fit(bounds: [f64; 4], w: f64, h: f64) -> View {
        let (bw, bh) = (
            (bounds[2] - bounds[0]).max(1.0),
            (bounds[3] - bounds[1]).max(1.0),
        );
        let scale = ((w - 2.0 * FIT_MARGIN) / bw)
            .min((h - 2.0 * FIT_MARGIN) / bh)
            .clamp(MIN_SCALE, 1.0);
        View {
            x: (w - bw * scale) / 2.0 - bounds[0] * scale,
            y: (h - bh * scale) / 2.0 - bounds[1] * scale,
            scale,
            set: true,
        }
    }
}

/// A press on a node (maybe a drag) or on the background (maybe a pan).
#[derive(Clone, Copy)]
enum Gesture {
    Pan {
        from: [f64; 2],
        view: View,
    },
    Drag {
        node: usize,
        from: [f64; 2],
        rect: Rect,
        moved: bool,
    },
}

/// How the layout is made again.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Relayout {
    /// The code changed: keep what did not ([`stable::relayout`]).
    Stable,
    /// The layered layout from scratch ("Reset layout", an option).
    Fresh,
}

/// What the page is told after an event: `(what, name)`.
type Message = Option<(&'static str, String)>;

/// The canvas: the schema, its drawing and the elements it fills.
struct Ctl {
    /// The host element the page gave.
    root: web_sys::Element,
    canvas: Option<web_sys::Element>,
    viewport: Option<web_sys::Element>,
    /// The page's `(what, name)` callback.
    on_event: js_sys::Function,
    listeners: dom::Listeners,
    keep: GraphState,
    /// A write of the view to the link is on its way.
    link_due: bool,
    schema: Schema,
    selected_name: Option<String>,
    graph: SchemaGraph,
    /// The layout before the hand moves ([`stable::relayout`]'s, or the
    /// fresh one), and whether it differs from the fresh layered layout
    /// (then "Reset layout" has something to reset).
    base: Layout,
    drifted: bool,
    /// `base` with the hand moves: what is drawn.
    layout: Layout,
    /// Nodes hidden by focus mode.
    hidden: Vec<bool>,
    selected: Option<usize>,
    /// The name searched for and not found.
    not_found: bool,
    gesture: Option<Gesture>,
    pointers: Vec<(i32, [f64; 2])>,
    /// A two-finger pinch: the fingers' distance at its start, and the view.
    pinch: Option<(f64, View)>,
}

/// The events the canvas listens to, on its host.
const EVENTS: [&str; 10] = [
    "click",
    "change",
    "keydown",
    "pointerdown",
    "pointermove",
    "pointerup",
    "pointercancel",
    "pointerover",
    "pointerout",
    "wheel",
];

thread_local! {
    static CTL: RefCell<Option<Ctl>> = const { RefCell::new(None) };
}

/// Runs `f` on the canvas, if there is one and it is not busy (an event
/// raised while another is handled is dropped, never a panic).
fn with<R>(f: impl FnOnce(&mut Ctl) -> R) -> Option<R> {
    dom::with(&CTL, f)
}

/// Shows the canvas in `host`; `on_event(what, name)` hears of selections
/// (`select`) and requests to show a model in the code (`open`).
pub fn mount(host: web_sys::Element, on_event: js_sys::Function) {
    CTL.with(|c| {
        let Ok(mut c) = c.try_borrow_mut() else {
            return;
        };
        let ctl = c.get_or_insert_with(|| Ctl::new(host.clone(), on_event.clone()));
        ctl.on_event = on_event;
        ctl.attach(host);
        ctl.relayout(Relayout::Stable);
        ctl.draw();
        ctl.show_view(ctl.keep.view);
    });
}

/// Draws the schema in `text` ([`wire::encode`]'s).
///
/// Models that did not change keep their place ([`stable::relayout`]).
/// When the change is too large for that, the view stays on what the user
/// was looking at: the selected model (else the model nearest the middle
/// of the view) keeps its place on screen when the new layout moves it.
pub fn update(text: &str) {
    with(|c| {
        let anchor = c.anchor();
        c.schema = wire::decode(text);
        let kept = c.relayout(Relayout::Stable);
        c.draw();
        if c.drifted || kept {
            c.keep_in_link();
        }
        if !c.keep.view.set && c.graph.node_count() > 0 {
            let v = c.first_view();
            c.set_view(v);
            return;
        }
        // Kept models are where they were: following a resized selected
        // model would move all of them on screen.
        let anchor = anchor.filter(|_| !kept);
        let moved_by = anchor.and_then(|(name, was)| {
            let now = c.graph.node_weights().position(|n| n.name == name)?;
            let r = c.layout.nodes.get(now)?;
            Some([was[0] - r.x, was[1] - r.y])
        });
        match moved_by {
            Some([dx, dy]) if dx != 0.0 || dy != 0.0 => {
                let v = c.keep.view;
                c.set_view(View {
                    x: v.x + dx * v.scale,
                    y: v.y + dy * v.scale,
                    ..v
                });
            }
            _ => c.show_view(c.keep.view),
        }
    });
}

/// Selects the model `name` (empty: none), as the page's other views did.
pub fn select(name: &str) {
    with(|c| {
        let name = (!name.is_empty()).then(|| name.to_string());
        if c.selected_name != name {
            c.selected_name = name;
            c.draw();
        }
    });
}

/// One event on the host.
fn on(name: &str, ev: &web_sys::Event) {
    // The page hears of it after the canvas is done with the event.
    let told = with(|c| c.handle(name, ev).map(|m| (m, c.on_event.clone()))).flatten();
    if let Some(((what, value), f)) = told {
        dom::tell(&f, what, &value);
    }
}

impl Ctl {
    fn new(root: web_sys::Element, on_event: js_sys::Function) -> Ctl {
        Ctl {
            root,
            canvas: None,
            viewport: None,
            on_event,
            listeners: dom::Listeners::default(),
            keep: GraphState::from_link(),
            link_due: false,
            schema: Schema::default(),
            selected_name: None,
            graph: SchemaGraph::default(),
            base: layout::layout(&SchemaGraph::default()),
            drifted: false,
            layout: layout::layout(&SchemaGraph::default()),
            hidden: Vec::new(),
            selected: None,
            not_found: false,
            gesture: None,
            pointers: Vec::new(),
            pinch: None,
        }
    }

    /// Fills `root` with the tab's frame (the options as kept) and listens
    /// to its events.
    fn attach(&mut self, root: web_sys::Element) {
        dom::add_style(&root, "assoc-graph-style", STYLE);
        root.set_inner_html(&shell(&self.keep));
        self.canvas = root.query_selector(".graph-canvas").ok().flatten();
        self.viewport = root.query_selector(".viewport").ok().flatten();
        self.listeners.attach(&self.root, &root, &EVENTS, on);
        self.root = root;
    }

    fn find(&self, selector: &str) -> Option<web_sys::Element> {
        self.root.query_selector(selector).ok().flatten()
    }

    /// Lays the graph out again (the analysis or an option changed);
    /// whether models kept their places.
    fn relayout(&mut self, how: Relayout) -> bool {
        let graph = schema_graph::build(
            &self.schema,
            schema_graph::Options {
                collapse_many_to_many: self.keep.collapse,
            },
        );
        let mut kept = false;
        if how == Relayout::Stable && self.graph.node_count() > 0 {
            // From what is drawn: new models keep clear of moved ones too.
            let previous = stable::Previous::of(&self.graph, &self.layout);
            let placed = stable::relayout(&previous, &graph);
            kept = !placed.is_fresh();
            self.drifted = !placed.is_layered;
            self.base = placed.layout;
        } else {
            self.base = layout::layout(&graph);
            self.drifted = false;
        }
        self.graph = graph;
        self.apply_moves();
        if let Some(list) = self.find("datalist") {
            let mut options = String::new();
            for n in self.graph.node_weights() {
                options.push_str("<option value=\"");
                svg::escape(&mut options, &n.name);
                options.push_str("\"></option>");
            }
            list.set_inner_html(&options);
        }
        kept
    }

    /// The drawn layout: `base` with the models moved by hand where they
    /// were left.
    fn apply_moves(&mut self) {
        let keep = &self.keep;
        let at: Vec<Option<[f64; 2]>> = self
            .graph
            .node_weights()
            .map(|n| {
                keep.moved
                    .iter()
                    .find(|(m, _)| *m == n.name)
                    .map(|(_, p)| *p)
            })
            .collect();
        self.layout = layout::with_moves(&self.graph, &self.base, &at);
    }

    /// Draws the graph (the selected model lit, focus mode applied) and
    /// the counts.
    fn draw(&mut self) {
        let keep = &self.keep;
        let selected = self.selected_name.as_deref();
        self.selected = selected.and_then(|s| self.graph.node_weights().position(|n| n.name == s));
        self.hidden = match (keep.hops, self.selected) {
            (Some(n), Some(sel)) => hops_from(&self.graph, sel)
                .into_iter()
                .map(|h| h > n)
                .collect(),
            _ => Vec::new(),
        };
        if let Some(v) = &self.viewport {
            v.set_inner_html(&svg::content(
                &self.graph,
                &self.layout,
                svg::Show {
                    hidden: &self.hidden,
                    selected: self.selected,
                    zoomable: true,
                },
            ));
        }
        let hidden = self.hidden.iter().filter(|&&h| h).count();
        let (nodes, edges) = (self.graph.node_count(), self.graph.edge_count());
        if let Some(count) = self.find(".graph-count") {
            count.set_text_content(Some(&if hidden > 0 {
                format!("{} of {nodes} models, {edges} lines", nodes - hidden)
            } else {
                format!("{nodes} models, {edges} lines")
            }));
        }
        if let Some(note) = self.find(".graph-note") {
            let warning = if self.not_found {
                Some("No model by that name.")
            } else if keep.hops.is_some() && self.selected.is_none() {
                Some("Select a model to focus on it.")
            } else {
                None
            };
            note.set_class_name(if warning.is_some() {
                "graph-note warn"
            } else {
                "graph-note"
            });
            note.set_text_content(Some(warning.unwrap_or(
                "Click a model to see what it gains. Drag a model to move it, the background to pan; the wheel zooms.",
            )));
        }
        if let Some(reset) = self.find("[data-act=reset]") {
            let _ = if keep.moved.is_empty() && !self.drifted {
                reset.set_attribute("disabled", "")
            } else {
                reset.remove_attribute("disabled")
            };
        }
    }

    /// The model the view is on, and its place in the drawing: the
    /// selected one, else the one nearest the middle of the view.
    fn anchor(&self) -> Option<(String, [f64; 2])> {
        let i = self.selected.or_else(|| {
            let (w, h) = self.size();
            let v = self.keep.view;
            let mid = [(w / 2.0 - v.x) / v.scale, (h / 2.0 - v.y) / v.scale];
            let hidden = |i: usize| self.hidden.get(i).copied().unwrap_or(false);
            (0..self.layout.nodes.len())
                .filter(|&i| !hidden(i))
                .min_by(|&a, &b| {
                    let d = |i: usize| {
                        let r = &self.layout.nodes[i];
                        distance([r.x + r.width / 2.0, r.y + r.height / 2.0], mid)
                    };
                    d(a).total_cmp(&d(b))
                })
        })?;
        let r = self.layout.nodes.get(i)?;
        Some((self.name(i)?, [r.x, r.y]))
    }

    fn size(&self) -> (f64, f64) {
        self.canvas.as_ref().map_or((800.0, 600.0), |c| {
            (f64::from(c.client_width()), f64::from(c.client_height()))
        })
    }

    fn show_view(&self, view: View) {
        if let Some(v) = &self.viewport {
            let _ = v.set_attribute("transform", &view.transform());
            let (zoom, sizes) = zoom_level(view.scale);
            let _ = v.set_attribute("data-zoom", zoom);
            let _ = v.set_attribute("style", &sizes);
        }
        if let Some(c) = &self.canvas {
            let mut s = String::new();
            svg::push_num(&mut s, view.scale * 100.0);
            let _ = c.set_attribute("data-scale", &s);
        }
    }

    /// The view that shows every shown node.
    fn fitted(&self) -> View {
        let (w, h) = self.size();
        View::fit(self.bounds(), w, h)
    }

    /// The smallest rectangle holding every shown node.
    fn bounds(&self) -> [f64; 4] {
        let shown = (self.layout.nodes.iter().enumerate())
            .filter(|&(i, _)| !self.hidden.get(i).copied().unwrap_or(false))
            .map(|(_, r)| r);
        layout::bounds(shown).unwrap_or([0.0, 0.0, 1.0, 1.0])
    }

    /// The first view of a drawing: all of it, if its names are readable
    /// that way (down to [`svg::LABEL_SCALE`], names alone, in labels
    /// made to fit their boxes there); else at that zoom, on the most
    /// connected model, as much drawing in view as there is around it (Fit
    /// and the count in the toolbar show the rest).
    fn first_view(&self) -> View {
        let fitted = self.fitted();
        if fitted.scale >= svg::LABEL_SCALE {
            return fitted;
        }
        let hub = (0..self.graph.node_count())
            .max_by_key(|&i| {
                let n = petgraph::graph::NodeIndex::new(i);
                // Most lines first, then the first such model.
                (
                    self.graph.neighbors_undirected(n).count(),
                    std::cmp::Reverse(i),
                )
            })
            .unwrap_or(0);
        let (w, h) = self.size();
        self.centred_at(hub, svg::LABEL_SCALE)
            .within(self.bounds(), w, h)
    }

    /// The view centred on node `i`.
    fn centred(&self, i: usize, view: View) -> View {
        if i >= self.layout.nodes.len() {
            return view;
        }
        self.centred_at(i, view.scale.max(READABLE_SCALE))
    }

    /// The view at `scale` centred on node `i`.
    fn centred_at(&self, i: usize, scale: f64) -> View {
        let r = self.layout.nodes.get(i).copied().unwrap_or(Rect {
            x: 0.0,
            y: 0.0,
            width: 0.0,
            height: 0.0,
        });
        let (w, h) = self.size();
        // Left of the middle: the selected model's card covers the right.
        View {
            x: w * 0.38 - (r.x + r.width / 2.0) * scale,
            y: h / 2.0 - (r.y + r.height / 2.0) * scale,
            scale,
            set: true,
        }
    }

    fn name(&self, i: usize) -> Option<String> {
        self.graph.node_weights().nth(i).map(|n| n.name.clone())
    }

    /// A point of an event in the canvas's own pixels.
    fn local(&self, x: i32, y: i32) -> [f64; 2] {
        self.canvas.as_ref().map_or([0.0, 0.0], |c| {
            let r = c.get_bounding_client_rect();
            [f64::from(x) - r.left(), f64::from(y) - r.top()]
        })
    }

    /// Moves node `node`'s `<g>` to `to` and redraws its lines, without
    /// making the drawing again (during a drag).
    fn drag_in_place(&self, node: usize, to: Rect) {
        use petgraph::visit::EdgeRef;
        let mut t = String::from("translate(");
        svg::push_num(&mut t, to.x);
        t.push(',');
        svg::push_num(&mut t, to.y);
        t.push(')');
        if let Some(g) = self.find(&format!("[data-node=\"{node}\"]")) {
            let _ = g.set_attribute("transform", &t);
        }
        let rect_of = |i: usize| {
            if i == node {
                Some(to)
            } else {
                self.layout.nodes.get(i).copied()
            }
        };
        for e in self.graph.edge_references() {
            let (a, b) = (e.source().index(), e.target().index());
            if a != node && b != node {
                continue;
            }
            let (Some(ra), Some(rb)) = (rect_of(a), rect_of(b)) else {
                continue;
            };
            let points = layout::moved_route(&self.graph, e, ra, rb);
            let mut d = String::new();
            svg::path(&mut d, &points);
            let selector = format!("[data-edge=\"{}\"] path", e.id().index());
            if let Ok(paths) = self.root.query_selector_all(&selector) {
                for k in 0..paths.length() {
                    if let Some(p) = paths
                        .item(k)
                        .and_then(|n| n.dyn_into::<web_sys::Element>().ok())
                    {
                        let _ = p.set_attribute("d", &d);
                    }
                }
            }
        }
    }

    /// Lights (or unlights) `edge` and the two rows it joins.
    fn light(&self, edge: &web_sys::Element, on: bool) {
        let attr = |n: &str| edge.get_attribute(n).unwrap_or_default();
        let set = |el: &web_sys::Element| {
            let list = el.class_list();
            let _ = if on {
                list.add_1("lit")
            } else {
                list.remove_1("lit")
            };
        };
        set(edge);
        for (node, row) in [("data-from", "data-from-row"), ("data-to", "data-to-row")] {
            let selector = format!(
                "[data-node=\"{}\"] [data-row=\"{}\"]",
                attr(node),
                attr(row)
            );
            if let Some(el) = self.find(&selector) {
                set(&el);
            }
        }
    }

    fn set_view(&mut self, view: View) {
        self.keep.view = view;
        self.show_view(view);
        self.link_later();
    }

    /// The link follows what is kept ([`crate::share`]'s `moved`,
    /// `collapse`, `hops`, `view`).
    fn keep_in_link(&mut self) {
        self.link_due = false;
        let k = &self.keep;
        // A drawing that edits have moved off the fresh layout (stable
        // placement) travels whole: the link's reader lays out afresh.
        let moved: Vec<(String, f64, f64)> = if self.drifted {
            self.graph
                .node_weights()
                .zip(&self.layout.nodes)
                .map(|(n, r)| (n.name.clone(), r.x, r.y))
                .collect()
        } else {
            k.moved
                .iter()
                .map(|(n, [x, y])| (n.clone(), *x, *y))
                .collect()
        };
        let moved = (!moved.is_empty()).then(|| share::moved_text(&moved));
        link::set("moved", moved.as_deref());
        link::set("collapse", k.collapse.then_some("1"));
        link::set("hops", k.hops.map(|h| h.to_string()).as_deref());
        let view = k
            .view
            .set
            .then(|| share::view_text((k.view.x, k.view.y, k.view.scale)));
        link::set("view", view.as_deref());
    }

    /// [`Self::keep_in_link`] a moment after the view last moved: a pan or
    /// a pinch moves it every frame, and browsers limit how often a page
    /// may change its address.
    fn link_later(&mut self) {
        if self.link_due {
            return;
        }
        self.link_due = true;
        let write = Closure::once_into_js(|| {
            with(Ctl::keep_in_link);
        });
        if let Some(w) = web_sys::window() {
            let _ = w.set_timeout_with_callback_and_timeout_and_arguments_0(
                write.unchecked_ref(),
                LINK_DELAY_MS,
            );
        }
    }

    fn zoom(&mut self, factor: f64) {
        let (w, h) = self.size();
        let v = self.keep.view.zoom_at(factor, [w / 2.0, h / 2.0]);
        self.set_view(v);
    }

    /// Selects node `i` (or none) and says so to the page.
    fn select(&mut self, i: Option<usize>) -> Message {
        self.selected_name = i.and_then(|i| self.name(i));
        self.draw();
        Some(("select", self.selected_name.clone().unwrap_or_default()))
    }

    fn search(&mut self, q: &str) -> Message {
        let found = find_model(&self.graph, q.trim());
        self.not_found = found.is_none() && !q.trim().is_empty();
        match found {
            Some(i) => {
                let told = self.select(Some(i));
                let v = self.centred(i, self.keep.view);
                self.set_view(v);
                told
            }
            None => {
                self.draw();
                None
            }
        }
    }

    fn handle(&mut self, name: &str, ev: &web_sys::Event) -> Message {
        match name {
            "click" => {
                let act = closest(ev, "[data-act]")?.get_attribute("data-act")?;
                match act.as_str() {
                    "in" => self.zoom(STEP),
                    "out" => self.zoom(1.0 / STEP),
                    "fit" => self.set_view(self.fitted()),
                    "reset" => {
                        self.keep.moved.clear();
                        self.relayout(Relayout::Fresh);
                        self.draw();
                        self.keep_in_link();
                    }
                    // The drawing as it is (moved models, the m:n option),
                    // every model shown: the SVG export, or it as a PNG.
                    "svg" | "png" => {
                        let doc = svg::document(&self.graph, &self.layout);
                        let done = if act == "svg" {
                            export_panel::download(&doc, "schema.svg", "image/svg+xml")
                        } else {
                            export_panel::download_png(
                                &doc,
                                self.layout.width + 32.0,
                                self.layout.height + 32.0,
                                "schema.png",
                            )
                        };
                        if done.is_none() {
                            if let Some(note) = self.find(".graph-note") {
                                note.set_class_name("graph-note warn");
                                note.set_text_content(Some("The browser refused the download."));
                            }
                        }
                    }
                    _ => {}
                }
                None
            }
            "change" => {
                let el = target(ev)?;
                match el.get_attribute("data-ctl")?.as_str() {
                    "focus" => {
                        self.keep.hops = property(&el, "value").as_string()?.parse::<u32>().ok();
                        self.draw();
                        self.set_view(self.fitted());
                        self.keep_in_link();
                        None
                    }
                    "collapse" => {
                        self.keep.collapse = property(&el, "checked").as_bool().unwrap_or(false);
                        self.relayout(Relayout::Fresh);
                        self.draw();
                        self.keep_in_link();
                        None
                    }
                    "search" => self.search(&property(&el, "value").as_string()?),
                    _ => None,
                }
            }
            "keydown" => self.key(ev.dyn_ref::<web_sys::KeyboardEvent>()?),
            "pointerdown" => self.press(ev.dyn_ref::<web_sys::PointerEvent>()?),
            "pointermove" => self.drag(ev.dyn_ref::<web_sys::PointerEvent>()?),
            "pointerup" | "pointercancel" => self.release(ev.dyn_ref::<web_sys::PointerEvent>()?),
            "pointerover" | "pointerout" => {
                let edge = closest(ev, "[data-edge]")?;
                self.light(&edge, name == "pointerover");
                None
            }
            "wheel" => {
                let ev = ev.dyn_ref::<web_sys::WheelEvent>()?;
                if closest(ev, ".graph-canvas").is_none() || closest(ev, ".legend").is_some() {
                    return None;
                }
                ev.prevent_default();
                let p = self.local(ev.client_x(), ev.client_y());
                // Lines or pixels; a trackpad's pinch comes with ctrlKey, in small steps.
                let dy = ev.delta_y() * if ev.delta_mode() == 1 { 16.0 } else { 1.0 };
                let factor = (-dy * if ev.ctrl_key() { 0.01 } else { 0.002 }).exp();
                let v = self.keep.view.zoom_at(factor, p);
                self.set_view(v);
                None
            }
            _ => None,
        }
    }

    /// Keys: in the search box Enter finds; on the canvas arrows move the
    /// selection to the nearest model that way, Enter shows it in the
    /// code, + - 0 zoom and fit, Escape clears.
    fn key(&mut self, ev: &web_sys::KeyboardEvent) -> Message {
        let key = ev.key();
        let el = target(ev)?;
        if el.get_attribute("data-ctl").as_deref() == Some("search") {
            if key == "Enter" {
                return self.search(&property(&el, "value").as_string()?);
            }
            return None;
        }
        el.closest(".graph-canvas").ok()??;
        let dir = match key.as_str() {
            "ArrowRight" => Some([1.0, 0.0]),
            "ArrowLeft" => Some([-1.0, 0.0]),
            "ArrowDown" => Some([0.0, 1.0]),
            "ArrowUp" => Some([0.0, -1.0]),
            _ => None,
        };
        if let Some(dir) = dir {
            ev.prevent_default();
            let shown = |i: &usize| !self.hidden.get(*i).copied().unwrap_or(false);
            let next = match self.selected {
                Some(sel) => nearest(&self.layout.nodes, &self.hidden, sel, dir),
                None => (0..self.layout.nodes.len()).find(shown),
            }?;
            let told = self.select(Some(next));
            let v = self.centred(next, self.keep.view);
            self.set_view(v);
            return told;
        }
        let told = match key.as_str() {
            "+" | "=" => {
                self.zoom(STEP);
                None
            }
            "-" | "_" => {
                self.zoom(1.0 / STEP);
                None
            }
            "0" => {
                self.set_view(self.fitted());
                None
            }
            "Escape" => self.select(None),
            "Enter" => Some(("open", self.selected_name.clone()?)),
            _ => return None,
        };
        ev.prevent_default();
        told
    }

    /// A press: on a node, maybe a drag; on the background, maybe a pan;
    /// a second finger starts a pinch.
    fn press(&mut self, ev: &web_sys::PointerEvent) -> Message {
        if ev.button() != 0
            || closest(ev, ".graph-canvas").is_none()
            || closest(ev, ".legend").is_some()
        {
            return None;
        }
        let node = closest(ev, "[data-node]")
            .and_then(|n| n.get_attribute("data-node"))
            .and_then(|n| n.parse::<usize>().ok());
        let view = self.keep.view;
        let p = self.local(ev.client_x(), ev.client_y());
        self.pointers.retain(|e| e.0 != ev.pointer_id());
        self.pointers.push((ev.pointer_id(), p));
        if let Some(canvas) = &self.canvas {
            let _ = canvas.set_pointer_capture(ev.pointer_id());
            if let Some(h) = canvas.dyn_ref::<web_sys::HtmlElement>() {
                let _ = h.focus();
            }
        }
        if self.pointers.len() == 2 {
            self.gesture = None;
            self.pinch = Some((
                distance(self.pointers[0].1, self.pointers[1].1).max(1.0),
                view,
            ));
            return None;
        }
        self.gesture = Some(
            match node.and_then(|n| Some((n, *self.layout.nodes.get(n)?))) {
                Some((node, rect)) => Gesture::Drag {
                    node,
                    from: p,
                    rect,
                    moved: false,
                },
                None => Gesture::Pan { from: p, view },
            },
        );
        None
    }

    fn drag(&mut self, ev: &web_sys::PointerEvent) -> Message {
        let view = self.keep.view;
        let p = self.local(ev.client_x(), ev.client_y());
        if let Some(e) = self.pointers.iter_mut().find(|e| e.0 == ev.pointer_id()) {
            e.1 = p;
        }
        if let Some((start, at_start)) = self.pinch {
            if self.pointers.len() == 2 {
                let (a, b) = (self.pointers[0].1, self.pointers[1].1);
                let m = [(a[0] + b[0]) / 2.0, (a[1] + b[1]) / 2.0];
                self.set_view(at_start.zoom_at(distance(a, b) / start, m));
            }
            return None;
        }
        match self.gesture {
            Some(Gesture::Pan { from, view: v }) => self.set_view(View {
                x: v.x + p[0] - from[0],
                y: v.y + p[1] - from[1],
                set: true,
                ..v
            }),
            Some(Gesture::Drag {
                node,
                from,
                rect,
                moved,
            }) => {
                if !moved && distance(p, from) < CLICK_SLOP {
                    return None;
                }
                self.gesture = Some(Gesture::Drag {
                    node,
                    from,
                    rect,
                    moved: true,
                });
                let to = Rect {
                    x: rect.x + (p[0] - from[0]) / view.scale,
                    y: rect.y + (p[1] - from[1]) / view.scale,
                    ..rect
                };
                self.drag_in_place(node, to);
            }
            None => {}
        }
        None
    }

    fn release(&mut self, ev: &web_sys::PointerEvent) -> Message {
        self.pointers.retain(|e| e.0 != ev.pointer_id());
        if self.pinch.is_some() {
            if self.pointers.len() < 2 {
                self.pinch = None;
            }
            return None;
        }
        let p = self.local(ev.client_x(), ev.client_y());
        match self.gesture.take()? {
            Gesture::Drag {
                node,
                from,
                rect,
                moved: true,
            } => {
                let scale = self.keep.view.scale;
                let at = [
                    rect.x + (p[0] - from[0]) / scale,
                    rect.y + (p[1] - from[1]) / scale,
                ];
                let name = self.name(node)?;
                self.keep.moved.retain(|(n, _)| *n != name);
                self.keep.moved.push((name, at));
                self.apply_moves();
                self.draw();
                self.keep_in_link();
                None
            }
            Gesture::Drag { node, .. } => self.select(Some(node)),
            // A click on the background clears the selection.
            Gesture::Pan { from, .. } if distance(p, from) < CLICK_SLOP => self.select(None),
            Gesture::Pan { .. } => None,
        }
    }
}

/// The canvas's styles, added to the page once ([`dom::add_style`]): they
/// come with the module.
/// Colours are the page's theme variables (style/main.css).
const STYLE: &str = ".graph-tools{display:flex;flex-wrap:wrap;gap:8px 12px;align-items:center;font-size:13px;}.graph-tools input[type=\"search\"],.graph-tools select,.graph-buttons button{font:inherit;color:var(--text);background:var(--panel);border:1px solid var(--border);border-radius:6px;padding:4px 8px;}.graph-search{width:12rem;}.graph-search[aria-invalid=\"true\"]{border-color:var(--error);}.graph-buttons{display:inline-flex;gap:4px;}.graph-buttons button{cursor:pointer;min-width:2rem;}.graph-buttons button:disabled{opacity:0.5;cursor:default;}.graph-count{color:var(--muted);margin-left:auto;}.graph-note{margin:0;font-size:12px;color:var(--muted);}.graph-note.warn{color:var(--warning);}.graph-canvas{flex:1;position:relative;min-height:0;overflow:hidden;border:1px solid var(--border);border-radius:8px;background:var(--panel);background-image:radial-gradient(color-mix(in srgb,var(--border) 70%,transparent) 1px,transparent 1px);background-size:20px 20px;touch-action:none;cursor:grab;user-select:none;}.graph-canvas:focus-visible{outline:2px solid var(--focus);outline-offset:-2px;}.graph-svg{display:block;}.graph-svg text,.legend-svg text{font:12px var(--font-code);fill:var(--text);}.node{cursor:pointer;}.node .box{fill:var(--panel);stroke:var(--border);stroke-width:1.2;}.node .head{fill:var(--panel-2);}.n-junction .box{fill:var(--junction-bg);stroke-dasharray:5 3;}.n-junction .head{fill:var(--assoc-bg);}.n-implicit .box{stroke-dasharray:2 3;}.node .name{font-weight:700;font-size:max(12px,min(var(--name,12px),var(--fit,26px)));}.node .label{display:none;text-anchor:middle;font-weight:700;font-size:var(--label,12px);paint-order:stroke;stroke:var(--panel);stroke-width:0.2em;stroke-linejoin:round;}.viewport[data-zoom=far] .label{display:inline;}.viewport[data-zoom=far] .row,.viewport[data-zoom=far] .name,.viewport[data-zoom=mid] .row:not(.pk):not(.fk){display:none;}.node .mark{fill:var(--muted);font-size:10px;}.row.fk .mark{fill:var(--assoc);}.node .type{text-anchor:end;fill:var(--muted);}.node .null{fill:var(--muted);}.row .hl{fill:transparent;}.row.lit .hl{fill:color-mix(in srgb,var(--accent) 22%,transparent);}.node.selected .box{stroke:var(--selected);stroke-width:3;}.node:hover .box{stroke:var(--accent);}.edge .line{fill:none;stroke:var(--muted);stroke-width:1.5;}.edge.e-many .line{stroke-width:2.6;}.edge.e-btm .line{stroke:var(--assoc);stroke-dasharray:7 4;}.edge .hit{fill:none;stroke:transparent;stroke-width:12;pointer-events:stroke;}.edge.lit .line{stroke:var(--accent);stroke-width:3;}.mk{fill:none;stroke:var(--muted);stroke-width:1.5;}.mk.ring{fill:var(--panel);}.legend{position:absolute;left:10px;bottom:10px;background:color-mix(in srgb,var(--panel) 94%,transparent);border:1px solid var(--border);border-radius:8px;padding:4px 6px;font-size:12px;cursor:default;}.legend summary{border:0;background:none;color:var(--muted);font:inherit;padding:2px 4px;cursor:pointer;}.legend-svg{display:block;}.legend-note{fill:var(--muted) !important;font-size:10.5px !important;font-family:var(--font-ui) !important;}";

/// The tab's fixed frame, with the kept options shown.
fn shell(keep: &GraphState) -> String {
    let focus = |v: Option<u32>| if keep.hops == v { " selected" } else { "" };
    format!(
        concat!(
            "<div class=\"graph-tools\" role=\"toolbar\" aria-label=\"Graph tools\">",
            "<input class=\"graph-search\" type=\"search\" list=\"graph-models\" placeholder=\"Find a model\" aria-label=\"Find a model\" data-ctl=\"search\">",
            "<datalist id=\"graph-models\"></datalist>",
            "<label class=\"graph-option\">Focus <select aria-label=\"Focus\" data-ctl=\"focus\">",
            "<option value=\"all\"{}>all models</option>",
            "<option value=\"1\"{}>1 step from the selected</option>",
            "<option value=\"2\"{}>2 steps from the selected</option></select></label>",
            "<label class=\"graph-option\"><input type=\"checkbox\" data-ctl=\"collapse\"{}> Many-to-many as one line</label>",
            "<span class=\"graph-buttons\">",
            "<button type=\"button\" data-act=\"in\" aria-label=\"Zoom in\" title=\"Zoom in (+)\">+</button>",
            "<button type=\"button\" data-act=\"out\" aria-label=\"Zoom out\" title=\"Zoom out (-)\">\u{2212}</button>",
            "<button type=\"button\" data-act=\"fit\" title=\"Fit to view (0)\">Fit</button>",
            "<button type=\"button\" data-act=\"reset\" title=\"Put moved models back where the layout places them\">Reset layout</button>",
            "<button type=\"button\" data-act=\"svg\" title=\"Download the drawing as SVG\">SVG</button>",
            "<button type=\"button\" data-act=\"png\" title=\"Download the drawing as PNG\">PNG</button>",
            "</span><span class=\"graph-count\" aria-live=\"polite\"></span></div>",
            "<p class=\"graph-note\" role=\"status\"></p>",
            "<div class=\"graph-canvas\" tabindex=\"0\" role=\"application\" aria-label=\"Association graph. Arrow keys move between models, Enter shows the selected model in the code, plus and minus zoom, 0 fits, Escape clears the selection.\">",
            "<svg class=\"graph-svg\" width=\"100%\" height=\"100%\"><g class=\"viewport\"></g></svg>",
            "<details class=\"legend\"><summary>Legend</summary><svg class=\"legend-svg\" width=\"262\" height=\"150\">{}</svg></details>",
            "</div>"
        ),
        focus(None),
        focus(Some(1)),
        focus(Some(2)),
        if keep.collapse { " checked" } else { "" },
        LEGEND
    )
}

/// The notation, drawn with the drawing's own markers.
const LEGEND: &str = concat!(
    "<g class=\"edge e-one\"><path class=\"line\" d=\"M8 14H72\"/></g><text x=\"82\" y=\"18\">hasOne / belongsTo</text>",
    "<g class=\"edge e-many\"><path class=\"line\" d=\"M8 34H72\"/></g><text x=\"82\" y=\"38\">hasMany</text>",
    "<g class=\"edge e-btm\"><path class=\"line\" d=\"M8 54H72\"/></g><text x=\"82\" y=\"58\">belongsToMany</text>",
    "<g class=\"edge e-one\"><path class=\"line\" d=\"M8 78H40\" marker-end=\"url(#m-zero-many)\"/></g><text x=\"52\" y=\"82\">zero or many (holds the key)</text>",
    "<g class=\"edge e-one\"><path class=\"line\" d=\"M8 98H40\" marker-end=\"url(#m-zero-one)\"/></g><text x=\"52\" y=\"102\">zero or one (key may be null)</text>",
    "<g class=\"edge e-one\"><path class=\"line\" d=\"M8 118H40\" marker-end=\"url(#m-one)\"/></g><text x=\"52\" y=\"122\">exactly one (key NOT NULL)</text>",
    "<text x=\"8\" y=\"142\" class=\"legend-note\">Lines join a key's row to the row it names.</text>",
);

/// The semantic zoom at `scale`: the level (`data-zoom`: `near` draws every
/// row, `mid` the key rows, `far` only each model's name as a label) and
/// the sizes that keep names at least [`svg::NAME_PX`] on screen (`--name`
/// in the title bar, never below the drawing's 12, each box capping it
/// with its `--fit`; `--label`, no larger than at a zoom of 0.25, below
/// which labels shrink with the drawing rather than cover it).
fn zoom_level(scale: f64) -> (&'static str, String) {
    let level = if scale >= READABLE_SCALE {
        "near"
    } else if scale >= LABEL_ZOOM {
        "mid"
    } else {
        "far"
    };
    // A tenth above: the transform rounds the scale to a thousandth.
    let px = (svg::NAME_PX / scale.max(MIN_SCALE) + 0.1).min(1.4 * svg::NAME_PX / svg::LABEL_SCALE);
    let mut sizes = String::from("--name:");
    svg::push_num(&mut sizes, px.max(12.0));
    sizes.push_str("px;--label:");
    svg::push_num(&mut sizes, px);
    sizes.push_str("px");
    (level, sizes)
}

/// Steps from `start` to every node, edges taken either way (`u32::MAX`:
/// not connected).
fn hops_from(graph: &SchemaGraph, start: usize) -> Vec<u32> {
    let mut dist = vec![u32::MAX; graph.node_count()];
    let mut queue = std::collections::VecDeque::new();
    if start < dist.len() {
        dist[start] = 0;
        queue.push_back(start);
    }
    while let Some(v) = queue.pop_front() {
        for w in graph.neighbors_undirected(petgraph::graph::NodeIndex::new(v)) {
            if dist[w.index()] == u32::MAX {
                dist[w.index()] = dist[v] + 1;
                queue.push_back(w.index());
            }
        }
    }
    dist
}

/// The model named `q`: exactly, else ignoring ASCII case, else the first
/// whose name starts with it, else contains it.
fn find_model(graph: &SchemaGraph, q: &str) -> Option<usize> {
    if q.is_empty() {
        return None;
    }
    let lower = q.to_ascii_lowercase();
    let names: Vec<String> = graph
        .node_weights()
        .map(|n| n.name.to_ascii_lowercase())
        .collect();
    graph
        .node_weights()
        .position(|n| n.name == q)
        .or_else(|| names.iter().position(|n| *n == lower))
        .or_else(|| names.iter().position(|n| n.starts_with(&lower)))
        .or_else(|| names.iter().position(|n| n.contains(&lower)))
}

/// The nearest shown node from `from` in direction `dir` (a unit axis):
/// ahead of it, sideways distance counted double.
fn nearest(nodes: &[Rect], hidden: &[bool], from: usize, dir: [f64; 2]) -> Option<usize> {
    let centre = |r: &Rect| [r.x + r.width / 2.0, r.y + r.height / 2.0];
    let f = centre(nodes.get(from)?);
    let mut best: Option<(f64, usize)> = None;
    for (i, r) in nodes.iter().enumerate() {
        if i == from || hidden.get(i).copied().unwrap_or(false) {
            continue;
        }
        let c = centre(r);
        let (dx, dy) = (c[0] - f[0], c[1] - f[1]);
        let ahead = dx * dir[0] + dy * dir[1];
        if ahead > 1.0 {
            let score = ahead + 2.0 * (dx * dir[1] - dy * dir[0]).abs();
            if best.is_none_or(|(s, _)| score < s) {
                best = Some((score, i));
            }
        }
    }
    best.map(|b| b.1)
}

fn distance(a: [f64; 2], b: [f64; 2]) -> f64 {
    ((a[0] - b[0]).powi(2) + (a[1] - b[1]).powi(2)).sqrt()
}

/// The element an event happened on, if it is an element.
fn target(ev: &web_sys::Event) -> Option<web_sys::Element> {
    ev.target()
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
}

/// The closest element matching `selector` from the event's target.
fn closest(ev: &web_sys::Event, selector: &str) -> Option<web_sys::Element> {
    target(ev)?.closest(selector).ok().flatten()
}

/// A JavaScript property of an element (`value`, `checked`).
fn property(el: &web_sys::Element, name: &str) -> JsValue {
    js_sys::Reflect::get(el, &JsValue::from_str(name)).unwrap_or(JsValue::UNDEFINED)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::{analyse, SourceFile};

    fn graph(code: &str) -> SchemaGraph {
        let a = analyse(&[SourceFile::new("a.js", code)]);
        schema_graph::build(&a.schema, schema_graph::Options::default())
    }

    #[test]
    fn steps_count_edges_either_way() {
        let g = graph("A.hasMany(B); B.hasMany(C); C.hasMany(D); E.hasOne(F);");
        let names: Vec<&str> = g.node_weights().map(|n| n.name.as_str()).collect();
        let b = names.iter().position(|n| *n == "B").unwrap();
        let d = hops_from(&g, b);
        let at = |n: &str| d[names.iter().position(|m| *m == n).unwrap()];
        assert_eq!((at("A"), at("B"), at("C"), at("D")), (1, 0, 1, 2));
        assert_eq!(at("E"), u32::MAX, "not connected");
        assert_eq!(
            hops_from(&g, 99).iter().filter(|&&h| h != u32::MAX).count(),
            0
        );
    }

    #[test]
    fn search_prefers_exact_then_case_then_prefix_then_substring() {
        let g = graph(
            "const task = sequelize.define('task', {});\n\
             Task.hasMany(TaskItem); task.hasMany(SubTask);",
        );
        let names: Vec<&str> = g.node_weights().map(|n| n.name.as_str()).collect();
        let name = |q: &str| find_model(&g, q).map(|i| names[i]);
        assert_eq!(name("task"), Some("task"));
        assert_eq!(name("TASK"), Some("task"), "the first of the two by order");
        assert_eq!(name("Task"), Some("Task"));
        assert_eq!(name("taski"), Some("TaskItem"));
        assert_eq!(name("sub"), Some("SubTask"));
        assert_eq!(name("ubt"), Some("SubTask"));
        assert_eq!(name(""), None);
        assert_eq!(name("zzz"), None);
    }

    #[test]
    fn arrows_pick_the_nearest_model_ahead() {
        let r = |x: f64, y: f64| Rect {
            x,
            y,
            width: 10.0,
            height: 10.0,
        };
        let nodes = [r(0.0, 0.0), r(100.0, 0.0), r(50.0, 5.0), r(0.0, 100.0)];
        assert_eq!(nearest(&nodes, &[], 0, [1.0, 0.0]), Some(2));
        assert_eq!(
            nearest(&nodes, &[false, false, true], 0, [1.0, 0.0]),
            Some(1)
        );
        assert_eq!(nearest(&nodes, &[], 0, [0.0, 1.0]), Some(3));
        assert_eq!(nearest(&nodes, &[], 0, [-1.0, 0.0]), None);
    }

    #[test]
    fn names_stay_readable_at_every_zoom_level() {
        let size = |sizes: &str, var: &str| -> f64 {
            let from = sizes.find(var).unwrap() + var.len() + 1;
            sizes[from..].split("px").next().unwrap().parse().unwrap()
        };
        for scale in [1.0, 0.9, 0.6, 0.5, 0.45, 0.4, 0.35, 0.3, 0.25] {
            let (level, sizes) = zoom_level(scale);
            let shown = if level == "far" { "--label" } else { "--name" };
            assert!(
                size(&sizes, shown) * scale >= svg::NAME_PX,
                "{scale}: {sizes}"
            );
            assert!(size(&sizes, "--name") >= 12.0);
        }
        assert_eq!(zoom_level(1.0).0, "near");
        assert_eq!(zoom_level(0.5).0, "mid");
        assert_eq!(zoom_level(0.3).0, "far");
        // Far out, labels shrink with the drawing rather than cover it.
        let (_, sizes) = zoom_level(0.05);
        assert!(size(&sizes, "--label") <= 1.4 * svg::NAME_PX / svg::LABEL_SCALE);
    }

    #[test]
    fn zoom_keeps_the_point_under_the_pointer_and_fit_shows_everything() {
        let v = View::default().zoom_at(2.0, [100.0, 50.0]);
        assert_eq!((v.x, v.y, v.scale), (-100.0, -50.0, 2.0));
        assert_eq!(View::default().zoom_at(1e9, [0.0, 0.0]).scale, MAX_SCALE);
        let f = View::fit([0.0, 0.0, 2000.0, 500.0], 1048.0, 600.0);
        assert_eq!(f.scale, 0.5);
        assert!(f.x >= 0.0 && f.y >= 0.0);
        assert_eq!(
            View::fit([10.0, 10.0, 20.0, 20.0], 1000.0, 1000.0).scale,
            1.0
        );
        assert_eq!(View::default().transform(), "translate(0,0) scale(100e-2)");
        // A view on a drawing's left edge moves to leave no empty half.
        let on_edge = View {
            x: 500.0,
            y: 0.0,
            scale: 0.5,
            set: true,
        };
        let v = on_edge.within([0.0, 0.0, 4000.0, 4000.0], 1000.0, 800.0);
        assert_eq!((v.x, v.y), (FIT_MARGIN, 0.0));
        let v = View {
            x: -5000.0,
            ..on_edge
        }
        .within([0.0, 0.0, 4000.0, 4000.0], 1000.0, 800.0);
        assert_eq!(v.x, 1000.0 - FIT_MARGIN - 2000.0);
        // Smaller than the screen on an axis: centred on it.
        let v = on_edge.within([0.0, 0.0, 400.0, 4000.0], 1000.0, 800.0);
        assert_eq!(v.x, 400.0);
    }
}
