//! Executed equivalence: every graph is stackified, emitted, validated and run in wasmtime
//! for every start label; the traces must equal the CFG interpreter's exactly.

#[path = "support/stackify_harness.rs"]
mod stackify_harness;

use std::sync::OnceLock;

use beamwasm::cfg::{BlockId, Cfg, Terminator};
use beamwasm::stackify::testing::*;
use beamwasm::stackify::{Mutation, StackifyOptions};
use proptest::prelude::*;
use stackify_harness::Harness;

fn harness() -> &'static Harness {
    static HARNESS: OnceLock<Harness> = OnceLock::new();
    HARNESS.get_or_init(Harness::new)
}

fn report(name: &str, graphs: &[TestCfg], cases: usize, divergences: &[Divergence]) {
    for divergence in divergences.iter().take(3) {
        eprintln!(
            "{name}: divergence on {:?}\n  {:?}",
            graphs[divergence.case.graph], divergence
        );
    }
    eprintln!(
        "{name}: {} graphs, {cases} cases, {} divergences",
        graphs.len(),
        divergences.len()
    );
}

fn check(name: &str, graphs: &[TestCfg], seed: u64, sequences: usize) -> usize {
    let mut rng = TestRng::new(seed);
    let (cases, divergences) = harness()
        .check_batch(
            graphs,
            &StackifyOptions::default(),
            &mut rng,
            sequences,
            300,
        )
        .unwrap();
    report(name, graphs, cases, &divergences);
    assert!(divergences.is_empty(), "{name}: divergences found");
    cases
}

/// Turns some terminators into `Dispatch` and registers many entries.
fn dispatch_heavy(rng: &mut TestRng, len: usize) -> TestCfg {
    let mut cfg = uniform(rng, len, len);
    for index in 0..len as u32 {
        if rng.chance(30) {
            cfg.set_terminator(BlockId(index), Terminator::Dispatch);
        }
    }
    cfg
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn binaryen_family(seed in any::<u64>()) {
        let mut rng = TestRng::new(seed);
        let graphs: Vec<_> = (0..12).map(|_| {
            let len = 2 + rng.below(249) as usize;
            let density = rng.below(101);
            binaryen_style(&mut rng, len, density)
        }).collect();
        check("binaryen", &graphs, seed, 2);
    }

    #[test]
    fn beam_like_family(seed in any::<u64>()) {
        let mut rng = TestRng::new(seed);
        let graphs: Vec<_> = (0..12).map(|_| {
            let len = 2 + rng.below(300) as usize;
            beam_like(&mut rng, len)
        }).collect();
        check("beam_like", &graphs, seed, 2);
    }

    #[test]
    fn irreducible_family(seed in any::<u64>()) {
        let mut rng = TestRng::new(seed);
        let graphs: Vec<_> = (0..16).map(|index| {
            let len = 2 + rng.below(60) as usize;
            if index % 2 == 0 {
                let entries = 1 + rng.below(len as u64) as usize;
                uniform(&mut rng, len, entries)
            } else {
                dispatch_heavy(&mut rng, len)
            }
        }).collect();
        check("irreducible", &graphs, seed, 2);
    }

    #[test]
    fn fuzz_bytes_family(bytes in proptest::collection::vec(any::<u8>(), 0..300)) {
        let graphs = vec![cfg_from_bytes(&bytes)];
        check("bytes", &graphs, bytes.len() as u64, 4);
    }
}

#[test]
fn complete_graphs() {
    let graphs: Vec<_> = (1..=12)
        .flat_map(|len| [complete(len, 1), complete(len, len)])
        .collect();
    check("complete", &graphs, 7, 4);
}

#[test]
fn huge_switches() {
    let mut rng = TestRng::new(11);
    // 14,000 arms like the largest select_val; 70,000 forces a split two-level table.
    let graphs = vec![huge_switch(&mut rng, 14_000), huge_switch(&mut rng, 70_000)];
    let compiled = harness()
        .compile(&graphs, &StackifyOptions::default())
        .unwrap();
    assert!(compiled.structured[1].stats().br_tables >= 3);
    let mut cases = Vec::new();
    for (graph, cfg) in graphs.iter().enumerate() {
        let arms = cfg.len() as u32 - 2;
        for decisions in [
            vec![0, 0],
            vec![arms - 1, 1, 5],
            vec![arms, 1, 0],
            vec![65_518, 1, 65_519, 1, 65_520, 0],
            vec![u32::MAX, 1, 0x8000_0000, 0],
            vec![13_999, 1, 69_999, 1, 3],
        ] {
            cases.push(Case {
                graph,
                start_label: 0,
                decisions,
            });
        }
        let mut rng = TestRng::new(graph as u64);
        for _ in 0..50 {
            let decisions = (0..8).map(|_| rng.below(arms as u64 + 2) as u32).collect();
            cases.push(Case {
                graph,
                start_label: 0,
                decisions,
            });
        }
    }
    let divergences = harness().run(&compiled, &graphs, &cases, 100).unwrap();
    report("huge_switch", &graphs, cases.len(), &divergences);
    assert!(divergences.is_empty());
}

#[test]
fn huge_dispatcher() {
    // 70,000 entry labels: the dispatcher table is split in two levels, and the `br`s back
    // to the dispatcher exceed one funnel's capacity.
    let len = 70_000u32;
    let mut cfg: TestCfg = Cfg::with_capacity(len as usize);
    for index in 0..len {
        let terminator = if index % 50 == 3 {
            Terminator::Exit
        } else {
            Terminator::Dispatch
        };
        cfg.add_block(BlockId(index), terminator);
        cfg.add_entry(index, BlockId(index));
    }
    let graphs = vec![cfg];
    let compiled = harness()
        .compile(&graphs, &StackifyOptions::default())
        .unwrap();
    let stats = compiled.structured[0].stats();
    assert!(stats.funnels >= 1 && stats.br_tables >= 3, "{stats:?}");
    let mut cases = Vec::new();
    for start_label in [0, 1, 65_518, 65_519, 65_520, 69_999, 70_000, u32::MAX] {
        for decisions in [
            vec![],
            vec![65_519, 65_521, 3],
            vec![69_998, 0, 70_001],
            vec![2, u32::MAX],
        ] {
            cases.push(Case {
                graph: 0,
                start_label,
                decisions,
            });
        }
    }
    let divergences = harness().run(&compiled, &graphs, &cases, 50).unwrap();
    report("huge_dispatcher", &graphs, cases.len(), &divergences);
    assert!(divergences.is_empty());
}

/// Decodes graph number `code` among all graphs of `len` blocks where each block exits,
/// jumps, or branches to an ordered pair of distinct blocks (1 + n + n(n-1) choices).
fn enumerated_graph(len: usize, mut code: usize, entries_everywhere: bool) -> TestCfg {
    let choices = 1 + len * len;
    let mut cfg: TestCfg = Cfg::with_capacity(len);
    for index in 0..len as u32 {
        let choice = code % choices;
        code /= choices;
        let terminator = if choice == 0 {
            Terminator::Exit
        } else if choice <= len {
            Terminator::Jump(BlockId(choice as u32 - 1))
        } else {
            let pair = choice - len - 1;
            let first = pair / (len - 1);
            let mut second = pair % (len - 1);
            if second >= first {
                second += 1;
            }
            Terminator::Branch {
                if_true: BlockId(first as u32),
                if_false: BlockId(second as u32),
            }
        };
        cfg.add_block(BlockId(index), terminator);
    }
    if entries_everywhere {
        enter_everywhere(&mut cfg);
    } else {
        cfg.add_entry(0, BlockId(0));
    }
    cfg
}

/// Whether every block unreachable from block 0 is an `Exit`.
fn dead_blocks_exit(cfg: &TestCfg) -> bool {
    let mut seen = vec![false; cfg.len()];
    let mut stack = vec![BlockId(0)];
    seen[0] = true;
    while let Some(block) = stack.pop() {
        cfg.block(block).terminator.for_each_successor(|next| {
            if !seen[next.index()] {
                seen[next.index()] = true;
                stack.push(next);
            }
        });
    }
    cfg.blocks()
        .all(|(id, block)| seen[id.index()] || block.terminator == Terminator::Exit)
}

#[test]
fn exhaustive_up_to_four_blocks() {
    let mut rng = TestRng::new(4);
    let (mut graphs_total, mut cases_total, mut divergences_total) = (0usize, 0usize, 0usize);
    let (mut dispatched_graphs, mut skipped) = (0usize, 0usize);
    let (mut compile_time, mut run_time) = (std::time::Duration::ZERO, std::time::Duration::ZERO);
    const BATCH: usize = 4_000;
    for len in 1..=4usize {
        let count = (1 + len * len).pow(len as u32);
        let mut start = 0;
        while start < count {
            let end = (start + BATCH / 2).min(count);
            let mut graphs = Vec::with_capacity(BATCH);
            for code in start..end {
                // Entries everywhere covers every start label. A single entry at block 0
                // covers every rooted shape; graphs that differ from another one only in
                // the terminators of blocks unreachable from 0 stackify to the same code
                // (dead blocks are not emitted), so only the one with `Exit` there runs.
                let rooted = enumerated_graph(len, code, false);
                if dead_blocks_exit(&rooted) {
                    graphs.push(rooted);
                } else {
                    skipped += 1;
                }
                graphs.push(enumerated_graph(len, code, true));
            }
            let clock = std::time::Instant::now();
            let compiled = harness()
                .compile(&graphs, &StackifyOptions::default())
                .unwrap();
            compile_time += clock.elapsed();
            let mut cases = Vec::new();
            for (index, cfg) in graphs.iter().enumerate() {
                if compiled.structured[index].stats().dispatch_edges > 0 {
                    dispatched_graphs += 1;
                }
                // Every registered label plus unknown ones outside the synthetic range.
                let starts = start_labels(cfg, &compiled.structured[index]);
                let known = cfg.entries().len();
                for (position, start_label) in starts.into_iter().enumerate() {
                    // Unknown labels stop at once: one run is enough.
                    let sequences = if position < known { 2 } else { 1 };
                    for _ in 0..sequences {
                        let decisions = (0..3 * len).map(|_| rng.below(2) as u32).collect();
                        cases.push(Case {
                            graph: index,
                            start_label,
                            decisions,
                        });
                    }
                }
            }
            let clock = std::time::Instant::now();
            let divergences = harness()
                .run(&compiled, &graphs, &cases, 4 * len + 2)
                .unwrap();
            run_time += clock.elapsed();
            for divergence in divergences.iter().take(3) {
                eprintln!("{:?}\n  {:?}", graphs[divergence.case.graph], divergence);
            }
            graphs_total += graphs.len();
            cases_total += cases.len();
            divergences_total += divergences.len();
            start = end;
        }
    }
    eprintln!(
        "exhaustive: {graphs_total} graphs run ({dispatched_graphs} needing dispatch, \
         {skipped} rooted duplicates skipped), \
         {cases_total} cases, {divergences_total} divergences \
         (compile {compile_time:?}, run {run_time:?})"
    );
    assert_eq!(divergences_total, 0);
    assert_eq!(graphs_total + skipped, 2 * (2 + 25 + 1_000 + 83_521));
}

/// GHC-style oracle self-test: a deliberately broken stackifier must be caught.
#[test]
fn mutations_are_detected() {
    let mut rng = TestRng::new(99);
    let graphs: Vec<_> = (0..40)
        .map(|_| {
            let len = 3 + rng.below(40) as usize;
            beam_like(&mut rng, len)
        })
        .collect();
    for mutation in [Mutation::SwapBranchTargets, Mutation::ShiftBrDepth] {
        let options = StackifyOptions {
            mutation: Some(mutation),
        };
        let mut caught = 0;
        for (index, graph) in graphs.iter().enumerate() {
            let single = std::slice::from_ref(graph);
            // A mutation may produce invalid wasm; that is caught too.
            match harness().check_batch(single, &options, &mut TestRng::new(index as u64), 4, 300) {
                Ok((_, divergences)) if divergences.is_empty() => {}
                _ => caught += 1,
            }
        }
        eprintln!(
            "mutation {mutation:?}: caught on {caught} of {} graphs",
            graphs.len()
        );
        assert!(caught > 0, "{mutation:?} was not detected");
    }
}
