//! What a fun says about itself: `erlang:fun_info/1,2` and `erlang:fun_info_mfa/1`, with OTP
//! 25's items, in its order (`docs/abi.md` §3.2 has the fun layout they read).

use crate::abi::bifs::FunBif;
use crate::abi::term::{self, Shape, Term};
use crate::abi::{cp, Bif, NON_VALUE};
use crate::runtime::bifs::{from_word, BifCall, BifResult};
use crate::runtime::exception;
use crate::runtime::machine::Machine;
use crate::runtime::term::heap::{Boxed, Heap};
use crate::runtime::term::value::Value;

/// The items `fun_info/1` lists for a local fun, in OTP's order.
const LOCAL_ITEMS: [&str; 10] = [
    "pid",
    "module",
    "new_index",
    "new_uniq",
    "index",
    "uniq",
    "name",
    "arity",
    "env",
    "type",
];
/// The items `fun_info/1` lists for `fun M:F/A`.
const EXTERNAL_ITEMS: [&str; 5] = ["module", "name", "arity", "env", "type"];

/// This room's BIFs, in the one calling convention (`bifs::BifCall`).
pub(crate) fn call(call: &mut BifCall<'_>, bif: FunBif) -> BifResult {
    let result = match bif {
        FunBif::FunInfo2 => info_item(call),
        FunBif::FunInfo1 => info_all(call),
        FunBif::FunInfoMfa1 => info_mfa(call),
    };
    from_word(result)
}

fn fun_of(machine: &dyn Machine, f: Term) -> Option<Boxed> {
    match term::shape(f) {
        Shape::Boxed(address) => match Heap::new(machine.memory()).boxed(f, address).ok()? {
            fun @ (Boxed::LocalFun { .. } | Boxed::ExternalFun { .. }) => Some(fun),
            _ => None,
        },
        _ => None,
    }
}

fn atom(machine: &mut dyn Machine, name: &str) -> Value {
    Value::atom(machine.host_mut().atoms.intern(name))
}

/// The value of `item` for `fun`; `None` for an item OTP does not know (`badarg`).
fn item_value(machine: &mut dyn Machine, fun: &Boxed, item: &str) -> Option<Value> {
    match *fun {
        Boxed::LocalFun {
            entry,
            index,
            arity,
            module,
            uniq,
            creator,
            free,
            num_free,
        } => Some(match item {
            "pid" => Value::Term(creator),
            "module" => Value::Term(module),
            "new_index" | "index" => Value::small(index as i64),
            "uniq" => Value::Term(uniq),
            "new_uniq" => {
                let md5 = machine.host().code.md5(cp::module(entry))?;
                Value::Bitstring {
                    data: md5.to_vec(),
                    bits: 128,
                }
            }
            "name" => {
                let code = &machine.host().code;
                let name = code
                    .trace(cp::module(entry))
                    .and_then(|t| t.fun_names.get(index as usize))
                    .cloned()?;
                atom(machine, &name)
            }
            "arity" => Value::small(arity as i64),
            "env" => {
                let heap = Heap::new(machine.memory());
                let env: Vec<Value> = (0..num_free)
                    .map(|i| heap.word(free + term::word(i)).map(Value::Term))
                    .collect::<Result<_, _>>()
                    .ok()?;
                Value::proper_list(env)
            }
            "type" => atom(machine, "local"),
            _ => return None,
        }),
        Boxed::ExternalFun {
            module,
            function,
            arity,
        } => Some(match item {
            "module" => Value::Term(module),
            "name" => Value::Term(function),
            "arity" => Value::Term(arity),
            "env" => Value::Term(term::NIL),
            "type" => atom(machine, "external"),
            "pid" | "index" | "new_index" | "uniq" | "new_uniq" => atom(machine, "undefined"),
            _ => return None,
        }),
        _ => None,
    }
}

fn badarg(call: &mut BifCall<'_>, bif: Bif) -> Term {
    let args = call.args.to_vec();
    exception::bif_error(
        &mut *call.machine,
        call.context,
        call.live,
        bif,
        &args,
        "badarg",
    )
}

fn write(call: &mut BifCall<'_>, value: Value) -> Term {
    match crate::runtime::memory::heap_alloc::write_value(
        &mut *call.machine,
        call.context,
        call.live,
        value,
    ) {
        Ok(t) => t,
        Err(message) => {
            call.machine.host_mut().fault = Some(message);
            NON_VALUE
        }
    }
}

/// `erlang:fun_info(Fun, Item)`: `{Item, Value}`.
fn info_item(call: &mut BifCall<'_>) -> Term {
    let (f, item) = (call.args[0], call.args[1]);
    let item_name = match term::shape(item) {
        Shape::Atom(index) => call.machine.host().atoms.name(index).map(str::to_string),
        _ => None,
    };
    let value = fun_of(&*call.machine, f)
        .zip(item_name)
        .and_then(|(fun, name)| item_value(&mut *call.machine, &fun, &name));
    match value {
        Some(value) => write(call, Value::Tuple(vec![Value::Term(item), value])),
        None => badarg(call, Bif::FunInfo2),
    }
}

/// `erlang:fun_info(Fun)`: every item, `[{Item, Value}]`.
fn info_all(call: &mut BifCall<'_>) -> Term {
    let Some(fun) = fun_of(&*call.machine, call.args[0]) else {
        return badarg(call, Bif::FunInfo1);
    };
    let items: &[&str] = match fun {
        Boxed::LocalFun { .. } => &LOCAL_ITEMS,
        _ => &EXTERNAL_ITEMS,
    };
    let mut pairs = Vec::with_capacity(items.len());
    for item in items {
        let Some(value) = item_value(&mut *call.machine, &fun, item) else {
            return badarg(call, Bif::FunInfo1);
        };
        pairs.push(Value::Tuple(vec![atom(&mut *call.machine, item), value]));
    }
    write(call, Value::proper_list(pairs))
}

/// `erlang:fun_info_mfa(Fun)`: `{Module, Name, Arity}` (a local fun's own arity, without its
/// free variables, as OTP gives it).
fn info_mfa(call: &mut BifCall<'_>) -> Term {
    let Some(fun) = fun_of(&*call.machine, call.args[0]) else {
        return badarg(call, Bif::FunInfoMfa1);
    };
    let parts: Option<Vec<Value>> = ["module", "name", "arity"]
        .iter()
        .map(|item| item_value(&mut *call.machine, &fun, item))
        .collect();
    match parts {
        Some(parts) => write(call, Value::Tuple(parts)),
        None => badarg(call, Bif::FunInfoMfa1),
    }
}
