//! Spans as positions people and tools can find: the one place a [`Span`]
//! becomes a file name, a line and a column.

use serde::Serialize;
use vakt_syntax::source::floor_char_boundary;
use vakt_syntax::{LineCol, Sources, Span};

/// Where a finding or diagnostic points: the `location` object of SPEC §6.
///
/// `line` and `column` are 1-based and the column counts characters;
/// `offset` and `length` count bytes. The span is kept inside its file and
/// on character boundaries.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Location {
    /// The file's display name (a path relative to the working directory,
    /// `<stdin>`, or `builtin/PACK.vakt`).
    pub file: String,
    /// 1-based line of the first byte.
    pub line: u32,
    /// 1-based column of the first byte, in characters.
    pub column: u32,
    /// Byte offset of the first byte.
    pub offset: u32,
    /// Length in bytes.
    pub length: u32,
    /// 1-based line just past the last byte (not serialized).
    #[serde(skip)]
    pub end_line: u32,
    /// 1-based column just past the last byte, in characters (not serialized).
    #[serde(skip)]
    pub end_column: u32,
}

impl Location {
    /// The location of `span`, whose file is in `sources`.
    pub fn new(span: Span, sources: &Sources) -> Location {
        let Some(file) = sources.get(span.file) else {
            return Location {
                file: String::new(),
                line: 1,
                column: 1,
                offset: span.start,
                length: span.len(),
                end_line: 1,
                end_column: 1,
            };
        };
        let text = file.text();
        let start = floor_char_boundary(text, span.start as usize);
        let mut end = (span.end as usize).clamp(start, text.len());
        while !text.is_char_boundary(end) {
            end += 1;
        }
        let offset = to_u32(start);
        let LineCol { line, column } = file.line_col(offset);
        let end_at = file.line_col(to_u32(end));
        Location {
            file: file.name().to_owned(),
            line,
            column,
            offset,
            length: to_u32(end - start),
            end_line: end_at.line,
            end_column: end_at.column,
        }
    }
}

fn to_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

#[cfg(test)]
mod tests {
    use vakt_syntax::{FileId, Origin};

    use super::*;

    #[test]
    fn lines_and_columns_are_one_based_and_count_characters() {
        let mut sources = Sources::new();
        let file = sources.add("a.vakt", "zone bø\nsystem æøå { }\n", Origin::User);
        let brace = u32::try_from("zone bø\nsystem æøå ".len()).unwrap();
        let loc = Location::new(Span::new(file, brace, brace + 3), &sources);
        assert_eq!((loc.line, loc.column), (2, 12));
        assert_eq!((loc.offset, loc.length), (brace, 3));
        assert_eq!((loc.end_line, loc.end_column), (2, 15));
        assert_eq!(loc.file, "a.vakt");
    }

    #[test]
    fn spans_are_kept_inside_the_file_and_on_character_boundaries() {
        let mut sources = Sources::new();
        let file = sources.add("a.vakt", "bø", Origin::User);
        // starts inside `ø` (bytes 1..3) and ends past the end of the file
        let loc = Location::new(Span::new(file, 2, 99), &sources);
        assert_eq!((loc.offset, loc.length), (1, 2));
        assert_eq!((loc.line, loc.column, loc.end_column), (1, 2, 3));
        let unknown = Location::new(Span::new(FileId(7), 4, 6), &sources);
        assert_eq!((unknown.file.as_str(), unknown.line), ("", 1));
    }
}
