//! The sandbox around files and commands: `beamwasm run` grants the current directory (or the
//! `--dir` directories instead) and runs commands only with `--allow-cmd`; the host API grants
//! nothing unless told. A path outside the grants — absolute, through `..`, or through a
//! symbolic link — gets `{error, eacces}` and never reaches the host's file system.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use beamwasm::runtime::{CodePath, ErlValue, Outcome, Vm, VmOptions};

/// A fresh directory for one test: `granted/` (holding `inside.txt`, `sub/`, and links out),
/// `outside/` (holding `secret`), and the probe program in `granted/`.
fn scene(test: &str) -> PathBuf {
    let root = PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
        .join(format!("sandbox-{test}-{}", std::process::id()));
    let _ = fs::remove_dir_all(&root);
    fs::create_dir_all(root.join("granted/sub")).unwrap();
    fs::create_dir_all(root.join("outside")).unwrap();
    fs::write(root.join("granted/inside.txt"), "inside").unwrap();
    fs::write(root.join("outside/secret"), "secret").unwrap();
    // Not a module: loading it would be `{error,badfile}`, but the loader may not read it.
    fs::write(root.join("outside/secret.beam"), "not a beam").unwrap();
    std::os::unix::fs::symlink("../outside/secret", root.join("granted/file_link")).unwrap();
    std::os::unix::fs::symlink("../outside", root.join("granted/dir_link")).unwrap();
    fs::write(root.join("granted/probe.erl"), PROBE).unwrap();
    root.canonicalize().unwrap()
}

/// `probe:main/0` tries each operation and returns what it got, in `~w` text.
const PROBE: &str = r#"-module(probe).
-export([main/0, read/1]).
main() ->
    Secret = os:getenv("BEAMWASM_SECRET"),
    [{Op, try F() catch C:R -> {C, R} end} || {Op, F} <- [
        {inside, fun() -> file:read_file("inside.txt") end},
        {absolute, fun() -> file:read_file(Secret) end},
        {dotdot, fun() -> file:read_file("sub/../../outside/secret") end},
        {file_link, fun() -> file:read_file("file_link") end},
        {dir_link, fun() -> file:list_dir("dir_link") end},
        {write_out, fun() -> file:write_file("../outside/new", "x") end},
        {write_link, fun() -> file:write_file("dir_link/new", "x") end},
        {info_out, fun() -> file:read_file_info("../outside") end},
        {list_root, fun() -> file:list_dir("/") end},
        {cmd, fun() -> os:cmd("echo ran") end},
        {loader_out, fun() -> erl_prim_loader:get_file(Secret) end},
        {loader_dir_out, fun() -> erl_prim_loader:list_dir("../outside") end},
        {load_abs_out, fun() -> code:load_abs(filename:rootname(Secret)) end},
        {loader_in, fun() -> element(1, erl_prim_loader:get_file("inside.txt")) end},
        {loader_code_path, fun() -> element(1, erl_prim_loader:get_file(code:which(lists))) end},
        {delete_link, fun() -> file:delete("file_link") end}]].
read(Name) -> file:read_file(Name).
"#;

/// Runs the probe from `cwd` with `flags`; its result (stdout).
fn probe(root: &Path, cwd: &Path, flags: &[&str]) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_beamwasm"))
        .current_dir(cwd)
        .arg("run")
        .args(flags)
        .arg(root.join("granted/probe.erl"))
        .env("BEAMWASM_SECRET", root.join("outside/secret"))
        .output()
        .expect("run beamwasm");
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(
        out.status.success(),
        "beamwasm failed: {stdout}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    stdout
}

/// `"text"` as the `~w` of an Erlang string.
fn codes(text: &str) -> String {
    let codes: Vec<String> = text.bytes().map(|b| b.to_string()).collect();
    format!("[{}]", codes.join(","))
}

/// `{Op,Result}` as the probe prints it, Op's result given in `~w` text.
fn entry(op: &str, result: &str) -> String {
    format!("{{{op},{result}}}")
}

#[test]
fn the_current_directory_is_granted_by_default_and_nothing_escapes_it() {
    let root = scene("default");
    let out = probe(&root, &root.join("granted"), &[]);
    let eacces = "{error,eacces}";
    for (op, want) in [
        (
            "inside",
            format!(
                "{{ok,<<{}>>}}",
                codes("inside").trim_matches(&['[', ']'][..])
            ),
        ),
        ("absolute", eacces.to_string()),
        ("dotdot", eacces.to_string()),
        ("file_link", eacces.to_string()),
        ("dir_link", eacces.to_string()),
        ("write_out", eacces.to_string()),
        ("write_link", eacces.to_string()),
        ("info_out", eacces.to_string()),
        ("list_root", eacces.to_string()),
        // The loader reads the code path and the grants, and answers `error` elsewhere.
        ("loader_out", "error".to_string()),
        ("loader_dir_out", "error".to_string()),
        ("load_abs_out", "{error,nofile}".to_string()),
        ("loader_in", "ok".to_string()),
        ("loader_code_path", "ok".to_string()),
        // Without --allow-cmd the port to /bin/sh cannot open: os:cmd raises badarg.
        ("cmd", "{error,badarg}".to_string()),
        // The link itself is inside: removing it is allowed, and leaves its target alone.
        ("delete_link", "ok".to_string()),
    ] {
        assert!(
            out.contains(&entry(op, &want)),
            "{op}: want {want} in {out}"
        );
    }
    assert!(!root.join("outside/new").exists(), "a write escaped: {out}");
    assert_eq!(fs::read(root.join("outside/secret")).unwrap(), b"secret");
    assert!(!root.join("granted/file_link").exists());
    fs::remove_dir_all(&root).unwrap();
}

#[test]
fn dir_flags_replace_the_default_grant_and_allow_cmd_runs_commands() {
    let root = scene("flags");
    // From the root, granting only `granted/`: relative names start at the root, which is
    // not granted.
    let granted = root.join("granted");
    let out = probe(
        &root,
        &root,
        &["--dir", granted.to_str().unwrap(), "--allow-cmd"],
    );
    assert!(out.contains(&entry("inside", "{error,eacces}")), "{out}");
    assert!(out.contains(&entry("cmd", &codes("ran\n"))), "{out}");
    // Granting the root too reaches the secret, directly and through the links.
    let out = probe(&root, &granted, &["--dir", ".", "--dir", ".."]);
    assert!(
        out.contains(&entry(
            "dotdot",
            &format!(
                "{{ok,<<{}>>}}",
                codes("secret").trim_matches(&['[', ']'][..])
            )
        )),
        "{out}"
    );
    assert!(
        out.contains(&entry(
            "file_link",
            &format!(
                "{{ok,<<{}>>}}",
                codes("secret").trim_matches(&['[', ']'][..])
            )
        )),
        "{out}"
    );
    assert!(out.contains(&entry("write_out", "ok")), "{out}");
    assert!(root.join("outside/new").exists());
    fs::remove_dir_all(&root).unwrap();
}

#[test]
fn the_host_api_grants_nothing_unless_told() {
    let root = scene("api");
    let beam_dir = root.join("beam");
    fs::create_dir_all(&beam_dir).unwrap();
    let status = Command::new("erlc")
        .arg("-o")
        .arg(&beam_dir)
        .arg(root.join("granted/probe.erl"))
        .status()
        .expect("erlc (run scripts/test, which installs Erlang)");
    assert!(status.success());
    let inside = root.join("granted/inside.txt");
    let read = |dirs: Vec<PathBuf>| {
        let mut vm = Vm::new(VmOptions {
            code_path: CodePath::otp(),
            dirs,
            ..VmOptions::default()
        })
        .unwrap();
        vm.load_beam_file(&beam_dir.join("probe.beam")).unwrap();
        vm.link().unwrap();
        let name = ErlValue::string(inside.to_str().unwrap());
        match vm.call_with("probe", "read", &[name]).unwrap() {
            Outcome::Returned(text) => String::from_utf8(text).unwrap(),
            other => panic!("probe:read/1 ended with {other:?}"),
        }
    };
    assert_eq!(read(Vec::new()), "{error,eacces}");
    assert_eq!(
        read(vec![root.join("granted")]),
        format!(
            "{{ok,<<{}>>}}",
            codes("inside").trim_matches(&['[', ']'][..])
        )
    );
    fs::remove_dir_all(&root).unwrap();
}
