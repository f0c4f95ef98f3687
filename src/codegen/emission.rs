//! The two output modes (`docs/abi.md` §1, §7, §8) as two implementations of one interface:
//! [`Emission`] says how lowered code leaves to the host (a raise, a yield, `func_info`'s
//! error), how a `return` is placed in the graph, what the `continue` helper does, and how the
//! finished graph becomes the module's functions — edges and dispatch included. Lowering is
//! the same for both; [`for_mode`] picks the implementation.
//!
//! Also here: the module around the functions (types, imports, helpers, globals, exports),
//! the same for both modes but for the `continue` helper's body and the export names.

use wasm_encoder::{
    CodeSection, ExportKind, ExportSection, Function, FunctionSection, ImportSection,
    Instruction as W, Module, TypeSection, ValType,
};

use super::graph::GraphBuilder;
use super::lower::{mem, Lowered, CTX, JS, LABEL, NI};
use super::per_label::PerLabel;
use super::single_function::SingleFunction;
use super::void_blocks::TypedExtraLocals;
use super::{Code, CompileError};
use crate::abi::module::{
    self as module_abi, primitive_helper_type, primitive_type, HELPER_CONTINUE, HELPER_COUNT,
    MODULE_FUNCTION_TYPE,
};
use crate::abi::{cp, Mode, Primitive};
use crate::beam::BeamModule;
use crate::stackify::{self, StackifyStats};

/// How lowered code and its graph are emitted in one output mode.
pub(crate) trait Emission {
    /// Code at a site where an exception is pending (`site` numbers it for the stack trace):
    /// `raise_pending` asks the host where to resume, and execution goes on there.
    fn raise_pending(&self, site: u32) -> Code;

    /// Code that returns to the host, which resumes at `label` of this module later: the
    /// reduction check's yield and receive's wait.
    fn yield_at(&self, label: u32) -> Code;

    /// `func_info`'s code: raises `function_clause` at `site` (on source line `line`).
    fn function_clause(&self, site: u32, line: u32) -> Code;

    /// Ends the graph's current block with a `return`: `return_code` (code that leaves the
    /// label of `cp` for a `Dispatch`, or leaves the module) goes inline or into a block the
    /// emission shares.
    fn return_(&mut self, graph: &mut GraphBuilder, return_code: fn() -> Code);

    /// The body of the `continue` helper (function 0): go on at the continuation word in its
    /// last parameter, which the helper's prologue has copied (as the `i64` it is) into
    /// [`CONTINUATION`].
    fn continue_helper(&self) -> Code;

    /// The module's functions from its lowered graph, every edge and dispatch emitted.
    fn functions(
        &self,
        module: &BeamModule,
        lowered: &Lowered,
        extra_locals: TypedExtraLocals,
    ) -> Result<Functions, CompileError>;
}

/// The `continue` helper's one local: the continuation word of its last parameter, widened to
/// the `i64` that the `abi::cp` snippets read. (The helper has the module function's type, so
/// the word comes as an `i32`: a continuation word's upper half is zero.)
pub(crate) const CONTINUATION: u32 = 4;

/// The emission of `mode`.
pub(crate) fn for_mode(mode: Mode) -> Box<dyn Emission> {
    match mode {
        Mode::Single => Box::new(SingleFunction::default()),
        Mode::PerLabel => Box::new(PerLabel),
    }
}

/// A module's functions, after the helpers.
pub(crate) struct Functions {
    /// `(export name, body)`, in function order.
    pub functions: Vec<(String, Function)>,
    /// Per-label mode: the label value of each function.
    pub label_functions: Vec<u32>,
    /// Single-function mode: what the stackifier did.
    pub stackify: Option<StackifyStats>,
}

/// The helpers, shared by every site so that each site is a short call: `continue` and
/// `raise_pending` take the ABI parameters, the last one being a continuation word as an `i32`
/// (`continue`) or the site (`raise_pending`); then one caller per primitive, of its type and
/// the native interface's address.
fn helpers(emission: &dyn Emission) -> Vec<(u32, Function)> {
    let function = |locals: &[(u32, ValType)], body: Code| {
        let mut f = Function::new(locals.iter().copied());
        for instruction in body.iter().chain([&W::End]) {
            f.instruction(instruction);
        }
        f
    };
    let continue_helper = [
        W::LocalGet(LABEL),
        W::I64ExtendI32U,
        W::LocalSet(CONTINUATION),
    ]
    .into_iter()
    .chain(emission.continue_helper())
    .collect();
    let raise_pending = [
        // continue(ctx, js, ni, handle_error(ctx, js, module_base, site))
        W::LocalGet(CTX),
        W::LocalGet(JS),
        W::LocalGet(NI),
        W::LocalGet(CTX),
        W::LocalGet(JS),
    ]
    .into_iter()
    .chain(cp::push_module_base())
    .chain([
        W::LocalGet(LABEL),
        W::LocalGet(NI),
        W::I32Load(mem(native_interface_slot(Primitive::HandleError))),
        W::CallIndirect {
            type_index: primitive_type(Primitive::HandleError),
            table_index: 0,
        },
        // The continuation word, as `continue` takes it.
        W::I32WrapI64,
        W::ReturnCall(HELPER_CONTINUE),
    ])
    .collect();
    let mut all = vec![
        (
            MODULE_FUNCTION_TYPE,
            function(&[(1, ValType::I64)], continue_helper),
        ),
        (MODULE_FUNCTION_TYPE, function(&[], raise_pending)),
    ];
    for &primitive in Primitive::ALL {
        all.push((
            primitive_helper_type(primitive),
            function(&[], primitive_helper(primitive)),
        ));
    }
    all
}

/// The byte offset of primitive `p`'s entry in the native interface: a table of `i32`
/// function indices (not words).
fn native_interface_slot(primitive: Primitive) -> u32 {
    4 * primitive as u32
}

/// `primitive(args..., ni)`: calls primitive `p` through the native interface. Generated code
/// calls this instead of `call_indirect` at each site because Cranelift expands every
/// `call_indirect` into a table bounds check, a signature check and loads: thousands of them
/// in a big module cost about a fifth of its compile time; a direct call is one instruction.
fn primitive_helper(primitive: Primitive) -> Code {
    let params = primitive.params();
    (0..params)
        .map(W::LocalGet)
        .chain([
            W::LocalGet(params),
            W::I32Load(mem(native_interface_slot(primitive))),
            W::CallIndirect {
                type_index: primitive_type(primitive),
                table_index: 0,
            },
        ])
        .collect()
}

/// The module around its functions: imports of the shared memory, table and module data,
/// the helpers, the globals, and the functions exported by the names they come with.
pub(crate) fn assemble(emission: &dyn Emission, functions: &Functions) -> Vec<u8> {
    let mut types = TypeSection::new();
    // Type 0 is the module function; then each primitive's and its helper's.
    for (params, result) in module_abi::function_types() {
        types.ty().function(params, [result]);
    }
    let mut imports = ImportSection::new();
    use module_abi::{IMPORT_MEMORY, IMPORT_MODULE, IMPORT_MODULE_DATA, IMPORT_TABLE};
    imports.import(IMPORT_MODULE, IMPORT_MEMORY, module_abi::memory_import());
    imports.import(IMPORT_MODULE, IMPORT_TABLE, module_abi::table_import());
    imports.import(
        IMPORT_MODULE,
        IMPORT_MODULE_DATA,
        module_abi::module_data_import(),
    );
    let mut function_section = FunctionSection::new();
    let mut exports = ExportSection::new();
    let mut code = CodeSection::new();
    for (type_index, helper) in helpers(emission) {
        function_section.function(type_index);
        code.function(&helper);
    }
    for (index, (name, function)) in functions.functions.iter().enumerate() {
        function_section.function(MODULE_FUNCTION_TYPE);
        exports.export(name, ExportKind::Func, HELPER_COUNT + index as u32);
        code.function(function);
    }

    // `DISPATCH_GLOBAL` and `EXIT_VALUE_GLOBAL`.
    let globals = stackify::mutable_i32_globals(2);
    let mut module = Module::new();
    module
        .section(&types)
        .section(&imports)
        .section(&function_section)
        .section(&globals)
        .section(&exports)
        .section(&code);
    module.finish()
}
