//! The compiled module: what the compiler hands the host's loader (its bytes, tables and
//! trace information), and the shape of the WASM module every compiled BEAM module is — its
//! imports, function types, helper functions and globals (`docs/abi.md` §1, §5, §7, §8).

use wasm_encoder::{EntityType, GlobalType, MemoryType, RefType, TableType, ValType};

use super::layout::DataLayout;
use super::primitive::Primitive;
use crate::beam::Term;

/// How a module's code is laid out in WASM.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Mode {
    /// One function per module; every jump inside it is structured control flow.
    #[default]
    Single,
    /// One function per label, every transition through the host (the benchmark baseline).
    PerLabel,
}

/// An export of the compiled module: the function and where it is entered.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ExportEntry {
    pub function: String,
    pub arity: u32,
    pub label: u32,
}

/// What the host needs to load a compiled module, beside its bytes.
#[derive(Clone, Debug)]
pub struct CompiledModule {
    pub name: String,
    pub wasm: Vec<u8>,
    /// The module's atom table, in file order (atom index `i` is `atoms[i - 1]`).
    pub atoms: Vec<String>,
    /// Literal terms, by index: LitT's, then big integer constants.
    pub literals: Vec<Term>,
    /// `(module, function, arity)` of every import, by index.
    pub imports: Vec<(String, String, u32)>,
    pub exports: Vec<ExportEntry>,
    pub layout: DataLayout,
    /// Label values the dispatcher accepts: `1 .. entry_count`.
    pub entry_count: u32,
    pub mode: Mode,
    /// Per-label mode: the label value of each exported function `l{label}`, in order.
    pub label_functions: Vec<u32>,
    pub trace: TraceInfo,
    /// The Attr and CInf chunks (`module_info(attributes)`, `module_info(compile)`).
    pub attributes: Option<Term>,
    pub compile_info: Option<Term>,
    /// The module's MD5 as OTP computes it (`module_info(md5)`, a local fun's `new_uniq`).
    pub md5: [u8; 16],
    pub stats: CompileStats,
}

/// What the host needs to build stack traces: `{Module, Function, Arity, Location}` for an
/// error site and for every return address on the stack (`docs/abi.md` §9).
#[derive(Clone, Debug, Default)]
pub struct TraceInfo {
    /// Name and arity of each function, in code order.
    pub functions: Vec<(String, u32)>,
    /// Source file names (the Line chunk's; index 0 is `<module>.erl`).
    pub files: Vec<String>,
    /// Error sites and call sites, numbered as generated code passes them to `handle_error`.
    pub sites: Vec<Site>,
    /// The call site of each return point: `return_sites[label - first_return_label]`.
    pub return_sites: Vec<u32>,
    pub first_return_label: u32,
    /// The generated function name of each fun, by FunT index (`erlang:fun_info/2`).
    pub fun_names: Vec<String>,
    /// The entry label of each fun, by FunT index (`binary_to_term` of a local fun).
    pub fun_labels: Vec<u32>,
    /// The function (index into `functions`) of each BEAM label, by label: where a process
    /// that yielded is (`process_info(P, current_function)`).
    pub label_owners: Vec<u32>,
    /// The site of each `wait` (`receive`'s suspension), by the label it resumes at: where a
    /// process parked in a `receive` is, and whether its frame is pushed there.
    pub wait_sites: Vec<(u32, Site)>,
}

impl TraceInfo {
    /// Where a process that resumes at `label` is: the `receive` it waits in, the call it
    /// returns from, or (with no location, no frame known) the function of a BEAM label.
    pub fn site_of_label(&self, label: u32) -> Option<Site> {
        if label >= self.first_return_label {
            let site = *self
                .return_sites
                .get((label - self.first_return_label) as usize)?;
            return self.sites.get(site as usize).copied();
        }
        if let Some((_, site)) = self.wait_sites.iter().find(|(l, _)| *l == label) {
            return Some(*site);
        }
        Some(Site {
            function: *self.label_owners.get(label as usize)?,
            file: 0,
            line: 0,
            has_frame: false,
        })
    }
}

/// A place in the code: its function (index into `TraceInfo::functions`), source location
/// (`line` 0: none), and whether the function's stack frame is pushed there (if not, the
/// caller's return address is the context's `cp`, not on the stack).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Site {
    pub function: u32,
    pub file: u32,
    pub line: u32,
    pub has_frame: bool,
}

/// What compiling the module produced, for reports.
#[derive(Clone, Debug, Default)]
pub struct CompileStats {
    pub blocks: usize,
    pub entries: usize,
    /// Single-function mode: edges the stackifier routed through the dispatcher.
    pub dispatch_edges: usize,
    /// Single-function mode: `loop`s emitted, the dispatcher's not counted.
    pub loops: u32,
}

/// The imports of every compiled module, in order: the program's one memory and table, and the
/// address of the module's data record.
pub const IMPORT_MODULE: &str = "env";
pub const IMPORT_MEMORY: &str = "memory";
pub const IMPORT_TABLE: &str = "table";
pub const IMPORT_MODULE_DATA: &str = "module_data";
/// The export of a single-function module; per-label modules export `l{label}`.
pub const EXPORT_RUN: &str = "run";

pub fn per_label_export(label: u32) -> String {
    format!("l{label}")
}

/// The import of the program's one linear memory (`docs/abi.md` §1), for every module that
/// shares it.
pub fn memory_import() -> EntityType {
    EntityType::Memory(MemoryType {
        minimum: 1,
        maximum: None,
        memory64: false,
        shared: false,
        page_size_log2: None,
    })
}

/// The import of the program's one table (`docs/abi.md` §1).
pub fn table_import() -> EntityType {
    EntityType::Table(TableType {
        element_type: RefType::FUNCREF,
        table64: false,
        minimum: 1,
        maximum: None,
        shared: false,
    })
}

/// The import of the module data record's address (`global 0`).
pub fn module_data_import() -> EntityType {
    EntityType::Global(GlobalType {
        val_type: ValType::I32,
        mutable: false,
        shared: false,
    })
}

/// Global 0: the module data record's address (imported).
pub const MODULE_DATA_GLOBAL: u32 = 0;
/// The mutable globals of a single-function module (global 0 is the imported module data):
/// the label a `br $dispatch` hands to the dispatcher (`stackify::LabelStorage`), and the
/// value a branch to a shared exit hands to it.
pub const DISPATCH_GLOBAL: u32 = 1;
pub const EXIT_VALUE_GLOBAL: u32 = 2;

/// Function indices of the helpers every module starts with ; the module's own
/// functions follow them.
pub const HELPER_CONTINUE: u32 = 0;
pub const HELPER_RAISE_PENDING: u32 = 1;
/// `HELPER_PRIMITIVES + p` calls primitive `p` (a direct call instead of a `call_indirect` at every site).
pub const HELPER_PRIMITIVES: u32 = 2;
pub const HELPER_COUNT: u32 = HELPER_PRIMITIVES + Primitive::ALL.len() as u32;

/// The type index of the ABI function type `(i32, i32, i32, i32) -> i32`.
pub const MODULE_FUNCTION_TYPE: u32 = 0;

/// The type index of primitive `p`'s signature ([`Primitive::param_types`] to
/// [`Primitive::result_type`]); type 0 is the module function's.
pub fn primitive_type(primitive: Primitive) -> u32 {
    1 + 2 * primitive as u32
}

/// The type index of primitive `p`'s helper: its parameters and the native interface's
/// address (`i32`) last.
pub fn primitive_helper_type(primitive: Primitive) -> u32 {
    2 + 2 * primitive as u32
}

/// Every type of a compiled module, in index order: the module function's, then each
/// primitive's and its helper's, as `(params, result)`.
pub fn function_types() -> Vec<(Vec<ValType>, ValType)> {
    let mut types = vec![(vec![ValType::I32; 4], ValType::I32)];
    for &primitive in Primitive::ALL {
        let params = primitive.param_types().to_vec();
        let mut helper = params.clone();
        helper.push(ValType::I32);
        types.push((params, primitive.result_type()));
        types.push((helper, primitive.result_type()));
    }
    types
}
