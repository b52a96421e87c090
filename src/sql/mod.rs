//! The SQL DDL export: the statements Sequelize 6.37.8's
//! `sequelize.sync()` sends to an empty database for the schema the
//! engine built, for PostgreSQL, MySQL and SQLite.
//!
//! Input: the engine's [`Schema`]. Output: [`Ddl`], the statements in the
//! order `sync()` issues them, one per line as `../shared/oracle/ddl.js`
//! prints them for postgres: enum types, then `CREATE TABLE IF NOT EXISTS`
//! in foreign-key order ([`order`]). Each dialect's module follows its
//! query generator's `attributeToSQL` and `createTableQuery` closely,
//! because Sequelize writes column SQL as text and then edits the text.
//!
//! What it deliberately does not know: indexes (`indexes` option, JSONB
//! `index: true`), comments, `deferrable`, `autoIncrementIdentity`, and
//! the checks `escape` makes of a default value against its type (a
//! default Sequelize would refuse is written as it is, DECIMAL's UNSIGNED
//! is not written for mysql). Types for mysql and sqlite come from what
//! Sequelize's dialect-independent DataType prints (see
//! [`Export::type_name`]); an ARRAY, which only PostgreSQL has, becomes
//! JSON (mysql) or TEXT (sqlite) where Sequelize would write a type those
//! databases refuse. Defaults the engine cannot evaluate
//! (`Sequelize.literal`, an object for a column that is not JSON) are
//! left out. Both are reported in [`Ddl::notes`].
//!
//! Pure: no IO, no clock. Never panics on any schema.

mod insert;
mod mysql;
pub mod order;
mod postgres;
mod sqlite;
pub(crate) mod table;
mod text;

use crate::engine::schema::{Attribute, DefaultValue, Model, Schema};

pub use insert::inserts;
use order::SyncOrder;
use table::Tables;

/// The database the statements are written for.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Dialect {
    #[default]
    Postgres,
    Mysql,
    Sqlite,
}

impl Dialect {
    /// Sequelize's dialect name: `postgres`, `mysql`, `sqlite`.
    pub fn from_name(name: &str) -> Option<Dialect> {
        match name {
            "postgres" => Some(Dialect::Postgres),
            "mysql" => Some(Dialect::Mysql),
            "sqlite" => Some(Dialect::Sqlite),
            _ => None,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Dialect::Postgres => "postgres",
            Dialect::Mysql => "mysql",
            Dialect::Sqlite => "sqlite",
        }
    }
}

/// What `sync()` sends, in order.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Ddl {
    /// One statement each, ending in `;`.
    pub statements: Vec<String>,
    /// What the export could not write as Sequelize would (a default value
    /// the engine does not know), one sentence each.
    pub notes: Vec<String>,
}

impl Ddl {
    /// The statements one per line, as `ddl.js` prints them.
    pub fn text(&self) -> String {
        let mut out = String::new();
        for s in &self.statements {
            out.push_str(s);
            out.push('\n');
        }
        out
    }
}

/// Where Sequelize's `sync()` itself throws for a schema it built.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SyncError {
    /// Sequelize's message.
    pub message: String,
}

/// The statements `sequelize.sync()` issues for `schema` against an empty
/// database, in `dialect`.
///
/// Tables come in `getModelsTopoSortedByForeignKey` order. Where foreign
/// keys form a cycle, Sequelize syncs every model in definition order
/// without foreign-key constraints and then again with them
/// (`_syncModelsWithCyclicReferences`); against an empty database the
/// second pass is a second `CREATE TABLE IF NOT EXISTS`, which a database
/// that has the table ignores: loaded into a database, a schema with a
/// cycle anywhere gets no foreign keys at all (Sequelize's own second pass
/// is an `alter` that adds them by looking at the live tables, which
/// `ddl.js`, and so this export, cannot). SQLite instead turns foreign
/// keys off around one pass.
pub fn ddl(schema: &Schema, dialect: Dialect) -> Result<Ddl, SyncError> {
    let mut x = Export {
        dialect,
        tables: Tables::new(schema),
        statements: Vec::new(),
        notes: Vec::new(),
    };
    let order = order::sync_order(schema, &x.tables).map_err(|message| SyncError { message })?;
    let result = match order {
        SyncOrder::Sorted(models) => models
            .into_iter()
            .filter_map(|i| schema.models.get(i))
            .try_for_each(|m| x.create_table(m, false)),
        SyncOrder::Cyclic if dialect == Dialect::Sqlite => {
            x.statements.push("PRAGMA foreign_keys = OFF;".into());
            let r = schema
                .models
                .iter()
                .try_for_each(|m| x.create_table(m, false));
            x.statements.push("PRAGMA foreign_keys = ON;".into());
            r
        }
        SyncOrder::Cyclic => schema
            .models
            .iter()
            .try_for_each(|m| x.create_table(m, true))
            .and_then(|()| {
                schema
                    .models
                    .iter()
                    .try_for_each(|m| x.create_table(m, false))
            }),
    };
    result.map_err(|message| SyncError { message })?;
    // A cycle writes each table twice; its notes are said once.
    let mut seen = crate::engine::fast_hash::HashSet::default();
    let notes = x
        .notes
        .into_iter()
        .filter(|n| seen.insert(n.clone()))
        .collect();
    Ok(Ddl {
        statements: x.statements,
        notes,
    })
}

/// The order `sync()` creates the tables in, as indices into
/// `Schema::models` (one model per table): foreign-key order, or
/// definition order where the keys form a cycle (Sequelize's second pass,
/// which adds the constraints, goes in that order) or cannot be sorted.
pub fn table_order(schema: &Schema) -> Vec<usize> {
    match order::sync_order(schema, &Tables::new(schema)) {
        Ok(SyncOrder::Sorted(models)) => models,
        Ok(SyncOrder::Cyclic) | Err(_) => (0..schema.models.len()).collect(),
    }
}

/// MySQL's or SQLite's name for a type from its postgres name: the types
/// whose names differ (DATE, BOOLEAN, UUID, BLOB, CITEXT).
fn from_postgres_name(pg: &str, dialect: Dialect) -> String {
    if let Some(rest) = pg.strip_prefix("TIMESTAMP") {
        if let Some(precision) = rest.strip_suffix(" WITH TIME ZONE") {
            return format!("DATETIME{precision}");
        }
    }
    match (pg, dialect) {
        ("BOOLEAN", _) => "TINYINT(1)".into(),
        ("UUID", Dialect::Mysql) => "CHAR(36) BINARY".into(),
        ("BYTEA", _) => "BLOB".into(),
        ("CITEXT", Dialect::Sqlite) => "TEXT COLLATE NOCASE".into(),
        _ => pg.to_string(),
    }
}

/// The classes SQLite replaces (lib/dialects/sqlite/data-types.js): a
/// BINARY string is `VARCHAR BINARY(n)`, every TEXT is `TEXT`, CITEXT
/// collates without case, DATE has no precision, and integers lose
/// UNSIGNED and ZEROFILL. None where the generic name stands.
fn sqlite_type(generic: &str) -> Option<String> {
    for (name, written) in [("VARCHAR(", "VARCHAR BINARY("), ("CHAR(", "CHAR BINARY(")] {
        if let Some(length) = generic
            .strip_prefix(name)
            .and_then(|rest| rest.strip_suffix(") BINARY"))
        {
            return Some(format!("{written}{length})"));
        }
    }
    if generic == "CITEXT" {
        return Some("TEXT COLLATE NOCASE".into());
    }
    if matches!(generic, "TINYTEXT" | "MEDIUMTEXT" | "LONGTEXT") {
        return Some("TEXT".into());
    }
    if generic.starts_with("DATETIME") {
        return Some("DATETIME".into());
    }
    let key = generic.split(['(', ' ']).next().unwrap_or(generic);
    matches!(
        key,
        "TINYINT" | "SMALLINT" | "MEDIUMINT" | "INTEGER" | "BIGINT"
    )
    .then(|| generic.replace(" UNSIGNED", "").replace(" ZEROFILL", ""))
}

/// One export in progress: what the dialect modules share.
struct Export<'s> {
    dialect: Dialect,
    tables: Tables<'s>,
    statements: Vec<String>,
    notes: Vec<String>,
}

impl Export<'_> {
    fn create_table(&mut self, model: &Model, without_foreign_keys: bool) -> Result<(), String> {
        match self.dialect {
            Dialect::Postgres => postgres::create_table(self, model, without_foreign_keys),
            Dialect::Mysql => mysql::create_table(self, model, without_foreign_keys),
            Dialect::Sqlite => sqlite::create_table(self, model),
        }
    }

    /// The column type as the dialect's DataType prints it. Postgres's is
    /// the name the schema keeps. MySQL's and SQLite's start from what
    /// Sequelize's dialect-independent class prints (`generic_type`), with
    /// the few classes those dialects replace (lib/dialects/{mysql,sqlite}/
    /// data-types.js); a type given as a string, which has none, is mapped
    /// back from its postgres name. ENUM is written by each dialect from
    /// its values.
    fn type_name(&mut self, model: &Model, attribute: &Attribute, dialect: Dialect) -> String {
        let pg = attribute.data_type.as_str();
        if pg == "UNKNOWN" {
            self.notes.push(format!(
                "{}.{}: its type is not known here and is written as UNKNOWN",
                model.name, attribute.name
            ));
        }
        if dialect == Dialect::Postgres {
            return pg.to_string();
        }
        if pg.ends_with("[]") {
            // Sequelize would write `VARCHAR(255)[]` here too, and the
            // database refuse it: ARRAY is PostgreSQL's alone.
            let stand_in = if dialect == Dialect::Mysql {
                "JSON"
            } else {
                "TEXT"
            };
            self.notes.push(format!(
                "{}.{}: ARRAY is PostgreSQL's alone ({} would refuse Sequelize's `{pg}`), written as {stand_in}",
                model.name,
                attribute.name,
                dialect.name()
            ));
            return stand_in.into();
        }
        let from_pg = from_postgres_name(pg, dialect);
        let Some(generic) = attribute.generic_type.as_deref() else {
            return from_pg;
        };
        match dialect {
            Dialect::Mysql => match generic {
                "UUID" => from_pg,
                _ => generic.to_string(),
            },
            // BOOLEAN prints TINYINT(1), which SQLite keeps.
            Dialect::Sqlite | Dialect::Postgres if pg == "BOOLEAN" => generic.to_string(),
            Dialect::Sqlite | Dialect::Postgres => {
                sqlite_type(generic).unwrap_or_else(|| generic.to_string())
            }
        }
    }

    /// The DEFAULT clause's value, or None. A default the engine does not
    /// know is noted and left out.
    fn default_of(
        &mut self,
        model: &Model,
        attribute: &Attribute,
        dialect: Dialect,
    ) -> Option<String> {
        let value = attribute.default.as_ref()?;
        let written = text::default_sql(dialect, value, &attribute.data_type);
        match value {
            DefaultValue::Unknown => self.notes.push(format!(
                "{}.{}: its default value is not known here, so no DEFAULT is written",
                model.name, attribute.name
            )),
            DefaultValue::Json(_) if written.is_none() && dialect != Dialect::Mysql => {
                self.notes.push(format!(
                    "{}.{}: an object cannot be the default of a {} column (Sequelize's sync() throws); no DEFAULT is written",
                    model.name, attribute.name, attribute.data_type
                ));
            }
            _ => {}
        }
        written
    }
}
