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

/// The ids of the systems that are subjects of unsuppressed findings.
fn systems_with_findings(example: &str) -> Vec<String> {
    let run = vakt_tests::run(&["check", example, "--format", "json", "--today", TODAY]);
    let mut ids: Vec<String> = run.json()["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["subject"]["kind"] == "system" && f["suppressed"] == false)
        .map(|f| f["subject"]["id"].as_str().unwrap().to_owned())
        .collect();
    ids.dedup();
    ids
}

/// `dot -Tsvg` of a DOT text, or `None` (with a note) when Graphviz is not
/// installed; `scripts/test` installs it.
fn graphviz_svg(dot: &str) -> Option<String> {
    use std::io::Write;
    use std::process::{Command, Stdio};
    let Ok(mut child) = Command::new("dot")
        .arg("-Tsvg")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
    else {
        println!("note: Graphviz `dot` is not installed; the SVG is not drawn");
        return None;
    };
    child
        .stdin
        .take()
        .unwrap()
        .write_all(dot.as_bytes())
        .unwrap();
    let output = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "dot -Tsvg failed: {stderr}");
    assert!(
        !stderr.contains("Warning") && !stderr.contains("Error"),
        "{stderr}"
    );
    Some(String::from_utf8(output.stdout).unwrap())
}

/// The SVG group Graphviz draws for an element with this `id` (some
/// versions write `-` as `&#45;`).
fn svg_group<'a>(svg: &'a str, id: &str) -> &'a str {
    let start = [id.to_owned(), id.replace('-', "&#45;")]
        .iter()
        .find_map(|id| svg.find(&format!("<g id=\"{id}\"")))
        .unwrap_or_else(|| panic!("no `{id}` in the SVG"));
    let rest = svg.get(start..).unwrap();
    rest.get(..rest.find("</g>").unwrap()).unwrap()
}

#[test]
fn graphviz_draws_both_municipalities_with_findings_in_red() {
    for example in ["examples/vestby.vakt", "examples/bodo.vakt"] {
        let run = vakt_tests::run(&["graph", example, "--today", TODAY]);
        assert_eq!(run.code(), 0, "{example}: {}", run.stderr);
        assert_eq!(run.stderr, "");
        assert!(run.stdout.starts_with("// vakt graph"));
        let flagged = systems_with_findings(example);
        for id in &flagged {
            let statement = run
                .stdout
                .lines()
                .find(|l| l.trim_start().starts_with(&format!("\"{id}\" [")))
                .unwrap_or_else(|| panic!("{example}: no node `{id}`"));
            assert!(statement.contains("color=\"red\""), "{statement}");
        }
        let Some(svg) = graphviz_svg(&run.stdout) else {
            continue;
        };
        assert!(svg.contains("<svg"), "{svg}");
        for id in &flagged {
            let group = svg_group(&svg, &format!("system-{id}"));
            assert!(group.contains("stroke=\"red\""), "{example} {id}: {group}");
        }
        // a system without findings is not red
        let clean = if example.contains("vestby") {
            "epj"
        } else {
            "telefoni"
        };
        assert!(!flagged.contains(&clean.to_owned()));
        assert!(!svg_group(&svg, &format!("system-{clean}")).contains("stroke=\"red\""));
    }
    assert_eq!(
        systems_with_findings("examples/bodo.vakt"),
        [
            "google-analytics",
            "edialog",
            "elements",
            "videoovervaking",
            "papirarkiv",
            "fjernarkiv"
        ]
    );
}

#[test]
fn graph_formats_categories_and_output_files() {
    let dir = tempfile::tempdir().unwrap();
    let root = workspace_root();
    let bodo = root.join("examples/bodo.vakt");
    let bodo = bodo.to_str().unwrap();
    let run = run_in(dir.path(), &["graph", bodo, "--format", "mermaid"], b"");
    assert_eq!(run.code(), 0, "{}", run.stderr);
    assert!(run.stdout.starts_with("flowchart LR\n  subgraph z0[\""));
    assert!(run.stdout.contains("classDef finding"));
    let run = run_in(
        dir.path(),
        &[
            "graph",
            bodo,
            "--format",
            "json",
            "--category",
            "helse",
            "-o",
            "graph.json",
        ],
        b"",
    );
    assert_eq!(
        (run.code(), run.stdout.as_str(), run.stderr.as_str()),
        (0, "", "")
    );
    let graph: Value =
        serde_json::from_str(&fs::read_to_string(dir.path().join("graph.json")).unwrap()).unwrap();
    assert_eq!(graph["category"], "helse");
    let edges = graph["edges"].as_array().unwrap();
    assert!(!edges.is_empty());
    for edge in edges {
        let carries = edge["carries"].as_array().unwrap();
        assert!(
            carries
                .iter()
                .any(|c| c["id"].as_str().unwrap().starts_with("helse")),
            "{edge}"
        );
    }
    // an unknown category is a usage error with a suggestion
    let run = run_in(dir.path(), &["graph", bodo, "--category", "helsee"], b"");
    assert_eq!(run.code(), 2);
    assert!(run.stdout.is_empty());
    assert!(
        run.stderr.contains("no category is named `helsee`"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("did you mean `helse`?"),
        "{}",
        run.stderr
    );
}

#[test]
fn graph_and_doc_of_a_broken_model_print_diagnostics_and_exit_with_2() {
    for command in ["graph", "doc"] {
        let run = vakt_tests::run(&[command, "tests/cases/invalid/unknown-reference.vakt"]);
        assert_eq!(run.code(), 2, "{command}");
        assert!(run.stdout.is_empty(), "{command}: {}", run.stdout);
        assert!(
            run.stderr.contains("vakt::unknown-reference"),
            "{}",
            run.stderr
        );
        assert!(
            run.stderr
                .ends_with("the model could not be checked: 1 error\n")
        );
    }
}

/// The display names of an example's systems, from `vakt graph --format json`.
fn system_names(example: &str) -> Vec<String> {
    let run = vakt_tests::run(&["graph", example, "--format", "json"]);
    run.json()["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["label"].as_str().unwrap().to_owned())
        .collect()
}

#[test]
fn doc_lists_every_system_of_both_municipalities() {
    for example in ["examples/vestby.vakt", "examples/bodo.vakt"] {
        let names = system_names(example);
        assert!(names.len() > 15, "{names:?}");
        for lang in ["nb", "en"] {
            let run = vakt_tests::run(&["doc", example, "--lang", lang, "--today", TODAY]);
            assert_eq!(run.code(), 0, "{}", run.stderr);
            for name in &names {
                assert!(
                    run.stdout.contains(&format!("### {name}\n")),
                    "{example} ({lang}): no section for {name}"
                );
            }
        }
    }
    let run = vakt_tests::run(&["doc", "examples/vestby.vakt"]);
    assert!(
        run.stdout
            .starts_with("# Protokoll over behandlingsaktiviteter – Vestby kommune\n")
    );
    assert!(
        run.stdout
            .contains("- **Behandlingsansvarlig:** Vestby kommune ved Rådmannen\n")
    );
    assert!(
        run.stdout
            .contains("- **Personvernombud:** personvern@vestby.kommune.no\n")
    );
    assert!(
        run.stdout
            .contains("Fagforeningstilhørighet (særlig kategori)")
    );
    assert!(
        run.stdout
            .contains("rettslig forpliktelse (art. 6 nr. 1 c)")
    );
    assert!(run.stdout.contains("- **Lagringstid:** 7 dager\n"));
    assert!(run.stdout.contains("vakt fant ingen åpne avvik."));
}

#[test]
fn init_writes_a_starter_model_that_passes_and_never_overwrites() {
    let dir = tempfile::tempdir().unwrap();
    let run = run_in(dir.path(), &["init"], b"");
    assert_eq!(run.code(), 0, "{}", run.stderr);
    assert!(
        run.stdout.starts_with("created model.vakt: "),
        "{}",
        run.stdout
    );
    let written = fs::read_to_string(dir.path().join("model.vakt")).unwrap();
    assert_eq!(written, vakt::STARTER_MODEL);
    let run = run_in(dir.path(), &["check", "--fail-on", "info"], b"");
    assert_eq!(run.code(), 0, "{}{}", run.stdout, run.stderr);
    assert_eq!(
        (run.stdout.as_str(), run.stderr.as_str()),
        ("no findings in 1 file\n", "")
    );

    // a second init refuses, and leaves the file as it was
    fs::write(dir.path().join("model.vakt"), "// mine\n").unwrap();
    let run = run_in(dir.path(), &["init"], b"");
    assert_eq!(run.code(), 2);
    assert!(run.stdout.is_empty());
    assert!(run.stderr.contains("vakt::file-exists"), "{}", run.stderr);
    assert!(
        run.stderr.contains("`model.vakt` already exists"),
        "{}",
        run.stderr
    );
    assert_eq!(
        fs::read_to_string(dir.path().join("model.vakt")).unwrap(),
        "// mine\n"
    );

    // a directory is created, and named in the advice
    let run = run_in(dir.path(), &["init", "ny/modell"], b"");
    assert_eq!(run.code(), 0, "{}", run.stderr);
    assert!(
        run.stdout.contains("then run `vakt check ny/modell`"),
        "{}",
        run.stdout
    );
    let run = run_in(dir.path(), &["check", "ny/modell"], b"");
    assert_eq!(run.code(), 0, "{}", run.stdout);
    let names: Vec<_> = fs::read_dir(dir.path().join("ny/modell"))
        .unwrap()
        .collect();
    assert_eq!(names.len(), 1, "no temporary file is left");
}
