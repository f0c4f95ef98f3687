//! `ets`: tables of objects outside every process heap. Each object is copied out of the
//! inserting process into a block of its own (as a message is, binaries flattened), and every
//! result is copied into a fragment the caller owns (as a message is), so nothing points from
//! a process into a table: an object's block is released when it is replaced or deleted.
//!
//! `set`, `bag` and `duplicate_bag` tables keep their objects in buckets by a hash of the key,
//! and iterate in OTP 25's order: each object remembers its key's hash as OTP's hash tables
//! compute it and when it was inserted, and the table how many slots OTP's linear hashing would
//! have active, from which `Table::iteration_order` and `Table::next_key` give `select`'s walk
//! and `first/next`'s (atoms nested in keys hash by this runtime's index, as in large maps). An
//! `ordered_set` keeps one bucket sorted by key in term order, keys comparing with `==`. Tables
//! belong to the process that created them and go when it ends (`drop_owned`).
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

/// An object: its tuple and key (both in `block`, which it owns), and where OTP's hash table
/// would keep it: its key's hash and when it was inserted (`Table::add` sets both).
#[derive(Debug)]
pub struct Object {
    term: Term,
    key: Term,
    block: Option<Block>,
    hash: u32,
    sequence: u64,
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
    /// Who gets the table when its owner ends (`{heir, Pid, Data}`).
    heir: Option<Heir>,
    /// The processes that fixed the table (`safe_fixtable/2`) and how many times, most recent
    /// first, and when the first fixed it (system and monotonic native time).
    fixations: Vec<(u32, u32)>,
    fixed_since: (i64, i64),
    /// Key hash -> objects (an `ordered_set`: everything under 0, sorted by key).
    buckets: BTreeMap<u32, Vec<Object>>,
    size: usize,
    /// The slots OTP's linear hash table would have active (`nactive`): 256, one more each
    /// time an insertion takes the objects past them. It orders iteration (`iteration_order`).
    active_slots: u32,
    /// The insertion counter (`Object::sequence`).
    inserted: u64,
}

/// A table's heir: its process and the data it gets with the table (in `block`).
#[derive(Debug)]
struct Heir {
    pid: u32,
    data: Term,
    block: Option<Block>,
}

/// Every table, and the match specifications `match_spec_compile/1` compiled.
#[derive(Debug, Default)]
pub struct Tables {
    tables: Vec<Table>,
    /// A compiled match specification (a copy of its term, in a block of its own) by the
    /// number of the reference that names it. Never freed: OTP frees one with the last
    /// reference to it, which this runtime does not track.
    compiled: std::collections::HashMap<u64, (Term, Option<Block>)>,
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
    /// `badarg` with the cause OTP's explainer reads (`id`: no such table, `access`, ...).
    BadargBecause(&'static str),
    /// An invalid match specification: `badarg`, or OTP's message for `match_spec_test/3`.
    Invalid(Vec<String>),
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
    /// How OTP names the table in messages: its name if it is a `named_table`, else its
    /// identifier.
    fn id_term(&self) -> Part {
        match self.named {
            true => Part::Term(self.name),
            false => Part::Reference(self.reference),
        }
    }

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

    /// The objects in the order `select`, `match` and `tab2list` give them.
    fn objects(&self) -> impl Iterator<Item = &Object> {
        self.iteration_order(Walk::Select).into_iter()
    }

    /// `first/1` (`after` none) and `next/2` of a hash table: the key that follows `after` in
    /// OTP's walk, found by one pass (a bag's objects of one key share a rank); badarg when
    /// `after` is no key of the table.
    fn next_key(
        &self,
        mem: &[u8],
        atoms: &AtomTable,
        after: Option<Term>,
    ) -> Result<Option<Term>, Fail> {
        let rank = |o: &Object| (self.slot_of(o.hash), o.sequence);
        let floor = match after {
            None => None,
            Some(key) => {
                let bucket = self.buckets.get(&self.bucket_of(mem, atoms, key)?);
                let found =
                    bucket.and_then(|b| b.iter().find(|o| exact_eq(mem, atoms, o.key, key)));
                Some(rank(found.ok_or(Fail::Badarg)?))
            }
        };
        Ok(self
            .buckets
            .values()
            .flatten()
            .filter(|o| floor.is_none_or(|floor| rank(o) > floor))
            .min_by_key(|o| rank(o))
            .map(|o| o.key))
    }

    /// Adds a copied object; returns blocks no longer needed (a replaced object, or the new
    /// one when a bag already holds it).
    fn add(
        &mut self,
        mem: &[u8],
        atoms: &AtomTable,
        mut object: Object,
    ) -> Result<Vec<Block>, Fail> {
        let hash = self.bucket_of(mem, atoms, object.key)?;
        if self.kind != Kind::OrderedSet {
            object.hash = otp_hash(mem, atoms, object.key)?;
            object.sequence = self.inserted;
            self.inserted += 1;
        }
        let kind = self.kind;
        let keypos_eq = |a: Term, b: Term| match kind {
            Kind::OrderedSet => key_order(mem, atoms, a, b) == Ordering::Equal,
            _ => exact_eq(mem, atoms, a, b),
        };
        let bucket = self.buckets.entry(hash).or_default();
        let mut freed = Vec::new();
        match kind {
            Kind::Set => match bucket.iter_mut().find(|o| keypos_eq(o.key, object.key)) {
                // Replaced where it is, as OTP replaces it in its chain.
                Some(old) => {
                    object.sequence = old.sequence;
                    freed.extend(std::mem::replace(old, object).block)
                }
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
                    if let Some(same) = bucket.iter().find(|o| keypos_eq(o.key, object.key)) {
                        object.sequence = same.sequence;
                    }
                    bucket.push(object);
                    self.size += 1;
                }
            }
            Kind::DuplicateBag => {
                if let Some(same) = bucket.iter().find(|o| keypos_eq(o.key, object.key)) {
                    object.sequence = same.sequence;
                }
                bucket.push(object);
                self.size += 1;
            }
        }
        // OTP grows its table by a slot when the objects outnumber the slots.
        if self.size > self.active_slots as usize {
            self.active_slots += 1;
        }
        Ok(freed)
    }

    /// Where OTP's hash table keeps an object of hash `hash` (`hash_to_ix`): linear hashing
    /// over `active_slots` slots.
    fn slot_of(&self, hash: u32) -> u32 {
        let mask = self.active_slots.next_power_of_two() - 1;
        let slot = hash & mask;
        if slot >= self.active_slots {
            slot & (mask >> 1)
        } else {
            slot
        }
    }

    /// The objects in the order OTP 25 walks its table in `order`; an `ordered_set`'s in key
    /// order either way.
    fn iteration_order(&self, order: Walk) -> Vec<&Object> {
        let mut objects: Vec<&Object> = self.buckets.values().flatten().collect();
        if self.kind == Kind::OrderedSet {
            return objects;
        }
        // OTP's chains hold the newest object first; `first/1` and `next/2` go up the slots
        // and along each chain from its end: the objects in the order they were inserted (a
        // bag's objects of one key together, in a stable sort).
        let rank = |o: &Object| (self.slot_of(o.hash), o.sequence);
        objects.sort_by_key(|o| rank(o));
        if order == Walk::Select {
            // `select`, `match` and `tab2list` go down the slots and along each chain from its
            // head: that walk reversed, a bag's objects of one key (one rank) still in their
            // order.
            let mut groups: Vec<Vec<&Object>> = Vec::new();
            for o in objects {
                match groups.last_mut() {
                    Some(group) if rank(group[0]) == rank(o) => group.push(o),
                    _ => groups.push(vec![o]),
                }
            }
            return groups.into_iter().rev().flatten().collect();
        }
        objects
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
    Ok(Object {
        term,
        key,
        block,
        hash: 0,
        sequence: 0,
    })
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
        hash: 0,
        sequence: 0,
    })
}

/// The slots OTP's hash tables start with (`FIRST_SEGSZ`).
const FIRST_SLOTS: u32 = 256;

/// Which of OTP's two walks over a hash table.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Walk {
    /// The walk of `first/1` and `next/2` (and so `foldl/3`), which `Table::next_key` takes
    /// one key at a time, and of `select/3`'s chunks.
    Keys,
    /// `select/2`, `match/2`, `tab2list` and the rest.
    Select,
}

/// OTP's hash of a key in its hash tables (`MAKE_HASH`): an atom's name hash, else
/// `make_internal_hash(Key, 0)` (atoms inside a key hash by their index there, so their order is
/// this runtime's, as in large maps).
fn otp_hash(mem: &[u8], atoms: &AtomTable, key: Term) -> Result<u32, Fail> {
    use crate::runtime::data::hash;
    if let Shape::Atom(index) = term::shape(key) {
        return Ok(atoms.name(index).map(hash::atom_hash).unwrap_or(0));
    }
    hash::internal_hash(Heap::new(mem), key, 0).map_err(|e| Fail::Fault(e.into()))
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

/// The tables `owner` owned (it has ended) go to their heirs, or are deleted when they have
/// none alive: an heir gets `{'ETS-TRANSFER', Tab, Owner, HeirData}`, as from `give_away/3`.
pub(crate) fn drop_owned(machine: &mut dyn Machine, owner: u32) -> Result<(), Fault> {
    let host = machine.host_mut();
    for table in &mut host.procs.ets.tables {
        table.fixations.retain(|&(pid, _)| pid != owner);
    }
    let mut inherited = Vec::new();
    for table in host
        .procs
        .ets
        .tables
        .iter_mut()
        .filter(|t| t.owner == owner)
    {
        if let Some(heir) = table
            .heir
            .as_ref()
            .filter(|h| h.pid != owner && host.procs.table.contains_key(&h.pid))
        {
            table.owner = heir.pid;
            inherited.push((heir.pid, table.id_term(), heir.data));
        }
    }
    let (gone, kept): (Vec<Table>, Vec<Table>) = std::mem::take(&mut host.procs.ets.tables)
        .into_iter()
        .partition(|t| t.owner == owner);
    host.procs.ets.tables = kept;
    for table in gone {
        drop_table(host, table);
    }
    for (heir, id, data) in inherited {
        transfer_message(machine, heir, id, owner, data)?;
    }
    Ok(())
}

/// Sends `{'ETS-TRANSFER', Tab, From, Data}` to a table's new owner.
fn transfer_message(
    machine: &mut dyn Machine,
    to: u32,
    id: Part,
    from: u32,
    data: Term,
) -> Result<(), Fault> {
    let tag = atom(machine, "ETS-TRANSFER");
    let message = Part::Tuple(vec![
        Part::Term(tag),
        id,
        Part::Term(term::pid(from)),
        Part::Term(data),
    ]);
    let (message, block) = process::copy_message(machine, &[message])?;
    process::enqueue(machine.host_mut(), to, message, block);
    Ok(())
}

fn drop_table(host: &mut Host, table: Table) {
    for (_, objects) in table.buckets {
        for o in objects {
            release(host, o.block);
        }
    }
    release(host, table.heir.and_then(|h| h.block));
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
    // Match specifications evaluate with the atom table read-only: what they may answer
    // (`node()`, a body's `'EXIT'`) is interned before.
    for name in ["nonode@nohost", "EXIT"] {
        machine.host_mut().atoms.intern(name);
    }
    let result = if owned == EtsBif::EtsNew2 {
        new(machine, args)
    } else if matches!(
        owned,
        EtsBif::EtsSelect1
            | EtsBif::EtsMatch1
            | EtsBif::EtsMatchObject1
            | EtsBif::EtsSelectReverse1
    ) {
        continue_chunks(machine, args[0])
    } else if owned == EtsBif::EtsInfo2 {
        info(machine, args[0], Some(args[1]))
    } else if owned == EtsBif::EtsInfo1 {
        info(machine, args[0], None)
    } else if owned == EtsBif::EtsMatchSpecCompile1 {
        match_spec_compile(machine, args[0])
    } else if owned == EtsBif::EtsIsCompiledMs1 {
        let compiled = compiled_spec(machine, args[0]).is_some();
        Ok(Out::Term(term::boolean(compiled)))
    } else if owned == EtsBif::EtsMatchSpecRunR3 {
        match_spec_run(machine, args)
    } else if owned == EtsBif::MatchSpecTest3 {
        match_spec_test(machine, args)
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
        Err(Fail::Badarg | Fail::Invalid(_)) => badarg(machine, context, live, bif, args),
        Err(Fail::BadargBecause(cause)) => exception::bif_error_with_cause(
            machine,
            context,
            live,
            bif,
            args,
            "badarg",
            Some(cause),
        ),
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
    let mut heir = None;
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
            (_, Some("heir")) => heir = heir_option(&host.atoms, &pair)?,
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
        return Err(Fail::BadargBecause("already_exists"));
    }
    let heir = match heir {
        Some((pid, data)) => Some(store_heir(machine, pid, data)?),
        None => None,
    };
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
        heir,
        fixations: Vec::new(),
        fixed_since: (0, 0),
        buckets: BTreeMap::new(),
        size: 0,
        active_slots: FIRST_SLOTS,
        inserted: 0,
    });
    Ok(if named {
        Out::Term(name)
    } else {
        Out::Value(Value::Reference(reference))
    })
}

/// The heir an `{heir, none}` or `{heir, Pid, Data}` option (as elements) names.
fn heir_option(atoms: &AtomTable, option: &[Term]) -> Result<Option<(u32, Term)>, Fail> {
    match option {
        [_, none] if atom_name(atoms, *none) == Some("none") => Ok(None),
        [_, pid, data] => match term::shape(*pid) {
            Shape::Pid(pid) => Ok(Some((pid, *data))),
            _ => Err(Fail::Badarg),
        },
        _ => Err(Fail::Badarg),
    }
}

/// A table's heir, its data copied into a block of its own.
fn store_heir(machine: &mut dyn Machine, pid: u32, data: Term) -> Result<Heir, Fail> {
    let (data, block) = process::copy_message(machine, &[Part::Term(data)])?;
    Ok(Heir { pid, data, block })
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

/// The items of `ets:info/1`, in OTP 25's order; `ets:info/2` answers each of them.
const INFO_ITEMS: &[&str] = &[
    "id",
    "decentralized_counters",
    "read_concurrency",
    "write_concurrency",
    "compressed",
    "memory",
    "owner",
    "heir",
    "name",
    "size",
    "node",
    "named_table",
    "type",
    "keypos",
    "protection",
];

/// `ets:info/2` items that `ets:info/1` leaves out.
const MORE_INFO_ITEMS: &[&str] = &["fixed", "safe_fixed", "safe_fixed_monotonic_time", "stats"];

/// The words OTP 25 counts in `memory` for an empty table (its header and hash segment).
const TABLE_WORDS: usize = 1024;

/// `ets:info/1` (`item` none) or `ets:info/2`: `undefined` for a table that does not exist.
fn info(machine: &mut dyn Machine, table: Term, item: Option<Term>) -> Result<Out, Fail> {
    let mem = machine.memory();
    let item = match item {
        Some(item) => {
            let name = atom_name(&machine.host().atoms, item).unwrap_or_default();
            if !INFO_ITEMS.contains(&name) && !MORE_INFO_ITEMS.contains(&name) {
                return Err(Fail::Badarg);
            }
            Some(name.to_string())
        }
        None => None,
    };
    if !matches!(term::shape(table), Shape::Atom(_))
        && process::reference_value(mem, table).is_none()
    {
        return Err(Fail::BadargBecause("type"));
    }
    let Some(i) = find(machine.host(), mem, table) else {
        return Ok(Out::Term(atom(machine, "undefined")));
    };
    match item {
        Some(item) => Ok(Out::Value(info_item(machine, i, &item)?)),
        None => {
            let mut items = Vec::with_capacity(INFO_ITEMS.len());
            for &item in INFO_ITEMS {
                let value = info_item(machine, i, item)?;
                items.push(Value::Tuple(vec![Value::Term(atom(machine, item)), value]));
            }
            Ok(Out::Value(Value::proper_list(items)))
        }
    }
}

/// One item of `ets:info/2` for table `i`.
fn info_item(machine: &mut dyn Machine, i: usize, item: &str) -> Result<Value, Fail> {
    let table = &machine.host().procs.ets.tables[i];
    let object_words = || -> usize {
        let blocks = table
            .buckets
            .values()
            .flatten()
            .filter_map(|o| o.block.as_ref());
        blocks.map(|b| b.len() as usize / WORD_BYTES as usize).sum()
    };
    let (kind, named, keypos, owner, access, name, size, reference, heir) = (
        table.kind,
        table.named,
        table.keypos,
        table.owner,
        table.access,
        table.name,
        table.size,
        table.reference,
        table.heir.as_ref().map(|h| h.pid),
    );
    let fixations = Value::proper_list(
        table
            .fixations
            .iter()
            .map(|&(pid, count)| {
                Value::Tuple(vec![
                    Value::Term(term::pid(pid)),
                    Value::small(count as i64),
                ])
            })
            .collect(),
    );
    let (fixed, (system, monotonic)) = (!table.fixations.is_empty(), table.fixed_since);
    let atom_value = |machine: &mut dyn Machine, name: &str| Value::Term(atom(machine, name));
    Ok(match item {
        "id" => Value::Reference(reference),
        "size" => Value::Int(size.into()),
        "memory" => Value::Int((TABLE_WORDS + object_words()).into()),
        "type" => atom_value(
            machine,
            match kind {
                Kind::Set => "set",
                Kind::OrderedSet => "ordered_set",
                Kind::Bag => "bag",
                Kind::DuplicateBag => "duplicate_bag",
            },
        ),
        "named_table" => Value::Term(term::boolean(named)),
        "keypos" => Value::Term(term::small(keypos as i64)),
        "owner" => Value::Term(term::pid(owner)),
        "heir" => match heir {
            Some(pid) => Value::Term(term::pid(pid)),
            None => atom_value(machine, "none"),
        },
        "protection" => atom_value(
            machine,
            match access {
                Access::Public => "public",
                Access::Protected => "protected",
                Access::Private => "private",
            },
        ),
        "name" => Value::Term(name),
        "node" => atom_value(machine, "nonode@nohost"),
        "compressed" | "read_concurrency" | "write_concurrency" | "decentralized_counters" => {
            Value::Term(term::atom_false())
        }
        "fixed" => Value::Term(term::boolean(fixed)),
        "safe_fixed" | "safe_fixed_monotonic_time" if !fixed => Value::Term(term::atom_false()),
        "safe_fixed" => Value::Tuple(vec![super::os::timestamp_value(system), fixations]),
        "safe_fixed_monotonic_time" => Value::Tuple(vec![Value::small(monotonic), fixations]),
        other => return Err(Fail::Unsupported(format!("ets:info/2 item {other}"))),
    })
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
    let i = find(machine.host(), machine.memory(), args[0]).ok_or(Fail::BadargBecause("id"))?;
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
            return Err(Fail::BadargBecause("access"));
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
            // OTP puts a list into a bag last object first.
            let reversed = table.kind == Kind::Bag;
            let ordered: Vec<Term> = match reversed {
                true => objects.into_iter().rev().collect(),
                false => objects,
            };
            for o in ordered {
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
                return Err(Fail::BadargBecause("badkey"));
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
            let found = if table.kind == Kind::OrderedSet {
                let mut keys = table.objects().map(|o| o.key);
                match bif {
                    Bif::EtsFirst1 => keys.next(),
                    Bif::EtsLast1 => keys.last(),
                    Bif::EtsNext2 => {
                        keys.find(|&k| key_order(mem, atoms, k, args[1]) == Ordering::Greater)
                    }
                    _ => keys
                        .filter(|&k| key_order(mem, atoms, k, args[1]) == Ordering::Less)
                        .last(),
                }
            } else {
                // Other tables: `last` is `first`, `prev` is `next`.
                let after = matches!(bif, Bif::EtsNext2 | Bif::EtsPrev2).then(|| args[1]);
                table.next_key(mem, atoms, after)?
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
                Shape::Pid(to) if to == me && table.owner == me => {
                    return Err(Fail::BadargBecause("owner"))
                }
                Shape::Pid(to) if host.procs.table.contains_key(&to) => to,
                _ => return Err(Fail::Badarg),
            };
            if table.owner != me {
                return Err(Fail::BadargBecause("not_owner"));
            }
            table.owner = to;
            let id = table.id_term();
            transfer_message(machine, to, id, me, args[2])?;
            Ok(Out::Term(term::atom_true()))
        }
        Bif::EtsSafeFixtable2 => {
            // Iteration here never moves objects between calls, so fixing only counts (for
            // `info/2`'s `fixed` and `safe_fixed`).
            let at = table.fixations.iter().position(|&(pid, _)| pid == me);
            match (atom_name(atoms, args[1]), at) {
                (Some("true"), Some(at)) => table.fixations[at].1 += 1,
                (Some("true"), None) => {
                    if table.fixations.is_empty() {
                        table.fixed_since =
                            (super::os::system_native(), super::os::monotonic_native());
                    }
                    table.fixations.insert(0, (me, 1));
                }
                (Some("false"), Some(at)) => {
                    table.fixations[at].1 -= 1;
                    if table.fixations[at].1 == 0 {
                        table.fixations.remove(at);
                    }
                }
                (Some("false"), None) => {}
                _ => return Err(Fail::Badarg),
            }
            Ok(Out::Term(term::atom_true()))
        }
        Bif::EtsSetopts2 => {
            if table.owner != me {
                return Err(Fail::Badarg);
            }
            let options = list_elements(mem, args[1]).unwrap_or_else(|| vec![args[1]]);
            let (mut heir, mut protection) = (None, None);
            for option in options {
                let elements = tuple_elements(mem, option).ok_or(Fail::Badarg)?;
                let name = elements.first().and_then(|&n| atom_name(atoms, n));
                match (name, elements.as_slice()) {
                    (Some("heir"), _) => heir = Some(heir_option(atoms, &elements)?),
                    (Some("protection"), [_, access]) => {
                        protection = Some(match atom_name(atoms, *access) {
                            Some("public") => Access::Public,
                            Some("protected") => Access::Protected,
                            Some("private") => Access::Private,
                            _ => return Err(Fail::Badarg),
                        })
                    }
                    _ => return Err(Fail::Badarg),
                }
            }
            if let Some(access) = protection {
                table.access = access;
            }
            if let Some(heir) = heir {
                let heir = match heir {
                    Some((pid, data)) => Some(store_heir(machine, pid, data)?),
                    None => None,
                };
                let host = machine.host_mut();
                let old = std::mem::replace(&mut host.procs.ets.tables[i].heir, heir);
                release(host, old.and_then(|h| h.block));
            }
            Ok(Out::Term(term::atom_true()))
        }
        Bif::EtsSlot2 => {
            // An `ordered_set` has one object per slot; a hash table OTP's slots (objects in
            // the order they were inserted). One past the last slot is `'$end_of_table'`;
            // further is an error.
            let n = small(args[1]).filter(|&n| n >= 0).ok_or(Fail::Badarg)? as u64;
            let slots = match table.kind {
                Kind::OrderedSet => table.size as u64,
                _ => table.active_slots as u64,
            };
            match n.cmp(&slots) {
                Ordering::Less => {}
                Ordering::Equal => return Ok(Out::Term(end_of_table)),
                Ordering::Greater => return Err(Fail::Badarg),
            }
            let found: Vec<Part> = if table.kind == Kind::OrderedSet {
                let object = table.objects().nth(n as usize).map(|o| Part::Term(o.term));
                object.into_iter().collect()
            } else {
                let mut objects: Vec<&Object> = table
                    .buckets
                    .values()
                    .flatten()
                    .filter(|o| table.slot_of(o.hash) as u64 == n)
                    .collect();
                // A chain holds the newest object first.
                objects.sort_by_key(|o| std::cmp::Reverse(o.sequence));
                objects.into_iter().map(|o| Part::Term(o.term)).collect()
            };
            Ok(Out::Term(give(machine, Part::List(found))?))
        }
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
            // OTP starts the table afresh.
            table.active_slots = FIRST_SLOTS;
            for (_, objects) in buckets {
                for o in objects {
                    release(host, o.block);
                }
            }
            Ok(Out::Term(term::atom_true()))
        }
        Bif::EtsSelectDelete2 => {
            let specs = parse_specs(mem, atoms, args[1])?;
            let chosen: Vec<Term> = select_results(mem, atoms, me, table, &specs)?
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
        | Bif::EtsSelectReverse3
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
            let limit = if matches!(
                bif,
                Bif::EtsSelect3 | Bif::EtsSelectReverse3 | Bif::EtsMatch3 | Bif::EtsMatchObject3
            ) {
                match small(args[2]) {
                    Some(n) if n >= 1 => Some(n as usize),
                    _ => return Err(Fail::Badarg),
                }
            } else {
                None
            };
            let ordered = table.kind == Kind::OrderedSet;
            // In chunks, OTP goes up a hash table's slots, each chunk built from its front.
            let walk = match limit {
                Some(_) if !ordered => Walk::Keys,
                _ => Walk::Select,
            };
            let results = select_results_in(mem, atoms, me, table, &specs, walk)?;
            if bif == Bif::EtsSelectCount2 {
                let count = results
                    .iter()
                    .filter(|(_, r)| matches!(r, Val::Term(t) if *t == term::atom_true()))
                    .count();
                return Ok(Out::Value(Value::Int(count.into())));
            }
            let mut parts: Vec<Part> = results.into_iter().map(|(_, r)| r.into_part()).collect();
            if let (Some(limit), false) = (limit, ordered) {
                for chunk in parts.chunks_mut(limit) {
                    chunk.reverse();
                }
            }
            if matches!(bif, Bif::EtsSelectReverse2 | Bif::EtsSelectReverse3) && ordered {
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
    me: u32,
    table: &Table,
    specs: &[Spec],
) -> Result<Vec<(Term, Val)>, Fail> {
    select_results_in(mem, atoms, me, table, specs, Walk::Select)
}

/// `select_results`, the objects walked in `walk`'s order.
fn select_results_in(
    mem: &[u8],
    atoms: &AtomTable,
    me: u32,
    table: &Table,
    specs: &[Spec],
    walk: Walk,
) -> Result<Vec<(Term, Val)>, Fail> {
    let mut results = Vec::new();
    for o in table.iteration_order(walk) {
        if let Some(result) = run_specs(mem, atoms, me, specs, o.term)? {
            results.push((o.term, result));
        }
    }
    Ok(results)
}

/// `ets:match_spec_compile/1`: a reference naming a copy of the valid specification.
fn match_spec_compile(machine: &mut dyn Machine, specs: Term) -> Result<Out, Fail> {
    parse_specs(machine.memory(), &machine.host().atoms, specs)?;
    let (specs, block) = process::copy_message(machine, &[Part::Term(specs)])?;
    let procs = &mut machine.host_mut().procs;
    let reference = procs.new_reference();
    procs.ets.compiled.insert(reference, (specs, block));
    Ok(Out::Value(Value::Reference(reference)))
}

/// The specification a compiled match specification names.
fn compiled_spec(machine: &dyn Machine, t: Term) -> Option<Term> {
    let reference = process::reference_value(machine.memory(), t)?;
    let compiled = machine.host().procs.ets.compiled.get(&reference)?;
    Some(compiled.0)
}

/// `ets:match_spec_run_r(List, Compiled, Acc)`: what the specification gives for each
/// element of `List` it matches, in reverse order, on top of `Acc`.
fn match_spec_run(machine: &mut dyn Machine, args: &[Term]) -> Result<Out, Fail> {
    let specs = compiled_spec(machine, args[1]).ok_or(Fail::Badarg)?;
    let mem = machine.memory();
    let host = machine.host();
    let me = host.procs.current.unwrap_or(0);
    let specs = parse_specs(mem, &host.atoms, specs)?;
    let objects = list_elements(mem, args[0]).ok_or(Fail::Badarg)?;
    let mut results = Vec::new();
    for object in objects {
        if let Some(result) = run_specs(mem, &host.atoms, me, &specs, object)? {
            results.push(result.into_part());
        }
    }
    results.reverse();
    let list = Part::ListTail(results, Box::new(Part::Term(args[2])));
    Ok(Out::Term(give(machine, list)?))
}

/// `erlang:match_spec_test(Term, Specs, table)` (`ets:test_ms/2`): `{ok, Result, [], []}`,
/// `Result` `false` when no clause matches, or `{error, [{error, Message}]}` as OTP's
/// compiler reports an invalid specification.
fn match_spec_test(machine: &mut dyn Machine, args: &[Term]) -> Result<Out, Fail> {
    match atom_name(&machine.host().atoms, args[2]) {
        Some("table") => {}
        Some("trace") => {
            return Err(Fail::Unsupported(
                "erlang:match_spec_test/3 of a trace match specification".into(),
            ))
        }
        _ => return Err(Fail::Badarg),
    }
    let mem = machine.memory();
    let host = machine.host();
    let me = host.procs.current.unwrap_or(0);
    let result = match parse_specs(mem, &host.atoms, args[1]) {
        Ok(specs) => match run_specs(mem, &host.atoms, me, &specs, args[0])? {
            Some(result) => Ok(result.into_part()),
            None => Ok(Part::Term(term::atom_false())),
        },
        Err(Fail::Invalid(messages)) => Err(messages),
        Err(other) => return Err(other),
    };
    let part = match result {
        Ok(result) => Part::Tuple(vec![
            Part::Term(atom(machine, "ok")),
            result,
            Part::Term(term::NIL),
            Part::Term(term::NIL),
        ]),
        Err(messages) => {
            let error = atom(machine, "error");
            let errors = messages
                .into_iter()
                .map(|m| {
                    let chars = m
                        .chars()
                        .map(|c| Part::Term(term::small(c as i64)))
                        .collect();
                    Part::Tuple(vec![Part::Term(error), Part::List(chars)])
                })
                .collect();
            Part::Tuple(vec![Part::Term(error), Part::List(errors)])
        }
    };
    Ok(Out::Term(give(machine, part)?))
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
            Err(Fail::BadargBecause("badkey"))
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
    let me = host.procs.current.unwrap_or(0);
    let specs = parse_specs(mem, atoms, args[1])?;
    let results = select_results(mem, atoms, me, table, &specs)?;
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
                    // Every key of the pattern (a literal) in the object, its value matching.
                    use crate::runtime::data::map;
                    let Some(object_map) = map::map_ref(heap, o)? else {
                        return Ok(None);
                    };
                    for (key, value) in map::entries_of(heap, p)? {
                        match map::lookup(heap, atoms, object_map, key)? {
                            Some(found) => pending.push((value, found)),
                            None => return Ok(None),
                        }
                    }
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
    /// A list's elements and its tail (`[]` for a proper list).
    List(Vec<Expr>, Box<Expr>),
    /// A guard function and its arguments.
    Call(String, Vec<Expr>),
}

/// Parses match specifications as OTP compiles them for tables: an invalid one is
/// `Fail::Invalid` with the messages OTP's compiler gives (every error of the first clause
/// that has any), which `erlang:match_spec_test/3` returns and the other BIFs raise `badarg` for.
fn parse_specs(mem: &[u8], atoms: &AtomTable, specs: Term) -> Result<Vec<Spec>, Fail> {
    let invalid = |message: &str| Fail::Invalid(vec![message.to_string()]);
    let clauses =
        list_elements(mem, specs).ok_or_else(|| invalid("Match programs are not in a list."))?;
    let mut out = Vec::with_capacity(clauses.len());
    for clause in clauses {
        let [head, guards, body] = tuple_elements(mem, clause)
            .and_then(|e| <[Term; 3]>::try_from(e).ok())
            .ok_or_else(|| invalid("Match program part is not a tuple of arity 3."))?;
        let guards =
            list_elements(mem, guards).ok_or_else(|| invalid("Match expression is not a list."))?;
        let body = list_elements(mem, body)
            .filter(|body| !body.is_empty())
            .ok_or_else(|| invalid("Body clause does not return anything."))?;
        let mut bound = Vec::new();
        collect_variables(mem, atoms, head, &mut bound)?;
        let mut parser = Parser {
            mem,
            atoms,
            bound: &bound,
            errors: Vec::new(),
            unsupported: None,
        };
        let guards = guards.into_iter().map(|g| parser.expr(g)).collect();
        let body = body.into_iter().map(|b| parser.expr(b)).collect();
        if let Some(what) = parser.unsupported {
            return Err(Fail::Unsupported(what));
        }
        if !parser.errors.is_empty() {
            return Err(Fail::Invalid(parser.errors));
        }
        out.push(Spec { head, guards, body });
    }
    Ok(out)
}

/// The variables (`'$N'`) a match head binds.
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
            Shape::Boxed(address) => match heap.boxed(t, address)? {
                Boxed::Tuple { .. } => pending.extend(tuple_elements(mem, t).unwrap_or_default()),
                Boxed::Map { .. } => {
                    let entries = crate::runtime::data::map::entries_of(heap, t)?;
                    pending.extend(entries.into_iter().map(|(_, value)| value));
                }
                _ => {}
            },
            _ => {}
        }
    }
    Ok(())
}

/// Whether OTP 25's match specifications for tables have the function `name/arity`.
fn ms_function_exists(name: &str, arity: usize) -> bool {
    match name {
        "and" | "or" | "andalso" | "orelse" => arity >= 1,
        "node" => arity <= 1,
        "self" => arity == 0,
        "binary_part" => arity == 2 || arity == 3,
        "is_record" => arity == 3,
        "+" | "-" => arity == 1 || arity == 2,
        "xor" | ">" | ">=" | "<" | "=<" | "==" | "/=" | "=:=" | "=/=" | "*" | "/" | "div"
        | "rem" | "band" | "bor" | "bxor" | "bsl" | "bsr" | "element" | "map_get"
        | "is_map_key" => arity == 2,
        "not" | "bnot" | "abs" | "hd" | "tl" | "length" | "round" | "trunc" | "float" | "size"
        | "bit_size" | "byte_size" | "map_size" | "is_atom" | "is_float" | "is_integer"
        | "is_list" | "is_number" | "is_pid" | "is_port" | "is_reference" | "is_tuple"
        | "is_map" | "is_binary" | "is_function" => arity == 1,
        _ => false,
    }
}

/// Special forms of trace match specifications, an error in a table's.
const TRACE_FORMS: &[&str] = &[
    "message",
    "return_trace",
    "exception_trace",
    "process_dump",
    "enable_trace",
    "disable_trace",
    "trace",
    "display",
    "caller",
    "caller_line",
    "current_stacktrace",
    "set_tcw",
    "get_tcw",
    "silent",
    "set_seq_token",
    "get_seq_token",
    "is_seq_trace",
];

/// Parses the guard and body expressions of one clause, gathering OTP's error messages.
struct Parser<'a> {
    mem: &'a [u8],
    atoms: &'a AtomTable,
    bound: &'a [u32],
    errors: Vec<String>,
    /// What OTP accepts and this module does not evaluate (a fault, never a wrong answer).
    unsupported: Option<String>,
}

impl Parser<'_> {
    fn display(&self, t: Term) -> String {
        let mut out = Vec::new();
        let _ = crate::runtime::term::print::write_display(
            Heap::new(self.mem),
            self.atoms,
            t,
            &mut out,
        );
        String::from_utf8_lossy(&out).into_owned()
    }

    fn expr(&mut self, t: Term) -> Expr {
        let (mem, atoms) = (self.mem, self.atoms);
        match term::shape(t) {
            Shape::Atom(_) => match atom_name(atoms, t) {
                Some("$_") => Expr::Object,
                Some("$$") => Expr::AllBindings,
                _ => match variable(atoms, t) {
                    Some(v) if !self.bound.contains(&v) => {
                        self.errors.push(format!("Variable ${v} is unbound."));
                        Expr::Constant(t)
                    }
                    Some(v) => Expr::Variable(v),
                    None => Expr::Constant(t),
                },
            },
            Shape::Cons(_) => {
                let heap = Heap::new(mem);
                let (mut elements, mut rest) = (Vec::new(), t);
                while let Shape::Cons(cell) = term::shape(rest) {
                    let Ok((head, tail)) = heap.cons(cell) else {
                        break;
                    };
                    elements.push(self.expr(head));
                    rest = tail;
                }
                Expr::List(elements, Box::new(self.expr(rest)))
            }
            Shape::Boxed(address) => {
                let Some(elements) = tuple_elements(mem, t) else {
                    if matches!(Heap::new(mem).boxed(t, address), Ok(Boxed::Map { .. })) {
                        let mut variables = Vec::new();
                        let _ = collect_variables(mem, atoms, t, &mut variables);
                        if !variables.is_empty() {
                            self.unsupported =
                                Some("a map built in a match specification body".into());
                        }
                    }
                    return Expr::Constant(t);
                };
                let name = elements.first().and_then(|&f| atom_name(atoms, f));
                let is_function_name = name.is_some_and(|n| {
                    n != "$_" && n != "$$" && variable(atoms, elements[0]).is_none()
                });
                match elements.as_slice() {
                    [inner] if tuple_elements(mem, *inner).is_some() => Expr::Tuple(
                        tuple_elements(mem, *inner)
                            .unwrap_or_default()
                            .into_iter()
                            .map(|e| self.expr(e))
                            .collect(),
                    ),
                    [_, x] if name == Some("const") => Expr::Constant(*x),
                    [_, args @ ..] if is_function_name => {
                        let name = name.unwrap_or_default();
                        if TRACE_FORMS.contains(&name) {
                            self.errors
                                .push(format!("Special form '{name}' used in wrong dialect."));
                            return Expr::Constant(t);
                        }
                        if !ms_function_exists(name, args.len()) {
                            let mut quoted = Vec::new();
                            crate::runtime::term::print::write_atom_erts(name, &mut quoted);
                            self.errors.push(format!(
                                "Function {}/{} does_not_exist.",
                                String::from_utf8_lossy(&quoted),
                                args.len()
                            ));
                            return Expr::Constant(t);
                        }
                        let mut args: Vec<Expr> = args.iter().map(|&a| self.expr(a)).collect();
                        if matches!(name, "+" | "-") && args.len() == 1 {
                            // Unary plus and minus as `0 + X` and `0 - X`.
                            args.insert(0, Expr::Constant(term::small(0)));
                        }
                        Expr::Call(name.to_string(), args)
                    }
                    _ => {
                        self.errors.push(format!(
                            "{} is neither a function call, nor a tuple (tuples are written {{{{ ... }}}}).",
                            self.display(t)
                        ));
                        Expr::Constant(t)
                    }
                }
            }
            _ => Expr::Constant(t),
        }
    }
}

/// A value computed by a match specification: an existing term or a constructed one.
enum Val {
    Term(Term),
    /// A term a function computed outside every heap (a bignum, a float, a binary part).
    Value(Value),
    Tuple(Vec<Val>),
    /// Elements and tail.
    List(Vec<Val>, Box<Val>),
}

impl Val {
    fn into_part(self) -> Part {
        match self {
            Val::Term(t) => Part::Term(t),
            Val::Value(v) => Part::Number(v),
            Val::Tuple(vs) => Part::Tuple(vs.into_iter().map(Val::into_part).collect()),
            Val::List(vs, tail) => {
                let elements = vs.into_iter().map(Val::into_part).collect();
                match tail.into_part() {
                    Part::Term(term::NIL) => Part::List(elements),
                    tail => Part::ListTail(elements, Box::new(tail)),
                }
            }
        }
    }
}

struct Env<'a> {
    mem: &'a [u8],
    atoms: &'a AtomTable,
    /// The process running the match specification (`self/0`).
    me: u32,
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

/// What a clause's body gives: its last expression's value, or `'EXIT'` when that raises.
fn body_result(env: &Env<'_>, body: &[Expr]) -> Result<Val, Fail> {
    let last = body.last().ok_or(Fail::Badarg)?;
    match evaluate(env, last) {
        Err(Fail::Badarg) => {
            let exit = env
                .atoms
                .lookup("EXIT")
                .ok_or(Fail::Fault(Fault::Invariant(
                    "ets: the atom 'EXIT' is not interned",
                )))?;
            Ok(Val::Term(term::atom(exit)))
        }
        other => other,
    }
}

/// The first clause of `specs` that matches `object`: what its body gives.
fn run_specs(
    mem: &[u8],
    atoms: &AtomTable,
    me: u32,
    specs: &[Spec],
    object: Term,
) -> Result<Option<Val>, Fail> {
    for spec in specs {
        let Some(bindings) = pattern_match(mem, atoms, spec.head, object)? else {
            continue;
        };
        let env = Env {
            mem,
            atoms,
            me,
            object,
            bindings: &bindings,
        };
        if guards_hold(&env, &spec.guards)? {
            return body_result(&env, &spec.body).map(Some);
        }
    }
    Ok(None)
}

fn evaluate(env: &Env<'_>, e: &Expr) -> Result<Val, Fail> {
    Ok(match e {
        Expr::Object => Val::Term(env.object),
        Expr::AllBindings => Val::List(
            env.bindings.values().map(|&t| Val::Term(t)).collect(),
            Box::new(Val::Term(term::NIL)),
        ),
        Expr::Variable(v) => Val::Term(*env.bindings.get(v).ok_or(Fail::Badarg)?),
        Expr::Constant(t) => Val::Term(*t),
        Expr::Tuple(es) => Val::Tuple(
            es.iter()
                .map(|e| evaluate(env, e))
                .collect::<Result<_, _>>()?,
        ),
        Expr::List(es, tail) => Val::List(
            es.iter()
                .map(|e| evaluate(env, e))
                .collect::<Result<_, _>>()?,
            Box::new(evaluate(env, tail)?),
        ),
        Expr::Call(name, args) if OWN_FUNCTIONS.contains(&name.as_str()) => {
            Val::Term(apply(env, name, args)?)
        }
        Expr::Call(name, args) => apply_bif(env, name, args)?,
    })
}

/// The functions `apply` evaluates; the others run as the BIFs they name.
const OWN_FUNCTIONS: &[&str] = &[
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
    "node",
    "self",
    "is_record",
    "is_atom",
    "is_integer",
    "is_float",
    "is_number",
    "is_list",
    "is_tuple",
    "is_pid",
    "is_port",
    "is_reference",
    "is_map",
];

/// A function that runs as its BIF (`erlang:F/A`); `Fail::Badarg` when it raises.
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
    let bif = Bif::from_mfa("erlang", name, terms.len() as u32).ok_or(Fail::Fault(
        Fault::Invariant("ets: a match specification function without its BIF"),
    ))?;
    let heap = Heap::new(env.mem);
    // The evaluators intern only the names of the errors they raise (a failing guard
    // function fails its clause whatever it raised): those go to a scratch table.
    let mut scratch = AtomTable::new();
    let result = match bif.owned() {
        OwnedBif::Erlang(b) => super::erlang::eval(b, heap, &mut scratch, &terms),
        OwnedBif::Float(b) => super::float::eval(b, heap, &mut scratch, &terms),
        OwnedBif::Binary(b) => crate::runtime::data::bits::eval(b, heap, &mut scratch, &terms),
        OwnedBif::Map(b) => crate::runtime::data::map::eval(b, heap, &mut scratch, &terms),
        _ => {
            return Err(Fail::Unsupported(format!(
                "{name}/{} in a match specification",
                terms.len()
            )))
        }
    };
    match result {
        Ok(Value::Term(t)) => Ok(Val::Term(t)),
        Ok(Value::Int(i)) => Ok(match i64::try_from(&i) {
            Ok(v) if term::fits_small(v) => Val::Term(term::small(v)),
            _ => Val::Value(Value::Int(i)),
        }),
        Ok(other) => Ok(Val::Value(other)),
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
    let boolean = |e: &Expr| {
        let t = term_of(e)?;
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
        // Every operand evaluated, all booleans.
        ("and", _) => args
            .iter()
            .try_fold(true, |all, a| Ok::<_, Fail>(boolean(a)? && all))?,
        ("or", _) => args
            .iter()
            .try_fold(false, |any, a| Ok::<_, Fail>(boolean(a)? || any))?,
        ("xor", [a, b]) => boolean(a)? != boolean(b)?,
        // Operands evaluated until one decides.
        ("andalso", _) => {
            for a in args {
                if !boolean(a)? {
                    return Ok(term::atom_false());
                }
            }
            true
        }
        ("orelse", _) => {
            for a in args {
                if boolean(a)? {
                    return Ok(term::atom_true());
                }
            }
            false
        }
        ("not", [a]) => !boolean(a)?,
        ("self", []) => return Ok(term::pid(env.me)),
        ("node", []) => {
            return atoms
                .lookup("nonode@nohost")
                .map(term::atom)
                .ok_or(Fail::Badarg)
        }
        ("node", [a]) => {
            let t = term_of(a)?;
            let tag = boxed_tag(t);
            if !matches!(term::shape(t), Shape::Pid(_) | Shape::Port(_))
                && tag != Some(boxed::REFERENCE)
            {
                return Err(Fail::Badarg);
            }
            return atoms
                .lookup("nonode@nohost")
                .map(term::atom)
                .ok_or(Fail::Badarg);
        }
        ("is_record", [t, record, arity]) => {
            let (t, record, arity) = (term_of(t)?, term_of(record)?, term_of(arity)?);
            if !matches!(term::shape(record), Shape::Atom(_)) {
                return Err(Fail::Badarg);
            }
            let arity = small(arity).ok_or(Fail::Badarg)?;
            tuple_elements(mem, t)
                .is_some_and(|e| e.len() as i64 == arity && e.first() == Some(&record))
        }
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
                "is_port" => matches!(term::shape(t), Shape::Port(_)),
                "is_reference" => tag == Some(boxed::REFERENCE),
                "is_map" => tag == Some(boxed::MAP),
                _ => return Err(Fail::Badarg),
            }
        }
        _ => return Err(Fail::Badarg),
    };
    Ok(term::boolean(result))
}
