//! The fixtures under tests/fixtures, shared by the test files that run
//! over all of them: a snippet `<group>/<case>.js` or a sequelize-cli
//! models folder `<group>/<case>/`, each with the oracle's JSON beside it.

// Each test file that includes this module uses part of it.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

use assoc_explorer::engine::SourceFile;
use serde_json::Value;

pub struct Fixture {
    pub name: String,
    pub files: Vec<SourceFile>,
    /// The files on disk, in the order of `files`.
    pub paths: Vec<PathBuf>,
    /// The oracle's output.
    pub expected: Value,
    /// The statements Sequelize's sync() issues (`<case>.ddl.sql`, from
    /// ddl.js), where Sequelize builds the models.
    pub expected_ddl: Option<String>,
}

fn collect(dir: &Path, out: &mut Vec<Fixture>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut entries: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    entries.sort();
    for path in entries {
        let expected_path = path.with_extension("json");
        if path.is_dir() {
            if expected_path.is_file() {
                let mut files: Vec<PathBuf> = std::fs::read_dir(&path)
                    .expect("fixture folder is readable")
                    .filter_map(|e| e.ok().map(|e| e.path()))
                    .filter(|p| p.extension().is_some_and(|e| e == "js"))
                    .collect();
                files.sort();
                out.push(load(&path, &files, &expected_path));
            } else {
                collect(&path, out);
            }
        } else if path.extension().is_some_and(|e| e == "js") && expected_path.is_file() {
            out.push(load(&path, std::slice::from_ref(&path), &expected_path));
        }
    }
}

fn load(path: &Path, files: &[PathBuf], expected: &Path) -> Fixture {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    Fixture {
        name: path
            .strip_prefix(&root)
            .unwrap_or(path)
            .display()
            .to_string(),
        files: files
            .iter()
            .map(|f| {
                let text = std::fs::read_to_string(f).expect("fixture is UTF-8");
                SourceFile::new(
                    f.file_name()
                        .map(|n| n.to_string_lossy().into_owned())
                        .unwrap_or_default(),
                    text,
                )
            })
            .collect(),
        paths: files.to_vec(),
        expected: serde_json::from_str(
            &std::fs::read_to_string(expected).expect("expected JSON is readable"),
        )
        .expect("expected JSON parses"),
        expected_ddl: std::fs::read_to_string(path.with_extension("ddl.sql")).ok(),
    }
}

pub fn fixtures() -> Vec<Fixture> {
    let mut out = Vec::new();
    collect(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures"),
        &mut out,
    );
    out
}
