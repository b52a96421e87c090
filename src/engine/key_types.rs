//! Foreign keys whose type PostgreSQL cannot compare with the type of the
//! column they reference: `CREATE TABLE` then fails with "foreign key
//! constraint … cannot be implemented". Sequelize copies the referenced
//! key's type into the keys it creates, so this happens where a type was
//! given (`keyType`, a `foreignKey` object's `type`, a declared column).
//!
//! Which pairs PostgreSQL 15 accepts was measured on a real server (every
//! pair of the types Sequelize writes): a key must have an equality
//! operator with the referenced column's type in its index's operator
//! family, or cast to that type implicitly. Integers reference integers,
//! numerics and floats; numerics reference numerics and floats; strings
//! reference strings; timestamps and dates reference each other; every
//! other type only itself. Each Sequelize ENUM column has a type of its
//! own, so an ENUM key never fits. Types not listed here (JSON, arrays,
//! ranges, …) are left alone rather than guessed at.

use crate::engine::fast_hash::HashMap;

use super::diagnostics::{Diagnostic, DiagnosticKind};
use super::runtime::attribute::Attr;
use super::runtime::Runtime;
use super::schema::AttributeOrigin;
use super::source::Span;

/// The groups of postgres types that compare with each other.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Family {
    Integer,
    Numeric,
    Float,
    Text,
    Timestamp,
    Time,
    Uuid,
    Boolean,
    Enum,
}

/// The family of a type as Sequelize prints it for postgres.
fn family(type_name: &str) -> Option<Family> {
    let t = type_name.trim();
    if t.ends_with("[]") {
        return None;
    }
    let head = t.split(['(', ' ']).next().unwrap_or(t);
    Some(match head {
        "SMALLINT" | "INTEGER" | "BIGINT" => Family::Integer,
        "DECIMAL" | "NUMERIC" => Family::Numeric,
        "REAL" | "FLOAT" | "DOUBLE" => Family::Float,
        "VARCHAR" | "CHAR" | "TEXT" => Family::Text,
        "TIMESTAMP" | "DATE" => Family::Timestamp,
        "TIME" if t == "TIME" => Family::Time,
        "UUID" => Family::Uuid,
        "BOOLEAN" => Family::Boolean,
        "ENUM" => Family::Enum,
        _ => return None,
    })
}

/// Whether PostgreSQL accepts a key of type `key` referencing `referenced`,
/// or None when the engine cannot tell.
fn compatible(key: &str, referenced: &str) -> Option<bool> {
    let (k, r) = (family(key)?, family(referenced)?);
    Some(match (k, r) {
        (Family::Enum, _) | (_, Family::Enum) => false,
        (Family::Integer, Family::Integer | Family::Numeric | Family::Float)
        | (Family::Numeric, Family::Numeric | Family::Float)
        | (Family::Float, Family::Float) => true,
        (k, r) => k == r,
    })
}

/// The postgres type name of an attribute, as the schema shows it.
fn type_name(attr: &Attr) -> Option<String> {
    attr.effective_type().map(|t| t.oracle_name())
}

/// A warning for every foreign key (a column with `references`) whose type
/// PostgreSQL cannot compare with the referenced column's, at the call that
/// created or completed the key.
pub fn key_types(rt: &Runtime) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let mut by_table: HashMap<&str, usize> = HashMap::default();
    for &id in rt.registry.values() {
        if let Some(state) = rt.state(id) {
            by_table.insert(state.table_name.as_str(), id);
        }
    }
    for &id in rt.registry.values() {
        let Some(state) = rt.state(id) else { continue };
        for (name, attr) in &state.raw {
            let Some(reference) = &attr.references else {
                continue;
            };
            let (Some(table), Some(key)) = (&reference.model, &reference.key) else {
                continue;
            };
            let Some(&target) = by_table.get(table.as_str()) else {
                continue;
            };
            let Some(target_state) = rt.state(target) else {
                continue;
            };
            // The referenced column, by field: usually named as its field,
            // so looked up by name first.
            let by_field = |n: &String, a: &Attr| a.field.as_deref().unwrap_or(n.as_str()) == key;
            let Some((target_name, target_attr)) = target_state
                .raw
                .get_key_value(key.as_str())
                .filter(|(n, a)| by_field(n, a))
                .or_else(|| target_state.raw.iter().find(|(n, a)| by_field(n, a)))
            else {
                continue;
            };
            let (Some(own), Some(theirs)) = (type_name(attr), type_name(target_attr)) else {
                continue;
            };
            if compatible(&own, &theirs) != Some(false) {
                continue;
            }
            let (model, target_model) = (&rt.classes[id].name, &rt.classes[target].name);
            let what = if own == theirs {
                format!("{own} too, but each ENUM column has a type of its own")
            } else {
                theirs.clone()
            };
            out.push(
                Diagnostic::warning(
                    DiagnosticKind::KeyTypeMismatch,
                    span_of(rt, attr, rt.classes[id].span),
                    format!(
                        "{model}.{name} is {own} but references {target_model}.{target_name}, which is {what}: PostgreSQL rejects the foreign key (its types cannot be compared)"
                    ),
                )
                .with_help(format!(
                    "Give {model}.{name} the type of {target_model}.{target_name}: leave out the `keyType` or `type` given for it, and Sequelize copies the referenced key's type."
                )),
            );
        }
    }
    out
}

/// The association call that created the key, else the first one that
/// completed it, else where its model was defined.
fn span_of(rt: &Runtime, attr: &Attr, model_span: Span) -> Span {
    match &attr.origin {
        AttributeOrigin::Association { span, .. } => *span,
        _ => attr
            .touched_by
            .first()
            .and_then(|&a| rt.associations.get(a))
            .map_or(model_span, |a| a.span),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // The pairs measured on PostgreSQL 15 (see the module's comment).
    #[test]
    fn postgres_compares_what_it_can_cast() {
        assert_eq!(compatible("INTEGER", "BIGINT"), Some(true));
        assert_eq!(compatible("INTEGER", "DECIMAL(10,2)"), Some(true));
        assert_eq!(compatible("DECIMAL(10,2)", "INTEGER"), Some(false));
        assert_eq!(compatible("DOUBLE PRECISION", "REAL"), Some(true));
        assert_eq!(compatible("VARCHAR(16)", "TEXT"), Some(true));
        assert_eq!(compatible("DATE", "TIMESTAMP WITH TIME ZONE"), Some(true));
        assert_eq!(compatible("UUID", "INTEGER"), Some(false));
        assert_eq!(compatible("INTEGER", "UUID"), Some(false));
        assert_eq!(compatible("VARCHAR(255)", "INTEGER"), Some(false));
        assert_eq!(compatible("ENUM('a')", "ENUM('a')"), Some(false));
        assert_eq!(compatible("JSONB", "INTEGER"), None);
        assert_eq!(compatible("INTEGER[]", "INTEGER"), None);
    }
}
