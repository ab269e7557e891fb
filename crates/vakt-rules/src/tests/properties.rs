//! Property tests on generated models: random systems in random zones,
//! categories with a random parent forest and sensitivity, flows with
//! random carries.
//!
//! The properties compare the engine with a small reference written from
//! the SPEC (§3 least fixed point, §4 path semantics) and check that the
//! result does not depend on declaration order or on the run.

use std::collections::{BTreeMap, BTreeSet, VecDeque};

use proptest::prelude::*;
use proptest::sample::Index;
use proptest::test_runner::Config;
use vakt_model::Model;
use vakt_syntax::ast::Kind;

use super::{ALL_PACKS, Run, run};
use crate::Finding;

const TRUST: [&str; 4] = ["closed", "internal", "external", "public"];

#[derive(Clone, Debug)]
struct Category {
    parent: Option<usize>,
    sensitive: Option<bool>,
}

#[derive(Clone, Debug)]
struct System {
    zone: usize,
    stores: BTreeSet<usize>,
    idporten: bool,
}

#[derive(Clone, Debug)]
struct Flow {
    from: usize,
    to: usize,
    carries: BTreeSet<usize>,
}

/// A generated model.
#[derive(Clone, Debug)]
struct Gen {
    /// The trust of each zone (index into [`TRUST`]).
    zones: Vec<usize>,
    categories: Vec<Category>,
    systems: Vec<System>,
    flows: Vec<Flow>,
}

fn pick(index: &Index, len: usize) -> usize {
    index.index(len)
}

fn set(indexes: &[Index], len: usize) -> BTreeSet<usize> {
    indexes.iter().map(|i| pick(i, len)).collect()
}

fn model() -> impl Strategy<Value = Gen> {
    // Every trust level once, then a few more zones of random trust.
    let zones = prop::collection::vec(0..TRUST.len(), 0..=2).prop_map(|extra| {
        let mut zones: Vec<usize> = (0..TRUST.len()).collect();
        zones.extend(extra);
        zones
    });
    let categories = prop::collection::vec(
        (
            prop::option::weighted(0.6, any::<Index>()),
            prop::option::weighted(0.7, prop::bool::weighted(0.7)),
        ),
        1..=4,
    );
    let systems = prop::collection::vec(
        (
            any::<Index>(),
            prop::collection::vec(any::<Index>(), 0..=3),
            prop::bool::weighted(0.25),
        ),
        2..=6,
    );
    let flows = prop::collection::vec(
        (
            any::<Index>(),
            any::<Index>(),
            prop::collection::vec(any::<Index>(), 0..=3),
        ),
        0..=24,
    );
    (zones, categories, systems, flows).prop_map(|(zones, categories, systems, flows)| {
        let categories: Vec<Category> = categories
            .into_iter()
            .enumerate()
            .map(|(i, (parent, sensitive))| Category {
                // A parent among the earlier categories: a forest.
                parent: parent.filter(|_| i > 0).map(|p| pick(&p, i)),
                sensitive,
            })
            .collect();
        let n_cat = categories.len();
        let systems: Vec<System> = systems
            .into_iter()
            .map(|(zone, stores, idporten)| System {
                zone: pick(&zone, zones.len()),
                stores: set(&stores, n_cat),
                idporten,
            })
            .collect();
        let n_sys = systems.len();
        let flows = flows
            .into_iter()
            .map(|(from, to, carries)| Flow {
                from: pick(&from, n_sys),
                to: pick(&to, n_sys),
                carries: set(&carries, n_cat),
            })
            .collect();
        Gen {
            zones,
            categories,
            systems,
            flows,
        }
    })
}

fn list(prefix: &str, items: &BTreeSet<usize>) -> String {
    items
        .iter()
        .map(|i| format!("{prefix}{i}"))
        .collect::<Vec<_>>()
        .join(", ")
}

impl Gen {
    /// One declaration per line; every flow is named, so reordering keeps
    /// the ids.
    fn lines(&self) -> Vec<String> {
        let mut lines = Vec::new();
        for (i, trust) in self.zones.iter().enumerate() {
            lines.push(format!("zone z{i} {{ trust = {} }}", TRUST[*trust]));
        }
        for (i, c) in self.categories.iter().enumerate() {
            let mut attrs = Vec::new();
            if let Some(p) = c.parent {
                attrs.push(format!("parent = c{p}"));
            }
            if let Some(s) = c.sensitive {
                attrs.push(format!("sensitive = {s}"));
            }
            if attrs.is_empty() {
                lines.push(format!("category c{i}"));
            } else {
                lines.push(format!("category c{i} {{ {} }}", attrs.join(", ")));
            }
        }
        for (i, s) in self.systems.iter().enumerate() {
            let mut attrs = vec![format!("zone = z{}", s.zone)];
            if !s.stores.is_empty() {
                attrs.push(format!("stores = [{}]", list("c", &s.stores)));
            }
            if s.idporten {
                attrs.push("auth = idporten".to_owned());
            }
            lines.push(format!("system s{i} {{ {} }}", attrs.join(", ")));
        }
        for (i, f) in self.flows.iter().enumerate() {
            let carries = if f.carries.is_empty() {
                String::new()
            } else {
                format!(" {{ carries = [{}] }}", list("c", &f.carries))
            };
            lines.push(format!("flow f{i}: s{} -> s{}{carries}", f.from, f.to));
        }
        lines
    }

    fn text(&self) -> String {
        self.lines().join("\n") + "\n"
    }

    fn trust(&self, system: usize) -> &'static str {
        TRUST[self.zones[self.systems[system].zone]]
    }

    fn ancestors(&self, c: usize) -> Vec<usize> {
        let mut out = Vec::new();
        let mut next = self.categories[c].parent;
        while let Some(p) = next {
            out.push(p);
            next = self.categories[p].parent;
        }
        out
    }

    /// `c` and `d` are the same, or one is an ancestor of the other.
    fn related(&self, c: usize, d: usize) -> bool {
        c == d || self.ancestors(c).contains(&d) || self.ancestors(d).contains(&c)
    }

    /// A child inherits `sensitive` unless it sets it; the default is false.
    fn sensitive(&self, c: usize) -> bool {
        std::iter::once(c)
            .chain(self.ancestors(c))
            .find_map(|a| self.categories[a].sensitive)
            .unwrap_or(false)
    }

    /// §3 `holds`, as the least fixed point, by naive iteration.
    fn holds(&self) -> Vec<BTreeSet<usize>> {
        let mut holds: Vec<BTreeSet<usize>> =
            self.systems.iter().map(|s| s.stores.clone()).collect();
        loop {
            let mut changed = false;
            for f in &self.flows {
                for &c in &f.carries {
                    let delivered = holds[f.from].iter().any(|&d| self.related(c, d));
                    if delivered && holds[f.to].insert(c) {
                        changed = true;
                    }
                }
            }
            if !changed {
                return holds;
            }
        }
    }

    /// §3 `receives`: what the flows deliver, given `holds`.
    fn receives(&self, holds: &[BTreeSet<usize>]) -> Vec<BTreeSet<usize>> {
        let mut receives = vec![BTreeSet::new(); self.systems.len()];
        for f in &self.flows {
            for &c in &f.carries {
                if holds[f.from].iter().any(|&d| self.related(c, d)) {
                    receives[f.to].insert(c);
                }
            }
        }
        receives
    }

    /// §3 `held_by`: systems holding the category or a descendant of it.
    fn held_by(&self, holds: &[BTreeSet<usize>], c: usize) -> BTreeSet<usize> {
        (0..self.systems.len())
            .filter(|&s| {
                holds[s]
                    .iter()
                    .any(|&d| d == c || self.ancestors(d).contains(&c))
            })
            .collect()
    }

    /// The length of the shortest path from a start to each target, by a
    /// separate breadth-first search from every start (SPEC §4: from a
    /// system meeting A to a *different* system meeting B, along flows
    /// accepted by `follows`, no system after the start meeting C).
    fn shortest(
        &self,
        starts: &[bool],
        targets: &[bool],
        blocks: &[bool],
        follows: impl Fn(usize) -> bool,
    ) -> BTreeMap<usize, usize> {
        let n = self.systems.len();
        let mut best: BTreeMap<usize, usize> = BTreeMap::new();
        for s in (0..n).filter(|&s| starts[s]) {
            let mut dist: Vec<Option<usize>> = vec![None; n];
            dist[s] = Some(0);
            let mut queue = VecDeque::from([s]);
            while let Some(v) = queue.pop_front() {
                if v != s && blocks[v] {
                    continue;
                }
                let d = dist[v].unwrap_or(0);
                for (i, f) in self.flows.iter().enumerate() {
                    if f.from == v && follows(i) && dist[f.to].is_none() {
                        dist[f.to] = Some(d + 1);
                        queue.push_back(f.to);
                    }
                }
            }
            for t in 0..n {
                if let Some(d) = dist[t]
                    && t != s
                    && targets[t]
                    && !blocks[t]
                {
                    let entry = best.entry(t).or_insert(d);
                    *entry = (*entry).min(d);
                }
            }
        }
        best
    }

    /// The witness a plain multi-source breadth-first search finds for each
    /// system that is not a start: starts in declaration order, each
    /// system's outflows in declaration order, first discovery wins (SPEC
    /// §4: "ties: the path a breadth-first search finds first"). Returns the
    /// flows of each path.
    fn first_found(
        &self,
        starts: &[bool],
        blocks: &[bool],
        follows: impl Fn(usize) -> bool,
    ) -> Vec<Option<Vec<usize>>> {
        let n = self.systems.len();
        let mut via: Vec<Option<usize>> = vec![None; n];
        let mut seen: Vec<bool> = starts.to_vec();
        let mut queue: VecDeque<usize> = (0..n).filter(|&s| starts[s]).collect();
        while let Some(v) = queue.pop_front() {
            if !starts[v] && blocks[v] {
                continue;
            }
            for (i, f) in self.flows.iter().enumerate() {
                if f.from == v && follows(i) && !seen[f.to] {
                    seen[f.to] = true;
                    via[f.to] = Some(i);
                    queue.push_back(f.to);
                }
            }
        }
        (0..n)
            .map(|t| {
                if starts[t] || !seen[t] {
                    return None;
                }
                let mut flows = Vec::new();
                let mut at = t;
                while let Some(f) = via[at] {
                    flows.push(f);
                    at = self.flows[f].from;
                }
                flows.reverse();
                Some(flows)
            })
            .collect()
    }

    /// The tie-broken witness (flows) of closed-zone-egress for a target and
    /// category.
    fn egress_witness(&self, target: usize, c: usize) -> Option<Vec<usize>> {
        let holds = self.holds();
        let n = self.systems.len();
        let starts: Vec<bool> = (0..n)
            .map(|s| self.trust(s) == "closed" && holds[s].iter().any(|&d| self.related(c, d)))
            .collect();
        let found = self.first_found(&starts, &vec![false; n], |f| {
            self.flows[f].carries.contains(&c)
        });
        found[target].clone()
    }

    /// The tie-broken witness of idporten-public-access, unless the target
    /// is itself a start (plain BFS does not say which other start wins).
    fn idporten_witness(&self, target: usize) -> Option<Vec<usize>> {
        let n = self.systems.len();
        let starts: Vec<bool> = (0..n).map(|s| self.trust(s) == "public").collect();
        let blocks: Vec<bool> = self.systems.iter().map(|s| s.idporten).collect();
        self.first_found(&starts, &blocks, |_| true)[target].clone()
    }

    /// What closed-zone-egress must find: (target, category) → length.
    fn egress(&self) -> BTreeMap<(usize, usize), usize> {
        let holds = self.holds();
        let n = self.systems.len();
        let targets: Vec<bool> = (0..n)
            .map(|s| matches!(self.trust(s), "external" | "public"))
            .collect();
        let blocks = vec![false; n];
        let mut out = BTreeMap::new();
        for c in (0..self.categories.len()).filter(|&c| self.sensitive(c)) {
            let starts: Vec<bool> = (0..n)
                .map(|s| self.trust(s) == "closed" && holds[s].iter().any(|&d| self.related(c, d)))
                .collect();
            let found = self.shortest(&starts, &targets, &blocks, |f| {
                self.flows[f].carries.contains(&c)
            });
            for (t, d) in found {
                out.insert((t, c), d);
            }
        }
        out
    }

    /// What idporten-public-access must find: target → length.
    fn idporten(&self) -> BTreeMap<usize, usize> {
        let holds = self.holds();
        let n = self.systems.len();
        let starts: Vec<bool> = (0..n).map(|s| self.trust(s) == "public").collect();
        let targets: Vec<bool> = (0..n)
            .map(|s| holds[s].iter().any(|&c| self.sensitive(c)))
            .collect();
        let blocks: Vec<bool> = self.systems.iter().map(|s| s.idporten).collect();
        self.shortest(&starts, &targets, &blocks, |_| true)
    }
}

/// `s3` → 3, `c0` → 0, `f12` → 12.
fn number(id: &str) -> usize {
    id.get(1..)
        .and_then(|n| n.parse().ok())
        .expect("a generated id")
}

fn ids(model: &Model, kind: Kind, set: impl Iterator<Item = u32>) -> BTreeSet<usize> {
    set.map(|i| number(&model.entities(kind)[i as usize].id))
        .collect()
}

/// Checks one path finding against the model and the generator.
fn check_path(g: &Gen, model: &Model, f: &Finding, holds: &[BTreeSet<usize>]) {
    let path: Vec<usize> = f
        .path
        .as_ref()
        .expect("a path rule has a path")
        .iter()
        .map(|s| number(s))
        .collect();
    assert!(path.len() >= 2, "a path is never empty: {f:?}");
    assert_eq!(f.hops.len(), path.len() - 1);
    let start = path[0];
    let target = *path.last().expect("a target");
    assert_eq!(f.subject.kind, "system");
    assert_eq!(number(&f.subject.id), target);
    assert_ne!(start, target, "to a different system");
    for (i, hop) in f.hops.iter().enumerate() {
        // A real chain: the hop's flow has these endpoints in the model.
        let index = model
            .lookup(Kind::Flow, &hop.flow)
            .expect("a declared flow")
            .idx();
        let ends = model.endpoints[index];
        let system = |s: u32| number(&model.entities(Kind::System)[s as usize].id);
        assert_eq!(system(ends.from), path[i], "{f:?}");
        assert_eq!(system(ends.to), path[i + 1], "{f:?}");
        assert_eq!(number(&hop.from), path[i]);
        assert_eq!(number(&hop.to), path[i + 1]);
        let flow = &g.flows[number(&hop.flow)];
        assert_eq!((flow.from, flow.to), (path[i], path[i + 1]));
    }
    match f.rule.as_str() {
        "closed-zone-egress" => {
            let c = number(f.category.as_deref().expect("a category"));
            assert!(g.sensitive(c));
            assert_eq!(g.trust(start), "closed");
            assert!(
                holds[start].iter().any(|&d| g.related(c, d)),
                "the start holds the category or a relative: {f:?}"
            );
            assert!(matches!(g.trust(target), "external" | "public"));
            for hop in &f.hops {
                assert!(
                    g.flows[number(&hop.flow)].carries.contains(&c),
                    "every flow carries the category itself: {f:?}"
                );
            }
        }
        "idporten-public-access" => {
            assert_eq!(f.category, None);
            assert_eq!(g.trust(start), "public");
            assert!(holds[target].iter().any(|&c| g.sensitive(c)));
            for &s in &path[1..] {
                assert!(!g.systems[s].idporten, "ID-porten after the start: {f:?}");
            }
        }
        other => panic!("not a path rule: {other}"),
    }
}

fn evaluate(text: &str) -> Run {
    run(text, ALL_PACKS, None)
}

/// `(rule, kind, subject, category)` of every finding.
fn verdicts(findings: &[Finding]) -> BTreeSet<(String, String, String, Option<String>)> {
    findings
        .iter()
        .map(|f| {
            (
                f.rule.to_string(),
                f.subject.kind.to_owned(),
                f.subject.id.to_string(),
                f.category.as_ref().map(ToString::to_string),
            )
        })
        .collect()
}

fn config(cases: u32) -> Config {
    Config {
        cases,
        failure_persistence: None,
        ..Config::default()
    }
}

proptest! {
    #![proptest_config(config(64))]

    /// §3: `holds`, `receives` and `held_by` are the least fixed point.
    #[test]
    fn derived_facts_match_the_least_fixed_point(g in model()) {
        let run = evaluate(&g.text());
        let model = run.model();
        let holds = g.holds();
        let receives = g.receives(&holds);
        for (s, entity) in model.entities(Kind::System).iter().enumerate() {
            let i = number(&entity.id);
            prop_assert_eq!(&ids(model, Kind::Category, model.facts.holds[s].iter()), &holds[i]);
            prop_assert_eq!(&ids(model, Kind::Category, model.facts.receives[s].iter()), &receives[i]);
        }
        for (c, entity) in model.entities(Kind::Category).iter().enumerate() {
            let i = number(&entity.id);
            prop_assert_eq!(
                &ids(model, Kind::System, model.held_by(c as u32).unwrap().iter().copied()),
                &g.held_by(&holds, i)
            );
        }
    }

    /// Evaluation is deterministic: the same text gives the same findings,
    /// witnesses and messages, twice.
    #[test]
    fn evaluation_is_deterministic(g in model()) {
        let text = g.text();
        let first = evaluate(&text);
        let second = evaluate(&text);
        prop_assert_eq!(&first.evaluation.findings, &second.evaluation.findings);
        let again = crate::evaluate(first.model(), crate::Options { today: None, evaluate: true, ..crate::Options::default() });
        prop_assert_eq!(&first.evaluation.findings, &again.findings);
    }

    /// Declaration order changes nothing but path tie-breaks.
    #[test]
    fn declaration_order_does_not_change_the_findings(
        (g, order) in model().prop_flat_map(|g| {
            let n = g.lines().len();
            (Just(g), Just((0..n).collect::<Vec<usize>>()).prop_shuffle())
        })
    ) {
        let lines = g.lines();
        let shuffled: String = order.iter().map(|&i| format!("{}\n", lines[i])).collect();
        let original = evaluate(&g.text());
        let reordered = evaluate(&shuffled);
        prop_assert_eq!(
            verdicts(&original.evaluation.findings),
            verdicts(&reordered.evaluation.findings)
        );
        // The witnesses may differ, but never in length.
        let lengths = |r: &Run| -> BTreeMap<(String, String, Option<String>), usize> {
            r.evaluation
                .findings
                .iter()
                .filter(|f| f.path.is_some())
                .map(|f| ((f.rule.to_string(), f.subject.id.to_string(), f.category.as_ref().map(ToString::to_string)), f.hops.len()))
                .collect()
        };
        prop_assert_eq!(lengths(&original), lengths(&reordered));
    }
}

proptest! {
    // Path findings need a closed or public start, a sensitive category and
    // a chain of flows: about a third of the generated models have one.
    #![proptest_config(config(160))]

    /// §4: every witness of the built-in path rules is a real chain of
    /// flows carrying the category from a start meeting A to the subject
    /// meeting B, as short as possible, tie-broken like a plain
    /// breadth-first search; and exactly the (target, category) pairs that
    /// have such a path are reported.
    #[test]
    fn path_findings_are_real_shortest_paths(g in model()) {
        let run = evaluate(&g.text());
        let model = run.model();
        let holds = g.holds();
        let mut egress = BTreeMap::new();
        let mut idporten = BTreeMap::new();
        for f in &run.evaluation.findings {
            match f.rule.as_str() {
                "closed-zone-egress" => {
                    check_path(&g, model, f, &holds);
                    let key = (number(&f.subject.id), number(f.category.as_deref().unwrap_or("c?")));
                    let flows: Vec<usize> = f.hops.iter().map(|h| number(&h.flow)).collect();
                    prop_assert_eq!(Some(flows), g.egress_witness(key.0, key.1), "tie-break: {:?}", f);
                    prop_assert!(egress.insert(key, f.hops.len()).is_none(), "one finding per (target, category)");
                }
                "idporten-public-access" => {
                    check_path(&g, model, f, &holds);
                    let target = number(&f.subject.id);
                    if g.trust(target) != "public" {
                        let flows: Vec<usize> = f.hops.iter().map(|h| number(&h.flow)).collect();
                        prop_assert_eq!(Some(flows), g.idporten_witness(target), "tie-break: {:?}", f);
                    }
                    prop_assert!(idporten.insert(number(&f.subject.id), f.hops.len()).is_none(), "one finding per target");
                }
                _ => {}
            }
        }
        prop_assert_eq!(egress, g.egress());
        prop_assert_eq!(idporten, g.idporten());
    }
}
