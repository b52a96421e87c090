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
//! Deterministic: no hashing of iteration order, ties broken by node
//! index. It knows nothing of hand-moved models: the page applies those
//! afterwards ([`super::with_moves`]), so they keep winning.

use std::collections::BTreeMap;

use petgraph::visit::EdgeRef;

use super::{extent, layout, moved_route, self_loop, Layout, Rect};
use crate::graph::{Cardinality, SchemaGraph};

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

/// A line's identity across edits: holder, foreign key, referenced model,
/// and whether it is a collapsed many-to-many.
type EdgeKey = (String, String, String, bool);

/// What is kept of the previous drawing.
#[derive(Clone, Debug, Default)]
pub struct Previous {
    /// Each model's rectangle, sorted by name.
    nodes: Vec<(String, Rect)>,
    /// Each line's points, sorted by key.
    edges: Vec<(EdgeKey, Vec<[f64; 2]>)>,
}

impl Previous {
    /// The drawing of `graph` as `layout` placed it.
    pub fn of(graph: &SchemaGraph, layout: &Layout) -> Previous {
        let mut nodes: Vec<(String, Rect)> = graph
            .node_weights()
            .zip(&layout.nodes)
            .map(|(n, r)| (n.name.clone(), *r))
            .collect();
        // Stable sorts: of two models with one name, the first is found.
        nodes.sort_by(|a, b| a.0.cmp(&b.0));
        let mut edges: Vec<(EdgeKey, Vec<[f64; 2]>)> = graph
            .edge_references()
            .zip(&layout.edges)
            .map(|(e, points)| (key(graph, e), points.clone()))
            .collect();
        edges.sort_by(|a, b| a.0.cmp(&b.0));
        Previous { nodes, edges }
    }

    /// Model rectangles by name, from wherever they come.
    pub fn from_rects(rects: impl IntoIterator<Item = (String, Rect)>) -> Previous {
        let mut nodes: Vec<(String, Rect)> = rects.into_iter().collect();
        nodes.sort_by(|a, b| a.0.cmp(&b.0));
        Previous {
            nodes,
            edges: Vec::new(),
        }
    }

    /// Index of the first model named `name`.
    fn node(&self, name: &str) -> Option<usize> {
        let i = self.nodes.partition_point(|(n, _)| n.as_str() < name);
        (self.nodes.get(i)?.0 == name).then_some(i)
    }

    fn edge(&self, k: &EdgeKey) -> Option<&[[f64; 2]]> {
        let i = self.edges.partition_point(|(e, _)| e < k);
        let (found, points) = self.edges.get(i)?;
        (found == k).then_some(points.as_slice())
    }
}

fn key(graph: &SchemaGraph, e: petgraph::graph::EdgeReference<'_, crate::graph::Edge>) -> EdgeKey {
    let w = e.weight();
    (
        graph[e.source()].name.clone(),
        w.foreign_key.clone(),
        graph[e.target()].name.clone(),
        w.cardinality == Cardinality::ManyToMany,
    )
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
/// most 33 x 81 spots, each checked against the models in nearby cells.
pub fn relayout(previous: &Previous, graph: &SchemaGraph) -> Stable {
    let fresh = layout(graph);
    let n = graph.node_count();
    let names: Vec<&str> = graph.node_weights().map(|w| w.name.as_str()).collect();
    // Each previous rectangle serves at most one node.
    let mut used = vec![false; previous.nodes.len()];
    let mut was: Vec<Option<Rect>> = vec![None; n];
    for (i, name) in names.iter().enumerate() {
        if let Some(k) = previous.node(name).filter(|&k| !used[k]) {
            used[k] = true;
            was[i] = Some(previous.nodes[k].1);
        }
    }
    let same_size = |i: usize| {
        was[i].is_some_and(|r| r.width == fresh.nodes[i].width && r.height == fresh.nodes[i].height)
    };
    let kept = (0..n).filter(|&i| same_size(i)).count();
    if n == 0 || kept * 2 < n {
        return Stable {
            layout: fresh,
            placed: vec![Placed::Fresh; n],
        };
    }

    let mut at: Vec<Option<Rect>> = vec![None; n];
    let mut placed: Vec<Placed> = vec![Placed::Near; n];
    let mut occupied = Occupied::default();
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

    // The rest by how many of their neighbours are placed (most first,
    // then by index): each follows the neighbours it is drawn beside.
    let mut neighbours: Vec<Vec<usize>> = vec![Vec::new(); n];
    for e in graph.edge_references() {
        let (a, b) = (e.source().index(), e.target().index());
        if a != b {
            neighbours[a].push(b);
            neighbours[b].push(a);
        }
    }
    for list in &mut neighbours {
        list.sort_unstable();
        list.dedup();
    }
    let mut placed_around: Vec<usize> = (0..n)
        .map(|i| neighbours[i].iter().filter(|&&u| at[u].is_some()).count())
        .collect();
    let spots = search_order();
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
        let r = occupied.nearest_free(
            Rect {
                x: wish[0].max(0.0),
                y: wish[1].max(0.0),
                ..f
            },
            &spots,
        );
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
            .then(|| previous.edge(&key(graph, e)))
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
    }
}

/// The spots tried around a wished place, in grid steps, nearest first:
/// a step sideways counts as two up or down (moving within a column is
/// better than leaving it), ties by row then column.
fn search_order() -> Vec<(i32, i32)> {
    let (sx, sy) = SEARCH;
    let mut spots: Vec<(i32, i32)> = (-sy..=sy)
        .flat_map(|dy| (-sx..=sx).map(move |dx| (dx, dy)))
        .collect();
    spots.sort_by_key(|&(dx, dy)| (4 * dx * dx + dy * dy, dy, dx));
    spots
}

/// The rectangles placed so far, indexed by the grid cells they touch.
#[derive(Default)]
struct Occupied {
    rects: Vec<Rect>,
    cells: BTreeMap<(i64, i64), Vec<usize>>,
}

/// The cells `r` touches, as ranges of cell coordinates.
fn cells_of(r: Rect) -> (std::ops::RangeInclusive<i64>, std::ops::RangeInclusive<i64>) {
    #[allow(clippy::cast_possible_truncation)]
    let cell = |v: f64| (v / CELL).floor() as i64;
    (cell(r.x)..=cell(r.right()), cell(r.y)..=cell(r.bottom()))
}

impl Occupied {
    fn add(&mut self, r: Rect) {
        let k = self.rects.len();
        self.rects.push(r);
        let (xs, ys) = cells_of(r);
        for y in ys {
            for x in xs.clone() {
                self.cells.entry((x, y)).or_default().push(k);
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
        let (xs, ys) = cells_of(grown);
        ys.into_iter().all(|y| {
            xs.clone().all(|x| {
                self.cells.get(&(x, y)).is_none_or(|list| {
                    list.iter().all(|&k| {
                        let o = &self.rects[k];
                        grown.right() <= o.x
                            || o.right() <= grown.x
                            || grown.bottom() <= o.y
                            || o.bottom() <= grown.y
                    })
                })
            })
        })
    }

    /// The free spot for `r` nearest its place ([`search_order`]), never
    /// left of or above the drawing's origin; else below everything
    /// placed in its column.
    fn nearest_free(&self, r: Rect, spots: &[(i32, i32)]) -> Rect {
        for &(dx, dy) in spots {
            let c = Rect {
                x: r.x + f64::from(dx) * STEP,
                y: r.y + f64::from(dy) * STEP,
                ..r
            };
            if c.x >= 0.0 && c.y >= 0.0 && self.free(c, CLEAR_X, CLEAR_Y) {
                return c;
            }
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
        let mut o = Occupied::default();
        o.add(r(0.0, 80.0, 50.0));
        assert!(o.free(r(0.0, 0.0, 70.0), TIGHT, TIGHT));
        assert!(!o.free(r(0.0, 0.0, 78.0), TIGHT, TIGHT));
        // The nearest free spot keeps CLEAR_Y above or below.
        let spot = o.nearest_free(r(0.0, 60.0, 50.0), &search_order());
        assert!(
            spot.bottom() + CLEAR_Y <= 80.0 || spot.y >= 130.0 + CLEAR_Y,
            "{spot:?}"
        );
        assert!(spot.x >= 0.0 && spot.y >= 0.0);
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

    #[test]
    fn the_search_tries_within_a_column_first() {
        let spots = search_order();
        assert_eq!(spots[0], (0, 0));
        assert_eq!(spots.len(), 33 * 81);
        let one_down = spots.iter().position(|&s| s == (0, 1)).unwrap();
        let one_right = spots.iter().position(|&s| s == (1, 0)).unwrap();
        assert!(one_down < one_right);
    }
}
