use beamwasm::cfg::{BlockId, Cfg, Terminator};
use beamwasm::stackify::testing::*;
use beamwasm::stackify::{stackify, StackifyOptions};

#[test]
fn smoke_families() {
    let harness = Harness::new();
    let mut rng = TestRng::new(1);
    let mut graphs = Vec::new();
    for i in 0..200 {
        let n = 2 + rng.below(30) as usize;
        graphs.push(match i % 4 {
            0 => {
                let d = rng.below(100);
                binaryen_style(&mut rng, n, d)
            }
            1 => beam_like(&mut rng, n),
            2 => uniform(&mut rng, n, 3),
            _ => complete(1 + n % 6, 2),
        });
    }
    let (cases, div) = harness
        .check_batch(&graphs, &StackifyOptions::default(), &mut rng, 3, 200)
        .unwrap();
    for d in div.iter().take(3) {
        eprintln!("{:?}\n{:?}", graphs[d.case.graph], d);
    }
    eprintln!("cases {cases} divergences {}", div.len());
    assert!(div.is_empty());
}

#[test]
fn smoke_text() {
    let mut cfg: Cfg<BlockId> = Cfg::new();
    for i in 0..4 {
        cfg.add_block(BlockId(i), Terminator::Exit);
    }
    cfg.set_terminator(
        BlockId(0),
        Terminator::Branch {
            if_true: BlockId(1),
            if_false: BlockId(2),
        },
    );
    cfg.set_terminator(BlockId(1), Terminator::Jump(BlockId(3)));
    cfg.set_terminator(BlockId(2), Terminator::Jump(BlockId(3)));
    cfg.set_terminator(
        BlockId(3),
        Terminator::Branch {
            if_true: BlockId(0),
            if_false: BlockId(3),
        },
    );
    cfg.add_entry(0, BlockId(0));
    let s = stackify(&cfg, &StackifyOptions::default()).unwrap();
    eprintln!("{:?}", s.tokens());
    let (bytes, _) = build_module(&[cfg], &StackifyOptions::default()).unwrap();
    eprintln!("{}", wasmprinter::print_bytes(&bytes).unwrap());
}
