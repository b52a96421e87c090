//! Syntax highlighting for the editor: a light JavaScript tokenizer that
//! classifies byte ranges, and the HTML of a range of lines with those
//! classes and the diagnostics' underlines.
//!
//! Plain Rust, tested on the host. It knows nothing of the page: the editor
//! asks for the lines in view and puts the HTML behind its textarea. The
//! tokenizer does not need to be a parser (oxc is, in the engine): a wrong
//! guess only colours a few characters differently, and the text itself is
//! always shown exactly as typed.

use crate::engine::Severity;

/// What a highlighted range is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Class {
    Keyword,
    String,
    Number,
    Comment,
    /// `sequelize`, `DataTypes`, `Sequelize`, `Model`, `models`, `db`.
    Library,
    /// An association method: `hasOne`, `belongsTo`, `hasMany`,
    /// `belongsToMany`.
    Association,
    /// A name followed by `(`: a call.
    Call,
    /// A capitalised name: by convention a model or class.
    Type,
}

impl Class {
    /// The CSS class of the range.
    pub fn css(self) -> &'static str {
        match self {
            Class::Keyword => "tok-kw",
            Class::String => "tok-str",
            Class::Number => "tok-num",
            Class::Comment => "tok-com",
            Class::Library => "tok-lib",
            Class::Association => "tok-assoc",
            Class::Call => "tok-call",
            Class::Type => "tok-type",
        }
    }
}

/// A classified byte range of the text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Token {
    pub start: usize,
    pub end: usize,
    pub class: Class,
}

const KEYWORDS: &[&str] = &[
    "async",
    "await",
    "break",
    "case",
    "catch",
    "class",
    "const",
    "continue",
    "default",
    "delete",
    "do",
    "else",
    "export",
    "extends",
    "false",
    "finally",
    "for",
    "from",
    "function",
    "if",
    "import",
    "in",
    "instanceof",
    "let",
    "new",
    "null",
    "of",
    "return",
    "static",
    "super",
    "switch",
    "this",
    "throw",
    "true",
    "try",
    "typeof",
    "undefined",
    "var",
    "void",
    "while",
    "yield",
];

const LIBRARY: &[&str] = &[
    "sequelize",
    "Sequelize",
    "DataTypes",
    "Model",
    "models",
    "db",
];

const ASSOCIATIONS: &[&str] = &["hasOne", "belongsTo", "hasMany", "belongsToMany"];

/// The classified ranges of `text`, in order, not overlapping. Linear in
/// the length of the text.
pub fn tokens(text: &str) -> Vec<Token> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    // Whether a `/` here would start a regular expression (after an
    // operator) rather than divide (after an operand).
    let mut regex_allowed = true;
    while i < bytes.len() {
        let b = bytes[i];
        let start = i;
        let class = match b {
            b'/' if bytes.get(i + 1) == Some(&b'/') => {
                i = line_end(bytes, i);
                Some(Class::Comment)
            }
            b'/' if bytes.get(i + 1) == Some(&b'*') => {
                i = find(bytes, i + 2, b"*/").map_or(bytes.len(), |e| e + 2);
                Some(Class::Comment)
            }
            b'\'' | b'"' => {
                i = string_end(bytes, i, b);
                regex_allowed = false;
                Some(Class::String)
            }
            b'`' => {
                i = template_end(bytes, i);
                regex_allowed = false;
                Some(Class::String)
            }
            b'/' if regex_allowed => {
                i = regex_end(bytes, i);
                regex_allowed = false;
                Some(Class::String)
            }
            b'0'..=b'9' => {
                i += 1;
                while i < bytes.len()
                    && (bytes[i].is_ascii_alphanumeric() || bytes[i] == b'.' || bytes[i] == b'_')
                {
                    i += 1;
                }
                regex_allowed = false;
                Some(Class::Number)
            }
            b if b.is_ascii_alphabetic() || b == b'_' || b == b'$' || b >= 0x80 => {
                while i < bytes.len()
                    && (bytes[i].is_ascii_alphanumeric()
                        || matches!(bytes[i], b'_' | b'$')
                        || bytes[i] >= 0x80)
                {
                    i += 1;
                }
                let word = &text[start..i];
                let after_dot = start > 0 && previous_non_space(bytes, start) == Some(b'.');
                let called = next_non_space(bytes, i) == Some(b'(');
                let class = if !after_dot && KEYWORDS.contains(&word) {
                    // `return /re/`, `typeof /re/`: an operand follows.
                    regex_allowed = !matches!(
                        word,
                        "this" | "super" | "true" | "false" | "null" | "undefined"
                    );
                    Some(Class::Keyword)
                } else {
                    regex_allowed = false;
                    if after_dot && ASSOCIATIONS.contains(&word) {
                        Some(Class::Association)
                    } else if !after_dot && LIBRARY.contains(&word) {
                        Some(Class::Library)
                    } else if called {
                        Some(Class::Call)
                    } else if word.as_bytes()[0].is_ascii_uppercase() {
                        Some(Class::Type)
                    } else {
                        None
                    }
                };
                class
            }
            _ => {
                i += 1;
                if !b.is_ascii_whitespace() {
                    regex_allowed = !matches!(b, b')' | b']' | b'}');
                }
                None
            }
        };
        // Never stop inside a character: ranges end on boundaries.
        while i < bytes.len() && !text.is_char_boundary(i) {
            i += 1;
        }
        if let Some(class) = class {
            out.push(Token {
                start,
                end: i.min(bytes.len()),
                class,
            });
        }
    }
    out
}

fn line_end(bytes: &[u8], from: usize) -> usize {
    bytes[from..]
        .iter()
        .position(|&b| b == b'\n')
        .map_or(bytes.len(), |p| from + p)
}

fn find(bytes: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    bytes
        .get(from..)?
        .windows(needle.len())
        .position(|w| w == needle)
        .map(|p| from + p)
}

fn string_end(bytes: &[u8], start: usize, quote: u8) -> usize {
    let mut i = start + 1;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => i += 2,
            b'\n' => return i,
            b if b == quote => return i + 1,
            _ => i += 1,
        }
    }
    bytes.len()
}

fn template_end(bytes: &[u8], start: usize) -> usize {
    let mut i = start + 1;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => i += 2,
            b'`' => return i + 1,
            _ => i += 1,
        }
    }
    bytes.len()
}

fn regex_end(bytes: &[u8], start: usize) -> usize {
    let mut i = start + 1;
    let mut class = false;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => i += 1,
            b'\n' => return i,
            b'[' => class = true,
            b']' => class = false,
            b'/' if !class => {
                i += 1;
                while i < bytes.len() && bytes[i].is_ascii_alphabetic() {
                    i += 1;
                }
                return i;
            }
            _ => {}
        }
        i += 1;
    }
    bytes.len()
}

fn previous_non_space(bytes: &[u8], before: usize) -> Option<u8> {
    bytes[..before]
        .iter()
        .rev()
        .copied()
        .find(|b| !b.is_ascii_whitespace())
}

fn next_non_space(bytes: &[u8], from: usize) -> Option<u8> {
    bytes[from..]
        .iter()
        .copied()
        .find(|b| !b.is_ascii_whitespace())
}

/// A diagnostic's range to underline.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Mark {
    pub start: usize,
    pub end: usize,
    pub severity: Severity,
}

/// The HTML of lines `lines` (0-based, end exclusive) of `text`, whose
/// byte offsets start at `line_starts`: each line's text escaped, in spans
/// of its tokens' classes, diagnostics underlined (the most severe one
/// where they overlap), lines ended by `\n`.
pub fn lines_html(
    text: &str,
    line_starts: &[usize],
    lines: std::ops::Range<usize>,
    tokens: &[Token],
    marks: &[Mark],
) -> String {
    let Some(&from) = line_starts.get(lines.start) else {
        return String::new();
    };
    let to = line_starts.get(lines.end).copied().unwrap_or(text.len());
    let slice = &text[from..to];
    let mut out = String::with_capacity(slice.len() * 2);
    // What each byte of the slice is: its class and its underline.
    let mut class: Vec<Option<Class>> = vec![None; slice.len()];
    let first = tokens.partition_point(|t| t.end <= from);
    for t in tokens[first..].iter().take_while(|t| t.start < to) {
        for c in &mut class[t.start.max(from) - from..t.end.min(to) - from] {
            *c = Some(t.class);
        }
    }
    let mut mark: Vec<Option<Severity>> = vec![None; slice.len()];
    for m in marks {
        // An empty range still shows: its first character is underlined.
        let end = if m.end > m.start {
            m.end
        } else {
            next_boundary(text, m.start)
        };
        if end <= from || m.start >= to {
            continue;
        }
        for s in &mut mark[m.start.max(from) - from..end.min(to) - from] {
            if s.is_none_or(|old| m.severity < old) {
                *s = Some(m.severity);
            }
        }
    }
    let mut i = 0;
    while i < slice.len() {
        let (c, m) = (class[i], mark[i]);
        let mut j = i + 1;
        while j < slice.len() && class[j] == c && mark[j] == m && slice.as_bytes()[j] != b'\n' {
            j += 1;
        }
        // Runs end at a line end: the newline itself is plain.
        if slice.as_bytes()[i] == b'\n' {
            out.push('\n');
            i += 1;
            continue;
        }
        while !slice.is_char_boundary(j) {
            j += 1;
        }
        if let Some(m) = m {
            out.push_str("<span class=\"diag diag-");
            out.push_str(m.as_str());
            out.push_str("\">");
        }
        if let Some(c) = c {
            out.push_str("<span class=\"");
            out.push_str(c.css());
            out.push_str("\">");
        }
        escape_into(&slice[i..j], &mut out);
        if c.is_some() {
            out.push_str("</span>");
        }
        if m.is_some() {
            out.push_str("</span>");
        }
        i = j;
    }
    if !out.ends_with('\n') {
        out.push('\n');
    }
    out
}

fn next_boundary(text: &str, at: usize) -> usize {
    let mut end = (at + 1).min(text.len());
    while end < text.len() && !text.is_char_boundary(end) {
        end += 1;
    }
    // At the end of a line, underline the line end: a space's width.
    end
}

/// Escapes `text` for HTML element content.
pub fn escape_into(text: &str, out: &mut String) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            c => out.push(c),
        }
    }
}

/// The byte offset where each line starts (the first is 0).
pub fn line_starts(text: &str) -> Vec<usize> {
    std::iter::once(0)
        .chain(
            text.bytes()
                .enumerate()
                .filter(|&(_, b)| b == b'\n')
                .map(|(i, _)| i + 1),
        )
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn classes(text: &str) -> Vec<(&str, Class)> {
        tokens(text)
            .into_iter()
            .map(|t| (&text[t.start..t.end], t.class))
            .collect()
    }

    #[test]
    fn classifies_what_model_files_hold() {
        let text = "const User = sequelize.define('User', { n: DataTypes.STRING(50) }); // hi\nUser.hasMany(Task, { as: `t` });";
        assert_eq!(
            classes(text),
            vec![
                ("const", Class::Keyword),
                ("User", Class::Type),
                ("sequelize", Class::Library),
                ("define", Class::Call),
                ("'User'", Class::String),
                ("DataTypes", Class::Library),
                ("STRING", Class::Call),
                ("50", Class::Number),
                ("// hi", Class::Comment),
                ("User", Class::Type),
                ("hasMany", Class::Association),
                ("Task", Class::Type),
                ("`t`", Class::String),
            ]
        );
    }

    #[test]
    fn division_and_regular_expressions() {
        assert_eq!(classes("a / b / c"), vec![]);
        assert_eq!(classes("x = /a\\/b/g;"), vec![("/a\\/b/g", Class::String)]);
        assert_eq!(
            classes("/* c */ 1"),
            vec![("/* c */", Class::Comment), ("1", Class::Number)]
        );
    }

    #[test]
    fn unterminated_things_stop_at_the_end() {
        for text in ["'abc", "`abc", "/* abc", "/abc", "\"a\\", "é'", "'é"] {
            let ts = tokens(text);
            assert!(
                ts.iter()
                    .all(|t| t.end <= text.len() && text.is_char_boundary(t.end)),
                "{text}"
            );
        }
    }

    #[test]
    fn lines_are_escaped_and_underlined() {
        let text = "a.hasOne(<b>);\nx & y\n";
        let starts = line_starts(text);
        let marks = [Mark {
            start: 2,
            end: 8,
            severity: Severity::Error,
        }];
        let html = lines_html(text, &starts, 0..2, &tokens(text), &marks);
        assert_eq!(
            html,
            "a.<span class=\"diag diag-error\"><span class=\"tok-assoc\">hasOne</span></span>(&lt;b&gt;);\nx &amp; y\n"
        );
        // Only the lines asked for.
        assert_eq!(
            lines_html(text, &starts, 1..2, &tokens(text), &[]),
            "x &amp; y\n"
        );
    }

    #[test]
    fn the_text_survives_every_slicing() {
        let text = "const é = 'ü'; /* ✓\n */ A.hasMany(B)\n\n`x\ny`";
        let starts = line_starts(text);
        let toks = tokens(text);
        let marks = [Mark {
            start: 6,
            end: 6,
            severity: Severity::Warning,
        }];
        for a in 0..starts.len() {
            for b in a..=starts.len() {
                let html = lines_html(text, &starts, a..b, &toks, &marks);
                let plain = strip_tags(&html);
                let expected_end = starts.get(b).copied().unwrap_or(text.len());
                let mut expected = text[starts.get(a).copied().unwrap_or(text.len())
                    ..expected_end.max(starts.get(a).copied().unwrap_or(text.len()))]
                    .to_string();
                if !expected.ends_with('\n') && !html.is_empty() {
                    expected.push('\n');
                }
                assert_eq!(plain, expected, "{a}..{b}");
            }
        }
    }

    fn strip_tags(html: &str) -> String {
        let mut out = String::new();
        let mut in_tag = false;
        for c in html.chars() {
            match c {
                '<' => in_tag = true,
                '>' if in_tag => in_tag = false,
                c if !in_tag => out.push(c),
                _ => {}
            }
        }
        out.replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&amp;", "&")
    }
}
