//! Evaluating compiled expressions with Kleene three-valued logic.

use vakt_model::schema::Derived;
use vakt_model::{CatSet, EntityRef, Model, Value};
use vakt_syntax::ast::{Kind, Quantifier};
use vakt_syntax::{Date, Duration};

use crate::ir::{Access, CmpOp, Ir, Quantified, Step, Table};

/// A value during evaluation, borrowed from the model or the rule.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Val<'a> {
    Bool(bool),
    Int(u64),
    Str(&'a str),
    Duration(Duration),
    Permanent,
    Date(Date),
    /// A symbol; `open` as in [`Ir::Symbol`].
    Symbol(&'a str, bool),
    Entity(EntityRef),
    Categories(&'a CatSet),
    /// Entities of one kind by index (flows, systems).
    Indexes(Kind, &'a [u32]),
    Refs(&'a [EntityRef]),
    List(&'a [Value]),
    /// A list written in the rule.
    Literal(&'a [Ir]),
    /// An attribute is not set; the text names it.
    Missing(&'a str),
}

/// Why a truth value is unknown.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Reason<'a> {
    /// This attribute (path as written) is not set.
    Missing(&'a str),
    /// The values cannot be compared (different types).
    Incomparable,
}

/// A truth value of three-valued logic.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Truth<'a> {
    True,
    False,
    Unknown(Reason<'a>),
}

impl<'a> Truth<'a> {
    fn from_bool(b: bool) -> Truth<'a> {
        if b { Truth::True } else { Truth::False }
    }

    fn not(self) -> Truth<'a> {
        match self {
            Truth::True => Truth::False,
            Truth::False => Truth::True,
            unknown => unknown,
        }
    }
}

/// Evaluation state: the model, the entities in scope, and the truth
/// tables of closed category predicates.
pub(crate) struct Ctx<'a> {
    pub model: &'a Model,
    pub scopes: Vec<Val<'a>>,
    pub tables: Vec<CategoryTable<'a>>,
}

/// The truth of a predicate for every category.
pub(crate) struct CategoryTable<'a> {
    pub truths: CatSet,
    pub falses: CatSet,
    /// The first unknown category's reason, and the set of unknown ones.
    pub unknowns: CatSet,
    pub reason: Option<Reason<'a>>,
}

impl<'a> Ctx<'a> {
    /// A context with the truth tables of `tables` computed.
    pub fn new(model: &'a Model, tables: &'a [Table]) -> Ctx<'a> {
        let mut ctx = Ctx {
            model,
            scopes: Vec::new(),
            tables: Vec::new(),
        };
        for table in tables {
            let table = ctx.category_table(table);
            ctx.tables.push(table);
        }
        ctx
    }

    fn category_table(&mut self, spec: &'a Table) -> CategoryTable<'a> {
        let n = self.model.category_count();
        let mut table = CategoryTable {
            truths: CatSet::with_len(n),
            falses: CatSet::with_len(n),
            unknowns: CatSet::with_len(n),
            reason: None,
        };
        // A closed predicate reads only its element; the outer scopes are
        // padding so the element sits at the index the compiler gave it.
        self.scopes.clear();
        self.scopes.resize(spec.depth, Val::Missing(""));
        for c in 0..u32::try_from(n).unwrap_or(u32::MAX) {
            let element = Val::Entity(EntityRef::new(Kind::Category, c));
            let truth = self.element_truth(&spec.predicate, element);
            match truth {
                Truth::True => table.truths.insert(c),
                Truth::False => table.falses.insert(c),
                Truth::Unknown(r) => {
                    table.unknowns.insert(c);
                    table.reason.get_or_insert(r);
                }
            }
        }
        self.scopes.clear();
        table
    }

    /// Evaluates a condition on the entity `subject`.
    pub fn truth_of(&mut self, ir: &'a Ir, subject: EntityRef) -> Truth<'a> {
        self.scopes.clear();
        self.scopes.push(Val::Entity(subject));
        self.truth(ir)
    }

    /// Evaluates a `carrying` pattern on a category: a condition, or a
    /// category the subject must match.
    pub fn pattern_truth(&mut self, ir: &'a Ir, subject: EntityRef) -> Truth<'a> {
        self.scopes.clear();
        let element = Val::Entity(subject);
        self.element_truth(ir, element)
    }

    /// Evaluates an expression as a condition.
    pub fn truth(&mut self, ir: &'a Ir) -> Truth<'a> {
        match ir {
            Ir::Not(inner) => self.truth(inner).not(),
            Ir::And(l, r) => match self.truth(l) {
                Truth::False => Truth::False,
                Truth::True => self.truth(r),
                Truth::Unknown(reason) => match self.truth(r) {
                    Truth::False => Truth::False,
                    _ => Truth::Unknown(reason),
                },
            },
            Ir::Or(l, r) => match self.truth(l) {
                Truth::True => Truth::True,
                Truth::False => self.truth(r),
                Truth::Unknown(reason) => match self.truth(r) {
                    Truth::True => Truth::True,
                    _ => Truth::Unknown(reason),
                },
            },
            Ir::Compare(op, l, r) => {
                let (l, r) = (self.value(l), self.value(r));
                compare(*op, l, r, self.model)
            }
            Ir::In(needle, haystack) => {
                let needle = self.value(needle);
                let haystack = self.value(haystack);
                self.contains(haystack, needle)
            }
            Ir::Has(access) => Truth::from_bool(!matches!(self.read(access), Val::Missing(_))),
            Ir::Quantified(q) => self.quantified(q),
            other => as_truth(self.value(other)),
        }
    }

    /// Evaluates an expression to a value.
    pub fn value(&mut self, ir: &'a Ir) -> Val<'a> {
        match ir {
            Ir::Bool(b) => Val::Bool(*b),
            Ir::Int(n) => Val::Int(*n),
            Ir::Str(s) => Val::Str(s),
            Ir::Duration(d) => Val::Duration(*d),
            Ir::Permanent => Val::Permanent,
            Ir::Date(d) => Val::Date(*d),
            Ir::Symbol { name, open } => Val::Symbol(name, *open),
            Ir::Entity(e) => Val::Entity(*e),
            Ir::Access(access) => self.read(access),
            Ir::List(items) => Val::Literal(items),
            condition => match self.truth(condition) {
                Truth::True => Val::Bool(true),
                Truth::False => Val::Bool(false),
                Truth::Unknown(Reason::Missing(m)) => Val::Missing(m),
                Truth::Unknown(Reason::Incomparable) => Val::Missing(""),
            },
        }
    }

    /// Reads an attribute path.
    pub fn read(&self, access: &'a Access) -> Val<'a> {
        let Some(&start) = self.scopes.get(access.scope) else {
            return Val::Missing(access.text());
        };
        let mut current = start;
        for (i, step) in access.steps.iter().enumerate() {
            let Val::Entity(entity) = current else {
                return Val::Missing(access.texts.get(i).map_or("", String::as_str));
            };
            current = self.step(entity, step);
            if matches!(current, Val::Missing(_)) {
                return Val::Missing(access.texts.get(i).map_or("", String::as_str));
            }
        }
        current
    }

    fn step(&self, entity: EntityRef, step: &Step) -> Val<'a> {
        let model = self.model;
        let facts = &model.facts;
        match step {
            Step::Absent => Val::Missing(""),
            Step::Categories => {
                let sets = if entity.kind == Kind::Flow {
                    &facts.carries
                } else {
                    &facts.stores
                };
                sets.get(entity.idx())
                    .map_or(Val::Missing(""), Val::Categories)
            }
            Step::Attr(id) => {
                let value = if entity.kind == Kind::Category {
                    model.categories.get(entity.index, *id)
                } else {
                    model.entity(entity).and_then(|e| e.get(*id))
                };
                value.map_or(Val::Missing(""), from_value)
            }
            Step::Derived(derived) => {
                let i = entity.idx();
                match (entity.kind, derived) {
                    (Kind::Flow, Derived::From) => {
                        model.endpoints.get(i).map_or(Val::Missing(""), |e| {
                            Val::Entity(EntityRef::new(Kind::System, e.from))
                        })
                    }
                    (Kind::Flow, Derived::To) => {
                        model.endpoints.get(i).map_or(Val::Missing(""), |e| {
                            Val::Entity(EntityRef::new(Kind::System, e.to))
                        })
                    }
                    (Kind::System, Derived::Holds) => {
                        facts.holds.get(i).map_or(Val::Missing(""), Val::Categories)
                    }
                    (Kind::System, Derived::Receives) => facts
                        .receives
                        .get(i)
                        .map_or(Val::Missing(""), Val::Categories),
                    (Kind::System, Derived::Inflows) => {
                        Val::Indexes(Kind::Flow, facts.inflows(entity.index))
                    }
                    (Kind::System, Derived::Outflows) => {
                        Val::Indexes(Kind::Flow, facts.outflows(entity.index))
                    }
                    (Kind::Category, Derived::HeldBy) => model
                        .held_by(entity.index)
                        .map_or(Val::Missing(""), |s| Val::Indexes(Kind::System, s)),
                    _ => Val::Missing(""),
                }
            }
        }
    }

    /// `x in S`: membership in a list or set; for categories in a category
    /// set, the delivery test (the set has `x`, an ancestor or a descendant).
    fn contains(&mut self, haystack: Val<'a>, needle: Val<'a>) -> Truth<'a> {
        if let Val::Missing(m) = needle {
            return Truth::Unknown(Reason::Missing(m));
        }
        match haystack {
            Val::Missing(m) => Truth::Unknown(Reason::Missing(m)),
            Val::Categories(set) => match needle {
                Val::Entity(EntityRef {
                    kind: Kind::Category,
                    index,
                }) => Truth::from_bool(
                    self.model
                        .categories
                        .related
                        .get(index as usize)
                        .is_some_and(|r| r.intersects(set)),
                ),
                _ => Truth::Unknown(Reason::Incomparable),
            },
            Val::Indexes(kind, items) => match needle {
                Val::Entity(e) if e.kind == kind => Truth::from_bool(items.contains(&e.index)),
                _ => Truth::Unknown(Reason::Incomparable),
            },
            Val::Refs(items) => match needle {
                Val::Entity(e) => Truth::from_bool(items.contains(&e)),
                _ => Truth::Unknown(Reason::Incomparable),
            },
            Val::List(items) => any_of(
                items
                    .iter()
                    .map(|v| compare(CmpOp::Eq, needle, from_value(v), self.model)),
            ),
            Val::Literal(items) => {
                let values: Vec<Val<'a>> = items.iter().map(|i| self.value(i)).collect();
                let model = self.model;
                any_of(values.into_iter().map(|v| member(needle, v, model)))
            }
            _ => Truth::Unknown(Reason::Incomparable),
        }
    }

    fn quantified(&mut self, q: &'a Quantified) -> Truth<'a> {
        let set = self.read(&q.set);
        if let (Some(table), Val::Categories(members)) =
            (q.table.and_then(|t| self.tables.get(t)), set)
        {
            return table_truth(q.quantifier, table, members);
        }
        match set {
            Val::Missing(m) => Truth::Unknown(Reason::Missing(m)),
            Val::Categories(members) => self.fold(
                q,
                members
                    .iter()
                    .map(|c| Val::Entity(EntityRef::new(Kind::Category, c))),
            ),
            Val::Indexes(kind, items) => self.fold(
                q,
                items.iter().map(|&i| Val::Entity(EntityRef::new(kind, i))),
            ),
            Val::Refs(items) => self.fold(q, items.iter().map(|&e| Val::Entity(e))),
            Val::List(items) => self.fold(q, items.iter().map(from_value)),
            _ => Truth::Unknown(Reason::Incomparable),
        }
    }

    /// Combines the predicate over the elements: `any` is a Kleene "or",
    /// `all` an "and", `none` the negation of `any`.
    fn fold(&mut self, q: &'a Quantified, elements: impl Iterator<Item = Val<'a>>) -> Truth<'a> {
        let mut unknown = None;
        for element in elements {
            let truth = match &q.predicate {
                None => Truth::True,
                Some(p) => self.element_truth(p, element),
            };
            match (q.quantifier, truth) {
                (Quantifier::Any | Quantifier::None, Truth::True) => {
                    return Truth::from_bool(q.quantifier == Quantifier::Any);
                }
                (Quantifier::All, Truth::False) => return Truth::False,
                (_, Truth::Unknown(r)) => {
                    unknown.get_or_insert(r);
                }
                _ => {}
            }
        }
        match (q.quantifier, unknown) {
            (_, Some(r)) => Truth::Unknown(r),
            (Quantifier::Any, None) => Truth::False,
            (Quantifier::All | Quantifier::None, None) => Truth::True,
        }
    }

    /// The predicate on one element: a condition, or (for a non-boolean
    /// such as a category id) whether the element matches it.
    fn element_truth(&mut self, predicate: &'a Ir, element: Val<'a>) -> Truth<'a> {
        self.scopes.push(element);
        let value = self.value(predicate);
        self.scopes.pop();
        match value {
            Val::Bool(b) => Truth::from_bool(b),
            Val::Missing("") => Truth::Unknown(Reason::Incomparable),
            Val::Missing(m) => Truth::Unknown(Reason::Missing(m)),
            pattern => matches(self.model, element, pattern),
        }
    }
}

/// Whether an element matches a non-boolean pattern: a category matches a
/// category pattern that is itself or an ancestor; other entities match
/// themselves (or a symbol with their id).
fn matches<'a>(model: &Model, element: Val<'a>, pattern: Val<'a>) -> Truth<'a> {
    match (element, pattern) {
        (
            Val::Entity(EntityRef {
                kind: Kind::Category,
                index: c,
            }),
            Val::Entity(EntityRef {
                kind: Kind::Category,
                index: p,
            }),
        ) => Truth::from_bool(
            model
                .categories
                .matches
                .get(p as usize)
                .is_some_and(|m| m.contains(c)),
        ),
        (Val::Symbol(_, true), _) | (_, Val::Symbol(_, true)) => match pattern {
            Val::Symbol(name, true) => Truth::Unknown(Reason::Missing(name)),
            _ => compare(CmpOp::Eq, element, pattern, model),
        },
        _ => compare(CmpOp::Eq, element, pattern, model),
    }
}

fn table_truth<'a>(
    quantifier: Quantifier,
    table: &CategoryTable<'a>,
    members: &CatSet,
) -> Truth<'a> {
    let unknown = || Truth::Unknown(table.reason.unwrap_or(Reason::Incomparable));
    match quantifier {
        Quantifier::Any | Quantifier::None => {
            let any = if members.intersects(&table.truths) {
                Truth::True
            } else if members.intersects(&table.unknowns) {
                unknown()
            } else {
                Truth::False
            };
            if quantifier == Quantifier::None {
                any.not()
            } else {
                any
            }
        }
        Quantifier::All => {
            if members.intersects(&table.falses) {
                Truth::False
            } else if members.intersects(&table.unknowns) {
                unknown()
            } else {
                Truth::True
            }
        }
    }
}

fn any_of<'a>(truths: impl Iterator<Item = Truth<'a>>) -> Truth<'a> {
    let mut unknown = None;
    for t in truths {
        match t {
            Truth::True => return Truth::True,
            Truth::Unknown(r) => {
                unknown.get_or_insert(r);
            }
            Truth::False => {}
        }
    }
    unknown.map_or(Truth::False, Truth::Unknown)
}

/// A value used as a condition.
fn as_truth(value: Val<'_>) -> Truth<'_> {
    match value {
        Val::Bool(b) => Truth::from_bool(b),
        Val::Missing(m) if !m.is_empty() => Truth::Unknown(Reason::Missing(m)),
        Val::Symbol(name, true) => Truth::Unknown(Reason::Missing(name)),
        _ => Truth::Unknown(Reason::Incomparable),
    }
}

pub(crate) fn from_value(value: &Value) -> Val<'_> {
    match value {
        Value::Bool(b) => Val::Bool(*b),
        Value::Int(n) => Val::Int(*n),
        Value::Str(s) => Val::Str(s),
        Value::Duration(d) => Val::Duration(*d),
        Value::Permanent => Val::Permanent,
        Value::Date(d) => Val::Date(*d),
        Value::Symbol(s) => Val::Symbol(s, false),
        Value::Ref(r) => Val::Entity(*r),
        Value::Categories(set) => Val::Categories(set),
        Value::Refs(refs) => Val::Refs(refs),
        Value::List(items) => Val::List(items),
    }
}

/// Durations in hours, with `permanent` above every duration.
fn length(value: Val<'_>) -> Option<u128> {
    match value {
        Val::Duration(d) => Some(u128::from(d.hours())),
        Val::Permanent => Some(u128::MAX),
        _ => None,
    }
}

/// Whether `needle` is the list item `item`: for categories the delivery
/// test of SPEC §3 (the item is the category, an ancestor or a
/// descendant), otherwise equality.
fn member<'a>(needle: Val<'a>, item: Val<'a>, model: &Model) -> Truth<'a> {
    match (needle, item) {
        (
            Val::Entity(EntityRef {
                kind: Kind::Category,
                index: c,
            }),
            Val::Entity(EntityRef {
                kind: Kind::Category,
                index: i,
            }),
        ) => Truth::from_bool(
            model
                .categories
                .related
                .get(c as usize)
                .is_some_and(|r| r.contains(i)),
        ),
        _ => compare(CmpOp::Eq, needle, item, model),
    }
}

/// Compares two values; different types, or a missing one, are unknown.
pub(crate) fn compare<'a>(op: CmpOp, l: Val<'a>, r: Val<'a>, model: &Model) -> Truth<'a> {
    use std::cmp::Ordering;
    for side in [l, r] {
        match side {
            Val::Missing(m) if !m.is_empty() => return Truth::Unknown(Reason::Missing(m)),
            Val::Missing(_) => return Truth::Unknown(Reason::Incomparable),
            _ => {}
        }
    }
    let ordering: Option<Ordering> = match (l, r) {
        (Val::Int(a), Val::Int(b)) => Some(a.cmp(&b)),
        (Val::Date(a), Val::Date(b)) => Some(a.cmp(&b)),
        (Val::Duration(_) | Val::Permanent, Val::Duration(_) | Val::Permanent) => {
            length(l).zip(length(r)).map(|(a, b)| a.cmp(&b))
        }
        _ => None,
    };
    if let Some(ordering) = ordering {
        return Truth::from_bool(match op {
            CmpOp::Eq => ordering == Ordering::Equal,
            CmpOp::Ne => ordering != Ordering::Equal,
            CmpOp::Lt => ordering == Ordering::Less,
            CmpOp::Le => ordering != Ordering::Greater,
            CmpOp::Gt => ordering == Ordering::Greater,
            CmpOp::Ge => ordering != Ordering::Less,
        });
    }
    let equal = match (l, r) {
        (Val::Bool(a), Val::Bool(b)) => Some(a == b),
        (Val::Str(a), Val::Str(b)) => Some(a == b),
        // A bare name nobody declares on both sides: the left one is read
        // as an attribute no entity sets, so the comparison is unknown.
        (Val::Symbol(a, true), Val::Symbol(_, true)) => return Truth::Unknown(Reason::Missing(a)),
        (Val::Symbol(a, _), Val::Symbol(b, _)) => Some(a == b),
        (Val::Entity(a), Val::Entity(b)) => Some(a == b),
        (Val::Symbol(s, _), Val::Entity(e)) | (Val::Entity(e), Val::Symbol(s, _)) => {
            Some(model.id_of(e) == s)
        }
        (Val::Symbol(s, true), _) | (_, Val::Symbol(s, true)) => {
            return Truth::Unknown(Reason::Missing(s));
        }
        _ => None,
    };
    match (equal, op) {
        (Some(e), CmpOp::Eq) => Truth::from_bool(e),
        (Some(e), CmpOp::Ne) => Truth::from_bool(!e),
        _ => Truth::Unknown(Reason::Incomparable),
    }
}
