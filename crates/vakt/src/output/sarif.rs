//! SARIF 2.1.0 (SPEC §6), for code scanning services such as GitHub's.
//!
//! One run: `tool.driver` describes vakt and every active rule (plus
//! `unused-allow`); each finding is one `result`, suppressed ones included
//! with an in-source suppression; diagnostics are tool execution
//! notifications, and `executionSuccessful` is false when loading failed.
//! Columns count Unicode code points (`columnKind`), as vakt's do.
//!
//! `partialFingerprints` identify a finding by what it is about — rule,
//! subject and category — and not by where it is written, so a finding
//! keeps its identity when lines move.

mod location;
mod rule;

use serde::Serialize;
use vakt_syntax::{Diagnostic, Origin, Severity, Sources};

use crate::output::catalog::{self, RuleEntry};
use crate::{Finding, Hop, Outcome, Suppression};

pub use location::uri;
use location::{ArtifactLocation, LocationDto};
use rule::Rule;

/// The SARIF version written.
pub const VERSION: &str = "2.1.0";

/// The JSON schema of SARIF 2.1.0.
pub const SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";

/// The key of vakt's fingerprint in `partialFingerprints`.
pub const FINGERPRINT_KEY: &str = "vaktFinding/v1";

/// The SARIF log of an outcome, pretty-printed with a trailing newline.
pub fn render(outcome: &Outcome) -> String {
    let mut text = serde_json::to_string_pretty(&Log::new(outcome)).unwrap_or_else(|e| {
        let error = serde_json::Value::String(e.to_string());
        format!("{{\"version\": \"{VERSION}\", \"error\": {error}}}")
    });
    text.push('\n');
    text
}

/// The SARIF log of an outcome as a value.
pub fn render_value(outcome: &Outcome) -> serde_json::Value {
    serde_json::to_value(Log::new(outcome))
        .unwrap_or_else(|e| serde_json::Value::String(e.to_string()))
}

/// The fingerprint of a finding: a hash of its rule, subject and category,
/// as 16 hex digits.
pub fn fingerprint(finding: &Finding) -> String {
    let mut hash = Fnv1a::new();
    for part in [
        finding.rule.as_str(),
        finding.subject.kind,
        finding.subject.id.as_str(),
        finding.category.as_deref().unwrap_or(""),
    ] {
        hash.write(part.as_bytes());
        hash.write(&[0]);
    }
    format!("{:016x}", hash.finish())
}

/// FNV-1a, 64 bits: small, stable across platforms and releases.
struct Fnv1a(u64);

impl Fnv1a {
    fn new() -> Self {
        Fnv1a(0xcbf2_9ce4_8422_2325)
    }

    fn write(&mut self, bytes: &[u8]) {
        for &byte in bytes {
            self.0 ^= u64::from(byte);
            self.0 = self.0.wrapping_mul(0x0100_0000_01b3);
        }
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

#[derive(Serialize)]
struct Log<'a> {
    #[serde(rename = "$schema")]
    schema: &'static str,
    version: &'static str,
    runs: [Run<'a>; 1],
}

impl<'a> Log<'a> {
    fn new(outcome: &'a Outcome) -> Self {
        let rules = catalog::rules(outcome);
        let results = outcome
            .findings
            .iter()
            .map(|f| ResultDto::new(f, outcome, &rules))
            .collect();
        Log {
            schema: SCHEMA,
            version: VERSION,
            runs: [Run {
                tool: Tool {
                    driver: Driver {
                        name: "vakt",
                        version: env!("CARGO_PKG_VERSION"),
                        semantic_version: env!("CARGO_PKG_VERSION"),
                        information_uri: env!("CARGO_PKG_REPOSITORY"),
                        rules: rules.iter().map(Rule::new).collect(),
                    },
                },
                invocations: [Invocation {
                    execution_successful: !outcome.load_failed(),
                    tool_execution_notifications: outcome
                        .diagnostics
                        .iter()
                        .map(|d| Notification::new(d, &outcome.sources))
                        .collect(),
                }],
                artifacts: artifacts(&outcome.sources),
                results,
                column_kind: "unicodeCodePoints",
            }],
        }
    }
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Run<'a> {
    tool: Tool<'a>,
    invocations: [Invocation<'a>; 1],
    artifacts: Vec<Artifact>,
    results: Vec<ResultDto<'a>>,
    column_kind: &'static str,
}

#[derive(Serialize)]
struct Tool<'a> {
    driver: Driver<'a>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Driver<'a> {
    name: &'static str,
    version: &'static str,
    semantic_version: &'static str,
    information_uri: &'static str,
    rules: Vec<Rule<'a>>,
}

#[derive(Serialize)]
struct Message {
    text: String,
}

impl Message {
    fn new(text: String) -> Self {
        Message { text }
    }
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Invocation<'a> {
    execution_successful: bool,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    tool_execution_notifications: Vec<Notification<'a>>,
}

#[derive(Serialize)]
struct Notification<'a> {
    level: &'static str,
    message: Message,
    descriptor: Descriptor<'a>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    locations: Vec<LocationDto>,
}

impl<'a> Notification<'a> {
    fn new(d: &'a Diagnostic, sources: &Sources) -> Self {
        let text = match &d.help {
            Some(help) => format!("{} Help: {}", sentence(&d.message), sentence(help)),
            None => sentence(&d.message),
        };
        Notification {
            level: level(d.severity),
            message: Message::new(text),
            descriptor: Descriptor { id: d.code },
            locations: d
                .primary_span()
                .map(|span| LocationDto::new(span, sources, None))
                .into_iter()
                .collect(),
        }
    }
}

#[derive(Serialize)]
struct Descriptor<'a> {
    id: &'a str,
}

#[derive(Serialize)]
struct Artifact {
    location: ArtifactLocation,
    length: usize,
    roles: [&'static str; 1],
}

/// The files of the user's model (built-in packs are not files of the
/// repository being scanned).
fn artifacts(sources: &Sources) -> Vec<Artifact> {
    sources
        .iter()
        .filter(|(_, file)| file.origin() == Origin::User)
        .map(|(_, file)| Artifact {
            location: ArtifactLocation {
                uri: uri(file.name()),
            },
            length: file.text().len(),
            roles: ["analysisTarget"],
        })
        .collect()
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ResultDto<'a> {
    rule_id: &'a str,
    rule_index: usize,
    level: &'static str,
    message: Message,
    locations: [LocationDto; 1],
    #[serde(skip_serializing_if = "Vec::is_empty")]
    related_locations: Vec<LocationDto>,
    partial_fingerprints: Fingerprints,
    suppressions: Vec<SuppressionDto<'a>>,
    properties: ResultProperties<'a>,
}

impl<'a> ResultDto<'a> {
    fn new(f: &'a Finding, outcome: &'a Outcome, rules: &[RuleEntry<'_>]) -> Self {
        let sources = &outcome.sources;
        let mut related: Vec<LocationDto> = f
            .hops
            .iter()
            .enumerate()
            .map(|(i, hop)| {
                let text = hop_message(f, i, hop);
                LocationDto::new(hop.span, sources, Some(text))
            })
            .collect();
        let mut message = sentence(&f.message);
        if let Some(expired) = &f.expired {
            let note = expired_note(expired);
            message.push(' ');
            message.push_str(&note);
            related.push(LocationDto::new(expired.span, sources, Some(note)));
        }
        for (i, location) in related.iter_mut().enumerate() {
            location.id = Some(i + 1);
        }
        ResultDto {
            rule_id: &f.rule,
            rule_index: rules.iter().position(|r| r.id == f.rule).unwrap_or(0),
            level: level(f.severity),
            message: Message::new(message),
            locations: [LocationDto::new(f.subject.span, sources, None)],
            related_locations: related,
            partial_fingerprints: Fingerprints {
                finding: fingerprint(f),
            },
            suppressions: f
                .suppressed
                .iter()
                .map(|s| SuppressionDto::new(s, sources))
                .collect(),
            properties: ResultProperties {
                subject: Subject {
                    kind: f.subject.kind,
                    id: &f.subject.id,
                },
                category: f.category.as_deref(),
                path: f
                    .path
                    .as_ref()
                    .map(|p| p.iter().map(|s| s.as_str()).collect()),
            },
        }
    }
}

/// What hop `i` (0-based) of a witness path does, numbered from 1.
fn hop_message(f: &Finding, i: usize, hop: &Hop) -> String {
    let what = f.category.as_deref().unwrap_or("the path");
    let n = i + 1;
    let flow = &hop.flow;
    let (from, to) = (&hop.from, &hop.to);
    match (n, f.hops.len()) {
        (1, 1) => format!("1: {what} goes from {from} to {to} through flow {flow}."),
        (1, _) => format!("1: {what} leaves {from} for {to} through flow {flow}."),
        (n, last) if n == last => {
            format!("{n}: … and reaches {to} from {from} through flow {flow}.")
        }
        (n, _) => format!("{n}: … goes on from {from} to {to} through flow {flow}."),
    }
}

fn expired_note(expired: &Suppression) -> String {
    match expired.until {
        Some(date) => format!(
            "The exception for this finding expired on {date} (because \"{}\").",
            expired.because
        ),
        None => format!(
            "The exception for this finding has expired (because \"{}\").",
            expired.because
        ),
    }
}

#[derive(Serialize)]
struct Fingerprints {
    #[serde(rename = "vaktFinding/v1")]
    finding: String,
}

#[derive(Serialize)]
struct SuppressionDto<'a> {
    kind: &'static str,
    status: &'static str,
    justification: &'a str,
    location: LocationDto,
    #[serde(skip_serializing_if = "Option::is_none")]
    properties: Option<Until>,
}

impl<'a> SuppressionDto<'a> {
    fn new(s: &'a Suppression, sources: &Sources) -> Self {
        SuppressionDto {
            kind: "inSource",
            status: "accepted",
            justification: &s.because,
            location: LocationDto::new(s.span, sources, None),
            properties: s.until.map(|date| Until {
                until: date.to_string(),
            }),
        }
    }
}

#[derive(Serialize)]
struct Until {
    until: String,
}

#[derive(Serialize)]
struct ResultProperties<'a> {
    subject: Subject<'a>,
    #[serde(skip_serializing_if = "Option::is_none")]
    category: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    path: Option<Vec<&'a str>>,
}

#[derive(Serialize)]
struct Subject<'a> {
    kind: &'a str,
    id: &'a str,
}

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

/// A message as a sentence: SARIF messages end with a period (which may
/// come before a closing quote).
fn sentence(text: &str) -> String {
    let text = text.trim_end();
    let unquoted = text.trim_end_matches(['\'', '"', '»', '”']);
    if unquoted.ends_with(['.', '!', '?']) {
        text.to_owned()
    } else {
        format!("{text}.")
    }
}

#[cfg(test)]
mod tests;
