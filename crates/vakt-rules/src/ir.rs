//! The compiled form of rules: names resolved to attributes, ids and
//! symbols, ready to evaluate.

use std::sync::Arc;

use smol_str::SmolStr;
use vakt_model::schema::Derived;
use vakt_model::{AttrId, EntityRef};
use vakt_syntax::ast::{Kind, Quantifier};
use vakt_syntax::{Date, Duration, Severity, Span};

/// What an evaluation scope holds: an entity of a kind, or a bare value (an
/// element of a custom list).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum ScopeKind {
    Entity(Kind),
    Value,
}

/// One step of an attribute path.
#[derive(Clone, Debug)]
pub(crate) enum Step {
    /// A stored attribute (known or custom); categories read their
    /// effective (inherited, defaulted) attributes.
    Attr(AttrId),
    /// A derived attribute or a flow endpoint.
    Derived(Derived),
    /// A system's `stores` or a flow's `carries`: empty when not written.
    Categories,
    /// A name no entity of the kind has: always missing.
    Absent,
}

/// An attribute path read from an entity in scope.
#[derive(Clone, Debug)]
pub(crate) struct Access {
    /// Which scope it starts from: 0 is the rule's subject, 1 the element of
    /// the outermost quantifier, and so on.
    pub scope: usize,
    pub steps: Vec<Step>,
    /// The path as written up to and including each step (for "has no `…`").
    pub texts: Vec<String>,
}

impl Access {
    /// The whole path as written.
    pub fn text(&self) -> &str {
        self.texts.last().map_or("it", String::as_str)
    }
}

/// Comparison operators.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum CmpOp {
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
}

/// A compiled expression.
#[derive(Clone, Debug)]
pub(crate) enum Ir {
    Bool(bool),
    Int(u64),
    Str(Arc<str>),
    Duration(Duration),
    Permanent,
    Date(Date),
    /// A symbol; `open` when it is a bare name that is neither an attribute
    /// nor an id, which may just as well be a custom attribute nobody set.
    Symbol {
        name: SmolStr,
        open: bool,
    },
    /// A declared id.
    Entity(EntityRef),
    Access(Access),
    List(Vec<Ir>),
    Not(Box<Ir>),
    And(Box<Ir>, Box<Ir>),
    Or(Box<Ir>, Box<Ir>),
    Compare(CmpOp, Box<Ir>, Box<Ir>),
    In(Box<Ir>, Box<Ir>),
    Has(Access),
    Quantified(Box<Quantified>),
}

/// `S.any(X)`, `S.all(X)`, `S.none(X)`.
#[derive(Clone, Debug)]
pub(crate) struct Quantified {
    pub quantifier: Quantifier,
    pub set: Access,
    pub predicate: Option<Ir>,
    /// Set when the elements are categories and the predicate reads only
    /// the element: its truth per category is then computed once.
    pub table: Option<usize>,
}

/// What a rule demands.
#[derive(Clone, Debug)]
pub(crate) enum Check {
    Each {
        kind: Kind,
        filter: Option<Ir>,
        must: Ir,
        must_span: Span,
    },
    Forbid {
        kind: Kind,
        condition: Ir,
        condition_span: Span,
    },
    Path(PathCheck),
}

/// `forbid path from … to … [carrying …] [avoiding …]`
#[derive(Clone, Debug)]
pub(crate) struct PathCheck {
    pub from: Ir,
    pub to: Ir,
    pub carrying: Option<Ir>,
    pub avoiding: Option<Ir>,
}

/// A rule ready to run.
#[derive(Clone, Debug)]
pub(crate) struct Rule {
    pub id: SmolStr,
    pub severity: Severity,
    pub message: Option<String>,
    pub header: Span,
    pub check: Check,
    /// Predicates over categories whose truth tables are computed once.
    pub tables: Vec<Table>,
}

/// A predicate over categories that reads nothing but its element.
#[derive(Clone, Debug)]
pub(crate) struct Table {
    /// The element's scope index.
    pub depth: usize,
    pub predicate: Ir,
}
