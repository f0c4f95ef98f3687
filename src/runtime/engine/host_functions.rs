//! The host functions behind the table's primitive slots: one per entry of
//! `abi::foreach_primitive!`, taking exactly the listed parameters (`u32` for WASM's `i32`,
//! `u64` for `i64`) and forwarding them to `runtime::primitives::<name>` with the caller as
//! the machine, so a primitive whose Rust signature differs from the list does not compile.

use wasmtime::{Caller, Func, Store};

use super::store::EngineState;
use crate::abi::Primitive;
use crate::runtime::primitives;

macro_rules! host_functions {
    ($( $(#[$doc:meta])* $variant:ident = $id:literal,
        $name:ident($($param:ident: $ty:ident),*) -> $result:ident; )*) => {
        /// The host function of `primitive`.
        pub(super) fn host_function(store: &mut Store<EngineState>, primitive: Primitive) -> Func {
            match primitive {
                $(
                    Primitive::$variant => Func::wrap(
                        &mut *store,
                        |mut caller: Caller<'_, EngineState>, $($param: $ty),*| -> $result {
                            primitives::$name(&mut caller, $($param),*)
                        },
                    ),
                )*
            }
        }
    };
}

crate::foreach_primitive!(host_functions);
