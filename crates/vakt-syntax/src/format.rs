//! The canonical printer (`vakt fmt`).
//!
//! One layout for every file, whatever its spacing:
//!
//! - Declarations in source order, one a line. A blank line (or several) in
//!   the source between two declarations becomes one blank line; none stays
//!   none, so grouped one-liners stay grouped. No trailing blanks, a single
//!   final newline, no byte order mark, `\n` line endings.
//! - Headers single-spaced: `system epj "Name" {`, `flow id: a -> b "Label"`.
//! - An attribute block prints as `{}` when empty, as `{ key = value }` when
//!   it has one attribute, no comment inside and fits in 100 columns, and
//!   otherwise one attribute a line, indented two, with `=` aligned to the
//!   longest key of the block. Rule bodies are laid out the same way, with
//!   the statement among the attributes in source order.
//! - Strings are re-escaped canonically; numbers, durations and dates print
//!   as their value (`10y`, `2026-12-31`). A list that does not fit breaks
//!   one element a line, each followed by `,`; in conditions, lists of short
//!   elements (at most 10 columns, like country codes) are filled several
//!   to a line instead.
//! - `each … must …` on one line if it fits, else broken before `must`;
//!   `forbid path` clauses each on their own line, aligned under `from`;
//!   long `and`/`or` chains break before each operator. Parentheses are
//!   printed exactly where the source has them.
//! - Comments are kept, in order: one on its own line stays on its own line
//!   before what follows it (blank lines before it handled as for
//!   declarations); one after code stays at the end of that line, two
//!   spaces after it (trailing comments are not aligned); one inside a block
//!   or list stays inside it, and the block or list is then never printed on
//!   one line. A comment inside a header or an attribute moves to the end of
//!   its output line. Inside a rule statement a `/* … */` comment moves to
//!   the end of the line that holds the token before it, and a `//` comment
//!   keeps its place: the line breaks after it as in the source, and the
//!   `and`/`or` chain or `each` statement around it breaks too. Comments
//!   that a `//` comment would swallow go on lines of their own after it.
//!   Comment text is kept as written, except for line endings and blanks at
//!   the end of its lines.
//!
//! [`format`] proves it kept the meaning: it parses its own output and
//! refuses to return it unless the declarations are equal to the input's
//! (ignoring spans) and the comments are the same, in the same order.

mod build;
mod comments;
mod doc;
mod expr;
mod same;
#[cfg(test)]
mod tests;

use crate::ast::Module;
use crate::diagnostic::Diagnostic;
use crate::parser::parse;
use crate::span::{FileId, Span};

/// The code of the diagnostic [`format`] returns when its output would not
/// mean the same as its input.
pub const FORMAT_CHANGED_MEANING: &str = "vakt::format-changed-meaning";

/// Formats a source file canonically. Refuses (returns the syntax
/// diagnostics) if it does not parse, and returns an error diagnostic
/// (code `vakt::format-changed-meaning`, [`FORMAT_CHANGED_MEANING`]) instead of output if re-parsing
/// the output gives a different tree or loses a comment.
pub fn format(file: FileId, text: &str) -> Result<String, Vec<Diagnostic>> {
    let parsed = parse(file, text);
    if !parsed.diagnostics.is_empty() {
        return Err(parsed.diagnostics);
    }
    let output = print(text, &parsed.module);
    check(text, &parsed.module, &output).map_err(|d| vec![d])?;
    Ok(output)
}

/// Lays out a module parsed from `text`, without checking the result.
fn print(text: &str, module: &Module) -> String {
    let comments = comments::Comments::new(text, &module.comments);
    let mut builder = build::Builder::new(text, comments);
    let doc = builder.module(module);
    doc::render(&doc, &builder.comments)
}

/// The soundness check: the output parses to the same declarations and
/// keeps every comment.
fn check(input: &str, module: &Module, output: &str) -> Result<(), Diagnostic> {
    let reparsed = parse(module.file, output);
    let file_start = Span::point(module.file, 0);
    if !reparsed.diagnostics.is_empty() {
        return Err(changed(file_start, "the formatted file would not parse"));
    }
    if let Some(at) = same::first_difference(&module.items, &reparsed.module.items) {
        let at = module.items.get(at).map_or(file_start, |item| item.span());
        return Err(changed(at, "this declaration would read differently"));
    }
    let before = comments::texts(input, &module.comments);
    let after = comments::texts(output, &reparsed.module.comments);
    if before != after {
        let at = module
            .comments
            .iter()
            .zip(&before)
            .zip(after.iter().map(Some).chain(std::iter::repeat(None)))
            .find(|((_, b), a)| Some(*b) != *a)
            .map_or(file_start, |((c, _), _)| c.span);
        return Err(changed(at, "this comment would be lost or changed"));
    }
    Ok(())
}

fn changed(at: Span, label: &str) -> Diagnostic {
    Diagnostic::error(
        FORMAT_CHANGED_MEANING,
        "formatting would change the meaning of the file",
    )
    .with_label(at, label)
    .with_help(
        "the file was left as it is; this is a bug in the formatter, please report it with this file",
    )
}
