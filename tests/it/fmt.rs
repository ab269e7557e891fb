//! `vakt fmt`: canonical layout written atomically, `--check`, refusals.

use std::fs;

use vakt_tests::{run, run_in};

const UGLY: &str = "zone   lukket \"Lukket sone\" {trust=closed}\n// the journal\nsystem epj {zone=lukket,owner=\"RO\"}   // trailing\n";
const PRETTY: &str = "zone lukket \"Lukket sone\" { trust = closed }\n// the journal\nsystem epj {\n  zone  = lukket\n  owner = \"RO\"\n}  // trailing\n";

#[test]
fn formats_in_place_keeping_comments() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("m.vakt"), UGLY).unwrap();
    let run = run_in(dir.path(), &["fmt"], b"");
    assert_eq!(run.code(), 0, "{}", run.transcript());
    assert_eq!(run.stdout, "formatted m.vakt\n");
    assert_eq!(
        fs::read_to_string(dir.path().join("m.vakt")).unwrap(),
        PRETTY
    );
    // no temporary file is left behind
    assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1);
    // idempotent: a second run changes nothing
    let again = run_in(dir.path(), &["fmt", "m.vakt"], b"");
    assert_eq!((again.code(), again.stdout.as_str()), (0, ""));
}

#[test]
fn check_lists_files_that_would_change_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("ugly.vakt"), UGLY).unwrap();
    fs::write(dir.path().join("pretty.vakt"), PRETTY).unwrap();
    let run = run_in(dir.path(), &["fmt", "--check"], b"");
    assert_eq!(run.code(), 1, "{}", run.transcript());
    assert_eq!(run.stdout, "would reformat ugly.vakt\n");
    assert_eq!(
        fs::read_to_string(dir.path().join("ugly.vakt")).unwrap(),
        UGLY
    );
    let clean = run_in(dir.path(), &["fmt", "--check", "pretty.vakt"], b"");
    assert_eq!(clean.code(), 0);
}

#[test]
fn a_file_with_a_syntax_error_is_left_byte_for_byte() {
    let dir = tempfile::tempdir().unwrap();
    let broken = b"zone   a {trust=closed}\r\nsystem b { zone = \n\xef\xbb\xbfflow a -> { }\n";
    fs::write(dir.path().join("broken.vakt"), broken).unwrap();
    let run = run_in(dir.path(), &["fmt", "broken.vakt"], b"");
    assert_eq!(run.code(), 2, "{}", run.transcript());
    assert!(run.stderr.contains("vakt::syntax-error"), "{}", run.stderr);
    assert_eq!(fs::read(dir.path().join("broken.vakt")).unwrap(), broken);
}

#[test]
fn a_read_only_file_is_refused_with_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("ro.vakt");
    fs::write(&path, UGLY).unwrap();
    let mut permissions = fs::metadata(&path).unwrap().permissions();
    permissions.set_readonly(true);
    fs::set_permissions(&path, permissions).unwrap();
    let run = run_in(dir.path(), &["fmt", "ro.vakt"], b"");
    assert_eq!(run.code(), 2, "{}", run.transcript());
    assert!(
        run.stderr.contains("vakt::unwritable-file"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("read-only"), "{}", run.stderr);
    assert_eq!(fs::read_to_string(&path).unwrap(), UGLY);
}

#[test]
fn standard_input_is_formatted_to_standard_output() {
    let dir = tempfile::tempdir().unwrap();
    let run = run_in(dir.path(), &["fmt", "-"], UGLY.as_bytes());
    assert_eq!((run.code(), run.stdout.as_str()), (0, PRETTY));
}

#[test]
fn the_repository_is_formatted() {
    // Invalid fixtures are deliberately broken and stay as written.
    let run = run(&["fmt", "--check", "rules", "examples", "tests/cases/valid"]);
    assert_eq!(run.code(), 0, "{}", run.transcript());
}
