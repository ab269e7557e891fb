//! Compiling rules: resolving every name in a rule against the model
//! (SPEC §4 "Expressions"), checking types, and collecting rule metadata.

use std::sync::Arc;

use rustc_hash::FxHashMap;
use vakt_model::schema::{self, AttrType, Derived};
use vakt_model::{EntityRef, Model};
use vakt_syntax::ast::{self, BinOp, Expr, ExprKind, Kind, Path, RuleDecl, Statement};
use vakt_syntax::{Diagnostic, Severity, Span, did_you_mean};

use crate::finding::RuleInfo;
use crate::ir::{Access, Check, CmpOp, Ir, PathCheck, Quantified, Rule, ScopeKind, Step, Table};

/// Rule attributes and what they hold.
const RULE_ATTRS: [&str; 4] = ["severity", "cite", "help", "message"];

/// Compiled rules with their metadata; rules with errors are left out.
pub(crate) struct Compiled {
    pub rules: Vec<Rule>,
    pub infos: Vec<RuleInfo>,
}

/// Compiles every rule of the model.
pub(crate) fn compile(model: &Model, diagnostics: &mut Vec<Diagnostic>) -> Compiled {
    let mut seen: FxHashMap<&str, Span> = FxHashMap::default();
    let mut compiled = Compiled {
        rules: Vec::new(),
        infos: Vec::new(),
    };
    for decl in &model.rules {
        if let Some(&first) = seen.get(decl.id.as_str()) {
            diagnostics.push(
                Diagnostic::error(
                    "vakt::duplicate-rule",
                    format!("rule `{}` is declared twice", decl.id.text),
                )
                .with_label(decl.id.span, "declared again here")
                .with_label(first, "first declared here")
                .with_help(
                    "rule ids are unique across all loaded rules and packs; rename your rule",
                ),
            );
            continue;
        }
        seen.insert(decl.id.as_str(), decl.header);
        let mut c = Compiler {
            model,
            diagnostics,
            scopes: Vec::new(),
            lowest_scope: usize::MAX,
            tables: Vec::new(),
            failed: false,
        };
        let info = c.info(decl);
        let check = c.statement(decl);
        compiled.infos.push(info.clone());
        if let Some(check) = check
            && !c.failed
        {
            compiled.rules.push(Rule {
                id: info.id.clone(),
                severity: info.severity,
                message: info.message.clone(),
                header: info.header,
                check,
                tables: c.tables,
            });
        }
    }
    compiled
}

/// The static type of an expression, as far as it is known.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Ty {
    Bool,
    Int,
    Str,
    Duration,
    Date,
    Symbol,
    Entity(Kind),
    Set(ScopeKind),
    /// Custom attributes, open symbols: anything, decided when evaluated.
    Any,
}

impl Ty {
    fn describe(self) -> String {
        match self {
            Ty::Bool => "a boolean".into(),
            Ty::Int => "a number".into(),
            Ty::Str => "a string".into(),
            Ty::Duration => "a duration".into(),
            Ty::Date => "a date".into(),
            Ty::Symbol => "a name".into(),
            Ty::Entity(kind) => format!("{} {kind}", schema::article(kind)),
            Ty::Set(ScopeKind::Entity(kind)) => format!("a set of {}", schema::plural(kind)),
            Ty::Set(ScopeKind::Value) => "a list".into(),
            Ty::Any => "a value".into(),
        }
    }

    fn of(ty: AttrType) -> Ty {
        match ty {
            AttrType::Str | AttrType::Country => Ty::Str,
            AttrType::Bool => Ty::Bool,
            AttrType::Enum(_) | AttrType::Symbol(_) => Ty::Symbol,
            AttrType::Ref(kind) => Ty::Entity(kind),
            AttrType::RefList(kind) => Ty::Set(ScopeKind::Entity(kind)),
            AttrType::Retention { text: false } => Ty::Duration,
            AttrType::Retention { text: true } => Ty::Any,
            AttrType::Derived(d) => match d {
                Derived::From | Derived::To => Ty::Entity(Kind::System),
                Derived::Receives | Derived::Holds => Ty::Set(ScopeKind::Entity(Kind::Category)),
                Derived::Inflows | Derived::Outflows => Ty::Set(ScopeKind::Entity(Kind::Flow)),
                Derived::HeldBy => Ty::Set(ScopeKind::Entity(Kind::System)),
            },
        }
    }
}

/// A compiled operand: its form, type, and whether it is a known attribute
/// of symbol type (which makes the other side's bare names symbols).
struct Operand {
    ir: Ir,
    ty: Ty,
    symbolic: bool,
}

struct Compiler<'a> {
    model: &'a Model,
    diagnostics: &'a mut Vec<Diagnostic>,
    /// Kinds of the entities in scope: the subject, then quantifier elements.
    scopes: Vec<ScopeKind>,
    /// The outermost scope read since this was last reset.
    lowest_scope: usize,
    tables: Vec<Table>,
    failed: bool,
}

impl Compiler<'_> {
    fn error(&mut self, diagnostic: Diagnostic) {
        self.failed = true;
        self.diagnostics.push(diagnostic);
    }

    fn info(&mut self, decl: &RuleDecl) -> RuleInfo {
        let mut info = RuleInfo {
            id: decl.id.text.clone(),
            title: decl.title.as_ref().map(|t| t.value.to_string()),
            severity: Severity::Error,
            cite: None,
            help: None,
            message: None,
            header: decl.header,
            span: decl.span,
        };
        for attr in decl.attrs() {
            let name = attr.key.as_str();
            match (name, &attr.value) {
                ("severity", ast::Value::Name(n)) => match Severity::parse(n.as_str()) {
                    Some(s) => info.severity = s,
                    None => {
                        let suggestion = did_you_mean(n.as_str(), ["error", "warning", "info"]);
                        self.error(
                            Diagnostic::error(
                                "vakt::invalid-value",
                                format!("`{}` is not a valid `severity`", n.text),
                            )
                            .with_label(n.span, "expected `error`, `warning` or `info`")
                            .with_help(match suggestion {
                                Some(s) => format!("did you mean `{s}`?"),
                                None => {
                                    "`severity` is one of `error`, `warning` or `info`".to_owned()
                                }
                            }),
                        );
                    }
                },
                ("cite", ast::Value::Str(s)) => info.cite = Some(s.value.to_string()),
                ("help", ast::Value::Str(s)) => info.help = Some(s.value.to_string()),
                ("message", ast::Value::Str(s)) => info.message = Some(s.value.to_string()),
                ("severity" | "cite" | "help" | "message", value) => {
                    let expected = if name == "severity" {
                        "`error`, `warning` or `info`"
                    } else {
                        "a string"
                    };
                    self.error(
                        Diagnostic::error(
                            "vakt::wrong-type",
                            format!("`{name}` must be {expected}"),
                        )
                        .with_label(value.span(), format!("expected {expected}"))
                        .with_help(format!("write `{name} = …` with {expected}")),
                    );
                }
                _ => {
                    let help = match did_you_mean(name, RULE_ATTRS) {
                        Some(s) => format!("did you mean `{s}`?"),
                        None => {
                            "rules have the attributes `severity`, `cite`, `help` and `message`"
                                .to_owned()
                        }
                    };
                    self.diagnostics.push(
                        Diagnostic::warning(
                            "vakt::unknown-attribute",
                            format!("`{name}` is not a rule attribute"),
                        )
                        .with_label(attr.key.span, "ignored")
                        .with_help(help),
                    );
                }
            }
        }
        info
    }

    fn statement(&mut self, decl: &RuleDecl) -> Option<Check> {
        let mut statements = decl.statements();
        let Some(first) = statements.next() else {
            if !decl.recovered {
                self.error(
                    Diagnostic::error("vakt::missing-statement", format!("rule `{}` has no statement", decl.id.text))
                        .with_label(decl.header, "no `each` or `forbid` statement")
                        .with_help("add one statement: `each KIND where … must …`, `forbid KIND where …` or `forbid path from … to …`"),
                );
            }
            return None;
        };
        if let Some(second) = statements.next() {
            self.error(
                Diagnostic::error(
                    "vakt::extra-statement",
                    format!("rule `{}` has more than one statement", decl.id.text),
                )
                .with_label(second.span(), "a second statement")
                .with_label(first.span(), "the first statement")
                .with_help("a rule has exactly one statement; split it into two rules"),
            );
            return None;
        }
        Some(match first {
            Statement::Each {
                kind, filter, must, ..
            } => {
                self.scopes = vec![ScopeKind::Entity(*kind)];
                let filter = filter.as_ref().map(|f| self.condition(f, "where"));
                let must_ir = self.condition(must, "must");
                Check::Each {
                    kind: *kind,
                    filter,
                    must: must_ir,
                    must_span: must.span,
                }
            }
            Statement::Forbid {
                kind, condition, ..
            } => {
                self.scopes = vec![ScopeKind::Entity(*kind)];
                Check::Forbid {
                    kind: *kind,
                    condition: self.condition(condition, "where"),
                    condition_span: condition.span,
                }
            }
            Statement::ForbidPath {
                from,
                to,
                carrying,
                avoiding,
                ..
            } => {
                self.scopes = vec![ScopeKind::Entity(Kind::System)];
                let from = self.condition(from, "where");
                let to = self.condition(to, "where");
                let avoiding = avoiding.as_ref().map(|a| self.condition(a, "where"));
                self.scopes = vec![ScopeKind::Entity(Kind::Category)];
                let carrying = carrying.as_ref().map(|c| self.operand(c, false).ir);
                Check::Path(PathCheck {
                    from,
                    to,
                    carrying,
                    avoiding,
                })
            }
        })
    }

    /// An expression used as a condition: must be a truth value.
    fn condition(&mut self, expr: &Expr, role: &str) -> Ir {
        let operand = self.operand(expr, false);
        if !matches!(operand.ty, Ty::Bool | Ty::Any) {
            let help = match &expr.kind {
                ExprKind::Path(p) => format!(
                    "to test that the attribute is set, write `has {}`",
                    p.text()
                ),
                _ => "write a comparison, such as `zone.trust == closed`".to_owned(),
            };
            self.error(
                Diagnostic::error(
                    "vakt::not-a-condition",
                    format!(
                        "`{role}` needs a condition, found {}",
                        operand.ty.describe()
                    ),
                )
                .with_label(expr.span, "not true or false")
                .with_help(help),
            );
        }
        operand.ir
    }

    fn operand(&mut self, expr: &Expr, symbolic: bool) -> Operand {
        let plain = |ir: Ir, ty: Ty| Operand {
            ir,
            ty,
            symbolic: false,
        };
        match &expr.kind {
            ExprKind::Bool(b) => plain(Ir::Bool(*b), Ty::Bool),
            ExprKind::Int(n) => plain(Ir::Int(*n), Ty::Int),
            ExprKind::Str(s) => plain(Ir::Str(Arc::from(s.as_str())), Ty::Str),
            ExprKind::Duration(d) => plain(Ir::Duration(*d), Ty::Duration),
            ExprKind::Date(d) => plain(Ir::Date(*d), Ty::Date),
            ExprKind::Paren(inner) => self.operand(inner, symbolic),
            ExprKind::Path(path) => self.path_value(path, symbolic),
            ExprKind::List(items) => {
                let items = items.iter().map(|i| self.operand(i, symbolic).ir).collect();
                plain(Ir::List(items), Ty::Set(ScopeKind::Value))
            }
            ExprKind::Not(inner) => {
                let inner = self.condition(inner, "not");
                plain(Ir::Not(Box::new(inner)), Ty::Bool)
            }
            ExprKind::Binary(BinOp::And, l, r) => {
                let (l, r) = (self.condition(l, "and"), self.condition(r, "and"));
                plain(Ir::And(Box::new(l), Box::new(r)), Ty::Bool)
            }
            ExprKind::Binary(BinOp::Or, l, r) => {
                let (l, r) = (self.condition(l, "or"), self.condition(r, "or"));
                plain(Ir::Or(Box::new(l), Box::new(r)), Ty::Bool)
            }
            ExprKind::Binary(op, l, r) => self.comparison(*op, l, r, expr.span),
            ExprKind::Has(path) => plain(Ir::Has(self.access(path)), Ty::Bool),
            ExprKind::Quantified(q, set, predicate) => {
                self.quantified(*q, set, predicate.as_deref())
            }
        }
    }

    fn comparison(&mut self, op: BinOp, l: &Expr, r: &Expr, span: Span) -> Operand {
        let mut lhs = self.operand(l, false);
        let rhs = self.operand(r, lhs.symbolic);
        if rhs.symbolic && !lhs.symbolic {
            lhs = self.operand(l, true);
        }
        let ir = if op == BinOp::In {
            match rhs.ty {
                Ty::Set(ScopeKind::Entity(kind)) if !compatible(lhs.ty, Ty::Entity(kind)) => {
                    self.mismatch(
                        &format!(
                            "cannot look for {} in {}",
                            lhs.ty.describe(),
                            rhs.ty.describe()
                        ),
                        span,
                    );
                }
                Ty::Set(_) | Ty::Any => {}
                other => {
                    self.error(
                        Diagnostic::error(
                            "vakt::type-mismatch",
                            format!("`in` needs a list or a set, found {}", other.describe()),
                        )
                        .with_label(r.span, "not a list or set")
                        .with_help("write `x in [a, b]`, or `x in holds` for a set attribute"),
                    );
                }
            }
            if let Ir::List(items) = &rhs.ir {
                for (item, expr) in items.iter().zip(list_items(r)) {
                    let ty = static_type(item);
                    if !compatible(lhs.ty, ty) {
                        self.mismatch(
                            &format!(
                                "cannot compare {} with {}",
                                lhs.ty.describe(),
                                ty.describe()
                            ),
                            expr.span,
                        );
                    }
                }
            }
            Ir::In(Box::new(lhs.ir), Box::new(rhs.ir))
        } else {
            let cmp = match op {
                BinOp::Eq => CmpOp::Eq,
                BinOp::Ne => CmpOp::Ne,
                BinOp::Lt => CmpOp::Lt,
                BinOp::Le => CmpOp::Le,
                BinOp::Gt => CmpOp::Gt,
                _ => CmpOp::Ge,
            };
            if !compatible(lhs.ty, rhs.ty) {
                self.mismatch(
                    &format!(
                        "cannot compare {} with {}",
                        lhs.ty.describe(),
                        rhs.ty.describe()
                    ),
                    span,
                );
            } else if !matches!(cmp, CmpOp::Eq | CmpOp::Ne) {
                for ty in [lhs.ty, rhs.ty] {
                    if !matches!(ty, Ty::Int | Ty::Duration | Ty::Date | Ty::Any) {
                        self.mismatch(&format!("{} cannot be ordered", ty.describe()), span);
                        break;
                    }
                }
            }
            Ir::Compare(cmp, Box::new(lhs.ir), Box::new(rhs.ir))
        };
        Operand {
            ir,
            ty: Ty::Bool,
            symbolic: false,
        }
    }

    fn mismatch(&mut self, message: &str, span: Span) {
        self.error(
            Diagnostic::error("vakt::type-mismatch", message.to_owned())
                .with_label(span, "types do not match")
                .with_help("compare values of the same type: numbers with numbers, durations with durations, ids with ids of the same kind"),
        );
    }

    /// `S.any(X)` and friends.
    fn quantified(
        &mut self,
        quantifier: ast::Quantifier,
        set: &Path,
        predicate: Option<&Expr>,
    ) -> Operand {
        let (access, ty) = self.access_typed(set);
        let element = match ty {
            Ty::Set(element) => element,
            Ty::Any => ScopeKind::Value,
            other => {
                self.error(
                    Diagnostic::error("vakt::not-a-set", format!("`{}` is {}, not a set", set.text(), other.describe()))
                        .with_label(set.span, "not a set")
                        .with_help("`.any`, `.all` and `.none` apply to sets: stores, holds, receives, carries, subjects, inflows, outflows, held_by"),
                );
                ScopeKind::Value
            }
        };
        self.scopes.push(element);
        let depth = self.scopes.len() - 1;
        let outer_lowest = std::mem::replace(&mut self.lowest_scope, usize::MAX);
        let predicate = predicate.map(|p| self.operand(p, false).ir);
        let closed = self.lowest_scope >= depth;
        self.lowest_scope = self.lowest_scope.min(outer_lowest);
        self.scopes.pop();
        let table = match (&predicate, element) {
            (Some(p), ScopeKind::Entity(Kind::Category)) if closed => {
                self.tables.push(Table {
                    depth,
                    predicate: p.clone(),
                });
                Some(self.tables.len() - 1)
            }
            _ => None,
        };
        Operand {
            ir: Ir::Quantified(Box::new(Quantified {
                quantifier,
                set: access,
                predicate,
                table,
            })),
            ty: Ty::Bool,
            symbolic: false,
        }
    }

    /// A name's attribute in scope `scope`, if its kind has one by that name.
    fn attribute(&self, scope: ScopeKind, name: &str) -> Option<(Step, Ty, bool)> {
        let ScopeKind::Entity(kind) = scope else {
            return None;
        };
        if let Some(def) = schema::known(kind, name) {
            let step = match (kind, name, def.ty) {
                (_, _, AttrType::Derived(d)) => Step::Derived(d),
                (Kind::System, "stores", _) | (Kind::Flow, "carries", _) => Step::Categories,
                _ => Step::Attr(self.model.attr_names.get(name)?),
            };
            return Some((step, Ty::of(def.ty), def.ty.is_symbolic()));
        }
        let id = self.model.attr_names.get(name)?;
        self.model
            .has_custom(kind, id)
            .then_some((Step::Attr(id), Ty::Any, false))
    }

    /// Resolves a path as an attribute path (for `has`, sets).
    fn access(&mut self, path: &Path) -> Access {
        self.access_typed(path).0
    }

    fn access_typed(&mut self, path: &Path) -> (Access, Ty) {
        self.access_with(path).map_or_else(
            || {
                let scope = self.scopes.len().saturating_sub(1);
                self.note_scope(scope);
                (
                    Access {
                        scope,
                        steps: vec![Step::Absent],
                        texts: vec![path.text()],
                    },
                    Ty::Any,
                )
            },
            |(access, ty, _)| (access, ty),
        )
    }

    fn note_scope(&mut self, scope: usize) {
        self.lowest_scope = self.lowest_scope.min(scope);
    }

    /// Resolves `it…` or an attribute of an entity in scope (innermost first),
    /// then the remaining segments; `None` if the first segment is neither.
    fn access_with(&mut self, path: &Path) -> Option<(Access, Ty, bool)> {
        let first = path.segments.first()?;
        let (scope, mut steps, mut ty, mut symbolic) =
            if first.as_str() == "it" && self.scopes.len() > 1 {
                let scope = self.scopes.len() - 1;
                let ty = match self.scopes.get(scope) {
                    Some(ScopeKind::Entity(kind)) => Ty::Entity(*kind),
                    _ => Ty::Any,
                };
                (scope, Vec::new(), ty, false)
            } else {
                let (scope, (step, ty, symbolic)) = (0..self.scopes.len()).rev().find_map(|s| {
                    Some((s, self.attribute(*self.scopes.get(s)?, first.as_str())?))
                })?;
                (scope, vec![step], ty, symbolic)
            };
        self.note_scope(scope);
        let mut texts: Vec<String> = vec![first.text.to_string(); steps.len()];
        let mut text = first.text.to_string();
        for segment in path.segments.iter().skip(1) {
            text.push('.');
            text.push_str(segment.as_str());
            let next = match ty {
                Ty::Entity(kind) => self.attribute(ScopeKind::Entity(kind), segment.as_str()),
                Ty::Any => None,
                other => {
                    let at = Span::new(path.span.file, path.span.start, segment.span.end);
                    self.error(
                        Diagnostic::error("vakt::type-mismatch", format!("`{text}`: {} has no attributes", other.describe()))
                            .with_label(at, "no such attribute")
                            .with_help("only references to entities (zone, operator, controller, from, to, it) have attributes"),
                    );
                    None
                }
            };
            match next {
                Some((step, next_ty, next_symbolic)) => {
                    steps.push(step);
                    ty = next_ty;
                    symbolic = next_symbolic;
                }
                None => {
                    steps.push(Step::Absent);
                    ty = Ty::Any;
                    symbolic = false;
                }
            }
            texts.push(text.clone());
        }
        Some((
            Access {
                scope,
                steps,
                texts,
            },
            ty,
            symbolic,
        ))
    }

    /// A path used as a value: an attribute, a declared id, or a symbol.
    fn path_value(&mut self, path: &Path, symbolic: bool) -> Operand {
        let text = path.text();
        let single = path.segments.len() == 1;
        if symbolic && single && text != "it" {
            return Operand {
                ir: Ir::Symbol {
                    name: text.into(),
                    open: false,
                },
                ty: Ty::Any,
                symbolic: false,
            };
        }
        if !single && let Some(category) = self.model.lookup(Kind::Category, &text) {
            return Operand {
                ir: Ir::Entity(category),
                ty: Ty::Entity(Kind::Category),
                symbolic: false,
            };
        }
        if let Some((access, ty, symbolic)) = self.access_with(path) {
            if single && text != "it" {
                self.warn_ambiguous(path, &text);
            }
            return Operand {
                ir: Ir::Access(access),
                ty,
                symbolic,
            };
        }
        if single && let Some(entity) = self.declared(&text) {
            return Operand {
                ir: Ir::Entity(entity),
                ty: Ty::Entity(entity.kind),
                symbolic: false,
            };
        }
        if single && text == "permanent" {
            return Operand {
                ir: Ir::Permanent,
                ty: Ty::Duration,
                symbolic: false,
            };
        }
        if single {
            return Operand {
                ir: Ir::Symbol {
                    name: text.into(),
                    open: true,
                },
                ty: Ty::Any,
                symbolic: false,
            };
        }
        let (access, ty) = self.access_typed(path);
        Operand {
            ir: Ir::Access(access),
            ty,
            symbolic: false,
        }
    }

    /// The entity a bare id names; a category wins over other kinds.
    fn declared(&self, id: &str) -> Option<EntityRef> {
        self.model.lookup(Kind::Category, id).or_else(|| {
            self.model
                .kinds_declaring(id)
                .next()
                .and_then(|k| self.model.lookup(k, id))
        })
    }

    fn warn_ambiguous(&mut self, path: &Path, text: &str) {
        let Some(kind) = self.model.kinds_declaring(text).next() else {
            return;
        };
        self.diagnostics.push(
            Diagnostic::warning(
                "vakt::ambiguous-name",
                format!("`{text}` is both an attribute and a declared {kind}; it is read as the attribute"),
            )
            .with_label(path.span, "read as the attribute")
            .with_help(format!("rename the {kind}, or compare with `it` to mean the element")),
        );
    }
}

fn list_items(expr: &Expr) -> &[Expr] {
    match &expr.kind {
        ExprKind::List(items) => items,
        ExprKind::Paren(inner) => list_items(inner),
        _ => &[],
    }
}

/// The type of a compiled constant (for checking list items).
fn static_type(ir: &Ir) -> Ty {
    match ir {
        Ir::Bool(_) => Ty::Bool,
        Ir::Int(_) => Ty::Int,
        Ir::Str(_) => Ty::Str,
        Ir::Duration(_) | Ir::Permanent => Ty::Duration,
        Ir::Date(_) => Ty::Date,
        Ir::Entity(e) => Ty::Entity(e.kind),
        _ => Ty::Any,
    }
}

/// Whether values of the two types can be compared at all.
fn compatible(a: Ty, b: Ty) -> bool {
    match (a, b) {
        (Ty::Any, _) | (_, Ty::Any) => true,
        // A symbol (a trust level, a channel) may equal an id by its text.
        (Ty::Symbol, Ty::Entity(_)) | (Ty::Entity(_), Ty::Symbol) => true,
        _ => a == b,
    }
}
