//! The errors of the runtime itself (as opposed to Erlang exceptions, which are terms): the
//! engine failing, a module that cannot be loaded, a trap, a fault, a deadlock. A [`Fault`]
//! says what failed inside the runtime: a bug or corrupted memory, a limit, something not
//! supported, the engine.

use thiserror::Error;

use crate::abi::Bif;

use super::memory::allocator::OutOfMemory;
use super::term::heap::TermError;

#[derive(Debug, Error)]
pub enum RuntimeError {
    /// The engine failed (compiling, instantiating, growing memory): its message, which
    /// names it.
    #[error("{0}")]
    Engine(String),
    #[error("loading {module}: {what}")]
    Load { module: String, what: String },
    #[error("module {0} is loaded twice")]
    DuplicateModule(String),
    #[error("{module}:{function}/{arity} is not exported by a loaded module")]
    NoSuchFunction {
        module: String,
        function: String,
        arity: u32,
    },
    #[error("trap in generated code: {0}")]
    Trap(String),
    /// A fault inside the runtime. Not `#[from]`: that would make the fault this error's
    /// source as well, and `{:#}` (how `main` prints) would show it twice.
    #[error("runtime fault: {0}")]
    Fault(Fault),
    #[error("deadlock: {0}")]
    Deadlock(String),
    #[error(transparent)]
    OutOfMemory(#[from] OutOfMemory),
}

impl From<Fault> for RuntimeError {
    fn from(fault: Fault) -> Self {
        RuntimeError::Fault(fault)
    }
}

impl From<TermError> for RuntimeError {
    fn from(e: TermError) -> Self {
        RuntimeError::Fault(Fault::Memory(e))
    }
}

/// What failed inside the runtime, reported instead of an Erlang exception: the run ends.
#[derive(Debug, Error)]
pub enum Fault {
    /// A term read or written outside memory, or not shaped as its tag says: a bug or
    /// corrupted memory.
    #[error(transparent)]
    Memory(#[from] TermError),
    /// A limit of the runtime was reached.
    #[error(transparent)]
    Limit(#[from] Limit),
    /// Generated code called the `bif` primitive with an id no BIF has.
    #[error("unknown BIF id {0}")]
    UnknownBif(u32),
    /// Generated code called a primitive with an operation it does not have.
    #[error("unknown {primitive} op {op}")]
    UnknownOperation { primitive: &'static str, op: u32 },
    /// A BIF reached a room that does not implement it: a bug of the dispatch.
    #[error("{bif:?} is not {room} BIF")]
    MisroutedBif { bif: Bif, room: &'static str },
    /// Generated code asked to resolve an import its module does not have.
    #[error("undef: bad import {import} of module {module}")]
    BadImport { module: u32, import: u32 },
    /// A continuation names a module index nothing is loaded at.
    #[error("continuation into unknown module {0}")]
    UnknownModule(u32),
    /// A register a primitive was given lies outside memory.
    #[error("{primitive}: register out of range")]
    RegisterOutOfRange { primitive: &'static str },
    /// Something the runtime keeps true of its own state did not hold (a bug): what.
    #[error("{0}")]
    Invariant(&'static str),
    /// Something this runtime does not implement, named.
    #[error("{0} is not supported")]
    Unsupported(String),
    /// io was needed, and this build has no io server.
    #[error("io is unavailable: beamwasm was built without erlc, so it has no io server")]
    NoIoServer,
    /// Standard output refused a write.
    #[error("cannot write to standard output")]
    Stdout,
    /// The engine failed where the runtime needed it (growing memory, finding an entry): its
    /// message is all there is.
    #[error("{0}")]
    Engine(String),
    /// Loading a module the running code needed failed.
    #[error(transparent)]
    Loading(Box<RuntimeError>),
    /// A fault while doing something that says where it happened (a BIF, a primitive's
    /// operation).
    #[error("{doing}: {fault}")]
    During { doing: String, fault: Box<Fault> },
}

impl Fault {
    /// This fault, said to have happened while `doing` (e.g. a BIF's name).
    pub(crate) fn during(self, doing: impl Into<String>) -> Fault {
        Fault::During {
            doing: doing.into(),
            fault: Box::new(self),
        }
    }

    /// Whether this is the process going over its `max_heap_size`: not a fault of the run,
    /// the process is killed.
    pub(crate) fn is_max_heap_size(&self) -> bool {
        matches!(self, Fault::Limit(Limit::MaxHeapSize))
    }
}

impl From<OutOfMemory> for Fault {
    fn from(e: OutOfMemory) -> Self {
        Fault::Limit(Limit::OutOfMemory(e))
    }
}

impl From<RuntimeError> for Fault {
    /// A runtime error met while running (loading a module): a fault of its own stays one.
    fn from(e: RuntimeError) -> Self {
        match e {
            RuntimeError::Fault(fault) => fault,
            other => Fault::Loading(Box::new(other)),
        }
    }
}

/// A limit of the runtime.
#[derive(Debug, Error, Clone, PartialEq, Eq)]
pub enum Limit {
    /// The allocator has no room under the memory limit.
    #[error(transparent)]
    OutOfMemory(#[from] OutOfMemory),
    /// A process block would be 4 GiB or more.
    #[error("a heap of 4 GiB or more")]
    HeapTooLarge,
    /// A message (or a spawn's arguments, an exit reason) would be 4 GiB or more.
    #[error("a message of 4 GiB or more")]
    MessageTooLarge,
    /// A term to write to a heap has more words than a heap can hold.
    #[error("term too large")]
    TermTooLarge,
    /// A binary's size does not fit the 32-bit memory.
    #[error("binary too large")]
    BinaryTooLarge,
    /// An object to store in an ets table does not fit the 32-bit memory.
    #[error("ets: object too big")]
    TableObjectTooLarge,
    /// The arguments of a call into the VM would be 512 MiB or more.
    #[error("arguments of 512 MiB or more")]
    ArgumentsTooLarge,
    /// The running process went over its `max_heap_size` (it is killed, the run goes on).
    #[error("max_heap_size exceeded")]
    MaxHeapSize,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_fault_reads_as_what_failed_and_where() {
        let fault = Fault::from(TermError::OutOfBounds { address: 0x10 }).during("unwinding");
        assert_eq!(
            RuntimeError::from(fault).to_string(),
            "runtime fault: unwinding: term points outside memory: address 0x10"
        );
        assert_eq!(
            Fault::UnknownOperation {
                primitive: "call",
                op: 9
            }
            .to_string(),
            "unknown call op 9"
        );
        assert_eq!(
            Fault::MisroutedBif {
                bif: Bif::Self0,
                room: "an ets"
            }
            .to_string(),
            "Self0 is not an ets BIF"
        );
    }

    #[test]
    fn a_fault_is_printed_once_in_an_error_chain() {
        // `main` prints `{:#}`, which appends every source: the fault must not be one.
        let error = RuntimeError::from(Fault::Limit(Limit::TermTooLarge));
        assert!(std::error::Error::source(&error).is_none());
    }

    #[test]
    fn a_fault_met_while_loading_stays_a_fault() {
        let inner = RuntimeError::from(Fault::Stdout);
        assert!(matches!(Fault::from(inner), Fault::Stdout));
        let load = RuntimeError::DuplicateModule("m".into());
        assert_eq!(Fault::from(load).to_string(), "module m is loaded twice");
    }

    #[test]
    fn max_heap_size_is_told_apart_from_other_faults() {
        assert!(Fault::from(Limit::MaxHeapSize).is_max_heap_size());
        assert!(!Fault::from(Limit::TermTooLarge).is_max_heap_size());
    }
}
