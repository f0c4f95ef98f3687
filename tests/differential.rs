//! Differential tests: every `tests/erl/*.erl` runs on real Erlang and on beamwasm, and the
//! results must be identical.
//!
//! # Flow
//!
//! 1. One `erlc -o TMP tests/erl/*.erl` compiles every program (OTP 25).
//! 2. One `escript tests/tools/run_on_erl.escript TMP MOD...` runs every `MOD:main()` on `erl`
//!    and prints the expected line per module (`MOD<TAB>ok<TAB>TEXT` or
//!    `MOD<TAB>error<TAB>CLASS:REASON`, all terms in `~w` form).
//! 3. For each module, `beamwasm run [FLAGS...] TMP/MOD.beam`, compared with the expectation.
//!
//! # The `beamwasm run` contract this test holds the CLI to
//!
//! `beamwasm run [FLAGS...] PATH/MOD.beam` loads the module (and only it), calls `MOD:main()`
//! with no arguments and then:
//!
//! * **success**: writes exactly the `~w` text of the result followed by one `\n` to stdout
//!   (what `io:format("~w~n", [MOD:main()])` prints) and exits with status 0, after nothing
//!   but the reports logger prints (`=CRASH REPORT==== ...` of a process that ended
//!   abnormally, as erl prints it). Anything on stderr is ignored.
//! * **uncaught exception**: exits with a non-zero status and writes to stderr a line
//!
//!   ```text
//!   beamwasm: exception CLASS: REASON
//!   ```
//!
//!   where CLASS is `error`, `exit` or `throw` and REASON is the `~w` text of the reason term,
//!   e.g. `beamwasm: exception error: {badmatch,{ok,3}}`. Only class and reason are compared
//!   (not the stack trace); other stderr lines (such as a `{'EXIT',{Reason,Stack}}` dump) are
//!   free-form and ignored. stdout is ignored in this case.
//! * any other failure (cannot compile, unsupported opcode, trap, ...): non-zero exit without
//!   that line; reported as "could not run" with the first stderr line.
//!
//! # Knobs (environment variables)
//!
//! * `BEAMWASM_RUN_FLAGS`: extra whitespace-separated flags inserted after `run`, to repeat the
//!   suite in other modes, e.g. `BEAMWASM_RUN_FLAGS="--mode per-label --gc-stress"`.
//! * `BEAMWASM_DIFF_ONLY`: comma-separated substrings; only programs whose name contains one
//!   of them run (e.g. `BEAMWASM_DIFF_ONLY=bignum,error_`).
//! * `BEAMWASM_DIFF_TIMEOUT`: seconds per program before beamwasm is killed (default 60).
//!
//! A program that needs more than the default sandbox (the current directory, no commands)
//! says so in a line `%% beamwasm-run-flags: FLAGS` of its source (`--allow-cmd` for the
//! `os_cmd_*` programs); `erl` has no sandbox. Programs that touch files work in a directory
//! of their own under the current one (the clone: both `erl` and beamwasm run there), named
//! with the OS pid so that suites running at once do not collide.
//!
//! Without `erlc`/`escript` the test fails (run `scripts/test`, which installs Erlang); it
//! never passes vacuously.

use std::fs;
use std::path::PathBuf;
use std::time::{Duration, Instant};

mod common;
use common::{erl_outcomes, erlc, program_names, run_each_on_beamwasm, truncate, Outcome};

fn manifest_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Module names of `tests/erl/*.erl`, sorted, filtered by `BEAMWASM_DIFF_ONLY`.
fn programs() -> Vec<String> {
    program_names(&manifest_dir().join("tests/erl"), "erl")
}

#[test]
fn differential_erl_vs_beamwasm() {
    run_suite("default", &[], &[]);
}

/// The same suite with a collection forced at every heap allocation.
#[test]
fn differential_erl_vs_beamwasm_gc_stress() {
    run_suite("gc-stress", &["--gc-stress"], &[]);
}

/// The same suite compiled one function per label (the benchmark baseline).
#[test]
fn differential_erl_vs_beamwasm_per_label() {
    run_suite("per-label", &["--mode", "per-label"], &[]);
}

/// The same suite as an OTP 22 compiler writes it (`erlc +r22`: the construction sequences
/// `bs_init2`/`bs_append`/`bs_put_*` and `bs_add`, `make_fun2`, `init`, no `swap`, no receive
/// markers), which OTP 25's loader runs too: erl runs the same files.
#[test]
fn differential_erl_vs_beamwasm_otp22_code() {
    run_suite("otp22", &[], &["+r22"]);
}

/// OTP 22 code with a collection forced at every heap allocation, one function per label:
/// the old constructions' live registers (`bs_private_append` has no live count of its own).
#[test]
fn differential_erl_vs_beamwasm_otp22_code_gc_stress() {
    run_suite(
        "otp22-gc-stress",
        &["--gc-stress", "--mode", "per-label"],
        &["+r22"],
    );
}

/// The flags a program's source asks for (`%% beamwasm-run-flags: FLAGS`).
fn own_flags(source: &std::path::Path) -> Vec<String> {
    let text = fs::read_to_string(source).unwrap_or_default();
    text.lines()
        .filter_map(|l| l.trim().strip_prefix("%% beamwasm-run-flags:"))
        .flat_map(|flags| flags.split_whitespace().map(String::from))
        .collect()
}

fn run_suite(suite: &str, suite_flags: &[&str], erlc_flags: &[&str]) {
    let names = programs();
    assert!(
        !names.is_empty(),
        "no programs in tests/erl (or BEAMWASM_DIFF_ONLY matched none)"
    );
    let flags: Vec<String> = suite_flags
        .iter()
        .map(|f| f.to_string())
        .chain(
            std::env::var("BEAMWASM_RUN_FLAGS")
                .unwrap_or_default()
                .split_whitespace()
                .map(String::from),
        )
        .collect();
    let timeout = Duration::from_secs(
        std::env::var("BEAMWASM_DIFF_TIMEOUT")
            .ok()
            .and_then(|s| s.parse().ok())
            .unwrap_or(60),
    );

    // Per-process directory, so suites with different flags may run concurrently.
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
        .join(format!("differential-{}-{suite}", std::process::id()));
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("cannot create {}: {e}", dir.display()));

    let src = manifest_dir().join("tests/erl");
    erlc(
        &dir,
        erlc_flags
            .iter()
            .map(PathBuf::from)
            .chain(names.iter().map(|n| src.join(format!("{n}.erl")))),
    );
    let started = Instant::now();
    let expected = erl_outcomes(&dir, &names);
    eprintln!(
        "differential: erl oracle ran {} programs in {:.2?}",
        names.len(),
        started.elapsed()
    );

    // Run beamwasm over all programs on a few worker threads.
    let extra: Vec<Vec<String>> = names
        .iter()
        .map(|n| own_flags(&src.join(format!("{n}.erl"))))
        .collect();
    let actual = run_each_on_beamwasm(&dir, &names, &flags, &extra, timeout, names.len());

    let mismatches: Vec<(&String, &Outcome, &Outcome)> = names
        .iter()
        .zip(&expected)
        .zip(&actual)
        .filter(|((_, want), got)| want != got)
        .map(|((name, want), got)| (name, want, got))
        .collect();
    if !mismatches.is_empty() {
        eprintln!("\n{:<24} | {:<50} | beamwasm", "program", "erl");
        eprintln!("{:-<24}-+-{:-<50}-+-{:-<50}", "", "", "");
        for (name, want, got) in &mismatches {
            eprintln!(
                "{:<24} | {:<50} | {}",
                name,
                truncate(&want.to_string(), 50),
                truncate(&got.to_string(), 120)
            );
        }
        eprintln!();
    }
    let flags_note = if flags.is_empty() {
        String::new()
    } else {
        format!(" (flags: {})", flags.join(" "))
    };
    let matched = names.len() - mismatches.len();
    eprintln!(
        "differential: {matched}/{} programs match{flags_note}",
        names.len()
    );
    if mismatches.is_empty() {
        let _ = fs::remove_dir_all(&dir);
    }
    assert!(
        mismatches.is_empty(),
        "differential: {} of {} programs differ from erl{flags_note} (beams kept in {})",
        mismatches.len(),
        names.len(),
        dir.display()
    );
}
