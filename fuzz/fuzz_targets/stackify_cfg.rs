//! Arbitrary bytes → CFG → stackify, emit, validate, run in wasmtime for every start label
//! and compare with the CFG interpreter (see `beamwasm::stackify::testing` and the harness in
//! `tests/support/stackify_harness.rs`, shared with the equivalence tests).
#![no_main]

#[path = "../../tests/support/stackify_harness.rs"]
mod stackify_harness;

use std::sync::OnceLock;

use beamwasm::stackify::testing::{cfg_from_bytes, TestRng};
use beamwasm::stackify::StackifyOptions;
use libfuzzer_sys::fuzz_target;
use stackify_harness::Harness;

fuzz_target!(|data: &[u8]| {
    static HARNESS: OnceLock<Harness> = OnceLock::new();
    let harness = HARNESS.get_or_init(Harness::new);
    let cfg = cfg_from_bytes(data);
    let seed = data.iter().fold(0xcbf2_9ce4_8422_2325u64, |hash, &byte| {
        (hash ^ byte as u64).wrapping_mul(0x100_0000_01b3)
    });
    let (_, divergences) = harness
        .check_batch(
            std::slice::from_ref(&cfg),
            &StackifyOptions::default(),
            &mut TestRng::new(seed),
            4,
            200,
        )
        .expect("every graph stackifies, validates and compiles");
    assert!(divergences.is_empty(), "{cfg:?}\n{divergences:#?}");
});
