//! The runtime's own WASM: the exit function of table slot 0 and per-label mode's dispatch
//! loop (`docs/abi.md` §1, §7, §8). Every engine instantiates these bytes into the shared
//! memory and table, so they are built with `wasm-encoder` and `abi` alone.

use wasm_encoder::{
    BlockType, CodeSection, ExportKind, ExportSection, Function, FunctionSection, ImportSection,
    Instruction as W, MemArg, Module, TypeSection, ValType,
};

use crate::abi::module::{
    memory_import, table_import, EXPORT_RUN, IMPORT_MEMORY, IMPORT_MODULE, IMPORT_TABLE,
};
use crate::abi::{cp, jit_state, CONTINUATION_EXIT};

/// A module of one ABI-typed function exported as `run`, with the given imports.
fn one_function_module(imports: &ImportSection, body: &Function) -> Vec<u8> {
    let mut types = TypeSection::new();
    types.ty().function([ValType::I32; 4], [ValType::I32]);
    let mut functions = FunctionSection::new();
    functions.function(0);
    let mut exports = ExportSection::new();
    exports.export(EXPORT_RUN, ExportKind::Func, 0);
    let mut code = CodeSection::new();
    code.function(body);
    let mut module = Module::new();
    module
        .section(&types)
        .section(imports)
        .section(&functions)
        .section(&exports)
        .section(&code);
    module.finish()
}

/// The function in table slot 0: a process whose continuation is module 0 has finished.
pub(crate) fn exit_module_bytes() -> Vec<u8> {
    let mut imports = ImportSection::new();
    imports.import(IMPORT_MODULE, IMPORT_MEMORY, memory_import());
    let mut body = Function::new([]);
    body.instruction(&W::LocalGet(1))
        .instruction(&W::I32Const(CONTINUATION_EXIT as i32))
        .instruction(&W::I32Store(MemArg {
            offset: jit_state::CONTINUATION as u64,
            align: 2,
            memory_index: 0,
        }))
        .instruction(&W::LocalGet(0))
        .instruction(&W::End);
    one_function_module(&imports, &body)
}

/// The per-label dispatch loop, in wasm as AtomVM's C scheduler loop is: it calls the function
/// of each continuation through the table (`label_bases[module] + label`) until the process
/// yields (no reductions left) or ends, then returns to the host.
pub(crate) fn trampoline_module_bytes(label_bases: u32) -> Vec<u8> {
    let mem = |offset: u32| MemArg {
        offset: offset as u64,
        align: 2,
        memory_index: 0,
    };
    let mut imports = ImportSection::new();
    imports.import(IMPORT_MODULE, IMPORT_MEMORY, memory_import());
    imports.import(IMPORT_MODULE, IMPORT_TABLE, table_import());
    // Params: 0 ctx, 1 jit_state, 2 native_interface, 3 continuation. Local 4: label.
    let (ctx_, js, ni, next, label) = (0, 1, 2, 3, 4);
    let mut f = Function::new([(1, ValType::I32)]);
    let leave_if = |f: &mut Function, condition: &[W<'static>]| {
        for i in condition {
            f.instruction(i);
        }
        f.instruction(&W::If(BlockType::Empty))
            .instruction(&W::LocalGet(js))
            .instruction(&W::LocalGet(next))
            .instruction(&W::I32Store(mem(jit_state::CONTINUATION)))
            .instruction(&W::LocalGet(ctx_))
            .instruction(&W::Return)
            .instruction(&W::End);
    };
    f.instruction(&W::Loop(BlockType::Empty));
    // The process ended (exit continuation, or module 0) or its slice is used up.
    leave_if(
        &mut f,
        &[
            W::LocalGet(next),
            W::I32Const(CONTINUATION_EXIT as i32),
            W::I32Eq,
        ],
    );
    leave_if(
        &mut f,
        &[cp::push_module(next).as_slice(), &[W::I32Eqz]].concat(),
    );
    leave_if(
        &mut f,
        &[
            W::LocalGet(js),
            W::I32Load(mem(jit_state::REMAINING_REDUCTIONS)),
            W::I32Const(1),
            W::I32LtS,
        ],
    );
    let call = [
        W::LocalGet(js),
        W::I32Const(CONTINUATION_EXIT as i32),
        W::I32Store(mem(jit_state::CONTINUATION)),
        W::LocalGet(ctx_),
        W::LocalGet(js),
        W::LocalGet(ni),
    ]
    .into_iter()
    .chain(cp::push_label(next))
    .chain([W::LocalTee(label)])
    // table index: label_bases[module] + label
    .chain(cp::push_module(next))
    .chain([
        W::I32Const(2),
        W::I32Shl,
        W::I32Load(mem(label_bases)),
        W::LocalGet(label),
        W::I32Add,
        W::CallIndirect {
            type_index: 0,
            table_index: 0,
        },
        W::LocalSet(ctx_),
        W::LocalGet(js),
        W::I32Load(mem(jit_state::CONTINUATION)),
        W::LocalSet(next),
        W::Br(0),
        W::End,
        W::Unreachable,
        W::End,
    ]);
    for i in call {
        f.instruction(&i);
    }
    one_function_module(&imports, &f)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn glue_modules_validate() {
        for bytes in [exit_module_bytes(), trampoline_module_bytes(0x1000)] {
            wasmparser::Validator::new()
                .validate_all(&bytes)
                .expect("valid glue module");
        }
    }
}
