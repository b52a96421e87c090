//! Parsing with oxc: source text to syntax trees plus syntax errors, for
//! every file. Parsing never fails: a file that cannot be parsed yields an
//! empty program and diagnostics at the right lines.
//!
//! Inputs are bounded before the parser sees them (size, bracket nesting),
//! so no input can exhaust the stack.

use oxc_allocator::Allocator;
use oxc_ast::ast::Program;
use oxc_parser::Parser;
use oxc_span::SourceType;

use super::diagnostics::{Diagnostic, DiagnosticKind};
use super::source::{SourceFile, Span};

/// Inputs larger than this are refused with a diagnostic.
pub const MAX_FILE_BYTES: usize = 5 * 1024 * 1024;
/// Deeper bracket nesting than this is refused: no model file comes close.
pub const MAX_NESTING: usize = 200;

/// Arenas for parsing: two per file (JavaScript first, then TypeScript).
pub struct Arenas {
    arenas: Vec<(Allocator, Allocator)>,
}

impl Arenas {
    pub fn for_files(files: &[SourceFile]) -> Self {
        Arenas {
            arenas: files
                .iter()
                .map(|_| (Allocator::default(), Allocator::default()))
                .collect(),
        }
    }
}

/// The parse stage's output.
pub struct Parsed<'a> {
    /// One program per file, in order (empty where a file was refused).
    pub programs: Vec<Program<'a>>,
    pub diagnostics: Vec<Diagnostic>,
}

/// Parses every file. A file named `.ts`/`.tsx` is TypeScript; any other is
/// tried as JavaScript (script or module), then as TypeScript when
/// JavaScript fails, keeping whichever has fewer errors.
pub fn parse<'a>(arenas: &'a Arenas, files: &'a [SourceFile]) -> Parsed<'a> {
    let mut programs = Vec::new();
    let mut diagnostics = Vec::new();
    for (i, (file, (js_arena, ts_arena))) in files.iter().zip(&arenas.arenas).enumerate() {
        let file_id = u32::try_from(i).unwrap_or(u32::MAX);
        let text: &'a str = if let Some(d) = refuse(file, file_id) {
            diagnostics.push(d);
            ""
        } else {
            file.text.as_str()
        };
        let is_ts = [".ts", ".tsx", ".mts", ".cts"]
            .iter()
            .any(|e| file.name.ends_with(e));
        let first = if is_ts {
            SourceType::ts()
        } else {
            SourceType::unambiguous()
        };
        let ret = Parser::new(js_arena, text, first).parse();
        let (program, errors) = if ret.diagnostics.is_empty() || is_ts {
            (ret.program, ret.diagnostics)
        } else {
            let ts = Parser::new(ts_arena, text, SourceType::ts().with_unambiguous(true)).parse();
            if ts.diagnostics.len() < ret.diagnostics.len() && !ts.panicked {
                (ts.program, ts.diagnostics)
            } else {
                (ret.program, ret.diagnostics)
            }
        };
        for e in errors.iter() {
            let (start, end) = e
                .labels
                .first()
                .map_or((0, 0), |l| (l.offset(), l.offset().saturating_add(l.len())));
            let mut d = Diagnostic::error(
                DiagnosticKind::SyntaxError,
                Span::new(file_id, start, end),
                e.message.to_string(),
            );
            if let Some(help) = &e.help {
                d = d.with_help(help.to_string());
            } else {
                d = d.with_help("The engine analyses the parts of the file it could parse.");
            }
            diagnostics.push(d);
        }
        programs.push(program);
    }
    Parsed {
        programs,
        diagnostics,
    }
}

/// Why a file is not parsed at all, if it is not.
fn refuse(file: &SourceFile, file_id: u32) -> Option<Diagnostic> {
    if file.text.len() > MAX_FILE_BYTES {
        return Some(
            Diagnostic::error(
                DiagnosticKind::TooLarge,
                Span::new(file_id, 0, 0),
                format!(
                    "This input is {:.1} MB; the engine analyses up to {} MB",
                    file.text.len() as f64 / 1_048_576.0,
                    MAX_FILE_BYTES / 1_048_576
                ),
            )
            .with_help("Paste the model definitions and association calls only."),
        );
    }
    if let Some(offset) = too_deep(&file.text) {
        let o = u32::try_from(offset).unwrap_or(u32::MAX);
        return Some(
            Diagnostic::error(
                DiagnosticKind::TooLarge,
                Span::new(file_id, o, o.saturating_add(1)),
                format!("Brackets nest more than {MAX_NESTING} deep here; the engine does not analyse code this deeply nested"),
            )
            .with_help("Model files nest a handful of levels; check for unbalanced brackets."),
        );
    }
    None
}

/// The offset where the parser's recursion would first pass
/// [`MAX_NESTING`]: brackets, plus the constructs it parses by recursing
/// without brackets (prefix operators, `?:`, `=`, `=>`, `typeof`, ...).
/// Strings and comments are skipped.
fn too_deep(text: &str) -> Option<usize> {
    let bytes = text.as_bytes();
    // The chain count in force at each open bracket: a `,` or `;` inside
    // the bracket goes back to it, and closing the bracket restores it.
    let mut stack: Vec<usize> = Vec::new();
    let mut chain = 0usize;
    // The last significant byte: decides whether `-` is unary and whether
    // a line break ends a statement.
    let mut last = b';';
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        let base = stack.last().copied().unwrap_or(0);
        match b {
            b'/' if bytes.get(i + 1) == Some(&b'/') => {
                while i < bytes.len() && bytes[i] != b'\n' {
                    i += 1;
                }
                continue;
            }
            b'/' if bytes.get(i + 1) == Some(&b'*') => {
                i += 2;
                while i + 1 < bytes.len() && !(bytes[i] == b'*' && bytes[i + 1] == b'/') {
                    i += 1;
                }
                i += 2;
                continue;
            }
            b'\'' | b'"' => {
                i += 1;
                while i < bytes.len() && bytes[i] != b && bytes[i] != b'\n' {
                    if bytes[i] == b'\\' {
                        i += 1;
                    }
                    i += 1;
                }
                last = b'a';
            }
            b'(' | b'[' | b'{' => {
                stack.push(chain);
                chain += 1;
                last = b;
            }
            b')' | b']' | b'}' => {
                chain = stack.pop().unwrap_or(0);
                last = b')';
            }
            b',' | b';' => {
                chain = base + usize::from(!stack.is_empty());
                last = b;
            }
            b'\n' => {
                // A line that ends with a complete operand ends a statement.
                if last.is_ascii_alphanumeric() || matches!(last, b')' | b'_' | b'$') {
                    chain = base + usize::from(!stack.is_empty());
                }
            }
            b'!' | b'~' | b'?' => {
                chain += 1;
                last = b;
            }
            b'=' => {
                let next = bytes.get(i + 1).copied().unwrap_or(b' ');
                if next == b'=' {
                    // `==`, `===`: a binary operator; skip the run.
                    while i + 1 < bytes.len() && bytes[i + 1] == b'=' {
                        i += 1;
                    }
                } else if !matches!(last, b'<' | b'>' | b'!') || next == b'>' {
                    chain += 1;
                }
                last = b'=';
            }
            b'-' | b'+' => {
                let unary = !(last.is_ascii_alphanumeric() || matches!(last, b')' | b'_' | b'$'));
                if unary {
                    chain += 1;
                }
                last = b;
            }
            b' ' | b'\t' | b'\r' => {}
            c if c.is_ascii_alphabetic() || c == b'_' || c == b'$' => {
                let start = i;
                while i < bytes.len()
                    && (bytes[i].is_ascii_alphanumeric() || bytes[i] == b'_' || bytes[i] == b'$')
                {
                    i += 1;
                }
                let word = &bytes[start..i];
                if matches!(
                    word,
                    b"typeof" | b"void" | b"await" | b"delete" | b"new" | b"yield"
                ) {
                    chain += 1;
                    last = b'+';
                } else {
                    last = b'a';
                }
                if chain > MAX_NESTING {
                    return Some(start);
                }
                continue;
            }
            _ => last = b,
        }
        if chain > MAX_NESTING {
            return Some(i);
        }
        i += 1;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deep_nesting_is_refused_not_parsed() {
        let deep = format!("x = {}1{};", "(".repeat(10_000), ")".repeat(10_000));
        assert!(too_deep(&deep).is_some());
        assert!(too_deep("A.hasMany(B, { foreignKey: { name: 'x' } });").is_none());
        assert!(too_deep("const s = '((((((((((((((((((((';").is_none());
        for deep in [
            "!".repeat(5000),
            "a ? b : ".repeat(5000),
            "a = ".repeat(5000),
            "a => ".repeat(5000),
            "typeof ".repeat(5000),
            "-".repeat(5000),
        ] {
            assert!(too_deep(&deep).is_some(), "{}", &deep[..10]);
        }
        // Long flat code is not nested: many statements, long arrays.
        let flat = "const a = b\n".repeat(5000) + &format!("x = [{}];", "-1, ".repeat(5000));
        assert!(too_deep(&flat).is_none());
    }
}
