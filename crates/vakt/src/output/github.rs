//! GitHub Actions workflow commands: one annotation per unsuppressed
//! finding and per diagnostic.
//!
//! `::error file=F,line=L,col=C,endLine=EL,endColumn=EC,title=T::MESSAGE`,
//! with `warning` and `notice` for lower severities. The title is the rule id
//! (findings) or the code (diagnostics); the message gets the help text and,
//! for a finding whose exception expired, a note on a line of its own.
//! Values are escaped as the Actions toolkit does: `%`, `\r` and `\n`
//! everywhere, and `:` and `,` in properties.

use std::fmt::Write;

use vakt_syntax::{Diagnostic, Severity, Span};

use crate::output::Location;
use crate::{Finding, Outcome};

/// The workflow commands for an outcome, one per line.
pub fn render(outcome: &Outcome) -> String {
    let mut out = String::new();
    for finding in outcome.findings.iter().filter(|f| f.suppressed.is_none()) {
        let message = finding_message(finding, outcome);
        command(
            &mut out,
            finding.severity,
            Some(finding.subject.span),
            &finding.rule,
            &message,
            outcome,
        );
    }
    for diagnostic in &outcome.diagnostics {
        command(
            &mut out,
            diagnostic.severity,
            diagnostic.primary_span(),
            diagnostic.code,
            &diagnostic_message(diagnostic),
            outcome,
        );
    }
    out
}

fn finding_message(finding: &Finding, outcome: &Outcome) -> String {
    let mut message = finding.message.clone();
    if let Some(help) = outcome.rule(&finding.rule).and_then(|r| r.help.as_deref()) {
        message.push_str("\nhelp: ");
        message.push_str(help);
    }
    if let Some(expired) = &finding.expired {
        message.push_str("\nnote: ");
        message.push_str(&expired_note(expired.until));
    }
    message
}

fn expired_note(until: Option<vakt_syntax::Date>) -> String {
    match until {
        Some(date) => format!("the exception for this finding expired on {date}"),
        None => "the exception for this finding has expired".to_owned(),
    }
}

fn diagnostic_message(diagnostic: &Diagnostic) -> String {
    match &diagnostic.help {
        Some(help) => format!("{}\nhelp: {help}", diagnostic.message),
        None => diagnostic.message.clone(),
    }
}

fn command(
    out: &mut String,
    severity: Severity,
    span: Option<Span>,
    title: &str,
    message: &str,
    outcome: &Outcome,
) {
    let name = match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "notice",
    };
    let mut properties = Vec::new();
    if let Some(span) = span {
        let loc = Location::new(span, &outcome.sources);
        properties.push(("file", loc.file.clone()));
        properties.push(("line", loc.line.to_string()));
        properties.push(("col", loc.column.to_string()));
        properties.push(("endLine", loc.end_line.to_string()));
        properties.push(("endColumn", loc.end_column.to_string()));
    }
    properties.push(("title", title.to_owned()));
    let properties = properties
        .iter()
        .map(|(key, value)| format!("{key}={}", escape_property(value)))
        .collect::<Vec<_>>()
        .join(",");
    let _ = writeln!(out, "::{name} {properties}::{}", escape_data(message));
}

/// Escapes a command's message.
pub fn escape_data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escapes a command property's value.
pub fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests;
