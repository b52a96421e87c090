//! The schema: what Sequelize built from the user's code, with provenance.
//!
//! This is the engine's output and every later stage's input (ledger, graph,
//! dataset, exports). It is plain data: no references into the parse tree.

use std::borrow::Cow;

use serde::Serialize;

use super::source::Span;

/// Index of a model in [`Schema::models`].
pub type ModelId = usize;
/// Index of an association in [`Schema::associations`].
pub type AssociationId = usize;

#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Schema {
    pub models: Vec<Model>,
    pub associations: Vec<Association>,
}

impl Schema {
    pub fn model(&self, name: &str) -> Option<&Model> {
        self.models.iter().find(|m| m.name == name)
    }

    /// The associations still registered on their source model, as
    /// `Model.associations` holds them: replaced ones, and those of a
    /// source model defined again since, left out.
    pub fn live_associations(&self) -> impl Iterator<Item = &Association> {
        self.associations.iter().filter(|a| a.is_live())
    }
}

/// How a model came to exist.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ModelOrigin {
    /// `sequelize.define(...)` or `X.init(...)` in the user's code.
    Defined,
    /// Used but never defined: created with Sequelize's defaults.
    Implicit,
    /// A junction model that `belongsToMany` created from a `through` string.
    Junction,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Model {
    pub name: String,
    /// The table name without schema.
    pub table_name: String,
    /// The `schema` option, if any.
    pub schema: Option<String>,
    pub singular: String,
    pub plural: String,
    pub origin: ModelOrigin,
    /// True when a `belongsToMany` uses this model as its `through`.
    pub is_junction: bool,
    /// Where the model was defined (or first used, for implicit models).
    pub span: Span,
    pub primary_keys: Vec<String>,
    pub attributes: Vec<Attribute>,
    pub timestamps: bool,
    pub paranoid: bool,
    /// The attribute a paranoid model's soft deletion sets
    /// (`_timestampAttributes.deletedAt`): present only where paranoid
    /// queries filter on it (timestamps on, `deletedAt` not false).
    pub deleted_at: Option<String>,
    pub underscored: bool,
    /// For a junction created from a `through` string: the belongsToMany.
    pub created_by: Option<AssociationId>,
}

impl Model {
    pub fn attribute(&self, name: &str) -> Option<&Attribute> {
        self.attributes.iter().find(|a| a.name == name)
    }
}

/// Where an attribute came from.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum AttributeOrigin {
    /// Declared by the user in the model's attributes.
    Own,
    /// Added by Sequelize itself: the default `id`, timestamps.
    Default,
    /// Added (or completed) by an association call.
    Association {
        association: AssociationId,
        span: Span,
    },
    /// Not defined anywhere; assumed so that analysis could go on.
    Assumed { span: Span },
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Reference {
    /// The referenced table name (without schema).
    pub model: String,
    pub key: String,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(untagged)]
pub enum Unique {
    Flag(bool),
    Named(String),
    /// `unique: { name, msg }` as Sequelize keeps it, as JSON.
    Object(serde_json::Value),
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Attribute {
    pub name: String,
    /// Sequelize's postgres type name: `INTEGER`, `VARCHAR(255)`, ...
    pub data_type: String,
    /// What Sequelize's dialect-independent DataType prints (`INTEGER(11)
    /// UNSIGNED`, `DATETIME`), where the type is one of DataTypes: the DDL
    /// export derives mysql's and sqlite's type names from it.
    pub generic_type: Option<String>,
    pub field: String,
    pub allow_null: bool,
    pub primary_key: bool,
    pub auto_increment: bool,
    pub unique: Option<Unique>,
    pub references: Option<Reference>,
    pub on_delete: Option<String>,
    pub on_update: Option<String>,
    /// The default value as source text, when one was given.
    pub default_value: Option<String>,
    /// The default value as a value, for the DDL (`DEFAULT 0`).
    pub default: Option<DefaultValue>,
    /// `allowNull` as given (None where it was never set): Sequelize's DDL
    /// writes NOT NULL only for an explicit false, and a primary key's
    /// column is NOT NULL by being one.
    pub allow_null_option: Option<bool>,
    /// The values of an ENUM (or of an ARRAY of ENUM), in order: the
    /// DDL's enum type.
    pub enum_values: Option<Vec<String>>,
    pub origin: AttributeOrigin,
    /// Associations that completed this attribute after it existed
    /// (filled in `references`, onDelete, ...), in call order.
    pub touched_by: Vec<AssociationId>,
}

/// An attribute's `defaultValue`, as far as a DDL needs it.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(tag = "kind", content = "value", rename_all = "kebab-case")]
pub enum DefaultValue {
    Null,
    Bool(bool),
    Number(f64),
    Str(String),
    /// An object or array, as `JSON.stringify` writes it: a JSON column's
    /// default (any other column's type cannot take one).
    Json(String),
    /// Computed by Sequelize when a row is built and never written into
    /// the table (`DataTypes.NOW`, `DataTypes.UUIDV4`, a function).
    Generated,
    /// A value the engine does not follow (`Sequelize.literal(...)`, an
    /// object): what Sequelize would write for it is not known.
    Unknown,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
pub enum AssociationKind {
    HasOne,
    BelongsTo,
    HasMany,
    BelongsToMany,
}

impl AssociationKind {
    /// Sequelize's `associationType`.
    pub fn as_str(self) -> &'static str {
        match self {
            AssociationKind::HasOne => "HasOne",
            AssociationKind::BelongsTo => "BelongsTo",
            AssociationKind::HasMany => "HasMany",
            AssociationKind::BelongsToMany => "BelongsToMany",
        }
    }

    /// The method name as written in code: `hasOne`, `belongsToMany`, ...
    pub fn method(self) -> &'static str {
        match self {
            AssociationKind::HasOne => "hasOne",
            AssociationKind::BelongsTo => "belongsTo",
            AssociationKind::HasMany => "hasMany",
            AssociationKind::BelongsToMany => "belongsToMany",
        }
    }

    pub fn is_multi(self) -> bool {
        matches!(
            self,
            AssociationKind::HasMany | AssociationKind::BelongsToMany
        )
    }
}

/// What a mixin method does, in Sequelize's own accessor keys.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum AccessorKind {
    Get,
    Set,
    Create,
    Add,
    AddMultiple,
    Remove,
    RemoveMultiple,
    HasSingle,
    HasAll,
    Count,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Accessor {
    pub kind: AccessorKind,
    /// The method name: `getEmployees`.
    pub name: String,
    /// What it resolves to, in TypeScript words: `Promise<Employee[]>`.
    pub returns: Cow<'static, str>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Association {
    pub kind: AssociationKind,
    pub source: ModelId,
    pub target: ModelId,
    /// Sequelize's `as`: the alias, or the default (target's singular or plural).
    pub as_name: String,
    /// True when the user gave `as`.
    pub aliased: bool,
    /// `as` given as an object to hasOne/belongsTo, which take only a
    /// string: Sequelize keeps the object (and prints it as `as`) while
    /// naming things "[object Object]".
    pub alias_object: Option<serde_json::Value>,
    pub foreign_key: String,
    /// Present for hasOne, hasMany and belongsToMany.
    pub source_key: Option<String>,
    /// Present for belongsTo and belongsToMany.
    pub target_key: Option<String>,
    /// Present for belongsToMany.
    pub other_key: Option<String>,
    /// The junction model of a belongsToMany.
    pub through: Option<ModelId>,
    /// The other side of a paired belongsToMany.
    pub paired: Option<AssociationId>,
    pub accessors: Vec<Accessor>,
    /// The whole call: `Employee.belongsTo(Organization)`.
    pub span: Span,
    /// The call as the user wrote it, shortened to one line (empty when
    /// the analysis ran with `Scope::Strict`).
    pub label: String,
    /// A later association with the same default alias that replaced this
    /// one in `Model.associations` (its columns stay).
    pub replaced_by: Option<AssociationId>,
    /// True when the source model was defined again after this call: the
    /// association belongs to the earlier class, which `sequelize.models`
    /// no longer reaches, but the columns it added stay (and name it as
    /// their provenance). `source` is then the model registered under the
    /// same name.
    pub source_redefined: bool,
    /// `scope`: the conditions a hasOne's, hasMany's or belongsToMany's
    /// getter adds on the target (`{ commentableType: 'image' }`), in key
    /// order. Sequelize keeps it on a belongsTo too, whose getter ignores it.
    pub scope: Vec<(String, ScopeValue)>,
    /// A belongsToMany's `through.scope`: conditions on the junction row.
    pub through_scope: Vec<(String, ScopeValue)>,
}

/// A value in an association's scope.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub enum ScopeValue {
    Null,
    Bool(bool),
    Number(f64),
    Str(String),
    /// An operator, an array, a function: a condition the engine does not
    /// follow.
    Other,
}

impl Association {
    /// Whether `Model.associations` still holds it: neither replaced nor
    /// left behind by a redefined source model.
    pub fn is_live(&self) -> bool {
        self.replaced_by.is_none() && !self.source_redefined
    }
}
