//! Expressions: literals, names, objects, functions, operators, member
//! access, calls and assignment.

use std::rc::Rc;

use crate::engine::fast_hash::IndexMap;
use oxc_ast::ast::{
    self, Argument, ArrayExpressionElement, AssignmentOperator, AssignmentTarget, BinaryOperator,
    Expression, LogicalOperator, ObjectPropertyKind, SimpleAssignmentTarget, UnaryOperator,
};
use oxc_span::GetSpan;

use super::scope::{Env, Lookup};
use super::{Eval, FnNode, Interpreter};
use crate::engine::runtime::Thrown;
use crate::engine::value::{self, Value};

/// `===`.
pub fn strict_equals(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Undefined, Value::Undefined) | (Value::Null, Value::Null) => true,
        (Value::Bool(x), Value::Bool(y)) => x == y,
        (Value::Number(x), Value::Number(y)) => x == y,
        (Value::Str(x), Value::Str(y)) => x == y,
        (Value::Object(x), Value::Object(y)) => Rc::ptr_eq(x, y),
        (Value::Array(x), Value::Array(y)) => Rc::ptr_eq(x, y),
        (Value::Function(x), Value::Function(y)) => x.id == y.id,
        (Value::Model(x), Value::Model(y)) => x == y,
        (Value::Association(x), Value::Association(y)) => x == y,
        (Value::Host(x), Value::Host(y)) => x == y,
        _ => false,
    }
}

/// `==` for the cases code uses (`x == null`).
fn loose_equals(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Undefined | Value::Null, Value::Undefined | Value::Null) => true,
        (Value::Number(x), Value::Str(y)) | (Value::Str(y), Value::Number(x)) => {
            y.trim().parse::<f64>().ok() == Some(*x)
        }
        _ => strict_equals(a, b),
    }
}

fn to_number(v: &Value) -> f64 {
    match v {
        Value::Number(n) => *n,
        Value::Bool(b) => f64::from(u8::from(*b)),
        Value::Null => 0.0,
        Value::Str(s) => {
            let t = s.trim();
            if t.is_empty() {
                0.0
            } else {
                t.parse().unwrap_or(f64::NAN)
            }
        }
        _ => f64::NAN,
    }
}

impl<'a> Interpreter<'a> {
    pub(super) fn eval(&mut self, e: &'a Expression<'a>, env: &Env, this: &Value) -> Eval {
        self.eval_named(e, env, this, None)
    }

    /// Evaluates `e`; a function or class written right there takes `name`
    /// (as `const User = class extends Model {}` names the class).
    pub(super) fn eval_named(
        &mut self,
        e: &'a Expression<'a>,
        env: &Env,
        this: &Value,
        name: Option<&str>,
    ) -> Eval {
        self.tick(e.span())?;
        if self.depth >= super::MAX_DEPTH * 3 {
            let s = self.span(e.span());
            return Err(self.halt(
                s,
                "Analysis stopped: this expression nests too deeply",
                "Split it into smaller statements.",
            ));
        }
        self.depth += 1;
        let r = self.eval_inner(e, env, this, name);
        self.depth -= 1;
        r
    }

    fn eval_inner(
        &mut self,
        e: &'a Expression<'a>,
        env: &Env,
        this: &Value,
        name: Option<&str>,
    ) -> Eval {
        Ok(match e {
            Expression::BooleanLiteral(b) => Value::Bool(b.value),
            Expression::NullLiteral(_) => Value::Null,
            Expression::NumericLiteral(n) => Value::Number(n.value),
            Expression::StringLiteral(s) => Value::str(s.value.as_str()),
            Expression::TemplateLiteral(t) => {
                let mut out = String::new();
                for (i, q) in t.quasis.iter().enumerate() {
                    out.push_str(
                        q.value
                            .cooked
                            .as_ref()
                            .map_or(q.value.raw.as_str(), |c| c.as_str()),
                    );
                    if let Some(ex) = t.expressions.get(i) {
                        let v = self.eval(ex, env, this)?;
                        if matches!(v, Value::Unknown) {
                            return Ok(Value::Unknown);
                        }
                        out.push_str(&v.to_js_string());
                    }
                }
                Value::str(&out)
            }
            Expression::Identifier(id) => self.resolve(id.name.as_str(), id.span, env)?,
            Expression::ThisExpression(_) => this.clone(),
            Expression::ArrayExpression(a) => {
                let mut items = Vec::new();
                for el in &a.elements {
                    match el {
                        ArrayExpressionElement::SpreadElement(s) => {
                            let v = self.eval(&s.argument, env, this)?;
                            if let Value::Array(inner) = v {
                                items.extend(inner.borrow().iter().cloned());
                            }
                        }
                        ArrayExpressionElement::Elision(_) => items.push(Value::Undefined),
                        other => {
                            if let Some(ex) = other.as_expression() {
                                items.push(self.eval(ex, env, this)?);
                            }
                        }
                    }
                }
                Value::array(items)
            }
            Expression::ObjectExpression(o) => self.eval_object(o, env, this)?,
            Expression::FunctionExpression(f) => {
                let v = self.make_function(FnNode::Function(f), env, None, None);
                name_function(v, name)
            }
            Expression::ArrowFunctionExpression(a) => {
                let v = self.make_function(FnNode::Arrow(a), env, Some(this.clone()), None);
                name_function(v, name)
            }
            Expression::ClassExpression(c) => {
                let v = self.eval_class(c, env)?;
                if let (Value::Model(id), Some(n), None) = (&v, name, &c.id) {
                    self.rt.classes[*id].name = n.to_string();
                }
                v
            }
            Expression::ParenthesizedExpression(p) => {
                self.eval_named(&p.expression, env, this, name)?
            }
            Expression::SequenceExpression(s) => {
                let mut last = Value::Undefined;
                for ex in &s.expressions {
                    last = self.eval(ex, env, this)?;
                }
                last
            }
            Expression::AwaitExpression(a) => self.eval(&a.argument, env, this)?,
            Expression::TSAsExpression(t) => self.eval_named(&t.expression, env, this, name)?,
            Expression::TSSatisfiesExpression(t) => {
                self.eval_named(&t.expression, env, this, name)?
            }
            Expression::TSNonNullExpression(t) => {
                self.eval_named(&t.expression, env, this, name)?
            }
            Expression::TSTypeAssertion(t) => self.eval_named(&t.expression, env, this, name)?,
            Expression::TSInstantiationExpression(t) => {
                self.eval_named(&t.expression, env, this, name)?
            }
            Expression::ConditionalExpression(c) => {
                let test = self.eval(&c.test, env, this)?;
                if test.truthy() {
                    self.eval(&c.consequent, env, this)?
                } else {
                    self.eval(&c.alternate, env, this)?
                }
            }
            Expression::LogicalExpression(l) => {
                let left = self.eval(&l.left, env, this)?;
                match l.operator {
                    LogicalOperator::Or => {
                        if left.truthy() {
                            left
                        } else {
                            self.eval(&l.right, env, this)?
                        }
                    }
                    LogicalOperator::And => {
                        if left.truthy() {
                            self.eval(&l.right, env, this)?
                        } else {
                            left
                        }
                    }
                    LogicalOperator::Coalesce => {
                        if left.is_nullish() {
                            self.eval(&l.right, env, this)?
                        } else {
                            left
                        }
                    }
                }
            }
            Expression::BinaryExpression(b) => {
                let left = self.eval(&b.left, env, this)?;
                let right = self.eval(&b.right, env, this)?;
                binary(b.operator, &left, &right, |v| self.own_keys(v))
            }
            Expression::UnaryExpression(u) => {
                if u.operator == UnaryOperator::Typeof {
                    if let Expression::Identifier(id) = &u.argument {
                        if matches!(env.lookup(id.name.as_str()), Lookup::Missing)
                            && !super::builtins::is_global(id.name.as_str())
                            && !id.name.starts_with(|c: char| c.is_ascii_uppercase())
                        {
                            return Ok(Value::str("undefined"));
                        }
                    }
                }
                let v = self.eval(&u.argument, env, this)?;
                match u.operator {
                    UnaryOperator::LogicalNot => {
                        if matches!(v, Value::Unknown) {
                            Value::Unknown
                        } else {
                            Value::Bool(!v.truthy())
                        }
                    }
                    UnaryOperator::UnaryNegation => Value::Number(-to_number(&v)),
                    UnaryOperator::UnaryPlus => Value::Number(to_number(&v)),
                    UnaryOperator::Typeof => {
                        if matches!(v, Value::Unknown) {
                            Value::Unknown
                        } else {
                            Value::str(v.type_of())
                        }
                    }
                    UnaryOperator::Void => Value::Undefined,
                    UnaryOperator::Delete => {
                        if let Some(m) = u.argument.as_member_expression() {
                            if let Some(prop) = m.static_property_name() {
                                let obj = self.eval(m.object(), env, this)?;
                                if let Value::Object(o) = &obj {
                                    o.borrow_mut().remove(prop);
                                }
                            }
                        }
                        Value::Bool(true)
                    }
                    _ => Value::Unknown,
                }
            }
            Expression::UpdateExpression(u) => {
                let old = match &u.argument {
                    SimpleAssignmentTarget::AssignmentTargetIdentifier(id) => {
                        self.resolve(id.name.as_str(), id.span, env)?
                    }
                    _ => Value::Unknown,
                };
                let n = to_number(&old);
                let new = match u.operator {
                    ast::UpdateOperator::Increment => n + 1.0,
                    ast::UpdateOperator::Decrement => n - 1.0,
                };
                self.assign_simple(&u.argument, Value::Number(new), env, this)?;
                if u.prefix {
                    Value::Number(new)
                } else {
                    Value::Number(n)
                }
            }
            Expression::AssignmentExpression(a) => self.eval_assignment(a, env, this)?,
            Expression::CallExpression(c) => self.eval_call(c, env, this)?,
            Expression::NewExpression(n) => {
                let callee = self.eval(&n.callee, env, this)?;
                let args = self.eval_args(&n.arguments, env, this)?;
                super::builtins::construct(self, &callee, &args)
            }
            Expression::ChainExpression(c) => match &c.expression {
                ast::ChainElement::CallExpression(call) => self.eval_call(call, env, this)?,
                ast::ChainElement::TSNonNullExpression(t) => self.eval(&t.expression, env, this)?,
                other => match other.as_member_expression() {
                    Some(m) => self.eval_member(m, env, this)?,
                    None => Value::Unknown,
                },
            },
            Expression::StaticMemberExpression(_)
            | Expression::ComputedMemberExpression(_)
            | Expression::PrivateFieldExpression(_) => match e.as_member_expression() {
                Some(m) => self.eval_member(m, env, this)?,
                None => Value::Unknown,
            },
            // Regular expressions, BigInt, JSX, generators, import(),
            // meta-properties: nothing Sequelize builds models from.
            _ => Value::Unknown,
        })
    }

    fn eval_object(&mut self, o: &'a ast::ObjectExpression<'a>, env: &Env, this: &Value) -> Eval {
        // Sized for the properties written: most literals are small, and
        // growing the map one property at a time costs more than they do.
        let n = o.properties.len();
        let obj = Value::object_with_key_spans(
            IndexMap::with_capacity_and_hasher(n, Default::default()),
            Vec::with_capacity(n),
        );
        let Value::Object(cell) = &obj else {
            return Ok(obj);
        };
        for p in &o.properties {
            match p {
                ObjectPropertyKind::ObjectProperty(prop) => {
                    let key = self.property_key(&prop.key, env, this)?;
                    if prop.kind != ast::PropertyKind::Init {
                        continue;
                    }
                    let v = self.eval_named(&prop.value, env, this, Some(&key))?;
                    let span = self.span(prop.key.span());
                    cell.borrow_mut().insert(key, v, Some(span));
                }
                ObjectPropertyKind::SpreadProperty(s) => {
                    let v = self.eval(&s.argument, env, this)?;
                    match &v {
                        Value::Object(src) => {
                            let src = src.borrow();
                            let mut b = cell.borrow_mut();
                            for (k, val) in &src.props {
                                b.insert(k.clone(), val.clone(), src.key_span(k));
                            }
                        }
                        Value::Unknown => {
                            self.unsupported(
                                s.span,
                                "The engine cannot tell what this spread adds: options or attributes from it are not seen".into(),
                                "Spreads of objects written in the code are followed.",
                            );
                        }
                        _ => {}
                    }
                }
            }
        }
        Ok(obj)
    }

    pub(super) fn eval_args(
        &mut self,
        args: &'a [Argument<'a>],
        env: &Env,
        this: &Value,
    ) -> Result<Vec<Value>, Thrown> {
        let mut out = Vec::with_capacity(args.len());
        for a in args {
            match a {
                Argument::SpreadElement(s) => {
                    let v = self.eval(&s.argument, env, this)?;
                    if let Value::Array(items) = v {
                        out.extend(items.borrow().iter().cloned());
                    } else {
                        out.push(Value::Unknown);
                    }
                }
                other => {
                    if let Some(e) = other.as_expression() {
                        out.push(self.eval(e, env, this)?);
                    }
                }
            }
        }
        Ok(out)
    }

    /// A name: the scope chain, then the oracle's globals, then (for a
    /// capitalised name) a model with Sequelize's defaults.
    pub(super) fn resolve(&mut self, name: &str, span: oxc_span::Span, env: &Env) -> Eval {
        self.walk_scopes(env);
        match env.lookup(name) {
            Lookup::Found(v) => Ok(v),
            Lookup::Tdz => {
                let s = self.span(span);
                self.raise(
                    Thrown::new(format!("Cannot access '{name}' before initialization"), s)
                        .help(format!("`{name}` is used above the line that declares it.")),
                )
            }
            Lookup::Missing => {
                if let Some(v) = super::builtins::global(self, name) {
                    return Ok(v);
                }
                if name.starts_with(|c: char| c.is_ascii_uppercase()) {
                    let s = self.span(span);
                    let id = self.rt.auto_model(name, s);
                    return Ok(Value::Model(id));
                }
                let s = self.span(span);
                self.raise(Thrown::new(format!("{name} is not defined"), s))
            }
        }
    }

    pub(super) fn eval_member(
        &mut self,
        m: &'a ast::MemberExpression<'a>,
        env: &Env,
        this: &Value,
    ) -> Eval {
        if let ast::MemberExpression::StaticMemberExpression(s) = m {
            if matches!(s.object, Expression::Super(_)) {
                return Ok(super::builtins::super_member(
                    this,
                    s.property.name.as_str(),
                ));
            }
        }
        let object = self.eval(m.object(), env, this)?;
        if m.optional() && object.is_nullish() {
            return Ok(Value::Undefined);
        }
        let key = match m {
            ast::MemberExpression::StaticMemberExpression(s) => {
                s.property.name.as_str().to_string()
            }
            ast::MemberExpression::ComputedMemberExpression(c) => {
                let k = self.eval(&c.expression, env, this)?;
                if matches!(k, Value::Unknown) {
                    return Ok(Value::Unknown);
                }
                k.to_js_string()
            }
            ast::MemberExpression::PrivateFieldExpression(_) => return Ok(Value::Unknown),
        };
        self.get_member(&object, &key, m.span())
    }

    /// `object[key]`, JavaScript's TypeError on undefined and null.
    pub(super) fn get_member(&mut self, object: &Value, key: &str, span: oxc_span::Span) -> Eval {
        if object.is_nullish() {
            let s = self.span(span);
            let what = if matches!(object, Value::Null) {
                "null"
            } else {
                "undefined"
            };
            return self.raise(Thrown::new(
                format!("Cannot read properties of {what} (reading '{key}')"),
                s,
            ));
        }
        Ok(super::builtins::member(self, object, key, self.span(span)))
    }

    fn eval_call(&mut self, c: &'a ast::CallExpression<'a>, env: &Env, this: &Value) -> Eval {
        // Method calls keep their receiver; `super.init(...)` calls the
        // base class's method on the current model.
        let (callee, receiver) = match c.callee.as_member_expression() {
            Some(m) => {
                let is_super = matches!(m.object(), Expression::Super(_));
                let receiver = if is_super {
                    this.clone()
                } else {
                    self.eval(m.object(), env, this)?
                };
                if m.optional() && receiver.is_nullish() {
                    return Ok(Value::Undefined);
                }
                let key = match m {
                    ast::MemberExpression::StaticMemberExpression(s) => {
                        s.property.name.as_str().to_string()
                    }
                    ast::MemberExpression::ComputedMemberExpression(cm) => {
                        self.eval(&cm.expression, env, this)?.to_js_string()
                    }
                    ast::MemberExpression::PrivateFieldExpression(_) => return Ok(Value::Unknown),
                };
                let f = if is_super {
                    super::builtins::super_member(this, &key)
                } else {
                    self.get_member(&receiver, &key, m.span())?
                };
                (f, receiver)
            }
            None => (self.eval(&c.callee, env, this)?, Value::Undefined),
        };
        if c.optional && callee.is_nullish() {
            return Ok(Value::Undefined);
        }
        let args = self.eval_args(&c.arguments, env, this)?;
        super::builtins::call(self, &callee, receiver, &args, c)
    }

    fn eval_assignment(
        &mut self,
        a: &'a ast::AssignmentExpression<'a>,
        env: &Env,
        this: &Value,
    ) -> Eval {
        let target_name = match &a.left {
            AssignmentTarget::AssignmentTargetIdentifier(id) => Some(id.name.as_str().to_string()),
            other => other
                .as_member_expression()
                .and_then(|m| m.static_property_name())
                .map(str::to_string),
        };
        let value = match a.operator {
            AssignmentOperator::Assign => {
                self.eval_named(&a.right, env, this, target_name.as_deref())?
            }
            AssignmentOperator::LogicalOr
            | AssignmentOperator::LogicalAnd
            | AssignmentOperator::LogicalNullish => {
                let current = match a.left.as_simple_assignment_target() {
                    Some(SimpleAssignmentTarget::AssignmentTargetIdentifier(id)) => {
                        self.resolve(id.name.as_str(), id.span, env)?
                    }
                    Some(t) => match t.as_member_expression() {
                        Some(m) => self.eval_member(m, env, this)?,
                        None => Value::Unknown,
                    },
                    None => Value::Unknown,
                };
                let keep = match a.operator {
                    AssignmentOperator::LogicalOr => current.truthy(),
                    AssignmentOperator::LogicalAnd => !current.truthy(),
                    _ => !current.is_nullish(),
                };
                if keep {
                    return Ok(current);
                }
                self.eval(&a.right, env, this)?
            }
            AssignmentOperator::Addition => {
                let current = match &a.left {
                    AssignmentTarget::AssignmentTargetIdentifier(id) => {
                        self.resolve(id.name.as_str(), id.span, env)?
                    }
                    _ => Value::Unknown,
                };
                let right = self.eval(&a.right, env, this)?;
                binary(BinaryOperator::Addition, &current, &right, |_| Vec::new())
            }
            _ => {
                self.eval(&a.right, env, this)?;
                Value::Unknown
            }
        };
        match &a.left {
            AssignmentTarget::ArrayAssignmentTarget(_)
            | AssignmentTarget::ObjectAssignmentTarget(_) => {
                self.unsupported(
                    a.span,
                    "Destructuring assignment is not followed".into(),
                    "Use `const { a, b } = ...` instead.",
                );
            }
            other => {
                if let Some(t) = other.as_simple_assignment_target() {
                    self.assign_simple(t, value.clone(), env, this)?;
                }
            }
        }
        Ok(value)
    }

    pub(super) fn assign_simple(
        &mut self,
        target: &'a SimpleAssignmentTarget<'a>,
        value: Value,
        env: &Env,
        this: &Value,
    ) -> Result<(), Thrown> {
        match target {
            SimpleAssignmentTarget::AssignmentTargetIdentifier(id) => {
                self.walk_scopes(env);
                if !env.assign(id.name.as_str(), value.clone()) {
                    // Sloppy-mode assignment to an undeclared name: a global.
                    let mut root = env.clone();
                    while let Some(p) = super::scope_parent(&root) {
                        root = p;
                    }
                    root.declare(id.name.as_str(), value);
                }
            }
            other => {
                if let Some(m) = other.as_member_expression() {
                    let object = self.eval(m.object(), env, this)?;
                    let key = match m {
                        ast::MemberExpression::StaticMemberExpression(s) => {
                            s.property.name.as_str().to_string()
                        }
                        ast::MemberExpression::ComputedMemberExpression(c) => {
                            self.eval(&c.expression, env, this)?.to_js_string()
                        }
                        ast::MemberExpression::PrivateFieldExpression(_) => return Ok(()),
                    };
                    if object.is_nullish() {
                        let s = self.span(m.span());
                        let what = if matches!(object, Value::Null) {
                            "null"
                        } else {
                            "undefined"
                        };
                        self.raise(Thrown::new(
                            format!("Cannot set properties of {what} (setting '{key}')"),
                            s,
                        ))?;
                        return Ok(());
                    }
                    super::builtins::set_member(self, &object, &key, value, self.span(m.span()));
                }
            }
        }
        Ok(())
    }
}

fn name_function(v: Value, name: Option<&str>) -> Value {
    match (&v, name) {
        (Value::Function(f), Some(n)) if f.name.is_none() => {
            Value::Function(Rc::new(value::Function {
                id: f.id,
                name: Some(n.to_string()),
                length: f.length,
                span: f.span,
            }))
        }
        _ => v,
    }
}

fn binary(
    op: BinaryOperator,
    left: &Value,
    right: &Value,
    keys: impl Fn(&Value) -> Vec<String>,
) -> Value {
    if matches!(left, Value::Unknown) || matches!(right, Value::Unknown) {
        return Value::Unknown;
    }
    match op {
        BinaryOperator::StrictEquality => Value::Bool(strict_equals(left, right)),
        BinaryOperator::StrictInequality => Value::Bool(!strict_equals(left, right)),
        BinaryOperator::Equality => Value::Bool(loose_equals(left, right)),
        BinaryOperator::Inequality => Value::Bool(!loose_equals(left, right)),
        BinaryOperator::Addition => match (left, right) {
            (Value::Str(_), _) | (_, Value::Str(_)) => {
                Value::str(&format!("{}{}", left.to_js_string(), right.to_js_string()))
            }
            _ => Value::Number(to_number(left) + to_number(right)),
        },
        BinaryOperator::Subtraction => Value::Number(to_number(left) - to_number(right)),
        BinaryOperator::Multiplication => Value::Number(to_number(left) * to_number(right)),
        BinaryOperator::Division => Value::Number(to_number(left) / to_number(right)),
        BinaryOperator::Remainder => Value::Number(to_number(left) % to_number(right)),
        BinaryOperator::LessThan => Value::Bool(to_number(left) < to_number(right)),
        BinaryOperator::LessEqualThan => Value::Bool(to_number(left) <= to_number(right)),
        BinaryOperator::GreaterThan => Value::Bool(to_number(left) > to_number(right)),
        BinaryOperator::GreaterEqualThan => Value::Bool(to_number(left) >= to_number(right)),
        BinaryOperator::In => Value::Bool(keys(right).contains(&left.to_js_string())),
        _ => Value::Unknown,
    }
}
