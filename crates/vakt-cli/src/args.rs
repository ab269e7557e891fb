//! The command line (SPEC §6), declared with clap.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};
use vakt::FailOn;
use vakt_syntax::Date;

/// vakt checks a model of systems, data and flows against privacy rules.
#[derive(Debug, Parser)]
#[command(name = "vakt", version, propagate_version = true, max_term_width = 100)]
pub(crate) struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands, each with its own module under `commands/`. `fmt`
/// (SPEC §6) joins here.
#[derive(Debug, Subcommand)]
pub(crate) enum Command {
    /// Check a model against its rules.
    ///
    /// Exit status: 0 no finding at or above --fail-on, 1 such findings,
    /// 2 the model or rules could not be loaded, or bad usage.
    Check(CheckArgs),
    /// List the active rules: id, severity, title, and the pack or file.
    Rules(RulesArgs),
    /// Show a rule's title, severity, cite, help and source.
    Explain(ExplainArgs),
    /// Draw the model's data flows: zones as clusters, findings in red.
    ///
    /// Graphviz draws the DOT output (`vakt graph | dot -Tsvg > model.svg`);
    /// GitHub draws Mermaid in Markdown.
    Graph(GraphArgs),
    /// Write a Markdown record of processing activities (GDPR art. 30).
    Doc(DocArgs),
    /// Write a commented starter model to DIR/model.vakt.
    Init(InitArgs),
    /// Format model files canonically, in place (comments kept, meaning
    /// unchanged).
    ///
    /// Exit status: 0 done (or nothing to change), 1 with --check when a file
    /// would change, 2 when a file has syntax errors (it is left untouched)
    /// or cannot be written.
    Fmt(FmtArgs),
}

/// `vakt fmt`.
#[derive(Debug, Args)]
pub(crate) struct FmtArgs {
    /// Files or directories (every `*.vakt` inside), or `-` to format
    /// standard input to standard output [default: the current directory].
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// Write nothing; list the files that would change and exit with 1 if any.
    #[arg(long)]
    pub check: bool,
}

/// Which rules to load.
#[derive(Debug, Args)]
pub(crate) struct RuleSelection {
    /// A built-in rule pack (`kommune`) or a rule file to load as well.
    #[arg(long = "rules", value_name = "PACK|FILE")]
    pub rules: Vec<String>,
    /// Do not load the default packs (`core`, `gdpr`).
    #[arg(long)]
    pub no_default_rules: bool,
}

/// `vakt check`.
#[derive(Debug, Args)]
pub(crate) struct CheckArgs {
    #[command(flatten)]
    pub model: ModelArgs,
    /// The output format.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
    /// The lowest severity of finding that makes the exit status 1.
    #[arg(long, value_enum, value_name = "LEVEL", default_value_t = FailOnLevel::Error)]
    pub fail_on: FailOnLevel,
    /// Write the output to FILE instead of standard output.
    #[arg(long, short, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

/// `vakt rules`.
#[derive(Debug, Args)]
pub(crate) struct RulesArgs {
    #[command(flatten)]
    pub selection: RuleSelection,
}

/// `vakt explain`.
#[derive(Debug, Args)]
pub(crate) struct ExplainArgs {
    /// The rule id, such as `closed-zone-egress`.
    #[arg(value_name = "RULE-ID")]
    pub rule: String,
    /// A rule file to search as well (every built-in pack is searched).
    #[arg(long = "rules", value_name = "FILE")]
    pub rules: Vec<String>,
}

/// The model to read and how to check it, for commands that describe a
/// model (`graph`, `doc`).
#[derive(Debug, Args)]
pub(crate) struct ModelArgs {
    /// Model files or directories (every `*.vakt` inside), or `-` for
    /// standard input [default: the current directory].
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    #[command(flatten)]
    pub selection: RuleSelection,
    /// The date exceptions are compared with [default: today].
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date)]
    pub today: Option<Date>,
    /// Threads to use: with 2 or more, a large model is read, parsed,
    /// built and checked on two (vakt uses at most 2; the output is the
    /// same) [default: the number of cores].
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..))]
    pub threads: Option<u32>,
}

/// `vakt graph`.
#[derive(Debug, Args)]
pub(crate) struct GraphArgs {
    #[command(flatten)]
    pub model: ModelArgs,
    /// The output format.
    #[arg(long, value_enum, default_value_t = GraphFormat::Dot)]
    pub format: GraphFormat,
    /// Draw only the flows that carry this category (or a descendant of
    /// it), and the systems they touch or that hold it.
    #[arg(long, value_name = "CATEGORY")]
    pub category: Option<String>,
    /// Write the output to FILE instead of standard output.
    #[arg(long, short, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

/// `vakt graph --format`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub(crate) enum GraphFormat {
    /// Graphviz DOT.
    Dot,
    /// A Mermaid flowchart.
    Mermaid,
    /// Zones, nodes and edges with their attributes, as JSON.
    Json,
}

/// `vakt doc`.
#[derive(Debug, Args)]
pub(crate) struct DocArgs {
    #[command(flatten)]
    pub model: ModelArgs,
    /// The language of the record.
    #[arg(long, value_enum, default_value_t = Lang::Nb)]
    pub lang: Lang,
    /// Write the output to FILE instead of standard output.
    #[arg(long, short, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

/// `vakt doc --lang`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub(crate) enum Lang {
    /// Norwegian (bokmål).
    Nb,
    /// English.
    En,
}

/// `vakt init`.
#[derive(Debug, Args)]
pub(crate) struct InitArgs {
    /// The directory to write `model.vakt` in (created if missing)
    /// [default: the current directory].
    #[arg(value_name = "DIR")]
    pub dir: Option<PathBuf>,
}

/// `--format`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub(crate) enum Format {
    /// Reports with source excerpts, and a summary line.
    Human,
    /// One JSON object (format version 1): summary, findings, diagnostics.
    Json,
    /// SARIF 2.1.0, for code scanning (GitHub and others).
    Sarif,
    /// GitHub Actions workflow commands (annotations).
    Github,
}

/// `--fail-on`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub(crate) enum FailOnLevel {
    /// Error findings fail.
    Error,
    /// Warning and error findings fail.
    Warning,
    /// Every finding fails.
    Info,
    /// Findings never fail; load errors still do.
    Never,
}

impl From<FailOnLevel> for FailOn {
    fn from(level: FailOnLevel) -> Self {
        match level {
            FailOnLevel::Error => FailOn::Error,
            FailOnLevel::Warning => FailOn::Warning,
            FailOnLevel::Info => FailOn::Info,
            FailOnLevel::Never => FailOn::Never,
        }
    }
}

fn parse_date(text: &str) -> Result<Date, String> {
    Date::parse(text).ok_or_else(|| format!("`{text}` is not a date of the form YYYY-MM-DD"))
}

#[cfg(test)]
mod tests {
    use clap::CommandFactory;

    use super::*;

    #[test]
    fn the_command_line_is_well_formed() {
        Cli::command().debug_assert();
    }

    #[test]
    fn dates_are_checked() {
        assert!(parse_date("2026-12-31").is_ok());
        assert_eq!(
            parse_date("2026-02-30").unwrap_err(),
            "`2026-02-30` is not a date of the form YYYY-MM-DD"
        );
    }
}
