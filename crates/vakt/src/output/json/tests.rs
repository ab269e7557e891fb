use serde_json::json;

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
fn output_is_pretty_printed_with_a_trailing_newline() {
    let text = render(&samples::findings());
    assert!(text.starts_with("{\n  \"version\": 1,\n  \"summary\": {\n    \"errors\": 2,"));
    assert!(text.ends_with("}\n") && !text.ends_with("\n\n"));
    let parsed: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(parsed, render_value(&samples::findings()));
}

#[test]
fn summary_counts_unsuppressed_findings_by_severity() {
    let value = render_value(&samples::findings());
    assert_eq!(
        value["summary"],
        json!({"errors": 2, "warnings": 1, "infos": 1, "suppressed": 1})
    );
}

#[test]
fn path_findings_carry_category_path_and_hops() {
    let value = render_value(&samples::findings());
    let finding = &value["findings"][1];
    assert_eq!(finding["rule"], "closed-zone-egress");
    assert_eq!(
        finding["title"],
        "Data fra lukket sone transporteres ikke ut"
    );
    assert_eq!(
        finding["subject"],
        json!({"kind": "system", "id": "backup"})
    );
    assert_eq!(finding["category"], "helse.journal");
    assert_eq!(finding["path"], json!(["epj", "arkiv", "backup"]));
    assert_eq!(finding["hops"][0]["flow"], "epj->arkiv");
    assert_eq!(finding["hops"][1]["location"]["line"], 22);
    assert_eq!(finding["suppressed"], false);
    // the location is the subject's declaration header
    let text = samples::MODEL;
    let offset = text.find("system backup").unwrap();
    assert_eq!(
        finding["location"],
        json!({
            "file": "vestby.vakt",
            "line": 18,
            "column": 1,
            "offset": offset,
            "length": "system backup \"Sikkerhetskopi\"".len(),
        })
    );
}

#[test]
fn optional_fields_are_left_out() {
    let value = render_value(&samples::findings());
    let info = value["findings"][0].as_object().unwrap();
    for absent in ["category", "path", "hops", "suppression", "expired"] {
        assert!(!info.contains_key(absent), "{absent} should be absent");
    }
    // no rule info for `unused-allow`: no title
    assert!(value["findings"][4].get("title").is_none());
}

#[test]
fn suppressed_and_expired_findings_say_why() {
    let value = render_value(&samples::findings());
    let suppressed = &value["findings"][2];
    assert_eq!(suppressed["suppressed"], true);
    assert_eq!(
        suppressed["suppression"]["because"],
        "Avtale under forhandling, sak 2026/1432"
    );
    assert_eq!(suppressed["suppression"]["until"], "2026-12-31");
    let expired = &value["findings"][3];
    assert_eq!(expired["suppressed"], false);
    assert_eq!(expired["expired"]["until"], "2026-01-31");
    assert!(expired.get("suppression").is_none());
}

#[test]
fn diagnostics_have_code_location_and_help() {
    let value = render_value(&samples::syntax_error());
    assert!(value["findings"].as_array().unwrap().is_empty());
    let diagnostics = value["diagnostics"].as_array().unwrap();
    let unknown = diagnostics
        .iter()
        .find(|d| d["code"] == "vakt::unknown-reference")
        .unwrap();
    assert_eq!(unknown["severity"], "error");
    assert_eq!(unknown["help"], "did you mean `lukket`?");
    // `system bø { zone = lukkt }`: `lukkt` is at character 20, byte 21
    let loc = &unknown["location"];
    assert_eq!((&loc["line"], &loc["column"]), (&json!(2), &json!(20)));
    assert_eq!(
        loc["offset"],
        "zone lukket { trust = closed }\nsystem bø { zone = ".len()
    );
    assert_eq!(loc["length"], 5);
}

#[test]
fn diagnostics_without_a_span_have_no_location() {
    let mut outcome = samples::missing_file();
    outcome.diagnostics.push(Diagnostic::error(
        "vakt::missing-file",
        "cannot read `x.vakt`",
    ));
    let value = render_value(&outcome);
    let last = value["diagnostics"]
        .as_array()
        .unwrap()
        .last()
        .unwrap()
        .clone();
    assert!(last.get("location").is_none() && last.get("labels").is_none());
}
