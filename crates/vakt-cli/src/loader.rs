//! Reading files from the disk: the [`Loader`] for `use` and `--rules`.

use std::io;
use std::path::{Path, PathBuf};

use vakt::{Loader, Threads};

/// Reads `use`d files and rule files relative to a working directory.
pub(crate) struct FsLoader {
    cwd: PathBuf,
    threads: Threads,
}

impl FsLoader {
    /// A loader that reads relative paths from `cwd`.
    pub(crate) fn new(cwd: &Path, threads: Threads) -> Self {
        FsLoader {
            cwd: cwd.to_path_buf(),
            threads,
        }
    }
}

impl Loader for FsLoader {
    fn read(&self, path: &str) -> Result<Vec<u8>, String> {
        read_file(&self.cwd.join(path), self.threads).map_err(|e| reason(&e))
    }
}

/// The bytes of a file.
pub(crate) fn read_file(path: &Path, threads: Threads) -> io::Result<Vec<u8>> {
    #[cfg(unix)]
    if threads == Threads::Two
        && let Some(bytes) = halves::read(path)?
    {
        return Ok(bytes);
    }
    #[cfg(not(unix))]
    let _ = threads;
    #[expect(
        clippy::disallowed_methods,
        reason = "the CLI is the one place that reads the disk; core crates get files through a Loader"
    )]
    std::fs::read(path)
}

/// Reading a large file as two halves at once. Most of the time of reading
/// a large file goes to the system providing the fresh memory it lands in,
/// page by page; two threads share that work (62 MB: 57 ms instead of 97).
#[cfg(unix)]
mod halves {
    use std::fs::File;
    use std::io::{self, Read, Seek, SeekFrom};
    use std::os::unix::fs::FileExt;
    use std::path::Path;

    /// Smaller files are read whole, on one thread.
    const MIN_BYTES: u64 = 8 << 20;

    /// The bytes of the file at `path`; `None` when it is small, not a
    /// regular file, shrinks while read, or no thread starts (the caller
    /// then reads it whole, and reports any error).
    pub(super) fn read(path: &Path) -> io::Result<Option<Vec<u8>>> {
        let mut file = File::open(path)?;
        let meta = file.metadata()?;
        if !meta.is_file() || meta.len() < MIN_BYTES {
            return Ok(None);
        }
        let Ok(len) = usize::try_from(meta.len()) else {
            return Ok(None);
        };
        let mut bytes = vec![0u8; len];
        let (first, second) = bytes.split_at_mut(len / 2);
        let offset = first.len() as u64;
        let shared = &file;
        let read = std::thread::scope(|scope| {
            let other = std::thread::Builder::new()
                .name("vakt-read".to_owned())
                .spawn_scoped(scope, move || shared.read_exact_at(second, offset))
                .ok()?;
            let mine = shared.read_exact_at(first, 0);
            Some(mine.is_ok() && other.join().is_ok_and(|r| r.is_ok()))
        });
        if read != Some(true) {
            return Ok(None);
        }
        // The file may have grown since it was measured.
        file.seek(SeekFrom::Start(meta.len()))?;
        file.read_to_end(&mut bytes)?;
        Ok(Some(bytes))
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_large_file_read_in_halves_is_read_whole() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("large.vakt");
        // Odd-sized, above the threshold, no two halves alike.
        let bytes: Vec<u8> = (0..(9 << 20) + 7).map(|i: u32| (i % 251) as u8).collect();
        std::fs::File::create(&path)
            .and_then(|mut f| io::Write::write_all(&mut f, &bytes))
            .unwrap();
        #[cfg(unix)]
        assert!(
            halves::read(&path)
                .unwrap()
                .is_some_and(|read| read == bytes)
        );
        assert!(read_file(&path, Threads::Two).unwrap() == bytes);
        assert!(read_file(&path, Threads::One).unwrap() == bytes);
    }

    #[test]
    fn a_missing_file_is_an_error_on_two_threads_too() {
        let dir = tempfile::tempdir().unwrap();
        let error = read_file(&dir.path().join("nope.vakt"), Threads::Two).unwrap_err();
        assert_eq!(reason(&error), "no such file or directory");
    }
}
