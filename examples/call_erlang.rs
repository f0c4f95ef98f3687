//! Calling Erlang from Rust: compile `examples/erlang/shapes.erl` with `erlc`, load it, list
//! its exports, and call functions with Rust values (the stdlib modules it uses load on
//! demand from OTP's installation).
//!
//! Run with `cargo run --example call_erlang`.

use std::path::PathBuf;
use std::process::Command;

use beamwasm::runtime::CodePath;
use beamwasm::runtime::{CallError, ErlValue, Vm, VmOptions};
use num_bigint::BigInt;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let out = std::env::temp_dir().join(format!("beamwasm-example-{}", std::process::id()));
    std::fs::create_dir_all(&out)?;
    let source = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("examples/erlang/shapes.erl");
    let status = Command::new("erlc")
        .arg("-o")
        .arg(&out)
        .arg(&source)
        .status()?;
    assert!(
        status.success(),
        "erlc failed (install Erlang: scripts/setup)"
    );

    let mut vm = Vm::new(VmOptions {
        code_path: CodePath::otp(),
        ..VmOptions::default()
    })?;
    vm.load_dir(&out)?;
    println!(
        "shapes exports {:?}",
        vm.exports("shapes").unwrap_or_default()
    );

    let circle = ErlValue::Tuple(vec![ErlValue::atom("circle"), ErlValue::from(2.0)]);
    println!(
        "area of a circle of radius 2: {:?}",
        vm.apply("shapes", "area", &[circle])?
    );

    let rects = ErlValue::List(
        (1..=3)
            .map(|i| {
                ErlValue::Tuple(vec![
                    ErlValue::atom("rect"),
                    ErlValue::from(i),
                    ErlValue::from(10),
                ])
            })
            .collect(),
    );
    println!(
        "total area: {:?}",
        vm.apply("shapes", "total_area", &[rects])?
    );

    let square = ErlValue::Map(vec![
        (ErlValue::atom("name"), ErlValue::string("square")),
        (ErlValue::atom("sides"), ErlValue::from(4)),
    ]);
    let text = vm.apply("shapes", "describe", &[square])?;
    println!("describe: {}", text.as_string().unwrap_or_default());

    let big = ErlValue::from(BigInt::from(2).pow(100));
    println!("echo of 2^100: {:?}", vm.apply("shapes", "echo", &[big])?);

    match vm.apply("shapes", "area", &[ErlValue::atom("triangle")]) {
        Err(CallError::Exception(e)) => {
            println!("area(triangle) raised {}: {:?}", e.class, e.reason)
        }
        other => println!("unexpected: {other:?}"),
    }
    std::fs::remove_dir_all(&out)?;
    Ok(())
}
