//! The schema as a Mermaid `erDiagram`: every model (junction models too)
//! an entity with its columns, and one relationship line per foreign key.
//!
//! One line per foreign key, not per association call, as the graph draws
//! it ([`crate::graph`]): `Organization.hasMany(Employee)` and
//! `Employee.belongsTo(Organization)` both give `Employee.OrganizationId`,
//! one line labelled with both calls; a `belongsToMany` is two lines
//! through its junction. The referenced model is on the left, the model
//! holding the key on the right, and the ends are the graph's crow's foot:
//! `||` (the key is NOT NULL) or `|o` (it may be null) at the referenced
//! end; `o|` (`hasOne`: at most one holder) or `o{` (any number: `hasMany`,
//! a junction's key, a `belongsTo` alone) at the holder's end. Every line
//! is Mermaid's solid "identifying" `--`.
//!
//! Names follow Mermaid 11's grammar (`erDiagram.jison`): an entity name
//! that is not a plain identifier, or is one of the grammar's words, is
//! written in double quotes, in which `"`, `%`, `\` and line breaks cannot
//! be written and become `_` (a name that then equals another one gets a
//! `_2`); a column name that is not a plain identifier is written in
//! backticks (`` ` `` and `~` become `_`); a type becomes one token
//! (`TIMESTAMP_WITH_TIME_ZONE`). Columns are the table's ([`crate::sql`]'s
//! `tableAttributes`: VIRTUAL attributes are not columns), each marked
//! `PK`, `FK`, `UK` as it is a primary key, a foreign key, unique.

use std::fmt::Write as _;

use petgraph::visit::EdgeRef;

use crate::engine::fast_hash::HashSet;
use crate::engine::schema::{Attribute, Schema, Unique};
use crate::graph::{self, Cardinality};
use crate::sql::table;

/// The `erDiagram` of `schema`: the entities in the schema's model order,
/// then the relationships in the graph's edge order (association order).
pub fn mermaid(schema: &Schema) -> String {
    let mut s = String::from("erDiagram\n");
    let names = entity_names(schema);
    for (model, name) in schema.models.iter().zip(&names) {
        let columns = table::columns(model);
        s.push_str("    ");
        s.push_str(name);
        if columns.is_empty() {
            s.push('\n');
            continue;
        }
        s.push_str(" {\n");
        for (field, attribute) in &columns {
            s.push_str("        ");
            s.push_str(&type_token(&attribute.data_type));
            s.push(' ');
            s.push_str(&column_name(field));
            let keys = keys(attribute);
            if !keys.is_empty() {
                s.push(' ');
                s.push_str(&keys.join(", "));
            }
            s.push('\n');
        }
        s.push_str("    }\n");
    }
    let g = graph::build(schema, graph::Options::default());
    for e in g.edge_references() {
        let (holder, referenced) = (&g[e.source()], &g[e.target()]);
        let w = e.weight();
        let referenced_end = if w.optional { "|o" } else { "||" };
        let holder_end = match w.cardinality {
            Cardinality::One => "o|",
            Cardinality::Many | Cardinality::Unspecified | Cardinality::ManyToMany => "o{",
        };
        let _ = writeln!(
            s,
            "    {} {referenced_end}--{holder_end} {} : \"{}\"",
            names[referenced.model],
            names[holder.model],
            label(schema, &w.associations)
        );
    }
    s
}

/// Each model's entity name as written in the diagram, distinct.
fn entity_names(schema: &Schema) -> Vec<String> {
    let mut taken: HashSet<String> = HashSet::default();
    let mut names = Vec::with_capacity(schema.models.len());
    for model in &schema.models {
        let plain = is_identifier(&model.name) && !is_word(&model.name);
        let mut text = if plain {
            model.name.clone()
        } else {
            quotable(&model.name)
        };
        let base = text.clone();
        let mut n = 2;
        while !taken.insert(text.clone()) {
            text = format!("{base}_{n}");
            n += 1;
        }
        names.push(if plain && text == model.name {
            text
        } else {
            format!("\"{text}\"")
        });
    }
    names
}

/// `[A-Za-z_][A-Za-z0-9_]*`: written as it is (where it is no word of the
/// grammar's).
fn is_identifier(name: &str) -> bool {
    let mut chars = name.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// The words of the diagram's grammar an unquoted entity name would be
/// read as (its lexer is case-insensitive).
fn is_word(name: &str) -> bool {
    const WORDS: [&str; 15] = [
        "erDiagram",
        "style",
        "classDef",
        "class",
        "subgraph",
        "end",
        "one",
        "only",
        "zero",
        "many",
        "to",
        "optionally",
        "accTitle",
        "accDescr",
        "direction",
    ];
    WORDS.iter().any(|w| w.eq_ignore_ascii_case(name)) || name.eq_ignore_ascii_case("u")
}

/// Text for inside double quotes (an entity name, `"[^"%\r\n\v\b\\]+"`, or
/// a label, `"[^"]*"`): what cannot be written there becomes `_`, and the
/// whitespace after `direction` too (the lexer takes any line holding
/// `direction TB` for a direction statement).
fn quotable(text: &str) -> String {
    let mut s: String = text
        .chars()
        .map(|c| match c {
            '"' | '%' | '\\' => '_',
            c if c.is_control() => '_',
            c => c,
        })
        .collect();
    if s.is_empty() {
        s.push('_');
    }
    let lower = s.to_ascii_lowercase();
    if lower.contains("direction") {
        let mut out = String::with_capacity(s.len());
        let mut after_word = false;
        for (i, c) in s.char_indices() {
            if after_word && c.is_whitespace() {
                out.push('_');
                continue;
            }
            after_word = lower[..i].ends_with("direction") && c.is_whitespace();
            out.push(if after_word { '_' } else { c });
        }
        s = out;
    }
    s
}

/// A type as one attribute word: `[*A-Za-z_À-￿][A-Za-z0-9_\-[\]().,*À-￿]*`,
/// whitespace and other characters as `_`, and never read as a key word.
fn type_token(data_type: &str) -> String {
    let allowed = |c: char| {
        c.is_ascii_alphanumeric()
            || matches!(c, '_' | '-' | '[' | ']' | '(' | ')' | '.' | ',' | '*')
            || ('\u{c0}'..='\u{ffff}').contains(&c)
    };
    let mut s: String = data_type
        .chars()
        .map(|c| if allowed(c) { c } else { '_' })
        .collect();
    let starts_well = s
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || matches!(c, '_' | '*') || c >= '\u{c0}');
    if !starts_well || reads_as_key(&s) {
        s.insert(0, '_');
    }
    s
}

/// Whether the block lexer's `\b(PK|FK|UK)\b` matches at the text's start.
fn reads_as_key(text: &str) -> bool {
    let bytes = text.as_bytes();
    bytes.len() >= 2
        && ["pk", "fk", "uk"]
            .iter()
            .any(|k| bytes[..2].eq_ignore_ascii_case(k.as_bytes()))
        && bytes
            .get(2)
            .is_none_or(|&b| !(b.is_ascii_alphanumeric() || b == b'_'))
}

/// A column name: as it is when a plain identifier, else in backticks.
fn column_name(field: &str) -> String {
    if is_identifier(field) && !reads_as_key(field) {
        return field.to_string();
    }
    let inner: String = field
        .chars()
        .map(|c| match c {
            '`' | '~' => '_',
            c if c.is_control() => '_',
            c => c,
        })
        .collect();
    if inner.is_empty() {
        "`_`".to_string()
    } else {
        format!("`{inner}`")
    }
}

fn keys(attribute: &Attribute) -> Vec<&'static str> {
    let mut keys = Vec::new();
    if attribute.primary_key {
        keys.push("PK");
    }
    if attribute.references.is_some() {
        keys.push("FK");
    }
    if matches!(
        &attribute.unique,
        Some(Unique::Flag(true) | Unique::Named(_) | Unique::Object(_))
    ) {
        keys.push("UK");
    }
    keys
}

/// The calls that made or named a key, as `Source.method(Target)` and ` as
/// alias` where one was given, in call order, without repeats.
fn label(schema: &Schema, associations: &[usize]) -> String {
    let mut calls: Vec<String> = Vec::new();
    for a in associations
        .iter()
        .filter_map(|&i| schema.associations.get(i))
    {
        let (Some(source), Some(target)) =
            (schema.models.get(a.source), schema.models.get(a.target))
        else {
            continue;
        };
        let mut call = format!("{}.{}({})", source.name, a.kind.method(), target.name);
        if a.aliased {
            call.push_str(" as ");
            call.push_str(&a.as_name);
        }
        if !calls.contains(&call) {
            calls.push(call);
        }
    }
    quotable(&calls.join("; "))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::{analyse, SourceFile};

    fn diagram(code: &str) -> String {
        let analysis = analyse(&[SourceFile::new("t.js", code)]);
        mermaid(&analysis.schema)
    }

    #[test]
    fn one_line_per_foreign_key_in_the_graphs_notation() {
        let d = diagram(
            "Organization.hasMany(Employee);\nEmployee.belongsTo(Organization);\n\
             User.hasOne(Profile, { foreignKey: { name: 'userId', allowNull: false } });\n\
             Employee.belongsToMany(Task, { through: 'EmployeeTasks' });\n",
        );
        assert!(d.starts_with("erDiagram\n    Organization {\n"), "{d}");
        assert!(
            d.contains(
                "    Organization |o--o{ Employee : \"Organization.hasMany(Employee); Employee.belongsTo(Organization)\"\n"
            ),
            "{d}"
        );
        assert!(
            d.contains("    User ||--o| Profile : \"User.hasOne(Profile)\"\n"),
            "{d}"
        );
        assert!(
            d.contains("    Employee ||--o{ EmployeeTasks : \"Employee.belongsToMany(Task)\"\n"),
            "{d}"
        );
        assert!(
            d.contains("    Task ||--o{ EmployeeTasks : \"Employee.belongsToMany(Task)\"\n"),
            "{d}"
        );
        assert!(d.contains("        INTEGER id PK\n"), "{d}");
        assert!(d.contains("        INTEGER OrganizationId FK\n"), "{d}");
        assert!(d.contains("        INTEGER EmployeeId PK, FK\n"), "{d}");
        assert!(
            d.contains("        TIMESTAMP_WITH_TIME_ZONE createdAt\n"),
            "{d}"
        );
    }

    #[test]
    fn names_outside_the_grammar_are_quoted_or_replaced() {
        let d = diagram(
            "const A = sequelize.define('user profile', { 'first name': DataTypes.STRING, pk: DataTypes.STRING, 'a`b~c': { type: DataTypes.STRING, unique: true } });\n\
             const B = sequelize.define('end', {});\nconst C = sequelize.define('50%\"off', {});\n\
             A.hasMany(B, { as: 'direction  TB' });\n",
        );
        assert!(d.contains("    \"user profile\" {\n"), "{d}");
        assert!(d.contains("        VARCHAR(255) `first name`\n"), "{d}");
        assert!(d.contains("        VARCHAR(255) `pk`\n"), "{d}");
        assert!(d.contains("        VARCHAR(255) `a_b_c` UK\n"), "{d}");
        assert!(d.contains("    \"end\" {\n"), "{d}");
        assert!(d.contains("    \"50__off\" {\n"), "{d}");
        assert!(d.contains(" as direction__TB\"\n"), "{d}");
    }

    #[test]
    fn types_are_one_word_never_a_key() {
        assert_eq!(
            type_token("TIMESTAMP WITH TIME ZONE"),
            "TIMESTAMP_WITH_TIME_ZONE"
        );
        assert_eq!(type_token("DECIMAL(10,2)"), "DECIMAL(10,2)");
        assert_eq!(type_token("UK(3)"), "_UK(3)");
        assert_eq!(type_token("3D"), "_3D");
        assert_eq!(type_token(""), "_");
        assert_eq!(type_token("PKG"), "PKG");
    }

    #[test]
    fn entity_names_stay_distinct() {
        let d = diagram(
            "sequelize.define('a%b', {});\nsequelize.define('a\\\\b', {});\nsequelize.define('a_b', {});\n",
        );
        assert!(d.contains("    \"a_b\" {\n"), "{d}");
        assert!(d.contains("    \"a_b_2\" {\n"), "{d}");
        assert!(d.contains("    \"a_b_3\" {\n"), "{d}");
    }
}
