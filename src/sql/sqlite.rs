//! SQLite: `SQLiteQueryGenerator`'s `attributesToSQL` and
//! `createTableQuery`. An integer primary key becomes SQLite's
//! `INTEGER PRIMARY KEY` (its rowid, `AUTOINCREMENT` where Sequelize's
//! autoIncrement is set), a composite key a table-level `PRIMARY KEY`,
//! ENUM a TEXT column, and boolean defaults `0`/`1`.

use crate::engine::js_text;
use crate::engine::schema::{Attribute, Model, Unique};

use super::table::{columns, unique_keys};
use super::text::{quote, quote_table, replace_first};
use super::{Dialect, Export};

const LITE: Dialect = Dialect::Sqlite;

pub fn create_table(x: &mut Export, model: &Model) -> Result<(), String> {
    let sql_of: Vec<(String, String)> = columns(model)
        .into_iter()
        .map(|(field, attribute)| {
            let sql = attribute_sql(x, model, attribute);
            (field, sql)
        })
        .collect();
    let several_keys = sql_of
        .iter()
        .filter(|(_, s)| s.contains("PRIMARY KEY"))
        .count()
        > 1;
    let mut primary_keys: Vec<String> = Vec::new();
    let mut parts: Vec<String> = Vec::with_capacity(sql_of.len());
    for (field, sql) in &sql_of {
        let mut written = sql.clone();
        if sql.contains("PRIMARY KEY") {
            if sql.contains("INT") {
                written = if sql.contains("AUTOINCREMENT") {
                    "INTEGER PRIMARY KEY AUTOINCREMENT".into()
                } else {
                    "INTEGER PRIMARY KEY".into()
                };
                if let Some(at) = sql.find(" REFERENCES") {
                    written.push_str(&sql[at..]);
                }
            }
            if several_keys {
                primary_keys.push(field.clone());
                written = if sql.contains("NOT NULL") {
                    replace_first(sql, " PRIMARY KEY", "")
                } else {
                    replace_first(sql, "PRIMARY KEY", "NOT NULL")
                };
            }
        }
        parts.push(format!("{} {written}", quote(LITE, field)));
    }
    let mut clause = parts.join(", ");
    for key in unique_keys(model) {
        if key.custom_index {
            let fields: Vec<String> = key.fields.iter().map(|f| quote(LITE, f)).collect();
            clause.push_str(&format!(", UNIQUE ({})", fields.join(", ")));
        }
    }
    if !primary_keys.is_empty() {
        let pks: Vec<String> = primary_keys.iter().map(|f| quote(LITE, f)).collect();
        clause.push_str(&format!(", PRIMARY KEY ({})", pks.join(", ")));
    }
    let sql = format!(
        "CREATE TABLE IF NOT EXISTS {} ({clause});",
        quote_table(LITE, model.schema.as_deref(), &model.table_name)
    );
    x.statements.push(replace_boolean_defaults(&sql));
    Ok(())
}

/// `attributesToSQL` for one attribute: type, NOT NULL, DEFAULT, UNIQUE,
/// PRIMARY KEY (AUTOINCREMENT), REFERENCES.
fn attribute_sql(x: &mut Export, model: &Model, attribute: &Attribute) -> String {
    let mut sql = if attribute.enum_values.is_some() {
        "TEXT".to_string()
    } else {
        x.type_name(model, attribute, LITE)
    };
    if attribute.allow_null_option == Some(false) {
        sql.push_str(" NOT NULL");
    }
    if let Some(default) = x.default_of(model, attribute, LITE) {
        sql.push_str(&format!(" DEFAULT {default}"));
    }
    if attribute.unique == Some(Unique::Flag(true)) {
        sql.push_str(" UNIQUE");
    }
    if attribute.primary_key {
        sql.push_str(" PRIMARY KEY");
        if attribute.auto_increment {
            sql.push_str(" AUTOINCREMENT");
        }
    }
    if let Some(reference) = &attribute.references {
        let table = quote_table(LITE, x.tables.target_schema(reference), &reference.model);
        let key = if reference.key.is_empty() {
            "id"
        } else {
            reference.key.as_str()
        };
        sql.push_str(&format!(" REFERENCES {table} ({})", quote(LITE, key)));
        if let Some(rule) = attribute.on_delete.as_deref().filter(|r| !r.is_empty()) {
            sql.push_str(&format!(" ON DELETE {}", js_text::upper(rule)));
        }
        if let Some(rule) = attribute.on_update.as_deref().filter(|r| !r.is_empty()) {
            sql.push_str(&format!(" ON UPDATE {}", js_text::upper(rule)));
        }
    }
    sql
}

/// `replaceBooleanDefaults`: `/DEFAULT '?false'?/g` becomes `DEFAULT 0`,
/// then `/DEFAULT '?true'?/g` `DEFAULT 1`.
fn replace_boolean_defaults(sql: &str) -> String {
    replace_all_boolean(&replace_all_boolean(sql, "false", "0"), "true", "1")
}

fn replace_all_boolean(sql: &str, word: &str, digit: &str) -> String {
    let mut out = String::with_capacity(sql.len());
    let mut rest = sql;
    while let Some(at) = rest.find("DEFAULT ") {
        out.push_str(&rest[..at]);
        let after = &rest[at + "DEFAULT ".len()..];
        let quoted = after.starts_with('\'');
        let body = if quoted { &after[1..] } else { after };
        if let Some(tail) = body.strip_prefix(word) {
            let tail = tail.strip_prefix('\'').unwrap_or(tail);
            out.push_str("DEFAULT ");
            out.push_str(digit);
            rest = tail;
        } else {
            out.push_str("DEFAULT ");
            rest = after;
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    // From replaceBooleanDefaults in lib/dialects/sqlite/query-generator.js.
    #[test]
    fn boolean_defaults_become_digits() {
        assert_eq!(
            replace_boolean_defaults("a DEFAULT 'false', b DEFAULT true, c DEFAULT 'x'"),
            "a DEFAULT 0, b DEFAULT 1, c DEFAULT 'x'"
        );
        assert_eq!(
            replace_boolean_defaults("DEFAULT 'trueish'"),
            "DEFAULT 1ish'"
        );
    }
}
