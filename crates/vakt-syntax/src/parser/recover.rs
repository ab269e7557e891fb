//! Skipping ahead after a syntax error, to a point where parsing can go on.
//!
//! The scanners work on bytes: every character they stop at is ASCII, and
//! UTF-8 never uses ASCII bytes inside a multi-byte character, so the cursor
//! always lands on a character boundary. They skip strings and comments so a
//! bracket or newline inside them does not count. None of them recurse, so
//! 20,000 unclosed brackets are skipped like any other text.

use super::Parser;
use crate::ast::{is_declaration_keyword, is_reserved};
use crate::lexer;

impl Parser<'_> {
    /// After an error in a top-level item: on to the next line that starts a
    /// declaration.
    pub(super) fn recover_to_next_item(&mut self) {
        self.scan(|p, b, i, _| b == b'\n' && p.item_starts_at(i + 1));
        self.eat_char('\n');
    }

    /// After an error in an attribute: on to the next separator of the block,
    /// its closing `}`, or a line that starts a declaration.
    pub(super) fn recover_in_block(&mut self) {
        self.scan(|p, b, i, depth| match b {
            b'\n' => depth <= 0 || p.item_starts_at(i + 1),
            b',' | b';' | b'}' => depth <= 0,
            _ => false,
        });
    }

    /// After an error in a rule statement: on to the next line that starts an
    /// attribute (`name =`), closes the rule, or starts a declaration.
    pub(super) fn recover_statement(&mut self) {
        self.scan(|p, b, i, depth| match b {
            b'\n' => p.attr_or_close_starts_at(i + 1) || p.item_starts_at(i + 1),
            b'}' => depth <= 0,
            _ => false,
        });
    }

    /// Moves the cursor forward until `stop(parser, byte, offset, depth)`
    /// holds, or to the end of the file.
    fn scan(&mut self, stop: impl Fn(&Self, u8, usize, i64) -> bool) {
        let bytes = self.src.as_bytes();
        let mut depth: i64 = 0;
        let mut i = self.pos;
        while let Some(&b) = bytes.get(i) {
            if stop(self, b, i, depth) {
                self.pos = i;
                return;
            }
            let next = bytes.get(i + 1).copied();
            i = match (b, next) {
                (b'"', _) => skip_string(bytes, i + 1),
                (b'/', Some(b'/')) => find(bytes, i, b"\n").unwrap_or(bytes.len()),
                (b'/', Some(b'*')) => find(bytes, i + 2, b"*/").map_or(bytes.len(), |at| at + 2),
                (b'(' | b'[' | b'{', _) => {
                    depth += 1;
                    i + 1
                }
                (b')' | b']' | b'}', _) => {
                    depth -= 1;
                    i + 1
                }
                _ => i + 1,
            };
        }
        self.pos = bytes.len();
    }

    fn line_at(&self, i: usize) -> &str {
        let rest = self.src.get(i..).unwrap_or("");
        rest.trim_start_matches([' ', '\t', '\r'])
    }

    /// Whether the line starting at byte `i` begins a declaration: an item
    /// keyword followed by an id or a string (`zone lukket`, `use "x"`), not
    /// an attribute named like a keyword (`zone = lukket`).
    pub(super) fn item_starts_at(&self, i: usize) -> bool {
        let line = self.line_at(i);
        let Ok((after, word)) = lexer::word(line) else {
            return false;
        };
        if !is_declaration_keyword(word) {
            return false;
        }
        let after = after.trim_start_matches([' ', '\t']);
        if after.starts_with('"') {
            return true;
        }
        match lexer::word(after) {
            Ok((_, next)) => !is_reserved(next),
            Err(_) => false,
        }
    }

    fn attr_or_close_starts_at(&self, i: usize) -> bool {
        let line = self.line_at(i);
        if line.starts_with('}') {
            return true;
        }
        let Ok((after, _)) = lexer::word(line) else {
            return false;
        };
        let after = after.trim_start_matches([' ', '\t']);
        after.starts_with('=') && !after.starts_with("==")
    }
}

/// The index just past the string whose body starts at `i` (or the newline
/// that ends an unterminated one).
fn skip_string(bytes: &[u8], mut i: usize) -> usize {
    while let Some(&b) = bytes.get(i) {
        match b {
            b'"' => return i + 1,
            b'\n' => return i,
            b'\\' if bytes.get(i + 1) != Some(&b'\n') => i += 2,
            _ => i += 1,
        }
    }
    bytes.len()
}

fn find(bytes: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    bytes
        .get(from..)?
        .windows(needle.len())
        .position(|w| w == needle)
        .map(|at| at + from)
}
