//! The strict result in exactly the oracle's JSON schema
//! (`../shared/oracle/README.md`): what `assoc json` prints. This is a
//! serialisation boundary: the schema's own types are not the wire format.

use serde_json::{json, Map, Value as Json};

use std::sync::Arc;

use super::schema::{Attribute, Model, Unique};
use super::{Analysis, Options, SourceFile};

/// `{"ok": true, "models": …, "associations": […]}` or
/// `{"ok": false, "error": "…"}` when Sequelize would throw.
pub fn oracle_json(analysis: &Analysis) -> Json {
    if let Some(e) = &analysis.strict_error {
        return json!({ "error": e.message, "ok": false });
    }
    let schema = &analysis.schema;
    let mut models = Map::new();
    for m in &schema.models {
        models.insert(m.name.clone(), model_json(m));
    }
    let mut associations: Vec<(String, Json)> = schema
        .live_associations()
        .map(|a| {
            let source = &schema.models[a.source].name;
            let mut o = Map::new();
            let mut accessors: Vec<&str> = a.accessors.iter().map(|x| x.name.as_str()).collect();
            accessors.sort_unstable();
            o.insert("accessors".into(), json!(accessors));
            o.insert(
                "as".into(),
                a.alias_object.clone().unwrap_or_else(|| json!(a.as_name)),
            );
            o.insert("foreignKey".into(), json!(a.foreign_key));
            if let Some(k) = &a.other_key {
                o.insert("otherKey".into(), json!(k));
            }
            o.insert("source".into(), json!(source));
            if let Some(k) = &a.source_key {
                o.insert("sourceKey".into(), json!(k));
            }
            o.insert("target".into(), json!(schema.models[a.target].name));
            if let Some(k) = &a.target_key {
                o.insert("targetKey".into(), json!(k));
            }
            if let Some(t) = a.through {
                o.insert("through".into(), json!(schema.models[t].name));
            }
            o.insert("type".into(), json!(a.kind.as_str()));
            (format!("{source}{}", a.as_name), Json::Object(o))
        })
        .collect();
    associations.sort_by(|x, y| locale_compare(&x.0, &y.0));
    // serde_json's maps are sorted by key, as the oracle prints them.
    json!({
        "associations": associations.into_iter().map(|(_, a)| a).collect::<Vec<_>>(),
        "models": Json::Object(models),
        "ok": true,
    })
}

/// JavaScript's `a.localeCompare(b)` as Node's ICU does it for the root
/// locale, for the strings model names and aliases are made of: symbols
/// before digits before letters; letters compared first without accents
/// or case, then by their accents, and only where both tie, lower case
/// before upper case. Latin letters with the common accents (Latin-1 and
/// the Central European ones) and the ligatures `ß`, `æ`, `œ` are
/// covered; other characters compare by code point after Latin letters
/// (so Greek and Cyrillic after Latin, as in ICU).
pub fn locale_compare(a: &str, b: &str) -> std::cmp::Ordering {
    collation_key(&[a]).cmp(&collation_key(&[b]))
}

/// Accented Latin letters: (letter, its base letter, the accent's rank in
/// ICU's order: acute, grave, breve, circumflex, caron, ring, diaeresis,
/// double acute, tilde, dot above, cedilla, ogonek, macron, stroke).
const ACCENTED: &[(char, char, u32)] = &[
    ('á', 'a', 1),
    ('à', 'a', 2),
    ('ă', 'a', 3),
    ('â', 'a', 4),
    ('å', 'a', 6),
    ('ä', 'a', 7),
    ('ã', 'a', 9),
    ('ą', 'a', 12),
    ('ā', 'a', 13),
    ('ć', 'c', 1),
    ('ĉ', 'c', 4),
    ('č', 'c', 5),
    ('ċ', 'c', 10),
    ('ç', 'c', 11),
    ('ď', 'd', 5),
    ('é', 'e', 1),
    ('è', 'e', 2),
    ('ĕ', 'e', 3),
    ('ê', 'e', 4),
    ('ě', 'e', 5),
    ('ë', 'e', 7),
    ('ė', 'e', 10),
    ('ę', 'e', 12),
    ('ē', 'e', 13),
    ('ğ', 'g', 3),
    ('ĝ', 'g', 4),
    ('ġ', 'g', 10),
    ('ģ', 'g', 11),
    ('ĥ', 'h', 4),
    ('í', 'i', 1),
    ('ì', 'i', 2),
    ('ĭ', 'i', 3),
    ('î', 'i', 4),
    ('ï', 'i', 7),
    ('ĩ', 'i', 9),
    ('į', 'i', 12),
    ('ī', 'i', 13),
    ('ĵ', 'j', 4),
    ('ķ', 'k', 11),
    ('ĺ', 'l', 1),
    ('ľ', 'l', 5),
    ('ļ', 'l', 11),
    ('ń', 'n', 1),
    ('ň', 'n', 5),
    ('ñ', 'n', 9),
    ('ņ', 'n', 11),
    ('ó', 'o', 1),
    ('ò', 'o', 2),
    ('ŏ', 'o', 3),
    ('ô', 'o', 4),
    ('ö', 'o', 7),
    ('ő', 'o', 8),
    ('õ', 'o', 9),
    ('ō', 'o', 13),
    ('ø', 'o', 14),
    ('ŕ', 'r', 1),
    ('ř', 'r', 5),
    ('ŗ', 'r', 11),
    ('ś', 's', 1),
    ('ŝ', 's', 4),
    ('š', 's', 5),
    ('ş', 's', 11),
    ('ť', 't', 5),
    ('ţ', 't', 11),
    ('ú', 'u', 1),
    ('ù', 'u', 2),
    ('ŭ', 'u', 3),
    ('û', 'u', 4),
    ('ů', 'u', 6),
    ('ü', 'u', 7),
    ('ű', 'u', 8),
    ('ũ', 'u', 9),
    ('ų', 'u', 12),
    ('ū', 'u', 13),
    ('ý', 'y', 1),
    ('ŷ', 'y', 4),
    ('ÿ', 'y', 7),
    ('ź', 'z', 1),
    ('ž', 'z', 5),
    ('ż', 'z', 10),
];

/// The sort key behind [`locale_compare`], in one vector: every
/// collation element's primary weight, a 0 (below every weight: a text
/// that is a prefix of another comes first), their accent weights, a 0,
/// then their case weights. Compared as a whole, the primary weights
/// decide, then accents, then case.
fn collation_key(parts: &[&str]) -> Vec<u32> {
    if parts.iter().all(|p| p.is_ascii()) {
        // One element per character, no accents: built straight into the
        // key (model names and aliases are nearly always ASCII).
        let n: usize = parts.iter().map(|p| p.len()).sum();
        let mut key = Vec::with_capacity(3 * n + 2);
        for p in parts {
            key.extend(p.bytes().map(|b| ASCII_PRIMARY[usize::from(b)]));
        }
        key.resize(key.len() + 1 + n + 1, 0);
        for p in parts {
            key.extend(p.bytes().map(|b| u32::from(b.is_ascii_uppercase())));
        }
        return key;
    }
    // (primary, accent, case) per collation element.
    let mut elements: Vec<(u32, u32, u32)> = Vec::new();
    for c in parts.iter().flat_map(|p| p.chars()) {
        if c.is_ascii() {
            elements.push((primary(c), 0, u32::from(c.is_ascii_uppercase())));
            continue;
        }
        let lower = c.to_lowercase().next().unwrap_or(c);
        let upper = u32::from(lower != c);
        let ligature = match lower {
            'ß' => Some("ss"),
            'æ' => Some("ae"),
            'œ' => Some("oe"),
            _ => None,
        };
        if let Some(letters) = ligature {
            // After the letters written out, in any case: ss < SS < ß.
            elements.extend(letters.chars().map(|l| (primary(l), 0, 2 + upper)));
        } else if let Some(&(_, base, accent)) = ACCENTED.iter().find(|(a, _, _)| *a == lower) {
            elements.push((primary(base), accent, upper));
        } else {
            elements.push((primary(c), 0, upper));
        }
    }
    let mut key = Vec::with_capacity(3 * elements.len() + 2);
    key.extend(elements.iter().map(|e| e.0));
    key.push(0);
    key.extend(elements.iter().map(|e| e.1));
    key.push(0);
    key.extend(elements.iter().map(|e| e.2));
    key
}

/// A character's primary weight in ICU's root order, for the characters
/// [`collation_key`] covers.
const fn primary(c: char) -> u32 {
    // ICU's root order of ASCII punctuation and symbols.
    const SYMBOLS: &[u8] = b"_-,;:!?.'\"()[]{}@*/\\&#%`^+<=>|~$";
    match c {
        '0'..='9' => 200 + c as u32,
        'a'..='z' => 300 + c as u32,
        'A'..='Z' => 300 + c.to_ascii_lowercase() as u32,
        c if c.is_ascii() => {
            let mut i = 0;
            while i < SYMBOLS.len() {
                if SYMBOLS[i] as u32 == c as u32 {
                    return 100 + i as u32;
                }
                i += 1;
            }
            c as u32
        }
        c => 1000 + c as u32,
    }
}

/// [`primary`] of every ASCII character, by byte.
const ASCII_PRIMARY: [u32; 128] = {
    let mut table = [0; 128];
    let mut b = 0;
    while b < 128 {
        table[b] = primary(b as u8 as char);
        b += 1;
    }
    table
};

fn model_json(m: &Model) -> Json {
    let mut attributes = Map::new();
    for a in &m.attributes {
        attributes.insert(a.name.clone(), attribute_json(a));
    }
    let mut primary_keys = m.primary_keys.clone();
    primary_keys.sort();
    let table = match &m.schema {
        Some(s) => format!("\"{s}\".\"{}\"", m.table_name),
        None => m.table_name.clone(),
    };
    json!({ "attributes": Json::Object(attributes), "primaryKeys": primary_keys, "tableName": table })
}

fn attribute_json(a: &Attribute) -> Json {
    let mut o = Map::new();
    o.insert("allowNull".into(), json!(a.allow_null));
    if a.auto_increment {
        o.insert("autoIncrement".into(), json!(true));
    }
    o.insert("field".into(), json!(a.field));
    if let Some(v) = &a.on_delete {
        o.insert("onDelete".into(), json!(v));
    }
    if let Some(v) = &a.on_update {
        o.insert("onUpdate".into(), json!(v));
    }
    o.insert("primaryKey".into(), json!(a.primary_key));
    if let Some(r) = &a.references {
        o.insert(
            "references".into(),
            json!({ "key": r.key, "model": r.model }),
        );
    }
    // The oracle leaves `type` out where Sequelize prints it as undefined.
    if a.data_type != "undefined" {
        o.insert("type".into(), json!(a.data_type));
    }
    match &a.unique {
        Some(Unique::Flag(b)) => {
            o.insert("unique".into(), json!(b));
        }
        Some(Unique::Named(n)) => {
            o.insert("unique".into(), json!(n));
        }
        Some(Unique::Object(v)) => {
            o.insert("unique".into(), v.clone());
        }
        None => {}
    }
    Json::Object(o)
}

/// [`oracle_json`] printed as `serde_json::to_string_pretty` prints it,
/// written straight from the schema: on a 1,000-model schema, building the
/// `Value` tree, printing it and freeing it was most of `assoc json`.
/// A test holds the two equal on every fixture.
pub fn oracle_json_text(analysis: &Analysis) -> String {
    oracle_json_parts(analysis).concat()
}

/// The text of [`oracle_json`], in pieces to be written one after the
/// other.
fn oracle_json_parts(analysis: &Analysis) -> Vec<String> {
    if let Some(e) = &analysis.strict_error {
        return vec![error_text(e)];
    }
    let schema = &analysis.schema;
    let (order, cut) = models_shared_out(schema);
    let ((associations, first), second) = both(
        || (associations_text(schema), first_share(schema, &order, cut)),
        || second_share(schema, &order, cut),
    );
    framed(associations, first, second)
}

/// `assoc json`'s text for `files` (analysed as `options` ask), in pieces
/// to be written one after the other: [`oracle_json_parts`] of the
/// analysis, where the models' second share is printed by the analysis's
/// own thread, already running, while this one prints the rest
/// ([`super::analyse_on_worker`]).
pub fn analyse_to_oracle_json(files: &[SourceFile], options: Options) -> Vec<String> {
    enum Part {
        /// The analysis, sent first: the associations need nothing more.
        Shared(Arc<Analysis>),
        /// This thread's share of the models (their indices, in the order
        /// printed).
        First(Vec<usize>),
        /// The other share's text.
        Second(String),
    }
    let leak = options.leak_working_state;
    let mut parts = super::analyse_on_worker(files, options, move |analysis, send| {
        let analysis = Arc::new(analysis);
        send(Part::Shared(Arc::clone(&analysis)));
        if analysis.strict_error.is_some() {
            return;
        }
        let (order, cut) = models_shared_out(&analysis.schema);
        send(Part::First(order[..cut].to_vec()));
        send(Part::Second(second_share(&analysis.schema, &order, cut)));
        if leak {
            // Freeing it would take as long as printing it did.
            std::mem::forget(analysis);
        }
    });
    let Some(Part::Shared(analysis)) = parts.next() else {
        // The analysis always sends its result first.
        return Vec::new();
    };
    let text = match &analysis.strict_error {
        Some(e) => vec![error_text(e)],
        None => {
            let schema = &analysis.schema;
            let associations = associations_text(schema);
            let shares = match parts.next() {
                Some(Part::First(order)) => {
                    let first = first_share(schema, &order, order.len());
                    match parts.next() {
                        Some(Part::Second(second)) => Some((first, second)),
                        _ => None,
                    }
                }
                _ => None,
            };
            // Should the other thread stop early, this one prints it all.
            let (first, second) = shares.unwrap_or_else(|| {
                let (order, cut) = models_shared_out(schema);
                (
                    first_share(schema, &order, cut),
                    second_share(schema, &order, cut),
                )
            });
            framed(associations, first, second)
        }
    };
    if leak {
        std::mem::forget(analysis);
    }
    text
}

/// `{"error": …, "ok": false}`.
fn error_text(e: &super::StrictError) -> String {
    let mut w = Pretty::default();
    w.open('{');
    w.field("error");
    w.string(&e.message);
    w.field("ok");
    w.raw("false");
    w.close('}');
    w.out
}

/// The whole text around its arrays, in pieces.
fn framed(associations: String, first_models: String, second_models: String) -> Vec<String> {
    let mut w = Pretty::default();
    w.open('{');
    w.field("associations");
    let first = w.out.len();
    w.field("models");
    let second = w.out.len();
    w.field("ok");
    w.raw("true");
    w.close('}');
    let tail = w.out.split_off(second);
    let middle = w.out.split_off(first);
    vec![
        w.out,
        associations,
        middle,
        first_models,
        second_models,
        tail,
    ]
}

/// The models in the order printed (indices into the schema's), and how
/// many of them go with the associations in the first of two shares:
/// the cut is where the estimated time (the text, the associations'
/// counted [`ASSOCIATION_COST`] times) halves.
fn models_shared_out(schema: &super::schema::Schema) -> (Vec<usize>, usize) {
    let order = by_name_last_wins(&schema.models, |m| &m.name);
    let associations = ASSOCIATION_COST * ASSOCIATION_BYTES * schema.associations.len();
    let all: usize = order.iter().map(|&i| model_bytes(&schema.models[i])).sum();
    let mut cut = 0;
    let mut first = associations;
    while cut < order.len() && 2 * first < associations + all {
        first += model_bytes(&schema.models[order[cut]]);
        cut += 1;
    }
    (order, cut)
}

/// Runs `a` and `b`, on two threads where there are threads.
fn both<A: Send, B: Send>(a: impl FnOnce() -> A + Send, b: impl FnOnce() -> B + Send) -> (A, B) {
    #[cfg(not(target_arch = "wasm32"))]
    {
        std::thread::scope(|scope| {
            let other = scope.spawn(b);
            let a = a();
            let b = other
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
            (a, b)
        })
    }
    #[cfg(target_arch = "wasm32")]
    {
        (a(), b())
    }
}

/// The `associations` array, as printed one level deep.
fn associations_text(schema: &super::schema::Schema) -> String {
    let mut w = Pretty::nested(1);
    // Sized up front: growing a buffer of megabytes by doubling copies it.
    w.out.reserve(schema.associations.len() * ASSOCIATION_BYTES);
    // In the oracle's order: `localeCompare` of the source's name followed
    // by the alias.
    let mut associations: Vec<(Vec<u32>, &super::schema::Association)> = schema
        .live_associations()
        .map(|a| {
            let source = schema.models[a.source].name.as_str();
            (collation_key(&[source, &a.as_name]), a)
        })
        .collect();
    associations.sort_by(|x, y| x.0.cmp(&y.0));
    w.open('[');
    for (_, a) in &associations {
        w.item();
        w.open('{');
        w.field("accessors");
        let mut accessors: Vec<&str> = a.accessors.iter().map(|x| x.name.as_str()).collect();
        accessors.sort_unstable_by(|x, y| by_bytes(x, y));
        w.open('[');
        for name in accessors {
            w.item();
            w.string(name);
        }
        w.close(']');
        w.field("as");
        match &a.alias_object {
            Some(v) => w.value(v),
            None => w.string(&a.as_name),
        }
        w.field("foreignKey");
        w.string(&a.foreign_key);
        if let Some(k) = &a.other_key {
            w.field("otherKey");
            w.string(k);
        }
        w.field("source");
        w.string(&schema.models[a.source].name);
        if let Some(k) = &a.source_key {
            w.field("sourceKey");
            w.string(k);
        }
        w.field("target");
        w.string(&schema.models[a.target].name);
        if let Some(k) = &a.target_key {
            w.field("targetKey");
            w.string(k);
        }
        if let Some(t) = a.through {
            w.field("through");
            w.string(&schema.models[t].name);
        }
        w.field("type");
        w.string(a.kind.as_str());
        w.close('}');
    }
    w.close(']');
    w.out
}

/// Estimated text of an association, and of a model and an attribute
/// (their JSON is about this long): buffers are sized by them, and the
/// JSON's work is shared out by them.
const ASSOCIATION_BYTES: usize = 640;
const MODEL_BYTES: usize = 160;
const ATTRIBUTE_BYTES: usize = 320;
/// An association's text takes about this many times as long to print as
/// a model's of the same length (sorting the associations and their
/// accessors): measured on the 1,000-model benchmark, 1.1 ms for 1.6 MB of
/// associations, 1.2 ms for 3.1 MB of models.
const ASSOCIATION_COST: usize = 2;

fn model_bytes(m: &Model) -> usize {
    MODEL_BYTES + ATTRIBUTE_BYTES * m.attributes.len()
}

/// The `models` object's first share: its opening brace and the first
/// `cut` models of `order`.
fn first_share(schema: &super::schema::Schema, order: &[usize], cut: usize) -> String {
    models_text(schema, &order[..cut], Share::First)
}

/// The `models` object's second share: the models of `order` from `cut`
/// on, and its closing brace.
fn second_share(schema: &super::schema::Schema, order: &[usize], cut: usize) -> String {
    models_text(schema, &order[cut..], Share::Second { after: cut > 0 })
}

/// Which share of the `models` object a text is.
#[derive(Clone, Copy)]
enum Share {
    /// The opening brace and the first entries.
    First,
    /// The entries after the first share's (`after`: it has some), and
    /// the closing brace.
    Second { after: bool },
}

/// The entries of the `models` object for the models at `indices` (in the
/// order printed), as printed one level deep, as the `share` they are.
fn models_text(schema: &super::schema::Schema, indices: &[usize], share: Share) -> String {
    let mut w = Pretty::nested(1);
    let bytes: usize = indices
        .iter()
        .map(|&i| model_bytes(&schema.models[i]))
        .sum();
    w.out.reserve(bytes + 8);
    match share {
        Share::First => w.open('{'),
        Share::Second { after } => w.levels.push(after),
    }
    for &i in indices {
        let m = &schema.models[i];
        w.key(&m.name);
        model_text(&mut w, m);
    }
    if let Share::Second { .. } = share {
        w.close('}');
    }
    w.out
}

/// The indices of `items` in the order serde_json's maps print them (by
/// key), one per name: a later item of the same name replaces an earlier
/// one in such a map, so the last one wins here too.
fn by_name_last_wins<T>(items: &[T], name: impl Fn(&T) -> &str) -> Vec<usize> {
    let mut sorted: Vec<usize> = (0..items.len()).collect();
    // Stable: items of one name stay in their order.
    sorted.sort_by(|&x, &y| by_bytes(name(&items[x]), name(&items[y])));
    sorted.dedup_by(|later, earlier| {
        let same = name(&items[*later]) == name(&items[*earlier]);
        if same {
            std::mem::swap(later, earlier);
        }
        same
    });
    sorted
}

/// `x.cmp(y)` for strings, the first bytes compared first: most names
/// sorted here (accessors above all: `add…`, `count…`, `get…`) differ
/// there, and comparing them in place saves a call to compare the rest.
fn by_bytes(x: &str, y: &str) -> std::cmp::Ordering {
    x.as_bytes()
        .first()
        .cmp(&y.as_bytes().first())
        .then_with(|| x.cmp(y))
}

fn model_text(w: &mut Pretty, m: &Model) {
    w.open('{');
    w.field("attributes");
    w.open('{');
    for i in by_name_last_wins(&m.attributes, |a| &a.name) {
        let a = &m.attributes[i];
        w.key(&a.name);
        attribute_text(w, a);
    }
    w.close('}');
    w.field("primaryKeys");
    let mut primary_keys: Vec<&String> = m.primary_keys.iter().collect();
    primary_keys.sort();
    w.open('[');
    for k in primary_keys {
        w.item();
        w.string(k);
    }
    w.close(']');
    w.field("tableName");
    match &m.schema {
        Some(s) => w.string(&format!("\"{s}\".\"{}\"", m.table_name)),
        None => w.string(&m.table_name),
    }
    w.close('}');
}

fn attribute_text(w: &mut Pretty, a: &Attribute) {
    w.open('{');
    w.field("allowNull");
    w.raw(if a.allow_null { "true" } else { "false" });
    if a.auto_increment {
        w.field("autoIncrement");
        w.raw("true");
    }
    w.field("field");
    w.string(&a.field);
    if let Some(v) = &a.on_delete {
        w.field("onDelete");
        w.string(v);
    }
    if let Some(v) = &a.on_update {
        w.field("onUpdate");
        w.string(v);
    }
    w.field("primaryKey");
    w.raw(if a.primary_key { "true" } else { "false" });
    if let Some(r) = &a.references {
        w.field("references");
        w.open('{');
        w.field("key");
        w.string(&r.key);
        w.field("model");
        w.string(&r.model);
        w.close('}');
    }
    if a.data_type != "undefined" {
        w.field("type");
        w.string(&a.data_type);
    }
    match &a.unique {
        Some(Unique::Flag(b)) => {
            w.field("unique");
            w.raw(if *b { "true" } else { "false" });
        }
        Some(Unique::Named(n)) => {
            w.field("unique");
            w.string(n);
        }
        Some(Unique::Object(v)) => {
            w.field("unique");
            w.value(v);
        }
        None => {}
    }
    w.close('}');
}

/// serde_json's pretty printer, by hand: two-space indent, `"key": value`,
/// `{}` and `[]` when empty.
#[derive(Default)]
struct Pretty {
    out: String,
    /// Per open container: whether it has had an entry yet.
    levels: Vec<bool>,
}

impl Pretty {
    /// A writer for a value printed `depth` containers deep.
    fn nested(depth: usize) -> Pretty {
        Pretty {
            out: String::new(),
            levels: vec![true; depth],
        }
    }

    fn newline(&mut self) {
        // A line break and the indentation of up to 32 levels, copied in
        // one piece: the output has a line per property.
        const NEWLINE_SPACES: &str =
            "\n                                                                ";
        const SPACES: &str = "                                                                ";
        let mut width = 2 * self.levels.len();
        if let Some(line) = NEWLINE_SPACES.get(..1 + width) {
            self.out.push_str(line);
            return;
        }
        self.out.push('\n');
        while width > 0 {
            let step = width.min(SPACES.len());
            self.out.push_str(&SPACES[..step]);
            width -= step;
        }
    }

    /// Starts an entry of the innermost container (`,` and a new line).
    fn item(&mut self) {
        if let Some(had) = self.levels.last_mut() {
            if *had {
                self.out.push(',');
            }
            *had = true;
        }
        self.newline();
    }

    fn key(&mut self, key: &str) {
        self.item();
        self.string(key);
        self.out.push_str(": ");
    }

    /// [`Pretty::key`] for the schema's own property names, which need no
    /// escaping: most keys printed are these.
    fn field(&mut self, name: &'static str) {
        debug_assert!(!needs_escape(name.as_bytes()));
        self.item();
        self.out.reserve(name.len() + 4);
        self.out.push('"');
        self.out.push_str(name);
        self.out.push_str("\": ");
    }

    fn open(&mut self, bracket: char) {
        self.out.push(bracket);
        self.levels.push(false);
    }

    fn close(&mut self, bracket: char) {
        let had = self.levels.pop().unwrap_or(false);
        if had {
            self.newline();
        }
        self.out.push(bracket);
    }

    fn raw(&mut self, text: &str) {
        self.out.push_str(text);
    }

    fn string(&mut self, s: &str) {
        if !needs_escape(s.as_bytes()) {
            self.out.reserve(s.len() + 2);
            self.out.push('"');
            self.out.push_str(s);
            self.out.push('"');
        } else {
            self.out.push_str(&Json::from(s).to_string());
        }
    }

    fn value(&mut self, v: &Json) {
        match v {
            Json::Object(o) => {
                self.open('{');
                for (k, v) in o {
                    self.key(k);
                    self.value(v);
                }
                self.close('}');
            }
            Json::Array(items) => {
                self.open('[');
                for v in items {
                    self.item();
                    self.value(v);
                }
                self.close(']');
            }
            scalar => {
                let text = scalar.to_string();
                self.out.push_str(&text);
            }
        }
    }
}

/// Whether JSON must escape something in `bytes` (a `"`, a `\\` or a
/// control character), checked eight bytes at a time: most of the
/// output is names that need nothing.
fn needs_escape(bytes: &[u8]) -> bool {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    // Whether some byte of `v` is below `n` (n <= 0x80).
    let any_below = |v: u64, n: u8| v.wrapping_sub(ONES * u64::from(n)) & !v & HIGH != 0;
    let special = |chunk: &[u8; 8]| {
        let v = u64::from_le_bytes(*chunk);
        any_below(v, 0x20)
            || any_below(v ^ (ONES * u64::from(b'"')), 1)
            || any_below(v ^ (ONES * u64::from(b'\\')), 1)
    };
    let (chunks, rest) = bytes.as_chunks::<8>();
    if rest.is_empty() || chunks.is_empty() {
        return chunks.iter().any(special)
            || rest.iter().any(|&b| b < 0x20 || b == b'"' || b == b'\\');
    }
    // The last bytes as one more chunk, overlapping the one before.
    chunks.iter().any(special) || bytes.last_chunk::<8>().is_some_and(special)
}

#[cfg(test)]
mod tests {
    use super::{analyse_to_oracle_json, locale_compare, needs_escape, oracle_json_text};
    use crate::engine::{analyse_with, Options, Scope, SourceFile};

    #[test]
    fn the_json_printed_on_two_threads_is_the_json_printed_on_one() {
        let many: String = (0..40)
            .map(|i| format!("const M{i} = sequelize.define('M{i}', {{ title: DataTypes.STRING }});\nM{i}.hasMany(M{});\n", (i + 1) % 40))
            .collect();
        let programs = [
            // No models; one model and no association (all of it in the
            // first share); many models (split between the shares);
            // Sequelize throwing; a syntax error; models of one name.
            String::new(),
            "sequelize.define('Solo', { name: DataTypes.STRING });".to_string(),
            many,
            "A.hasOne(B, { sourceKey: 'nope' });".to_string(),
            "A.hasMany(B".to_string(),
            "sequelize.define('X', {}); sequelize.define('X', { a: DataTypes.INTEGER }); X.belongsTo(Y);".to_string(),
        ];
        for text in programs {
            let files = [SourceFile::new("m.js", text.clone())];
            for leak in [false, true] {
                let options = Options {
                    scope: Scope::Strict,
                    leak_working_state: leak,
                    generic_types: false,
                };
                let on_one = oracle_json_text(&analyse_with(&files, options));
                assert_eq!(
                    analyse_to_oracle_json(&files, options).concat(),
                    on_one,
                    "{text}"
                );
            }
        }
    }

    #[test]
    fn accents_and_ligatures_sort_as_node_sorts_them() {
        // Printed by Node 20 (ICU): words.sort((a, b) => a.localeCompare(b)).
        let icu = "á à ă â å ä ã ā aa ąa ab ae æ af ca ća ča ça cb e E é É è ê ë ea éa ěa eb ğ \
                   na ña nb ö ő ø œ omega oz ş sa ss Ss SS ß st ü ű za źa ża zeta Zeta Ωmega";
        let expected: Vec<&str> = icu.split_whitespace().collect();
        let mut words = expected.clone();
        words.reverse();
        words.sort_by(|a, b| locale_compare(a, b));
        assert_eq!(words, expected);
    }

    #[test]
    fn escapes_are_found_at_every_position() {
        let plain = "abcdefghijklmnopqrstuvwxyz0123456789 !#$%&'()*+,-./:;<=>?@[]^_`{|}~\u{7f}é→😀";
        assert!(!needs_escape(plain.as_bytes()));
        for special in ['"', '\\', '\n', '\t', '\u{0}', '\u{1f}'] {
            for at in 0..=plain.len().min(24) {
                let mut text = plain.as_bytes()[..at].to_vec();
                text.extend(special.to_string().bytes());
                text.extend(&plain.as_bytes()[at..]);
                assert!(needs_escape(&text), "{special:?} at {at}");
            }
        }
    }
}
