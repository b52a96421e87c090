// Code the tests paste into the editor, as a user would.

/** One-to-many and many-to-many (the first acceptance case). */
export const ONE_TO_MANY = `const Organization = sequelize.define('Organization', {
  name: DataTypes.STRING,
});
const Employee = sequelize.define('Employee', {
  name: DataTypes.STRING,
});
const Task = sequelize.define('Task', {
  title: DataTypes.STRING,
});

Organization.hasMany(Employee);
Employee.belongsTo(Organization);

Employee.belongsToMany(Task, { through: 'EmployeeTasks' });
Task.belongsToMany(Employee, { through: 'EmployeeTasks' });
`;

/** hasOne names the key otherId, belongsTo makes AId: B gets both. */
export const TWO_FOREIGN_KEYS = `const A = sequelize.define('A', {});
const B = sequelize.define('B', {});
A.hasOne(B, { foreignKey: 'otherId' });
B.belongsTo(A);
`;
/** 1-based line of the call the two-foreign-keys diagnostic points at. */
export const TWO_FOREIGN_KEYS_LINE = 4;

/** A sourceKey that Actor never defines: Sequelize throws on line 1. */
export const UNDEFINED_SOURCE_KEY = `Actor.hasOne(Role, { sourceKey: 'name', foreignKey: 'actorName' })`;

/** What each example of the picker must show: models, and one telling attribute. */
export const EXAMPLES = {
  'one-to-one': { models: ['User', 'Profile'], gained: ['Profile', 'UserId'] },
  'one-to-many': {
    models: ['Organization', 'Employee', 'Task', 'EmployeeTasks'],
    gained: ['Employee', 'OrganizationId'],
  },
  'many-to-many': { models: ['Student', 'Course', 'Enrollment'], gained: ['Enrollment', 'StudentId'] },
  'custom-keys': { models: ['Actor', 'Role', 'Costume', 'actor_costumes'], gained: ['Costume', 'roleTitle'] },
  aliases: { models: ['User', 'Project', 'ProjectMembers'], gained: ['Project', 'ownerId'] },
  self: { models: ['Person', 'Friendships'], gained: ['Person', 'parentId'] },
  'two-foreign-keys': { models: ['A', 'B'], gained: ['B', 'otherId'] },
  'sequelize-cli': { models: ['Invoice', 'Customer', 'LineItem'], gained: ['LineItem', 'InvoiceId'] },
};
