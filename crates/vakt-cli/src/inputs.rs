//! The model files named on the command line: files, directories (every
//! `*.vakt` inside) and standard input.

use std::io::Read;
use std::path::{Path, PathBuf};

use vakt::{Diagnostic, Input, Threads};

use crate::loader::{read_file, reason};

/// Directories never searched for model files.
const SKIPPED_DIRS: &[&str] = &["target", "node_modules"];

/// The inputs of a check, and problems finding or reading them.
#[derive(Debug, Default)]
pub(crate) struct Inputs {
    /// The files read, in command-line order (directories: sorted).
    pub files: Vec<Input>,
    /// Unreadable paths (errors) and empty directories (warnings).
    pub diagnostics: Vec<Diagnostic>,
    /// Whether a large file may be read by two threads.
    threads: Threads,
}

/// Reads the files `paths` name, relative to `cwd`; no paths means `cwd`.
///
/// A directory contributes every `*.vakt` file below it, sorted by path,
/// skipping hidden entries (names starting with `.`), `target` and
/// `node_modules`, and not following symbolic links to directories. A file
/// named explicitly is read whatever its extension. `-` is standard input,
/// shown as `<stdin>`.
pub(crate) fn collect(
    paths: &[PathBuf],
    stdin: &mut dyn Read,
    cwd: &Path,
    threads: Threads,
) -> Inputs {
    let mut inputs = Inputs {
        threads,
        ..Inputs::default()
    };
    let default = [PathBuf::from(".")];
    let paths = if paths.is_empty() {
        &default[..]
    } else {
        paths
    };
    let mut stdin_read = false;
    for path in paths {
        if path.as_os_str() == "-" {
            if !stdin_read {
                stdin_read = true;
                inputs.read_stdin(stdin);
            }
            continue;
        }
        let name = display_name(path);
        let full = cwd.join(path);
        match std::fs::metadata(&full) {
            Ok(meta) if meta.is_dir() => inputs.read_dir(&full, &name),
            Ok(_) => inputs.read(&full, name),
            Err(e) => inputs.cannot_read(&name, &reason(&e)),
        }
    }
    inputs
}

impl Inputs {
    fn read_stdin(&mut self, stdin: &mut dyn Read) {
        let mut bytes = Vec::new();
        match stdin.read_to_end(&mut bytes) {
            Ok(_) => self.files.push(Input {
                name: "<stdin>".to_owned(),
                bytes,
            }),
            Err(e) => self.cannot_read("<stdin>", &reason(&e)),
        }
    }

    fn read(&mut self, full: &Path, name: String) {
        match read_file(full, self.threads) {
            Ok(bytes) => self.files.push(Input { name, bytes }),
            Err(e) => self.cannot_read(&name, &reason(&e)),
        }
    }

    fn read_dir(&mut self, full: &Path, name: &str) {
        let mut found = Vec::new();
        self.walk(full, name, &mut found);
        if found.is_empty() {
            self.diagnostics.push(
                Diagnostic::warning(
                    "vakt::no-inputs",
                    format!("there are no `.vakt` files in `{name}`"),
                )
                .with_help("name the model files or their directory: `vakt check PATH...`"),
            );
        }
        found.sort();
        for (name, full) in found {
            self.read(&full, name);
        }
    }

    fn walk(&mut self, dir: &Path, name: &str, found: &mut Vec<(String, PathBuf)>) {
        let entries = match std::fs::read_dir(dir) {
            Ok(entries) => entries,
            Err(e) => return self.cannot_read(name, &reason(&e)),
        };
        for entry in entries {
            let entry = match entry {
                Ok(entry) => entry,
                Err(e) => return self.cannot_read(name, &reason(&e)),
            };
            let file_name = entry.file_name().to_string_lossy().into_owned();
            if file_name.starts_with('.') {
                continue;
            }
            let child = join(name, &file_name);
            let path = entry.path();
            let Ok(kind) = entry.file_type() else {
                continue;
            };
            if kind.is_dir() {
                if !SKIPPED_DIRS.contains(&file_name.as_str()) {
                    self.walk(&path, &child, found);
                }
            } else if file_name.ends_with(".vakt") && path.is_file() {
                found.push((child, path));
            }
        }
    }

    fn cannot_read(&mut self, name: &str, why: &str) {
        self.diagnostics.push(
            Diagnostic::error("vakt::missing-file", format!("cannot read `{name}`: {why}"))
                .with_help("check the path; paths on the command line are relative to the working directory"),
        );
    }
}

/// A path as shown to the user: as given, with `/` separators.
fn display_name(path: &Path) -> String {
    let text = path.to_string_lossy();
    if std::path::MAIN_SEPARATOR == '/' {
        text.into_owned()
    } else {
        text.replace(std::path::MAIN_SEPARATOR, "/")
    }
}

fn join(dir: &str, name: &str) -> String {
    match dir {
        "" | "." | "./" => name.to_owned(),
        _ if dir.ends_with('/') => format!("{dir}{name}"),
        _ => format!("{dir}/{name}"),
    }
}
