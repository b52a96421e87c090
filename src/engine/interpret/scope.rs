//! Lexical scopes: a chain of variable maps. `let`, `const` and `class`
//! bindings sit in their temporal dead zone until their declaration runs.

use crate::engine::fast_hash::HashMap;
use std::cell::RefCell;
use std::rc::Rc;

use crate::engine::value::Value;

#[derive(Clone, Debug)]
pub enum Slot {
    Value(Value),
    /// Declared with let/const/class, not yet initialised.
    Tdz,
}

#[derive(Debug, Default)]
pub struct Scope {
    vars: RefCell<HashMap<String, Slot>>,
    parent: Option<Env>,
    /// How many scopes enclose this one: what a lookup may walk.
    depth: usize,
}

pub type Env = Rc<Scope>;

/// What looking a name up found.
pub enum Lookup {
    Found(Value),
    Tdz,
    Missing,
}

impl Scope {
    pub fn root() -> Env {
        Rc::new(Scope::default())
    }

    pub fn child(parent: &Env) -> Env {
        Rc::new(Scope {
            vars: RefCell::new(HashMap::default()),
            parent: Some(parent.clone()),
            depth: parent.depth + 1,
        })
    }

    /// How many scopes enclose this one.
    pub fn depth(&self) -> usize {
        self.depth
    }

    pub fn parent(&self) -> Option<Env> {
        self.parent.clone()
    }

    pub fn declare(&self, name: &str, value: Value) {
        self.vars
            .borrow_mut()
            .insert(name.to_string(), Slot::Value(value));
    }

    pub fn declare_tdz(&self, name: &str) {
        self.vars
            .borrow_mut()
            .entry(name.to_string())
            .or_insert(Slot::Tdz);
    }

    pub fn lookup(&self, name: &str) -> Lookup {
        let mut scope = Some(self);
        while let Some(s) = scope {
            if let Some(slot) = s.vars.borrow().get(name) {
                return match slot {
                    Slot::Value(v) => Lookup::Found(v.clone()),
                    Slot::Tdz => Lookup::Tdz,
                };
            }
            scope = s.parent.as_deref();
        }
        Lookup::Missing
    }

    /// Assigns to the nearest binding of `name`; false when there is none.
    pub fn assign(&self, name: &str, value: Value) -> bool {
        let mut scope = Some(self);
        while let Some(s) = scope {
            if let Some(slot) = s.vars.borrow_mut().get_mut(name) {
                *slot = Slot::Value(value);
                return true;
            }
            scope = s.parent.as_deref();
        }
        false
    }
}
