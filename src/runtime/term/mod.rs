//! Terms (`docs/abi.md` §3): reading and writing them in linear memory (`heap`), values built
//! host-side before they are written (`value`), term order (`compare`), `~w` text (`print`),
//! literals laid out at load (`literals`) and the atom table (`atoms`). Nothing here knows
//! processes or the engine: every function takes the memory as a byte slice.

pub(super) mod atoms;
pub(super) mod compare;
pub(super) mod heap;
pub(super) mod literals;
pub(super) mod print;
pub(super) mod value;
