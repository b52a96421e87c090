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
    /// 1-based line where the model is defined (or first used).
    pub line: u32,
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
    Association { call: String, line: u32 },
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
    pub line: u32,
    /// `hasMany Employee as Employees`.
    pub summary: String,
    /// `(name, returns)`: `("getEmployees", "Promise<Employee[]>")`.
    pub methods: Vec<(String, String)>,
}

/// The cards of every model, in the order Sequelize registered them.
pub fn cards(analysis: &Analysis, code: &str) -> Vec<Card> {
    let index = LineIndex::new(code);
    let line = |offset: u32| index.line_col(code, offset).line;
    let schema = &analysis.schema;
    schema
        .models
        .iter()
        .enumerate()
        .map(|(id, m)| card(schema, id, m, &line))
        .collect()
}

fn card(schema: &Schema, id: usize, m: &Model, line: &dyn Fn(u32) -> u32) -> Card {
    let mut own = Vec::new();
    let mut gained = Vec::new();
    for a in &m.attributes {
        let origin = match &a.origin {
            AttributeOrigin::Own => Origin::Own,
            AttributeOrigin::Default => Origin::Default,
            AttributeOrigin::Association { association, span } => Origin::Association {
                call: schema
                    .associations
                    .get(*association)
                    .map_or_else(String::new, |x| x.label.clone()),
                line: line(span.start),
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
    let accessors = schema
        .live_associations()
        .filter(|a| a.source == id)
        .map(|a| AccessorGroup {
            call: a.label.clone(),
            line: line(a.span.start),
            summary: format!("{} {} as {}", a.kind.method(), name_of(a.target), a.as_name),
            methods: a
                .accessors
                .iter()
                .map(|x| (x.name.clone(), x.returns.clone()))
                .collect(),
        })
        .collect();
    let mut related: Vec<String> = Vec::new();
    for a in schema.live_associations() {
        let other = if a.source == id {
            Some(a.target)
        } else if a.target == id || a.through == Some(id) {
            Some(a.source)
        } else {
            None
        };
        if let Some(o) = other.filter(|&o| o != id) {
            let name = name_of(o).to_string();
            if !related.contains(&name) {
                related.push(name);
            }
        }
    }
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
        line: line(m.span.start),
        own,
        gained,
        accessors,
        related,
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
        assert!(
            matches!(&key.origin, Origin::Association { line: 1, call } if call == "Organization.hasMany(Employee)")
        );
        let junction = cards
            .iter()
            .find(|c| c.model == "EmployeeTasks")
            .expect("junction");
        assert_eq!(junction.kind, CardKind::Junction);
        let keys: Vec<_> = junction.gained.iter().map(|r| r.name.as_str()).collect();
        assert_eq!(keys, ["EmployeeId", "TaskId"]);
        assert!(junction.gained.iter().all(|r| r.primary_key));
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
}
