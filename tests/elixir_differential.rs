//! The Elixir differential suite: every `tests/ex/*.ex` (a module with `main/0`) runs on real
//! `elixir` and on beamwasm, in single-function and per-label mode, and what they did must be
//! identical.
//!
//! # Flow
//!
//! 1. One `elixirc -o TMP tests/ex/*.ex` compiles every program.
//! 2. The oracle: programs that do not print run in one `elixir -pa TMP
//!    tests/tools/run_on_elixir.exs MOD...`, which prints a line per program (the `~w` text of
//!    `main()`'s result, or the banner Elixir prints for its uncaught exception); programs that
//!    print (`print_*.ex`) run each in its own `elixir -pa TMP -e ...`, whose standard output
//!    (what the program printed, then the result's `~w` line) is compared byte for byte.
//! 3. For each program and mode, `beamwasm run [--mode per-label] TMP/Elixir.MOD.beam`: an
//!    Elixir module runs through beamwasm's Elixir runner, so an uncaught exception is printed
//!    as `elixir` prints it (`** (RuntimeError) boom` and the stack trace). What is compared:
//!    standard output, and the banner (standard error up to the stack trace, whose frames
//!    differ: `elixir -e` has `erl_eval`'s).
//!
//! Programs that fail for a reason outside the code path and loading (another room's work
//! that has not landed) are listed in `KNOWN_FAILING` with the reason: they still run, are
//! counted and reported, and one that starts to pass is reported so that it can leave the
//! list. Any other difference fails the test.
//!
//! Knobs: `BEAMWASM_DIFF_ONLY` (comma-separated substrings of program names) and
//! `BEAMWASM_DIFF_TIMEOUT` (seconds per run, default 60), as in `tests/differential.rs`.
//! Without Elixir the test fails (run `scripts/setup`, which installs it); it never passes
//! vacuously.

use std::fs;
use std::io::ErrorKind;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;
use std::time::{Duration, Instant};

mod common;
use common::{program_names, truncate, wait_or_kill};

/// Programs that fail for reasons outside this suite's room, with the reason each.
const KNOWN_FAILING: &[(&str, &str)] = &[];

const ELIXIR_MISSING: &str =
    "Elixir (elixir, elixirc) is required by the Elixir differential test: run scripts/setup";

fn manifest_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A program: its file's stem and the module it defines.
struct Program {
    name: String,
    module: String,
}

impl Program {
    fn prints(&self) -> bool {
        self.name.starts_with("print_")
    }
}

/// The first module a source defines, as an atom's text (`Elixir.Name`).
fn first_module(source: &str) -> Option<String> {
    source.lines().find_map(|line| {
        let rest = line.trim_start().strip_prefix("defmodule ")?;
        let alias: String = rest
            .trim_start()
            .chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_' || *c == '.')
            .collect();
        (!alias.is_empty()).then(|| format!("Elixir.{alias}"))
    })
}

/// `tests/ex/*.ex`, sorted, filtered by `BEAMWASM_DIFF_ONLY`.
fn programs() -> Vec<Program> {
    let dir = manifest_dir().join("tests/ex");
    let names = program_names(&dir, "ex");
    names
        .into_iter()
        .map(|name| {
            let path = dir.join(format!("{name}.ex"));
            let source = fs::read_to_string(&path)
                .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
            let module = first_module(&source)
                .unwrap_or_else(|| panic!("{} defines no module", path.display()));
            Program { name, module }
        })
        .collect()
}

fn run_tool(cmd: &mut Command) -> std::process::Output {
    match cmd.output() {
        Ok(out) => out,
        Err(e) if e.kind() == ErrorKind::NotFound => {
            panic!("{ELIXIR_MISSING} ({:?}: {e})", cmd.get_program())
        }
        Err(e) => panic!("cannot start {cmd:?}: {e}"),
    }
}

/// What a run did, as compared: standard output, and the banner of an uncaught exception.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Observed {
    stdout: String,
    banner: Option<String>,
}

impl std::fmt::Display for Observed {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:?}", self.stdout)?;
        if let Some(banner) = &self.banner {
            write!(f, " raised {banner:?}")?;
        }
        Ok(())
    }
}

/// Standard error up to the stack trace (whose lines are indented by four spaces).
fn banner(stderr: &str) -> String {
    stderr
        .lines()
        .take_while(|l| !l.starts_with("    "))
        .collect::<Vec<_>>()
        .join("\n")
}

/// What each program does on real Elixir.
fn elixir_oracle(dir: &Path, programs: &[Program]) -> Vec<Observed> {
    let script = manifest_dir().join("tests/tools/run_on_elixir.exs");
    let quiet: Vec<&Program> = programs.iter().filter(|p| !p.prints()).collect();
    let mut lines = std::collections::HashMap::new();
    if !quiet.is_empty() {
        let out = run_tool(
            Command::new("elixir")
                .arg("-pa")
                .arg(dir)
                .arg(&script)
                .args(quiet.iter().map(|p| &p.module)),
        );
        let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
        assert!(
            out.status.success(),
            "the Elixir oracle failed ({}):\n{stdout}{}",
            out.status,
            String::from_utf8_lossy(&out.stderr)
        );
        for line in stdout.lines() {
            let mut fields = line.splitn(3, '\t');
            let (module, status, text) = (
                fields.next().unwrap_or(""),
                fields.next().unwrap_or(""),
                fields.next().unwrap_or(""),
            );
            let observed = match status {
                "ok" => Observed {
                    stdout: format!("{text}\n"),
                    banner: None,
                },
                "raised" => Observed {
                    stdout: String::new(),
                    banner: Some(text.replace("\\n", "\n").trim_end().to_string()),
                },
                _ => panic!("unparsable oracle line: {line}"),
            };
            lines.insert(module.to_string(), observed);
        }
    }
    programs
        .iter()
        .map(|p| {
            if !p.prints() {
                return lines
                    .remove(&p.module)
                    .unwrap_or_else(|| panic!("the Elixir oracle printed nothing for {}", p.name));
            }
            let expression = format!(
                "IO.write(:io_lib.format(\"~w~n\", [:\"{}\".main()]))",
                p.module
            );
            let out = run_tool(
                Command::new("elixir")
                    .arg("-pa")
                    .arg(dir)
                    .arg("-e")
                    .arg(expression),
            );
            let stderr = String::from_utf8_lossy(&out.stderr);
            Observed {
                stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
                banner: (!out.status.success()).then(|| banner(&stderr)),
            }
        })
        .collect()
}

/// `beamwasm run FLAGS beam` with a timeout.
fn run_beamwasm(beam: &Path, flags: &[&str], timeout: Duration) -> Result<Observed, String> {
    let (out_path, err_path) = (beam.with_extension("stdout"), beam.with_extension("stderr"));
    let out_file = fs::File::create(&out_path).map_err(|e| e.to_string())?;
    let err_file = fs::File::create(&err_path).map_err(|e| e.to_string())?;
    let mut child = Command::new(env!("CARGO_BIN_EXE_beamwasm"))
        .arg("run")
        .args(flags)
        .arg(beam)
        .stdin(Stdio::null())
        .stdout(out_file)
        .stderr(err_file)
        .spawn()
        .map_err(|e| format!("cannot start beamwasm: {e}"))?;
    let status = wait_or_kill(&mut child, timeout)?;
    let stdout = String::from_utf8_lossy(&fs::read(&out_path).unwrap_or_default()).into_owned();
    let stderr = String::from_utf8_lossy(&fs::read(&err_path).unwrap_or_default()).into_owned();
    if status.success() {
        return Ok(Observed {
            stdout,
            banner: None,
        });
    }
    let banner = banner(&stderr);
    if !banner.starts_with("** (") {
        let first = stderr
            .lines()
            .filter(|l| !l.trim().is_empty())
            .take(3)
            .collect::<Vec<_>>()
            .join(" | ");
        return Err(format!("{status}: {first}"));
    }
    Ok(Observed {
        stdout,
        banner: Some(banner),
    })
}

#[test]
fn elixir_programs_match_elixir() {
    let programs = programs();
    assert!(
        !programs.is_empty(),
        "no programs in tests/ex (or BEAMWASM_DIFF_ONLY matched none)"
    );
    let timeout = Duration::from_secs(
        std::env::var("BEAMWASM_DIFF_TIMEOUT")
            .ok()
            .and_then(|s| s.parse().ok())
            .unwrap_or(60),
    );
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
        .join(format!("elixir-differential-{}", std::process::id()));
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("cannot create {}: {e}", dir.display()));

    let src = manifest_dir().join("tests/ex");
    let out = run_tool(
        Command::new("elixirc")
            .arg("--ignore-module-conflict")
            .arg("-o")
            .arg(&dir)
            .args(programs.iter().map(|p| src.join(format!("{}.ex", p.name)))),
    );
    assert!(
        out.status.success(),
        "elixirc failed ({}):\n{}",
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
    let started = Instant::now();
    let expected = elixir_oracle(&dir, &programs);
    eprintln!(
        "elixir differential: the elixir oracle ran {} programs in {:.2?}",
        programs.len(),
        started.elapsed()
    );

    // Every program in both modes, on two worker threads.
    let modes: [(&str, &[&str]); 2] = [("single", &[]), ("per-label", &["--mode", "per-label"])];
    let jobs: Vec<(usize, usize)> = (0..programs.len())
        .flat_map(|p| (0..modes.len()).map(move |m| (p, m)))
        .collect();
    let next = AtomicUsize::new(0);
    let results: Mutex<Vec<Option<Result<Observed, String>>>> = Mutex::new(vec![None; jobs.len()]);
    std::thread::scope(|scope| {
        for _ in 0..2 {
            scope.spawn(|| loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                let Some(&(p, m)) = jobs.get(i) else { break };
                // Each mode's run writes its own output files.
                let beam = dir.join(format!("{}.beam", programs[p].module));
                let copy = dir.join(format!("{}.{}.beam", programs[p].module, modes[m].0));
                let observed = fs::copy(&beam, &copy)
                    .map_err(|e| format!("cannot copy {}: {e}", beam.display()))
                    .and_then(|_| run_beamwasm(&copy, modes[m].1, timeout));
                results.lock().unwrap()[i] = Some(observed);
            });
        }
    });
    let results: Vec<Result<Observed, String>> = results
        .into_inner()
        .unwrap()
        .into_iter()
        .map(Option::unwrap)
        .collect();

    let (mut passed, mut known, mut now_passing, mut failures) = (0, 0, Vec::new(), Vec::new());
    for (p, program) in programs.iter().enumerate() {
        let known_reason = KNOWN_FAILING
            .iter()
            .find(|(name, _)| *name == program.name)
            .map(|(_, why)| *why);
        let mut differences = Vec::new();
        for (m, (mode, _)) in modes.iter().enumerate() {
            let got = &results[p * modes.len() + m];
            if got.as_ref() != Ok(&expected[p]) {
                let got = match got {
                    Ok(observed) => observed.to_string(),
                    Err(why) => format!("could not run: {why}"),
                };
                differences.push(format!(
                    "{} ({mode}):\n    elixir:   {}\n    beamwasm: {}",
                    program.name,
                    truncate(&expected[p].to_string(), 300),
                    truncate(&got, 300)
                ));
            }
        }
        match (differences.is_empty(), known_reason) {
            (true, None) => passed += 1,
            (true, Some(_)) => now_passing.push(program.name.clone()),
            (false, Some(why)) => {
                known += 1;
                eprintln!("known failing: {} ({why})", program.name);
            }
            (false, None) => failures.extend(differences),
        }
    }
    for failure in &failures {
        eprintln!("{failure}");
    }
    for name in &now_passing {
        eprintln!("{name} passes now: take it out of KNOWN_FAILING");
    }
    eprintln!(
        "elixir differential: {passed} pass, {} known failing, {} newly passing, {} failing \
         (of {} programs, each in {} modes)",
        known,
        now_passing.len(),
        programs.len() - passed - known - now_passing.len(),
        programs.len(),
        modes.len()
    );
    if failures.is_empty() {
        let _ = fs::remove_dir_all(&dir);
    }
    assert!(
        failures.is_empty(),
        "elixir differential: programs differ from elixir (beams kept in {})",
        dir.display()
    );
}
