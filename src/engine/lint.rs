//! Mistakes Sequelize makes silently, found by looking at what the runtime
//! built: two foreign keys where one was meant, many-to-many sides that do
//! not pair, associations without their inverse, keys referencing columns
//! that are not unique.

use crate::engine::fast_hash::{HashMap, HashSet};

use super::diagnostics::{Diagnostic, DiagnosticKind};
use super::runtime::{AssocRt, Runtime, ThroughRef};
use super::schema::AssociationKind;
use super::source::{LineIndex, SourceFile, Span};

/// The line of a span, for messages ("line 3").
fn line_of(files: &[SourceFile], lines: &[LineIndex], span: Span) -> u32 {
    let f = span.file as usize;
    match (files.get(f), lines.get(f)) {
        (Some(file), Some(index)) => index.line_col(&file.text, span.start).line,
        _ => 0,
    }
}

/// Associations with their index in `Runtime::associations`.
type Indexed<'r> = Vec<(usize, &'r AssocRt)>;

pub fn lint(rt: &Runtime, files: &[SourceFile]) -> Vec<Diagnostic> {
    let lines: Vec<LineIndex> = files.iter().map(|f| LineIndex::new(&f.text)).collect();
    let at = |span: Span| line_of(files, &lines, span);
    let mut out = Vec::new();
    let registered_ids: HashSet<usize> = rt.registry.values().copied().collect();
    let registered = |id: usize| registered_ids.contains(&id);
    let live: Vec<(usize, &AssocRt)> = rt
        .associations
        .iter()
        .enumerate()
        .filter(|(_, a)| registered(a.source) && registered(a.target) && a.replaced_by.is_none())
        .map(|(i, a)| (i, &**a))
        .collect();
    let name = |id: usize| rt.classes[id].name.as_str();
    // Live associations by (source, target): every check below looks up
    // the associations between one pair of models. The checks must stay
    // near-linear in the number of associations (a loop can make 100,000
    // between two models), so what they ask of a pair is indexed once:
    // their time grows with the warnings they give, not with the square
    // of the calls.
    let mut between: HashMap<(usize, usize), Indexed> = HashMap::default();
    for &(i, a) in &live {
        between
            .entry((a.source, a.target))
            .or_default()
            .push((i, a));
    }
    let pair = |source: usize, target: usize| {
        between
            .get(&(source, target))
            .map_or(&[][..], Vec::as_slice)
    };
    // The kinds of association from one model to another, and the first
    // association of each kind.
    let mut first_of_kind: HashMap<(usize, usize, AssociationKind), &AssocRt> = HashMap::default();
    for &(_, a) in &live {
        first_of_kind
            .entry((a.source, a.target, a.kind))
            .or_insert(a);
    }
    let has_kind = |source: usize, target: usize, kind: AssociationKind| {
        first_of_kind.contains_key(&(source, target, kind))
    };
    // Unpaired belongsToMany with a junction: by (source, target,
    // junction) in call order, and by (source, target) in source order
    // (then call order), for "written after this one".
    let mut unpaired_btm_through: HashMap<(usize, usize, usize), Indexed> = HashMap::default();
    let mut unpaired_btm_by_span: HashMap<(usize, usize), Indexed> = HashMap::default();
    for &(i, a) in &live {
        if let (AssociationKind::BelongsToMany, None, Some(t)) = (a.kind, a.paired, a.through) {
            unpaired_btm_through
                .entry((a.source, a.target, t))
                .or_default()
                .push((i, a));
            unpaired_btm_by_span
                .entry((a.source, a.target))
                .or_default()
                .push((i, a));
        }
    }
    for list in unpaired_btm_by_span.values_mut() {
        list.sort_by_key(|&(i, a)| (a.span, i));
    }

    // Two foreign keys: a hasOne/hasMany and a belongsTo between the same
    // models that name different keys.
    // What one (parent, child) pair offers every belongsTo from child to
    // parent: the keys of parent's hasOne/hasMany to child, and the first
    // of those whose key no belongsTo from child to parent uses.
    type Keys<'r> = (HashSet<&'r str>, Option<&'r AssocRt>);
    let mut has_keys: HashMap<(usize, usize), Keys> = HashMap::default();
    for (_, bt) in live
        .iter()
        .filter(|(_, a)| a.kind == AssociationKind::BelongsTo)
    {
        let (child, parent) = (bt.source, bt.target);
        let (keys, unmatched) = has_keys.entry((parent, child)).or_insert_with(|| {
            let has: Vec<&AssocRt> = pair(parent, child)
                .iter()
                .map(|&(_, a)| a)
                .filter(|a| matches!(a.kind, AssociationKind::HasOne | AssociationKind::HasMany))
                .collect();
            let belongs: HashSet<&str> = pair(child, parent)
                .iter()
                .filter(|(_, a)| a.kind == AssociationKind::BelongsTo)
                .map(|(_, a)| a.foreign_key.as_str())
                .collect();
            let keys = has.iter().map(|h| h.foreign_key.as_str()).collect();
            let unmatched = has
                .iter()
                .find(|h| !belongs.contains(h.foreign_key.as_str()))
                .copied();
            (keys, unmatched)
        });
        if keys.is_empty() || keys.contains(bt.foreign_key.as_str()) {
            continue;
        }
        if let Some(h) = *unmatched {
            out.push(
                Diagnostic::warning(
                    DiagnosticKind::TwoForeignKeys,
                    bt.span,
                    format!(
                        "{} gets two foreign keys to {}: `{}` from line {} ({}) and `{}` from this call; one was probably meant",
                        name(child),
                        name(parent),
                        h.foreign_key,
                        at(h.span),
                        h.label,
                        bt.foreign_key
                    ),
                )
                .with_help(format!(
                    "Give both calls the same key: `foreignKey: '{}'` here too (and matching sourceKey/targetKey).",
                    h.foreign_key
                )),
            );
        }
    }

    // belongsToMany pairs: the two sides over one junction must pair.
    for (i, a) in &live {
        if a.kind != AssociationKind::BelongsToMany || a.paired.is_some() {
            continue;
        }
        let Some(through) = a.through else { continue };
        // The unpaired inverses over the same junction, made after this one.
        let inverses = unpaired_btm_through
            .get(&(a.target, a.source, through))
            .map_or(&[][..], Vec::as_slice);
        let after = inverses.partition_point(|&(j, _)| j <= *i);
        for (_, b) in &inverses[after..] {
            let why = match (&a.through_ref, &b.through_ref) {
                (Some(ThroughRef::Name(_)), Some(ThroughRef::Class(_))) | (Some(ThroughRef::Class(_)), Some(ThroughRef::Name(_))) => {
                    "one side names the junction with a string and the other passes the model, so Sequelize does not pair them"
                }
                _ => "Sequelize does not pair them",
            };
            out.push(
                Diagnostic::warning(
                    DiagnosticKind::UnpairedBelongsToMany,
                    b.span,
                    format!(
                        "This belongsToMany and the one on line {} use the same junction {}, but {why}: the second replaces the first one's key columns",
                        at(a.span),
                        name(a.through.unwrap_or_default())
                    ),
                )
                .with_help("Pass `through` the same way on both sides (both the string, or both the model)."),
            );
        }
    }

    // Two junctions where one was meant: the inverse names another one.
    for (_, a) in &live {
        if a.kind != AssociationKind::BelongsToMany || a.paired.is_some() || a.source == a.target {
            continue;
        }
        let Some(x) = a.through else { continue };
        // The unpaired inverses written after this one, in call order.
        let inverses = unpaired_btm_by_span
            .get(&(a.target, a.source))
            .map_or(&[][..], Vec::as_slice);
        let after = inverses.partition_point(|(_, b)| b.span <= a.span);
        let mut later: Indexed = inverses[after..]
            .iter()
            .filter(|(_, b)| b.through != Some(x))
            .copied()
            .collect();
        later.sort_by_key(|&(j, _)| j);
        for (_, b) in later {
            let Some(y) = b.through else { continue };
            let (nx, ny) = (name(x), name(y));
            let why = if nx.eq_ignore_ascii_case(ny) {
                " (they differ only in case)"
            } else {
                ""
            };
            out.push(
                Diagnostic::warning(
                    DiagnosticKind::UnpairedBelongsToMany,
                    b.span,
                    format!(
                        "This belongsToMany goes through {ny} while its inverse on line {} goes through {nx}{why}: Sequelize makes two junction tables",
                        at(a.span)
                    ),
                )
                .with_help(format!("Use the same `through` on both sides: `through: '{nx}'`.")),
            );
        }
    }

    // A junction whose two keys have one name.
    for (_, a) in &live {
        if a.kind == AssociationKind::BelongsToMany
            && a.other_key.as_deref() == Some(a.foreign_key.as_str())
        {
            out.push(
                Diagnostic::warning(
                    DiagnosticKind::JunctionKeysCollide,
                    a.span,
                    format!(
                        "Both keys of {} are called `{}`: the junction gets one column where two were meant",
                        a.through.map_or("the junction", |t| name(t)),
                        a.foreign_key
                    ),
                )
                .with_help("A self-association needs its own key names: `foreignKey: 'followerId', otherKey: 'followingId'` (and the reverse on the other side)."),
            );
        }
    }

    // Keys both ways between two models.
    for (_, a) in &live {
        if a.source >= a.target {
            continue;
        }
        let holds = |x: &AssocRt| match x.kind {
            AssociationKind::BelongsTo => Some(x.source),
            AssociationKind::HasOne | AssociationKind::HasMany => Some(x.target),
            AssociationKind::BelongsToMany => None,
        };
        let Some(first_holder) = holds(a) else {
            continue;
        };
        // Of the same kind, only an association the other way holds its
        // key on the other model: the first one of them.
        if let Some(b) = first_of_kind
            .get(&(a.target, a.source, a.kind))
            .filter(|b| holds(b).is_some_and(|h| h != first_holder))
        {
            let (later, earlier) = if b.span > a.span { (*b, *a) } else { (*a, *b) };
            out.push(
                Diagnostic::warning(
                    DiagnosticKind::KeysBothWays,
                    later.span,
                    format!(
                        "{} and {} (line {}) each put a key on the other model: {} and {} point at each other",
                        later.label,
                        earlier.label,
                        at(earlier.span),
                        name(a.source),
                        name(a.target)
                    ),
                )
                .with_help("A one-to-one is hasOne on one side and belongsTo on the other, with the same foreignKey."),
            );
        }
    }

    // Inverses: an association whose other side is not declared.
    for (_, a) in &live {
        let back = |kind| has_kind(a.target, a.source, kind);
        let inverse = match a.kind {
            AssociationKind::HasOne | AssociationKind::HasMany => back(AssociationKind::BelongsTo),
            AssociationKind::BelongsTo => {
                back(AssociationKind::HasOne) || back(AssociationKind::HasMany)
            }
            AssociationKind::BelongsToMany => back(AssociationKind::BelongsToMany),
        };
        if inverse
            || a.source == a.target
            || rt.classes[a.target].created_by.is_some()
            || rt.classes[a.source].created_by.is_some()
        {
            continue;
        }
        let (suggest, what) = match a.kind {
            AssociationKind::HasOne | AssociationKind::HasMany => (
                format!(
                    "{}.belongsTo({}, {{ foreignKey: '{}' }})",
                    name(a.target),
                    name(a.source),
                    a.foreign_key
                ),
                format!(
                    "{} has no association back to {}",
                    name(a.target),
                    name(a.source)
                ),
            ),
            AssociationKind::BelongsTo => (
                format!(
                    "{}.hasMany({}, {{ foreignKey: '{}' }})",
                    name(a.target),
                    name(a.source),
                    a.foreign_key
                ),
                format!(
                    "{} has no hasOne/hasMany back to {}",
                    name(a.target),
                    name(a.source)
                ),
            ),
            AssociationKind::BelongsToMany => (
                format!(
                    "{}.belongsToMany({}, {{ through: ... }}) with the same through",
                    name(a.target),
                    name(a.source)
                ),
                format!(
                    "{} has no belongsToMany back to {}",
                    name(a.target),
                    name(a.source)
                ),
            ),
        };
        out.push(
            Diagnostic::info(
                DiagnosticKind::MissingInverse,
                a.span,
                format!("{} has no inverse: {what}", a.label),
            )
            .with_help(format!("Add `{suggest}` if you need it.")),
        );
    }

    // ON DELETE SET NULL on a primary-key column: the delete fails.
    for &id in rt.registry.values() {
        let Some(state) = rt.state(id) else { continue };
        for (attr_name, attr) in &state.raw {
            if attr.is_primary_key()
                && attr
                    .on_delete
                    .as_deref()
                    .is_some_and(|d| d.eq_ignore_ascii_case("SET NULL"))
            {
                let span = match &attr.origin {
                    super::schema::AttributeOrigin::Association { span, .. } => *span,
                    _ => rt.classes[id].span,
                };
                out.push(
                    Diagnostic::warning(
                        DiagnosticKind::SetNullOnPrimaryKey,
                        span,
                        format!(
                            "{}.{attr_name} is part of the primary key but keeps ON DELETE SET NULL: deleting the row it references fails",
                            name(id)
                        ),
                    )
                    .with_help("Declare the belongsToMany before the belongsTo calls to the junction, or pass `onDelete: 'CASCADE'` to the call that creates the column."),
                );
            }
        }
    }

    // Keys that reference a column that is neither primary key nor unique:
    // PostgreSQL refuses such a foreign key when the table is created.
    let mut pk_counts: HashMap<usize, usize> = HashMap::default();
    for (_, a) in &live {
        let checks: Vec<(usize, &Option<String>)> = match a.kind {
            AssociationKind::HasOne | AssociationKind::HasMany => vec![(a.source, &a.source_key)],
            AssociationKind::BelongsTo => vec![(a.target, &a.target_key)],
            AssociationKind::BelongsToMany => {
                vec![(a.source, &a.source_key), (a.target, &a.target_key)]
            }
        };
        if matches!(
            a.options.prop("constraints"),
            super::value::Value::Bool(false)
        ) {
            continue;
        }
        for (model, key) in checks {
            let Some(key) = key else { continue };
            let Some(state) = rt.state(model) else {
                continue;
            };
            let Some(attr) = state.raw.get(key) else {
                continue;
            };
            if matches!(attr.origin, super::schema::AttributeOrigin::Assumed { .. }) {
                continue;
            }
            let pk_count = *pk_counts
                .entry(model)
                .or_insert_with(|| state.raw.values().filter(|x| x.is_primary_key()).count());
            let unique = matches!(
                attr.unique,
                Some(
                    super::runtime::attribute::UniqueVal::Flag(true)
                        | super::runtime::attribute::UniqueVal::Named(_)
                        | super::runtime::attribute::UniqueVal::Object(..)
                )
            );
            if (attr.is_primary_key() && pk_count == 1) || unique {
                continue;
            }
            out.push(
                Diagnostic::warning(
                    DiagnosticKind::NotUniqueKey,
                    a.span,
                    format!(
                        "{}.{key} is neither the primary key nor unique: a database rejects a foreign key that references it",
                        name(model)
                    ),
                )
                .with_help(format!("Add `unique: true` to {}.{key}.", name(model))),
            );
        }
    }
    out
}
