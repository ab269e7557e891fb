use serde_json::json;
use vakt_syntax::Span;

use super::rule::pascal_case;
use super::*;
use crate::samples;

#[test]
fn findings_snapshot() {
    insta::assert_snapshot!(render(&samples::findings()));
}

#[test]
fn syntax_error_snapshot() {
    insta::assert_snapshot!(render(&samples::syntax_error()));
}

#[test]
fn missing_file_snapshot() {
    insta::assert_snapshot!(render(&samples::missing_file()));
}

#[test]
fn one_run_describes_vakt_and_its_rules() {
    let log = render_value(&samples::findings());
    assert_eq!(log["version"], "2.1.0");
    assert_eq!(log["$schema"], SCHEMA);
    let runs = log["runs"].as_array().unwrap();
    assert_eq!(runs.len(), 1);
    let run = &runs[0];
    assert_eq!(run["columnKind"], "unicodeCodePoints");
    let driver = &run["tool"]["driver"];
    assert_eq!(driver["name"], "vakt");
    assert_eq!(driver["version"], env!("CARGO_PKG_VERSION"));
    assert_eq!(driver["informationUri"], "https://github.com/vakt-dev/vakt");
    let rules = driver["rules"].as_array().unwrap();
    let ids: Vec<&str> = rules.iter().map(|r| r["id"].as_str().unwrap()).collect();
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
    let egress = &rules[2];
    assert_eq!(egress["name"], "ClosedZoneEgress");
    assert_eq!(
        egress["shortDescription"]["text"],
        "Data fra lukket sone transporteres ikke ut"
    );
    assert_eq!(egress["defaultConfiguration"]["level"], "error");
    assert_eq!(egress["properties"]["tags"], json!(["privacy", "kommune"]));
    let help = egress["help"]["text"].as_str().unwrap();
    assert!(help.starts_with("Remove the sensitive category"), "{help}");
    assert!(help.ends_with("\n\nSource: Vestby: 'Data fra lukket sone kan ikke transporteres ut av kommunens systemer.'"));
    assert!(
        egress["help"]["markdown"]
            .as_str()
            .unwrap()
            .contains("**Source:** Vestby")
    );
    assert_eq!(rules[0]["defaultConfiguration"]["level"], "note");
    let unused = &rules[4];
    assert_eq!(unused["defaultConfiguration"]["level"], "warning");
    assert_eq!(unused["properties"]["tags"], json!(["privacy", "vakt"]));
    assert_eq!(run["invocations"][0]["executionSuccessful"], true);
    assert_eq!(
        run["artifacts"],
        json!([{
            "location": {"uri": "vestby.vakt"},
            "length": samples::MODEL.len(),
            "roles": ["analysisTarget"],
        }])
    );
}

#[test]
fn every_finding_is_a_result_pointing_at_its_rule() {
    let outcome = samples::findings();
    let log = render_value(&outcome);
    let run = &log["runs"][0];
    let results = run["results"].as_array().unwrap();
    assert_eq!(results.len(), outcome.findings.len());
    for result in results {
        let index = usize::try_from(result["ruleIndex"].as_u64().unwrap()).unwrap();
        assert_eq!(
            run["tool"]["driver"]["rules"][index]["id"],
            result["ruleId"]
        );
        let text = result["message"]["text"].as_str().unwrap();
        assert!(text.ends_with('.'), "{text}");
    }
    let levels: Vec<&str> = results
        .iter()
        .map(|r| r["level"].as_str().unwrap())
        .collect();
    assert_eq!(levels, ["note", "error", "error", "error", "warning"]);
}

#[test]
fn a_path_finding_has_a_related_location_per_hop() {
    let log = render_value(&samples::findings());
    let result = &log["runs"][0]["results"][1];
    assert_eq!(result["ruleId"], "closed-zone-egress");
    let region = &result["locations"][0]["physicalLocation"]["region"];
    assert_eq!(
        region,
        &json!({
            "startLine": 18, "startColumn": 1, "endLine": 18, "endColumn": 31,
            "snippet": {"text": "system backup \"Sikkerhetskopi\""},
        })
    );
    let related = result["relatedLocations"].as_array().unwrap();
    assert_eq!(related.len(), 2);
    assert_eq!(related[0]["id"], 1);
    assert_eq!(
        related[0]["message"]["text"],
        "1: helse.journal leaves epj for arkiv through flow epj->arkiv."
    );
    assert_eq!(
        related[1]["message"]["text"],
        "2: … and reaches backup from arkiv through flow arkiv->backup."
    );
    assert_eq!(related[1]["physicalLocation"]["region"]["startLine"], 22);
    assert_eq!(
        result["properties"]["path"],
        json!(["epj", "arkiv", "backup"])
    );
    assert_eq!(result["properties"]["category"], "helse.journal");
}

#[test]
fn suppressed_findings_are_results_with_a_suppression() {
    let log = render_value(&samples::findings());
    let results = &log["runs"][0]["results"];
    let suppressed = &results[2];
    assert_eq!(suppressed["ruleId"], "processor-agreement");
    let suppressions = suppressed["suppressions"].as_array().unwrap();
    assert_eq!(suppressions.len(), 1);
    assert_eq!(suppressions[0]["kind"], "inSource");
    assert_eq!(suppressions[0]["status"], "accepted");
    assert_eq!(
        suppressions[0]["justification"],
        "Avtale under forhandling, sak 2026/1432"
    );
    assert_eq!(suppressions[0]["properties"]["until"], "2026-12-31");
    // the others are known not to be suppressed
    assert_eq!(results[1]["suppressions"], json!([]));
    // an expired exception is said in the message and pointed at
    let expired = &results[3];
    assert_eq!(expired["suppressions"], json!([]));
    let text = expired["message"]["text"].as_str().unwrap();
    assert!(text.ends_with("The exception for this finding expired on 2026-01-31 (because \"Kryptering: 100% innen mars\")."), "{text}");
    assert_eq!(
        expired["relatedLocations"][0]["physicalLocation"]["region"]["startLine"],
        25
    );
}

#[test]
fn load_errors_are_notifications_of_a_failed_execution() {
    let log = render_value(&samples::syntax_error());
    let run = &log["runs"][0];
    assert_eq!(run["results"], json!([]));
    let invocation = &run["invocations"][0];
    assert_eq!(invocation["executionSuccessful"], false);
    let notifications = invocation["toolExecutionNotifications"].as_array().unwrap();
    assert!(notifications.len() >= 3, "{notifications:?}");
    let unknown = notifications
        .iter()
        .find(|n| n["descriptor"]["id"] == "vakt::unknown-reference")
        .unwrap();
    assert_eq!(unknown["level"], "error");
    assert_eq!(
        unknown["message"]["text"],
        "no zone is named `lukkt`. Help: did you mean `lukket`?"
    );
    let region = &unknown["locations"][0]["physicalLocation"]["region"];
    assert_eq!(
        (&region["startLine"], &region["startColumn"]),
        (&json!(2), &json!(20))
    );
    assert!(notifications.iter().any(|n| n["level"] == "warning"));
    // a missing file has no location
    let log = render_value(&samples::missing_file());
    let invocation = &log["runs"][0]["invocations"][0];
    assert_eq!(invocation["executionSuccessful"], false);
    assert_eq!(
        invocation["toolExecutionNotifications"][0]["descriptor"]["id"],
        "vakt::missing-file"
    );
}

#[test]
fn fingerprints_depend_on_what_a_finding_is_about_not_where() {
    let outcome = samples::findings();
    let mut moved = outcome.findings[1].clone();
    moved.subject.span = Span::new(moved.subject.span.file, 0, 4);
    moved.message = "another wording".to_owned();
    assert_eq!(fingerprint(&outcome.findings[1]), fingerprint(&moved));
    let mut other = moved.clone();
    other.category = Some("helse".into());
    assert_ne!(fingerprint(&moved), fingerprint(&other));
    let mut other = moved;
    other.subject.id = "arkiv".into();
    assert_ne!(fingerprint(&outcome.findings[1]), fingerprint(&other));
    // FNV-1a of known input, so the value never changes between releases
    assert_eq!(fingerprint(&outcome.findings[0]), "7719aeb0b3fbb46d");
}

#[test]
fn file_names_become_uri_references() {
    assert_eq!(uri("examples/vestby.vakt"), "examples/vestby.vakt");
    assert_eq!(
        uri("modell/bodø kommune.vakt"),
        "modell/bod%C3%B8%20kommune.vakt"
    );
    assert_eq!(uri("<stdin>"), "%3Cstdin%3E");
    assert_eq!(uri("/tmp/a b.vakt"), "file:///tmp/a%20b.vakt");
    assert_eq!(uri("C:\\models\\a.vakt"), "file:///C:/models/a.vakt");
    assert_eq!(uri("../x#1.vakt"), "../x%231.vakt");
}

#[test]
fn rule_names_are_pascal_case() {
    assert_eq!(pascal_case("closed-zone-egress"), "ClosedZoneEgress");
    assert_eq!(pascal_case("own_rule.x"), "OwnRuleX");
    assert_eq!(pascal_case("ødelagt"), "Ødelagt");
}
