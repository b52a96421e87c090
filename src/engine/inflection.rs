//! Pluralisation, singularisation and `underscore` exactly as the npm
//! package `inflection` 1.13.4 does them (the version inside Sequelize
//! 6.37.8): its rule tables, generated from the package itself into
//! [`super::inflection_rules`], applied the way `_apply_rules` applies them.
//!
//! It knows nothing of Sequelize: `Utils.pluralize` and friends call these.

use std::sync::OnceLock;

use regex_lite::Regex;

use super::inflection_rules::{PLURAL, SINGULAR, UNCOUNTABLE};

/// A rule compiled: JavaScript's `new RegExp(source, 'gi')`.
struct Rule {
    regex: Regex,
    replacement: Option<&'static str>,
}

fn compile(table: &'static [(&'static str, Option<&'static str>)]) -> Vec<Rule> {
    table
        .iter()
        .filter_map(|(source, replacement)| {
            // The tables are the library's own and all compile; a rule that
            // did not would be skipped rather than panic.
            Regex::new(&format!("(?i){source}")).ok().map(|regex| Rule {
                regex,
                replacement: *replacement,
            })
        })
        .collect()
}

fn plural_rules() -> &'static [Rule] {
    static RULES: OnceLock<Vec<Rule>> = OnceLock::new();
    RULES.get_or_init(|| compile(PLURAL))
}

fn singular_rules() -> &'static [Rule] {
    static RULES: OnceLock<Vec<Rule>> = OnceLock::new();
    RULES.get_or_init(|| compile(SINGULAR))
}

/// `inflector._apply_rules(str, rules, uncountable_words)`: an uncountable
/// word (compared in lower case) stays; otherwise the first rule that
/// matches replaces every match, or leaves the word when it has no
/// replacement.
fn apply_rules(word: &str, rules: &[Rule]) -> String {
    if UNCOUNTABLE.contains(&word.to_lowercase().as_str()) {
        return word.to_string();
    }
    for rule in rules {
        if rule.regex.is_match(word) {
            return match rule.replacement {
                Some(replacement) => rule.regex.replace_all(word, replacement).into_owned(),
                None => word.to_string(),
            };
        }
    }
    word.to_string()
}

/// `inflection.pluralize(word)`.
pub fn pluralize(word: &str) -> String {
    apply_rules(word, plural_rules())
}

/// `inflection.singularize(word)`.
pub fn singularize(word: &str) -> String {
    apply_rules(word, singular_rules())
}

/// `inflection.underscore(word)`: `_` before every ASCII capital, one
/// leading `_` dropped per `::` segment, segments joined with `/`, lower
/// case.
pub fn underscore(word: &str) -> String {
    word.split("::")
        .map(|segment| {
            let mut out = String::with_capacity(segment.len() + 4);
            for c in segment.chars() {
                if c.is_ascii_uppercase() {
                    out.push('_');
                }
                out.push(c);
            }
            match out.strip_prefix('_') {
                Some(rest) => rest.to_string(),
                None => out,
            }
        })
        .collect::<Vec<_>>()
        .join("/")
        .to_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classic_words() {
        assert_eq!(pluralize("Person"), "People");
        assert_eq!(pluralize("Category"), "Categories");
        assert_eq!(pluralize("Status"), "Statuses");
        assert_eq!(pluralize("Child"), "Children");
        assert_eq!(pluralize("Mouse"), "Mice");
        assert_eq!(pluralize("Data"), "Data");
        assert_eq!(singularize("Data"), "Datum");
        assert_eq!(singularize("Statuses"), "Status");
        assert_eq!(singularize("EmployeeTasks"), "EmployeeTask");
        assert_eq!(underscore("OrderItem"), "order_item");
        assert_eq!(underscore("Admin::UserProfile"), "admin/user_profile");
    }

    #[test]
    fn the_generated_tables_are_complete() {
        assert_eq!(plural_rules().len(), PLURAL.len());
        assert_eq!(singular_rules().len(), SINGULAR.len());
    }
}
