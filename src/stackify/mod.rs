//! Control-flow graph to structured WASM (`block`/`loop`/`br_table`) under a label dispatcher.
