//! The dataset's foreign keys as the database holds them: for each
//! referencing column, the referenced table and column, its ON DELETE
//! rule and PostgreSQL's name for its constraint, in the order the
//! constraints were created (the order `sync()` creates the tables in,
//! then column order), which is the order their triggers fire in; and
//! the keys an association made with `constraints: false`, which have no
//! constraint.

use super::postgres;
use super::Rule;
use crate::dataset::{columns, Dataset, Value};
use crate::engine::fast_hash::{HashMap, HashSet};
use crate::engine::schema::{AssociationKind, Attribute, DefaultValue, Schema};

/// A foreign key between two tables of the dataset.
#[derive(Clone, Debug)]
pub struct Key {
    /// The referencing table and column.
    pub table: usize,
    pub column: usize,
    /// The referenced table and column.
    pub parent: usize,
    pub parent_column: usize,
    pub rule: Rule,
    /// None for a key without a constraint.
    pub constraint: Option<String>,
    pub not_null: bool,
    pub default: Value,
}

/// Every foreign key of the dataset: those with a constraint in the order
/// PostgreSQL created them, then those without.
pub struct Keys {
    pub keys: Vec<Key>,
    /// For each table, its referencing keys with a constraint, in order.
    pub by_parent: Vec<Vec<usize>>,
    /// For each table, its referencing keys without one.
    pub unconstrained: Vec<Vec<usize>>,
    /// PostgreSQL's name for each table.
    pub table_names: Vec<String>,
    /// Each table's column types (postgres names).
    pub column_types: Vec<Vec<String>>,
}

impl Keys {
    pub fn new(schema: &Schema, data: &Dataset) -> Keys {
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
