//! Exceptions: `allow RULE on KIND ID because "…" [until DATE]`.

use rustc_hash::FxHashMap;
use vakt_model::Model;
use vakt_syntax::ast::AllowDecl;
use vakt_syntax::{Date, Diagnostic, Severity, did_you_mean};

use crate::finding::{Finding, RuleInfo, Subject, Suppression};

/// The rule id of the finding an unused exception gives.
pub const UNUSED_ALLOW: &str = "unused-allow";

/// Suggestions for unknown subjects scan every id of a kind; past this many
/// they are skipped, so thousands of broken exceptions in a large model
/// stay fast (20,000 took four minutes).
const MAX_SUGGESTIONS: usize = 25;

/// Checks that every exception names a loaded rule and a declared entity;
/// returns the valid ones.
pub(crate) fn resolve<'a>(
    model: &'a Model,
    rules: &[RuleInfo],
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<&'a AllowDecl> {
    let mut valid = Vec::new();
    let mut suggestions_left = MAX_SUGGESTIONS;
    for allow in &model.allows {
        let rule = allow.rule.as_str();
        if !rules.iter().any(|r| r.id == rule) {
            let help = match did_you_mean(rule, rules.iter().map(|r| r.id.as_str())) {
                Some(s) => format!("did you mean `{s}`?"),
                None => "list the loaded rules with `vakt rules`; a pack's rules need `use \"PACK\"` or `--rules PACK`".to_owned(),
            };
            diagnostics.push(
                Diagnostic::error("vakt::unknown-rule", format!("no rule is named `{rule}`"))
                    .with_label(allow.rule.span, "unknown rule")
                    .with_help(help),
            );
            continue;
        }
        let target = allow.target.text();
        if model.lookup(allow.kind, target).is_none() {
            let ids = model.entities(allow.kind).iter().map(|e| e.id.as_str());
            let suggestion = if suggestions_left > 0 {
                suggestions_left -= 1;
                did_you_mean(target, ids)
            } else {
                None
            };
            let help = match suggestion {
                Some(s) => format!("did you mean `{s}`?"),
                None => format!(
                    "an exception names a declared {}; unnamed flows are named like \"a->b\"",
                    allow.kind
                ),
            };
            diagnostics.push(
                Diagnostic::error(
                    "vakt::unknown-reference",
                    format!("no {} is named `{target}`", allow.kind),
                )
                .with_label(allow.target.span(), format!("unknown {}", allow.kind))
                .with_help(help),
            );
            continue;
        }
        valid.push(allow);
    }
    valid
}

/// Suppresses the findings the exceptions cover, marks those whose
/// exception expired before `today`, and adds an `unused-allow` finding for
/// each exception that covers nothing.
pub(crate) fn apply(allows: &[&AllowDecl], findings: &mut Vec<Finding>, today: Option<Date>) {
    let mut by_subject: FxHashMap<(&str, &str, &str), Vec<usize>> = FxHashMap::default();
    for (i, allow) in allows.iter().enumerate() {
        by_subject
            .entry((
                allow.rule.as_str(),
                allow.kind.keyword(),
                allow.target.text(),
            ))
            .or_default()
            .push(i);
    }
    let mut applied = vec![false; allows.len()];
    for finding in findings.iter_mut() {
        let key = (
            finding.rule.as_str(),
            finding.subject.kind,
            finding.subject.id.as_str(),
        );
        let Some(matching) = by_subject.get(&key) else {
            continue;
        };
        for &i in matching {
            let Some(allow) = allows.get(i) else {
                continue;
            };
            if let Some(flag) = applied.get_mut(i) {
                *flag = true;
            }
            let until = allow.until.map(|(d, _)| d);
            let suppression = Suppression {
                because: allow.because.value.to_string(),
                until,
                span: allow.span,
            };
            let expired = matches!((until, today), (Some(until), Some(today)) if today > until);
            if expired {
                finding.expired.get_or_insert(suppression);
            } else {
                finding.suppressed.get_or_insert(suppression);
            }
        }
    }
    for (allow, applied) in allows.iter().zip(applied) {
        // An expired exception is not reported as unused: it no longer
        // suppresses anything by design.
        let expired =
            matches!((allow.until, today), (Some((until, _)), Some(today)) if today > until);
        if applied || expired {
            continue;
        }
        let id = format!("{}@{}", allow.rule.text, allow.target.text());
        findings.push(Finding {
            rule: UNUSED_ALLOW.into(),
            severity: Severity::Warning,
            message: format!(
                "the exception for `{}` on {} `{}` suppresses nothing",
                allow.rule.text,
                allow.kind,
                allow.target.text()
            ),
            subject: Subject {
                kind: "allow",
                id: id.into(),
                span: allow.span,
            },
            category: None,
            path: None,
            hops: Vec::new(),
            rule_span: allow.span,
            suppressed: None,
            expired: None,
        });
    }
}

#[cfg(test)]
mod tests {
    use vakt_model::{Input, NoFiles, load};

    #[test]
    fn many_unknown_subjects_are_reported_quickly() {
        // Regression: each unknown subject was compared with every id of
        // its kind, so 20,000 of them in a model of 20,000 systems took
        // minutes. Past MAX_SUGGESTIONS they get no suggestion.
        let n = 3_000;
        let mut text =
            String::from("zone a { trust = closed }\nrule r { forbid system where false }\n");
        for i in 0..n {
            text.push_str(&format!(
                "system s{i} {{ zone = a }}\nallow r on system t{i} because \"x\"\n"
            ));
        }
        let input = Input {
            name: "a.vakt".to_owned(),
            bytes: text.into_bytes(),
        };
        let built = load(vec![input], &[], &[], &NoFiles, vakt_model::Threads::One);
        let started = std::time::Instant::now();
        let evaluation = crate::evaluate(&built.model, crate::Options::default());
        assert!(started.elapsed().as_secs() < 5, "{:?}", started.elapsed());
        assert_eq!(evaluation.diagnostics.len(), n);
        let suggested = evaluation
            .diagnostics
            .iter()
            .filter(|d| {
                d.help
                    .as_deref()
                    .is_some_and(|h| h.starts_with("did you mean"))
            })
            .count();
        assert!(
            (1..=super::MAX_SUGGESTIONS).contains(&suggested),
            "{suggested}"
        );
    }
}
