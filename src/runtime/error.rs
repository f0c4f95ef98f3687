//! The errors of the runtime itself (as opposed to Erlang exceptions, which are terms): the
//! engine failing, a module that cannot be loaded, a trap, a fault, a deadlock.

use thiserror::Error;

use super::memory::allocator::OutOfMemory;

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
    #[error("runtime fault: {0}")]
    Fault(String),
    #[error("deadlock: {0}")]
    Deadlock(String),
    #[error(transparent)]
    OutOfMemory(#[from] OutOfMemory),
}
