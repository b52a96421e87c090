//! What PostgreSQL prints: identifiers cut to 63 bytes, the names it
//! chooses for foreign-key constraints, and values as its output
//! functions write them in an error's DETAIL. Checked against a real
//! server by `scripts/sql-postgres.sh`.

use crate::dataset::Value;
use crate::engine::fast_hash::HashSet;

/// NAMEDATALEN - 1: the longest identifier PostgreSQL keeps, in bytes.
const MAX_IDENTIFIER: usize = 63;

/// An identifier as PostgreSQL stores it: cut to 63 bytes, never inside a
/// UTF-8 character (`truncate_identifier`).
pub fn identifier(name: &str) -> &str {
    clip(name, MAX_IDENTIFIER)
}

/// The longest prefix of `s` of at most `bytes` bytes that ends on a
/// character boundary (`pg_mbcliplen`).
fn clip(s: &str, bytes: usize) -> &str {
    if s.len() <= bytes {
        return s;
    }
    let mut end = bytes;
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    s.get(..end).unwrap_or("")
}

/// `makeObjectName(name1, name2, label)`: `name1_name2_label`, the longer
/// of the two names shortened one byte at a time (the second on a tie)
/// until the whole fits in 63 bytes.
fn object_name(name1: &str, name2: &str, label: &str) -> String {
    let available = MAX_IDENTIFIER.saturating_sub(label.len() + 2);
    let (mut n1, mut n2) = (name1.len(), name2.len());
    while n1 + n2 > available && n1 + n2 > 0 {
        if n1 > n2 {
            n1 -= 1;
        } else {
            n2 -= 1;
        }
    }
    format!("{}_{}_{label}", clip(name1, n1), clip(name2, n2))
}

/// The constraint names already taken in each schema, so that a later
/// foreign key's name is chosen as PostgreSQL chooses it.
#[derive(Default)]
pub struct ConstraintNames {
    taken: HashSet<(String, String)>,
}

impl ConstraintNames {
    /// `ChooseConstraintName(table, column, "fkey")`: `<table>_<column>_fkey`,
    /// then `fkey1`, `fkey2`, … while another constraint of the schema
    /// has the name.
    pub fn foreign_key(&mut self, namespace: &str, table: &str, column: &str) -> String {
        let table = identifier(table);
        let column = identifier(column);
        let mut pass = 0u32;
        loop {
            let label = if pass == 0 {
                "fkey".to_string()
            } else {
                format!("fkey{pass}")
            };
            let name = object_name(table, column, &label);
            if self.taken.insert((namespace.to_string(), name.clone())) {
                return name;
            }
            pass += 1;
        }
    }
}

/// A value as PostgreSQL's output function for `data_type` writes it (in
/// `Key (id)=(2)` and `Failing row contains (...)`): booleans `t`/`f`,
/// NULL `null`, a DECIMAL with its scale, a timestamp with time zone in
/// UTC (`+00`), an array in braces.
pub fn text(value: &Value, data_type: &str) -> String {
    let ty = data_type.to_ascii_uppercase();
    match value {
        Value::Null => "null".into(),
        Value::Bool(b) => if *b { "t" } else { "f" }.into(),
        Value::Int(i) => i.to_string(),
        Value::Number(n) => match decimal_scale(&ty) {
            Some(scale) => with_scale(n, scale),
            None => n.clone(),
        },
        Value::Text(s) if ty.starts_with("TIMESTAMP") && ty.ends_with("WITH TIME ZONE") => {
            format!("{s}+00")
        }
        Value::Text(s) | Value::Json(s) => s.clone(),
        Value::Array(items) => {
            let element = ty.strip_suffix("[]").unwrap_or(&ty);
            let parts: Vec<String> = items
                .iter()
                .map(|v| match v {
                    Value::Null => "NULL".into(),
                    v => array_quoted(&text(v, element)),
                })
                .collect();
            format!("{{{}}}", parts.join(","))
        }
    }
}

/// `DECIMAL(10,2)`'s scale.
fn decimal_scale(ty: &str) -> Option<usize> {
    let rest = ty
        .strip_prefix("DECIMAL(")
        .or_else(|| ty.strip_prefix("NUMERIC("))?;
    let inside = rest.split(')').next()?;
    let (_, scale) = inside.split_once(',')?;
    scale.trim().parse().ok()
}

fn with_scale(n: &str, scale: usize) -> String {
    let (whole, fraction) = n.split_once('.').unwrap_or((n, ""));
    if scale == 0 {
        return whole.to_string();
    }
    let mut fraction: String = fraction.chars().take(scale).collect();
    while fraction.len() < scale {
        fraction.push('0');
    }
    format!("{whole}.{fraction}")
}

/// An array element in double quotes where the array output would quote
/// it (empty, `NULL`, spaces or `{},"\`).
fn array_quoted(s: &str) -> String {
    let needs = s.is_empty()
        || s.eq_ignore_ascii_case("null")
        || s.chars()
            .any(|c| c.is_whitespace() || matches!(c, '{' | '}' | ',' | '"' | '\\'));
    if needs {
        format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""))
    } else {
        s.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // Names read back from PostgreSQL 15 (pg_constraint.conname) for the
    // DDL Sequelize issues.
    #[test]
    fn foreign_key_names_are_cut_to_63_bytes_and_numbered_on_a_clash() {
        let mut names = ConstraintNames::default();
        assert_eq!(
            names.foreign_key("public", "Employees", "OrganizationId"),
            "Employees_OrganizationId_fkey"
        );
        let long = "a".repeat(40);
        let col = format!("{}x", "b".repeat(40));
        let first = names.foreign_key("public", &long, &col);
        assert_eq!(first.len(), 63);
        assert_eq!(first, format!("{}_{}_fkey", "a".repeat(29), "b".repeat(28)));
        let col2 = format!("{}y", "b".repeat(40));
        assert_eq!(
            names.foreign_key("public", &long, &col2),
            format!("{}_{}_fkey1", "a".repeat(28), "b".repeat(28))
        );
        assert_eq!(
            names.foreign_key("other", &long, &col2),
            format!("{}_{}_fkey", "a".repeat(29), "b".repeat(28))
        );
        assert_eq!(names.foreign_key("public", "x_y", "z"), "x_y_z_fkey");
        assert_eq!(names.foreign_key("public", "x", "y_z"), "x_y_z_fkey1");
        // Never inside a character: é is two bytes.
        assert_eq!(identifier(&"é".repeat(40)).len(), 62);
        assert_eq!(
            names.foreign_key("public", "éé", &"é".repeat(40)),
            format!("éé_{}_fkey", "é".repeat(26))
        );
    }

    #[test]
    fn values_print_as_postgres_output_functions_do() {
        assert_eq!(text(&Value::Bool(true), "BOOLEAN"), "t");
        assert_eq!(text(&Value::Number("5".into()), "DECIMAL(10,2)"), "5.00");
        assert_eq!(
            text(
                &Value::Text("2024-03-05 10:20:00".into()),
                "TIMESTAMP WITH TIME ZONE"
            ),
            "2024-03-05 10:20:00+00"
        );
        assert_eq!(
            text(
                &Value::Array(vec![Value::Text("a b".into()), Value::Text("c".into())]),
                "VARCHAR(255)[]"
            ),
            "{\"a b\",c}"
        );
    }
}
