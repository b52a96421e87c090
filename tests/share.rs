//! Share links (src/share.rs): any state encodes to a link and decodes to
//! the same state; any text as a link never panics and is refused within
//! bounds; a link written by an earlier build keeps opening.

#![cfg(not(target_arch = "wasm32"))]

use assoc_explorer::share::{
    decode, encode, from_link, join_parts, parse_moved, parse_view, split_parts, to_link,
    GraphOptions, LinkError, State, MAX_LINK,
};
use proptest::prelude::*;

fn finite() -> impl Strategy<Value = f64> {
    -1.0e6..1.0e6f64
}

fn state() -> impl Strategy<Value = State> {
    (
        ".{0,300}",
        proptest::option::of(".{0,20}"),
        proptest::option::of(prop_oneof!["models", "graph", "data"].prop_map(String::from)),
        proptest::option::of(any::<u64>()),
        proptest::option::of(0u64..100_000),
        proptest::collection::vec(".{0,20}", 0..6),
        proptest::collection::vec((".{0,12}", finite(), finite()), 0..5),
        (
            any::<bool>(),
            proptest::option::of(0u32..5),
            proptest::option::of((finite(), finite(), 0.01..10.0f64)),
        ),
    )
        .prop_map(
            |(code, selected, tab, seed, rows, walk, moved, (collapse, hops, view))| State {
                code,
                selected,
                tab,
                seed,
                rows,
                walk,
                moved,
                graph: GraphOptions {
                    collapse,
                    hops,
                    view,
                },
            },
        )
}

proptest! {
    #[test]
    fn any_state_comes_back_from_its_link(s in state()) {
        let link = encode(&s);
        prop_assert!(link.len() < MAX_LINK);
        prop_assert_eq!(decode(&link), Ok(s));
    }

    #[test]
    fn any_state_comes_back_from_its_address(s in state()) {
        let hash = to_link(&s);
        prop_assert!(hash.len() < MAX_LINK);
        // What the browser's URLSearchParams leaves alone: no `#`, no space.
        prop_assert!(hash.bytes().all(|b| b.is_ascii_graphic() && b != b'#'), "{}", hash);
        prop_assert_eq!(from_link(&hash), Ok(s.clone()));
        prop_assert_eq!(from_link(&format!("#{hash}")), Ok(s));
    }

    #[test]
    fn any_list_comes_back_from_its_parameter(parts in proptest::collection::vec(".{0,12}", 1..8)) {
        prop_assert_eq!(split_parts(&join_parts(&parts)), parts);
    }

    #[test]
    fn any_text_as_an_address_is_refused_or_opens_without_panicking(text in ".{0,400}") {
        let _ = from_link(&text);
        let _ = from_link(&format!("code=1.{text}&model={text}&moved={text}&view={text}&walk={text}"));
        let _ = parse_moved(&text);
        let _ = parse_view(&text);
    }

    #[test]
    fn any_text_as_a_link_is_refused_or_opens_without_panicking(text in ".{0,400}") {
        let _ = decode(&text);
        let _ = decode(&format!("1.{text}"));
    }

    #[test]
    fn any_bytes_behind_the_version_are_handled(bytes in proptest::collection::vec(any::<u8>(), 0..400)) {
        let text: String = bytes.iter().map(|&b| char::from(b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"[usize::from(b % 64)])).collect();
        let _ = decode(&format!("1.{text}"));
    }

    #[test]
    fn a_damaged_link_never_panics(s in state(), cut in 0usize..2000, flip in 0usize..2000) {
        let link = encode(&s);
        let cut = cut % (link.len() + 1);
        let _ = decode(&link[..cut]);
        let mut bytes = link.into_bytes();
        let i = flip % bytes.len();
        bytes[i] = if bytes[i] == b'A' { b'B' } else { b'A' };
        let _ = decode(&String::from_utf8_lossy(&bytes));
    }
}

/// A version 1 link as the first build wrote it: later formats must keep
/// opening it (this text is never regenerated).
const V1: &str = "1.XYxNCoMwEIWvMky3qWJLN96heADNYtDBCskkmEBrxbs7S3X1Ht_7WbHHGntHKUEzjyTTn_IUBPiXWYYE7zCwg3XrpCyhEYZwaBnwJAuwjy4szKnoBA16fTx-KcqKxpniR_0X6_aU3yq0BqPi9rqrHsVL5f5Ea7cd";

#[test]
fn a_version_1_link_keeps_opening() {
    let state = decode(V1).expect("the frozen link opens");
    assert_eq!(
        state.code,
        "class Organization extends Model {}\n// One organization, many employees.\n"
    );
}

#[test]
fn every_refusal_has_a_message_for_the_page() {
    for e in [
        LinkError::TooLarge,
        LinkError::UnknownVersion("9".into()),
        LinkError::Malformed("cut short"),
    ] {
        assert!(e.to_string().starts_with("This link"), "{e}");
    }
}

#[test]
fn a_hand_written_model_link_selects_that_model_alone() {
    let state = from_link("#model=Employee").expect("opens");
    assert_eq!(
        state,
        State {
            selected: Some("Employee".into()),
            ..State::default()
        }
    );
    // As URLSearchParams reads them: `+` and `%20` are spaces, a broken
    // escape stays as written.
    assert_eq!(
        from_link("model=Big+Model%20X%zz")
            .expect("opens")
            .selected
            .as_deref(),
        Some("Big Model X%zz")
    );
}

#[test]
fn a_link_holding_the_payload_of_the_first_format_opens() {
    // The frozen payload as the `code` parameter: the state it holds, under
    // the readable parameters beside it.
    let state = from_link(&format!("code={V1}&model=Organization&tab=graph")).expect("opens");
    assert_eq!(state.code, decode(V1).expect("opens").code);
    assert_eq!(state.selected.as_deref(), Some("Organization"));
    assert_eq!(state.tab.as_deref(), Some("graph"));
}

#[test]
fn hostile_addresses_are_refused_with_a_message_or_read_as_text() {
    assert_eq!(
        from_link("code=garbage"),
        Err(LinkError::Malformed("no version"))
    );
    assert_eq!(
        from_link("v=2&model=A"),
        Err(LinkError::UnknownVersion("2".into()))
    );
    assert_eq!(
        from_link(&format!("code=1.{}", "A".repeat(MAX_LINK))),
        Err(LinkError::TooLarge)
    );
    let script = from_link(
        "model=%3Cscript%3Ealert(1)%3C%2Fscript%3E&view=1/2/NaN&moved=A/1/Infinity/B/2/3",
    )
    .expect("opens");
    assert_eq!(
        script.selected.as_deref(),
        Some("<script>alert(1)</script>")
    );
    assert_eq!(script.graph.view, None, "NaN is no position");
    assert_eq!(script.moved, vec![("B".to_string(), 2.0, 3.0)]);
}

#[test]
fn positions_read_back_as_the_page_writes_them() {
    use assoc_explorer::engine::js_text::{number, parse_number};
    for x in [
        0.1 + 0.2,
        -1.0803210580183429e-7,
        1e21,
        123.0,
        -5e-324,
        f64::MAX,
    ] {
        assert_eq!(parse_number(&number(x)), Some(x), "{}", number(x));
    }
    for bad in [
        "", "-", "1.", ".5", "1e", "0x10", " 1", "1 ", "Infinity", "NaN", "1e999", "+1",
    ] {
        assert_eq!(parse_number(bad), None, "{bad:?}");
    }
}
