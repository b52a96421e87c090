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
/// postgres and `1`/`0` elsewhere; an ARRAY is postgres's `ARRAY[...]`
/// and JSON text elsewhere (the export makes it JSON or TEXT there).
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
        Value::Array(items) if dialect == Dialect::Postgres => {
            let parts: Vec<String> = items.iter().map(|v| literal(dialect, v)).collect();
            format!("ARRAY[{}]", parts.join(", "))
        }
        Value::Array(items) => escape_str(dialect, &json_array(items)),
    }
}

fn json_array(items: &[Value]) -> String {
    Value::Array(items.to_vec()).to_json()
}
