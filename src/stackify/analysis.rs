//! Graph analysis for the stackifier: the internal graph with a virtual dispatcher root,
//! iterative DFS, Cooper–Harvey–Kennedy dominators, and the irreducibility fix that routes
//! offending edges through the dispatcher.
//!
//! Everything works on flat vectors and explicit stacks: no recursion, no hashing.

use super::StackifyError;
use crate::cfg::{Cfg, Terminator};

/// Marks "no value" in `u32` vectors.
pub(crate) const NONE: u32 = u32::MAX;

/// The most dispatcher table entries we accept: a larger table could not fit the body limit.
const MAX_LABEL_TABLE: u64 = super::MAX_BODY_BYTES as u64;

/// The CFG reshaped for the algorithms. Nodes `0..n` are the user's blocks, `root` is the
/// dispatcher (a switch on `label`) and `trap` is the `unreachable` target for unknown labels.
pub(crate) struct Graph {
    pub n: u32,
    pub root: u32,
    pub trap: u32,
    /// Edge slots of user block `u`: `slot_start[u]..slot_start[u + 1]`, in terminator order
    /// (`Dispatch` has one slot aimed at `root`).
    pub slot_start: Vec<u32>,
    pub slot_target: Vec<u32>,
    /// A dispatched slot jumps through the dispatcher instead of to its target directly.
    pub slot_dispatched: Vec<bool>,
    /// The dispatcher: `root_table[label value]` is the node entered; other values go to
    /// `root_default`.
    pub root_table: Vec<u32>,
    pub root_default: u32,
    /// A label value that the dispatcher maps to this node, or `NONE`.
    pub value_of: Vec<u32>,
    /// Label values `>= first_synthetic` were added for dispatched edges.
    pub first_synthetic: u32,
}

impl Graph {
    pub fn new<P>(cfg: &Cfg<P>) -> Result<Graph, StackifyError> {
        cfg.validate()?;
        let n = cfg.len() as u32;
        let (root, trap) = (n, n + 1);
        let mut slot_start = Vec::with_capacity(cfg.len() + 1);
        let mut slot_target = Vec::with_capacity(cfg.len() * 2);
        for (_, block) in cfg.blocks() {
            slot_start.push(slot_target.len() as u32);
            match &block.terminator {
                Terminator::Dispatch => slot_target.push(root),
                other => other.for_each_successor(|to| slot_target.push(to.0)),
            }
        }
        slot_start.push(slot_target.len() as u32);
        let root_default = cfg.dispatch_default().map_or(trap, |block| block.0);
        let table_len = cfg
            .entries()
            .iter()
            .map(|(value, _)| *value as u64 + 1)
            .max()
            .unwrap_or(0);
        if table_len > MAX_LABEL_TABLE {
            return Err(StackifyError::LabelTableTooLarge(table_len));
        }
        let mut root_table = vec![root_default; table_len as usize];
        let mut value_of = vec![NONE; cfg.len() + 2];
        for &(value, block) in cfg.entries() {
            root_table[value as usize] = block.0;
            if value_of[block.index()] == NONE {
                value_of[block.index()] = value;
            }
        }
        Ok(Graph {
            n,
            root,
            trap,
            slot_dispatched: vec![false; slot_target.len()],
            slot_start,
            slot_target,
            root_table,
            root_default,
            value_of,
            first_synthetic: table_len as u32,
        })
    }

    pub fn node_count(&self) -> usize {
        self.n as usize + 2
    }

    /// The `index`-th effective successor of `node` (dispatched slots lead to `root`).
    /// `root`'s order is: user label table, default, synthetic entries. Synthetic entries
    /// come last so that adding one never changes the DFS tree (see `make_reducible`).
    #[inline]
    fn successor(&self, node: u32, index: usize) -> Option<u32> {
        if node == self.root {
            let user = self.first_synthetic as usize;
            match index.cmp(&user) {
                std::cmp::Ordering::Less => Some(self.root_table[index]),
                std::cmp::Ordering::Equal => Some(self.root_default),
                std::cmp::Ordering::Greater => self.root_table.get(index - 1).copied(),
            }
        } else if node == self.trap {
            None
        } else {
            let slot = self.slot_start[node as usize] as usize + index;
            if slot < self.slot_start[node as usize + 1] as usize {
                Some(self.effective_target(slot))
            } else {
                None
            }
        }
    }

    #[inline]
    pub fn effective_target(&self, slot: usize) -> u32 {
        if self.slot_dispatched[slot] {
            self.root
        } else {
            self.slot_target[slot]
        }
    }

    /// Calls `f` with every effective successor of `node`, duplicates included.
    #[inline]
    pub fn for_each_successor(&self, node: u32, mut f: impl FnMut(u32)) {
        if node == self.root {
            let (user, synthetic) = self.root_table.split_at(self.first_synthetic as usize);
            user.iter().copied().for_each(&mut f);
            f(self.root_default);
            synthetic.iter().copied().for_each(&mut f);
        } else if node != self.trap {
            let slots = self.slot_start[node as usize] as usize
                ..self.slot_start[node as usize + 1] as usize;
            for slot in slots {
                f(self.effective_target(slot));
            }
        }
    }

    /// The label value that reaches `node` through the dispatcher, allocating a synthetic one.
    fn ensure_value(&mut self, node: u32) -> u32 {
        if self.value_of[node as usize] == NONE {
            let value = self.root_table.len() as u32;
            self.root_table.push(node);
            self.value_of[node as usize] = value;
        }
        self.value_of[node as usize]
    }
}

/// Depth-first order and dominators of the current graph.
pub(crate) struct Order {
    /// Reverse-postorder number of each node, `NONE` when unreachable from `root`.
    pub rpo_of: Vec<u32>,
    /// Nodes in reverse postorder; `rpo[0] == root`.
    pub rpo: Vec<u32>,
    /// Immediate dominator, in RPO numbers (`idom[0] == 0`).
    pub idom: Vec<u32>,
    /// Dominator-tree preorder number and subtree size, in RPO numbers, for O(1) dominance.
    dom_pre: Vec<u32>,
    dom_size: Vec<u32>,
    /// Predecessors in compressed rows, indexed and valued by RPO number.
    pred_start: Vec<u32>,
    preds: Vec<u32>,
}

impl Order {
    /// DFS numbering, predecessor rows and dominators of the current graph.
    pub fn compute(graph: &Graph) -> Order {
        let (rpo_of, rpo) = reverse_postorder(graph);
        let (pred_start, preds) = predecessors(graph, &rpo_of, &rpo);
        let mut order = Order {
            rpo_of,
            rpo,
            idom: Vec::new(),
            dom_pre: Vec::new(),
            dom_size: Vec::new(),
            pred_start,
            preds,
        };
        order.compute_dominators();
        order
    }

    fn compute_dominators(&mut self) {
        self.idom = dominators(&self.pred_start, &self.preds, self.rpo.len());
        let count = self.rpo.len();
        // idom[b] < b in RPO numbering, so sizes accumulate bottom-up and preorder numbers
        // top-down without walking the tree.
        let mut dom_size = vec![1u32; count];
        for b in (1..count).rev() {
            dom_size[self.idom[b] as usize] += dom_size[b];
        }
        let mut dom_pre = vec![0u32; count];
        let mut next_child_pre = vec![1u32; count];
        for b in 1..count {
            let parent = self.idom[b] as usize;
            dom_pre[b] = next_child_pre[parent];
            next_child_pre[parent] += dom_size[b];
            next_child_pre[b] = dom_pre[b] + 1;
        }
        self.dom_pre = dom_pre;
        self.dom_size = dom_size;
    }

    /// Records that the edge `from → to` (RPO numbers) now goes `from → root → to`: for
    /// dominators only `to`'s predecessor changes (root's own predecessors are never read).
    fn reroute_through_root(&mut self, from: u32, to: u32) {
        let row = self.pred_start[to as usize] as usize..self.pred_start[to as usize + 1] as usize;
        if let Some(pred) = self.preds[row].iter_mut().find(|pred| **pred == from) {
            *pred = 0;
        }
    }

    /// Whether `a` dominates `b` (both given as RPO numbers).
    #[inline]
    pub fn dominates(&self, a: u32, b: u32) -> bool {
        let (start, b_pre) = (self.dom_pre[a as usize], self.dom_pre[b as usize]);
        start <= b_pre && b_pre < start + self.dom_size[a as usize]
    }
}

fn reverse_postorder(graph: &Graph) -> (Vec<u32>, Vec<u32>) {
    let count = graph.node_count();
    let mut visited = vec![false; count];
    let mut postorder = Vec::with_capacity(count);
    let mut stack: Vec<(u32, usize)> = vec![(graph.root, 0)];
    visited[graph.root as usize] = true;
    while let Some(top) = stack.last_mut() {
        let (node, index) = *top;
        match graph.successor(node, index) {
            Some(next) => {
                top.1 += 1;
                if !visited[next as usize] {
                    visited[next as usize] = true;
                    stack.push((next, 0));
                }
            }
            None => {
                postorder.push(node);
                stack.pop();
            }
        }
    }
    postorder.reverse();
    let mut rpo_of = vec![NONE; count];
    for (number, &node) in postorder.iter().enumerate() {
        rpo_of[node as usize] = number as u32;
    }
    (rpo_of, postorder)
}

/// Predecessors in compressed rows, indexed and valued by RPO number.
fn predecessors(graph: &Graph, rpo_of: &[u32], rpo: &[u32]) -> (Vec<u32>, Vec<u32>) {
    let count = rpo.len();
    let mut pred_start = vec![0u32; count + 1];
    for &node in rpo {
        graph.for_each_successor(node, |to| pred_start[rpo_of[to as usize] as usize + 1] += 1);
    }
    for i in 0..count {
        pred_start[i + 1] += pred_start[i];
    }
    let mut fill = pred_start.clone();
    let mut preds = vec![0u32; pred_start[count] as usize];
    for (number, &node) in rpo.iter().enumerate() {
        graph.for_each_successor(node, |to| {
            let slot = &mut fill[rpo_of[to as usize] as usize];
            preds[*slot as usize] = number as u32;
            *slot += 1;
        });
    }
    (pred_start, preds)
}

/// Cooper, Harvey & Kennedy, "A Simple, Fast Dominance Algorithm", on RPO numbers.
fn dominators(pred_start: &[u32], preds: &[u32], count: usize) -> Vec<u32> {
    let mut idom = vec![NONE; count];
    if count == 0 {
        return idom;
    }
    idom[0] = 0;
    let mut changed = true;
    while changed {
        changed = false;
        for b in 1..count {
            let mut new_idom = NONE;
            for &p in &preds[pred_start[b] as usize..pred_start[b + 1] as usize] {
                if idom[p as usize] == NONE {
                    continue;
                }
                new_idom = if new_idom == NONE {
                    p
                } else {
                    intersect(&idom, p, new_idom)
                };
            }
            if idom[b] != new_idom {
                idom[b] = new_idom;
                changed = true;
            }
        }
    }
    idom
}

#[inline]
fn intersect(idom: &[u32], mut a: u32, mut b: u32) -> u32 {
    while a != b {
        while a > b {
            a = idom[a as usize];
        }
        while b > a {
            b = idom[b as usize];
        }
    }
    a
}

/// Makes the graph reducible by dispatching every retreating edge whose target does not
/// dominate its source, and repeating (a dispatch adds a dispatcher entry, which can break
/// the dominance of an enclosing loop header) until none is left. Returns the final order
/// and the number of rounds.
///
/// The DFS is computed once: a dispatched edge was a non-tree edge (its target was already
/// visited) and new dispatcher entries are `root`'s last successors, examined after every
/// node was visited, so the same DFS is valid for the changed graph and only dominators are
/// recomputed. Each round dispatches at least one edge, so there are at most `edges` rounds
/// (1 for a reducible graph, 2–3 in practice otherwise).
pub(crate) fn make_reducible(graph: &mut Graph) -> (Order, u32) {
    let mut order = Order::compute(graph);
    let mut rounds = 1;
    loop {
        let mut offending = Vec::new();
        for (number, &node) in order.rpo.iter().enumerate() {
            if node >= graph.n {
                continue;
            }
            let slots = graph.slot_start[node as usize] as usize
                ..graph.slot_start[node as usize + 1] as usize;
            for slot in slots {
                if graph.slot_dispatched[slot] {
                    continue;
                }
                let target = order.rpo_of[graph.slot_target[slot] as usize];
                if target <= number as u32 && !order.dominates(target, number as u32) {
                    offending.push((slot, number as u32, target));
                }
            }
        }
        if offending.is_empty() {
            return (order, rounds);
        }
        for (slot, from, to) in offending {
            graph.slot_dispatched[slot] = true;
            graph.ensure_value(graph.slot_target[slot]);
            order.reroute_through_root(from, to);
        }
        order.compute_dominators();
        rounds += 1;
    }
}
