//! A shared set of outcomes for the renderers' tests: a model checked for
//! real, with hand-built findings (a path finding with hops, a suppressed
//! one, an expired one, a warning and an info), a syntax-error outcome and a
//! missing-file outcome.
//!
//! Built for tests only: with the `samples` feature (which the CLI's tests
//! turn on) and in this crate's own tests.

#![allow(
    clippy::unwrap_used,
    clippy::panic,
    reason = "fixtures: a sample that does not match its model must fail the test loudly"
)]

use vakt_rules::{Finding, Hop, RuleInfo, Subject, Suppression};
use vakt_syntax::{Date, Severity, Span};

use crate::{CheckOptions, Input, NoFiles, Outcome, check};

/// The model the sample findings are about.
pub const MODEL: &str = r#"use "kommune"

zone lukket "Lukket sone" { trust = closed }
zone intern "Kommunens nett" { trust = internal }
zone sky "Leverandørsky" { trust = external }

category helse "Helseopplysninger" { sensitive = true }
category helse.journal "Pasientjournal" { parent = helse }
category statistikk "Anonym statistikk" { personal = false }

processor leverandør "Analyseleverandør" { country = "NO" }

system epj "Elektronisk pasientjournal" {
  zone = lukket
  stores = [helse.journal]
}
system arkiv "Sak/arkiv" { zone = intern }
system backup "Sikkerhetskopi" { zone = sky }
system analyse "Analyse" { zone = sky, operator = leverandør, stores = [helse] }

flow epj <-> arkiv "Journalsynk" { carries = [helse.journal], channel = https, encrypted = true }
flow arkiv -> backup { carries = [helse.journal], channel = sftp }

allow processor-agreement on system analyse because "Avtale under forhandling, sak 2026/1432" until 2026-12-31
allow encrypted-zone-crossing on flow "arkiv->backup" because "Kryptering: 100% innen mars" until 2026-01-31
allow access-logging on system epj because "Gammel unntak"
"#;

/// The outcome of checking [`MODEL`], with the sample findings and rules.
pub fn findings() -> Outcome {
    let mut outcome = checked("vestby.vakt", MODEL);
    assert!(
        !outcome.load_failed(),
        "the sample model must load: {:#?}",
        outcome.diagnostics
    );
    let at = |file: &str, needle: &str| find(&outcome, file, needle);
    let user = "vestby.vakt";
    let kommune = "builtin/kommune.vakt";
    let gdpr = "builtin/gdpr.vakt";
    let core = "builtin/core.vakt";
    let crossing = at(
        user,
        "allow encrypted-zone-crossing on flow \"arkiv->backup\" because \"Kryptering: 100% innen mars\" until 2026-01-31",
    );
    let findings = vec![
        Finding {
            rule: "unused-category".into(),
            severity: Severity::Info,
            message: "category statistikk is declared but no system holds it".into(),
            subject: Subject {
                kind: "category",
                id: "statistikk".into(),
                span: at(user, "category statistikk \"Anonym statistikk\""),
            },
            category: None,
            path: None,
            hops: Vec::new(),
            rule_span: at(core, "rule unused-category \"Kategorien behandles ikke i noe system\""),
            suppressed: None,
            expired: None,
        },
        Finding {
            rule: "closed-zone-egress".into(),
            severity: Severity::Error,
            message: "helse.journal leaves the closed zone and reaches backup, which is external or public, via epj → arkiv → backup".into(),
            subject: Subject {
                kind: "system",
                id: "backup".into(),
                span: at(user, "system backup \"Sikkerhetskopi\""),
            },
            category: Some("helse.journal".into()),
            path: Some(vec!["epj".into(), "arkiv".into(), "backup".into()]),
            hops: vec![
                Hop {
                    flow: "epj->arkiv".into(),
                    from: "epj".into(),
                    to: "arkiv".into(),
                    span: at(user, "flow epj <-> arkiv \"Journalsynk\""),
                },
                Hop {
                    flow: "arkiv->backup".into(),
                    from: "arkiv".into(),
                    to: "backup".into(),
                    span: at(user, "flow arkiv -> backup"),
                },
            ],
            rule_span: at(kommune, "rule closed-zone-egress \"Data fra lukket sone transporteres ikke ut\""),
            suppressed: None,
            expired: None,
        },
        Finding {
            rule: "processor-agreement".into(),
            severity: Severity::Error,
            message: "analyse holds personal data and its operator has no data processing agreement".into(),
            subject: Subject {
                kind: "system",
                id: "analyse".into(),
                span: at(user, "system analyse \"Analyse\""),
            },
            category: None,
            path: None,
            hops: Vec::new(),
            rule_span: at(gdpr, "rule processor-agreement \"Databehandlere har databehandleravtale\""),
            suppressed: Some(Suppression {
                because: "Avtale under forhandling, sak 2026/1432".into(),
                until: Date::new(2026, 12, 31),
                span: at(user, "allow processor-agreement on system analyse because \"Avtale under forhandling, sak 2026/1432\" until 2026-12-31"),
            }),
            expired: None,
        },
        Finding {
            rule: "encrypted-zone-crossing".into(),
            severity: Severity::Error,
            message: "flow arkiv->backup: `encrypted` is missing".into(),
            subject: Subject {
                kind: "flow",
                id: "arkiv->backup".into(),
                span: at(user, "flow arkiv -> backup"),
            },
            category: None,
            path: None,
            hops: Vec::new(),
            rule_span: at(kommune, "rule encrypted-zone-crossing \"Personopplysninger krypteres mellom soner\""),
            suppressed: None,
            expired: Some(Suppression {
                because: "Kryptering: 100% innen mars".into(),
                until: Date::new(2026, 1, 31),
                span: crossing,
            }),
        },
        Finding {
            rule: "unused-allow".into(),
            severity: Severity::Warning,
            message: "the exception for access-logging on epj suppresses nothing".into(),
            subject: Subject {
                kind: "allow",
                id: "access-logging@epj".into(),
                span: at(user, "allow access-logging on system epj because \"Gammel unntak\""),
            },
            category: None,
            path: None,
            hops: Vec::new(),
            rule_span: at(user, "allow access-logging on system epj because \"Gammel unntak\""),
            suppressed: None,
            expired: None,
        },
    ];
    let rules = vec![
        rule(
            &outcome,
            core,
            "unused-category",
            Severity::Info,
            "GDPR art. 30(1)(c)",
            "Add the category to the `stores` of the system that keeps it.",
        ),
        rule(
            &outcome,
            gdpr,
            "processor-agreement",
            Severity::Error,
            "GDPR art. 28(3)",
            "Set `agreement` on the processor named in this system's `operator`.",
        ),
        rule(
            &outcome,
            kommune,
            "closed-zone-egress",
            Severity::Error,
            "Vestby: 'Data fra lukket sone kan ikke transporteres ut av kommunens systemer.'",
            "Remove the sensitive category from `carries` on a flow of the path.",
        ),
        rule(
            &outcome,
            kommune,
            "encrypted-zone-crossing",
            Severity::Error,
            "Vestby: 'all overføring mellom PDA og journalsystemet er kryptert.'",
            "Encrypt the transfer and set `encrypted = true` on the flow.",
        ),
    ];
    outcome.findings = findings;
    outcome.rules = rules;
    outcome
}

/// An outcome whose model has a syntax error, an unknown reference with a
/// suggestion, and a warning.
pub fn syntax_error() -> Outcome {
    checked(
        "broken.vakt",
        "zone lukket { trust = closed }\nsystem bø { zone = lukkt }\nflow bø -> bø { encrpyted = true }\nsystem { }\n",
    )
}

/// An outcome whose model uses a file that cannot be read.
pub fn missing_file() -> Outcome {
    checked("vestby.vakt", "use \"shared/leverandorer.vakt\"\n")
}

fn checked(name: &str, text: &str) -> Outcome {
    let input = Input {
        name: name.to_owned(),
        bytes: text.as_bytes().to_vec(),
    };
    check(vec![input], &NoFiles, &CheckOptions::default())
}

/// The span of the first occurrence of `needle` in `file`.
fn find(outcome: &Outcome, file: &str, needle: &str) -> Span {
    let id = outcome.sources.find(file).unwrap();
    let text = outcome.sources.get(id).unwrap().text();
    let start = text
        .find(needle)
        .unwrap_or_else(|| panic!("`{needle}` is not in {file}"));
    let start = u32::try_from(start).unwrap();
    Span::new(id, start, start + u32::try_from(needle.len()).unwrap())
}

fn rule(
    outcome: &Outcome,
    file: &str,
    id: &str,
    severity: Severity,
    cite: &str,
    help: &str,
) -> RuleInfo {
    let file_id = outcome.sources.find(file).unwrap();
    let text = outcome.sources.get(file_id).unwrap().text();
    let start = text.find(&format!("rule {id} ")).unwrap();
    let rest = text.get(start..).unwrap();
    let line_end = start + rest.find(" {\n").unwrap();
    let end = start + rest.find("\n}").unwrap() + 2;
    let header = text.get(start..line_end).unwrap();
    let title = header.split('"').nth(1).map(str::to_owned);
    let span = |a: usize, b: usize| {
        Span::new(
            file_id,
            u32::try_from(a).unwrap(),
            u32::try_from(b).unwrap(),
        )
    };
    RuleInfo {
        id: id.into(),
        title,
        severity,
        cite: Some(cite.to_owned()),
        help: Some(help.to_owned()),
        message: None,
        header: span(start, line_end),
        span: span(start, end),
    }
}
