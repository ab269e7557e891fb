//! The subcommands, one module each.

mod check;
mod explain;
mod rules;

use vakt::{Diagnostic, Outcome};

use crate::args::Command;
use crate::write::Stop;
use crate::{ExitStatus, Io};

/// Runs a parsed command.
pub(crate) fn run(command: Command, io: &mut Io<'_>) -> ExitStatus {
    let result = match command {
        Command::Check(args) => check::run(args, io),
        Command::Rules(args) => rules::run(&args, io),
        Command::Explain(args) => explain::run(args, io),
    };
    result.unwrap_or_else(|stop| stop.finish(io.stderr))
}

/// Writes a failed load's diagnostics to standard error: exit status 2.
fn load_failed(outcome: &Outcome, io: &mut Io<'_>) -> Result<ExitStatus, Stop> {
    let mut text =
        crate::human::diagnostics(&outcome.diagnostics, &outcome.sources, io.context.stderr);
    text.push_str(&crate::human::load_failed(outcome));
    crate::write::stream(io.stderr, &text)?;
    Ok(ExitStatus::Error)
}

/// Adds diagnostics found before the check (unreadable paths) in front of
/// the check's own; an error among them means nothing was checked.
fn prepend(outcome: &mut Outcome, diagnostics: Vec<Diagnostic>) {
    if diagnostics.iter().any(Diagnostic::is_error) {
        outcome.findings.clear();
    }
    outcome.diagnostics.splice(0..0, diagnostics);
}
