//! Destroys on small hand-made datasets. The expected outcomes were
//! checked on PostgreSQL 15 with the DDL `assoc sql` prints for the same
//! code (the error texts are its own).

use super::*;
use crate::dataset::edits;
use crate::dataset::{columns, Table};
use crate::engine::{self, SourceFile};

fn schema(code: &str) -> Schema {
    let analysis = engine::analyse(&[SourceFile::new("models.js", code)]);
    assert!(
        analysis.strict_error.is_none(),
        "{:?}",
        analysis.strict_error
    );
    analysis.schema
}

/// A dataset with the given rows, each a list of (field, value); other
/// columns NULL. Tables in the order given.
/// Rows as lists of (field, value).
type Rows<'a> = Vec<Vec<(&'a str, Value)>>;

fn data(schema: &Schema, tables: &[(&str, Rows)]) -> Dataset {
    let tables = tables
        .iter()
        .map(|(name, rows)| {
            let model = schema
                .models
                .iter()
                .position(|m| m.name == *name)
                .expect("the model exists");
            let fields: Vec<String> = columns(&schema.models[model])
                .into_iter()
                .map(|(f, _)| f)
                .collect();
            let rows = rows
                .iter()
                .map(|cells| {
                    fields
                        .iter()
                        .map(|f| {
                            cells
                                .iter()
                                .find(|(c, _)| c == f)
                                .map_or(Value::Null, |(_, v)| v.clone())
                        })
                        .collect()
                })
                .collect();
            Table {
                model,
                table_name: schema.models[model].table_name.clone(),
                schema: None,
                columns: fields,
                rows,
            }
        })
        .collect();
    Dataset {
        seed: 1,
        tables,
        notes: vec![],
    }
}

fn int(i: i64) -> Value {
    Value::Int(i)
}

fn labels(schema: &Schema, data: &Dataset, rows: &[RecordRef]) -> Vec<String> {
    rows.iter()
        .map(|&r| edits::label(schema, data, &Edits::default(), r))
        .collect()
}

fn destroy(schema: &Schema, data: &Dataset, table: usize, row: usize) -> Outcome {
    plan(schema, data, &Edits::default(), RecordRef { table, row })
}

fn change(outcome: Outcome) -> Change {
    match outcome {
        Outcome::Change(c) => c,
        other => panic!("expected a change, got {other:?}"),
    }
}

fn refusal(outcome: Outcome) -> Refusal {
    match outcome {
        Outcome::Refused(r) => r,
        other => panic!("expected a refusal, got {other:?}"),
    }
}

/// apply then undo gives the edits back.
fn round_trip(data: &Dataset, c: &Change) {
    let mut e = Edits::default();
    apply(&mut e, data, c);
    assert!(!e.is_empty());
    undo(&mut e, data, c);
    assert_eq!(e, Edits::default());
}

#[test]
fn cascade_follows_a_chain_and_names_the_key() {
    let s = schema(
        "const Organization = sequelize.define('Organization', {});
         const Employee = sequelize.define('Employee', {});
         const Task = sequelize.define('Task', {});
         Organization.hasMany(Employee, { onDelete: 'CASCADE' });
         Employee.hasMany(Task, { onDelete: 'cascade' });",
    );
    let d = data(
        &s,
        &[
            (
                "Organization",
                vec![vec![("id", int(1))], vec![("id", int(2))]],
            ),
            (
                "Employee",
                vec![
                    vec![("id", int(1)), ("OrganizationId", int(2))],
                    vec![("id", int(2)), ("OrganizationId", int(1))],
                    vec![("id", int(4)), ("OrganizationId", int(2))],
                ],
            ),
            (
                "Task",
                vec![
                    vec![("id", int(1)), ("EmployeeId", int(4))],
                    vec![("id", int(2)), ("EmployeeId", int(2))],
                    vec![("id", int(3)), ("EmployeeId", int(1))],
                ],
            ),
        ],
    );
    let c = change(destroy(&s, &d, 0, 1));
    let removed: Vec<RecordRef> = c.removed.iter().map(|r| r.record).collect();
    // Both employees first (one DELETE), then each one's tasks.
    assert_eq!(
        labels(&s, &d, &removed),
        ["Employee#1", "Employee#4", "Task#3", "Task#1"]
    );
    assert_eq!(
        c.removed[0].cause.to_string(),
        "Employees.OrganizationId ON DELETE CASCADE"
    );
    assert_eq!(
        c.removed[0].cause.constraint.as_deref(),
        Some("Employees_OrganizationId_fkey")
    );
    assert_eq!(c.removed[2].cause.parent, RecordRef { table: 1, row: 0 });
    assert!(c.cleared.is_empty() && c.soft.is_none());
    round_trip(&d, &c);
}

#[test]
fn set_null_clears_the_key_and_not_null_refuses() {
    let s = schema(
        "const Post = sequelize.define('Post', {});
         const Comment = sequelize.define('Comment', {});
         const Like = sequelize.define('Like', {});
         Post.hasMany(Comment);
         Post.hasMany(Like, { foreignKey: { name: 'postId', allowNull: false }, onDelete: 'SET NULL' });",
    );
    let d = data(
        &s,
        &[
            ("Post", vec![vec![("id", int(1))], vec![("id", int(2))]]),
            (
                "Comment",
                vec![
                    vec![("id", int(1)), ("PostId", int(1))],
                    vec![("id", int(2)), ("PostId", int(2))],
                ],
            ),
            ("Like", vec![vec![("id", int(7)), ("postId", int(2))]]),
        ],
    );
    let c = change(destroy(&s, &d, 0, 0));
    assert!(c.removed.is_empty());
    assert_eq!(c.cleared.len(), 1);
    assert_eq!(c.cleared[0].record, RecordRef { table: 1, row: 0 });
    assert_eq!(
        (&c.cleared[0].old, &c.cleared[0].new),
        (&int(1), &Value::Null)
    );
    assert_eq!(
        c.cleared[0].cause.to_string(),
        "Comments.PostId ON DELETE SET NULL"
    );
    round_trip(&d, &c);
    let mut e = Edits::default();
    apply(&mut e, &d, &c);
    assert_eq!(
        e.cell(&d, RecordRef { table: 1, row: 0 }, 1),
        Some(&Value::Null)
    );

    let r = refusal(destroy(&s, &d, 0, 1));
    assert_eq!(
        r.error,
        "null value in column \"postId\" of relation \"Likes\" violates not-null constraint"
    );
    assert_eq!(r.detail, "Failing row contains (7, null, null, null).");
}

/// A <- B (CASCADE), B <- C (rule), A <- D (CASCADE), D <- C (CASCADE):
/// deleting A queues B's cascade, then D's; B's row queues C's check on
/// B before D's row queues C's cascade, so the check still finds C's row
/// and refuses, for RESTRICT and NO ACTION alike (PostgreSQL 15: neither
/// waits for the end of the statement). With A <- C (CASCADE) instead,
/// C's row goes in A's own cascade, before the check: no refusal.
#[test]
fn restrict_and_no_action_check_when_their_event_fires() {
    for rule in ["RESTRICT", "NO ACTION"] {
        let code = format!(
            "const A = sequelize.define('A', {{}}, {{ timestamps: false }});
             const B = sequelize.define('B', {{}}, {{ timestamps: false }});
             const D = sequelize.define('D', {{}}, {{ timestamps: false }});
             const C = sequelize.define('C', {{}}, {{ timestamps: false }});
             A.hasMany(B, {{ onDelete: 'CASCADE' }});
             A.hasMany(D, {{ onDelete: 'CASCADE' }});
             B.hasMany(C, {{ onDelete: '{rule}' }});
             D.hasMany(C, {{ onDelete: 'CASCADE' }});"
        );
        let s = schema(&code);
        let d = data(
            &s,
            &[
                ("A", vec![vec![("id", int(1))]]),
                ("B", vec![vec![("id", int(1)), ("AId", int(1))]]),
                ("D", vec![vec![("id", int(1)), ("AId", int(1))]]),
                (
                    "C",
                    vec![vec![("id", int(1)), ("BId", int(1)), ("DId", int(1))]],
                ),
            ],
        );
        let r = refusal(destroy(&s, &d, 0, 0));
        assert_eq!(
            r.error,
            "update or delete on table \"Bs\" violates foreign key constraint \"Cs_BId_fkey\" on table \"Cs\""
        );
        assert_eq!(
            r.detail,
            "Key (id)=(1) is still referenced from table \"Cs\"."
        );
        // Destroying the B row alone: C's row still names it.
        assert!(matches!(destroy(&s, &d, 1, 0), Outcome::Refused(_)));

        let code = code.replace("D.hasMany(C", "A.hasMany(C");
        let s = schema(&code);
        let d = data(
            &s,
            &[
                ("A", vec![vec![("id", int(1))]]),
                ("B", vec![vec![("id", int(1)), ("AId", int(1))]]),
                (
                    "C",
                    vec![vec![("id", int(1)), ("BId", int(1)), ("AId", int(1))]],
                ),
            ],
        );
        let c = change(destroy(&s, &d, 0, 0));
        assert_eq!(
            labels(&s, &d, &[c.removed[0].record, c.removed[1].record]),
            ["B#1", "C#1"]
        );
    }
}

#[test]
fn a_self_reference_cycle_ends() {
    let s = schema(
        "const Employee = sequelize.define('Employee', {}, { timestamps: false });
         Employee.hasMany(Employee, { as: 'reports', foreignKey: 'managerId', onDelete: 'CASCADE' });",
    );
    let d = data(
        &s,
        &[(
            "Employee",
            vec![
                vec![("id", int(1))],
                vec![("id", int(2)), ("managerId", int(1))],
                vec![("id", int(3)), ("managerId", int(2))],
                vec![("id", int(4)), ("managerId", int(5))],
                vec![("id", int(5)), ("managerId", int(4))],
            ],
        )],
    );
    let c = change(destroy(&s, &d, 0, 0));
    let removed: Vec<RecordRef> = c.removed.iter().map(|r| r.record).collect();
    assert_eq!(labels(&s, &d, &removed), ["Employee#2", "Employee#3"]);
    let c = change(destroy(&s, &d, 0, 3));
    assert_eq!(c.removed.len(), 1);
    assert_eq!(c.removed[0].record, RecordRef { table: 0, row: 4 });
    round_trip(&d, &c);
}

#[test]
fn a_paranoid_destroy_is_soft_and_cascades_nothing() {
    let s = schema(
        "const Project = sequelize.define('Project', {}, { paranoid: true });
         const Task = sequelize.define('Task', {});
         Project.hasMany(Task, { onDelete: 'CASCADE' });",
    );
    let d = data(
        &s,
        &[
            ("Project", vec![vec![("id", int(1))]]),
            ("Task", vec![vec![("id", int(1)), ("ProjectId", int(1))]]),
        ],
    );
    let c = change(destroy(&s, &d, 0, 0));
    let soft = c.soft.clone().expect("soft");
    assert_eq!(d.tables[0].columns[soft.column], "deletedAt");
    assert_eq!(soft.new, Value::Text(SOFT_DELETED_AT.into()));
    assert!(c.removed.is_empty() && c.cleared.is_empty());
    let mut e = Edits::default();
    apply(&mut e, &d, &c);
    assert!(!e.is_removed(RecordRef { table: 0, row: 0 }));
    undo(&mut e, &d, &c);
    assert!(e.is_empty());
    // Forced, it is a DELETE, and the task goes.
    let forced = plan_with(
        &s,
        &d,
        &Edits::default(),
        RecordRef { table: 0, row: 0 },
        Options { force: true },
    );
    assert_eq!(change(forced).removed.len(), 1);
}

#[test]
fn a_key_without_a_constraint_is_left_dangling() {
    let s = schema(
        "const Shop = sequelize.define('Shop', {});
         const Product = sequelize.define('Product', {});
         Shop.hasMany(Product, { constraints: false });",
    );
    let d = data(
        &s,
        &[
            ("Shop", vec![vec![("id", int(1))]]),
            (
                "Product",
                vec![
                    vec![("id", int(1)), ("ShopId", int(1))],
                    vec![("id", int(2))],
                ],
            ),
        ],
    );
    let c = change(destroy(&s, &d, 0, 0));
    assert!(c.removed.is_empty() && c.cleared.is_empty());
    assert_eq!(c.dangling.len(), 1);
    assert_eq!(c.dangling[0].record, RecordRef { table: 1, row: 0 });
    assert_eq!(
        c.dangling[0].cause.to_string(),
        "Products.ShopId (no constraint)"
    );
    round_trip(&d, &c);
}

#[test]
fn a_source_key_is_matched_by_its_value() {
    let s = schema(
        "const Team = sequelize.define('Team', { code: { type: DataTypes.STRING, unique: true } });
         const Player = sequelize.define('Player', {});
         Team.hasMany(Player, { sourceKey: 'code', foreignKey: 'teamCode', onDelete: 'CASCADE' });",
    );
    let text = |s: &str| Value::Text(s.into());
    let d = data(
        &s,
        &[
            (
                "Team",
                vec![
                    vec![("id", int(1)), ("code", text("b"))],
                    vec![("id", int(2)), ("code", text("a"))],
                ],
            ),
            (
                "Player",
                vec![
                    vec![("id", int(1)), ("teamCode", text("a"))],
                    vec![("id", int(2)), ("teamCode", text("b"))],
                ],
            ),
        ],
    );
    let c = change(destroy(&s, &d, 0, 1));
    assert_eq!(c.removed.len(), 1);
    assert_eq!(c.removed[0].record, RecordRef { table: 1, row: 0 });
}

#[test]
fn set_default_sets_the_default_and_refuses_one_naming_no_row() {
    let s = schema(
        "const Team = sequelize.define('Team', {}, { timestamps: false });
         const Player = sequelize.define('Player', {
           TeamId: { type: DataTypes.INTEGER, defaultValue: 1 },
         }, { timestamps: false });
         Team.hasMany(Player, { onDelete: 'SET DEFAULT' });",
    );
    let d = data(
        &s,
        &[
            ("Team", vec![vec![("id", int(1))], vec![("id", int(2))]]),
            ("Player", vec![vec![("id", int(1)), ("TeamId", int(2))]]),
        ],
    );
    let c = change(destroy(&s, &d, 0, 1));
    assert_eq!(c.cleared[0].new, int(1));
    round_trip(&d, &c);
    let d = data(
        &s,
        &[
            ("Team", vec![vec![("id", int(2))]]),
            ("Player", vec![vec![("id", int(1)), ("TeamId", int(2))]]),
        ],
    );
    let r = refusal(destroy(&s, &d, 0, 0));
    assert_eq!(
        r.error,
        "insert or update on table \"Players\" violates foreign key constraint \"Players_TeamId_fkey\""
    );
    assert_eq!(
        r.detail,
        "Key (TeamId)=(1) is not present in table \"Teams\"."
    );
}

#[test]
fn a_removed_or_missing_record_is_missing() {
    let s = schema("const A = sequelize.define('A', {});");
    let d = data(&s, &[("A", vec![vec![("id", int(1))]])]);
    let r = RecordRef { table: 0, row: 0 };
    let mut e = Edits::default();
    e.remove(r);
    assert_eq!(plan(&s, &d, &e, r), Outcome::Missing);
    assert_eq!(
        plan(&s, &d, &Edits::default(), RecordRef { table: 0, row: 9 }),
        Outcome::Missing
    );
    assert_eq!(Rule::from_on_delete(Some(" set  null ")), Rule::SetNull);
    assert_eq!(Rule::from_on_delete(None), Rule::NoAction);
}
