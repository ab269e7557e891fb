//! The check pipeline: load, build, evaluate, sort.

use vakt_model::{Input, Loader, Model, Threads, load};
use vakt_rules::{Finding, RuleInfo};
use vakt_syntax::{Date, Diagnostic, Severity, Sources};

use crate::packs::{DEFAULT_PACKS, PACKS};

/// How to check.
#[derive(Clone, Debug)]
pub struct CheckOptions {
    /// Extra rule packs (names) or rule files (paths), as `--rules`.
    pub rules: Vec<String>,
    /// Whether to load the default packs (`core`, `gdpr`).
    pub default_rules: bool,
    /// The date exceptions are compared with; none expire without one.
    pub today: Option<Date>,
    /// Whether a large file is parsed on a second thread while the model
    /// is built (never in WebAssembly, which has no threads).
    pub threads: Threads,
}

impl Default for CheckOptions {
    fn default() -> Self {
        CheckOptions {
            rules: Vec::new(),
            default_rules: true,
            today: None,
            threads: Threads::One,
        }
    }
}

/// The lowest severity that fails a check (`--fail-on`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum FailOn {
    /// Errors fail (the default).
    #[default]
    Error,
    /// Warnings and errors fail.
    Warning,
    /// Every finding fails.
    Info,
    /// Findings never fail; load errors still do.
    Never,
}

impl FailOn {
    /// Parses `error`, `warning`, `info` or `never`.
    pub fn parse(name: &str) -> Option<FailOn> {
        Some(match name {
            "error" => FailOn::Error,
            "warning" => FailOn::Warning,
            "info" => FailOn::Info,
            "never" => FailOn::Never,
            _ => return None,
        })
    }

    fn threshold(self) -> Option<Severity> {
        match self {
            FailOn::Error => Some(Severity::Error),
            FailOn::Warning => Some(Severity::Warning),
            FailOn::Info => Some(Severity::Info),
            FailOn::Never => None,
        }
    }
}

/// Counts of unsuppressed findings by severity, and of suppressed ones.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Summary {
    /// Unsuppressed errors.
    pub errors: usize,
    /// Unsuppressed warnings.
    pub warnings: usize,
    /// Unsuppressed infos.
    pub infos: usize,
    /// Suppressed findings.
    pub suppressed: usize,
}

/// Everything a check produced.
#[derive(Debug)]
pub struct Outcome {
    /// The files read.
    pub sources: Sources,
    /// Load, syntax, model and rule diagnostics, sorted by file and position.
    pub diagnostics: Vec<Diagnostic>,
    /// Findings, sorted by file, subject position, rule id (empty when
    /// loading failed).
    pub findings: Vec<Finding>,
    /// The active rules, in load order.
    pub rules: Vec<RuleInfo>,
    /// The resolved model (its `sources` are moved to [`Outcome::sources`]).
    pub model: Model,
}

/// The exit status of a check (SPEC §6).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Status {
    /// No finding at or above the `--fail-on` level.
    Clean,
    /// Findings at or above the `--fail-on` level.
    Findings,
    /// The model or rules could not be loaded.
    LoadError,
}

impl Status {
    /// 0, 1 or 2.
    pub fn code(self) -> u8 {
        match self {
            Status::Clean => 0,
            Status::Findings => 1,
            Status::LoadError => 2,
        }
    }
}

impl Outcome {
    /// Whether any diagnostic is an error (the check could not run).
    pub fn load_failed(&self) -> bool {
        self.diagnostics.iter().any(Diagnostic::is_error)
    }

    /// Counts of findings.
    pub fn summary(&self) -> Summary {
        let mut summary = Summary::default();
        for f in &self.findings {
            if f.suppressed.is_some() {
                summary.suppressed += 1;
                continue;
            }
            match f.severity {
                Severity::Error => summary.errors += 1,
                Severity::Warning => summary.warnings += 1,
                Severity::Info => summary.infos += 1,
            }
        }
        summary
    }

    /// The exit status for a `--fail-on` level.
    pub fn status(&self, fail_on: FailOn) -> Status {
        if self.load_failed() {
            return Status::LoadError;
        }
        let failing = fail_on.threshold().is_some_and(|min| {
            self.findings
                .iter()
                .any(|f| f.suppressed.is_none() && f.severity >= min)
        });
        if failing {
            Status::Findings
        } else {
            Status::Clean
        }
    }

    /// The rule with this id.
    pub fn rule(&self, id: &str) -> Option<&RuleInfo> {
        self.rules.iter().find(|r| r.id == id)
    }
}

/// Loads `inputs` (and the files and packs they use, through `loader`),
/// builds the model and runs its rules.
pub fn check(inputs: Vec<Input>, loader: &dyn Loader, options: &CheckOptions) -> Outcome {
    let mut rules: Vec<String> = Vec::new();
    if options.default_rules {
        rules.extend(DEFAULT_PACKS.iter().map(|p| (*p).to_owned()));
    }
    rules.extend(options.rules.iter().cloned());
    let built = load(inputs, &rules, PACKS, loader, options.threads);
    let mut diagnostics = built.diagnostics;
    let mut model = built.model;
    let failed = diagnostics.iter().any(Diagnostic::is_error);
    let evaluation = vakt_rules::evaluate(
        &model,
        vakt_rules::Options {
            today: options.today,
            evaluate: !failed,
            threads: options.threads,
        },
    );
    diagnostics.extend(evaluation.diagnostics);
    let failed = failed || diagnostics.iter().any(Diagnostic::is_error);
    let mut findings = if failed {
        Vec::new()
    } else {
        evaluation.findings
    };
    findings.sort_by(|a, b| finding_order(a).cmp(&finding_order(b)));
    diagnostics.sort_by_key(|d| d.primary_span().map(|s| s.sort_key()));
    cap(&mut diagnostics);
    let sources = std::mem::take(&mut model.sources);
    Outcome {
        sources,
        diagnostics,
        findings,
        rules: evaluation.rules,
        model,
    }
}

/// At most this many diagnostics are reported, in position order; the
/// rest are counted in one more, `vakt::too-many-errors` ("… and N more"),
/// so a broken model of 100,000 declarations does not print 100,000
/// reports.
pub const MAX_DIAGNOSTICS: usize = 200;

/// Keeps the first [`MAX_DIAGNOSTICS`] (sorted) diagnostics and sums up the
/// rest in a final one, located where the first one left out was, and an
/// error if any left out was (so the exit status stays the same).
fn cap(diagnostics: &mut Vec<Diagnostic>) {
    if diagnostics.len() <= MAX_DIAGNOSTICS {
        return;
    }
    let rest = diagnostics.split_off(MAX_DIAGNOSTICS);
    let errors = rest.iter().filter(|d| d.is_error()).count();
    let others = rest.len() - errors;
    let message = format!(
        "… and {} more diagnostics not shown ({errors} {}, {others} {})",
        rest.len(),
        if errors == 1 { "error" } else { "errors" },
        if others == 1 { "warning" } else { "warnings" },
    );
    let mut summary = Diagnostic::error("vakt::too-many-errors", message).with_help(format!(
        "vakt reports at most {MAX_DIAGNOSTICS} problems; fix the ones shown and check again"
    ));
    if errors == 0 {
        summary.severity = Severity::Warning;
    }
    if let Some(span) = rest.first().and_then(Diagnostic::primary_span) {
        summary = summary.with_label(span, "the first problem not shown");
    }
    diagnostics.push(summary);
}

type FindingKey<'a> = (
    vakt_syntax::FileId,
    u32,
    &'a str,
    Option<&'a str>,
    Option<&'a [smol_str::SmolStr]>,
);

fn finding_order(f: &Finding) -> FindingKey<'_> {
    (
        f.subject.span.file,
        f.subject.span.start,
        &f.rule,
        f.category.as_deref(),
        f.path.as_deref(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check_text(text: &str) -> Outcome {
        let input = Input {
            name: "a.vakt".to_owned(),
            bytes: text.as_bytes().to_vec(),
        };
        let options = CheckOptions {
            default_rules: false,
            ..CheckOptions::default()
        };
        check(vec![input], &vakt_model::NoFiles, &options)
    }

    #[test]
    fn diagnostics_are_capped_with_a_final_summary() {
        let mut text = String::from("zone a { trust = closed }\n");
        for i in 0..100_000 {
            text.push_str(&format!("system s{i} {{ zone = nowhere{i} }}\n"));
        }
        let outcome = check_text(&text);
        assert_eq!(outcome.diagnostics.len(), MAX_DIAGNOSTICS + 1);
        let last = outcome.diagnostics.last().unwrap();
        assert_eq!(last.code, "vakt::too-many-errors");
        assert!(last.is_error());
        assert_eq!(
            last.message,
            "… and 99800 more diagnostics not shown (99800 errors, 0 warnings)"
        );
        // located at the first one left out: line 202, `nowhere200`
        let span = last.primary_span().unwrap();
        assert_eq!(outcome.sources.slice(span), Some("nowhere200"));
        assert_eq!(outcome.status(FailOn::Error), Status::LoadError);
        let kept = &outcome.diagnostics[..MAX_DIAGNOSTICS];
        assert!(kept.iter().all(|d| d.code == "vakt::unknown-reference"));
    }

    #[test]
    fn a_summary_of_warnings_only_is_a_warning() {
        let mut text = String::from("zone a { trust = closed }\n");
        for i in 0..(MAX_DIAGNOSTICS + 5) {
            text.push_str(&format!(
                "system s{i} {{ zone = a, encrpyted_at_rest = true }}\n"
            ));
        }
        let outcome = check_text(&text);
        assert_eq!(outcome.diagnostics.len(), MAX_DIAGNOSTICS + 1);
        let last = outcome.diagnostics.last().unwrap();
        assert_eq!(last.severity, Severity::Warning);
        assert_eq!(
            last.message,
            "… and 5 more diagnostics not shown (0 errors, 5 warnings)"
        );
        assert_eq!(outcome.status(FailOn::Error), Status::Clean);
    }

    #[test]
    fn few_diagnostics_are_all_reported() {
        let outcome = check_text("system s { zone = nowhere }\n");
        assert_eq!(outcome.diagnostics.len(), 1, "{:?}", outcome.diagnostics);
    }
}
