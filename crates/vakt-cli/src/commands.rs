//! The subcommands, one module each.

mod check;
mod doc;
mod explain;
mod fmt;
mod graph;
mod init;
mod rules;

use std::path::Path;

use vakt::{CheckOptions, Diagnostic, Outcome, Threads};

use crate::args::{Command, ModelArgs};
use crate::loader::{FsLoader, reason};
use crate::write::{self, Stop};
use crate::{ExitStatus, Io, inputs};

/// Runs a parsed command.
pub(crate) fn run(command: Command, io: &mut Io<'_>) -> ExitStatus {
    let result = match command {
        Command::Check(args) => check::run(args, io),
        Command::Rules(args) => rules::run(&args, io),
        Command::Explain(args) => explain::run(args, io),
        Command::Graph(args) => graph::run(args, io),
        Command::Doc(args) => doc::run(args, io),
        Command::Init(args) => init::run(&args, io),
        Command::Fmt(args) => fmt::run(&args, io),
    };
    result.unwrap_or_else(|stop| stop.finish(io.stderr))
}

/// Reads the model the paths name and checks it.
fn load(args: ModelArgs, io: &mut Io<'_>) -> Outcome {
    let threads = threads(args.threads);
    let inputs = inputs::collect(&args.paths, io.stdin, &io.context.cwd, threads);
    let options = CheckOptions {
        rules: args.selection.rules,
        default_rules: !args.selection.no_default_rules,
        today: args.today.or(io.context.today),
        threads,
    };
    let loader = FsLoader::new(&io.context.cwd, threads);
    let mut outcome = vakt::check(inputs.files, &loader, &options);
    prepend(&mut outcome, inputs.diagnostics);
    outcome
}

/// Two threads when asked for (`--threads`) or, by default, when the
/// machine has two cores or more.
fn threads(asked: Option<u32>) -> Threads {
    let available = || std::thread::available_parallelism().map_or(1, |n| n.get());
    match asked.map_or_else(available, |n| n as usize) {
        0 | 1 => Threads::One,
        _ => Threads::Two,
    }
}

/// For commands that describe a loaded model: a failed load's diagnostics
/// (exit status 2), or else the warnings, on standard error.
fn loaded(outcome: &Outcome, io: &mut Io<'_>) -> Result<Option<ExitStatus>, Stop> {
    if outcome.load_failed() {
        return load_failed(outcome, io).map(Some);
    }
    let warnings =
        crate::human::diagnostics(&outcome.diagnostics, &outcome.sources, io.context.stderr);
    write::stream(io.stderr, &warnings)?;
    Ok(None)
}

/// Writes a failed load's diagnostics to standard error: exit status 2.
fn load_failed(outcome: &Outcome, io: &mut Io<'_>) -> Result<ExitStatus, Stop> {
    let mut text =
        crate::human::diagnostics(&outcome.diagnostics, &outcome.sources, io.context.stderr);
    text.push_str(&crate::human::load_failed(outcome));
    write::stream(io.stderr, &text)?;
    Ok(ExitStatus::Error)
}

/// Writes one diagnostic (about the command line, not a file) to standard
/// error: exit status 2.
fn usage_error(diagnostic: Diagnostic, io: &mut Io<'_>) -> Result<ExitStatus, Stop> {
    let text = crate::human::diagnostics(
        &[diagnostic],
        &vakt_syntax::Sources::new(),
        io.context.stderr,
    );
    write::stream(io.stderr, &text)?;
    Ok(ExitStatus::Error)
}

/// Writes `text` to `--output FILE` (atomically) or to standard output.
fn emit(output: Option<&Path>, text: &str, io: &mut Io<'_>) -> Result<(), Stop> {
    match output {
        Some(path) => {
            write::file_atomically(&io.context.cwd.join(path), text.as_bytes()).map_err(|e| {
                Stop::Failed(format!("cannot write `{}`: {}", path.display(), reason(&e)))
            })
        }
        None => write::stream(io.stdout, text),
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
