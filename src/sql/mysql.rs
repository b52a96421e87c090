//! MySQL: `MySQLQueryGenerator`'s `attributeToSQL` and `createTableQuery`.
//! Foreign keys move out of their column into table-level
//! `FOREIGN KEY (...) REFERENCES ...` clauses, unique keys are named, and
//! the table is InnoDB. MySQL has no enum types of its own to create: an
//! ENUM is the column's type.

use crate::engine::js_text;
use crate::engine::schema::{Attribute, Model, Unique};

use super::table::{columns, unique_keys};
use super::text::{escape_str, quote, quote_table, replace_first};
use super::{Dialect, Export};

const MY: Dialect = Dialect::Mysql;

/// Types MySQL gives no DEFAULT (`typeWithoutDefault`).
const WITHOUT_DEFAULT: [&str; 4] = ["BLOB", "TEXT", "GEOMETRY", "JSON"];

pub fn create_table(
    x: &mut Export,
    model: &Model,
    without_foreign_keys: bool,
) -> Result<(), String> {
    let mut primary_keys: Vec<String> = Vec::new();
    let mut foreign_keys: Vec<(String, String)> = Vec::new();
    let mut parts: Vec<String> = Vec::new();
    for (field, attribute) in columns(model) {
        let sql = attribute_sql(x, model, attribute, without_foreign_keys);
        let column = quote(MY, &field);
        let is_pk = sql.contains("PRIMARY KEY");
        if is_pk {
            primary_keys.push(field.clone());
        }
        // `/^(.+) (REFERENCES.*)$/`: the last " REFERENCES" with text before it.
        let split = sql
            .contains("REFERENCES")
            .then(|| sql.rfind(" REFERENCES").filter(|&at| at > 0))
            .flatten();
        let (head, tail) = match split {
            Some(at) => (&sql[..at], Some(&sql[at + 1..])),
            None => (sql.as_str(), None),
        };
        let head = if is_pk {
            replace_first(head, "PRIMARY KEY", "")
        } else {
            head.to_string()
        };
        parts.push(format!("{column} {head}"));
        if let Some(tail) = tail {
            foreign_keys.push((field, tail.to_string()));
        }
    }
    let mut clause = parts.join(", ");
    for key in unique_keys(model) {
        if key.custom_index {
            let fields: Vec<String> = key.fields.iter().map(|f| quote(MY, f)).collect();
            clause.push_str(&format!(
                ", UNIQUE {} ({})",
                quote(MY, &key.name),
                fields.join(", ")
            ));
        }
    }
    if !primary_keys.is_empty() {
        let pks: Vec<String> = primary_keys.iter().map(|f| quote(MY, f)).collect();
        clause.push_str(&format!(", PRIMARY KEY ({})", pks.join(", ")));
    }
    for (field, references) in &foreign_keys {
        clause.push_str(&format!(
            ", FOREIGN KEY ({}) {references}",
            quote(MY, field)
        ));
    }
    x.statements.push(format!(
        "CREATE TABLE IF NOT EXISTS {} ({clause}) ENGINE=InnoDB;",
        quote_table(MY, model.schema.as_deref(), &model.table_name)
    ));
    Ok(())
}

/// `attributeToSQL`: type, NOT NULL, auto_increment, DEFAULT, UNIQUE,
/// PRIMARY KEY, REFERENCES.
fn attribute_sql(
    x: &mut Export,
    model: &Model,
    attribute: &Attribute,
    without_foreign_keys: bool,
) -> String {
    let type_name = match &attribute.enum_values {
        Some(values) => {
            let values: Vec<String> = values.iter().map(|v| escape_str(MY, v)).collect();
            format!("ENUM({})", values.join(", "))
        }
        None => x.type_name(model, attribute, MY),
    };
    let mut sql = type_name.clone();
    if attribute.allow_null_option == Some(false) {
        sql.push_str(" NOT NULL");
    }
    if attribute.auto_increment {
        sql.push_str(" auto_increment");
    }
    // A BINARY string type (`_binary`) takes no DEFAULT either; UUID's
    // `CHAR(36) BINARY` is its own class, which does.
    let binary = type_name.ends_with(") BINARY") && attribute.data_type != "UUID";
    if !WITHOUT_DEFAULT.contains(&type_name.as_str()) && !binary {
        if let Some(default) = x.default_of(model, attribute, MY) {
            sql.push_str(&format!(" DEFAULT {default}"));
        }
    }
    if attribute.unique == Some(Unique::Flag(true)) {
        sql.push_str(" UNIQUE");
    }
    if attribute.primary_key {
        sql.push_str(" PRIMARY KEY");
    }
    if let (Some(reference), false) = (&attribute.references, without_foreign_keys) {
        let table = quote_table(MY, x.tables.target_schema(reference), &reference.model);
        let key = if reference.key.is_empty() {
            "id"
        } else {
            reference.key.as_str()
        };
        sql.push_str(&format!(" REFERENCES {table} ({})", quote(MY, key)));
        if let Some(rule) = attribute.on_delete.as_deref().filter(|r| !r.is_empty()) {
            sql.push_str(&format!(" ON DELETE {}", js_text::upper(rule)));
        }
        if let Some(rule) = attribute.on_update.as_deref().filter(|r| !r.is_empty()) {
            sql.push_str(&format!(" ON UPDATE {}", js_text::upper(rule)));
        }
    }
    sql
}
