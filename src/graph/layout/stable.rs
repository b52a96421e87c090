//! Stable placement across edits: the layout of an edited schema that keeps
//! the previous drawing where it can, so that an edit moves nothing the
//! user did not change.
//!
//! Input: the previous drawing ([`Previous`]: each model's rectangle by
//! name, each line by its key) and the new graph. Output: a [`Stable`]
//! layout, with the same invariants as [`super::layout`]'s (no two models
//! overlap, every line leaves its holder at the key's row and arrives at
//! the referenced row, orthogonal, inside the drawing's size).
//!
//! The rule:
//!
//! - a model *keeps its place* when the previous drawing had a model of
//!   that name with a box of the same size: same rectangle as before;
//! - a model whose box changed size (a row added or removed, a longer
//!   name) stays at its old top-left corner if it overlaps nothing there,
//!   else it is placed like a new one;
//! - a new model goes where the fresh layered layout puts it *relative to
//!   its neighbours already placed* (the mean over them), else shifted as
//!   the kept models are on average; then to the nearest free spot from
//!   there, a column's vertical moves counting less than sideways ones
//!   ([`SEARCH`]), else below everything in its column;
//! - a line between two kept models keeps its previous route if it still
//!   starts and ends on its rows; the others take a direct route
//!   ([`super::moved_route`]), as lines of a model moved by hand do;
//! - **a large change takes the fresh layout**: when fewer than half of the
//!   new graph's models keep their place (another example loaded, most of
//!   the code replaced), nothing is worth keeping.
//!
//! Deterministic: no hashing, ties broken by node index. It knows nothing of hand-moved models: the page applies those
//! afterwards ([`super::with_moves`]), so they keep winning.

use petgraph::visit::EdgeRef;

use super::{extent, layout, moved_route, self_loop, Layout, Rect};
use crate::graph::{Cardinality, Edge, SchemaGraph};

/// Space kept around a newly placed model: sideways (room for lines
/// between columns), and above and below (a column's gap).
const CLEAR_X: f64 = 40.0;
const CLEAR_Y: f64 = 28.0;
/// The least space around a resized model left at its own place.
const TIGHT: f64 = 4.0;
/// The free-spot search: a grid step, and how many steps sideways and up
/// or down from the wished place (256 and 640 units).
const STEP: f64 = 16.0;
const SEARCH: (i32, i32) = (16, 40);
/// Side of the cells of the occupied-space index.
const CELL: f64 = 256.0;

/// A line of the previous drawing.
#[derive(Clone, Debug)]
struct Line {
    /// The model it references (an index in [`Previous`]).
    referenced: usize,
    foreign_key: String,
    /// A collapsed many-to-many.
    many_to_many: bool,
    points: Vec<[f64; 2]>,
}

/// What is kept of the previous drawing.
#[derive(Clone, Debug, Default)]
pub struct Previous {
    names: Vec<String>,
    rects: Vec<Rect>,
    /// Indices of `names`, sorted by name (of two models with one name,
    /// the first).
    by_name: Vec<usize>,
    /// Each model's lines as holder.
    lines: Vec<Vec<Line>>,
}

impl Previous {
    /// The drawing of `graph` as `layout` placed it.
    pub fn of(graph: &SchemaGraph, layout: &Layout) -> Previous {
        let names: Vec<String> = graph.node_weights().map(|n| n.name.clone()).collect();
        let mut by_name: Vec<usize> = (0..names.len()).collect();
        by_name.sort_unstable_by(|&a, &b| names[a].cmp(&names[b]).then(a.cmp(&b)));
        let mut lines: Vec<Vec<Line>> = vec![Vec::new(); names.len()];
        for (e, points) in graph.edge_references().zip(&layout.edges) {
            let w = e.weight();
            lines[e.source().index()].push(Line {
                referenced: e.target().index(),
                foreign_key: w.foreign_key.clone(),
                many_to_many: w.cardinality == Cardinality::ManyToMany,
                points: points.clone(),
            });
        }
        Previous {
            names,
            rects: layout.nodes.clone(),
            by_name,
            lines,
        }
    }

    /// The first model named `name`.
    fn node(&self, name: &str) -> Option<usize> {
        let i = self
            .by_name
            .partition_point(|&k| self.names[k].as_str() < name);
        let k = *self.by_name.get(i)?;
        (self.names[k] == name).then_some(k)
    }

    /// The points of the line from `holder` to `referenced` (previous
    /// indices) for the same key as `edge`.
    fn line(&self, holder: usize, referenced: usize, edge: &Edge) -> Option<&[[f64; 2]]> {
        let m2m = edge.cardinality == Cardinality::ManyToMany;
        self.lines.get(holder)?.iter().find_map(|l| {
            (l.referenced == referenced
                && l.many_to_many == m2m
                && l.foreign_key == edge.foreign_key)
                .then_some(l.points.as_slice())
        })
    }
}

/// How a model got its place.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Placed {
    /// Where it was: same name, same size.
    Kept,
    /// Its box changed size and it stayed at its old corner.
    Resized,
    /// New, or resized where there was no room: near its neighbours.
    Near,
    /// The fresh layered layout (the change was too large to keep anything).
    Fresh,
}

/// A layout that keeps the previous drawing where it can.
#[derive(Clone, Debug, PartialEq)]
pub struct Stable {
    /// `columns` and `crossings` are those of the fresh layered layout the
    /// new models were placed from.
    pub layout: Layout,
    /// How each node got its place.
    pub placed: Vec<Placed>,
    /// Whether the layout is exactly the fresh layered one (the change was
    /// too large, or everything kept is where it would go anyway).
    pub is_layered: bool,
}

impl Stable {
    /// Whether the change was too large and the layout is the fresh one.
    pub fn is_fresh(&self) -> bool {
        self.placed.iter().all(|&p| p == Placed::Fresh)
    }

    /// How many models kept their place.
    pub fn kept(&self) -> usize {
        self.placed.iter().filter(|&&p| p == Placed::Kept).count()
    }
}

/// Lays out `graph` keeping `previous` where it can (the module's rule).
///
/// Cost: the fresh layout, then for each model not kept a search of at
/// most 33 x 81 spots (nearest first, so usually a few), each checked
/// against the models in nearby cells of a grid.
pub fn relayout(previous: &Previous, graph: &SchemaGraph) -> Stable {
    let fresh = layout(graph);
    let n = graph.node_count();
    let names: Vec<&str> = graph.node_weights().map(|w| w.name.as_str()).collect();
    // Each previous model is at most one node's: `origin[i]`.
    let mut used = vec![false; previous.names.len()];
    let mut origin: Vec<Option<usize>> = vec![None; n];
    for (i, name) in names.iter().enumerate() {
        if let Some(k) = previous.node(name).filter(|&k| !used[k]) {
            used[k] = true;
            origin[i] = Some(k);
        }
    }
    let was: Vec<Option<Rect>> = origin
        .iter()
        .map(|k| k.map(|k| previous.rects[k]))
        .collect();
    let same_size = |i: usize| {
        was[i].is_some_and(|r| r.width == fresh.nodes[i].width && r.height == fresh.nodes[i].height)
    };
    let kept = (0..n).filter(|&i| same_size(i)).count();
    if n == 0 || kept * 2 < n {
        return Stable {
            layout: fresh,
            placed: vec![Placed::Fresh; n],
            is_layered: true,
        };
    }

    let mut at: Vec<Option<Rect>> = vec![None; n];
    let mut placed: Vec<Placed> = vec![Placed::Near; n];
    let mut occupied = Occupied::new(was.iter().flatten());
    let mut shift = [0.0, 0.0];
    for i in (0..n).filter(|&i| same_size(i)) {
        let r = was[i].expect("same_size holds a previous rectangle");
        at[i] = Some(r);
        placed[i] = Placed::Kept;
        occupied.add(r);
        shift[0] += r.x - fresh.nodes[i].x;
        shift[1] += r.y - fresh.nodes[i].y;
    }
    let shift = [shift[0] / kept as f64, shift[1] / kept as f64];

    // Resized models first, each at its old corner if there is room.
    for i in 0..n {
        if let (None, Some(old)) = (at[i], was[i]) {
            let r = Rect {
                x: old.x,
                y: old.y,
                ..fresh.nodes[i]
            };
            if occupied.free(r, TIGHT, TIGHT) {
                at[i] = Some(r);
                placed[i] = Placed::Resized;
                occupied.add(r);
            }
        }
    }

    // The rest by how many of their lines go to placed models (most first,
    // then by index): each follows the neighbours it is drawn beside.
    let mut neighbours: Vec<Vec<usize>> = vec![Vec::new(); n];
    for e in graph.edge_references() {
        let (a, b) = (e.source().index(), e.target().index());
        if a != b {
            neighbours[a].push(b);
            neighbours[b].push(a);
        }
    }
    let mut placed_around: Vec<usize> = (0..n)
        .map(|i| neighbours[i].iter().filter(|&&u| at[u].is_some()).count())
        .collect();
    while let Some(v) = (0..n)
        .filter(|&i| at[i].is_none())
        .max_by_key(|&i| (placed_around[i], std::cmp::Reverse(i)))
    {
        let f = fresh.nodes[v];
        let around: Vec<Rect> = neighbours[v]
            .iter()
            .filter_map(|&u| Some((at[u]?, fresh.nodes[u])))
            .map(|(r, fu)| Rect {
                x: r.x + f.x - fu.x,
                y: r.y + f.y - fu.y,
                ..f
            })
            .collect();
        let wish = if around.is_empty() {
            [f.x + shift[0], f.y + shift[1]]
        } else {
            let k = around.len() as f64;
            [
                around.iter().map(|r| r.x).sum::<f64>() / k,
                around.iter().map(|r| r.y).sum::<f64>() / k,
            ]
        };
        let r = occupied.nearest_free(Rect {
            x: wish[0].max(0.0),
            y: wish[1].max(0.0),
            ..f
        });
        at[v] = Some(r);
        occupied.add(r);
        for &u in &neighbours[v] {
            placed_around[u] += 1;
        }
    }

    let nodes: Vec<Rect> = at
        .into_iter()
        .map(|r| r.expect("every node is placed"))
        .collect();
    let mut edges: Vec<Vec<[f64; 2]>> = Vec::with_capacity(graph.edge_count());
    for e in graph.edge_references() {
        let (a, b) = (e.source().index(), e.target().index());
        let w = e.weight();
        let (from, to) = (nodes[a], nodes[b]);
        let (from_y, to_y) = (
            from.y + graph[e.source()].row_y(w.from_row),
            to.y + graph[e.target()].row_y(w.to_row),
        );
        let same_row_loop = a == b && w.from_row == w.to_row;
        let kept_route = (placed[a] == Placed::Kept && placed[b] == Placed::Kept)
            .then(|| previous.line(origin[a]?, origin[b]?, w))
            .flatten()
            .filter(|points| {
                let (Some(first), Some(last)) = (points.first(), points.last()) else {
                    return false;
                };
                from.has_on_side(*first)
                    && to.has_on_side(*last)
                    && (first[1] - from_y).abs() < 1e-6
                    && (same_row_loop || (last[1] - to_y).abs() < 1e-6)
            });
        edges.push(match kept_route {
            Some(points) => points.to_vec(),
            None if a == b => self_loop(from, from_y, to_y),
            None => moved_route(graph, e, from, to),
        });
    }
    let [width, height] = extent(&nodes, &edges);
    let is_layered = nodes == fresh.nodes && edges == fresh.edges;
    Stable {
        layout: Layout {
            nodes,
            edges,
            columns: fresh.columns,
            crossings: fresh.crossings,
            width,
            height,
        },
        placed,
        is_layered,
    }
}

/// The rectangles placed so far, indexed by the cells of a grid over the
/// previous drawing and the search's reach around it; anything outside
/// counts in the nearest border cell, which keeps every check exact.
struct Occupied {
    rects: Vec<Rect>,
    /// The grid's origin, columns and rows, and each cell's rectangles.
    origin: [f64; 2],
    size: [usize; 2],
    cells: Vec<Vec<usize>>,
}

impl Occupied {
    /// An empty index over the area of `rects`.
    fn new<'a>(rects: impl Iterator<Item = &'a Rect>) -> Occupied {
        let b = super::bounds(rects).unwrap_or([0.0; 4]);
        let reach = STEP * f64::from(SEARCH.1) + CLEAR_Y + CELL;
        let origin = [b[0] - reach, b[1] - reach];
        #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
        let count = |span: f64| ((span + 2.0 * reach) / CELL).ceil().clamp(1.0, 4096.0) as usize;
        let size = [count(b[2] - b[0]), count(b[3] - b[1])];
        Occupied {
            rects: Vec::new(),
            origin,
            size,
            cells: vec![Vec::new(); size[0] * size[1]],
        }
    }

    /// The cells `r` touches: columns and rows, inclusive.
    fn span(&self, r: &Rect) -> [usize; 4] {
        #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
        let cell =
            |v: f64, o: f64, n: usize| (((v - o) / CELL).floor().max(0.0) as usize).min(n - 1);
        let [cols, rows] = self.size;
        [
            cell(r.x, self.origin[0], cols),
            cell(r.right(), self.origin[0], cols),
            cell(r.y, self.origin[1], rows),
            cell(r.bottom(), self.origin[1], rows),
        ]
    }

    fn add(&mut self, r: Rect) {
        let k = self.rects.len();
        self.rects.push(r);
        let [x0, x1, y0, y1] = self.span(&r);
        for y in y0..=y1 {
            for x in x0..=x1 {
                self.cells[y * self.size[0] + x].push(k);
            }
        }
    }

    /// Whether `r` is at least `dx` sideways or `dy` up or down from every
    /// placed rectangle.
    fn free(&self, r: Rect, dx: f64, dy: f64) -> bool {
        let grown = Rect {
            x: r.x - dx,
            y: r.y - dy,
            width: r.width + 2.0 * dx,
            height: r.height + 2.0 * dy,
        };
        let [x0, x1, y0, y1] = self.span(&grown);
        (y0..=y1).all(|y| {
            (x0..=x1).all(|x| {
                self.cells[y * self.size[0] + x].iter().all(|&k| {
                    let o = &self.rects[k];
                    grown.right() <= o.x
                        || o.right() <= grown.x
                        || grown.bottom() <= o.y
                        || o.bottom() <= grown.y
                })
            })
        })
    }

    /// The free spot for `r` nearest its place, on a grid of [`STEP`]s at
    /// most [`SEARCH`] away, never left of or above the drawing's origin:
    /// a step sideways counts as two up or down (moving within a column is
    /// better than leaving it); of two as near, the one found first (up
    /// before down, left before right). Else below everything placed in
    /// its column.
    fn nearest_free(&self, r: Rect) -> Rect {
        let (sx, sy) = SEARCH;
        let mut best: Option<(i32, Rect)> = None;
        for ady in 0..=sy {
            if best.is_some_and(|b| b.0 <= ady * ady) {
                break;
            }
            for &dy in &[-ady, ady][usize::from(ady == 0)..] {
                for adx in 0..=sx {
                    let cost = 4 * adx * adx + ady * ady;
                    if best.is_some_and(|b| b.0 <= cost) {
                        break;
                    }
                    let found = [-adx, adx][usize::from(adx == 0)..]
                        .iter()
                        .map(|&dx| Rect {
                            x: r.x + f64::from(dx) * STEP,
                            y: r.y + f64::from(dy) * STEP,
                            ..r
                        })
                        .find(|c| c.x >= 0.0 && c.y >= 0.0 && self.free(*c, CLEAR_X, CLEAR_Y));
                    if let Some(c) = found {
                        best = Some((cost, c));
                        break;
                    }
                }
            }
        }
        if let Some((_, c)) = best {
            return c;
        }
        let below = self
            .rects
            .iter()
            .filter(|o| o.x < r.right() + CLEAR_X && r.x - CLEAR_X < o.right())
            .map(|o| o.bottom() + CLEAR_Y)
            .fold(r.y, f64::max);
        Rect { y: below, ..r }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::{analyse, SourceFile};
    use crate::graph;

    fn graph_of(code: &str) -> SchemaGraph {
        let a = analyse(&[SourceFile::new("a.js", code)]);
        graph::build(&a.schema, graph::Options::default())
    }

    fn rect_of<'a>(g: &SchemaGraph, l: &'a Layout, name: &str) -> &'a Rect {
        let i = g.node_weights().position(|n| n.name == name).unwrap();
        &l.nodes[i]
    }

    fn overlap(a: &Rect, b: &Rect) -> bool {
        a.x < b.right() && b.x < a.right() && a.y < b.bottom() && b.y < a.bottom()
    }

    const SHOP: &str = "const User = sequelize.define('User', { name: DataTypes.STRING });
const Order = sequelize.define('Order', { total: DataTypes.INTEGER });
const Item = sequelize.define('Item', { sku: DataTypes.STRING });
const Address = sequelize.define('Address', { city: DataTypes.STRING });
const Review = sequelize.define('Review', { stars: DataTypes.INTEGER });
User.hasMany(Order);
Order.hasMany(Item);
User.hasMany(Address);
User.hasMany(Review);
Item.hasMany(Review);
";

    #[test]
    fn the_same_graph_keeps_the_whole_drawing() {
        let g = graph_of(SHOP);
        let l = layout(&g);
        let s = relayout(&Previous::of(&g, &l), &g);
        assert_eq!(s.layout, l);
        assert_eq!(s.kept(), g.node_count());
        assert!(!s.is_fresh());
        assert!(s.is_layered);
    }

    #[test]
    fn a_new_model_goes_near_its_neighbour_and_moves_nothing_else() {
        let before = graph_of(SHOP);
        let l = layout(&before);
        let code = format!(
            "{SHOP}const Tag = sequelize.define('Tag', {{ label: DataTypes.STRING }});\nTag.belongsTo(Item);\n"
        );
        let after = graph_of(&code);
        let s = relayout(&Previous::of(&before, &l), &after);
        for n in before.node_weights() {
            assert_eq!(
                rect_of(&after, &s.layout, &n.name),
                rect_of(&before, &l, &n.name),
                "{} moved",
                n.name
            );
        }
        let tag = *rect_of(&after, &s.layout, "Tag");
        let item = *rect_of(&after, &s.layout, "Item");
        for (i, r) in s.layout.nodes.iter().enumerate() {
            let name = &after[petgraph::graph::NodeIndex::new(i)].name;
            assert!(name == "Tag" || !overlap(r, &tag), "Tag overlaps {name}");
        }
        let d = ((tag.x - item.x).powi(2) + (tag.y - item.y).powi(2)).sqrt();
        assert!(d < 800.0, "Tag is {d} from Item");
        assert_eq!(s.kept(), before.node_count());
        assert!(!s.is_layered, "Tag is placed by hand, not by the layers");
        // The same inputs, the same result.
        assert_eq!(relayout(&Previous::of(&before, &l), &after), s);
    }

    #[test]
    fn a_resized_model_stays_if_it_fits_else_moves_clear() {
        let r = |x: f64, y: f64, h: f64| Rect {
            x,
            y,
            width: 100.0,
            height: h,
        };
        // A model below, 30 under a 50-high one that grows by 20: still
        // clear by TIGHT; by 28, not.
        let mut o = Occupied::new([r(0.0, 80.0, 50.0)].iter());
        o.add(r(0.0, 80.0, 50.0));
        assert!(o.free(r(0.0, 0.0, 70.0), TIGHT, TIGHT));
        assert!(!o.free(r(0.0, 0.0, 78.0), TIGHT, TIGHT));
        // The nearest free spot keeps CLEAR_Y above or below.
        let spot = o.nearest_free(r(0.0, 60.0, 50.0));
        assert!(
            spot.bottom() + CLEAR_Y <= 80.0 || spot.y >= 130.0 + CLEAR_Y,
            "{spot:?}"
        );
        // Down the column (above, the origin is in the way): 130 + 28 is
        // 98 below, 7 steps; a step sideways would cost as much as two
        // down and the sideways clearance blocks short moves anyway.
        assert_eq!((spot.x, spot.y), (0.0, 60.0 + 7.0 * STEP));
        // Far outside the grid, still exact.
        let far = r(50_000.0, 50_000.0, 50.0);
        assert!(o.free(far, CLEAR_X, CLEAR_Y));
        o.add(far);
        assert!(!o.free(r(50_010.0, 50_010.0, 50.0), CLEAR_X, CLEAR_Y));
    }

    #[test]
    fn a_model_that_grows_keeps_its_corner_when_there_is_room() {
        let before = graph_of(SHOP);
        let l = layout(&before);
        // Address gains a row: taller, same place.
        let code = SHOP.replace(
            "city: DataTypes.STRING",
            "city: DataTypes.STRING, zip: DataTypes.STRING",
        );
        let after = graph_of(&code);
        let s = relayout(&Previous::of(&before, &l), &after);
        let (was, now) = (
            rect_of(&before, &l, "Address"),
            rect_of(&after, &s.layout, "Address"),
        );
        assert!(now.height > was.height);
        // Review is 28 below it: 8 are left.
        let i = after
            .node_weights()
            .position(|n| n.name == "Address")
            .unwrap();
        assert_eq!(s.placed[i], Placed::Resized);
        assert_eq!((now.x, now.y), (was.x, was.y));
        assert_eq!(s.kept(), before.node_count() - 1);
        for (i, a) in s.layout.nodes.iter().enumerate() {
            for b in &s.layout.nodes[i + 1..] {
                assert!(!overlap(a, b), "{a:?} {b:?}");
            }
        }
    }

    #[test]
    fn a_large_change_takes_the_fresh_layout() {
        let before = graph_of(SHOP);
        let l = layout(&before);
        let other =
            graph_of("A.hasMany(B); B.hasMany(C); C.hasMany(D); D.hasMany(User); E.hasOne(F);");
        let s = relayout(&Previous::of(&before, &l), &other);
        assert!(s.is_fresh());
        assert_eq!(s.layout, layout(&other));
        let empty = relayout(&Previous::default(), &before);
        assert!(empty.is_fresh());
    }
}
