//! The stackifier on the control-flow graph of every OTP 25 module, as the compiler lowers it
//! (`codegen::module_cfg`): each one stackifies within the engine limits and its structure,
//! with placeholder code in every block, validates. Reports how many modules need dispatcher
//! edges (irreducible once local tail calls are jumps) and the deepest nesting.

mod common;

use std::time::Instant;

use beamwasm::cfg::Terminator;
use beamwasm::codegen::{module_cfg, CompileOptions};
use beamwasm::stackify::{stackify, StackifyOptions};
use wasm_encoder::{
    CodeSection, Function, FunctionSection, Instruction, Module, TypeSection, ValType,
};

#[test]
fn every_otp_module_stackifies_and_validates() {
    let files = common::otp_corpus();
    assert!(
        files.len() >= 785,
        "expected the OTP corpus, found {} modules",
        files.len()
    );
    let start = Instant::now();
    let (mut blocks, mut irreducible, mut max_depth, mut deepest) =
        (0usize, 0usize, 0u32, String::new());
    for path in &files {
        let bytes = std::fs::read(path).expect("read");
        let module =
            beamwasm::beam::read(&bytes).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let cfg = module_cfg(&module, &CompileOptions::default())
            .unwrap_or_else(|e| panic!("{}: {e}", module.name));
        blocks += cfg.len();
        let mut structured = stackify(&cfg, &StackifyOptions::default())
            .unwrap_or_else(|e| panic!("{}: {e}", module.name));
        // Placeholder code: what each terminator needs on the stack.
        let mut function = Function::new([]);
        structured
            .emit(&cfg, &mut function, 3, |id, _, f| {
                match cfg.block(id).terminator {
                    Terminator::Jump(_) => {}
                    Terminator::Branch { .. }
                    | Terminator::Switch { .. }
                    | Terminator::Dispatch => {
                        f.instruction(&Instruction::I32Const(0));
                    }
                    Terminator::Exit => {
                        f.instruction(&Instruction::LocalGet(0));
                        f.instruction(&Instruction::Return);
                    }
                }
                Ok(())
            })
            .unwrap_or_else(|e| panic!("{}: {e}", module.name));
        let stats = structured.stats();
        if stats.dispatch_edges > 0 {
            irreducible += 1;
        }
        if stats.max_depth > max_depth {
            max_depth = stats.max_depth;
            deepest = module.name.clone();
        }
        let mut types = TypeSection::new();
        types.ty().function([ValType::I32; 4], [ValType::I32]);
        let mut functions = FunctionSection::new();
        functions.function(0);
        let mut code = CodeSection::new();
        code.function(&function);
        let mut wasm = Module::new();
        wasm.section(&types).section(&functions).section(&code);
        wasmparser::Validator::new()
            .validate_all(&wasm.finish())
            .unwrap_or_else(|e| panic!("{}: invalid: {e}", module.name));
    }
    println!(
        "otp stackify: {} modules, {blocks} blocks, {irreducible} need dispatcher edges, \
         deepest nesting {max_depth} ({deepest}), {:.2} s",
        files.len(),
        start.elapsed().as_secs_f64()
    );
}
