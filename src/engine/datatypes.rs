//! Sequelize's `DataTypes` as user code writes them, and what Sequelize 6.37.8
//! prints for them on the postgres dialect.
//!
//! A [`DataType`] records an expression such as `DataTypes.STRING(50).BINARY`
//! as written: the key, the call's arguments, the modifiers read after it.
//! [`DataType::postgres`] replays what Sequelize does with it when it becomes
//! an attribute's `type`: the constructor of the class in
//! `lib/data-types.js`, the modifier getters, `sequelize.normalizeAttribute`
//! (the postgres class from `lib/dialects/postgres/data-types.js` through
//! `extend`, the ARRAY and ENUM checks), the second `normalizeDataType` of
//! `refreshAttributes`, and finally `type.toString()`. It does so with a small
//! model of the JavaScript values involved (objects shared by reference,
//! truthiness, `String(x)` of numbers, arrays, objects and classes, the
//! TypeErrors V8 throws), because Sequelize feeds odd arguments straight into
//! template literals: `STRING('abc')` prints `VARCHAR(abc)`, `STRING([5])`
//! `VARCHAR(1)`, `ARRAY(ARRAY(BOOLEAN))` `TINYINT(1)[][]` (only the outer
//! element type is made a postgres type), `RANGE(STRING)` prints nothing at
//! all (`toString()` returns undefined).
//!
//! What it does not know:
//! - Only the postgres dialect, and only printing: no validation, no
//!   `stringify` of values, no SQL beyond the type name.
//! - HSTORE is printed as it is where `pg-hstore` is installed (as every
//!   postgres project using HSTORE has it). Without that package Sequelize
//!   throws "Cannot find module 'pg-hstore'" when the attribute is defined.
//! - Arguments are the literals a [`TypeArg`] holds: no functions, getters,
//!   symbols, class instances other than DataTypes, nor objects whose keys
//!   shadow `Object.prototype` members in a lookup Sequelize makes
//!   (`{ key: 'constructor' }` as an ARRAY element type reports Sequelize's
//!   TypeError; `{ subtype: { key: 'toString' } }` as a RANGE is not
//!   modelled).
//! - A modifier the class has not (`TEXT.BINARY`) makes the value
//!   `undefined`; Sequelize then says `Unrecognized datatype for attribute
//!   "Model.attribute"`, of which [`DataType::postgres`] can only give the
//!   part before the names.
//! - A DataTypes class passed where Sequelize expects an options object
//!   (`NUMBER(DataTypes.STRING)`, whose `length` is then 2) is followed, but
//!   properties Sequelize sets on the class (`.UNSIGNED` sets
//!   `DataTypes.STRING.unsigned`) last for one expression here, while in
//!   JavaScript they stay for the rest of the program. Where Sequelize
//!   assigns a read-only property of a class (`INTEGER(DataTypes.STRING)`),
//!   V8's message quotes the class's source text; ours does not.
//! - Expressions nested deeper than [`MAX_NESTING`] are refused with a message
//!   of ours rather than evaluated.

use crate::engine::fast_hash::HashMap;
use crate::engine::js_text;
use std::cell::RefCell;
use std::rc::Rc;

/// A DataType expression as written: `DataTypes.STRING(50).BINARY`.
#[derive(Clone, Debug, PartialEq)]
pub struct DataType {
    /// The DataTypes key, upper case as written: "STRING", "DOUBLE PRECISION".
    pub key: String,
    /// Arguments of the call, if it was called (`STRING(50)` -> [Number(50.0)]);
    /// None when not called (`STRING`).
    pub args: Option<Vec<TypeArg>>,
    /// Modifier properties read after it, in order: "UNSIGNED", "ZEROFILL", "BINARY".
    pub modifiers: Vec<String>,
}

/// An argument of a DataType call, as a JavaScript value.
#[derive(Clone, Debug, PartialEq)]
pub enum TypeArg {
    Number(f64),
    Str(String),
    Bool(bool),
    Type(DataType),
    Array(Vec<TypeArg>),
    /// A plain object literal, keys in order.
    Object(Vec<(String, TypeArg)>),
    Null,
    Undefined,
}

/// Where Sequelize throws for a type.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TypeFailure {
    /// While the expression is evaluated or the attribute defined
    /// (`sequelize.define` throws; the model does not exist).
    Define(String),
    /// The model is defined, but `type.toString()` throws.
    Print(String),
}

impl TypeFailure {
    pub fn message(&self) -> &str {
        match self {
            TypeFailure::Define(m) | TypeFailure::Print(m) => m,
        }
    }
}

/// How deeply [`TypeArg`]s may nest before evaluation is refused.
pub const MAX_NESTING: usize = 96;

const TOO_DEEP: &str = "DataType expression nested too deeply to evaluate";

const UNRECOGNIZED: &str = "Unrecognized datatype for attribute";

/// True when `key` names a member of Sequelize's DataTypes that is a type
/// (the dialect maps `DataTypes.postgres`, `DataTypes.mysql`, ... are not).
pub fn is_data_type_key(key: &str) -> bool {
    Base::from_key(key).is_some()
}

/// True when `name` is a modifier property that returns a type (UNSIGNED,
/// ZEROFILL, BINARY, ...) on `DataTypes[key]` and on its instances.
pub fn is_modifier(key: &str, name: &str) -> bool {
    Base::from_key(key).is_some_and(|b| b.has_modifier(name))
}

/// An unambiguous text for a type expression, the memo's key: every part
/// tagged, strings with their length, numbers by their bits.
fn write_key(t: &DataType, out: &mut String) {
    fn text(s: &str, out: &mut String) {
        out.push_str(&s.len().to_string());
        out.push(':');
        out.push_str(s);
    }
    fn arg(a: &TypeArg, out: &mut String) {
        match a {
            TypeArg::Number(n) => {
                out.push('n');
                out.push_str(&n.to_bits().to_string());
                out.push(';');
            }
            TypeArg::Str(s) => {
                out.push('s');
                text(s, out);
            }
            TypeArg::Bool(b) => out.push(if *b { 't' } else { 'f' }),
            TypeArg::Type(t) => {
                out.push('T');
                write_key(t, out);
            }
            TypeArg::Array(items) => {
                out.push('[');
                items.iter().for_each(|i| arg(i, out));
                out.push(']');
            }
            TypeArg::Object(entries) => {
                out.push('{');
                for (k, v) in entries {
                    text(k, out);
                    arg(v, out);
                }
                out.push('}');
            }
            TypeArg::Null => out.push('N'),
            TypeArg::Undefined => out.push('U'),
        }
    }
    text(&t.key, out);
    match &t.args {
        None => out.push('-'),
        Some(args) => {
            out.push('(');
            args.iter().for_each(|a| arg(a, out));
            out.push(')');
        }
    }
    for m in &t.modifiers {
        out.push('.');
        text(m, out);
    }
}

/// A result by type expression: a schema writes `DataTypes.STRING` a
/// thousand times, and replaying the type classes for each would dominate
/// analysis. The cache holds short expressions only and starts over past
/// a bound, so memory stays small whatever the input.
fn memo<T: Clone>(
    cache: &'static std::thread::LocalKey<RefCell<HashMap<String, T>>>,
    t: &DataType,
    compute: impl FnOnce() -> T,
) -> T {
    const MAX_KEY: usize = 200;
    const MAX_ENTRIES: usize = 10_000;
    // The bare key for the common `DataTypes.STRING`; the whole expression
    // otherwise (a key never contains a brace, so the two cannot meet).
    let expression;
    let key: &str = if t.args.is_none() && t.modifiers.is_empty() {
        &t.key
    } else {
        let mut written = String::with_capacity(t.key.len() + 16);
        written.push('{');
        write_key(t, &mut written);
        expression = written;
        &expression
    };
    if key.len() > MAX_KEY {
        return compute();
    }
    if let Some(hit) = cache.with(|c| c.borrow().get(key).cloned()) {
        return hit;
    }
    let value = compute();
    cache.with(|c| {
        let mut c = c.borrow_mut();
        if c.len() >= MAX_ENTRIES {
            c.clear();
        }
        c.insert(key.to_string(), value.clone());
    });
    value
}

impl DataType {
    pub fn new(key: &str) -> Self {
        DataType {
            key: key.to_string(),
            args: None,
            modifiers: Vec::new(),
        }
    }

    /// What Sequelize prints for the postgres dialect
    /// (`rawAttributes[x].type.toString()`): "VARCHAR(255)",
    /// "TIMESTAMP WITH TIME ZONE", "DECIMAL(10,2)", "INTEGER[]", "ENUM".
    /// Where `toString()` returns undefined (a RANGE of a subtype postgres
    /// has no range type for) this is "undefined", as `String(type)` gives.
    /// Err(Sequelize's message) where Sequelize throws, whether while
    /// defining the attribute or while printing; see
    /// [`DataType::postgres_detailed`] to tell them apart.
    pub fn postgres(&self) -> Result<String, String> {
        match self.postgres_detailed() {
            Ok(Some(s)) => Ok(s),
            Ok(None) => Ok("undefined".into()),
            Err(f) => Err(f.message().to_string()),
        }
    }

    /// As [`DataType::postgres`], with `Ok(None)` where `toString()`
    /// returns undefined and the failure saying when Sequelize throws.
    pub fn postgres_detailed(&self) -> Result<Option<String>, TypeFailure> {
        thread_local! {
            static CACHE: RefCell<HashMap<String, Result<Option<String>, TypeFailure>>> = RefCell::default();
        }
        memo(&CACHE, self, || self.postgres_uncached())
    }

    fn postgres_uncached(&self) -> Result<Option<String>, TypeFailure> {
        let mut cx = Cx::default();
        let ty = cx.define(self).map_err(TypeFailure::Define)?;
        match cx.print_type(&ty) {
            Ok(Js::Str(s)) => Ok(Some(String::from(&*s))),
            Ok(Js::Undef) => Ok(None),
            Ok(other) => cx.js_string(&other).map(Some).map_err(TypeFailure::Print),
            Err(e) => Err(TypeFailure::Print(e)),
        }
    }

    /// What Sequelize's dialect-independent class (lib/data-types.js, before
    /// a dialect's class replaces it) prints for the type: `INTEGER(11)
    /// UNSIGNED`, `VARCHAR(255) BINARY`, `LONGTEXT`, `DATETIME`,
    /// `TINYINT(1)`; a DATE keeps its precision as mysql's class writes it
    /// (`DATETIME(6)`, where the generic class drops it). The DDL export
    /// derives mysql's and sqlite's type names from it. None where
    /// evaluating or printing it fails.
    #[cfg(feature = "ddl")]
    pub fn generic(&self) -> Option<String> {
        thread_local! {
            static CACHE: RefCell<HashMap<String, Option<String>>> = RefCell::default();
        }
        memo(&CACHE, self, || {
            let mut cx = Cx::default();
            let ty = match cx.evaluate(self, 0).ok()? {
                Js::Class(base) => cx.construct(Cls { base, pg: false }, &[]).ok()?,
                other => other,
            };
            let printed = match cx.print_type(&ty).ok()? {
                Js::Str(s) => s.to_string(),
                _ => return None,
            };
            if class_of(&ty).is_some_and(|c| c.base == Base::Date) {
                let length = cx.get(&ty, "_length").ok()?;
                if length.truthy() {
                    return Some(format!("DATETIME({})", cx.js_string(&length).ok()?));
                }
            }
            Some(printed)
        })
    }

    /// What the oracle's `typeName` prints for the attribute: Err where
    /// defining it throws; where `toString()` throws it falls back to the
    /// type's key ("ARRAY", "RANGE"); None where `toString()` gives undefined
    /// (the oracle then leaves `type` out).
    pub fn oracle_type_name(&self) -> Result<Option<String>, String> {
        thread_local! {
            static CACHE: RefCell<HashMap<String, Result<Option<String>, String>>> = RefCell::default();
        }
        memo(&CACHE, self, || self.oracle_type_name_uncached())
    }

    fn oracle_type_name_uncached(&self) -> Result<Option<String>, String> {
        let mut cx = Cx::default();
        let ty = cx.define(self)?;
        match cx.print_type(&ty) {
            Ok(Js::Str(s)) => Ok(Some(String::from(&*s))),
            Ok(Js::Undef) => Ok(None),
            Ok(other) => Ok(cx.js_string(&other).ok()),
            Err(_) => Ok(match cx.get(&ty, "key") {
                Ok(Js::Str(k)) => Some(k.to_string()),
                _ => None,
            }),
        }
    }

    /// For ENUM, and for an ARRAY of ENUM: the values in order, each as
    /// `String(value)`. None for other types, where the values are not an
    /// array, or where Sequelize throws defining the attribute.
    pub fn enum_values(&self) -> Option<Vec<String>> {
        let mut cx = Cx::default();
        let ty = cx.define(self).ok()?;
        let enum_inst = match class_of(&ty)?.base {
            Base::Enum => ty,
            Base::Array => {
                let inner = cx.get(&ty, "type").ok()?;
                if class_of(&inner)?.base == Base::Enum {
                    inner
                } else {
                    return None;
                }
            }
            _ => return None,
        };
        let values = cx.get(&enum_inst, "values").ok()?;
        let Js::Obj(o) = &values else { return None };
        let items = {
            let o = o.borrow();
            if o.kind != Kind::Array {
                return None;
            }
            o.items.clone()
        };
        items.iter().map(|v| cx.js_string(v).ok()).collect()
    }

    /// Applies an attribute-level `values` option (`{ type: ENUM, values }`):
    /// Sequelize then replaces the ENUM's values with these. Does nothing to
    /// other types. The original arguments are dropped, so an error that
    /// evaluating them would have thrown is lost.
    pub fn with_enum_values<S: AsRef<str>>(&mut self, values: &[S]) {
        if Base::from_key(&self.key) == Some(Base::Enum) && self.modifiers.is_empty() {
            self.args = Some(vec![TypeArg::Array(
                values
                    .iter()
                    .map(|v| TypeArg::Str(v.as_ref().to_string()))
                    .collect(),
            )]);
        }
    }
}

// ---------------------------------------------------------------------------
// The classes of lib/data-types.js

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Base {
    Abstract,
    String,
    Char,
    Text,
    Citext,
    Number,
    Tinyint,
    Smallint,
    Mediumint,
    Integer,
    Bigint,
    Float,
    Real,
    Double,
    Decimal,
    Boolean,
    Time,
    Date,
    Dateonly,
    Hstore,
    Json,
    Jsonb,
    Now,
    Blob,
    Range,
    Uuid,
    Uuidv1,
    Uuidv4,
    Virtual,
    Enum,
    Array,
    Geometry,
    Geography,
    Cidr,
    Inet,
    Macaddr,
    Tsvector,
}

/// `DataTypes`' keys and the class each names (NUMERIC is DECIMAL, DOUBLE is
/// "DOUBLE PRECISION").
const KEYS: &[(&str, Base)] = &[
    ("ABSTRACT", Base::Abstract),
    ("STRING", Base::String),
    ("CHAR", Base::Char),
    ("TEXT", Base::Text),
    ("NUMBER", Base::Number),
    ("TINYINT", Base::Tinyint),
    ("SMALLINT", Base::Smallint),
    ("MEDIUMINT", Base::Mediumint),
    ("INTEGER", Base::Integer),
    ("BIGINT", Base::Bigint),
    ("FLOAT", Base::Float),
    ("TIME", Base::Time),
    ("DATE", Base::Date),
    ("DATEONLY", Base::Dateonly),
    ("BOOLEAN", Base::Boolean),
    ("NOW", Base::Now),
    ("BLOB", Base::Blob),
    ("DECIMAL", Base::Decimal),
    ("NUMERIC", Base::Decimal),
    ("UUID", Base::Uuid),
    ("UUIDV1", Base::Uuidv1),
    ("UUIDV4", Base::Uuidv4),
    ("HSTORE", Base::Hstore),
    ("JSON", Base::Json),
    ("JSONB", Base::Jsonb),
    ("VIRTUAL", Base::Virtual),
    ("ARRAY", Base::Array),
    ("ENUM", Base::Enum),
    ("RANGE", Base::Range),
    ("REAL", Base::Real),
    ("DOUBLE PRECISION", Base::Double),
    ("DOUBLE", Base::Double),
    ("GEOMETRY", Base::Geometry),
    ("GEOGRAPHY", Base::Geography),
    ("CIDR", Base::Cidr),
    ("INET", Base::Inet),
    ("MACADDR", Base::Macaddr),
    ("CITEXT", Base::Citext),
    ("TSVECTOR", Base::Tsvector),
];

/// The keys of the postgres dialect's map (`DataTypes.postgres`), which
/// `normalizeDataType` looks `type.key` up in.
const PG_KEYS: &[(&str, Base)] = &[
    ("DECIMAL", Base::Decimal),
    ("BLOB", Base::Blob),
    ("STRING", Base::String),
    ("CHAR", Base::Char),
    ("TEXT", Base::Text),
    ("CITEXT", Base::Citext),
    ("TINYINT", Base::Tinyint),
    ("SMALLINT", Base::Smallint),
    ("INTEGER", Base::Integer),
    ("BIGINT", Base::Bigint),
    ("BOOLEAN", Base::Boolean),
    ("DATE", Base::Date),
    ("DATEONLY", Base::Dateonly),
    ("REAL", Base::Real),
    ("DOUBLE PRECISION", Base::Double),
    ("FLOAT", Base::Float),
    ("GEOMETRY", Base::Geometry),
    ("GEOGRAPHY", Base::Geography),
    ("HSTORE", Base::Hstore),
    ("RANGE", Base::Range),
    ("ENUM", Base::Enum),
];

/// Names every plain object inherits: `dialectTypes[name]` finds them.
const OBJECT_PROTOTYPE: &[&str] = &[
    "constructor",
    "__defineGetter__",
    "__defineSetter__",
    "hasOwnProperty",
    "__lookupGetter__",
    "__lookupSetter__",
    "isPrototypeOf",
    "propertyIsEnumerable",
    "toString",
    "valueOf",
    "__proto__",
    "toLocaleString",
];

impl Base {
    fn from_key(key: &str) -> Option<Base> {
        KEYS.iter().find(|(k, _)| *k == key).map(|(_, b)| *b)
    }

    fn from_pg_key(key: &str) -> Option<Base> {
        PG_KEYS.iter().find(|(k, _)| *k == key).map(|(_, b)| *b)
    }

    /// `Class.key` and `prototype.key`: the first DataTypes key naming it.
    fn key(self) -> &'static str {
        KEYS.iter()
            .find(|(_, b)| *b == self)
            .map_or("ABSTRACT", |(k, _)| k)
    }

    /// The JavaScript class name, which `String(Class)` prints.
    fn class_name(self) -> &'static str {
        match self {
            Base::Json => "JSONTYPE",
            Base::Double => "DOUBLE",
            other => other.key(),
        }
    }

    /// `Class.length`: the constructor's declared parameters.
    fn arity(self) -> u8 {
        match self {
            Base::String
            | Base::Char
            | Base::Float
            | Base::Real
            | Base::Double
            | Base::Decimal
            | Base::Virtual
            | Base::Geometry
            | Base::Geography => 2,
            Base::Text | Base::Date | Base::Blob | Base::Range | Base::Array => 1,
            _ => 0,
        }
    }

    fn is_number(self) -> bool {
        matches!(
            self,
            Base::Number
                | Base::Tinyint
                | Base::Smallint
                | Base::Mediumint
                | Base::Integer
                | Base::Bigint
                | Base::Float
                | Base::Real
                | Base::Double
                | Base::Decimal
        )
    }

    fn has_modifier(self, name: &str) -> bool {
        match name {
            "BINARY" => matches!(self, Base::String | Base::Char),
            "UNSIGNED" | "ZEROFILL" => self.is_number(),
            _ => false,
        }
    }
}

/// A class: the one in lib/data-types.js, or its postgres subclass.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Cls {
    base: Base,
    pg: bool,
}

// ---------------------------------------------------------------------------
// JavaScript values

#[derive(Clone, Debug)]
enum Js {
    Undef,
    Null,
    Bool(bool),
    Num(f64),
    Str(Rc<str>),
    /// A DataTypes class (`DataTypes.STRING` not called).
    Class(Base),
    Obj(Rc<RefCell<Obj>>),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    Plain,
    Array,
    Inst(Cls),
}

#[derive(Debug)]
struct Obj {
    kind: Kind,
    /// Array elements.
    items: Vec<Js>,
    /// Own named properties, in insertion order.
    props: Vec<(String, Js)>,
}

impl Js {
    fn str(s: &str) -> Js {
        Js::Str(Rc::from(s))
    }

    fn obj(kind: Kind, items: Vec<Js>, props: Vec<(String, Js)>) -> Js {
        Js::Obj(Rc::new(RefCell::new(Obj { kind, items, props })))
    }

    fn plain(props: Vec<(&str, Js)>) -> Js {
        Js::obj(
            Kind::Plain,
            Vec::new(),
            props.into_iter().map(|(k, v)| (k.to_string(), v)).collect(),
        )
    }

    fn truthy(&self) -> bool {
        match self {
            Js::Undef | Js::Null => false,
            Js::Bool(b) => *b,
            Js::Num(n) => *n != 0.0 && !n.is_nan(),
            Js::Str(s) => !s.is_empty(),
            Js::Class(_) | Js::Obj(_) => true,
        }
    }

    /// `typeof x === "object"`.
    fn is_object(&self) -> bool {
        matches!(self, Js::Null | Js::Obj(_))
    }

    fn kind(&self) -> Option<Kind> {
        match self {
            Js::Obj(o) => Some(o.borrow().kind),
            _ => None,
        }
    }

    /// `_.isPlainObject(x)`.
    fn is_plain(&self) -> bool {
        self.kind() == Some(Kind::Plain)
    }

    /// `Array.isArray(x)`.
    fn is_array(&self) -> bool {
        self.kind() == Some(Kind::Array)
    }

    /// `typeof x`, for messages.
    fn type_of(&self) -> &'static str {
        match self {
            Js::Undef => "undefined",
            Js::Null | Js::Obj(_) => "object",
            Js::Bool(_) => "boolean",
            Js::Num(_) => "number",
            Js::Str(_) => "string",
            Js::Class(_) => "function",
        }
    }
}

fn class_of(v: &Js) -> Option<Cls> {
    match v.kind()? {
        Kind::Inst(c) => Some(c),
        _ => None,
    }
}

fn utf16_len(s: &str) -> usize {
    s.chars().map(char::len_utf16).sum()
}

/// Evaluation state.
#[derive(Default)]
struct Cx {
    depth: usize,
    /// Properties Sequelize set on a DataTypes class itself (a class used as
    /// a NUMBER's options, then `.UNSIGNED`). In JavaScript they outlive the
    /// expression; here they last for one evaluation.
    statics: Vec<(Base, String, Js)>,
}

type R<T> = Result<T, String>;

impl Cx {
    fn enter(&mut self) -> R<()> {
        self.depth += 1;
        if self.depth > MAX_NESTING * 4 {
            Err(TOO_DEEP.into())
        } else {
            Ok(())
        }
    }

    fn leave(&mut self) {
        self.depth = self.depth.saturating_sub(1);
    }

    // --- property access -------------------------------------------------

    /// `v[name]`.
    fn get(&mut self, v: &Js, name: &str) -> R<Js> {
        match v {
            Js::Undef | Js::Null => Err(format!(
                "Cannot read properties of {} (reading '{name}')",
                if matches!(v, Js::Null) {
                    "null"
                } else {
                    "undefined"
                }
            )),
            Js::Str(s) => Ok(if name == "length" {
                #[allow(clippy::cast_precision_loss)]
                Js::Num(utf16_len(s) as f64)
            } else {
                Js::Undef
            }),
            Js::Bool(_) | Js::Num(_) => Ok(Js::Undef),
            Js::Class(b) => {
                if let Some((_, _, v)) = self.statics.iter().find(|(c, k, _)| c == b && k == name) {
                    return Ok(v.clone());
                }
                Ok(match name {
                    "key" => Js::str(b.key()),
                    "name" => Js::str(b.class_name()),
                    "length" => Js::Num(f64::from(b.arity())),
                    _ => Js::Undef,
                })
            }
            Js::Obj(o) => {
                let o = o.borrow();
                if let Some((_, v)) = o.props.iter().find(|(k, _)| k == name) {
                    return Ok(v.clone());
                }
                Ok(match (o.kind, name) {
                    (Kind::Array, "length") =>
                    {
                        #[allow(clippy::cast_precision_loss)]
                        Js::Num(o.items.len() as f64)
                    }
                    (Kind::Array, _) => name
                        .parse::<usize>()
                        .ok()
                        .filter(|i| i.to_string() == name)
                        .and_then(|i| o.items.get(i).cloned())
                        .unwrap_or(Js::Undef),
                    (Kind::Inst(c), "key") => Js::str(c.base.key()),
                    _ => Js::Undef,
                })
            }
        }
    }

    /// `v[name] = value`, in strict mode.
    fn set(&mut self, v: &Js, name: &str, value: Js) -> R<()> {
        match v {
            Js::Undef | Js::Null => Err(format!(
                "Cannot set properties of {} (setting '{name}')",
                if matches!(v, Js::Null) {
                    "null"
                } else {
                    "undefined"
                }
            )),
            Js::Str(s) => {
                let read_only = name == "length"
                    || name
                        .parse::<usize>()
                        .is_ok_and(|i| i.to_string() == name && i < utf16_len(s));
                if read_only {
                    Err(format!(
                        "Cannot assign to read only property '{name}' of string '{s}'"
                    ))
                } else {
                    Err(format!("Cannot create property '{name}' on string '{s}'"))
                }
            }
            Js::Bool(_) | Js::Num(_) => {
                let shown = self.js_string(v)?;
                Err(format!(
                    "Cannot create property '{name}' on {} '{shown}'",
                    v.type_of()
                ))
            }
            Js::Class(b) => {
                if matches!(name, "length" | "name" | "prototype") {
                    // V8 quotes the class's whole source text here.
                    return Err(format!(
                        "Cannot assign to read only property '{name}' of function 'class {} ...'",
                        b.class_name()
                    ));
                }
                if let Some(slot) = self
                    .statics
                    .iter_mut()
                    .find(|(c, k, _)| c == b && k == name)
                {
                    slot.2 = value;
                } else {
                    self.statics.push((*b, name.to_string(), value));
                }
                Ok(())
            }
            Js::Obj(o) => {
                let is_array = o.borrow().kind == Kind::Array;
                if is_array && name == "length" {
                    let n = match &value {
                        Js::Num(n) => *n,
                        Js::Null => 0.0,
                        Js::Bool(b) => f64::from(u8::from(*b)),
                        Js::Str(s) if s.trim().is_empty() => 0.0,
                        Js::Str(s) => s.trim().parse().unwrap_or(f64::NAN),
                        _ => f64::NAN,
                    };
                    if !(n >= 0.0 && n <= f64::from(u32::MAX) && n.fract() == 0.0) {
                        return Err("Invalid array length".into());
                    }
                    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
                    let len = n as usize;
                    if len > 1_000_000 {
                        // A sparse array in JavaScript; nothing reads it here.
                        return Ok(());
                    }
                    o.borrow_mut().items.resize(len, Js::Undef);
                    return Ok(());
                }
                if is_array {
                    if let Some(i) = name
                        .parse::<usize>()
                        .ok()
                        .filter(|i| i.to_string() == name && *i < 1_000_000)
                    {
                        let mut o = o.borrow_mut();
                        if o.items.len() <= i {
                            o.items.resize(i + 1, Js::Undef);
                        }
                        if let Some(slot) = o.items.get_mut(i) {
                            *slot = value;
                        }
                        return Ok(());
                    }
                }
                let mut o = o.borrow_mut();
                if let Some(slot) = o.props.iter_mut().find(|(k, _)| k == name) {
                    slot.1 = value;
                } else {
                    o.props.push((name.to_string(), value));
                }
                Ok(())
            }
        }
    }

    /// `String(v)` (and template literals).
    fn js_string(&mut self, v: &Js) -> R<String> {
        match v {
            Js::Undef => Ok("undefined".into()),
            Js::Null => Ok("null".into()),
            Js::Bool(b) => Ok(b.to_string()),
            Js::Num(n) => Ok(js_text::number(*n)),
            Js::Str(s) => Ok(s.to_string()),
            // `static toString() { return this.name; }`
            Js::Class(b) => Ok(b.class_name().to_string()),
            Js::Obj(o) => {
                let (kind, items, own_to_string) = {
                    let o = o.borrow();
                    (
                        o.kind,
                        if o.kind == Kind::Array {
                            o.items.clone()
                        } else {
                            Vec::new()
                        },
                        o.props.iter().any(|(k, _)| k == "toString"),
                    )
                };
                if own_to_string {
                    // Own `toString` is never a function returning a
                    // primitive here, and `valueOf` gives the object back.
                    return Err("Cannot convert object to primitive value".into());
                }
                match kind {
                    Kind::Plain => Ok("[object Object]".into()),
                    Kind::Array => {
                        self.enter()?;
                        let mut parts = Vec::with_capacity(items.len());
                        for item in &items {
                            parts.push(match item {
                                Js::Undef | Js::Null => String::new(),
                                other => match self.js_string(other) {
                                    Ok(s) => s,
                                    Err(e) => {
                                        self.leave();
                                        return Err(e);
                                    }
                                },
                            });
                        }
                        self.leave();
                        Ok(parts.join(","))
                    }
                    Kind::Inst(_) => {
                        let printed = self.print_type(v)?;
                        match printed {
                            Js::Obj(_) => Err("Cannot convert object to primitive value".into()),
                            other => self.js_string(&other),
                        }
                    }
                }
            }
        }
    }

    /// `receiver.name()` for the methods Sequelize calls on values it got
    /// from the user: `toLowerCase` and `toSql`. `expr` is the callee as the
    /// source writes it, for V8's message.
    fn call_method(&mut self, receiver: &Js, name: &str, expr: &str) -> R<Js> {
        match receiver {
            Js::Undef | Js::Null => {
                self.get(receiver, name)?;
                Ok(Js::Undef)
            }
            Js::Str(s) if name == "toLowerCase" => Ok(Js::str(&js_text::lower(s))),
            Js::Obj(o) => {
                let (kind, own) = {
                    let o = o.borrow();
                    (
                        o.kind,
                        o.props
                            .iter()
                            .find(|(k, _)| k == name)
                            .map(|(_, v)| v.clone()),
                    )
                };
                match (own, kind) {
                    // Calling a DataTypes class constructs it.
                    (Some(Js::Class(b)), _) => self.construct(Cls { base: b, pg: false }, &[]),
                    (None, Kind::Inst(_)) if name == "toSql" => self.print_type(receiver),
                    _ => Err(format!("{expr}.{name} is not a function")),
                }
            }
            _ => Err(format!("{expr}.{name} is not a function")),
        }
    }

    // --- evaluation ------------------------------------------------------

    fn arg(&mut self, a: &TypeArg, depth: usize) -> R<Js> {
        if depth > MAX_NESTING {
            return Err(TOO_DEEP.into());
        }
        Ok(match a {
            TypeArg::Number(n) => Js::Num(*n),
            TypeArg::Str(s) => Js::str(s),
            TypeArg::Bool(b) => Js::Bool(*b),
            TypeArg::Null => Js::Null,
            TypeArg::Undefined => Js::Undef,
            TypeArg::Type(t) => self.evaluate(t, depth + 1)?,
            TypeArg::Array(items) => {
                let mut out = Vec::with_capacity(items.len());
                for item in items {
                    out.push(self.arg(item, depth + 1)?);
                }
                Js::obj(Kind::Array, out, Vec::new())
            }
            TypeArg::Object(props) => {
                let mut out: Vec<(String, Js)> = Vec::with_capacity(props.len());
                for (k, v) in props {
                    let v = self.arg(v, depth + 1)?;
                    if let Some(slot) = out.iter_mut().find(|(key, _)| key == k) {
                        slot.1 = v;
                    } else {
                        out.push((k.clone(), v));
                    }
                }
                Js::obj(Kind::Plain, Vec::new(), out)
            }
        })
    }

    /// The value of the expression `DataTypes.KEY(args).MODIFIERS`.
    fn evaluate(&mut self, t: &DataType, depth: usize) -> R<Js> {
        let Some(base) = Base::from_key(&t.key) else {
            if t.args.is_some() {
                return Err(format!("DataTypes.{} is not a function", t.key));
            }
            return self.read_modifiers(Js::Undef, &t.modifiers);
        };
        let mut value = Js::Class(base);
        if let Some(args) = &t.args {
            let mut values = Vec::with_capacity(args.len());
            for a in args {
                values.push(self.arg(a, depth + 1)?);
            }
            value = self.construct(Cls { base, pg: false }, &values)?;
        }
        self.read_modifiers(value, &t.modifiers)
    }

    fn read_modifiers(&mut self, mut value: Js, modifiers: &[String]) -> R<Js> {
        for m in modifiers {
            value = match &value {
                Js::Class(b) if b.has_modifier(m) => {
                    // `static get BINARY() { return new this().BINARY; }`
                    let inst = self.construct(
                        Cls {
                            base: *b,
                            pg: false,
                        },
                        &[],
                    )?;
                    self.modifier(&inst, m)?;
                    inst
                }
                Js::Obj(_) if class_of(&value).is_some_and(|c| c.base.has_modifier(m)) => {
                    self.modifier(&value, m)?;
                    value.clone()
                }
                // No other property of a type is a type: `undefined`, or
                // the TypeError reading from `undefined`.
                other => {
                    self.get(other, m)?;
                    Js::Undef
                }
            };
        }
        Ok(value)
    }

    /// The getters BINARY, UNSIGNED, ZEROFILL on an instance.
    fn modifier(&mut self, inst: &Js, m: &str) -> R<()> {
        let (own, option) = match m {
            "BINARY" => ("_binary", "binary"),
            "UNSIGNED" => ("_unsigned", "unsigned"),
            _ => ("_zerofill", "zerofill"),
        };
        self.set(inst, own, Js::Bool(true))?;
        let options = self.get(inst, "options")?;
        self.set(&options, option, Js::Bool(true))
    }

    /// `new Class(...args)`.
    fn construct(&mut self, cls: Cls, args: &[Js]) -> R<Js> {
        self.enter()?;
        let result = self.construct_inner(cls, args);
        self.leave();
        result
    }

    fn construct_inner(&mut self, cls: Cls, args: &[Js]) -> R<Js> {
        let arg = |i: usize| args.get(i).cloned().unwrap_or(Js::Undef);
        let this = Js::obj(Kind::Inst(cls), Vec::new(), Vec::new());
        // `typeof x === "object" && x || { ...fallback }`
        let object_or = |x: &Js, fallback: Vec<(&str, Js)>| {
            if x.is_object() && x.truthy() {
                x.clone()
            } else {
                Js::plain(fallback)
            }
        };
        match cls.base {
            Base::String | Base::Char => {
                let options = object_or(&arg(0), vec![("length", arg(0)), ("binary", arg(1))]);
                self.set(&this, "options", options.clone())?;
                let binary = self.get(&options, "binary")?;
                self.set(&this, "_binary", binary)?;
                let length = self.get(&options, "length")?;
                let length = if length.truthy() {
                    length
                } else {
                    Js::Num(255.0)
                };
                self.set(&this, "_length", length)?;
            }
            Base::Text | Base::Blob | Base::Date => {
                let options = object_or(&arg(0), vec![("length", arg(0))]);
                self.set(&this, "options", options.clone())?;
                let length = self.get(&options, "length")?;
                let length = if length.truthy() { length } else { Js::str("") };
                self.set(&this, "_length", length)?;
            }
            Base::Number
            | Base::Tinyint
            | Base::Smallint
            | Base::Mediumint
            | Base::Integer
            | Base::Bigint => {
                self.number(&this, arg(0))?;
                if cls.pg {
                    self.remove_unsupported_integer_options(&this)?;
                }
            }
            Base::Real | Base::Double => {
                // The postgres classes pass on only their first argument.
                let decimals = if cls.pg { Js::Undef } else { arg(1) };
                let options = object_or(&arg(0), vec![("length", arg(0)), ("decimals", decimals)]);
                self.number(&this, options)?;
                if cls.pg {
                    self.remove_unsupported_integer_options(&this)?;
                }
            }
            Base::Float => {
                let options = object_or(&arg(0), vec![("length", arg(0)), ("decimals", arg(1))]);
                self.number(&this, options.clone())?;
                if cls.pg {
                    if self.get(&this, "_decimals")?.truthy() {
                        self.set(&this, "_length", Js::Undef)?;
                        let options = self.get(&this, "options")?;
                        self.set(&options, "length", Js::Undef)?;
                        self.set(&this, "_decimals", Js::Undef)?;
                    }
                    if self.get(&this, "_unsigned")?.truthy() {
                        self.set(&this, "_unsigned", Js::Undef)?;
                    }
                    if self.get(&this, "_zerofill")?.truthy() {
                        self.set(&this, "_zerofill", Js::Undef)?;
                    }
                }
            }
            Base::Decimal => {
                let options = object_or(&arg(0), vec![("precision", arg(0)), ("scale", arg(1))]);
                self.number(&this, options)?;
            }
            Base::Range => {
                let subtype = arg(0);
                let options = if subtype.is_plain() {
                    subtype
                } else {
                    Js::plain(vec![("subtype", subtype)])
                };
                if !self.get(&options, "subtype")?.truthy() {
                    let integer = self.construct(
                        Cls {
                            base: Base::Integer,
                            pg: false,
                        },
                        &[],
                    )?;
                    self.set(&options, "subtype", integer)?;
                }
                if let Js::Class(b) = self.get(&options, "subtype")? {
                    let inst = self.construct(Cls { base: b, pg: false }, &[])?;
                    self.set(&options, "subtype", inst)?;
                }
                let subtype = self.get(&options, "subtype")?;
                let key = self.get(&subtype, "key")?;
                self.set(&this, "_subtype", key)?;
                self.set(&this, "options", options)?;
            }
            Base::Virtual => {
                let mut return_type = arg(0);
                if let Js::Class(b) = return_type {
                    return_type = self.construct(Cls { base: b, pg: false }, &[])?;
                }
                self.set(&this, "returnType", return_type)?;
                self.set(&this, "fields", arg(1))?;
            }
            Base::Enum => {
                let value = arg(0);
                let options = if value.is_object() && !value.is_array() && value.truthy() {
                    value
                } else {
                    let mut values = Vec::new();
                    for a in args {
                        match a {
                            Js::Obj(o) if o.borrow().kind == Kind::Array => {
                                values.extend(o.borrow().items.iter().cloned());
                            }
                            other => values.push(other.clone()),
                        }
                    }
                    Js::plain(vec![("values", Js::obj(Kind::Array, values, Vec::new()))])
                };
                let values = self.get(&options, "values")?;
                self.set(&this, "values", values)?;
                self.set(&this, "options", options)?;
            }
            Base::Array => {
                let ty = arg(0);
                let options = if ty.is_plain() {
                    ty
                } else {
                    Js::plain(vec![("type", ty)])
                };
                self.set(&this, "options", options.clone())?;
                let mut ty = self.get(&options, "type")?;
                if let Js::Class(b) = ty {
                    ty = self.construct(Cls { base: b, pg: false }, &[])?;
                }
                self.set(&this, "type", ty)?;
            }
            Base::Geometry | Base::Geography => {
                let ty = arg(0);
                let options = if ty.is_plain() {
                    ty
                } else {
                    Js::plain(vec![("type", ty), ("srid", arg(1))])
                };
                self.set(&this, "options", options.clone())?;
                let ty = self.get(&options, "type")?;
                self.set(&this, "type", ty)?;
                let srid = self.get(&options, "srid")?;
                self.set(&this, "srid", srid)?;
            }
            Base::Abstract
            | Base::Citext
            | Base::Boolean
            | Base::Time
            | Base::Dateonly
            | Base::Hstore
            | Base::Json
            | Base::Jsonb
            | Base::Now
            | Base::Uuid
            | Base::Uuidv1
            | Base::Uuidv4
            | Base::Cidr
            | Base::Inet
            | Base::Macaddr
            | Base::Tsvector => {}
        }
        Ok(this)
    }

    /// NUMBER's constructor body.
    fn number(&mut self, this: &Js, options: Js) -> R<()> {
        let options = match options {
            Js::Undef => Js::plain(Vec::new()),
            Js::Num(n) => Js::plain(vec![("length", Js::Num(n))]),
            other => other,
        };
        self.set(this, "options", options.clone())?;
        for (own, option) in [
            ("_length", "length"),
            ("_zerofill", "zerofill"),
            ("_decimals", "decimals"),
            ("_precision", "precision"),
            ("_scale", "scale"),
            ("_unsigned", "unsigned"),
        ] {
            let v = self.get(&options, option)?;
            self.set(this, own, v)?;
        }
        Ok(())
    }

    /// `removeUnsupportedIntegerOptions` of the postgres dialect.
    fn remove_unsupported_integer_options(&mut self, this: &Js) -> R<()> {
        let options = self.get(this, "options")?;
        let any = self.get(this, "_length")?.truthy()
            || self.get(&options, "length")?.truthy()
            || self.get(this, "_unsigned")?.truthy()
            || self.get(this, "_zerofill")?.truthy();
        if any {
            self.set(this, "_length", Js::Undef)?;
            let options = self.get(this, "options")?;
            self.set(&options, "length", Js::Undef)?;
            self.set(this, "_unsigned", Js::Undef)?;
            self.set(this, "_zerofill", Js::Undef)?;
        }
        Ok(())
    }

    /// `sequelize.define(..., { a: { type } })` up to the normalised type in
    /// `rawAttributes.a.type`.
    fn define(&mut self, t: &DataType) -> R<Js> {
        let value = self.evaluate(t, 0)?;
        // normalizeAttribute
        if !value.truthy() {
            return Err(UNRECOGNIZED.into());
        }
        let ty = self.normalize_data_type(value)?;
        if class_of(&ty).is_some_and(|c| c.base == Base::Enum) {
            let values = self.get(&ty, "values")?;
            if !self.get(&values, "length")?.truthy() {
                return Err("Values for ENUM have not been defined.".into());
            }
        }
        // refreshAttributes normalises the type once more.
        self.normalize_data_type(ty)
    }

    /// `sequelize.normalizeDataType`.
    fn normalize_data_type(&mut self, value: Js) -> R<Js> {
        let mut ty = match value {
            Js::Class(b) => self.construct(Cls { base: b, pg: false }, &[])?,
            other => other,
        };
        if let Js::Str(key) = self.get(&ty, "key")? {
            if let Some(base) = Base::from_pg_key(&key) {
                ty = self.extend(base, &ty)?;
            }
        }
        if class_of(&ty).is_some_and(|c| c.base == Base::Array) {
            let inner = self.get(&ty, "type")?;
            if !inner.truthy() {
                return Err("ARRAY is missing type definition for its values.".into());
            }
            let key = self.get(&inner, "key")?;
            let key = self.js_string(&key)?;
            if OBJECT_PROTOTYPE.contains(&key.as_str()) {
                return Err("dialectTypes[type.type.key].extend is not a function".into());
            }
            if let Some(base) = Base::from_pg_key(&key) {
                let extended = self.extend(base, &inner)?;
                self.set(&ty, "type", extended)?;
            }
        }
        Ok(ty)
    }

    /// `PostgresClass.extend(old)`: `new this(old.options)`.
    fn extend(&mut self, base: Base, old: &Js) -> R<Js> {
        let options = self.get(old, "options")?;
        self.construct(Cls { base, pg: true }, &[options])
    }

    // --- printing ----------------------------------------------------------

    /// `type.toSql()` (what `toString()` returns) for an instance.
    fn print_type(&mut self, this: &Js) -> R<Js> {
        self.enter()?;
        let result = self.print_type_inner(this);
        self.leave();
        result
    }

    fn print_type_inner(&mut self, this: &Js) -> R<Js> {
        let Some(cls) = class_of(this) else {
            return Err("this.type.toSql is not a function".into());
        };
        let key = cls.base.key();
        let text = match cls.base {
            Base::String | Base::Char => {
                let binary = self.get(this, "_binary")?.truthy();
                if cls.pg && binary {
                    "BYTEA".to_string()
                } else {
                    let length = self.get(this, "_length")?;
                    let name = if cls.base == Base::Char {
                        "CHAR"
                    } else {
                        "VARCHAR"
                    };
                    let mut s = format!("{name}({})", self.js_string(&length)?);
                    if binary {
                        s.push_str(" BINARY");
                    }
                    s
                }
            }
            Base::Text | Base::Blob => {
                if cls.pg {
                    if self.get(this, "_length")?.truthy() {
                        self.set(this, "_length", Js::Undef)?;
                    }
                    if cls.base == Base::Text {
                        "TEXT"
                    } else {
                        "BYTEA"
                    }
                    .to_string()
                } else {
                    let length = self.get(this, "_length")?;
                    let lower = self.call_method(&length, "toLowerCase", "this._length")?;
                    let size = match &lower {
                        Js::Str(s) => match &**s {
                            "tiny" => Some("TINY"),
                            "medium" => Some("MEDIUM"),
                            "long" => Some("LONG"),
                            _ => None,
                        },
                        _ => None,
                    };
                    match size {
                        Some(size) => format!("{size}{key}"),
                        None => key.to_string(),
                    }
                }
            }
            Base::Decimal => {
                let precision = self.get(this, "_precision")?;
                let scale = self.get(this, "_scale")?;
                if precision.truthy() || scale.truthy() {
                    let mut parts = Vec::new();
                    for v in [precision, scale] {
                        if v.truthy() {
                            parts.push(self.js_string(&v)?);
                        }
                    }
                    format!("DECIMAL({})", parts.join(","))
                } else {
                    "DECIMAL".to_string()
                }
            }
            b if b.is_number() => {
                let mut s = key.to_string();
                let length = self.get(this, "_length")?;
                if length.truthy() {
                    s.push('(');
                    s.push_str(&self.js_string(&length)?);
                    if let Js::Num(d) = self.get(this, "_decimals")? {
                        s.push(',');
                        s.push_str(&js_text::number(d));
                    }
                    s.push(')');
                }
                if self.get(this, "_unsigned")?.truthy() {
                    s.push_str(" UNSIGNED");
                }
                if self.get(this, "_zerofill")?.truthy() {
                    s.push_str(" ZEROFILL");
                }
                s
            }
            Base::Boolean => if cls.pg { "BOOLEAN" } else { "TINYINT(1)" }.to_string(),
            Base::Time => "TIME".to_string(),
            Base::Date => if cls.pg {
                "TIMESTAMP WITH TIME ZONE"
            } else {
                "DATETIME"
            }
            .to_string(),
            Base::Dateonly => "DATE".to_string(),
            Base::Citext => "CITEXT".to_string(),
            Base::Range if cls.pg => {
                let subtype = self.get(this, "_subtype")?;
                let lower = self.call_method(&subtype, "toLowerCase", "this._subtype")?;
                let lower = self.js_string(&lower)?;
                return Ok(match lower.as_str() {
                    "integer" => Js::str("int4range"),
                    "decimal" => Js::str("numrange"),
                    "date" => Js::str("tstzrange"),
                    "dateonly" => Js::str("daterange"),
                    "bigint" => Js::str("int8range"),
                    _ => Js::Undef,
                });
            }
            Base::Array => {
                let inner = self.get(this, "type")?;
                let printed = self.call_method(&inner, "toSql", "this.type")?;
                format!("{}[]", self.js_string(&printed)?)
            }
            Base::Geometry | Base::Geography if cls.pg => {
                let mut s = key.to_string();
                let ty = self.get(this, "type")?;
                if ty.truthy() {
                    s.push('(');
                    s.push_str(&self.js_string(&ty)?);
                    let srid = self.get(this, "srid")?;
                    if srid.truthy() {
                        s.push(',');
                        s.push_str(&self.js_string(&srid)?);
                    }
                    s.push(')');
                }
                s
            }
            _ => key.to_string(),
        };
        Ok(Js::Str(Rc::from(text)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn call(key: &str, args: Vec<TypeArg>) -> DataType {
        DataType {
            key: key.into(),
            args: Some(args),
            modifiers: Vec::new(),
        }
    }

    #[test]
    fn keys_and_modifiers() {
        assert!(is_data_type_key("DOUBLE PRECISION"));
        assert!(is_data_type_key("NUMERIC"));
        assert!(!is_data_type_key("postgres"));
        assert!(!is_data_type_key("VARCHAR"));
        assert!(is_modifier("CHAR", "BINARY"));
        assert!(is_modifier("NUMERIC", "ZEROFILL"));
        assert!(!is_modifier("TEXT", "BINARY"));
        assert!(!is_modifier("STRING", "UNSIGNED"));
    }

    #[test]
    fn unknown_modifier_is_undefined() {
        let mut t = DataType::new("TEXT");
        t.modifiers.push("BINARY".into());
        assert_eq!(t.postgres(), Err(UNRECOGNIZED.into()));
        t.modifiers.push("BINARY".into());
        assert_eq!(
            t.postgres(),
            Err("Cannot read properties of undefined (reading 'BINARY')".into())
        );
    }

    #[test]
    fn enum_values_and_attribute_values() {
        let t = call(
            "ENUM",
            vec![
                TypeArg::Array(vec![TypeArg::Str("a".into())]),
                TypeArg::Str("b".into()),
                TypeArg::Number(3.0),
            ],
        );
        assert_eq!(
            t.enum_values(),
            Some(vec!["a".into(), "b".into(), "3".into()])
        );
        let arr = call("ARRAY", vec![TypeArg::Type(t)]);
        assert_eq!(arr.enum_values().map(|v| v.len()), Some(3));
        let mut bare = DataType::new("ENUM");
        assert_eq!(
            bare.postgres(),
            Err("Values for ENUM have not been defined.".into())
        );
        bare.with_enum_values(&["x", "y"]);
        assert_eq!(bare.postgres(), Ok("ENUM".into()));
        assert_eq!(bare.enum_values(), Some(vec!["x".into(), "y".into()]));
        assert_eq!(DataType::new("STRING").enum_values(), None);
    }

    #[test]
    fn oracle_falls_back_to_the_key() {
        let t = call("RANGE", vec![TypeArg::Str("abc".into())]);
        assert_eq!(t.oracle_type_name(), Ok(Some("RANGE".into())));
        let t = call("RANGE", vec![TypeArg::Type(DataType::new("STRING"))]);
        assert_eq!(t.oracle_type_name(), Ok(None));
        assert_eq!(t.postgres(), Ok("undefined".into()));
    }

    #[test]
    fn deep_nesting_is_refused_not_overflowed() {
        let mut t = DataType::new("STRING");
        for _ in 0..1_000 {
            t = call("ARRAY", vec![TypeArg::Type(t)]);
        }
        assert_eq!(t.postgres(), Err(TOO_DEEP.into()));
        let mut a = TypeArg::Number(1.0);
        for _ in 0..1_000 {
            a = TypeArg::Array(vec![a]);
        }
        assert_eq!(call("STRING", vec![a]).postgres(), Err(TOO_DEEP.into()));
    }
}
