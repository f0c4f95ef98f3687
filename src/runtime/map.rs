//! Maps: their layout in linear memory, the map operations generated code calls through the `map_op` primitive, and the map BIFs.

use wasmtime::Caller;

use crate::codegen::abi::NON_VALUE;

use super::vm::Host;

/// The `map_op` primitive (`docs/abi.md` §6): `op` selects the operation.
pub(super) fn primitive(
    mut caller: Caller<'_, Host>,
    _context: i32,
    op: i32,
    _live: i32,
    _a: i32,
    _b: i32,
    _c: i32,
) -> i32 {
    caller.data_mut().fault = Some(format!("unknown map_op {op}"));
    NON_VALUE as i32
}
