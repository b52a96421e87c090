//! The part of a [`Schema`] the graph is built from, as text: how the page
//! hands the schema to the graph module, a second WebAssembly module that
//! the page loads when the graph is first shown (docs/WEB.md). The two
//! modules share no memory, so the schema crosses as a string.
//!
//! One record a line, fields split by U+001F: `M` a model, `A` one of its
//! attributes, `P` its primary keys, `S` an association. An optional field
//! is `-` when absent, else `+` and its value. Control characters in names
//! (which no drawing can show) travel as U+FFFD.
//!
//! [`decode`] never fails: what it cannot read it leaves out, and indexes
//! out of range drop the association, so a corrupt text draws less, not
//! nothing. `graph::build(decode(encode(s)))` is `graph::build(s)`
//! (tests/layout.rs holds it over every fixture).

use crate::engine::schema::{
    Association, AssociationKind, Attribute, AttributeOrigin, Model, ModelOrigin, Reference, Schema,
};
use crate::engine::Span;

const FIELD: char = '\u{1f}';

/// `value` with its control characters as U+FFFD.
fn push_text(s: &mut String, value: &str) {
    for c in value.chars() {
        s.push(if c.is_control() { '\u{fffd}' } else { c });
    }
}

fn push(s: &mut String, value: &str) {
    s.push(FIELD);
    push_text(s, value);
}

fn push_opt(s: &mut String, value: Option<&str>) {
    s.push(FIELD);
    match value {
        None => s.push('-'),
        Some(v) => {
            s.push('+');
            push_text(s, v);
        }
    }
}

fn flag(b: bool) -> &'static str {
    if b {
        "1"
    } else {
        "0"
    }
}

/// The schema as text.
pub fn encode(schema: &Schema) -> String {
    let mut s = String::with_capacity(64 * schema.models.len() + 96 * schema.associations.len());
    for m in &schema.models {
        s.push('M');
        push(&mut s, &m.name);
        push(
            &mut s,
            match m.origin {
                ModelOrigin::Defined => "d",
                ModelOrigin::Implicit => "i",
                ModelOrigin::Junction => "j",
            },
        );
        push(&mut s, flag(m.is_junction));
        s.push('\n');
        for a in &m.attributes {
            s.push('A');
            push(&mut s, &a.name);
            push(&mut s, &a.field);
            push(&mut s, &a.data_type);
            push(&mut s, flag(a.allow_null));
            push(&mut s, flag(a.primary_key));
            push(&mut s, flag(a.references.is_some()));
            s.push('\n');
        }
        s.push('P');
        for k in &m.primary_keys {
            push(&mut s, k);
        }
        s.push('\n');
    }
    for a in &schema.associations {
        s.push('S');
        push(
            &mut s,
            match a.kind {
                AssociationKind::HasOne => "1",
                AssociationKind::BelongsTo => "b",
                AssociationKind::HasMany => "n",
                AssociationKind::BelongsToMany => "m",
            },
        );
        push(&mut s, &a.source.to_string());
        push(&mut s, &a.target.to_string());
        push_opt(&mut s, a.through.map(|t| t.to_string()).as_deref());
        push(&mut s, &a.foreign_key);
        push_opt(&mut s, a.other_key.as_deref());
        push_opt(&mut s, a.source_key.as_deref());
        push_opt(&mut s, a.target_key.as_deref());
        push(&mut s, &a.as_name);
        push(&mut s, &a.label);
        s.push('\n');
    }
    s
}

fn opt(field: &str) -> Option<String> {
    field.strip_prefix('+').map(str::to_string)
}

/// The schema read back from [`encode`]'s text, with what the graph does
/// not use left empty.
pub fn decode(text: &str) -> Schema {
    let mut schema = Schema::default();
    for line in text.lines() {
        let mut fields = line.split(FIELD);
        let tag = fields.next().unwrap_or("");
        let f: Vec<&str> = fields.collect();
        let get = |i: usize| f.get(i).copied().unwrap_or("");
        match tag {
            "M" => schema.models.push(model(
                get(0),
                match get(1) {
                    "i" => ModelOrigin::Implicit,
                    "j" => ModelOrigin::Junction,
                    _ => ModelOrigin::Defined,
                },
                get(2) == "1",
            )),
            "A" => {
                if let Some(m) = schema.models.last_mut() {
                    m.attributes.push(attribute(
                        get(0),
                        get(1),
                        get(2),
                        [get(3) == "1", get(4) == "1", get(5) == "1"],
                    ));
                }
            }
            "P" => {
                if let Some(m) = schema.models.last_mut() {
                    m.primary_keys = f.iter().map(|k| (*k).to_string()).collect();
                }
            }
            "S" => {
                let n = schema.models.len();
                let index = |s: &str| s.parse::<usize>().ok().filter(|&i| i < n);
                let kind = match get(0) {
                    "1" => AssociationKind::HasOne,
                    "b" => AssociationKind::BelongsTo,
                    "n" => AssociationKind::HasMany,
                    "m" => AssociationKind::BelongsToMany,
                    _ => continue,
                };
                let (Some(source), Some(target)) = (index(get(1)), index(get(2))) else {
                    continue;
                };
                schema.associations.push(Association {
                    kind,
                    source,
                    target,
                    as_name: get(8).to_string(),
                    aliased: false,
                    alias_object: None,
                    foreign_key: get(4).to_string(),
                    source_key: opt(get(6)),
                    target_key: opt(get(7)),
                    other_key: opt(get(5)),
                    through: opt(get(3)).and_then(|t| index(&t)),
                    paired: None,
                    accessors: Vec::new(),
                    span: Span::default(),
                    label: get(9).to_string(),
                    replaced_by: None,
                    source_redefined: false,
                    scope: Vec::new(),
                    through_scope: Vec::new(),
                });
            }
            _ => {}
        }
    }
    schema
}

fn model(name: &str, origin: ModelOrigin, is_junction: bool) -> Model {
    Model {
        name: name.to_string(),
        table_name: String::new(),
        schema: None,
        singular: String::new(),
        plural: String::new(),
        origin,
        is_junction,
        span: Span::default(),
        primary_keys: Vec::new(),
        attributes: Vec::new(),
        timestamps: false,
        paranoid: false,
        deleted_at: None,
        underscored: false,
        created_by: None,
    }
}

/// `flags`: allows null, primary key, foreign key.
fn attribute(name: &str, field: &str, data_type: &str, flags: [bool; 3]) -> Attribute {
    Attribute {
        name: name.to_string(),
        data_type: data_type.to_string(),
        field: field.to_string(),
        allow_null: flags[0],
        primary_key: flags[1],
        auto_increment: false,
        unique: None,
        references: flags[2].then(|| Reference {
            model: String::new(),
            key: String::new(),
        }),
        on_delete: None,
        on_update: None,
        default_value: None,
        default: None,
        allow_null_option: None,
        enum_values: None,
        generic_type: None,
        origin: AttributeOrigin::Own,
        touched_by: Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn corrupt_text_draws_less_never_fails() {
        let good = "M\u{1f}A\u{1f}d\u{1f}0\nA\u{1f}id\u{1f}id\u{1f}INTEGER\u{1f}0\u{1f}1\u{1f}0\nP\u{1f}id\n";
        let s = decode(good);
        assert_eq!(s.models.len(), 1);
        assert_eq!(s.models[0].primary_keys, ["id"]);
        for bad in [
            "",
            "\u{1f}\u{1f}",
            "A\u{1f}x",
            "S\u{1f}n\u{1f}0\u{1f}7",
            "S\u{1f}?\u{1f}0\u{1f}0",
            "Z",
        ] {
            let s = decode(&format!("{good}{bad}\n"));
            assert_eq!(s.models.len(), 1, "{bad:?}");
            assert!(s.associations.is_empty(), "{bad:?}");
        }
    }
}
