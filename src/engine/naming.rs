//! Sequelize's naming helpers (`Utils.camelize`, `_.upperFirst`,
//! `Utils.underscoredIf`, `Utils.combineTableNames`), ported from
//! `sequelize/lib/utils.js` and lodash. Inflection itself is in
//! [`super::inflection`].

use super::{inflection, js_text};

/// `Utils.camelize`: `str.trim().replace(/[-_\s]+(.)?/g, c => c.toUpperCase())`.
///
/// Returns `Err` with JavaScript's TypeError message where Sequelize itself
/// fails: a separator at the very end leaves `c` undefined.
pub fn camelize(s: &str) -> Result<String, String> {
    const NO_NEXT: &str = "Cannot read properties of undefined (reading 'toUpperCase')";
    let s = s.trim_matches(is_js_space);
    let mut out = String::with_capacity(s.len());
    if s.is_ascii() {
        // The usual key name, a byte at a time: in ASCII, `\s` is the
        // space and '\t' to '\r', and none of them is a line terminator
        // left after a separator run.
        let separator = |b: u8| matches!(b, b'-' | b'_' | b' ' | b'\t'..=b'\r');
        let bytes = s.as_bytes();
        let mut at = 0;
        while at < bytes.len() {
            let start = at;
            while at < bytes.len() && !separator(bytes[at]) {
                at += 1;
            }
            out.push_str(&s[start..at]);
            if at == bytes.len() {
                break;
            }
            while at < bytes.len() && separator(bytes[at]) {
                at += 1;
            }
            let Some(&next) = bytes.get(at) else {
                return Err(NO_NEXT.into());
            };
            out.push(char::from(next.to_ascii_uppercase()));
            at += 1;
        }
        return Ok(out);
    }
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '-' || c == '_' || is_js_space(c) {
            while chars
                .peek()
                .is_some_and(|&n| n == '-' || n == '_' || is_js_space(n))
            {
                chars.next();
            }
            match chars.next() {
                // `.` does not match line terminators: the separator run is
                // replaced by nothing and the line break is kept.
                Some(n) if is_line_terminator(n) => out.push(n),
                Some(n) => out.push_str(&js_text::upper_char(n)),
                None => return Err(NO_NEXT.into()),
            }
        } else {
            out.push(c);
        }
    }
    Ok(out)
}

/// JavaScript's `\s` (and what `String.prototype.trim` removes).
pub fn is_js_space(c: char) -> bool {
    matches!(
        c,
        '\u{9}'..='\u{d}'
            | ' '
            | '\u{a0}'
            | '\u{1680}'
            | '\u{2000}'..='\u{200a}'
            | '\u{2028}'
            | '\u{2029}'
            | '\u{202f}'
            | '\u{205f}'
            | '\u{3000}'
            | '\u{feff}'
    )
}

fn is_line_terminator(c: char) -> bool {
    matches!(c, '\n' | '\r' | '\u{2028}' | '\u{2029}')
}

/// `_.upperFirst`: the first code point in upper case.
pub fn upper_first(s: &str) -> String {
    let mut chars = s.chars();
    if let Some(first) = s.bytes().next().filter(u8::is_ascii) {
        let mut out = String::with_capacity(s.len());
        out.push(char::from(first.to_ascii_uppercase()));
        out.push_str(&s[1..]);
        return out;
    }
    match chars.next() {
        Some(first) => js_text::upper_char(first) + chars.as_str(),
        None => String::new(),
    }
}

/// `_.lowerFirst`.
pub fn lower_first(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(first) => js_text::lower_char(first) + chars.as_str(),
        None => String::new(),
    }
}

/// `Utils.underscoredIf`.
pub fn underscored_if(s: &str, condition: bool) -> String {
    if condition {
        inflection::underscore(s)
    } else {
        s.to_string()
    }
}

/// `Utils.combineTableNames`: the two names joined, lower-case-smaller first.
pub fn combine_table_names(a: &str, b: &str) -> String {
    if js_lowercase(a) < js_lowercase(b) {
        format!("{a}{b}")
    } else {
        format!("{b}{a}")
    }
}

fn js_lowercase(s: &str) -> Vec<u16> {
    js_text::lower(s).encode_utf16().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn camelize_joins_on_separators() {
        assert_eq!(camelize("Organization_id").unwrap(), "OrganizationId");
        assert_eq!(camelize("co_author_id").unwrap(), "coAuthorId");
        assert_eq!(camelize("  a-b c ").unwrap(), "aBC");
        assert!(camelize("Organization_").is_err());
        assert!(camelize("Organization_ \u{b}").is_err());
        assert_eq!(camelize("a\u{b}b\u{c}c\r\nd").unwrap(), "aBCD");
        // The same through the path for any Unicode.
        assert_eq!(camelize("é_a-b\u{b}c").unwrap(), "éABC");
        assert_eq!(camelize("\u{a0}x_\u{a0}y").unwrap(), "xY");
    }

    #[test]
    fn upper_first_handles_unicode_and_empty() {
        assert_eq!(upper_first("employees"), "Employees");
        assert_eq!(upper_first("ßa"), "SSa");
        assert_eq!(upper_first(""), "");
    }
}
