//! Diagnostics as plain data, and their bridge to miette.
//!
//! Every stage reports problems as [`Diagnostic`] values: a stable code, a
//! message, labelled spans (the first one primary) and an optional help text.
//! [`Report`] turns one into a `miette::Diagnostic` for rendering; labels in
//! other files than the primary one become related reports, because a miette
//! report shows one source file.

use std::fmt;

use miette::{LabeledSpan, NamedSource, SourceCode};

use crate::excerpt::FileText;
use crate::source::Sources;
use crate::span::Span;

/// How serious a diagnostic or finding is. Ordered from least to most serious.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    /// Informational.
    Info,
    /// Worth a look; does not fail a load.
    Warning,
    /// An error.
    Error,
}

impl Severity {
    /// The name used in the language and in JSON: `error`, `warning` or `info`.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
        }
    }

    /// Parses `error`, `warning` or `info`.
    pub fn parse(name: &str) -> Option<Severity> {
        match name {
            "error" => Some(Severity::Error),
            "warning" => Some(Severity::Warning),
            "info" => Some(Severity::Info),
            _ => None,
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A labelled span.
#[derive(Clone, Debug)]
pub struct Label {
    /// Where.
    pub span: Span,
    /// What to say there.
    pub message: Option<String>,
}

/// A located problem with the input.
#[derive(Clone, Debug)]
pub struct Diagnostic {
    /// Stable code, such as `vakt::unknown-reference`.
    pub code: &'static str,
    /// How serious it is.
    pub severity: Severity,
    /// One line, lowercase, user input in backticks, no final period.
    pub message: String,
    /// Labelled spans; the first is the primary location.
    pub labels: Vec<Label>,
    /// Advice, including "did you mean" suggestions.
    pub help: Option<String>,
}

impl Diagnostic {
    /// A new error diagnostic without labels.
    pub fn error(code: &'static str, message: impl Into<String>) -> Self {
        Diagnostic {
            code,
            severity: Severity::Error,
            message: message.into(),
            labels: Vec::new(),
            help: None,
        }
    }

    /// A new warning diagnostic without labels.
    pub fn warning(code: &'static str, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(code, message)
        }
    }

    /// Adds a labelled span (the first one added is primary).
    #[must_use]
    pub fn with_label(mut self, span: Span, message: impl Into<String>) -> Self {
        self.labels.push(Label {
            span,
            message: Some(message.into()).filter(|m: &String| !m.is_empty()),
        });
        self
    }

    /// Sets the help text.
    #[must_use]
    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// Sets the help text if there is one.
    #[must_use]
    pub fn with_help_opt(mut self, help: Option<String>) -> Self {
        if help.is_some() {
            self.help = help;
        }
        self
    }

    /// The primary span, if the diagnostic has a location.
    pub fn primary_span(&self) -> Option<Span> {
        self.labels.first().map(|l| l.span)
    }

    /// Whether this is an error.
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

/// A [`Diagnostic`] together with the sources it points into, as a
/// `miette::Diagnostic` ready for rendering.
pub struct Report {
    code: String,
    severity: Severity,
    message: String,
    help: Option<String>,
    source: Option<NamedSource<FileText>>,
    labels: Vec<LabeledSpan>,
    related: Vec<Report>,
}

impl Report {
    /// Builds the report for `diagnostic`, whose spans point into `sources`.
    pub fn new(diagnostic: &Diagnostic, sources: &Sources) -> Report {
        Report::with_parts(
            diagnostic.code,
            diagnostic.severity,
            &diagnostic.message,
            diagnostic.help.as_deref(),
            &diagnostic.labels,
            sources,
        )
    }

    /// Builds a report from its parts; labels in other files than the first
    /// label's become related reports.
    pub fn with_parts(
        code: &str,
        severity: Severity,
        message: &str,
        help: Option<&str>,
        labels: &[Label],
        sources: &Sources,
    ) -> Report {
        let primary_file = labels.first().map(|l| l.span.file);
        let source = primary_file
            .and_then(|id| sources.get(id))
            .map(|f| NamedSource::new(f.name(), FileText::new(f)));
        let mut own = Vec::new();
        let mut related = Vec::new();
        for (i, label) in labels.iter().enumerate() {
            if Some(label.span.file) == primary_file {
                let span = clamp(label.span, sources);
                let text = label.message.clone();
                own.push(if i == 0 {
                    LabeledSpan::new_primary_with_span(text, span)
                } else {
                    LabeledSpan::new_with_span(text, span)
                });
            } else {
                let message = label.message.clone().unwrap_or_default();
                related.push(Report::with_parts(
                    "",
                    Severity::Info,
                    &message,
                    None,
                    &[Label {
                        span: label.span,
                        message: None,
                    }],
                    sources,
                ));
            }
        }
        Report {
            code: code.to_owned(),
            severity,
            message: message.to_owned(),
            help: help.map(str::to_owned),
            source,
            labels: own,
            related,
        }
    }
}

/// Keeps a span inside its file and on character boundaries, so rendering
/// never slices text in the middle of a character.
fn clamp(span: Span, sources: &Sources) -> miette::SourceSpan {
    let Some(file) = sources.get(span.file) else {
        return miette::SourceSpan::new(0.into(), 0);
    };
    let text = file.text();
    let start = crate::source::floor_char_boundary(text, span.start as usize);
    let mut end = (span.end as usize).clamp(start, text.len());
    while !text.is_char_boundary(end) {
        end += 1;
    }
    miette::SourceSpan::new(start.into(), end - start)
}

impl fmt::Debug for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Report")
            .field("code", &self.code)
            .field("message", &self.message)
            .finish_non_exhaustive()
    }
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Report {}

impl miette::Diagnostic for Report {
    fn code<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        if self.code.is_empty() {
            None
        } else {
            Some(Box::new(&self.code))
        }
    }

    fn severity(&self) -> Option<miette::Severity> {
        Some(match self.severity {
            Severity::Error => miette::Severity::Error,
            Severity::Warning => miette::Severity::Warning,
            Severity::Info => miette::Severity::Advice,
        })
    }

    fn help<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        self.help
            .as_ref()
            .map(|h| Box::new(h) as Box<dyn fmt::Display + 'a>)
    }

    fn source_code(&self) -> Option<&dyn SourceCode> {
        self.source.as_ref().map(|s| s as &dyn SourceCode)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        if self.labels.is_empty() {
            None
        } else {
            Some(Box::new(self.labels.iter().cloned()))
        }
    }

    fn related<'a>(&'a self) -> Option<Box<dyn Iterator<Item = &'a dyn miette::Diagnostic> + 'a>> {
        if self.related.is_empty() {
            None
        } else {
            Some(Box::new(
                self.related.iter().map(|r| r as &dyn miette::Diagnostic),
            ))
        }
    }
}

/// Names longer than this many bytes get no suggestion and are never
/// suggested: comparing two names costs the product of their lengths, and
/// two 100,000-character ids took over a minute.
pub const MAX_SUGGESTED_LEN: usize = 128;

/// The closest of `candidates` to `name`, if it is close enough to suggest.
pub fn did_you_mean<'a>(
    name: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    if name.len() > MAX_SUGGESTED_LEN {
        return None;
    }
    let mut best: Option<(f64, &'a str)> = None;
    for candidate in candidates {
        if candidate == name || candidate.len() > MAX_SUGGESTED_LEN {
            continue;
        }
        let score = strsim_score(name, candidate);
        if score >= 0.7 && best.is_none_or(|(s, _)| score > s) {
            best = Some((score, candidate));
        }
    }
    best.map(|(_, c)| c)
}

fn strsim_score(a: &str, b: &str) -> f64 {
    // Jaro-Winkler favours shared prefixes, which suits ids like
    // `helse.journal`; a small edit distance catches transpositions
    // anywhere (`encrpyted`).
    let jw = strsim::jaro_winkler(a, b);
    let dist = strsim::damerau_levenshtein(a, b);
    let len = a.chars().count().max(b.chars().count());
    let by_edits = if dist <= 2 && len > dist + 1 {
        0.85
    } else {
        0.0
    };
    jw.max(by_edits)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggestions_are_close_names_of_the_candidates() {
        assert_eq!(did_you_mean("lukkt", ["lukket", "intern"]), Some("lukket"));
        assert_eq!(did_you_mean("encrpyted", ["encrypted"]), Some("encrypted"));
        assert_eq!(did_you_mean("x", ["lukket"]), None);
    }

    #[test]
    fn very_long_names_get_no_suggestion_and_take_no_time() {
        // Regression: two 100,000-character ids one letter apart took over
        // a minute to compare (hostile corpus `long-identifiers-misspelt`).
        let long = "x".repeat(100_000);
        let (a, b) = (format!("{long}a"), format!("{long}b"));
        let started = std::time::Instant::now();
        assert_eq!(did_you_mean(&a, [b.as_str()]), None);
        assert_eq!(
            did_you_mean("lukketa", [b.as_str(), "lukketb"]),
            Some("lukketb")
        );
        assert!(started.elapsed().as_secs() < 1);
    }
}
