//! Rule statements and expressions.
//!
//! `each … must …` stays on one line if it fits, else breaks before `must`
//! (four more columns in). `forbid path` puts each clause on a line of its
//! own, with `to`, `carrying` and `avoiding` under `from`. An `and`/`or`
//! chain that does not fit breaks before every operator of the chain;
//! parentheses around such a chain put it on lines of their own.

use super::build::{Builder, escape};
use super::doc::{Doc, concat, group_if, nest, stok, txt};
use crate::ast::{BinOp, Expr, ExprKind, Statement};

/// Continuation lines of a condition are indented this much more.
const CONTINUATION: usize = 4;

/// `forbid path ` is this wide: the clauses line up under `from`.
const PATH_CLAUSE: usize = 12;

/// List elements at most this wide are filled several to a line (as
/// rustfmt does with short array elements).
const SHORT_ELEMENT: usize = 10;

impl Builder<'_> {
    pub(super) fn statement(&mut self, statement: &Statement) -> Doc {
        match statement {
            Statement::Each {
                kind,
                kind_span,
                filter,
                must,
                span,
            } => {
                let mut parts = vec![
                    stok("each", span.start),
                    txt(" "),
                    stok(kind.keyword(), kind_span.start),
                ];
                let mut after = kind_span.end;
                if let Some(filter) = filter {
                    let (words, _) = self.keywords(after, &["where"]);
                    parts.push(txt(" "));
                    parts.extend(words);
                    parts.extend([txt(" "), self.condition(filter, 2 * CONTINUATION)]);
                    after = filter.span.end;
                }
                let (words, _) = self.keywords(after, &["must"]);
                let must = concat([
                    Doc::Line,
                    concat(words),
                    txt(" "),
                    self.condition(must, CONTINUATION),
                ]);
                parts.push(nest(CONTINUATION, must));
                let commented = self.comments.any_line_in(span.start, span.end);
                group_if(concat(parts), commented)
            }
            Statement::Forbid {
                kind,
                kind_span,
                condition,
                span,
            } => {
                let (words, _) = self.keywords(kind_span.end, &["where"]);
                concat([
                    stok("forbid", span.start),
                    txt(" "),
                    stok(kind.keyword(), kind_span.start),
                    txt(" "),
                    concat(words),
                    txt(" "),
                    self.condition(condition, CONTINUATION),
                ])
            }
            Statement::ForbidPath {
                from,
                to,
                carrying,
                avoiding,
                span,
            } => {
                let words = ["forbid", "path", "from", "system", "where"];
                let (head, _) = self.keywords(span.start, &words);
                let mut parts = vec![
                    concat(head),
                    txt(" "),
                    nest(PATH_CLAUSE, self.condition(from, CONTINUATION)),
                ];
                parts.push(self.clause(from.span.end, &["to", "system", "where"], to));
                let mut after = to.span.end;
                if let Some(carrying) = carrying {
                    parts.push(self.clause(after, &["carrying"], carrying));
                    after = carrying.span.end;
                }
                if let Some(avoiding) = avoiding {
                    parts.push(self.clause(after, &["avoiding", "system", "where"], avoiding));
                }
                concat(parts)
            }
        }
    }

    /// A continuation line of `forbid path`: keywords, then a condition.
    fn clause(&mut self, after: u32, words: &[&str], condition: &Expr) -> Doc {
        let (words, _) = self.keywords(after, words);
        nest(
            PATH_CLAUSE,
            concat([
                Doc::HardLine,
                concat(words),
                txt(" "),
                self.condition(condition, CONTINUATION),
            ]),
        )
    }

    /// Keywords that follow the source offset `after`, one space apart, each
    /// with its source offset.
    fn keywords(&self, after: u32, words: &[&str]) -> (Vec<Doc>, u32) {
        let mut parts = Vec::new();
        let mut at = after;
        for (k, word) in words.iter().enumerate() {
            if k > 0 {
                parts.push(txt(" "));
            }
            let start = self.comments.next_token(at);
            parts.push(stok(*word, start));
            at = start.saturating_add(u32::try_from(word.len()).unwrap_or(0));
        }
        (parts, at)
    }

    pub(super) fn expr(&mut self, e: &Expr) -> Doc {
        let start = e.span.start;
        match &e.kind {
            ExprKind::Binary(op @ (BinOp::And | BinOp::Or), ..) => self.chain(e, *op, CONTINUATION),
            ExprKind::Binary(op, lhs, rhs) => {
                let at = self.comments.next_token(lhs.span.end);
                concat([
                    self.expr(lhs),
                    txt(" "),
                    stok(op.as_str(), at),
                    txt(" "),
                    self.expr(rhs),
                ])
            }
            ExprKind::Not(inner) => concat([stok("not", start), txt(" "), self.expr(inner)]),
            ExprKind::Has(path) => concat([
                stok("has", start),
                txt(" "),
                stok(path.text(), path.span.start),
            ]),
            ExprKind::Quantified(q, path, argument) => {
                let head = format!("{}.{}(", path.text(), q.as_str());
                self.bracketed(stok(head, start), argument.as_deref(), e)
            }
            ExprKind::Paren(inner) => self.bracketed(stok("(", start), Some(inner), e),
            ExprKind::List(items) => {
                let fill = items
                    .iter()
                    .map(|item| self.short(item))
                    .collect::<Option<Vec<_>>>();
                let docs = items
                    .iter()
                    .map(|item| (item.span, self.expr(item)))
                    .collect();
                self.list(docs, e.span, CONTINUATION, fill, true)
            }
            ExprKind::Bool(b) => stok(if *b { "true" } else { "false" }, start),
            ExprKind::Int(n) => stok(n.to_string(), start),
            ExprKind::Str(s) => stok(escape(s), start),
            ExprKind::Duration(d) => stok(d.to_string(), start),
            ExprKind::Date(d) => stok(d.to_string(), start),
            ExprKind::Path(path) => stok(path.text(), start),
        }
    }

    /// `head inner )`: an `and`/`or` chain inside goes on lines of its own
    /// when it does not fit; anything else hugs the parentheses.
    fn bracketed(&mut self, head: Doc, inner: Option<&Expr>, whole: &Expr) -> Doc {
        let close = stok(")", whole.span.end.saturating_sub(1));
        let commented = self.comments.any_line_in(whole.span.start, whole.span.end);
        match inner {
            None => concat([head, close]),
            Some(inner) if is_chain(inner) => group_if(
                concat([
                    head,
                    nest(
                        CONTINUATION,
                        concat([Doc::SoftLine, self.condition(inner, 0)]),
                    ),
                    Doc::SoftLine,
                    close,
                ]),
                commented,
            ),
            Some(inner) => concat([head, self.expr(inner), close]),
        }
    }

    /// A condition whose `and`/`or` chain, when it breaks, puts its
    /// continuation lines `continuation` columns further in.
    fn condition(&mut self, e: &Expr, continuation: usize) -> Doc {
        match &e.kind {
            ExprKind::Binary(op @ (BinOp::And | BinOp::Or), ..) => self.chain(e, *op, continuation),
            _ => self.expr(e),
        }
    }

    /// `a and b and c`: breaks before every operator of the chain when it
    /// does not fit. Walks the left-nested tree without recursing on it.
    fn chain(&mut self, e: &Expr, op: BinOp, continuation: usize) -> Doc {
        let mut rights = Vec::new();
        let mut first = e;
        while let ExprKind::Binary(o, lhs, rhs) = &first.kind
            && *o == op
        {
            rights.push(rhs.as_ref());
            first = lhs;
        }
        rights.reverse();
        let head = self.chain_operand(first);
        let mut rest = Vec::new();
        let mut prev_end = first.span.end;
        for rhs in rights {
            let at = self.comments.next_token(prev_end);
            rest.extend([
                Doc::Line,
                stok(op.as_str(), at),
                txt(" "),
                self.chain_operand(rhs),
            ]);
            prev_end = rhs.span.end;
        }
        let commented = self.comments.any_line_in(first.span.start, prev_end);
        group_if(concat([head, nest(continuation, concat(rest))]), commented)
    }

    /// An operand of a chain; an `and` chain inside an `or` chain is indented
    /// further when it breaks, so the two levels stay apart.
    fn chain_operand(&mut self, e: &Expr) -> Doc {
        self.condition(e, CONTINUATION)
    }

    /// The text of a short literal or name, for filling a list.
    fn short(&self, e: &Expr) -> Option<(String, u32)> {
        let text = match &e.kind {
            ExprKind::Bool(b) => b.to_string(),
            ExprKind::Int(n) => n.to_string(),
            ExprKind::Str(s) => escape(s),
            ExprKind::Duration(d) => d.to_string(),
            ExprKind::Date(d) => d.to_string(),
            ExprKind::Path(p) => p.text(),
            _ => return None,
        };
        (text.chars().count() <= SHORT_ELEMENT).then_some((text, e.span.start))
    }
}

fn is_chain(e: &Expr) -> bool {
    matches!(e.kind, ExprKind::Binary(BinOp::And | BinOp::Or, ..))
}
