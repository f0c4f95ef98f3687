//! `re`'s BIFs in a build without the feature `pcre2` (the `wasm32-unknown-unknown` build,
//! which has no C compiler for the PCRE2 library): each is a `Fault::Unsupported` naming the
//! BIF and why, so a program that uses regular expressions stops with that message, never
//! with a wrong answer. `re.rs` is the implementation.

use crate::abi::bifs::{Bif, ReBif};
use crate::abi::term::Term;
use crate::runtime::bifs::Raise;
use crate::runtime::error::Fault;
use crate::runtime::term::atoms::AtomTable;
use crate::runtime::term::heap::Heap;
use crate::runtime::term::value::Value;

/// Compiled patterns: there are none.
#[derive(Default)]
pub(crate) struct Cache;

/// The `re` BIFs: unsupported.
pub(crate) fn eval(
    bif: ReBif,
    _heap: Heap<'_>,
    _atoms: &mut AtomTable,
    _cache: &mut Cache,
    _args: &[Term],
) -> Result<Value, Raise> {
    let (module, function, arity) = Bif::from(bif).mfa();
    Err(Raise::Fault(Fault::Unsupported(format!(
        "{module}:{function}/{arity} (this beamwasm was built without the feature `pcre2`, \
         so it has no regular-expression engine)"
    ))))
}
