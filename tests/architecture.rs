//! The walls of `docs/ARCHITECTURE.md`, checked on the source (in the spirit of rust-analyzer's
//! tidy tests): data flows one way through the stages, only the runtime's engine names
//! wasmtime, the term encoding's masks are written only in `abi`, and every file says what it
//! holds.

use std::path::{Path, PathBuf};

fn source_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display())) {
        let path = entry.unwrap().path();
        if path.is_dir() {
            source_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

struct File {
    /// Relative to `src/`, with `/` separators.
    name: String,
    text: String,
    /// The text with comments blanked out (line comments; the crate has no block comments
    /// outside strings), so prose may name anything.
    code: String,
}

fn files() -> Vec<File> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut paths = Vec::new();
    source_files(&src, &mut paths);
    paths.sort();
    paths
        .into_iter()
        .map(|path| {
            let text = std::fs::read_to_string(&path).unwrap();
            let code = text
                .lines()
                .map(strip_line_comment)
                .collect::<Vec<_>>()
                .join("\n");
            let name = path
                .strip_prefix(&src)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            File { name, text, code }
        })
        .collect()
}

/// `line` without a `//` comment (one outside a string literal).
fn strip_line_comment(line: &str) -> &str {
    let mut in_string = false;
    let mut escaped = false;
    let bytes = line.as_bytes();
    for i in 0..bytes.len() {
        let c = bytes[i];
        if in_string {
            match c {
                _ if escaped => escaped = false,
                b'\\' => escaped = true,
                b'"' => in_string = false,
                _ => {}
            }
        } else if c == b'"' {
            in_string = true;
        } else if c == b'/' && bytes.get(i + 1) == Some(&b'/') {
            return &line[..i];
        }
    }
    line
}

/// The stage a file belongs to: its top folder under `src/` (`main.rs` and `lib.rs` are the
/// top of the crate).
fn stage(name: &str) -> &str {
    name.split('/').next().unwrap().trim_end_matches(".rs")
}

/// What each stage may use: the stages to its left, and the contract.
fn allowed(stage: &str) -> Option<&'static [&'static str]> {
    Some(match stage {
        "beam" => &[],
        "abi" => &["beam"],
        "cfg" => &[],
        "stackify" => &["cfg"],
        "codegen" => &["abi", "beam", "cfg", "stackify"],
        "runtime" => &["abi", "beam", "cfg", "stackify", "codegen"],
        _ => return None,
    })
}

const STAGES: &[&str] = &["abi", "beam", "cfg", "stackify", "codegen", "runtime"];
const COMPILER_STAGES: &[&str] = &["beam", "cfg", "stackify", "codegen"];

/// Every `crate::<stage>` a file's code names.
fn stages_used(code: &str) -> Vec<&'static str> {
    STAGES
        .iter()
        .copied()
        .filter(|s| {
            let path = format!("crate::{s}");
            code.match_indices(&path).any(|(at, _)| {
                !code[at + path.len()..].starts_with(|c: char| c.is_alphanumeric() || c == '_')
            })
        })
        .collect()
}

#[test]
fn stages_use_only_the_stages_to_their_left() {
    let mut violations = Vec::new();
    for file in files() {
        let stage = stage(&file.name);
        let Some(allowed) = allowed(stage) else {
            continue;
        };
        for used in stages_used(&file.code) {
            if used != stage && !allowed.contains(&used) {
                violations.push(format!("src/{} uses crate::{used}", file.name));
            }
        }
        // The compiler's stages do not know a runtime exists, not even in prose: what they
        // emit is for the host behind the ABI, whichever it is.
        if COMPILER_STAGES.contains(&stage) && file.text.to_lowercase().contains("runtime") {
            violations.push(format!("src/{} mentions the runtime", file.name));
        }
        if stage != "runtime" && file.code.contains("runtime::") {
            violations.push(format!("src/{} names runtime::", file.name));
        }
    }
    assert!(violations.is_empty(), "{}", violations.join("\n"));
}

#[test]
fn only_the_engine_names_wasmtime() {
    let violations: Vec<String> = files()
        .into_iter()
        .filter(|f| !f.name.starts_with("runtime/engine/") && f.code.contains("wasmtime"))
        .map(|f| format!("src/{}", f.name))
        .collect();
    assert!(
        violations.is_empty(),
        "wasmtime named outside src/runtime/engine/: {}",
        violations.join(", ")
    );
}

/// A tag mask written as a number: in generated code (`I64Const(0xF)`, `I32Const(0xF)`, a `3`
/// and-ed in) or in a Rust tag test (`word & 3 == 0`).
fn bare_tag_masks(code: &str) -> Vec<String> {
    let mut found = Vec::new();
    let words: Vec<&str> = code.split_whitespace().collect();
    for (i, w) in words.iter().enumerate() {
        for width in ["I32", "I64"] {
            for mask in ["0xF", "15", "0x3F", "63", "0x0F"] {
                if w.starts_with(&format!("W::{width}Const({mask})")) {
                    found.push(format!("{width}Const({mask})"));
                }
            }
            if w.starts_with(&format!("W::{width}Const(3)"))
                && words
                    .get(i + 1)
                    .is_some_and(|next| next.starts_with(&format!("W::{width}And")))
            {
                found.push(format!("{width}Const(3) {width}And"));
            }
        }
        if *w == "&"
            && words
                .get(i + 1)
                .is_some_and(|m| ["3", "0x3", "0xF", "0x3F"].contains(m))
            && words
                .get(i + 2)
                .is_some_and(|op| *op == "==" || *op == "!=")
        {
            found.push(format!("& {} {}", words[i + 1], words[i + 2]));
        }
    }
    found
}

#[test]
fn tag_masks_are_written_only_in_abi() {
    let mut violations = Vec::new();
    for file in files() {
        if stage(&file.name) == "abi" {
            continue;
        }
        for mask in bare_tag_masks(&file.code) {
            violations.push(format!("src/{}: {mask}", file.name));
        }
    }
    assert!(
        violations.is_empty(),
        "use abi::term (its constants and wasm snippets) instead:\n{}",
        violations.join("\n")
    );
}

#[test]
fn every_file_says_what_it_holds() {
    let undocumented: Vec<String> = files()
        .into_iter()
        .filter(|f| !f.text.starts_with("//!"))
        .map(|f| format!("src/{}", f.name))
        .collect();
    assert!(
        undocumented.is_empty(),
        "files without a //! module comment: {}",
        undocumented.join(", ")
    );
}

#[test]
fn the_checks_see_what_they_look_for() {
    assert_eq!(stages_used("use crate::runtime::term;"), vec!["runtime"]);
    assert!(stages_used("use crate::runtimex;").is_empty());
    assert_eq!(
        strip_line_comment("let a = \"//\"; // b"),
        "let a = \"//\"; "
    );
    assert_eq!(
        bare_tag_masks("W::LocalGet(t), W::I32Const(3), W::I32And, W::I32Const(0xF),").len(),
        2
    );
    assert_eq!(
        bare_tag_masks("W::LocalGet(t), W::I64Const(3), W::I64And, W::I64Const(0x3F),").len(),
        2
    );
    assert_eq!(bare_tag_masks("if word & 3 == 0 {").len(), 1);
    assert!(bare_tag_masks("c = (c << 6) | (b & 0x3F);").is_empty());
    assert!(bare_tag_masks("W::I32Const(3), W::I32Shl,").is_empty());
}
