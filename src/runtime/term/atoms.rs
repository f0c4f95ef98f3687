//! The global atom table: one index per distinct atom name, shared by every loaded module.

use std::collections::HashMap;

use crate::abi::term::FIXED_ATOMS;

/// Atom names are UTF-8 text, as in AtU8 chunks; each index is the payload of an atom term.
#[derive(Debug, Clone)]
pub struct AtomTable {
    names: Vec<Box<str>>,
    index: HashMap<Box<str>, u32>,
}

impl Default for AtomTable {
    fn default() -> Self {
        Self::new()
    }
}

impl AtomTable {
    /// A table that starts with `FIXED_ATOMS` at their fixed indices.
    pub fn new() -> Self {
        let mut table = AtomTable {
            names: Vec::new(),
            index: HashMap::new(),
        };
        for name in FIXED_ATOMS {
            table.intern(name);
        }
        table
    }

    pub fn intern(&mut self, name: &str) -> u32 {
        if let Some(&i) = self.index.get(name) {
            return i;
        }
        let i = self.names.len() as u32;
        self.names.push(name.into());
        self.index.insert(name.into(), i);
        i
    }

    pub fn lookup(&self, name: &str) -> Option<u32> {
        self.index.get(name).copied()
    }

    pub fn name(&self, index: u32) -> Option<&str> {
        self.names.get(index as usize).map(|n| &**n)
    }

    pub fn len(&self) -> usize {
        self.names.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fixed_atoms_keep_their_indices() {
        let mut t = AtomTable::new();
        assert_eq!(t.lookup("false"), Some(0));
        assert_eq!(t.lookup("true"), Some(1));
        assert_eq!(t.lookup("badrecord"), Some(17));
        let foo = t.intern("foo");
        assert_eq!(t.intern("foo"), foo);
        assert_eq!(t.name(foo), Some("foo"));
    }
}
