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
pub mod fast_hash;
pub mod inflection;
pub mod inflection_rules;
mod interpret;
pub mod js_text;
#[cfg(feature = "ddl")]
mod key_types;
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
    /// Every association call that ran, in the order it ran (a call run
    /// twice, twice; one that threw included), as its call expression's
    /// span: the workshop's steps (`crate::workshop`). Not in the page's
    /// first load, which has no workshop.
    #[cfg(feature = "ddl")]
    #[serde(skip)]
    pub association_calls: Vec<Span>,
}

impl Analysis {
    pub fn has_errors(&self) -> bool {
        self.diagnostics
            .iter()
            .any(|d| d.severity == Severity::Error)
    }
}

/// How an analysis runs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Options {
    pub scope: Scope,
    /// Leave the analysis's working state (syntax trees, the program's
    /// objects) to the operating system instead of freeing it: for a
    /// process that exits once it has printed the result, where freeing
    /// megabytes only competes with the printing for the processor.
    pub leak_working_state: bool,
    /// Work out each attribute's type as Sequelize's dialect-independent
    /// DataType prints it (`Attribute::generic_type`, for the DDL of other
    /// dialects; with the `ddl` feature only): not for a front end that
    /// prints the oracle's JSON alone.
    pub generic_types: bool,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            scope: Scope::Everything,
            leak_working_state: false,
            generic_types: true,
        }
    }
}

/// How much an analysis looks for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scope {
    /// The schema, Sequelize's own errors and every diagnostic: what the
    /// page and `assoc check` show.
    Everything,
    /// The schema and Sequelize's own errors, without the lints (mistakes
    /// Sequelize makes silently, code that never runs) and without the
    /// associations' labels (left empty): what `assoc json` prints, which
    /// is the strict result alone, and what `assoc layout` draws.
    Strict,
}

/// Analyses `files` as one program (several files are read as one
/// sequelize-cli models folder: each factory called, then every
/// `associate`). Never panics; problems become diagnostics.
pub fn analyse(files: &[SourceFile]) -> Analysis {
    analyse_with(files, Options::default())
}

/// [`analyse`], run as `options` ask.
pub fn analyse_with(files: &[SourceFile], options: Options) -> Analysis {
    #[cfg(not(target_arch = "wasm32"))]
    return analyse_on_worker(files, options, |analysis, send| send(analysis))
        .next()
        .unwrap_or_default();
    // The page: no thread to hand work to, and the first load is kept
    // free of what the command line's hand-over needs.
    #[cfg(target_arch = "wasm32")]
    {
        let mut result = None;
        analyse_then(files, options, |analysis| result = Some(analysis));
        result.unwrap_or_default()
    }
}

/// Analyses `files`, then runs `work` on the result, on the analysis's
/// own thread where there are threads: what `work` sends (by the function
/// it is given) reaches the caller as it is sent, so the caller can work
/// on one part of a result while `work` goes on with another on a core
/// that is already running (the command line's JSON: a thread started
/// for it at that moment often waits for a core).
///
/// The parser and the evaluator recurse; their depth is bounded (see
/// `parse::MAX_NESTING`, `interpret`), and on the host they get a stack
/// that those bounds fit in whatever thread calls this. In the browser
/// the page links with a large stack instead. On the host the analysis
/// thread frees the syntax trees and the interpreter's state only after
/// `work`, so the caller does not wait for that; a process that exits
/// once it has printed (`Options::leak_working_state`) leaves them, and
/// the thread, to the operating system.
pub fn analyse_on_worker<T: Send + 'static>(
    files: &[SourceFile],
    options: Options,
    work: impl Fn(Analysis, &mut dyn FnMut(T)) + Send + Sync + 'static,
) -> impl Iterator<Item = T> {
    let work = std::sync::Arc::new(work);
    #[cfg(not(target_arch = "wasm32"))]
    {
        let (sender, receiver) = std::sync::mpsc::channel();
        let owned = files.to_vec();
        let on_worker = std::sync::Arc::clone(&work);
        let spawned = std::thread::Builder::new()
            .name("analyse".into())
            .stack_size(ANALYSIS_STACK_BYTES)
            .spawn(move || {
                analyse_then(&owned, options, |analysis| {
                    on_worker(analysis, &mut |part| {
                        let _ = sender.send(part);
                    });
                });
                // A process about to exit leaves this thread asleep: its
                // end would free its thread-locals (the caches, the
                // objects made) on a core the caller's work wants.
                if options.leak_working_state {
                    loop {
                        std::thread::park();
                    }
                }
            });
        // Should the worker fail (it cannot start, or it panics before it
        // sends anything), the analysis runs here instead, where a panic
        // surfaces to the caller.
        if spawned.is_ok() {
            let mut parts = receiver.into_iter().peekable();
            if parts.peek().is_some() {
                return Box::new(parts) as Box<dyn Iterator<Item = T>>;
            }
        }
    }
    let mut parts = Vec::new();
    analyse_then(files, options, |analysis| {
        work(analysis, &mut |part| parts.push(part));
    });
    #[cfg(not(target_arch = "wasm32"))]
    return Box::new(parts.into_iter()) as Box<dyn Iterator<Item = T>>;
    #[cfg(target_arch = "wasm32")]
    parts.into_iter()
}

#[cfg(not(target_arch = "wasm32"))]
const ANALYSIS_STACK_BYTES: usize = 256 * 1024 * 1024;

/// Programs from this size on have their words inflected ahead.
#[cfg(not(target_arch = "wasm32"))]
const INFLECT_AHEAD_BYTES: usize = 32 * 1024;

/// Analyses `files` and gives the result to `deliver` before anything it
/// was built from is freed.
fn analyse_then(files: &[SourceFile], options: Options, deliver: impl FnOnce(Analysis)) {
    let arenas = parse::Arenas::for_files(files);
    let parsed = parse::parse(&arenas, files, || {
        // On the host, once the nesting scan (which takes the other core
        // too) is done, a large program's words are inflected ahead on
        // another thread (`inflection::ahead`); a small one's are too few
        // to pay for a thread.
        #[cfg(not(target_arch = "wasm32"))]
        if files.iter().map(|f| f.text.len()).sum::<usize>() >= INFLECT_AHEAD_BYTES {
            if let Some(ahead) =
                inflection::ahead::start(files.iter().map(|f| f.text.clone()).collect())
            {
                inflection::ahead::install(ahead);
            }
        }
    });
    let programs: Vec<&oxc_ast::ast::Program<'_>> = parsed.programs.iter().collect();
    let mut interpreted = interpret::interpret(files, &programs, options.scope);
    let mut diagnostics = parsed.diagnostics;
    if options.scope == Scope::Everything {
        diagnostics.extend(lint::lint(&interpreted.runtime, files));
        #[cfg(feature = "ddl")]
        diagnostics.extend(key_types::key_types(&interpreted.runtime));
        diagnostics.extend(never_run::never_run(&programs, &interpreted.executed));
    }
    #[cfg(feature = "ddl")]
    let association_calls = std::mem::take(&mut interpreted.calls);
    interpreted.runtime.generic_types = options.generic_types;
    let (schema, runtime_diagnostics, strict_error) = interpreted.runtime.finish();
    diagnostics.extend(runtime_diagnostics);
    // A syntax error makes the whole file fail in Node before anything runs.
    let strict_error = parsed_error(&diagnostics).or(strict_error);
    diagnostics::sort(&mut diagnostics);
    let diagnostics = cap_per_kind(diagnostics);
    deliver(Analysis {
        schema,
        strict_error,
        diagnostics,
        #[cfg(feature = "ddl")]
        association_calls,
    });
    if options.leak_working_state {
        std::mem::forget(interpreted);
        std::mem::forget(parsed.programs);
        std::mem::forget(arenas);
        return;
    }
    // The schema holds no values: the objects the program made, cycles
    // among them included, can all go, once the caller has its result.
    value::break_cycles();
}

/// At most this many diagnostics of one kind are kept: past that, a list
/// helps nobody, and a pathological paste must not flood the page.
pub const MAX_DIAGNOSTICS_PER_KIND: usize = 200;

fn cap_per_kind(diagnostics: Vec<Diagnostic>) -> Vec<Diagnostic> {
    let mut counts: fast_hash::IndexMap<DiagnosticKind, usize> = fast_hash::IndexMap::default();
    let mut kept = Vec::with_capacity(diagnostics.len().min(4 * MAX_DIAGNOSTICS_PER_KIND));
    let mut last_kept: fast_hash::HashMap<DiagnosticKind, Span> = fast_hash::HashMap::default();
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
    diagnostics::sort(&mut kept);
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
            let mut result = None;
            analyse_then(
                &[SourceFile::new("input.js", code)],
                Options::default(),
                |a| result = Some(a),
            );
            let analysis = result.expect("an analysis is delivered");
            assert!(analysis.strict_error.is_none(), "{code}: {analysis:?}");
            assert_eq!(value::live_objects(), before, "{code}");
        }
    }
}
