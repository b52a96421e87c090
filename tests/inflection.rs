//! inflection 1.13.4 as Sequelize uses it: every row of
//! tests/inflection/expected.tsv was produced by the real library
//! (`node scripts/inflection-expected.js`); the port must agree on all.

use assoc_explorer::engine::inflection::{pluralize, singularize, underscore};

#[test]
fn port_agrees_with_the_real_library_on_every_word() {
    let table = include_str!("inflection/expected.tsv");
    let mut rows = 0;
    let mut mismatches = Vec::new();
    for line in table.lines().skip(1) {
        let cols: Vec<&str> = line.split('\t').collect();
        let [word, plural, singular, underscored] = cols[..] else {
            panic!("malformed row: {line:?}");
        };
        rows += 1;
        for (what, got, want) in [
            ("pluralize", pluralize(word), plural),
            ("singularize", singularize(word), singular),
            ("underscore", underscore(word), underscored),
        ] {
            if got != want {
                mismatches.push(format!(
                    "{what}({word:?}) = {got:?}, inflection says {want:?}"
                ));
            }
        }
    }
    assert!(rows > 1000, "the table has {rows} rows");
    assert!(
        mismatches.is_empty(),
        "{} mismatches:\n{}",
        mismatches.len(),
        mismatches.join("\n")
    );
}

#[test]
fn arbitrary_strings_never_panic() {
    let alphabet = [
        'a', 'S', 's', 'y', 'e', 'x', '_', ':', '-', ' ', 'é', '😀', 'İ', 'ß', '\u{0}', 'Q', 'u',
    ];
    let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
    for _ in 0..20_000 {
        let mut word = String::new();
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        let len = (state % 12) as usize;
        for i in 0..len {
            let pick = ((state >> (i * 4)) as usize) % alphabet.len();
            word.push(alphabet[pick]);
        }
        let _ = (pluralize(&word), singularize(&word), underscore(&word));
    }
}
