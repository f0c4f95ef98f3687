//! `beamwasm run` as `erl -noshell` runs a program: the command line init gives it (flags,
//! plain arguments), how it ends (`halt`, `init:stop`, exit statuses), what is printed when
//! its main function crashes, an application started with `--app` (with `--config`), and
//! logger's default handler — each compared with `erl` run on the same `.beam` files
//! (`tests/erl_cli/`).
//!
//! beamwasm imitates `erl -noshell -s MODULE main -s init stop` (plus, for a function that
//! returns, the `~w` line of its result, as `-eval 'io:format("~w~n", [M:main()]), halt().'`
//! prints). Compared: the exit status, standard output, and standard error without the lines
//! that are not the program's: erl's announcement of the crash dump it writes (beamwasm
//! writes none) and beamwasm's own `beamwasm: exception ...` line (which the differential
//! tests read).

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn scratch(name: &str) -> PathBuf {
    let dir =
        PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(format!("{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("scratch dir");
    dir
}

fn erlc(dir: &Path, sources: &[&str]) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/erl_cli");
    let status = Command::new("erlc")
        .arg("-o")
        .arg(dir)
        .args(sources.iter().map(|s| root.join(s)))
        .status()
        .expect("erlc (run scripts/test, which installs Erlang)");
    assert!(status.success(), "erlc failed");
}

/// `erl -noshell ARGS` in `dir` (where it writes its crash dumps, removed after).
fn erl(dir: &Path, args: &[&str]) -> Output {
    let out = Command::new("erl")
        .current_dir(dir)
        .arg("-noshell")
        .args(args)
        .output()
        .expect("erl (run scripts/test, which installs Erlang)");
    let _ = std::fs::remove_file(dir.join("erl_crash.dump"));
    out
}

fn beamwasm(dir: &Path, mode: &str, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_beamwasm"))
        .current_dir(dir)
        .args(["run", "--mode", mode])
        .args(args)
        .output()
        .expect("beamwasm")
}

/// Standard error without the lines that are not the program's (see the module comment).
fn program_stderr(stderr: &[u8]) -> String {
    String::from_utf8_lossy(stderr)
        .split_inclusive('\n')
        .filter(|line| {
            !line.starts_with("Crash dump is being written to")
                && !line.starts_with("beamwasm: ")
                && line.trim_end() != ""
        })
        .collect()
}

/// Compares a run's status, stdout and stderr; a description of the difference, if any.
fn difference(what: &str, erl: &Output, ours: &Output) -> Option<String> {
    let (erl_err, our_err) = (program_stderr(&erl.stderr), program_stderr(&ours.stderr));
    if erl.status.code() == ours.status.code() && erl.stdout == ours.stdout && erl_err == our_err {
        return None;
    }
    Some(format!(
        "{what}:\n--- erl (status {:?})\n{}{}--- beamwasm (status {:?})\n{}{}",
        erl.status.code(),
        String::from_utf8_lossy(&erl.stdout),
        erl_err,
        ours.status.code(),
        String::from_utf8_lossy(&ours.stdout),
        String::from_utf8_lossy(&ours.stderr),
    ))
}

#[test]
fn init_halt_and_crashes_match_erl() {
    let dir = scratch("cli-init");
    erlc(&dir, &["cli_init.erl"]);
    let cases: &[&[&str]] = &[
        &["halt", "3"],
        &["halt", "0"],
        &["halt2", "300"],
        &["halt_message"],
        &["stop"],
        &["stop", "4"],
        &["stop_message"],
        &["reboot"],
        &["restart_badarg"],
        &["script_id"],
        &["crash", "error"],
        &["crash", "throw"],
        &["crash", "exit"],
        &["crash", "badarg"],
        &["crash", "halt"],
    ];
    let mut failures = Vec::new();
    for plain in cases {
        let mut erl_args = vec!["-pa", ".", "-s", "cli_init", "main", "-s", "init", "stop"];
        erl_args.push("-extra");
        erl_args.extend_from_slice(plain);
        let expected = erl(&dir, &erl_args);
        for mode in ["single", "per-label"] {
            let mut args = vec!["cli_init.beam", "-extra"];
            args.extend_from_slice(plain);
            let ours = beamwasm(&dir, mode, &args);
            failures.extend(difference(&format!("{plain:?} ({mode})"), &expected, &ours));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn command_line_matches_erl() {
    let dir = scratch("cli-args");
    erlc(&dir, &["cli_init.erl"]);
    let eval = "io:format(\"~w~n\", [cli_init:main()]), halt().";
    // User flags (one with values, one without, one repeated) and plain arguments, after
    // `-extra` and after `--`.
    let flags = ["-flag", "a", "b", "-empty", "-flag", "c"];
    for plain_start in ["-extra", "--"] {
        let mut erl_args = vec!["-pa", ".", "-eval", eval];
        erl_args.extend_from_slice(&flags);
        erl_args.extend_from_slice(&[plain_start, "x", "-y", "z"]);
        let expected = erl(&dir, &erl_args);
        assert!(expected.status.success(), "erl failed: {expected:?}");
        let mut args = vec!["cli_init.beam", "-pa", "."];
        args.extend_from_slice(&flags);
        args.extend_from_slice(&[plain_start, "x", "-y", "z"]);
        let ours = beamwasm(&dir, "single", &args);
        if let Some(difference) = difference(plain_start, &expected, &ours) {
            panic!("{difference}");
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
}

/// Copies `names` from `tests/erl_cli` into `dir` (an application's resource and config files).
fn copy_files(dir: &Path, names: &[&str]) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/erl_cli");
    for name in names {
        std::fs::copy(root.join(name), dir.join(name)).expect("copy a test file");
    }
}

#[test]
fn app_and_config_match_erl() {
    let dir = scratch("cli-app");
    erlc(&dir, &["cli_demo.erl"]);
    copy_files(&dir, &["cli_demo.app", "cli_demo_config.config"]);
    let start = "application:ensure_all_started(cli_demo)";
    for config in [None, Some("cli_demo_config")] {
        let mut erl_args = vec!["-pa", "."];
        let mut args = vec!["--app", "cli_demo", "-pa", "."];
        if let Some(config) = config {
            erl_args.extend_from_slice(&["-config", config]);
            args.extend_from_slice(&["--config", config]);
        }
        erl_args.extend_from_slice(&["-eval", start]);
        let expected = erl(&dir, &erl_args);
        assert_eq!(expected.status.code(), Some(3), "erl: {expected:?}");
        for mode in ["single", "per-label"] {
            let ours = beamwasm(&dir, mode, &args);
            if let Some(difference) = difference(&format!("{config:?} ({mode})"), &expected, &ours)
            {
                panic!("{difference}");
            }
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn logger_output_matches_erl() {
    let dir = scratch("cli-logger");
    erlc(&dir, &["cli_logger.erl"]);
    let eval = "io:format(\"~w~n\", [cli_logger:main()]), halt().";
    let expected = erl(&dir, &["-pa", ".", "-eval", eval]);
    assert!(expected.status.success(), "erl failed: {expected:?}");
    for mode in ["single", "per-label"] {
        let ours = beamwasm(&dir, mode, &["cli_logger.beam"]);
        if let Some(difference) = difference(mode, &expected, &ours) {
            panic!("{difference}");
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
}

/// A log line with what differs between two runs of the same program made the same: pids
/// (`<0.85.0>`) and the sizes and reduction counts a crash report gives of the process.
fn normalized(line: &str) -> String {
    let mut out = String::new();
    let mut rest = line;
    while let Some(at) = rest.find("<0.") {
        out.push_str(&rest[..at]);
        let after = &rest[at + 3..];
        match after.find(".0>") {
            Some(end) if after[..end].bytes().all(|b| b.is_ascii_digit()) => {
                out.push_str("<PID>");
                rest = &after[end + 3..];
            }
            _ => {
                out.push_str("<0.");
                rest = after;
            }
        }
    }
    out.push_str(rest);
    for key in ["heap_size: ", "stack_size: ", "reductions: "] {
        let mut text = String::new();
        let mut rest = out.as_str();
        while let Some(at) = rest.find(key) {
            text.push_str(&rest[..at + key.len()]);
            rest = rest[at + key.len()..].trim_start_matches(|c: char| c.is_ascii_digit());
            text.push('N');
        }
        text.push_str(rest);
        out = text;
    }
    out
}

/// An OTP application written for this test (`tests/erl_cli/cli_shop*.erl`: a supervisor over
/// a gen_server, a gen_statem and a worker that crashes on request) started with `--app`,
/// driven until its supervisor passes its restart intensity and the application ends. Its
/// log — the driver's lines, gen_server's, proc_lib's crash and the supervisor's reports,
/// the application's exit notice — matches erl's, line for line once pids and process sizes
/// are set aside. Lines are compared as a multiset: the order between the output of different
/// processes (a logger handler, an application master) is the schedulers', not the program's.
#[test]
fn otp_application_with_restarts_matches_erl() {
    let dir = scratch("cli-shop");
    let modules = [
        "cli_shop.erl",
        "cli_shop_counter.erl",
        "cli_shop_door.erl",
        "cli_shop_flaky.erl",
    ];
    erlc(&dir, &modules);
    copy_files(&dir, &["cli_shop.app"]);
    let lines = |out: &Output| {
        let mut lines: Vec<String> = String::from_utf8_lossy(&out.stdout)
            .lines()
            .map(normalized)
            .collect();
        lines.sort();
        lines
    };
    let expected = erl(
        &dir,
        &[
            "-pa",
            ".",
            "-eval",
            "application:ensure_all_started(cli_shop)",
        ],
    );
    assert_eq!(expected.status.code(), Some(0), "erl: {expected:?}");
    let want = lines(&expected);
    assert!(
        want.iter()
            .any(|l| l.contains("reached_max_restart_intensity")),
        "erl's log has no supervisor report: {want:?}"
    );
    for mode in ["single", "per-label"] {
        let ours = beamwasm(&dir, mode, &["--app", "cli_shop", "-pa", "."]);
        let got = lines(&ours);
        assert!(
            ours.status.code() == Some(0) && got == want,
            "{mode}: status {:?}\n--- erl\n{}\n--- beamwasm\n{}\n{}",
            ours.status.code(),
            want.join("\n"),
            got.join("\n"),
            String::from_utf8_lossy(&ours.stderr)
        );
    }
    let _ = std::fs::remove_dir_all(&dir);
}
