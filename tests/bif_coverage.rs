//! BIF coverage: every built-in function of OTP 25's ERTS and every NIF stub of OTP's kernel and
//! stdlib, against what beamwasm implements (`beamwasm::runtime::implements`, the answer
//! `erlang:function_exported/3` gives too) and the exclusions of `docs/bif-exclusions.md`.
//!
//! The functions that must come from beamwasm itself, read from the installed OTP's `.beam`
//! files with `beamwasm::beam`:
//!
//! * every export (but `module_info/0,1`) of each preloaded module of erts's `ebin` that the
//!   runtime provides itself (`beamwasm::runtime::is_built_in`: `erlang`, `erts_internal`,
//!   `init`, `prim_inet`, ...), whose `.beam` is never loaded, so that each of its functions is
//!   implemented or `undef`;
//! * every NIF stub — a function whose body is a call of `erlang:nif_error/1,2` (after its
//!   arguments are moved, and OTP 25's `nif_start`) — exported or not, of the other modules of
//!   erts (`prim_file`, `zlib`, ...), kernel and stdlib, which run as compiled from OTP: the
//!   BIFs OTP keeps in those modules (`lists:reverse/2`, `ets:new/2`, `math:sin/1`) and their
//!   NIFs (`prim_file:open_nif/2`).
//!
//! It prints how many are implemented and excluded (per module and in all), and fails naming
//! every function that is neither implemented nor excluded, every exclusion that is implemented
//! now (stale), names no such function (unknown) or is listed twice, so the list stays true.
//! `BEAMWASM_BIF_COVERAGE_MISSING=1` prints the missing functions as list lines for the doc.

use std::collections::{BTreeMap, BTreeSet};
use std::io::ErrorKind;
use std::path::{Path, PathBuf};
use std::process::Command;

use beamwasm::beam::{self, BeamModule, Instruction, Opcode, Operand};
use beamwasm::runtime::{implements, is_built_in};

/// `(module, function, arity)`.
type Mfa = (String, String, u32);

const EXCLUSIONS: &str = "docs/bif-exclusions.md";

/// The OTP installation's root directory and release (`code:root_dir()`,
/// `erlang:system_info(otp_release)`), or `None` when `erl` is not installed.
fn otp_root() -> Option<(PathBuf, String)> {
    let out = match Command::new("erl")
        .args([
            "-noshell",
            "-eval",
            "io:format(\"~s~n~s~n\", [code:root_dir(), erlang:system_info(otp_release)]), halt().",
        ])
        .output()
    {
        Ok(out) => out,
        Err(e) if e.kind() == ErrorKind::NotFound => return None,
        Err(e) => panic!("cannot start erl: {e}"),
    };
    assert!(
        out.status.success(),
        "erl failed ({}): {}",
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8_lossy(&out.stdout);
    let mut lines = text.lines();
    let root = PathBuf::from(lines.next().expect("erl printed its root directory"));
    let release = lines.next().expect("erl printed its release").to_string();
    Some((root, release))
}

/// The `ebin` of application `name` (`lib/<name>-<vsn>/ebin`; the highest version when there
/// are several).
fn ebin(root: &Path, name: &str) -> PathBuf {
    let lib = root.join("lib");
    let prefix = format!("{name}-");
    let mut found: Vec<PathBuf> = std::fs::read_dir(&lib)
        .unwrap_or_else(|e| panic!("{}: {e}", lib.display()))
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().starts_with(&prefix))
        .map(|e| e.path().join("ebin"))
        .filter(|p| p.is_dir())
        .collect();
    found.sort_by_key(|p| version_key(p));
    found
        .pop()
        .unwrap_or_else(|| panic!("no {prefix}*/ebin under {}", lib.display()))
}

/// The version numbers in an application directory's name, for ordering.
fn version_key(ebin: &Path) -> Vec<u64> {
    let dir = ebin.parent().and_then(Path::file_name).unwrap_or_default();
    let name = dir.to_string_lossy();
    let version = name.split_once('-').map_or("", |(_, v)| v);
    version.split('.').filter_map(|n| n.parse().ok()).collect()
}

/// Every module of an `ebin`, read, sorted by name.
fn modules(ebin: &Path) -> Vec<BeamModule> {
    let mut paths: Vec<PathBuf> = std::fs::read_dir(ebin)
        .unwrap_or_else(|e| panic!("{}: {e}", ebin.display()))
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "beam"))
        .collect();
    paths.sort();
    paths
        .iter()
        .map(|path| {
            let bytes = std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            beam::read(&bytes).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
        })
        .collect()
}

/// Whether an instruction calls `erlang:nif_error/1,2`.
fn calls_nif_error(module: &BeamModule, instruction: &Instruction) -> bool {
    if !matches!(
        instruction.opcode,
        Opcode::CallExt | Opcode::CallExtLast | Opcode::CallExtOnly
    ) {
        return false;
    }
    let Some(Operand::U(import)) = instruction.args.get(1) else {
        return false;
    };
    matches!(
        module.import_mfa(*import as usize),
        Some(("erlang", "nif_error", 1 | 2))
    )
}

/// Whether a function's body is a NIF stub: after its `func_info`, only labels, lines,
/// `nif_start` and moves (of the reason into `x0`) come before a call of
/// `erlang:nif_error/1,2`.
fn is_nif_stub(module: &BeamModule, function: &beam::Function) -> bool {
    let body = function
        .instructions
        .iter()
        .skip_while(|i| i.opcode != Opcode::FuncInfo)
        .skip(1);
    for instruction in body {
        match instruction.opcode {
            Opcode::Label | Opcode::Line | Opcode::NifStart | Opcode::Move => {}
            _ => return calls_nif_error(module, instruction),
        }
    }
    false
}

/// Why beamwasm must implement a function itself.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Debug)]
enum Kind {
    /// An export of a module the runtime provides itself.
    Export,
    /// A NIF stub of a module that runs as compiled from OTP.
    NifStub,
}

/// The functions beamwasm must implement itself, each with why, in module order.
fn required(root: &Path) -> BTreeMap<Mfa, Kind> {
    let mut required = BTreeMap::new();
    let mut built_in_seen = BTreeSet::new();
    for app in ["erts", "kernel", "stdlib"] {
        for module in modules(&ebin(root, app)) {
            let name = module.name.clone();
            if is_built_in(&name) {
                assert_eq!(app, "erts", "{name} is built in, but it is {app}'s");
                built_in_seen.insert(name.clone());
                for export in &module.exports {
                    let function = module.atom(export.function).unwrap().to_string();
                    if function == "module_info" {
                        continue;
                    }
                    required.insert((name.clone(), function, export.arity), Kind::Export);
                }
            } else {
                for function in &module.functions {
                    if is_nif_stub(&module, function) {
                        let f = module.function_name(function).to_string();
                        required.insert((name.clone(), f, function.arity), Kind::NifStub);
                    }
                }
            }
        }
    }
    assert!(
        built_in_seen.contains("erlang") && built_in_seen.contains("erts_internal"),
        "erts's ebin holds no erlang.beam or erts_internal.beam: {built_in_seen:?}"
    );
    // The stub reader sees OTP's stubs: a BIF kept in stdlib, and a NIF behind `nif_start`.
    for (m, f, a) in [("lists", "reverse", 2), ("prim_file", "open_nif", 2)] {
        assert_eq!(
            required.get(&(m.to_string(), f.to_string(), a)),
            Some(&Kind::NifStub),
            "{m}:{f}/{a} was not found as a NIF stub"
        );
    }
    required
}

/// One exclusion of the doc: the function, and the heading of its group.
struct Exclusion {
    mfa: Mfa,
    group: String,
    line: usize,
}

/// `module:function/arity` (the function may be quoted: `erlang:'!'/2`).
fn parse_mfa(text: &str) -> Option<Mfa> {
    let (module, rest) = text.split_once(':')?;
    let (function, arity) = rest.rsplit_once('/')?;
    let function = function
        .strip_prefix('\'')
        .and_then(|f| f.strip_suffix('\''))
        .unwrap_or(function);
    if module.is_empty() || function.is_empty() {
        return None;
    }
    Some((
        module.to_string(),
        function.to_string(),
        arity.parse().ok()?,
    ))
}

/// The exclusions: every list line ``- `module:function/arity` `` under a `## ` heading (its
/// group); text after the closing backtick is a note. Other lines are prose.
fn exclusions(text: &str) -> Vec<Exclusion> {
    let mut group = String::new();
    let mut found = Vec::new();
    for (i, line) in text.lines().enumerate() {
        if let Some(heading) = line.strip_prefix("## ") {
            group = heading.trim().to_string();
            continue;
        }
        let Some(item) = line.strip_prefix("- `") else {
            continue;
        };
        let Some((mfa, _note)) = item.split_once('`') else {
            panic!("{EXCLUSIONS}:{}: no closing backtick: {line}", i + 1);
        };
        let mfa = parse_mfa(mfa).unwrap_or_else(|| {
            panic!(
                "{EXCLUSIONS}:{}: not `module:function/arity`: {line}",
                i + 1
            )
        });
        assert!(
            !group.is_empty(),
            "{EXCLUSIONS}:{}: an exclusion before the first `## ` group",
            i + 1
        );
        found.push(Exclusion {
            mfa,
            group: group.clone(),
            line: i + 1,
        });
    }
    found
}

/// Erlang's reserved words, which an atom must quote (`prim_eval:'receive'/2`).
const RESERVED: &[&str] = &[
    "after", "and", "andalso", "band", "begin", "bnot", "bor", "bsl", "bsr", "bxor", "case",
    "catch", "cond", "div", "else", "end", "fun", "if", "let", "maybe", "not", "of", "or",
    "orelse", "receive", "rem", "try", "when", "xor",
];

/// `module:function/arity` as Erlang writes it, the function quoted when it must be.
fn show((m, f, a): &Mfa) -> String {
    let plain = f.chars().next().is_some_and(|c| c.is_ascii_lowercase())
        && f.chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '@')
        && !RESERVED.contains(&f.as_str());
    if plain {
        format!("{m}:{f}/{a}")
    } else {
        format!("{m}:'{f}'/{a}")
    }
}

#[derive(Default)]
struct Counts {
    total: usize,
    implemented: usize,
    excluded: usize,
    missing: usize,
}

#[test]
fn every_otp_bif_and_nif_stub_is_implemented_or_excluded_with_a_reason() {
    let Some((root, release)) = otp_root() else {
        eprintln!(
            "SKIPPED: erl is not installed; this test reads OTP 25's .beam files \
             (run scripts/test, which installs it)"
        );
        return;
    };
    assert_eq!(
        release,
        "25",
        "{EXCLUSIONS} lists OTP 25's functions, but erl at {} is OTP {release}",
        root.display()
    );
    let required = required(&root);
    let doc = Path::new(env!("CARGO_MANIFEST_DIR")).join(EXCLUSIONS);
    let text = std::fs::read_to_string(&doc).unwrap_or_else(|e| panic!("{}: {e}", doc.display()));
    let exclusions = exclusions(&text);

    let mut problems = Vec::new();
    let mut excluded: BTreeMap<&Mfa, &Exclusion> = BTreeMap::new();
    for exclusion in &exclusions {
        let mfa = show(&exclusion.mfa);
        if let Some(first) = excluded.insert(&exclusion.mfa, exclusion) {
            problems.push(format!(
                "{EXCLUSIONS}:{}: {mfa} is listed again (first at line {})",
                exclusion.line, first.line
            ));
        }
        let (m, f, a) = &exclusion.mfa;
        if implements(m, f, *a) {
            problems.push(format!(
                "{EXCLUSIONS}:{}: {mfa} is implemented now: remove the stale exclusion",
                exclusion.line
            ));
        } else if !required.contains_key(&exclusion.mfa) {
            problems.push(format!(
                "{EXCLUSIONS}:{}: {mfa} is no BIF of OTP 25's erts and no NIF stub of its \
                 erts, kernel or stdlib",
                exclusion.line
            ));
        }
    }

    let mut per_module: BTreeMap<&str, Counts> = BTreeMap::new();
    // In the doc's order.
    let mut per_group: Vec<(&str, usize)> = Vec::new();
    for exclusion in &exclusions {
        if !per_group.iter().any(|(g, _)| *g == exclusion.group) {
            per_group.push((&exclusion.group, 0));
        }
    }
    let mut total = Counts::default();
    let mut missing = Vec::new();
    for (mfa, kind) in &required {
        let counts = per_module.entry(&mfa.0).or_default();
        counts.total += 1;
        total.total += 1;
        if implements(&mfa.0, &mfa.1, mfa.2) {
            counts.implemented += 1;
            total.implemented += 1;
        } else if let Some(exclusion) = excluded.get(mfa) {
            counts.excluded += 1;
            total.excluded += 1;
            if let Some((_, n)) = per_group.iter_mut().find(|(g, _)| *g == exclusion.group) {
                *n += 1;
            }
        } else {
            counts.missing += 1;
            total.missing += 1;
            missing.push((mfa, *kind));
        }
    }

    println!(
        "OTP {release} at {}: {} functions beamwasm must implement itself: \
         {} implemented, {} excluded ({EXCLUSIONS}), {} missing",
        root.display(),
        total.total,
        total.implemented,
        total.excluded,
        total.missing
    );
    println!(
        "{:<48} {:>6} {:>12} {:>9} {:>8}",
        "module", "total", "implemented", "excluded", "missing"
    );
    for (module, c) in &per_module {
        let kind = if is_built_in(module) {
            "exports"
        } else {
            "NIF stubs"
        };
        println!(
            "{:<48} {:>6} {:>12} {:>9} {:>8}",
            format!("{module} ({kind})"),
            c.total,
            c.implemented,
            c.excluded,
            c.missing
        );
    }
    println!("exclusions by reason:");
    for (group, n) in &per_group {
        println!("  {n:>4}  {group}");
    }

    if std::env::var_os("BEAMWASM_BIF_COVERAGE_MISSING").is_some() {
        for (mfa, _) in &missing {
            println!("- `{}`", show(mfa));
        }
    }
    for (mfa, kind) in &missing {
        let what = match kind {
            Kind::Export => "an export of a module beamwasm provides itself",
            Kind::NifStub => "a NIF stub of a module beamwasm runs from OTP's .beam",
        };
        problems.push(format!(
            "{} ({what}) is neither implemented nor excluded in {EXCLUSIONS}",
            show(mfa)
        ));
    }
    assert!(
        problems.is_empty(),
        "{} problem(s):\n{}",
        problems.len(),
        problems.join("\n")
    );
}

#[test]
fn the_parsers_read_what_the_doc_writes() {
    assert_eq!(
        parse_mfa("erlang:'!'/2"),
        Some(("erlang".into(), "!".into(), 2))
    );
    assert_eq!(
        parse_mfa("erts_internal:map_next/3"),
        Some(("erts_internal".into(), "map_next".into(), 3))
    );
    assert_eq!(parse_mfa("erlang:halt"), None);
    assert_eq!(
        show(&("prim_eval".into(), "receive".into(), 2)),
        "prim_eval:'receive'/2"
    );
    let found = exclusions(
        "# Title\n\nprose `a:b/1`\n\n## Distribution\n\nWhy.\n\n- `erlang:spawn/2` note\n- `erlang:'=:='/2`\n",
    );
    let listed: Vec<(String, &str)> = found
        .iter()
        .map(|e| (show(&e.mfa), e.group.as_str()))
        .collect();
    assert_eq!(
        listed,
        vec![
            ("erlang:spawn/2".to_string(), "Distribution"),
            ("erlang:'=:='/2".to_string(), "Distribution"),
        ]
    );
}
