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

mod keys;
mod postgres;
mod simulation;

use std::fmt;

use super::edits::{Edits, RecordRef};
use super::{Dataset, Value};
use crate::engine::schema::{AttributeOrigin, Schema};
use keys::Keys;
use simulation::Simulation;

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

#[cfg(test)]
mod tests;
