//! Model options as `Model.init` settles them (`this.options`): defaults,
//! the `name` merge, timestamps. Only the options that change names,
//! columns or tables are kept.

use crate::engine::inflection;
use crate::engine::value::Value;

/// A `createdAt` / `updatedAt` / `deletedAt` option as given.
#[derive(Clone, Debug, PartialEq)]
pub enum TsSetting {
    Name(String),
    Enabled(bool),
    /// Neither string nor boolean: Sequelize throws with this `typeof`.
    Invalid(&'static str),
}

#[derive(Clone, Debug, PartialEq)]
pub struct ModelOptions {
    pub timestamps: bool,
    pub paranoid: bool,
    pub underscored: bool,
    pub freeze_table_name: bool,
    pub singular: String,
    pub plural: String,
    pub table_name: Option<String>,
    pub schema: Option<String>,
    pub created_at: Option<TsSetting>,
    pub updated_at: Option<TsSetting>,
    pub deleted_at: Option<TsSetting>,
    pub version: Option<String>,
}

impl ModelOptions {
    /// Sequelize's defaults for a model called `model_name`.
    pub fn defaults(model_name: &str) -> Self {
        ModelOptions::named(
            inflection::singularize(model_name),
            inflection::pluralize(model_name),
        )
    }

    /// Sequelize's defaults, with `name: { singular, plural }` given.
    pub fn named(singular: String, plural: String) -> Self {
        ModelOptions {
            timestamps: true,
            paranoid: false,
            underscored: false,
            freeze_table_name: false,
            singular,
            plural,
            table_name: None,
            schema: None,
            created_at: None,
            updated_at: None,
            deleted_at: None,
            version: None,
        }
    }

    /// The options of `define`/`init` as the user wrote them.
    pub fn from_value(model_name: &str, user: &Value) -> Self {
        let mut o = ModelOptions::defaults(model_name);
        if !user.is_plain_object() {
            return o;
        }
        if user.has_prop("timestamps") && !user.prop("timestamps").is_undefined() {
            o.timestamps = user.prop("timestamps").truthy();
        }
        o.paranoid = user.prop("paranoid").truthy();
        o.underscored = user.prop("underscored").truthy();
        o.freeze_table_name = user.prop("freezeTableName").truthy();
        // Utils.merge: a name given by the user wins where it is truthy.
        let name = user.prop("name");
        if let Some(s) = name.prop("singular").as_str().filter(|s| !s.is_empty()) {
            o.singular = s.to_string();
        }
        if let Some(p) = name.prop("plural").as_str().filter(|s| !s.is_empty()) {
            o.plural = p.to_string();
        }
        o.table_name = user
            .prop("tableName")
            .as_str()
            .filter(|s| !s.is_empty())
            .map(str::to_string);
        o.schema = user
            .prop("schema")
            .as_str()
            .filter(|s| !s.is_empty())
            .map(str::to_string);
        o.created_at = ts_setting(&user.prop("createdAt"));
        o.updated_at = ts_setting(&user.prop("updatedAt"));
        o.deleted_at = ts_setting(&user.prop("deletedAt"));
        o.version = match user.prop("version") {
            Value::Str(s) => Some(String::from(&*s)),
            v if v.truthy() => Some("version".into()),
            _ => None,
        };
        o
    }

    /// The attribute name of a timestamp, or None when it is switched off.
    pub fn timestamp_name(&self, default: &str, setting: &Option<TsSetting>) -> Option<String> {
        match setting {
            Some(TsSetting::Enabled(false)) => None,
            Some(TsSetting::Name(n)) => Some(n.clone()),
            _ => Some(default.to_string()),
        }
    }
}

fn ts_setting(v: &Value) -> Option<TsSetting> {
    match v {
        Value::Undefined => None,
        Value::Str(s) => Some(TsSetting::Name(String::from(&**s))),
        Value::Bool(b) => Some(TsSetting::Enabled(*b)),
        Value::Unknown => None,
        other => Some(TsSetting::Invalid(other.type_of())),
    }
}
