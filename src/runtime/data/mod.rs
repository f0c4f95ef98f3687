//! The data structures behind Erlang's compound values, each with its BIFs: maps (flatmaps
//! and large maps, the `map_op` primitive), binaries and bit syntax (the `bits_op` primitive,
//! off-heap binaries), the external term format (`etf`), OTP's portable hashes, the C
//! parts of `unicode`, and `re`'s regular expressions (on PCRE2, compiled code cached).

pub(super) mod bits;
pub(super) mod etf;
pub(super) mod hash;
pub(super) mod map;
pub(super) mod re;
pub(super) mod unicode;
