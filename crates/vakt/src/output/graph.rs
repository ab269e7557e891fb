//! The data-flow graph of a model (`vakt graph`), as Graphviz DOT, Mermaid
//! or JSON.
//!
//! Zones are clusters (closed zones filled with a bold border, public zones
//! dashed), systems are nodes labelled with their display name and what
//! they hold (sensitive categories marked ⚠), and flows are edges labelled
//! with what they carry and their channel; flows of sensitive data are
//! drawn thicker. Systems and flows that are the subject of an unsuppressed
//! finding, or lie on its witness path, are red.
//!
//! With [`GraphOptions::category`], the graph keeps only the flows that
//! carry that category (or a descendant of it), the systems they connect,
//! and the systems that hold it.

mod dot;
mod json;
mod mermaid;

use std::collections::{BTreeMap, BTreeSet};

use vakt_model::{CatSet, Entity};
use vakt_syntax::ast::Kind;
use vakt_syntax::{Diagnostic, did_you_mean};

use crate::Outcome;
use crate::output::view::{View, open_findings};

pub use dot::render as dot;
pub use json::render as json;
pub use mermaid::render as mermaid;

/// The version of the graph's JSON format.
pub const VERSION: u32 = 1;

/// What to draw.
#[derive(Clone, Debug, Default)]
pub struct GraphOptions {
    /// Keep only flows that carry this category (or a descendant), and the
    /// systems they touch or that hold it.
    pub category: Option<String>,
}

/// A diagnostic when the options name a category the model does not declare.
pub fn check_options(outcome: &Outcome, options: &GraphOptions) -> Option<Diagnostic> {
    let name = options.category.as_deref()?;
    if outcome.model.lookup(Kind::Category, name).is_some() {
        return None;
    }
    let known = outcome
        .model
        .entities(Kind::Category)
        .iter()
        .map(|c| c.id.as_str());
    let help = match did_you_mean(name, known) {
        Some(id) => format!("did you mean `{id}`?"),
        None => "`--category` takes the id of a declared category".to_owned(),
    };
    Some(
        Diagnostic::error(
            "vakt::unknown-reference",
            format!("no category is named `{name}`"),
        )
        .with_help(help),
    )
}

/// A category as drawn.
struct Category<'a> {
    entity: &'a Entity,
    sensitive: bool,
}

/// A zone that contains drawn systems.
struct Zone<'a> {
    entity: &'a Entity,
    trust: Option<&'a str>,
    /// Indexes into [`Graph::nodes`].
    nodes: Vec<usize>,
}

/// A system as drawn.
struct Node<'a> {
    entity: &'a Entity,
    /// Index into [`Graph::zones`].
    zone: Option<usize>,
    holds: Vec<Category<'a>>,
    /// The display name of the party that controls it (another controller).
    controller: Option<&'a str>,
    /// Rules of open findings on it or with it on their witness path.
    findings: Vec<&'a str>,
}

/// A flow as drawn.
struct Edge<'a> {
    entity: &'a Entity,
    /// Index into [`Graph::nodes`].
    from: usize,
    /// Index into [`Graph::nodes`].
    to: usize,
    carries: Vec<Category<'a>>,
    channel: Option<&'a str>,
    encrypted: Option<bool>,
    sensitive: bool,
    /// Rules of open findings on it or with it on their witness path.
    findings: Vec<&'a str>,
}

/// What is drawn: the systems, flows and zones kept by the options, in
/// declaration order.
struct Graph<'a> {
    view: View<'a>,
    zones: Vec<Zone<'a>>,
    nodes: Vec<Node<'a>>,
    edges: Vec<Edge<'a>>,
}

impl<'a> Graph<'a> {
    fn new(outcome: &'a Outcome, options: &GraphOptions) -> Self {
        let view = View::new(outcome);
        let facts = &outcome.model.facts;
        let filter: Option<&CatSet> = options
            .category
            .as_deref()
            .and_then(|name| outcome.model.lookup(Kind::Category, name))
            .and_then(|c| outcome.model.categories.matches.get(c.idx()));
        let carries_wanted = |f: usize| match filter {
            None => true,
            Some(wanted) => facts.carries.get(f).is_some_and(|c| c.intersects(wanted)),
        };
        let kept_flows: Vec<usize> = (0..view.all(Kind::Flow).len())
            .filter(|&f| carries_wanted(f))
            .collect();
        let mut kept: BTreeSet<usize> = (0..view.all(Kind::System).len())
            .filter(|&s| match filter {
                None => true,
                Some(wanted) => facts.holds.get(s).is_some_and(|h| h.intersects(wanted)),
            })
            .collect();
        for &f in &kept_flows {
            kept.extend(
                view.endpoints(f)
                    .map(|(from, to)| [from, to])
                    .into_iter()
                    .flatten(),
            );
        }

        let zone_of = |s: usize| view.system(s).and_then(|e| view.reference_index(e, "zone"));
        let mut zones: Vec<Zone<'a>> = Vec::new();
        let mut graph_zone: Vec<Option<usize>> = vec![None; view.all(Kind::Zone).len()];
        let used: BTreeSet<usize> = kept.iter().filter_map(|&s| zone_of(s)).collect();
        for (z, entity) in view.all(Kind::Zone).iter().enumerate() {
            if used.contains(&z) {
                if let Some(slot) = graph_zone.get_mut(z) {
                    *slot = Some(zones.len());
                }
                zones.push(Zone {
                    entity,
                    trust: view.symbol(entity, "trust"),
                    nodes: Vec::new(),
                });
            }
        }

        let (flagged_systems, flagged_flows) = flagged(outcome);
        let category = |(c, entity): (u32, &'a Entity)| Category {
            entity,
            sensitive: view.sensitive(c),
        };
        let mut nodes: Vec<Node<'a>> = Vec::new();
        let mut node_of: Vec<Option<usize>> = vec![None; view.all(Kind::System).len()];
        for &s in &kept {
            let Some(entity) = view.system(s) else {
                continue;
            };
            let zone = zone_of(s).and_then(|z| graph_zone.get(z).copied().flatten());
            if let Some(z) = zone.and_then(|z| zones.get_mut(z)) {
                z.nodes.push(nodes.len());
            }
            if let Some(slot) = node_of.get_mut(s) {
                *slot = Some(nodes.len());
            }
            nodes.push(Node {
                entity,
                zone,
                holds: view.holds(s).into_iter().map(category).collect(),
                controller: view
                    .reference(entity, "controller")
                    .map(Entity::display_name),
                findings: flagged_systems.rules(&entity.id),
            });
        }

        let node = |s: usize| node_of.get(s).copied().flatten();
        let edges = kept_flows
            .iter()
            .filter_map(|&f| {
                let entity = view.all(Kind::Flow).get(f)?;
                let (from, to) = view.endpoints(f)?;
                let carries: Vec<Category<'a>> =
                    view.carries(f).into_iter().map(category).collect();
                Some(Edge {
                    entity,
                    from: node(from)?,
                    to: node(to)?,
                    sensitive: carries.iter().any(|c| c.sensitive),
                    carries,
                    channel: view.symbol(entity, "channel"),
                    encrypted: view.boolean(entity, "encrypted"),
                    findings: flagged_flows.rules(&entity.id),
                })
            })
            .collect();
        Graph {
            view,
            zones,
            nodes,
            edges,
        }
    }

    /// The system of a node index.
    fn node(&self, n: usize) -> Option<&Node<'a>> {
        self.nodes.get(n)
    }
}

/// Rule ids by entity id, each rule once, in the order of the findings.
#[derive(Default)]
struct Flags<'a>(BTreeMap<&'a str, Vec<&'a str>>);

impl<'a> Flags<'a> {
    fn add(&mut self, id: &'a str, rule: &'a str) {
        let rules = self.0.entry(id).or_default();
        if !rules.contains(&rule) {
            rules.push(rule);
        }
    }

    fn rules(&self, id: &str) -> Vec<&'a str> {
        self.0.get(id).cloned().unwrap_or_default()
    }
}

/// The systems and flows each open finding is about, or passes through.
fn flagged(outcome: &Outcome) -> (Flags<'_>, Flags<'_>) {
    let mut systems = Flags::default();
    let mut flows = Flags::default();
    for finding in open_findings(outcome) {
        let rule = finding.rule.as_str();
        match finding.subject.kind {
            "system" => systems.add(&finding.subject.id, rule),
            "flow" => flows.add(&finding.subject.id, rule),
            _ => {}
        }
        for system in finding.path.iter().flatten() {
            systems.add(system, rule);
        }
        for hop in &finding.hops {
            flows.add(&hop.flow, rule);
        }
    }
    (systems, flows)
}

/// The text of category names with sensitive ones marked, `per_line` to a line.
fn category_lines(categories: &[Category<'_>], per_line: usize) -> Vec<String> {
    categories
        .chunks(per_line.max(1))
        .map(|chunk| {
            chunk
                .iter()
                .map(|c| {
                    if c.sensitive {
                        format!("{} ⚠", c.entity.id)
                    } else {
                        c.entity.id.to_string()
                    }
                })
                .collect::<Vec<_>>()
                .join(", ")
        })
        .collect()
}

/// An edge's channel and encryption, as one line (`https, encrypted`).
fn transport(edge: &Edge<'_>) -> Option<String> {
    let mut parts: Vec<&str> = Vec::new();
    if let Some(channel) = edge.channel {
        parts.push(channel);
    }
    match edge.encrypted {
        Some(true) => parts.push("encrypted"),
        Some(false) => parts.push("unencrypted"),
        None => {}
    }
    (!parts.is_empty()).then(|| parts.join(", "))
}

#[cfg(test)]
mod tests;
