//! `forbid path`: breadth-first search for the shortest witness paths.
//!
//! One search per category (or one without `carrying`) from every start
//! system at once. Each system keeps up to two labels with different
//! origins, so a system that is itself a start can still be reached "from
//! another start" (SPEC §4: a path is never empty), and the search stays
//! linear: every system is expanded at most twice. Starts are taken in
//! declaration order and each system's outflows in declaration order, so
//! ties go to the path a plain breadth-first search finds first.

use std::collections::VecDeque;

use vakt_model::Model;

const NONE: u32 = u32::MAX;

/// A shortest path from a start to a target.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Witness {
    /// The target system.
    pub target: u32,
    /// Systems from the start to the target.
    pub systems: Vec<u32>,
    /// The flows between them.
    pub flows: Vec<u32>,
}

#[derive(Clone, Copy)]
struct Label {
    node: u32,
    origin: u32,
    dist: u32,
    previous: u32,
    flow: u32,
}

/// Reusable buffers for repeated searches over one model.
pub(crate) struct Search<'m> {
    model: &'m Model,
    labels: Vec<Label>,
    slots: Vec<[u32; 2]>,
    touched: Vec<u32>,
    queue: VecDeque<u32>,
}

impl<'m> Search<'m> {
    pub fn new(model: &'m Model) -> Self {
        let systems = model.facts.holds.len();
        Search {
            model,
            labels: Vec::new(),
            slots: vec![[NONE; 2]; systems],
            touched: Vec::new(),
            queue: VecDeque::new(),
        }
    }

    /// Shortest paths from `starts` (in order) to every system meeting
    /// `is_target`, along flows accepted by `follows`, never through a system
    /// meeting `blocks` (after the start). Returns them by target index.
    pub fn run(
        &mut self,
        starts: impl Iterator<Item = u32>,
        follows: impl Fn(u32) -> bool,
        is_target: &[bool],
        blocks: &[bool],
    ) -> Vec<Witness> {
        self.reset();
        for start in starts {
            self.add(start, start, 0, NONE, NONE);
        }
        while let Some(li) = self.queue.pop_front() {
            let Some(&label) = self.labels.get(li as usize) else {
                continue;
            };
            if label.dist > 0 && blocks.get(label.node as usize).copied().unwrap_or(false) {
                continue;
            }
            for &flow in self.model.facts.outflows(label.node) {
                if !follows(flow) {
                    continue;
                }
                let Some(to) = self.model.endpoints.get(flow as usize).map(|e| e.to) else {
                    continue;
                };
                self.add(to, label.origin, label.dist + 1, li, flow);
            }
        }
        let mut found: Vec<Witness> = Vec::new();
        let mut touched = std::mem::take(&mut self.touched);
        touched.sort_unstable();
        for &node in &touched {
            let n = node as usize;
            if !is_target.get(n).copied().unwrap_or(false)
                || blocks.get(n).copied().unwrap_or(false)
            {
                continue;
            }
            let slots = self.slots.get(n).copied().unwrap_or([NONE; 2]);
            let from_elsewhere = slots.into_iter().filter(|&li| li != NONE).find(|&li| {
                self.labels
                    .get(li as usize)
                    .is_some_and(|l| l.origin != node)
            });
            if let Some(li) = from_elsewhere {
                found.push(self.witness(li));
            }
        }
        self.touched = touched;
        found
    }

    fn reset(&mut self) {
        for &node in &self.touched {
            if let Some(s) = self.slots.get_mut(node as usize) {
                *s = [NONE; 2];
            }
        }
        self.touched.clear();
        self.labels.clear();
        self.queue.clear();
    }

    /// Gives `node` a label from `origin` unless it has one from that origin
    /// already, or two from others.
    fn add(&mut self, node: u32, origin: u32, dist: u32, previous: u32, flow: u32) {
        let Some(slots) = self.slots.get(node as usize).copied() else {
            return;
        };
        let slot = match slots {
            [NONE, _] => 0,
            [first, NONE]
                if self
                    .labels
                    .get(first as usize)
                    .is_some_and(|l| l.origin != origin) =>
            {
                1
            }
            _ => return,
        };
        let li = u32::try_from(self.labels.len()).unwrap_or(NONE);
        self.labels.push(Label {
            node,
            origin,
            dist,
            previous,
            flow,
        });
        if let Some(s) = self
            .slots
            .get_mut(node as usize)
            .and_then(|s| s.get_mut(slot))
        {
            *s = li;
        }
        if slot == 0 {
            self.touched.push(node);
        }
        self.queue.push_back(li);
    }

    fn witness(&self, mut li: u32) -> Witness {
        let mut systems = Vec::new();
        let mut flows = Vec::new();
        let target = self.labels.get(li as usize).map_or(NONE, |l| l.node);
        while let Some(label) = self.labels.get(li as usize) {
            systems.push(label.node);
            if label.flow != NONE {
                flows.push(label.flow);
            }
            li = label.previous;
        }
        systems.reverse();
        flows.reverse();
        Witness {
            target,
            systems,
            flows,
        }
    }
}
