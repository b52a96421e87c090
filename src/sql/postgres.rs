//! PostgreSQL: `PostgresQueryInterface.ensureEnums` (one `CREATE TYPE` per
//! ENUM column, inside a `DO` block that tolerates an existing type) and
//! `PostgresQueryGenerator`'s `attributeToSQL`, `dataTypeMapping` and
//! `createTableQuery`, string operation by string operation: Sequelize
//! builds each column's SQL as text and then edits the text (`SERIAL`
//! swallows `INTEGER` and `NOT NULL`, `PRIMARY KEY` moves to the end), and
//! the spacing of its output (`"id"   SERIAL ,`) comes from those edits.

use crate::engine::js_text;
use crate::engine::schema::{Attribute, Model, Unique};

use super::table::{columns, stored, unique_keys};
use super::text::{escape_str, quote, quote_path, quote_table, replace_first};
use super::{Dialect, Export};

const PG: Dialect = Dialect::Postgres;

/// The statements `createTable` sends for `model`: its enum types, then
/// the table.
pub fn create_table(
    x: &mut Export,
    model: &Model,
    without_foreign_keys: bool,
) -> Result<(), String> {
    for attribute in stored(model) {
        if let Some(values) = &attribute.enum_values {
            let values: Vec<String> = values.iter().map(|v| escape_str(PG, v)).collect();
            let body = format!(
                "BEGIN CREATE TYPE {} AS ENUM({}); EXCEPTION WHEN duplicate_object THEN null; END",
                enum_name(model, &attribute.field),
                values.join(", ")
            );
            x.statements.push(format!("DO {};", escape_str(PG, &body)));
        }
    }
    let mut sql_of: Vec<(String, String)> = Vec::new();
    for (field, attribute) in columns(model) {
        sql_of.push((
            field,
            attribute_sql(x, model, attribute, without_foreign_keys)?,
        ));
    }
    let mut clause: Vec<String> = Vec::with_capacity(sql_of.len());
    for (field, sql) in &sql_of {
        clause.push(format!(
            "{} {}",
            quote(PG, field),
            data_type_mapping(model, field, sql)
        ));
    }
    let mut clause = clause.join(", ");
    for key in unique_keys(model) {
        if key.custom_index {
            let fields: Vec<String> = key.fields.iter().map(|f| quote(PG, f)).collect();
            clause.push_str(&format!(", UNIQUE ({})", fields.join(", ")));
        }
    }
    let pks: Vec<String> = sql_of
        .iter()
        .filter(|(_, sql)| sql.contains("PRIMARY KEY"))
        .map(|(field, _)| quote(PG, field))
        .collect();
    if !pks.is_empty() {
        clause.push_str(&format!(", PRIMARY KEY ({})", pks.join(",")));
    }
    x.statements.push(format!(
        "CREATE TABLE IF NOT EXISTS {} ({clause});",
        quote_table(PG, model.schema.as_deref(), &model.table_name)
    ));
    Ok(())
}

/// `pgEnumName`: `"schema"."enum_<table>_<column>"`, the schema `public`
/// where the model has none.
fn enum_name(model: &Model, field: &str) -> String {
    let schema = model
        .schema
        .as_deref()
        .filter(|s| !s.is_empty())
        .unwrap_or("public");
    format!(
        "{}.{}",
        quote(PG, schema),
        quote(PG, &format!("enum_{}_{field}", model.table_name))
    )
}

/// `attributeToSQL`: type, NOT NULL, SERIAL, DEFAULT, UNIQUE, PRIMARY KEY,
/// REFERENCES, in that order.
fn attribute_sql(
    x: &mut Export,
    model: &Model,
    attribute: &Attribute,
    without_foreign_keys: bool,
) -> Result<String, String> {
    let mut sql = match &attribute.enum_values {
        Some(values) if values.is_empty() => {
            return Err("Values for ENUM haven't been defined.".into());
        }
        Some(values) => {
            let values: Vec<String> = values.iter().map(|v| escape_str(PG, v)).collect();
            let array = if attribute.data_type.ends_with("[]") {
                "[]"
            } else {
                ""
            };
            format!("ENUM({}){array}", values.join(", "))
        }
        None => x.type_name(model, attribute, PG),
    };
    if attribute.allow_null_option == Some(false) {
        sql.push_str(" NOT NULL");
    }
    if attribute.auto_increment {
        sql.push_str(" SERIAL");
    }
    if let Some(default) = x.default_of(model, attribute, PG) {
        sql.push_str(&format!(" DEFAULT {default}"));
    }
    if attribute.unique == Some(Unique::Flag(true)) {
        sql.push_str(" UNIQUE");
    }
    if attribute.primary_key {
        sql.push_str(" PRIMARY KEY");
    }
    if let (Some(reference), false) = (&attribute.references, without_foreign_keys) {
        let table = quote_table(
            PG,
            x.tables.referenced_schema(model, reference),
            &reference.model,
        );
        let key = if reference.key.is_empty() {
            quote(PG, "id")
        } else {
            quote_path(PG, &reference.key)
        };
        sql.push_str(&format!(" REFERENCES {table} ({key})"));
        if let Some(rule) = attribute.on_delete.as_deref().filter(|r| !r.is_empty()) {
            sql.push_str(&format!(" ON DELETE {}", js_text::upper(rule)));
        }
        if let Some(rule) = attribute.on_update.as_deref().filter(|r| !r.is_empty()) {
            sql.push_str(&format!(" ON UPDATE {}", js_text::upper(rule)));
        }
    }
    Ok(sql)
}

/// `dataTypeMapping`: the column's SQL as `createTableQuery` writes it.
/// Each `replace` is JavaScript's, of the first occurrence.
fn data_type_mapping(model: &Model, field: &str, sql: &str) -> String {
    let mut s = replace_first(sql, "PRIMARY KEY", "");
    if s.contains("SERIAL") {
        if s.contains("BIGINT") {
            s = replace_first(&s, "SERIAL", "BIGSERIAL");
            s = replace_first(&s, "BIGINT", "");
        } else if s.contains("SMALLINT") {
            s = replace_first(&s, "SERIAL", "SMALLSERIAL");
            s = replace_first(&s, "SMALLINT", "");
        } else {
            s = replace_first(&s, "INTEGER", "");
        }
        s = replace_first(&s, "NOT NULL", "");
    }
    if s.starts_with("ENUM(") {
        // `/^ENUM\(.+\)/`: up to the last `)` of the first line.
        let line_end = s.find('\n').unwrap_or(s.len());
        if let Some(close) = s[..line_end].rfind(')').filter(|&c| c > "ENUM(".len()) {
            s = format!("{}{}", enum_name(model, field), &s[close + 1..]);
        }
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::schema::{AttributeOrigin, ModelOrigin};

    fn model() -> Model {
        Model {
            name: "User".into(),
            table_name: "Users".into(),
            schema: None,
            singular: "User".into(),
            plural: "Users".into(),
            origin: ModelOrigin::Defined,
            is_junction: false,
            span: Default::default(),
            primary_keys: vec![],
            attributes: vec![],
            timestamps: false,
            paranoid: false,
            deleted_at: None,
            underscored: false,
            created_by: None,
        }
    }

    // Expectations derived from dataTypeMapping in Sequelize 6.37.8's
    // lib/dialects/postgres/query-generator.js.
    #[test]
    fn serial_swallows_its_integer_type_and_not_null() {
        let m = model();
        assert_eq!(
            data_type_mapping(&m, "id", "INTEGER NOT NULL SERIAL PRIMARY KEY"),
            "  SERIAL "
        );
        assert_eq!(
            data_type_mapping(&m, "id", "BIGINT SERIAL PRIMARY KEY"),
            " BIGSERIAL "
        );
        assert_eq!(
            data_type_mapping(&m, "k", "INTEGER PRIMARY KEY REFERENCES \"A\" (\"id\")"),
            "INTEGER  REFERENCES \"A\" (\"id\")"
        );
        assert_eq!(
            data_type_mapping(&m, "role", "ENUM('a', 'b') NOT NULL"),
            "\"public\".\"enum_Users_role\" NOT NULL"
        );
        let _ = AttributeOrigin::Own;
    }
}
