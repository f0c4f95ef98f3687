//! The `beamwasm` command line.
fn main() {
    eprintln!("beamwasm: no subcommands are available yet");
    std::process::exit(2);
}
