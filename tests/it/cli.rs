//! The command line run in process: paths, formats, output files, usage
//! errors, exit codes and the other subcommands.

use std::fs;
use std::path::Path;

use vakt_cli::{Context, ExitStatus, Io};
use vakt_tests::{Run, TODAY, run as vakt, run_in};

fn write(dir: &Path, path: &str, text: &str) {
    let path = dir.join(path);
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    fs::write(path, text).unwrap();
}

fn json_check(dir: &Path, args: &[&str]) -> Run {
    let mut all = vec!["check", "--format", "json", "--no-default-rules"];
    all.extend_from_slice(args);
    run_in(dir, &all, b"")
}

fn diagnostic_files(run: &Run) -> Vec<String> {
    run.json()["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["location"]["file"].as_str().unwrap_or("").to_owned())
        .collect()
}

const ZONE: &str = "zone z { trust = closed }\n";

#[test]
fn a_valid_model_passes() {
    let run = vakt(&[
        "check",
        "tests/cases/valid/minimal.vakt",
        "--no-default-rules",
        "--today",
        TODAY,
    ]);
    assert_eq!(run.status, ExitStatus::Success, "{}", run.stderr);
    assert_eq!(run.stdout, "no findings in 1 file\n");
    assert_eq!(run.stderr, "");
}

#[test]
fn the_examples_load() {
    for example in ["examples/vestby.vakt", "examples/bodo.vakt"] {
        let run = vakt(&["check", example, "--format", "json"]);
        assert_ne!(run.code(), 2, "{example}: {}", run.stdout);
    }
}

#[test]
fn load_errors_go_to_stderr_and_the_summary_to_stdout() {
    let run = vakt(&["check", "tests/cases/invalid/unknown-reference.vakt"]);
    assert_eq!(run.code(), 2);
    assert!(run.stderr.contains("vakt::unknown-reference"));
    assert_eq!(run.stdout, "the model could not be checked: 1 error\n");
}

#[test]
fn a_directory_is_searched_for_model_files_in_order() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(d, "z.vakt", "system c { zone = nowhere }\n");
    write(d, "a.vakt", "system a { zone = nowhere }\n");
    write(d, "sub/b.vakt", "system b { zone = nowhere }\n");
    write(d, "notes.txt", "not a model");
    for skipped in [
        ".hidden/x.vakt",
        "target/x.vakt",
        "node_modules/x.vakt",
        ".x.vakt",
    ] {
        write(d, skipped, "this is not vakt at all {");
    }
    let run = json_check(d, &["."]);
    assert_eq!(run.code(), 2);
    assert_eq!(diagnostic_files(&run), ["a.vakt", "sub/b.vakt", "z.vakt"]);
    // no PATH means the current directory
    let run = json_check(d, &[]);
    assert_eq!(diagnostic_files(&run), ["a.vakt", "sub/b.vakt", "z.vakt"]);
    // a directory given by name keeps its name
    let run = json_check(d, &["sub"]);
    assert_eq!(diagnostic_files(&run), ["sub/b.vakt"]);
}

#[test]
fn files_in_several_paths_form_one_model() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "zones.vakt", ZONE);
    write(dir.path(), "systems/a.vakt", "system a { zone = z }\n");
    let run = run_in(dir.path(), &["check", "systems", "zones.vakt"], b"");
    assert_eq!(run.status, ExitStatus::Success, "{}", run.stderr);
    assert_eq!(run.stdout, "no findings in 2 files\n");
}

#[test]
fn an_empty_directory_is_a_warning() {
    let dir = tempfile::tempdir().unwrap();
    let run = json_check(dir.path(), &[]);
    assert_eq!(run.code(), 0);
    assert_eq!(run.json()["diagnostics"][0]["code"], "vakt::no-inputs");
    assert_eq!(run.json()["diagnostics"][0]["severity"], "warning");
}

#[test]
fn a_missing_path_is_a_load_error() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "a.vakt", ZONE);
    let run = json_check(dir.path(), &["a.vakt", "nope.vakt"]);
    assert_eq!(run.code(), 2);
    let json = run.json();
    assert_eq!(json["findings"], serde_json::json!([]));
    let d = &json["diagnostics"][0];
    assert_eq!(d["code"], "vakt::missing-file");
    assert_eq!(
        d["message"],
        "cannot read `nope.vakt`: no such file or directory"
    );
    assert!(d.get("location").is_none());
    // in human output too
    let run = run_in(dir.path(), &["check", "nope.vakt"], b"");
    assert_eq!(run.code(), 2);
    assert!(run.stderr.contains("cannot read `nope.vakt`"));
}

#[test]
fn standard_input_is_named_stdin() {
    let run = run_in(
        Path::new("."),
        &["check", "-", "--format", "json", "--no-default-rules"],
        b"system a { zone = nowhere }\n",
    );
    assert_eq!(run.code(), 2);
    assert_eq!(diagnostic_files(&run), ["<stdin>"]);
}

#[test]
fn uses_are_read_relative_to_the_using_file() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "model/main.vakt",
        "use \"shared/zones.vakt\"\nsystem a { zone = z }\n",
    );
    write(dir.path(), "model/shared/zones.vakt", ZONE);
    let run = run_in(dir.path(), &["check", "model/main.vakt"], b"");
    assert_eq!(run.status, ExitStatus::Success, "{}", run.stderr);
    assert_eq!(run.stdout, "no findings in 2 files\n");
}

#[test]
fn rule_files_and_packs_can_be_added() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "a.vakt", ZONE);
    write(
        dir.path(),
        "rules/own.vakt",
        "rule owned \"Systems have owners\" {\n  each system must has owner\n}\n",
    );
    let run = json_check(
        dir.path(),
        &["a.vakt", "--rules", "rules/own.vakt", "--rules", "kommune"],
    );
    assert_eq!(run.code(), 0, "{}", run.stdout);
    let run = json_check(dir.path(), &["a.vakt", "--rules", "komune"]);
    assert_eq!(run.code(), 2);
    assert_eq!(
        run.json()["diagnostics"][0]["help"],
        "did you mean `kommune`?"
    );
    let run = json_check(dir.path(), &["a.vakt", "--rules", "rules/missing.vakt"]);
    assert_eq!(run.code(), 2);
    assert_eq!(run.json()["diagnostics"][0]["code"], "vakt::missing-file");
}

#[test]
fn github_format_prints_workflow_commands() {
    let run = vakt(&[
        "check",
        "tests/cases/invalid/unknown-reference.vakt",
        "--format",
        "github",
    ]);
    assert_eq!(run.code(), 2);
    assert_eq!(run.stderr, "");
    assert_eq!(
        run.stdout,
        "::error file=tests/cases/invalid/unknown-reference.vakt,line=3,col=38,endLine=3,endColumn=43,title=vakt%3A%3Aunknown-reference::no zone is named `lukkt`%0Ahelp: did you mean `lukket`?\n"
    );
}

#[test]
fn json_on_load_errors_has_no_findings_and_nothing_on_stderr() {
    let run = vakt(&[
        "check",
        "tests/cases/invalid/three-errors.vakt",
        "--format",
        "json",
    ]);
    assert_eq!(run.code(), 2);
    assert_eq!(run.stderr, "");
    let json = run.json();
    assert_eq!(json["version"], 1);
    assert_eq!(json["findings"], serde_json::json!([]));
    assert_eq!(json["diagnostics"].as_array().unwrap().len(), 3);
}

#[test]
fn output_goes_to_a_file_when_asked() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "a.vakt", "system a { zone = nowhere }\n");
    let run = json_check(dir.path(), &["a.vakt", "--output", "out/report.json"]);
    assert!(run.stdout.is_empty());
    assert!(
        run.stderr.contains("cannot write `out/report.json`"),
        "{}",
        run.stderr
    );
    assert_eq!(run.code(), 2);
    fs::create_dir(dir.path().join("out")).unwrap();
    let run = json_check(dir.path(), &["a.vakt", "--output", "out/report.json"]);
    assert_eq!(run.code(), 2, "the exit status is the check's");
    assert_eq!((run.stdout.as_str(), run.stderr.as_str()), ("", ""));
    let written = fs::read_to_string(dir.path().join("out/report.json")).unwrap();
    assert!(written.contains("\"vakt::unknown-reference\""));
    assert_eq!(fs::read_dir(dir.path().join("out")).unwrap().count(), 1);
    // human output: the report in the file, diagnostics still on stderr
    let run = run_in(
        dir.path(),
        &["check", "a.vakt", "-o", "out/report.txt"],
        b"",
    );
    assert!(run.stderr.contains("vakt::unknown-reference"));
    let written = fs::read_to_string(dir.path().join("out/report.txt")).unwrap();
    assert_eq!(written, "the model could not be checked: 1 error\n");
}

#[test]
fn fail_on_never_does_not_hide_load_errors() {
    let run = vakt(&[
        "check",
        "tests/cases/invalid/duplicate-id.vakt",
        "--fail-on",
        "never",
    ]);
    assert_eq!(run.code(), 2);
    for level in ["error", "warning", "info", "never"] {
        let run = vakt(&[
            "check",
            "tests/cases/valid/minimal.vakt",
            "--no-default-rules",
            "--fail-on",
            level,
        ]);
        assert_eq!(run.code(), 0, "{level}");
    }
}

#[test]
fn usage_errors_exit_with_2() {
    for args in [
        &["check", "--bogus"][..],
        &["check", "--today", "2026-02-30"],
        &["check", "--today", "tomorrow"],
        &["check", "--format", "xml"],
        &["check", "--fail-on", "sometimes"],
        &["check", "--threads", "0"],
        &["check", "--threads", "many"],
        &["frobnicate"],
        &[],
        &["explain"],
    ] {
        let run = vakt(args);
        assert_eq!(run.status, ExitStatus::Error, "{args:?}");
        assert!(run.stdout.is_empty(), "{args:?}: {}", run.stdout);
        assert!(!run.stderr.is_empty(), "{args:?}");
    }
    let run = vakt(&["check", "--today", "2026-02-30"]);
    assert!(
        run.stderr
            .contains("`2026-02-30` is not a date of the form YYYY-MM-DD")
    );
}

#[test]
fn help_and_version_exit_with_0_on_stdout() {
    for args in [
        &["--help"][..],
        &["--version"],
        &["check", "--help"],
        &["help", "check"],
    ] {
        let run = vakt(args);
        assert_eq!(run.status, ExitStatus::Success, "{args:?}");
        assert!(!run.stdout.is_empty() && run.stderr.is_empty(), "{args:?}");
    }
    let run = vakt(&["--version"]);
    assert_eq!(run.stdout, format!("vakt {}\n", env!("CARGO_PKG_VERSION")));
}

#[test]
fn check_help_lists_the_options() {
    let run = vakt(&["check", "--help"]);
    for option in [
        "--rules <PACK|FILE>",
        "--no-default-rules",
        "--format <FORMAT>",
        "--fail-on <LEVEL>",
        "--today <YYYY-MM-DD>",
        "--output <FILE>",
        "--threads <N>",
        "[PATH]...",
    ] {
        assert!(run.stdout.contains(option), "{option}: {}", run.stdout);
    }
}

#[test]
fn an_unknown_rule_cannot_be_explained() {
    let run = vakt(&["explain", "no-such-rule"]);
    assert_eq!(run.code(), 2);
    assert!(run.stderr.contains("vakt::unknown-rule"));
    assert!(run.stderr.contains("there is no rule `no-such-rule`"));
    assert!(run.stdout.is_empty());
}

#[test]
fn rules_lists_without_error() {
    let run = vakt(&["rules"]);
    assert_eq!(run.code(), 0, "{}", run.stderr);
    assert!(!run.stdout.is_empty());
    let run = run_in(Path::new("."), &["rules", "--rules", "nope.vakt"], b"");
    assert_eq!(run.code(), 2);
    assert!(run.stderr.contains("vakt::missing-file"));
}

#[test]
fn a_closed_output_ends_quietly() {
    struct Closed;
    impl std::io::Write for Closed {
        fn write(&mut self, _: &[u8]) -> std::io::Result<usize> {
            Err(std::io::ErrorKind::BrokenPipe.into())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }
    let mut stderr = Vec::new();
    let mut io = Io {
        stdin: &mut &b""[..],
        stdout: &mut Closed,
        stderr: &mut stderr,
        context: Context::new(vakt_tests::workspace_root(), None),
    };
    let args = [
        "vakt",
        "check",
        "tests/cases/invalid/three-errors.vakt",
        "--format",
        "json",
    ];
    assert_eq!(vakt_cli::run(args, &mut io), ExitStatus::Success);
    assert!(stderr.is_empty());
}

#[test]
fn another_write_error_is_reported() {
    struct Full;
    impl std::io::Write for Full {
        fn write(&mut self, _: &[u8]) -> std::io::Result<usize> {
            Err(std::io::Error::other("disk full"))
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }
    let mut stderr = Vec::new();
    let mut io = Io {
        stdin: &mut &b""[..],
        stdout: &mut Full,
        stderr: &mut stderr,
        context: Context::new(vakt_tests::workspace_root(), None),
    };
    let args = ["vakt", "check", "tests/cases/valid/minimal.vakt"];
    assert_eq!(vakt_cli::run(args, &mut io), ExitStatus::Error);
    assert_eq!(
        String::from_utf8(stderr).unwrap(),
        "error: cannot write the output: disk full\n"
    );
}
