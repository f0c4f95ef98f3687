//! Rewrites `block`/`if` with a result type into void ones that pass the result in a local.
//!
//! Why: Cranelift's wasm translator gives every wasm block that has a result its own SSA variable,
//! and cranelift-frontend keeps one table per variable indexed by CLIF block number. With
//! thousands of result blocks in one big function that is quadratic: `unicode_util` (6,000
//! `if (result i32)`) spent most of its translation time clearing those tables. Through a few
//! shared locals (one per nesting depth) the variables are fixed in number and the generated
//! code is the same after SSA construction.
//!
//! The rewrite, for a result block at result-nesting depth `k` (local `R = first + 1 + k`):
//! `end` becomes `local.set R; end; local.get R`, `else` becomes `local.set R; else`, a `br` to
//! it becomes `local.set R; br`, and a `br_if` to it, which keeps the value when not taken,
//! becomes `local.set C; local.tee R; local.get C; br_if` with `C = first` holding the
//! condition.

use wasm_encoder::{BlockType, Instruction as W, ValType};

use super::Code;

/// What a rewrite needs: `i32` locals from `first` on, this many of them.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ExtraLocals(pub u32);

/// Rewrites `code` in place, using `i32` locals from `first` on; returns how many it used.
/// Fails (naming the construct) on what the lowering never emits: results other than one
/// `i32`, loops with results, `br_table` to a result block.
pub fn remove_block_results(code: &mut Code, first: u32) -> Result<ExtraLocals, String> {
    if !code.iter().any(has_result) {
        return Ok(ExtraLocals(0));
    }
    let condition = first;
    let mut out = Code::with_capacity(code.len() + code.len() / 4);
    // The result local of each open block (`None`: void, or a scope outside `code`).
    let mut frames: Vec<Option<u32>> = Vec::new();
    let mut depth = 0u32;
    let mut used = 0u32;
    // A branch target `relative` levels out; branches past `code`'s own scopes are void.
    let target = |frames: &[Option<u32>], relative: u32| -> Option<u32> {
        let index = frames.len().checked_sub(1 + relative as usize)?;
        frames[index]
    };
    for instruction in code.drain(..) {
        match instruction {
            W::Block(ty) | W::If(ty) | W::Loop(ty) => {
                let is_loop = matches!(instruction, W::Loop(_));
                let local = match ty {
                    BlockType::Empty => None,
                    BlockType::Result(ValType::I32) if !is_loop => {
                        let local = first + 1 + depth;
                        depth += 1;
                        used = used.max(depth + 1);
                        Some(local)
                    }
                    other => return Err(format!("unsupported block type {other:?}")),
                };
                frames.push(local);
                out.push(match instruction {
                    W::Block(_) => W::Block(BlockType::Empty),
                    W::If(_) => W::If(BlockType::Empty),
                    _ => W::Loop(BlockType::Empty),
                });
            }
            W::Else => {
                if let Some(Some(local)) = frames.last() {
                    out.push(W::LocalSet(*local));
                }
                out.push(W::Else);
            }
            W::End => match frames.pop() {
                Some(Some(local)) => {
                    depth -= 1;
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
    Ok(ExtraLocals(used))
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
