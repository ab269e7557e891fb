//! Reading files from the disk: the [`Loader`] for `use` and `--rules`.

use std::io;
use std::path::{Path, PathBuf};

use vakt::Loader;

/// Reads `use`d files and rule files relative to a working directory.
pub(crate) struct FsLoader {
    cwd: PathBuf,
}

impl FsLoader {
    /// A loader that reads relative paths from `cwd`.
    pub(crate) fn new(cwd: &Path) -> Self {
        FsLoader {
            cwd: cwd.to_path_buf(),
        }
    }
}

impl Loader for FsLoader {
    fn read(&self, path: &str) -> Result<Vec<u8>, String> {
        read_file(&self.cwd.join(path)).map_err(|e| reason(&e))
    }
}

/// The bytes of a file.
pub(crate) fn read_file(path: &Path) -> io::Result<Vec<u8>> {
    #[expect(
        clippy::disallowed_methods,
        reason = "the CLI is the one place that reads the disk; core crates get files through a Loader"
    )]
    std::fs::read(path)
}

/// Why a file cannot be read, in the words of a diagnostic.
pub(crate) fn reason(error: &io::Error) -> String {
    match error.kind() {
        io::ErrorKind::NotFound => "no such file or directory".to_owned(),
        io::ErrorKind::PermissionDenied => "permission denied".to_owned(),
        io::ErrorKind::IsADirectory => "it is a directory".to_owned(),
        _ => error.to_string(),
    }
}
