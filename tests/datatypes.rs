//! Every DataType expression in tests/datatypes/cases.txt, printed for
//! postgres, against what the real Sequelize printed for it
//! (tests/datatypes/expected.tsv, written by scripts/datatypes-expected.js).

use assoc_explorer::engine::datatypes::{DataType, TypeArg, TypeFailure};

const CASES: &str = include_str!("datatypes/cases.txt");
const EXPECTED: &str = include_str!("datatypes/expected.tsv");

/// A parser for the case file's little language: `DataTypes.KEY` or
/// `DataTypes['KEY']`, an optional call whose arguments are literals
/// (numbers, strings, true, false, null, undefined, NaN, Infinity, arrays,
/// objects) or nested DataTypes expressions, then `.MODIFIER` reads.
struct Parser<'a> {
    src: &'a [u8],
    pos: usize,
}

impl<'a> Parser<'a> {
    fn parse(src: &'a str) -> Result<DataType, String> {
        let mut p = Parser {
            src: src.as_bytes(),
            pos: 0,
        };
        let t = p.data_type()?;
        p.ws();
        if p.pos != p.src.len() {
            return Err(format!("trailing input at {}", p.pos));
        }
        Ok(t)
    }

    fn ws(&mut self) {
        while self.src.get(self.pos).is_some_and(u8::is_ascii_whitespace) {
            self.pos += 1;
        }
    }

    fn peek(&mut self) -> Option<u8> {
        self.ws();
        self.src.get(self.pos).copied()
    }

    fn eat(&mut self, c: u8) -> bool {
        if self.peek() == Some(c) {
            self.pos += 1;
            true
        } else {
            false
        }
    }

    fn expect(&mut self, c: u8) -> Result<(), String> {
        if self.eat(c) {
            Ok(())
        } else {
            Err(format!("expected '{}' at {}", c as char, self.pos))
        }
    }

    fn ident(&mut self) -> Result<String, String> {
        self.ws();
        let start = self.pos;
        while self
            .src
            .get(self.pos)
            .is_some_and(|c| c.is_ascii_alphanumeric() || *c == b'_' || *c == b'$')
        {
            self.pos += 1;
        }
        if start == self.pos {
            return Err(format!("expected a name at {start}"));
        }
        Ok(String::from_utf8_lossy(&self.src[start..self.pos]).into_owned())
    }

    fn string(&mut self) -> Result<String, String> {
        let quote = self.peek().ok_or("expected a string")?;
        self.pos += 1;
        let mut out = String::new();
        loop {
            let c = *self.src.get(self.pos).ok_or("unterminated string")?;
            self.pos += 1;
            match c {
                b'\\' => {
                    let e = *self.src.get(self.pos).ok_or("unterminated string")?;
                    self.pos += 1;
                    out.push(match e {
                        b'n' => '\n',
                        b't' => '\t',
                        other => other as char,
                    });
                }
                c if c == quote => return Ok(out),
                _ => {
                    // Copy a whole UTF-8 sequence.
                    let start = self.pos - 1;
                    let mut end = self.pos;
                    while self.src.get(end).is_some_and(|b| b & 0xC0 == 0x80) {
                        end += 1;
                    }
                    out.push_str(&String::from_utf8_lossy(&self.src[start..end]));
                    self.pos = end;
                }
            }
        }
    }

    fn data_type(&mut self) -> Result<DataType, String> {
        let root = self.ident()?;
        if root != "DataTypes" {
            return Err(format!("expected DataTypes, got {root}"));
        }
        let key = if self.eat(b'[') {
            let k = self.string()?;
            self.expect(b']')?;
            k
        } else {
            self.expect(b'.')?;
            self.ident()?
        };
        let mut t = DataType::new(&key);
        if self.eat(b'(') {
            let mut args = Vec::new();
            if !self.eat(b')') {
                loop {
                    args.push(self.arg()?);
                    if self.eat(b')') {
                        break;
                    }
                    self.expect(b',')?;
                }
            }
            t.args = Some(args);
        }
        while self.eat(b'.') {
            t.modifiers.push(self.ident()?);
        }
        Ok(t)
    }

    fn arg(&mut self) -> Result<TypeArg, String> {
        match self.peek().ok_or("expected a value")? {
            b'\'' | b'"' => Ok(TypeArg::Str(self.string()?)),
            b'[' => {
                self.pos += 1;
                let mut items = Vec::new();
                if !self.eat(b']') {
                    loop {
                        items.push(self.arg()?);
                        if self.eat(b']') {
                            break;
                        }
                        self.expect(b',')?;
                    }
                }
                Ok(TypeArg::Array(items))
            }
            b'{' => {
                self.pos += 1;
                let mut props = Vec::new();
                if !self.eat(b'}') {
                    loop {
                        let key = match self.peek() {
                            Some(b'\'' | b'"') => self.string()?,
                            _ => self.ident()?,
                        };
                        self.expect(b':')?;
                        props.push((key, self.arg()?));
                        if self.eat(b'}') {
                            break;
                        }
                        self.expect(b',')?;
                    }
                }
                Ok(TypeArg::Object(props))
            }
            b'-' => {
                self.pos += 1;
                match self.arg()? {
                    TypeArg::Number(n) => Ok(TypeArg::Number(-n)),
                    _ => Err("unary minus on a non-number".into()),
                }
            }
            c if c.is_ascii_digit() || c == b'.' => {
                let start = self.pos;
                while self.src.get(self.pos).is_some_and(|c| {
                    c.is_ascii_digit() || matches!(c, b'.' | b'e' | b'E' | b'+' | b'-')
                }) {
                    // A sign only right after an exponent marker.
                    if matches!(self.src[self.pos], b'+' | b'-')
                        && !matches!(self.src.get(self.pos - 1), Some(b'e' | b'E'))
                    {
                        break;
                    }
                    self.pos += 1;
                }
                let text = String::from_utf8_lossy(&self.src[start..self.pos]);
                text.parse::<f64>()
                    .map(TypeArg::Number)
                    .map_err(|e| format!("bad number {text}: {e}"))
            }
            _ => {
                let save = self.pos;
                let word = self.ident()?;
                match word.as_str() {
                    "true" => Ok(TypeArg::Bool(true)),
                    "false" => Ok(TypeArg::Bool(false)),
                    "null" => Ok(TypeArg::Null),
                    "undefined" => Ok(TypeArg::Undefined),
                    "NaN" => Ok(TypeArg::Number(f64::NAN)),
                    "Infinity" => Ok(TypeArg::Number(f64::INFINITY)),
                    "DataTypes" => {
                        self.pos = save;
                        Ok(TypeArg::Type(self.data_type()?))
                    }
                    other => Err(format!("unknown name {other}")),
                }
            }
        }
    }
}

fn cases() -> Vec<&'static str> {
    CASES
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .collect()
}

#[test]
fn expected_file_matches_cases_file() {
    let cases = cases();
    let rows: Vec<&str> = EXPECTED
        .lines()
        .filter_map(|l| l.split('\t').next())
        .collect();
    assert_eq!(
        cases, rows,
        "tests/datatypes/expected.tsv is stale: run node scripts/datatypes-expected.js"
    );
    assert!(cases.len() >= 150, "only {} cases", cases.len());
}

#[test]
fn every_case_prints_as_sequelize_does() {
    let mut failures = Vec::new();
    let mut count = 0;
    for line in EXPECTED.lines() {
        let mut cols = line.split('\t');
        let (Some(expr), Some(status), Some(text)) = (cols.next(), cols.next(), cols.next()) else {
            failures.push(format!("malformed row: {line:?}"));
            continue;
        };
        let want_values: Option<Vec<String>> = match cols.next().map(serde_json::from_str) {
            None => None,
            Some(Ok(values)) => Some(values),
            Some(Err(e)) => {
                failures.push(format!("{expr}: bad values column: {e}"));
                continue;
            }
        };
        count += 1;
        let t = match Parser::parse(expr) {
            Ok(t) => t,
            Err(e) => {
                failures.push(format!("{expr}: cannot parse: {e}"));
                continue;
            }
        };
        let (want_detail, want_plain): (
            Result<Option<String>, TypeFailure>,
            Result<String, String>,
        ) = match status {
            "ok" => (Ok(Some(text.to_string())), Ok(text.to_string())),
            "undefined" => (Ok(None), Ok("undefined".to_string())),
            "error" => (
                Err(TypeFailure::Define(text.to_string())),
                Err(text.to_string()),
            ),
            "print-error" => (
                Err(TypeFailure::Print(text.to_string())),
                Err(text.to_string()),
            ),
            other => {
                failures.push(format!("{expr}: unknown status {other}"));
                continue;
            }
        };
        let got_detail = t.postgres_detailed();
        let got_plain = t.postgres();
        if got_detail != want_detail || got_plain != want_plain {
            failures.push(format!(
                "{expr}\n    sequelize: {want_detail:?}\n    ours:      {got_detail:?} / {got_plain:?}"
            ));
        }
        let got_values = t.enum_values();
        if got_values != want_values {
            failures.push(format!(
                "{expr}: enum values\n    sequelize: {want_values:?}\n    ours:      {got_values:?}"
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {count} cases differ from Sequelize:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn parser_reads_the_case_syntax() {
    let t = Parser::parse("DataTypes['DOUBLE PRECISION'](11, -2.5e3).UNSIGNED").unwrap();
    assert_eq!(t.key, "DOUBLE PRECISION");
    assert_eq!(
        t.args,
        Some(vec![TypeArg::Number(11.0), TypeArg::Number(-2500.0)])
    );
    assert_eq!(t.modifiers, vec!["UNSIGNED".to_string()]);
    let t = Parser::parse("DataTypes.ENUM({ values: ['a', \"b\"] }, DataTypes.STRING)").unwrap();
    assert_eq!(
        t.args,
        Some(vec![
            TypeArg::Object(vec![(
                "values".into(),
                TypeArg::Array(vec![TypeArg::Str("a".into()), TypeArg::Str("b".into())])
            )]),
            TypeArg::Type(DataType::new("STRING")),
        ])
    );
}

mod never_panics {
    use super::{DataType, TypeArg};
    use proptest::prelude::*;

    const KEYS: &[&str] = &[
        "STRING",
        "CHAR",
        "TEXT",
        "NUMBER",
        "INTEGER",
        "MEDIUMINT",
        "FLOAT",
        "DOUBLE",
        "DECIMAL",
        "DATE",
        "BLOB",
        "RANGE",
        "VIRTUAL",
        "ENUM",
        "ARRAY",
        "GEOMETRY",
        "GEOGRAPHY",
        "BOOLEAN",
        "NOPE",
    ];
    const NAMES: &[&str] = &[
        "length",
        "binary",
        "decimals",
        "precision",
        "scale",
        "unsigned",
        "zerofill",
        "values",
        "type",
        "subtype",
        "srid",
        "key",
        "options",
        "toString",
        "toSql",
        "toLowerCase",
        "constructor",
    ];
    const MODIFIERS: &[&str] = &["BINARY", "UNSIGNED", "ZEROFILL", "key"];

    fn data_type(arg: BoxedStrategy<TypeArg>) -> impl Strategy<Value = DataType> {
        (
            prop::sample::select(KEYS),
            prop::option::of(prop::collection::vec(arg, 0..3)),
            prop::collection::vec(prop::sample::select(MODIFIERS), 0..3),
        )
            .prop_map(|(key, args, modifiers)| DataType {
                key: key.to_string(),
                args,
                modifiers: modifiers.into_iter().map(String::from).collect(),
            })
    }

    fn type_arg() -> BoxedStrategy<TypeArg> {
        let leaf = prop_oneof![
            any::<f64>().prop_map(TypeArg::Number),
            (-3i32..300).prop_map(|n| TypeArg::Number(f64::from(n))),
            "[a-zA-Z0-9 ]{0,6}".prop_map(TypeArg::Str),
            prop::sample::select(&["tiny", "long", "date", "INTEGER", "STRING", "ENUM"][..])
                .prop_map(|s| TypeArg::Str(s.to_string())),
            any::<bool>().prop_map(TypeArg::Bool),
            Just(TypeArg::Null),
            Just(TypeArg::Undefined),
        ];
        leaf.prop_recursive(5, 40, 4, |inner| {
            prop_oneof![
                prop::collection::vec(inner.clone(), 0..4).prop_map(TypeArg::Array),
                prop::collection::vec(
                    (
                        prop::sample::select(NAMES).prop_map(String::from),
                        inner.clone()
                    ),
                    0..4
                )
                .prop_map(TypeArg::Object),
                data_type(inner).prop_map(TypeArg::Type),
            ]
        })
        .boxed()
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]
        #[test]
        fn any_expression_prints_or_fails_without_panicking(t in data_type(type_arg())) {
            let printed = t.postgres();
            let _ = t.postgres_detailed();
            let _ = t.oracle_type_name();
            let _ = t.enum_values();
            if let Err(message) = printed {
                prop_assert!(!message.is_empty());
            }
        }
    }
}
