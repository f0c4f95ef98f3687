//! Execution speed of compiled Erlang on wasmtime: naive fib, tak, nrev, a tail-recursive loop
//! on small integers and the same loop on bignums (`benches/erl/bench_programs.erl`). Besides criterion's per-run times, prints ns per
//! Erlang call, to set beside the anchors (OTP 25 BeamAsm ~3 ns/call on fib, AtomVM's
//! interpreter ~40, AtomVM's x86-64 JIT ~21).

use std::path::PathBuf;
use std::process::Command;
use std::time::Instant;

use beamwasm::codegen::{compile_module, CompileOptions};
use beamwasm::runtime::{Outcome, Vm, VmOptions};
use criterion::{criterion_group, criterion_main, Criterion};

/// `(function, Erlang calls per run, expected result)`: see `calls/1` in the program.
const PROGRAMS: [(&str, u64, &str); 5] = [
    ("fib", 635_621, "196418"),
    ("tak", 63_609, "7"),
    ("nrev", 2_515_040, "10000"),
    ("loop", 1_000_001, "5908768"),
    ("bigloop", 1_000_001, "500000500000"),
];

fn loaded_vm() -> Vm {
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
    let compiled = compile_module(&beam, &CompileOptions::default()).expect("compile");
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
    }
}

fn execution(c: &mut Criterion) {
    let mut vm = loaded_vm();
    for (function, calls, expected) in PROGRAMS {
        assert_eq!(run(&mut vm, function), expected.as_bytes(), "{function}");
        // Best of several runs, as ns per Erlang call.
        let best = (0..5)
            .map(|_| {
                let start = Instant::now();
                run(&mut vm, function);
                start.elapsed()
            })
            .min()
            .unwrap_or_default();
        println!(
            "{function}: {:.2} ns/call ({calls} calls in {:.2} ms)",
            best.as_nanos() as f64 / calls as f64,
            best.as_secs_f64() * 1e3
        );
        c.bench_function(&format!("single/{function}"), |b| {
            b.iter(|| run(&mut vm, function))
        });
    }
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(10);
    targets = execution
}
criterion_main!(benches);
