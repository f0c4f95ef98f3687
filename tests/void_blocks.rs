//! `codegen::void_blocks` executed: code whose blocks have results and its rewrite into void
//! blocks compute the same in wasmtime (the pass itself is engine-free, in `src/codegen`).

use beamwasm::codegen::void_blocks::{remove_block_results, ExtraLocals};
use wasm_encoder::{
    BlockType, CodeSection, ExportKind, ExportSection, Function, FunctionSection, Instruction as W,
    Module, TypeSection, ValType,
};

type Code = Vec<W<'static>>;

fn has_result(instruction: &W) -> bool {
    matches!(
        instruction,
        W::Block(BlockType::Result(_))
            | W::If(BlockType::Result(_))
            | W::Loop(BlockType::Result(_))
    )
}

/// `(param i32) (result i32)` functions, one per body, with `extra` i32 locals each.
fn module(bodies: &[(Code, u32)]) -> Vec<u8> {
    let mut types = TypeSection::new();
    types.ty().function([ValType::I32], [ValType::I32]);
    let mut functions = FunctionSection::new();
    let mut exports = ExportSection::new();
    let mut code = CodeSection::new();
    for (index, (body, extra)) in bodies.iter().enumerate() {
        functions.function(0);
        exports.export(&format!("f{index}"), ExportKind::Func, index as u32);
        let mut f = Function::new([(*extra, ValType::I32)]);
        for instruction in body {
            f.instruction(instruction);
        }
        f.instruction(&W::End);
        code.function(&f);
    }
    let mut module = Module::new();
    module
        .section(&types)
        .section(&functions)
        .section(&exports)
        .section(&code);
    module.finish()
}

/// Nested results, `else`, `br` and `br_if` carrying values, a branch out of the code.
fn sample() -> Code {
    vec![
        W::Block(BlockType::Empty),
        W::Block(BlockType::Result(ValType::I32)),
        W::I32Const(10),
        W::LocalGet(0),
        W::I32Const(1),
        W::I32Eq,
        W::BrIf(0),
        W::Drop,
        W::LocalGet(0),
        W::I32Const(2),
        W::I32LtS,
        W::If(BlockType::Result(ValType::I32)),
        W::LocalGet(0),
        W::I32Eqz,
        W::If(BlockType::Result(ValType::I32)),
        W::I32Const(20),
        W::Else,
        W::I32Const(30),
        W::Br(2),
        W::End,
        W::Else,
        W::LocalGet(0),
        W::I32Const(3),
        W::I32Eq,
        W::BrIf(2),
        W::I32Const(40),
        W::End,
        W::End,
        W::I32Const(100),
        W::I32Add,
        W::Return,
        W::End,
        W::I32Const(-1),
    ]
}

#[test]
fn rewritten_code_has_no_results_and_computes_the_same() {
    let original = sample();
    let mut rewritten = original.clone();
    let ExtraLocals(extra) = remove_block_results(&mut rewritten, 1).unwrap();
    assert_eq!(extra, 4, "a condition local and three nesting depths");
    assert!(!rewritten.iter().any(has_result));
    let wasm = module(&[(original, 0), (rewritten, extra)]);
    wasmparser::Validator::new().validate_all(&wasm).unwrap();

    let engine = wasmtime::Engine::default();
    let module = wasmtime::Module::new(&engine, &wasm).unwrap();
    let mut store = wasmtime::Store::new(&engine, ());
    let instance = wasmtime::Instance::new(&mut store, &module, &[]).unwrap();
    let f0 = instance
        .get_typed_func::<i32, i32>(&mut store, "f0")
        .unwrap();
    let f1 = instance
        .get_typed_func::<i32, i32>(&mut store, "f1")
        .unwrap();
    let mut results = Vec::new();
    for x in -2..6 {
        let expected = f0.call(&mut store, x).unwrap();
        assert_eq!(f1.call(&mut store, x).unwrap(), expected, "x = {x}");
        results.push(expected);
    }
    // 0 -> 20, 1 -> 10 (br_if), 3 -> -1 (br_if out of the code), others 40 / 30.
    assert_eq!(results, [130, 130, 120, 110, 140, -1, 140, 140]);
}
