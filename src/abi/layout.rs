//! Layouts in linear memory that generated code and the host both read: the process
//! context, the JIT state, the module data record and the header of an off-heap binary block
//! (`docs/abi.md` §1, §3.1, §5). Addresses are 4 bytes, words (terms, continuation words)
//! 8, at 8-aligned offsets.

use super::term::WORD_BYTES;

/// Byte offsets in the process context (`ctx`).
pub mod ctx {
    pub const GLOBAL: u32 = 0x00;
    pub const HEAP_START: u32 = 0x04;
    pub const HEAP_TOP: u32 = 0x08;
    pub const HEAP_END: u32 = 0x0C;
    /// The highest `e` since the last collection: the stack below the frame there is unchanged
    /// since then, so a minor collection need not scan it. `deallocate` and `trim` raise it.
    pub const STACK_WATERMARK: u32 = 0x10;
    pub const E: u32 = 0x14;
    pub const X: u32 = 0x18;
    pub const X_REGISTERS: u32 = 1024;
    pub const CP: u32 = X + super::WORD_BYTES * X_REGISTERS;
    pub const FR: u32 = CP + super::WORD_BYTES;
    pub const FLOAT_REGISTERS: u32 = 16;
    /// The process's own pid (a term), written by the host when it makes the process; `make_fun`
    /// stores it in the fun as its creator (`erlang:fun_info(F, pid)`, `term_to_binary`).
    pub const SELF: u32 = FR + 8 * FLOAT_REGISTERS;
    /// First byte the host keeps for itself; generated code never reads past here.
    pub const HOST_PRIVATE: u32 = SELF + super::WORD_BYTES;
    /// The old generation: `[OLD_START, OLD_TOP)` in use up to `OLD_END` (host-private).
    pub const OLD_START: u32 = HOST_PRIVATE;
    pub const OLD_TOP: u32 = HOST_PRIVATE + 4;
    pub const OLD_END: u32 = HOST_PRIVATE + 8;
    /// Size of the whole context, the host's fields included.
    pub const SIZE: u32 = HOST_PRIVATE + 64;

    pub const fn x(n: u32) -> u32 {
        X + super::WORD_BYTES * n
    }
}

/// Byte offsets in the JIT state.
pub mod jit_state {
    pub const MODULE: u32 = 0x0;
    /// A continuation word (8 bytes).
    pub const CONTINUATION: u32 = 0x8;
    pub const REMAINING_REDUCTIONS: u32 = 0x10;
    pub const SIZE: u32 = 0x18;
}

/// Reductions a process gets per time slice (AtomVM's value).
pub const REDUCTIONS_PER_SLICE: i32 = 1024;

/// The byte offset of the module's continuation base (`module_index << 20`, a word) in its
/// data record; the tables of words follow it.
pub const MODULE_BASE: u32 = 0;

/// Where the module data record keeps each table (`docs/abi.md` §5).
#[derive(Clone, Copy, Debug)]
pub struct DataLayout {
    pub atoms: u32,
    pub literals: u32,
    pub imports: u32,
    pub size: u32,
}

impl DataLayout {
    pub fn new(atom_count: usize, literal_count: usize, import_count: usize) -> Self {
        let atoms = MODULE_BASE + WORD_BYTES;
        let literals = atoms + WORD_BYTES * (atom_count as u32 + 1);
        let imports = literals + WORD_BYTES * literal_count as u32;
        DataLayout {
            atoms,
            literals,
            imports,
            size: imports + WORD_BYTES * import_count as u32,
        }
    }
}

/// The header of an off-heap binary block (`docs/abi.md` §3.1): refcount, capacity, 0,
/// writable; the data follows it. Generated code appends in place when `writable` says so.
pub mod binary_block {
    /// Bytes before the block's data.
    pub const HEADER: u32 = 16;
    pub const CAPACITY: u32 = 4;
    pub const WRITABLE: u32 = 12;
    /// The most bytes a binary holds (`docs/abi.md` §3.1: sizes in bits fit 32 bits); an
    /// append past it raises `system_limit`, so the inline append leaves it to the runtime.
    pub const MAX_BYTES: u32 = (1 << 29) - 1;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn layout_keeps_atomvm_offsets_where_documented() {
        assert_eq!(ctx::E, 0x14);
        assert_eq!(ctx::X, 0x18);
        assert_eq!(ctx::CP, 0x2018);
        assert_eq!(ctx::FR, 0x2020);
        assert_eq!(ctx::SELF, 0x20A0);
        assert_eq!(ctx::HOST_PRIVATE, 0x20A8);
        assert_eq!(jit_state::REMAINING_REDUCTIONS, 0x10);
        // Words sit at 8-aligned offsets.
        assert_eq!(ctx::X % WORD_BYTES, 0);
        assert_eq!(jit_state::CONTINUATION % WORD_BYTES, 0);
    }
}
