//! Changes made to a generated [`Dataset`] while it is explored (a
//! destroyed record and what its foreign keys did to other rows), kept
//! apart from the rows themselves so that they can be undone and so that
//! row numbers never move: a [`RecordRef`] stays valid whatever is
//! destroyed.
//!
//! The walker reads rows through [`Edits`]: a removed row is not there,
//! and a changed cell has its new value.

use super::{Dataset, Value};
use crate::engine::fast_hash::{HashMap, HashSet};
use crate::engine::schema::{ModelId, Schema};

/// One record of the dataset: a row of the table of `model` (the model
/// that holds that table in [`Dataset::tables`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct RecordRef {
    /// Index into [`Dataset::tables`].
    pub table: usize,
    /// Index into that table's rows.
    pub row: usize,
}

/// Removed rows and changed cells, on top of a dataset.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Edits {
    removed: HashSet<RecordRef>,
    /// (record, column index) -> the value it now has.
    cells: HashMap<(RecordRef, usize), Value>,
}

impl Edits {
    pub fn is_empty(&self) -> bool {
        self.removed.is_empty() && self.cells.is_empty()
    }

    pub fn is_removed(&self, r: RecordRef) -> bool {
        self.removed.contains(&r)
    }

    /// The value a cell has now: the edited one, else the generated one
    /// (`None` for a record or column that does not exist).
    pub fn cell<'a>(&'a self, data: &'a Dataset, r: RecordRef, column: usize) -> Option<&'a Value> {
        if let Some(v) = self.cells.get(&(r, column)) {
            return Some(v);
        }
        data.tables.get(r.table)?.rows.get(r.row)?.get(column)
    }

    /// The changed cells: (record, column index, the value it now has), in
    /// no particular order.
    pub fn changed(&self) -> impl Iterator<Item = (RecordRef, usize, &Value)> {
        self.cells.iter().map(|((r, c), v)| (*r, *c, v))
    }

    pub fn remove(&mut self, r: RecordRef) {
        self.removed.insert(r);
    }

    /// How many rows of `table` are removed.
    pub fn removed_in(&self, table: usize) -> usize {
        self.removed.iter().filter(|r| r.table == table).count()
    }

    pub fn restore(&mut self, r: RecordRef) {
        self.removed.remove(&r);
    }

    /// Sets a cell; setting it back to the generated value forgets the edit.
    pub fn set(&mut self, data: &Dataset, r: RecordRef, column: usize, value: Value) {
        let generated = data
            .tables
            .get(r.table)
            .and_then(|t| t.rows.get(r.row))
            .and_then(|row| row.get(column));
        if generated == Some(&value) {
            self.cells.remove(&(r, column));
        } else {
            self.cells.insert((r, column), value);
        }
    }

    /// The model whose table holds `r` (`None` if it does not exist).
    pub fn model_of(data: &Dataset, r: RecordRef) -> Option<ModelId> {
        data.tables.get(r.table).map(|t| t.model)
    }
}

/// A value as a key prints in a record's name and a link: numbers and
/// text as they are, NULL as `null`, a list of values joined by commas.
pub fn key_part(v: &Value) -> String {
    match v {
        Value::Null => "null".into(),
        Value::Bool(b) => b.to_string(),
        Value::Int(i) => i.to_string(),
        Value::Number(s) | Value::Text(s) | Value::Json(s) => s.clone(),
        Value::Array(items) => items.iter().map(key_part).collect::<Vec<_>>().join(","),
    }
}

/// The columns of a record's primary key, by index into its table's
/// columns (empty for a table without one).
pub fn primary_columns(schema: &Schema, data: &Dataset, table: usize) -> Vec<usize> {
    let Some(t) = data.tables.get(table) else {
        return Vec::new();
    };
    let Some(model) = schema.models.get(t.model) else {
        return Vec::new();
    };
    model
        .primary_keys
        .iter()
        .filter_map(|name| model.attribute(name))
        .filter_map(|a| t.column(&a.field))
        .collect()
}

/// The record's primary key as text: `9`, or `3,7` for a composite key
/// (the row number from 1 for a table without a primary key).
pub fn key_text(schema: &Schema, data: &Dataset, edits: &Edits, r: RecordRef) -> String {
    let columns = primary_columns(schema, data, r.table);
    if columns.is_empty() {
        return (r.row + 1).to_string();
    }
    columns
        .iter()
        .map(|&c| edits.cell(data, r, c).map_or_else(String::new, key_part))
        .collect::<Vec<_>>()
        .join(",")
}

/// `Employee#9`: the model's name and the record's key, as tests and
/// links name a record (`data-record`).
pub fn label(schema: &Schema, data: &Dataset, edits: &Edits, r: RecordRef) -> String {
    let model = data
        .tables
        .get(r.table)
        .and_then(|t| schema.models.get(t.model))
        .map_or("?", |m| m.name.as_str());
    format!("{model}#{}", key_text(schema, data, edits, r))
}

/// The record a label names (`Employee#9`), if it exists and is not removed.
pub fn find(schema: &Schema, data: &Dataset, edits: &Edits, label_text: &str) -> Option<RecordRef> {
    let (model, key) = label_text.rsplit_once('#')?;
    let table = data
        .tables
        .iter()
        .position(|t| schema.models.get(t.model).is_some_and(|m| m.name == model))?;
    let rows = data.tables.get(table)?.rows.len();
    (0..rows)
        .map(|row| RecordRef { table, row })
        .find(|&r| !edits.is_removed(r) && key_text(schema, data, edits, r) == key)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dataset::Table;

    fn data() -> Dataset {
        Dataset {
            seed: 1,
            tables: vec![Table {
                model: 0,
                table_name: "Users".into(),
                schema: None,
                columns: vec!["id".into(), "name".into()],
                rows: vec![
                    vec![Value::Int(1), Value::Text("Ann".into())],
                    vec![Value::Int(2), Value::Text("Bob".into())],
                ],
            }],
            notes: vec![],
        }
    }

    #[test]
    fn a_changed_cell_reads_its_new_value_until_set_back() {
        let d = data();
        let mut e = Edits::default();
        let r = RecordRef { table: 0, row: 1 };
        e.set(&d, r, 1, Value::Null);
        assert_eq!(e.cell(&d, r, 1), Some(&Value::Null));
        assert_eq!(
            e.cell(&d, RecordRef { table: 0, row: 0 }, 1),
            Some(&Value::Text("Ann".into()))
        );
        e.set(&d, r, 1, Value::Text("Bob".into()));
        assert!(e.is_empty());
        assert_eq!(e.cell(&d, r, 9), None);
    }

    #[test]
    fn removal_is_undone_by_restore() {
        let mut e = Edits::default();
        let r = RecordRef { table: 0, row: 0 };
        e.remove(r);
        assert!(e.is_removed(r));
        e.restore(r);
        assert!(!e.is_removed(r) && e.is_empty());
    }
}
