//! What the tests that compare beamwasm with `erl` share: compiling with `erlc`, the `erl`
//! oracle (`tests/tools/run_on_erl.escript`), and running `beamwasm run` with a timeout.
//! Each test binary includes this module (`mod common;`) and uses a part of it.
#![allow(dead_code)]

use std::fs::{self, File};
use std::io::ErrorKind;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Output, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// What a program's `main()` did: returned a term, or raised.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// `~w` text of the result.
    Ok(String),
    /// Uncaught exception: class (`error`/`exit`/`throw`) and `~w` text of the reason.
    Raised { class: String, reason: String },
    /// beamwasm did not produce a comparable outcome (not an Erlang-level result).
    CouldNotRun(String),
}

impl std::fmt::Display for Outcome {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Outcome::Ok(text) => write!(f, "ok {text}"),
            Outcome::Raised { class, reason } => write!(f, "{class}:{reason}"),
            Outcome::CouldNotRun(why) => write!(f, "could not run: {why}"),
        }
    }
}

const ERLANG_MISSING: &str = "Erlang/OTP (erlc, escript) is required by the tests that compare \
                              with erl: run `scripts/test`, which installs it";

/// Runs an Erlang tool to completion; a missing tool is a test failure with a clear message.
pub fn run_erlang_tool(cmd: &mut Command) -> Output {
    match cmd.output() {
        Ok(out) => out,
        Err(e) if e.kind() == ErrorKind::NotFound => {
            panic!("{ERLANG_MISSING} ({:?}: {e})", cmd.get_program())
        }
        Err(e) => panic!("cannot start {cmd:?}: {e}"),
    }
}

/// Compiles `sources` with one `erlc` call into `dir`. It runs inside `dir` (sources may be
/// named relative to it): erlc shortens an absolute path that merely starts with the text of
/// its working directory (`/x/clone` vs `/x/clone-target/...`).
pub fn erlc(dir: &Path, sources: impl IntoIterator<Item = impl AsRef<std::ffi::OsStr>>) {
    let mut cmd = Command::new("erlc");
    cmd.current_dir(dir).arg("-o").arg(".").args(sources);
    let out = run_erlang_tool(&mut cmd);
    assert!(
        out.status.success(),
        "erlc failed ({}) in {}:\n{}{}",
        out.status,
        dir.display(),
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

/// What `main()` of each module in `names` (compiled into `dir`) does on `erl`, in one escript
/// run.
pub fn erl_outcomes(dir: &Path, names: &[String]) -> Vec<Outcome> {
    let script = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/tools/run_on_erl.escript");
    let mut cmd = Command::new("escript");
    cmd.arg(&script).arg(dir).args(names);
    let out = run_erlang_tool(&mut cmd);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "the erl oracle failed ({}):\n{stdout}{}",
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(
        lines.len(),
        names.len(),
        "the erl oracle printed {} lines for {} programs:\n{stdout}",
        lines.len(),
        names.len()
    );
    names
        .iter()
        .zip(lines)
        .map(|(name, line)| {
            let mut fields = line.splitn(3, '\t');
            let (module, status, text) =
                (fields.next(), fields.next(), fields.next().unwrap_or(""));
            assert_eq!(
                module,
                Some(name.as_str()),
                "oracle line out of order: {line}"
            );
            match status {
                Some("ok") => Outcome::Ok(text.to_string()),
                Some("error") => {
                    let (class, reason) = text
                        .split_once(':')
                        .expect("oracle error line is CLASS:REASON");
                    Outcome::Raised {
                        class: class.to_string(),
                        reason: reason.to_string(),
                    }
                }
                _ => panic!("unparsable oracle line: {line}"),
            }
        })
        .collect()
}

/// Waits for `child` (a `beamwasm` run), killing it past `timeout`.
pub fn wait_or_kill(child: &mut Child, timeout: Duration) -> Result<ExitStatus, String> {
    let start = Instant::now();
    loop {
        match child.try_wait() {
            Ok(Some(status)) => return Ok(status),
            Ok(None) if start.elapsed() > timeout => {
                let _ = child.kill();
                let _ = child.wait();
                return Err(format!("timed out after {}s", timeout.as_secs()));
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(5)),
            Err(e) => return Err(format!("waiting for beamwasm: {e}")),
        }
    }
}

/// The names (without `.ext`) of the programs in `dir`, sorted, filtered by
/// `BEAMWASM_DIFF_ONLY` (comma-separated substrings).
pub fn program_names(dir: &Path, ext: &str) -> Vec<String> {
    let only: Vec<String> = std::env::var("BEAMWASM_DIFF_ONLY")
        .map(|s| {
            s.split(',')
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(String::from)
                .collect()
        })
        .unwrap_or_default();
    let suffix = format!(".{ext}");
    let mut names: Vec<String> = fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()))
        .filter_map(|entry| {
            let name = entry.ok()?.file_name().into_string().ok()?;
            name.strip_suffix(suffix.as_str()).map(String::from)
        })
        .filter(|name| only.is_empty() || only.iter().any(|o| name.contains(o.as_str())))
        .collect();
    names.sort();
    names
}

/// Runs `beamwasm run FLAGS beam` with a timeout and classifies what it did: one line on
/// stdout is the result, a `beamwasm: exception CLASS: REASON` line on stderr an exception.
/// Its output goes next to `beam` (`.stdout`, `.stderr`).
pub fn run_beamwasm(beam: &Path, flags: &[String], timeout: Duration) -> Outcome {
    let (out_path, err_path) = (beam.with_extension("stdout"), beam.with_extension("stderr"));
    let files = File::create(&out_path).and_then(|o| Ok((o, File::create(&err_path)?)));
    let (out_file, err_file) = match files {
        Ok(f) => f,
        Err(e) => return Outcome::CouldNotRun(format!("cannot create output files: {e}")),
    };
    let child = Command::new(env!("CARGO_BIN_EXE_beamwasm"))
        .arg("run")
        .args(flags)
        .arg(beam)
        .stdin(Stdio::null())
        .stdout(out_file)
        .stderr(err_file)
        .spawn();
    let mut child = match child {
        Ok(c) => c,
        Err(e) => return Outcome::CouldNotRun(format!("cannot start beamwasm: {e}")),
    };
    let status = match wait_or_kill(&mut child, timeout) {
        Ok(status) => status,
        Err(why) => return Outcome::CouldNotRun(why),
    };
    let stdout = String::from_utf8_lossy(&fs::read(&out_path).unwrap_or_default()).into_owned();
    let stderr = String::from_utf8_lossy(&fs::read(&err_path).unwrap_or_default()).into_owned();
    if status.success() {
        // Reports logger printed before the result (a crash report of a process that ended
        // abnormally: erl prints it too, from its own logger process, often after the result
        // and cut short by `halt()`) come first; the result is the last line.
        let (reports, result) = match stdout.trim_end_matches('\n').rsplit_once('\n') {
            Some((reports, last)) => (reports, last),
            None => ("", stdout.trim_end_matches('\n')),
        };
        let reports_only = reports.is_empty()
            || (reports.starts_with('=')
                && reports
                    .lines()
                    .next()
                    .is_some_and(|l| l.contains(" REPORT==== ")));
        return match stdout.strip_suffix('\n') {
            Some(_) if reports_only => Outcome::Ok(result.to_string()),
            _ => Outcome::CouldNotRun(format!("exit 0 but stdout is not one line: {stdout:?}")),
        };
    }
    let raised = stderr
        .lines()
        .filter_map(|l| l.trim_end().strip_prefix("beamwasm: exception "))
        .find_map(|rest| rest.split_once(": "));
    if let Some((class, reason)) = raised {
        return Outcome::Raised {
            class: class.to_string(),
            reason: reason.to_string(),
        };
    }
    let first = stderr
        .lines()
        .filter(|l| !l.trim().is_empty())
        .take(3)
        .collect::<Vec<_>>()
        .join(" | ");
    Outcome::CouldNotRun(format!("{status}: {first}"))
}

/// [`run_beamwasm`] on `dir/NAME.beam` for every name, on at most `max_workers` threads.
pub fn run_all_on_beamwasm(
    dir: &Path,
    names: &[String],
    flags: &[String],
    timeout: Duration,
    max_workers: usize,
) -> Vec<Outcome> {
    let no_extra = vec![Vec::new(); names.len()];
    run_each_on_beamwasm(dir, names, flags, &no_extra, timeout, max_workers)
}

/// [`run_all_on_beamwasm`] with flags of each program's own after `flags` (`extra[i]` for
/// `names[i]`).
pub fn run_each_on_beamwasm(
    dir: &Path,
    names: &[String],
    flags: &[String],
    extra: &[Vec<String>],
    timeout: Duration,
    max_workers: usize,
) -> Vec<Outcome> {
    let next = AtomicUsize::new(0);
    let results: Mutex<Vec<Option<Outcome>>> = Mutex::new(vec![None; names.len()]);
    let workers = std::thread::available_parallelism()
        .map_or(2, |n| n.get())
        .clamp(1, max_workers.max(1));
    std::thread::scope(|scope| {
        for _ in 0..workers {
            scope.spawn(|| loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                let Some(name) = names.get(i) else { break };
                let flags: Vec<String> = flags.iter().chain(&extra[i]).cloned().collect();
                let outcome = run_beamwasm(&dir.join(format!("{name}.beam")), &flags, timeout);
                results.lock().unwrap()[i] = Some(outcome);
            });
        }
    });
    results
        .into_inner()
        .unwrap()
        .into_iter()
        .map(Option::unwrap)
        .collect()
}

/// `s`, cut to `max` characters with `...` when longer.
pub fn truncate(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        s.to_string()
    } else {
        format!("{}...", s.chars().take(max).collect::<String>())
    }
}

/// Every `.beam` of the OTP installation (`/usr/lib/erlang/lib/*/ebin`), sorted.
pub fn otp_corpus() -> Vec<PathBuf> {
    let mut files: Vec<_> = fs::read_dir("/usr/lib/erlang/lib")
        .expect("OTP is not installed: run scripts/test, which installs it")
        .flatten()
        .flat_map(|app| {
            fs::read_dir(app.path().join("ebin"))
                .into_iter()
                .flatten()
                .flatten()
        })
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "beam"))
        .collect();
    files.sort();
    files
}
