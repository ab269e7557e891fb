//! The acceptance criteria of the language front end, asserted on the JSON
//! output of `vakt check`: every load error exits with 2 and is reported
//! with a code, a message and a location; nothing crashes.

use serde_json::Value;
use vakt_tests::{Run, TODAY, check_stdin, run_in};

/// `vakt check -` on `source`, JSON, without the default packs.
fn check(source: &[u8]) -> Run {
    check_stdin(
        source,
        &["--format", "json", "--no-default-rules", "--today", TODAY],
    )
}

/// Asserts that `source` fails to load with a `code` diagnostic at
/// `line`:`column`, and returns that diagnostic.
fn assert_error(source: &str, code: &str, line: u64, column: u64) -> Value {
    let run = check(source.as_bytes());
    assert_eq!(run.code(), 2, "{}", run.stdout);
    let json = run.json();
    assert_eq!(json["findings"], serde_json::json!([]));
    let diagnostics = json["diagnostics"].as_array().unwrap();
    let found = diagnostics
        .iter()
        .find(|d| d["code"] == code)
        .unwrap_or_else(|| panic!("no {code} in {}", run.stdout))
        .clone();
    assert_eq!(found["severity"], "error");
    assert!(!found["message"].as_str().unwrap().is_empty());
    assert_eq!(found["location"]["file"], "<stdin>");
    assert_eq!(
        (&found["location"]["line"], &found["location"]["column"]),
        (&Value::from(line), &Value::from(column)),
        "{code} at the wrong place: {}",
        run.stdout
    );
    found
}

#[test]
fn a_syntax_error_is_located() {
    assert_error(
        "zone lukket { trust = closed }\nsystem epj { zone = lukket }\nflow epj -> { }\n",
        "vakt::syntax-error",
        3,
        13,
    );
}

#[test]
fn an_unknown_reference_suggests_the_closest_id() {
    let d = assert_error(
        "zone lukket { trust = closed }\nsystem epj { zone = lukkt }\n",
        "vakt::unknown-reference",
        2,
        21,
    );
    assert_eq!(d["help"], "did you mean `lukket`?");
}

#[test]
fn a_reference_of_the_wrong_kind_names_the_expected_kind() {
    let d = assert_error(
        "zone lukket { trust = closed }\nprocessor atea { agreement = \"DBA\" }\nsystem epj { zone = atea }\n",
        "vakt::wrong-kind",
        3,
        21,
    );
    assert!(d["message"].as_str().unwrap().contains("expected a zone"));
}

#[test]
fn a_duplicate_id_points_at_the_second_declaration() {
    assert_error(
        "zone lukket { trust = closed }\nzone lukket { trust = internal }\n",
        "vakt::duplicate-id",
        2,
        6,
    );
}

#[test]
fn a_zone_without_trust_is_an_error() {
    let d = assert_error(
        "zone lukket \"Lukket sone\"\n",
        "vakt::missing-attribute",
        1,
        1,
    );
    assert!(d["message"].as_str().unwrap().contains("`trust`"));
}

#[test]
fn a_flow_to_an_undeclared_system_is_an_error() {
    assert_error(
        "zone z { trust = closed }\nsystem epj { zone = z }\nflow epj -> arkiv { }\n",
        "vakt::unknown-reference",
        3,
        13,
    );
}

#[test]
fn invalid_utf8_is_an_error_at_its_byte() {
    let d = assert_error_bytes(
        b"zone lukket { trust = closed }\n// \xff\xfe\n",
        "vakt::invalid-utf8",
    );
    assert_eq!(d["location"]["line"], 2);
    assert_eq!(d["location"]["column"], 4);
    assert_eq!(d["location"]["offset"], 34);
}

fn assert_error_bytes(source: &[u8], code: &str) -> Value {
    let run = check(source);
    assert_eq!(run.code(), 2, "{}", run.stdout);
    run.json()["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["code"] == code)
        .unwrap_or_else(|| panic!("no {code} in {}", run.stdout))
        .clone()
}

#[test]
fn a_use_cycle_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a.vakt"), "use \"b.vakt\"\n").unwrap();
    std::fs::write(
        dir.path().join("b.vakt"),
        "zone z { trust = closed }\nuse \"a.vakt\"\n",
    )
    .unwrap();
    let run = run_in(
        dir.path(),
        &["check", "a.vakt", "--format", "json", "--no-default-rules"],
        b"",
    );
    assert_eq!(run.code(), 2, "{}", run.stdout);
    let json = run.json();
    let cycle = json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["code"] == "vakt::use-cycle")
        .unwrap();
    assert_eq!(cycle["location"]["file"], "b.vakt");
    assert_eq!(
        (&cycle["location"]["line"], &cycle["location"]["column"]),
        (&Value::from(2), &Value::from(1))
    );
    assert!(
        cycle["message"]
            .as_str()
            .unwrap()
            .contains("a.vakt → b.vakt → a.vakt")
    );
}

#[test]
fn independent_errors_are_all_reported() {
    let run = check(
        b"zone lukket { trust = closed }\nzone intern\nsystem epj { zone = lukkt }\nsystem pda { zone = lukket }\nsystem pda { zone = lukket }\n",
    );
    assert_eq!(run.code(), 2);
    let json = run.json();
    let codes: Vec<&str> = json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["code"].as_str().unwrap())
        .collect();
    assert_eq!(
        codes,
        [
            "vakt::missing-attribute",
            "vakt::unknown-reference",
            "vakt::duplicate-id"
        ]
    );
}

#[test]
fn a_misspelt_attribute_is_a_warning_with_a_suggestion() {
    let run = check(
        b"zone z { trust = closed }\ncategory k\nsystem a { zone = z, stores = [k] }\nsystem b { zone = z }\nflow a -> b { carries = [k], encrpyted = true }\n",
    );
    assert_ne!(run.code(), 2, "{}", run.stdout);
    let json = run.json();
    let diagnostics = json["diagnostics"].as_array().unwrap();
    assert_eq!(diagnostics.len(), 1, "{}", run.stdout);
    assert_eq!(diagnostics[0]["code"], "vakt::unknown-attribute");
    assert_eq!(diagnostics[0]["severity"], "warning");
    assert!(
        diagnostics[0]["help"]
            .as_str()
            .unwrap()
            .contains("`encrypted`")
    );
    assert_eq!(diagnostics[0]["location"]["line"], 5);
}

/// A deterministic stream of pseudo-random bytes (xorshift64).
fn random_bytes(len: usize, mut seed: u64) -> Vec<u8> {
    (0..len)
        .map(|_| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed.to_le_bytes()[0]
        })
        .collect()
}

fn assert_fails_cleanly(source: &[u8]) -> Value {
    let run = check(source);
    assert_eq!(run.code(), 2, "{}", run.stderr);
    let json = run.json();
    assert!(!json["diagnostics"].as_array().unwrap().is_empty());
    json
}

#[test]
fn random_bytes_are_rejected_cleanly() {
    let json = assert_fails_cleanly(&random_bytes(200 * 1024, 0x5eed_cafe_f00d_1234));
    assert_eq!(json["diagnostics"][0]["code"], "vakt::invalid-utf8");
}

#[test]
fn random_text_is_rejected_cleanly() {
    let alphabet = b"zone system flow -> <-> { } [ ] ( ) = , ; \" \\ / * . : 0 7d x_y \n\t";
    let text: Vec<u8> = random_bytes(200 * 1024, 42)
        .into_iter()
        .map(|b| alphabet[usize::from(b) % alphabet.len()])
        .collect();
    assert_fails_cleanly(&text);
}

#[test]
fn deep_nesting_is_rejected_cleanly() {
    let source = format!("zone z {{ trust = closed, x = {} }}\n", "[".repeat(20_000));
    let json = assert_fails_cleanly(source.as_bytes());
    let codes = json["diagnostics"].to_string();
    assert!(codes.contains("vakt::nesting-too-deep"));
}

#[test]
fn a_huge_string_literal_is_rejected_cleanly_out_of_place() {
    let source = format!("\"{}\"\n", "ø".repeat(1024 * 1024));
    assert_fails_cleanly(source.as_bytes());
}

#[test]
fn a_huge_string_literal_is_read_in_place() {
    let source = format!(
        "organization o {{ dpo = \"{}\" }}\n",
        "a".repeat(2 * 1024 * 1024)
    );
    let run = check(source.as_bytes());
    assert_eq!(run.code(), 0, "{}", run.stderr);
}

#[test]
fn unterminated_comments_and_strings_are_errors() {
    assert_error(
        "zone z { trust = closed }\n/* no end\nzone y { trust = closed }\n",
        "vakt::unterminated-comment",
        2,
        1,
    );
    assert_error(
        "zone z \"no end { trust = closed }\n",
        "vakt::unterminated-string",
        1,
        8,
    );
}

#[test]
fn an_empty_file_is_fine() {
    let run = check(b"");
    assert_eq!(run.code(), 0, "{}", run.stdout);
    assert_eq!(run.json()["diagnostics"], serde_json::json!([]));
}
