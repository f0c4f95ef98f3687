//! The runtime's own WASM: the exit function of table slot 0 and per-label mode's dispatch
//! loop (`docs/abi.md` §1, §7, §8). Every engine instantiates these bytes into the shared
//! memory and table, so they are built with `wasm-encoder` and `abi` alone. Continuation
//! words are `i64`s here as everywhere (`abi::cp`); the tables of table indices
//! (`label_bases`) hold `i32`s.

use wasm_encoder::{
    BlockType, CodeSection, ExportKind, ExportSection, Function, FunctionSection, ImportSection,
    Instruction as W, MemArg, Module, TypeSection, ValType,
};

use crate::abi::module::{
    memory_import, table_import, EXPORT_RUN, IMPORT_MEMORY, IMPORT_MODULE, IMPORT_TABLE,
    MODULE_FUNCTION_TYPE,
};
use crate::abi::term::wasm::{load_word, store_word};
use crate::abi::{cp, jit_state, CONTINUATION_EXIT};
use crate::runtime::machine::TABLE_INDEX_BYTES;

/// The ABI's module function type: `(ctx, jit_state, native_interface, label) -> ctx`.
const MODULE_FUNCTION: [ValType; 4] = [ValType::I32; 4];

/// The trampoline's type: the module function's, but entered with a whole continuation
/// word (`i64`) where a module function takes its label.
pub(crate) const TRAMPOLINE: [ValType; 4] =
    [ValType::I32, ValType::I32, ValType::I32, ValType::I64];

/// A module of one function of type `params -> i32` exported as `run`, with the given
/// imports. Type 0 is the module function's (`MODULE_FUNCTION_TYPE`, which `call_indirect`
/// names), the function's own type the last.
fn one_function_module(imports: &ImportSection, params: [ValType; 4], body: &Function) -> Vec<u8> {
    let mut types = TypeSection::new();
    types.ty().function(MODULE_FUNCTION, [ValType::I32]);
    let mut own_type = MODULE_FUNCTION_TYPE;
    if params != MODULE_FUNCTION {
        types.ty().function(params, [ValType::I32]);
        own_type += 1;
    }
    let mut functions = FunctionSection::new();
    functions.function(own_type);
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
        .instruction(&W::I64Const(CONTINUATION_EXIT as i64))
        .instruction(&store_word(jit_state::CONTINUATION))
        .instruction(&W::LocalGet(0))
        .instruction(&W::End);
    one_function_module(&imports, MODULE_FUNCTION, &body)
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
    // Params: 0 ctx, 1 jit_state, 2 native_interface, 3 continuation (i64). Local 4: label.
    let (ctx_, js, ni, next, label) = (0, 1, 2, 3, 4);
    let mut f = Function::new([(1, ValType::I32)]);
    let leave_if = |f: &mut Function, condition: &[W<'static>]| {
        for i in condition {
            f.instruction(i);
        }
        f.instruction(&W::If(BlockType::Empty))
            .instruction(&W::LocalGet(js))
            .instruction(&W::LocalGet(next))
            .instruction(&store_word(jit_state::CONTINUATION))
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
            W::I64Const(CONTINUATION_EXIT as i64),
            W::I64Eq,
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
        W::I64Const(CONTINUATION_EXIT as i64),
        store_word(jit_state::CONTINUATION),
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
        W::I32Const(TABLE_INDEX_BYTES.trailing_zeros() as i32),
        W::I32Shl,
        W::I32Load(mem(label_bases)),
        W::LocalGet(label),
        W::I32Add,
        W::CallIndirect {
            type_index: MODULE_FUNCTION_TYPE,
            table_index: 0,
        },
        W::LocalSet(ctx_),
        W::LocalGet(js),
        load_word(jit_state::CONTINUATION),
        W::LocalSet(next),
        W::Br(0),
        W::End,
        W::Unreachable,
        W::End,
    ]);
    for i in call {
        f.instruction(&i);
    }
    one_function_module(&imports, TRAMPOLINE, &f)
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
