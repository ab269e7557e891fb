//! The JSON API of the WebAssembly build answers exactly as the CLI does.

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;

use vakt::api::{Files, check_json_str};
use vakt_tests::{TODAY, run, workspace_root};

/// Every `.vakt` file under `dir` that is UTF-8, by path relative to the
/// workspace root.
fn model_files(root: &Path, dir: &str, files: &mut Files) {
    for entry in fs::read_dir(root.join(dir)).unwrap() {
        let path = entry.unwrap().path();
        let name = path
            .strip_prefix(root)
            .unwrap()
            .to_str()
            .unwrap()
            .to_owned();
        if path.is_dir() {
            model_files(root, &name, files);
        } else if name.ends_with(".vakt")
            && let Ok(text) = fs::read_to_string(&path)
        {
            files.insert(name, text);
        }
    }
}

fn all_files() -> Files {
    let root = workspace_root();
    let mut files = BTreeMap::new();
    for dir in ["examples", "tests/cases"] {
        model_files(&root, dir, &mut files);
    }
    files
}

#[test]
fn check_answers_as_the_cli_does_for_every_example_and_case() {
    let files = all_files();
    assert!(files.len() > 30, "{:?}", files.keys());
    let option_sets: [(&[&str], &str); 3] = [
        (&[], ""),
        (&["--rules", "kommune"], r#""rules": ["kommune"], "#),
        (&["--no-default-rules"], r#""no_default_rules": true, "#),
    ];
    for name in files.keys() {
        for (flags, options) in option_sets {
            let mut args = vec!["check", name, "--format", "json", "--today", TODAY];
            args.extend_from_slice(flags);
            let cli = run(&args);
            let options = format!(r#"{{{options}"inputs": ["{name}"], "today": "{TODAY}"}}"#);
            let api = check_json_str(&files, &options);
            assert_eq!(api, cli.stdout, "{name} {flags:?}");
        }
    }
}

#[test]
fn a_model_given_whole_is_checked_as_its_directory() {
    let files: Files = all_files()
        .into_iter()
        .filter(|(name, _)| name.starts_with("examples/"))
        .collect();
    let cli = run(&["check", "examples", "--format", "json", "--today", TODAY]);
    let api = check_json_str(&files, &format!(r#"{{"today": "{TODAY}"}}"#));
    assert_eq!(api, cli.stdout);
}

#[test]
fn graph_answers_as_the_cli_does() {
    let files = all_files();
    for name in files.keys().filter(|n| n.starts_with("examples/")) {
        for format in vakt::api::GRAPH_FORMATS {
            let cli = run(&["graph", name, "--format", format, "--today", TODAY]);
            let options = format!(r#"{{"inputs": ["{name}"], "today": "{TODAY}"}}"#);
            let answer: serde_json::Value =
                serde_json::from_str(&vakt::api::graph_json_str(&files, format, &options)).unwrap();
            assert_eq!(
                answer["graph"].as_str(),
                Some(cli.stdout.as_str()),
                "{name} {format}"
            );
        }
        let cli = run(&["graph", name, "--category", "helse", "--today", TODAY]);
        let options =
            format!(r#"{{"inputs": ["{name}"], "today": "{TODAY}", "category": "helse"}}"#);
        let answer: serde_json::Value =
            serde_json::from_str(&vakt::api::graph_json_str(&files, "dot", &options)).unwrap();
        assert_eq!(
            answer["graph"].as_str(),
            Some(cli.stdout.as_str()),
            "{name} helse"
        );
    }
}

#[test]
fn format_answers_as_the_cli_does() {
    for (name, text) in all_files() {
        let cli = fmt_stdin(&text);
        let model: Files = [(name.clone(), text)].into_iter().collect();
        let answer: serde_json::Value =
            serde_json::from_str(&vakt::api::format_json_str(&model, "")).unwrap();
        let formatted = answer["files"][0]["text"].as_str().unwrap_or("");
        assert_eq!(formatted, cli, "{name}");
    }
}

/// `vakt fmt -` on `text`: the formatted text, or nothing if it failed.
fn fmt_stdin(text: &str) -> String {
    let run = vakt_tests::run_in(&workspace_root(), &["fmt", "-"], text.as_bytes());
    run.stdout
}
