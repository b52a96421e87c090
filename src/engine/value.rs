//! JavaScript values as the interpreter sees them: enough of JavaScript to
//! evaluate model definitions and association calls, plus the Sequelize
//! objects (models, DataTypes, the `sequelize` instance) they talk to.
//!
//! Values that come from code the engine does not follow are
//! [`Value::Unknown`]: they flow through without being guessed at.

use std::cell::RefCell;
use std::rc::{Rc, Weak};

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
    /// an option point at the option itself. By the key's index in
    /// `props` (a map of its own copied every key: a second allocation per
    /// property); None, or past the end, for keys set otherwise.
    key_spans: Vec<Option<Span>>,
    /// The oracle's `models` / `db`: reading a missing property creates a
    /// model with Sequelize's defaults.
    pub bag: bool,
}

impl Object {
    /// Sets `key`, written at `span` when it is known (a key set without
    /// one keeps the span it had).
    pub fn insert(&mut self, key: String, value: Value, span: Option<Span>) {
        let (index, _) = self.props.insert_full(key, value);
        if let Some(span) = span {
            if self.key_spans.len() <= index {
                self.key_spans.resize(index + 1, None);
            }
            self.key_spans[index] = Some(span);
        }
    }

    /// JavaScript's `delete object[key]`.
    pub fn remove(&mut self, key: &str) {
        if let Some((index, _, _)) = self.props.shift_remove_full(key) {
            if index < self.key_spans.len() {
                self.key_spans.remove(index);
            }
        }
    }

    /// Where `key` was written, for a key an object literal (or an
    /// assignment) set.
    pub fn key_span(&self, key: &str) -> Option<Span> {
        let index = self.props.get_index_of(key)?;
        self.key_spans.get(index).copied().flatten()
    }
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
        Value::object_with_key_spans(props, Vec::new())
    }

    /// An object literal: its properties and where each key was written.
    pub fn object_with_key_spans(
        props: IndexMap<String, Value>,
        key_spans: Vec<Option<Span>>,
    ) -> Self {
        let object = Rc::new(RefCell::new(Object {
            props,
            key_spans,
            bag: false,
        }));
        MADE.with(|made| made.borrow_mut().object(&object));
        #[cfg(test)]
        LIVE_OBJECTS.with(|n| n.set(n.get() + 1));
        Value::Object(object)
    }

    pub fn array(items: Vec<Value>) -> Self {
        let array = Rc::new(RefCell::new(items));
        MADE.with(|made| made.borrow_mut().array(&array));
        Value::Array(array)
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
            Value::Object(o) => o.borrow().key_span(key),
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
            Value::Str(s) => String::from(&**s),
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

/// JavaScript's `Number.prototype.toString()`.
pub fn number_to_string(n: f64) -> String {
    super::js_text::number(n)
}

/// The objects and arrays made on this thread, so that [`break_cycles`]
/// can empty the ones still alive when an analysis ends. Values are
/// reference-counted: a program that makes an object hold itself
/// (`db.sequelize = db`) would otherwise leak it with everything it holds,
/// once per analysis (found by the fuzzer's leak checker).
struct Made {
    objects: Vec<Weak<RefCell<Object>>>,
    arrays: Vec<Weak<RefCell<Vec<Value>>>>,
    /// When the lists next drop the values already gone (at twice their
    /// live size: a loop making objects keeps them short).
    compact_at: usize,
}

const FIRST_COMPACTION: usize = 4096;

impl Made {
    fn object(&mut self, object: &ObjRef) {
        self.objects.push(Rc::downgrade(object));
        self.compact();
    }

    fn array(&mut self, array: &ArrRef) {
        self.arrays.push(Rc::downgrade(array));
        self.compact();
    }

    fn compact(&mut self) {
        if self.objects.len() + self.arrays.len() < self.compact_at {
            return;
        }
        self.objects.retain(|w| w.strong_count() > 0);
        self.arrays.retain(|w| w.strong_count() > 0);
        self.compact_at = (2 * (self.objects.len() + self.arrays.len())).max(FIRST_COMPACTION);
    }
}

thread_local! {
    static MADE: RefCell<Made> = const {
        RefCell::new(Made {
            objects: Vec::new(),
            arrays: Vec::new(),
            compact_at: FIRST_COMPACTION,
        })
    };
}

/// Empties every object and array made on this thread that is still alive,
/// breaking the reference cycles among them. Call it when no value of the
/// analysis is in use any more: its end (the schema holds no values).
pub fn break_cycles() {
    let (objects, arrays) = MADE.with(|made| {
        let mut made = made.borrow_mut();
        made.compact_at = FIRST_COMPACTION;
        (
            std::mem::take(&mut made.objects),
            std::mem::take(&mut made.arrays),
        )
    });
    // What an object held is dropped after its borrow ends: dropping it may
    // drop other objects of the lists.
    let mut held: Vec<Value> = Vec::new();
    for object in objects.iter().filter_map(Weak::upgrade) {
        if let Ok(mut o) = object.try_borrow_mut() {
            held.extend(std::mem::take(&mut o.props).into_values());
        }
    }
    for array in arrays.iter().filter_map(Weak::upgrade) {
        if let Ok(mut a) = array.try_borrow_mut() {
            held.append(&mut a);
        }
    }
    drop(held);
}

// Objects alive on this thread, for tests that an analysis leaves none.
#[cfg(test)]
thread_local! {
    static LIVE_OBJECTS: std::cell::Cell<isize> = const { std::cell::Cell::new(0) };
}

#[cfg(test)]
pub fn live_objects() -> isize {
    LIVE_OBJECTS.with(std::cell::Cell::get)
}

#[cfg(test)]
impl Drop for Object {
    fn drop(&mut self) {
        LIVE_OBJECTS.with(|n| n.set(n.get() - 1));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn break_cycles_frees_objects_and_arrays_that_hold_themselves() {
        let db = Value::object(IndexMap::default());
        let all = Value::array(Vec::new());
        let (Value::Object(o), Value::Array(a)) = (&db, &all) else {
            unreachable!("made as an object and an array")
        };
        o.borrow_mut().props.insert("self".into(), db.clone());
        o.borrow_mut().props.insert("all".into(), all.clone());
        a.borrow_mut().push(db.clone());
        let (o, a) = (Rc::downgrade(o), Rc::downgrade(a));
        drop((db, all));
        assert!(o.upgrade().is_some(), "the cycle keeps them alive");
        break_cycles();
        assert!(o.upgrade().is_none() && a.upgrade().is_none());
    }
}
