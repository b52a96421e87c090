//! The schema as DBML (dbdiagram.io's language, read by `@dbml/core`): a
//! `Table` per table with its columns, an `Enum` per ENUM column, and a
//! `Ref` per foreign key with a constraint.
//!
//! The tables are the ones `sync()` creates ([`crate::sql`]): one per table
//! name (and schema), columns keyed by field in Sequelize's order, VIRTUAL
//! attributes left out. A column carries `pk` (a composite primary key is
//! an `indexes { (a, b) [pk] }` instead), `increment`, `not null`,
//! `unique` (a unique key over several columns is an index), and `default`
//! where the value is one a table keeps; a default Sequelize computes
//! itself (`DataTypes.NOW`, a function) or that the engine does not follow
//! is a `note`. An ENUM column's type is an `Enum` named as Sequelize names
//! its postgres type (`enum_<table>_<column>`).
//!
//! `Ref: "Employees"."OrganizationId" > "Organizations"."id"` is
//! many-to-one; `-` (one-to-one) where a `hasOne` made the key; the rules
//! are `[delete: …, update: …]`. A key to a table or column the schema does
//! not hold (a `references` written by hand) cannot be a `Ref`, which the
//! parser would refuse: it is a comment. Every identifier is quoted.

use std::fmt::Write as _;

use crate::engine::fast_hash::HashMap;
use crate::engine::schema::{AssociationKind, Attribute, DefaultValue, Model, ModelId, Schema};
use crate::sql::table::{self, Tables};

/// A table's key: (schema, table name).
fn key_of(model: &Model) -> (&str, &str) {
    (
        model.schema.as_deref().unwrap_or("public"),
        model.table_name.as_str(),
    )
}

/// A table written: its model, and its columns by field.
type Written<'s> = (ModelId, Vec<(String, &'s Attribute)>);

/// The DBML of `schema`: enums and tables in the schema's model order,
/// then the references in the same order. Where models share a table, the
/// last one's columns are the table, as in Sequelize's own table map (the
/// one `sync()` creates from).
pub fn dbml(schema: &Schema) -> String {
    let mut s = String::new();
    let mut last: HashMap<(&str, &str), ModelId> = HashMap::default();
    for (id, model) in schema.models.iter().enumerate() {
        last.insert(key_of(model), id);
    }
    // The tables written, by (schema, table): their model and columns.
    let mut written: HashMap<(&str, &str), Written<'_>> = HashMap::default();
    let mut order: Vec<(&str, &str)> = Vec::new();
    for (id, model) in schema.models.iter().enumerate() {
        let key = key_of(model);
        if last[&key] != id {
            let _ = writeln!(
                s,
                "// {} is the table of {} too: its columns are {}'s\n",
                table_name(model),
                model.name,
                schema.models[last[&key]].name
            );
            continue;
        }
        let columns = table::columns(model);
        write_table(&mut s, model, &columns);
        written.insert(key, (id, columns));
        order.push(key);
    }
    let tables = Tables::new(schema);
    for key in &order {
        let (id, columns) = &written[key];
        let holder = &schema.models[*id];
        for (field, attribute) in columns {
            let Some(reference) = &attribute.references else {
                continue;
            };
            let target_schema = tables
                .referenced_schema(holder, reference)
                .unwrap_or("public");
            let target = written
                .get(&(target_schema, reference.model.as_str()))
                .filter(|(_, cols)| cols.iter().any(|(f, _)| *f == reference.key));
            let from = format!("{}.{}", table_name(holder), quoted(field));
            let Some((target_id, _)) = target else {
                let _ = writeln!(
                    s,
                    "// {from} references {}.{}, which is not a column of a table here",
                    quoted(&reference.model),
                    quoted(&reference.key)
                );
                continue;
            };
            let to = format!(
                "{}.{}",
                table_name(&schema.models[*target_id]),
                quoted(&reference.key)
            );
            let relation = if one_to_one(schema, *id, attribute) {
                "-"
            } else {
                ">"
            };
            let _ = write!(s, "Ref: {from} {relation} {to}");
            let rules: Vec<String> = [
                ("delete", &attribute.on_delete),
                ("update", &attribute.on_update),
            ]
            .into_iter()
            .filter_map(|(what, rule)| Some(format!("{what}: {}", action(rule.as_deref()?)?)))
            .collect();
            if !rules.is_empty() {
                let _ = write!(s, " [{}]", rules.join(", "));
            }
            s.push('\n');
        }
    }
    s
}

fn write_table(s: &mut String, model: &Model, columns: &[(String, &Attribute)]) {
    let enum_name = |field: &str| {
        let name = quoted(&format!("enum_{}_{field}", model.table_name));
        match &model.schema {
            Some(schema) => format!("{}.{name}", quoted(schema)),
            None => name,
        }
    };
    let is_enum = |a: &Attribute| {
        a.data_type == "ENUM" && a.enum_values.as_ref().is_some_and(|v| !v.is_empty())
    };
    for (field, attribute) in columns {
        if let (true, Some(values)) = (is_enum(attribute), &attribute.enum_values) {
            let _ = writeln!(s, "Enum {} {{", enum_name(field));
            for v in values {
                let _ = writeln!(s, "  {}", quoted(v));
            }
            s.push_str("}\n\n");
        }
    }
    let primary: Vec<&str> = columns
        .iter()
        .filter(|(_, a)| a.primary_key)
        .map(|(f, _)| f.as_str())
        .collect();
    let unique_keys = table::unique_keys(model);
    let _ = writeln!(s, "Table {} {{", table_name(model));
    for (field, a) in columns {
        let ty = if is_enum(a) {
            enum_name(field)
        } else {
            type_name(&a.data_type)
        };
        let mut settings: Vec<String> = Vec::new();
        let single_primary = a.primary_key && primary.len() == 1;
        if single_primary {
            settings.push("pk".into());
        }
        if a.auto_increment {
            settings.push("increment".into());
        }
        if !a.allow_null && !single_primary {
            settings.push("not null".into());
        }
        if unique_keys
            .iter()
            .any(|k| k.fields.len() == 1 && k.fields[0] == *field)
        {
            settings.push("unique".into());
        }
        match &a.default {
            Some(DefaultValue::Null) => settings.push("default: null".into()),
            Some(DefaultValue::Bool(b)) => settings.push(format!("default: {b}")),
            Some(DefaultValue::Number(n)) if n.is_finite() => {
                // Rust's float printing never uses an exponent, which
                // DBML's older parser does not read.
                settings.push(format!("default: {n}"));
            }
            Some(DefaultValue::Str(text) | DefaultValue::Json(text)) => {
                settings.push(format!("default: {}", string(text)));
            }
            Some(_) => {
                if let Some(source) = &a.default_value {
                    settings.push(format!(
                        "note: {}",
                        string(&format!(
                            "defaultValue: {source} (set by Sequelize, not the table)"
                        ))
                    ));
                }
            }
            None => {}
        }
        let _ = write!(s, "  {} {ty}", quoted(field));
        if !settings.is_empty() {
            let _ = write!(s, " [{}]", settings.join(", "));
        }
        s.push('\n');
    }
    let composite: Vec<&table::UniqueKey> =
        unique_keys.iter().filter(|k| k.fields.len() > 1).collect();
    if primary.len() > 1 || !composite.is_empty() {
        s.push_str("\n  indexes {\n");
        let list = |fields: &mut dyn Iterator<Item = &str>| {
            fields.map(quoted).collect::<Vec<_>>().join(", ")
        };
        if primary.len() > 1 {
            let _ = writeln!(s, "    ({}) [pk]", list(&mut primary.iter().copied()));
        }
        for k in composite {
            let _ = writeln!(
                s,
                "    ({}) [unique, name: {}]",
                list(&mut k.fields.iter().map(String::as_str)),
                string(&k.name)
            );
        }
        s.push_str("  }\n");
    }
    s.push_str("}\n\n");
}

/// `"schema"."table"`, or `"table"` in the default schema.
fn table_name(model: &Model) -> String {
    match &model.schema {
        Some(schema) => format!("{}.{}", quoted(schema), quoted(&model.table_name)),
        None => quoted(&model.table_name),
    }
}

/// A type as DBML reads it: bare where it is a name with an optional size
/// (`VARCHAR(255)`, `DECIMAL(10,2)`), else quoted (`"TIMESTAMP WITH TIME
/// ZONE"`, `"INTEGER[]"`).
fn type_name(data_type: &str) -> String {
    let (name, size) = match data_type.split_once('(') {
        Some((name, rest)) => (name, Some(rest)),
        None => (data_type, None),
    };
    let bare_name = name
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
    let bare_size = size.is_none_or(|rest| {
        rest.strip_suffix(')').is_some_and(|inner| {
            !inner.is_empty() && inner.chars().all(|c| c.is_ascii_digit() || c == ',')
        })
    });
    if bare_name && bare_size {
        data_type.to_string()
    } else {
        quoted(data_type)
    }
}

/// Whether a `hasOne` made this key: at most one holder per referenced row.
fn one_to_one(schema: &Schema, holder: ModelId, attribute: &Attribute) -> bool {
    schema.associations.iter().any(|a| {
        a.kind == AssociationKind::HasOne && a.target == holder && a.foreign_key == attribute.name
    })
}

/// A referential action as DBML spells it; None for one it does not know.
fn action(rule: &str) -> Option<&'static str> {
    const ACTIONS: [&str; 5] = [
        "cascade",
        "restrict",
        "set null",
        "set default",
        "no action",
    ];
    ACTIONS
        .into_iter()
        .find(|a| a.eq_ignore_ascii_case(rule.trim()))
}

/// An identifier in double quotes, `\` and `"` escaped.
fn quoted(name: &str) -> String {
    let mut s = String::with_capacity(name.len() + 2);
    s.push('"');
    escape_into(&mut s, name, '"');
    s.push('"');
    s
}

/// A string in single quotes (a default, a name, a note).
fn string(text: &str) -> String {
    let mut s = String::with_capacity(text.len() + 2);
    s.push('\'');
    escape_into(&mut s, text, '\'');
    s.push('\'');
    s
}

fn escape_into(s: &mut String, text: &str, quote: char) {
    for c in text.chars() {
        match c {
            '\\' => s.push_str("\\\\"),
            '\n' => s.push_str("\\n"),
            '\r' => s.push_str("\\r"),
            '\t' => s.push_str("\\t"),
            c if c == quote => {
                s.push('\\');
                s.push(c);
            }
            c if c.is_control() => s.push(' '),
            c => s.push(c),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::{analyse, SourceFile};

    fn dbml_of(code: &str) -> String {
        let analysis = analyse(&[SourceFile::new("t.js", code)]);
        dbml(&analysis.schema)
    }

    #[test]
    fn tables_columns_and_references() {
        let d = dbml_of(
            "const Organization = sequelize.define('Organization', { name: { type: DataTypes.STRING, allowNull: false, unique: true }, active: { type: DataTypes.BOOLEAN, defaultValue: true }, at: { type: DataTypes.DATE, defaultValue: DataTypes.NOW } });\n\
             Organization.hasMany(Employee, { onDelete: 'CASCADE' });\nEmployee.belongsTo(Organization);\n\
             User.hasOne(Profile);\nEmployee.belongsToMany(Task, { through: 'EmployeeTasks' });\n",
        );
        assert!(
            d.starts_with("Table \"Organizations\" {\n  \"id\" INTEGER [pk, increment]\n"),
            "{d}"
        );
        assert!(
            d.contains("  \"name\" VARCHAR(255) [not null, unique]\n"),
            "{d}"
        );
        assert!(d.contains("  \"active\" BOOLEAN [default: true]\n"), "{d}");
        assert!(d.contains("  \"at\" \"TIMESTAMP WITH TIME ZONE\" [note: 'defaultValue: NOW (set by Sequelize, not the table)']\n"), "{d}");
        assert!(d.contains("Ref: \"Employees\".\"OrganizationId\" > \"Organizations\".\"id\" [delete: cascade, update: cascade]\n"), "{d}");
        assert!(d.contains("Ref: \"Profiles\".\"UserId\" - \"Users\".\"id\" [delete: set null, update: cascade]\n"), "{d}");
        assert!(
            d.contains("  indexes {\n    (\"EmployeeId\", \"TaskId\") [pk]\n  }\n"),
            "{d}"
        );
        assert!(
            d.contains("Ref: \"EmployeeTasks\".\"TaskId\" > \"Tasks\".\"id\""),
            "{d}"
        );
    }

    #[test]
    fn schemas_enums_and_names_are_quoted() {
        let d = dbml_of(
            "const Org = sequelize.define('Org', { kind: DataTypes.ENUM('a', \"b'c\"), 'we\"ird': DataTypes.INTEGER, code: { type: DataTypes.STRING, unique: 'c' }, code2: { type: DataTypes.STRING, unique: 'c' } }, { schema: 'hr' });\n\
             Org.hasMany(User);\nUser.belongsTo(Ext, { foreignKey: 'extId', constraints: false });\n\
             sequelize.define('Other', { x: { type: DataTypes.INTEGER, references: { model: 'nowhere', key: 'id' } } });\n",
        );
        assert!(
            d.contains("Enum \"hr\".\"enum_Orgs_kind\" {\n  \"a\"\n  \"b'c\"\n}\n"),
            "{d}"
        );
        assert!(d.contains("Table \"hr\".\"Orgs\" {\n"), "{d}");
        assert!(d.contains("  \"kind\" \"hr\".\"enum_Orgs_kind\"\n"), "{d}");
        assert!(d.contains("  \"we\\\"ird\" INTEGER\n"), "{d}");
        assert!(
            d.contains("    (\"code\", \"code2\") [unique, name: 'c']\n"),
            "{d}"
        );
        assert!(
            d.contains("Ref: \"Users\".\"OrgId\" > \"hr\".\"Orgs\".\"id\""),
            "{d}"
        );
        assert!(!d.contains("\"extId\" >"), "{d}");
        assert!(d.contains("// \"Others\".\"x\" references \"nowhere\".\"id\", which is not a column of a table here\n"), "{d}");
    }

    #[test]
    fn types_bare_or_quoted() {
        assert_eq!(type_name("VARCHAR(255)"), "VARCHAR(255)");
        assert_eq!(type_name("DECIMAL(10,2)"), "DECIMAL(10,2)");
        assert_eq!(type_name("INTEGER[]"), "\"INTEGER[]\"");
        assert_eq!(type_name("DOUBLE PRECISION"), "\"DOUBLE PRECISION\"");
        assert_eq!(type_name(""), "\"\"");
    }
}
