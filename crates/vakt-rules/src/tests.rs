//! Engine tests over small in-memory models with the real built-in packs.

use vakt_model::{Input, NoFiles, Pack, load};
use vakt_syntax::Date;

use crate::{Evaluation, Finding, Options, evaluate};

const PACKS: &[Pack] = &[
    Pack {
        name: "core",
        text: include_str!("../../../rules/core.vakt"),
    },
    Pack {
        name: "gdpr",
        text: include_str!("../../../rules/gdpr.vakt"),
    },
    Pack {
        name: "kommune",
        text: include_str!("../../../rules/kommune.vakt"),
    },
];

fn check_with(text: &str, rules: &[&str], today: Option<Date>) -> Evaluation {
    let rules: Vec<String> = rules.iter().map(|r| (*r).to_owned()).collect();
    let inputs = vec![Input {
        name: "m.vakt".into(),
        bytes: text.as_bytes().to_vec(),
    }];
    let built = load(inputs, &rules, PACKS, &NoFiles);
    assert!(
        !built.diagnostics.iter().any(|d| d.is_error()),
        "model errors: {:#?}",
        built.diagnostics
    );
    let evaluation = evaluate(
        &built.model,
        Options {
            today,
            evaluate: true,
        },
    );
    assert!(
        !evaluation.diagnostics.iter().any(|d| d.is_error()),
        "rule errors: {:#?}",
        evaluation.diagnostics
    );
    evaluation
}

/// Findings of the built-in packs as `rule subject [category] [path]`.
fn findings(text: &str) -> Vec<String> {
    summarize(&check_with(text, &["core", "gdpr", "kommune"], None).findings)
}

fn summarize(findings: &[Finding]) -> Vec<String> {
    let mut out: Vec<String> = findings
        .iter()
        .filter(|f| f.suppressed.is_none())
        .map(|f| {
            let mut s = format!("{} {}", f.rule, f.subject.id);
            if let Some(c) = &f.category {
                s.push_str(&format!(" [{c}]"));
            }
            if let Some(p) = &f.path {
                s.push_str(&format!(" {}", p.join(">")));
            }
            s
        })
        .collect();
    out.sort();
    out
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
