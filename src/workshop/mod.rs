//! The workshop (issue #6): the user's association calls played one at a
//! time. A stage after the engine: its input is the code, its output the
//! [`Steps`] (the calls in the order they run), the [`Analysis`] of the
//! program after each step, what a step added ([`change::Change`]) and a
//! quiz on it ([`quiz`]). It knows nothing of the page that shows them
//! (`src/ui/workshop.rs`).
//!
//! Step `k` is the program with only the first `k` association calls: every
//! later call expression is blanked to `0` and spaces (newlines kept), so
//! the text keeps its byte offsets and lines, stays valid JavaScript, and
//! is analysed by the engine like any other program. So each step is the
//! exact state real Sequelize builds from a program a person could run
//! (the fixtures under `tests/fixtures/steps/` hold a few against the
//! oracle), and the last step is the whole program. A call is a call
//! site: one run in a loop or a helper function called twice is one step
//! for all its runs (they are one expression in the text), ordered by its
//! first run.
//!
//! Built with the `ddl` feature only (the engine then records the order of
//! the calls): the page's first load has no workshop.

pub mod change;
pub mod quiz;

use crate::engine::{analyse, Analysis, LineIndex, SourceFile, Span};

/// At most this many rounds of blanking for one step: a call that only
/// runs once others are gone (a `catch` reached no more) is blanked too.
const ROUNDS: usize = 4;
/// A call's text in the list is cut to this many characters.
const LABEL_CHARS: usize = 90;

/// One association call site, in the order of its first run.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Call {
    /// The call expression: `Employee.belongsTo(Organization)`.
    pub span: Span,
    /// Its text on one line (whitespace collapsed, cut when long).
    pub label: String,
    /// 1-based line of its start.
    pub line: u32,
    /// How many times it ran (more than one in a loop or a helper).
    pub runs: usize,
}

/// The program's association calls, as steps.
#[derive(Clone, Debug, Default)]
pub struct Steps {
    pub files: Vec<SourceFile>,
    /// The whole program's analysis: the last step.
    pub whole: Analysis,
    pub calls: Vec<Call>,
}

/// The steps of `files` (one program, as [`analyse`] reads it).
pub fn steps(files: &[SourceFile]) -> Steps {
    let whole = analyse(files);
    let mut calls: Vec<Call> = Vec::new();
    for &span in &whole.association_calls {
        if let Some(c) = calls.iter_mut().find(|c| c.span == span) {
            c.runs += 1;
            continue;
        }
        let Some(file) = files.get(span.file as usize) else {
            continue;
        };
        calls.push(Call {
            span,
            label: one_line(
                file.text
                    .get(span.start as usize..span.end as usize)
                    .unwrap_or(""),
            ),
            line: LineIndex::new(&file.text)
                .line_col(&file.text, span.start)
                .line,
            runs: 1,
        });
    }
    Steps {
        files: files.to_vec(),
        whole,
        calls,
    }
}

impl Steps {
    /// The number of calls: steps go from 0 (no call) to this (all).
    pub fn len(&self) -> usize {
        self.calls.len()
    }

    pub fn is_empty(&self) -> bool {
        self.calls.is_empty()
    }

    /// The program after `k` calls: the later ones blanked.
    pub fn program(&self, k: usize) -> Vec<SourceFile> {
        let later: Vec<Span> = self.calls.iter().skip(k).map(|c| c.span).collect();
        blank(&self.files, &later)
    }

    /// What Sequelize builds from the program after `k` calls (`k` past
    /// the end: the whole program).
    pub fn state(&self, k: usize) -> Analysis {
        if k >= self.calls.len() {
            return self.whole.clone();
        }
        let kept = &self.calls[..k];
        let mut later: Vec<Span> = self.calls[k..].iter().map(|c| c.span).collect();
        let mut analysis = Analysis::default();
        for _ in 0..ROUNDS {
            analysis = analyse(&blank(&self.files, &later));
            // Calls that ran only because others are gone: not this step's.
            let extra: Vec<Span> = analysis
                .association_calls
                .iter()
                .copied()
                .filter(|s| !kept.iter().any(|c| c.span == *s) && !later.contains(s))
                .collect();
            if extra.is_empty() {
                break;
            }
            later.extend(extra);
            later.sort_unstable();
            later.dedup();
        }
        analysis
    }
}

/// `files` with each span of `spans` replaced by `0` and spaces, newlines
/// kept: the same byte offsets and lines, and still a program (a call
/// expression stands where an expression does). A span inside another is
/// blanked with it; spans outside their file are left.
pub fn blank(files: &[SourceFile], spans: &[Span]) -> Vec<SourceFile> {
    files
        .iter()
        .enumerate()
        .map(|(i, f)| {
            let mut mine: Vec<(usize, usize)> = spans
                .iter()
                .filter(|s| s.file as usize == i)
                .map(|s| (s.start as usize, s.end as usize))
                .filter(|&(s, e)| {
                    s < e
                        && e <= f.text.len()
                        && f.text.is_char_boundary(s)
                        && f.text.is_char_boundary(e)
                })
                .collect();
            if mine.is_empty() {
                return f.clone();
            }
            mine.sort_unstable();
            let mut bytes = f.text.clone().into_bytes();
            let mut done = 0;
            for (s, e) in mine {
                if s < done {
                    continue;
                }
                bytes[s] = b'0';
                for b in &mut bytes[s + 1..e] {
                    if *b != b'\n' && *b != b'\r' {
                        *b = b' ';
                    }
                }
                done = e;
            }
            // Whole characters were replaced by ASCII: still UTF-8.
            let text = String::from_utf8(bytes)
                .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned());
            SourceFile::new(f.name.clone(), text)
        })
        .collect()
}

/// `text` on one line: whitespace runs as one space, cut when long.
fn one_line(text: &str) -> String {
    let mut s = String::new();
    for word in text.split_whitespace() {
        if !s.is_empty() {
            s.push(' ');
        }
        s.push_str(word);
    }
    if s.chars().count() > LABEL_CHARS {
        s = s.chars().take(LABEL_CHARS - 1).collect();
        s.push('\u{2026}');
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    fn code(text: &str) -> Vec<SourceFile> {
        vec![SourceFile::new("input.js", text)]
    }

    #[test]
    fn calls_are_listed_in_the_order_they_run() {
        let s = steps(&code(
            "const A = sequelize.define('A', {});\nconst B = sequelize.define('B', {});\nfunction later() {\n  B.belongsTo(A);\n}\nA.hasMany(B);\nlater();\n",
        ));
        let labels: Vec<&str> = s.calls.iter().map(|c| c.label.as_str()).collect();
        assert_eq!(labels, ["A.hasMany(B)", "B.belongsTo(A)"]);
        assert_eq!(s.calls.iter().map(|c| c.line).collect::<Vec<_>>(), [6, 4]);
    }

    #[test]
    fn a_call_in_a_loop_is_one_step_for_all_its_runs() {
        let s = steps(&code(
            "const O = sequelize.define('O', {});\nfor (const m of [sequelize.define('A', {}), sequelize.define('B', {})]) m.belongsTo(O);\n",
        ));
        assert_eq!(s.len(), 1);
        assert_eq!(s.calls[0].runs, 2);
        let before = s.state(0);
        assert!(before
            .schema
            .model("A")
            .expect("A")
            .attribute("OId")
            .is_none());
        let after = s.state(1);
        assert!(after
            .schema
            .model("B")
            .expect("B")
            .attribute("OId")
            .is_some());
    }

    #[test]
    fn blanking_keeps_offsets_lines_and_the_program_valid() {
        let text = "A.hasMany(B, {\n  as: 'é',\n}).foo;\nB.belongsTo(A);\n";
        let s = steps(&code(text));
        assert_eq!(s.len(), 2);
        let p = s.program(0);
        assert_eq!(p[0].text.len(), text.len());
        assert_eq!(p[0].text.lines().count(), text.lines().count());
        assert!(p[0].text.starts_with("0 "), "{}", p[0].text);
        let a = s.state(0);
        assert!(a.schema.associations.is_empty(), "{a:?}");
        assert!(a.strict_error.is_none(), "{:?}", a.strict_error);
    }

    #[test]
    fn the_first_step_is_before_any_call_and_the_last_is_the_whole_program() {
        let s = steps(&code(
            "const O = sequelize.define('O', {});\nconst E = sequelize.define('E', {});\nconst T = sequelize.define('T', {});\nO.hasMany(E);\nE.belongsTo(O);\nE.belongsToMany(T, { through: 'ET' });\nT.belongsToMany(E, { through: 'ET' });\n",
        ));
        assert_eq!(s.len(), 4);
        assert!(s.state(0).schema.associations.is_empty());
        assert_eq!(s.state(4), s.whole);
        // The state after all calls, computed by blanking nothing.
        let mut all = analyse(&s.program(4));
        all.association_calls.clear();
        let mut whole = s.whole.clone();
        whole.association_calls.clear();
        assert_eq!(all, whole);
    }

    #[test]
    fn a_call_that_throws_is_a_step_of_its_own() {
        let s = steps(&code(
            "const A = sequelize.define('A', {});\nconst B = sequelize.define('B', {});\nA.belongsTo(B, { as: 'x' });\nA.belongsTo(B, { as: 'x' });\n",
        ));
        assert_eq!(s.len(), 2);
        assert!(s.state(1).strict_error.is_none());
        assert!(s.state(2).strict_error.is_some());
    }

    #[test]
    fn a_call_reached_only_without_the_later_ones_is_blanked_too() {
        // Without the second call nothing throws, and the catch's call
        // would run: it is no part of the state after one call.
        let s = steps(&code(
            "const A = sequelize.define('A', {});\nconst B = sequelize.define('B', {});\ntry {\n  A.belongsTo(B, { as: 'x' });\n  A.belongsTo(B, { as: 'x' });\n} catch (e) {\n  A.hasMany(B);\n}\n",
        ));
        assert_eq!(s.len(), 3, "{:?}", s.calls);
        let one = s.state(1);
        assert_eq!(
            one.schema.associations.len(),
            1,
            "{:?}",
            one.schema.associations
        );
    }

    #[test]
    fn nothing_panics_on_odd_input() {
        for text in [
            "",
            "A.hasMany(",
            "(((",
            "A.hasMany(B)(C)",
            "x = A.hasMany(B) ? 1 : 2",
        ] {
            let s = steps(&code(text));
            for k in 0..=s.len() {
                let _ = s.state(k);
            }
        }
        // Spans outside the text are left alone.
        let f = code("abc");
        assert_eq!(blank(&f, &[Span::new(0, 1, 99), Span::new(3, 0, 1)]), f);
    }
}
