//! `vakt check`: load, check, render, exit status.

use vakt::output::{github, json, sarif};
use vakt::{CheckOptions, Outcome};

use super::prepend;
use crate::args::{CheckArgs, Format};
use crate::context::{Context, Style};
use crate::human;
use crate::loader::{FsLoader, reason};
use crate::write::{self, Stop};
use crate::{ExitStatus, Io, inputs};

pub(super) fn run(args: CheckArgs, io: &mut Io<'_>) -> Result<ExitStatus, Stop> {
    let inputs = inputs::collect(&args.paths, io.stdin, &io.context.cwd);
    let options = CheckOptions {
        rules: args.selection.rules,
        default_rules: !args.selection.no_default_rules,
        today: args.today.or(io.context.today),
    };
    let mut outcome = vakt::check(inputs.files, &FsLoader::new(&io.context.cwd), &options);
    prepend(&mut outcome, inputs.diagnostics);
    let status = ExitStatus::from(outcome.status(args.fail_on.into()));

    let (out, err) = render(&outcome, args.format, &io.context, args.output.is_some());
    write::stream(io.stderr, &err)?;
    match &args.output {
        Some(path) => {
            write::file_atomically(&io.context.cwd.join(path), out.as_bytes()).map_err(|e| {
                Stop::Failed(format!("cannot write `{}`: {}", path.display(), reason(&e)))
            })?
        }
        None => write::stream(io.stdout, &out)?,
    }
    Ok(status)
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
