//! Executes the stackifier's test graphs in wasmtime and compares every run with the CFG
//! interpreter of `beamwasm::stackify::testing`, which builds the modules. Shared by
//! `tests/stackify_equivalence.rs` and `fuzz/fuzz_targets/stackify_cfg.rs` (each includes it
//! with `#[path]`), so the library itself needs no engine for its tests.

use beamwasm::stackify::testing::{
    build_module, random_decisions, start_labels, Case, Divergence, Interpreter, Run, Stop,
    TestCfg, TestRng,
};
use beamwasm::stackify::{StackifyOptions, Structured};
use wasmtime::{Caller, Config, Engine, Instance, Linker, Module, Store, Trap};

/// A batch of graphs compiled into one module (see `testing::build_module`).
pub struct Compiled {
    pub module: Module,
    pub structured: Vec<Structured>,
}

fn engine_error(error: wasmtime::Error) -> anyhow::Error {
    anyhow::anyhow!("wasmtime: {error:?}")
}

/// Raised by the host imports to stop a run; recognised after the call.
#[derive(Debug)]
struct Stopped(Stop);

impl std::fmt::Display for Stopped {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "run stopped: {:?}", self.0)
    }
}

impl std::error::Error for Stopped {}

#[derive(Default)]
struct HostState {
    trace: Vec<u32>,
    decisions: Vec<u32>,
    used: usize,
    step_budget: usize,
}

/// Compiles and runs batches on one reused wasmtime engine.
pub struct Harness {
    engine: Engine,
}

impl Default for Harness {
    fn default() -> Self {
        Self::new()
    }
}

impl Harness {
    pub fn new() -> Self {
        let mut config = Config::new();
        // The graphs are tiny and run a handful of times: compile fast.
        config.cranelift_opt_level(wasmtime::OptLevel::None);
        Harness {
            engine: Engine::new(&config).expect("default wasmtime config is valid"),
        }
    }

    /// Builds (see [`build_module`]), validates and compiles a batch; large graphs get a
    /// function each, small ones share.
    pub fn compile(
        &self,
        graphs: &[TestCfg],
        options: &StackifyOptions,
    ) -> anyhow::Result<Compiled> {
        let largest = graphs.iter().map(|cfg| cfg.len()).max().unwrap_or(1);
        let group = (512 / largest.max(1)).clamp(1, 64);
        let (bytes, structured) = build_module(graphs, options, group)?;
        wasmparser::Validator::new().validate_all(&bytes)?;
        let module = Module::new(&self.engine, &bytes).map_err(engine_error)?;
        Ok(Compiled { module, structured })
    }

    /// Runs every case in wasmtime and in the interpreter; returns the divergences.
    pub fn run(
        &self,
        compiled: &Compiled,
        graphs: &[TestCfg],
        cases: &[Case],
        step_budget: usize,
    ) -> anyhow::Result<Vec<Divergence>> {
        let mut store = Store::new(&self.engine, HostState::default());
        let mut linker = Linker::new(&self.engine);
        linker
            .func_wrap(
                "env",
                "trace",
                |mut caller: Caller<'_, HostState>, id: i32| -> wasmtime::Result<()> {
                    let state = caller.data_mut();
                    if state.trace.len() >= state.step_budget {
                        return Err(wasmtime::Error::new(Stopped(Stop::StepBudget)));
                    }
                    state.trace.push(id as u32);
                    Ok(())
                },
            )
            .map_err(engine_error)?;
        linker
            .func_wrap(
                "env",
                "decide",
                |mut caller: Caller<'_, HostState>| -> wasmtime::Result<i32> {
                    let state = caller.data_mut();
                    match state.decisions.get(state.used) {
                        Some(&decision) => {
                            state.used += 1;
                            Ok(decision as i32)
                        }
                        None => Err(wasmtime::Error::new(Stopped(Stop::OutOfDecisions))),
                    }
                },
            )
            .map_err(engine_error)?;
        let instance: Instance = linker
            .instantiate(&mut store, &compiled.module)
            .map_err(engine_error)?;
        let run = instance
            .get_typed_func::<(i32, i32), i32>(&mut store, "run")
            .map_err(engine_error)?;
        let interpreters: Vec<Interpreter> = graphs.iter().map(Interpreter::new).collect();
        let mut divergences = Vec::new();
        for case in cases {
            {
                let state = store.data_mut();
                state.trace.clear();
                state.decisions.clone_from(&case.decisions);
                state.used = 0;
                state.step_budget = step_budget;
            }
            let result = run.call(&mut store, (case.graph as i32, case.start_label as i32));
            let stop = match result {
                Ok(_) => Stop::Exit,
                Err(error) => {
                    if let Some(Stopped(stop)) = error.downcast_ref::<Stopped>() {
                        stop.clone()
                    } else if error.downcast_ref::<Trap>() == Some(&Trap::UnreachableCodeReached) {
                        Stop::Trap
                    } else {
                        Stop::Engine(format!("{error:?}"))
                    }
                }
            };
            let state = store.data_mut();
            let actual = Run {
                trace: std::mem::take(&mut state.trace),
                decisions_used: state.used,
                stop,
            };
            let expected =
                interpreters[case.graph].run(case.start_label, &case.decisions, step_budget);
            if actual != expected {
                divergences.push(Divergence {
                    case: case.clone(),
                    expected,
                    actual,
                });
            }
        }
        Ok(divergences)
    }

    /// Compiles a batch, derives cases (every entry label plus unknown labels, `sequences`
    /// random decision sequences each) and runs them. Returns (cases run, divergences).
    pub fn check_batch(
        &self,
        graphs: &[TestCfg],
        options: &StackifyOptions,
        rng: &mut TestRng,
        sequences: usize,
        step_budget: usize,
    ) -> anyhow::Result<(usize, Vec<Divergence>)> {
        let compiled = self.compile(graphs, options)?;
        let mut cases = Vec::new();
        for (index, cfg) in graphs.iter().enumerate() {
            let structured = &compiled.structured[index];
            for start_label in start_labels(cfg, structured) {
                for _ in 0..sequences {
                    let len = rng.below(3 * cfg.len().max(2) as u64 + 4) as usize;
                    cases.push(Case {
                        graph: index,
                        start_label,
                        decisions: random_decisions(rng, cfg, structured, len),
                    });
                }
            }
        }
        let divergences = self.run(&compiled, graphs, &cases, step_budget)?;
        Ok((cases.len(), divergences))
    }
}
