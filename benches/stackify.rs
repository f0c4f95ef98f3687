//! Stackifier speed on synthetic BEAM-like graphs (goals: 10k blocks ≤ 20 ms, 100k ≤ 300 ms,
//! growth 10k→100k ≤ 12×) and on the graphs of the largest OTP 25 modules.

use beamwasm::cfg::Terminator;
use beamwasm::stackify::testing::{beam_like, uniform, TestCfg, TestRng};
use beamwasm::stackify::{stackify, StackifyOptions};
use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion};
use std::hint::black_box;
use wasm_encoder::Function;

fn stackify_and_emit(cfg: &TestCfg) -> usize {
    let mut structured = stackify(cfg, &StackifyOptions::default()).expect("stackify");
    let mut func = Function::new([]);
    structured
        .emit(cfg, &mut func, 3, |id, payload, func| {
            let mut sink = func.instructions();
            sink.i32_const(payload.0 as i32).call(0);
            match cfg.block(id).terminator {
                Terminator::Jump(_) => {}
                Terminator::Exit => {
                    sink.i32_const(0).return_();
                }
                _ => {
                    sink.call(1);
                }
            }
            Ok(())
        })
        .expect("emit")
}

fn bench(c: &mut Criterion) {
    let mut group = c.benchmark_group("stackify");
    group.sample_size(20);
    for len in [10_000usize, 100_000] {
        let beam = beam_like(&mut TestRng::new(len as u64), len);
        let irreducible = uniform(&mut TestRng::new(len as u64), len, len / 10);
        for (name, cfg) in [("beam_like", &beam), ("uniform_irreducible", &irreducible)] {
            let clock = std::time::Instant::now();
            let structured = stackify(cfg, &StackifyOptions::default()).expect("stackify");
            eprintln!(
                "{name}/{len}: {:?} once; {:?}",
                clock.elapsed(),
                structured.stats()
            );
        }
        group.bench_with_input(
            BenchmarkId::new("beam_like/stackify", len),
            &beam,
            |b, cfg| {
                b.iter(|| stackify(black_box(cfg), &StackifyOptions::default()).expect("stackify"))
            },
        );
        group.bench_with_input(
            BenchmarkId::new("beam_like/stackify+emit", len),
            &beam,
            |b, cfg| b.iter(|| stackify_and_emit(black_box(cfg))),
        );
        group.bench_with_input(
            BenchmarkId::new("uniform_irreducible/stackify+emit", len),
            &irreducible,
            |b, cfg| b.iter(|| stackify_and_emit(black_box(cfg))),
        );
    }
    group.finish();
}

/// The largest OTP 25 modules by label count, with the app directory prefix that holds them.
const LARGEST_OTP: [(&str, &str); 3] = [
    ("public_key-", "OTP-PUB-KEY"),
    ("stdlib-", "unicode_util"),
    ("megaco-", "megaco_text_parser_v3"),
];

fn otp_module(app_prefix: &str, name: &str) -> Option<beamwasm::beam::BeamModule> {
    let app = std::fs::read_dir("/usr/lib/erlang/lib")
        .ok()?
        .flatten()
        .find(|e| e.file_name().to_string_lossy().starts_with(app_prefix))?;
    let bytes = std::fs::read(app.path().join("ebin").join(format!("{name}.beam"))).ok()?;
    beamwasm::beam::read(&bytes).ok()
}

fn bench_otp(c: &mut Criterion) {
    let mut group = c.benchmark_group("stackify_otp");
    group.sample_size(20);
    for (app, name) in LARGEST_OTP {
        let Some(module) = otp_module(app, name) else {
            eprintln!("{name}: not installed (scripts/setup installs OTP); skipped");
            continue;
        };
        let cfg = beamwasm::codegen::module_cfg(&module, &Default::default()).expect("cfg");
        eprintln!(
            "{name}: {} blocks, {} entries",
            cfg.len(),
            cfg.entries().len()
        );
        group.bench_function(BenchmarkId::new("stackify+emit", name), |b| {
            b.iter(|| {
                let mut structured =
                    stackify(black_box(&cfg), &StackifyOptions::default()).expect("stackify");
                let mut func = Function::new([]);
                structured
                    .emit(&cfg, &mut func, 3, |id, _, func| {
                        let mut sink = func.instructions();
                        match cfg.block(id).terminator {
                            Terminator::Jump(_) => {}
                            Terminator::Exit => {
                                sink.i32_const(0).return_();
                            }
                            _ => {
                                sink.i32_const(0);
                            }
                        }
                        Ok(())
                    })
                    .expect("emit")
            })
        });
    }
    group.finish();
}

criterion_group!(benches, bench, bench_otp);
criterion_main!(benches);
