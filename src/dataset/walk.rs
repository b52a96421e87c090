//! Walking the associations record by record: from one row of the
//! dataset, each association of its model leads to the rows its getter
//! (`organization.getEmployees()`) would return, with the SQL Sequelize
//! sends for it.
//!
//! Input: the [`Schema`], a generated [`Dataset`] and the [`Edits`] made
//! to it. Output: [`Step`]s. [`Walker::new`] indexes every column an
//! association compares (value -> rows), once, in time linear in the rows;
//! a step then costs what it returns, not a scan of the table.
//!
//! Keys are compared as Sequelize's getters compare them: a belongsTo's
//! `foreignKey` with the target's `targetKey`, a hasOne's or hasMany's
//! target `foreignKey` with the source's `sourceKey`, a belongsToMany's
//! junction `foreignKey` with the source's `sourceKey` and its `otherKey`
//! with the target's `targetKey`. A NULL foreign key matches nothing; a
//! NULL key in the getter's own WHERE reads `IS NULL`, as Sequelize writes
//! it, and finds the rows holding NULL. A paranoid model's soft-deleted
//! rows (`deletedAt` set) are left out, as its queries do.
//!
//! An association's `scope` (and a belongsToMany's `through.scope`) holds
//! too: a polymorphic hasMany finds only the rows of its type.
//!
//! What it deliberately does not know: a model's default scope, scope
//! conditions other than equality with a string, number, boolean or null.

use super::edits::{Edits, RecordRef};
use std::borrow::Cow;

use super::query;
use super::{Dataset, Value};
use crate::engine::fast_hash::HashMap;
use crate::engine::naming;
use crate::engine::schema::{
    AccessorKind, Association, AssociationId, AssociationKind, ModelId, Schema, ScopeValue,
};

/// One association followed from one record.
#[derive(Clone, Debug, PartialEq)]
pub struct Step {
    pub association: AssociationId,
    /// The call as code: `organization.getEmployees()`.
    pub accessor: String,
    /// The statement the getter sends (postgres), or `None` where it sends
    /// none (a belongsTo whose foreign key is NULL resolves to null).
    pub sql: Option<String>,
    /// Index into [`Dataset::tables`] of the related records' table.
    pub target_table: usize,
    /// The related records, in table row order: for a hasOne or belongsTo
    /// at most one (the first, as `findOne` resolves).
    pub records: Vec<RecordRef>,
    /// For a belongsToMany, the junction row joining each record of
    /// `records` (same length, same order); empty otherwise.
    pub through: Vec<RecordRef>,
}

/// A dataset's indexes for walking its associations, apart from the
/// walker that borrows the schema and the rows: the page keeps them from
/// one step to the next ([`Walker::with_index`]) and builds them once per
/// generated dataset ([`Index::build`]).
#[derive(Clone, Debug, Default)]
pub struct Index {
    /// Each model's table: the table its model holds, or the table of the
    /// same name (models sharing a table share its rows).
    table_of: Vec<Option<usize>>,
    /// (table, column) -> value key -> rows holding it, ascending.
    index: HashMap<(usize, usize), HashMap<String, Vec<usize>>>,
}

impl Index {
    /// [`Walker::new`]'s indexes, to keep.
    pub fn build(schema: &Schema, data: &Dataset) -> Index {
        Walker::new(schema, data).ix.into_owned()
    }
}

/// Walks a dataset's associations over its [`Index`].
pub struct Walker<'a> {
    schema: &'a Schema,
    data: &'a Dataset,
    ix: Cow<'a, Index>,
}

impl<'a> Walker<'a> {
    /// Indexes every column an association reads. Linear in the rows of
    /// those columns.
    pub fn new(schema: &'a Schema, data: &'a Dataset) -> Walker<'a> {
        let mut table_of: Vec<Option<usize>> = vec![None; schema.models.len()];
        for (t, table) in data.tables.iter().enumerate() {
            if let Some(slot) = table_of.get_mut(table.model) {
                *slot = Some(t);
            }
        }
        for (m, model) in schema.models.iter().enumerate() {
            if table_of.get(m).is_some_and(Option::is_some) {
                continue;
            }
            let found = data
                .tables
                .iter()
                .position(|t| t.table_name == model.table_name && t.schema == model.schema);
            if let Some(slot) = table_of.get_mut(m) {
                *slot = found;
            }
        }
        let mut walker = Walker {
            schema,
            data,
            ix: Cow::Owned(Index {
                table_of,
                index: HashMap::default(),
            }),
        };
        let mut wanted: Vec<(usize, usize)> = Vec::new();
        for a in &schema.associations {
            for (model, attribute) in compared_columns(schema, a) {
                if let Some(at) = walker.column(model, &attribute) {
                    wanted.push(at);
                }
            }
        }
        wanted.sort_unstable();
        wanted.dedup();
        for (t, c) in wanted {
            let Some(table) = data.tables.get(t) else {
                continue;
            };
            let mut by_value: HashMap<String, Vec<usize>> = HashMap::default();
            for (row, values) in table.rows.iter().enumerate() {
                // NULLs too: a getter's `WHERE key IS NULL` finds them.
                if let Some(v) = values.get(c) {
                    by_value.entry(v.key()).or_default().push(row);
                }
            }
            walker.ix.to_mut().index.insert((t, c), by_value);
        }
        walker
    }

    /// A walker over indexes built before ([`Index::build`]) for this same
    /// schema and data.
    pub fn with_index(schema: &'a Schema, data: &'a Dataset, index: &'a Index) -> Walker<'a> {
        Walker {
            schema,
            data,
            ix: Cow::Borrowed(index),
        }
    }

    pub fn schema(&self) -> &'a Schema {
        self.schema
    }

    pub fn data(&self) -> &'a Dataset {
        self.data
    }

    /// The table holding a model's rows.
    pub fn table_of(&self, model: ModelId) -> Option<usize> {
        self.ix.table_of.get(model).copied().flatten()
    }

    /// (table, column) of a model's attribute.
    fn column(&self, model: ModelId, attribute: &str) -> Option<(usize, usize)> {
        let t = self.table_of(model)?;
        let field = &self.schema.models.get(model)?.attribute(attribute)?.field;
        Some((t, self.data.tables.get(t)?.column(field)?))
    }

    /// A record's value of a model's attribute, edits applied.
    pub fn value<'e>(
        &'e self,
        edits: &'e Edits,
        r: RecordRef,
        model: ModelId,
        attribute: &str,
    ) -> Option<&'e Value> {
        let (t, c) = self.column(model, attribute)?;
        if t != r.table {
            return None;
        }
        edits.cell(self.data, r, c)
    }

    /// The live rows of `model`'s table whose `attribute` equals `value`
    /// as a join compares them (NULL matches nothing), ascending; a
    /// paranoid model's soft-deleted rows left out. O(result + edited
    /// cells).
    pub fn rows_with(
        &self,
        edits: &Edits,
        model: ModelId,
        attribute: &str,
        value: &Value,
    ) -> Vec<RecordRef> {
        if *value == Value::Null {
            return Vec::new();
        }
        self.rows_where(edits, model, attribute, value)
    }

    /// The live rows a getter's `WHERE "attribute" = value` finds: as
    /// [`Walker::rows_with`], except that a NULL value is written `IS NULL`
    /// and finds the rows whose `attribute` is NULL (a hasMany on a NULL
    /// source key returns every child without a parent, as Sequelize does).
    pub fn rows_where(
        &self,
        edits: &Edits,
        model: ModelId,
        attribute: &str,
        value: &Value,
    ) -> Vec<RecordRef> {
        let Some((t, c)) = self.column(model, attribute) else {
            return Vec::new();
        };
        let key = value.key();
        let holds = |r: RecordRef| {
            !edits.is_removed(r) && edits.cell(self.data, r, c).is_some_and(|v| v.key() == key)
        };
        let mut rows: Vec<RecordRef> = self
            .ix
            .index
            .get(&(t, c))
            .and_then(|m| m.get(&key))
            .map(|rows| {
                rows.iter()
                    .map(|&row| RecordRef { table: t, row })
                    .filter(|&r| holds(r))
                    .collect()
            })
            .unwrap_or_default();
        // Cells edited to this value since the index was built.
        let before = rows.len();
        rows.extend(
            edits
                .changed()
                .filter(|(r, column, _)| r.table == t && *column == c)
                .map(|(r, _, _)| r)
                .filter(|&r| holds(r)),
        );
        if rows.len() > before {
            rows.sort_unstable();
            rows.dedup();
        }
        if let Some(deleted) = self
            .schema
            .models
            .get(model)
            .and_then(|m| m.deleted_at.as_deref())
        {
            if let Some((_, d)) = self.column(model, deleted) {
                rows.retain(|&r| matches!(edits.cell(self.data, r, d), Some(Value::Null) | None));
            }
        }
        rows
    }

    /// Whether a record meets an association's `scope` (NULL only by NULL;
    /// a condition the engine does not follow is taken as met).
    fn satisfies(
        &self,
        edits: &Edits,
        r: RecordRef,
        model: ModelId,
        scope: &[(String, ScopeValue)],
    ) -> bool {
        scope.iter().all(|(k, v)| {
            let Some(wanted) = query::scope_value(v) else {
                return true;
            };
            match (self.value(edits, r, model, k), &wanted) {
                (Some(Value::Null), Value::Null) => true,
                (Some(Value::Null), _) | (None, _) | (_, Value::Null) => false,
                (Some(have), _) => have.key() == wanted.key(),
            }
        })
    }

    /// Every live association of the record's model (`Model.associations`),
    /// in call order, followed from the record. Empty for a removed or
    /// unknown record.
    pub fn steps(&self, edits: &Edits, r: RecordRef) -> Vec<Step> {
        let Some(table) = self.data.tables.get(r.table) else {
            return Vec::new();
        };
        if edits.is_removed(r) || r.row >= table.rows.len() {
            return Vec::new();
        }
        let model = table.model;
        self.schema
            .associations
            .iter()
            .enumerate()
            .filter(|(_, a)| a.source == model && a.is_live())
            .filter_map(|(id, a)| self.step(edits, r, id, self.getter_of(a)))
            .collect()
    }

    /// One association's getter called on a record (`None` for an unknown
    /// association or record, or a removed one).
    pub fn follow(&self, edits: &Edits, r: RecordRef, id: AssociationId) -> Option<Step> {
        let a = self.schema.associations.get(id)?;
        self.live_record(edits, r)?;
        self.step(edits, r, id, self.getter_of(a))
    }

    /// One association itself followed from a record, as an `include` of
    /// it joins (even where its getter is another association's).
    pub fn include(&self, edits: &Edits, r: RecordRef, id: AssociationId) -> Option<Step> {
        let a = self.schema.associations.get(id)?;
        self.live_record(edits, r)?;
        self.step(edits, r, id, a)
    }

    fn live_record(&self, edits: &Edits, r: RecordRef) -> Option<()> {
        let table = self.data.tables.get(r.table)?;
        (!edits.is_removed(r) && r.row < table.rows.len()).then_some(())
    }

    /// The association whose getter `instance.getX()` runs. Sequelize's
    /// mixins never overwrite a method the prototype has: an association
    /// that replaced another in `Model.associations` under the same alias
    /// leaves the first one's getter in place.
    fn getter_of<'s>(&'s self, a: &'s Association) -> &'s Association {
        let Some(get) = get_name(a) else {
            return a;
        };
        self.schema
            .associations
            .iter()
            .find(|x| {
                x.source == a.source
                    && x.source_redefined == a.source_redefined
                    && get_name(x) == Some(get)
            })
            .unwrap_or(a)
    }

    /// `a` followed from `r`, reported as association `id`.
    fn step(
        &self,
        edits: &Edits,
        r: RecordRef,
        id: AssociationId,
        a: &Association,
    ) -> Option<Step> {
        let get = get_name(a).unwrap_or_default().to_string();
        let source = self.schema.models.get(a.source)?;
        let target = self.schema.models.get(a.target)?;
        let target_table = self.table_of(a.target)?;
        let instance = naming::camelize(&source.singular)
            .map(|s| naming::lower_first(&s))
            .unwrap_or_else(|_| naming::lower_first(&source.singular));
        let accessor = format!("{instance}.{get}()");
        let primary = |m: &crate::engine::schema::Model| {
            m.primary_keys
                .first()
                .cloned()
                .unwrap_or_else(|| "id".into())
        };
        let null = Value::Null;
        let mut through = Vec::new();
        let (value, records) = match a.kind {
            AssociationKind::BelongsTo => {
                let value = self
                    .value(edits, r, a.source, &a.foreign_key)
                    .unwrap_or(&null);
                let key = a.target_key.clone().unwrap_or_else(|| primary(target));
                // A NULL key to the primary key sends no query (findByPk);
                // to another key, `IS NULL`.
                let mut records = if Some(&key) == target.primary_keys.first() {
                    self.rows_with(edits, a.target, &key, value)
                } else {
                    self.rows_where(edits, a.target, &key, value)
                };
                records.truncate(1);
                (value, records)
            }
            AssociationKind::HasOne | AssociationKind::HasMany => {
                let key = a.source_key.clone().unwrap_or_else(|| primary(source));
                let value = self.value(edits, r, a.source, &key).unwrap_or(&null);
                let mut records = self.rows_where(edits, a.target, &a.foreign_key, value);
                records.retain(|&x| self.satisfies(edits, x, a.target, &a.scope));
                if a.kind == AssociationKind::HasOne {
                    records.truncate(1);
                }
                (value, records)
            }
            AssociationKind::BelongsToMany => {
                let key = a.source_key.clone().unwrap_or_else(|| primary(source));
                let value = self.value(edits, r, a.source, &key).unwrap_or(&null);
                let mut pairs: Vec<(RecordRef, RecordRef)> = Vec::new();
                if let (Some(j), Some(other)) = (a.through, a.other_key.as_deref()) {
                    let target_key = a.target_key.clone().unwrap_or_else(|| primary(target));
                    for jr in self.rows_where(edits, j, &a.foreign_key, value) {
                        if !self.satisfies(edits, jr, j, &a.through_scope) {
                            continue;
                        }
                        let Some(other_value) = self.value(edits, jr, j, other) else {
                            continue;
                        };
                        for tr in self.rows_with(edits, a.target, &target_key, other_value) {
                            if self.satisfies(edits, tr, a.target, &a.scope) {
                                pairs.push((tr, jr));
                            }
                        }
                    }
                }
                pairs.sort_unstable();
                through = pairs.iter().map(|p| p.1).collect();
                (value, pairs.into_iter().map(|p| p.0).collect())
            }
        };
        Some(Step {
            association: id,
            accessor,
            sql: query::getter_sql(self.schema, a, value),
            target_table,
            records,
            through,
        })
    }
}

/// The name of an association's get accessor (`getEmployees`).
fn get_name(a: &Association) -> Option<&str> {
    a.accessors
        .iter()
        .find(|x| x.kind == AccessorKind::Get)
        .map(|x| x.name.as_str())
}

/// The (model, attribute) pairs an association's getter looks rows up by.
fn compared_columns(schema: &Schema, a: &Association) -> Vec<(ModelId, String)> {
    let primary = |m: ModelId| {
        schema
            .models
            .get(m)
            .and_then(|m| m.primary_keys.first().cloned())
            .unwrap_or_else(|| "id".into())
    };
    match a.kind {
        AssociationKind::BelongsTo => vec![(
            a.target,
            a.target_key.clone().unwrap_or_else(|| primary(a.target)),
        )],
        AssociationKind::HasOne | AssociationKind::HasMany => {
            vec![(a.target, a.foreign_key.clone())]
        }
        AssociationKind::BelongsToMany => {
            let mut out = vec![(
                a.target,
                a.target_key.clone().unwrap_or_else(|| primary(a.target)),
            )];
            if let Some(j) = a.through {
                out.push((j, a.foreign_key.clone()));
            }
            out
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dataset::{generate, Options, Table};
    use crate::engine::{self, SourceFile};

    const ORG: &str =
        "const Organization = sequelize.define('Organization', { name: DataTypes.STRING });\n\
        const Employee = sequelize.define('Employee', { name: DataTypes.STRING });\n\
        const Task = sequelize.define('Task', { title: DataTypes.STRING });\n\
        Organization.hasMany(Employee);\nEmployee.belongsTo(Organization);\n\
        Employee.belongsToMany(Task, { through: 'EmployeeTasks' });\n\
        Task.belongsToMany(Employee, { through: 'EmployeeTasks' });\n";

    fn schema(code: &str) -> Schema {
        engine::analyse(&[SourceFile::new("t.js", code)]).schema
    }

    fn table_named(data: &Dataset, name: &str) -> usize {
        data.tables
            .iter()
            .position(|t| t.table_name == name)
            .expect("table")
    }

    /// ORG's schema and the rows generated for `seed`, `rows` a model.
    fn org_rows(seed: u64, rows: usize) -> (Schema, Dataset) {
        let s = schema(ORG);
        let data = generate(&s, &Options { seed, rows });
        (s, data)
    }

    /// Row `row` of the table named `name`.
    fn record(data: &Dataset, name: &str, row: usize) -> RecordRef {
        RecordRef {
            table: table_named(data, name),
            row,
        }
    }

    #[test]
    fn a_has_many_step_reads_the_getters_sql_and_the_children_in_row_order() {
        let (s, data) = org_rows(4, 6);
        let walker = Walker::new(&s, &data);
        let steps = walker.steps(&Edits::default(), record(&data, "Organizations", 1));
        assert_eq!(steps.len(), 1);
        let step = &steps[0];
        assert_eq!(step.accessor, "organization.getEmployees()");
        assert_eq!(
            step.sql.as_deref(),
            Some("SELECT \"id\", \"name\", \"createdAt\", \"updatedAt\", \"OrganizationId\" FROM \"Employees\" AS \"Employee\" WHERE \"Employee\".\"OrganizationId\" = 2;")
        );
        let employees = &data.tables[step.target_table];
        let fk = employees.column("OrganizationId").expect("fk");
        let expected: Vec<usize> = (0..employees.rows.len())
            .filter(|&i| employees.rows[i][fk] == Value::Int(2))
            .collect();
        let found: Vec<usize> = step.records.iter().map(|x| x.row).collect();
        assert_eq!(found, expected);
    }

    #[test]
    fn a_many_to_many_step_aligns_each_target_with_its_junction_row() {
        let (s, data) = org_rows(2, 5);
        let walker = Walker::new(&s, &data);
        let edits = Edits::default();
        let employees = table_named(&data, "Employees");
        let junction = table_named(&data, "EmployeeTasks");
        let mut pairs = 0;
        for row in 0..data.tables[employees].rows.len() {
            let r = RecordRef {
                table: employees,
                row,
            };
            let step = walker
                .steps(&edits, r)
                .into_iter()
                .find(|s| s.accessor == "employee.getTasks()")
                .expect("getTasks");
            assert!(step.sql.as_deref().is_some_and(|q| q.contains(
                "INNER JOIN \"EmployeeTasks\" AS \"EmployeeTasks\" ON \"Task\".\"id\" = \"EmployeeTasks\".\"TaskId\" AND \"EmployeeTasks\".\"EmployeeId\" = "
            )));
            assert_eq!(step.records.len(), step.through.len());
            let j = &data.tables[junction];
            let (e, t) = (j.column("EmployeeId").unwrap(), j.column("TaskId").unwrap());
            for (x, jr) in step.records.iter().zip(&step.through) {
                assert_eq!(jr.table, junction);
                assert_eq!(j.rows[jr.row][e], data.tables[employees].rows[row][0]);
                assert_eq!(j.rows[jr.row][t], data.tables[x.table].rows[x.row][0]);
                pairs += 1;
            }
        }
        assert_eq!(pairs, data.tables[junction].rows.len());
    }

    #[test]
    fn a_null_foreign_key_sends_no_query_and_finds_nothing() {
        let (s, data) = org_rows(1, 3);
        let walker = Walker::new(&s, &data);
        let r = record(&data, "Employees", 0);
        let fk = data.tables[r.table].column("OrganizationId").unwrap();
        let mut edits = Edits::default();
        edits.set(&data, r, fk, Value::Null);
        let step = walker
            .steps(&edits, r)
            .into_iter()
            .find(|s| s.accessor == "employee.getOrganization()")
            .expect("getOrganization");
        assert_eq!(step.sql, None);
        assert!(step.records.is_empty());
        assert!(walker
            .steps(&edits, RecordRef { table: 99, row: 0 })
            .is_empty());
    }

    #[test]
    fn a_null_source_key_reads_is_null_and_finds_the_orphans() {
        let s = schema(
            "const Post = sequelize.define('Post', { code: { type: DataTypes.STRING, unique: true } });\n\
             Post.hasMany(Note, { foreignKey: 'postCode', sourceKey: 'code' });\n",
        );
        let post = s.models.iter().position(|m| m.name == "Post").unwrap();
        let note = s.models.iter().position(|m| m.name == "Note").unwrap();
        let table = |m: ModelId, name: &str, rows: Vec<Vec<(&str, Value)>>| {
            let columns: Vec<String> = crate::dataset::columns(&s.models[m])
                .into_iter()
                .map(|(f, _)| f)
                .collect();
            let rows = rows
                .into_iter()
                .map(|r| {
                    columns
                        .iter()
                        .map(|c| {
                            r.iter()
                                .find(|(k, _)| k == c)
                                .map_or(Value::Null, |(_, v)| v.clone())
                        })
                        .collect()
                })
                .collect();
            Table {
                model: m,
                table_name: name.into(),
                schema: None,
                columns,
                rows,
            }
        };
        let text = |t: &str| Value::Text(t.into());
        let data = Dataset {
            seed: 1,
            tables: vec![
                table(
                    post,
                    "Posts",
                    vec![
                        vec![("id", Value::Int(1)), ("code", text("A"))],
                        vec![("id", Value::Int(2))],
                    ],
                ),
                table(
                    note,
                    "Notes",
                    vec![
                        vec![("id", Value::Int(1)), ("postCode", text("A"))],
                        vec![("id", Value::Int(2))],
                        vec![("id", Value::Int(3))],
                    ],
                ),
            ],
            notes: vec![],
        };
        let walker = Walker::new(&s, &data);
        let edits = Edits::default();
        let rows = |row| -> Vec<usize> {
            walker.steps(&edits, RecordRef { table: 0, row })[0]
                .records
                .iter()
                .map(|r| r.row)
                .collect()
        };
        assert_eq!(rows(0), [0]);
        assert_eq!(rows(1), [1, 2]);
        let step = &walker.steps(&edits, RecordRef { table: 0, row: 1 })[0];
        assert!(step
            .sql
            .as_deref()
            .is_some_and(|q| q.ends_with("WHERE \"Note\".\"postCode\" IS NULL;")));
    }

    /// 100,000 employees under 1,000 organizations: each step costs its
    /// result, not a scan (a scan per step would take seconds here).
    #[test]
    fn steps_cost_their_result_at_a_hundred_thousand_rows() {
        let s = schema(ORG);
        let org = s
            .models
            .iter()
            .position(|m| m.name == "Organization")
            .unwrap();
        let emp = s.models.iter().position(|m| m.name == "Employee").unwrap();
        let columns = |m: ModelId| -> Vec<String> {
            crate::dataset::columns(&s.models[m])
                .into_iter()
                .map(|(f, _)| f)
                .collect()
        };
        let org_columns = columns(org);
        let emp_columns = columns(emp);
        let row = |cols: &[String], id: i64, parent: i64| -> Vec<Value> {
            cols.iter()
                .map(|c| match c.as_str() {
                    "id" => Value::Int(id),
                    "OrganizationId" => Value::Int(parent),
                    _ => Value::Null,
                })
                .collect()
        };
        let data = Dataset {
            seed: 1,
            tables: vec![
                Table {
                    model: org,
                    table_name: "Organizations".into(),
                    schema: None,
                    rows: (1..=1000).map(|i| row(&org_columns, i, 0)).collect(),
                    columns: org_columns.clone(),
                },
                Table {
                    model: emp,
                    table_name: "Employees".into(),
                    schema: None,
                    rows: (1..=100_000)
                        .map(|i| row(&emp_columns, i, i % 1000 + 1))
                        .collect(),
                    columns: emp_columns.clone(),
                },
            ],
            notes: vec![],
        };
        let walker = Walker::new(&s, &data);
        let edits = Edits::default();
        let start = std::time::Instant::now();
        let mut found = 0;
        for row in 0..1000 {
            for step in walker.steps(&edits, RecordRef { table: 0, row }) {
                found += step.records.len();
            }
        }
        for row in (0..100_000).step_by(100) {
            let steps = walker.steps(&edits, RecordRef { table: 1, row });
            assert_eq!(steps.iter().map(|s| s.records.len()).sum::<usize>(), 1);
        }
        assert_eq!(found, 100_000);
        let took = start.elapsed();
        assert!(took.as_secs_f64() < 2.0, "{took:?}");
    }
}
