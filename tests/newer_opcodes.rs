//! Opcodes that OTP 25's compiler does not write but other compilers do, which OTP's loaders
//! run: OTP 26's `update_record` and `executable_line`, OTP 28's `debug_line`, OTP 21-23's
//! `recv_mark`/`recv_set`. `erlc` here is OTP 25, so the test compiles a program with it and
//! rewrites instructions into their newer (or older) spellings with the same meaning, then
//! compares the result with `erl`'s run of the unrewritten program. (The OTP 21-24
//! construction sequences are covered by the `+r22` differential suites.)

use std::path::{Path, PathBuf};
use std::process::Command;

use beamwasm::beam::{self, Instruction, Opcode, Operand, Term};
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

/// The term a literal operand denotes, if it is one.
fn literal(module: &beam::BeamModule, operand: &Operand) -> Option<Term> {
    Some(match operand {
        Operand::Atom(i) => Term::Atom(module.atom(*i).ok()?.to_string()),
        Operand::Int(v) => Term::Integer(*v),
        Operand::Nil => Term::Nil,
        Operand::Literal(i) => module.literals.get(*i as usize)?.clone(),
        _ => return None,
    })
}

fn instruction(opcode: Opcode, args: Vec<Operand>, offset: usize) -> Instruction {
    Instruction {
        opcode,
        args: args.into_iter().collect(),
        offset,
    }
}

/// Rewrites the module's instructions; the counts of `update_record`s, `executable_line`s and
/// receive markers written.
fn rewrite(module: &mut beam::BeamModule) -> (usize, usize, usize) {
    let (mut records, mut lines, mut markers) = (0, 0, 0);
    let mut functions = std::mem::take(&mut module.functions);
    for function in &mut functions {
        let mut out = Vec::new();
        for i in function.instructions.drain(..) {
            match (i.opcode, &i.args[..]) {
                // put_tuple2 Dst [E1..En] -> update_record copy n Lit Dst [k, Ek...]: a
                // literal tuple with the literal elements in place, the others replaced.
                (Opcode::PutTuple2, [dst, Operand::List(elements)]) => {
                    let mut base = Vec::new();
                    let mut updates = Vec::new();
                    for (k, e) in elements.iter().enumerate() {
                        match literal(module, e) {
                            Some(t) => base.push(t),
                            None => {
                                base.push(Term::Atom("undefined".into()));
                                updates.push(Operand::Int(k as i64 + 1));
                                updates.push(e.clone());
                            }
                        }
                    }
                    module.literals.push(Term::Tuple(base));
                    let lit = Operand::Literal(module.literals.len() as u32 - 1);
                    let hint = atom(module, "copy");
                    out.push(instruction(
                        Opcode::UpdateRecord,
                        vec![
                            hint,
                            Operand::U(elements.len() as u64),
                            lit,
                            dst.clone(),
                            Operand::List(updates),
                        ],
                        i.offset,
                    ));
                    records += 1;
                }
                (Opcode::Line, [location]) => {
                    let location = location.clone();
                    out.push(i.clone());
                    out.push(instruction(
                        Opcode::ExecutableLine,
                        vec![location.clone(), Operand::U(lines as u64)],
                        i.offset,
                    ));
                    out.push(instruction(
                        Opcode::DebugLine,
                        vec![
                            location,
                            Operand::U(lines as u64),
                            Operand::U(0),
                            Operand::Nil,
                        ],
                        i.offset,
                    ));
                    lines += 1;
                }
                (Opcode::RecvMarkerBind | Opcode::RecvMarkerClear, _) => {
                    out.push(instruction(
                        Opcode::RecvMark,
                        vec![Operand::Label(0)],
                        i.offset,
                    ));
                    markers += 1;
                }
                (Opcode::RecvMarkerUse, _) => {
                    out.push(instruction(
                        Opcode::RecvSet,
                        vec![Operand::Label(0)],
                        i.offset,
                    ));
                    markers += 1;
                }
                _ => out.push(i),
            }
        }
        function.instructions = out;
    }
    module.functions = functions;
    (records, lines, markers)
}

#[test]
fn newer_and_older_opcodes_run_like_the_otp_25_instructions_they_replace() {
    let dir =
        PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(format!("newer-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("dir");
    let source = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/erl_newer/records_otp26.erl");
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
        .args([
            "-eval",
            "io:format(\"~w\", [records_otp26:main()]), halt().",
        ])
        .output()
        .expect("erl");
    let expected = String::from_utf8(expected.stdout).expect("utf-8");
    assert!(expected.starts_with('{'), "erl printed {expected:?}");
    let bytes = std::fs::read(dir.join("records_otp26.beam")).expect("beam");
    let mut module = beam::read(&bytes).expect("read");
    let (records, lines, markers) = rewrite(&mut module);
    assert!(
        records >= 4 && lines >= 10 && markers >= 2,
        "{records} {lines} {markers}"
    );
    for mode in [Mode::Single, Mode::PerLabel] {
        for gc_stress in [false, true] {
            let compiled = codegen::compile_beam(&module, &CompileOptions { mode, gc_stress })
                .expect("compile");
            let mut vm = Vm::new(VmOptions::default()).expect("vm");
            vm.load(compiled).expect("load");
            vm.link().expect("link");
            match vm.call("records_otp26", "main").expect("run") {
                Outcome::Returned(text) => assert_eq!(
                    String::from_utf8_lossy(&text),
                    expected,
                    "{mode:?}, gc_stress {gc_stress}"
                ),
                other => panic!("{mode:?}: {other:?}"),
            }
        }
    }
}
