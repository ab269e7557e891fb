//! The rules a report describes: every active rule, where it comes from,
//! and an entry for `unused-allow`, which the engine reports on exceptions
//! but which no pack declares.

use vakt_rules::UNUSED_ALLOW;
use vakt_syntax::{Origin, Severity, Sources, Span};

use crate::Outcome;

/// The title of `unused-allow` (rule titles are Norwegian, as in the packs).
pub const UNUSED_ALLOW_TITLE: &str = "Unntaket gjelder ingen funn";

/// What to do about an `unused-allow` finding.
pub const UNUSED_ALLOW_HELP: &str = "Remove the `allow`, or correct the rule id or the entity it names: an exception that suppresses nothing may hide a typo.";

/// One rule as a report describes it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RuleEntry<'a> {
    /// The rule id.
    pub id: &'a str,
    /// The title, if the rule has one.
    pub title: Option<&'a str>,
    /// The severity of its findings.
    pub severity: Severity,
    /// The law or sentence the rule comes from.
    pub cite: Option<&'a str>,
    /// What to change when it fires.
    pub help: Option<&'a str>,
    /// The built-in pack (`kommune`) or the file (`rules/own.vakt`) it is
    /// declared in; `vakt` for `unused-allow`.
    pub origin: String,
    /// Whether it comes from a built-in pack.
    pub builtin: bool,
}

/// The active rules in load order, then `unused-allow`, then any rule a
/// finding names that is not among them (described by its id alone).
pub fn rules(outcome: &Outcome) -> Vec<RuleEntry<'_>> {
    let mut entries: Vec<RuleEntry<'_>> = outcome
        .rules
        .iter()
        .map(|r| RuleEntry {
            id: &r.id,
            title: r.title.as_deref(),
            severity: r.severity,
            cite: r.cite.as_deref(),
            help: r.help.as_deref(),
            origin: origin(&outcome.sources, r.header),
            builtin: outcome
                .sources
                .get(r.header.file)
                .is_some_and(|f| f.origin() == Origin::Builtin),
        })
        .collect();
    if !entries.iter().any(|e| e.id == UNUSED_ALLOW) {
        entries.push(RuleEntry {
            id: UNUSED_ALLOW,
            title: Some(UNUSED_ALLOW_TITLE),
            severity: Severity::Warning,
            cite: None,
            help: Some(UNUSED_ALLOW_HELP),
            origin: "vakt".to_owned(),
            builtin: false,
        });
    }
    for finding in &outcome.findings {
        if !entries.iter().any(|e| e.id == finding.rule) {
            entries.push(RuleEntry {
                id: &finding.rule,
                title: None,
                severity: finding.severity,
                cite: None,
                help: None,
                origin: String::new(),
                builtin: false,
            });
        }
    }
    entries
}

/// The title of a rule, `unused-allow` included.
pub fn title<'a>(outcome: &'a Outcome, rule: &str) -> Option<&'a str> {
    match outcome.rule(rule) {
        Some(info) => info.title.as_deref(),
        None if rule == UNUSED_ALLOW => Some(UNUSED_ALLOW_TITLE),
        None => None,
    }
}

/// Where the declaration at `header` comes from: a built-in pack's name
/// (`kommune`), or the display name of a file.
pub fn origin(sources: &Sources, header: Span) -> String {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::samples;

    #[test]
    fn unused_allow_is_described_after_the_active_rules() {
        let outcome = samples::findings();
        let entries = rules(&outcome);
        let ids: Vec<&str> = entries.iter().map(|e| e.id).collect();
        assert_eq!(
            ids,
            [
                "unused-category",
                "processor-agreement",
                "closed-zone-egress",
                "encrypted-zone-crossing",
                "unused-allow",
            ]
        );
        let origins: Vec<&str> = entries.iter().map(|e| e.origin.as_str()).collect();
        assert_eq!(origins, ["core", "gdpr", "kommune", "kommune", "vakt"]);
        assert_eq!(title(&outcome, "unused-allow"), Some(UNUSED_ALLOW_TITLE));
        assert_eq!(title(&outcome, "no-such-rule"), None);
    }

    #[test]
    fn a_rule_only_a_finding_names_is_described_by_its_id() {
        let mut outcome = samples::findings();
        outcome.rules.clear();
        let entries = rules(&outcome);
        assert_eq!(entries.len(), 5);
        assert!(
            entries
                .iter()
                .all(|e| e.id != "unused-allow" || e.title.is_some())
        );
        assert!(
            entries
                .iter()
                .any(|e| e.id == "closed-zone-egress" && e.title.is_none())
        );
    }
}
