//! A port of the parts of Sequelize 6.37.8 that build models and
//! associations (`lib/model.js` init/refreshAttributes, `lib/associations/`),
//! driven by the interpreter. It holds the state Sequelize would hold and
//! throws where Sequelize throws, with Sequelize's messages.
//!
//! It knows nothing of syntax: its inputs are [`Value`]s and spans.

mod association;
pub mod attribute;
mod lint_options;
mod options;

use crate::engine::fast_hash::IndexMap;

pub use association::{AssocRt, CallSite, ThroughRef};
use attribute::{Attr, TypeVal};
pub use options::ModelOptions;

use super::datatypes::DataType;
use super::diagnostics::{Diagnostic, DiagnosticKind};
use super::inflection;
use super::naming::underscored_if;
use super::schema::{self, AttributeOrigin, ModelOrigin, Schema};
use super::source::Span;
use super::value::{ClassId, Value};
use super::{Scope, StrictError};

/// An exception Sequelize (or JavaScript) would raise.
#[derive(Clone, Debug, PartialEq)]
pub struct Thrown {
    /// What JavaScript says (the strict result's `error`).
    pub message: String,
    /// What the diagnostic says instead, where Sequelize fails with a bare
    /// TypeError that does not name the problem.
    pub explained: Option<String>,
    pub help: Option<String>,
    pub span: Span,
}

impl Thrown {
    pub fn new(message: impl Into<String>, span: Span) -> Self {
        Thrown {
            message: message.into(),
            explained: None,
            help: None,
            span,
        }
    }

    #[must_use]
    pub fn explained(mut self, message: impl Into<String>) -> Self {
        self.explained = Some(message.into());
        self
    }

    #[must_use]
    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }
}

/// A model's state after `init`: what Sequelize keeps on the class.
#[derive(Clone, Debug)]
pub struct ModelState {
    /// Shared: each association call reads both models' options, and
    /// copying their names every time was a copy per call.
    pub options: std::rc::Rc<ModelOptions>,
    pub table_name: String,
    pub raw: IndexMap<String, Box<Attr>>,
    /// `Model.associations`: alias -> association index.
    pub associations: IndexMap<String, usize>,
}

impl ModelState {
    /// `primaryKeyAttribute`: the first attribute with `primaryKey: true`.
    pub fn primary_key(&self) -> Option<&str> {
        self.raw
            .iter()
            .find(|(_, a)| a.is_primary_key())
            .map(|(n, _)| n.as_str())
    }

    pub fn field_of(&self, name: &str) -> Option<String> {
        self.raw
            .get(name)
            .map(|a| a.field.clone().unwrap_or_else(|| name.to_string()))
    }
}

/// A model class: declared (`class X extends Model`) and, once `init` or
/// `define` ran, initialised.
#[derive(Clone, Debug)]
pub struct ModelClass {
    pub name: String,
    pub state: Option<ModelState>,
    /// Static members assigned or declared: `associate` above all.
    pub statics: IndexMap<String, Value>,
    pub span: Span,
    pub origin: ModelOrigin,
    /// The belongsToMany that created this junction model.
    pub created_by: Option<usize>,
}

pub struct Runtime {
    /// Boxed, as are the associations: a record is hundreds of bytes, and
    /// growing the vector would copy them all.
    #[allow(clippy::vec_box, reason = "records of hundreds of bytes: see above")]
    pub classes: Vec<Box<ModelClass>>,
    /// `sequelize.models`: name -> class, in definition order.
    pub registry: IndexMap<String, ClassId>,
    #[allow(
        clippy::vec_box,
        reason = "records of hundreds of bytes: see `classes`"
    )]
    pub associations: Vec<Box<AssocRt>>,
    pub diagnostics: Vec<Diagnostic>,
    pub strict_error: Option<StrictError>,
    /// False inside a `try` block: a throw must then unwind, not recover.
    pub recovering: bool,
    /// Whether to report the options and settings Sequelize ignores
    /// silently as the associations are built (lints): not for the strict
    /// result alone.
    pub scope: Scope,
    /// Whether `finish` gives each attribute its `generic_type`.
    pub generic_types: bool,
}

impl Runtime {
    pub fn new(scope: Scope) -> Self {
        Runtime {
            classes: Vec::new(),
            registry: IndexMap::default(),
            associations: Vec::new(),
            diagnostics: Vec::new(),
            strict_error: None,
            recovering: true,
            scope,
            generic_types: true,
        }
    }

    /// Records an exception that nothing catches: the strict result's
    /// error (the first one) and an error diagnostic.
    pub fn record_uncaught(&mut self, thrown: &Thrown) {
        if self.strict_error.is_none() {
            self.strict_error = Some(StrictError {
                message: thrown.message.clone(),
                span: thrown.span,
            });
        }
        let message = match &thrown.explained {
            Some(e) => format!("{e} (Sequelize fails with TypeError: {})", thrown.message),
            None => thrown.message.clone(),
        };
        let mut d = Diagnostic::error(DiagnosticKind::SequelizeThrows, thrown.span, message);
        d.help = thrown.help.clone();
        self.diagnostics.push(d);
    }

    /// Sequelize throws here. When recovering, the throw is recorded and
    /// `Ok` lets the caller go on with a fallback; inside `try` it unwinds.
    pub fn throw_or_recover(&mut self, thrown: Thrown) -> Result<(), Thrown> {
        if self.recovering {
            self.record_uncaught(&thrown);
            Ok(())
        } else {
            Err(thrown)
        }
    }

    pub fn diag(&mut self, d: Diagnostic) {
        self.diagnostics.push(d);
    }

    pub fn state(&self, id: ClassId) -> Option<&ModelState> {
        self.classes.get(id).and_then(|c| c.state.as_ref())
    }

    pub fn state_mut(&mut self, id: ClassId) -> Option<&mut ModelState> {
        self.classes.get_mut(id).and_then(|c| c.state.as_mut())
    }

    /// `class X extends Model {}`: a class that is not a model until `init`.
    pub fn declare_class(&mut self, name: &str, span: Span) -> ClassId {
        self.classes.push(Box::new(ModelClass {
            name: name.to_string(),
            state: None,
            statics: IndexMap::default(),
            span,
            origin: ModelOrigin::Defined,
            created_by: None,
        }));
        self.classes.len() - 1
    }

    pub fn lookup(&self, name: &str) -> Option<ClassId> {
        self.registry.get(name).copied()
    }

    /// What the oracle does for an identifier or `models.X` it cannot
    /// resolve: the registered model, else `sequelize.define(name, {})`.
    pub fn auto_model(&mut self, name: &str, span: Span) -> ClassId {
        if let Some(id) = self.lookup(name) {
            return id;
        }
        let id = self.declare_class(name, span);
        self.classes[id].origin = ModelOrigin::Implicit;
        let empty = Value::object(IndexMap::default());
        // Defaults never throw; a failure here would be an engine bug, and
        // it is reported rather than unwound.
        if let Err(t) = self.init(id, &empty, &Value::Undefined, span) {
            self.record_uncaught(&t);
        }
        id
    }

    /// `sequelize.define(name, attributes, options)`.
    pub fn define(
        &mut self,
        name: &str,
        attributes: &Value,
        options: &Value,
        span: Span,
    ) -> Result<ClassId, Thrown> {
        let id = self.declare_class(name, span);
        self.init_with(id, attributes, options, Some(name), span)?;
        Ok(id)
    }

    /// `X.init(attributes, options)`.
    pub fn init(
        &mut self,
        id: ClassId,
        attributes: &Value,
        options: &Value,
        span: Span,
    ) -> Result<(), Thrown> {
        self.init_with(id, attributes, options, None, span)
    }

    fn init_with(
        &mut self,
        id: ClassId,
        attributes: &Value,
        options: &Value,
        define_name: Option<&str>,
        span: Span,
    ) -> Result<(), Thrown> {
        let user = options;
        if define_name.is_none()
            && self.classes[id].origin != ModelOrigin::Implicit
            && !user.prop("sequelize").truthy()
        {
            self.throw_or_recover(
                Thrown::new("No Sequelize instance passed", span)
                    .help("Model.init needs `{ sequelize }` in its options (sequelize-cli passes it as `sequelize`)."),
            )?;
        }
        let model_name = define_name
            .map(str::to_string)
            .or_else(|| user.prop("modelName").as_str().map(str::to_string))
            .unwrap_or_else(|| self.classes[id].name.clone());
        let opts = ModelOptions::from_value(&model_name, user);
        for legacy in ["classMethods", "instanceMethods"] {
            if user.has_prop(legacy) {
                let at = user.key_span(legacy).unwrap_or(span);
                self.diag(
                    Diagnostic::warning(
                        DiagnosticKind::IgnoredOption,
                        at,
                        format!("`{legacy}` is ignored since Sequelize 4: nothing in it runs, so its associations never happen"),
                    )
                    .with_help("Assign `Model.associate = function (models) { ... }` or declare `static associate(models)` instead."),
                );
            }
        }
        self.init_core(id, &model_name, attributes, opts, user, span)
    }

    /// The body of `Model.init` once the options are settled. `user` is the
    /// options object as written (for `validate`), or undefined.
    pub fn init_core(
        &mut self,
        id: ClassId,
        model_name: &str,
        attributes: &Value,
        opts: ModelOptions,
        user: &Value,
        span: Span,
    ) -> Result<(), Thrown> {
        let model_name = model_name.to_string();
        self.classes[id].name = model_name.clone();

        let table_name = match &opts.table_name {
            Some(t) => t.clone(),
            None if opts.freeze_table_name => model_name.clone(),
            None => underscored_if(&inflection::pluralize(&model_name), opts.underscored),
        };

        // Model validators may not share a name with an attribute.
        if let Value::Object(validate) = &user.prop("validate") {
            let keys: Vec<(String, Value)> = validate
                .borrow()
                .props
                .iter()
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect();
            for (key, v) in keys {
                if attributes.has_prop(&key) {
                    self.throw_or_recover(Thrown::new(
                        format!("A model validator function must not have the same name as a field. Model: {model_name}, field/validation name: {key}"),
                        span,
                    ))?;
                } else if !matches!(v, Value::Function(_) | Value::Unknown) {
                    self.throw_or_recover(Thrown::new(
                        format!("Members of the validate option must be functions. Model: {model_name}, error with validate member {key}"),
                        span,
                    ))?;
                }
            }
        }

        let keys = attributes.keys();
        // Sized for the attributes, the id and three timestamps: growing
        // the map copies every attribute record.
        let mut raw: IndexMap<String, Box<Attr>> =
            IndexMap::with_capacity_and_hasher(keys.len() + 4, Default::default());
        for key in keys {
            let value = attributes.prop(&key);
            let attr_span = attributes.key_span(&key).unwrap_or(span);
            let mut attr = Attr::from_value(&value, AttributeOrigin::Own);
            if attr.type_.is_none() {
                let t = Thrown::new(
                    format!("Unrecognized datatype for attribute \"{model_name}.{key}\""),
                    attr_span,
                )
                .help("Give the attribute a `type` from DataTypes, e.g. `DataTypes.STRING`.");
                self.throw_or_recover(t)?;
                attr.type_ = Some(TypeVal::Opaque);
            }
            if let Err(message) = self.check_type(&attr) {
                // Sequelize names the attribute in this one message only.
                let message = if message == "Unrecognized datatype for attribute" {
                    format!("Unrecognized datatype for attribute \"{model_name}.{key}\"")
                } else {
                    message
                };
                self.throw_or_recover(Thrown::new(message, attr_span))?;
            }
            if attr.allow_null != Some(false) && value.prop("validate").prop("notNull").truthy() {
                self.throw_or_recover(Thrown::new(
                    format!("Invalid definition for \"{model_name}.{key}\", \"notNull\" validator is only allowed with \"allowNull:false\""),
                    attr_span,
                ))?;
            }
            if let Value::Model(target) = value.prop("references").prop("model") {
                if let (Some(r), Some(state)) = (attr.references.as_mut(), self.state(target)) {
                    r.model = Some(state.table_name.clone());
                }
            }
            raw.insert(key, Box::new(attr));
        }

        // Timestamp options: checked only when timestamps are on.
        let mut timestamps: Vec<(String, bool)> = Vec::new();
        if opts.timestamps {
            for (key, setting) in [
                ("createdAt", &opts.created_at),
                ("updatedAt", &opts.updated_at),
                ("deletedAt", &opts.deleted_at),
            ] {
                if let Some(options::TsSetting::Invalid(kind)) = setting {
                    self.throw_or_recover(Thrown::new(
                        format!(
                            "Value for \"{key}\" option must be a string or a boolean, got {kind}"
                        ),
                        span,
                    ))?;
                }
                if let Some(options::TsSetting::Name(n)) = setting {
                    if n.is_empty() {
                        self.throw_or_recover(Thrown::new(
                            format!("Value for \"{key}\" option cannot be an empty string"),
                            span,
                        ))?;
                    }
                }
            }
            if let Some(n) = opts.timestamp_name("createdAt", &opts.created_at) {
                timestamps.push((n, false));
            }
            if let Some(n) = opts.timestamp_name("updatedAt", &opts.updated_at) {
                timestamps.push((n, false));
            }
            if opts.paranoid {
                if let Some(n) = opts.timestamp_name("deletedAt", &opts.deleted_at) {
                    timestamps.push((n, true));
                }
            }
        }

        // _addDefaultAttributes: the id goes first, timestamps last.
        let has_pk = raw.values().any(|a| a.primary_key.unwrap_or(false));
        if !has_pk {
            if let Some(id_attr) = raw.get_mut("id") {
                let message = format!(
                    "A column called 'id' was added to the attributes of '{table_name}' but not marked with 'primaryKey: true'"
                );
                self.throw_or_recover(
                    Thrown::new(message, span)
                        .help("Add `primaryKey: true` to `id`, or name the column differently."),
                )?;
                id_attr.primary_key = Some(true);
            } else {
                let mut id_attr = Attr::with_type(
                    TypeVal::Known(DataType::new("INTEGER").into()),
                    AttributeOrigin::Default,
                );
                id_attr.allow_null = Some(false);
                id_attr.primary_key = Some(true);
                id_attr.auto_increment = Some(true);
                id_attr.auto_generated = true;
                raw.shift_insert(0, "id".into(), Box::new(id_attr));
            }
        }
        for (name, nullable) in timestamps {
            if !raw.contains_key(&name) {
                let mut ts = Attr::with_type(
                    TypeVal::Known(DataType::new("DATE").into()),
                    AttributeOrigin::Default,
                );
                if !nullable {
                    ts.allow_null = Some(false);
                }
                ts.auto_generated = true;
                raw.insert(name, Box::new(ts));
            }
        }
        if let Some(version) = &opts.version {
            if !raw.contains_key(version) {
                let mut v = Attr::with_type(
                    TypeVal::Known(DataType::new("INTEGER").into()),
                    AttributeOrigin::Default,
                );
                v.allow_null = Some(false);
                v.default_value = Some("0".into());
                v.default = Some(crate::engine::schema::DefaultValue::Number(0.0));
                v.auto_generated = true;
                raw.insert(version.clone(), Box::new(v));
            }
        }

        // Redefining a model replaces the registered one.
        if let Some(old) = self.registry.shift_remove(&model_name) {
            if old != id && self.classes[old].origin != ModelOrigin::Implicit {
                self.diag(
                    Diagnostic::warning(
                        DiagnosticKind::ModelRedefined,
                        span,
                        format!("Model \"{model_name}\" is defined again: Sequelize replaces the earlier definition"),
                    )
                    .with_help("Associations made with the earlier model keep pointing at it."),
                );
            }
        }
        self.classes[id].state = Some(ModelState {
            options: std::rc::Rc::new(opts),
            table_name,
            raw,
            associations: IndexMap::default(),
        });
        self.refresh(id);
        let auto_increments = self.state(id).map_or(0, |s| {
            s.raw
                .values()
                .filter(|a| a.auto_increment.unwrap_or(false))
                .count()
        });
        self.registry.insert(model_name, id);
        if auto_increments > 1 {
            self.throw_or_recover(Thrown::new(
                "Invalid Instance definition. Only one autoincrement field allowed.",
                span,
            ))?;
        }
        Ok(())
    }

    /// Errors Sequelize throws while defining the attribute (printing
    /// errors surface only when the type is printed).
    fn check_type(&self, attr: &Attr) -> Result<(), String> {
        match attr.effective_type() {
            Some(TypeVal::Known(dt)) => match dt.postgres_detailed() {
                Err(crate::engine::datatypes::TypeFailure::Define(m)) => Err(m),
                _ => Ok(()),
            },
            _ => Ok(()),
        }
    }

    /// `refreshAttributes`: fills in `field` (snake_case under
    /// `underscored`).
    pub fn refresh(&mut self, id: ClassId) {
        let Some(state) = self.state_mut(id) else {
            return;
        };
        let underscored = state.options.underscored;
        for (name, attr) in &mut state.raw {
            if attr.field.is_none() {
                attr.field = Some(underscored_if(name, underscored));
            }
        }
    }

    /// `X.removeAttribute(name)`.
    pub fn remove_attribute(&mut self, id: ClassId, name: &str) {
        if let Some(state) = self.state_mut(id) {
            state.raw.shift_remove(name);
        }
        self.refresh(id);
    }

    /// The schema: the registered models and the associations of their
    /// classes, in the order they were made. The schema takes over the
    /// models' attributes and the associations' names: the runtime is
    /// finished with once it is built, and is left to the caller to free,
    /// which may happen after the result has been handed on.
    pub fn finish(&mut self) -> (Schema, Vec<Diagnostic>, Option<StrictError>) {
        let mut index_of: IndexMap<ClassId, usize> = IndexMap::default();
        let mut models: Vec<schema::Model> = Vec::with_capacity(self.registry.len());
        let junctions: crate::engine::fast_hash::HashSet<ClassId> =
            self.associations.iter().filter_map(|a| a.through).collect();
        let generic_types = self.generic_types;
        for (_, &id) in &self.registry {
            // A class registered under two names (initialised twice) is
            // the same model twice; its attributes were taken the first time.
            if let Some(&first) = index_of.get(&id) {
                let again = models[first].clone();
                index_of.insert(id, models.len());
                models.push(again);
                continue;
            }
            let class = &mut self.classes[id];
            let Some(state) = &mut class.state else {
                continue;
            };
            // The association calls' shares are gone: no copy is made.
            let options = std::rc::Rc::make_mut(&mut state.options);
            index_of.insert(id, models.len());
            let is_junction = junctions.contains(&id);
            models.push(schema::Model {
                name: class.name.clone(),
                table_name: std::mem::take(&mut state.table_name),
                schema: options.schema.take(),
                singular: std::mem::take(&mut options.singular),
                plural: std::mem::take(&mut options.plural),
                origin: class.origin,
                is_junction,
                span: class.span,
                primary_keys: state
                    .raw
                    .iter()
                    .filter(|(_, a)| a.is_primary_key())
                    .map(|(n, _)| n.clone())
                    .collect(),
                attributes: std::mem::take(&mut state.raw)
                    .into_iter()
                    .map(|(n, a)| a.into_schema(n, generic_types))
                    .collect(),
                timestamps: state.options.timestamps,
                paranoid: state.options.paranoid,
                // What the walker reads, and only it (the page's first
                // module, built without `ddl`, has none).
                deleted_at: if cfg!(feature = "ddl")
                    && state.options.timestamps
                    && state.options.paranoid
                {
                    state
                        .options
                        .timestamp_name("deletedAt", &state.options.deleted_at)
                } else {
                    None
                },
                underscored: state.options.underscored,
                created_by: class.created_by,
            });
        }
        // A model redefined under the same name: associations made with
        // the earlier class are shown with the class registered under its
        // name, as the oracle prints them by name. Those whose source was
        // redefined are kept (their columns stay and name them as their
        // provenance) but marked, as `sequelize.models` no longer reaches
        // them.
        let registered = index_of.clone();
        for (id, class) in self.classes.iter().enumerate() {
            if !index_of.contains_key(&id) {
                if let Some(n) = self
                    .registry
                    .get(&class.name)
                    .and_then(|r| registered.get(r))
                    .copied()
                {
                    index_of.insert(id, n);
                }
            }
        }
        let mut assoc_index: IndexMap<usize, usize> = IndexMap::default();
        for (i, a) in self.associations.iter().enumerate() {
            if index_of.contains_key(&a.source) && index_of.contains_key(&a.target) {
                assoc_index.insert(i, assoc_index.len());
            }
        }
        let mut associations = Vec::with_capacity(assoc_index.len());
        for (&i, _) in &assoc_index {
            let a = &mut self.associations[i];
            let mut s = a.take_schema(&index_of, &assoc_index, &self.classes[a.target].name);
            s.source_redefined = !registered.contains_key(&a.source);
            associations.push(s);
        }
        for m in &mut models {
            for attr in &mut m.attributes {
                if let AttributeOrigin::Association { association, span } = attr.origin {
                    // Every class's name stays registered, so every
                    // association is kept; should one not be, its column
                    // must not name another association's index.
                    attr.origin = match assoc_index.get(&association) {
                        Some(&n) => AttributeOrigin::Association {
                            association: n,
                            span,
                        },
                        None => AttributeOrigin::Assumed { span },
                    };
                }
                attr.touched_by = attr
                    .touched_by
                    .iter()
                    .filter_map(|t| assoc_index.get(t).copied())
                    .collect();
            }
            if let Some(c) = m.created_by {
                m.created_by = assoc_index.get(&c).copied();
            }
        }
        let mut diagnostics = std::mem::take(&mut self.diagnostics);
        crate::engine::diagnostics::sort(&mut diagnostics);
        (
            Schema {
                models,
                associations,
            },
            diagnostics,
            self.strict_error.take(),
        )
    }
}
