//! Rewrites `block`/`if` with a result type into void ones that pass the result in a local.
//!
//! Why: Cranelift's wasm translator gives every wasm block that has a result its own SSA variable,
//! and cranelift-frontend keeps one table per variable indexed by CLIF block number. With
//! thousands of result blocks in one big function that is quadratic: `unicode_util` (6,000
//! `if (result i32)`) spent most of its translation time clearing those tables. Through a few
//! shared locals (one per nesting depth) the variables are fixed in number and the generated
//! code is the same after SSA construction.
//!
//! The rewrite, for a result block at result-nesting depth `k` among the blocks of its result
//! type (local `R`: `first + 1 + k` for `i32` results, `first_wide + k` for `i64` ones): `end`
//! becomes `local.set R; end; local.get R`, `else` becomes `local.set R; else`, a `br` to it
//! becomes `local.set R; br`, and a `br_if` to it, which keeps the value when not taken,
//! becomes `local.set C; local.tee R; local.get C; br_if` with `C = first` holding the
//! condition.

use wasm_encoder::{BlockType, Instruction as W, ValType};

use super::Code;

/// What a rewrite needs: `i32` locals from `first` on, this many of them.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ExtraLocals(pub u32);

/// What a rewrite of code with `i32` and `i64` results needs: `narrow` `i32` locals from
/// `first` on (the condition, then one per nesting depth of `i32` results) and `wide` `i64`
/// locals from `first_wide` on (one per nesting depth of `i64` results).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct TypedExtraLocals {
    pub narrow: ExtraLocals,
    pub wide: u32,
}

impl TypedExtraLocals {
    /// Enough locals for both.
    pub fn max(self, other: TypedExtraLocals) -> TypedExtraLocals {
        TypedExtraLocals {
            narrow: ExtraLocals(self.narrow.0.max(other.narrow.0)),
            wide: self.wide.max(other.wide),
        }
    }
}

/// Rewrites `code` in place, using `i32` locals from `first` on; returns how many it used.
/// Fails (naming the construct) on what the lowering never emits: results other than one
/// `i32`, loops with results, `br_table` to a result block.
pub fn remove_block_results(code: &mut Code, first: u32) -> Result<ExtraLocals, String> {
    rewrite(code, first, None).map(|used| used.narrow)
}

/// As [`remove_block_results`], for code whose results are `i32`s or `i64`s: the `i64` ones
/// pass through locals from `first_wide` on, which must not overlap the `i32` ones
/// ([`locals_needed`] tells how many of those any of the code to rewrite needs).
pub fn remove_typed_block_results(
    code: &mut Code,
    first: u32,
    first_wide: u32,
) -> Result<TypedExtraLocals, String> {
    rewrite(code, first, Some(first_wide))
}

/// The locals a rewrite of `code` uses, without rewriting it.
pub fn locals_needed(code: &Code) -> TypedExtraLocals {
    let mut frames: Vec<Option<ValType>> = Vec::new();
    let (mut narrow, mut wide) = (0u32, 0u32);
    let (mut narrow_depth, mut wide_depth) = (0u32, 0u32);
    for instruction in code {
        match instruction {
            W::Block(ty) | W::If(ty) | W::Loop(ty) => {
                let result = match ty {
                    BlockType::Result(t) => Some(*t),
                    _ => None,
                };
                match result {
                    Some(ValType::I64) => {
                        wide_depth += 1;
                        wide = wide.max(wide_depth);
                        narrow = narrow.max(1);
                    }
                    Some(_) => {
                        narrow_depth += 1;
                        narrow = narrow.max(narrow_depth + 1);
                    }
                    None => {}
                }
                frames.push(result);
            }
            W::End => match frames.pop() {
                Some(Some(ValType::I64)) => wide_depth -= 1,
                Some(Some(_)) => narrow_depth -= 1,
                _ => {}
            },
            _ => {}
        }
    }
    TypedExtraLocals {
        narrow: ExtraLocals(narrow),
        wide,
    }
}

fn rewrite(
    code: &mut Code,
    first: u32,
    first_wide: Option<u32>,
) -> Result<TypedExtraLocals, String> {
    if !code.iter().any(has_result) {
        return Ok(TypedExtraLocals::default());
    }
    let condition = first;
    let mut out = Code::with_capacity(code.len() + code.len() / 4);
    // The result local and type of each open block (`None`: void, or a scope outside `code`).
    let mut frames: Vec<Option<(u32, ValType)>> = Vec::new();
    let (mut depth, mut wide_depth) = (0u32, 0u32);
    let mut used = TypedExtraLocals::default();
    // A branch target `relative` levels out; branches past `code`'s own scopes are void. (No
    // `1 + relative` in `usize`: that wraps to 0 for `u32::MAX` on 32-bit targets.)
    let target = |frames: &[Option<(u32, ValType)>], relative: u32| -> Option<u32> {
        let index = frames
            .len()
            .checked_sub(1)?
            .checked_sub(relative as usize)?;
        frames[index].map(|(local, _)| local)
    };
    for instruction in code.drain(..) {
        match instruction {
            W::Block(ty) | W::If(ty) | W::Loop(ty) => {
                let is_loop = matches!(instruction, W::Loop(_));
                let local = match (ty, first_wide) {
                    (BlockType::Empty, _) => None,
                    (BlockType::Result(ValType::I32), _) if !is_loop => {
                        let local = first + 1 + depth;
                        depth += 1;
                        used.narrow.0 = used.narrow.0.max(depth + 1);
                        Some((local, ValType::I32))
                    }
                    (BlockType::Result(ValType::I64), Some(first_wide)) if !is_loop => {
                        let local = first_wide + wide_depth;
                        wide_depth += 1;
                        used.wide = used.wide.max(wide_depth);
                        // The condition local, for a `br_if` to it.
                        used.narrow.0 = used.narrow.0.max(1);
                        Some((local, ValType::I64))
                    }
                    (other, _) => return Err(format!("unsupported block type {other:?}")),
                };
                frames.push(local);
                out.push(match instruction {
                    W::Block(_) => W::Block(BlockType::Empty),
                    W::If(_) => W::If(BlockType::Empty),
                    _ => W::Loop(BlockType::Empty),
                });
            }
            W::Else => {
                if let Some(Some((local, _))) = frames.last() {
                    out.push(W::LocalSet(*local));
                }
                out.push(W::Else);
            }
            W::End => match frames.pop() {
                Some(Some((local, ty))) => {
                    if ty == ValType::I64 {
                        wide_depth -= 1;
                    } else {
                        depth -= 1;
                    }
                    out.extend([W::LocalSet(local), W::End, W::LocalGet(local)]);
                }
                _ => out.push(W::End),
            },
            W::Br(relative) => {
                if let Some(local) = target(&frames, relative) {
                    out.push(W::LocalSet(local));
                }
                out.push(W::Br(relative));
            }
            W::BrIf(relative) => {
                if let Some(local) = target(&frames, relative) {
                    out.extend([
                        W::LocalSet(condition),
                        W::LocalTee(local),
                        W::LocalGet(condition),
                    ]);
                }
                out.push(W::BrIf(relative));
            }
            W::BrTable(ref targets, default) => {
                let result_target = targets
                    .iter()
                    .chain(std::iter::once(&default))
                    .any(|&relative| target(&frames, relative).is_some());
                if result_target {
                    return Err("br_table to a block with a result".to_string());
                }
                out.push(instruction);
            }
            other => out.push(other),
        }
    }
    *code = out;
    Ok(used)
}

fn has_result(instruction: &W) -> bool {
    matches!(
        instruction,
        W::Block(BlockType::Result(_))
            | W::If(BlockType::Result(_))
            | W::Loop(BlockType::Result(_))
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn code_without_results_is_untouched() {
        let mut code = vec![W::Block(BlockType::Empty), W::Br(0), W::End];
        let before = format!("{code:?}");
        assert_eq!(remove_block_results(&mut code, 7), Ok(ExtraLocals(0)));
        assert_eq!(format!("{code:?}"), before);
    }

    /// `(param i32) (result i64)`: nested `i64` and `i32` results, a `br_if` carrying an
    /// `i64` out of an `i32` block, a branch out of the code.
    fn mixed_sample() -> Code {
        vec![
            W::Block(BlockType::Result(ValType::I64)),
            W::I64Const(7),
            W::LocalGet(0),
            W::BrIf(0),
            W::Drop,
            W::LocalGet(0),
            W::I32Const(1),
            W::I32Add,
            W::If(BlockType::Result(ValType::I32)),
            W::Block(BlockType::Result(ValType::I64)),
            W::I64Const(1),
            W::LocalGet(0),
            W::BrIf(2),
            W::End,
            W::I32WrapI64,
            W::Else,
            W::I32Const(2),
            W::End,
            W::I64ExtendI32U,
            W::End,
        ]
    }

    fn validates(code: &Code, locals: &[(u32, ValType)]) -> Result<(), String> {
        use wasm_encoder::{CodeSection, Function, FunctionSection, Module, TypeSection};
        let mut types = TypeSection::new();
        types.ty().function([ValType::I32], [ValType::I64]);
        let mut functions = FunctionSection::new();
        functions.function(0);
        let mut f = Function::new(locals.iter().copied());
        for instruction in code {
            f.instruction(instruction);
        }
        f.instruction(&W::End);
        let mut section = CodeSection::new();
        section.function(&f);
        let mut module = Module::new();
        module.section(&types).section(&functions).section(&section);
        wasmparser::Validator::new()
            .validate_all(&module.finish())
            .map(|_| ())
            .map_err(|e| e.to_string())
    }

    #[test]
    fn i64_results_pass_through_i64_locals_after_the_i32_ones() {
        let mut code = mixed_sample();
        validates(&code, &[]).expect("the sample is valid");
        let needed = locals_needed(&code);
        assert_eq!(
            needed,
            TypedExtraLocals {
                narrow: ExtraLocals(2),
                wide: 2
            }
        );
        // Locals: the parameter, then the i32s from 1, the i64s from 3.
        let used = remove_typed_block_results(&mut code, 1, 3).unwrap();
        assert_eq!(used, needed);
        assert!(!code.iter().any(has_result));
        validates(&code, &[(2, ValType::I32), (2, ValType::I64)]).expect("rewritten is valid");
    }

    #[test]
    fn the_i32_only_rewrite_refuses_i64_results() {
        assert!(remove_block_results(&mut mixed_sample(), 1).is_err());
    }

    #[test]
    fn a_br_table_to_a_result_block_is_refused() {
        let mut code = vec![
            W::Block(BlockType::Result(ValType::I32)),
            W::I32Const(1),
            W::I32Const(0),
            W::BrTable(vec![0].into(), 0),
            W::End,
        ];
        assert!(remove_block_results(&mut code, 0).is_err());
    }
}
