//! Binaries and bit syntax: construction and matching through the `bits_op` primitive, and the binary BIFs.

use wasmtime::Caller;

use crate::codegen::abi::NON_VALUE;

use super::vm::Host;

/// The `bits_op` primitive (`docs/abi.md` §6): `op` selects the operation.
pub(super) fn primitive(
    mut caller: Caller<'_, Host>,
    _context: i32,
    op: i32,
    _live: i32,
    _a: i32,
    _b: i32,
    _c: i32,
) -> i32 {
    caller.data_mut().fault = Some(format!("unknown bits_op {op}"));
    NON_VALUE as i32
}
