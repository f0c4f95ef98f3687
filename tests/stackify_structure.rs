//! Structural properties of the stackifier's output: reducible graphs need no dispatch,
//! loops become `loop`s, huge inputs on small stacks, determinism, engine limits.

use beamwasm::cfg::{BlockId, Cfg, Terminator};
use beamwasm::stackify::testing::*;
use beamwasm::stackify::{
    check_local_count, stackify, StackifyError, StackifyOptions, Structured, Token,
};
use petgraph::algo::dominators::simple_fast;
use petgraph::graph::{DiGraph, NodeIndex};
use wasm_encoder::Function;

fn options() -> StackifyOptions {
    StackifyOptions::default()
}

/// Emits with a one-instruction body per block (what each block needs on the stack).
fn emit_plain(cfg: &TestCfg, structured: &mut Structured) -> Result<Function, StackifyError> {
    let mut func = Function::new([]);
    structured.emit(cfg, &mut func, 3, |id, _, func| {
        let mut sink = func.instructions();
        match cfg.block(id).terminator {
            Terminator::Jump(_) => {}
            Terminator::Exit => {
                sink.i32_const(0).return_();
            }
            _ => {
                sink.local_get(0);
            }
        }
        Ok(())
    })?;
    Ok(func)
}

fn module_bytes(func: &Function) -> Vec<u8> {
    use wasm_encoder::*;
    let mut types = TypeSection::new();
    types.ty().function([ValType::I32; 4], [ValType::I32]);
    let mut functions = FunctionSection::new();
    functions.function(0);
    let mut code = CodeSection::new();
    code.function(func);
    let mut module = Module::new();
    module.section(&types).section(&functions).section(&code);
    module.finish()
}

fn validate(func: &Function) {
    wasmparser::Validator::new()
        .validate_all(&module_bytes(func))
        .expect("emitted function validates");
}

/// Independent reducibility oracle on petgraph: the dispatcher is node `n` with edges to
/// every entry and the default (or a trap node), `Dispatch` blocks have an edge back to it;
/// reducible iff every retreating edge of a DFS goes to a dominator of its source.
/// Returns (reducible, number of distinct loop headers other than the dispatcher).
fn reference_reducibility(cfg: &TestCfg) -> (bool, usize) {
    let n = cfg.len();
    let mut graph: DiGraph<(), ()> = DiGraph::new();
    for _ in 0..n + 2 {
        graph.add_node(());
    }
    let (root, trap) = (NodeIndex::new(n), NodeIndex::new(n + 1));
    for &(_, block) in cfg.entries() {
        graph.add_edge(root, NodeIndex::new(block.index()), ());
    }
    let default = cfg
        .dispatch_default()
        .map_or(trap, |block| NodeIndex::new(block.index()));
    graph.add_edge(root, default, ());
    for (id, block) in cfg.blocks() {
        let from = NodeIndex::new(id.index());
        if block.terminator == Terminator::Dispatch {
            graph.add_edge(from, root, ());
        }
        block.terminator.for_each_successor(|to| {
            graph.add_edge(from, NodeIndex::new(to.index()), ());
        });
    }
    let dominators = simple_fast(&graph, root);
    // Iterative DFS in petgraph's neighbour order, marking nodes on the stack.
    let mut state = vec![0u8; n + 2]; // 0 new, 1 on stack, 2 done
    let mut stack = vec![(root, graph.neighbors(root).collect::<Vec<_>>(), 0usize)];
    state[root.index()] = 1;
    let (mut reducible, mut headers) = (true, std::collections::BTreeSet::new());
    while let Some((node, successors, next)) = stack.last_mut() {
        if let Some(&to) = successors.get(*next) {
            *next += 1;
            let node = *node;
            match state[to.index()] {
                0 => {
                    state[to.index()] = 1;
                    let successors = graph.neighbors(to).collect();
                    stack.push((to, successors, 0));
                }
                1 => {
                    if to != root {
                        headers.insert(to.index());
                    }
                    let dominates = dominators
                        .dominators(node)
                        .is_some_and(|mut doms| doms.any(|d| d == to));
                    reducible &= dominates;
                }
                _ => {}
            }
        } else {
            state[node.index()] = 2;
            stack.pop();
        }
    }
    (reducible, headers.len())
}

#[test]
fn reducible_graphs_need_no_dispatch_and_loops_are_loops() {
    let mut rng = TestRng::new(5);
    let (mut reducible_seen, mut irreducible_seen) = (0, 0);
    for round in 0..3_000 {
        let len = 1 + rng.below(40) as usize;
        let cfg = match round % 3 {
            0 => beam_like(&mut rng, len),
            1 => {
                let density = rng.below(100);
                binaryen_style(&mut rng, len, density)
            }
            _ => {
                let entries = 1 + rng.below(3) as usize;
                uniform(&mut rng, len, entries)
            }
        };
        let structured = stackify(&cfg, &options()).unwrap();
        let stats = structured.stats();
        let (reducible, headers) = reference_reducibility(&cfg);
        if reducible {
            reducible_seen += 1;
            assert_eq!(
                stats.dispatch_edges, 0,
                "reducible graph dispatched: {cfg:?}"
            );
            assert_eq!(stats.loops as usize, headers, "loops of {cfg:?}");
        } else {
            irreducible_seen += 1;
            assert!(
                stats.dispatch_edges > 0,
                "irreducible graph not fixed: {cfg:?}"
            );
        }
        // Linear output: every reachable block's code exactly once.
        let code_tokens = structured
            .tokens()
            .iter()
            .filter(|token| matches!(token, Token::Code(_)))
            .count();
        assert_eq!(code_tokens, stats.reachable_blocks);
    }
    eprintln!("reducible {reducible_seen}, irreducible {irreducible_seen}");
    assert!(reducible_seen > 500 && irreducible_seen > 100);
}

fn diamond_and_loop() -> TestCfg {
    // 0 → {1, 2} → 3; 3 loops to itself or back to 0, or exits via 4.
    let mut cfg: TestCfg = Cfg::new();
    for index in 0..5 {
        cfg.add_block(BlockId(index), Terminator::Exit);
    }
    let b = BlockId;
    cfg.set_terminator(
        b(0),
        Terminator::Branch {
            if_true: b(1),
            if_false: b(2),
        },
    );
    cfg.set_terminator(b(1), Terminator::Jump(b(3)));
    cfg.set_terminator(b(2), Terminator::Jump(b(3)));
    cfg.set_terminator(
        b(3),
        Terminator::Switch {
            targets: vec![b(3), b(0)],
            default: b(4),
        },
    );
    cfg.add_entry(0, b(0));
    cfg
}

#[test]
fn self_loop_is_a_wasm_loop() {
    let mut cfg: TestCfg = Cfg::new();
    cfg.add_block(
        BlockId(0),
        Terminator::Branch {
            if_true: BlockId(0),
            if_false: BlockId(1),
        },
    );
    cfg.add_block(BlockId(1), Terminator::Exit);
    cfg.add_entry(0, BlockId(0));
    let structured = stackify(&cfg, &options()).unwrap();
    let loops = structured
        .tokens()
        .iter()
        .filter(|t| **t == Token::Loop)
        .count();
    assert_eq!(
        loops,
        2,
        "dispatcher loop + the self-loop: {:?}",
        structured.tokens()
    );
    assert_eq!(structured.stats().loops, 1);
    assert_eq!(structured.stats().dispatch_edges, 0);
}

#[test]
fn text_dump_of_diamond_and_loop() {
    let cfg = diamond_and_loop();
    let mut structured = stackify(&cfg, &options()).unwrap();
    let func = emit_plain(&cfg, &mut structured).unwrap();
    let text = wasmprinter::print_bytes(module_bytes(&func)).unwrap();
    eprintln!("{text}\n{:?}", structured.stats());
    assert_eq!(
        text.matches("loop").count(),
        3,
        "dispatcher, block 0 header, block 3 self-loop"
    );
    assert!(text.contains("br_table"));
    assert_eq!(structured.stats().dispatch_edges, 0);
}

/// `len` blocks: a chain where every link also branches to its own exit block, so that
/// both arms are inlined into `if`/`else` and the nesting depth grows with the chain.
fn chain(len: usize) -> TestCfg {
    let mut cfg: TestCfg = Cfg::with_capacity(len);
    for index in 0..len as u32 {
        let terminator = if index % 2 == 1 || index + 2 >= len as u32 {
            Terminator::Exit
        } else {
            Terminator::Branch {
                if_true: BlockId(index + 2),
                if_false: BlockId(index + 1),
            }
        };
        cfg.add_block(BlockId(index), terminator);
    }
    cfg.add_entry(0, BlockId(0));
    cfg
}

#[test]
fn million_block_chain_on_a_small_stack() {
    let worker = std::thread::Builder::new()
        .stack_size(2 << 20)
        .spawn(|| {
            let cfg = chain(1_000_000);
            let mut structured = stackify(&cfg, &options()).unwrap();
            let func = emit_plain(&cfg, &mut structured).unwrap();
            validate(&func);
            let stats = structured.stats().clone();
            drop(structured);
            drop(cfg);
            stats
        })
        .unwrap();
    let stats = worker.join().expect("no stack overflow");
    eprintln!("1M chain: {stats:?}");
    assert_eq!(
        stats.reachable_blocks, 999_999,
        "the last exit block is dead"
    );
    assert!(
        stats.max_depth > 300_000,
        "Branch{{x,x}} makes merge blocks"
    );
}

#[test]
fn output_is_deterministic() {
    let mut rng = TestRng::new(77);
    for _ in 0..200 {
        let len = 2 + rng.below(80) as usize;
        let entries = 1 + rng.below(len as u64) as usize;
        let cfg = uniform(&mut rng, len, entries);
        let mut first = stackify(&cfg, &options()).unwrap();
        let mut second = stackify(&cfg.clone(), &options()).unwrap();
        let a = module_bytes(&emit_plain(&cfg, &mut first).unwrap());
        let b = module_bytes(&emit_plain(&cfg, &mut second).unwrap());
        assert_eq!(a, b);
    }
}

#[test]
fn limit_errors() {
    // A label value that would need a giant dispatcher table.
    let mut cfg: TestCfg = Cfg::new();
    cfg.add_block(BlockId(0), Terminator::Exit);
    cfg.add_entry(8_000_000, BlockId(0));
    assert!(matches!(
        stackify(&cfg, &options()),
        Err(StackifyError::LabelTableTooLarge(_))
    ));

    // Dangling targets and duplicate labels are input errors, not panics.
    let mut cfg: TestCfg = Cfg::new();
    cfg.add_block(BlockId(0), Terminator::Jump(BlockId(7)));
    cfg.add_entry(0, BlockId(0));
    assert!(matches!(
        stackify(&cfg, &options()),
        Err(StackifyError::Cfg(_))
    ));
    let mut cfg: TestCfg = Cfg::new();
    cfg.add_block(BlockId(0), Terminator::Exit);
    cfg.add_entry(0, BlockId(0));
    cfg.add_entry(0, BlockId(0));
    assert!(matches!(
        stackify(&cfg, &options()),
        Err(StackifyError::Cfg(_))
    ));

    // 70,000 forward edges into one merge node: too many predecessors for one wasm label.
    let mut cfg: TestCfg = Cfg::new();
    let sink = cfg.add_block(BlockId(0), Terminator::Exit);
    for index in 1..=70_000u32 {
        cfg.add_block(BlockId(index), Terminator::Jump(sink));
        cfg.add_entry(index, BlockId(index));
    }
    assert!(matches!(
        stackify(&cfg, &options()),
        Err(StackifyError::TooManyPredecessors(_))
    ));

    // A body over the engine limit.
    let mut cfg: TestCfg = Cfg::new();
    cfg.add_block(BlockId(0), Terminator::Exit);
    cfg.add_entry(0, BlockId(0));
    let mut structured = stackify(&cfg, &options()).unwrap();
    let mut func = Function::new([]);
    let result = structured.emit(&cfg, &mut func, 3, |_, _, func| {
        func.raw(vec![0x01; 8_000_000]); // nop × 8M
        func.instructions().unreachable();
        Ok(())
    });
    assert!(matches!(result, Err(StackifyError::BodyTooLarge(_))));

    // Locals.
    assert!(check_local_count(50_000).is_ok());
    assert!(matches!(
        check_local_count(50_001),
        Err(StackifyError::TooManyLocals(_))
    ));

    // Emitter errors propagate.
    let mut structured = stackify(&cfg, &options()).unwrap();
    let result = structured.emit(&cfg, &mut Function::new([]), 3, |_, _, _| {
        Err(anyhow::anyhow!("no codegen for this block"))
    });
    assert!(matches!(result, Err(StackifyError::Emit { .. })));
}

#[test]
fn dispatcher_funnels_split_its_predecessors() {
    // 130,000 blocks that each return through the dispatcher: the dispatcher loop would
    // collect 130,000 branches, so funnel blocks split them.
    let len = 130_000u32;
    let mut cfg: TestCfg = Cfg::with_capacity(len as usize);
    for index in 0..len {
        cfg.add_block(BlockId(index), Terminator::Dispatch);
        cfg.add_entry(index, BlockId(index));
    }
    let mut structured = stackify(&cfg, &options()).unwrap();
    let stats = structured.stats().clone();
    eprintln!("funnels: {stats:?}");
    assert!(stats.funnels >= 3);
    assert!(stats.max_label_predecessors < 65_535);
    assert!(stats.max_br_table <= 65_519);
    let func = emit_plain(&cfg, &mut structured).unwrap();
    validate(&func);
}

#[test]
fn dead_blocks_are_not_emitted() {
    let mut cfg: TestCfg = Cfg::new();
    cfg.add_block(BlockId(0), Terminator::Exit);
    for index in 1..100 {
        cfg.add_block(BlockId(index), Terminator::Jump(BlockId(index)));
    }
    cfg.add_entry(0, BlockId(0));
    let structured = stackify(&cfg, &options()).unwrap();
    assert_eq!(structured.stats().reachable_blocks, 1);
    assert_eq!(structured.stats().loops, 0);
}
