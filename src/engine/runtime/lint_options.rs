//! Options Sequelize silently ignores: misspelled names, options that the
//! association type does not read, and settings it overwrites. Reported at
//! the option itself.

use crate::engine::diagnostics::{Diagnostic, DiagnosticKind};
use crate::engine::js_text;
use crate::engine::schema::AssociationKind;
use crate::engine::value::Value;

use super::association::CallSite;
use super::Runtime;

/// Every option name some association type reads.
const KNOWN: &[&str] = &[
    "as",
    "foreignKey",
    "sourceKey",
    "targetKey",
    "otherKey",
    "through",
    "onDelete",
    "onUpdate",
    "constraints",
    "foreignKeyConstraint",
    "hooks",
    "scope",
    "keyType",
    "uniqueKey",
    "timestamps",
];

/// Model options that the source model's own options overwrite.
const OVERWRITTEN: &[&str] = &[
    "underscored",
    "freezeTableName",
    "name",
    "tableName",
    "paranoid",
    "schema",
    "createdAt",
    "updatedAt",
    "deletedAt",
];

/// The options `kind` reads.
fn reads(kind: AssociationKind, option: &str) -> bool {
    match option {
        "as"
        | "foreignKey"
        | "onDelete"
        | "onUpdate"
        | "constraints"
        | "foreignKeyConstraint"
        | "hooks" => true,
        "sourceKey" => kind != AssociationKind::BelongsTo,
        "targetKey" => matches!(
            kind,
            AssociationKind::BelongsTo | AssociationKind::BelongsToMany
        ),
        "otherKey" | "uniqueKey" | "timestamps" => kind == AssociationKind::BelongsToMany,
        // hasMany throws on `through`: not "ignored".
        "through" => matches!(
            kind,
            AssociationKind::BelongsToMany | AssociationKind::HasMany
        ),
        "scope" => kind != AssociationKind::BelongsTo,
        "keyType" => kind != AssociationKind::BelongsToMany,
        _ => false,
    }
}

/// Damerau-free Levenshtein distance, small inputs only.
fn distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.iter().enumerate() {
        let mut cur = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != cb);
            cur.push((prev[j] + cost).min(prev[j + 1] + 1).min(cur[j] + 1));
        }
        prev = cur;
    }
    prev[b.len()]
}

/// The known option `name` was probably meant as.
pub fn suggestion(name: &str) -> Option<&'static str> {
    let folded: String = name
        .chars()
        .filter(|c| *c != '_' && *c != '-')
        .collect::<String>();
    let folded = js_text::lower(&folded);
    KNOWN
        .iter()
        .copied()
        .map(|k| {
            (
                k,
                if js_text::lower(k) == folded {
                    0
                } else {
                    distance(&js_text::lower(k), &folded)
                },
            )
        })
        .filter(|(k, d)| *d <= 2.max(k.len() / 4))
        .min_by_key(|(_, d)| *d)
        .map(|(k, _)| k)
}

pub fn check(rt: &mut Runtime, kind: AssociationKind, options: &Value, site: &CallSite) {
    let method = kind.method();
    for key in options.keys() {
        let span = options.key_span(&key).unwrap_or(site.span);
        if KNOWN.contains(&key.as_str()) {
            let value = options.prop(&key);
            if reads(kind, &key)
                && matches!(
                    key.as_str(),
                    "sourceKey" | "targetKey" | "otherKey" | "foreignKey" | "as"
                )
                && value.as_str() == Some("")
            {
                rt.diag(
                    Diagnostic::info(
                        DiagnosticKind::IgnoredOption,
                        span,
                        format!("`{key}: ''` is empty, which Sequelize treats as not given"),
                    )
                    .with_help(format!(
                        "Remove `{key}` or name an attribute; {method} uses its default here."
                    )),
                );
            }
            if !reads(kind, &key) {
                let help = match (kind, key.as_str()) {
                    (AssociationKind::BelongsTo, "sourceKey") => {
                        "belongsTo references the target: use `targetKey` to name the target's key."
                            .to_string()
                    }
                    (AssociationKind::HasOne | AssociationKind::HasMany, "targetKey") => format!(
                        "{method} references the source: use `sourceKey` to name the source's key."
                    ),
                    (_, "through" | "otherKey" | "uniqueKey") => {
                        "Only belongsToMany has a junction table.".to_string()
                    }
                    (_, "timestamps") => {
                        "Only a junction created by belongsToMany reads `timestamps` here."
                            .to_string()
                    }
                    _ => format!("Remove `{key}`: {method} never reads it."),
                };
                rt.diag(
                    Diagnostic::warning(
                        DiagnosticKind::IgnoredOption,
                        span,
                        format!("`{key}` is ignored by {method}: Sequelize does not read it here"),
                    )
                    .with_help(help),
                );
            }
            continue;
        }
        if OVERWRITTEN.contains(&key.as_str()) {
            rt.diag(
                Diagnostic::warning(
                    DiagnosticKind::IgnoredOption,
                    span,
                    format!("`{key}` has no effect here: {method} overwrites it with the source model's own `{key}`"),
                )
                .with_help(format!("Set `{key}` in the model's define/init options instead.")),
            );
            continue;
        }
        let mut d = Diagnostic::warning(
            DiagnosticKind::UnknownOption,
            span,
            format!("Unknown option `{key}`: Sequelize ignores it silently"),
        );
        if let Some(s) = suggestion(&key) {
            d = d.with_help(format!("Did you mean `{s}`?"));
        }
        rt.diag(d);
    }
    let fk = options.prop("foreignKey");
    if fk.is_plain_object() && fk.has_prop("as") {
        let span = fk.key_span("as").unwrap_or(site.span);
        rt.diag(
            Diagnostic::warning(DiagnosticKind::IgnoredOption, span, "`as` inside `foreignKey` is ignored: the alias belongs in the association's options")
                .with_help("Move `as` next to `foreignKey`."),
        );
    }
    if site.argument_count > 2 {
        rt.diag(
            Diagnostic::warning(
                DiagnosticKind::IgnoredOption,
                site.span,
                format!(
                    "{method} takes two arguments: everything after the options object is ignored"
                ),
            )
            .with_help("Put all options in one object, the second argument."),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_close_option_names() {
        assert_eq!(suggestion("foreign_key"), Some("foreignKey"));
        assert_eq!(suggestion("foreignkey"), Some("foreignKey"));
        assert_eq!(suggestion("sourcekey"), Some("sourceKey"));
        assert_eq!(suggestion("ondelete"), Some("onDelete"));
        assert_eq!(suggestion("completelyDifferent"), None);
    }
}
