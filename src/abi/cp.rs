//! Continuation words (`docs/abi.md` §2): `(module_index << 20) | (label << 2)`. The same
//! word is a return address (`cp`) on the stack, a process's saved continuation, an import
//! slot's target and a local fun's entry. The low bits stay `00`, so the collector never takes
//! one for a term.

use wasm_encoder::{Instruction as W, MemArg};

use super::layout::MODULE_BASE;
use super::module::MODULE_DATA_GLOBAL;

pub const MODULE_SHIFT: u32 = 20;
pub const LABEL_SHIFT: u32 = 2;
pub const MAX_MODULES: u32 = 1 << 12;
pub const MAX_LABELS: u32 = 1 << 18;
pub const LABEL_MASK: u32 = MAX_LABELS - 1;
/// Module slot 0 is the host's exit function: `cp == 0` ends the process.
pub const EXIT: u32 = 0;

/// What `jit_state.continuation` holds when the process has finished (set by the exit function
/// in table slot 0). Never a continuation word: those end in `00`.
pub const CONTINUATION_EXIT: u32 = 1;

pub const fn encode(module_index: u32, label: u32) -> u32 {
    (module_index << MODULE_SHIFT) | (label << LABEL_SHIFT)
}

pub const fn module(cp: u32) -> u32 {
    cp >> MODULE_SHIFT
}

pub const fn label(cp: u32) -> u32 {
    (cp >> LABEL_SHIFT) & LABEL_MASK
}

/// Whether a word where a continuation may stand (the stack, a fun's entry slot) is one: its
/// primary tag is `00`, which no term has. (Boxed headers have it too, but never stand there.)
pub const fn is_continuation(word: u32) -> bool {
    word & super::term::PRIMARY_MASK == 0
}

/// The label bits of a continuation word (`label << LABEL_SHIFT`), as a yield stores them
/// before the module's bits are or-ed in.
pub const fn label_bits(label: u32) -> u32 {
    label << LABEL_SHIFT
}

/// The mask of a continuation word's module bits.
pub const MODULE_BITS: u32 = !((1 << MODULE_SHIFT) - 1);

/// WASM that pushes this module's continuation base (`module_index << MODULE_SHIFT`, from the
/// module data record): a continuation word of this module without its label bits.
pub fn push_module_base() -> [W<'static>; 2] {
    [
        W::GlobalGet(MODULE_DATA_GLOBAL),
        W::I32Load(MemArg {
            offset: MODULE_BASE as u64,
            align: 2,
            memory_index: 0,
        }),
    ]
}

/// WASM that pushes this module's continuation word for `label`.
pub fn push_local(label: u32) -> [W<'static>; 4] {
    let [global, load] = push_module_base();
    [
        global,
        load,
        W::I32Const(label_bits(label) as i32),
        W::I32Or,
    ]
}

/// WASM that turns the label value on the stack into this module's continuation word for it.
pub fn local_of_label_on_stack() -> [W<'static>; 5] {
    let [global, load] = push_module_base();
    [
        W::I32Const(LABEL_SHIFT as i32),
        W::I32Shl,
        global,
        load,
        W::I32Or,
    ]
}

/// WASM that pushes 1 if the continuation word in local `word` is another module's.
pub fn is_other_module(word: u32) -> [W<'static>; 6] {
    let [global, load] = push_module_base();
    [
        W::LocalGet(word),
        W::I32Const(MODULE_BITS as i32),
        W::I32And,
        global,
        load,
        W::I32Ne,
    ]
}

/// WASM that pushes the label of the continuation word in local `word`.
pub fn push_label(word: u32) -> [W<'static>; 5] {
    [
        W::LocalGet(word),
        W::I32Const(LABEL_SHIFT as i32),
        W::I32ShrU,
        W::I32Const(LABEL_MASK as i32),
        W::I32And,
    ]
}

/// WASM that pushes the module index of the continuation word in local `word`.
pub fn push_module(word: u32) -> [W<'static>; 3] {
    [
        W::LocalGet(word),
        W::I32Const(MODULE_SHIFT as i32),
        W::I32ShrU,
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips() {
        let c = encode(MAX_MODULES - 1, MAX_LABELS - 1);
        assert_eq!(module(c), MAX_MODULES - 1);
        assert_eq!(label(c), MAX_LABELS - 1);
        assert_eq!(
            c & 3,
            0,
            "low bits stay 00 so the GC skips continuation words"
        );
        assert_eq!(encode(0, 7), label_bits(7));
        assert_eq!(c & MODULE_BITS, encode(MAX_MODULES - 1, 0));
    }
}
