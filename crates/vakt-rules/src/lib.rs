//! The vakt rule engine.
//!
//! Rules (SPEC §4) are compiled against a [`vakt_model::Model`] — every name
//! resolved to an attribute, an id or a symbol, types checked — and
//! evaluated with three-valued logic; path rules search the data-flow graph
//! breadth first; exceptions suppress findings. The result is a list of
//! [`Finding`]s.

#![warn(clippy::print_stdout, clippy::print_stderr, clippy::disallowed_methods)]

mod allow;
mod compile;
mod eval;
mod finding;
mod ir;
mod message;
mod packs;
mod path;
mod run;

pub use allow::UNUSED_ALLOW;
pub use finding::{Finding, Hop, RuleInfo, Subject, Suppression};
pub use packs::PACKS;

use vakt_model::{Model, Threads};
use vakt_syntax::{Date, Diagnostic};

/// How to run the rules.
#[derive(Clone, Copy, Debug, Default)]
pub struct Options {
    /// The date exceptions are compared with; none expire without one.
    pub today: Option<Date>,
    /// Whether to evaluate; without it, rules are only compiled and checked
    /// (for a model that failed to load).
    pub evaluate: bool,
    /// With two, a large model's entities are split between two threads.
    pub threads: Threads,
}

/// The outcome of running the rules of a model.
#[derive(Debug, Default)]
pub struct Evaluation {
    /// The loaded rules, in load order.
    pub rules: Vec<RuleInfo>,
    /// Findings, unsorted.
    pub findings: Vec<Finding>,
    /// Problems with the rules and exceptions (errors mean none ran).
    pub diagnostics: Vec<Diagnostic>,
}

/// Compiles every rule and exception of `model` and, if asked and they are
/// free of errors, runs them.
pub fn evaluate(model: &Model, options: Options) -> Evaluation {
    let mut diagnostics = Vec::new();
    let compiled = compile::compile(model, &mut diagnostics);
    let allows = allow::resolve(model, &compiled.infos, &mut diagnostics);
    let mut findings = Vec::new();
    if options.evaluate && !diagnostics.iter().any(Diagnostic::is_error) {
        findings = run::run_all(model, &compiled.rules, options.threads);
        allow::apply(&allows, &mut findings, options.today);
    }
    Evaluation {
        rules: compiled.infos,
        findings,
        diagnostics,
    }
}

#[cfg(test)]
mod tests;
