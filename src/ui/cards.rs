//! The model ledger as plain data: one card per model, in the words the
//! page shows, from an [`Analysis`]. The ledger component only lays these
//! out; what goes on a card is decided (and tested) here.

use crate::engine::schema::{AttributeOrigin, Model, Schema, Unique};
use crate::engine::{Analysis, LineIndex};

/// One model's card.
#[derive(Clone, Debug, PartialEq)]
pub struct Card {
    pub model: String,
    /// The table, with its schema: `public.Employees` or `Employees`.
    pub table: String,
    pub kind: CardKind,
    /// Attributes the model declares, and Sequelize's defaults (`id`,
    /// timestamps).
    pub own: Vec<Row>,
    /// Attributes associations added to it.
    pub gained: Vec<Row>,
    /// Accessor methods, by association.
    pub accessors: Vec<AccessorGroup>,
    /// Models this one is associated with, either way.
    pub related: Vec<String>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CardKind {
    /// Defined in the code.
    Defined,
    /// Used but never defined: Sequelize's defaults.
    Implicit,
    /// A junction table of a belongsToMany.
    Junction,
}

impl CardKind {
    pub fn label(self) -> &'static str {
        match self {
            CardKind::Defined => "model",
            CardKind::Implicit => "never defined",
            CardKind::Junction => "junction",
        }
    }
}

/// One attribute.
#[derive(Clone, Debug, PartialEq)]
pub struct Row {
    pub name: String,
    /// The column name where it differs from the attribute's.
    pub field: Option<String>,
    pub data_type: String,
    pub primary_key: bool,
    pub auto_increment: bool,
    pub allow_null: bool,
    pub unique: bool,
    /// `Table.key`.
    pub references: Option<String>,
    pub on_delete: Option<String>,
    pub on_update: Option<String>,
    pub origin: Origin,
}

/// Where an attribute came from.
#[derive(Clone, Debug, PartialEq)]
pub enum Origin {
    /// Declared in the model's attributes.
    Own,
    /// Sequelize's own: the default `id`, timestamps.
    Default,
    /// Added by an association call.
    /// `association` indexes [`crate::engine::Schema::associations`]:
    /// unlike a line, it stays the same while lines are added above.
    Association { call: String, association: usize },
    /// Never defined: assumed so that the analysis could go on.
    Assumed { line: u32 },
}

impl Origin {
    /// `data-origin` of the row: `association` when an association added it.
    pub fn data(&self) -> &'static str {
        match self {
            Origin::Association { .. } => "association",
            _ => "own",
        }
    }
}

/// The accessors one association gave a model.
#[derive(Clone, Debug, PartialEq)]
pub struct AccessorGroup {
    /// The call: `Organization.hasMany(Employee)`.
    pub call: String,
    /// Its index in [`crate::engine::Schema::associations`].
    pub association: usize,
    /// `hasMany Employee as Employees`.
    pub summary: String,
    /// `(name, returns)`: `("getEmployees", "Promise<Employee[]>")`.
    pub methods: Vec<(String, String)>,
}

/// The cards of every model, in the order Sequelize registered them.
/// Linear in the schema: each association is looked at once.
pub fn cards(analysis: &Analysis, code: &str) -> Vec<Card> {
    let index = LineIndex::new(code);
    let line = |offset: u32| index.line_col(code, offset).line;
    let schema = &analysis.schema;
    let links = Links::of(schema);
    schema
        .models
        .iter()
        .enumerate()
        .map(|(id, m)| card(schema, &links, id, m, &line))
        .collect()
}

/// Each model's live associations, and the models it is associated with,
/// in call order.
struct Links {
    by_source: Vec<Vec<usize>>,
    related: Vec<Vec<usize>>,
}

impl Links {
    fn of(schema: &Schema) -> Self {
        let n = schema.models.len();
        let mut links = Links {
            by_source: vec![Vec::new(); n],
            related: vec![Vec::new(); n],
        };
        let mut relate = |model: usize, other: usize| {
            if let Some(list) = links.related.get_mut(model) {
                if other != model && !list.contains(&other) {
                    list.push(other);
                }
            }
        };
        for (i, a) in schema
            .associations
            .iter()
            .enumerate()
            .filter(|(_, a)| a.is_live())
        {
            relate(a.source, a.target);
            relate(a.target, a.source);
            if let Some(through) = a.through.filter(|&t| t != a.source && t != a.target) {
                relate(through, a.source);
            }
            if let Some(list) = links.by_source.get_mut(a.source) {
                list.push(i);
            }
        }
        links
    }
}

fn card(schema: &Schema, links: &Links, id: usize, m: &Model, line: &dyn Fn(u32) -> u32) -> Card {
    let mut own = Vec::new();
    let mut gained = Vec::new();
    for a in &m.attributes {
        let origin = match &a.origin {
            AttributeOrigin::Own => Origin::Own,
            AttributeOrigin::Default => Origin::Default,
            AttributeOrigin::Association { association, .. } => Origin::Association {
                call: schema
                    .associations
                    .get(*association)
                    .map_or_else(String::new, |x| x.label.clone()),
                association: *association,
            },
            AttributeOrigin::Assumed { span } => Origin::Assumed {
                line: line(span.start),
            },
        };
        let row = Row {
            name: a.name.clone(),
            field: (a.field != a.name).then(|| a.field.clone()),
            data_type: a.data_type.clone(),
            primary_key: a.primary_key,
            auto_increment: a.auto_increment,
            allow_null: a.allow_null,
            unique: matches!(
                a.unique,
                Some(Unique::Flag(true) | Unique::Named(_) | Unique::Object(_))
            ),
            references: a
                .references
                .as_ref()
                .map(|r| format!("{}.{}", r.model, r.key)),
            on_delete: a.on_delete.clone(),
            on_update: a.on_update.clone(),
            origin,
        };
        if matches!(row.origin, Origin::Association { .. }) {
            gained.push(row);
        } else {
            own.push(row);
        }
    }
    let name_of = |i: usize| schema.models.get(i).map_or("?", |m| m.name.as_str());
    let accessors = links.by_source[id]
        .iter()
        .map(|&i| {
            let a = &schema.associations[i];
            AccessorGroup {
                call: a.label.clone(),
                association: i,
                summary: format!("{} {} as {}", a.kind.method(), name_of(a.target), a.as_name),
                methods: a
                    .accessors
                    .iter()
                    .map(|x| (x.name.clone(), x.returns.to_string()))
                    .collect(),
            }
        })
        .collect();
    let related = links.related[id]
        .iter()
        .map(|&o| name_of(o).to_string())
        .collect();
    Card {
        model: m.name.clone(),
        table: match &m.schema {
            Some(s) => format!("{s}.{}", m.table_name),
            None => m.table_name.clone(),
        },
        kind: if m.is_junction {
            CardKind::Junction
        } else {
            match m.origin {
                crate::engine::schema::ModelOrigin::Implicit => CardKind::Implicit,
                _ => CardKind::Defined,
            }
        },
        own,
        gained,
        accessors,
        related,
    }
}

/// The 1-based line of association `id`'s call in `code`.
pub fn association_line(analysis: &Analysis, code: &str, id: usize) -> Option<u32> {
    let a = analysis.schema.associations.get(id)?;
    Some(LineIndex::new(code).line_col(code, a.span.start).line)
}

/// The 1-based line where model `name` is defined (or first used).
pub fn model_line(analysis: &Analysis, code: &str, name: &str) -> Option<u32> {
    let m = analysis.schema.model(name)?;
    Some(LineIndex::new(code).line_col(code, m.span.start).line)
}

/// The body of a card (its attributes and methods) as HTML: built here,
/// in one string, because a schema of hundreds of models would otherwise
/// cost thousands of DOM calls to draw. Buttons that show a call in the
/// editor carry the association's index in `data-goto-association` (or a
/// line in `data-goto-line`); the ledger listens for their clicks once for
/// all cards. No line number of an association is in the HTML, so adding
/// lines above leaves the cards as they were.
pub fn body_html(card: &Card) -> String {
    let mut out = String::with_capacity(2048);
    attributes_html("Attributes", &card.own, &mut out);
    if !card.gained.is_empty() {
        attributes_html("Gained from associations", &card.gained, &mut out);
    }
    if !card.accessors.is_empty() {
        out.push_str("<section class=\"accessors\"><h3>Methods gained</h3>");
        for g in &card.accessors {
            out.push_str("<div class=\"accessor-group\">");
            goto_badge(
                "badge badge-assoc",
                Goto::Association(g.association),
                &g.call,
                &g.call,
                &mut out,
            );
            out.push_str("<span class=\"muted summary\">");
            escape_into(&g.summary, &mut out);
            out.push_str("</span><ul class=\"methods\">");
            for (name, returns) in &g.methods {
                out.push_str("<li data-accessor=\"");
                escape_into(name, &mut out);
                out.push_str("\"><code class=\"method\">");
                escape_into(name, &mut out);
                out.push_str("()</code><span class=\"arrow\" aria-label=\"returns\"> → </span><code class=\"returns\">");
                escape_into(returns, &mut out);
                out.push_str("</code></li>");
            }
            out.push_str("</ul></div>");
        }
        out.push_str("</section>");
    }
    out
}

fn attributes_html(title: &str, rows: &[Row], out: &mut String) {
    out.push_str("<section class=\"attributes\"><h3>");
    out.push_str(title);
    // The rows are laid out as grids (style/main.css): the roles keep
    // them a table for assistive technology.
    out.push_str(
        "</h3><table role=\"table\"><thead class=\"visually-hidden\" role=\"rowgroup\"><tr role=\"row\">\
         <th scope=\"col\" role=\"columnheader\">Attribute</th>\
         <th scope=\"col\" role=\"columnheader\">Type</th>\
         <th scope=\"col\" role=\"columnheader\">Details</th></tr></thead><tbody role=\"rowgroup\">",
    );
    for row in rows {
        row_html(row, out);
    }
    out.push_str("</tbody></table></section>");
}

fn row_html(row: &Row, out: &mut String) {
    out.push_str("<tr class=\"attribute\" role=\"row\" data-attribute=\"");
    escape_into(&row.name, out);
    out.push_str("\" data-origin=\"");
    out.push_str(row.origin.data());
    out.push_str(
        "\"><th scope=\"row\" role=\"rowheader\" class=\"attr-name\"><span class=\"flags\">",
    );
    if row.primary_key {
        out.push_str("<abbr class=\"flag flag-pk\" title=\"Primary key\">PK</abbr>");
    }
    if row.references.is_some() {
        out.push_str("<abbr class=\"flag flag-fk\" title=\"Foreign key\">FK</abbr>");
    }
    if row.unique && !row.primary_key {
        out.push_str("<abbr class=\"flag\" title=\"Unique\">UQ</abbr>");
    }
    out.push_str("</span><code>");
    escape_into(&row.name, out);
    out.push_str("</code>");
    if let Some(field) = &row.field {
        out.push_str("<span class=\"field\" title=\"Column name\">column ");
        escape_into(field, out);
        out.push_str("</span>");
    }
    out.push_str("</th><td class=\"attr-type\" role=\"cell\"><code>");
    escape_into(&row.data_type, out);
    out.push_str("</code>");
    if row.auto_increment {
        out.push_str("<span class=\"muted\"> auto</span>");
    }
    out.push_str("</td><td class=\"attr-details\" role=\"cell\"><div class=\"details\">");
    if row.allow_null {
        out.push_str("<span class=\"null\">NULL</span>");
    } else {
        out.push_str("<span class=\"null not-null\">NOT NULL</span>");
    }
    if let Some(r) = &row.references {
        out.push_str("<span class=\"ref\">→ ");
        escape_into(r, out);
        out.push_str("</span>");
    }
    for (label, action) in [("ON DELETE", &row.on_delete), ("ON UPDATE", &row.on_update)] {
        if let Some(a) = action {
            out.push_str("<span class=\"action\">");
            out.push_str(label);
            out.push(' ');
            escape_into(a, out);
            out.push_str("</span>");
        }
    }
    match &row.origin {
        Origin::Association { call, association } => {
            let title = format!("Added by {call}: click to see it");
            goto_badge(
                "badge badge-assoc",
                Goto::Association(*association),
                call,
                &title,
                out,
            );
        }
        Origin::Assumed { line } => goto_badge(
            "badge badge-assumed",
            Goto::Line(*line),
            "assumed, not defined",
            "Never defined: assumed so that the rest could be analysed",
            out,
        ),
        Origin::Default => {
            out.push_str("<span class=\"badge badge-default\">Sequelize default</span>")
        }
        Origin::Own => {}
    }
    out.push_str("</div></td></tr>");
}

/// Where a badge's button leads.
enum Goto {
    Association(usize),
    Line(u32),
}

fn goto_badge(class: &str, goto: Goto, text: &str, title: &str, out: &mut String) {
    out.push_str("<button type=\"button\" class=\"");
    out.push_str(class);
    match goto {
        Goto::Association(id) => {
            out.push_str("\" data-goto-association=\"");
            out.push_str(&id.to_string());
        }
        Goto::Line(line) => {
            out.push_str("\" data-goto-line=\"");
            out.push_str(&line.to_string());
        }
    }
    out.push_str("\" title=\"");
    escape_into(title, out);
    out.push_str("\">");
    escape_into(text, out);
    out.push_str("</button>");
}

/// Escapes text for HTML content and quoted attribute values.
fn escape_into(text: &str, out: &mut String) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            c => out.push(c),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::{analyse, SourceFile};

    fn cards_of(code: &str) -> Vec<Card> {
        cards(&analyse(&[SourceFile::new("input.js", code)]), code)
    }

    #[test]
    fn one_to_many_and_many_to_many() {
        let code = "Organization.hasMany(Employee);\nEmployee.belongsTo(Organization);\nEmployee.belongsToMany(Task, { through: 'EmployeeTasks' });\nTask.belongsToMany(Employee, { through: 'EmployeeTasks' });\n";
        let cards = cards_of(code);
        let employee = cards
            .iter()
            .find(|c| c.model == "Employee")
            .expect("Employee");
        let key = employee
            .gained
            .iter()
            .find(|r| r.name == "OrganizationId")
            .expect("OrganizationId");
        assert_eq!(key.origin.data(), "association");
        assert_eq!(key.references.as_deref(), Some("Organizations.id"));
        assert_eq!(key.on_delete.as_deref(), Some("SET NULL"));
        // The first call to create the column names it.
        let Origin::Association { call, association } = &key.origin else {
            panic!("{key:?}");
        };
        assert_eq!(call, "Organization.hasMany(Employee)");
        let analysis = analyse(&[SourceFile::new("input.js", code)]);
        assert_eq!(association_line(&analysis, code, *association), Some(1));
        assert_eq!(model_line(&analysis, code, "Task"), Some(3));
        let organization = cards
            .iter()
            .find(|c| c.model == "Organization")
            .expect("Organization");
        let methods: Vec<_> = organization.accessors[0]
            .methods
            .iter()
            .map(|(n, r)| format!("{n} {r}"))
            .collect();
        assert!(
            methods.contains(&"getEmployees Promise<Employee[]>".to_string()),
            "{methods:?}"
        );
        assert_eq!(organization.related, ["Employee"]);
    }

    #[test]
    fn an_undefined_key_is_assumed_and_the_key_still_appears() {
        let cards = cards_of("Actor.hasOne(Role, { sourceKey: 'name', foreignKey: 'actorName' })");
        let role = cards.iter().find(|c| c.model == "Role").expect("Role");
        assert!(role.gained.iter().any(|r| r.name == "actorName"));
        let actor = cards.iter().find(|c| c.model == "Actor").expect("Actor");
        assert!(actor
            .own
            .iter()
            .any(|r| r.name == "name" && matches!(r.origin, Origin::Assumed { line: 1 })));
        assert_eq!(actor.kind, CardKind::Implicit);
    }

    #[test]
    fn bodies_carry_the_hooks_and_escape_the_user_text() {
        let code =
            "const A = sequelize.define('A', { '<b>\\\"x': DataTypes.STRING });\nA.hasMany(B);";
        let cards = cards_of(code);
        let a = cards.iter().find(|c| c.model == "A").expect("A");
        let html = body_html(a);
        assert!(
            html.contains("data-attribute=\"&lt;b&gt;&quot;x\" data-origin=\"own\""),
            "{html}"
        );
        assert!(html.contains("data-accessor=\"getBs\""), "{html}");
        let b = cards.iter().find(|c| c.model == "B").expect("B");
        let html = body_html(b);
        assert!(
            html.contains("data-attribute=\"AId\" data-origin=\"association\""),
            "{html}"
        );
        assert!(html.contains("data-goto-association=\"0\""), "{html}");
        assert!(!html.contains("<b>"));
    }
}
