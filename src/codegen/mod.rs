//! BEAM instructions to WASM, against the ABI of `docs/abi.md` (`abi` holds its numbers).
pub mod abi;
pub mod bifs;
