//! The association engine: Sequelize code in, the schema Sequelize would
//! build out, with provenance and diagnostics.
//!
//! Pipeline: [`source`] text -> [`parse`] (oxc) -> [`interpret`] (a small
//! evaluator for the JavaScript that defines and associates models) driving
//! [`runtime`] (a port of Sequelize's model and association code) ->
//! [`schema::Schema`]. [`lint`] then looks at what was built for the
//! mistakes Sequelize makes silently.
//!
//! Pure Rust: no clock, no randomness, no IO, no UI. Compiles for the host
//! and for `wasm32-unknown-unknown`.

pub mod datatypes;
pub mod diagnostics;
pub mod inflection;
pub mod inflection_rules;
mod interpret;
mod lint;
pub mod naming;
mod never_run;
pub mod oracle_json;
pub mod parse;
mod runtime;
pub mod schema;
pub mod source;
mod value;

pub use diagnostics::{Diagnostic, DiagnosticKind, Severity};
pub use schema::Schema;
pub use source::{LineCol, LineIndex, SourceFile, Span};

use serde::Serialize;

/// The first error real Sequelize would throw, where it would throw it.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct StrictError {
    /// Sequelize's own message (or the JavaScript TypeError it fails with).
    pub message: String,
    pub span: Span,
}

/// Everything the engine found in the user's code.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Analysis {
    /// What Sequelize builds; where Sequelize would throw, what it would
    /// have built had it gone on (see [`Analysis::strict_error`]).
    pub schema: Schema,
    /// Set when real Sequelize would throw: the strict result is then this
    /// error alone, as `assoc json` prints it.
    pub strict_error: Option<StrictError>,
    /// Every problem and remark, in source order.
    pub diagnostics: Vec<Diagnostic>,
}

impl Analysis {
    pub fn has_errors(&self) -> bool {
        self.diagnostics
            .iter()
            .any(|d| d.severity == Severity::Error)
    }
}

/// Analyses `files` as one program (several files are read as one
/// sequelize-cli models folder: each factory called, then every
/// `associate`). Never panics; problems become diagnostics.
pub fn analyse(files: &[SourceFile]) -> Analysis {
    // The parser and the evaluator recurse; their depth is bounded (see
    // `parse::MAX_NESTING`, `interpret`), and on the host they get a stack
    // that those bounds fit in whatever thread calls us. In the browser the
    // page links with a large stack instead.
    #[cfg(not(target_arch = "wasm32"))]
    {
        let spawned = std::thread::scope(|scope| {
            std::thread::Builder::new()
                .name("analyse".into())
                .stack_size(ANALYSIS_STACK_BYTES)
                .spawn_scoped(scope, || analyse_here(files))
                .ok()
                .and_then(|handle| handle.join().ok())
        });
        if let Some(analysis) = spawned {
            return analysis;
        }
    }
    analyse_here(files)
}

/// Stack for one analysis on the host: the depth bounds need far less, in
/// debug builds too; the memory is only reserved, not used.
#[cfg(not(target_arch = "wasm32"))]
const ANALYSIS_STACK_BYTES: usize = 256 * 1024 * 1024;

fn analyse_here(files: &[SourceFile]) -> Analysis {
    let arenas = parse::Arenas::for_files(files);
    let parsed = parse::parse(&arenas, files);
    let programs: Vec<&oxc_ast::ast::Program<'_>> = parsed.programs.iter().collect();
    let interpreted = interpret::interpret(files, &programs);
    let mut diagnostics = parsed.diagnostics;
    diagnostics.extend(lint::lint(&interpreted.runtime, files));
    diagnostics.extend(never_run::never_run(&programs, &interpreted.executed));
    let (schema, runtime_diagnostics, strict_error) = interpreted.runtime.finish();
    diagnostics.extend(runtime_diagnostics);
    // A syntax error makes the whole file fail in Node before anything runs.
    let strict_error = parsed_error(&diagnostics).or(strict_error);
    diagnostics.sort_by_key(|d| (d.span.file, d.span.start, d.severity));
    let diagnostics = cap_per_kind(diagnostics);
    // The schema holds no values: the objects the program made, cycles
    // among them included, can all go.
    value::break_cycles();
    Analysis {
        schema,
        strict_error,
        diagnostics,
    }
}

/// At most this many diagnostics of one kind are kept: past that, a list
/// helps nobody, and a pathological paste must not flood the page.
pub const MAX_DIAGNOSTICS_PER_KIND: usize = 200;

fn cap_per_kind(diagnostics: Vec<Diagnostic>) -> Vec<Diagnostic> {
    let mut counts: std::collections::HashMap<DiagnosticKind, usize> =
        std::collections::HashMap::new();
    let mut kept = Vec::with_capacity(diagnostics.len().min(4 * MAX_DIAGNOSTICS_PER_KIND));
    let mut last_kept: std::collections::HashMap<DiagnosticKind, Span> =
        std::collections::HashMap::new();
    for d in diagnostics {
        let n = counts.entry(d.kind).or_insert(0);
        *n += 1;
        if *n <= MAX_DIAGNOSTICS_PER_KIND {
            last_kept.insert(d.kind, d.span);
            kept.push(d);
        }
    }
    for (kind, n) in counts {
        if n > MAX_DIAGNOSTICS_PER_KIND {
            let severity = kept
                .iter()
                .find(|d| d.kind == kind)
                .map_or(Severity::Info, |d| d.severity);
            kept.push(
                Diagnostic::new(
                    severity,
                    kind,
                    last_kept.get(&kind).copied().unwrap_or_default(),
                    format!(
                        "... and {} more like the one above",
                        n - MAX_DIAGNOSTICS_PER_KIND
                    ),
                )
                .with_help("Only the first ones of each kind are listed."),
            );
        }
    }
    kept.sort_by_key(|d| (d.span.file, d.span.start, d.severity));
    kept
}

fn parsed_error(diagnostics: &[Diagnostic]) -> Option<StrictError> {
    diagnostics
        .iter()
        .find(|d| {
            d.kind == DiagnosticKind::SyntaxError
                || (d.kind == DiagnosticKind::TooLarge && d.severity == Severity::Error)
        })
        .map(|d| StrictError {
            message: d.message.clone(),
            span: d.span,
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_analysis_leaves_no_object_behind() {
        // Found by the fuzzer's leak checker: an object that holds itself
        // (here as `db.sequelize`, in a models/index.js) outlived the
        // analysis, with everything it held.
        for code in [
            "const db = {};\ndb.sequelize = db;\ndb.User = sequelize.define('User', {});\nmodule.exports = db;",
            "const a = [{}]; a[0].all = a; a.push(a);",
            "const o = { as: 'x' }; o.options = o; A.hasMany(B, o);",
        ] {
            let before = value::live_objects();
            let analysis = analyse_here(&[SourceFile::new("input.js", code)]);
            assert!(analysis.strict_error.is_none(), "{code}: {analysis:?}");
            assert_eq!(value::live_objects(), before, "{code}");
        }
    }
}
