use super::*;
use crate::{CheckOptions, Input, NoFiles, check, samples};

fn checked(text: &str) -> Outcome {
    let input = Input {
        name: "model.vakt".to_owned(),
        bytes: text.as_bytes().to_vec(),
    };
    let outcome = check(vec![input], &NoFiles, &CheckOptions::default());
    assert!(!outcome.load_failed(), "{:#?}", outcome.diagnostics);
    outcome
}

fn only(category: &str) -> GraphOptions {
    GraphOptions {
        category: Some(category.to_owned()),
    }
}

/// A small model with every kind of zone, another controller, and ids
/// that need quoting.
const SMALL: &str = r#"use "kommune"

zone lukket "Lukket sone" { trust = closed }
zone intern "Kommunens nett" { trust = internal }
zone sky "Leverandørsky" { trust = external }
zone nett "Internett" { trust = public }

category kontakt "Kontaktinformasjon" { retention = 1y }
category helse "Helseopplysninger" { sensitive = true, retention = 10y }
category helse.journal "Pasientjournal" { parent = helse }

processor drift "Drift AS" { agreement = "DBA 2025-01-01", country = "NO" }
party politiet "Politiet" { country = "NO" }

system epj "Journal \"EPJ\" <ny>" {
  zone = lukket, owner = "Helseleder", stores = [helse.journal, kontakt]
  basis = legal_obligation, law = "pasientjournalloven § 22", access_logging = true
}
system bø-arkiv "Arkiv i Bodø" {
  zone = lukket, owner = "Arkivleder", basis = legal_obligation, law = "arkivlova", access_logging = true
}
system sky-kopi {
  zone = sky, owner = "IT-sjef", operator = drift, basis = legal_obligation, law = "arkivlova", access_logging = true
}
system skjema "Skjema" { zone = nett, owner = "Servicetorget", stores = [kontakt], basis = consent }
system saksbehandling "Saksbehandling" { zone = intern, owner = "Servicetorget", basis = public_task }
system politi "Politiets system" { zone = sky, controller = politiet }

flow epj -> bø-arkiv "Arkivering" { carries = [helse.journal, kontakt], channel = sftp }
flow bø-arkiv -> sky-kopi { carries = [helse.journal], channel = sftp, encrypted = true }
flow skjema -> saksbehandling { carries = [kontakt], channel = https, encrypted = true }
flow bø-arkiv -> politi { carries = [kontakt], law = "politiregisterloven", encrypted = true }

allow sensitive-in-closed-zone on system sky-kopi because "Kryptert sikkerhetskopi"
"#;

#[test]
fn mermaid_snapshot() {
    insta::assert_snapshot!(mermaid(&checked(SMALL), &GraphOptions::default()));
}

#[test]
fn dot_snapshot() {
    insta::assert_snapshot!(dot(&checked(SMALL), &GraphOptions::default()));
}

#[test]
fn json_snapshot() {
    insta::assert_snapshot!(json(&checked(SMALL), &GraphOptions::default()));
}

#[test]
fn findings_and_their_paths_are_red_and_suppressed_ones_are_not() {
    let outcome = samples::findings();
    let text = dot(&outcome, &GraphOptions::default());
    let statement = |start: &str| -> &str {
        text.lines()
            .find(|l| l.trim_start().starts_with(start))
            .unwrap_or_else(|| panic!("no `{start}` in\n{text}"))
    };
    // closed-zone-egress: backup, and the path epj → arkiv → backup
    for node in ["\"backup\" [", "\"epj\" [", "\"arkiv\" ["] {
        assert!(statement(node).contains("color=\"red\""), "{node}\n{text}");
    }
    for edge in ["\"epj\" -> \"arkiv\"", "\"arkiv\" -> \"backup\""] {
        assert!(statement(edge).contains("color=\"red\""), "{edge}\n{text}");
    }
    // the finding on analyse is suppressed; arkiv -> epj is on no path
    assert!(!statement("\"analyse\" [").contains("red"));
    assert!(!statement("\"arkiv\" -> \"epj\"").contains("red"));
    let flowchart = mermaid(&outcome, &GraphOptions::default());
    assert!(
        flowchart.contains("  class s0,s1,s2 finding\n"),
        "{flowchart}"
    );
    assert!(
        flowchart.contains("  linkStyle 0,2 stroke:#d32f2f"),
        "{flowchart}"
    );
}

#[test]
fn zones_are_clusters_styled_by_trust() {
    let text = dot(&checked(SMALL), &GraphOptions::default());
    assert!(text.contains("  subgraph \"cluster_lukket\" {\n"));
    let cluster = |id: &str| -> String {
        let start = text.find(&format!("subgraph \"cluster_{id}\"")).unwrap();
        text.get(start..)
            .unwrap()
            .lines()
            .take(4)
            .collect::<Vec<_>>()
            .join("\n")
    };
    assert!(cluster("lukket").contains("style=\"filled,bold\""));
    assert!(cluster("nett").contains("style=\"dashed\""));
    assert!(!cluster("intern").contains("bold"));
}

#[test]
fn a_category_keeps_the_flows_that_carry_it_and_their_systems() {
    let outcome = checked(SMALL);
    // helse matches helse.journal
    let text = dot(&outcome, &only("helse"));
    assert!(text.contains("\"epj\" -> \"bø-arkiv\""));
    assert!(text.contains("\"bø-arkiv\" -> \"sky-kopi\""));
    assert!(!text.contains("\"skjema\""), "{text}");
    assert!(!text.contains("-> \"politi\""), "{text}");
    assert!(!text.contains("cluster_nett"), "{text}");
    // kontakt: also the systems that hold it without a flow of it
    let text = mermaid(&outcome, &only("kontakt"));
    assert!(text.contains("Skjema"), "{text}");
    assert!(text.contains("Politiets system"), "{text}");
    assert!(!text.contains("sky-kopi"), "{text}");
    let value: serde_json::Value = serde_json::from_str(&json(&outcome, &only("kontakt"))).unwrap();
    let edges: Vec<&str> = value["edges"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["id"].as_str().unwrap())
        .collect();
    assert_eq!(
        edges,
        [
            "epj->bø-arkiv",
            "skjema->saksbehandling",
            "bø-arkiv->politi"
        ]
    );
    assert_eq!(value["category"], "kontakt");
}

#[test]
fn an_unknown_category_is_a_diagnostic_with_a_suggestion() {
    let outcome = checked(SMALL);
    assert!(check_options(&outcome, &only("helse.journal")).is_none());
    assert!(check_options(&outcome, &GraphOptions::default()).is_none());
    let diagnostic = check_options(&outcome, &only("helse.jornal")).unwrap();
    assert_eq!(diagnostic.code, "vakt::unknown-reference");
    assert_eq!(diagnostic.message, "no category is named `helse.jornal`");
    assert_eq!(
        diagnostic.help.as_deref(),
        Some("did you mean `helse.journal`?")
    );
}

#[test]
fn an_empty_model_is_an_empty_graph() {
    let outcome = checked("");
    assert_eq!(
        mermaid(&outcome, &GraphOptions::default()),
        format!("flowchart LR\n{}", mermaid::CLASSES)
    );
    assert!(dot(&outcome, &GraphOptions::default()).ends_with("];\n}\n"));
    let value: serde_json::Value =
        serde_json::from_str(&json(&outcome, &GraphOptions::default())).unwrap();
    assert_eq!(value["nodes"], serde_json::json!([]));
}
