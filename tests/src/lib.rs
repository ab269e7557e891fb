//! Test support for vakt: an in-memory [`Loader`], a way to run the `vakt`
//! command line in process and look at what it printed, generated valid
//! models ([`models`]) and hostile inputs ([`hostile`]).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use vakt::{CheckOptions, Input, Loader, Outcome};
use vakt_cli::{Context, ExitStatus, Io};
use vakt_syntax::Date;

pub mod hostile;
pub mod models;

/// The date every test runs on, so exceptions expire deterministically.
pub const TODAY: &str = "2026-06-01";

/// Files by path, for models that `use` other files.
#[derive(Debug, Default)]
pub struct MemoryLoader {
    files: BTreeMap<String, Vec<u8>>,
}

impl MemoryLoader {
    /// A loader with these files.
    pub fn new<'a>(files: impl IntoIterator<Item = (&'a str, &'a str)>) -> Self {
        MemoryLoader {
            files: files
                .into_iter()
                .map(|(path, text)| (path.to_owned(), text.as_bytes().to_vec()))
                .collect(),
        }
    }
}

impl Loader for MemoryLoader {
    fn read(&self, path: &str) -> Result<Vec<u8>, String> {
        self.files
            .get(path)
            .cloned()
            .ok_or_else(|| "no such file or directory".to_owned())
    }
}

/// Checks one in-memory file (named `main.vakt`) with the default packs.
pub fn check_text(text: &str, loader: &MemoryLoader) -> Outcome {
    let input = Input {
        name: "main.vakt".to_owned(),
        bytes: text.as_bytes().to_vec(),
    };
    vakt::check(vec![input], loader, &CheckOptions::default())
}

/// The root of the workspace (where `examples/` and `tests/` are).
pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map_or_else(|| PathBuf::from(".."), Path::to_path_buf)
}

/// What one in-process run printed, and how it ended.
#[derive(Debug)]
pub struct Run {
    /// The exit status.
    pub status: ExitStatus,
    /// Standard output.
    pub stdout: String,
    /// Standard error.
    pub stderr: String,
}

impl Run {
    /// The exit code, 0, 1 or 2.
    pub fn code(&self) -> u8 {
        self.status.code()
    }

    /// Standard output parsed as JSON (`Null` if it is not JSON).
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.stdout).unwrap_or(serde_json::Value::Null)
    }

    /// Everything printed, for snapshots: the exit code, then each stream.
    pub fn transcript(&self) -> String {
        format!(
            "exit: {}\n----- stdout -----\n{}----- stderr -----\n{}",
            self.code(),
            self.stdout,
            self.stderr
        )
    }
}

/// Runs `vakt ARGS…` in process in `cwd`, with `stdin` as standard input,
/// on [`TODAY`], without colour, at width 100.
pub fn run_in(cwd: &Path, args: &[&str], stdin: &[u8]) -> Run {
    let context = Context::new(cwd, Date::parse(TODAY));
    let mut input = stdin;
    let mut stdout = Vec::new();
    let mut stderr = Vec::new();
    let mut io = Io {
        stdin: &mut input,
        stdout: &mut stdout,
        stderr: &mut stderr,
        context,
    };
    let status = vakt_cli::run(std::iter::once("vakt").chain(args.iter().copied()), &mut io);
    Run {
        status,
        stdout: String::from_utf8_lossy(&stdout).into_owned(),
        stderr: String::from_utf8_lossy(&stderr).into_owned(),
    }
}

/// Runs `vakt ARGS…` in process in the workspace root, with no input.
pub fn run(args: &[&str]) -> Run {
    run_in(&workspace_root(), args, b"")
}

/// Runs `vakt check - ARGS…` on `source` given as standard input, in the
/// workspace root.
pub fn check_stdin(source: &[u8], args: &[&str]) -> Run {
    let mut all = vec!["check", "-"];
    all.extend_from_slice(args);
    run_in(&workspace_root(), &all, source)
}
