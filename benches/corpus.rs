//! The OTP 25 corpus through beamwasm, single-function vs per-label in one run: codegen time and
//! output bytes over every module that compiles, and wasmtime (Cranelift) compile time of the
//! output, with the largest such module on its own. Prints the ratios beside criterion's times.

use std::time::{Duration, Instant};

use beamwasm::beam::BeamModule;
use beamwasm::codegen::{compile_beam, CompileOptions, CompiledModule, Mode};
use criterion::{criterion_group, criterion_main, Criterion};

fn corpus() -> Vec<BeamModule> {
    let mut paths: Vec<_> = std::fs::read_dir("/usr/lib/erlang/lib")
        .expect("OTP is not installed: run scripts/setup")
        .flatten()
        .flat_map(|app| {
            std::fs::read_dir(app.path().join("ebin"))
                .into_iter()
                .flatten()
                .flatten()
        })
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "beam"))
        .collect();
    paths.sort();
    paths
        .iter()
        .filter_map(|p| beamwasm::beam::read(&std::fs::read(p).ok()?).ok())
        .collect()
}

fn options(mode: Mode) -> CompileOptions {
    CompileOptions {
        mode,
        ..CompileOptions::default()
    }
}

/// Compiles every module, keeping those that compile.
fn compile_all(modules: &[BeamModule], mode: Mode) -> Vec<CompiledModule> {
    modules
        .iter()
        .filter_map(|m| compile_beam(m, &options(mode)).ok())
        .collect()
}

fn best_of<T>(runs: usize, mut f: impl FnMut() -> T) -> Duration {
    (0..runs)
        .map(|_| {
            let start = Instant::now();
            std::hint::black_box(f());
            start.elapsed()
        })
        .min()
        .unwrap_or_default()
}

fn engine() -> wasmtime::Engine {
    wasmtime::Engine::new(&beamwasm::runtime::engine::wasmtime_config()).expect("engine")
}

/// Under `cargo bench` (which passes `--bench`); `cargo test` runs each bench once as a check.
fn measuring() -> bool {
    std::env::args().any(|a| a == "--bench")
}

fn corpus_benches(c: &mut Criterion) {
    let modules = corpus();
    if !measuring() {
        // A quick check: some of the corpus compiles in both modes.
        assert!(!compile_all(&modules, Mode::Single).is_empty());
        assert!(!compile_all(&modules, Mode::PerLabel).is_empty());
        return;
    }
    let instructions: usize = modules
        .iter()
        .map(|m| {
            m.functions
                .iter()
                .map(|f| f.instructions.len())
                .sum::<usize>()
        })
        .sum();
    // Only modules that compile in both modes are compared.
    let single = compile_all(&modules, Mode::Single);
    let per_label = compile_all(&modules, Mode::PerLabel);
    let both: Vec<&str> = single
        .iter()
        .map(|m| m.name.as_str())
        .filter(|n| per_label.iter().any(|p| p.name == *n))
        .collect();
    let bytes = |compiled: &[CompiledModule]| -> usize {
        compiled
            .iter()
            .filter(|m| both.contains(&m.name.as_str()))
            .map(|m| m.wasm.len())
            .sum()
    };
    let (single_bytes, per_label_bytes) = (bytes(&single), bytes(&per_label));
    let codegen_single = best_of(3, || compile_all(&modules, Mode::Single));
    let codegen_per_label = best_of(3, || compile_all(&modules, Mode::PerLabel));
    println!(
        "corpus: {} modules, {instructions} instructions; {} compile in both modes",
        modules.len(),
        both.len()
    );
    println!(
        "codegen over the corpus: single {:.0} ms, per-label {:.0} ms (per-label/single {:.2}x)",
        codegen_single.as_secs_f64() * 1e3,
        codegen_per_label.as_secs_f64() * 1e3,
        codegen_per_label.as_secs_f64() / codegen_single.as_secs_f64()
    );
    println!(
        "output: single {single_bytes} bytes, per-label {per_label_bytes} bytes (single/per-label {:.2}x)",
        single_bytes as f64 / per_label_bytes as f64
    );

    let engine = engine();
    let cranelift = |compiled: &[CompiledModule]| {
        // One pass: the whole output is ~100 MB, minutes of Cranelift.
        best_of(1, || {
            for m in compiled.iter().filter(|m| both.contains(&m.name.as_str())) {
                wasmtime::Module::new(&engine, &m.wasm).expect("wasmtime compile");
            }
        })
    };
    let (wt_single, wt_per_label) = (cranelift(&single), cranelift(&per_label));
    println!(
        "wasmtime compile of that output: single {:.0} ms, per-label {:.0} ms (single/per-label {:.2}x)",
        wt_single.as_secs_f64() * 1e3,
        wt_per_label.as_secs_f64() * 1e3,
        wt_single.as_secs_f64() / wt_per_label.as_secs_f64()
    );
    // The largest modules, by entry labels, on their own (goal: the largest in ≤ 1 s); best of
    // 5, as this shared machine's speed varies by up to 2x between minutes.
    let mut largest: Vec<&CompiledModule> = single.iter().collect();
    largest.sort_by_key(|m| std::cmp::Reverse(m.entry_count));
    for m in largest.iter().take(5) {
        let time = best_of(5, || {
            wasmtime::Module::new(&engine, &m.wasm).expect("compile")
        });
        let per_label_time = per_label.iter().find(|p| p.name == m.name).map(|p| {
            best_of(1, || {
                wasmtime::Module::new(&engine, &p.wasm).expect("compile")
            })
        });
        println!(
            "large module: {} ({} label values, {} bytes): wasmtime compile {:.0} ms (per-label {})",
            m.name,
            m.entry_count,
            m.wasm.len(),
            time.as_secs_f64() * 1e3,
            per_label_time.map_or("-".to_string(), |t| format!("{:.0} ms", t.as_secs_f64() * 1e3))
        );
    }

    let mut group = c.benchmark_group("corpus");
    group.sample_size(10);
    group.bench_function("codegen/single", |b| {
        b.iter(|| compile_all(&modules, Mode::Single))
    });
    group.bench_function("codegen/per-label", |b| {
        b.iter(|| compile_all(&modules, Mode::PerLabel))
    });
    group.finish();
}

criterion_group!(benches, corpus_benches);
criterion_main!(benches);
