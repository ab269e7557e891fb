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
    lines: OnceLock<Arc<LineIndex>>,
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

    /// A shared handle on the line index (no copy).
    pub(crate) fn shared_lines(&self) -> Arc<LineIndex> {
        Arc::clone(self.lines())
    }

    fn lines(&self) -> &Arc<LineIndex> {
        self.lines
            .get_or_init(|| Arc::new(LineIndex::new(self.text.as_bytes())))
    }

    /// The line and column of a byte offset (clamped into the file, and back
    /// to the start of the character it falls in).
    pub fn line_col(&self, offset: u32) -> LineCol {
        let lines = self.lines();
        let offset = floor_char_boundary(&self.text, offset as usize);
        let line = lines.line_of(self.text.as_bytes(), offset);
        // The line starts after the last newline before the offset: a
        // search back through the line only.
        let line_start = self
            .text
            .as_bytes()
            .get(..offset)
            .and_then(|before| memchr::memrchr(b'\n', before))
            .map_or(0, |at| at + 1);
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

/// Bytes per block of the line index.
const BLOCK: usize = 4096;

/// Where lines are, by blocks of the text: the newlines before each block.
/// It takes one vectorized pass over the file (whenever one location is
/// shown) and 4 bytes per 4 KiB; a line is found by counting newlines in at
/// most one block.
#[derive(Debug)]
pub(crate) struct LineIndex {
    /// `newlines_before[k]`: the newlines in `text[..k * BLOCK]`.
    newlines_before: Vec<u32>,
}

impl LineIndex {
    fn new(text: &[u8]) -> Self {
        let mut newlines_before = Vec::with_capacity(text.len() / BLOCK + 2);
        let mut total = 0u32;
        newlines_before.push(total);
        for block in text.chunks(BLOCK) {
            total = total.saturating_add(count_newlines(block));
            newlines_before.push(total);
        }
        LineIndex { newlines_before }
    }

    /// The 0-based line of a byte offset: the newlines before it.
    pub(crate) fn line_of(&self, text: &[u8], offset: usize) -> usize {
        let offset = offset.min(text.len());
        let block = offset / BLOCK;
        let before = self.newlines_before.get(block).copied().unwrap_or(0);
        let within = text.get(block * BLOCK..offset).map_or(0, count_newlines);
        before.saturating_add(within) as usize
    }

    /// Where a 0-based line starts (the end of the text past the last line).
    pub(crate) fn line_start(&self, text: &[u8], line: usize) -> usize {
        if line == 0 {
            return 0;
        }
        // The line starts after the `line`-th newline, which lies in or
        // after the last block with fewer newlines before it.
        let block = self
            .newlines_before
            .partition_point(|&n| (n as usize) < line)
            .saturating_sub(1);
        let mut seen = self.newlines_before.get(block).copied().unwrap_or(0) as usize;
        let from = block * BLOCK;
        for at in memchr::memchr_iter(b'\n', text.get(from..).unwrap_or(&[])) {
            seen += 1;
            if seen == line {
                return from + at + 1;
            }
        }
        text.len()
    }
}

/// The newlines in `bytes`. Counting in byte-wide lanes, 255 bytes at a
/// time so no lane overflows, lets the compiler compare and add 16 bytes
/// per instruction.
fn count_newlines(bytes: &[u8]) -> u32 {
    bytes
        .chunks(255)
        .map(|chunk| {
            let n = chunk
                .iter()
                .fold(0u8, |n, &b| n.wrapping_add(u8::from(b == b'\n')));
            u32::from(n)
        })
        .sum()
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
            lines: OnceLock::new(),
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

    /// Line starts found the slow way: 0 and after every newline.
    fn naive_starts(text: &[u8]) -> Vec<usize> {
        std::iter::once(0)
            .chain(
                text.iter()
                    .enumerate()
                    .filter(|(_, b)| **b == b'\n')
                    .map(|(i, _)| i + 1),
            )
            .collect()
    }

    proptest::proptest! {
        /// The block index agrees with a list of every line start, for
        /// lines shorter and longer than a block, and empty ones.
        #[test]
        fn line_index_agrees_with_every_line_start(
            lengths in proptest::collection::vec(0usize..9000, 0..12),
            probes in proptest::collection::vec(0usize..60_000, 1..40),
        ) {
            let text: Vec<u8> = lengths
                .iter()
                .flat_map(|&n| std::iter::repeat_n(b'x', n).chain([b'\n']))
                .collect();
            let index = LineIndex::new(&text);
            let starts = naive_starts(&text);
            for &offset in &probes {
                let offset = offset.min(text.len());
                let line = starts.partition_point(|&s| s <= offset) - 1;
                proptest::prop_assert_eq!(index.line_of(&text, offset), line);
            }
            for line in 0..starts.len() + 2 {
                let expected = starts.get(line).copied().unwrap_or(text.len());
                proptest::prop_assert_eq!(index.line_start(&text, line), expected);
            }
        }
    }
}
