//! `assoc destroy`: what destroying one seeded record does
//! ([`dataset::cascade`]), as JSON; or, with `--sample N`, each table's
//! first N records deleted in turn, as the lines `scripts/sql-postgres.sh`
//! compares with a real PostgreSQL's.

use std::io::Write;

use crate::dataset::cascade::{self, Outcome};
use crate::dataset::{self, edits, Dataset, Edits, RecordRef};
use crate::engine::{self, schema::Schema, SourceFile};

use super::USAGE;

/// Runs `assoc destroy` with the arguments after the command.
pub fn run(args: &[String], out: &mut dyn Write, err: &mut dyn Write) -> u8 {
    let mut options = dataset::Options::default();
    let mut record: Option<String> = None;
    let mut sample: Option<usize> = None;
    let mut force = false;
    let mut paths = args;
    while let Some((flag, rest)) = paths.split_first() {
        if flag == "--force" {
            force = true;
            paths = rest;
            continue;
        }
        if !flag.starts_with("--") {
            break;
        }
        let value = rest.first().map(String::as_str);
        let ok = match (flag.as_str(), value) {
            ("--record", Some(v)) => {
                record = Some(v.to_string());
                true
            }
            ("--sample", Some(v)) => v.parse().map(|n| sample = Some(n)).is_ok(),
            ("--record" | "--sample", None) => false,
            _ => {
                let Some(ok) = super::seed_option(flag, value, &mut options) else {
                    let _ = writeln!(err, "assoc destroy: unknown option `{flag}`\n\n{USAGE}");
                    return 2;
                };
                ok
            }
        };
        if !ok {
            let _ = writeln!(err, "assoc destroy: {flag} needs a value\n\n{USAGE}");
            return 2;
        }
        paths = rest.get(1..).unwrap_or_default();
    }
    if record.is_none() && sample.is_none() {
        let _ = writeln!(
            err,
            "assoc destroy: --record Model#key (or --sample N) is needed\n\n{USAGE}"
        );
        return 2;
    }
    if paths.is_empty() {
        let _ = writeln!(err, "assoc destroy: no input files\n\n{USAGE}");
        return 2;
    }
    let mut files = Vec::new();
    for p in paths {
        match std::fs::read(p) {
            Ok(bytes) => files.push(SourceFile::new(
                p.clone(),
                String::from_utf8_lossy(&bytes).into_owned(),
            )),
            Err(e) => {
                let _ = writeln!(err, "assoc: cannot read {p}: {e}");
                return 2;
            }
        }
    }
    let analysis = engine::analyse(&files);
    if super::report_throw(&analysis, &files, err) {
        return 1;
    }
    let schema = &analysis.schema;
    let data = dataset::generate(schema, &options);
    let edits = Edits::default();
    if let Some(n) = sample {
        for line in sample_lines(schema, &data, n) {
            let _ = writeln!(out, "{line}");
        }
        return 0;
    }
    let label = record.unwrap_or_default();
    let Some(r) = edits::find(schema, &data, &edits, &label) else {
        let _ = writeln!(
            out,
            "{{\"ok\":false,\"error\":{}}}",
            json(&format!("no record {label} in the seeded data"))
        );
        return 1;
    };
    let outcome = cascade::plan_with(schema, &data, &edits, r, cascade::Options { force });
    let _ = writeln!(out, "{}", outcome_json(schema, &data, &edits, &outcome));
    u8::from(!matches!(outcome, Outcome::Change(_)))
}

fn json(s: &str) -> String {
    serde_json::Value::String(s.to_string()).to_string()
}

/// The outcome as the command prints it.
fn outcome_json(schema: &Schema, data: &Dataset, edits: &Edits, outcome: &Outcome) -> String {
    let label = |r: RecordRef| json(&edits::label(schema, data, edits, r));
    let column = |r: RecordRef, c: usize| {
        json(
            data.tables
                .get(r.table)
                .and_then(|t| t.columns.get(c))
                .map_or("", String::as_str),
        )
    };
    match outcome {
        Outcome::Missing => "{\"ok\":false,\"error\":\"no such record\"}".into(),
        Outcome::Refused(refusal) => format!(
            "{{\"ok\":false,\"error\":{},\"detail\":{}}}",
            json(&refusal.error),
            json(&refusal.detail)
        ),
        Outcome::Change(change) => {
            let removed: Vec<String> = change.removed.iter().map(|x| label(x.record)).collect();
            let because: Vec<String> = change
                .removed
                .iter()
                .map(|x| format!("{}:{}", label(x.record), json(&x.cause.to_string())))
                .collect();
            let cleared: Vec<String> = change
                .cleared
                .iter()
                .map(|c| {
                    format!(
                        "{{\"record\":{},\"column\":{},\"value\":{},\"because\":{}}}",
                        label(c.record),
                        column(c.record, c.column),
                        c.new.to_json(),
                        json(&c.cause.to_string())
                    )
                })
                .collect();
            let dangling: Vec<String> = change
                .dangling
                .iter()
                .map(|d| {
                    format!(
                        "{{\"record\":{},\"column\":{},\"pointing_at\":{},\"because\":{}}}",
                        label(d.record),
                        column(d.record, d.column),
                        label(d.cause.parent),
                        json(&d.cause.to_string())
                    )
                })
                .collect();
            format!(
                "{{\"ok\":true,\"record\":{},\"soft\":{},\"removed\":[{}],\"because\":{{{}}},\"cleared\":[{}],\"dangling\":[{}]}}",
                label(change.record),
                change.soft.is_some(),
                removed.join(","),
                because.join(","),
                cleared.join(","),
                dangling.join(",")
            )
        }
    }
}

/// Each table's first `n` records deleted in turn (forced), one line per
/// effect, tab-separated, rows numbered from 1 and tables named as
/// PostgreSQL names them (`schema.table` outside `public`):
/// `T  row  removed  T2  row2` (the record itself included),
/// `T  row  cleared  T2  row2  column  value-as-JSON`, or
/// `T  row  error  message  detail`.
fn sample_lines(schema: &Schema, data: &Dataset, n: usize) -> Vec<String> {
    let name = |table: usize| {
        data.tables.get(table).map_or_else(String::new, |t| {
            let own = cascade::pg_identifier(&t.table_name);
            match t.schema.as_deref().filter(|s| *s != "public") {
                Some(s) => format!("{}.{own}", cascade::pg_identifier(s)),
                None => own.to_string(),
            }
        })
    };
    let edits = Edits::default();
    let mut lines = Vec::new();
    for (table, t) in data.tables.iter().enumerate() {
        for row in 0..t.rows.len().min(n) {
            let r = RecordRef { table, row };
            let head = format!("{}\t{}", name(table), row + 1);
            let options = cascade::Options { force: true };
            match cascade::plan_with(schema, data, &edits, r, options) {
                Outcome::Missing => {}
                Outcome::Refused(refusal) => {
                    lines.push(format!(
                        "{head}\terror\t{}\t{}",
                        refusal.error, refusal.detail
                    ));
                }
                Outcome::Change(change) => {
                    let removed = std::iter::once(r).chain(change.removed.iter().map(|x| x.record));
                    for x in removed {
                        lines.push(format!("{head}\tremoved\t{}\t{}", name(x.table), x.row + 1));
                    }
                    for c in &change.cleared {
                        let column = data
                            .tables
                            .get(c.record.table)
                            .and_then(|t| t.columns.get(c.column))
                            .map_or("", |c| cascade::pg_identifier(c));
                        lines.push(format!(
                            "{head}\tcleared\t{}\t{}\t{column}\t{}",
                            name(c.record.table),
                            c.record.row + 1,
                            c.new.to_json()
                        ));
                    }
                }
            }
        }
    }
    lines
}
