//! A small Wadler-style document and its renderer.
//!
//! A [`Doc::Group`] prints on one line if that fits in [`WIDTH`] columns and
//! breaks every [`Doc::Line`] directly in it otherwise. Tokens carry the
//! source offset where they start, so the renderer can move a comment that
//! sits inside a construct to the end of the output line that holds the
//! token before it (the comment then stays where it is on the next run).

use super::comments::Comments;

/// The line width the layout aims for.
pub(super) const WIDTH: usize = 100;

/// A document to lay out.
pub(super) enum Doc {
    /// Text of one token (with the source offset where it starts) or of
    /// spacing and punctuation the printer adds (no offset).
    Text(String, Option<u32>),
    /// A token of a rule statement, with its source offset. A `//` comment
    /// before it ends the line there, as in the source (a line break is
    /// allowed wherever a `//` comment was), so the comment stays next to
    /// the token it follows.
    Token(String, u32),
    /// A space, or a line break when its group breaks.
    Line,
    /// Nothing, or a line break when its group breaks.
    SoftLine,
    /// Always a line break; two in a row make one blank line.
    HardLine,
    /// Text printed only when the enclosing group breaks.
    IfBreak(&'static str),
    /// Documents one after the other.
    Concat(Vec<Doc>),
    /// Line breaks inside are indented this many more columns.
    Nest(usize, Box<Doc>),
    /// One line if it fits, else broken; `true` if it must break.
    Group(Box<Doc>, bool),
    /// Short list elements, as many to a line as fit (with their offsets).
    Fill(Vec<(String, u32)>),
    /// Comment `i` on a line of its own.
    Comment(usize),
    /// Comment `i` at the end of the current line.
    Suffix(usize),
    /// Writes the queued end-of-line comments now; any that follow a `//`
    /// comment go on lines of their own, indented as this.
    Flush,
}

/// A token's text and where it starts in the source.
pub(super) fn tok(text: impl Into<String>, at: u32) -> Doc {
    Doc::Text(text.into(), Some(at))
}

/// A token of a rule statement and where it starts in the source.
pub(super) fn stok(text: impl Into<String>, at: u32) -> Doc {
    Doc::Token(text.into(), at)
}

/// Text the printer adds.
pub(super) fn txt(text: &str) -> Doc {
    Doc::Text(text.to_owned(), None)
}

/// Documents one after the other.
pub(super) fn concat(parts: impl IntoIterator<Item = Doc>) -> Doc {
    Doc::Concat(parts.into_iter().collect())
}

/// Indents the line breaks in `doc` by `by` more columns.
pub(super) fn nest(by: usize, doc: Doc) -> Doc {
    Doc::Nest(by, Box::new(doc))
}

/// A group, marked as broken when it holds a forced break.
pub(super) fn group(doc: Doc) -> Doc {
    group_if(doc, false)
}

/// A group that must break if `broken` (or if it holds a forced break).
pub(super) fn group_if(doc: Doc, broken: bool) -> Doc {
    let forced = broken || doc.forces_break();
    Doc::Group(Box::new(doc), forced)
}

impl Doc {
    fn forces_break(&self) -> bool {
        match self {
            Doc::HardLine | Doc::Comment(_) => true,
            Doc::Group(_, forced) => *forced,
            Doc::Concat(parts) => parts.iter().any(Doc::forces_break),
            Doc::Nest(_, doc) => doc.forces_break(),
            Doc::Text(..)
            | Doc::Token(..)
            | Doc::Line
            | Doc::SoftLine
            | Doc::IfBreak(_)
            | Doc::Fill(_)
            | Doc::Suffix(_)
            | Doc::Flush => false,
        }
    }
}

#[derive(Clone, Copy, PartialEq)]
enum Mode {
    Flat,
    Break,
}

type Cmd<'d> = (usize, Mode, &'d Doc);

/// Lays the document out; comments the builder did not place are moved to
/// the end of the line of the token before them.
pub(super) fn render(doc: &Doc, comments: &Comments<'_>) -> String {
    let mut r = Renderer {
        out: String::new(),
        col: 0,
        pending: None,
        suffix: Vec::new(),
        cursor: 0,
        comments,
    };
    let mut stack: Vec<Cmd<'_>> = vec![(0, Mode::Break, doc)];
    while let Some((indent, mode, doc)) = stack.pop() {
        match doc {
            Doc::Text(text, at) => {
                if let Some(at) = at {
                    r.collect_before_offset(*at);
                }
                r.write(text);
            }
            Doc::Token(text, at) => {
                r.collect_breaking(*at, indent);
                r.write(text);
            }
            Doc::Line | Doc::SoftLine if mode == Mode::Flat => {
                if matches!(doc, Doc::Line) && r.pending.is_none() {
                    r.write(" ");
                }
            }
            Doc::Line | Doc::SoftLine | Doc::HardLine => r.newline(indent),
            Doc::IfBreak(text) => {
                if mode == Mode::Break {
                    r.write(text);
                }
            }
            Doc::Concat(parts) => stack.extend(parts.iter().rev().map(|d| (indent, mode, d))),
            Doc::Nest(by, inner) => stack.push((indent + by, mode, inner)),
            Doc::Group(inner, forced) => {
                let flat = mode == Mode::Flat
                    || (!forced && fits((indent, Mode::Flat, inner), &stack, r.room()));
                let mode = if flat { Mode::Flat } else { Mode::Break };
                stack.push((indent, mode, inner));
            }
            Doc::Fill(items) => r.fill(items, indent, mode),
            Doc::Comment(i) => {
                r.collect_before_index(*i);
                r.cursor = r.cursor.max(i + 1);
                if let Some(c) = comments.get(*i) {
                    r.write(&c.text);
                }
            }
            Doc::Suffix(i) => {
                r.collect_before_index(*i);
                r.cursor = r.cursor.max(i + 1);
                r.suffix.push(*i);
            }
            Doc::Flush => r.flush_suffix(indent),
        }
    }
    r.finish()
}

/// Whether `next` fits, flat, in `room` columns, together with what follows
/// it up to the next line break.
fn fits(next: Cmd<'_>, rest: &[Cmd<'_>], room: usize) -> bool {
    let mut room = room;
    let mut todo = vec![next];
    let mut rest = rest.iter().rev();
    loop {
        let Some((indent, mode, doc)) = todo.pop().or_else(|| rest.next().copied()) else {
            return true;
        };
        let width = match doc {
            Doc::Text(text, _) | Doc::Token(text, _) => text.chars().count(),
            Doc::Line | Doc::SoftLine if mode == Mode::Flat => {
                usize::from(matches!(doc, Doc::Line))
            }
            Doc::Line | Doc::SoftLine | Doc::HardLine | Doc::Comment(_) => return true,
            Doc::IfBreak(text) if mode == Mode::Break => text.len(),
            Doc::Fill(items) => {
                let joined: usize = items.iter().map(|(t, _)| t.chars().count() + 2).sum();
                if mode == Mode::Break {
                    items.first().map_or(0, |(t, _)| t.chars().count())
                } else {
                    joined.saturating_sub(2)
                }
            }
            Doc::Concat(parts) => {
                todo.extend(parts.iter().rev().map(|d| (indent, mode, d)));
                0
            }
            Doc::Nest(by, inner) => {
                todo.push((indent + by, mode, inner));
                0
            }
            Doc::Group(inner, forced) => {
                let mode = if *forced { Mode::Break } else { mode };
                todo.push((indent, mode, inner));
                0
            }
            Doc::IfBreak(_) | Doc::Suffix(_) | Doc::Flush => 0,
        };
        if width > room {
            return false;
        }
        room -= width;
    }
}

struct Renderer<'c> {
    out: String,
    /// Columns used on the current output line.
    col: usize,
    /// A line break not yet written: its indentation, and whether a blank
    /// line comes first. Held back so that comments before the next token
    /// still go on the line before it.
    pending: Option<(usize, bool)>,
    /// Comments to write at the end of the current line.
    suffix: Vec<usize>,
    /// Comments before this index are written or queued.
    cursor: usize,
    comments: &'c Comments<'c>,
}

impl Renderer<'_> {
    /// Columns left on the line the next text goes on.
    fn room(&self) -> usize {
        let col = self.pending.map_or(self.col, |(indent, _)| indent);
        WIDTH.saturating_sub(col)
    }

    fn newline(&mut self, indent: usize) {
        if self.out.is_empty() {
            return;
        }
        let blank = self.pending.is_some();
        self.pending = Some((indent, blank));
    }

    /// Queues the comments that start before `offset` and that the builder
    /// did not place: they belong to the line of the token before them.
    fn collect_before_offset(&mut self, offset: u32) {
        let all = self.comments.all();
        while let Some(c) = all.get(self.cursor) {
            if c.start >= offset {
                break;
            }
            if !self.comments.is_placed(self.cursor) {
                self.suffix.push(self.cursor);
            }
            self.cursor += 1;
        }
    }

    /// Like [`Self::collect_before_offset`], but a `//` comment among them
    /// ends the line before the token, which goes on a new line at `indent`.
    fn collect_breaking(&mut self, offset: u32, indent: usize) {
        let queued = self.suffix.len();
        self.collect_before_offset(offset);
        let newly = self.suffix.get(queued..).unwrap_or(&[]);
        let last_line = newly
            .iter()
            .rposition(|&i| self.comments.get(i).is_some_and(|c| c.line));
        let Some(last_line) = last_line else {
            return;
        };
        let after = self.suffix.split_off(queued + last_line + 1);
        if self.pending.is_none() {
            self.pending = Some((indent, false));
        }
        self.materialize();
        self.suffix = after;
    }

    fn collect_before_index(&mut self, index: usize) {
        while self.cursor < index {
            if !self.comments.is_placed(self.cursor) {
                self.suffix.push(self.cursor);
            }
            self.cursor += 1;
        }
    }

    /// Writes the pending line break, if any, after the queued comments.
    fn materialize(&mut self) {
        if let Some((indent, blank)) = self.pending.take() {
            self.flush_suffix(indent);
            self.end_line();
            if blank {
                self.out.push('\n');
            }
            self.out.extend(std::iter::repeat_n(' ', indent));
            self.col = indent;
        }
    }

    fn write(&mut self, text: &str) {
        self.materialize();
        self.out.push_str(text);
        match text.rfind('\n') {
            Some(at) => self.col = text.get(at + 1..).map_or(0, |t| t.chars().count()),
            None => self.col += text.chars().count(),
        }
    }

    /// Writes the queued end-of-line comments. A `//` comment must end its
    /// line, so the comments after one go on lines of their own at `indent`
    /// (where the next run finds them on lines of their own too).
    fn flush_suffix(&mut self, indent: usize) {
        let mut own_lines = false;
        for i in std::mem::take(&mut self.suffix) {
            let Some(c) = self.comments.get(i) else {
                continue;
            };
            if own_lines {
                self.end_line();
                self.out.extend(std::iter::repeat_n(' ', indent));
            } else if !self.line_is_empty() {
                let kept = self.out.trim_end_matches(' ').len();
                self.out.truncate(kept);
                self.out.push_str("  ");
            }
            self.out.push_str(&c.text);
            own_lines |= c.line;
        }
        let line = self.out.rsplit('\n').next().unwrap_or("");
        self.col = line.chars().count();
    }

    fn line_is_empty(&self) -> bool {
        let line = self.out.rsplit('\n').next().unwrap_or("");
        line.trim().is_empty()
    }

    /// Ends the current line without trailing blanks.
    fn end_line(&mut self) {
        let kept = self.out.trim_end_matches([' ', '\t']).len();
        self.out.truncate(kept);
        self.out.push('\n');
    }

    /// Short list elements, as many to a line as fit, each line ending in `,`
    /// (the last one's comes from the enclosing list).
    fn fill(&mut self, items: &[(String, u32)], indent: usize, mode: Mode) {
        for (k, (text, at)) in items.iter().enumerate() {
            if k > 0 {
                // `, ` before it and the `,` after it
                let need = 3 + text.chars().count();
                if mode == Mode::Flat || self.col + need <= WIDTH {
                    self.write(", ");
                } else {
                    self.write(",");
                    self.newline(indent);
                }
            }
            self.collect_before_offset(*at);
            self.write(text);
        }
    }

    fn finish(mut self) -> String {
        self.collect_before_index(self.comments.all().len());
        self.flush_suffix(0);
        let kept = self.out.trim_end_matches([' ', '\t', '\n']).len();
        self.out.truncate(kept);
        if !self.out.is_empty() {
            self.out.push('\n');
        }
        self.out
    }
}
