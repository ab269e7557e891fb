//! The UI corpus: every file in `tests/cases/{valid,invalid}` checked by
//! the command line, with snapshots of the human and the JSON output named
//! after the fixture. Assertions come first, so a snapshot never has to be
//! taken on trust: invalid inputs exit with 2 and have at least one error,
//! valid inputs have no error diagnostics.
//!
//! The corpus tests the language front end, so it runs without the default
//! rule packs: only rules a fixture declares itself are active.

use std::path::Path;

use vakt_tests::{Run, TODAY, run};

fn check(path: &Path, format: &str) -> Run {
    let root = vakt_tests::workspace_root();
    let relative = path.strip_prefix(&root).unwrap_or(path);
    let relative = relative.to_string_lossy().replace('\\', "/");
    run(&[
        "check",
        &relative,
        "--no-default-rules",
        "--today",
        TODAY,
        "--format",
        format,
    ])
}

fn errors(run: &Run) -> Vec<serde_json::Value> {
    run.json()["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["severity"] == "error")
        .cloned()
        .collect()
}

#[test]
fn invalid_inputs_fail_to_load() {
    insta::glob!("../cases", "invalid/*.vakt", |path| {
        let json = check(path, "json");
        assert_eq!(json.code(), 2, "{}: {}", path.display(), json.stdout);
        assert!(!errors(&json).is_empty(), "{}: no error", path.display());
        assert_eq!(json.json()["findings"], serde_json::json!([]));
        let human = check(path, "human");
        assert_eq!(human.code(), 2);
        assert!(human.stderr.contains("× "), "{}", human.stderr);
        insta::assert_snapshot!("human", human.transcript());
        insta::assert_snapshot!("json", json.stdout);
    });
}

#[test]
fn valid_inputs_load() {
    insta::glob!("../cases", "valid/*.vakt", |path| {
        let json = check(path, "json");
        assert_ne!(json.code(), 2, "{}: {}", path.display(), json.stdout);
        assert!(
            errors(&json).is_empty(),
            "{}: {}",
            path.display(),
            json.stdout
        );
        let human = check(path, "human");
        assert_eq!(human.code(), json.code());
        insta::assert_snapshot!("human", human.transcript());
        insta::assert_snapshot!("json", json.stdout);
    });
}
