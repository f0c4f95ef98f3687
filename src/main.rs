//! The `beamwasm` command line.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context as _;
use clap::{Parser, Subcommand, ValueEnum};

use beamwasm::codegen::{self, CompileOptions, Mode};
use beamwasm::runtime::{ErlValue, Halt, Outcome, Vm, VmOptions};

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
    /// Compile and run `MODULE:main()` (or `-f FUNCTION`) of the first file; print the result
    /// as `io:format("~w~n", [Result])` does. Modules the program calls are loaded from the
    /// code path: `-pa` directories, the programs' own, OTP's applications (kernel and
    /// stdlib first, then those of each `ERL_LIBS` directory, then the rest), Elixir's when
    /// Elixir is installed, then `-pz` directories. As on `erl`, `-NAME VALUE...` after the
    /// files is a flag `init:get_argument(NAME)` returns, and what follows `-extra` or `--`
    /// the plain arguments (`init:get_plain_arguments()`). The exit status is `halt`'s or
    /// `init:stop`'s, or 1 when the function crashes (printed as `erl -noshell -s` prints it).
    Run {
        /// `.erl` files (compiled with `erlc`), `.ex`/`.exs` files (compiled with `elixirc`;
        /// the function is that of the first module the first file defines) or `.beam`
        /// files; the first holds the function.
        #[arg(required_unless_present = "app")]
        files: Vec<PathBuf>,
        /// Start this application (found through its `.app` file on the code path) and those
        /// it needs, as `application:ensure_all_started/1` does, and run until it stops or
        /// the run halts, instead of calling a function.
        #[arg(long = "app", value_name = "NAME")]
        app: Option<String>,
        /// A configuration file, as `erl -config FILE` (`FILE` or `FILE.config`): the
        /// applications' environment.
        #[arg(long = "config", value_name = "FILE")]
        config: Vec<PathBuf>,
        /// The 0-arity function to call.
        #[arg(short = 'f', long = "function", default_value = "main")]
        function: String,
        /// A directory to search first for modules (as `erl -pa`, each goes to the front in
        /// turn, so the last one is searched first; `-pa DIR` works too, one directory per
        /// flag).
        #[arg(long = "pa", value_name = "DIR")]
        path: Vec<PathBuf>,
        /// A directory to search last for modules (as `erl -pz`; `-pz DIR` works too).
        #[arg(long = "pz", value_name = "DIR")]
        path_last: Vec<PathBuf>,
        #[command(flatten)]
        sandbox: SandboxFlags,
        #[command(flatten)]
        codegen: CodegenFlags,
    },
    /// Compile `.beam` files to `.wasm` files.
    /// Compile `.beam` files, and every `.beam` under given directories, to `.wasm` files;
    /// print a summary (failures grouped by reason, e.g. the first unsupported opcode).
    Compile {
        /// `.beam` files or directories to search (e.g. OTP's `lib/`).
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// Directory for the `.wasm` files.
        #[arg(short = 'o', long = "out", default_value = ".")]
        out: PathBuf,
        #[command(flatten)]
        codegen: CodegenFlags,
    },
}

/// What the program may reach outside itself: files only under granted directories (the
/// current one when none is given), commands only when allowed.
#[derive(clap::Args)]
struct SandboxFlags {
    /// Grant the program the files under DIR (repeatable, as wasmtime's `--dir`); without it,
    /// the current directory is granted. Any other path gets `{error, eacces}`.
    #[arg(long = "dir", value_name = "DIR")]
    dirs: Vec<PathBuf>,
    /// Let the program run commands (`os:cmd/1,2`).
    #[arg(long)]
    allow_cmd: bool,
}

#[derive(clap::Args)]
struct CodegenFlags {
    /// Code layout: one function per module, or one per label (the benchmark baseline).
    #[arg(long, value_enum, default_value_t = ModeFlag::Single)]
    mode: ModeFlag,
    /// Collect garbage at every allocation point (a test mode).
    #[arg(long)]
    gc_stress: bool,
}

#[derive(Clone, Copy, ValueEnum)]
enum ModeFlag {
    Single,
    PerLabel,
}

impl CodegenFlags {
    fn options(&self) -> CompileOptions {
        CompileOptions {
            mode: match self.mode {
                ModeFlag::Single => Mode::Single,
                ModeFlag::PerLabel => Mode::PerLabel,
            },
            gc_stress: self.gc_stress,
        }
    }
}

/// The modules whose callers need what the boot starts: the application controller, the
/// logger — and OTP's behaviours, whose crash reports read the kernel's environment
/// (`proc_lib:crash_report/4`), as every process on erl can.
const APPLICATION_MODULES: &[&str] = &[
    "application",
    "application_controller",
    "logger",
    "error_logger",
    "proc_lib",
    "gen_server",
    "gen_statem",
    "gen_event",
    "supervisor",
    "supervisor_bridge",
    "pg",
    "global",
];

/// A directory removed when dropped, for `erlc` output.
struct ScratchDir(PathBuf);

impl ScratchDir {
    fn new() -> anyhow::Result<Self> {
        let path = std::env::temp_dir().join(format!("beamwasm-{}", std::process::id()));
        std::fs::create_dir_all(&path)
            .with_context(|| format!("cannot create {}", path.display()))?;
        Ok(ScratchDir(path))
    }
}

impl Drop for ScratchDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn is_elixir(file: &Path) -> bool {
    file.extension().is_some_and(|e| e == "ex" || e == "exs")
}

/// A program's modules, compiled: each with the `.beam` file it came from.
struct Program {
    modules: Vec<(PathBuf, codegen::CompiledModule)>,
    /// The module whose function runs.
    main_module: String,
    /// Where the programs' `.beam` files are (the first directories of the code path).
    dirs: Vec<PathBuf>,
    /// Whether the main module is Elixir's (an uncaught exception is printed as `elixir`
    /// prints it).
    elixir: bool,
    /// Whether a module of the program calls `application` or `application_controller`
    /// (then the run boots them).
    uses_applications: bool,
    /// `erlc`'s and `elixirc`'s output, removed after the run.
    _scratch: Option<ScratchDir>,
}

/// The name of the first module `source` defines (`defmodule Name do`), as an atom's text
/// (`Elixir.Name`).
fn first_elixir_module(source: &str) -> Option<String> {
    source.lines().find_map(|line| {
        let rest = line.trim_start().strip_prefix("defmodule")?;
        if !rest.starts_with(char::is_whitespace) {
            return None;
        }
        let rest = rest.trim_start();
        if let Some(atom) = rest.strip_prefix(':') {
            let name: String = atom
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_' || *c == '@')
                .collect();
            return (!name.is_empty()).then_some(name);
        }
        let alias: String = rest
            .chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_' || *c == '.')
            .collect();
        let alias = alias.trim_end_matches('.');
        (alias.starts_with(|c: char| c.is_ascii_uppercase())).then(|| format!("Elixir.{alias}"))
    })
}

/// Compiles `.erl` inputs with `erlc` and `.ex`/`.exs` inputs with `elixirc` (all in one call,
/// so that they may use one another), then every module to WASM.
fn compile_program(files: &[PathBuf], options: &CompileOptions) -> anyhow::Result<Program> {
    let mut scratch: Option<ScratchDir> = None;
    let mut beams: Vec<PathBuf> = Vec::new();
    let mut dirs: Vec<PathBuf> = Vec::new();
    let mut main_module = None;
    let elixir_sources: Vec<&PathBuf> = files.iter().filter(|f| is_elixir(f)).collect();
    let mut elixir_beams = Vec::new();
    if !elixir_sources.is_empty() {
        let dir = match &scratch {
            Some(dir) => dir,
            None => scratch.insert(ScratchDir::new()?),
        };
        let out = dir.0.join("elixir");
        std::fs::create_dir_all(&out)
            .with_context(|| format!("cannot create {}", out.display()))?;
        let status = std::process::Command::new("elixirc")
            .arg("-o")
            .arg(&out)
            .args(&elixir_sources)
            .status()
            .context("cannot run elixirc (install Elixir: scripts/setup)")?;
        anyhow::ensure!(status.success(), "elixirc failed");
        elixir_beams = beam_files(std::slice::from_ref(&out))?;
        anyhow::ensure!(
            !elixir_beams.is_empty(),
            "elixirc made no module of {}",
            elixir_sources
                .iter()
                .map(|f| f.display().to_string())
                .collect::<Vec<_>>()
                .join(", ")
        );
        dirs.push(out);
    }
    for (i, file) in files.iter().enumerate() {
        if is_elixir(file) {
            if i == 0 {
                let source = std::fs::read_to_string(file)
                    .with_context(|| format!("cannot read {}", file.display()))?;
                let name = first_elixir_module(&source)
                    .with_context(|| format!("{} defines no module", file.display()))?;
                main_module = Some(name);
            }
            continue;
        }
        let beam_path = if file.extension().is_some_and(|e| e == "erl") {
            let dir = match &scratch {
                Some(dir) => dir,
                None => scratch.insert(ScratchDir::new()?),
            };
            let status = std::process::Command::new("erlc")
                .arg("-o")
                .arg(&dir.0)
                .arg(file)
                .status()
                .context("cannot run erlc (install Erlang: scripts/setup)")?;
            anyhow::ensure!(status.success(), "erlc failed on {}", file.display());
            let stem = file.file_stem().context("file without a name")?;
            // Appended, not `with_extension`: module names may hold dots (`Elixir.Foo.Bar`).
            dir.0.join(format!("{}.beam", stem.to_string_lossy()))
        } else {
            file.clone()
        };
        let dir = beam_path
            .parent()
            .filter(|d| !d.as_os_str().is_empty())
            .map_or_else(|| PathBuf::from("."), PathBuf::from);
        if !dirs.contains(&dir) {
            dirs.push(dir);
        }
        beams.push(beam_path);
    }
    beams.extend(elixir_beams);
    let mut modules = Vec::new();
    for beam in beams {
        let bytes =
            std::fs::read(&beam).with_context(|| format!("cannot read {}", beam.display()))?;
        let module = codegen::compile_module(&bytes, options)
            .with_context(|| format!("{}", beam.display()))?;
        modules.push((beam, module));
    }
    let main_module = match main_module {
        Some(name) => {
            anyhow::ensure!(
                modules.iter().any(|(_, m)| m.name == name),
                "{} defines {name}, but elixirc made no such module",
                files[0].display()
            );
            name
        }
        None => modules
            .first()
            .map(|(_, m)| m.name.clone())
            .context("no module to run")?,
    };
    // An Elixir module (from an `.ex` file or a `.beam` of one) runs as Elixir.
    let elixir = main_module.starts_with("Elixir.");
    let uses_applications = modules.iter().any(|(_, module)| {
        module
            .imports
            .iter()
            .any(|(m, _, _)| APPLICATION_MODULES.contains(&m.as_str()))
    });
    Ok(Program {
        uses_applications,
        modules,
        main_module,
        dirs,
        elixir,
        _scratch: scratch,
    })
}

/// Runs the program: the exit status (1 when it ended in an uncaught exception, `halt`'s
/// status when it halted).
#[allow(clippy::too_many_arguments)]
fn run(
    files: &[PathBuf],
    function: &str,
    front: &[PathBuf],
    back: &[PathBuf],
    sandbox: &SandboxFlags,
    app: Option<&str>,
    config: &[PathBuf],
    flags: &CodegenFlags,
    emulator: EmulatorArguments,
) -> anyhow::Result<u8> {
    for dir in &sandbox.dirs {
        anyhow::ensure!(dir.is_dir(), "--dir {}: not a directory", dir.display());
    }
    let granted = if sandbox.dirs.is_empty() {
        vec![PathBuf::from(".")]
    } else {
        sandbox.dirs.clone()
    };
    let options = flags.options();
    let mut emulator_flags: Vec<(String, Vec<String>)> = Vec::new();
    for (name, dirs) in [("pa", front), ("pz", back), ("config", config)] {
        for dir in dirs {
            emulator_flags.push((name.into(), vec![dir.display().to_string()]));
        }
    }
    emulator_flags.extend(emulator.flags);
    let command_line = beamwasm::runtime::CommandLine::erl_noshell(emulator_flags, emulator.plain);
    // `--app` alone: the application's modules are found on the code path.
    let program = if files.is_empty() {
        Program {
            modules: Vec::new(),
            main_module: String::new(),
            dirs: Vec::new(),
            elixir: false,
            uses_applications: true,
            _scratch: None,
        }
    } else {
        compile_program(files, &options)?
    };
    // Modules the program calls are loaded on first call from the code path, in erl's order.
    let mut code_path: Vec<PathBuf> = Vec::new();
    // As OTP 25's `erl -pa A -pa B`, each `-pa` directory goes to the front in turn: B, A.
    let dirs = front
        .iter()
        .rev()
        .chain(&program.dirs)
        .cloned()
        .chain(beamwasm::runtime::CodePath::default_dirs())
        .chain(back.iter().cloned());
    for dir in dirs {
        if !code_path.contains(&dir) {
            code_path.push(dir);
        }
    }
    // Compiled modules are kept for later runs (BEAMWASM_CACHE=off turns that off).
    let cache_dir = match std::env::var("BEAMWASM_CACHE") {
        Ok(v) if v == "off" => None,
        Ok(dir) if !dir.is_empty() => Some(PathBuf::from(dir)),
        _ => {
            std::env::var_os("HOME").map(|home| PathBuf::from(home).join(".cache/beamwasm/modules"))
        }
    };
    let mut vm = Vm::new(VmOptions {
        gc_stress: options.gc_stress,
        code_path,
        mode: options.mode,
        cache_dir,
        dirs: granted,
        allow_cmd: sandbox.allow_cmd,
        command_line,
        ..VmOptions::default()
    })?;
    for (file, module) in program.modules {
        vm.load_from(module, &file)?;
    }
    vm.link()?;
    // Programs that use applications get what erl's boot starts for them (the application
    // controller, kernel and stdlib); others, a hello world, start at once without it.
    let boot = app.is_some() || !config.is_empty() || program.uses_applications;
    let outcome = if let Some(app) = app {
        let args = [ErlValue::atom(app)];
        vm.call_with(beamwasm::runtime::BOOT, "app", &args)
            .map_err(|e| anyhow::anyhow!(e))?
    } else if program.elixir {
        // Through the runner, which prints an uncaught exception as `elixir` does.
        let args = [
            ErlValue::atom(&program.main_module),
            ErlValue::atom(function),
        ];
        vm.call_with(beamwasm::runtime::ELIXIR_RUNNER, "main", &args)
            .map_err(|e| anyhow::anyhow!(e))?
    } else if boot {
        let args = [
            ErlValue::atom(&program.main_module),
            ErlValue::atom(function),
        ];
        vm.call_with(beamwasm::runtime::BOOT, "main", &args)
            .map_err(|e| anyhow::anyhow!(e))?
    } else {
        vm.call(&program.main_module, function)?
    };
    match outcome {
        // An application ran until it stopped: there is no function's result to print.
        Outcome::Returned(_) if app.is_some() => Ok(0),
        Outcome::Returned(text) => {
            let mut stdout = std::io::stdout().lock();
            stdout.write_all(&text)?;
            stdout.write_all(b"\n")?;
            Ok(0)
        }
        Outcome::Halted(Halt::Status(status)) => Ok(status),
        Outcome::Halted(Halt::Abort) => std::process::abort(),
        // The runner has printed it (unless the process ended otherwise, e.g. by a linked
        // process's exit signal, which no `catch` sees).
        Outcome::Raised { .. } if program.elixir && vm.error_reported() => Ok(1),
        Outcome::Raised { class, reason } => {
            // What `erl -noshell -s MODULE FUNCTION` prints: init's display of the boot
            // process's exit reason on standard output, its halt message on standard error
            // (lines end in CR LF, as the emulator writes them).
            if let Some(report) = vm.crash_report_of_last_run() {
                let mut stdout = std::io::stdout().lock();
                stdout.write_all(&report.displayed)?;
                stdout.write_all(b"\r\n")?;
                stdout.flush()?;
                let mut stderr = std::io::stderr().lock();
                stderr.write_all(&report.halt_message)?;
                stderr.write_all(b"\r\n")?;
            }
            // beamwasm's own line, which tests read: the class and the reason as `~w`.
            let mut stderr = std::io::stderr().lock();
            stderr.write_all(format!("beamwasm: exception {class}: ").as_bytes())?;
            stderr.write_all(&reason)?;
            stderr.write_all(b"\n")?;
            Ok(1)
        }
    }
}

/// The `.beam` files named, and those found under named directories (recursively), sorted.
fn beam_files(inputs: &[PathBuf]) -> anyhow::Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    let mut pending: Vec<PathBuf> = inputs.to_vec();
    while let Some(path) = pending.pop() {
        if path.is_dir() {
            for entry in std::fs::read_dir(&path)
                .with_context(|| format!("cannot read {}", path.display()))?
            {
                let entry = entry?.path();
                if entry.is_dir() || entry.extension().is_some_and(|e| e == "beam") {
                    pending.push(entry);
                }
            }
        } else {
            files.push(path);
        }
    }
    files.sort();
    Ok(files)
}

/// What a compile failure is counted under in the summary.
fn failure_reason(error: &codegen::CompileError) -> String {
    match error {
        codegen::CompileError::Unsupported { what, .. } => format!("unsupported {what}"),
        codegen::CompileError::Beam(_) => "unreadable .beam file".to_string(),
        other => other.to_string(),
    }
}

/// Compiles every input; `Ok(false)` when some failed (they are summarised, not fatal).
fn compile(inputs: &[PathBuf], out: &PathBuf, flags: &CodegenFlags) -> anyhow::Result<bool> {
    use std::io::IsTerminal;
    let files = beam_files(inputs)?;
    std::fs::create_dir_all(out).with_context(|| format!("cannot create {}", out.display()))?;
    let options = flags.options();
    let progress = std::io::stderr().is_terminal() && files.len() > 1;
    let start = std::time::Instant::now();
    let (mut compiled, mut instructions, mut output_bytes) = (0usize, 0u64, 0u64);
    let mut failures: std::collections::BTreeMap<String, usize> = Default::default();
    let mut first_failure = None;
    for (i, file) in files.iter().enumerate() {
        if progress {
            eprint!("\r[{}/{}] {}\x1b[K", i + 1, files.len(), file.display());
        }
        let bytes =
            std::fs::read(file).with_context(|| format!("cannot read {}", file.display()))?;
        let result = beamwasm::beam::read(&bytes)
            .map_err(codegen::CompileError::from)
            .and_then(|module| {
                instructions += module
                    .functions
                    .iter()
                    .map(|f| f.instructions.len() as u64)
                    .sum::<u64>()
                    + 1;
                codegen::compile_beam(&module, &options)
            });
        match result {
            Ok(module) => {
                let path = out.join(format!("{}.wasm", module.name));
                std::fs::write(&path, &module.wasm)
                    .with_context(|| format!("cannot write {}", path.display()))?;
                compiled += 1;
                output_bytes += module.wasm.len() as u64;
            }
            Err(error) => {
                *failures.entry(failure_reason(&error)).or_default() += 1;
                first_failure.get_or_insert_with(|| {
                    anyhow::anyhow!(error).context(file.display().to_string())
                });
            }
        }
    }
    if progress {
        eprint!("\r\x1b[K");
    }
    if files.len() == 1 {
        return match first_failure {
            Some(error) => Err(error),
            None => Ok(true),
        };
    }
    let failed: usize = failures.values().sum();
    println!(
        "compiled {compiled}/{} modules ({failed} failed) in {:.2} s; mode {:?}",
        files.len(),
        start.elapsed().as_secs_f64(),
        options.mode
    );
    println!("input: {instructions} instructions; output: {output_bytes} bytes of WASM");
    if failed > 0 {
        let mut reasons: Vec<(&String, &usize)> = failures.iter().collect();
        reasons.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
        println!("failures by reason:");
        for (reason, count) in reasons {
            println!("{count:>7}  {reason}");
        }
    }
    Ok(failed == 0)
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

/// The emulator's part of `beamwasm run`'s command line, as `erl` reads it: flags
/// (`-NAME VALUE...`) and plain arguments (after `-extra` or `--`).
#[derive(Default)]
struct EmulatorArguments {
    flags: Vec<(String, Vec<String>)>,
    plain: Vec<String>,
}

/// A flag of `erl`'s user flags: `-NAME` (a letter first, more than one character, so not
/// `-f`), not one of `beamwasm run`'s own.
fn is_user_flag(arg: &str) -> bool {
    let Some(name) = arg.strip_prefix('-') else {
        return false;
    };
    name.len() > 1
        && name.starts_with(|c: char| c.is_ascii_alphabetic())
        && !matches!(name, "pa" | "pz" | "config" | "extra")
}

/// The command line for clap — erl's spellings `-pa DIR` and `-pz DIR` made clap's `--pa`,
/// `--pz` — and, after `run`, the emulator's flags and plain arguments taken out, as `erl`'s
/// init takes them: a flag's values are the words up to the next one starting with `-` or
/// `+`; after `-extra` every word is a plain argument; after `--`, every word that is not a
/// flag's value.
fn arguments() -> (Vec<std::ffi::OsString>, EmulatorArguments) {
    let mut clap_args = Vec::new();
    let mut emulator = EmulatorArguments::default();
    let mut args = std::env::args_os().peekable();
    let mut running = false;
    let mut after_dashes = false;
    while let Some(arg) = args.next() {
        let text = arg.to_str();
        if !running {
            running = text == Some("run");
            clap_args.push(arg);
            continue;
        }
        match text {
            Some("-pa") => clap_args.push("--pa".into()),
            Some("-pz") => clap_args.push("--pz".into()),
            Some("-config") => clap_args.push("--config".into()),
            Some("-extra") => {
                emulator
                    .plain
                    .extend(args.by_ref().map(|a| a.to_string_lossy().into_owned()));
            }
            // What follows is init's alone: words that are no flag's values are plain
            // arguments, and flags are still flags.
            Some("--") => after_dashes = true,
            Some(word) if after_dashes && !word.starts_with('-') => {
                emulator.plain.push(word.to_string());
            }
            Some(flag) if is_user_flag(flag) || (after_dashes && flag.len() > 1) => {
                let mut values = Vec::new();
                while let Some(value) = args.next_if(|a| {
                    a.to_str()
                        .is_some_and(|v| !v.starts_with('-') && !v.starts_with('+'))
                }) {
                    values.push(value.to_string_lossy().into_owned());
                }
                emulator.flags.push((flag[1..].to_string(), values));
            }
            _ => clap_args.push(arg),
        }
    }
    (clap_args, emulator)
}

fn main() -> ExitCode {
    let (clap_args, emulator) = arguments();
    let cli = Cli::parse_from(clap_args);
    let result = match &cli.command {
        Command::Disasm { file } => disasm(file).map(|()| 0),
        Command::Run {
            files,
            function,
            path,
            path_last,
            sandbox,
            app,
            config,
            codegen,
        } => run(
            files,
            function,
            path,
            path_last,
            sandbox,
            app.as_deref(),
            config,
            codegen,
            emulator,
        ),
        Command::Compile {
            files,
            out,
            codegen,
        } => compile(files, out, codegen).map(|ok| u8::from(!ok)),
    };
    match result {
        Ok(status) => ExitCode::from(status),
        Err(error) => {
            eprintln!("beamwasm: {error:#}");
            ExitCode::FAILURE
        }
    }
}
