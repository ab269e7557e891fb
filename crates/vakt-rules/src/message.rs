//! Finding messages: a default sentence per statement form, or the rule's
//! `message` template.

use vakt_model::Model;
use vakt_syntax::Span;

use crate::eval::{Ctx, Reason, Truth, Val};
use crate::ir::{CmpOp, Ir};

/// What a message is about.
pub(crate) struct Parts<'a> {
    pub kind: &'a str,
    pub id: &'a str,
    pub category: Option<&'a str>,
    pub path: Option<String>,
    pub reason: String,
}

/// The rule's template with its placeholders filled in, or `default`.
pub(crate) fn render(
    template: Option<&str>,
    parts: &Parts<'_>,
    default: String,
    unknown: Option<&str>,
) -> String {
    let Some(template) = template else {
        return default;
    };
    let mut text = template
        .replace("{subject}", parts.id)
        .replace("{kind}", parts.kind)
        .replace("{category}", parts.category.unwrap_or(""))
        .replace("{path}", parts.path.as_deref().unwrap_or(""))
        .replace("{reason}", &parts.reason);
    // Compliance fails closed: say what was missing even if the template does not.
    if let Some(missing) = unknown
        && !template.contains("{reason}")
    {
        text.push_str(&format!(" (`{missing}` is not set)"));
    }
    text
}

/// `system `epj``
pub(crate) fn subject(kind: &str, id: &str) -> String {
    format!("{kind} `{id}`")
}

/// "system `x` has no `owner`", or "flow `y`: `encrypted` is `false`, not
/// `true`" when the reason starts with a path.
pub(crate) fn sentence(subject: &str, reason: &str) -> String {
    if reason.starts_with('`') {
        format!("{subject}: {reason}")
    } else {
        format!("{subject} {reason}")
    }
}

/// The source text of a span, on one line.
pub(crate) fn source(model: &Model, span: Span) -> String {
    model
        .sources
        .slice(span)
        .unwrap_or("")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// Why an `each … must` condition is not met, e.g. "has no `owner`" or
/// "`zone.trust` is `internal`, not `closed`".
pub(crate) fn why_not<'a>(
    ctx: &mut Ctx<'a>,
    must: &'a Ir,
    truth: Truth<'a>,
    must_text: &str,
) -> (String, Option<&'a str>) {
    match truth {
        Truth::Unknown(Reason::Missing(m)) if !m.is_empty() => (format!("has no `{m}`"), Some(m)),
        Truth::Unknown(_) => (
            explain_incomparable(ctx, must)
                .unwrap_or_else(|| format!("cannot be shown to meet `{must_text}`")),
            None,
        ),
        _ => (
            explain_false(ctx, must).unwrap_or_else(|| format!("does not meet `{must_text}`")),
            None,
        ),
    }
}

fn explain_false<'a>(ctx: &mut Ctx<'a>, ir: &'a Ir) -> Option<String> {
    match ir {
        Ir::Has(access) => Some(format!("has no `{}`", access.text())),
        Ir::Or(l, r) => match (l.as_ref(), r.as_ref()) {
            (Ir::Has(a), Ir::Has(b)) => {
                Some(format!("has neither `{}` nor `{}`", a.text(), b.text()))
            }
            _ => None,
        },
        Ir::Compare(op, l, r) => {
            let (Ir::Access(access), constant) = (l.as_ref(), r.as_ref()) else {
                return None;
            };
            let actual = show(ctx.read(access))?;
            let expected = show(ctx.value(constant))?;
            let path = access.text();
            Some(match op {
                CmpOp::Eq => format!("`{path}` is `{actual}`, not `{expected}`"),
                CmpOp::Ne => format!("`{path}` is `{actual}`"),
                CmpOp::Lt | CmpOp::Le => format!("`{path}` is `{actual}`, more than `{expected}`"),
                CmpOp::Gt | CmpOp::Ge => format!("`{path}` is `{actual}`, less than `{expected}`"),
            })
        }
        _ => None,
    }
}

/// For a comparison whose sides have different types: what the attribute
/// holds instead.
fn explain_incomparable<'a>(ctx: &mut Ctx<'a>, ir: &'a Ir) -> Option<String> {
    let Ir::Compare(_, l, r) = ir else {
        return None;
    };
    let (Ir::Access(access), constant) = (l.as_ref(), r.as_ref()) else {
        return None;
    };
    let actual = show(ctx.read(access))?;
    let expected = show(ctx.value(constant))?;
    Some(format!(
        "`{}` is `{actual}`, which cannot be compared with `{expected}`",
        access.text()
    ))
}

/// A value as written in the language, for messages.
pub(crate) fn show(value: Val<'_>) -> Option<String> {
    Some(match value {
        Val::Bool(b) => b.to_string(),
        Val::Int(n) => n.to_string(),
        Val::Str(s) => format!("\"{s}\""),
        Val::Duration(d) => d.to_string(),
        Val::Permanent => "permanent".to_owned(),
        Val::Date(d) => d.to_string(),
        Val::Symbol(s, _) => s.to_owned(),
        _ => return None,
    })
}
