//! Maps: their layout in linear memory (`docs/abi.md` §3.3), the map operations generated code
//! calls through the `map_op` primitive, and the map BIFs.
//!
//! A map of at most [`FLATMAP_LIMIT`] keys is a *flatmap*, as in OTP: a header, a pointer to the
//! tuple of its keys, then its values, keys in map key order. A larger map is a persistent
//! weight-balanced binary search tree (Adams' trees, with the parameters of Haskell's
//! `Data.Map`: delta 3, ratio 2) under a root object holding its size, ordered as OTP 25's HAMT
//! orders the keys: by their internal hash (`hash::internal_hash`) read four bits at a time
//! from the low end, salted again every eight levels. So an in-order walk of the tree meets the
//! keys as a walk of OTP's HAMT does, and every iteration (`maps:fold`, iterators, printing,
//! `maps:to_list`, `term_to_binary`) gives OTP's order. Every node is a 6-tuple
//! `{Size, Position, Key, Value, Left, Right}`, `Position` the key's place (its hash with the
//! nibbles reversed, a small integer), and the empty tree is `[]`. Lookups, inserts and deletes
//! are O(log n) and copy only the path they walk. A map's representation is a function of its
//! size, so equal maps always have equal shapes of root. Every word (header, keys pointer,
//! value, node element) is 8 bytes.

use std::cmp::Ordering;

use crate::runtime::machine::Machine;

use crate::abi::bifs::MapBif;
use crate::abi::Bif;
use crate::abi::{ctx, map_op, NON_VALUE};

use crate::abi::term::{self, boxed, Shape, Term};
use crate::runtime::bifs;
use crate::runtime::bifs::Raise;
use crate::runtime::data::hash::internal_hash;
use crate::runtime::exception::Class;
use crate::runtime::memory::gc::Layout;
use crate::runtime::memory::heap_alloc;
use crate::runtime::term::atoms::AtomTable;
use crate::runtime::term::compare::{compare, Exactness};
use crate::runtime::term::heap::{Boxed, Heap, HeapWriter, TermError};
use crate::runtime::term::value::Value;

/// The most keys a flatmap holds (OTP's `MAP_SMALL_MAP_LIMIT`).
pub const FLATMAP_LIMIT: usize = 32;

/// Arity of a tree node: `{Size, Position, Key, Value, Left, Right}`.
const NODE_ARITY: u32 = 6;

/// The words a large map of `n` keys takes: its root object and a node per key.
pub const fn large_map_words(n: u64) -> u64 {
    3 + (1 + NODE_ARITY as u64) * n
}

/// How many salted hashes past the first two keys are told apart by before map key order
/// decides (never, in practice: it takes a collision of every one of them).
const SALTED_LEVELS: u32 = 8;

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

/// A hash with its nibbles in reverse order: OTP's HAMT takes the low four bits at the root,
/// the next four a level down, so these numbers order keys as a walk of the HAMT meets them.
fn nibbles_reversed(hash: u32) -> u32 {
    let bytes = hash.swap_bytes();
    ((bytes & 0x0F0F_0F0F) << 4) | ((bytes >> 4) & 0x0F0F_0F0F)
}

/// `key`'s place in OTP's HAMT at `level` (0 for its first eight levels, then each next eight).
fn position_at(heap: Heap<'_>, key: Term, level: u32) -> Result<u32, TermError> {
    Ok(nibbles_reversed(internal_hash(heap, key, level)?))
}

/// `key`'s place in OTP's HAMT over its first eight levels, what tree nodes hold.
pub fn position(heap: Heap<'_>, key: Term) -> Result<u32, TermError> {
    position_at(heap, key, 0)
}

/// Compares two keys, with their positions, in OTP's HAMT order; `Equal` only for equal keys.
fn hamt_cmp(
    heap: Heap<'_>,
    atoms: &AtomTable,
    (a, position_a): (Term, u32),
    (b, position_b): (Term, u32),
) -> Result<Ordering, TermError> {
    match position_a.cmp(&position_b) {
        Ordering::Equal => {}
        order => return Ok(order),
    }
    let by_key = key_cmp(heap, atoms, a, b)?;
    if by_key == Ordering::Equal {
        return Ok(Ordering::Equal);
    }
    // Distinct keys of one hash: OTP's HAMT goes on with the hash of `[1 | Key]`, ...
    for level in 1..=SALTED_LEVELS {
        match position_at(heap, a, level)?.cmp(&position_at(heap, b, level)?) {
            Ordering::Equal => {}
            order => return Ok(order),
        }
    }
    Ok(by_key)
}

fn is_immediate(t: Term) -> bool {
    term::is_immediate(t)
}

/// The words of a tree node.
#[derive(Clone, Copy)]
struct NodeWords {
    size: u32,
    position: u32,
    key: Term,
    value: Term,
    left: Term,
    right: Term,
}

/// The words of the tree node `t`, or `None` for the empty tree.
fn node(heap: Heap<'_>, t: Term) -> Result<Option<NodeWords>, TermError> {
    if t == term::NIL {
        return Ok(None);
    }
    let Shape::Boxed(address) = term::shape(t) else {
        return Err(malformed(t, "map tree node is not a tuple"));
    };
    if heap.word(address)? != term::header(NODE_ARITY, boxed::TUPLE) {
        return Err(malformed(t, "map tree node is not a 6-tuple"));
    }
    let element = |i| heap.word(address + term::tuple::element(i));
    let small = |i| -> Result<u32, TermError> {
        match term::shape(element(i)?) {
            Shape::Small(n) => u32::try_from(n).map_err(|_| malformed(t, "map tree node word")),
            _ => Err(malformed(t, "map tree node without a size or position")),
        }
    };
    Ok(Some(NodeWords {
        size: small(0)?,
        position: small(1)?,
        key: element(2)?,
        value: element(3)?,
        left: element(4)?,
        right: element(5)?,
    }))
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
        MapRef::Tree { root, .. } => tree_walk(heap, atoms, root, key, |_| {}),
    }
}

/// The value of `key` in the tree under `root`; `visit` is given the address of each node on
/// the way down (the key's own last).
fn tree_walk(
    heap: Heap<'_>,
    atoms: &AtomTable,
    root: Term,
    key: Term,
    mut visit: impl FnMut(u32),
) -> Result<Option<Term>, TermError> {
    let placed = (key, position(heap, key)?);
    let mut t = root;
    while let Some(n) = node(heap, t)? {
        if let Shape::Boxed(address) = term::shape(t) {
            visit(address);
        }
        t = match hamt_cmp(heap, atoms, placed, (n.key, n.position))? {
            Ordering::Less => n.left,
            Ordering::Greater => n.right,
            Ordering::Equal => return Ok(Some(n.value)),
        };
    }
    Ok(None)
}

/// The `(position, key, value)` of the tree under `root` from the `start`th on (in HAMT
/// order), at most `count` of them.
fn tree_range(
    heap: Heap<'_>,
    root: Term,
    start: u32,
    count: usize,
) -> Result<Vec<(u32, Term, Term)>, TermError> {
    let mut out = Vec::new();
    // The path down to the `start`th node: the nodes whose key comes after it.
    let mut stack: Vec<NodeWords> = Vec::new();
    let (mut t, mut skip) = (root, start);
    while let Some(n) = node(heap, t)? {
        let left = node(heap, n.left)?.map_or(0, |l| l.size);
        match skip.cmp(&left) {
            Ordering::Less => {
                stack.push(n);
                t = n.left;
            }
            Ordering::Equal => {
                stack.push(n);
                break;
            }
            Ordering::Greater => {
                skip -= left + 1;
                t = n.right;
            }
        }
    }
    while out.len() < count {
        let Some(n) = stack.pop() else { break };
        out.push((n.position, n.key, n.value));
        let mut t = n.right;
        while let Some(n) = node(heap, t)? {
            stack.push(n);
            t = n.left;
        }
    }
    Ok(out)
}

/// Every `(key, value)` of `map` in its iteration order: a flatmap's in map key order, a large
/// map's in OTP's HAMT order (`maps:fold/3`, iterators, `~w`).
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
            let out: Vec<(Term, Term)> = tree_range(heap, root, 0, size as usize)?
                .into_iter()
                .map(|(_, k, v)| (k, v))
                .collect();
            if out.len() != size as usize {
                return Err(malformed(root, "map tree size does not match its nodes"));
            }
            Ok(out)
        }
    }
}

/// Every `(key, value)` of `map` in the order OTP lists them (`maps:to_list/1`, `maps:keys/1`,
/// `term_to_binary/1`): a flatmap's in map key order, a large map's in reverse HAMT order (OTP
/// conses the pairs up as it walks).
pub fn listed_entries(heap: Heap<'_>, map: MapRef) -> Result<Vec<(Term, Term)>, TermError> {
    let mut out = entries(heap, map)?;
    if matches!(map, MapRef::Tree { .. }) {
        out.reverse();
    }
    Ok(out)
}

/// Every `(key, value)` of the map term `t`, in its iteration order.
pub fn entries_of(heap: Heap<'_>, t: Term) -> Result<Vec<(Term, Term)>, TermError> {
    match map_ref(heap, t)? {
        Some(map) => entries(heap, map),
        None => Err(malformed(t, "not a map")),
    }
}

/// Every `(key, value)` of the map term `t`, in the order OTP lists them.
pub fn listed_entries_of(heap: Heap<'_>, t: Term) -> Result<Vec<(Term, Term)>, TermError> {
    match map_ref(heap, t)? {
        Some(map) => listed_entries(heap, map),
        None => Err(malformed(t, "not a map")),
    }
}

/// Every `(key, value)` of the map term `t` in map key order (how maps compare).
pub fn sorted_entries_of(
    heap: Heap<'_>,
    atoms: &AtomTable,
    t: Term,
) -> Result<Vec<(Term, Term)>, TermError> {
    match map_ref(heap, t)? {
        Some(map @ MapRef::Flat { .. }) => entries(heap, map),
        Some(map) => sort_pairs(heap, atoms, entries(heap, map)?),
        None => Err(malformed(t, "not a map")),
    }
}

/// A piece of OTP's HAMT as the emulator's printer (`erlang:display/1`) shows it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum HamtPiece {
    /// A node with these slots filled: `<bitmap>{`.
    Open(u16),
    /// The end of a node: `}`.
    Close,
    /// Between two slots of a node: `,`.
    Comma,
    /// A slot holding one pair, which OTP keeps as the cons cell `[Key | Value]`.
    Leaf(Term, Term),
}

/// The nodes of OTP's HAMT for the large map `map`, in the order `erlang:display/1` prints
/// them: each node's slots in order, a slot a leaf or the next level's node.
pub fn hamt_layout(heap: Heap<'_>, map: MapRef) -> Result<Vec<HamtPiece>, TermError> {
    let MapRef::Tree { size, root } = map else {
        return Err(malformed(0, "the HAMT of a flatmap"));
    };
    let entries = tree_range(heap, root, 0, size as usize)?;
    // The slot of an entry at `level`: a nibble of its position, past the eighth level of
    // its salted hashes.
    let slot = |e: &Entry, level: u32| -> Result<u32, TermError> {
        let position = if level < 8 {
            e.0
        } else {
            position_at(heap, e.1, level / 8)?
        };
        Ok((position >> (28 - 4 * (level % 8))) & 0xF)
    };
    enum Work<'e> {
        /// The entries under a node and its level.
        Node(&'e [Entry], u32),
        Piece(HamtPiece),
    }
    let mut out = Vec::new();
    let mut pending = vec![Work::Node(&entries[..], 0)];
    while let Some(work) = pending.pop() {
        let (node, level) = match work {
            Work::Piece(piece) => {
                out.push(piece);
                continue;
            }
            Work::Node(node, level) => (node, level),
        };
        if level >= 8 * (SALTED_LEVELS + 1) {
            return Err(malformed(root, "map keys of one hash at every level"));
        }
        // A node's slots are contiguous runs of entries, since they are in HAMT order.
        let mut runs: Vec<&[Entry]> = Vec::new();
        let mut bitmap = 0u16;
        let mut start = 0;
        while start < node.len() {
            let first = slot(&node[start], level)?;
            let mut end = start + 1;
            while end < node.len() && slot(&node[end], level)? == first {
                end += 1;
            }
            bitmap |= 1 << first;
            runs.push(&node[start..end]);
            start = end;
        }
        out.push(HamtPiece::Open(bitmap));
        pending.push(Work::Piece(HamtPiece::Close));
        for (i, run) in runs.iter().enumerate().rev() {
            pending.push(match run {
                [(_, k, v)] => Work::Piece(HamtPiece::Leaf(*k, *v)),
                _ => Work::Node(run, level + 1),
            });
            if i > 0 {
                pending.push(Work::Piece(HamtPiece::Comma));
            }
        }
    }
    Ok(out)
}

/// How many pairs one call of `erts_internal:map_next/3` hands an iterator of a large map (OTP
/// hands 32 on the first call, then as many as the process's reductions allow).
const ITERATOR_BATCH: usize = 32;

/// `erts_internal:map_next(Position, Map, Acc)`, what `maps:next/1`, `maps:to_list/1` and the
/// iterator functions build on. With `Acc = iterator`: nested `{K, V, Rest}` of the pairs from
/// `Position` on, `Rest` the next such tuple, `[Next | Map]` after a batch or `none` at the end
/// (a flatmap's pairs all at once, as OTP). With a list: every pair from `Position` on, in
/// OTP's list order, in front of it. `Position` counts pairs in iteration order here (OTP's
/// path of HAMT slots is another number).
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
    let iterator = acc == term::atom(atoms.intern("iterator"));
    if !iterator && !matches!(term::shape(acc), Shape::Nil | Shape::Cons(_)) {
        return Err(badarg(atoms));
    }
    let (pairs, next) = match m {
        // A flatmap's path is only ever 0; OTP checks no more than this of it.
        MapRef::Flat { size, .. } if start <= size => (entries(heap, m)?, None),
        MapRef::Tree { size, root } if start < size => {
            let count = if iterator {
                ITERATOR_BATCH
            } else {
                size as usize
            };
            let pairs: Vec<(Term, Term)> = tree_range(heap, root, start, count)?
                .into_iter()
                .map(|(_, k, v)| (k, v))
                .collect();
            let end = start as usize + pairs.len();
            (pairs, (end < size as usize).then_some(end))
        }
        _ => return Err(badarg(atoms)),
    };
    if iterator {
        let mut rest = match next {
            Some(end) => Value::List(vec![Value::small(end as i64)], Box::new(Value::Term(map))),
            None => Value::atom(atoms.intern("none")),
        };
        for (k, v) in pairs.into_iter().rev() {
            rest = Value::Tuple(vec![Value::Term(k), Value::Term(v), rest]);
        }
        return Ok(rest);
    }
    let mut pairs: Vec<Value> = pairs
        .into_iter()
        .map(|(k, v)| Value::Tuple(vec![Value::Term(k), Value::Term(v)]))
        .collect();
    if matches!(m, MapRef::Tree { .. }) {
        pairs.reverse();
    }
    Ok(Value::List(pairs, Box::new(Value::Term(acc))))
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
    position: u32,
    key: Term,
    value: Term,
    left: Node,
    right: Node,
}

/// A node's entry: `(position, key, value)`.
type Entry = (u32, Term, Term);

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
            Node::Old(t) => node(heap, *t)?.map_or(0, |n| n.size),
            Node::New(n) => n.size,
        })
    }

    /// `(entry, left, right)`, or `None` for the empty tree.
    fn open(self, heap: Heap<'_>) -> Result<Option<(Entry, Node, Node)>, TermError> {
        Ok(match self {
            Node::Empty => None,
            Node::Old(t) => node(heap, t)?.map(|n| {
                (
                    (n.position, n.key, n.value),
                    Node::from_term(n.left),
                    Node::from_term(n.right),
                )
            }),
            Node::New(n) => {
                let n = *n;
                Some(((n.position, n.key, n.value), n.left, n.right))
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
                    Value::small(n.position as i64),
                    Value::Term(n.key),
                    Value::Term(n.value),
                    n.left.into_value(),
                    n.right.into_value(),
                ])
            }
        }
    }
}

/// The tree operations need the heap (to read existing nodes and hash keys) and the atoms (to
/// tell keys apart).
struct Tree<'a, 'h> {
    heap: Heap<'h>,
    atoms: &'a AtomTable,
}

fn corrupt() -> TermError {
    malformed(0, "unbalanced map tree")
}

impl Tree<'_, '_> {
    fn cmp(&self, (pa, a): (u32, Term), (pb, b): (u32, Term)) -> Result<Ordering, TermError> {
        hamt_cmp(self.heap, self.atoms, (a, pa), (b, pb))
    }

    fn bin(
        &self,
        (position, key, value): Entry,
        left: Node,
        right: Node,
    ) -> Result<Node, TermError> {
        let size = left.size(self.heap)? + right.size(self.heap)? + 1;
        Ok(Node::New(Box::new(NewNode {
            size,
            position,
            key,
            value,
            left,
            right,
        })))
    }

    fn balance(&self, e: Entry, l: Node, r: Node) -> Result<Node, TermError> {
        let (sl, sr) = (l.size(self.heap)?, r.size(self.heap)?);
        if sl + sr <= 1 {
            self.bin(e, l, r)
        } else if sr > DELTA * sl {
            let (re, rl, rr) = r.open(self.heap)?.ok_or_else(corrupt)?;
            if rl.size(self.heap)? < RATIO * rr.size(self.heap)? {
                let left = self.bin(e, l, rl)?;
                self.bin(re, left, rr)
            } else {
                let (me, rll, rlr) = rl.open(self.heap)?.ok_or_else(corrupt)?;
                let left = self.bin(e, l, rll)?;
                let right = self.bin(re, rlr, rr)?;
                self.bin(me, left, right)
            }
        } else if sl > DELTA * sr {
            let (le, ll, lr) = l.open(self.heap)?.ok_or_else(corrupt)?;
            if lr.size(self.heap)? < RATIO * ll.size(self.heap)? {
                let right = self.bin(e, lr, r)?;
                self.bin(le, ll, right)
            } else {
                let (me, lrl, lrr) = lr.open(self.heap)?.ok_or_else(corrupt)?;
                let left = self.bin(le, ll, lrl)?;
                let right = self.bin(e, lrr, r)?;
                self.bin(me, left, right)
            }
        } else {
            self.bin(e, l, r)
        }
    }

    /// Inserts or replaces; `true` when the key is new.
    fn insert(&self, t: Node, new: Entry) -> Result<(Node, bool), TermError> {
        let size = t.size(self.heap)?;
        let Some((e, l, r)) = t.open(self.heap)? else {
            return Ok((self.bin(new, Node::Empty, Node::Empty)?, true));
        };
        // A replaced value leaves every size and the balance as they were: copy the path.
        let same = |(position, key, value): Entry, left: Node, right: Node| {
            Node::New(Box::new(NewNode {
                size,
                position,
                key,
                value,
                left,
                right,
            }))
        };
        Ok(match self.cmp((new.0, new.1), (e.0, e.1))? {
            Ordering::Less => match self.insert(l, new)? {
                (l, true) => (self.balance(e, l, r)?, true),
                (l, false) => (same(e, l, r), false),
            },
            Ordering::Greater => match self.insert(r, new)? {
                (r, true) => (self.balance(e, l, r)?, true),
                (r, false) => (same(e, l, r), false),
            },
            // OTP's HAMT keeps the key given last (`-0.0` for `0.0`); a flatmap its first.
            Ordering::Equal => (same(new, l, r), false),
        })
    }

    /// Deletes a key the tree holds.
    fn delete(&self, t: Node, key: (u32, Term)) -> Result<Node, TermError> {
        let (e, l, r) = t.open(self.heap)?.ok_or_else(corrupt)?;
        match self.cmp(key, (e.0, e.1))? {
            Ordering::Less => {
                let l = self.delete(l, key)?;
                self.balance(e, l, r)
            }
            Ordering::Greater => {
                let r = self.delete(r, key)?;
                self.balance(e, l, r)
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
            let (e, l) = self.delete_max(l)?;
            self.balance(e, l, r)
        } else {
            let (e, r) = self.delete_min(r)?;
            self.balance(e, l, r)
        }
    }

    fn delete_min(&self, t: Node) -> Result<(Entry, Node), TermError> {
        let (e, l, r) = t.open(self.heap)?.ok_or_else(corrupt)?;
        if l.is_empty() {
            return Ok((e, r));
        }
        let (min, l) = self.delete_min(l)?;
        Ok((min, self.balance(e, l, r)?))
    }

    fn delete_max(&self, t: Node) -> Result<(Entry, Node), TermError> {
        let (e, l, r) = t.open(self.heap)?.ok_or_else(corrupt)?;
        if r.is_empty() {
            return Ok((e, l));
        }
        let (max, r) = self.delete_max(r)?;
        Ok((max, self.balance(e, l, r)?))
    }
}

/// A perfectly balanced tree of distinct entries in HAMT order.
fn build_tree(entries: &[Entry]) -> Node {
    if entries.is_empty() {
        return Node::Empty;
    }
    let mid = entries.len() / 2;
    let (position, key, value) = entries[mid];
    Node::New(Box::new(NewNode {
        size: entries.len() as u32,
        position,
        key,
        value,
        left: build_tree(&entries[..mid]),
        right: build_tree(&entries[mid + 1..]),
    }))
}

/// The order of distinct keys (of `(key, value)` pairs) in OTP's HAMT: each pair's index in
/// `pairs` with its key's position, first to last.
pub fn hamt_order(
    heap: Heap<'_>,
    atoms: &AtomTable,
    pairs: &[(Term, Term)],
) -> Result<Vec<(usize, u32)>, TermError> {
    let mut order = pairs
        .iter()
        .enumerate()
        .map(|(i, &(k, _))| Ok((i, position(heap, k)?)))
        .collect::<Result<Vec<(usize, u32)>, TermError>>()?;
    let mut error = None;
    order.sort_by(|&(i, pi), &(j, pj)| {
        hamt_cmp(heap, atoms, (pairs[i].0, pi), (pairs[j].0, pj)).unwrap_or_else(|e| {
            error.get_or_insert(e);
            Ordering::Equal
        })
    });
    match error {
        Some(e) => Err(e),
        None => Ok(order),
    }
}

/// Distinct `(key, value)` pairs with their positions, sorted in HAMT order.
fn placed_in_hamt_order(
    heap: Heap<'_>,
    atoms: &AtomTable,
    pairs: &[(Term, Term)],
) -> Result<Vec<Entry>, TermError> {
    Ok(hamt_order(heap, atoms, pairs)?
        .into_iter()
        .map(|(i, position)| (position, pairs[i].0, pairs[i].1))
        .collect())
}

/// The map of distinct entries sorted in map key order. `keys` is an existing keys tuple
/// holding exactly these keys, to share.
fn from_sorted(
    heap: Heap<'_>,
    atoms: &AtomTable,
    entries: Vec<(Term, Term)>,
    keys: Option<Term>,
) -> Result<Value, TermError> {
    if entries.len() <= FLATMAP_LIMIT {
        let keys = match keys {
            Some(t) => Value::Term(t),
            None => Value::Tuple(entries.iter().map(|e| Value::Term(e.0)).collect()),
        };
        return Ok(Value::FlatMap(
            Box::new(keys),
            entries.iter().map(|e| Value::Term(e.1)).collect(),
        ));
    }
    let placed = placed_in_hamt_order(heap, atoms, &entries)?;
    Ok(large_from_placed(&placed))
}

/// The large map of more than 32 distinct entries in HAMT order.
fn large_from_placed(placed: &[Entry]) -> Value {
    Value::LargeMap(
        placed.len() as u32,
        Box::new(build_tree(placed).into_value()),
    )
}

/// The large map of more than 32 distinct `(key, value)` pairs not written yet (decoded by
/// `binary_to_term`). Their keys are written to a scratch heap to be hashed and ordered.
pub fn large_from_values(
    atoms: &AtomTable,
    pairs: Vec<(Value, Value)>,
) -> Result<Value, TermError> {
    let words: u64 = pairs.iter().map(|(k, _)| k.words()).sum();
    let bytes = usize::try_from((words + 1) * term::WORD_BYTES as u64).map_err(|_| {
        TermError::Malformed {
            term: term::NIL,
            what: "a map too large to order",
        }
    })?;
    let mut scratch = vec![0u8; bytes];
    let end = scratch.len() as u32;
    // Address 0 stays unused: no term points there.
    let mut w = HeapWriter::new(&mut scratch, term::WORD_BYTES, end);
    let keys = pairs
        .iter()
        .map(|(k, _)| Ok((k.write(&mut w)?, term::NIL)))
        .collect::<Result<Vec<_>, TermError>>()?;
    let order = hamt_order(Heap::new(&scratch), atoms, &keys)?;
    let mut pairs: Vec<Option<(Value, Value)>> = pairs.into_iter().map(Some).collect();
    let placed: Vec<(u32, Value, Value)> = order
        .into_iter()
        .filter_map(|(i, position)| pairs[i].take().map(|(k, v)| (position, k, v)))
        .collect();
    // A perfectly balanced tree, as `build_tree` makes of entries on the heap.
    fn tree(mut entries: Vec<(u32, Value, Value)>) -> Value {
        let size = entries.len();
        if size == 0 {
            return Value::Term(term::NIL);
        }
        let right = entries.split_off(size / 2 + 1);
        let Some((position, key, value)) = entries.pop() else {
            return Value::Term(term::NIL);
        };
        Value::Tuple(vec![
            Value::small(size as i64),
            Value::small(position as i64),
            key,
            value,
            tree(entries),
            tree(right),
        ])
    }
    Ok(Value::LargeMap(placed.len() as u32, Box::new(tree(placed))))
}

/// Writes the large map of more than 32 distinct `(key, value)` pairs (in any order) whose
/// terms are on the heap already: for literals and the host's values.
pub fn write_large(
    w: &mut HeapWriter<'_>,
    atoms: &AtomTable,
    pairs: &[(Term, Term)],
) -> Result<Term, TermError> {
    let placed = placed_in_hamt_order(w.heap(), atoms, pairs)?;
    // Bottom-up, so every child exists before its parent (the depth is logarithmic).
    fn write_node(w: &mut HeapWriter<'_>, entries: &[Entry]) -> Result<Term, TermError> {
        if entries.is_empty() {
            return Ok(term::NIL);
        }
        let mid = entries.len() / 2;
        let left = write_node(w, &entries[..mid])?;
        let right = write_node(w, &entries[mid + 1..])?;
        let (position, k, v) = entries[mid];
        w.tuple(&[
            term::small(entries.len() as i64),
            term::small(position as i64),
            k,
            v,
            left,
            right,
        ])
    }
    let root = write_node(w, &placed)?;
    w.large_map(placed.len() as u32, root)
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
            Ok(Ok(from_sorted(
                heap,
                atoms,
                current,
                (!added).then_some(keys),
            )?))
        }
        MapRef::Tree { size, root } => {
            let tree = Tree { heap, atoms };
            let mut t = Node::from_term(root);
            let mut size = size;
            for &(k, v) in pairs {
                let (new, added) = tree.insert(t, (position(heap, k)?, k, v))?;
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
            let t = tree.delete(Node::from_term(root), (position(heap, key)?, key))?;
            Ok(Value::LargeMap(size - 1, Box::new(t.into_value())))
        }
        _ => {
            let mut kept = Vec::with_capacity(map.size() as usize);
            for (k, v) in entries(heap, map)? {
                if key_cmp(heap, atoms, k, key)? != Ordering::Equal {
                    kept.push((k, v));
                }
            }
            // A flatmap's entries are in map key order already; a tree's are not.
            if matches!(map, MapRef::Tree { .. }) {
                kept = sort_pairs(heap, atoms, kept)?;
            }
            from_sorted(heap, atoms, kept, None)
        }
    }
}

/// The entries of `map` with their positions, in HAMT order.
fn placed_entries(heap: Heap<'_>, atoms: &AtomTable, map: MapRef) -> Result<Vec<Entry>, TermError> {
    match map {
        MapRef::Flat { .. } => placed_in_hamt_order(heap, atoms, &entries(heap, map)?),
        MapRef::Tree { size, root } => tree_range(heap, root, 0, size as usize),
    }
}

/// `maps:merge(a, b)`: the entries of both, `b`'s value where both have a key.
pub fn merge(heap: Heap<'_>, atoms: &AtomTable, a: MapRef, b: MapRef) -> Result<Value, TermError> {
    if let (MapRef::Flat { .. }, MapRef::Flat { .. }) = (a, b) {
        // Both in map key order: merge them so.
        let (x, y) = (entries(heap, a)?, entries(heap, b)?);
        let out = merge_sorted(&x, &y, |p, q| key_cmp(heap, atoms, p.0, q.0))?;
        return from_sorted(heap, atoms, out, None);
    }
    // One is large, so the result is: merge them in HAMT order.
    let (x, y) = (
        placed_entries(heap, atoms, a)?,
        placed_entries(heap, atoms, b)?,
    );
    let out = merge_sorted(&x, &y, |p, q| hamt_cmp(heap, atoms, (p.1, p.0), (q.1, q.0)))?;
    Ok(large_from_placed(&out))
}

/// Merges two lists sorted by `cmp`; where an item of each compares equal, `y`'s is kept.
fn merge_sorted<T: Copy>(
    x: &[T],
    y: &[T],
    mut cmp: impl FnMut(&T, &T) -> Result<Ordering, TermError>,
) -> Result<Vec<T>, TermError> {
    let mut out = Vec::with_capacity(x.len() + y.len());
    let (mut i, mut j) = (0, 0);
    while i < x.len() && j < y.len() {
        match cmp(&x[i], &y[j])? {
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
    Ok(out)
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
            let sorted = sort_pairs(heap, atoms, pairs)?;
            Ok(from_sorted(heap, atoms, sorted, None)?)
        }
        MapBif::MapsFromKeys => {
            let Some(keys) = list_elements(heap, a)? else {
                return Err(badarg(atoms));
            };
            let pairs = keys.into_iter().map(|k| (k, b)).collect();
            let sorted = sort_pairs(heap, atoms, pairs)?;
            Ok(from_sorted(heap, atoms, sorted, None)?)
        }
        MapBif::MapsKeys | MapBif::MapsValues | MapBif::MapsToList => {
            let map = the_map(heap, atoms, a)?;
            let items = listed_entries(heap, map)?
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
    if matches!(op & !map_op::SILENT, map_op::PUT_ASSOC | map_op::PUT_EXACT) {
        // Anything this path does not take (or finds wrong) the general one below does.
        if let Ok(Some(map)) = replace_in_tree(machine, context, a, b, c) {
            return map;
        }
    }
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
                pending.first_frame = Some(bifs::bif_frame(machine.host_mut(), bif, &[a, b], None));
            }
            crate::runtime::exception::record(machine, context, live, pending)
        }
        Err(Raise::Fault(e)) => {
            machine.host_mut().fault = Some(e.during(format!("map_op {op}")));
            NON_VALUE
        }
    }
}

/// The update of large map `map` by the pairs in x registers `first ..` (`count` of them) when
/// it holds every key and the heap has room: the path to each key copied straight onto the
/// heap, its node taking the new key and value (OTP's HAMT keeps the key given last). Sizes and
/// balance stay as they were, so no node is built in the host first. `None` when the general
/// path must do it (another kind of map, a new key, no room without a collection).
fn replace_in_tree(
    machine: &mut dyn Machine,
    context: u32,
    map: Term,
    first: Term,
    count: Term,
) -> Result<Option<Term>, TermError> {
    let (mem, host) = machine.split();
    let heap = Heap::new(mem);
    let Some(MapRef::Tree { size, root }) = map_ref(heap, map)? else {
        return Ok(None);
    };
    let pairs = put_pairs(heap, context, first, count)?;
    if pairs.is_empty() {
        return Ok(None);
    }
    // The tree's shape never changes, so each path is as long in the updated tree; the first
    // one is walked here once.
    let mut first_path = Vec::new();
    let mut words = 3u64;
    for (i, &(key, _)) in pairs.iter().enumerate() {
        let mut path = Vec::new();
        if tree_walk(heap, &host.atoms, root, key, |node| path.push(node))?.is_none() {
            return Ok(None);
        }
        words += (1 + NODE_ARITY as u64) * path.len() as u64;
        if i == 0 {
            first_path = path;
        }
    }
    let layout = Layout::read(mem, context).map_err(|_| malformed(map, "process layout"))?;
    if host.gc_stress || (layout.young_free() as u64) < term::word(1) as u64 * words {
        return Ok(None);
    }
    let mut writer = HeapWriter::new(mem, layout.heap_top, layout.e);
    let mut root = root;
    let mut path = first_path;
    for (i, &(key, value)) in pairs.iter().enumerate() {
        if i > 0 {
            path.clear();
            tree_walk(writer.heap(), &host.atoms, root, key, |node| {
                path.push(node)
            })?;
        }
        let mut child: Option<(Term, Term)> = None;
        for &address in path.iter().rev() {
            let mut elements = [0; NODE_ARITY as usize];
            for (e, element) in elements.iter_mut().enumerate() {
                *element = writer
                    .heap()
                    .word(address + term::tuple::element(e as u32))?;
            }
            match child {
                None => (elements[2], elements[3]) = (key, value),
                Some((old, new)) if elements[4] == old => elements[4] = new,
                Some((_, new)) => elements[5] = new,
            }
            let copy = writer.tuple(&elements)?;
            child = Some((term::boxed(address), copy));
        }
        root = child.map_or(root, |(_, new)| new);
    }
    let result = writer.large_map(size, root)?;
    let top = writer.top();
    crate::runtime::memory::gc::set_address(mem, context + ctx::HEAP_TOP, top)
        .map_err(|_| malformed(map, "heap top"))?;
    Ok(Some(result))
}

/// The pairs of a `map_op` put: `first` and `count` are the first x register of the pairs and
/// their number (numbers, not terms).
fn put_pairs(
    heap: Heap<'_>,
    context: u32,
    first: Term,
    count: Term,
) -> Result<Vec<(Term, Term)>, TermError> {
    let registers = u32::try_from(first)
        .ok()
        .zip(u32::try_from(count).ok())
        .filter(|&(first, count)| {
            first
                .checked_add(count.saturating_mul(2))
                .is_some_and(|end| end <= ctx::X_REGISTERS)
        });
    let Some((first, count)) = registers else {
        return Err(malformed(first, "map_op pairs beyond the x registers"));
    };
    (0..count)
        .map(|i| {
            Ok((
                heap.word(context + ctx::x(first + 2 * i))?,
                heap.word(context + ctx::x(first + 2 * i + 1))?,
            ))
        })
        .collect()
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
            let pairs = put_pairs(heap, context, b, c)?;
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

    /// Checks the tree under `t` (sizes, positions, HAMT order, weight balance) and returns
    /// its size.
    fn check_tree(heap: Heap<'_>, atoms: &AtomTable, t: Term) -> u32 {
        let Some(n) = node(heap, t).unwrap() else {
            return 0;
        };
        assert_eq!(n.position, position(heap, n.key).unwrap(), "node position");
        let (sl, sr) = (
            check_tree(heap, atoms, n.left),
            check_tree(heap, atoms, n.right),
        );
        assert_eq!(n.size, sl + sr + 1, "node size");
        assert!(
            sl + sr <= 1 || (sl <= DELTA * sr && sr <= DELTA * sl),
            "balance"
        );
        let here = (n.key, n.position);
        if let Some(l) = node(heap, n.left).unwrap() {
            let order = hamt_cmp(heap, atoms, (l.key, l.position), here).unwrap();
            assert_eq!(order, Ordering::Less);
        }
        if let Some(r) = node(heap, n.right).unwrap() {
            let order = hamt_cmp(heap, atoms, (r.key, r.position), here).unwrap();
            assert_eq!(order, Ordering::Greater);
        }
        n.size
    }

    /// Checks `map` against the model (small integer keys and values).
    fn check(heap: Heap<'_>, atoms: &AtomTable, map: Term, model: &BTreeMap<i64, i64>) {
        let m = map_ref(heap, map).unwrap().unwrap();
        assert_eq!(m.size() as usize, model.len());
        let mut expected: Vec<(Term, Term)> = model
            .iter()
            .map(|(&k, &v)| (term::small(k), term::small(v)))
            .collect();
        match m {
            MapRef::Flat { .. } => assert!(model.len() <= FLATMAP_LIMIT),
            MapRef::Tree { root, .. } => {
                assert!(model.len() > FLATMAP_LIMIT);
                assert_eq!(check_tree(heap, atoms, root) as usize, model.len());
                // Iterated in HAMT order: by the hash's nibbles from the lowest.
                expected
                    .sort_by_key(|&(k, _)| nibbles_reversed(internal_hash(heap, k, 0).unwrap()));
            }
        }
        assert_eq!(entries(heap, m).unwrap(), expected);
        for probe in [-1, 0, 7, 1000, 4095, 4096] {
            assert_eq!(
                lookup(heap, atoms, m, term::small(probe)).unwrap(),
                model.get(&probe).map(|&v| term::small(v))
            );
        }
    }

    #[test]
    fn small_integers_iterate_in_otp_25s_order() {
        // `maps:keys(maps:from_list([{I, 0} || I <- lists:seq(1, 40)]))` on OTP 25 (listed in
        // reverse iteration order).
        let otp_keys = [
            33, 12, 23, 29, 30, 39, 26, 31, 11, 37, 9, 32, 34, 25, 28, 6, 38, 13, 40, 20, 15, 14,
            2, 7, 1, 8, 3, 17, 22, 21, 4, 36, 24, 10, 35, 27, 19, 5, 18, 16,
        ];
        let mut memory = vec![0u8; 1 << 16];
        let atoms = AtomTable::new();
        let end = memory.len() as u32;
        let mut w = HeapWriter::new(&mut memory, 64, end);
        let pairs: Vec<(Term, Term)> = (1..=40).map(|i| (term::small(i), term::NIL)).collect();
        let map = write_large(&mut w, &atoms, &pairs).unwrap();
        let keys: Vec<Term> = listed_entries_of(w.heap(), map)
            .unwrap()
            .into_iter()
            .map(|(k, _)| k)
            .collect();
        assert_eq!(keys, otp_keys.map(term::small));
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
