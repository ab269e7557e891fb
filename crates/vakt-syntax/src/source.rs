//! Source files and the set of files a check reads.

use std::sync::{Arc, OnceLock};

use crate::span::{FileId, Span};

/// Where a source file comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Origin {
    /// A file of the user's model (or rules), read through the caller's loader.
    User,
    /// A rule pack built into vakt.
    Builtin,
}

/// One source file: its display name and text.
#[derive(Debug)]
pub struct SourceFile {
    name: String,
    text: Arc<String>,
    origin: Origin,
    line_starts: OnceLock<Vec<u32>>,
}

/// A 1-based line and column; the column counts characters (Unicode scalar values).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LineCol {
    /// 1-based line number.
    pub line: u32,
    /// 1-based column, in characters.
    pub column: u32,
}

impl SourceFile {
    /// The name the file is shown under (the path as given, or `<stdin>`).
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The text of the file.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// A shared handle on the text (no copy).
    pub fn shared_text(&self) -> Arc<String> {
        Arc::clone(&self.text)
    }

    /// Where the file comes from.
    pub fn origin(&self) -> Origin {
        self.origin
    }

    /// The text a span covers, if it lies within this file on character boundaries.
    pub fn slice(&self, span: Span) -> Option<&str> {
        self.text.get(span.range())
    }

    fn line_starts(&self) -> &[u32] {
        self.line_starts.get_or_init(|| {
            // memchr finds newlines many bytes at a time: this runs over
            // whole (possibly huge) files whenever one location is shown.
            std::iter::once(0)
                .chain(
                    memchr::memchr_iter(b'\n', self.text.as_bytes())
                        .map(|i| u32::try_from(i + 1).unwrap_or(u32::MAX)),
                )
                .collect()
        })
    }

    /// The line and column of a byte offset (clamped into the file, and back
    /// to the start of the character it falls in).
    pub fn line_col(&self, offset: u32) -> LineCol {
        let starts = self.line_starts();
        let offset = floor_char_boundary(&self.text, offset as usize);
        let line = starts
            .partition_point(|&s| s as usize <= offset)
            .saturating_sub(1);
        let line_start = starts.get(line).copied().unwrap_or(0) as usize;
        let column = self
            .text
            .get(line_start..offset)
            .map_or(0, |s| s.chars().count());
        LineCol {
            line: u32::try_from(line + 1).unwrap_or(u32::MAX),
            column: u32::try_from(column + 1).unwrap_or(u32::MAX),
        }
    }
}

/// The largest char boundary of `text` at or before `offset`.
pub fn floor_char_boundary(text: &str, offset: usize) -> usize {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

/// The set of source files one run reads, in the order they were added.
#[derive(Debug, Default)]
pub struct Sources {
    files: Vec<SourceFile>,
}

impl Sources {
    /// An empty set.
    pub fn new() -> Self {
        Sources::default()
    }

    /// Adds a file and returns its id. The text is moved, not copied.
    pub fn add(
        &mut self,
        name: impl Into<String>,
        text: impl Into<String>,
        origin: Origin,
    ) -> FileId {
        let id = FileId(u32::try_from(self.files.len()).unwrap_or(u32::MAX));
        self.files.push(SourceFile {
            name: name.into(),
            text: Arc::new(text.into()),
            origin,
            line_starts: OnceLock::new(),
        });
        id
    }

    /// The file with this id.
    pub fn get(&self, id: FileId) -> Option<&SourceFile> {
        self.files.get(id.index())
    }

    /// The id of the file with this name.
    pub fn find(&self, name: &str) -> Option<FileId> {
        self.files
            .iter()
            .position(|f| f.name == name)
            .and_then(|i| u32::try_from(i).ok())
            .map(FileId)
    }

    /// All files with their ids.
    pub fn iter(&self) -> impl Iterator<Item = (FileId, &SourceFile)> {
        self.files
            .iter()
            .enumerate()
            .map(|(i, f)| (FileId(u32::try_from(i).unwrap_or(u32::MAX)), f))
    }

    /// The number of files.
    pub fn len(&self) -> usize {
        self.files.len()
    }

    /// Whether there are no files.
    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }

    /// The text a span covers.
    pub fn slice(&self, span: Span) -> Option<&str> {
        self.get(span.file)?.slice(span)
    }

    /// The display name of a file (empty if unknown).
    pub fn name(&self, id: FileId) -> &str {
        self.get(id).map_or("", SourceFile::name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_col_counts_characters_not_bytes() {
        let mut sources = Sources::new();
        let id = sources.add(
            "a.vakt",
            "zone lukket\nsystem bø { zone = lukkt }\n",
            Origin::User,
        );
        let file = sources.get(id).unwrap();
        assert_eq!(file.line_col(0), LineCol { line: 1, column: 1 });
        assert_eq!(file.line_col(12), LineCol { line: 2, column: 1 });
        // `{` is after "system bø " = 10 chars but 11 bytes
        let brace = file.text().find('{').unwrap() as u32;
        assert_eq!(
            file.line_col(brace),
            LineCol {
                line: 2,
                column: 11
            }
        );
        // an offset inside `ø` falls back to its start
        let oe = file.text().find('ø').unwrap() as u32;
        assert_eq!(file.line_col(oe + 1), file.line_col(oe));
        // past the end clamps
        assert_eq!(file.line_col(10_000).line, 3);
    }
}
