//! Single-function output (`docs/abi.md` §1, §2, §7): the module's whole graph, stackified into
//! the body of one function `run` under the label dispatcher. Edges are structured branches;
//! `Dispatch` goes through the dispatcher loop.
//!
//! The single function is what Cranelift compiles slowest, so what thousands of sites would
//! repeat is written once: every raise, `function_clause` and yield stores its value in
//! `EXIT_VALUE_GLOBAL` and branches to a shared exit wrapped around the function's code, and
//! every `return` jumps to one shared block of the graph.

use wasm_encoder::{BlockType, Function, Instruction as W};

use super::emission::{Emission, Functions, CONTINUATION};
use super::graph::GraphBuilder;
use super::lower::{self, primitive_call, Lowered, CTX, JS, LABEL, NI};
use super::void_blocks::TypedExtraLocals;
use super::{Code, CompileError};
use crate::abi::module::{
    self as module_abi, DISPATCH_GLOBAL, EXIT_VALUE_GLOBAL, HELPER_RAISE_PENDING,
    MODULE_FUNCTION_TYPE,
};
use crate::abi::term::{self as term_enc, wasm::store_word};
use crate::abi::{cp, jit_state, Primitive, RaiseKind};
use crate::beam::BeamModule;
use crate::cfg::{BlockId, Terminator};
use crate::stackify::{self, LabelStorage, StackifyOptions};

/// Placeholder `br` targets of the shared exits, resolved to depths when the function is
/// emitted (`emit_resolving_exits`). Thousands of sites raise or yield; a tail call or return
/// at each one cost Cranelift much more than a branch to one copy.
const EXIT_RAISE: u32 = u32::MAX;
const EXIT_FUNCTION_CLAUSE: u32 = u32::MAX - 1;
const EXIT_YIELD: u32 = u32::MAX - 2;
/// How many scopes the shared exits wrap around the function's code.
const EXIT_SCOPES: u32 = 3;

#[derive(Default)]
pub(crate) struct SingleFunction {
    /// The one block every `return` jumps to (made on first use).
    shared_return: Option<BlockId>,
}

/// Code that stores `value` for a shared exit and branches to it.
fn to_exit(value: u32, exit: u32) -> Code {
    vec![
        W::I32Const(value as i32),
        W::GlobalSet(EXIT_VALUE_GLOBAL),
        W::Br(exit),
    ]
}

impl Emission for SingleFunction {
    fn raise_pending(&self, site: u32) -> Code {
        to_exit(site, EXIT_RAISE)
    }

    fn yield_at(&self, label: u32) -> Code {
        // The label bits fit the `i32` global: labels are below `cp::MAX_LABELS`.
        to_exit(cp::label_bits(label) as u32, EXIT_YIELD)
    }

    fn function_clause(&self, site: u32, _line: u32) -> Code {
        // The site holds the line.
        to_exit(site, EXIT_FUNCTION_CLAUSE)
    }

    /// The same work at run time as an inline return (one more `br`), ~40 bytes less code per
    /// return, which is compile time in big modules.
    fn return_(&mut self, graph: &mut GraphBuilder, return_code: fn() -> Code) {
        let shared = *self
            .shared_return
            .get_or_insert_with(|| graph.add_block(return_code(), Terminator::Dispatch));
        graph.finish(Terminator::Jump(shared));
    }

    /// `table[continuation >> 20](ctx, js, ni, label)`, a tail call.
    fn continue_helper(&self) -> Code {
        [W::LocalGet(CTX), W::LocalGet(JS), W::LocalGet(NI)]
            .into_iter()
            .chain(cp::push_label(CONTINUATION))
            .chain(cp::push_module(CONTINUATION))
            .chain([W::ReturnCallIndirect {
                type_index: MODULE_FUNCTION_TYPE,
                table_index: 0,
            }])
            .collect()
    }

    fn functions(
        &self,
        module: &BeamModule,
        lowered: &Lowered,
        extra_locals: TypedExtraLocals,
    ) -> Result<Functions, CompileError> {
        let cfg = &lowered.cfg;
        let stackify_error = |source| CompileError::Stackify {
            module: module.name.clone(),
            source,
        };
        let mut structured =
            stackify::stackify(cfg, &StackifyOptions::default()).map_err(stackify_error)?;
        let mut function = Function::new(lower::locals(extra_locals));
        let labels = LabelStorage {
            local: LABEL,
            dispatch_global: Some(DISPATCH_GLOBAL),
        };
        // The code runs inside blocks whose ends are the shared exits.
        for _ in 0..EXIT_SCOPES {
            function.instructions().block(BlockType::Empty);
        }
        structured
            .emit_wrapped(
                cfg,
                &mut function,
                labels,
                EXIT_SCOPES,
                |_, code, depth, f| {
                    emit_resolving_exits(code, depth, f);
                    Ok(())
                },
                |f| {
                    for exit in shared_exits() {
                        f.instruction(&W::End);
                        for instruction in &exit {
                            f.instruction(instruction);
                        }
                    }
                },
            )
            .map_err(stackify_error)?;
        Ok(Functions {
            functions: vec![(module_abi::EXPORT_RUN.to_string(), function)],
            label_functions: Vec::new(),
            stackify: Some(structured.stats().clone()),
        })
    }
}

/// The code of the shared exits, in the order they follow the function's code: the yield
/// (`EXIT_VALUE_GLOBAL` holds the label's continuation bits, without the module's), the
/// `function_clause` error (it holds the site; its code goes on into the next exit) and the
/// raise (it holds the site).
fn shared_exits() -> [Code; 3] {
    let yield_ = [W::LocalGet(JS)]
        .into_iter()
        .chain(cp::push_module_base())
        .chain([
            W::GlobalGet(EXIT_VALUE_GLOBAL),
            W::I64ExtendI32U,
            W::I64Or,
            store_word(jit_state::CONTINUATION),
            W::LocalGet(CTX),
            W::Return,
        ])
        .collect();
    let function_clause = [
        W::LocalGet(CTX),
        W::I32Const(RaiseKind::FunctionClause as i32),
        term_enc::wasm::constant(term_enc::NIL),
        W::I32Const(0),
    ]
    .into_iter()
    .chain(primitive_call(Primitive::Raise))
    .chain([W::Drop])
    .collect();
    let raise = vec![
        W::LocalGet(CTX),
        W::LocalGet(JS),
        W::LocalGet(NI),
        W::GlobalGet(EXIT_VALUE_GLOBAL),
        W::ReturnCall(HELPER_RAISE_PENDING),
    ];
    [yield_, function_clause, raise]
}

/// Writes a block's code into `f` with its placeholder exits turned into branch depths: the
/// stackifier emits the code inside `depth` scopes, the [`EXIT_SCOPES`] wrappers included.
fn emit_resolving_exits(code: &[W<'static>], depth: u32, f: &mut Function) {
    let mut open = depth;
    for instruction in code {
        let exit_depth = match instruction {
            W::Block(_) | W::Loop(_) | W::If(_) => {
                open += 1;
                None
            }
            W::End => {
                open -= 1;
                None
            }
            W::Br(EXIT_RAISE) => Some(open - 1),
            W::Br(EXIT_FUNCTION_CLAUSE) => Some(open - 2),
            W::Br(EXIT_YIELD) => Some(open - 3),
            _ => None,
        };
        match exit_depth {
            Some(relative) => f.instruction(&W::Br(relative)),
            None => f.instruction(instruction),
        };
    }
}
