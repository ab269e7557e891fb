//! Diagnostics of the model stage.

use vakt_syntax::ast::Kind;
use vakt_syntax::{Diagnostic, Span};

use crate::schema::{article, plural};

pub(crate) fn duplicate_id(kind: Kind, id: &str, again: Span, first: Span) -> Diagnostic {
    Diagnostic::error(
        "vakt::duplicate-id",
        format!("{kind} `{id}` is declared twice"),
    )
    .with_label(again, "declared again here")
    .with_label(first, "first declared here")
    .with_help(format!(
        "ids are unique among {}; rename or remove one of them",
        plural(kind)
    ))
}

pub(crate) fn duplicate_attribute(name: &str, again: Span, first: Span) -> Diagnostic {
    Diagnostic::error(
        "vakt::duplicate-attribute",
        format!("attribute `{name}` is set twice"),
    )
    .with_label(again, "set again here")
    .with_label(first, "first set here")
    .with_help("keep one of them")
}

pub(crate) fn unknown_reference(
    kind: Kind,
    name: &str,
    at: Span,
    suggestion: Option<&str>,
) -> Diagnostic {
    let help = match suggestion {
        Some(s) => format!("did you mean `{s}`?"),
        None => format!("declare it first: `{kind} {name} {{ … }}`"),
    };
    Diagnostic::error(
        "vakt::unknown-reference",
        format!("no {kind} is named `{name}`"),
    )
    .with_label(at, format!("unknown {kind}"))
    .with_help(help)
}

pub(crate) fn wrong_kind(
    expected: Kind,
    found: Kind,
    name: &str,
    at: Span,
    declared: Option<Span>,
) -> Diagnostic {
    let mut d = Diagnostic::error(
        "vakt::wrong-kind",
        format!(
            "expected {} {expected}, found {found} `{name}`",
            article(expected)
        ),
    )
    .with_label(at, format!("this is {} {found}", article(found)))
    .with_help(format!("refer to {} {expected} here", article(expected)));
    if let Some(span) = declared {
        d = d.with_label(
            span,
            format!("`{name}` is declared as {} {found} here", article(found)),
        );
    }
    d
}

pub(crate) fn wrong_type(
    attr: &str,
    expected: &str,
    found: &str,
    at: Span,
    help: String,
) -> Diagnostic {
    Diagnostic::error(
        "vakt::wrong-type",
        format!("`{attr}` must be {expected}, found {found}"),
    )
    .with_label(at, format!("expected {expected}"))
    .with_help(help)
}

pub(crate) fn invalid_value(
    attr: &str,
    found: &str,
    options: &str,
    at: Span,
    suggestion: Option<&str>,
) -> Diagnostic {
    let help = match suggestion {
        Some(s) => format!("did you mean `{s}`?"),
        None => format!("`{attr}` is one of {options}"),
    };
    Diagnostic::error(
        "vakt::invalid-value",
        format!("`{found}` is not a valid `{attr}`"),
    )
    .with_label(at, format!("expected one of {options}"))
    .with_help(help)
}

pub(crate) fn missing_attribute(
    kind: Kind,
    id: &str,
    attr: &str,
    at: Span,
    help: String,
) -> Diagnostic {
    Diagnostic::error(
        "vakt::missing-attribute",
        format!("{kind} `{id}` has no `{attr}`"),
    )
    .with_label(at, format!("`{attr}` is required"))
    .with_help(help)
}

pub(crate) fn unknown_attribute(kind: Kind, name: &str, suggestion: &str, at: Span) -> Diagnostic {
    Diagnostic::warning(
        "vakt::unknown-attribute",
        format!("`{name}` is not a known attribute of {}", plural(kind)),
    )
    .with_label(at, format!("did you mean `{suggestion}`?"))
    .with_help(format!(
        "did you mean `{suggestion}`? (an unknown attribute is kept as a custom attribute, which only your own rules read)"
    ))
}

pub(crate) fn derived_attribute(kind: Kind, name: &str, at: Span) -> Diagnostic {
    Diagnostic::error(
        "vakt::derived-attribute",
        format!(
            "`{name}` of {} is computed by vakt and cannot be set",
            plural(kind)
        ),
    )
    .with_label(at, "computed attribute")
    .with_help(match name {
        "holds" | "receives" => {
            "declare what a system keeps with `stores`; vakt derives what it receives through flows"
        }
        "from" | "to" => "a flow's endpoints are written in its header: `flow a -> b`",
        _ => "remove this attribute",
    })
}

pub(crate) fn category_cycle(chain: &str, at: Span) -> Diagnostic {
    Diagnostic::error(
        "vakt::category-cycle",
        format!("categories are their own ancestors: {chain}"),
    )
    .with_label(at, "this `parent` closes the cycle")
    .with_help("the category hierarchy must be a tree; remove one of the `parent` attributes")
}

pub(crate) fn model_too_large(
    categories: usize,
    sets: usize,
    needed: usize,
    budget: usize,
    at: Option<Span>,
) -> Diagnostic {
    let gib = |bytes: usize| bytes as f64 / f64::from(1u32 << 30);
    let mut d = Diagnostic::error(
        "vakt::model-too-large",
        format!(
            "the model is too large to check: {categories} categories in a graph of {sets} systems and flows would need {:.1} GiB of category sets (at most {:.1} GiB)",
            gib(needed),
            gib(budget)
        ),
    )
    .with_help(
        "vakt keeps a set of categories for every category, system and flow; declare fewer categories (a hierarchy with `parent` rather than one category per record), or split the model",
    );
    if let Some(at) = at {
        d = d.with_label(at, "too many categories to keep track of");
    }
    d
}
