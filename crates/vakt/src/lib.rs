//! vakt, a policy-as-code compliance checker for privacy.
//!
//! [`check`] runs the whole pipeline over a model's files — loading (through
//! a caller-provided [`Loader`]), name and type checks, the data-flow graph,
//! the rules and their exceptions — and returns an [`Outcome`] that the
//! renderers in [`output`] turn into the formats of SPEC §6. This crate does
//! no I/O: the CLI and the WebAssembly build are thin shells over it, the
//! latter through the JSON API of [`api`].

#![warn(clippy::print_stdout, clippy::print_stderr, clippy::disallowed_methods)]

pub mod api;
mod check;
pub mod output;
mod packs;
#[cfg(any(test, feature = "samples"))]
pub mod samples;
mod starter;

pub use check::{CheckOptions, FailOn, MAX_DIAGNOSTICS, Outcome, Status, Summary, check};
pub use packs::{DEFAULT_PACKS, PACKS};
pub use starter::{STARTER_FILE, STARTER_MODEL};
pub use vakt_model::{Input, Loader, Model, NoFiles, Pack, Threads};
pub use vakt_rules::{Finding, Hop, RuleInfo, Subject, Suppression};
pub use vakt_syntax::{Date, Diagnostic, Severity, Sources};
