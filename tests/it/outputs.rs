//! The output formats and commands beyond `check`'s human and JSON output,
//! end to end: SARIF, `graph`, `doc` and `init`.

use std::fs;
use std::path::Path;

use serde_json::Value;
use vakt_tests::{TODAY, run_in, workspace_root};

/// The SARIF log of `vakt check FILE --format sarif` in `dir`.
fn sarif(dir: &Path, file: &str) -> Value {
    let run = run_in(
        dir,
        &["check", file, "--format", "sarif", "--today", TODAY],
        b"",
    );
    assert_eq!(run.code(), 1, "{}", run.stderr);
    assert_eq!(run.stderr, "");
    run.json()
}

/// Each result's rule, fingerprint and start line, sorted by fingerprint.
fn fingerprints(log: &Value) -> Vec<(String, String, u64)> {
    let mut all: Vec<_> = log["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["partialFingerprints"]["vaktFinding/v1"]
                    .as_str()
                    .unwrap()
                    .to_owned(),
                r["ruleId"].as_str().unwrap().to_owned(),
                r["locations"][0]["physicalLocation"]["region"]["startLine"]
                    .as_u64()
                    .unwrap(),
            )
        })
        .collect();
    all.sort();
    all
}

#[test]
fn sarif_fingerprints_survive_reruns_and_unrelated_edits() {
    let dir = tempfile::tempdir().unwrap();
    let model = fs::read_to_string(workspace_root().join("examples/violations.vakt")).unwrap();
    fs::write(dir.path().join("model.vakt"), &model).unwrap();
    let first = fingerprints(&sarif(dir.path(), "model.vakt"));
    assert!(first.len() >= 17, "{first:?}");
    let unique: std::collections::BTreeSet<_> = first.iter().map(|f| &f.0).collect();
    assert_eq!(unique.len(), first.len(), "fingerprints are unique");
    assert_eq!(fingerprints(&sarif(dir.path(), "model.vakt")), first);

    let edited = format!("system nytt \"Et nytt system\" {{ zone = intern }}\n\n{model}");
    fs::write(dir.path().join("model.vakt"), edited).unwrap();
    let after = fingerprints(&sarif(dir.path(), "model.vakt"));
    let lines_moved = first.iter().zip(&after).all(|(a, b)| b.2 == a.2 + 2);
    assert!(lines_moved, "{first:?}\n{after:?}");
    let strip = |all: &[(String, String, u64)]| -> Vec<(String, String)> {
        all.iter().map(|(f, r, _)| (f.clone(), r.clone())).collect()
    };
    assert_eq!(strip(&after), strip(&first));
}

#[test]
fn sarif_goes_to_a_file_when_asked() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("a.vakt"), "system a { zone = nowhere }\n").unwrap();
    let run = run_in(
        dir.path(),
        &["check", "a.vakt", "--format", "sarif", "-o", "vakt.sarif"],
        b"",
    );
    assert_eq!(run.code(), 2);
    assert_eq!((run.stdout.as_str(), run.stderr.as_str()), ("", ""));
    let log: Value =
        serde_json::from_str(&fs::read_to_string(dir.path().join("vakt.sarif")).unwrap()).unwrap();
    let invocation = &log["runs"][0]["invocations"][0];
    assert_eq!(invocation["executionSuccessful"], false);
    assert_eq!(
        invocation["toolExecutionNotifications"][0]["descriptor"]["id"],
        "vakt::unknown-reference"
    );
}
