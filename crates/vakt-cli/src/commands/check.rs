//! `vakt check`: load, check, render, exit status.

use vakt::Outcome;
use vakt::output::{github, json, sarif};

use super::{emit, load};
use crate::args::{CheckArgs, Format};
use crate::context::{Context, Style};
use crate::human;
use crate::write::{self, Stop};
use crate::{ExitStatus, Io};

pub(super) fn run(args: CheckArgs, io: &mut Io<'_>) -> Result<ExitStatus, Stop> {
    let outcome = load(args.model, io);
    let status = ExitStatus::from(outcome.status(args.fail_on.into()));
    let (out, err) = render(&outcome, args.format, &io.context, args.output.is_some());
    write::stream(io.stderr, &err)?;
    emit(args.output.as_deref(), &out, io)?;
    release(outcome);
    Ok(status)
}

/// Lets a large outcome go without freeing it piece by piece: the process
/// ends right after a check, and the system reclaims the memory at once
/// (freeing a million-flow model takes longer than checking part of it).
fn release(outcome: Outcome) {
    const LARGE: usize = 8 << 20;
    let size: usize = outcome.sources.iter().map(|(_, f)| f.text().len()).sum();
    if size > LARGE {
        std::mem::forget(outcome);
    }
}

/// The text for standard output (or `--output`) and for standard error.
fn render(outcome: &Outcome, format: Format, context: &Context, to_file: bool) -> (String, String) {
    match format {
        Format::Human => {
            let out_style = if to_file {
                Style::plain()
            } else {
                context.stdout
            };
            let err = human::diagnostics(&outcome.diagnostics, &outcome.sources, context.stderr);
            let out = if outcome.load_failed() {
                human::load_failed(outcome)
            } else {
                human::findings(outcome, out_style)
            };
            (out, err)
        }
        Format::Json => (json::render(outcome), String::new()),
        Format::Sarif => (sarif::render(outcome), String::new()),
        Format::Github => (github::render(outcome), String::new()),
    }
}
