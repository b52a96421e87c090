//! The simulated dataset: seeded rows for every table of a schema that
//! obey its keys.
//!
//! Input: the engine's [`Schema`] and [`Options`] (the seed, rows per
//! model). Output: [`Dataset`], one [`Table`] per table in foreign-key
//! order (every table after those it references), each row a value per
//! column. Primary keys and unique keys are unique, every foreign key
//! holds a value of the referenced column of an existing row (or NULL
//! where it may), a hasOne's foreign key names each parent at most once,
//! and a junction's key pairs differ. Where the keys cannot all be met (a
//! NOT NULL key to an empty table, a cycle of NOT NULL keys, more pairs
//! than there are parents), the table gets fewer rows and
//! [`Dataset::notes`] says why; a constraint is never broken.
//!
//! What it deliberately does not know: SQL (the INSERTs are `sql`'s),
//! defaults and validations, CHECK-like limits beyond a type's length and
//! precision. Pure: no IO, no clock, randomness only from the seed
//! ([`rng`]). Never panics on any schema.

pub mod cascade;
pub mod eager;
pub mod edits;
pub mod query;
mod rng;
mod values;
pub mod walk;

pub use edits::{Edits, RecordRef};
pub use walk::{Step, Walker};

use crate::engine::fast_hash::{HashMap, HashSet};
use crate::engine::schema::{AssociationKind, Attribute, Model, ModelId, Schema, Unique};

use rng::Rng;

/// How many rows, and from which seed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Options {
    pub seed: u64,
    /// Rows per ordinary model; a junction model gets twice as many pairs.
    pub rows: usize,
}

impl Default for Options {
    fn default() -> Self {
        Options { seed: 1, rows: 5 }
    }
}

/// One column's value in one row.
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    Null,
    Bool(bool),
    Int(i64),
    /// A DECIMAL or FLOAT, as its decimal text (`19.99`).
    Number(String),
    /// Strings, dates (`2024-03-05 10:20:00`), UUIDs, ENUM values.
    Text(String),
    /// A JSON column's value, as JSON text.
    Json(String),
    /// An ARRAY column's elements.
    Array(Vec<Value>),
}

impl Value {
    /// The value as JSON: numbers as numbers, a JSON column as its JSON.
    pub fn to_json(&self) -> String {
        match self {
            Value::Null => "null".into(),
            Value::Bool(b) => b.to_string(),
            Value::Int(i) => i.to_string(),
            Value::Number(n) => n.clone(),
            Value::Text(s) => serde_json::Value::String(s.clone()).to_string(),
            Value::Json(s) => s.clone(),
            Value::Array(items) => {
                let parts: Vec<String> = items.iter().map(Value::to_json).collect();
                format!("[{}]", parts.join(","))
            }
        }
    }

    /// The text a unique key compares: equal values, equal text.
    fn key(&self) -> String {
        match self {
            Value::Null => "\u{0}null".into(),
            Value::Bool(b) => format!("b{b}"),
            Value::Int(i) => format!("n{i}"),
            Value::Number(s) => format!("n{s}"),
            Value::Text(s) | Value::Json(s) => format!("s{s}"),
            Value::Array(items) => {
                let parts: Vec<String> = items.iter().map(Value::key).collect();
                format!("a[{}]", parts.join(","))
            }
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct Table {
    /// The model whose columns these are (the last one with this table).
    pub model: ModelId,
    pub table_name: String,
    pub schema: Option<String>,
    /// Column (field) names.
    pub columns: Vec<String>,
    /// One value per column, in `columns` order.
    pub rows: Vec<Vec<Value>>,
}

impl Table {
    /// `schema.table` with a schema, else the table name.
    pub fn name(&self) -> String {
        match &self.schema {
            Some(s) => format!("{s}.{}", self.table_name),
            None => self.table_name.clone(),
        }
    }

    pub fn column(&self, field: &str) -> Option<usize> {
        self.columns.iter().position(|c| c == field)
    }
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Dataset {
    pub seed: u64,
    /// In foreign-key order: a table after the tables it references,
    /// except along a cycle.
    pub tables: Vec<Table>,
    /// Where fewer rows were made than asked for, or a key left NULL, why.
    pub notes: Vec<String>,
}

impl Dataset {
    /// `{"seed":N,"tables":{"<table>":[{column: value, ...}, ...]}}`, the
    /// tables in order.
    pub fn to_json(&self) -> String {
        let text = |s: &str| serde_json::Value::String(s.to_string()).to_string();
        let tables: Vec<String> = self
            .tables
            .iter()
            .map(|t| {
                let rows: Vec<String> = t
                    .rows
                    .iter()
                    .map(|row| {
                        let cells: Vec<String> = t
                            .columns
                            .iter()
                            .zip(row)
                            .map(|(c, v)| format!("{}:{}", text(c), v.to_json()))
                            .collect();
                        format!("{{{}}}", cells.join(","))
                    })
                    .collect();
                format!("{}:[{}]", text(&t.name()), rows.join(","))
            })
            .collect();
        format!(
            "{{\"seed\":{},\"tables\":{{{}}}}}",
            self.seed,
            tables.join(",")
        )
    }

    pub fn table(&self, table_name: &str) -> Option<&Table> {
        self.tables.iter().find(|t| t.table_name == table_name)
    }
}

/// A model's stored columns by field: a later attribute on a column
/// defines it, in the first one's place. VIRTUAL attributes are not stored.
pub fn columns(model: &Model) -> Vec<(String, &Attribute)> {
    let mut out: Vec<(String, &Attribute)> = Vec::new();
    for a in model.attributes.iter().filter(|a| a.data_type != "VIRTUAL") {
        match out.iter_mut().find(|(f, _)| *f == a.field) {
            Some(slot) => slot.1 = a,
            None => out.push((a.field.clone(), a)),
        }
    }
    out
}

/// The column groups whose values must differ between rows: the primary
/// key, and each unique key (`unique: true` alone, or the columns sharing
/// a `unique` name). Fields, by index into [`columns`].
pub fn unique_groups(model: &Model, fields: &[String]) -> Vec<Vec<usize>> {
    let at = |field: &str| fields.iter().position(|f| f == field);
    let mut groups: Vec<Vec<usize>> = Vec::new();
    let primary: Vec<usize> = model
        .attributes
        .iter()
        .filter(|a| a.primary_key && a.data_type != "VIRTUAL")
        .filter_map(|a| at(&a.field))
        .collect();
    if !primary.is_empty() {
        groups.push(primary);
    }
    let mut named: Vec<(String, Vec<usize>)> = Vec::new();
    for a in &model.attributes {
        let Some(index) = at(&a.field) else { continue };
        let name = match &a.unique {
            None | Some(Unique::Flag(false)) => continue,
            Some(Unique::Flag(true)) => format!("\u{0}{}", a.name),
            Some(Unique::Named(n)) => n.clone(),
            Some(Unique::Object(json)) => match json.get("name") {
                Some(v) => v.to_string(),
                None => format!("\u{0}{}", a.name),
            },
        };
        match named.iter_mut().find(|(n, _)| *n == name) {
            Some((_, g)) => g.push(index),
            None => named.push((name, vec![index])),
        }
    }
    groups.extend(named.into_iter().map(|(_, g)| g));
    groups
}

/// The rows each model gets (the last model of each table), in foreign-key
/// order. Linear in rows times columns, with a bounded number of retries
/// per row.
pub fn generate(schema: &Schema, options: &Options) -> Dataset {
    let mut rng = Rng::new(options.seed);
    let mut notes = Vec::new();
    // The last model of each table name holds it, as Sequelize's table map.
    let mut holder: HashMap<String, ModelId> = HashMap::default();
    for (i, m) in schema.models.iter().enumerate() {
        holder.insert(table_key(m), i);
    }
    let by_table_name: HashMap<&str, ModelId> = holder
        .values()
        .filter_map(|&i| schema.models.get(i).map(|m| (m.table_name.as_str(), i)))
        .collect();
    let chosen: Vec<ModelId> = (0..schema.models.len())
        .filter(|i| {
            schema
                .models
                .get(*i)
                .is_some_and(|m| holder.get(&table_key(m)) == Some(i))
        })
        .collect();
    // Columns that a hasOne made: one child per parent.
    let mut one_per_parent: HashSet<(ModelId, String)> = HashSet::default();
    for a in &schema.associations {
        if a.kind == AssociationKind::HasOne {
            one_per_parent.insert((a.target, a.foreign_key.clone()));
        }
    }
    let order = fk_order(schema, &chosen, &by_table_name);
    let mut done: HashMap<ModelId, usize> = HashMap::default();
    let mut tables: Vec<Table> = Vec::with_capacity(order.len());
    for id in order {
        let Some(model) = schema.models.get(id) else {
            continue;
        };
        let cols = columns(model);
        let fields: Vec<String> = cols.iter().map(|(f, _)| f.clone()).collect();
        let mut groups = unique_groups(model, &fields);
        for (i, (_, a)) in cols.iter().enumerate() {
            if one_per_parent.contains(&(id, a.name.clone())) && !groups.contains(&vec![i]) {
                groups.push(vec![i]);
            }
        }
        let unique_column: Vec<bool> = (0..cols.len())
            .map(|i| groups.iter().any(|g| g.len() == 1 && g[0] == i))
            .collect();
        // Where each foreign key's values come from: (table index, column)
        // once that table has rows; None for a key to a table not yet made.
        let mut sources: Vec<Option<ParentColumn>> = Vec::with_capacity(cols.len());
        for (_, a) in &cols {
            let Some(reference) = &a.references else {
                sources.push(None);
                continue;
            };
            let parent = by_table_name.get(reference.model.as_str()).copied();
            let source = match parent {
                Some(p) if p == id => {
                    Some(ParentColumn::SelfTable(self_column(&cols, &reference.key)))
                }
                Some(p) => match done.get(&p) {
                    Some(&t) => {
                        let column = tables.get(t).and_then(|t: &Table| {
                            t.column(&reference.key).or_else(|| {
                                schema
                                    .models
                                    .get(p)
                                    .and_then(|m| m.attribute(&reference.key))
                                    .and_then(|ra| t.column(&ra.field))
                            })
                        });
                        match column {
                            Some(c) => Some(ParentColumn::Table(t, c)),
                            None => Some(ParentColumn::Missing),
                        }
                    }
                    None => Some(ParentColumn::Later),
                },
                None => Some(ParentColumn::Missing),
            };
            sources.push(source);
        }
        let wanted = if model.is_junction {
            options.rows.saturating_mul(2)
        } else {
            options.rows
        };
        // The values each foreign key may take, gathered once per table
        // (not once per row: generation stays linear in rows): a parent
        // table's non-NULL keys; for a self-reference, those of the rows
        // made so far, grown as rows are accepted.
        let parent_values: Vec<Vec<&Value>> = sources
            .iter()
            .map(|s| match s {
                Some(ParentColumn::Table(t, c)) => tables
                    .get(*t)
                    .map(|t| {
                        t.rows
                            .iter()
                            .filter_map(|r| r.get(*c))
                            .filter(|v| **v != Value::Null)
                            .collect()
                    })
                    .unwrap_or_default(),
                _ => Vec::new(),
            })
            .collect();
        let mut self_values: Vec<Vec<Value>> = vec![Vec::new(); cols.len()];
        let mut rows: Vec<Vec<Value>> = Vec::with_capacity(wanted);
        let mut seen: Vec<HashSet<String>> = vec![HashSet::default(); groups.len()];
        let mut failed = 0usize;
        let mut left_null: Vec<String> = Vec::new();
        'rows: for _ in 0..wanted {
            let ordinal = rows.len() as u64 + 1;
            for attempt in 0..20 {
                let mut row: Vec<Value> = Vec::with_capacity(cols.len());
                for (i, (_, a)) in cols.iter().enumerate() {
                    let unique = unique_column.get(i).copied().unwrap_or(false);
                    let value = match sources.get(i).and_then(|s| s.as_ref()) {
                        Some(_) => Value::Null, // filled below, after its row's own columns
                        // A column with a default is filled, as building
                        // the row without it would (and sync() can put such
                        // a column in the primary key: "not a PRIMARY KEY").
                        None if nullable(a)
                            && !unique
                            && rng.one_in(8)
                            && a.default_value.is_none() =>
                        {
                            Value::Null
                        }
                        None => values::value(&mut rng, a, ordinal, unique),
                    };
                    row.push(value);
                }
                let mut impossible = false;
                for (i, (_, a)) in cols.iter().enumerate() {
                    let Some(source) = sources.get(i).and_then(|s| s.as_ref()) else {
                        continue;
                    };
                    let may_be_null = nullable(a);
                    // Candidates: `earlier` values, then the row's own key
                    // (a self-reference that may not be NULL names itself).
                    let (earlier, own): (&[&Value], Option<&Value>) = match source {
                        ParentColumn::Table(..) => {
                            (parent_values.get(i).map_or(&[][..], Vec::as_slice), None)
                        }
                        ParentColumn::SelfTable(Some(c)) => (
                            &[][..],
                            row.get(*c).filter(|v| !may_be_null && **v != Value::Null),
                        ),
                        ParentColumn::SelfTable(None)
                        | ParentColumn::Later
                        | ParentColumn::Missing => (&[][..], None),
                    };
                    let before: &[Value] = match source {
                        ParentColumn::SelfTable(Some(_)) => {
                            self_values.get(i).map_or(&[][..], Vec::as_slice)
                        }
                        _ => &[],
                    };
                    let count = earlier.len() + before.len() + usize::from(own.is_some());
                    let value = if may_be_null && (count == 0 || attempt >= 10 || rng.one_in(6)) {
                        if matches!(source, ParentColumn::Later) && !left_null.contains(&a.field) {
                            left_null.push(a.field.clone());
                        }
                        Value::Null
                    } else if let Some(v) = {
                        let k = rng.below(count as u64) as usize;
                        match k.checked_sub(earlier.len()) {
                            None => earlier.get(k).copied(),
                            Some(k) if k < before.len() => before.get(k),
                            Some(_) => own,
                        }
                    } {
                        v.clone()
                    } else {
                        impossible = true;
                        break;
                    };
                    if let Some(slot) = row.get_mut(i) {
                        *slot = value;
                    }
                }
                if impossible {
                    failed += wanted - rows.len();
                    notes.push(format!(
                        "{}: no rows can be made after {} (a NOT NULL foreign key names no existing row)",
                        model.table_name,
                        rows.len()
                    ));
                    break 'rows;
                }
                let keys: Vec<Option<String>> = groups
                    .iter()
                    .map(|g| {
                        let parts: Vec<&Value> = g.iter().filter_map(|&i| row.get(i)).collect();
                        // SQL lets NULLs repeat in a unique key.
                        (!parts.iter().any(|v| **v == Value::Null)).then(|| {
                            parts
                                .iter()
                                .map(|v| v.key())
                                .collect::<Vec<_>>()
                                .join("\u{1f}")
                        })
                    })
                    .collect();
                let clash = keys
                    .iter()
                    .zip(&seen)
                    .any(|(k, s)| k.as_ref().is_some_and(|k| s.contains(k)));
                if clash {
                    continue;
                }
                for (k, s) in keys.into_iter().zip(seen.iter_mut()) {
                    if let Some(k) = k {
                        s.insert(k);
                    }
                }
                for (i, source) in sources.iter().enumerate() {
                    if let (Some(ParentColumn::SelfTable(Some(c))), Some(slot)) =
                        (source, self_values.get_mut(i))
                    {
                        if let Some(v) = row.get(*c).filter(|v| **v != Value::Null) {
                            slot.push(v.clone());
                        }
                    }
                }
                rows.push(row);
                continue 'rows;
            }
            failed += 1;
        }
        if failed > 0
            && !notes
                .iter()
                .any(|n| n.starts_with(&format!("{}: no rows", model.table_name)))
        {
            notes.push(format!(
                "{}: {} of {wanted} rows (no more distinct values for its unique keys)",
                model.table_name,
                rows.len()
            ));
        }
        for field in left_null {
            notes.push(format!(
                "{}.{field}: left NULL where no row it could name existed yet",
                model.table_name
            ));
        }
        done.insert(id, tables.len());
        tables.push(Table {
            model: id,
            table_name: model.table_name.clone(),
            schema: model.schema.clone(),
            columns: fields,
            rows,
        });
    }
    Dataset {
        seed: options.seed,
        tables,
        notes,
    }
}

/// Where a foreign key column takes its values.
enum ParentColumn {
    /// A column of a table already made: (index into tables, column).
    Table(usize, usize),
    /// A column of the same table (a self-reference): earlier rows, or the
    /// row itself where the key may not be NULL.
    SelfTable(Option<usize>),
    /// A table made later (along a cycle): NULL where it may be.
    Later,
    /// A table or column the schema does not have.
    Missing,
}

fn self_column(cols: &[(String, &Attribute)], key: &str) -> Option<usize> {
    cols.iter()
        .position(|(f, _)| f == key)
        .or_else(|| cols.iter().position(|(_, a)| a.name == key))
}

/// Whether the column may hold NULL: not a primary key, nor a SERIAL
/// (an autoIncrement column is NOT NULL even outside the primary key).
fn nullable(a: &Attribute) -> bool {
    a.allow_null && !a.primary_key && !a.auto_increment
}

fn table_key(model: &Model) -> String {
    match &model.schema {
        Some(s) => format!("{s}.{}", model.table_name),
        None => model.table_name.clone(),
    }
}

/// Parents first: repeatedly the first model (in definition order) whose
/// referenced tables are all made. Along a cycle, the first model whose
/// keys to tables not yet made may all be NULL goes next, else the first
/// left. Quadratic in models, which are few.
fn fk_order(
    schema: &Schema,
    chosen: &[ModelId],
    by_table_name: &HashMap<&str, ModelId>,
) -> Vec<ModelId> {
    let deps: Vec<Vec<(ModelId, bool)>> = chosen
        .iter()
        .map(|&i| {
            schema
                .models
                .get(i)
                .map(|m| {
                    m.attributes
                        .iter()
                        .filter_map(|a| {
                            let r = a.references.as_ref()?;
                            let p = *by_table_name.get(r.model.as_str())?;
                            (p != i).then_some((p, nullable(a)))
                        })
                        .collect()
                })
                .unwrap_or_default()
        })
        .collect();
    let mut placed: HashSet<ModelId> = HashSet::default();
    let mut order = Vec::with_capacity(chosen.len());
    let mut left: Vec<usize> = (0..chosen.len()).collect();
    while !left.is_empty() {
        let ready = |k: &usize, only_nullable: bool| {
            deps.get(*k).is_some_and(|d| {
                d.iter()
                    .all(|(p, null)| placed.contains(p) || (only_nullable && *null))
            })
        };
        let next = left
            .iter()
            .position(|k| ready(k, false))
            .or_else(|| left.iter().position(|k| ready(k, true)))
            .unwrap_or(0);
        let k = left.remove(next);
        if let Some(&id) = chosen.get(k) {
            placed.insert(id);
            order.push(id);
        }
    }
    order
}
