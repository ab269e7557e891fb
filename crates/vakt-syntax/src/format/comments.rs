//! The comments of a file and the source text around them.
//!
//! The builder places a comment that stands between two entries of a list
//! (items, attributes, rule lines, list elements) as a leading comment on a
//! line of its own or as a trailing comment at the end of the entry's line,
//! and marks it *placed*. Every other comment sits inside an entry; the
//! renderer moves it to the end of the output line that holds the token
//! before it.

use crate::ast::Comment;

/// One comment, with its text as the formatter prints it.
pub(super) struct CommentInfo {
    /// Byte offset of its first character.
    pub start: u32,
    /// Byte offset just past it.
    pub end: u32,
    /// The text, normalised by [`normalize`].
    pub text: String,
    /// Whether it is a `// …` comment, which must end its line.
    pub line: bool,
}

/// The comments of a file, in source order, and which the builder placed.
pub(super) struct Comments<'a> {
    src: &'a str,
    list: Vec<CommentInfo>,
    placed: Vec<bool>,
}

/// A comment's text as printed: line endings become `\n` and blanks at the
/// end of its lines go (no output line ends in whitespace). The soundness
/// check compares comments in this form.
pub(super) fn normalize(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for (i, line) in text.split('\n').enumerate() {
        if i > 0 {
            out.push('\n');
        }
        out.push_str(line.trim_end_matches([' ', '\t', '\r']));
    }
    out
}

/// The normalised texts of a module's comments, in order.
pub(super) fn texts(src: &str, comments: &[Comment]) -> Vec<String> {
    comments
        .iter()
        .map(|c| normalize(src.get(c.span.range()).unwrap_or("")))
        .collect()
}

fn is_blank(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\r' | '\n' | '\u{feff}')
}

impl<'a> Comments<'a> {
    pub(super) fn new(src: &'a str, comments: &[Comment]) -> Self {
        let list: Vec<CommentInfo> = comments
            .iter()
            .map(|c| CommentInfo {
                start: c.span.start,
                end: c.span.end,
                text: normalize(src.get(c.span.range()).unwrap_or("")),
                line: !c.block,
            })
            .collect();
        let placed = vec![false; list.len()];
        Comments { src, list, placed }
    }

    /// Every comment, in source order.
    pub(super) fn all(&self) -> &[CommentInfo] {
        &self.list
    }

    /// Whether the builder placed comment `i`.
    pub(super) fn is_placed(&self, i: usize) -> bool {
        self.placed.get(i).copied().unwrap_or(false)
    }

    pub(super) fn get(&self, i: usize) -> Option<&CommentInfo> {
        self.list.get(i)
    }

    /// Whether any comment starts in `from..to`.
    pub(super) fn any_in(&self, from: u32, to: u32) -> bool {
        let first = self.list.partition_point(|c| c.start < from);
        self.list.get(first).is_some_and(|c| c.start < to)
    }

    /// Whether a `//` comment starts in `from..to`.
    pub(super) fn any_line_in(&self, from: u32, to: u32) -> bool {
        let first = self.list.partition_point(|c| c.start < from);
        self.list
            .get(first..)
            .unwrap_or(&[])
            .iter()
            .take_while(|c| c.start < to)
            .any(|c| c.line)
    }

    /// Places and returns the unplaced comments that start in `from..to`.
    pub(super) fn take_in(&mut self, from: u32, to: u32) -> Vec<usize> {
        let first = self.list.partition_point(|c| c.start < from);
        let mut taken = Vec::new();
        for (i, c) in self.list.iter().enumerate().skip(first) {
            if c.start >= to {
                break;
            }
            if !self.placed.get(i).copied().unwrap_or(true) {
                taken.push(i);
            }
        }
        for &i in &taken {
            if let Some(p) = self.placed.get_mut(i) {
                *p = true;
            }
        }
        taken
    }

    /// Places and returns the comments that follow `end` on the same line
    /// (before `limit`): the trailing comments of whatever ends at `end`.
    /// Also returns where the last of them ends.
    pub(super) fn take_trailing(&mut self, end: u32, limit: u32) -> (Vec<usize>, u32) {
        let mut at = end;
        let mut taken = Vec::new();
        let first = self.list.partition_point(|c| c.start < end);
        for i in first..self.list.len() {
            let Some(c) = self.list.get(i) else { break };
            if c.start >= limit || self.newlines(at, c.start) > 0 {
                break;
            }
            if !self.is_placed(i) {
                taken.push(i);
            }
            at = c.end;
        }
        for &i in &taken {
            if let Some(p) = self.placed.get_mut(i) {
                *p = true;
            }
        }
        (taken, at)
    }

    /// How many line breaks the source has in `from..to`.
    pub(super) fn newlines(&self, from: u32, to: u32) -> usize {
        let text = self.src.get(from as usize..to as usize).unwrap_or("");
        text.bytes().filter(|&b| b == b'\n').count()
    }

    /// Where the next token starts at or after `at`: past blanks, line
    /// breaks and comments.
    pub(super) fn next_token(&self, at: u32) -> u32 {
        let mut pos = at as usize;
        loop {
            let rest = self.src.get(pos..).unwrap_or("");
            let blank: usize = rest
                .chars()
                .take_while(|&c| is_blank(c))
                .map(char::len_utf8)
                .sum();
            pos += blank;
            let here = u32::try_from(pos).unwrap_or(u32::MAX);
            match self.list.binary_search_by_key(&here, |c| c.start) {
                Ok(i) => match self.list.get(i) {
                    Some(c) if c.end as usize > pos => pos = c.end as usize,
                    _ => return here,
                },
                Err(_) => return here,
            }
        }
    }
}
