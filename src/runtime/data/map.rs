//! Maps: their layout in linear memory (`docs/abi.md` §3.1), the map operations generated code
//! calls through the `map_op` primitive, and the map BIFs.
//!
//! A map of at most [`FLATMAP_LIMIT`] keys is a *flatmap*, as in OTP: a header, a pointer to the
//! tuple of its keys, then its values, keys in map key order. A larger map is a persistent
//! weight-balanced binary search tree (Adams' trees, with the parameters of Haskell's
//! `Data.Map`: delta 3, ratio 2) under a root object holding its size; every node is a
//! 5-tuple `{Size, Key, Value, Left, Right}` and the empty tree is `[]`. Lookups, inserts and
//! deletes are O(log n) and copy only the path they walk. A map's representation is a function
//! of its size, so equal maps always have equal shapes of root. Every word (header, keys
//! pointer, value, node element) is 8 bytes.

use std::cmp::Ordering;

use crate::runtime::machine::Machine;

use crate::abi::bifs::MapBif;
use crate::abi::Bif;
use crate::abi::{ctx, map_op, NON_VALUE};

use crate::abi::term::{self, boxed, Shape, Term};
use crate::runtime::bifs;
use crate::runtime::bifs::Raise;
use crate::runtime::exception::Class;
use crate::runtime::memory::heap_alloc;
use crate::runtime::term::atoms::AtomTable;
use crate::runtime::term::compare::{compare, Exactness};
use crate::runtime::term::heap::{Boxed, Heap, TermError};
use crate::runtime::term::value::Value;

/// The most keys a flatmap holds (OTP's `MAP_SMALL_MAP_LIMIT`).
pub const FLATMAP_LIMIT: usize = 32;

/// Arity of a tree node: `{Size, Key, Value, Left, Right}`.
const NODE_ARITY: u32 = 5;

/// A map in memory.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MapRef {
    /// `keys`: the keys tuple term; `first_key` and `first_value`: addresses of the words.
    Flat {
        size: u32,
        keys: Term,
        first_key: u32,
        first_value: u32,
    },
    Tree {
        size: u32,
        root: Term,
    },
}

impl MapRef {
    pub fn size(self) -> u32 {
        match self {
            MapRef::Flat { size, .. } | MapRef::Tree { size, .. } => size,
        }
    }
}

fn malformed(term: Term, what: &'static str) -> TermError {
    TermError::Malformed { term, what }
}

/// The map `t` is, or `None` when it is no map.
pub fn map_ref(heap: Heap<'_>, t: Term) -> Result<Option<MapRef>, TermError> {
    let Shape::Boxed(address) = term::shape(t) else {
        return Ok(None);
    };
    match heap.boxed(t, address)? {
        Boxed::Map { size, keys, values } => {
            let Shape::Boxed(k) = term::shape(keys) else {
                return Err(malformed(t, "map keys are not a tuple"));
            };
            if heap.word(k)? != term::header(size, boxed::TUPLE) {
                return Err(malformed(t, "map keys tuple of the wrong size"));
            }
            Ok(Some(MapRef::Flat {
                size,
                keys,
                first_key: k + term::tuple::element(0),
                first_value: values,
            }))
        }
        Boxed::LargeMap { size, root } => Ok(Some(MapRef::Tree { size, root })),
        _ => Ok(None),
    }
}

/// Compares two keys in map key order.
pub fn key_cmp(heap: Heap<'_>, atoms: &AtomTable, a: Term, b: Term) -> Result<Ordering, TermError> {
    if a == b {
        return Ok(Ordering::Equal);
    }
    if let (Shape::Small(x), Shape::Small(y)) = (term::shape(a), term::shape(b)) {
        return Ok(x.cmp(&y));
    }
    compare(heap, atoms, a, b, Exactness::MapKey)
}

fn is_immediate(t: Term) -> bool {
    term::is_immediate(t)
}

/// `(size, key, value, left, right)` of a tree node.
type NodeWords = (u32, Term, Term, Term, Term);

/// The words of the tree node `t`, or `None` for the empty tree.
fn node(heap: Heap<'_>, t: Term) -> Result<Option<NodeWords>, TermError> {
    if t == term::NIL {
        return Ok(None);
    }
    let Shape::Boxed(address) = term::shape(t) else {
        return Err(malformed(t, "map tree node is not a tuple"));
    };
    if heap.word(address)? != term::header(NODE_ARITY, boxed::TUPLE) {
        return Err(malformed(t, "map tree node is not a 5-tuple"));
    }
    let element = |i| heap.word(address + term::tuple::element(i));
    let size = match term::shape(element(0)?) {
        Shape::Small(size) => u32::try_from(size).ok(),
        _ => None,
    }
    .ok_or_else(|| malformed(t, "map tree node without a size"))?;
    Ok(Some((
        size,
        element(1)?,
        element(2)?,
        element(3)?,
        element(4)?,
    )))
}

/// The value of `key` in `map`.
pub fn lookup(
    heap: Heap<'_>,
    atoms: &AtomTable,
    map: MapRef,
    key: Term,
) -> Result<Option<Term>, TermError> {
    match map {
        MapRef::Flat {
            size,
            first_key,
            first_value,
            ..
        } => {
            if is_immediate(key) {
                // An immediate equals only the same word.
                for i in 0..size {
                    if heap.word(first_key + term::word(i))? == key {
                        return Ok(Some(heap.word(first_value + term::word(i))?));
                    }
                }
                return Ok(None);
            }
            let (mut low, mut high) = (0, size);
            while low < high {
                let mid = (low + high) / 2;
                match key_cmp(heap, atoms, key, heap.word(first_key + term::word(mid))?)? {
                    Ordering::Less => high = mid,
                    Ordering::Greater => low = mid + 1,
                    Ordering::Equal => return Ok(Some(heap.word(first_value + term::word(mid))?)),
                }
            }
            Ok(None)
        }
        MapRef::Tree { root, .. } => {
            let mut t = root;
            while let Some((_, k, v, l, r)) = node(heap, t)? {
                t = match key_cmp(heap, atoms, key, k)? {
                    Ordering::Less => l,
                    Ordering::Greater => r,
                    Ordering::Equal => return Ok(Some(v)),
                };
            }
            Ok(None)
        }
    }
}

/// Every `(key, value)` of `map`, in map key order.
pub fn entries(heap: Heap<'_>, map: MapRef) -> Result<Vec<(Term, Term)>, TermError> {
    match map {
        MapRef::Flat {
            size,
            first_key,
            first_value,
            ..
        } => (0..size)
            .map(|i| {
                Ok((
                    heap.word(first_key + term::word(i))?,
                    heap.word(first_value + term::word(i))?,
                ))
            })
            .collect(),
        MapRef::Tree { size, root } => {
            let mut out = Vec::with_capacity(size as usize);
            let mut stack = Vec::new();
            let mut t = root;
            loop {
                while let Some((_, k, v, l, r)) = node(heap, t)? {
                    stack.push((k, v, r));
                    t = l;
                }
                let Some((k, v, r)) = stack.pop() else { break };
                out.push((k, v));
                t = r;
            }
            if out.len() != size as usize {
                return Err(malformed(root, "map tree size does not match its nodes"));
            }
            Ok(out)
        }
    }
}

/// The `(key, value)` at position `i` in map key order, if there is one: O(log n) in a tree.
pub fn nth(heap: Heap<'_>, map: MapRef, i: u32) -> Result<Option<(Term, Term)>, TermError> {
    match map {
        MapRef::Flat {
            size,
            first_key,
            first_value,
            ..
        } => {
            if i >= size {
                return Ok(None);
            }
            Ok(Some((
                heap.word(first_key + term::word(i))?,
                heap.word(first_value + term::word(i))?,
            )))
        }
        MapRef::Tree { root, .. } => {
            let (mut t, mut i) = (root, i);
            while let Some((_, k, v, l, r)) = node(heap, t)? {
                let left = node(heap, l)?.map_or(0, |n| n.0);
                match i.cmp(&left) {
                    Ordering::Less => t = l,
                    Ordering::Equal => return Ok(Some((k, v))),
                    Ordering::Greater => {
                        i -= left + 1;
                        t = r;
                    }
                }
            }
            Ok(None)
        }
    }
}

/// `erts_internal:map_next(Position, Map, Acc)`, what `maps:next/1`, `maps:to_list/1` and the
/// iterator functions build on. With `Acc = iterator`: `{K, V, [Next | Map]}` or `none`; with a
/// list: every pair from `Position` on, in map key order, in front of it.
pub fn map_next(
    heap: Heap<'_>,
    atoms: &mut AtomTable,
    position: Term,
    map: Term,
    acc: Term,
) -> Result<Value, Raise> {
    let (Shape::Small(start), Some(m)) = (term::shape(position), map_ref(heap, map)?) else {
        return Err(badarg(atoms));
    };
    let start = u32::try_from(start).map_err(|_| badarg(atoms))?;
    if acc == term::atom(atoms.intern("iterator")) {
        return Ok(match nth(heap, m, start)? {
            Some((k, v)) => Value::Tuple(vec![
                Value::Term(k),
                Value::Term(v),
                Value::List(
                    vec![Value::small(start as i64 + 1)],
                    Box::new(Value::Term(map)),
                ),
            ]),
            None => Value::atom(atoms.intern("none")),
        });
    }
    if !matches!(term::shape(acc), Shape::Nil | Shape::Cons(_)) {
        return Err(badarg(atoms));
    }
    let pairs: Vec<Value> = entries(heap, m)?
        .into_iter()
        .skip(start as usize)
        .map(|(k, v)| Value::Tuple(vec![Value::Term(k), Value::Term(v)]))
        .collect();
    Ok(Value::List(pairs, Box::new(Value::Term(acc))))
}

/// Every `(key, value)` of the map term `t`, in map key order.
pub fn entries_of(heap: Heap<'_>, t: Term) -> Result<Vec<(Term, Term)>, TermError> {
    match map_ref(heap, t)? {
        Some(map) => entries(heap, map),
        None => Err(malformed(t, "not a map")),
    }
}

// ---- the tree ----

/// A tree under construction: empty, an existing node, or a new one.
enum Node {
    Empty,
    Old(Term),
    New(Box<NewNode>),
}

struct NewNode {
    size: u32,
    key: Term,
    value: Term,
    left: Node,
    right: Node,
}

const DELTA: u32 = 3;
const RATIO: u32 = 2;

impl Node {
    fn from_term(t: Term) -> Node {
        if t == term::NIL {
            Node::Empty
        } else {
            Node::Old(t)
        }
    }

    fn is_empty(&self) -> bool {
        matches!(self, Node::Empty)
    }

    fn size(&self, heap: Heap<'_>) -> Result<u32, TermError> {
        Ok(match self {
            Node::Empty => 0,
            Node::Old(t) => node(heap, *t)?.map_or(0, |n| n.0),
            Node::New(n) => n.size,
        })
    }

    /// `(key, value, left, right)`, or `None` for the empty tree.
    #[allow(clippy::type_complexity)]
    fn open(self, heap: Heap<'_>) -> Result<Option<(Term, Term, Node, Node)>, TermError> {
        Ok(match self {
            Node::Empty => None,
            Node::Old(t) => {
                node(heap, t)?.map(|(_, k, v, l, r)| (k, v, Node::from_term(l), Node::from_term(r)))
            }
            Node::New(n) => {
                let n = *n;
                Some((n.key, n.value, n.left, n.right))
            }
        })
    }

    fn into_value(self) -> Value {
        match self {
            Node::Empty => Value::Term(term::NIL),
            Node::Old(t) => Value::Term(t),
            Node::New(n) => {
                let n = *n;
                Value::Tuple(vec![
                    Value::small(n.size as i64),
                    Value::Term(n.key),
                    Value::Term(n.value),
                    n.left.into_value(),
                    n.right.into_value(),
                ])
            }
        }
    }
}

/// The tree operations need the heap (to read existing nodes) and the atoms (to order keys).
struct Tree<'a, 'h> {
    heap: Heap<'h>,
    atoms: &'a AtomTable,
}

fn corrupt() -> TermError {
    malformed(0, "unbalanced map tree")
}

impl Tree<'_, '_> {
    fn bin(&self, key: Term, value: Term, left: Node, right: Node) -> Result<Node, TermError> {
        let size = left.size(self.heap)? + right.size(self.heap)? + 1;
        Ok(Node::New(Box::new(NewNode {
            size,
            key,
            value,
            left,
            right,
        })))
    }

    fn balance(&self, k: Term, v: Term, l: Node, r: Node) -> Result<Node, TermError> {
        let (sl, sr) = (l.size(self.heap)?, r.size(self.heap)?);
        if sl + sr <= 1 {
            self.bin(k, v, l, r)
        } else if sr > DELTA * sl {
            let (rk, rv, rl, rr) = r.open(self.heap)?.ok_or_else(corrupt)?;
            if rl.size(self.heap)? < RATIO * rr.size(self.heap)? {
                let left = self.bin(k, v, l, rl)?;
                self.bin(rk, rv, left, rr)
            } else {
                let (mk, mv, rll, rlr) = rl.open(self.heap)?.ok_or_else(corrupt)?;
                let left = self.bin(k, v, l, rll)?;
                let right = self.bin(rk, rv, rlr, rr)?;
                self.bin(mk, mv, left, right)
            }
        } else if sl > DELTA * sr {
            let (lk, lv, ll, lr) = l.open(self.heap)?.ok_or_else(corrupt)?;
            if lr.size(self.heap)? < RATIO * ll.size(self.heap)? {
                let right = self.bin(k, v, lr, r)?;
                self.bin(lk, lv, ll, right)
            } else {
                let (mk, mv, lrl, lrr) = lr.open(self.heap)?.ok_or_else(corrupt)?;
                let left = self.bin(lk, lv, ll, lrl)?;
                let right = self.bin(k, v, lrr, r)?;
                self.bin(mk, mv, left, right)
            }
        } else {
            self.bin(k, v, l, r)
        }
    }

    /// Inserts or replaces; `true` when the key is new.
    fn insert(&self, t: Node, key: Term, value: Term) -> Result<(Node, bool), TermError> {
        let size = t.size(self.heap)?;
        let Some((k, v, l, r)) = t.open(self.heap)? else {
            return Ok((self.bin(key, value, Node::Empty, Node::Empty)?, true));
        };
        // A replaced value leaves every size and the balance as they were: copy the path.
        let same = |size: u32, key: Term, value: Term, left: Node, right: Node| {
            Node::New(Box::new(NewNode {
                size,
                key,
                value,
                left,
                right,
            }))
        };
        Ok(match key_cmp(self.heap, self.atoms, key, k)? {
            Ordering::Less => match self.insert(l, key, value)? {
                (l, true) => (self.balance(k, v, l, r)?, true),
                (l, false) => (same(size, k, v, l, r), false),
            },
            Ordering::Greater => match self.insert(r, key, value)? {
                (r, true) => (self.balance(k, v, l, r)?, true),
                (r, false) => (same(size, k, v, l, r), false),
            },
            Ordering::Equal => (same(size, k, value, l, r), false),
        })
    }

    /// Deletes a key the tree holds.
    fn delete(&self, t: Node, key: Term) -> Result<Node, TermError> {
        let (k, v, l, r) = t.open(self.heap)?.ok_or_else(corrupt)?;
        match key_cmp(self.heap, self.atoms, key, k)? {
            Ordering::Less => {
                let l = self.delete(l, key)?;
                self.balance(k, v, l, r)
            }
            Ordering::Greater => {
                let r = self.delete(r, key)?;
                self.balance(k, v, l, r)
            }
            Ordering::Equal => self.glue(l, r),
        }
    }

    fn glue(&self, l: Node, r: Node) -> Result<Node, TermError> {
        if l.is_empty() {
            return Ok(r);
        }
        if r.is_empty() {
            return Ok(l);
        }
        if l.size(self.heap)? > r.size(self.heap)? {
            let (k, v, l) = self.delete_max(l)?;
            self.balance(k, v, l, r)
        } else {
            let (k, v, r) = self.delete_min(r)?;
            self.balance(k, v, l, r)
        }
    }

    fn delete_min(&self, t: Node) -> Result<(Term, Term, Node), TermError> {
        let (k, v, l, r) = t.open(self.heap)?.ok_or_else(corrupt)?;
        if l.is_empty() {
            return Ok((k, v, r));
        }
        let (mk, mv, l) = self.delete_min(l)?;
        Ok((mk, mv, self.balance(k, v, l, r)?))
    }

    fn delete_max(&self, t: Node) -> Result<(Term, Term, Node), TermError> {
        let (k, v, l, r) = t.open(self.heap)?.ok_or_else(corrupt)?;
        if r.is_empty() {
            return Ok((k, v, l));
        }
        let (mk, mv, r) = self.delete_max(r)?;
        Ok((mk, mv, self.balance(k, v, l, r)?))
    }
}

/// A perfectly balanced tree of sorted, distinct entries.
fn build_tree(entries: &[(Term, Term)]) -> Node {
    if entries.is_empty() {
        return Node::Empty;
    }
    let mid = entries.len() / 2;
    let (k, v) = entries[mid];
    Node::New(Box::new(NewNode {
        size: entries.len() as u32,
        key: k,
        value: v,
        left: build_tree(&entries[..mid]),
        right: build_tree(&entries[mid + 1..]),
    }))
}

/// The map of sorted, distinct entries. `keys` is an existing keys tuple holding exactly these
/// keys, to share.
fn from_sorted(entries: Vec<(Term, Term)>, keys: Option<Term>) -> Value {
    if entries.len() <= FLATMAP_LIMIT {
        let keys = match keys {
            Some(t) => Value::Term(t),
            None => Value::Tuple(entries.iter().map(|e| Value::Term(e.0)).collect()),
        };
        Value::FlatMap(
            Box::new(keys),
            entries.iter().map(|e| Value::Term(e.1)).collect(),
        )
    } else {
        Value::LargeMap(
            entries.len() as u32,
            Box::new(build_tree(&entries).into_value()),
        )
    }
}

/// Sorts `(key, value)` pairs in map key order; of equal keys the last one stays.
pub fn sort_pairs(
    heap: Heap<'_>,
    atoms: &AtomTable,
    pairs: Vec<(Term, Term)>,
) -> Result<Vec<(Term, Term)>, TermError> {
    let mut error = None;
    let mut indexed: Vec<(usize, (Term, Term))> = pairs.into_iter().enumerate().collect();
    indexed.sort_by(|x, y| match key_cmp(heap, atoms, x.1 .0, y.1 .0) {
        Ok(Ordering::Equal) => x.0.cmp(&y.0),
        Ok(order) => order,
        Err(e) => {
            error.get_or_insert(e);
            Ordering::Equal
        }
    });
    if let Some(e) = error {
        return Err(e);
    }
    let mut out: Vec<(Term, Term)> = Vec::with_capacity(indexed.len());
    for (_, (k, v)) in indexed {
        match out.last_mut() {
            Some(last) if key_cmp(heap, atoms, last.0, k)? == Ordering::Equal => *last = (k, v),
            _ => out.push((k, v)),
        }
    }
    Ok(out)
}

/// Why an update did not happen.
pub enum PutError {
    BadKey(Term),
}

/// `map` with `pairs` put in order: associated (`=>`), or with `exact` only updated (`:=`).
pub fn put(
    heap: Heap<'_>,
    atoms: &AtomTable,
    map: MapRef,
    map_term: Term,
    pairs: &[(Term, Term)],
    exact: bool,
) -> Result<Result<Value, PutError>, TermError> {
    // A tree checks its keys as it inserts them (below): one walk a pair, not two.
    if exact && matches!(map, MapRef::Flat { .. }) {
        for &(k, _) in pairs {
            if lookup(heap, atoms, map, k)?.is_none() {
                return Ok(Err(PutError::BadKey(k)));
            }
        }
    }
    if pairs.is_empty() {
        return Ok(Ok(Value::Term(map_term)));
    }
    match map {
        MapRef::Flat { keys, .. } => {
            let mut current = entries(heap, map)?;
            let mut added = false;
            for &(k, v) in pairs {
                let mut low = 0;
                let mut high = current.len();
                let mut found = None;
                while low < high {
                    let mid = (low + high) / 2;
                    match key_cmp(heap, atoms, k, current[mid].0)? {
                        Ordering::Less => high = mid,
                        Ordering::Greater => low = mid + 1,
                        Ordering::Equal => {
                            found = Some(mid);
                            break;
                        }
                    }
                }
                match found {
                    Some(i) => current[i].1 = v,
                    None => {
                        current.insert(low, (k, v));
                        added = true;
                    }
                }
            }
            Ok(Ok(from_sorted(current, (!added).then_some(keys))))
        }
        MapRef::Tree { size, root } => {
            let tree = Tree { heap, atoms };
            let mut t = Node::from_term(root);
            let mut size = size;
            for &(k, v) in pairs {
                let (new, added) = tree.insert(t, k, v)?;
                // The first key that `:=` would add is the first absent one: the pairs
                // before it only replaced values.
                if added && exact {
                    return Ok(Err(PutError::BadKey(k)));
                }
                t = new;
                size += added as u32;
            }
            Ok(Ok(Value::LargeMap(size, Box::new(t.into_value()))))
        }
    }
}

/// `map` without `key` (the same map when it has no such key).
pub fn remove(
    heap: Heap<'_>,
    atoms: &AtomTable,
    map: MapRef,
    map_term: Term,
    key: Term,
) -> Result<Value, TermError> {
    if lookup(heap, atoms, map, key)?.is_none() {
        return Ok(Value::Term(map_term));
    }
    match map {
        MapRef::Tree { size, root } if size as usize > FLATMAP_LIMIT + 1 => {
            let tree = Tree { heap, atoms };
            let t = tree.delete(Node::from_term(root), key)?;
            Ok(Value::LargeMap(size - 1, Box::new(t.into_value())))
        }
        _ => {
            let mut current = entries(heap, map)?;
            let mut kept = Vec::with_capacity(current.len());
            for (k, v) in current.drain(..) {
                if key_cmp(heap, atoms, k, key)? != Ordering::Equal {
                    kept.push((k, v));
                }
            }
            Ok(from_sorted(kept, None))
        }
    }
}

/// `maps:merge(a, b)`: the entries of both, `b`'s value where both have a key.
pub fn merge(heap: Heap<'_>, atoms: &AtomTable, a: MapRef, b: MapRef) -> Result<Value, TermError> {
    let x = entries(heap, a)?;
    let y = entries(heap, b)?;
    let mut out = Vec::with_capacity(x.len() + y.len());
    let (mut i, mut j) = (0, 0);
    while i < x.len() && j < y.len() {
        match key_cmp(heap, atoms, x[i].0, y[j].0)? {
            Ordering::Less => {
                out.push(x[i]);
                i += 1;
            }
            Ordering::Greater => {
                out.push(y[j]);
                j += 1;
            }
            Ordering::Equal => {
                out.push(y[j]);
                i += 1;
                j += 1;
            }
        }
    }
    out.extend_from_slice(&x[i..]);
    out.extend_from_slice(&y[j..]);
    Ok(from_sorted(out, None))
}

// ---- BIFs ----

fn exception(reason: Value) -> Raise {
    Raise::Exception {
        class: Class::Error,
        reason,
    }
}

fn tagged(atoms: &mut AtomTable, tag: &str, t: Term) -> Value {
    Value::Tuple(vec![Value::atom(atoms.intern(tag)), Value::Term(t)])
}

fn badmap(atoms: &mut AtomTable, t: Term) -> Raise {
    exception(tagged(atoms, "badmap", t))
}

fn badkey(atoms: &mut AtomTable, t: Term) -> Raise {
    exception(tagged(atoms, "badkey", t))
}

fn badarg(atoms: &mut AtomTable) -> Raise {
    exception(Value::atom(atoms.intern("badarg")))
}

fn the_map(heap: Heap<'_>, atoms: &mut AtomTable, t: Term) -> Result<MapRef, Raise> {
    map_ref(heap, t)?.ok_or_else(|| badmap(atoms, t))
}

/// The elements of a proper list, or `None`.
fn list_elements(heap: Heap<'_>, list: Term) -> Result<Option<Vec<Term>>, TermError> {
    heap.proper_list(list)
}

/// The map BIFs of `codegen::bifs::Bif` (called from `bifs::erlang::call`).
pub(crate) fn eval(
    bif: MapBif,
    heap: Heap<'_>,
    atoms: &mut AtomTable,
    args: &[Term],
) -> Result<Value, Raise> {
    let arg = |i: usize| args.get(i).copied().unwrap_or(term::NIL);
    let (a, b, c) = (arg(0), arg(1), arg(2));
    match bif {
        MapBif::MapSize => {
            let map = the_map(heap, atoms, a)?;
            Ok(Value::Int(map.size().into()))
        }
        MapBif::MapGet | MapBif::MapsGet => {
            let map = the_map(heap, atoms, b)?;
            match lookup(heap, atoms, map, a)? {
                Some(v) => Ok(Value::Term(v)),
                None => Err(badkey(atoms, a)),
            }
        }
        MapBif::IsMapKey | MapBif::MapsIsKey => {
            let map = the_map(heap, atoms, b)?;
            Ok(Value::boolean(lookup(heap, atoms, map, a)?.is_some()))
        }
        MapBif::MapsFind => {
            let map = the_map(heap, atoms, b)?;
            Ok(match lookup(heap, atoms, map, a)? {
                Some(v) => Value::Tuple(vec![Value::atom(atoms.intern("ok")), Value::Term(v)]),
                None => Value::atom(atoms.intern("error")),
            })
        }
        MapBif::MapsPut | MapBif::MapsUpdate => {
            let map = the_map(heap, atoms, c)?;
            match put(heap, atoms, map, c, &[(a, b)], bif == MapBif::MapsUpdate)? {
                Ok(value) => Ok(value),
                Err(PutError::BadKey(k)) => Err(badkey(atoms, k)),
            }
        }
        MapBif::MapsRemove => {
            let map = the_map(heap, atoms, b)?;
            Ok(remove(heap, atoms, map, b, a)?)
        }
        MapBif::MapsTake => {
            let map = the_map(heap, atoms, b)?;
            match lookup(heap, atoms, map, a)? {
                Some(v) => Ok(Value::Tuple(vec![
                    Value::Term(v),
                    remove(heap, atoms, map, b, a)?,
                ])),
                None => Ok(Value::atom(atoms.intern("error"))),
            }
        }
        MapBif::MapsMerge => {
            let x = the_map(heap, atoms, a)?;
            let y = the_map(heap, atoms, b)?;
            Ok(merge(heap, atoms, x, y)?)
        }
        MapBif::MapsFromList => {
            let Some(elements) = list_elements(heap, a)? else {
                return Err(badarg(atoms));
            };
            let mut pairs = Vec::with_capacity(elements.len());
            for e in elements {
                let Shape::Boxed(address) = term::shape(e) else {
                    return Err(badarg(atoms));
                };
                match heap.boxed(e, address)? {
                    Boxed::Tuple { arity: 2, elements } => {
                        pairs.push((heap.word(elements)?, heap.word(elements + term::word(1))?))
                    }
                    _ => return Err(badarg(atoms)),
                }
            }
            Ok(from_sorted(sort_pairs(heap, atoms, pairs)?, None))
        }
        MapBif::MapsFromKeys => {
            let Some(keys) = list_elements(heap, a)? else {
                return Err(badarg(atoms));
            };
            let pairs = keys.into_iter().map(|k| (k, b)).collect();
            Ok(from_sorted(sort_pairs(heap, atoms, pairs)?, None))
        }
        MapBif::MapsKeys | MapBif::MapsValues | MapBif::MapsToList => {
            let map = the_map(heap, atoms, a)?;
            let items = entries(heap, map)?
                .into_iter()
                .map(|(k, v)| match bif {
                    MapBif::MapsKeys => Value::Term(k),
                    MapBif::MapsValues => Value::Term(v),
                    _ => Value::Tuple(vec![Value::Term(k), Value::Term(v)]),
                })
                .collect();
            Ok(Value::proper_list(items))
        }
        MapBif::MapNext3 => map_next(heap, atoms, a, b, c),
    }
}

// ---- the primitive ----

/// The `map_op` primitive (`docs/abi.md` §6): `op` selects the operation (`abi::map_op`).
pub(crate) fn primitive(
    machine: &mut dyn Machine,
    context: u32,
    op: u32,
    live: u32,
    a: Term,
    b: Term,
    c: Term,
) -> Term {
    let silent = op & map_op::SILENT != 0;
    let result = {
        let (mem, host) = machine.split();
        operation(
            Heap::new(mem),
            &mut host.atoms,
            context,
            op & !map_op::SILENT,
            a,
            b,
            c,
        )
    };
    match result {
        Ok(Some(value)) => match heap_alloc::write_value(machine, context, live, value) {
            Ok(t) => t,
            Err(fault) => {
                machine.host_mut().fault = Some(fault);
                NON_VALUE
            }
        },
        Ok(None) | Err(Raise::Recorded) => NON_VALUE,
        Err(Raise::Exception { .. }) if silent => NON_VALUE,
        Err(Raise::Exception { class, reason }) => {
            // The guard BIFs show their own frame in the stack trace, as OTP's do.
            let mut pending = crate::runtime::exception::Pending::new(class, reason);
            let bif = match op & !map_op::SILENT {
                map_op::MAP_GET => Some(Bif::MapGet),
                map_op::IS_MAP_KEY => Some(Bif::IsMapKey),
                _ => None,
            };
            if let Some(bif) = bif {
                pending.first_frame = Some(bifs::bif_frame(machine.host_mut(), bif, &[a, b]));
            }
            crate::runtime::exception::record(machine, context, live, pending)
        }
        Err(Raise::Fault(e)) => {
            machine.host_mut().fault = Some(e.during(format!("map_op {op}")));
            NON_VALUE
        }
    }
}

/// What the primitive computes: a value to write, `None` for "fail without an exception", or
/// the exception.
fn operation(
    heap: Heap<'_>,
    atoms: &mut AtomTable,
    context: u32,
    op: u32,
    a: Term,
    b: Term,
    c: Term,
) -> Result<Option<Value>, Raise> {
    match op {
        map_op::GET => Ok(match map_ref(heap, a)? {
            Some(map) => lookup(heap, atoms, map, b)?.map(Value::Term),
            None => None,
        }),
        map_op::PUT_ASSOC | map_op::PUT_EXACT => {
            // `b` and `c` are the first x register of the pairs and their count (numbers,
            // not terms).
            let registers =
                u32::try_from(b)
                    .ok()
                    .zip(u32::try_from(c).ok())
                    .filter(|&(first, count)| {
                        first
                            .checked_add(count.saturating_mul(2))
                            .is_some_and(|end| end <= ctx::X_REGISTERS)
                    });
            let Some((b, c)) = registers else {
                return Err(Raise::from(malformed(
                    b,
                    "map_op pairs beyond the x registers",
                )));
            };
            let mut pairs = Vec::with_capacity(c as usize);
            for i in 0..c {
                let k = heap.word(context + ctx::x(b + 2 * i))?;
                let v = heap.word(context + ctx::x(b + 2 * i + 1))?;
                pairs.push((k, v));
            }
            let map = the_map(heap, atoms, a)?;
            match put(heap, atoms, map, a, &pairs, op == map_op::PUT_EXACT)? {
                Ok(value) => Ok(Some(value)),
                Err(PutError::BadKey(k)) => Err(badkey(atoms, k)),
            }
        }
        map_op::MAP_GET => eval(MapBif::MapGet, heap, atoms, &[a, b]).map(Some),
        map_op::IS_MAP_KEY => eval(MapBif::IsMapKey, heap, atoms, &[a, b]).map(Some),
        _ => Err(Raise::from(malformed(op as Term, "unknown map_op"))),
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;
    use crate::runtime::memory::gc::{self, Block};
    use crate::runtime::term::heap::HeapWriter;

    /// Checks the tree under `t` (sizes, order, weight balance) and returns its size.
    fn check_tree(heap: Heap<'_>, atoms: &AtomTable, t: Term) -> u32 {
        let Some((size, k, _, l, r)) = node(heap, t).unwrap() else {
            return 0;
        };
        let (sl, sr) = (check_tree(heap, atoms, l), check_tree(heap, atoms, r));
        assert_eq!(size, sl + sr + 1, "node size");
        assert!(
            sl + sr <= 1 || (sl <= DELTA * sr && sr <= DELTA * sl),
            "balance"
        );
        if let Some((_, lk, ..)) = node(heap, l).unwrap() {
            assert_eq!(key_cmp(heap, atoms, lk, k).unwrap(), Ordering::Less);
        }
        if let Some((_, rk, ..)) = node(heap, r).unwrap() {
            assert_eq!(key_cmp(heap, atoms, rk, k).unwrap(), Ordering::Greater);
        }
        size
    }

    /// Checks `map` against the model (small integer keys and values).
    fn check(heap: Heap<'_>, atoms: &AtomTable, map: Term, model: &BTreeMap<i64, i64>) {
        let m = map_ref(heap, map).unwrap().unwrap();
        assert_eq!(m.size() as usize, model.len());
        match m {
            MapRef::Flat { .. } => assert!(model.len() <= FLATMAP_LIMIT),
            MapRef::Tree { root, .. } => {
                assert!(model.len() > FLATMAP_LIMIT);
                assert_eq!(check_tree(heap, atoms, root) as usize, model.len());
            }
        }
        let expected: Vec<(Term, Term)> = model
            .iter()
            .map(|(&k, &v)| (term::small(k), term::small(v)))
            .collect();
        assert_eq!(entries(heap, m).unwrap(), expected);
        for probe in [-1, 0, 7, 1000, 4095, 4096] {
            assert_eq!(
                lookup(heap, atoms, m, term::small(probe)).unwrap(),
                model.get(&probe).map(|&v| term::small(v))
            );
        }
    }

    #[test]
    fn map_key_order_puts_integers_before_floats() {
        let mut memory = vec![0u8; 4096];
        let mut atoms = AtomTable::new();
        let (a, z) = (term::atom(atoms.intern("a")), term::atom(atoms.intern("z")));
        let mut w = HeapWriter::new(&mut memory, 64, 4096);
        let one_float = w.float(1.0).unwrap();
        let half = w.float(0.5).unwrap();
        let t_float = w.tuple(&[one_float]).unwrap();
        let t_two = w.tuple(&[term::small(2)]).unwrap();
        let s = w.list(&[term::small(115)], term::NIL).unwrap();
        // Integers order by value across the small/bignum line (60 bits).
        let big = w
            .integer(&(num_bigint::BigInt::from(1) << 60usize))
            .unwrap();
        let negative_big = w
            .integer(&-(num_bigint::BigInt::from(1) << 70usize))
            .unwrap();
        let (wide, negative_wide) = (term::small(1 << 40), term::small(term::SMALL_MIN));
        let keys = [
            big,
            wide,
            z,
            a,
            one_float,
            term::small(2),
            half,
            t_float,
            s,
            term::small(1),
            negative_big,
            t_two,
            negative_wide,
            term::NIL,
        ];
        let pairs = keys.iter().map(|&k| (k, term::NIL)).collect();
        let sorted: Vec<Term> = sort_pairs(w.heap(), &atoms, pairs)
            .unwrap()
            .into_iter()
            .map(|p| p.0)
            .collect();
        assert_eq!(
            sorted,
            [
                negative_big,
                negative_wide,
                term::small(1),
                term::small(2),
                wide,
                big,
                half,
                one_float,
                a,
                z,
                t_two,
                t_float,
                term::NIL,
                s
            ]
        );
        // Equal keys: the last pair stays.
        let pairs = vec![(a, term::small(1)), (z, term::NIL), (a, term::small(2))];
        assert_eq!(
            sort_pairs(w.heap(), &atoms, pairs).unwrap(),
            [(a, term::small(2)), (z, term::NIL)]
        );
    }

    #[test]
    fn inserts_and_removes_keep_a_balanced_tree_like_a_model() {
        let mut memory = vec![0u8; 32 << 20];
        let end = memory.len() as u32;
        let atoms = AtomTable::new();
        let mut w = HeapWriter::new(&mut memory, 64, end);
        let empty_keys = w.tuple(&[]).unwrap();
        let mut map = w.flatmap(empty_keys, &[]).unwrap();
        let mut model = BTreeMap::new();
        // A permutation of 0..4096, then updates of existing keys.
        let keys: Vec<i64> = (0..4096).map(|i| (i * 1237) % 4096).collect();
        for (n, &k) in keys.iter().chain(&keys[..100]).enumerate() {
            let m = map_ref(w.heap(), map).unwrap().unwrap();
            let pair = [(term::small(k), term::small(n as i64))];
            let value = match put(w.heap(), &atoms, m, map, &pair, false).unwrap() {
                Ok(v) => v,
                Err(_) => panic!("assoc never fails"),
            };
            map = value.write(&mut w).unwrap();
            model.insert(k, n as i64);
            if n % 97 == 0 || n == 33 {
                check(w.heap(), &atoms, map, &model);
            }
        }
        check(w.heap(), &atoms, map, &model);
        // `:=` of an absent key fails; of present keys it keeps the size.
        let m = map_ref(w.heap(), map).unwrap().unwrap();
        let absent = [(term::small(5000), term::NIL)];
        assert!(matches!(
            put(w.heap(), &atoms, m, map, &absent, true).unwrap(),
            Err(PutError::BadKey(k)) if k == term::small(5000)
        ));
        for &k in &keys {
            if k % 3 == 0 {
                continue;
            }
            let m = map_ref(w.heap(), map).unwrap().unwrap();
            map = remove(w.heap(), &atoms, m, map, term::small(k))
                .unwrap()
                .write(&mut w)
                .unwrap();
            model.remove(&k);
            if model.len() % 101 == 0 || model.len() <= 40 {
                check(w.heap(), &atoms, map, &model);
            }
        }
        check(w.heap(), &atoms, map, &model);
        // Down to a flatmap, then removing an absent key is the same map.
        for k in 0..4060 {
            let m = map_ref(w.heap(), map).unwrap().unwrap();
            map = remove(w.heap(), &atoms, m, map, term::small(k))
                .unwrap()
                .write(&mut w)
                .unwrap();
            model.remove(&k);
        }
        check(w.heap(), &atoms, map, &model);
        assert!(matches!(
            map_ref(w.heap(), map).unwrap(),
            Some(MapRef::Flat { size: 12, .. })
        ));
        let m = map_ref(w.heap(), map).unwrap().unwrap();
        let same = remove(w.heap(), &atoms, m, map, term::small(1)).unwrap();
        assert_eq!(same, Value::Term(map));
    }

    #[test]
    fn a_large_map_survives_collections() {
        const CONTEXT: u32 = 0x100;
        let young = Block {
            start: 0x4000,
            end: 0x4000 + (4 << 20),
        };
        let mut memory = vec![0u8; 16 << 20];
        let atoms = AtomTable::new();
        gc::init(&mut memory, CONTEXT, young).unwrap();
        let mut model = BTreeMap::new();
        let top = {
            let mut w = HeapWriter::new(&mut memory, young.start, young.end - 64);
            let empty_keys = w.tuple(&[]).unwrap();
            let mut map = w.flatmap(empty_keys, &[]).unwrap();
            for k in 0..2000 {
                let m = map_ref(w.heap(), map).unwrap().unwrap();
                let pair = [(term::small(k), term::small(-k))];
                let Ok(value) = put(w.heap(), &atoms, m, map, &pair, false).unwrap() else {
                    panic!("assoc never fails");
                };
                map = value.write(&mut w).unwrap();
                model.insert(k, -k);
            }
            w.set_word(CONTEXT + ctx::x(0), map).unwrap();
            w.top()
        };
        // The heap top is a 4-byte address in the context.
        let at = (CONTEXT + ctx::HEAP_TOP) as usize;
        memory[at..at + 4].copy_from_slice(&top.to_le_bytes());
        let old = Block {
            start: 0x4000 + (5 << 20),
            end: 0x4000 + (9 << 20),
        };
        gc::major(&mut memory, CONTEXT, 1, &mut [], old, &[]).unwrap();
        let map = Heap::new(&memory).word(CONTEXT + ctx::x(0)).unwrap();
        assert!(matches!(term::shape(map), Shape::Boxed(a) if (old.start..old.end).contains(&a)));
        check(Heap::new(&memory), &atoms, map, &model);
        gc::minor(&mut memory, CONTEXT, 1, &mut [], &[]).unwrap();
        let map = Heap::new(&memory).word(CONTEXT + ctx::x(0)).unwrap();
        check(Heap::new(&memory), &atoms, map, &model);
    }
}
