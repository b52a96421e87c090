//! JavaScript values as the interpreter sees them: enough of JavaScript to
//! evaluate model definitions and association calls, plus the Sequelize
//! objects (models, DataTypes, the `sequelize` instance) they talk to.
//!
//! Values that come from code the engine does not follow are
//! [`Value::Unknown`]: they flow through without being guessed at.

use std::cell::RefCell;
use std::rc::Rc;

use crate::engine::fast_hash::IndexMap;

use super::datatypes::DataType;
use super::source::Span;

/// Index of a model class in the runtime (see `runtime::Runtime::models`).
pub type ClassId = usize;

/// A plain object: own properties in insertion order.
#[derive(Debug, Default)]
pub struct Object {
    pub props: IndexMap<String, Value>,
    /// Where each key was written, for object literals: diagnostics about
    /// an option point at the option itself.
    pub key_spans: IndexMap<String, Span>,
    /// The oracle's `models` / `db`: reading a missing property creates a
    /// model with Sequelize's defaults.
    pub bag: bool,
}

pub type ObjRef = Rc<RefCell<Object>>;
pub type ArrRef = Rc<RefCell<Vec<Value>>>;

/// Built-in objects and functions the interpreter provides.
#[derive(Clone, Debug)]
pub enum Host {
    /// The `sequelize` instance.
    Sequelize,
    /// The `Sequelize` class / `require('sequelize')` module.
    SequelizeModule,
    /// `DataTypes`.
    DataTypes,
    /// `Model`, the base class.
    ModelBase,
    /// `Op` and anything hung off it.
    Op,
    /// `require`.
    Require,
    /// `sequelize.models`: the registry, read-only.
    Registry,
    /// `Object` (keys, values, entries, assign).
    ObjectCtor,
    /// `console` and its methods: calls do nothing.
    Console,
    /// `Error` and its kin: `new Error(message)`.
    ErrorCtor,
    /// A method bound to its receiver, waiting to be called.
    Method(Box<Value>, String),
}

/// A function written by the user: the parse-tree node is looked up by its
/// span in the interpreter, so values stay free of parse-tree lifetimes.
impl PartialEq for Host {
    /// Identity, as `===` sees it: a bound method is a fresh function.
    fn eq(&self, other: &Self) -> bool {
        !matches!(self, Host::Method(..))
            && std::mem::discriminant(self) == std::mem::discriminant(other)
    }
}

#[derive(Debug)]
pub struct Function {
    pub id: usize,
    pub name: Option<String>,
    /// Count of parameters before the first default or rest (`fn.length`).
    pub length: usize,
    pub span: Span,
}

#[derive(Clone, Debug, Default)]
pub enum Value {
    #[default]
    Undefined,
    Null,
    Bool(bool),
    Number(f64),
    Str(Rc<str>),
    Object(ObjRef),
    Array(ArrRef),
    Function(Rc<Function>),
    /// A model class: a `sequelize.define` result or a class extending Model.
    Model(ClassId),
    /// A DataTypes member, possibly called and modified.
    DataType(Rc<DataType>),
    /// The result of an association call.
    Association(usize),
    Host(Host),
    /// Something the engine does not follow.
    Unknown,
}

impl Value {
    pub fn str(s: &str) -> Self {
        Value::Str(Rc::from(s))
    }

    pub fn object(props: IndexMap<String, Value>) -> Self {
        Value::Object(Rc::new(RefCell::new(Object {
            props,
            key_spans: IndexMap::default(),
            bag: false,
        })))
    }

    pub fn array(items: Vec<Value>) -> Self {
        Value::Array(Rc::new(RefCell::new(items)))
    }

    pub fn is_undefined(&self) -> bool {
        matches!(self, Value::Undefined)
    }

    pub fn is_nullish(&self) -> bool {
        matches!(self, Value::Undefined | Value::Null)
    }

    /// JavaScript truthiness. Unknown values count as truthy: code the
    /// engine cannot follow usually exists for a reason.
    pub fn truthy(&self) -> bool {
        match self {
            Value::Undefined | Value::Null => false,
            Value::Bool(b) => *b,
            Value::Number(n) => *n != 0.0 && !n.is_nan(),
            Value::Str(s) => !s.is_empty(),
            _ => true,
        }
    }

    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::Str(s) => Some(s),
            _ => None,
        }
    }

    /// `_.isObject`: objects, arrays and functions (and classes).
    pub fn is_object_like(&self) -> bool {
        matches!(
            self,
            Value::Object(_)
                | Value::Array(_)
                | Value::Function(_)
                | Value::Model(_)
                | Value::DataType(_)
                | Value::Association(_)
                | Value::Host(_)
        )
    }

    /// `_.isPlainObject`.
    pub fn is_plain_object(&self) -> bool {
        matches!(self, Value::Object(_))
    }

    /// An own property of a plain object (undefined otherwise).
    pub fn prop(&self, key: &str) -> Value {
        match self {
            Value::Object(o) => o.borrow().props.get(key).cloned().unwrap_or_default(),
            _ => Value::Undefined,
        }
    }

    /// Where `key` was written in an object literal.
    pub fn key_span(&self, key: &str) -> Option<Span> {
        match self {
            Value::Object(o) => o.borrow().key_spans.get(key).copied(),
            _ => None,
        }
    }

    pub fn has_prop(&self, key: &str) -> bool {
        match self {
            Value::Object(o) => o.borrow().props.contains_key(key),
            _ => false,
        }
    }

    /// The own property names of a plain object, in order.
    pub fn keys(&self) -> Vec<String> {
        match self {
            Value::Object(o) => o.borrow().props.keys().cloned().collect(),
            _ => Vec::new(),
        }
    }

    /// `typeof`, as JavaScript names it.
    pub fn type_of(&self) -> &'static str {
        match self {
            Value::Undefined | Value::Unknown => "undefined",
            Value::Null | Value::Object(_) | Value::Array(_) | Value::Association(_) => "object",
            Value::Bool(_) => "boolean",
            Value::Number(_) => "number",
            Value::Str(_) => "string",
            Value::Function(_) | Value::Model(_) | Value::DataType(_) => "function",
            Value::Host(h) => match h {
                Host::Sequelize | Host::Registry | Host::Op | Host::Console => "object",
                Host::DataTypes => "object",
                _ => "function",
            },
        }
    }

    /// `String(value)` for the values where that is meaningful.
    pub fn to_js_string(&self) -> String {
        match self {
            Value::Undefined => "undefined".into(),
            Value::Null => "null".into(),
            Value::Bool(b) => b.to_string(),
            Value::Number(n) => number_to_string(*n),
            Value::Str(s) => s.to_string(),
            Value::Array(a) => a
                .borrow()
                .iter()
                .map(|v| {
                    if v.is_nullish() {
                        String::new()
                    } else {
                        v.to_js_string()
                    }
                })
                .collect::<Vec<_>>()
                .join(","),
            Value::Object(_) | Value::Association(_) => "[object Object]".into(),
            Value::DataType(t) => t.key.clone(),
            _ => "[object]".into(),
        }
    }
}

/// JavaScript's `Number.prototype.toString()` for the numbers code uses.
pub fn number_to_string(n: f64) -> String {
    if n.is_nan() {
        "NaN".into()
    } else if n.is_infinite() {
        if n > 0.0 {
            "Infinity".into()
        } else {
            "-Infinity".into()
        }
    } else if n == n.trunc() && n.abs() < 1e21 {
        format!("{n:.0}")
    } else {
        format!("{n}")
    }
}
