//! The layout's invariants over every fixture, junctions drawn and
//! collapsed: no two models overlap, every edge leaves its holder at the
//! foreign-key row and arrives at the referenced key's row, inside the
//! drawing's size, its lines are horizontal or vertical, and the same input
//! gives the same layout.

mod common;

use assoc_explorer::engine::analyse;
use assoc_explorer::graph::layout::{layout, layout_with, Layering, Layout, Rect};
use assoc_explorer::graph::{self, Cardinality, SchemaGraph};
use petgraph::visit::EdgeRef;

fn overlap(a: &Rect, b: &Rect) -> bool {
    a.x < b.right() && b.x < a.right() && a.y < b.bottom() && b.y < a.bottom()
}

fn check(name: &str, g: &SchemaGraph, l: &Layout) -> Result<(), String> {
    if l.nodes.len() != g.node_count() || l.edges.len() != g.edge_count() {
        return Err(format!(
            "{name}: {} nodes, {} edges laid out",
            l.nodes.len(),
            l.edges.len()
        ));
    }
    for (i, a) in l.nodes.iter().enumerate() {
        for v in [a.x, a.y, a.width, a.height] {
            if !v.is_finite() || v < 0.0 {
                return Err(format!("{name}: node {i} at {a:?}"));
            }
        }
        for (j, b) in l.nodes.iter().enumerate().skip(i + 1) {
            if overlap(a, b) {
                return Err(format!(
                    "{name}: {} and {} overlap: {a:?} {b:?}",
                    g[g.node_indices().nth(i).unwrap()].name,
                    g[g.node_indices().nth(j).unwrap()].name
                ));
            }
        }
    }
    for e in g.edge_references() {
        let points = &l.edges[e.id().index()];
        let (holder, referenced) = (e.source().index(), e.target().index());
        let (from, to) = (&l.nodes[holder], &l.nodes[referenced]);
        let w = e.weight();
        let what = format!("{name}: edge {} {}", w.label, w.foreign_key);
        let (Some(first), Some(last)) = (points.first(), points.last()) else {
            return Err(format!("{what} has no points"));
        };
        if points.len() < 2 {
            return Err(format!("{what} has one point"));
        }
        // The drawing's size holds every line (the SVG export's viewBox).
        if let Some(p) = points
            .iter()
            .find(|p| p[0] < 0.0 || p[1] < 0.0 || p[0] > l.width || p[1] > l.height)
        {
            return Err(format!(
                "{what} passes {p:?}, outside the {} x {} drawing",
                l.width, l.height
            ));
        }
        if !from.has_on_side(*first) {
            return Err(format!("{what} starts at {first:?}, not on {from:?}"));
        }
        if !to.has_on_side(*last) {
            return Err(format!("{what} ends at {last:?}, not on {to:?}"));
        }
        let holder_node = &g[e.source()];
        let referenced_node = &g[e.target()];
        let from_y = from.y + holder_node.row_y(w.from_row);
        if (first[1] - from_y).abs() > 1e-6 {
            return Err(format!(
                "{what} starts at y {}, the key row is at {from_y}",
                first[1]
            ));
        }
        // A collapsed many-to-many ends on the other model's key; a
        // self-reference on the same row loops back just below it.
        let to_y = to.y + referenced_node.row_y(w.to_row);
        let same_row_loop = holder == referenced && w.from_row == w.to_row;
        if !same_row_loop && (last[1] - to_y).abs() > 1e-6 {
            return Err(format!(
                "{what} ends at y {}, the key row is at {to_y}",
                last[1]
            ));
        }
        if w.cardinality != Cardinality::ManyToMany
            && holder_node
                .rows
                .get(w.from_row)
                .map(|r| r.attribute.as_str())
                != Some(w.foreign_key.as_str())
            && holder_node
                .rows
                .iter()
                .any(|r| r.attribute == w.foreign_key)
        {
            return Err(format!(
                "{what} starts on row {} instead of its key",
                w.from_row
            ));
        }
        for pair in points.windows(2) {
            let (p, q) = (pair[0], pair[1]);
            if (p[0] - q[0]).abs() > 1e-6 && (p[1] - q[1]).abs() > 1e-6 {
                return Err(format!(
                    "{what}: {p:?} to {q:?} is neither horizontal nor vertical"
                ));
            }
        }
    }
    Ok(())
}

#[test]
fn every_fixture_lays_out_without_overlaps_and_edges_end_on_their_rows() {
    let mut failures = Vec::new();
    let mut laid_out = 0;
    for f in common::fixtures() {
        let analysis = analyse(&f.files);
        for collapse in [false, true] {
            let options = graph::Options {
                collapse_many_to_many: collapse,
            };
            let g = graph::build(&analysis.schema, options);
            for layering in [Layering::Distance, Layering::LongestPath] {
                let l = layout_with(&g, layering);
                if let Err(e) = check(&f.name, &g, &l) {
                    failures.push(format!("{layering:?}: {e}"));
                }
                // Deterministic: a second graph and layout of the same input.
                let again = layout_with(&graph::build(&analysis.schema, options), layering);
                if again != l {
                    failures.push(format!("{}: two layouts of the same input differ", f.name));
                }
                laid_out += 1;
            }
        }
    }
    assert!(laid_out > 1000, "only {laid_out} layouts");
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn a_foreign_key_named_by_two_calls_is_one_edge_and_junctions_collapse() {
    let code = "const Organization = sequelize.define('Organization', {});
const Employee = sequelize.define('Employee', {});
const Task = sequelize.define('Task', {});
Organization.hasMany(Employee);
Employee.belongsTo(Organization);
Employee.belongsToMany(Task, { through: 'EmployeeTasks' });
Task.belongsToMany(Employee, { through: 'EmployeeTasks' });
";
    let analysis = analyse(&[assoc_explorer::engine::SourceFile::new("a.js", code)]);
    let g = graph::build(&analysis.schema, graph::Options::default());
    let names: Vec<(String, String, String)> = g
        .edge_references()
        .map(|e| {
            (
                g[e.source()].name.clone(),
                e.weight().foreign_key.clone(),
                g[e.target()].name.clone(),
            )
        })
        .collect();
    assert_eq!(
        names,
        vec![
            (
                "Employee".into(),
                "OrganizationId".into(),
                "Organization".into()
            ),
            (
                "EmployeeTasks".into(),
                "EmployeeId".into(),
                "Employee".into()
            ),
            ("EmployeeTasks".into(), "TaskId".into(), "Task".into()),
        ]
    );
    let org = g.edge_references().next().unwrap();
    assert_eq!(org.weight().associations, vec![0, 1]);
    assert_eq!(org.weight().cardinality, Cardinality::Many);
    assert!(org.weight().optional, "OrganizationId allows null");

    let collapsed = graph::build(
        &analysis.schema,
        graph::Options {
            collapse_many_to_many: true,
        },
    );
    assert_eq!(collapsed.node_count(), 3, "the junction is gone");
    let m2m: Vec<_> = collapsed
        .edge_references()
        .filter(|e| e.weight().cardinality == Cardinality::ManyToMany)
        .collect();
    assert_eq!(m2m.len(), 1, "one m:n edge for the pair");
    assert_eq!(m2m[0].weight().associations, vec![2, 3]);

    // By distance, Employee (joined to both others) is the first column
    // and Organization the next; by longest path, Employee sits right of
    // the model it references. Either way its edge leaves from the
    // OrganizationId row.
    let (emp, orgn) = (1, 0);
    let by_path = layout_with(&g, Layering::LongestPath);
    assert!(by_path.nodes[emp].x > by_path.nodes[orgn].right());
    let l = layout(&g);
    assert_eq!((l.columns[emp], l.columns[orgn]), (0, 1));
    assert!(l.nodes[orgn].x > l.nodes[emp].right());
    let row = g[petgraph::graph::NodeIndex::new(emp)]
        .rows
        .iter()
        .position(|r| r.attribute == "OrganizationId")
        .unwrap();
    assert_eq!(
        l.edges[0][0][1],
        l.nodes[emp].y + g[petgraph::graph::NodeIndex::new(emp)].row_y(row)
    );
}

#[test]
fn every_fixture_draws_well_formed_svg_with_every_model_and_key() {
    let mut drawn = 0;
    for f in common::fixtures() {
        let analysis = analyse(&f.files);
        let g = graph::build(&analysis.schema, graph::Options::default());
        let l = layout(&g);
        let doc = graph::svg::document(&g, &l);
        let xml = roxmltree::Document::parse(&doc)
            .unwrap_or_else(|e| panic!("{}: not well-formed: {e}", f.name));
        let models: Vec<&str> = xml
            .descendants()
            .filter_map(|n| n.attribute("data-model"))
            .collect();
        let names: Vec<&str> = g.node_weights().map(|n| n.name.as_str()).collect();
        assert_eq!(models, names, "{}", f.name);
        let edges = xml
            .descendants()
            .filter(|n| n.attribute("data-edge").is_some())
            .count();
        assert_eq!(edges, g.edge_count(), "{}", f.name);
        // Every attribute row is drawn, as text.
        for node in g.node_weights() {
            let drawn_node = xml
                .descendants()
                .find(|n| n.attribute("data-model") == Some(node.name.as_str()))
                .unwrap();
            let text: String = drawn_node
                .descendants()
                .filter(|n| n.is_text())
                .filter_map(|n| n.text())
                .collect();
            for row in &node.rows {
                assert!(
                    text.contains(&row.attribute),
                    "{}: {} lacks {}",
                    f.name,
                    node.name,
                    row.attribute
                );
            }
        }
        drawn += 1;
    }
    assert!(drawn > 250, "only {drawn} drawings");
}

#[test]
fn moved_nodes_keep_their_place_and_their_lines_follow() {
    use assoc_explorer::graph::layout::with_moves;
    let mut checked = 0;
    for f in common::fixtures() {
        let analysis = analyse(&f.files);
        let g = graph::build(&analysis.schema, graph::Options::default());
        if g.node_count() < 2 {
            continue;
        }
        let l = layout(&g);
        // Move the first node far below everything, and the second onto
        // the first's old place.
        let mut moved = vec![None; g.node_count()];
        moved[0] = Some([l.nodes[0].x + 40.0, l.height + 100.0]);
        moved[1] = Some([l.nodes[0].x, l.nodes[0].y]);
        let m = with_moves(&g, &l, &moved);
        assert_eq!(m.nodes[0].y, l.height + 100.0, "{}", f.name);
        assert_eq!((m.nodes[1].x, m.nodes[1].y), (l.nodes[0].x, l.nodes[0].y));
        for (i, (a, b)) in l.nodes.iter().zip(&m.nodes).enumerate().skip(2) {
            assert_eq!(a, b, "{}: node {i} moved by itself", f.name);
        }
        for e in g.edge_references() {
            let points = &m.edges[e.id().index()];
            let (a, b) = (e.source().index(), e.target().index());
            if a > 1 && b > 1 {
                assert_eq!(points, &l.edges[e.id().index()], "{}", f.name);
                continue;
            }
            let w = e.weight();
            let (first, last) = (points[0], points[points.len() - 1]);
            assert!(m.nodes[a].has_on_side(first), "{}: {first:?}", f.name);
            assert!(m.nodes[b].has_on_side(last), "{}: {last:?}", f.name);
            assert_eq!(first[1], m.nodes[a].y + g[e.source()].row_y(w.from_row));
            for pair in points.windows(2) {
                let (p, q) = (pair[0], pair[1]);
                assert!(p[0] == q[0] || p[1] == q[1], "{}: {p:?} {q:?}", f.name);
            }
        }
        assert!(m.height >= l.height + 100.0);
        checked += 1;
    }
    assert!(checked > 200, "only {checked}");
}

/// The page hands the graph module the schema as text: the graph drawn
/// from that text is the graph of the schema itself, on every fixture,
/// junctions drawn and collapsed.
#[test]
fn the_schema_crosses_to_the_graph_module_intact() {
    use assoc_explorer::graph::wire;
    let mut compared = 0;
    for f in common::fixtures() {
        let analysis = analyse(&f.files);
        let text = wire::encode(&analysis.schema);
        let decoded = wire::decode(&text);
        for collapse in [false, true] {
            let options = graph::Options {
                collapse_many_to_many: collapse,
            };
            let (a, b) = (
                graph::build(&analysis.schema, options),
                graph::build(&decoded, options),
            );
            let nodes = |g: &SchemaGraph| g.node_weights().cloned().collect::<Vec<_>>();
            let edges = |g: &SchemaGraph| {
                g.edge_references()
                    .map(|e| (e.source().index(), e.target().index(), e.weight().clone()))
                    .collect::<Vec<_>>()
            };
            assert_eq!(nodes(&a), nodes(&b), "{}", f.name);
            assert_eq!(edges(&a), edges(&b), "{}", f.name);
            assert_eq!(layout(&a), layout(&b), "{}", f.name);
        }
        compared += 1;
    }
    assert!(compared > 250, "only {compared}");
}

/// Stable placement across edits ([`assoc_explorer::graph::layout::stable`])
/// over every fixture, junctions drawn and collapsed: a model removed, then
/// added back; a line removed, then added back. Each result keeps the
/// layout's invariants, every model still there keeps its rectangle, and
/// the same inputs give the same result.
#[test]
fn edits_keep_every_other_model_in_place_and_the_invariants() {
    use assoc_explorer::graph::layout::stable::{relayout, Previous};
    let mut failures = Vec::new();
    let mut pairs = 0;
    let rects = |g: &SchemaGraph, l: &Layout| -> Vec<(String, Rect)> {
        g.node_weights()
            .map(|n| n.name.clone())
            .zip(l.nodes.iter().copied())
            .collect()
    };
    // Every model of `after` named in `kept` has the rectangle it had.
    let stayed = |what: &str, kept: &[(String, Rect)], g: &SchemaGraph, l: &Layout| {
        for (name, r) in rects(g, l) {
            if let Some((_, was)) = kept.iter().find(|(n, _)| *n == name) {
                if *was != r {
                    return Err(format!("{what}: {name} moved from {was:?} to {r:?}"));
                }
            }
        }
        Ok(())
    };
    for f in common::fixtures() {
        let analysis = analyse(&f.files);
        for collapse in [false, true] {
            let options = graph::Options {
                collapse_many_to_many: collapse,
            };
            let g = graph::build(&analysis.schema, options);
            let l = layout(&g);
            let mut steps: Vec<(String, SchemaGraph)> = Vec::new();
            if g.node_count() >= 2 {
                let k = g.node_count() / 2;
                let mut minus = g.clone();
                let name = minus
                    .remove_node(petgraph::graph::NodeIndex::new(k))
                    .map(|n| n.name)
                    .unwrap_or_default();
                steps.push((format!("{} without {name}", f.name), minus));
            }
            if g.edge_count() >= 1 {
                let mut minus = g.clone();
                minus.remove_edge(petgraph::graph::EdgeIndex::new(0));
                steps.push((format!("{} without its first line", f.name), minus));
            }
            for (what, minus) in steps {
                let removed = relayout(&Previous::of(&g, &l), &minus);
                let back = relayout(&Previous::of(&minus, &removed.layout), &g);
                let results = [
                    (what.clone(), &minus, &removed, rects(&g, &l)),
                    (
                        format!("{what}, added back"),
                        &g,
                        &back,
                        rects(&minus, &removed.layout),
                    ),
                ];
                for (what, after, s, kept) in results {
                    if s.is_fresh() {
                        failures.push(format!("{what}: took the fresh layout"));
                    }
                    let r = check(&what, after, &s.layout)
                        .and_then(|()| stayed(&what, &kept, after, &s.layout));
                    if let Err(e) = r {
                        failures.push(e);
                    }
                }
                if relayout(&Previous::of(&minus, &removed.layout), &g) != back {
                    failures.push(format!("{what}: two relayouts of the same input differ"));
                }
                pairs += 1;
            }
        }
    }
    assert!(pairs > 500, "only {pairs} edits");
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
