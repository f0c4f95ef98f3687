//! Ramsey's "Beyond Relooper" translation of a reducible graph into a flat token list of
//! structured wasm control flow, driven by an explicit work stack.
//!
//! For each node `x` (a dominator-tree walk starting at the dispatcher root):
//! - `x` is a loop header (target of a retreating edge) → its code sits in a `loop`;
//! - each dominator-tree child of `x` that is a merge node (≥ 2 forward in-edges) gets a
//!   `block` that ends right before that child's code; children with a higher reverse
//!   postorder number get the outer blocks;
//! - every edge is then a `br` to a loop (retreating), a `br` to a block (merge node), a
//!   dispatch through the root loop (edge marked by the irreducibility fix), or the target's
//!   code inlined in place (its only forward predecessor is the source, which dominates it).

use super::analysis::{Graph, Order, NONE};
use super::{
    Mutation, StackifyError, Token, BR_TABLE_CHUNK, FUNNEL_CAPACITY, MAX_BR_TABLE_TARGETS,
};
use crate::cfg::{Cfg, Terminator};

/// Output of the builder, before verification.
pub(crate) struct Built {
    pub tokens: Vec<Token>,
    pub br_tables: Vec<(u32, u32, u32)>,
    pub br_table_depths: Vec<u32>,
    pub loops: u32,
    pub funnels: u32,
}

/// An enclosing wasm label during construction.
#[derive(Clone, Copy)]
enum Scope {
    /// `loop` whose start is the node's code.
    Loop(u32),
    /// `block` whose end is followed by the node's code.
    Block(u32),
    /// `if`, switch case blocks, dispatcher funnels: never targeted by node lookups.
    Plain,
}

enum Work {
    Tree(u32),
    Body(u32),
    Edge { from: u32, slot: usize },
    Close,
    Token(Token),
    BranchToRootLoop,
    DispatchStub(u32),
}

/// What one edge becomes at its source.
#[derive(Clone, Copy)]
enum Action {
    /// `br` to the scope at this stack position.
    Br(u32),
    /// `i32.const value; local.set $label; br $dispatch`.
    Dispatch(u32),
    /// Emit the target's code in place.
    Inline(u32),
}

struct Builder<'a, P> {
    cfg: &'a Cfg<P>,
    graph: &'a Graph,
    order: &'a Order,
    is_header: Vec<bool>,
    is_merge: Vec<bool>,
    merge_child_start: Vec<u32>,
    merge_children: Vec<u32>,
    tokens: Vec<Token>,
    br_tables: Vec<(u32, u32, u32)>,
    br_table_depths: Vec<u32>,
    scopes: Vec<Scope>,
    loop_pos: Vec<u32>,
    block_pos: Vec<u32>,
    funnel_pos: Vec<u32>,
    dispatch_branches: u64,
    mutation: Option<Mutation>,
}

pub(crate) fn build<P>(
    cfg: &Cfg<P>,
    graph: &Graph,
    order: &Order,
    mutation: Option<Mutation>,
) -> Result<Built, StackifyError> {
    let count = graph.node_count();
    let rpo_of = &order.rpo_of;
    let mut is_header = vec![false; count];
    let mut forward_in = vec![0u32; count];
    let mut dispatch_sites = 0u64;
    is_header[graph.root as usize] = true;
    for &node in &order.rpo {
        let from = rpo_of[node as usize];
        graph.for_each_successor(node, |to| {
            if rpo_of[to as usize] <= from {
                is_header[to as usize] = true;
            } else {
                forward_in[to as usize] = forward_in[to as usize].saturating_add(1);
            }
            if to == graph.root {
                dispatch_sites += 1;
            }
        });
    }
    let is_merge: Vec<bool> = forward_in.iter().map(|&c| c >= 2).collect();

    // Merge children of each node in the dominator tree, ascending RPO (rows filled in RPO).
    let mut merge_child_start = vec![0u32; count + 1];
    for (number, &node) in order.rpo.iter().enumerate().skip(1) {
        if is_merge[node as usize] {
            let parent = order.rpo[order.idom[number] as usize];
            merge_child_start[parent as usize + 1] += 1;
        }
    }
    for i in 0..count {
        merge_child_start[i + 1] += merge_child_start[i];
    }
    let mut fill = merge_child_start.clone();
    let mut merge_children = vec![0u32; merge_child_start[count] as usize];
    for (number, &node) in order.rpo.iter().enumerate().skip(1) {
        if is_merge[node as usize] {
            let parent = order.rpo[order.idom[number] as usize] as usize;
            merge_children[fill[parent] as usize] = node;
            fill[parent] += 1;
        }
    }

    let funnels = if dispatch_sites > FUNNEL_CAPACITY {
        dispatch_sites.div_ceil(FUNNEL_CAPACITY) as usize
    } else {
        0
    };
    let loops = is_header.iter().filter(|&&h| h).count() as u32 - 1;
    let mut builder = Builder {
        cfg,
        graph,
        order,
        is_header,
        is_merge,
        merge_child_start,
        merge_children,
        tokens: Vec::with_capacity(count * 4),
        br_tables: Vec::new(),
        br_table_depths: Vec::new(),
        scopes: Vec::new(),
        loop_pos: vec![NONE; count],
        block_pos: vec![NONE; count],
        funnel_pos: vec![NONE; funnels],
        dispatch_branches: 0,
        mutation,
    };
    builder.run()?;
    builder.tokens.push(Token::Unreachable);
    if mutation == Some(Mutation::ShiftBrDepth) {
        shift_first_br(&mut builder.tokens);
    }
    Ok(Built {
        tokens: builder.tokens,
        br_tables: builder.br_tables,
        br_table_depths: builder.br_table_depths,
        loops,
        funnels: funnels as u32,
    })
}

/// Test-only sabotage: deepen the first `br` that has a label one level further out.
fn shift_first_br(tokens: &mut [Token]) {
    let mut open = 0u32;
    for token in tokens.iter_mut() {
        match token {
            Token::Block | Token::Loop | Token::If => open += 1,
            Token::End => open = open.saturating_sub(1),
            Token::Br(depth) if *depth + 1 < open => {
                *depth += 1;
                return;
            }
            _ => {}
        }
    }
}

impl<P> Builder<'_, P> {
    fn internal(what: &'static str) -> StackifyError {
        StackifyError::Internal(what)
    }

    fn push_scope(&mut self, scope: Scope, token: Token) {
        let position = self.scopes.len() as u32;
        match scope {
            Scope::Loop(node) => self.loop_pos[node as usize] = position,
            Scope::Block(node) => self.block_pos[node as usize] = position,
            Scope::Plain => {}
        }
        self.scopes.push(scope);
        self.tokens.push(token);
    }

    fn close_scope(&mut self) -> Result<(), StackifyError> {
        let scope = self.scopes.pop().ok_or(Self::internal("scope underflow"))?;
        match scope {
            Scope::Loop(node) => self.loop_pos[node as usize] = NONE,
            Scope::Block(node) => self.block_pos[node as usize] = NONE,
            Scope::Plain => {}
        }
        // A `br 0` right before the end of a block or `if` is a fallthrough.
        if !matches!(scope, Scope::Loop(_)) && self.tokens.last() == Some(&Token::Br(0)) {
            self.tokens.pop();
        }
        self.tokens.push(Token::End);
        Ok(())
    }

    fn depth(&self, position: u32) -> Result<u32, StackifyError> {
        if position == NONE || position as usize >= self.scopes.len() {
            return Err(Self::internal("branch target not in scope"));
        }
        Ok(self.scopes.len() as u32 - 1 - position)
    }

    fn dispatch_depth(&mut self) -> Result<u32, StackifyError> {
        let position = if self.funnel_pos.is_empty() {
            self.loop_pos[self.graph.root as usize]
        } else {
            let index = (self.dispatch_branches / FUNNEL_CAPACITY) as usize;
            self.funnel_pos[index.min(self.funnel_pos.len() - 1)]
        };
        self.dispatch_branches += 1;
        self.depth(position)
    }

    fn action(&self, from: u32, slot: usize) -> Result<Action, StackifyError> {
        let graph = self.graph;
        let target = graph.slot_target[slot];
        if graph.slot_dispatched[slot] {
            return Ok(Action::Dispatch(graph.value_of[target as usize]));
        }
        self.action_to(from, target)
    }

    fn action_to(&self, from: u32, target: u32) -> Result<Action, StackifyError> {
        let rpo_of = &self.order.rpo_of;
        if rpo_of[target as usize] <= rpo_of[from as usize] {
            let position = self.loop_pos[target as usize];
            self.depth(position)?;
            Ok(Action::Br(position))
        } else if self.is_merge[target as usize] {
            let position = self.block_pos[target as usize];
            self.depth(position)?;
            Ok(Action::Br(position))
        } else {
            Ok(Action::Inline(target))
        }
    }

    fn run(&mut self) -> Result<(), StackifyError> {
        let mut work = vec![Work::Tree(self.graph.root)];
        while let Some(item) = work.pop() {
            match item {
                Work::Tree(node) => self.tree(node, &mut work),
                Work::Body(node) => self.body(node, &mut work)?,
                Work::Edge { from, slot } => match self.action(from, slot)? {
                    Action::Br(position) => {
                        let depth = self.depth(position)?;
                        self.tokens.push(Token::Br(depth));
                    }
                    Action::Dispatch(value) => self.dispatch_stub(value)?,
                    Action::Inline(target) => work.push(Work::Tree(target)),
                },
                Work::Close => self.close_scope()?,
                Work::Token(token) => self.tokens.push(token),
                Work::BranchToRootLoop => {
                    let depth = self.depth(self.loop_pos[self.graph.root as usize])?;
                    self.tokens.push(Token::Br(depth));
                }
                Work::DispatchStub(value) => self.dispatch_stub(value)?,
            }
        }
        if !self.scopes.is_empty() {
            return Err(Self::internal("unclosed scopes"));
        }
        Ok(())
    }

    fn dispatch_stub(&mut self, value: u32) -> Result<(), StackifyError> {
        self.tokens.push(Token::I32Const(value));
        self.tokens.push(Token::DispatchSet);
        let depth = self.dispatch_depth()?;
        self.tokens.push(Token::Br(depth));
        Ok(())
    }

    /// Opens the scopes of `node` and schedules its body and the code after each scope.
    fn tree(&mut self, node: u32, work: &mut Vec<Work>) {
        let is_root = node == self.graph.root;
        let header = self.is_header[node as usize];
        if header {
            self.push_scope(Scope::Loop(node), Token::Loop);
        }
        if is_root {
            // Funnels: blocks ending just inside the dispatcher loop, so that no label
            // collects more than FUNNEL_CAPACITY of the `br $dispatch` edges.
            for index in (0..self.funnel_pos.len()).rev() {
                self.funnel_pos[index] = self.scopes.len() as u32;
                self.push_scope(Scope::Plain, Token::Block);
            }
        }
        let children = self.merge_child_start[node as usize] as usize
            ..self.merge_child_start[node as usize + 1] as usize;
        for index in children.clone().rev() {
            let child = self.merge_children[index];
            self.push_scope(Scope::Block(child), Token::Block);
        }
        // Scheduled in reverse execution order.
        if header {
            work.push(Work::Close);
        }
        if is_root {
            for _ in 0..self.funnel_pos.len() {
                work.push(Work::BranchToRootLoop);
                work.push(Work::Close);
            }
        }
        for index in children.rev() {
            work.push(Work::Tree(self.merge_children[index]));
            work.push(Work::Close);
        }
        work.push(Work::Body(node));
    }

    fn body(&mut self, node: u32, work: &mut Vec<Work>) -> Result<(), StackifyError> {
        let graph = self.graph;
        if node == graph.root {
            self.tokens.push(Token::DispatchLoad);
            let targets: Vec<u32> = graph.root_table.clone();
            let actions = targets
                .iter()
                .chain(std::iter::once(&graph.root_default))
                .map(|&target| self.action_to(node, target))
                .collect::<Result<Vec<_>, _>>()?;
            return self.switch(&actions, true, work);
        }
        if node == graph.trap {
            self.tokens.push(Token::Unreachable);
            return Ok(());
        }
        self.tokens.push(Token::Code(node));
        let first_slot = graph.slot_start[node as usize] as usize;
        match &self.cfg.block(crate::cfg::BlockId(node)).terminator {
            Terminator::Exit => {}
            Terminator::Dispatch => {
                self.tokens.push(Token::DispatchSet);
                let depth = self.dispatch_depth()?;
                self.tokens.push(Token::Br(depth));
            }
            Terminator::Jump(_) => work.push(Work::Edge {
                from: node,
                slot: first_slot,
            }),
            Terminator::Branch { .. } => {
                let (mut taken, mut fallen) = (first_slot, first_slot + 1);
                if self.mutation == Some(Mutation::SwapBranchTargets) {
                    std::mem::swap(&mut taken, &mut fallen);
                }
                match (self.action(node, taken)?, self.action(node, fallen)?) {
                    (Action::Br(position), _) => {
                        let depth = self.depth(position)?;
                        self.tokens.push(Token::BrIf(depth));
                        work.push(Work::Edge {
                            from: node,
                            slot: fallen,
                        });
                    }
                    (_, Action::Br(position)) => {
                        let depth = self.depth(position)?;
                        self.tokens.push(Token::I32Eqz);
                        self.tokens.push(Token::BrIf(depth));
                        work.push(Work::Edge {
                            from: node,
                            slot: taken,
                        });
                    }
                    _ => {
                        self.push_scope(Scope::Plain, Token::If);
                        work.push(Work::Close);
                        work.push(Work::Edge {
                            from: node,
                            slot: fallen,
                        });
                        work.push(Work::Token(Token::Else));
                        work.push(Work::Edge {
                            from: node,
                            slot: taken,
                        });
                    }
                }
            }
            Terminator::Switch { targets, .. } => {
                let slots = first_slot..first_slot + targets.len() + 1;
                let actions = slots
                    .map(|slot| self.action(node, slot))
                    .collect::<Result<Vec<_>, _>>()?;
                self.switch(&actions, false, work)?;
            }
        }
        Ok(())
    }

    /// A multi-way branch: `actions` are the table entries followed by the default. Inlined
    /// targets and dispatch stubs become case blocks around the `br_table`.
    fn switch(
        &mut self,
        actions: &[Action],
        index_in_label: bool,
        work: &mut Vec<Work>,
    ) -> Result<(), StackifyError> {
        // Distinct cases in first-use order; a Vec index per value keeps this deterministic.
        let mut cases: Vec<Action> = Vec::new();
        let mut case_of_value: std::collections::HashMap<u32, u32> = Default::default();
        let mut case_of_action = Vec::with_capacity(actions.len());
        for action in actions {
            let case = match *action {
                Action::Br(_) => NONE,
                Action::Inline(_) => {
                    cases.push(*action);
                    cases.len() as u32 - 1
                }
                Action::Dispatch(value) => *case_of_value.entry(value).or_insert_with(|| {
                    cases.push(*action);
                    cases.len() as u32 - 1
                }),
            };
            case_of_action.push(case);
        }
        // A value on the stack cannot flow into the case blocks: park it in `$label`.
        let mut index_in_label = index_in_label;
        if !cases.is_empty() && !index_in_label {
            self.tokens.push(Token::LabelSet);
            index_in_label = true;
        }
        // Case 0 is the innermost block.
        let first_case_pos = self.scopes.len() as u32;
        for _ in 0..cases.len() {
            self.push_scope(Scope::Plain, Token::Block);
        }
        let mut depths = Vec::with_capacity(actions.len());
        for (action, &case) in actions.iter().zip(&case_of_action) {
            let position = match *action {
                Action::Br(position) => position,
                _ => first_case_pos + (cases.len() as u32 - 1 - case),
            };
            depths.push(self.depth(position)?);
        }
        let default = depths
            .pop()
            .ok_or(Self::internal("switch without default"))?;
        self.br_table(&depths, default, index_in_label);
        for case in cases.iter().rev() {
            match *case {
                Action::Inline(target) => work.push(Work::Tree(target)),
                Action::Dispatch(value) => work.push(Work::DispatchStub(value)),
                Action::Br(_) => return Err(Self::internal("br as a switch case")),
            }
            work.push(Work::Close);
        }
        Ok(())
    }

    /// Emits `br_table`, split into a two-level table when it has too many targets (the
    /// index is parked in `$label`, which is dead outside the dispatcher).
    fn br_table(&mut self, depths: &[u32], default: u32, index_in_label: bool) {
        if depths.len() <= MAX_BR_TABLE_TARGETS {
            if index_in_label {
                self.tokens.push(Token::LabelGet);
            }
            self.push_br_table(depths.iter().copied(), default);
            return;
        }
        if !index_in_label {
            self.tokens.push(Token::LabelSet);
        }
        let chunks = depths.len().div_ceil(BR_TABLE_CHUNK);
        for _ in 0..chunks {
            self.tokens.push(Token::Block);
        }
        let extra = chunks as u32;
        self.tokens.push(Token::LabelGet);
        self.tokens.push(Token::I32Const(BR_TABLE_CHUNK as u32));
        self.tokens.push(Token::I32DivU);
        self.push_br_table(0..extra, default + extra);
        for (index, chunk) in depths.chunks(BR_TABLE_CHUNK).enumerate() {
            self.tokens.push(Token::End);
            let open = extra - 1 - index as u32;
            self.tokens.push(Token::LabelGet);
            if index > 0 {
                self.tokens
                    .push(Token::I32Const((index * BR_TABLE_CHUNK) as u32));
                self.tokens.push(Token::I32Sub);
            }
            self.push_br_table(chunk.iter().map(|depth| depth + open), default + open);
        }
    }

    fn push_br_table(&mut self, depths: impl Iterator<Item = u32>, default: u32) {
        let start = self.br_table_depths.len() as u32;
        self.br_table_depths.extend(depths);
        let len = self.br_table_depths.len() as u32 - start;
        self.tokens
            .push(Token::BrTable(self.br_tables.len() as u32));
        self.br_tables.push((start, len, default));
    }
}
