//! The subcommands, one module each.

mod check;
mod explain;
mod fmt;
mod rules;

use vakt::{Diagnostic, Outcome};
use vakt_syntax::{Origin, Sources, Span};

use crate::args::Command;
use crate::write::Stop;
use crate::{ExitStatus, Io};

/// Runs a parsed command.
pub(crate) fn run(command: Command, io: &mut Io<'_>) -> ExitStatus {
    let result = match command {
        Command::Check(args) => check::run(args, io),
        Command::Rules(args) => rules::run(&args, io),
        Command::Explain(args) => explain::run(args, io),
        Command::Fmt(args) => fmt::run(&args, io),
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

/// Where a rule comes from: a built-in pack's name, or a file's path.
fn rule_origin(sources: &Sources, header: Span) -> String {
    let Some(file) = sources.get(header.file) else {
        return String::new();
    };
    let name = file.name();
    match file.origin() {
        Origin::Builtin => name
            .strip_prefix("builtin/")
            .and_then(|n| n.strip_suffix(".vakt"))
            .unwrap_or(name)
            .to_owned(),
        Origin::User => name.to_owned(),
    }
}

/// Adds diagnostics found before the check (unreadable paths) in front of
/// the check's own; an error among them means nothing was checked.
fn prepend(outcome: &mut Outcome, diagnostics: Vec<Diagnostic>) {
    if diagnostics.iter().any(Diagnostic::is_error) {
        outcome.findings.clear();
    }
    outcome.diagnostics.splice(0..0, diagnostics);
}
