//! Part of the parse stage: how deep oxc would recurse on a file, bounded
//! from above by a light tokenizer, so that a deeply nested file is refused
//! before oxc sees it. oxc recurses once per level of nesting and has no
//! limit of its own; a stack overflow aborts the process.
//!
//! The count is a bound, not a parse. Every construct that the parser
//! follows by recursing adds a level: brackets and template substitutions;
//! prefix operators (`!`, unary `-`, `typeof`, `new`, `await`, ...);
//! assignments, arrows, `?`, `:` and `**`; `<` (type arguments);
//! `if`/`else`/`for`/`while`/`do`/`with` and labels, whose body is a
//! statement; `extends`; TypeScript's `keyof`, `readonly`, `infer`,
//! `unique`. Levels are given back only where the nesting certainly ends: a
//! closing bracket, `;`, `,`, `case`, and a new statement after a line break
//! or a `}`.
//!
//! Strings, comments and templates are skipped as JavaScript skips them.
//! Where a `/` may start a regular expression, it is taken as one, and what
//! its body would nest if it were code (a division after all) is counted
//! too: no guess of the tokenizer can hide depth from the bound. A string
//! that a line break ends, unterminated, is read as code instead.

/// The offset of the first token at which the nesting passes `limit`.
pub(super) fn too_deep(text: &str, limit: usize) -> Option<usize> {
    Scan::new(text, limit, Mode::Code).run()
}

/// [`too_deep`] of the first part of a text, and whether the scan of the
/// whole text would be back in its starting state where this part ends:
/// the part ends with a `;` read as a token at the top level, then a line
/// break. Then the rest of the text scans as a text of its own would,
/// and the two halves can be scanned apart (on two threads).
///
/// Where the nesting passes the limit in this part, it is where the scan
/// of the whole text finds it: only a token that runs over the end of the
/// part (a comment, a template) reads past it, and such a token is the
/// part's last.
#[cfg(not(target_arch = "wasm32"))]
pub(super) fn too_deep_head(head: &str, limit: usize) -> (Option<usize>, bool) {
    let mut scan = Scan::new(head, limit, Mode::Code);
    let found = scan.run();
    let clean = found.is_none()
        && head.ends_with(";\n")
        && scan.last_semicolon == Some(head.len() - 2)
        && scan.stack.is_empty()
        && scan.depth == 0
        && scan.prev == Prev::Operator
        && !scan.header_next
        && !scan.after_else;
    (found, clean)
}

#[derive(Clone, Copy, PartialEq)]
enum Mode {
    /// JavaScript or TypeScript source.
    Code,
    /// The body of what was taken for a regular expression, read as code
    /// without strings, comments, templates or regular expressions.
    Raw,
}

#[derive(Clone, Copy, PartialEq)]
enum Open {
    /// `(`; `control` after `if`, `for`, `while`, ...: a statement follows.
    Paren {
        control: bool,
    },
    Bracket,
    Brace,
    /// `${` inside a template literal.
    Substitution,
    /// `<`: type arguments, or a comparison that a `;` ends.
    Angle,
}

struct Frame {
    open: Open,
    /// The depth before the bracket opened.
    saved: usize,
}

/// What the previous token leaves the parser expecting.
#[derive(Clone, Copy, PartialEq)]
enum Prev {
    /// The start, an operator or punctuation: an operand comes next.
    Operator,
    /// An identifier, literal, `)` or `]`: an operator or a new line.
    Operand,
    /// `}`: a block or an object ended; a new statement may follow.
    Brace,
    /// The `)` of `if (...)`, `while (...)`, ...: a statement follows.
    Control,
    /// A keyword after which an operand comes (`return`, `typeof`, ...).
    Keyword,
    /// `.` or `?.`: a property name follows, even `new` or `if`.
    Dot,
}

struct Scan<'t> {
    text: &'t str,
    bytes: &'t [u8],
    i: usize,
    mode: Mode,
    limit: usize,
    stack: Vec<Frame>,
    depth: usize,
    prev: Prev,
    /// A line terminator since the previous token.
    line_break: bool,
    /// The previous token was `if`, `for`, `while`, `with`, `switch`,
    /// `catch` or `await`: a `(` now opens a statement's header.
    header_next: bool,
    /// The previous token was `else` (`else if` is one level, not two).
    after_else: bool,
    /// Where the last `;` read as a token is (for [`too_deep_head`]).
    last_semicolon: Option<usize>,
}

impl<'t> Scan<'t> {
    fn new(text: &'t str, limit: usize, mode: Mode) -> Self {
        Scan {
            text,
            bytes: text.as_bytes(),
            i: 0,
            mode,
            limit,
            stack: Vec::new(),
            depth: 0,
            prev: Prev::Operator,
            line_break: false,
            header_next: false,
            after_else: false,
            last_semicolon: None,
        }
    }

    fn run(&mut self) -> Option<usize> {
        while self.i < self.bytes.len() {
            let b = self.bytes[self.i];
            let next = self.bytes.get(self.i + 1).copied();
            match b {
                b'\n' | b'\r' => {
                    self.line_break = true;
                    self.i += 1;
                    continue;
                }
                b' ' | b'\t' | 0x0b | 0x0c => {
                    self.i += 1;
                    continue;
                }
                b'/' if self.mode == Mode::Code && next == Some(b'/') => {
                    self.skip_line_comment();
                    continue;
                }
                b'/' if self.mode == Mode::Code && next == Some(b'*') => {
                    self.skip_block_comment();
                    continue;
                }
                0x80.. => {
                    let c = self.char_at(self.i);
                    if is_line_terminator(c) {
                        self.line_break = true;
                        self.i += c.len_utf8();
                        continue;
                    }
                    if is_space(c) {
                        self.i += c.len_utf8();
                        continue;
                    }
                }
                _ => {}
            }
            let start = self.i;
            if let Some(at) = self.token(start) {
                return Some(at);
            }
            self.line_break = false;
        }
        None
    }

    /// Reads the token at `start` and counts it; the offset where the
    /// nesting passes the limit, if it does here.
    fn token(&mut self, start: usize) -> Option<usize> {
        let b = self.bytes[start];
        if is_ident_start(b) {
            return self.word(start);
        }
        if b.is_ascii_digit()
            || (b == b'.' && self.bytes.get(start + 1).is_some_and(u8::is_ascii_digit))
        {
            self.statement_may_end(true);
            self.skip_number();
            self.prev = Prev::Operand;
            return None;
        }
        if self.mode == Mode::Code {
            match b {
                b'\'' | b'"' => {
                    if self.skip_string(b) {
                        self.statement_may_end(true);
                        self.prev = Prev::Operand;
                    } else {
                        // Unterminated: read on as code.
                        self.i = start + 1;
                        self.prev = Prev::Operator;
                    }
                    return None;
                }
                b'`' => {
                    self.i = start + 1;
                    return self.template(start);
                }
                b'/' if matches!(
                    self.prev,
                    Prev::Operator | Prev::Keyword | Prev::Brace | Prev::Control
                ) =>
                {
                    if let Some(end) = self.regex_end(start) {
                        self.i = end;
                        self.prev = Prev::Operand;
                        // Were it a division, its body would be code.
                        let room = self.limit.saturating_sub(self.depth);
                        let body = &self.text[start + 1..end];
                        return Scan::new(body, room, Mode::Raw)
                            .run()
                            .map(|at| start + 1 + at);
                    }
                }
                _ => {}
            }
        }
        self.punctuator(start)
    }

    /// An identifier or keyword at `start`.
    fn word(&mut self, start: usize) -> Option<usize> {
        let mut end = start + 1;
        let mut escaped = self.bytes[start] == b'\\';
        while end < self.bytes.len() {
            let b = self.bytes[end];
            if IDENT_PART[usize::from(b)] {
                end += 1;
            } else if b == b'\\' {
                escaped = true;
                end += 1;
            } else if b >= 0x80 {
                let c = self.char_at(end);
                if is_line_terminator(c) || is_space(c) {
                    break;
                }
                end += c.len_utf8();
            } else {
                break;
            }
        }
        self.i = end;
        let word = &self.bytes[start..end];
        let after_else = std::mem::take(&mut self.after_else);
        let header_next = std::mem::take(&mut self.header_next);
        if self.prev == Prev::Dot {
            self.prev = Prev::Operand;
            return None;
        }
        let kind = word_kind(word);
        // `for await (`: the parenthesis is still the header's.
        self.header_next = header_next && kind == Word::Await;
        if escaped {
            // `\u0069f` may be read as a keyword: count it as one.
            self.statement_may_end(true);
            self.prev = Prev::Keyword;
            return self.deeper(start);
        }
        match kind {
            Word::Else | Word::Infix => {}
            Word::Clause => {
                self.statement_may_end(true);
                // A switch clause: clauses follow each other, not nest.
                self.depth = self.floor();
            }
            _ => self.statement_may_end(true),
        }
        match kind {
            Word::If | Word::Loop => {
                self.header_next = true;
                self.prev = Prev::Keyword;
                if kind == Word::If && after_else {
                    return None;
                }
                self.deeper(start)
            }
            Word::Else => {
                self.after_else = true;
                self.prev = Prev::Keyword;
                self.deeper(start)
            }
            Word::Prefix => {
                self.prev = Prev::Keyword;
                self.deeper(start)
            }
            Word::Await => {
                self.header_next = true;
                self.prev = Prev::Keyword;
                self.deeper(start)
            }
            Word::Header => {
                self.header_next = true;
                self.prev = Prev::Keyword;
                None
            }
            Word::Clause | Word::Infix | Word::Keyword => {
                self.prev = Prev::Keyword;
                None
            }
            Word::Name => {
                self.prev = Prev::Operand;
                None
            }
        }
    }

    /// A template literal whose opening backquote is before `self.i`; its
    /// text up to the end or to the next `${`.
    fn template(&mut self, start: usize) -> Option<usize> {
        while self.i < self.bytes.len() {
            match self.bytes[self.i] {
                b'\\' => self.i += 2,
                b'`' => {
                    self.i += 1;
                    self.prev = Prev::Operand;
                    return None;
                }
                b'$' if self.bytes.get(self.i + 1) == Some(&b'{') => {
                    self.i += 2;
                    self.prev = Prev::Operator;
                    return self.open(Open::Substitution, start);
                }
                _ => self.i += 1,
            }
        }
        self.i = self.bytes.len();
        self.prev = Prev::Operand;
        None
    }

    fn punctuator(&mut self, start: usize) -> Option<usize> {
        let (len, kind) = punctuator_at(&self.bytes[start..]);
        self.i = start + len;
        let header = std::mem::take(&mut self.header_next);
        self.after_else = false;
        let was_operand = self.prev == Prev::Operand;
        match kind {
            Punct::Paren => {
                self.prev = Prev::Operator;
                self.open(
                    Open::Paren {
                        control: header && self.mode == Mode::Code,
                    },
                    start,
                )
            }
            Punct::Bracket => {
                let mut close = start + 1;
                while self
                    .bytes
                    .get(close)
                    .is_some_and(|&b| matches!(b, b' ' | b'\t'))
                {
                    close += 1;
                }
                if was_operand && self.bytes.get(close) == Some(&b']') {
                    // `X[]`: an array type, which nests its element type.
                    self.i = close + 1;
                    return self.deeper(start);
                }
                self.prev = Prev::Operator;
                self.open(Open::Bracket, start)
            }
            Punct::Brace => {
                self.prev = Prev::Operator;
                self.open(Open::Brace, start)
            }
            Punct::Close => {
                let control = matches!(self.close(), Some(Open::Paren { control: true }));
                self.prev = if control {
                    Prev::Control
                } else {
                    Prev::Operand
                };
                None
            }
            Punct::CloseBrace => {
                self.pop_angles();
                if self.mode == Mode::Code
                    && self
                        .stack
                        .last()
                        .is_some_and(|f| f.open == Open::Substitution)
                {
                    self.close();
                    return self.template(start);
                }
                self.close();
                self.prev = Prev::Brace;
                None
            }
            Punct::Semicolon => {
                self.last_semicolon = Some(start);
                self.pop_angles();
                self.depth = self.floor();
                self.prev = Prev::Operator;
                None
            }
            Punct::Comma => {
                self.depth = self.floor();
                self.prev = Prev::Operator;
                None
            }
            Punct::Angle => {
                self.prev = Prev::Operator;
                self.open(Open::Angle, start)
            }
            Punct::CloseAngles => {
                // Closing type arguments: what follows them (a call, an
                // assertion's operand) still counts them as one level.
                let mut closed = None;
                for _ in 0..len {
                    match self.stack.last() {
                        Some(f) if f.open == Open::Angle => {
                            closed = Some(f.saved);
                            self.stack.pop();
                        }
                        _ => break,
                    }
                }
                if let Some(saved) = closed {
                    self.depth = saved + 1;
                }
                self.prev = Prev::Operator;
                None
            }
            Punct::Dot => {
                self.prev = Prev::Dot;
                None
            }
            Punct::OptionalDot => {
                self.prev = Prev::Dot;
                self.deeper(start)
            }
            Punct::Step if was_operand => None,
            Punct::Sign if was_operand => {
                self.prev = Prev::Operator;
                None
            }
            Punct::Not => {
                self.statement_may_end(true);
                self.prev = Prev::Operator;
                self.deeper(start)
            }
            Punct::Step => {
                self.statement_may_end(true);
                self.prev = Prev::Operator;
                self.deeper(start)
            }
            Punct::Sign | Punct::Deepens => {
                self.prev = Prev::Operator;
                self.deeper(start)
            }
            Punct::Other => {
                self.prev = Prev::Operator;
                None
            }
        }
    }

    /// After a complete statement, a token that starts a new one ends the
    /// nesting of the old one: after a `}`, or after an operand and a line
    /// break (automatic semicolon insertion). `starts` says whether the
    /// token can start a statement but not continue an expression.
    fn statement_may_end(&mut self, starts: bool) {
        let ended = match self.prev {
            Prev::Brace => true,
            Prev::Operand => self.line_break,
            _ => false,
        };
        if ended && starts {
            self.pop_angles();
            self.depth = self.floor();
        }
    }

    /// The depth of a statement or list element in the innermost bracket.
    fn floor(&self) -> usize {
        self.stack.last().map_or(0, |f| f.saved + 1)
    }

    fn deeper(&mut self, at: usize) -> Option<usize> {
        self.depth += 1;
        (self.depth > self.limit).then_some(at)
    }

    fn open(&mut self, open: Open, at: usize) -> Option<usize> {
        self.stack.push(Frame {
            open,
            saved: self.depth,
        });
        self.deeper(at)
    }

    /// Closes the innermost bracket (and any `<` inside it).
    fn close(&mut self) -> Option<Open> {
        self.pop_angles();
        let frame = self.stack.pop()?;
        self.depth = frame.saved;
        Some(frame.open)
    }

    fn pop_angles(&mut self) {
        while let Some(f) = self.stack.last() {
            if f.open != Open::Angle {
                break;
            }
            self.depth = f.saved;
            self.stack.pop();
        }
    }

    fn char_at(&self, i: usize) -> char {
        self.text
            .get(i..)
            .and_then(|s| s.chars().next())
            .unwrap_or(' ')
    }

    fn skip_line_comment(&mut self) {
        while self.i < self.bytes.len() {
            let b = self.bytes[self.i];
            if b == b'\n' || b == b'\r' || (b >= 0x80 && is_line_terminator(self.char_at(self.i))) {
                return;
            }
            self.i += 1;
        }
    }

    fn skip_block_comment(&mut self) {
        self.i += 2;
        while self.i < self.bytes.len() {
            let b = self.bytes[self.i];
            if b == b'*' && self.bytes.get(self.i + 1) == Some(&b'/') {
                self.i += 2;
                return;
            }
            if b == b'\n' || b == b'\r' || (b >= 0x80 && is_line_terminator(self.char_at(self.i))) {
                self.line_break = true;
            }
            self.i += 1;
        }
    }

    /// Skips a string literal; false when a line break or the end of the
    /// text comes first (then nothing is skipped).
    fn skip_string(&mut self, quote: u8) -> bool {
        let mut i = self.i + 1;
        while i < self.bytes.len() {
            match self.bytes[i] {
                b if b == quote => {
                    self.i = i + 1;
                    return true;
                }
                // An escaped line break continues the string.
                b'\\' => {
                    i += if self.bytes[i + 1..].starts_with(b"\r\n") {
                        3
                    } else {
                        2
                    }
                }
                b'\n' | b'\r' => return false,
                _ => i += 1,
            }
        }
        false
    }

    fn skip_number(&mut self) {
        let mut i = self.i;
        while i < self.bytes.len() {
            let b = self.bytes[i];
            // An exponent's sign belongs to the number (`1e+5`), unless hex.
            let sign = matches!(b, b'+' | b'-')
                && matches!(self.bytes[i - 1], b'e' | b'E')
                && !self.bytes[self.i..].starts_with(b"0x")
                && !self.bytes[self.i..].starts_with(b"0X");
            if b.is_ascii_alphanumeric() || matches!(b, b'_' | b'.') || sign {
                i += 1;
            } else {
                break;
            }
        }
        self.i = i;
    }

    /// The end (after its flags) of the regular expression at `start`, if
    /// one ends on this line.
    fn regex_end(&self, start: usize) -> Option<usize> {
        let mut i = start + 1;
        let mut class = false;
        loop {
            let b = *self.bytes.get(i)?;
            match b {
                b'\n' | b'\r' => return None,
                b'\\' => {
                    let next = *self.bytes.get(i + 1)?;
                    if next == b'\n' || next == b'\r' {
                        return None;
                    }
                    i += 1 + self.char_at(i + 1).len_utf8();
                    continue;
                }
                b'[' => class = true,
                b']' => class = false,
                b'/' if !class => break,
                0x80.. => {
                    let c = self.char_at(i);
                    if is_line_terminator(c) {
                        return None;
                    }
                    i += c.len_utf8();
                    continue;
                }
                _ => {}
            }
            i += 1;
        }
        // Flags.
        i += 1;
        while i < self.bytes.len()
            && (self.bytes[i].is_ascii_alphanumeric() || self.bytes[i] == b'_')
        {
            i += 1;
        }
        Some(i)
    }
}

/// What a word does to the nesting.
#[derive(Clone, Copy, PartialEq)]
enum Word {
    /// `if`: its statement nests, except right after `else`.
    If,
    /// `for`, `while`, `with`: a header, then a nested statement.
    Loop,
    Else,
    /// `await`: an operand nests; `for await (` is still a header.
    Await,
    /// `switch`, `catch`: a header, no level of their own.
    Header,
    /// Prefix operators and words whose operand or body nests: `do`,
    /// `typeof`, `void`, `delete`, `new`, `yield`, `extends`, and
    /// TypeScript's `keyof`, `readonly`, `infer`, `unique`.
    Prefix,
    /// Binary words that continue an expression: `in`, `instanceof`, `of`,
    /// `as`, `satisfies`.
    Infix,
    /// `case`, `default`.
    Clause,
    /// `return`, `throw`, `export`, `import`: an operand follows.
    Keyword,
    /// Any other identifier.
    Name,
}

/// A word of up to 16 bytes as one number: the keyword table is then
/// searched with integer comparisons instead of one string comparison
/// per keyword (this scan runs over every byte of every file).
const fn pack(word: &[u8]) -> u128 {
    let mut packed = 0u128;
    let mut i = 0;
    while i < word.len() {
        packed = packed << 8 | word[i] as u128;
        i += 1;
    }
    packed
}

const KEYWORDS: [(u128, Word); 30] = [
    (pack(b"if"), Word::If),
    (pack(b"for"), Word::Loop),
    (pack(b"while"), Word::Loop),
    (pack(b"with"), Word::Loop),
    (pack(b"else"), Word::Else),
    (pack(b"await"), Word::Await),
    (pack(b"switch"), Word::Header),
    (pack(b"catch"), Word::Header),
    (pack(b"do"), Word::Prefix),
    (pack(b"typeof"), Word::Prefix),
    (pack(b"void"), Word::Prefix),
    (pack(b"delete"), Word::Prefix),
    (pack(b"new"), Word::Prefix),
    (pack(b"yield"), Word::Prefix),
    (pack(b"extends"), Word::Prefix),
    (pack(b"keyof"), Word::Prefix),
    (pack(b"readonly"), Word::Prefix),
    (pack(b"infer"), Word::Prefix),
    (pack(b"unique"), Word::Prefix),
    (pack(b"in"), Word::Infix),
    (pack(b"instanceof"), Word::Infix),
    (pack(b"of"), Word::Infix),
    (pack(b"as"), Word::Infix),
    (pack(b"satisfies"), Word::Infix),
    (pack(b"case"), Word::Clause),
    (pack(b"default"), Word::Clause),
    (pack(b"return"), Word::Keyword),
    (pack(b"throw"), Word::Keyword),
    (pack(b"export"), Word::Keyword),
    (pack(b"import"), Word::Keyword),
];

fn word_kind(word: &[u8]) -> Word {
    // Every keyword is lowercase ASCII, 2 to 10 bytes long.
    if !(2..=10).contains(&word.len()) || !word[0].is_ascii_lowercase() {
        return Word::Name;
    }
    let packed = pack(word);
    KEYWORDS
        .iter()
        .find(|(k, _)| *k == packed)
        .map_or(Word::Name, |&(_, kind)| kind)
}

/// What a punctuator does to the nesting.
#[derive(Clone, Copy, PartialEq)]
enum Punct {
    Paren,
    Bracket,
    Brace,
    /// `)` or `]`.
    Close,
    CloseBrace,
    Semicolon,
    Comma,
    /// `<`: type arguments or a comparison.
    Angle,
    /// `>`, `>>`, `>>>`: may close that many type argument lists.
    CloseAngles,
    Dot,
    OptionalDot,
    /// `+` or `-`: binary after an operand, else a prefix operator.
    Sign,
    /// `++` or `--`.
    Step,
    /// `!` or `~`.
    Not,
    /// Operators whose right side nests: `?`, `:`, `**`, `=>`, `=` and
    /// every compound assignment.
    Deepens,
    /// Any other operator, which nests nothing.
    Other,
}

/// The length and kind of the punctuator at the start of `rest` (not
/// empty), longest match first as JavaScript reads it.
fn punctuator_at(rest: &[u8]) -> (usize, Punct) {
    use Punct::*;
    let at = |i: usize| rest.get(i).copied().unwrap_or(0);
    match (at(0), at(1), at(2), at(3)) {
        (b'(', ..) => (1, Paren),
        (b'[', ..) => (1, Bracket),
        (b'{', ..) => (1, Brace),
        (b')' | b']', ..) => (1, Close),
        (b'}', ..) => (1, CloseBrace),
        (b';', ..) => (1, Semicolon),
        (b',', ..) => (1, Comma),
        (b'.', b'.', b'.', _) => (3, Other),
        (b'.', ..) => (1, Dot),
        (b'?', b'.', ..) => (2, OptionalDot),
        (b'?', b'?', b'=', _) => (3, Deepens),
        (b'?', b'?', ..) => (2, Other),
        (b'?' | b':', ..) => (1, Deepens),
        (b'>', b'>', b'>', b'=') => (4, Deepens),
        (b'>', b'>', b'>', _) => (3, CloseAngles),
        (b'>', b'>', b'=', _) => (3, Deepens),
        (b'>', b'>', ..) => (2, CloseAngles),
        (b'>', b'=', ..) => (2, Other),
        (b'>', ..) => (1, CloseAngles),
        (b'<', b'<', b'=', _) => (3, Deepens),
        (b'<', b'<' | b'=', ..) => (2, Other),
        (b'<', ..) => (1, Angle),
        (b'=' | b'!', b'=', b'=', _) => (3, Other),
        (b'=' | b'!', b'=', ..) => (2, Other),
        (b'=', b'>', ..) => (2, Deepens),
        (b'=', ..) => (1, Deepens),
        (b'!' | b'~', ..) => (1, Not),
        (b'*', b'*', b'=', _) => (3, Deepens),
        (b'*', b'*' | b'=', ..) => (2, Deepens),
        (b'+', b'+', ..) | (b'-', b'-', ..) => (2, Step),
        (b'+' | b'-', b'=', ..) => (2, Deepens),
        (b'+' | b'-', ..) => (1, Sign),
        (b'&', b'&', b'=', _) | (b'|', b'|', b'=', _) => (3, Deepens),
        (b'&', b'&', ..) | (b'|', b'|', ..) => (2, Other),
        (b'/' | b'%' | b'&' | b'|' | b'^', b'=', ..) => (2, Deepens),
        _ => (1, Other),
    }
}

/// ASCII letters, digits, `_` and `$`, by byte: the bytes that continue
/// an identifier without a closer look (most bytes of a file).
const IDENT_PART: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 256 {
        let c = b as u8;
        table[b] = c.is_ascii_alphanumeric() || c == b'_' || c == b'$';
        b += 1;
    }
    table
};

fn is_ident_start(b: u8) -> bool {
    b.is_ascii_alphabetic() || matches!(b, b'_' | b'$' | b'\\' | b'#' | b'@') || b >= 0x80
}

fn is_line_terminator(c: char) -> bool {
    matches!(c, '\n' | '\r' | '\u{2028}' | '\u{2029}')
}

/// JavaScript's white space beyond ASCII: no-break space, the byte order
/// mark, and the Unicode space separators.
fn is_space(c: char) -> bool {
    matches!(
        c,
        '\u{a0}' | '\u{feff}' | '\u{1680}' | '\u{2000}'
            ..='\u{200a}' | '\u{202f}' | '\u{205f}' | '\u{3000}'
    )
}

#[cfg(test)]
mod tests {
    use super::too_deep;

    const LIMIT: usize = 200;

    fn deep(text: &str) -> bool {
        too_deep(text, LIMIT).is_some()
    }

    #[test]
    fn every_recursing_construct_counts() {
        for unit in [
            "(",
            "[",
            "{",
            "!",
            "-",
            "~",
            "++",
            "a ? b : ",
            "a ? b\n: ",
            "a = ",
            "a\n= ",
            "a >>= ",
            "a => ",
            "typeof ",
            "new ",
            "await ",
            "void ",
            "delete ",
            "a ** ",
            "if (a) ",
            "if (a)\n",
            "else ",
            "while (a) ",
            "for (;;) ",
            "do ",
            "with (a) ",
            "l: ",
            "class extends ",
            "`${",
            "A<",
            "keyof ",
            "readonly ",
            "<a>",
            "x ? (y)\n: ",
        ] {
            assert!(deep(&unit.repeat(1000)), "{unit:?} x 1000");
        }
    }

    #[test]
    fn nothing_hides_depth() {
        let parens = format!("{}1{}", "(".repeat(1000), ")".repeat(1000));
        for text in [
            // Quotes inside a regular expression, or a template.
            format!("x = /'/ + {parens};"),
            format!("x = /\"/ + {parens};"),
            format!("x = `//` + {parens};"),
            format!("x = `/*`;\ny = {parens};\nz = `*/`;"),
            format!("x = '\\\n' + {parens};"),
            format!("if (a) /'/.test(b); x = {parens};"),
            // A division taken for a regular expression.
            format!("x = {{}} / {parens} / 2;"),
            format!("x = function () {{}} / {parens} / 2;"),
            format!("x = {{}} / {} 1 / 2;", "!".repeat(1000)),
            // TypeScript array types.
            format!("let x: X{};", "[]".repeat(1000)),
            // An unterminated string is read as code.
            format!("x = ' + {parens};"),
            // Unicode line terminators end comments.
            format!("// c\u{2028}x = {parens};"),
            // White space JavaScript knows, and escaped keywords.
            "if\u{a0}(a) ".repeat(1000),
            "\\u0069f (a) ".repeat(1000),
        ] {
            assert!(deep(&text), "{}", &text[..text.len().min(40)]);
        }
    }

    #[test]
    fn real_code_is_not_deep() {
        for text in [
            "A.hasMany(B, { foreignKey: { name: 'x' } });".to_string(),
            "const s = '((((((((((((((((((((';".to_string(),
            "const a = b\n".repeat(5000),
            format!("x = [{}];", "-1, ".repeat(5000)),
            "if (a) {} else if (b) {}\n".repeat(500),
            format!("if (a) {{}}{}", " else if (a) {}".repeat(150)),
            "if(a){}if(b){}for(;;){}while(c){}do{}while(d);".repeat(300),
            "class A extends Model {}\nA.init({}, { sequelize });\n".repeat(500),
            "class A extends Model { static associate(m) { this.hasMany(m.B); } }".repeat(500),
            "// what? why? (see below\n".repeat(500),
            "/* ===== !!!!! ----- */\n".repeat(500),
            "x = /[(]+/g; y = a / b / c;\n".repeat(500),
            "switch (x) { case 1: case 2: case 3: }".repeat(100),
            format!("switch (x) {{ {} }}", "case 1: ".repeat(500)),
            "const t = `${a}${b}${c}`;\n".repeat(500),
            "let x: Map<A, Map<B, C>> = f<T>(y) as any;\n".repeat(500),
            "a = b ? c : d;\nl: for (;;) { break l; }\n".repeat(500),
            "x = a < b && c > d || e <= f;\n".repeat(500),
            "let a: string[] = [[], [], a[0], b[ ]];\n".repeat(500),
            format!("const s = '{}';", "-=!".repeat(5000)),
        ] {
            assert_eq!(
                too_deep(&text, LIMIT),
                None,
                "{}",
                &text[..text.len().min(60)]
            );
        }
    }

    #[test]
    fn offsets_are_token_starts() {
        let text = format!("é = {}1;", "(".repeat(500));
        let at = too_deep(&text, LIMIT).expect("too deep");
        assert!(text.is_char_boundary(at));
        assert_eq!(&text[at..=at], "(");
    }
}
