//! The numbers of `docs/abi.md`, in one place: what generated code and the runtime must agree
//! on. The runtime reads this module (data flows codegen -> runtime, never back).

/// Byte offsets in the process context (`ctx`).
pub mod ctx {
    pub const GLOBAL: u32 = 0x00;
    pub const HEAP_START: u32 = 0x04;
    pub const HEAP_TOP: u32 = 0x08;
    pub const HEAP_END: u32 = 0x0C;
    pub const E: u32 = 0x14;
    pub const X: u32 = 0x18;
    pub const X_REGISTERS: u32 = 1024;
    pub const CP: u32 = X + 4 * X_REGISTERS;
    pub const FR: u32 = CP + 8;
    pub const FLOAT_REGISTERS: u32 = 16;
    /// First byte the runtime keeps for itself; generated code never reads past here.
    pub const RUNTIME_PRIVATE: u32 = FR + 8 * FLOAT_REGISTERS;
    /// Size of the whole context, runtime fields included.
    pub const SIZE: u32 = RUNTIME_PRIVATE + 64;

    pub const fn x(n: u32) -> u32 {
        X + 4 * n
    }
}

/// Byte offsets in the JIT state.
pub mod jit_state {
    pub const MODULE: u32 = 0x0;
    pub const CONTINUATION: u32 = 0x4;
    pub const REMAINING_REDUCTIONS: u32 = 0x8;
    pub const SIZE: u32 = 12;
}

/// Reductions a process gets per time slice (AtomVM's value).
pub const REDUCTIONS_PER_SLICE: i32 = 1024;

/// `cp` and continuation words: `(module_index << 20) | (label << 2)`.
pub mod cp {
    pub const MODULE_SHIFT: u32 = 20;
    pub const LABEL_SHIFT: u32 = 2;
    pub const MAX_MODULES: u32 = 1 << 12;
    pub const MAX_LABELS: u32 = 1 << 18;
    pub const LABEL_MASK: u32 = MAX_LABELS - 1;
    /// Module slot 0 is the runtime's exit function: `cp == 0` ends the process.
    pub const EXIT: u32 = 0;

    pub const fn encode(module_index: u32, label: u32) -> u32 {
        (module_index << MODULE_SHIFT) | (label << LABEL_SHIFT)
    }

    pub const fn module(cp: u32) -> u32 {
        cp >> MODULE_SHIFT
    }

    pub const fn label(cp: u32) -> u32 {
        (cp >> LABEL_SHIFT) & LABEL_MASK
    }
}

/// The word a primitive returns instead of a term when it raised an exception: `0` is a tuple
/// header, never a term.
pub const NON_VALUE: u32 = 0;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn layout_keeps_atomvm_offsets_where_documented() {
        assert_eq!(ctx::E, 0x14);
        assert_eq!(ctx::X, 0x18);
        assert_eq!(ctx::CP, 0x1018);
        assert_eq!(ctx::FR, 0x1020);
        assert_eq!(ctx::RUNTIME_PRIVATE, 0x10A0);
        assert_eq!(jit_state::REMAINING_REDUCTIONS, 0x8);
    }

    #[test]
    fn cp_round_trips() {
        let c = cp::encode(4095, cp::MAX_LABELS - 1);
        assert_eq!(cp::module(c), 4095);
        assert_eq!(cp::label(c), cp::MAX_LABELS - 1);
        assert_eq!(
            c & 3,
            0,
            "low bits stay 00 so the GC skips continuation words"
        );
    }
}
