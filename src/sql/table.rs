//! What every dialect's `createTable` starts from: a model's columns as
//! `sync()` hands them over (`tableAttributes`, keyed by column name), its
//! unique keys (`Model.uniqueKeys`), and the table a foreign key names.

use crate::engine::fast_hash::HashMap;
use crate::engine::schema::{Attribute, Model, Reference, Schema, Unique};

use super::text::js_object_order;

/// A model's columns: `tableAttributes` (rawAttributes without VIRTUAL
/// ones) keyed by their `field`, in the order of a JavaScript object with
/// those keys (`attributesToSQL` builds one). Two attributes on one column
/// give one column, in the first one's place, defined by the last.
pub fn columns(model: &Model) -> Vec<(String, &Attribute)> {
    js_object_order(
        stored(model)
            .map(|a| (a.field.clone(), a))
            .collect::<Vec<_>>(),
    )
}

/// `tableAttributes`: the attributes that are columns, in rawAttributes
/// order (VIRTUAL ones are not stored).
pub fn stored(model: &Model) -> impl Iterator<Item = &Attribute> {
    model.attributes.iter().filter(|a| a.data_type != "VIRTUAL")
}

/// One entry of `Model.uniqueKeys`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UniqueKey {
    /// Its name: `unique`'s string or `name`, or `<table>_<attribute>_unique`.
    pub name: String,
    pub fields: Vec<String>,
    /// False for `unique: true` alone, whose column says `UNIQUE` itself;
    /// true otherwise, and `createTable` then adds `UNIQUE (fields)`.
    pub custom_index: bool,
}

/// `Model.uniqueKeys` as `refreshAttributes` builds it: every attribute
/// with a truthy `unique` (VIRTUAL ones too), grouped by index name.
pub fn unique_keys(model: &Model) -> Vec<UniqueKey> {
    let mut keys: Vec<(String, UniqueKey)> = Vec::new();
    let mut index: HashMap<String, usize> = HashMap::default();
    for attribute in &model.attributes {
        let Some(unique) = &attribute.unique else {
            continue;
        };
        let default_name = || format!("{}_{}_unique", model.table_name, attribute.name);
        let name = match unique {
            Unique::Flag(false) => continue,
            Unique::Flag(true) => default_name(),
            Unique::Named(name) => name.clone(),
            Unique::Object(json) => match json.get("name") {
                Some(serde_json::Value::String(s)) => s.clone(),
                // An object key is the value as a string: `String(5)`.
                Some(serde_json::Value::Number(n)) => {
                    crate::engine::js_text::number(n.as_f64().unwrap_or(f64::NAN))
                }
                Some(other) => other.to_string(),
                None => default_name(),
            },
        };
        let custom_index = !matches!(unique, Unique::Flag(true));
        match index.get(&name).and_then(|&i| keys.get_mut(i)) {
            Some((_, key)) => {
                key.fields.push(attribute.field.clone());
                key.custom_index = custom_index;
            }
            None => {
                index.insert(name.clone(), keys.len());
                keys.push((
                    name.clone(),
                    UniqueKey {
                        name,
                        fields: vec![attribute.field.clone()],
                        custom_index,
                    },
                ));
            }
        }
    }
    js_object_order(keys).into_iter().map(|(_, k)| k).collect()
}

/// The schema of each table, by table name, to qualify the tables that
/// foreign keys name (the engine keeps a reference's table name only).
pub struct Tables<'s> {
    schema_of: HashMap<&'s str, Option<&'s str>>,
}

impl<'s> Tables<'s> {
    /// Built once per export: a later model with the same table name wins,
    /// as in Sequelize's own table map.
    pub fn new(schema: &'s Schema) -> Self {
        let mut schema_of = HashMap::default();
        for m in &schema.models {
            schema_of.insert(m.table_name.as_str(), m.schema.as_deref());
        }
        Tables { schema_of }
    }

    /// The schema of the model whose table `reference` names, if it has one.
    pub fn target_schema(&self, reference: &Reference) -> Option<&'s str> {
        self.schema_of
            .get(reference.model.as_str())
            .copied()
            .flatten()
    }

    /// The schema a foreign key's table is quoted with: an association's
    /// key names its target by `getTableName()`, which carries the
    /// target's schema; a table named by string takes the schema of the
    /// table holding the key (`attributeToSQL`'s `options.table.schema`).
    /// A model with that table name and a schema stands for the first case.
    pub fn referenced_schema<'m>(&self, holder: &'m Model, reference: &Reference) -> Option<&'m str>
    where
        's: 'm,
    {
        self.target_schema(reference).or(holder.schema.as_deref())
    }

    /// The node name `getModelsTopoSortedByForeignKey` gives a reference:
    /// `schema.table` when the referenced model has a schema, else the name.
    pub fn referenced_key(&self, reference: &Reference) -> String {
        match self.target_schema(reference) {
            Some(s) => format!("{s}.{}", reference.model),
            None => reference.model.clone(),
        }
    }
}
