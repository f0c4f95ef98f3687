//! The `beamwasm` command line.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context as _;
use clap::{Parser, Subcommand};

#[derive(Parser)]
#[command(
    name = "beamwasm",
    version,
    about = "Compile Erlang BEAM modules to WebAssembly"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Print a `.beam` file's code, close to `erlc -S` output (generic opcodes).
    Disasm {
        /// The `.beam` file to read.
        file: PathBuf,
    },
}

fn disasm(file: &PathBuf) -> anyhow::Result<()> {
    let bytes = std::fs::read(file).with_context(|| format!("cannot read {}", file.display()))?;
    let module = beamwasm::beam::read(&bytes).with_context(|| format!("{}", file.display()))?;
    let listing = beamwasm::beam::disasm::listing(&module);
    let mut stdout = std::io::stdout().lock();
    // A closed pipe (e.g. `| head`) is not an error worth reporting.
    match stdout.write_all(listing.as_bytes()) {
        Err(error) if error.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        other => other.context("cannot write to stdout"),
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match &cli.command {
        Command::Disasm { file } => disasm(file),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("beamwasm: {error:#}");
            ExitCode::FAILURE
        }
    }
}
