//! Plain flows, read without a syntax tree.
//!
//! Most of a large model is flows written on one line —
//! `flow a -> b "Label" { carries = [c1, c2], channel = https }` — and
//! building their syntax tree (names copied into the tree, values in
//! vectors) only for the model builder to read it once and throw it away
//! costs more than the rest of their reading. [`Items::next_plain_flow`]
//! reads such a flow in one pass over the bytes into a [`PlainFlow`] that
//! borrows its names from the text. Anything else — a named or two-way
//! flow, a comment, a number, an escape, a dotted or hyphenated name, an
//! error — and it reads nothing, and the general parser reads the item.
//! [`PlainFlow::to_decl`] gives the tree the parser would have built (a test
//! compares them), so a consumer can always fall back to it.

use super::{Items, Parser};
use crate::ast::{Attr, Block, FlowDecl, Ident, StrLit, Value};
use crate::lexer::short_text;
use crate::span::{FileId, Span};

/// At most this many attributes and list entries in a plain flow (more,
/// and it is read the general way).
const MAX_ATTRS: usize = 5;
const MAX_NAMES: usize = 6;

/// A name in the text and where it is.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Name<'a> {
    /// The name.
    pub text: &'a str,
    /// Where it is.
    pub span: Span,
}

/// The value of an attribute of a plain flow.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum PlainValue<'a> {
    /// A name other than `true` and `false`.
    Name(Name<'a>),
    /// `true` or `false`.
    Bool(bool, Span),
    /// A string without escapes: its text, and its span with the quotes.
    Str(&'a str, Span),
    /// A list of names (see [`PlainFlow::list`]) and its span with brackets.
    List(ListRange, Span),
}

/// Which of a flow's list entries a list holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ListRange {
    start: u8,
    len: u8,
}

/// `key = value` in a plain flow.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct PlainAttr<'a> {
    /// The attribute name.
    pub key: Name<'a>,
    /// The value.
    pub value: PlainValue<'a>,
    /// Key to end of value.
    pub span: Span,
}

/// Fills the unused slots.
const NOWHERE: Span = Span {
    file: FileId(0),
    start: 0,
    end: 0,
};
const NO_ATTR: PlainAttr<'static> = PlainAttr {
    key: Name {
        text: "",
        span: NOWHERE,
    },
    value: PlainValue::Bool(false, NOWHERE),
    span: NOWHERE,
};

/// An unnamed one-way flow with plain names, an optional label without
/// escapes and a block of plain attributes, on one line.
#[derive(Clone, Debug)]
pub struct PlainFlow<'a> {
    /// The source system.
    pub from: Name<'a>,
    /// The target system.
    pub to: Name<'a>,
    /// The label's text and span (quotes included).
    pub label: Option<(&'a str, Span)>,
    /// As [`FlowDecl::header`].
    pub header: Span,
    /// The braces and everything between.
    pub block: Span,
    /// The whole item.
    pub span: Span,
    attrs: [PlainAttr<'a>; MAX_ATTRS],
    attr_count: u8,
    names: [Name<'a>; MAX_NAMES],
    name_count: u8,
}

impl<'a> PlainFlow<'a> {
    /// The attributes in source order.
    pub fn attrs(&self) -> &[PlainAttr<'a>] {
        self.attrs
            .get(..usize::from(self.attr_count))
            .unwrap_or_default()
    }

    /// The names of a list value.
    pub fn list(&self, range: ListRange) -> &[Name<'a>] {
        let start = usize::from(range.start);
        self.names
            .get(start..start + usize::from(range.len))
            .unwrap_or_default()
    }

    /// The syntax tree the general parser builds for this flow.
    pub fn to_decl(&self) -> FlowDecl {
        let ident = |n: &Name| Ident {
            text: short_text(n.text),
            span: n.span,
        };
        let attrs = self
            .attrs()
            .iter()
            .map(|a| Attr {
                key: ident(&a.key),
                value: match a.value {
                    PlainValue::Name(n) => Value::Name(ident(&n)),
                    PlainValue::Bool(b, span) => Value::Bool(b, span),
                    PlainValue::Str(text, span) => Value::Str(StrLit {
                        value: short_text(text),
                        span,
                    }),
                    PlainValue::List(range, span) => Value::List(
                        self.list(range)
                            .iter()
                            .map(|n| Value::Name(ident(n)))
                            .collect(),
                        span,
                    ),
                },
                span: a.span,
            })
            .collect();
        FlowDecl {
            id: None,
            from: ident(&self.from),
            to: ident(&self.to),
            both_ways: false,
            label: self.label.map(|(text, span)| StrLit {
                value: short_text(text),
                span,
            }),
            body: Some(Block {
                attrs,
                span: self.block,
            }),
            header: self.header,
            span: self.span,
            recovered: false,
        }
    }
}

impl<'a> PlainFlow<'a> {
    /// A flow to read into (the reader reuses one).
    pub(crate) fn empty() -> Self {
        PlainFlow {
            from: Name::default(),
            to: Name::default(),
            label: None,
            header: NOWHERE,
            block: NOWHERE,
            span: NOWHERE,
            attrs: [NO_ATTR; MAX_ATTRS],
            attr_count: 0,
            names: [Name::default(); MAX_NAMES],
            name_count: 0,
        }
    }
}

impl<'a> Items<'a> {
    /// Reads the next item if it is a plain flow (see [`PlainFlow`]);
    /// otherwise reads nothing, and [`Iterator::next`] reads the item.
    pub fn next_plain_flow(&mut self) -> Option<&PlainFlow<'a>> {
        let parser = &mut self.parser;
        parser.skip_trivia(true);
        // Read in place: a flow is several hundred bytes.
        let next = parser.plain_flow(parser.pos, &mut self.plain)?;
        parser.pos = next;
        Some(&self.plain)
    }
}

impl<'a> Parser<'a> {
    /// Reads a plain flow at `start` into `flow`; returns where the next
    /// item may start.
    fn plain_flow(&self, start: usize, flow: &mut PlainFlow<'a>) -> Option<usize> {
        let bytes = self.src.as_bytes();
        if !matches!(bytes.get(start..start + 5)?, b"flow " | b"flow\t") {
            return None;
        }
        let at = self.blanks(start + 4);
        let (from, from_end) = self.plain_name(at)?;
        let arrow = self.blanks(from_end);
        if bytes.get(arrow..arrow + 2)? != b"->" {
            return None;
        }
        let (to, to_end) = self.plain_name(self.blanks(arrow + 2))?;
        // Without a label the header ends after the blanks that follow the
        // target, as the general parser has it.
        let mut header_end = self.blanks(to_end);
        let mut label = None;
        if self.byte(header_end) == Some(b'"') {
            let (text, end) = self.plain_string(header_end)?;
            label = Some((text, self.span(header_end, end)));
            header_end = end;
        }
        let open = self.blanks(header_end);
        if self.byte(open) != Some(b'{') {
            return None;
        }
        flow.from = from;
        flow.to = to;
        flow.label = label;
        flow.header = self.span(start, header_end);
        flow.attr_count = 0;
        flow.name_count = 0;
        let mut at = open + 1;
        loop {
            while matches!(
                self.byte(at),
                Some(b' ' | b'\t' | b'\r' | b'\n' | b',' | b';')
            ) {
                at += 1;
            }
            if self.byte(at) == Some(b'}') {
                break;
            }
            let (key, key_end) = self.plain_name(at)?;
            let equals = self.blanks(key_end);
            if self.byte(equals) != Some(b'=') {
                return None;
            }
            let value_start = self.blanks(equals + 1);
            let (value, value_end) = self.plain_value(value_start, flow)?;
            let slot = flow.attrs.get_mut(usize::from(flow.attr_count))?;
            *slot = PlainAttr {
                key,
                value,
                span: self.span(at, value_end),
            };
            flow.attr_count += 1;
            at = self.blanks(value_end);
            if !matches!(self.byte(at), Some(b',' | b';' | b'\n' | b'}')) {
                return None;
            }
        }
        let close = at + 1;
        flow.block = self.span(open, close);
        flow.span = self.span(start, close);
        // The line must end after the block.
        let after = self.blanks(close);
        let next = match self.byte(after) {
            None => after,
            Some(b'\n' | b';') => after + 1,
            Some(_) => return None,
        };
        Some(next)
    }

    /// An id or attribute name: a plain word that is not reserved.
    fn plain_name(&self, at: usize) -> Option<(Name<'a>, usize)> {
        let (text, end) = self.unreserved_word(at)?;
        Some((
            Name {
                text,
                span: self.span(at, end),
            },
            end,
        ))
    }

    /// A name, `true`/`false`, a string without escapes or a list of
    /// names at `at`, and where it ends.
    fn plain_value(&self, at: usize, flow: &mut PlainFlow<'a>) -> Option<(PlainValue<'a>, usize)> {
        match self.byte(at)? {
            b'"' => {
                let (text, end) = self.plain_string(at)?;
                Some((PlainValue::Str(text, self.span(at, end)), end))
            }
            b'[' => self.plain_list(at, flow),
            _ => {
                let end = self.plain_word(at)?;
                let text = self.src.get(at..end)?;
                let span = self.span(at, end);
                let value = match text.as_bytes() {
                    b"true" => PlainValue::Bool(true, span),
                    b"false" => PlainValue::Bool(false, span),
                    _ => PlainValue::Name(Name { text, span }),
                };
                Some((value, end))
            }
        }
    }

    /// `[a, b]` (over one or more lines) of names other than `true` and
    /// `false`, kept among the flow's list entries.
    fn plain_list(&self, open: usize, flow: &mut PlainFlow<'a>) -> Option<(PlainValue<'a>, usize)> {
        let start = flow.name_count;
        let mut at = self.space(open + 1);
        while self.byte(at) != Some(b']') {
            let end = self.plain_word(at)?;
            let text = self.src.get(at..end)?;
            if matches!(text, "true" | "false") {
                return None;
            }
            let slot = flow.names.get_mut(usize::from(flow.name_count))?;
            *slot = Name {
                text,
                span: self.span(at, end),
            };
            flow.name_count += 1;
            at = self.space(end);
            match self.byte(at)? {
                b',' => at = self.space(at + 1),
                b']' => break,
                _ => return None,
            }
        }
        let range = ListRange {
            start,
            len: flow.name_count - start,
        };
        Some((PlainValue::List(range, self.span(open, at + 1)), at + 1))
    }

    /// A string at `at` with no escape or line break in it: its text
    /// between the quotes, and where it ends.
    fn plain_string(&self, at: usize) -> Option<(&'a str, usize)> {
        let body = self.src.get(at + 1..)?;
        let quote = memchr::memchr3(b'"', b'\\', b'\n', body.as_bytes())?;
        if body.as_bytes().get(quote) != Some(&b'"') {
            return None;
        }
        Some((body.get(..quote)?, at + 1 + quote + 1))
    }
}

#[cfg(test)]
mod tests;
