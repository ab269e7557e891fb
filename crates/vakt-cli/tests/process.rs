//! The `vakt` binary as a real process: standard input, terminals and
//! colour, exit statuses, a reader that goes away, and the hostile corpus
//! (where a stack overflow would abort the process, which a test in
//! process would not survive). Everything else is tested in process
//! (`tests/` at the workspace root).

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "test helpers, like tests, fail by panicking with context"
)]

use std::io::{Read, Write};
use std::process::{Command, Output, Stdio};

// The corpus generators of `vakt-tests` (std only; that package depends on
// this one, so it is included rather than depended on).
#[path = "../../../tests/src/hostile.rs"]
#[allow(dead_code, reason = "only the corpus is used here")]
mod hostile;

const VALID: &str = "zone z { trust = closed }\nsystem a { zone = z }\n";
const INVALID: &str = "zone z { trust = closed }\nsystem a { zone = y }\n";

fn vakt(args: &[&str], stdin: &str) -> Output {
    let dir = tempfile::tempdir().unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_vakt"))
        .args(args)
        .current_dir(dir.path())
        .env_remove("NO_COLOR")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(stdin.as_bytes())
        .unwrap();
    child.wait_with_output().unwrap()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[test]
fn standard_input_is_read_for_a_dash() {
    let out = vakt(&["check", "-", "--no-default-rules"], VALID);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert_eq!(text(&out.stdout), "no findings in 1 file\n");
}

#[test]
fn exit_statuses_are_real() {
    let out = vakt(&["check", "-", "--no-default-rules"], INVALID);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("<stdin>:2:19"));
    assert_eq!(
        vakt(&["check", "--today", "someday"], "").status.code(),
        Some(2)
    );
    assert_eq!(vakt(&["--version"], "").status.code(), Some(0));
    assert_eq!(vakt(&["check", "missing.vakt"], "").status.code(), Some(2));
}

#[test]
fn no_colour_when_not_on_a_terminal() {
    let out = vakt(&["check", "-"], INVALID);
    assert_eq!(out.status.code(), Some(2));
    assert!(!out.stderr.is_empty());
    assert!(!out.stderr.contains(&0x1b), "{}", text(&out.stderr));
    assert!(!out.stdout.contains(&0x1b));
    let out = vakt(&["check", "--bogus"], "");
    assert!(!out.stderr.contains(&0x1b), "{}", text(&out.stderr));
}

#[test]
fn no_colour_with_no_color_set() {
    let out = Command::new(env!("CARGO_BIN_EXE_vakt"))
        .args(["check", "-", "--no-default-rules"])
        .env("NO_COLOR", "1")
        .stdin(Stdio::null())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert!(!out.stdout.contains(&0x1b));
}

#[test]
fn a_reader_that_goes_away_is_not_a_crash() {
    // Enough diagnostics that the JSON is far larger than a pipe's buffer,
    // so the process is still writing when the reader leaves.
    let model: String = (0..3000)
        .map(|i| format!("system s{i} {{ zone = nowhere }}\n"))
        .collect();
    let mut child = Command::new(env!("CARGO_BIN_EXE_vakt"))
        .args(["check", "-", "--format", "json", "--no-default-rules"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(model.as_bytes())
        .unwrap();
    let mut stdout = child.stdout.take().unwrap();
    let mut first = [0u8; 1];
    stdout.read_exact(&mut first).unwrap();
    assert_eq!(&first, b"{");
    drop(stdout);
    let out = child.wait_with_output().unwrap();
    let stderr = text(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert_eq!(stderr, "");
}

#[test]
fn hostile_inputs_end_with_an_exit_status_not_a_signal() {
    let dir = tempfile::tempdir().unwrap();
    for case in hostile::corpus() {
        let file = format!("{}.vakt", case.name);
        #[expect(clippy::disallowed_methods, reason = "the test lays out its inputs")]
        std::fs::write(dir.path().join(&file), &case.bytes).unwrap();
        for args in [
            vec!["check", file.as_str(), "--format", "json"],
            vec!["check", file.as_str()],
            vec!["fmt", "--check", file.as_str()],
        ] {
            let out = Command::new(env!("CARGO_BIN_EXE_vakt"))
                .args(&args)
                .current_dir(dir.path())
                .stdin(Stdio::null())
                .output()
                .unwrap();
            let stderr = text(&out.stderr);
            // `None`: killed by a signal (a stack overflow aborts).
            let code = out.status.code();
            assert!(
                matches!(code, Some(0..=2)),
                "{args:?}: {:?}\n{}",
                out.status,
                stderr.chars().take(2000).collect::<String>()
            );
            assert!(!stderr.contains("panicked"), "{args:?}: {stderr}");
            if case.expect.is_some() && args[0] == "check" {
                assert_eq!(code, Some(2), "{args:?}");
            }
        }
    }
}
