//! INSERT statements for a simulated [`Dataset`]: one multi-row INSERT per
//! table, in the dataset's (foreign-key) order, quoted as the dialect's
//! query generator quotes identifiers and strings, so that they load into
//! the tables [`super::ddl`] creates.

use crate::dataset::{Dataset, Value};

use super::text::{escape_str, quote, quote_table};
use super::Dialect;

/// The statements, one per table with rows, each ending in `;`.
pub fn inserts(dataset: &Dataset, dialect: Dialect) -> Vec<String> {
    let mut out = Vec::new();
    for table in dataset.tables.iter().filter(|t| !t.rows.is_empty()) {
        let columns: Vec<String> = table.columns.iter().map(|c| quote(dialect, c)).collect();
        let rows: Vec<String> = table
            .rows
            .iter()
            .map(|row| {
                let values: Vec<String> = row.iter().map(|v| literal(dialect, v)).collect();
                format!("({})", values.join(", "))
            })
            .collect();
        out.push(format!(
            "INSERT INTO {} ({}) VALUES {};",
            quote_table(dialect, table.schema.as_deref(), &table.table_name),
            columns.join(", "),
            rows.join(", ")
        ));
    }
    out
}

/// A value as the dialect writes it: booleans are `true`/`false` for
/// postgres and `1`/`0` elsewhere; an ARRAY is postgres's array
/// literal and JSON text elsewhere (the export makes it JSON or TEXT there).
fn literal(dialect: Dialect, value: &Value) -> String {
    match value {
        Value::Null => "NULL".into(),
        Value::Bool(b) => match (dialect, b) {
            (Dialect::Postgres, b) => b.to_string(),
            (_, true) => "1".into(),
            (_, false) => "0".into(),
        },
        Value::Int(i) => i.to_string(),
        Value::Number(n) => n.clone(),
        Value::Text(s) | Value::Json(s) => escape_str(dialect, s),
        // An array literal, `'{"a","b"}'`, rather than `ARRAY['a', 'b']`:
        // the literal takes the column's type, where ARRAY[...] is a
        // text[] that PostgreSQL will not store in an ENUM array column.
        Value::Array(items) if dialect == Dialect::Postgres => {
            let parts: Vec<String> = items.iter().map(array_element).collect();
            escape_str(dialect, &format!("{{{}}}", parts.join(",")))
        }
        Value::Array(items) => escape_str(dialect, &json_array(items)),
    }
}

/// An element of PostgreSQL's array input syntax: strings in double
/// quotes with `"` and `\` escaped.
fn array_element(value: &Value) -> String {
    match value {
        Value::Null => "NULL".into(),
        Value::Bool(b) => b.to_string(),
        Value::Int(i) => i.to_string(),
        Value::Number(n) => n.clone(),
        Value::Text(s) | Value::Json(s) => {
            format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""))
        }
        Value::Array(items) => {
            let parts: Vec<String> = items.iter().map(array_element).collect();
            format!("{{{}}}", parts.join(","))
        }
    }
}

fn json_array(items: &[Value]) -> String {
    Value::Array(items.to_vec()).to_json()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_postgres_array_is_an_array_literal_that_takes_the_column_type() {
        let v = Value::Array(vec![
            Value::Text("y".into()),
            Value::Text("a \"b\" \\ it's".into()),
            Value::Null,
        ]);
        assert_eq!(
            literal(Dialect::Postgres, &v),
            r#"'{"y","a \"b\" \\ it''s",NULL}'"#
        );
        assert_eq!(
            literal(
                Dialect::Postgres,
                &Value::Array(vec![Value::Int(1), Value::Int(2)])
            ),
            "'{1,2}'"
        );
    }
}
