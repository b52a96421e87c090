//! What one step added: the difference between the analyses before and
//! after a call. Models are matched by name, attributes by model and
//! name, accessors by model and method name, diagnostics by kind, place
//! and message.

use crate::engine::schema::{Attribute, Schema};
use crate::engine::{Analysis, Diagnostic, StrictError};

/// What a step added (or changed).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Change {
    /// Models that exist only after the step: junctions, models created
    /// by being named.
    pub models: Vec<String>,
    pub columns: Vec<Column>,
    /// `(model, accessor)`: methods a model gained.
    pub accessors: Vec<(String, String)>,
    /// Diagnostics that appear with the step.
    pub diagnostics: Vec<Diagnostic>,
    /// Sequelize's error, where it is first thrown at this step.
    pub strict_error: Option<StrictError>,
}

/// An attribute the step added, changed or took away.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Column {
    pub model: String,
    pub name: String,
    pub how: How,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum How {
    Added,
    /// What changed: `type`, `allowNull`, `references`, `onDelete`, …
    Changed(Vec<&'static str>),
    /// Taken away (an unpaired belongsToMany replaces a junction's keys).
    Removed,
}

impl Change {
    /// Whether `model.name` is an added or changed column.
    pub fn is_new_column(&self, model: &str, name: &str) -> bool {
        self.columns
            .iter()
            .any(|c| c.model == model && c.name == name && c.how != How::Removed)
    }

    pub fn is_new_accessor(&self, model: &str, name: &str) -> bool {
        self.accessors.iter().any(|(m, a)| m == model && a == name)
    }

    pub fn is_new_model(&self, model: &str) -> bool {
        self.models.iter().any(|m| m == model)
    }

    /// Whether the model gained or lost anything.
    pub fn touches(&self, model: &str) -> bool {
        self.is_new_model(model)
            || self.columns.iter().any(|c| c.model == model)
            || self.accessors.iter().any(|(m, _)| m == model)
    }
}

/// The methods `model` has from its live associations, in order.
pub fn accessors(schema: &Schema, model: &str) -> Vec<String> {
    let Some(id) = schema.models.iter().position(|m| m.name == model) else {
        return Vec::new();
    };
    let mut out: Vec<String> = Vec::new();
    for a in schema.live_associations().filter(|a| a.source == id) {
        for x in &a.accessors {
            if !out.contains(&x.name) {
                out.push(x.name.clone());
            }
        }
    }
    out
}

/// What `after` has that `before` had not.
pub fn change(before: &Analysis, after: &Analysis) -> Change {
    let mut c = Change::default();
    for m in &after.schema.models {
        let old = before.schema.model(&m.name);
        if old.is_none() {
            c.models.push(m.name.clone());
        }
        for a in &m.attributes {
            let how = match old.and_then(|o| o.attribute(&a.name)) {
                None => How::Added,
                Some(o) => {
                    let fields = changed_fields(o, a);
                    if fields.is_empty() {
                        continue;
                    }
                    How::Changed(fields)
                }
            };
            c.columns.push(Column {
                model: m.name.clone(),
                name: a.name.clone(),
                how,
            });
        }
        if let Some(o) = old {
            for a in &o.attributes {
                if m.attribute(&a.name).is_none() {
                    c.columns.push(Column {
                        model: m.name.clone(),
                        name: a.name.clone(),
                        how: How::Removed,
                    });
                }
            }
        }
        let had = accessors(&before.schema, &m.name);
        for x in accessors(&after.schema, &m.name) {
            if !had.contains(&x) {
                c.accessors.push((m.name.clone(), x));
            }
        }
    }
    let same = |a: &Diagnostic, b: &Diagnostic| {
        a.kind == b.kind && a.span == b.span && a.message == b.message
    };
    c.diagnostics = after
        .diagnostics
        .iter()
        .filter(|d| !before.diagnostics.iter().any(|b| same(b, d)))
        .cloned()
        .collect();
    if before.strict_error.is_none() {
        c.strict_error.clone_from(&after.strict_error);
    }
    c
}

/// The properties of a column that differ, in Sequelize's words.
fn changed_fields(a: &Attribute, b: &Attribute) -> Vec<&'static str> {
    let mut out = Vec::new();
    if a.data_type != b.data_type {
        out.push("type");
    }
    if a.allow_null != b.allow_null {
        out.push("allowNull");
    }
    if a.primary_key != b.primary_key {
        out.push("primaryKey");
    }
    if a.unique != b.unique {
        out.push("unique");
    }
    if a.references != b.references {
        out.push("references");
    }
    if a.on_delete != b.on_delete {
        out.push("onDelete");
    }
    if a.on_update != b.on_update {
        out.push("onUpdate");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::{DiagnosticKind, SourceFile};
    use crate::workshop::steps;

    fn steps_of(text: &str) -> crate::workshop::Steps {
        steps(&[SourceFile::new("input.js", text)])
    }

    #[test]
    fn has_many_adds_the_key_on_the_target_and_accessors_on_the_source() {
        let s = steps_of(
            "const Team = sequelize.define('Team', {});\nconst Player = sequelize.define('Player', {});\nTeam.hasMany(Player);\nPlayer.belongsTo(Team);\n",
        );
        let c = change(&s.state(0), &s.state(1));
        assert!(c.models.is_empty());
        assert_eq!(
            c.columns,
            [Column {
                model: "Player".into(),
                name: "TeamId".into(),
                how: How::Added
            }]
        );
        assert!(c.is_new_accessor("Team", "getPlayers"));
        assert!(c.is_new_accessor("Team", "addPlayer"));
        assert!(!c.accessors.iter().any(|(m, _)| m == "Player"));
        // belongsTo finds the key there: only accessors, on Player.
        let c = change(&s.state(1), &s.state(2));
        assert!(c.columns.is_empty(), "{:?}", c.columns);
        assert_eq!(
            c.accessors,
            [
                ("Player".to_string(), "getTeam".to_string()),
                ("Player".to_string(), "setTeam".to_string()),
                ("Player".to_string(), "createTeam".to_string())
            ]
        );
    }

    #[test]
    fn belongs_to_many_adds_the_junction() {
        let s = steps_of(
            "const Book = sequelize.define('Book', {});\nconst Author = sequelize.define('Author', {});\nBook.belongsToMany(Author, { through: 'BookAuthors' });\nAuthor.belongsToMany(Book, { through: 'BookAuthors' });\n",
        );
        let c = change(&s.state(0), &s.state(1));
        assert_eq!(c.models, ["BookAuthors"]);
        assert!(c.is_new_column("BookAuthors", "BookId"));
        assert!(c.is_new_column("BookAuthors", "AuthorId"));
        assert!(c.touches("Book") && !c.touches("Author"));
    }

    #[test]
    fn a_later_call_changes_what_the_first_left_open() {
        // belongsTo without constraints leaves the key without references;
        // hasMany then fills them in, with its onDelete and onUpdate.
        let s = steps_of(
            "const P = sequelize.define('P', {});\nconst T = sequelize.define('T', {});\nT.belongsTo(P, { constraints: false });\nP.hasMany(T);\n",
        );
        let c = change(&s.state(1), &s.state(2));
        let col = c
            .columns
            .iter()
            .find(|c| c.name == "PId")
            .unwrap_or_else(|| panic!("{c:?}"));
        assert_eq!(
            col.how,
            How::Changed(vec!["references", "onDelete", "onUpdate"])
        );
    }

    #[test]
    fn diagnostics_and_errors_appear_with_their_step() {
        let s = steps_of(
            "const A = sequelize.define('A', {});\nconst B = sequelize.define('B', {});\nA.hasOne(B, { foreignKey: 'otherId' });\nB.belongsTo(A);\nB.belongsTo(A, { as: 'x' });\nB.belongsTo(A, { as: 'x' });\n",
        );
        let c = change(&s.state(1), &s.state(2));
        assert!(c.is_new_column("B", "AId"));
        assert!(c
            .diagnostics
            .iter()
            .any(|d| d.kind == DiagnosticKind::TwoForeignKeys));
        assert!(c.strict_error.is_none());
        let c = change(&s.state(3), &s.state(4));
        assert!(c.strict_error.is_some());
    }
}
