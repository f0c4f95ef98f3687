//! Lowering of control flow: labels (where reductions are counted), `line`, `func_info`,
//! the type and comparison tests (a two-way exit to the fail label), `select_val`,
//! `select_tuple_arity` (a switch) and `jump`.

use wasm_encoder::{BlockType, Instruction as W, ValType};

use super::floats::{f64_operation, float_or_small, is_float};
use super::{mem, operand, pointer, tagged, Lowerer, A2, CTX, JS, T0, T1, T2};
use crate::abi::term::wasm::{constant, load_word};
use crate::abi::term::{self as term_enc, boxed as tags, tuple};
use crate::abi::{jit_state, Bif, Primitive, BIF_SILENT};
use crate::beam::{Instruction, Opcode, Operand};
use crate::cfg::{BlockId, Terminator};
use crate::codegen::{Code, CompileError};

impl Lowerer<'_> {
    /// Lowers `instruction` if it is a label, a test, a select or a jump; `Ok(false)`
    /// otherwise.
    pub(super) fn lower_control_instruction(
        &mut self,
        instruction: &Instruction,
    ) -> Result<bool, CompileError> {
        let op = instruction.opcode;
        let module = self.module;
        let arg = |i: usize| operand(module, instruction, i);
        match op {
            Opcode::Label => {
                let label = self.unsigned(instruction, 0)?;
                let block = self.label_block(label)?;
                self.label_lines.insert(label, self.line);
                if self.graph.current().is_some() {
                    self.finish(Terminator::Jump(block));
                } else {
                    // Reached only by branches: the frame state they had. A label nothing
                    // before it branches to is assumed to have a frame (the cost of a wrong
                    // guess is one stack-trace entry, never control flow).
                    self.frame = self.label_frames.get(&label).copied().unwrap_or(true);
                }
                self.graph.resume(Some(block));
                if label == self.entry_label && self.counts_reductions {
                    // Reductions are counted at the entries of the functions every loop goes
                    // through (`reduction_counting_entries`), rather than at each call site:
                    // fewer checks in the code. A yield resumes at this label.
                    self.add_entry(label, block);
                    self.emit_reduction(label);
                }
            }
            Opcode::Line => {
                self.line = self.unsigned(instruction, 0).unwrap_or(0);
            }
            Opcode::FuncInfo => {
                let site = self.site(self.frame);
                let code = self.emission.function_clause(site, self.line);
                self.emit(code);
                self.finish(Terminator::Exit);
            }
            Opcode::IntCodeEnd => {}
            // OTP 26's coverage marker and OTP 28's debugger marker: stack traces read `line`.
            Opcode::ExecutableLine | Opcode::DebugLine => {}
            // `nif_start` marks a function a NIF may replace, `on_load` the module's on_load
            // function: no NIFs are loaded, so the Erlang body runs as written.
            Opcode::NifStart | Opcode::OnLoad => {}
            Opcode::IsInteger
            | Opcode::IsFloat
            | Opcode::IsNumber
            | Opcode::IsAtom
            | Opcode::IsPid
            | Opcode::IsReference
            | Opcode::IsPort
            | Opcode::IsNil
            | Opcode::IsBinary
            | Opcode::IsList
            | Opcode::IsNonemptyList
            | Opcode::IsTuple
            | Opcode::IsBoolean
            | Opcode::IsMap
            | Opcode::IsBitstr
            | Opcode::IsFunction => {
                let test = match op {
                    Opcode::IsInteger => TypeTest::Integer,
                    Opcode::IsFloat => TypeTest::Float,
                    Opcode::IsNumber => TypeTest::Number,
                    Opcode::IsAtom => TypeTest::Atom,
                    Opcode::IsPid => TypeTest::Pid,
                    Opcode::IsReference => TypeTest::Reference,
                    Opcode::IsPort => TypeTest::Port,
                    Opcode::IsNil => TypeTest::Nil,
                    Opcode::IsBinary => TypeTest::Binary,
                    Opcode::IsBitstr => TypeTest::Bitstring,
                    Opcode::IsList => TypeTest::List,
                    Opcode::IsNonemptyList => TypeTest::NonemptyList,
                    Opcode::IsTuple => TypeTest::Tuple,
                    Opcode::IsBoolean => TypeTest::Boolean,
                    Opcode::IsMap => TypeTest::Map,
                    _ => TypeTest::Function,
                };
                let fail = self.required_fail(&arg(0)?)?;
                self.load_to(&arg(1)?, T0)?;
                self.emit_type_test(test, T0);
                self.emit([W::I32Eqz]);
                self.branch_to_fail_if(fail);
            }
            Opcode::IsFunction2 => {
                // The `bif` primitive knows funs' layout; a bad arity fails the test, as in a
                // guard.
                let fail = self.required_fail(&arg(0)?)?;
                self.load_to(&arg(1)?, T0)?;
                self.load_to(&arg(2)?, T1)?;
                self.emit_bif_call(Bif::IsFunction2, &[T0, T1], BIF_SILENT);
                self.emit([W::LocalGet(T0), constant(term_enc::atom_true()), W::I64Ne]);
                self.branch_to_fail_if(fail);
            }
            Opcode::TestArity => {
                let fail = self.required_fail(&arg(0)?)?;
                self.load_to(&arg(1)?, T0)?;
                let arity = self.unsigned(instruction, 2)?;
                self.emit_tuple_arity_is(T0, arity);
                self.emit([W::I32Eqz]);
                self.branch_to_fail_if(fail);
            }
            Opcode::IsTaggedTuple => {
                let fail = self.required_fail(&arg(0)?)?;
                self.load_to(&arg(1)?, T0)?;
                let arity = self.unsigned(instruction, 2)?;
                self.emit_tuple_arity_is(T0, arity);
                self.emit([W::If(BlockType::Result(ValType::I32))]);
                self.emit(pointer(T0));
                self.emit([W::I64Load(tagged(
                    tuple::element(0),
                    term_enc::PRIMARY_BOXED,
                ))]);
                self.load(&arg(3)?)?;
                self.emit([W::I64Eq, W::Else, W::I32Const(0), W::End, W::I32Eqz]);
                self.branch_to_fail_if(fail);
            }
            Opcode::IsEqExact
            | Opcode::IsNeExact
            | Opcode::IsEq
            | Opcode::IsNe
            | Opcode::IsLt
            | Opcode::IsGe => {
                let fail = self.required_fail(&arg(0)?)?;
                let (a, b) = (arg(1)?, arg(2)?);
                self.load_to(&a, T0)?;
                self.load_to(&b, T1)?;
                // An inline float path when the operands may be floats.
                let floats = self
                    .wants_float_path(&[a.clone(), b.clone()])
                    .then(|| [self.float_literal(&a), self.float_literal(&b)]);
                // An immediate is exactly equal only to the same word; an atom or `[]` is
                // also arithmetically equal only to itself (a small integer may `==` a float).
                let by_word = match op {
                    Opcode::IsEqExact | Opcode::IsNeExact => {
                        is_immediate_constant(&a) || is_immediate_constant(&b)
                    }
                    Opcode::IsEq | Opcode::IsNe => is_atom_or_nil(&a) || is_atom_or_nil(&b),
                    _ => false,
                };
                // Push "the test fails".
                match op {
                    Opcode::IsEqExact | Opcode::IsEq if by_word => {
                        self.emit([W::LocalGet(T0), W::LocalGet(T1), W::I64Ne]);
                    }
                    Opcode::IsNeExact | Opcode::IsNe if by_word => {
                        self.emit([W::LocalGet(T0), W::LocalGet(T1), W::I64Eq]);
                    }
                    Opcode::IsEqExact => {
                        self.emit_equal_floats(T0, T1, true, floats);
                        self.emit([W::I32Eqz]);
                    }
                    Opcode::IsNeExact => self.emit_equal_floats(T0, T1, true, floats),
                    Opcode::IsEq => {
                        self.emit_equal_floats(T0, T1, false, floats);
                        self.emit([W::I32Eqz]);
                    }
                    Opcode::IsNe => self.emit_equal_floats(T0, T1, false, floats),
                    Opcode::IsLt => {
                        self.emit_less_than(T0, T1, floats);
                        self.emit([W::I32Eqz]);
                    }
                    _ => self.emit_less_than(T0, T1, floats),
                }
                self.branch_to_fail_if(fail);
            }
            Opcode::SelectVal => {
                let fail = self.required_fail(&arg(1)?)?;
                let items = self.list(instruction, 2)?;
                let pairs = self.select_pairs(&items)?;
                self.load_to(&arg(0)?, T1)?;
                let all_small = pairs.iter().all(|(k, _)| matches!(k, SelectKey::Int(_)));
                if all_small {
                    // Integers: only a small integer can match; select on its value.
                    self.emit(term_enc::wasm::is_not_small(T1));
                    self.branch_to_fail_if(fail);
                    self.emit([W::LocalGet(T1)]);
                    self.emit(term_enc::wasm::small_value());
                    self.emit([W::LocalSet(T0)]);
                }
                self.emit_select(pairs, fail)?;
            }
            Opcode::SelectTupleArity => {
                let fail = self.required_fail(&arg(1)?)?;
                let items = self.list(instruction, 2)?;
                self.load_to(&arg(0)?, T1)?;
                self.emit_type_test(TypeTest::Tuple, T1);
                self.emit([W::I32Eqz]);
                self.branch_to_fail_if(fail);
                self.emit([W::LocalGet(T1)]);
                self.emit(term_enc::wasm::untag(term_enc::PRIMARY_BOXED));
                self.emit([load_word(0)]);
                self.emit(term_enc::wasm::header_size());
                // Selected on as an `i64`, as the values of small integers are.
                self.emit([W::I64ExtendI32U, W::LocalSet(T0)]);
                let mut pairs = Vec::new();
                for chunk in items.chunks(2) {
                    match chunk {
                        [Operand::U(arity), Operand::Label(l)] => {
                            pairs.push((SelectKey::Int(*arity as i64), self.label_block(*l)?))
                        }
                        other => {
                            return Err(self.error(format!("select_tuple_arity case {other:?}")))
                        }
                    }
                }
                self.emit_select(pairs, fail)?;
            }
            Opcode::Jump => {
                let target = self.label_operand(&arg(0)?)?;
                let block = self.label_block(target)?;
                self.finish(Terminator::Jump(block));
            }
            _ => return Ok(false),
        }
        Ok(true)
    }

    /// Pushes 1 if the term in local `t` passes `test`.
    fn emit_type_test(&mut self, test: TypeTest, t: u32) {
        let small_tag = term_enc::wasm::is_small(t);
        match test {
            TypeTest::Integer => {
                self.emit(small_tag);
                self.emit_boxed_tag_is(t, &[tags::POS_BIGNUM, tags::NEG_BIGNUM]);
                self.emit([W::I32Or]);
            }
            TypeTest::Number => {
                self.emit(small_tag);
                self.emit_boxed_tag_is(t, &[tags::POS_BIGNUM, tags::NEG_BIGNUM, tags::FLOAT]);
                self.emit([W::I32Or]);
            }
            TypeTest::Float => self.emit_boxed_tag_is(t, &[tags::FLOAT]),
            TypeTest::Reference => self.emit_boxed_tag_is(t, &[tags::REFERENCE]),
            TypeTest::Bitstring => {
                self.emit_boxed_tag_is(t, &[tags::HEAP_BINARY, tags::REFC_BINARY, tags::SUB_BINARY])
            }
            TypeTest::Binary => {
                // A sub binary is a binary only when its bit size is a multiple of 8.
                self.emit_boxed_tag_is(t, &[tags::HEAP_BINARY, tags::REFC_BINARY]);
                self.emit_boxed_tag_is(t, &[tags::SUB_BINARY]);
                self.emit([W::If(BlockType::Result(ValType::I32))]);
                self.emit(pointer(t));
                self.emit([
                    W::I64Load(tagged(term_enc::sub_binary::SIZE, term_enc::PRIMARY_BOXED)),
                    // A whole number of bytes.
                    W::I64Const(7),
                    W::I64And,
                    W::I64Eqz,
                    W::Else,
                    W::I32Const(0),
                    W::End,
                    W::I32Or,
                ]);
            }
            TypeTest::Tuple => self.emit_boxed_tag_is(t, &[tags::TUPLE]),
            TypeTest::Map => self.emit_boxed_tag_is(t, &[tags::MAP]),
            TypeTest::Function => self.emit_boxed_tag_is(t, &[tags::FUN]),
            TypeTest::Atom => self.emit(term_enc::wasm::is_atom(t)),
            TypeTest::Pid => self.emit(term_enc::wasm::is_pid(t)),
            TypeTest::Port => self.emit(term_enc::wasm::is_port(t)),
            TypeTest::Nil => self.emit([W::LocalGet(t), constant(term_enc::NIL), W::I64Eq]),
            TypeTest::NonemptyList => self.emit(term_enc::wasm::is_list_cell(t)),
            TypeTest::List => {
                self.emit(term_enc::wasm::is_list_cell(t));
                self.emit([W::LocalGet(t), constant(term_enc::NIL), W::I64Eq, W::I32Or]);
            }
            TypeTest::Boolean => self.emit([
                W::LocalGet(t),
                constant(term_enc::atom_true()),
                W::I64Eq,
                W::LocalGet(t),
                constant(term_enc::atom_false()),
                W::I64Eq,
                W::I32Or,
            ]),
        }
    }

    /// Pushes 1 if the term in `t` is a tuple of `arity`.
    fn emit_tuple_arity_is(&mut self, t: u32, arity: u32) {
        self.open_if_boxed_header(t);
        self.emit([constant(term_enc::header(arity, tags::TUPLE)), W::I64Eq]);
        self.close_if_boxed();
    }

    /// Pushes 1 if the terms in `a` and `b` are equal: exactly (`=:=`) or arithmetically
    /// (`==`, where `1 == 1.0`).
    fn emit_equal(&mut self, a: u32, b: u32, exact: bool) {
        self.emit_equal_floats(a, b, exact, None);
    }

    /// [`Self::emit_equal`], with an inline float path when `floats` holds the values of the
    /// operands that are float literals (`None`: no float path).
    fn emit_equal_floats(&mut self, a: u32, b: u32, exact: bool, floats: Option<[Option<f64>; 2]>) {
        // Equal words are equal terms. Otherwise, for `=:=` different immediates differ and an
        // immediate never equals a pointer (integers are canonical), so only two pointers need
        // a primitive; for `==` a small integer may equal a boxed float, so only two
        // immediates are settled inline. Two floats (or, for `==`, a float and a small integer
        // an `f64` holds exactly) compare their values inline (`0.0 =:= -0.0` on OTP 25).
        let is_immediate = term_enc::wasm::is_immediate;
        let mut code = vec![
            W::LocalGet(a),
            W::LocalGet(b),
            W::I64Eq,
            W::If(BlockType::Result(ValType::I32)),
            W::I32Const(1),
            W::Else,
        ];
        code.extend(is_immediate(a));
        code.extend(is_immediate(b));
        code.extend([
            if exact { W::I32Or } else { W::I32And },
            W::If(BlockType::Result(ValType::I32)),
            W::I32Const(0),
            W::Else,
        ]);
        if let Some(known) = floats {
            code.extend(compare_as_f64(a, b, exact, known, W::F64Eq));
        }
        code.extend([W::LocalGet(CTX), W::LocalGet(a), W::LocalGet(b)]);
        self.emit(code);
        if exact {
            self.call_primitive(Primitive::ExactEq);
        } else {
            self.call_primitive(Primitive::Compare);
            self.emit([W::I32Eqz]);
        }
        if floats.is_some() {
            self.emit([W::End]);
        }
        self.emit([W::End, W::End]);
    }

    /// Pushes 1 if `a < b` in term order, with an inline float path when `floats` holds the
    /// values of the operands that are float literals (`None`: no float path).
    fn emit_less_than(&mut self, a: u32, b: u32, floats: Option<[Option<f64>; 2]>) {
        let mut code: Code = Vec::new();
        // With a float literal the operands are not both small integers.
        let may_be_small = floats.is_none_or(|known| known == [None, None]);
        if may_be_small {
            code.extend(term_enc::wasm::both_small(a, b));
            code.extend([
                W::If(BlockType::Result(ValType::I32)),
                // Both small integers: the tagged words order like the values.
                W::LocalGet(a),
                W::LocalGet(b),
                W::I64LtS,
                W::Else,
            ]);
        }
        if let Some(known) = floats {
            code.extend(compare_as_f64(a, b, false, known, W::F64Lt));
        }
        code.extend([W::LocalGet(CTX), W::LocalGet(a), W::LocalGet(b)]);
        self.emit(code);
        self.call_primitive(Primitive::Compare);
        self.emit([W::I32Const(0), W::I32LtS]);
        if floats.is_some() {
            self.emit([W::End]);
        }
        if may_be_small {
            self.emit([W::End]);
        }
    }

    /// `select_val` / `select_tuple_arity`: computes a case index (an `i32`) and ends the
    /// block with a switch (`targets.len()` is the default).
    fn emit_select(
        &mut self,
        cases: Vec<(SelectKey, BlockId)>,
        fail: BlockId,
    ) -> Result<(), CompileError> {
        // The value to select on is in T0 (an `i64`: a small integer's value, or an arity).
        let small: Vec<(i64, usize)> = cases
            .iter()
            .enumerate()
            .filter_map(|(i, (k, _))| match k {
                SelectKey::Int(v) => Some((*v, i)),
                _ => None,
            })
            .collect();
        let n = cases.len() as i32;
        let dense = !small.is_empty() && small.len() == cases.len() && {
            let min = small.iter().map(|c| c.0).min().unwrap_or(0);
            let max = small.iter().map(|c| c.0).max().unwrap_or(0);
            let range = max - min + 1;
            range <= 2 * small.len() as i64 + 8 && range <= 60_000
        };
        let mut targets: Vec<BlockId>;
        if dense {
            let min = small.iter().map(|c| c.0).min().unwrap_or(0);
            let max = small.iter().map(|c| c.0).max().unwrap_or(0);
            let count = max - min + 1;
            targets = vec![fail; count as usize];
            for (value, case) in &small {
                targets[(value - min) as usize] = cases[*case].1;
            }
            // `value - min` as the index when it is one of the table's, else `count` (the
            // default): an `i64` value far out of range must not wrap into it.
            self.emit([
                W::LocalGet(T0),
                W::I64Const(min),
                W::I64Sub,
                W::I32WrapI64,
                W::I32Const(count as i32),
                W::LocalGet(T0),
                W::I64Const(min),
                W::I64Sub,
                W::I64Const(count),
                W::I64LtU,
                W::Select,
            ]);
        } else if !small.is_empty() && small.len() == cases.len() {
            // Sparse integers: a binary search over the sorted values leaves the case index.
            targets = cases.iter().map(|c| c.1).collect();
            let mut sorted: Vec<(i64, usize)> = small.clone();
            sorted.sort_unstable();
            let code = binary_search(&sorted, n);
            self.emit(code);
        } else {
            targets = cases.iter().map(|c| c.1).collect();
            // A flat chain: the first matching case leaves its index.
            self.emit([W::Block(BlockType::Result(ValType::I32))]);
            for (i, (key, _)) in cases.iter().enumerate() {
                self.emit([W::I32Const(i as i32)]);
                match key {
                    SelectKey::Int(v) => self.emit([W::LocalGet(T0), W::I64Const(*v), W::I64Eq]),
                    SelectKey::Term(operand) if is_immediate_constant(operand) => {
                        self.emit([W::LocalGet(T1)]);
                        self.load(operand)?;
                        self.emit([W::I64Eq]);
                    }
                    SelectKey::Term(operand) => {
                        self.load_to(operand, T2)?;
                        self.emit_equal(T1, T2, true);
                    }
                }
                self.emit([W::BrIf(0), W::Drop]);
            }
            self.emit([W::I32Const(n), W::End]);
        }
        self.finish(Terminator::Switch {
            targets,
            default: fail,
        });
        Ok(())
    }

    fn select_pairs(&self, items: &[Operand]) -> Result<Vec<(SelectKey, BlockId)>, CompileError> {
        let mut pairs = Vec::new();
        for chunk in items.chunks(2) {
            let [key, Operand::Label(l)] = chunk else {
                return Err(self.error(format!("select_val case {chunk:?}")));
            };
            let key = match key {
                Operand::Int(v) if term_enc::fits_small(*v) => SelectKey::Int(*v),
                other => SelectKey::Term(other.clone()),
            };
            pairs.push((key, self.label_block(*l)?));
        }
        Ok(pairs)
    }

    /// Counts a reduction; when the slice is used up, yields: stores this module's continuation
    /// for `label` and returns `ctx` to the host, which resumes there later.
    fn emit_reduction(&mut self, label: u32) {
        self.emit([
            W::LocalGet(JS),
            W::LocalGet(JS),
            W::I32Load(mem(jit_state::REMAINING_REDUCTIONS)),
            W::I32Const(1),
            W::I32Sub,
            W::LocalTee(A2),
            W::I32Store(mem(jit_state::REMAINING_REDUCTIONS)),
            W::LocalGet(A2),
            W::I32Const(1),
            W::I32LtS,
            W::If(BlockType::Empty),
        ]);
        self.emit_yield_at(label);
        self.emit([W::End]);
    }
}

/// Type tests, as the condition "the test passes" on the stack.
#[derive(Clone, Copy)]
enum TypeTest {
    Integer,
    Float,
    Number,
    Atom,
    Pid,
    Reference,
    Port,
    Nil,
    Binary,
    Bitstring,
    List,
    NonemptyList,
    Tuple,
    Boolean,
    Map,
    Function,
}

enum SelectKey {
    /// A small integer's value (or an arity), compared as an `i64` in `T0`.
    Int(i64),
    /// Any other term, compared exactly with the selected term in `T1`.
    Term(Operand),
}

/// A constant operand whose term is an immediate word: an atom, `[]` or a small integer.
fn is_immediate_constant(operand: &Operand) -> bool {
    match operand {
        Operand::Int(v) => term_enc::fits_small(*v),
        other => is_atom_or_nil(other),
    }
}

fn is_atom_or_nil(operand: &Operand) -> bool {
    matches!(operand, Operand::Atom(_) | Operand::Nil)
}

/// Code that leaves the case index of the value in `T0` among sorted `(value, case)` pairs,
/// or `default`. Depth is logarithmic in the number of cases.
fn binary_search(pairs: &[(i64, usize)], default: i32) -> Code {
    if pairs.len() <= 4 {
        let mut code = vec![W::Block(BlockType::Result(ValType::I32))];
        for &(value, case) in pairs {
            code.extend([
                W::I32Const(case as i32),
                W::LocalGet(T0),
                W::I64Const(value),
                W::I64Eq,
                W::BrIf(0),
                W::Drop,
            ]);
        }
        code.extend([W::I32Const(default), W::End]);
        return code;
    }
    let (low, high) = pairs.split_at(pairs.len() / 2);
    let mut code = vec![
        W::LocalGet(T0),
        W::I64Const(high[0].0),
        W::I64LtS,
        W::If(BlockType::Result(ValType::I32)),
    ];
    code.extend(binary_search(low, default));
    code.push(W::Else);
    code.extend(binary_search(high, default));
    code.push(W::End);
    code
}

/// Pushes 1 (an `i32`) if the terms in `a` and `b` can be compared as `f64`s: both boxed
/// floats (`exact`, for `=:=`), or each a float or a small integer an `f64` holds exactly,
/// the operands with a `known` value (float literals) needing no test.
fn numbers_as_f64(a: u32, b: u32, exact: bool, known: [Option<f64>; 2]) -> Code {
    let mut code = Vec::new();
    let mut tests = 0;
    for (t, known) in [(a, known[0]), (b, known[1])] {
        if known.is_none() {
            if exact {
                code.extend(is_float(t));
            } else {
                code.extend(float_or_small(t, true));
            }
            tests += 1;
        }
    }
    match tests {
        0 => code.push(W::I32Const(1)),
        2 => code.push(W::I32And),
        _ => {}
    }
    code
}

/// Opens `if (numbers_as_f64) (result i32)` with `op` (`f64.eq`, `f64.lt`) on the operands'
/// values, and `else`: the caller adds the slow path and the `end`.
fn compare_as_f64(a: u32, b: u32, exact: bool, known: [Option<f64>; 2], op: W<'static>) -> Code {
    let mut code = numbers_as_f64(a, b, exact, known);
    code.push(W::If(BlockType::Result(ValType::I32)));
    code.extend(f64_operation(
        (a, known[0]),
        (b, known[1]),
        &[op],
        BlockType::Result(ValType::I32),
    ));
    code.push(W::Else);
    code
}
