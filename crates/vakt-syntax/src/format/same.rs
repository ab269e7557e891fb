//! Span-free equality of items, as the derived `PartialEq`, but walking
//! expressions with an explicit stack: an `and` chain of a few thousand
//! operands is a tree that deep, and the derived comparison would overflow
//! the stack on it.

use crate::ast::{Expr, ExprKind, Item, RuleDecl, RuleItem, Statement};

/// The index of the first item that differs (or the shorter length if one
/// list is a prefix of the other); `None` if the lists are equal.
pub(super) fn first_difference(a: &[Item], b: &[Item]) -> Option<usize> {
    let differs = a.iter().zip(b).position(|(a, b)| !same_item(a, b));
    match differs {
        Some(at) => Some(at),
        None if a.len() != b.len() => Some(a.len().min(b.len())),
        None => None,
    }
}

fn same_item(a: &Item, b: &Item) -> bool {
    match (a, b) {
        (Item::Rule(a), Item::Rule(b)) => same_rule(a, b),
        // no expressions inside: the derived comparison is shallow enough
        (Item::Rule(_), _) | (_, Item::Rule(_)) => false,
        (a, b) => a == b,
    }
}

fn same_rule(a: &RuleDecl, b: &RuleDecl) -> bool {
    let RuleDecl {
        id,
        title,
        body,
        header: _,
        body_span: _,
        span: _,
        recovered,
    } = a;
    *id == b.id
        && *title == b.title
        && *recovered == b.recovered
        && body.len() == b.body.len()
        && body.iter().zip(&b.body).all(|pair| match pair {
            (RuleItem::Attr(a), RuleItem::Attr(b)) => a == b,
            (RuleItem::Statement(a), RuleItem::Statement(b)) => same_statement(a, b),
            _ => false,
        })
}

fn same_statement(a: &Statement, b: &Statement) -> bool {
    match (a, b) {
        (
            Statement::Each {
                kind,
                kind_span: _,
                filter,
                must,
                span: _,
            },
            Statement::Each {
                kind: kind2,
                filter: filter2,
                must: must2,
                ..
            },
        ) => kind == kind2 && same_opt(filter, filter2) && same_expr(must, must2),
        (
            Statement::Forbid {
                kind,
                kind_span: _,
                condition,
                span: _,
            },
            Statement::Forbid {
                kind: kind2,
                condition: condition2,
                ..
            },
        ) => kind == kind2 && same_expr(condition, condition2),
        (
            Statement::ForbidPath {
                from,
                to,
                carrying,
                avoiding,
                span: _,
            },
            Statement::ForbidPath {
                from: from2,
                to: to2,
                carrying: carrying2,
                avoiding: avoiding2,
                ..
            },
        ) => {
            same_expr(from, from2)
                && same_expr(to, to2)
                && same_opt(carrying, carrying2)
                && same_opt(avoiding, avoiding2)
        }
        _ => false,
    }
}

fn same_opt(a: &Option<Expr>, b: &Option<Expr>) -> bool {
    match (a, b) {
        (Some(a), Some(b)) => same_expr(a, b),
        (None, None) => true,
        _ => false,
    }
}

fn same_expr(a: &Expr, b: &Expr) -> bool {
    let mut todo = vec![(a, b)];
    while let Some((a, b)) = todo.pop() {
        match (&a.kind, &b.kind) {
            (ExprKind::Binary(op, l, r), ExprKind::Binary(op2, l2, r2)) => {
                if op != op2 {
                    return false;
                }
                todo.extend([(l.as_ref(), l2.as_ref()), (r.as_ref(), r2.as_ref())]);
            }
            (ExprKind::Not(x), ExprKind::Not(y)) | (ExprKind::Paren(x), ExprKind::Paren(y)) => {
                todo.push((x, y));
            }
            (ExprKind::Quantified(q, path, arg), ExprKind::Quantified(q2, path2, arg2)) => {
                if q != q2 || path != path2 {
                    return false;
                }
                match (arg, arg2) {
                    (Some(x), Some(y)) => todo.push((x, y)),
                    (None, None) => {}
                    _ => return false,
                }
            }
            (ExprKind::List(xs), ExprKind::List(ys)) => {
                if xs.len() != ys.len() {
                    return false;
                }
                todo.extend(xs.iter().zip(ys));
            }
            (
                ExprKind::Binary(..)
                | ExprKind::Not(_)
                | ExprKind::Paren(_)
                | ExprKind::Quantified(..)
                | ExprKind::List(_),
                _,
            )
            | (
                _,
                ExprKind::Binary(..)
                | ExprKind::Not(_)
                | ExprKind::Paren(_)
                | ExprKind::Quantified(..)
                | ExprKind::List(_),
            ) => return false,
            // leaves: literals, paths and `has`
            (x, y) => {
                if x != y {
                    return false;
                }
            }
        }
    }
    true
}
