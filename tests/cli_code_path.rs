//! The code path `beamwasm run` starts with, held to `erl`'s: `-pa`/`-pz` directories,
//! `ERL_LIBS` applications (the highest version of each), Elixir's applications found through
//! the `elixir` on `PATH`; and running `.ex` files (compiled with `elixirc`).

use std::path::{Path, PathBuf};
use std::process::Command;

fn scratch(name: &str) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
        .join(format!("cli-code-path-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("dir");
    dir
}

/// Compiles `source` (a module's text) into `dir`.
fn erlc(dir: &Path, module: &str, source: &str) {
    std::fs::create_dir_all(dir).expect("dir");
    std::fs::write(dir.join(format!("{module}.erl")), source).expect("write");
    let status = Command::new("erlc")
        .current_dir(dir)
        .arg("-o")
        .arg(".")
        .arg(format!("{module}.erl"))
        .status()
        .expect("erlc (run scripts/test, which installs Erlang)");
    assert!(status.success(), "erlc {module}");
}

/// What `erl` prints for `Module:main()` (`~w`), with extra `erl` arguments.
fn on_erl(dir: &Path, module: &str, args: &[&str], env: &[(&str, &Path)]) -> String {
    // The program's directory first, so that `args`' `-pa` directories go before it, as
    // beamwasm puts them before the program's.
    let out = Command::new("erl")
        .arg("-noshell")
        .arg("-pa")
        .arg(dir)
        .args(args)
        .arg("-eval")
        .arg(format!("io:format(\"~w~n\", [{module}:main()]), halt()."))
        .envs(env.iter().map(|(k, v)| (k, v.as_os_str())))
        .output()
        .expect("erl");
    assert!(
        out.status.success(),
        "erl: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn on_beamwasm(args: &[&Path], env: &[(&str, &Path)]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_beamwasm"))
        .arg("run")
        .args(args)
        .envs(env.iter().map(|(k, v)| (k, v.as_os_str())))
        .output()
        .expect("beamwasm")
}

fn stdout_of(out: &std::process::Output) -> String {
    assert!(
        out.status.success(),
        "beamwasm failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn erl_libs_and_pa_pz_as_erl() {
    let dir = scratch("libs");
    let libs = dir.join("libs");
    // Two versions of one application: the higher one is on the path.
    let lib_source = |v: u32| format!("-module(cp_lib).\n-export([f/0]).\nf() -> {v}.\n");
    erlc(&libs.join("cp_app-1.10/ebin"), "cp_lib", &lib_source(110));
    erlc(&libs.join("cp_app-1.9/ebin"), "cp_lib", &lib_source(19));
    // Not an application directory (no ebin): left out.
    std::fs::create_dir_all(libs.join("notes")).expect("dir");
    let shadow = |tag: &str| format!("-module(cp_shadow).\n-export([tag/0]).\ntag() -> {tag}.\n");
    erlc(&dir.join("front"), "cp_shadow", &shadow("front"));
    erlc(&dir.join("back"), "cp_shadow", &shadow("back"));
    erlc(&dir.join("front2"), "cp_other", "-module(cp_other).\n");
    let main_dir = dir.join("main");
    erlc(
        &main_dir,
        "cp_main",
        "-module(cp_main).\n-export([main/0]).\n\
         main() ->\n\
         Path = code:get_path(),\n\
         {cp_lib:f(), code:lib_dir(cp_app), cp_shadow:tag(), lists:sublist(Path, 3),
          lists:last(Path),\n\
          code:which(cp_lib), code:where_is_file(\"cp_lib.beam\"),\n\
          [D || D <- Path, lists:prefix(\"/usr/lib/erlang/lib/std\", D)]}.\n",
    );
    let (front, front2, back) = (dir.join("front"), dir.join("front2"), dir.join("back"));
    let env = [("ERL_LIBS", libs.as_path())];
    let front_text = front.to_str().expect("utf-8");
    let front2_text = front2.to_str().expect("utf-8");
    let back_text = back.to_str().expect("utf-8");
    let erl = on_erl(
        &main_dir,
        "cp_main",
        &["-pa", front_text, "-pa", front2_text, "-pz", back_text],
        &env,
    );
    let beam = main_dir.join("cp_main.beam");
    // erl's spellings, and clap's.
    for (pa, pz) in [("-pa", "-pz"), ("--pa", "--pz")] {
        let ours = on_beamwasm(
            &[
                Path::new(pa),
                &front,
                Path::new(pa),
                &front2,
                Path::new(pz),
                &back,
                beam.as_path(),
            ],
            &env,
        );
        assert_eq!(stdout_of(&ours), erl, "{pa} {pz}");
    }
    assert!(erl.starts_with("{110,"), "{erl}");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn elixir_applications_are_on_the_default_path() {
    let elixir = Command::new("elixir").arg("--version").output();
    assert!(
        elixir.is_ok_and(|o| o.status.success()),
        "Elixir is required (run scripts/setup)"
    );
    let dir = scratch("elixir");
    erlc(
        &dir,
        "cp_elixir",
        "-module(cp_elixir).\n-export([main/0]).\n\
         main() -> {code:lib_dir(elixir), code:which('Elixir.Enum'), code:lib_dir(eex)}.\n",
    );
    let out = stdout_of(&on_beamwasm(&[&dir.join("cp_elixir.beam")], &[]));
    // Where Elixir's applications are, found as the test finds them: through `elixir`.
    let real = std::fs::canonicalize(
        std::env::split_paths(&std::env::var_os("PATH").expect("PATH"))
            .map(|d| d.join("elixir"))
            .find(|p| p.is_file())
            .expect("elixir on PATH"),
    )
    .expect("elixir");
    let home = real.parent().and_then(Path::parent).expect("elixir home");
    let text = |s: String| {
        let codes: Vec<String> = s.chars().map(|c| (c as u32).to_string()).collect();
        format!("[{}]", codes.join(","))
    };
    let lib = home.join("lib/elixir");
    let enum_beam = home.join("lib/elixir/ebin/Elixir.Enum.beam");
    let eex = home.join("lib/eex");
    let want = format!(
        "{{{},{},{}}}\n",
        text(lib.display().to_string()),
        text(enum_beam.display().to_string()),
        text(eex.display().to_string())
    );
    assert_eq!(out, want);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn runs_ex_files() {
    let dir = scratch("ex");
    let source = dir.join("two.ex");
    std::fs::write(
        &source,
        "# A comment mentioning defmodule Nothing\n\
         defmodule CpFirst do\n  def main, do: {:first, CpSecond.value()}\n  def other, do: :other\nend\n\
         defmodule CpSecond do\n  def value, do: 40 + 2\n  def main, do: :second\nend\n",
    )
    .expect("write");
    let out = on_beamwasm(&[&source], &[]);
    assert_eq!(stdout_of(&out), "{first,42}\n");
    let out = on_beamwasm(&[&source, Path::new("-f"), Path::new("other")], &[]);
    assert_eq!(stdout_of(&out), "other\n");
    // Without elixirc: an error that names it.
    let out = on_beamwasm(&[&source], &[("PATH", Path::new(""))]);
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("elixirc"), "{stderr}");
    let _ = std::fs::remove_dir_all(&dir);
}

/// A fun of a module version that was purged: erl raises `badfun` when it is called; beamwasm
/// stops the run with a fault that says so (never the old code's silent answer), in both
/// modes, after the purge itself went as on erl.
#[test]
fn calling_a_fun_of_purged_code_is_a_named_fault() {
    let dir = scratch("purged-fun");
    erlc(
        &dir,
        "purged_fun",
        r#"-module(purged_fun).
-export([main/0]).
binary(V) ->
    Forms = [begin {ok, T, _} = erl_scan:string(S), {ok, F} = erl_parse:parse_form(T), F end
             || S <- ["-module(pf).", "-export([f/0]).",
                      "f() -> X = " ++ integer_to_list(V) ++ ", fun() -> X end."]],
    {ok, pf, B} = compile:forms(Forms, [binary]),
    B.
main() ->
    {module, pf} = code:load_binary(pf, "pf.erl", binary(1)),
    F = pf:f(),
    {module, pf} = code:load_binary(pf, "pf.erl", binary(2)),
    io:format("~p~n", [{F(), (pf:f())(), code:soft_purge(pf)}]),
    F().
"#,
    );
    for mode in ["single", "per-label"] {
        let out = Command::new(env!("CARGO_BIN_EXE_beamwasm"))
            .args(["run", "--mode", mode])
            .arg(dir.join("purged_fun.beam"))
            .output()
            .expect("beamwasm");
        let (stdout, stderr) = (
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr),
        );
        assert_eq!(stdout, "{1,2,true}\n", "{mode}: {stderr}");
        assert!(!out.status.success(), "{mode}: {stdout}");
        assert!(
            stderr.contains("calling a fun of module pf's purged code (erl raises badfun)"),
            "{mode}: {stderr}"
        );
    }
    let _ = std::fs::remove_dir_all(&dir);
}
