//! JavaScript's own text conversions: `toUpperCase` and `toLowerCase`,
//! which Sequelize and lodash apply to model and attribute names
//! (`_.upperFirst`, `camelize`, `combineTableNames`), and
//! `Number.prototype.toString`, for numbers in names, defaults and type
//! arguments. Pasted code may call any of them. And the way back for such
//! numbers ([`parse_number`]), for share links' positions.
//!
//! In the browser these are the browser's own functions: exactly what
//! Sequelize runs, and the page carries neither Rust's case tables (24 KB
//! of data that compress badly) nor its float printing (about 15 KB of
//! code): together 6% of the payload. Natively they are Rust's: `str`'s
//! case methods follow the same Unicode full case mappings (`ß`
//! upper-cases to `SS`, a final `Σ` lower-cases to `ς`), and [`number`]
//! is ECMAScript's Number::toString over Rust's shortest round-trip
//! digits. ASCII text and integers never leave Rust either way.

/// `s.toUpperCase()`.
pub fn upper(s: &str) -> String {
    if s.is_ascii() {
        return s.to_ascii_uppercase();
    }
    imp::upper(s)
}

/// `s.toLowerCase()`.
pub fn lower(s: &str) -> String {
    if s.is_ascii() {
        return s.to_ascii_lowercase();
    }
    imp::lower(s)
}

/// `c.toUpperCase()` for one code point: may be several (`ß` → `SS`).
pub fn upper_char(c: char) -> String {
    upper(c.encode_utf8(&mut [0; 4]))
}

/// `c.toLowerCase()` for one code point.
pub fn lower_char(c: char) -> String {
    lower(c.encode_utf8(&mut [0; 4]))
}

/// `String(n)`: JavaScript's `Number.prototype.toString()` in base 10.
pub fn number(n: f64) -> String {
    // Integers below 2^53 print as integers in both languages.
    if n == n.trunc() && n.abs() < 9_007_199_254_740_992.0 {
        #[allow(clippy::cast_possible_truncation)]
        let i = n as i64;
        return i.to_string();
    }
    imp::number(n)
}

/// A decimal number as [`number`] writes it (`-12.5`, `1e+21`, `5e-7`):
/// the nearest `f64`, `None` for any other text or a number too large to
/// be finite. In the browser the browser reads it (correctly rounded, as
/// Rust's reading is): the modules carry no float reading of their own
/// (about 12 KB, most of it a table).
pub fn parse_number(s: &str) -> Option<f64> {
    let b = s.as_bytes();
    let mut i = usize::from(b.first() == Some(&b'-'));
    let digits = |i: &mut usize| {
        let start = *i;
        while b.get(*i).is_some_and(u8::is_ascii_digit) {
            *i += 1;
        }
        *i > start
    };
    if !digits(&mut i) {
        return None;
    }
    if b.get(i) == Some(&b'.') {
        i += 1;
        if !digits(&mut i) {
            return None;
        }
    }
    if matches!(b.get(i), Some(b'e' | b'E')) {
        i += 1;
        if matches!(b.get(i), Some(b'+' | b'-')) {
            i += 1;
        }
        if !digits(&mut i) {
            return None;
        }
    }
    if i != b.len() || b.len() > 400 {
        return None;
    }
    imp::parse_number(s).filter(|x| x.is_finite())
}

#[cfg(target_arch = "wasm32")]
mod imp {
    pub fn parse_number(s: &str) -> Option<f64> {
        Some(js_sys::parse_float(s))
    }

    use js_sys::JsString;

    pub fn upper(s: &str) -> String {
        JsString::from(s).to_upper_case().into()
    }

    pub fn lower(s: &str) -> String {
        JsString::from(s).to_lower_case().into()
    }

    pub fn number(n: f64) -> String {
        // toString(10) cannot throw; the fallback is never taken.
        js_sys::Number::from(n)
            .to_string_with_radix(10)
            .map_or_else(|_| String::from("NaN"), String::from)
    }
}

#[cfg(not(target_arch = "wasm32"))]
mod imp {
    pub fn parse_number(s: &str) -> Option<f64> {
        s.parse().ok()
    }

    pub fn upper(s: &str) -> String {
        s.to_uppercase()
    }

    pub fn lower(s: &str) -> String {
        s.to_lowercase()
    }

    /// ECMAScript's Number::toString(10) (sec. 6.1.6.1.20), over Rust's
    /// shortest digits that read back as `n`, which are the digits it asks for.
    pub fn number(n: f64) -> String {
        if n.is_nan() {
            return "NaN".into();
        }
        if n.is_infinite() {
            return if n > 0.0 { "Infinity" } else { "-Infinity" }.into();
        }
        if n == 0.0 {
            return "0".into();
        }
        let sign = if n < 0.0 { "-" } else { "" };
        let sci = format!("{:e}", n.abs());
        let (mantissa, exp) = sci.split_once('e').unwrap_or((sci.as_str(), "0"));
        let digits: String = mantissa.chars().filter(char::is_ascii_digit).collect();
        let exp: i64 = exp.parse().unwrap_or(0);
        let k = i64::try_from(digits.len()).unwrap_or(i64::MAX);
        let point = exp + 1; // value = 0.digits * 10^point
        let body = if k <= point && point <= 21 {
            let zeros = usize::try_from(point - k).unwrap_or(0);
            format!("{digits}{}", "0".repeat(zeros))
        } else if 0 < point && point <= 21 {
            let at = usize::try_from(point).unwrap_or(0);
            let (int, frac) = digits.split_at(at.min(digits.len()));
            format!("{int}.{frac}")
        } else if -6 < point && point <= 0 {
            let zeros = usize::try_from(-point).unwrap_or(0);
            format!("0.{}{digits}", "0".repeat(zeros))
        } else {
            let e = point - 1;
            let e_sign = if e < 0 { '-' } else { '+' };
            let (first, rest) = digits.split_at(1.min(digits.len()));
            if rest.is_empty() {
                format!("{first}e{e_sign}{}", e.abs())
            } else {
                format!("{first}.{rest}e{e_sign}{}", e.abs())
            }
        };
        format!("{sign}{body}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ascii_and_full_case_mappings() {
        assert_eq!(upper("userId"), "USERID");
        assert_eq!(lower("UserID"), "userid");
        assert_eq!(upper("straße"), "STRASSE");
        assert_eq!(upper_char('ß'), "SS");
        assert_eq!(lower("ΌΣΟΣ"), "όσος");
        assert_eq!(lower_char('Σ'), "σ");
        assert_eq!(upper("émployé"), "ÉMPLOYÉ");
    }

    #[test]
    fn numbers_print_as_javascript_does() {
        for (n, s) in [
            (0.0, "0"),
            (-0.0, "0"),
            (50.0, "50"),
            (-1.0, "-1"),
            (1.5, "1.5"),
            (0.1, "0.1"),
            (0.000_001, "0.000001"),
            (1e-7, "1e-7"),
            (1e21, "1e+21"),
            (9_007_199_254_740_993.0, "9007199254740992"),
            (123_456_789_012_345_680_000.0, "123456789012345680000"),
            (2.5e300, "2.5e+300"),
            (-1.25e-9, "-1.25e-9"),
            (f64::NAN, "NaN"),
            (f64::INFINITY, "Infinity"),
            (f64::NEG_INFINITY, "-Infinity"),
            (f64::MAX, "1.7976931348623157e+308"),
            (5e-324, "5e-324"),
        ] {
            assert_eq!(number(n), s, "{n:e}");
        }
    }
}
