//! Writing output: to a stream (a closed pipe is not an error) or,
//! atomically, to a file.

use std::io::{self, Write};
use std::path::{Path, PathBuf};

/// Why output stopped before it was all written.
#[derive(Debug)]
pub(crate) enum Stop {
    /// The reader went away (a broken pipe, as in `vakt check | head -1`):
    /// the run ends quietly with exit status 0.
    Closed,
    /// Writing failed otherwise: exit status 2, with this explanation.
    Failed(String),
}

impl Stop {
    /// The exit status of a run that stopped here, after telling standard
    /// error why (if it still can).
    pub(crate) fn finish(self, stderr: &mut dyn Write) -> crate::ExitStatus {
        match self {
            Stop::Closed => crate::ExitStatus::Success,
            Stop::Failed(why) => {
                let _ = writeln!(stderr, "error: {why}");
                crate::ExitStatus::Error
            }
        }
    }
}

/// Writes `text` to `stream` and flushes it.
pub(crate) fn stream(stream: &mut dyn Write, text: &str) -> Result<(), Stop> {
    stream
        .write_all(text.as_bytes())
        .and_then(|()| stream.flush())
        .map_err(|e| match e.kind() {
            io::ErrorKind::BrokenPipe => Stop::Closed,
            _ => Stop::Failed(format!("cannot write the output: {e}")),
        })
}

/// Replaces the file at `path` with `contents`: writes a temporary file in
/// the same directory, then renames it over the target, so readers never
/// see a half-written file. The temporary file gets the target's
/// permissions before it replaces it (a private file is never readable by
/// others, even for a moment). A symbolic link is followed: the file it
/// points to is replaced and the link stays (renaming over the link would
/// have replaced the link with a copy and left its target as it was).
pub(crate) fn file_atomically(path: &Path, contents: &[u8]) -> io::Result<()> {
    let resolved;
    let path = match std::fs::symlink_metadata(path) {
        Ok(meta) if meta.file_type().is_symlink() => {
            resolved = std::fs::canonicalize(path)?;
            resolved.as_path()
        }
        _ => path,
    };
    let temp = temporary(path, contents)?;
    let renamed = match std::fs::metadata(path) {
        Ok(target) => std::fs::set_permissions(&temp, target.permissions()),
        Err(_) => Ok(()),
    }
    .and_then(|()| std::fs::rename(&temp, path));
    if renamed.is_err() {
        let _ = std::fs::remove_file(&temp);
    }
    renamed
}

/// Creates the file at `path` with `contents`, all at once, and never
/// replaces an existing file (`AlreadyExists`): the complete temporary
/// file is hard-linked to the target, which fails if the target exists.
pub(crate) fn new_file_atomically(path: &Path, contents: &[u8]) -> io::Result<()> {
    let temp = temporary(path, contents)?;
    let linked = match std::fs::hard_link(&temp, path) {
        Err(e) if e.kind() != io::ErrorKind::AlreadyExists => {
            // A file system without hard links: check, then rename (a
            // narrow race, but still never a half-written file).
            if std::fs::symlink_metadata(path).is_ok() {
                Err(io::ErrorKind::AlreadyExists.into())
            } else {
                std::fs::rename(&temp, path)
            }
        }
        linked => linked,
    };
    let _ = std::fs::remove_file(&temp);
    linked
}

/// A complete, synced temporary file beside `path`.
fn temporary(path: &Path, contents: &[u8]) -> io::Result<PathBuf> {
    let dir = match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir,
        _ => Path::new("."),
    };
    let name = path
        .file_name()
        .ok_or_else(|| io::Error::new(io::ErrorKind::InvalidInput, "not a file name"))?
        .to_string_lossy();
    let mut attempt = 0u32;
    loop {
        let temp = dir.join(format!(".{name}.{}-{attempt}.tmp", std::process::id()));
        let mut file = match std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&temp)
        {
            Ok(file) => file,
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists && attempt < 100 => {
                attempt += 1;
                continue;
            }
            Err(e) => return Err(e),
        };
        let written = file.write_all(contents).and_then(|()| file.sync_all());
        if let Err(e) = written {
            let _ = std::fs::remove_file(&temp);
            return Err(e);
        }
        return Ok(temp);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_is_replaced_whole_and_no_temporary_file_is_left() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("report.json");
        file_atomically(&target, b"first").unwrap();
        file_atomically(&target, b"second").unwrap();
        assert_eq!(
            crate::loader::read_file(&target, vakt::Threads::One).unwrap(),
            b"second"
        );
        let names: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, ["report.json"]);
    }

    #[test]
    fn a_new_file_never_replaces_one() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("model.vakt");
        new_file_atomically(&target, b"first").unwrap();
        let error = new_file_atomically(&target, b"second").unwrap_err();
        assert_eq!(error.kind(), io::ErrorKind::AlreadyExists);
        assert_eq!(
            crate::loader::read_file(&target, vakt::Threads::One).unwrap(),
            b"first"
        );
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[cfg(unix)]
    #[test]
    fn a_symbolic_link_is_followed_and_kept() {
        // Regression: `vakt fmt link.vakt` replaced the link with a
        // formatted copy and left the file it pointed to unformatted.
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("real.vakt");
        let link = dir.path().join("link.vakt");
        file_atomically(&target, b"old").unwrap();
        std::os::unix::fs::symlink("real.vakt", &link).unwrap();
        file_atomically(&link, b"new").unwrap();
        assert!(
            std::fs::symlink_metadata(&link)
                .unwrap()
                .file_type()
                .is_symlink()
        );
        assert_eq!(
            crate::loader::read_file(&target, vakt::Threads::One).unwrap(),
            b"new"
        );
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 2);
    }

    #[cfg(unix)]
    #[test]
    fn the_replacement_keeps_the_permissions() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("private.vakt");
        file_atomically(&target, b"old").unwrap();
        std::fs::set_permissions(&target, std::fs::Permissions::from_mode(0o600)).unwrap();
        file_atomically(&target, b"new").unwrap();
        let mode = std::fs::metadata(&target).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
    }

    #[test]
    fn a_missing_directory_is_an_error() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("no/such/dir/report.json");
        assert!(file_atomically(&target, b"x").is_err());
    }

    #[test]
    fn a_closed_pipe_ends_quietly() {
        struct Closed;
        impl Write for Closed {
            fn write(&mut self, _: &[u8]) -> io::Result<usize> {
                Err(io::ErrorKind::BrokenPipe.into())
            }
            fn flush(&mut self) -> io::Result<()> {
                Ok(())
            }
        }
        let stop = stream(&mut Closed, "text").unwrap_err();
        assert_eq!(stop.finish(&mut Vec::new()), crate::ExitStatus::Success);
    }
}
