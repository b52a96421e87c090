//! Eager loading on the simulated dataset: what
//! `JSON.stringify(await Root.findAll({ include: [...] }))` gives (postgres),
//! and the call as a user writes it.
//!
//! Input: the schema, the dataset and its edits, a root model and an
//! [`Include`] tree. Output: JSON text. Each instance carries its
//! attributes in `rawAttributes` order (VIRTUAL ones left out), then each
//! include under the association's `as`: an array for hasMany and
//! belongsToMany, an object or `null` for hasOne and belongsTo; a
//! belongsToMany's target carries its junction row under the junction
//! model's name, before its own includes. Values are as node-postgres
//! hands them to Sequelize: BIGINT and DECIMAL as strings (DECIMAL padded
//! to its scale), timestamps as `Date`s (ISO text in UTC, as Sequelize's
//! `+00:00` connections store them), DATEONLY as text, JSON as JSON
//! (JSONB's keys in PostgreSQL's order). An included attribute whose
//! column alias (`a.b.Through.attribute`) passes PostgreSQL's 63 bytes
//! loses its end, as it does in Sequelize's results.
//! Rows come in table order (no ORDER BY: the order PostgreSQL most
//! plausibly returns them in); soft-deleted rows of paranoid models are
//! left out.
//!
//! What it deliberately does not know: `where`, `attributes`, `required`
//! and scopes in an include.

use super::edits::{Edits, RecordRef};
use super::walk::Walker;
use super::{Dataset, Value};
use crate::engine::schema::{AssociationId, AssociationKind, Model, ModelId, Schema};

/// One entry of `include`: an association and what to include under it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Include {
    pub association: AssociationId,
    pub children: Vec<Include>,
}

/// Reads `employees(tasks),projects`: associations of `root` by their
/// `as`, each one's own includes in parentheses.
pub fn parse_include(schema: &Schema, root: ModelId, spec: &str) -> Result<Vec<Include>, String> {
    let mut at = 0;
    let out = parse_list(schema, root, spec.as_bytes(), &mut at, 0)?;
    if at < spec.len() {
        return Err(format!("unexpected `)` at {at} in `{spec}`"));
    }
    Ok(out)
}

fn parse_list(
    schema: &Schema,
    model: ModelId,
    spec: &[u8],
    at: &mut usize,
    depth: usize,
) -> Result<Vec<Include>, String> {
    if depth > 32 {
        return Err("includes nested too deep".into());
    }
    let mut out = Vec::new();
    loop {
        let start = *at;
        while *at < spec.len() && !matches!(spec.get(*at), Some(b'(' | b')' | b',')) {
            *at += 1;
        }
        let name = String::from_utf8_lossy(spec.get(start..*at).unwrap_or_default());
        let name = name.trim();
        if !name.is_empty() {
            let Some(id) = schema
                .associations
                .iter()
                .position(|a| a.source == model && a.is_live() && a.as_name == name)
            else {
                let model_name = schema.models.get(model).map_or("?", |m| m.name.as_str());
                return Err(format!("{model_name} has no association named `{name}`"));
            };
            let mut children = Vec::new();
            if spec.get(*at) == Some(&b'(') {
                *at += 1;
                let target = schema.associations.get(id).map_or(model, |a| a.target);
                children = parse_list(schema, target, spec, at, depth + 1)?;
                if spec.get(*at) != Some(&b')') {
                    return Err(format!("`(` without `)` after `{name}`"));
                }
                *at += 1;
            }
            out.push(Include {
                association: id,
                children,
            });
        }
        match spec.get(*at) {
            Some(b',') => *at += 1,
            _ => return Ok(out),
        }
    }
}

/// The call as a user writes it:
/// `Organization.findAll({ include: [{ model: Employee, as: 'employees', include: [Task] }] })`,
/// a bare model where the association has no alias and nothing nested.
pub fn include_code(schema: &Schema, root: ModelId, include: &[Include]) -> String {
    let name = schema.models.get(root).map_or("Model", |m| m.name.as_str());
    if include.is_empty() {
        return format!("{name}.findAll()");
    }
    format!(
        "{name}.findAll({{ include: {} }})",
        list_code(schema, include)
    )
}

fn list_code(schema: &Schema, include: &[Include]) -> String {
    let items: Vec<String> = include
        .iter()
        .map(|i| {
            let Some(a) = schema.associations.get(i.association) else {
                return String::from("null");
            };
            let model = schema
                .models
                .get(a.target)
                .map_or("Model", |m| m.name.as_str());
            if !a.aliased && i.children.is_empty() {
                return model.to_string();
            }
            let mut parts = vec![format!("model: {model}")];
            if a.aliased {
                parts.push(format!(
                    "as: '{}'",
                    a.as_name.replace('\\', "\\\\").replace('\'', "\\'")
                ));
            }
            if !i.children.is_empty() {
                parts.push(format!("include: {}", list_code(schema, &i.children)));
            }
            format!("{{ {} }}", parts.join(", "))
        })
        .collect();
    format!("[{}]", items.join(", "))
}

/// `JSON.stringify(await Root.findAll({ include }))` on the dataset with its
/// edits. Linear in the rows printed (the walker's indexes find each
/// include's rows).
pub fn eager(
    schema: &Schema,
    data: &Dataset,
    edits: &Edits,
    root_model: ModelId,
    include: &[Include],
) -> String {
    let walker = Walker::new(schema, data);
    eager_page(&walker, edits, root_model, include, usize::MAX).0
}

/// [`eager`]'s first `limit` results, over a walker's indexes (the page
/// keeps them), and how many results there are in all.
pub fn eager_page(
    walker: &Walker,
    edits: &Edits,
    root_model: ModelId,
    include: &[Include],
    limit: usize,
) -> (String, usize) {
    let (schema, data) = (walker.schema(), walker.data());
    let Some(t) = walker.table_of(root_model) else {
        return ("[]".into(), 0);
    };
    let rows = data.tables.get(t).map_or(0, |t| t.rows.len());
    let mut out = String::from("[");
    let mut count = 0;
    for row in 0..rows {
        let r = RecordRef { table: t, row };
        if edits.is_removed(r) || soft_deleted(walker, edits, r, schema, root_model) {
            continue;
        }
        count += 1;
        if count > limit {
            continue;
        }
        if count > 1 {
            out.push(',');
        }
        let cx = Context {
            walker,
            schema,
            edits,
        };
        instance(&cx, root_model, r, include, None, 0, &mut out);
    }
    out.push(']');
    (out, count)
}

fn soft_deleted(
    walker: &Walker,
    edits: &Edits,
    r: RecordRef,
    schema: &Schema,
    model: ModelId,
) -> bool {
    let Some(deleted) = schema
        .models
        .get(model)
        .and_then(|m| m.deleted_at.as_deref())
    else {
        return false;
    };
    walker
        .value(edits, r, model, deleted)
        .is_some_and(|v| *v != Value::Null)
}

/// What every instance of one `findAll` reads.
struct Context<'w, 'a> {
    walker: &'w Walker<'a>,
    schema: &'a Schema,
    edits: &'w Edits,
}

/// One instance's JSON: its attributes, the junction row (`through`: the
/// junction model and its row), then its includes.
fn instance(
    cx: &Context,
    model: ModelId,
    r: RecordRef,
    include: &[Include],
    through: Option<(ModelId, RecordRef)>,
    path: usize,
    out: &mut String,
) {
    let (walker, schema, edits) = (cx.walker, cx.schema, cx.edits);
    let Some(m) = schema.models.get(model) else {
        out.push_str("null");
        return;
    };
    out.push('{');
    attributes(walker, m, model, edits, r, path, out);
    if let Some((j, jr)) = through {
        if let Some(jm) = schema.models.get(j) {
            push_key(out, &jm.name);
            out.push('{');
            attributes(walker, jm, j, edits, jr, alias_path(path, &jm.name), out);
            out.push('}');
        }
    }
    for i in include {
        let Some(a) = schema.associations.get(i.association) else {
            continue;
        };
        push_key(out, &a.as_name);
        let child = alias_path(path, &a.as_name);
        let step = walker.include(edits, r, i.association);
        let records = step
            .as_ref()
            .map(|s| s.records.as_slice())
            .unwrap_or_default();
        let junctions = step
            .as_ref()
            .map(|s| s.through.as_slice())
            .unwrap_or_default();
        if a.kind.is_multi() {
            out.push('[');
            for (k, &x) in records.iter().enumerate() {
                if k > 0 {
                    out.push(',');
                }
                let via = match (a.kind, a.through, junctions.get(k)) {
                    (AssociationKind::BelongsToMany, Some(j), Some(&jr)) => Some((j, jr)),
                    _ => None,
                };
                instance(cx, a.target, x, &i.children, via, child, out);
            }
            out.push(']');
        } else {
            match records.first() {
                Some(&x) => instance(cx, a.target, x, &i.children, None, child, out),
                None => out.push_str("null"),
            }
        }
    }
    out.push('}');
}

/// The length in bytes of an included instance's column alias prefix
/// (`participants.Conversations`): 0 at the root, whose columns are not
/// aliased.
fn alias_path(path: usize, name: &str) -> usize {
    if path == 0 {
        name.len()
    } else {
        path + 1 + name.len()
    }
}

/// An included attribute's key as Sequelize reads it back: its column
/// alias is the include path and the name joined by dots, which
/// PostgreSQL cuts to 63 bytes (NAMEDATALEN), so that a deep include's
/// long names lose their end (`ConversationId` as `Conversatio`).
fn column_key(path: usize, name: &str) -> &str {
    if path == 0 {
        return name;
    }
    let mut keep = 63usize.saturating_sub(path + 1).min(name.len());
    while !name.is_char_boundary(keep) {
        keep -= 1;
    }
    name.get(..keep).unwrap_or(name)
}

fn push_key(out: &mut String, key: &str) {
    if !out.ends_with('{') {
        out.push(',');
    }
    out.push_str(&serde_json::Value::String(key.to_string()).to_string());
    out.push(':');
}

fn attributes(
    walker: &Walker,
    m: &Model,
    model: ModelId,
    edits: &Edits,
    r: RecordRef,
    path: usize,
    out: &mut String,
) {
    for a in m.attributes.iter().filter(|a| a.data_type != "VIRTUAL") {
        push_key(out, column_key(path, &a.name));
        let value = walker
            .value(edits, r, model, &a.name)
            .unwrap_or(&Value::Null);
        out.push_str(&from_postgres(&a.data_type, value));
    }
}

/// A value as JSON after node-postgres parsed it and Sequelize kept it.
pub fn from_postgres(data_type: &str, v: &Value) -> String {
    let text = |s: &str| serde_json::Value::String(s.to_string()).to_string();
    let ty = data_type.to_ascii_uppercase();
    if ty.ends_with("[]") {
        return v.to_json();
    }
    match v {
        Value::Null => "null".into(),
        Value::Int(i) if ty.starts_with("BIGINT") => text(&i.to_string()),
        Value::Int(i) if ty.starts_with("DECIMAL") || ty.starts_with("NUMERIC") => {
            text(&pad_scale(&i.to_string(), &ty))
        }
        Value::Number(n) if ty.starts_with("DECIMAL") || ty.starts_with("NUMERIC") => {
            text(&pad_scale(n, &ty))
        }
        Value::Number(n) if ty.starts_with("BIGINT") => text(n),
        Value::Number(n) => n
            .parse::<f64>()
            .ok()
            .filter(|f| f.is_finite())
            .map_or_else(|| text(n), |f| f.to_string()),
        Value::Text(s) if ty.starts_with("TIMESTAMP") => text(&iso_utc(s)),
        Value::Json(s) if ty.starts_with("JSONB") => match serde_json::from_str(s) {
            Ok(json) => jsonb_text(&json),
            Err(_) => s.clone(),
        },
        other => other.to_json(),
    }
}

/// JSON as a JSONB column gives it back: an object's keys shorter first,
/// then by their bytes (PostgreSQL's jsonb key order).
fn jsonb_text(v: &serde_json::Value) -> String {
    match v {
        serde_json::Value::Object(map) => {
            let mut keys: Vec<&String> = map.keys().collect();
            keys.sort_by(|a, b| a.len().cmp(&b.len()).then_with(|| a.cmp(b)));
            let parts: Vec<String> = keys
                .into_iter()
                .map(|k| {
                    format!(
                        "{}:{}",
                        serde_json::Value::String(k.clone()),
                        map.get(k).map_or_else(|| "null".into(), jsonb_text)
                    )
                })
                .collect();
            format!("{{{}}}", parts.join(","))
        }
        serde_json::Value::Array(items) => {
            let parts: Vec<String> = items.iter().map(jsonb_text).collect();
            format!("[{}]", parts.join(","))
        }
        other => other.to_string(),
    }
}

/// `DECIMAL(10,2)`'s value as PostgreSQL prints it: padded to the scale.
fn pad_scale(n: &str, ty: &str) -> String {
    let scale = ty
        .split_once(',')
        .and_then(|(_, s)| s.trim_end_matches(')').trim().parse::<usize>().ok());
    let Some(scale) = scale else {
        return n.to_string();
    };
    let (whole, fraction) = n.split_once('.').unwrap_or((n, ""));
    if scale == 0 || fraction.len() >= scale {
        return n.to_string();
    }
    format!("{whole}.{fraction:0<scale$}")
}

/// `2024-03-05 10:20:00` as `Date.prototype.toJSON` prints it in UTC.
fn iso_utc(s: &str) -> String {
    match s.split_once(' ') {
        Some((date, time)) if time.len() == 8 => format!("{date}T{time}.000Z"),
        _ => s.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dataset::{generate, Options};
    use crate::engine::{self, SourceFile};

    fn schema(code: &str) -> Schema {
        engine::analyse(&[SourceFile::new("t.js", code)]).schema
    }

    const MANY: &str =
        "const Employee = sequelize.define('Employee', { name: DataTypes.STRING });\n\
        const Task = sequelize.define('Task', { title: DataTypes.STRING });\n\
        Employee.belongsToMany(Task, { through: 'EmployeeTasks' });\n\
        Task.belongsToMany(Employee, { through: 'EmployeeTasks' });\n";

    #[test]
    fn the_many_to_many_example_nests_targets_with_their_junction_row() {
        let s = schema(MANY);
        let employee = s.models.iter().position(|m| m.name == "Employee").unwrap();
        let include = parse_include(&s, employee, "Tasks").unwrap();
        assert_eq!(
            include_code(&s, employee, &include),
            "Employee.findAll({ include: [Task] })"
        );
        let data = generate(&s, &Options { seed: 1, rows: 3 });
        let text = eager(&s, &data, &Edits::default(), employee, &include);
        // Attributes in rawAttributes order, then the include; in a task,
        // its attributes, then the junction row.
        assert!(text.starts_with("[{\"id\":1,\"name\":"), "{text}");
        let order = [
            "\"createdAt\"",
            "\"updatedAt\"",
            "\"Tasks\":[",
            "\"EmployeeTasks\":{",
        ];
        let at: Vec<usize> = order.iter().map(|k| text.find(k).unwrap()).collect();
        assert!(at.windows(2).all(|w| w[0] < w[1]), "{text}");
        let json: serde_json::Value = serde_json::from_str(&text).unwrap();
        let employees = json.as_array().unwrap();
        assert_eq!(employees.len(), 3);
        let mut pairs = 0;
        for e in employees {
            for t in e["Tasks"].as_array().unwrap() {
                let j = &t["EmployeeTasks"];
                assert_eq!(j["EmployeeId"], e["id"]);
                assert_eq!(j["TaskId"], t["id"]);
                assert!(t["createdAt"].as_str().unwrap().ends_with(".000Z"));
                pairs += 1;
            }
        }
        assert_eq!(pairs, data.table("EmployeeTasks").unwrap().rows.len());
    }

    #[test]
    fn aliases_and_nesting_are_written_as_a_user_would() {
        let s = schema(
            "Organization.hasMany(Employee, { as: 'employees' });\n\
             Employee.belongsTo(Organization);\n\
             Employee.hasMany(Task);\n",
        );
        let org = s
            .models
            .iter()
            .position(|m| m.name == "Organization")
            .unwrap();
        let include = parse_include(&s, org, "employees(Tasks, Organization)").unwrap();
        assert_eq!(
            include_code(&s, org, &include),
            "Organization.findAll({ include: [{ model: Employee, as: 'employees', include: [Task, Organization] }] })"
        );
        assert!(parse_include(&s, org, "nope").is_err());
        assert!(parse_include(&s, org, "employees(Tasks").is_err());
        let data = generate(&s, &Options { seed: 3, rows: 4 });
        let json: serde_json::Value =
            serde_json::from_str(&eager(&s, &data, &Edits::default(), org, &include)).unwrap();
        for o in json.as_array().unwrap() {
            for e in o["employees"].as_array().unwrap() {
                assert_eq!(e["OrganizationId"], o["id"]);
                assert_eq!(e["Organization"]["id"], o["id"]);
                assert!(e["Tasks"].is_array());
            }
        }
    }

    #[test]
    fn postgres_values_are_as_node_postgres_parses_them() {
        assert_eq!(from_postgres("BIGINT", &Value::Int(7)), "\"7\"");
        assert_eq!(
            from_postgres("DECIMAL(10,2)", &Value::Number("4.5".into())),
            "\"4.50\""
        );
        assert_eq!(from_postgres("FLOAT", &Value::Number("4.50".into())), "4.5");
        assert_eq!(
            from_postgres(
                "TIMESTAMP WITH TIME ZONE",
                &Value::Text("2024-03-05 10:20:00".into())
            ),
            "\"2024-03-05T10:20:00.000Z\""
        );
        assert_eq!(
            from_postgres("DATE", &Value::Text("2024-03-05".into())),
            "\"2024-03-05\""
        );
        assert_eq!(
            from_postgres(
                "JSONB",
                &Value::Json("{\"tag\":[{\"bb\":1,\"a\":2}],\"n\":6}".into())
            ),
            "{\"n\":6,\"tag\":[{\"a\":2,\"bb\":1}]}"
        );
        assert_eq!(
            from_postgres("JSON", &Value::Json("{\"b\":1,\"a\":2}".into())),
            "{\"b\":1,\"a\":2}"
        );
    }

    #[test]
    fn a_deep_include_loses_the_end_of_keys_past_63_bytes() {
        // participants.Conversations.ConversationParticipants.ConversationId
        let path = alias_path(
            alias_path(alias_path(0, "participants"), "Conversations"),
            "ConversationParticipants",
        );
        assert_eq!(column_key(path, "ConversationId"), "Conversatio");
        assert_eq!(column_key(path, "UserId"), "UserId");
        assert_eq!(column_key(0, &"x".repeat(80)).len(), 80);
    }
}
