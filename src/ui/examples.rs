//! The worked examples of the picker: one per pattern people ask about.
//! Plain data; the picker and the tests read it.

/// One worked example.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Example {
    /// Stable id, used in the picker.
    pub id: &'static str,
    /// What the picker shows.
    pub title: &'static str,
    pub code: &'static str,
}

/// The example a first visit shows.
pub const FIRST: &Example = &EXAMPLES[1];

pub const EXAMPLES: [Example; 8] = [
    Example {
        id: "one-to-one",
        title: "One-to-one (hasOne + belongsTo)",
        code: r#"const User = sequelize.define('User', {
  name: DataTypes.STRING,
});
const Profile = sequelize.define('Profile', {
  bio: DataTypes.TEXT,
});

// hasOne puts the foreign key on the *other* model: Profile.UserId.
User.hasOne(Profile);
// belongsTo puts it on *this* model: the same Profile.UserId,
// so the pair agrees and Profile gains one key.
Profile.belongsTo(User);
"#,
    },
    Example {
        id: "one-to-many",
        title: "One-to-many and many-to-many",
        code: r#"const Organization = sequelize.define('Organization', {
  name: DataTypes.STRING,
});
const Employee = sequelize.define('Employee', {
  name: DataTypes.STRING,
});
const Task = sequelize.define('Task', {
  title: DataTypes.STRING,
});

// One-to-many: Employee gains OrganizationId.
Organization.hasMany(Employee);
Employee.belongsTo(Organization);

// Many-to-many: a junction model, EmployeeTasks, holds both keys.
Employee.belongsToMany(Task, { through: 'EmployeeTasks' });
Task.belongsToMany(Employee, { through: 'EmployeeTasks' });
"#,
    },
    Example {
        id: "many-to-many",
        title: "Many-to-many through a model with extra columns",
        code: r#"const Student = sequelize.define('Student', {
  name: DataTypes.STRING,
});
const Course = sequelize.define('Course', {
  title: DataTypes.STRING,
});
// The junction as a model of its own: its columns stay, and
// belongsToMany adds the two keys as a composite primary key.
const Enrollment = sequelize.define('Enrollment', {
  grade: DataTypes.INTEGER,
  enrolledAt: DataTypes.DATE,
});

Student.belongsToMany(Course, { through: Enrollment });
Course.belongsToMany(Student, { through: Enrollment });
"#,
    },
    Example {
        id: "custom-keys",
        title: "Custom keys (sourceKey, targetKey)",
        code: r#"// sourceKey and targetKey must name attributes that exist and are
// unique: Sequelize throws otherwise.
const Actor = sequelize.define('Actor', {
  name: { type: DataTypes.STRING, unique: true },
  wardrobe: { type: DataTypes.STRING, unique: true },
});
const Role = sequelize.define('Role', {
  title: { type: DataTypes.STRING, unique: true },
});
const Costume = sequelize.define('Costume', {
  name: { type: DataTypes.STRING, unique: true },
});

Actor.hasOne(Role, { sourceKey: 'name', foreignKey: 'actorName' });
Role.belongsTo(Actor, { targetKey: 'name', foreignKey: 'actorName' });
Role.hasMany(Costume, { sourceKey: 'title', foreignKey: 'roleTitle' });
Costume.belongsToMany(Actor, {
  through: 'actor_costumes',
  sourceKey: 'name',
  targetKey: 'wardrobe',
});
"#,
    },
    Example {
        id: "aliases",
        title: "Aliases (as)",
        code: r#"const User = sequelize.define('User', {
  name: DataTypes.STRING,
});
const Project = sequelize.define('Project', {
  title: DataTypes.STRING,
});

// `as` renames the accessors (getOwner) and the default key (ownerId).
Project.belongsTo(User, { as: 'owner' });
User.hasMany(Project, { as: 'ownedProjects', foreignKey: 'ownerId' });

// A second association between the same pair needs its own alias.
Project.belongsToMany(User, { as: 'members', through: 'ProjectMembers' });
User.belongsToMany(Project, { as: 'memberships', through: 'ProjectMembers' });
"#,
    },
    Example {
        id: "self",
        title: "Self-association",
        code: r#"const Person = sequelize.define('Person', {
  name: DataTypes.STRING,
});

// A tree: each person may have a parent, and many children.
Person.belongsTo(Person, { as: 'parent' });
Person.hasMany(Person, { as: 'children', foreignKey: 'parentId' });

// A graph: friendships between people, in a junction of their own.
Person.belongsToMany(Person, {
  as: 'friends',
  through: 'Friendships',
  otherKey: 'friendId',
});
"#,
    },
    Example {
        id: "two-foreign-keys",
        title: "Mistake: two foreign keys",
        code: r#"const A = sequelize.define('A', {});
const B = sequelize.define('B', {});

// hasOne names the key otherId; belongsTo, without options, makes its
// own key AId. B ends up with two foreign keys to A.
A.hasOne(B, {
  onUpdate: 'SET NULL',
  onDelete: 'CASCADE',
  foreignKey: 'otherId',
  sourceKey: '',
  targetKey: '',
});
B.belongsTo(A);
"#,
    },
    Example {
        id: "sequelize-cli",
        title: "A sequelize-cli model file",
        code: r#"'use strict';
const { Model } = require('sequelize');

module.exports = (sequelize, DataTypes) => {
  class Invoice extends Model {
    /**
     * Called by models/index.js once every model is defined.
     */
    static associate(models) {
      Invoice.belongsTo(models.Customer, {
        foreignKey: 'customerId',
        onDelete: 'CASCADE',
      });
      Invoice.hasMany(models.LineItem, { as: 'lines' });
    }
  }
  Invoice.init({
    number: { type: DataTypes.STRING, allowNull: false, unique: true },
    total: DataTypes.DECIMAL(10, 2),
    paidAt: DataTypes.DATE,
  }, {
    sequelize,
    modelName: 'Invoice',
    underscored: true,
  });
  return Invoice;
};
"#,
    },
];

/// The example with this id.
pub fn by_id(id: &str) -> Option<&'static Example> {
    EXAMPLES.iter().find(|e| e.id == id)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::{analyse, Severity, SourceFile};

    #[test]
    fn every_example_analyses_without_a_sequelize_error() {
        for example in &EXAMPLES {
            let analysis = analyse(&[SourceFile::new("input.js", example.code)]);
            assert!(
                analysis.strict_error.is_none(),
                "{}: {:?}",
                example.id,
                analysis.strict_error
            );
            assert!(
                !analysis.schema.associations.is_empty(),
                "{} has associations",
                example.id
            );
            let errors: Vec<_> = analysis
                .diagnostics
                .iter()
                .filter(|d| d.severity == Severity::Error)
                .collect();
            assert!(errors.is_empty(), "{}: {errors:?}", example.id);
        }
    }

    #[test]
    fn the_mistake_example_is_flagged() {
        let code = by_id("two-foreign-keys").expect("exists").code;
        let analysis = analyse(&[SourceFile::new("input.js", code)]);
        let b = analysis.schema.model("B").expect("B");
        assert!(b.attribute("otherId").is_some() && b.attribute("AId").is_some());
        assert!(analysis
            .diagnostics
            .iter()
            .any(|d| d.kind == crate::engine::DiagnosticKind::TwoForeignKeys));
    }

    #[test]
    fn ids_are_unique() {
        for (i, a) in EXAMPLES.iter().enumerate() {
            assert!(EXAMPLES[i + 1..].iter().all(|b| b.id != a.id), "{}", a.id);
        }
    }
}
