//! Character columns in report headers.
//!
//! miette computes the column in a report's `[file:line:column]` header in
//! bytes, so a line with `ø` or `å` before the span shows a column too far
//! to the right. vakt counts columns in characters everywhere (SPEC §6), so
//! reports are rendered through [`CharColumns`], which delegates everything
//! to the report and corrects only that column.

use std::fmt;

use miette::{
    Diagnostic, LabeledSpan, MietteError, MietteSpanContents, Severity, SourceCode, SourceSpan,
    SpanContents,
};

/// A diagnostic whose source reports columns in characters.
pub(crate) struct CharColumns<'a> {
    inner: &'a dyn Diagnostic,
    source: Option<CharSource<'a>>,
    related: Vec<CharColumns<'a>>,
}

impl<'a> CharColumns<'a> {
    /// Wraps `inner` and its related diagnostics.
    pub(crate) fn new(inner: &'a dyn Diagnostic) -> Self {
        CharColumns {
            inner,
            source: inner.source_code().map(CharSource),
            related: inner
                .related()
                .map(|related| related.map(CharColumns::new).collect())
                .unwrap_or_default(),
        }
    }
}

impl fmt::Debug for CharColumns<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.inner, f)
    }
}

impl fmt::Display for CharColumns<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self.inner, f)
    }
}

impl std::error::Error for CharColumns<'_> {}

impl Diagnostic for CharColumns<'_> {
    fn code<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        self.inner.code()
    }

    fn severity(&self) -> Option<Severity> {
        self.inner.severity()
    }

    fn help<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        self.inner.help()
    }

    fn url<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        self.inner.url()
    }

    fn source_code(&self) -> Option<&dyn SourceCode> {
        self.source.as_ref().map(|s| s as &dyn SourceCode)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        self.inner.labels()
    }

    fn related<'b>(&'b self) -> Option<Box<dyn Iterator<Item = &'b dyn Diagnostic> + 'b>> {
        if self.related.is_empty() {
            return None;
        }
        Some(Box::new(self.related.iter().map(|r| r as &dyn Diagnostic)))
    }
}

/// A source whose span contents count the column in characters.
struct CharSource<'a>(&'a dyn SourceCode);

impl SourceCode for CharSource<'_> {
    fn read_span<'b>(
        &'b self,
        span: &SourceSpan,
        context_lines_before: usize,
        context_lines_after: usize,
    ) -> Result<Box<dyn SpanContents<'b> + 'b>, MietteError> {
        let contents = self
            .0
            .read_span(span, context_lines_before, context_lines_after)?;
        // miette reports a column only for contents read without context.
        if context_lines_before != 0 {
            return Ok(contents);
        }
        let column = if span.offset() == 0 {
            0
        } else {
            let before = self
                .0
                .read_span(&SourceSpan::new(0.into(), span.offset()), 0, 0)?;
            let line = before
                .data()
                .rsplit(|b| *b == b'\n')
                .next()
                .unwrap_or_default();
            String::from_utf8_lossy(line).chars().count()
        };
        let (data, span, line, lines) = (
            contents.data(),
            *contents.span(),
            contents.line(),
            contents.line_count(),
        );
        Ok(Box::new(match contents.name() {
            Some(name) => {
                MietteSpanContents::new_named(name.to_owned(), data, span, line, column, lines)
            }
            None => MietteSpanContents::new(data, span, line, column, lines),
        }))
    }
}
