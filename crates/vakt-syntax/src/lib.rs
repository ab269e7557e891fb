//! The vakt language: source files, spans, diagnostics, the syntax tree, the
//! parser and the canonical printer.
//!
//! This crate does no I/O: it reads text it is given.

#![warn(clippy::print_stdout, clippy::print_stderr, clippy::disallowed_methods)]

pub mod ast;
pub mod diagnostic;
mod excerpt;
mod format;
mod lexer;
pub mod literal;
pub mod parser;
pub mod source;
pub mod span;

pub use diagnostic::{Diagnostic, Label, Report, Severity, did_you_mean};
pub use format::{FORMAT_CHANGED_MEANING, format};
pub use literal::{Date, Duration, DurationUnit};
pub use parser::plain::{PlainFlow, PlainValue};
pub use parser::{Items, Parsed, parse};
pub use source::{LineCol, Origin, SourceFile, Sources};
pub use span::{FileId, Span};
