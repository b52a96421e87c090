//! The simulated dataset over every fixture Sequelize builds: keys hold,
//! foreign keys name existing rows, and the seed alone decides the rows.

mod common;

use assoc_explorer::dataset::{self, Dataset, Options, Value};
use assoc_explorer::engine::{self, schema::AssociationKind, schema::Schema};
use std::collections::HashSet;

fn schemas() -> Vec<(String, Schema)> {
    common::fixtures()
        .into_iter()
        .filter_map(|f| {
            let analysis = engine::analyse(&f.files);
            analysis
                .strict_error
                .is_none()
                .then_some((f.name, analysis.schema))
        })
        .collect()
}

fn key(values: &[&Value]) -> String {
    format!("{values:?}")
}

/// Every invariant the generator promises, for one dataset.
fn check(name: &str, schema: &Schema, data: &Dataset) {
    for table in &data.tables {
        let model = &schema.models[table.model];
        for row in &table.rows {
            assert_eq!(
                row.len(),
                table.columns.len(),
                "{name}: {}",
                table.table_name
            );
        }
        // NULL only where the database takes it (a SERIAL is NOT NULL)
        // and the model gives no default.
        for (c, (field, attribute)) in dataset::columns(model).into_iter().enumerate() {
            if attribute.references.is_some() {
                continue;
            }
            for row in &table.rows {
                if row[c] == Value::Null {
                    assert!(
                        attribute.allow_null
                            && !attribute.primary_key
                            && !attribute.auto_increment
                            && attribute.default_value.is_none(),
                        "{name}: {}.{field} NULL",
                        table.table_name
                    );
                }
            }
        }
        // Primary and unique keys.
        for group in dataset::unique_groups(model, &table.columns) {
            let mut seen = HashSet::new();
            for row in &table.rows {
                let values: Vec<&Value> = group.iter().map(|&i| &row[i]).collect();
                if values.iter().any(|v| **v == Value::Null) {
                    assert!(
                        !group.iter().any(|&i| model
                            .attributes
                            .iter()
                            .any(|a| a.field == table.columns[i] && a.primary_key)),
                        "{name}: {}: NULL in the primary key",
                        table.table_name
                    );
                    continue;
                }
                assert!(
                    seen.insert(key(&values)),
                    "{name}: {}: key {:?} repeats",
                    table.table_name,
                    group
                );
            }
        }
        // Foreign keys name an existing row through the referenced column.
        for (c, field) in table.columns.iter().enumerate() {
            let Some(attribute) = model
                .attributes
                .iter()
                .rev()
                .find(|a| &a.field == field && a.data_type != "VIRTUAL")
            else {
                continue;
            };
            let Some(reference) = &attribute.references else {
                continue;
            };
            let Some(parent) = data.table(&reference.model) else {
                continue;
            };
            let pmodel = &schema.models[parent.model];
            let pcol = parent.column(&reference.key).or_else(|| {
                pmodel
                    .attribute(&reference.key)
                    .and_then(|a| parent.column(&a.field))
            });
            let Some(pcol) = pcol else { continue };
            let existing: HashSet<String> = parent.rows.iter().map(|r| key(&[&r[pcol]])).collect();
            for row in &table.rows {
                if row[c] == Value::Null {
                    assert!(
                        attribute.allow_null && !attribute.primary_key,
                        "{name}: {}.{field} NULL but NOT NULL",
                        table.table_name
                    );
                    continue;
                }
                assert!(
                    existing.contains(&key(&[&row[c]])),
                    "{name}: {}.{field} = {:?} names no row of {}",
                    table.table_name,
                    row[c],
                    parent.table_name
                );
            }
        }
    }
    // A hasOne's parent has at most one child.
    for a in &schema.associations {
        if a.kind != AssociationKind::HasOne {
            continue;
        }
        let target = &schema.models[a.target];
        let Some(table) = data.tables.iter().find(|t| t.model == a.target) else {
            continue;
        };
        let Some(field) = target.attribute(&a.foreign_key).map(|x| &x.field) else {
            continue;
        };
        let Some(c) = table.column(field) else {
            continue;
        };
        let mut seen = HashSet::new();
        for row in table.rows.iter().filter(|r| r[c] != Value::Null) {
            assert!(
                seen.insert(key(&[&row[c]])),
                "{name}: {}.{field}: two children of one hasOne parent",
                table.table_name
            );
        }
    }
}

#[test]
fn every_fixture_gets_rows_that_keep_its_keys() {
    let mut checked = 0;
    let mut rows = 0;
    for (name, schema) in schemas() {
        for seed in [1, 2, 99] {
            for count in [0, 1, 5, 12] {
                let data = dataset::generate(&schema, &Options { seed, rows: count });
                check(&name, &schema, &data);
                rows += data.tables.iter().map(|t| t.rows.len()).sum::<usize>();
            }
        }
        checked += 1;
    }
    assert!(checked > 50, "only {checked} fixtures");
    eprintln!("dataset: {checked} fixtures, {rows} rows checked");
}

#[test]
fn the_seed_decides_the_rows() {
    let all = schemas();
    let mut differs = false;
    for (name, schema) in &all {
        let a = dataset::generate(schema, &Options { seed: 7, rows: 5 });
        let b = dataset::generate(schema, &Options { seed: 7, rows: 5 });
        assert_eq!(a, b, "{name}");
        assert_eq!(a.to_json(), b.to_json(), "{name}");
        let c = dataset::generate(schema, &Options { seed: 8, rows: 5 });
        differs |= a.tables != c.tables;
    }
    assert!(differs, "another seed changed nothing");
}

#[test]
fn junction_pairs_differ_and_each_model_is_filled() {
    let (_, schema) = schemas()
        .into_iter()
        .find(|(n, _)| n.contains("realistic/ecommerce"))
        .expect("the ecommerce fixture");
    let data = dataset::generate(&schema, &Options::default());
    for table in &data.tables {
        let model = &schema.models[table.model];
        let wanted = if model.is_junction { 10 } else { 5 };
        assert!(!table.rows.is_empty(), "{} is empty", table.table_name);
        assert!(table.rows.len() <= wanted);
    }
}

/// After a destroy, no surviving row's foreign key (with a constraint)
/// names a removed row: checked for every record of every fixture, on the
/// generated data and again on top of an earlier destroy; and undo gives
/// back exactly the edits there were.
#[test]
fn every_destroy_leaves_no_key_naming_a_removed_row_and_undoes() {
    use dataset::cascade::{self, Outcome};
    use dataset::{Edits, RecordRef};
    let mut planned = 0;
    let mut refused = 0;
    let mut soft = 0;
    for (name, schema) in schemas() {
        let data = dataset::generate(&schema, &Options { seed: 1, rows: 5 });
        let records: Vec<RecordRef> = data
            .tables
            .iter()
            .enumerate()
            .flat_map(|(table, t)| (0..t.rows.len()).map(move |row| RecordRef { table, row }))
            .collect();
        // A first destroy that succeeds, to plan the others on top of.
        let mut earlier = Edits::default();
        for &r in &records {
            if let Outcome::Change(c) = cascade::plan(&schema, &data, &earlier, r) {
                if c.soft.is_none() && !c.removed.is_empty() {
                    cascade::apply(&mut earlier, &data, &c);
                    break;
                }
            }
        }
        for base in [Edits::default(), earlier] {
            for &r in &records {
                for force in [false, true] {
                    let options = cascade::Options { force };
                    match cascade::plan_with(&schema, &data, &base, r, options) {
                        Outcome::Missing => assert!(base.is_removed(r), "{name}: {r:?} missing"),
                        Outcome::Refused(x) => {
                            assert!(!x.error.is_empty() && !x.detail.is_empty(), "{name}");
                            refused += 1;
                        }
                        Outcome::Change(c) => {
                            let mut edits = base.clone();
                            cascade::apply(&mut edits, &data, &c);
                            if c.soft.is_some() {
                                soft += 1;
                                assert!(!edits.is_removed(r), "{name}: soft but removed");
                            } else {
                                assert!(edits.is_removed(r), "{name}: {r:?} not removed");
                                no_key_names_a_removed_row(&name, &schema, &data, &edits);
                            }
                            cascade::undo(&mut edits, &data, &c);
                            assert_eq!(edits, base, "{name}: undo of {r:?}");
                            planned += 1;
                        }
                    }
                }
            }
        }
    }
    assert!(
        planned > 1000 && refused > 10 && soft > 10,
        "{planned} {refused} {soft}"
    );
    eprintln!("cascade: {planned} destroys applied and undone, {refused} refused, {soft} soft");
}

fn no_key_names_a_removed_row(name: &str, schema: &Schema, data: &Dataset, edits: &dataset::Edits) {
    use dataset::RecordRef;
    for (t, table) in data.tables.iter().enumerate() {
        let model = &schema.models[table.model];
        for (c, (_, attribute)) in dataset::columns(model).into_iter().enumerate() {
            let Some(reference) = &attribute.references else {
                continue;
            };
            let Some(p) = data
                .tables
                .iter()
                .position(|x| x.table_name == reference.model)
            else {
                continue;
            };
            let parent = &data.tables[p];
            let key = if reference.key.is_empty() {
                "id"
            } else {
                &reference.key
            };
            let Some(pc) = parent.column(key).or_else(|| {
                schema.models[parent.model]
                    .attribute(key)
                    .and_then(|a| parent.column(&a.field))
            }) else {
                continue;
            };
            let live_parent_values: Vec<&Value> = (0..parent.rows.len())
                .map(|row| RecordRef { table: p, row })
                .filter(|&r| !edits.is_removed(r))
                .filter_map(|r| edits.cell(data, r, pc))
                .collect();
            for row in 0..table.rows.len() {
                let r = RecordRef { table: t, row };
                if edits.is_removed(r) {
                    continue;
                }
                let Some(v) = edits.cell(data, r, c) else {
                    continue;
                };
                if *v == Value::Null {
                    continue;
                }
                assert!(
                    live_parent_values.contains(&v),
                    "{name}: {}#{} .{} = {v:?} names a removed row of {}",
                    table.table_name,
                    row + 1,
                    table.columns[c],
                    parent.table_name
                );
            }
        }
    }
}

/// The association whose getter `instance.getX()` runs: the first one on
/// the source's prototype with that getter's name.
fn getter_owner(schema: &Schema, id: usize) -> usize {
    let a = &schema.associations[id];
    let get = |x: &assoc_explorer::engine::schema::Association| {
        x.accessors
            .iter()
            .find(|c| c.kind == assoc_explorer::engine::schema::AccessorKind::Get)
            .map(|c| c.name.clone())
    };
    schema
        .associations
        .iter()
        .position(|x| {
            x.source == a.source && x.source_redefined == a.source_redefined && get(x) == get(a)
        })
        .unwrap_or(id)
}

/// The value of a model's attribute in a record.
fn attribute_value<'d>(
    schema: &Schema,
    data: &'d Dataset,
    model: usize,
    r: dataset::RecordRef,
    attribute: &str,
) -> Option<&'d Value> {
    let field = &schema.models[model].attribute(attribute)?.field;
    let table = &data.tables[r.table];
    table.rows[r.row].get(table.column(field)?)
}

fn primary(schema: &Schema, model: usize) -> String {
    schema.models[model]
        .primary_keys
        .first()
        .cloned()
        .unwrap_or_else(|| "id".into())
}

#[test]
fn every_step_follows_the_keys_and_walking_back_returns_the_start() {
    let mut steps = 0;
    let mut back = 0;
    for (name, schema) in schemas() {
        for (seed, rows) in [(1, 3), (2, 6)] {
            let data = dataset::generate(&schema, &Options { seed, rows });
            let edits = dataset::Edits::default();
            let walker = dataset::Walker::new(&schema, &data);
            for (t, table) in data.tables.iter().enumerate() {
                for row in 0..table.rows.len() {
                    let r = dataset::RecordRef { table: t, row };
                    for step in walker.steps(&edits, r) {
                        steps += 1;
                        let id = getter_owner(&schema, step.association);
                        let a = &schema.associations[id];
                        let (s, tm) = (a.source, a.target);
                        assert_eq!(
                            data.tables[step.target_table].table_name, schema.models[tm].table_name,
                            "{name}"
                        );
                        if a.kind == AssociationKind::BelongsToMany {
                            assert_eq!(step.through.len(), step.records.len(), "{name}");
                        } else {
                            assert!(step.through.is_empty(), "{name}");
                        }
                        if !a.kind.is_multi() {
                            assert!(step.records.len() <= 1, "{name}");
                        }
                        for (k, &x) in step.records.iter().enumerate() {
                            let get =
                                |m, rec, attr: &str| attribute_value(&schema, &data, m, rec, attr);
                            let mut null_key = false;
                            match a.kind {
                                AssociationKind::BelongsTo => {
                                    let key = a
                                        .target_key
                                        .clone()
                                        .unwrap_or_else(|| primary(&schema, tm));
                                    let v = get(s, r, &a.foreign_key).expect("fk");
                                    // A NULL key finds rows only through
                                    // a non-primary key's `IS NULL`.
                                    if *v == Value::Null {
                                        assert_ne!(
                                            Some(&key),
                                            schema.models[tm].primary_keys.first()
                                        );
                                        null_key = true;
                                    }
                                    assert_eq!(
                                        Some(v),
                                        get(tm, x, &key),
                                        "{name}: {}",
                                        step.accessor
                                    );
                                }
                                AssociationKind::HasOne | AssociationKind::HasMany => {
                                    let key =
                                        a.source_key.clone().unwrap_or_else(|| primary(&schema, s));
                                    let v = get(s, r, &key).expect("source key");
                                    null_key = *v == Value::Null;
                                    assert_eq!(
                                        Some(v),
                                        get(tm, x, &a.foreign_key),
                                        "{name}: {}",
                                        step.accessor
                                    );
                                }
                                AssociationKind::BelongsToMany => {
                                    let j = a.through.expect("junction");
                                    let jr = step.through[k];
                                    let sk =
                                        a.source_key.clone().unwrap_or_else(|| primary(&schema, s));
                                    let tk = a
                                        .target_key
                                        .clone()
                                        .unwrap_or_else(|| primary(&schema, tm));
                                    let ok = a.other_key.clone().expect("otherKey");
                                    null_key = get(s, r, &sk) == Some(&Value::Null);
                                    assert_ne!(get(tm, x, &tk), Some(&Value::Null), "{name}");
                                    assert_eq!(
                                        get(s, r, &sk),
                                        get(j, jr, &a.foreign_key),
                                        "{name}"
                                    );
                                    assert_eq!(get(tm, x, &tk), get(j, jr, &ok), "{name}");
                                }
                            }
                            // Walking back along the inverse association.
                            // (Not from a NULL key: NULL names no parent.)
                            if id != step.association
                                || null_key
                                || schema.models[s].deleted_at.is_some()
                            {
                                continue;
                            }
                            let inverse = schema.associations.iter().enumerate().find(|(bi, b)| {
                                // A scope filters one way only (a
                                // polymorphic hasMany finds its type).
                                b.is_live()
                                    && b.scope.is_empty()
                                    && b.through_scope.is_empty()
                                    && getter_owner(&schema, *bi) == *bi
                                    && b.source == tm
                                    && b.target == s
                                    && match (a.kind, b.kind) {
                                        (
                                            AssociationKind::BelongsTo,
                                            AssociationKind::HasMany | AssociationKind::HasOne,
                                        ) => {
                                            b.foreign_key == a.foreign_key
                                                && b.source_key == a.target_key
                                        }
                                        (
                                            AssociationKind::HasMany | AssociationKind::HasOne,
                                            AssociationKind::BelongsTo,
                                        ) => {
                                            b.foreign_key == a.foreign_key
                                                && b.target_key == a.source_key
                                        }
                                        (
                                            AssociationKind::BelongsToMany,
                                            AssociationKind::BelongsToMany,
                                        ) => {
                                            b.through == a.through
                                                && b.foreign_key
                                                    == a.other_key.clone().unwrap_or_default()
                                                && b.other_key.as_deref()
                                                    == Some(a.foreign_key.as_str())
                                                && b.source_key == a.target_key
                                                && b.target_key == a.source_key
                                        }
                                        _ => false,
                                    }
                            });
                            let Some((bi, b)) = inverse else { continue };
                            let returned = walker.follow(&edits, x, bi).expect("a step back");
                            if b.kind.is_multi() {
                                assert!(
                                    returned.records.contains(&r),
                                    "{name}: {} back from {x:?}",
                                    step.accessor
                                );
                                back += 1;
                            } else if returned.records.first() == Some(&r) {
                                back += 1;
                            } else {
                                // A single getter returns the first match: a
                                // key shared by several source rows.
                                let first = returned.records.first().expect("some record");
                                let key = b
                                    .target_key
                                    .clone()
                                    .or(b.source_key.clone())
                                    .unwrap_or_else(|| primary(&schema, s));
                                assert_eq!(get(s, *first, &key), get(s, r, &key), "{name}");
                            }
                        }
                    }
                }
            }
        }
    }
    assert!(
        steps > 1000 && back > 500,
        "{steps} steps, {back} walked back"
    );
    eprintln!("walk: {steps} steps checked, {back} walked back to their start");
}

#[test]
fn edits_remove_records_and_a_nulled_foreign_key_stops_matching() {
    let (_, schema) = schemas()
        .into_iter()
        .find(|(n, _)| n.contains("realistic/ecommerce"))
        .expect("the ecommerce fixture");
    let data = dataset::generate(&schema, &Options { seed: 5, rows: 8 });
    let walker = dataset::Walker::new(&schema, &data);
    let mut edits = dataset::Edits::default();
    // A record with a hasMany step that finds something.
    let (r, step) = data
        .tables
        .iter()
        .enumerate()
        .flat_map(|(t, table)| {
            (0..table.rows.len()).map(move |row| dataset::RecordRef { table: t, row })
        })
        .flat_map(|r| walker.steps(&edits, r).into_iter().map(move |s| (r, s)))
        .find(|(_, s)| {
            schema.associations[s.association].kind == AssociationKind::HasMany
                && s.records.len() >= 2
        })
        .expect("a hasMany with two children");
    let a = &schema.associations[step.association];
    let child = step.records[0];
    let column = data.tables[child.table]
        .column(
            &schema.models[a.target]
                .attribute(&a.foreign_key)
                .expect("fk")
                .field,
        )
        .expect("column");
    edits.set(&data, child, column, Value::Null);
    edits.remove(step.records[1]);
    let after = walker.follow(&edits, r, step.association).expect("step");
    assert!(!after.records.contains(&child) && !after.records.contains(&step.records[1]));
    assert_eq!(after.records.len(), step.records.len() - 2);
    // A child moved to this parent by an edit is found.
    let key_value = data.tables[child.table].rows[child.row][column].clone();
    edits.set(&data, child, column, key_value);
    assert!(walker
        .follow(&edits, r, step.association)
        .expect("step")
        .records
        .contains(&child));
    edits.remove(r);
    assert!(walker.steps(&edits, r).is_empty());
}
