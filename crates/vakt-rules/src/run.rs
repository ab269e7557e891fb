//! Running compiled rules over the model.

use smol_str::SmolStr;
use vakt_model::{EntityRef, Model, Threads};
use vakt_syntax::ast::Kind;

use crate::eval::{Ctx, Truth};
use crate::finding::{Finding, Hop, Subject};
use crate::ir::{Check, PathCheck, Rule};
use crate::message::{self, Parts};
use crate::path::{Search, Witness};

/// Models with fewer entities than this are checked on one thread: a
/// second would cost about what it saves. (Unit tests split any model.)
const MIN_PARALLEL: usize = if cfg!(test) { 2 } else { 100_000 };

/// Runs every rule; returns the findings rule by rule, in the rules' order,
/// and each rule's in entity order. The `each` and `forbid` rules over one
/// kind run together, entity by entity: a large model's entities are read
/// from memory once, not once per rule. With two threads each takes half
/// of every kind's entities; their findings are joined in entity order.
pub(crate) fn run_all(model: &Model, rules: &[Rule], threads: Threads) -> Vec<Finding> {
    let entities: usize = Kind::ALL.iter().map(|&k| model.entities(k).len()).sum();
    let (mut first, second) = if threads == Threads::Two && entities >= MIN_PARALLEL {
        std::thread::scope(|scope| {
            let second = std::thread::Builder::new()
                .name("vakt-rules".to_owned())
                .spawn_scoped(scope, || run_part(model, rules, 1, 2));
            match second {
                Ok(second) => {
                    let first = run_part(model, rules, 0, 2);
                    // Should the thread have failed, its half is run here.
                    let second = second
                        .join()
                        .unwrap_or_else(|_| run_part(model, rules, 1, 2));
                    (first, Some(second))
                }
                Err(_) => (run_part(model, rules, 0, 1), None),
            }
        })
    } else {
        (run_part(model, rules, 0, 1), None)
    };
    if let Some(second) = second {
        first.append(second);
    }
    let Part { mut per_rule, ends } = first;
    for mut ends in ends {
        if let Some(findings) = per_rule.get_mut(ends.slot) {
            paths(model, &mut ends, findings);
        }
    }
    per_rule.into_iter().flatten().collect()
}

/// What running the rules over a share of the entities found: each rule's
/// findings, and the path rules' ends among its systems.
struct Part<'a> {
    per_rule: Vec<Vec<Finding>>,
    ends: Vec<PathEnds<'a>>,
}

impl Part<'_> {
    /// Adds the findings and ends of the share that follows this one.
    fn append(&mut self, next: Part<'_>) {
        for (mine, theirs) in self.per_rule.iter_mut().zip(next.per_rule) {
            mine.extend(theirs);
        }
        for (mine, theirs) in self.ends.iter_mut().zip(next.ends) {
            mine.starts.extend(theirs.starts);
            mine.targets.extend(theirs.targets);
            mine.blocks.extend(theirs.blocks);
        }
    }
}

/// Runs the rules over share `part` of `parts` of each kind's entities.
fn run_part<'a>(model: &'a Model, rules: &'a [Rule], part: u32, parts: u32) -> Part<'a> {
    let mut per_rule: Vec<Vec<Finding>> = rules.iter().map(|_| Vec::new()).collect();
    // Path rules' ends are conditions on systems: met in the same pass.
    let mut ends: Vec<PathEnds<'_>> = rules
        .iter()
        .enumerate()
        .filter_map(|(slot, rule)| PathEnds::new(model, rule, slot))
        .collect();
    for kind in Kind::ALL {
        let mut runners: Vec<Runner<'_>> = rules
            .iter()
            .enumerate()
            .filter_map(|(slot, rule)| Runner::new(model, rule, kind, slot))
            .collect();
        let path_ends = if kind == Kind::System {
            ends.as_mut_slice()
        } else {
            &mut []
        };
        if runners.is_empty() && path_ends.is_empty() {
            continue;
        }
        let n = u64::from(count(model, kind));
        let share = |p: u32| u32::try_from(n * u64::from(p) / u64::from(parts.max(1))).unwrap_or(0);
        for index in share(part)..share(part + 1) {
            let subject = EntityRef::new(kind, index);
            for ends in path_ends.iter_mut() {
                ends.meet(subject);
            }
            for runner in &mut runners {
                if let Some(finding) = runner.check(model, subject)
                    && let Some(findings) = per_rule.get_mut(runner.slot)
                {
                    findings.push(finding);
                }
            }
        }
    }
    Part { per_rule, ends }
}

/// The systems a path rule's search starts from, may end at, and must not
/// pass through.
struct PathEnds<'a> {
    slot: usize,
    rule: &'a Rule,
    check: &'a PathCheck,
    ctx: Ctx<'a>,
    starts: Vec<bool>,
    targets: Vec<bool>,
    blocks: Vec<bool>,
}

impl<'a> PathEnds<'a> {
    fn new(model: &'a Model, rule: &'a Rule, slot: usize) -> Option<Self> {
        let Check::Path(check) = &rule.check else {
            return None;
        };
        let systems = count(model, Kind::System) as usize;
        Some(PathEnds {
            slot,
            rule,
            check,
            ctx: Ctx::new(model, &rule.tables),
            starts: Vec::with_capacity(systems),
            targets: Vec::with_capacity(systems),
            blocks: Vec::with_capacity(systems),
        })
    }

    /// Records which ends `system` is (unknown counts as not meeting a
    /// condition).
    fn meet(&mut self, system: EntityRef) {
        let check = self.check;
        let mut meets = |condition| self.ctx.truth_of(condition, system) == Truth::True;
        let start = meets(&check.from);
        let target = meets(&check.to);
        let block = check.avoiding.as_ref().is_some_and(&mut meets);
        self.starts.push(start);
        self.targets.push(target);
        self.blocks.push(block);
    }
}

/// An `each` or `forbid` rule being run over the entities of its kind.
struct Runner<'a> {
    slot: usize,
    rule: &'a Rule,
    ctx: Ctx<'a>,
    /// The source text of the `must` or `forbid` condition, for messages.
    text: String,
}

impl<'a> Runner<'a> {
    /// A runner for `rule` if it is an `each` or `forbid` over `kind`.
    fn new(model: &'a Model, rule: &'a Rule, kind: Kind, slot: usize) -> Option<Self> {
        let span = match &rule.check {
            Check::Each {
                kind: k, must_span, ..
            } if *k == kind => *must_span,
            Check::Forbid {
                kind: k,
                condition_span,
                ..
            } if *k == kind => *condition_span,
            _ => return None,
        };
        Some(Runner {
            slot,
            rule,
            ctx: Ctx::new(model, &rule.tables),
            text: message::source(model, span),
        })
    }

    /// The finding of the rule on `subject`, if any.
    fn check(&mut self, model: &Model, subject: EntityRef) -> Option<Finding> {
        let kind = subject.kind;
        let ctx = &mut self.ctx;
        match &self.rule.check {
            Check::Each { filter, must, .. } => {
                if let Some(filter) = filter
                    && ctx.truth_of(filter, subject) != Truth::True
                {
                    return None;
                }
                let truth = ctx.truth_of(must, subject);
                if truth == Truth::True {
                    return None;
                }
                let (reason, missing) = message::why_not(ctx, must, truth, &self.text);
                let id = model.id_of(subject);
                let default = message::sentence(&message::subject(kind.keyword(), id), &reason);
                Some(finding(model, self.rule, subject, reason, default, missing))
            }
            Check::Forbid { condition, .. } => {
                if ctx.truth_of(condition, subject) != Truth::True {
                    return None;
                }
                let reason = format!("meets `{}`", self.text);
                let default = message::sentence(
                    &message::subject(kind.keyword(), model.id_of(subject)),
                    &reason,
                );
                Some(finding(model, self.rule, subject, reason, default, None))
            }
            Check::Path(_) => None,
        }
    }
}

fn count(model: &Model, kind: Kind) -> u32 {
    u32::try_from(model.entities(kind).len()).unwrap_or(u32::MAX)
}

fn finding(
    model: &Model,
    rule: &Rule,
    subject: EntityRef,
    reason: String,
    default: String,
    missing: Option<&str>,
) -> Finding {
    let entity = model.entity(subject);
    let id = model.id_of(subject);
    let parts = Parts {
        kind: subject.kind.keyword(),
        id,
        category: None,
        path: None,
        reason,
    };
    Finding {
        rule: rule.id.clone(),
        severity: rule.severity,
        message: message::render(rule.message.as_deref(), &parts, default, missing),
        subject: Subject {
            kind: subject.kind.keyword(),
            id: id.into(),
            span: entity.map(|e| e.header).unwrap_or_default(),
        },
        category: None,
        path: None,
        hops: Vec::new(),
        rule_span: rule.header,
        suppressed: None,
        expired: None,
    }
}

fn paths<'a>(model: &'a Model, ends: &mut PathEnds<'a>, findings: &mut Vec<Finding>) {
    let (rule, check) = (ends.rule, ends.check);
    let (starts, targets, blocks) = (&ends.starts, &ends.targets, &ends.blocks);
    let ctx = &mut ends.ctx;
    let mut search = Search::new(model);
    let start_list: Vec<u32> = (0..count(model, Kind::System))
        .filter(|&s| starts.get(s as usize).copied().unwrap_or(false))
        .collect();
    let Some(carrying) = &check.carrying else {
        for witness in search.run(start_list.iter().copied(), |_| true, targets, blocks) {
            findings.push(path_finding(model, rule, &witness, None));
        }
        return;
    };
    for c in 0..count(model, Kind::Category) {
        if ctx.pattern_truth(carrying, EntityRef::new(Kind::Category, c)) != Truth::True {
            continue;
        }
        let Some(related) = model.categories.related.get(c as usize) else {
            continue;
        };
        let holders = start_list.iter().copied().filter(|&s| {
            model
                .facts
                .holds
                .get(s as usize)
                .is_some_and(|h| h.intersects(related))
        });
        let carries_c = |flow: u32| {
            model
                .facts
                .carries
                .get(flow as usize)
                .is_some_and(|set| set.contains(c))
        };
        for witness in search.run(holders, carries_c, targets, blocks) {
            findings.push(path_finding(model, rule, &witness, Some(c)));
        }
    }
}

fn path_finding(model: &Model, rule: &Rule, witness: &Witness, category: Option<u32>) -> Finding {
    let system_id = |s: u32| -> SmolStr { model.id_of(EntityRef::new(Kind::System, s)).into() };
    let systems: Vec<SmolStr> = witness.systems.iter().map(|&s| system_id(s)).collect();
    let hops: Vec<Hop> = witness
        .flows
        .iter()
        .filter_map(|&f| {
            let flow = model.entity(EntityRef::new(Kind::Flow, f))?;
            let ends = model.endpoints.get(f as usize)?;
            Some(Hop {
                flow: flow.id.clone(),
                from: system_id(ends.from),
                to: system_id(ends.to),
                span: flow.header,
            })
        })
        .collect();
    let target = EntityRef::new(Kind::System, witness.target);
    let target_id = model.id_of(target);
    let origin = systems.first().cloned().unwrap_or_default();
    let category_id: Option<SmolStr> =
        category.map(|c| model.id_of(EntityRef::new(Kind::Category, c)).into());
    let path_text = systems
        .iter()
        .map(SmolStr::as_str)
        .collect::<Vec<_>>()
        .join(" → ");
    let reason = match &category_id {
        Some(c) => format!("`{c}` reaches it from `{origin}` along {path_text}"),
        None => format!("it is reachable from `{origin}` along {path_text}"),
    };
    let default = match &category_id {
        Some(c) => format!("`{c}` reaches system `{target_id}` from `{origin}` along {path_text}"),
        None => format!("system `{target_id}` is reachable from `{origin}` along {path_text}"),
    };
    let parts = Parts {
        kind: "system",
        id: target_id,
        category: category_id.as_deref(),
        path: Some(path_text.clone()),
        reason,
    };
    Finding {
        rule: rule.id.clone(),
        severity: rule.severity,
        message: message::render(rule.message.as_deref(), &parts, default, None),
        subject: Subject {
            kind: "system",
            id: target_id.into(),
            span: model.entity(target).map(|e| e.header).unwrap_or_default(),
        },
        category: category_id,
        path: Some(systems),
        hops,
        rule_span: rule.header,
        suppressed: None,
        expired: None,
    }
}
