//! BEAM instructions to WASM, against the ABI of `docs/abi.md` (`abi` holds its numbers).
//!
//! `compile_module` reads a `.beam`, lowers every function into the basic blocks of the
//! module's control-flow graph (`lower`, building a `cfg::Cfg<Code>`), stackifies the graph into
//! the body of the one module function, and validates the result with wasmparser.

mod graph;
mod lower;
mod per_label;
pub mod void_blocks;

use thiserror::Error;
use wasm_encoder::{
    BlockType, CodeSection, ExportKind, ExportSection, Function, FunctionSection, ImportSection,
    Instruction as W, Module, TypeSection, ValType,
};

use crate::beam::{self, BeamError, BeamModule};
use crate::cfg::Cfg;
use crate::stackify::{self, LabelStorage, StackifyError, StackifyOptions, StackifyStats};

use crate::abi::module::{self as module_abi, DISPATCH_GLOBAL, HELPER_COUNT, MODULE_FUNCTION_TYPE};
use crate::abi::DataLayout;
pub use crate::abi::{CompileStats, CompiledModule, ExportEntry, Mode, Site, TraceInfo};

/// The WASM code of one block of the module's graph.
pub type Code = Vec<W<'static>>;

#[derive(Clone, Debug, Default)]
pub struct CompileOptions {
    pub mode: Mode,
    /// Collect garbage at every allocation point (a test mode).
    pub gc_stress: bool,
}

#[derive(Debug, Error)]
pub enum CompileError {
    #[error(transparent)]
    Beam(#[from] BeamError),
    #[error("{module}: {function}: unsupported {what}")]
    Unsupported {
        module: String,
        function: String,
        what: String,
    },
    #[error("{module}: malformed code: {what}")]
    Malformed { module: String, what: String },
    #[error("{module}: {entries} entry labels, more than the ABI's continuation words can name")]
    TooManyEntries { module: String, entries: u32 },
    #[error("{module}: {source}")]
    Stackify {
        module: String,
        #[source]
        source: StackifyError,
    },
    #[error("{module}: emitted WASM does not validate: {message}")]
    Invalid { module: String, message: String },
}

/// Compiles the bytes of a `.beam` file.
pub fn compile_module(
    bytes: &[u8],
    options: &CompileOptions,
) -> Result<CompiledModule, CompileError> {
    let module = beam::read(bytes)?;
    compile_beam(&module, options)
}

/// Compiles an already decoded module.
pub fn compile_beam(
    module: &BeamModule,
    options: &CompileOptions,
) -> Result<CompiledModule, CompileError> {
    let (lowered, extra_locals) = lower_module(module, options)?;
    let layout = DataLayout::new(
        module.atoms.len(),
        lowered.literals.len(),
        module.imports.len(),
    );

    let (wasm, stats, label_functions) = match options.mode {
        Mode::Single => {
            let (wasm, stats) = single_function(module, &lowered, extra_locals)?;
            (wasm, Some(stats), Vec::new())
        }
        Mode::PerLabel => {
            let functions = per_label::functions(&lowered, &module.name, extra_locals)?;
            let labels = functions.iter().map(|(l, _)| *l).collect();
            (assemble(functions, false, options.mode), None, labels)
        }
    };
    validate(&wasm).map_err(|message| CompileError::Invalid {
        module: module.name.clone(),
        message,
    })?;

    let atom = |i: u32| module.atom(i).unwrap_or("").to_string();
    Ok(CompiledModule {
        name: module.name.clone(),
        wasm,
        atoms: module.atoms.clone(),
        literals: lowered.literals,
        imports: module
            .imports
            .iter()
            .map(|i| (atom(i.module), atom(i.function), i.arity))
            .collect(),
        exports: module
            .exports
            .iter()
            .map(|e| ExportEntry {
                function: atom(e.function),
                arity: e.arity,
                label: e.label,
            })
            .collect(),
        layout,
        entry_count: lowered.entry_count,
        mode: options.mode,
        label_functions,
        trace: lowered.trace,
        attributes: module.attributes.clone(),
        compile_info: module.compile_info.clone(),
        stats: CompileStats {
            blocks: lowered.cfg.len(),
            entries: lowered.cfg.entries().len(),
            dispatch_edges: stats.as_ref().map_or(0, |s| s.dispatch_edges),
            loops: stats.as_ref().map_or(0, |s| s.loops),
        },
    })
}

/// The control-flow graph of a module as the compiler stackifies it: a block per BEAM label,
/// split after every conditional exit, call and return point, holding the block's WASM code
/// (`docs/abi.md` §2 and §9).
pub fn module_cfg(
    module: &BeamModule,
    options: &CompileOptions,
) -> Result<Cfg<Code>, CompileError> {
    Ok(lower_module(module, options)?.0.cfg)
}

/// The module lowered, its blocks' results already passed in locals (`void_blocks`), and how
/// many locals that takes.
fn lower_module(
    module: &BeamModule,
    options: &CompileOptions,
) -> Result<(lower::Lowered, void_blocks::ExtraLocals), CompileError> {
    let mut lowered = lower::lower(module, options)?;
    let mut extra_locals = void_blocks::ExtraLocals::default();
    for (_, block) in lowered.cfg.blocks_mut() {
        let used = void_blocks::remove_block_results(&mut block.payload, lower::FIRST_EXTRA_LOCAL)
            .map_err(|what| CompileError::Malformed {
                module: module.name.clone(),
                what: format!("generated code: {what}"),
            })?;
        extra_locals.0 = extra_locals.0.max(used.0);
    }
    Ok((lowered, extra_locals))
}

/// The module's graph, stackified into the body of its one function.
fn single_function(
    module: &BeamModule,
    lowered: &lower::Lowered,
    extra_locals: void_blocks::ExtraLocals,
) -> Result<(Vec<u8>, StackifyStats), CompileError> {
    let cfg = &lowered.cfg;
    let stackify_error = |source| CompileError::Stackify {
        module: module.name.clone(),
        source,
    };
    let mut structured =
        stackify::stackify(cfg, &StackifyOptions::default()).map_err(stackify_error)?;
    let mut function = Function::new(lower::locals(extra_locals));
    let labels = LabelStorage {
        local: lower::LABEL,
        dispatch_global: Some(DISPATCH_GLOBAL),
    };
    // The code runs inside blocks whose ends are the shared exits (`lower::shared_exits`).
    let exits = lower::shared_exits();
    for _ in 0..lower::EXIT_SCOPES {
        function.instructions().block(BlockType::Empty);
    }
    structured
        .emit_wrapped(
            cfg,
            &mut function,
            labels,
            lower::EXIT_SCOPES,
            |_, code, depth, f| {
                lower::emit_resolving_exits(code, depth, f);
                Ok(())
            },
            |f| {
                for exit in &exits {
                    f.instruction(&W::End);
                    for instruction in exit {
                        f.instruction(instruction);
                    }
                }
            },
        )
        .map_err(stackify_error)?;
    Ok((
        assemble(vec![(0, function)], true, Mode::Single),
        structured.stats().clone(),
    ))
}

/// The module around its functions: imports of the shared memory, table and module data. One
/// function is exported as `run`; several (per-label mode) as `l{label}`.
fn assemble(functions: Vec<(u32, Function)>, single: bool, mode: Mode) -> Vec<u8> {
    let mut types = TypeSection::new();
    // Type 0 is the module function; type n (1..=7) takes n i32s; all return one i32.
    types.ty().function([ValType::I32; 4], [ValType::I32]);
    for params in 1..=7 {
        types
            .ty()
            .function(std::iter::repeat_n(ValType::I32, params), [ValType::I32]);
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
    for (type_index, helper) in lower::helpers(mode) {
        function_section.function(type_index);
        code.function(&helper);
    }
    for (index, (label, function)) in functions.iter().enumerate() {
        function_section.function(MODULE_FUNCTION_TYPE);
        let name = if single {
            module_abi::EXPORT_RUN.to_string()
        } else {
            module_abi::per_label_export(*label)
        };
        exports.export(&name, ExportKind::Func, HELPER_COUNT + index as u32);
        code.function(function);
    }

    // `DISPATCH_GLOBAL` and `lower::EXIT_VALUE_GLOBAL`.
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

fn validate(wasm: &[u8]) -> Result<(), String> {
    wasmparser::Validator::new()
        .validate_all(wasm)
        .map(|_| ())
        .map_err(|e| e.to_string())
}
