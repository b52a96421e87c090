//! The SQL that Sequelize 6.37.8 (postgres dialect) sends for an
//! association getter (`organization.getEmployees()`) on one record, text
//! for text: `lib/associations/*.js`'s `get`, through `Model.findAll` /
//! `findOne` / `findByPk` and the postgres query generator's `selectQuery`.
//!
//! Input: the schema, an association and the value of the record's key
//! that the getter reads (the source key, or a belongsTo's foreign key).
//! Output: the statement, or `None` where Sequelize sends none (a
//! belongsTo to a primary key whose foreign key is NULL resolves to null
//! at once). `scripts/walk-sql.js --check` holds it to the real library on
//! every fixture.
//!
//! What it deliberately does not know: a model's default scope, options
//! passed to the getter, scope values other than strings, numbers,
//! booleans and null.

use super::Value;
use crate::engine::schema::{
    Association, AssociationKind, Attribute, Model, Schema, ScopeValue, Unique,
};

/// `"name"`, as the postgres query generator's `quoteIdentifier` writes
/// it: double quotes inside are dropped (`removeTicks`), not doubled.
pub fn quote(name: &str) -> String {
    format!("\"{}\"", name.replace('"', ""))
}

/// `"schema"."table"` or `"table"`.
pub fn table(model: &Model) -> String {
    match &model.schema {
        Some(s) => format!("{}.{}", quote(s), quote(&model.table_name)),
        None => quote(&model.table_name),
    }
}

/// A value as Sequelize's `escape` writes it for postgres: numbers and
/// booleans bare, text quoted with `'` doubled (and NUL as `\0`).
pub fn literal(v: &Value) -> String {
    match v {
        Value::Null => "NULL".into(),
        Value::Bool(b) => b.to_string(),
        Value::Int(i) => i.to_string(),
        Value::Number(n) => n.clone(),
        Value::Text(s) | Value::Json(s) => {
            format!("'{}'", s.replace('\'', "''").replace('\0', "\\0"))
        }
        Value::Array(items) => {
            let parts: Vec<String> = items.iter().map(literal).collect();
            format!("ARRAY[{}]", parts.join(","))
        }
    }
}

/// The attributes a query selects: every attribute but VIRTUAL ones, in
/// `rawAttributes` order.
fn selected(model: &Model) -> impl Iterator<Item = &Attribute> {
    model.attributes.iter().filter(|a| a.data_type != "VIRTUAL")
}

/// `"field"`, or `"field" AS "name"` where they differ, optionally
/// qualified by the model's alias.
fn select_item(a: &Attribute, qualifier: Option<&str>) -> String {
    let column = match qualifier {
        Some(q) => format!("{}.{}", quote(q), quote(&a.field)),
        None => quote(&a.field),
    };
    if a.field == a.name {
        column
    } else {
        format!("{column} AS {}", quote(&a.name))
    }
}

/// A model's column for an attribute name (the name itself if unknown).
fn field<'a>(model: &'a Model, attribute: &'a str) -> &'a str {
    model
        .attribute(attribute)
        .map_or(attribute, |a| a.field.as_str())
}

/// `"Alias"."field" = value`, or `IS NULL`.
fn equals(alias: &str, column: &str, data_type: &str, value: &Value) -> String {
    match value {
        Value::Null => format!("{}.{} IS NULL", quote(alias), quote(column)),
        v => format!(
            "{}.{} = {}",
            quote(alias),
            quote(column),
            typed_literal(data_type, v)
        ),
    }
}

/// A value as `escape(value, field)` writes it for a column of this type:
/// FLOAT, DOUBLE and REAL stringify numbers in quotes (`'2.5'`), others
/// as [`literal`].
pub fn typed_literal(data_type: &str, v: &Value) -> String {
    let floating = ["FLOAT", "DOUBLE", "REAL"]
        .iter()
        .any(|t| data_type.starts_with(t));
    match v {
        Value::Int(i) if floating => format!("'{i}'"),
        Value::Number(n) if floating => match n.parse::<f64>() {
            Ok(f) if f.is_finite() => format!("'{f}'"),
            _ => format!("'{n}'"),
        },
        other => literal(other),
    }
}

/// A scope's value as a [`Value`] (`None` for one the engine does not
/// follow).
pub fn scope_value(v: &ScopeValue) -> Option<Value> {
    Some(match v {
        ScopeValue::Null => Value::Null,
        ScopeValue::Bool(b) => Value::Bool(*b),
        ScopeValue::Number(n) if n.fract() == 0.0 && n.abs() < 1e15 => Value::Int(*n as i64),
        ScopeValue::Number(n) => Value::Number(n.to_string()),
        ScopeValue::Str(s) => Value::Text(s.clone()),
        ScopeValue::Other => return None,
    })
}

/// A where object's conditions in its key order: `Object.assign` of a
/// later key keeps the first one's place and takes the later value.
fn assign(object: &mut Vec<(String, Value)>, key: &str, value: Value) {
    match object.iter_mut().find(|(k, _)| k == key) {
        Some(slot) => slot.1 = value,
        None => object.push((key.to_string(), value)),
    }
}

fn assign_scope(object: &mut Vec<(String, Value)>, scope: &[(String, ScopeValue)]) {
    for (k, v) in scope {
        // An operator object: Sequelize writes a condition the walk does not
        // follow; it is left out.
        if let Some(v) = scope_value(v) {
            assign(object, k, v);
        }
    }
}

/// The conditions of a where object on a model, as `whereItemsQuery`
/// writes them.
fn items(model: &Model, alias: &str, object: &[(String, Value)]) -> Vec<String> {
    object
        .iter()
        .map(|(k, v)| {
            let data_type = model.attribute(k).map_or("", |a| a.data_type.as_str());
            equals(alias, field(model, k), data_type, v)
        })
        .collect()
}

/// A where object as one item of an `[Op.and]` group: in parentheses
/// where it has more than one key (`getComplexSize`).
fn group_item(items: &[String]) -> String {
    if items.len() > 1 {
        format!("({})", items.join(" AND "))
    } else {
        items.join(" AND ")
    }
}

/// `_paranoidClause`: `{ [Op.and]: [{ deletedAt: null }, where] }` for a
/// paranoid model, else the where object's conditions.
fn paranoid(model: &Model, alias: &str, items: &[String]) -> String {
    match &model.deleted_at {
        Some(d) => format!(
            "({}.{} IS NULL AND {})",
            quote(alias),
            quote(field(model, d)),
            group_item(items)
        ),
        None => items.join(" AND "),
    }
}

/// `primaryKeyAttribute`: the first primary key attribute.
fn primary_key(model: &Model) -> Option<&str> {
    model.primary_keys.first().map(String::as_str)
}

/// `findOne` adds `LIMIT 1` unless the where names the primary key or a
/// single-column unique key with a primitive value. Unique keys are
/// `Model.uniqueKeys`: attributes grouped by index name, each group's
/// `column` its last attribute.
fn needs_limit(model: &Model, object: &[(String, Value)]) -> bool {
    object
        .iter()
        .all(|(attribute, value)| !names_one_row(model, attribute, value))
}

fn names_one_row(model: &Model, attribute: &str, value: &Value) -> bool {
    if matches!(value, Value::Null | Value::Array(_) | Value::Json(_)) {
        return false;
    }
    if primary_key(model) == Some(attribute) {
        return true;
    }
    let mut groups: Vec<(String, usize, &str)> = Vec::new();
    for a in &model.attributes {
        let name = match &a.unique {
            None | Some(Unique::Flag(false)) => continue,
            Some(Unique::Named(n)) => n.clone(),
            Some(Unique::Object(json)) => match json.get("name").and_then(|n| n.as_str()) {
                Some(n) => n.to_string(),
                None => format!("{}_{}_unique", model.table_name, a.name),
            },
            Some(Unique::Flag(true)) => format!("{}_{}_unique", model.table_name, a.name),
        };
        match groups.iter_mut().find(|(n, _, _)| *n == name) {
            Some(g) => {
                g.1 += 1;
                g.2 = &a.name;
            }
            None => groups.push((name, 1, &a.name)),
        }
    }
    groups
        .iter()
        .any(|(_, count, column)| *count == 1 && *column == attribute)
}

/// The getter's statement for a record whose key (the association's
/// source key, or a belongsTo's foreign key) holds `value`.
pub fn getter_sql(schema: &Schema, a: &Association, value: &Value) -> Option<String> {
    let target = schema.models.get(a.target)?;
    let alias = target.name.as_str();
    let from = format!("{} AS {}", table(target), quote(alias));
    match a.kind {
        AssociationKind::BelongsTo => {
            let target_key = a
                .target_key
                .as_deref()
                .or_else(|| primary_key(target))
                .unwrap_or("id");
            // `findByPk` of a NULL key resolves to null without a query.
            if primary_key(target) == Some(target_key) && *value == Value::Null {
                return None;
            }
            let object = [(target_key.to_string(), value.clone())];
            let condition = paranoid(target, alias, &items(target, alias, &object));
            Some(format!(
                "SELECT {} FROM {from} WHERE {condition};",
                plain_list(target)
            ))
        }
        AssociationKind::HasOne | AssociationKind::HasMany => {
            // hasMany: the scope, then the key; hasOne: the key, then the
            // scope (`Object.assign(where, this.scope)` after it).
            let mut object = Vec::new();
            if a.kind == AssociationKind::HasMany {
                assign_scope(&mut object, &a.scope);
                assign(&mut object, &a.foreign_key, value.clone());
            } else {
                assign(&mut object, &a.foreign_key, value.clone());
                assign_scope(&mut object, &a.scope);
            }
            let condition = paranoid(target, alias, &items(target, alias, &object));
            let limit = a.kind == AssociationKind::HasOne && needs_limit(target, &object);
            Some(format!(
                "SELECT {} FROM {from} WHERE {condition}{};",
                plain_list(target),
                if limit { " LIMIT 1" } else { "" }
            ))
        }
        AssociationKind::BelongsToMany => {
            let through = schema.models.get(a.through?)?;
            let j = through.name.as_str();
            let target_key = a
                .target_key
                .as_deref()
                .or_else(|| primary_key(target))
                .unwrap_or("id");
            let other_key = a.other_key.as_deref().unwrap_or_default();
            let mut columns: Vec<String> = selected(target)
                .map(|x| select_item(x, Some(alias)))
                .collect();
            columns.extend(selected(through).map(|x| {
                format!(
                    "{}.{} AS {}",
                    quote(j),
                    quote(&x.field),
                    quote(&format!("{j}.{}", x.name))
                )
            }));
            let mut through_object = Vec::new();
            assign(&mut through_object, &a.foreign_key, value.clone());
            assign_scope(&mut through_object, &a.through_scope);
            let on_through = paranoid(through, j, &items(through, j, &through_object));
            // `{ [Op.and]: [scope, undefined] }`, inside the paranoid clause.
            let mut scope = Vec::new();
            assign_scope(&mut scope, &a.scope);
            let scope_group = (!scope.is_empty())
                .then(|| format!("({})", group_item(&items(target, alias, &scope))));
            let deleted = target
                .deleted_at
                .as_deref()
                .map(|d| format!("{}.{} IS NULL", quote(alias), quote(field(target, d))));
            let where_target = match (deleted, scope_group) {
                (Some(d), Some(s)) => format!(" WHERE ({d} AND {s})"),
                (Some(d), None) => format!(" WHERE ({d})"),
                (None, Some(s)) => format!(" WHERE {s}"),
                (None, None) => String::new(),
            };
            Some(format!(
                "SELECT {} FROM {from} INNER JOIN {} AS {} ON {}.{} = {}.{} AND {on_through}{where_target};",
                columns.join(", "),
                table(through),
                quote(j),
                quote(alias),
                quote(field(target, target_key)),
                quote(j),
                quote(field(through, other_key)),
            ))
        }
    }
}

/// The select list of a query without includes.
fn plain_list(model: &Model) -> String {
    selected(model)
        .map(|a| select_item(a, None))
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identifiers_lose_their_double_quotes_and_text_doubles_its_quotes() {
        assert_eq!(quote("a\"b"), "\"ab\"");
        assert_eq!(literal(&Value::Text("O'Hara".into())), "'O''Hara'");
        assert_eq!(literal(&Value::Int(-3)), "-3");
        assert_eq!(literal(&Value::Bool(true)), "true");
    }
}
