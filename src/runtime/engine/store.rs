//! The wasmtime store: its data is the runtime's [`Host`] beside the wasmtime handles of the
//! one memory and table and of every module's entry function. Both the store (between runs)
//! and a host function's `Caller` (inside one) are a [`Machine`]; the store is the
//! [`Engine`] the scheduler runs slices on.

use std::path::PathBuf;

use wasmtime::{
    AsContextMut, Caller, Config, Func, Global, GlobalType, Instance, Memory, MemoryType, Module,
    Mutability, Ref, RefType, Store, Table, TableType, TypedFunc, Val, ValType,
};

use super::cache::compile_cached;
use super::glue;
use super::host_functions::host_function;
use crate::abi::module::{per_label_export, EXPORT_RUN};
use crate::abi::{cp, jit_state, Mode, Primitive};
use crate::runtime::api::VmOptions;
use crate::runtime::error::{Fault, RuntimeError};
use crate::runtime::host::Host;
use crate::runtime::machine::{Engine, Machine, ModuleCode, PRIMITIVE_SLOTS, TABLE_INDEX_BYTES};
use crate::runtime::memory::allocator::WASM_PAGE;

impl From<wasmtime::Error> for RuntimeError {
    fn from(e: wasmtime::Error) -> Self {
        RuntimeError::Engine(format!("wasmtime: {e:#}"))
    }
}

/// The ABI's function type, of every module function: `(ctx, jit_state, native_interface,
/// label) -> ctx`.
type ModuleFunction = TypedFunc<(i32, i32, i32, i32), i32>;

/// The trampoline's (`glue::TRAMPOLINE`): the module function's with a whole continuation
/// word (`i64`) in place of the label.
type TrampolineFunction = TypedFunc<(i32, i32, i32, i64), i32>;

/// The store's data.
pub(super) struct EngineState {
    host: Host,
    /// `None` only while the store is being made.
    memory: Option<Memory>,
    table: Option<Table>,
    /// Single-function mode: each module's `run`, by module index. Kept typed, so a slice
    /// does not check the function's type again.
    entries: Vec<Option<ModuleFunction>>,
    /// Per-label mode: the dispatch loop, made with the first per-label module.
    trampoline: Option<TrampolineFunction>,
    /// Where Cranelift's output is kept between runs.
    cache_dir: Option<PathBuf>,
}

impl EngineState {
    fn memory_handle(&self) -> Memory {
        self.memory.expect("the memory is made with the store")
    }

    fn table_handle(&self) -> Table {
        self.table.expect("the table is made with the store")
    }
}

/// The wasmtime settings beamwasm runs its modules with.
pub fn wasmtime_config() -> Config {
    let mut config = Config::new();
    config.wasm_tail_call(true);
    // The host fills the one table itself, so lazy initialisation buys nothing, and its check
    // at every `call_indirect` costs Cranelift time on big modules (~15% on 'OTP-PUB-KEY').
    config.table_lazy_init(false);
    // Erlang stack traces come from beamwasm's own site tables, never from wasm backtraces,
    // so the native-to-wasm address maps and the system unwinder's tables are dead weight:
    // together 10-15% of the compile time of the largest modules.
    config.generate_address_map(false);
    config.native_unwind_info(false);
    config
}

/// A store holding `host`, with the program's memory (bounded by the memory limit) and table:
/// the exit function in slot 0 and every primitive in its slot.
pub(in crate::runtime) fn new(
    host: Host,
    options: &VmOptions,
) -> Result<Box<dyn Engine>, RuntimeError> {
    let engine = wasmtime::Engine::new(&wasmtime_config())?;
    let state = EngineState {
        host,
        memory: None,
        table: None,
        entries: Vec::new(),
        trampoline: None,
        cache_dir: options.cache_dir.clone(),
    };
    let mut store = Store::new(&engine, state);
    let max_pages = (options.memory_limit as u64)
        .div_ceil(WASM_PAGE as u64)
        .max(2);
    let memory = Memory::new(&mut store, MemoryType::new(2, Some(max_pages as u32)))?;
    store.data_mut().memory = Some(memory);
    let slots = PRIMITIVE_SLOTS + Primitive::ALL.len() as u32;
    let table = Table::new(
        &mut store,
        TableType::new(RefType::FUNCREF, slots, None),
        Ref::Func(None),
    )?;

    let exit = Module::new(&engine, glue::exit_module_bytes())?;
    let exit = Instance::new(&mut store, &exit, &[memory.into()])?;
    let exit_run = exit
        .get_func(&mut store, EXPORT_RUN)
        .ok_or_else(|| RuntimeError::Engine("wasmtime: exit module has no run".into()))?;
    table.set(&mut store, 0, Ref::Func(Some(exit_run)))?;

    for &primitive in Primitive::ALL {
        let func = host_function(&mut store, primitive);
        table.set(
            &mut store,
            u64::from(PRIMITIVE_SLOTS + primitive as u32),
            Ref::Func(Some(func)),
        )?;
    }
    store.data_mut().table = Some(table);
    Ok(Box::new(store))
}

/// Grows the memory to at least `bytes`.
fn grow_memory(store: &mut impl AsContextMut<Data = EngineState>, bytes: u64) -> Result<(), Fault> {
    let memory = store.as_context_mut().data().memory_handle();
    let have = memory.data_size(&mut *store) as u64;
    if bytes > have {
        memory
            .grow(&mut *store, (bytes - have).div_ceil(WASM_PAGE as u64))
            .map_err(|e| Fault::Engine(format!("growing memory: {e}")))?;
    }
    Ok(())
}

/// Compiles (or takes from the cache) and instantiates a module's code with its data record,
/// and puts its functions into the table.
fn instantiate(
    store: &mut impl AsContextMut<Data = EngineState>,
    code: &ModuleCode<'_>,
) -> Result<u32, RuntimeError> {
    let mut cx = store.as_context_mut();
    let engine = cx.engine().clone();
    let state = cx.data();
    let (memory, table) = (state.memory_handle(), state.table_handle());
    let module = compile_cached(&engine, state.cache_dir.as_deref(), code.wasm)?;
    let global = Global::new(
        &mut cx,
        GlobalType::new(ValType::I32, Mutability::Const),
        Val::I32(code.data as i32),
    )?;
    let instance = Instance::new(
        &mut cx,
        &module,
        &[memory.into(), table.into(), global.into()],
    )?;
    match code.mode {
        Mode::Single => {
            let run: ModuleFunction = instance.get_typed_func(&mut cx, EXPORT_RUN)?;
            table.set(&mut cx, u64::from(code.index), Ref::Func(Some(*run.func())))?;
            let entries = &mut cx.data_mut().entries;
            let slot = code.index as usize;
            if entries.len() <= slot {
                entries.resize(slot + 1, None);
            }
            entries[slot] = Some(run);
            Ok(code.index)
        }
        Mode::PerLabel => {
            // One table slot per label value, at label_bases[index] + label.
            let base = table.size(&cx);
            let base32 = u32::try_from(base).map_err(|_| RuntimeError::Load {
                module: code.name.to_string(),
                what: "table too large".into(),
            })?;
            table.grow(&mut cx, u64::from(code.entry_count) + 1, Ref::Func(None))?;
            for &label in code.label_functions {
                let f = instance.get_typed_func::<(i32, i32, i32, i32), i32>(
                    &mut cx,
                    &per_label_export(label),
                )?;
                table.set(&mut cx, base + u64::from(label), Ref::Func(Some(*f.func())))?;
            }
            if cx.data().trampoline.is_none() {
                let label_bases = cx.data().host.label_bases;
                let trampoline = Module::new(&engine, glue::trampoline_module_bytes(label_bases))?;
                let instance = Instance::new(&mut cx, &trampoline, &[memory.into(), table.into()])?;
                let run: TrampolineFunction = instance.get_typed_func(&mut cx, EXPORT_RUN)?;
                cx.data_mut().trampoline = Some(run);
            }
            Ok(base32)
        }
    }
}

/// Puts a function in the table slots of a purged module's code that records a fault naming
/// the module and ends the slice (no continuation, no reductions left), in both modes.
fn purge_code(
    store: &mut impl AsContextMut<Data = EngineState>,
    code: &ModuleCode<'_>,
) -> Result<(), Fault> {
    let mut cx = store.as_context_mut();
    let table = cx.data().table_handle();
    let name = code.name.to_string();
    let purged = Func::wrap(
        &mut cx,
        move |mut caller: Caller<'_, EngineState>, context: i32, state: i32, _: i32, _: i32| {
            caller.data_mut().host.fault = Some(Fault::Unsupported(format!(
                "calling a fun of module {name}'s purged code (erl raises badfun)"
            )));
            let state = state as u32;
            let memory = caller.memory_mut();
            let _ = crate::runtime::memory::gc::set_address(
                memory,
                state + jit_state::REMAINING_REDUCTIONS,
                0,
            );
            let _ = crate::runtime::term::heap::put_word(
                memory,
                state + jit_state::CONTINUATION,
                crate::abi::CONTINUATION_EXIT,
            );
            context
        },
    );
    let engine_error = |e: wasmtime::Error| Fault::Engine(format!("purging {}: {e}", code.name));
    match code.mode {
        Mode::Single => {
            table
                .set(&mut cx, u64::from(code.index), Ref::Func(Some(purged)))
                .map_err(engine_error)?;
        }
        Mode::PerLabel => {
            let label_bases = cx.data().host.label_bases;
            let memory = cx.data().memory_handle().data(&cx);
            let at = (label_bases + TABLE_INDEX_BYTES * code.index) as usize;
            let base = memory
                .get(at..at + 4)
                .map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
                .ok_or(Fault::Invariant("a module's label base outside memory"))?;
            for &label in code.label_functions {
                table
                    .set(&mut cx, u64::from(base + label), Ref::Func(Some(purged)))
                    .map_err(engine_error)?;
            }
        }
    }
    Ok(())
}

/// The store between runs and a host function's caller inside one are machines alike.
macro_rules! machine {
    ($ty:ty) => {
        impl Machine for $ty {
            fn host(&self) -> &Host {
                &self.data().host
            }

            fn host_mut(&mut self) -> &mut Host {
                &mut self.data_mut().host
            }

            fn memory(&self) -> &[u8] {
                self.data().memory_handle().data(self)
            }

            fn memory_mut(&mut self) -> &mut [u8] {
                self.data().memory_handle().data_mut(self)
            }

            fn split(&mut self) -> (&mut [u8], &mut Host) {
                let (mem, state) = self.data().memory_handle().data_and_store_mut(self);
                (mem, &mut state.host)
            }

            fn grow_memory(&mut self, bytes: u64) -> Result<(), Fault> {
                grow_memory(self, bytes)
            }

            fn instantiate(&mut self, code: &ModuleCode<'_>) -> Result<u32, RuntimeError> {
                instantiate(self, code)
            }

            fn purge_code(&mut self, code: &ModuleCode<'_>) -> Result<(), Fault> {
                purge_code(self, code)
            }
        }
    };
}

machine!(Store<EngineState>);
machine!(Caller<'_, EngineState>);

impl Engine for Store<EngineState> {
    fn run(
        &mut self,
        continuation: u64,
        context: u32,
        state: u32,
        native_interface: u32,
    ) -> Result<(), RuntimeError> {
        // Single-function mode enters the module's function at the label; per-label mode
        // enters the trampoline with the whole continuation.
        let data = self.data();
        let entry = data.entries.get(cp::module(continuation) as usize);
        let (context, state, native_interface) =
            (context as i32, state as i32, native_interface as i32);
        let result = match (entry, &data.trampoline) {
            (Some(Some(run)), _) => {
                let label = cp::label(continuation) as i32;
                run.clone()
                    .call(&mut *self, (context, state, native_interface, label))
            }
            (_, Some(trampoline)) => trampoline.clone().call(
                &mut *self,
                (context, state, native_interface, continuation as i64),
            ),
            (_, None) => return Err(Fault::Invariant("no trampoline").into()),
        };
        result.map_err(|e| RuntimeError::Trap(format!("{e:#}")))?;
        Ok(())
    }
}
