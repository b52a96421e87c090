//! TEMPORARY stand-in until the DataTypes port lands.
#[derive(Clone, Debug, PartialEq)]
pub struct DataType {
    pub key: String,
    pub args: Option<Vec<TypeArg>>,
    pub modifiers: Vec<String>,
}
#[derive(Clone, Debug, PartialEq)]
pub enum TypeArg {
    Number(f64),
    Str(String),
    Bool(bool),
    Type(DataType),
    Array(Vec<TypeArg>),
    Object(Vec<(String, TypeArg)>),
    Null,
    Undefined,
}
pub fn is_data_type_key(key: &str) -> bool {
    key.chars().all(|c| c.is_ascii_uppercase() || c == ' ')
}
pub fn is_modifier(_key: &str, name: &str) -> bool {
    matches!(name, "UNSIGNED" | "ZEROFILL" | "BINARY")
}
impl DataType {
    pub fn new(key: &str) -> Self {
        DataType {
            key: key.to_string(),
            args: None,
            modifiers: Vec::new(),
        }
    }
    pub fn postgres(&self) -> Result<String, String> {
        Ok(match self.key.as_str() {
            "STRING" => "VARCHAR(255)".into(),
            "DATE" => "TIMESTAMP WITH TIME ZONE".into(),
            k => k.to_string(),
        })
    }
    pub fn enum_values(&self) -> Option<Vec<String>> {
        None
    }
}
