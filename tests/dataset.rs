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
