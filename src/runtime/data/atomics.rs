//! `atomics` and `counters`: arrays of 64-bit integers kept by the host, named by a reference
//! (what `atomics:new/2` and `erts_internal:counters_new/1` return). OTP's own `atomics.erl`
//! and `counters.erl` run (options, `sub/3` by `add/3`, errors with `error_info`); these are
//! the NIFs under them. One scheduler runs at a time here, so every operation is atomic; a
//! `write_concurrency` counter is an atomics array like the others. Arrays are never freed
//! (OTP frees them with the last reference to them).

use std::collections::HashMap;

use num_bigint::BigInt;

use crate::abi::bifs::AtomicsBif;
use crate::abi::term::{self, Shape};
use crate::runtime::bifs::{badarg, error_atom, BifCall, BifResult, Raise};
use crate::runtime::error::Fault;
use crate::runtime::process;
use crate::runtime::term::heap::Heap;
use crate::runtime::term::value::Value;

/// The most elements one array may have: beyond it `system_limit` (the arrays live in the
/// host's memory, outside the VM's memory limit).
const MAX_ELEMENTS: u64 = 1 << 24;

/// `atomics.erl`'s `?OPT_SIGNED`.
const OPT_SIGNED: i64 = 1;

/// The words OTP's `atomics:info/1` counts for an array besides its elements.
const HEADER_BYTES: u64 = 40;

/// One array: its elements as bit patterns, read as signed or unsigned.
pub(crate) struct AtomicArray {
    signed: bool,
    values: Vec<u64>,
}

impl AtomicArray {
    fn value(&self, bits: u64) -> BigInt {
        if self.signed {
            BigInt::from(bits as i64)
        } else {
            BigInt::from(bits)
        }
    }

    /// `value` as this array stores it, if in its range.
    fn bits(&self, value: &BigInt) -> Option<u64> {
        if self.signed {
            i64::try_from(value).ok().map(|v| v as u64)
        } else {
            u64::try_from(value).ok()
        }
    }
}

/// The arrays, by the number of the reference that names them.
#[derive(Default)]
pub(crate) struct Atomics {
    arrays: HashMap<u64, AtomicArray>,
}

/// An increment: any integer a 64-bit word holds, signed or unsigned, added modulo 2^64.
fn increment(value: &BigInt) -> Option<u64> {
    i64::try_from(value)
        .map(|v| v as u64)
        .ok()
        .or_else(|| u64::try_from(value).ok())
}

/// This room's BIFs, in the one calling convention (`bifs::BifCall`).
pub(crate) fn call(call: &mut BifCall<'_>, bif: AtomicsBif) -> BifResult {
    let (mem, host) = call.machine.split();
    let heap = Heap::new(mem);
    let args = call.args;
    let atoms = &mut host.atoms;
    let new = |signed: bool, size: &BigInt, host: &mut crate::runtime::host::Host| {
        let Ok(size) = u64::try_from(size) else {
            return Err(badarg(&mut host.atoms));
        };
        if size == 0 {
            return Err(badarg(&mut host.atoms));
        }
        if size > MAX_ELEMENTS {
            return Err(error_atom(&mut host.atoms, "system_limit"));
        }
        let reference = host.procs.new_reference();
        host.atomics.arrays.insert(
            reference,
            AtomicArray {
                signed,
                values: vec![0; size as usize],
            },
        );
        Ok(Value::Reference(reference))
    };
    match bif {
        AtomicsBif::AtomicsNew2 => {
            let (Some(size), Some(options)) = (heap.integer(args[0])?, heap.integer(args[1])?)
            else {
                return Err(badarg(atoms));
            };
            let signed = options == BigInt::from(OPT_SIGNED);
            if !signed && options != BigInt::from(0) {
                return Err(badarg(atoms));
            }
            return new(signed, &size, host);
        }
        AtomicsBif::CountersNew1 => {
            let Some(size) = heap.integer(args[0])? else {
                return Err(badarg(atoms));
            };
            return new(true, &size, host);
        }
        _ => {}
    }
    // The rest take an array first, and (but `info`) a 1-based index.
    let Some(array) = process::reference_value(mem, args[0])
        .and_then(|reference| host.atomics.arrays.get_mut(&reference))
    else {
        return Err(badarg(atoms));
    };
    if matches!(bif, AtomicsBif::AtomicsInfo1 | AtomicsBif::CountersInfo1) {
        let size = array.values.len() as u64;
        let memory = Value::Int(BigInt::from(HEADER_BYTES + 8 * size));
        let size = Value::Int(BigInt::from(size));
        if bif == AtomicsBif::CountersInfo1 {
            let keys = ["memory", "size"].map(|k| Value::atom(atoms.intern(k)));
            return Ok(Value::FlatMap(
                Box::new(Value::Tuple(keys.into())),
                vec![memory, size],
            ));
        }
        let (max, min) = if array.signed {
            (BigInt::from(i64::MAX), BigInt::from(i64::MIN))
        } else {
            (BigInt::from(u64::MAX), BigInt::from(0))
        };
        let keys = ["max", "memory", "min", "size"].map(|k| Value::atom(atoms.intern(k)));
        return Ok(Value::FlatMap(
            Box::new(Value::Tuple(keys.into())),
            vec![Value::Int(max), memory, Value::Int(min), size],
        ));
    }
    let index = match term::shape(args[1]) {
        Shape::Small(i) if i >= 1 && (i as u64) <= array.values.len() as u64 => (i - 1) as usize,
        _ => return Err(badarg(atoms)),
    };
    let operand = |k: usize| heap.integer(args[k]);
    let ok = Value::atom(atoms.intern("ok"));
    Ok(match bif {
        AtomicsBif::AtomicsGet2 | AtomicsBif::CountersGet2 => {
            Value::Int(array.value(array.values[index]))
        }
        AtomicsBif::AtomicsPut3 | AtomicsBif::CountersPut3 => {
            let value = operand(2)?.and_then(|v| array.bits(&v));
            let Some(bits) = value else {
                return Err(badarg(atoms));
            };
            array.values[index] = bits;
            ok.clone()
        }
        AtomicsBif::AtomicsAdd3 | AtomicsBif::AtomicsAddGet3 | AtomicsBif::CountersAdd3 => {
            let Some(add) = operand(2)?.and_then(|v| increment(&v)) else {
                return Err(badarg(atoms));
            };
            let bits = array.values[index].wrapping_add(add);
            array.values[index] = bits;
            match bif {
                AtomicsBif::AtomicsAddGet3 => Value::Int(array.value(bits)),
                _ => ok,
            }
        }
        AtomicsBif::AtomicsExchange3 => {
            let Some(bits) = operand(2)?.and_then(|v| array.bits(&v)) else {
                return Err(badarg(atoms));
            };
            let old = std::mem::replace(&mut array.values[index], bits);
            Value::Int(array.value(old))
        }
        AtomicsBif::AtomicsCompareExchange4 => {
            let expected = operand(2)?.and_then(|v| array.bits(&v));
            let desired = operand(3)?.and_then(|v| array.bits(&v));
            let (Some(expected), Some(desired)) = (expected, desired) else {
                return Err(badarg(atoms));
            };
            let current = array.values[index];
            if current == expected {
                array.values[index] = desired;
                ok.clone()
            } else {
                Value::Int(array.value(current))
            }
        }
        AtomicsBif::AtomicsNew2
        | AtomicsBif::CountersNew1
        | AtomicsBif::AtomicsInfo1
        | AtomicsBif::CountersInfo1 => {
            return Err(Raise::Fault(Fault::Invariant("atomics: answered above")))
        }
    })
}
