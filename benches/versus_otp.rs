//! beamwasm beside OTP 25 (`erl`, BeamAsm) on the same programs, in the same run: map updates,
//! a float kernel and a binary build/match loop (`benches/erl/lang_programs.erl`), a ring of
//! processes and spawning (`benches/erl/proc_programs.erl`). Prints best-of-5 milliseconds per
//! program in both modes and on OTP, and the ratios; criterion times the beamwasm runs.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use beamwasm::codegen::{compile_module, CompileOptions, Mode};
use beamwasm::runtime::{Outcome, Vm, VmOptions};
use criterion::{criterion_group, criterion_main, Criterion};

/// `(module, function)`.
const PROGRAMS: [(&str, &str); 5] = [
    ("lang_programs", "maps"),
    ("lang_programs", "floats"),
    ("lang_programs", "binaries"),
    ("proc_programs", "ring"),
    ("proc_programs", "spawn_many"),
];
const MODULES: [&str; 2] = ["lang_programs", "proc_programs"];

fn beam_dir() -> PathBuf {
    let out = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("bench-versus-otp");
    std::fs::create_dir_all(&out).expect("bench dir");
    let sources = MODULES
        .map(|m| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(format!("benches/erl/{m}.erl")));
    let status = Command::new("erlc")
        .arg("-o")
        .arg(&out)
        .args(&sources)
        .status()
        .expect("erlc (run scripts/setup to install Erlang)");
    assert!(status.success(), "erlc failed");
    out
}

fn loaded_vm(dir: &Path, mode: Mode) -> Vm {
    let options = CompileOptions {
        mode,
        ..CompileOptions::default()
    };
    let mut vm = Vm::new(VmOptions::default()).expect("vm");
    for module in MODULES {
        let beam = std::fs::read(dir.join(format!("{module}.beam"))).expect("beam");
        vm.load(compile_module(&beam, &options).expect("compile"))
            .expect("load");
    }
    vm.link().expect("link");
    vm
}

fn run(vm: &mut Vm, (module, function): (&str, &str)) -> Vec<u8> {
    match vm.call(module, function).expect("run") {
        Outcome::Returned(text) => text,
        Outcome::Raised { class, reason } => panic!(
            "{function} raised {class}: {}",
            String::from_utf8_lossy(&reason)
        ),
    }
}

fn best_ms(vm: &mut Vm, program: (&str, &str)) -> f64 {
    (0..5)
        .map(|_| {
            let start = Instant::now();
            run(vm, program);
            start.elapsed().as_secs_f64() * 1e3
        })
        .fold(f64::INFINITY, f64::min)
}

/// `(result text, best-of-5 ms)` of each program on `erl`, timed inside the VM.
fn otp_times(dir: &Path) -> Vec<(String, f64)> {
    let calls: Vec<String> = PROGRAMS
        .iter()
        .map(|(m, f)| format!("{{{m}, {f}}}"))
        .collect();
    let script = format!(
        "lists:foreach(fun({{M, F}}) -> \
           T = [element(1, timer:tc(M, F, [])) || _ <- lists:seq(1, 5)], \
           io:format(\"~w ~w~n\", [M:F(), lists:min(T)]) end, [{}]), halt().",
        calls.join(", ")
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

fn versus_otp(c: &mut Criterion) {
    let dir = beam_dir();
    let mut single = loaded_vm(&dir, Mode::Single);
    let mut per_label = loaded_vm(&dir, Mode::PerLabel);
    let otp = otp_times(&dir);
    assert_eq!(otp.len(), PROGRAMS.len(), "erl ran every program");
    for (&program, (expected, otp_ms)) in PROGRAMS.iter().zip(otp) {
        let function = program.1;
        assert_eq!(run(&mut single, program), expected.as_bytes(), "{function}");
        assert_eq!(
            run(&mut per_label, program),
            expected.as_bytes(),
            "{function}"
        );
        let (s, p) = (
            best_ms(&mut single, program),
            best_ms(&mut per_label, program),
        );
        println!(
            "{function}: single {s:.2} ms, per-label {p:.2} ms, OTP 25 {otp_ms:.2} ms; \
             per-label/single {:.2}x, single/OTP {:.2}x",
            p / s,
            s / otp_ms
        );
        c.bench_function(&format!("single/{function}"), |b| {
            b.iter(|| run(&mut single, program))
        });
    }
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(10);
    targets = versus_otp
}
criterion_main!(benches);
