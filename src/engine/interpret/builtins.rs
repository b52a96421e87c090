//! The built-in objects a snippet sees (the oracle's scope): `sequelize`,
//! `Sequelize`, `DataTypes`, `Model`, `models`/`db`, `require`, `Object`,
//! `console`, and the methods of models, arrays and strings that model
//! files use. Association and definition calls go to the runtime here.

use crate::engine::fast_hash::IndexMap;
use oxc_ast::ast;
use oxc_span::GetSpan;

use super::{Eval, Interpreter};
use crate::engine::datatypes::{self, DataType, TypeArg};
use crate::engine::js_text;
use crate::engine::runtime::{CallSite, Thrown};
use crate::engine::schema::AssociationKind;
use crate::engine::source::Span;
use crate::engine::value::{Host, Value};

/// Globals other than models: what the oracle puts in scope, plus the
/// JavaScript globals model files touch.
pub fn global(it: &mut Interpreter<'_>, name: &str) -> Option<Value> {
    Some(match name {
        "sequelize" => Value::Host(Host::Sequelize),
        "Sequelize" => Value::Host(Host::SequelizeModule),
        "DataTypes" => Value::Host(Host::DataTypes),
        "Model" => Value::Host(Host::ModelBase),
        "Op" => Value::Host(Host::Op),
        "console" => Value::Host(Host::Console),
        "require" => Value::Host(Host::Require),
        "Object" => Value::Host(Host::ObjectCtor),
        "models" | "db" => it.bags.get(name).cloned().unwrap_or_default(),
        "undefined" => Value::Undefined,
        "NaN" => Value::Number(f64::NAN),
        "Infinity" => Value::Number(f64::INFINITY),
        "Error" | "TypeError" | "RangeError" => Value::Host(Host::ErrorCtor),
        "JSON" | "Math" | "Promise" | "process" | "Date" | "Array" | "String" | "Number"
        | "Boolean" | "Symbol" | "Reflect" | "Map" | "Set" | "globalThis" | "__dirname"
        | "__filename" | "Buffer" => Value::Unknown,
        _ => return None,
    })
}

pub fn is_global(name: &str) -> bool {
    matches!(
        name,
        "sequelize"
            | "Sequelize"
            | "DataTypes"
            | "Model"
            | "Op"
            | "console"
            | "require"
            | "Object"
            | "models"
            | "db"
            | "undefined"
    )
}

/// `require('sequelize').X` / `import { X } from 'sequelize'`.
pub fn member_of_module(name: &str) -> Value {
    match name {
        "DataTypes" => Value::Host(Host::DataTypes),
        "Model" => Value::Host(Host::ModelBase),
        "Op" => Value::Host(Host::Op),
        "Sequelize" | "default" => Value::Host(Host::SequelizeModule),
        key if datatypes::is_data_type_key(key) => Value::DataType(DataType::new(key).into()),
        "literal" | "fn" | "col" | "where" | "cast" | "json" | "and" | "or" => {
            Value::Host(Host::Method(
                Box::new(Value::Host(Host::SequelizeModule)),
                name.to_string(),
            ))
        }
        "Deferrable"
        | "QueryTypes"
        | "Transaction"
        | "ValidationError"
        | "UniqueConstraintError"
        | "Association"
        | "Utils"
        | "Error"
        | "BaseError"
        | "InferAttributes"
        | "InferCreationAttributes"
        | "CreationOptional"
        | "NonAttribute"
        | "ForeignKey" => Value::Unknown,
        _ => Value::Undefined,
    }
}

/// `super.key` inside a model class's static method.
pub fn super_member(this: &Value, key: &str) -> Value {
    match this {
        Value::Model(_) => Value::Host(Host::Method(Box::new(this.clone()), key.to_string())),
        _ => Value::Unknown,
    }
}

/// Static methods every Sequelize model has that do not change the schema.
const MODEL_STATICS: &[&str] = &[
    "addHook",
    "removeHook",
    "hasHook",
    "hasHooks",
    "runHooks",
    "addScope",
    "scope",
    "unscoped",
    "schema",
    "findAll",
    "findOne",
    "findByPk",
    "findOrCreate",
    "findAndCountAll",
    "findCreateFind",
    "count",
    "max",
    "min",
    "sum",
    "create",
    "bulkCreate",
    "build",
    "bulkBuild",
    "update",
    "destroy",
    "restore",
    "upsert",
    "truncate",
    "increment",
    "decrement",
    "sync",
    "drop",
    "describe",
    "aggregate",
    "getAttributes",
    "getAssociations",
    "getAssociationForAlias",
    "beforeValidate",
    "afterValidate",
    "validationFailed",
    "beforeCreate",
    "afterCreate",
    "beforeDestroy",
    "afterDestroy",
    "beforeRestore",
    "afterRestore",
    "beforeUpdate",
    "afterUpdate",
    "beforeSave",
    "afterSave",
    "beforeUpsert",
    "afterUpsert",
    "beforeBulkCreate",
    "afterBulkCreate",
    "beforeBulkDestroy",
    "afterBulkDestroy",
    "beforeBulkRestore",
    "afterBulkRestore",
    "beforeBulkUpdate",
    "afterBulkUpdate",
    "beforeFind",
    "beforeFindAfterExpandIncludeAll",
    "beforeFindAfterOptions",
    "afterFind",
    "beforeCount",
    "beforeDefine",
    "afterDefine",
    "beforeInit",
    "afterInit",
    "beforeAssociate",
    "afterAssociate",
    "beforeSync",
    "afterSync",
    "hook",
    "addIndex",
];

const ASSOCIATION_METHODS: &[(&str, AssociationKind)] = &[
    ("hasOne", AssociationKind::HasOne),
    ("belongsTo", AssociationKind::BelongsTo),
    ("hasMany", AssociationKind::HasMany),
    ("belongsToMany", AssociationKind::BelongsToMany),
];

const ARRAY_METHODS: &[&str] = &[
    "forEach", "map", "filter", "find", "some", "every", "includes", "push", "concat", "join",
    "indexOf", "reduce", "slice", "flat", "sort",
];

const STRING_METHODS: &[&str] = &[
    "toLowerCase",
    "toUpperCase",
    "trim",
    "split",
    "startsWith",
    "endsWith",
    "includes",
    "slice",
    "replace",
    "charAt",
    "concat",
    "toString",
    "substring",
    "indexOf",
];

fn method(receiver: &Value, name: &str) -> Value {
    Value::Host(Host::Method(Box::new(receiver.clone()), name.to_string()))
}

/// `object.key` for every kind of value (undefined and null excluded).
pub fn member(it: &mut Interpreter<'_>, object: &Value, key: &str, span: Span) -> Value {
    match object {
        Value::Object(o) => {
            let (found, is_bag) = {
                let b = o.borrow();
                (b.props.get(key).cloned(), b.bag)
            };
            match found {
                Some(v) => v,
                None if key == "hasOwnProperty" => method(object, key),
                None if is_bag
                    && !matches!(key, "toString" | "constructor" | "valueOf" | "then") =>
                {
                    Value::Model(it.rt.auto_model(key, span))
                }
                None => Value::Undefined,
            }
        }
        Value::Array(a) => {
            if key == "length" {
                #[allow(clippy::cast_precision_loss)]
                return Value::Number(a.borrow().len() as f64);
            }
            if let Ok(i) = key.parse::<usize>() {
                return a.borrow().get(i).cloned().unwrap_or_default();
            }
            if ARRAY_METHODS.contains(&key) {
                method(object, key)
            } else {
                Value::Undefined
            }
        }
        Value::Str(s) => {
            if key == "length" {
                #[allow(clippy::cast_precision_loss)]
                return Value::Number(s.encode_utf16().count() as f64);
            }
            if STRING_METHODS.contains(&key) {
                method(object, key)
            } else {
                Value::Undefined
            }
        }
        Value::Model(c) => {
            let c = *c;
            if let Some(v) = it.rt.classes[c].statics.get(key) {
                return v.clone();
            }
            let state = it.rt.state(c);
            match key {
                "name" => Value::str(&it.rt.classes[c].name),
                "tableName" => state.map_or(Value::Undefined, |s| Value::str(&s.table_name)),
                "primaryKeyAttribute" => state
                    .and_then(|s| s.primary_key().map(Value::str))
                    .unwrap_or_default(),
                "rawAttributes" | "tableAttributes" => match state {
                    Some(s) => {
                        Value::object(s.raw.keys().map(|k| (k.clone(), Value::Unknown)).collect())
                    }
                    None => Value::Undefined,
                },
                "associations" => match state {
                    Some(s) => Value::object(
                        s.associations
                            .iter()
                            .map(|(k, &a)| (k.clone(), Value::Association(a)))
                            .collect(),
                    ),
                    None => Value::Undefined,
                },
                "sequelize" => {
                    if state.is_some() {
                        Value::Host(Host::Sequelize)
                    } else {
                        Value::Undefined
                    }
                }
                "options" | "prototype" | "primaryKeys" | "underscored" => Value::Unknown,
                "init" | "removeAttribute" | "getTableName" => method(object, key),
                _ if ASSOCIATION_METHODS.iter().any(|(m, _)| *m == key)
                    || MODEL_STATICS.contains(&key) =>
                {
                    method(object, key)
                }
                _ => Value::Undefined,
            }
        }
        Value::DataType(t) => {
            if datatypes::is_modifier(&t.key, key) {
                let mut t2 = (**t).clone();
                t2.modifiers.push(key.to_string());
                Value::DataType(t2.into())
            } else if key == "key" {
                Value::str(&t.key)
            } else {
                Value::Undefined
            }
        }
        Value::Association(a) => {
            let a = &it.rt.associations[*a];
            match key {
                "as" => Value::str(&a.as_name),
                "foreignKey" => Value::str(&a.foreign_key),
                "associationType" => Value::str(a.kind.as_str()),
                "source" => Value::Model(a.source),
                "target" => Value::Model(a.target),
                "through" | "throughModel" => a.through.map_or(Value::Undefined, Value::Model),
                _ => Value::Unknown,
            }
        }
        Value::Function(f) => match key {
            "name" => f.name.as_deref().map_or(Value::str(""), Value::str),
            #[allow(clippy::cast_precision_loss)]
            "length" => Value::Number(f.length as f64),
            "call" | "apply" | "bind" => method(object, key),
            _ => Value::Undefined,
        },
        Value::Host(h) => match h {
            Host::Sequelize => match key {
                "models" => Value::Host(Host::Registry),
                "Sequelize" => Value::Host(Host::SequelizeModule),
                "options" | "config" | "dialect" => Value::Unknown,
                _ => method(object, key),
            },
            Host::SequelizeModule => member_of_module(key),
            Host::DataTypes => {
                if datatypes::is_data_type_key(key) {
                    Value::DataType(DataType::new(key).into())
                } else {
                    // A misspelt type is undefined, and Sequelize says so.
                    Value::Undefined
                }
            }
            Host::Registry => it.rt.lookup(key).map_or(Value::Undefined, Value::Model),
            Host::ObjectCtor | Host::Console => method(object, key),
            Host::Op | Host::ModelBase | Host::Require | Host::ErrorCtor | Host::Method(..) => {
                Value::Unknown
            }
        },
        Value::Unknown => Value::Unknown,
        Value::Bool(_) | Value::Number(_) | Value::Undefined | Value::Null => Value::Undefined,
    }
}

/// `object.key = value`.
pub fn set_member(it: &mut Interpreter<'_>, object: &Value, key: &str, value: Value, span: Span) {
    match object {
        Value::Object(o) => {
            o.borrow_mut().insert(key.to_string(), value, Some(span));
        }
        Value::Model(c) => {
            it.rt.classes[*c].statics.insert(key.to_string(), value);
        }
        Value::Array(a) => {
            if let Ok(i) = key.parse::<usize>() {
                let mut a = a.borrow_mut();
                if i < a.len() {
                    a[i] = value;
                } else if i < 100_000 {
                    a.resize(i, Value::Undefined);
                    a.push(value);
                }
            }
        }
        _ => {}
    }
}

fn type_arg(v: &Value) -> TypeArg {
    match v {
        Value::Number(n) => TypeArg::Number(*n),
        Value::Str(s) => TypeArg::Str(String::from(&**s)),
        Value::Bool(b) => TypeArg::Bool(*b),
        Value::DataType(t) => TypeArg::Type((**t).clone()),
        Value::Array(a) => TypeArg::Array(a.borrow().iter().map(type_arg).collect()),
        Value::Object(o) => TypeArg::Object(
            o.borrow()
                .props
                .iter()
                .map(|(k, v)| (k.clone(), type_arg(v)))
                .collect(),
        ),
        Value::Null => TypeArg::Null,
        _ => TypeArg::Undefined,
    }
}

/// `new callee(...args)`.
pub fn construct(it: &mut Interpreter<'_>, callee: &Value, args: &[Value]) -> Value {
    let _ = it;
    match callee {
        Value::Host(Host::SequelizeModule) => Value::Host(Host::Sequelize),
        Value::DataType(t) if t.args.is_none() => {
            let mut t2 = (**t).clone();
            t2.args = Some(args.iter().map(type_arg).collect());
            Value::DataType(t2.into())
        }
        Value::DataType(_) => callee.clone(),
        Value::Host(Host::ErrorCtor) => {
            let mut props = IndexMap::default();
            props.insert(
                "message".to_string(),
                Value::str(&args.first().map(Value::to_js_string).unwrap_or_default()),
            );
            Value::object(props)
        }
        _ => Value::Unknown,
    }
}

/// `callee(...args)` with `receiver` as `this`.
pub fn call<'a>(
    it: &mut Interpreter<'a>,
    callee: &Value,
    receiver: Value,
    args: &[Value],
    c: &'a ast::CallExpression<'a>,
) -> Eval {
    match callee {
        Value::Function(f) => {
            let f = f.clone();
            it.call_function(&f, receiver, args)
        }
        Value::Host(Host::Method(recv, name)) => call_method(it, recv, name, args, c),
        // `DataTypes.STRING(50)` is a call; `STRING(50)(…)` and
        // `STRING.BINARY(…)` call a type instance, which is no function.
        Value::DataType(t) if t.args.is_none() && t.modifiers.is_empty() => {
            Ok(construct(it, callee, args))
        }
        Value::Host(Host::Require) => Ok(match args.first().and_then(Value::as_str) {
            Some("sequelize" | "@sequelize/core") => Value::Host(Host::SequelizeModule),
            // The oracle's require hands out an empty object for anything
            // else: another file of the project is not loaded.
            _ => Value::object(IndexMap::default()),
        }),
        Value::Host(Host::ErrorCtor) => Ok(construct(it, callee, args)),
        Value::Model(m) => {
            let name = it.rt.classes[*m].name.clone();
            let s = it.span(c.span);
            it.raise(Thrown::new(
                format!("Class constructor {name} cannot be invoked without 'new'"),
                s,
            ))
        }
        Value::Unknown => Ok(Value::Unknown),
        Value::Host(Host::SequelizeModule | Host::ModelBase) => Ok(Value::Unknown),
        _ => {
            let s = it.span(c.span);
            let text = it.label(c.callee.span());
            it.raise(Thrown::new(format!("{text} is not a function"), s))
        }
    }
}

fn arg(args: &[Value], i: usize) -> Value {
    args.get(i).cloned().unwrap_or_default()
}

fn call_method<'a>(
    it: &mut Interpreter<'a>,
    recv: &Value,
    name: &str,
    args: &[Value],
    c: &'a ast::CallExpression<'a>,
) -> Eval {
    match recv {
        Value::Model(m) => model_method(it, *m, name, args, c),
        Value::Host(Host::Sequelize) => sequelize_method(it, name, args, c),
        Value::Host(Host::ObjectCtor) => object_method(it, name, args),
        Value::Array(_) => array_method(it, recv, name, args),
        Value::Str(s) => Ok(string_method(s, name, args)),
        Value::Object(o) if name == "hasOwnProperty" => Ok(Value::Bool(
            o.borrow().props.contains_key(&arg(args, 0).to_js_string()),
        )),
        Value::Function(f) => {
            let f = f.clone();
            match name {
                "call" => it.call_function(&f, arg(args, 0), args.get(1..).unwrap_or(&[])),
                "apply" => {
                    let list = match arg(args, 1) {
                        Value::Array(a) => a.borrow().clone(),
                        _ => Vec::new(),
                    };
                    it.call_function(&f, arg(args, 0), &list)
                }
                _ => Ok(Value::Function(f)),
            }
        }
        _ => Ok(Value::Unknown),
    }
}

fn model_method<'a>(
    it: &mut Interpreter<'a>,
    model: usize,
    name: &str,
    args: &[Value],
    c: &'a ast::CallExpression<'a>,
) -> Eval {
    if let Some((_, kind)) = ASSOCIATION_METHODS.iter().find(|(m, _)| *m == name) {
        let span = it.span(c.span);
        it.executed.insert(span);
        #[cfg(feature = "ddl")]
        it.calls.push(span);
        let target = arg(args, 0);
        let options = arg(args, 1);
        let arg_spans: Vec<Span> = c.arguments.iter().map(|a| it.span(a.span())).collect();
        let target_span = arg_spans.first().copied().unwrap_or(span);
        if matches!(target, Value::Unknown) {
            it.unsupported(
                c.span,
                format!("The engine cannot tell which model this {name} targets; the association is not shown"),
                "Pass the model itself: a variable holding sequelize.define(...) or a class that called init.",
            );
            return Ok(Value::Unknown);
        }
        if matches!(options, Value::Unknown) {
            it.unsupported(
                c.arguments.get(1).map_or(c.span, GetSpan::span),
                "The engine cannot tell what these options hold; the association is shown with Sequelize's defaults".into(),
                "Write the options as an object literal, or in a variable holding one.",
            );
        }
        let site = CallSite {
            span,
            // Only the page and the diagnostics show the call's text.
            label: if it.rt.scope == crate::engine::Scope::Everything {
                it.label(c.span)
            } else {
                String::new()
            },
            target_span,
            argument_count: c.arguments.len(),
        };
        it.rt.recovering = it.try_depth == 0;
        let r = it.rt.associate(*kind, model, &target, &options, &site);
        it.rt.recovering = true;
        return match r {
            Ok(v) => Ok(v),
            Err(t) => it.raise(t),
        };
    }
    let span = it.span(c.span);
    match name {
        "init" => {
            let attributes = match arg(args, 0) {
                Value::Unknown => {
                    it.unsupported(
                        c.span,
                        "The engine cannot tell which attributes this init defines".into(),
                        "Write the attributes as an object literal.",
                    );
                    Value::object(IndexMap::default())
                }
                v => v,
            };
            it.rt.recovering = it.try_depth == 0;
            let r = it.rt.init(model, &attributes, &arg(args, 1), span);
            it.rt.recovering = true;
            match r {
                Ok(()) => Ok(Value::Model(model)),
                Err(t) => it.raise(t),
            }
        }
        "removeAttribute" => {
            it.rt.remove_attribute(model, &arg(args, 0).to_js_string());
            Ok(Value::Undefined)
        }
        "getTableName" => Ok(it
            .rt
            .state(model)
            .map_or(Value::Undefined, |s| Value::str(&s.table_name))),
        _ => Ok(Value::Unknown),
    }
}

fn sequelize_method<'a>(
    it: &mut Interpreter<'a>,
    name: &str,
    args: &[Value],
    c: &'a ast::CallExpression<'a>,
) -> Eval {
    let span = it.span(c.span);
    match name {
        "define" => {
            let model_name = match arg(args, 0) {
                // Without a name, the class Sequelize creates is called `model`.
                Value::Str(s) if s.is_empty() => "model".to_string(),
                Value::Undefined | Value::Null | Value::Bool(false) => "model".to_string(),
                Value::Str(s) => String::from(&*s),
                Value::Unknown => {
                    it.unsupported(
                        c.span,
                        "The engine cannot tell this model's name; it is not shown".into(),
                        "Write the name as a string literal.",
                    );
                    return Ok(Value::Unknown);
                }
                other => other.to_js_string(),
            };
            let attributes = match arg(args, 1) {
                Value::Undefined | Value::Null => Value::object(IndexMap::default()),
                Value::Unknown => {
                    it.unsupported(
                        c.span,
                        format!("The engine cannot tell which attributes {model_name} has"),
                        "Write the attributes as an object literal.",
                    );
                    Value::object(IndexMap::default())
                }
                v => v,
            };
            it.rt.recovering = it.try_depth == 0;
            let r = it.rt.define(&model_name, &attributes, &arg(args, 2), span);
            it.rt.recovering = true;
            match r {
                Ok(id) => Ok(Value::Model(id)),
                Err(t) => it.raise(t),
            }
        }
        "model" => {
            let n = arg(args, 0).to_js_string();
            match it.rt.lookup(&n) {
                Some(id) => Ok(Value::Model(id)),
                None => it.raise(Thrown::new(format!("{n} has not been defined"), span)),
            }
        }
        "isDefined" => Ok(Value::Bool(
            it.rt.lookup(&arg(args, 0).to_js_string()).is_some(),
        )),
        _ => Ok(Value::Unknown),
    }
}

fn object_method(it: &mut Interpreter<'_>, name: &str, args: &[Value]) -> Eval {
    let target = arg(args, 0);
    let values_of = |it: &mut Interpreter<'_>, v: &Value| -> Vec<(String, Value)> {
        match v {
            Value::Host(Host::Registry) => it
                .rt
                .registry
                .iter()
                .map(|(k, &id)| (k.clone(), Value::Model(id)))
                .collect(),
            Value::Object(o) => o
                .borrow()
                .props
                .iter()
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect(),
            Value::Array(a) => a
                .borrow()
                .iter()
                .enumerate()
                .map(|(i, v)| (i.to_string(), v.clone()))
                .collect(),
            Value::Model(c) => it.rt.classes[*c]
                .statics
                .iter()
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect(),
            _ => Vec::new(),
        }
    };
    Ok(match name {
        "keys" => Value::array(
            values_of(it, &target)
                .into_iter()
                .map(|(k, _)| Value::str(&k))
                .collect(),
        ),
        "values" => Value::array(values_of(it, &target).into_iter().map(|(_, v)| v).collect()),
        "entries" => Value::array(
            values_of(it, &target)
                .into_iter()
                .map(|(k, v)| Value::array(vec![Value::str(&k), v]))
                .collect(),
        ),
        "assign" => {
            for source in args.iter().skip(1) {
                for (k, v) in values_of(it, source) {
                    set_member(it, &target, &k, v, Span::default());
                }
            }
            target
        }
        "freeze" | "seal" => target,
        _ => Value::Unknown,
    })
}

fn array_method(it: &mut Interpreter<'_>, recv: &Value, name: &str, args: &[Value]) -> Eval {
    let Value::Array(items) = recv else {
        return Ok(Value::Unknown);
    };
    let list = items.borrow().clone();
    let callback = arg(args, 0);
    let call_back = |it: &mut Interpreter<'_>, item: &Value, i: usize| -> Eval {
        match &callback {
            Value::Function(f) => {
                let f = f.clone();
                #[allow(clippy::cast_precision_loss)]
                let index = Value::Number(i as f64);
                it.call_function(&f, Value::Undefined, &[item.clone(), index, recv.clone()])
            }
            _ => Ok(Value::Unknown),
        }
    };
    Ok(match name {
        "forEach" => {
            for (i, item) in list.iter().enumerate() {
                call_back(it, item, i)?;
            }
            Value::Undefined
        }
        "map" => {
            let mut out = Vec::new();
            for (i, item) in list.iter().enumerate() {
                out.push(call_back(it, item, i)?);
            }
            Value::array(out)
        }
        "filter" => {
            let mut out = Vec::new();
            for (i, item) in list.iter().enumerate() {
                if call_back(it, item, i)?.truthy() {
                    out.push(item.clone());
                }
            }
            Value::array(out)
        }
        "find" => {
            for (i, item) in list.iter().enumerate() {
                if call_back(it, item, i)?.truthy() {
                    return Ok(item.clone());
                }
            }
            Value::Undefined
        }
        "some" | "every" => {
            let want = name == "some";
            for (i, item) in list.iter().enumerate() {
                if call_back(it, item, i)?.truthy() == want {
                    return Ok(Value::Bool(want));
                }
            }
            Value::Bool(!want)
        }
        "reduce" => {
            let mut acc = arg(args, 1);
            if let Value::Function(f) = &callback {
                let f = f.clone();
                for (i, item) in list.iter().enumerate() {
                    #[allow(clippy::cast_precision_loss)]
                    let index = Value::Number(i as f64);
                    acc = it.call_function(&f, Value::Undefined, &[acc, item.clone(), index])?;
                }
            }
            acc
        }
        "includes" => Value::Bool(
            list.iter()
                .any(|v| super::expr::strict_equals(v, &callback)),
        ),
        #[allow(clippy::cast_precision_loss)]
        "indexOf" => Value::Number(
            list.iter()
                .position(|v| super::expr::strict_equals(v, &callback))
                .map_or(-1.0, |p| p as f64),
        ),
        "push" => {
            items.borrow_mut().extend(args.iter().cloned());
            #[allow(clippy::cast_precision_loss)]
            Value::Number(items.borrow().len() as f64)
        }
        "concat" => {
            let mut out = list;
            for a in args {
                match a {
                    Value::Array(more) => out.extend(more.borrow().iter().cloned()),
                    other => out.push(other.clone()),
                }
            }
            Value::array(out)
        }
        "join" => {
            let sep = if callback.is_undefined() {
                ",".to_string()
            } else {
                callback.to_js_string()
            };
            Value::str(
                &list
                    .iter()
                    .map(|v| {
                        if v.is_nullish() {
                            String::new()
                        } else {
                            v.to_js_string()
                        }
                    })
                    .collect::<Vec<_>>()
                    .join(&sep),
            )
        }
        "slice" | "flat" | "sort" => Value::array(list),
        _ => Value::Unknown,
    })
}

fn string_method(s: &str, name: &str, args: &[Value]) -> Value {
    let a0 = arg(args, 0).to_js_string();
    match name {
        "toLowerCase" => Value::str(&js_text::lower(s)),
        "toUpperCase" => Value::str(&js_text::upper(s)),
        "trim" => Value::str(s.trim()),
        "toString" => Value::str(s),
        "startsWith" => Value::Bool(s.starts_with(&a0)),
        "endsWith" => Value::Bool(s.ends_with(&a0)),
        "includes" => Value::Bool(s.contains(&a0)),
        "concat" => Value::str(&format!(
            "{s}{}",
            args.iter().map(Value::to_js_string).collect::<String>()
        )),
        "split" => Value::array(if a0.is_empty() {
            s.chars().map(|c| Value::str(&c.to_string())).collect()
        } else {
            s.split(a0.as_str()).map(Value::str).collect()
        }),
        "replace" => Value::str(&s.replacen(&a0, &arg(args, 1).to_js_string(), 1)),
        "charAt" => Value::str(&s.chars().next().map(String::from).unwrap_or_default()),
        _ => Value::Unknown,
    }
}
