//! The data-flow graph and the derived facts of SPEC §3.

use petgraph::graph::{DiGraph, NodeIndex};
use vakt_syntax::ast::Kind;

use crate::catset::CatSet;
use crate::model::{AttrId, AttrNames, Categories, Endpoints, Entity};
use crate::value::Value;

/// What vakt derives before rules run.
#[derive(Debug, Default)]
pub struct Facts {
    /// Systems as nodes and flows as edges, in index order: node `i` is
    /// system `i` and edge `f` is flow `f`, so they carry no weights.
    pub graph: DiGraph<(), (), u32>,
    /// What each system stores.
    pub stores: Vec<CatSet>,
    /// What each flow carries.
    pub carries: Vec<CatSet>,
    /// Categories that reach each system through flows.
    pub receives: Vec<CatSet>,
    /// `stores ∪ receives` of each system.
    pub holds: Vec<CatSet>,
    /// Systems holding each category or a descendant of it, in index order:
    /// derived on first use ([`crate::Model::held_by`]), as few rules ask.
    pub(crate) held_by: std::sync::OnceLock<Vec<Vec<u32>>>,
    out_start: Vec<u32>,
    out_flows: Vec<u32>,
    in_start: Vec<u32>,
    in_flows: Vec<u32>,
}

impl Facts {
    /// Derives the facts of a model's systems, flows and categories.
    pub(crate) fn derive(
        entities: &[Vec<Entity>],
        endpoints: &[Endpoints],
        categories: &Categories,
        attr_names: &AttrNames,
        recorded: Option<(Vec<CatSet>, Vec<CatSet>)>,
    ) -> Facts {
        let systems = entities
            .get(Kind::System.index())
            .map_or(&[][..], Vec::as_slice);
        let flows = entities
            .get(Kind::Flow.index())
            .map_or(&[][..], Vec::as_slice);
        let category_count = categories.parent.len();
        let set_of = |entity: &Entity, id: Option<AttrId>| -> CatSet {
            match id.and_then(|id| entity.get(id)) {
                Some(Value::Categories(set)) => set.clone(),
                _ => CatSet::with_len(category_count),
            }
        };
        let (stores_id, carries_id) = (attr_names.get("stores"), attr_names.get("carries"));
        let (stores, carries) = match recorded {
            Some((mut stores, mut carries)) => {
                // Entities without the attribute get an empty set sized
                // like the others, as `set_of` gives them.
                for set in stores.iter_mut().chain(&mut carries) {
                    if set.is_empty() {
                        *set = CatSet::with_len(category_count);
                    }
                }
                (stores, carries)
            }
            None => (
                systems.iter().map(|s| set_of(s, stores_id)).collect(),
                flows.iter().map(|f| set_of(f, carries_id)).collect(),
            ),
        };

        let mut graph = DiGraph::with_capacity(systems.len(), endpoints.len());
        for _ in systems {
            graph.add_node(());
        }
        for e in endpoints {
            graph.add_edge(
                NodeIndex::new(e.from as usize),
                NodeIndex::new(e.to as usize),
                (),
            );
        }
        let (out_start, out_flows) = adjacency(systems.len(), endpoints, |e| e.from);
        let (in_start, in_flows) = adjacency(systems.len(), endpoints, |e| e.to);

        let holds = least_fixed_point(&graph, &stores, &carries, categories);
        let receives = received(systems.len(), endpoints, &holds, &carries, categories);
        Facts {
            graph,
            stores,
            carries,
            receives,
            holds,
            held_by: std::sync::OnceLock::new(),
            out_start,
            out_flows,
            in_start,
            in_flows,
        }
    }

    /// Only the flows in and out of each system, without category sets (for
    /// a model too large to derive them: flows still get their ids).
    pub(crate) fn adjacency_only(systems: usize, endpoints: &[Endpoints]) -> Facts {
        let (out_start, out_flows) = adjacency(systems, endpoints, |e| e.from);
        let (in_start, in_flows) = adjacency(systems, endpoints, |e| e.to);
        Facts {
            out_start,
            out_flows,
            in_start,
            in_flows,
            ..Facts::default()
        }
    }

    /// The flows out of a system, in declaration order.
    pub fn outflows(&self, system: u32) -> &[u32] {
        slice(&self.out_start, &self.out_flows, system)
    }

    /// The flows into a system, in declaration order.
    pub fn inflows(&self, system: u32) -> &[u32] {
        slice(&self.in_start, &self.in_flows, system)
    }
}

fn slice<'a>(start: &[u32], items: &'a [u32], node: u32) -> &'a [u32] {
    let i = node as usize;
    match (start.get(i), start.get(i + 1)) {
        (Some(&a), Some(&b)) => items.get(a as usize..b as usize).unwrap_or(&[]),
        _ => &[],
    }
}

/// Flows grouped by one endpoint (counting sort, so each group keeps
/// declaration order): `start[s]..start[s + 1]` indexes `flows`.
fn adjacency(
    nodes: usize,
    endpoints: &[Endpoints],
    key: impl Fn(&Endpoints) -> u32,
) -> (Vec<u32>, Vec<u32>) {
    let mut start = vec![0u32; nodes + 1];
    for e in endpoints {
        if let Some(c) = start.get_mut(key(e) as usize + 1) {
            *c += 1;
        }
    }
    for i in 1..start.len() {
        let before = start.get(i - 1).copied().unwrap_or(0);
        if let Some(c) = start.get_mut(i) {
            *c += before;
        }
    }
    let mut fill = start.clone();
    let mut flows = vec![0u32; endpoints.len()];
    for (f, e) in endpoints.iter().enumerate() {
        if let Some(slot) = fill.get_mut(key(e) as usize) {
            if let Some(place) = flows.get_mut(*slot as usize) {
                *place = u32::try_from(f).unwrap_or(u32::MAX);
            }
            *slot += 1;
        }
    }
    (start, flows)
}

/// `holds`, as the least fixed point: a flow delivers a category it carries
/// to its target only once its source holds that category, an ancestor or
/// a descendant of it. A worklist of systems with newly held categories
/// visits each system at most once per category it gains.
fn least_fixed_point(
    graph: &DiGraph<(), (), u32>,
    stores: &[CatSet],
    carries: &[CatSet],
    categories: &Categories,
) -> Vec<CatSet> {
    let mut holds: Vec<CatSet> = stores.to_vec();
    let mut pending: Vec<CatSet> = stores.to_vec();
    let mut queued: Vec<bool> = stores.iter().map(|s| !s.is_empty()).collect();
    let mut queue: std::collections::VecDeque<u32> = (0..stores.len())
        .filter(|&s| queued.get(s).copied().unwrap_or(false))
        .filter_map(|s| u32::try_from(s).ok())
        .collect();
    while let Some(system) = queue.pop_front() {
        let s = system as usize;
        if let Some(q) = queued.get_mut(s) {
            *q = false;
        }
        let new = pending.get_mut(s).map(std::mem::take).unwrap_or_default();
        // Categories a flow out of here may now deliver.
        let mut deliverable = CatSet::default();
        for c in new.iter() {
            if let Some(r) = categories.related.get(c as usize) {
                deliverable.union_with(r);
            }
        }
        for edge in graph.edges(NodeIndex::new(s)) {
            use petgraph::visit::EdgeRef;
            let target = edge.target().index();
            let Some(carried) = carries.get(edge.id().index()) else {
                continue;
            };
            let Some(held) = holds.get(target) else {
                continue;
            };
            let arriving = carried.intersection_without(&deliverable, held);
            if arriving.is_empty() {
                continue;
            }
            if let Some(h) = holds.get_mut(target) {
                h.union_with(&arriving);
            }
            if let Some(p) = pending.get_mut(target) {
                p.union_with(&arriving);
            }
            if let Some(q) = queued.get_mut(target)
                && !*q
            {
                *q = true;
                queue.push_back(u32::try_from(target).unwrap_or(u32::MAX));
            }
        }
    }
    holds
}

/// `receives`: what flows deliver to each system, once `holds` is known.
fn received(
    systems: usize,
    endpoints: &[Endpoints],
    holds: &[CatSet],
    carries: &[CatSet],
    categories: &Categories,
) -> Vec<CatSet> {
    let mut receives = vec![CatSet::default(); systems];
    for (f, e) in endpoints.iter().enumerate() {
        let (Some(source), Some(carried)) = (holds.get(e.from as usize), carries.get(f)) else {
            continue;
        };
        for c in carried.iter() {
            let delivered = categories
                .related
                .get(c as usize)
                .is_some_and(|r| r.intersects(source));
            if delivered && let Some(r) = receives.get_mut(e.to as usize) {
                r.insert(c);
            }
        }
    }
    receives
}

/// `held_by`: for each category, the systems holding it or a descendant.
pub(crate) fn held_by(holds: &[CatSet], categories: &Categories) -> Vec<Vec<u32>> {
    let mut held_by: Vec<Vec<u32>> = vec![Vec::new(); categories.parent.len()];
    for (s, held) in holds.iter().enumerate() {
        let s = u32::try_from(s).unwrap_or(u32::MAX);
        for c in held.iter() {
            for a in std::iter::once(c).chain(categories.ancestors(c)) {
                if let Some(list) = held_by.get_mut(a as usize)
                    && list.last() != Some(&s)
                {
                    list.push(s);
                }
            }
        }
    }
    held_by
}
