//! beamwasm beside OTP 25 (`erl`, BeamAsm) on the same programs, in the same run: one program
//! per shape of code (`benches/erl/shape_programs.erl`: calls, lists, tuples, a loop past 2^32,
//! mutual recursion, remote and closure calls, binary appends), map updates, a float kernel and
//! a binary build/match loop (`lang_programs.erl`), a ring of processes and spawning
//! (`proc_programs.erl`). Prints best-of-5 milliseconds per program in both modes and on OTP,
//! the ratios and their geometric mean, and the peak resident memory of `beamwasm run` and of
//! `erl` running each program alone; criterion times the single-function runs.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Instant;

use beamwasm::codegen::{compile_module, CompileOptions, Mode};
use beamwasm::runtime::{Outcome, Vm, VmOptions};
use criterion::{criterion_group, criterion_main, Criterion};

/// `(module, function)`.
const PROGRAMS: [(&str, &str); 14] = [
    ("shape_programs", "fib"),
    ("shape_programs", "tak"),
    ("shape_programs", "nrev"),
    ("shape_programs", "qsort"),
    ("shape_programs", "tree"),
    ("shape_programs", "loop"),
    ("shape_programs", "mutual"),
    ("shape_programs", "remote"),
    ("shape_programs", "tlv"),
    ("lang_programs", "maps"),
    ("lang_programs", "floats"),
    ("lang_programs", "binaries"),
    ("proc_programs", "ring"),
    ("proc_programs", "spawn_many"),
];
const MODULES: [&str; 3] = ["shape_programs", "lang_programs", "proc_programs"];

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
        Outcome::Halted(halt) => panic!("{function} halted: {halt:?}"),
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

/// The peak resident set (MiB) of `command` run to its end as a child process.
// The child is reaped by `wait4`, which `Child::wait` cannot stand in for (it gives no rusage).
#[allow(clippy::zombie_processes)]
fn peak_rss_mib(command: &mut Command) -> f64 {
    let child = command
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("spawn");
    let mut status = 0;
    // SAFETY: `wait4` writes only into `status` and `usage`, both owned here; the pid is our
    // own child's, waited for once.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    let pid = unsafe { libc::wait4(child.id() as libc::pid_t, &mut status, 0, &mut usage) };
    assert_eq!(pid, child.id() as libc::pid_t, "wait4");
    assert!(
        libc::WIFEXITED(status) && libc::WEXITSTATUS(status) == 0,
        "{command:?} failed"
    );
    usage.ru_maxrss as f64 / 1024.0 // kilobytes on Linux
}

/// The peak memory of running `module:function()` alone, on `beamwasm run` and on `erl`.
fn peak_memory(dir: &Path, (module, function): (&str, &str)) -> (f64, f64) {
    let beam = dir.join(format!("{module}.beam"));
    let beamwasm = peak_rss_mib(
        Command::new(env!("CARGO_BIN_EXE_beamwasm"))
            .arg("run")
            .arg(&beam)
            .args(["-f", function]),
    );
    let erl = peak_rss_mib(
        Command::new("erl")
            .arg("-noshell")
            .arg("-pa")
            .arg(dir)
            .args(["-eval", &format!("{module}:{function}(), halt().")]),
    );
    (beamwasm, erl)
}

fn versus_otp(c: &mut Criterion) {
    let dir = beam_dir();
    // Before this process grows: on Linux a child's peak counts its parent's size at the fork.
    let memory: Vec<(f64, f64)> = PROGRAMS.iter().map(|&p| peak_memory(&dir, p)).collect();
    let mut single = loaded_vm(&dir, Mode::Single);
    let mut per_label = loaded_vm(&dir, Mode::PerLabel);
    let otp = otp_times(&dir);
    assert_eq!(otp.len(), PROGRAMS.len(), "erl ran every program");
    println!(
        "{:<11} {:>10} {:>10} {:>9} {:>10} {:>10} {:>12} {:>8}",
        "program",
        "single ms",
        "per-label",
        "OTP ms",
        "single/OTP",
        "label/sing",
        "RSS beamwasm",
        "RSS erl"
    );
    let mut ratios = Vec::new();
    for ((&program, (expected, otp_ms)), (rss, rss_erl)) in PROGRAMS.iter().zip(otp).zip(memory) {
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
            "{function:<11} {s:>10.2} {p:>10.2} {otp_ms:>9.2} {:>9.2}x {:>9.2}x {rss:>8.1} MiB {rss_erl:>4.1} MiB",
            s / otp_ms,
            p / s,
        );
        ratios.push(s / otp_ms);
    }
    let geomean = (ratios.iter().map(|r| r.ln()).sum::<f64>() / ratios.len() as f64).exp();
    let worst = ratios.iter().cloned().fold(0.0, f64::max);
    println!(
        "single/OTP over {} programs: geometric mean {geomean:.2}x, worst {worst:.2}x",
        ratios.len()
    );
    for &program in &PROGRAMS {
        c.bench_function(&format!("single/{}", program.1), |b| {
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
