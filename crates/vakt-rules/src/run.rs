//! Running compiled rules over the model.

use smol_str::SmolStr;
use vakt_model::{EntityRef, Model};
use vakt_syntax::ast::Kind;

use crate::eval::{Ctx, Truth};
use crate::finding::{Finding, Hop, Subject};
use crate::ir::{Check, PathCheck, Rule};
use crate::message::{self, Parts};
use crate::path::{Search, Witness};

/// Runs one rule and appends its findings.
pub(crate) fn run(model: &Model, rule: &Rule, findings: &mut Vec<Finding>) {
    let mut ctx = Ctx::new(model, &rule.tables);
    match &rule.check {
        Check::Each {
            kind,
            filter,
            must,
            must_span,
        } => {
            let must_text = message::source(model, *must_span);
            for index in 0..count(model, *kind) {
                let subject = EntityRef::new(*kind, index);
                if let Some(filter) = filter
                    && ctx.truth_of(filter, subject) != Truth::True
                {
                    continue;
                }
                let truth = ctx.truth_of(must, subject);
                if truth == Truth::True {
                    continue;
                }
                let (reason, missing) = message::why_not(&mut ctx, must, truth, &must_text);
                let id = model.id_of(subject);
                let default = message::sentence(&message::subject(kind.keyword(), id), &reason);
                findings.push(finding(model, rule, subject, reason, default, missing));
            }
        }
        Check::Forbid {
            kind,
            condition,
            condition_span,
        } => {
            let text = message::source(model, *condition_span);
            for index in 0..count(model, *kind) {
                let subject = EntityRef::new(*kind, index);
                if ctx.truth_of(condition, subject) != Truth::True {
                    continue;
                }
                let reason = format!("meets `{text}`");
                let default = message::sentence(
                    &message::subject(kind.keyword(), model.id_of(subject)),
                    &reason,
                );
                findings.push(finding(model, rule, subject, reason, default, None));
            }
        }
        Check::Path(check) => paths(model, rule, check, &mut ctx, findings),
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

/// Which systems meet a condition (unknown counts as not meeting it).
fn systems_meeting<'a>(
    ctx: &mut Ctx<'a>,
    model: &Model,
    condition: &'a crate::ir::Ir,
) -> Vec<bool> {
    (0..count(model, Kind::System))
        .map(|s| ctx.truth_of(condition, EntityRef::new(Kind::System, s)) == Truth::True)
        .collect()
}

fn paths<'a>(
    model: &'a Model,
    rule: &'a Rule,
    check: &'a PathCheck,
    ctx: &mut Ctx<'a>,
    findings: &mut Vec<Finding>,
) {
    let starts = systems_meeting(ctx, model, &check.from);
    let targets = systems_meeting(ctx, model, &check.to);
    let blocks = match &check.avoiding {
        Some(avoiding) => systems_meeting(ctx, model, avoiding),
        None => vec![false; targets.len()],
    };
    let mut search = Search::new(model);
    let start_list: Vec<u32> = (0..count(model, Kind::System))
        .filter(|&s| starts.get(s as usize).copied().unwrap_or(false))
        .collect();
    let Some(carrying) = &check.carrying else {
        for witness in search.run(start_list.iter().copied(), |_| true, &targets, &blocks) {
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
        for witness in search.run(holders, carries_c, &targets, &blocks) {
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
