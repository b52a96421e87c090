//! The evaluator: runs the parsed JavaScript the way the oracle runs a
//! snippet, far enough to see every model definition and association call
//! in the order Sequelize would see them, and drives the [`Runtime`].
//!
//! It follows plain JavaScript (variables, functions, classes, objects,
//! loops, `require`, `module.exports`) and treats everything it does not
//! follow as [`Value::Unknown`], saying so where that hides a model or an
//! association. It never loops forever (a step budget) and never recurses
//! without bound (a depth limit).

mod builtins;
mod expr;
mod scope;

use crate::engine::fast_hash::HashSet;
use std::rc::Rc;

use crate::engine::fast_hash::IndexMap;
use oxc_ast::ast::{
    self, BindingPattern, Class, ClassElement, Declaration, ExportDefaultDeclarationKind,
    ForStatementInit, ForStatementLeft, ImportDeclarationSpecifier, ModuleExportName, Program,
    PropertyKey, Statement,
};
use oxc_span::GetSpan;

use super::diagnostics::{Diagnostic, DiagnosticKind};
use super::runtime::{Runtime, Thrown};
use super::source::{SourceFile, Span};
use super::value::{self, ClassId, Host, Value};
use scope::{Env, Lookup, Scope};

/// Steps of evaluation allowed in one analysis: ample for any schema,
/// small enough that an endless loop stops within a fraction of a second.
const FUEL: u64 = 5_000_000;
/// Nesting allowed for calls and expressions.
const MAX_DEPTH: u32 = 300;
/// A name lookup walks up to this many scopes for one step; ordinary code
/// never nests this deep.
const SCOPES_PER_STEP: usize = 16;

/// A user function: its node and the scope it closes over.
#[derive(Clone, Copy)]
enum FnNode<'a> {
    Function(&'a ast::Function<'a>),
    Arrow(&'a ast::ArrowFunctionExpression<'a>),
}

struct FnEntry<'a> {
    node: FnNode<'a>,
    env: Env,
    /// For arrows: the `this` of where they were written.
    this: Option<Value>,
    /// For class methods: the class (so `super.init` finds its model).
    home: Option<ClassId>,
    file: u32,
}

enum Flow {
    Normal,
    Return(Value),
    Break,
    Continue,
}

type Exec = Result<Flow, Thrown>;
type Eval = Result<Value, Thrown>;

/// What running the code produced.
pub struct Interpreted {
    pub runtime: Runtime,
    /// Spans of the association calls that ran.
    pub executed: HashSet<Span>,
    /// The same calls in the order they ran, once per run (those that
    /// threw included): the workshop's steps (`crate::workshop`).
    #[cfg(feature = "ddl")]
    pub calls: Vec<Span>,
}

pub struct Interpreter<'a> {
    rt: Runtime,
    files: &'a [SourceFile],
    funcs: Vec<FnEntry<'a>>,
    fuel: u64,
    depth: u32,
    try_depth: u32,
    file: u32,
    halted: bool,
    executed: HashSet<Span>,
    #[cfg(feature = "ddl")]
    calls: Vec<Span>,
    /// The oracle's `models` and `db` objects.
    bags: IndexMap<&'static str, Value>,
    reported: HashSet<Span>,
    /// Functions that ran: an `associate` the user's own code already
    /// called (a pasted models/index.js loop) is not called a second time.
    called: HashSet<usize>,
}

/// Runs `programs` (one per file, in order) as the oracle runs a snippet:
/// every file's top level, then each file's `module.exports` factory, then
/// every model's `associate`. `scope` says whether the runtime looks for
/// the mistakes Sequelize makes silently as it goes.
pub fn interpret<'a>(
    files: &'a [SourceFile],
    programs: &[&'a Program<'a>],
    scope: super::Scope,
) -> Interpreted {
    let mut it = Interpreter {
        rt: Runtime::new(scope),
        files,
        funcs: Vec::new(),
        fuel: FUEL,
        depth: 0,
        try_depth: 0,
        file: 0,
        halted: false,
        executed: HashSet::default(),
        #[cfg(feature = "ddl")]
        calls: Vec::new(),
        bags: IndexMap::default(),
        reported: HashSet::default(),
        called: HashSet::default(),
    };
    for name in ["models", "db"] {
        it.bags.insert(name, bag(IndexMap::default()));
    }
    let mut modules = Vec::new();
    for (i, program) in programs.iter().enumerate() {
        it.file = u32::try_from(i).unwrap_or(u32::MAX);
        let env = Scope::root();
        let exports = Value::object(IndexMap::default());
        let mut m = IndexMap::default();
        m.insert("exports".to_string(), exports.clone());
        let module = Value::object(m);
        env.declare("module", module.clone());
        env.declare("exports", exports);
        it.run_block(&program.body, &env, &Value::Unknown);
        modules.push((it.file, module, env));
        if it.halted {
            break;
        }
    }
    // sequelize-cli's models/index.js: call each factory, then associate.
    for (file, module, env) in &modules {
        if it.halted {
            break;
        }
        it.file = *file;
        let mut exported = module.prop("exports");
        if let Lookup::Found(default) = env.lookup("*default*") {
            exported = default;
        }
        if let Value::Function(f) = &exported {
            if f.length >= 1 {
                let args = [Value::Host(Host::Sequelize), Value::Host(Host::DataTypes)];
                let r = it.call_function(f, Value::Unknown, &args);
                it.settle(r);
            }
        }
    }
    let ids: Vec<ClassId> = it.rt.registry.values().copied().collect();
    for id in ids {
        if it.halted {
            break;
        }
        if let Some(Value::Function(f)) = it.rt.classes[id].statics.get("associate").cloned() {
            if it.called.contains(&f.id) {
                continue;
            }
            it.file = it.funcs[f.id].file;
            let registry: IndexMap<String, Value> = it
                .rt
                .registry
                .iter()
                .map(|(n, &c)| (n.clone(), Value::Model(c)))
                .collect();
            let r = it.call_function(&f, Value::Model(id), &[bag(registry)]);
            it.settle(r);
        }
    }
    Interpreted {
        runtime: it.rt,
        executed: it.executed,
        #[cfg(feature = "ddl")]
        calls: it.calls,
    }
}

/// An object whose unknown properties are models (the oracle's `models`).
fn bag(props: IndexMap<String, Value>) -> Value {
    let v = Value::object(props);
    if let Value::Object(o) = &v {
        o.borrow_mut().bag = true;
    }
    v
}

impl<'a> Interpreter<'a> {
    fn span(&self, span: oxc_span::Span) -> Span {
        Span::new(self.file, span.start, span.end)
    }

    fn text(&self, span: oxc_span::Span) -> &'a str {
        self.files
            .get(self.file as usize)
            .and_then(|f| f.text.get(span.start as usize..span.end as usize))
            .unwrap_or("")
    }

    /// The source of `span` on one line, shortened: for labels and messages.
    fn label(&self, span: oxc_span::Span) -> String {
        one_line(self.text(span))
    }

    /// A JavaScript exception at `span`. Outside `try` it is recorded (the
    /// strict result) and evaluation goes on with an unknown value, so that
    /// everything after it is still analysed.
    fn raise(&mut self, t: Thrown) -> Eval {
        if self.try_depth == 0 {
            self.rt.record_uncaught(&t);
            Ok(Value::Unknown)
        } else {
            Err(t)
        }
    }

    fn settle(&mut self, r: Eval) {
        if let Err(t) = r {
            if !self.halted {
                self.rt.record_uncaught(&t);
            }
        }
    }

    /// Stops the whole analysis with a diagnostic (too long, too deep).
    fn halt(&mut self, span: Span, message: &str, help: &str) -> Thrown {
        if !self.halted {
            self.halted = true;
            self.rt
                .diag(Diagnostic::error(DiagnosticKind::TooLarge, span, message).with_help(help));
        }
        Thrown::new(message, span)
    }

    fn tick(&mut self, span: oxc_span::Span) -> Result<(), Thrown> {
        if self.halted {
            return Err(Thrown::new("halted", self.span(span)));
        }
        if self.fuel == 0 {
            let s = self.span(span);
            return Err(self.halt(
                s,
                "Analysis stopped: this code runs too long (an endless loop?)",
                "The engine runs the code to see what Sequelize sees; it gives up after a few million steps.",
            ));
        }
        self.fuel -= 1;
        Ok(())
    }

    /// Charges for a name looked up through `env`: a walk up a deep scope
    /// chain costs steps, so that code nested two hundred blocks deep
    /// cannot loop for long at the price of one step per iteration.
    fn walk_scopes(&mut self, env: &Env) {
        self.fuel = self
            .fuel
            .saturating_sub((env.depth() / SCOPES_PER_STEP) as u64);
    }

    /// Says once per place that the engine does not follow something.
    fn unsupported(&mut self, span: oxc_span::Span, message: String, help: &str) {
        let s = self.span(span);
        if self.reported.insert(s) {
            self.rt
                .diag(Diagnostic::info(DiagnosticKind::Unsupported, s, message).with_help(help));
        }
    }

    // ----- statements -----

    /// Runs a statement list in `env` after hoisting its declarations.
    fn run_block(&mut self, body: &'a [Statement<'a>], env: &Env, this: &Value) -> Flow {
        match self.exec_block(body, env, this) {
            Ok(flow) => flow,
            Err(t) => {
                self.settle(Err(t));
                Flow::Normal
            }
        }
    }

    fn hoist(&mut self, body: &'a [Statement<'a>], env: &Env) {
        for stmt in body {
            let decl = match stmt {
                Statement::ExportDeclaration(e) => Some(&e.declaration),
                _ => stmt.as_declaration(),
            };
            match decl {
                Some(Declaration::FunctionDeclaration(f)) => {
                    if let Some(id) = &f.id {
                        let v = self.make_function(FnNode::Function(f), env, None, None);
                        env.declare(id.name.as_str(), v);
                    }
                }
                Some(Declaration::VariableDeclaration(v)) => {
                    for d in &v.declarations {
                        let mut names = Vec::new();
                        binding_names(&d.id, &mut names);
                        for n in names {
                            if v.kind == ast::VariableDeclarationKind::Var {
                                if matches!(env.lookup(n), Lookup::Missing) {
                                    env.declare(n, Value::Undefined);
                                }
                            } else {
                                env.declare_tdz(n);
                            }
                        }
                    }
                }
                Some(Declaration::ClassDeclaration(c)) => {
                    if let Some(id) = &c.id {
                        env.declare_tdz(id.name.as_str());
                    }
                }
                _ => {}
            }
        }
    }

    fn exec_block(&mut self, body: &'a [Statement<'a>], env: &Env, this: &Value) -> Exec {
        self.hoist(body, env);
        for stmt in body {
            match self.exec(stmt, env, this)? {
                Flow::Normal => {}
                other => return Ok(other),
            }
        }
        Ok(Flow::Normal)
    }

    fn exec(&mut self, stmt: &'a Statement<'a>, env: &Env, this: &Value) -> Exec {
        self.tick(stmt.span())?;
        match stmt {
            Statement::ExpressionStatement(e) => {
                self.eval(&e.expression, env, this)?;
            }
            Statement::VariableDeclaration(v) => self.exec_var(v, env, this)?,
            Statement::FunctionDeclaration(_) => {}
            Statement::ClassDeclaration(c) => {
                let v = self.eval_class(c, env)?;
                if let Some(id) = &c.id {
                    env.declare(id.name.as_str(), v);
                }
            }
            Statement::ReturnStatement(r) => {
                let v = match &r.argument {
                    Some(e) => self.eval(e, env, this)?,
                    None => Value::Undefined,
                };
                return Ok(Flow::Return(v));
            }
            Statement::BlockStatement(b) => {
                return self.exec_block(&b.body, &Scope::child(env), this)
            }
            Statement::IfStatement(i) => {
                let test = self.eval(&i.test, env, this)?;
                if matches!(test, Value::Unknown) {
                    // Both branches may run in the user's program: follow
                    // the consequent, the usual "if it is there" guard.
                    return self.exec(&i.consequent, env, this);
                }
                if test.truthy() {
                    return self.exec(&i.consequent, env, this);
                } else if let Some(alt) = &i.alternate {
                    return self.exec(alt, env, this);
                }
            }
            Statement::ForOfStatement(f) => {
                let iterable = self.eval(&f.right, env, this)?;
                let items = match iterable {
                    Value::Array(a) => a.borrow().clone(),
                    Value::Str(s) => s.chars().map(|c| Value::str(&c.to_string())).collect(),
                    Value::Unknown => {
                        self.unsupported(f.right.span(), "The engine cannot tell what this loop iterates over; its body was not run".into(), "Loops over arrays written in the code are followed.");
                        Vec::new()
                    }
                    _ => Vec::new(),
                };
                return self.run_loop(items, &f.left, &f.body, env, this);
            }
            Statement::ForInStatement(f) => {
                let object = self.eval(&f.right, env, this)?;
                let keys: Vec<Value> = self
                    .own_keys(&object)
                    .into_iter()
                    .map(|k| Value::str(&k))
                    .collect();
                return self.run_loop(keys, &f.left, &f.body, env, this);
            }
            Statement::ForStatement(f) => {
                let loop_env = Scope::child(env);
                match &f.init {
                    Some(ForStatementInit::VariableDeclaration(v)) => {
                        self.exec_var(v, &loop_env, this)?
                    }
                    Some(init) => {
                        if let Some(e) = init.as_expression() {
                            self.eval(e, &loop_env, this)?;
                        }
                    }
                    None => {}
                }
                loop {
                    self.tick(f.span)?;
                    if let Some(test) = &f.test {
                        let t = self.eval(test, &loop_env, this)?;
                        if !t.truthy() || matches!(t, Value::Unknown) {
                            break;
                        }
                    }
                    match self.exec(&f.body, &Scope::child(&loop_env), this)? {
                        Flow::Break => break,
                        Flow::Return(v) => return Ok(Flow::Return(v)),
                        _ => {}
                    }
                    if let Some(update) = &f.update {
                        self.eval(update, &loop_env, this)?;
                    }
                }
            }
            Statement::WhileStatement(w) => loop {
                self.tick(w.span)?;
                let t = self.eval(&w.test, env, this)?;
                if !t.truthy() || matches!(t, Value::Unknown) {
                    break;
                }
                match self.exec(&w.body, &Scope::child(env), this)? {
                    Flow::Break => break,
                    Flow::Return(v) => return Ok(Flow::Return(v)),
                    _ => {}
                }
            },
            Statement::DoWhileStatement(w) => loop {
                self.tick(w.span)?;
                match self.exec(&w.body, &Scope::child(env), this)? {
                    Flow::Break => break,
                    Flow::Return(v) => return Ok(Flow::Return(v)),
                    _ => {}
                }
                let t = self.eval(&w.test, env, this)?;
                if !t.truthy() || matches!(t, Value::Unknown) {
                    break;
                }
            },
            Statement::BreakStatement(_) => return Ok(Flow::Break),
            Statement::ContinueStatement(_) => return Ok(Flow::Continue),
            Statement::ThrowStatement(t) => {
                let v = self.eval(&t.argument, env, this)?;
                let message = match &v {
                    Value::Object(_) => v.prop("message").to_js_string(),
                    other => other.to_js_string(),
                };
                let s = self.span(t.span);
                self.raise(Thrown::new(message, s))?;
            }
            Statement::TryStatement(t) => {
                self.try_depth += 1;
                let r = self.exec_block(&t.block.body, &Scope::child(env), this);
                self.try_depth -= 1;
                let flow = match r {
                    Ok(flow) => flow,
                    Err(_) if self.halted => return r,
                    Err(thrown) => match &t.handler {
                        Some(h) => {
                            let catch_env = Scope::child(env);
                            if let Some(param) = &h.param {
                                let mut props = IndexMap::default();
                                props.insert("message".to_string(), Value::str(&thrown.message));
                                self.bind_pattern(
                                    &param.pattern,
                                    Value::object(props),
                                    &catch_env,
                                    this,
                                    true,
                                )?;
                            }
                            self.exec_block(&h.body.body, &catch_env, this)?
                        }
                        None => Flow::Normal,
                    },
                };
                if let Some(f) = &t.finalizer {
                    if let Flow::Return(v) = self.exec_block(&f.body, &Scope::child(env), this)? {
                        return Ok(Flow::Return(v));
                    }
                }
                return Ok(flow);
            }
            Statement::SwitchStatement(s) => {
                let d = self.eval(&s.discriminant, env, this)?;
                let inner = Scope::child(env);
                let mut matched = false;
                for case in &s.cases {
                    if !matched {
                        matched = match &case.test {
                            Some(test) => expr::strict_equals(&d, &self.eval(test, &inner, this)?),
                            None => false,
                        };
                    }
                    if matched {
                        match self.exec_block(&case.consequent, &inner, this)? {
                            Flow::Break => return Ok(Flow::Normal),
                            Flow::Normal => {}
                            other => return Ok(other),
                        }
                    }
                }
                if !matched {
                    let mut in_default = false;
                    for case in &s.cases {
                        in_default |= case.test.is_none();
                        if in_default {
                            match self.exec_block(&case.consequent, &inner, this)? {
                                Flow::Break => return Ok(Flow::Normal),
                                Flow::Normal => {}
                                other => return Ok(other),
                            }
                        }
                    }
                }
            }
            Statement::LabeledStatement(l) => {
                return match self.exec(&l.body, env, this)? {
                    Flow::Break | Flow::Continue => Ok(Flow::Normal),
                    other => Ok(other),
                };
            }
            Statement::ImportDeclaration(i) => self.exec_import(i, env),
            Statement::ExportDeclaration(e) => match &e.declaration {
                Declaration::VariableDeclaration(v) => self.exec_var(v, env, this)?,
                Declaration::ClassDeclaration(c) => {
                    let v = self.eval_class(c, env)?;
                    if let Some(id) = &c.id {
                        env.declare(id.name.as_str(), v);
                    }
                }
                _ => {}
            },
            Statement::ExportDefaultDeclaration(e) => {
                let v = match &e.declaration {
                    ExportDefaultDeclarationKind::FunctionDeclaration(f) => {
                        let v = self.make_function(FnNode::Function(f), env, None, None);
                        if let Some(id) = &f.id {
                            env.declare(id.name.as_str(), v.clone());
                        }
                        v
                    }
                    ExportDefaultDeclarationKind::ClassDeclaration(c) => {
                        let v = self.eval_class(c, env)?;
                        if let Some(id) = &c.id {
                            env.declare(id.name.as_str(), v.clone());
                        }
                        v
                    }
                    ExportDefaultDeclarationKind::TSInterfaceDeclaration(_) => Value::Undefined,
                    other => match other.as_expression() {
                        Some(e) => self.eval(e, env, this)?,
                        None => Value::Unknown,
                    },
                };
                env.declare("*default*", v);
            }
            Statement::TSExportAssignment(e) => {
                let v = self.eval(&e.expression, env, this)?;
                env.declare("*default*", v);
            }
            Statement::WithStatement(w) => {
                self.unsupported(
                    w.span,
                    "`with` statements are not followed".into(),
                    "Write the names out.",
                );
            }
            // Type declarations, `debugger`, empty statements and the like
            // define nothing Sequelize sees.
            _ => {}
        }
        Ok(Flow::Normal)
    }

    fn run_loop(
        &mut self,
        items: Vec<Value>,
        left: &'a ForStatementLeft<'a>,
        body: &'a Statement<'a>,
        env: &Env,
        this: &Value,
    ) -> Exec {
        for item in items {
            self.tick(body.span())?;
            let iter_env = Scope::child(env);
            match left {
                ForStatementLeft::VariableDeclaration(v) => {
                    if let Some(d) = v.declarations.first() {
                        self.bind_pattern(&d.id, item, &iter_env, this, true)?;
                    }
                }
                other => {
                    if let Some(target) = other.as_simple_assignment_target() {
                        self.assign_simple(target, item, &iter_env, this)?;
                    }
                }
            }
            match self.exec(body, &iter_env, this)? {
                Flow::Break => break,
                Flow::Return(v) => return Ok(Flow::Return(v)),
                _ => {}
            }
        }
        Ok(Flow::Normal)
    }

    fn exec_var(
        &mut self,
        v: &'a ast::VariableDeclaration<'a>,
        env: &Env,
        this: &Value,
    ) -> Result<(), Thrown> {
        for d in &v.declarations {
            let value = match &d.init {
                Some(e) => self.eval_named(e, env, this, binding_name(&d.id))?,
                None => Value::Undefined,
            };
            if d.init.is_none() && v.kind == ast::VariableDeclarationKind::Var {
                continue;
            }
            self.bind_pattern(&d.id, value, env, this, true)?;
        }
        Ok(())
    }

    fn exec_import(&mut self, i: &'a ast::ImportDeclaration<'a>, env: &Env) {
        let from_sequelize =
            i.source.value.as_str() == "sequelize" || i.source.value.as_str() == "@sequelize/core";
        let Some(specifiers) = &i.specifiers else {
            return;
        };
        for s in specifiers {
            match s {
                ImportDeclarationSpecifier::ImportSpecifier(spec) => {
                    if from_sequelize {
                        let imported = match &spec.imported {
                            ModuleExportName::IdentifierName(n) => n.name.as_str(),
                            ModuleExportName::IdentifierReference(n) => n.name.as_str(),
                            ModuleExportName::StringLiteral(s) => s.value.as_str(),
                        };
                        let v = builtins::member_of_module(imported);
                        env.declare(spec.local.name.as_str(), v);
                    }
                    // Names from the project's other files stay unbound: they
                    // resolve as the oracle resolves unknown names.
                }
                ImportDeclarationSpecifier::ImportDefaultSpecifier(spec) => {
                    if from_sequelize {
                        env.declare(spec.local.name.as_str(), Value::Host(Host::SequelizeModule));
                    }
                }
                ImportDeclarationSpecifier::ImportNamespaceSpecifier(spec) => {
                    if from_sequelize {
                        env.declare(spec.local.name.as_str(), Value::Host(Host::SequelizeModule));
                    }
                }
            }
        }
    }

    /// Binds a declaration pattern (`x`, `{ Model, DataTypes }`, `[a, b]`).
    fn bind_pattern(
        &mut self,
        pattern: &'a BindingPattern<'a>,
        value: Value,
        env: &Env,
        this: &Value,
        declare: bool,
    ) -> Result<(), Thrown> {
        match pattern {
            BindingPattern::BindingIdentifier(id) => {
                let value = match value {
                    Value::Function(f) if f.name.is_none() => {
                        Value::Function(Rc::new(value::Function {
                            id: f.id,
                            name: Some(id.name.as_str().to_string()),
                            length: f.length,
                            span: f.span,
                        }))
                    }
                    other => other,
                };
                self.walk_scopes(env);
                if declare || !env.assign(id.name.as_str(), value.clone()) {
                    env.declare(id.name.as_str(), value);
                }
            }
            BindingPattern::ObjectPattern(o) => {
                let mut used = Vec::new();
                for p in &o.properties {
                    let key = self.property_key(&p.key, env, this)?;
                    used.push(key.clone());
                    let v = self.get_member(&value, &key, p.span)?;
                    self.bind_pattern(&p.value, v, env, this, declare)?;
                }
                if let Some(rest) = &o.rest {
                    let mut props = IndexMap::default();
                    for k in self.own_keys(&value) {
                        if !used.contains(&k) {
                            props.insert(k.clone(), value.prop(&k));
                        }
                    }
                    self.bind_pattern(&rest.argument, Value::object(props), env, this, declare)?;
                }
            }
            BindingPattern::ArrayPattern(a) => {
                let items = match &value {
                    Value::Array(items) => items.borrow().clone(),
                    _ => Vec::new(),
                };
                for (i, p) in a.elements.iter().enumerate() {
                    if let Some(p) = p {
                        let v =
                            items
                                .get(i)
                                .cloned()
                                .unwrap_or(if matches!(value, Value::Unknown) {
                                    Value::Unknown
                                } else {
                                    Value::Undefined
                                });
                        self.bind_pattern(p, v, env, this, declare)?;
                    }
                }
                if let Some(rest) = &a.rest {
                    let tail = items
                        .get(a.elements.len()..)
                        .map(<[Value]>::to_vec)
                        .unwrap_or_default();
                    self.bind_pattern(&rest.argument, Value::array(tail), env, this, declare)?;
                }
            }
            BindingPattern::AssignmentPattern(a) => {
                let value = if value.is_undefined() {
                    self.eval(&a.right, env, this)?
                } else {
                    value
                };
                self.bind_pattern(&a.left, value, env, this, declare)?;
            }
        }
        Ok(())
    }

    fn property_key(
        &mut self,
        key: &'a PropertyKey<'a>,
        env: &Env,
        this: &Value,
    ) -> Result<String, Thrown> {
        Ok(match key {
            PropertyKey::StaticIdentifier(id) => id.name.as_str().to_string(),
            PropertyKey::PrivateIdentifier(id) => format!("#{}", id.name),
            other => match other.as_expression() {
                Some(ast::Expression::StringLiteral(s)) => s.value.as_str().to_string(),
                Some(ast::Expression::NumericLiteral(n)) => value::number_to_string(n.value),
                Some(e) => self.eval(e, env, this)?.to_js_string(),
                None => String::new(),
            },
        })
    }

    // ----- functions and classes -----

    fn make_function(
        &mut self,
        node: FnNode<'a>,
        env: &Env,
        this: Option<Value>,
        home: Option<ClassId>,
    ) -> Value {
        let (params, span, name) = match node {
            FnNode::Function(f) => (
                &f.params,
                f.span,
                f.id.as_ref().map(|i| i.name.as_str().to_string()),
            ),
            FnNode::Arrow(a) => (&a.params, a.span, None),
        };
        let length = params
            .items
            .iter()
            .take_while(|p| {
                p.initializer.is_none()
                    && !matches!(p.pattern, BindingPattern::AssignmentPattern(_))
            })
            .count();
        let id = self.funcs.len();
        self.funcs.push(FnEntry {
            node,
            env: env.clone(),
            this,
            home,
            file: self.file,
        });
        Value::Function(Rc::new(value::Function {
            id,
            name,
            length,
            span: self.span(span),
        }))
    }

    /// Calls a user function with `this` and `args`.
    fn call_function(&mut self, f: &value::Function, this: Value, args: &[Value]) -> Eval {
        self.called.insert(f.id);
        let Some(entry) = self.funcs.get(f.id) else {
            return Ok(Value::Unknown);
        };
        let (node, closure, captured_this, home, file) = (
            entry.node,
            entry.env.clone(),
            entry.this.clone(),
            entry.home,
            entry.file,
        );
        if self.depth >= MAX_DEPTH {
            let s = f.span;
            return Err(self.halt(
                s,
                "Analysis stopped: calls nest too deeply (unbounded recursion?)",
                "The engine follows calls a few hundred levels deep.",
            ));
        }
        self.depth += 1;
        let saved_file = self.file;
        self.file = file;
        let env = Scope::child(&closure);
        let this = match (captured_this, home) {
            (Some(t), _) => t,
            (None, Some(h)) if matches!(this, Value::Unknown) => Value::Model(h),
            _ => this,
        };
        let result = self.run_function_body(node, &env, &this, args);
        self.file = saved_file;
        self.depth -= 1;
        result
    }

    fn run_function_body(
        &mut self,
        node: FnNode<'a>,
        env: &Env,
        this: &Value,
        args: &[Value],
    ) -> Eval {
        let params = match node {
            FnNode::Function(f) => &f.params,
            FnNode::Arrow(a) => &a.params,
        };
        for (i, p) in params.items.iter().enumerate() {
            let mut v = args.get(i).cloned().unwrap_or_default();
            if v.is_undefined() {
                if let Some(init) = &p.initializer {
                    v = self.eval(init, env, this)?;
                }
            }
            self.bind_pattern(&p.pattern, v, env, this, true)?;
        }
        if let Some(rest) = &params.rest {
            let tail = args
                .get(params.items.len()..)
                .map(<[Value]>::to_vec)
                .unwrap_or_default();
            self.bind_pattern(&rest.rest.argument, Value::array(tail), env, this, true)?;
        }
        match node {
            FnNode::Function(f) => match &f.body {
                Some(body) => match self.exec_block(&body.statements, env, this)? {
                    Flow::Return(v) => Ok(v),
                    _ => Ok(Value::Undefined),
                },
                None => Ok(Value::Undefined),
            },
            FnNode::Arrow(a) => match &a.body {
                ast::ArrowFunctionBody::FunctionBody(body) => {
                    match self.exec_block(&body.statements, env, this)? {
                        Flow::Return(v) => Ok(v),
                        _ => Ok(Value::Undefined),
                    }
                }
                other => match other.as_expression() {
                    Some(e) => self.eval(e, env, this),
                    None => Ok(Value::Undefined),
                },
            },
        }
    }

    /// A class: a model class when it extends `Model` (or another model),
    /// otherwise an opaque value.
    fn eval_class(&mut self, c: &'a Class<'a>, env: &Env) -> Eval {
        let Some(heritage) = &c.heritage else {
            return Ok(Value::Unknown);
        };
        let base = self.eval(&heritage.expression, env, &Value::Unknown)?;
        let is_model = match &base {
            Value::Host(Host::ModelBase) => true,
            Value::Model(_) => true,
            Value::Unknown => {
                // `extends Sequelize.Model` through an unknown import, say.
                self.text(heritage.expression.span()).ends_with("Model")
            }
            _ => false,
        };
        if !is_model {
            return Ok(Value::Unknown);
        }
        let name = c.id.as_ref().map_or_else(
            || "AnonymousModel".to_string(),
            |i| i.name.as_str().to_string(),
        );
        let id = self.rt.declare_class(&name, self.span(c.span));
        let class_env = Scope::child(env);
        class_env.declare(&name, Value::Model(id));
        for element in &c.body.body {
            match element {
                ClassElement::MethodDefinition(m) if m.r#static => {
                    let key = self.property_key(&m.key, &class_env, &Value::Model(id))?;
                    let f =
                        self.make_function(FnNode::Function(&m.value), &class_env, None, Some(id));
                    self.rt.classes[id].statics.insert(key, f);
                }
                ClassElement::PropertyDefinition(p) if p.r#static => {
                    let key = self.property_key(&p.key, &class_env, &Value::Model(id))?;
                    let v = match &p.value {
                        Some(e) => self.eval(e, &class_env, &Value::Model(id))?,
                        None => Value::Undefined,
                    };
                    self.rt.classes[id].statics.insert(key, v);
                }
                ClassElement::StaticBlock(b) => {
                    self.exec_block(&b.body, &Scope::child(&class_env), &Value::Model(id))?;
                }
                _ => {}
            }
        }
        Ok(Value::Model(id))
    }

    /// Own enumerable keys (`Object.keys`).
    fn own_keys(&self, v: &Value) -> Vec<String> {
        match v {
            Value::Object(_) => v.keys(),
            Value::Array(a) => (0..a.borrow().len()).map(|i| i.to_string()).collect(),
            Value::Host(Host::Registry) => self.rt.registry.keys().cloned().collect(),
            Value::Model(c) => self.rt.classes[*c].statics.keys().cloned().collect(),
            _ => Vec::new(),
        }
    }
}

/// The names a pattern binds.
fn binding_names<'b>(pattern: &'b BindingPattern<'b>, out: &mut Vec<&'b str>) {
    match pattern {
        BindingPattern::BindingIdentifier(id) => out.push(id.name.as_str()),
        BindingPattern::ObjectPattern(o) => {
            for p in &o.properties {
                binding_names(&p.value, out);
            }
            if let Some(r) = &o.rest {
                binding_names(&r.argument, out);
            }
        }
        BindingPattern::ArrayPattern(a) => {
            for p in a.elements.iter().flatten() {
                binding_names(p, out);
            }
            if let Some(r) = &a.rest {
                binding_names(&r.argument, out);
            }
        }
        BindingPattern::AssignmentPattern(a) => binding_names(&a.left, out),
    }
}

fn binding_name<'b>(pattern: &'b BindingPattern<'b>) -> Option<&'b str> {
    match pattern {
        BindingPattern::BindingIdentifier(id) => Some(id.name.as_str()),
        _ => None,
    }
}

fn scope_parent(env: &Env) -> Option<Env> {
    env.parent()
}

/// Source text on one line, for labels and messages: whitespace runs
/// become one space, none right inside parentheses; past 90 characters it
/// is cut to 87 and "...".
fn one_line(text: &str) -> String {
    const MAX: usize = 90;
    let mut out = String::with_capacity(text.len().min(4 * MAX));
    // Adds a word; false once more than MAX characters are there.
    let mut push = |word: &str| {
        if !out.is_empty() && !word.starts_with(')') && !out.ends_with('(') {
            out.push(' ');
        }
        out.push_str(word);
        out.len() <= 4 * MAX
    };
    if text.is_ascii() {
        // Most code, a byte at a time: in ASCII, `char::is_whitespace` is
        // the space and '\t' to '\r'.
        let space = |b: u8| b == b' ' || (b'\t'..=b'\r').contains(&b);
        let bytes = text.as_bytes();
        let mut at = 0;
        while at < bytes.len() {
            if space(bytes[at]) {
                at += 1;
                continue;
            }
            let start = at;
            while at < bytes.len() && !space(bytes[at]) {
                at += 1;
            }
            if !push(&text[start..at]) {
                break;
            }
        }
        if out.len() > MAX {
            out.truncate(MAX - 3);
            out.push_str("...");
        }
        return out;
    }
    for word in text.split(char::is_whitespace).filter(|w| !w.is_empty()) {
        if !push(word) {
            break;
        }
    }
    if let Some((cut, _)) = out.char_indices().nth(MAX) {
        let cut = out[..cut]
            .char_indices()
            .nth(MAX - 3)
            .map_or(cut, |(i, _)| i);
        out.truncate(cut);
        out.push_str("...");
    }
    out
}

#[cfg(test)]
mod label_tests {
    use super::one_line;

    #[test]
    fn labels_fold_whitespace_and_parentheses() {
        assert_eq!(
            one_line("A.hasMany( B ,\n  { as: 'x' } )"),
            "A.hasMany(B , { as: 'x' })"
        );
        assert_eq!(one_line("  f(\t)  "), "f()");
        assert_eq!(one_line("a ( )"), "a ()");
        assert_eq!(one_line(""), "");
    }

    #[test]
    fn long_labels_are_cut_at_87_characters() {
        let long = "x".repeat(95);
        assert_eq!(one_line(&long), format!("{}...", "x".repeat(87)));
        let exact = "é".repeat(90);
        assert_eq!(one_line(&exact), exact);
        assert_eq!(one_line(&"é".repeat(91)).chars().count(), 90);
        let exact = "x".repeat(90);
        assert_eq!(one_line(&exact), exact);
    }

    #[test]
    fn ascii_and_unicode_text_fold_alike() {
        // A trailing "é" sends the text down the path for any Unicode.
        for text in [
            "a\u{b}b\u{c}c\rd\te\n f",
            "A.hasMany(  B,\n\t{ as: 'x' }\r\n)",
            "  ( ) ( x ) ",
        ] {
            assert_eq!(
                format!("{} é", one_line(text)),
                one_line(&format!("{text} é")),
                "{text:?}"
            );
        }
        assert_eq!(one_line("a\u{b}b\u{c}c\rd\te\n f"), "a b c d e f");
    }
}
