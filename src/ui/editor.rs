//! The code editor: a real `<textarea>` (so typing, selection, undo/redo,
//! paste and screen readers work as the browser makes them work) over a
//! highlighted copy of the lines in view, with line numbers, the
//! diagnostics underlined at their spans, and their messages on hover.
//!
//! Only the lines in view are highlighted, so a paste of 10,000 lines
//! costs what 50 lines cost. The textarea and the copy share one font,
//! line height and padding (style/main.css); the copy follows the
//! textarea's scroll.

use std::sync::Arc;

use leptos::html::Textarea;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use super::highlight::{self, Mark, Token};
use super::state::AppState;
use crate::engine::{js_text, Severity};

/// Pixel height of a line: `--line-height` in style/main.css.
const LINE_HEIGHT: f64 = 20.0;
/// Top and left padding of the text: `--pad` in style/main.css.
const PAD: f64 = 8.0;
/// Lines highlighted above and below the view, so that scrolling shows
/// colour at once.
const OVERSCAN: usize = 30;
/// Spaces Tab inserts.
const INDENT: &str = "  ";

/// The code editor. Its textarea is labelled "Sequelize code".
#[component]
pub fn Editor() -> impl IntoView {
    let state = expect_context::<AppState>();
    let textarea = NodeRef::<Textarea>::new();
    let scroll_top = RwSignal::new(0.0_f64);
    let scroll_left = RwSignal::new(0.0_f64);
    let view_height = RwSignal::new(800.0_f64);
    let char_width = RwSignal::new(7.8_f64);
    // Escape, then Tab, leaves the editor (Tab alone indents).
    let tab_leaves = StoredValue::new(false);
    let hover = RwSignal::new(None::<Hover>);

    let line_starts = Memo::new_with_compare(
        move |_| Arc::new(state.code.with(|c| highlight::line_starts(c))),
        |a, b| !matches!((a, b), (Some(a), Some(b)) if Arc::ptr_eq(a, b)),
    );
    let tokens = Memo::new_with_compare(
        move |_| Arc::new(state.code.with(|c| highlight::tokens(c))),
        |a, b| !matches!((a, b), (Some(a), Some(b)) if Arc::ptr_eq(a, b)),
    );
    // Diagnostics apply to the text they were computed from: while the
    // user types ahead of the analysis, their spans are kept only if they
    // still fall inside the text.
    let marks = Memo::new(move |_| {
        let analysed = state.analysed.get();
        let len = state.code.with(String::len);
        analysed
            .analysis
            .diagnostics
            .iter()
            .filter(|d| (d.span.end as usize) <= len)
            .map(|d| Mark {
                start: d.span.start as usize,
                end: d.span.end as usize,
                severity: d.severity,
            })
            .collect::<Vec<_>>()
    });
    let visible = Memo::new(move |_| {
        let lines = line_starts.with(|s| s.len());
        let first = (scroll_top.get() / LINE_HEIGHT) as usize;
        let shown = (view_height.get() / LINE_HEIGHT) as usize + 1;
        let from = first.saturating_sub(OVERSCAN).min(lines);
        let to = (first + shown + OVERSCAN).min(lines);
        from..to
    });
    let html = move || {
        let range = visible.get();
        let starts = line_starts.get();
        let tokens: Arc<Vec<Token>> = tokens.get();
        marks.with(|marks| {
            state
                .code
                .with(|code| highlight::lines_html(code, &starts, range, &tokens, marks))
        })
    };
    let gutter = move || {
        let range = visible.get();
        let mut out = String::with_capacity(range.len() * 6);
        let errors = marks.with(|marks| error_lines(&line_starts.get(), marks));
        for line in range {
            let n = line + 1;
            match errors.binary_search_by_key(&line, |&(l, _)| l) {
                Ok(i) => {
                    out.push_str("<span class=\"gutter-mark gutter-");
                    out.push_str(errors[i].1.as_str());
                    out.push_str("\">");
                    out.push_str(&n.to_string());
                    out.push_str("</span>\n");
                }
                Err(_) => {
                    out.push_str(&n.to_string());
                    out.push('\n');
                }
            }
        }
        out
    };
    let offset_y = move || {
        let first = visible.get().start as f64;
        format!(
            "transform: translate({}px, {}px)",
            css(-scroll_left.get()),
            css(first * LINE_HEIGHT - scroll_top.get())
        )
    };
    let gutter_y = move || {
        let first = visible.get().start as f64;
        format!(
            "transform: translateY({}px)",
            css(first * LINE_HEIGHT - scroll_top.get())
        )
    };

    let measure = move || {
        if let Some(t) = textarea.get_untracked() {
            view_height.set(f64::from(t.client_height()));
        }
    };
    // Once mounted: the real character width and view height.
    Effect::new(move |_| {
        if textarea.get().is_some() {
            char_width.set(measure_char_width().unwrap_or(7.8));
            measure();
        }
    });
    let resize = window_event_listener(leptos::ev::resize, move |_| measure());
    on_cleanup(move || resize.remove());

    // The text is put in the textarea when it mounts and when it is
    // replaced from outside (an example); typing changes it the other way.
    // Replacing goes through the browser's editing commands where it can,
    // so that undo brings the previous text back.
    Effect::new(move |filled: Option<bool>| {
        state.replaced.track();
        let Some(t) = textarea.get() else {
            return false;
        };
        let code = state.code.get_untracked();
        if filled != Some(true) {
            t.set_value(&code);
        } else if t.value() != code {
            // The workshop's overlay (a lesson loaded from it) keeps focus.
            let overlay = document()
                .active_element()
                .filter(|e| e.closest(".tools-overlay").ok().flatten().is_some());
            let _ = t.focus();
            t.select();
            insert_text(&t, &code);
            let _ = t.set_selection_range(0, 0);
            t.set_scroll_top(0);
            scroll_top.set(0.0);
            if let Some(e) = overlay.and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok()) {
                let _ = e.focus();
            }
        }
        true
    });

    // Jump requests: caret to the line's start, the line in view.
    Effect::new(move |_| {
        let Some(jump) = state.jump.get() else {
            return;
        };
        let Some(t) = textarea.get_untracked() else {
            return;
        };
        let starts = line_starts.get_untracked();
        let line = (jump.line.max(1) as usize - 1).min(starts.len().saturating_sub(1));
        let byte = starts.get(line).copied().unwrap_or(0);
        let at = state.code.with_untracked(|c| utf16_offset(c, byte));
        let _ = t.focus();
        let _ = t.set_selection_range(at, at);
        let top = (line as f64 * LINE_HEIGHT - f64::from(t.client_height()) / 3.0).max(0.0);
        t.set_scroll_top(top as i32);
        scroll_top.set(f64::from(t.scroll_top()));
    });

    let on_input = move |ev: leptos::ev::Event| {
        state.code.set(event_target_value(&ev));
    };
    let on_scroll = move |_| {
        if let Some(t) = textarea.get_untracked() {
            scroll_top.set(f64::from(t.scroll_top()));
            scroll_left.set(f64::from(t.scroll_left()));
        }
    };
    let on_keydown = move |ev: leptos::ev::KeyboardEvent| {
        if ev.key() == "Escape" {
            tab_leaves.set_value(true);
            return;
        }
        if ev.key() != "Tab" || ev.ctrl_key() || ev.alt_key() || ev.meta_key() {
            tab_leaves.set_value(false);
            return;
        }
        if tab_leaves.get_value() {
            // Let the browser move focus on.
            tab_leaves.set_value(false);
            return;
        }
        ev.prevent_default();
        if let Some(t) = textarea.get_untracked() {
            if ev.shift_key() {
                outdent(&t);
            } else {
                insert_text(&t, INDENT);
            }
            state.code.set(t.value());
        }
    };
    let on_mousemove = move |ev: leptos::ev::MouseEvent| {
        let Some(t) = textarea.get_untracked() else {
            return;
        };
        let rect = t.get_bounding_client_rect();
        let x = f64::from(ev.client_x()) - rect.left() + scroll_left.get_untracked() - PAD;
        let y = f64::from(ev.client_y()) - rect.top() + scroll_top.get_untracked() - PAD;
        let found = if x < 0.0 || y < 0.0 {
            None
        } else {
            let line = (y / LINE_HEIGHT) as usize;
            let column = (x / char_width.get_untracked()) as usize;
            let starts = line_starts.get_untracked();
            state.code.with_untracked(|code| {
                offset_at(code, &starts, line, column).and_then(|offset| {
                    let analysed = state.analysed.get_untracked();
                    analysed
                        .analysis
                        .diagnostics
                        .iter()
                        .filter(|d| {
                            let (s, e) = (d.span.start as usize, d.span.end as usize);
                            s <= offset && (offset < e || (s == e && offset == s))
                        })
                        .min_by_key(|d| d.severity)
                        .map(|d| Hover {
                            severity: d.severity,
                            message: d.message.clone(),
                            x: f64::from(ev.client_x()) - rect.left(),
                            y: (line + 1) as f64 * LINE_HEIGHT + PAD - scroll_top.get_untracked(),
                        })
                })
            })
        };
        if hover.get_untracked() != found {
            hover.set(found);
        }
    };

    view! {
        <div class="editor">
            <div class="gutter" aria-hidden="true">
                <pre class="gutter-lines" style=gutter_y inner_html=gutter></pre>
            </div>
            <div class="code-area">
                <pre class="code-view" aria-hidden="true" style=offset_y inner_html=html></pre>
                <textarea
                    class="code-input"
                    node_ref=textarea
                    aria-label="Sequelize code"
                    aria-describedby="editor-help"
                    spellcheck="false"
                    autocomplete="off"
                    autocapitalize="off"
                    wrap="off"
                    on:input=on_input
                    on:scroll=on_scroll
                    on:keydown=on_keydown
                    on:mousemove=on_mousemove
                    on:mouseleave=move |_| hover.set(None)
                ></textarea>
                {move || {
                    hover
                        .get()
                        .map(|h| {
                            view! {
                                <div
                                    class=format!("hover-card hover-{}", h.severity.as_str())
                                    role="tooltip"
                                    style=format!("left: {}px; top: {}px", css(h.x.max(8.0)), css(h.y))
                                >
                                    {h.message}
                                </div>
                            }
                        })
                }}
            </div>
        </div>
    }
}

/// A diagnostic under the mouse.
#[derive(Clone, Debug, PartialEq)]
struct Hover {
    severity: Severity,
    message: String,
    x: f64,
    y: f64,
}

/// The lines (0-based, sorted) where a diagnostic starts, with the most
/// severe one there.
fn error_lines(starts: &[usize], marks: &[Mark]) -> Vec<(usize, Severity)> {
    // One slot per line rather than a sort: the page carries fewer sorts.
    let mut worst: Vec<Option<Severity>> = vec![None; starts.len().max(1)];
    for m in marks {
        let line = starts.partition_point(|&s| s <= m.start).saturating_sub(1);
        if let Some(slot) = worst.get_mut(line) {
            *slot = Some(slot.map_or(m.severity, |s| s.min(m.severity)));
        }
    }
    worst
        .into_iter()
        .enumerate()
        .filter_map(|(line, s)| Some((line, s?)))
        .collect()
}

/// The byte offset of `column` (in characters, tabs to the next multiple
/// of 4 as the CSS `tab-size`) on `line`, if the line reaches that far.
fn offset_at(code: &str, starts: &[usize], line: usize, column: usize) -> Option<usize> {
    let start = *starts.get(line)?;
    let end = starts.get(line + 1).map_or(code.len(), |e| e - 1);
    let mut col = 0;
    for (i, c) in code.get(start..end)?.char_indices() {
        let width = if c == '\t' { 4 - col % 4 } else { 1 };
        if column < col + width {
            return Some(start + i);
        }
        col += width;
    }
    None
}

/// The textarea's (UTF-16) offset of byte `byte` of `code`.
fn utf16_offset(code: &str, byte: usize) -> u32 {
    let byte = byte.min(code.len());
    let mut at = byte;
    while !code.is_char_boundary(at) {
        at -= 1;
    }
    u32::try_from(code[..at].encode_utf16().count()).unwrap_or(u32::MAX)
}

/// Inserts `text` at the selection as typing would, so that undo takes it
/// back; where the browser cannot, edits the value directly.
fn insert_text(t: &web_sys::HtmlTextAreaElement, text: &str) {
    let done = document()
        .dyn_into::<web_sys::HtmlDocument>()
        .ok()
        .and_then(|d| {
            d.exec_command_with_show_ui_and_value("insertText", false, text)
                .ok()
        })
        .unwrap_or(false);
    if !done {
        let (Ok(Some(start)), Ok(Some(end))) = (t.selection_start(), t.selection_end()) else {
            return;
        };
        let _ = t.set_range_text_with_start_and_end(text, start, end);
        let caret = start + text.encode_utf16().count() as u32;
        let _ = t.set_selection_range(caret, caret);
    }
}

/// Removes up to one indent from the start of the caret's line.
fn outdent(t: &web_sys::HtmlTextAreaElement) {
    let value = t.value();
    let Ok(Some(caret)) = t.selection_start() else {
        return;
    };
    let units: Vec<u16> = value.encode_utf16().collect();
    let caret = (caret as usize).min(units.len());
    let line_start = units[..caret]
        .iter()
        .rposition(|&u| u == u16::from(b'\n'))
        .map_or(0, |p| p + 1);
    let spaces = units[line_start..]
        .iter()
        .take(INDENT.len())
        .take_while(|&&u| u == u16::from(b' '))
        .count();
    if spaces == 0 {
        return;
    }
    let _ = t.set_selection_range(line_start as u32, (line_start + spaces) as u32);
    insert_text(t, "");
    let back = caret.saturating_sub(spaces).max(line_start) as u32;
    let _ = t.set_selection_range(back, back);
}

/// The width of one character of the editor's font, from a hidden probe.
fn measure_char_width() -> Option<f64> {
    let doc = document();
    let probe = doc.create_element("span").ok()?;
    probe.set_class_name("char-probe");
    probe.set_text_content(Some(&"x".repeat(100)));
    let parent = doc.query_selector(".code-area").ok()??;
    parent.append_child(&probe).ok()?;
    let width = probe.get_bounding_client_rect().width() / 100.0;
    parent.remove_child(&probe).ok()?;
    (width > 0.0).then_some(width)
}

/// A length for a style attribute, printed as JavaScript prints numbers
/// (the page carries no float printing of its own).
fn css(px: f64) -> String {
    js_text::number(px)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_map_to_offsets_with_tabs_and_wide_characters() {
        let code = "ab\n\tc\né!";
        let starts = highlight::line_starts(code);
        assert_eq!(offset_at(code, &starts, 0, 1), Some(1));
        assert_eq!(offset_at(code, &starts, 0, 2), None);
        assert_eq!(offset_at(code, &starts, 1, 3), Some(3));
        assert_eq!(offset_at(code, &starts, 1, 4), Some(4));
        assert_eq!(offset_at(code, &starts, 2, 1), Some(8));
        assert_eq!(offset_at(code, &starts, 9, 0), None);
    }

    #[test]
    fn utf16_offsets() {
        assert_eq!(utf16_offset("a😀b", 5), 3);
        assert_eq!(utf16_offset("a😀b", 2), 1);
        assert_eq!(utf16_offset("ab", 99), 2);
    }

    #[test]
    fn lines_with_diagnostics() {
        let starts = highlight::line_starts("a\nb\nc");
        let marks = [
            Mark {
                start: 2,
                end: 3,
                severity: Severity::Warning,
            },
            Mark {
                start: 2,
                end: 2,
                severity: Severity::Error,
            },
            Mark {
                start: 4,
                end: 5,
                severity: Severity::Info,
            },
        ];
        assert_eq!(
            error_lines(&starts, &marks),
            vec![(1, Severity::Error), (2, Severity::Info)]
        );
    }
}
