//! From the syntax tree to a [`Doc`]: items, attribute blocks and values,
//! and the comment placement shared by every list of entries.

use super::comments::Comments;
use super::doc::{Doc, concat, group, nest, stok, tok, txt};
use crate::ast::{
    AllowDecl, AllowTarget, Attr, Block, EntityDecl, FlowDecl, Item, Module, RuleDecl, RuleItem,
    UseDecl, Value,
};
use crate::span::Span;

/// Builds the document of one file.
pub(super) struct Builder<'a> {
    pub(super) comments: Comments<'a>,
    src_len: u32,
}

/// How a list of entries is laid out.
pub(super) struct Seq {
    /// Where the opening `{` or `[` ends; `None` for the top level.
    pub open_end: Option<u32>,
    /// Where the closing `}` or `]` starts (the end of the file at the top).
    pub close: u32,
    /// Printed after every entry (`,` in lists).
    pub sep: Option<&'static str>,
    /// Whether a blank line in the source between entries is kept (as one).
    pub keep_blank: bool,
}

impl<'a> Builder<'a> {
    pub(super) fn new(src: &'a str, comments: Comments<'a>) -> Self {
        Builder {
            comments,
            src_len: u32::try_from(src.len()).unwrap_or(u32::MAX),
        }
    }

    pub(super) fn module(&mut self, module: &Module) -> Doc {
        let entries = module
            .items
            .iter()
            .map(|item| (item.span(), self.item(item)))
            .collect();
        let seq = Seq {
            open_end: None,
            close: self.src_len,
            sep: None,
            keep_blank: true,
        };
        self.sequence(&seq, entries)
    }

    /// Entries one to a line, with the comments between them: a comment on
    /// the line of an entry (or of the opening bracket) stays at the end of
    /// that line; any other goes on a line of its own before the next entry
    /// (or before the closing bracket).
    pub(super) fn sequence(&mut self, seq: &Seq, entries: Vec<(Span, Doc)>) -> Doc {
        let mut out = Vec::new();
        let top = seq.open_end.is_none();
        let mut prev = seq.open_end.unwrap_or(0);
        let mut first = true;
        let starts: Vec<u32> = entries.iter().map(|(span, _)| span.start).collect();
        if !top {
            let limit = starts.first().copied().unwrap_or(seq.close);
            let (trailing, end) = self.comments.take_trailing(prev, limit);
            out.extend(trailing.into_iter().map(Doc::Suffix));
            out.push(Doc::Flush);
            prev = end;
        }
        for (k, (span, doc)) in entries.into_iter().enumerate() {
            for i in self.comments.take_in(prev, span.start) {
                let (start, end) = self.comment_span(i);
                out.push(self.line_break(seq, first, prev, start));
                out.push(Doc::Comment(i));
                prev = end;
                first = false;
            }
            out.push(self.line_break(seq, first, prev, span.start));
            first = false;
            out.push(doc);
            if let Some(sep) = seq.sep {
                out.push(txt(sep));
            }
            let limit = starts.get(k + 1).copied().unwrap_or(seq.close);
            let (trailing, end) = self.comments.take_trailing(span.end, limit);
            out.extend(trailing.into_iter().map(Doc::Suffix));
            out.push(Doc::Flush);
            prev = end;
        }
        for i in self.comments.take_in(prev, seq.close) {
            let (start, end) = self.comment_span(i);
            out.push(self.line_break(seq, first, prev, start));
            out.push(Doc::Comment(i));
            prev = end;
            first = false;
        }
        Doc::Concat(out)
    }

    fn comment_span(&self, i: usize) -> (u32, u32) {
        self.comments.get(i).map_or((0, 0), |c| (c.start, c.end))
    }

    fn line_break(&self, seq: &Seq, first: bool, from: u32, to: u32) -> Doc {
        if first && seq.open_end.is_none() {
            return concat([]);
        }
        if !first && seq.keep_blank && self.comments.newlines(from, to) >= 2 {
            return concat([Doc::HardLine, Doc::HardLine]);
        }
        Doc::HardLine
    }

    fn item(&mut self, item: &Item) -> Doc {
        match item {
            Item::Use(u) => self.use_decl(u),
            Item::Entity(e) => self.entity(e),
            Item::Flow(f) => self.flow(f),
            Item::Rule(r) => self.rule(r),
            Item::Allow(a) => self.allow(a),
        }
    }

    fn use_decl(&mut self, u: &UseDecl) -> Doc {
        concat([
            tok("use", u.span.start),
            txt(" "),
            tok(escape(&u.target.value), u.target.span.start),
        ])
    }

    fn entity(&mut self, e: &EntityDecl) -> Doc {
        let mut parts = vec![
            tok(e.kind.keyword(), e.span.start),
            txt(" "),
            tok(e.id.as_str(), e.id.span.start),
        ];
        if let Some(label) = &e.label {
            parts.extend([txt(" "), tok(escape(&label.value), label.span.start)]);
        }
        if let Some(body) = &e.body {
            parts.extend([txt(" "), self.block(body)]);
        }
        concat(parts)
    }

    fn flow(&mut self, f: &FlowDecl) -> Doc {
        let mut parts = vec![tok("flow", f.span.start), txt(" ")];
        if let Some(id) = &f.id {
            let colon = self.comments.next_token(id.span.end);
            parts.extend([tok(id.as_str(), id.span.start), tok(":", colon), txt(" ")]);
        }
        let arrow = if f.both_ways { "<->" } else { "->" };
        parts.extend([
            tok(f.from.as_str(), f.from.span.start),
            txt(" "),
            tok(arrow, self.comments.next_token(f.from.span.end)),
            txt(" "),
            tok(f.to.as_str(), f.to.span.start),
        ]);
        if let Some(label) = &f.label {
            parts.extend([txt(" "), tok(escape(&label.value), label.span.start)]);
        }
        if let Some(body) = &f.body {
            parts.extend([txt(" "), self.block(body)]);
        }
        concat(parts)
    }

    /// `{ … }`: `{}` when empty, on one line when it has one attribute and no
    /// comment and fits, else one attribute a line with aligned `=`.
    fn block(&mut self, block: &Block) -> Doc {
        let open = block.span.start;
        let close = block.span.end.saturating_sub(1);
        let commented = self.comments.any_in(open + 1, close);
        if block.attrs.is_empty() && !commented {
            return tok("{}", open);
        }
        if let [attr] = block.attrs.as_slice()
            && !commented
        {
            let attr = self.attr(attr, 0);
            return group(concat([
                tok("{", open),
                nest(2, concat([Doc::Line, attr])),
                Doc::Line,
                tok("}", close),
            ]));
        }
        let width = key_width(block.attrs.iter());
        let entries = block
            .attrs
            .iter()
            .map(|a| (a.span, self.attr(a, width)))
            .collect();
        self.braced(open, close, entries)
    }

    /// `{`, the entries one a line indented by two, `}`.
    fn braced(&mut self, open: u32, close: u32, entries: Vec<(Span, Doc)>) -> Doc {
        let seq = Seq {
            open_end: Some(open + 1),
            close,
            sep: None,
            keep_blank: true,
        };
        let body = self.sequence(&seq, entries);
        concat([
            tok("{", open),
            nest(2, body),
            Doc::HardLine,
            tok("}", close),
        ])
    }

    /// `key = value`, the key padded to `width` columns.
    fn attr(&mut self, attr: &Attr, width: usize) -> Doc {
        let key = attr.key.as_str();
        let pad = width.saturating_sub(key.chars().count());
        let padded = format!("{key}{}", " ".repeat(pad));
        let eq = self.comments.next_token(attr.key.span.end);
        concat([
            tok(padded, attr.key.span.start),
            txt(" "),
            tok("=", eq),
            txt(" "),
            self.value(&attr.value),
        ])
    }

    fn value(&mut self, value: &Value) -> Doc {
        match value {
            Value::Str(s) => tok(escape(&s.value), s.span.start),
            Value::Int(n, span) => tok(n.to_string(), span.start),
            Value::Duration(d, span) => tok(d.to_string(), span.start),
            Value::Date(d, span) => tok(d.to_string(), span.start),
            Value::Bool(b, span) => tok(if *b { "true" } else { "false" }, span.start),
            Value::Name(id) => tok(id.as_str(), id.span.start),
            Value::List(items, span) => {
                let docs = items.iter().map(|v| (v.span(), self.value(v))).collect();
                self.list(docs, *span, 2, None, false)
            }
        }
    }

    /// `[a, b]` on one line if it fits; else one element a line (or, for
    /// `fill`, as many short elements a line as fit), each followed by `,`.
    /// A list with a comment inside always breaks.
    pub(super) fn list(
        &mut self,
        items: Vec<(Span, Doc)>,
        span: Span,
        indent: usize,
        fill: Option<Vec<(String, u32)>>,
        in_statement: bool,
    ) -> Doc {
        let token = if in_statement { stok } else { tok };
        let open = span.start;
        let close = span.end.saturating_sub(1);
        if self.comments.any_in(open + 1, close) {
            let seq = Seq {
                open_end: Some(open + 1),
                close,
                sep: Some(","),
                keep_blank: false,
            };
            let body = self.sequence(&seq, items);
            return concat([
                token("[".to_owned(), open),
                nest(indent, body),
                Doc::HardLine,
                token("]".to_owned(), close),
            ]);
        }
        if items.is_empty() {
            return token("[]".to_owned(), open);
        }
        let body = match fill {
            Some(fill) => Doc::Fill(fill),
            None => {
                let mut parts = Vec::new();
                for (k, (_, doc)) in items.into_iter().enumerate() {
                    if k > 0 {
                        parts.extend([txt(","), Doc::Line]);
                    }
                    parts.push(doc);
                }
                Doc::Concat(parts)
            }
        };
        group(concat([
            token("[".to_owned(), open),
            nest(indent, concat([Doc::SoftLine, body, Doc::IfBreak(",")])),
            Doc::SoftLine,
            token("]".to_owned(), close),
        ]))
    }

    fn rule(&mut self, r: &RuleDecl) -> Doc {
        let mut parts = vec![
            tok("rule", r.span.start),
            txt(" "),
            tok(r.id.as_str(), r.id.span.start),
        ];
        if let Some(title) = &r.title {
            parts.extend([txt(" "), tok(escape(&title.value), title.span.start)]);
        }
        parts.push(txt(" "));
        let open = r.body_span.start;
        let close = r.body_span.end.saturating_sub(1);
        if r.body.is_empty() && !self.comments.any_in(open + 1, close) {
            parts.push(tok("{}", open));
            return concat(parts);
        }
        let width = key_width(r.attrs());
        let entries = r
            .body
            .iter()
            .map(|entry| match entry {
                RuleItem::Attr(a) => (a.span, self.attr(a, width)),
                RuleItem::Statement(s) => (s.span(), self.statement(s)),
            })
            .collect();
        parts.push(self.braced(open, close, entries));
        concat(parts)
    }

    fn allow(&mut self, a: &AllowDecl) -> Doc {
        let on = self.comments.next_token(a.rule.span.end);
        let target = match &a.target {
            AllowTarget::Id(id) => tok(id.as_str(), id.span.start),
            AllowTarget::Str(s) => tok(escape(&s.value), s.span.start),
        };
        let because = self.comments.next_token(a.target.span().end);
        let mut parts = vec![
            tok("allow", a.span.start),
            txt(" "),
            tok(a.rule.as_str(), a.rule.span.start),
            txt(" "),
            tok("on", on),
            txt(" "),
            tok(a.kind.keyword(), a.kind_span.start),
            txt(" "),
            target,
            txt(" "),
            tok("because", because),
            txt(" "),
            tok(escape(&a.because.value), a.because.span.start),
        ];
        if let Some((date, span)) = &a.until {
            let until = self.comments.next_token(a.because.span.end);
            parts.extend([
                txt(" "),
                tok("until", until),
                txt(" "),
                tok(date.to_string(), span.start),
            ]);
        }
        concat(parts)
    }
}

/// The widest key, in columns.
fn key_width<'x>(attrs: impl Iterator<Item = &'x Attr>) -> usize {
    attrs
        .map(|a| a.key.as_str().chars().count())
        .max()
        .unwrap_or(0)
}

/// A string literal in canonical form: `\"`, `\\`, `\n`, `\t`, other control
/// characters as `\u{…}`, everything else as itself.
pub(super) fn escape(value: &str) -> String {
    let mut out = String::with_capacity(value.len() + 2);
    out.push('"');
    for c in value.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => out.push_str(&format!("\\u{{{:x}}}", u32::from(c))),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}
