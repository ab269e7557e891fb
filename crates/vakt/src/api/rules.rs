//! The `rules` and `explain` answers: rules as JSON.

use serde::Serialize;
use vakt_rules::RuleInfo;
use vakt_syntax::{Diagnostic, Origin, Sources, Span, did_you_mean};

use super::{MapLoader, Request, prepend, to_json};
use crate::check::{CheckOptions, Outcome, check};
use crate::output::Location;
use crate::output::json::{DiagnosticDto, VERSION};
use crate::packs::PACKS;

/// The active rules under the request's options, as JSON.
pub(super) fn list(request: &Request) -> String {
    let options = CheckOptions {
        today: None,
        ..request.options.check.clone()
    };
    let outcome = load_rules(request, &options);
    let rules = if outcome.load_failed() {
        Vec::new()
    } else {
        outcome
            .rules
            .iter()
            .map(|r| RuleDto::new(r, &outcome.sources, false))
            .collect()
    };
    to_json(&Listing {
        version: VERSION,
        rules,
        diagnostics: diagnostics(&outcome),
    })
}

/// One rule, searched in every built-in pack and the request's `rules`
/// files, as JSON.
pub(super) fn explain(request: &Request, id: &str) -> String {
    let mut rules: Vec<String> = PACKS.iter().map(|p| p.name.to_owned()).collect();
    rules.extend(request.options.check.rules.iter().cloned());
    let options = CheckOptions {
        rules,
        default_rules: false,
        ..CheckOptions::default()
    };
    let mut outcome = load_rules(request, &options);
    let failed = outcome.load_failed();
    if !failed && outcome.rule(id).is_none() {
        let known = outcome.rules.iter().map(|r| r.id.as_str());
        let help = match did_you_mean(id, known) {
            Some(close) => format!("did you mean `{close}`?"),
            None => "`rules` with the option `\"rules\": [\"kommune\"]` lists every built-in rule"
                .to_owned(),
        };
        outcome.diagnostics.push(
            Diagnostic::error("vakt::unknown-rule", format!("there is no rule `{id}`"))
                .with_help(help),
        );
    }
    let rule = if failed {
        None
    } else {
        outcome
            .rule(id)
            .map(|r| RuleDto::new(r, &outcome.sources, true))
    };
    to_json(&Explanation {
        version: VERSION,
        rule,
        diagnostics: diagnostics(&outcome),
    })
}

/// Loads only rules (no model files are inputs), with the request's own
/// problems in front.
fn load_rules(request: &Request, options: &CheckOptions) -> Outcome {
    let mut outcome = check(Vec::new(), &MapLoader::new(&request.files), options);
    prepend(&mut outcome, request.diagnostics.clone());
    outcome
}

fn diagnostics(outcome: &Outcome) -> Vec<DiagnosticDto<'_>> {
    outcome
        .diagnostics
        .iter()
        .map(|d| DiagnosticDto::new(d, &outcome.sources))
        .collect()
}

#[derive(Serialize)]
struct Listing<'a> {
    version: u32,
    rules: Vec<RuleDto<'a>>,
    diagnostics: Vec<DiagnosticDto<'a>>,
}

#[derive(Serialize)]
struct Explanation<'a> {
    version: u32,
    rule: Option<RuleDto<'a>>,
    diagnostics: Vec<DiagnosticDto<'a>>,
}

#[derive(Serialize)]
struct RuleDto<'a> {
    id: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    title: Option<&'a str>,
    severity: &'static str,
    /// The pack's name, or the file's path.
    origin: String,
    location: Location,
    #[serde(skip_serializing_if = "Option::is_none")]
    cite: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    help: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    message: Option<&'a str>,
    /// The rule's source text (only when explaining it).
    #[serde(skip_serializing_if = "Option::is_none")]
    source: Option<&'a str>,
}

impl<'a> RuleDto<'a> {
    fn new(rule: &'a RuleInfo, sources: &'a Sources, with_source: bool) -> Self {
        RuleDto {
            id: &rule.id,
            title: rule.title.as_deref(),
            severity: rule.severity.as_str(),
            origin: origin(sources, rule.header),
            location: Location::new(rule.header, sources),
            cite: rule.cite.as_deref(),
            help: rule.help.as_deref(),
            message: rule.message.as_deref(),
            source: if with_source {
                sources.slice(rule.span).map(str::trim_end)
            } else {
                None
            },
        }
    }
}

/// Where a rule comes from: a built-in pack's name, or a file's path (as
/// `vakt rules` shows it).
fn origin(sources: &Sources, header: Span) -> String {
    let Some(file) = sources.get(header.file) else {
        return String::new();
    };
    let name = file.name();
    match file.origin() {
        Origin::Builtin => name
            .strip_prefix("builtin/")
            .and_then(|n| n.strip_suffix(".vakt"))
            .unwrap_or(name)
            .to_owned(),
        Origin::User => name.to_owned(),
    }
}
