//! Lowering of the map instructions (`put_map_assoc`, `put_map_exact`, `get_map_elements`,
//! `has_map_fields`, ...).

use crate::beam::Instruction;
use crate::codegen::CompileError;

use super::Lowerer;

impl Lowerer<'_> {
    /// Lowers `instruction` if it is a map instruction; `Ok(false)` if it is not one.
    pub(super) fn lower_map_instruction(
        &mut self,
        instruction: &Instruction,
    ) -> Result<bool, CompileError> {
        let _ = instruction;
        Ok(false)
    }
}
