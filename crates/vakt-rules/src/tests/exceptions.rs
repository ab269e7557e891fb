//! SPEC §4 "Exceptions" and §5 `unused-allow`.

use vakt_syntax::Severity;

use super::{ALL_PACKS, date, run, run_raw, summarize, summary};
use crate::{Evaluation, UNUSED_ALLOW};

/// `analyse` breaks processor-agreement; `epj -> saksbeh` (unnamed, twice)
/// sends sensitive data by e-mail; `backup` receives two sensitive
/// categories from the closed zone.
const MODEL: &str = r#"
zone lukket { trust = closed }
zone intern { trust = internal }
zone sky { trust = external }
category kontakt { retention = 1y }
category helse { sensitive = true, retention = 10y }
category helse.journal { parent = helse }
processor google { country = "NO" }
system analyse { zone = intern, owner = "IT", basis = consent, operator = google, stores = [kontakt] }
system lonn { zone = intern, owner = "HR", basis = contract, stores = [kontakt] }
system epj { zone = lukket, owner = "RO", basis = legal_obligation, law = "pjl", access_logging = true, stores = [helse.journal] }
system saksbeh { zone = lukket, owner = "RO", basis = legal_obligation, law = "pjl", access_logging = true }
system backup { zone = lukket, owner = "RO", basis = legal_obligation, law = "pjl", access_logging = true }
flow epj -> saksbeh { carries = [helse.journal], channel = email }
flow epj -> saksbeh { carries = [helse], channel = email }
"#;

fn evaluate(allows: &str, today: Option<&str>) -> Evaluation {
    run(&format!("{MODEL}{allows}"), ALL_PACKS, today.map(date)).evaluation
}

#[test]
fn the_model_without_exceptions() {
    assert_eq!(
        summarize(&evaluate("", None).findings),
        [
            "no-sensitive-email epj->saksbeh",
            "no-sensitive-email epj->saksbeh#2",
            "processor-agreement analyse"
        ]
    );
}

const UNTIL: &str = "allow processor-agreement on system analyse because \"Avtale under forhandling, sak 2026/1432\" until 2026-12-31\n";

#[test]
fn an_allow_suppresses_until_its_date() {
    for today in ["2026-11-23", "2026-12-31"] {
        let evaluation = evaluate(UNTIL, Some(today));
        assert_eq!(
            summarize(&evaluation.findings),
            [
                "no-sensitive-email epj->saksbeh",
                "no-sensitive-email epj->saksbeh#2"
            ],
            "{today}"
        );
        let f = evaluation
            .findings
            .iter()
            .find(|f| f.rule == "processor-agreement")
            .expect("the suppressed finding is kept");
        let s = f.suppressed.as_ref().expect("suppressed");
        assert_eq!(s.because, "Avtale under forhandling, sak 2026/1432");
        assert_eq!(s.until, Some(date("2026-12-31")));
        assert!(f.expired.is_none());
    }
}

#[test]
fn an_expired_allow_brings_the_finding_back_and_is_not_unused() {
    let evaluation = evaluate(UNTIL, Some("2027-01-05"));
    assert_eq!(
        summarize(&evaluation.findings),
        [
            "no-sensitive-email epj->saksbeh",
            "no-sensitive-email epj->saksbeh#2",
            "processor-agreement analyse"
        ]
    );
    let f = evaluation
        .findings
        .iter()
        .find(|f| f.rule == "processor-agreement")
        .expect("the finding");
    assert!(f.suppressed.is_none());
    let expired = f.expired.as_ref().expect("a note that it expired");
    assert_eq!(expired.until, Some(date("2026-12-31")));
    assert!(!evaluation.findings.iter().any(|f| f.rule == UNUSED_ALLOW));
}

#[test]
fn an_expired_allow_that_matches_nothing_is_not_unused_either() {
    let allow = "allow processor-agreement on system lonn because \"x\" until 2026-12-31\n";
    let evaluation = evaluate(allow, Some("2027-01-05"));
    assert!(!evaluation.findings.iter().any(|f| f.rule == UNUSED_ALLOW));
}

#[test]
fn an_allow_without_until_never_expires() {
    let allow =
        "allow processor-agreement on system analyse because \"Avtale signert, arkivsak 2026/7\"\n";
    let evaluation = evaluate(allow, Some("2099-01-01"));
    assert_eq!(
        summarize(&evaluation.findings),
        [
            "no-sensitive-email epj->saksbeh",
            "no-sensitive-email epj->saksbeh#2"
        ]
    );
}

#[test]
fn an_allow_that_suppresses_nothing_is_an_unused_allow_warning() {
    // lonn has no processor-agreement finding.
    let allow = "allow processor-agreement on system lonn because \"x\" until 2026-12-31\n";
    let evaluation = evaluate(allow, Some("2026-11-23"));
    let unused: Vec<_> = evaluation
        .findings
        .iter()
        .filter(|f| f.rule == UNUSED_ALLOW)
        .collect();
    assert_eq!(unused.len(), 1);
    assert_eq!(unused[0].rule, "unused-allow");
    assert_eq!(unused[0].severity, Severity::Warning);
    assert_eq!(unused[0].subject.kind, "allow");
    assert_eq!(unused[0].subject.id, "processor-agreement@lonn");
    // The real finding on analyse is untouched.
    assert!(summarize(&evaluation.findings).contains(&"processor-agreement analyse".to_owned()));
}

#[test]
fn an_allow_covers_one_rule_on_one_subject() {
    // Another rule on the same system, and the same rule on another system,
    // are not covered: both exceptions are unused.
    let allows = "allow legal-basis on system analyse because \"x\"\n\
        allow processor-agreement on system lonn because \"y\"\n";
    let evaluation = evaluate(allows, None);
    let mut unused: Vec<String> = evaluation
        .findings
        .iter()
        .filter(|f| f.rule == UNUSED_ALLOW)
        .map(summary)
        .collect();
    unused.sort();
    assert_eq!(
        unused,
        [
            "unused-allow legal-basis@analyse",
            "unused-allow processor-agreement@lonn"
        ]
    );
    assert!(summarize(&evaluation.findings).contains(&"processor-agreement analyse".to_owned()));
}

#[test]
fn an_unnamed_flow_is_named_by_a_string() {
    let allows = "allow no-sensitive-email on flow \"epj->saksbeh\" because \"x\"\n\
        allow no-sensitive-email on flow \"epj->saksbeh#2\" because \"y\"\n";
    let evaluation = evaluate(allows, None);
    assert_eq!(
        summarize(&evaluation.findings),
        ["processor-agreement analyse"]
    );
    let allow = "allow no-sensitive-email on flow \"epj->saksbeh#2\" because \"y\"\n";
    assert_eq!(
        summarize(&evaluate(allow, None).findings),
        [
            "no-sensitive-email epj->saksbeh",
            "processor-agreement analyse"
        ]
    );
}

#[test]
fn an_unused_allow_on_a_flow_is_named_rule_at_flow() {
    let text = format!(
        "{MODEL}flow epj -> backup {{ carries = [helse.journal] }}\n\
         allow no-sensitive-email on flow \"epj->backup\" because \"x\"\n"
    );
    let evaluation = run(&text, ALL_PACKS, None).evaluation;
    let unused: Vec<String> = evaluation
        .findings
        .iter()
        .filter(|f| f.rule == UNUSED_ALLOW)
        .map(|f| format!("{}:{}", f.subject.kind, f.subject.id))
        .collect();
    assert_eq!(unused, ["allow:no-sensitive-email@epj->backup"]);
}

#[test]
fn an_allow_on_a_path_target_suppresses_all_its_categories() {
    let text = format!(
        "{MODEL}system sky1 {{ zone = sky, owner = \"RO\", basis = legal_obligation, law = \"pjl\", access_logging = true }}\n\
         flow epj -> sky1 {{ carries = [helse, helse.journal], encrypted = true }}\n"
    );
    let plain = run(&text, ALL_PACKS, None).evaluation;
    let egress: Vec<String> = summarize(&plain.findings)
        .into_iter()
        .filter(|s| s.starts_with("closed-zone-egress"))
        .collect();
    assert_eq!(
        egress,
        [
            "closed-zone-egress sky1 [helse.journal] epj>sky1",
            "closed-zone-egress sky1 [helse] epj>sky1"
        ]
    );
    let allowed = run(
        &format!("{text}allow closed-zone-egress on system sky1 because \"Sikkerhetskopi, ROS 2026-04\"\n"),
        ALL_PACKS,
        None,
    )
    .evaluation;
    let egress: Vec<&crate::Finding> = allowed
        .findings
        .iter()
        .filter(|f| f.rule == "closed-zone-egress")
        .collect();
    assert_eq!(egress.len(), 2);
    assert!(egress.iter().all(|f| f.suppressed.is_some()));
    assert!(!allowed.findings.iter().any(|f| f.rule == UNUSED_ALLOW));
}

#[test]
fn an_allow_on_a_named_flow_and_on_a_pair() {
    let text = format!(
        "{MODEL}flow synk: epj <-> backup {{ carries = [helse.journal], channel = email }}\n\
         allow no-sensitive-email on flow synk-back because \"x\"\n"
    );
    let evaluation = run(&text, ALL_PACKS, None).evaluation;
    assert_eq!(
        summarize(&evaluation.findings),
        [
            "no-sensitive-email epj->saksbeh",
            "no-sensitive-email epj->saksbeh#2",
            "no-sensitive-email synk",
            "processor-agreement analyse"
        ]
    );
}

#[test]
fn an_allow_naming_an_unknown_rule_or_entity_is_an_error() {
    let run1 = run_raw(
        &format!("{MODEL}allow processor-agremeent on system analyse because \"x\"\n"),
        ALL_PACKS,
        None,
    );
    assert_eq!(run1.error_codes(), ["vakt::unknown-rule"]);
    let run2 = run_raw(
        &format!("{MODEL}allow processor-agreement on system analyze because \"x\"\n"),
        ALL_PACKS,
        None,
    );
    assert_eq!(run2.error_codes(), ["vakt::unknown-reference"]);
    let run3 = run_raw(
        &format!("{MODEL}allow no-sensitive-email on flow \"epj->lonn\" because \"x\"\n"),
        ALL_PACKS,
        None,
    );
    assert_eq!(run3.error_codes(), ["vakt::unknown-reference"]);
    // A rule of a pack that is not loaded is unknown, too.
    let run4 = run_raw(
        &format!("{MODEL}allow no-sensitive-email on flow \"epj->saksbeh\" because \"x\"\n"),
        &["core", "gdpr"],
        None,
    );
    assert_eq!(run4.error_codes(), ["vakt::unknown-rule"]);
    // Errors mean no rule ran.
    for r in [&run1, &run2, &run3, &run4] {
        assert!(r.evaluation.findings.is_empty());
    }
}

#[test]
fn because_is_required() {
    let r = run_raw(
        &format!("{MODEL}allow processor-agreement on system analyse until 2026-12-31\n"),
        ALL_PACKS,
        None,
    );
    assert!(!r.error_codes().is_empty());
}
