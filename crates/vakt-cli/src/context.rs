//! What a run knows about the process it runs in: the working directory,
//! today's date and whether the output streams are terminals.

use std::io::IsTerminal;
use std::path::PathBuf;

use vakt_syntax::Date;

/// The width reports are laid out for when the output is not a terminal.
pub const DEFAULT_WIDTH: usize = 100;

/// How to style text for one output stream.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Style {
    /// Whether to use ANSI colours.
    pub color: bool,
    /// The width to lay reports out for.
    pub width: usize,
}

impl Style {
    /// No colour, [`DEFAULT_WIDTH`] columns: for files, pipes and tests.
    pub fn plain() -> Style {
        Style {
            color: false,
            width: DEFAULT_WIDTH,
        }
    }
}

/// The working directory, the date and the output styles of a run.
#[derive(Clone, Debug)]
pub struct Context {
    /// The directory relative paths are read from.
    pub cwd: PathBuf,
    /// Today, unless `--today` says otherwise: exceptions hold through their
    /// `until` date. `None` (a clock outside years 1000–9999) expires none.
    pub today: Option<Date>,
    /// How to style standard output.
    pub stdout: Style,
    /// How to style standard error.
    pub stderr: Style,
}

impl Context {
    /// A context for tests and embedders: `cwd`, `today`, no colour.
    pub fn new(cwd: impl Into<PathBuf>, today: Option<Date>) -> Context {
        Context {
            cwd: cwd.into(),
            today,
            stdout: Style::plain(),
            stderr: Style::plain(),
        }
    }

    /// The context of this process: its working directory, the system
    /// clock's date (UTC), and colour only on a terminal without `NO_COLOR`.
    pub fn from_process() -> Context {
        let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
        let stdout = std::io::stdout();
        let stderr = std::io::stderr();
        Context {
            cwd: std::env::current_dir().unwrap_or_else(|_| PathBuf::from(".")),
            today: system_today(),
            stdout: terminal_style(stdout.is_terminal(), no_color),
            stderr: terminal_style(stderr.is_terminal(), no_color),
        }
    }
}

fn terminal_style(terminal: bool, no_color: bool) -> Style {
    if !terminal {
        return Style::plain();
    }
    let width = terminal_size::terminal_size().map_or(DEFAULT_WIDTH, |(w, _)| usize::from(w.0));
    Style {
        color: !no_color,
        width,
    }
}

/// Today's date (UTC) from the system clock.
fn system_today() -> Option<Date> {
    #[expect(
        clippy::disallowed_methods,
        reason = "the CLI is where the clock is read; the core crates take today as a parameter"
    )]
    let now = std::time::SystemTime::now();
    let days = match now.duration_since(std::time::UNIX_EPOCH) {
        Ok(since) => i64::try_from(since.as_secs() / 86_400).ok()?,
        Err(before) => -i64::try_from(before.duration().as_secs().div_ceil(86_400)).ok()?,
    };
    Date::from_unix_days(days)
}
