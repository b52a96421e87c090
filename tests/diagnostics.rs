//! Diagnostics as a user meets them: for each snippet, exactly which
//! problems are reported, of what kind, at which line. Data-driven in the
//! style of rust-analyzer's `check(input, expected)` tests.

use assoc_explorer::engine::{self, DiagnosticKind, LineIndex, Severity, SourceFile};

/// The (severity, kind, line) of every diagnostic of `code`.
fn diagnostics(code: &str) -> Vec<(Severity, DiagnosticKind, u32)> {
    let files = [SourceFile::new("input.js", code)];
    let analysis = engine::analyse(&files);
    let index = LineIndex::new(code);
    analysis
        .diagnostics
        .iter()
        .map(|d| (d.severity, d.kind, index.line_col(code, d.span.start).line))
        .collect()
}

#[track_caller]
fn check(code: &str, expected: &[(Severity, DiagnosticKind, u32)]) {
    let mut got = diagnostics(code);
    let mut want = expected.to_vec();
    got.sort_by_key(|d| format!("{d:?}"));
    want.sort_by_key(|d| format!("{d:?}"));
    assert_eq!(got, want, "diagnostics of:\n{code}");
}

use DiagnosticKind as K;
use Severity::{Error as E, Info as I, Warning as W};

#[test]
fn the_brief_seed_example_warns_about_two_foreign_keys() {
    check(
        "A.hasOne(B, { onUpdate: 'SET NULL', onDelete: 'CASCADE', foreignKey: 'otherId', sourceKey: '', targetKey: '' });\nB.belongsTo(A);\n",
        &[(I, K::IgnoredOption, 1), (W, K::IgnoredOption, 1), (W, K::TwoForeignKeys, 2)],
    );
    let files = [SourceFile::new(
        "input.js",
        "A.hasOne(B, { foreignKey: 'otherId' });\nB.belongsTo(A);\n",
    )];
    let analysis = engine::analyse(&files);
    let b = analysis.schema.model("B").expect("B exists");
    assert!(
        b.attribute("otherId").is_some() && b.attribute("AId").is_some(),
        "B has both keys"
    );
    let message = &analysis
        .diagnostics
        .iter()
        .find(|d| d.kind == K::TwoForeignKeys)
        .expect("warned")
        .message;
    assert!(
        message.contains("otherId") && message.contains("AId"),
        "{message}"
    );
}

#[test]
fn unknown_source_key_is_an_error_at_line_one_and_the_key_still_appears() {
    let code = "Actor.hasOne(Role, { sourceKey: 'name', foreignKey: 'actorName' });\n";
    check(
        code,
        &[
            (E, K::SequelizeThrows, 1),
            (I, K::AssumedAttribute, 1),
            (I, K::MissingInverse, 1),
        ],
    );
    let analysis = engine::analyse(&[SourceFile::new("input.js", code)]);
    let strict = analysis.strict_error.as_ref().expect("Sequelize throws");
    assert_eq!(
        strict.message,
        "Unknown attribute \"name\" passed as sourceKey, define this attribute on model \"Actor\" first"
    );
    let role = analysis.schema.model("Role").expect("Role exists");
    let key = role.attribute("actorName").expect("Role gains actorName");
    assert_eq!(
        key.references
            .as_ref()
            .map(|r| (r.model.as_str(), r.key.as_str())),
        Some(("Actors", "name"))
    );
}

#[test]
fn has_many_with_unknown_source_key_explains_the_type_error() {
    let code = "Roles.hasMany(Costumes, { sourceKey: 'title', foreignKey: 'roleTitle' });\n";
    let analysis = engine::analyse(&[SourceFile::new("input.js", code)]);
    assert_eq!(
        analysis.strict_error.as_ref().map(|e| e.message.as_str()),
        Some("Cannot read properties of undefined (reading 'field')")
    );
    let d = analysis
        .diagnostics
        .iter()
        .find(|d| d.kind == K::SequelizeThrows)
        .expect("an error");
    assert!(
        d.message
            .contains("Unknown attribute \"title\" passed as sourceKey"),
        "{}",
        d.message
    );
    assert!(analysis
        .schema
        .model("Costumes")
        .and_then(|m| m.attribute("roleTitle"))
        .is_some());
}

#[test]
fn ignored_and_misspelled_options_point_at_the_option() {
    check(
        "Post.belongsTo(User, { sourceKey: 'uuid' });\nUser.hasMany(Post);\n",
        &[(W, K::IgnoredOption, 1)],
    );
    check(
        "User.hasMany(Post, {\n  foreignkey: 'authorId',\n});\nPost.belongsTo(User);\n",
        &[(W, K::UnknownOption, 2)],
    );
    check(
        "User.hasMany(Post, { targetKey: 'id' });\nPost.belongsTo(User);\n",
        &[(W, K::IgnoredOption, 1)],
    );
    let d = engine::analyse(&[SourceFile::new(
        "input.js",
        "User.hasMany(Post, { foreign_key: 'x' });\nPost.belongsTo(User);\n",
    )]);
    let unknown = d
        .diagnostics
        .iter()
        .find(|d| d.kind == K::UnknownOption)
        .expect("reported");
    assert_eq!(unknown.help.as_deref(), Some("Did you mean `foreignKey`?"));
}

#[test]
fn default_alias_replacement_warns() {
    check(
        "User.hasMany(Post);\nUser.hasMany(Post, { foreignKey: 'writerId' });\nPost.belongsTo(User, { foreignKey: 'writerId' });\n",
        &[(W, K::AliasReplaced, 2)],
    );
}

#[test]
fn unpaired_belongs_to_many_over_one_junction_warns() {
    check(
        "const ET = sequelize.define('ET', {});\nEmployee.belongsToMany(Task, { through: 'ET' });\nTask.belongsToMany(Employee, { through: ET });\n",
        &[(W, K::UnpairedBelongsToMany, 3)],
    );
}

#[test]
fn association_without_inverse_is_an_info() {
    check(
        "Organization.hasMany(Employee);\n",
        &[(I, K::MissingInverse, 1)],
    );
    check(
        "Organization.hasMany(Employee);\nEmployee.belongsTo(Organization);\n",
        &[],
    );
}

#[test]
fn syntax_errors_are_reported_and_the_rest_still_analysed() {
    let code = "A.hasMany(B);\nB.belongsTo(A;\n";
    let analysis = engine::analyse(&[SourceFile::new("input.js", code)]);
    let d = analysis
        .diagnostics
        .iter()
        .find(|d| d.kind == K::SyntaxError)
        .expect("syntax error");
    assert_eq!(LineIndex::new(code).line_col(code, d.span.start).line, 2);
    assert!(analysis.strict_error.is_some());
}

#[test]
fn code_the_engine_does_not_follow_is_said_not_guessed() {
    // JavaScript throws a ReferenceError; the association is then not shown,
    // and the engine says why rather than guessing a model.
    check(
        "A.hasMany(getModel());\n",
        &[(E, K::SequelizeThrows, 1), (I, K::Unsupported, 1)],
    );
    check(
        "const B = makeModel();\nA.hasMany(B);\n",
        &[(E, K::SequelizeThrows, 1), (I, K::Unsupported, 2)],
    );
    check(
        "function setup() {\n  A.hasMany(B);\n}\n",
        &[(I, K::NeverRun, 2)],
    );
}

#[test]
fn throws_inside_try_are_caught_as_in_javascript() {
    let analysis = engine::analyse(&[SourceFile::new(
        "input.js",
        "try {\n  A.hasMany(B, { through: 'AB' });\n} catch (e) {}\nA.hasMany(C);\nC.belongsTo(A);\n",
    )]);
    assert!(analysis.strict_error.is_none());
    assert!(analysis
        .schema
        .model("C")
        .and_then(|m| m.attribute("AId"))
        .is_some());
}

#[test]
fn endless_loops_and_recursion_stop_with_a_diagnostic() {
    check("while (true) {}\n", &[(E, K::TooLarge, 1)]);
    check(
        "function f() { return f(); }\nf();\n",
        &[(E, K::TooLarge, 1)],
    );
}

#[test]
fn the_first_association_to_create_a_column_fixes_it() {
    check(
        "Task.belongsTo(Project);\nProject.hasMany(Task, { onDelete: 'CASCADE' });\n",
        &[(W, K::FirstCreatorWins, 2)],
    );
    // The other order: hasMany creates the column with CASCADE, no warning.
    check(
        "Project.hasMany(Task, { onDelete: 'CASCADE' });\nTask.belongsTo(Project);\n",
        &[],
    );
}

#[test]
fn legacy_class_methods_are_flagged() {
    check(
        "const User = sequelize.define('User', {}, {\n  classMethods: { associate(models) { User.hasMany(models.Post); } },\n});\n",
        &[(W, K::IgnoredOption, 2), (I, K::NeverRun, 2)],
    );
}

#[test]
fn columns_added_through_a_model_defined_again_keep_their_provenance() {
    // `User` is defined again after its association ran: Sequelize drops
    // the earlier class from `sequelize.models` (so the oracle lists no
    // such association) but `Task.UserId` and the junction's `PostId`
    // stay, and must name the calls that added them, not whatever
    // association ends up at the same index.
    let code = "var U1 = sequelize.define('User', {});\n\
                const Task = sequelize.define('Task', {});\n\
                U1.hasMany(Task);\n\
                var P1 = sequelize.define('Post', {});\n\
                P1.belongsToMany(Task, { through: 'post_tasks' });\n\
                const U2 = sequelize.define('User', { name: DataTypes.STRING });\n\
                const P2 = sequelize.define('Post', {});\n\
                Task.hasOne(U2, { as: 'owner' });\n";
    let analysis = engine::analyse(&[SourceFile::new("input.js", code)]);
    let schema = &analysis.schema;
    let created_by = |model: &str, attribute: &str| {
        let attr = schema
            .model(model)
            .and_then(|m| m.attribute(attribute))
            .unwrap_or_else(|| panic!("{model}.{attribute} exists"));
        match attr.origin {
            engine::schema::AttributeOrigin::Association { association, .. } => {
                &schema.associations[association]
            }
            ref other => panic!("{model}.{attribute} comes from {other:?}"),
        }
    };
    let has_many = created_by("Task", "UserId");
    assert_eq!(has_many.label, "U1.hasMany(Task)");
    assert!(has_many.source_redefined);
    assert_eq!(schema.models[has_many.source].name, "User");
    let junction = created_by("post_tasks", "PostId");
    assert!(junction.label.starts_with("P1.belongsToMany(Task"));
    assert!(junction.source_redefined);
    assert_eq!(
        created_by("User", "ownerId").label,
        "Task.hasOne(U2, { as: 'owner' })"
    );
    // Only the association of a registered model is live, as the oracle
    // prints it.
    let live: Vec<&str> = schema
        .live_associations()
        .map(|a| a.label.as_str())
        .collect();
    assert_eq!(live, ["Task.hasOne(U2, { as: 'owner' })"]);
    assert!(
        has_kind(&analysis, K::ModelRedefined),
        "the redefinition is reported"
    );
}

fn has_kind(analysis: &engine::Analysis, kind: DiagnosticKind) -> bool {
    analysis.diagnostics.iter().any(|d| d.kind == kind)
}

#[test]
fn syntax_error_spans_cover_whole_characters() {
    // Found by the no-panic suite: oxc labels an unterminated template that
    // ends in a multi-byte character from inside that character.
    for code in ["`${}\u{2028}", "`${}é", "`${}😀", "x = `${a}日本"] {
        let analysis = engine::analyse(&[SourceFile::new("input.js", code)]);
        assert!(has_kind(&analysis, K::SyntaxError), "{code:?}");
        for d in &analysis.diagnostics {
            let (s, e) = (d.span.start as usize, d.span.end as usize);
            assert!(
                s <= e && e <= code.len() && code.is_char_boundary(s) && code.is_char_boundary(e),
                "{code:?}: {:?} at {s}..{e}",
                d.message
            );
        }
    }
}

#[test]
fn a_panic_inside_the_parser_is_contained() {
    // Found by the fuzzer: oxc 0.146's error recovery trips one of its debug
    // assertions on a pure annotation before a statement that fails to
    // parse. Builds with debug assertions (tests among them) must not
    // panic; release builds report the syntax error itself.
    for code in [
        "//#__PURE__\n:",
        "/* #__PURE__ */ :",
        "A.hasMany(B);\n//#__PURE__\n:",
    ] {
        let analysis = engine::analyse(&[SourceFile::new("input.js", code)]);
        assert!(has_kind(&analysis, K::SyntaxError), "{code:?}");
        assert!(analysis.strict_error.is_some(), "{code:?}");
    }
    // The other files of a models folder are still analysed.
    let analysis = engine::analyse(&[
        SourceFile::new("a.js", "//#__PURE__\n:"),
        SourceFile::new("b.js", "const B = sequelize.define('B', {});"),
    ]);
    assert!(analysis.schema.model("B").is_some());
}

#[test]
fn a_key_referencing_a_column_that_is_not_unique_warns() {
    // PostgreSQL refuses the table holding such a key (scripts/sql-postgres.sh
    // loads tests/fixtures/mistakes/source_key_not_unique.js to prove it).
    check(
        "const Team = sequelize.define('Team', { code: DataTypes.STRING });\n\
         Team.hasMany(Player, { foreignKey: 'teamCode', sourceKey: 'code' });",
        &[(W, K::NotUniqueKey, 2), (I, K::MissingInverse, 2)],
    );
    check(
        "const Team = sequelize.define('Team', { code: { type: DataTypes.STRING, unique: true } });\n\
         Team.hasMany(Player, { foreignKey: 'teamCode', sourceKey: 'code' });",
        &[(I, K::MissingInverse, 2)],
    );
}

#[test]
fn a_key_whose_type_postgres_cannot_compare_warns_at_the_call() {
    // keyType UUID against an INTEGER id: the call that made the key.
    check(
        "Tenant.hasMany(Invoice, { keyType: DataTypes.UUID });\n\
         Invoice.belongsTo(Tenant, { keyType: DataTypes.UUID });",
        &[(W, K::KeyTypeMismatch, 1)],
    );
    // A declared column keeps its own type; the first call that made it a
    // foreign key is blamed.
    check(
        "const Book = sequelize.define('Book', { authorId: DataTypes.STRING });\n\
         Book.belongsTo(Author, { foreignKey: 'authorId' });\n\
         Author.hasMany(Book, { foreignKey: 'authorId' });",
        &[(W, K::KeyTypeMismatch, 2), (I, K::ImplicitNotNull, 2)],
    );
    // Types PostgreSQL compares: a BIGINT key to an INTEGER id, a string
    // key to a string key.
    check(
        "const Book = sequelize.define('Book', { authorId: DataTypes.BIGINT });\n\
         Book.belongsTo(Author, { foreignKey: 'authorId' });\n\
         Author.hasMany(Book, { foreignKey: 'authorId' });",
        &[(I, K::ImplicitNotNull, 2)],
    );
    // Each ENUM column is a type of its own: never comparable.
    check(
        "const Code = sequelize.define('Code', { value: { type: DataTypes.ENUM('a'), primaryKey: true } });\n\
         const Use = sequelize.define('Use', { codeValue: DataTypes.ENUM('a') });\n\
         Use.belongsTo(Code, { foreignKey: 'codeValue' });\n\
         Code.hasMany(Use, { foreignKey: 'codeValue' });",
        &[(W, K::KeyTypeMismatch, 3), (I, K::ImplicitNotNull, 3)],
    );
}
