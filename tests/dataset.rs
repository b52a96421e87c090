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
