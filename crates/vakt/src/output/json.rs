//! The JSON output of SPEC §6, version 1.
//!
//! The object is built from serde DTOs that borrow from the [`Outcome`];
//! every span becomes a [`Location`] in one place. Beyond the fields SPEC §6
//! fixes, findings carry `title`, `hops`, `suppression` and `expired`, and
//! diagnostics carry `labels`.

use serde::Serialize;
use vakt_syntax::{Diagnostic, Sources};

use crate::output::Location;
use crate::{Finding, Hop, Outcome, Summary, Suppression};

/// The version of the JSON format.
pub const VERSION: u32 = 1;

/// The JSON object of an outcome, pretty-printed with two spaces and a
/// trailing newline.
pub fn render(outcome: &Outcome) -> String {
    let mut text = serde_json::to_string_pretty(&Output::new(outcome))
        .unwrap_or_else(|e| serialization_failed(&e));
    text.push('\n');
    text
}

/// The JSON object of an outcome as a value.
pub fn render_value(outcome: &Outcome) -> serde_json::Value {
    serde_json::to_value(Output::new(outcome))
        .unwrap_or_else(|e| serde_json::Value::String(e.to_string()))
}

/// Serializing plain DTOs cannot fail; if it ever did, say so in JSON.
fn serialization_failed(error: &serde_json::Error) -> String {
    let message = serde_json::Value::String(error.to_string());
    format!("{{\"version\": {VERSION}, \"error\": {message}}}")
}

#[derive(Serialize)]
struct Output<'a> {
    version: u32,
    summary: SummaryDto,
    findings: Vec<FindingDto<'a>>,
    diagnostics: Vec<DiagnosticDto<'a>>,
}

impl<'a> Output<'a> {
    fn new(outcome: &'a Outcome) -> Self {
        Output {
            version: VERSION,
            summary: outcome.summary().into(),
            findings: outcome
                .findings
                .iter()
                .map(|f| FindingDto::new(f, outcome))
                .collect(),
            diagnostics: outcome
                .diagnostics
                .iter()
                .map(|d| DiagnosticDto::new(d, &outcome.sources))
                .collect(),
        }
    }
}

#[derive(Serialize)]
struct SummaryDto {
    errors: usize,
    warnings: usize,
    infos: usize,
    suppressed: usize,
}

impl From<Summary> for SummaryDto {
    fn from(s: Summary) -> Self {
        SummaryDto {
            errors: s.errors,
            warnings: s.warnings,
            infos: s.infos,
            suppressed: s.suppressed,
        }
    }
}

#[derive(Serialize)]
struct FindingDto<'a> {
    rule: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    title: Option<&'a str>,
    severity: &'static str,
    message: &'a str,
    subject: SubjectDto<'a>,
    #[serde(skip_serializing_if = "Option::is_none")]
    category: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    path: Option<Vec<&'a str>>,
    location: Location,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    hops: Vec<HopDto<'a>>,
    suppressed: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    suppression: Option<SuppressionDto<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    expired: Option<SuppressionDto<'a>>,
}

impl<'a> FindingDto<'a> {
    fn new(f: &'a Finding, outcome: &'a Outcome) -> Self {
        let sources = &outcome.sources;
        FindingDto {
            rule: &f.rule,
            title: outcome.rule(&f.rule).and_then(|r| r.title.as_deref()),
            severity: f.severity.as_str(),
            message: &f.message,
            subject: SubjectDto {
                kind: f.subject.kind,
                id: &f.subject.id,
            },
            category: f.category.as_deref(),
            path: f
                .path
                .as_ref()
                .map(|p| p.iter().map(|s| s.as_str()).collect()),
            location: Location::new(f.subject.span, sources),
            hops: f.hops.iter().map(|h| HopDto::new(h, sources)).collect(),
            suppressed: f.suppressed.is_some(),
            suppression: f
                .suppressed
                .as_ref()
                .map(|s| SuppressionDto::new(s, sources)),
            expired: f.expired.as_ref().map(|s| SuppressionDto::new(s, sources)),
        }
    }
}

#[derive(Serialize)]
struct SubjectDto<'a> {
    kind: &'a str,
    id: &'a str,
}

#[derive(Serialize)]
struct HopDto<'a> {
    flow: &'a str,
    from: &'a str,
    to: &'a str,
    location: Location,
}

impl<'a> HopDto<'a> {
    fn new(hop: &'a Hop, sources: &Sources) -> Self {
        HopDto {
            flow: &hop.flow,
            from: &hop.from,
            to: &hop.to,
            location: Location::new(hop.span, sources),
        }
    }
}

#[derive(Serialize)]
struct SuppressionDto<'a> {
    because: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    until: Option<String>,
    location: Location,
}

impl<'a> SuppressionDto<'a> {
    fn new(s: &'a Suppression, sources: &Sources) -> Self {
        SuppressionDto {
            because: &s.because,
            until: s.until.map(|d| d.to_string()),
            location: Location::new(s.span, sources),
        }
    }
}

/// A diagnostic as JSON (shared with the [`api`](crate::api) answers).
#[derive(Serialize)]
pub(crate) struct DiagnosticDto<'a> {
    code: &'a str,
    severity: &'static str,
    message: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    help: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    location: Option<Location>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    labels: Vec<LabelDto<'a>>,
}

impl<'a> DiagnosticDto<'a> {
    pub(crate) fn new(d: &'a Diagnostic, sources: &Sources) -> Self {
        DiagnosticDto {
            code: d.code,
            severity: d.severity.as_str(),
            message: &d.message,
            help: d.help.as_deref(),
            location: d.primary_span().map(|s| Location::new(s, sources)),
            labels: d
                .labels
                .iter()
                .map(|l| LabelDto {
                    message: l.message.as_deref(),
                    location: Location::new(l.span, sources),
                })
                .collect(),
        }
    }
}

#[derive(Serialize)]
struct LabelDto<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    message: Option<&'a str>,
    location: Location,
}

#[cfg(test)]
mod tests;
