//! Diagnostics: values with a severity, a kind, a byte span, a message and
//! help text. Rendering them (code frames, underlines) is the front ends' job.

use serde::Serialize;

use super::source::Span;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
    Info,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
        }
    }
}

/// What kind of problem a diagnostic reports. Front ends key lessons and
/// styling on it; tests assert on it rather than on message wording.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum DiagnosticKind {
    /// The parser rejected the code.
    SyntaxError,
    /// Real Sequelize throws here; the message is Sequelize's own.
    SequelizeThrows,
    /// Code the engine does not understand; it says so instead of guessing.
    Unsupported,
    /// The input is too large or too deeply nested to analyse.
    TooLarge,
    /// `hasOne`/`hasMany` and `belongsTo` between the same pair disagree, so
    /// the child gets two foreign keys where one was meant.
    TwoForeignKeys,
    /// Two `belongsToMany` over one junction that do not pair.
    UnpairedBelongsToMany,
    /// An option Sequelize reads nowhere in this position.
    IgnoredOption,
    /// An option name Sequelize does not know (often a misspelling).
    UnknownOption,
    /// An association whose inverse is not declared.
    MissingInverse,
    /// A default alias that silently replaced an earlier association.
    AliasReplaced,
    /// A setting an association asks for that an existing key column keeps
    /// from whoever created it first.
    FirstCreatorWins,
    /// A declared key without `allowNull` that Sequelize treats as NOT NULL
    /// when choosing ON DELETE.
    ImplicitNotNull,
    /// Both keys of a junction have one name: the junction has one column.
    JunctionKeysCollide,
    /// Both models hold a key to the other (belongsTo or hasOne both ways).
    KeysBothWays,
    /// ON DELETE SET NULL on a column that is part of the primary key.
    SetNullOnPrimaryKey,
    /// A sourceKey/targetKey that is neither primary key nor unique.
    NotUniqueKey,
    /// A foreign key whose type PostgreSQL cannot compare with the type of
    /// the column it references.
    KeyTypeMismatch,
    /// A key that the engine assumed to exist so that analysis could go on.
    AssumedAttribute,
    /// Code that is never run (a function nobody calls).
    NeverRun,
    /// A model redefined under the same name.
    ModelRedefined,
}

/// One problem or remark about the user's code.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Diagnostic {
    pub severity: Severity,
    pub kind: DiagnosticKind,
    pub span: Span,
    pub message: String,
    pub help: Option<String>,
}

/// The order diagnostics are reported in: by file, then position, then
/// severity (errors first), keeping the order they were found in
/// otherwise. Every list is sorted by this one function.
pub fn sort(list: &mut [Diagnostic]) {
    list.sort_by_key(|d| (d.span.file, d.span.start, d.severity));
}

impl Diagnostic {
    pub fn new(
        severity: Severity,
        kind: DiagnosticKind,
        span: Span,
        message: impl Into<String>,
    ) -> Self {
        Self {
            severity,
            kind,
            span,
            message: message.into(),
            help: None,
        }
    }

    pub fn error(kind: DiagnosticKind, span: Span, message: impl Into<String>) -> Self {
        Self::new(Severity::Error, kind, span, message)
    }

    pub fn warning(kind: DiagnosticKind, span: Span, message: impl Into<String>) -> Self {
        Self::new(Severity::Warning, kind, span, message)
    }

    pub fn info(kind: DiagnosticKind, span: Span, message: impl Into<String>) -> Self {
        Self::new(Severity::Info, kind, span, message)
    }

    #[must_use]
    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }
}
