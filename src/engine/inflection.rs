//! Pluralisation, singularisation and `underscore` exactly as the npm
//! package `inflection` 1.13.4 does them (the version inside Sequelize
//! 6.37.8): its rule tables, generated from the package itself into
//! [`super::inflection_rules`], applied the way `_apply_rules` applies them.
//!
//! The tables are JavaScript regular expressions (flags `gi`) in a small
//! subset: letters, `^`, `$`, groups, `(?:…)`, `|` and bracket classes, and
//! no quantifier. [`Pattern`] parses exactly that subset and matches it by
//! backtracking, leftmost first with alternatives in order, as JavaScript
//! does; case folds in ASCII only, as a non-Unicode JavaScript pattern does.
//! A rule outside the subset fails the table test instead of being guessed.
//!
//! It knows nothing of Sequelize: `Utils.pluralize` and friends call these.

use crate::engine::fast_hash::{HashMap, HashSet};
use crate::engine::js_text;
use std::cell::RefCell;
use std::sync::OnceLock;

use super::inflection_rules::{PLURAL, SINGULAR, UNCOUNTABLE};

/// One element of a rule's pattern.
#[derive(Debug)]
enum Node {
    /// A letter, stored in lower case.
    Char(char),
    /// `[…]` or `[^…]`, members in lower case.
    Class { negated: bool, members: Vec<char> },
    /// `(…)` (numbered) or `(?:…)`, with its alternatives in order.
    Group {
        index: Option<usize>,
        alternatives: Vec<Vec<Node>>,
    },
    /// `^`
    Start,
    /// `$`
    End,
}

/// A compiled rule pattern.
#[derive(Debug)]
struct Pattern {
    alternatives: Vec<Vec<Node>>,
    /// The most letters a match can span.
    longest: usize,
    /// Whether every alternative starts with `^` / ends with `$`.
    anchors: (bool, bool),
    /// For a pattern ending in `$`: the letters a word must end with.
    last_letters: Option<Vec<char>>,
}

impl Pattern {
    /// Parses the subset; `None` for anything outside it.
    fn parse(source: &str) -> Option<Pattern> {
        let chars: Vec<char> = source.chars().collect();
        let mut parser = PatternParser {
            chars: &chars,
            at: 0,
            groups: 0,
        };
        let alternatives = parser.alternatives()?;
        if parser.at != chars.len() || parser.groups > MAX_GROUPS {
            return None;
        }
        let longest = alternatives.iter().map(|a| longest(a)).max().unwrap_or(0);
        let anchors = (
            alternatives
                .iter()
                .all(|a| matches!(a.first(), Some(Node::Start))),
            alternatives
                .iter()
                .all(|a| matches!(a.last(), Some(Node::End))),
        );
        let last_letters = if anchors.1 {
            alternatives
                .iter()
                .map(|a| last_letters(a))
                .try_fold(Vec::new(), |mut all, l| {
                    all.extend(l?);
                    Some(all)
                })
        } else {
            None
        };
        Some(Pattern {
            alternatives,
            longest,
            anchors,
            last_letters,
        })
    }

    /// The leftmost match: its start, end and captured groups (char
    /// offsets; group 0 unused).
    fn find(&self, word: &[char]) -> Option<(usize, usize, Captures)> {
        // Without quantifiers a match is at most `longest` letters: a
        // pattern ending in `$` can only start that close to the end, and
        // one starting with `^` only at the start.
        let first = match self.anchors {
            (true, _) => 0,
            (false, true) => word.len().saturating_sub(self.longest),
            (false, false) => 0,
        };
        if let Some(letters) = &self.last_letters {
            let last = word.last().map(char::to_ascii_lowercase);
            if !last.is_some_and(|c| letters.contains(&c)) {
                return None;
            }
        }
        // Whether there is a match at all is cheap to learn from the end,
        // where most rules fail on their first letter; where and with what
        // groups is then found forwards, as JavaScript searches.
        if self.anchors.1
            && !self
                .alternatives
                .iter()
                .any(|a| matches_backwards(a, word, word.len(), &mut |_| true))
        {
            return None;
        }
        let last = if self.anchors.0 { 0 } else { word.len() };
        for start in first..=last {
            let mut captures = [None; MAX_GROUPS + 1];
            let mut end = None;
            let matched = match_alternatives(
                &self.alternatives,
                word,
                start,
                &mut captures,
                &mut |at, _| {
                    end = Some(at);
                    true
                },
            );
            if matched {
                return end.map(|end| (start, end, captures));
            }
        }
        None
    }
}

/// Whether `nodes` match the letters of `word` that end at `at`, read from
/// right to left; `then` is given where the match begins.
fn matches_backwards(
    nodes: &[Node],
    word: &[char],
    at: usize,
    then: &mut dyn FnMut(usize) -> bool,
) -> bool {
    let Some((node, rest)) = nodes.split_last() else {
        return then(at);
    };
    let letter = || {
        at.checked_sub(1)
            .and_then(|i| word.get(i))
            .map(char::to_ascii_lowercase)
    };
    match node {
        Node::End => at == word.len() && matches_backwards(rest, word, at, then),
        Node::Start => at == 0 && matches_backwards(rest, word, at, then),
        Node::Char(c) => letter() == Some(*c) && matches_backwards(rest, word, at - 1, then),
        Node::Class { negated, members } => {
            letter().is_some_and(|c| members.contains(&c) != *negated)
                && matches_backwards(rest, word, at - 1, then)
        }
        Node::Group { alternatives, .. } => alternatives.iter().any(|alternative| {
            matches_backwards(alternative, word, at, &mut |begin| {
                matches_backwards(rest, word, begin, then)
            })
        }),
    }
}

/// The letters (lower case) a match of a `…$` sequence can end with, or
/// None when it could end with anything (or match nothing).
fn last_letters(nodes: &[Node]) -> Option<Vec<char>> {
    let mut nodes = nodes;
    while let Some((Node::End, rest)) = nodes.split_last() {
        nodes = rest;
    }
    match nodes.last()? {
        Node::Char(c) => Some(vec![*c]),
        Node::Class {
            negated: false,
            members,
        } => Some(members.clone()),
        Node::Group { alternatives, .. }
            if nodes.len() == 1 || alternatives.iter().all(|a| !a.is_empty()) =>
        {
            let mut all = Vec::new();
            for alternative in alternatives {
                all.extend(last_letters(alternative)?);
            }
            Some(all)
        }
        _ => None,
    }
}

/// The most letters a sequence of nodes can match.
fn longest(nodes: &[Node]) -> usize {
    nodes
        .iter()
        .map(|node| match node {
            Node::Char(_) | Node::Class { .. } => 1,
            Node::Group { alternatives, .. } => {
                alternatives.iter().map(|a| longest(a)).max().unwrap_or(0)
            }
            Node::Start | Node::End => 0,
        })
        .sum()
}

struct PatternParser<'a> {
    chars: &'a [char],
    at: usize,
    groups: usize,
}

impl PatternParser<'_> {
    fn peek(&self) -> Option<char> {
        self.chars.get(self.at).copied()
    }

    fn alternatives(&mut self) -> Option<Vec<Vec<Node>>> {
        let mut alternatives = vec![self.sequence()?];
        while self.peek() == Some('|') {
            self.at += 1;
            alternatives.push(self.sequence()?);
        }
        Some(alternatives)
    }

    fn sequence(&mut self) -> Option<Vec<Node>> {
        let mut nodes = Vec::new();
        while let Some(c) = self.peek() {
            match c {
                '|' | ')' => break,
                '^' => {
                    self.at += 1;
                    nodes.push(Node::Start);
                }
                '$' => {
                    self.at += 1;
                    nodes.push(Node::End);
                }
                '(' => {
                    self.at += 1;
                    let index = if self.chars[self.at..].starts_with(&['?', ':']) {
                        self.at += 2;
                        None
                    } else {
                        self.groups += 1;
                        Some(self.groups)
                    };
                    let alternatives = self.alternatives()?;
                    if self.peek() != Some(')') {
                        return None;
                    }
                    self.at += 1;
                    nodes.push(Node::Group {
                        index,
                        alternatives,
                    });
                }
                '[' => {
                    self.at += 1;
                    let negated = self.peek() == Some('^');
                    if negated {
                        self.at += 1;
                    }
                    let mut members = Vec::new();
                    loop {
                        match self.peek()? {
                            ']' => break,
                            c if c.is_ascii_alphabetic() || c == '|' => {
                                members.push(c.to_ascii_lowercase())
                            }
                            _ => return None,
                        }
                        self.at += 1;
                    }
                    self.at += 1;
                    nodes.push(Node::Class { negated, members });
                }
                c if c.is_ascii_alphabetic() => {
                    self.at += 1;
                    nodes.push(Node::Char(c.to_ascii_lowercase()));
                }
                _ => return None,
            }
        }
        Some(nodes)
    }
}

/// The most numbered groups a rule may have: the tables' largest has eight.
const MAX_GROUPS: usize = 9;

/// Where each numbered group matched, by number (0 unused): a fixed array,
/// as matching a rule must not allocate.
type Captures = [Option<(usize, usize)>; MAX_GROUPS + 1];

/// Tries each alternative in order; `then` is the rest of the pattern.
fn match_alternatives(
    alternatives: &[Vec<Node>],
    word: &[char],
    at: usize,
    captures: &mut Captures,
    then: &mut dyn FnMut(usize, &mut Captures) -> bool,
) -> bool {
    alternatives
        .iter()
        .any(|sequence| match_sequence(sequence, word, at, captures, then))
}

fn match_sequence(
    nodes: &[Node],
    word: &[char],
    at: usize,
    captures: &mut Captures,
    then: &mut dyn FnMut(usize, &mut Captures) -> bool,
) -> bool {
    let Some((node, rest)) = nodes.split_first() else {
        return then(at, captures);
    };
    let letter = || word.get(at).map(char::to_ascii_lowercase);
    match node {
        Node::Start => at == 0 && match_sequence(rest, word, at, captures, then),
        Node::End => at == word.len() && match_sequence(rest, word, at, captures, then),
        Node::Char(c) => letter() == Some(*c) && match_sequence(rest, word, at + 1, captures, then),
        Node::Class { negated, members } => {
            letter().is_some_and(|c| members.contains(&c) != *negated)
                && match_sequence(rest, word, at + 1, captures, then)
        }
        Node::Group {
            index,
            alternatives,
        } => {
            let index = *index;
            let saved = *captures;
            let matched =
                match_alternatives(alternatives, word, at, captures, &mut |end, captures| {
                    let before = index.map(|i| captures[i]);
                    if let Some(i) = index {
                        captures[i] = Some((at, end));
                    }
                    if match_sequence(rest, word, end, captures, then) {
                        return true;
                    }
                    if let (Some(i), Some(before)) = (index, before) {
                        captures[i] = before;
                    }
                    false
                });
            if !matched {
                *captures = saved;
            }
            matched
        }
    }
}

/// A rule compiled: JavaScript's `new RegExp(source, 'gi')` and its
/// replacement.
struct Rule {
    pattern: Pattern,
    replacement: Option<Vec<Piece>>,
    /// Letters the word must end with (lower case) for the rule to match:
    /// the literal tail of a `…$` pattern. A cheap test before matching.
    suffix: String,
}

/// The literal letters right before a final `$`: `(m)ovies$` -> "ovies".
fn literal_suffix(source: &str) -> String {
    let Some(body) = source.strip_suffix('$') else {
        return String::new();
    };
    let tail: String = body
        .chars()
        .rev()
        .take_while(char::is_ascii_alphabetic)
        .collect();
    // A letter right after `^`, `|` or `(` may be all there is; the tail is
    // still required either way, as it is not inside an alternation.
    tail.chars().rev().collect::<String>().to_ascii_lowercase()
}

/// A table compiled, with the rules that can match a word by its last
/// letter (`a`..`z`, then anything else), in table order.
struct Rules {
    rules: Vec<Rule>,
    by_last: Vec<Vec<usize>>,
}

impl Rules {
    /// The rules worth trying on `word`, in table order.
    fn candidates(&self, word: &str) -> impl Iterator<Item = &Rule> {
        let last = word.chars().last().map(|c| c.to_ascii_lowercase());
        let bucket = match last {
            Some(c @ 'a'..='z') => c as usize - 'a' as usize,
            _ => 26,
        };
        self.by_last[bucket].iter().map(|&i| &self.rules[i])
    }
}

fn compile(table: &'static [(&'static str, Option<&'static str>)]) -> Rules {
    let rules: Vec<Rule> = table
        .iter()
        .filter_map(|(source, replacement)| {
            // The tables are the library's own and all parse (a unit test
            // says so); a rule that did not would be skipped, not panic.
            Pattern::parse(source).map(|pattern| Rule {
                pattern,
                replacement: replacement.map(pieces),
                suffix: literal_suffix(source),
            })
        })
        .collect();
    let by_last = (0..27u8)
        .map(|bucket| {
            let letter = (bucket < 26).then(|| char::from(b'a' + bucket));
            (0..rules.len())
                .filter(|&i| match (&rules[i].pattern.last_letters, letter) {
                    (None, _) => true,
                    (Some(letters), Some(c)) => letters.contains(&c),
                    (Some(_), None) => false,
                })
                .collect()
        })
        .collect();
    Rules { rules, by_last }
}

fn plural_rules() -> &'static Rules {
    static RULES: OnceLock<Rules> = OnceLock::new();
    RULES.get_or_init(|| compile(PLURAL))
}

fn singular_rules() -> &'static Rules {
    static RULES: OnceLock<Rules> = OnceLock::new();
    RULES.get_or_init(|| compile(SINGULAR))
}

/// A piece of a replacement string.
#[derive(Debug, PartialEq)]
enum Piece {
    Text(&'static str),
    /// `${n}`: group n, empty when it did not take part.
    Group(usize),
}

/// JavaScript's replacement string, split once into literal text and
/// `${n}` groups; anything else is literal.
fn pieces(replacement: &'static str) -> Vec<Piece> {
    let mut pieces = Vec::new();
    let mut rest = replacement;
    while let Some(open) = rest.find("${") {
        let after = &rest[open + 2..];
        let close = after.find('}').unwrap_or(after.len());
        match after[..close].parse::<usize>() {
            Ok(i) => {
                pieces.push(Piece::Text(&rest[..open]));
                pieces.push(Piece::Group(i));
            }
            Err(_) => pieces.push(Piece::Text(&rest[..open + 2 + close.min(after.len())])),
        }
        rest = after.get(close + 1..).unwrap_or("");
    }
    pieces.push(Piece::Text(rest));
    pieces.retain(|p| *p != Piece::Text(""));
    pieces
}

/// A replacement with the groups of a match filled in.
fn expand(replacement: &[Piece], word: &[char], captures: &Captures, out: &mut String) {
    for piece in replacement {
        match piece {
            Piece::Text(text) => out.push_str(text),
            Piece::Group(i) => {
                if let Some(Some((start, end))) = captures.get(*i) {
                    out.extend(&word[*start..*end]);
                }
            }
        }
    }
}

/// Whether `word`, in lower case, is one of the library's uncountable words.
/// `ascii_lower` is the word with ASCII letters lowered, which for an
/// ASCII word is all of JavaScript's `toLowerCase`.
fn is_uncountable(word: &str, ascii_lower: &str) -> bool {
    static SET: OnceLock<HashSet<&'static str>> = OnceLock::new();
    let set = SET.get_or_init(|| UNCOUNTABLE.iter().copied().collect());
    if word.is_ascii() {
        set.contains(ascii_lower)
    } else {
        set.contains(js_text::lower(word).as_str())
    }
}

/// `inflector._apply_rules(str, rules, uncountable_words)`: an uncountable
/// word (compared in lower case) stays; otherwise the first rule that
/// matches replaces its match (every rule is anchored, so there is at most
/// one), or leaves the word when it has no replacement.
fn apply_rules(word: &str, rules: &Rules) -> String {
    let lower = word.to_ascii_lowercase();
    if is_uncountable(word, &lower) {
        return word.to_string();
    }
    let mut chars: Vec<char> = Vec::with_capacity(word.len());
    if word.is_ascii() {
        // A byte a letter, copied without decoding (and without a capacity
        // check per letter, which `Chars` needs).
        chars.extend(word.bytes().map(char::from));
    } else {
        chars.extend(word.chars());
    }
    for rule in rules.candidates(word) {
        if !lower.ends_with(&rule.suffix) {
            continue;
        }
        let Some((start, end, captures)) = rule.pattern.find(&chars) else {
            continue;
        };
        let Some(replacement) = &rule.replacement else {
            return word.to_string();
        };
        let (start, end) = (
            byte_offset(word, &chars, start),
            byte_offset(word, &chars, end),
        );
        let mut out = String::with_capacity(word.len() + 8);
        out.push_str(&word[..start]);
        expand(replacement, &chars, &captures, &mut out);
        out.push_str(&word[end..]);
        return out;
    }
    word.to_string()
}

/// The byte offset of the character at `index` of `word` (`chars` is
/// `word`'s characters).
fn byte_offset(word: &str, chars: &[char], index: usize) -> usize {
    if chars.len() == word.len() {
        // ASCII: one byte a character.
        index
    } else {
        chars[..index].iter().map(|c| c.len_utf8()).sum()
    }
}

/// Which table a cached result came from.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
enum Table {
    Plural,
    Singular,
}

thread_local! {
    // Results by word: a schema names the same few models over and over,
    // and running sixty patterns each time would dominate analysis. Sized
    // for a large schema's model names: growing one by doubling rehashed
    // it nine times (only its control bytes are written until it fills).
    static CACHE: RefCell<[HashMap<String, String>; 2]> = RefCell::new(
        [(); 2].map(|()| HashMap::with_capacity_and_hasher(INITIAL_ENTRIES, Default::default())),
    );
}
const INITIAL_ENTRIES: usize = 1024;
/// Past this many entries a table's cache starts over: memory stays
/// bounded.
const MAX_ENTRIES: usize = 50_000;

fn remember(table: Table, word: String, result: String) {
    CACHE.with(|c| {
        let map = &mut c.borrow_mut()[table as usize];
        if map.len() >= MAX_ENTRIES {
            map.clear();
        }
        map.insert(word, result);
    });
}

fn recall(table: Table, word: &str) -> Option<String> {
    CACHE.with(|c| c.borrow()[table as usize].get(word).cloned())
}

fn cached(table: Table, word: &str) -> String {
    if let Some(hit) = recall(table, word) {
        return hit;
    }
    #[cfg(not(target_arch = "wasm32"))]
    if ahead::take_arrived() {
        if let Some(hit) = recall(table, word) {
            return hit;
        }
    }
    let result = inflect(table, word);
    remember(table, word.to_string(), result.clone());
    result
}

fn inflect(table: Table, word: &str) -> String {
    let rules = match table {
        Table::Plural => plural_rules(),
        Table::Singular => singular_rules(),
    };
    apply_rules(word, rules)
}

/// Inflections worked out ahead, on the host. A large program's analysis
/// inflects every new model's name twice and every alias once, on the
/// analysis thread, while the other core is idle once the program is
/// parsed. So [`ahead::start`] reads the program's words (identifiers and
/// the insides of string literals, in the order they first appear) on a
/// thread of its own and sends their singulars and plurals, a batch at a
/// time, to the analysis thread, which takes what has arrived whenever its
/// own cache misses ([`cached`]). The results are the same function's, so
/// the analysis is the same whichever thread inflected a word first; a word
/// not yet sent is inflected where it is needed, as without this.
#[cfg(not(target_arch = "wasm32"))]
pub mod ahead {
    use std::cell::RefCell;
    use std::sync::mpsc::{channel, Receiver, TryRecvError};

    use super::{inflect, remember, Table};
    use crate::engine::fast_hash::HashSet;

    /// Words per batch sent.
    const BATCH: usize = 32;
    /// Longer words are not inflected ahead (names are short).
    const MAX_WORD: usize = 64;

    type Batch = Vec<(Table, String, String)>;

    /// Inflections on their way to the analysis thread.
    pub struct Ahead(Receiver<Batch>);

    thread_local! {
        static ARRIVING: RefCell<Option<Receiver<Batch>>> = const { RefCell::new(None) };
    }

    /// Starts inflecting the words of `texts` on a thread of its own; None
    /// when no thread can be started.
    pub fn start(texts: Vec<String>) -> Option<Ahead> {
        let (sender, receiver) = channel();
        std::thread::Builder::new()
            .name("inflect-ahead".into())
            .spawn(move || {
                let mut seen = HashSet::default();
                let mut batch = Vec::with_capacity(2 * BATCH);
                for text in &texts {
                    for word in words(text) {
                        if !seen.insert(word) {
                            continue;
                        }
                        for table in [Table::Singular, Table::Plural] {
                            batch.push((table, word.to_string(), inflect(table, word)));
                        }
                        if batch.len() >= 2 * BATCH {
                            let full = std::mem::replace(&mut batch, Vec::with_capacity(2 * BATCH));
                            if sender.send(full).is_err() {
                                return; // The analysis is over.
                            }
                        }
                    }
                }
                let _ = sender.send(batch);
            })
            .ok()?;
        Some(Ahead(receiver))
    }

    /// Makes this thread's cache take the inflections `ahead` sends.
    pub fn install(ahead: Ahead) {
        ARRIVING.with(|a| *a.borrow_mut() = Some(ahead.0));
    }

    /// Whether everything the other thread sent is in this thread's cache.
    #[cfg(test)]
    pub(super) fn finished() -> bool {
        ARRIVING.with(|a| a.borrow().is_none())
    }

    /// Moves the inflections that have arrived into this thread's cache;
    /// whether any did.
    pub(super) fn take_arrived() -> bool {
        ARRIVING.with(|a| {
            let mut arriving = a.borrow_mut();
            let Some(receiver) = arriving.as_ref() else {
                return false;
            };
            let mut any = false;
            loop {
                match receiver.try_recv() {
                    Ok(batch) => {
                        any = true;
                        for (table, word, result) in batch {
                            remember(table, word, result);
                        }
                    }
                    Err(TryRecvError::Empty) => break,
                    Err(TryRecvError::Disconnected) => {
                        *arriving = None;
                        break;
                    }
                }
            }
            any
        })
    }

    /// The identifiers and the insides of string literals (without escapes
    /// or line breaks) in `text`, in order: a superset of the names an
    /// analysis inflects, found without parsing.
    pub(super) fn words(text: &str) -> impl Iterator<Item = &str> {
        let bytes = text.as_bytes();
        let mut at = 0;
        std::iter::from_fn(move || {
            while at < bytes.len() {
                let b = bytes[at];
                if b == b'\'' || b == b'"' || b == b'`' {
                    let start = at + 1;
                    let mut end = start;
                    while end < bytes.len()
                        && !matches!(bytes[end], b'\\' | b'\n')
                        && bytes[end] != b
                    {
                        end += 1;
                    }
                    at = end + 1;
                    if end < bytes.len()
                        && bytes[end] == b
                        && end > start
                        && end - start <= MAX_WORD
                    {
                        // The quotes are ASCII, so both ends are character boundaries.
                        return text.get(start..end);
                    }
                } else if b.is_ascii_alphabetic() || b == b'_' || b == b'$' {
                    let start = at;
                    while at < bytes.len()
                        && (bytes[at].is_ascii_alphanumeric() || matches!(bytes[at], b'_' | b'$'))
                    {
                        at += 1;
                    }
                    if at - start <= MAX_WORD {
                        return text.get(start..at);
                    }
                } else {
                    at += 1;
                }
            }
            None
        })
    }
}

/// `inflection.pluralize(word)`.
pub fn pluralize(word: &str) -> String {
    cached(Table::Plural, word)
}

/// `inflection.singularize(word)`.
pub fn singularize(word: &str) -> String {
    cached(Table::Singular, word)
}

/// `inflection.underscore(word)`: `_` before every ASCII capital, one
/// leading `_` dropped per `::` segment, segments joined with `/`, lower
/// case.
pub fn underscore(word: &str) -> String {
    if word.is_ascii() && !word.contains("::") {
        // One segment, and lower case a byte at a time: the same text as
        // below, without the pieces (every new model name comes here).
        let mut out = String::with_capacity(word.len() + 4);
        for b in word.bytes() {
            if b.is_ascii_uppercase() {
                out.push('_');
                out.push(char::from(b.to_ascii_lowercase()));
            } else {
                out.push(char::from(b));
            }
        }
        if out.starts_with('_') {
            out.remove(0);
        }
        return out;
    }
    let joined = word
        .split("::")
        .map(|segment| {
            let mut out = String::with_capacity(segment.len() + 4);
            for c in segment.chars() {
                if c.is_ascii_uppercase() {
                    out.push('_');
                }
                out.push(c);
            }
            match out.strip_prefix('_') {
                Some(rest) => rest.to_string(),
                None => out,
            }
        })
        .collect::<Vec<_>>()
        .join("/");
    js_text::lower(&joined)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(not(target_arch = "wasm32"))]
    #[test]
    fn words_ahead_are_identifiers_and_string_insides_in_order() {
        let text = "const Person = sequelize.define('Person', {});\n\
                    Person.hasMany(Child, { as: \"kids\", through: `Kid Links` });\n\
                    x = 'a\\'b'; 12abc; 'Émile'; '' 'open";
        let words: Vec<&str> = ahead::words(text).collect();
        assert_eq!(
            words,
            [
                "const",
                "Person",
                "sequelize",
                "define",
                "Person",
                "Person",
                "hasMany",
                "Child",
                "as",
                "kids",
                "through",
                "Kid Links",
                "x",
                "b",
                "abc",
                "Émile"
            ]
        );
    }

    /// What the other thread sends is what this thread would have worked
    /// out, and it lands in this thread's cache.
    #[cfg(not(target_arch = "wasm32"))]
    #[test]
    fn inflections_ahead_are_the_same_and_arrive_in_the_cache() {
        let text =
            "Person Category Status Child Mouse Data 'Octopus' 'user_roles' Quiz".to_string();
        std::thread::spawn(move || {
            let words: Vec<String> = ahead::words(&text).map(str::to_string).collect();
            ahead::install(ahead::start(vec![text]).expect("a thread starts"));
            while !ahead::finished() {
                ahead::take_arrived();
                std::thread::yield_now();
            }
            for word in &words {
                for table in [Table::Singular, Table::Plural] {
                    assert_eq!(recall(table, word), Some(inflect(table, word)), "{word}");
                }
            }
            assert_eq!(pluralize("Person"), "People");
            assert_eq!(singularize("user_roles"), "user_role");
        })
        .join()
        .expect("no panic");
    }

    #[test]
    fn classic_words() {
        assert_eq!(pluralize("Person"), "People");
        assert_eq!(pluralize("Category"), "Categories");
        assert_eq!(pluralize("Status"), "Statuses");
        assert_eq!(pluralize("Child"), "Children");
        assert_eq!(pluralize("Mouse"), "Mice");
        assert_eq!(pluralize("Data"), "Data");
        assert_eq!(singularize("Data"), "Datum");
        assert_eq!(singularize("Statuses"), "Status");
        assert_eq!(singularize("EmployeeTasks"), "EmployeeTask");
        assert_eq!(underscore("OrderItem"), "order_item");
        assert_eq!(underscore("Admin::UserProfile"), "admin/user_profile");
        // The fast path for one ASCII segment drops one leading `_`, as
        // the general one does, whether written or inserted.
        assert_eq!(underscore("_Foo"), "_foo");
        assert_eq!(underscore("_foo"), "foo");
        assert_eq!(underscore("__x"), "_x");
        assert_eq!(underscore("ABc"), "a_bc");
    }

    #[test]
    fn suffixes_are_the_literal_tails() {
        assert_eq!(literal_suffix("(m)ovies$"), "ovies");
        assert_eq!(literal_suffix("(quiz)$"), "");
        assert_eq!(literal_suffix("^(ox)en"), "");
        assert_eq!(literal_suffix("s$"), "s");
        assert_eq!(literal_suffix("$"), "");
    }

    #[test]
    fn patterns_match_leftmost_first_with_groups() {
        let word: Vec<char> = "Quy".chars().collect();
        let pattern = Pattern::parse("([^aeiouy]|qu)y$").unwrap();
        // From position 0, `[^aeiouy]` takes "Q" and fails on "u"; the
        // second alternative takes "Qu": the match starts at 0.
        let (start, end, captures) = pattern.find(&word).unwrap();
        assert_eq!((start, end, captures[1]), (0, 3, Some((0, 2))));
        let pattern = Pattern::parse("(?:([^f])fe|([lr])f)$").unwrap();
        let word: Vec<char> = "wolf".chars().collect();
        let (_, _, captures) = pattern.find(&word).unwrap();
        assert_eq!(captures[..3], [None, None, Some((2, 3))]);
        assert!(Pattern::parse("^(ox)en")
            .unwrap()
            .find(&"boxen".chars().collect::<Vec<_>>())
            .is_none());
        assert!(Pattern::parse("[m|l]ice$")
            .unwrap()
            .find(&"|ice".chars().collect::<Vec<_>>())
            .is_some());
    }

    #[test]
    fn last_letters_are_what_a_match_must_end_with() {
        let letters = |s: &str| Pattern::parse(s).unwrap().last_letters;
        assert_eq!(letters("(x|ch|ss|sh)$"), Some(vec!['x', 'h', 's', 'h']));
        assert_eq!(letters("(?:([^f])fe|([lr])f)$"), Some(vec!['e', 'f']));
        assert_eq!(letters("([ti])um$"), Some(vec!['m']));
        assert_eq!(letters("(quiz)$"), Some(vec!['z']));
        assert_eq!(letters("$"), None);
        assert_eq!(letters("([^aeiouy])$"), None);
        assert_eq!(letters("^(ox)en"), None);
    }

    #[test]
    fn patterns_outside_the_subset_are_refused() {
        for source in ["a+", "a*", "(a", "[a", "a.b", "\\d", "a{2}", "(?=a)"] {
            assert!(Pattern::parse(source).is_none(), "{source}");
        }
    }

    #[test]
    fn replacements_split_into_text_and_groups() {
        use Piece::{Group, Text};
        assert_eq!(pieces("${1}${2}ves"), [Group(1), Group(2), Text("ves")]);
        assert_eq!(pieces("feet"), [Text("feet")]);
        assert_eq!(pieces(""), []);
    }

    #[test]
    fn replacements_expand_groups() {
        assert_eq!(pluralize("Wolf"), "Wolves");
        assert_eq!(pluralize("knife"), "knives");
        assert_eq!(pluralize("Analysis"), "Analyses");
        // The library's own slip: `${1}${2}sis` repeats the captured "a".
        assert_eq!(singularize("Analyses"), "AnalyAsis");
        assert_eq!(pluralize("OX"), "OXen");
        assert_eq!(singularize("oxen"), "ox");
        assert_eq!(pluralize("Émoji😀y"), "Émoji😀ies");
    }

    #[test]
    fn every_rule_is_anchored_so_one_match_is_all_matches() {
        for (source, _) in PLURAL.iter().chain(SINGULAR) {
            assert!(source.starts_with('^') || source.ends_with('$'), "{source}");
        }
    }

    #[test]
    fn the_generated_tables_are_complete() {
        assert_eq!(plural_rules().rules.len(), PLURAL.len());
        assert_eq!(singular_rules().rules.len(), SINGULAR.len());
    }
}
