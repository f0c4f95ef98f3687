//! What lowering makes of each family of BEAM instructions, as readable text: small Erlang
//! modules (`tests/snapshots/lowering/<family>.erl`) compiled by `erlc` and by beamwasm, their
//! module code printed by `wasmprinter` and held to `tests/snapshots/lowering/<family>.wat`
//! (per-label mode: `<family>.per_label.wat`). A change to code generation shows here as a
//! diff of instructions, where `tests/corpus_output.rs` shows only which modules changed.
//! Refresh with `BLESS=1` after an intended change, and review the diff.
//!
//! The helper functions every module starts with (`abi::module::HELPER_COUNT`, one per
//! primitive) are left out, except the `continue` helper, which differs between the modes.

mod common;

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use beamwasm::abi::module::HELPER_COUNT;
use beamwasm::beam::Opcode;
use beamwasm::codegen::{compile_beam, compile_module, CompileError, CompileOptions, Mode};

fn snapshot_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/snapshots/lowering")
}

/// The `.beam` of `family.erl`, compiled by `erlc` in a directory of its own.
fn compile_erlang(family: &str) -> Vec<u8> {
    static CALLS: AtomicUsize = AtomicUsize::new(0);
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(format!(
        "lowering-snapshots-{}-{}-{family}",
        std::process::id(),
        CALLS.fetch_add(1, Ordering::Relaxed)
    ));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
    let source = format!("{family}.erl");
    std::fs::copy(snapshot_dir().join(&source), dir.join(&source))
        .unwrap_or_else(|e| panic!("copying {source}: {e}"));
    common::erlc(&dir, [&source]);
    let beam = std::fs::read(dir.join(format!("{family}.beam")))
        .unwrap_or_else(|e| panic!("{family}.beam: {e}"));
    let _ = std::fs::remove_dir_all(&dir);
    beam
}

/// The module's text from the `continue` helper on, without the primitives' helpers.
fn module_text(wasm: &[u8]) -> String {
    let text = wasmprinter::print_bytes(wasm).expect("wasmprinter prints the module");
    let mut out = String::new();
    let mut keep = true;
    for line in text.lines() {
        if let Some(index) = function_index(line) {
            keep = index == 0 || index >= HELPER_COUNT;
        } else if line.starts_with("  (") {
            keep = true;
        }
        if keep {
            out.push_str(line);
            out.push('\n');
        }
    }
    out
}

/// The index of the function a `  (func (;N;)` line starts.
fn function_index(line: &str) -> Option<u32> {
    let rest = line.strip_prefix("  (func (;")?;
    rest[..rest.find(';')?].parse().ok()
}

/// The first differing lines of `expected` and `actual`, with a little context.
fn first_difference(expected: &str, actual: &str) -> String {
    let (expected, actual): (Vec<&str>, Vec<&str>) =
        (expected.lines().collect(), actual.lines().collect());
    let first = expected
        .iter()
        .zip(&actual)
        .position(|(e, a)| e != a)
        .unwrap_or(expected.len().min(actual.len()));
    let from = first.saturating_sub(3);
    let mut out = format!(
        "first difference at line {} ({} lines blessed, {} now):\n",
        first + 1,
        expected.len(),
        actual.len()
    );
    for (number, line) in expected.iter().enumerate().skip(from).take(first - from) {
        out.push_str(&format!("  {:>5}   {line}\n", number + 1));
    }
    for (number, line) in expected.iter().enumerate().skip(first).take(8) {
        out.push_str(&format!("- {:>5}   {line}\n", number + 1));
    }
    for (number, line) in actual.iter().enumerate().skip(first).take(8) {
        out.push_str(&format!("+ {:>5}   {line}\n", number + 1));
    }
    out
}

fn check(family: &str, mode: Mode) {
    let beam = compile_erlang(family);
    let options = CompileOptions {
        mode,
        ..Default::default()
    };
    let compiled = compile_module(&beam, &options).unwrap_or_else(|e| panic!("{family}: {e}"));
    let text = module_text(&compiled.wasm);
    let name = match mode {
        Mode::Single => format!("{family}.wat"),
        Mode::PerLabel => format!("{family}.per_label.wat"),
    };
    let path = snapshot_dir().join(&name);
    if std::env::var_os("BLESS").is_some() {
        std::fs::write(&path, &text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        return;
    }
    let blessed = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("{}: {e}; run with BLESS=1 to write it", path.display()));
    assert!(
        blessed == text,
        "{name}: lowering changed; if intended, re-bless with BLESS=1\n{}",
        first_difference(&blessed, &text)
    );
}

/// `moves.erl` with its first `move` turned into `opcode`.
fn moves_with_a_move_turned_into(opcode: Opcode) -> beamwasm::beam::BeamModule {
    let mut module = beamwasm::beam::read(&compile_erlang("moves")).unwrap();
    let instruction = module
        .functions
        .iter_mut()
        .flat_map(|f| f.instructions.iter_mut())
        .find(|i| i.opcode == Opcode::Move)
        .expect("moves.erl has a move");
    instruction.opcode = opcode;
    module
}

fn unsupported_what(module: &beamwasm::beam::BeamModule) -> String {
    match compile_beam(module, &CompileOptions::default()) {
        Err(CompileError::Unsupported { what, .. }) => what,
        other => panic!(
            "expected an unsupported opcode, got {:?}",
            other.map(|m| m.name)
        ),
    }
}

/// Every opcode is claimed by a family of lowering or reported by name: `move` turned into
/// `put_tuple` (OTP 21's, which OTP 25's loader refuses as obsolete too), and into a
/// `bs_put_integer` that follows no `bs_init2` (a construction step with nothing to write to).
#[test]
fn an_opcode_no_family_lowers_is_unsupported_by_name() {
    let what = unsupported_what(&moves_with_a_move_turned_into(Opcode::PutTuple));
    assert!(what.starts_with("opcode put_tuple (obsolete"), "{what}");
    let what = unsupported_what(&moves_with_a_move_turned_into(Opcode::BsPutInteger));
    assert_eq!(what, "bs_put_integer outside a binary construction");
}

macro_rules! snapshots {
    ($($test:ident: $family:literal, $mode:ident;)*) => {
        $(
            #[test]
            fn $test() {
                check($family, Mode::$mode);
            }
        )*
    };
}

snapshots! {
    moves: "moves", Single;
    calls: "calls", Single;
    calls_per_label: "calls", PerLabel;
    control: "control", Single;
    arith: "arith", Single;
    bits: "bits", Single;
    floats: "floats", Single;
    funs: "funs", Single;
    maps: "maps", Single;
    receive: "receive", Single;
    exceptions: "exceptions", Single;
}
