//! Engine tests over small in-memory models with the real built-in packs.
//!
//! The tests are written from `SPEC.md` (§3 derived facts, §4 rules,
//! expressions, paths and exceptions, §5 built-in packs), not from the
//! engine's code. A test that shows the engine disagreeing with the SPEC is
//! kept and marked `#[ignore = "engine bug: …"]`.
//!
//! - [`packs`]: every built-in rule fires on a minimal model and stays quiet
//!   on its near misses.
//! - [`paths`]: `forbid path` semantics (shortest witness, tie-breaks,
//!   `carrying`, `avoiding`, starts that are also targets).
//! - [`facts`]: the derived facts of §3 (least fixed point, hierarchy,
//!   inheritance, `held_by`, `inflows`/`outflows`).
//! - [`semantics`]: expressions (name resolution, operators, durations,
//!   sets, Kleene logic, load errors, messages).
//! - [`exceptions`]: `allow … [until …]` and `unused-allow`.
//! - [`properties`]: property tests on generated models.

use std::collections::BTreeMap;

use vakt_model::{Built, Input, Model, NoFiles, load};
use vakt_syntax::ast::Kind;
use vakt_syntax::{Date, Diagnostic};

use crate::{Evaluation, Finding, Options, PACKS, evaluate};

mod exceptions;
mod facts;
mod packs;
mod paths;
mod properties;
mod semantics;

/// All three built-in packs.
pub(crate) const ALL_PACKS: &[&str] = &["core", "gdpr", "kommune"];

/// A model and its evaluation, whatever went wrong.
pub(crate) struct Run {
    pub built: Built,
    pub evaluation: Evaluation,
}

impl Run {
    pub fn model(&self) -> &Model {
        &self.built.model
    }

    /// Every diagnostic: loading and building the model, then the rules.
    pub fn diagnostics(&self) -> impl Iterator<Item = &Diagnostic> {
        self.built
            .diagnostics
            .iter()
            .chain(&self.evaluation.diagnostics)
    }

    /// Codes of the error diagnostics, in order.
    pub fn error_codes(&self) -> Vec<&'static str> {
        self.diagnostics()
            .filter(|d| d.is_error())
            .map(|d| d.code)
            .collect()
    }

    /// Codes of the warnings, in order.
    pub fn warning_codes(&self) -> Vec<&'static str> {
        self.diagnostics()
            .filter(|d| !d.is_error())
            .map(|d| d.code)
            .collect()
    }
}

/// Loads `text` (one file, `m.vakt`) with the given packs and evaluates it,
/// asserting nothing.
pub(crate) fn run_raw(text: &str, rules: &[&str], today: Option<Date>) -> Run {
    let rules: Vec<String> = rules.iter().map(|r| (*r).to_owned()).collect();
    let inputs = vec![Input {
        name: "m.vakt".into(),
        bytes: text.as_bytes().to_vec(),
    }];
    let built = load(inputs, &rules, PACKS, &NoFiles, vakt_model::Threads::One);
    let evaluate_on = |threads| {
        let options = Options {
            today,
            evaluate: true,
            threads,
        };
        evaluate(&built.model, options)
    };
    let evaluation = evaluate_on(vakt_model::Threads::One);
    // Every test also checks that two threads find the same, in the same
    // order (unit tests split models of any size).
    let on_two = evaluate_on(vakt_model::Threads::Two);
    assert_eq!(
        format!("{:?}", evaluation.findings),
        format!("{:?}", on_two.findings),
        "two threads found otherwise"
    );
    Run { built, evaluation }
}

/// Like [`run_raw`], asserting that the model and the rules load without
/// errors.
pub(crate) fn run(text: &str, rules: &[&str], today: Option<Date>) -> Run {
    let run = run_raw(text, rules, today);
    assert!(
        !run.built.diagnostics.iter().any(Diagnostic::is_error),
        "model errors: {:#?}",
        run.built.diagnostics
    );
    assert!(
        !run.evaluation.diagnostics.iter().any(Diagnostic::is_error),
        "rule errors: {:#?}",
        run.evaluation.diagnostics
    );
    run
}

pub(crate) fn check_with(text: &str, rules: &[&str], today: Option<Date>) -> Evaluation {
    run(text, rules, today).evaluation
}

/// Unsuppressed findings of the built-in packs as `rule subject [category] path`.
pub(crate) fn findings(text: &str) -> Vec<String> {
    summarize(&check_with(text, ALL_PACKS, None).findings)
}

/// Unsuppressed findings of one rule (all packs loaded).
pub(crate) fn fired(text: &str, rule: &str) -> Vec<String> {
    let all = check_with(text, ALL_PACKS, None).findings;
    let of_rule: Vec<Finding> = all.into_iter().filter(|f| f.rule == rule).collect();
    summarize(&of_rule)
}

/// The findings of one rule, as found (all packs loaded).
pub(crate) fn findings_of(text: &str, rule: &str) -> Vec<Finding> {
    check_with(text, ALL_PACKS, None)
        .findings
        .into_iter()
        .filter(|f| f.rule == rule)
        .collect()
}

/// Unsuppressed findings of the model's own rules only (no packs).
pub(crate) fn own(text: &str) -> Vec<String> {
    summarize(&check_with(text, &[], None).findings)
}

/// `rule subject [category] a>b>c`, sorted.
pub(crate) fn summarize(findings: &[Finding]) -> Vec<String> {
    let mut out: Vec<String> = findings
        .iter()
        .filter(|f| f.suppressed.is_none())
        .map(summary)
        .collect();
    out.sort();
    out
}

pub(crate) fn summary(f: &Finding) -> String {
    let mut s = format!("{} {}", f.rule, f.subject.id);
    if let Some(c) = &f.category {
        s.push_str(&format!(" [{c}]"));
    }
    if let Some(p) = &f.path {
        s.push(' ');
        s.push_str(&p.join(">"));
    }
    s
}

/// `flow:from>to` for each hop of a finding, in order.
pub(crate) fn hops(f: &Finding) -> Vec<String> {
    f.hops
        .iter()
        .map(|h| format!("{}:{}>{}", h.flow, h.from, h.to))
        .collect()
}

/// The three-valued truth of `condition` on every entity of `kind` in
/// `model` (no packs): `Some(true)`, `Some(false)`, or `None` for unknown.
///
/// Two rules are added, `forbid KIND where (C)` and
/// `forbid KIND where not (C)`; `forbid` reports only what is true (§4: "In
/// `where`, unknown selects nothing"), so an entity caught by neither is
/// unknown.
pub(crate) fn truth(model: &str, kind: &str, condition: &str) -> BTreeMap<String, Option<bool>> {
    let text = format!(
        "{model}\nrule probe-true {{ forbid {kind} where ({condition}) }}\nrule probe-false {{ forbid {kind} where not ({condition}) }}\n"
    );
    let run = run(&text, &[], None);
    let kind = Kind::from_keyword(kind).expect("a kind");
    let mut out: BTreeMap<String, Option<bool>> = run
        .model()
        .entities(kind)
        .iter()
        .map(|e| (e.id.to_string(), None))
        .collect();
    for f in &run.evaluation.findings {
        let value = f.rule == "probe-true";
        let slot = out.get_mut(f.subject.id.as_str()).expect("a subject");
        assert!(slot.is_none(), "both true and false: {}", f.subject.id);
        *slot = Some(value);
    }
    out
}

/// [`truth`] as `id=true|false|unknown`, sorted.
pub(crate) fn on(model: &str, kind: &str, condition: &str) -> Vec<String> {
    let mut out: Vec<String> = truth(model, kind, condition)
        .into_iter()
        .map(|(id, t)| {
            let t = match t {
                Some(true) => "true",
                Some(false) => "false",
                None => "unknown",
            };
            format!("{id}={t}")
        })
        .collect();
    out.sort();
    out
}

/// The truth of `condition` on one entity.
pub(crate) fn truth_of(model: &str, kind: &str, id: &str, condition: &str) -> Option<bool> {
    *truth(model, kind, condition)
        .get(id)
        .unwrap_or_else(|| panic!("no {kind} `{id}`"))
}

pub(crate) fn date(text: &str) -> Date {
    Date::parse(text).expect("a date")
}

#[test]
fn spec_rules_find_the_egress_path() {
    let model = r#"
zone lukket { trust = closed }
zone intern { trust = internal }
zone sky { trust = external }
category helse { sensitive = true, retention = 10y }
category helse.journal { parent = helse }
system epj { zone = lukket, stores = [helse.journal], basis = legal_obligation, law = "pjl § 22", owner = "RO", access_logging = true }
system arkiv { zone = intern, basis = legal_obligation, law = "x", owner = "RO", access_logging = true }
system mellom { zone = intern, basis = legal_obligation, law = "x", owner = "RO", access_logging = true }
system backup { zone = sky, basis = legal_obligation, law = "x", owner = "RO", access_logging = true }
flow epj -> arkiv { carries = [helse.journal], encrypted = true }
flow arkiv -> mellom { carries = [helse.journal], encrypted = true }
flow mellom -> backup { carries = [helse.journal], encrypted = true }
flow epj -> backup { carries = [helse] }
"#;
    assert_eq!(
        findings(model),
        [
            "closed-zone-egress backup [helse.journal] epj>arkiv>mellom>backup",
            "closed-zone-egress backup [helse] epj>backup",
            "encrypted-zone-crossing epj->backup",
            "sensitive-in-closed-zone arkiv",
            "sensitive-in-closed-zone backup",
            "sensitive-in-closed-zone mellom",
        ]
    );
}
