//! Findings: what rules say about a model.

use smol_str::SmolStr;
use vakt_syntax::{Date, Severity, Span};

/// One rule's verdict on one subject.
#[derive(Clone, Debug, PartialEq)]
pub struct Finding {
    /// The rule id.
    pub rule: SmolStr,
    /// How serious.
    pub severity: Severity,
    /// What is wrong, in one sentence.
    pub message: String,
    /// The entity the rule quantifies over (for path rules: the target system).
    pub subject: Subject,
    /// For path rules: the category that travels.
    pub category: Option<SmolStr>,
    /// For path rules: the system ids of the shortest witness path.
    pub path: Option<Vec<SmolStr>>,
    /// For path rules: the flows of the witness path, in order.
    pub hops: Vec<Hop>,
    /// The rule's declaration header (`rule id "Title"`).
    pub rule_span: Span,
    /// The exception that suppresses this finding.
    pub suppressed: Option<Suppression>,
    /// An exception for this finding whose `until` date has passed.
    pub expired: Option<Suppression>,
}

/// What a finding is about.
#[derive(Clone, Debug, PartialEq)]
pub struct Subject {
    /// `system`, `flow`, … or `allow` (for `unused-allow`).
    pub kind: &'static str,
    /// Its id (for `unused-allow`: `RULE@ENTITY`).
    pub id: SmolStr,
    /// Its declaration header: where the finding points.
    pub span: Span,
}

/// One flow of a witness path.
#[derive(Clone, Debug, PartialEq)]
pub struct Hop {
    /// The flow id.
    pub flow: SmolStr,
    /// Its source system.
    pub from: SmolStr,
    /// Its target system.
    pub to: SmolStr,
    /// The flow's declaration header.
    pub span: Span,
}

/// An `allow` applied to a finding.
#[derive(Clone, Debug, PartialEq)]
pub struct Suppression {
    /// The reason given.
    pub because: String,
    /// The last day it holds, if limited.
    pub until: Option<Date>,
    /// The `allow` declaration.
    pub span: Span,
}

/// A rule as loaded: what `vakt rules` and `vakt explain` show.
#[derive(Clone, Debug, PartialEq)]
pub struct RuleInfo {
    /// The rule id.
    pub id: SmolStr,
    /// The title.
    pub title: Option<String>,
    /// The severity of its findings.
    pub severity: Severity,
    /// Where the rule comes from (the law or the sentence behind it).
    pub cite: Option<String>,
    /// What to change when it fires.
    pub help: Option<String>,
    /// The message template, if any.
    pub message: Option<String>,
    /// The declaration header.
    pub header: Span,
    /// The whole declaration.
    pub span: Span,
}
