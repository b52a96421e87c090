//! Quoting and escaping as Sequelize's query generators do it: identifiers
//! (`quoteIdentifier`, `quoteIdentifiers`, `quoteTable`), string literals
//! (`SqlString.escape`), and default values (`escape(value, field)`).
//!
//! Plain string functions: they know nothing of models.

use crate::engine::js_text;
use crate::engine::schema::DefaultValue;

use super::Dialect;

/// `quoteIdentifier`: the dialect's quote character around the name, with
/// every quote character inside removed (`removeTicks`), not doubled.
pub fn quote(dialect: Dialect, identifier: &str) -> String {
    let tick = match dialect {
        Dialect::Postgres => '"',
        Dialect::Mysql | Dialect::Sqlite => '`',
    };
    let mut out = String::with_capacity(identifier.len() + 2);
    out.push(tick);
    out.extend(identifier.chars().filter(|&c| c != tick));
    out.push(tick);
    out
}

/// `quoteIdentifiers`: a dotted name is a path (`a.b.c` becomes
/// `"a->b"."c"`), as Sequelize writes a referenced key.
pub fn quote_path(dialect: Dialect, identifiers: &str) -> String {
    match identifiers.rsplit_once('.') {
        Some((head, tail)) => format!(
            "{}.{}",
            quote(dialect, &head.replace('.', "->")),
            quote(dialect, tail)
        ),
        None => quote(dialect, identifiers),
    }
}

/// `quoteTable`: a table with a schema is `"schema"."table"` where the
/// dialect has schemas (postgres), and one identifier `schema.table`
/// where it has not (mysql, sqlite).
pub fn quote_table(dialect: Dialect, schema: Option<&str>, table: &str) -> String {
    match (dialect, schema.filter(|s| !s.is_empty())) {
        (_, None) => quote(dialect, table),
        (Dialect::Postgres, Some(s)) => format!("{}.{}", quote(dialect, s), quote(dialect, table)),
        (_, Some(s)) => quote(dialect, &format!("{s}.{table}")),
    }
}

/// `SqlString.escape` of a string: quotes doubled for postgres and sqlite
/// (postgres also writes NUL as `\0`), backslash escapes for mysql.
pub fn escape_str(dialect: Dialect, s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('\'');
    for c in s.chars() {
        match dialect {
            Dialect::Postgres | Dialect::Sqlite => match c {
                '\'' => out.push_str("''"),
                '\0' if dialect == Dialect::Postgres => out.push_str("\\0"),
                c => out.push(c),
            },
            Dialect::Mysql => match c {
                '\0' => out.push_str("\\0"),
                '\n' => out.push_str("\\n"),
                '\r' => out.push_str("\\r"),
                '\u{8}' => out.push_str("\\b"),
                '\t' => out.push_str("\\t"),
                '\u{1a}' => out.push_str("\\Z"),
                '\\' | '\'' | '"' => {
                    out.push('\\');
                    out.push(c);
                }
                c => out.push(c),
            },
        }
    }
    out.push('\'');
    out
}

/// What a `DEFAULT` clause holds for a default value of a column of type
/// `pg_type` (the postgres name), or None where Sequelize writes no
/// DEFAULT (`defaultValueSchemable` is false) or the engine cannot say
/// what it writes ([`DefaultValue::Unknown`], an object for a column that
/// is not JSON).
///
/// Postgres and sqlite escape a default with its column (`escape(value,
/// field)`), so the type's `_stringify` applies: a float's number is
/// quoted (`'1.5'`, `'NaN'`), a JSON column's value goes through
/// `JSON.stringify` and is then quoted. MySQL escapes the bare value.
pub fn default_sql(dialect: Dialect, value: &DefaultValue, pg_type: &str) -> Option<String> {
    let typed = dialect != Dialect::Mysql;
    let head = pg_type.split(['(', ' ']).next().unwrap_or(pg_type);
    let float = typed && matches!(head, "FLOAT" | "REAL" | "DOUBLE");
    let json = typed && matches!(pg_type, "JSON" | "JSONB");
    Some(match value {
        DefaultValue::Null => "NULL".into(),
        DefaultValue::Number(n) if float => {
            let text = if n.is_nan() {
                "NaN".to_string()
            } else if n.is_infinite() {
                format!("{}Infinity", if *n < 0.0 { "-" } else { "" })
            } else {
                js_text::number(*n)
            };
            format!("'{text}'")
        }
        DefaultValue::Number(n) if json => escape_str(
            dialect,
            &if n.is_finite() {
                js_text::number(*n)
            } else {
                "null".into()
            },
        ),
        DefaultValue::Bool(b) if json => escape_str(dialect, &b.to_string()),
        DefaultValue::Str(s) if json => escape_str(dialect, &serde_json::to_string(s).ok()?),
        DefaultValue::Json(text) if json => escape_str(dialect, text),
        DefaultValue::Bool(b) => match dialect {
            // SqlString.escape writes booleans as 1/0 for sqlite.
            Dialect::Sqlite => u8::from(*b).to_string(),
            Dialect::Postgres | Dialect::Mysql => b.to_string(),
        },
        DefaultValue::Number(n) => js_text::number(*n),
        DefaultValue::Str(s) => escape_str(dialect, s),
        DefaultValue::Json(_) | DefaultValue::Generated | DefaultValue::Unknown => return None,
    })
}

/// JavaScript's `str.replace(pattern, replacement)` with a string pattern:
/// the first occurrence only.
pub fn replace_first(s: &str, pattern: &str, replacement: &str) -> String {
    match s.find(pattern) {
        Some(at) => format!("{}{replacement}{}", &s[..at], &s[at + pattern.len()..]),
        None => s.to_string(),
    }
}

/// True when `key` is an array index, which a JavaScript object lists
/// before its other keys, in numeric order.
fn array_index(key: &str) -> Option<u32> {
    if key.is_empty() || (key.len() > 1 && key.starts_with('0')) {
        return None;
    }
    if !key.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    key.parse::<u32>().ok().filter(|&n| n != u32::MAX)
}

/// Entries in the order a JavaScript object built by assigning them in
/// this order lists its keys: array indices first, ascending, then the
/// others in insertion order. A key assigned twice keeps its first place
/// and its last value.
pub fn js_object_order<T>(entries: Vec<(String, T)>) -> Vec<(String, T)> {
    let mut out: Vec<(String, T)> = Vec::with_capacity(entries.len());
    let mut position: crate::engine::fast_hash::HashMap<String, usize> = Default::default();
    for (key, value) in entries {
        match position.get(&key) {
            Some(&at) => {
                if let Some(slot) = out.get_mut(at) {
                    slot.1 = value;
                }
            }
            None => {
                position.insert(key.clone(), out.len());
                out.push((key, value));
            }
        }
    }
    // A stable sort: indices first by value, the others keep their order.
    out.sort_by_key(|(k, _)| match array_index(k) {
        Some(n) => (0, n),
        None => (1, 0),
    });
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identifiers_lose_their_quote_characters() {
        assert_eq!(quote(Dialect::Postgres, "a\"b"), "\"ab\"");
        assert_eq!(quote(Dialect::Mysql, "a`b\""), "`ab\"`");
        assert_eq!(quote_path(Dialect::Postgres, "a.b.c"), "\"a->b\".\"c\"");
        assert_eq!(
            quote_table(Dialect::Sqlite, Some("s"), "t"),
            "`s.t`".to_string()
        );
    }

    #[test]
    fn strings_escape_per_dialect() {
        assert_eq!(escape_str(Dialect::Postgres, "it's\0"), "'it''s\\0'");
        assert_eq!(escape_str(Dialect::Sqlite, "it's"), "'it''s'");
        assert_eq!(escape_str(Dialect::Mysql, "it's\n\\"), "'it\\'s\\n\\\\'");
    }

    // From the FLOAT/DOUBLE/REAL `_stringify` and JSONTYPE `_stringify` of
    // lib/data-types.js, which `escape(value, field)` applies.
    #[test]
    fn defaults_are_stringified_by_their_column_type() {
        let n = DefaultValue::Number(-1.5e21);
        assert_eq!(
            default_sql(Dialect::Postgres, &n, "FLOAT").as_deref(),
            Some("'-1.5e+21'")
        );
        assert_eq!(
            default_sql(Dialect::Postgres, &n, "INTEGER").as_deref(),
            Some("-1.5e+21")
        );
        assert_eq!(
            default_sql(Dialect::Mysql, &n, "FLOAT").as_deref(),
            Some("-1.5e+21")
        );
        let s = DefaultValue::Str("a'b".into());
        assert_eq!(
            default_sql(Dialect::Postgres, &s, "JSONB").as_deref(),
            Some("'\"a''b\"'")
        );
        let j = DefaultValue::Json("{\"a\":[1]}".into());
        assert_eq!(
            default_sql(Dialect::Sqlite, &j, "JSON").as_deref(),
            Some("'{\"a\":[1]}'")
        );
        assert_eq!(default_sql(Dialect::Postgres, &j, "TEXT"), None);
    }

    #[test]
    fn object_keys_list_indices_first() {
        let order: Vec<String> = js_object_order(vec![
            ("b".to_string(), 1),
            ("10".to_string(), 2),
            ("a".to_string(), 3),
            ("2".to_string(), 4),
            ("b".to_string(), 5),
            ("01".to_string(), 6),
        ])
        .into_iter()
        .map(|(k, v)| format!("{k}={v}"))
        .collect();
        assert_eq!(order, ["2=4", "10=2", "b=5", "a=3", "01=6"]);
    }
}
