//! libFuzzer target: the input, decoded as lossy UTF-8 (as `assoc` decodes
//! a file), is analysed as one file; a leading byte may split it into two
//! files (a models folder). The engine must return without panicking, with
//! every span (diagnostics, strict error, models, associations,
//! provenance) inside its file on character boundaries, every index
//! (models, junctions, pairs, replacements, provenance) pointing into the
//! schema, `oracle_json` serialising, and the text `assoc json` prints
//! being that same JSON. See docs/FUZZING.md.
#![no_main]

use assoc_explorer::engine::{
    self,
    oracle_json::{oracle_json, oracle_json_text},
    schema::AttributeOrigin,
    SourceFile, Span,
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

fuzz_target!(
    init: {
        // libfuzzer-sys aborts at every panic, before unwinding. The engine
        // contains a panic inside the parser (oxc; its debug assertions are
        // on in this build) and reports a diagnostic instead: let such a
        // panic unwind to it. One it did not contain would still abort at
        // the target's boundary.
        let abort = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            let in_parser = info
                .location()
                .is_some_and(|l| l.file().contains("/oxc_parser-"));
            if !in_parser {
                abort(info);
            }
        }));
    },
    |data: &[u8]| {
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
        let (n_models, n_assocs) = (schema.models.len(), schema.associations.len());
        for a in &schema.associations {
            check_span(&files, a.span, "association");
            assert!(a.source < n_models && a.target < n_models);
            assert!(
                a.through.is_none_or(|t| t < n_models),
                "{}: through",
                a.label
            );
            assert!(a.paired.is_none_or(|p| p < n_assocs), "{}: paired", a.label);
            assert!(
                a.replaced_by.is_none_or(|r| r < n_assocs),
                "{}: replaced_by",
                a.label
            );
        }
        for m in &schema.models {
            assert!(
                m.created_by.is_none_or(|a| a < n_assocs),
                "{} created by a missing association",
                m.name
            );
            for attr in &m.attributes {
                if let AttributeOrigin::Association { association, span } = attr.origin {
                    assert!(
                        association < n_assocs,
                        "{}.{} has a dangling provenance",
                        m.name,
                        attr.name
                    );
                    check_span(&files, span, "provenance");
                }
                assert!(
                    attr.touched_by.iter().all(|&a| a < n_assocs),
                    "{}.{} touched by a missing association",
                    m.name,
                    attr.name
                );
            }
        }
        let json = oracle_json(&analysis);
        assert!(
            json.get("models").is_some() || json.get("error").is_some(),
            "oracle_json has neither models nor error"
        );
        serde_json::to_writer(std::io::sink(), &json).expect("oracle_json serialises");
        // What `assoc json` prints: the same JSON, printed directly.
        let text = oracle_json_text(&analysis);
        let printed: serde_json::Value = serde_json::from_str(&text).expect("assoc json prints JSON");
        assert_eq!(printed, json, "assoc json prints what oracle_json builds");
        serde_json::to_writer(std::io::sink(), &analysis).expect("Analysis serialises");
    }
);
