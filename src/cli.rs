//! The command-line front end (`assoc`), as a library module so that tests
//! run it in-process. It reads files, runs the engine and prints; it holds
//! no analysis of its own.
//!
//! Subcommands: `json` (the strict result in the oracle's schema), `check`
//! (diagnostics with code frames), `layout` (the graph's layout, in the
//! page's units), `svg` and `png` (the page's drawing), `sql` (the DDL
//! Sequelize's `sync()` issues), `mermaid` and `dbml` (the schema for other
//! tools: [`crate::export`]), `seed` (simulated rows, as JSON or INSERTs),
//! `walk` (every record's associations followed, with the getters' SQL),
//! `eager` (`findAll` with `include` on the seeded rows) and `destroy`
//! (what deleting a seeded record does). Later stages add
//! theirs here.

use std::io::Write;

use crate::dataset;
use crate::engine::{self, Diagnostic, LineIndex, SourceFile};
use crate::export;
use crate::graph;
use crate::sql;

mod destroy;

pub const USAGE: &str = "\
usage: assoc <command> FILE...

commands:
  json FILE...    print what Sequelize 6.37.8 builds, in the oracle's JSON schema
                  ({\"ok\": false, \"error\": ...} where Sequelize would throw)
  check FILE...   print every diagnostic with a code frame; exit 1 on an error
  layout [--json] [--collapse] FILE...
                  print the graph's layout as JSON: {\"nodes\":[{\"id\",\"x\",\"y\",
                  \"width\",\"height\"}], \"edges\":[{\"id\",\"source\",\"target\",
                  \"points\"}]}, x,y a node's top-left corner, an edge's source the
                  model holding the foreign key; --collapse draws each
                  many-to-many as one edge, without its junction
  svg [--collapse] FILE...
                  print the graph as an SVG document (the page's drawing)
  png [--collapse] [--scale N] [-o FILE] FILE...
                  the same drawing as a PNG image, N pixels per unit (1 by
                  default), to FILE or standard output
  mermaid FILE... print a Mermaid erDiagram: every model with its columns and
                  keys, a relationship per foreign key labelled with its calls
  dbml FILE...    print DBML: a Table per table, an Enum per ENUM column, a Ref
                  per foreign key with its delete and update rules
                  (mermaid and dbml: where Sequelize would throw, its error on
                  stderr and exit 1)
  sql [--dialect postgres|mysql|sqlite] FILE...
                  print the statements Sequelize's sync() issues against an
                  empty database, one a line (postgres by default); where
                  Sequelize would throw, its error on stderr and exit 1;
                  foreign keys a database refuses are warned about on stderr
  seed [--seed N] [--rows N] [--format json|sql] [--dialect postgres|mysql|sqlite] FILE...
                  print simulated rows that obey the schema's keys (seed 1, 5
                  rows a model, twice as many pairs a junction): JSON
                  {\"seed\":N,\"tables\":{\"<table>\":[{column: value}]}}, or
                  INSERTs that load into the tables `sql` creates (postgres
                  by default); where fewer rows could be made, why on stderr
  destroy --record Model#key [--force] [--seed N] [--rows N] FILE...
                  what destroying a seeded record does in the database, by each
                  referencing key's ON DELETE: {\"ok\":true,\"record\",\"soft\",
                  \"removed\":[\"Employee#4\"],\"because\":{\"Employee#4\":
                  \"Employees.OrganizationId ON DELETE CASCADE\"},\"cleared\":
                  [{\"record\",\"column\",\"value\",\"because\"}],\"dangling\":[...]}
                  or {\"ok\":false,\"error\",\"detail\"} with PostgreSQL's words
                  (exit 1); a paranoid model's record is soft-deleted unless
                  --force. --sample N instead of --record: each table's first N
                  records, forced, as tab-separated lines for
                  scripts/sql-postgres.sh

  walk [--seed N] [--rows N] FILE...
                  for every seeded record (tables and rows in order) and every
                  association of its model, one JSON line: {\"record\":
                  \"Employee#9\",\"accessor\":\"getTasks\",\"sql\": the statement
                  Sequelize sends for that getter (null where it sends none),
                  \"related\":[\"Task#3\",...]}
  eager --model NAME [--include SPEC] [--seed N] [--rows N] FILE...
                  print the findAll call (as a // comment) and what
                  JSON.stringify(await NAME.findAll({ include })) gives on the
                  seeded rows; SPEC names associations by `as`, children in
                  parentheses: \"employees(tasks),projects\"

Several files are read as one sequelize-cli models folder.";

/// Runs `assoc` with `args` (without the program name). Returns the exit
/// status: 0 ok, 1 errors found (`check`), 2 usage or IO problems.
pub fn run(args: &[String], out: &mut dyn Write, err: &mut dyn Write) -> u8 {
    run_in(args, out, err, false)
}

/// [`run`] for a process that exits right after: the analysis's memory is
/// left for the operating system to take back, as compilers do, instead
/// of being freed while the output is printed.
pub fn run_then_exit(args: &[String], out: &mut dyn Write, err: &mut dyn Write) -> u8 {
    run_in(args, out, err, true)
}

fn run_in(args: &[String], out: &mut dyn Write, err: &mut dyn Write, exiting: bool) -> u8 {
    let Some((command, paths)) = args.split_first() else {
        let _ = writeln!(err, "{USAGE}");
        return 2;
    };
    if matches!(command.as_str(), "-h" | "--help" | "help") {
        let _ = writeln!(out, "{USAGE}");
        return 0;
    }
    if command == "destroy" {
        return destroy::run(paths, out, err);
    }
    if !matches!(
        command.as_str(),
        "json"
            | "check"
            | "layout"
            | "svg"
            | "png"
            | "sql"
            | "seed"
            | "mermaid"
            | "dbml"
            | "walk"
            | "eager"
    ) {
        let _ = writeln!(err, "assoc: unknown command `{command}`\n\n{USAGE}");
        return 2;
    }
    let mut collapse = false;
    let mut paths = paths;
    let mut png_options = PngOptions::default();
    if matches!(command.as_str(), "layout" | "svg" | "png") {
        while let Some((flag, rest)) = paths.split_first() {
            match flag.as_str() {
                "--json" if command == "layout" => {}
                "--collapse" => collapse = true,
                "--scale" | "-o" if command == "png" => {
                    let value = rest.first();
                    let ok = match (flag.as_str(), value) {
                        ("--scale", Some(v)) => v
                            .parse::<f32>()
                            .ok()
                            .filter(|n| n.is_finite() && *n > 0.0 && *n <= 16.0)
                            .map(|n| png_options.scale = n)
                            .is_some(),
                        ("-o", Some(v)) => {
                            png_options.output = Some(v.clone());
                            true
                        }
                        _ => false,
                    };
                    if !ok {
                        let _ = writeln!(
                            err,
                            "assoc png: {flag} needs {}\n\n{USAGE}",
                            if flag == "-o" {
                                "a file name"
                            } else {
                                "a number above 0, at most 16"
                            }
                        );
                        return 2;
                    }
                    paths = rest.get(1..).unwrap_or_default();
                    continue;
                }
                f if f.starts_with("--") => {
                    let _ = writeln!(err, "assoc {command}: unknown option `{f}`\n\n{USAGE}");
                    return 2;
                }
                _ => break,
            }
            paths = rest;
        }
    }
    let mut dialect = sql::Dialect::default();
    let mut seed_options = dataset::Options::default();
    let mut as_sql = false;
    let mut eager_model: Option<String> = None;
    let mut eager_include = String::new();
    let seeded = matches!(command.as_str(), "seed" | "walk" | "eager");
    if command == "sql" || seeded {
        while let Some((flag, rest)) = paths.split_first() {
            match flag.as_str() {
                "--model" | "--include" if command == "eager" => {
                    let Some(value) = rest.first() else {
                        let _ = writeln!(err, "assoc eager: {flag} needs a value\n\n{USAGE}");
                        return 2;
                    };
                    if flag == "--model" {
                        eager_model = Some(value.clone());
                    } else {
                        eager_include = value.clone();
                    }
                    paths = rest.get(1..).unwrap_or_default();
                    continue;
                }
                "--seed" | "--rows" | "--format"
                    if seeded && (flag != "--format" || command == "seed") =>
                {
                    let value = rest.first().map(String::as_str);
                    let ok = match (flag.as_str(), value) {
                        ("--format", Some("json")) => {
                            as_sql = false;
                            true
                        }
                        ("--format", Some("sql")) => {
                            as_sql = true;
                            true
                        }
                        _ => seed_option(flag, value, &mut seed_options).unwrap_or(false),
                    };
                    if !ok {
                        let _ = writeln!(
                            err,
                            "assoc {command}: {flag} needs a value ({})\n\n{USAGE}",
                            if flag == "--format" {
                                "json or sql"
                            } else {
                                "a whole number"
                            }
                        );
                        return 2;
                    }
                    paths = rest.get(1..).unwrap_or_default();
                    continue;
                }
                "--dialect" if command != "walk" && command != "eager" => {
                    let Some((name, rest)) = rest.split_first() else {
                        let _ =
                            writeln!(err, "assoc {command}: --dialect needs a value\n\n{USAGE}");
                        return 2;
                    };
                    let Some(d) = sql::Dialect::from_name(name) else {
                        let _ = writeln!(
                            err,
                            "assoc {command}: unknown dialect `{name}` (postgres, mysql or sqlite)"
                        );
                        return 2;
                    };
                    dialect = d;
                    paths = rest;
                    continue;
                }
                f if f.starts_with("--") => {
                    let _ = writeln!(err, "assoc {command}: unknown option `{f}`\n\n{USAGE}");
                    return 2;
                }
                _ => break,
            }
        }
    }
    if paths.is_empty() {
        let _ = writeln!(err, "assoc {command}: no input files\n\n{USAGE}");
        return 2;
    }
    let mut files = Vec::new();
    for p in paths {
        match std::fs::read(p) {
            Ok(bytes) => files.push(SourceFile::new(
                p.clone(),
                String::from_utf8(bytes)
                    .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned()),
            )),
            Err(e) => {
                let _ = writeln!(err, "assoc: cannot read {p}: {e}");
                return 2;
            }
        }
    }
    let options = engine::Options {
        // `json` and `layout` print the schema alone: lints (and the calls'
        // labels) would be thrown away. `sql` warns about keys a database
        // refuses, which lints find; `svg` names each line's calls.
        scope: if matches!(command.as_str(), "check" | "sql" | "svg" | "png") {
            engine::Scope::Everything
        } else {
            engine::Scope::Strict
        },
        leak_working_state: exiting,
        // Only the DDL (and what reads its columns) prints them.
        generic_types: command != "json",
    };
    if command == "json" {
        for part in engine::oracle_json::analyse_to_oracle_json(&files, options) {
            if out.write_all(part.as_bytes()).is_err() {
                return 0;
            }
        }
        let _ = writeln!(out);
        return 0;
    }
    let analysis = engine::analyse_with(&files, options);
    match command.as_str() {
        "layout" | "svg" | "png" => {
            let g = graph::build(
                &analysis.schema,
                graph::Options {
                    collapse_many_to_many: collapse,
                },
            );
            let placed = graph::layout::layout(&g);
            let mut code = 0;
            match command.as_str() {
                "svg" => {
                    let _ = write!(out, "{}", graph::svg::document(&g, &placed));
                }
                "png" => {
                    let svg = graph::svg::document(&g, &placed);
                    code = print_png(&svg, &png_options, out, err);
                }
                _ => {
                    let _ = writeln!(out, "{}", graph::layout::to_json(&g, &placed));
                }
            }
            if exiting {
                std::mem::forget(analysis);
            }
            code
        }
        "mermaid" | "dbml" => {
            if report_throw(&analysis, &files, err) {
                return 1;
            }
            let text = if command == "mermaid" {
                export::mermaid(&analysis.schema)
            } else {
                export::dbml(&analysis.schema)
            };
            let _ = write!(out, "{text}");
            if exiting {
                std::mem::forget(analysis);
            }
            0
        }
        "sql" => {
            let code = print_sql(&analysis, &files, dialect, out, err);
            if exiting {
                std::mem::forget(analysis);
            }
            code
        }
        "seed" => {
            let code = print_seed(&analysis, &files, &seed_options, as_sql, dialect, out, err);
            if exiting {
                std::mem::forget(analysis);
            }
            code
        }
        "walk" => {
            let code = print_walk(&analysis, &files, &seed_options, out, err);
            if exiting {
                std::mem::forget(analysis);
            }
            code
        }
        "eager" => {
            let code = print_eager(
                &analysis,
                &files,
                &seed_options,
                eager_model.as_deref(),
                &eager_include,
                out,
                err,
            );
            if exiting {
                std::mem::forget(analysis);
            }
            code
        }
        _ => {
            let indexes: Vec<LineIndex> = files.iter().map(|f| LineIndex::new(&f.text)).collect();
            for d in &analysis.diagnostics {
                let _ = write!(out, "{}", render(d, &files, &indexes));
            }
            let count = |s: engine::Severity| {
                analysis
                    .diagnostics
                    .iter()
                    .filter(|d| d.severity == s)
                    .count()
            };
            let _ = writeln!(
                out,
                "{} error(s), {} warning(s), {} info(s)",
                count(engine::Severity::Error),
                count(engine::Severity::Warning),
                count(engine::Severity::Info)
            );
            u8::from(analysis.has_errors())
        }
    }
}

/// `--seed N` or `--rows N`, the options of the seeded rows (`seed`,
/// `walk`, `eager` and `destroy`), `value` the argument after `flag`:
/// `None` where `flag` is neither; else whether `value` is a whole number,
/// set in `options` when it is. Each command words its own error.
fn seed_option(flag: &str, value: Option<&str>, options: &mut dataset::Options) -> Option<bool> {
    let ok = match flag {
        "--seed" => value.and_then(|v| v.parse().ok()).map(|n| options.seed = n),
        "--rows" => value.and_then(|v| v.parse().ok()).map(|n| options.rows = n),
        _ => return None,
    };
    Some(ok.is_some())
}

/// `assoc png`'s options besides `--collapse`.
#[derive(Clone, Debug)]
struct PngOptions {
    /// `--scale N`: pixels per unit of the drawing.
    scale: f32,
    /// `-o FILE`: where the image goes instead of standard output.
    output: Option<String>,
}

impl Default for PngOptions {
    fn default() -> Self {
        PngOptions {
            scale: 1.0,
            output: None,
        }
    }
}

/// `assoc png`: the drawing `svg` prints, rasterised, on `out` or in the
/// `-o` file; exit 2 where it cannot be made or written.
#[cfg(not(target_arch = "wasm32"))]
fn print_png(svg: &str, options: &PngOptions, out: &mut dyn Write, err: &mut dyn Write) -> u8 {
    let png = match export::png::png(
        svg,
        &export::png::Options {
            scale: options.scale,
        },
    ) {
        Ok(png) => png,
        Err(e) => {
            let _ = writeln!(err, "assoc png: {}", e.message);
            return 2;
        }
    };
    for note in &png.notes {
        let _ = writeln!(err, "warning: {note}");
    }
    let written = match &options.output {
        Some(path) => {
            std::fs::write(path, &png.bytes).map_err(|e| format!("cannot write {path}: {e}"))
        }
        None => out
            .write_all(&png.bytes)
            .and_then(|()| out.flush())
            .map_err(|e| format!("cannot write the image: {e}")),
    };
    match written {
        Ok(()) => 0,
        Err(message) => {
            let _ = writeln!(err, "assoc png: {message}");
            2
        }
    }
}

/// The browser's build has no rasteriser (resvg is a host dependency).
#[cfg(target_arch = "wasm32")]
fn print_png(_: &str, _: &PngOptions, _: &mut dyn Write, err: &mut dyn Write) -> u8 {
    let _ = writeln!(err, "assoc png: not available in this build");
    2
}

/// Where Sequelize would throw: its message on `err` as
/// `file:line:col: error: message`, and true.
fn report_throw(analysis: &engine::Analysis, files: &[SourceFile], err: &mut dyn Write) -> bool {
    let Some(e) = &analysis.strict_error else {
        return false;
    };
    let indexes: Vec<LineIndex> = files.iter().map(|f| LineIndex::new(&f.text)).collect();
    let d = Diagnostic::error(
        engine::DiagnosticKind::SequelizeThrows,
        e.span,
        e.message.clone(),
    );
    let _ = write!(err, "{}", render(&d, files, &indexes));
    true
}

/// `assoc sql`: the statements on `out`; where Sequelize would throw
/// (while associating, or in `sync()` itself), its message on `err` as
/// `file:line:col: error: message` and exit status 1. Foreign keys a
/// database refuses (the engine's diagnostics), and what the export had to
/// leave out, are warned about on `err`.
fn print_sql(
    analysis: &engine::Analysis,
    files: &[SourceFile],
    dialect: sql::Dialect,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> u8 {
    if report_throw(analysis, files, err) {
        return 1;
    }
    match sql::ddl(&analysis.schema, dialect) {
        Ok(ddl) => {
            let _ = write!(out, "{}", ddl.text());
            let refused = analysis.diagnostics.iter().filter(|d| {
                matches!(
                    d.kind,
                    engine::DiagnosticKind::NotUniqueKey | engine::DiagnosticKind::KeyTypeMismatch
                )
            });
            let indexes: Vec<LineIndex> = files.iter().map(|f| LineIndex::new(&f.text)).collect();
            for d in refused {
                let _ = write!(err, "{}", render(d, files, &indexes));
            }
            for note in &ddl.notes {
                let _ = writeln!(err, "warning: {note}");
            }
            0
        }
        Err(e) => {
            let _ = writeln!(err, "error: sequelize sync failed: {}", e.message);
            1
        }
    }
}

/// `assoc seed`: the rows as JSON or INSERTs on `out`, what could not be
/// made on `err`; where Sequelize would throw, its message and exit 1.
fn print_seed(
    analysis: &engine::Analysis,
    files: &[SourceFile],
    options: &dataset::Options,
    as_sql: bool,
    dialect: sql::Dialect,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> u8 {
    if report_throw(analysis, files, err) {
        return 1;
    }
    let data = dataset::generate(&analysis.schema, options);
    if as_sql {
        for statement in sql::inserts(&data, dialect) {
            let _ = writeln!(out, "{statement}");
        }
    } else {
        let _ = writeln!(out, "{}", data.to_json());
    }
    for note in &data.notes {
        let _ = writeln!(err, "note: {note}");
    }
    0
}

/// `assoc walk`: for every record of every table (table and row order)
/// and every association of its model, one JSON line: the record, the
/// getter, the SQL Sequelize sends for it and the related records.
fn print_walk(
    analysis: &engine::Analysis,
    files: &[SourceFile],
    options: &dataset::Options,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> u8 {
    if report_throw(analysis, files, err) {
        return 1;
    }
    let schema = &analysis.schema;
    let data = dataset::generate(schema, options);
    let edits = dataset::Edits::default();
    let walker = dataset::Walker::new(schema, &data);
    let text = |s: &str| serde_json::Value::String(s.to_string()).to_string();
    let mut buffer = std::io::BufWriter::new(out);
    for (t, table) in data.tables.iter().enumerate() {
        for row in 0..table.rows.len() {
            let r = dataset::RecordRef { table: t, row };
            let record = dataset::edits::label(schema, &data, &edits, r);
            for step in walker.steps(&edits, r) {
                let getter = step
                    .accessor
                    .split_once('.')
                    .map_or(step.accessor.as_str(), |(_, g)| g)
                    .trim_end_matches("()");
                let related: Vec<String> = step
                    .records
                    .iter()
                    .map(|&x| text(&dataset::edits::label(schema, &data, &edits, x)))
                    .collect();
                let _ = writeln!(
                    buffer,
                    "{{\"record\":{},\"accessor\":{},\"sql\":{},\"related\":[{}]}}",
                    text(&record),
                    text(getter),
                    step.sql.as_deref().map_or_else(|| "null".into(), text),
                    related.join(",")
                );
            }
        }
    }
    let _ = buffer.flush();
    for note in &data.notes {
        let _ = writeln!(err, "note: {note}");
    }
    0
}

/// `assoc eager`: what `JSON.stringify(await Model.findAll({ include }))`
/// gives on the seeded rows, after the call itself as a comment line.
fn print_eager(
    analysis: &engine::Analysis,
    files: &[SourceFile],
    options: &dataset::Options,
    model: Option<&str>,
    include: &str,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> u8 {
    if report_throw(analysis, files, err) {
        return 1;
    }
    let schema = &analysis.schema;
    let Some(name) = model else {
        let _ = writeln!(err, "assoc eager: --model NAME is needed\n\n{USAGE}");
        return 2;
    };
    let Some(root) = schema.models.iter().position(|m| m.name == name) else {
        let _ = writeln!(err, "assoc eager: no model named `{name}`");
        return 2;
    };
    let includes = match dataset::eager::parse_include(schema, root, include) {
        Ok(i) => i,
        Err(e) => {
            let _ = writeln!(err, "assoc eager: {e}");
            return 2;
        }
    };
    let data = dataset::generate(schema, options);
    let edits = dataset::Edits::default();
    let _ = writeln!(
        out,
        "// {}",
        dataset::eager::include_code(schema, root, &includes)
    );
    let _ = writeln!(
        out,
        "{}",
        dataset::eager::eager(schema, &data, &edits, root, &includes)
    );
    for note in &data.notes {
        let _ = writeln!(err, "note: {note}");
    }
    0
}

/// `file:line:col: severity: message`, the line with the span underlined,
/// and the help.
pub fn render(d: &Diagnostic, files: &[SourceFile], indexes: &[LineIndex]) -> String {
    let (Some(file), Some(index)) = (
        files.get(d.span.file as usize),
        indexes.get(d.span.file as usize),
    ) else {
        return format!("{}: {}\n", d.severity.as_str(), d.message);
    };
    let start = index.line_col(&file.text, d.span.start);
    let end = index.line_col(&file.text, d.span.end);
    let mut s = format!(
        "{}:{}:{}: {}: {}\n",
        file.name,
        start.line,
        start.column,
        d.severity.as_str(),
        d.message
    );
    let line_text = index.line_text(&file.text, start.line);
    let gutter = start.line.to_string().len();
    let shown: String = line_text.chars().take(200).collect();
    let width = if end.line == start.line {
        end.column.saturating_sub(start.column)
    } else {
        0
    };
    let width = (width as usize).max(1).min(
        shown
            .chars()
            .count()
            .saturating_sub(start.column as usize - 1)
            .max(1),
    );
    let pad: String = line_text
        .chars()
        .take(start.column as usize - 1)
        .map(|c| if c == '\t' { '\t' } else { ' ' })
        .collect();
    s.push_str(&format!("{:gutter$} |\n", ""));
    s.push_str(&format!("{} | {shown}\n", start.line));
    s.push_str(&format!("{:gutter$} | {pad}{}\n", "", "^".repeat(width)));
    if let Some(help) = &d.help {
        s.push_str(&format!("{:gutter$} = help: {help}\n", ""));
    }
    s
}
