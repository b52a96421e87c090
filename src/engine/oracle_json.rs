//! The strict result in exactly the oracle's JSON schema
//! (`../shared/oracle/README.md`): what `assoc json` prints. This is a
//! serialisation boundary: the schema's own types are not the wire format.

use serde_json::{json, Map, Value as Json};

use super::schema::{Attribute, Model, Unique};
use super::Analysis;

/// `{"ok": true, "models": …, "associations": […]}` or
/// `{"ok": false, "error": "…"}` when Sequelize would throw.
pub fn oracle_json(analysis: &Analysis) -> Json {
    if let Some(e) = &analysis.strict_error {
        return json!({ "error": e.message, "ok": false });
    }
    let schema = &analysis.schema;
    let mut models = Map::new();
    for m in &schema.models {
        models.insert(m.name.clone(), model_json(m));
    }
    let mut associations: Vec<(String, Json)> = schema
        .live_associations()
        .map(|a| {
            let source = &schema.models[a.source].name;
            let mut o = Map::new();
            let mut accessors: Vec<&str> = a.accessors.iter().map(|x| x.name.as_str()).collect();
            accessors.sort_unstable();
            o.insert("accessors".into(), json!(accessors));
            o.insert(
                "as".into(),
                a.alias_object.clone().unwrap_or_else(|| json!(a.as_name)),
            );
            o.insert("foreignKey".into(), json!(a.foreign_key));
            if let Some(k) = &a.other_key {
                o.insert("otherKey".into(), json!(k));
            }
            o.insert("source".into(), json!(source));
            if let Some(k) = &a.source_key {
                o.insert("sourceKey".into(), json!(k));
            }
            o.insert("target".into(), json!(schema.models[a.target].name));
            if let Some(k) = &a.target_key {
                o.insert("targetKey".into(), json!(k));
            }
            if let Some(t) = a.through {
                o.insert("through".into(), json!(schema.models[t].name));
            }
            o.insert("type".into(), json!(a.kind.as_str()));
            (format!("{source}{}", a.as_name), Json::Object(o))
        })
        .collect();
    associations.sort_by(|x, y| x.0.cmp(&y.0));
    // serde_json's maps are sorted by key, as the oracle prints them.
    json!({
        "associations": associations.into_iter().map(|(_, a)| a).collect::<Vec<_>>(),
        "models": Json::Object(models),
        "ok": true,
    })
}

fn model_json(m: &Model) -> Json {
    let mut attributes = Map::new();
    for a in &m.attributes {
        attributes.insert(a.name.clone(), attribute_json(a));
    }
    let mut primary_keys = m.primary_keys.clone();
    primary_keys.sort();
    let table = match &m.schema {
        Some(s) => format!("\"{s}\".\"{}\"", m.table_name),
        None => m.table_name.clone(),
    };
    json!({ "attributes": Json::Object(attributes), "primaryKeys": primary_keys, "tableName": table })
}

fn attribute_json(a: &Attribute) -> Json {
    let mut o = Map::new();
    o.insert("allowNull".into(), json!(a.allow_null));
    if a.auto_increment {
        o.insert("autoIncrement".into(), json!(true));
    }
    o.insert("field".into(), json!(a.field));
    if let Some(v) = &a.on_delete {
        o.insert("onDelete".into(), json!(v));
    }
    if let Some(v) = &a.on_update {
        o.insert("onUpdate".into(), json!(v));
    }
    o.insert("primaryKey".into(), json!(a.primary_key));
    if let Some(r) = &a.references {
        o.insert(
            "references".into(),
            json!({ "key": r.key, "model": r.model }),
        );
    }
    // The oracle leaves `type` out where Sequelize prints it as undefined.
    if a.data_type != "undefined" {
        o.insert("type".into(), json!(a.data_type));
    }
    match &a.unique {
        Some(Unique::Flag(b)) => {
            o.insert("unique".into(), json!(b));
        }
        Some(Unique::Named(n)) => {
            o.insert("unique".into(), json!(n));
        }
        Some(Unique::Object(v)) => {
            o.insert("unique".into(), v.clone());
        }
        None => {}
    }
    Json::Object(o)
}
