//! BEAM instructions to WASM, against the ABI of `docs/abi.md` (`abi` holds its numbers).
//!
//! `compile_module` reads a `.beam`, lowers every function into the basic blocks of the
//! module's control-flow graph (`lower`, building a `cfg::Cfg<Code>`), emits the graph in the
//! options' mode (`emission`: `single_function` stackifies it into the one module function,
//! `per_label` makes a function of each label), and validates the result with wasmparser.

mod emission;
mod graph;
mod lower;
mod per_label;
mod single_function;
pub mod void_blocks;

use thiserror::Error;
use wasm_encoder::Instruction as W;

use crate::beam::{self, BeamError, BeamModule};
use crate::cfg::Cfg;
use crate::stackify::StackifyError;

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
    let mut emission = emission::for_mode(options.mode);
    let (lowered, extra_locals) = lower_module(module, options, emission.as_mut())?;
    let layout = DataLayout::new(
        module.atoms.len(),
        lowered.literals.len(),
        module.imports.len(),
    );
    let functions = emission.functions(module, &lowered, extra_locals)?;
    let wasm = emission::assemble(emission.as_ref(), &functions);
    validate(&wasm).map_err(|message| CompileError::Invalid {
        module: module.name.clone(),
        message,
    })?;

    let atom = |i: u32| module.atom(i).unwrap_or("").to_string();
    let stackify = functions.stackify.as_ref();
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
        label_functions: functions.label_functions,
        trace: lowered.trace,
        attributes: module.attributes.clone(),
        compile_info: module.compile_info.clone(),
        md5: module.md5,
        stats: CompileStats {
            blocks: lowered.cfg.len(),
            entries: lowered.cfg.entries().len(),
            dispatch_edges: stackify.map_or(0, |s| s.dispatch_edges),
            loops: stackify.map_or(0, |s| s.loops),
        },
    })
}

/// The control-flow graph of a module as the compiler stackifies it (in `options.mode`): a
/// block per BEAM label, split after every conditional exit, call and return point, holding
/// the block's WASM code (`docs/abi.md` §2 and §9).
pub fn module_cfg(
    module: &BeamModule,
    options: &CompileOptions,
) -> Result<Cfg<Code>, CompileError> {
    let mut emission = emission::for_mode(options.mode);
    Ok(lower_module(module, options, emission.as_mut())?.0.cfg)
}

/// The module lowered, its blocks' results already passed in locals (`void_blocks`), and how
/// many locals that takes.
fn lower_module(
    module: &BeamModule,
    options: &CompileOptions,
    emission: &mut dyn emission::Emission,
) -> Result<(lower::Lowered, void_blocks::TypedExtraLocals), CompileError> {
    let mut lowered = lower::lower(module, options, emission)?;
    // Every block's `i32` result locals come first, the `i64` ones after the most any block
    // needs.
    let narrow = lowered
        .cfg
        .blocks()
        .map(|(_, block)| void_blocks::locals_needed(&block.payload).narrow.0)
        .max()
        .unwrap_or(0);
    let first_wide = lower::FIRST_EXTRA_LOCAL + narrow;
    let mut extra_locals = void_blocks::TypedExtraLocals::default();
    for (_, block) in lowered.cfg.blocks_mut() {
        let used = void_blocks::remove_typed_block_results(
            &mut block.payload,
            lower::FIRST_EXTRA_LOCAL,
            first_wide,
        )
        .map_err(|what| CompileError::Malformed {
            module: module.name.clone(),
            what: format!("generated code: {what}"),
        })?;
        extra_locals = extra_locals.max(used);
    }
    // The `i64`s start after all the `i32`s, even where no block used that many.
    extra_locals.narrow.0 = narrow;
    Ok((lowered, extra_locals))
}

fn validate(wasm: &[u8]) -> Result<(), String> {
    wasmparser::Validator::new()
        .validate_all(wasm)
        .map(|_| ())
        .map_err(|e| e.to_string())
}
