//! beamwasm's compiler built for `wasm32-unknown-unknown` and driven from JavaScript:
//! `examples/wasm32_compiler.mjs` runs it in Node over `.beam` files and checks that it writes
//! what the native build writes (`scripts/test` does so over OTP's stdlib). Build it with
//! `cargo build --example wasm32_compiler --target wasm32-unknown-unknown --no-default-features`.
//!
//! The interface is four exports: `beamwasm_input(len)` gives a buffer for the `.beam` bytes,
//! `beamwasm_compile(per_label)` compiles them (the length of the WASM, or minus the length of
//! the error's text), and `beamwasm_output()`/`beamwasm_output_len()` show the result — or,
//! after a trap, the panic's message.

use std::sync::{Mutex, Once};

use beamwasm::abi::Mode;
use beamwasm::codegen::{compile_module, CompileOptions};

/// The `.beam` bytes to compile.
static INPUT: Mutex<Vec<u8>> = Mutex::new(Vec::new());
/// The last result: a compiled module's WASM, an error's text or a panic's message.
static OUTPUT: Mutex<Vec<u8>> = Mutex::new(Vec::new());

fn set_output(bytes: Vec<u8>) {
    *OUTPUT.lock().unwrap_or_else(|e| e.into_inner()) = bytes;
}

/// A buffer of `len` bytes for the input.
#[no_mangle]
pub extern "C" fn beamwasm_input(len: usize) -> *mut u8 {
    let mut input = INPUT.lock().unwrap_or_else(|e| e.into_inner());
    *input = vec![0; len];
    input.as_mut_ptr()
}

/// Compiles the input (in per-label mode when `per_label` is not 0).
#[no_mangle]
pub extern "C" fn beamwasm_compile(per_label: u32) -> i32 {
    static HOOK: Once = Once::new();
    HOOK.call_once(|| {
        std::panic::set_hook(Box::new(|info| set_output(info.to_string().into_bytes())));
    });
    let options = CompileOptions {
        mode: if per_label != 0 {
            Mode::PerLabel
        } else {
            Mode::Single
        },
        ..CompileOptions::default()
    };
    let input = INPUT.lock().unwrap_or_else(|e| e.into_inner());
    let (bytes, ok) = match compile_module(&input, &options) {
        Ok(module) => (module.wasm, true),
        Err(e) => (e.to_string().into_bytes(), false),
    };
    let len = i32::try_from(bytes.len()).unwrap_or(i32::MAX);
    set_output(bytes);
    if ok {
        len
    } else {
        -len
    }
}

#[no_mangle]
pub extern "C" fn beamwasm_output() -> *const u8 {
    OUTPUT.lock().unwrap_or_else(|e| e.into_inner()).as_ptr()
}

#[no_mangle]
pub extern "C" fn beamwasm_output_len() -> usize {
    OUTPUT.lock().unwrap_or_else(|e| e.into_inner()).len()
}
