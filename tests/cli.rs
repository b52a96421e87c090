//! The `assoc` command line, run in-process on files written to a
//! temporary folder.

use std::path::PathBuf;

use assoc_explorer::cli;

fn write(name: &str, text: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("assoc-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let path = dir.join(name);
    std::fs::write(&path, text).expect("write fixture");
    path
}

fn run(args: &[&str]) -> (u8, String, String) {
    let args: Vec<String> = args.iter().map(|s| (*s).to_string()).collect();
    let (mut out, mut err) = (Vec::new(), Vec::new());
    let code = cli::run(&args, &mut out, &mut err);
    (
        code,
        String::from_utf8(out).expect("utf-8"),
        String::from_utf8(err).expect("utf-8"),
    )
}

#[test]
fn json_prints_the_oracle_schema() {
    let path = write(
        "one_to_many.js",
        "Organization.hasMany(Employee);\nEmployee.belongsTo(Organization);\n",
    );
    let (code, out, _) = run(&["json", path.to_str().expect("path")]);
    assert_eq!(code, 0);
    let v: serde_json::Value = serde_json::from_str(&out).expect("JSON");
    assert_eq!(v["ok"], true);
    let fk = &v["models"]["Employee"]["attributes"]["OrganizationId"];
    assert_eq!(fk["references"]["model"], "Organizations");
    assert_eq!(fk["onDelete"], "SET NULL");
    assert_eq!(v["associations"].as_array().map(Vec::len), Some(2));
}

#[test]
fn json_prints_the_first_throw() {
    let path = write("throws.js", "A.hasMany(B, { through: 'AB' });\n");
    let (code, out, _) = run(&["json", path.to_str().expect("path")]);
    assert_eq!(code, 0);
    let v: serde_json::Value = serde_json::from_str(&out).expect("JSON");
    assert_eq!(v["ok"], false);
    assert_eq!(
        v["error"],
        "N:M associations are not supported with hasMany. Use belongsToMany instead"
    );
}

#[test]
fn check_prints_located_diagnostics_with_a_frame_and_fails_on_errors() {
    let path = write(
        "actor.js",
        "Actor.hasOne(Role, { sourceKey: 'name', foreignKey: 'actorName' });\n",
    );
    let p = path.to_str().expect("path");
    let (code, out, _) = run(&["check", p]);
    assert_eq!(code, 1, "{out}");
    assert!(
        out.contains(&format!(
            "{p}:1:1: error: Unknown attribute \"name\" passed as sourceKey"
        )),
        "{out}"
    );
    assert!(out.contains("1 | Actor.hasOne(Role"), "{out}");
    assert!(out.contains("= help:"), "{out}");

    let ok = write("ok.js", "A.hasMany(B);\nB.belongsTo(A);\n");
    let (code, out, _) = run(&["check", ok.to_str().expect("path")]);
    assert_eq!(code, 0, "{out}");
    assert!(
        out.ends_with("0 error(s), 0 warning(s), 0 info(s)\n"),
        "{out}"
    );
}

#[test]
fn several_files_are_one_models_folder() {
    let user = write(
        "user.js",
        "module.exports = (sequelize, DataTypes) => {\n  const User = sequelize.define('User', { name: DataTypes.STRING });\n  User.associate = (models) => { User.hasMany(models.Post); };\n  return User;\n};\n",
    );
    let post = write(
        "post.js",
        "module.exports = (sequelize, DataTypes) => {\n  const Post = sequelize.define('Post', { title: DataTypes.STRING });\n  Post.associate = (models) => { Post.belongsTo(models.User); };\n  return Post;\n};\n",
    );
    let (code, out, _) = run(&[
        "json",
        user.to_str().expect("path"),
        post.to_str().expect("path"),
    ]);
    assert_eq!(code, 0);
    let v: serde_json::Value = serde_json::from_str(&out).expect("JSON");
    assert_eq!(
        v["models"]["Post"]["attributes"]["UserId"]["references"]["model"],
        "Users"
    );
    assert_eq!(
        v["models"]["Post"]["attributes"]["title"]["type"],
        "VARCHAR(255)"
    );
}

#[test]
fn usage_and_io_problems_exit_two() {
    assert_eq!(run(&[]).0, 2);
    assert_eq!(run(&["frobnicate", "x.js"]).0, 2);
    assert_eq!(run(&["json"]).0, 2);
    let (code, _, err) = run(&["json", "/nonexistent/models.js"]);
    assert_eq!(code, 2);
    assert!(err.contains("cannot read"), "{err}");
    let (code, out, _) = run(&["--help"]);
    assert_eq!(code, 0);
    assert!(out.contains("json FILE"), "{out}");
}

#[test]
fn layout_prints_nodes_and_edges_in_the_page_units() {
    let path = write(
        "layout.js",
        "Organization.hasMany(Employee);\nEmployee.belongsTo(Organization);\n\
         Employee.belongsToMany(Task, { through: 'EmployeeTasks' });\n",
    );
    let p = path.to_str().expect("path");
    let (code, out, _) = run(&["layout", "--json", p]);
    assert_eq!(code, 0);
    let v: serde_json::Value = serde_json::from_str(&out).expect("JSON");
    let ids: Vec<&str> = v["nodes"]
        .as_array()
        .expect("nodes")
        .iter()
        .map(|n| n["id"].as_str().expect("id"))
        .collect();
    assert_eq!(ids, ["Organization", "Employee", "Task", "EmployeeTasks"]);
    for n in v["nodes"].as_array().expect("nodes") {
        for k in ["x", "y", "width", "height"] {
            assert!(n[k].as_f64().is_some_and(|x| x >= 0.0), "{n}");
        }
    }
    let edges = v["edges"].as_array().expect("edges");
    assert_eq!(edges.len(), 3, "{out}");
    assert_eq!(edges[0]["id"], "Employee.OrganizationId->Organization");
    assert_eq!(edges[0]["source"], "Employee", "the holder of the key");
    assert_eq!(edges[0]["target"], "Organization");
    assert!(edges[0]["points"].as_array().is_some_and(|p| p.len() >= 2));

    // Collapsed: no junction, one m:n edge.
    let (code, out, _) = run(&["layout", "--collapse", p]);
    assert_eq!(code, 0);
    let v: serde_json::Value = serde_json::from_str(&out).expect("JSON");
    assert_eq!(v["nodes"].as_array().map(Vec::len), Some(3));
    assert_eq!(v["edges"].as_array().map(Vec::len), Some(2));

    let (code, _, err) = run(&["layout", "--svg", p]);
    assert_eq!(code, 2);
    assert!(err.contains("unknown option `--svg`"), "{err}");
}

#[test]
fn svg_prints_a_standalone_drawing_of_every_model() {
    let path = write(
        "svg.js",
        "Organization.hasMany(Employee);\nEmployee.belongsTo(Organization);\n\
         Employee.belongsToMany(Task, { through: 'EmployeeTasks' });\n",
    );
    let p = path.to_str().expect("path");
    let (code, out, _) = run(&["svg", p]);
    assert_eq!(code, 0);
    assert!(
        out.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\""),
        "{out}"
    );
    assert!(out.contains("<style>"), "styled on its own");
    for model in ["Organization", "Employee", "Task", "EmployeeTasks"] {
        assert!(out.contains(&format!("data-model=\"{model}\"")), "{model}");
    }
    assert_eq!(out.matches("data-edge=").count(), 3);
    // Each line names the call that made its key.
    assert!(
        out.contains("<title>Employee.belongsToMany(Task, { through: &#39;EmployeeTasks&#39; })"),
        "{out}"
    );
    let (code, collapsed, _) = run(&["svg", "--collapse", p]);
    assert_eq!(code, 0);
    assert!(!collapsed.contains("data-model=\"EmployeeTasks\""));
    let (code, _, err) = run(&["svg", "--json", p]);
    assert_eq!(code, 2);
    assert!(err.contains("assoc svg: unknown option `--json`"), "{err}");
}

#[test]
fn sql_prints_the_statements_of_sync_for_each_dialect() {
    let path = write(
        "sql.js",
        "const Org = sequelize.define('Org', { kind: DataTypes.ENUM('a', 'b') });\nOrg.hasMany(Employee);\n",
    );
    let p = path.to_str().expect("path");
    let (code, out, err) = run(&["sql", p]);
    assert_eq!((code, err.as_str()), (0, ""));
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 3, "{out}");
    assert!(lines[0].starts_with("DO 'BEGIN CREATE TYPE \"public\".\"enum_Orgs_kind\""));
    assert!(lines[1].starts_with("CREATE TABLE IF NOT EXISTS \"Orgs\""));
    assert!(lines[2].contains("\"OrgId\" INTEGER REFERENCES \"Orgs\" (\"id\")"));
    let (code, out, _) = run(&["sql", "--dialect", "mysql", p]);
    assert_eq!(code, 0);
    assert!(out.contains("ENGINE=InnoDB;") && out.contains("ENUM('a', 'b')"));
    let (code, out, _) = run(&["sql", "--dialect", "sqlite", p]);
    assert_eq!(code, 0);
    assert!(out.contains("`id` INTEGER PRIMARY KEY AUTOINCREMENT"));
}

#[test]
fn sql_reports_what_sequelize_throws_and_exits_one() {
    let path = write("sql_throws.js", "A.hasMany(B, { through: 'AB' });\n");
    let (code, out, err) = run(&["sql", path.to_str().expect("path")]);
    assert_eq!((code, out.as_str()), (1, ""));
    assert!(
        err.contains("sql_throws.js:1:1: error: N:M associations are not supported with hasMany"),
        "{err}"
    );
}

#[test]
fn sql_warns_about_a_key_the_database_refuses() {
    let path = write(
        "sql_refused.js",
        "Tenant.hasMany(Invoice, { keyType: DataTypes.UUID });\n",
    );
    let (code, out, err) = run(&["sql", path.to_str().expect("path")]);
    assert_eq!(code, 0);
    assert!(
        out.contains("\"TenantId\" UUID REFERENCES \"Tenants\""),
        "{out}"
    );
    assert!(
        err.contains("sql_refused.js:1:1: warning: Invoice.TenantId is UUID but references Tenant.id, which is INTEGER"),
        "{err}"
    );
}

#[test]
fn sql_refuses_an_unknown_dialect() {
    let path = write("sql_dialect.js", "A.hasMany(B);\n");
    let p = path.to_str().expect("path");
    let (code, _, err) = run(&["sql", "--dialect", "oracle", p]);
    assert_eq!(code, 2);
    assert!(err.contains("unknown dialect `oracle`"), "{err}");
    assert_eq!(run(&["sql", "--dialect"]).0, 2);
    assert_eq!(run(&["sql", "--frob", p]).0, 2);
}

#[test]
fn seed_prints_the_same_rows_for_a_seed_as_json_or_inserts() {
    let f = write(
        "seed_basic.js",
        "const User = sequelize.define('User', { email: { type: DataTypes.STRING, unique: true } });\n\
         const Post = sequelize.define('Post', { title: DataTypes.STRING });\n\
         User.hasMany(Post);\nPost.belongsTo(User);\n",
    );
    let path = f.to_str().expect("utf-8 path");
    let (code, json, _) = run(&["seed", "--seed", "3", "--rows", "2", path]);
    assert_eq!(code, 0);
    let v: serde_json::Value = serde_json::from_str(&json).expect("JSON");
    assert_eq!(v["seed"], 3);
    assert_eq!(v["tables"]["Users"].as_array().map(Vec::len), Some(2));
    assert_eq!(run(&["seed", "--seed", "3", "--rows", "2", path]).1, json);
    let (code, sql, _) = run(&["seed", "--format", "sql", "--dialect", "sqlite", path]);
    assert_eq!(code, 0);
    assert!(sql.starts_with("INSERT INTO `Users`"), "{sql}");
    assert_eq!(run(&["seed", "--format", "xml", path]).0, 2);
}

#[test]
fn destroy_prints_what_the_database_does_or_its_refusal() {
    let f = write(
        "destroy.js",
        "const Organization = sequelize.define('Organization', {});\n\
         const Employee = sequelize.define('Employee', {});\n\
         const Task = sequelize.define('Task', {});\n\
         const Audit = sequelize.define('Audit', {}, { paranoid: true });\n\
         Organization.hasMany(Employee, { onDelete: 'CASCADE' });\n\
         Employee.hasMany(Task);\n\
         Organization.hasMany(Audit, { onDelete: 'RESTRICT' });\n",
    );
    let path = f.to_str().expect("utf-8 path");
    let mut changes = 0;
    let mut refusals = 0;
    for key in 1..=5 {
        let record = format!("Organization#{key}");
        let (code, out, _) = run(&["destroy", "--record", &record, "--rows", "6", path]);
        let v: serde_json::Value = serde_json::from_str(&out).expect("JSON");
        if v["ok"] == true {
            assert_eq!(code, 0);
            assert_eq!(v["record"], record.as_str());
            assert_eq!(v["soft"], false);
            for removed in v["removed"].as_array().expect("removed") {
                let label = removed.as_str().expect("a label");
                assert!(label.starts_with("Employee#"), "{out}");
                assert_eq!(
                    v["because"][label],
                    "Employees.OrganizationId ON DELETE CASCADE"
                );
            }
            for cleared in v["cleared"].as_array().expect("cleared") {
                assert_eq!(cleared["column"], "EmployeeId", "{out}");
                assert_eq!(cleared["value"], serde_json::Value::Null);
            }
            changes += 1;
        } else {
            assert_eq!(code, 1);
            assert_eq!(
                v["error"],
                "update or delete on table \"Organizations\" violates foreign key constraint \"Audits_OrganizationId_fkey\" on table \"Audits\""
            );
            assert_eq!(
                v["detail"],
                format!("Key (id)=({key}) is still referenced from table \"Audits\".")
            );
            refusals += 1;
        }
    }
    assert!(changes > 0 && refusals > 0, "{changes} {refusals}");
    let (code, out, _) = run(&["destroy", "--record", "Audit#1", path]);
    assert_eq!(code, 0);
    assert!(out.contains("\"soft\":true,\"removed\":[]"), "{out}");
    let (code, out, _) = run(&["destroy", "--record", "Audit#99", path]);
    assert_eq!((code, out.contains("\"ok\":false")), (1, true));
    assert_eq!(run(&["destroy", path]).0, 2);
    let (code, lines, _) = run(&["destroy", "--sample", "2", path]);
    assert_eq!(code, 0);
    assert!(lines.contains("Organizations\t1\t"), "{lines}");
}

#[test]
fn mermaid_prints_an_er_diagram_of_every_model_and_key() {
    let path = write(
        "mermaid.js",
        "Organization.hasMany(Employee);\nEmployee.belongsTo(Organization);\n\
         Employee.belongsToMany(Task, { through: 'EmployeeTasks' });\n",
    );
    let (code, out, err) = run(&["mermaid", path.to_str().expect("path")]);
    assert_eq!((code, err.as_str()), (0, ""));
    assert!(out.starts_with("erDiagram\n"), "{out}");
    for model in ["Organization", "Employee", "Task", "EmployeeTasks"] {
        assert!(
            out.contains(&format!("\n    {model} {{\n")),
            "{model}: {out}"
        );
    }
    assert_eq!(
        out.matches("--").count(),
        3,
        "one line per foreign key: {out}"
    );
    assert!(out.contains(
        "    Organization |o--o{ Employee : \"Organization.hasMany(Employee); Employee.belongsTo(Organization)\"\n"
    ));
}

#[test]
fn dbml_prints_tables_and_references() {
    let path = write(
        "dbml.js",
        "Organization.hasMany(Employee, { onDelete: 'CASCADE' });\n\
         Employee.belongsToMany(Task, { through: 'EmployeeTasks' });\n",
    );
    let (code, out, err) = run(&["dbml", path.to_str().expect("path")]);
    assert_eq!((code, err.as_str()), (0, ""));
    for table in ["Organizations", "Employees", "Tasks", "EmployeeTasks"] {
        assert!(
            out.contains(&format!("Table \"{table}\" {{\n")),
            "{table}: {out}"
        );
    }
    assert_eq!(out.matches("\nRef: ").count(), 3, "{out}");
    assert!(out.contains(
        "Ref: \"Employees\".\"OrganizationId\" > \"Organizations\".\"id\" [delete: cascade, update: cascade]\n"
    ));
}

#[test]
fn mermaid_and_dbml_report_what_sequelize_throws_and_exit_one() {
    let path = write("export_throws.js", "A.hasMany(B, { through: 'AB' });\n");
    for command in ["mermaid", "dbml"] {
        let (code, out, err) = run(&[command, path.to_str().expect("path")]);
        assert_eq!((code, out.as_str()), (1, ""), "{command}");
        assert!(
            err.contains("export_throws.js:1:1: error: N:M associations are not supported"),
            "{command}: {err}"
        );
    }
}

/// A PNG's width and height, from its IHDR chunk.
fn png_size(bytes: &[u8]) -> (u32, u32) {
    assert!(bytes.starts_with(b"\x89PNG\r\n\x1a\n"), "not a PNG");
    assert_eq!(&bytes[12..16], b"IHDR");
    let be = |b: &[u8]| u32::from_be_bytes([b[0], b[1], b[2], b[3]]);
    (be(&bytes[16..20]), be(&bytes[20..24]))
}

#[test]
fn png_prints_the_svg_drawing_as_an_image() {
    let path = write(
        "png.js",
        "Organization.hasMany(Employee);\nEmployee.belongsTo(Organization);\n",
    );
    let p = path.to_str().expect("path");
    let (_, svg, _) = run(&["svg", p]);
    let number = |attr: &str| -> f64 {
        let start = svg.find(&format!(" {attr}=\"")).expect(attr) + attr.len() + 3;
        let end = start + svg[start..].find('"').expect("quote");
        svg[start..end].parse().expect("number")
    };
    let (width, height) = (number("width"), number("height"));
    let size = |scale: f64| {
        (
            (width * scale).ceil() as u32,
            (height * scale).ceil() as u32,
        )
    };

    let args: Vec<String> = ["png", p].iter().map(|s| (*s).to_string()).collect();
    let (mut out, mut err) = (Vec::new(), Vec::new());
    assert_eq!(cli::run(&args, &mut out, &mut err), 0);
    assert_eq!(png_size(&out), size(1.0));

    let file = std::env::temp_dir().join(format!("assoc-cli-{}-2x.png", std::process::id()));
    let f = file.to_str().expect("path");
    let (code, out, _) = run(&["png", "--scale", "2", "-o", f, "--collapse", p]);
    assert_eq!((code, out.as_str()), (0, ""));
    let bytes = std::fs::read(&file).expect("the -o file");
    assert_eq!(png_size(&bytes), size(2.0));
    let _ = std::fs::remove_file(&file);

    for bad in [
        &["png", "--scale", "0", p][..],
        &["png", "--scale", p],
        &["png", "-o"],
    ] {
        let (code, _, err) = run(bad);
        assert_eq!(code, 2, "{bad:?}");
        assert!(err.contains("assoc png: "), "{err}");
    }
    let (code, _, err) = run(&["png", "-o", "/nonexistent/dir/x.png", p]);
    assert_eq!(code, 2);
    assert!(err.contains("cannot write /nonexistent/dir/x.png"), "{err}");
}

#[test]
fn help_lists_the_exports() {
    let (code, out, _) = run(&["--help"]);
    assert_eq!(code, 0);
    for command in [
        "svg [--collapse]",
        "png [--collapse] [--scale N]",
        "mermaid FILE",
        "dbml FILE",
        "sql [--dialect",
    ] {
        assert!(out.contains(command), "{command}: {out}");
    }
}

#[test]
fn walk_prints_each_records_getters_with_their_sql_and_related_records() {
    let path = write(
        "walk.js",
        "Organization.hasMany(Employee);\nEmployee.belongsTo(Organization);\n\
         Employee.belongsToMany(Task, { through: 'EmployeeTasks' });\n\
         Task.belongsToMany(Employee, { through: 'EmployeeTasks' });\n",
    );
    let p = path.to_str().expect("path");
    let (code, out, _) = run(&["walk", "--seed", "3", "--rows", "2", p]);
    assert_eq!(code, 0);
    let lines: Vec<serde_json::Value> = out
        .lines()
        .map(|l| serde_json::from_str(l).expect("a JSON line"))
        .collect();
    let first = &lines[0];
    assert_eq!(first["record"], "Organization#1");
    assert_eq!(first["accessor"], "getEmployees");
    assert_eq!(
        first["sql"],
        "SELECT \"id\", \"createdAt\", \"updatedAt\", \"OrganizationId\" FROM \"Employees\" AS \"Employee\" WHERE \"Employee\".\"OrganizationId\" = 1;"
    );
    let tasks = lines
        .iter()
        .find(|l| l["accessor"] == "getTasks")
        .expect("a getTasks step");
    assert!(tasks["sql"]
        .as_str()
        .expect("sql")
        .contains(" INNER JOIN \"EmployeeTasks\" AS \"EmployeeTasks\" ON "));
    // Every related record is named as a record line names it.
    let records: std::collections::HashSet<&str> =
        lines.iter().filter_map(|l| l["record"].as_str()).collect();
    for l in &lines {
        for r in l["related"].as_array().expect("related") {
            assert!(records.contains(r.as_str().expect("label")), "{r}");
        }
    }
    // The same seed, the same walk.
    assert_eq!(run(&["walk", "--seed", "3", "--rows", "2", p]).1, out);
    let (code, _, err) = run(&["walk", "--format", "sql", p]);
    assert_eq!(code, 2, "{err}");
}

#[test]
fn eager_prints_the_call_and_the_nested_instances() {
    let path = write(
        "eager.js",
        "Organization.hasMany(Employee, { as: 'employees' });\nEmployee.belongsTo(Organization);\n\
         Employee.hasMany(Task);\n",
    );
    let p = path.to_str().expect("path");
    let (code, out, err) = run(&[
        "eager",
        "--model",
        "Organization",
        "--include",
        "employees(Tasks)",
        "--rows",
        "3",
        p,
    ]);
    assert_eq!(code, 0, "{err}");
    let (call, json) = out.split_once('\n').expect("two lines");
    assert_eq!(
        call,
        "// Organization.findAll({ include: [{ model: Employee, as: 'employees', include: [Task] }] })"
    );
    let v: serde_json::Value = serde_json::from_str(json).expect("JSON");
    assert_eq!(v.as_array().map(Vec::len), Some(3));
    assert!(v[0]["employees"].is_array());
    let (code, _, err) = run(&["eager", "--model", "Organization", "--include", "staff", p]);
    assert_eq!(code, 2);
    assert!(err.contains("no association named `staff`"), "{err}");
    assert_eq!(run(&["eager", p]).0, 2);
}

#[test]
fn seed_and_rows_need_a_whole_number_in_every_seeded_command() {
    let path = write(
        "seed_options.js",
        "Organization.hasMany(Employee);\nEmployee.belongsTo(Organization);\n",
    );
    let p = path.to_str().expect("path");
    for command in ["seed", "walk", "eager"] {
        for (flag, value) in [("--seed", "-1"), ("--rows", "2.5"), ("--rows", "many")] {
            let (code, out, err) = run(&[command, flag, value, p]);
            assert_eq!((code, out.as_str()), (2, ""), "{err}");
            let message = format!("assoc {command}: {flag} needs a value (a whole number)\n\n");
            assert!(err.starts_with(&message), "{err}");
        }
        let (code, _, err) = run(&[command, "--seed"]);
        assert_eq!(code, 2);
        assert!(
            err.starts_with(&format!(
                "assoc {command}: --seed needs a value (a whole number)\n"
            )),
            "{err}"
        );
    }
    for (flag, value) in [("--seed", "-1"), ("--rows", "2.5")] {
        let (code, out, err) = run(&["destroy", "--record", "Organization#1", flag, value, p]);
        assert_eq!((code, out.as_str()), (2, ""), "{err}");
        assert!(
            err.starts_with(&format!("assoc destroy: {flag} needs a value\n\n")),
            "{err}"
        );
    }
    let (code, _, err) = run(&["destroy", "--record", "Organization#1", "--rows"]);
    assert_eq!(code, 2);
    assert!(
        err.starts_with("assoc destroy: --rows needs a value\n\n"),
        "{err}"
    );
    // The same options, well formed, are taken by each command.
    for command in ["seed", "walk"] {
        assert_eq!(run(&[command, "--seed", "7", "--rows", "1", p]).0, 0);
    }
    let eager = [
        "eager",
        "--model",
        "Organization",
        "--seed",
        "7",
        "--rows",
        "1",
        p,
    ];
    assert_eq!(run(&eager).0, 0);
    let destroy = [
        "destroy",
        "--seed",
        "7",
        "--rows",
        "1",
        "--record",
        "Employee#1",
        p,
    ];
    assert_eq!(run(&destroy).0, 0);
}
