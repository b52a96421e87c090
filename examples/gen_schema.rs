//! Generates a deterministic Sequelize schema for benchmarks and fuzzing.
//!
//! ```sh
//! cargo run --release --example gen_schema -- N [SEED] > schema.js
//! ```
//!
//! prints a CommonJS snippet (the oracle's dialect: `sequelize`,
//! `DataTypes`, `Model` in scope) that defines `N` models, most with
//! `sequelize.define` and some as `class X extends Model {}` + `X.init`,
//! each with a few attributes (some a unique `code`, some a UUID primary
//! key; some models `underscored`, without timestamps, or with their own
//! table name), then about 2.5 associations per model: `hasOne`,
//! `belongsTo`, `hasMany` and `belongsToMany` with a string `through`
//! (half of them paired with the inverse), with explicit aliases, custom
//! foreign keys, `sourceKey`/`targetKey`, `onDelete` and `constraints`.
//!
//! It is built so that real Sequelize 6.37.8 accepts it: aliases are unique
//! per source model (explicit and default ones alike), keys name attributes
//! that exist and are unique, junction names never clash with a model, and
//! many-to-many associations are never self-associations.
//!
//! The same `N` and `SEED` always give the same text (a xorshift PRNG, no
//! dependencies). Benches include this file as a module and call
//! [`generate`].

use std::collections::HashSet;
use std::fmt::Write as _;

/// xorshift64*: tiny, deterministic, good enough to vary a schema.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        // Never zero (xorshift's fixed point); scramble small seeds.
        Rng((seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ 0xD1B5_4A32_D192_ED03) | 1)
    }

    pub fn next_u64(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// Uniform in `0..n` (`n > 0`).
    pub fn below(&mut self, n: usize) -> usize {
        // The modulo bias is irrelevant for n this small.
        // In u64, so that a 32-bit target (wasm) draws the same numbers.
        ((self.next_u64() >> 11) % n as u64) as usize
    }

    /// True with probability `percent`/100.
    pub fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }

    pub fn pick<'s, T>(&mut self, items: &'s [T]) -> &'s T {
        &items[self.below(items.len())]
    }
}

const PREFIXES: &[&str] = &[
    "Acme", "Blue", "Cedar", "Delta", "Ember", "Fjord", "Granite", "Harbor", "Iris", "Juniper",
    "Kestrel", "Lumen", "Maple", "Nova", "Onyx", "Pine", "Quartz", "River", "Sable", "Tundra",
];

/// Nouns with regular and irregular plurals, so that inflection's rules are
/// exercised (tables, default aliases, accessors, foreign keys).
const NOUNS: &[&str] = &[
    "Person",
    "Category",
    "Company",
    "Address",
    "Box",
    "Child",
    "Status",
    "Item",
    "Mouse",
    "Leaf",
    "Quiz",
    "Index",
    "Matrix",
    "Octopus",
    "Axis",
    "Hero",
    "Potato",
    "Bus",
    "Criterion",
    "Woman",
    "Tooth",
    "Goose",
    "Sheep",
    "Series",
    "Analysis",
    "Wolf",
    "Life",
    "User",
    "Invoice",
    "Tag",
];

/// Plain attributes a model may have (name, definition).
const ATTRIBUTES: &[(&str, &str)] = &[
    ("title", "DataTypes.STRING"),
    ("amount", "DataTypes.INTEGER"),
    (
        "active",
        "{ type: DataTypes.BOOLEAN, allowNull: false, defaultValue: true }",
    ),
    ("notes", "DataTypes.TEXT"),
    ("startsAt", "DataTypes.DATE"),
    ("rating", "DataTypes.FLOAT"),
    ("label", "{ type: DataTypes.STRING(64), allowNull: false }"),
    ("total", "DataTypes.BIGINT"),
];

/// Singular alias stems for hasOne/belongsTo.
const SINGULAR_ALIASES: &[&str] = &[
    "owner", "parent", "leader", "manager", "creator", "approver",
];
/// Plural alias stems for hasMany/belongsToMany (Sequelize singularizes them).
const PLURAL_ALIASES: &[&str] = &[
    "Entries", "Members", "Children", "People", "Boxes", "Statuses", "Items", "Leaves",
];

struct ModelSpec {
    name: String,
    /// Has a `code` attribute that is unique (usable as sourceKey/targetKey).
    has_code: bool,
    /// Defined as a class with `init` rather than `sequelize.define`.
    class_style: bool,
}

fn lower_first(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_lowercase().chain(c).collect(),
        None => String::new(),
    }
}

/// A key for the default alias of an association to `name`: the name
/// itself when singular, a marker for its plural otherwise, except for the
/// nouns inflection leaves alone (whose plural is the name itself).
fn default_alias_key(name: &str, singular: bool) -> String {
    if singular || name.ends_with("Sheep") || name.ends_with("Series") {
        name.to_string()
    } else {
        format!("<plural of {name}>")
    }
}

/// The schema for `n` models from `seed`, as JavaScript source text.
pub fn generate(n: usize, seed: u64) -> String {
    let mut rng = Rng::new(seed);
    let mut out = String::with_capacity(n * 700);
    let _ = writeln!(
        out,
        "// Generated by `cargo run --example gen_schema -- {n} {seed}`: {n} models, ~2.5 associations each."
    );
    let mut models = Vec::with_capacity(n);
    for i in 0..n {
        let name = format!("{}{}{}", rng.pick(PREFIXES), i, rng.pick(NOUNS));
        let uuid_pk = rng.chance(10);
        let has_code = rng.chance(25);
        let class_style = rng.chance(20);
        let mut attrs = Vec::new();
        if uuid_pk {
            attrs.push(
                "  uuid: { type: DataTypes.UUID, primaryKey: true, defaultValue: DataTypes.UUIDV4 },"
                    .to_string(),
            );
        }
        if has_code {
            attrs
                .push("  code: { type: DataTypes.STRING, unique: true, allowNull: false },".into());
        }
        let count = 1 + rng.below(3);
        let start = rng.below(ATTRIBUTES.len());
        for k in 0..count {
            let (attr, def) = ATTRIBUTES[(start + k) % ATTRIBUTES.len()];
            attrs.push(format!("  {attr}: {def},"));
        }
        let mut options = Vec::new();
        if rng.chance(20) {
            options.push("underscored: true".to_string());
        }
        if rng.chance(10) {
            options.push("timestamps: false".to_string());
        } else if rng.chance(5) {
            options.push("paranoid: true".to_string());
        }
        if rng.chance(10) {
            options.push(format!("tableName: 'tbl_{}'", name.to_lowercase()));
        }
        if class_style {
            options.push("sequelize".to_string());
            options.push(format!("modelName: '{name}'"));
            let _ = writeln!(out, "class {name} extends Model {{}}");
            let _ = writeln!(
                out,
                "{name}.init({{\n{}\n}}, {{ {} }});",
                attrs.join("\n"),
                options.join(", ")
            );
        } else {
            let opts = if options.is_empty() {
                String::new()
            } else {
                format!(", {{ {} }}", options.join(", "))
            };
            let _ = writeln!(
                out,
                "const {name} = sequelize.define('{name}', {{\n{}\n}}{opts});",
                attrs.join("\n")
            );
        }
        models.push(ModelSpec {
            name,
            has_code,
            class_style,
        });
    }
    out.push('\n');

    // Aliases in use per model: explicit ones and the defaults (the
    // target's name, singular or plural), which must not clash either.
    let mut aliases: Vec<HashSet<String>> = vec![HashSet::new(); n];
    let mut alias_counter = 0usize;
    let mut through_counter = 0usize;
    let mut fk_counter = 0usize;
    for i in 0..n {
        if n < 2 {
            break;
        }
        // 2.25 calls on average, plus the paired inverses of many-to-many
        // ones: about 2.5 associations per model.
        let count = 1 + rng.below(3) + usize::from(rng.chance(25));
        for _ in 0..count {
            let mut j = rng.below(n - 1);
            if j >= i {
                j += 1;
            }
            let self_assoc = rng.chance(4);
            let (s, t) = (&models[i], &models[if self_assoc { i } else { j }]);
            let kind = rng.below(100);
            let mut opts: Vec<String> = Vec::new();
            // Default aliases: the model name (singular), "<Name>s"-like
            // plural; an explicit alias is used whenever the default is
            // taken (or at random).
            let (method, singular) = match kind {
                0..=29 => ("hasMany", false),
                30..=59 => ("belongsTo", true),
                60..=74 => ("hasOne", true),
                _ => ("belongsToMany", false),
            };
            if self_assoc && method == "belongsToMany" {
                continue;
            }
            let default_alias = default_alias_key(&t.name, singular);
            let explicit = self_assoc || aliases[i].contains(&default_alias) || rng.chance(30);
            if explicit {
                alias_counter += 1;
                let alias = if singular {
                    format!("{}{}", rng.pick(SINGULAR_ALIASES), alias_counter)
                } else {
                    format!("aux{}{}", alias_counter, rng.pick(PLURAL_ALIASES))
                };
                aliases[i].insert(alias.clone());
                opts.push(format!("as: '{alias}'"));
            } else {
                aliases[i].insert(default_alias);
            }
            match method {
                "hasMany" | "hasOne" => {
                    if self_assoc || rng.chance(25) {
                        fk_counter += 1;
                        let fk = format!("{}Ref{}", lower_first(&s.name), fk_counter);
                        if rng.chance(30) {
                            opts.push(format!("foreignKey: {{ name: '{fk}', allowNull: true }}"));
                        } else {
                            opts.push(format!("foreignKey: '{fk}'"));
                        }
                    }
                    if s.has_code && rng.chance(40) {
                        opts.push("sourceKey: 'code'".to_string());
                    }
                }
                "belongsTo" => {
                    if self_assoc || rng.chance(25) {
                        fk_counter += 1;
                        opts.push(format!("foreignKey: 'link{fk_counter}Id'"));
                    }
                    if t.has_code && rng.chance(40) {
                        opts.push("targetKey: 'code'".to_string());
                    }
                }
                _ => {
                    through_counter += 1;
                    let through = format!("{}{}Link{}", s.name, t.name, through_counter);
                    opts.push(format!("through: '{through}'"));
                    let paired = rng.chance(50);
                    if !paired && rng.chance(20) {
                        fk_counter += 1;
                        opts.push(format!("foreignKey: 'left{fk_counter}Id'"));
                        opts.push(format!("otherKey: 'right{fk_counter}Id'"));
                    }
                    if rng.chance(15) {
                        opts.push("onDelete: 'CASCADE'".to_string());
                    }
                    let _ = writeln!(
                        out,
                        "{}.belongsToMany({}, {{ {} }});",
                        s.name,
                        t.name,
                        opts.join(", ")
                    );
                    if paired {
                        // The inverse over the same junction, on the target.
                        let inverse_default = default_alias_key(&s.name, false);
                        let ti = j;
                        let mut inv = vec![format!("through: '{through}'")];
                        if aliases[ti].contains(&inverse_default) {
                            alias_counter += 1;
                            let alias = format!("aux{}{}", alias_counter, rng.pick(PLURAL_ALIASES));
                            aliases[ti].insert(alias.clone());
                            inv.insert(0, format!("as: '{alias}'"));
                        } else {
                            aliases[ti].insert(inverse_default);
                        }
                        let _ = writeln!(
                            out,
                            "{}.belongsToMany({}, {{ {} }});",
                            t.name,
                            s.name,
                            inv.join(", ")
                        );
                    }
                    continue;
                }
            }
            if rng.chance(15) {
                opts.push(format!(
                    "onDelete: '{}'",
                    rng.pick(&["CASCADE", "SET NULL", "RESTRICT"])
                ));
            } else if rng.chance(5) {
                opts.push("constraints: false".to_string());
            }
            if opts.is_empty() {
                let _ = writeln!(out, "{}.{method}({});", s.name, t.name);
            } else {
                let _ = writeln!(
                    out,
                    "{}.{method}({}, {{ {} }});",
                    s.name,
                    t.name,
                    opts.join(", ")
                );
            }
        }
    }
    // Keep `class_style` meaningful for readers of the output: a trailing
    // count of each definition style.
    let classes = models.iter().filter(|m| m.class_style).count();
    let _ = writeln!(
        out,
        "// {} models via sequelize.define, {classes} via Model.init.",
        n - classes
    );
    out
}

#[allow(dead_code)]
fn main() {
    let mut args = std::env::args().skip(1);
    let n: usize = match args.next().map(|a| a.parse()) {
        Some(Ok(n)) => n,
        _ => {
            eprintln!("usage: gen_schema N [SEED]");
            std::process::exit(2);
        }
    };
    let seed: u64 = match args.next().map(|a| a.parse()) {
        None => 1,
        Some(Ok(s)) => s,
        Some(Err(_)) => {
            eprintln!("usage: gen_schema N [SEED]  (SEED: an unsigned integer)");
            std::process::exit(2);
        }
    };
    print!("{}", generate(n, seed));
}
