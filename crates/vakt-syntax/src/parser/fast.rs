//! A fast path for the attributes of a block, the bulk of a large model.
//!
//! `key = value` with a plain name, string, number or flat list, followed
//! by the end of the entry, is read here in one pass over the bytes, without
//! the general parser's per-token calls. Anything else — a comment, a
//! dotted or hyphenated name, a reserved word, a nested list, an error —
//! makes it give up without moving, and the general parser reads the entry
//! (and reports what is wrong). Both build the same tree: a test compares
//! them on generated blocks.

use super::Parser;
use crate::ast::{Attr, Ident, StrLit, Value, is_reserved};
use crate::lexer::{self, Number, short_text};

impl<'a> Parser<'a> {
    /// Reads a simple attribute at the cursor and leaves the cursor after
    /// its value, or returns `None` and leaves the cursor where it was.
    pub(super) fn simple_attr(&mut self) -> Option<Attr> {
        let start = self.pos;
        let (key, key_end) = self.unreserved_word(start)?;
        let equals = self.blanks(key_end);
        if self.byte(equals) != Some(b'=') {
            return None;
        }
        let value_start = self.blanks(equals + 1);
        let (value, value_end) = match self.byte(value_start)? {
            b'[' => self.simple_list(value_start)?,
            _ => self.simple_value(value_start)?,
        };
        let after = self.blanks(value_end);
        if !matches!(self.byte(after), None | Some(b'\n' | b',' | b';' | b'}')) {
            return None;
        }
        self.pos = value_end;
        Some(Attr {
            key: Ident {
                text: short_text(key),
                span: self.span(start, key_end),
            },
            value,
            span: self.span(start, value_end),
        })
    }

    /// Reads a plain id that is not reserved at the cursor, or returns
    /// `None` and leaves the cursor where it was.
    pub(super) fn simple_id(&mut self) -> Option<Ident> {
        let start = self.pos;
        let (text, end) = self.unreserved_word(start)?;
        self.pos = end;
        Some(Ident {
            text: short_text(text),
            span: self.span(start, end),
        })
    }

    /// A plain word at `at` that is not reserved (declaration keywords
    /// are), and where it ends: what an attribute name or id starts with.
    #[inline(always)]
    pub(super) fn unreserved_word(&self, at: usize) -> Option<(&'a str, usize)> {
        #[cfg(test)]
        if self.slow_only {
            return None;
        }
        let end = self.plain_word(at)?;
        let word = self.src.get(at..end)?;
        (!is_reserved(word)).then_some((word, end))
    }

    /// `[a, "b", 7d]` with values on one or more lines; no nesting.
    fn simple_list(&mut self, open: usize) -> Option<(Value, usize)> {
        let mut values = self.spare_values.pop().unwrap_or_default();
        let mut at = self.space(open + 1);
        if self.byte(at) != Some(b']') {
            loop {
                let Some((value, end)) = self.simple_value(at) else {
                    values.clear();
                    self.spare_values.push(values);
                    return None;
                };
                values.push(value);
                at = self.space(end);
                match self.byte(at) {
                    Some(b',') => at = self.space(at + 1),
                    Some(b']') => break,
                    _ => {
                        values.clear();
                        self.spare_values.push(values);
                        return None;
                    }
                }
                if self.byte(at) == Some(b']') {
                    break;
                }
            }
        }
        Some((Value::List(values, self.span(open, at + 1)), at + 1))
    }

    /// A name, `true`/`false`, a string or a number starting at `at`.
    fn simple_value(&self, at: usize) -> Option<(Value, usize)> {
        let rest = self.src.get(at..)?;
        match self.byte(at)? {
            b'"' => {
                let (after, value) = lexer::string(rest).ok()?;
                let end = self.src.len() - after.len();
                let span = self.span(at, end);
                Some((Value::Str(StrLit { value, span }), end))
            }
            b'0'..=b'9' => {
                let (after, number) = lexer::number(rest).ok()?;
                let end = self.src.len() - after.len();
                let span = self.span(at, end);
                let value = match number {
                    Number::Int(n) => Value::Int(n, span),
                    Number::Duration(d) => Value::Duration(d, span),
                    Number::Date(d) => Value::Date(d, span),
                };
                Some((value, end))
            }
            _ => {
                let end = self.plain_word(at)?;
                let text = self.src.get(at..end)?;
                let span = self.span(at, end);
                // Byte patterns, not string equality: no `memcmp` call.
                let value = match text.as_bytes() {
                    b"true" => Value::Bool(true, span),
                    b"false" => Value::Bool(false, span),
                    _ => Value::Name(Ident {
                        text: short_text(text),
                        span,
                    }),
                };
                Some((value, end))
            }
        }
    }

    /// The end of an ASCII word starting at `at` (`[A-Za-z_][A-Za-z0-9_]*`)
    /// that is not part of a dotted, hyphenated or non-ASCII name.
    pub(super) fn plain_word(&self, at: usize) -> Option<usize> {
        let bytes = self.src.as_bytes();
        match bytes.get(at) {
            Some(b) if b.is_ascii_alphabetic() || *b == b'_' => {}
            _ => return None,
        }
        let rest = bytes.get(at + 1..)?;
        let len = rest
            .iter()
            .position(|&b| !lexer::is_word_byte(b))
            .unwrap_or(rest.len());
        let end = at + 1 + len;
        match bytes.get(end) {
            Some(b'.' | b'-') => None,
            Some(b) if *b >= 0x80 => None,
            _ => Some(end),
        }
    }

    /// Past blanks (spaces, tabs, carriage returns) from `at`.
    pub(super) fn blanks(&self, mut at: usize) -> usize {
        while matches!(self.byte(at), Some(b' ' | b'\t' | b'\r')) {
            at += 1;
        }
        at
    }

    /// Past blanks and line breaks from `at`.
    pub(super) fn space(&self, mut at: usize) -> usize {
        while matches!(self.byte(at), Some(b' ' | b'\t' | b'\r' | b'\n')) {
            at += 1;
        }
        at
    }

    pub(super) fn byte(&self, at: usize) -> Option<u8> {
        self.src.as_bytes().get(at).copied()
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use crate::parser::{parse, parse_slow};
    use crate::span::FileId;

    const KEYS: &[&str] = &[
        "zone",
        "owner",
        "stores",
        "a-b",
        "x.y",
        "system",
        "and",
        "_k1",
        "ÆØ",
        "retention",
        "",
    ];
    const IDS: &[&str] = &[
        "a", "s12", "a.b", "a-b", "and", "zone", "æ", "_x", "", "x\"y\"",
    ];
    const BEFORE_EQUALS: &[&str] = &["", " ", "\t", "  ", "\n"];
    const EQUALS: &[&str] = &["=", "", "=="];
    const VALUES: &[&str] = &[
        "z1",
        "true",
        "false",
        "truest",
        "\"s\"",
        "\"a\\\"b\"",
        "\"unterminated",
        "5y",
        "12",
        "7x",
        "2026-01-01",
        "2026-13-01",
        "99999999999999999999999",
        "[]",
        "[a, b]",
        "[a,\n b,]",
        "[a [b]]",
        "[\"x\", 3d]",
        "[a b]",
        "[a,",
        "a.b",
        "a-b",
        "a->b",
        "æ",
        "[a // c\n]",
        "[a /* c */]",
        "",
        "\"\"",
        "[true]",
        "_",
    ];
    const AFTER_VALUE: &[&str] = &[
        "", " ", "\t", " // c", " /* c */", "\r", " junk", "\u{feff}",
    ];
    const SEPARATORS: &[&str] = &[",", "\n", ";", ", ", ",\n", "\n\n", " ", "\r\n", ""];

    fn entry() -> impl Strategy<Value = String> {
        (
            prop::sample::select(KEYS),
            prop::sample::select(BEFORE_EQUALS),
            prop::sample::select(EQUALS),
            prop::sample::select(BEFORE_EQUALS),
            prop::sample::select(VALUES),
            prop::sample::select(AFTER_VALUE),
            prop::sample::select(SEPARATORS),
        )
            .prop_map(|(k, b, e, a, v, after, sep)| format!("{k}{b}{e}{a}{v}{after}{sep}"))
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]

        /// The fast path builds the tree, comments and diagnostics the
        /// general parser builds, on valid and broken blocks alike.
        #[test]
        fn fast_path_agrees_with_the_general_parser(
            entries in prop::collection::vec(entry(), 0..6),
            flow in any::<bool>(),
            id in prop::sample::select(IDS),
            other in prop::sample::select(IDS),
            arrow in prop::sample::select(&[" -> ", "->", " <-> ", " - ", ": a -> "][..]),
            closed in any::<bool>(),
        ) {
            let head = if flow {
                format!("flow {id}{arrow}{other}")
            } else {
                format!("system {id} \"S\"")
            };
            let close = if closed { "}" } else { "" };
            let text = format!("{head} {{ {} {close}\nzone z\n", entries.concat());
            let fast = parse(FileId(0), &text);
            let slow = parse_slow(FileId(0), &text);
            // `Debug` shows spans, which `PartialEq` ignores.
            prop_assert_eq!(format!("{:?}", fast.module), format!("{:?}", slow.module), "{}", text);
            prop_assert_eq!(format!("{:?}", fast.diagnostics), format!("{:?}", slow.diagnostics), "{}", text);
        }
    }
}
