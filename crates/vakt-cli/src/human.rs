//! Human output: findings and diagnostics as miette reports with source
//! excerpts, and a summary line.

use miette::{GraphicalReportHandler, GraphicalTheme};
use vakt::{Finding, Outcome, RuleInfo};
use vakt_syntax::{Diagnostic, Label, Origin, Report, Sources};

use crate::context::Style;

mod columns;

/// A report renderer for one output stream.
pub(crate) fn handler(style: Style) -> GraphicalReportHandler {
    let theme = if style.color {
        GraphicalTheme::unicode()
    } else {
        GraphicalTheme::unicode_nocolor()
    };
    GraphicalReportHandler::new_themed(theme)
        .with_width(style.width)
        .with_links(false)
}

/// Renders one report, followed by a blank line.
fn render(handler: &GraphicalReportHandler, report: &Report, out: &mut String) {
    // Writing into a String cannot fail.
    let _ = handler.render_report(out, &columns::CharColumns::new(report));
    out.push('\n');
}

/// Every diagnostic as a report.
pub(crate) fn diagnostics(diagnostics: &[Diagnostic], sources: &Sources, style: Style) -> String {
    let handler = handler(style);
    let mut out = String::new();
    for diagnostic in diagnostics {
        render(&handler, &Report::new(diagnostic, sources), &mut out);
    }
    out
}

/// Every unsuppressed finding as a report, then the summary line.
pub(crate) fn findings(outcome: &Outcome, style: Style) -> String {
    let handler = handler(style);
    let mut out = String::new();
    for finding in outcome.findings.iter().filter(|f| f.suppressed.is_none()) {
        render(&handler, &finding_report(finding, outcome), &mut out);
    }
    out.push_str(&summary(outcome));
    out.push('\n');
    out
}

/// `2 errors, 1 warning, 0 infos (1 suppressed) in 3 files`, or
/// `no findings in 3 files`.
pub(crate) fn summary(outcome: &Outcome) -> String {
    let s = outcome.summary();
    let suppressed = if s.suppressed > 0 {
        format!(" ({} suppressed)", s.suppressed)
    } else {
        String::new()
    };
    let files = count(user_files(&outcome.sources), "file", "files");
    if s.errors + s.warnings + s.infos == 0 {
        return format!("no findings{suppressed} in {files}");
    }
    format!(
        "{}, {}, {}{suppressed} in {files}",
        count(s.errors, "error", "errors"),
        count(s.warnings, "warning", "warnings"),
        count(s.infos, "info", "infos"),
    )
}

/// The line that ends the output when the model could not be loaded.
pub(crate) fn load_failed(outcome: &Outcome) -> String {
    let errors = outcome.diagnostics.iter().filter(|d| d.is_error()).count();
    let warnings = outcome.diagnostics.len() - errors;
    let mut line = format!(
        "the model could not be checked: {}",
        count(errors, "error", "errors")
    );
    if warnings > 0 {
        line.push_str(&format!(", {}", count(warnings, "warning", "warnings")));
    }
    line.push('\n');
    line
}

fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

fn user_files(sources: &Sources) -> usize {
    sources
        .iter()
        .filter(|(_, f)| f.origin() == Origin::User)
        .count()
}

/// A finding as a report: the rule id as code, a primary label on the
/// subject, numbered labels on the flows of a witness path, a label on an
/// expired exception, a label on the rule (a related report when the rule
/// is in another file), and the rule's help and cite.
fn finding_report(finding: &Finding, outcome: &Outcome) -> Report {
    let rule = outcome.rule(&finding.rule);
    let mut labels = vec![Label {
        span: finding.subject.span,
        message: Some(subject_label(finding, rule)),
    }];
    labels.extend(hop_labels(finding));
    if let Some(expired) = &finding.expired {
        let message = match expired.until {
            Some(date) => format!("this exception expired on {date}"),
            None => "this exception has expired".to_owned(),
        };
        labels.push(Label {
            span: expired.span,
            message: Some(message),
        });
    }
    if !finding.rule_span.same_place(finding.subject.span) {
        labels.push(Label {
            span: finding.rule_span,
            message: Some(format!("rule `{}` is declared here", finding.rule)),
        });
    }
    Report::with_parts(
        &finding.rule,
        finding.severity,
        &finding.message,
        help(finding, rule).as_deref(),
        &labels,
        &outcome.sources,
    )
}

fn subject_label(finding: &Finding, rule: Option<&RuleInfo>) -> String {
    if finding.path.is_some() {
        return match &finding.category {
            Some(category) => format!("`{category}` reaches `{}`", finding.subject.id),
            None => format!("the path reaches `{}`", finding.subject.id),
        };
    }
    match rule.and_then(|r| r.title.as_deref()) {
        Some(title) => title.to_owned(),
        None => format!("{} `{}`", finding.subject.kind, finding.subject.id),
    }
}

/// A witness path longer than this gets labels on its first and its last
/// `MAX_HOP_LABELS / 2` flows only: miette reads the file for every label,
/// so a path of 20,000 flows took minutes to render. The JSON lists them all.
const MAX_HOP_LABELS: usize = 16;

/// Whether hop `i` of `n` gets a label.
fn labelled(i: usize, n: usize) -> bool {
    n <= MAX_HOP_LABELS || i < MAX_HOP_LABELS / 2 || i >= n - MAX_HOP_LABELS / 2
}

/// One label per flow of the witness path, numbered in order; hops that
/// share a declaration (`a <-> b`) share one label.
fn hop_labels(finding: &Finding) -> Vec<Label> {
    let what = finding
        .category
        .as_ref()
        .map_or_else(|| "the path".to_owned(), |c| format!("`{c}`"));
    let last = finding.hops.len();
    let mut labels: Vec<Label> = Vec::new();
    for (i, hop) in finding.hops.iter().enumerate() {
        if !labelled(i, last) {
            continue;
        }
        let n = i + 1;
        let text = match (n, last) {
            (1, 1) => format!("1: {what} goes from `{}` to `{}`", hop.from, hop.to),
            (1, _) => format!("1: {what} leaves `{}`", hop.from),
            (n, last) if n == last => format!("{n}: … reaches `{}`", hop.to),
            (n, _) => format!("{n}: … `{}` → `{}`", hop.from, hop.to),
        };
        match labels.iter_mut().find(|l| l.span.same_place(hop.span)) {
            Some(label) => {
                if let Some(message) = &mut label.message {
                    message.push_str("; ");
                    message.push_str(&text);
                }
            }
            None => labels.push(Label {
                span: hop.span,
                message: Some(text),
            }),
        }
    }
    labels
}

/// The rule's help and cite, and a note on an expired exception.
fn help(finding: &Finding, rule: Option<&RuleInfo>) -> Option<String> {
    let mut parts = Vec::new();
    if let Some(help) = rule.and_then(|r| r.help.as_deref()) {
        parts.push(help.to_owned());
    }
    if let Some(cite) = rule.and_then(|r| r.cite.as_deref()) {
        parts.push(format!("cite: {cite}"));
    }
    if finding.hops.len() > MAX_HOP_LABELS {
        parts.push(format!(
            "note: the path has {} flows; the first {} and the last {} are labelled (`--format json` lists every one)",
            finding.hops.len(),
            MAX_HOP_LABELS / 2,
            MAX_HOP_LABELS / 2
        ));
    }
    if let Some(expired) = &finding.expired {
        parts.push(match expired.until {
            Some(date) => format!(
                "note: exception expired on {date} (because \"{}\")",
                expired.because
            ),
            None => format!("note: exception expired (because \"{}\")", expired.because),
        });
    }
    (!parts.is_empty()).then(|| parts.join("\n"))
}

#[cfg(test)]
mod tests;
