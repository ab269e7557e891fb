//! The `vakt` command-line tool, as a library that runs in process.
//!
//! [`run`] takes the arguments and an [`Io`] (standard streams plus what
//! the process knows about where it runs) and returns an [`ExitStatus`];
//! `main` only connects it to the real process. Only this crate touches the
//! file system, the environment and the clock (SPEC §6, STYLE item 8), and
//! each place that does says why.
//!
//! Where output goes: with `--format human`, diagnostics (problems loading
//! the model or rules) go to standard error, and findings and the summary
//! line to standard output, so `vakt check > report.txt` keeps the report
//! and still shows load problems on the terminal. With `--format json`,
//! `sarif` or `github` the whole answer, diagnostics included, is one document on
//! standard output. `--output FILE` replaces standard output.

mod args;
mod commands;
mod context;
mod human;
mod inputs;
mod loader;
mod write;

use std::ffi::OsString;
use std::io::{Read, Write};

use clap::Parser;

pub use context::{Context, Style};

/// The standard streams and the context of one run.
pub struct Io<'a> {
    /// Standard input (read for the path `-`).
    pub stdin: &'a mut dyn Read,
    /// Standard output.
    pub stdout: &'a mut dyn Write,
    /// Standard error.
    pub stderr: &'a mut dyn Write,
    /// The working directory, today's date and how to style output.
    pub context: Context,
}

/// How a run ended: the process exit code (SPEC §6).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ExitStatus {
    /// 0: no finding at or above `--fail-on` (also `--help`, `--version`,
    /// and a reader that closed the output early).
    Success,
    /// 1: findings at or above `--fail-on`.
    Findings,
    /// 2: the model or rules could not be loaded, or bad usage.
    Error,
}

impl ExitStatus {
    /// 0, 1 or 2.
    pub fn code(self) -> u8 {
        match self {
            ExitStatus::Success => 0,
            ExitStatus::Findings => 1,
            ExitStatus::Error => 2,
        }
    }
}

impl From<vakt::Status> for ExitStatus {
    fn from(status: vakt::Status) -> Self {
        match status {
            vakt::Status::Clean => ExitStatus::Success,
            vakt::Status::Findings => ExitStatus::Findings,
            vakt::Status::LoadError => ExitStatus::Error,
        }
    }
}

/// Runs `vakt` with `args` (the program name first, as in `std::env::args_os`).
pub fn run<I, T>(args: I, io: &mut Io<'_>) -> ExitStatus
where
    I: IntoIterator<Item = T>,
    T: Into<OsString> + Clone,
{
    match args::Cli::try_parse_from(args) {
        Ok(cli) => commands::run(cli.command, io),
        Err(error) => usage(&error, io),
    }
}

/// Prints a clap error, or the help or version it stands for.
fn usage(error: &clap::Error, io: &mut Io<'_>) -> ExitStatus {
    let to_stderr = error.use_stderr();
    let style = if to_stderr {
        io.context.stderr
    } else {
        io.context.stdout
    };
    let rendered = error.render();
    let text = if style.color {
        rendered.ansi().to_string()
    } else {
        rendered.to_string()
    };
    let status = if error.exit_code() == 0 {
        ExitStatus::Success
    } else {
        ExitStatus::Error
    };
    let written = if to_stderr {
        write::stream(io.stderr, &text)
    } else {
        write::stream(io.stdout, &text)
    };
    match written {
        Ok(()) => status,
        Err(stop) => stop.finish(io.stderr),
    }
}
