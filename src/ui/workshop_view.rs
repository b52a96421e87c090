//! The workshop's markup, as text with every name escaped: the list of
//! calls, what a step added, the quiz, the ledger of the state after the
//! step and its graph. Plain functions of the workshop's data
//! ([`crate::workshop`]), tested on the host; [`super::workshop`] puts
//! them in the page.
//!
//! Hooks for tests and styles: `data-step` (the step shown), `data-model`,
//! `data-attribute`, `data-accessor`, `data-new` on what the step added,
//! `data-grade` on a graded prediction.

use std::fmt::Write;

use crate::engine::schema::{AssociationKind, Attribute, Schema};
use crate::engine::{Analysis, Severity};
use crate::graph::{self, layout, svg};
use crate::workshop::change::{accessors, Change, How};
use crate::workshop::quiz::{Answer, Grade, Prediction};
use crate::workshop::Call;

use svg::escape;

/// The list of calls; `step` (0 to n) is the one shown.
pub fn calls(s: &mut String, calls: &[Call], step: usize) {
    s.push_str("<ol class=\"ws-calls\">");
    s.push_str("<li><button type=\"button\" data-act=\"go\" data-k=\"0\"");
    if step == 0 {
        s.push_str(" aria-current=\"step\"");
    }
    s.push_str("><span class=\"ws-line\"></span>Before any call</button></li>");
    for (i, c) in calls.iter().enumerate() {
        let k = i + 1;
        let _ = write!(
            s,
            "<li><button type=\"button\" data-act=\"go\" data-k=\"{k}\""
        );
        if k == step {
            s.push_str(" aria-current=\"step\"");
        }
        if k > step {
            s.push_str(" class=\"later\"");
        }
        let _ = write!(s, "><span class=\"ws-line\">{}</span><code>", c.line);
        escape(s, &c.label);
        s.push_str("</code>");
        if c.runs > 1 {
            let _ = write!(s, "<span class=\"ws-runs\">runs {} times</span>", c.runs);
        }
        s.push_str("</button></li>");
    }
    s.push_str("</ol>");
}

/// What the step added, in sentences.
pub fn added(s: &mut String, after: &Schema, change: &Change) {
    s.push_str("<ul class=\"ws-added-list\">");
    let mut any = false;
    if let Some(e) = &change.strict_error {
        s.push_str(
            "<li class=\"ws-error\" data-change=\"error\" role=\"alert\">Sequelize throws here: ",
        );
        escape(s, &e.message);
        s.push_str(" What follows is what it would have built had it gone on.</li>");
        any = true;
    }
    for m in &change.models {
        let junction = after.model(m).is_some_and(|m| m.is_junction);
        s.push_str("<li data-change=\"model\" data-new>New ");
        s.push_str(if junction {
            "junction model "
        } else {
            "model "
        });
        push_code(s, m);
        s.push_str("</li>");
        any = true;
    }
    for c in &change.columns {
        let _ = write!(s, "<li data-change=\"column\" data-new>");
        push_code(s, &format!("{}.{}", c.model, c.name));
        match &c.how {
            How::Added => {
                s.push_str(" added");
                if let Some(a) = after.model(&c.model).and_then(|m| m.attribute(&c.name)) {
                    s.push_str(": ");
                    column_facts(s, a);
                }
            }
            How::Changed(fields) => {
                s.push_str(" completed: ");
                escape(s, &fields.join(", "));
                if let Some(a) = after.model(&c.model).and_then(|m| m.attribute(&c.name)) {
                    s.push_str(" (now ");
                    column_facts(s, a);
                    s.push(')');
                }
            }
            How::Removed => s.push_str(" removed"),
        }
        s.push_str("</li>");
        any = true;
    }
    let mut models: Vec<&str> = change.accessors.iter().map(|(m, _)| m.as_str()).collect();
    models.dedup();
    for m in models {
        s.push_str("<li data-change=\"accessors\" data-new>");
        push_code(s, m);
        s.push_str(" gains ");
        for (i, (_, a)) in change.accessors.iter().filter(|(x, _)| x == m).enumerate() {
            if i > 0 {
                s.push_str(", ");
            }
            push_code(s, a);
        }
        s.push_str("</li>");
        any = true;
    }
    for d in &change.diagnostics {
        let class = match d.severity {
            Severity::Error => "ws-error",
            Severity::Warning => "ws-warning",
            Severity::Info => "ws-info",
        };
        let _ = write!(s, "<li class=\"{class}\" data-change=\"diagnostic\">");
        escape(s, &d.message);
        s.push_str("</li>");
        any = true;
    }
    if !any {
        s.push_str("<li data-change=\"none\">Nothing new: the columns and methods were there already.</li>");
    }
    s.push_str("</ul>");
}

/// A column's type, nullability, reference and actions, in a few words.
fn column_facts(s: &mut String, a: &Attribute) {
    escape(s, &a.data_type);
    s.push_str(if a.allow_null {
        ", null allowed"
    } else {
        ", NOT NULL"
    });
    if a.primary_key {
        s.push_str(", primary key");
    }
    if let Some(r) = &a.references {
        s.push_str(", references ");
        escape(s, &format!("{}.{}", r.model, r.key));
    }
    if let Some(d) = &a.on_delete {
        s.push_str(", ON DELETE ");
        escape(s, d);
    }
    if let Some(u) = &a.on_update {
        s.push_str(", ON UPDATE ");
        escape(s, u);
    }
}

fn push_code(s: &mut String, text: &str) {
    s.push_str("<code>");
    escape(s, text);
    s.push_str("</code>");
}

/// The quiz's form for `answer`'s kind of call, with what was typed.
pub fn quiz_form(s: &mut String, answer: &Answer, p: &Prediction) {
    s.push_str("<form class=\"ws-quiz\" data-quiz=\"asking\" onsubmit=\"return false\"><p>Predict what this call adds, then reveal.</p>");
    quiz_input(s, "foreign_key", "Foreign key's name", &p.foreign_key);
    quiz_input(s, "holder", "Model that holds it", &p.holder);
    if answer.kind == AssociationKind::BelongsToMany {
        quiz_input(s, "junction", "Junction model", &p.junction);
        quiz_input(s, "other_key", "Its key for the target", &p.other_key);
    }
    quiz_input(s, "accessors", "Accessors (a few names)", &p.accessors);
    s.push_str("<div class=\"ws-quiz-acts\"><button type=\"button\" data-act=\"reveal\" class=\"primary\">Reveal</button><button type=\"button\" data-act=\"quiz-off\">Leave the quiz</button></div></form>");
}

fn quiz_input(s: &mut String, name: &str, label: &str, value: &str) {
    let _ = write!(
        s,
        "<label><span>{label}</span><input type=\"text\" data-q=\"{name}\" autocomplete=\"off\" spellcheck=\"false\" value=\""
    );
    escape(s, value);
    s.push_str("\"></label>");
}

/// The graded prediction beside the answer.
pub fn quiz_result(s: &mut String, answer: &Answer, p: &Prediction, g: &Grade) {
    let (right, asked) = g.score();
    let _ = write!(
        s,
        "<section class=\"ws-quiz\" data-quiz=\"revealed\"><p class=\"ws-score\" data-score=\"{right}/{asked}\">{right} of {asked} right</p><table><thead><tr><th>Question</th><th>You said</th><th>Sequelize</th></tr></thead><tbody>"
    );
    grade_row(
        s,
        "Foreign key",
        &p.foreign_key,
        &answer.foreign_key,
        g.foreign_key,
    );
    grade_row(s, "Held by", &p.holder, &answer.holder, g.holder);
    if let (Some(ok), Some(j)) = (g.junction, &answer.junction) {
        grade_row(s, "Junction", &p.junction, j, ok);
    }
    if let (Some(ok), Some(k)) = (g.other_key, &answer.other_key) {
        grade_row(s, "Other key", &p.other_key, k, ok);
    }
    for (name, ok) in &g.accessors {
        grade_row(
            s,
            "Accessor",
            name,
            if *ok { name } else { "no such method" },
            *ok,
        );
    }
    s.push_str("</tbody></table>");
    if !g.missed.is_empty() {
        s.push_str("<p class=\"ws-missed\">Not named: ");
        for (i, m) in g.missed.iter().enumerate() {
            if i > 0 {
                s.push_str(", ");
            }
            push_code(s, m);
        }
        s.push_str("</p>");
    }
    s.push_str("<div class=\"ws-quiz-acts\"><button type=\"button\" data-act=\"quiz\">Again</button><button type=\"button\" data-act=\"quiz-off\">Leave the quiz</button></div></section>");
}

fn grade_row(s: &mut String, question: &str, said: &str, real: &str, ok: bool) {
    let grade = if ok { "right" } else { "wrong" };
    let _ = write!(
        s,
        "<tr data-grade=\"{grade}\"><th>{question}</th><td><span class=\"ws-mark\" aria-label=\"{grade}\">{}</span> ",
        if ok { "\u{2713}" } else { "\u{2717}" }
    );
    if said.trim().is_empty() {
        s.push_str("<em>(blank)</em>");
    } else {
        push_code(s, said.trim());
    }
    s.push_str("</td><td>");
    push_code(s, real);
    s.push_str("</td></tr>");
}

/// The state as cards: each model's columns and accessors, what the
/// step added marked (`show_new`; not while the quiz hides it).
pub fn ledger(s: &mut String, analysis: &Analysis, change: &Change, show_new: bool) {
    let schema = &analysis.schema;
    s.push_str("<ul class=\"ws-ledger\">");
    if schema.models.is_empty() {
        s.push_str("<li class=\"ws-empty\">No models yet.</li>");
    }
    for m in &schema.models {
        let new = show_new && change.is_new_model(&m.name);
        let touched = show_new && change.touches(&m.name);
        s.push_str("<li class=\"ws-model");
        if touched {
            s.push_str(" touched");
        }
        s.push_str("\" data-model=\"");
        escape(s, &m.name);
        s.push('"');
        if new {
            s.push_str(" data-new");
        }
        s.push_str("><h3>");
        escape(s, &m.name);
        if m.is_junction {
            s.push_str(" <span class=\"ws-tag\">junction</span>");
        }
        s.push_str("</h3><ul class=\"ws-cols\">");
        for a in &m.attributes {
            let fresh = show_new && change.is_new_column(&m.name, &a.name);
            s.push_str("<li data-attribute=\"");
            escape(s, &a.name);
            s.push('"');
            if fresh {
                s.push_str(" data-new");
            }
            s.push_str("><code>");
            escape(s, &a.name);
            s.push_str("</code> <span class=\"ws-type\">");
            escape(s, &a.data_type);
            if !a.allow_null {
                s.push_str(" NOT NULL");
            }
            s.push_str("</span>");
            if let Some(r) = &a.references {
                s.push_str(" <span class=\"ws-ref\">\u{2192} ");
                escape(s, &format!("{}.{}", r.model, r.key));
                if let Some(d) = &a.on_delete {
                    s.push_str(" \u{b7} ON DELETE ");
                    escape(s, d);
                }
                s.push_str("</span>");
            }
            s.push_str("</li>");
        }
        s.push_str("</ul>");
        let methods = accessors(schema, &m.name);
        if !methods.is_empty() {
            s.push_str("<p class=\"ws-acc\">");
            for x in &methods {
                s.push_str("<code data-accessor=\"");
                escape(s, x);
                s.push('"');
                if show_new && change.is_new_accessor(&m.name, x) {
                    s.push_str(" data-new");
                }
                s.push('>');
                escape(s, x);
                s.push_str("</code> ");
            }
            s.push_str("</p>");
        }
        s.push_str("</li>");
    }
    s.push_str("</ul>");
}

/// The state's graph as an SVG element, what the step added marked.
pub fn graph_svg(s: &mut String, schema: &Schema, change: &Change, show_new: bool) {
    let g = graph::build(schema, graph::Options::default());
    let placed = layout::layout(&g);
    let mut content = svg::content(&g, &placed, svg::Show::default());
    if show_new {
        content = mark_new(&content, &g, change);
    }
    s.push_str("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"ws-svg\" role=\"img\" aria-label=\"The models after this step\" viewBox=\"-16 -16 ");
    svg::push_num(s, placed.width + 32.0);
    s.push(' ');
    svg::push_num(s, placed.height + 32.0);
    s.push_str("\" width=\"");
    svg::push_num(s, placed.width + 32.0);
    s.push_str("\">");
    s.push_str(&content);
    s.push_str("</svg>");
}

/// `content` with `data-new` on the nodes, rows and lines the step added:
/// the drawing's own markers (`data-node`, `data-row`, `data-edge`) found
/// in its text, in the order it writes them.
fn mark_new(content: &str, g: &graph::SchemaGraph, change: &Change) -> String {
    use petgraph::visit::EdgeRef;
    let mut out = content.to_string();
    for e in g.edge_references() {
        let holder = &g[e.source()].name;
        if change.is_new_column(holder, &e.weight().foreign_key) {
            let at = format!("data-edge=\"{}\"", e.id().index());
            out = out.replacen(&at, &format!("{at} data-new"), 1);
        }
    }
    for (i, node) in g.node_weights().enumerate() {
        let at = format!("data-node=\"{i}\"");
        let Some(start) = out.find(&at) else {
            continue;
        };
        if change.is_new_model(&node.name) {
            out.insert_str(start + at.len(), " data-new");
        }
        for (k, row) in node.rows.iter().enumerate() {
            if !change.is_new_column(&node.name, &row.attribute) {
                continue;
            }
            let row_at = format!("data-row=\"{k}\"");
            if let Some(r) = out[start..].find(&row_at) {
                out.insert_str(start + r + row_at.len(), " data-new");
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::SourceFile;
    use crate::workshop::{change::change, steps};

    #[test]
    fn the_graph_and_ledger_mark_what_the_step_added() {
        let st = steps(&[SourceFile::new(
            "input.js",
            "const Team = sequelize.define('Team', { name: DataTypes.STRING });\nconst P = sequelize.define('P<x>', {});\nTeam.hasMany(P);\n",
        )]);
        let after = st.state(1);
        let c = change(&st.state(0), &after);
        let mut s = String::new();
        graph_svg(&mut s, &after.schema, &c, true);
        assert!(s.contains("data-edge=\"0\" data-new"), "{s}");
        assert!(
            s.contains("data-new data-row") || s.contains("data-row=\"3\" data-new"),
            "{s}"
        );
        assert!(!s.contains("<x>"));
        let mut l = String::new();
        ledger(&mut l, &after, &c, true);
        assert!(l.contains("data-attribute=\"TeamId\" data-new"), "{l}");
        assert!(
            l.contains("data-accessor=\"getP&lt;x&gt;s\" data-new"),
            "{l}"
        );
        assert!(l.contains("data-model=\"P&lt;x&gt;\""), "{l}");
        let mut hidden = String::new();
        ledger(&mut hidden, &after, &c, false);
        assert!(!hidden.contains("data-new"));
        let mut a = String::new();
        added(&mut a, &after.schema, &c);
        assert!(
            a.contains("<code>P&lt;x&gt;.TeamId</code> added: INTEGER"),
            "{a}"
        );
    }
}
