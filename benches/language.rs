//! The language beyond calls: map updates, a float kernel and a binary build/match loop
//! (`benches/erl/lang_programs.erl`), on beamwasm in both modes and on OTP 25 (`erl`, BeamAsm)
//! in the same run. Prints best-of-5 milliseconds per program and the ratios; criterion times
//! the beamwasm runs.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use beamwasm::codegen::{compile_module, CompileOptions, Mode};
use beamwasm::runtime::{Outcome, Vm, VmOptions};
use criterion::{criterion_group, criterion_main, Criterion};

const MODULE: &str = "lang_programs";
const PROGRAMS: [&str; 3] = ["maps", "floats", "binaries"];

fn beam_dir() -> PathBuf {
    let out = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("bench-lang");
    std::fs::create_dir_all(&out).expect("bench dir");
    let source = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("benches/erl/lang_programs.erl");
    let status = Command::new("erlc")
        .arg("-o")
        .arg(&out)
        .arg(&source)
        .status()
        .expect("erlc (run scripts/setup to install Erlang)");
    assert!(status.success(), "erlc failed");
    out
}

fn loaded_vm(dir: &Path, mode: Mode) -> Vm {
    let beam = std::fs::read(dir.join(format!("{MODULE}.beam"))).expect("beam");
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
    match vm.call(MODULE, function).expect("run") {
        Outcome::Returned(text) => text,
        Outcome::Raised { class, reason } => panic!(
            "{function} raised {class}: {}",
            String::from_utf8_lossy(&reason)
        ),
    }
}

fn best_ms(vm: &mut Vm, function: &str) -> f64 {
    (0..5)
        .map(|_| {
            let start = Instant::now();
            run(vm, function);
            start.elapsed().as_secs_f64() * 1e3
        })
        .fold(f64::INFINITY, f64::min)
}

/// `(result text, best-of-5 ms)` of each program on `erl`, timed inside the VM.
fn otp_times(dir: &Path) -> Vec<(String, f64)> {
    let script = format!(
        "lists:foreach(fun(F) -> \
           T = [element(1, timer:tc({MODULE}, F, [])) || _ <- lists:seq(1, 5)], \
           io:format(\"~w ~w~n\", [{MODULE}:F(), lists:min(T)]) end, [{}]), halt().",
        PROGRAMS.join(", ")
    );
    let out = Command::new("erl")
        .arg("-noshell")
        .arg("-pa")
        .arg(dir)
        .arg("-eval")
        .arg(&script)
        .output()
        .expect("erl");
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|line| {
            let (result, micros) = line.rsplit_once(' ').expect("erl output");
            (
                result.to_string(),
                micros.parse::<f64>().expect("time") / 1e3,
            )
        })
        .collect()
}

fn language(c: &mut Criterion) {
    let dir = beam_dir();
    let mut single = loaded_vm(&dir, Mode::Single);
    let mut per_label = loaded_vm(&dir, Mode::PerLabel);
    let otp = otp_times(&dir);
    assert_eq!(otp.len(), PROGRAMS.len(), "erl ran every program");
    for (function, (expected, otp_ms)) in PROGRAMS.iter().zip(otp) {
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
            best_ms(&mut single, function),
            best_ms(&mut per_label, function),
        );
        println!(
            "{function}: single {s:.2} ms, per-label {p:.2} ms, OTP 25 {otp_ms:.2} ms; \
             per-label/single {:.2}x, single/OTP {:.2}x",
            p / s,
            s / otp_ms
        );
        c.bench_function(&format!("single/{function}"), |b| {
            b.iter(|| run(&mut single, function))
        });
    }
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(10);
    targets = language
}
criterion_main!(benches);
