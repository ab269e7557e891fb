//! The parser: source text to [`Module`], with located diagnostics and
//! recovery, so one run reports every independent error of a file.
//!
//! Tokens come from the nom recognisers in [`crate::lexer`]; this module
//! drives them with a cursor, because separators depend on context
//! (newlines end declarations and attributes, but are plain whitespace
//! inside brackets and rule statements) and because recovery needs to skip
//! ahead to a safe point after an error.

mod expr;
mod fast;
mod items;
pub mod plain;
mod recover;
#[cfg(test)]
mod tests;

use crate::ast::{Comment, Module};
use crate::diagnostic::Diagnostic;
use crate::lexer::{self, LexError, LexResult, Problem};
use crate::span::{FileId, Span};

/// Brackets, parentheses, `not`s and the operands of an `and`/`or` chain
/// nest at most this deep: every stage after the parser recurses over the
/// tree, and the WebAssembly stack is small.
pub const MAX_DEPTH: u32 = 128;

/// A file stops being read after this many errors.
pub const MAX_ERRORS: usize = 50;

/// The result of parsing one file.
#[derive(Debug)]
pub struct Parsed {
    /// The syntax tree; items that could not be read are left out.
    pub module: Module,
    /// Syntax errors, in source order.
    pub diagnostics: Vec<Diagnostic>,
}

/// Parses the text of one file.
pub fn parse(file: FileId, text: &str) -> Parsed {
    parse_items(file, Items::new(file, text))
}

/// [`parse`] without the fast path for attributes (see `fast.rs`).
#[cfg(test)]
pub(crate) fn parse_slow(file: FileId, text: &str) -> Parsed {
    let mut stream = Items::new(file, text);
    stream.parser.slow_only = true;
    parse_items(file, stream)
}

fn parse_items(file: FileId, mut stream: Items<'_>) -> Parsed {
    let items = stream.by_ref().collect();
    let (comments, diagnostics) = stream.finish();
    Parsed {
        module: Module {
            file,
            items,
            comments,
        },
        diagnostics,
    }
}

/// The items of one file, parsed one at a time, so a caller can process
/// each and let it go (the checker never holds a whole syntax tree).
pub struct Items<'a> {
    parser: Parser<'a>,
    /// The last plain flow read (see [`Items::next_plain_flow`]).
    plain: plain::PlainFlow<'a>,
}

impl<'a> Items<'a> {
    /// Starts parsing `text`.
    pub fn new(file: FileId, text: &'a str) -> Self {
        let mut parser = Parser {
            src: text,
            pos: 0,
            file,
            comments: Vec::new(),
            comments_end: 0,
            diagnostics: Vec::new(),
            depth: 0,
            gave_up: false,
            scratch: Vec::new(),
            spare_attrs: Vec::new(),
            spare_values: Vec::new(),
            #[cfg(test)]
            slow_only: false,
            last_word: std::cell::Cell::new((usize::MAX, "")),
        };
        if text.len() >= u32::MAX as usize {
            parser.diagnostics.push(
                Diagnostic::error("vakt::file-too-large", "the file is too large to read")
                    .with_label(Span::point(file, 0), "")
                    .with_help(
                        "vakt reads files of up to 4 GiB; split the model into several files",
                    ),
            );
            parser.pos = text.len();
        }
        Items {
            parser,
            plain: plain::PlainFlow::empty(),
        }
    }

    /// Takes the attribute and list buffers of an item the caller is done
    /// with (leaving them empty) to reuse them for the items that follow: a
    /// caller that reads a large file item by item allocates them once, not
    /// once per item.
    pub fn recycle(&mut self, item: &mut crate::ast::Item) {
        let body = match item {
            crate::ast::Item::Entity(decl) => &mut decl.body,
            crate::ast::Item::Flow(decl) => &mut decl.body,
            _ => return,
        };
        if let Some(block) = body {
            self.parser.keep_spare(std::mem::take(&mut block.attrs));
        }
    }

    /// The comments and syntax errors of the file (call after the last item).
    pub fn finish(self) -> (Vec<Comment>, Vec<Diagnostic>) {
        (self.parser.comments, self.parser.diagnostics)
    }
}

impl Iterator for Items<'_> {
    type Item = crate::ast::Item;

    fn next(&mut self) -> Option<Self::Item> {
        self.parser.next_item()
    }
}

/// An error has been reported; the caller recovers.
#[derive(Debug)]
pub(crate) struct Reported;

pub(crate) type PResult<T> = Result<T, Reported>;

pub(crate) struct Parser<'a> {
    src: &'a str,
    pos: usize,
    file: FileId,
    comments: Vec<Comment>,
    /// Comments before this offset are already recorded (the parser may
    /// look ahead across the same trivia twice).
    comments_end: usize,
    diagnostics: Vec<Diagnostic>,
    depth: u32,
    gave_up: bool,
    /// Reused buffer for the attributes of the block being read.
    scratch: Vec<crate::ast::Attr>,
    /// Emptied attribute and list buffers of recycled items.
    spare_attrs: Vec<Vec<crate::ast::Attr>>,
    spare_values: Vec<Vec<crate::ast::Value>>,
    /// Reads every attribute with the general parser (to test the fast path).
    #[cfg(test)]
    slow_only: bool,
    /// Offset and text of the last word looked at.
    last_word: std::cell::Cell<(usize, &'a str)>,
}

/// At most this many spare buffers of each sort are kept.
const MAX_SPARES: usize = 16;

impl<'a> Parser<'a> {
    /// Empties a recycled block's attributes and keeps the buffers.
    fn keep_spare(&mut self, mut attrs: Vec<crate::ast::Attr>) {
        for attr in &mut attrs {
            if let crate::ast::Value::List(values, _) = &mut attr.value
                && self.spare_values.len() < MAX_SPARES
            {
                let mut values = std::mem::take(values);
                values.clear();
                self.spare_values.push(values);
            }
        }
        if self.spare_attrs.len() < MAX_SPARES {
            attrs.clear();
            self.spare_attrs.push(attrs);
        }
    }

    fn rest(&self) -> &'a str {
        self.src.get(self.pos..).unwrap_or("")
    }

    fn at_eof(&self) -> bool {
        self.pos >= self.src.len()
    }

    fn span(&self, start: usize, end: usize) -> Span {
        Span::new(
            self.file,
            u32::try_from(start).unwrap_or(u32::MAX),
            u32::try_from(end).unwrap_or(u32::MAX),
        )
    }

    fn span_from(&self, start: usize) -> Span {
        self.span(start, self.pos)
    }

    fn advance_to(&mut self, rest: &'a str) {
        self.pos = self.src.len() - rest.len();
    }

    /// Runs a token recogniser at the cursor and advances past what it read.
    fn lex<O>(
        &mut self,
        recogniser: impl FnOnce(&'a str) -> LexResult<'a, O>,
    ) -> Result<O, nom::Err<LexError<'a>>> {
        let (rest, out) = recogniser(self.rest())?;
        self.advance_to(rest);
        Ok(out)
    }

    fn peek_char(&self) -> Option<char> {
        match self.src.as_bytes().get(self.pos) {
            Some(&b) if b.is_ascii() => Some(char::from(b)),
            Some(_) => self.rest().chars().next(),
            None => None,
        }
    }

    fn eat_char(&mut self, c: char) -> bool {
        let here = if c.is_ascii() {
            self.src.as_bytes().get(self.pos).map(|&b| char::from(b))
        } else {
            self.peek_char()
        };
        if here == Some(c) {
            self.pos += c.len_utf8();
            true
        } else {
            false
        }
    }

    fn eat_str(&mut self, s: &str) -> bool {
        if self.rest().starts_with(s) {
            self.pos += s.len();
            true
        } else {
            false
        }
    }

    /// The undotted word at the cursor, if any. The parser often looks at a
    /// word before taking it; the last one is remembered.
    fn peek_word(&self) -> Option<&'a str> {
        let (at, word) = self.last_word.get();
        if at == self.pos && !word.is_empty() {
            return Some(word);
        }
        let rest = self.rest();
        let len = lexer::word_len(rest);
        if len == 0 {
            return None;
        }
        let word = rest.get(..len)?;
        self.last_word.set((self.pos, word));
        Some(word)
    }

    /// Takes the undotted word at the cursor.
    fn take_word(&mut self) -> Option<&'a str> {
        let word = self.peek_word()?;
        self.pos += word.len();
        Some(word)
    }

    /// Takes the dotted word at the cursor (`helse.journal`).
    fn take_dotted(&mut self) -> Option<&'a str> {
        let start = self.pos;
        let word = self.take_word()?;
        if self.src.as_bytes().get(self.pos) != Some(&b'.') {
            return Some(word);
        }
        while self.src.as_bytes().get(self.pos) == Some(&b'.') {
            match lexer::word(self.src.get(self.pos + 1..).unwrap_or("")) {
                Ok((_, segment)) => self.pos += 1 + segment.len(),
                Err(_) => break,
            }
        }
        self.src.get(start..self.pos)
    }

    fn at_keyword(&self, kw: &str) -> bool {
        self.peek_word() == Some(kw)
    }

    fn eat_keyword(&mut self, kw: &str) -> bool {
        if self.at_keyword(kw) {
            self.pos += kw.len();
            true
        } else {
            false
        }
    }

    /// Skips blanks and comments, and newlines too if `newlines`; returns
    /// whether a newline was crossed.
    #[inline(always)]
    fn skip_trivia(&mut self, newlines: bool) -> bool {
        // Most calls find a token at once, or after one space.
        let bytes = self.src.as_bytes();
        let is_trivia = |b: Option<&u8>| {
            b.is_some_and(|&b| lexer::TRIVIA_START.get(usize::from(b)) == Some(&true))
        };
        if !is_trivia(bytes.get(self.pos)) {
            return false;
        }
        if bytes.get(self.pos) == Some(&b' ') && !is_trivia(bytes.get(self.pos + 1)) {
            self.pos += 1;
            return false;
        }
        self.skip_trivia_slow(newlines)
    }

    #[inline(never)]
    fn skip_trivia_slow(&mut self, newlines: bool) -> bool {
        let bytes = self.src.as_bytes();
        let mut crossed = false;
        loop {
            match bytes.get(self.pos) {
                Some(b' ' | b'\t' | b'\r') => {
                    let rest = bytes.get(self.pos..).unwrap_or(&[]);
                    self.pos += rest
                        .iter()
                        .position(|b| !matches!(b, b' ' | b'\t' | b'\r'))
                        .unwrap_or(rest.len());
                }
                Some(b'\n') if newlines => {
                    self.pos += 1;
                    crossed = true;
                }
                // A byte-order mark counts as a blank.
                Some(0xEF) if bytes.get(self.pos + 1..self.pos + 3) == Some(&[0xBB, 0xBF]) => {
                    self.pos += 3
                }
                Some(b'/') => {
                    let start = self.pos;
                    match bytes.get(self.pos + 1) {
                        Some(b'/') => {
                            let len = bytes
                                .get(start..)
                                .and_then(|rest| rest.iter().position(|&b| b == b'\n'))
                                .unwrap_or(bytes.len() - start);
                            self.pos += len;
                            self.record_comment(start, len, false);
                        }
                        Some(b'*') => match self.lex(lexer::block_comment) {
                            Ok(text) => {
                                self.record_comment(start, text.len(), true);
                                crossed |= text.contains('\n');
                            }
                            Err(e) => {
                                self.report_lex(e);
                                self.pos = self.src.len();
                                return crossed;
                            }
                        },
                        _ => return crossed,
                    }
                }
                _ => return crossed,
            }
        }
    }

    fn record_comment(&mut self, start: usize, len: usize, block: bool) {
        if start >= self.comments_end {
            self.comments.push(Comment {
                span: self.span(start, start + len),
                block,
            });
            self.comments_end = start + len;
        }
    }

    /// Runs `f` one nesting level deeper, refusing past [`MAX_DEPTH`].
    fn nested<T>(&mut self, f: impl FnOnce(&mut Self) -> PResult<T>) -> PResult<T> {
        self.deeper()?;
        let result = f(self);
        self.depth -= 1;
        result
    }

    /// Goes one nesting level deeper (the caller restores the depth),
    /// refusing past [`MAX_DEPTH`].
    fn deeper(&mut self) -> PResult<()> {
        if self.depth >= MAX_DEPTH {
            let here = self.here_span();
            self.report(
                Diagnostic::error(
                    "vakt::nesting-too-deep",
                    format!("the text nests more than {MAX_DEPTH} levels deep"),
                )
                .with_label(here, "too deep")
                .with_help(
                    "flatten the list or expression (brackets, parentheses, `not` and each operand of an `and`/`or` chain count as a level)",
                ),
            );
            return Err(Reported);
        }
        self.depth += 1;
        Ok(())
    }

    /// Records a diagnostic, and gives up on the file after [`MAX_ERRORS`].
    fn report(&mut self, diagnostic: Diagnostic) {
        if self.gave_up {
            return;
        }
        if self.diagnostics.len() >= MAX_ERRORS {
            let here = self.here_span();
            self.diagnostics.push(
                Diagnostic::error(
                    "vakt::too-many-errors",
                    format!("too many syntax errors; stopped reading the file after {MAX_ERRORS}"),
                )
                .with_label(here, "stopped here")
                .with_help("fix the errors above and check again"),
            );
            self.gave_up = true;
            self.pos = self.src.len();
            return;
        }
        self.diagnostics.push(diagnostic);
    }

    fn report_lex(&mut self, error: nom::Err<LexError<'a>>) {
        let (nom::Err::Error(e) | nom::Err::Failure(e)) = error else {
            return;
        };
        let start = self.src.len() - e.input.len();
        let span = self.span(start, start + e.len.max(1).min(e.input.len()));
        let diagnostic = match e.problem {
            Problem::UnterminatedString => Diagnostic::error("vakt::unterminated-string", "unterminated string")
                .with_label(span, "this string has no closing `\"`")
                .with_help("close the string on the same line; write a line break inside it as `\\n`"),
            Problem::UnterminatedComment => Diagnostic::error("vakt::unterminated-comment", "unterminated block comment")
                .with_label(span, "this comment has no closing `*/`")
                .with_help("close the comment with `*/`"),
            Problem::InvalidEscape => Diagnostic::error("vakt::invalid-escape", "invalid escape in string")
                .with_label(span, "not a valid escape")
                .with_help("the escapes are `\\\"`, `\\\\`, `\\n`, `\\t` and `\\u{HEX}` (a Unicode scalar value)"),
            Problem::UnknownUnit(unit) => Diagnostic::error("vakt::invalid-number", format!("unknown duration unit `{unit}`"))
                .with_label(span, "not a number or a duration")
                .with_help("durations are a whole number and one of the units `h`, `d`, `w`, `mo`, `y`, such as `7d` or `10y`"),
            Problem::NumberTooLarge => Diagnostic::error("vakt::invalid-number", "number too large")
                .with_label(span, "too large")
                .with_help("numbers and durations must fit in 64 bits (counted in hours for durations)"),
            Problem::InvalidDate => Diagnostic::error("vakt::invalid-date", "invalid date")
                .with_label(span, "not a calendar date")
                .with_help("dates are written `YYYY-MM-DD` and must exist, such as `2026-12-31`"),
            Problem::Missing(_) => {
                let found = self.describe_here();
                Diagnostic::error("vakt::syntax-error", format!("unexpected {found}")).with_label(span, "")
            }
        };
        self.report(diagnostic);
    }

    /// A syntax error: "expected X, found Y" at the cursor.
    fn expected(&mut self, what: &str, help: Option<&str>) -> Reported {
        let found = self.describe_here();
        let span = self.here_span();
        let mut diagnostic = Diagnostic::error(
            "vakt::syntax-error",
            format!("expected {what}, found {found}"),
        )
        .with_label(span, format!("expected {what}"));
        if let Some(help) = help {
            diagnostic = diagnostic.with_help(help);
        }
        self.report(diagnostic);
        Reported
    }

    /// The span of the token at the cursor (after blanks), for labels.
    fn here_span(&self) -> Span {
        let rest = self.rest();
        let blank = lexer::blanks(rest).map_or(0, |(r, _)| rest.len() - r.len());
        let start = self.pos + blank;
        let after = rest.get(blank..).unwrap_or("");
        let len = match lexer::dotted_word(after) {
            Ok((_, w)) => w.len(),
            Err(_) => after.chars().next().map_or(0, char::len_utf8),
        };
        self.span(start, start + len)
    }

    /// Names the token at the cursor for an error message.
    fn describe_here(&self) -> String {
        let rest = self.rest().trim_start_matches([' ', '\t', '\r']);
        let Some(c) = rest.chars().next() else {
            return "end of file".to_owned();
        };
        if c == '\n' {
            return "end of line".to_owned();
        }
        if let Ok((_, w)) = lexer::dotted_word(rest) {
            let shown: String = w.chars().take(40).collect();
            let more = if shown.len() < w.len() { "…" } else { "" };
            return format!("`{shown}{more}`");
        }
        if c == '"' {
            return "a string".to_owned();
        }
        if c.is_ascii_digit() {
            return "a number".to_owned();
        }
        if c.is_control() || c == '\u{feff}' {
            return format!("character `{}`", c.escape_unicode());
        }
        format!("`{c}`")
    }
}
