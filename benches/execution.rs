//! Execution speed of compiled Erlang on wasmtime: naive fib, tak, nrev, a tail-recursive loop
//! on small integers, the same loop with an accumulator past 2^32 (small since terms are 64
//! bits wide) and past 2^64 (bignums) (`benches/erl/bench_programs.erl`), in
//! single-function and per-label mode side by side. Besides criterion's per-run times, prints
//! ns per Erlang call and the per-label/single ratio measured in the same run, to set beside the
//! anchors (OTP 25 BeamAsm ~3 ns/call on fib, AtomVM's interpreter ~40, its x86-64 JIT ~21).

use std::path::PathBuf;
use std::process::Command;
use std::time::Instant;

use beamwasm::codegen::{compile_module, CompileOptions, Mode};
use beamwasm::runtime::{Outcome, Vm, VmOptions};
use criterion::{criterion_group, criterion_main, Criterion};

/// `(function, Erlang calls per run, expected result)`: see `calls/1` in the program.
const PROGRAMS: [(&str, u64, &str); 6] = [
    ("fib", 635_621, "196418"),
    ("tak", 63_609, "7"),
    ("nrev", 2_515_040, "10000"),
    ("loop", 1_000_001, "5908768"),
    ("bigloop", 1_000_001, "500000500000"),
    ("hugeloop", 1_000_001, "18446744573710051616"),
];

fn loaded_vm(mode: Mode) -> Vm {
    let out = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("bench-programs");
    std::fs::create_dir_all(&out).expect("bench dir");
    let source = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("benches/erl/bench_programs.erl");
    let status = Command::new("erlc")
        .arg("-o")
        .arg(&out)
        .arg(&source)
        .status()
        .expect("erlc (run scripts/setup to install Erlang)");
    assert!(status.success(), "erlc failed");
    let beam = std::fs::read(out.join("bench_programs.beam")).expect("beam");
    let options = CompileOptions {
        mode,
        ..CompileOptions::default()
    };
    let compiled = compile_module(&beam, &options).expect("compile");
    let mut vm = Vm::new(VmOptions::default()).expect("vm");
    vm.load(compiled).expect("load");
    vm.link().expect("link");
    vm
}

fn run(vm: &mut Vm, function: &str) -> Vec<u8> {
    match vm.call("bench_programs", function).expect("run") {
        Outcome::Returned(text) => text,
        Outcome::Raised { class, reason } => {
            panic!(
                "{function} raised {class}: {}",
                String::from_utf8_lossy(&reason)
            )
        }
        Outcome::Halted(halt) => panic!("{function} halted: {halt:?}"),
    }
}

/// Best of several runs, in ns per Erlang call.
fn ns_per_call(vm: &mut Vm, function: &str, calls: u64) -> f64 {
    let best = (0..5)
        .map(|_| {
            let start = Instant::now();
            run(vm, function);
            start.elapsed()
        })
        .min()
        .unwrap_or_default();
    best.as_nanos() as f64 / calls as f64
}

fn execution(c: &mut Criterion) {
    let mut single = loaded_vm(Mode::Single);
    let mut per_label = loaded_vm(Mode::PerLabel);
    for (function, calls, expected) in PROGRAMS {
        assert_eq!(
            run(&mut single, function),
            expected.as_bytes(),
            "{function}"
        );
        assert_eq!(
            run(&mut per_label, function),
            expected.as_bytes(),
            "{function}"
        );
        let (s, p) = (
            ns_per_call(&mut single, function, calls),
            ns_per_call(&mut per_label, function, calls),
        );
        println!(
            "{function}: single {s:.2} ns/call, per-label {p:.2} ns/call, per-label/single {:.2}x ({calls} calls)",
            p / s
        );
        c.bench_function(&format!("single/{function}"), |b| {
            b.iter(|| run(&mut single, function))
        });
        c.bench_function(&format!("per-label/{function}"), |b| {
            b.iter(|| run(&mut per_label, function))
        });
    }
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(10);
    targets = execution
}
criterion_main!(benches);
