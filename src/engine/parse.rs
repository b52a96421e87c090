//! Parsing with oxc: source text to syntax trees plus syntax errors, for
//! every file. Parsing never fails: a file that cannot be parsed yields an
//! empty program and diagnostics at the right lines.
//!
//! Inputs are bounded before the parser sees them (size, nesting), so no
//! input can exhaust the stack.

use oxc_allocator::Allocator;
use oxc_ast::ast::Program;
use oxc_parser::{Parser, ParserReturn};
use oxc_span::SourceType;

mod nesting;

use super::diagnostics::{Diagnostic, DiagnosticKind};
use super::source::{SourceFile, Span};

/// Inputs larger than this are refused with a diagnostic.
pub const MAX_FILE_BYTES: usize = 5 * 1024 * 1024;
/// Deeper nesting than this (brackets, operators, statements: see
/// [`nesting`]) is refused: no model file comes close.
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
/// JavaScript fails, keeping whichever has fewer errors. `checked` is
/// called once every file's size and nesting have been checked, before
/// the parser runs.
pub fn parse<'a>(
    arenas: &'a Arenas,
    files: &'a [SourceFile],
    checked: impl FnOnce(),
) -> Parsed<'a> {
    let mut programs = Vec::new();
    let mut diagnostics = Vec::new();
    let refusals: Vec<Option<Diagnostic>> = files
        .iter()
        .enumerate()
        .map(|(i, file)| refuse(file, u32::try_from(i).unwrap_or(u32::MAX)))
        .collect();
    checked();
    for (i, ((file, (js_arena, ts_arena)), refusal)) in
        files.iter().zip(&arenas.arenas).zip(refusals).enumerate()
    {
        let file_id = u32::try_from(i).unwrap_or(u32::MAX);
        let text: &'a str = if let Some(d) = refusal {
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
        let Some(ret) = parse_contained(js_arena, text, first) else {
            diagnostics.push(parser_failed(file_id));
            programs.push(
                Parser::new(ts_arena, "", SourceType::unambiguous())
                    .parse()
                    .program,
            );
            continue;
        };
        let (program, errors) = if ret.diagnostics.is_empty() || is_ts {
            (ret.program, ret.diagnostics)
        } else {
            match parse_contained(ts_arena, text, SourceType::ts().with_unambiguous(true)) {
                Some(ts) if ts.diagnostics.len() < ret.diagnostics.len() && !ts.panicked => {
                    (ts.program, ts.diagnostics)
                }
                _ => (ret.program, ret.diagnostics),
            }
        };
        for e in errors.iter() {
            let (start, end) = e
                .labels
                .first()
                .map_or((0, 0), |l| (l.offset(), l.offset().saturating_add(l.len())));
            let (start, end) = whole_chars(text, start as usize, end as usize);
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

/// Runs oxc, containing a panic inside it where panics unwind (on the
/// host): oxc 0.146's error recovery trips one of its debug assertions on
/// `//#__PURE__` before a statement that fails to parse (found by the
/// fuzzer), and the engine must not panic in any build. None when oxc
/// panicked.
fn parse_contained<'a>(
    arena: &'a Allocator,
    text: &'a str,
    source_type: SourceType,
) -> Option<ParserReturn<'a>> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        Parser::new(arena, text, source_type).parse()
    }))
    .ok()
}

fn parser_failed(file_id: u32) -> Diagnostic {
    Diagnostic::error(
        DiagnosticKind::SyntaxError,
        Span::new(file_id, 0, 0),
        "The parser (oxc) failed on this file with an internal error; nothing in it is analysed",
    )
    .with_help("This is a bug in the parser, seen so far only in debug builds; the other files are analysed.")
}

/// A byte range of oxc's, widened to whole characters and kept inside
/// `text`: some of its error labels (an unterminated template that ends in
/// a multi-byte character) start inside a character.
fn whole_chars(text: &str, start: usize, end: usize) -> (u32, u32) {
    let mut start = start.min(text.len());
    let mut end = end.clamp(start, text.len());
    while !text.is_char_boundary(start) {
        start -= 1;
    }
    while !text.is_char_boundary(end) {
        end += 1;
    }
    let at = |o: usize| u32::try_from(o).unwrap_or(u32::MAX);
    (at(start), at(end))
}

/// Why a file is not parsed at all, if it is not.
fn refuse(file: &SourceFile, file_id: u32) -> Option<Diagnostic> {
    if file.text.len() > MAX_FILE_BYTES {
        // Tenths of a MB, rounded, in integers: the page prints no floats.
        let tenths = (file.text.len() * 10 + 524_288) / 1_048_576;
        return Some(
            Diagnostic::error(
                DiagnosticKind::TooLarge,
                Span::new(file_id, 0, 0),
                format!(
                    "This input is {}.{} MB; the engine analyses up to {} MB",
                    tenths / 10,
                    tenths % 10,
                    MAX_FILE_BYTES / 1_048_576
                ),
            )
            .with_help("Paste the model definitions and association calls only."),
        );
    }
    if let Some(offset) = too_deep(&file.text) {
        // The token where the nesting passes the bound: its first character.
        let end = file.text[offset..]
            .chars()
            .next()
            .map_or(offset, |c| offset + c.len_utf8());
        let at = |o: usize| u32::try_from(o).unwrap_or(u32::MAX);
        return Some(
            Diagnostic::error(
                DiagnosticKind::TooLarge,
                Span::new(file_id, at(offset), at(end)),
                format!("Code nests more than {MAX_NESTING} levels deep here; the engine does not analyse code this deeply nested"),
            )
            .with_help("Model files nest a handful of levels; check for unbalanced brackets."),
        );
    }
    None
}

/// Texts at least this long are scanned for their nesting in two halves
/// at once, where there are threads: a thread costs far less than half
/// the scan.
#[cfg(not(target_arch = "wasm32"))]
const SPLIT_SCAN_BYTES: usize = 64 * 1024;

/// [`nesting::too_deep`] with the bound, in two halves on two threads for
/// a long text that has a statement boundary (a `;` ending a line at the
/// top level) past its middle: the same answer as one scan (see
/// [`nesting::too_deep_head`]), and where the first half does not end at
/// the top level after all, the whole text is scanned again.
fn too_deep(text: &str) -> Option<usize> {
    #[cfg(not(target_arch = "wasm32"))]
    if text.len() >= SPLIT_SCAN_BYTES {
        let middle = text.len() / 2;
        if let Some(cut) = text.as_bytes()[middle..]
            .windows(2)
            .position(|w| w == b";\n")
            .map(|at| middle + at + 2)
        {
            let (head, tail) = text.split_at(cut);
            let (head_result, tail_result) = std::thread::scope(|scope| {
                let tail_scan = std::thread::Builder::new()
                    .spawn_scoped(scope, || nesting::too_deep(tail, MAX_NESTING));
                let head_result = nesting::too_deep_head(head, MAX_NESTING);
                (head_result, tail_scan.ok().map(|t| t.join()))
            });
            match (head_result, tail_result) {
                ((Some(offset), _), _) => return Some(offset),
                ((None, true), Some(Ok(found))) => return found.map(|offset| cut + offset),
                // Not at the top level, or no thread: scan it all.
                _ => {}
            }
        }
    }
    nesting::too_deep(text, MAX_NESTING)
}

#[cfg(test)]
mod tests {
    use super::{nesting, too_deep, MAX_NESTING};

    #[test]
    fn the_nesting_scan_in_two_halves_answers_as_one_scan() {
        let filler = "a;\n".repeat(20_000);
        let deep = |n: usize| format!("x = {}1{};\n", "(".repeat(n), ")".repeat(n));
        let texts = [
            // Deep in the second half, in the first, nowhere.
            format!("{filler}{filler}{}", deep(300)),
            format!("{}{filler}{filler}", deep(300)),
            format!("{filler}{}{filler}", deep(150)),
            // A bracket open across the cut: 150 levels on each side.
            format!(
                "{filler}f({};\n{filler}{});\n",
                "[".repeat(150),
                "]".repeat(150)
            ),
            format!("{filler}f(\n{filler}{});\n", deep(150)),
            // A comment and a template across the cut, code-like inside.
            format!("{filler}/*\n{filler}{}*/\n", deep(300)),
            format!("{filler}/*\n{filler}*/{}", deep(300)),
            format!("{filler}x = `\n{filler}${{{}}}`;\n", deep(300)),
            format!("{filler}x = `\n{filler}`;\n{}", deep(300)),
            // An `if` whose statement comes after the cut.
            format!("{filler}if (a)\n{filler}{}", deep(199)),
        ];
        for text in &texts {
            assert_eq!(
                too_deep(text),
                nesting::too_deep(text, MAX_NESTING),
                "{}",
                &text[text.len() - 40..]
            );
        }
        assert!(too_deep(&texts[0]).is_some() && too_deep(&texts[2]).is_none());
    }
}
