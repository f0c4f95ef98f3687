//! The data structures behind Erlang's compound values, each with its BIFs: maps (flatmaps
//! and large maps, the `map_op` primitive), binaries and bit syntax (the `bits_op` primitive,
//! off-heap binaries; the `binary` module's NIFs in `binary_module`), the external term
//! format (`etf`), packet framing (`packet`: `decode_packet/3`), OTP's portable hashes,
//! checksums (`checksum`: Adler-32, MD5, CRC-32 combination), the C parts of `unicode`,
//! `crypto`'s hashes and HMACs, and `re`'s regular expressions (on PCRE2, compiled code
//! cached; feature `pcre2`, without which `re_unavailable` says so).

pub(super) mod atomics;
pub(super) mod binary_module;
pub(super) mod bits;
pub(super) mod checksum;
pub(super) mod crypto;
pub(super) mod etf;
pub(super) mod hash;
pub(super) mod map;
pub(super) mod packet;
#[cfg(feature = "pcre2")]
pub(super) mod re;
#[cfg(not(feature = "pcre2"))]
#[path = "re_unavailable.rs"]
pub(super) mod re;
pub(super) mod unicode;
