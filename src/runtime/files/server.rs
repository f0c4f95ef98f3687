//! OTP's file server (`file_server_2`), started the first time a program looks for it. `erl`
//! starts it at boot under the kernel supervisor; here a program that never touches `file`
//! never pays for loading it. `file:*` finds the server with `whereis/1` (through
//! `gen_server:call/3`), which is where it is started.

use crate::abi::term::{self, Shape, Term};
use crate::runtime::error::Fault;
use crate::runtime::machine::Machine;
use crate::runtime::process::Part;

/// The name `file` calls the server by.
const FILE_SERVER: &str = "file_server_2";

/// Starts OTP's `file_server` registered as `file_server_2` when `name` is that name and no
/// process has it (and OTP's kernel is on the code path).
pub(crate) fn ensure_file_server(machine: &mut dyn Machine, name: Term) -> Result<(), Fault> {
    let Shape::Atom(index) = term::shape(name) else {
        return Ok(());
    };
    if machine.host().atoms.name(index) != Some(FILE_SERVER)
        || machine.host().procs.registry.contains_key(&name)
        || !crate::runtime::code::ensure_loaded(machine, "file_server")?
    {
        return Ok(());
    }
    // `gen_server:init_it(Starter, Parent, Name, Mod, Args, Options)`, what
    // `gen_server:start/4` runs in the new process once it has registered the name (done
    // here, so the caller finds the server at once). Nobody waits for the start's
    // acknowledgement: it goes to pid 0, which no process has (a send to it is dropped).
    let atom = |machine: &mut dyn Machine, name: &str| {
        Part::Term(term::atom(machine.host_mut().atoms.intern(name)))
    };
    let args = vec![
        Part::Term(term::pid(0)),
        atom(machine, "self"),
        Part::Tuple(vec![atom(machine, "local"), atom(machine, FILE_SERVER)]),
        atom(machine, "file_server"),
        Part::List(Vec::new()),
        Part::List(Vec::new()),
    ];
    crate::runtime::process::bifs::spawn_registered(
        machine,
        FILE_SERVER,
        "gen_server",
        "init_it",
        args,
    )?;
    Ok(())
}
