//! Share links (src/share.rs): any state encodes to a link and decodes to
//! the same state; any text as a link never panics and is refused within
//! bounds; a link written by an earlier build keeps opening.

#![cfg(not(target_arch = "wasm32"))]

use assoc_explorer::share::{decode, encode, GraphOptions, LinkError, State, MAX_LINK};
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
