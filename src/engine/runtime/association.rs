//! `hasOne`, `belongsTo`, `hasMany` and `belongsToMany`, ported from
//! `sequelize/lib/associations/` (6.37.8) step by step, in the same order,
//! so that the first association to create a column fixes it, pairing and
//! alias replacement happen as they do in Sequelize.

use crate::engine::fast_hash::IndexMap;

use super::attribute::{Attr, RefVal, TypeVal, UniqueVal};
use super::options::ModelOptions;
use super::{Runtime, Thrown};
use crate::engine::diagnostics::{Diagnostic, DiagnosticKind};
use crate::engine::inflection::singularize;
use crate::engine::naming::{camelize, lower_first, upper_first};
use crate::engine::schema::{
    self, Accessor, AccessorKind, AssociationKind, AttributeOrigin, ModelOrigin,
};
use crate::engine::source::Span;
use crate::engine::value::{ClassId, Value};
use crate::engine::Scope;

/// Where an association call sits in the user's code.
#[derive(Clone, Debug)]
pub struct CallSite {
    /// The whole call expression.
    pub span: Span,
    /// The call as written, on one line: `Employee.belongsTo(Organization)`.
    pub label: String,
    /// The target argument.
    pub target_span: Span,
    /// How many arguments the call had (a third one is ignored).
    pub argument_count: usize,
}

/// What `through` named, for pairing: Sequelize pairs two belongsToMany
/// when `options.through.model` is the same string or the same model.
#[derive(Clone, Debug, PartialEq)]
pub enum ThroughRef {
    Name(String),
    Class(ClassId),
    Other,
}

/// An association as Sequelize holds it while building (the fields of the
/// association object that later steps read).
#[derive(Clone, Debug)]
pub struct AssocRt {
    pub kind: AssociationKind,
    pub source: ClassId,
    pub target: ClassId,
    pub as_name: String,
    pub aliased: bool,
    pub alias_object: Option<serde_json::Value>,
    /// `options.name`: the accessors are named from these, and written
    /// out with the schema ([`accessors_of`]).
    pub singular: String,
    pub plural: String,
    pub foreign_key: String,
    pub source_key: Option<String>,
    pub source_key_field: Option<String>,
    pub target_key: Option<String>,
    pub target_key_field: Option<String>,
    pub other_key: Option<String>,
    pub through: Option<ClassId>,
    pub through_ref: Option<ThroughRef>,
    pub through_unique: bool,
    pub target_key_default: bool,
    pub other_key_default: bool,
    pub paired: Option<usize>,
    /// The user's `foreignKey` / `otherKey` when given as objects.
    pub foreign_key_attr: Option<Value>,
    pub other_key_attr: Option<Value>,
    /// The options object as Sequelize reads it.
    pub options: Value,
    pub span: Span,
    pub label: String,
    pub replaced_by: Option<usize>,
    /// belongsToMany: `_injectAttributes` has run (Sequelize's
    /// `foreignIdentifierField` is set).
    pub injected: bool,
}

impl AssocRt {
    /// The schema's view of this association, which takes over its names:
    /// the runtime is done with them once the schema is built.
    pub fn take_schema(
        &mut self,
        models: &IndexMap<ClassId, usize>,
        assocs: &IndexMap<usize, usize>,
        target_name: &str,
    ) -> schema::Association {
        schema::Association {
            kind: self.kind,
            source: models.get(&self.source).copied().unwrap_or_default(),
            target: models.get(&self.target).copied().unwrap_or_default(),
            as_name: std::mem::take(&mut self.as_name),
            aliased: self.aliased,
            alias_object: self.alias_object.take(),
            foreign_key: std::mem::take(&mut self.foreign_key),
            source_key: self.source_key.take(),
            target_key: self.target_key.take(),
            other_key: self.other_key.take(),
            through: self.through.and_then(|t| models.get(&t).copied()),
            paired: self.paired.and_then(|p| assocs.get(&p).copied()),
            accessors: accessors_of(self.kind, &self.singular, &self.plural, target_name),
            span: self.span,
            label: std::mem::take(&mut self.label),
            replaced_by: self.replaced_by.and_then(|r| assocs.get(&r).copied()),
            source_redefined: false,
            scope: self.scope(),
            through_scope: self.through_scope(),
        }
    }
}

impl AssocRt {
    /// The `scope` option's conditions; what the walker reads, and only it
    /// (none in the page's first module: it is built without `ddl`).
    #[cfg(feature = "ddl")]
    fn scope(&self) -> Vec<(String, schema::ScopeValue)> {
        scope_of(&self.options.prop("scope"))
    }

    #[cfg(feature = "ddl")]
    fn through_scope(&self) -> Vec<(String, schema::ScopeValue)> {
        if self.kind == AssociationKind::BelongsToMany {
            scope_of(&self.options.prop("through").prop("scope"))
        } else {
            Vec::new()
        }
    }

    #[cfg(not(feature = "ddl"))]
    fn scope(&self) -> Vec<(String, schema::ScopeValue)> {
        Vec::new()
    }

    #[cfg(not(feature = "ddl"))]
    fn through_scope(&self) -> Vec<(String, schema::ScopeValue)> {
        Vec::new()
    }
}

/// A `scope` option's conditions, in key order (none unless an object).
#[cfg(feature = "ddl")]
fn scope_of(scope: &Value) -> Vec<(String, schema::ScopeValue)> {
    scope
        .keys()
        .into_iter()
        .map(|k| {
            let v = match scope.prop(&k) {
                Value::Null => schema::ScopeValue::Null,
                Value::Bool(b) => schema::ScopeValue::Bool(b),
                Value::Number(n) => schema::ScopeValue::Number(n),
                Value::Str(s) => schema::ScopeValue::Str(s.to_string()),
                _ => schema::ScopeValue::Other,
            };
            (k, v)
        })
        .collect()
}

/// What belongsToMany's `_injectAttributes` reads of its association.
struct Injecting {
    span: Span,
    source: ClassId,
    target: ClassId,
    paired: Option<usize>,
    through_unique: bool,
    source_key_field: Option<String>,
    target_key_field: Option<String>,
    foreign_key_attr: Option<Value>,
    other_key_attr: Option<Value>,
    options: Value,
}

/// The referential actions an existing junction key keeps.
struct KeptActions {
    on_delete: Option<String>,
    on_update: Option<String>,
}

/// What an existing key column keeps when another association reaches it.
struct KeptSettings {
    on_delete: Option<String>,
    on_update: Option<String>,
    allow_null: Option<bool>,
    origin: AttributeOrigin,
}

/// The accessor methods Sequelize mixes into the source model (the
/// association's `accessors`, named from its singular and plural), and
/// what each resolves to, in TypeScript words. Only `get` and `create`
/// name the target: those two types are written once per association.
pub fn accessors_of(
    kind: AssociationKind,
    singular: &str,
    plural: &str,
    target: &str,
) -> Vec<Accessor> {
    fn cat(verb: &str, name: &str) -> String {
        let mut out = String::with_capacity(verb.len() + name.len());
        out.push_str(verb);
        out.push_str(name);
        out
    }
    let s = upper_first(singular);
    let p = upper_first(plural);
    let get = if kind.is_multi() {
        ["Promise<", target, "[]>"].concat()
    } else {
        ["Promise<", target, " | null>"].concat()
    };
    // Each list below names `Get` and `Create` once: their return types
    // move into them rather than being copied.
    let mut get = Some(get);
    let mut create = Some(["Promise<", target, ">"].concat());
    let mut accessor = |kind, name| Accessor {
        kind,
        name,
        returns: match kind {
            AccessorKind::Get => get.take().unwrap_or_default().into(),
            AccessorKind::Create => create.take().unwrap_or_default().into(),
            AccessorKind::HasSingle | AccessorKind::HasAll => "Promise<boolean>".into(),
            AccessorKind::Count => "Promise<number>".into(),
            _ => "Promise<void>".into(),
        },
    };
    if kind.is_multi() {
        vec![
            accessor(AccessorKind::Get, cat("get", &p)),
            accessor(AccessorKind::Set, cat("set", &p)),
            accessor(AccessorKind::AddMultiple, cat("add", &p)),
            accessor(AccessorKind::Add, cat("add", &s)),
            accessor(AccessorKind::Create, cat("create", &s)),
            accessor(AccessorKind::Remove, cat("remove", &s)),
            accessor(AccessorKind::RemoveMultiple, cat("remove", &p)),
            accessor(AccessorKind::HasSingle, cat("has", &s)),
            accessor(AccessorKind::HasAll, cat("has", &p)),
            accessor(AccessorKind::Count, cat("count", &p)),
        ]
    } else {
        vec![
            accessor(AccessorKind::Get, cat("get", &s)),
            accessor(AccessorKind::Set, cat("set", &s)),
            accessor(AccessorKind::Create, cat("create", &s)),
        ]
    }
}

/// `[a, b].join('_')` as JavaScript joins: undefined becomes empty.
fn join_key(a: &str, b: Option<&str>) -> String {
    [a, "_", b.unwrap_or("")].concat()
}

fn type_error_reading(prop: &str, span: Span) -> Thrown {
    Thrown::new(
        format!("Cannot read properties of undefined (reading '{prop}')"),
        span,
    )
}

impl Runtime {
    fn model_name(&self, id: ClassId) -> String {
        self.classes[id].name.clone()
    }

    fn options_of(&self, id: ClassId) -> std::rc::Rc<ModelOptions> {
        self.state(id).map_or_else(
            || std::rc::Rc::new(ModelOptions::defaults(&self.classes[id].name)),
            |s| s.options.clone(),
        )
    }

    fn pk_of(&self, id: ClassId) -> Option<String> {
        self.state(id)
            .and_then(|s| s.primary_key().map(str::to_string))
    }

    fn has_attr(&self, id: ClassId, name: &str) -> bool {
        self.state(id).is_some_and(|s| s.raw.contains_key(name))
    }

    fn attr_type(&self, id: ClassId, name: &str) -> Option<TypeVal> {
        self.state(id)
            .and_then(|s| s.raw.get(name))
            .and_then(|a| a.type_.clone())
    }

    fn table_of(&self, id: ClassId) -> String {
        self.state(id)
            .map(|s| s.table_name.clone())
            .unwrap_or_default()
    }

    /// `Model.hasAlias(as)`.
    fn has_alias(&self, id: ClassId, alias: &str) -> bool {
        self.state(id)
            .is_some_and(|s| s.associations.contains_key(alias))
    }

    /// Adds an attribute that a key option names but no model defines, so
    /// that analysis can go on after Sequelize would have thrown.
    fn assume_attribute(&mut self, id: ClassId, name: &str, span: Span) {
        let model = self.model_name(id);
        if let Some(state) = self.state_mut(id) {
            let mut attr = Attr::with_type(
                TypeVal::Known(crate::engine::datatypes::DataType::new("STRING").into()),
                AttributeOrigin::Assumed { span },
            );
            attr.field = Some(name.to_string());
            state.raw.insert(name.to_string(), Box::new(attr));
        }
        self.refresh(id);
        self.diag(
            Diagnostic::info(
                DiagnosticKind::AssumedAttribute,
                span,
                format!("Assumed that {model}.{name} exists (as STRING) so that the rest can be shown"),
            )
            .with_help(format!(
                "Define it: `{name}: {{ type: DataTypes.STRING, unique: true }}` in {model}'s attributes."
            )),
        );
    }

    /// One association call: `source.<kind>(target, options)`.
    pub fn associate(
        &mut self,
        kind: AssociationKind,
        source: ClassId,
        target: &Value,
        options: &Value,
        site: &CallSite,
    ) -> Result<Value, Thrown> {
        let span = site.span;
        let source_name = self.model_name(source);
        if self.state(source).is_none() {
            return Err(type_error_reading("Sequelize", span).help(format!(
                "{source_name} is a class that was never initialised: call {source_name}.init(attributes, {{ sequelize }}) before associating it."
            )));
        }
        let target = match target {
            Value::Model(t) if self.state(*t).is_some() => *t,
            // A class extending Model passes Sequelize's isModel check even
            // before init; reading its options then fails.
            Value::Model(t) => {
                let name = self.model_name(*t);
                return Err(type_error_reading("name", span)
                    .explained(format!(
                        "{name} is a class that was never initialised, so it is not a model yet"
                    ))
                    .help(format!(
                        "Call {name}.init(attributes, {{ sequelize }}) before associating it."
                    )));
            }
            _ => {
                let method = if kind.is_multi() {
                    kind.method().to_string()
                } else {
                    lower_first(kind.as_str())
                };
                return Err(Thrown::new(
                    format!("{source_name}.{method} called with something that's not a subclass of Sequelize.Model"),
                    site.target_span,
                )
                .help("The first argument must be a model: the result of sequelize.define or a class that called init."));
            }
        };
        let options = match options {
            Value::Object(_) => options.clone(),
            Value::Null => {
                return Err(Thrown::new(
                    "Cannot read properties of null (reading 'hooks')",
                    site.target_span,
                )
                .explained("The options of an association may be left out, but not null")
                .help("Pass `{}` or nothing instead of null."));
            }
            _ => Value::object(IndexMap::default()),
        };
        if self.scope == Scope::Everything {
            super::lint_options::check(self, kind, &options, site);
        }

        // Base constructor: an explicit alias may be used once per model.
        let as_value = options.prop("as");
        if !as_value.is_undefined() {
            let key = as_value.to_js_string();
            if self.has_alias(source, &key) {
                return Err(Thrown::new(
                    format!("You have used the alias {key} in two separate associations. Aliased associations must have unique aliases."),
                    span,
                )
                .help("Give each association between these models its own `as`."));
            }
        }
        match kind {
            AssociationKind::HasOne | AssociationKind::BelongsTo => {
                self.single_linked(kind, source, target, &options, site)
            }
            AssociationKind::HasMany => self.has_many(source, target, &options, site),
            AssociationKind::BelongsToMany => self.belongs_to_many(source, target, &options, site),
        }
    }

    /// Registers a built association on its source: `source.associations[as]`.
    fn register(&mut self, assoc: AssocRt) -> usize {
        let id = self.associations.len();
        let source = assoc.source;
        let as_name = assoc.as_name.clone();
        self.associations.push(Box::new(assoc));
        let previous = self
            .state_mut(source)
            .and_then(|s| s.associations.insert(as_name, id));
        if let Some(prev) = previous {
            self.associations[prev].replaced_by = Some(id);
            let a = &self.associations[id];
            let (span, label, as_name) = (a.span, &a.label, &a.as_name);
            let prev_label = &self.associations[prev].label;
            let d = Diagnostic::warning(
                DiagnosticKind::AliasReplaced,
                span,
                format!(
                    "{label} uses the alias \"{as_name}\", which {prev_label} already had: Sequelize silently replaces the earlier association (its columns stay)"
                ),
            )
            .with_help("Give one of them an explicit `as` so that both stay reachable.");
            self.diag(d);
        }
        id
    }

    fn checked_camelize(&self, s: &str, span: Span) -> Result<String, Thrown> {
        camelize(s).map_err(|m| {
            Thrown::new(m, span).help("Sequelize builds the default key from a name and a primary key; the model has no primary key.")
        })
    }

    /// The foreign key named by `options.foreignKey` (string or object).
    fn user_foreign_key(option: &Value) -> (Option<String>, Option<Value>) {
        if option.is_object_like() {
            let name = match option.prop("name") {
                v if v.truthy() => Some(v.to_js_string()),
                _ => match option.prop("fieldName") {
                    v if v.truthy() => Some(v.to_js_string()),
                    _ => None,
                },
            };
            (name, Some(option.clone()))
        } else if option.truthy() {
            (Some(option.to_js_string()), None)
        } else {
            (None, None)
        }
    }

    /// `new HasOne(...)` / `new BelongsTo(...)` and their `_injectAttributes`.
    fn single_linked(
        &mut self,
        kind: AssociationKind,
        source: ClassId,
        target: ClassId,
        options: &Value,
        site: &CallSite,
    ) -> Result<Value, Thrown> {
        let span = site.span;
        let target_opts = self.options_of(target);
        let as_value = options.prop("as");
        let (as_name, aliased, singular, plural) = if as_value.truthy() {
            let a = as_value.to_js_string();
            (a.clone(), true, a.clone(), a)
        } else {
            (
                target_opts.singular.clone(),
                false,
                target_opts.singular.clone(),
                target_opts.plural.clone(),
            )
        };
        let (mut foreign_key, fk_attr) = Self::user_foreign_key(&options.prop("foreignKey"));
        let source_name = self.model_name(source);
        let alias_object = as_value
            .is_plain_object()
            .then(|| super::attribute::to_json(&as_value));
        if alias_object.is_some() && kind == AssociationKind::HasOne && foreign_key.is_none() {
            // hasOne singularises the alias for the key name: inflection
            // calls `toLowerCase` on the object.
            return Err(Thrown::new("str.toLowerCase is not a function", span)
                .explained("hasOne takes `as` as a string only: `{ singular, plural }` is for hasMany and belongsToMany")
                .help("Write `as: 'homeAddress'`."));
        }

        let (holder, referenced, key_name, key_option) = if kind == AssociationKind::HasOne {
            (target, source, "sourceKey", options.prop("sourceKey"))
        } else {
            (source, target, "targetKey", options.prop("targetKey"))
        };
        if foreign_key.is_none() {
            let base = if kind == AssociationKind::HasOne {
                let named = if as_value.truthy() {
                    as_value.to_js_string()
                } else {
                    source_name.clone()
                };
                singularize(&named)
            } else {
                as_name.clone()
            };
            let pk = self.pk_of(referenced);
            foreign_key = Some(self.checked_camelize(&join_key(&base, pk.as_deref()), span)?);
        }
        let foreign_key = foreign_key.unwrap_or_default();

        // The referenced key must exist (sourceKey on hasOne, targetKey on
        // belongsTo); an empty string counts as not given.
        if key_option.truthy() {
            let key = key_option.to_js_string();
            if !self.has_attr(referenced, &key) {
                let referenced_name = self.model_name(referenced);
                self.throw_or_recover(
                    Thrown::new(
                        format!("Unknown attribute \"{key}\" passed as {key_name}, define this attribute on model \"{referenced_name}\" first"),
                        span,
                    )
                    .help(format!("Add `{key}` to {referenced_name}'s attributes (usually with `unique: true`), or drop `{key_name}` to use the primary key.")),
                )?;
                self.assume_attribute(referenced, &key, span);
            }
        }
        let key = if key_option.truthy() {
            Some(key_option.to_js_string())
        } else {
            self.pk_of(referenced)
        };
        let Some(key) = key else {
            return Err(type_error_reading("field", span).help(format!(
                "{} has no primary key, so Sequelize has nothing to reference.",
                self.model_name(referenced)
            )));
        };
        let key_field = self
            .state(referenced)
            .and_then(|s| s.field_of(&key))
            .ok_or_else(|| type_error_reading("field", span))?;

        let assoc = AssocRt {
            kind,
            source,
            target,
            as_name: as_name.clone(),
            aliased,
            alias_object,
            singular,
            plural,
            foreign_key: foreign_key.clone(),
            source_key: (kind == AssociationKind::HasOne).then(|| key.clone()),
            source_key_field: (kind == AssociationKind::HasOne).then(|| key_field.clone()),
            target_key: (kind == AssociationKind::BelongsTo).then(|| key.clone()),
            target_key_field: (kind == AssociationKind::BelongsTo).then(|| key_field.clone()),
            other_key: None,
            through: None,
            through_ref: None,
            through_unique: true,
            target_key_default: false,
            other_key_default: false,
            paired: None,
            foreign_key_attr: fk_attr.clone(),
            other_key_attr: None,
            options: options.clone(),
            span,
            label: site.label.clone(),
            replaced_by: None,
            injected: false,
        };
        let id = self.register(assoc);

        // _injectAttributes
        let key_type = match options.prop("keyType") {
            v if v.truthy() => TypeVal::from_value(&v),
            _ => None,
        }
        .or_else(|| self.attr_type(referenced, &key));
        let mut new_attr = Attr::empty(AttributeOrigin::Association {
            association: id,
            span,
        });
        new_attr.type_ = key_type;
        new_attr.allow_null = Some(true);
        if let Some(obj) = &fk_attr {
            new_attr.assign_from(obj);
        }
        let mut on_delete = options.prop("onDelete");
        let mut on_update = options.prop("onUpdate");
        if !matches!(options.prop("constraints"), Value::Bool(false)) {
            let existing_allow_null = match self.state(holder).and_then(|s| s.raw.get(&foreign_key))
            {
                Some(existing) => existing.allow_null.unwrap_or(false),
                None => new_attr.allow_null.unwrap_or(false),
            };
            if !on_delete.truthy() {
                let default = match (kind, existing_allow_null) {
                    (_, true) => "SET NULL",
                    (AssociationKind::HasOne, false) => "CASCADE",
                    _ => "NO ACTION",
                };
                self.note_implicit_not_null(holder, &foreign_key, default, span);
                on_delete = Value::str(default);
            }
            if !on_update.truthy() {
                on_update = Value::str("CASCADE");
            }
            // Sequelize writes these back into the caller's options object.
            if let Value::Object(o) = options {
                let mut o = o.borrow_mut();
                o.props.insert("onDelete".into(), on_delete.clone());
                o.props.insert("onUpdate".into(), on_update.clone());
            }
        }
        self.add_foreign_key_constraints(
            &mut new_attr,
            referenced,
            options,
            &on_delete,
            &on_update,
            &key_field,
        );
        self.merge_key_into(holder, &foreign_key, new_attr, id);
        self.check_naming_collision(id)?;
        Ok(Value::Association(id))
    }

    /// `Helpers.addForeignKeyConstraints`.
    fn add_foreign_key_constraints(
        &self,
        attr: &mut Attr,
        referenced: ClassId,
        options: &Value,
        on_delete: &Value,
        on_update: &Value,
        key_field: &str,
    ) {
        if !(options.prop("foreignKeyConstraint").truthy()
            || on_delete.truthy()
            || on_update.truthy())
        {
            return;
        }
        let Some(state) = self.state(referenced) else {
            return;
        };
        let pk_fields: Vec<String> = state
            .raw
            .iter()
            .filter(|(_, a)| a.is_primary_key())
            .map(|(n, a)| a.field.clone().unwrap_or_else(|| n.clone()))
            .collect();
        if pk_fields.len() == 1 || !pk_fields.iter().any(|f| f == key_field) {
            let key = if key_field.is_empty() {
                pk_fields.first().cloned()
            } else {
                Some(key_field.to_string())
            };
            attr.references = Some(RefVal {
                model: Some(state.table_name.clone()),
                key,
            });
            attr.on_delete = on_delete
                .as_str()
                .map(str::to_string)
                .or_else(|| (!on_delete.is_undefined()).then(|| on_delete.to_js_string()));
            attr.on_update = on_update
                .as_str()
                .map(str::to_string)
                .or_else(|| (!on_update.is_undefined()).then(|| on_update.to_js_string()));
        }
    }

    /// `Utils.mergeDefaults(holder.rawAttributes, { [key]: attr })` and
    /// `refreshAttributes`.
    fn merge_key_into(&mut self, holder: ClassId, key: &str, attr: Attr, association: usize) {
        self.warn_first_creator_wins(holder, key, &attr, association);
        if let Some(state) = self.state_mut(holder) {
            match state.raw.get_mut(key) {
                Some(existing) => {
                    attr.merge_defaults_into(existing);
                    existing.touched_by.push(association);
                }
                None => {
                    state.raw.insert(key.to_string(), Box::new(attr));
                }
            }
        }
        self.refresh(holder);
    }

    /// A key the user declared without `allowNull` counts as not nullable
    /// when Sequelize picks the default ON DELETE, though the column itself
    /// accepts NULL: say which action that chose.
    fn note_implicit_not_null(&mut self, holder: ClassId, key: &str, action: &str, span: Span) {
        if self.scope != Scope::Everything {
            return;
        }
        let Some(attr) = self.state(holder).and_then(|s| s.raw.get(key)) else {
            return;
        };
        if attr.allow_null.is_some()
            || attr.origin != AttributeOrigin::Own
            || attr.on_delete.is_some()
        {
            return;
        }
        let model = self.model_name(holder);
        let consequence = if action == "CASCADE" {
            "deleting the referenced row deletes these rows too"
        } else {
            "deleting the referenced row fails while these rows point at it"
        };
        self.diag(
            Diagnostic::info(
                DiagnosticKind::ImplicitNotNull,
                span,
                format!(
                    "{model}.{key} is declared without allowNull, which Sequelize counts as NOT NULL when it picks ON DELETE: {action} ({consequence}), though the column accepts NULL"
                ),
            )
            .with_help(format!("Say what you mean: `{key}: {{ type: DataTypes.INTEGER, allowNull: true }}` (SET NULL), or pass `onDelete` explicitly.")),
        );
    }

    /// Settings this association asks for explicitly that the existing key
    /// column keeps from whoever created it first.
    fn warn_first_creator_wins(
        &mut self,
        holder: ClassId,
        key: &str,
        attr: &Attr,
        association: usize,
    ) {
        if self.scope != Scope::Everything {
            return;
        }
        // Only the settings compared below: the whole column would copy its
        // `touched_by`, which grows with every call that reaches it.
        let Some(existing) = self.state(holder).and_then(|s| s.raw.get(key)) else {
            return;
        };
        let existing = KeptSettings {
            on_delete: existing.on_delete.clone(),
            on_update: existing.on_update.clone(),
            allow_null: existing.allow_null,
            origin: existing.origin.clone(),
        };
        let a = &self.associations[association];
        let options = a.options.clone();
        let fk_object = a.foreign_key_attr.clone();
        let (span, label) = (a.span, a.label.clone());
        let mut lost = Vec::new();
        for (option, asked, kept) in [
            ("onDelete", &attr.on_delete, &existing.on_delete),
            ("onUpdate", &attr.on_update, &existing.on_update),
        ] {
            // Written by the user (Sequelize also writes these back into the
            // options object, but without a place in the source).
            let written = options.key_span(option).is_some() && options.prop(option).truthy();
            if written && kept.is_some() && asked != kept {
                lost.push(format!(
                    "{option}: '{}' (it stays {})",
                    asked.clone().unwrap_or_default(),
                    kept.clone().unwrap_or_default()
                ));
            }
        }
        if fk_object.as_ref().is_some_and(|o| o.has_prop("allowNull"))
            && existing.allow_null.is_some()
            && existing.allow_null != attr.allow_null
        {
            lost.push(format!(
                "allowNull: {} (it stays {})",
                attr.allow_null.unwrap_or(true),
                existing.allow_null.unwrap_or(true)
            ));
        }
        if lost.is_empty() {
            return;
        }
        let model = self.model_name(holder);
        let creator = match &existing.origin {
            AttributeOrigin::Association {
                association: first, ..
            } => {
                let first = &self.associations[*first];
                format!("{} created it first", first.label)
            }
            AttributeOrigin::Own => format!("{model} declares it itself"),
            _ => "it already existed".to_string(),
        };
        self.diag(
            Diagnostic::warning(
                DiagnosticKind::FirstCreatorWins,
                span,
                format!("{label}: {} has no effect on {model}.{key}: {creator}, and the first definition of a column wins", lost.join(", ")),
            )
            .with_help("Put the setting on the call that creates the column (the one that runs first), or declare the column in the model with it."),
        );
    }

    /// `Helpers.checkNamingCollision`.
    fn check_naming_collision(&mut self, id: usize) -> Result<(), Thrown> {
        let a = &self.associations[id];
        let (source, as_name, span) = (a.source, a.as_name.clone(), a.span);
        if self.has_attr(source, &as_name) {
            let model = self.model_name(source);
            self.throw_or_recover(
                Thrown::new(
                    format!("Naming collision between attribute '{as_name}' and association '{as_name}' on model {model}. To remedy this, change either foreignKey or as in your association definition"),
                    span,
                )
                .help(format!("Rename the alias (`as: '{as_name}Record'`, say) or the attribute: {model} cannot have both under one name.")),
            )?;
        }
        Ok(())
    }

    /// `new HasMany(...)` and its `_injectAttributes`.
    fn has_many(
        &mut self,
        source: ClassId,
        target: ClassId,
        options: &Value,
        site: &CallSite,
    ) -> Result<Value, Thrown> {
        let span = site.span;
        if options.prop("through").truthy() {
            return Err(Thrown::new(
                "N:M associations are not supported with hasMany. Use belongsToMany instead",
                span,
            )
            .help(
                "A junction table needs belongsToMany: `A.belongsToMany(B, { through: 'AB' })`.",
            ));
        }
        let target_opts = self.options_of(target);
        let source_opts = self.options_of(source);
        let as_value = options.prop("as");
        let (as_name, aliased, singular, plural) = if as_value.is_plain_object() {
            let plural = as_value.prop("plural").to_js_string();
            (
                plural.clone(),
                true,
                as_value.prop("singular").to_js_string(),
                plural,
            )
        } else if as_value.truthy() {
            let a = as_value.to_js_string();
            (a.clone(), true, singularize(&a), a)
        } else {
            (
                target_opts.plural.clone(),
                false,
                target_opts.singular.clone(),
                target_opts.plural.clone(),
            )
        };
        let (foreign_key, fk_attr) = Self::user_foreign_key(&options.prop("foreignKey"));
        let source_pk = self.pk_of(source);
        let foreign_key = match foreign_key {
            Some(k) => k,
            None => {
                self.checked_camelize(&join_key(&source_opts.singular, source_pk.as_deref()), span)?
            }
        };
        let source_key_option = options.prop("sourceKey");
        let mut source_key = if source_key_option.truthy() {
            Some(source_key_option.to_js_string())
        } else {
            source_pk.clone()
        };
        if let Some(k) = &source_key {
            if !self.has_attr(source, k) && source_key_option.truthy() {
                // Sequelize falls back to the primary key here and then fails
                // reading `field` of the missing attribute after injecting.
                let source_name = self.model_name(source);
                self.throw_or_recover(
                    type_error_reading("field", span)
                        .explained(format!("Unknown attribute \"{k}\" passed as sourceKey: {source_name} has no attribute \"{k}\""))
                        .help(format!("Define `{k}` on {source_name} first (usually with `unique: true`), or drop `sourceKey` to use the primary key.")),
                )?;
                let k = k.clone();
                self.assume_attribute(source, &k, span);
            }
        }
        let Some(sk) = source_key.take() else {
            return Err(type_error_reading("field", span));
        };
        let source_key_field = self
            .state(source)
            .and_then(|s| s.field_of(&sk))
            .ok_or_else(|| type_error_reading("field", span))?;

        let id = self.register(AssocRt {
            kind: AssociationKind::HasMany,
            source,
            target,
            as_name,
            aliased,
            alias_object: None,
            singular,
            plural,
            foreign_key: foreign_key.clone(),
            source_key: Some(sk.clone()),
            source_key_field: Some(source_key_field.clone()),
            target_key: None,
            target_key_field: None,
            other_key: None,
            through: None,
            through_ref: None,
            through_unique: true,
            target_key_default: false,
            other_key_default: false,
            paired: None,
            foreign_key_attr: fk_attr.clone(),
            other_key_attr: None,
            options: options.clone(),
            span,
            label: site.label.clone(),
            replaced_by: None,
            injected: false,
        });

        let key_type = match options.prop("keyType") {
            v if v.truthy() => TypeVal::from_value(&v),
            _ => None,
        }
        .or_else(|| self.attr_type(source, &sk));
        let mut new_attr = Attr::empty(AttributeOrigin::Association {
            association: id,
            span,
        });
        new_attr.type_ = key_type;
        new_attr.allow_null = Some(true);
        if let Some(obj) = &fk_attr {
            new_attr.assign_from(obj);
        }
        // hasMany works on a copy of its options: nothing is written back.
        let mut on_delete = options.prop("onDelete");
        let mut on_update = options.prop("onUpdate");
        if !matches!(options.prop("constraints"), Value::Bool(false)) {
            let allow_null = match self.state(target).and_then(|s| s.raw.get(&foreign_key)) {
                Some(existing) => existing.allow_null.unwrap_or(false),
                None => new_attr.allow_null.unwrap_or(false),
            };
            if !on_delete.truthy() {
                let default = if allow_null { "SET NULL" } else { "CASCADE" };
                self.note_implicit_not_null(target, &foreign_key, default, span);
                on_delete = Value::str(default);
            }
            if !on_update.truthy() {
                on_update = Value::str("CASCADE");
            }
        }
        self.add_foreign_key_constraints(
            &mut new_attr,
            source,
            options,
            &on_delete,
            &on_update,
            &source_key_field,
        );
        self.merge_key_into(target, &foreign_key, new_attr, id);
        self.refresh(source);
        self.check_naming_collision(id)?;
        Ok(Value::Association(id))
    }

    /// `new BelongsToMany(...)` and its `_injectAttributes`.
    fn belongs_to_many(
        &mut self,
        source: ClassId,
        target: ClassId,
        options: &Value,
        site: &CallSite,
    ) -> Result<Value, Thrown> {
        let span = site.span;
        let source_name = self.model_name(source);
        let target_name = self.model_name(target);
        let through_option = options.prop("through");
        if matches!(
            through_option,
            Value::Undefined | Value::Null | Value::Bool(true)
        ) {
            return Err(Thrown::new(
                format!("{source_name}.belongsToMany({target_name}) requires through option, pass either a string or a model"),
                span,
            )
            .help(format!("Name the junction table: `{{ through: '{}' }}`.", crate::engine::naming::combine_table_names(&source_name, &target_name))));
        }
        // `options.through` becomes `{ model }` unless it already has one.
        let through_obj = match &through_option {
            Value::Object(_) if through_option.prop("model").truthy() => through_option.clone(),
            other => {
                let mut props = IndexMap::default();
                props.insert("model".to_string(), other.clone());
                Value::object(props)
            }
        };
        if let Value::Object(o) = options {
            o.borrow_mut()
                .props
                .insert("through".into(), through_obj.clone());
        }
        let through_model = through_obj.prop("model");
        let through_ref = match &through_model {
            Value::Str(s) => ThroughRef::Name(String::from(&**s)),
            Value::Model(c) => ThroughRef::Class(*c),
            _ => ThroughRef::Other,
        };
        let is_self = source == target;
        let as_value = options.prop("as");
        if !as_value.truthy() && is_self {
            return Err(Thrown::new("'as' must be defined for many-to-many self-associations", span)
                .help("Name both directions: `{ as: 'followers', through: 'Follows' }` and `{ as: 'following', ... }`."));
        }
        let target_opts = self.options_of(target);
        let source_opts = self.options_of(source);
        let (as_name, aliased, singular, plural) = if as_value.is_plain_object() {
            let plural = as_value.prop("plural").to_js_string();
            (
                plural.clone(),
                true,
                as_value.prop("singular").to_js_string(),
                plural,
            )
        } else if as_value.truthy() {
            let a = as_value.to_js_string();
            (a.clone(), true, singularize(&a), a)
        } else {
            (
                target_opts.plural.clone(),
                false,
                target_opts.singular.clone(),
                target_opts.plural.clone(),
            )
        };

        // Pairing: a belongsToMany of the target back to the source over
        // the same `through` (same string, or same model).
        let mut paired = None;
        if let Some(state) = self.state(target) {
            for &a in state.associations.values() {
                let other = &self.associations[a];
                if other.kind == AssociationKind::BelongsToMany
                    && other.target == source
                    && other.through_ref.as_ref() == Some(&through_ref)
                    && through_ref != ThroughRef::Other
                {
                    paired = Some(a);
                }
            }
        }

        let source_key_option = options.prop("sourceKey");
        let source_key = if source_key_option.truthy() {
            Some(source_key_option.to_js_string())
        } else {
            self.pk_of(source)
        };
        let source_key = self.require_key(source, source_key, span, "sourceKey")?;
        let source_key_field = self
            .state(source)
            .and_then(|s| s.field_of(&source_key))
            .unwrap_or_else(|| source_key.clone());
        let target_key_option = options.prop("targetKey");
        let (target_key, target_key_default) = if target_key_option.truthy() {
            (Some(target_key_option.to_js_string()), false)
        } else {
            (self.pk_of(target), true)
        };
        let target_key = self.require_key(target, target_key, span, "targetKey")?;
        let target_key_field = self
            .state(target)
            .and_then(|s| s.field_of(&target_key))
            .unwrap_or_else(|| target_key.clone());

        let mut assoc = AssocRt {
            kind: AssociationKind::BelongsToMany,
            source,
            target,
            as_name: as_name.clone(),
            aliased,
            alias_object: None,
            singular,
            plural,
            foreign_key: String::new(),
            source_key: Some(source_key),
            source_key_field: Some(source_key_field),
            target_key: Some(target_key),
            target_key_field: Some(target_key_field),
            other_key: None,
            through: None,
            through_ref: Some(through_ref),
            through_unique: !matches!(through_obj.prop("unique"), Value::Bool(false)),
            target_key_default,
            other_key_default: false,
            paired,
            foreign_key_attr: None,
            other_key_attr: None,
            options: options.clone(),
            span,
            label: site.label.clone(),
            replaced_by: None,
            injected: false,
        };
        self.create_foreign_and_other_keys(&mut assoc, &source_opts, &target_opts, span)?;

        // The junction model: defined from the string, or the given model.
        let through_class = match &through_model {
            Value::Str(name) => match self.lookup(name) {
                Some(existing) => existing,
                None => {
                    // Named as the association is: the junction's own
                    // name is never inflected.
                    let mut opts =
                        ModelOptions::named(assoc.singular.clone(), assoc.plural.clone());
                    let user_ts = options.prop("timestamps");
                    opts.timestamps = if user_ts.is_undefined() {
                        true
                    } else {
                        user_ts.truthy()
                    };
                    opts.paranoid = through_obj.prop("paranoid").truthy();
                    opts.underscored = source_opts.underscored;
                    opts.freeze_table_name = source_opts.freeze_table_name;
                    opts.table_name = Some(name.to_string());
                    opts.schema = source_opts.schema.clone();
                    opts.created_at = source_opts
                        .created_at
                        .clone()
                        .or_else(|| ts_of(&options.prop("createdAt")));
                    opts.updated_at = source_opts
                        .updated_at
                        .clone()
                        .or_else(|| ts_of(&options.prop("updatedAt")));
                    opts.deleted_at = source_opts
                        .deleted_at
                        .clone()
                        .or_else(|| ts_of(&options.prop("deletedAt")));
                    opts.version = source_opts.version.clone();
                    let id = self.declare_class(name, span);
                    self.classes[id].origin = ModelOrigin::Junction;
                    self.classes[id].created_by = Some(self.associations.len());
                    self.init_core(
                        id,
                        name,
                        &Value::object(IndexMap::default()),
                        opts,
                        &Value::Undefined,
                        span,
                    )?;
                    id
                }
            },
            Value::Model(c) if self.state(*c).is_some() => *c,
            _ => {
                return Err(Thrown::new(
                    "Cannot read properties of undefined (reading 'rawAttributes')",
                    span,
                )
                .help("`through` must be a string (the junction's name) or a model."));
            }
        };
        assoc.through = Some(through_class);

        // Paired: each side's defaults fill the other's keys.
        let mut inject_paired = false;
        if let Some(p) = assoc.paired {
            if assoc.target_key_default {
                assoc.target_key = self.associations[p].source_key.clone();
                assoc.target_key_field = self.associations[p].source_key_field.clone();
                self.create_foreign_and_other_keys(&mut assoc, &source_opts, &target_opts, span)?;
            }
            if self.associations[p].target_key_default
                && self.associations[p].target_key != assoc.source_key
            {
                let stale = self.associations[p].other_key.clone().unwrap_or_default();
                if let Some(s) = self.state_mut(through_class) {
                    s.raw.shift_remove(&stale);
                }
                let (po_s, po_t) = (
                    self.options_of(self.associations[p].source),
                    self.options_of(self.associations[p].target),
                );
                let mut other = self.associations[p].clone();
                other.target_key = assoc.source_key.clone();
                other.target_key_field = assoc.source_key_field.clone();
                self.create_foreign_and_other_keys(&mut other, &po_s, &po_t, span)?;
                self.associations[p] = other;
                inject_paired = true;
            }
            if assoc.other_key_default {
                assoc.other_key = Some(self.associations[p].foreign_key.clone());
            }
            if self.associations[p].other_key_default
                && self.associations[p].other_key.as_deref() != Some(assoc.foreign_key.as_str())
            {
                let stale = self.associations[p].other_key.clone().unwrap_or_default();
                if let Some(s) = self.state_mut(through_class) {
                    s.raw.shift_remove(&stale);
                }
                self.associations[p].other_key = Some(assoc.foreign_key.clone());
                inject_paired = true;
            }
        }
        let id = self.associations.len();
        if let Some(p) = assoc.paired {
            self.associations[p].paired = Some(id);
            if inject_paired {
                // The paired association injects again before this one is
                // registered; its provenance stays its own call.
                self.associations.push(Box::new(assoc.clone()));
                let result = self.inject_belongs_to_many(p);
                self.associations.pop();
                result?;
            }
        }
        let id2 = self.register(assoc);
        debug_assert_eq!(id, id2);
        self.inject_belongs_to_many(id)?;
        Ok(Value::Association(id))
    }

    /// A key that belongsToMany reads with `rawAttributes[key].field`:
    /// missing, JavaScript fails with a TypeError.
    fn require_key(
        &mut self,
        model: ClassId,
        key: Option<String>,
        span: Span,
        option: &str,
    ) -> Result<String, Thrown> {
        let Some(key) = key else {
            return Err(type_error_reading("field", span));
        };
        if !self.has_attr(model, &key) {
            let name = self.model_name(model);
            self.throw_or_recover(
                type_error_reading("field", span)
                    .explained(format!("Unknown attribute \"{key}\" passed as {option}: {name} has no attribute \"{key}\""))
                    .help(format!("Define `{key}` on {name} first (usually with `unique: true`), or drop `{option}` to use the primary key.")),
            )?;
            self.assume_attribute(model, &key, span);
        }
        Ok(key)
    }

    /// `_createForeignAndOtherKeys`.
    fn create_foreign_and_other_keys(
        &self,
        a: &mut AssocRt,
        source_opts: &ModelOptions,
        target_opts: &ModelOptions,
        span: Span,
    ) -> Result<(), Thrown> {
        let fk_option = a.options.prop("foreignKey");
        if fk_option.is_object_like() {
            let (name, obj) = Self::user_foreign_key(&fk_option);
            a.foreign_key = name.unwrap_or_default();
            a.foreign_key_attr = obj;
        } else {
            a.foreign_key_attr = None;
            a.foreign_key = if fk_option.truthy() {
                fk_option.to_js_string()
            } else {
                self.checked_camelize(
                    &join_key(&source_opts.singular, a.source_key.as_deref()),
                    span,
                )?
            };
        }
        let ok_option = a.options.prop("otherKey");
        if ok_option.is_object_like() {
            let (name, obj) = Self::user_foreign_key(&ok_option);
            a.other_key = Some(name.unwrap_or_default());
            a.other_key_attr = obj;
        } else {
            if !ok_option.truthy() {
                a.other_key_default = true;
            }
            a.other_key_attr = None;
            a.other_key = Some(if ok_option.truthy() {
                ok_option.to_js_string()
            } else {
                let base = if a.source == a.target {
                    singularize(&a.as_name)
                } else {
                    target_opts.singular.clone()
                };
                self.checked_camelize(&join_key(&base, a.target_key.as_deref()), span)?
            });
        }
        Ok(())
    }

    /// belongsToMany's `_injectAttributes`.
    fn inject_belongs_to_many(&mut self, id: usize) -> Result<(), Thrown> {
        let a = &self.associations[id];
        let Some(through) = a.through else {
            return Ok(());
        };
        // What it reads of the association, which the steps below change
        // the models around.
        let a = Injecting {
            span: a.span,
            source: a.source,
            target: a.target,
            paired: a.paired,
            through_unique: a.through_unique,
            source_key_field: a.source_key_field.clone(),
            target_key_field: a.target_key_field.clone(),
            foreign_key_attr: a.foreign_key_attr.clone(),
            other_key_attr: a.other_key_attr.clone(),
            options: a.options.clone(),
        };
        let (fk, ok, source_key, target_key) = {
            let a = &self.associations[id];
            (
                a.foreign_key.clone(),
                a.other_key.clone().unwrap_or_default(),
                a.source_key.clone().unwrap_or_default(),
                a.target_key.clone().unwrap_or_default(),
            )
        };
        let span = a.span;
        let mut primary_key_deleted = false;
        if let Some(state) = self.state_mut(through) {
            let auto_pks: Vec<String> = state
                .raw
                .iter()
                .filter(|(_, attr)| attr.is_primary_key() && attr.auto_generated)
                .map(|(n, _)| n.clone())
                .collect();
            for name in auto_pks {
                if name == fk || name == ok {
                    if let Some(attr) = state.raw.get_mut(&name) {
                        attr.primary_key = Some(false);
                    }
                } else {
                    state.raw.shift_remove(&name);
                }
                primary_key_deleted = true;
            }
        }
        let source_type = self.attr_type(a.source, &source_key);
        let target_type = self.attr_type(a.target, &target_key);
        if self
            .state(a.source)
            .and_then(|s| s.raw.get(&source_key))
            .is_none()
        {
            return Err(type_error_reading("type", span));
        }
        if self
            .state(a.target)
            .and_then(|s| s.raw.get(&target_key))
            .is_none()
        {
            return Err(type_error_reading("type", span));
        }
        let origin = AttributeOrigin::Association {
            association: id,
            span,
        };
        let mut source_attr = Attr::empty(origin.clone());
        source_attr.type_ = source_type;
        if let Some(obj) = &a.foreign_key_attr {
            source_attr.assign_from(obj);
        }
        let mut target_attr = Attr::empty(origin.clone());
        target_attr.type_ = target_type;
        if let Some(obj) = &a.other_key_attr {
            target_attr.assign_from(obj);
        }
        if primary_key_deleted {
            source_attr.primary_key = Some(true);
            target_attr.primary_key = Some(true);
        } else if a.through_unique {
            let unique_key = match a.options.prop("uniqueKey") {
                Value::Str(s) if !s.is_empty() => String::from(&*s),
                _ => format!("{}_{}_{}_unique", self.table_of(through), fk, ok),
            };
            source_attr.unique = Some(UniqueVal::Named(unique_key.clone()));
            target_attr.unique = Some(UniqueVal::Named(unique_key));
        }
        if let Some(state) = self.state_mut(through) {
            for key in [&fk, &ok] {
                if !state.raw.contains_key(key.as_str()) {
                    let mut placeholder = Attr::empty(origin.clone());
                    placeholder.auto_generated = true;
                    state.raw.insert(key.to_string(), Box::new(placeholder));
                } else if let Some(existing) = state.raw.get_mut(key.as_str()) {
                    if !matches!(&existing.origin, AttributeOrigin::Association { association, .. } if *association == id)
                    {
                        existing.touched_by.push(id);
                    }
                }
            }
        }
        if !matches!(a.options.prop("constraints"), Value::Bool(false)) {
            let opt_delete = a.options.prop("onDelete");
            let opt_update = a.options.prop("onUpdate");
            // The actions only: a whole column would copy its `touched_by`.
            let existing = |rt: &Runtime, key: &str| {
                rt.state(through)
                    .and_then(|s| s.raw.get(key))
                    .map(|e| KeptActions {
                        on_delete: e.on_delete.clone(),
                        on_update: e.on_update.clone(),
                    })
            };
            let fk_existing = existing(self, &fk);
            let ok_existing = existing(self, &ok);
            let pick = |first: Option<String>, second: Option<String>| {
                first.or(second).unwrap_or_else(|| "CASCADE".into())
            };
            let opt = |v: &Value| {
                if v.truthy() {
                    Some(v.to_js_string())
                } else {
                    None
                }
            };
            source_attr.references = Some(RefVal {
                model: Some(self.table_of(a.source)),
                key: a.source_key_field,
            });
            source_attr.on_delete = Some(pick(
                opt(&opt_delete),
                fk_existing.as_ref().and_then(|e| e.on_delete.clone()),
            ));
            source_attr.on_update = Some(pick(
                opt(&opt_update),
                fk_existing.as_ref().and_then(|e| e.on_update.clone()),
            ));
            target_attr.references = Some(RefVal {
                model: Some(self.table_of(a.target)),
                key: a.target_key_field,
            });
            target_attr.on_delete = Some(pick(
                ok_existing.as_ref().and_then(|e| e.on_delete.clone()),
                opt(&opt_delete),
            ));
            target_attr.on_update = Some(pick(
                ok_existing.as_ref().and_then(|e| e.on_update.clone()),
                opt(&opt_update),
            ));
        }
        if let Some(state) = self.state_mut(through) {
            if let Some(existing) = state.raw.get_mut(&fk) {
                source_attr.assign_into(existing);
            }
            if let Some(existing) = state.raw.get_mut(&ok) {
                target_attr.assign_into(existing);
            }
        }
        self.refresh(through);
        self.associations[id].injected = true;
        // Sequelize reads the field of the paired side's other key, when that
        // side has not injected yet: a key it no longer has fails.
        if let Some(p) = a.paired {
            let paired = &self.associations[p];
            if !paired.injected {
                let other = paired.other_key.clone().unwrap_or_default();
                if !self.has_attr(through, &other) {
                    return Err(type_error_reading("field", span)
                        .explained(format!(
                            "The two sides of this many-to-many disagree on the junction's keys: `{other}` is no longer on {}",
                            self.model_name(through)
                        ))
                        .help("Give both belongsToMany calls matching foreignKey/otherKey (each side's foreignKey is the other's otherKey)."));
                }
            }
        }

        // The hidden associations Sequelize builds to and from the junction:
        // their constructors throw when an alias is already taken.
        let through_name = self.model_name(through);
        for side in [a.source, a.target] {
            if self.pk_of(side).is_none() {
                return Err(type_error_reading("field", span));
            }
            if self.has_alias(side, &through_name) {
                return Err(Thrown::new(
                    format!("You have used the alias {through_name} in two separate associations. Aliased associations must have unique aliases."),
                    span,
                )
                .help(format!(
                    "{} already has an association called \"{through_name}\"; belongsToMany needs that name for its hidden association to the junction. Declare the belongsToMany first, or alias the other association.",
                    self.model_name(side)
                )));
            }
        }
        self.check_naming_collision(id)
    }
}

fn ts_of(v: &Value) -> Option<super::options::TsSetting> {
    match v {
        Value::Str(s) => Some(super::options::TsSetting::Name(String::from(&**s))),
        Value::Bool(b) => Some(super::options::TsSetting::Enabled(*b)),
        _ => None,
    }
}
