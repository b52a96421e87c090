//! Share links (issue #6): the page's whole state in a link's `#…` part,
//! and back.
//!
//! The `#…` part is a list of parameters (`key=value&…`, as the browser's
//! URLSearchParams writes them). Each part of the page keeps its own
//! parameter current, so the address always carries the whole state:
//!
//! | parameter | what | written by |
//! |---|---|---|
//! | `code` | the editor's text, as a versioned payload ([`encode`]) | the share module |
//! | `example` | instead of `code`, while the code is an example | the page |
//! | `model` | the selected model | the share module |
//! | `tab` | the results' tab (`graph`, `data`; none: models) | the page |
//! | `seed`, `rows`, `walk` | the data tab: seed, rows per model, the record walk | the data module |
//! | `moved`, `collapse`, `hops`, `view` | the graph: models moved by hand, options, pan and zoom | the graph module |
//!
//! Readable parameters can be written by hand: `#model=Employee` alone
//! selects that model in whatever code the page opens with. Lists (`walk`,
//! `moved`, `view`) are parts joined by `/` ([`join_parts`]).
//!
//! A payload is `<version>.<data>`: today `1.` then a state as JSON (short
//! keys, absent values left out; the page's links hold only the code in
//! it), compressed with raw DEFLATE and written in base64url without
//! padding. A later format takes the next version number; [`decode`] keeps
//! reading every older one. The parameters are the link's version 1 too: a
//! later format that changes them adds `v=2`, and [`from_link`] refuses a
//! version it does not know.
//!
//! A link comes from anyone: decoding never panics, never runs anything,
//! and is bounded before any work is done. The text may be at most
//! [`MAX_LINK`] bytes, the state it inflates to at most [`MAX_STATE`]
//! (inflation stops there: a small "zip bomb" costs nothing), and JSON
//! nesting is serde_json's own bound. What comes out is data only: code to
//! show in the editor, names to compare with the schema's, numbers that
//! are checked to be finite. Pure: no IO, no clock.

use serde::{Deserialize, Serialize};

/// The longest link text [`decode`] looks at (Chromium takes links of up
/// to 2 MB; a state of the engine's 5 MB input bound compresses well under).
pub const MAX_LINK: usize = 2 * 1024 * 1024;
/// The largest state a payload may inflate to: the engine's input bound
/// plus room for the rest.
pub const MAX_STATE: usize = 5 * 1024 * 1024 + 64 * 1024;

/// The version [`encode`] writes.
pub const VERSION: u32 = 1;

/// Everything a link restores.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct State {
    /// The editor's text.
    #[serde(rename = "c")]
    pub code: String,
    /// The selected model.
    #[serde(rename = "m", skip_serializing_if = "Option::is_none")]
    pub selected: Option<String>,
    /// The results' tab: `models`, `graph` or `data`.
    #[serde(rename = "t", skip_serializing_if = "Option::is_none")]
    pub tab: Option<String>,
    /// The data tab: the seed, rows per model, and the record walk
    /// (record, association, record, …).
    #[serde(rename = "s", skip_serializing_if = "Option::is_none")]
    pub seed: Option<u64>,
    #[serde(rename = "r", skip_serializing_if = "Option::is_none")]
    pub rows: Option<u64>,
    #[serde(rename = "w", skip_serializing_if = "Vec::is_empty")]
    pub walk: Vec<String>,
    /// The graph: models moved by hand (name, x, y), the options and the
    /// view.
    #[serde(
        rename = "p",
        skip_serializing_if = "Vec::is_empty",
        with = "exact::moved"
    )]
    pub moved: Vec<(String, f64, f64)>,
    #[serde(rename = "g", skip_serializing_if = "GraphOptions::is_default")]
    pub graph: GraphOptions,
}

/// The graph tab's options and view.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct GraphOptions {
    /// Many-to-many as one line.
    #[serde(rename = "c", skip_serializing_if = "is_false")]
    pub collapse: bool,
    /// Focus: steps from the selected model (none: all models).
    #[serde(rename = "h", skip_serializing_if = "Option::is_none")]
    pub hops: Option<u32>,
    /// Pan and zoom: x, y, scale.
    #[serde(
        rename = "v",
        skip_serializing_if = "Option::is_none",
        with = "exact::view"
    )]
    pub view: Option<(f64, f64, f64)>,
}

impl GraphOptions {
    fn is_default(&self) -> bool {
        *self == GraphOptions::default()
    }
}

fn is_false(b: &bool) -> bool {
    !*b
}

/// Numbers as the shortest text that reads back to the same `f64` (Rust's
/// own printing and parsing, exact both ways; serde_json's float parsing
/// is not, without a feature that would grow every module that links it).
mod exact {
    fn text(x: f64) -> String {
        x.to_string()
    }

    fn number<E: serde::de::Error>(t: &str) -> Result<f64, E> {
        t.parse::<f64>().map_err(|_| E::custom("not a number"))
    }

    pub mod moved {
        use serde::{Deserialize, Deserializer, Serialize, Serializer};

        pub fn serialize<S: Serializer>(v: &[(String, f64, f64)], s: S) -> Result<S::Ok, S::Error> {
            v.iter()
                .map(|(n, x, y)| (n.as_str(), super::text(*x), super::text(*y)))
                .collect::<Vec<_>>()
                .serialize(s)
        }

        pub fn deserialize<'de, D: Deserializer<'de>>(
            d: D,
        ) -> Result<Vec<(String, f64, f64)>, D::Error> {
            Vec::<(String, String, String)>::deserialize(d)?
                .into_iter()
                .map(|(n, x, y)| Ok((n, super::number(&x)?, super::number(&y)?)))
                .collect()
        }
    }

    pub mod view {
        use serde::{Deserialize, Deserializer, Serialize, Serializer};

        pub fn serialize<S: Serializer>(
            v: &Option<(f64, f64, f64)>,
            s: S,
        ) -> Result<S::Ok, S::Error> {
            v.map(|(x, y, k)| (super::text(x), super::text(y), super::text(k)))
                .serialize(s)
        }

        pub fn deserialize<'de, D: Deserializer<'de>>(
            d: D,
        ) -> Result<Option<(f64, f64, f64)>, D::Error> {
            match Option::<(String, String, String)>::deserialize(d)? {
                None => Ok(None),
                Some((x, y, k)) => Ok(Some((
                    super::number(&x)?,
                    super::number(&y)?,
                    super::number(&k)?,
                ))),
            }
        }
    }
}

/// Why a link does not open.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LinkError {
    /// Longer than [`MAX_LINK`], or inflating past [`MAX_STATE`].
    TooLarge,
    /// A version this build does not know (a link from a newer page).
    UnknownVersion(String),
    /// Not a payload: bad characters, cut short, not DEFLATE, not the
    /// state's JSON.
    Malformed(&'static str),
}

impl std::fmt::Display for LinkError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            LinkError::TooLarge => write!(
                f,
                "This link is too large to open (more than {} MB).",
                MAX_STATE / (1024 * 1024)
            ),
            LinkError::UnknownVersion(v) => write!(
                f,
                "This link was made by a newer version of the page (format {v}): reload to get it."
            ),
            LinkError::Malformed(why) => {
                write!(f, "This link is damaged ({why}): was it cut short?")
            }
        }
    }
}

/// The state as a payload (`1.…`).
pub fn encode(state: &State) -> String {
    let json = serde_json::to_vec(state).unwrap_or_default();
    // The best compression, but quicker for long code: the page writes the
    // link after every analysis.
    let level = if json.len() > 256 * 1024 { 1 } else { 9 };
    let packed = miniz_oxide::deflate::compress_to_vec(&json, level);
    format!("{VERSION}.{}", base64url(&packed))
}

/// The state a payload holds, from any version so far.
pub fn decode(link: &str) -> Result<State, LinkError> {
    if link.len() > MAX_LINK {
        return Err(LinkError::TooLarge);
    }
    let (version, data) = link
        .split_once('.')
        .ok_or(LinkError::Malformed("no version"))?;
    match version {
        "1" => decode_v1(data),
        v if !v.is_empty() && v.len() <= 9 && v.bytes().all(|b| b.is_ascii_digit()) => {
            Err(LinkError::UnknownVersion(v.to_string()))
        }
        _ => Err(LinkError::Malformed("no version")),
    }
}

fn decode_v1(data: &str) -> Result<State, LinkError> {
    let packed = from_base64url(data).ok_or(LinkError::Malformed("not base64url"))?;
    let json = miniz_oxide::inflate::decompress_to_vec_with_limit(&packed, MAX_STATE).map_err(
        |e| match e.status {
            miniz_oxide::inflate::TINFLStatus::HasMoreOutput => LinkError::TooLarge,
            _ => LinkError::Malformed("not compressed data"),
        },
    )?;
    let state: State =
        serde_json::from_slice(&json).map_err(|_| LinkError::Malformed("not a page state"))?;
    let finite = |x: f64| x.is_finite();
    let numbers_ok = state.moved.iter().all(|(_, x, y)| finite(*x) && finite(*y))
        && state
            .graph
            .view
            .is_none_or(|(x, y, s)| finite(x) && finite(y) && finite(s) && s > 0.0);
    if !numbers_ok {
        return Err(LinkError::Malformed("a position is not a number"));
    }
    Ok(state)
}

/// The most parts [`split_parts`] reads from one parameter: a walk of 200
/// steps, 400 moved models.
pub const MAX_PARTS: usize = 1200;

/// A list as one parameter: its parts joined by `/`, each with `%` and `/`
/// escaped (`%25`, `%2F`).
pub fn join_parts<S: AsRef<str>>(parts: &[S]) -> String {
    let mut out = String::new();
    for (i, p) in parts.iter().enumerate() {
        if i > 0 {
            out.push('/');
        }
        for c in p.as_ref().chars() {
            match c {
                '%' => out.push_str("%25"),
                '/' => out.push_str("%2F"),
                c => out.push(c),
            }
        }
    }
    out
}

/// [`join_parts`] undone, at most [`MAX_PARTS`] parts (the rest is cut).
pub fn split_parts(text: &str) -> Vec<String> {
    text.split('/')
        .take(MAX_PARTS)
        .map(|p| p.replace("%2F", "/").replace("%25", "%"))
        .collect()
}

/// A finite number from a link's text, as [`number`] writes them.
fn finite(text: &str) -> Option<f64> {
    crate::engine::js_text::parse_number(text)
}

/// Moved models as a parameter: name, x, y, name, x, y, …
pub fn moved_text(moved: &[(String, f64, f64)]) -> String {
    let parts: Vec<String> = moved
        .iter()
        .flat_map(|(n, x, y)| [n.clone(), number(*x), number(*y)])
        .collect();
    join_parts(&parts)
}

/// [`moved_text`] undone; a triple whose numbers are not finite is left
/// out.
pub fn parse_moved(text: &str) -> Vec<(String, f64, f64)> {
    split_parts(text)
        .chunks_exact(3)
        .filter_map(|c| Some((c[0].clone(), finite(&c[1])?, finite(&c[2])?)))
        .collect()
}

/// Pan and zoom as a parameter: x, y, scale.
pub fn view_text((x, y, k): (f64, f64, f64)) -> String {
    join_parts(&[number(x), number(y), number(k)])
}

/// A number as the shortest text that reads back to it: JavaScript's
/// printing in the browser (the modules carry no float printing of their
/// own), Rust's natively; `-0` reads back as `0`.
fn number(x: f64) -> String {
    crate::engine::js_text::number(x)
}

/// [`view_text`] undone: finite numbers and a positive scale, or nothing.
pub fn parse_view(text: &str) -> Option<(f64, f64, f64)> {
    match split_parts(text).as_slice() {
        [x, y, k] => Some((finite(x)?, finite(y)?, finite(k)?)).filter(|v| v.2 > 0.0),
        _ => None,
    }
}

/// The state as a link's `#…` part (without the `#`): the code as a
/// payload holding only the code, the rest as readable parameters.
pub fn to_link(state: &State) -> String {
    let code = State {
        code: state.code.clone(),
        ..State::default()
    };
    let mut params: Vec<(&str, String)> = vec![("code", encode(&code))];
    let mut opt = |k, v: Option<String>| {
        if let Some(v) = v {
            params.push((k, v));
        }
    };
    opt("model", state.selected.clone());
    opt("tab", state.tab.clone());
    opt("seed", state.seed.map(|s| s.to_string()));
    opt("rows", state.rows.map(|r| r.to_string()));
    opt(
        "walk",
        (!state.walk.is_empty()).then(|| join_parts(&state.walk)),
    );
    opt(
        "moved",
        (!state.moved.is_empty()).then(|| moved_text(&state.moved)),
    );
    opt("collapse", state.graph.collapse.then(|| "1".to_string()));
    opt("hops", state.graph.hops.map(|h| h.to_string()));
    opt("view", state.graph.view.map(view_text));
    params
        .iter()
        .map(|(k, v)| format!("{k}={}", form_encode(v)))
        .collect::<Vec<_>>()
        .join("&")
}

/// The state a link's `#…` part (with or without the `#`) names: the code
/// from its payload (or none), then every readable parameter over what the
/// payload says. Parameters that do not read are left out; a payload that
/// does not open, or a version this build does not know, refuses the link.
pub fn from_link(hash: &str) -> Result<State, LinkError> {
    if hash.len() > MAX_LINK {
        return Err(LinkError::TooLarge);
    }
    let params = parse_params(hash.strip_prefix('#').unwrap_or(hash));
    let get = |k: &str| params.iter().find(|(n, _)| n == k).map(|(_, v)| v.as_str());
    if let Some(v) = get("v").filter(|v| *v != "1") {
        return Err(LinkError::UnknownVersion(v.chars().take(12).collect()));
    }
    let mut state = match get("code") {
        Some(payload) => decode(payload)?,
        None => State::default(),
    };
    if let Some(m) = get("model") {
        state.selected = Some(m.to_string());
    }
    if let Some(t) = get("tab") {
        state.tab = Some(t.to_string());
    }
    if let Some(s) = get("seed").and_then(|s| s.parse().ok()) {
        state.seed = Some(s);
    }
    if let Some(r) = get("rows").and_then(|r| r.parse().ok()) {
        state.rows = Some(r);
    }
    if let Some(w) = get("walk") {
        state.walk = split_parts(w);
    }
    if let Some(m) = get("moved") {
        state.moved = parse_moved(m);
    }
    if let Some(c) = get("collapse") {
        state.graph.collapse = c == "1";
    }
    if let Some(h) = get("hops").and_then(|h| h.parse().ok()) {
        state.graph.hops = Some(h);
    }
    if let Some(v) = get("view").and_then(parse_view) {
        state.graph.view = Some(v);
    }
    Ok(state)
}

/// `key=value&…` as URLSearchParams reads it: `+` is a space, `%XX` a
/// byte, a malformed escape stays as written, bytes that are not UTF-8
/// become U+FFFD.
fn parse_params(text: &str) -> Vec<(String, String)> {
    text.split('&')
        .filter(|p| !p.is_empty())
        .map(|p| {
            let (k, v) = p.split_once('=').unwrap_or((p, ""));
            (form_decode(k), form_decode(v))
        })
        .collect()
}

fn form_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        let hex = |j: usize| bytes.get(j).and_then(|&c| char::from(c).to_digit(16));
        match b {
            b'+' => out.push(b' '),
            b'%' => match (hex(i + 1), hex(i + 2)) {
                #[allow(clippy::cast_possible_truncation)]
                (Some(h), Some(l)) => {
                    out.push((h * 16 + l) as u8);
                    i += 2;
                }
                _ => out.push(b'%'),
            },
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// What URLSearchParams writes for a value: letters, digits and `*-._`
/// as they are, a space as `+`, every other byte as `%XX`.
fn form_encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for &b in text.as_bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'*' | b'-' | b'.' | b'_' => {
                out.push(char::from(b));
            }
            b' ' => out.push('+'),
            b => {
                const HEX: &[u8; 16] = b"0123456789ABCDEF";
                out.push('%');
                out.push(char::from(HEX[usize::from(b >> 4)]));
                out.push(char::from(HEX[usize::from(b & 15)]));
            }
        }
    }
    out
}

const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/// RFC 4648 base64url, without padding.
fn base64url(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk.first().copied().unwrap_or(0),
            chunk.get(1).copied().unwrap_or(0),
            chunk.get(2).copied().unwrap_or(0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        let digits = chunk.len() + 1;
        for i in 0..digits {
            let index = (n >> (18 - 6 * i)) & 63;
            out.push(char::from(ALPHABET[index as usize]));
        }
    }
    out
}

/// [`base64url`] undone; `None` for a character outside the alphabet or a
/// length no encoding gives.
fn from_base64url(text: &str) -> Option<Vec<u8>> {
    let text = text.trim_end_matches('=');
    if text.len() % 4 == 1 {
        return None;
    }
    let value = |c: u8| -> Option<u32> {
        Some(match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'-' | b'+' => 62,
            b'_' | b'/' => 63,
            _ => return None,
        } as u32)
    };
    let mut out = Vec::with_capacity(text.len() / 4 * 3 + 2);
    for chunk in text.as_bytes().chunks(4) {
        let mut n = 0u32;
        for (i, &c) in chunk.iter().enumerate() {
            n |= value(c)? << (18 - 6 * i);
        }
        let bytes = chunk.len() - 1;
        for i in 0..bytes {
            out.push((n >> (16 - 8 * i)) as u8);
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn full() -> State {
        State {
            code: "Organization.hasMany(Employee);\n// é ✓ </script>\n".into(),
            selected: Some("Employee".into()),
            tab: Some("data".into()),
            seed: Some(7),
            rows: Some(20),
            walk: vec![
                "Organization#2".into(),
                "Employees".into(),
                "Employee#4".into(),
            ],
            moved: vec![("Employee".into(), 120.5, -40.0)],
            graph: GraphOptions {
                collapse: true,
                hops: Some(2),
                view: Some((10.0, -3.5, 0.6)),
            },
        }
    }

    #[test]
    fn a_state_survives_its_link() {
        for state in [State::default(), full()] {
            let link = encode(&state);
            assert!(link.starts_with("1."), "{link}");
            assert!(link
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"-_.".contains(&b)));
            assert_eq!(decode(&link), Ok(state));
        }
    }

    #[test]
    fn base64url_round_trips_every_length() {
        let bytes: Vec<u8> = (0..=255u8).collect();
        for n in 0..bytes.len() {
            assert_eq!(
                from_base64url(&base64url(&bytes[..n])).as_deref(),
                Some(&bytes[..n])
            );
        }
        assert_eq!(from_base64url("A"), None);
        assert_eq!(from_base64url("AB!C"), None);
    }

    #[test]
    fn broken_links_say_why() {
        assert_eq!(decode(""), Err(LinkError::Malformed("no version")));
        assert_eq!(decode("abc"), Err(LinkError::Malformed("no version")));
        assert_eq!(decode("x.abc"), Err(LinkError::Malformed("no version")));
        assert_eq!(decode("7.abc"), Err(LinkError::UnknownVersion("7".into())));
        assert_eq!(decode("1.*"), Err(LinkError::Malformed("not base64url")));
        assert_eq!(
            decode("1.AAAA"),
            Err(LinkError::Malformed("not compressed data"))
        );
        let link = encode(&full());
        let cut = &link[..link.len() / 2];
        assert!(matches!(decode(cut), Err(LinkError::Malformed(_))), "{cut}");
        let not_state = format!(
            "1.{}",
            base64url(&miniz_oxide::deflate::compress_to_vec(b"[1,2]", 9))
        );
        assert_eq!(
            decode(&not_state),
            Err(LinkError::Malformed("not a page state"))
        );
        for moved in [
            r#"[["A","1e999","0"]]"#,
            r#"[["A","NaN","0"]]"#,
            r#"[["A",1,2]]"#,
        ] {
            let json = format!(r#"{{"p":{moved}}}"#);
            let link = format!(
                "1.{}",
                base64url(&miniz_oxide::deflate::compress_to_vec(json.as_bytes(), 9))
            );
            assert!(decode(&link).is_err(), "{moved}");
        }
    }

    #[test]
    fn enormous_links_are_refused_before_any_work() {
        assert_eq!(decode(&"A".repeat(MAX_LINK + 1)), Err(LinkError::TooLarge));
        // 64 MB of spaces compress to a few KB: inflating stops at the bound.
        let bomb = miniz_oxide::deflate::compress_to_vec(&vec![b' '; 64 << 20], 9);
        assert!(bomb.len() < 200_000, "{}", bomb.len());
        assert_eq!(
            decode(&format!("1.{}", base64url(&bomb))),
            Err(LinkError::TooLarge)
        );
    }

    #[test]
    fn numbers_come_back_exactly() {
        let mut state = full();
        state.moved = vec![("A".into(), 0.1 + 0.2, -1.0803210580183429e-7)];
        state.graph.view = Some((f64::MAX, f64::MIN_POSITIVE, 1.0803210580183429));
        assert_eq!(decode(&encode(&state)), Ok(state));
    }

    #[test]
    fn unknown_keys_from_a_later_page_are_ignored() {
        let json = br#"{"c":"A.hasOne(B);","zz":[1,{"q":2}],"g":{"c":true,"new":1}}"#;
        let link = format!(
            "1.{}",
            base64url(&miniz_oxide::deflate::compress_to_vec(json, 9))
        );
        let state = decode(&link).expect("opens");
        assert_eq!(state.code, "A.hasOne(B);");
        assert!(state.graph.collapse);
    }
}
