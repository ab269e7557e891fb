//! `vakt init [DIR]`: a starter model in DIR/model.vakt.

use std::io;
use std::path::Path;

use vakt::{Diagnostic, STARTER_FILE, STARTER_MODEL};

use super::usage_error;
use crate::args::InitArgs;
use crate::loader::reason;
use crate::write::{self, Stop};
use crate::{ExitStatus, Io};

pub(super) fn run(args: &InitArgs, io: &mut Io<'_>) -> Result<ExitStatus, Stop> {
    let dir = args.dir.as_deref().unwrap_or(Path::new(""));
    let shown = dir.join(STARTER_FILE);
    let shown = shown.to_string_lossy();
    let full = io.context.cwd.join(dir);
    if let Err(e) = std::fs::create_dir_all(&full) {
        let message = format!(
            "cannot create the directory `{}`: {}",
            dir.display(),
            reason(&e)
        );
        return usage_error(Diagnostic::error("vakt::cannot-write", message), io);
    }
    match write::new_file_atomically(&full.join(STARTER_FILE), STARTER_MODEL.as_bytes()) {
        Ok(()) => {}
        Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {
            let diagnostic =
                Diagnostic::error("vakt::file-exists", format!("`{shown}` already exists"))
                    .with_help(
                        "vakt init never replaces a file: move it away, or name another directory",
                    );
            return usage_error(diagnostic, io);
        }
        Err(e) => {
            let message = format!("cannot write `{shown}`: {}", reason(&e));
            return usage_error(Diagnostic::error("vakt::cannot-write", message), io);
        }
    }
    let check = match &args.dir {
        Some(dir) => format!("vakt check {}", dir.display()),
        None => "vakt check".to_owned(),
    };
    let text = format!(
        "created {shown}: a starter model with zones, categories, two systems and a flow\n\
         next: describe your own systems in it, then run `{check}`\n"
    );
    write::stream(io.stdout, &text)?;
    Ok(ExitStatus::Success)
}
