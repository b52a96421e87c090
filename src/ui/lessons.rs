//! The workshop's lessons, in teaching order: one-to-one up to the super
//! many-to-many, then the classic mistakes. Plain data, like
//! [`super::examples`]: a lesson is an example of the picker (by id) or
//! code of its own, with a paragraph saying what to watch.
//!
//! Every lesson's code is a fixture (`tests/fixtures/lessons/`), so the
//! real Sequelize's output for it is checked like any other: lessons of
//! their own are read from there, and `tests/workshop.rs` holds each
//! example-based lesson's copy there equal to the example.

use super::examples;

/// Where a lesson's code comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Code {
    /// An example of the picker, by id.
    Example(&'static str),
    /// The lesson's own code (its fixture's text).
    Own(&'static str),
}

/// Whether a lesson teaches a pattern or a mistake.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Pattern,
    Mistake,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Lesson {
    /// Stable id; also the fixture's name (`-` as `_`).
    pub id: &'static str,
    pub title: &'static str,
    pub kind: Kind,
    pub code: Code,
    pub explanation: &'static str,
}

impl Lesson {
    /// The lesson's code.
    pub fn code(&self) -> &'static str {
        match self.code {
            Code::Example(id) => examples::by_id(id).map_or("", |e| e.code),
            Code::Own(code) => code,
        }
    }
}

pub const LESSONS: [Lesson; 14] = [
    Lesson {
        id: "one-to-one",
        title: "One-to-one: hasOne and belongsTo",
        kind: Kind::Pattern,
        code: Code::Example("one-to-one"),
        explanation: "hasOne puts the foreign key on the other model, belongsTo on its own: both name Profile.UserId, so the second call finds the column there and only adds Profile's accessors. Watch which model gains the key at each step.",
    },
    Lesson {
        id: "one-to-many",
        title: "One-to-many: hasMany and belongsTo",
        kind: Kind::Pattern,
        code: Code::Own(include_str!("../../tests/fixtures/lessons/one_to_many.js")),
        explanation: "hasMany is hasOne with plural accessors: Team gains getPlayers, addPlayer, countPlayers… and Player the key TeamId. belongsTo then adds getTeam, setTeam and createTeam to Player, over the same key.",
    },
    Lesson {
        id: "many-to-many",
        title: "Many-to-many through a string",
        kind: Kind::Pattern,
        code: Code::Own(include_str!("../../tests/fixtures/lessons/many_to_many.js")),
        explanation: "belongsToMany with a `through` string creates a junction model of that name holding both keys, BookId and AuthorId, as its composite primary key. The second call names the same junction, so the two pair up and share it.",
    },
    Lesson {
        id: "through-model",
        title: "Many-to-many through a model of your own",
        kind: Kind::Pattern,
        code: Code::Example("many-to-many"),
        explanation: "When the junction is a model you defined, its own columns stay and belongsToMany adds the two keys to it. The junction's rows can then carry data about the pair: a grade, a date.",
    },
    Lesson {
        id: "aliases",
        title: "Aliases: as",
        kind: Kind::Pattern,
        code: Code::Example("aliases"),
        explanation: "`as` renames the accessors (getOwner) and, for belongsTo, the default key (ownerId); hasMany ignores it for the key, hence the explicit foreignKey. Two associations between the same models need two aliases.",
    },
    Lesson {
        id: "self",
        title: "A model associated with itself",
        kind: Kind::Pattern,
        code: Code::Example("self"),
        explanation: "A tree and a graph on one model: belongsTo with `as: 'parent'` makes parentId, hasMany over the same key gives the children, and a self many-to-many needs otherKey so that its two keys differ.",
    },
    Lesson {
        id: "custom-keys",
        title: "Custom keys: sourceKey and targetKey",
        kind: Kind::Pattern,
        code: Code::Example("custom-keys"),
        explanation: "Keys may reference another unique column than the primary key: the foreign key then takes that column's type. Watch the references of each new key.",
    },
    Lesson {
        id: "super-many-to-many",
        title: "Super many-to-many",
        kind: Kind::Pattern,
        code: Code::Own(include_str!("../../tests/fixtures/lessons/super_many_to_many.js")),
        explanation: "Sequelize's docs' pattern: the many-to-many both ways, and the junction also reachable as a model with hasMany and belongsTo from each side. The one-to-many calls add no column (the keys are there): only accessors, so that a query can include the junction itself.",
    },
    Lesson {
        id: "sequelize-cli",
        title: "sequelize-cli's associate",
        kind: Kind::Pattern,
        code: Code::Example("sequelize-cli"),
        explanation: "In a model file the calls run in `associate`, after every model is defined; models named there that no file defines are made with Sequelize's defaults. underscored: true changes the default keys to snake_case.",
    },
    Lesson {
        id: "two-foreign-keys",
        title: "Mistake: two foreign keys",
        kind: Kind::Mistake,
        code: Code::Example("two-foreign-keys"),
        explanation: "hasOne names its key otherId; the bare belongsTo makes its own default key, AId. B ends up with two keys to A, and the two associations read different columns. Give both calls the same foreignKey.",
    },
    Lesson {
        id: "belongs-to-reversed",
        title: "Mistake: belongsTo the wrong way round",
        kind: Kind::Mistake,
        code: Code::Own(include_str!("../../tests/fixtures/lessons/belongs_to_reversed.js")),
        explanation: "belongsTo puts the key on the model it is called on. Country.belongsTo(City) gives Country a CityId: each country points at one city. A city belongs to a country: City.belongsTo(Country).",
    },
    Lesson {
        id: "first-call-wins",
        title: "Mistake: options on the second call",
        kind: Kind::Mistake,
        code: Code::Own(include_str!("../../tests/fixtures/lessons/first_call_wins.js")),
        explanation: "The first call that creates a column fixes it; later calls only fill in what is missing. belongsTo runs first, so ProjectId keeps ON DELETE SET NULL and hasMany's CASCADE is never applied. Put the options on both calls, or on the first.",
    },
    Lesson {
        id: "unpaired-many-to-many",
        title: "Mistake: two junctions for one relation",
        kind: Kind::Mistake,
        code: Code::Own(include_str!("../../tests/fixtures/lessons/unpaired_many_to_many.js")),
        explanation: "The two sides of a many-to-many pair only when they name the same junction. PostTags and TagPosts are two tables: a tag added from a post is not seen from the tag.",
    },
    Lesson {
        id: "alias-used-twice",
        title: "Mistake: one alias, two associations",
        kind: Kind::Mistake,
        code: Code::Own(include_str!("../../tests/fixtures/lessons/alias_used_twice.js")),
        explanation: "An explicit alias names one association of a model. The second belongsTo reuses `author` and Sequelize throws at that call: the step shows its error, and what would have been built had it gone on.",
    },
];

/// The lesson with this id.
pub fn by_id(id: &str) -> Option<&'static Lesson> {
    LESSONS.iter().find(|l| l.id == id)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_unique_and_every_lesson_has_code() {
        for (i, a) in LESSONS.iter().enumerate() {
            assert!(LESSONS[i + 1..].iter().all(|b| b.id != a.id), "{}", a.id);
            assert!(!a.code().is_empty(), "{}", a.id);
        }
    }

    #[test]
    fn patterns_come_before_mistakes() {
        let first_mistake = LESSONS
            .iter()
            .position(|l| l.kind == Kind::Mistake)
            .expect("mistakes");
        assert!(LESSONS[first_mistake..]
            .iter()
            .all(|l| l.kind == Kind::Mistake));
    }
}
