//! Rule statements and expressions.
//!
//! Inside a statement newlines are plain whitespace; an expression ends
//! where no operator continues it. When the parser looks past a newline for
//! an operator and finds none, it steps back, so the newline still separates
//! the statement from the next entry of the rule.

use super::{PResult, Parser, Reported};
use crate::ast::{BinOp, Expr, ExprKind, Ident, Path, Quantifier, Statement, is_reserved};
use crate::diagnostic::{Diagnostic, did_you_mean};
use crate::lexer::{self, Number};

/// Reserved words that may start a path in an expression: a flow's
/// endpoints, and `zone`, which is also an attribute name.
const PATH_KEYWORDS: [&str; 3] = ["from", "to", "zone"];

impl Parser<'_> {
    /// `each …` or `forbid …`
    pub(super) fn statement(&mut self) -> PResult<Statement> {
        let start = self.pos;
        if self.eat_keyword("each") {
            self.skip_trivia(true);
            let kind_start = self.pos;
            let kind = self.kind_keyword()?;
            let kind_span = self.span_from(kind_start);
            self.skip_trivia(true);
            let filter = if self.eat_keyword("where") {
                self.skip_trivia(true);
                let filter = self.expr()?;
                self.skip_trivia(true);
                Some(filter)
            } else {
                None
            };
            if !self.eat_keyword("must") {
                return Err(self.expected(
                    "`must`",
                    Some("write `each KIND [where CONDITION] must CONDITION`"),
                ));
            }
            self.skip_trivia(true);
            let must = self.expr()?;
            return Ok(Statement::Each {
                kind,
                kind_span,
                filter,
                must,
                span: self.span_from(start),
            });
        }
        self.eat_keyword("forbid");
        self.skip_trivia(true);
        if self.eat_keyword("path") {
            return self.forbid_path(start);
        }
        let kind_start = self.pos;
        let kind = self.kind_keyword()?;
        let kind_span = self.span_from(kind_start);
        self.skip_trivia(true);
        if !self.eat_keyword("where") {
            return Err(self.expected("`where`", Some("write `forbid KIND where CONDITION`")));
        }
        self.skip_trivia(true);
        let condition = self.expr()?;
        Ok(Statement::Forbid {
            kind,
            kind_span,
            condition,
            span: self.span_from(start),
        })
    }

    fn forbid_path(&mut self, start: usize) -> PResult<Statement> {
        self.skip_trivia(true);
        self.expect_word(
            "from",
            "write `forbid path from system where A to system where B`",
        )?;
        let from = self.system_where()?;
        self.skip_trivia(true);
        self.expect_word("to", "after the start condition comes `to system where …`")?;
        let to = self.system_where()?;
        let mut carrying = None;
        let mut avoiding = None;
        let before = self.pos;
        self.skip_trivia(true);
        if self.eat_keyword("carrying") {
            self.skip_trivia(true);
            carrying = Some(self.expr()?);
        } else {
            self.pos = before;
        }
        let before = self.pos;
        self.skip_trivia(true);
        if self.eat_keyword("avoiding") {
            avoiding = Some(self.system_where()?);
        } else {
            self.pos = before;
        }
        Ok(Statement::ForbidPath {
            from,
            to,
            carrying,
            avoiding,
            span: self.span_from(start),
        })
    }

    /// `system where CONDITION` (after `from`, `to` or `avoiding`).
    fn system_where(&mut self) -> PResult<Expr> {
        self.skip_trivia(true);
        self.expect_word(
            "system",
            "paths run between systems: write `system where …`",
        )?;
        self.skip_trivia(true);
        self.expect_word("where", "write `system where CONDITION`")?;
        self.skip_trivia(true);
        self.expr()
    }

    fn expect_word(&mut self, word: &str, help: &str) -> PResult<()> {
        if self.eat_keyword(word) {
            Ok(())
        } else {
            Err(self.expected(&format!("`{word}`"), Some(help)))
        }
    }

    /// A full expression.
    pub(super) fn expr(&mut self) -> PResult<Expr> {
        self.binary_chain("or", BinOp::Or, Self::and_expr)
    }

    fn and_expr(&mut self) -> PResult<Expr> {
        self.binary_chain("and", BinOp::And, Self::not_expr)
    }

    /// `operand (KEYWORD operand)*`, left-associative, across newlines.
    fn binary_chain(
        &mut self,
        keyword: &str,
        op: BinOp,
        operand: fn(&mut Self) -> PResult<Expr>,
    ) -> PResult<Expr> {
        // A chain is a left-leaning tree as deep as it is long, so each
        // further operand counts as one level of nesting: every later stage
        // (and dropping the tree) recurses that deep.
        let outer = self.depth;
        let result = self.chain_operands(keyword, op, operand);
        self.depth = outer;
        result
    }

    fn chain_operands(
        &mut self,
        keyword: &str,
        op: BinOp,
        operand: fn(&mut Self) -> PResult<Expr>,
    ) -> PResult<Expr> {
        let mut lhs = operand(self)?;
        loop {
            let before = self.pos;
            self.skip_trivia(true);
            if !self.eat_keyword(keyword) {
                self.pos = before;
                return Ok(lhs);
            }
            self.skip_trivia(true);
            self.deeper()?;
            let rhs = operand(self)?;
            let span = lhs.span.to(rhs.span);
            lhs = Expr {
                kind: ExprKind::Binary(op, Box::new(lhs), Box::new(rhs)),
                span,
            };
        }
    }

    fn not_expr(&mut self) -> PResult<Expr> {
        let start = self.pos;
        if self.eat_keyword("not") {
            return self.nested(|p| {
                p.skip_trivia(true);
                let inner = p.not_expr()?;
                Ok(Expr {
                    kind: ExprKind::Not(Box::new(inner)),
                    span: p.span_from(start),
                })
            });
        }
        self.comparison()
    }

    fn comparison(&mut self) -> PResult<Expr> {
        let start = self.pos;
        if self.eat_keyword("has") {
            self.skip_trivia(true);
            let path = self.path("an attribute after `has`")?;
            return Ok(Expr {
                kind: ExprKind::Has(path),
                span: self.span_from(start),
            });
        }
        let lhs = self.operand()?;
        let before = self.pos;
        self.skip_trivia(true);
        let Some(op) = self.comparison_op() else {
            if self.rest().starts_with('=') {
                let here = self.span(self.pos, self.pos + 1);
                self.report(
                    Diagnostic::error("vakt::syntax-error", "expected `==`, found `=`")
                        .with_label(here, "assignment is not comparison")
                        .with_help("compare with `==`"),
                );
                return Err(Reported);
            }
            self.pos = before;
            return Ok(lhs);
        };
        self.skip_trivia(true);
        let rhs = self.operand()?;
        let before = self.pos;
        self.skip_trivia(true);
        let op_start = self.pos;
        if self.comparison_op().is_some() {
            let here = self.span_from(op_start);
            self.report(
                Diagnostic::error("vakt::syntax-error", "comparisons cannot be chained")
                    .with_label(here, "a second comparison")
                    .with_help("join the comparisons with `and` or `or`"),
            );
            return Err(Reported);
        }
        self.pos = before;
        let span = lhs.span.to(rhs.span);
        Ok(Expr {
            kind: ExprKind::Binary(op, Box::new(lhs), Box::new(rhs)),
            span,
        })
    }

    fn comparison_op(&mut self) -> Option<BinOp> {
        for (text, op) in [
            ("==", BinOp::Eq),
            ("!=", BinOp::Ne),
            ("<=", BinOp::Le),
            (">=", BinOp::Ge),
            ("<", BinOp::Lt),
            (">", BinOp::Gt),
        ] {
            if self.eat_str(text) {
                return Some(op);
            }
        }
        self.eat_keyword("in").then_some(BinOp::In)
    }

    fn operand(&mut self) -> PResult<Expr> {
        let start = self.pos;
        let kind = match self.peek_char() {
            Some('(') => {
                return self.nested(|p| {
                    p.eat_char('(');
                    p.skip_trivia(true);
                    let inner = p.expr()?;
                    p.skip_trivia(true);
                    if !p.eat_char(')') {
                        return Err(p.expected("`)`", None));
                    }
                    Ok(Expr {
                        kind: ExprKind::Paren(Box::new(inner)),
                        span: p.span_from(start),
                    })
                });
            }
            Some('[') => return self.nested(|p| p.list_expr(start)),
            Some('"') => match self.string_opt()? {
                Some(s) => ExprKind::Str(s.value.to_string()),
                None => return Err(self.expected("an expression", None)),
            },
            Some(c) if c.is_ascii_digit() => match self.lex(lexer::number) {
                Ok(Number::Int(n)) => ExprKind::Int(n),
                Ok(Number::Duration(d)) => ExprKind::Duration(d),
                Ok(Number::Date(d)) => ExprKind::Date(d),
                Err(e) => {
                    self.report_lex(e);
                    return Err(Reported);
                }
            },
            _ => match self.peek_word() {
                Some("true") => {
                    self.pos += 4;
                    ExprKind::Bool(true)
                }
                Some("false") => {
                    self.pos += 5;
                    ExprKind::Bool(false)
                }
                _ => return self.path_or_quantifier(),
            },
        };
        Ok(Expr {
            kind,
            span: self.span_from(start),
        })
    }

    fn list_expr(&mut self, start: usize) -> PResult<Expr> {
        self.eat_char('[');
        let mut items = Vec::new();
        loop {
            self.skip_trivia(true);
            if self.eat_char(']') {
                break;
            }
            items.push(self.expr()?);
            self.skip_trivia(true);
            if self.eat_char(',') {
                continue;
            }
            if self.eat_char(']') {
                break;
            }
            return Err(self.expected("`,` or `]`", None));
        }
        Ok(Expr {
            kind: ExprKind::List(items),
            span: self.span_from(start),
        })
    }

    /// `a.b.c` or `a.b.any(X)`.
    fn path_or_quantifier(&mut self) -> PResult<Expr> {
        let start = self.pos;
        let mut path = self.path("an expression")?;
        let before = self.pos;
        if let Ok((rest, _)) = lexer::blanks(self.rest()) {
            self.advance_to(rest);
        }
        if self.peek_char() != Some('(') {
            self.pos = before;
            return Ok(Expr {
                kind: ExprKind::Path(path),
                span: self.span_from(start),
            });
        }
        let Some(method) = path.segments.last() else {
            return Err(self.expected("an expression", None));
        };
        let quantifier = match method.as_str() {
            "any" => Quantifier::Any,
            "all" => Quantifier::All,
            "none" => Quantifier::None,
            other => {
                let help = match did_you_mean(other, ["any", "all", "none"]) {
                    Some(q) => format!("did you mean `{q}`?"),
                    None => {
                        "sets have the operations `.any(…)`, `.all(…)` and `.none(…)`".to_owned()
                    }
                };
                let span = method.span;
                self.report(
                    Diagnostic::error(
                        "vakt::syntax-error",
                        format!("unknown set operation `{other}`"),
                    )
                    .with_label(span, "not a set operation")
                    .with_help(help),
                );
                return Err(Reported);
            }
        };
        if path.segments.len() < 2 {
            let span = method.span;
            self.report(
                Diagnostic::error(
                    "vakt::syntax-error",
                    format!("`{}` needs a set before it", quantifier.as_str()),
                )
                .with_label(span, "no set")
                .with_help(format!(
                    "write it after a set, such as `holds.{}(sensitive)`",
                    quantifier.as_str()
                )),
            );
            return Err(Reported);
        }
        path.segments.pop();
        if let (Some(first), Some(last)) = (path.segments.first(), path.segments.last()) {
            path.span = first.span.to(last.span);
        }
        self.nested(|p| {
            p.eat_char('(');
            p.skip_trivia(true);
            let argument = if p.peek_char() == Some(')') {
                None
            } else {
                let argument = p.expr()?;
                p.skip_trivia(true);
                Some(Box::new(argument))
            };
            if !p.eat_char(')') {
                return Err(p.expected("`)`", None));
            }
            Ok(Expr {
                kind: ExprKind::Quantified(quantifier, path, argument),
                span: p.span_from(start),
            })
        })
    }

    /// A dotted name in an expression.
    fn path(&mut self, what: &str) -> PResult<Path> {
        let start = self.pos;
        let Some(text) = self.take_dotted() else {
            return Err(self.expected(what, None));
        };
        let mut segments = Vec::new();
        let mut offset = start;
        for part in text.split('.') {
            segments.push(Ident {
                text: part.into(),
                span: self.span(offset, offset + part.len()),
            });
            offset += part.len() + 1;
        }
        if let Some(first) = segments.first()
            && is_reserved(first.as_str())
            && !PATH_KEYWORDS.contains(&first.as_str())
        {
            self.pos = start;
            return Err(self.expected(what, None));
        }
        Ok(Path {
            segments,
            span: self.span_from(start),
        })
    }
}
