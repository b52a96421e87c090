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
pub mod oracle_json;
pub mod schema;
pub mod source;

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
        self.diagnostics.iter().any(|d| d.severity == Severity::Error)
    }
}

/// Analyses `files` as one program (several files are read as one
/// sequelize-cli models folder: each factory called, then every
/// `associate`). Never panics; problems become diagnostics.
pub fn analyse(files: &[SourceFile]) -> Analysis {
    let _ = files;
    Analysis::default()
}
