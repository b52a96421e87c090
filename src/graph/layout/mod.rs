//! A layered layout of the schema graph, in the page's units: models in
//! columns, joined models in neighbouring columns, lines that leave the
//! foreign-key row and arrive at the referenced key's row.
//!
//! The passes, each its own module and tested on its own:
//!
//! 1. [`layers`]: a column for every model. By default edges point away
//!    from the most connected model ([`Layering::Distance`]) and models
//!    take the longest path of those: a schema of 1,200 models takes 16
//!    columns, where the classic layering ([`Layering::LongestPath`]:
//!    [`cycles`] turns edges round until no cycle is left, then every
//!    model goes right of what it references) takes 213
//!    (`cargo bench --bench layout`);
//! 2. dummy vertices where an edge crosses columns, then [`order`]: the
//!    order inside each column, for few crossings;
//! 3. [`place`]: the vertical position of every model and dummy, rows
//!    level with the rows they reference where the order allows;
//! 4. routes: orthogonal lines through the dummies, each vertical run in
//!    its own track of the gap between two columns, in the order
//!    [`channels`] finds with few crossings; a self-reference loops on
//!    the model's right. Both layerings put the two ends of every other
//!    edge in different columns.
//!
//! The same graph always gives the same layout: no hashing, no clock, ties
//! broken by index.

pub mod channels;
pub mod cycles;
pub mod layers;
pub mod order;
pub mod place;
pub mod stable;

use std::fmt::Write as _;

use petgraph::visit::EdgeRef;

use super::{Node, SchemaGraph};

/// Space between two models in a column.
const NODE_GAP: f64 = 28.0;
/// Space between a dummy and its neighbour in a column.
const DUMMY_GAP: f64 = 10.0;
/// The narrowest gap between two columns, and the room per vertical track.
const MIN_COLUMN_GAP: f64 = 72.0;
const TRACK: f64 = 8.0;
/// How far a self-reference loops out.
const LOOP: f64 = 22.0;
/// Sweeps of the vertical placement.
const PLACE_SWEEPS: usize = 8;

/// A node's rectangle: `x`, `y` its top-left corner.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Rect {
    pub x: f64,
    pub y: f64,
    pub width: f64,
    pub height: f64,
}

impl Rect {
    pub fn right(&self) -> f64 {
        self.x + self.width
    }

    pub fn bottom(&self) -> f64 {
        self.y + self.height
    }

    /// Whether `p` lies on the rectangle's left or right side.
    pub fn has_on_side(&self, p: [f64; 2]) -> bool {
        let on_x = (p[0] - self.x).abs() < 1e-6 || (p[0] - self.right()).abs() < 1e-6;
        on_x && p[1] >= self.y - 1e-6 && p[1] <= self.bottom() + 1e-6
    }
}

/// Where everything goes. `nodes[i]` is the graph's node `i`, `edges[j]`
/// its edge `j`: a polyline from the holder's foreign-key row to the
/// referenced key's row.
#[derive(Clone, Debug, PartialEq)]
pub struct Layout {
    pub nodes: Vec<Rect>,
    pub edges: Vec<Vec<[f64; 2]>>,
    /// The column of each node.
    pub columns: Vec<usize>,
    /// Crossings between segments of adjacent columns, as counted by the
    /// crossing reduction (a measure of the layout, for benchmarks).
    pub crossings: usize,
    pub width: f64,
    pub height: f64,
}

/// How models get their columns.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Layering {
    /// Every edge turned to point away from the most connected model
    /// (by steps from it, [`layers::by_distance`]; ties by index), then
    /// the longest path of those: few columns (16 for a schema of 1,200
    /// models), no edge within a column.
    #[default]
    Distance,
    /// The classic: cycles broken, then every model right of the models
    /// it references ([`layers::assign`]). Columns as many as the longest
    /// chain of references.
    LongestPath,
}

/// Lays out `graph` ([`Layering::Distance`]).
pub fn layout(graph: &SchemaGraph) -> Layout {
    layout_with(graph, Layering::default())
}

/// Lays out `graph` with the given layering.
pub fn layout_with(graph: &SchemaGraph, layering: Layering) -> Layout {
    let n = graph.node_count();
    let nodes: Vec<&Node> = graph.node_weights().collect();
    // Layering goes from the referenced model to the holder: parents left.
    let mut links: Vec<(usize, usize)> = Vec::new();
    let mut link_edge: Vec<usize> = Vec::new();
    for e in graph.edge_references() {
        let (holder, referenced) = (e.source().index(), e.target().index());
        if holder != referenced {
            links.push((referenced, holder));
            link_edge.push(e.id().index());
        }
    }
    let column = match layering {
        Layering::Distance => {
            // Edges turned to point away from the most connected model
            // (ties by index: no cycle), then the longest path of those.
            let level = layers::by_distance(n, &links);
            let oriented: Vec<(usize, usize)> = links
                .iter()
                .map(|&(a, b)| {
                    if (level[a], a) < (level[b], b) {
                        (a, b)
                    } else {
                        (b, a)
                    }
                })
                .collect();
            layers::assign(n, &oriented)
        }
        Layering::LongestPath => {
            let reverse = cycles::reversed(n, &links);
            let dag: Vec<(usize, usize)> = links
                .iter()
                .zip(&reverse)
                .map(|(&(a, b), &r)| if r { (b, a) } else { (a, b) })
                .collect();
            layers::assign(n, &dag)
        }
    };

    // Vertices: the nodes, then one dummy per column an edge passes.
    let columns = column.iter().max().map_or(0, |m| m + 1);
    let mut layer_of = column.clone();
    let mut heights: Vec<f64> = nodes.iter().map(|n| n.height).collect();
    // For each graph edge (not a self-reference): its vertices from the
    // holder to the referenced node.
    let mut chains: Vec<Vec<usize>> = vec![Vec::new(); graph.edge_count()];
    for (k, &(referenced, holder)) in links.iter().enumerate() {
        let (from, to) = (column[holder], column[referenced]);
        let mut chain = vec![holder];
        debug_assert_ne!(from, to, "a layering leaves no edge within a column");
        let step = |c: usize| if from < to { c + 1 } else { c - 1 };
        let mut c = if from == to { to } else { step(from) };
        while c != to {
            layer_of.push(c);
            heights.push(0.0);
            chain.push(layer_of.len() - 1);
            c = step(c);
        }
        chain.push(referenced);
        chains[link_edge[k]] = chain;
    }
    let vertices = layer_of.len();

    // Segments between adjacent columns, upper = left column.
    let mut segments: Vec<(usize, usize)> = Vec::new();
    let mut offsets: Vec<(f64, f64)> = Vec::new();
    let mut weights: Vec<f64> = Vec::new();
    // For each graph edge, its segments from the holder on.
    let mut chain_segments: Vec<Vec<usize>> = vec![Vec::new(); graph.edge_count()];
    for e in graph.edge_references() {
        let chain = &chains[e.id().index()];
        let last = chain.len().saturating_sub(1);
        for (i, pair) in chain.windows(2).enumerate() {
            chain_segments[e.id().index()].push(segments.len());
            let offset_at = |v: usize, at: usize| {
                if at == 0 {
                    nodes[v].row_y(e.weight().from_row)
                } else if at == last {
                    nodes[v].row_y(e.weight().to_row)
                } else {
                    0.0
                }
            };
            let (a, b) = (pair[0], pair[1]);
            let (oa, ob) = (offset_at(a, i), offset_at(b, i + 1));
            let dummies = usize::from(a >= n) + usize::from(b >= n);
            let weight = [1.0, 2.0, 8.0][dummies];
            if layer_of[a] < layer_of[b] {
                segments.push((a, b));
                offsets.push((oa, ob));
            } else {
                segments.push((b, a));
                offsets.push((ob, oa));
            }
            weights.push(weight);
        }
    }

    let mut layered = order::Layered {
        layers: vec![Vec::new(); columns],
        layer_of: layer_of.clone(),
        up: vec![Vec::new(); vertices],
        down: vec![Vec::new(); vertices],
        segments: segments.clone(),
    };
    for (v, &l) in layer_of.iter().enumerate() {
        layered.layers[l].push(v);
    }
    for (i, &(u, w)) in segments.iter().enumerate() {
        layered.down[u].push(i);
        layered.up[w].push(i);
    }
    order::reduce_crossings(&mut layered);
    let crossings = layered.crossings();

    let place_segments: Vec<place::Segment> = segments
        .iter()
        .zip(&offsets)
        .zip(&weights)
        .map(|((&(upper, lower), &(uo, lo)), &weight)| place::Segment {
            upper,
            lower,
            upper_offset: uo,
            lower_offset: lo,
            weight,
        })
        .collect();
    let gap = |a: usize, b: usize| {
        if a >= n || b >= n {
            DUMMY_GAP
        } else {
            NODE_GAP
        }
    };
    let top = place::tops(
        &layered.layers,
        &heights,
        gap,
        &place_segments,
        PLACE_SWEEPS,
    );

    // Columns: as wide as their widest model; the gap after a column
    // leaves a track for every vertical run in it.
    let mut column_width = vec![0.0_f64; columns];
    for (v, node) in nodes.iter().enumerate() {
        column_width[column[v]] = column_width[column[v]].max(node.width);
    }
    let mut runs_in_gap = vec![0usize; columns];
    for &(u, _) in &segments {
        runs_in_gap[layer_of[u]] += 1;
    }
    let column_gap: Vec<f64> = runs_in_gap
        .iter()
        .map(|&r| MIN_COLUMN_GAP.max(TRACK * (r as f64 + 2.0)))
        .collect();
    let mut column_x = vec![0.0; columns];
    for c in 1..columns {
        column_x[c] = column_x[c - 1] + column_width[c - 1] + column_gap[c - 1];
    }
    let rects: Vec<Rect> = nodes
        .iter()
        .enumerate()
        .map(|(v, node)| Rect {
            x: column_x[column[v]] + (column_width[column[v]] - node.width) / 2.0,
            y: top[v],
            width: node.width,
            height: node.height,
        })
        .collect();

    // Tracks: in each gap, the segments' runs in the order with few
    // crossings ([`channels`]), spread evenly.
    let mut track_x = vec![0.0; segments.len()];
    let mut by_gap: Vec<Vec<(channels::Run, usize)>> = vec![Vec::new(); columns];
    for (i, (&(u, w), &(uo, wo))) in segments.iter().zip(&offsets).enumerate() {
        let run = channels::Run {
            from_y: top[u] + uo,
            to_y: top[w] + wo,
        };
        by_gap[layer_of[u]].push((run, i));
    }
    for (c, runs) in by_gap.iter().enumerate() {
        let shapes: Vec<channels::Run> = runs.iter().map(|r| r.0).collect();
        let start = column_x[c] + column_width[c];
        let room = column_gap[c];
        let count = runs.len() as f64;
        for (k, &r) in channels::order(&shapes).iter().enumerate() {
            track_x[runs[r].1] = start + room * (k as f64 + 1.0) / (count + 1.0);
        }
    }
    let port_y = |v: usize, offset: f64| top[v] + offset;

    let mut edges: Vec<Vec<[f64; 2]>> = Vec::with_capacity(graph.edge_count());
    for e in graph.edge_references() {
        let (holder, referenced) = (e.source().index(), e.target().index());
        let w = e.weight();
        let from = rects[holder];
        if holder == referenced {
            edges.push(self_loop(
                from,
                from.y + nodes[holder].row_y(w.from_row),
                from.y + nodes[holder].row_y(w.to_row),
            ));
            continue;
        }
        let chain = &chains[e.id().index()];
        let rightward = column[referenced] > column[holder];
        let mut points: Vec<[f64; 2]> = Vec::with_capacity(2 + 2 * chain.len());
        let start_x = if rightward { from.right() } else { from.x };
        let mut y = port_y(holder, nodes[holder].row_y(w.from_row));
        points.push([start_x, y]);
        for (&b, &segment) in chain[1..].iter().zip(&chain_segments[e.id().index()]) {
            let next_y = if b == referenced {
                port_y(b, nodes[b].row_y(w.to_row))
            } else {
                top[b]
            };
            let x = track_x[segment];
            if (next_y - y).abs() > 1e-6 {
                points.push([x, y]);
                points.push([x, next_y]);
            }
            y = next_y;
        }
        let to = rects[referenced];
        let end_x = if rightward { to.x } else { to.right() };
        points.push([end_x, y]);
        edges.push(points);
    }

    let [width, height] = extent(&rects, &edges);
    Layout {
        nodes: rects,
        edges,
        columns: column,
        crossings,
        width,
        height,
    }
}

/// A self-reference's line: out of the model's right side at `y1`, back
/// in at `y2` (just below, when both are the same row).
pub fn self_loop(rect: Rect, y1: f64, y2: f64) -> Vec<[f64; 2]> {
    let out = rect.right() + LOOP;
    let y2 = if (y2 - y1).abs() < 1e-6 { y1 + 8.0 } else { y2 };
    vec![[rect.right(), y1], [out, y1], [out, y2], [rect.right(), y2]]
}

/// The smallest rectangle holding `rects`, as `[left, top, right,
/// bottom]`; None when there are none.
pub fn bounds<'a>(rects: impl IntoIterator<Item = &'a Rect>) -> Option<[f64; 4]> {
    rects.into_iter().fold(None, |b, r| {
        let [left, top, right, bottom] = b.unwrap_or([f64::MAX, f64::MAX, f64::MIN, f64::MIN]);
        Some([
            left.min(r.x),
            top.min(r.y),
            right.max(r.right()),
            bottom.max(r.bottom()),
        ])
    })
}

/// The drawing's width and height: every node and every line, with room
/// on the right for a self-reference's loop. A route can run below the
/// lowest node (around a column's foot): the height holds it, or the SVG
/// export cuts it off.
pub fn extent(nodes: &[Rect], edges: &[Vec<[f64; 2]>]) -> [f64; 2] {
    let points = || edges.iter().flatten();
    let width = points()
        .map(|p| p[0])
        .chain(nodes.iter().map(Rect::right))
        .fold(0.0, f64::max)
        + LOOP
        + 8.0;
    let height = points()
        .map(|p| p[1])
        .chain(nodes.iter().map(Rect::bottom))
        .fold(0.0, f64::max);
    [width, height]
}

/// The line of edge `e` when its holder is at `from` and the model it
/// references at `to` and one of them was moved by hand: from the key's row
/// to the referenced row ([`super::svg::direct_route`]).
pub fn moved_route(
    graph: &SchemaGraph,
    e: petgraph::graph::EdgeReference<'_, super::Edge>,
    from: Rect,
    to: Rect,
) -> Vec<[f64; 2]> {
    let w = e.weight();
    super::svg::direct_route(
        from,
        from.y + graph[e.source()].row_y(w.from_row),
        to,
        to.y + graph[e.target()].row_y(w.to_row),
    )
}

/// `layout` with some nodes moved by hand: `moved[i]` is node `i`'s new
/// top-left corner. Edges with a moved end take a direct route
/// ([`super::svg::direct_route`]); the rest keep theirs.
pub fn with_moves(graph: &SchemaGraph, layout: &Layout, moved: &[Option<[f64; 2]>]) -> Layout {
    let mut out = layout.clone();
    let mut any = false;
    for (rect, m) in out.nodes.iter_mut().zip(moved) {
        if let Some([x, y]) = *m {
            rect.x = x;
            rect.y = y;
            any = true;
        }
    }
    if !any {
        return out;
    }
    for (e, points) in graph.edge_references().zip(out.edges.iter_mut()) {
        let (a, b) = (e.source().index(), e.target().index());
        let is_moved = |i: usize| moved.get(i).is_some_and(Option::is_some);
        if !is_moved(a) && !is_moved(b) {
            continue;
        }
        *points = moved_route(graph, e, out.nodes[a], out.nodes[b]);
    }
    [out.width, out.height] = extent(&out.nodes, &out.edges);
    out
}

/// `assoc layout --json`: `{"nodes":[{"id","x","y","width","height"}],
/// "edges":[{"id","source","target","points":[[x,y],…]}]}`, node ids the
/// model names, edge ids `Holder.foreignKey->Referenced`.
pub fn to_json(graph: &SchemaGraph, layout: &Layout) -> String {
    let mut s = String::from("{\"nodes\":[");
    for (i, (node, r)) in graph.node_weights().zip(&layout.nodes).enumerate() {
        if i > 0 {
            s.push(',');
        }
        let _ = write!(
            s,
            "{{\"id\":{},\"x\":{},\"y\":{},\"width\":{},\"height\":{}}}",
            json_str(&node.name),
            num(r.x),
            num(r.y),
            num(r.width),
            num(r.height)
        );
    }
    s.push_str("],\"edges\":[");
    for (i, (e, points)) in graph.edge_references().zip(&layout.edges).enumerate() {
        if i > 0 {
            s.push(',');
        }
        let (holder, referenced) = (&graph[e.source()].name, &graph[e.target()].name);
        let id = format!("{holder}.{}->{referenced}", e.weight().foreign_key);
        let _ = write!(
            s,
            "{{\"id\":{},\"source\":{},\"target\":{},\"points\":[",
            json_str(&id),
            json_str(holder),
            json_str(referenced)
        );
        for (k, p) in points.iter().enumerate() {
            if k > 0 {
                s.push(',');
            }
            let _ = write!(s, "[{},{}]", num(p[0]), num(p[1]));
        }
        s.push_str("]}");
    }
    s.push_str("]}");
    s
}

fn json_str(s: &str) -> String {
    serde_json::Value::String(s.to_string()).to_string()
}

/// Coordinates to a tenth of a unit.
fn num(x: f64) -> String {
    crate::engine::js_text::number((x * 10.0).round() / 10.0)
}
