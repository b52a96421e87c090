//! No input makes the engine panic, hang or overflow its stack.
//!
//! Properties (proptest) over
//!   (a) arbitrary strings and JavaScript token soup,
//!   (b) arbitrary bytes decoded as lossy UTF-8,
//!   (c) mutations of realistic Sequelize snippets (the fixtures under
//!       `tests/fixtures/**/*.js` plus an inline list): characters and
//!       tokens inserted, deleted and replaced, two snippets spliced,
//!   (d) generated association programs with random model names and
//!       options, as one file or as a sequelize-cli models folder,
//!
//! and a deterministic list of adversarial inputs (5 MB, 6 MB, deep nesting
//! of every kind, endless loops and recursion, 100k models).
//!
//! Every case checks the same invariants: `analyse` returns (within a
//! deadline), every diagnostic span (and the strict error's, and every
//! model's and association's) lies inside its file on character
//! boundaries, association and provenance indices point into the schema,
//! and `oracle_json` and the whole `Analysis` serialise.
//!
//! Each adversarial input runs in a child process (a stack overflow aborts
//! the process) and its analysis must take at most 10 s in release, 30 s in
//! a test build (opt-level 1, see Cargo.toml). The whole file takes about
//! 30 s in release and 40 s in a test build on two cores.
//!
//! The number of cases per property is `PROPTEST_CASES` (default 64); a
//! long run is `PROPTEST_CASES=20000 cargo test --release --test no_panic`.
//! See docs/FUZZING.md.

use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{mpsc, OnceLock};
use std::time::{Duration, Instant};

use assoc_explorer::engine::{
    self, oracle_json::oracle_json, schema::AttributeOrigin, Analysis, DiagnosticKind, Severity,
    SourceFile, Span,
};
use assoc_explorer::sql::{self, Dialect};
use proptest::prelude::*;
use proptest::sample::Index;
use proptest::test_runner::FileFailurePersistence;

// The allocator `assoc` runs with: glibc's grows each thread's heap one
// mprotect at a time and consolidates on free, which takes longer than the
// analysis itself on the 100,000-model inputs below.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

// ---------------------------------------------------------------------------
// Invariants
// ---------------------------------------------------------------------------

/// How long one analysis may take before the test calls it a hang. Generous
/// for debug builds; `NO_PANIC_TIMEOUT_SECS` overrides it.
fn deadline() -> Duration {
    let default = if cfg!(debug_assertions) { 60 } else { 20 };
    Duration::from_secs(
        std::env::var("NO_PANIC_TIMEOUT_SECS")
            .ok()
            .and_then(|s| s.parse().ok())
            .unwrap_or(default),
    )
}

/// Runs `analyse` on another thread and waits at most [`deadline`]: a hang
/// fails the test instead of stalling it. A panic inside the engine is
/// re-raised here, so proptest sees (and shrinks) it.
fn analyse_within_deadline(files: &[SourceFile]) -> Analysis {
    let (tx, rx) = mpsc::channel();
    let owned = files.to_vec();
    let handle = std::thread::Builder::new()
        .name("no-panic-case".into())
        .spawn(move || {
            let analysis = engine::analyse(&owned);
            let _ = tx.send(analysis);
        })
        .expect("spawn a test thread");
    match rx.recv_timeout(deadline()) {
        Ok(analysis) => {
            let _ = handle.join();
            analysis
        }
        Err(mpsc::RecvTimeoutError::Disconnected) => match handle.join() {
            Err(payload) => std::panic::resume_unwind(payload),
            Ok(()) => panic!("analyse returned nothing"),
        },
        Err(mpsc::RecvTimeoutError::Timeout) => panic!(
            "analyse did not return within {:?} (a hang?) on {} file(s), first 300 bytes: {:?}",
            deadline(),
            files.len(),
            files
                .first()
                .map(|f| f.text.chars().take(300).collect::<String>())
                .unwrap_or_default()
        ),
    }
}

fn span_ok(files: &[SourceFile], span: Span) -> Result<(), String> {
    let file = files
        .get(span.file as usize)
        .ok_or_else(|| format!("span {span:?} names file {} of {}", span.file, files.len()))?;
    let (s, e) = (span.start as usize, span.end as usize);
    if s > e || e > file.text.len() {
        return Err(format!(
            "span {s}..{e} outside its file of {} bytes",
            file.text.len()
        ));
    }
    if !file.text.is_char_boundary(s) || !file.text.is_char_boundary(e) {
        return Err(format!("span {s}..{e} not on character boundaries"));
    }
    Ok(())
}

/// Every invariant an analysis of `files` must hold.
fn check_invariants(files: &[SourceFile], analysis: &Analysis) -> Result<(), String> {
    for d in &analysis.diagnostics {
        span_ok(files, d.span)
            .map_err(|e| format!("diagnostic {:?} {:?}: {e}", d.kind, d.message))?;
    }
    if let Some(e) = &analysis.strict_error {
        span_ok(files, e.span).map_err(|err| format!("strict error {:?}: {err}", e.message))?;
    }
    let schema = &analysis.schema;
    let n_models = schema.models.len();
    let n_assocs = schema.associations.len();
    for m in &schema.models {
        if !files.is_empty() {
            span_ok(files, m.span).map_err(|e| format!("model {}: {e}", m.name))?;
        }
        if m.created_by.is_some_and(|a| a >= n_assocs) {
            return Err(format!("model {} created by a missing association", m.name));
        }
        for attr in &m.attributes {
            if let AttributeOrigin::Association { association, .. } = attr.origin {
                if association >= n_assocs {
                    return Err(format!(
                        "{}.{} has a dangling provenance",
                        m.name, attr.name
                    ));
                }
            }
            if attr.touched_by.iter().any(|&a| a >= n_assocs) {
                return Err(format!(
                    "{}.{} touched by a missing association",
                    m.name, attr.name
                ));
            }
        }
    }
    for a in &schema.associations {
        if !files.is_empty() {
            span_ok(files, a.span).map_err(|e| format!("association {}: {e}", a.label))?;
        }
        if a.source >= n_models
            || a.target >= n_models
            || a.through.is_some_and(|t| t >= n_models)
            || a.paired.is_some_and(|p| p >= n_assocs)
            || a.replaced_by.is_some_and(|r| r >= n_assocs)
        {
            return Err(format!("association {} points outside the schema", a.label));
        }
    }
    // A `serde_json::Value` always prints as JSON: its shape is what can go
    // wrong. Both serialisations are written to a sink, as a 100,000-model
    // schema makes a text of hundreds of megabytes.
    let json = oracle_json(analysis);
    match json.get("ok") {
        Some(serde_json::Value::Bool(true)) if json.get("models").is_some() => {}
        Some(serde_json::Value::Bool(false)) if json.get("error").is_some() => {}
        _ => {
            return Err(format!(
                "oracle_json has neither models nor error: {:.200}",
                json.to_string()
            ))
        }
    }
    serde_json::to_writer(std::io::sink(), &json).map_err(|e| format!("oracle_json: {e}"))?;
    serde_json::to_writer(std::io::sink(), analysis)
        .map_err(|e| format!("Analysis does not serialise: {e}"))?;
    // The DDL export takes any schema, Sequelize would accept it or not.
    for dialect in [Dialect::Postgres, Dialect::Mysql, Dialect::Sqlite] {
        if let Ok(ddl) = sql::ddl(schema, dialect) {
            if let Some(s) = ddl.statements.iter().find(|s| !s.ends_with(';')) {
                return Err(format!(
                    "{} statement without `;`: {s:.200}",
                    dialect.name()
                ));
            }
        }
    }
    Ok(())
}

/// Analyses `files` and checks every invariant; panics (with the input's
/// start) on a violation, which proptest then shrinks.
fn analyse_and_check(files: &[SourceFile]) -> Analysis {
    let analysis = analyse_within_deadline(files);
    assert_invariants(files, &analysis);
    analysis
}

/// Seeds rows for any schema Sequelize would build or not, walks every
/// association of every record and eager-loads every model with all its
/// associations: none of it may panic.
fn walk_everything(schema: &assoc_explorer::engine::Schema) {
    use assoc_explorer::dataset::{self, eager, Edits, RecordRef, Walker};
    let data = dataset::generate(schema, &dataset::Options { seed: 3, rows: 3 });
    let walker = Walker::new(schema, &data);
    let edits = Edits::default();
    for (t, table) in data.tables.iter().enumerate() {
        for row in 0..table.rows.len() {
            for step in walker.steps(&edits, RecordRef { table: t, row }) {
                assert!(step.records.iter().all(|r| r.table == step.target_table));
            }
        }
    }
    for model in 0..schema.models.len() {
        let include: Vec<eager::Include> = schema
            .associations
            .iter()
            .enumerate()
            .filter(|(_, a)| a.source == model && a.is_live())
            .map(|(id, _)| eager::Include {
                association: id,
                children: Vec::new(),
            })
            .collect();
        let json = eager::eager(schema, &data, &edits, model, &include);
        assert!(
            serde_json::from_str::<serde_json::Value>(&json).is_ok(),
            "{json}"
        );
        let _ = eager::include_code(schema, model, &include);
    }
}

/// Panics, showing the input's start, when `analysis` breaks an invariant.
fn assert_invariants(files: &[SourceFile], analysis: &Analysis) {
    if let Err(e) = check_invariants(files, analysis) {
        let shown: Vec<String> = files
            .iter()
            .map(|f| {
                format!(
                    "--- {} ---\n{}",
                    f.name,
                    f.text.chars().take(3000).collect::<String>()
                )
            })
            .collect();
        panic!("invariant violated: {e}\ninput:\n{}", shown.join("\n"));
    }
}

fn one(text: impl Into<String>) -> Vec<SourceFile> {
    vec![SourceFile::new("input.js", text)]
}

/// Also runs the command line (`check` renders code frames from spans,
/// `json` prints) on the files, written to a temporary folder.
fn cli_roundtrip(files: &[SourceFile]) {
    static COUNTER: AtomicUsize = AtomicUsize::new(0);
    let dir = std::env::temp_dir().join(format!(
        "assoc-no-panic-{}-{}",
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::Relaxed)
    ));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let mut args = vec![String::new()];
    for (i, f) in files.iter().enumerate() {
        let p = dir.join(format!("{i}.js"));
        std::fs::write(&p, &f.text).expect("write temp file");
        args.push(p.display().to_string());
    }
    for command in ["check", "json", "sql"] {
        args[0] = command.to_string();
        let (mut out, mut err) = (Vec::new(), Vec::new());
        let status = assoc_explorer::cli::run(&args, &mut out, &mut err);
        assert!(
            status <= 1,
            "assoc {command} exited {status}: {}",
            String::from_utf8_lossy(&err)
        );
        if command == "json" {
            let v: serde_json::Value =
                serde_json::from_slice(&out).expect("assoc json prints JSON");
            assert!(v.get("ok").is_some());
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
}

// ---------------------------------------------------------------------------
// Seeds
// ---------------------------------------------------------------------------

/// Realistic snippets, used with the fixtures (or alone while there are
/// none).
const INLINE_SEEDS: &[&str] = &[
    "const User = sequelize.define('User', { name: DataTypes.STRING });\nconst Task = sequelize.define('Task', { title: DataTypes.STRING });\nUser.hasMany(Task);\nTask.belongsTo(User);\n",
    "A.hasOne(B, { foreignKey: 'otherId' });\nB.belongsTo(A);\n",
    "const Person = sequelize.define('Person', {});\nPerson.hasMany(Person, { as: 'Children', foreignKey: 'parentId' });\nPerson.belongsTo(Person, { as: 'Parent', foreignKey: 'parentId' });\n",
    "User.belongsToMany(Project, { through: 'UserProjects' });\nProject.belongsToMany(User, { through: 'UserProjects' });\n",
    "const Tag = sequelize.define('tag', { id: { type: DataTypes.UUID, primaryKey: true, defaultValue: DataTypes.UUIDV4 } }, { underscored: true, tableName: 'tags' });\nconst Post = sequelize.define('post', {}, { paranoid: true });\nPost.belongsToMany(Tag, { through: 'post_tags', foreignKey: 'postId', otherKey: 'tagId', as: 'labels' });\n",
    "class Organization extends Model {\n  static associate(models) {\n    this.hasMany(models.Employee, { foreignKey: { name: 'orgId', allowNull: false }, onDelete: 'CASCADE' });\n  }\n}\nOrganization.init({ name: DataTypes.STRING }, { sequelize, modelName: 'Organization' });\n",
    "module.exports = (sequelize, DataTypes) => {\n  const Invoice = sequelize.define('Invoice', { number: { type: DataTypes.STRING, unique: true } });\n  Invoice.associate = (models) => {\n    Invoice.belongsTo(models.Customer, { targetKey: 'code', foreignKey: 'customerCode' });\n    Invoice.hasMany(models.Line, { sourceKey: 'number', foreignKey: 'invoiceNumber' });\n  };\n  return Invoice;\n};\n",
    "const Customer = sequelize.define('Customer', { code: { type: DataTypes.STRING, unique: true } });\nCustomer.hasOne(Address, { as: 'billing', scope: { kind: 'billing' }, constraints: false });\nCustomer.hasOne(Address, { as: 'shipping' });\n",
    "const { Model, DataTypes } = require('sequelize');\nclass Box extends Model {}\nBox.init({ size: DataTypes.INTEGER }, { sequelize, timestamps: false });\nclass Item extends Model {}\nItem.init({}, { sequelize, modelName: 'item' });\nBox.hasMany(Item);\nItem.belongsTo(Box);\n",
    "const names = ['Alpha', 'Beta', 'Gamma'];\nconst ms = {};\nfor (const n of names) { ms[n] = sequelize.define(n, {}); }\nfor (let i = 1; i < names.length; i++) { ms[names[i]].belongsTo(ms[names[i - 1]]); }\n",
    "User.hasMany(Post);\nUser.hasMany(Post);\nUser.belongsTo(Post, { as: 'Post' });\n",
    "Student.belongsToMany(Course, { through: Enrollment, uniqueKey: 'enr' });\nCourse.belongsToMany(Student, { through: { model: Enrollment, unique: false } });\nconst Enrollment = sequelize.define('Enrollment', { grade: DataTypes.INTEGER });\n",
    "function setup() {\n  Ghost.hasMany(Shadow);\n}\nif (false) { Ghost.belongsTo(Shadow, { forignKey: 'x' }); }\ntry { A.hasMany(A); } catch (e) { console.log(e.message); }\n",
    "const Category = sequelize.define('Category', { name: { type: DataTypes.STRING, allowNull: false } });\nCategory.belongsTo(Category, { as: 'parent', foreignKey: { name: 'parentId', field: 'parent_id' }, onDelete: 'SET NULL', hooks: true });\nCategory.hasMany(Category, { as: 'subcategories', foreignKey: 'parentId' });\n",
    "import { DataTypes, Model } from 'sequelize';\nexport class Sheep extends Model {}\nSheep.init({ wool: DataTypes.ENUM('white', 'black') }, { sequelize, name: { singular: 'sheep', plural: 'flock' } });\nexport default Sheep;\nSheep.hasMany(Datum, { as: 'data' });\n",
    "const A = sequelize.define('A', {}); const B = sequelize.define('B', {});\nA.belongsToMany(B, { through: 'AB', as: 'bees', foreignKey: 'aId', otherKey: 'bId', sourceKey: 'id', targetKey: 'id' });\nB.belongsToMany(A, { through: 'AB', as: 'ays', foreignKey: 'bId', otherKey: 'aId' });\nA.hasMany(B, { as: 'bees' });\n",
];

/// The fixtures' `.js` files (all of them, recursively) and the inline
/// seeds, read once.
fn seeds() -> &'static [String] {
    static SEEDS: OnceLock<Vec<String>> = OnceLock::new();
    SEEDS.get_or_init(|| {
        let mut out: Vec<String> = INLINE_SEEDS.iter().map(|s| (*s).to_string()).collect();
        let mut files = Vec::new();
        collect_js(
            &Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures"),
            &mut files,
        );
        files.sort();
        for f in files {
            if let Ok(text) = std::fs::read_to_string(&f) {
                if text.len() <= 64 * 1024 {
                    out.push(text);
                }
            }
        }
        out
    })
}

fn collect_js(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let p = e.path();
        if p.is_dir() {
            collect_js(&p, out);
        } else if p.extension().is_some_and(|x| x == "js") {
            out.push(p);
        }
    }
}

/// Tokens inserted by mutations and used for token soup: brackets, quotes,
/// operators, Sequelize's vocabulary, and awkward characters.
const TOKENS: &[&str] = &[
    "(",
    ")",
    "{",
    "}",
    "[",
    "]",
    "'",
    "\"",
    "`",
    "${",
    ",",
    ";",
    ":",
    ".",
    "=",
    "=>",
    "?",
    "?.",
    "...",
    "!",
    "+",
    "-",
    "*",
    "/",
    "/*",
    "*/",
    "//",
    "\n",
    " ",
    "\t",
    "\r\n",
    "\u{0}",
    "é",
    "😀",
    "\u{2028}",
    "\u{feff}",
    "\\",
    "hasMany",
    "hasOne",
    "belongsTo",
    "belongsToMany",
    "through:",
    "as:",
    "foreignKey:",
    "sourceKey:",
    "targetKey:",
    "otherKey:",
    "onDelete:",
    "constraints: false",
    "scope:",
    "uniqueKey:",
    "name:",
    "allowNull:",
    "primaryKey: true",
    "unique: true",
    "field:",
    "type:",
    "sequelize.define(",
    "sequelize.define('X', {})",
    "DataTypes.STRING",
    "DataTypes.INTEGER",
    "DataTypes.UUID",
    "DataTypes.ENUM('a')",
    "Model",
    "class ",
    "extends Model",
    "static associate(models) {",
    ".init(",
    "modelName:",
    "function",
    "function f() {",
    "() =>",
    "return",
    "new ",
    "this",
    "super",
    "models.",
    "db.",
    "module.exports =",
    "exports.",
    "require('sequelize')",
    "associate(models)",
    "for (;;)",
    "for (const x of xs)",
    "while (true)",
    "if (",
    "else",
    "try {",
    "} catch (e) {",
    "throw ",
    "null",
    "undefined",
    "true",
    "0",
    "-1",
    "1e309",
    "NaN",
    "'x'",
    "'A'",
    "'User'",
    "User",
    "Task",
    "A",
    "B",
    "constructor",
    "__proto__",
    "prototype",
    "toString",
    "Symbol",
    "let ",
    "const ",
    "var ",
    "delete ",
    "typeof ",
    "void ",
    "async ",
    "await ",
    "yield",
    "import ",
    "export ",
    "default",
    "<",
    ">",
    "<T>",
    ": string",
    "as any",
    "@dec",
];

fn token() -> impl Strategy<Value = &'static str> {
    prop::sample::select(TOKENS)
}

// ---------------------------------------------------------------------------
// (c) Mutations
// ---------------------------------------------------------------------------

#[derive(Clone, Debug)]
enum Mutation {
    Insert(Index, &'static str),
    InsertChar(Index, char),
    Delete(Index, usize),
    Replace(Index, usize, &'static str),
    /// Keep `self[..at]` and append `other[from..]`.
    Splice(Index, Index, Index),
    /// Duplicate a range (repeats a call or a block).
    Duplicate(Index, usize),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        4 => (any::<Index>(), token()).prop_map(|(i, t)| Mutation::Insert(i, t)),
        1 => (any::<Index>(), any::<char>()).prop_map(|(i, c)| Mutation::InsertChar(i, c)),
        3 => (any::<Index>(), 1usize..16).prop_map(|(i, n)| Mutation::Delete(i, n)),
        3 => (any::<Index>(), 1usize..8, token()).prop_map(|(i, n, t)| Mutation::Replace(i, n, t)),
        1 => (any::<Index>(), any::<Index>(), any::<Index>())
            .prop_map(|(a, o, f)| Mutation::Splice(a, o, f)),
        1 => (any::<Index>(), 1usize..80).prop_map(|(i, n)| Mutation::Duplicate(i, n)),
    ]
}

/// The char boundary at or before `i.index(len + 1)`.
fn boundary(text: &str, i: &Index) -> usize {
    let mut at = i.index(text.len() + 1);
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

fn end_boundary(text: &str, start: usize, len: usize) -> usize {
    let mut end = (start + len).min(text.len());
    while !text.is_char_boundary(end) {
        end += 1;
    }
    end
}

fn apply(text: &mut String, m: &Mutation, seeds: &[String]) {
    match m {
        Mutation::Insert(i, t) => {
            let at = boundary(text, i);
            text.insert_str(at, t);
        }
        Mutation::InsertChar(i, c) => {
            let at = boundary(text, i);
            text.insert(at, *c);
        }
        Mutation::Delete(i, n) => {
            let at = boundary(text, i);
            let end = end_boundary(text, at, *n);
            text.replace_range(at..end, "");
        }
        Mutation::Replace(i, n, t) => {
            let at = boundary(text, i);
            let end = end_boundary(text, at, *n);
            text.replace_range(at..end, t);
        }
        Mutation::Splice(a, o, f) => {
            let at = boundary(text, a);
            let other = &seeds[o.index(seeds.len())];
            let from = boundary(other, f);
            text.truncate(at);
            text.push_str(&other[from..]);
        }
        Mutation::Duplicate(i, n) => {
            let at = boundary(text, i);
            let end = end_boundary(text, at, *n);
            let copy = text[at..end].to_string();
            text.insert_str(end, &copy);
        }
    }
}

// ---------------------------------------------------------------------------
// (d) Generated association programs
// ---------------------------------------------------------------------------

/// Model names: ordinary ones, irregular plurals, and awkward strings.
const MODEL_NAMES: &[&str] = &[
    "User",
    "Task",
    "Project",
    "Person",
    "Category",
    "Sheep",
    "Datum",
    "Ox",
    "Quiz",
    "Status",
    "Address",
    "Child",
    "Goose",
    "Index",
    "Media",
    "Series",
    "Octopus",
    "user",
    "task_item",
    "X",
    "A_b",
    "Ünïcode",
    "日本",
    "constructor",
    "toString",
    "__proto__",
    "hasOwnProperty",
    "",
    " ",
    "User ",
    "1abc",
    "Model",
    "Sequelize",
    "it's",
    "back\\slash",
    "new\nline",
    "$x",
];

/// Option values: the sensible and the nonsensical.
const OPTION_VALUES: &[&str] = &[
    "'id'",
    "'userId'",
    "'code'",
    "'user_id'",
    "''",
    "'Users'",
    "'x'",
    "null",
    "undefined",
    "true",
    "false",
    "0",
    "-1",
    "1.5",
    "{}",
    "[]",
    "{ name: 'ownerId' }",
    "{ name: 'ownerId', allowNull: false, field: 'owner_id' }",
    "{ allowNull: false }",
    "{ name: null }",
    "{ type: DataTypes.UUID }",
    "'CASCADE'",
    "'SET NULL'",
    "'NO ACTION'",
    "{ singular: 'thing', plural: 'things' }",
    "{ plural: 'things' }",
    "{ singular: 'x' }",
    "() => 'x'",
    "Symbol('x')",
    "NaN",
    "'constructor'",
    "'__proto__'",
    "'toString'",
];

const OPTION_NAMES: &[&str] = &[
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
    "scope",
    "uniqueKey",
    "hooks",
    "useJunctionTable",
    "forignKey",
    "foreign_key",
    "targetkey",
    "timestamps",
    "paranoid",
    "underscored",
    "__proto__",
    "constructor",
];

const ATTRIBUTE_DEFS: &[&str] = &[
    "DataTypes.STRING",
    "DataTypes.INTEGER",
    "DataTypes.UUID",
    "DataTypes.STRING(10)",
    "{ type: DataTypes.STRING, unique: true }",
    "{ type: DataTypes.INTEGER, primaryKey: true }",
    "{ type: DataTypes.UUID, primaryKey: true, defaultValue: DataTypes.UUIDV4 }",
    "{ type: DataTypes.INTEGER, autoIncrement: true, primaryKey: true }",
    "{ type: DataTypes.STRING, allowNull: false, field: 'the_code' }",
    "{ type: DataTypes.ENUM('a', 'b') }",
    "{ type: DataTypes.BOGUS }",
    "{}",
    "null",
    "{ type: 'VARCHAR(3)' }",
    "{ references: { model: 'Users', key: 'id' } }",
];

const ATTRIBUTE_NAMES: &[&str] = &[
    "id", "code", "name", "userId", "ownerId", "uuid", "Id", "as",
];

const MODEL_OPTIONS: &[&str] = &[
    "",
    "underscored: true",
    "timestamps: false",
    "paranoid: true",
    "tableName: 'tbl'",
    "freezeTableName: true",
    "name: { singular: 'one', plural: 'many' }",
    "schema: 'app'",
    "modelName: 'Other'",
    "defaultScope: {}",
];

const METHODS: &[&str] = &["hasOne", "belongsTo", "hasMany", "belongsToMany"];

#[derive(Clone, Debug)]
struct GenModel {
    name: &'static str,
    attrs: Vec<(&'static str, &'static str)>,
    options: Vec<&'static str>,
    /// 0: define, 1: class + init, 2: bare capitalised name (implicit).
    style: u8,
}

#[derive(Clone, Debug)]
struct GenAssoc {
    source: Index,
    target: Index,
    method: &'static str,
    options: Vec<(&'static str, &'static str)>,
    /// 0: top level, 1: inside the source's static associate, 2: inside a
    /// function that is never called, 3: in a loop, 4: in a try.
    place: u8,
}

#[derive(Clone, Debug)]
struct GenProgram {
    models: Vec<GenModel>,
    assocs: Vec<GenAssoc>,
    /// One file per model as sequelize-cli factories.
    folder: bool,
}

fn gen_model() -> impl Strategy<Value = GenModel> {
    (
        prop::sample::select(MODEL_NAMES),
        prop::collection::vec(
            (
                prop::sample::select(ATTRIBUTE_NAMES),
                prop::sample::select(ATTRIBUTE_DEFS),
            ),
            0..4,
        ),
        prop::collection::vec(prop::sample::select(MODEL_OPTIONS), 0..3),
        0u8..3,
    )
        .prop_map(|(name, attrs, options, style)| GenModel {
            name,
            attrs,
            options,
            style,
        })
}

fn gen_assoc() -> impl Strategy<Value = GenAssoc> {
    (
        any::<Index>(),
        any::<Index>(),
        prop::sample::select(METHODS),
        prop::collection::vec(
            (
                prop::sample::select(OPTION_NAMES),
                prop::sample::select(OPTION_VALUES),
            ),
            0..5,
        ),
        prop_oneof![6 => Just(0u8), 2 => Just(1u8), 1 => Just(2u8), 1 => Just(3u8), 1 => Just(4u8)],
    )
        .prop_map(|(source, target, method, options, place)| GenAssoc {
            source,
            target,
            method,
            options,
            place,
        })
}

fn gen_program() -> impl Strategy<Value = GenProgram> {
    (
        prop::collection::vec(gen_model(), 1..7),
        prop::collection::vec(gen_assoc(), 0..12),
        prop::bool::weighted(0.2),
    )
        .prop_map(|(models, assocs, folder)| GenProgram {
            models,
            assocs,
            folder,
        })
}

fn js_string(s: &str) -> String {
    let mut out = String::from("'");
    for c in s.chars() {
        match c {
            '\'' => out.push_str("\\'"),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            c => out.push(c),
        }
    }
    out.push('\'');
    out
}

fn render_options(options: &[(&str, &str)]) -> String {
    let body: Vec<String> = options.iter().map(|(k, v)| format!("{k}: {v}")).collect();
    format!("{{ {} }}", body.join(", "))
}

impl GenProgram {
    fn var(&self, i: usize) -> String {
        let m = &self.models[i];
        if m.style == 2 {
            // A bare capitalised identifier: the oracle's implicit model.
            let ident: String = m.name.chars().filter(char::is_ascii_alphanumeric).collect();
            match ident.chars().next() {
                Some(c) if c.is_ascii_uppercase() => ident,
                _ => format!("Implicit{i}"),
            }
        } else {
            format!("M{i}")
        }
    }

    fn call(&self, a: &GenAssoc, source: &str, target: &str) -> String {
        let opts = if a.options.is_empty() {
            String::new()
        } else {
            format!(", {}", render_options(&a.options))
        };
        format!("{source}.{}({target}{opts});", a.method)
    }

    fn define(&self, i: usize, sequelize: &str) -> String {
        let m = &self.models[i];
        let attrs: Vec<String> = m.attrs.iter().map(|(k, v)| format!("{k}: {v}")).collect();
        let attrs = format!("{{ {} }}", attrs.join(", "));
        let options: Vec<&str> = m
            .options
            .iter()
            .copied()
            .filter(|o| !o.is_empty())
            .collect();
        let var = self.var(i);
        match m.style {
            1 => {
                let mut opts = options.clone();
                let model_name = format!("modelName: {}", js_string(m.name));
                opts.push(&model_name);
                format!(
                    "class {var} extends Model {{}}\n{var}.init({attrs}, {{ sequelize: {sequelize}, {} }});\n",
                    opts.join(", ")
                )
            }
            2 => String::new(),
            _ => format!(
                "const {var} = {sequelize}.define({}, {attrs}, {{ {} }});\n",
                js_string(m.name),
                options.join(", ")
            ),
        }
    }

    fn render(&self) -> Vec<SourceFile> {
        let n = self.models.len();
        if self.folder {
            // One factory file per model; associations in `associate`.
            return (0..n)
                .map(|i| {
                    let var = format!("M{i}");
                    let mut body = String::from("module.exports = (sequelize, DataTypes) => {\n");
                    // Styles 0 and 1 already use `M{i}`; an implicit model
                    // is defined with defaults in its own file.
                    let mut def = self.define(i, "sequelize");
                    if def.is_empty() {
                        def = format!(
                            "const {var} = sequelize.define({}, {{}});\n",
                            js_string(self.models[i].name)
                        );
                    }
                    body.push_str(&def);
                    body.push_str(&format!("{var}.associate = (models) => {{\n"));
                    for a in self.assocs.iter().filter(|a| a.source.index(n) == i) {
                        let t = a.target.index(n);
                        let target = format!("models[{}]", js_string(self.models[t].name));
                        body.push_str(&self.call(a, &var, &target));
                        body.push('\n');
                    }
                    body.push_str(&format!("}};\nreturn {var};\n}};\n"));
                    SourceFile::new(format!("models/m{i}.js"), body)
                })
                .collect();
        }
        let mut text = String::new();
        for i in 0..n {
            text.push_str(&self.define(i, "sequelize"));
        }
        let mut associate_bodies = vec![String::new(); n];
        for a in &self.assocs {
            let (s, t) = (a.source.index(n), a.target.index(n));
            let call = self.call(a, &self.var(s), &self.var(t));
            match a.place {
                1 if self.models[s].style == 1 => {
                    associate_bodies[s].push_str(&self.call(a, "this", &self.var(t)));
                    associate_bodies[s].push('\n');
                }
                2 => text.push_str(&format!("function neverCalled() {{ {call} }}\n")),
                3 => text.push_str(&format!("for (let i = 0; i < 2; i++) {{ {call} }}\n")),
                4 => text.push_str(&format!("try {{ {call} }} catch (e) {{ e.message; }}\n")),
                _ => {
                    text.push_str(&call);
                    text.push('\n');
                }
            }
        }
        for (i, body) in associate_bodies.iter().enumerate() {
            if !body.is_empty() {
                text.push_str(&format!(
                    "{}.associate = function (models) {{\n{body}}};\n",
                    self.var(i)
                ));
            }
        }
        one(text)
    }
}

// ---------------------------------------------------------------------------
// Properties
// ---------------------------------------------------------------------------

fn config() -> ProptestConfig {
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(64);
    ProptestConfig {
        cases,
        // A failing case is shrunk for at most two minutes.
        max_shrink_time: 120_000,
        // Failing inputs are saved beside this file (an integration test
        // has no lib.rs for the default location) and replayed first.
        failure_persistence: Some(Box::new(FileFailurePersistence::WithSource(
            "proptest-regressions",
        ))),
        ..ProptestConfig::default()
    }
}

proptest! {
    #![proptest_config(config())]

    /// (a) Any string at all.
    #[test]
    fn arbitrary_strings(text in any::<String>()) {
        analyse_and_check(&one(text));
    }

    /// (a) Longer strings of printable characters, split over one or two
    /// files.
    #[test]
    fn arbitrary_text_files(text in "\\PC{0,3000}", split in any::<Index>(), two in any::<bool>()) {
        if two {
            let at = boundary(&text, &split);
            let files = vec![
                SourceFile::new("a.js", &text[..at]),
                SourceFile::new("b.ts", &text[at..]),
            ];
            analyse_and_check(&files);
        } else {
            analyse_and_check(&one(text));
        }
    }

    /// (a) JavaScript token soup: tokens, identifiers and Sequelize words
    /// in any order, much more likely to parse than random characters.
    #[test]
    fn token_soup(tokens in prop::collection::vec(token(), 0..400)) {
        analyse_and_check(&one(tokens.join(" ")));
        analyse_and_check(&one(tokens.concat()));
    }

    /// (b) Arbitrary bytes, decoded as the command line decodes a file.
    #[test]
    fn arbitrary_bytes(bytes in prop::collection::vec(any::<u8>(), 0..4096)) {
        analyse_and_check(&one(String::from_utf8_lossy(&bytes).into_owned()));
    }

    /// (c) Realistic snippets with characters and tokens inserted, deleted,
    /// replaced and duplicated, or spliced with another snippet; also run
    /// through the command line.
    #[test]
    fn mutated_snippets(seed in any::<Index>(), mutations in prop::collection::vec(mutation(), 1..12)) {
        let seeds = seeds();
        let mut text = seeds[seed.index(seeds.len())].clone();
        for m in &mutations {
            apply(&mut text, m, seeds);
        }
        let files = one(text);
        analyse_and_check(&files);
        cli_roundtrip(&files);
    }

    /// (c) Two snippets spliced into one file, or given as two files.
    #[test]
    fn spliced_snippets(a in any::<Index>(), b in any::<Index>(), cut_a in any::<Index>(), cut_b in any::<Index>(), two in any::<bool>()) {
        let seeds = seeds();
        let (x, y) = (&seeds[a.index(seeds.len())], &seeds[b.index(seeds.len())]);
        let (i, j) = (boundary(x, &cut_a), boundary(y, &cut_b));
        if two {
            analyse_and_check(&[SourceFile::new("x.js", x.as_str()), SourceFile::new("y.js", y.as_str())]);
        }
        analyse_and_check(&one(format!("{}{}", &x[..i], &y[j..])));
    }

    /// (d) Generated association programs: random names, attributes,
    /// options and placements, one file or a models folder.
    #[test]
    fn generated_programs(program in gen_program()) {
        let files = program.render();
        let analysis = analyse_and_check(&files);
        walk_everything(&analysis.schema);
    }
}

/// The seeds themselves (fixtures and inline snippets) all analyse.
#[test]
fn every_seed_analyses() {
    for s in seeds() {
        analyse_and_check(&one(s.as_str()));
    }
    // All of them at once, as one models folder.
    let files: Vec<SourceFile> = seeds()
        .iter()
        .enumerate()
        .map(|(i, s)| SourceFile::new(format!("{i}.js"), s.as_str()))
        .collect();
    analyse_and_check(&files);
}

// ---------------------------------------------------------------------------
// Adversarial inputs
// ---------------------------------------------------------------------------
//
// A stack overflow aborts the whole process, so each adversarial input runs
// in a child process (this test binary again, running only
// `adversarial_child` with the case's name in `NO_PANIC_CASE`). The parent
// tests below run the cases of one group one after another and report every
// case that crashed, overflowed its stack, broke an invariant or did not
// finish in time, by name.

const CHILD_ENV: &str = "NO_PANIC_CASE";
const RESULT_TAG: &str = "ADVERSARIAL-RESULT";

#[derive(Clone, Copy, Debug, PartialEq)]
enum Expect {
    /// Analysed or refused; the invariants hold.
    Returns,
    /// Refused with a `TooLarge` error.
    TooLarge,
    /// Something built or something said: models, or a diagnostic.
    ModelsOrDiagnostic,
}

struct Case {
    group: &'static str,
    name: String,
    text: Box<dyn Fn() -> String>,
    expect: Expect,
}

const FIVE_MB: usize = 5 * 1024 * 1024;

/// `unit` repeated until the text has `bytes` bytes (whole units only).
fn fill(unit: &str, bytes: usize) -> String {
    unit.repeat(bytes / unit.len())
}

/// The largest `n` whose text fits in 5 MB (texts grow linearly in `n`).
fn max_n(make: &dyn Fn(usize) -> String) -> usize {
    let (one, two) = (make(1).len(), make(2).len());
    let unit = (two - one).max(1);
    (FIVE_MB - one) / unit + 1
}

/// Inputs nested `n` levels deep, by every construct the parser or the
/// evaluator follows by recursing.
#[allow(clippy::type_complexity)]
fn nesting_makers() -> Vec<(&'static str, fn(usize) -> String)> {
    vec![
        ("nested parentheses", |n| {
            format!("x = {}1{};", "(".repeat(n), ")".repeat(n))
        }),
        ("nested brackets", |n| {
            format!("x = {}1{};", "[".repeat(n), "]".repeat(n))
        }),
        ("nested braces (blocks)", |n| {
            format!("{}{}", "{".repeat(n), "}".repeat(n))
        }),
        ("nested object literals", |n| {
            format!("x = {}1{};", "{a:".repeat(n), "}".repeat(n))
        }),
        ("unclosed parentheses", |n| "(".repeat(n)),
        ("unclosed braces", |n| "{".repeat(n)),
        ("prefix !", |n| format!("{}x;", "!".repeat(n))),
        ("prefix unary minus", |n| {
            format!("x = {}1;", "- ".repeat(n))
        }),
        ("a ? b : ", |n| format!("{}c;", "a ? b : ".repeat(n))),
        ("a ? b : over lines", |n| {
            format!("{}c;", "a ? b\n: ".repeat(n))
        }),
        ("a ? (b) : over lines", |n| {
            format!("{}c;", "a ? (b)\n: ".repeat(n))
        }),
        ("a = ", |n| format!("{}1;", "a = ".repeat(n))),
        ("a = over lines", |n| format!("{}1;", "a\n= ".repeat(n))),
        ("a => ", |n| format!("{}1;", "a => ".repeat(n))),
        ("typeof ", |n| format!("{}x;", "typeof ".repeat(n))),
        ("new ", |n| format!("{}X;", "new ".repeat(n))),
        ("await ", |n| {
            format!("async function f() {{ {}x; }}", "await ".repeat(n))
        }),
        ("member chain a.b.b.b", |n| format!("a{};", ".b".repeat(n))),
        ("call chain f()()()", |n| format!("f{};", "()".repeat(n))),
        ("index chain a[0][0]", |n| format!("a{};", "[0]".repeat(n))),
        ("optional chain a?.b?.b", |n| {
            format!("a{};", "?.b".repeat(n))
        }),
        ("nested functions", |n| {
            format!("{}{}", "function a(){".repeat(n), "}".repeat(n))
        }),
        ("nested arrows with blocks", |n| {
            format!("x = {}{};", "() => {".repeat(n), "}".repeat(n))
        }),
        ("nested try blocks", |n| {
            format!("{}{}", "try {".repeat(n), "} finally {}".repeat(n))
        }),
        ("nested if", |n| format!("{}x;", "if (a) ".repeat(n))),
        ("else-if chain", |n| {
            format!("if (a) {{}}{} ", " else if (a) {}".repeat(n))
        }),
        ("nested while", |n| format!("{}x;", "while (a) ".repeat(n))),
        ("nested for-of", |n| {
            format!("{}x;", "for (const a of b) ".repeat(n))
        }),
        ("nested with", |n| format!("{}x;", "with (a) ".repeat(n))),
        ("nested labels", |n| {
            (0..n).map(|i| format!("l{i:06}: ")).collect::<String>() + "x;"
        }),
        ("class extends chain", |n| {
            format!("x = {}X{};", "class extends ".repeat(n), " {}".repeat(n))
        }),
        ("nested template literals", |n| {
            format!("x = {}1{};", "`${".repeat(n), "}`".repeat(n))
        }),
        ("parentheses after a regex holding a quote", |n| {
            format!("x = /'/ + {}1{};", "(".repeat(n), ")".repeat(n))
        }),
        ("parentheses after a template holding //", |n| {
            format!("x = `//` + {}1{};", "(".repeat(n), ")".repeat(n))
        }),
        ("parentheses after a template holding /*", |n| {
            format!(
                "x = `/*`;\ny = {}1{};\nz = `*/`;",
                "(".repeat(n),
                ")".repeat(n)
            )
        }),
        ("parentheses after a string line continuation", |n| {
            format!("x = '\\\n' + {}1{};", "(".repeat(n), ")".repeat(n))
        }),
        ("TypeScript nested generics", |n| {
            format!("let x: {}X{};", "A<".repeat(n), ">".repeat(n))
        }),
        ("TypeScript array types", |n| {
            format!("let x: X{};", "[]".repeat(n))
        }),
        ("TypeScript keyof chain", |n| {
            format!("let x: {}X;", "keyof ".repeat(n))
        }),
        ("TypeScript readonly chain", |n| {
            format!("let x: {}X[];", "readonly ".repeat(n))
        }),
        ("TypeScript type assertions", |n| {
            format!("x = {}y;", "<a>".repeat(n))
        }),
        ("TypeScript generic call", |n| {
            format!("x = f{}();", "<A<".repeat(n))
        }),
        ("JSX-like nesting", |n| {
            format!("x = {}{};", "<a>".repeat(n), "</a>".repeat(n))
        }),
        ("decorators", |n| format!("{}class A {{}}", "@a ".repeat(n))),
        ("comma sequence", |n| format!("x = ({}1);", "1, ".repeat(n))),
        ("nested define calls", |n| {
            format!(
                "{}{}",
                "sequelize.define('A', {a: ".repeat(n),
                "})".repeat(n)
            )
        }),
        ("nested hasMany calls", |n| {
            format!("{}B{}", "A.hasMany(".repeat(n), ")".repeat(n))
        }),
    ]
}

fn adversarial_cases() -> Vec<Case> {
    fn case(
        group: &'static str,
        name: impl Into<String>,
        expect: Expect,
        text: impl Fn() -> String + 'static,
    ) -> Case {
        Case {
            group,
            name: name.into(),
            text: Box::new(text),
            expect,
        }
    }
    let mut cases = Vec::new();

    // Sizes: 5 MB is analysed (or refused with a diagnostic), over 5 MB is
    // refused as too large.
    let unit = "const M = sequelize.define('M', { name: DataTypes.STRING });\nM.hasMany(N, { as: 'ns' });\n// padding comment\n";
    cases.push(case(
        "sizes",
        "5 MB of model code",
        Expect::ModelsOrDiagnostic,
        move || fill(unit, FIVE_MB),
    ));
    cases.push(case(
        "sizes",
        "5 MB of one comment",
        Expect::Returns,
        || format!("//{}", "x".repeat(FIVE_MB - 2)),
    ));
    cases.push(case(
        "sizes",
        "5 MB string literal",
        Expect::Returns,
        || format!("'{}'", "a".repeat(FIVE_MB - 2)),
    ));
    cases.push(case("sizes", "5 MB of newlines", Expect::Returns, || {
        "\n".repeat(FIVE_MB)
    }));
    cases.push(case(
        "sizes",
        "5 MB of multi-byte characters",
        Expect::Returns,
        || fill("é日😀", FIVE_MB),
    ));
    cases.push(case(
        "sizes",
        "5 MB of distinct models and associations",
        Expect::ModelsOrDiagnostic,
        || {
            let mut text = String::with_capacity(FIVE_MB);
            let mut i = 0;
            loop {
                let line = format!(
                    "const M{i} = sequelize.define('M{i}', {{}});\nM{i}.belongsTo(M{});\n",
                    i / 2
                );
                if text.len() + line.len() > FIVE_MB {
                    break text;
                }
                text.push_str(&line);
                i += 1;
            }
        },
    ));
    cases.push(case("sizes", "6 MB of code", Expect::TooLarge, || {
        fill("A.hasMany(B);\n", 6 * 1024 * 1024)
    }));
    cases.push(case("sizes", "5 MB + 1 byte", Expect::TooLarge, || {
        "x".repeat(FIVE_MB + 1)
    }));

    // Nesting: 100,000 levels of each construct, then as deep as fits in
    // 5 MB.
    for (name, make) in nesting_makers() {
        cases.push(case(
            "nesting",
            format!("{name} x 100000"),
            Expect::Returns,
            move || make(100_000),
        ));
    }
    for (name, make) in nesting_makers() {
        let n = max_n(&make);
        cases.push(case(
            "nesting-5mb",
            format!("{name} x {n} (5 MB)"),
            Expect::Returns,
            move || make(n),
        ));
    }

    // Long chains: as deep as they are long.
    cases.push(case(
        "chains",
        "1+1+… (1M terms)",
        Expect::Returns,
        || format!("x = 1{};", "+1".repeat(999_999)),
    ));
    cases.push(case(
        "chains",
        "a||a||… (1M terms)",
        Expect::Returns,
        || format!("x = a{};", "||a".repeat(999_999)),
    ));
    cases.push(case(
        "chains",
        "'A' + 'a' + … model name (200k terms)",
        Expect::Returns,
        || {
            format!(
                "const n = 'A'{};\nsequelize.define(n, {{}});",
                " + 'a'".repeat(200_000)
            )
        },
    ));

    // Endless loops and unbounded recursion stop (the step budget and the
    // depth limit), quickly.
    for (name, text) in [
        ("while (true) {}", "while (true) {}".to_string()),
        ("for (;;) {}", "for (;;) {}".to_string()),
        ("do {} while (true)", "do {} while (true);".to_string()),
        ("loop defining a model forever", "for (let i = 0; ; i++) { sequelize.define('M', {}); }".to_string()),
        ("loop associating forever", "const A = sequelize.define('A', {}); let i = 0; while (1) { A.hasMany(A, { as: 'x' + i++ }); }".to_string()),
        ("endless loop around belongsTo", "Project.hasMany(Task);\nwhile (true)\nTask.belongsTo(Project, { onDelete: 'CASCADE' });\n".to_string()),
        ("endless loop after a model", "const A = sequelize.define('A', {});\nA.hasMany(B);\nwhile (true) {}\n".to_string()),
        ("endless loop inside associate", "class A extends Model { static associate(m) { for (;;) {} } }\nA.init({}, { sequelize });".to_string()),
        ("endless loop in a factory", "module.exports = (sequelize) => { while (true) {} };".to_string()),
        ("endless loop 195 blocks deep", format!("let v = 0;\n{}while (true) {{ v = v + 1; }}{}", "{ let w = 1; ".repeat(195), "}".repeat(195))),
        ("endless loop 95 functions deep", format!("let v = 0;\n{}while (true) {{ v = v + 1; }}{}", "(function () { let w = 1; ".repeat(95), "})();".repeat(95))),
        ("for (;;) nested 3000 deep", format!("{}x;", "for (;;) ".repeat(3000))),
        ("do-while nested 100000 deep", format!("{}x;{}", "do ".repeat(100_000), " while (a)".repeat(100_000))),
        ("function f(){f()} f()", "function f(){f()} f()".to_string()),
        ("mutual recursion", "function f(){g()} function g(){f()} f()".to_string()),
        ("recursive arrow", "const f = () => f(); f();".to_string()),
        ("doubly recursive function", "function f(n){ return f(n + 1) + f(n + 2); } f(0)".to_string()),
        ("recursion in a getter", "const o = { get x() { return this.x; } }; o.x;".to_string()),
        ("recursion in associate", "class A extends Model { static associate(m) { A.associate(m); } }\nA.init({}, { sequelize });".to_string()),
        ("recursion through a constructor", "class C { constructor() { new C(); } } new C();".to_string()),
        ("recursion in a method", "const o = { m() { return this.m(); } }; o.m();".to_string()),
        ("recursion defining models", "function f(n) { sequelize.define('M' + n, {}).hasMany(sequelize.define('N' + n, {})); f(n + 1); } f(0);".to_string()),
    ] {
        cases.push(case("loops", name, Expect::Returns, move || text.clone()));
    }
    cases.push(case("models", "a loop creating 100k models", Expect::ModelsOrDiagnostic, || {
        "for (let i = 0; i < 100000; i++) { const M = sequelize.define('M' + i, { name: DataTypes.STRING }); if (i > 0) M.belongsTo(sequelize.models['M' + (i - 1)]); }".to_string()
    }));
    cases.push(case("models", "100k associations between two models", Expect::ModelsOrDiagnostic, || {
        "const A = sequelize.define('A', {}); const B = sequelize.define('B', {}); for (let i = 0; i < 100000; i++) { A.hasMany(B, { as: 'b' + i }); }".to_string()
    }));
    cases.push(case("models", "100k belongsToMany junctions", Expect::ModelsOrDiagnostic, || {
        "const A = sequelize.define('A', {}); const B = sequelize.define('B', {}); for (let i = 0; i < 100000; i++) { A.belongsToMany(B, { through: 'J' + i, as: 'j' + i }); }".to_string()
    }));
    cases.push(case("models", "100k attributes on one model", Expect::ModelsOrDiagnostic, || {
        "const attrs = {}; for (let i = 0; i < 100000; i++) { attrs['a' + i] = DataTypes.STRING; } const A = sequelize.define('A', attrs); A.hasMany(A, { as: 'kids' });".to_string()
    }));
    cases
}

/// Per-case limit on the analysis: "a few seconds" in release; tests are
/// built at opt-level 1 (Cargo.toml), some three times slower. The whole
/// child process (the input made, the analysis, every invariant checked:
/// `oracle_json`'s tree and two serialisations of a 100,000-model schema
/// take about as long as its analysis) gets [`CHILD_TIME_FACTOR`] times
/// as long. `NO_PANIC_ADVERSARIAL_SECS` overrides it.
fn adversarial_deadline() -> Duration {
    let default = if cfg!(debug_assertions) { 30 } else { 10 };
    Duration::from_secs(
        std::env::var("NO_PANIC_ADVERSARIAL_SECS")
            .ok()
            .and_then(|s| s.parse().ok())
            .unwrap_or(default),
    )
}

/// How much longer than the analysis its child process may take.
const CHILD_TIME_FACTOR: u32 = 3;

/// The child side: runs the case named in `NO_PANIC_CASE` (and nothing
/// when it is unset, as in a normal test run).
#[test]
fn adversarial_child() {
    let Ok(name) = std::env::var(CHILD_ENV) else {
        return;
    };
    let case = adversarial_cases()
        .into_iter()
        .find(|c| c.name == name)
        .unwrap_or_else(|| panic!("no adversarial case named {name:?}"));
    let files = one((case.text)());
    let len = files[0].text.len();
    let start = Instant::now();
    let analysis = analyse_within_deadline(&files);
    let took = start.elapsed();
    assert_invariants(&files, &analysis);
    let too_large = analysis
        .diagnostics
        .iter()
        .any(|d| d.kind == DiagnosticKind::TooLarge && d.severity == Severity::Error);
    match case.expect {
        Expect::Returns => {}
        Expect::TooLarge => assert!(too_large, "{name}: not refused as too large"),
        Expect::ModelsOrDiagnostic => assert!(
            !analysis.schema.models.is_empty() || !analysis.diagnostics.is_empty(),
            "{name}: neither models nor a diagnostic"
        ),
    }
    let mut kinds: Vec<DiagnosticKind> = analysis.diagnostics.iter().map(|d| d.kind).collect();
    kinds.dedup();
    kinds.truncate(4);
    println!(
        "\n{RESULT_TAG} {:.0} ms, {len} bytes, {} models, {} diagnostics {kinds:?}, strict error: {:?}",
        took.as_secs_f64() * 1000.0,
        analysis.schema.models.len(),
        analysis.diagnostics.len(),
        analysis
            .strict_error
            .as_ref()
            .map(|e| e.message.chars().take(70).collect::<String>())
    );
}

/// What happened to one case in its child process.
fn run_child(name: &str) -> Result<String, String> {
    use std::io::Read;
    use std::process::{Command, Stdio};
    let exe = std::env::current_exe().map_err(|e| format!("no test binary: {e}"))?;
    let limit = adversarial_deadline();
    let wall = limit * CHILD_TIME_FACTOR;
    let mut child = Command::new(exe)
        .args([
            "adversarial_child",
            "--exact",
            "--nocapture",
            "--test-threads=1",
        ])
        .env(CHILD_ENV, name)
        // The child's own hang check fires after the parent's.
        .env("NO_PANIC_TIMEOUT_SECS", (wall.as_secs() + 30).to_string())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| format!("cannot start the child: {e}"))?;
    let drain = |mut r: Box<dyn Read + Send>| {
        std::thread::spawn(move || {
            let mut s = String::new();
            let _ = r.read_to_string(&mut s);
            s
        })
    };
    let out = drain(Box::new(child.stdout.take().expect("piped stdout")));
    let err = drain(Box::new(child.stderr.take().expect("piped stderr")));
    let start = Instant::now();
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break Some(status),
            Ok(None) if start.elapsed() > wall => {
                let _ = child.kill();
                let _ = child.wait();
                break None;
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(20)),
            Err(e) => return Err(format!("waiting for the child: {e}")),
        }
    };
    let (out, err) = (
        out.join().unwrap_or_default(),
        err.join().unwrap_or_default(),
    );
    let Some(status) = status else {
        return Err(format!(
            "did not finish within {wall:?} (hang or far too slow)"
        ));
    };
    if let Some(at) = out.find(RESULT_TAG) {
        if status.success() {
            let rest = &out[at + RESULT_TAG.len()..];
            let summary = rest.lines().next().unwrap_or("").trim().to_string();
            let ms: f64 = summary
                .split(" ms")
                .next()
                .and_then(|n| n.trim().parse().ok())
                .ok_or_else(|| format!("no analysis time in {summary:?}"))?;
            if ms > limit.as_secs_f64() * 1000.0 {
                return Err(format!(
                    "the analysis took {ms:.0} ms, over the {limit:?} limit: {summary}"
                ));
            }
            return Ok(summary);
        }
    }
    let both = format!("{out}\n{err}");
    if both.contains("has overflowed its stack") {
        return Err("STACK OVERFLOW".to_string());
    }
    if let Some(i) = both.find("panicked at") {
        let msg: String = both[i..].lines().take(3).collect::<Vec<_>>().join(" / ");
        return Err(format!(
            "panic: {}",
            msg.chars().take(600).collect::<String>()
        ));
    }
    Err(format!(
        "exited with {status}: {}",
        both.trim()
            .chars()
            .rev()
            .take(400)
            .collect::<String>()
            .chars()
            .rev()
            .collect::<String>()
    ))
}

/// Runs every case of `group` in its own process; fails listing each case
/// that did not return cleanly and in time.
fn run_group(group: &str) {
    let cases: Vec<String> = adversarial_cases()
        .into_iter()
        .filter(|c| c.group == group)
        .map(|c| c.name)
        .collect();
    assert!(!cases.is_empty(), "no cases in group {group}");
    let mut failures = Vec::new();
    for name in &cases {
        match run_child(name) {
            Ok(summary) => println!("ok    {name}: {summary}"),
            Err(why) => {
                println!("FAIL  {name}: {why}");
                failures.push(format!("{name}: {why}"));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} adversarial input(s) in group {group:?} failed:\n  {}",
        failures.len(),
        cases.len(),
        failures.join("\n  ")
    );
}

#[test]
fn adversarial_sizes_5mb_analysed_6mb_refused() {
    run_group("sizes");
}

#[test]
fn adversarial_nesting_100k_levels() {
    run_group("nesting");
}

#[test]
fn adversarial_nesting_at_5mb() {
    run_group("nesting-5mb");
}

#[test]
fn adversarial_long_chains() {
    run_group("chains");
}

#[test]
fn adversarial_endless_loops_and_recursion_stop() {
    run_group("loops");
}

#[test]
fn adversarial_many_models() {
    run_group("models");
}

fn has_kind(analysis: &Analysis, kind: DiagnosticKind) -> bool {
    analysis.diagnostics.iter().any(|d| d.kind == kind)
}

#[test]
fn many_files_and_odd_names() {
    // 2,000 tiny files; names that are not paths.
    let files: Vec<SourceFile> = (0..2000)
        .map(|i| SourceFile::new(format!("m{i}.js"), format!("M{i}.hasMany(M{});", i + 1)))
        .collect();
    analyse_and_check(&files);
    analyse_and_check(&[]);
    analyse_and_check(&[
        SourceFile::new("", ""),
        SourceFile::new("x.ts", "let x: number = 1;"),
    ]);
    for name in [
        "a.tsx",
        "a.mts",
        "a.cts",
        "a.jsx",
        "a.mjs",
        "a.json",
        "日本.js",
    ] {
        analyse_and_check(&[SourceFile::new(name, "A.hasMany(B); <div>{x}</div>;")]);
    }
    // A byte-order mark, NULs, lone CRs, and U+2028 line separators.
    analyse_and_check(&one("\u{feff}A.hasMany(B);\r\rB.belongsTo(A);\u{2028}\0"));
    assert!(!has_kind(
        &analyse_and_check(&one("A.hasMany(B);")),
        DiagnosticKind::TooLarge
    ));
}
