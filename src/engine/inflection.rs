//! TEMPORARY stand-in until the port of inflection 1.13.4 lands.
pub fn pluralize(word: &str) -> String {
    if word.ends_with('s') {
        word.to_string()
    } else {
        format!("{word}s")
    }
}
pub fn singularize(word: &str) -> String {
    word.strip_suffix('s').unwrap_or(word).to_string()
}
pub fn underscore(word: &str) -> String {
    let mut out = String::new();
    for (i, c) in word.chars().enumerate() {
        if c.is_uppercase() && i > 0 {
            out.push('_');
        }
        out.extend(c.to_lowercase());
    }
    out
}
