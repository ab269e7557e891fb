//! A source file as miette reads it to render a report.
//!
//! miette's own `SourceCode` for text scans from the start of the file to
//! find the lines around a span, so every report cost the size of the file:
//! the human output of a 100 MB model with a thousand findings took over
//! ten minutes. [`FileText`] finds the lines with the file's line index and
//! lets miette read only those, and cuts a window longer than
//! [`MAX_CONTEXT`] bytes on either side of the span, so a line of a
//! megabyte is not printed whole for each report on it. What miette gets
//! is otherwise exactly what it would have read.

use std::sync::Arc;

use miette::{MietteError, MietteSpanContents, SourceCode, SourceSpan, SpanContents};

use crate::source::{LineIndex, SourceFile, floor_char_boundary};

/// Bytes of context kept on either side of a span, at most.
pub const MAX_CONTEXT: usize = 240;

/// A file's text with its line index.
#[derive(Debug)]
pub(crate) struct FileText {
    text: Arc<String>,
    lines: Arc<LineIndex>,
}

impl FileText {
    pub(crate) fn new(file: &SourceFile) -> Self {
        FileText {
            text: file.shared_text(),
            lines: file.shared_lines(),
        }
    }

    /// The 0-based line of a byte offset: the newlines before it.
    fn line_of(&self, offset: usize) -> usize {
        self.lines.line_of(self.text.as_bytes(), offset)
    }

    /// Where a 0-based line starts (the end of the text past the last).
    fn line_start(&self, line: usize) -> usize {
        self.lines.line_start(self.text.as_bytes(), line)
    }
}

/// The lines `data` covers: what `SpanContents::line_count` documents.
/// miette's own reads count every line from the start of the file instead,
/// and its renderer adds that to the first line to decide whether two
/// labels' excerpts overlap, so two labels far apart in a file were shown
/// as one excerpt of every line between them (63 MB for one finding of the
/// 100 MB benchmark model).
fn lines_in(data: &[u8]) -> usize {
    let newlines = memchr::memchr_iter(b'\n', data).count();
    newlines + usize::from(data.last().is_some_and(|&b| b != b'\n'))
}

fn ceil_char_boundary(text: &str, offset: usize) -> usize {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset += 1;
    }
    offset
}

impl SourceCode for FileText {
    fn read_span<'a>(
        &'a self,
        span: &SourceSpan,
        context_lines_before: usize,
        context_lines_after: usize,
    ) -> Result<Box<dyn SpanContents<'a> + 'a>, MietteError> {
        let text = self.text.as_str();
        let start = span.offset();
        let end = start.saturating_add(span.len());
        if start > text.len() || end > text.len().saturating_add(1) {
            return Err(MietteError::OutOfBounds);
        }
        if context_lines_before == 0 && context_lines_after == 0 {
            // Where a span is (the report header): from the span to its end
            // (at least one byte), at its line and byte column, as miette.
            let line = self.line_of(start);
            let data_end = end.max(start + 1).min(text.len());
            return Ok(Box::new(MietteSpanContents::new(
                text.as_bytes().get(start..data_end).unwrap_or_default(),
                SourceSpan::new(start.into(), data_end.saturating_sub(start)),
                line,
                start - self.line_start(line),
                self.line_of(data_end),
            )));
        }
        // Whole lines from the context before to one past the context
        // after: all miette reads, or a cut of it on a very long line.
        let from = self.line_of(start).saturating_sub(context_lines_before);
        let to = self
            .line_of(end)
            .saturating_add(context_lines_after)
            .saturating_add(2);
        let mut window_start = self.line_start(from);
        let mut window_end = self.line_start(to).min(text.len());
        if window_end - window_start > 2 * MAX_CONTEXT + (end - start) {
            window_start =
                window_start.max(floor_char_boundary(text, start.saturating_sub(MAX_CONTEXT)));
            window_end = window_end.min(ceil_char_boundary(text, end + MAX_CONTEXT));
        }
        let window = text
            .as_bytes()
            .get(window_start..window_end)
            .unwrap_or_default();
        let inner = window.read_span(
            &SourceSpan::new((start - window_start).into(), span.len()),
            context_lines_before,
            context_lines_after,
        )?;
        let base_line = self.line_of(window_start);
        let data = inner.data();
        Ok(Box::new(MietteSpanContents::new(
            data,
            SourceSpan::new(
                (inner.span().offset() + window_start).into(),
                inner.span().len(),
            ),
            inner.line() + base_line,
            inner.column(),
            lines_in(data),
        )))
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;
    use crate::source::{Origin, Sources};

    fn file_text(text: &str) -> FileText {
        let mut sources = Sources::new();
        let id = sources.add("a.vakt", text, Origin::User);
        FileText::new(sources.get(id).unwrap())
    }

    /// What a read gave: data, span, line, column and line count.
    type Read = (Vec<u8>, usize, usize, usize, usize, usize);

    fn read(
        source: &dyn SourceCode,
        span: SourceSpan,
        before: usize,
        after: usize,
    ) -> Option<Read> {
        source.read_span(&span, before, after).ok().map(|c| {
            (
                c.data().to_vec(),
                c.span().offset(),
                c.span().len(),
                c.line(),
                c.column(),
                c.line_count(),
            )
        })
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 2000, failure_persistence: None, ..ProptestConfig::default() })]

        /// On lines of ordinary length, the reads are miette's own.
        #[test]
        fn reads_are_what_miette_reads(
            text in "([a-zæø ]{0,12}(\n|\r\n)?){0,12}",
            start in 0usize..200,
            len in 0usize..40,
            before in 0usize..3,
            after in 0usize..3,
        ) {
            let start = floor_char_boundary(&text, start);
            let end = floor_char_boundary(&text, start + len).max(start);
            let span = SourceSpan::new(start.into(), end - start);
            let ours = read(&file_text(&text), span, before, after);
            let theirs = read(&text, span, before, after);
            if before == 0 && after == 0 {
                // The header read: only its line is used, and the column the
                // CLI counts in characters from a read of the text before it.
                // Both agree with the JSON's (miette's own read puts a span
                // on the `\n` of a `\r\n` at the start of the next line).
                let mut sources = Sources::new();
                let id = sources.add("a.vakt", text.as_str(), Origin::User);
                let at = sources.get(id).unwrap().line_col(u32::try_from(start).unwrap());
                let ours = ours.unwrap();
                prop_assert_eq!(ours.3 + 1, at.line as usize);
                if start > 0 {
                    let before_span = read(&file_text(&text), SourceSpan::new(0.into(), start), 0, 0).unwrap();
                    let last = before_span.0.rsplit(|b| *b == b'\n').next().unwrap_or_default().to_vec();
                    prop_assert_eq!(String::from_utf8_lossy(&last).chars().count() + 1, at.column as usize);
                }
                prop_assert_eq!(theirs.map(|r| r.3), Some(ours.3));
            } else {
                // Everything but the line count (see `lines_in`).
                let unmerged = |r: Option<Read>| r.map(|r| (r.0, r.1, r.2, r.3, r.4));
                prop_assert_eq!(unmerged(ours), unmerged(theirs));
            }
        }
    }

    #[test]
    fn a_long_line_is_cut_around_the_span() {
        let line = "x".repeat(1_000_000);
        let text = format!("zone a\n{line} here {line}\nzone b\n");
        let at = text.find("here").unwrap();
        let source = file_text(&text);
        let contents = source
            .read_span(&SourceSpan::new(at.into(), 4), 1, 1)
            .unwrap();
        assert!(contents.data().len() <= 2 * MAX_CONTEXT + 4);
        assert_eq!(contents.line(), 1);
        let offset = contents.span().offset();
        assert_eq!(
            text.get(offset..offset + contents.data().len())
                .unwrap()
                .as_bytes(),
            contents.data()
        );
        let header = source
            .read_span(&SourceSpan::new(at.into(), 4), 0, 0)
            .unwrap();
        assert_eq!((header.line(), header.column()), (1, 1_000_001));
    }
}
