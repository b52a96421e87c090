//! "Destroy this record": what the database does to the other rows when
//! a record is deleted, by each referencing key's ON DELETE rule, applied
//! to the simulated data as [`Edits`] that can be undone.
//!
//! Input: the [`Schema`], the generated [`Dataset`], the [`Edits`] made so
//! far and a [`RecordRef`]. Output: an [`Outcome`], either the
//! [`Change`] (rows removed, cells cleared, rows left pointing at a
//! removed record by a key without a constraint, each with the key that
//! caused it) or the database's [`Refusal`], with PostgreSQL's own error
//! text.
//!
//! What is simulated is PostgreSQL's: each foreign-key constraint is a
//! pair of triggers, and a DELETE queues, for every row it removes, one
//! event per constraint that references the row's table, in the order the
//! constraints were created (the order `sync()` creates the tables in,
//! then column order). The events fire after the statement, first in
//! first out, and the statements they run (a cascade's DELETE, a SET
//! NULL's UPDATE) queue theirs at the end of the same queue. So:
//!
//! - CASCADE deletes the rows that hold the key, in the order a scan
//!   meets them (insertion order; an updated row moves to the end);
//! - SET NULL / SET DEFAULT update them; a NOT NULL column refuses at the
//!   first such row (`null value in column …`), and a default naming no
//!   row is refused when its own check fires (`insert or update …`);
//! - RESTRICT and NO ACTION both check when their event fires: a row
//!   still holding the key by then refuses (`update or delete …`), one
//!   removed earlier in the queue does not. NO ACTION first looks for
//!   another row with the same referenced value (there is none: the
//!   referenced column is unique); for a DELETE, without DEFERRABLE, that
//!   is the only difference. RESTRICT is not checked "at once", before
//!   the cascades queued ahead of it: PostgreSQL 15 behaves as described
//!   here, and `scripts/sql-postgres.sh` holds the two equal on every
//!   fixture's first records.
//!
//! A paranoid model's `instance.destroy()` is an UPDATE of its deletedAt
//! column ([`Change::soft`]): nothing cascades. Keys made with
//! `constraints: false` have no constraint: their rows keep the removed
//! record's key ([`Change::dangling`]).
//!
//! What it deliberately does not know: ON UPDATE rules (a SET NULL never
//! changes a referenced key here), DEFERRABLE constraints, Sequelize's
//! `hooks: true` (which destroys children one by one in JavaScript),
//! triggers of the user's own. Pure; never panics on any schema.

mod postgres;

use std::collections::VecDeque;
use std::fmt;

use super::edits::{Edits, RecordRef};
use super::{columns, Dataset, Value};
use crate::engine::fast_hash::{HashMap, HashSet};
use crate::engine::schema::{AssociationKind, Attribute, AttributeOrigin, DefaultValue, Schema};

pub use postgres::identifier as pg_identifier;

/// A referencing key's ON DELETE rule.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Rule {
    Cascade,
    SetNull,
    SetDefault,
    Restrict,
    /// PostgreSQL's default, where no rule is given.
    NoAction,
}

impl Rule {
    /// The rule an attribute's `onDelete` names (any case); NO ACTION
    /// where there is none.
    pub fn from_on_delete(on_delete: Option<&str>) -> Rule {
        let text = on_delete.unwrap_or("").trim().to_ascii_uppercase();
        match text
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .as_str()
        {
            "CASCADE" => Rule::Cascade,
            "SET NULL" => Rule::SetNull,
            "SET DEFAULT" => Rule::SetDefault,
            "RESTRICT" => Rule::Restrict,
            _ => Rule::NoAction,
        }
    }

    pub fn sql(self) -> &'static str {
        match self {
            Rule::Cascade => "CASCADE",
            Rule::SetNull => "SET NULL",
            Rule::SetDefault => "SET DEFAULT",
            Rule::Restrict => "RESTRICT",
            Rule::NoAction => "NO ACTION",
        }
    }
}

/// The referencing key behind an effect, and the removed record it
/// referenced.
#[derive(Clone, Debug, PartialEq)]
pub struct Cause {
    /// The referencing table (`schema.table` with a schema).
    pub table: String,
    /// The referencing column (field).
    pub column: String,
    pub rule: Rule,
    /// PostgreSQL's name for the constraint; None for a key made with
    /// `constraints: false`, which has none.
    pub constraint: Option<String>,
    /// The removed record the key named.
    pub parent: RecordRef,
}

impl fmt::Display for Cause {
    /// `Employees.OrganizationId ON DELETE CASCADE`, or
    /// `Employees.OrganizationId (no constraint)`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.constraint {
            Some(_) => write!(
                f,
                "{}.{} ON DELETE {}",
                self.table,
                self.column,
                self.rule.sql()
            ),
            None => write!(f, "{}.{} (no constraint)", self.table, self.column),
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct Removed {
    pub record: RecordRef,
    pub cause: Cause,
}

/// A cell a SET NULL or SET DEFAULT changed.
#[derive(Clone, Debug, PartialEq)]
pub struct Cleared {
    pub record: RecordRef,
    /// Index into the table's columns.
    pub column: usize,
    pub old: Value,
    pub new: Value,
    pub cause: Cause,
}

/// A row whose key without a constraint still names a removed record.
#[derive(Clone, Debug, PartialEq)]
pub struct Dangling {
    pub record: RecordRef,
    pub column: usize,
    pub cause: Cause,
}

/// A paranoid destroy: the UPDATE of the deletedAt column.
#[derive(Clone, Debug, PartialEq)]
pub struct SoftDelete {
    pub column: usize,
    pub old: Value,
    pub new: Value,
}

/// What destroying a record does.
#[derive(Clone, Debug, PartialEq)]
pub struct Change {
    pub record: RecordRef,
    /// Set for a paranoid model's destroy: the record stays (its
    /// deletedAt set), nothing else changes.
    pub soft: Option<SoftDelete>,
    /// Rows removed by cascades, in the order the database removes them
    /// (the record itself is not listed).
    pub removed: Vec<Removed>,
    /// Cells set to NULL or their default, in order, on rows that stay.
    pub cleared: Vec<Cleared>,
    /// Rows left pointing at a removed record (keys without a constraint).
    pub dangling: Vec<Dangling>,
}

/// The database's refusal, as PostgreSQL words it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Refusal {
    /// `update or delete on table "Organizations" violates foreign key
    /// constraint "Employees_OrganizationId_fkey" on table "Employees"`.
    pub error: String,
    /// `Key (id)=(2) is still referenced from table "Employees".`
    pub detail: String,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Outcome {
    Change(Change),
    Refused(Refusal),
    /// The record does not exist or is already removed.
    Missing,
}

/// How the record is destroyed.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Options {
    /// `destroy({ force: true })`: a real DELETE even for a paranoid model
    /// (what a DELETE statement does).
    pub force: bool,
}

/// The deletedAt value a simulated soft delete writes: the dataset has no
/// clock, so a fixed moment after every generated date.
pub const SOFT_DELETED_AT: &str = "2026-01-01 00:00:00";

/// What `instance.destroy()` on `r` does. See [`plan_with`].
pub fn plan(schema: &Schema, data: &Dataset, edits: &Edits, r: RecordRef) -> Outcome {
    plan_with(schema, data, edits, r, Options::default())
}

/// What destroying `r` does, as PostgreSQL would carry it out (see the
/// module's documentation). Linear in the rows removed or changed times
/// the rows of the tables their keys are in.
pub fn plan_with(
    schema: &Schema,
    data: &Dataset,
    edits: &Edits,
    r: RecordRef,
    options: Options,
) -> Outcome {
    let exists = data
        .tables
        .get(r.table)
        .is_some_and(|t| r.row < t.rows.len());
    if !exists || edits.is_removed(r) {
        return Outcome::Missing;
    }
    if !options.force {
        if let Some(column) = deleted_at(schema, data, r.table) {
            let old = edits.cell(data, r, column).cloned().unwrap_or(Value::Null);
            return Outcome::Change(Change {
                record: r,
                soft: Some(SoftDelete {
                    column,
                    old,
                    new: Value::Text(SOFT_DELETED_AT.into()),
                }),
                removed: Vec::new(),
                cleared: Vec::new(),
                dangling: Vec::new(),
            });
        }
    }
    let keys = Keys::new(schema, data);
    let mut sim = Simulation::new(data, edits, &keys);
    sim.delete(r, None);
    if let Err(refusal) = sim.run() {
        return Outcome::Refused(refusal);
    }
    Outcome::Change(sim.finish(r))
}

/// Applies a planned change to `edits`.
pub fn apply(edits: &mut Edits, data: &Dataset, change: &Change) {
    if let Some(soft) = &change.soft {
        edits.set(data, change.record, soft.column, soft.new.clone());
        return;
    }
    for c in &change.cleared {
        edits.set(data, c.record, c.column, c.new.clone());
    }
    edits.remove(change.record);
    for r in &change.removed {
        edits.remove(r.record);
    }
}

/// Undoes [`apply`]: `edits` is as it was before.
pub fn undo(edits: &mut Edits, data: &Dataset, change: &Change) {
    if let Some(soft) = &change.soft {
        edits.set(data, change.record, soft.column, soft.old.clone());
        return;
    }
    for r in change.removed.iter().rev() {
        edits.restore(r.record);
    }
    edits.restore(change.record);
    for c in change.cleared.iter().rev() {
        edits.set(data, c.record, c.column, c.old.clone());
    }
}

/// The column a paranoid model's destroy sets: its deletedAt timestamp,
/// the nullable one Sequelize adds. None for other models.
fn deleted_at(schema: &Schema, data: &Dataset, table: usize) -> Option<usize> {
    let t = data.tables.get(table)?;
    let model = schema.models.get(t.model)?;
    if !model.paranoid || !model.timestamps {
        return None;
    }
    let attribute = model
        .attributes
        .iter()
        .rev()
        .find(|a| {
            a.origin == AttributeOrigin::Default
                && a.allow_null
                && !a.primary_key
                && a.data_type.starts_with("TIMESTAMP")
        })
        .or_else(|| model.attribute("deletedAt"))?;
    t.column(&attribute.field)
}

/// A foreign key between two tables of the dataset.
#[derive(Clone, Debug)]
struct Key {
    /// The referencing table and column.
    table: usize,
    column: usize,
    /// The referenced table and column.
    parent: usize,
    parent_column: usize,
    rule: Rule,
    /// None for a key without a constraint.
    constraint: Option<String>,
    not_null: bool,
    default: Value,
}

/// Every foreign key of the dataset: those with a constraint in the order
/// PostgreSQL created them, then those without.
struct Keys {
    keys: Vec<Key>,
    /// For each table, its referencing keys with a constraint, in order.
    by_parent: Vec<Vec<usize>>,
    /// For each table, its referencing keys without one.
    unconstrained: Vec<Vec<usize>>,
    /// PostgreSQL's name for each table.
    table_names: Vec<String>,
    /// Each table's column types (postgres names).
    column_types: Vec<Vec<String>>,
}

impl Keys {
    fn new(schema: &Schema, data: &Dataset) -> Keys {
        let table_of_model: HashMap<usize, usize> = data
            .tables
            .iter()
            .enumerate()
            .map(|(i, t)| (t.model, i))
            .collect();
        let by_name = |name: &str| data.tables.iter().position(|t| t.table_name == name);
        let parent_column = |parent: usize, key: &str| -> Option<usize> {
            let t = data.tables.get(parent)?;
            let key = if key.is_empty() { "id" } else { key };
            t.column(key).or_else(|| {
                schema
                    .models
                    .get(t.model)
                    .and_then(|m| m.attribute(key))
                    .and_then(|a| t.column(&a.field))
            })
        };
        // Tables in creation order, each once.
        let mut order: Vec<usize> = Vec::new();
        let mut seen: HashSet<usize> = HashSet::default();
        for model in crate::sql::table_order(schema) {
            let table = table_of_model.get(&model).copied().or_else(|| {
                schema
                    .models
                    .get(model)
                    .and_then(|m| by_name(&m.table_name))
            });
            if let Some(t) = table.filter(|t| seen.insert(*t)) {
                order.push(t);
            }
        }
        order.extend((0..data.tables.len()).filter(|t| seen.insert(*t)));

        let mut names = postgres::ConstraintNames::default();
        let mut keys: Vec<Key> = Vec::new();
        let mut constrained_columns: HashSet<(usize, usize)> = HashSet::default();
        for &t in &order {
            let Some(table) = data.tables.get(t) else {
                continue;
            };
            let Some(model) = schema.models.get(table.model) else {
                continue;
            };
            for (column, (field, attribute)) in columns(model).into_iter().enumerate() {
                let Some(reference) = &attribute.references else {
                    continue;
                };
                let namespace = model.schema.as_deref().unwrap_or("public");
                let constraint = names.foreign_key(namespace, &table.table_name, &field);
                let Some(parent) = by_name(&reference.model) else {
                    continue;
                };
                let Some(parent_column) = parent_column(parent, &reference.key) else {
                    continue;
                };
                constrained_columns.insert((t, column));
                keys.push(key(
                    t,
                    column,
                    parent,
                    parent_column,
                    attribute,
                    Some(constraint),
                ));
            }
        }
        // Keys an association made with `constraints: false`.
        for a in &schema.associations {
            let holders: Vec<(usize, &str, usize, Option<&str>)> = match a.kind {
                AssociationKind::BelongsTo => {
                    vec![(
                        a.source,
                        a.foreign_key.as_str(),
                        a.target,
                        a.target_key.as_deref(),
                    )]
                }
                AssociationKind::HasOne | AssociationKind::HasMany => {
                    vec![(
                        a.target,
                        a.foreign_key.as_str(),
                        a.source,
                        a.source_key.as_deref(),
                    )]
                }
                AssociationKind::BelongsToMany => match a.through {
                    Some(through) => {
                        let mut v = vec![(
                            through,
                            a.foreign_key.as_str(),
                            a.source,
                            a.source_key.as_deref(),
                        )];
                        if let Some(other) = &a.other_key {
                            v.push((through, other.as_str(), a.target, a.target_key.as_deref()));
                        }
                        v
                    }
                    None => Vec::new(),
                },
            };
            for (holder, foreign_key, referenced, referenced_key) in holders {
                let Some(holder_model) = schema.models.get(holder) else {
                    continue;
                };
                let Some(t) = by_name(&holder_model.table_name) else {
                    continue;
                };
                let Some(attribute) = holder_model.attribute(foreign_key) else {
                    continue;
                };
                if attribute.references.is_some() {
                    continue;
                }
                let Some(column) = data.tables.get(t).and_then(|x| x.column(&attribute.field))
                else {
                    continue;
                };
                let Some(referenced_model) = schema.models.get(referenced) else {
                    continue;
                };
                let Some(parent) = by_name(&referenced_model.table_name) else {
                    continue;
                };
                let key_name = referenced_key
                    .map(str::to_string)
                    .or_else(|| referenced_model.primary_keys.first().cloned())
                    .unwrap_or_else(|| "id".into());
                let Some(parent_column) = parent_column(parent, &key_name) else {
                    continue;
                };
                if constrained_columns.contains(&(t, column))
                    || keys
                        .iter()
                        .any(|k| k.table == t && k.column == column && k.parent == parent)
                {
                    continue;
                }
                keys.push(key(t, column, parent, parent_column, attribute, None));
            }
        }
        let mut by_parent = vec![Vec::new(); data.tables.len()];
        let mut unconstrained = vec![Vec::new(); data.tables.len()];
        for (i, k) in keys.iter().enumerate() {
            let list = if k.constraint.is_some() {
                by_parent.get_mut(k.parent)
            } else {
                unconstrained.get_mut(k.parent)
            };
            if let Some(list) = list {
                list.push(i);
            }
        }
        let table_names = data
            .tables
            .iter()
            .map(|t| postgres::identifier(&t.table_name).to_string())
            .collect();
        let column_types = data
            .tables
            .iter()
            .map(|t| {
                let model = schema.models.get(t.model);
                let of_model = model.map(columns).unwrap_or_default();
                t.columns
                    .iter()
                    .map(|c| {
                        of_model
                            .iter()
                            .find(|(f, _)| f == c)
                            .map(|(_, a)| a.data_type.clone())
                            .unwrap_or_default()
                    })
                    .collect()
            })
            .collect();
        Keys {
            keys,
            by_parent,
            unconstrained,
            table_names,
            column_types,
        }
    }
}

fn key(
    table: usize,
    column: usize,
    parent: usize,
    parent_column: usize,
    attribute: &Attribute,
    constraint: Option<String>,
) -> Key {
    let default = match &attribute.default {
        Some(DefaultValue::Bool(b)) => Value::Bool(*b),
        Some(DefaultValue::Number(n)) if n.fract() == 0.0 && n.abs() < 9e15 => {
            Value::Int(*n as i64)
        }
        Some(DefaultValue::Number(n)) => Value::Number(n.to_string()),
        Some(DefaultValue::Str(s)) => Value::Text(s.clone()),
        Some(DefaultValue::Json(s)) => Value::Json(s.clone()),
        _ => Value::Null,
    };
    Key {
        table,
        column,
        parent,
        parent_column,
        rule: Rule::from_on_delete(attribute.on_delete.as_deref()),
        constraint,
        // What the DDL makes NOT NULL: an explicit allowNull: false, a
        // primary key, a SERIAL.
        not_null: attribute.allow_null_option == Some(false)
            || attribute.primary_key
            || attribute.auto_increment,
        default,
    }
}

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
struct Simulation<'a> {
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
    fn new(data: &'a Dataset, edits: &'a Edits, keys: &'a Keys) -> Self {
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
    fn delete(&mut self, r: RecordRef, cause: Option<Cause>) {
        self.gone.insert(r);
        if let Some(cause) = cause {
            self.removed.push(Removed { record: r, cause });
        }
        for &key in self.keys.by_parent.get(r.table).into_iter().flatten() {
            let value = self.cell(r, self.keys.keys[key].parent_column);
            self.queue.push_back(Event::Deleted { row: r, key, value });
        }
    }

    fn run(&mut self) -> Result<(), Refusal> {
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
    fn finish(self, record: RecordRef) -> Change {
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

#[cfg(test)]
mod tests;
