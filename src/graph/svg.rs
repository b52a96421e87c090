//! The drawing as SVG markup: the page puts it in its graph view, and the
//! same markup, wrapped with its styles, is the SVG export.
//!
//! Markup rather than a tree of typed views: a drawing of 500 models is one
//! string the browser parses at once, and the page's code stays small. Every
//! name in it comes from the user's code and is escaped.
//!
//! Notation (crow's foot, drawn by the line's markers):
//! - at the holder's end, how many holders one referenced record can have:
//!   a fork for many (`hasMany`, a junction's keys, a `belongsTo` that no
//!   `hasOne` bounds: nothing makes the key unique), a bar for one
//!   (`hasOne`), both with a ring: none is fine too;
//! - at the referenced end, whether a holder needs one: two bars when the
//!   key is `NOT NULL`, a ring and a bar when it may be null (optional);
//! - the line's style says which association made it: `hasOne`/`belongsTo`
//!   solid, `hasMany` bold, `belongsToMany` (a junction's keys, or the
//!   collapsed m:n line) dashed.

use std::fmt::Write as _;

use petgraph::visit::EdgeRef;

use super::layout::{Layout, Rect};
use super::{units, Cardinality, Edge, NodeKind, SchemaGraph};
use crate::engine::schema::AssociationKind;

/// How an edge is drawn: its CSS class.
pub fn edge_style(edge: &Edge) -> &'static str {
    if edge.kind == AssociationKind::BelongsToMany || edge.cardinality == Cardinality::ManyToMany {
        "e-btm"
    } else if edge.cardinality == Cardinality::Many {
        "e-many"
    } else {
        "e-one"
    }
}

/// The markers at the holder's end and at the referenced end.
fn markers(edge: &Edge) -> (&'static str, &'static str) {
    let start = match edge.cardinality {
        Cardinality::One => "m-zero-one",
        Cardinality::Many | Cardinality::Unspecified | Cardinality::ManyToMany => "m-zero-many",
    };
    let end = if edge.cardinality == Cardinality::ManyToMany {
        "m-zero-many"
    } else if edge.optional {
        "m-zero-one"
    } else {
        "m-one"
    };
    (start, end)
}

/// The markers' definitions (once per drawing). Drawn for a line that
/// leaves to the right; `auto-start-reverse` turns the start's round.
pub const DEFS: &str = concat!(
    "<defs>",
    "<marker id=\"m-zero-many\" viewBox=\"0 0 24 16\" refX=\"23\" refY=\"8\" markerWidth=\"24\" markerHeight=\"16\" markerUnits=\"userSpaceOnUse\" orient=\"auto-start-reverse\">",
    "<path d=\"M23 1L13 8L23 15M13 8H24\" class=\"mk\"/><circle cx=\"8\" cy=\"8\" r=\"4\" class=\"mk ring\"/></marker>",
    "<marker id=\"m-zero-one\" viewBox=\"0 0 24 16\" refX=\"23\" refY=\"8\" markerWidth=\"24\" markerHeight=\"16\" markerUnits=\"userSpaceOnUse\" orient=\"auto-start-reverse\">",
    "<path d=\"M17 2V14M12 8H24\" class=\"mk\"/><circle cx=\"7\" cy=\"8\" r=\"4\" class=\"mk ring\"/></marker>",
    "<marker id=\"m-one\" viewBox=\"0 0 24 16\" refX=\"23\" refY=\"8\" markerWidth=\"24\" markerHeight=\"16\" markerUnits=\"userSpaceOnUse\" orient=\"auto-start-reverse\">",
    "<path d=\"M17 2V14M12 2V14M6 8H24\" class=\"mk\"/></marker>",
    "</defs>"
);

/// What a drawing shows besides the graph and its layout.
#[derive(Clone, Copy, Debug, Default)]
pub struct Show<'a> {
    /// Nodes not drawn (focus mode), by node index; empty: all drawn.
    pub hidden: &'a [bool],
    /// The selected node, drawn highlighted.
    pub selected: Option<usize>,
    /// For a view that zooms out (the page's canvas): each node also gets
    /// its name as a large label (class `label`, hidden unless the page's
    /// styles show it) and the largest name size its box holds (`--fit`).
    pub zoomable: bool,
}

/// The least zoom at which a node's [`Show::zoomable`] label, at 11 screen
/// pixels (`11 / LABEL_SCALE` units), is wrapped to fit its box.
pub const LABEL_SCALE: f64 = 0.35;
/// The smallest on-screen size of a model's name the page allows.
pub const NAME_PX: f64 = 11.0;
/// A character's advance for a font size of 1 (the monospace font's 0.6 em).
const ADVANCE: f64 = units::CHAR / 12.0;

/// A model's name in lines of at most `chars` characters, broken between
/// words (ASCII `camelCase` humps, a capital after a digit, `_`, `-`, `.`,
/// spaces); a word longer than a line stays whole.
pub fn label_lines(name: &str, chars: usize) -> Vec<&str> {
    // ASCII only, on bytes: Unicode's case and space tables would cost the
    // module more than the rare non-ASCII name gains. Every cut is next to
    // an ASCII byte, so a character boundary; `get` rather than indexing
    // keeps the string-slicing panic (and the formatting it brings) out.
    let b = name.as_bytes();
    let part = |from: usize, to: usize| name.get(from..to).unwrap_or_default();
    let mut lines = Vec::new();
    let (mut from, mut word, mut count) = (0, 0, 0);
    for i in 1..=b.len() {
        let starts = i == b.len()
            || (b[i].is_ascii_uppercase()
                && (b[i - 1].is_ascii_lowercase() || b[i - 1].is_ascii_digit()))
            || matches!(b[i - 1], b'_' | b'-' | b'.' | b' ');
        if !starts {
            continue;
        }
        // A word ends at `i`.
        let len = part(word, i).chars().count();
        if count > 0 && count + len > chars {
            let line = part(from, word);
            lines.push(line.strip_suffix(' ').unwrap_or(line));
            from = word;
            count = 0;
        }
        count += len;
        word = i;
    }
    lines.push(part(from, b.len()));
    lines
}

/// The drawing's content (markers, edges, then nodes on top), without the
/// enclosing `<svg>` element.
pub fn content(graph: &SchemaGraph, layout: &Layout, show: Show<'_>) -> String {
    let mut s = String::with_capacity(512 * graph.node_count() + 256 * graph.edge_count());
    s.push_str(DEFS);
    let hidden = |i: usize| show.hidden.get(i).copied().unwrap_or(false);
    s.push_str("<g class=\"edges\">");
    for (e, points) in graph.edge_references().zip(&layout.edges) {
        let (from, to) = (e.source().index(), e.target().index());
        if hidden(from) || hidden(to) {
            continue;
        }
        edge(&mut s, graph, e.id().index(), from, to, e.weight(), points);
    }
    s.push_str("</g><g class=\"nodes\">");
    for (i, (node, r)) in graph.node_weights().zip(&layout.nodes).enumerate() {
        if hidden(i) {
            continue;
        }
        let kind = match node.kind {
            NodeKind::Model => "model",
            NodeKind::Implicit => "implicit",
            NodeKind::Junction => "junction",
        };
        let selected = if show.selected == Some(i) {
            " selected"
        } else {
            ""
        };
        s.push_str("<g class=\"node n-");
        s.push_str(kind);
        s.push_str(selected);
        s.push_str("\" data-model=\"");
        escape(&mut s, &node.name);
        s.push_str("\" data-node=\"");
        push_int(&mut s, i);
        s.push_str("\" tabindex=\"-1\" role=\"button\" aria-label=\"");
        escape(&mut s, &node.name);
        if node.kind == NodeKind::Junction {
            s.push_str(", junction");
        }
        s.push_str("\" transform=\"translate(");
        push_num(&mut s, r.x);
        s.push(',');
        push_num(&mut s, r.y);
        if show.zoomable {
            // The name's size that its box holds: width, and the title bar.
            let chars = node.name.chars().count().max(1) as f64;
            s.push_str(")\" style=\"--fit:");
            push_num(
                &mut s,
                ((r.width - units::PAD) / (ADVANCE * chars)).min(26.0),
            );
            s.push_str("px");
        }
        s.push_str(")\"><rect class=\"box\" width=\"");
        push_num(&mut s, r.width);
        s.push_str("\" height=\"");
        push_num(&mut s, r.height);
        s.push_str("\" rx=\"6\"/><path class=\"head\" d=\"M0 6a6 6 0 0 1 6-6H");
        push_num(&mut s, r.width - 6.0);
        s.push_str("a6 6 0 0 1 6 6V");
        push_num(&mut s, units::HEADER);
        s.push_str("H0Z\"/><text class=\"name\" x=\"12\" y=\"20\">");
        escape(&mut s, &node.name);
        s.push_str("</text>");
        if show.zoomable {
            label(&mut s, &node.name, r);
        }
        for (k, row) in node.rows.iter().enumerate() {
            let y = units::HEADER + units::ROW * k as f64;
            s.push_str("<g class=\"row");
            if row.keys.primary {
                s.push_str(" pk");
            }
            if row.keys.foreign {
                s.push_str(" fk");
            }
            s.push_str("\" data-row=\"");
            push_int(&mut s, k);
            s.push_str("\"><rect class=\"hl\" x=\"1\" y=\"");
            push_num(&mut s, y);
            s.push_str("\" width=\"");
            push_num(&mut s, r.width - 2.0);
            s.push_str("\" height=\"");
            push_num(&mut s, units::ROW);
            s.push_str("\"/><text x=\"12\" y=\"");
            push_num(&mut s, y + 14.0);
            s.push_str("\"><tspan class=\"mark\">");
            s.push_str(match (row.keys.primary, row.keys.foreign) {
                (true, true) => "PF",
                (true, false) => "PK",
                (false, true) => "FK",
                (false, false) => "",
            });
            s.push_str("</tspan><tspan x=\"36\">");
            escape(&mut s, &row.attribute);
            if row.allow_null {
                s.push_str("<tspan class=\"null\">?</tspan>");
            }
            s.push_str("</tspan><tspan class=\"type\" x=\"");
            push_num(&mut s, r.width - 12.0);
            s.push_str("\">");
            escape(&mut s, &row.data_type);
            s.push_str("</tspan></text></g>");
        }
        s.push_str("</g>");
    }
    s.push_str("</g>");
    s
}

/// A node's large label: its name in lines that fit the box at
/// [`LABEL_SCALE`], centred; its size is the page's (`--label`), so the
/// lines are placed in `em`.
fn label(s: &mut String, name: &str, r: &Rect) {
    let design = NAME_PX / LABEL_SCALE;
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
    let chars = ((r.width - 16.0) / (ADVANCE * design)).floor().max(4.0) as usize;
    let lines = label_lines(name, chars);
    s.push_str("<text class=\"label\" y=\"");
    push_num(s, r.height / 2.0);
    s.push_str("\">");
    for (k, line) in lines.iter().enumerate() {
        s.push_str("<tspan x=\"");
        push_num(s, r.width / 2.0);
        s.push_str("\" dy=\"");
        let dy = if k == 0 {
            0.35 - 0.6 * (lines.len() as f64 - 1.0)
        } else {
            1.2
        };
        push_num(s, dy);
        s.push_str("em\">");
        escape(s, line);
        s.push_str("</tspan>");
    }
    s.push_str("</text>");
}

/// One edge: its line (with the notation's markers), a wider invisible
/// line to hover, and a tooltip naming the calls.
fn edge(
    s: &mut String,
    graph: &SchemaGraph,
    id: usize,
    from: usize,
    to: usize,
    w: &Edge,
    points: &[[f64; 2]],
) {
    let (start, end) = markers(w);
    s.push_str("<g class=\"edge ");
    s.push_str(edge_style(w));
    s.push_str("\" data-edge=\"");
    push_int(s, id);
    s.push_str("\" data-from=\"");
    push_int(s, from);
    s.push_str("\" data-from-row=\"");
    push_int(s, w.from_row);
    s.push_str("\" data-to=\"");
    push_int(s, to);
    s.push_str("\" data-to-row=\"");
    push_int(s, w.to_row);
    s.push_str("\"><title>");
    escape(s, &w.label);
    let holder = &graph.raw_nodes()[from].weight.name;
    s.push_str(": ");
    escape(s, holder);
    s.push('.');
    escape(s, &w.foreign_key);
    if w.associations.len() > 1 {
        s.push_str(" (and ");
        push_int(s, w.associations.len() - 1);
        s.push_str(" more)");
    }
    s.push_str("</title><path class=\"line\" d=\"");
    path(s, points);
    s.push_str("\" marker-start=\"url(#");
    s.push_str(start);
    s.push_str(")\" marker-end=\"url(#");
    s.push_str(end);
    s.push_str(")\"/><path class=\"hit\" d=\"");
    path(s, points);
    s.push_str("\"/></g>");
}

/// `points` as a path's data.
pub fn path(s: &mut String, points: &[[f64; 2]]) {
    for (k, p) in points.iter().enumerate() {
        s.push(if k == 0 { 'M' } else { 'L' });
        push_num(s, p[0]);
        s.push(' ');
        push_num(s, p[1]);
    }
}

/// The line from a holder's row to a referenced row when one of the two was
/// moved by hand: out of the sides that face each other (or both right
/// sides when they are above each other), orthogonal, through the middle.
pub fn direct_route(from: Rect, from_y: f64, to: Rect, to_y: f64) -> Vec<[f64; 2]> {
    const OUT: f64 = 24.0;
    if to.x >= from.right() + 2.0 * OUT || to.right() <= from.x - 2.0 * OUT {
        let rightward = to.x >= from.right();
        let (x1, x2) = if rightward {
            (from.right(), to.x)
        } else {
            (from.x, to.right())
        };
        let mid = (x1 + x2) / 2.0;
        vec![[x1, from_y], [mid, from_y], [mid, to_y], [x2, to_y]]
    } else {
        let out = from.right().max(to.right()) + OUT;
        vec![
            [from.right(), from_y],
            [out, from_y],
            [out, to_y],
            [to.right(), to_y],
        ]
    }
}

/// A whole SVG document of the drawing, with its styles: the export.
pub fn document(graph: &SchemaGraph, layout: &Layout) -> String {
    let mut s = String::from(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"assoc-graph\" viewBox=\"-16 -16 ",
    );
    push_num(&mut s, layout.width + 32.0);
    s.push(' ');
    push_num(&mut s, layout.height + 32.0);
    s.push_str("\" width=\"");
    push_num(&mut s, layout.width + 32.0);
    s.push_str("\" height=\"");
    push_num(&mut s, layout.height + 32.0);
    s.push_str("\"><style>");
    s.push_str(STYLE);
    s.push_str("</style><rect x=\"-16\" y=\"-16\" width=\"100%\" height=\"100%\" fill=\"#fff\"/>");
    s.push_str(&content(graph, layout, Show::default()));
    s.push_str("</svg>\n");
    s
}

/// The drawing's styles for a standalone document (the page's own are in
/// style/main.css, with its light and dark themes).
pub const STYLE: &str = "text{font:12px ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;fill:#1f2933}\
.box{fill:#fff;stroke:#9aa5b1}.head{fill:#e4ebf5}.n-junction .head{fill:#efe6f7}.n-implicit .box{stroke-dasharray:4 3}\
.name{font-weight:700}.mark{fill:#7b8794;font-size:10px}.type{text-anchor:end;fill:#616e7c}.null{fill:#9aa5b1}.hl{fill:none}\
.line{fill:none;stroke:#52606d;stroke-width:1.4}.e-many .line{stroke-width:2.4}.e-btm .line{stroke:#7c3aad;stroke-dasharray:6 4}\
.hit{fill:none;stroke:transparent;stroke-width:10}.mk{fill:none;stroke:#52606d;stroke-width:1.4}.ring{fill:#fff}";

/// `x` to a tenth, with integer arithmetic only (the page carries no float
/// printing: see [`crate::engine::js_text`]).
pub fn push_num(s: &mut String, x: f64) {
    #[allow(clippy::cast_possible_truncation)]
    let t = (x * 10.0).round() as i64;
    if t < 0 {
        s.push('-');
    }
    let t = t.unsigned_abs();
    let _ = write!(s, "{}", t / 10);
    if !t.is_multiple_of(10) {
        s.push('.');
        s.push(char::from(b'0' + (t % 10) as u8));
    }
}

fn push_int(s: &mut String, n: usize) {
    let _ = write!(s, "{n}");
}

/// Text as SVG/XML character data or attribute value.
pub fn escape(s: &mut String, text: &str) {
    for c in text.chars() {
        match c {
            '&' => s.push_str("&amp;"),
            '<' => s.push_str("&lt;"),
            '>' => s.push_str("&gt;"),
            '"' => s.push_str("&quot;"),
            '\'' => s.push_str("&#39;"),
            // Not allowed in XML 1.0 at all.
            '\0'..='\u{8}' | '\u{b}' | '\u{c}' | '\u{e}'..='\u{1f}' => s.push('\u{fffd}'),
            c => s.push(c),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_to_a_tenth_without_float_printing() {
        let mut s = String::new();
        for x in [0.0, 1.25, -3.04, 12.0, 7.96, -0.04] {
            push_num(&mut s, x);
            s.push(' ');
        }
        assert_eq!(s, "0 1.3 -3 12 8 0 ");
    }

    #[test]
    fn names_are_escaped() {
        let mut s = String::new();
        escape(&mut s, "<script>\"a\" & 'b'\u{1}");
        assert_eq!(s, "&lt;script&gt;&quot;a&quot; &amp; &#39;b&#39;\u{fffd}");
    }

    #[test]
    fn labels_break_between_words_to_fit() {
        assert_eq!(label_lines("Organization", 10), vec!["Organization"]);
        assert_eq!(
            label_lines("Granite95CategoryJuniper54GooseLink54", 18),
            vec!["Granite95Category", "Juniper54Goose", "Link54"]
        );
        assert_eq!(
            label_lines("user_account_roles", 8),
            vec!["user_", "account_", "roles"]
        );
        assert_eq!(label_lines("A", 4), vec!["A"]);
        assert_eq!(label_lines("", 4), vec![""]);
        assert_eq!(label_lines("ÉtéBc", 3), vec!["ÉtéBc"]);
        assert_eq!(label_lines("Été_Bc", 3), vec!["Été_", "Bc"]);
    }

    #[test]
    fn a_zoomable_drawing_carries_labels_and_the_export_does_not() {
        use crate::engine::{analyse, SourceFile};
        let a = analyse(&[SourceFile::new(
            "a.js",
            "const OrderLineItem = sequelize.define('OrderLineItem', {});",
        )]);
        let g = crate::graph::build(&a.schema, crate::graph::Options::default());
        let l = crate::graph::layout::layout(&g);
        let zoomable = content(
            &g,
            &l,
            Show {
                zoomable: true,
                ..Show::default()
            },
        );
        assert!(zoomable.contains("class=\"label\""));
        assert!(zoomable.contains("style=\"--fit:"));
        let plain = content(&g, &l, Show::default());
        assert!(!plain.contains("class=\"label\"") && !plain.contains("--fit"));
    }

    #[test]
    fn direct_routes_face_each_other_or_loop_right() {
        let a = Rect {
            x: 0.0,
            y: 0.0,
            width: 100.0,
            height: 50.0,
        };
        let far = Rect { x: 300.0, ..a };
        let r = direct_route(a, 10.0, far, 40.0);
        assert_eq!(
            r,
            vec![[100.0, 10.0], [200.0, 10.0], [200.0, 40.0], [300.0, 40.0]]
        );
        let r = direct_route(far, 10.0, a, 40.0);
        assert_eq!(
            r,
            vec![[300.0, 10.0], [200.0, 10.0], [200.0, 40.0], [100.0, 40.0]]
        );
        let below = Rect { y: 200.0, ..a };
        let r = direct_route(a, 10.0, below, 220.0);
        assert_eq!(r[0], [100.0, 10.0]);
        assert_eq!(r[3], [100.0, 220.0]);
        assert!(r[1][0] > 100.0);
    }
}
