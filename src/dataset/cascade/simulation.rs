//! One DELETE as PostgreSQL carries it out over the dataset and the
//! edits: the removed rows' trigger events queued first in first out
//! (see the parent module), and its refusals in its own words.

use std::collections::VecDeque;

use super::keys::{Key, Keys};
use super::postgres;
use super::{Cause, Change, Cleared, Dangling, Refusal, Removed, Rule};
use crate::dataset::{Dataset, Edits, RecordRef, Value};
use crate::engine::fast_hash::{HashMap, HashSet};

/// A queued trigger event.
enum Event {
    /// A row of the key's parent table was deleted; `value` was its key.
    Deleted {
        row: RecordRef,
        key: usize,
        value: Value,
    },
    /// A row's key was set to its default: the referenced row must exist.
    Check {
        row: RecordRef,
        key: usize,
        value: Value,
    },
}

/// One DELETE in progress over the dataset and the edits.
pub struct Simulation<'a> {
    data: &'a Dataset,
    edits: &'a Edits,
    keys: &'a Keys,
    gone: HashSet<RecordRef>,
    removed: Vec<Removed>,
    cells: HashMap<(RecordRef, usize), Value>,
    /// Rows updated, by when: a scan meets them after the others.
    moved: HashMap<RecordRef, usize>,
    cleared: Vec<Cleared>,
    queue: VecDeque<Event>,
}

impl<'a> Simulation<'a> {
    pub fn new(data: &'a Dataset, edits: &'a Edits, keys: &'a Keys) -> Self {
        Simulation {
            data,
            edits,
            keys,
            gone: HashSet::default(),
            removed: Vec::new(),
            cells: HashMap::default(),
            moved: HashMap::default(),
            cleared: Vec::new(),
            queue: VecDeque::new(),
        }
    }

    fn cell(&self, r: RecordRef, column: usize) -> Value {
        match self.cells.get(&(r, column)) {
            Some(v) => v.clone(),
            None => self
                .edits
                .cell(self.data, r, column)
                .cloned()
                .unwrap_or(Value::Null),
        }
    }

    fn live(&self, r: RecordRef) -> bool {
        !self.edits.is_removed(r) && !self.gone.contains(&r)
    }

    /// The live rows of `table` whose `column` equals `value`, in the order
    /// a sequential scan meets them.
    fn scan(&self, table: usize, column: usize, value: &Value) -> Vec<RecordRef> {
        let rows = self.data.tables.get(table).map_or(0, |t| t.rows.len());
        let mut found: Vec<RecordRef> = (0..rows)
            .map(|row| RecordRef { table, row })
            .filter(|&r| self.live(r) && self.cell(r, column) == *value)
            .collect();
        found.sort_by_key(|r| (self.moved.get(r).copied(), r.row));
        found
    }

    fn cause(&self, key: usize, parent: RecordRef) -> Cause {
        let k = &self.keys.keys[key];
        let table = self.data.tables.get(k.table);
        Cause {
            table: table.map_or_else(String::new, |t| t.name()),
            column: table
                .and_then(|t| t.columns.get(k.column))
                .cloned()
                .unwrap_or_default(),
            rule: k.rule,
            constraint: k.constraint.clone(),
            parent,
        }
    }

    /// Removes a row and queues an event per constraint on its table.
    pub fn delete(&mut self, r: RecordRef, cause: Option<Cause>) {
        self.gone.insert(r);
        if let Some(cause) = cause {
            self.removed.push(Removed { record: r, cause });
        }
        for &key in self.keys.by_parent.get(r.table).into_iter().flatten() {
            let value = self.cell(r, self.keys.keys[key].parent_column);
            self.queue.push_back(Event::Deleted { row: r, key, value });
        }
    }

    pub fn run(&mut self) -> Result<(), Refusal> {
        while let Some(event) = self.queue.pop_front() {
            match event {
                Event::Deleted { row, key, value } => self.deleted(row, key, value)?,
                Event::Check { row, key, value } => self.check(row, key, value)?,
            }
        }
        Ok(())
    }

    fn deleted(&mut self, parent: RecordRef, key: usize, value: Value) -> Result<(), Refusal> {
        if value == Value::Null {
            return Ok(());
        }
        let k = self.keys.keys[key].clone();
        match k.rule {
            Rule::Cascade => {
                for r in self.scan(k.table, k.column, &value) {
                    let cause = self.cause(key, parent);
                    self.delete(r, Some(cause));
                }
            }
            Rule::SetNull | Rule::SetDefault => {
                let new = if k.rule == Rule::SetNull {
                    Value::Null
                } else {
                    k.default.clone()
                };
                let rows = self.scan(k.table, k.column, &value);
                for &r in &rows {
                    if new == Value::Null && k.not_null {
                        return Err(self.not_null(r, &k));
                    }
                    let old = self.cell(r, k.column);
                    self.cells.insert((r, k.column), new.clone());
                    let when = self.moved.len();
                    self.moved.insert(r, when);
                    let cause = self.cause(key, parent);
                    self.cleared.push(Cleared {
                        record: r,
                        column: k.column,
                        old,
                        new: new.clone(),
                        cause,
                    });
                }
                if new != Value::Null {
                    // A default equal to the removed key still names it.
                    if new == value && !self.scan(k.table, k.column, &value).is_empty() {
                        return Err(self.still_referenced(&k, &value));
                    }
                    for r in rows {
                        self.queue.push_back(Event::Check {
                            row: r,
                            key,
                            value: new.clone(),
                        });
                    }
                }
            }
            Rule::Restrict | Rule::NoAction => {
                if k.rule == Rule::NoAction
                    && !self.scan(k.parent, k.parent_column, &value).is_empty()
                {
                    return Ok(());
                }
                if !self.scan(k.table, k.column, &value).is_empty() {
                    return Err(self.still_referenced(&k, &value));
                }
            }
        }
        Ok(())
    }

    fn check(&mut self, row: RecordRef, key: usize, value: Value) -> Result<(), Refusal> {
        let k = &self.keys.keys[key];
        if !self.live(row) || self.cell(row, k.column) != value {
            return Ok(());
        }
        if !self.scan(k.parent, k.parent_column, &value).is_empty() {
            return Ok(());
        }
        Err(Refusal {
            error: format!(
                "insert or update on table \"{}\" violates foreign key constraint \"{}\"",
                self.table_name(k.table),
                k.constraint.as_deref().unwrap_or("")
            ),
            detail: format!(
                "Key ({})=({}) is not present in table \"{}\".",
                self.column_name(k.table, k.column),
                self.value_text(k.table, k.column, &value),
                self.table_name(k.parent)
            ),
        })
    }

    fn table_name(&self, table: usize) -> &str {
        self.keys.table_names.get(table).map_or("", String::as_str)
    }

    fn column_name(&self, table: usize, column: usize) -> &str {
        self.data
            .tables
            .get(table)
            .and_then(|t| t.columns.get(column))
            .map_or("", |c| postgres::identifier(c))
    }

    fn data_type(&self, table: usize, column: usize) -> &str {
        self.keys
            .column_types
            .get(table)
            .and_then(|t| t.get(column))
            .map_or("", String::as_str)
    }

    fn value_text(&self, table: usize, column: usize, value: &Value) -> String {
        postgres::text(value, self.data_type(table, column))
    }

    fn still_referenced(&self, k: &Key, value: &Value) -> Refusal {
        Refusal {
            error: format!(
                "update or delete on table \"{}\" violates foreign key constraint \"{}\" on table \"{}\"",
                self.table_name(k.parent),
                k.constraint.as_deref().unwrap_or(""),
                self.table_name(k.table)
            ),
            detail: format!(
                "Key ({})=({}) is still referenced from table \"{}\".",
                self.column_name(k.parent, k.parent_column),
                self.value_text(k.parent, k.parent_column, value),
                self.table_name(k.table)
            ),
        }
    }

    /// The NOT NULL refusal for a row whose key would be set to NULL.
    fn not_null(&self, r: RecordRef, k: &Key) -> Refusal {
        let width = self.data.tables.get(r.table).map_or(0, |t| t.columns.len());
        let values: Vec<String> = (0..width)
            .map(|c| {
                let v = if c == k.column {
                    Value::Null
                } else {
                    self.cell(r, c)
                };
                self.value_text(r.table, c, &v)
            })
            .collect();
        Refusal {
            error: format!(
                "null value in column \"{}\" of relation \"{}\" violates not-null constraint",
                self.column_name(k.table, k.column),
                self.table_name(k.table)
            ),
            detail: format!("Failing row contains ({}).", values.join(", ")),
        }
    }

    /// The change: cells of rows that stay, and rows left pointing at a
    /// removed record by a key without a constraint.
    pub fn finish(self, record: RecordRef) -> Change {
        let cleared: Vec<Cleared> = self
            .cleared
            .iter()
            .filter(|c| !self.gone.contains(&c.record))
            .cloned()
            .collect();
        let mut dangling: Vec<Dangling> = Vec::new();
        let mut seen: HashSet<(RecordRef, usize)> = HashSet::default();
        let removed_rows = std::iter::once(record).chain(self.removed.iter().map(|r| r.record));
        for parent in removed_rows {
            for &key in self
                .keys
                .unconstrained
                .get(parent.table)
                .into_iter()
                .flatten()
            {
                let k = &self.keys.keys[key];
                let value = self.cell(parent, k.parent_column);
                if value == Value::Null {
                    continue;
                }
                for r in self.scan(k.table, k.column, &value) {
                    if seen.insert((r, k.column)) {
                        dangling.push(Dangling {
                            record: r,
                            column: k.column,
                            cause: self.cause(key, parent),
                        });
                    }
                }
            }
        }
        Change {
            record,
            soft: None,
            removed: self.removed,
            cleared,
            dangling,
        }
    }
}
