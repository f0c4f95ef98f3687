//! Continuation words (`docs/abi.md` §2): `(module_index << 20) | (label << 2)`, in a word
//! (`u64`, `i64` in generated code) whose upper half is zero. The same word is a return
//! address (`cp`) on the stack, a process's saved continuation, an import slot's target and a
//! local fun's entry. The low bits stay `00`, so the collector never takes one for a term.

use wasm_encoder::Instruction as W;

use super::layout::MODULE_BASE;
use super::module::MODULE_DATA_GLOBAL;
use super::term::wasm::load_word;

pub const MODULE_SHIFT: u32 = 20;
pub const LABEL_SHIFT: u32 = 2;
pub const MAX_MODULES: u32 = 1 << 12;
pub const MAX_LABELS: u32 = 1 << 18;
pub const LABEL_MASK: u32 = MAX_LABELS - 1;
/// Module slot 0 is the host's exit function: `cp == 0` ends the process.
pub const EXIT: u64 = 0;

/// What `jit_state.continuation` holds when the process has finished (set by the exit function
/// in table slot 0). Never a continuation word: those end in `00`.
pub const CONTINUATION_EXIT: u64 = 1;

pub const fn encode(module_index: u32, label: u32) -> u64 {
    ((module_index << MODULE_SHIFT) | (label << LABEL_SHIFT)) as u64
}

/// The module index of a continuation word (bits above the 32 a continuation uses are not
/// one; they read as a module no table holds).
pub const fn module(cp: u64) -> u32 {
    if cp >> 32 != 0 {
        return u32::MAX;
    }
    (cp as u32) >> MODULE_SHIFT
}

pub const fn label(cp: u64) -> u32 {
    ((cp as u32) >> LABEL_SHIFT) & LABEL_MASK
}

/// Whether a word where a continuation may stand (the stack, a fun's entry slot) is one: its
/// primary tag is `00`, which no term has. (Boxed headers have it too, but never stand there.)
pub const fn is_continuation(word: u64) -> bool {
    word & super::term::PRIMARY_MASK == 0
}

/// The label bits of a continuation word (`label << LABEL_SHIFT`), as a yield stores them
/// before the module's bits are or-ed in.
pub const fn label_bits(label: u32) -> u64 {
    (label << LABEL_SHIFT) as u64
}

/// The mask of a continuation word's module bits.
pub const MODULE_BITS: u64 = !((1 << MODULE_SHIFT) - 1);

/// WASM that pushes this module's continuation base (`module_index << MODULE_SHIFT`, an
/// `i64` from the module data record): a continuation word of this module without its label
/// bits.
pub fn push_module_base() -> [W<'static>; 2] {
    [W::GlobalGet(MODULE_DATA_GLOBAL), load_word(MODULE_BASE)]
}

/// WASM that pushes this module's continuation word (`i64`) for `label`.
pub fn push_local(label: u32) -> [W<'static>; 4] {
    let [global, load] = push_module_base();
    [
        global,
        load,
        W::I64Const(label_bits(label) as i64),
        W::I64Or,
    ]
}

/// WASM that turns the label value (`i32`) on the stack into this module's continuation word
/// (`i64`) for it.
pub fn local_of_label_on_stack() -> [W<'static>; 6] {
    let [global, load] = push_module_base();
    [
        W::I32Const(LABEL_SHIFT as i32),
        W::I32Shl,
        W::I64ExtendI32U,
        global,
        load,
        W::I64Or,
    ]
}

/// WASM that pushes 1 if the continuation word in (`i64`) local `word` is another module's.
pub fn is_other_module(word: u32) -> [W<'static>; 6] {
    let [global, load] = push_module_base();
    [
        W::LocalGet(word),
        W::I64Const(MODULE_BITS as i64),
        W::I64And,
        global,
        load,
        W::I64Ne,
    ]
}

/// WASM that pushes the label (`i32`) of the continuation word in (`i64`) local `word`.
pub fn push_label(word: u32) -> [W<'static>; 6] {
    [
        W::LocalGet(word),
        W::I32WrapI64,
        W::I32Const(LABEL_SHIFT as i32),
        W::I32ShrU,
        W::I32Const(LABEL_MASK as i32),
        W::I32And,
    ]
}

/// WASM that pushes the module index (`i32`) of the continuation word in (`i64`) local
/// `word`.
pub fn push_module(word: u32) -> [W<'static>; 4] {
    [
        W::LocalGet(word),
        W::I32WrapI64,
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
