//! The quiz on a step: what the call adds, hidden; the learner's
//! prediction (the foreign key's name, the model holding it, the junction
//! and its other key for a belongsToMany, a few accessors), graded against
//! what Sequelize named them, exactly (names are case-sensitive in
//! Sequelize, so they are here).

use crate::engine::schema::AssociationKind;
use crate::engine::{Analysis, Span};

/// What the call built: the answer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Answer {
    pub kind: AssociationKind,
    pub foreign_key: String,
    /// The model whose table holds the key: belongsTo's source,
    /// hasOne's and hasMany's target, belongsToMany's junction.
    pub holder: String,
    /// A belongsToMany's junction model, and its table when that is
    /// named otherwise.
    pub junction: Option<String>,
    pub junction_table: Option<String>,
    /// A belongsToMany's key for the target, on the junction.
    pub other_key: Option<String>,
    /// The source model's new methods.
    pub accessors: Vec<String>,
}

/// The learner's prediction, as typed.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Prediction {
    pub foreign_key: String,
    pub holder: String,
    pub junction: String,
    pub other_key: String,
    /// Method names separated by commas or spaces (`()` allowed).
    pub accessors: String,
}

/// Each prediction, right or wrong.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Grade {
    pub foreign_key: bool,
    pub holder: bool,
    /// For a belongsToMany only.
    pub junction: Option<bool>,
    pub other_key: Option<bool>,
    /// Each accessor named, and whether the model has it.
    pub accessors: Vec<(String, bool)>,
    /// The accessors it has that were not named.
    pub missed: Vec<String>,
}

impl Grade {
    /// Right answers and questions asked (each accessor named counts).
    pub fn score(&self) -> (usize, usize) {
        let mut right = usize::from(self.foreign_key) + usize::from(self.holder);
        let mut asked = 2;
        for g in [self.junction, self.other_key].into_iter().flatten() {
            right += usize::from(g);
            asked += 1;
        }
        right += self.accessors.iter().filter(|(_, ok)| *ok).count();
        asked += self.accessors.len();
        (right, asked)
    }
}

/// What the call at `call` built in `after` (the state after its step):
/// its first run's association. None where it built none (it threw).
pub fn answer(after: &Analysis, call: Span) -> Option<Answer> {
    let schema = &after.schema;
    let a = schema.associations.iter().find(|a| a.span == call)?;
    let name = |id: usize| schema.models.get(id).map(|m| m.name.clone());
    let through = a.through.and_then(|t| schema.models.get(t));
    let holder = match a.kind {
        AssociationKind::BelongsTo => name(a.source)?,
        AssociationKind::HasOne | AssociationKind::HasMany => name(a.target)?,
        AssociationKind::BelongsToMany => through?.name.clone(),
    };
    Some(Answer {
        kind: a.kind,
        foreign_key: a.foreign_key.clone(),
        holder,
        junction: through.map(|t| t.name.clone()),
        junction_table: through
            .filter(|t| t.table_name != t.name)
            .map(|t| t.table_name.clone()),
        other_key: a.other_key.clone(),
        accessors: a.accessors.iter().map(|x| x.name.clone()).collect(),
    })
}

/// Grades `p` against `answer`: exact names, surrounding spaces ignored.
pub fn grade(answer: &Answer, p: &Prediction) -> Grade {
    let junction = answer.junction.as_ref().map(|j| {
        let typed = p.junction.trim();
        typed == j || answer.junction_table.as_deref() == Some(typed)
    });
    let mut named: Vec<String> = Vec::new();
    for word in p
        .accessors
        .split(|c: char| c == ',' || c.is_whitespace())
        .map(|w| w.trim().trim_end_matches("()"))
        .filter(|w| !w.is_empty())
    {
        if !named.iter().any(|n| n == word) {
            named.push(word.to_string());
        }
    }
    Grade {
        foreign_key: p.foreign_key.trim() == answer.foreign_key,
        holder: p.holder.trim() == answer.holder,
        junction,
        other_key: answer.other_key.as_ref().map(|k| p.other_key.trim() == k),
        missed: answer
            .accessors
            .iter()
            .filter(|a| !named.contains(a))
            .cloned()
            .collect(),
        accessors: named
            .into_iter()
            .map(|n| {
                let ok = answer.accessors.contains(&n);
                (n, ok)
            })
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::SourceFile;
    use crate::workshop::steps;

    fn answer_of(text: &str, k: usize) -> Answer {
        let s = steps(&[SourceFile::new("input.js", text)]);
        answer(&s.state(k), s.calls[k - 1].span).expect("an association")
    }

    #[test]
    fn belongs_to_keeps_the_key_on_its_source() {
        let a = answer_of(
            "const Employee = sequelize.define('Employee', {});\nconst Organization = sequelize.define('Organization', {});\nEmployee.belongsTo(Organization);\n",
            1,
        );
        assert_eq!(a.foreign_key, "OrganizationId");
        assert_eq!(a.holder, "Employee");
        assert_eq!(a.junction, None);
        let g = grade(
            &a,
            &Prediction {
                foreign_key: " OrganizationId ".into(),
                holder: "Organization".into(),
                accessors: "getOrganization(), setorganization, getOrganization".into(),
                ..Prediction::default()
            },
        );
        assert!(g.foreign_key);
        assert!(!g.holder);
        assert_eq!(g.junction, None);
        assert_eq!(
            g.accessors,
            [
                ("getOrganization".to_string(), true),
                ("setorganization".to_string(), false)
            ]
        );
        assert_eq!(g.missed, ["setOrganization", "createOrganization"]);
        assert_eq!(g.score(), (2, 4));
    }

    #[test]
    fn belongs_to_many_asks_for_the_junction_and_both_keys() {
        let a = answer_of(
            "const Book = sequelize.define('Book', {});\nconst Author = sequelize.define('Author', {});\nBook.belongsToMany(Author, { through: 'BookAuthors' });\n",
            1,
        );
        assert_eq!(a.holder, "BookAuthors");
        assert_eq!(a.other_key.as_deref(), Some("AuthorId"));
        let g = grade(
            &a,
            &Prediction {
                foreign_key: "BookId".into(),
                holder: "BookAuthors".into(),
                junction: "BookAuthors".into(),
                other_key: "authorId".into(),
                accessors: "getAuthors addAuthor".into(),
            },
        );
        assert_eq!(g.junction, Some(true));
        assert_eq!(g.other_key, Some(false));
        assert_eq!(g.score(), (5, 6));
    }

    #[test]
    fn has_many_ignores_as_for_the_key() {
        let a = answer_of(
            "const Shop = sequelize.define('Shop', {});\nconst Item = sequelize.define('Item', {});\nShop.hasMany(Item, { as: 'listings' });\n",
            1,
        );
        assert_eq!(a.foreign_key, "ShopId");
        assert_eq!(a.holder, "Item");
        assert!(a.accessors.contains(&"getListings".to_string()));
    }

    #[test]
    fn a_call_that_threw_has_no_answer() {
        let s = steps(&[SourceFile::new(
            "input.js",
            "const A = sequelize.define('A', {});\nA.hasMany(42);\n",
        )]);
        assert_eq!(s.len(), 1);
        assert!(answer(&s.state(1), s.calls[0].span).is_none());
    }
}
