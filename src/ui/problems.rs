//! The problems list: every diagnostic, in source order, with its line;
//! choosing one shows that line in the editor.

use leptos::prelude::*;

use super::state::AppState;
use crate::engine::{LineIndex, Severity};

/// One diagnostic as the list shows it.
#[derive(Clone, Debug, PartialEq)]
struct Problem {
    severity: Severity,
    line: u32,
    column: u32,
    message: String,
    help: Option<String>,
}

#[component]
pub fn Problems() -> impl IntoView {
    let state = expect_context::<AppState>();
    let problems = Memo::new(move |_| {
        state.analysed.with(|a| {
            let index = LineIndex::new(&a.code);
            a.analysis
                .diagnostics
                .iter()
                .map(|d| {
                    let at = index.line_col(&a.code, d.span.start);
                    Problem {
                        severity: d.severity,
                        line: at.line,
                        column: at.column,
                        message: d.message.clone(),
                        help: d.help.clone(),
                    }
                })
                .collect::<Vec<_>>()
        })
    });
    let count = move |s: Severity| problems.with(|p| p.iter().filter(|p| p.severity == s).count());
    let summary = move || {
        let (e, w, i) = (
            count(Severity::Error),
            count(Severity::Warning),
            count(Severity::Info),
        );
        if e + w + i == 0 {
            "No problems".to_string()
        } else {
            format!(
                "{e} error{}, {w} warning{}, {i} note{}",
                plural(e),
                plural(w),
                plural(i)
            )
        }
    };
    view! {
        <section class="problems" aria-labelledby="problems-title">
            <h2 id="problems-title">
                "Problems " <span class="problem-count" aria-live="polite">{summary}</span>
            </h2>
            <ul class="problem-list">
                {move || {
                    problems
                        .get()
                        .into_iter()
                        .map(|p| {
                            let line = p.line;
                            view! {
                                <li
                                    class=format!("problem problem-{}", p.severity.as_str())
                                    data-diagnostic=p.severity.as_str()
                                    data-line=p.line.to_string()
                                >
                                    <button class="problem-button" on:click=move |_| state.go_to_line(line)>
                                        <span class="severity">{p.severity.as_str()}</span>
                                        <span class="where">{format!("{}:{}", p.line, p.column)}</span>
                                        <span class="message">{p.message.clone()}</span>
                                    </button>
                                    {p.help.clone().map(|h| view! { <p class="help">{h}</p> })}
                                </li>
                            }
                        })
                        .collect_view()
                }}
            </ul>
        </section>
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}
