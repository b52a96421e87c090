//! libFuzzer target: the input, decoded as lossy UTF-8 (as `assoc` decodes
//! a file), is analysed as one file; a leading byte may split it into two
//! files (a models folder). The engine must return without panicking, with
//! every span (diagnostics, strict error, models, associations) inside its
//! file on character boundaries, indices and provenance pointing into the
//! schema, and `oracle_json` must serialise. See docs/FUZZING.md.
#![no_main]

use assoc_explorer::engine::{
    self, oracle_json::oracle_json, schema::AttributeOrigin, SourceFile, Span,
};
use libfuzzer_sys::fuzz_target;

fn check_span(files: &[SourceFile], span: Span, what: &str) {
    let file = files
        .get(span.file as usize)
        .unwrap_or_else(|| panic!("{what}: span {span:?} in a missing file"));
    let (s, e) = (span.start as usize, span.end as usize);
    assert!(
        s <= e && e <= file.text.len(),
        "{what}: span {s}..{e} outside a file of {} bytes",
        file.text.len()
    );
    assert!(
        file.text.is_char_boundary(s) && file.text.is_char_boundary(e),
        "{what}: span {s}..{e} not on character boundaries"
    );
}

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data).into_owned();
    // A first byte of 0x01 splits the rest at its first 0x01 into two files.
    let files = match text
        .strip_prefix('\u{1}')
        .and_then(|t| t.split_once('\u{1}'))
    {
        Some((a, b)) => vec![SourceFile::new("a.js", a), SourceFile::new("b.js", b)],
        None => vec![SourceFile::new("input.js", text)],
    };
    let analysis = engine::analyse(&files);
    for d in &analysis.diagnostics {
        check_span(&files, d.span, &format!("diagnostic {:?}", d.kind));
    }
    if let Some(e) = &analysis.strict_error {
        check_span(&files, e.span, "strict error");
    }
    let schema = &analysis.schema;
    for m in &schema.models {
        check_span(&files, m.span, "model");
    }
    for a in &schema.associations {
        check_span(&files, a.span, "association");
        assert!(a.source < schema.models.len() && a.target < schema.models.len());
    }
    for m in &schema.models {
        for attr in &m.attributes {
            if let AttributeOrigin::Association { association, .. } = attr.origin {
                assert!(
                    association < schema.associations.len(),
                    "{}.{} has a dangling provenance",
                    m.name,
                    attr.name
                );
            }
        }
    }
    let json = serde_json::to_string(&oracle_json(&analysis)).expect("oracle_json serialises");
    assert!(json.starts_with('{'));
    serde_json::to_string(&analysis).expect("Analysis serialises");
});
