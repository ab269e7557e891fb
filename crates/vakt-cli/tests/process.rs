//! The `vakt` binary as a real process: standard input, terminals and
//! colour, exit statuses, and a reader that goes away. Everything else is
//! tested in process (`tests/` at the workspace root).

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "test helpers, like tests, fail by panicking with context"
)]

use std::io::{Read, Write};
use std::process::{Command, Output, Stdio};

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
