//! `vakt fmt`: canonical formatting, written atomically.
//!
//! A file is rewritten only when it parses, its formatted text proves to
//! mean the same (the formatter re-parses and compares), and it differs.
//! The new text goes to a temporary file in the same directory, which then
//! replaces the original, keeping its permissions; a read-only file is
//! refused. Standard input (`-`) is formatted to standard output.

use std::path::Path;

use vakt::Diagnostic;
use vakt_syntax::{FileId, Origin, Sources};

use crate::args::FmtArgs;
use crate::loader::reason;
use crate::write::{self, Stop};
use crate::{ExitStatus, Io, inputs};

pub(super) fn run(args: &FmtArgs, io: &mut Io<'_>) -> Result<ExitStatus, Stop> {
    let inputs = inputs::collect(&args.paths, io.stdin, &io.context.cwd, vakt::Threads::One);
    let mut sources = Sources::new();
    let mut diagnostics = inputs.diagnostics;
    let mut changed = Vec::new();
    let mut stdout = String::new();
    for input in inputs.files {
        let name = input.name;
        let text = match String::from_utf8(input.bytes) {
            Ok(text) => text,
            Err(e) => {
                let at = e.utf8_error().valid_up_to();
                let file = sources.add(
                    name.clone(),
                    String::from_utf8_lossy(e.as_bytes()),
                    Origin::User,
                );
                let at = u32::try_from(at).unwrap_or(u32::MAX);
                diagnostics.push(
                    Diagnostic::error(
                        "vakt::invalid-utf8",
                        format!("the file is not valid UTF-8 (byte {at})"),
                    )
                    .with_label(
                        vakt_syntax::Span::new(file, at, at.saturating_add(1)),
                        "invalid byte",
                    )
                    .with_help("save the file as UTF-8; it was not formatted"),
                );
                continue;
            }
        };
        let file = FileId(u32::try_from(sources.len()).unwrap_or(u32::MAX));
        let formatted = vakt_syntax::format(file, &text);
        sources.add(name.clone(), text.clone(), Origin::User);
        let formatted = match formatted {
            Ok(formatted) => formatted,
            Err(errors) => {
                diagnostics.extend(errors);
                continue;
            }
        };
        if name == "<stdin>" {
            stdout.push_str(&formatted);
            continue;
        }
        if formatted == text {
            continue;
        }
        if !args.check {
            let path = io.context.cwd.join(&name);
            if let Err(why) = replace(&path, &formatted) {
                diagnostics.push(
                    Diagnostic::error("vakt::unwritable-file", format!("cannot write `{name}`: {why}"))
                        .with_help("make the file writable, or run `vakt fmt --check` to see what would change"),
                );
                continue;
            }
        }
        changed.push(name);
    }
    let failed = diagnostics.iter().any(Diagnostic::is_error);
    let report = crate::human::diagnostics(&diagnostics, &sources, io.context.stderr);
    write::stream(io.stderr, &report)?;
    let mut out = stdout;
    for name in &changed {
        out.push_str(if args.check {
            "would reformat "
        } else {
            "formatted "
        });
        out.push_str(name);
        out.push('\n');
    }
    write::stream(io.stdout, &out)?;
    Ok(if failed {
        ExitStatus::Error
    } else if args.check && !changed.is_empty() {
        ExitStatus::Findings
    } else {
        ExitStatus::Success
    })
}

/// Replaces a file's text atomically, keeping its permissions; refuses a
/// read-only file.
fn replace(path: &Path, text: &str) -> Result<(), String> {
    let meta = std::fs::metadata(path).map_err(|e| reason(&e))?;
    if meta.permissions().readonly() {
        return Err("the file is read-only".to_owned());
    }
    write::file_atomically(path, text.as_bytes()).map_err(|e| reason(&e))?;
    std::fs::set_permissions(path, meta.permissions()).map_err(|e| reason(&e))
}
