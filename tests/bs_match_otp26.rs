//! OTP 26's `bs_match` (opcode 182). `erlc` here is OTP 25, so the test compiles a program
//! with it and rewrites its runs of literal-size match instructions into `bs_match`
//! instructions the way OTP 26 would emit them (`{commands, [...]}` flattened into a z1 list of
//! atoms and operands, after an `ensure_at_least`), then compares the result with `erl`'s.

use std::path::{Path, PathBuf};
use std::process::Command;

use beamwasm::beam::{self, Instruction, Opcode, Operand};
use beamwasm::codegen::{self, CompileOptions, Mode};
use beamwasm::runtime::{Outcome, Vm, VmOptions};

fn atom(module: &mut beam::BeamModule, name: &str) -> Operand {
    let index = match module.atoms.iter().position(|a| a == name) {
        Some(i) => i,
        None => {
            module.atoms.push(name.to_string());
            module.atoms.len() - 1
        }
    };
    Operand::Atom(index as u32 + 1)
}

/// The `bs_match` commands one OTP 25 instruction becomes, if it has a literal size.
fn commands(module: &mut beam::BeamModule, i: &Instruction) -> Option<Vec<Operand>> {
    let a = |k: usize| i.args[k].clone();
    let literal = |o: &Operand| matches!(o, Operand::Int(_) | Operand::U(_));
    Some(match i.opcode {
        Opcode::BsGetInteger2 if literal(&i.args[3]) => {
            vec![atom(module, "integer"), a(2), a(5), a(3), a(4), a(6)]
        }
        Opcode::BsGetBinary2 if literal(&i.args[3]) => {
            vec![atom(module, "binary"), a(2), a(5), a(3), a(4), a(6)]
        }
        Opcode::BsSkipBits2 => {
            let (Operand::Int(n), Operand::U(unit)) = (a(2), a(3)) else {
                return None;
            };
            vec![atom(module, "skip"), Operand::U(n as u64 * unit)]
        }
        Opcode::BsTestTail2 => vec![atom(module, "ensure_exactly"), a(2)],
        _ => return None,
    })
}

fn rewrite(module: &mut beam::BeamModule) -> usize {
    let mut rewritten = 0;
    let mut functions = std::mem::take(&mut module.functions);
    for function in &mut functions {
        let mut out: Vec<Instruction> = Vec::new();
        let mut run: Option<(Operand, Operand, Vec<Operand>, usize)> = None;
        let flush = |run: &mut Option<(Operand, Operand, Vec<Operand>, usize)>,
                     out: &mut Vec<Instruction>,
                     module: &mut beam::BeamModule| {
            if let Some((fail, ms, cmds, offset)) = run.take() {
                let mut list = vec![
                    atom(module, "ensure_at_least"),
                    Operand::U(0),
                    Operand::U(1),
                ];
                list.extend(cmds);
                out.push(Instruction {
                    opcode: Opcode::BsMatch,
                    args: [fail, ms, Operand::List(list)].into_iter().collect(),
                    offset,
                });
            }
        };
        for i in function.instructions.drain(..) {
            let same = |run: &Option<(Operand, Operand, Vec<Operand>, usize)>| {
                run.as_ref()
                    .is_some_and(|(f, m, _, _)| *f == i.args[0] && *m == i.args[1])
            };
            match commands(module, &i) {
                Some(cmds) => {
                    if !same(&run) {
                        flush(&mut run, &mut out, module);
                        run = Some((i.args[0].clone(), i.args[1].clone(), Vec::new(), i.offset));
                    }
                    if let Some((_, _, list, _)) = &mut run {
                        list.extend(cmds);
                    }
                    rewritten += 1;
                }
                None => {
                    flush(&mut run, &mut out, module);
                    out.push(i);
                }
            }
        }
        flush(&mut run, &mut out, module);
        function.instructions = out;
    }
    module.functions = functions;
    rewritten
}

#[test]
fn bs_match_runs_like_the_otp_25_instructions_it_replaces() {
    let dir =
        PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(format!("bs26-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("dir");
    let source = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/erl_bits/bits_otp26.erl");
    let status = Command::new("erlc")
        .arg("-o")
        .arg(&dir)
        .arg(&source)
        .status()
        .expect("erlc (run scripts/test, which installs Erlang)");
    assert!(status.success());
    let expected = Command::new("erl")
        .args(["-noshell", "-pa"])
        .arg(&dir)
        .args(["-eval", "io:format(\"~w\", [bits_otp26:main()]), halt()."])
        .output()
        .expect("erl");
    let expected = String::from_utf8(expected.stdout).expect("utf-8");
    let bytes = std::fs::read(dir.join("bits_otp26.beam")).expect("beam");
    let mut module = beam::read(&bytes).expect("read");
    assert!(rewrite(&mut module) >= 8, "the program has runs to rewrite");
    assert!(module
        .functions
        .iter()
        .flat_map(|f| &f.instructions)
        .any(|i| i.opcode == Opcode::BsMatch));
    for mode in [Mode::Single, Mode::PerLabel] {
        let compiled = codegen::compile_beam(
            &module,
            &CompileOptions {
                mode,
                gc_stress: false,
            },
        )
        .expect("compile");
        let mut vm = Vm::new(VmOptions::default()).expect("vm");
        vm.load(compiled).expect("load");
        vm.link().expect("link");
        match vm.call("bits_otp26", "main").expect("run") {
            Outcome::Returned(text) => {
                assert_eq!(String::from_utf8_lossy(&text), expected, "{mode:?}")
            }
            other => panic!("{mode:?}: {other:?}"),
        }
    }
}
