//! Plausible column values, chosen by the attribute's type and name from
//! fixed word lists. A column that must be unique gets the row's ordinal
//! worked into its value, so that its values differ by construction.

use crate::engine::schema::Attribute;

use super::rng::Rng;
use super::Value;

const FIRST: &[&str] = &[
    "Ada", "Grace", "Alan", "Linus", "Margaret", "Ken", "Barbara", "Dennis", "Frances", "Edsger",
];
const LAST: &[&str] = &[
    "Lovelace", "Hopper", "Turing", "Torvalds", "Hamilton", "Thompson", "Liskov", "Ritchie",
    "Allen", "Dijkstra",
];
const WORDS: &[&str] = &[
    "harbor", "maple", "orbit", "copper", "meadow", "signal", "lantern", "river", "summit",
    "velvet", "amber", "falcon",
];
const TITLES: &[&str] = &[
    "Getting Started",
    "The Quiet Harbor",
    "Notes on Design",
    "A Field Guide",
    "Spring Update",
    "Release Plan",
    "Weekly Review",
    "Lessons Learned",
];
const CITIES: &[&str] = &[
    "Lisbon", "Oslo", "Kyoto", "Austin", "Nairobi", "Lyon", "Perth",
];
const COUNTRIES: &[&str] = &["Portugal", "Norway", "Japan", "USA", "Kenya", "France"];
const STATUSES: &[&str] = &["active", "pending", "archived", "draft"];
const SENTENCES: &[&str] = &[
    "A short note for the record.",
    "Everything went according to plan.",
    "Needs a second look next week.",
    "Imported from the old system.",
    "Written in a hurry, but accurate.",
];

/// A value for `attribute` in the row numbered `ordinal` (from 1).
pub fn value(rng: &mut Rng, attribute: &Attribute, ordinal: u64, unique: bool) -> Value {
    let ty = attribute.data_type.to_ascii_uppercase();
    let name = attribute.name.to_ascii_lowercase();
    if let Some(values) = attribute.enum_values.as_ref().filter(|v| !v.is_empty()) {
        let pick = |rng: &mut Rng, unique: bool| {
            let index = if unique {
                ordinal.saturating_sub(1) as usize
            } else {
                rng.below(values.len() as u64) as usize
            };
            match values.get(index) {
                Some(v) => Value::Text(v.clone()),
                None => Value::Null,
            }
        };
        // An ARRAY of ENUM is a list of its values (PostgreSQL refuses a
        // bare value for an array column: "malformed array literal").
        if ty.ends_with("[]") {
            let count = rng.between(1, 3);
            return Value::Array((0..count).map(|_| pick(rng, false)).collect());
        }
        return pick(rng, unique);
    }
    if let Some(element) = ty.strip_suffix("[]") {
        let count = rng.between(1, 3);
        let items = (0..count)
            .map(|_| scalar(rng, element, &name, attribute, ordinal, false))
            .collect();
        return Value::Array(items);
    }
    scalar(rng, &ty, &name, attribute, ordinal, unique)
}

fn scalar(
    rng: &mut Rng,
    ty: &str,
    name: &str,
    attribute: &Attribute,
    ordinal: u64,
    unique: bool,
) -> Value {
    let n = ordinal as i64;
    let head = ty.split(['(', ' ']).next().unwrap_or(ty);
    match head {
        "INTEGER" | "BIGINT" | "SMALLINT" | "TINYINT" | "MEDIUMINT" | "INT" | "SERIAL" => {
            if attribute.primary_key || unique {
                return Value::Int(n);
            }
            let (low, high) = if name.contains("age") {
                (18, 90)
            } else if name.contains("year") {
                (1990, 2025)
            } else if ["rating", "score", "stars"]
                .iter()
                .any(|w| name.contains(w))
            {
                (1, 5)
            } else if ["price", "amount", "cost", "total", "salary", "balance"]
                .iter()
                .any(|w| name.contains(w))
            {
                (1, 1000)
            } else {
                (0, 100)
            };
            Value::Int(rng.between(low, high))
        }
        "DECIMAL" | "NUMERIC" | "FLOAT" | "DOUBLE" | "REAL" => {
            let (precision, scale) = precision_scale(ty);
            let whole_digits = precision.saturating_sub(scale).min(6);
            let max_whole = 10_i64.pow(whole_digits) - 1;
            let whole = if unique {
                n.min(max_whole)
            } else {
                rng.between(0, 499.min(max_whole))
            };
            if scale == 0 {
                return Value::Number(whole.to_string());
            }
            let cents = rng.between(0, 99);
            let fraction = format!("{cents:02}");
            let digits = scale.min(2) as usize;
            Value::Number(format!("{whole}.{}", &fraction[..digits]))
        }
        "BOOLEAN" => Value::Bool(rng.one_in(2)),
        "TIMESTAMP" | "DATETIME" => Value::Text(format!(
            "{} {:02}:{:02}:{:02}",
            date(rng, name),
            rng.between(0, 23),
            rng.between(0, 59),
            rng.between(0, 59)
        )),
        "DATE" | "DATEONLY" => Value::Text(date(rng, name)),
        "TIME" => Value::Text(format!(
            "{:02}:{:02}:00",
            rng.between(8, 19),
            rng.between(0, 59)
        )),
        "UUID" => Value::Text(uuid(rng)),
        "JSON" | "JSONB" => Value::Json(format!(
            "{{\"tag\":\"{}\",\"n\":{}}}",
            rng.pick(WORDS).unwrap_or(&"x"),
            rng.between(1, 9)
        )),
        _ => Value::Text(fit(text(rng, name, ordinal, unique), ty)),
    }
}

/// `(precision, scale)` of `DECIMAL(10,2)`; (8, 2) when not written.
fn precision_scale(ty: &str) -> (u32, u32) {
    let inner = ty
        .split_once('(')
        .and_then(|(_, rest)| rest.split_once(')'))
        .map(|(inside, _)| inside);
    let Some(inside) = inner else {
        return (8, 2);
    };
    let mut parts = inside.split(',').map(|p| p.trim().parse::<u32>().ok());
    match (parts.next().flatten(), parts.next().flatten()) {
        (Some(p), Some(s)) if p >= s => (p, s),
        (Some(p), None) => (p, 0),
        _ => (8, 2),
    }
}

/// Cuts a string to the length of `VARCHAR(n)` or `CHAR(n)`.
fn fit(s: String, ty: &str) -> String {
    let length = ty
        .split_once('(')
        .and_then(|(_, rest)| rest.split_once(')'))
        .and_then(|(inside, _)| inside.trim().parse::<usize>().ok());
    match length {
        Some(n) if s.chars().count() > n => s.chars().skip(s.chars().count() - n).collect(),
        _ => s,
    }
}

fn date(rng: &mut Rng, name: &str) -> String {
    let (low, high) = if name.contains("birth") || name == "dob" {
        (1960, 2005)
    } else {
        (2023, 2025)
    };
    format!(
        "{}-{:02}-{:02}",
        rng.between(low, high),
        rng.between(1, 12),
        rng.between(1, 28)
    )
}

/// A version 4 UUID from the generator's bits.
fn uuid(rng: &mut Rng) -> String {
    let a = rng.next_u64();
    let b = rng.next_u64();
    let hi = (a & 0xFFFF_FFFF_FFFF_0FFF) | 0x0000_0000_0000_4000;
    let lo = (b & 0x3FFF_FFFF_FFFF_FFFF) | 0x8000_0000_0000_0000;
    format!(
        "{:08x}-{:04x}-{:04x}-{:04x}-{:012x}",
        hi >> 32,
        (hi >> 16) & 0xFFFF,
        hi & 0xFFFF,
        lo >> 48,
        lo & 0xFFFF_FFFF_FFFF
    )
}

fn text(rng: &mut Rng, name: &str, ordinal: u64, unique: bool) -> String {
    let first = *rng.pick(FIRST).unwrap_or(&"Ada");
    let last = *rng.pick(LAST).unwrap_or(&"Lovelace");
    let word = *rng.pick(WORDS).unwrap_or(&"maple");
    let suffix = if unique {
        ordinal.to_string()
    } else {
        String::new()
    };
    let spaced = if unique {
        format!(" {ordinal}")
    } else {
        String::new()
    };
    let has = |words: &[&str]| words.iter().any(|w| name.contains(w));
    if has(&["email"]) {
        format!(
            "{}.{}{}@example.com",
            first.to_ascii_lowercase(),
            last.to_ascii_lowercase(),
            if unique { ordinal } else { rng.below(100) }
        )
    } else if has(&["username", "login", "handle"]) {
        format!(
            "{}{}",
            first.to_ascii_lowercase(),
            ordinal.max(rng.below(100))
        )
    } else if has(&["firstname", "first_name", "given"]) {
        format!("{first}{spaced}")
    } else if has(&["lastname", "last_name", "surname", "family"]) {
        format!("{last}{spaced}")
    } else if has(&["password", "hash", "token", "secret"]) {
        format!("{:016x}", rng.next_u64())
    } else if has(&["slug"]) {
        format!("{word}-{}", rng.pick(WORDS).unwrap_or(&"x")) + &spaced.replace(' ', "-")
    } else if has(&["url", "website", "link", "avatar", "image", "photo"]) {
        format!("https://example.com/{word}{suffix}")
    } else if has(&["phone", "mobile"]) {
        format!(
            "+1-555-01{:02}",
            if unique { ordinal } else { rng.below(100) }
        )
    } else if has(&["city"]) {
        format!("{}{spaced}", rng.pick(CITIES).unwrap_or(&"Oslo"))
    } else if has(&["country"]) {
        format!("{}{spaced}", rng.pick(COUNTRIES).unwrap_or(&"Japan"))
    } else if has(&["address", "street"]) {
        format!("{} {} Street", rng.between(1, 999), capitalise(word)) + &spaced
    } else if has(&["status", "state"]) {
        format!("{}{spaced}", rng.pick(STATUSES).unwrap_or(&"active"))
    } else if has(&["code", "sku", "number", "ref"]) {
        format!(
            "{}-{:04}",
            word.to_ascii_uppercase(),
            if unique { ordinal } else { rng.below(10_000) }
        )
    } else if has(&["title", "subject", "headline", "label"]) {
        format!("{}{spaced}", rng.pick(TITLES).unwrap_or(&"Notes"))
    } else if has(&["name"]) {
        format!("{first} {last}{spaced}")
    } else if has(&[
        "description",
        "body",
        "content",
        "bio",
        "text",
        "comment",
        "note",
        "summary",
        "message",
    ]) {
        format!("{}{spaced}", rng.pick(SENTENCES).unwrap_or(&"A note."))
    } else {
        format!("{word}{spaced}")
    }
}

fn capitalise(word: &str) -> String {
    let mut chars = word.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}
