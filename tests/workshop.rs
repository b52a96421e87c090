//! The workshop's steps against the engine and the oracle: on every
//! fixture, each step is a valid program and the last step is the whole
//! analysis; some steps equal programs truncated by hand
//! (`tests/fixtures/steps/`, whose JSON is the oracle's); every lesson's
//! code is a fixture.

mod common;

use assoc_explorer::engine::{oracle_json::oracle_json, DiagnosticKind};
use assoc_explorer::ui::lessons::{self, Code};
use assoc_explorer::workshop::{change, steps};
use common::fixtures;
use serde_json::Value;

/// Associations as a set keyed by (source, as), as tests/fixtures.rs.
fn normalise(mut v: Value) -> Value {
    if let Some(list) = v.get_mut("associations").and_then(Value::as_array_mut) {
        list.sort_by_key(|a| (a["source"].to_string(), a["as"].to_string()));
    }
    v
}

#[test]
fn every_step_of_every_fixture_is_a_program_and_the_last_is_the_whole() {
    let all = fixtures();
    assert!(all.len() > 100);
    let mut stepped = 0;
    for f in &all {
        let s = steps(&f.files);
        let parsed_before = s
            .whole
            .diagnostics
            .iter()
            .any(|d| d.kind == DiagnosticKind::SyntaxError);
        for k in 0..s.len() {
            let state = s.state(k);
            // Blanking the later calls never breaks the program.
            if !parsed_before {
                assert!(
                    !state
                        .diagnostics
                        .iter()
                        .any(|d| d.kind == DiagnosticKind::SyntaxError),
                    "{} step {k}: {:?}",
                    f.name,
                    state.diagnostics
                );
            }
            // Never more calls than the step has.
            let mut sites: Vec<_> = state.association_calls.clone();
            sites.sort_unstable();
            sites.dedup();
            assert!(sites.len() <= k, "{} step {k}: {sites:?}", f.name);
            stepped += 1;
        }
        // The last step: the program with nothing blanked, the whole.
        let program = s.program(s.len());
        assert_eq!(program, f.files, "{}", f.name);
        let last = s.state(s.len());
        assert_eq!(
            normalise(oracle_json(&last)),
            normalise(f.expected.clone()),
            "{}",
            f.name
        );
        // And what it added is what the whole has over the step before.
        if !s.is_empty() {
            let _ = change::change(&s.state(s.len() - 1), &last);
        }
    }
    assert!(stepped > 300, "{stepped}");
}

/// `(fixture, k, the fixture truncated by hand after k calls)`.
const TRUNCATED: &[(&str, usize, &str)] = &[
    (
        "basic/one_to_many_pair.js",
        1,
        "steps/one_to_many_pair_1.js",
    ),
    (
        "cli/define_associate_function.js",
        1,
        "steps/define_associate_function_1.js",
    ),
    (
        "cli/class_static_associate.js",
        1,
        "steps/class_static_associate_1.js",
    ),
    (
        "lessons/super_many_to_many.js",
        0,
        "steps/super_many_to_many_0.js",
    ),
    (
        "lessons/super_many_to_many.js",
        2,
        "steps/super_many_to_many_2.js",
    ),
    (
        "lessons/super_many_to_many.js",
        4,
        "steps/super_many_to_many_4.js",
    ),
    (
        "lessons/first_call_wins.js",
        1,
        "steps/first_call_wins_1.js",
    ),
    (
        "lessons/alias_used_twice.js",
        1,
        "steps/alias_used_twice_1.js",
    ),
];

#[test]
fn a_step_is_what_sequelize_builds_from_the_program_cut_there() {
    let all = fixtures();
    let find = |name: &str| {
        all.iter()
            .find(|f| f.name == name)
            .unwrap_or_else(|| panic!("fixture {name}"))
    };
    for &(whole, k, cut) in TRUNCATED {
        let s = steps(&find(whole).files);
        assert!(k <= s.len(), "{whole}: {k} of {}", s.len());
        let got = normalise(oracle_json(&s.state(k)));
        assert_eq!(
            got,
            normalise(find(cut).expected.clone()),
            "{whole} step {k}"
        );
    }
    // Where the whole program throws, the steps before it do not.
    let s = steps(&find("lessons/alias_used_twice.js").files);
    assert_eq!(s.len(), 2);
    assert!(s.state(1).strict_error.is_none());
    assert!(change::change(&s.state(1), &s.state(2))
        .strict_error
        .is_some());
}

#[test]
fn every_lesson_is_a_fixture() {
    let all = fixtures();
    for lesson in &lessons::LESSONS {
        let name = match lesson.code {
            Code::Example(id) => format!("lessons/example_{}.js", id.replace('-', "_")),
            Code::Own(_) => format!("lessons/{}.js", lesson.id.replace('-', "_")),
        };
        let f = all
            .iter()
            .find(|f| f.name == name)
            .unwrap_or_else(|| panic!("{}: no fixture {name}", lesson.id));
        assert_eq!(f.files[0].text, lesson.code(), "{name}");
        let s = steps(&f.files);
        assert!(!s.is_empty(), "{}: no association call", lesson.id);
    }
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(64))]

    /// Any text: the steps and every state are computed without a panic,
    /// and blanking keeps the text's length and lines.
    #[test]
    fn steps_never_panic(parts in proptest::collection::vec(
        proptest::sample::select(vec![
            "A.hasMany(B);", "B.belongsTo(A, { as: 'x' });", "A.belongsToMany(B, { through: 'AB' });",
            "const A = sequelize.define('A', {});", "for (const m of [A, B]) m.hasOne(C);", "try {", "} catch (e) {", "}",
            "(", ")", "\n", "é", "A.hasOne(", "function f() { A.hasMany(C); }", "f(); f();", "x = A.hasMany(B).as;",
        ]),
        0..24,
    )) {
        let text: String = parts.concat();
        let files = [assoc_explorer::engine::SourceFile::new("input.js", text.clone())];
        let s = steps(&files);
        for k in 0..=s.len() {
            let p = s.program(k);
            proptest::prop_assert_eq!(p[0].text.len(), text.len());
            proptest::prop_assert_eq!(p[0].text.lines().count(), text.lines().count());
            let _ = s.state(k);
        }
    }
}
