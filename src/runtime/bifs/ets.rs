//! `ets`: tables of objects outside every process heap. Each object is copied out of the
//! inserting process into a block of its own (as a message is, binaries flattened), and every
//! result is copied into a fragment the caller owns (as a message is), so nothing points from
//! a process into a table: an object's block is released when it is replaced or deleted.
//!
//! `set`, `bag` and `duplicate_bag` tables keep their objects in buckets by a hash of the key
//! (iteration goes bucket by bucket: an order, not OTP's); an `ordered_set` keeps one bucket
//! sorted by key in term order, keys comparing with `==`. Tables belong to the process that
//! created them and go when it ends (`drop_owned`).
//!
//! Match specifications run here: comparisons, boolean operators and type tests directly, the
//! other guard functions (arithmetic, `element`, `hd`, `map_get`, ...) as the BIFs they name.
//! `select/3`, `match/3` and `match_object/3` choose every result at once: the continuation
//! holds the ones not handed out yet (OTP's is an opaque tuple that reads the table again).
//! The Erlang half of `ets` (`foldl`, `match_delete`, `fun2ms`, ...) is OTP's `ets.erl`.

use std::cmp::Ordering;
use std::collections::BTreeMap;

use crate::runtime::error::{Fault, Limit};
use crate::runtime::machine::Machine;
use num_bigint::BigInt;

use crate::abi::bifs::EtsBif;
use crate::abi::Bif;
use crate::abi::NON_VALUE;
use crate::runtime::bifs::{from_word, BifCall, BifResult};

use crate::abi::term::{self, boxed, Shape, Term, WORD_BYTES};
use crate::runtime::exception;
use crate::runtime::host::Host;
use crate::runtime::memory::gc::Block;
use crate::runtime::memory::heap_alloc::write_value;
use crate::runtime::process::copy;
use crate::runtime::process::{self, Part};
use crate::runtime::term::atoms::AtomTable;
use crate::runtime::term::compare::{compare, Exactness};
use crate::runtime::term::heap::{Boxed, Heap, HeapWriter};
use crate::runtime::term::value::Value;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Set,
    OrderedSet,
    Bag,
    DuplicateBag,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Access {
    Public,
    Protected,
    Private,
}

/// An object: its tuple and key (both in `block`, which it owns).
#[derive(Debug)]
pub struct Object {
    term: Term,
    key: Term,
    block: Option<Block>,
}

#[derive(Debug)]
pub struct Table {
    reference: u64,
    /// The name (an atom term), whether or not it is a `named_table`.
    name: Term,
    named: bool,
    kind: Kind,
    /// 1-based.
    keypos: u32,
    owner: u32,
    access: Access,
    /// Key hash -> objects (an `ordered_set`: everything under 0, sorted by key).
    buckets: BTreeMap<u32, Vec<Object>>,
    size: usize,
}

/// Every table.
#[derive(Debug, Default)]
pub struct Tables {
    tables: Vec<Table>,
}

impl Tables {
    /// The bytes the tables' objects take (`erlang:memory(ets)`): their copies, and a record
    /// of each table and object.
    pub(crate) fn memory_bytes(&self) -> u64 {
        const TABLE_BYTES: u64 = 256;
        const OBJECT_BYTES: u64 = 32;
        self.tables
            .iter()
            .map(|table| {
                let objects: u64 = table
                    .buckets
                    .values()
                    .flatten()
                    .map(|o| OBJECT_BYTES + o.block.as_ref().map_or(0, |b| b.len() as u64))
                    .sum();
                TABLE_BYTES + objects
            })
            .sum()
    }
}

/// Why an operation did not produce a result.
enum Fail {
    Badarg,
    /// A fault: something this runtime does not implement (named).
    Unsupported(String),
    /// A runtime fault (memory, corrupted terms).
    Fault(Fault),
}

impl From<Fault> for Fail {
    fn from(e: Fault) -> Self {
        Fail::Fault(e)
    }
}

impl From<crate::runtime::term::heap::TermError> for Fail {
    fn from(e: crate::runtime::term::heap::TermError) -> Self {
        Fail::Fault(e.into())
    }
}

fn atom(machine: &mut dyn Machine, name: &str) -> Term {
    term::atom(machine.host_mut().atoms.intern(name))
}

fn atom_name(atoms: &AtomTable, t: Term) -> Option<&str> {
    match term::shape(t) {
        Shape::Atom(a) => atoms.name(a),
        _ => None,
    }
}

fn badarg(machine: &mut dyn Machine, context: u32, live: u32, bif: Bif, args: &[Term]) -> Term {
    exception::bif_error(machine, context, live, bif, args, "badarg")
}

fn fault(machine: &mut dyn Machine, fault: Fault) -> Term {
    machine.host_mut().fault = Some(fault);
    NON_VALUE
}

fn written(machine: &mut dyn Machine, context: u32, live: u32, value: Value) -> Term {
    match write_value(machine, context, live, value) {
        Ok(t) => t,
        Err(e) => fault(machine, e),
    }
}

/// Copies `part` into a fragment of the running process: the caller's copy of a result.
fn give(machine: &mut dyn Machine, part: Part) -> Result<Term, Fail> {
    let (t, block) = process::copy_message(machine, &[part])?;
    match machine.host_mut().procs.current_process() {
        Some(p) => p.fragments.extend(block),
        None => return Err(Fail::Fault(Fault::Invariant("ets: no running process"))),
    }
    Ok(t)
}

/// The objects of the table named `name` (terms in the table's blocks: read them, or copy them
/// to a process with `copy_to_caller`), or `None` when no table has that name.
pub(crate) fn named_table_objects(host: &Host, name: Term) -> Option<Vec<Term>> {
    let table = host
        .procs
        .ets
        .tables
        .iter()
        .find(|t| t.named && t.name == name)?;
    Some(table.objects().map(|o| o.term).collect())
}

/// `part` copied into a fragment of the running process: a term it may keep.
pub(crate) fn copy_to_caller(machine: &mut dyn Machine, part: Part) -> Result<Term, Fault> {
    give(machine, part).map_err(|fail| match fail {
        Fail::Fault(fault) => fault,
        _ => Fault::Invariant("ets: a copy failed"),
    })
}

fn release(host: &mut Host, block: Option<Block>) {
    if let Some(b) = block.filter(|b| !b.is_empty()) {
        host.allocator.release(b.start, b.len());
    }
}

fn tuple_elements(mem: &[u8], t: Term) -> Option<Vec<Term>> {
    Heap::new(mem).tuple_elements(t).ok().flatten()
}

fn list_elements(mem: &[u8], list: Term) -> Option<Vec<Term>> {
    Heap::new(mem).proper_list(list).ok().flatten()
}

fn small(t: Term) -> Option<i64> {
    match term::shape(t) {
        Shape::Small(n) => Some(n),
        _ => None,
    }
}

fn exact_eq(mem: &[u8], atoms: &AtomTable, a: Term, b: Term) -> bool {
    a == b
        || compare(Heap::new(mem), atoms, a, b, Exactness::Exact)
            .is_ok_and(|o| o == Ordering::Equal)
}

fn key_order(mem: &[u8], atoms: &AtomTable, a: Term, b: Term) -> Ordering {
    compare(Heap::new(mem), atoms, a, b, Exactness::Arithmetic).unwrap_or(Ordering::Equal)
}

impl Table {
    fn same_key(&self, mem: &[u8], atoms: &AtomTable, a: Term, b: Term) -> bool {
        if self.kind == Kind::OrderedSet {
            key_order(mem, atoms, a, b) == Ordering::Equal
        } else {
            exact_eq(mem, atoms, a, b)
        }
    }

    fn bucket_of(&self, mem: &[u8], atoms: &AtomTable, key: Term) -> Result<u32, Fail> {
        if self.kind == Kind::OrderedSet {
            return Ok(0);
        }
        crate::runtime::data::hash::make_hash2(Heap::new(mem), atoms, key)
            .map_err(|_| Fail::Fault(Fault::Invariant("ets: hashing a key")))
    }

    /// The objects with key `key`, in order.
    fn lookup(&self, mem: &[u8], atoms: &AtomTable, key: Term) -> Result<Vec<Term>, Fail> {
        let hash = self.bucket_of(mem, atoms, key)?;
        Ok(self
            .buckets
            .get(&hash)
            .map(|objects| {
                objects
                    .iter()
                    .filter(|o| self.same_key(mem, atoms, o.key, key))
                    .map(|o| o.term)
                    .collect()
            })
            .unwrap_or_default())
    }

    fn objects(&self) -> impl Iterator<Item = &Object> {
        self.buckets.values().flatten()
    }

    /// The distinct keys, in iteration order.
    fn keys(&self, mem: &[u8], atoms: &AtomTable) -> Vec<Term> {
        let mut keys: Vec<Term> = Vec::new();
        for objects in self.buckets.values() {
            let start = keys.len();
            for o in objects {
                if !keys[start..]
                    .iter()
                    .any(|&k| self.same_key(mem, atoms, k, o.key))
                {
                    keys.push(o.key);
                }
            }
        }
        keys
    }

    /// Adds a copied object; returns blocks no longer needed (a replaced object, or the new
    /// one when a bag already holds it).
    fn add(&mut self, mem: &[u8], atoms: &AtomTable, object: Object) -> Result<Vec<Block>, Fail> {
        let hash = self.bucket_of(mem, atoms, object.key)?;
        let kind = self.kind;
        let keypos_eq = |a: Term, b: Term| match kind {
            Kind::OrderedSet => key_order(mem, atoms, a, b) == Ordering::Equal,
            _ => exact_eq(mem, atoms, a, b),
        };
        let bucket = self.buckets.entry(hash).or_default();
        let mut freed = Vec::new();
        match kind {
            Kind::Set => match bucket.iter_mut().find(|o| keypos_eq(o.key, object.key)) {
                Some(old) => freed.extend(std::mem::replace(old, object).block),
                None => {
                    bucket.push(object);
                    self.size += 1;
                }
            },
            Kind::OrderedSet => {
                let position =
                    bucket.binary_search_by(|o| key_order(mem, atoms, o.key, object.key));
                match position {
                    Ok(i) => freed.extend(std::mem::replace(&mut bucket[i], object).block),
                    Err(i) => {
                        bucket.insert(i, object);
                        self.size += 1;
                    }
                }
            }
            Kind::Bag => {
                if bucket
                    .iter()
                    .any(|o| exact_eq(mem, atoms, o.term, object.term))
                {
                    freed.extend(object.block);
                } else {
                    bucket.push(object);
                    self.size += 1;
                }
            }
            Kind::DuplicateBag => {
                bucket.push(object);
                self.size += 1;
            }
        }
        Ok(freed)
    }

    /// Removes the objects with key `key` (and, given `object`, only those exactly equal to
    /// it); returns their blocks.
    fn remove(
        &mut self,
        mem: &[u8],
        atoms: &AtomTable,
        key: Term,
        object: Option<Term>,
    ) -> Result<Vec<Block>, Fail> {
        let hash = self.bucket_of(mem, atoms, key)?;
        let kind = self.kind;
        let mut freed = Vec::new();
        let mut removed = 0;
        if let Some(bucket) = self.buckets.get_mut(&hash) {
            let mut kept = Vec::with_capacity(bucket.len());
            for o in bucket.drain(..) {
                let same = match kind {
                    Kind::OrderedSet => key_order(mem, atoms, o.key, key) == Ordering::Equal,
                    _ => exact_eq(mem, atoms, o.key, key),
                } && object.is_none_or(|t| exact_eq(mem, atoms, o.term, t));
                if same {
                    removed += 1;
                    freed.extend(o.block);
                } else {
                    kept.push(o);
                }
            }
            *bucket = kept;
            if bucket.is_empty() {
                self.buckets.remove(&hash);
            }
        }
        self.size -= removed;
        Ok(freed)
    }
}

/// Copies `object` (a tuple of at least `keypos` elements) into a block of its own.
fn store(machine: &mut dyn Machine, object: Part, keypos: u32) -> Result<Object, Fail> {
    let (term, block) = process::copy_message(machine, &[object])?;
    let elements = tuple_elements(machine.memory(), term).unwrap_or_default();
    let key = *elements
        .get(keypos as usize - 1)
        .ok_or(Fail::Fault(Fault::Invariant(
            "ets: a stored object lost its key",
        )))?;
    Ok(Object { term, key, block })
}

/// An element of an object being rebuilt: an existing term (copied) or a new integer.
enum Element {
    Term(Term),
    Int(BigInt),
}

/// Builds a new object from `elements` in a block of its own.
fn build(machine: &mut dyn Machine, elements: &[Element], keypos: u32) -> Result<Object, Fail> {
    let mut words = 1 + elements.len() as u64;
    for e in elements {
        words += match e {
            Element::Term(t) => copy::size(machine.memory(), *t)?,
            Element::Int(i) => Value::Int(i.clone()).words(),
        };
    }
    let bytes = words
        .checked_mul(WORD_BYTES as u64)
        .and_then(|bytes| u32::try_from(bytes).ok())
        .ok_or(Fail::Fault(Limit::TableObjectTooLarge.into()))?;
    let block = crate::runtime::memory::allocate(machine, bytes)?;
    let mem = machine.memory_mut();
    let mut writer = HeapWriter::new(mem, block.start, block.end);
    let mut terms = Vec::with_capacity(elements.len());
    for e in elements {
        terms.push(match e {
            Element::Term(t) => copy::copy(&mut writer, *t)?,
            Element::Int(i) => writer.integer(i)?,
        });
    }
    let term = writer.tuple(&terms)?;
    Ok(Object {
        term,
        key: terms[keypos as usize - 1],
        block: Some(block),
    })
}

/// The index of the table `t` names (a name or a table identifier).
fn find(host: &Host, mem: &[u8], t: Term) -> Option<usize> {
    let tables = &host.procs.ets.tables;
    match term::shape(t) {
        Shape::Atom(_) => tables.iter().position(|x| x.named && x.name == t),
        _ => {
            let r = process::reference_value(mem, t)?;
            tables.iter().position(|x| x.reference == r)
        }
    }
}

/// Deletes the tables `owner` owned (it has ended).
pub(crate) fn drop_owned(host: &mut Host, owner: u32) {
    let (gone, kept): (Vec<Table>, Vec<Table>) = std::mem::take(&mut host.procs.ets.tables)
        .into_iter()
        .partition(|t| t.owner == owner);
    host.procs.ets.tables = kept;
    for table in gone {
        drop_table(host, table);
    }
}

fn drop_table(host: &mut Host, table: Table) {
    for (_, objects) in table.buckets {
        for o in objects {
            release(host, o.block);
        }
    }
}

/// This room's BIFs, in the one calling convention (`bifs::BifCall`).
pub(crate) fn call(call: &mut BifCall<'_>, bif: EtsBif) -> BifResult {
    from_word(run(
        &mut *call.machine,
        call.context,
        call.live,
        bif,
        call.args,
    ))
}

/// Runs a BIF of this module: its result term, or `NON_VALUE` after recording an exception.
fn run(machine: &mut dyn Machine, context: u32, live: u32, owned: EtsBif, args: &[Term]) -> Term {
    let bif = Bif::from(owned);
    let result = if owned == EtsBif::EtsNew2 {
        new(machine, args)
    } else if matches!(
        owned,
        EtsBif::EtsSelect1 | EtsBif::EtsMatch1 | EtsBif::EtsMatchObject1
    ) {
        continue_chunks(machine, args[0])
    } else if owned == EtsBif::EtsInfo2 {
        info(machine, args)
    } else if owned == EtsBif::EtsWhereis1 {
        whereis(machine, args)
    } else if owned == EtsBif::EtsAll0 {
        Ok(all(machine))
    } else {
        on_table(machine, bif, args)
    };
    match result {
        Ok(Out::Term(t)) => t,
        Ok(Out::Value(v)) => written(machine, context, live, v),
        Err(Fail::Badarg) => badarg(machine, context, live, bif, args),
        Err(Fail::Unsupported(what)) => fault(machine, Fault::Unsupported(format!("ets: {what}"))),
        Err(Fail::Fault(e)) => fault(machine, e),
    }
}

enum Out {
    /// A term already in place (immediate, or in the caller's fragment).
    Term(Term),
    /// A value to write to the caller's heap.
    Value(Value),
}

fn new(machine: &mut dyn Machine, args: &[Term]) -> Result<Out, Fail> {
    let mem = machine.memory();
    if !matches!(term::shape(args[0]), Shape::Atom(_)) {
        return Err(Fail::Badarg);
    }
    let options = list_elements(mem, args[1]).ok_or(Fail::Badarg)?;
    let (mut kind, mut access, mut named, mut keypos) = (Kind::Set, Access::Protected, false, 1u32);
    for option in options {
        let host = machine.host();
        if let Some(name) = atom_name(&host.atoms, option) {
            match name {
                "set" => kind = Kind::Set,
                "ordered_set" => kind = Kind::OrderedSet,
                "bag" => kind = Kind::Bag,
                "duplicate_bag" => kind = Kind::DuplicateBag,
                "public" => access = Access::Public,
                "protected" => access = Access::Protected,
                "private" => access = Access::Private,
                "named_table" => named = true,
                // Concurrency hints change nothing here.
                "compressed" => {}
                _ => return Err(Fail::Badarg),
            }
            continue;
        }
        let pair = tuple_elements(mem, option).ok_or(Fail::Badarg)?;
        match (
            pair.as_slice(),
            pair.first().and_then(|&o| atom_name(&host.atoms, o)),
        ) {
            ([_, n], Some("keypos")) => match small(*n) {
                // A position past 2^32 is past every tuple's arity, as `u32::MAX` is.
                Some(n) if n >= 1 => keypos = u32::try_from(n).unwrap_or(u32::MAX),
                _ => return Err(Fail::Badarg),
            },
            ([_, b], Some("read_concurrency" | "write_concurrency" | "decentralized_counters"))
                if matches!(atom_name(&host.atoms, *b), Some("true" | "false")) => {}
            ([_, _], Some("heir")) => {
                return Err(Fail::Unsupported("the heir option of ets:new/2".into()))
            }
            _ => return Err(Fail::Badarg),
        }
    }
    let name = args[0];
    if named
        && machine
            .host()
            .procs
            .ets
            .tables
            .iter()
            .any(|t| t.named && t.name == name)
    {
        return Err(Fail::Badarg);
    }
    let owner = machine.host().procs.current.unwrap_or(0);
    let reference = machine.host_mut().procs.new_reference();
    machine.host_mut().procs.ets.tables.push(Table {
        reference,
        name,
        named,
        kind,
        keypos,
        owner,
        access,
        buckets: BTreeMap::new(),
        size: 0,
    });
    Ok(if named {
        Out::Term(name)
    } else {
        Out::Value(Value::Reference(reference))
    })
}

/// `ets:whereis(Name)`: the identifier of the table named `Name`, or `undefined`.
fn whereis(machine: &mut dyn Machine, args: &[Term]) -> Result<Out, Fail> {
    if !matches!(term::shape(args[0]), Shape::Atom(_)) {
        return Err(Fail::Badarg);
    }
    let tables = &machine.host().procs.ets.tables;
    Ok(match tables.iter().find(|t| t.named && t.name == args[0]) {
        Some(table) => Out::Value(Value::Reference(table.reference)),
        None => Out::Term(atom(machine, "undefined")),
    })
}

/// `ets:all/0`: every table, a named one by its name, the others by their identifier.
fn all(machine: &mut dyn Machine) -> Out {
    let tables = &machine.host().procs.ets.tables;
    Out::Value(Value::proper_list(
        tables
            .iter()
            .map(|t| match t.named {
                true => Value::Term(t.name),
                false => Value::Reference(t.reference),
            })
            .collect(),
    ))
}

fn info(machine: &mut dyn Machine, args: &[Term]) -> Result<Out, Fail> {
    let mem = machine.memory();
    let item = atom_name(&machine.host().atoms, args[1]).map(str::to_string);
    let valid = matches!(
        item.as_deref(),
        Some(
            "size"
                | "type"
                | "named_table"
                | "keypos"
                | "owner"
                | "protection"
                | "name"
                | "id"
                | "memory"
                | "node"
                | "heir"
                | "compressed"
                | "fixed"
                | "safe_fixed"
                | "safe_fixed_monotonic_time"
                | "stats"
                | "read_concurrency"
                | "write_concurrency"
                | "decentralized_counters"
        )
    );
    if !matches!(term::shape(args[0]), Shape::Atom(_))
        && process::reference_value(mem, args[0]).is_none()
    {
        return Err(Fail::Badarg);
    }
    let Some(i) = find(machine.host(), mem, args[0]) else {
        return if valid {
            Ok(Out::Term(atom(machine, "undefined")))
        } else {
            Err(Fail::Badarg)
        };
    };
    let table = &machine.host().procs.ets.tables[i];
    let (kind, named, keypos, owner, access, name, size, reference) = (
        table.kind,
        table.named,
        table.keypos,
        table.owner,
        table.access,
        table.name,
        table.size,
        table.reference,
    );
    let out = match item.as_deref() {
        Some("size") => Out::Value(Value::Int(size.into())),
        Some("type") => Out::Term(atom(
            machine,
            match kind {
                Kind::Set => "set",
                Kind::OrderedSet => "ordered_set",
                Kind::Bag => "bag",
                Kind::DuplicateBag => "duplicate_bag",
            },
        )),
        Some("named_table") => Out::Term(term::boolean(named)),
        Some("keypos") => Out::Term(term::small(keypos as i64)),
        Some("owner") => Out::Term(term::pid(owner)),
        Some("protection") => Out::Term(atom(
            machine,
            match access {
                Access::Public => "public",
                Access::Protected => "protected",
                Access::Private => "private",
            },
        )),
        Some("name") => Out::Term(name),
        Some("id") if named => Out::Term(name),
        Some("id") => Out::Value(Value::Reference(reference)),
        Some("node") => Out::Term(atom(machine, "nonode@nohost")),
        Some("heir") => Out::Term(atom(machine, "none")),
        Some("compressed" | "fixed" | "read_concurrency" | "decentralized_counters") => {
            Out::Term(term::atom_false())
        }
        Some(other) if valid => {
            return Err(Fail::Unsupported(format!("ets:info/2 item {other}")));
        }
        _ => return Err(Fail::Badarg),
    };
    Ok(out)
}

/// Whether `bif` changes the table.
fn writes(bif: Bif) -> bool {
    matches!(
        bif,
        Bif::EtsInsert2
            | Bif::EtsInsertNew2
            | Bif::EtsDelete1
            | Bif::EtsDelete2
            | Bif::EtsDeleteObject2
            | Bif::EtsMatchDelete2
            | Bif::EtsUpdateCounter3
            | Bif::EtsUpdateCounter4
            | Bif::EtsUpdateElement3
            | Bif::EtsTake2
            | Bif::EtsRename2
            | Bif::EtsDeleteAllObjects1
            | Bif::EtsSelectDelete2
            | Bif::EtsSelectReplace2
            | Bif::EtsGiveAway3
    )
}

fn on_table(machine: &mut dyn Machine, bif: Bif, args: &[Term]) -> Result<Out, Fail> {
    let i = find(machine.host(), machine.memory(), args[0]).ok_or(Fail::Badarg)?;
    let me = machine.host().procs.current.unwrap_or(0);
    {
        let table = &machine.host().procs.ets.tables[i];
        let allowed = table.owner == me
            || match table.access {
                Access::Public => true,
                Access::Protected => !writes(bif),
                Access::Private => false,
            };
        if !allowed {
            return Err(Fail::Badarg);
        }
    }
    let end_of_table = atom(machine, "$end_of_table");
    let (mem, host) = machine.split();
    let atoms = &host.atoms;
    let table = &mut host.procs.ets.tables[i];
    let keypos = table.keypos;
    match bif {
        Bif::EtsInsert2 | Bif::EtsInsertNew2 => {
            let objects = match list_elements(mem, args[1]) {
                Some(list) => list,
                None => vec![args[1]],
            };
            for &o in &objects {
                match tuple_elements(mem, o) {
                    Some(e) if e.len() >= keypos as usize => {}
                    _ => return Err(Fail::Badarg),
                }
            }
            if bif == Bif::EtsInsertNew2 {
                for &o in &objects {
                    let key = tuple_elements(mem, o).unwrap_or_default()[keypos as usize - 1];
                    if !table.lookup(mem, atoms, key)?.is_empty() {
                        return Ok(Out::Term(term::atom_false()));
                    }
                }
            }
            for o in objects {
                let object = store(machine, Part::Term(o), keypos)?;
                let (mem, host) = machine.split();
                let freed = host.procs.ets.tables[i].add(mem, &host.atoms, object)?;
                for b in freed {
                    release(host, Some(b));
                }
            }
            Ok(Out::Term(term::atom_true()))
        }
        Bif::EtsLookup2 => {
            let found = table.lookup(mem, atoms, args[1])?;
            let list = Part::List(found.into_iter().map(Part::Term).collect());
            Ok(Out::Term(give(machine, list)?))
        }
        Bif::EtsMember2 => Ok(Out::Term(term::boolean(
            !table.lookup(mem, atoms, args[1])?.is_empty(),
        ))),
        Bif::EtsLookupElement3 => {
            let position = small(args[2]).filter(|&p| p >= 1).ok_or(Fail::Badarg)? as usize;
            let found = table.lookup(mem, atoms, args[1])?;
            if found.is_empty() {
                return Err(Fail::Badarg);
            }
            let mut elements = Vec::new();
            for o in found {
                let e = tuple_elements(mem, o).unwrap_or_default();
                elements.push(Part::Term(*e.get(position - 1).ok_or(Fail::Badarg)?));
            }
            let part = match table.kind {
                Kind::Set | Kind::OrderedSet => elements.remove(0),
                Kind::Bag | Kind::DuplicateBag => Part::List(elements),
            };
            Ok(Out::Term(give(machine, part)?))
        }
        Bif::EtsDelete1 => {
            let table = host.procs.ets.tables.remove(i);
            drop_table(host, table);
            Ok(Out::Term(term::atom_true()))
        }
        Bif::EtsDelete2 | Bif::EtsDeleteObject2 => {
            let (key, object) = if bif == Bif::EtsDelete2 {
                (args[1], None)
            } else {
                let e = tuple_elements(mem, args[1]).ok_or(Fail::Badarg)?;
                (
                    *e.get(keypos as usize - 1).ok_or(Fail::Badarg)?,
                    Some(args[1]),
                )
            };
            let freed = table.remove(mem, atoms, key, object)?;
            for b in freed {
                release(host, Some(b));
            }
            Ok(Out::Term(term::atom_true()))
        }
        Bif::EtsMatchDelete2 => {
            let mut matching = Vec::new();
            for o in table.objects() {
                if pattern_match(mem, atoms, args[1], o.term)?.is_some() {
                    matching.push((o.key, o.term));
                }
            }
            let mut freed = Vec::new();
            for (key, object) in matching {
                freed.extend(table.remove(mem, atoms, key, Some(object))?);
            }
            for b in freed {
                release(host, Some(b));
            }
            Ok(Out::Term(term::atom_true()))
        }
        Bif::EtsTab2list1 => {
            let all = table.objects().map(|o| Part::Term(o.term)).collect();
            Ok(Out::Term(give(machine, Part::List(all))?))
        }
        Bif::EtsFirst1 | Bif::EtsLast1 | Bif::EtsNext2 | Bif::EtsPrev2 => {
            let keys = table.keys(mem, atoms);
            let ordered = table.kind == Kind::OrderedSet;
            let found = match bif {
                Bif::EtsFirst1 => keys.first().copied(),
                Bif::EtsLast1 if ordered => keys.last().copied(),
                Bif::EtsLast1 => keys.first().copied(),
                Bif::EtsNext2 if ordered => keys
                    .iter()
                    .copied()
                    .find(|&k| key_order(mem, atoms, k, args[1]) == Ordering::Greater),
                Bif::EtsPrev2 if ordered => keys
                    .iter()
                    .rev()
                    .copied()
                    .find(|&k| key_order(mem, atoms, k, args[1]) == Ordering::Less),
                // Other tables: `prev` is `next`; a key not in the table is an error.
                _ => {
                    let at = keys
                        .iter()
                        .position(|&k| exact_eq(mem, atoms, k, args[1]))
                        .ok_or(Fail::Badarg)?;
                    keys.get(at + 1).copied()
                }
            };
            match found {
                Some(k) => Ok(Out::Term(give(machine, Part::Term(k))?)),
                None => Ok(Out::Term(end_of_table)),
            }
        }
        Bif::EtsUpdateCounter3 | Bif::EtsUpdateElement3 => update(machine, i, bif, args),
        Bif::EtsSelectReplace2 => select_replace(machine, i, args),
        Bif::EtsUpdateCounter4 => {
            let absent = table.lookup(mem, atoms, args[1])?.is_empty();
            if absent {
                // The default object goes in first, with the key in its place.
                if !matches!(table.kind, Kind::Set | Kind::OrderedSet) {
                    return Err(Fail::Badarg);
                }
                let mut elements: Vec<Element> = match tuple_elements(mem, args[3]) {
                    Some(e) if e.len() >= keypos as usize => {
                        e.into_iter().map(Element::Term).collect()
                    }
                    _ => return Err(Fail::Badarg),
                };
                elements[keypos as usize - 1] = Element::Term(args[1]);
                let object = build(machine, &elements, keypos)?;
                let (mem, host) = machine.split();
                let freed = host.procs.ets.tables[i].add(mem, &host.atoms, object)?;
                for b in freed {
                    release(host, Some(b));
                }
            }
            let result = update(machine, i, Bif::EtsUpdateCounter3, &args[..3]);
            if absent && matches!(result, Err(Fail::Badarg)) {
                // OTP checks the update before it inserts the default object.
                let (mem, host) = machine.split();
                let freed = host.procs.ets.tables[i].remove(mem, &host.atoms, args[1], None)?;
                for b in freed {
                    release(host, Some(b));
                }
            }
            result
        }
        Bif::EtsTake2 => {
            let found = table.lookup(mem, atoms, args[1])?;
            let list = give(
                machine,
                Part::List(found.into_iter().map(Part::Term).collect()),
            )?;
            let (mem, host) = machine.split();
            let freed = host.procs.ets.tables[i].remove(mem, &host.atoms, args[1], None)?;
            for b in freed {
                release(host, Some(b));
            }
            Ok(Out::Term(list))
        }
        Bif::EtsGiveAway3 => {
            // Only the owner gives a table away, to another live process, which gets
            // `{'ETS-TRANSFER', Tab, FromPid, GiftData}`.
            let to = match term::shape(args[1]) {
                Shape::Pid(to) if to != me && host.procs.table.contains_key(&to) => to,
                _ => return Err(Fail::Badarg),
            };
            if table.owner != me {
                return Err(Fail::Badarg);
            }
            table.owner = to;
            let tag = term::atom(host.atoms.intern("ETS-TRANSFER"));
            let message = Part::Tuple(vec![
                Part::Term(tag),
                Part::Term(args[0]),
                Part::Term(term::pid(me)),
                Part::Term(args[2]),
            ]);
            let (message, block) = process::copy_message(machine, &[message])?;
            process::enqueue(machine.host_mut(), to, message, block);
            Ok(Out::Term(term::atom_true()))
        }
        Bif::EtsSafeFixtable2 => match atom_name(atoms, args[1]) {
            // Iteration here never moves objects between calls: fixing changes nothing.
            Some("true" | "false") => Ok(Out::Term(term::atom_true())),
            _ => Err(Fail::Badarg),
        },
        Bif::EtsRename2 => {
            let name = args[1];
            if !matches!(term::shape(name), Shape::Atom(_)) {
                return Err(Fail::Badarg);
            }
            let named = table.named;
            let taken = host
                .procs
                .ets
                .tables
                .iter()
                .enumerate()
                .any(|(j, t)| j != i && t.named && t.name == name);
            if named && taken {
                return Err(Fail::Badarg);
            }
            host.procs.ets.tables[i].name = name;
            Ok(Out::Term(name))
        }
        Bif::EtsDeleteAllObjects1 => {
            let buckets = std::mem::take(&mut table.buckets);
            table.size = 0;
            for (_, objects) in buckets {
                for o in objects {
                    release(host, o.block);
                }
            }
            Ok(Out::Term(term::atom_true()))
        }
        Bif::EtsSelectDelete2 => {
            let specs = parse_specs(mem, atoms, args[1])?;
            let chosen: Vec<Term> = select_results(mem, atoms, table, &specs)?
                .into_iter()
                .filter(|(_, result)| matches!(result, Val::Term(t) if *t == term::atom_true()))
                .map(|(object, _)| object)
                .collect();
            let mut freed = Vec::new();
            for objects in table.buckets.values_mut() {
                let (gone, kept): (Vec<Object>, Vec<Object>) = std::mem::take(objects)
                    .into_iter()
                    .partition(|o| chosen.contains(&o.term));
                *objects = kept;
                freed.extend(gone.into_iter().filter_map(|o| o.block));
            }
            table.buckets.retain(|_, objects| !objects.is_empty());
            table.size -= chosen.len();
            for b in freed {
                release(host, Some(b));
            }
            Ok(Out::Value(Value::Int(chosen.len().into())))
        }
        Bif::EtsMatch2
        | Bif::EtsMatchObject2
        | Bif::EtsSelect2
        | Bif::EtsSelectCount2
        | Bif::EtsSelectReverse2
        | Bif::EtsSelect3
        | Bif::EtsMatch3
        | Bif::EtsMatchObject3 => {
            let specs = if matches!(
                bif,
                Bif::EtsMatch2 | Bif::EtsMatchObject2 | Bif::EtsMatch3 | Bif::EtsMatchObject3
            ) {
                vec![Spec {
                    head: args[1],
                    guards: Vec::new(),
                    body: vec![if matches!(bif, Bif::EtsMatch2 | Bif::EtsMatch3) {
                        Expr::AllBindings
                    } else {
                        Expr::Object
                    }],
                }]
            } else {
                parse_specs(mem, atoms, args[1])?
            };
            let limit = if matches!(bif, Bif::EtsSelect3 | Bif::EtsMatch3 | Bif::EtsMatchObject3) {
                match small(args[2]) {
                    Some(n) if n >= 1 => Some(n as usize),
                    _ => return Err(Fail::Badarg),
                }
            } else {
                None
            };
            let ordered = table.kind == Kind::OrderedSet;
            let results = select_results(mem, atoms, table, &specs)?;
            if bif == Bif::EtsSelectCount2 {
                let count = results
                    .iter()
                    .filter(|(_, r)| matches!(r, Val::Term(t) if *t == term::atom_true()))
                    .count();
                return Ok(Out::Value(Value::Int(count.into())));
            }
            let mut parts: Vec<Part> = results.into_iter().map(|(_, r)| r.into_part()).collect();
            if bif == Bif::EtsSelectReverse2 && ordered {
                parts.reverse();
            }
            match limit {
                None => Ok(Out::Term(give(machine, Part::List(parts))?)),
                Some(_) if parts.is_empty() => Ok(Out::Term(end_of_table)),
                Some(limit) => {
                    let chunk = chunked(machine, parts, limit);
                    Ok(Out::Term(give(machine, chunk)?))
                }
            }
        }
        _ => Err(Fail::Fault(Fault::MisroutedBif {
            bif,
            room: "an ets",
        })),
    }
}

/// The objects the match specifications select, in iteration order, with what the first
/// matching clause's body gives for each.
fn select_results(
    mem: &[u8],
    atoms: &AtomTable,
    table: &Table,
    specs: &[Spec],
) -> Result<Vec<(Term, Val)>, Fail> {
    let mut results = Vec::new();
    for o in table.objects() {
        for spec in specs {
            let Some(bindings) = pattern_match(mem, atoms, spec.head, o.term)? else {
                continue;
            };
            let env = Env {
                mem,
                atoms,
                object: o.term,
                bindings: &bindings,
            };
            if !guards_hold(&env, &spec.guards)? {
                continue;
            }
            let last = spec.body.last().ok_or(Fail::Badarg)?;
            results.push((o.term, evaluate(&env, last)?));
            break;
        }
    }
    Ok(results)
}

/// The continuation of `select/3`, `match/3` and `match_object/3`: the results not handed
/// out yet (chosen when the first chunk was), and the chunk size.
const CONTINUATION: &str = "$beamwasm_ets_continuation";

/// `{Chunk, Continuation}`: the first `limit` of `parts`, and the rest (`'$end_of_table'`
/// when none is left).
fn chunked(machine: &mut dyn Machine, mut parts: Vec<Part>, limit: usize) -> Part {
    let rest = parts.split_off(limit.min(parts.len()));
    let continuation = if rest.is_empty() {
        Part::Term(atom(machine, "$end_of_table"))
    } else {
        Part::Tuple(vec![
            Part::Term(atom(machine, CONTINUATION)),
            Part::List(rest),
            Part::Term(term::small(limit as i64)),
        ])
    };
    Part::Tuple(vec![Part::List(parts), continuation])
}

/// `select/1`, `match/1`, `match_object/1`: the next chunk of a continuation.
fn continue_chunks(machine: &mut dyn Machine, continuation: Term) -> Result<Out, Fail> {
    let end_of_table = atom(machine, "$end_of_table");
    if continuation == end_of_table {
        return Ok(Out::Term(end_of_table));
    }
    let tag = atom(machine, CONTINUATION);
    let mem = machine.memory();
    let (rest, limit) = match tuple_elements(mem, continuation).as_deref() {
        Some(&[t, rest, limit]) if t == tag => (
            list_elements(mem, rest).ok_or(Fail::Badarg)?,
            small(limit).filter(|&n| n >= 1).ok_or(Fail::Badarg)? as usize,
        ),
        _ => return Err(Fail::Badarg),
    };
    let parts = rest.into_iter().map(Part::Term).collect();
    let chunk = chunked(machine, parts, limit);
    Ok(Out::Term(give(machine, chunk)?))
}

/// `update_counter/3` and `update_element/3` (`set` and `ordered_set` tables only).
fn update(machine: &mut dyn Machine, i: usize, bif: Bif, args: &[Term]) -> Result<Out, Fail> {
    let (mem, host) = machine.split();
    let atoms = &host.atoms;
    let table = &host.procs.ets.tables[i];
    if !matches!(table.kind, Kind::Set | Kind::OrderedSet) {
        return Err(Fail::Badarg);
    }
    let keypos = table.keypos as usize;
    let found = table.lookup(mem, atoms, args[1])?;
    let heap = Heap::new(mem);
    let (ops, single) = match list_elements(mem, args[2]) {
        Some(list) => (list, false),
        None => (vec![args[2]], true),
    };
    let Some(&old) = found.first() else {
        return if bif == Bif::EtsUpdateElement3 {
            // Still check the shape of the changes.
            for op in ops {
                match tuple_elements(mem, op).as_deref() {
                    Some([p, _]) if small(*p).is_some_and(|p| p >= 1) => {}
                    _ => return Err(Fail::Badarg),
                }
            }
            Ok(Out::Term(term::atom_false()))
        } else {
            Err(Fail::Badarg)
        };
    };
    let mut elements: Vec<Element> = tuple_elements(mem, old)
        .unwrap_or_default()
        .into_iter()
        .map(Element::Term)
        .collect();
    let arity = elements.len();
    let position = |p: Term| match small(p) {
        Some(p) if p >= 1 && p as usize <= arity && p as usize != keypos => Ok(p as usize - 1),
        _ => Err(Fail::Badarg),
    };
    let mut results = Vec::new();
    if bif == Bif::EtsUpdateElement3 {
        let mut changes = Vec::new();
        for op in ops {
            match tuple_elements(mem, op).as_deref() {
                Some([p, v]) => changes.push((position(*p)?, *v)),
                _ => return Err(Fail::Badarg),
            }
        }
        for (p, v) in changes {
            elements[p] = Element::Term(v);
        }
    } else {
        let int = |t: Term| heap.integer(t).ok().flatten().ok_or(Fail::Badarg);
        // An operation: (position, increment, threshold and set value).
        let mut parsed = Vec::new();
        for op in ops {
            if single && heap.integer(op).ok().flatten().is_some() {
                // A bare increment applies to the element after the key.
                parsed.push((position(term::small(keypos as i64 + 1))?, int(op)?, None));
                continue;
            }
            match tuple_elements(mem, op).as_deref() {
                Some([p, incr]) => parsed.push((position(*p)?, int(*incr)?, None)),
                Some([p, incr, threshold, set]) => parsed.push((
                    position(*p)?,
                    int(*incr)?,
                    Some((int(*threshold)?, int(*set)?)),
                )),
                _ => return Err(Fail::Badarg),
            }
        }
        for (p, incr, limit) in parsed {
            let current = match &elements[p] {
                Element::Term(t) => int(*t)?,
                Element::Int(n) => n.clone(),
            };
            let mut next = current + &incr;
            if let Some((threshold, set)) = limit {
                let over = if incr >= BigInt::from(0) {
                    next > threshold
                } else {
                    next < threshold
                };
                if over {
                    next = set;
                }
            }
            results.push(next.clone());
            elements[p] = Element::Int(next);
        }
    }
    let object = build(machine, &elements, keypos as u32)?;
    let (mem, host) = machine.split();
    let freed = host.procs.ets.tables[i].add(mem, &host.atoms, object)?;
    for b in freed {
        release(host, Some(b));
    }
    if bif == Bif::EtsUpdateElement3 {
        return Ok(Out::Term(term::atom_true()));
    }
    Ok(Out::Value(if single {
        Value::Int(results.remove(0))
    } else {
        Value::proper_list(results.into_iter().map(Value::Int).collect())
    }))
}

/// `ets:select_replace/2` on table `i` (a set or an ordered set): every object the match
/// specification selects is replaced by the specification's result, which must be a tuple
/// with the object's key at the table's key position; if one is not, nothing is replaced and
/// the call raises `badarg`. The number of objects replaced.
fn select_replace(machine: &mut dyn Machine, i: usize, args: &[Term]) -> Result<Out, Fail> {
    let (mem, host) = machine.split();
    let atoms = &host.atoms;
    let table = &host.procs.ets.tables[i];
    if !matches!(table.kind, Kind::Set | Kind::OrderedSet) {
        return Err(Fail::Badarg);
    }
    let keypos = table.keypos as usize;
    let specs = parse_specs(mem, atoms, args[1])?;
    let results = select_results(mem, atoms, table, &specs)?;
    let mut replacements = Vec::with_capacity(results.len());
    for (object, result) in results {
        let old_key = tuple_elements(mem, object)
            .and_then(|e| e.get(keypos - 1).copied())
            .ok_or(Fail::Badarg)?;
        let new_key = match &result {
            Val::Term(t) => tuple_elements(mem, *t).and_then(|e| e.get(keypos - 1).copied()),
            Val::Tuple(elements) => match elements.get(keypos - 1) {
                Some(Val::Term(t)) => Some(*t),
                _ => None,
            },
            _ => None,
        };
        match new_key {
            Some(key) if exact_eq(mem, atoms, key, old_key) => {
                replacements.push(result.into_part())
            }
            _ => return Err(Fail::Badarg),
        }
    }
    let count = replacements.len();
    for part in replacements {
        let object = store(machine, part, keypos as u32)?;
        let (mem, host) = machine.split();
        let freed = host.procs.ets.tables[i].add(mem, &host.atoms, object)?;
        for b in freed {
            release(host, Some(b));
        }
    }
    Ok(Out::Value(Value::Int(count.into())))
}

// Match patterns and match specifications.

/// `'$N'` as `Some(N)`.
fn variable(atoms: &AtomTable, t: Term) -> Option<u32> {
    let name = atom_name(atoms, t)?;
    let digits = name.strip_prefix('$')?;
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    digits.parse().ok()
}

/// Matches `object` against `pattern`: the bindings of its variables, by number.
fn pattern_match(
    mem: &[u8],
    atoms: &AtomTable,
    pattern: Term,
    object: Term,
) -> Result<Option<BTreeMap<u32, Term>>, Fail> {
    let heap = Heap::new(mem);
    let mut bindings = BTreeMap::new();
    let mut pending = vec![(pattern, object)];
    while let Some((p, o)) = pending.pop() {
        match term::shape(p) {
            Shape::Atom(_) => {
                if atom_name(atoms, p) == Some("_") {
                    continue;
                }
                if let Some(v) = variable(atoms, p) {
                    match bindings.get(&v) {
                        Some(&b) if !exact_eq(mem, atoms, b, o) => return Ok(None),
                        Some(_) => {}
                        None => {
                            bindings.insert(v, o);
                        }
                    }
                } else if p != o {
                    return Ok(None);
                }
            }
            Shape::Cons(cell) => {
                let Shape::Cons(other) = term::shape(o) else {
                    return Ok(None);
                };
                let (ph, pt) = heap.cons(cell)?;
                let (oh, ot) = heap.cons(other)?;
                pending.push((pt, ot));
                pending.push((ph, oh));
            }
            Shape::Boxed(address) => match heap.boxed(p, address)? {
                Boxed::Tuple { arity, elements } => {
                    let Some(others) = tuple_elements(mem, o) else {
                        return Ok(None);
                    };
                    if others.len() != arity as usize {
                        return Ok(None);
                    }
                    for (k, other) in others.into_iter().enumerate().rev() {
                        pending.push((heap.word(elements + term::word(k as u32))?, other));
                    }
                }
                Boxed::Map { .. } => {
                    return Err(Fail::Unsupported("a map in a match pattern".into()))
                }
                _ => {
                    if !exact_eq(mem, atoms, p, o) {
                        return Ok(None);
                    }
                }
            },
            _ => {
                if p != o {
                    return Ok(None);
                }
            }
        }
    }
    Ok(Some(bindings))
}

struct Spec {
    head: Term,
    guards: Vec<Expr>,
    body: Vec<Expr>,
}

/// A match specification expression.
enum Expr {
    /// `'$_'`.
    Object,
    /// `'$$'`.
    AllBindings,
    Variable(u32),
    Constant(Term),
    /// `{{...}}`.
    Tuple(Vec<Expr>),
    List(Vec<Expr>),
    /// A guard function and its arguments.
    Call(String, Vec<Expr>),
}

fn parse_specs(mem: &[u8], atoms: &AtomTable, specs: Term) -> Result<Vec<Spec>, Fail> {
    let mut out = Vec::new();
    for spec in list_elements(mem, specs).ok_or(Fail::Badarg)? {
        let [head, guards, body] = tuple_elements(mem, spec)
            .and_then(|e| <[Term; 3]>::try_from(e).ok())
            .ok_or(Fail::Badarg)?;
        let parse_all = |list: Term| -> Result<Vec<Expr>, Fail> {
            list_elements(mem, list)
                .ok_or(Fail::Badarg)?
                .into_iter()
                .map(|e| parse_expr(mem, atoms, e))
                .collect()
        };
        let (guards, body) = (parse_all(guards)?, parse_all(body)?);
        if body.is_empty() {
            return Err(Fail::Badarg);
        }
        // Variables used must be bound by the head.
        let mut bound = Vec::new();
        collect_variables(mem, atoms, head, &mut bound)?;
        for e in guards.iter().chain(&body) {
            check_bound(e, &bound)?;
        }
        out.push(Spec { head, guards, body });
    }
    Ok(out)
}

fn collect_variables(
    mem: &[u8],
    atoms: &AtomTable,
    t: Term,
    out: &mut Vec<u32>,
) -> Result<(), Fail> {
    let heap = Heap::new(mem);
    let mut pending = vec![t];
    while let Some(t) = pending.pop() {
        match term::shape(t) {
            Shape::Atom(_) => out.extend(variable(atoms, t)),
            Shape::Cons(cell) => {
                let (h, tl) = heap.cons(cell)?;
                pending.extend([h, tl]);
            }
            Shape::Boxed(_) => pending.extend(tuple_elements(mem, t).unwrap_or_default()),
            _ => {}
        }
    }
    Ok(())
}

fn check_bound(e: &Expr, bound: &[u32]) -> Result<(), Fail> {
    let mut pending = vec![e];
    while let Some(e) = pending.pop() {
        match e {
            Expr::Variable(v) if !bound.contains(v) => return Err(Fail::Badarg),
            Expr::Tuple(es) | Expr::List(es) | Expr::Call(_, es) => pending.extend(es),
            _ => {}
        }
    }
    Ok(())
}

/// The guard functions this module evaluates itself; the other functions match
/// specifications may call (`BIF_FUNCTIONS`) run as the BIFs they name.
const FUNCTIONS: &[&str] = &[
    ">",
    ">=",
    "<",
    "=<",
    "==",
    "/=",
    "=:=",
    "=/=",
    "and",
    "or",
    "xor",
    "not",
    "andalso",
    "orelse",
    "is_atom",
    "is_integer",
    "is_float",
    "is_number",
    "is_list",
    "is_tuple",
    "is_pid",
    "is_reference",
    "is_map",
];

/// Match specification functions evaluated by their BIFs (`erlang:F/A`).
const BIF_FUNCTIONS: &[&str] = &[
    "abs",
    "element",
    "hd",
    "tl",
    "length",
    "map_get",
    "map_size",
    "is_map_key",
    "round",
    "trunc",
    "float",
    "size",
    "bit_size",
    "byte_size",
    "tuple_size",
    "+",
    "-",
    "*",
    "/",
    "div",
    "rem",
    "band",
    "bor",
    "bxor",
    "bnot",
    "bsl",
    "bsr",
    "is_binary",
    "is_bitstring",
    "is_boolean",
    "is_function",
    "is_port",
];

/// Match specification functions OTP has and this module does not evaluate (a fault).
const OTHER_FUNCTIONS: &[&str] = &["node", "self", "is_record", "binary_part"];

fn parse_expr(mem: &[u8], atoms: &AtomTable, t: Term) -> Result<Expr, Fail> {
    // Nesting is bounded by the term the program built; match specs are small.
    match term::shape(t) {
        Shape::Atom(_) => Ok(match atom_name(atoms, t) {
            Some("$_") => Expr::Object,
            Some("$$") => Expr::AllBindings,
            _ => match variable(atoms, t) {
                Some(v) => Expr::Variable(v),
                None => Expr::Constant(t),
            },
        }),
        Shape::Cons(_) => {
            let elements = list_elements(mem, t).ok_or_else(|| {
                Fail::Unsupported("an improper list in a match specification body".into())
            })?;
            Ok(Expr::List(
                elements
                    .into_iter()
                    .map(|e| parse_expr(mem, atoms, e))
                    .collect::<Result<_, _>>()?,
            ))
        }
        Shape::Boxed(_) => {
            let Some(elements) = tuple_elements(mem, t) else {
                return Ok(Expr::Constant(t));
            };
            match elements.as_slice() {
                [] => Err(Fail::Badarg),
                [inner] if tuple_elements(mem, *inner).is_some() => Ok(Expr::Tuple(
                    tuple_elements(mem, *inner)
                        .unwrap_or_default()
                        .into_iter()
                        .map(|e| parse_expr(mem, atoms, e))
                        .collect::<Result<_, _>>()?,
                )),
                [c, x] if atom_name(atoms, *c) == Some("const") => Ok(Expr::Constant(*x)),
                [f, rest @ ..] => {
                    let Some(name) = atom_name(atoms, *f) else {
                        return Err(Fail::Badarg);
                    };
                    if !FUNCTIONS.contains(&name) && !BIF_FUNCTIONS.contains(&name) {
                        if !OTHER_FUNCTIONS.contains(&name) {
                            return Err(Fail::Badarg);
                        }
                        return Err(Fail::Unsupported(format!(
                            "the match specification function {name}/{}",
                            rest.len()
                        )));
                    }
                    let name = name.to_string();
                    let args = rest
                        .iter()
                        .map(|&e| parse_expr(mem, atoms, e))
                        .collect::<Result<_, _>>()?;
                    Ok(Expr::Call(name, args))
                }
            }
        }
        _ => Ok(Expr::Constant(t)),
    }
}

/// A value computed by a match specification: an existing term or a constructed one.
enum Val {
    Term(Term),
    /// A number a function computed (not a small integer).
    Number(Value),
    Tuple(Vec<Val>),
    List(Vec<Val>),
}

impl Val {
    fn into_part(self) -> Part {
        match self {
            Val::Term(t) => Part::Term(t),
            Val::Number(v) => Part::Number(v),
            Val::Tuple(vs) => Part::Tuple(vs.into_iter().map(Val::into_part).collect()),
            Val::List(vs) => Part::List(vs.into_iter().map(Val::into_part).collect()),
        }
    }
}

struct Env<'a> {
    mem: &'a [u8],
    atoms: &'a AtomTable,
    object: Term,
    bindings: &'a BTreeMap<u32, Term>,
}

fn guards_hold(env: &Env<'_>, guards: &[Expr]) -> Result<bool, Fail> {
    for g in guards {
        match evaluate(env, g) {
            Ok(Val::Term(t)) if t == term::atom_true() => {}
            // A guard that is not `true`, or raises, fails the clause; what this module
            // cannot evaluate is a fault, never a silent mismatch.
            Ok(_) | Err(Fail::Badarg) => return Ok(false),
            Err(other) => return Err(other),
        }
    }
    Ok(true)
}

fn evaluate(env: &Env<'_>, e: &Expr) -> Result<Val, Fail> {
    Ok(match e {
        Expr::Object => Val::Term(env.object),
        Expr::AllBindings => Val::List(env.bindings.values().map(|&t| Val::Term(t)).collect()),
        Expr::Variable(v) => Val::Term(*env.bindings.get(v).ok_or(Fail::Badarg)?),
        Expr::Constant(t) => Val::Term(*t),
        Expr::Tuple(es) => Val::Tuple(
            es.iter()
                .map(|e| evaluate(env, e))
                .collect::<Result<_, _>>()?,
        ),
        Expr::List(es) => Val::List(
            es.iter()
                .map(|e| evaluate(env, e))
                .collect::<Result<_, _>>()?,
        ),
        Expr::Call(name, args) if BIF_FUNCTIONS.contains(&name.as_str()) => {
            apply_bif(env, name, args)?
        }
        Expr::Call(name, args) => Val::Term(apply(env, name, args)?),
    })
}

/// A function of `BIF_FUNCTIONS`, run as its BIF; `Fail::Badarg` when it raises.
fn apply_bif(env: &Env<'_>, name: &str, args: &[Expr]) -> Result<Val, Fail> {
    use crate::abi::bifs::OwnedBif;
    let mut terms = Vec::with_capacity(args.len());
    for e in args {
        terms.push(match evaluate(env, e)? {
            Val::Term(t) => t,
            _ => {
                return Err(Fail::Unsupported(format!(
                    "a computed bignum, float, tuple or list as an argument of {name} in a \
                     match specification"
                )))
            }
        });
    }
    let bif = Bif::from_mfa("erlang", name, terms.len() as u32).ok_or(Fail::Badarg)?;
    let heap = Heap::new(env.mem);
    // The evaluators intern only the names of the errors they raise (a failing guard
    // function fails its clause whatever it raised): those go to a scratch table.
    let mut scratch = AtomTable::new();
    let result = match bif.owned() {
        OwnedBif::Erlang(b) => super::erlang::eval(b, heap, &mut scratch, &terms),
        OwnedBif::Float(b) => super::float::eval(b, heap, &mut scratch, &terms),
        OwnedBif::Binary(b) => crate::runtime::data::bits::eval(b, heap, &mut scratch, &terms),
        OwnedBif::Map(b) => crate::runtime::data::map::eval(b, heap, &mut scratch, &terms),
        _ => return Err(Fail::Badarg),
    };
    match result {
        Ok(Value::Term(t)) => Ok(Val::Term(t)),
        Ok(Value::Int(i)) => Ok(match i64::try_from(&i) {
            Ok(v) if term::fits_small(v) => Val::Term(term::small(v)),
            _ => Val::Number(Value::Int(i)),
        }),
        Ok(Value::Float(f)) => Ok(Val::Number(Value::Float(f))),
        Ok(_) => Err(Fail::Unsupported(format!(
            "the result of {name} in a match specification"
        ))),
        Err(_) => Err(Fail::Badarg),
    }
}

/// A guard function's result; `Fail::Badarg` when it raises.
fn apply(env: &Env<'_>, name: &str, args: &[Expr]) -> Result<Term, Fail> {
    let (mem, atoms) = (env.mem, env.atoms);
    let term_of = |e: &Expr| match evaluate(env, e)? {
        Val::Term(t) => Ok(t),
        _ => Err(Fail::Unsupported(
            "a constructed term as a guard function's argument".into(),
        )),
    };
    let boolean = |t: Term| {
        if t == term::atom_true() {
            Ok(true)
        } else if t == term::atom_false() {
            Ok(false)
        } else {
            Err(Fail::Badarg)
        }
    };
    let order = |a: Term, b: Term, exactness| {
        compare(Heap::new(mem), atoms, a, b, exactness).map_err(|e| Fail::Fault(e.into()))
    };
    let boxed_tag = |t: Term| match term::shape(t) {
        Shape::Boxed(address) => Heap::new(mem).word(address).ok().map(term::header_tag),
        _ => None,
    };
    let result = match (name, args) {
        (">" | ">=" | "<" | "=<" | "==" | "/=" | "=:=" | "=/=", [a, b]) => {
            let (a, b) = (term_of(a)?, term_of(b)?);
            let exactness = if matches!(name, "=:=" | "=/=") {
                Exactness::Exact
            } else {
                Exactness::Arithmetic
            };
            let o = order(a, b, exactness)?;
            match name {
                ">" => o == Ordering::Greater,
                ">=" => o != Ordering::Less,
                "<" => o == Ordering::Less,
                "=<" => o != Ordering::Greater,
                "==" | "=:=" => o == Ordering::Equal,
                _ => o != Ordering::Equal,
            }
        }
        ("and" | "or" | "xor", [a, b]) => {
            let (a, b) = (boolean(term_of(a)?)?, boolean(term_of(b)?)?);
            match name {
                "and" => a && b,
                "or" => a || b,
                _ => a != b,
            }
        }
        ("andalso", [a, b]) => boolean(term_of(a)?)? && boolean(term_of(b)?)?,
        ("orelse", [a, b]) => boolean(term_of(a)?)? || boolean(term_of(b)?)?,
        ("not", [a]) => !boolean(term_of(a)?)?,
        (test, [a]) if test.starts_with("is_") => {
            let t = term_of(a)?;
            let tag = boxed_tag(t);
            match test {
                "is_atom" => matches!(term::shape(t), Shape::Atom(_)),
                "is_integer" => {
                    matches!(term::shape(t), Shape::Small(_))
                        || matches!(tag, Some(boxed::POS_BIGNUM | boxed::NEG_BIGNUM))
                }
                "is_float" => tag == Some(boxed::FLOAT),
                "is_number" => {
                    matches!(term::shape(t), Shape::Small(_))
                        || matches!(
                            tag,
                            Some(boxed::POS_BIGNUM | boxed::NEG_BIGNUM | boxed::FLOAT)
                        )
                }
                "is_list" => matches!(term::shape(t), Shape::Cons(_) | Shape::Nil),
                "is_tuple" => tag == Some(boxed::TUPLE),
                "is_pid" => matches!(term::shape(t), Shape::Pid(_)),
                "is_reference" => tag == Some(boxed::REFERENCE),
                "is_map" => tag == Some(boxed::MAP),
                _ => return Err(Fail::Badarg),
            }
        }
        _ => return Err(Fail::Badarg),
    };
    Ok(term::boolean(result))
}
