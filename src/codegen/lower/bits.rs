//! Lowering of the bit-syntax instructions (`bs_create_bin`, the `bs_*` match instructions).

use crate::beam::Instruction;
use crate::codegen::CompileError;

use super::Lowerer;

impl Lowerer<'_> {
    /// Lowers `instruction` if it is a bit-syntax instruction; `Ok(false)` if it is not one.
    pub(super) fn lower_bits_instruction(
        &mut self,
        instruction: &Instruction,
    ) -> Result<bool, CompileError> {
        let _ = instruction;
        Ok(false)
    }
}
