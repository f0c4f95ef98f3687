//! Fuzz target: `beamwasm::beam::read` must return `Ok` or `Err` on any input, never panic,
//! hang or allocate without bound. When the input decodes, the listing must print too.

#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(module) = beamwasm::beam::read(data) {
        let _ = beamwasm::beam::disasm::listing(&module);
    }
});
